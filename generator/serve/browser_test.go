package serve

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"spean/generator/internal/browsertest"
)

// TestBrowserReloadsAndShowsErrors drives Chromium: an open page reloads
// by itself when its file is saved, shows the build error over the page
// (file:line:col), and clears it when the file is fixed, all under the
// pages' own Content-Security-Policy.
func TestBrowserReloadsAndShowsErrors(t *testing.T) {
	browsertest.RequireChromium(t)
	h := start(t)
	ctx := browsertest.Browser(t)
	run := func(a chromedp.Action[chromedp.Void]) {
		t.Helper()
		c, cancel := browsertest.Timeout(ctx, 30*time.Second)
		defer cancel()
		if _, err := chromedp.Run(c, a); err != nil {
			t.Fatal(err)
		}
	}
	eval := func(js string) bool {
		t.Helper()
		c, cancel := browsertest.Timeout(ctx, 30*time.Second)
		defer cancel()
		v, err := chromedp.Run(c, chromedp.Evaluate[bool](js))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	// until polls js in the page; the page may be reloading meanwhile.
	until := func(what, js string) time.Duration {
		t.Helper()
		start := time.Now()
		for time.Since(start) < 30*time.Second {
			c, cancel := browsertest.Timeout(ctx, 5*time.Second)
			v, err := chromedp.Run(c, chromedp.Evaluate[bool](js))
			cancel()
			if err == nil && v {
				return time.Since(start)
			}
			time.Sleep(20 * time.Millisecond)
		}
		t.Fatalf("%s: not seen within 30s; stderr:\n%s", what, h.stderr.String())
		return 0
	}
	run(chromedp.Navigate(h.url + "en/rights/wages/"))
	for h.srv.streams.Load() == 0 {
		time.Sleep(20 * time.Millisecond)
	}
	if !eval(`document.body.innerText.includes('depends on the province')`) {
		t.Fatal("page lacks its text")
	}
	// A mark on the window is gone once the page has reloaded.
	eval(`window.__mark = true`)
	good := h.read("content/rights/wages.en.md")
	h.write("content/rights/wages.en.md", strings.Replace(good, "depends on the province", "changes with the province", 1))
	took := until("reload", `!window.__mark && document.body.innerText.includes('changes with the province')`)
	t.Logf("save to reloaded page: %v", took)

	eval(`window.__mark = true`)
	h.write("content/rights/wages.en.md", good+"\nA [broken link](nowhere.md).\n")
	pos := fmt.Sprintf("content/rights/wages.en.md:%d:3", strings.Count(good, "\n")+2)
	until("overlay", `(() => { const o = document.getElementById('spean-build-error');
		return !!o && o.innerText.includes('`+pos+`') && o.innerText.includes('nowhere.md') &&
		getComputedStyle(o).position === 'fixed' && o.lang === 'en'; })()`)
	if !eval(`window.__mark === true`) {
		t.Error("the page reloaded on a failed build")
	}
	h.write("content/rights/wages.en.md", good)
	until("fix", `!document.getElementById('spean-build-error') && document.body.innerText.includes('depends on the province')`)

	// A warning about the saved file (a letter not in NFC), which the
	// build lets pass: a banner at the foot of the page, in English, that
	// the reader can hide; it stays hidden through reloads while the
	// warnings are the same, and goes when the file is fixed.
	h.write("content/rights/wages.en.md", good+"\nThe cafe\u0301 pays weekly.\n")
	warnPos := fmt.Sprintf("content/rights/wages.en.md:%d:8", strings.Count(good, "\n")+2)
	bar := `document.getElementById('spean-build-warnings')`
	until("warning banner", `(() => { const b = `+bar+`;
		return !!b && b.innerText.includes('`+warnPos+`') && b.innerText.includes('normal form C') &&
		getComputedStyle(b).position === 'fixed' && b.lang === 'en' && b.getAttribute('role') === 'status' &&
		document.body.innerText.includes('pays weekly'); })()`)
	eval(bar + `.querySelector('button').click(), true`)
	if !eval(`!` + bar) {
		t.Error("the banner stays after Hide")
	}
	eval(`window.__mark = true`)
	h.write("content/rights/wages.en.md", good+"\nThe cafe\u0301 pays weekly, in cash.\n")
	until("reload with the same warning", `!window.__mark && document.body.innerText.includes('in cash')`)
	time.Sleep(500 * time.Millisecond)
	if !eval(`!` + bar) {
		t.Error("a hidden banner came back for the same warning")
	}
	h.write("content/rights/wages.en.md", good+"\nThe cafe\u0301 pays weekly, in cash.\n\nThe resume\u0301 is kept.\n")
	until("a new warning", `!!`+bar+` && `+bar+`.innerText.includes('2 warnings')`)
	h.write("content/rights/wages.en.md", good)
	until("fixed", `!`+bar+` && document.body.innerText.includes('depends on the province') && !document.body.innerText.includes('in cash')`)

	// Another page saved: this one stays as it is, also once the
	// background step has written the search index anew (it reloaded
	// every open tab about a second after every save).
	eval(`window.__mark = true`)
	hours := h.read("content/rights/hours.en.md")
	h.write("content/rights/hours.en.md", hours+"\nAnother page changed here.\n")
	h.waitFor("/en/rights/hours/", "Another page changed here.")
	time.Sleep(3 * time.Second)
	if !eval(`window.__mark === true`) {
		t.Error("the page reloaded when another page was saved")
	}

	// A hidden tab lets go of its event stream (a browser opens six at
	// most to one server) and takes one again when shown.
	hidden := func(v bool) {
		eval(fmt.Sprintf(`Object.defineProperty(document, 'hidden', {value: %v, configurable: true}), document.dispatchEvent(new Event('visibilitychange')), true`, v))
	}
	streams := func(want int32) {
		t.Helper()
		for start := time.Now(); h.srv.streams.Load() != want; time.Sleep(20 * time.Millisecond) {
			if time.Since(start) > 10*time.Second {
				t.Fatalf("%d event streams open, want %d", h.srv.streams.Load(), want)
			}
		}
	}
	hidden(true)
	streams(0)
	hidden(false)
	streams(1)
}
