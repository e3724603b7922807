package segment

// Script says which cluster rules made a segment. It is decided per
// character, never by the page's language: Thai pages quote English form
// names and Burmese pages quote Thai office names, and the index and the query
// must cut the same text the same way whatever page or reader it comes from.
type Script uint8

const (
	// Latin segments are words: runs of Latin letters and digits. Digits of
	// every script are folded to ASCII first, so they land here too.
	Latin Script = iota + 1
	Thai
	Lao
	Khmer
	Myanmar
)

var scriptNames = [...]string{"none", "latin", "thai", "lao", "khmer", "myanmar"}

func (s Script) String() string {
	if int(s) < len(scriptNames) {
		return scriptNames[s]
	}
	return "unknown"
}

// class is what a character does when text is cut into units and segments.
type class uint8

const (
	clsSep   class = iota // space, punctuation, symbol, emoji, other scripts: never indexed
	clsWord               // Latin letter or ASCII digit
	clsBase               // consonant or independent vowel of Thai, Lao, Khmer, Myanmar
	clsLead               // Thai or Lao vowel written before its consonant
	clsMark               // attaches to the character before it
	clsDigit              // script digit, folded to ASCII
	clsDrop               // invisible format character, removed
)

// info packs a character's class, script and mark rank. The rank orders the
// marks after one base (lower first); marks of equal rank keep their order.
// Rank 0 means "do not reorder" and is used for generic combining marks.
type info uint16

func (i info) class() class   { return class(i & 7) }
func (i info) script() Script { return Script(i >> 3 & 7) }
func (i info) rank() uint8    { return uint8(i >> 6) }

func mk(c class, s Script, rank uint8) info { return info(c) | info(s)<<3 | info(rank)<<6 }

var (
	word  = mk(clsWord, Latin, 0)
	drop  = mk(clsDrop, 0, 0)
	cmark = mk(clsMark, 0, 0) // generic combining mark: any script
)

func base(s Script) info             { return mk(clsBase, s, 0) }
func lead(s Script) info             { return mk(clsLead, s, 0) }
func digit(s Script) info            { return mk(clsDigit, s, 0) }
func mark(s Script, rank uint8) info { return mk(clsMark, s, rank) }

// span gives the info of the characters lo…hi. Characters in no span are
// separators (info 0): space, punctuation, symbols, emoji, unassigned code
// points, and the letters of scripts the table does not list. Among them are the repetition marks ๆ ໆ ៗ
// (a word boundary for search: "ทุกๆ" and "ทุก ๆ" must meet), ฯ ຯ, and
// Burmese ၊ ။. The JavaScript twin carries the same table; TestJSTable
// compares the two over every code point.
type span struct {
	lo, hi rune
	info   info
}

// The mark ranks write down the order a careful typist uses (and Unicode's
// recommended storage order): vowels below and above, then tone marks, then
// signs, then vowels written after the consonant. Where two marks both have a
// non-zero canonical combining class, their ranks agree with it, so NFC never
// undoes the sort.
var table = []span{
	{0x0030, 0x0039, word},
	{0x0041, 0x005A, word},
	{0x0061, 0x007A, word},
	{0x00AD, 0x00AD, drop}, // soft hyphen
	{0x00C0, 0x00D6, word},
	{0x00D8, 0x00F6, word},
	{0x00F8, 0x02AF, word},
	{0x0300, 0x036F, cmark},

	// Caseless alphabets written with spaces between words: letters make
	// words as Latin ones do, their combining marks (Hebrew points,
	// Arabic harakat) are generic marks, which search drops, and their
	// digits fold to ASCII. A site that adds Hebrew, Arabic, Persian or
	// Urdu is searchable with no code. Greek, Cyrillic and Armenian also
	// need their capitals folded, in Go and in segment.js alike, so they
	// are not listed yet.
	{0x0591, 0x05BD, cmark}, // Hebrew points and accents
	{0x05BF, 0x05BF, cmark},
	{0x05C1, 0x05C2, cmark},
	{0x05C4, 0x05C5, cmark},
	{0x05C7, 0x05C7, cmark},
	{0x05D0, 0x05EA, word},
	{0x05EF, 0x05F2, word},
	{0x0610, 0x061A, cmark}, // Arabic, Persian, Urdu
	{0x0620, 0x064A, word},
	{0x064B, 0x065F, cmark}, // harakat
	{0x0660, 0x0669, digit(Latin)},
	{0x066E, 0x066F, word},
	{0x0670, 0x0670, cmark},
	{0x0671, 0x06D3, word},
	{0x06D5, 0x06D5, word},
	{0x06D6, 0x06DC, cmark},
	{0x06DF, 0x06E4, cmark},
	{0x06E5, 0x06E6, word},
	{0x06E7, 0x06E8, cmark},
	{0x06EA, 0x06ED, cmark},
	{0x06EE, 0x06EF, word},
	{0x06F0, 0x06F9, digit(Latin)}, // the digits Persian and Urdu write
	{0x06FA, 0x06FF, word},

	// Thai
	{0x0E01, 0x0E2E, base(Thai)},
	{0x0E30, 0x0E30, mark(Thai, 5)},
	{0x0E31, 0x0E31, mark(Thai, 2)},
	{0x0E32, 0x0E33, mark(Thai, 5)},
	{0x0E34, 0x0E39, mark(Thai, 2)},
	{0x0E3A, 0x0E3A, mark(Thai, 1)}, // phinthu, ccc 9 (the vowels below are 103)
	{0x0E40, 0x0E44, lead(Thai)},
	{0x0E45, 0x0E45, mark(Thai, 5)},
	{0x0E47, 0x0E47, mark(Thai, 2)},
	{0x0E48, 0x0E4B, mark(Thai, 3)}, // tone marks, ccc 107
	{0x0E4C, 0x0E4C, mark(Thai, 4)},
	{0x0E4D, 0x0E4D, mark(Thai, 2)}, // nikhahit: vowel part of ำ
	{0x0E4E, 0x0E4E, mark(Thai, 4)},
	{0x0E50, 0x0E59, digit(Thai)},

	// Lao
	{0x0E81, 0x0EAE, base(Lao)},
	{0x0EB0, 0x0EB0, mark(Lao, 5)},
	{0x0EB1, 0x0EB1, mark(Lao, 2)},
	{0x0EB2, 0x0EB3, mark(Lao, 5)},
	{0x0EB4, 0x0EB9, mark(Lao, 2)},
	{0x0EBA, 0x0EBA, mark(Lao, 1)}, // ccc 9 (the vowels below are 118)
	{0x0EBB, 0x0EBB, mark(Lao, 2)},
	{0x0EBC, 0x0EBC, mark(Lao, 1)}, // semivowel lo, written right after the consonant
	{0x0EBD, 0x0EBD, mark(Lao, 5)},
	{0x0EC0, 0x0EC4, lead(Lao)},
	{0x0EC8, 0x0ECB, mark(Lao, 3)}, // tone marks, ccc 122
	{0x0ECC, 0x0ECC, mark(Lao, 4)},
	{0x0ECD, 0x0ECD, mark(Lao, 2)}, // niggahita: vowel part of ຳ
	{0x0ECE, 0x0ECE, mark(Lao, 4)},
	{0x0ED0, 0x0ED9, digit(Lao)},
	{0x0EDC, 0x0EDF, base(Lao)},

	// Myanmar. The Mon, Shan and Karen extensions (U+1050–U+109F) are bases
	// here: the languages served do not use them, and Zawgyi text, which
	// misuses them, only needs a deterministic cut.
	{0x1000, 0x102A, base(Myanmar)},
	{0x102B, 0x102C, mark(Myanmar, 8)},
	{0x102D, 0x102E, mark(Myanmar, 6)},
	{0x102F, 0x1030, mark(Myanmar, 7)},
	{0x1031, 0x1031, mark(Myanmar, 5)},
	{0x1032, 0x1032, mark(Myanmar, 6)},
	{0x1033, 0x1035, mark(Myanmar, 14)},
	{0x1036, 0x1036, mark(Myanmar, 9)},
	{0x1037, 0x1037, mark(Myanmar, 10)}, // ccc 7
	{0x1038, 0x1038, mark(Myanmar, 12)},
	{0x1039, 0x1039, mark(Myanmar, 13)}, // virama, ccc 9; last, as the next consonant stacks under it
	{0x103A, 0x103A, mark(Myanmar, 11)}, // asat, ccc 9
	{0x103B, 0x103B, mark(Myanmar, 1)},
	{0x103C, 0x103C, mark(Myanmar, 2)},
	{0x103D, 0x103D, mark(Myanmar, 3)},
	{0x103E, 0x103E, mark(Myanmar, 4)},
	{0x103F, 0x103F, base(Myanmar)},
	{0x1040, 0x1049, digit(Myanmar)},
	{0x104C, 0x108F, base(Myanmar)},  // ၌ ၍ ၎ ၏ are words, not punctuation
	{0x1090, 0x1099, digit(Myanmar)}, // Shan digits
	{0x109A, 0x109F, base(Myanmar)},

	// Khmer
	{0x1780, 0x17B3, base(Khmer)},
	{0x17B4, 0x17B5, drop}, // invisible inherent vowels, deprecated
	{0x17B6, 0x17C5, mark(Khmer, 2)},
	{0x17C6, 0x17C8, mark(Khmer, 3)},
	{0x17C9, 0x17CA, mark(Khmer, 1)}, // register shifters
	{0x17CB, 0x17CB, mark(Khmer, 3)},
	{0x17CC, 0x17CC, mark(Khmer, 1)}, // robat
	{0x17CD, 0x17D1, mark(Khmer, 3)},
	{0x17D2, 0x17D2, mark(Khmer, 4)}, // coeng, ccc 9: last, as the next consonant becomes its subscript
	{0x17D3, 0x17D3, mark(Khmer, 3)},
	{0x17DC, 0x17DC, base(Khmer)},
	{0x17DD, 0x17DD, mark(Khmer, 5)}, // ccc 230
	{0x17E0, 0x17E9, digit(Khmer)},

	{0x1AB0, 0x1AFF, cmark},
	{0x1DC0, 0x1DFF, cmark},
	{0x1E00, 0x1EFF, word},
	{0x200B, 0x200D, drop}, // zero-width space, non-joiner, joiner
	{0x2060, 0x2060, drop}, // word joiner
	{0x20D0, 0x20FF, cmark},
	{0xFE20, 0xFE2F, cmark},
	{0xFEFF, 0xFEFF, drop}, // byte order mark
}

// lowInfo caches the info of every character below U+1800 (ASCII, Latin,
// Thai, Lao, Myanmar, Khmer): almost all the text indexed.
var lowInfo [0x1800]info

func init() {
	for r := range rune(len(lowInfo)) {
		lowInfo[r] = lookup(r)
	}
}

func lookup(r rune) info {
	lo, hi := 0, len(table)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if table[m].hi < r {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(table) && table[lo].lo <= r {
		return table[lo].info
	}
	return 0
}

func infoOf(r rune) info {
	if uint32(r) < uint32(len(lowInfo)) {
		return lowInfo[r]
	}
	return lookup(r)
}

// isSpace reports the separators that do not end a phrase: Thai, Lao, Khmer
// and Burmese writers put spaces between phrases where a reader typing a
// query puts none, so the index pairs clusters across them.
func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\r', '\n', 0xA0, 0x202F, 0x205F, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}

// digitValue works for every clsDigit character: each script's zero sits at
// a multiple of 16 (๐ U+0E50, ໐ U+0ED0, ០ U+17E0, ၀ U+1040, Shan ႐ U+1090).
func digitValue(r rune) rune { return r & 0xF }
