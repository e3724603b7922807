package offline

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"spean/generator/publish"
	"spean/generator/site"
)

// buildZips publishes files and the zips made of them into dest, over the
// previous build there, and returns the zips and entries.
func buildZips(t *testing.T, dest string, files map[string]string) (map[string][]byte, map[string]Entry) {
	t.Helper()
	d, err := publish.NewDir(dest, "test-generator")
	if err != nil {
		t.Fatal(err)
	}
	r := publish.NewRecorder(d)
	for name, data := range files {
		if err := r.Write(name, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	entries, diags := Zips(context.Background(), testSite, r, r)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	zips := map[string][]byte{}
	for _, lang := range testSite.Langs {
		b, err := os.ReadFile(filepath.Join(dest, site.Zip(lang)))
		if err != nil {
			t.Fatal(err)
		}
		zips[lang] = b
	}
	return zips, entries
}

func readZip(t *testing.T, b []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		m[f.Name] = string(data)
	}
	return m
}

// TestZips: each language's zip holds its files (checked by their CRCs on
// reading) under spean-<lang>/; the entries give what the plan needs; a
// build over the previous one takes the deflated bytes of unchanged files
// from the previous zip, and the result equals a clean build.
func TestZips(t *testing.T) {
	files := map[string]string{}
	for k, v := range testFiles {
		files[k] = v
	}
	files["km/rights/index.html"] = strings.Repeat("<p>សិទ្ធិ rights</p>\n", 300)
	files["km/big/index.html"] = strings.Repeat("<p>ធំ big</p>\n", 300)
	dir := t.TempDir()
	zips, entries := buildZips(t, filepath.Join(dir, "a"), files)
	km := readZip(t, zips["km"])
	for _, name := range LangFiles(testSite, recorder(t, files), "km") {
		if km["spean-km/"+name] != files[name] {
			t.Errorf("spean-km/%s: %d bytes, want %d", name, len(km["spean-km/"+name]), len(files[name]))
		}
	}
	if e := entries["km/rights/index.html"]; e.Size >= len(files["km/rights/index.html"])/4 || len(e.Hash) != 8 {
		t.Errorf("entry %+v: want the compressed size and an 8-digit hash", e)
	}
	if e := entries["js/offline.js"]; e.Size != len("js") {
		t.Errorf("a file that deflate cannot shrink costs its own size, got %+v", e)
	}

	// Tamper with the previous zip: the unchanged page's entry is
	// replaced by a valid but different deflate stream (level 1). If the
	// next build reuses it, its zip carries those bytes.
	prevPath := filepath.Join(dir, "a", site.Zip("km"))
	var tampered bytes.Buffer
	zw := zip.NewWriter(&tampered)
	zr, _ := zip.NewReader(bytes.NewReader(zips["km"]), int64(len(zips["km"])))
	for _, f := range zr.File {
		h := f.FileHeader
		if f.Name == "spean-km/km/big/index.html" {
			var raw bytes.Buffer
			fw, _ := flate.NewWriter(&raw, 1)
			fw.Write([]byte(files["km/big/index.html"]))
			fw.Close()
			h.CompressedSize64 = uint64(raw.Len())
			w, _ := zw.CreateRaw(&h)
			w.Write(raw.Bytes())
			continue
		}
		r, _ := f.OpenRaw()
		w, _ := zw.CreateRaw(&h)
		io.Copy(w, r)
	}
	zw.Close()
	if err := os.WriteFile(prevPath, tampered.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	files["km/rights/index.html"] += "<p>changed</p>"
	again, _ := buildZips(t, filepath.Join(dir, "a"), files)
	clean, _ := buildZips(t, filepath.Join(dir, "clean"), files)
	if got := readZip(t, again["km"]); got["spean-km/km/rights/index.html"] != files["km/rights/index.html"] || got["spean-km/km/big/index.html"] != files["km/big/index.html"] {
		t.Error("the rebuilt zip does not hold the files")
	}
	if bytes.Equal(again["km"], clean["km"]) {
		t.Error("the unchanged page was deflated again instead of taken from the previous zip")
	}
	// Untampered, a rebuild equals a clean build.
	os.WriteFile(prevPath, clean["km"], 0o644)
	again, _ = buildZips(t, filepath.Join(dir, "a"), files)
	for _, lang := range testSite.Langs {
		if !bytes.Equal(again[lang], clean[lang]) {
			t.Errorf("%s: the rebuilt zip differs from a clean build's", lang)
		}
	}
}
