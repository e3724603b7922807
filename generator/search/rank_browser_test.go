package search_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"spean/generator/internal/browsertest"
)

// TestSearchRanking ranks the pages of testdata/rank.txtar in Chromium with
// the search.js the site ships, as explain() shows it: of two pages that
// hold both words of a query, none as a phrase, the one where they stand
// closest comes first, and its spread is the number of positions between
// them.
func TestSearchRanking(t *testing.T) {
	ctx := browsertest.Browser(t)
	got := explainEnglish(t, ctx, browsertest.Fixture(t, filepath.Join("testdata", "rank.txtar")), "river lantern")
	if len(got) != 2 {
		t.Fatalf("river lantern: %d results, want 2: %+v", len(got), got)
	}
	near, far := got[0], got[1]
	if near.Href != "../places/near/index.html" {
		t.Errorf("river lantern: first %s, want ../places/near/index.html: %+v", near.Href, got)
	}
	for _, h := range got {
		if h.Phrase != 0 || h.Matched != 2 || h.Of != 2 || h.Aligned != 1 {
			t.Errorf("%s: phrase %d, matched %d of %d, aligned %d; want 0, 2 of 2, 1", h.Href, h.Phrase, h.Matched, h.Of, h.Aligned)
		}
	}
	// "The river and the lantern": three positions apart.
	if near.Spread != 3 {
		t.Errorf("near: spread %d, want 3", near.Spread)
	}
	if far.Spread < 50 {
		t.Errorf("far: spread %d, want the words a page apart (≥ 50)", far.Spread)
	}
}

// explained is one result as SpeanSearch.explain() shows it.
type explained struct {
	Href                   string
	Phrase, Matched, Of    int
	Aligned, Spread, Exact int
	Title, Heading         int
	Score                  float64
}

// explainEnglish builds the site in dir, opens its English search page in
// the browser ctx and returns how explain() ranks the query q.
func explainEnglish(t *testing.T, ctx context.Context, dir, q string) []explained {
	t.Helper()
	srv := browsertest.Serve(t, browsertest.Build(t, dir))
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"en/search/index.html")); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]explained](fmt.Sprintf(`SpeanSearch.explain(%q)`, q), chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	return got
}
