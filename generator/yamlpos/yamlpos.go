// Package yamlpos decodes YAML into Go structs strictly and reports every
// unknown key and wrongly typed value at its own line and column.
//
// Config files and front matter are both YAML written by people; a typo in a
// key must not pass silently, and the message must point at the line. The
// positions come from yaml.v3's node tree, not from parsing its error text.
package yamlpos

import (
	"bytes"
	"encoding"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v4"

	"spean/generator/diag"
)

// Decoder decodes one document's nodes. LineOffset is added to node lines, for
// YAML embedded in a larger file (front matter starts on line 2).
type Decoder struct {
	File       string
	LineOffset int
	Diags      diag.List

	depth int
	// src is the text Parse read when yaml's lines are not its lines
	// (at), else nil.
	src []byte
}

// Pos returns the file position of n.
func (d *Decoder) Pos(n *yaml.Node) diag.Pos {
	return d.at(n.Line, n.Column)
}

// yamlBreaks are the characters yaml breaks lines at, as YAML 1.1 asks,
// and a file's lines do not (frontmatter.Lines, an editor's): NEL, LS and
// PS.
const yamlBreaks = "\u0085\u2028\u2029"

// at is the file position of yaml's line and column. After one of
// yamlBreaks, yaml's line is not the file's, and past the last it names a
// line the file does not have (FuzzSplit found one): the file's line
// counts only \n, \r\n and \r, and its column the characters before
// yaml's line on the file's, then yaml's column.
func (d *Decoder) at(line, col int) diag.Pos {
	if d.src != nil {
		yl, before := 1, 0
		fl := 1
		for i := 0; i < len(d.src) && yl < line; {
			r, w := utf8.DecodeRune(d.src[i:])
			i += w
			switch {
			case r == '\r' || r == '\n':
				if r == '\r' && i < len(d.src) && d.src[i] == '\n' {
					i++
				}
				yl, fl, before = yl+1, fl+1, 0
			case strings.ContainsRune(yamlBreaks, r):
				yl, before = yl+1, before+1
			default:
				before++
			}
		}
		line, col = fl, before+col
	}
	return diag.Pos{File: d.File, Line: line + d.LineOffset, Col: col}
}

// Parse parses src into a node tree. A syntax error is reported at the
// line and column yaml gives in its typed error, with the place the
// construct it was reading began (an unterminated quote is found at the end
// of the file, but the quote is where the writer must look).
func (d *Decoder) Parse(src []byte) (*yaml.Node, bool) {
	d.src = nil
	if bytes.ContainsAny(src, yamlBreaks) {
		d.src = src
	}
	var doc yaml.Node
	if err := yaml.Load(src, &doc, yaml.WithV3Defaults()); err != nil {
		dg := diag.Diagnostic{Pos: diag.Pos{File: d.File, Line: 1 + d.LineOffset, Col: 1}, Severity: diag.Error, Code: "yaml",
			Message: "invalid YAML: " + strings.TrimPrefix(err.Error(), "yaml: "),
			Hint:    "check indentation and quote values that contain ': '"}
		var le *yaml.LoadError
		if errors.As(err, &le) {
			dg.Message = "invalid YAML: " + le.Message
			if le.Mark.Line > 0 {
				dg.Pos = d.mark(le.Mark)
			}
			switch {
			case strings.Contains(le.ContextMsg, "quoted scalar") && le.ContextMark.Line > 0:
				// Found at the end of the text; the quote is where the
				// writer must look.
				dg.Pos = d.mark(le.ContextMark)
				dg.Message = "invalid YAML: this quote is not closed, so the value runs on to the end"
				dg.Hint = "close the quote on the same line, or remove it"
			case le.ContextMsg != "" && le.ContextMark.Line > 0 && le.ContextMark != le.Mark:
				at := d.mark(le.ContextMark)
				dg.Message += fmt.Sprintf(" (%s that starts at line %d, column %d)", le.ContextMsg, at.Line, at.Col)
			}
			// A quote left open takes the next lines into its value
			// until a later quote closes it, and the error is found
			// there: name the line the quote was opened on.
			line := d.mark(le.Mark).Line - d.LineOffset // the file's, from 1
			if strings.Contains(le.Message, "did not find expected key") || strings.Contains(le.Message, "mapping values are not allowed") {
				if n := openQuote(src, line); n > 0 && n < line {
					dg.Hint = fmt.Sprintf("a quote opened at line %d is not closed on its line: close it there", n+d.LineOffset)
				}
			}
			// A tab where YAML expects indentation reads as "a character
			// that cannot start any token", which does not say what to do.
			if col, ok := tabIndent(src, line); ok {
				dg.Pos = diag.Pos{File: d.File, Line: line + d.LineOffset, Col: col}
				dg.Message = "invalid YAML: a tab indents this line, and YAML indents with spaces only"
				dg.Hint = "replace the tab with spaces, as many as the lines around it use"
			}
		}
		d.Diags.Add(dg)
		return nil, false
	}
	if len(doc.Content) == 0 {
		return &yaml.Node{Kind: yaml.MappingNode, Line: 1, Column: 1}, true
	}
	return doc.Content[0], true
}

// openQuote is the first line (from 1) before line whose double or single
// quotes do not pair up, a value's quote left open; 0 for none. Quotes
// escaped with a backslash, and an apostrophe inside a word (don't), are
// not counted.
func openQuote(src []byte, line int) int {
	lines := bytes.Split(src, []byte("\n"))
	for i := 0; i < line-1 && i < len(lines); i++ {
		l := lines[i]
		double, single := 0, 0
		for j, c := range l {
			switch {
			case c == '"' && (j == 0 || l[j-1] != '\\'):
				double++
			case c == '\'' && (j == 0 || !isWordByte(l[j-1]) || j+1 == len(l) || !isWordByte(l[j+1])):
				single++
			}
		}
		if double%2 == 1 || single%2 == 1 {
			return i + 1
		}
	}
	return 0
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// tabIndent reports whether line (from 1) of src has a tab among the
// blanks before its first character, and the tab's column.
func tabIndent(src []byte, line int) (int, bool) {
	if line < 1 {
		return 0, false
	}
	for i := 1; i < line; i++ {
		nl := bytes.IndexByte(src, '\n')
		if nl < 0 {
			return 0, false
		}
		src = src[nl+1:]
	}
	for i, c := range src {
		switch c {
		case '\t':
			return i + 1, true
		case ' ':
		default:
			return 0, false
		}
	}
	return 0, false
}

func (d *Decoder) mark(m yaml.Mark) diag.Pos {
	return d.at(m.Line, max(m.Column, 1))
}

// Decode fills out (a pointer to a struct) from n. Keys are matched by the
// `yaml` struct tag. Problems are collected in d.Diags; decoding goes on past
// them so one run reports them all.
func (d *Decoder) Decode(n *yaml.Node, out any) {
	d.decode(n, reflect.ValueOf(out).Elem(), "")
}

var timeType = reflect.TypeOf(time.Time{})

// MinYear and MaxYear bound the dates a document may hold: a date outside
// them is a typing mistake (2205 for 2025), and it would be printed to
// readers as the day facts were checked.
const (
	MinYear = 1970
	MaxYear = 2100
)

func (d *Decoder) decode(n *yaml.Node, v reflect.Value, path string) {
	d.depth++
	defer func() { d.depth-- }()
	if d.depth > maxDepth {
		// An alias that refers to its own ancestor would recurse forever.
		if d.depth == maxDepth+1 {
			d.Diags.Add(diag.Diagnostic{Pos: d.Pos(n), Severity: diag.Error, Code: "yaml",
				Message: fmt.Sprintf("%s: nested more than %d levels deep", orTop(path), maxDepth), Hint: "an anchor (&) may refer to itself"})
		}
		return
	}
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return
	}
	switch {
	case v.Kind() == reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		d.decode(n, v.Elem(), path)
		return
	case v.Type() == timeType:
		d.decodeDate(n, v, path)
		return
	case v.Kind() == reflect.Struct:
		d.decodeStruct(n, v, path)
		return
	case v.Kind() == reflect.Slice && n.Kind == yaml.SequenceNode && needsWalk(v.Type().Elem()):
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, c := range n.Content {
			d.decode(c, s.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
		v.Set(s)
		return
	}
	if tu, ok := v.Addr().Interface().(encoding.TextUnmarshaler); ok && n.Kind == yaml.ScalarNode {
		// Types that read themselves from text (a size like 5MB).
		if err := tu.UnmarshalText([]byte(n.Value)); err != nil {
			d.Diags.Add(diag.Diagnostic{Pos: d.Pos(n), Severity: diag.Error, Code: "type",
				Message: fmt.Sprintf("%s: %v", path, err)})
		}
		return
	}
	if tags, ok := strictTags[v.Kind()]; ok && n.Kind == yaml.ScalarNode && !slices.Contains(tags, n.ShortTag()) {
		// yaml would turn "yes", "on" or "1" into true when asked for a
		// bool; a writer who typed draft: "yes" and saw the page vanish
		// deserves an error instead.
		hint := ""
		if v.Kind() == reflect.Bool {
			hint = "write true or false, without quotes"
		} else if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
			hint = "write the number without quotes"
		}
		d.Diags.Add(diag.Diagnostic{Pos: d.Pos(n), Severity: diag.Error, Code: "type",
			Message: fmt.Sprintf("%s: expected %s, found %s", path, describe(v.Type()), found(n)), Hint: hint})
		return
	}
	if err := n.Decode(v.Addr().Interface()); err != nil {
		d.Diags.Add(diag.Diagnostic{
			Pos: d.Pos(n), Severity: diag.Error, Code: "type",
			Message: fmt.Sprintf("%s: expected %s, found %s", path, describe(v.Type()), found(n)),
		})
	}
}

// maxDepth bounds how deep a document may nest, aliases followed.
const maxDepth = 64

// strictTags are the YAML tags a scalar must resolve to for each kind of
// Go value: a bool only from true or false, a number only from a number.
var strictTags = map[reflect.Kind][]string{
	reflect.Bool:    {"!!bool"},
	reflect.Int:     {"!!int"},
	reflect.Int64:   {"!!int"},
	reflect.Int32:   {"!!int"},
	reflect.Float64: {"!!int", "!!float"},
	reflect.Float32: {"!!int", "!!float"},
}

// needsWalk says whether a slice element type must be decoded field by field
// (so that its unknown keys are reported) rather than by yaml.v3 directly.
func needsWalk(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.Kind() == reflect.Struct && t != timeType
}

func (d *Decoder) decodeDate(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind == yaml.ScalarNode {
		for _, layout := range []string{"2006-01-02", time.RFC3339, "2006-01-02T15:04:05"} {
			if t, err := time.Parse(layout, n.Value); err == nil {
				if t.Year() < MinYear || t.Year() > MaxYear {
					d.Diags.Add(diag.Diagnostic{Pos: d.Pos(n), Severity: diag.Error, Code: "date",
						Message: fmt.Sprintf("%s: %s is outside %d–%d", path, n.Value, MinYear, MaxYear), Hint: "a typing mistake in the year?"})
					return
				}
				v.Set(reflect.ValueOf(t))
				return
			}
		}
	}
	d.Diags.Add(diag.Diagnostic{
		Pos: d.Pos(n), Severity: diag.Error, Code: "type",
		Message: fmt.Sprintf("%s: expected a date like 2026-01-31, found %s", path, found(n)),
	})
}

func (d *Decoder) decodeStruct(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		d.Diags.Add(diag.Diagnostic{
			Pos: d.Pos(n), Severity: diag.Error, Code: "type",
			Message: fmt.Sprintf("%s: expected a mapping of keys, found %s", orTop(path), found(n)),
		})
		return
	}
	fields := FieldNames(v.Type())
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		key := k.Value
		sub := key
		if path != "" {
			sub = path + "." + key
		}
		if seen[key] {
			d.Diags.Add(diag.Diagnostic{Pos: d.Pos(k), Severity: diag.Error, Code: "duplicate-key",
				Message: fmt.Sprintf("key %q appears twice", sub)})
			continue
		}
		seen[key] = true
		idx, ok := fields[key]
		if !ok {
			d.Diags.Add(diag.Diagnostic{
				Pos: d.Pos(k), Severity: diag.Error, Code: "unknown-key",
				Message: fmt.Sprintf("unknown key %q", sub),
				Hint:    hintFor(key, fields),
			})
			continue
		}
		d.decode(val, v.FieldByIndex(idx), sub)
	}
}

func orTop(p string) string {
	if p == "" {
		return "document"
	}
	return p
}

// FieldNames maps the yaml names of t's fields to their indexes.
func FieldNames(t reflect.Type) map[string][]int {
	m := map[string][]int{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		m[name] = f.Index
	}
	return m
}

func hintFor(key string, fields map[string][]int) string {
	best, bestD := "", 3
	var names []string
	for name := range fields {
		names = append(names, name)
		if dd := diag.Distance(strings.ToLower(key), name); dd < bestD {
			best, bestD = name, dd
		}
	}
	if best != "" {
		return fmt.Sprintf("did you mean %q?", best)
	}
	slices.Sort(names)
	return "known keys: " + strings.Join(names, ", ")
}

func describe(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "a whole number"
	case reflect.Float64, reflect.Float32:
		return "a number"
	case reflect.String:
		return "text"
	case reflect.Slice:
		return "a list of " + strings.TrimPrefix(describe(t.Elem()), "a ")
	case reflect.Map:
		return "a mapping"
	}
	return t.String()
}

func found(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		return fmt.Sprintf("%q (quoted text)", n.Value)
	}
	return fmt.Sprintf("%q", n.Value)
}

// KeyPositions returns the position of each top-level key of a mapping node,
// so later checks (missing sources, future dates) can point at the right line.
func (d *Decoder) KeyPositions(n *yaml.Node) map[string]diag.Pos {
	m := map[string]diag.Pos{}
	if n == nil || n.Kind != yaml.MappingNode {
		return m
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		m[n.Content[i].Value] = d.Pos(n.Content[i])
	}
	return m
}

// Paths returns the position of every value in the tree under n, keyed by
// the same dotted path Decode uses in messages ("languages[1].fallback[0]").
// Validation that happens after decoding uses it to point at the value.
func (d *Decoder) Paths(n *yaml.Node) map[string]diag.Pos {
	m := map[string]diag.Pos{}
	var walk func(n *yaml.Node, path string)
	walk = func(n *yaml.Node, path string) {
		if n == nil {
			return
		}
		m[path] = d.Pos(n)
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				p := n.Content[i].Value
				if path != "" {
					p = path + "." + p
				}
				walk(n.Content[i+1], p)
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				walk(c, fmt.Sprintf("%s[%d]", path, i))
			}
		}
	}
	walk(n, "")
	return m
}
