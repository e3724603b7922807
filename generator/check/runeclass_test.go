package check

import (
	"testing"
	"unicode"
)

// The table gives every rune of the Basic Multilingual Plane, and the
// runes beyond it, the answers Unicode's tables give: invisible (as
// isInvisible always said), part of a word, and the one unspaced script
// whose letters hold it (no rune is a letter of two).
func TestRuneClasses(t *testing.T) {
	if len(seaScripts) < 4 {
		t.Fatalf("%d unspaced scripts, want Khmer, Lao, Burmese and Thai at least", len(seaScripts))
	}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r > 0xFFFF && r%97 != 0 && r != 0xE0001 {
			continue // beyond the table, where classOf asks Unicode's tables: a sample
		}
		c := classOf(r)
		_, named := invisibleNames[r]
		invisible := r != '\t' && (named || unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp))
		word := unicode.IsLetter(r) || unicode.IsMark(r)
		var in []*unicode.RangeTable
		for _, s := range seaScripts {
			if unicode.Is(s, r) {
				in = append(in, s)
			}
		}
		if len(in) > 1 {
			t.Fatalf("U+%04X is a letter of %d unspaced scripts", r, len(in))
		}
		var sea *unicode.RangeTable
		if len(in) == 1 {
			sea = in[0]
		}
		if c&classInvisible != 0 != invisible || c&classWord != 0 != word || seaOf(c) != sea {
			t.Fatalf("U+%04X: class %08b, want invisible %v, word %v, script %v", r, c, invisible, word, sea != nil)
		}
	}
	for _, c := range []struct {
		r    rune
		want bool
	}{{'\t', false}, {'a', false}, {0x00AD, true}, {0x200B, true}, {0xFEFF, true}, {0x0E01, false}, {0xE0001, true}} {
		if got := isInvisible(c.r); got != c.want {
			t.Errorf("isInvisible(U+%04X) = %v, want %v", c.r, got, c.want)
		}
	}
}
