package search_test

import (
	"bytes"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"spean/generator/publish"
	"spean/generator/search"
	"spean/generator/site"
)

// nopCloser is a bytes.Buffer a segments file is written to.
type nopCloser struct{ *bytes.Buffer }

func (nopCloser) Close() error { return nil }

// A rebuild that puts unchanged pages into the index from the segments the
// previous build kept (segments.go) writes the index a clean build writes,
// byte for byte: the shipped site's pages in every language with its
// synonym groups, after one page's text changed, a page was added in the
// middle, one was removed, or the pages were put in another order; with
// and without helpers. Only the changed pages are analysed. A damaged or
// foreign segments file is not used, and changes nothing.
func TestSegmentsWriteTheSameIndex(t *testing.T) {
	s := loadSite(t, os.DirFS("../.."))
	vocab := s.Terms.Vocabulary(s.Langs)
	for _, lang := range s.Langs {
		pages := search.Pages(s, lang, nil)
		if len(pages) < 8 {
			t.Fatalf("%s: %d pages", lang, len(pages))
		}
		groups := vocab[lang]
		var kept bytes.Buffer
		search.BuildKept(lang, slices.Clone(pages), groups, 0, nil, nopCloser{&kept})
		if kept.Len() == 0 {
			t.Fatalf("%s: no segments written", lang)
		}
		edited := func(f func(p []search.Page) []search.Page) []search.Page {
			return f(slices.Clone(pages))
		}
		changed := func(i int) func(p []search.Page) []search.Page {
			return func(p []search.Page) []search.Page {
				p[i].Blocks = append(slices.Clone(p[i].Blocks), search.Block{Text: p[len(p)-1-i].Title + " edited"})
				return p
			}
		}
		damaged := bytes.Clone(kept.Bytes())
		damaged[len(damaged)/2] ^= 1
		for _, tc := range []struct {
			name    string
			pages   []search.Page
			prev    []byte
			fresh   int  // pages analysed, not replayed
			spliced bool // postings spliced from prev's (splice.go)
		}{
			{"unchanged", pages, kept.Bytes(), 0, true},
			{"first page edited", edited(changed(0)), kept.Bytes(), 1, true},
			{"a middle page edited", edited(changed(len(pages) / 2)), kept.Bytes(), 1, true},
			{"a page added", edited(func(p []search.Page) []search.Page {
				return slices.Insert(p, 3, search.Page{Href: "new/", Title: p[1].Title + " " + p[2].Title, Blocks: p[5].Blocks})
			}), kept.Bytes(), 1, false},
			{"a page removed", edited(func(p []search.Page) []search.Page { return slices.Delete(p, 2, 3) }), kept.Bytes(), 0, false},
			{"reversed", edited(func(p []search.Page) []search.Page { slices.Reverse(p); return p }), kept.Bytes(), 0, false},
			{"damaged", edited(changed(1)), damaged, len(pages), false},
			{"truncated", edited(changed(1)), kept.Bytes()[:kept.Len()-1], len(pages), false},
			{"another language's", pages, otherSegments(t, s, lang), len(pages), false},
		} {
			want := search.BuildWith(lang, slices.Clone(tc.pages), groups, 0).Encode(search.DefaultOptions)
			for _, helpers := range []int{0, 1} {
				var again bytes.Buffer
				ix, replayed, spliced := search.BuildKept(lang, slices.Clone(tc.pages), groups, helpers, tc.prev, nopCloser{&again})
				if got := len(tc.pages) - replayed; got != tc.fresh {
					t.Errorf("%s, %s, %d helpers: %d pages indexed from their text, want %d", lang, tc.name, helpers, got, tc.fresh)
				}
				if spliced != tc.spliced {
					t.Errorf("%s, %s, %d helpers: postings spliced %v, want %v", lang, tc.name, helpers, spliced, tc.spliced)
				}
				got := ix.Encode(search.DefaultOptions)
				if len(got.Files) != len(want.Files) {
					t.Fatalf("%s, %s, %d helpers: %d files, want %d", lang, tc.name, helpers, len(got.Files), len(want.Files))
				}
				for i, f := range want.Files {
					if g := got.Files[i]; g.Name != f.Name || !bytes.Equal(g.Data, f.Data) {
						t.Errorf("%s, %s, %d helpers: %s differs from a clean build's", lang, tc.name, helpers, f.Name)
					}
				}
				// The segments written are those a clean build writes.
				var clean bytes.Buffer
				search.BuildKept(lang, slices.Clone(tc.pages), groups, 0, nil, nopCloser{&clean})
				if !bytes.Equal(again.Bytes(), clean.Bytes()) {
					t.Errorf("%s, %s, %d helpers: the segments kept differ from a clean build's", lang, tc.name, helpers)
				}
			}
		}
	}
}

// A rebuild that splices the postings copies from the previous build's
// pack every shard whose terms the changed page did not touch (shards.go),
// and writes the files a clean build writes, byte for byte, its segments
// file included; one that does not splice copies none. The shipped site's
// indexes, packed as a large site's are.
func TestShardsCopiedFromThePreviousPack(t *testing.T) {
	s := loadSite(t, os.DirFS("../.."))
	vocab := s.Terms.Vocabulary(s.Langs)
	o := search.DefaultOptions
	o.MaxFiles = 3 // packed (pack.go)
	for _, lang := range s.Langs {
		pages := search.Pages(s, lang, nil)
		groups := vocab[lang]
		prevOut, prevKept, _ := search.EncodeKept(lang, slices.Clone(pages), groups, 0, o, nil, nil)
		if prevOut.Pack == "" {
			t.Fatalf("%s: the index is not packed", lang)
		}
		edit := func(i int, text string) []search.Page {
			p := slices.Clone(pages)
			p[i].Blocks = append(slices.Clone(p[i].Blocks), search.Block{Text: text})
			return p
		}
		// A word the page has, once more: a few bytes more postings,
		// which leave the number of shards as it was (roundShards).
		again := strings.Fields(pages[1].Title)[0]
		for _, tc := range []struct {
			name  string
			pages []search.Page
			// copies: some shards are copied, not all; else none.
			copies bool
			// most: at most this many shards are not copied (0: any).
			most int
		}{
			{"a word again", edit(1, again), true, 0},
			// A block of a new word at the end moves none of the page's
			// words: their postings are as they were, and only the
			// shards of the new word, and of what follows from it (a
			// spill numbered after it), are written.
			{"a new word appended", edit(1, "zzqxjw"), true, 4},
			{"first page edited", edit(0, pages[len(pages)-1].Title+" edited"), true, 0},
			{"a middle page edited", edit(len(pages)/2, pages[2].Title+" edited"), true, 0},
			{"a page removed", slices.Delete(slices.Clone(pages), 2, 3), false, 0},
		} {
			want, wantKept, _ := search.EncodeKept(lang, slices.Clone(tc.pages), groups, 0, o, nil, nil)
			// Shards are copied only while there are as many.
			copies := tc.copies && want.Shards == prevOut.Shards
			if tc.name == "a word again" && !copies {
				t.Errorf("%s, %s: %d shards, %d before", lang, tc.name, want.Shards, prevOut.Shards)
			}
			for _, helpers := range []int{0, 1} {
				got, gotKept, reused := search.EncodeKept(lang, slices.Clone(tc.pages), groups, helpers, o, prevKept, &prevOut)
				if copies != (reused > 0) || reused >= got.Shards || copies && tc.most > 0 && got.Shards-reused > tc.most {
					t.Errorf("%s, %s, %d helpers: %d of %d shards copied", lang, tc.name, helpers, reused, got.Shards)
				}
				if len(got.Files) != len(want.Files) {
					t.Fatalf("%s, %s, %d helpers: %d files, want %d", lang, tc.name, helpers, len(got.Files), len(want.Files))
				}
				for i, f := range want.Files {
					if g := got.Files[i]; g.Name != f.Name || !bytes.Equal(g.Data, f.Data) {
						t.Errorf("%s, %s, %d helpers: %s differs from a clean build's", lang, tc.name, helpers, f.Name)
					}
				}
				if !bytes.Equal(gotKept, wantKept) {
					t.Errorf("%s, %s, %d helpers: the segments kept differ from a clean build's", lang, tc.name, helpers)
				}
			}
		}
	}
}

// TestPackWrittenWithItsSums: a pack's parts are written with the sums
// Encode took for the version, which are the parts' own (publish.SumOf),
// with and without a core free to take them; so is every other file.
func TestPackWrittenWithItsSums(t *testing.T) {
	s := loadSite(t, os.DirFS("../.."))
	o := search.DefaultOptions
	o.MaxFiles, o.PartBytes = 3, 64<<10 // packed, in parts
	for _, lang := range []string{"en", "lo"} {
		for _, helpers := range []int{0, 1} {
			out, _, _ := search.EncodeKept(lang, search.Pages(s, lang, nil), nil, helpers, o, nil, nil)
			if out.Pack == "" || len(out.Files) < 3 {
				t.Fatalf("%s: %d files, want a pack in parts", lang, len(out.Files))
			}
			rec := publish.NewRecorder(publish.NewMemory())
			if err := search.WriteFiles(rec, lang, out); err != nil {
				t.Fatal(err)
			}
			for _, f := range out.Files {
				if n, ok := rec.Noted(search.FileOf(lang, f.Name)); !ok || n != publish.NotedOf(f.Data) {
					t.Errorf("%s, %d helpers: %s noted as %v, want %v", lang, helpers, f.Name, n, publish.NotedOf(f.Data))
				}
			}
		}
	}
}

// otherSegments is the segments file of another language of s than lang.
func otherSegments(t *testing.T, s *site.Site, lang string) []byte {
	t.Helper()
	for _, other := range s.Langs {
		if other != lang {
			var b bytes.Buffer
			search.BuildKept(other, search.Pages(s, other, nil), nil, 0, nil, nopCloser{&b})
			return b.Bytes()
		}
	}
	t.Fatal("one language only")
	return nil
}

// Splicing the previous build's postings (splice.go) gives up where an
// edit moves a term across search.MaxDocsWithPositions pages, past which a
// term keeps only its first positions on each page and the pairs of its
// words are kept (commonPairs); on either side of it, it writes what a
// clean build writes, the cut positions and the pairs of common words
// included.
func TestSpliceAcrossCommonWords(t *testing.T) {
	const n = search.MaxDocsWithPositions + 5
	repeat := func(w string, k int) string { return strings.Repeat(w+" ", k) }
	pages := make([]search.Page, n)
	for i := range pages {
		text := "the worker keeps the passport and the wage " + fmt.Sprintf("page%d ", i)
		if i <= search.MaxDocsWithPositions { // on one page more than the limit
			text += repeat("common", 10)
		}
		if i < search.MaxDocsWithPositions { // on as many pages as the limit
			text += repeat("edge", 3)
		}
		pages[i] = search.Page{Href: fmt.Sprintf("p%d/", i), Title: fmt.Sprintf("Page %d", i), Blocks: []search.Block{{Text: text}}}
	}
	var kept bytes.Buffer
	search.BuildKept("en", slices.Clone(pages), nil, 0, nil, nopCloser{&kept})
	edit := func(i int, text string) []search.Page {
		p := slices.Clone(pages)
		p[i].Blocks = []search.Block{{Text: text}}
		return p
	}
	for _, tc := range []struct {
		name    string
		pages   []search.Page
		spliced bool
	}{
		{"a common word stays common", edit(5, "the worker keeps the wage "+repeat("common", 9)+repeat("edge", 2)+"newword"), true},
		{"a common word on a page more", edit(n-1, "the worker and the wage "+repeat("common", 12)), true},
		{"a common word no longer common", edit(5, "the worker keeps the wage "+repeat("edge", 2)), false},
		{"a word turns common", edit(n-1, "the worker and the wage "+repeat("edge", 8)), false},
	} {
		want := search.BuildWith("en", slices.Clone(tc.pages), nil, 0).Encode(search.DefaultOptions)
		var again bytes.Buffer
		ix, _, spliced := search.BuildKept("en", slices.Clone(tc.pages), nil, 0, kept.Bytes(), nopCloser{&again})
		if spliced != tc.spliced {
			t.Errorf("%s: postings spliced %v, want %v", tc.name, spliced, tc.spliced)
		}
		got := ix.Encode(search.DefaultOptions)
		if len(got.Files) != len(want.Files) {
			t.Fatalf("%s: %d files, want %d", tc.name, len(got.Files), len(want.Files))
		}
		for i, f := range want.Files {
			if g := got.Files[i]; g.Name != f.Name || !bytes.Equal(g.Data, f.Data) {
				t.Errorf("%s: %s differs from a clean build's", tc.name, f.Name)
			}
		}
		var clean bytes.Buffer
		search.BuildKept("en", slices.Clone(tc.pages), nil, 0, nil, nopCloser{&clean})
		if !bytes.Equal(again.Bytes(), clean.Bytes()) {
			t.Errorf("%s: the segments kept differ from a clean build's", tc.name)
		}
	}
}
