package search

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	gohash "hash"
	"hash/crc32"
	"io"
	"slices"
	"sync/atomic"
	"unsafe"

	"spean/generator/workers"
)

// A language's index is made anew when any of its pages changed (memo.go
// reuses it only when none did), and most of the work is each page's own:
// analysing its text, looking up its terms, gathering its postings. On the
// 10,000-page site that was about 3 of the 5 CPU-seconds of the Lao index
// a rebuild after one Lao page's edit made again (with the segments, the
// index step took 2.8 CPU-s rather than 4.3, and 2.4 s rather than 3.1:
// the medians of four alternating rebuilds). So a build into a folder
// keeps each page's part of the index, its segment, for the next build
// (paths.IndexCache, a file a language), under a hash of what the index
// reads of the page (pageKey). A page whose key the previous build kept is
// put in the index from its segment (Index.replay), without reading or
// analysing its text.
//
// A segment holds the page's length and snippet parts, and the terms the
// page touched in the order it first touched them (Index.touch), each by
// its id in the index the file was written with; after the segments the
// file lists that index's terms in id order: a word or cluster by its
// text, a pair by the ids of its two. Replaying takes the terms in the
// order the page lists them, which is the order in which indexing the page
// from its text gives new terms their ids, and looks each up only the
// first time the file's id of it is met (Index.adopt): on the 10,000-page
// site a Lao rebuild replayed 4 million terms of 640,000, and looking up
// every one, by text or by its two clusters, was two thirds of replaying.
// With each term its postings on the page as flush wrote them, copied into
// the run. So the index, and every file made from it, is byte for byte the
// one a clean build makes: term ids decide the order of keys and terms in
// the shards (Encode).
//
// A rebuild that will splice the postings (splice.go: the pages in their
// places, few changed) reads less still. Each term's page count is kept
// too, so replaying a page need not count its terms (a write to a random
// one of 640,000 for each of 4 million terms: a third of replaying a Lao
// rebuild's pages); and the pages before the first changed one are the
// previous build's, which met the same terms in the same order: the terms
// they know (each page's count of the terms known once it is in) take
// the same ids in the same order, all at once (Index.adoptFirst), and
// those pages' segments are neither read through nor written again.
//
// The file: segMagic, the salt (segSalt), then for each page in index
// order its key, the number of terms the index knew once the page was in,
// the bytes of its postings in the run, the segment's length and the
// segment, then the terms, then each term's page count as counted (before
// commonPairs; a little-endian uint32 a term), then the index's encoded
// postings (Index.enc: where each term's start, as terms+1 little-endian
// uint32s, then the postings; splice.go), then what its files were made
// with (appendEncoded: the terms' keys, their letters past them and the
// fingerprints of the shards), then the size of the index's run, its number of terms, the
// length of the terms' list, that of the postings and that of what the
// files were made with (8 bytes each, little-endian: a
// rebuild's storage is allocated for the first two, see hintOf), then the
// CRC-32C of all before it (the file is the build's own, so a checksum
// that finds a damaged or cut file will do; SHA-256 took 0.15 s of a
// rebuild's 50 MB Lao file, the CRC a few milliseconds). A file that does
// not read whole is not used.

// segMagic starts the file; a file of another version is not read (a
// different generator's is not offered at all: publish.NewDir).
const segMagic = "spean-index-segments 4\n"

// segments is one language's segments: the previous build's, by page key,
// and this build's being written.
type segments struct {
	salt [32]byte
	// file is the previous build's file (nil: none read), whose memory
	// release lets go of (nil: nothing to do).
	file    *keptFile
	release func()
	keys    [][32]byte // each page's key, in index order (set by build)
	w       *segWriter // nil: this build keeps none
	// replayed counts the pages put in from the previous build's
	// segments; spliced says the postings were the previous build's,
	// with the changed pages' put in (splice.go).
	replayed int
	spliced  bool
	// pack is the previous build's pack of the index (nil: none), whose
	// shards the index copies where they are the same (shards.go).
	pack *Pack
	// reusedShards counts the shards copied from pack.
	reusedShards int
}

// keptFile is what a segments file holds.
type keptFile struct {
	segs map[[32]byte][]byte // the segments by page key
	keys [][32]byte          // each segment's key, in the order of the index that wrote it
	all  [][]byte            // each segment, in that order
	// known is, in that order, how many terms the index knew once each
	// page was in; runs the bytes of each page's postings in its run.
	known, runs []uint32
	// counts is each term's page count as counted, a little-endian uint32
	// a term (pages).
	counts []byte
	// What the index's files were made with (Encode): the keys of its
	// terms (termKeys, in the order the index met them) and each term's,
	// a little-endian uint32 (keyOf: its index in termKeys, or noGroup);
	// each term's letter past its key in a crowded bucket (letters:
	// keepLetter's, a little-endian uint16); the fingerprints of the
	// shards of its files, of version version (shards.go).
	termKeys []string
	keyOf    []byte
	letters  []byte
	version  string
	prints   []byte
	// table is the index's terms; run the size of its run.
	table *termTable
	run   int
	// off and enc are the index's encoded postings, by the ids of table:
	// term i's are enc[off(i):off(i+1)], off(i) the little-endian uint32
	// at off[4*i:].
	off, enc []byte
}

// pages returns the number of pages the previous index counted its term id
// on.
func (f *keptFile) pages(id uint32) int32 {
	return int32(binary.LittleEndian.Uint32(f.counts[4*id:]))
}

// postings returns the previous index's encoded postings of its term id.
func (f *keptFile) postings(id uint32) []byte {
	a, b := binary.LittleEndian.Uint32(f.off[4*id:]), binary.LittleEndian.Uint32(f.off[4*id+4:])
	return f.enc[a:b]
}

// newSegments reads the previous build's segments of lang from prev
// (nil: none) and writes this build's to w (nil: none). groups are the
// language's synonym groups: they change what a page's text indexes as.
func newSegments(lang string, groups [][]string, prev []byte, w io.WriteCloser) *segments {
	sg := &segments{salt: segSalt(lang, groups)}
	sg.file = readSegments(prev, sg.salt)
	if w != nil {
		sg.w = newSegWriter(w, sg.salt)
	}
	return sg
}

// done ends the segments' part in this build: this build's file is
// finished and closed (close reports one whose index was not made), the
// previous one let go.
func (sg *segments) done() error {
	sg.keys, sg.file = nil, nil
	if sg.release != nil {
		sg.release()
		sg.release = nil
	}
	if sg.w == nil {
		return nil
	}
	return sg.w.close()
}

// segSalt hashes what, besides a page's own text, decides its segment:
// the language (how its text is cut) and its synonym groups.
func segSalt(lang string, groups [][]string) [32]byte {
	h := sha256.New()
	w := hashWriter{h}
	w.str(segMagic)
	w.str(lang)
	w.groups(groups)
	return [32]byte(h.Sum(nil))
}

// pageKey hashes what the index reads of page p (eachField), after salt.
func pageKey(salt [32]byte, p *Page) [32]byte {
	h := sha256.New()
	h.Write(salt[:])
	w := hashWriter{h}
	w.str(p.Title)
	w.str(p.Description)
	w.str(p.Summary)
	w.blocks(p)
	return [32]byte(h.Sum(nil))
}

// hashWriter writes numbers and strings into a hash, lengths before
// contents, so that no two inputs hash the same by shifting text between
// fields.
type hashWriter struct{ h io.Writer }

func (w hashWriter) num(v int) {
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(v))
	w.h.Write(n[:])
}

func (w hashWriter) str(s string) {
	w.num(len(s))
	io.WriteString(w.h, s)
}

// groups writes a language's synonym groups.
func (w hashWriter) groups(groups [][]string) {
	w.num(len(groups))
	for _, g := range groups {
		w.num(len(g))
		for _, f := range g {
			w.str(f)
		}
	}
}

// blocks writes p's body: its document's hash when it has one (Summed),
// else its blocks.
func (w hashWriter) blocks(p *Page) {
	if p.Summed {
		// The document's hash covers its blocks and more (a change to its
		// HTML alone makes the index anew, needlessly).
		w.num(-1)
		w.h.Write(p.Sum[:])
		return
	}
	w.num(len(p.Blocks))
	for _, b := range p.Blocks {
		if b.Heading {
			w.num(1)
		} else {
			w.num(0)
		}
		w.str(b.Text)
	}
}

// match returns the previous segment of each page, nil where there is
// none.
func (sg *segments) match() [][]byte {
	if sg.file == nil || len(sg.file.segs) == 0 {
		return nil
	}
	kept := make([][]byte, len(sg.keys))
	for i, k := range sg.keys {
		kept[i] = sg.file.segs[k]
	}
	return kept
}

// termTable is the terms of the index a segments file was written with,
// by id: a word or cluster (b is noPair, a its text in texts) or a pair of
// two of them (their ids). byText and byFirst find them (text, pair), made
// the first time they are asked for: only a page indexed from its text
// asks, and replaying the others needs neither.
type termTable struct {
	terms   []tableTerm
	texts   []string
	byText  map[string]uint32
	byFirst tablePairs
}

// tableTerm is a term of a termTable.
type tableTerm struct{ a, b uint32 }

func (t tableTerm) pair() bool { return t.b != noPair }

// appendTerms appends the list of ix's terms, in id order, as a segments
// file holds it: a word or cluster as its text's length<<1 and its text,
// a pair as its first term's id<<1|1 and its second's.
func (ix *Index) appendTerms(b []byte) []byte {
	// Sized first: the 10,000-page site's indexes write megabytes here,
	// and growing as it went copied them again and again (0.16 CPU-s of
	// the build).
	n := 0
	for i := range ix.terms {
		t := &ix.terms[i]
		if t.pair() {
			n += uvarintLen(uint64(t.a)<<1|1) + uvarintLen(uint64(t.b))
		} else {
			s := ix.texts[t.a]
			n += uvarintLen(uint64(len(s))<<1) + len(s)
		}
	}
	b = slices.Grow(b, n)
	for i := range ix.terms {
		t := &ix.terms[i]
		if t.pair() {
			b = binary.AppendUvarint(b, uint64(t.a)<<1|1)
			b = binary.AppendUvarint(b, uint64(t.b))
		} else {
			s := ix.texts[t.a]
			b = binary.AppendUvarint(b, uint64(len(s))<<1)
			b = append(b, s...)
		}
	}
	return b
}

// readTerms reads the list of n terms appendTerms wrote; nil unless it
// reads whole and every pair is of two words or clusters listed before it
// (the index reads a pair's terms as texts: wordPair, appendText).
func readTerms(b []byte, n int) *termTable {
	if n > len(b) { // a term takes a byte at least
		return nil
	}
	// Far fewer words and clusters than pairs: about one in 20 of the
	// 10,000-page site's Lao terms.
	tt := &termTable{terms: make([]tableTerm, 0, n), texts: make([]string, 0, n/16)}
	r := segReader{b: b}
	for len(r.b) > 0 {
		if len(tt.terms) == n {
			return nil
		}
		x := r.num()
		if x&1 == 0 {
			tt.terms = append(tt.terms, tableTerm{a: uint32(len(tt.texts)), b: noPair})
			tt.texts = append(tt.texts, r.str(int(min(x>>1, uint64(len(r.b)+1)))))
		} else {
			a, b, id := x>>1, r.num(), uint64(len(tt.terms))
			if a >= id || b >= id || tt.terms[a].pair() || tt.terms[b].pair() {
				return nil
			}
			tt.terms = append(tt.terms, tableTerm{a: uint32(a), b: uint32(b)})
		}
		if r.bad {
			return nil
		}
	}
	return tt
}

// text finds the word or cluster t (a few thousand clusters, or tens of
// thousands of words, in the map made the first time).
func (tt *termTable) text(t string) (uint32, bool) {
	if tt.byText == nil {
		tt.byText = make(map[string]uint32, len(tt.texts))
		for i, x := range tt.terms {
			if !x.pair() {
				tt.byText[tt.texts[x.a]] = uint32(i)
			}
		}
	}
	id, ok := tt.byText[t]
	return id, ok
}

// pair finds the pair of the table's terms a and b.
func (tt *termTable) pair(a, b uint32) (uint32, bool) {
	if tt.byFirst.start == nil {
		tt.byFirst = newTablePairs(tt)
	}
	for _, p := range tt.byFirst.pairs[tt.byFirst.start[a]:tt.byFirst.start[a+1]] {
		if p[0] == b {
			return p[1], true
		}
	}
	return 0, false
}

// tablePairs lists a table's pairs by their first term: those of term a
// are (second term, pair) in pairs[start[a]:start[a+1]]. Made in two
// passes over the table, where a pairs table (pairTable) took a random
// write for each of hundreds of thousands of pairs; a page indexed from
// its text looks up a few thousand.
type tablePairs struct {
	start []uint32
	pairs [][2]uint32
}

func newTablePairs(tt *termTable) tablePairs {
	tp := tablePairs{start: make([]uint32, len(tt.terms)+1)}
	for _, t := range tt.terms {
		if t.pair() {
			tp.start[t.a+1]++
		}
	}
	for i := 1; i < len(tp.start); i++ {
		tp.start[i] += tp.start[i-1]
	}
	tp.pairs = make([][2]uint32, tp.start[len(tt.terms)])
	at := slices.Clone(tp.start)
	for i, t := range tt.terms {
		if t.pair() {
			tp.pairs[at[t.a]] = [2]uint32{t.b, uint32(i)}
			at[t.a]++
		}
	}
	return tp
}

// readSegments reads a segments file; nil unless it is whole, of this
// version and salt, and everything in it reads.
func readSegments(file []byte, salt [32]byte) *keptFile {
	head := len(segMagic) + len(salt)
	if len(file) < head+4 || !bytes.HasPrefix(file, []byte(segMagic)) || !bytes.Equal(file[len(segMagic):head], salt[:]) {
		return nil
	}
	body, sum := file[:len(file)-4], file[len(file)-4:]
	if crc32.Checksum(body, castagnoli) != binary.LittleEndian.Uint32(sum) {
		return nil
	}
	return parseSegments(body[head:])
}

// parseSegments reads what a segments file holds after its salt and before
// its checksum (readSegments).
func parseSegments(body []byte) *keptFile {
	const sizes = 40
	if len(body) < sizes {
		return nil
	}
	tail := body[len(body)-sizes:]
	run64, terms64 := binary.LittleEndian.Uint64(tail), binary.LittleEndian.Uint64(tail[8:])
	list, encLen := binary.LittleEndian.Uint64(tail[16:]), binary.LittleEndian.Uint64(tail[24:])
	encodedLen := binary.LittleEndian.Uint64(tail[32:])
	if run64 > 1<<32 || terms64 > 1<<30 || encLen > 1<<32 || encodedLen > uint64(len(body)-sizes) {
		return nil
	}
	rest := uint64(len(body)-sizes) - encodedLen
	f := &keptFile{run: int(run64)}
	if !readEncoded(f, body[rest:rest+encodedLen], int(terms64)) {
		return nil
	}
	offLen, countsLen := 4*(terms64+1), 4*terms64
	if list > rest || offLen > rest-list || countsLen > rest-list-offLen || encLen > rest-list-offLen-countsLen {
		return nil
	}
	encAt := int(rest - encLen)
	offAt := encAt - int(offLen)
	countsAt := offAt - int(countsLen)
	pagesEnd := countsAt - int(list)
	f.off, f.enc = body[offAt:encAt:encAt], body[encAt:rest:rest]
	f.counts = body[countsAt:offAt:offAt]
	if !validPostings(f.off, f.enc) {
		return nil
	}
	if f.table = readTerms(body[pagesEnd:countsAt], int(terms64)); f.table == nil || len(f.table.terms) != int(terms64) {
		return nil
	}
	f.segs = map[[32]byte][]byte{}
	r := segReader{b: body[:pagesEnd]}
	known := uint64(0)
	for len(r.b) > 0 && !r.bad {
		key := r.take(32)
		k, run := r.num(), r.num()
		seg := r.bytes()
		// A page knows the terms the pages before it knew, and at most
		// the index's.
		if r.bad || k < known || k > terms64 || run > run64 {
			return nil
		}
		known = k
		f.segs[[32]byte(key)] = seg
		f.keys = append(f.keys, [32]byte(key))
		f.all = append(f.all, seg)
		f.known = append(f.known, uint32(k))
		f.runs = append(f.runs, uint32(run))
	}
	if r.bad {
		return nil
	}
	for i := 0; i < len(f.counts); i += 4 {
		if binary.LittleEndian.Uint32(f.counts[i:]) > uint32(len(f.all)) {
			return nil
		}
	}
	// Every segment is read through on every core: 85 ms of a rebuild
	// on one, before the index can start, for a Lao file of 47 MB. Its
	// terms are among those the index knew once it was in.
	var bad atomic.Bool
	const batch = 64
	all := f.all
	workers.Each(context.Background(), (len(all)+batch-1)/batch, 0, func(b int) {
		for i := b * batch; i < min(len(all), (b+1)*batch); i++ {
			if bad.Load() || !validSegment(all[i], int(f.known[i])) {
				bad.Store(true)
				return
			}
		}
	})
	if bad.Load() {
		return nil
	}
	return f
}

// validPostings reports whether off and enc read as a segments file's
// postings: offsets from 0 to the end of enc, none before the one before
// it, and nothing in enc but the digits of putNum. Spliced postings go into
// the index's files as they are, inside JSON strings: a quote there would
// end one.
func validPostings(off, enc []byte) bool {
	if len(off) < 4 || len(off)%4 != 0 || binary.LittleEndian.Uint32(off) != 0 || binary.LittleEndian.Uint32(off[len(off)-4:]) != uint32(len(enc)) {
		return false
	}
	last := uint32(0)
	for i := 4; i < len(off); i += 4 {
		o := binary.LittleEndian.Uint32(off[i:])
		if o < last {
			return false
		}
		last = o
	}
	for _, c := range enc {
		if digitValue[c] == noDigit {
			return false
		}
	}
	return true
}

// validSegment reports whether seg reads as a segment whose terms are
// among the first terms of its file's: every length in bounds, every term
// one of them, and every posting as flush writes one. Replaying trusts
// what it reads.
//
// That a pair comes after both of its terms, as a build writes it, is not
// checked here: marking each term listed (0.07 CPU-s of a Lao rebuild of
// the 10,000-page site) cost about what naming terms by their ids saved
// replaying. Index.adopt makes sure of it instead.
func validSegment(seg []byte, terms int) bool {
	r := segReader{b: seg}
	n := r.skipHead()
	for i := uint64(0); i < n && !r.bad; i++ {
		if id := r.num(); id >= uint64(terms) {
			return false
		}
		if post := r.bytes(); !r.bad && len(post) > 0 && !validPosting(post) {
			return false
		}
	}
	return !r.bad && len(r.b) == 0
}

// validPosting reports whether p is one posting as flush writes it after
// the term's id: weight and flags, count and spaced bit, the position
// deltas, then the mask when spaced. Every number in it is a uint32 or
// one bit more (at most five bytes); those after the count are only
// skipped, which was half the time of reading a segments file when each
// was decoded.
func validPosting(p []byte) bool {
	r := segReader{b: p}
	return r.posting() && len(r.b) == 0
}

// posting reads past one posting as flush writes it after the term's id
// (validPosting), and reports whether it was one.
func (r *segReader) posting() bool {
	r.skip(1)
	c := r.num()
	if c>>1 == 0 || c>>1 > maxPositions {
		return false
	}
	r.skip(int(c>>1) + int(c&1))
	return !r.bad
}

// skipHead reads past a segment's length and snippet parts, and returns
// its number of terms, which follow.
func (r *segReader) skipHead() uint64 {
	r.num() // Len
	for n := r.num(); n > 0 && !r.bad; n-- {
		r.bytes()
	}
	return r.num()
}

// segReader reads a segment; bad turns true, for good, at the first read
// past its end, and what is left to read is then nothing.
type segReader struct {
	b   []byte
	bad bool
}

// num reads a number, a uvarint (binary.Uvarint's, inlined: a call for
// each was a third of the time of reading a segments file).
func (r *segReader) num() uint64 {
	var v uint64
	for i, c := range r.b {
		if i == binary.MaxVarintLen64-1 && c > 1 {
			break // overflows 64 bits
		}
		v |= uint64(c&0x7F) << (7 * i)
		if c < 0x80 {
			r.b = r.b[i+1:]
			return v
		}
	}
	r.fail()
	return 0
}

// skip reads past n numbers of at most five bytes each, as flush writes a
// posting's (uint32s, or one bit more).
func (r *segReader) skip(n int) {
	b, size := r.b, 0
	for i := 0; n > 0; i++ {
		if i == len(b) || size == 5 {
			r.fail()
			return
		}
		size++
		if b[i] < 0x80 {
			n--
			size = 0
			r.b = b[i+1:]
		}
	}
}

// fail marks the reader bad: nothing is left to read.
func (r *segReader) fail() {
	r.bad = true
	r.b = nil
}

func (r *segReader) take(n int) []byte {
	if r.bad || n < 0 || n > len(r.b) {
		r.fail()
		return nil
	}
	b := r.b[:n:n]
	r.b = r.b[n:]
	return b
}

// bytes reads a length, then that many bytes.
func (r *segReader) bytes() []byte {
	n := r.num()
	if n > uint64(len(r.b)) {
		r.fail()
		return nil
	}
	return r.take(int(n))
}

// str reads n bytes as a string sharing the file's memory, which nothing
// writes to: the index clones the text of a term it adds (Index.lookup),
// and its pages' parts keep the file only while the index is alive.
func (r *segReader) str(n int) string {
	b := r.take(n)
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// segWriter writes a segments file.
type segWriter struct {
	f   io.WriteCloser
	h   gohash.Hash32
	w   *bufio.Writer
	err error
	// ended says end was called: every page's segment is written; tail
	// is then the file's last numbers, less the length of what the files
	// were made with, which encoded adds (done: it was called; a file
	// without it keeps none, as one an index not encoded writes).
	ended bool
	tail  [40]byte
	done  bool
}

// castagnoli is the CRC-32C table, which the processor computes.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func newSegWriter(f io.WriteCloser, salt [32]byte) *segWriter {
	h := crc32.New(castagnoli)
	sw := &segWriter{f: f, h: h, w: bufio.NewWriterSize(io.MultiWriter(f, h), 1<<16)}
	sw.w.WriteString(segMagic)
	sw.w.Write(salt[:])
	return sw
}

// put writes one page's segment under its key, with the number of terms
// the index knew once the page was in and the bytes of its postings in
// the run.
func (sw *segWriter) put(key [32]byte, known, run uint32, seg []byte) {
	if sw.err != nil {
		return
	}
	var n [3 * binary.MaxVarintLen64]byte
	sw.w.Write(key[:])
	b := binary.AppendUvarint(n[:0], uint64(known))
	b = binary.AppendUvarint(b, uint64(run))
	sw.w.Write(binary.AppendUvarint(b, uint64(len(seg))))
	_, sw.err = sw.w.Write(seg)
}

// end writes, after every page's segment, the index's terms
// (appendTerms), their page counts (a little-endian uint32 each), its
// encoded postings (enc, term i's from off[i]), and the size of its run,
// its number of terms and the lengths of the list and the postings.
func (sw *segWriter) end(list, counts []byte, run int, enc []byte, off []uint32) {
	b := sw.tail[:]
	binary.LittleEndian.PutUint64(b[:], uint64(run))
	binary.LittleEndian.PutUint64(b[8:], uint64(len(off)-1))
	binary.LittleEndian.PutUint64(b[16:], uint64(len(list)))
	binary.LittleEndian.PutUint64(b[24:], uint64(len(enc)))
	if sw.err == nil {
		_, sw.err = sw.w.Write(list)
	}
	if sw.err == nil {
		_, sw.err = sw.w.Write(counts)
	}
	var chunk [4096]byte
	for len(off) > 0 && sw.err == nil {
		n := min(len(off), len(chunk)/4)
		for i, o := range off[:n] {
			binary.LittleEndian.PutUint32(chunk[4*i:], o)
		}
		_, sw.err = sw.w.Write(chunk[:4*n])
		off = off[n:]
	}
	if sw.err == nil {
		_, sw.err = sw.w.Write(enc)
	}
	sw.ended = true
}

// encoded writes, after end, what the index's files were made with: its
// terms' keys and each term's (keyOf), their letters past their keys in
// crowded buckets, and the fingerprints of its shards (none when they are
// not packed), whose version is version.
func (sw *segWriter) encoded(keys []string, keyOf []uint32, letters []uint16, version string, prints []uint64) {
	if !sw.ended || sw.done {
		return
	}
	b := appendEncoded(nil, keys, keyOf, letters, version, prints)
	binary.LittleEndian.PutUint64(sw.tail[32:], uint64(len(b)))
	if sw.err == nil {
		_, sw.err = sw.w.Write(b)
	}
	sw.done = true
}

// close ends the file with its hash and closes it; a second call does
// nothing. A file that end was not called on is left without its hash,
// which no build reads.
func (sw *segWriter) close() error {
	if sw.f == nil {
		return sw.err
	}
	f := sw.f
	sw.f = nil
	if sw.err == nil && !sw.ended {
		sw.err = errors.New("the index was not finished")
	}
	if sw.err == nil {
		_, sw.err = sw.w.Write(sw.tail[:])
	}
	if sw.err == nil {
		sw.err = sw.w.Flush()
	}
	if sw.err == nil {
		_, sw.err = f.Write(binary.LittleEndian.AppendUint32(nil, sw.h.Sum32()))
	}
	return errors.Join(sw.err, f.Close())
}
