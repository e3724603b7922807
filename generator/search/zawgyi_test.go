package search

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"spean/generator/internal/sitetest"
	"spean/generator/theme"
	"spean/generator/zawgyi"
)

// zawgyiLines are the Burmese lines of the shared corpus, Zawgyi and
// Unicode: every Zawgyi line must convert in JavaScript exactly as in Go,
// and must be seen as Zawgyi; no Unicode line may be.
func zawgyiLines(t *testing.T) (zg, uni []string) {
	t.Helper()
	dir := filepath.Join(sitetest.RepoRoot(t), "..", "shared", "corpus", "zawgyi")
	read := func(name string) []string {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatal(err)
			}
			t.Skip(err)
		}
		defer f.Close()
		var out []string
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if l := strings.TrimSpace(sc.Text()); strings.ContainsFunc(l, func(r rune) bool { return r >= 0x1000 && r <= 0x109F }) {
				out = append(out, l)
			}
		}
		return out
	}
	zg = append(read("mmgov_zawgyi_src.txt"), read("udhr_mya_zawgyi_out.txt")...)
	uni = append(read("mmgov_unicode_out.txt"), read("udhr_mya_unicode_src.txt")...)
	return zg, uni
}

// TestZawgyiJS runs zawgyi.js with node over the corpus and compares it
// with package zawgyi: conversion identical line for line, detection of
// every Zawgyi line and of no Unicode line, and short queries (the first
// words of each line), which is what readers type.
func TestZawgyiJS(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("node is needed to test zawgyi.js and is not installed")
		}
		t.Skip("node not installed")
	}
	zg, uni := zawgyiLines(t)
	var queries []string
	for _, l := range zg {
		if f := strings.Fields(l); len(f) > 1 {
			queries = append(queries, strings.Join(f[:2], " "))
		}
	}
	// Words a reader typed in Zawgyi and found nothing (an audit): each
	// writes a sign where Unicode has none, ္ after ့ (rights) and ်
	// before a vowel sign (overtime).
	words := []string{"အခြင့္အေရး", "အခ်ိန္ပို"}
	in, _ := json.Marshal(map[string][]string{"zg": zg, "uni": uni, "q": queries, "w": words})
	js, _ := filepath.Abs(filepath.Join("..", "..", "themes", "default", "static", "js", "zawgyi.js"))
	cmd := exec.Command(node, "-e", `
const Z = require(process.argv[1]);
const d = JSON.parse(require('fs').readFileSync(0, 'utf8'));
process.stdout.write(JSON.stringify({
  conv: d.zg.map(Z.convert),
  zg: d.zg.map(Z.isZawgyi), uni: d.uni.map(Z.isZawgyi), q: d.q.map(Z.isZawgyi), w: d.w.map(Z.isZawgyi)
}));`, js)
	cmd.Stdin = bytes.NewReader(in)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var got struct {
		Conv          []string
		Zg, Uni, Q, W []bool
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	for i, l := range zg {
		if want := zawgyi.Convert(l); got.Conv[i] != want {
			t.Errorf("line %d: JS converts\n%q\nGo converts\n%q", i, got.Conv[i], want)
		}
	}
	count := func(bs []bool) int {
		n := 0
		for _, b := range bs {
			if b {
				n++
			}
		}
		return n
	}
	t.Logf("%d Zawgyi lines, %d seen as Zawgyi; %d Unicode lines, %d seen as Zawgyi; %d two-word queries, %d seen as Zawgyi",
		len(zg), count(got.Zg), len(uni), count(got.Uni), len(queries), count(got.Q))
	for i, w := range words {
		if !got.W[i] {
			t.Errorf("%s (Zawgyi) not seen as Zawgyi", w)
		}
	}
	if count(got.Uni) > 0 {
		t.Errorf("%d Unicode lines taken for Zawgyi: converting them would break them", count(got.Uni))
	}
	if n := count(got.Zg); n < len(zg)*95/100 {
		t.Errorf("only %d of %d Zawgyi lines seen as Zawgyi", n, len(zg))
	}
	if n := count(got.Q); n < len(queries)*80/100 {
		t.Errorf("only %d of %d two-word Zawgyi queries seen as Zawgyi", n, len(queries))
	}
	raw, _ := os.ReadFile(js)
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, 6)
	min, err := theme.Minify(js, raw)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(min)
	w.Close()
	t.Logf("zawgyi.js: %d bytes gzip, loaded only for Zawgyi queries", b.Len())
}
