package segment

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestRecall measures, on the UDHR, whether an AND query of the terms
// QueryTokens gives finds the article a reader copied it from. For each of
// Khmer, Lao, Burmese and Thai it draws 200 pieces of 6–14 characters, cut at
// cluster boundaries from the middle of space-free runs, and tries each:
//
//   - closed: the piece followed by a space (all terms exact);
//   - open: the piece as typed so far (its last clusters a prefix);
//   - typing: the piece cut inside its last cluster;
//   - across a space: clusters on both sides of a space in the article,
//     typed without it.
//
// Every variant must find its article (recall 100%: the bigram scheme
// guarantees it). It also reports precision: of the articles an AND query
// matches, the share that really contain the piece.
func TestRecall(t *testing.T) {
	for _, lang := range []string{"km", "lo", "my", "th"} {
		t.Run(lang, func(t *testing.T) {
			arts := udhr(t, lang)
			terms := make([]map[string]bool, len(arts))
			norms := make([]string, len(arts))
			splits := make([][]Segment, len(arts))
			for i, a := range arts {
				terms[i] = termSet(IndexTokens(a))
				norms[i] = strings.Join(strings.Fields(Normalize(a)), "")
				splits[i] = Split(a)
			}
			rng := rand.New(rand.NewPCG(4, uint64(lang[0])<<8|uint64(lang[1])))
			var closed, open, typing, across, tried, acrossTried, matched, relevant int
			check := func(kind, q string, art int) bool {
				missing, ok := matches(q, terms[art])
				if !ok {
					t.Errorf("%s query %q misses article %d: %s", kind, q, art, missing)
				}
				return ok
			}
			for tried < 200 {
				art := rng.IntN(len(arts))
				segs, text := splits[art], arts[art]
				// a cluster in the middle of a run: not the run's first
				i := 1 + rng.IntN(len(segs)-1)
				if segs[i].Break != BreakNone || segs[i].Script == Latin {
					continue
				}
				j, n := i, 0
				for j < len(segs) && n < 6 && (j == i || segs[j].Break == BreakNone) {
					n += utf8.RuneCountInString(text[segs[j].Start:segs[j].End])
					j++
				}
				// end before the run does, within the length asked for
				if n < 6 || n > 14 || j == len(segs) || segs[j].Break != BreakNone {
					continue
				}
				tried++
				q := text[segs[i].Start:segs[j-1].End]
				if check("closed", q+" ", art) {
					closed++
				}
				if check("open", q, art) {
					open++
				}
				last := []rune(text[segs[j-1].Start:segs[j-1].End])
				cut := q
				if len(last) > 1 {
					cut = q[:len(q)-len(string(last[1+rng.IntN(len(last)-1):]))]
				}
				if check("typing", cut, art) {
					typing++
				}
				// precision of the closed query over all articles
				nq := Normalize(q)
				for k := range arts {
					if _, ok := matches(q+" ", terms[k]); ok {
						matched++
						if strings.Contains(norms[k], nq) {
							relevant++
						}
					}
				}
			}
			for acrossTried < 200 {
				art := rng.IntN(len(arts))
				segs, text := splits[art], arts[art]
				k := 2 + rng.IntN(len(segs)-4)
				if segs[k].Break != BreakSpace || segs[k-1].Break != BreakNone || segs[k-2].Break == BreakHard || segs[k+1].Break != BreakNone {
					continue
				}
				acrossTried++
				q := text[segs[k-2].Start:segs[k-1].End] + text[segs[k].Start:segs[k+1].End]
				if check("across-space", q+" ", art) {
					across++
				}
			}
			t.Logf("%s recall: closed %d/%d, open %d/%d, typing %d/%d, across a space %d/%d; precision %.1f%% (%d of %d article matches contain the piece)",
				lang, closed, tried, open, tried, typing, tried, across, acrossTried, 100*float64(relevant)/float64(matched), relevant, matched)
		})
	}
}

// TestRecallEnglish does the same for English: 200 runs of one to three
// words, the last one cut at a random letter, must find their article.
func TestRecallEnglish(t *testing.T) {
	arts := udhr(t, "en")
	rng := rand.New(rand.NewPCG(5, 5))
	found := 0
	for n := 0; n < 200; n++ {
		art := rng.IntN(len(arts))
		segs := Split(arts[art])
		i := rng.IntN(len(segs) - 3)
		j := i + 1 + rng.IntN(3)
		q := arts[art][segs[i].Start:segs[j-1].End]
		last := segs[j-1]
		q = q[:len(q)-(last.End-last.Start)+1+rng.IntN(last.End-last.Start)]
		if missing, ok := matches(q, termSet(IndexTokens(arts[art]))); ok {
			found++
		} else {
			t.Errorf("query %q misses article %d: %s", q, art, missing)
		}
	}
	t.Logf("en recall: %d/200 word runs, last word cut", found)
}
