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
	// PDF makes the index link each leaflet's and booklet's PDF: set by
	// `leaflets --pdf`, which writes the PDFs next to the index once the
	// build is in place. A plain build leaves it off, so it never links
	// a file that does not exist.
	PDF bool
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
// site (offline copies, zips).
func Render(ctx context.Context, s *site.Site, t *theme.Theme, o Options, sink publish.Sink) diag.List {
	var diags diag.List
	hot := s.Hotlines
	if hot == nil {
		hot = &hotline.Data{} // a site without hotlines
	}
	r := &renderer{ctx: ctx, s: s, t: t, hot: hot, opts: o, sink: sink}
	for _, lang := range s.Langs {
		if ctx.Err() != nil {
			break
		}
		diags = append(diags, r.lang(lang)...)
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
}

func (r *renderer) lang(lang string) diag.List {
	var diags diag.List
	fail := func(p *site.Page, err error) {
		diags.Errorf(diag.Pos{File: p.Source.Path}, "leaflet", "%v", err)
	}
	index := r.s.LeafletsPage(lang)
	// Every content page's leaflet, made once (booklets reuse them), the
	// pages in parallel: each is a QR code and a page to render.
	pages := r.s.ByLang[lang]
	made := make([]*Leaflet, len(pages))
	found := make([]diag.List, len(pages))
	workers.Each(r.ctx, len(pages), 0, func(i int) {
		p := pages[i]
		lp := p.Leaflet()
		if lp == nil {
			return
		}
		failed := func(err error) {
			found[i].Errorf(diag.Pos{File: p.Source.Path}, "leaflet", "%v", err)
		}
		lf, err := r.leaflet(p)
		if err != nil {
			failed(err)
			return
		}
		made[i] = lf
		if err := r.t.RenderPage(r.s, lp, LeafletLayout, func(v *theme.View) any {
			return struct {
				*theme.View
				Leaflet *Leaflet
			}{v, lf}
		}, r.sink); err != nil {
			failed(fmt.Errorf("render %s: %w", lp.Output(), err))
		}
	})
	leaflets := map[*site.Page]*Leaflet{}
	for i, p := range pages {
		diags = append(diags, found[i]...)
		if made[i] != nil {
			leaflets[p] = made[i]
		}
	}
	// The index groups leaflets under the section (or home) they are in,
	// in reading order, each section with its booklet.
	idx := &Index{Lang: lang, PDF: r.opts.PDF}
	for _, sec := range r.s.ByLang[lang] {
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
		if bp := sec.Booklet(); bp != nil {
			b, err := r.booklet(sec, leaflets)
			if err != nil {
				fail(sec, err)
				continue
			}
			if err := r.t.RenderPage(r.s, bp, BookletLayout, func(v *theme.View) any {
				return struct {
					*theme.View
					Booklet *Booklet
				}{v, b}
			}, r.sink); err != nil {
				fail(sec, fmt.Errorf("render %s: %w", bp.Output(), err))
			}
			group.Booklet, group.BookletURL = b, index.Rel(bp)
			if r.opts.PDF {
				group.BookletPDF = index.RelFile(bp.PDF())
			}
		}
		if len(group.Entries) > 0 || group.Booklet != nil {
			idx.Groups = append(idx.Groups, group)
		}
	}
	if err := r.t.RenderPage(r.s, index, IndexLayout, func(v *theme.View) any {
		return struct {
			*theme.View
			Leaflets *Index
		}{v, idx}
	}, r.sink); err != nil {
		fail(r.s.Home[lang], fmt.Errorf("leaflets index: %w", err))
	}
	return diags
}

// leaflet gathers what a page's leaflet prints.
func (r *renderer) leaflet(p *site.Page) (*Leaflet, error) {
	m := p.Source.Meta
	lf := &Leaflet{
		Page: p, Title: m.Title, Summary: m.Summary, KeyPoints: m.KeyPoints,
		URL: theme.Abs(r.s.Config, p), Back: p.Leaflet().Rel(p),
		LastReviewed: m.LastReviewed, Changed: changed(m), Sources: m.Sources,
		Review: freshness.For(r.s, p),
	}
	lf.Hotlines = r.hotlines(p.Lang, m.Countries)
	lf.Words = r.words(p, lf)
	qr, err := QR(lf.URL, lf.URL)
	if err != nil {
		return nil, err
	}
	lf.QR = qr
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
