package segment

import (
	"slices"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalize returns the text that segments and tokens are made of (the rules
// are in the package documentation). It works on one unit at a time (a base
// character with the marks that attach to it), so the result is stable under
// appending text, and every segment can point back into the original input.
// Normalize(Normalize(s)) == Normalize(s).
func Normalize(s string) string {
	var n normalizer
	n.run(s)
	return string(n.out)
}

// unit is one base character with everything that attaches to it.
type unit struct {
	start, end   int32 // byte range in the original input, dropped characters inside included
	nstart, nend int32 // byte range in the normalised text
}

type normalizer struct {
	out   []byte
	units []unit
	rs    []rune // the unit being built
	buf   []byte // scratch for NFC and NFD
}

// fold applies the character-level folds to r: it returns the n characters r
// stands for, none if it is dropped.
func fold(r rune) (out [2]rune, n int) {
	if r >= 0xFF01 && r <= 0xFF5E { // fullwidth ASCII
		r -= 0xFEE0
	}
	if r < 0x80 {
		return [2]rune{r}, 1
	}
	switch infoOf(r).class() {
	case clsDrop:
		return out, 0
	case clsDigit:
		return [2]rune{'0' + digitValue(r)}, 1
	}
	switch r {
	case 0x0EDC: // ໜ is as often spelt ຫນ
		return [2]rune{0x0EAB, 0x0E99}, 2
	case 0x0EDD: // ໝ, ຫມ
		return [2]rune{0x0EAB, 0x0EA1}, 2
	case 0x17B2: // ឲ is a variant of ឱ: both spell ឱ្យ "to let"
		return [2]rune{0x17B1}, 1
	case 0x1026: // ဦ stays decomposed, so that typing ဥ then ီ keeps a prefix
		return [2]rune{0x1025, 0x102E}, 2
	}
	return [2]rune{r}, 1
}

// cursor walks the folded characters of the input.
type cursor struct {
	s          string
	next       int     // input offset of the next unread input character
	pend       [2]rune // the current input character's folds
	i, n       int     // pend[i:n] is not consumed yet
	start, end int     // input range of the character pend came from
}

// peek returns the next folded character without consuming it.
func (c *cursor) peek() (rune, bool) {
	for c.i == c.n {
		if c.next >= len(c.s) {
			return 0, false
		}
		r, w := utf8.DecodeRuneInString(c.s[c.next:])
		c.start, c.end = c.next, c.next+w
		c.next = c.end
		c.pend, c.n = fold(r)
		c.i = 0
	}
	return c.pend[c.i], true
}

// take consumes the character peek returned and gives the end of the input
// character it came from.
func (c *cursor) take() int {
	c.i++
	return c.end
}

func (n *normalizer) run(s string) {
	// A unit holds at least one character: size both buffers once.
	chars := utf8.RuneCountInString(s)
	n.out = slices.Grow(n.out[:0], len(s)+len(s)/8)
	n.units = slices.Grow(n.units[:0], chars)
	c := cursor{s: s}
	for {
		r, ok := c.peek()
		if !ok {
			return
		}
		start := c.start
		n.rs = append(n.rs[:0], r)
		end := c.take()
		inf := infoOf(r)
		if inf.class() == clsLead {
			// Thai and Lao vowels written before the consonant: the unit is
			// the leading vowels, then the consonant they belong to.
			for {
				r2, ok := c.peek()
				if !ok {
					break
				}
				i2 := infoOf(r2)
				if i2.script() != inf.script() || (i2.class() != clsLead && i2.class() != clsBase) {
					break
				}
				n.rs = append(n.rs, r2)
				end = c.take()
				r = r2
				if i2.class() == clsBase {
					break
				}
			}
		}
		if r == 0x0EAB { // ຫ with ນ or ມ is one letter, ໜ or ໝ
			if r2, ok := c.peek(); ok && (r2 == 0x0E99 || r2 == 0x0EA1) {
				n.rs = append(n.rs, r2)
				end = c.take()
			}
		}
		for {
			r2, ok := c.peek()
			if !ok || infoOf(r2).class() != clsMark {
				break
			}
			n.rs = append(n.rs, r2)
			end = c.take()
		}
		nstart := len(n.out)
		n.normalizeUnit()
		n.units = append(n.units, unit{int32(start), int32(end), int32(nstart), int32(len(n.out))})
	}
}

// normalizeUnit appends the normalised form of the unit in n.rs to n.out.
func (n *normalizer) normalizeUnit() {
	rs := n.rs
	first := infoOf(rs[0])
	switch sc := first.script(); {
	case sc >= Thai:
		rs = n.scriptUnit(rs, sc)
	case first.class() == clsWord:
		rs = n.latinUnit(rs)
	case len(rs) > 1:
		rs = n.nfc(rs)
	}
	for _, r := range rs {
		n.out = utf8.AppendRune(n.out, r)
	}
}

// scriptUnit normalises a Thai, Lao, Khmer or Burmese unit.
func (n *normalizer) scriptUnit(rs []rune, sc Script) []rune {
	// เ typed twice looks like แ, and is how some people type it.
	if sc == Thai || sc == Lao {
		e := rune(0x0E40)
		if sc == Lao {
			e = 0x0EC0
		}
		for i := 0; i+1 < len(rs) && infoOf(rs[i+1]).class() == clsLead; i++ {
			if rs[i] == e && rs[i+1] == e {
				rs[i] = e + 1
				rs = append(rs[:i+1], rs[i+2:]...)
				i--
			}
		}
	}
	m := 0 // marks start at rs[m:]
	for m < len(rs) && infoOf(rs[m]).class() != clsMark {
		m++
	}
	for _, r := range rs[m:] {
		if infoOf(r).script() != sc {
			// Marks of another script: nothing to put in order, but keep
			// canonical equivalence.
			return n.nfc(rs)
		}
	}
	// Put the marks in their rank order (a stable insertion sort: units are short).
	for i := m + 1; i < len(rs); i++ {
		for j := i; j > m && infoOf(rs[j-1]).rank() > infoOf(rs[j]).rank(); j-- {
			rs[j-1], rs[j] = rs[j], rs[j-1]
		}
	}
	// Vowels typed in two pieces that look like one: ํ + า = ำ, ໍ + າ = ຳ
	// (tone marks may sit between), េ + ា = ោ, េ + ី = ើ.
	for i := m; i+1 < len(rs); i++ {
		switch rs[i] {
		case 0x0E4D, 0x0ECD:
			j := i + 1
			for j < len(rs) && infoOf(rs[j]).rank() == 3 {
				j++
			}
			if j < len(rs) && rs[j] == rs[i]-0x1B { // า U+0E32, າ U+0EB2
				rs[j]++
				rs = append(rs[:i], rs[i+1:]...)
			}
		case 0x17C1:
			switch rs[i+1] {
			case 0x17B6:
				rs[i] = 0x17C4
				rs = append(rs[:i+1], rs[i+2:]...)
			case 0x17B8:
				rs[i] = 0x17BE
				rs = append(rs[:i+1], rs[i+2:]...)
			}
		}
	}
	// A mark typed twice shows once (or as a smudge): keep one.
	k := m
	for i := m; i < len(rs); i++ {
		if i == m || rs[i] != rs[k-1] {
			rs[k] = rs[i]
			k++
		}
	}
	return rs[:k]
}

// latinUnit folds case and drops accents: readers type English on phone
// keyboards without them, and "cafe" should find "café".
func (n *normalizer) latinUnit(rs []rune) []rune {
	if len(rs) == 1 && rs[0] < 0x80 {
		if rs[0] >= 'A' && rs[0] <= 'Z' {
			rs[0] += 'a' - 'A'
		}
		return rs
	}
	n.buf = n.buf[:0]
	for _, r := range rs {
		n.buf = utf8.AppendRune(n.buf, r)
	}
	d := string(norm.NFD.Append(nil, n.buf...))
	rs = rs[:0]
	for _, r := range d {
		inf := infoOf(r)
		if inf.class() == clsMark && inf.script() == 0 {
			continue
		}
		if (r >= 'A' && r <= 'Z') || (r >= 0xC0 && r <= 0xDE && r != 0xD7) {
			r += 0x20
		}
		rs = append(rs, r)
	}
	return rs
}

// nfc returns the NFC form of the unit rs, or rs itself when NFC would turn
// it into something that is no longer one unit of the same class (a base and
// its marks): so normalising never moves a unit boundary, and Normalize stays
// idempotent. Only characters outside the scripts served are left alone by
// this, such as a lone K (Kelvin sign).
func (n *normalizer) nfc(rs []rune) []rune {
	n.buf = n.buf[:0]
	for _, r := range rs {
		n.buf = utf8.AppendRune(n.buf, r)
	}
	if norm.NFC.IsNormal(n.buf) {
		return rs
	}
	c := norm.NFC.Append(nil, n.buf...)
	out := make([]rune, 0, len(rs))
	for i, r := range string(c) {
		if i > 0 && infoOf(r).class() != clsMark || i == 0 && infoOf(r).class() != infoOf(rs[0]).class() {
			return rs
		}
		if r == 0x1026 { // NFC composes ဥ + ီ; keep them apart as fold does
			out = append(out, 0x1025, 0x102E)
			continue
		}
		out = append(out, r)
	}
	return out
}
