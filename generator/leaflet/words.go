package leaflet

import (
	"spean/generator/site"
	"spean/generator/terms"
)

// Word is one term as a leaflet's "Words" box prints it: the reader
// holding the paper has no link to tap, so the definitions travel with it.
type Word struct {
	ID, Term, Definition string
	// Lang is the language of Term and Definition when it is not the
	// leaflet's (the language lacks the term: its fallback's entry).
	Lang string
}

// MaxWords is how many terms a leaflet explains: the sheet is meant to
// be one A4 sheet, two sides. On the shipped site the longest leaflets
// took a third page with 14 definitions. With 4, in two columns in small
// type, 179 of 185 leaflets print on as many sides as without the box;
// 6 Burmese ones, whose two sides were already full, would take a third
// (with 3 words too), so `leaflets --pdf` prints those without the box
// (Tab.WithoutWords). The web page explains every term.
const MaxWords = 4

// words are the termbase terms the leaflet prints (title, summary, key
// points), each once, in the order a reader meets them, at most MaxWords.
// Not the rest of the page's text: pages use up to 21 terms, and the
// paper should explain the words it shows. Rejected forms are left out
// (check reports them; they are not words to teach). Each is given in the
// leaflet's language, or the first of its fallback chain that has it.
func (r *renderer) words(p *site.Page, lf *Leaflet) []Word {
	base := r.s.Terms
	if base == nil || len(base.Terms) == 0 || p.Doc != nil && p.Doc.Glossary {
		// The glossary's leaflet is all definitions already.
		return nil
	}
	// A matcher per leaflet: made in microseconds from 36 terms, and
	// safe however the leaflets of a language are spread over goroutines.
	m := base.Matcher(p.ContentLang())
	var ids []string
	seen := map[string]bool{}
	add := func(id string) {
		if !seen[id] && len(ids) < MaxWords {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	for _, text := range append([]string{lf.Title, lf.Summary}, lf.KeyPoints...) {
		for _, f := range m.Find(text) {
			if f.Kind != terms.Rejected {
				add(f.Term.ID)
			}
		}
	}
	chain := r.s.Config.Chain(p.Lang)
	out := make([]Word, 0, len(ids))
	for _, id := range ids {
		t := base.ByID(id)
		for _, l := range chain {
			e := t.Langs[l]
			if e == nil || e.Term == "" || e.Definition == "" {
				continue
			}
			w := Word{ID: id, Term: e.Term, Definition: e.Definition}
			if l != p.Lang {
				w.Lang = l
			}
			out = append(out, w)
			break
		}
	}
	return out
}
