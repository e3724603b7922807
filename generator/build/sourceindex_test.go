package build

import (
	"fmt"
	"maps"
	"slices"
	"testing"
	"testing/fstest"

	"spean/generator/content"
)

// TestIndexSources holds an index made from the last one (a few sources
// replaced) to the index made from all the sources, and checks that it is
// made from the last one only where the page keys cannot have changed.
func TestIndexSources(t *testing.T) {
	langs := []string{"en", "km"}
	load := func(path, body string) *content.Source {
		t.Helper()
		src, d := content.LoadFile(fstest.MapFS{path: {Data: []byte("---\ntitle: T\n---\n" + body)}}, path, langs)
		if src == nil {
			t.Fatal(d.Err())
		}
		return src
	}
	var base []*content.Source
	for i := range 100 {
		base = append(base, load(fmt.Sprintf("content/s/p%03d.en.md", i), "Text."), load(fmt.Sprintf("content/s/p%03d.km.md", i), "អត្ថបទ។"))
	}
	const terms = "```terms\n```\n"
	replace := func(i int, body string) []*content.Source {
		all := slices.Clone(base)
		all[i] = load(base[i].Path, body)
		return all
	}
	cases := []struct {
		name         string
		all          []*content.Source
		sameLinker   bool   // the last index's linker kept: no key set changed
		wantGlossary string // the glossary's key
	}{
		{"the same sources", base, true, ""},
		{"one saved", replace(10, "Other text."), true, ""},
		{"one becomes the glossary", replace(20, terms), true, "s/p010"},
		{"a translation with a terms block is not the glossary", replace(21, terms), true, ""},
		{"one removed", base[1:], false, ""},
		{"one renamed", func() []*content.Source {
			all := slices.Clone(base)
			all[4] = load("content/s/q.en.md", "Text.")
			return all
		}(), false, ""},
		{"more than maxReplaced saved", func() []*content.Source {
			all := slices.Clone(base)
			for i := range maxReplaced + 1 {
				all[i] = load(base[i].Path, "Saved.")
			}
			return all
		}(), false, ""},
	}
	prev := indexSources(nil, base, langs, "en")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			byPath := maps.Clone(prev.byPath)
			got := indexSources(prev, c.all, langs, "en")
			want := indexSources(nil, c.all, langs, "en")
			if got.glossary != want.glossary || got.glossary != c.wantGlossary {
				t.Errorf("glossary %q, from all %q, want %q", got.glossary, want.glossary, c.wantGlossary)
			}
			if !maps.Equal(got.byPath, want.byPath) {
				t.Error("sources by path differ from the index made from all")
			}
			if !slices.Equal(got.all, c.all) {
				t.Error("the index does not hold the sources it was made from")
			}
			if (got.linker == prev.linker) != c.sameLinker {
				t.Errorf("linker kept = %v, want %v", got.linker == prev.linker, c.sameLinker)
			}
			if !maps.Equal(prev.byPath, byPath) {
				t.Error("the last index was changed")
			}
		})
	}
}
