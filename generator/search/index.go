// Package search builds the per-language search index of the site. Its files
// are JavaScript that registers itself when loaded with a <script> element,
// so search works when the site is opened from disk (file://), where fetch()
// of local files is refused. Three kinds, each packed into few files sized so
// that a first query stays within its byte budget:
//
//   - postings shards: every term with its pages and positions, filed under
//     its key (segment.Key) so that one lookup finds the exact term, the
//     terms a prefix still being typed grows into, and near spellings;
//   - doc chunks: title, link, section and length of a run of pages, loaded
//     for the results shown;
//   - text bundles: the text of the pages in parts, for snippets, loaded for
//     the results on screen.
//
// Tokens come from package segment, whose JavaScript twin (segment.js) cuts
// the reader's query the same way. Latin text is indexed by word stem.
// Khmer, Lao, Burmese and Thai are written without spaces between words, so
// their text is indexed by clusters and pairs of adjacent clusters: any query
// cut at cluster boundaries then finds the page, which a word index cannot
// promise without a dictionary in the browser.
//
// Build and Encode take plain values (pages of one language in, files and the
// search page's data out); render.go adapts the site's pages to them.
package search

import (
	"cmp"
	"slices"
	"strings"

	"spean/generator/segment"
)

// Field weights: a token in the title counts as this many in the body.
const (
	weightTitle   = 6
	weightSummary = 3
	weightHeading = 3
	weightBody    = 1
)

// Flags of a posting, stored beside its weight so that ranking can prefer
// pages whose title or headings hold the term, and say so.
// flagCapped says the page holds the term more often than the positions
// kept (maxPositions): past the last one kept, a phrase check cannot rule
// the term out.
const (
	flagTitle   = 1
	flagHeading = 2
	flagCapped  = 4
)

// PartSegments is how many positions one snippet part covers: part k of a
// page holds the text at positions [k*PartSegments, (k+1)*PartSegments),
// so search.js finds the part of a match from its position alone. About
// 600 bytes of text: enough for a snippet.
const PartSegments = 100

// maxPositions caps the positions kept per term and page: phrase and
// proximity checks need a handful, and the most frequent terms would
// otherwise dominate the shards.
const maxPositions = 24

// Page is one page as the index sees it.
type Page struct {
	Href    string // link from the search page
	Title   string
	Section string // title of the page's top section, "" for home and sections
	// Description and Summary are indexed like headings; Summary is skipped
	// when it repeats Description.
	Description, Summary string
	Blocks               []Block
}

// Block is one paragraph-like block of a page's body.
type Block struct {
	Text    string
	Heading bool
}

// Doc is one indexed page.
type Doc struct {
	Page
	Len   int      // positions, for length normalisation
	Parts []string // snippet text, PartSegments positions each
}

// term is one distinct index term with its postings, already encoded
// (see encodeNum): doc delta, weight<<3|flags, count, position deltas.
type term struct {
	text    string
	lastDoc int32
	enc     []byte
}

// Index is the index of one language tree.
type Index struct {
	Lang  string
	Docs  []*Doc // in the order given: the order of doc ids
	terms []term
	ids   map[string]uint32
	syn   *synonyms

	recs []rec // scratch: one page's tokens
}

// rec is one occurrence of a term in the page being indexed.
type rec struct {
	tid   uint32
	pos   uint32
	w     uint16
	flags uint8
	lone  bool // a cluster alone: only its first position is kept
}

// Build indexes pages, in their order (doc id i is pages[i]). groups are
// the language's synonym groups (approved form first; nil for none): a page
// using any form of a group is also indexed under the others, at the same
// place, so a query with any form finds it.
func Build(lang string, pages []Page, groups [][]string) *Index {
	ix := &Index{Lang: lang, ids: make(map[string]uint32, 1024), syn: newSynonyms(groups)}
	ix.Docs = make([]*Doc, 0, len(pages))
	for i := range pages {
		ix.Docs = append(ix.Docs, ix.add(int32(i), pages[i]))
	}
	return ix
}

// add indexes one page as document id.
func (ix *Index) add(id int32, p Page) *Doc {
	d := &Doc{Page: p}
	ix.recs = ix.recs[:0]
	pos := 0
	var parts []strings.Builder
	// field indexes one field's text; inParts copies it into the snippet
	// parts. The title is not copied: the result already shows it, and a
	// snippet should add what the title does not say.
	field := func(text string, weight uint16, flags uint8, inParts bool) {
		if strings.TrimSpace(text) == "" {
			return
		}
		segs, toks := segment.Analyze(text)
		for i, t := range toks {
			lone := (i == 0 || toks[i-1].Pos != t.Pos) && !isLatin(t.Term)
			ix.recs = append(ix.recs, rec{ix.id(t.Term), uint32(pos + t.Pos), weight, flags, lone})
		}
		if ix.syn != nil {
			ix.syn.expand(segs, func(t string, at int) {
				ix.recs = append(ix.recs, rec{ix.id(t), uint32(pos + at), weight, flags, false})
			})
		}
		if inParts {
			// Each segment's text, with what follows it up to the next,
			// goes to the part of its position; a block starts a new line.
			for i, sg := range segs {
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
		}
		// A gap keeps phrases from matching across fields and blocks.
		pos += len(segs) + 1
	}
	field(p.Title, weightTitle, flagTitle, false)
	field(p.Description, weightSummary, 0, true)
	if p.Summary != p.Description {
		field(p.Summary, weightSummary, 0, true)
	}
	for _, b := range p.Blocks {
		if b.Heading {
			field(b.Text, weightHeading, flagHeading, true)
		} else {
			field(b.Text, weightBody, 0, true)
		}
	}
	for i := range parts {
		d.Parts = append(d.Parts, strings.TrimSpace(parts[i].String()))
	}
	d.Len = pos
	ix.flush(id)
	return d
}

// id returns the term id of t, adding the term if it is new.
func (ix *Index) id(t string) uint32 {
	if id, ok := ix.ids[t]; ok {
		return id
	}
	id := uint32(len(ix.terms))
	t = strings.Clone(t) // t may point into a page's text
	ix.ids[t] = id
	ix.terms = append(ix.terms, term{text: t, lastDoc: -1})
	return id
}

// flush appends the page's postings to its terms' lists.
func (ix *Index) flush(doc int32) {
	recs := ix.recs
	slices.SortFunc(recs, func(a, b rec) int { return cmp.Or(cmp.Compare(a.tid, b.tid), cmp.Compare(a.pos, b.pos)) })
	var pos [maxPositions]uint32
	for i := 0; i < len(recs); {
		j := i
		w, flags, n := 0, uint8(0), 0
		for ; j < len(recs) && recs[j].tid == recs[i].tid; j++ {
			r := recs[j]
			w += int(r.w)
			flags |= r.flags
			switch {
			case r.lone && n > 0, n > 0 && r.pos == pos[n-1]:
			case n < maxPositions:
				pos[n] = r.pos
				n++
			default:
				flags |= flagCapped
			}
		}
		t := &ix.terms[recs[i].tid]
		t.enc = encodeNum(t.enc, uint32(doc-t.lastDoc-1))
		t.enc = encodeNum(t.enc, uint32(w)<<3|uint32(flags))
		t.enc = encodeNum(t.enc, uint32(n))
		last := uint32(0)
		for _, p := range pos[:n] {
			t.enc = encodeNum(t.enc, p-last)
			last = p
		}
		t.lastDoc = doc
		i = j
	}
}

// isLatin reports a Latin word: segment folds digits to ASCII and Latin
// words are letters and digits, so the first character tells.
func isLatin(term string) bool {
	for _, r := range term {
		return r < 0x250
	}
	return false
}
