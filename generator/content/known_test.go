package content

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// knownSite writes a site's content files into a new folder and returns
// it. Every front-matter value that a careless encoding would change is
// there: reviewed: false, an empty list, a date with an offset, sources,
// positions several lines down.
func knownSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := fstest.MapFS{}
	for name, text := range map[string]string{
		"content/rights/wages.en.md": "---\ntitle: Wages\n---\nThe minimum wage.\n",
		"content/rights/wages.km.md": "---\ntitle: ប្រាក់ឈ្នួល\nreviewed: false\ntags: []\ndate: 2026-01-02T03:04:05+07:00\ncountries: [kh]\nsources:\n  - id: ilo\n    title: ILO\n    url: https://www.ilo.org/\n---\n\nប្រាក់ឈ្នួលអប្បបរមា។\n",
		"content/rights/hours.km.md": "---\ntitle: ម៉ោង\n---\nម៉ោងធ្វើការ។\n",
		"content/_index.km.md":       "---\ntitle: ទំព័រដើម\n---\n",
		"content/glossary.km.md":     "---\ntitle: វាក្យសព្ទ\n---\n```terms\n```\n",
	} {
		files[name] = &fstest.MapFile{Data: []byte(text), Mode: 0o644}
	}
	if err := os.CopyFS(dir, files); err != nil {
		t.Fatal(err)
	}
	return dir
}

func notEnglish(lang string) bool { return lang != "en" }

// loadKnown loads dir's content through notes (nil: none), with every
// file old enough to be noted unless racy says otherwise.
func loadKnown(t *testing.T, dir string, notes, salt []byte, window time.Duration) ([]*Source, *Known) {
	t.Helper()
	old := RacyWindow
	RacyWindow = window
	t.Cleanup(func() { RacyWindow = old })
	k := ReadKnown(notes, salt, notEnglish)
	srcs, diags := LoadKnown(os.DirFS(dir), langs, k)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return srcs, k
}

// TestKnownTakesWhatLoadRead: a build over notes takes every translation
// unchanged since, as the first build read it, and reads the source
// language's files and the changed ones.
func TestKnownTakesWhatLoadRead(t *testing.T) {
	dir := knownSite(t)
	salt := []byte("en km")
	first, k := loadKnown(t, dir, nil, salt, -time.Hour)
	notes := k.Encode()
	if !bytes.Equal(k.Encode(), notes) {
		t.Fatal("the same load encodes two ways")
	}
	second, k2 := loadKnown(t, dir, notes, salt, -time.Hour)
	if len(second) != len(first) {
		t.Fatalf("%d sources, then %d", len(first), len(second))
	}
	for i, want := range first {
		got := second[i]
		if want.Lang == "en" {
			if got.unread {
				t.Errorf("%s: the source language was taken from the notes", got.Path)
			}
			continue
		}
		if !got.unread || got.Body != nil {
			t.Errorf("%s: read again though unchanged", got.Path)
		}
		// JSON tells nil from empty and shows every field.
		if got.HasTerms() != HasTermsBlock(want.Body) {
			t.Errorf("%s: HasTerms = %v as taken", got.Path, got.HasTerms())
		}
		w, g := *want, *got
		w.Body, g.Body, g.unread, g.terms = nil, nil, false, false
		if !reflect.DeepEqual(g, w) {
			wj, _ := json.Marshal(w)
			gj, _ := json.Marshal(g)
			t.Errorf("%s taken as\n%s\nwant\n%s", got.Path, gj, wj)
		}
		if got.Meta.Date.String() != want.Meta.Date.String() {
			t.Errorf("%s: date %v, want %v", got.Path, got.Meta.Date, want.Meta.Date)
		}
		body, bad := got.Text(os.DirFS(dir))
		if bad != nil || !bytes.Equal(body, want.Body) {
			t.Errorf("%s: Text = %q, %v; want %q", got.Path, body, bad, want.Body)
		}
	}
	// What was taken is noted again, as it was.
	if !bytes.Equal(k2.Encode(), notes) {
		t.Error("notes taken are not kept as they were")
	}
}

// TestKnownReadsChangedFiles: a file written again is read again even
// when its size and modification time are put back; new notes, another
// salt and damaged notes take nothing; a file too new to tell is not
// noted.
func TestKnownReadsChangedFiles(t *testing.T) {
	dir := knownSite(t)
	salt := []byte("en km")
	_, k := loadKnown(t, dir, nil, salt, -time.Hour)
	notes := k.Encode()
	hours := filepath.Join(dir, "content", "rights", "hours.km.md")
	info, err := os.Stat(hours)
	if err != nil {
		t.Fatal(err)
	}
	// Same size, same modification time: only the change time tells.
	old, _ := os.ReadFile(hours)
	changed := bytes.Replace(old, []byte("។"), []byte("..."), 1)
	if len(changed) != len(old) {
		t.Fatal("the change is not of the same size")
	}
	if err := os.WriteFile(hours, changed, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(hours, info.ModTime(), info.ModTime()); err != nil {
		t.Fatal(err)
	}
	srcs, _ := loadKnown(t, dir, notes, salt, -time.Hour)
	for _, s := range srcs {
		if s.Path == "content/rights/hours.km.md" && (s.unread || !bytes.Contains(s.Body, []byte("ម៉ោងធ្វើការ..."))) {
			t.Errorf("a rewritten file was taken from the notes: unread %v, body %q", s.unread, s.Body)
		}
	}

	damaged := bytes.Clone(notes)
	damaged[len(damaged)-3] ^= 1
	for name, n := range map[string][]byte{"damaged": damaged, "cut short": notes[:len(notes)-9], "none": nil} {
		srcs, _ := loadKnown(t, dir, n, salt, -time.Hour)
		for _, s := range srcs {
			if s.unread {
				t.Errorf("%s notes: %s taken", name, s.Path)
			}
		}
	}
	srcs, _ = loadKnown(t, dir, notes, []byte("en km th"), -time.Hour)
	for _, s := range srcs {
		if s.unread {
			t.Errorf("notes of another salt: %s taken", s.Path)
		}
	}
	// Files just written are racily clean: read, and not noted.
	_, k = loadKnown(t, dir, nil, salt, 3*time.Second)
	if len(k.next) != 0 {
		t.Errorf("%d files just written were noted", len(k.next))
	}
}

// TestKnownTextRefusesAChangedBody: a page taken from the notes whose
// body changed before it was read (the file written during the build)
// is an error that says to build again, not another page's text.
func TestKnownTextRefusesAChangedBody(t *testing.T) {
	dir := knownSite(t)
	salt := []byte("en km")
	_, k := loadKnown(t, dir, nil, salt, -time.Hour)
	srcs, _ := loadKnown(t, dir, k.Encode(), salt, -time.Hour)
	var taken *Source
	for _, s := range srcs {
		if s.Path == "content/rights/wages.km.md" {
			taken = s
		}
	}
	if taken == nil || !taken.unread {
		t.Fatal("wages.km.md was not taken")
	}
	p := filepath.Join(dir, "content", "rights", "wages.km.md")
	b, _ := os.ReadFile(p)
	if err := os.WriteFile(p, append(b, "ថ្មី។\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	body, bad := taken.Text(os.DirFS(dir))
	if body != nil || !bad.HasErrors() || !strings.Contains(bad.Error(), "build again") || bad[0].Pos.File != taken.Path {
		t.Errorf("Text = %q, %v", body, bad)
	}
}

// TestKnownSkipsLinksAndDrafts: a file reached through a symbolic link
// is read every time, since the link's own times do not change with its
// target; a draft is never noted, since the notes are uploaded with the
// site.
func TestKnownSkipsLinksAndDrafts(t *testing.T) {
	dir := knownSite(t)
	if err := os.WriteFile(filepath.Join(dir, "content", "rights", "draft.km.md"), []byte("---\ntitle: សេចក្ដីព្រាង\ndraft: true\n---\nក។\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(dir, "elsewhere.md")
	if err := os.WriteFile(target, []byte("---\ntitle: ក\n---\nក។\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, filepath.Join(dir, "content", "rights", "linked.km.md")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	_, k := loadKnown(t, dir, nil, []byte("s"), -time.Hour)
	if _, ok := k.next["content/rights/linked.km.md"]; ok {
		t.Error("a linked file was noted")
	}
	if _, ok := k.next["content/rights/draft.km.md"]; ok {
		t.Error("a draft was noted")
	}
	if _, ok := k.next["content/rights/hours.km.md"]; !ok {
		t.Error("a plain file was not noted")
	}
}

// FuzzKnown: notes, however damaged, are notes or none, and a load over
// them never panics and takes only a note that decodes.
func FuzzKnown(f *testing.F) {
	f.Add([]byte(knownMagic))
	f.Add([]byte("hello"))
	k := &Known{Lazy: notEnglish, salt: []byte("s"), next: map[string]knownFile{
		"content/a.km.md": {stat: fileStat{Size: 3, Mtime: 1}, note: []byte(`{"Key":"a","Lang":"km","Meta":{"Title":"ក"},"BodyLine":4}`)},
	}}
	f.Add(k.Encode())
	f.Fuzz(func(t *testing.T, b []byte) {
		k := ReadKnown(b, []byte("s"), notEnglish)
		for p, f := range k.prev {
			var n knownNote
			if json.Unmarshal(f.note, &n) == nil {
				if src := n.source(p); src.Path != p || !src.unread {
					t.Fatalf("%s read as %+v", p, src)
				}
			}
		}
		if len(k.prev) > 0 && !bytes.Equal(k.Encode()[:len(knownMagic)], []byte(knownMagic)) {
			t.Fatal("encoded without its magic")
		}
	})
}
