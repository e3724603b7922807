package build

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"spean/generator/markdown"
	"spean/generator/paths"
)

// TestDocsCacheKeepsTheSite: every page of the shipped site (callouts,
// hotlines, the termbase's terms and glossary, footnotes, tables), kept
// and read back, is the document parsing made.
func TestDocsCacheKeepsTheSite(t *testing.T) {
	l := mustLoad(t, os.DirFS(filepath.Join("..", "..")))
	n := 0
	for _, p := range l.Site.Pages {
		d := p.Doc
		if d == nil || p.Fallback {
			continue
		}
		ent, ok := docsEntryOf(d, d.Problems, [32]byte{7})
		if !ok {
			t.Fatalf("%s: not kept", d.File)
		}
		dc := &docsCache{prev: map[[32]byte][]byte{{}: ent}, ents: make([]docsEntry, 1)}
		got, found, ok := dc.take(0, [32]byte{})
		if !ok {
			t.Fatalf("%s: not read back", d.File)
		}
		if dc.ents[0].sum != [32]byte{7} {
			t.Errorf("%s: its sum read back as %x", d.File, dc.ents[0].sum)
		}
		// JSON tells nil from empty, as the page keys do.
		want, _ := json.Marshal(d)
		have, _ := json.Marshal(got)
		if !bytes.Equal(have, want) {
			t.Errorf("%s read back differs:\n%s\nwant:\n%s", d.File, have, want)
		}
		wh, _ := d.HTML()
		gh, _ := got.HTML()
		if !bytes.Equal(gh, wh) {
			t.Errorf("%s: its HTML read back differs", d.File)
		}
		if f, _ := json.Marshal(found); !bytes.Equal(f, must(json.Marshal(d.Problems))) {
			t.Errorf("%s: findings read back %s", d.File, f)
		}
		n++
	}
	if n < 100 {
		t.Fatalf("only %d pages", n)
	}
}

func must(b []byte, _ error) []byte { return b }

// TestDocsCacheDamaged: a documents cache cut short, changed or replaced
// by hand costs parsing, never a wrong page: the rebuild equals a clean
// build.
func TestDocsCacheDamaged(t *testing.T) {
	for _, tc := range []struct {
		name   string
		damage func([]byte) []byte
	}{
		{"cut short", func(b []byte) []byte { return b[:len(b)/2] }},
		{"a byte changed", func(b []byte) []byte { b[len(b)-20] ^= 0x55; return b }},
		{"not a cache", func([]byte) []byte { return []byte("hello\n") }},
		{"empty", func([]byte) []byte { return nil }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site := fixture(t, "basic.txtar")
			dir := t.TempDir()
			first := buildResult(t, site, dir)
			file := filepath.Join(dir, "public", paths.DocsCache)
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, tc.damage(b), 0o644); err != nil {
				t.Fatal(err)
			}
			after := fstest.MapFS{}
			for k, v := range site {
				after[k] = &fstest.MapFile{Data: bytes.Clone(v.Data)}
			}
			after["content/rights/wages.km.md"].Data = append(after["content/rights/wages.km.md"].Data, "\nថ្មី។\n"...)
			res := buildResult(t, after, dir)
			if res.Kept >= first.Parsed-1 {
				t.Errorf("took %d of %d files from a damaged cache", res.Kept, res.Parsed)
			}
			clean := t.TempDir()
			buildResult(t, after, clean)
			sameAsClean(t, snapshot(t, filepath.Join(dir, "public")), snapshot(t, filepath.Join(clean, "public")))
		})
	}
}

// FuzzDocsFile: a documents cache file, however damaged, gives entries or
// none, and each entry a document or nothing, never a panic.
func FuzzDocsFile(f *testing.F) {
	f.Add([]byte(docsMagic))
	f.Add([]byte("hello"))
	d := markdown.New(markdown.Options{}).Parse("content/a.en.md", []byte("# A\n\nText [x](y.md).\n"), 4, "en")
	if err := d.Finish(); err != nil {
		f.Fatal(err)
	}
	ent, ok := docsEntryOf(d, nil, [32]byte{})
	if !ok {
		f.Fatal("not kept")
	}
	var file bytes.Buffer
	w := &orderedWriter{w: bufio.NewWriter(&file), pending: map[int][]byte{}}
	_, w.err = w.w.WriteString(docsMagic)
	w.emit(0, [32]byte{1}, ent)
	if err := w.finish(1); err != nil {
		f.Fatal(err)
	}
	f.Add(file.Bytes())
	f.Fuzz(func(t *testing.T, b []byte) {
		dc := newDocsCache(b)
		dc.ents = make([]docsEntry, len(dc.prev))
		i := 0
		for k := range dc.prev {
			if d, _, ok := dc.take(i, k); ok {
				d.HTML() // an error, or the HTML: never a panic
			}
			i++
		}
	})
}
