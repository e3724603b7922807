package build

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"spean/generator/config"
	"spean/generator/internal/sitetest"
	"spean/generator/paths"
	"spean/generator/site"
)

// TestRebuildReusesSearchIndex edits one English page over a previous
// build: the search indexes of the languages that have their own
// translation of it are published again from the previous build (the same
// files, hard-linked), English and Burmese (which shows the English page
// as its fallback) are indexed anew, and the site is byte-identical to a clean build of the edited
// content. Where the previous build cannot vouch for an index (a file of
// it deleted, its note garbled) the index is made anew, with the same
// result.
func TestRebuildReusesSearchIndex(t *testing.T) {
	edited := fixture(t, "basic.txtar", "content/rights/wages.en.md", wagesEdited)
	clean := buildDir(t, edited, t.TempDir())
	want := snapshot(t, clean)

	for _, tc := range []struct {
		name string
		harm func(t *testing.T, out string)
		// reused lists the languages whose index must come from the
		// previous build, zips those whose zip must (none of their files
		// changed: an index made anew from the same pages is the same).
		reused, zips []string
	}{
		{"untouched", func(*testing.T, string) {}, []string{"km", "lo", "th"}, []string{"km", "lo", "th"}},
		{"km file deleted", func(t *testing.T, out string) {
			if err := os.Remove(searchFiles(t, out, "km")[0]); err != nil {
				t.Fatal(err)
			}
		}, []string{"lo", "th"}, []string{"km", "lo", "th"}},
		// The files' sums and sizes are noted for an index of many files
		// too: one of another size is not published again as it is.
		{"a km file changed by hand", func(t *testing.T, out string) {
			rewriteByHand(t, searchFiles(t, out, "km")[0], func(b []byte) []byte { return append(b, ' ') })
		}, []string{"lo", "th"}, []string{"km", "lo", "th"}},
		{"th note garbled", func(t *testing.T, out string) {
			editMarker(t, out, "note search/th ", "note search/th x")
		}, []string{"km", "lo"}, []string{"km", "lo", "th"}},
		{"km zip changed by hand", func(t *testing.T, out string) {
			rewriteByHand(t, filepath.Join(out, site.Zip("km")), func(b []byte) []byte { return append(b, 0) })
		}, []string{"km", "lo", "th"}, []string{"lo", "th"}},
		{"marker garbled", func(t *testing.T, out string) {
			editMarker(t, out, "note search/th ", "nope search/th ")
		}, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := buildDir(t, fixture(t, "basic.txtar"), t.TempDir())
			before := map[string]map[uint64]bool{}
			zipsBefore := map[string]map[uint64]bool{}
			for _, lang := range []string{"en", "km", "lo", "my", "th"} {
				before[lang] = inodes(t, searchFiles(t, out, lang))
				zipsBefore[lang] = inodes(t, []string{filepath.Join(out, site.Zip(lang))})
			}
			tc.harm(t, out)
			buildDir(t, edited, filepath.Dir(out))
			for _, lang := range []string{"en", "km", "lo", "my", "th"} {
				after := inodes(t, searchFiles(t, out, lang))
				same := len(after) == len(before[lang])
				for ino := range after {
					same = same && before[lang][ino]
				}
				reused := strings.Contains(strings.Join(tc.reused, " "), lang)
				if same != reused {
					t.Errorf("%s: index reused = %v, want %v", lang, same, reused)
				}
				zipSame := maps.Equal(zipsBefore[lang], inodes(t, []string{filepath.Join(out, site.Zip(lang))}))
				if want := slices.Contains(tc.zips, lang); zipSame != want {
					t.Errorf("%s: zip reused = %v, want %v", lang, zipSame, want)
				}
			}
			sameAsClean(t, snapshot(t, out), want)
		})
	}
}

// TestRebuildReusesSearchPages: after an edit to an English page, the
// search pages of the languages whose index is what it was are published
// again (the same files, hard-linked or kept), English's and Burmese's
// (which shows the English page as its fallback) are rendered again, and
// the site is byte-identical to a clean build. A changed UI string, which
// every page shows, renders every search page again.
func TestRebuildReusesSearchPages(t *testing.T) {
	edited := fixture(t, "basic.txtar", "content/rights/wages.en.md", wagesEdited)
	restrung := restrungFixture(t)
	searchPage := func(out, lang string) string { return filepath.Join(out, lang, "search", "index.html") }
	for _, tc := range []struct {
		name   string
		site   fstest.MapFS
		reused []string
	}{
		{"one page edited", edited, []string{"km", "lo", "th"}},
		{"a string changed", restrung, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := buildDir(t, fixture(t, "basic.txtar"), t.TempDir())
			before := map[string]map[uint64]bool{}
			for _, lang := range []string{"en", "km", "lo", "my", "th"} {
				before[lang] = inodes(t, []string{searchPage(out, lang)})
			}
			buildDir(t, tc.site, filepath.Dir(out))
			for _, lang := range []string{"en", "km", "lo", "my", "th"} {
				same := maps.Equal(before[lang], inodes(t, []string{searchPage(out, lang)}))
				if want := slices.Contains(tc.reused, lang); same != want {
					t.Errorf("%s: search page reused = %v, want %v", lang, same, want)
				}
			}
			sameAsClean(t, snapshot(t, out), snapshot(t, buildDir(t, tc.site, t.TempDir())))
		})
	}
}

// TestRebuildReusesSitePages: the files made from what the site declares
// alone (chooser, 404, sitemap, alias redirects, manifests, offline
// pages) are published again after an edit to a page's text, made again
// after a changed UI string or when one of them was changed by hand, and
// the site is byte-identical to a clean build each time.
func TestRebuildReusesSitePages(t *testing.T) {
	edited := fixture(t, "basic.txtar", "content/rights/wages.en.md", wagesEdited)
	restrung := restrungFixture(t)
	// Each file and its group: the site's pages (made in Generate) and
	// the app's (in Prepare) are published again each as a whole.
	files := map[string]string{"index.html": "site", "404.html": "site", "sitemap.xml": "site", "en/old-wages/index.html": "site", "km/manifest.webmanifest": "app", "lo/offline/index.html": "app"}
	for _, tc := range []struct {
		name   string
		site   fstest.MapFS
		harm   func(t *testing.T, out string)
		reused []string // the groups published again
	}{
		{"one page edited", edited, func(*testing.T, string) {}, []string{"site", "app"}},
		{"a string changed", restrung, func(*testing.T, string) {}, nil},
		{"the 404 page changed by hand", edited, func(t *testing.T, out string) {
			rewriteByHand(t, filepath.Join(out, "404.html"), func([]byte) []byte { return []byte("gone") })
		}, []string{"app"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := buildDir(t, fixture(t, "basic.txtar"), t.TempDir())
			before := map[string]map[uint64]bool{}
			for f := range files {
				before[f] = inodes(t, []string{filepath.Join(out, f)})
			}
			tc.harm(t, out)
			buildDir(t, tc.site, filepath.Dir(out))
			for f, group := range files {
				same := maps.Equal(before[f], inodes(t, []string{filepath.Join(out, f)}))
				if want := slices.Contains(tc.reused, group); same != want {
					t.Errorf("%s: published again = %v, want %v", f, same, want)
				}
			}
			sameAsClean(t, snapshot(t, out), snapshot(t, buildDir(t, tc.site, t.TempDir())))
		})
	}
}

// wagesEdited is the basic fixture's content/rights/wages.en.md with its
// text edited, front matter as it was.
const wagesEdited = "---\ntitle: Wages\nweight: 2\naliases: [/en/old-wages/]\nlastmod: 2026-01-02\n---\n## Rates {#rates}\n\nSee [hours](hours.md#limits) and [rights](_index.md), now edited.\n"

// restrungFixture is the basic fixture with one Khmer UI string changed,
// which every Khmer page shows.
func restrungFixture(t *testing.T) fstest.MapFS {
	t.Helper()
	fsys := fixture(t, "basic.txtar")
	km := fsys["i18n/km.yaml"]
	if km == nil || !bytes.Contains(km.Data, []byte("\nsearch_title: ស្វែងរក\n")) {
		t.Fatal("no search_title in i18n/km.yaml to change")
	}
	fsys["i18n/km.yaml"] = &fstest.MapFile{Data: bytes.Replace(km.Data, []byte("\nsearch_title: ស្វែងរក\n"), []byte("\nsearch_title: ស្វែងរកទំព័រ\n"), 1)}
	return fsys
}

// rewriteByHand replaces the built file f with edit of its bytes, as a
// person would: a new file, since the build hard-links or keeps what it
// reuses, and a change to it must not reach the previous build's copy.
func rewriteByHand(t *testing.T, f string, edit func([]byte) []byte) {
	t.Helper()
	b, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(f); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(f, edit(b), 0o644); err != nil {
		t.Fatal(err)
	}
}

// buildDir builds fsys into dir/public and returns that folder.
func buildDir(t *testing.T, fsys fs.FS, dir string) string {
	t.Helper()
	buildResult(t, fsys, dir)
	return filepath.Join(dir, "public")
}

// searchFiles lists the files of lang's search index in out.
func searchFiles(t *testing.T, out, lang string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(out, lang, "search", "*.*.*.js"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no search index for %s in %s (%v)", lang, out, err)
	}
	return files
}

// inodes are the files' identities (inode numbers): a hard link keeps its
// file's.
func inodes(t *testing.T, files []string) map[uint64]bool {
	t.Helper()
	m := map[uint64]bool{}
	for _, f := range files {
		m[sitetest.FileID(t, f)] = true
	}
	return m
}

// editMarker replaces old with new in the marker of the build in out.
func editMarker(t *testing.T, out, old, new string) {
	t.Helper()
	m := filepath.Join(out, ".spean-output")
	b, err := os.ReadFile(m)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(old)) {
		t.Fatalf("the marker has no %q:\n%s", old, b)
	}
	if err := os.WriteFile(m, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestRebuildReusesPackedIndex is TestRebuildReusesSearchIndex for packed
// indexes (search.max_files 3: each language's index one pack): an
// unchanged language's pack is published again with the sums its note
// holds, unread, and a pack part changed by hand to another size makes
// that language's index anew. Each rebuild is byte-identical to a clean
// build.
func TestRebuildReusesPackedIndex(t *testing.T) {
	packed := func(edits ...string) fstest.MapFS {
		fsys := fixture(t, "basic.txtar", edits...)
		fsys["config.yaml"] = &fstest.MapFile{Data: append(bytes.Clone(fsys["config.yaml"].Data), "search:\n  max_files: 3\n"...)}
		// Pages enough for an index of more than three files.
		for i := range 40 {
			for _, l := range []struct{ lang, word string }{{"en", "word"}, {"km", "ពាក្យ"}} {
				var body strings.Builder
				for j := range 60 {
					fmt.Fprintf(&body, "%s%d%d ", l.word, i, j)
				}
				fsys[fmt.Sprintf("content/rights/p%02d.%s.md", i, l.lang)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("---\ntitle: P%d\n---\n%s\n", i, body.String()))}
			}
		}
		return fsys
	}
	edited := packed("content/rights/wages.en.md", wagesEdited)
	want := snapshot(t, buildDir(t, edited, t.TempDir()))
	packFiles := func(t *testing.T, out, lang string) []string {
		files, err := filepath.Glob(filepath.Join(out, lang, "search", "p.*"))
		if err != nil || len(files) < 2 {
			t.Fatalf("no pack for %s in %s: %v", lang, out, files)
		}
		return files
	}
	for _, tc := range []struct {
		name   string
		harm   func(t *testing.T, out string)
		reused []string
	}{
		{"untouched", func(*testing.T, string) {}, []string{"km", "lo", "th"}},
		{"a km part changed by hand", func(t *testing.T, out string) {
			rewriteByHand(t, packFiles(t, out, "km")[1], func(b []byte) []byte { return append(b, ' ') })
		}, []string{"lo", "th"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := buildDir(t, packed(), t.TempDir())
			if m, _ := os.ReadFile(filepath.Join(out, ".spean-output")); !bytes.Contains(m, []byte("note search-files/km ")) {
				t.Fatalf("the marker notes no sums of the km pack:\n%s", m)
			}
			before := map[string]map[uint64]bool{}
			for _, lang := range []string{"en", "km", "lo", "my", "th"} {
				before[lang] = inodes(t, packFiles(t, out, lang))
			}
			tc.harm(t, out)
			buildDir(t, edited, filepath.Dir(out))
			for _, lang := range []string{"en", "km", "lo", "my", "th"} {
				same := maps.Equal(before[lang], inodes(t, packFiles(t, out, lang)))
				if want := slices.Contains(tc.reused, lang); same != want {
					t.Errorf("%s: pack reused = %v, want %v", lang, same, want)
				}
			}
			sameAsClean(t, snapshot(t, out), want, paths.Marker)
		})
	}
}

// TestRebuildReplaysIndexedPages edits one English page over a previous
// build: the indexes made anew (English, and Burmese, which shows the
// English page as its fallback) take every other page from the parts of
// the index the previous build kept (search/segments.go), and the site,
// with the parts it keeps for the next build, is byte-identical to a clean
// build's. Kept parts that do not read make the index from every page's
// text, with the same result.
func TestRebuildReplaysIndexedPages(t *testing.T) {
	edited := fixture(t, "basic.txtar", "content/rights/wages.en.md", wagesEdited)
	want := snapshot(t, buildDir(t, edited, t.TempDir()))
	for _, tc := range []struct {
		name string
		harm func(t *testing.T, out string)
		// fresh is how many pages are indexed from their text.
		fresh int
	}{
		{"kept", func(*testing.T, string) {}, 2},
		{"English kept parts cut short", func(t *testing.T, out string) {
			f := filepath.Join(out, paths.IndexCache("en"))
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(f, b[:len(b)-1], 0o644); err != nil {
				t.Fatal(err)
			}
		}, -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			first := buildResult(t, fixture(t, "basic.txtar"), dir)
			if first.Replayed != 0 || first.Indexed == 0 {
				t.Fatalf("a first build indexed %d pages, %d of them from kept parts", first.Indexed, first.Replayed)
			}
			out := filepath.Join(dir, "public")
			tc.harm(t, out)
			res := buildResult(t, edited, dir)
			if res.Indexed == 0 || res.Indexed == first.Indexed {
				t.Fatalf("the rebuild indexed %d pages (a clean build %d): not only English and Burmese", res.Indexed, first.Indexed)
			}
			fresh := tc.fresh
			if fresh < 0 { // the English index, from every page's text, and one Burmese page
				fresh = res.Indexed/2 + 1
			}
			if got := res.Indexed - res.Replayed; got != fresh {
				t.Errorf("%d of %d pages indexed from their text, want %d", got, res.Indexed, fresh)
			}
			sameAsClean(t, snapshot(t, out), want)
		})
	}
}

// TestIndexBesidePages: a rebuild after editing a page of one language,
// whose index alone is made anew, all but that page from the parts the
// previous build kept, makes it beside the pages and leaflets (Build.Run,
// search.Planned.Small), and says so in --timings; the site is
// byte-identical to a clean build's. The first build, with no kept parts,
// makes the index after them.
func TestIndexBesidePages(t *testing.T) {
	edited := fixture(t, "basic.txtar", "content/rights/wages.km.md", "---\ntitle: ប្រាក់ឈ្នួល\nreviewed: false\n---\n## អត្រា {#rates}\n\nមើល [ម៉ោង](hours.md#limits) ម្ដងទៀត។\n")
	want := snapshot(t, buildDir(t, edited, t.TempDir()))
	dir := t.TempDir()
	build := func(fsys fs.FS) (*Result, []string) {
		cfg, err := config.Load(fsys, "config.yaml", nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		var timings bytes.Buffer
		res, err := Run(context.Background(), Options{FS: fsys, Config: cfg, Output: filepath.Join(dir, "public"), Timings: &timings})
		if err != nil {
			t.Fatal(err)
		}
		steps, beside := timedSteps(t, timings.String())
		if !slices.Contains(steps, "index") {
			t.Fatalf("no index step timed: %v", steps)
		}
		return res, beside
	}
	if _, beside := build(fixture(t, "basic.txtar")); len(beside) > 0 {
		t.Errorf("the first build ran %v beside other steps", beside)
	}
	res, beside := build(edited)
	if !slices.Equal(beside, []string{"index"}) {
		t.Errorf("the rebuild ran %v beside other steps, want the index", beside)
	}
	if km := res.Pages["km"]; res.Indexed != km || res.Indexed-res.Replayed != 1 {
		t.Errorf("the rebuild indexed %d pages, %d from kept parts; want Khmer's %d, all but the page edited", res.Indexed, res.Replayed, km)
	}
	sameAsClean(t, snapshot(t, filepath.Join(dir, "public")), want)
}
