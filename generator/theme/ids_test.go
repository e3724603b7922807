package theme_test

import (
	"context"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"spean/generator/build"
	"spean/generator/config"
	"spean/generator/internal/sitetest"
	"spean/generator/publish"
	"spean/generator/theme"
)

// shippedIDs are the ids theme.IDs reads from the repository's theme, with
// a site override folder's files added to it.
func shippedIDs(t *testing.T, override map[string]string) map[string]string {
	t.Helper()
	fsys := fstest.MapFS{}
	sitetest.AddRepoFiles(t, fsys, filepath.Join("..", ".."))
	conf := "base_url: https://example.org/\nlanguages: [{code: en, name: English}]\n"
	if override != nil {
		conf += "theme_override: site\n"
	}
	for name, data := range override {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	cfg, err := config.Parse("config.yaml", []byte(conf), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return theme.IDs(fsys, cfg)
}

// The ids the theme keeps from headings are read from its layouts and
// scripts, each with what uses it, so the message can say which element
// a heading would take.
func TestIDs(t *testing.T) {
	ids := shippedIDs(t, nil)
	for id, want := range map[string][]string{
		"offline":    {`<section class="offline"> in themes/default/layouts/partials/offline.html:8`, "which js/offline.js looks up"},
		"zip-size":   {`<span class="zip-size"> in themes/default/layouts/partials/footer-end.html:`, "js/offline.js"},
		"update":     {`<div class="update"> in themes/default/layouts/partials/footer-end.html:`, "js/offline.js"},
		"update-now": {"partials/footer-end.html", "js/offline.js"},
		"share":      {`<details class="share"> in themes/default/layouts/partials/share.html:6`, "which js/share.js looks up"},
		"share-url":  {"partials/share.html", "js/share.js"},
		"main":       {`<main class="wrap"> in themes/default/layouts/_base.html:`},
		"in-short":   {"<h2> in themes/default/layouts/page.html:"},
		"sources":    {"partials/meta.html"},
		"stale":      {"partials/stale-notice.html", "js/freshness.js"},
		"toc-title":  {"partials/toc.html"},
		"q":          {"<input> in themes/default/layouts/partials/header-bar.html:"},
		"search":     {"search.html", "js/search-loader.js and js/search.js look up"},
		// Looked up with a selector: ol#search-all > li.
		"search-all": {"search.html", "js/search.js"},
	} {
		got, ok := ids[id]
		if !ok {
			t.Errorf("%s is not reserved", id)
			continue
		}
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q lacks %q", id, got, w)
			}
		}
	}
	for id := range ids {
		if id == "" || strings.ContainsAny(id, "{}$+ '\"") || strings.HasPrefix(id, "lg-") || strings.HasPrefix(id, "suggested-") {
			t.Errorf("reserved %q, which is made from data or not an id", id)
		}
	}

	// The site's override of a layout replaces the theme's: its ids count,
	// the replaced file's do not, but what a script looks up still does.
	over := shippedIDs(t, map[string]string{
		"themes/site/layouts/partials/footer-end.html": `<footer class="site-footer" id="colophon">{{template "partials/offline.html" .}}</footer>` + "\n",
	})
	if got := over["colophon"]; got != `<footer class="site-footer"> in themes/site/layouts/partials/footer-end.html:1` {
		t.Errorf("override's id: %q", got)
	}
	if got := over["update"]; got != "an element js/offline.js looks up" {
		t.Errorf("an id only a script has now: %q", got)
	}
	if _, ok := over["zip-size"]; !ok {
		t.Error("zip-size, which js/offline.js looks up, is no longer reserved")
	}
}

var (
	idAttrRE  = regexp.MustCompile(`\sid="([^"]*)"`)
	dynamicRE = regexp.MustCompile(`\sid="[^"]*\{\{`)
	contentRE = regexp.MustCompile(`\.Content\b`)
	// madeRE finds a script giving an element an id it puts together.
	madeRE = regexp.MustCompile(`\.id\s*=\s*['"][^'"]*['"]\s*\+|setAttribute\(\s*['"]id['"]\s*,\s*['"][^'"]*['"]\s*\+`)
)

// Every id the theme's pages carry is reserved or the content's: a site
// built with the shipped theme has, on each page that shows content, no id
// that theme.IDs does not list besides its headings' and anchors', and no
// id twice; and every reserved id is on some page, so the fixture renders
// every layout that has one. An id made from data (leaflets' lg-0) is
// only on a layout that shows no content, since nothing keeps a heading
// off it.
func TestIDsCoverPages(t *testing.T) {
	fsys := fstest.MapFS{}
	sitetest.AddRepoFiles(t, fsys, filepath.Join("..", ".."))
	for name, data := range map[string]string{
		"config.yaml": "base_url: https://example.org/kb/\ntitle: T\nlanguages:\n  - {code: en, name: English}\n  - {code: my, name: မြန်မာ, fallback: [en]}\n",
		// Headings whose text makes a reserved id get -1.
		"content/_index.en.md":        "---\ntitle: Home\nsummary: Facts.\n---\nWelcome.\n\n## Offline\n\n## Share\n\n## Use it without internet {#without-internet}\n",
		"content/rights/_index.en.md": "---\ntitle: Rights\n---\n## Update\n\nPages.\n",
		"content/rights/wages.en.md": "---\ntitle: Wages\nsummary: You are paid every month.\nlast_reviewed: 2020-01-02\n" +
			"sources:\n  - {title: Labour Protection Act, org: MOL, year: \"1998\"}\n---\n" +
			"## In short\n\n## Sources\n\n## Search\n\n## Pay {#pay}\n\n## Main\n",
		"content/rights/hours.en.md": "---\ntitle: Hours\n---\n## Limits\n\nSee [pay](wages.md#pay).\n",
	} {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	cfg, err := config.Load(fsys, "config.yaml", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	reserved := theme.IDs(fsys, cfg)
	mem := publish.NewMemory()
	res, err := build.Run(context.Background(), build.Options{FS: fsys, Config: cfg, Sink: mem})
	if err != nil {
		t.Fatal(err)
	}
	contentIDs := map[string][]string{} // output → its content's ids
	for _, p := range res.Site.Pages {
		if p.Doc == nil {
			continue
		}
		for _, h := range p.Doc.Headings {
			contentIDs[p.Output()] = append(contentIDs[p.Output()], h.ID)
		}
		contentIDs[p.Output()] = append(contentIDs[p.Output()], p.Doc.Anchors...)
	}
	seen := map[string]bool{}
	pages := 0
	for _, name := range mem.Names() {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		b, _ := mem.Get(name)
		html := string(b)
		own, isPage := contentIDs[name]
		showsContent := strings.Contains(html, `<div class="content"`)
		if showsContent {
			pages++
		}
		count := map[string]int{}
		for _, m := range idAttrRE.FindAllStringSubmatch(html, -1) {
			id := m[1]
			seen[id] = true
			if count[id]++; count[id] == 2 {
				t.Errorf("%s: id %q twice", name, id)
			}
			_, isReserved := reserved[id]
			switch {
			case isReserved && slices.Contains(own, id):
				t.Errorf("%s: heading took the theme's id %q", name, id)
			case showsContent && !isReserved && !slices.Contains(own, id):
				t.Errorf("%s: id %q is neither the theme's (theme.IDs) nor the content's", name, id)
			case showsContent && !isPage:
				t.Errorf("%s shows content but is no page", name)
			}
		}
	}
	if pages < 6 {
		t.Fatalf("only %d pages show content", pages)
	}
	for id := range reserved {
		if !seen[id] {
			t.Errorf("reserved id %q is on no page: the fixture misses a layout, or nothing has it", id)
		}
	}
	for _, want := range []string{"offline-1", "share-1", "update-1", "in-short-1", "sources-1", "search-1", "main-1", "without-internet"} {
		if !seen[want] {
			t.Errorf("no heading has id %q", want)
		}
	}

	// An id made from data is only on a layout that shows no content, and
	// a script that makes one is only loaded there.
	layouts, _ := filepath.Glob(filepath.Join("..", "..", "themes", "default", "layouts", "*", "*.html"))
	top, _ := filepath.Glob(filepath.Join("..", "..", "themes", "default", "layouts", "*.html"))
	layouts = append(layouts, top...)
	scripts, _ := filepath.Glob(filepath.Join("..", "..", "themes", "default", "static", "js", "*.js"))
	var dynamic []string
	for _, s := range scripts {
		b, _ := fsys.ReadFile(filepath.ToSlash(s[len("../../"):]))
		if madeRE.Match(b) {
			dynamic = append(dynamic, "js/"+filepath.Base(s))
		}
	}
	for _, l := range layouts {
		b, _ := fsys.ReadFile(filepath.ToSlash(l[len("../../"):]))
		text := string(b)
		made := dynamicRE.MatchString(text)
		for _, s := range dynamic {
			made = made || strings.Contains(text, `"`+s+`"`)
		}
		if !made {
			continue
		}
		if contentRE.MatchString(text) || strings.Contains(l, "partials") {
			t.Errorf("%s makes ids from data and shows content, or is a partial any page may show", l)
		}
	}
	if len(dynamic) == 0 {
		t.Error("no script makes an id from data: is madeRE still right? (js/chooser.js does)")
	}
}
