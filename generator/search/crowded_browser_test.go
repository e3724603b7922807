package search_test

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"spean/generator/internal/browsertest"
	searchpkg "spean/generator/search" // search is the query this test runs
)

// TestCrowdedKeyInBrowser searches, in Chromium with the search.js the site
// ships, a packed index whose words all fall under one crowded key
// (CrowdedThai), split into sub-buckets (splitCrowded). A whole word reads
// the key's bucket and the one sub-bucket it can be in, and finds its
// pages; left without its tone mark it still finds the pages of the word
// with one; and a word typed only as far as the key, which could be any of
// them, reads every sub-bucket.
func TestCrowdedKeyInBrowser(t *testing.T) {
	ctx := browsertest.Browser(t)
	dir := browsertest.Fixture(t, filepath.Join("testdata", "crowded.txtar"))
	words, texts := searchpkg.CrowdedThai()
	for i, text := range texts {
		md := fmt.Sprintf("---\ntitle: หน้า %d\nlast_reviewed: 2026-11-20\n---\n%s\n", i, text)
		if err := os.WriteFile(filepath.Join(dir, "content", "places", fmt.Sprintf("p%02d.th.md", i)), []byte(md), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A page whose title and text leave the Thai block: a pack is written
	// a byte a Thai letter, the emoji (two UTF-16 units) and the quotation
	// marks escaped (packtext.go), and search.js reads them back.
	odd := "---\ntitle: นาฬิกา 🙂\nlast_reviewed: 2026-11-20\n---\nนาฬิกา “ราคา” ถูก\n"
	if err := os.WriteFile(filepath.Join(dir, "content", "places", "clock.th.md"), []byte(odd), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := browsertest.Serve(t, browsertest.Build(t, dir))
	err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"th/search/index.html?q="+url.QueryEscape("นาฬิกา")),
		browsertest.SearchDone("นาฬิกา", 10*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('search-results').textContent`))
	if err != nil || !strings.Contains(got, "นาฬิกา 🙂") || !strings.Contains(got, "นาฬิกา “ราคา") {
		t.Errorf("the results read %q, %v: want the page's title, นาฬิกา 🙂, and its text, นาฬิกา “ราคา”", got, err)
	}
	// search runs q on a fresh page and returns the pages found (as page
	// numbers) and how many shards it read.
	search := func(q string) (pages []int, shards int) {
		t.Helper()
		err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"th/search/index.html"),
			chromedp.Evaluate[chromedp.Void](`window.read = 0; var s = SpeanSearch.s; SpeanSearch.s = function (i, d) { read++; s(i, d); }`))
		if err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(ctx, chromedp.Evaluate[[]explained](fmt.Sprintf(`SpeanSearch.explain(%q)`, q), chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		shards, err = chromedp.Run(ctx, chromedp.Evaluate[int](`read`))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range got {
			var p int
			if _, err := fmt.Sscanf(e.Href, "../places/p%02d/index.html", &p); err != nil {
				t.Fatalf("%q found %q: %v", q, e.Href, err)
			}
			pages = append(pages, p)
		}
		slices.Sort(pages)
		return pages, shards
	}
	// Word 3 is กเค่ (CrowdedThai: two words a consonant, the second with
	// a tone mark); a search shows 10 of its 12 pages.
	w := words[3]
	pages, whole := search(w + " ")
	if len(pages) != 10 || slices.ContainsFunc(pages, func(p int) bool { return !slices.Contains(searchpkg.CrowdedPages(3), p) }) {
		t.Errorf("%q found pages %v, want 10 of %v", w, pages, searchpkg.CrowdedPages(3))
	}
	// The last word, กเล่, typed without its tone mark.
	last := len(words) - 1
	bare := strings.TrimSuffix(words[last], "่")
	if pages, _ := search(bare + " "); len(pages) != 10 || slices.ContainsFunc(pages, func(p int) bool { return !slices.Contains(searchpkg.CrowdedPages(last), p) }) {
		t.Errorf("%q (%s without its tone mark) found pages %v, want 10 of %v", bare, words[last], pages, searchpkg.CrowdedPages(last))
	}
	pages, typing := search("กเ")
	if len(pages) == 0 {
		t.Error(`"กเ", typed as far as the key, found nothing`)
	}
	// 20 sub-buckets, in as many shards or fewer (two may share one).
	if whole > 3 || typing < whole+10 {
		t.Errorf("a whole word read %d shards, a word typed as far as the key %d: want at most 3 (its key's and one sub-bucket's) and over 10 more (every sub-bucket)", whole, typing)
	}
	t.Logf("shards read: %d for a whole word, %d for one typed as far as its key", whole, typing)
}
