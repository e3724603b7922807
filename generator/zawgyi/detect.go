package zawgyi

import (
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// Threshold is the probability above which text is treated as Zawgyi. It is
// high because Convert rewrites text: a false positive corrupts good Unicode,
// while a missed Zawgyi paragraph is only a missed warning. (Myanmar Tools
// suggests 0.99 before automatic conversion; on paragraph-length text scores
// sit at the extremes, and no line of the test corpus scores between 0.95
// and 0.99, so the two thresholds decide alike there.)
const Threshold = 0.95

// modelData is Myanmar Tools' published zawgyiUnicodeModel.dat (Apache-2.0,
// see NOTICE). Embedding it keeps the generator a single offline binary.
//
//go:embed zawgyiUnicodeModel.dat
var modelData []byte

// defaultModel is parsed once at start-up: the file is 28 KB and part of the
// binary, so a parse error is a build defect, not a run-time condition.
var defaultModel = mustParseModel(modelData)

// The model's states: state 0 stands for "anything that carries no signal"
// (Latin, digits, punctuation, the string's edges); every other state is one
// code point of these ranges, numbered consecutively in this order. The order
// and ranges are part of the file format: the stored matrix is indexed by them.
var stateRanges = [...]struct{ lo, hi rune }{
	{0x1000, 0x103F}, // Myanmar letters and signs, up to the digits
	{0x104A, 0x109F}, // Myanmar punctuation onwards (Zawgyi's private glyphs live here)
	{0xAA60, 0xAA7F}, // Myanmar Extended-A
	{0xA9E0, 0xA9FF}, // Myanmar Extended-B
	{0x2000, 0x200B}, // spaces, including ZERO WIDTH SPACE, common inside Burmese text
}

// numStates is 1 (the null state) plus the size of every range: 227.
// Models without the space states (see model.spaces) use the first 215.
const (
	numStates        = 1 + 64 + 86 + 32 + 32 + 12
	numStatesNoSpace = numStates - 12
)

// stateOf maps a code point to its Markov state; 0 for code points the model
// ignores. Myanmar digits (U+1040–1049) are ignored on purpose: they are the
// same in both encodings. spaces says whether U+2000–200B have states.
func stateOf(r rune, spaces bool) int {
	// Almost every rune the checker sees is ASCII or Burmese; test those first.
	if r < 0x1000 {
		return 0
	}
	base := 1
	for i, rg := range stateRanges {
		if r >= rg.lo && r <= rg.hi {
			if i == len(stateRanges)-1 && !spaces {
				return 0
			}
			return base + int(r-rg.lo)
		}
		base += int(rg.hi-rg.lo) + 1
	}
	return 0
}

// model holds, for every transition from state i to state j, the difference
// log P_unicode(i→j) − log P_zawgyi(i→j) between the two Markov chains.
// spaces is false for models trained without the U+2000–200B states.
type model struct {
	delta  [numStates][numStates]float32
	spaces bool
}

// Magic numbers and versions of the two nested headers of the file format.
const (
	uzModelTag    = "UZMODEL "
	markovTag     = "BMARKOV "
	markovVersion = 0
)

var errTruncated = errors.New("unexpected end of data")

// reader is a tiny big-endian cursor: the format is Java DataOutputStream.
type reader struct {
	b   []byte
	off int
}

func (r *reader) next(n int) ([]byte, error) {
	if len(r.b)-r.off < n {
		return nil, fmt.Errorf("at byte %d: %w", r.off, errTruncated)
	}
	p := r.b[r.off : r.off+n]
	r.off += n
	return p, nil
}

func (r *reader) u16() (int, error) {
	p, err := r.next(2)
	if err != nil {
		return 0, err
	}
	return int(int16(binary.BigEndian.Uint16(p))), nil
}

func (r *reader) u32() (uint32, error) {
	p, err := r.next(4)
	if err != nil {
		return 0, err
	}
	return binary.BigEndian.Uint32(p), nil
}

func (r *reader) f32() (float32, error) {
	u, err := r.u32()
	return math.Float32frombits(u), err
}

// header checks a magic tag and returns the version number after it.
func (r *reader) header(tag string) (uint32, error) {
	p, err := r.next(len(tag))
	if err != nil {
		return 0, err
	}
	if string(p) != tag {
		return 0, fmt.Errorf("bad magic %q, want %q", p, tag)
	}
	return r.u32()
}

// parseModel reads the UZMODEL format, version 1 or 2. Version 2 (the one
// published now) adds a 32-bit "state set version" after the header: 0 means
// the space states U+2000–200B are modelled, 1 that they are not; version 1
// always models them. Then comes a BMARKOV v0 matrix stored sparsely, row by
// row: a count of explicit entries; if non-zero, a fallback value for all
// other columns, then the explicit (column, value) pairs in increasing column
// order. A row with no entries is all zeros. All numbers are big-endian
// (Java's DataOutputStream).
func parseModel(data []byte) (*model, error) {
	r := &reader{b: data}
	m := new(model)
	version, err := r.header(uzModelTag)
	if err != nil {
		return nil, fmt.Errorf("parse zawgyi model: %w", err)
	}
	switch version {
	case 1:
		m.spaces = true
	case 2:
		ssv, err := r.u32()
		if err != nil {
			return nil, fmt.Errorf("parse zawgyi model: %w", err)
		}
		if ssv > 1 {
			return nil, fmt.Errorf("parse zawgyi model: unknown state set %d", ssv)
		}
		m.spaces = ssv == 0
	default:
		return nil, fmt.Errorf("parse zawgyi model: version %d, want 1 or 2", version)
	}
	if version, err := r.header(markovTag); err != nil {
		return nil, fmt.Errorf("parse zawgyi model: %w", err)
	} else if version != markovVersion {
		return nil, fmt.Errorf("parse zawgyi model: %s version %d, want %d", markovTag, version, markovVersion)
	}
	size, err := r.u16()
	if err != nil {
		return nil, fmt.Errorf("parse zawgyi model: %w", err)
	}
	want := numStates
	if !m.spaces {
		want = numStatesNoSpace
	}
	if size != want {
		return nil, fmt.Errorf("parse zawgyi model: %d states, want %d", size, want)
	}
	for i := range size {
		entries, err := r.u16()
		if err != nil {
			return nil, fmt.Errorf("parse zawgyi model: row %d: %w", i, err)
		}
		if entries == 0 {
			continue
		}
		if entries < 0 || entries > size {
			return nil, fmt.Errorf("parse zawgyi model: row %d: %d entries", i, entries)
		}
		fallback, err := r.f32()
		if err != nil {
			return nil, fmt.Errorf("parse zawgyi model: row %d: %w", i, err)
		}
		for j := range size {
			m.delta[i][j] = fallback
		}
		last := -1
		for range entries {
			j, err := r.u16()
			if err != nil {
				return nil, fmt.Errorf("parse zawgyi model: row %d: %w", i, err)
			}
			if j <= last || j >= size {
				return nil, fmt.Errorf("parse zawgyi model: row %d: column %d out of order or range", i, j)
			}
			last = j
			if m.delta[i][j], err = r.f32(); err != nil {
				return nil, fmt.Errorf("parse zawgyi model: row %d: %w", i, err)
			}
		}
	}
	if r.off != len(data) {
		return nil, fmt.Errorf("parse zawgyi model: %d trailing bytes", len(data)-r.off)
	}
	return m, nil
}

func mustParseModel(data []byte) *model {
	m, err := parseModel(data)
	if err != nil {
		panic(err)
	}
	return m
}

// probability scores s as a sequence of transitions between states, including
// one from the start edge and one to the end edge, so "ABC" has four. Runs of
// ignored code points collapse into the null state and null→null transitions
// are skipped, which makes the score independent of surrounding Latin text.
func (m *model) probability(s string) float64 {
	prev := 0
	total := 0.0
	seen := false
	for _, r := range s { // invalid UTF-8 decodes to U+FFFD: the null state
		cur := stateOf(r, m.spaces)
		if prev != 0 || cur != 0 {
			total += float64(m.delta[prev][cur])
			seen = true
		}
		prev = cur
	}
	if prev != 0 {
		total += float64(m.delta[prev][0])
	}
	if !seen {
		return math.Inf(-1)
	}
	// P(zawgyi) = Pz/(Pu+Pz) = 1/(1+exp(log Pu − log Pz)).
	return 1 / (1 + math.Exp(total))
}

// Probability returns the probability, between 0 and 1, that s is Burmese
// text in the Zawgyi encoding rather than in Unicode. It is Myanmar Tools'
// Markov-model detector run on its published model, so its scores match that
// project's. It returns -Inf when s has no Burmese letters or signs at all
// (digits alone do not count): there is nothing to judge, and -Inf compares
// below every threshold.
//
// Short strings score near 0.5; a paragraph scores near 0 or 1.
func Probability(s string) float64 {
	return defaultModel.probability(s)
}

// IsZawgyi reports whether s is Zawgyi with probability above Threshold.
func IsZawgyi(s string) bool {
	return Probability(s) > Threshold
}
