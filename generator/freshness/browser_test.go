package freshness_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"spean/generator/i18n"
	"spean/generator/internal/browsertest"
)

var langs = []string{"en", "km", "lo", "my", "th"}

// The fixture's minimum-wage page was last reviewed on 2026-11-01 in every
// language that has it (Lao falls back to the Thai text) and follows the
// site's 180 days: it is trusted through 2027-04-30. The registration page
// this test adds is trusted for 30 days from 2026-11-01.
const (
	wagePage         = "rights/minimum-wage/"
	registrationPage = "rights/registration/"
)

// Clocks on a phone in Thailand. The second is still 2027-04-30 in UTC:
// the notice goes by the reader's calendar date, not the UTC one.
var (
	bangkok    = time.FixedZone("ICT", 7*3600)
	lastDay    = time.Date(2027, 4, 30, 12, 0, 0, 0, bangkok) // 180 days: still trusted
	dayAfter   = time.Date(2027, 5, 1, 1, 0, 0, 0, bangkok)   // 181 days: "6 months ago"
	fiveWeeks  = time.Date(2026, 12, 5, 12, 0, 0, 0, bangkok) // 34 days: registration "1 month ago"
	registered = `---
title: Registration window
description: When the registration window is open.
last_reviewed: 2026-11-01
review_interval: 30
---
Registration is open until the end of the month.
`
)

// notice is what a page shows of the freshness notice.
type notice struct {
	Shown  bool    `json:"shown"`
	Text   string  `json:"text"`
	Href   string  `json:"href"`
	Lang   string  `json:"lang"`
	Top    float64 `json:"top"`
	Bottom float64 `json:"bottom"`
	Height float64 `json:"height"`
	Date   string  `json:"date"`
}

const readNotice = `(() => {
	const b = document.getElementById('stale');
	const t = document.querySelector('.page-meta time');
	if (!b) return {date: t ? t.textContent : ''};
	const r = b.getBoundingClientRect();
	return {shown: !b.hidden && r.height > 0, text: (b.querySelector('a') || b).innerText.trim(), href: (b.querySelector('a') || {}).href || '',
		lang: b.closest('[lang]').lang, top: r.top, bottom: r.bottom,
		height: innerHeight, date: t ? t.textContent : ''};
})()`

// TestNotice sets the page's clock past a page's review interval and finds
// the notice in the reader's language, online, offline from the service
// worker and from the zip opened from disk; and with the clock on the last
// day of the interval, no notice.
func TestNotice(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	browsertest.RequireChromium(t)
	site := browsertest.Fixture(t, "../internal/browsertest/testdata/site.txtar")
	if err := os.WriteFile(filepath.Join(site, "content", "rights", "registration.en.md"), []byte(registered), 0o644); err != nil {
		t.Fatal(err)
	}
	// A budget that holds every page, so the first visit saves the whole
	// language (package offline tests the budget itself).
	browsertest.AppendConfig(t, site, "offline:\n  budget_kb: 5000\n")
	out := browsertest.Build(t, site)
	bundle, diags := i18n.Load(os.DirFS(browsertest.RepoRoot(t)), "i18n", langs, "en")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	// want is the notice as the build's own UI strings word it.
	want := func(lang string, months int) string {
		s, err := bundle.T(lang, "stale_notice", months, nil)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	shots := os.Getenv("SPEAN_SCREENSHOTS")

	t.Run("online", func(t *testing.T) {
		srv := browsertest.Serve(t, out)
		tab := newTab(t)
		axe := browsertest.AxeSource(t)
		for _, lang := range langs {
			u := srv.URL + lang + "/" + wagePage + "index.html"
			tab.setClock(lastDay)
			if n := tab.open(u); n.Shown || n.Date == "" {
				t.Errorf("%s on the last trusted day: notice %+v; want the review date and no notice", lang, n)
			}
			tab.setClock(dayAfter)
			n := tab.open(u)
			tab.expect(lang, n, want(lang, 6), "/"+lang+"/getting-help/hotlines/index.html")
			t.Logf("%s: %s", lang, n.Text)
			// The notice is fixed to the bottom of the screen: seen at once,
			// moving nothing; the page keeps room for it at its end and for
			// keyboard focus.
			if n.Bottom < n.Height-1 || n.Bottom > n.Height+1 || n.Top <= 0 {
				t.Errorf("%s: notice at %.0f–%.0f px of a %.0f px screen; want it at the bottom of the screen", lang, n.Top, n.Bottom, n.Height)
			}
			if room := tab.eval(`(b => [getComputedStyle(document.body).paddingBottom, getComputedStyle(document.documentElement).scrollPaddingBottom].join(' ') + ' for ' + b.offsetHeight + 'px')(document.getElementById('stale'))`); !sameRoom(room) {
				t.Errorf("%s: room kept for the notice: %s", lang, room)
			}
			cls := tab.cls()
			t.Logf("%s: cumulative layout shift %s", lang, cls)
			if cls != "0" {
				t.Errorf("%s: layout shift %s with the notice, want 0", lang, cls)
			}
			if moved := tab.moved(); moved != "" {
				t.Errorf("%s: showing the notice moved %s", lang, moved)
			}
			if shots != "" {
				tab.screenshot(filepath.Join(shots, "notice-"+lang+".png"))
			}
			tab.pageCheck(lang+", notice shown", axe)
			// OK pins the notice under the title and gives the room back.
			tab.eval(`document.querySelector('#stale button').click(), ''`)
			pinned := tab.eval(`(b => [getComputedStyle(b).position, b.getBoundingClientRect().top > document.querySelector('h1').getBoundingClientRect().bottom - 1, b.getBoundingClientRect().bottom < document.querySelector('.content').getBoundingClientRect().top + 1, document.body.style.paddingBottom || 'none', document.activeElement === b.querySelector('a')].join(' '))(document.getElementById('stale'))`)
			if pinned != "static true true none true" {
				t.Errorf("%s: after OK the notice is %q; want it static between the title and the text, no room kept, focus on its link", lang, pinned)
			}
			if shots != "" {
				tab.screenshot(filepath.Join(shots, "pinned-"+lang+".png"))
			}
			tab.pageCheck(lang+", notice pinned", axe)
		}
		// English has a form for one month; the other languages one form.
		tab.setClock(fiveWeeks)
		for _, lang := range langs {
			if n := tab.open(srv.URL + lang + "/" + wagePage + "index.html"); n.Shown {
				t.Errorf("%s: minimum wage shows the notice after 34 days of 180", lang)
			}
			n := tab.open(srv.URL + lang + "/" + registrationPage + "index.html")
			tab.expect(lang, n, want(lang, 1), "/"+lang+"/getting-help/hotlines/index.html")
		}
		if n := tab.open(srv.URL + "en/" + registrationPage + "index.html"); !strings.HasPrefix(n.Text, "Checked 1 month ago.") {
			t.Errorf("en, one month: %q", n.Text)
		}
		// On the hotlines page the notice names the hotlines without a
		// link: it would lead to the page itself. OK then leaves focus on
		// the notice. (The fixture's page was reviewed on 2026-11-20.)
		tab.setClock(time.Date(2027, 6, 1, 12, 0, 0, 0, bangkok))
		for _, lang := range []string{"en", "km"} {
			if n := tab.open(srv.URL + lang + "/getting-help/hotlines/index.html"); !n.Shown || n.Href != "" {
				t.Errorf("%s hotlines page: notice %+v; want it shown, linking nowhere", lang, n)
			}
			if got := tab.eval(`document.querySelector('#stale .stale-text').textContent`); got != want(lang, 6) {
				t.Errorf("%s hotlines page: notice %q, want %q", lang, got, want(lang, 6))
			}
			tab.eval(`document.querySelector('#stale button').click(), ''`)
			if got := tab.eval(`String(document.activeElement === document.getElementById('stale'))`); got != "true" {
				t.Errorf("%s hotlines page: after OK, focus is not on the notice", lang)
			}
			tab.pageCheck(lang+", hotlines page, notice pinned", axe)
		}
		// Without JavaScript the review date shows as before.
		tab.setClock(dayAfter)
		tab.must(chromedp.Call(tab.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}))
		if n := tab.open(srv.URL + "my/" + wagePage + "index.html"); n.Shown || !strings.Contains(n.Date, "2026၊ 1 နိုဝင်ဘာ") {
			t.Errorf("my without JavaScript: %+v; want the review date and no notice", n)
		}
		// Thai readers count years in the Buddhist era.
		if n := tab.open(srv.URL + "th/" + wagePage + "index.html"); n.Shown || !strings.Contains(n.Date, "1 พฤศจิกายน พ.ศ. 2569") {
			t.Errorf("th without JavaScript: %+v; want the review date in the Buddhist era and no notice", n)
		}
		tab.must(chromedp.Call(tab.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false}))
		tab.checkOrigin(srv.URL)
	})

	t.Run("offline", func(t *testing.T) {
		srv := browsertest.Serve(t, out)
		tab := newTab(t)
		tab.setClock(lastDay)
		// Save every language on the phone, as its readers would.
		for _, lang := range langs {
			tab.open(srv.URL + lang + "/index.html")
			c, cancel := browsertest.Timeout(tab.ctx, 60*time.Second)
			saved, err := bundle.T(lang, "offline_available", nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			// Wait for the worker to report the whole language saved,
			// not merely the panel shown while it saves.
			_, err = chromedp.Run(c, chromedp.Poll[bool](fmt.Sprintf(`(e => !!e && e.textContent === %q)(document.getElementById('offline-status'))`, saved)))
			cancel()
			if err != nil {
				t.Fatalf("%s was never saved for offline reading: %v", lang, err)
			}
		}
		srv.Close()
		before := len(srv.Hits())
		for _, lang := range langs {
			u := srv.URL + lang + "/" + wagePage + "index.html"
			tab.setClock(lastDay)
			if n := tab.open(u); n.Shown || n.Date == "" {
				t.Errorf("%s offline, last trusted day: %+v; want the saved page without the notice", lang, n)
			}
			tab.setClock(dayAfter)
			n := tab.open(u)
			tab.expect(lang, n, want(lang, 6), "/"+lang+"/getting-help/hotlines/index.html")
			t.Logf("%s offline: %s (layout shift %s)", lang, n.Text, tab.cls())
		}
		if after := len(srv.Hits()); after != before {
			t.Errorf("the closed server answered %d requests", after-before)
		}
	})

	t.Run("file", func(t *testing.T) {
		dir := t.TempDir()
		tab := newTab(t)
		for _, lang := range langs {
			browsertest.Unzip(t, filepath.Join(out, "downloads", "spean-"+lang+".zip"), dir)
			root := filepath.Join(dir, "spean-"+lang)
			u := (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(root, lang, filepath.FromSlash(wagePage), "index.html"))}).String()
			tab.setClock(lastDay)
			if n := tab.open(u); n.Shown || n.Date == "" {
				t.Errorf("%s from disk, last trusted day: %+v; want no notice", lang, n)
			}
			tab.setClock(dayAfter)
			n := tab.open(u)
			hotlines := filepath.ToSlash(filepath.Join(root, lang, "getting-help", "hotlines", "index.html"))
			tab.expect(lang, n, want(lang, 6), hotlines)
			if _, err := os.Stat(filepath.FromSlash(strings.TrimPrefix(n.Href, "file://"))); err != nil {
				t.Errorf("%s from disk: the notice links %s, not in the zip", lang, n.Href)
			}
			t.Logf("%s from disk: %s (layout shift %s)", lang, n.Text, tab.cls())
		}
		tab.checkOrigin("file:")
	})
}

// tab is one Chromium tab on a phone-sized screen in Thailand's time zone,
// with a clock the test sets before any script of the page runs.
type tab struct {
	t       *testing.T
	ctx     context.Context
	clockID page.ScriptIdentifier
	reqs    chan string
}

func newTab(t *testing.T) *tab {
	t.Helper()
	ctx := browsertest.Browser(t)
	tb := &tab{t: t, ctx: ctx, reqs: make(chan string, 10000)}
	if err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			select {
			case tb.reqs <- e.Request.URL:
			default:
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	tb.must(chromedp.Call(ctx, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: "Asia/Bangkok"}))
	if _, err := chromedp.Run(ctx, chromedp.EmulateViewport(360, 740)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
		Source: `window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));`,
	}); err != nil {
		t.Fatal(err)
	}
	return tb
}

func (tb *tab) must(_ any, err error) {
	tb.t.Helper()
	if err != nil {
		tb.t.Fatal(err)
	}
}

// setClock makes Date, in every page opened from now on, start at when:
// new Date() and Date.now() read it; Date.UTC and Date.parse are the
// real ones. It runs before the page's own scripts.
func (tb *tab) setClock(when time.Time) {
	tb.t.Helper()
	if tb.clockID != "" {
		if _, err := chromedp.Call(tb.ctx, page.RemoveScriptToEvaluateOnNewDocument, page.RemoveScriptToEvaluateOnNewDocumentParams{Identifier: tb.clockID}); err != nil {
			tb.t.Fatal(err)
		}
	}
	r, err := chromedp.Call(tb.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: fmt.Sprintf(`(() => {
		const fixed = %d, Real = Date;
		class PhoneDate extends Real {
			constructor(...a) { if (a.length) super(...a); else super(fixed); }
			static now() { return fixed; }
		}
		window.Date = PhoneDate;
	})();`, when.UnixMilli())})
	if err != nil {
		tb.t.Fatal(err)
	}
	tb.clockID = r.Identifier
}

// open loads u and reads the notice once the page's deferred scripts ran.
func (tb *tab) open(u string) notice {
	tb.t.Helper()
	c, cancel := browsertest.Timeout(tb.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(c, chromedp.Navigate(u)); err != nil {
		tb.t.Fatalf("open %s: %v", u, err)
	}
	n, err := chromedp.Run(c, chromedp.Evaluate[notice](readNotice))
	if err != nil {
		tb.t.Fatalf("%s: %v", u, err)
	}
	if csp, _ := chromedp.Run(c, chromedp.Evaluate[[]string](`window.__csp || []`)); len(csp) > 0 {
		tb.t.Errorf("%s: Content-Security-Policy violations: %v", u, csp)
	}
	return n
}

func (tb *tab) eval(js string) string {
	tb.t.Helper()
	c, cancel := browsertest.Timeout(tb.ctx, 30*time.Second)
	defer cancel()
	s, err := chromedp.Run(c, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.t.Fatal(err)
	}
	return s
}

// cls is the page's cumulative layout shift so far, as Chromium measures
// it for Core Web Vitals.
func (tb *tab) cls() string {
	return tb.eval(`new Promise(r => { let s = 0; new PerformanceObserver(l => { for (const e of l.getEntries()) if (!e.hadRecentInput) s += e.value; }).observe({type: 'layout-shift', buffered: true}); setTimeout(() => r(String(s)), 200); })`)
}

// expect checks a notice shown in the reader's language with the text and
// the link to the hotlines page.
func (tb *tab) expect(lang string, n notice, text, hotlines string) {
	tb.t.Helper()
	if !n.Shown {
		tb.t.Errorf("%s: no notice shown (%+v)", lang, n)
		return
	}
	if n.Text != text {
		tb.t.Errorf("%s: notice %q, want %q", lang, n.Text, text)
	}
	if n.Lang != lang {
		tb.t.Errorf("%s: notice inside lang=%q", lang, n.Lang)
	}
	if !strings.HasSuffix(n.Href, hotlines) {
		tb.t.Errorf("%s: notice links %q, want the hotlines page %s", lang, n.Href, hotlines)
	}
}

// moved hides the notice and shows it again, and names any element
// outside it that moved: none may.
func (tb *tab) moved() string {
	return tb.eval(`(() => {
		const b = document.getElementById('stale');
		const others = [...document.querySelectorAll('body *')].filter(e => !b.contains(e));
		const at = () => others.map(e => { const r = e.getBoundingClientRect(); return r.top + ',' + r.left + ',' + r.width + ',' + r.height; });
		b.hidden = true; const before = at();
		b.hidden = false; const after = at();
		return others.filter((e, i) => before[i] !== after[i]).slice(0, 5).map(e => e.tagName + '.' + e.className).join(' ');
	})()`)
}

// pageCheck is what every page of the theme must pass, notice or not: no
// sideways scrolling on a 320 px phone or with text at 200%, and no axe
// violation in the light or the dark scheme.
func (tb *tab) pageCheck(what, axe string) {
	tb.t.Helper()
	if over := tb.eval(`(() => { const r = document.documentElement; const o = [r.scrollWidth - r.clientWidth]; r.style.fontSize = '200%'; o.push(r.scrollWidth - r.clientWidth); r.style.fontSize = ''; return o.join(' '); })()`); over != "0 0" {
		tb.t.Errorf("%s: scrolls sideways by %s px (text at 100%% and 200%%)", what, over)
	}
	for _, scheme := range []string{"light", "dark"} {
		tb.scheme(scheme)
		v, err := browsertest.Axe(tb.ctx, axe)
		if err != nil {
			tb.t.Fatal(err)
		}
		for _, x := range v {
			tb.t.Errorf("%s, axe (%s): %s", what, scheme, x)
		}
	}
	tb.scheme("")
}

// sameRoom reports whether "Apx Bpx for Cpx" keeps the notice's height
// C as room after the page (A) and for focus (B).
func sameRoom(s string) bool {
	m := regexp.MustCompile(`^(\d+)px (\d+)px for (\d+)px$`).FindStringSubmatch(s)
	return m != nil && m[1] == m[3] && m[2] == m[3]
}

func (tb *tab) scheme(v string) {
	tb.t.Helper()
	p := emulation.SetEmulatedMediaParams{}
	if v != "" {
		p.Features = []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: v}}
	}
	if _, err := chromedp.Call(tb.ctx, emulation.SetEmulatedMedia, p); err != nil {
		tb.t.Fatal(err)
	}
}

func (tb *tab) screenshot(name string) {
	tb.t.Helper()
	b, err := chromedp.Run(tb.ctx, chromedp.CaptureScreenshot())
	if err == nil {
		err = os.WriteFile(name, b, 0o644)
	}
	if err != nil {
		tb.t.Error(err)
	}
}

// checkOrigin fails the test for any request not starting with prefix.
func (tb *tab) checkOrigin(prefix string) {
	tb.t.Helper()
	for {
		select {
		case u := <-tb.reqs:
			if !strings.HasPrefix(u, prefix) && !strings.HasPrefix(u, "data:") {
				tb.t.Errorf("request left %s: %s", prefix, u)
			}
		default:
			return
		}
	}
}
