package build

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"spean/generator/config"
	"spean/generator/content"
	"spean/generator/markdown"
	"spean/generator/paths"
	"spean/generator/site"
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
		dc := &docsCache{prev: map[[32]byte]keptEntry{{}: {rec: ent}}, ents: make([]docsEntry, 1)}
		got, found, ok := dc.take(0, [32]byte{})
		if !ok {
			t.Fatalf("%s: not read back", d.File)
		}
		if dc.ents[0].sum != [32]byte{7} {
			t.Errorf("%s: its sum read back as %x", d.File, dc.ents[0].sum)
		}
		// JSON tells nil from empty, as the page keys do. The text is read
		// only when asked for.
		want, _ := json.Marshal([]any{d, d.Text(), d.Blocks()})
		have, _ := json.Marshal([]any{got, got.Text(), got.Blocks()})
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

// TestDocsCacheKnowsTheThemesIDs: a heading's id depends on the ids the
// theme keeps for itself (theme.IDs), which are no content: a layout that
// gains one a heading has makes the rebuild parse the pages again, and the
// heading give way (notes-1), as in a clean build.
func TestDocsCacheKnowsTheThemesIDs(t *testing.T) {
	const footer = "themes/default/layouts/partials/footer.html"
	site := fixture(t, "basic.txtar", "content/rights/hours.en.md", "---\ntitle: Hours\nweight: 1\n---\n## Limits {#limits}\n\n## Notes\n\nBack to [wages](wages.md#rates).\n")
	dir := t.TempDir()
	first := buildResult(t, site, dir)
	if page, _ := os.ReadFile(filepath.Join(dir, "public", "en", "rights", "hours", "index.html")); !bytes.Contains(page, []byte(`<h2 id="notes">`)) {
		t.Fatalf("the first build has no heading notes:\n%s", page)
	}
	site[footer] = &fstest.MapFile{Data: bytes.Replace(site[footer].Data, []byte(`<footer class="site-footer">`), []byte(`<footer class="site-footer" id="notes">`), 1)}
	res := buildResult(t, site, dir)
	if res.Kept != 0 || first.Parsed == 0 {
		t.Errorf("took %d of %d files from the cache after the theme's ids changed", res.Kept, res.Parsed)
	}
	page, _ := os.ReadFile(filepath.Join(dir, "public", "en", "rights", "hours", "index.html"))
	if !bytes.Contains(page, []byte(`<h2 id="notes-1">`)) || bytes.Count(page, []byte(`id="notes"`)) != 1 {
		t.Errorf("the heading kept the theme's id:\n%s", page)
	}
	clean := t.TempDir()
	buildResult(t, site, clean)
	sameAsClean(t, snapshot(t, filepath.Join(dir, "public")), snapshot(t, filepath.Join(clean, "public")))
}

// TestRebuildTakesKnownFiles: on disk, a rebuild takes every file
// unchanged since the previous build from that build's notes, unread
// (content.Known), the source language's too, reads the one edited, and
// publishes what a clean build does. A build that makes the status page,
// which hashes the source language's bodies, reads them.
func TestRebuildTakesKnownFiles(t *testing.T) {
	old := content.RacyWindow
	content.RacyWindow = -time.Hour // every file was just written
	t.Cleanup(func() { content.RacyWindow = old })
	src := t.TempDir()
	if err := os.CopyFS(src, fixture(t, "basic.txtar")); err != nil {
		t.Fatal(err)
	}
	fsys := os.DirFS(src)
	dir := t.TempDir()
	first := buildResult(t, fsys, dir)
	files, translations := len(first.Site.Sources), 0
	for _, s := range first.Site.Sources {
		if s.Lang != first.Config.SourceLanguage {
			translations++
		}
	}
	if first.Unread != 0 || translations == 0 || translations == files {
		t.Fatalf("a first build took %d files unread; %d translations of %d files", first.Unread, translations, files)
	}
	again := buildResult(t, fsys, dir)
	if again.Unread != files {
		t.Errorf("an unchanged rebuild took %d files unread, want all %d", again.Unread, files)
	}
	edited := filepath.Join(src, "content", "rights", "wages.km.md")
	b, err := os.ReadFile(edited)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(edited, append(b, "\nថ្មី។\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	res := buildResult(t, fsys, dir)
	if res.Unread != files-1 {
		t.Errorf("after one edit %d files were taken unread, want %d", res.Unread, files-1)
	}
	if res.Parsed-res.Kept != 1 {
		t.Errorf("after one edit %d files were parsed", res.Parsed-res.Kept)
	}
	// A front-matter edit elsewhere parses every page again: those taken
	// unread are read then, for their text.
	if err := os.WriteFile(filepath.Join(src, "content", "rights", "hours.en.md"), []byte("---\ntitle: Working hours\nweight: 1\n---\n## Limits {#limits}\n\nBack to [wages](wages.md#rates).\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res = buildResult(t, fsys, dir)
	if res.Kept != 0 || res.Unread != files-1 {
		t.Errorf("after a title changed: %d kept, %d unread, want 0 and %d", res.Kept, res.Unread, files-1)
	}
	clean := t.TempDir()
	buildResult(t, fsys, clean)
	sameAsClean(t, snapshot(t, filepath.Join(dir, "public")), snapshot(t, filepath.Join(clean, "public")), paths.KnownCache)
	cfg, err := config.Load(fsys, "config.yaml", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	status, err := Run(context.Background(), Options{FS: fsys, Config: cfg, Output: filepath.Join(dir, "public"), Status: true})
	if err != nil {
		t.Fatal(err)
	}
	if status.Unread != translations {
		t.Errorf("a build with the status page took %d files unread, want the %d translations", status.Unread, translations)
	}
}

// TestParseRefusesAFileChangedSinceLoad: a translation taken unread at
// load whose file changed before its page was parsed is an error naming
// the file, with an empty page, never a panic or the new text under the
// old front matter.
func TestParseRefusesAFileChangedSinceLoad(t *testing.T) {
	old := content.RacyWindow
	content.RacyWindow = -time.Hour
	t.Cleanup(func() { content.RacyWindow = old })
	src := t.TempDir()
	if err := os.CopyFS(src, fixture(t, "basic.txtar")); err != nil {
		t.Fatal(err)
	}
	fsys := os.DirFS(src)
	notEn := func(l string) bool { return l != "en" }
	langs := []string{"en", "km", "lo", "my", "th"}
	k := content.ReadKnown(nil, nil, notEn)
	if _, d := content.LoadKnown(fsys, langs, k); d.HasErrors() {
		t.Fatal(d)
	}
	srcs, d := content.LoadKnown(fsys, langs, content.ReadKnown(k.Encode(), nil, notEn))
	if d.HasErrors() {
		t.Fatal(d)
	}
	var taken *content.Source
	for _, s := range srcs {
		if s.Path == "content/rights/wages.km.md" {
			taken = s
		}
	}
	if taken == nil || taken.Body != nil {
		t.Fatal("wages.km.md was not taken unread")
	}
	p := filepath.Join(src, "content", "rights", "wages.km.md")
	b, _ := os.ReadFile(p)
	if err := os.WriteFile(p, append(b, "\nថ្មី។\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	docs, diags := parseAll(markdown.New(markdown.Options{}), site.NewLinker(srcs, langs), fsys, []*content.Source{taken}, nil)
	if docs[taken] == nil || docs[taken].Text() != "" {
		t.Errorf("the page of a changed file: %+v", docs[taken])
	}
	if !diags.HasErrors() || diags[0].Pos.File != taken.Path || !strings.Contains(diags[0].Message, "build again") {
		t.Errorf("findings %v", diags)
	}
}
