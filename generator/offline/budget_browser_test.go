package offline_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"spean/generator/internal/browsertest"
	"spean/generator/site"
)

// fileList is offline/<lang>.files.json as the service worker reads it.
type fileList struct {
	Version string
	Files   [][]any
	Auto    []int
	Base    []int
}

func (l fileList) name(i int) string { return l.Files[i][0].(string) }
func (l fileList) size(i int) int    { return int(l.Files[i][2].(float64)) }

func readList(t *testing.T, out, lang string) fileList {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(site.PrecacheList(lang))))
	if err != nil {
		t.Fatal(err)
	}
	var l fileList
	if err := json.Unmarshal(b, &l); err != nil {
		t.Fatal(err)
	}
	return l
}

// cached lists the site files in the browser's caches, as names from the
// site root; the service worker's own records are left out.
func cached(t *testing.T, ctx context.Context, srv *browsertest.Server) []string {
	t.Helper()
	urls := run(t, ctx, chromedp.Evaluate[[]string](`caches.keys().then(ks => Promise.all(ks.map(k => caches.open(k).then(c => c.keys())))).then(rs => rs.flat().map(r => r.url))`, chromedp.EvalAwaitPromise))
	var names []string
	for _, u := range urls {
		n := strings.TrimPrefix(u, srv.URL)
		if n == "offline/saved.json" || strings.HasSuffix(n, ".files.json") || slices.Contains(names, n) {
			continue
		}
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// sizeText is a size as offline.js writes it, rounded up.
func sizeText(t *testing.T, lang string, bytes int) string {
	kb := int(math.Ceil(float64(bytes) / 1024))
	if kb < 1000 {
		return strings.ReplaceAll(ui(t, lang, "size_kb"), "{{.N}}", strconv.Itoa(kb))
	}
	return strings.ReplaceAll(ui(t, lang, "size_mb"), "{{.N}}", fmt.Sprintf("%.1f", math.Ceil(float64(bytes)/104857.6)/10))
}

// setBudget sets offline.budget_kb in a fixture's config.yaml.
func setBudget(t *testing.T, site string, kb int) {
	t.Helper()
	name := filepath.Join(site, "config.yaml")
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, []byte(fmt.Sprintf("offline:\n  budget_kb: %d\n", kb))...)
	if err := os.WriteFile(name, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestPrecacheBudget: with a budget smaller than the language, one visit
// saves exactly the build's auto files and the page opened, within the
// budget and without any print matter; Save this section and Save every
// page offer what they will download, in the reader's language, and
// saving the language makes every page readable offline.
func TestPrecacheBudget(t *testing.T) {
	browsertest.RequireChromium(t)
	site := browsertest.Fixture(t, "../internal/browsertest/testdata/site.txtar")
	const budget = 46
	setBudget(t, site, budget)
	out := browsertest.Build(t, site)
	l := readList(t, out, "km")
	srv := browsertest.Serve(t, out)
	ctx := browsertest.Browser(t)
	const opened = "km/rights/minimum-wage/index.html"

	// The base (home, offline page, shared files) must fit, or no
	// section saved offline would work.
	for _, i := range l.Base {
		if !slices.Contains(l.Auto, i) {
			t.Fatalf("the %d KB budget leaves out %s of the base: raise the budget of this test", budget, l.name(i))
		}
	}
	want := []string{opened}
	autoBytes := 0
	for _, i := range l.Auto {
		want = append(want, l.name(i))
		autoBytes += l.size(i)
	}
	if len(l.Auto) == 0 || len(l.Auto) >= len(l.Files)-3 || autoBytes > budget*1024 {
		t.Fatalf("the build chose %d of %d files (%d B) for a %d KB budget: the fixture no longer tests a budget", len(l.Auto), len(l.Files), autoBytes, budget)
	}
	slices.Sort(want)
	want = slices.Compact(want)

	run(t, ctx, chromedp.Navigate(srv.URL+opened))
	waitStatus(t, ctx, ui(t, "km", "offline_some_saved"))
	got := cached(t, ctx, srv)
	if !slices.Equal(got, want) {
		t.Errorf("saved after one visit:\n got %v\nwant %v (the build's auto files and the page opened)", got, want)
	}
	for _, n := range got {
		if strings.Contains(n, "/leaflet") || strings.Contains(n, "/booklet/") || strings.HasPrefix(n, "css/") {
			t.Errorf("print matter saved: %s", n)
		}
	}
	for _, h := range srv.Hits() {
		if strings.Contains(h, "/leaflet") || strings.Contains(h, "/booklet/") || h == "/css/leaflet.css" {
			t.Errorf("print matter downloaded: %s", h)
		}
	}

	// The zip's size beside its download link, from the summary the
	// build wrote after the zip.
	zip, err := os.Stat(filepath.Join(out, "downloads", "spean-km.zip"))
	if err != nil {
		t.Fatal(err)
	}
	wantZip := strings.ReplaceAll(ui(t, "km", "download_size"), "{{.Size}}", sizeText(t, "km", int(zip.Size())))
	if got := run(t, ctx, chromedp.Evaluate[string](`document.getElementById('zip-size').textContent`)); got != wantZip {
		t.Errorf("zip size beside the download link: %q, want %q", got, wantZip)
	}

	// What the buttons offer is what is not saved yet, in Khmer.
	// A section is its own pages and the base every saved section needs
	// (home, offline page, shared scripts), less what is already saved.
	left := func(prefix string) int {
		have := map[string]bool{}
		for _, n := range got {
			have[n] = true
		}
		n := 0
		for i := range l.Files {
			name := l.name(i)
			if !have[name] && (strings.HasPrefix(name, prefix) || slices.Contains(l.Base, i)) {
				n += l.size(i)
			}
		}
		return n
	}
	label := func(unit string) string {
		return run(t, ctx, chromedp.Evaluate[string](fmt.Sprintf(`(b => b && !b.hidden ? b.textContent : '')(document.querySelector('button[data-unit=%q]'))`, unit)))
	}
	sec := strings.ReplaceAll(ui(t, "km", "offline_save_section"), "{{.Size}}", sizeText(t, "km", left("km/rights/")))
	if got := label("section"); got != sec {
		t.Errorf("section button %q, want %q", got, sec)
	}
	all := strings.ReplaceAll(ui(t, "km", "offline_save_language"), "{{.Size}}", sizeText(t, "km", left("")))
	if got := label("all"); got != all {
		t.Errorf("language button %q, want %q", got, all)
	}

	run(t, ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector('button[data-unit=section]').click()`))
	waitStatus(t, ctx, ui(t, "km", "offline_section_saved"))
	got = cached(t, ctx, srv)
	for i := range l.Files {
		if n := l.name(i); strings.HasPrefix(n, "km/rights/") && !slices.Contains(got, n) {
			t.Errorf("section saved, but not %s", n)
		}
	}
	if slices.Contains(got, "km/getting-help/index.html") {
		t.Error("saving one section saved another")
	}

	run(t, ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector('button[data-unit=all]').click()`))
	waitStatus(t, ctx, ui(t, "km", "offline_available"))
	got = cached(t, ctx, srv)
	for i := range l.Files {
		if !slices.Contains(got, l.name(i)) {
			t.Errorf("language saved, but not %s", l.name(i))
		}
	}
	srv.Close()
	run(t, ctx, chromedp.Navigate(srv.URL+"km/getting-help/index.html"))
	if h1 := run(t, ctx, chromedp.Evaluate[string](`(document.querySelector('h1') || {}).textContent || ''`)); h1 == "" || h1 == ui(t, "km", "offline_title") {
		t.Errorf("offline, a page saved with the language: h1 = %q", h1)
	}
}

// TestSaveData: with the phone's data saver on (navigator.connection.saveData),
// a visit saves the page opened and none of the budget's other pages; the
// pages opened after it are kept as before, and the buttons still offer the
// section and the language.
func TestSaveData(t *testing.T) {
	browsertest.RequireChromium(t)
	site := browsertest.Fixture(t, "../internal/browsertest/testdata/site.txtar")
	out := browsertest.Build(t, site)
	l := readList(t, out, "km")
	srv := browsertest.Serve(t, out)
	ctx := browsertest.Browser(t)
	on := true
	if _, err := chromedp.Call(ctx, emulation.SetDataSaverOverride, emulation.SetDataSaverOverrideParams{DataSaverEnabled: &on}); err != nil {
		t.Fatal(err)
	}
	const opened, next = "km/rights/minimum-wage/index.html", "km/getting-help/hotlines/index.html"
	run(t, ctx, chromedp.Navigate(srv.URL+opened))
	if !run(t, ctx, chromedp.Evaluate[bool](`navigator.connection.saveData`)) {
		t.Fatal("the data saver override did not take")
	}
	waitStatus(t, ctx, ui(t, "km", "offline_some_saved"))
	if len(l.Auto) < 3 {
		t.Fatalf("the build chose %d auto files: the fixture no longer tests the budget", len(l.Auto))
	}
	if got := cached(t, ctx, srv); !slices.Equal(got, []string{opened}) {
		t.Errorf("saved after one visit with the data saver on: %v, want only %s", got, opened)
	}
	for _, h := range srv.Hits() {
		page := strings.HasSuffix(h, "/") || strings.HasSuffix(h, ".html")
		if page && !strings.HasPrefix(h, "/km/rights/minimum-wage/") {
			t.Errorf("downloaded the page %s, which the reader did not open", h)
		}
	}
	if run(t, ctx, chromedp.Evaluate[string](`(b => b && !b.hidden ? b.textContent : '')(document.querySelector('button[data-unit=all]'))`)) == "" {
		t.Error("no offer to save the language")
	}
	// The next page opened is kept, as without the data saver.
	run(t, ctx, chromedp.Navigate(srv.URL+next))
	waitStatus(t, ctx, ui(t, "km", "offline_some_saved"))
	deadline := time.Now().Add(10 * time.Second)
	for !slices.Contains(cached(t, ctx, srv), next) && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
	}
	if got := cached(t, ctx, srv); !slices.Contains(got, next) || !slices.Contains(got, opened) {
		t.Errorf("saved after opening a second page: %v, want both pages", got)
	}
}

// TestServiceWorkerUpdate saves the Khmer pages, publishes a new build with
// a corrected page, and checks that the reader is told in Khmer, that
// nothing changes on the phone until they ask, and that updating then
// downloads only what changed and leaves one copy, of the new build, with
// the corrected text.
func TestServiceWorkerUpdate(t *testing.T) {
	browsertest.RequireChromium(t)
	site := browsertest.Fixture(t, "../internal/browsertest/testdata/site.txtar")
	first := browsertest.Build(t, site)
	served := t.TempDir()
	if err := os.CopyFS(served, os.DirFS(first)); err != nil {
		t.Fatal(err)
	}
	srv := browsertest.Serve(t, served)
	ctx := browsertest.Browser(t)
	page := srv.URL + "km/rights/minimum-wage/index.html"
	run(t, ctx, chromedp.Navigate(page))
	waitStatus(t, ctx, ui(t, "km", "offline_available"))
	keys := func() []string {
		return run(t, ctx, chromedp.Evaluate[[]string](`caches.keys()`, chromedp.EvalAwaitPromise))
	}
	old := keys()
	if len(old) != 1 {
		t.Fatalf("caches after the first visit: %v", old)
	}

	// The correction: a new sentence on the Khmer page, built and
	// published over the old site.
	const fix = "អត្រាថ្មីចាប់ពីខែមករា។"
	name := filepath.Join(site, "content", "rights", "minimum-wage.km.md")
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, append(b, []byte("\n"+fix+"\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	second := browsertest.Build(t, site)
	if err := os.RemoveAll(served); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(served, os.DirFS(second)); err != nil {
		t.Fatal(err)
	}

	run(t, ctx, chromedp.Navigate(srv.URL+"km/index.html"))
	deadline := time.Now().Add(45 * time.Second)
	notice := ""
	for time.Now().Before(deadline) && notice == "" {
		notice = run(t, ctx, chromedp.Evaluate[string](`(b => b && !b.hidden ? b.querySelector('p').textContent : '')(document.getElementById('update'))`))
		time.Sleep(300 * time.Millisecond)
	}
	if notice != ui(t, "km", "update_available") {
		t.Fatalf("update notice %q, want the Khmer update_available", notice)
	}
	if now := keys(); !slices.Equal(now, old) {
		t.Errorf("the saved copy changed before the reader asked: %v, was %v", now, old)
	}

	before := len(srv.Hits())
	run(t, ctx, chromedp.Evaluate[chromedp.Void](`document.getElementById('update-now').click()`))
	var now []string
	deadline = time.Now().Add(45 * time.Second)
	for time.Now().Before(deadline) {
		now = keys()
		if len(now) == 1 && now[0] != old[0] {
			break
		}
		time.Sleep(300 * time.Millisecond)
	}
	if len(now) != 1 || now[0] == old[0] {
		t.Fatalf("caches after updating: %v (before: %v); want one new cache", now, old)
	}
	text := run(t, ctx, chromedp.Evaluate[string](fmt.Sprintf(`caches.match(%q).then(r => r ? r.text() : '')`, page), chromedp.EvalAwaitPromise))
	if !strings.Contains(text, fix) {
		t.Error("the saved page is not the corrected one")
	}
	hits := srv.Hits()[before:]
	if !slices.Contains(hits, "/km/rights/minimum-wage/index.html") {
		t.Errorf("the corrected page was not downloaded: %v", hits)
	}
	for _, unchanged := range []string{"/km/offline/index.html", "/km/getting-help/hotlines/index.html", "/js/share.js", "/icons/icon-512.png"} {
		if slices.Contains(hits, unchanged) {
			t.Errorf("updating downloaded %s again, though it did not change (requests: %v)", unchanged, hits)
		}
	}
}
