package search_test

import (
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"spean/generator/internal/browsertest"
	"spean/generator/internal/searchbench/fixture"
)

// TestPackedSearchInBrowser builds the UDHR fixture with its index packed
// (search.max_files 3, pack.go) in parts of 16 KiB, and
// checks search as readers meet it: online with range requests, from a
// server that does not do ranges (the whole pack, once), and from the
// offline zip opened from file://, which holds the pack as scripts.
func TestPackedSearchInBrowser(t *testing.T) {
	ctx := browsertest.Browser(t)
	dir := udhrSite(t)
	// Parts of 16 KiB: every language's index is several, as a large
	// site's are, so search.js must pick the part that holds each file.
	browsertest.AppendConfig(t, dir, "\nsearch:\n  max_files: 3\n  part_kb: 16\n")
	pub := browsertest.Build(t, dir)
	for _, lang := range fixture.Langs {
		names, _ := filepath.Glob(filepath.Join(pub, lang, "search", "*"))
		var dirs, parts, scripts int
		for _, n := range names {
			switch filepath.Ext(n) {
			case ".dir":
				dirs++
			case ".pack":
				parts++
			case ".js":
				scripts++
			}
		}
		if dirs != 1 || parts < 2 || scripts != 0 {
			t.Fatalf("%s/search holds %d directories, %d parts and %d scripts, want a pack of several parts: %v", lang, dirs, parts, scripts, names)
		}
	}
	srv := browsertest.Serve(t, pub)
	t.Run("ranges", func(t *testing.T) {
		testTyping(t, ctx, srv)
		testForgiving(t, ctx, srv)
		if srv.Ranges() == 0 {
			t.Error("no range requests: the pack was not read by ranges")
		}
		for _, h := range srv.Hits() {
			if strings.Contains(h, "/search/") && strings.HasSuffix(h, ".js") {
				t.Errorf("asked for %s, which a packed index does not have", h)
			}
		}
	})
	t.Run("whole", func(t *testing.T) {
		srv.SetRanges(false)
		defer srv.SetRanges(true)
		before := srv.Ranges()
		testTyping(t, ctx, srv)
		if srv.Ranges() != before {
			t.Error("ranges answered while the server sent whole files")
		}
	})
	t.Run("file", func(t *testing.T) {
		for _, c := range typed {
			out := t.TempDir()
			browsertest.Unzip(t, filepath.Join(pub, "downloads", "spean-"+c.lang+".zip"), out)
			u := "file://" + filepath.ToSlash(out) + "/spean-" + c.lang + "/" + c.lang + "/search/index.html?q=" + url.QueryEscape(c.q)
			tctx, cancel := browsertest.Timeout(ctx, 20*time.Second)
			err := chromedp.Do(tctx,
				chromedp.Navigate(u),
				browsertest.SearchDone(c.q, 10*time.Second),
			)
			var got []string
			if err == nil {
				got, err = chromedp.Run(tctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#search-results > li > a')).map(function (a) { return a.getAttribute('href'); })`))
			}
			cancel()
			if err != nil {
				t.Fatalf("%s: %v", u, err)
			}
			if want := "../" + strings.TrimPrefix(c.url, c.lang+"/") + "index.html"; !fixture.Top(got, want, 3) {
				t.Errorf("file:// %s %q: want %s in the top 3, got %v", c.lang, c.q, want, first(got, 3))
			}
		}
	})
}
