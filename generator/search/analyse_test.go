package search_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"spean/generator/search"
)

// Analysing text ahead and encoding postings on other goroutines (a
// rebuild indexing one language on two cores) changes nothing in the
// index: the shipped site's pages, and pages whose common words keep few
// positions (some only in the second half), give the same files, byte
// for byte, with any number of helpers.
func TestHelpersWriteTheSameIndex(t *testing.T) {
	s := loadSite(t, os.DirFS("../.."))
	sets := map[string][]search.Page{}
	for _, lang := range s.Langs {
		sets[lang] = search.Pages(s, lang, nil)
	}
	common := commonPages()
	for i := len(common) / 2; i < len(common); i += 7 {
		common[i].Blocks = append(common[i].Blocks, search.Block{Text: "late zebra words " + strings.Repeat("x", i%5)})
	}
	sets["common"] = common
	for lang, pages := range sets {
		if lang == "common" {
			lang = "en"
		}
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
