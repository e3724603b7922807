package theme_test

import (
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"spean/generator/config"
	"spean/generator/internal/sitetest"
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
		"offline":    {`<section class="offline"> in themes/default/layouts/partials/offline.html:6`, "which js/offline.js looks up"},
		"zip-size":   {`<span class="zip-size"> in themes/default/layouts/partials/footer.html:`, "js/offline.js"},
		"update":     {`<div class="update"> in themes/default/layouts/partials/footer.html:`, "js/offline.js"},
		"update-now": {"partials/footer.html", "js/offline.js"},
		"share":      {`<details class="share"> in themes/default/layouts/partials/share.html:6`, "which js/share.js looks up"},
		"share-url":  {"partials/share.html", "js/share.js"},
		"main":       {`<main class="wrap"> in themes/default/layouts/_base.html:`},
		"in-short":   {"<h2> in themes/default/layouts/page.html:"},
		"sources":    {"partials/meta.html"},
		"stale":      {"partials/stale.html", "js/freshness.js"},
		"toc-title":  {"partials/toc.html"},
		"q":          {"<input> in themes/default/layouts/partials/header.html:"},
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
		"themes/site/layouts/partials/footer.html": `<footer class="site-footer" id="colophon">{{template "partials/offline.html" .}}</footer>` + "\n",
	})
	if got := over["colophon"]; got != `<footer class="site-footer"> in themes/site/layouts/partials/footer.html:1` {
		t.Errorf("override's id: %q", got)
	}
	if got := over["update"]; got != "an element js/offline.js looks up" {
		t.Errorf("an id only a script has now: %q", got)
	}
	if _, ok := over["zip-size"]; !ok {
		t.Error("zip-size, which js/offline.js looks up, is no longer reserved")
	}
}
