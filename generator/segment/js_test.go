package segment

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// jsFile is the browser twin, relative to this package.
var jsFile = filepath.Join("..", "..", "themes", "default", "static", "js", "segment.js")

// maxJSGzip is the budget for segment.js: it ships to cheap phones, often on
// slow connections. Burmese's second prefix (lead) took it from 2,598 bytes
// to 2,622; the search page it ships with lost far more (issue 14).
const maxJSGzip = 2630

// jsTable encodes table as segment.js carries it: for each range, in base 36,
// the gap since the previous range, its length minus one, and its info.
func jsTable() string {
	var parts []string
	prev := rune(-1)
	for _, s := range table {
		parts = append(parts,
			strconv.FormatInt(int64(s.lo-prev-1), 36),
			strconv.FormatInt(int64(s.hi-s.lo), 36),
			strconv.FormatInt(int64(s.info), 36))
		prev = s.hi
	}
	return strings.Join(parts, ",")
}

var jsTableRE = regexp.MustCompile(`const T='[0-9a-z,]*'`)

// TestJSTable keeps the table in segment.js equal to class.go's (-update
// rewrites it).
func TestJSTable(t *testing.T) {
	src, err := os.ReadFile(jsFile)
	if err != nil {
		t.Fatal(err)
	}
	want := "const T='" + jsTable() + "'"
	if *update {
		if n := len(jsTableRE.FindAll(src, -1)); n != 1 {
			t.Fatalf("%s: found %d tables, want 1", jsFile, n)
		}
		src = jsTableRE.ReplaceAllLiteral(src, []byte(want))
		if err := os.WriteFile(jsFile, src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Contains(src, []byte(want)) {
		t.Errorf("%s does not carry class.go's table: run go test ./generator/segment -update", jsFile)
	}
}

func TestJSSize(t *testing.T) {
	src, err := os.ReadFile(jsFile)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	w.Write(src)
	w.Close()
	t.Logf("%s: %d bytes, %d gzipped", jsFile, len(src), b.Len())
	if b.Len() > maxJSGzip {
		t.Errorf("%s is %d bytes gzipped, budget %d", jsFile, b.Len(), maxJSGzip)
	}
}

// TestJS runs segment.js with node over the vectors and over every code point,
// and compares it with the Go code. Without node the test is skipped, except
// in CI (CI=true), where it fails.
func TestJS(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("node is needed to test segment.js and is not installed")
		}
		t.Skip("node not installed")
	}
	js, err := filepath.Abs(jsFile)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, filepath.Join("testdata", "run_js.js"), js, vectorsFile)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, stderr.Bytes())
	}
	var got struct {
		Results []struct {
			Name       string
			Normalized string
			Segments   [][]any
			Query      queryTerms
			Keys       [][]any
		}
		Info [][2]int
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("parse node output: %v", err)
	}

	vs := readVectors(t)
	if len(got.Results) != len(vs) {
		t.Fatalf("node gave %d results for %d vectors", len(got.Results), len(vs))
	}
	for i, v := range vs {
		r := got.Results[i]
		t.Run(v.Name, func(t *testing.T) {
			for _, f := range []struct {
				field     string
				got, want any
			}{
				{"normalized", r.Normalized, v.Normalized},
				{"segments", r.Segments, v.Segments},
				{"query", r.Query, v.Query},
				{"keys", r.Keys, v.Keys},
			} {
				if g, w := canon(f.got), canon(f.want); g != w {
					t.Errorf("JavaScript %s of %q:\n got %s\nwant %s", f.field, v.Input, g, w)
				}
			}
		})
	}

	// The character table, over every code point.
	var want [][2]int
	prev := -1
	for c := rune(0); c <= 0x10FFFF; c++ {
		if f := int(infoOf(c)); f != prev {
			want = append(want, [2]int{int(c), f})
			prev = f
		}
	}
	if g, w := canon(got.Info), canon(want); g != w {
		for i := range min(len(got.Info), len(want)) {
			if got.Info[i] != want[i] {
				t.Fatalf("character info differs from U+%04X: JavaScript %v, Go %v", min(got.Info[i][0], want[i][0]), got.Info[i], want[i])
			}
		}
		t.Fatalf("character info: JavaScript has %d runs, Go %d", len(got.Info), len(want))
	}
}
