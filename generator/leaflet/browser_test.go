package leaflet_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"spean/generator/build"
	"spean/generator/config"
	"spean/generator/internal/browsertest"
	"spean/generator/internal/sitetest"
	"spean/generator/leaflet"
	"spean/generator/publish"
	"spean/generator/script"
)

// requireTool returns the path of a command the test needs from Debian,
// skipping without it, or failing under CI=true, as browsertest does for
// Chromium.
func requireTool(t *testing.T, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s not found and CI=true (apt-get install %s)", name, pkg)
		}
		t.Skipf("%s not found (apt-get install %s)", name, pkg)
	}
	return p
}

// pdfPage is the size of one PDF page in points.
type pdfPage struct{ W, H float64 }

// pdfPages reads the page sizes of a PDF as Chromium writes it (Skia: one
// uncompressed dictionary per page, each with its own MediaBox).
func pdfPages(t *testing.T, b []byte) []pdfPage {
	t.Helper()
	pages := regexp.MustCompile(`/Type /Page\b[^s]`).FindAll(b, -1)
	boxes := regexp.MustCompile(`/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]`).FindAllSubmatch(b, -1)
	if len(pages) != len(boxes) {
		t.Fatalf("PDF has %d pages and %d page sizes; cannot read it", len(pages), len(boxes))
	}
	var out []pdfPage
	for _, m := range boxes {
		w, _ := strconv.ParseFloat(string(m[1]), 64)
		h, _ := strconv.ParseFloat(string(m[2]), 64)
		out = append(out, pdfPage{w, h})
	}
	return out
}

// A4 is 210 × 297 mm: 595.3 × 841.9 points.
func isA4(p pdfPage, landscape bool) bool {
	w, h := p.W, p.H
	if landscape {
		w, h = h, w
	}
	return w > 594 && w < 596.5 && h > 841 && h < 843
}

// qrTexts renders one page of a PDF and decodes its QR codes.
func qrTexts(t *testing.T, pdf string, page int) []string {
	t.Helper()
	pdftoppm := requireTool(t, "pdftoppm", "poppler-utils")
	zbarimg := requireTool(t, "zbarimg", "zbar-tools")
	prefix := strings.TrimSuffix(pdf, ".pdf") + "-p"
	n := strconv.Itoa(page)
	if out, err := exec.Command(pdftoppm, "-r", "150", "-gray", "-png", "-singlefile", "-f", n, "-l", n, pdf, prefix).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	out, err := exec.Command(zbarimg, "--quiet", "--raw", prefix+".png").Output()
	if err != nil {
		t.Fatalf("zbarimg found no QR code on page %d of %s: %v", page, filepath.Base(pdf), err)
	}
	return strings.Fields(string(out))
}

// scriptFonts are the fonts a script may be drawn with: the ones the
// stylesheet names, which Debian's fonts-noto-core provides, and for
// Burmese the theme's own Unicode font.
var scriptFonts = map[string]struct {
	table *unicode.RangeTable
	fonts []string
}{
	"km": {unicode.Khmer, []string{"Noto Sans Khmer"}},
	"lo": {unicode.Lao, []string{"Noto Sans Lao"}},
	"my": {unicode.Myanmar, []string{"Noto Sans Myanmar"}},
	"th": {unicode.Thai, []string{"Noto Sans Thai"}},
}

// checkFonts asks Chromium which fonts drew the text of the leaflet's
// title, notice, summary, key points and hotline names. Each text in a
// non-Latin script must be drawn by that script's font, and all other
// fonts together may have drawn at most as many glyphs as the text has
// characters outside the script (spaces, digits, Latin, punctuation) plus
// its list number: more would mean characters of the script fell back to
// a font without them, which is how tofu looks to the browser.
func checkFonts(t *testing.T, ctx context.Context, lang string) {
	t.Helper()
	want, ok := scriptFonts[lang]
	if !ok {
		return
	}
	const sel = "h1, .notice, .in-short p, .key-points li, .print-hotlines strong, h2"
	fonts := browsertest.PlatformFonts(t, ctx, sel)
	// The text the browser reports fonts for: the element's own text
	// nodes and, for a numbered key point, the number drawn before it.
	texts, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll(`+strconv.Quote(sel)+`)].map(e => [...e.childNodes].filter(n => n.nodeType === 3).map(n => n.data).join("") + (getComputedStyle(e, "::before").content.startsWith("counter") ? String(1 + [...e.parentNode.children].indexOf(e)) : ""))`))
	if err != nil {
		t.Fatal(err)
	}
	if len(texts) != len(fonts) || len(texts) < 8 {
		t.Fatalf("%s: %d nodes, %d texts", lang, len(fonts), len(texts))
	}
	checked := 0
	for i, used := range fonts {
		in, out := 0, 0
		for _, r := range texts[i] {
			if unicode.Is(want.table, r) {
				in++
			} else {
				out++
			}
		}
		if in == 0 {
			continue
		}
		checked++
		var script, other float64
		var names []string
		for _, f := range used {
			names = append(names, fmt.Sprintf("%s%s ×%g", f.FamilyName, map[bool]string{true: " (web font)"}[f.IsCustomFont], f.GlyphCount))
			if slices.Contains(want.fonts, f.FamilyName) {
				script += f.GlyphCount
			} else {
				other += f.GlyphCount
			}
		}
		if script == 0 || other > float64(out) {
			t.Errorf("%s: %q drawn with %s; want %s for its %d characters of the script", lang, texts[i], strings.Join(names, ", "), strings.Join(want.fonts, " or "), in)
		}
		if i == 0 {
			t.Logf("%s title drawn with %s", lang, strings.Join(names, ", "))
		}
	}
	if checked < 8 {
		t.Errorf("%s: only %d texts in the script to check", lang, checked)
	}
	// Burmese must be drawn in the theme's own face, Noto Sans Myanmar
	// from the reader's fonts or from the theme (script.WebFont.Local),
	// not in whatever the system has for Burmese (on phones that may be
	// Zawgyi): the face is loaded only when the page's Burmese text is set
	// in it. Chromium reports a face resolved through local() as no web
	// font, so the glyph counts above cannot tell.
	if w := script.Of(lang).WebFont; w != nil {
		loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`[...document.fonts].some(f => f.family.replace(/"/g, '') === `+strconv.Quote(w.Family)+` && f.status === 'loaded')`))
		if err != nil {
			t.Fatal(err)
		}
		if !loaded {
			t.Errorf("%s: the face %s did not load: the text is drawn in the system's font", lang, w.Family)
		}
	}
}

// TestPrint prints the leaflet of every language to PDF with Debian's
// Chromium and checks the paper: A4 portrait on one sheet (two sides at
// most), a QR code that decodes to the page's address, every script drawn
// with a real font. Booklets: no page may hide content past its edge in
// any language; two (Latin and the longest script, Burmese) are printed
// and must be whole A4 landscape sheets with readable codes.
//
// The site is built in the test process with the leaflet steps alone, so
// the test spends its seconds in the browser, not compiling the command.
func TestPrint(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	chromium := browsertest.RequireChromium(t)
	sink, err := buildSite(t, siteFS(t, nil), false)
	if err != nil {
		t.Fatal(err)
	}
	public := writeOut(t, sink)
	srv := browsertest.Serve(t, public)
	_, tab := printTab(t, chromium)
	out := t.TempDir()
	ctx := context.Background()
	t.Run("print.css", func(t *testing.T) {
		// Every page prints without navigation, with the address after
		// each outside link, and callouts, tables and each hotline whole;
		// the list of hotlines breaks between them, or it jumps to the
		// next sheet and leaves most of a page empty.
		tctx, cancel := context.WithTimeout(tab.Context(), 60*time.Second)
		defer cancel()
		if err := chromedp.Do(tctx, chromedp.Navigate(srv.URL+"en/rights/wages/index.html")); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Call(tctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
			t.Fatal(err)
		}
		defer chromedp.Call(tctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
		got, err := chromedp.Run(tctx, chromedp.Evaluate[map[string]string](`(() => {
			const s = (sel, pseudo) => getComputedStyle(document.querySelector(sel), pseudo);
			return {
				header: s(".site-header").display, footer: s(".site-footer").display, actions: s(".page-actions").display,
				link: s('.content a[href^="http"]', "::after").content,
				callout: s(".callout").breakInside, table: s(".content table").breakInside,
				hotlines: s(".hotlines").breakInside + " " + s(".hotlines").display + ", " + s(".hotline").breakInside,
			};
		})()`))
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"header": "none", "footer": "none", "actions": "none", "link": `" (https://www.mol.go.th/en/)"`,
			"callout": "avoid", "table": "avoid", "hotlines": "auto block, avoid"}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("printed page styles %v, want %v", got, want)
		}
	})
	for _, lang := range []string{"en", "km", "lo", "my", "th"} {
		t.Run(lang, func(t *testing.T) {
			start := time.Now()
			leaflet := "https://spean.example.org/" + lang + "/rights/documents-held/"
			b, err := tab.PDF(ctx, srv.URL+lang+"/rights/documents-held/leaflet/index.html")
			if err != nil {
				t.Fatal(err)
			}
			pages := pdfPages(t, b)
			if len(pages) < 1 || len(pages) > 2 {
				t.Errorf("leaflet has %d pages, want one sheet (1 or 2 pages)", len(pages))
			}
			for i, pg := range pages {
				if !isA4(pg, false) {
					t.Errorf("leaflet page %d is %gx%g pt, not A4 portrait", i+1, pg.W, pg.H)
				}
			}
			name := filepath.Join(out, lang+"-leaflet.pdf")
			if err := os.WriteFile(name, b, 0o644); err != nil {
				t.Fatal(err)
			}
			if got := qrTexts(t, name, 1); !slices.Equal(got, []string{leaflet}) {
				t.Errorf("leaflet QR code reads %q, want %s", got, leaflet)
			}
			checkFonts(t, tab.Context(), lang)
			// A translation says on paper, as on its page, that it is
			// not reviewed: the notice prints on the first side, in the
			// head under the title.
			if lang != "en" {
				if _, err := chromedp.Call(tab.Context(), emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
					t.Fatal(err)
				}
				shown, err := chromedp.Run(tab.Context(), chromedp.Evaluate[string](`(() => { const n = document.querySelector(".leaflet-head .notice"); if (!n) return "none"; const r = n.getBoundingClientRect(), s = getComputedStyle(n); return r.height > 0 && s.visibility === "visible" && s.display !== "none" && r.bottom < document.querySelector(".leaflet-head").getBoundingClientRect().bottom ? "shown" : "hidden"; })()`))
				chromedp.Call(tab.Context(), emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
				if err != nil || shown != "shown" {
					t.Errorf("%s leaflet's unreviewed notice in print: %s %v", lang, shown, err)
				}
			}
			t.Logf("%s leaflet: %d pages, %d bytes", lang, len(pages), len(b))

			booklet := srv.URL + lang + "/rights/booklet/index.html"
			if lang == "en" || lang == "my" {
				b, err = tab.PDF(ctx, booklet)
				if err != nil {
					t.Fatal(err)
				}
				pages = pdfPages(t, b)
				// 12 booklet pages: 3 sheets, 6 sides.
				if len(pages) != 6 {
					t.Errorf("booklet has %d sides, want 6 (3 sheets of 4 pages)", len(pages))
				}
				for i, pg := range pages {
					if !isA4(pg, true) {
						t.Errorf("booklet side %d is %gx%g pt, not A4 landscape", i+1, pg.W, pg.H)
					}
				}
				name = filepath.Join(out, lang+"-booklet.pdf")
				if err := os.WriteFile(name, b, 0o644); err != nil {
					t.Fatal(err)
				}
				// Side 1 carries the back cover and the cover, both with
				// the section's code; side 4 (back of sheet 2) pages 4 and
				// 9, the right half of documents-held's spread, with its.
				section := "https://spean.example.org/" + lang + "/rights/"
				if got := qrTexts(t, name, 1); !slices.Equal(got, []string{section, section}) {
					t.Errorf("booklet cover QR codes read %q, want %s twice", got, section)
				}
				if got := qrTexts(t, name, 4); !slices.Equal(got, []string{leaflet}) {
					t.Errorf("booklet page 9 QR code reads %q, want %s", got, leaflet)
				}
				t.Logf("%s booklet: %d sides, %d bytes", lang, len(pages), len(b))
			}
			// Laid out for print, no booklet page may hide content past
			// its edge.
			if lang != "en" && lang != "my" {
				tctx, cancel := context.WithTimeout(tab.Context(), 60*time.Second)
				defer cancel()
				if err := chromedp.Do(tctx, chromedp.Navigate(booklet)); err != nil {
					t.Fatal(err)
				}
				if _, err := chromedp.Run(tctx, chromedp.Evaluate[string]("document.fonts.ready.then(() => document.fonts.status)", chromedp.EvalAwaitPromise)); err != nil {
					t.Fatal(err)
				}
			}
			if n, _ := chromedp.Run(tab.Context(), chromedp.Evaluate[int](`document.querySelectorAll(".bpage").length`)); n != 12 {
				t.Errorf("booklet page has %d booklet pages, want 12", n)
			}
			clipped, err := tab.Clipped(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(clipped) > 0 {
				t.Errorf("booklet pages %v are cut off", clipped)
			}
			t.Logf("%s done in %s", lang, time.Since(start).Round(time.Millisecond))
		})
	}
}

// printTab starts the printer with chromium and opens a tab, both closed
// when the test ends.
func printTab(t *testing.T, chromium string) (*leaflet.Printer, *leaflet.Tab) {
	t.Helper()
	p, err := leaflet.NewPrinter(chromium)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	tab, err := p.Tab()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tab.Close() })
	return p, tab
}

// TestShippedLeafletsOneSheet prints the knowledge base's own leaflets and
// holds them to the README's promise: one A4 sheet, two sides at most.
// Burmese runs longest (eight leaflets ran onto a third side when its
// print line height was 1.85), so every Burmese leaflet is printed; of the
// other languages, the pages that fill the most paper: three that ran over
// in Burmese, and the glossary, the fullest in Khmer.
func TestShippedLeafletsOneSheet(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	chromium := browsertest.RequireChromium(t)
	fsys := os.DirFS(sitetest.RepoRoot(t))
	cfg, err := config.Load(fsys, "config.yaml", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	sink := publish.NewMemory()
	if _, err := build.Run(context.Background(), build.Options{FS: fsys, Config: cfg, Sink: sink, Preview: true}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	base, err := leaflet.Serve(ctx, sink.Get)
	if err != nil {
		t.Fatal(err)
	}
	var leaflets []string
	for _, name := range sink.Names() {
		if strings.HasPrefix(name, "my/") && strings.HasSuffix(name, "/leaflet/index.html") {
			leaflets = append(leaflets, name)
		}
	}
	if len(leaflets) < 30 {
		t.Fatalf("%d Burmese leaflets, want the knowledge base's (at least 30)", len(leaflets))
	}
	for _, lang := range []string{"en", "km", "lo", "th"} {
		for _, key := range []string{"getting-help/hotlines", "rights/documents-held", "work-permits/before-your-permit-expires", "glossary/terms"} {
			leaflets = append(leaflets, lang+"/"+key+"/leaflet/index.html")
		}
	}
	_, tab := printTab(t, chromium)
	for _, name := range leaflets {
		b, err := tab.PDF(ctx, base+name)
		if err != nil {
			t.Fatal(err)
		}
		if n := leaflet.Sides(b); n < 1 || n > leaflet.MaxLeafletSides {
			t.Errorf("%s prints on %d sides, want one sheet (at most %d)", name, n, leaflet.MaxLeafletSides)
		}
	}
}

// TestBookletOnPhone: on a 360 px screen a booklet reads as one, its pages
// one under another in reading order, nothing wider than the screen, no
// blank notes page and no text under 12 px (a leaflet neither); on paper
// it is still imposed, two pages a sheet side.
func TestBookletOnPhone(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	sink, err := buildSite(t, siteFS(t, nil), false)
	if err != nil {
		t.Fatal(err)
	}
	srv := browsertest.Serve(t, writeOut(t, sink))
	ctx := browsertest.Browser(t)
	// The fixture's booklet: 12 pages, 10 and 11 notes, and in Burmese 5
	// too, as its readers' hotlines fill two pages (TestLeaflets).
	for lang, order := range map[string]string{"en": "1,2,3,4,5,6,7,8,9,12", "my": "1,2,3,4,6,7,8,9,12"} {
		tctx, cancel := browsertest.Timeout(ctx, 30*time.Second)
		err := chromedp.Do(tctx, chromedp.Navigate(srv.URL+lang+"/rights/booklet/index.html"))
		var got map[string]any
		if err == nil {
			got, err = chromedp.Run(tctx, chromedp.Evaluate[map[string]any](`(() => {
				const pages = [...document.querySelectorAll('.bpage')].filter(p => p.offsetHeight > 0);
				pages.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
				return {over: document.documentElement.scrollWidth - document.documentElement.clientWidth,
					order: pages.map(p => p.dataset.page).join(','), notes: pages.filter(p => p.classList.contains('bpage-notes')).length,
					small: `+smallestText+`};
			})()`))
		}
		if err == nil {
			_, err = chromedp.Call(tctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		}
		var printed string
		if err == nil {
			printed, err = chromedp.Run(tctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector('.sheet-side')).display + ' ' + document.querySelector('.bpage').getBoundingClientRect().width.toFixed(0)`))
			_, _ = chromedp.Call(tctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
		}
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		if got["over"].(float64) > 0 || got["order"] != order || got["notes"].(float64) != 0 || got["small"] != "" {
			t.Errorf("%s booklet on a 360 px screen: %v; want no sideways scrolling, pages %s in order, no notes page, no small text", lang, got, order)
		}
		if printed != "flex 561" {
			t.Errorf("%s booklet printed: sheet side %q; want flex, each page 148.5 mm (561 px) wide", lang, printed)
		}
	}
	tctx, cancel := browsertest.Timeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(tctx, chromedp.Navigate(srv.URL+"km/rights/wages/leaflet/index.html")); err != nil {
		t.Fatal(err)
	}
	small, err := chromedp.Run(tctx, chromedp.Evaluate[string](smallestText))
	if err != nil || small != "" {
		t.Errorf("km leaflet on a 360 px screen: text under 12 px: %q (%v)", small, err)
	}
}

// smallestText is a script that names the elements whose own text is set
// under 12 px, the least Lighthouse counts as legible on a phone, with
// their size ("" for none).
const smallestText = `[...document.querySelectorAll('body *')]
	.filter(e => e.offsetHeight > 0 && [...e.childNodes].some(n => n.nodeType === 3 && n.data.trim()))
	.map(e => [e, parseFloat(getComputedStyle(e).fontSize)]).filter(([, px]) => px < 12)
	.map(([e, px]) => e.tagName.toLowerCase() + '.' + e.className + ' ' + px.toFixed(1)).slice(0, 8).join('; ')`
