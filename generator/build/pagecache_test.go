package build

import (
	"bytes"
	"context"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"spean/generator/config"
	"spean/generator/content"
	"spean/generator/markdown"
	"spean/generator/scaffold"
)

// TestRebuildReusesPages rebuilds over a previous build after each kind
// of edit: a page is rendered again only when its own text, or anything
// every page shows (front matter, layouts, UI strings), changed, and the
// rebuilt site is byte-identical, marker and all, to a clean build of the
// edited site. A theme whose layouts show other pages' text, or an output
// changed by hand, makes pages render again.
func TestRebuildReusesPages(t *testing.T) {
	const childrenText = `{{define "main"}}<h1>{{.Page.Title}}</h1>{{range .Page.Children}}<p>{{with .Doc}}{{.Text}}{{end}}</p>{{end}}{{end}}`
	edit := func(name, text string) func(fstest.MapFS) {
		return func(fsys fstest.MapFS) { fsys[name] = &fstest.MapFile{Data: []byte(text)} }
	}
	appendTo := func(name, text string) func(fstest.MapFS) {
		return func(fsys fstest.MapFS) {
			fsys[name] = &fstest.MapFile{Data: append(bytes.Clone(fsys[name].Data), text...)}
		}
	}
	none := func(fstest.MapFS) {}
	repoFile := func(name string) func(fstest.MapFS) {
		b, err := os.ReadFile(filepath.Join("..", "..", filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		return edit(name, string(b))
	}
	for _, tc := range []struct {
		name  string
		theme func(fstest.MapFS) // both builds': the theme, or a data file
		edit  func(fstest.MapFS)
		harm  func(t *testing.T, out string)
		// rendered is how many pages the rebuild must render; -1 for
		// every page, -2 for any number.
		rendered int
		// parsed is how many content files it must parse again rather
		// than take from the documents cache (docscache.go); -1 for all.
		parsed int
		// kept are outputs the rebuild must publish again from the
		// previous build (the same file, hard-linked), made those it
		// must make anew.
		kept, made []string
	}{
		{name: "nothing changed", edit: none, rendered: 0, parsed: 0},
		// An override folder named in the configuration but not made
		// holds nothing: pages are still reused. Made, with a layout in
		// it, every page is rendered. The pages are parsed again only if
		// the theme's own ids change (theme.IDs), which headings keep off:
		// this page.html keeps the one the theme's has.
		{name: "a theme override not made yet", theme: appendTo("config.yaml", "theme_override: mine\n"), edit: none, rendered: 0, parsed: 0},
		{name: "a theme override made", theme: appendTo("config.yaml", "theme_override: mine\n"),
			edit: edit("themes/mine/layouts/page.html", `{{define "main"}}<h1>{{.Page.Title}}</h1><h2 id="in-short">{{.Page.Source.Meta.Summary}}</h2>{{.Content}}{{end}}`), rendered: -1, parsed: 0},
		{name: "a theme override with other ids", theme: appendTo("config.yaml", "theme_override: mine\n"),
			edit: edit("themes/mine/layouts/page.html", `{{define "main"}}<h1 id="title">{{.Page.Title}}</h1>{{.Content}}{{end}}`), rendered: -1, parsed: -1},
		{name: "a translation's text", edit: appendTo("content/rights/wages.km.md", "\nថ្មី។\n"), rendered: 1, parsed: 1,
			kept: []string{"en/rights/wages/index.html", "en/rights/wages/leaflet/index.html", "en/rights/booklet/index.html", "en/leaflets/index.html", "km/rights/hours/leaflet/index.html"},
			made: []string{"km/rights/wages/index.html", "km/rights/wages/leaflet/index.html", "km/rights/booklet/index.html", "km/leaflets/index.html"}},
		// The Khmer wages page records the English text's hash (made from
		// it): an edit to the English text makes it outdated, which its
		// readers are told (site.Outdated), so it is rendered again with
		// the English page and the Burmese copy of it; the Thai one,
		// which records no hash, was outdated already and is kept.
		{name: "a translated English page's text", theme: stamp(t, "content/rights/wages.km.md", "content/rights/wages.en.md"),
			edit: appendTo("content/rights/wages.en.md", "\nNew line.\n"), rendered: 3, parsed: 1,
			kept: []string{"th/rights/wages/index.html", "lo/rights/wages/index.html"},
			made: []string{"km/rights/wages/index.html", "km/rights/wages/leaflet/index.html"}},
		// hours exists only in English: every language shows it.
		{name: "an English page's text", edit: appendTo("content/rights/hours.en.md", "\nNew line.\n"), rendered: 5, parsed: 1},
		{name: "a title", edit: edit("content/rights/hours.en.md", "---\ntitle: Working hours\nweight: 1\n---\n## Limits {#limits}\n\nBack to [wages](wages.md#rates).\n"), rendered: -1, parsed: -1},
		{name: "a layout", edit: appendTo("themes/default/layouts/page.html", "{{/* edited */}}"), rendered: -1, parsed: 0},
		{name: "a UI string file", edit: appendTo("i18n/km.yaml", "\n# edited\n"), rendered: -1, parsed: -1},
		{name: "a data file", theme: repoFile("content/_data/hotlines.yaml"), edit: appendTo("content/_data/hotlines.yaml", "\n# edited\n"), rendered: -1, parsed: -1},
		// A glossary appearing is a page's text changing, and every page
		// using a term then links its first use there: the pages whose
		// rendered text changed are rendered, the others published again.
		{name: "a glossary added", theme: func(fsys fstest.MapFS) {
			repoFile("content/_data/terms.yaml")(fsys)
			appendTo("content/rights/wages.en.md", "\nYou need a work permit.\n")(fsys)
		}, edit: appendTo("content/rights/hours.en.md", "\n```terms\n```\n"),
			kept: []string{"km/rights/wages/index.html", "en/index.html"},
			made: []string{"en/rights/wages/index.html", "en/rights/hours/index.html"}, rendered: -2, parsed: -1},
		// A page added or removed changes the site's structure (lists,
		// prev/next links): every page is rendered, in every language.
		{name: "a page added", edit: edit("content/rights/leave.en.md", "---\ntitle: Leave\nweight: 3\n---\nDays off.\n"), rendered: -1, parsed: -1},
		{name: "a page removed", edit: func(fsys fstest.MapFS) { delete(fsys, "content/rights/wages.th.md") }, rendered: -1, parsed: -1},
		{name: "layouts show other pages' text", theme: edit("themes/default/layouts/section.html", childrenText),
			edit: appendTo("content/rights/hours.en.md", "\nNew line.\n"), rendered: -1, parsed: 1},
		{name: "a leaflet layout shows other pages' text", theme: edit("themes/default/layouts/leaflet.html", `<!doctype html><title>{{.Leaflet.Title}}</title>{{with .Page.Parent}}{{with .Doc}}{{.Text}}{{end}}{{end}}`),
			edit: appendTo("content/rights/wages.km.md", "\nថ្មី។\n"), rendered: 1, parsed: 1,
			made: []string{"en/rights/wages/leaflet/index.html", "km/rights/hours/leaflet/index.html"}},
		{name: "an output changed by hand", edit: none, harm: func(t *testing.T, out string) {
			f := filepath.Join(out, "en", "rights", "wages", "index.html")
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			// Not written through: the build hard-links reused files.
			if err := os.Remove(f); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(f, append(b, "<!-- mine -->"...), 0o644); err != nil {
				t.Fatal(err)
			}
		}, rendered: 1, parsed: 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := fixture(t, "basic.txtar")
			if tc.theme != nil {
				tc.theme(before)
			}
			after := fstest.MapFS{}
			for k, v := range before {
				after[k] = &fstest.MapFile{Data: bytes.Clone(v.Data)}
			}
			tc.edit(after)

			dir := t.TempDir()
			first := buildResult(t, before, dir)
			if first.Reused != 0 {
				t.Fatalf("a first build reused %d pages", first.Reused)
			}
			out := filepath.Join(dir, "public")
			files := func(names []string) []string {
				var l []string
				for _, n := range names {
					l = append(l, filepath.Join(out, filepath.FromSlash(n)))
				}
				return l
			}
			keptBefore, madeBefore := inodes(t, files(tc.kept)), inodes(t, files(tc.made))
			if tc.harm != nil {
				tc.harm(t, out)
			}
			res := buildResult(t, after, dir)
			total := len(res.Site.Pages)
			want := tc.rendered
			if want == -1 {
				want = total
			}
			if got := total - res.Reused; got != want && want != -2 {
				t.Errorf("rendered %d of %d pages, want %d", got, total, want)
			}
			if first.Parsed == 0 || first.Kept != 0 {
				t.Fatalf("a first build took %d of %d files from a documents cache", first.Kept, first.Parsed)
			}
			wantParsed := tc.parsed
			if wantParsed == -1 {
				wantParsed = res.Parsed
			}
			if got := res.Parsed - res.Kept; got != wantParsed {
				t.Errorf("parsed %d of %d content files, want %d", got, res.Parsed, wantParsed)
			}
			if after := inodes(t, files(tc.kept)); !maps.Equal(after, keptBefore) {
				t.Errorf("not all of %s were published again from the previous build", tc.kept)
			}
			for ino := range inodes(t, files(tc.made)) {
				if madeBefore[ino] {
					t.Errorf("one of %s was published again from the previous build", tc.made)
				}
			}
			clean := t.TempDir()
			buildResult(t, after, clean)
			sameAsClean(t, snapshot(t, out), snapshot(t, filepath.Join(clean, "public")))
		})
	}
}

// stamp returns what records in translation file tr the source_hash of
// source file src as it is (content.SourceHash), as `spean stamp` would.
func stamp(t *testing.T, tr, src string) func(fstest.MapFS) {
	return func(fsys fstest.MapFS) {
		s, diags := content.LoadFile(fsys, src, []string{"en", "km", "lo", "my", "th"})
		if diags.HasErrors() {
			t.Fatal(diags.Err())
		}
		data, _, err := scaffold.Stamp(fsys[tr].Data, content.SourceHash(&s.Meta, s.Body))
		if err != nil {
			t.Fatalf("%s: %v", tr, err)
		}
		fsys[tr] = &fstest.MapFile{Data: data}
	}
}

// buildResult builds fsys into dir/public.
func buildResult(t *testing.T, fsys fs.FS, dir string) *Result {
	t.Helper()
	cfg, err := config.Load(fsys, "config.yaml", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), Options{FS: fsys, Config: cfg, Output: filepath.Join(dir, "public")})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// pageKey hashes every field of a parsed document that a layout can show:
// a field added to markdown.Doc must be added to the key (and to
// keyedDocFields), or a page showing it would be published again from a
// build where it was different.
func TestPageKeyCoversDoc(t *testing.T) {
	typ := reflect.TypeFor[markdown.Doc]()
	for i := range typ.NumField() {
		f := typ.Field(i)
		if f.IsExported() && !slices.Contains(keyedDocFields, f.Name) {
			t.Errorf("markdown.Doc.%s is not in the page key (pageKey, keyedDocFields)", f.Name)
		}
	}
}

// A page cache entry reads back what it says, and nothing else: any text
// parses without a panic, and an entry that parses is written back by
// entry as the same text.
func FuzzParseEntry(f *testing.F) {
	f.Add("0123456789ab" + strings.Repeat("cd", 32) + ":4096")
	f.Add("0123456789ab" + strings.Repeat("cd", 32) + ":0")
	f.Add("short:1")
	f.Fuzz(func(t *testing.T, e string) {
		key, noted, ok := parseEntry(e)
		if !ok {
			return
		}
		if again := entry(key, noted); again != e {
			t.Fatalf("%q reads as %q", e, again)
		}
	})
}

// A note of sitePages reads back what it says, with its key, and nothing
// else; names are quoted, so any name reads back.
func TestParseSitePages(t *testing.T) {
	sum := strings.Repeat("ab", 32)
	for _, c := range []struct {
		note  string
		names []string
	}{
		{"k1 \"index.html\" " + sum + ":12 \"a b.html\" " + sum + ":0", []string{"index.html", "a b.html"}},
		{"k1 \"ខ.html\" " + sum + ":12", nil}, // not in ASCII, as notes are
		{"k1 \"index.html\" " + sum + ":12 \"a\\u1781.html\" " + sum + ":0", []string{"index.html", "a\u1781.html"}},
		{"k1 \"\\x41.html\" " + sum + ":12", nil}, // not quoted as written
		{"k2 \"index.html\" " + sum + ":12", nil}, // another key
		{"k1", nil},                                   // no files
		{"k1 index.html " + sum + ":12", nil},         // not quoted
		{"k1 \"index.html\" " + sum, nil},             // no size
		{"k1 \"index.html\" " + sum + ":12 ", nil},    // a space too many
		{"k1  \"index.html\" " + sum + ":12", nil},    // two spaces
		{"k1 \"index.html\"" + sum + ":12", nil},      // none
		{"k1 \"index.html\" " + sum + ":12 \"x", nil}, // cut short
	} {
		names, noted, ok := parseSitePages(c.note, "k1")
		if ok != (c.names != nil) || !slices.Equal(names, c.names) || ok && len(noted) != len(names) {
			t.Errorf("parseSitePages(%q) = %q, %v; want %q", c.note, names, ok, c.names)
		}
	}
}

// FuzzParseSitePages: a note of sitePages that parses is written back
// the same (sitePagesNote), so it holds nothing the parse leaves out.
func FuzzParseSitePages(f *testing.F) {
	sum := strings.Repeat("ab", 32)
	f.Add("k1 \"index.html\" " + sum + ":12 \"a b/\\u1781.html\" " + sum + ":0")
	f.Add("k1 \"x\"")
	f.Fuzz(func(t *testing.T, note string) {
		names, noted, ok := parseSitePages(note, "k1")
		if !ok {
			return
		}
		if again := sitePagesNote("k1", names, noted); again != note {
			t.Fatalf("%q reads as %q", note, again)
		}
	})
}
