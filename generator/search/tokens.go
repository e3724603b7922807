package search

import "spean/generator/segment"

// token is one index term and the position of its first segment, counted
// in segments from the start of the text.
type token struct {
	key string
	pos int
	// unigram is true for a lone cluster of a script written without
	// spaces. segment indexes every cluster alone and paired with the next;
	// alone it only serves one-cluster queries, which need no positions.
	unigram bool
}

// tokens cuts text into index terms with package segment, whose JavaScript
// twin cuts the reader's query.
func tokens(text string) []token {
	segs := segment.Split(text)
	toks := segment.IndexTokens(text)
	out := make([]token, len(toks))
	for i, t := range toks {
		s := segs[t.Pos]
		out[i] = token{t.Term, t.Pos, s.Script != segment.Latin && s.Text == t.Term}
	}
	return out
}

// units returns the segments of text, for cutting parts at their borders.
func units(text string) []segment.Segment { return segment.Split(text) }

func countUnits(text string) int { return len(segment.Split(text)) }
