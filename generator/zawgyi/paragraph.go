package zawgyi

import "strings"

// Finding is one paragraph of Burmese text and how likely it is to be Zawgyi.
// Start and End are byte offsets into the text given to Paragraphs, so
// text[f.Start:f.End] is the paragraph, ready for Convert, and the checker can
// turn Start into a line and column.
type Finding struct {
	Start, End  int
	Probability float64
}

// Zawgyi reports whether the paragraph is Zawgyi with probability above
// Threshold.
func (f Finding) Zawgyi() bool { return f.Probability > Threshold }

// Paragraphs splits text into paragraphs, separated by lines that are empty
// or hold only spaces and tabs (the Markdown rule), and scores each one that
// contains Burmese letters. Paragraphs without Burmese are left out: they
// would score -Inf and a checker has nothing to say about them.
//
// Scoring paragraphs rather than a whole page matters: a page may quote a
// Zawgyi sentence amid Unicode text, and a whole-page score would drown it,
// while single lines or words are too short to judge reliably.
func Paragraphs(text string) []Finding {
	var out []Finding
	start := -1 // start of the current paragraph, -1 between paragraphs
	flush := func(end int) {
		if start < 0 {
			return
		}
		// Trim the line break(s) that end the paragraph from its span.
		for end > start && (text[end-1] == '\n' || text[end-1] == '\r') {
			end--
		}
		if p := Probability(text[start:end]); p >= 0 {
			out = append(out, Finding{Start: start, End: end, Probability: p})
		}
		start = -1
	}
	for off := 0; off < len(text); {
		eol := strings.IndexByte(text[off:], '\n')
		next := len(text)
		if eol >= 0 {
			next = off + eol + 1
		}
		if strings.TrimLeft(text[off:next], " \t\r\n") == "" {
			flush(off)
		} else if start < 0 {
			start = off
		}
		off = next
	}
	flush(len(text))
	return out
}
