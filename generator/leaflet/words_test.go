package leaflet_test

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"spean/generator/build"
	"spean/generator/config"
	"spean/generator/internal/browsertest"
	"spean/generator/leaflet"
)

// wordsTerms: a term with every language, one without Lao, and enough
// terms found in the English documents-held leaflet to reach the limit.
const wordsTerms = `terms:
  - id: work-permit
    sources: []
    en: {term: work permit, definition: The document that lets you work.}
    km: {term: លិខិតអនុញ្ញាតការងារ, definition: ឯកសារដែលអនុញ្ញាតឱ្យអ្នកធ្វើការ។}
    lo: {term: ໃບອະນຸຍາດເຮັດວຽກ, definition: ເອກະສານທີ່ອະນຸຍາດໃຫ້ທ່ານເຮັດວຽກ.}
  - id: hotline
    sources: []
    en: {term: hotline, definition: A phone number to call for help.}
  - id: passport
    sources: []
    en: {term: passport, definition: Your travel document.}
  - id: penalty
    sources: []
    en: {term: penalty, definition: What the law does to someone who breaks it.}
  - id: prison
    sources: []
    en: {term: prison, definition: A place people are locked up.}
  - id: fine
    sources: []
    en: {term: fine, definition: Money paid as a punishment.}
  - id: forced-labour
    sources: []
    en: {term: forced labour, rejected: [forced work], definition: Work someone cannot leave.}
  - id: order
    sources: []
    en: {term: NCPO Order 33/2560, definition: A 2017 order that suspended some penalties.}
`

var wordRE = regexp.MustCompile(`<div(?: lang="(\w+)")?><dt>([^<]*)</dt> <dd>([^<]*)</dd></div>`)

func words(t *testing.T, html string) []string {
	t.Helper()
	var out []string
	for _, m := range wordRE.FindAllStringSubmatch(html, -1) {
		out = append(out, m[1]+"|"+m[2]+"|"+m[3])
	}
	return out
}

func TestWordsBox(t *testing.T) {
	sink, err := buildSite(t, siteFS(t, map[string]string{"content/_data/terms.yaml": wordsTerms}), false)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		file, heading string
		want          []string
	}{
		// The sheet's terms in the order the sheet prints them (title,
		// summary, key points), at most MaxWords: "fine", the order and
		// "forced labour" come after the limit.
		{"en/rights/documents-held/leaflet/index.html", `<section class="words-box" lang="en"><h2>Words on this page</h2>`, []string{
			"|passport|Your travel document.",
			"|work permit|The document that lets you work.",
			"|penalty|What the law does to someone who breaks it.",
			"|prison|A place people are locked up.",
		}},
		// Khmer: the Khmer term; "hotline" has no Khmer entry and the
		// Khmer text no English word, so it is not there.
		{"km/rights/documents-held/leaflet/index.html", `<section class="words-box" lang="km"><h2>ពាក្យនៅលើទំព័រនេះ</h2>`, []string{
			"|លិខិតអនុញ្ញាតការងារ|ឯកសារដែលអនុញ្ញាតឱ្យអ្នកធ្វើការ។",
		}},
		// Lao has no wages page: the English text in the Lao tree. Its
		// terms are explained in Lao where the termbase has Lao, else
		// in English, marked.
		{"lo/rights/wages/leaflet/index.html", `<section class="words-box" lang="lo"><h2>ຄຳສັບໃນໜ້ານີ້</h2>`, []string{
			"en|hotline|A phone number to call for help.",
		}},
	} {
		html := get(t, sink, c.file)
		if !strings.Contains(html, c.heading) {
			t.Errorf("%s lacks %s", c.file, c.heading)
		}
		if got := words(t, html); strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s words:\n%s\nwant:\n%s", c.file, strings.Join(got, "\n"), strings.Join(c.want, "\n"))
		}
	}
	if len(words(t, get(t, sink, "en/rights/documents-held/leaflet/index.html"))) != leaflet.MaxWords {
		t.Errorf("the limit is not MaxWords")
	}
	// No term on the sheet, no box.
	if html := get(t, sink, "th/rights/documents-held/leaflet/index.html"); strings.Contains(html, "words-box") {
		t.Errorf("th leaflet has a Words box without Thai terms")
	}
}

// A sheet the Words box pushes onto a third side is printed without it:
// here four definitions long enough to fill a side of their own.
func TestPrintWithoutWords(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	chromium := browsertest.RequireChromium(t)
	long := strings.Repeat("A plain sentence that explains this word. ", 70)
	var tb strings.Builder
	tb.WriteString("terms:\n")
	for _, id := range []string{"passport", "work permit", "penalty", "prison"} {
		fmt.Fprintf(&tb, "  - id: %s\n    sources: []\n    en: {term: %s, definition: %q}\n", strings.ReplaceAll(id, " ", "-"), id, long)
	}
	fsys := siteFS(t, map[string]string{"content/_data/terms.yaml": tb.String()})
	sink, err := buildSite(t, fsys, false)
	if err != nil {
		t.Fatal(err)
	}
	public := writeOut(t, sink)
	const html = "en/rights/documents-held/leaflet/index.html"
	if n := len(words(t, get(t, sink, html))); n != leaflet.MaxWords {
		t.Fatalf("the leaflet explains %d words, want %d", n, leaflet.MaxWords)
	}
	job := printJob(t, fsys, html)
	srv := browsertest.Serve(t, public)
	p, tab := printTab(t, chromium)
	ctx := context.Background()
	// As the HTML prints: the box takes the sheet past two sides.
	full, err := tab.PDF(ctx, srv.URL+html)
	if err != nil {
		t.Fatal(err)
	}
	if leaflet.Sides(full) <= leaflet.MaxLeafletSides {
		t.Fatalf("the fixture prints on %d sides with its Words box; it should need more than %d", leaflet.Sides(full), leaflet.MaxLeafletSides)
	}
	var got []byte
	err = leaflet.PrintAll(ctx, p, srv.URL, []leaflet.Job{job}, 1, func(_ leaflet.Job, b []byte) error { got = b; return nil })
	if err != nil {
		t.Fatal(err)
	}
	if n := leaflet.Sides(got); n == 0 || n > leaflet.MaxLeafletSides {
		t.Errorf("the PDF has %d sides, want at most %d (printed without the Words box)", n, leaflet.MaxLeafletSides)
	}
}

// A leaflet still longer than one sheet without its Words box is written,
// and reported: a summary and key points too long for paper.
func TestPrintTooLong(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	chromium := browsertest.RequireChromium(t)
	fsys := siteFS(t, nil)
	const file = "content/rights/documents-held.en.md"
	src := string(fsys[file].Data)
	long := strings.Repeat("A plain sentence about this right that goes on. ", 90)
	edited := regexp.MustCompile(`(?m)^summary: .*$`).ReplaceAllLiteralString(src, "summary: "+strconv.Quote(long))
	if edited == src {
		t.Fatal("the fixture's page has no summary to lengthen")
	}
	fsys[file].Data = []byte(edited)
	sink, err := buildSite(t, fsys, false)
	if err != nil {
		t.Fatal(err)
	}
	public := writeOut(t, sink)
	job := printJob(t, fsys, "en/rights/documents-held/leaflet/index.html")
	srv := browsertest.Serve(t, public)
	p, _ := printTab(t, chromium)
	var got []byte
	err = leaflet.PrintAll(context.Background(), p, srv.URL, []leaflet.Job{job}, 1, func(_ leaflet.Job, b []byte) error { got = b; return nil })
	if got == nil || leaflet.Sides(got) <= leaflet.MaxLeafletSides {
		t.Fatalf("the lengthened leaflet printed on %d sides; the test needs more than %d", leaflet.Sides(got), leaflet.MaxLeafletSides)
	}
	if err == nil || !strings.Contains(err.Error(), file+": the leaflet prints on") || !strings.Contains(err.Error(), "shorten the page's summary or key points") {
		t.Errorf("printing a leaflet of %d sides: err = %v, want it reported at %s", leaflet.Sides(got), err, file)
	}
}

// printJob is the print job of the page whose print HTML is html in the
// site fsys, as leaflets --pdf would print it.
func printJob(t *testing.T, fsys fstest.MapFS, html string) leaflet.Job {
	t.Helper()
	cfg, err := config.Load(fsys, "config.yaml", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	l, diags := build.Load(cfg, fsys)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	for _, j := range leaflet.Jobs(l.Site) {
		if j.HTML == html {
			return j
		}
	}
	t.Fatalf("no print job for %s", html)
	return leaflet.Job{}
}
