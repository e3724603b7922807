// Package status renders the translation status page, /status/index.html:
// every page × every language, each cell up to date, not reviewed,
// outdated or missing, with counts per language and the file to edit, so
// a coordinator sees at a glance what the translators should do next.
// Pages are listed by the day their facts are due for another check
// against their sources (generator/freshness), the most overdue first: an
// order that holds on any day, so the page needs no clock and two builds
// stay identical.
//
// In goes the assembled site (the states come from translation.Status, computed
// from source_hash alone, so it works in a shallow clone); out comes one
// HTML file written with the theme's status.html layout. The page is for
// the people who run the site, not its readers: it is built only with
// `build --status` and tells search engines not to index it.
package status

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"spean/generator/diag"
	"spean/generator/freshness"
	"spean/generator/publish"
	"spean/generator/site"
	"spean/generator/theme"
	"spean/generator/translation"
)

// Layout is the theme layout that draws it.
const Layout = "status.html"

// View is what status.html sees besides the usual theme.View.
type View struct {
	Langs []Lang
	Rows  []Row
}

// Lang is one translation language and how its pages stand.
type Lang struct {
	Code, Name string
	// Counts has one entry per state, in translation.States order.
	Counts []Count
	Total  int
}

// Count is the number of pages in one state.
type Count struct {
	State translation.State
	N     int
}

// Row is one page.
type Row struct {
	Key, Title string
	// URL is the page's address relative to the status page.
	URL string
	// SourceFile is the source-language file; Link, when a repository
	// URL is known, where it can be opened.
	SourceFile, SourceLink string
	// Review is the source-language page's review date and interval.
	Review freshness.Review
	Cells  []Cell
}

// Cell is one page in one language.
type Cell struct {
	Lang  string
	State translation.State
	// File is the repository-relative path of the translation, or where
	// it should be created; Link is its repository URL when known.
	File, Link string
	// Due is the day this translation's facts are due for review, when it
	// has a review date of its own that makes it differ from the row's.
	Due time.Time
}

// Symbols give each state a mark that reads without colour and without
// knowing the language of the labels.
var Symbols = map[translation.State]string{
	translation.OK: "✓", translation.Unreviewed: "◐", translation.Outdated: "!", translation.Missing: "✗",
}

// Symbol is the mark of a state, for the layout.
func (c Cell) Symbol() string { return Symbols[c.State] }

// Write renders the status page and writes it. repoURL, if not empty, is
// the address under which repository files can be viewed (for example
// https://github.com/org/spean/blob/main/); file paths become links to it.
func Write(s *site.Site, t *theme.Theme, repoURL string, sink publish.Sink) diag.List {
	var diags diag.List
	out, err := Render(s, t, repoURL)
	if err == nil {
		err = sink.Write(s.Status.Output(), out)
	}
	if err != nil {
		diags.Errorf(diag.Pos{File: Layout}, "status", "status page: %v", err)
	}
	return diags
}

// Render draws the status page.
func Render(s *site.Site, t *theme.Theme, repoURL string) ([]byte, error) {
	m := translation.Status(s)
	// The page is not part of a language tree: in the source language, at
	// the root (site.Status), so relative links work as on any page.
	p := s.Status
	lang := p.Lang
	v := theme.NewView(t, s, p, nil)
	link := func(file string) string {
		if repoURL == "" {
			return ""
		}
		return strings.TrimSuffix(repoURL, "/") + "/" + file
	}
	sv := &View{}
	for _, code := range m.Langs {
		l := Lang{Code: code, Name: code}
		if cl := s.Config.Lang(code); cl != nil {
			l.Name = cl.Name
		}
		for _, st := range translation.States {
			n := m.Counts[code][st]
			l.Counts = append(l.Counts, Count{st, n})
			l.Total += n
		}
		sv.Langs = append(sv.Langs, l)
	}
	// first is the earliest day a row's facts are due in any language;
	// rows never reviewed come first.
	first := map[string]time.Time{}
	for _, r := range m.Rows {
		row := Row{Key: r.Key, Title: r.Title}
		if sp := s.Page(r.Key, lang); sp != nil {
			row.URL = p.Rel(sp)
			row.Review = freshness.For(s, sp)
		}
		if r.Source != nil {
			row.SourceFile, row.SourceLink = r.Source.Path, link(r.Source.Path)
		}
		due := row.Review.Due()
		for _, c := range r.Cells {
			cell := Cell{Lang: c.Lang, State: c.State, File: c.File, Link: link(c.File)}
			if tp := s.Page(r.Key, c.Lang); c.State != translation.Missing && tp != nil {
				if d := freshness.For(s, tp).Due(); !d.Equal(row.Review.Due()) {
					cell.Due = d
					if d.IsZero() || d.Before(due) {
						due = d
					}
				}
			}
			row.Cells = append(row.Cells, cell)
		}
		first[row.Key] = due
		sv.Rows = append(sv.Rows, row)
	}
	slices.SortStableFunc(sv.Rows, func(a, b Row) int { return first[a.Key].Compare(first[b.Key]) })
	out, err := t.Execute([]string{Layout}, lang, struct {
		*theme.View
		Status *View
	}{v, sv})
	if err != nil {
		return nil, fmt.Errorf("render %s: %w", Layout, err)
	}
	return out, nil
}
