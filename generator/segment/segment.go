package segment

import (
	"strings"
	"unicode/utf8"
)

// Break says what stands between a segment and the segment before it. Runs of
// segments joined by BreakNone are the space-free runs that bigrams are made
// of.
type Break uint8

const (
	// BreakHard: the first segment, a change of script, or punctuation
	// (anything but white space) in between.
	BreakHard Break = iota
	// BreakSpace: only white space in between, with at most one line break,
	// and the same script on both sides. Thai, Lao, Khmer and Burmese writers
	// put spaces between phrases where a reader's query has none, so the
	// index pairs clusters across such a space too.
	BreakSpace
	// BreakNone: nothing in between; the segment continues the run.
	BreakNone
)

var breakNames = [...]string{"hard", "space", "none"}

func (b Break) String() string {
	if int(b) < len(breakNames) {
		return breakNames[b]
	}
	return "unknown"
}

// Segment is one cluster (Thai, Lao, Khmer, Burmese, other scripts) or one
// word (Latin letters and digits).
type Segment struct {
	// Text is the normalised text of the segment: Normalize(input[Start:End]).
	Text string
	// Start and End are byte offsets in the original input, for highlighting.
	// Characters that normalisation drops may sit inside the range or between
	// ranges.
	Start, End int
	Script     Script
	Break      Break
}

// piece is a segment with its place in the normalised text.
type piece struct {
	Segment
	nstart, nend int
}

// Split cuts s into segments, in order. Separators (white space,
// punctuation, symbols, emoji) belong to no segment.
func Split(s string) []Segment {
	_, ps, _ := split(s)
	segs := make([]Segment, len(ps))
	for i, p := range ps {
		segs[i] = p.Segment
	}
	return segs
}

// split returns the normalised text, the segments, and whether the text ends
// with a separator, closing the last segment.
func split(s string) (string, []piece, bool) {
	var n normalizer
	return n.split(s, nil)
}

// split is split with n's buffers and ps's storage, reused from call to
// call by an Analyzer.
func (n *normalizer) split(s string, ps []piece) (string, []piece, bool) {
	n.run(s)
	ns := string(n.out)
	units := n.units
	kind := func(i int) (Script, bool) {
		r, _ := utf8.DecodeRuneInString(ns[units[i].nstart:])
		inf := infoOf(r)
		switch inf.class() {
		case clsWord:
			return Latin, true
		case clsBase, clsLead:
			return inf.script(), true
		case clsMark:
			// A mark with nothing to sit on (only possible at the start):
			// a cluster of its script, or a separator if it is generic.
			return inf.script(), inf.script() >= Thai
		}
		return 0, false
	}
	text := func(i int) string { return ns[units[i].nstart:units[i].nend] }

	if ps == nil {
		ps = make([]piece, 0, len(units)/2+1)
	}
	ps = ps[:0]
	gapHard, newlines := true, 0 // what lies between the last segment and unit i
	closed := false
	for i := 0; i < len(units); {
		sc, ok := kind(i)
		if !ok {
			closed = true
			for _, r := range text(i) {
				if r == '\n' {
					newlines++
				} else if !isSpace(r) {
					gapHard = true
				}
			}
			i++
			continue
		}
		closed = false
		j := i + 1
		for j < len(units) {
			sc2, ok2 := kind(j)
			join := false
			switch {
			case !ok2 || sc2 != sc:
			case sc == Latin:
				join = true
			case sc == Khmer:
				// A consonant after coeng is written below the cluster.
				join = strings.HasSuffix(text(j-1), "\u17D2")
			case sc == Myanmar:
				// A stacked consonant (after virama) or a killed final
				// consonant (with asat) belongs to the syllable before.
				join = strings.HasSuffix(text(j-1), "\u1039") || myFinal(text(j)) == 2
			}
			if !join {
				break
			}
			j++
		}
		b := BreakHard
		if len(ps) > 0 && ps[len(ps)-1].Script == sc {
			switch {
			case gapHard || newlines > 1:
			case ps[len(ps)-1].nend == int(units[i].nstart):
				b = BreakNone
			default:
				b = BreakSpace
			}
		}
		ps = append(ps, piece{
			Segment: Segment{
				Text:   ns[units[i].nstart:units[j-1].nend],
				Start:  int(units[i].start),
				End:    int(units[j-1].end),
				Script: sc,
				Break:  b,
			},
			nstart: int(units[i].nstart),
			nend:   int(units[j-1].nend),
		})
		gapHard, newlines = false, 0
		i = j
	}
	return ns, ps, closed
}

// myFinal tells whether the Burmese unit or cluster u is a consonant that
// belongs to the syllable before: 2 if it is killed, with asat (န် in ကျွန်)
// or virama (the top of a stack, န္ in မန္တ), before any mark that cannot
// precede a killed final (anything but ံ ့ း and the other marks ranked
// after asat); 1 if not yet, as more typing could still kill it; 0
// otherwise. Only the marks up to the asat count, so that marks typed after
// it never undo the join.
func myFinal(u string) int {
	r, w := utf8.DecodeRuneInString(u)
	if r < 0x1000 || r > 0x1021 {
		return 0
	}
	for _, m := range u[w:] {
		if m == 0x103A || m == 0x1039 {
			return 2
		}
		if inf := infoOf(m); inf.class() != clsMark || inf.script() != Myanmar || inf.rank() < 9 {
			return 0
		}
	}
	return 1
}
