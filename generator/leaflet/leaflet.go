// Package leaflet makes the printed side of the site, for self-help-group
// facilitators who share what they print: an A4 leaflet for every content
// page, an A5 booklet for every section imposed on A4 landscape sheets, and
// a leaflets index per language that says when each leaflet last changed.
//
// In goes the assembled site, the loaded theme and the hotline data; out
// come HTML pages written with the theme's leaflet.html, booklet.html and
// leaflets.html layouts, styled for paper by css/leaflet.css, each with a
// QR code (SVG, made here) that opens the page on the site. Print turns
// them into PDFs with headless Chromium (`leaflets --pdf`).
//
// Outputs, for a page at km/rights/wages/ in section km/rights/:
//
//	km/rights/wages/leaflet/index.html   the leaflet (A4 portrait, one sheet)
//	km/rights/booklet/index.html         the section's booklet (A5 on A4 landscape)
//	km/leaflets/index.html               the leaflets index
//	km/leaflets/leaflet_rights_wages.pdf the PDFs, from `leaflets --pdf`
package leaflet

import (
	"context"
	"fmt"
	"html/template"
	"path"
	"runtime"
	"strings"
	"sync"
	"time"
	"weak"

	"spean/generator/content"
	"spean/generator/diag"
	"spean/generator/freshness"
	"spean/generator/hotline"
	"spean/generator/publish"
	"spean/generator/site"
	"spean/generator/theme"
)

// Layouts that draw the three kinds of page.
const (
	LeafletLayout = "leaflet.html"
	BookletLayout = "booklet.html"
	IndexLayout   = "leaflets.html"
)

// ExtraOn is the theme Extra key set while leaflets are built, so the
// page-actions partial offers "Print leaflet" only when the leaflet exists.
const ExtraOn = "leaflets"

// Options change what the leaflets index links to.
type Options struct {
	// PDF makes the index link each leaflet's and booklet's PDF: set by
	// `leaflets --pdf`, which writes the PDFs next to the index once the
	// build is in place. A plain build leaves it off, so it never links
	// a file that does not exist.
	PDF bool
}

// LeafletPath is where a page's leaflet is published.
func LeafletPath(p *site.Page) string { return p.URL + "leaflet/index.html" }

// BookletPath is where a section's booklet is published.
func BookletPath(sec *site.Page) string { return sec.URL + "booklet/index.html" }

// QRPath is where the QR code of a page (its leaflet) or of a section (its
// booklet) is published as an SVG file, beside the print page.
func QRPath(p *site.Page) string {
	if p.Kind == site.Section {
		return p.URL + "booklet/qr.svg"
	}
	return p.URL + "leaflet/qr.svg"
}

// IndexPath is where a language's leaflets index is published.
func IndexPath(lang string) string { return lang + "/leaflets/index.html" }

// PDFPath is where `leaflets --pdf` writes the PDF of a leaflet (a page)
// or of a booklet (a section): in the language's leaflets folder, named
// after the key, with a prefix that keeps a page and a section of the same
// name apart. Slugs are ASCII with hyphens, so "_" cannot clash.
func PDFPath(p *site.Page) string {
	kind := "leaflet"
	key := p.Key
	if p.Kind == site.Section {
		kind, key = "booklet", p.Section
	}
	return p.Lang + "/leaflets/" + kind + "_" + strings.ReplaceAll(key, "/", "_") + ".pdf"
}

// Leaflet is what leaflet.html sees for one page (and booklet.html for each
// page of a section).
type Leaflet struct {
	Page           *site.Page
	Title, Summary string
	KeyPoints      []string
	Hotlines       []Hotline
	// URL is the page's absolute address, which the QR code opens.
	URL string
	QR  template.HTML
	// QRFile is the same code as a file of its own (QRPath), for the
	// booklet, whose many codes would otherwise weigh down its HTML.
	QRFile string
	// Back is the page's address relative to the leaflet.
	Back         string
	LastReviewed time.Time
	// Review is the review date and interval of the text printed
	// (generator/freshness): a translation without its own date prints
	// its source page's, with the line telling the facilitator when to
	// check the facts with a hotline before sharing the paper.
	Review freshness.Review
	// Changed is when the text last changed: lastmod or last_reviewed,
	// whichever is later (date when neither is set), so a facilitator
	// knows which printed copies to replace.
	Changed time.Time
	Sources []content.Ref
}

// Hotline is one number as printed, in the language of the leaflet, or
// of its fallback chain: then a text's Lang names its language.
type Hotline struct {
	ID, Number, Tel      string
	Name, Purpose, Hours hotline.Text
	// Where is the UI string id of where it is dialled ("in_cambodia").
	Where string
}

// Leaflets builds the print pages of one site build. Renderer runs before
// the pages (it tells the page layout that leaflets exist); Finisher
// writes them, after every renderer has published what layouts need (the
// CSP hash of the inline CSS, hashed script names).
type Leaflets struct {
	opts Options
	mu   sync.Mutex
	// pending holds what Renderer found for Finisher, by site. A build
	// that fails between the two never runs Finisher (serve keeps going
	// after such builds), so the site is held weakly and its entry
	// dropped when the site is collected.
	pending map[weak.Pointer[site.Site]]*state
}

type state struct {
	theme    *theme.Theme
	hotlines *hotline.Data
}

// New returns the leaflet steps for a build.
func New(o Options) *Leaflets {
	return &Leaflets{opts: o, pending: map[weak.Pointer[site.Site]]*state{}}
}

// Renderer loads the hotline data, checks that no page is in the way of
// the print pages, and switches on the "Print leaflet" link.
func (l *Leaflets) Renderer(_ context.Context, s *site.Site, t *theme.Theme, _ publish.Sink) diag.List {
	var diags diag.List
	data := s.Hotlines
	if data == nil {
		data = &hotline.Data{} // a site without hotlines
	}
	diags = append(diags, collisions(s)...)
	if diags.HasErrors() {
		return diags
	}
	t.Extra[ExtraOn] = "on"
	key := weak.Make(s)
	l.mu.Lock()
	if _, again := l.pending[key]; !again {
		runtime.AddCleanup(s, l.drop, key)
	}
	l.pending[key] = &state{theme: t, hotlines: data}
	l.mu.Unlock()
	return diags
}

// Finisher writes every leaflet, booklet and leaflets index.
func (l *Leaflets) Finisher(ctx context.Context, s *site.Site, _ *publish.Recorder, sink publish.Sink) diag.List {
	l.mu.Lock()
	st := l.pending[weak.Make(s)]
	l.mu.Unlock()
	var diags diag.List
	if st == nil {
		diags.Errorf(diag.Pos{File: "generator/leaflet"}, "leaflet", "leaflet finisher ran without its renderer (register both)")
		return diags
	}
	r := &renderer{s: s, t: st.theme, hot: st.hotlines, opts: l.opts, sink: sink}
	for _, lang := range s.Langs {
		if ctx.Err() != nil {
			break
		}
		diags = append(diags, r.lang(lang)...)
	}
	return diags
}

func (l *Leaflets) drop(key weak.Pointer[site.Site]) {
	l.mu.Lock()
	delete(l.pending, key)
	l.mu.Unlock()
}

// collisions reports pages whose address is taken by a print page, which
// would otherwise overwrite each other silently.
func collisions(s *site.Site) diag.List {
	var diags diag.List
	urls := map[string]*site.Page{}
	for _, p := range s.Pages {
		urls[p.URL+"index.html"] = p
	}
	check := func(out string) {
		if p := urls[out]; p != nil && !p.Fallback {
			diags.Errorf(diag.Pos{File: p.Source.Path}, "leaflet", "page %s is at %s, which the print pages need; rename it", p.Key, out)
		}
	}
	for _, lang := range s.Langs {
		check(IndexPath(lang))
		for _, p := range s.ByLang[lang] {
			switch p.Kind {
			case site.Regular:
				check(LeafletPath(p))
			case site.Section:
				check(BookletPath(p))
			}
		}
	}
	return diags
}

type renderer struct {
	s    *site.Site
	t    *theme.Theme
	hot  *hotline.Data
	opts Options
	sink publish.Sink
}

// printPage is a page of its own for a print output, in the language tree
// of p, so Root and relative links are right at its depth.
func printPage(p *site.Page, out string) *site.Page {
	q := *p
	q.URL = path.Dir(out) + "/"
	return &q
}

func (r *renderer) lang(lang string) diag.List {
	var diags diag.List
	fail := func(p *site.Page, err error) {
		diags.Errorf(diag.Pos{File: p.Source.Path}, "leaflet", "%v", err)
	}
	// Every content page's leaflet, made once: booklets reuse them.
	leaflets := map[*site.Page]*Leaflet{}
	for _, p := range r.s.ByLang[lang] {
		if p.Kind != site.Regular {
			continue
		}
		lf, err := r.leaflet(p)
		if err != nil {
			fail(p, err)
			continue
		}
		leaflets[p] = lf
		if err := r.sink.Write(lf.QRFile, []byte(lf.QR)); err != nil {
			fail(p, err)
		}
		if err := r.write(LeafletPath(p), LeafletLayout, p, struct {
			*theme.View
			Leaflet *Leaflet
		}{r.view(p, LeafletPath(p)), lf}); err != nil {
			fail(p, err)
		}
	}
	// The index groups leaflets under the section (or home) they are in,
	// in reading order, each section with its booklet.
	idx := &Index{Lang: lang, PDF: r.opts.PDF}
	rel := func(out string) string { return "../" + strings.TrimPrefix(out, lang+"/") }
	for _, sec := range r.s.ByLang[lang] {
		if sec.Kind == site.Regular {
			continue
		}
		group := IndexGroup{Section: sec}
		for _, c := range sec.Children {
			if lf := leaflets[c]; lf != nil {
				e := IndexEntry{Leaflet: lf, URL: rel(LeafletPath(c))}
				if r.opts.PDF {
					e.PDF = path.Base(PDFPath(c))
				}
				group.Entries = append(group.Entries, e)
			}
		}
		if sec.Kind == site.Section && len(pagesOf(sec)) > 0 {
			b, err := r.booklet(sec, leaflets)
			if err != nil {
				fail(sec, err)
				continue
			}
			if err := r.write(BookletPath(sec), BookletLayout, sec, struct {
				*theme.View
				Booklet *Booklet
			}{r.view(sec, BookletPath(sec)), b}); err != nil {
				fail(sec, err)
			}
			group.Booklet, group.BookletURL = b, rel(BookletPath(sec))
			if r.opts.PDF {
				group.BookletPDF = path.Base(PDFPath(sec))
			}
		}
		if len(group.Entries) > 0 || group.Booklet != nil {
			idx.Groups = append(idx.Groups, group)
		}
	}
	home := r.s.Home[lang]
	index := printPage(home, IndexPath(lang))
	index.Key, index.Kind = "leaflets", site.Regular
	v := theme.NewView(r.t, r.s, index, nil)
	// The index exists in every language at the same address, so its
	// alternates are the other languages' indexes.
	v.Alternates = nil
	v.Permalink = r.s.Config.BaseURL + path.Dir(IndexPath(lang)) + "/"
	v.Canonical = v.Permalink
	for _, l := range r.s.Langs {
		v.Alternates = append(v.Alternates, theme.Alternate{Lang: l, URL: r.s.Config.BaseURL + path.Dir(IndexPath(l)) + "/"})
	}
	out, err := r.t.Execute([]string{IndexLayout}, lang, struct {
		*theme.View
		Leaflets *Index
	}{v, idx})
	if err == nil {
		err = r.sink.Write(IndexPath(lang), out)
	}
	if err != nil {
		fail(home, fmt.Errorf("leaflets index: %w", err))
	}
	return diags
}

// view is the theme view of a print page: canonical is the page itself,
// since the print version repeats its text.
func (r *renderer) view(p *site.Page, out string) *theme.View {
	v := theme.NewView(r.t, r.s, printPage(p, out), nil)
	v.Permalink = theme.Abs(r.s.Config, p)
	v.Canonical = v.Permalink
	if p.Fallback {
		v.Canonical = theme.Abs(r.s.Config, r.s.Page(p.Key, p.Source.Lang))
	}
	v.Alternates = nil
	return v
}

func (r *renderer) write(out, layout string, p *site.Page, data any) error {
	b, err := r.t.Execute([]string{layout}, p.Lang, data)
	if err != nil {
		return fmt.Errorf("render %s: %w", out, err)
	}
	return r.sink.Write(out, b)
}

// pagesOf lists the content pages under a section, subsections' pages
// included, in reading order: a booklet covers its whole topic.
func pagesOf(sec *site.Page) []*site.Page {
	var out []*site.Page
	for _, c := range sec.Children {
		switch c.Kind {
		case site.Regular:
			out = append(out, c)
		case site.Section:
			out = append(out, pagesOf(c)...)
		}
	}
	return out
}

// leaflet gathers what a page's leaflet prints.
func (r *renderer) leaflet(p *site.Page) (*Leaflet, error) {
	m := p.Source.Meta
	lf := &Leaflet{
		Page: p, Title: m.Title, Summary: m.Summary, KeyPoints: m.KeyPoints,
		URL: theme.Abs(r.s.Config, p), Back: "../index.html",
		LastReviewed: m.LastReviewed, Changed: changed(m), Sources: m.Sources,
		Review: freshness.For(r.s, p),
	}
	lf.Hotlines = r.hotlines(p.Lang, m.Countries)
	qr, err := QR(lf.URL, lf.URL)
	if err != nil {
		return nil, err
	}
	lf.QR, lf.QRFile = qr, QRPath(p)
	return lf, nil
}

// changed is the later of lastmod and last_reviewed, or date.
func changed(m content.Meta) time.Time {
	t := m.Lastmod
	if m.LastReviewed.After(t) {
		t = m.LastReviewed
	}
	if t.IsZero() {
		t = m.Date
	}
	return t
}

// hotlines are the numbers for the given origin countries (all when none
// are given), in the data file's order, which is the order of importance.
// Names and purposes are in the language tree's language: the data file
// has every language even where the page text falls back to another.
func (r *renderer) hotlines(lang string, countries []string) []Hotline {
	list, _ := r.hot.Select(countries)
	chain := r.s.Config.Chain(lang)
	out := make([]Hotline, 0, len(list))
	for _, h := range list {
		// A text in the reader's own language needs no lang of its own.
		pick := func(texts map[string]string) hotline.Text {
			t := hotline.Pick(texts, chain)
			if t.Lang == lang {
				t.Lang = ""
			}
			return t
		}
		out = append(out, Hotline{ID: h.ID, Number: h.Number, Tel: h.Tel(), Where: h.Where(),
			Name: pick(h.Name), Purpose: pick(h.Purpose), Hours: pick(h.Hours)})
	}
	return out
}

// Index is what leaflets.html sees.
type Index struct {
	Lang   string
	Groups []IndexGroup
	// PDF is set when the PDFs are linked (`leaflets --pdf`).
	PDF bool
}

// IndexGroup is one section: its booklet and its pages' leaflets.
type IndexGroup struct {
	Section *site.Page
	Booklet *Booklet
	// URLs are relative to the index; the PDFs are beside it.
	BookletURL, BookletPDF string
	Entries                []IndexEntry
}

// IndexEntry is one leaflet in the index.
type IndexEntry struct {
	*Leaflet
	URL, PDF string
}
