package zawgyi

import (
	"strings"
	"unicode/utf8"
)

// Convert rewrites Zawgyi-encoded Burmese text as Unicode. Text outside the
// Myanmar block passes through unchanged, so a page that mixes English and
// Zawgyi Burmese can be converted whole. Convert trusts its caller: it does
// not check that the input is Zawgyi (use Probability first),
// and Unicode Burmese given to it will be damaged. Invalid UTF-8 becomes
// U+FFFD, so the output is always valid UTF-8.
//
// The conversion runs in three ordered steps, each a set of rules:
//
//  1. Context rules on the raw text for look-alike digits that Zawgyi
//     typists use as letters: ၀ (zero) for ဝ (wa), ၇ (seven) for ရ (ra),
//     ၄ (four) for ၎ in ၎င်း.
//  2. Glyph rules, one per Zawgyi code point (zawgyiGlyphs): Zawgyi gives
//     its own meaning to part of the Myanmar block (U+1039 is the visible
//     killer, U+103A–103D are the medials) and adds glyph variants and
//     ligatures at U+105A–1097 (stacked consonants, kinzi, ra and ha
//     variants). Each becomes its Unicode sequence.
//  3. Reordering rules per syllable (reorder, syllable.write): Zawgyi
//     stores what is drawn, left to right, so the vowel sign ေ and the
//     medial ြ come before their consonant and kinzi after it; Unicode
//     stores the consonant first and its signs in a fixed order (Unicode
//     Technical Note #11). The same step drops doubled signs and builds
//     the letters Zawgyi writes with two glyphs (ဥ+ီ → ဦ, စ+ျ → ဈ,
//     ဥ+် → ဉ်).
//
// Step 3 is a single left-to-right pass rather than a cascade of regular
// expressions: Go's regexp (RE2) has no look-around or back-references, on
// which published rule sets (Rabbit, Myanmar Tools) depend, and one pass over
// the text keeps conversion linear in its length.
func Convert(zawgyi string) string {
	if !hasMyanmar(zawgyi) {
		if utf8.ValidString(zawgyi) {
			return zawgyi
		}
		return string([]rune(zawgyi)) // each invalid byte becomes U+FFFD, as below
	}
	in := []rune(zawgyi) // invalid bytes decode to U+FFFD
	units := make([]rune, 0, len(in)+len(in)/4)
	for i, r := range in {
		r = digitAsLetter(in, i, r)
		if r >= glyphLo && r <= glyphHi && glyphTable[r-glyphLo] != nil {
			units = append(units, glyphTable[r-glyphLo]...)
			continue
		}
		if r == 0x104E && (i+1 >= len(in) || in[i+1] != 0x1004) {
			// Zawgyi's U+104E is the whole word ၎င်း drawn as one glyph.
			units = append(units, 0x104E, 0x1004, 0x103A, 0x1038)
			continue
		}
		units = append(units, r)
	}
	var b strings.Builder
	b.Grow(len(zawgyi) + len(zawgyi)/8)
	reorder(&b, units)
	return b.String()
}

// hasMyanmar reports whether s has any code point of the Myanmar block,
// the only ones Convert changes.
func hasMyanmar(s string) bool {
	for i := 0; i < len(s); i++ {
		// U+1000–109F encode as E1 80 80 – E1 82 9F.
		if s[i] == 0xE1 && i+1 < len(s) && s[i+1] >= 0x80 && s[i+1] <= 0x82 {
			return true
		}
	}
	return false
}

// kinzi stands for the sequence U+1004 U+103A U+1039 (the small ng written
// above the next consonant) while syllables are reordered: it must move as
// one piece, from after its consonant (Zawgyi) to before it (Unicode).
const kinzi rune = -1

// zawgyiGlyphs is step 2: what each Zawgyi code point means in Unicode.
// Code points not listed mean the same in both encodings.
var zawgyiGlyphs = map[rune][]rune{
	0x1033: {0x102F},                 // short u sign, drawn lower
	0x1034: {0x1030},                 // long uu sign, drawn lower
	0x1039: {0x103A},                 // visible killer: Unicode's asat
	0x103A: {0x103B},                 // medial ya (ya-pin)
	0x103B: {0x103C},                 // medial ra (ya-yit)
	0x103C: {0x103D},                 // medial wa
	0x103D: {0x103E},                 // medial ha
	0x105A: {0x102B, 0x103A},         // tall aa with killer, one glyph
	0x1060: {0x1039, 0x1000},         // stacked ka
	0x1061: {0x1039, 0x1001},         // stacked kha
	0x1062: {0x1039, 0x1002},         // stacked ga
	0x1063: {0x1039, 0x1003},         // stacked gha
	0x1064: {kinzi},                  // kinzi
	0x1065: {0x1039, 0x1005},         // stacked ca
	0x1066: {0x1039, 0x1006},         // stacked cha, wide
	0x1067: {0x1039, 0x1006},         // stacked cha
	0x1068: {0x1039, 0x1007},         // stacked ja
	0x1069: {0x1039, 0x1008},         // stacked jha
	0x106A: {0x1025},                 // nya without its tail; step 3 decides ဉ or ဥ
	0x106B: {0x100A},                 // nnya, narrow
	0x106C: {0x1039, 0x100B},         // stacked tta
	0x106D: {0x1039, 0x100C},         // stacked ttha
	0x106E: {0x100D, 0x1039, 0x100D}, // dda over dda, one glyph
	0x106F: {0x100D, 0x1039, 0x100E}, // dda over ddha, one glyph
	0x1070: {0x1039, 0x100F},         // stacked nna
	0x1071: {0x1039, 0x1010},         // stacked ta
	0x1072: {0x1039, 0x1010},         // stacked ta, shifted
	0x1073: {0x1039, 0x1011},         // stacked tha
	0x1074: {0x1039, 0x1011},         // stacked tha, shifted
	0x1075: {0x1039, 0x1012},         // stacked da
	0x1076: {0x1039, 0x1013},         // stacked dha
	0x1077: {0x1039, 0x1014},         // stacked na
	0x1078: {0x1039, 0x1015},         // stacked pa
	0x1079: {0x1039, 0x1016},         // stacked pha
	0x107A: {0x1039, 0x1017},         // stacked ba
	0x107B: {0x1039, 0x1018},         // stacked bha
	0x107C: {0x1039, 0x1019},         // stacked ma
	0x107D: {0x103B},                 // medial ya, short
	0x107E: {0x103C},                 // medial ra, the seven widths and heights
	0x107F: {0x103C},                 // of the ra glyph, chosen by the typist
	0x1080: {0x103C},                 // to fit the consonant and the signs
	0x1081: {0x103C},                 // above it
	0x1082: {0x103C},
	0x1083: {0x103C},
	0x1084: {0x103C},
	0x1085: {0x1039, 0x101C},         // stacked la
	0x1086: {0x103F},                 // great sa
	0x1087: {0x103E},                 // medial ha, shifted
	0x1088: {0x103E, 0x102F},         // medial ha with u, one glyph
	0x1089: {0x103E, 0x1030},         // medial ha with uu, one glyph
	0x108A: {0x103D, 0x103E},         // medial wa with ha, one glyph
	0x108B: {kinzi, 0x102D},          // kinzi with i
	0x108C: {kinzi, 0x102E},          // kinzi with ii
	0x108D: {kinzi, 0x1036},          // kinzi with anusvara
	0x108E: {0x102D, 0x1036},         // i with anusvara, one glyph
	0x108F: {0x1014},                 // na, short-legged (above a sign below)
	0x1090: {0x101B},                 // ra, short-legged
	0x1091: {0x100F, 0x1039, 0x100D}, // nna over dda, one glyph
	0x1092: {0x100B, 0x1039, 0x100C}, // tta over ttha, one glyph
	0x1093: {0x1039, 0x1018},         // stacked bha, shifted
	0x1094: {0x1037},                 // dot below, shifted right
	0x1095: {0x1037},                 // dot below, shifted left
	0x1096: {0x1039, 0x1010, 0x103D}, // stacked ta with medial wa, one glyph
	0x1097: {0x100B, 0x1039, 0x100B}, // tta over tta, one glyph
}

// glyphTable is zawgyiGlyphs as an array, for a lookup per rune without
// hashing.
const glyphLo, glyphHi = 0x1033, 0x1097

var glyphTable = func() (t [glyphHi - glyphLo + 1][]rune) {
	for r, u := range zawgyiGlyphs {
		t[r-glyphLo] = u
	}
	return t
}()

func isDigit(r rune) bool { return r >= 0x1040 && r <= 0x1049 }

// isZawgyiLetter reports whether r is a Zawgyi consonant or independent
// vowel, including Zawgyi's variant letters.
func isZawgyiLetter(r rune) bool {
	return r >= 0x1000 && r <= 0x102A || r == 0x1086 || r == 0x106A || r == 0x106B ||
		r == 0x108F || r == 0x1090 || r == 0x104E
}

// isZawgyiSign reports whether r is a Zawgyi sign written after its
// consonant (vowel signs, medials other than ra, killer, stacked letters).
func isZawgyiSign(r rune) bool {
	switch {
	case r >= 0x102B && r <= 0x1030, r >= 0x1032 && r <= 0x103A, r == 0x103C, r == 0x103D:
		return true
	case r == 0x105A, r >= 0x1060 && r <= 0x1069, r == 0x106C, r == 0x106D,
		r >= 0x1070 && r <= 0x107D, r == 0x1085, r >= 0x1087 && r <= 0x108E,
		r >= 0x1093 && r <= 0x1096:
		return true
	}
	return false
}

// isZawgyiPreSign reports whether r is drawn, and so stored in Zawgyi,
// before its consonant: the vowel sign ေ and the forms of medial ra.
func isZawgyiPreSign(r rune) bool {
	return r == 0x1031 || r == 0x103B || r >= 0x107E && r <= 0x1084
}

// digitAsLetter is step 1. Zawgyi keyboards made typists reach for digits
// that look like letters. A digit is read as the letter only where a number
// cannot be: next to Burmese letters or signs and not next to other digits
// (so ၂၀၁၈ and "၁၀ ရက်" keep their zeros).
func digitAsLetter(in []rune, i int, r rune) rune {
	if r != 0x1040 && r != 0x1047 && r != 0x1044 {
		return r
	}
	var prev, next rune
	if i > 0 {
		prev = in[i-1]
	}
	if i+1 < len(in) {
		next = in[i+1]
	}
	if isDigit(prev) || isDigit(next) {
		return r
	}
	switch r {
	case 0x1040: // ၀ → ဝ: the two are drawn identically in most fonts
		if isZawgyiSign(next) || isZawgyiLetter(next) || isZawgyiPreSign(prev) ||
			isZawgyiLetter(prev) || isZawgyiSign(prev) {
			return 0x101D
		}
	case 0x1047: // ၇ → ရ only with a sign: "၇ရက်" (the 7th) is a number
		if isZawgyiSign(next) || isZawgyiPreSign(prev) {
			return 0x101B
		}
	case 0x1044: // ၄ → ၎ only in ၎င်း, the one word it spells
		if next == 0x1004 {
			return 0x104E
		}
	}
	return r
}

// Classes of the Unicode code points produced by step 2, used by step 3.

// isBlank reports whether r is a space or an invisible format character that
// Zawgyi typists put between a consonant and its sign.
func isBlank(r rune) bool {
	switch r {
	case ' ', 0x00A0, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF:
		return true
	}
	return false
}

func isConsonant(r rune) bool { return r >= 0x1000 && r <= 0x1021 }

// isBase reports whether r starts a syllable: a consonant, an independent
// vowel or great sa.
func isBase(r rune) bool { return r >= 0x1000 && r <= 0x102A || r == 0x103F }

// isPreSign reports whether r is one of the two signs Zawgyi stores before
// the consonant, now in their Unicode form.
func isPreSign(r rune) bool { return r == 0x1031 || r == 0x103C }

// isSign reports whether r is a sign that follows its consonant in Zawgyi.
func isSign(r rune) bool {
	return r == kinzi || r >= 0x102B && r <= 0x1030 || r >= 0x1032 && r <= 0x103B ||
		r == 0x103D || r == 0x103E
}

// reorder is step 3: it cuts units into syllables and writes each in
// Unicode order. A syllable is any pre-signs, a base, and the signs after it.
// Signs with no base (a stray ေ before a space, say) are written as found.
//
// Typists sometimes finish a syllable after starting the next one: in
// "မြှဖ" the ha under မ was typed after the ra of ဖ. Signs found between a
// pre-sign and its base therefore go back to the syllable before, which is
// why a syllable is held open until the next one starts.
func reorder(b *strings.Builder, units []rune) {
	var cur syllable
	open := false
	flush := func() {
		if open {
			cur.write(b)
			open = false
		}
	}
	for i := 0; i < len(units); {
		r := units[i]
		switch {
		case isPreSign(r):
			// Pre-signs, and any dot below typed among them, belong to the
			// next base if there is one; other signs, to the syllable before.
			j := i
			for j < len(units) && (isPreSign(units[j]) || isSign(units[j])) {
				j++
			}
			if j == len(units) || !isBase(units[j]) {
				flush()
				for _, u := range units[i:j] {
					writeUnit(b, u)
				}
				i = j
				continue
			}
			var next syllable
			for _, u := range units[i:j] {
				switch {
				case isPreSign(u) || u == 0x1037 || !open:
					next.add(u)
				default:
					cur.add(u)
				}
			}
			flush()
			cur, open = next, true
			i = cur.collect(units, j)
		case isBase(r):
			flush()
			cur, open = syllable{}, true
			i = cur.collect(units, i)
		case isBlank(r) && open:
			// Zawgyi fonts draw a sign typed after a blank into the gap, so
			// typists put blanks before signs to place them; the sign still
			// belongs to the syllable before. The blanks are layout, not
			// text, and are dropped, except before a dot below: "တာ ့မိ"
			// is a word break typed before the tone mark, so the space is
			// kept, after the mark.
			j := i
			for j < len(units) && isBlank(units[j]) {
				j++
			}
			k := j
			for k < len(units) && isSign(units[k]) && units[k] != 0x1039 {
				cur.add(units[k])
				k++
			}
			if k == j || units[j] == 0x1037 {
				flush()
				for _, u := range units[i:j] {
					b.WriteRune(u)
				}
			}
			i = k
		default:
			flush()
			writeUnit(b, r)
			i++
		}
	}
	flush()
}

// writeUnit writes a unit that is not part of a syllable as it stands.
func writeUnit(b *strings.Builder, u rune) {
	if u == kinzi {
		b.WriteString("\u1004\u103A\u1039")
		return
	}
	b.WriteRune(u)
}

// syllable collects the parts of one syllable. Every sign is a flag, so a
// sign typed twice (to make it look bolder, or by mistake) is written once.
type syllable struct {
	base    rune
	kinzi   bool
	stacked []rune // consonants written below the base, in order
	medial  [4]bool
	signs   [16]bool // vowel signs and tone marks, indexed by r-0x102B
	other   []rune   // anything unexpected, kept in order at the end
	last    rune     // the sign added last, to see which signs were adjacent
	// asatYa is set when the killer and medial ya were typed side by side:
	// the spelling ယောက်ျား ("man"), where the killer precedes the medial.
	asatYa bool
}

// Vowel sign and tone mark positions in syllable.signs.
const (
	signTallAA   = 0x102B - 0x102B
	signAA       = 0x102C - 0x102B
	signI        = 0x102D - 0x102B
	signII       = 0x102E - 0x102B
	signU        = 0x102F - 0x102B
	signUU       = 0x1030 - 0x102B
	signE        = 0x1031 - 0x102B
	signAI       = 0x1032 - 0x102B
	signAnusvara = 0x1036 - 0x102B
	signDotBelow = 0x1037 - 0x102B
	signVisarga  = 0x1038 - 0x102B
	signAsat     = 0x103A - 0x102B
)

// unicodeSignOrder is the order Unicode stores a syllable's vowel signs and
// tone marks in, after the medials (UTN #11). The dot below precedes asat,
// as canonical ordering requires (their combining classes are 7 and 9).
var unicodeSignOrder = [...]int{
	signE, signI, signII, signAI, signU, signUU, signTallAA, signAA,
	signAnusvara, signDotBelow, signAsat, signVisarga,
}

// collect takes units[base] as the syllable's base and adds the signs that
// follow it; it returns the index after the last one.
func (s *syllable) collect(units []rune, base int) int {
	s.base = units[base]
	s.last = 0
	i := base + 1
	for i < len(units) && isSign(units[i]) {
		if units[i] == 0x1039 {
			if i+1 < len(units) && isConsonant(units[i+1]) {
				s.stacked = append(s.stacked, units[i+1])
				i += 2
				continue
			}
			// A virama with nothing to stack: keep it, but it ends the syllable.
			s.other = append(s.other, units[i])
			return i + 1
		}
		s.add(units[i])
		i++
	}
	return i
}

func (s *syllable) add(u rune) {
	if u == 0x103A && s.last == 0x103B || u == 0x103B && s.last == 0x103A {
		s.asatYa = true
	}
	s.last = u
	switch {
	case u == kinzi:
		s.kinzi = true
	case u >= 0x103B && u <= 0x103E:
		s.medial[u-0x103B] = true
	case u >= 0x102B && u <= 0x103A && u != 0x1039:
		s.signs[u-0x102B] = true
	default:
		s.other = append(s.other, u)
	}
}

// write applies the letter-building rules, then writes the syllable in
// Unicode order: kinzi, base, stacked consonants, medials ya ra wa ha, then
// the signs in unicodeSignOrder.
func (s *syllable) write(b *strings.Builder) {
	s.buildLetters()
	if s.kinzi {
		b.WriteString("\u1004\u103A\u1039")
	}
	b.WriteRune(s.base)
	// In contractions such as ကျွန်ုပ် ("I") and ယောက်ျား ("man") the killer
	// stands right after the consonant, before its medials and vowel signs. A
	// u sign with a killer can only mean this, since no syllable ends in "ု်".
	if s.signs[signAsat] && (s.asatYa || s.signs[signU] || s.signs[signUU]) {
		b.WriteRune(0x103A)
		s.signs[signAsat] = false
	}
	for _, c := range s.stacked {
		b.WriteRune(0x1039)
		b.WriteRune(c)
	}
	for m, ok := range s.medial {
		if ok {
			b.WriteRune(0x103B + rune(m))
		}
	}
	for _, k := range unicodeSignOrder {
		if s.signs[k] {
			b.WriteRune(0x102B + rune(k))
		}
	}
	for _, u := range s.other {
		b.WriteRune(u)
	}
}

// buildLetters makes the letters that Zawgyi writes with two glyphs, and
// drops sign combinations no Unicode syllable has.
func (s *syllable) buildLetters() {
	switch s.base {
	case 0x1025:
		switch {
		case len(s.stacked) > 0 || s.signs[signAsat] || s.signs[signAA]:
			// ဥ and ဉ share a glyph in Zawgyi. Only the consonant ဉ takes a
			// killer, a stacked letter or aa (ယာဉ်, ဉာဏ်).
			s.base = 0x1009
		case s.signs[signII]:
			s.base, s.signs[signII] = 0x1026, false // ဥ + ီ → ဦ
		}
	case 0x1005:
		if s.medial[0] {
			s.base, s.medial[0] = 0x1008, false // စ + ျ → ဈ
		}
	case 0x1029:
		if s.signs[signE] && s.signs[signAA] && s.signs[signAsat] {
			// ေ + ဩ + ာ + ် → ဪ
			s.base = 0x102A
			s.signs[signE], s.signs[signAA], s.signs[signAsat] = false, false, false
		}
	}
	// Zawgyi typists stack i on ii, and u on uu, for the same sound.
	if s.signs[signI] && s.signs[signII] {
		s.signs[signI] = false
	}
	if s.signs[signU] && s.signs[signUU] {
		s.signs[signUU] = false
	}
}
