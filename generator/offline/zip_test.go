package offline

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
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
		if name == zipEntry {
			continue
		}
		if km["spean-km/"+name] != files[name] {
			t.Errorf("spean-km/%s: %d bytes, want %d", name, len(km["spean-km/"+name]), len(files[name]))
		}
	}
	// index.html opens the language's home page; the service worker's
	// plan still has the site's own index.html.
	if got := km["spean-km/index.html"]; !strings.Contains(got, `<html lang="km"`) || !strings.Contains(got, `url=km/index.html"`) || !strings.Contains(got, `href="km/index.html"`) {
		t.Errorf("the zip's index.html does not open km/index.html:\n%s", got)
	}
	if e, ok := entries["index.html"]; ok {
		t.Errorf("the zip's index.html gave the plan's entry for the site's: %+v", e)
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

// TestZipReusedWhole: a rebuild whose files for a language are unchanged
// publishes that language's previous zip again (the same file, hard
// linked) with the same entries; a changed file, or a previous zip that is
// not the one its note names, makes the zip anew, equal to a clean
// build's.
func TestZipReusedWhole(t *testing.T) {
	files := map[string]string{}
	for k, v := range testFiles {
		files[k] = v
	}
	files["km/rights/index.html"] = strings.Repeat("<p>សិទ្ធិ rights</p>\n", 300)
	dir := t.TempDir()
	a := filepath.Join(dir, "a")
	stat := func(lang string) os.FileInfo {
		t.Helper()
		fi, err := os.Stat(filepath.Join(a, site.Zip(lang)))
		if err != nil {
			t.Fatal(err)
		}
		return fi
	}
	_, first := buildZips(t, a, files)
	en, km := stat("en"), stat("km")
	_, again := buildZips(t, a, files)
	if !os.SameFile(en, stat("en")) || !os.SameFile(km, stat("km")) {
		t.Error("unchanged files: the zips were made again instead of reused")
	}
	if !reflect.DeepEqual(first, again) {
		t.Errorf("entries of reused zips differ:\n%v\n%v", first, again)
	}

	en, km = stat("en"), stat("km")
	files["km/rights/index.html"] += "<p>changed</p>"
	zips, _ := buildZips(t, a, files)
	if !os.SameFile(en, stat("en")) {
		t.Error("the English zip was made again though none of its files changed")
	}
	if os.SameFile(km, stat("km")) {
		t.Error("the Khmer zip was reused though one of its files changed")
	}
	clean, cleanEntries := buildZips(t, filepath.Join(dir, "clean"), files)
	if !bytes.Equal(zips["km"], clean["km"]) {
		t.Error("the remade Khmer zip differs from a clean build's")
	}

	// A previous zip changed since its build (by hand, or a copy gone
	// wrong) is not the one noted: made anew.
	en = stat("en")
	if err := os.WriteFile(filepath.Join(a, site.Zip("en")), append(zips["en"], 0), 0o644); err != nil {
		t.Fatal(err)
	}
	zips, entries := buildZips(t, a, files)
	if os.SameFile(en, stat("en")) || !bytes.Equal(zips["en"], clean["en"]) {
		t.Error("a previous zip that is not the noted one was reused")
	}
	if !reflect.DeepEqual(entries, cleanEntries) {
		t.Errorf("entries differ from a clean build's:\n%v\n%v", entries, cleanEntries)
	}
}

// TestZipTakesReusedFilesUnread: in a zip made again, a file published
// again unchanged from the previous build (publish.Recorder.Reused) is the
// previous zip's entry, taken without reading the file back. To show it
// is not read, the previous build's copy of one page is changed on disk
// (same size) before the rebuild publishes it again: the remade zip keeps
// what the previous build zipped. Every other file is read as before, so
// the zip is a clean build's when nothing was changed by hand.
func TestZipTakesReusedFilesUnread(t *testing.T) {
	files := map[string]string{}
	for k, v := range testFiles {
		files[k] = v
	}
	files["km/rights/index.html"] = strings.Repeat("<p>សិទ្ធិ rights</p>\n", 300)
	files["km/work/index.html"] = "<p>work</p>"
	a := filepath.Join(t.TempDir(), "a")
	first, _ := buildZips(t, a, files)

	// The rebuild: one Khmer page changed, the others published again.
	files["km/work/index.html"] = "<p>work, changed</p>"
	rebuild := func(edit func()) map[string]string {
		d, err := publish.NewDir(a, "test-generator")
		if err != nil {
			t.Fatal(err)
		}
		if edit != nil {
			edit()
		}
		r := publish.NewRecorder(d)
		for name, data := range files {
			if name != "km/work/index.html" {
				if ok, err := r.ReuseIfSize(name, int64(len(data))); err != nil || !ok {
					t.Fatalf("%s: not published again (%v)", name, err)
				}
				continue
			}
			if err := r.Write(name, []byte(data)); err != nil {
				t.Fatal(err)
			}
		}
		if _, diags := Zips(context.Background(), testSite, r, r); diags.HasErrors() {
			t.Fatal(diags)
		}
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(a, site.Zip("km")))
		if err != nil {
			t.Fatal(err)
		}
		return readZip(t, b)
	}
	got := rebuild(nil)
	clean, _ := buildZips(t, filepath.Join(t.TempDir(), "clean"), files)
	if want := readZip(t, clean["km"]); !reflect.DeepEqual(got, want) {
		t.Error("the remade Khmer zip differs from a clean build's")
	}
	if readZip(t, first["km"])["spean-km/km/work/index.html"] == got["spean-km/km/work/index.html"] {
		t.Error("the changed page was not zipped again")
	}

	// Again, with the previous copy of the unchanged page altered by hand.
	files["km/work/index.html"] += " "
	page := filepath.Join(a, "km", "rights", "index.html")
	got = rebuild(func() {
		b, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		copy(b, "<P>")
		if err := os.WriteFile(page, b, 0o644); err != nil {
			t.Fatal(err)
		}
	})
	if g := got["spean-km/km/rights/index.html"]; g != files["km/rights/index.html"] {
		t.Errorf("the unchanged page was read back (%.12q…), not taken from the previous zip", g)
	}
}

// A search script renamed with its index's version but holding what it
// held takes its deflated bytes from the previous zip's entry of the same
// content; a page does not (its name is its identity), nor does a script
// whose bytes differ.
func TestZipScriptsReusedByContent(t *testing.T) {
	script := []byte(strings.Repeat("SpeanSearch.s(0,'{\"ສິດ\":\"x82\"}');\n", 200))
	// The previous zip's copy, deflated at another level: taking it shows.
	var raw bytes.Buffer
	fw, _ := flate.NewWriter(&raw, 1)
	fw.Write(script)
	fw.Close()
	var old bytes.Buffer
	zw := zip.NewWriter(&old)
	for _, name := range []string{"spean-lo/lo/search/z.aaaa.0.js", "spean-lo/lo/x/index.html"} {
		w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(script), CompressedSize64: uint64(raw.Len()), UncompressedSize64: uint64(len(script))})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(raw.Bytes())
	}
	zw.Close()
	files := recorder(t, map[string]string{site.Zip("lo"): old.String()})
	prev := &prevZip{b: old.Bytes(), byName: map[string]*zip.File{}, byContent: map[contentKey]*zip.File{}}
	zr, _ := zip.NewReader(bytes.NewReader(old.Bytes()), int64(old.Len()))
	for _, f := range zr.File {
		prev.byName[f.Name] = f
		prev.byContent[contentKey{f.CRC32, f.UncompressedSize64}] = f
	}
	// Compared inflated (no note of the scripts' sums), then by the sums
	// noted; a noted sum that is not the script's makes it anew. (The
	// entry found by content is the last of that content, the page.)
	right := sha256.Sum256(script)
	wrong := sha256.Sum256([]byte("another script"))
	for _, sums := range []map[string][sha256.Size]byte{
		nil,
		{"spean-lo/lo/search/z.aaaa.0.js": right, "spean-lo/lo/x/index.html": right},
		{"spean-lo/lo/search/z.aaaa.0.js": wrong, "spean-lo/lo/x/index.html": wrong},
	} {
		prev.sums = sums
		for _, c := range []struct {
			name   string
			script bool
			data   []byte
			reused bool
		}{
			{"lo/search/z.bbbb.0.js", true, script, sums == nil || sums["spean-lo/lo/search/z.aaaa.0.js"] == right},
			{"lo/y/index.html", false, script, false},
			{"lo/search/z.bbbb.1.js", true, append(slices.Clone(script), 'x'), false},
		} {
			crc := crc32.ChecksumIEEE(c.data)
			var sum *[sha256.Size]byte
			if c.script {
				s := sha256.Sum256(c.data)
				sum = &s
			}
			p, err := pack(files, c.name, c.data, crc, sum, prev, prev.find("spean-lo/", c.name, c.script, crc, len(c.data)))
			if err != nil {
				t.Fatal(err)
			}
			if got := bytes.Equal(p.raw, raw.Bytes()); got != c.reused {
				t.Errorf("sums %v: %s: took the previous entry's bytes = %v, want %v", sums != nil, c.name, got, c.reused)
			}
			if p.summed != c.script || (c.script && p.sum != *sum) {
				t.Errorf("%s: summed %v, want %v", c.name, p.summed, c.script)
			}
		}
	}
}

// A file of an index written file by file, renamed with its index's
// version but holding what it held, takes its deflated bytes from the
// previous zip's entry of the same sum (noted with the zip), unread; one
// whose bytes changed is deflated anew, and so is a page of the same bytes
// (its name is its identity). The note of the new zip has both index
// files' sums.
func TestZipIndexFilesReusedBySum(t *testing.T) {
	shard := strings.Repeat("SpeanSearch.s(0,'{\"rights\":\"x82\"}');\n", 200)
	files := recorder(t, map[string]string{
		"en/search/s.bbbb.0.js": shard,
		"en/search/s.bbbb.1.js": shard + "x",
		"en/y/index.html":       shard,
	})
	sum, _ := files.Sum("en/search/s.bbbb.0.js")
	// The previous zip's copy, deflated at another level: taking it shows.
	var raw bytes.Buffer
	fw, _ := flate.NewWriter(&raw, 1)
	fw.Write([]byte(shard))
	fw.Close()
	var old bytes.Buffer
	zw := zip.NewWriter(&old)
	for _, name := range []string{"spean-en/en/search/s.aaaa.0.js", "spean-en/en/x/index.html"} {
		w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc32.ChecksumIEEE([]byte(shard)), CompressedSize64: uint64(raw.Len()), UncompressedSize64: uint64(len(shard))})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(raw.Bytes())
	}
	zw.Close()
	prev := &prevZip{b: old.Bytes(), byName: map[string]*zip.File{}, byContent: map[contentKey]*zip.File{}, noted: true}
	zr, _ := zip.NewReader(bytes.NewReader(old.Bytes()), int64(old.Len()))
	for _, f := range zr.File {
		prev.byName[f.Name] = f
	}
	prev.sums = map[string][publish.SumSize]byte{"spean-en/en/search/s.aaaa.0.js": sum}
	prev.bySum = map[[publish.SumSize]byte]*zip.File{sum: prev.byName["spean-en/en/search/s.aaaa.0.js"]}
	members := []string{"en/search/s.bbbb.0.js", "en/search/s.bbbb.1.js", "en/y/index.html"}
	packs, err := zipMembers(context.Background(), files, "spean-en/", zipList{members: members}, prev, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, took := range []bool{true, false, false} {
		if got := bytes.Equal(packs[i].raw, raw.Bytes()); got != took {
			t.Errorf("%s: took the previous entry's bytes = %v, want %v", members[i], got, took)
		}
	}
	got := parseScriptSums(scriptSums(files, "spean-en/", members, packs))
	changed, _ := files.Sum("en/search/s.bbbb.1.js")
	if want := map[string][publish.SumSize]byte{"spean-en/en/search/s.bbbb.0.js": sum, "spean-en/en/search/s.bbbb.1.js": changed}; !reflect.DeepEqual(got, want) {
		t.Errorf("noted %v, want %v", got, want)
	}
}

// The scripts note reads back what it wrote, and nothing from lines it
// does not write.
func TestScriptSums(t *testing.T) {
	a, b := sha256.Sum256([]byte("a")), sha256.Sum256([]byte("b"))
	// A file of an index written file by file that was taken from the
	// previous zip by its name (packed, not summed) is noted with its
	// file's sum, as a clean build notes it.
	files := publish.NewRecorder(publish.NewMemory())
	if err := files.Write("en/search/s.0a.0.js", []byte("shard")); err != nil {
		t.Fatal(err)
	}
	shard, _ := files.Sum("en/search/s.0a.0.js")
	packs := []*packed{{sum: a, summed: true}, {}, {sum: b, summed: true}, {}}
	note := scriptSums(files, "spean-lo/", []string{"lo/search/z.1.0.js", "lo/x/index.html", "lo/search/z.1.1.js", "en/search/s.0a.0.js"}, packs)
	want := map[string][sha256.Size]byte{"spean-lo/lo/search/z.1.0.js": a, "spean-lo/lo/search/z.1.1.js": b, "spean-lo/en/search/s.0a.0.js": shard}
	if got := parseScriptSums(note); !reflect.DeepEqual(got, want) {
		t.Errorf("read back %v, want %v", got, want)
	}
	bad := "zz:spean-lo/a.js " + hex.EncodeToString(a[:]) + " " + hex.EncodeToString(a[:]) + ": " + hex.EncodeToString(a[:4]) + ":spean-lo/b.js"
	if got := parseScriptSums(bad); len(got) != 0 {
		t.Errorf("read %v from lines it does not write", got)
	}
}
