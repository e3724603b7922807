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
// twin cuts the reader's query. IndexTokens gives each cluster's own term
// first, then its pair; a Latin word gives one term.
func tokens(text string) []token {
	toks := segment.IndexTokens(text)
	out := make([]token, len(toks))
	for i, t := range toks {
		lone := (i == 0 || toks[i-1].Pos != t.Pos) && !isLatin(t.Term)
		out[i] = token{t.Term, t.Pos, lone}
	}
	return out
}

// isLatin reports a Latin word: segment folds digits to ASCII and Latin
// words are letters and digits, so the first character tells.
func isLatin(term string) bool {
	for _, r := range term {
		return r < 0x250
	}
	return false
}

// units returns the segments of text, for cutting parts at their borders.
func units(text string) []segment.Segment { return segment.Split(text) }
