package search_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"spean/generator/internal/browsertest"
	"spean/generator/search"
)

// TestCommonWordPhrase searches, in Chromium with the search.js the site
// ships, a site where every word is common: more pages than
// MaxDocsWithPositions, each of the same eight words in random order, so
// each word keeps only its first few positions a page. A phrase of six of
// them that only one page holds, late on that page, must find that page
// first: search.js sees the words came back capped and looks up their
// pairs, which the index keeps with their positions (commonPairs). With
// the words alone every page could hold the phrase past their last kept
// position, and the page ranked among hundreds of ties.
func TestCommonWordPhrase(t *testing.T) {
	ctx := browsertest.Browser(t)
	dir := browsertest.Fixture(t, filepath.Join("testdata", "rank.txtar"))
	vocab := strings.Fields("river lantern market road bread morning field water")
	r := rand.New(rand.NewPCG(1, 2))
	texts := make([]string, search.MaxDocsWithPositions+10)
	for i := range texts {
		w := make([]string, 120)
		for j := range w {
			w[j] = vocab[r.IntN(len(vocab))]
		}
		texts[i] = strings.Join(w, " ")
		md := fmt.Sprintf("---\ntitle: Page %d\nlast_reviewed: 2026-11-20\n---\n%s.\n", i, texts[i])
		if err := os.WriteFile(filepath.Join(dir, "content", "places", fmt.Sprintf("p%03d.en.md", i)), []byte(md), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Six words from late on page 150 that no other page holds.
	const want = 150
	var phrase string
	for at := 90; at < 114 && phrase == ""; at++ {
		p := strings.Join(strings.Fields(texts[want])[at:at+6], " ")
		unique := true
		for i, text := range texts {
			if i != want && strings.Contains(text, p) {
				unique = false
				break
			}
		}
		if unique {
			phrase = p
		}
	}
	if phrase == "" {
		t.Fatal("no six words of page 150 are on it alone: change the seed")
	}
	got := explainEnglish(t, ctx, dir, phrase)
	if len(got) == 0 || got[0].Href != fmt.Sprintf("../places/p%03d/index.html", want) {
		t.Fatalf("%q: got %+v, want ../places/p%03d/index.html first", phrase, got, want)
	}
	// Six words and three pairs (every other one, and the last).
	if got[0].Of != 9 || got[0].Phrase == 0 {
		t.Errorf("%q: first result %+v, want a phrase of 9 terms (6 words, 3 pairs)", phrase, got[0])
	}
}
