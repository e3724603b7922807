// Package frontmatter is the one reader of the YAML front matter at the top
// of a content file: where it is (Split) and what it says, with the position
// of every value (Decode). The build, check, new --translate and stamp all
// read front matter through it, so a file one accepts the others accept
// too: a UTF-8 byte-order mark, and \n, \r\n or \r line endings.
//
// Split works on the raw bytes and returns offsets, so a command that
// rewrites one line (stamp) keeps every other byte of the file.
package frontmatter

import (
	"bytes"

	"spean/generator/diag"
	"spean/generator/yamlpos"
)

// Delim is the line that opens and closes front matter.
const Delim = "---"

var bom = []byte("\ufeff")

// Parts locates the front matter of a file. Offsets are into the data
// given to Split.
type Parts struct {
	// Has is false for a file without front matter: then the body is the
	// whole file after any byte-order mark.
	Has bool
	// YAMLStart and YAMLEnd bound the YAML text, between the --- lines.
	YAMLStart, YAMLEnd int
	// YAMLLine is the line of the file on which the YAML text starts.
	YAMLLine int
	// BodyStart is where the body starts, after the closing --- line, and
	// BodyLine its line.
	BodyStart, BodyLine int
	// EOL is the file's line ending, as its first line ends: "\n",
	// "\r\n" or "\r". Lines a command adds use it.
	EOL string
}

// YAML returns the front matter's text.
func (p Parts) YAML(data []byte) []byte { return data[p.YAMLStart:p.YAMLEnd] }

// Body returns the text after the front matter.
func (p Parts) Body(data []byte) []byte { return data[p.BodyStart:] }

// line returns the line at off and the offset of the next one; the line
// excludes its ending.
func line(data []byte, off int) (text []byte, next int, eol string) {
	for i := off; i < len(data); i++ {
		switch data[i] {
		case '\n':
			return data[off:i], i + 1, "\n"
		case '\r':
			if i+1 < len(data) && data[i+1] == '\n' {
				return data[off:i], i + 2, "\r\n"
			}
			return data[off:i], i + 1, "\r"
		}
	}
	return data[off:], len(data), ""
}

// Lines splits data into its lines, each with its own ending (\n, \r\n
// or \r), so joining them gives data back: commands that rewrite some
// lines keep every other byte.
func Lines(data []byte) [][]byte {
	var out [][]byte
	for off := 0; off < len(data); {
		_, next, _ := line(data, off)
		out = append(out, data[off:next])
		off = next
	}
	return out
}

// isDelim reports whether a line is ---, trailing blanks allowed.
func isDelim(l []byte) bool { return string(bytes.TrimRight(l, " \t")) == Delim }

// Split finds the front matter of data: a first line --- and the next line
// that is --- too. A file whose first line is --- but has no closing line
// is an error at line 1: its whole text would otherwise be read as YAML.
func Split(file string, data []byte) (Parts, diag.List) {
	start := 0
	if bytes.HasPrefix(data, bom) {
		start = len(bom)
	}
	first, next, eol := line(data, start)
	if eol == "" || !isDelim(first) {
		if eol == "" {
			eol = "\n"
		}
		return Parts{BodyStart: start, BodyLine: 1, EOL: eol}, nil
	}
	p := Parts{Has: true, YAMLStart: next, YAMLLine: 2, EOL: eol}
	for off, n := next, 2; off < len(data); n++ {
		l, after, _ := line(data, off)
		if isDelim(l) {
			p.YAMLEnd, p.BodyStart, p.BodyLine = off, after, n+1
			return p, nil
		}
		off = after
	}
	return Parts{}, diag.List{{Pos: diag.Pos{File: file, Line: 1, Col: 1}, Severity: diag.Error, Code: "front-matter",
		Message: "front matter is not closed", Hint: "add a line with --- after the last front-matter line"}}
}

// Fields is what Decode found besides the values: where each key and each
// value is, for messages about them.
type Fields struct {
	// Keys holds the position of each top-level key.
	Keys map[string]diag.Pos
	// Values holds the position of every value by its dotted path, as
	// yamlpos names it ("countries[1]", "sources[0].url").
	Values map[string]diag.Pos
}

// Decode decodes the front matter of data, located by p, into out (a
// pointer to a struct whose yaml tags name the fields). Unknown keys, wrong
// types and YAML syntax errors are reported at their own line and column.
func Decode(file string, data []byte, p Parts, out any) (Fields, diag.List) {
	f := Fields{Keys: map[string]diag.Pos{}, Values: map[string]diag.Pos{}}
	if !p.Has {
		return f, nil
	}
	dec := &yamlpos.Decoder{File: file, LineOffset: p.YAMLLine - 1}
	node, ok := dec.Parse(p.YAML(data))
	if !ok {
		return f, dec.Diags
	}
	dec.Decode(node, out)
	f.Keys = dec.KeyPositions(node)
	f.Values = dec.Paths(node)
	return f, dec.Diags
}
