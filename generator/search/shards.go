package search

import (
	"encoding/binary"
	"math/bits"
	"slices"

	"spean/generator/publish"
)

// A rebuild after one page's edit writes every shard of the language's
// index again, though the page's terms are in about a thousand of the
// 10,000-page site's 71,545 Lao shards: writing them (their keys and
// terms as JSON, the postings copied, the text a byte a letter) was about
// 0.45 of the 1.2 CPU-seconds that index took. A shard is the same bytes
// as the previous build's when it holds the same keys and terms in the
// same order, each term with the postings it had there, marked to the
// same postings file; so a packed index (pack.go) keeps each shard's
// fingerprint (shardWriter.print) in its segments file (segments.go), and
// a rebuild that spliced the postings (splice.go) copies from the
// previous pack each shard whose terms are all the previous index's,
// none of them with postings the changed pages changed, and whose fingerprint by
// the previous index's term ids is the one kept. The files are byte for
// byte a clean build's: the shards a fingerprint cannot vouch for are
// written as before.

// shardReuse is what copying the previous build's shards needs: its pack,
// the fingerprints of its shards, and, for each term of this index, its
// id in the previous one (noID: none) and whether the changed pages
// changed its postings (splice.touched, once spliced).
type shardReuse struct {
	pack    *Pack
	prints  []byte
	prevOf  []uint32
	touched []bool
}

// keptKeys is what grouping the terms by key (groupKept) takes from the
// previous build: its keys, each of its terms' (a little-endian uint32,
// noGroup for a term it did not write), and each term of this index's id
// in it (noID: none).
type keptKeys struct {
	keys    []string
	keyOf   []byte
	letters []byte
	prevOf  []uint32
}

// key is the number of the previous build's key of this index's term i,
// or noGroup.
func (kk *keptKeys) key(i uint32) uint32 {
	p := kk.prevOf[i]
	if p == noID {
		return noGroup
	}
	return binary.LittleEndian.Uint32(kk.keyOf[4*p:])
}

// letter is the letter past its key of this index's term i in a crowded
// bucket (splitCrowded: 0 for none) as the previous build kept it, or -1
// when it did not (nor is there one to ask: kk nil).
func (kk *keptKeys) letter(i uint32) rune {
	if kk == nil {
		return -1
	}
	p := kk.prevOf[i]
	if p == noID {
		return -1
	}
	return rune(binary.LittleEndian.Uint16(kk.letters[2*p:])) - 1
}

// keepLetter is a letter past a key as a segments file keeps it: one
// more, in 16 bits; 0 (not kept) for a letter past the Basic Multilingual
// Plane, which no crowded key's script has.
func keepLetter(r rune) uint16 {
	if r+1 > 0xFFFF {
		return 0
	}
	return uint16(r + 1)
}

// fits reports whether the previous shards can stand for this index's:
// as many, written in the same block.
func (r *shardReuse) fits(shards int, block rune) bool {
	return r.pack.counts[0] == shards && r.pack.block == block && len(r.prints) == 8*shards
}

// print is the kept fingerprint of the previous build's shard sh.
func (r *shardReuse) print(sh int) uint64 {
	return binary.LittleEndian.Uint64(r.prints[8*sh:])
}

// mix adds v to fingerprint h: the round of xxHash64, whose multiply and
// rotate spread every bit of v over h.
func mix(h, v uint64) uint64 {
	const p1, p2 = 0x9E3779B185EBCA87, 0xC2B2AE3D27D4EB4F
	return bits.RotateLeft64(h^(v*p2), 31) * p1
}

// keyPrint is FNV-1a over a key's bytes, 64 bits.
func keyPrint(key string) uint64 {
	h := uint64(0xcbf29ce484222325)
	for i := 0; i < len(key); i++ {
		h = (h ^ uint64(key[i])) * 0x100000001b3
	}
	return h
}

// groupEnd ends a key's terms in a fingerprint.
const groupEnd = ^uint64(0)

// print returns the fingerprint of shard sh, whose keys are order[from:to]
// and whose first spill is numbered spill, by the terms' ids in this index
// (own) and, when there is a previous build's to copy (w.prev), by their
// ids in the previous one (prev); same reports whether every term of it
// is the previous index's and untouched, so that its postings are those
// the previous build wrote. A fingerprint takes in everything a shard's
// bytes are made of: its number and the shards' count, each key, each
// term (which gives its text and postings) with its mark and spill
// number, each sub-bucket's key.
func (w *shardWriter) print(sh, from, to, spill int) (own, prev uint64, same bool) {
	own = mix(uint64(sh), uint64(w.shards))
	prev, same = own, w.prev != nil
	for at := from; at < to; at++ {
		gi := w.order[at]
		k := keyPrint(w.keys[gi])
		own, prev = mix(own, k), mix(prev, k)
		for _, id := range w.members[w.glo[gi]:w.ghi[gi]] {
			m := uint64(w.mark[id])
			if m != 0 {
				m |= uint64(spill) << 8
				spill++
			}
			own = mix(mix(own, uint64(id)), m)
			if same {
				if p := w.prev.prevOf[id]; p == noID || w.prev.touched[id] {
					same = false
				} else {
					prev = mix(mix(prev, uint64(p)), m)
				}
			}
		}
		for _, sub := range w.subs[gi] {
			k := keyPrint(w.keys[sub])
			own, prev = mix(own, k), mix(prev, k)
		}
		own, prev = mix(own, groupEnd), mix(prev, groupEnd)
	}
	return own, prev, same
}

// appendEncoded appends what a segments file keeps of an index's files
// (Encode): the number of its keys and each key (its length, its text),
// each term's key (a little-endian uint32, noGroup for a term not
// written), each term's letter past its key (keepLetter, a little-endian
// uint16), the length of the files' version and the version, then each
// shard's fingerprint as a little-endian uint64.
func appendEncoded(b []byte, keys []string, keyOf []uint32, letters []uint16, version string, prints []uint64) []byte {
	// Grown once: a Lao index of the 1,000-page site writes about a
	// megabyte here at the end of a rebuild, on one core, and growing it
	// as it went (copies, and fresh memory faulted in each time) was most
	// of the 2 ms this took.
	n := binary.MaxVarintLen64 * (2 + len(keys))
	for _, k := range keys {
		n += len(k)
	}
	b = slices.Grow(b, n+4*len(keyOf)+2*len(letters)+len(version)+8*len(prints))
	b = binary.AppendUvarint(b, uint64(len(keys)))
	for _, k := range keys {
		b = binary.AppendUvarint(b, uint64(len(k)))
		b = append(b, k...)
	}
	at := len(b)
	b = b[:at+4*len(keyOf)]
	for i, k := range keyOf {
		binary.LittleEndian.PutUint32(b[at+4*i:], k)
	}
	at = len(b)
	b = b[:at+2*len(letters)]
	for i, l := range letters {
		binary.LittleEndian.PutUint16(b[at+2*i:], l)
	}
	b = binary.AppendUvarint(b, uint64(len(version)))
	b = append(b, version...)
	for _, p := range prints {
		b = binary.LittleEndian.AppendUint64(b, p)
	}
	return b
}

// readEncoded reads what appendEncoded wrote for an index of terms terms,
// or nothing; ok is false when it does not read whole or a term's key is
// none of the keys.
func readEncoded(f *keptFile, b []byte, terms int) bool {
	if len(b) == 0 {
		return true // an index not encoded (tests)
	}
	r := segReader{b: b}
	n := r.num()
	if n > uint64(len(b)) {
		return false
	}
	keys := make([]string, n)
	for i := range keys {
		keys[i] = r.str(int(min(r.num(), uint64(len(r.b)+1))))
	}
	keyOf := r.take(4 * terms)
	letters := r.take(2 * terms)
	version := r.bytes()
	if r.bad || len(r.b)%8 != 0 {
		return false
	}
	for i := 0; i < len(keyOf); i += 4 {
		if k := binary.LittleEndian.Uint32(keyOf[i:]); k != noGroup && uint64(k) >= n {
			return false
		}
	}
	f.termKeys, f.keyOf, f.letters, f.version, f.prints = keys, keyOf, letters, string(version), r.b
	return true
}

// previousPack opens the pack of lang's index the previous build wrote,
// whose version is version, from its files as they are (mapped where r
// can: release lets go of them), each of the size its note says. nil when
// there is none to open.
func previousPack(r publish.Reuser, lang, version string) (p *Pack, release func()) {
	release = func() {}
	note, ok := r.Recall(noteKey(lang))
	if !ok || version == "" {
		return nil, release
	}
	m, ok := parseMemo(note)
	if !ok || m.meta.Pack != "p."+version || len(m.names) < 2 {
		return nil, release
	}
	filesNote, _ := r.Recall(filesKey(lang))
	noted, ok := parseFiles(filesNote, len(m.names))
	if !ok {
		return nil, release
	}
	var releases []func()
	release = func() {
		for _, f := range releases {
			f()
		}
	}
	files := make([][]byte, len(m.names))
	for i, name := range m.names {
		b, free, ok := r.MapPrevious(fileOf(lang, name))
		releases = append(releases, free)
		if !ok || int64(len(b)) != noted[i].Size {
			return nil, release
		}
		files[i] = b
	}
	p, err := OpenPack(m.names[0], files[0], files[1:])
	if err != nil {
		return nil, release
	}
	return p, release
}
