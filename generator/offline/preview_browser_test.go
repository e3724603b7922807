package offline_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"go.yaml.in/yaml/v4"

	"spean/generator/internal/browsertest"
)

// base is the fixture's base_url: previews must name the published site.
const base = "https://spean.example.org/"

// ui returns a UI string of the repository's i18n files, so the tests check
// what readers see without copying the translations.
func ui(t *testing.T, lang, id string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(browsertest.RepoRoot(t), "i18n", lang+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := yaml.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	s, ok := m[id].(string)
	if !ok {
		t.Fatalf("i18n/%s.yaml has no string %s", lang, id)
	}
	return s
}

var locales = map[string]string{"en": "en_US", "km": "km_KH", "lo": "lo_LA", "my": "my_MM", "th": "th_TH"}

type preview struct {
	Title, Doc, Description, URL, Image, Locale, Card, Type string
	Alternates                                              []string
	Width, Height, Bytes                                    int
}

// readPreview collects a page's Open Graph and card tags, then loads the
// image the tags name from the test server, as an app building the preview
// would from the real one.
func readPreview(t *testing.T, ctx context.Context, srv *browsertest.Server) preview {
	t.Helper()
	p := run(t, ctx, chromedp.Evaluate[preview](`(() => {
		const m = n => (document.querySelector('meta[property="' + n + '"],meta[name="' + n + '"]') || {}).content || '';
		return {Title: m('og:title'), Doc: document.title, Description: m('og:description'), URL: m('og:url'), Image: m('og:image'),
			Locale: m('og:locale'), Card: m('twitter:card'), Type: m('og:type'),
			Alternates: [...document.querySelectorAll('meta[property="og:locale:alternate"]')].map(e => e.content),
			Width: +m('og:image:width'), Height: +m('og:image:height')};
	})()`))
	if strings.HasPrefix(p.Image, base) {
		img := srv.URL + strings.TrimPrefix(p.Image, base)
		size := run(t, ctx, chromedp.Evaluate[[]int](fmt.Sprintf(`Promise.all([
			new Promise(ok => { const i = new Image(); i.onload = () => ok([i.naturalWidth, i.naturalHeight]); i.onerror = () => ok([0, 0]); i.src = %q; }),
			fetch(%q).then(r => r.ok ? r.blob() : new Blob()).then(b => b.size)]).then(([wh, n]) => [wh[0], wh[1], n])`, img, img), chromedp.EvalAwaitPromise))
		if p.Width != size[0] || p.Height != size[1] {
			t.Errorf("og:image:width/height say %dx%d, the image is %dx%d", p.Width, p.Height, size[0], size[1])
		}
		p.Bytes = size[2]
	}
	return p
}

// TestPreviews opens every kind of page in every language and checks what
// a messaging app would build its preview from: title, description, an
// absolute address, the locale and its translations, and an image of at
// least 1200×630 with the site's name for that language, small enough for
// apps that refuse large ones.
func TestPreviews(t *testing.T) {
	out := built(t)
	srv := browsertest.Serve(t, out)
	ctx := browsertest.Browser(t)
	type kind struct {
		path, want, typ string
		print           bool
	}
	for _, lang := range langs {
		kinds := []kind{
			{"index.html", lang + "/", "website", false},
			{"rights/index.html", lang + "/rights/", "website", false},
			{"rights/minimum-wage/index.html", lang + "/rights/minimum-wage/", "article", false},
			{"getting-help/hotlines/index.html", lang + "/getting-help/hotlines/", "article", false},
			{"search/index.html", lang + "/search/", "website", false},
			{"leaflets/index.html", lang + "/leaflets/", "website", false},
			{"offline/index.html", lang + "/offline/", "website", false},
			// A print page previews the page it prints.
			{"rights/minimum-wage/leaflet/index.html", lang + "/rights/minimum-wage/", "article", true},
			{"rights/booklet/index.html", lang + "/rights/", "website", true},
		}
		for _, k := range kinds {
			t.Run(lang+"/"+k.path, func(t *testing.T) {
				run(t, ctx, chromedp.Navigate(srv.URL+lang+"/"+k.path))
				p := readPreview(t, ctx, srv)
				if p.URL != base+k.want {
					t.Errorf("og:url = %q, want %q", p.URL, base+k.want)
				}
				if p.Type != k.typ {
					t.Errorf("og:type = %q, want %s", p.Type, k.typ)
				}
				if k.print {
					// The preview is the printed page's: its title,
					// which the print page's own title contains.
					if name, _, _ := strings.Cut(p.Title, " · "); name == "" || !strings.Contains(p.Doc, name) {
						t.Errorf("og:title = %q, want the printed page's title (this is %q)", p.Title, p.Doc)
					}
					p.Doc = p.Title
				}
				checkPreview(t, p, base+"og/"+lang+".png")
				// The locale is the language of the text: a Lao page
				// shown from Thai says th_TH.
				textLang := run(t, ctx, chromedp.Evaluate[string](`((document.querySelector('h1') || document.body).closest('[lang]') || document.documentElement).lang`))
				if p.Locale != locales[textLang] {
					t.Errorf("og:locale = %q, want %q (the text is in %s)", p.Locale, locales[textLang], textLang)
				}
			})
		}
	}
	t.Run("chooser", func(t *testing.T) {
		run(t, ctx, chromedp.Navigate(srv.URL+"index.html"))
		p := readPreview(t, ctx, srv)
		if p.URL != base {
			t.Errorf("og:url = %q, want %q", p.URL, base)
		}
		checkPreview(t, p, base+"og/site.png")
		if len(p.Alternates) != len(langs)-1 {
			t.Errorf("chooser: og:locale:alternate %v, want the other %d languages", p.Alternates, len(langs)-1)
		}
	})
	// Translations are alternates; a fallback page has none of its own.
	run(t, ctx, chromedp.Navigate(srv.URL+"km/rights/minimum-wage/index.html"))
	if p := readPreview(t, ctx, srv); strings.Join(p.Alternates, " ") != "en_US my_MM th_TH" {
		t.Errorf("km page: og:locale:alternate = %v, want en_US my_MM th_TH (the translations that exist)", p.Alternates)
	}
	run(t, ctx, chromedp.Navigate(srv.URL+"lo/rights/overtime/index.html"))
	if p := readPreview(t, ctx, srv); p.Locale != "th_TH" {
		t.Errorf("lo page shown in Thai: og:locale = %q, want th_TH", p.Locale)
	}
}

func checkPreview(t *testing.T, p preview, image string) {
	t.Helper()
	if p.Title == "" || p.Title != p.Doc {
		t.Errorf("og:title = %q, want the page title %q", p.Title, p.Doc)
	}
	if p.Description == "" {
		t.Error("no og:description")
	}
	if p.Image != image {
		t.Errorf("og:image = %q, want %q", p.Image, image)
	}
	if p.Width < 1200 || p.Height < 630 {
		t.Errorf("image %s is %dx%d, want at least 1200x630", p.Image, p.Width, p.Height)
	}
	if p.Bytes == 0 || p.Bytes > 60*1024 {
		t.Errorf("image %s is %d bytes, want 1 to %d", p.Image, p.Bytes, 60*1024)
	}
	if p.Locale == "" || !strings.Contains(p.Locale, "_") {
		t.Errorf("og:locale = %q, want language_REGION", p.Locale)
	}
	if p.Card != "summary_large_image" {
		t.Errorf("twitter:card = %q", p.Card)
	}
}

// TestShareButton checks the Share button both ways: with the phone's
// share sheet (the Web Share API, recorded by a stand-in) it shares the
// page's published address without opening the panel; without it, the
// panel opens with the address, a Copy link button that says it copied in
// the reader's language, and links to the messaging apps that carry the
// address and load nothing from their sites.
func TestShareButton(t *testing.T) {
	out := built(t)
	srv := browsertest.Serve(t, out)
	axe := browsertest.AxeSource(t)
	ctx := browsertest.Browser(t)
	w := watchTab(t, ctx)
	page := srv.URL + "km/rights/minimum-wage/index.html"
	want := base + "km/rights/minimum-wage/"

	addScript(t, ctx, `if (location.search.includes('websharing')) {
		window.__shared = [];
		navigator.share = d => { window.__shared.push(d); return Promise.resolve(); };
	}
	window.__copied = [];
	Object.defineProperty(navigator, 'clipboard', {value: {writeText: s => { window.__copied.push(s); return Promise.resolve(); }}});`)

	run(t, ctx, chromedp.Navigate(page+"?websharing"))
	run(t, ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector('#share summary').click()`))
	shared := run(t, ctx, chromedp.Evaluate[[]map[string]string](`window.__shared`))
	if len(shared) != 1 || shared[0]["url"] != want || shared[0]["title"] == "" {
		t.Errorf("Web Share got %v, want one call with url %s and the title", shared, want)
	}
	if open := run(t, ctx, chromedp.Evaluate[bool](`document.getElementById('share').open`)); open {
		t.Error("with Web Share, the panel opened as well")
	}

	run(t, ctx, chromedp.Navigate(page))
	run(t, ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector('#share summary').click()`))
	if open := run(t, ctx, chromedp.Evaluate[bool](`document.getElementById('share').open`)); !open {
		t.Fatal("without Web Share, Share did not open the panel")
	}
	if v := run(t, ctx, chromedp.Evaluate[string](`document.getElementById('share-url').value`)); v != want {
		t.Errorf("address field = %q, want %q", v, want)
	}
	run(t, ctx, chromedp.Evaluate[chromedp.Void](`document.getElementById('share-copy').click()`))
	copied := run(t, ctx, chromedp.Evaluate[[]string](`new Promise(r => setTimeout(() => r(window.__copied), 100))`, chromedp.EvalAwaitPromise))
	if len(copied) != 1 || copied[0] != want {
		t.Errorf("Copy link copied %v, want %s", copied, want)
	}
	if got := run(t, ctx, chromedp.Evaluate[string](`document.getElementById('share-status').textContent`)); got != ui(t, "km", "share_copied") {
		t.Errorf("after copying, the status says %q, want the Khmer share_copied", got)
	}
	links := run(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.share-apps a')].map(a => a.href)`))
	apps := []string{"https://wa.me/", "fb-messenger://", "https://www.facebook.com/", "https://line.me/", "viber://", "https://t.me/"}
	if len(links) != len(apps) {
		t.Fatalf("share links %v, want %d", links, len(apps))
	}
	for i, l := range links {
		if !strings.HasPrefix(l, apps[i]) || !strings.Contains(l, strings.NewReplacer(":", "%3a", "/", "%2f").Replace(want)) {
			t.Errorf("share link %s: want %s… carrying %s", l, apps[i], want)
		}
	}
	// The open panel passes the same checks as every page.
	v, err := browsertest.Axe(ctx, axe)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range v {
		t.Errorf("axe, share panel open: %s", x)
	}
	for _, u := range w.list() {
		if !strings.HasPrefix(u, srv.URL) && !strings.HasPrefix(u, "data:") {
			t.Errorf("request left the origin: %s", u)
		}
	}
}

func addScript(t *testing.T, ctx context.Context, src string) {
	t.Helper()
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: src})
		return err
	}))
	if err != nil {
		t.Fatal(err)
	}
}
