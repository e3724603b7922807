// Package search builds the per-language search index of the site. Its files
// are JavaScript that registers itself when loaded with a <script> element,
// so search works when the site is opened from disk (file://), where fetch()
// of local files is refused. Four kinds, each packed into few files sized so
// that a first query stays within its byte budget:
//
//   - postings shards: every term with its pages and positions, filed under
//     its key (segment.Key) so that one lookup finds the exact term, the
//     terms a prefix still being typed grows into, and near spellings;
//   - postings files: the postings of a common word (Index.spills), or in
//     a pack of any long list (Options.SpillBytes), which its shard names
//     and a query reads only if it needs them;
//   - doc chunks: title, link, section and length of a run of pages, loaded
//     for the results shown;
//   - text bundles: the text of the pages in parts, for snippets, loaded for
//     the results on screen, with the word boundaries of Thai, Lao, Khmer
//     and Burmese marked (WordMark) so that snippets start and end on words
//     without a dictionary in the browser.
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
	"context"
	"encoding/binary"
	"math/bits"
	"strings"

	"spean/generator/segment"
	"spean/generator/workers"
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
	flagBits    = 3 // weight<<flagBits | flags; search.js reads wf >> 3 and wf & 7
)

// PartSegments is how many positions one snippet part covers: part k of a
// page holds the text at positions [k*PartSegments, (k+1)*PartSegments),
// so search.js finds the part of a match from its position alone. About
// 600 bytes of text: enough for a snippet.
const PartSegments = 100

// WordMark marks a word boundary in the snippet text of Thai, Lao, Khmer
// and Burmese, which have no spaces between words: search.js cuts snippets
// there (or at spaces and punctuation) and removes the marks before showing
// the text. The boundaries are ICU's (package wordbreak), as the reader's
// browser finds them; a mark is one byte, DEL, which JSON and JavaScript
// strings carry as it is and which page text never keeps (appendText
// drops it).
const WordMark = '\x7f'

// appendText appends s to b without WordMark.
func appendText(b []byte, s string) []byte {
	for {
		i := strings.IndexByte(s, WordMark)
		if i < 0 {
			return append(b, s...)
		}
		b = append(b, s[:i]...)
		s = s[i+1:]
	}
}

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
	// Sum, when Summed, stands for Blocks in the index's input hash
	// (memo.go): the hash of the page's document the build kept, so that
	// an index made from the same documents is known without reading
	// their text. Blocks are then read only if the index is made (load).
	Sum    [32]byte
	Summed bool
	load   func() []Block
}

// loadBlocks reads the blocks of pages that have not read them yet
// (Page.load), on every core, but those of pages skip(i) says are put in
// from their segments (segments.go): an index being made needs the others'.
func loadBlocks(pages []Page, skip func(i int) bool) {
	workers.Each(context.Background(), len(pages), 0, func(i int) {
		if skip(i) {
			return
		}
		if p := &pages[i]; p.load != nil {
			p.Blocks, p.load = p.load(), nil
		}
	})
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
	Parts []string // snippet text, PartSegments positions each and the words at their edges, with WordMarks
}

// term is one distinct index term: a word or cluster, or a pair of
// clusters, whose text is made only when the index is written: most pairs
// are met once, and a string each would cost more than the rest of the
// index. A pair holds its clusters' term ids (a and b); a word or cluster
// holds its text's index in Index.texts (a) and noPair (b). A site has
// about a million terms a language, which this layout keeps in 20 bytes
// each rather than 40 with a string and a flag in every one: 25–30 MB less
// a language while the index is built (issue 13).
type term struct {
	a, b uint32
	df   int32 // pages holding the term
	cur  int32 // the page being indexed, when acc is valid
	acc  int32 // its accumulator in Index.accs
}

// noPair is term.b of a word or cluster.
const noPair = ^uint32(0)

func (t *term) pair() bool { return t.b != noPair }

// acc gathers one term's occurrences in the page being indexed.
type acc struct {
	tid    uint32
	w      uint32
	flags  uint8
	n      uint8
	spaced uint32 // bit i: pos[i] is a pair across a space (see Index.run)
	pos    [maxPositions]uint32
}

// Index is the index of one language tree.
type Index struct {
	Lang  string
	Docs  []*Doc // in the order given: the order of doc ids
	terms []term
	texts []string          // the text of each word and cluster (term.a)
	ids   map[string]uint32 // words and clusters
	pairs pairTable         // cluster pairs, by their clusters' ids: far cheaper than by text
	syn   *synonyms

	// run holds the postings in page order, as they are made: for each
	// term on a page its id, weight<<flagBits|flags, count<<1|spaced, the
	// position deltas and, when spaced, the mask of positions where a
	// cluster pair stood across a space, each a varint; runEnd[d] is where
	// page d's end. encodePostings reorders them by term in two passes
	// over it. Kept as structs (12 bytes a posting, 4 for its term, 4 a
	// position) the postings of two languages being built at once were the
	// largest part of the 10,000-page site's peak of memory; as varints
	// they take about a third (issue 13).
	//
	// A mask is set where a page has a cluster pair with a space between
	// its clusters: the index pairs clusters across a space because
	// Khmer, Lao, Burmese and Thai writers put spaces between phrases
	// where a reader's query has none; but a page that has the query as
	// typed should rank above one that has it with a space inside: the
	// Burmese query "ထိုင်မှုအ", on one page, tied with two pages that say
	// "နေထိုင်မှု အခြေအနေ".
	run    []byte
	runEnd []uint32
	// Once every page is in, the postings encoded, term i's in
	// enc[encOff[i]:encOff[i+1]]; the arrays above are then dropped, so
	// that their memory is free before Encode writes the files.
	enc    []byte
	encOff []uint32

	segID []uint32 // scratch: the term id of each cluster of a field, or noID
	at    []uint32 // scratch: the position of each segment of a field
	accs  []acc    // scratch: the terms of the page being indexed, in order touched
	// Replaying segments (segments.go): the terms of the index they were
	// written with, and the id in this index of each of those met so far
	// (noID: not yet).
	table *termTable
	remap []uint32
	// While replaying, the id in table of each term of this index, or
	// noID: a term the table does not have (pairOf).
	prevOf []uint32
	// keep says each page's segment is kept (segments.go); posts is then
	// where flush wrote the postings of each of accs in run, after its id:
	// start and end.
	keep  bool
	posts []uint32
	// lean says replay leaves the postings of the pages it puts in out of
	// the run (build), and leanRun counts the bytes it left out. A lean
	// index takes each term of the previous build's file (counted) with
	// the page count it had there, and does not count replayed pages.
	lean    bool
	leanRun int
	counted *keptFile
	// reuse is the previous build's shards, for Encode to copy those that
	// are the same (shards.go; nil: none); Encode leaves the fingerprints
	// of the shards it wrote in prints, when the index keeps its
	// segments, and the number it copied in reusedShards.
	reuse        *shardReuse
	prints       []uint64
	reusedShards int
	// keyed is the previous build's keys of the terms, for Encode to
	// group them by (groupKept; nil: none); Encode leaves the keys it
	// grouped them by in termKeys and each term's in keyOf, when the index
	// keeps its segments.
	keyed    *keptKeys
	termKeys []string
	keyOf    []uint32
	letters  []uint16
	doc      int32
	sorted   bool   // positions arrived in order (false after synonyms)
	text     []byte // scratch: the page's snippet text
	starts   []int  // scratch: where each part of it starts
	ends     []int  // scratch: where each part of it ends
	// Scratch: where the last word and the one before started in text;
	// the part whose end waits for need more word starts (or -1), and
	// where it would have ended.
	word, prev             int
	pending, need, nominal int
}

// Build indexes pages, in their order (doc id i is pages[i]). groups are
// the language's synonym groups (approved form first; nil for none): a page
// using any form of a group is also indexed under the others, at the same
// place, so a query with any form finds it.
func Build(lang string, pages []Page, groups [][]string) *Index {
	return build(lang, pages, groups, 0, nil)
}

// build is Build with helpers goroutines analysing the pages' text ahead
// of the one that indexes them (0: it analyses each page itself). With sg
// (nil: none), a page the previous build kept the segment of is put in from
// it (replay), and every page's segment is written for the next build.
func build(lang string, pages []Page, groups [][]string, helpers int, sg *segments) *Index {
	var kept [][]byte
	if sg != nil {
		sg.keys = make([][32]byte, len(pages))
		for i := range pages {
			sg.keys[i] = pageKey(sg.salt, &pages[i])
		}
		kept = sg.match()
	}
	// A page whose segment was kept is neither read nor analysed.
	skip := func(i int) bool { return kept != nil && kept[i] != nil }
	loadBlocks(pages, skip)
	h := hintOf(pages)
	// When the postings will probably be spliced (splice.go), a replayed
	// page's postings are not copied into the run, which only the
	// changed pages' need then: if splicing gives up after all, the run
	// is made whole from the segments (fillRun).
	lean := kept != nil && sg.spliceable(kept)
	if kept != nil && !lean {
		// Room for the previous index, and for the text of the pages
		// indexed from it (those that changed).
		h.run += sg.file.run
	}
	ix := &Index{Lang: lang, ids: make(map[string]uint32, 1024), pairs: newPairTable(h.pairs), syn: newSynonyms(groups)}
	ix.run = make([]byte, 0, h.run)
	ix.runEnd = make([]uint32, 0, len(pages))
	terms := h.pairs
	if kept != nil {
		// The pairs table holds only those of the pages indexed from
		// their text (hintOf counts only theirs); the terms are all.
		terms = max(terms, len(sg.file.table.terms))
	}
	ix.terms = make([]term, 0, terms+1024)
	ix.Docs = make([]*Doc, 0, len(pages))
	ix.keep = sg != nil && sg.w != nil
	ix.lean = lean
	if kept != nil {
		ix.replaying(sg.file.table)
	}
	// The pages of a lean index before the first changed one are the
	// previous build's, in its order (spliceable): the terms they know
	// take the ids the previous index gave them, at once, and their
	// segments are only read for their length and parts (segments.go).
	first := 0
	if lean {
		ix.counted = sg.file
		for first < len(kept) && kept[first] != nil {
			first++
		}
		if first > 0 {
			ix.adoptFirst(sg.file.known[first-1])
		}
	}
	var buf []byte
	eachAnalysed(pages, helpers, skip, func(i int, a *analysis) {
		ix.doc = int32(i)
		run := len(ix.run) + ix.leanRun
		known := uint32(0) // the terms known once the page is in
		var d *Doc
		seg := buf[:0]
		switch {
		case i < first:
			d = ix.replayFirst(pages[i], kept[i], sg.file.runs[i])
			seg, known = kept[i], sg.file.known[i]
			sg.replayed++
		case a == nil:
			d, seg = ix.replay(pages[i], kept[i], seg)
			sg.replayed++
		default:
			d = ix.add(pages[i], a)
			if ix.keep {
				seg = ix.appendSegment(seg, d)
			}
		}
		if i >= first {
			buf, known = seg, uint32(len(ix.terms))
		}
		ix.Docs = append(ix.Docs, d)
		if ix.keep {
			sg.w.put(sg.keys[i], known, uint32(len(ix.run)+ix.leanRun-run), seg)
		}
	})
	if lean {
		ix.uncount(sg.file, kept)
	}
	// Whether the previous build's postings can be spliced is decided
	// before commonPairs, which drops pairs by the terms' counts; the
	// next build takes the counts as they are now.
	var sp *splice
	if kept != nil {
		sp = ix.planSplice(sg, kept)
	}
	var counts []byte
	if ix.keep {
		counts = make([]byte, 0, 4*len(ix.terms))
		for i := range ix.terms {
			counts = binary.LittleEndian.AppendUint32(counts, uint32(ix.terms[i].df))
		}
	}
	ix.table = nil
	// Every page is in: no more terms, and no more scratch. Both go before
	// the postings are encoded, the moment the index holds most.
	ix.ids, ix.pairs = nil, pairTable{}
	ix.accs, ix.segID, ix.at, ix.text, ix.starts, ix.ends = nil, nil, nil, nil, nil, nil
	ix.posts = nil
	ix.commonPairs()
	if sp != nil {
		ix.enc, ix.encOff = ix.splice(sp, sg.file)
		sg.spliced = ix.enc != nil
		// Spliced, every term the changed pages did not touch has the
		// postings it had: its shard may be the previous build's.
		if sg.spliced && sg.pack != nil && sg.file.version != "" {
			if ver, _ := packVersion(sg.pack.Dir); ver == sg.file.version {
				ix.reuse = &shardReuse{pack: sg.pack, prints: sg.file.prints, prevOf: ix.prevOf, touched: sp.touched}
			}
		}
	}
	if ix.enc == nil {
		if lean {
			ix.fillRun(kept)
		}
		ix.enc, ix.encOff = ix.encodePostings(helpers > 0)
	}
	if kept != nil && len(ix.prevOf) == len(ix.terms) && len(sg.file.keyOf) == 4*len(sg.file.table.terms) {
		ix.keyed = &keptKeys{keys: sg.file.termKeys, keyOf: sg.file.keyOf, letters: sg.file.letters, prevOf: ix.prevOf}
	}
	ix.prevOf, ix.remap, ix.counted = nil, nil, nil
	run := len(ix.run) + ix.leanRun
	ix.run, ix.runEnd = nil, nil
	if ix.keep {
		sg.w.end(ix.appendTerms(buf[:0]), counts, run, ix.enc, ix.encOff)
	}
	return ix
}

// hint is how many bytes of postings (Index.run) and how many cluster
// pairs an index will probably hold, so that their storage is allocated
// once: growing it was a quarter of the index's allocations on the
// 10,000-page site.
type hint struct{ run, pairs int }

// hintOf estimates the hint from the pages' text with the ratios measured
// on the 10,000-page site: in Khmer, Lao, Burmese and Thai (three bytes a
// character) 0.7–1.0 bytes of postings per byte of text and a new pair per
// 8–25 characters; in English 1.1 bytes of postings per byte (its words
// and the pairs of neighbouring words, which commonPairs drops only once
// every page is in). An over-estimate costs less than a regrowth, which
// copies the run.
func hintOf(pages []Page) hint {
	n, wide := 0, 0
	count := func(s string) {
		n += len(s)
		for i := 0; i < len(s); i++ {
			if s[i]&0xF0 == 0xE0 { // starts a 3-byte character
				wide++
			}
		}
	}
	for i := range pages {
		p := &pages[i]
		count(p.Title)
		count(p.Description)
		count(p.Summary)
		for _, b := range p.Blocks {
			count(b.Text)
		}
	}
	// wide counts characters; the rest of the text is mostly Latin.
	wideBytes := 3 * wide
	other := max(0, n-wideBytes)
	return hint{run: wideBytes + wideBytes/16 + other + other/8, pairs: wide / 5}
}

// noID marks a cluster whose term id is not looked up yet.
const noID = ^uint32(0)

// add indexes one page as document ix.doc, from its text's analysis.
func (ix *Index) add(p Page, a *analysis) *Doc {
	d := &Doc{Page: p}
	ix.accs = ix.accs[:0]
	ix.sorted = true
	ix.text, ix.starts, ix.ends = ix.text[:0], ix.starts[:0], ix.ends[:0]
	ix.word, ix.prev, ix.pending = 0, 0, -1
	pos := 0
	// field indexes one field's text; inParts copies it into the snippet
	// parts. The title is not copied: the result already shows it, and a
	// snippet should add what the title does not say.
	k := 0
	eachField(&p, func(text string, weight uint16, flags uint8, inParts bool) {
		f := a.fields[k]
		k++
		if !f.indexed {
			return
		}
		segs, toks := a.segs[f.segs[0]:f.segs[1]], a.toks[f.toks[0]:f.toks[1]]
		// Each cluster's id is looked up once, for itself and its pairs.
		ix.segID = ix.segID[:0]
		for range segs {
			ix.segID = append(ix.segID, noID)
		}
		cluster := func(i int) uint32 {
			if ix.segID[i] == noID {
				ix.segID[i] = ix.id(segs[i].Text)
			}
			return ix.segID[i]
		}
		// Segment i's position: punctuation between two segments leaves a
		// position empty, so that "a safe place, and" is not the phrase
		// "a safe place and" (search.js counts the query's the same way).
		ix.at = ix.at[:0]
		gaps := 0
		for i, sg := range segs {
			if i > 0 && sg.Break == segment.BreakHard {
				gaps++
			}
			ix.at = append(ix.at, uint32(pos+i+gaps))
		}
		place := func(i int) uint32 {
			if i < len(ix.at) {
				return ix.at[i]
			}
			// A synonym longer than the form it stands for.
			return ix.at[len(ix.at)-1] + uint32(i-len(ix.at)+1)
		}
		prevWord, prevPos := noID, -1 // the Latin word before, for word pairs
		for i, t := range toks {
			var tid uint32
			lone, spaced := false, false
			switch {
			case segs[t.Pos].Script == segment.Latin:
				tid = ix.id(t.Term)
				if prevWord != noID && prevPos == t.Pos-1 && segs[t.Pos].Break != segment.BreakHard {
					// The pair with the word before, at that word's place;
					// kept only if both are common (commonPairs).
					ix.occur(ix.pair(prevWord, tid), place(prevPos), weight, flags, false, false)
				}
				prevWord, prevPos = tid, t.Pos
			case len(t.Term) == len(segs[t.Pos].Text):
				// A cluster alone comes first, then its pair with the next
				// if it has one.
				tid = cluster(t.Pos)
				lone = i+1 < len(toks) && toks[i+1].Pos == t.Pos
			default:
				tid = ix.pair(cluster(t.Pos), cluster(t.Pos+1))
				spaced = segs[t.Pos+1].Break == segment.BreakSpace
			}
			ix.occur(tid, place(t.Pos), weight, flags, lone, spaced)
		}
		if ix.syn != nil {
			ix.syn.expand(segs, func(t synTerm, at int) {
				ix.sorted = false
				tid := ix.id(t.a)
				if t.b != "" {
					tid = ix.pair(tid, ix.id(t.b))
				}
				ix.occur(tid, place(at), weight, flags, false, false)
			})
		}
		if inParts {
			ix.copyParts(text, segs, a.breaks[f.breaks[0]:f.breaks[1]])
		}
		// A gap keeps phrases from matching across fields and blocks.
		pos += len(segs) + gaps + 1
	})
	if len(ix.starts) > 0 {
		all := string(ix.text) // one string per page, parts are slices of it
		ix.ends[len(ix.ends)-1] = len(all)
		if ix.pending >= 0 && len(all)-ix.nominal <= maxOverlap {
			ix.ends[ix.pending] = len(all) // the word ran to the end
		}
		d.Parts = make([]string, len(ix.starts))
		for i, s := range ix.starts {
			d.Parts[i] = strings.TrimSpace(all[s:ix.ends[i]])
		}
	}
	d.Len = pos
	ix.flush()
	return d
}

// maxOverlap caps the text a part repeats of its neighbours, in bytes: a
// run the dictionary does not know can be long.
const maxOverlap = 120

// copyParts copies a field's text into the snippet parts, after the text of
// the fields before: each segment's text, with what follows it up to the
// next, goes to the part of its position (ix.at, which counts the gaps
// punctuation leaves); a field starts a new line. A word boundary that no
// space or punctuation shows gets a WordMark. Parts overlap by whole words:
// a part starts with the word before the one its first position is in, and
// ends with the word after the one its last position is in (up to maxOverlap
// bytes each), so that a match at a part's edge still has a word boundary on
// both sides in the part, and a browser breaking the part's text into words
// finds the same words as in the page. Parts of a page share a bundle, so
// the repeated words cost little once compressed.
func (ix *Index) copyParts(text string, segs []segment.Segment, breaks []int) {
	bi := 0
	for i, sg := range segs {
		from, to := sg.Start, len(text)
		if i == 0 {
			from = 0
		}
		if i+1 < len(segs) {
			to = segs[i+1].Start
		}
		for bi < len(breaks) && breaks[bi] < from {
			bi++
		}
		// Does a word start here? Its mark goes before the text between
		// the segment before and this one: there is none, as the boundary
		// lies between clusters.
		mark := i > 0 && bi < len(breaks) && breaks[bi] == from
		start := i == 0 || sg.Break != segment.BreakNone || mark
		cut := len(ix.text) // where a part ending before this segment ends
		if ix.pending >= 0 {
			switch {
			case cut-ix.nominal > maxOverlap:
				ix.pending = -1 // the end stays at the cut
			case start:
				if ix.need--; ix.need == 0 {
					ix.ends[ix.pending], ix.pending = cut, -1
				}
			}
		}
		k := int(ix.at[i]) / PartSegments // positions count punctuation gaps
		if i == 0 && len(ix.starts) > 0 && len(ix.text) > ix.starts[len(ix.starts)-1] {
			ix.text = append(ix.text, '\n')
		}
		if mark {
			ix.text = append(ix.text, WordMark)
		}
		if start {
			ix.prev, ix.word = ix.word, len(ix.text)
		}
		for len(ix.starts) <= k {
			at := len(ix.text)
			if len(ix.starts) > 0 {
				ix.ends[len(ix.ends)-1] = cut
				ix.pending, ix.nominal, ix.need = len(ix.starts)-1, cut, 2
				if start {
					ix.need = 1
				}
				switch {
				case at-ix.prev <= maxOverlap:
					at = ix.prev
				case at-ix.word <= maxOverlap:
					at = ix.word
				}
			}
			ix.starts = append(ix.starts, at)
			ix.ends = append(ix.ends, -1)
		}
		if mark {
			bi++
		}
		at := from
		for ; bi < len(breaks) && breaks[bi] < to; bi++ {
			// Only between clusters: a snippet is cut there.
			if b := breaks[bi]; b >= sg.End {
				ix.text = appendText(ix.text, text[at:b])
				ix.text = append(ix.text, WordMark)
				at = b
			}
		}
		ix.text = appendText(ix.text, text[at:to])
	}
}

// id returns the term id of t, adding the term if it is new, and touches
// it.
func (ix *Index) id(t string) uint32 { return ix.touch(ix.lookup(t)) }

// lookup returns the term id of t, adding the term if it is new.
func (ix *Index) lookup(t string) uint32 {
	if id, ok := ix.ids[t]; ok {
		return id
	}
	if ix.table != nil {
		if prev, ok := ix.table.text(t); ok {
			return ix.remapped(prev)
		}
		ix.prevOf = append(ix.prevOf, noID)
	}
	id := uint32(len(ix.terms))
	t = strings.Clone(t) // t may point into a page's text
	ix.ids[t] = id
	ix.terms = append(ix.terms, term{a: uint32(len(ix.texts)), b: noPair, cur: -1})
	ix.texts = append(ix.texts, t)
	return id
}

// commonPairs keeps the pairs of Latin words (one with the next, as a page
// has them: "to the") only where both words are common, on more than
// maxDocsWithPositions pages, much as Lucene's CommonGrams does. A common
// word keeps only its first fewPositions positions on a page, so a phrase
// of common words could not be told from the same words anywhere else on
// the page, and on a large site many pages tied with the one that has it
// (the 10,000-page site's English, 176 words each on most pages: recall@3
// 0.90). A pair is far rarer than its words and keeps its positions. A
// rare word keeps all of its own, which is enough to place the common
// words beside it, so the other pairs are dropped (df 0: not written); a
// small site, where no word is that common, has none. search.js looks a
// pair up only when both of its words came back capped.
func (ix *Index) commonPairs() {
	for i := range ix.terms {
		t := &ix.terms[i]
		if t.pair() && ix.wordPair(t) && (ix.terms[t.a].df <= maxDocsWithPositions || ix.terms[t.b].df <= maxDocsWithPositions) {
			t.df = 0
		}
	}
}

// spills reports whether term t's postings are a file of their own, which
// its shard names ("@<n>", see Encode): a common Latin word, whose
// postings are the largest of the index (on the 10,000-page site's
// English, 20 KB each for words on nearly every page, and a key's words
// all in one shard, so "within" cost 40 KB). A query of common words finds
// its phrase through their pairs (commonPairs); search.js reads a common
// word's own postings only when no pair it found covers the word.
func (ix *Index) spills(t *term) bool {
	return !t.pair() && t.df > maxDocsWithPositions && isLatin(ix.texts[t.a])
}

// wordPair reports whether pair term t is of two Latin words (not of two
// clusters): its text has a space between them, and its own key.
func (ix *Index) wordPair(t *term) bool {
	return isLatin(ix.texts[ix.terms[t.a].a])
}

// pair returns the term id of the pair of clusters a and b (or of Latin
// words a and b), adding the term if it is new, and touches it.
func (ix *Index) pair(a, b uint32) uint32 { return ix.touch(ix.pairOf(a, b)) }

// pairOf returns the term id of the pair of a and b, adding the term if it
// is new.
func (ix *Index) pairOf(a, b uint32) uint32 {
	if ix.table != nil {
		// A pair of the table's terms may be the table's.
		if pa, pb := ix.prevOf[a], ix.prevOf[b]; pa != noID && pb != noID {
			if prev, ok := ix.table.pair(pa, pb); ok {
				return ix.remapped(prev)
			}
		}
	}
	id, added := ix.pairs.getOrAdd(a, b, uint32(len(ix.terms)))
	if added {
		if ix.table != nil {
			ix.prevOf = append(ix.prevOf, noID)
		}
		ix.terms = append(ix.terms, term{a: a, b: b, cur: -1})
	}
	return id
}

// appendText appends the text of term t to b.
func (ix *Index) appendText(b []byte, t *term) []byte {
	if t.pair() {
		b = append(b, ix.texts[ix.terms[t.a].a]...)
		if ix.wordPair(t) {
			b = append(b, ' ')
		}
		return append(b, ix.texts[ix.terms[t.b].a]...)
	}
	return append(b, ix.texts[t.a]...)
}

// occur records one occurrence of term tid in the page being indexed. A
// cluster followed by its pair with the next (lone) keeps only its first
// position: one-cluster queries need no phrase check, and longer ones find
// it through its pairs. A cluster that ends its run (before punctuation)
// keeps its positions: a query whose last syllable is still being typed
// finds it only by a prefix of its own (Burmese သ + ည, on its way to သည်။,
// where no pair holds it).
//
// spaced says the term is a pair with a space between its clusters here.
func (ix *Index) occur(tid, pos uint32, w uint16, flags uint8, lone, spaced bool) {
	a := &ix.accs[ix.terms[ix.touch(tid)].acc]
	a.w += uint32(w)
	a.flags |= flags
	switch {
	case lone && a.n > 0:
	case a.n > 0 && a.pos[a.n-1] == pos:
		if !spaced { // the same place, met joined too
			a.spaced &^= 1 << (a.n - 1)
		}
	case a.n < maxPositions:
		a.pos[a.n] = pos
		if spaced {
			a.spaced |= 1 << a.n
		}
		a.n++
	default:
		a.flags |= flagCapped
	}
}

// touch gives term tid an accumulator on the page being indexed if it has
// none, and returns tid. Every term the page looks up is touched, whether
// or not it occurs there (a cluster may be looked up for a pair first), so
// that accs lists them in the order the page first met them: the order of
// the terms of its segment (segments.go).
func (ix *Index) touch(tid uint32) uint32 {
	t := &ix.terms[tid]
	if t.cur != ix.doc {
		t.cur, t.acc = ix.doc, int32(len(ix.accs))
		if len(ix.accs) < cap(ix.accs) {
			ix.accs = ix.accs[:len(ix.accs)+1]
			ix.accs[len(ix.accs)-1] = acc{tid: tid}
		} else {
			ix.accs = append(ix.accs, acc{tid: tid})
		}
	}
	return tid
}

// flush appends the page's postings to the run: those of the terms it
// touched and holds (a.n > 0).
func (ix *Index) flush() {
	r := ix.run
	ix.posts = ix.posts[:0]
	for i := range ix.accs {
		a := &ix.accs[i]
		if a.n == 0 {
			if ix.keep {
				ix.posts = append(ix.posts, uint32(len(r)), uint32(len(r)))
			}
			continue
		}
		pos, mask := a.pos[:a.n], a.spaced
		if !ix.sorted {
			// Synonyms add positions out of order; duplicates may meet.
			pos, mask = sortPositions(pos, mask)
		}
		r = binary.AppendUvarint(r, uint64(a.tid))
		start := len(r)
		r = binary.AppendUvarint(r, uint64(a.w<<flagBits|uint32(a.flags)))
		r = binary.AppendUvarint(r, uint64(len(pos))<<1|uint64(min(mask, 1)))
		prev := uint32(0)
		for _, q := range pos {
			r = binary.AppendUvarint(r, uint64(q-prev))
			prev = q
		}
		if mask != 0 {
			r = binary.AppendUvarint(r, uint64(mask))
		}
		if ix.keep {
			ix.posts = append(ix.posts, uint32(start), uint32(len(r)))
		}
		ix.terms[a.tid].df++
	}
	ix.run = r
	ix.runEnd = append(ix.runEnd, uint32(len(r)))
}

// appendSegment appends to b the segment of the page just added as d
// (segments.go): its length and parts, then each term it touched, in
// order, by its id, with its postings on the page as flush wrote them.
func (ix *Index) appendSegment(b []byte, d *Doc) []byte {
	b = binary.AppendUvarint(b, uint64(d.Len))
	b = binary.AppendUvarint(b, uint64(len(d.Parts)))
	for _, p := range d.Parts {
		b = binary.AppendUvarint(b, uint64(len(p)))
		b = append(b, p...)
	}
	b = binary.AppendUvarint(b, uint64(len(ix.accs)))
	for i := range ix.accs {
		b = binary.AppendUvarint(b, uint64(ix.accs[i].tid))
		post := ix.run[ix.posts[2*i]:ix.posts[2*i+1]]
		b = binary.AppendUvarint(b, uint64(len(post)))
		b = append(b, post...)
	}
	return b
}

// replay puts page p in the index from its segment seg, read and checked
// (readSegments), as add would from its text: the terms are taken in the
// order the page first met them, so new ones get the ids add would give
// them, and the postings go into the run as flush wrote them. When the
// index keeps its segments, it appends to out the page's segment as
// appendSegment would write it, the terms by their ids in this index.
func (ix *Index) replay(p Page, seg, out []byte) (*Doc, []byte) {
	r := segReader{b: seg}
	d := readDoc(p, &r)
	n := r.num()
	if ix.keep {
		// Its length, parts and number of terms, as they were.
		out = append(out, seg[:len(seg)-len(r.b)]...)
	}
	run := ix.run
	for range n {
		prev := uint32(r.num())
		tid := ix.remap[prev]
		if tid == noID {
			tid = ix.adopt(prev)
		}
		post := r.bytes()
		if ix.keep {
			out = binary.AppendUvarint(out, uint64(tid))
			out = binary.AppendUvarint(out, uint64(len(post)))
			out = append(out, post...)
		}
		if len(post) > 0 {
			if ix.lean {
				ix.leanRun += uvarintLen(uint64(tid)) + len(post)
			} else {
				run = binary.AppendUvarint(run, uint64(tid))
				run = append(run, post...)
				ix.terms[tid].df++
			}
		}
	}
	ix.run = run
	ix.runEnd = append(ix.runEnd, uint32(len(run)))
	return d, out
}

// readDoc reads the page's length and snippet parts from the start of its
// segment.
func readDoc(p Page, r *segReader) *Doc {
	d := &Doc{Page: p}
	d.Len = int(r.num())
	if n := r.num(); n > 0 {
		d.Parts = make([]string, n)
		for i := range d.Parts {
			d.Parts[i] = r.str(int(r.num()))
		}
	}
	return d
}

// replayFirst puts page p, before the first changed page of a lean index,
// in from its segment seg: its terms took their ids in adoptFirst, their
// page counts with them, and its postings (run bytes of the run) are left
// out of the run, so only its length and parts are read.
func (ix *Index) replayFirst(p Page, seg []byte, run uint32) *Doc {
	d := readDoc(p, &segReader{b: seg})
	ix.leanRun += int(run)
	ix.runEnd = append(ix.runEnd, uint32(len(ix.run)))
	return d
}

// adoptFirst adds the first n terms of the table, as replaying the pages
// that knew them would have added them: a build gives terms their ids in
// the order its pages meet them, so the table's first n are those pages'
// in that order, and each keeps its id (a pair's terms come before it:
// readTerms).
func (ix *Index) adoptFirst(n uint32) {
	for prev := range n {
		if ix.remap[prev] == noID {
			ix.adopt(prev)
		}
	}
}

// uncount takes off the page counts of the terms a lean index adopted what
// the changed pages (kept[d] nil) added to them in the previous build
// (f): their postings on those pages now are counted as they are made
// (flush).
func (ix *Index) uncount(f *keptFile, kept [][]byte) {
	for d, seg := range kept {
		if seg != nil {
			continue
		}
		r := segReader{b: f.all[d]}
		for n := r.skipHead(); n > 0 && !r.bad; n-- {
			prev := r.num()
			if post := r.bytes(); len(post) > 0 && prev < uint64(len(ix.remap)) {
				if t := ix.remap[prev]; t != noID {
					ix.terms[t].df--
				}
			}
		}
	}
}

// uvarintLen is how many bytes binary.AppendUvarint writes for v.
func uvarintLen(v uint64) int { return (bits.Len64(v|1) + 6) / 7 }

// fillRun puts the postings of the pages replayed leanly (Index.lean) into
// the run, in their places among the changed pages' (kept[d] nil), as
// replay would have: splicing gave up.
func (ix *Index) fillRun(kept [][]byte) {
	run := make([]byte, 0, len(ix.run)+ix.leanRun)
	from := uint32(0) // where page d's postings start in the lean run
	for d, seg := range kept {
		if seg == nil {
			to := ix.runEnd[d]
			run = append(run, ix.run[from:to]...)
			ix.runEnd[d], from = uint32(len(run)), to
			continue
		}
		r := segReader{b: seg}
		for n := r.skipHead(); n > 0; n-- {
			tid := ix.remap[r.num()]
			if post := r.bytes(); len(post) > 0 {
				run = binary.AppendUvarint(run, uint64(tid))
				run = append(run, post...)
			}
		}
		ix.runEnd[d] = uint32(len(run))
	}
	ix.run, ix.leanRun, ix.lean = run, 0, false
}

// adopt adds the term the replayed segments call prev, met for the first
// time, as add would have added it: a word or cluster with its text, a
// pair with its two terms, which a segment as a build writes it lists
// before the pair, so that they have their ids in this index already (a
// kept file written otherwise, which its checksum does not catch, gives
// them theirs first, rather than crash the build; validSegment). It
// is not looked up: a term of the table is added only here, and a page
// indexed from its text finds it through the table (termTable.text,
// termTable.pair). Looking up every term met anew, as a page indexed from its
// text does, was most of replaying: the 640,000 terms of the 10,000-page
// site's Lao index went into a map and the pairs table one by one.
func (ix *Index) adopt(prev uint32) uint32 {
	t := ix.table.terms[prev]
	var nt term
	if t.pair() {
		// A pair's terms are words or clusters (readTerms): remapped
		// adopts no further.
		nt = term{a: ix.remapped(t.a), b: ix.remapped(t.b), cur: -1}
	} else {
		nt = term{a: uint32(len(ix.texts)), b: noPair, cur: -1}
		ix.texts = append(ix.texts, strings.Clone(ix.table.texts[t.a]))
	}
	if ix.counted != nil {
		nt.df = ix.counted.pages(prev)
	}
	id := uint32(len(ix.terms))
	ix.terms = append(ix.terms, nt)
	ix.prevOf = append(ix.prevOf, prev)
	ix.remap[prev] = id
	return id
}

// remapped returns the id in this index of the table's term prev, adding
// it if no page has met it yet.
func (ix *Index) remapped(prev uint32) uint32 {
	if id := ix.remap[prev]; id != noID {
		return id
	}
	return ix.adopt(prev)
}

// replaying readies the index to put pages in from segments whose terms
// are table.
func (ix *Index) replaying(table *termTable) {
	ix.table = table
	ix.remap = make([]uint32, len(table.terms))
	for i := range ix.remap {
		ix.remap[i] = noID
	}
	ix.prevOf = make([]uint32, 0, cap(ix.terms))
}

// sortPositions sorts pos in place, each position's bit in mask moving
// with it, and drops repeated positions (one met without a space clears
// the bit). At most maxPositions: an insertion sort.
func sortPositions(pos []uint32, mask uint32) ([]uint32, uint32) {
	var sp [maxPositions]bool
	for i := range pos {
		sp[i] = mask&(1<<i) != 0
	}
	for i := 1; i < len(pos); i++ {
		for j := i; j > 0 && pos[j] < pos[j-1]; j-- {
			pos[j], pos[j-1] = pos[j-1], pos[j]
			sp[j], sp[j-1] = sp[j-1], sp[j]
		}
	}
	n := 0
	for i := range pos {
		if n > 0 && pos[i] == pos[n-1] {
			sp[n-1] = sp[n-1] && sp[i]
			continue
		}
		pos[n], sp[n] = pos[i], sp[i]
		n++
	}
	mask = 0
	for i := range n {
		if sp[i] {
			mask |= 1 << i
		}
	}
	return pos[:n], mask
}

// A term on more than maxDocsWithPositions pages keeps only its first
// fewPositions positions on each. Such words (the, and, you) barely tell
// pages apart, yet 24 positions on every page would fill the shards a query
// of common words downloads; past the last kept, phrase checks read them as
// possibly anywhere (flagCapped). Dropping them all broke English phrase
// queries made of common words.
const (
	maxDocsWithPositions = 200
	fewPositions         = 6
)

// isLatin reports a Latin word: segment folds digits to ASCII and Latin
// words are letters and digits, so the first character tells.
func isLatin(term string) bool {
	for _, r := range term {
		return r < 0x250
	}
	return false
}
