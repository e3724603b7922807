// Package search builds the per-language search index of the site: postings
// split into small shards by token hash, and short text parts for snippets.
// Both are JavaScript files that register themselves when loaded with a
// <script> element, so search works when the site is opened from disk
// (file://), where fetch() of local files is refused.
//
// Tokens come from package segment, whose JavaScript twin (segment.js) cuts
// the reader's query the same way. Latin text is indexed by word. Khmer, Lao,
// Burmese and Thai are written without spaces between words, so their text
// is indexed by pairs of adjacent clusters (bigrams): any query cut at
// cluster boundaries, anywhere inside a word or across words, then finds
// the page, which a word index cannot promise without a dictionary.
package search

import (
	"cmp"
	"hash/fnv"
	"slices"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"spean/generator/site"
)

// Field weights: a token in the title counts as this many in the body.
const (
	weightTitle   = 6
	weightSummary = 3
	weightHeading = 3
	weightBody    = 1
)

// PartSegments is how many positions one snippet part covers: part k of a
// page holds the text at positions [k*PartSegments, (k+1)*PartSegments),
// so search.js finds the part of a match from its position alone, without
// a table of part starts in the page. About 600 bytes of text: enough for
// a snippet, and loading one per shown result costs less than a shard.
const PartSegments = 100

// Doc is one page as the index sees it.
type Doc struct {
	Page    *site.Page
	Title   string
	Section string // title of the page's top section, "" for home and sections
	Len     int    // positions, for length normalisation
	Parts   []string
}

// posting is one token's occurrences in one page.
type posting struct {
	doc    int
	weight int   // occurrences, weighted by field
	pos    []int // unit positions, ascending
}

// Index is the index of one language tree.
type Index struct {
	Lang     string
	Docs     []*Doc // in A–Z order of title: the order of the no-JS list
	postings map[string][]posting
}

// Build indexes every page of lang, fallback pages included: their text is
// indexed as the language it is written in, which is what segment decides
// per character anyway.
func Build(s *site.Site, lang string) *Index {
	ix := &Index{Lang: lang, postings: map[string][]posting{}}
	pages := slices.Clone(s.ByLang[lang])
	// The A–Z list follows the reader's alphabet: Thai and Lao words that
	// start with a vowel written first sort by their consonant, as in a
	// dictionary. Titles of fallback pages in another script sort among
	// themselves by the same rules.
	col := collate.New(language.Make(lang), collate.IgnoreCase)
	slices.SortStableFunc(pages, func(a, b *site.Page) int {
		return cmp.Or(col.CompareString(a.Title(), b.Title()), strings.Compare(a.URL, b.URL))
	})
	for i, p := range pages {
		ix.Docs = append(ix.Docs, ix.add(i, p))
	}
	return ix
}

// add indexes one page as document id.
func (ix *Index) add(id int, p *site.Page) *Doc {
	d := &Doc{Page: p, Title: p.Title()}
	if a := p.Ancestors(); p.Kind == site.Regular && len(a) > 1 {
		d.Section = a[1].Title()
	}
	acc := map[string]*posting{}
	pos := 0
	var parts []strings.Builder
	// field indexes one field's text; inParts copies it into the snippet
	// parts. The title is not copied: the result already shows it, and a
	// snippet should add what the title does not say.
	field := func(text string, weight int, inParts bool) {
		if strings.TrimSpace(text) == "" {
			return
		}
		for _, t := range tokens(text) {
			pp := acc[t.key]
			if pp == nil {
				pp = &posting{doc: id}
				acc[t.key] = pp
			}
			pp.weight += weight
			if len(pp.pos) < maxPositions && (!t.unigram || len(pp.pos) == 0) {
				pp.pos = append(pp.pos, pos+t.pos)
			}
		}
		// Each segment's text, with what follows it up to the next, goes
		// to the part of its position; a block starts a new line.
		segs := units(text)
		for i, sg := range segs {
			if !inParts {
				break // the positions still count below
			}
			k := (pos + i) / PartSegments
			for len(parts) <= k {
				parts = append(parts, strings.Builder{})
			}
			from, to := sg.Start, len(text)
			if i == 0 {
				from = 0
			}
			if i+1 < len(segs) {
				to = segs[i+1].Start
			}
			if i == 0 && parts[k].Len() > 0 {
				parts[k].WriteByte('\n')
			}
			parts[k].WriteString(text[from:to])
		}
		// A gap keeps phrases from matching across fields and blocks.
		pos += len(segs) + 1
	}
	field(p.Title(), weightTitle, false)
	m := p.Source.Meta
	field(m.Description, weightSummary, true)
	if m.Summary != m.Description {
		field(m.Summary, weightSummary, true)
	}
	if p.Doc != nil {
		for _, b := range p.Doc.Blocks {
			w := weightBody
			if b.Heading {
				w = weightHeading
			}
			field(b.Text, w, true)
		}
	}
	for _, b := range parts {
		d.Parts = append(d.Parts, strings.TrimSpace(b.String()))
	}
	d.Len = pos
	for k, pp := range acc {
		ix.postings[k] = append(ix.postings[k], *pp)
	}
	return d
}

// hash is FNV-1a over the token's UTF-8 bytes; search.js computes the same.
func hash(key string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(key))
	return h.Sum32()
}
