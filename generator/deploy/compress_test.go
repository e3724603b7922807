package deploy

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"

	"spean/generator/internal/sitetest"
	"spean/generator/publish"
)

func TestPrecompress(t *testing.T) {
	page := strings.Repeat("<p>ស្ពាន bridge</p>\n", 200)
	mem := publish.NewMemory()
	r := publish.NewRecorder(mem)
	r.Write("km/index.html", []byte(page))
	r.Write("tiny.css", []byte("a{}"))
	r.Write("fonts/x.woff2", []byte(strings.Repeat("x", 4000)))
	if err := Precompress(context.Background(), nil, r, r).Err(); err != nil {
		t.Fatal(err)
	}
	gz, ok := mem.Get("km/index.html.gz")
	if !ok {
		t.Fatal("no km/index.html.gz")
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(zr); string(b) != page {
		t.Error(".gz does not decompress to the page")
	}
	br, ok := mem.Get("km/index.html.br")
	if !ok {
		t.Fatal("no km/index.html.br")
	}
	if b, _ := io.ReadAll(brotli.NewReader(bytes.NewReader(br))); string(b) != page {
		t.Error(".br does not decompress to the page")
	}
	for _, name := range []string{"tiny.css.gz", "fonts/x.woff2.gz", "fonts/x.woff2.br"} {
		if _, ok := mem.Get(name); ok {
			t.Errorf("%s written: tiny and binary files are not worth compressing", name)
		}
	}
}

// TestPrecompressReuse: over a previous build of the same generator, an
// unchanged file keeps its compressed copies (the same inode: linked, not
// compressed again) and a changed one gets new ones; both equal what a
// clean build makes.
func TestPrecompressReuse(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	same := strings.Repeat("<p>unchanged ស្ពាន</p>\n", 200)
	build := func(changed string) {
		t.Helper()
		d, err := publish.NewDir(dest, "test-generator")
		if err != nil {
			t.Fatal(err)
		}
		r := publish.NewRecorder(d)
		r.Write("a.html", []byte(same))
		r.Write("b.html", []byte(changed))
		if err := Precompress(context.Background(), nil, r, r).Err(); err != nil {
			t.Fatal(err)
		}
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	ino := func(name string) uint64 { return sitetest.FileID(t, filepath.Join(dest, name)) }
	build(strings.Repeat("<p>first</p>\n", 300))
	a1, b1 := ino("a.html.br"), ino("b.html.br")
	second := strings.Repeat("<p>second</p>\n", 300)
	build(second)
	if ino("a.html.br") != a1 {
		t.Error("the unchanged file was compressed again")
	}
	if ino("b.html.br") == b1 {
		t.Error("the changed file kept its old copy")
	}
	for name, want := range map[string]string{"a.html": same, "b.html": second} {
		gz, err := os.ReadFile(filepath.Join(dest, name+".gz"))
		if err != nil {
			t.Fatal(err)
		}
		clean, _ := Gzip([]byte(want))
		if !bytes.Equal(gz, clean) {
			t.Errorf("%s.gz differs from a clean build's", name)
		}
	}
}
