package search_test

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"spean/generator/internal/browsertest"
	"spean/generator/internal/searchbench/fixture"
)

// udhrSite builds the UDHR fixture (one page per article in five
// languages: real text, no spaces between words in four of them).
func udhrSite(t *testing.T) string {
	t.Helper()
	root := browsertest.RepoRoot(t)
	corpus := filepath.Join(root, "..", "shared", "corpus", "udhr")
	if _, err := os.Stat(corpus); err != nil {
		t.Fatalf("the UDHR corpus is read from ../shared (beside the repository): %v", err)
	}
	dir := t.TempDir()
	if err := fixture.Skeleton(root, dir); err != nil {
		t.Fatal(err)
	}
	if err := fixture.UDHR(corpus, dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestSearchInBrowser builds the UDHR fixture once with the real generator
// and checks search in headless Chromium: the shared segment vectors against
// the segment.js the site ships, typing in all five languages, known-item
// recall, and search from file://.
func TestSearchInBrowser(t *testing.T) {
	ctx := browsertest.Browser(t)
	dir := udhrSite(t)
	pub := browsertest.Build(t, dir)
	srv := browsertest.Serve(t, pub)
	t.Run("vectors", func(t *testing.T) { testVectors(t, ctx, srv) })
	t.Run("type", func(t *testing.T) { testTyping(t, ctx, srv) })
	t.Run("recall", func(t *testing.T) { testRecall(t, ctx, srv, dir) })
	t.Run("file", func(t *testing.T) { testFile(t, ctx, pub) })
	t.Run("none", func(t *testing.T) { testNoResults(t, ctx, srv) })
	t.Run("nojs", func(t *testing.T) { testNoJS(t, ctx, srv) })
	t.Run("loader", func(t *testing.T) { testLoader(t, ctx, srv) })
	t.Run("forgiving", func(t *testing.T) { testForgiving(t, ctx, srv) })
}

// forgiving are queries as readers type them on their phones: Burmese in
// Zawgyi, Thai and Lao with a tone mark left out or put on the wrong
// letter, English with a typo, a word still being typed. Each must find its
// page in the top 3; the exact spelling, where the page has it, ranks first.
var forgiving = []struct{ lang, q, url string }{
	{"my", "ႏိုင္ငံသား", "my/udhr/article-15/"},                         // Zawgyi for နိုင်ငံသား
	{"my", "အလုပ္လုပ", "my/udhr/article-23/"},                           // Zawgyi for အလုပ်လုပ (still typing), which reads as Unicode
	{"th", "สัญชาต", "th/udhr/article-15/"},                             // still typing สัญชาติ
	{"en", "nationalty", "en/udhr/article-15/"},                         // one letter left out
	{"en", "arbitrarily deprived of his nation", "en/udhr/article-15/"}, // last word half typed
	{"th", "คาจางเทาเทียม", "th/udhr/article-23/"},                      // ค่าจ้างเท่าเทียม without its tone marks
	{"lo", "ສັນຊາດ", "lo/udhr/article-15/"},
}

func testForgiving(t *testing.T, ctx context.Context, srv *browsertest.Server) {
	for _, c := range forgiving {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+c.lang+"/search/index.html")); err != nil {
			t.Fatal(err)
		}
		res, err := fixture.Search(ctx, c.q)
		if err != nil {
			t.Fatal(err)
		}
		if !fixture.Top(res.URLs, c.url, 3) {
			t.Errorf("%s %q: want %s in the top 3, got %v%s", c.lang, c.q, c.url, first(res.URLs, 3), fixture.Explain(ctx, c.q))
		}
	}
}

// testRecall cuts queries out of the middle of pages (2–4 words in
// English, 6–14 characters at cluster boundaries in the other four) and
// requires the page in the top 3 for 95% of them in every language.
func testRecall(t *testing.T, ctx context.Context, srv *browsertest.Server, dir string) {
	queries, err := fixture.Queries(dir, 10, 7)
	if err != nil {
		t.Fatal(err)
	}
	found, total := map[string]int{}, map[string]int{}
	page := ""
	for _, q := range queries {
		if page != q.Lang {
			page = q.Lang
			if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+q.Lang+"/search/index.html")); err != nil {
				t.Fatal(err)
			}
		}
		res, err := fixture.Search(ctx, q.Text)
		if err != nil {
			t.Fatalf("%s %q: %v", q.Lang, q.Text, err)
		}
		total[q.Lang]++
		if fixture.Top(res.URLs, q.URL, 3) {
			found[q.Lang]++
		} else {
			t.Logf("%s %q: want %s in the top 3, got %v", q.Lang, q.Text, q.URL, first(res.URLs, 3))
		}
	}
	for _, lang := range fixture.Langs {
		r := float64(found[lang]) / float64(total[lang])
		t.Logf("%s: recall@3 %.2f (%d/%d)", lang, r, found[lang], total[lang])
		if total[lang] == 0 || r < 0.95 {
			t.Errorf("%s: recall@3 %.2f (%d/%d), want ≥ 0.95", lang, r, found[lang], total[lang])
		}
	}
}

func first(s []string, n int) []string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// typed are queries a reader types into the search box, one per language,
// with the page that must come in the top 3: whole words, syllables from
// inside a word, and a phrase across two words.
var typed = []struct{ lang, q, url string }{
	{"en", "arbitrarily deprived of his nationality", "en/udhr/article-15/"},
	{"km", "សញ្ជាតិ", "km/udhr/article-15/"},
	{"lo", "ສັນຊາດ", "lo/udhr/article-15/"},
	{"my", "နိုင်ငံသား", "my/udhr/article-15/"},
	{"th", "สัญชาติ", "th/udhr/article-15/"},
}

// testTyping types into the header's search box on the search page at
// phone width, as a reader does, and checks the results list: the right
// page in the top 3, a link, a snippet with <mark>, the A–Z list hidden,
// the URL following the query, and no sideways scrolling.
func testTyping(t *testing.T, ctx context.Context, srv *browsertest.Server) {
	for _, c := range typed {
		t.Run(c.lang, func(t *testing.T) {
			tctx, cancel := browsertest.Timeout(ctx, 20*time.Second)
			defer cancel()
			err := chromedp.Do(tctx,
				chromedp.EmulateViewport(320, 640),
				chromedp.Navigate(srv.URL+c.lang+"/search/index.html"),
				chromedp.WaitVisible(chromedp.CSS("#q")),
				chromedp.SendKeys(chromedp.CSS("#q"), c.q),
				browsertest.SearchDone(c.q, 10*time.Second),
			)
			if err != nil {
				t.Fatal(err)
			}
			type shown struct {
				Hrefs    []string
				Marks    int
				AZ       bool
				Search   string
				Overflow bool
			}
			got, err := chromedp.Run(tctx, chromedp.Evaluate[shown](`(function () {
  var root = new URL('../../', location.href).href;
  return {
    Hrefs: Array.from(document.querySelectorAll('#search-results > li > a')).map(function (a) { return a.href.slice(root.length).replace(/index\.html$/, ''); }),
    Marks: document.querySelectorAll('#search-results mark').length,
    AZ: !document.getElementById('search-az').hidden,
    Search: location.search,
    Overflow: document.documentElement.scrollWidth > window.innerWidth
  };
})()`))
			if err != nil {
				t.Fatal(err)
			}
			if !fixture.Top(got.Hrefs, c.url, 3) {
				t.Errorf("typed %q: want %s in the top 3, got %v", c.q, c.url, first(got.Hrefs, 3))
			}
			if got.Marks == 0 {
				t.Errorf("typed %q: no <mark> in any snippet", c.q)
			}
			if got.AZ {
				t.Errorf("typed %q: the A–Z list is still shown", c.q)
			}
			if want := "?q=" + url.QueryEscape(c.q); strings.ReplaceAll(got.Search, "%20", "+") != want {
				t.Errorf("typed %q: location.search = %q, want %q", c.q, got.Search, want)
			}
			if got.Overflow {
				t.Errorf("typed %q: the page scrolls sideways at 320 px", c.q)
			}
			// Snippets start and end on words, as the browser's own word
			// breaker finds them, and show no word mark.
			good, judged, bad, err := fixture.SnippetBoundaries(tctx, c.lang, 3)
			if err != nil {
				t.Fatal(err)
			}
			if judged == 0 || good < judged {
				t.Errorf("typed %q: %d of %d snippets on word boundaries: %v", c.q, good, judged, bad)
			}
			marked, err := chromedp.Run(tctx, chromedp.Evaluate[bool](`document.getElementById('search-results').textContent.indexOf('\x7f') >= 0`))
			if err != nil {
				t.Fatal(err)
			}
			if marked {
				t.Errorf("typed %q: a word mark (DEL) shows in the results", c.q)
			}
		})
	}
}

// testVectors runs the segment package's shared vectors through the
// segment.js the built site ships (hashed, comments stripped) in Chromium,
// as run_js.js does in node, and compares with what Go produced.
func testVectors(t *testing.T, ctx context.Context, srv *browsertest.Server) {
	raw, err := os.ReadFile(filepath.Join(browsertest.RepoRoot(t), "generator", "segment", "testdata", "vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Vectors []struct {
			Name, Input, Normalized string
			Segments                [][]any
			Query                   json.RawMessage
		}
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Vectors) == 0 {
		t.Fatal("no vectors")
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"en/search/index.html")); err != nil {
		t.Fatal(err)
	}
	inputs, _ := json.Marshal(func() []string {
		var in []string
		for _, v := range file.Vectors {
			in = append(in, v.Input)
		}
		return in
	}())
	type out struct {
		Normalized string
		Segments   [][]any
		Query      json.RawMessage
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]out](`(function (inputs) {
  var S = window.SpeanSegment, SCRIPTS = ['none', 'latin', 'thai', 'lao', 'khmer', 'myanmar'], BREAKS = ['hard', 'space', 'none'];
  var enc = new TextEncoder();
  return inputs.map(function (s) {
    var bytes = function (i) { return enc.encode(s.slice(0, i)).length; };
    var q = S.queryTokens(s), query = {exact: q.exact.map(function (t) { return [t.term, t.pos]; }), prefix: q.prefix && [q.prefix.term, q.prefix.pos]};
    if (q.lead) query.lead = [q.lead.term, q.lead.pos]; // vectors.json has it only when there is one
    return {
      Normalized: S.normalize(s),
      Segments: S.split(s).map(function (g) { return [g.text, bytes(g.start), bytes(g.end), SCRIPTS[g.script], BREAKS[g.brk]]; }),
      Query: query
    };
  });
})(`+string(inputs)+`)`))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(file.Vectors) {
		t.Fatalf("got %d results for %d vectors", len(got), len(file.Vectors))
	}
	for i, v := range file.Vectors {
		g := got[i]
		if g.Normalized != v.Normalized {
			t.Errorf("%s: normalize = %q, want %q", v.Name, g.Normalized, v.Normalized)
		}
		if a, b := canon(t, g.Segments), canon(t, v.Segments); a != b {
			t.Errorf("%s: segments\n got %s\nwant %s", v.Name, a, b)
		}
		if a, b := canon(t, g.Query), canon(t, v.Query); a != b {
			t.Errorf("%s: query tokens\n got %s\nwant %s", v.Name, a, b)
		}
	}
}

// canon re-encodes a JSON value so equal values compare equal as strings.
func canon(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var x any
	if err := json.Unmarshal(b, &x); err != nil {
		t.Fatal(err)
	}
	b, _ = json.Marshal(x)
	return string(b)
}

// testFile opens the search page from disk, as a reader does with a shared
// zip: shards and parts must load as scripts, with no server and no fetch.
func testFile(t *testing.T, ctx context.Context, pub string) {
	for _, c := range typed {
		u := "file://" + filepath.ToSlash(pub) + "/" + c.lang + "/search/index.html?q=" + url.QueryEscape(c.q)
		tctx, cancel := browsertest.Timeout(ctx, 20*time.Second)
		err := chromedp.Do(tctx,
			chromedp.Navigate(u),
			browsertest.SearchDone(c.q, 10*time.Second),
		)
		if err != nil {
			cancel()
			t.Fatalf("%s: %v", u, err)
		}
		got, err := chromedp.Run(tctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#search-results > li > a')).map(function (a) { return a.getAttribute('href'); })`))
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		want := "../" + strings.TrimPrefix(c.url, c.lang+"/") + "index.html"
		if !fixture.Top(got, want, 3) {
			t.Errorf("file:// %s %q: want %s in the top 3, got %v", c.lang, c.q, want, first(got, 3))
		}
	}
}

// testNoResults: a query nothing matches says so in the reader's language
// and offers the sections instead.
func testNoResults(t *testing.T, ctx context.Context, srv *browsertest.Server) {
	const q = "qqxqzz"
	err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"km/search/index.html?q="+q),
		browsertest.SearchDone(q, 10*time.Second),
	)
	if err != nil {
		t.Fatal(err)
	}
	type state struct {
		Status   string
		Results  int
		None     bool
		Sections int
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[state](`({
  Status: document.getElementById('search-status').textContent,
  Results: document.querySelectorAll('#search-results > li').length,
  None: !document.getElementById('search-none').hidden,
  Sections: document.querySelectorAll('#search-none a').length
})`))
	if err != nil {
		t.Fatal(err)
	}
	if got.Results != 0 || !got.None || got.Sections == 0 {
		t.Errorf("no-results state: %+v", got)
	}
	if !strings.Contains(got.Status, q) || !strings.Contains(got.Status, "រកមិនឃើញ") {
		t.Errorf("status %q: want the Khmer no-results message with the query", got.Status)
	}
}

// testNoJS: without JavaScript the search page lists every page A–Z.
func testNoJS(t *testing.T, ctx context.Context, srv *browsertest.Server) {
	tctx, cancel := chromedp.NewContext(ctx)
	defer cancel()
	if err := chromedp.Do(tctx); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(tctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(tctx, chromedp.Navigate(srv.URL+"lo/search/index.html?q=x")); err != nil {
		t.Fatal(err)
	}
	type state struct {
		Visible bool
		Links   int
		Results int
	}
	// Evaluate runs even with page scripts disabled.
	got, err := chromedp.Run(tctx, chromedp.Evaluate[state](`({
  Visible: document.getElementById('search-az').offsetParent !== null,
  Links: document.querySelectorAll('#search-all a[href]').length,
  Results: document.querySelectorAll('#search-results > li').length
})`))
	if err != nil {
		t.Fatal(err)
	}
	// The fixture has 31 articles (0–30), the UDHR section and home.
	if !got.Visible || got.Links != 33 || got.Results != 0 {
		t.Errorf("without JavaScript: %+v, want the A–Z list of 33 pages shown", got)
	}
}

// testLoader: other pages load nothing for search until the box gets
// focus; then the search page and its scripts are prefetched.
func testLoader(t *testing.T, ctx context.Context, srv *browsertest.Server) {
	prefetch := `Array.from(document.querySelectorAll('link[rel=prefetch]')).map(function (l) { return l.getAttribute('href'); })`
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"th/udhr/article-01/index.html")); err != nil {
		t.Fatal(err)
	}
	before, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](prefetch))
	if err != nil {
		t.Fatal(err)
	}
	if len(before) != 0 {
		t.Errorf("prefetch before focus: %v", before)
	}
	// A headless tab is not the focused window, so focus events would not
	// fire without focus emulation.
	if _, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS("#q"))); err != nil {
		t.Fatal(err)
	}
	after, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](prefetch))
	if err != nil {
		t.Fatal(err)
	}
	joined := strings.Join(after, " ")
	for _, want := range []string{"th/search/index.html", "js/search.", "js/segment."} {
		if !strings.Contains(joined, want) {
			t.Errorf("after focus, prefetch %v lacks %s", after, want)
		}
	}
}

// TestSnippetsShipped searches the shipped knowledge base as a reader
// does and reads the top snippets: a phrase the page has is highlighted
// from its first word ("ค่าจ้าง…", not "… จ้าง…", which it was when the
// passage started at the matched cluster nearest a guess), and a match
// near the end of the text looked at still shows the text after it ("…
// minimum wage" alone, it was).
func TestSnippetsShipped(t *testing.T) {
	ctx := browsertest.Browser(t)
	srv := browsertest.Serve(t, browsertest.Build(t, browsertest.RepoRoot(t)))
	// cross is a highlight that starts or ends inside a word of the text
	// (the index's word marks): ค่าจ้างขั้นต่ำ's pair น+ต่ำ in วัน|ต่ำสุด,
	// ຄ່າແຮງ's ແຮງ in ຄວາມຮຸນແຮງ ("violence"), which the audit found.
	for _, c := range []struct {
		lang, q, mark string
		cross         []string
	}{
		{"th", "ค่าจ้างขั้นต่ำ", "ค่าจ้างขั้นต่ำ", []string{"วั<mark>"}},
		{"th", "วันหยุดและการลา", "วันหยุดและการลา", nil},
		{"lo", "ຄ່າແຮງ", "ຄ່າແຮງ", []string{"ຮຸນ<mark>"}},
		{"en", "minimum wage", "minimum wage", nil},
		// A typo's correction is highlighted as the query would be.
		{"en", "pasport", "passport", nil},
	} {
		tctx, cancel := browsertest.Timeout(ctx, 20*time.Second)
		err := chromedp.Do(tctx, chromedp.Navigate(srv.URL+c.lang+"/search/index.html?q="+url.QueryEscape(c.q)), browsertest.SearchDone(c.q, 10*time.Second))
		if err != nil {
			cancel()
			t.Fatal(err)
		}
		snippets, err := chromedp.Run(tctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#search-results > li')].slice(0, 3).map(li => li.querySelector('.snippet').innerHTML)`))
		all, err2 := chromedp.Run(tctx, chromedp.Evaluate[string](`[...document.querySelectorAll('#search-results .snippet')].map(s => s.innerHTML).join('\n')`))
		cancel()
		if err == nil {
			err = err2
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range c.cross {
			if strings.Contains(all, x) {
				t.Errorf("%s %q: a highlight starts inside a word (%s): %s", c.lang, c.q, x, all)
			}
		}
		whole := 0
		for _, s := range snippets {
			i := strings.Index(s, "<mark>"+c.mark)
			if i < 0 {
				continue
			}
			whole++
			// The passage goes on after the match, as far as its part does.
			after := s[i+len("<mark>")+len(c.mark):]
			if text := regexp.MustCompile(`<[^>]*>|…`).ReplaceAllString(after, ""); len([]rune(strings.TrimSpace(text))) < 5 {
				t.Errorf("%s %q: snippet %q shows almost nothing after the phrase", c.lang, c.q, s)
			}
		}
		if whole == 0 {
			t.Errorf("%s %q: no top snippet marks the phrase from its first word: %q", c.lang, c.q, snippets)
		}
		for _, s := range snippets {
			if rest := strings.TrimPrefix(c.mark, firstWord(c.mark)); rest != "" && strings.Contains(s, "<mark>"+rest) {
				t.Errorf("%s %q: a snippet starts its mark inside the phrase: %q", c.lang, c.q, s)
			}
		}
	}
}

// TestSearchElsewhere: a query in another language's script is offered
// that language's search, in that language, with the query as typed; one
// in the page's own script, or with no letters, is offered nothing. (It
// waits for any search to end: Burmese that finds nothing is searched
// again as Zawgyi read into Unicode, which data-done then names.)
func TestSearchElsewhere(t *testing.T) {
	ctx := browsertest.Browser(t)
	srv := browsertest.Serve(t, browsertest.Build(t, browsertest.RepoRoot(t)))
	for _, c := range []struct{ lang, q, want string }{
		{"en", "ค่าจ้าง", "th|ค้นหา “ค่าจ้าง” ในหน้าภาษาไทย|/th/search/index.html?q=" + url.QueryEscape("ค่าจ้าง")},
		{"en", "လုပ်ခ", "my|“လုပ်ခ” ကို မြန်မာဘာသာ စာမျက်နှာများတွင် ရှာရန်|/my/search/index.html?q=" + url.QueryEscape("လုပ်ခ")},
		{"km", "passport", "en|Search the English pages for “passport”|/en/search/index.html?q=passport"},
		{"th", "ຄ່າແຮງ", "lo|ຊອກຫາ “ຄ່າແຮງ” ໃນໜ້າພາສາລາວ|/lo/search/index.html?q=" + url.QueryEscape("ຄ່າແຮງ")},
		{"en", "wage", ""},
		{"th", "ค่าจ้าง MOU", ""},
		{"en", "1694", ""},
	} {
		tctx, cancel := browsertest.Timeout(ctx, 20*time.Second)
		err := chromedp.Do(tctx, chromedp.Navigate(srv.URL+c.lang+"/search/index.html?q="+url.QueryEscape(c.q)), chromedp.Poll[chromedp.Void](`document.getElementById('search').hasAttribute('data-done')`, chromedp.WithPollingTimeout(10*time.Second)))
		if err != nil {
			cancel()
			t.Fatalf("%s %q: %v", c.lang, c.q, err)
		}
		// Announced, as the result count is, to a reader who cannot see it.
		got, err := chromedp.Run(tctx, chromedp.Evaluate[string](`(document.getElementById('search-elsewhere').getAttribute('aria-live') === 'polite' ? '' : 'not announced: ') + [...document.querySelectorAll('#search-elsewhere li')].filter(li => !li.hidden && li.offsetHeight > 0).map(li => { const a = li.querySelector('a'); return a.lang + '|' + a.textContent + '|' + a.href.slice(a.href.indexOf('/', 8)); }).join(' ')`))
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("%s search for %q offers %q, want %q", c.lang, c.q, got, c.want)
		}
	}
}

// firstWord is the first word of a test phrase: its first space-separated
// word, or for Thai and Lao the first word the test names (ค่า of ค่าจ้าง,
// วัน, ຄ່າ of ຄ່າແຮງ).
func firstWord(s string) string {
	for _, w := range []string{"ค่า", "วัน", "ຄ່າ"} {
		if strings.HasPrefix(s, w) {
			return w
		}
	}
	if i := strings.IndexByte(s, ' '); i > 0 {
		return s[:i+1]
	}
	return s
}
