package site

import (
	"testing"

	"spean/generator/content"
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
