package site

import (
	"net/url"
	"path"
	"slices"
	"strings"
	"testing"

	"spean/generator/content"
	"spean/generator/markdown"
)

func TestRelKey(t *testing.T) {
	tests := []struct{ from, to, want string }{
		{"rights/wages", "rights/hours", "../../rights/hours/index.html"},
		{"rights/wages", "_index", "../../index.html"},
		{"_index", "rights/_index", "rights/index.html"},
		{"rights/_index", "work/permits/_index", "../work/permits/index.html"},
		{"a/b/c", "a/_index", "../../../a/index.html"},
	}
	for _, tt := range tests {
		if got := RelKey(tt.from, tt.to); got != tt.want {
			t.Errorf("RelKey(%s, %s) = %s, want %s", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestLinkKey(t *testing.T) {
	srcs := []*content.Source{
		{Path: "content/rights/wages.en.md", Key: "rights/wages"},
		{Path: "content/rights/_index.en.md", Key: "rights/_index"},
		{Path: "content/permits/renewal.km.md", Key: "permits/renewal"},
	}
	lk := NewLinker(srcs, []string{"en", "km"})
	from := srcs[0]
	tests := []struct {
		link, want string
		ok         bool
	}{
		{"../permits/renewal.md", "permits/renewal", true},
		{"../permits/renewal.km.md", "permits/renewal", true},
		{"_index.md", "rights/_index", true},
		{"./", "rights/_index", true},
		{"../", "_index", true},
		{"../../outside.md", "", false},
		{"../permits/renewal", "", false},
		{"missing.md", "rights/missing", false},
		{"photo.png", "", false},
	}
	for _, tt := range tests {
		got, ok := lk.linkKey(from, tt.link)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("linkKey(%q) = %q, %v; want %q, %v", tt.link, got, ok, tt.want, tt.ok)
		}
	}
}

// TestPageHint: a link to a missing page suggests the page of the nearest
// name; a link to a missing section's _index.md, the section of the
// nearest folder name (every section's base name is _index).
func TestPageHint(t *testing.T) {
	srcs := []*content.Source{
		{Path: "content/_index.en.md", Key: "_index"},
		{Path: "content/rights/wages.en.md", Key: "rights/wages"},
		{Path: "content/rights/_index.en.md", Key: "rights/_index"},
		{Path: "content/returning-home/_index.en.md", Key: "returning-home/_index"},
		{Path: "content/returning-home/plan.en.md", Key: "returning-home/plan"},
	}
	lk := NewLinker(srcs, []string{"en"})
	from := srcs[1]
	for link, want := range map[string]string{
		"wage.md":                    "did you mean wages.md?",
		"../coming-home/_index.md":   "link to the .md file of the page, relative to this file",
		"../returning-hom/_index.md": "did you mean ../returning-home/_index.md?",
		"../right/_index.md":         "did you mean _index.md?",
	} {
		if got := lk.pageHint(from, link); got != want {
			t.Errorf("pageHint(%q) = %q, want %q", link, got, want)
		}
	}
}

// FuzzResolve: whatever a writer puts in a link, Resolve does not panic;
// a link it resolves names a page of the site and is rewritten to a
// relative URL inside the same language tree; a link it cannot resolve is
// reported (and so fails the build) unless it is external or a fragment.
func FuzzResolve(f *testing.F) {
	for _, s := range []string{"../permits/renewal.md#x", "wages.md", "/etc/passwd", "%2e%2e/%2e%2e/x.md", "..\\..\\x.md", "javascript:alert(1)", "../../../../../_index.md", "./", "#top", "?a=1", "//evil.example/x.md"} {
		f.Add(s)
	}
	srcs := []*content.Source{
		{Path: "content/rights/wages.en.md", Key: "rights/wages", Lang: "en"},
		{Path: "content/rights/_index.en.md", Key: "rights/_index", Lang: "en"},
		{Path: "content/permits/renewal.en.md", Key: "permits/renewal", Lang: "en"},
	}
	lk := NewLinker(srcs, []string{"en", "km"})
	md := markdown.New(markdown.Options{})
	f.Fuzz(func(t *testing.T, dest string) {
		if strings.ContainsAny(dest, "<>\n") {
			return // not a single link destination
		}
		doc := md.Parse(srcs[0].Path, []byte("[x](<"+dest+">)\n"), 5, "en")
		diags := lk.Resolve(srcs[0], doc)
		for _, l := range doc.Links {
			if l.Target == "" {
				u, err := url.Parse(l.Dest)
				local := err == nil && u.Scheme == "" && u.Host == "" && u.Path != ""
				if local && len(diags) == 0 && !l.Image {
					t.Fatalf("%q: an internal link neither resolved nor reported", dest)
				}
				continue
			}
			if l.Target != "_index" && !slices.ContainsFunc(srcs, func(s *content.Source) bool { return s.Key == l.Target }) {
				t.Fatalf("%q resolved to unknown page %q", dest, l.Target)
			}
			rel := RelKey(srcs[0].Key, l.Target)
			if p := path.Join("/en/rights/wages/", rel); !strings.HasPrefix(p, "/en/") {
				t.Fatalf("%q rewritten to %q, outside the language tree", dest, rel)
			}
		}
	})
}
