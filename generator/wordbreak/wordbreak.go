// Package wordbreak finds the words of Thai, Lao, Khmer and Burmese text,
// which is written without spaces between words, the way ICU's dictionary
// break engines do (dictbe.cpp: ThaiBreakEngine, LaoBreakEngine,
// KhmerBreakEngine, BurmeseBreakEngine), with the dictionaries of
// Chromium's ICU. ICU is what browsers break words with (Intl.Segmenter,
// double-click selection), so a snippet cut at these boundaries is cut where
// the reader's browser sees a word boundary; the same dictionaries and the
// same algorithm are what make that hold, which no other word list would
// promise. Chromium's Thai and Burmese dictionaries are ICU's; its Lao and
// Khmer ones are smaller (11,206 and 19,625 words, against ICU's 30,550 and
// 81,028): with ICU's, a fifth of the Khmer boundaries and an eighth of
// the Lao ones were not Chromium's. On the shipped pages the boundaries
// here are Chromium's but for 1 in 1,400 in Thai, 1 in 5,000 in Lao and
// Burmese, none in Khmer (TestBreaks holds examples).
//
// The search index stores the boundaries with the text the browser loads
// for snippets, so the browser needs no dictionary of its own.
//
// Text goes in, byte offsets come out; a Breaker reuses its buffers from
// call to call and is not safe for concurrent use. Runs of other scripts,
// spaces and punctuation are left alone: they are boundaries already.
package wordbreak

import (
	"unicode"
	"unicode/utf8"
)

type lang uint8

const (
	thai lang = iota
	lao
	khmer
	burmese
	nLangs
	none = nLangs
)

// langs holds what ICU's engine for each script knows besides its
// dictionary: the code point a dictionary byte counts from, which
// characters may end and begin a word when resynchronising after text the
// dictionary does not know, whether Thai's suffixes ฯ and ๆ attach, the
// length of a word under which unknown text after it joins it (root), and
// the prefix shared with a dictionary word from which unknown text does
// not (prefix). Chromium's Khmer engine joins more than ICU's (10 and 5,
// not 3 and 3): with those its boundaries on the shipped Khmer pages are
// Chromium's, all 18,686 of them; with 3 and 3, 2,780 more.
var langs = [nLangs]struct {
	file           string
	offset         rune
	endWord, begin func(r rune) bool
	suffixes       bool
	root, prefix   int
}{
	thai: {"th", 0x0E00,
		func(r rune) bool { return r != 0x0E31 && (r < 0x0E40 || r > 0x0E44) },
		func(r rune) bool { return r >= 0x0E01 && r <= 0x0E2E || r >= 0x0E40 && r <= 0x0E44 }, true, 3, 3},
	lao: {"lo", 0x0E80,
		func(r rune) bool { return r < 0x0EC0 || r > 0x0EC4 },
		func(r rune) bool {
			return r >= 0x0E81 && r <= 0x0EAE || r >= 0x0EDC && r <= 0x0EDD || r >= 0x0EC0 && r <= 0x0EC4
		}, false, 3, 3},
	khmer: {"km", 0x1780,
		func(r rune) bool { return r != 0x17D2 },
		func(r rune) bool { return r >= 0x1780 && r <= 0x17B3 }, false, 10, 5},
	burmese: {"my", 0x1000,
		func(r rune) bool { return true },
		func(r rune) bool { return r >= 0x1000 && r <= 0x102A }, false, 3, 3},
}

// langOf tells which engine's run r belongs to: ICU's set for each is the
// script's characters of line-break class SA (complex context), which
// leaves out digits and the scripts' punctuation.
func langOf(r rune) lang {
	switch {
	case r < 0x0E01:
		return none
	case r <= 0x0E3A || r >= 0x0E40 && r <= 0x0E4E:
		return thai
	case r >= 0x0E81 && r <= 0x0EDF && (r < 0x0ED0 || r > 0x0ED9):
		return lao
	case r >= 0x1000 && r <= 0x103F || r >= 0x1050 && r <= 0x108F || r >= 0x109A && r <= 0x109F ||
		r >= 0xAA60 && r <= 0xAA7F || r >= 0xA9E0 && r <= 0xA9FE && (r < 0xA9F0 || r > 0xA9F9):
		return burmese
	case r >= 0x1780 && r <= 0x17D3 || r == 0x17D7 || r == 0x17DC || r == 0x17DD:
		return khmer
	}
	return none
}

// isMark is ICU's fMarkSet: a word never ends before a combining mark.
func isMark(r rune) bool { return unicode.Is(unicode.M, r) }

// ICU's constants, the same for the four engines: words looked ahead, and
// candidate words kept at one place.
const (
	lookahead     = 3
	minWordSpan   = 4 // a run shorter has no two words
	maxCandidates = 20
)

const (
	paiyannoi = 0x0E2F // ฯ
	maiyamok  = 0x0E46 // ๆ
)

// Breaker finds word boundaries, reusing its buffers.
type Breaker struct {
	runes []rune // the run
	bytes []byte // the run as dictionary bytes
	offs  []int  // byte offset in the text of each rune of the run, and its end
	found []int  // boundaries in the run, as rune indexes
	words [lookahead]possible
}

// Breaks returns the byte offsets of s where a word starts inside a run of
// Thai, Lao, Khmer or Burmese letters, in order: never 0 nor len(s), never
// at a run's edge, never before a combining mark.
func Breaks(s string) []int {
	var b Breaker
	return b.Append(nil, s)
}

// Append appends the boundaries of s, as Breaks returns them, to dst.
func (b *Breaker) Append(dst []int, s string) []int {
	for i := 0; i < len(s); {
		r, w := decode(s, i)
		l := langOf(r)
		if l == none {
			i += w
			continue
		}
		// The run: characters of l's set.
		b.runes, b.bytes, b.offs = b.runes[:0], b.bytes[:0], b.offs[:0]
		j := i
		for j < len(s) {
			r, w := decode(s, j)
			if langOf(r) != l {
				break
			}
			b.runes = append(b.runes, r)
			d := r - langs[l].offset
			if d < 0 || d > 0xFD {
				d = 0xFD // ICU's sentinel: matches nothing
			}
			b.bytes = append(b.bytes, byte(d))
			b.offs = append(b.offs, j)
			j += w
		}
		b.offs = append(b.offs, j)
		if t, err := dict(l); err == nil {
			b.found = b.divide(t, l, b.found[:0])
			for _, k := range b.found {
				dst = append(dst, b.offs[k])
			}
		}
		i = j
	}
	return dst
}

// decode is utf8.DecodeRuneInString for the three-byte characters of the
// scripts served, which is most of the text here.
func decode(s string, i int) (rune, int) {
	if c := s[i]; c < 0x80 {
		return rune(c), 1
	} else if c&0xF0 == 0xE0 && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
		r := rune(c&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F)
		if r >= 0x800 && (r < 0xD800 || r > 0xDFFF) {
			return r, 3
		}
	}
	return utf8.DecodeRuneInString(s[i:])
}

// possible is ICU's PossibleWord: the dictionary words starting at one
// place, longest last, and which of them is being tried and chosen.
type possible struct {
	at            int // where they start; -1 before the first lookup
	count, prefix int
	current, mark int
	lens          [maxCandidates]int
}

// candidates looks up the words at *pos and moves *pos past the longest.
func (p *possible) candidates(t *trie, text []byte, pos *int, end int) int {
	start := *pos
	if start != p.at {
		p.at = start
		p.count, p.prefix = matches(t, text[start:end], &p.lens)
	}
	if p.count > 0 {
		*pos = start + p.lens[p.count-1]
	}
	p.current = p.count - 1
	p.mark = p.current
	return p.count
}

func (p *possible) acceptMarked(pos *int) int {
	*pos = p.at + p.lens[p.mark]
	return p.lens[p.mark]
}

func (p *possible) backUp(pos *int) bool {
	if p.current > 0 {
		p.current--
		*pos = p.at + p.lens[p.current]
		return true
	}
	return false
}

// matches is ICU's BytesDictionaryMatcher.matches: the lengths of the
// words that text starts with (at most maxCandidates), and how far the
// trie followed the text, counting the character that left it.
func matches(t *trie, text []byte, lens *[maxCandidates]int) (count, prefix int) {
	n := int32(0)
	chars := 0
	for chars < len(text) {
		c := t.child(n, text[chars])
		chars++
		if c < 0 {
			break
		}
		n = c
		if t.word[n] && count < maxCandidates {
			lens[count] = chars
			count++
		}
		if t.kids[n] == 0 {
			break
		}
	}
	return count, chars
}

// divide is ICU's divideUpDictionaryRange over the run in b: it appends the
// boundaries inside the run, as rune indexes.
func (b *Breaker) divide(t *trie, l lang, out []int) []int {
	text, rs := b.bytes, b.runes
	end := len(text)
	if end < minWordSpan {
		return out
	}
	at := func(i int) rune {
		if i < end {
			return rs[i]
		}
		return -1
	}
	words := &b.words
	for i := range words {
		words[i].at = -1
	}
	pos, found, n0 := 0, 0, len(out)
	for pos < end {
		current := pos
		wordLength := 0
		w := &words[found%lookahead]
		switch cands := w.candidates(t, text, &pos, end); {
		case cands == 1:
			wordLength = w.acceptMarked(&pos)
			found++
		case cands > 1:
			// Of several words, take one followed by another, best by a
			// third; failing that, the longest.
			if pos < end {
			search:
				for {
					w1 := &words[(found+1)%lookahead]
					if w1.candidates(t, text, &pos, end) > 0 {
						w.mark = w.current
						if pos >= end {
							break search
						}
						for {
							if words[(found+2)%lookahead].candidates(t, text, &pos, end) > 0 {
								w.mark = w.current
								break search
							}
							if !w1.backUp(&pos) {
								break
							}
						}
					}
					if !w.backUp(&pos) {
						break
					}
				}
			}
			wordLength = w.acceptMarked(&pos)
			found++
		}
		// Text no word follows joins a short word before it, unless it
		// starts like a dictionary word; it ends where a word may end and
		// one that the dictionary knows begins.
		if pos < end && wordLength < langs[l].root {
			w := &words[found%lookahead]
			if w.candidates(t, text, &pos, end) <= 0 && (wordLength == 0 || w.prefix < langs[l].prefix) {
				remaining := end - (current + wordLength)
				chars := 0
				for {
					pc := at(pos)
					pos++
					chars++
					remaining--
					if remaining <= 0 {
						break
					}
					uc := at(pos)
					if langs[l].endWord(pc) && langs[l].begin(uc) {
						n := words[(found+1)%lookahead].candidates(t, text, &pos, end)
						pos = current + wordLength + chars
						if n > 0 {
							break
						}
					}
				}
				if wordLength <= 0 {
					found++
				}
				wordLength += chars
			} else {
				pos = current + wordLength
			}
		}
		// Never stop before a combining mark.
		for pos < end && isMark(rs[pos]) {
			pos++
			wordLength++
		}
		// Thai: ฯ and ๆ after a word no other follows belong to it.
		if langs[l].suffixes && pos < end && wordLength > 0 {
			if uc := at(pos); words[found%lookahead].candidates(t, text, &pos, end) <= 0 && (uc == paiyannoi || uc == maiyamok) {
				if uc == paiyannoi && at(pos-1) != paiyannoi && at(pos-1) != maiyamok {
					pos++
					wordLength++
					uc = at(pos)
				}
				if uc == maiyamok && at(pos-1) != maiyamok {
					pos++
					wordLength++
				}
			} else {
				pos = current + wordLength
			}
			// ICU stops here, after ฯ or ๆ, even before a mark that
			// follows it (อะไรฯ็, found by FuzzBreaks); a snippet must not
			// start with one, so the mark joins the word like any other.
			for pos < end && isMark(rs[pos]) {
				pos++
				wordLength++
			}
		}
		if wordLength > 0 {
			out = append(out, current+wordLength)
		}
	}
	// The run's end is no boundary inside it.
	if len(out) > n0 && out[len(out)-1] >= end {
		out = out[:len(out)-1]
	}
	return out
}

// Check reads every dictionary. A dictionary that cannot be read breaks
// no words (snippets then cut at spaces and punctuation only), so
// TestDictionaries calls this to catch a broken embed.
func Check() error {
	for l := lang(0); l < nLangs; l++ {
		if _, err := dict(l); err != nil {
			return err
		}
	}
	return nil
}
