package search

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"spean/generator/publish"
	"spean/generator/segment"
)

// Options size the index files. A first query loads the search page, the
// scripts, one shard per looked-up key, one doc chunk per result listed and
// one text bundle per result on screen, so smaller files cost a reader
// less; on a large site small files are thousands a language, too many for
// hosts that cap a site's files (issue 13), and the index is then written
// as one pack a language (see pack.go), whose files search.js reads with
// range requests. Gzip makes a shard about 40 % of its raw size, a text
// bundle 25–45 %; a range comes raw.
type Options struct {
	ShardBytes int // raw size a postings shard aims at
	TextBytes  int // raw size a text bundle aims at
	ChunkDocs  int // pages per doc chunk
	// MaxFiles, when not 0, is the most files one language's index is
	// written as: an index that would take more is written as one pack
	// (pack.go), with the sizes of PackOptions. A cap under 3 (one file of
	// each kind) counts as 3.
	MaxFiles int
	// PartBytes is the size at which a pack's part is closed (0:
	// defaultPart).
	PartBytes int
	// SpillBytes, when not 0, makes any term whose postings are longer a
	// file of its own, as a common word's always are (Index.spills), and in
	// a key's bucket larger than twice that, any term whose postings are
	// longer than minSpill: a query loads the bucket of a key whole, and
	// the terms it does not match then cost it a few bytes each.
	SpillBytes int
	// Listed says the search page lists every page, in doc order, with
	// its link, title and section (see azMax): a doc row then holds only
	// where the page's text is ([bundle, steps]), and one chunk holds every
	// row. The first search on the shipped site loaded five chunks of
	// rows the page already held: 2–3 KB gzip of its 30.
	Listed bool
	// helpers is how many goroutines analyse pages' text ahead of the
	// index (eachAnalysed); IndexAll sets it. With any, the postings are
	// encoded on two cores (encodePostingsSplit) and Encode writes half
	// the shards on a goroutine of their own.
	helpers int
}

// DefaultOptions size the files for a first query of about 30 KB gzip
// (page and scripts included) and write at most 1,000 files a language.
//
// On the shipped site the sizes decide: shards of 2,000 bytes (6,000 before
// issue 14's second round) and text bundles of 1,500 (3,000) took a first
// query from 34–46 KB gzip to 28–31 (Burmese without its font 31 when its
// query meets a large key), for 1,648 index files in all rather than 728
// (searchbench, 20 and 40 queries); with the scripts minified and the doc
// rows in one chunk (Options.Listed), 24–28. A query loads a shard per term
// and a bundle per snippet on screen, which needs one part of about 600
// bytes; a key's terms are never split, so shards much smaller than the
// largest keys (2–6 KB raw: "the", "you", Burmese လုပ်) would not make a
// query cheaper.
//
// On large sites files and bytes conflict as long as a query loads whole
// files: on the synthetic 10,000-page site (2,000 pages a language, about
// 1.2 million distinct cluster pairs a language) the index part of a
// Khmer first query cost 1,269 KB gzip at 100 files a language, 133 KB at
// 1,000 and 18 KB uncapped (12,944 files). A pack reads only the files a
// query needs, from a directory and parts (4–9 files a language): the
// whole Khmer first query there is 23.7 KB, English 101 KB, most of it
// the postings of three words on nearly every page (searchbench).
var DefaultOptions = Options{ShardBytes: 2000, TextBytes: 1500, ChunkDocs: 8, MaxFiles: 1000, PartBytes: defaultPart}

// PackOptions are the sizes of a packed index's files. A range comes
// uncompressed but costs nothing for the files beside it, so files smaller
// than DefaultOptions' cost a query fewer bytes; they are grouped again for
// the offline copy (packGroup). Measured on the 10,000-page site
// (searchbench, 20 queries a language; first searches in KB, en km lo my th,
// Burmese with its 33 KB font):
//
//	shards 2,000 B, bundles 1,500, chunks of 8        117  33  79  78  52
//	shards 1,000, bundles 700, chunks of 2            101  24  62 100  40
//	  and common words' postings files (spills)        34  24  68  75  40
//	  and long lists' too (SpillBytes 1,000)           34  25  63  74  41
//	shards 500                                         27  24  61  74  38
//	chunks of 1                                        25  24  60  74  36
//	in buckets over 2,000 B, lists over 64 (as here)   25  23  33  72  32
//	theme scripts minified, no print CSS on the search
//	page, buckets over 2,000 B split (splitCrowded)    23  21  29  55  29
//	shards 300 (as here)                               22  20  27  53  27
//	files a byte a letter, not UTF-8 (packtext.go)     22  18  23  52  23
//
// (Shards of 300 bytes made the offline zips' scripts of 32 files smaller,
// and the zips 0.4-2.1 % larger; scripts of 64 files, packGroup, made them
// smaller than before.)
// The first search of a language's first query is the row; over each of
// its first 20 queries (searchbench -firsts 20), with shards of 300 bytes,
// the median and largest were 23.2/27.5 20.4/25.5 28.9/32.8 52.1/56.4
// 27.0/32.6 (500: 24.4/44.1 21.2/26.5 29.6/33.3 53.2/57.2 27.4/33.1,
// English's largest a last word too short to pair, which search.js now
// pairs whole); a byte a letter made them 23.3/27.6 18.8/21.8 24.6/27.9
// 51.1/53.6 23.0/28.7. Splitting buckets over 1,000 B made the largest Lao and
// Thai ones 33.5 and 37.8 KB.
//
// (Lists over 64 made the cold first query of Lao and Thai, at 4x CPU
// slowdown on one machine, 380-500 ms against 370-390: one more round of
// ranges; sub-buckets may add another.) Keys that also held the consonant
// after a Thai or Lao leading vowel took the Lao first search to 30 KB, but
// a query ending in that vowel, typed before its consonant, then lost its
// prefix (half-typed recall on the shipped site's Lao 0.97 -> 0.93); with
// them, SpillBytes 300 made more ranges than it saved bytes (Lao 35 KB).
// Neither is done: a crowded key's bucket is split by the next letter
// instead, which a query reads only when its term can be there. Splitting
// buckets over 1,000 B was worse (Lao 31.8 KB against 30.3; see above).
var PackOptions = Options{ShardBytes: 300, TextBytes: 700, ChunkDocs: 1, SpillBytes: 1000}

// minSpill is the shortest postings that are a file of their own, in a
// bucket of more than twice Options.SpillBytes. Shorter ones cost about as
// much as the two ranges that would read them; 32, in buckets over
// SpillBytes, was no better (10,000-page site: Lao 34.0 KB, Thai 31.4).
const minSpill = 64

// packs reports whether an index of the given raw sizes (postings, snippet
// text, pages) would write more files than o.MaxFiles allows at o's sizes.
func (o Options) packs(shardBytes, textBytes, docs, postings int) bool {
	natural := ceilDiv(shardBytes, o.ShardBytes) + ceilDiv(textBytes, o.TextBytes) + ceilDiv(docs, o.ChunkDocs) + postings
	return o.MaxFiles > 0 && natural > max(o.MaxFiles, 3)
}

func ceilDiv(a, b int) int { return max(1, (a+b-1)/b) }

// roundShards rounds an index's number of shards up to one of 32 to
// 64 steps between each power of two and the next: a key's shard is its
// hash modulo their number, so a rebuild whose number changed shares no
// shard with the previous build (shards.go). At one shard a 300 bytes, an
// edit that added 1 KB of postings to the 10,000-page site's Lao index
// (71,545 shards) changed their number every time; rounded up to a
// multiple of 2,048, about one time in 600. The shards are up to 3 %
// smaller.
func roundShards(n int) int {
	if n <= 32 {
		return n
	}
	step := 1 << (bits.Len(uint(n)) - 6)
	return (n + step - 1) / step * step
}

// File is one output of the index.
type File struct {
	Name string // relative to the language folder: "search/s.1a2b3c4d5e.7.js"
	Data []byte
}

// Meta is what search.js needs to find the files: it goes into the search
// page as data attributes.
type Meta struct {
	Version   string // content hash of every file, part of each file name
	Shards    int
	ChunkDocs int
	N         int // pages
	Part      int // PartSegments
	// Pack is the start of a packed index's file names in the language's
	// search folder ("p.<version>", see pack.go), or "" when its files are
	// written as they are; Parts is where each of its parts starts in the
	// whole, in bytes, space-separated ("0 20971000").
	Pack, Parts string
	// Group is how many of a pack's files each script of the offline copy
	// holds (packGroup), and Bundles its text bundles (the pack holds
	// shards, then text bundles, then doc chunks); both 0 when there is
	// no pack.
	Group, Bundles int
	// Block is the first code point of the block of 128 that a pack's
	// files are written in, a byte a letter (packtext.go); 0 for UTF-8.
	Block int
}

// Output is the index of one language, ready to publish.
type Output struct {
	Meta
	Files []File
	// partSums are a pack's parts' sums (publish.SumOf), Files[1:] after
	// its directory, as Encode took them for the version.
	partSums [][publish.SumSize]byte
}

// The postings are strings of numbers, each written in base 32 with one
// character per 5 bits, most significant first: digits 0–31 are the last
// character of a number, 32–63 the ones before. No separators, no escapes
// in JSON, and gzip finds the repeats.
const numDigits = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_"

// numLen is how many characters putNum writes for v.
func numLen(v uint32) int {
	return max(1, (bits.Len32(v)+4)/5)
}

// putNum writes v at the start of b, which has room for numLen(v) bytes,
// and returns how many it wrote.
func putNum(b []byte, v uint32) uint32 {
	n := numLen(v)
	b[n-1] = numDigits[v&31]
	for i := n - 2; i >= 0; i-- {
		v >>= 5
		b[i] = numDigits[32+v&31]
	}
	return uint32(n)
}

// hash is FNV-1a over the key's UTF-8 bytes; search.js computes the same.
func hash(key string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(key))
	return h.Sum32()
}

// Encode writes the index into files sized by o. Shard files call
// SpeanSearch.s(i, '{"key": {"rest of term": "postings"}}'), the JSON
// text in a string: search.js finds and parses only the bucket of the key
// it looks up (a whole Khmer shard of 50 KB, thousands of keys, took a
// cheap phone some 35 ms to run as an object literal, and a query runs
// three). Doc chunks call
// SpeanSearch.d(c, [[href, title, section, bundle, steps], …]) and text
// bundles SpeanSearch.t(b, {"doc.part": text}), text with WordMark where a
// word starts unseen. Part k of a page is in
// bundle + the number of "1" in steps[:k].
func (ix *Index) Encode(o Options) Output {
	enc, encOff := ix.enc, ix.encOff
	helpers := o.helpers
	// With a core free (the one language a rebuild indexes), what reads
	// only the docs is made on it beside the rest: which block a pack
	// writes its text in, while the terms are grouped (44 of the 86 ms
	// that takes for Lao on the 10,000-page site), and the text bundles
	// beside the shards (92 ms).
	var blocked chan blockCount
	if helpers > 0 {
		blocked = make(chan blockCount, 1)
		go func() { blocked <- countBlock(ix.Docs) }()
	}
	// Terms grouped by key, in the order the keys were first met (term
	// ids follow the pages, so the order is deterministic); keys by shard.
	// mark says where each term's postings are written: "@<n>" names the
	// postings file of a common word (Index.spills), "#<n>" that of a long
	// list (Options.SpillBytes, marked below once the sizes are known); 0
	// keeps them in the shard.
	groupOf := make([]uint32, len(ix.terms))
	mark := make([]byte, len(ix.terms))
	var tg termGroups
	if kk := ix.keyed; kk != nil {
		tg = ix.groupKept(kk, groupOf, mark, encOff)
	} else if mid := len(ix.terms) / 2; helpers > 0 && mid > 0 {
		// A core is free: each half of the terms is grouped on its own,
		// and the second half's groups are then numbered after the
		// first's (merge), as one pass over them all numbers them.
		second := make(chan termGroups, 1)
		go func() { second <- ix.groupTerms(mid, len(ix.terms), groupOf, mark, encOff) }()
		tg = ix.groupTerms(0, mid, groupOf, mark, encOff)
		tg.merge(<-second, groupOf[mid:])
	} else {
		tg = ix.groupTerms(0, len(ix.terms), groupOf, mark, encOff)
	}
	if ix.keep {
		// Kept for the next build (groupKept, splitCrowded).
		ix.termKeys, ix.keyOf = tg.keys[:len(tg.keys):len(tg.keys)], groupOf
		ix.letters = make([]uint16, len(ix.terms))
	}
	keys, gsize, gcount := tg.keys, tg.size, tg.count
	total, termText, spilled, spills := tg.total, tg.termText, tg.spilled, tg.spills
	tg.byKey = nil
	// Members of each group, in term order: a counting sort.
	gstart := make([]uint32, len(keys)+1)
	for g, c := range gcount {
		gstart[g+1] = gstart[g] + c
	}
	members := make([]uint32, len(ix.terms))
	for i, g := range groupOf {
		if g == noGroup {
			continue
		}
		members[gstart[g+1]-gcount[g]] = uint32(i)
		gcount[g]--
	}
	groupOf, gcount = nil, nil
	textBytes := 0
	for _, d := range ix.Docs {
		for _, p := range d.Parts {
			textBytes += len(p) + 10 // "doc.part":"text",
		}
	}
	packed := o.packs(total, textBytes, len(ix.Docs), spills)
	if packed {
		o = Options{ShardBytes: PackOptions.ShardBytes, TextBytes: PackOptions.TextBytes, ChunkDocs: PackOptions.ChunkDocs,
			SpillBytes: PackOptions.SpillBytes, Listed: o.Listed, PartBytes: o.PartBytes}
	}
	if o.SpillBytes > 0 {
		for g := range keys {
			lim := o.SpillBytes
			if gsize[g] > 2*o.SpillBytes {
				lim = minSpill
			}
			for _, id := range members[gstart[g]:gstart[g+1]] {
				if p := int(encOff[id+1] - encOff[id]); mark[id] == 0 && p > lim {
					mark[id] = '#'
					gsize[g] -= p - 6
					total -= p - 6
					spilled += p + 24
				}
			}
		}
	}
	// Each group's members are members[glo[g]:ghi[g]]; the sub-buckets of
	// a crowded key (splitCrowded) share out its range, and subs lists
	// them.
	glo, ghi := slices.Clone(gstart[:len(keys)]), slices.Clone(gstart[1:])
	var subs map[uint32][]uint32
	if o.SpillBytes > 0 {
		gr := groups{keys: keys, size: gsize, lo: glo, hi: ghi, subs: map[uint32][]uint32{}}
		size := func(id uint32) int {
			if mark[id] != 0 {
				return 6
			}
			return int(encOff[id+1] - encOff[id])
		}
		total += ix.splitCrowded(&gr, members, size, 2*o.SpillBytes, helpers > 0)
		keys, gsize, glo, ghi, subs = gr.keys, gr.size, gr.lo, gr.hi, gr.subs
	}
	gstart = nil
	if o.Listed {
		o.ChunkDocs = max(1, len(ix.Docs))
	}
	n := roundShards(max(1, (total+o.ShardBytes-1)/o.ShardBytes))
	// Every file is written into buffers (below), in the order a pack
	// holds them (shards, text bundles, doc chunks): a pack's parts are
	// the buffers and files written one by one are slices of them.
	// Separate files, copied into a pack, held a large site's index twice
	// (55 MB for a Khmer one of 2,000 pages).
	shardOf := make([]uint32, len(keys))
	perShard := make([]uint32, n+1)
	size, keyText := 0, 0
	for i, k := range keys {
		shardOf[i] = hash(k) % uint32(n)
		perShard[shardOf[i]+1]++
		size += gsize[i] + len(k)*2 + 8
		keyText += len(k) * 2
	}
	shardBytes := size
	// Groups by shard, in key order within each: a counting sort.
	for i := 1; i <= n; i++ {
		perShard[i] += perShard[i-1]
	}
	order := make([]uint32, len(keys))
	for gi, sh := range shardOf {
		order[perShard[sh]] = uint32(gi)
		perShard[sh]++
	}
	shardOf = nil
	size += textBytes + textBytes/8 + len(ix.Docs)*64 + spilled
	// A pack's files are written in one byte a letter of the block its
	// text uses most (packtext.go), each once written whole. Its text
	// (terms, keys, snippets) shrinks about as the docs' text does, the
	// terms more (they are all letters): sized for UTF-8, a Lao index of
	// the 1,000-page site had a buffer of 7.2 MB for 4.2 MB of files,
	// allocated while two languages' indexes are the build's peak of
	// memory.
	var bc blockCount
	switch {
	case blocked != nil:
		bc = <-blocked
	case packed:
		bc = countBlock(ix.Docs)
	}
	var block rune
	if packed {
		block = bc.block
		if text := termText + keyText + textBytes; bc.whole > 0 {
			size -= text - text*bc.packed/bc.whole
		}
	}
	var bundled chan textBundles
	if helpers > 0 {
		bundled = make(chan textBundles, 1)
		limit := o.TextBytes
		go func() {
			// Room for the bundles as the estimate has them: grown by
			// appending, they were copied over and over (60 ms of an
			// English rebuild on the 10,000-page site).
			tb := textBundles{apart: apart{data: make([]byte, 0, textBytes+textBytes/8+1024), block: block}}
			tb.cuts, tb.n = ix.writeBundles(&tb.data, limit, tb.end)
			bundled <- tb
		}()
	}
	// The buffers hold about o.PartBytes each, a file never cut between
	// two: a pack's parts are the buffers themselves. One buffer for the
	// whole index (55 MB for a Khmer one) raised the build's peak resident
	// memory by 30-80 MB, with the Go heap the same: freed, one language's
	// buffer was too small for the next one's, and stayed mapped.
	var (
		bufs [][]byte // the buffers filled
		base int      // their bytes
		ends []int    // where each file ends, in pack order, over all buffers
		left = size + size/16 + 1024
		all  []byte // the buffer being filled
	)
	part := o.PartBytes
	if part <= 0 {
		part = defaultPart
	}
	grow := func() {
		all = make([]byte, 0, min(left, part+part/16))
	}
	grow()
	var packedFile []byte
	start := 0 // where the file being written starts in all
	// endPacked ends a file already written as a pack holds it.
	endPacked := func() {
		ends = append(ends, base+len(all))
		if len(all) >= part {
			bufs = append(bufs, all)
			base += len(all)
			left = max(left-len(all), 1024)
			grow()
		}
		start = len(all)
	}
	endFile := func() {
		if block != 0 {
			all = packTail(all, start, block, &packedFile)
		}
		endPacked()
	}
	// appendApart appends files written apart, each already as a pack
	// holds it, file by file, so that the buffers close where they would
	// had the files been written here.
	appendApart := func(a apart) {
		from := 0
		for _, end := range a.ends {
			all = append(all, a.data[from:end]...)
			endPacked()
			from = end
		}
	}
	sw := &shardWriter{ix: ix, keys: keys, members: members, glo: glo, ghi: ghi, subs: subs, mark: mark, enc: enc, encOff: encOff, order: order, perShard: perShard, shards: n}
	// A packed index that keeps its segments keeps its shards'
	// fingerprints, and copies the previous build's where they are the
	// same (shards.go).
	if packed && ix.keep {
		sw.prints = make([]uint64, n)
	}
	if r := ix.reuse; packed && r != nil && r.fits(n, block) {
		sw.prev = r
	}
	var spillIDs []uint32 // the terms whose postings are files of their own, in order
	mid := n
	var second chan shardHalf
	if helpers > 0 && n >= 2 {
		// A core is free (the one language a rebuild indexes): a
		// goroutine writes the second half of the shards meanwhile,
		// each packed, with its spills numbered after the first half's.
		mid = n / 2
		second = make(chan shardHalf, 1)
		other := *sw // scratch of its own
		other.buf, other.quoted, other.ids = nil, nil, nil
		room := shardBytes/2 + shardBytes/16 + 1024 // the half, as estimated
		go func() { second <- other.half(mid, n, block, room) }()
	}
	for sh := range mid {
		var packed bool
		if all, spillIDs, packed = sw.write(all, sh, spillIDs); packed {
			endPacked()
		} else {
			endFile()
		}
	}
	if second != nil {
		h := <-second
		if h.spillStart != len(spillIDs) {
			panic(fmt.Sprintf("search: the second half of the shards numbered its spills from %d, the first half has %d", h.spillStart, len(spillIDs)))
		}
		spillIDs = append(spillIDs, h.spills...)
		appendApart(h.apart)
		sw.reused += h.reused
	}
	ix.prints, ix.reusedShards, ix.reuse, ix.keyed = sw.prints, sw.reused, nil, nil
	order, perShard = nil, nil

	// Text bundles, written here or beside the shards.
	var cuts []bundleCut
	var bundles int
	if bundled != nil {
		tb := <-bundled
		appendApart(tb.apart)
		cuts, bundles = tb.cuts, tb.n
	} else {
		cuts, bundles = ix.writeBundles(&all, o.TextBytes, endFile)
	}

	// Doc chunks.
	chunks := 0
	for c := 0; c*o.ChunkDocs < len(ix.Docs); c++ {
		all = fmt.Appendf(all, "SpeanSearch.d(%d,[", c)
		for d := c * o.ChunkDocs; d < min(len(ix.Docs), (c+1)*o.ChunkDocs); d++ {
			if d > c*o.ChunkDocs {
				all = append(all, ',')
			}
			all = appendDocRow(all, ix.Docs[d], cuts[d], o.Listed)
		}
		all = append(all, "]);\n"...)
		endFile()
		chunks++
	}

	// Postings files, each a common word's or a long list:
	// SpeanSearch.o(n,"postings"), the postings as in a shard, a JSON
	// string as they are (no quote or backslash in them).
	for k, id := range spillIDs {
		all = fmt.Appendf(all, "SpeanSearch.o(%d,\"", k)
		all = append(all, enc[encOff[id]:encOff[id+1]]...)
		all = append(all, "\");\n"...)
		endFile()
	}
	posts := len(spillIDs)

	if len(all) > 0 || len(bufs) == 0 {
		bufs = append(bufs, all)
	}
	// file is file f's bytes, in the buffer that holds it.
	bufStart := make([]int, len(bufs)+1)
	for i, b := range bufs {
		bufStart[i+1] = bufStart[i] + len(b)
	}
	file := func(f int) []byte {
		start := 0
		if f > 0 {
			start = ends[f-1]
		}
		i, _ := slices.BinarySearch(bufStart, start+1)
		b := bufs[i-1]
		lo, hi := start-bufStart[i-1], ends[f]-bufStart[i-1]
		return b[lo:hi:hi]
	}

	// The version is a hash of the files: of each buffer's sum (the
	// build's sum of files, publish.SumOf), the buffers in pack order,
	// and where each file ends. The buffers are hashed side by side when
	// a core is free, and a pack's parts, which are the buffers, are
	// written with their sums (writeFiles) rather than hashed again: the
	// files one after another, then the parts as they were written, were
	// 16 and 28 ms at the end of a Lao rebuild of the 10,000-page site.
	sums := make([][publish.SumSize]byte, len(bufs))
	if helpers > 0 && len(bufs) > 1 {
		var wg sync.WaitGroup
		for i := 1; i < len(bufs); i += 2 {
			wg.Go(func() { sums[i] = publish.SumOf(bufs[i]) })
		}
		for i := 0; i < len(bufs); i += 2 {
			sums[i] = publish.SumOf(bufs[i])
		}
		wg.Wait()
	} else {
		for i, b := range bufs {
			sums[i] = publish.SumOf(b)
		}
	}
	sum := publish.NewSum()
	for _, s := range sums {
		sum.Write(s[:])
	}
	var num [8]byte
	for _, e := range ends {
		binary.LittleEndian.PutUint64(num[:], uint64(e))
		sum.Write(num[:])
	}
	ver := hex.EncodeToString(sum.Sum(nil))[:10]
	all3 := n + bundles + chunks
	out := Output{Meta: Meta{Version: ver, Shards: n, ChunkDocs: o.ChunkDocs, N: len(ix.Docs), Part: PartSegments}}
	if packed {
		out.Pack, out.Group, out.Bundles, out.Block = "p."+ver, packGroup, bundles, int(block)
		out.Parts, out.Files = writePack(out.Pack, bufs, [packKinds]int{n, bundles, chunks, posts}, ends, block)
		out.partSums = sums
		return out
	}
	for i := range n {
		out.Files = append(out.Files, File{fmt.Sprintf("search/s.%s.%d.js", ver, i), file(i)})
	}
	for i := range chunks {
		out.Files = append(out.Files, File{fmt.Sprintf("search/d.%s.%d.js", ver, i), file(n + bundles + i)})
	}
	for i := range bundles {
		out.Files = append(out.Files, File{fmt.Sprintf("search/t.%s.%d.js", ver, i), file(n + i)})
	}
	for i := range posts {
		out.Files = append(out.Files, File{fmt.Sprintf("search/o.%s.%d.js", ver, i), file(all3 + i)})
	}
	return out
}

// termGroups is the terms of a range of ids grouped by key (groupTerms):
// each group's key, the bytes it takes in its shard (near enough) and its
// number of terms, in the order the keys were first met; and the range's
// sums: the bytes of its groups and of its terms' text, and the bytes and
// number of postings files.
type termGroups struct {
	byKey                            map[string]uint32
	keys                             []string
	size                             []int
	count                            []uint32
	total, termText, spilled, spills int
}

// groupTerms groups the terms of ids [from, to) by key: each one's group,
// or noGroup for a term not written, into groupOf, and where its postings
// go into mark. A group is its key, its size and a run of members: on a
// site's million cluster pairs, most of them a group alone, a slice each
// cost 60 MB a language and as many allocations.
func (ix *Index) groupTerms(from, to int, groupOf []uint32, mark []byte, encOff []uint32) termGroups {
	// Room for a key every 16 terms: the 10,000-page site has one every
	// 11-45 terms (Burmese 112,000 keys for 1.19 million terms, Lao 14,000
	// for 640,000). Room for one every 4, as there was, was a map up to
	// twenty times too large, built while two languages' indexes are the
	// build's peak of memory.
	tg := termGroups{byKey: make(map[string]uint32, (to-from)/16)}
	var buf, kbuf []byte
	for i := from; i < to; i++ {
		t := &ix.terms[i]
		if t.df == 0 { // a pair of uncommon words (commonPairs)
			groupOf[i] = noGroup
			continue
		}
		buf = ix.appendText(buf[:0], t)
		kbuf = ix.appendKey(kbuf[:0], t, buf)
		g := tg.group(kbuf)
		groupOf[i] = g
		ix.addTerm(&tg, uint32(i), g, len(buf), mark, encOff)
	}
	return tg
}

// groupKept is groupTerms over every term, for an index whose terms the
// previous build keyed (kk): a term of the previous index takes the key
// it had there, by number, rather than from its text and a map (about
// 0.2 CPU-s of the Lao index of the 10,000-page site, on two cores).
func (ix *Index) groupKept(kk *keptKeys, groupOf []uint32, mark []byte, encOff []uint32) termGroups {
	tg := termGroups{byKey: make(map[string]uint32, len(kk.keys))}
	// The group of each of the previous index's keys, plus one (0: none
	// yet).
	groupOfKey := make([]uint32, len(kk.keys))
	var buf, kbuf []byte
	for i := range ix.terms {
		t := &ix.terms[i]
		if t.df == 0 { // a pair of uncommon words (commonPairs)
			groupOf[i] = noGroup
			continue
		}
		g := noGroup
		if k := kk.key(uint32(i)); k != noGroup {
			if g = groupOfKey[k] - 1; g == noGroup {
				g = tg.group([]byte(kk.keys[k]))
				groupOfKey[k] = g + 1
			}
		} else {
			buf = ix.appendText(buf[:0], t)
			kbuf = ix.appendKey(kbuf[:0], t, buf)
			g = tg.group(kbuf)
		}
		groupOf[i] = g
		ix.addTerm(&tg, uint32(i), g, ix.textLen(t), mark, encOff)
	}
	return tg
}

// appendKey appends to kb the key of term t, whose text is text: the key
// of its text (segment.Key), but for a pair of words, which has the keys
// of its words (search.js keyOf): under its first word's key, the pairs
// of a word as common as "the" would swell the bucket every query with it
// loads.
func (ix *Index) appendKey(kb []byte, t *term, text []byte) []byte {
	if t.pair() && ix.wordPair(t) {
		kb = append(kb, segment.Key(ix.texts[ix.terms[t.a].a])...)
		kb = append(kb, ' ')
		return append(kb, segment.Key(ix.texts[ix.terms[t.b].a])...)
	}
	return append(kb, segment.Key(unsafe.String(unsafe.SliceData(text), len(text)))...)
}

// textLen is the length of term t's text (appendText).
func (ix *Index) textLen(t *term) int {
	if t.pair() {
		n := len(ix.texts[ix.terms[t.a].a]) + len(ix.texts[ix.terms[t.b].a])
		if ix.wordPair(t) {
			n++
		}
		return n
	}
	return len(ix.texts[t.a])
}

// group returns the group of key k, added if it is new (k is copied).
func (tg *termGroups) group(k []byte) uint32 {
	if g, ok := tg.byKey[string(k)]; ok {
		return g
	}
	return tg.add(string(k))
}

// add adds a group of key k, which is not one yet.
func (tg *termGroups) add(k string) uint32 {
	g := uint32(len(tg.keys))
	tg.byKey[k] = g
	tg.keys = append(tg.keys, k)
	tg.size = append(tg.size, 0)
	tg.count = append(tg.count, 0)
	return g
}

// addTerm counts term i, whose text is text bytes long, in group g: its
// size in the shard, and where its postings go (mark).
func (ix *Index) addTerm(tg *termGroups, i, g uint32, text int, mark []byte, encOff []uint32) {
	tg.count[g]++
	size, postings := text+6, int(encOff[i+1]-encOff[i])
	tg.termText += text
	if ix.spills(&ix.terms[i]) {
		// "@<n>" in the shard, the postings in a file of their own.
		mark[i] = '@'
		size += 6
		tg.spilled += postings + 24
		tg.spills++
	} else {
		size += postings
	}
	tg.size[g] += size
	tg.total += size
}

// merge adds to tg, the groups of a range of terms, those of the range
// after it (next), whose terms' groups are groupOf: a key next met first is
// numbered after every one of tg's, in the order next met them.
func (tg *termGroups) merge(next termGroups, groupOf []uint32) {
	to := make([]uint32, len(next.keys))
	for g, k := range next.keys {
		id, ok := tg.byKey[k]
		if !ok {
			id = tg.add(k)
		}
		to[g] = id
		tg.size[id] += next.size[g]
		tg.count[id] += next.count[g]
	}
	for i, g := range groupOf {
		if g != noGroup {
			groupOf[i] = to[g]
		}
	}
	tg.total += next.total
	tg.termText += next.termText
	tg.spilled += next.spilled
	tg.spills += next.spills
}

// blockCount is what packBlock says of a set of docs.
type blockCount struct {
	block         rune
	whole, packed int
}

func countBlock(docs []*Doc) blockCount {
	b, w, p := packBlock(docs)
	return blockCount{b, w, p}
}

// bundleCut is where a doc's snippet parts are: the text bundle of its
// first part (-1: none), and for each later part whether it starts the
// next bundle ('1') or is in the same ('0').
type bundleCut struct {
	bundle int
	steps  []byte
}

// apart is files written apart from the buffers Encode writes into,
// beside them, each ended (end) as a pack holds it: in one byte a letter
// of block, unless 0. Encode appends them file by file (appendApart).
type apart struct {
	data    []byte
	ends    []int // where each file ends in data
	block   rune
	scratch []byte
}

// end ends the file written since the previous one ended.
func (a *apart) end() {
	at := 0
	if len(a.ends) > 0 {
		at = a.ends[len(a.ends)-1]
	}
	if a.block != 0 {
		a.data = packTail(a.data, at, a.block, &a.scratch)
	}
	a.ends = append(a.ends, len(a.data))
}

// textBundles is the text bundles written apart (Encode, beside the
// shards), the docs' cuts and how many bundles there are.
type textBundles struct {
	apart
	cuts []bundleCut
	n    int
}

// writeBundles appends to *dst the text bundles of the index's docs:
// their parts in doc order, a new bundle once one holds textBytes, each a
// file (SpeanSearch.t), end called after each. It returns each doc's cut
// and the number of bundles.
func (ix *Index) writeBundles(dst *[]byte, textBytes int, end func()) ([]bundleCut, int) {
	cuts := make([]bundleCut, len(ix.Docs))
	bundles, open := 0, -1 // open: where the bundle being written starts
	flush := func() {
		if open >= 0 {
			*dst = append(*dst, "});\n"...)
			end()
			bundles++
			open = -1
		}
	}
	for d, doc := range ix.Docs {
		cuts[d].bundle = -1 // no text: no snippet
		for k, text := range doc.Parts {
			if open >= 0 && len(*dst)-open >= textBytes {
				flush()
			}
			b := *dst
			if open < 0 {
				open = len(b)
				b = fmt.Appendf(b, "SpeanSearch.t(%d,{", bundles)
				if k > 0 {
					cuts[d].steps = append(cuts[d].steps, '1')
				}
			} else {
				b = append(b, ',')
				if k > 0 {
					cuts[d].steps = append(cuts[d].steps, '0')
				}
			}
			if k == 0 {
				cuts[d].bundle = bundles
			}
			b = append(b, '"')
			b = strconv.AppendInt(b, int64(d), 10)
			b = append(b, '.')
			b = strconv.AppendInt(b, int64(k), 10)
			b = append(b, '"', ':')
			*dst = appendJSONString(b, text) // as json.Marshal: safe in a script
		}
	}
	flush()
	return cuts, bundles
}

// shardWriter writes the shards of an index being encoded (Encode): each
// key of shard sh in order[perShard[sh-1]:perShard[sh]], its terms and
// their postings, or the number of the file that holds them ("@<n>",
// "#<n>": the spills, numbered in the order written).
type shardWriter struct {
	ix          *Index
	keys        []string
	members     []uint32
	glo, ghi    []uint32
	subs        map[uint32][]uint32
	mark        []byte
	enc         []byte
	encOff      []uint32
	order       []uint32
	perShard    []uint32
	spillBase   int    // the number of the first spill write appends
	buf, quoted []byte // scratch
	ids         []uint32
	sink        uint32 // what ahead read, so that its reads are kept
	// shards is how many there are; prints, when not nil, gets each
	// one's fingerprint, and prev, when not nil, is the previous build's
	// shards to copy where they are the same (shards.go); reused counts
	// those copied.
	shards int
	prints []uint64
	prev   *shardReuse
	reused int
}

// groups returns the range of order that shard sh's keys take.
func (w *shardWriter) groups(sh int) (from, to int) {
	if sh > 0 {
		from = int(w.perShard[sh-1])
	}
	return from, int(w.perShard[sh])
}

// write appends shard sh to dst, as a file written file by file holds it,
// and its spills to spills, numbered from spillBase+len(spills); packed
// says it appended the previous build's shard, as its pack holds it (a
// byte a letter of its block, see packtext.go).
func (w *shardWriter) write(dst []byte, sh int, spills []uint32) (_ []byte, _ []uint32, packed bool) {
	ix, keys, members := w.ix, w.keys, w.members
	from, to := w.groups(sh)
	if w.prints != nil || w.prev != nil {
		own, prev, same := w.print(sh, from, to, w.spillBase+len(spills))
		if w.prints != nil {
			w.prints[sh] = own
		}
		if same && prev == w.prev.print(sh) {
			for at := from; at < to; at++ {
				gi := w.order[at]
				for _, id := range members[w.glo[gi]:w.ghi[gi]] {
					if w.mark[id] != 0 {
						spills = append(spills, id)
					}
				}
			}
			w.reused++
			return append(dst, w.prev.pack.files(sh, sh+1)...), spills, true
		}
	}
	dst = fmt.Appendf(dst, "SpeanSearch.s(%d,'{", sh)
	// The shard's terms in the order written, so that each can be read
	// ahead of its turn (ahead).
	w.ids = w.ids[:0]
	for at := from; at < to; at++ {
		gi := w.order[at]
		w.ids = append(w.ids, members[w.glo[gi]:w.ghi[gi]]...)
	}
	next := 0 // the shard's terms written so far
	for at := from; at < to; at++ {
		gi := w.order[at]
		key := keys[gi]
		if at > from {
			dst = append(dst, ',')
		}
		// The JSON is in a string in single quotes: its strings are
		// escaped for it (appendQuoted); the rest has no quote or
		// backslash.
		w.quoted = appendJSONString(w.quoted[:0], key)
		dst = appendQuoted(dst, w.quoted)
		dst = append(dst, ':', '{')
		// A sub-bucket's key is "~" and the text its terms start with
		// (splitCrowded), what their rest follows.
		base := strings.TrimPrefix(key, "~")
		for k, id := range members[w.glo[gi]:w.ghi[gi]] {
			w.ahead(next + lookAhead)
			next++
			t := &ix.terms[id]
			if k > 0 {
				dst = append(dst, ',')
			}
			// The key is a prefix of the term unless tone marks were
			// dropped from it: then the whole term is kept, after "=",
			// which no term holds (it is a separator).
			w.buf = ix.appendText(w.buf[:0], t)
			if text := string(w.buf); strings.HasPrefix(text, base) {
				w.quoted = appendJSONString(w.quoted[:0], text[len(base):])
			} else {
				w.quoted = appendJSONString(w.quoted[:0], "="+text)
			}
			dst = appendQuoted(dst, w.quoted)
			dst = append(dst, ':', '"')
			if c := w.mark[id]; c != 0 {
				dst = append(dst, c)
				dst = strconv.AppendInt(dst, int64(w.spillBase+len(spills)), 10)
				spills = append(spills, id)
			} else {
				dst = append(dst, w.enc[w.encOff[id]:w.encOff[id+1]]...)
			}
			dst = append(dst, '"')
		}
		for k, sg := range w.subs[gi] {
			if k > 0 || w.ghi[gi] > w.glo[gi] {
				dst = append(dst, ',')
			}
			w.quoted = appendJSONString(w.quoted[:0], "~"+keys[sg][1+len(base):])
			dst = appendQuoted(dst, w.quoted)
			dst = append(dst, ':', '"', '"')
		}
		dst = append(dst, '}')
	}
	return append(dst, "}');\n"...), spills, false
}

// lookAhead is how many terms ahead of the one written write reads the
// next's data. A shard's terms are in key order, their data in term
// order: each term's is a few lines of memory no cache holds, and read
// only as its turn comes, one term's wait followed another's.
const lookAhead = 8

// ahead reads the data of the shard's j-th term to write (w.ids), so that
// it is in the cache when its turn comes: independent of the writing, the
// processor waits for several at once.
func (w *shardWriter) ahead(j int) {
	if j >= len(w.ids) {
		return
	}
	id := w.ids[j]
	ix := w.ix
	t := &ix.terms[id]
	s := uint32(w.mark[id])
	// The term's text: its own, or its clusters' (appendText).
	a := t.a
	if t.pair() {
		a = ix.terms[t.a].a
		s += uint32(len(ix.texts[ix.terms[t.b].a]))
	}
	if txt := ix.texts[a]; len(txt) > 0 {
		s += uint32(txt[0])
	}
	if o := w.encOff[id]; int(o) < len(w.enc) {
		s += uint32(w.enc[o])
	}
	w.sink += s
}

// shardHalf is shards written apart from the rest (shardWriter.half), and
// their spills, numbered from spillStart.
type shardHalf struct {
	apart
	spills     []uint32
	spillStart int
	reused     int
}

// half writes shards [from, to) as a pack holds them (in one byte a letter
// of block, unless 0), their spills numbered after those of the shards
// before from, which it counts. Run beside the writer of the other shards,
// w must be a copy with scratch of its own. room is the bytes to make room
// for at once.
func (w *shardWriter) half(from, to int, block rune, room int) shardHalf {
	c := w
	lo, _ := c.groups(from)
	for _, gi := range c.order[:lo] {
		for _, id := range c.members[c.glo[gi]:c.ghi[gi]] {
			if c.mark[id] != 0 {
				c.spillBase++
			}
		}
	}
	h := shardHalf{apart: apart{data: make([]byte, 0, room), block: block}, spillStart: c.spillBase}
	for sh := from; sh < to; sh++ {
		var packed bool
		h.data, h.spills, packed = c.write(h.data, sh, h.spills)
		if packed {
			h.ends = append(h.ends, len(h.data))
		} else {
			h.end()
		}
	}
	h.reused = c.reused
	return h
}

// groups are the buckets of an index being encoded: each key, its size in
// its shard near enough, and its terms, members[lo[g]:hi[g]] of the
// members array Encode sorts by group; subs lists the sub-buckets of a
// crowded key's (splitCrowded).
type groups struct {
	keys   []string
	size   []int
	lo, hi []uint32
	subs   map[uint32][]uint32
}

// splitCrowded divides crowded buckets, and returns the bytes that adds.
// A query loads the bucket of each key it looks up whole, and a key is
// what a last cluster still being typed knows (segment.Key): on the
// 10,000-page site one Lao key held 208 terms and one Burmese key 526,
// 5–16 KB of names and short lists once long lists were files of their
// own, of which a query matched a few. So the bucket of a Thai, Lao,
// Khmer or Burmese key over limit bytes keeps only the terms that are the
// key itself, and files the others by their text, without tone marks, up
// to one letter past the key: each such text, after "~", is the key of a
// bucket of its own, in the shard its key hashes to, split again in the
// same way while over limit. The bucket names each sub-bucket by that
// letter ({"~ກ":""}), and search.js loads a sub-bucket only if a term it
// looks up could be in it: the term starts with its text, or, still being
// typed, is the start of it. Tone marks are left out as the key leaves
// them out, so that matching without them (Thai, Lao) still finds every
// spelling. Latin keys are not split: an English word misspelt after its
// key is looked for in the key's whole bucket (near1 in search.js).
// members is reordered within each bucket split: its own terms first,
// then each sub-bucket's, every run in term order.
func (ix *Index) splitCrowded(gr *groups, members []uint32, postings func(id uint32) int, limit int, twoCores bool) (added int) {
	// On the 10,000-page site most non-Latin terms are in crowded buckets
	// (a language's million cluster pairs under some ten thousand keys),
	// so a member is its letter past the bucket's text and its size, found
	// without a string made per term.
	type member struct {
		next rune // the letter its sub-bucket adds, 0 for a term that is the key
		id   uint32
		size int32
	}
	first := len(gr.keys)
	crowded := func(g int) (base string, ok bool) {
		if gr.size[g] <= limit {
			return "", false
		}
		base = strings.TrimPrefix(gr.keys[g], "~")
		return base, !isLatin(base) && !strings.Contains(base, " ")
	}
	// fill sets each member of group g's letter past base and its size.
	// A member of a key's own group (before first) has the letter past
	// its key, which the previous build may have kept (keptKeys.letter)
	// and this one keeps (ix.letters).
	fill := func(ms []member, g int, base string, buf []byte) ([]member, []byte) {
		for _, id := range members[gr.lo[g]:gr.hi[g]] {
			t := &ix.terms[id]
			var next rune
			if g < first {
				next = ix.keyed.letter(id)
			}
			if next < 0 {
				buf = ix.appendText(buf[:0], t)
				next = nextLetter(buf, base)
			}
			if g < first && ix.letters != nil {
				ix.letters[id] = keepLetter(next)
			}
			ms = append(ms, member{next, id, int32(ix.textLen(t) + 6 + postings(id))})
		}
		return ms, buf
	}
	// With a core free, the members of the groups crowded at first are
	// found on both (about 90 ms of a Lao rebuild's index on the
	// 10,000-page site, on one core), each half of the groups by one,
	// into ready, in member order; the buckets split off them are found
	// below as they are made.
	var ready []member
	if twoCores {
		ready = make([]member, len(members))
		half := func(from, to int) {
			var buf []byte
			for g := from; g < to; g++ {
				if base, ok := crowded(g); ok {
					lo := gr.lo[g]
					_, buf = fill(ready[lo:lo:gr.hi[g]], g, base, buf)
				}
			}
		}
		mid := first / 2
		done := make(chan struct{})
		go func() { half(mid, first); close(done) }()
		half(0, mid)
		<-done
	}
	var (
		buf []byte
		ms  []member
	)
	// New buckets are appended, and the loop reaches them too.
	for g := 0; g < len(gr.keys); g++ {
		base, ok := crowded(g)
		if !ok {
			continue
		}
		if g < first && ready != nil {
			ms = append(ms[:0], ready[gr.lo[g]:gr.hi[g]]...)
		} else {
			ms, buf = fill(ms[:0], g, base, buf)
		}
		slices.SortStableFunc(ms, func(a, b member) int { return int(a.next) - int(b.next) })
		if ms[0].next == ms[len(ms)-1].next {
			continue // one bucket either way
		}
		at := gr.lo[g]
		gr.size[g], gr.hi[g] = 0, gr.lo[g]
		for i := 0; i < len(ms); {
			j, n := i, 0
			for ; j < len(ms) && ms[j].next == ms[i].next; j++ {
				members[at] = ms[j].id
				at++
				n += int(ms[j].size)
			}
			if ms[i].next == 0 {
				gr.hi[g] = at
				gr.size[g] += n
			} else {
				sub := base + string(ms[i].next)
				gr.subs[uint32(g)] = append(gr.subs[uint32(g)], uint32(len(gr.keys)))
				gr.keys = append(gr.keys, "~"+sub)
				gr.size = append(gr.size, n)
				gr.lo = append(gr.lo, at-uint32(j-i))
				gr.hi = append(gr.hi, at)
				ref := len(sub) - len(base) + 6 // ,"~x":""
				gr.size[g] += ref
				added += ref
			}
			i = j
		}
	}
	return added
}

// nextLetter is the letter of text after base, both without Thai and Lao
// tone marks, or 0 if text is base or does not start with it.
func nextLetter(text []byte, base string) rune {
	for len(text) > 0 {
		r, w := utf8.DecodeRune(text)
		text = text[w:]
		if segment.IsTone(r) {
			continue
		}
		if base == "" {
			return r
		}
		b, bw := utf8.DecodeRuneInString(base) // a key has no tone marks
		if b != r {
			return 0
		}
		base = base[bw:]
	}
	return 0
}

// appendQuoted appends JSON text q escaped for a JavaScript string in
// single quotes: a backslash before each backslash and quote. The JSON has
// no line breaks (its strings escape them, U+2028 and U+2029 too).
func appendQuoted(b, q []byte) []byte {
	for {
		i := bytes.IndexAny(q, `\'`)
		if i < 0 {
			return append(b, q...)
		}
		b = append(append(b, q[:i]...), '\\', q[i])
		q = q[i+1:]
	}
}

// PostingsFormat numbers the postings encoding below; search.js names the
// one it reads in a line "spean:postings-format N". A theme with a search.js
// of its own that reads another would find wrong pages without a word, so
// the build stops instead (see checkFormat). 2 added the spaced positions;
// 3 the postings of common words in files of their own ("@<n>").
const PostingsFormat = 3

// formatMark starts the line of search.js that names its postings format.
const formatMark = "spean:postings-format "

// checkFormat reports whether a theme's search.js reads the postings this
// generator writes, and the line that says what it reads (0 for none).
func checkFormat(src []byte) (ok bool, line int) {
	want := []byte(formatMark + strconv.Itoa(PostingsFormat))
	for i, l := range bytes.Split(src, []byte("\n")) {
		if j := bytes.Index(l, []byte(formatMark)); j >= 0 {
			return bytes.Equal(bytes.TrimSpace(l[j:]), want), i + 1
		}
	}
	return false, 0
}

// encodePostings writes every term's postings (see putNum): doc delta,
// weight<<flagBits|flags, count<<1|spaced, position deltas and, when spaced
// is 1, which positions are a pair across a space (bit i for the i-th),
// for each page. Term i's are enc[off[i]:off[i+1]]. A term on more than
// maxDocsWithPositions pages keeps at most fewPositions positions a page.
//
// The run holds them in page order; two passes over it put them in term
// order with no array per posting: the first adds up what each term's
// take, the second writes each where its term's have got to. off serves
// first as the terms' sizes, then as their cursors, and last, shifted by
// one, as the result; term.cur holds the last page written of each term.
func (ix *Index) encodePostings(split bool) (enc []byte, off []uint32) {
	if split && len(ix.runEnd) >= 2 {
		return ix.encodePostingsSplit()
	}
	off = make([]uint32, len(ix.terms)+1)
	// Sized by writing each posting once into scratch: the same code as
	// the second pass, so the sizes cannot drift from what is written.
	var scratch [maxPostingLen]byte
	ix.eachPosting(0, len(ix.runEnd), nil, func(t uint32, delta uint32, wf uint32, pos []uint32, mask uint32) {
		off[t+1] += putPosting(scratch[:], delta, wf, pos, mask)
	})
	for i := 1; i < len(off); i++ {
		off[i] += off[i-1]
	}
	enc = make([]byte, off[len(off)-1])
	ix.eachPosting(0, len(ix.runEnd), nil, func(t uint32, delta uint32, wf uint32, pos []uint32, mask uint32) {
		off[t] += putPosting(enc[off[t]:], delta, wf, pos, mask)
	})
	copy(off[1:], off[:len(off)-1])
	off[0] = 0
	return enc, off
}

// encodePostingsSplit is encodePostings on two cores, for an index built
// while a core is free (Options.helpers: the one language a rebuild
// indexes): each half of the pages' postings is sized and written by a
// goroutine of its own, the second half after the first in each term's
// postings. A term's first posting in the second half counts its pages
// from the term's last page in the first, which the first goroutine finds
// only as it goes: the second sizes that posting as if it came first and
// corrects the size once both are done. Two passes over the run were 0.6
// of the 2.8 seconds a Lao page's edit spent indexing Lao, on one core.
func (ix *Index) encodePostingsSplit() (enc []byte, off []uint32) {
	n, mid := len(ix.terms), len(ix.runEnd)/2
	size1 := make([]uint32, n+1) // becomes off
	size2 := make([]uint32, n)
	last1 := make([]int32, n) // first half: a term's last page
	last2 := make([]int32, n) // second half: a term's previous page, then first
	first2 := make([]int32, n)
	for i := range last2 {
		last1[i], last2[i], first2[i] = -1, -1, -1
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		var scratch [maxPostingLen]byte
		ix.eachPosting(0, mid, last1, func(t uint32, delta uint32, wf uint32, pos []uint32, mask uint32) {
			size1[t+1] += putPosting(scratch[:], delta, wf, pos, mask)
		})
	})
	wg.Go(func() {
		var scratch [maxPostingLen]byte
		ix.eachPosting(mid, len(ix.runEnd), last2, func(t uint32, delta uint32, wf uint32, pos []uint32, mask uint32) {
			if first2[t] < 0 {
				first2[t] = int32(delta) // from no page before: its page
			}
			size2[t] += putPosting(scratch[:], delta, wf, pos, mask)
		})
	})
	wg.Wait()
	// last1 holds each term's last page in the first half, and size1 its
	// postings' sizes, one slot on (off[t+1]).
	for t := range n {
		if f := first2[t]; f >= 0 && last1[t] >= 0 {
			size2[t] = uint32(int(size2[t]) + numLen(uint32(f-last1[t]-1)) - numLen(uint32(f)))
		}
	}
	off = size1
	for t := range n {
		off[t+1] += off[t] + size2[t]
	}
	enc = make([]byte, off[n])
	// Where each half writes each term: the first from its start, the
	// second after the first's postings. The second half counts pages
	// from the first's last (last1) from the start.
	at1 := make([]uint32, n)
	for t := range n {
		at1[t], size2[t] = off[t], off[t+1]-size2[t]
	}
	at2 := size2
	for i := range last2 {
		last2[i] = last1[i]
		last1[i] = -1
	}
	wg.Go(func() {
		ix.eachPosting(0, mid, last1, func(t uint32, delta uint32, wf uint32, pos []uint32, mask uint32) {
			at1[t] += putPosting(enc[at1[t]:], delta, wf, pos, mask)
		})
	})
	wg.Go(func() {
		ix.eachPosting(mid, len(ix.runEnd), last2, func(t uint32, delta uint32, wf uint32, pos []uint32, mask uint32) {
			at2[t] += putPosting(enc[at2[t]:], delta, wf, pos, mask)
		})
	})
	wg.Wait()
	return enc, off[:n+1]
}

// maxPostingLen is the most bytes putPosting writes: doc delta, weight and
// flags, count, every position and the mask, 7 characters each at most.
const maxPostingLen = (3 + maxPositions + 1) * 7

// putPosting writes one page's posting of a term at the start of b (see
// encodePostings) and returns how many bytes it wrote.
func putPosting(b []byte, delta, wf uint32, pos []uint32, mask uint32) uint32 {
	at := putNum(b, delta)
	at += putNum(b[at:], wf)
	at += putNum(b[at:], uint32(len(pos))<<1|min(mask, 1))
	prev := uint32(0)
	for _, q := range pos {
		at += putNum(b[at:], q-prev)
		prev = q
	}
	if mask != 0 {
		at += putNum(b[at:], mask)
	}
	return at
}

// eachPosting calls f with every posting of pages [from, to) in the run,
// in page order: its term, the pages between it and the term's previous
// one, its weight and flags, its positions (cut to fewPositions when the
// term is on more than maxDocsWithPositions pages) and which of them are
// a pair across a space. last holds each term's previous page (-1 for
// none) and is kept up to date; nil keeps it in the terms (term.cur),
// from none.
func (ix *Index) eachPosting(from, to int, last []int32, f func(t uint32, delta uint32, wf uint32, pos []uint32, mask uint32)) {
	if last == nil {
		for i := range ix.terms {
			ix.terms[i].cur = -1
		}
	}
	var buf [maxPositions]uint32
	r, at := ix.run, 0
	if from > 0 {
		at = int(ix.runEnd[from-1])
	}
	num := func() uint32 {
		v, n := binary.Uvarint(r[at:])
		at += n
		return uint32(v)
	}
	for doc := from; doc < to; doc++ {
		end := ix.runEnd[doc]
		for at < int(end) {
			t := num()
			wf := num()
			cs := num()
			pos := buf[:cs>>1]
			prev := uint32(0)
			for i := range pos {
				prev += num()
				pos[i] = prev
			}
			var mask uint32
			if cs&1 != 0 {
				mask = num()
			}
			term := &ix.terms[t]
			if term.df == 0 {
				continue // dropped (commonPairs)
			}
			wf, pos, mask = capPositions(term.df, wf, pos, mask)
			if last == nil {
				f(t, uint32(int32(doc)-term.cur-1), wf, pos, mask)
				term.cur = int32(doc)
			} else {
				f(t, uint32(int32(doc)-last[t]-1), wf, pos, mask)
				last[t] = int32(doc)
			}
		}
	}
}

// capPositions cuts the positions of a posting of a term on df pages to
// fewPositions when df is over maxDocsWithPositions, and flags it so.
func capPositions(df int32, wf uint32, pos []uint32, mask uint32) (uint32, []uint32, uint32) {
	if df > maxDocsWithPositions && len(pos) > fewPositions {
		pos = pos[:fewPositions]
		wf |= flagCapped
		mask &= 1<<fewPositions - 1
	}
	return wf, pos, mask
}

// noGroup is the group of a term not written.
const noGroup = ^uint32(0)

// appendDocRow appends a doc chunk's row of doc: the JSON array [href,
// title, section, bundle, steps], or [bundle, steps] when its page is
// listed on the search page (Options.Listed), as json.Marshal writes it.
// By hand: json.Marshal of the 10,000-page site's 2,009 Lao rows took
// 3.7 ms, these 0.7 ms (a benchmark of that many rows of Lao titles), on
// the path a rebuild waits for.
func appendDocRow(b []byte, doc *Doc, cut bundleCut, listed bool) []byte {
	b = append(b, '[')
	if !listed {
		b = appendJSONString(b, doc.Href)
		b = append(b, ',')
		b = appendJSONString(b, doc.Title)
		b = append(b, ',')
		b = appendJSONString(b, doc.Section)
		b = append(b, ',')
	}
	b = strconv.AppendInt(b, int64(cut.bundle), 10)
	b = append(b, ',')
	b = appendJSONString(b, string(cut.steps))
	return append(b, ']')
}

// appendJSONString appends s as a JSON string, escaped as encoding/json
// escapes it (<, >, & and U+2028, U+2029 too, so it is safe in a script),
// without the reflection and copies of json.Marshal.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		// A letter of three bytes, well formed and not U+2028 or U+2029,
		// is copied as it is without decoding it: the snippet text of
		// Thai, Lao, Khmer and Burmese is nearly all such letters, and
		// decoding each was most of the time this took.
		if i+2 < len(s) && c >= 0xE0 && c <= 0xEF && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 &&
			(c != 0xE0 || s[i+1] >= 0xA0) && (c != 0xED || s[i+1] < 0xA0) && (c != 0xE2 || s[i+1] != 0x80 || s[i+2]&0xFE != 0xA8) {
			i += 3
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
