// Package diag carries problems found anywhere in the pipeline as positioned
// diagnostics, so that every stage can report all it finds in one run and the
// CLI can print them as `file:line:col: message` in a stable order.
package diag

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Severity orders diagnostics; only Error fails a build.
type Severity int

const (
	Info Severity = iota
	Warning
	Error
)

func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	default:
		return "error"
	}
}

// Pos is a place in a source file. Line and Col are 1-based; Col counts
// characters (runes), which is what editors jump to. A zero Line means the
// whole file.
type Pos struct {
	File string
	Line int
	Col  int
}

func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	default:
		return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
	}
}

// Diagnostic is one finding. Code is a short stable identifier tools can
// filter on (for example "link", "config", "missing"); Hint says what to do.
type Diagnostic struct {
	Pos      Pos
	Severity Severity
	Code     string
	Message  string
	Hint     string
}

func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.Pos.String())
	b.WriteString(": ")
	if d.Severity != Error {
		b.WriteString(d.Severity.String())
		b.WriteString(": ")
	}
	b.WriteString(d.Message)
	if d.Hint != "" {
		b.WriteString(" (")
		b.WriteString(d.Hint)
		b.WriteString(")")
	}
	return b.String()
}

// List collects diagnostics. It is not safe for concurrent use; stages that
// work concurrently collect per worker and Append.
type List []Diagnostic

// Errorf adds an error at pos.
func (l *List) Errorf(pos Pos, code, format string, args ...any) {
	*l = append(*l, Diagnostic{Pos: pos, Severity: Error, Code: code, Message: fmt.Sprintf(format, args...)})
}

// Add appends d.
func (l *List) Add(d Diagnostic) { *l = append(*l, d) }

// HasErrors reports whether any diagnostic is an Error.
func (l List) HasErrors() bool {
	for _, d := range l {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Sort orders by file, line, column, then message, so output is deterministic
// however concurrently the diagnostics were found.
func (l List) Sort() {
	slices.SortStableFunc(l, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			cmp.Compare(a.Message, b.Message),
		)
	})
}

// Error makes a List usable as an error value: the build returns it when it
// fails so callers can still reach every diagnostic with errors.As.
func (l List) Error() string {
	var b strings.Builder
	for i, d := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.String())
	}
	return b.String()
}

// Err returns l as an error if it holds any Error diagnostic, else nil.
func (l List) Err() error {
	if l.HasErrors() {
		l.Sort()
		return l
	}
	return nil
}

// OffsetPos converts a byte offset in src into a position, counting lines
// from firstLine (the line of src[0] in the file). Columns count runes.
func OffsetPos(file string, src []byte, offset, firstLine int) Pos {
	if offset > len(src) {
		offset = len(src)
	}
	if offset < 0 {
		offset = 0
	}
	line := firstLine
	lineStart := 0
	for i := 0; i < offset; i++ {
		if src[i] == '\n' {
			line++
			lineStart = i + 1
		}
	}
	return Pos{File: file, Line: line, Col: utf8.RuneCount(src[lineStart:offset]) + 1}
}

// Distance is the Levenshtein distance between a and b in characters, for
// "did you mean …?" hints.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := 1
			if ra[i-1] == rb[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Closest returns the option nearest to s within maxDist edits, for "did
// you mean …?" hints, or "" when none is that close. Ties go to the option
// listed first.
func Closest(s string, options []string, maxDist int) string {
	best, bestD := "", maxDist+1
	for _, o := range options {
		if d := Distance(s, o); d < bestD {
			best, bestD = o, d
		}
	}
	return best
}

// FromError turns err into diagnostics: the list itself when err is (or
// wraps) a List, else one error at pos with err's text.
func FromError(err error, pos Pos) List {
	if err == nil {
		return nil
	}
	var l List
	if errors.As(err, &l) {
		return l
	}
	return List{{Pos: pos, Severity: Error, Code: "error", Message: err.Error()}}
}
