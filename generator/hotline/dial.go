package hotline

import (
	"cmp"
	"html"
	"slices"
	"strings"
)

// Dialler finds the data file's numbers in running text ("In Thailand,
// call 1300 to report trafficking"), so that a number a writer typed in
// a sentence becomes a tap-to-call link, as the hotline list's buttons
// are. The reader audit counted 149 such numbers in the English pages
// alone, the first ones a worker in trouble reads (the "In short" box), and
// on a phone each had to be copied by hand into the dialler.
//
// Only the numbers of the data file are found, each as it is written
// there: a number the site has checked and sourced, never any run of
// digits. A number counts only whole, so "1300" is not found in "11300",
// "1,300" or "1300.50", nor "191" in "1-191"; a writer who means a
// section of a law that happens to be a hotline's number ("section 191")
// can write its first digit as a character reference (&#49;91), which
// reads the same.
type Dialler struct {
	numbers []dialled // longest first, so 1-800-010-180 wins over a prefix
}

type dialled struct{ number, tel string }

// Dialler returns the finder of d's numbers; nil for a file without any.
// It is made once: every page's summary asks for it.
func (d *Data) Dialler() *Dialler {
	if d == nil {
		return nil
	}
	d.diallerOnce.Do(func() { d.dialler = d.newDialler() })
	return d.dialler
}

func (d *Data) newDialler() *Dialler {
	if len(d.Hotlines) == 0 {
		return nil
	}
	x := &Dialler{}
	for _, h := range d.Hotlines {
		if numberRE.MatchString(h.Number) && !slices.ContainsFunc(x.numbers, func(n dialled) bool { return n.number == h.Number }) {
			x.numbers = append(x.numbers, dialled{h.Number, h.Tel()})
		}
	}
	slices.SortStableFunc(x.numbers, func(a, b dialled) int { return cmp.Compare(len(b.number), len(a.number)) })
	return x
}

// Find calls fn with each number in text, in order: its byte range and
// its tel: URI.
func (x *Dialler) Find(text string, fn func(start, end int, tel string)) {
	if x == nil {
		return
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		if !isDigit(c) && c != '+' || i > 0 && joins(text[i-1]) {
			continue
		}
		for _, n := range x.numbers {
			end := i + len(n.number)
			if strings.HasPrefix(text[i:], n.number) && !continues(text, end) {
				fn(i, end, n.tel)
				i = end - 1
				break
			}
		}
		// Skip the rest of this run of digits: a number starts only
		// where one begins.
		for i+1 < len(text) && isDigit(text[i+1]) {
			i++
		}
	}
}

// HTML is text escaped for HTML with each number a tel: link: for text
// that is not markdown (a summary, a glossary definition), linked as the
// markdown body's numbers are.
func (x *Dialler) HTML(text string) string {
	var b strings.Builder
	at := 0
	x.Find(text, func(start, end int, tel string) {
		b.WriteString(html.EscapeString(text[at:start]))
		b.WriteString(`<a href="` + tel + `">` + html.EscapeString(text[start:end]) + `</a>`)
		at = end
	})
	b.WriteString(html.EscapeString(text[at:]))
	return b.String()
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// joins reports whether c before a digit makes it part of something
// longer: a number (1,300, 2.5, 1-191, +1694), a date (12/117), a word or
// a code (A117).
func joins(c byte) bool {
	return isDigit(c) || isASCIILetter(c) || strings.IndexByte("+-.,/_", c) >= 0
}

// continues reports whether text goes on from end as part of the same
// number or word: a digit or letter, or a separator followed by a digit
// (1300.50, 1694-2, 117/3). A full stop or comma ending a sentence does
// not.
func continues(text string, end int) bool {
	if end >= len(text) {
		return false
	}
	c := text[end]
	if isDigit(c) || isASCIILetter(c) || c == '_' {
		return true
	}
	return strings.IndexByte("-.,/", c) >= 0 && end+1 < len(text) && isDigit(text[end+1])
}
