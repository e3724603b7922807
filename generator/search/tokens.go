package search

import (
	"spean/generator/segment"
)

// Vocabulary is the site's synonyms: per language, groups of forms that
// mean the same thing, the approved form first. A page using any form of a
// group is found by a query using any other (see Build).
type Vocabulary map[string][][]string

// synonyms finds the forms of a language's groups in a page's segments.
type synonyms struct {
	// byFirst maps the first segment of a form (a Latin word's stem) to the
	// forms starting with it.
	byFirst map[string][]form
}

type form struct {
	segs  []string  // the form's segments (stems for Latin words)
	other []synTerm // index terms of the group's other forms
}

// synTerm is one index term of a form: a word or a cluster (a), or a pair
// of clusters (a, b), at pos relative to the form's start.
type synTerm struct {
	term, a, b string
	pos        int
}

// newSynonyms prepares groups for matching; nil when there are none.
func newSynonyms(groups [][]string) *synonyms {
	sy := &synonyms{byFirst: map[string][]form{}}
	for _, g := range groups {
		for i, f := range g {
			segs := segment.Split(f)
			if len(segs) == 0 {
				continue
			}
			fm := form{}
			for _, s := range segs {
				fm.segs = append(fm.segs, segKey(s))
			}
			for j, o := range g {
				if j == i {
					continue
				}
				osegs, toks := segment.Analyze(o)
				for _, t := range toks {
					st := synTerm{term: t.Term, a: t.Term, pos: t.Pos}
					if osegs[t.Pos].Script != segment.Latin && len(t.Term) != len(osegs[t.Pos].Text) {
						st.a, st.b = osegs[t.Pos].Text, osegs[t.Pos+1].Text
					}
					fm.other = append(fm.other, st)
				}
			}
			sy.byFirst[fm.segs[0]] = append(sy.byFirst[fm.segs[0]], fm)
		}
	}
	if len(sy.byFirst) == 0 {
		return nil
	}
	return sy
}

// segKey is what a segment must equal to match a form's segment: the stem
// of a Latin word (so "work permits" matches the form "work permit"), the
// text of a cluster.
func segKey(s segment.Segment) string {
	if s.Script == segment.Latin {
		return segment.Stem(s.Text)
	}
	return s.Text
}

// expand calls emit for every term of the other forms of each group whose
// form occurs in segs, at the position of the occurrence.
func (sy *synonyms) expand(segs []segment.Segment, emit func(t synTerm, pos int)) {
	for i := range segs {
		cands := sy.byFirst[segKey(segs[i])]
	next:
		for _, f := range cands {
			if i+len(f.segs) > len(segs) {
				continue
			}
			for k := 1; k < len(f.segs); k++ {
				// A form is a phrase: its segments must follow one another
				// in one run or across a space, not across punctuation.
				if segKey(segs[i+k]) != f.segs[k] || segs[i+k].Break == segment.BreakHard {
					continue next
				}
			}
			for _, t := range f.other {
				emit(t, i+t.pos)
			}
		}
	}
}
