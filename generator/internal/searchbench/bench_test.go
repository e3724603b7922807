package searchbench

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"spean/generator/internal/browsertest"
	"spean/generator/internal/searchbench/fixture"
)

var (
	siteFlag  = flag.String("site", "", "measure search on this fixture: shipped (the repository's content), udhr, synthetic (1,000 pages), or a site folder; empty skips the benchmark")
	langsF    = flag.String("langs", "en,km,lo,my,th", "the languages to measure")
	builtF    = flag.String("built", "", "the output of an earlier build of -site (a folder), to measure without building again")
	slowdown  = flag.Float64("cpu", 4, "CPU slowdown for the query times (Chromium's throttling; 4 is a cheap phone)")
	queriesN  = flag.Int("queries", 20, "known-item queries per language")
	firstsN   = flag.Int("firsts", 1, "measure the first search (fresh browser) of this many of each language's queries, not only the first: the table then gives the median and the largest")
	pagefindF = flag.Bool("pagefind", false, "also build a Pagefind index of the same output and measure it (npm install pagefind into the user cache)")
)

// TestSearchFigures measures what the brief asks of search, on a built
// site in headless Chromium: known-item recall@3 per language, bytes of the
// first query in a fresh browser (search page, scripts, shards, snippet
// parts; gzip sizes), and query time once the files are loaded (to the
// ranked list on screen, and to the last snippet filled in); with
// -pagefind, the same for Pagefind on the same output. It is a measurement,
// so it runs only when asked:
//
//	go test ./generator/internal/searchbench -run Figures -v -site=udhr -pagefind
//	go test ./generator/internal/searchbench -run Figures -v -site=synthetic -pagefind -timeout 30m
func TestSearchFigures(t *testing.T) {
	if *siteFlag == "" {
		t.Skip("a measurement: pass -site=udhr or -site=synthetic")
	}
	ctx := browsertest.Browser(t)
	root := browsertest.RepoRoot(t)
	shared := filepath.Join(root, "..", "shared")
	dir := *siteFlag
	switch dir {
	case "shipped":
		dir = root
	case "udhr", "synthetic":
		dir = t.TempDir()
		if *siteFlag == "udhr" {
			if err := fixture.UDHR(filepath.Join(shared, "corpus", "udhr"), dir); err != nil {
				t.Fatal(err)
			}
		} else if err := fixture.Synthetic(filepath.Join(shared, "bench", "gen_site.py"), dir, 200); err != nil {
			t.Fatal(err)
		}
		if err := fixture.Skeleton(root, dir); err != nil {
			t.Fatal(err)
		}
	}
	pub := *builtF
	if pub == "" {
		start := time.Now()
		pub = browsertest.Build(t, dir)
		t.Logf("built %s in %s", dir, time.Since(start).Round(time.Millisecond))
	}
	queries, err := fixture.Queries(dir, *queriesN, 42)
	if err != nil {
		t.Fatal(err)
	}
	byLang := map[string][]fixture.Query{}
	for _, q := range queries {
		byLang[q.Lang] = append(byLang[q.Lang], q)
	}
	srv := browsertest.Serve(t, pub)

	type row struct {
		recall, pfRecall     float64
		phraseFirst          float64
		halfRecall           float64
		boundary             float64
		topic                float64
		bytes, pfBytes       int
		jsBytes, fontBytes   int
		coldMS, warmMS, pfMS float64
		doneMS               float64
		files                []string
		nq, nPhrase, nBound  int
		nTopic               int
		firsts               []float64 // -firsts: each first search's bytes, without the font
		largest              string    // and the query of the largest, with what it loaded
	}
	rows := map[string]*row{}
	langs := strings.Split(*langsF, ",")
	for _, lang := range langs {
		qs := byLang[lang]
		r := &row{}
		rows[lang] = r
		// First query, fresh browser context (empty cache), on a phone's
		// screen: snippets load for the results in view.
		for k := range min(max(*firstsN, 1), len(qs)) {
			first := qs[k].Text
			fctx, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
			err := chromedp.Do(fctx,
				chromedp.EmulateViewport(360, 740),
				chromedp.Navigate(srv.URL+lang+"/search/index.html?q="+url.QueryEscape(first)),
				browsertest.SearchDone(strings.TrimSpace(first), 60*time.Second),
			)
			if err != nil {
				cancel()
				t.Fatalf("%s: first query %q: %v", lang, first, err)
			}
			bytes, js, font, files := transferred(t, fctx, srv.URL, pub)
			cancel()
			if k == 0 {
				r.bytes, r.jsBytes, r.fontBytes, r.files = bytes, js, font, files
			}
			if len(r.firsts) == 0 || float64(bytes-font) > slices.Max(r.firsts) {
				r.largest = fmt.Sprintf("%q: %s", first, strings.Join(files, " "))
			}
			r.firsts = append(r.firsts, float64(bytes-font))
		}

		// Recall, exact phrase first, snippet boundaries, half-typed
		// queries, and time per query (cold: loads its files; warm) with
		// the CPU slowed down as on a cheap phone.
		tctx, cancel := chromedp.NewContext(ctx)
		if err := chromedp.Do(tctx, chromedp.EmulateViewport(360, 740), chromedp.Navigate(srv.URL+lang+"/search/index.html")); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Call(tctx, emulation.SetCPUThrottlingRate, emulation.SetCPUThrottlingRateParams{Rate: *slowdown}); err != nil {
			t.Fatal(err)
		}
		found, phrase, half, bound := 0, 0, 0, 0
		explained, badShown := false, 0
		var cold, warm, warmDone []float64
		for _, q := range qs {
			res, err := fixture.Search(tctx, q.Text)
			if err != nil {
				t.Fatalf("%s %q: %v", lang, q.Text, err)
			}
			cold = append(cold, res.MS)
			if fixture.Top(res.URLs, q.URL, 3) {
				found++
			} else {
				t.Logf("miss %s %q: want %s, got %v", lang, q.Text, q.URL, head(res.URLs, 3))
			}
			if q.Pages == 1 {
				r.nPhrase++
				if fixture.Top(res.URLs, q.URL, 1) {
					phrase++
				} else if !explained {
					explained = true
					t.Logf("%s %q is on one page only (%s), ranked: %s", lang, q.Text, q.URL, fixture.Explain(tctx, q.Text))
				}
			}
			ok, n, bad, err := fixture.SnippetBoundaries(tctx, lang, 3)
			if err != nil {
				t.Fatal(err)
			}
			for _, b := range bad {
				if badShown < 3 {
					badShown++
					t.Logf("%s snippet off a word boundary for %q: %s", lang, q.Text, b)
				}
			}
			bound += ok
			r.nBound += n
			res, err = fixture.Search(tctx, q.Text)
			if err != nil {
				t.Fatal(err)
			}
			warm = append(warm, res.MS)
			warmDone = append(warmDone, res.DoneMS)
			h := fixture.HalfTyped(q)
			res, err = fixture.Search(tctx, h)
			if err != nil {
				t.Fatal(err)
			}
			if fixture.Top(res.URLs, q.URL, 3) {
				half++
			} else {
				t.Logf("half-typed miss %s %q: want %s, got %v", lang, h, q.URL, head(res.URLs, 3))
			}
		}
		if *siteFlag == "shipped" {
			for _, tq := range fixture.Topics[lang] {
				res, err := fixture.Search(tctx, tq.Query)
				if err != nil {
					t.Fatal(err)
				}
				r.nTopic++
				if fixture.OnTopic(res.URLs, lang, tq.Pages, 3) {
					r.topic++
				} else {
					t.Logf("topic miss %s %q: want one of %v, got %v", lang, tq.Query, tq.Pages, head(res.URLs, 3))
				}
			}
			if r.nTopic > 0 {
				r.topic /= float64(r.nTopic)
			}
		}
		cancel()
		t.Logf("%s measured at %s", lang, time.Now().Format(time.TimeOnly))
		r.nq = len(qs)
		r.recall = float64(found) / float64(len(qs))
		r.halfRecall = float64(half) / float64(len(qs))
		if r.nPhrase > 0 {
			r.phraseFirst = float64(phrase) / float64(r.nPhrase)
		}
		if r.nBound > 0 {
			r.boundary = float64(bound) / float64(r.nBound)
		}
		r.coldMS, r.warmMS, r.doneMS = median(cold), median(warm), median(warmDone)
	}

	if *pagefindF {
		pagefind(t, ctx, srv, pub, byLang, func(lang string, recall float64, bytes int, ms float64) {
			if r := rows[lang]; r != nil {
				r.pfRecall, r.pfBytes, r.pfMS = recall, bytes, ms
			}
		})
	}

	var b strings.Builder
	fmt.Fprintf(&b, "\nsite %s, %d queries per language, query times at %gx CPU slowdown, 360x740 screen\n", *siteFlag, *queriesN, *slowdown)
	fmt.Fprintf(&b, "lang  recall@3  phrase-first  half-typed@3  snippet-boundary  topic@3  first-query KB (gz)  of which JS  of which font  query ms (cold / warm / warm with snippets)")
	if *pagefindF {
		fmt.Fprintf(&b, "  | Pagefind recall@3  first-query KB (gz)  query ms")
	}
	b.WriteString("\n")
	for _, lang := range langs {
		r := rows[lang]
		topic := "    -"
		if r.nTopic > 0 {
			topic = fmt.Sprintf("%5.2f", r.topic)
		}
		fmt.Fprintf(&b, "%-4s  %8.2f  %7.2f (%2d)  %12.2f  %9.2f (%3d)  %s  %19.1f  %11.1f  %13.1f  %8.1f / %.1f / %.1f", lang, r.recall, r.phraseFirst, r.nPhrase, r.halfRecall, r.boundary, r.nBound, topic, kb(r.bytes), kb(r.jsBytes), kb(r.fontBytes), r.coldMS, r.warmMS, r.doneMS)
		if *pagefindF {
			fmt.Fprintf(&b, "  | %17.2f  %19.1f  %8.1f", r.pfRecall, kb(r.pfBytes), r.pfMS)
		}
		b.WriteString("\n")
	}
	if *firstsN > 1 {
		fmt.Fprintf(&b, "first search of each of the first %d queries, KB gz without the font: median / largest\n", *firstsN)
		for _, lang := range langs {
			r := rows[lang]
			fmt.Fprintf(&b, "%-4s  %.1f / %.1f  (largest %s)\n", lang, kb(int(median(r.firsts))), kb(int(slices.Max(r.firsts))), r.largest)
		}
	}
	t.Log(b.String())
	for _, lang := range langs {
		r := rows[lang]
		t.Logf("%s first query loaded: %s", lang, strings.Join(r.files, " "))
		for _, c := range []struct {
			name      string
			got, want float64
		}{
			{"recall@3", r.recall, 0.97},
			{"exact phrase first", r.phraseFirst, 0.95},
			{"half-typed recall@3", r.halfRecall, 0.95},
			{"snippet boundaries", r.boundary, 0.95},
		} {
			if c.got < c.want {
				t.Errorf("%s: %s %.2f, want ≥ %.2f", lang, c.name, c.got, c.want)
			}
		}
		if r.nTopic > 0 && r.topic < 0.95 {
			t.Errorf("%s: topic queries on topic in the top 3 %.2f, want ≥ 0.95", lang, r.topic)
		}
		if r.bytes-r.fontBytes > 30*1024 {
			t.Errorf("%s: first query %d bytes gzip (without the theme's font), want ≤ 30 KB", lang, r.bytes-r.fontBytes)
		}
		if r.warmMS > 50 {
			t.Errorf("%s: query time %.1f ms after load at %gx slowdown, want ≤ 50 ms", lang, r.warmMS, *slowdown)
		}
	}
}

// transferred lists what the page in ctx loaded (the document and every
// resource, as the Resource Timing API reports them) and sums their gzip
// sizes, computed from the files served; js is the search scripts'
// share (search.js, segment.js), font the theme's web fonts' (the Burmese
// font every Burmese page loads, cached before a reader reaches search).
//
// A packed index (generator/search/pack.go: its directory and parts) is
// read by range requests, which servers send uncompressed: each range
// counts as the bytes of its body (Resource Timing's encodedBodySize), as
// many times as it was read.
// Like every other file here, a response's headers are not counted.
func transferred(t *testing.T, ctx context.Context, base, pub string) (total, js, font int, files []string) {
	t.Helper()
	type entry struct {
		URL  string
		Body int
	}
	all, err := chromedp.Run(ctx, chromedp.Evaluate[[]entry](`[{URL: location.href.split('?')[0], Body: 0}].concat(performance.getEntriesByType('resource').map(function (e) { return {URL: e.name, Body: e.encodedBodySize}; }))`))
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	var each []string
	ranges, rangeBytes := 0, 0
	for _, e := range all {
		if strings.HasSuffix(e.URL, ".pack") || strings.HasSuffix(e.URL, ".dir") {
			ranges++
			rangeBytes += e.Body
			each = append(each, strconv.Itoa(e.Body))
			continue
		}
		urls = append(urls, e.URL)
	}
	total, js, font, files = sizes(t, urls, base, pub)
	if ranges > 0 {
		total += rangeBytes
		files = append(files, fmt.Sprintf("pack=%d in %d ranges (%s)", rangeBytes, ranges, strings.Join(each, " ")))
	}
	return total, js, font, files
}

// sizes sums the gzip sizes of the files behind urls (see transferred).
func sizes(t *testing.T, urls []string, base, pub string) (total, js, font int, files []string) {
	t.Helper()
	seen := map[string]bool{}
	for _, u := range urls {
		if !strings.HasPrefix(u, base) {
			continue
		}
		rel := strings.SplitN(strings.TrimPrefix(u, base), "?", 2)[0]
		if rel == "" || strings.HasSuffix(rel, "/") {
			rel += "index.html"
		}
		if seen[rel] {
			continue
		}
		seen[rel] = true
		b, err := os.ReadFile(filepath.Join(pub, filepath.FromSlash(rel)))
		if errors.Is(err, fs.ErrNotExist) {
			continue // a 404 (Chromium asks for /favicon.ico): next to nothing transferred
		}
		if err != nil {
			t.Fatalf("loaded %s: %v", u, err)
		}
		n := gz(b)
		total += n
		if strings.HasPrefix(rel, "js/search") || strings.HasPrefix(rel, "js/segment") {
			js += n
		}
		if strings.HasPrefix(rel, "fonts/") {
			font += n
		}
		files = append(files, fmt.Sprintf("%s=%d", rel, n))
	}
	sort.Strings(files)
	return total, js, font, files
}

// gz is the size of b gzipped (level 6, what servers use), or of b itself
// when it is already compressed (Pagefind's files are gzipped on disk).
func gz(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, 6)
	w.Write(b)
	w.Close()
	return min(buf.Len(), len(b))
}

func kb(n int) float64 { return float64(n) / 1024 }

func head(s []string, n int) []string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[len(s)/2]
}

// pagefindVersion is the Pagefind release compared against.
const pagefindVersion = "1.6.0"

// pagefind indexes pub with Pagefind (installed with npm into the user
// cache, outside the repository), then runs the same queries through its
// JavaScript API on a plain page of each language (Pagefind needs
// WebAssembly, which the site's CSP does not allow), loading the result
// data of the first 10 results as a results page shows them.
func pagefind(t *testing.T, ctx context.Context, srv *browsertest.Server, pub string, byLang map[string][]fixture.Query, report func(lang string, recall float64, bytes int, ms float64)) {
	bin := installPagefind(t)
	out, err := exec.Command(bin, "--site", pub, "--quiet").CombinedOutput()
	if err != nil {
		t.Fatalf("pagefind: %v\n%s", err, out)
	}
	for _, lang := range fixture.Langs {
		page := fmt.Sprintf("<!doctype html><html lang=%q><meta charset=utf-8><title>pagefind %s</title><body></body></html>", lang, lang)
		if err := os.WriteFile(filepath.Join(pub, "pagefind-"+lang+".html"), []byte(page), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run := func(ctx context.Context, q string) (fixture.Result, error) {
		qs, _ := json.Marshal(q)
		return chromedp.Run(ctx, chromedp.Evaluate[fixture.Result](fmt.Sprintf(`(async function () {
  window.pf = window.pf || await import('/pagefind/pagefind.js');
  var t = performance.now();
  var r = await pf.search(%s);
  var data = await Promise.all(r.results.slice(0, 10).map(function (x) { return x.data(); }));
  return {URLs: data.map(function (d) { return d.url.replace(/^\//, '').replace(/index\.html$/, ''); }), MS: performance.now() - t};
})()`, qs), chromedp.EvalAwaitPromise))
	}
	for _, lang := range fixture.Langs {
		qs := byLang[lang]
		fctx, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
		if err := chromedp.Do(fctx, chromedp.Navigate(srv.URL+"pagefind-"+lang+".html")); err != nil {
			t.Fatal(err)
		}
		// Pagefind fetches its WebAssembly, index and fragments in a web
		// worker, whose requests the page's Resource Timing does not list:
		// count what the server served during the first query instead.
		before := len(srv.Hits())
		if _, err := run(fctx, qs[0].Text); err != nil {
			t.Fatalf("pagefind %s: %v", lang, err)
		}
		var urls []string
		for _, h := range srv.Hits()[before:] {
			urls = append(urls, strings.TrimSuffix(srv.URL, "/")+h)
		}
		bytes, _, _, files := sizes(t, urls, srv.URL, pub)
		t.Logf("pagefind %s first query loaded: %s", lang, strings.Join(files, " "))
		found := 0
		var warm []float64
		for _, q := range qs {
			res, err := run(fctx, q.Text)
			if err != nil {
				t.Fatal(err)
			}
			if fixture.Top(res.URLs, q.URL, 3) {
				found++
			}
			res, err = run(fctx, q.Text)
			if err != nil {
				t.Fatal(err)
			}
			warm = append(warm, res.MS)
		}
		cancel()
		report(lang, float64(found)/float64(len(qs)), bytes, median(warm))
	}
}

// installPagefind installs the npm package pagefind (which ships its
// binary) into the user cache once and returns the binary's path.
func installPagefind(t *testing.T) string {
	cache, err := os.UserCacheDir()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(cache, "spean-pagefind-"+pagefindVersion)
	bin := filepath.Join(dir, "node_modules", ".bin", "pagefind")
	if _, err := os.Stat(bin); err == nil {
		return bin
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("npm", "install", "--prefix", dir, "--no-audit", "--no-fund", "pagefind@"+pagefindVersion).CombinedOutput()
	if err != nil {
		t.Fatalf("npm install pagefind: %v\n%s", err, out)
	}
	return bin
}
