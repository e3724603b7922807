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
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"sync"
	"time"

	"spean/generator/content"
	"spean/generator/diag"
	"spean/generator/freshness"
	"spean/generator/hotline"
	"spean/generator/publish"
	"spean/generator/site"
	"spean/generator/theme"
	"spean/generator/workers"
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
	// PDF makes the index link each leaflet's and booklet's PDF, with its
	// size: set by `leaflets --pdf`, which prints the PDFs from the
	// leaflets and booklets before the site is published, so Render then
	// leaves the indexes to Indexes.Write. A plain build leaves it off, so
	// it never links a file that does not exist.
	PDF bool
	// Cache, if set, publishes again the leaflets, booklets and indexes
	// whose input did not change since the previous build
	// (build.OutputCache); they are rendered otherwise.
	Cache Cache
}

// Cache is what a build offers to publish again the outputs of the
// previous build whose key is unchanged: each page's text key ("" when
// nothing is reused), and the reuse and the note for the next build of a
// list of outputs with their keys, in the same order in every build.
type Cache interface {
	TextKey(p *site.Page) string
	Reuse(ctx context.Context, note string, outputs, keys []string) ([]bool, error)
	Note(note string, outputs, keys []string) error
}

// combine is the key of an output made from pages' text keys: "" when
// any is "" (or the layout may show text the keys do not cover).
func combine(ok bool, kind string, keys ...string) string {
	if !ok {
		return ""
	}
	h := sha256.New()
	for _, k := range append([]string{kind}, keys...) {
		if k == "" {
			return ""
		}
		h.Write([]byte(k))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// Leaflet is what leaflet.html sees for one page (and booklet.html for each
// page of a section).
type Leaflet struct {
	Page           *site.Page
	Title, Summary string
	KeyPoints      []string
	Hotlines       []Hotline
	// URL is the page's absolute address, which the QR code (QR) opens.
	URL string
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
	// Words are the terms the page uses, with their definitions.
	Words []Word
	// Notice is the page's notice, printed as the web page shows it.
	Notice Notice

	qr qrOnce
}

// Notice is what partials/notices.html needs to say that a text is not
// translated (a fallback page), made from an older version of its source
// page or not yet reviewed, in the reader's
// language: the web page says it, and paper, handed on from one reader to
// the next without the page, must say it too. The partial reads the same
// names from a page's View.
type Notice struct {
	// Page is the page whose text is printed.
	Page     *site.Page
	reviewed bool
	outdated string
}

// IsReviewed reports whether the text has been reviewed (site.Reviewed).
func (n Notice) IsReviewed() bool { return n.reviewed }

// OutdatedFrom is the source language when the text is a translation
// made from an older version of the source page (site.Outdated), "" when
// it is not.
func (n Notice) OutdatedFrom() string { return n.outdated }

// notice is p's notice in s.
func notice(s *site.Site, p *site.Page) Notice {
	return Notice{Page: p, reviewed: s.Reviewed(p), outdated: s.OutdatedFrom(p)}
}

// QR is the leaflet's QR code, an inline SVG, made the first time a
// layout shows it: the leaflets index made again after an edit gathers
// every leaflet of its language and, with the default layout, shows none
// of their codes (2,000 of them on the 10,000-page site, 0.3 CPU-s).
func (lf *Leaflet) QR() (template.HTML, error) {
	lf.qr.once.Do(func() { lf.qr.svg, lf.qr.err = QR(lf.URL, lf.URL) })
	return lf.qr.svg, lf.qr.err
}

// qrOnce is a QR code made once.
type qrOnce struct {
	once sync.Once
	svg  template.HTML
	err  error
}

// Hotline is one number as printed, in the language of the leaflet, or
// of its fallback chain: then a text's Lang names its language.
type Hotline struct {
	ID, Number, Tel      string
	Name, Purpose, Hours hotline.Text
	// Where is the UI string id of where it is dialled ("in_cambodia").
	Where string
}

// Render writes every leaflet, booklet and leaflets index of s with t's
// layouts. It runs after the pages, when every step has published what
// layouts need (t.Assets), and before the steps that collect the finished
// site (offline copies, zips). With o.PDF it writes no index: the indexes
// show the PDFs' sizes, known once they are printed from the leaflets and
// booklets, and Indexes.Write writes them then; without, the Indexes it
// returns are nil.
func Render(ctx context.Context, s *site.Site, t *theme.Theme, o Options, sink publish.Sink) (*Indexes, diag.List) {
	var diags diag.List
	hot := s.Hotlines
	if hot == nil {
		hot = &hotline.Data{} // a site without hotlines
	}
	r := &renderer{ctx: ctx, s: s, t: t, hot: hot, opts: o, sink: sink}
	// What the layouts show is the same for every language: asked once.
	var err1, err2, err3 error
	r.leafletOK, err1 = t.ShowsOnly(LeafletLayout, []string{"Leaflet", "Page", "Doc"})
	r.bookletOK, err2 = t.ShowsOnly(BookletLayout, []string{"Booklet", "Section", "Doc"})
	r.indexOK, err3 = t.ShowsOnly(IndexLayout)
	r.showsErr = errors.Join(err1, err2, err3)
	// The languages at once, as their pages are: each has parts that run
	// on one core (its booklets' and leaflets index's setting out, its
	// leaflets index, 35 ms a language of the 10,000-page site), which
	// another language's work then fills.
	found := make([]diag.List, len(s.Langs))
	pending := make([]*Index, len(s.Langs))
	workers.Each(ctx, len(s.Langs), 0, func(i int) {
		found[i], pending[i] = r.lang(s.Langs[i])
	})
	for i, lang := range s.Langs {
		diags = append(diags, found[i]...)
		if pending[i] != nil {
			r.pending = append(r.pending, pendingIndex{lang, pending[i]})
		}
	}
	if !o.PDF {
		return nil, diags
	}
	return &Indexes{r: r}, diags
}

// Indexes are the leaflets indexes of a build that prints PDFs, written
// once the PDFs are (Render).
type Indexes struct{ r *renderer }

// Write writes every language's leaflets index, each PDF linked with its
// size in bytes, which size gives by the PDF's output name (0: unknown,
// not shown).
func (ix *Indexes) Write(size func(pdf string) int) diag.List {
	var diags diag.List
	r := ix.r
	for _, p := range r.pending {
		for g := range p.idx.Groups {
			group := &p.idx.Groups[g]
			if group.Booklet != nil {
				group.BookletPDFBytes = size(group.Section.Booklet().PDF())
			}
			for e := range group.Entries {
				entry := &group.Entries[e]
				entry.PDFBytes = size(entry.Page.Leaflet().PDF())
			}
		}
		if err := r.writeIndex(p.lang, p.idx); err != nil {
			diags.Errorf(diag.Pos{File: r.s.Home[p.lang].Source.Path}, "leaflet", "%v", err)
		}
	}
	return diags
}

type renderer struct {
	ctx  context.Context
	s    *site.Site
	t    *theme.Theme
	hot  *hotline.Data
	opts Options
	sink publish.Sink
	// pending are the indexes left for Indexes.Write (Options.PDF).
	pending []pendingIndex
	// Whether each layout shows only the text its outputs' keys cover
	// (Theme.ShowsOnly), or why that could not be told.
	leafletOK, bookletOK, indexOK bool
	showsErr                      error
}

// pendingIndex is one language's leaflets index, not yet written.
type pendingIndex struct {
	lang string
	idx  *Index
}

// writeIndex writes lang's leaflets index.
func (r *renderer) writeIndex(lang string, idx *Index) error {
	err := r.t.RenderPage(r.s, r.s.LeafletsPage(lang), IndexLayout, func(v *theme.View) any {
		return struct {
			*theme.View
			Leaflets *Index
		}{v, idx}
	}, r.sink)
	if err != nil {
		return fmt.Errorf("leaflets index: %w", err)
	}
	return nil
}

// lang makes lang's leaflets, booklets and leaflets index, or returns the
// index for Indexes.Write when PDFs are printed (their sizes come later).
func (r *renderer) lang(lang string) (diag.List, *Index) {
	var diags diag.List
	fail := func(p *site.Page, err error) {
		diags.Errorf(diag.Pos{File: p.Source.Path}, "leaflet", "%v", err)
	}
	index := r.s.LeafletsPage(lang)
	pages := r.s.ByLang[lang]
	// What the previous build made from the same text is published again
	// (Options.Cache), as long as the layouts show no other text than the
	// keys cover: a leaflet its page's, a booklet its section's and
	// pages', an index its language's.
	cache := r.opts.Cache
	textKey := func(p *site.Page) string { return "" }
	if cache != nil {
		textKey = cache.TextKey
	}
	leafletOK, bookletOK, indexOK := r.leafletOK, r.bookletOK, r.indexOK
	if r.showsErr != nil {
		fail(r.s.Home[lang], r.showsErr)
		return diags, nil
	}
	reuse := func(note string, outputs, keys []string) []bool {
		if cache == nil {
			return make([]bool, len(outputs))
		}
		reused, err := cache.Reuse(r.ctx, note+"/"+lang, outputs, keys)
		if err != nil {
			fail(r.s.Home[lang], err)
		}
		return reused
	}
	noted := func(note string, outputs, keys []string) {
		if cache != nil {
			if err := cache.Note(note+"/"+lang, outputs, keys); err != nil {
				fail(r.s.Home[lang], err)
			}
		}
	}
	var lOuts, lKeys []string
	at := make([]int, len(pages)) // each page's place in lOuts, or -1
	for i, p := range pages {
		at[i] = -1
		if lp := p.Leaflet(); lp != nil {
			at[i] = len(lOuts)
			lOuts, lKeys = append(lOuts, lp.Output()), append(lKeys, combine(leafletOK, "leaflet", textKey(p)))
		}
	}
	lReused := reuse("leaflets", lOuts, lKeys)
	// Every content page's leaflet, made once (booklets reuse them), the
	// pages in parallel: each a page to render, its QR code made as the
	// layout shows it.
	made := make([]*Leaflet, len(pages))
	found := make([]diag.List, len(pages))
	workers.Each(r.ctx, len(pages), 0, func(i int) {
		p := pages[i]
		lp := p.Leaflet()
		if lp == nil {
			return
		}
		lf := r.leaflet(p)
		made[i] = lf
		if lReused[at[i]] {
			return
		}
		err := r.t.RenderPage(r.s, lp, LeafletLayout, func(v *theme.View) any {
			return struct {
				*theme.View
				Leaflet *Leaflet
			}{v, lf}
		}, r.sink)
		if err != nil {
			found[i].Errorf(diag.Pos{File: p.Source.Path}, "leaflet", "render %s: %v", lp.Output(), err)
		}
	})
	leaflets := map[*site.Page]*Leaflet{}
	for i, p := range pages {
		diags = append(diags, found[i]...)
		if made[i] != nil {
			leaflets[p] = made[i]
		}
	}
	noted("leaflets", lOuts, lKeys)
	// The booklets, each a whole section.
	type bookletJob struct {
		sec *site.Page
		b   *Booklet
	}
	var jobs []bookletJob
	var bOuts, bKeys []string
	for _, sec := range pages {
		bp := sec.Booklet()
		if sec.Kind == site.Regular || bp == nil {
			continue
		}
		b, err := r.booklet(sec, leaflets)
		if err != nil {
			fail(sec, err)
			continue
		}
		keys := []string{textKey(sec)}
		for _, p := range sec.PagesUnder() {
			keys = append(keys, textKey(p))
		}
		jobs = append(jobs, bookletJob{sec, b})
		bOuts, bKeys = append(bOuts, bp.Output()), append(bKeys, combine(bookletOK, "booklet", keys...))
	}
	bReused := reuse("booklets", bOuts, bKeys)
	// In parallel too: rendered one after another, a language's booklets
	// (a whole section each) left a core idle for 90-100 ms a language of
	// the 10,000-page site.
	bErrs := make([]error, len(jobs))
	workers.Each(r.ctx, len(jobs), 0, func(i int) {
		j := jobs[i]
		if bReused[i] {
			return
		}
		err := r.bookletQR(j.b)
		if err == nil {
			err = r.t.RenderPage(r.s, j.sec.Booklet(), BookletLayout, func(v *theme.View) any {
				return struct {
					*theme.View
					Booklet *Booklet
				}{v, j.b}
			}, r.sink)
			if err != nil {
				err = fmt.Errorf("render %s: %w", j.sec.Booklet().Output(), err)
			}
		}
		bErrs[i] = err
	})
	for i, err := range bErrs {
		if err != nil {
			fail(jobs[i].sec, err)
		}
	}
	noted("booklets", bOuts, bKeys)
	// The index groups leaflets under the section (or home) they are in,
	// in reading order, each section with its booklet.
	booklets := map[*site.Page]*Booklet{}
	for _, j := range jobs {
		booklets[j.sec] = j.b
	}
	idx := &Index{Lang: lang, PDF: r.opts.PDF}
	var all []string
	for _, sec := range pages {
		all = append(all, textKey(sec))
		if sec.Kind == site.Regular {
			continue
		}
		group := IndexGroup{Section: sec}
		for _, c := range sec.Children {
			if lf := leaflets[c]; lf != nil {
				e := IndexEntry{Leaflet: lf, URL: index.Rel(c.Leaflet())}
				if r.opts.PDF {
					e.PDF = index.RelFile(c.Leaflet().PDF())
				}
				group.Entries = append(group.Entries, e)
			}
		}
		if b := booklets[sec]; b != nil {
			group.Booklet, group.BookletURL = b, index.Rel(sec.Booklet())
			if r.opts.PDF {
				group.BookletPDF = index.RelFile(sec.Booklet().PDF())
			}
		}
		if len(group.Entries) > 0 || group.Booklet != nil {
			idx.Groups = append(idx.Groups, group)
		}
	}
	if r.opts.PDF {
		// Its PDFs' sizes are not known yet (Indexes.Write); nor is it
		// noted, since no key covers them.
		return diags, idx
	}
	iOuts, iKeys := []string{index.Output()}, []string{combine(indexOK, "index", all...)}
	if !reuse("leaflets-index", iOuts, iKeys)[0] {
		if err := r.writeIndex(lang, idx); err != nil {
			fail(r.s.Home[lang], err)
		}
	}
	noted("leaflets-index", iOuts, iKeys)
	return diags, nil
}

// leaflet gathers what a page's leaflet prints, but its QR code, made
// when a layout asks (Leaflet.QR).
func (r *renderer) leaflet(p *site.Page) *Leaflet {
	m := p.Source.Meta
	lf := &Leaflet{
		Page: p, Title: m.Title, Summary: m.Summary, KeyPoints: m.KeyPoints,
		URL: theme.Abs(r.s.Config, p), Back: p.Leaflet().Rel(p),
		LastReviewed: m.LastReviewed, Changed: changed(m), Sources: m.Sources,
		Review: freshness.For(r.s, p), Notice: notice(r.s, p),
	}
	lf.Hotlines = r.hotlines(p.Lang, m.Countries)
	lf.Words = r.words(p, lf)
	return lf
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

// hotlines are the numbers for the given origin countries (when none are
// given, the language's, or all), in the data file's order, which is the
// order of importance.
// Names and purposes are in the language tree's language: the data file
// has every language even where the page text falls back to another.
func (r *renderer) hotlines(lang string, countries []string) []Hotline {
	// Paper names the countries of its readers: a page that names none
	// prints the hotlines for its language's (config), not every one.
	if len(countries) == 0 {
		if l := r.s.Config.Lang(lang); l != nil {
			countries = l.Countries
		}
	}
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
	// BookletPDFBytes is the booklet PDF's size, 0 if not known.
	BookletPDFBytes int
	Entries         []IndexEntry
}

// IndexEntry is one leaflet in the index.
type IndexEntry struct {
	*Leaflet
	URL, PDF string
	// PDFBytes is the PDF's size, 0 if not known.
	PDFBytes int
}
