package offline_test

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"spean/generator/internal/browsertest"
	"spean/generator/script"
)

var langs = []string{"en", "km", "lo", "my", "th"}

// builtFixture builds the fixture site once for all browser tests.
var (
	fixtureOnce sync.Once
	fixtureOut  string
)

func built(t *testing.T) string {
	t.Helper()
	browsertest.RequireChromium(t)
	fixtureOnce.Do(func() {
		// The folder must outlive the first test: keep it beside the
		// test binary's temporary files and remove it in TestMain.
		site := browsertest.Fixture(t, "../internal/browsertest/testdata/site.txtar")
		out := browsertest.Build(t, site)
		dir, err := os.MkdirTemp("", "spean-fixture-")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.CopyFS(dir, os.DirFS(out)); err != nil {
			t.Fatal(err)
		}
		fixtureOut = dir
	})
	if fixtureOut == "" {
		t.Fatal("fixture build failed in an earlier test")
	}
	return fixtureOut
}

func TestMain(m *testing.M) {
	browsertest.Main(m, func() {
		if fixtureOut != "" {
			os.RemoveAll(fixtureOut)
		}
	})
}

// watch records every request the tab makes and every Content-Security-
// Policy violation the page reports, so a test can prove nothing left the
// origin and nothing the theme needs was blocked.
type watch struct {
	mu       sync.Mutex
	requests []string
}

func (w *watch) list() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.requests)
}

func watchTab(t *testing.T, ctx context.Context) *watch {
	t.Helper()
	w := &watch{}
	if err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			w.mu.Lock()
			w.requests = append(w.requests, e.Request.URL)
			w.mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
			Source: `window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));`,
		})
		return err
	}))
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func run[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	c, cancel := browsertest.Timeout(ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(c, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// pageCheck is what every page must pass: the inline CSS applied (the CSP
// hash is right), no CSP violation, no horizontal scrolling, and axe-core
// finds no WCAG 2.2 A/AA or best-practice violation.
func pageCheck(t *testing.T, ctx context.Context, axe string) {
	t.Helper()
	csp := run(t, ctx, chromedp.Evaluate[[]string](`window.__csp || []`))
	if len(csp) > 0 {
		t.Errorf("Content-Security-Policy violations: %v", csp)
	}
	// The critical CSS sets the body's margin to 0 (browsers default to 8px).
	styled := run(t, ctx, chromedp.Evaluate[string](`getComputedStyle(document.body).marginTop`))
	if styled != "0px" {
		t.Errorf("inline CSS not applied (body margin %q): is the CSP hash stale?", styled)
	}
	for _, width := range []int64{360, 320} {
		run(t, ctx, chromedp.EmulateViewport(width, 740))
		over := run(t, ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - document.documentElement.clientWidth`))
		if over > 0 {
			wide := run(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).slice(0, 5).map(e => e.tagName + '.' + e.className)`))
			t.Errorf("at %d px the page scrolls sideways by %d px; widest: %v", width, over, wide)
		}
		// A page's header is one row, home and Get help side by side, in
		// every language: two rows take a third of a small phone's screen
		// on every scroll (Burmese at 320 px took 111 px). (The chooser's
		// header holds every language's Get help, on as many rows.)
		if h := run(t, ctx, chromedp.Evaluate[float64](`(b => b ? b.parentNode.getBoundingClientRect().height : 0)(document.querySelector('.site-header .bar > .brand'))`)); h > 60 {
			t.Errorf("at %d px the header's bar is %.0f px high: its links wrap onto two rows", width, h)
		}
	}
	// Text at 200% (Android's largest font setting, or browser zoom of
	// text) must still fit a 360 px phone.
	run(t, ctx, chromedp.EmulateViewport(360, 740))
	over := run(t, ctx, chromedp.Evaluate[int](`(() => {
		const r = document.documentElement; r.style.fontSize = '200%';
		const o = r.scrollWidth - r.clientWidth; r.style.fontSize = ''; return o; })()`))
	if over > 0 {
		t.Errorf("with text at 200%% the page scrolls sideways by %d px", over)
	}
	// Every rule in the light scheme; the dark scheme changes only
	// colours, so it needs only the contrast rules.
	for _, scheme := range []string{"light", "dark"} {
		run(t, ctx, colorScheme(scheme))
		var rules []string
		if scheme == "dark" {
			rules = []string{"color-contrast", "link-in-text-block"}
		}
		v, err := browsertest.Axe(ctx, axe, rules...)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range v {
			t.Errorf("axe (%s): %s", scheme, x)
		}
	}
	run(t, ctx, colorScheme(""))
}

// colorScheme emulates prefers-color-scheme ("" for the browser's own).
func colorScheme(v string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		p := emulation.SetEmulatedMediaParams{}
		if v != "" {
			p.Features = []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: v}}
		}
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, p)
		return err
	})
}

func TestPagesInEveryLanguage(t *testing.T) {
	out := built(t)
	srv := browsertest.Serve(t, out)
	axe := browsertest.AxeSource(t)
	ctx := browsertest.Browser(t)
	w := watchTab(t, ctx)
	pages := []string{"", "rights/", "rights/minimum-wage/", "getting-help/hotlines/", "offline/"}
	if _, err := os.Stat(filepath.Join(out, "en", "search", "index.html")); err == nil {
		pages = append(pages, "search/")
	}
	for _, lang := range langs {
		for _, p := range pages {
			t.Run(lang+"/"+p, func(t *testing.T) {
				run(t, ctx, chromedp.Navigate(srv.URL+lang+"/"+p+"index.html"))
				if got := run(t, ctx, chromedp.Evaluate[string](`document.documentElement.lang`)); got != lang {
					t.Errorf("html lang = %q, want %q", got, lang)
				}
				pageCheck(t, ctx, axe)
			})
		}
	}
	t.Run("chooser", func(t *testing.T) {
		run(t, ctx, chromedp.Navigate(srv.URL+"index.html"))
		pageCheck(t, ctx, axe)
		// "Suggested for you" shows for one language at most (the
		// browser's, when the site has it): a display rule for the
		// chooser's spans once showed it under every language.
		shown := run(t, ctx, chromedp.Evaluate[int](`[...document.querySelectorAll('.suggested')].filter(e => getComputedStyle(e).display != 'none').length`))
		if shown > 1 {
			t.Errorf("the chooser shows %d languages as suggested, want one at most", shown)
		}
	})
	for _, u := range w.list() {
		if !strings.HasPrefix(u, srv.URL) && !strings.HasPrefix(u, "data:") {
			t.Errorf("request left the origin: %s", u)
		}
	}
}

// TestScriptsAndNotices checks what a reader sees that axe cannot judge:
// the Burmese web font on Burmese pages only, the fallback and unreviewed
// notices in the reader's language, the Call buttons and the Get help link.
func TestScriptsAndNotices(t *testing.T) {
	out := built(t)
	srv := browsertest.Serve(t, out)
	ctx := browsertest.Browser(t)
	w := watchTab(t, ctx)
	eval := func(js string) string { return run(t, ctx, chromedp.Evaluate[string](js)) }

	run(t, ctx, chromedp.Navigate(srv.URL+"my/rights/minimum-wage/index.html"))
	// The page's font is Noto Sans Myanmar, the reader's own where
	// installed (local(), script.WebFont.Local), else the theme's file,
	// asked for as soon as the page lays out Burmese text:
	// document.fonts.ready waits for either, without loading anything.
	font := burmeseFont(t, ctx, "/fonts/")
	if !font.Ready || font.Local == font.Fetched {
		t.Errorf("my: the Spean Myanmar face is ready: %v; Noto Sans Myanmar installed: %v; its file fetched: %v (want it ready, and fetched only where not installed)", font.Ready, font.Local, font.Fetched)
	}
	if os.Getenv("CI") == "true" && !font.Local {
		t.Error("my: CI installs fonts-noto-core, but Chromium found no local Noto Sans Myanmar: the page fetched its file")
	}
	if got := drawnIn(t, ctx, ".content p"); got != "Noto Sans Myanmar" {
		t.Errorf("my: the first paragraph's Burmese is drawn in %s, want Noto Sans Myanmar", got)
	}
	if lh := eval(`getComputedStyle(document.querySelector('.content p')).lineHeight`); lh == "normal" {
		t.Errorf("my: line-height not set for Burmese")
	}
	run(t, ctx, chromedp.Navigate(srv.URL+"km/rights/minimum-wage/index.html"))
	if got := eval(`document.querySelector('.notice-unreviewed') ? document.querySelector('.notice-unreviewed').textContent : ''`); !strings.Contains(got, "ពិនិត្យ") {
		t.Errorf("km unreviewed page: notice = %q, want the Khmer unreviewed notice", got)
	}
	run(t, ctx, chromedp.Navigate(srv.URL+"lo/rights/overtime/index.html"))
	fallback := eval(`(document.querySelector('.notice-fallback') || {}).textContent || ''`)
	if !strings.Contains(fallback, "ໄທ") {
		t.Errorf("lo fallback page shown in Thai: notice = %q, want it to name Thai in Lao", fallback)
	}
	if got := eval(`document.querySelector('h1').lang`); got != "th" {
		t.Errorf("lo fallback page: h1 lang = %q, want th (the language of the text)", got)
	}
	if got := eval(`document.querySelector('.notice-fallback').closest('[lang]').lang`); got != "lo" {
		t.Errorf("lo fallback notice is inside lang=%q, want lo", got)
	}
	run(t, ctx, chromedp.Navigate(srv.URL+"km/getting-help/hotlines/index.html"))
	call := eval(`(document.querySelector('a.call[href^="tel:"]') || {}).href || ''`)
	if call != "tel:1694" {
		t.Errorf("km hotlines: first Call button = %q, want tel:1694", call)
	}
	if h := run(t, ctx, chromedp.Evaluate[float64](`document.querySelector('a.call').getBoundingClientRect().height`)); h < 48 {
		t.Errorf("Call button is %.0f px tall, want at least 48", h)
	}
	// Get help stays on screen on a long page scrolled to its end.
	run(t, ctx, chromedp.EmulateViewport(360, 740))
	run(t, ctx, chromedp.Navigate(srv.URL+"km/rights/minimum-wage/index.html"))
	top := run(t, ctx, chromedp.Evaluate[float64](`window.scrollTo({top: document.body.scrollHeight, behavior: 'instant'}), document.querySelector('.help-link').getBoundingClientRect().top`))
	if scrolled := run(t, ctx, chromedp.Evaluate[float64](`window.scrollY`)); scrolled < 200 || top < 0 || top > 100 {
		t.Errorf("scrolled %.0f px down, the Get help link is at %.0f px: want it on screen at the top", scrolled, top)
	}
	for _, lang := range langs {
		run(t, ctx, chromedp.Navigate(srv.URL+lang+"/rights/index.html"))
		if got := eval(`(document.querySelector('.help-link') || {}).href || ''`); !strings.HasSuffix(got, "/"+lang+"/getting-help/hotlines/index.html") {
			t.Errorf("%s: Get help link = %q", lang, got)
		}
		// A preloaded font held back a Burmese page's first paint: in
		// Lighthouse (Chromium 156) the first paint came at 2.2 s instead of
		// 0.3 s, and the speed index was 3.5 s instead of 0.9 s.
		fonts := run(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('link[rel=preload][as=font]')].map(l => l.href)`))
		if len(fonts) != 0 {
			t.Errorf("%s: font preloads %v; want none", lang, fonts)
		}
		fontFaces := run(t, ctx, chromedp.Evaluate[int](`[...document.fonts].filter(f => f.family.replace(/"/g, '') === 'Spean Myanmar').length`))
		if (lang == "my") != (fontFaces == 1) {
			t.Errorf("%s: %d Burmese web fonts; want one on Burmese pages and none elsewhere", lang, fontFaces)
		}
		if lang != "my" {
			switcherName(t, ctx, lang)
		}
	}
	for _, u := range w.list() {
		if !strings.HasPrefix(u, srv.URL) && !strings.HasPrefix(u, "data:") {
			t.Errorf("request left the origin: %s", u)
		}
	}
}

// TestBurmeseFontNotInstalled is a Burmese page on a phone without Noto
// Sans Myanmar (a Zawgyi phone, or one with no Burmese font): Chromium
// started with a fontconfig that hides every Myanmar font of the machine.
// The page's own face must then download the theme's font and draw the
// text with it, every Burmese letter: TestScriptsAndNotices sees only the
// other way, since CI installs fonts-noto-core.
func TestBurmeseFontNotInstalled(t *testing.T) {
	out := built(t)
	srv := browsertest.Serve(t, out)
	conf := filepath.Join(t.TempDir(), "fonts.conf")
	// The machine's own configuration, less the fonts whose files name
	// Myanmar (fonts-noto-core's NotoSansMyanmar-*.ttf, NotoSerifMyanmar-*).
	hide := `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <selectfont><rejectfont><glob>*Myanmar*</glob></rejectfont></selectfont>
</fontconfig>
`
	if err := os.WriteFile(conf, []byte(hide), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := browsertest.Browser(t, chromedp.Env("FONTCONFIG_FILE="+conf))
	run(t, ctx, chromedp.Navigate(srv.URL+"my/rights/minimum-wage/index.html"))
	font := burmeseFont(t, ctx, "/fonts/noto-sans-myanmar-subset")
	if font.Local {
		t.Fatal("Chromium still finds a local Noto Sans Myanmar: the fontconfig that hides it did not take")
	}
	if !font.Ready || !font.Fetched {
		t.Errorf("my, no Burmese font installed: face ready %v, its file fetched %v; want both", font.Ready, font.Fetched)
	}
	// Every Burmese glyph from the downloaded face (Chromium calls it a
	// web font), none from a fallback that lacks them.
	fonts := browsertest.PlatformFonts(t, ctx, ".content p")
	if len(fonts) == 0 {
		t.Fatal("no paragraph")
	}
	web, others := 0.0, []string{}
	for _, f := range fonts[0] {
		if f.IsCustomFont && f.FamilyName == "Noto Sans Myanmar" {
			web += f.GlyphCount
		} else {
			others = append(others, fmt.Sprintf("%s ×%g", f.FamilyName, f.GlyphCount))
		}
	}
	text := run(t, ctx, chromedp.Evaluate[string](`document.querySelector('.content p').textContent`))
	burmese := 0
	for _, r := range text {
		if r >= 0x1000 && r <= 0x109F {
			burmese++
		}
	}
	if web == 0 || burmese == 0 {
		t.Errorf("my, no Burmese font installed: the first paragraph (%d Burmese letters) drew %g glyphs with the downloaded font, and %v", burmese, web, others)
	}
	for _, o := range others {
		if strings.Contains(o, "Myanmar") {
			t.Errorf("my, no Burmese font installed: part of the paragraph is drawn in %s, not the downloaded face", o)
		}
	}
}

// switcherName checks that the language switcher of a page in another
// script draws Burmese's name for itself, မြန်မာဘာသာ, wholly in the small
// web font of its letters (script.NameFontFor): a phone with only a
// Zawgyi font would garble it in its own, and a Burmese reader on this
// page could not find the way to Burmese.
func switcherName(t *testing.T, ctx context.Context, lang string) {
	t.Helper()
	sel := `.languages a[lang="my"]`
	run(t, ctx, chromedp.Evaluate[bool](`document.querySelector('`+sel+`').scrollIntoView(), true`))
	run(t, ctx, chromedp.Evaluate[bool](`document.fonts.ready.then(() => true)`, chromedp.EvalAwaitPromise))
	if n := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('`+sel+`').length`)); n != 1 {
		t.Fatalf("%s: %d Burmese links in the language switcher, want one", lang, n)
	}
	if got := drawnIn(t, ctx, sel); got != "Noto Sans Myanmar" {
		t.Errorf("%s: the switcher's Burmese name is drawn in %s; want Noto Sans Myanmar alone", lang, got)
	}
	// The font was the page's own face, loaded from the reader's fonts or
	// from the theme: not the phone's choice for Burmese, which may be
	// Zawgyi.
	if !run(t, ctx, chromedp.Evaluate[bool](`[...document.fonts].some(f => f.family.replace(/"/g, '') === 'Spean Myanmar Names' && f.status === 'loaded')`)) {
		t.Errorf("%s: the face Spean Myanmar Names did not load", lang)
	}
}

// fontState is what a Burmese page's font came to (burmeseFont).
type fontState struct{ Ready, Local, Fetched bool }

// burmeseFont waits for the open Burmese page's fonts and says whether its
// face Spean Myanmar is ready for Burmese text, whether Chromium finds
// the face's local() font installed, and whether the page fetched a file
// whose address holds fetched.
func burmeseFont(t *testing.T, ctx context.Context, fetched string) fontState {
	t.Helper()
	return run(t, ctx, chromedp.Evaluate[fontState](`document.fonts.ready.then(async () => ({
		ready: document.fonts.check('16px "Spean Myanmar"', 'မြန်မာ'),
		local: await new FontFace('probe', `+strconv.Quote(localSrc("my"))+`).load().then(() => true, () => false),
		fetched: performance.getEntriesByType('resource').some(e => e.name.includes(`+strconv.Quote(fetched)+`)),
	}))`, chromedp.EvalAwaitPromise))
}

// localSrc is the local() part of the src of lang's web font: the fonts
// installed on a phone that it takes before downloading its file.
func localSrc(lang string) string {
	var src []string
	for _, name := range script.Of(lang).WebFont.Local {
		src = append(src, fmt.Sprintf("local(%q)", name))
	}
	return strings.Join(src, ", ")
}

// drawnIn names the fonts Chromium drew the first element matching sel
// in, by family, joined by " + " when more than one drew it. It cannot
// tell a face's local() font from the same font named in font-family:
// Chromium reports a web font only when downloaded.
func drawnIn(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	fonts := browsertest.PlatformFonts(t, ctx, sel)
	if len(fonts) == 0 {
		t.Fatalf("no element matches %s", sel)
	}
	var used []string
	for _, f := range fonts[0] {
		used = append(used, f.FamilyName)
	}
	return strings.Join(used, " + ")
}

// TestServiceWorkerOffline visits one Khmer page, waits until the page
// says the language is saved, takes the server away, and reads other
// Khmer pages and the search files from the saved copy.
func TestServiceWorkerOffline(t *testing.T) {
	out := built(t)
	srv := browsertest.Serve(t, out)
	ctx := browsertest.Browser(t)
	run(t, ctx, chromedp.Navigate(srv.URL+"km/rights/minimum-wage/index.html"))
	// The fixture fits the default budget: the first visit saves it all.
	waitStatus(t, ctx, ui(t, "km", "offline_available"))
	// One bar of signal: the server answers after 20 s; the saved copy
	// must show well before that.
	srv.SetDelay(20 * time.Second)
	start := time.Now()
	run(t, ctx, chromedp.Navigate(srv.URL+"km/rights/overtime/index.html"))
	if d := time.Since(start); d > 12*time.Second {
		t.Errorf("slow network: the saved page took %s", d.Round(time.Second))
	}
	if h1 := run(t, ctx, chromedp.Evaluate[string](`(document.querySelector('h1') || {}).textContent || ''`)); h1 == "" {
		t.Error("slow network: no page shown")
	}
	srv.SetDelay(0)

	searchFile := ""
	if m, _ := filepath.Glob(filepath.Join(out, "km", "search", "*.js")); len(m) > 0 {
		searchFile = "km/search/" + filepath.Base(m[0])
	}
	srv.Close()
	before := len(srv.Hits())

	for _, p := range []string{"km/rights/overtime/index.html", "km/getting-help/hotlines/", "km/index.html"} {
		run(t, ctx, chromedp.Navigate(srv.URL+p))
		title := run(t, ctx, chromedp.Evaluate[string](`document.querySelector('h1') ? document.querySelector('h1').textContent : ''`))
		if title == "" || strings.Contains(title, "offline") {
			t.Errorf("offline %s: h1 = %q, want the saved page", p, title)
		}
	}
	if searchFile != "" {
		run(t, ctx, chromedp.Navigate(srv.URL+"km/search/index.html"))
		n := run(t, ctx, chromedp.Evaluate[int](fmt.Sprintf(`fetch(%q).then(r => r.ok ? r.text() : '').then(s => s.length)`, srv.URL+searchFile), chromedp.EvalAwaitPromise))
		if n == 0 {
			t.Errorf("offline: search file %s not served from the saved copy", searchFile)
		}
	}
	// A page of a language never visited: the offline page, in Khmer.
	run(t, ctx, chromedp.Navigate(srv.URL+"km/no-such-page/"))
	offline := run(t, ctx, chromedp.Evaluate[string](`document.querySelector('h1') ? document.querySelector('h1').textContent : document.body.textContent`))
	if offline != "អ្នកមិនមានអ៊ីនធឺណិតទេ" {
		t.Errorf("offline, unsaved page: h1 = %q, want the Khmer offline page", offline)
	}
	searchHint := `(e => e && !e.hidden && getComputedStyle(e).display != 'none')(document.getElementById('offline-search'))`
	if run(t, ctx, chromedp.Evaluate[bool](searchHint)) {
		t.Error("offline, unsaved page: the offline page speaks of search")
	}
	// A search page not saved (Lao, never visited): the offline page says
	// what makes search work without internet.
	run(t, ctx, chromedp.Navigate(srv.URL+"lo/search/index.html?q=x"))
	if !run(t, ctx, chromedp.Evaluate[bool](searchHint)) {
		t.Errorf("offline, a search page not saved: no word on saving the language for search (page: %q)", run(t, ctx, chromedp.Evaluate[string](`document.body.textContent.slice(0, 200)`)))
	}
	if after := len(srv.Hits()); after != before {
		t.Errorf("the closed server answered %d requests", after-before)
	}
}

// TestZipFromDisk unzips the Khmer download and follows every link between
// its Khmer pages from file://, as a reader with an SD card would.
func TestZipFromDisk(t *testing.T) {
	out := built(t)
	dir := t.TempDir()
	browsertest.Unzip(t, filepath.Join(out, "downloads", "spean-km.zip"), dir)
	root := filepath.Join(dir, "spean-km")
	ctx := browsertest.Browser(t)
	w := watchTab(t, ctx)
	// The page the footer's hint names, index.html, opens the Khmer home
	// page (it was the chooser of languages, in English, whose "Get help"
	// led to the English pages, which are not in the Khmer copy).
	entry := (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(root, "index.html"))}).String()
	run(t, ctx, chromedp.Navigate(entry))
	// Wait until the refresh's page has loaded, not only committed: a
	// navigation begun while it still loads can be taken as done by the
	// refresh's load event, and the next evaluation then dies with the
	// page under it (CI, stop 34: "Inspected target navigated or closed").
	// For the same reason an evaluation here may meet the refresh itself:
	// that is not an error, only a reason to look again.
	var at string
	for range 50 {
		c, cancel := browsertest.Timeout(ctx, 5*time.Second)
		state, err := chromedp.Run(c, chromedp.Evaluate[[]string](`[location.href, document.readyState]`))
		cancel()
		if err == nil && len(state) == 2 {
			if at = state[0]; strings.HasSuffix(at, "/spean-km/km/index.html") && state[1] == "complete" {
				break
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !strings.HasSuffix(at, "/spean-km/km/index.html") {
		t.Errorf("the zip's index.html stays at %s, want the Khmer home page", at)
	}
	start := (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(root, "km", "index.html"))}).String()
	// The other languages are not in the Khmer copy: the switcher's links
	// to them lead to the site online (its base_url), the Khmer one stays.
	run(t, ctx, chromedp.Navigate(start))
	switcher := run(t, ctx, chromedp.Evaluate[map[string]string](`Object.fromEntries([...document.querySelectorAll('.languages a[hreflang]')].map(a => [a.hreflang, a.href]))`))
	for lang, href := range switcher {
		want := "https://spean.example.org/" + lang + "/index.html"
		if lang == "km" {
			want = start
		}
		if href != want {
			t.Errorf("from disk, the switcher's %s link is %s, want %s", lang, href, want)
		}
	}
	if len(switcher) != len(langs) {
		t.Errorf("switcher links %v, want one per language", switcher)
	}
	// Nor is the zip itself: its link in the footer leads to it online.
	if got, want := run(t, ctx, chromedp.Evaluate[string](`document.querySelector('.download a').href`)), "https://spean.example.org/downloads/spean-km.zip"; got != want {
		t.Errorf("from disk, the zip's link is %s, want %s", got, want)
	}
	// The PDFs of leaflets --pdf stay out of the zip (LangFiles): the
	// leaflets index's links to them lead online. This build printed none,
	// so the link the index would have is written into the copy.
	index := filepath.Join(root, "km", "leaflets", "index.html")
	b, err := os.ReadFile(index)
	if err != nil {
		t.Fatal(err)
	}
	pdfLink := `<a href="leaflet_km_rights_wages.pdf" type="application/pdf">PDF</a>`
	if err := os.WriteFile(index, bytes.Replace(b, []byte("</main>"), []byte(pdfLink+"</main>"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, ctx, chromedp.Navigate((&url.URL{Scheme: "file", Path: filepath.ToSlash(index)}).String()))
	if got, want := run(t, ctx, chromedp.Evaluate[string](`(a => a ? a.href : 'no link')(document.querySelector('a[type="application/pdf"]'))`)), "https://spean.example.org/km/leaflets/leaflet_km_rights_wages.pdf"; got != want {
		t.Errorf("from disk, a PDF's link is %s, want %s", got, want)
	}
	seen := map[string]bool{}
	queue := []string{start}
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		if seen[u] {
			continue
		}
		seen[u] = true
		run(t, ctx, chromedp.Navigate(u))
		// Pages of the theme's base layout have the skip link; other
		// renderers' pages (printable leaflets) have their own styles.
		got := run(t, ctx, chromedp.Evaluate[string](`(s => s ? getComputedStyle(s).position : 'none')(document.querySelector('.skip'))`))
		if got != "absolute" && got != "none" {
			t.Errorf("%s: inline CSS not applied from disk", u)
		}

		links := run(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('a[href]')].map(a => a.href.split('#')[0]).filter(h => h.startsWith('file:'))`))
		for _, l := range links {
			p, err := url.Parse(l)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(filepath.FromSlash(p.Path)); err != nil {
				if strings.HasPrefix(p.Path, filepath.ToSlash(filepath.Join(root, "km"))+"/") {
					t.Errorf("%s links to %s, missing from the zip", u, p.Path)
				}
				continue
			}
			if strings.HasPrefix(p.Path, filepath.ToSlash(filepath.Join(root, "km"))+"/") && strings.HasSuffix(p.Path, ".html") {
				queue = append(queue, l)
			}
		}
	}
	if len(seen) < 6 {
		t.Errorf("followed links to only %d pages from disk", len(seen))
	}
	for _, u := range w.list() {
		if !strings.HasPrefix(u, "file:") && !strings.HasPrefix(u, "data:") {
			t.Errorf("request left the disk: %s", u)
		}
	}
}

// waitStatus waits until the page's offline status says want.
func waitStatus(t *testing.T, ctx context.Context, want string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	got := ""
	for time.Now().Before(deadline) {
		got = run(t, ctx, chromedp.Evaluate[string](`(document.getElementById('offline-status') || {}).textContent || ''`))
		if got == want {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("the offline status says %q, want %q", got, want)
}

// TestServiceWorkerPackedSearch builds the fixture with its search index
// packed (search.max_files 3), lets the first visit save Khmer, takes the
// server away, and searches: the service worker answers search.js's range
// requests from the saved whole parts (pack.go, sw.js ranged).
func TestServiceWorkerPackedSearch(t *testing.T) {
	browsertest.RequireChromium(t)
	site := browsertest.Fixture(t, "../internal/browsertest/testdata/site.txtar")
	browsertest.AppendConfig(t, site, "\nsearch:\n  max_files: 3\n")
	out := browsertest.Build(t, site)
	if m, _ := filepath.Glob(filepath.Join(out, "km", "search", "*.pack")); len(m) == 0 {
		t.Fatal("the Khmer index is not packed")
	}
	srv := browsertest.Serve(t, out)
	ctx := browsertest.Browser(t)
	run(t, ctx, chromedp.Navigate(srv.URL+"km/rights/minimum-wage/index.html"))
	waitStatus(t, ctx, ui(t, "km", "offline_available"))
	srv.Close()
	before := len(srv.Hits())

	const q = "ប្រាក់ឈ្នួលអប្បបរមា"
	c, cancel := browsertest.Timeout(ctx, 30*time.Second)
	defer cancel()
	err := chromedp.Do(c,
		chromedp.Navigate(srv.URL+"km/search/index.html?q="+q),
		browsertest.SearchDone(q, 20*time.Second),
	)
	if err != nil {
		t.Fatal(err)
	}
	hrefs := run(t, ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#search-results > li > a')).map(a => a.getAttribute('href'))`))
	if len(hrefs) == 0 || !strings.Contains(hrefs[0], "minimum-wage") {
		t.Errorf("offline search for %s: %v, want the minimum wage page first", q, hrefs)
	}
	// A range, as a server sends it: not the whole saved part.
	parts, _ := filepath.Glob(filepath.Join(out, "km", "search", "*.pack"))
	part := "km/search/" + filepath.Base(parts[0])
	got := run(t, ctx, chromedp.Evaluate[string](fmt.Sprintf(`fetch(%q, {headers: {Range: 'bytes=5-14'}}).then(r => r.arrayBuffer().then(b => r.status + ' ' + b.byteLength + ' ' + r.headers.get('Content-Range')))`, srv.URL+part), chromedp.EvalAwaitPromise))
	whole, _ := os.ReadFile(parts[0])
	if want := fmt.Sprintf("206 10 bytes 5-14/%d", len(whole)); got != want {
		t.Errorf("offline range of %s: %q, want %q", part, got, want)
	}
	if after := len(srv.Hits()); after != before {
		t.Errorf("the closed server answered %d requests", after-before)
	}
}
