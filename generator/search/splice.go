package search

import (
	"bytes"
	"encoding/binary"
	"slices"
)

// A rebuild after one page's edit changes the postings of the terms that
// page had or has: a few thousand of the 10,000-page site's 640,000 Lao
// terms. encodePostings encodes every term's anew from the run, in two
// passes over every posting (about 0.6 CPU-s of a Lao rebuild there, the
// largest part of indexing it after replaying). So the segments file keeps
// the index's encoded postings too (segments.go), by the ids its terms had,
// and when the pages are the previous build's in the same places but for a
// few indexed from their text, each term's postings are copied from it,
// found through the id the previous index gave it (Index.prevOf); only the
// touched terms' are made, from their previous postings less the changed
// pages' and the changed pages' new ones put in their places. The postings
// are byte for byte those encodePostings writes, so the files are a clean
// build's.
//
// Two things make a term's postings depend on more than its own pages, and
// splicing gives up (encodePostings does the work) where an edit changes
// either: a term on more than maxDocsWithPositions pages keeps only its
// first positions on each page, and the pairs of Latin words are dropped
// unless both words are that common (commonPairs). Neither changes unless
// a touched term's page count crosses maxDocsWithPositions.

// splice is what splicing the previous postings needs to know: the pages
// indexed from their text (ascending), the terms they had or have, and the
// postings each such term has on them now, in page order. Once spliced, a
// term is touched only if its postings changed.
type splice struct {
	changed []int32
	touched []bool
	posts   map[uint32][]newPosting
}

// newPosting is a changed page's posting of a term: its page and where it
// is in the run, after the term's id.
type newPosting struct {
	doc      int32
	from, to uint32
}

// maxSpliced is the share of pages past which splicing is not tried: a
// build that analyses many pages anew touches most terms, and decoding
// their previous postings costs more than encoding them.
const maxSpliced = 4

// spliceable reports whether the postings may be spliced from the previous
// build's (sg.file), before any page is in the index: the pages are the
// previous build's in the same places, but for a few indexed from their
// text (kept is each page's previous segment, nil for those).
func (sg *segments) spliceable(kept [][]byte) bool {
	f := sg.file
	if f == nil || len(f.all) != len(kept) {
		return false
	}
	changed := 0
	for i, seg := range kept {
		switch {
		case seg == nil:
			changed++
		case f.keys[i] != sg.keys[i]:
			return false // a page moved: its postings' page numbers changed
		}
	}
	return changed*maxSpliced <= len(kept) || changed <= 1
}

// planSplice decides whether the postings can be spliced from the previous
// build's (sg.file), every page in the index: kept is each page's previous
// segment, nil for those indexed from their text. nil when they cannot.
func (ix *Index) planSplice(sg *segments, kept [][]byte) *splice {
	if !sg.spliceable(kept) || len(ix.runEnd) != len(kept) || len(ix.prevOf) != len(ix.terms) {
		return nil
	}
	f := sg.file
	sp := &splice{touched: make([]bool, len(ix.terms)), posts: map[uint32][]newPosting{}}
	for i, seg := range kept {
		if seg == nil {
			sp.changed = append(sp.changed, int32(i))
		}
	}
	// How many more pages each touched term is on now than before.
	more := map[uint32]int32{}
	for _, d := range sp.changed {
		// The page as it was: its terms by the previous index's ids.
		r := segReader{b: f.all[d]}
		for n := r.skipHead(); n > 0 && !r.bad; n-- {
			prev, post := r.num(), r.bytes()
			if prev >= uint64(len(ix.remap)) {
				return nil
			}
			if t := ix.remap[prev]; t != noID {
				sp.touched[t] = true
				if len(post) > 0 {
					more[t]--
				}
			}
		}
		if r.bad {
			return nil
		}
		// The page as it is: its postings in the run, as flush wrote
		// them, each after its term's id.
		end := int(ix.runEnd[d])
		r = segReader{b: ix.run[ix.runStart(int(d)):end]}
		for len(r.b) > 0 {
			t := r.num()
			from := end - len(r.b)
			if !r.posting() || t >= uint64(len(ix.terms)) {
				return nil
			}
			sp.touched[t] = true
			more[uint32(t)]++
			sp.posts[uint32(t)] = append(sp.posts[uint32(t)], newPosting{doc: d, from: uint32(from), to: uint32(end - len(r.b))})
		}
	}
	for t, m := range more {
		now := ix.terms[t].df
		if (now > maxDocsWithPositions) != (now-m > maxDocsWithPositions) {
			return nil
		}
	}
	return sp
}

// runStart is where page d's postings start in the run.
func (ix *Index) runStart(d int) int {
	if d == 0 {
		return 0
	}
	return int(ix.runEnd[d-1])
}

// splice encodes the postings from the previous build's (f), as planned
// by sp: nil when the previous postings do not read as encodePostings
// writes them (a file changed by hand that kept its checksum).
func (ix *Index) splice(sp *splice, f *keptFile) (enc []byte, off []uint32) {
	n := len(ix.terms)
	off = make([]uint32, n+1)
	var made []byte // the touched terms' postings, in id order
	for t := range n {
		if sp.touched[t] {
			start := len(made)
			if ix.terms[t].df > 0 { // not dropped (commonPairs)
				var prev []byte
				if p := ix.prevOf[t]; p != noID {
					prev = f.postings(p)
				}
				var ok bool
				if made, ok = ix.mergePostings(made, uint32(t), prev, sp); !ok {
					return nil, nil
				}
			}
			off[t+1] = uint32(len(made) - start)
			continue
		}
		p := ix.prevOf[t]
		if p == noID {
			return nil, nil // only a changed page can add a term
		}
		off[t+1] = uint32(len(f.postings(p)))
	}
	for i := 1; i < len(off); i++ {
		off[i] += off[i-1]
	}
	enc = make([]byte, off[n])
	at := 0
	for t := range n {
		if sp.touched[t] {
			size := int(off[t+1] - off[t])
			copy(enc[off[t]:], made[at:at+size])
			at += size
			// A touched term whose postings came out as they were is the
			// previous build's for its shard (shards.go): an edit moves
			// no word before it, and appended text none of the page's.
			// After a Lao page's edit of the 1,000-page site, 1,234 of
			// 1,237 touched terms when a sentence was appended, 601 of
			// 1,234 when a word in the middle was deleted.
			if p := ix.prevOf[t]; p != noID && bytes.Equal(enc[off[t]:off[t+1]], f.postings(p)) {
				sp.touched[t] = false
			}
		} else {
			copy(enc[off[t]:], f.postings(ix.prevOf[t]))
		}
	}
	return enc, off
}

// mergePostings appends to b the postings of term t: those of prev (the
// previous build's, as encodePostings wrote them) on the pages not
// changed, and the changed pages' from the run, in page order. ok is false
// when prev does not read.
func (ix *Index) mergePostings(b []byte, t uint32, prev []byte, sp *splice) ([]byte, bool) {
	var scratch [maxPostingLen]byte
	var buf [maxPositions]uint32
	news := sp.posts[t]
	last, doc := int32(-1), int64(-1)
	put := func(p newPosting) {
		wf, pos, mask := ix.runPosting(p, t, &buf)
		n := putPosting(scratch[:], uint32(p.doc-last-1), wf, pos, mask)
		b = append(b, scratch[:n]...)
		last = p.doc
	}
	for len(prev) > 0 {
		delta, rest, ok := readNum(prev)
		if !ok {
			return b, false
		}
		doc += int64(delta) + 1
		if doc >= int64(len(ix.runEnd)) {
			return b, false
		}
		body := rest
		if rest, ok = skipPosting(rest); !ok {
			return b, false
		}
		body = body[:len(body)-len(rest)]
		prev = rest
		for len(news) > 0 && int64(news[0].doc) < doc {
			put(news[0])
			news = news[1:]
		}
		if _, changed := slices.BinarySearch(sp.changed, int32(doc)); changed {
			continue
		}
		b = append(b, scratch[:putNum(scratch[:], uint32(int32(doc)-last-1))]...)
		b = append(b, body...)
		last = int32(doc)
	}
	for _, p := range news {
		put(p)
	}
	return b, true
}

// runPosting decodes a changed page's posting p of term t from the run,
// its positions (into buf) cut as eachPosting cuts them.
func (ix *Index) runPosting(p newPosting, t uint32, buf *[maxPositions]uint32) (wf uint32, pos []uint32, mask uint32) {
	r := ix.run[p.from:p.to]
	num := func() uint32 {
		v, n := binary.Uvarint(r)
		r = r[n:]
		return uint32(v)
	}
	wf = num()
	cs := num()
	pos = buf[:min(cs>>1, maxPositions)]
	prev := uint32(0)
	for i := range pos {
		prev += num()
		pos[i] = prev
	}
	if cs&1 != 0 {
		mask = num()
	}
	return capPositions(ix.terms[t].df, wf, pos, mask)
}

// noDigit marks a byte that is none of numDigits in digitValue.
const noDigit = 0xFF

// digitValue is the value of each of numDigits, by byte.
var digitValue = func() (v [256]byte) {
	for i := range v {
		v[i] = noDigit
	}
	for i := range len(numDigits) {
		v[numDigits[i]] = byte(i)
	}
	return v
}()

// readNum reads a number putNum wrote at the start of b.
func readNum(b []byte) (v uint32, rest []byte, ok bool) {
	var x uint64
	for i, c := range b {
		d := digitValue[c]
		if d == noDigit || i == 7 {
			return 0, nil, false
		}
		x = x<<5 | uint64(d&31)
		if d < 32 {
			if x > 1<<32-1 {
				return 0, nil, false
			}
			return uint32(x), b[i+1:], true
		}
	}
	return 0, nil, false
}

// skipPosting reads past a posting's weight and flags, count and spaced
// bit, positions and mask (putPosting's numbers after the page delta).
func skipPosting(b []byte) (rest []byte, ok bool) {
	if _, b, ok = readNum(b); !ok {
		return nil, false
	}
	cs, b, ok := readNum(b)
	if !ok {
		return nil, false
	}
	for range cs>>1 + cs&1 {
		if _, b, ok = readNum(b); !ok {
			return nil, false
		}
	}
	return b, true
}
