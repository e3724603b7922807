package segment

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Token is one search term and where it starts.
type Token struct {
	Term string
	// Pos is the index, in Split of the same text, of the first segment the
	// term covers. Consecutive bigrams of a phrase have consecutive positions.
	Pos int
}

// IndexTokens returns the terms to index for s, in order:
//   - a Latin word gives its Stem;
//   - a cluster of any other script gives itself (a unigram), and, when the
//     next segment has the same script and no hard break between, the two
//     clusters' texts concatenated (a bigram).
//
// So any query of two or more clusters is found wherever it starts: its
// bigrams are all in the index of every text containing it.
func IndexTokens(s string) []Token {
	_, toks := Analyze(s)
	return toks
}

// Analyze returns Split(s) and IndexTokens(s) from one pass over s: the
// index builder needs both for every block of every page.
func Analyze(s string) ([]Segment, []Token) {
	var a Analyzer
	return a.Analyze(s)
}

// An Analyzer analyses texts one after another, reusing its buffers: the
// index builder analyses every block of every page, and fresh buffers for
// each cost it more than the work (they were half its allocations on the
// 10,000-page site). The zero value is ready to use; one Analyzer serves
// one goroutine.
type Analyzer struct {
	n    normalizer
	ps   []piece
	segs []Segment
	toks []Token
}

// Analyze is the package's Analyze, except that the slices it returns are
// valid only until the next call (the strings in them stay valid).
func (a *Analyzer) Analyze(s string) ([]Segment, []Token) {
	ns, ps, _ := a.n.split(s, a.ps)
	a.ps = ps
	segs := slices.Grow(a.segs[:0], len(ps))[:len(ps)]
	for i, p := range ps {
		segs[i] = p.Segment
	}
	a.segs = segs
	toks := slices.Grow(a.toks[:0], 2*len(ps))
	for i, p := range ps {
		if p.Script == Latin {
			toks = append(toks, Token{Stem(p.Text), i})
			continue
		}
		toks = append(toks, Token{p.Text, i})
		if i+1 == len(ps) || ps[i+1].Script != p.Script {
			continue
		}
		switch next := ps[i+1]; next.Break {
		case BreakNone: // adjacent in the normalised text: no copy needed
			toks = append(toks, Token{ns[p.nstart:next.nend], i})
		case BreakSpace:
			toks = append(toks, Token{joined(p.Text, next.Text), i})
		}
	}
	a.toks = toks
	return segs, toks
}

// joined is the pair of two clusters a space separates, as a reader who
// leaves the space out types it. Normalised text joins them as they are,
// except where one ends in a vowel written before its consonant, or the
// other starts with a mark: there the normaliser (which the reader's query
// goes through) would read them as one unit, e.g. เ + เก as แก, so the
// pair is normalised too.
func joined(a, b string) string {
	last, _ := utf8.DecodeLastRuneInString(a)
	first, _ := utf8.DecodeRuneInString(b)
	if infoOf(last).class() != clsLead && infoOf(first).class() != clsMark {
		return a + b
	}
	return Normalize(a + b)
}

// QueryTokens returns the terms a page must hold to match the query q: every
// exact term in its index, and, unless prefix.Term is empty, some index term
// that starts with prefix.Term.
//
// A query that does not end with a separator is still being typed: its last
// word or cluster may be incomplete, so it becomes the prefix. For Latin
// words the prefix is the typed part with any beginning of a strippable
// suffix cut off (see PrefixStem); for clusters it is the last two clusters
// joined, matched against the bigrams. In Burmese a final bare consonant may
// still become the killed final of the syllable before (ကျော + င → ကျောင်း),
// so the bigram ending in that syllable is not required exactly: lead, the
// bigram of the syllable before it and that syllable as typed so far, is a
// second prefix instead. Without it a three-syllable query ending so
// (ဖွားခွ + င, half of ဖွားခွင့်) would require only its last two syllables.
//
// Runs of clusters are not paired across the query's spaces: a reader who
// types a space may put it where the page has punctuation.
func QueryTokens(q string) (exact []Token, prefix, lead Token) {
	_, ps, closed := split(q)
	for a := 0; a < len(ps); {
		b := a + 1
		for b < len(ps) && ps[b].Break == BreakNone {
			b++
		}
		open := b == len(ps) && !closed
		switch {
		case ps[a].Script == Latin:
			if open {
				prefix = Token{PrefixStem(ps[a].Text), a}
			} else {
				exact = append(exact, Token{Stem(ps[a].Text), a})
			}
		case b-a == 1 && open:
			prefix = Token{ps[a].Text, a}
		case b-a == 1:
			exact = append(exact, Token{ps[a].Text, a})
		default:
			stable := b // clusters before stable are complete
			if open {
				stable = b - 1
				if ps[a].Script == Myanmar && myFinal(ps[b-1].Text) == 1 {
					stable = b - 2
					if b-a > 2 {
						lead = Token{ps[b-3].Text + ps[b-2].Text, b - 3}
					}
				}
				prefix = Token{ps[b-2].Text + ps[b-1].Text, b - 2}
			}
			for i := a; i+1 < stable; i++ {
				exact = append(exact, Token{ps[i].Text + ps[i+1].Text, i})
			}
		}
		a = b
	}
	return exact, prefix, lead
}

// suffixes are stripped by Stem, longest first. Stemming only ever cuts a
// suffix off (never adds or changes letters), so a stem is always a prefix of
// its word; PrefixStem relies on that.
var suffixes = []string{"ies", "ied", "ing", "es", "ed", "s", "e", "y"}

// minStem is the shortest stem Stem leaves, in characters.
const minStem = 3

// Stem is a deliberately light English stemmer: it cuts the first of
// suffixes that leaves at least minStem characters, except -s after s, u or i
// (pass, status, this) and -y after a vowel (day, employ). So permit/permits,
// expire/expired/expires/expiring/expiry, country/countries, fee/fees and
// work/works/worked/working meet; worker, employment and renewal stay apart
// from work, employ and renew.
func Stem(w string) string {
	for _, suf := range suffixes {
		if !strings.HasSuffix(w, suf) {
			continue
		}
		st := w[:len(w)-len(suf)]
		if utf8.RuneCountInString(st) < minStem {
			continue
		}
		last := st[len(st)-1]
		if suf == "s" && (last == 's' || last == 'u' || last == 'i') {
			continue
		}
		if suf == "y" && strings.IndexByte("aeiouy", last) >= 0 {
			continue
		}
		return st
	}
	return w
}

// PrefixStem turns a word still being typed into a prefix of the stem of
// every word it can grow into: it cuts off the longest ending that could be
// the start of a suffix (the "i" of "expi…", the "in" of "workin…"), keeping
// at least minStem characters. As Stem only cuts one suffix, the result is
// always a prefix of Stem(w) for every w that starts with p.
func PrefixStem(p string) string {
	n := utf8.RuneCountInString(p)
	best := 0
	for _, suf := range suffixes {
		for k := len(suf); k > best; k-- {
			if n-k >= minStem && strings.HasSuffix(p, suf[:k]) {
				best = k
				break
			}
		}
	}
	return p[:len(p)-best]
}

// Key returns the lookup key of a term: the part every query that could
// match the term already knows, so the index can file the term under it and
// the browser can find, in one place, the exact term, its longer forms (a
// word or cluster still being typed) and its near spellings. It is:
//   - for a Latin term, its first three letters (a word still being typed
//     is looked up from its third letter on);
//   - for any other term, its first unit (a base with its marks; in Thai and
//     Lao the leading vowel with its consonant) without Thai and Lao tone
//     marks, and the character after it. A query's prefix knows both: its
//     first cluster is complete, and the next one has begun. In Burmese and
//     Khmer the first unit with the next character is also what a final
//     consonant or a subscript still being typed leaves unchanged
//     (ကျော + င in ကျောင်း, ស្ + រ in ស្រី). Tone marks left out or put on
//     the wrong letter do not move a term to another key.
//
// Key(t) is a prefix of t, except for the tone marks dropped. t is a term
// as IndexTokens and QueryTokens give it: normalised.
func Key(term string) string {
	r, w := utf8.DecodeRuneInString(term)
	if w == 0 {
		return ""
	}
	if r < 0x80 || infoOf(r).class() == clsWord {
		n := 0
		for i := range term {
			if n == 3 {
				return term[:i]
			}
			n++
		}
		return term
	}
	// The first unit, as normalizer.run cuts it.
	end := w
	inf := infoOf(r)
	if inf.class() == clsLead {
		for end < len(term) {
			r2, w2 := utf8.DecodeRuneInString(term[end:])
			i2 := infoOf(r2)
			if i2.script() != inf.script() || (i2.class() != clsLead && i2.class() != clsBase) {
				break
			}
			end += w2
			r = r2
			if i2.class() == clsBase {
				break
			}
		}
	}
	if r == 0x0EAB {
		if r2, w2 := utf8.DecodeRuneInString(term[end:]); r2 == 0x0E99 || r2 == 0x0EA1 {
			end += w2
		}
	}
	tone := IsTone(r)
	for end < len(term) {
		r2, w2 := utf8.DecodeRuneInString(term[end:])
		if infoOf(r2).class() != clsMark {
			break
		}
		tone = tone || IsTone(r2)
		end += w2
	}
	// And the character after it.
	if _, w2 := utf8.DecodeRuneInString(term[end:]); w2 > 0 {
		end += w2
	}
	if !tone {
		return term[:end]
	}
	return strings.Map(func(r rune) rune {
		if IsTone(r) {
			return -1
		}
		return r
	}, term[:end])
}

// IsTone reports the Thai and Lao tone marks, which readers often leave
// out or put on the wrong letter: matching tolerates them (Key drops them).
func IsTone(r rune) bool { return r >= 0x0E48 && r <= 0x0E4B || r >= 0x0EC8 && r <= 0x0ECB }
