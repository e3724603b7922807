package search_test

import (
	"bytes"
	"os"
	"testing"

	"spean/generator/search"
)

// Analysing text ahead on other goroutines (a rebuild indexing one
// language on two cores) changes nothing in the index: the shipped site's
// pages give the same files, byte for byte, with any number of helpers.
func TestHelpersWriteTheSameIndex(t *testing.T) {
	s := loadSite(t, os.DirFS("../.."))
	for _, lang := range s.Langs {
		pages := search.Pages(s, lang, nil)
		want := search.BuildWith(lang, pages, nil, 0).Encode(search.DefaultOptions)
		for _, helpers := range []int{1, 3} {
			got := search.BuildWith(lang, pages, nil, helpers).Encode(search.DefaultOptions)
			if len(got.Files) != len(want.Files) {
				t.Fatalf("%s, %d helpers: %d files, want %d", lang, helpers, len(got.Files), len(want.Files))
			}
			for i, f := range want.Files {
				if g := got.Files[i]; g.Name != f.Name || !bytes.Equal(g.Data, f.Data) {
					t.Errorf("%s, %d helpers: %s differs", lang, helpers, f.Name)
				}
			}
		}
	}
}
