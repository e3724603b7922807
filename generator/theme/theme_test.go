package theme_test

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"spean/generator/build"
	"spean/generator/config"
	"spean/generator/content"
	"spean/generator/internal/sitetest"
	"spean/generator/site"
	"spean/generator/theme"
)

func load(t *testing.T, extra map[string]string) *build.Loaded {
	t.Helper()
	fsys := fstest.MapFS{}
	sitetest.AddRepoFiles(t, fsys, filepath.Join("..", ".."))
	files := map[string]string{
		"config.yaml":                 "base_url: https://example.org/kb/\ntitle: T\nlanguages:\n  - {code: en, name: English}\n  - {code: my, name: မြန်မာ}\n",
		"content/rights/_index.en.md": "---\ntitle: Rights\n---\n",
		"content/rights/wages.en.md":  "---\ntitle: Wages\n---\n## Pay {#pay}\n",
	}
	for k, v := range extra {
		files[k] = v
	}
	for k, v := range files {
		fsys[k] = &fstest.MapFile{Data: []byte(v)}
	}
	cfg, err := config.Load(fsys, "config.yaml", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	l, diags := build.Load(cfg, fsys)
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	return l
}

func TestLookup(t *testing.T) {
	for _, c := range []struct {
		page site.Page
		want string
	}{
		{site.Page{Kind: site.Home, Source: &content.Source{}}, "home.html"},
		{site.Page{Kind: site.Section, Section: "a/b", Source: &content.Source{}}, "a/b/section.html a/section.html section.html"},
		{site.Page{Kind: site.Regular, Key: "a/b/c", Section: "a/b", Source: &content.Source{}}, "a/b/c.html a/b/page.html a/page.html page.html"},
		{site.Page{Kind: site.Regular, Key: "a/c", Section: "a", Source: &content.Source{Meta: content.Meta{Layout: "wide"}}}, "wide.html a/c.html a/page.html page.html"},
	} {
		if got := strings.Join(theme.Lookup(&c.page), " "); got != c.want {
			t.Errorf("Lookup(%s) = %s, want %s", c.page.Key, got, c.want)
		}
	}
}

// Layouts link pages and files through the View, never by concatenating
// paths: each URL is relative to the page, and absolute from the base on
// the 404 page, which servers show at any address.
func TestViewURLs(t *testing.T) {
	l := load(t, nil)
	s := l.Site
	wages := s.Page("rights/wages", "my")
	v := theme.NewView(l.Theme, s, wages, nil)
	for got, want := range map[string]string{
		v.SearchURL():        "../../../my/search/index.html",
		v.LeafletURL():       "leaflet/index.html",
		v.LeafletsURL():      "../../../my/leaflets/index.html",
		v.ManifestURL():      "../../../my/manifest.webmanifest",
		v.DownloadURL():      "../../../downloads/spean-my.zip",
		v.HomeURL("en"):      "../../../en/index.html",
		v.Asset("css/x.css"): "../../../css/x.css",
		v.Permalink:          "https://example.org/kb/my/rights/wages/",
		v.Canonical:          "https://example.org/kb/en/rights/wages/", // a fallback page points at its original
		v.Script().Dir:       "ltr",
	} {
		if got != want {
			t.Errorf("got %s, want %s", got, want)
		}
	}
	if len(v.WebFonts()) != 1 || !strings.Contains(v.StyleSources(), "'sha256-") {
		t.Errorf("a Burmese page needs its font: %v %s", v.WebFonts(), v.StyleSources())
	}
	nf := theme.NewView(l.Theme, s, s.NotFound, nil)
	if got := nf.HomeURL("my"); got != "/kb/my/index.html" {
		t.Errorf("404 links %s", got)
	}
	// The 404 page stands for no address; it and the chooser speak every
	// language, Burmese with its font.
	if nf.Canonical != "" {
		t.Errorf("404 canonical %q, want none", nf.Canonical)
	}
	for _, v := range []*theme.View{nf, theme.NewView(l.Theme, s, s.Chooser, nil)} {
		if len(v.WebFonts()) != 1 {
			t.Errorf("%s: fonts %v, want Burmese's", v.Page.Kind, v.WebFonts())
		}
	}
	if en := theme.NewView(l.Theme, s, s.Page("rights/wages", "en"), nil); len(en.WebFonts()) != 0 {
		t.Errorf("an English page loads fonts %v", en.WebFonts())
	}
	lf := theme.NewView(l.Theme, s, wages.Leaflet(), nil)
	if got := lf.Rel(wages); got != "../index.html" || lf.Canonical != "https://example.org/kb/en/rights/wages/" {
		t.Errorf("leaflet: back %s, canonical %s", got, lf.Canonical)
	}
}

// Every page that exists in each language tells search engines where its
// other languages are (hreflang): a content page its translations, and the
// pages every language has at the same place, the search page and the
// leaflets index, one another.
func TestAlternates(t *testing.T) {
	l := load(t, map[string]string{"content/rights/wages.my.md": "---\ntitle: လုပ်ခ\n---\n"})
	s := l.Site
	for _, c := range []struct {
		page *site.Page
		want string
	}{
		{s.Page("rights/wages", "my"), "my https://example.org/kb/my/rights/wages/ en https://example.org/kb/en/rights/wages/ x-default https://example.org/kb/en/rights/wages/"},
		{s.SearchPage("my"), "en https://example.org/kb/en/search/ my https://example.org/kb/my/search/"},
		{s.SearchPage("en"), "en https://example.org/kb/en/search/ my https://example.org/kb/my/search/"},
		{s.LeafletsPage("en"), "en https://example.org/kb/en/leaflets/ my https://example.org/kb/my/leaflets/"},
	} {
		var got []string
		for _, a := range theme.NewView(l.Theme, s, c.page, nil).Alternates {
			got = append(got, a.Lang+" "+a.URL)
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("%s alternates %v, want %s", c.page.URL, got, c.want)
		}
	}
}

// A broken layout is reported at its line, with every other broken one,
// before anything renders.
func TestBrokenLayouts(t *testing.T) {
	fsys := fstest.MapFS{}
	sitetest.AddRepoFiles(t, fsys, filepath.Join("..", ".."))
	fsys["themes/default/layouts/page.html"] = &fstest.MapFile{Data: []byte("{{define \"main\"}}\n{{if}}\n{{end}}\n")}
	fsys["themes/default/layouts/home.html"] = &fstest.MapFile{Data: []byte("{{define \"main\"}}{{.Nope\n")}
	cfg, _ := config.Parse("config.yaml", []byte("base_url: https://example.org/\nlanguages: [{code: en, name: English}]\n"), nil, nil)
	_, err := theme.New(fsys, cfg, nil)
	if err == nil {
		t.Fatal("broken layouts loaded")
	}
	for _, want := range []string{"themes/default/layouts/page.html:2: layout does not parse: missing value for if", "themes/default/layouts/home.html:2: layout does not parse: unclosed action"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%v\nlacks %s", err, want)
		}
	}
}

func TestHashStyles(t *testing.T) {
	l := load(t, nil)
	if err := l.Theme.HashStyles(); err != nil {
		t.Fatal(err)
	}
	if h := l.Theme.Assets.StyleHash; !strings.HasPrefix(h, "'sha256-") || len(h) != 53 {
		t.Errorf("StyleHash = %s", h)
	}
}

// A cached partial's data is only the values it was given: a name it was
// not given is an error naming the partial and the name, as a field a View
// lacks is, rather than an empty string in every page.
func TestCachedPartialMissingValue(t *testing.T) {
	l := load(t, map[string]string{"themes/default/layouts/partials/header-bar.html": "<header>{{.Hom}}</header>\n"})
	p := l.Site.Page("rights/wages", "en")
	_, err := l.Theme.Execute(theme.Lookup(p), p.Lang, theme.NewView(l.Theme, l.Site, p, nil))
	if err == nil || !strings.Contains(err.Error(), `partials/header-bar.html`) || !strings.Contains(err.Error(), `map has no entry for key "Hom"`) {
		t.Errorf("a cached partial asking for a value it was not given: %v", err)
	}
	l = load(t, nil)
	p = l.Site.Page("rights/wages", "en")
	if _, err := l.Theme.Execute(theme.Lookup(p), p.Lang, theme.NewView(l.Theme, l.Site, p, nil)); err != nil {
		t.Errorf("the default theme: %v", err)
	}
}

// A layout the theme forgot (Forget: a one-off build lets its layouts go
// before the search indexes) is made again when asked for, and renders
// the same page.
func TestForget(t *testing.T) {
	l := load(t, nil)
	p := l.Site.Page("rights/wages", "en")
	render := func() []byte {
		t.Helper()
		b, err := l.Theme.Execute(theme.Lookup(p), p.Lang, theme.NewView(l.Theme, l.Site, p, nil))
		if err != nil {
			t.Fatal(err)
		}
		return bytes.Clone(b)
	}
	before := render()
	l.Theme.Forget()
	if after := render(); !bytes.Equal(after, before) {
		t.Errorf("rendered again after Forget:\n%s\nbefore:\n%s", after, before)
	}
}
