package leaflet_test

import (
	"context"
	"html"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"spean/generator/build"
	"spean/generator/config"
	"spean/generator/i18n"
	"spean/generator/internal/sitetest"
	"spean/generator/leaflet"
	"spean/generator/publish"
)

// siteFS is the fixture site with the repository's theme and UI strings.
func siteFS(t *testing.T, extra map[string]string) fstest.MapFS {
	t.Helper()
	a, err := txtar.ParseFile("testdata/site.txtar")
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range a.Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	for name, data := range extra {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	root := filepath.Join("..", "..")
	sitetest.AddRepoFiles(t, fsys, root)
	return fsys
}

// buildSite builds fsys into memory as build.Run does. With pdf, the
// print pages are made as for leaflets --pdf (their index links the PDFs)
// without printing them, which needs Chromium.
func buildSite(t *testing.T, fsys fstest.MapFS, pdf bool) (*publish.Memory, error) {
	t.Helper()
	cfg, err := config.Load(fsys, "config.yaml", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	sink := publish.NewMemory()
	if !pdf {
		_, err = build.Run(context.Background(), build.Options{FS: fsys, Config: cfg, Sink: sink, Preview: true})
		return sink, err
	}
	l, diags := build.Load(cfg, fsys)
	if diags.HasErrors() {
		return nil, diags.Err()
	}
	ctx := context.Background()
	b := build.New(l, sink, build.Options{Preview: true})
	diags = append(b.Prepare(ctx), b.Pages(ctx, l.Site.Pages)...)
	ix, d := leaflet.Render(ctx, l.Site, l.Theme, leaflet.Options{PDF: true}, sink)
	diags = append(diags, d...)
	// Sizes as printing would give them: a booklet over a megabyte.
	diags = append(diags, ix.Write(func(pdf string) int {
		if strings.HasPrefix(path.Base(pdf), "booklet_") {
			return 1234567
		}
		return 150000
	})...)
	return sink, diags.Err()
}

// writeOut writes what a build published in memory to a folder of its
// own, for a browser to open, and returns the folder.
func writeOut(t *testing.T, sink *publish.Memory) string {
	t.Helper()
	public := t.TempDir()
	for _, name := range sink.Names() {
		b, _ := sink.Get(name)
		file := filepath.Join(public, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return public
}

func get(t *testing.T, sink *publish.Memory, name string) string {
	t.Helper()
	b, ok := sink.Get(name)
	if !ok {
		t.Fatalf("no %s", name)
	}
	return string(b)
}

func TestLeaflets(t *testing.T) {
	sink, err := buildSite(t, siteFS(t, nil), false)
	if err != nil {
		t.Fatal(err)
	}
	langs := []string{"en", "km", "lo", "my", "th"}

	t.Run("leaflet", func(t *testing.T) {
		for _, lang := range langs {
			for _, key := range []string{"rights/documents-held", "rights/wages"} {
				html := get(t, sink, lang+"/"+key+"/leaflet/index.html")
				abs := "https://spean.example.org/" + lang + "/" + key + "/"
				for _, want := range []string{
					`<html lang="` + lang + `"`,
					`<svg class="qr" xmlns="http://www.w3.org/2000/svg"`,
					`aria-label="` + abs + `"`,
					`<link rel="stylesheet" href="../../../../css/leaflet.css">`,
					`<section class="in-short">`, `<section class="key-points">`, `<section class="hotline-box"`,
					`<ol class="print-sources">`, `<p class="reviewed"`,
				} {
					if !strings.Contains(html, want) {
						t.Errorf("%s leaflet of %s lacks %s", lang, key, want)
					}
				}
				printHead(t, html, key+"/", "../../../../")
				if n := strings.Count(html, "<li>"); n < 5 {
					t.Errorf("%s leaflet of %s has %d key points", lang, key, n)
				}
			}
		}
		// The review date stands under the title with the interval in
		// months: wages sets 90 days, which its translations and the Lao
		// fallback follow; documents-held has the site's 180.
		for _, c := range []struct{ file, want string }{
			{"en/rights/wages/leaflet/index.html", `<p class="reviewed" lang="en"><strong>Last reviewed: November 22, 2026</strong> Rules change often. If this date is more than 3 months ago, check the facts with a hotline before you share them.</p>`},
			{"km/rights/wages/leaflet/index.html", `<p class="reviewed" lang="km"><strong>ពិនិត្យចុងក្រោយ៖ 22 វិច្ឆិកា 2026</strong> ច្បាប់ផ្លាស់ប្តូរញឹកញាប់។ ប្រសិនបើកាលបរិច្ឆេទនេះលើសពី 3 ខែហើយ`},
			{"lo/rights/wages/leaflet/index.html", `<p class="reviewed" lang="lo"><strong>ກວດກາຄັ້ງສຸດທ້າຍ: 22 ພະຈິກ 2026</strong> ກົດລະບຽບປ່ຽນແປງເລື້ອຍໆ. ຖ້າວັນທີນີ້ຜ່ານມາເກີນ 3 ເດືອນແລ້ວ`},
			{"en/rights/documents-held/leaflet/index.html", `<strong>Last reviewed: November 22, 2026</strong> Rules change often. If this date is more than 6 months ago,`},
			{"my/rights/booklet/index.html", `<p class="reviewed" lang="my"><strong>နောက်ဆုံး စစ်ဆေးသည့်နေ့: 2026၊ 22 နိုဝင်ဘာ</strong> စည်းမျဉ်းများ မကြာခဏ ပြောင်းလဲတတ်သည်။ ဤရက်စွဲသည် 3 လထက်`},
			{"th/rights/booklet/index.html", `ตรวจทานล่าสุด: 22 พฤศจิกายน พ.ศ. 2569</strong> กฎระเบียบเปลี่ยนบ่อย หากวันที่นี้ผ่านมาเกิน 6 เดือนแล้ว`},
		} {
			if html := get(t, sink, c.file); !strings.Contains(html, c.want) {
				t.Errorf("%s lacks %s", c.file, c.want)
			}
		}
		// wages applies to Cambodians only: the numbers serving kh, and
		// not Issara's Myanmar and Lao lines.
		html := get(t, sink, "km/rights/wages/leaflet/index.html")
		numbers := regexp.MustCompile(`<span class="number">([^<]+)</span>`)
		var got []string
		for _, m := range numbers.FindAllStringSubmatch(html, -1) {
			got = append(got, m[1])
		}
		want := []string{"1694", "1546", "1506", "1300", "191", "1155", "1-800-010-181", "1297", "117"}
		if !slices.Equal(got, want) {
			t.Errorf("km wages hotlines %v, want %v", got, want)
		}
		// A page that names no countries prints the hotlines for its
		// language's readers (config languages[].countries): no
		// Cambodian police on a Burmese leaflet; all in English.
		for lang, want := range map[string][]string{
			"km": want,
			"my": {"1694", "1546", "1506", "1300", "191", "1155", "1-800-010-180"},
			"en": {"1694", "1546", "1506", "1300", "191", "1155", "1-800-010-180", "1-800-010-181", "1-800-010-182", "1297", "117"},
		} {
			var got []string
			for _, m := range numbers.FindAllStringSubmatch(get(t, sink, lang+"/rights/documents-held/leaflet/index.html"), -1) {
				got = append(got, m[1])
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s leaflet of a page without countries: hotlines %v, want %v", lang, got, want)
			}
		}
		// Lao has no wages page: the leaflet shows the English text in
		// the Lao tree, with Lao labels and Lao hotline names.
		lo := get(t, sink, "lo/rights/wages/leaflet/index.html")
		for _, want := range []string{`<article class="sheet" lang="en">`, `ຈຸດສຳຄັນ`, `ສາຍດ່ວນ ກົມການຈັດຫາງານ (DOE) ໄທ`, `<h1>Minimum wage</h1>`} {
			if !strings.Contains(lo, want) {
				t.Errorf("lo fallback leaflet lacks %s", want)
			}
		}
	})

	t.Run("page link", func(t *testing.T) {
		page := get(t, sink, "my/rights/wages/index.html")
		if !strings.Contains(page, `<a class="print-leaflet" href="leaflet/index.html">`) {
			t.Errorf("page does not link its leaflet")
		}
	})

	t.Run("booklet", func(t *testing.T) {
		for _, lang := range langs {
			html := get(t, sink, lang+"/rights/booklet/index.html")
			printHead(t, html, "rights/", "../../../")
			// Cover, contents, three pages of hotlines, two spreads (6-7,
			// 8-9), two notes pages and the back cover: 12 pages.
			sides := regexp.MustCompile(`<div class="sheet-side" data-sheet="(\d+)" data-side="(\w+)">`).FindAllStringSubmatch(html, -1)
			pages := regexp.MustCompile(`<section class="bpage bpage-(\w+)" data-page="(\d+)">`).FindAllStringSubmatch(html, -1)
			var order []string
			kinds := map[int]string{}
			for _, p := range pages {
				order = append(order, p[2])
				n, _ := strconv.Atoi(p[2])
				kinds[n] = p[1]
			}
			var want []string
			for _, s := range leaflet.Impose(12) {
				for _, n := range append(s.Front[:], s.Back[:]...) {
					want = append(want, strconv.Itoa(n))
				}
			}
			if len(sides) != 6 || strings.Join(order, ",") != strings.Join(want, ",") {
				t.Errorf("%s booklet: %d sides, pages in print order %v, want 6 sides and %v", lang, len(sides), order, want)
			}
			// Without a duplex printer: the fronts' sides, then the backs'.
			if lang == "en" && !strings.Contains(html, "print pages 1, 3, 5, put the sheets back in turned over, then print pages 2, 4, 6.") {
				t.Errorf("en booklet: no one-sided printing hint with its sides")
			}
			wantKinds := map[int]string{1: "cover", 2: "contents", 3: "hotlines", 4: "hotlines", 5: "hotlines", 6: "intro", 7: "points", 8: "intro", 9: "points", 10: "notes", 11: "notes", 12: "back"}
			// Lao and Burmese readers' 7 hotlines fill two pages, not
			// three: a notes page keeps the spreads where they were.
			if lang == "lo" || lang == "my" {
				wantKinds[5] = "notes"
			}
			for n, k := range wantKinds {
				if kinds[n] != k {
					t.Errorf("%s booklet page %d is %s, want %s", lang, n, kinds[n], k)
				}
			}
			// QR codes are inline, so the booklet prints alone and the
			// site has no file per code: the section's on both covers,
			// each leaflet's on its spread.
			if n := strings.Count(html, `<svg class="qr" `); n != 4 || strings.Contains(html, `<img class="qr"`) {
				t.Errorf("%s booklet has %d inline QR codes, want 4 and no QR images", lang, n)
			}
			// Each QR code's caption gives its address too, for a phone
			// that cannot scan: the spreads' as the covers'.
			if n := len(regexp.MustCompile(`<figcaption>[^<]*<br><span class="url">https://[^<]+/`+lang+`/rights/[^<]*</span></figcaption>`).FindAllString(html, -1)); n != 4 {
				t.Errorf("%s booklet: %d QR captions with their address, want 4", lang, n)
			}
			// wages (weight 20) comes before documents-held (weight 50).
			if !regexp.MustCompile(`(?s)<ol class="contents"><li>.*<span class="at">6</span></li><li>.*<span class="at">8</span></li></ol>`).MatchString(html) {
				t.Errorf("%s booklet contents do not point at pages 6 and 8", lang)
			}
		}
	})

	t.Run("index", func(t *testing.T) {
		html := get(t, sink, "en/leaflets/index.html")
		for _, want := range []string{
			// The booklet changed when its latest page did.
			`<tr><th scope="row"><a href="../rights/booklet/index.html"><strong>Print booklet</strong></a></th><td>December 1, 2026</td></tr>`,
			`<tr><th scope="row"><a href="../rights/wages/leaflet/index.html">Minimum wage</a></th><td>December 1, 2026</td></tr>`,
			`<tr><th scope="row"><a href="../rights/documents-held/leaflet/index.html">Nobody may keep your documents</a></th><td>November 22, 2026</td></tr>`,
		} {
			if !strings.Contains(html, want) {
				t.Errorf("en index lacks %s", want)
			}
		}
		if strings.Contains(html, ".pdf") {
			t.Errorf("a plain build links PDFs that do not exist")
		}
		// Before printing, the index says which leaflets are not
		// translated (and print in which language) or not reviewed.
		if strings.Contains(html, `class="leaflet-state"`) {
			t.Errorf("en index marks a reviewed English leaflet")
		}
		lo := get(t, sink, "lo/leaflets/index.html")
		if !strings.Contains(lo, `<a href="../rights/wages/leaflet/index.html">Minimum wage</a><small class="leaflet-state" lang="lo">ຍັງບໍ່ທັນໄດ້ແປ — ສະແດງເປັນພາສາອັງກິດ</small></th>`) {
			t.Errorf("lo index does not say the wages leaflet prints in English")
		}
		if !strings.Contains(get(t, sink, "km/leaflets/index.html"), "ខិត្តប័ណ្ណសម្រាប់បោះពុម្ព") {
			t.Errorf("km index is not in Khmer")
		}
		pdf, err := buildSite(t, siteFS(t, nil), true)
		if err != nil {
			t.Fatal(err)
		}
		with := get(t, pdf, "th/leaflets/index.html")
		for _, want := range []string{`<a href="booklet_th_rights.pdf" type="application/pdf">PDF</a> (1.2 MB)`, `<a href="leaflet_th_rights_wages.pdf" type="application/pdf">PDF</a> (147 KB)`, `<a href="leaflet_th_rights_documents-held.pdf" type="application/pdf">PDF</a> (147 KB)`, `<th scope="col">PDF</th>`} {
			if !strings.Contains(with, want) {
				t.Errorf("index built for --pdf lacks %s", want)
			}
		}
	})

	t.Run("links", func(t *testing.T) {
		// Every relative link and stylesheet of the print pages, and the
		// font the stylesheet loads, must exist in the output. (Of the
		// index, only its own part: the theme's head and footer link files
		// of other renderers, which this build leaves out.)
		ref := regexp.MustCompile(`(?:href|src)="([^"#]+)`)
		for _, name := range sink.Names() {
			if !strings.Contains(name, "leaflet") && !strings.Contains(name, "booklet") || !strings.HasSuffix(name, ".html") {
				continue
			}
			html := get(t, sink, name)
			if strings.HasSuffix(name, "leaflets/index.html") {
				_, html, _ = strings.Cut(html, "<main")
				html, _, _ = strings.Cut(html, "</main>")
			}
			for _, m := range ref.FindAllStringSubmatch(html, -1) {
				u := m[1]
				if strings.Contains(u, ":") {
					continue
				}
				target := path.Join(path.Dir(name), u)
				if _, ok := sink.Get(target); !ok {
					t.Errorf("%s links %s (%s), which is not built", name, u, target)
				}
			}
		}
		css := get(t, sink, "css/leaflet.css")
		for _, m := range regexp.MustCompile(`url\(([^)]+)\)`).FindAllStringSubmatch(css, -1) {
			if _, ok := sink.Get(path.Join("css", m[1])); !ok {
				t.Errorf("leaflet.css loads %s, which is not built", m[1])
			}
		}
	})
}

// Paper is handed on without its web page, so a print page says what the
// page's notice says, in the reader's language: a leaflet under its
// title, a booklet on its cover for the section's text and on each spread
// for that page's, so a booklet of mixed pages says which are unreviewed.
// In the fixture every translation is unreviewed but Khmer wages, marked
// reviewed here; Lao and Thai have no wages page and print the English.
// The Burmese documents-held page is made outdated here (its source_hash
// is not the English page's), and says so as well.
func TestNotices(t *testing.T) {
	fsys := siteFS(t, nil)
	edit := func(file, old, new string) {
		t.Helper()
		was := string(fsys[file].Data)
		now := strings.Replace(was, old, new, 1)
		if now == was {
			t.Fatalf("the fixture's %s has no %q", file, old)
		}
		fsys[file].Data = []byte(now)
	}
	edit("content/rights/wages.km.md", "\nlast_reviewed:", "\nreviewed: true\nlast_reviewed:")
	edit("content/rights/documents-held.my.md", "source_hash: \"", "source_hash: \"0")
	sink, err := buildSite(t, fsys, false)
	if err != nil {
		t.Fatal(err)
	}
	langs := []string{"en", "km", "lo", "my", "th"}
	strs, diags := i18n.Load(fsys, "i18n", langs, "en")
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	tr := func(lang, id string, data map[string]any) string {
		s, err := strs.T(lang, id, nil, data)
		if err != nil {
			t.Fatal(err)
		}
		return html.EscapeString(s)
	}
	unreviewed := func(lang string) string {
		return `<p class="notice notice-unreviewed" role="note" lang="` + lang + `">` + tr(lang, "unreviewed_notice", nil) + `</p>`
	}
	outdated := func(lang string) string {
		return `<p class="notice notice-outdated" role="note" lang="` + lang + `">` + tr(lang, "outdated_notice", map[string]any{"Language": tr(lang, "lang_en", nil)}) + `</p>`
	}
	fallback := func(lang string) string {
		return `<p class="notice notice-fallback" role="note" lang="` + lang + `">` + tr(lang, "fallback_notice", map[string]any{"Language": tr(lang, "lang_en", nil)}) + `</p>`
	}
	// Each leaflet's notice, in the head under the title, or none.
	head := regexp.MustCompile(`(?s)<header class="leaflet-head">.*?</header>`)
	for _, c := range []struct{ file, want string }{
		{"en/rights/wages/leaflet/index.html", ""},
		{"en/rights/documents-held/leaflet/index.html", ""},
		{"km/rights/wages/leaflet/index.html", ""},
		{"km/rights/documents-held/leaflet/index.html", unreviewed("km")},
		{"lo/rights/documents-held/leaflet/index.html", unreviewed("lo")},
		{"my/rights/wages/leaflet/index.html", unreviewed("my")},
		{"my/rights/documents-held/leaflet/index.html", outdated("my") + "\n" + unreviewed("my")},
		{"th/rights/documents-held/leaflet/index.html", unreviewed("th")},
		{"lo/rights/wages/leaflet/index.html", fallback("lo")},
		{"th/rights/wages/leaflet/index.html", fallback("th")},
	} {
		page := get(t, sink, c.file)
		n := strings.Count(page, `class="notice`)
		switch {
		case c.want == "" && n != 0:
			t.Errorf("%s has %d notices, want none", c.file, n)
		case c.want != "" && (n != strings.Count(c.want, `class="notice`) || !strings.Contains(head.FindString(page), c.want)):
			t.Errorf("%s has %d notices, want under the title: %s", c.file, n, c.want)
		}
	}
	// Each booklet page's notices: the cover's (the section's text, which
	// is reviewed only in English) and each spread's on its left page.
	bpage := regexp.MustCompile(`(?s)<section class="bpage bpage-(\w+)" data-page="(\d+)">(.*?)</section>`)
	for lang, want := range map[string]map[string]string{
		"en": {},
		"km": {"1": unreviewed("km"), "8": unreviewed("km")},
		"lo": {"1": unreviewed("lo"), "6": fallback("lo"), "8": unreviewed("lo")},
		"my": {"1": unreviewed("my"), "6": unreviewed("my"), "8": outdated("my") + unreviewed("my")},
		"th": {"1": unreviewed("th"), "6": fallback("th"), "8": unreviewed("th")},
	} {
		got := map[string]string{}
		for _, m := range bpage.FindAllStringSubmatch(get(t, sink, lang+"/rights/booklet/index.html"), -1) {
			for _, n := range regexp.MustCompile(`<p class="notice[^>]*>[^<]*</p>`).FindAllString(m[3], -1) {
				got[m[2]] += n
			}
		}
		if !maps.Equal(got, want) {
			t.Errorf("%s booklet: notices by page\n%v\nwant\n%v", lang, got, want)
		}
	}
}

// A page at an address the print pages need is an error, not a silent
// overwrite.
func TestCollision(t *testing.T) {
	_, err := buildSite(t, siteFS(t, map[string]string{
		"content/rights/booklet.en.md": "---\ntitle: Booklet\n---\nText.\n",
	}), false)
	if err == nil || !strings.Contains(err.Error(), "content/rights/booklet.en.md:1:1: page would be published at /en/rights/booklet/, which the booklet of content/rights/_index.en.md page needs") {
		t.Errorf("err = %v, want a collision with the booklet", err)
	}
}

// printHead checks the head of a leaflet or booklet: what a browser, a
// search engine and a link preview need of a page a facilitator opens on a
// phone before printing it. Its description and icon (without one the
// browser asks for /favicon.ico, which no static host here has, and logs a
// 404); and, rather than noindex, a canonical link to the web page it was
// made from, which is how a search engine is told of a copy (noindex beside
// a canonical link says two things at once). The web page is the
// language's own, or the original of a page not yet translated.
func printHead(t *testing.T, html, page, root string) {
	t.Helper()
	canonical := regexp.MustCompile(`<link rel="canonical" href="https://spean\.example\.org/[a-z]{2}/` + regexp.QuoteMeta(page) + `">`)
	if !canonical.MatchString(html) {
		t.Errorf("%s: no canonical link to its web page", page)
	}
	for _, want := range []string{
		`<meta name="description" content="`,
		`<link rel="icon" href="` + root + `icons/icon.svg" type="image/svg+xml">`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("%s: lacks %s", page, want)
		}
	}
	if strings.Contains(html, `<meta name="description" content="">`) || strings.Contains(html, "noindex") {
		t.Errorf("%s: an empty description or noindex", page)
	}
}
