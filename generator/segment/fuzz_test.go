package segment

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkInvariants checks what every input must satisfy; the fuzz targets and
// the vector test run it.
func checkInvariants(t *testing.T, s string) {
	t.Helper()
	ns := Normalize(s)
	if again := Normalize(ns); again != ns {
		t.Fatalf("Normalize not idempotent on %q:\n once  %q\n twice %q", s, ns, again)
	}
	if !utf8.ValidString(ns) {
		t.Fatalf("Normalize(%q) = %q is not valid UTF-8", s, ns)
	}
	segs := Split(s)
	var rebuilt strings.Builder
	prevEnd := 0
	for i, g := range segs {
		if g.Start < prevEnd || g.Start >= g.End || g.End > len(s) {
			t.Fatalf("segment %d of %q has range %d:%d after %d (input length %d)", i, s, g.Start, g.End, prevEnd, len(s))
		}
		if got := Normalize(s[g.Start:g.End]); got != g.Text {
			t.Fatalf("segment %d of %q: Normalize(input[%d:%d]) = %q, text %q", i, s, g.Start, g.End, got, g.Text)
		}
		gap := s[prevEnd:g.Start]
		if len(Split(gap)) != 0 {
			t.Fatalf("segment %d of %q: text %q between segments has segments of its own", i, s, gap)
		}
		ngap := Normalize(gap)
		if g.Break == BreakNone && ngap != "" {
			t.Fatalf("segment %d of %q continues its run across %q", i, s, gap)
		}
		if g.Break != BreakHard && (i == 0 || segs[i-1].Script != g.Script) {
			t.Fatalf("segment %d of %q: break %v after a segment of another script", i, s, g.Break)
		}
		rebuilt.WriteString(ngap)
		rebuilt.WriteString(g.Text)
		prevEnd = g.End
	}
	rebuilt.WriteString(Normalize(s[prevEnd:]))
	if rebuilt.String() != ns {
		t.Fatalf("segments and gaps of %q rebuild %q, Normalize gives %q", s, rebuilt.String(), ns)
	}
	// Segmenting the normalised text gives the same segments.
	nsegs := Split(ns)
	if len(nsegs) != len(segs) {
		t.Fatalf("Split(%q) has %d segments, Split(Normalize) %d", s, len(segs), len(nsegs))
	}
	for i := range segs {
		a, b := segs[i], nsegs[i]
		if a.Text != b.Text || a.Script != b.Script || a.Break != b.Break {
			t.Fatalf("segment %d of %q is %+v, of its normalised form %+v", i, s, a, b)
		}
	}
	// A query finds its own text.
	terms := termSet(IndexTokens(s))
	for _, tok := range IndexTokens(s) {
		if tok.Pos < 0 || tok.Pos >= len(segs) {
			t.Fatalf("token %+v of %q points outside its %d segments", tok, s, len(segs))
		}
	}
	if missing, ok := matches(s, terms); !ok {
		t.Fatalf("query %q does not find its own text: %s", s, missing)
	}
}

func termSet(toks []Token) map[string]bool {
	m := make(map[string]bool, len(toks))
	for _, t := range toks {
		m[t.Term] = true
	}
	return m
}

// matches tells whether a page whose index terms are terms would be found by
// the query q, as an AND query, and if not, which term is missing. The
// prefix is looked up as search.js does: among the terms filed under its Key.
// A prefix of one unit (a Thai leading vowel alone, a Burmese syllable that
// may still take a final) or of fewer than three Latin letters has no key
// yet: it finds nothing until the reader types on, so it is not required
// here.
func matches(q string, terms map[string]bool) (string, bool) {
	exact, prefix, lead := QueryTokens(q)
	for _, t := range exact {
		if !terms[t.Term] {
			return "exact " + t.Term, false
		}
	}
	for _, p := range []Token{lead, prefix} {
		if p.Term != "" && !prefixFound(p.Term, terms) {
			return "prefix " + p.Term, false
		}
	}
	return "", true
}

func prefixFound(prefix string, terms map[string]bool) bool {
	var n normalizer
	n.run(prefix)
	oneUnit := len(n.units) < 2 || isLatinTerm(prefix) && utf8.RuneCountInString(prefix) < 3
	for term := range terms {
		if strings.HasPrefix(term, prefix) && (Key(term) == Key(prefix) || oneUnit) {
			return true
		}
	}
	return false
}

func seedCorpus(f *testing.F) {
	for _, c := range edgeCases {
		f.Add(c.in)
	}
	for _, v := range udhrCases(f) {
		f.Add(v.Input)
	}
}

func FuzzSegment(f *testing.F) {
	seedCorpus(f)
	// One Analyzer for every input, as the index builder reuses one: what
	// the texts before left in its buffers must not change the result.
	var reused Analyzer
	f.Fuzz(func(t *testing.T, s string) {
		checkInvariants(t, s)
		segs, toks := Analyze(s)
		rsegs, rtoks := reused.Analyze(s)
		if !slices.Equal(segs, rsegs) || !slices.Equal(toks, rtoks) {
			t.Errorf("a reused Analyzer gives %v %v for %q, a fresh one %v %v", rsegs, rtoks, s, segs, toks)
		}
	})
}

// FuzzQuery checks that typing on never loses a page: whatever the reader
// types after q, the page holding q+ext is found by q's query, unless
// normalising q+ext rewrote the end of q (a mark typed out of order, a vowel
// typed in two pieces), where no prefix can be promised.
func FuzzQuery(f *testing.F) {
	for _, c := range edgeCases {
		f.Add(c.in, "")
		if r := []rune(c.in); len(r) > 2 {
			f.Add(string(r[:len(r)/2]), string(r[len(r)/2:]))
		}
	}
	f.Add("ကျော", "င်း")
	f.Add("expi", "red")
	f.Fuzz(func(t *testing.T, q, ext string) {
		if !strings.HasPrefix(Normalize(q+ext), Normalize(q)) {
			return
		}
		if missing, ok := matches(q, termSet(IndexTokens(q+ext))); !ok {
			t.Fatalf("query %q misses the text %q: %s", q, q+ext, missing)
		}
	})
}

func isLatinTerm(t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	return r < 0x80 || infoOf(r).class() == clsWord
}

// keyRef is Key by its definition, through the normaliser: the first unit
// without tone marks, and the character after it.
func keyRef(term string) string {
	if isLatinTerm(term) {
		rs := []rune(term)
		return string(rs[:min(3, len(rs))])
	}
	var n normalizer
	n.run(term)
	if len(n.units) == 0 {
		return ""
	}
	end := int(n.units[0].nend)
	if _, w := utf8.DecodeRune(n.out[end:]); w > 0 {
		end += w
	}
	return strings.Map(func(r rune) rune {
		if IsTone(r) {
			return -1
		}
		return r
	}, string(n.out[:end]))
}

func FuzzKey(f *testing.F) {
	seedCorpus(f)
	f.Fuzz(func(t *testing.T, s string) {
		for _, tok := range IndexTokens(s) {
			if got, want := Key(tok.Term), keyRef(tok.Term); got != want {
				t.Fatalf("Key(%q) = %q, by definition %q", tok.Term, got, want)
			}
		}
	})
}
