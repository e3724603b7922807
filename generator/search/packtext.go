package search

import (
	"slices"
	"unicode/utf16"
	"unicode/utf8"
)

// A pack's files are read by range requests, which a server sends as they
// are, not compressed, and in UTF-8 a Thai, Lao, Khmer or Burmese letter
// is three bytes: the text bundles a snippet reads were three times their
// letters, and a first search on the 10,000-page site read up to 18 KB of
// a Lao pack. So a pack holds its files in one byte a letter, as the old
// national code pages did (TIS-620 for Thai): the letters of one block of
// 128 code points, the one its text uses most (packBlock), are the bytes
// 0x80–0xFF, in order; the rest of ASCII is itself; any other character,
// and 0x01, is 0x01 and then each of its UTF-16 code units, big-endian.
// search.js turns a file back into its text with a loop and the
// browser's own UTF-16 decoder; the offline copy's scripts (OfflineScript)
// are UTF-8 again, a zip compressing them anyway. No block: the files are
// UTF-8, as an index written file by file is.
//
// Measured on the 10,000-page site's Lao pack, against UTF-8: text
// bundles 0.41 of their bytes, doc chunks 0.65, shards 0.79 (their
// postings are ASCII), postings files 1.00; raw deflate of each file would
// make them 0.45, 0.83, 0.61 and 0.74, but needs DecompressionStream,
// which older phones' browsers lack, a fallback inflater for them and
// seconds of the build's CPU.

// packEscape starts a character outside the block.
const packEscape = 0x01

// blockOf is the block of 128 code points that holds r.
func blockOf(r rune) rune { return r &^ 0x7F }

// packBlock is the block of 128 code points (its first) whose letters the
// docs' text uses most, when writing it in one byte a letter makes the
// text shorter; 0, UTF-8, when it does not (a text with no or few letters
// outside ASCII, or in many blocks). In the block, a letter of n bytes in
// UTF-8 saves n-1; outside it, a letter costs three bytes a UTF-16 unit
// against its n. Only the Basic Multilingual Plane's blocks are
// candidates.
//
// It also says how long the docs' text is in UTF-8 and written in that
// block (Encode sizes its buffers by it; a 0x01 in the text, three bytes
// packed, is counted as one): the same when the block is 0.
//
// A letter of three bytes (Thai, Lao, Khmer, Burmese: every letter of
// the scripts a pack is for) is counted from its bytes, its block being
// its first two's; anything else is decoded as ranging over the text
// decodes it. Decoding every letter was 7.5 ms of a Lao rebuild of the
// 1,000-page site, on the path it waits for; counting so is twice as
// fast (BenchmarkPackBlock), and FuzzPackText holds it to the simple way.
func packBlock(docs []*Doc) (block rune, utf8Bytes, packedBytes int) {
	var c letterCount
	add := func(s string) {
		utf8Bytes += len(s)
		for i := 0; i < len(s); {
			b0 := s[i]
			if b0 < utf8.RuneSelf {
				i++
				continue
			}
			// Three bytes of a letter from U+0800 to U+FFFF but the
			// surrogates: no letter outside the BMP, one UTF-16 unit,
			// so an escape costs what the letter does (3*1 - 3).
			if b0 >= 0xE0 && b0 < 0xF0 && i+2 < len(s) {
				b1, b2 := s[i+1], s[i+2]
				if b1&0xC0 == 0x80 && b2&0xC0 == 0x80 && (b0 != 0xE0 || b1 >= 0xA0) && (b0 != 0xED || b1 < 0xA0) {
					c.count[rune(b0&0x0F)<<5|rune(b1&0x3F)>>1]++
					i += 3
					continue
				}
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			i += size
			c.add(r)
		}
	}
	for i := range docs {
		add(docs[i].Title)
		for _, p := range docs[i].Parts {
			add(p)
		}
	}
	block, packedBytes = c.block(utf8Bytes)
	return block, utf8Bytes, packedBytes
}

// letterCount counts the letters outside ASCII of a text by their block
// of 128 code points, and what they would cost as escapes (packBlock).
type letterCount struct {
	count [0x10000 >> 7]int
	extra int // what the escapes cost were no letter in a block
}

// add counts letter r, not ASCII.
func (c *letterCount) add(r rune) {
	n := utf8.RuneLen(r)
	if n < 0 { // not a letter: written as U+FFFD
		n = 3
	}
	c.extra += 3*utf16.RuneLen(r) - n
	if r < 0x10000 {
		c.count[r>>7]++
	}
}

// block is the block a text of utf8Bytes with the letters counted is
// written in (0: UTF-8), and how long it is written so.
func (c *letterCount) block(utf8Bytes int) (block rune, packedBytes int) {
	best := 1 // block 0 is ASCII, never chosen
	for b := 2; b < len(c.count); b++ {
		if c.count[b] > c.count[best] {
			best = b
		}
	}
	// A letter in the block is one byte where an escape is three: it
	// saves two on the escapes' cost (extra, what every letter outside
	// ASCII would cost as an escape).
	if c.extra-2*c.count[best] >= 0 {
		return 0, utf8Bytes
	}
	return rune(best) << 7, utf8Bytes + c.extra - 2*c.count[best]
}

// appendPacked appends the file src, UTF-8, as a pack whose block is
// block holds it (block not 0).
//
// A letter of the block in three bytes (every Thai, Lao, Khmer or Burmese
// letter in its own block) is found by its first two bytes and written
// from its last two, checked as UTF-8 as it goes; anything else is
// decoded. Decoding every letter made it 1.4 times as slow on Lao text
// (BenchmarkAppendPacked: 777 against 1,119 MB/s); FuzzPackText holds it
// to the simple way (appendPackedSimply).
func appendPacked(dst, src []byte, block rune) []byte {
	// Room for all of it: ASCII and the block's letters take as many
	// bytes or fewer, a letter of two bytes outside it three, of four
	// six.
	dst = slices.Grow(dst, len(src)+len(src)/2)
	hi := block >> 7 // a letter's block from its first two bytes
	for i := 0; i < len(src); {
		c := src[i]
		if c < utf8.RuneSelf && c != packEscape {
			dst = append(dst, c)
			i++
			continue
		}
		if c >= 0xE0 && c < 0xF0 && i+2 < len(src) {
			b1, b2 := src[i+1], src[i+2]
			if rune(c&0x0F)<<5|rune(b1&0x3F)>>1 == hi && b1&0xC0 == 0x80 && b2&0xC0 == 0x80 && (c != 0xE0 || b1 >= 0xA0) && (c != 0xED || b1 < 0xA0) {
				dst = append(dst, 0x80|(b1&1)<<6|b2&0x3F)
				i += 3
				continue
			}
		}
		r, n := utf8.DecodeRune(src[i:])
		i += n
		dst = appendPackedRune(dst, r, block)
	}
	return dst
}

// appendPackedRune appends r, decoded and not ASCII (or the escape byte),
// as a pack whose block is block holds it: a letter of the block in one
// byte, any other escaped in UTF-16.
func appendPackedRune(dst []byte, r, block rune) []byte {
	if blockOf(r) == block {
		return append(dst, byte(0x80+r-block))
	}
	if r1, r2 := utf16.EncodeRune(r); r1 != utf8.RuneError {
		return append(dst, packEscape, byte(r1>>8), byte(r1), packEscape, byte(r2>>8), byte(r2))
	}
	return append(dst, packEscape, byte(r>>8), byte(r))
}

// packTail rewrites b[at:], a file just written in UTF-8, as a pack whose
// block is block holds it (block not 0), through scratch: a letter outside
// the block can take more bytes packed than in UTF-8, so the file cannot
// be packed where it lies.
func packTail(b []byte, at int, block rune, scratch *[]byte) []byte {
	*scratch = appendPacked((*scratch)[:0], b[at:], block)
	return append(b[:at], *scratch...)
}

// appendUnpacked appends the UTF-8 text of src, a file of a pack whose
// block is block (not 0), as appendPacked wrote it. An escape cut short
// (a damaged file) ends it.
func appendUnpacked(dst, src []byte, block rune) []byte {
	// The block's letters in UTF-8, looked up: the zips read every pack
	// back (a quarter of a gigabyte on the 10,000-page site), and
	// utf8.AppendRune took a second of the build's CPU. Each is written
	// as four bytes into room made once, and the end moved by its size:
	// appending each letter's bytes was 0.36 CPU-s of that build.
	var letters [128][utf8.UTFMax]byte
	var sizes [128]uint8
	for c := range letters {
		sizes[c] = uint8(utf8.EncodeRune(letters[c][:], block+rune(c)))
	}
	// Room for the most src can make: a letter is at most 4 bytes, and an
	// escape of 3 or 6 bytes makes at most 3 or 4.
	w := len(dst)
	dst = slices.Grow(dst, utf8.UTFMax*len(src))
	dst = dst[:cap(dst)]
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c >= 0x80:
			l := &letters[c-0x80]
			dst[w], dst[w+1], dst[w+2], dst[w+3] = l[0], l[1], l[2], l[3]
			w += int(sizes[c-0x80])
		case c != packEscape:
			dst[w] = c
			w++
		case i+2 < len(src):
			u := rune(src[i+1])<<8 | rune(src[i+2])
			i += 2
			if utf16.IsSurrogate(u) && i+3 < len(src) && src[i+1] == packEscape {
				if r := utf16.DecodeRune(u, rune(src[i+2])<<8|rune(src[i+3])); r != utf8.RuneError {
					w += utf8.EncodeRune(dst[w:], r)
					i += 3
					continue
				}
			}
			w += utf8.EncodeRune(dst[w:], u)
		default:
			return dst[:w]
		}
	}
	return dst[:w]
}
