package paths

import (
	"bytes"
	"fmt"
	"io/fs"
	"unicode/utf8"

	"spean/generator/diag"
)

// maxTextDiags caps the findings reported per file: a file saved in the
// wrong encoding has a bad byte on every line, and one message says it.
const maxTextDiags = 5

// ReadText reads a text input (markdown, YAML, a layout) from fsys and
// checks it with Text. A file that cannot be read is one error naming it.
func ReadText(fsys fs.FS, name string) ([]byte, diag.List) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		var l diag.List
		l.Errorf(diag.Pos{File: name}, "read", "cannot read: %v", readReason(err))
		return nil, l
	}
	return Text(name, data)
}

// readReason drops the path fs.PathError repeats: the diagnostic already
// names the file.
func readReason(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// Text checks that data is text every later stage can trust, and returns
// it with line endings made \n. Invalid UTF-8, NUL and the other C0
// control characters (tab, line feed and carriage return aside) are errors
// at their line and column: copied into a page they garble it or hide
// text. A UTF-8 byte-order mark is dropped; UTF-16 and UTF-32 files are
// refused with what to do. CRLF and lone CR line endings (Windows and old
// Mac editors) become \n, keeping every line number.
func Text(name string, data []byte) ([]byte, diag.List) {
	var diags diag.List
	for _, bom := range []struct {
		mark []byte
		enc  string
	}{{[]byte{0, 0, 0xFE, 0xFF}, "UTF-32"}, {[]byte{0xFF, 0xFE, 0, 0}, "UTF-32"}, {[]byte{0xFE, 0xFF}, "UTF-16"}, {[]byte{0xFF, 0xFE}, "UTF-16"}} {
		if bytes.HasPrefix(data, bom.mark) {
			diags.Add(diag.Diagnostic{Pos: diag.Pos{File: name, Line: 1, Col: 1}, Severity: diag.Error, Code: "encoding",
				Message: fmt.Sprintf("the file is saved as %s, not UTF-8", bom.enc),
				Hint:    "save it again choosing the UTF-8 encoding"})
			return nil, diags
		}
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	clean := bytes.IndexByte(data, '\r') < 0 && utf8.Valid(data) && !hasControl(data)
	if clean {
		return data, nil
	}
	out := make([]byte, 0, len(data))
	line, col, found := 1, 1, 0
	report := func(msg, hint string) {
		found++
		if found <= maxTextDiags {
			diags.Add(diag.Diagnostic{Pos: diag.Pos{File: name, Line: line, Col: col}, Severity: diag.Error, Code: "encoding", Message: msg, Hint: hint})
		}
	}
	for i := 0; i < len(data); {
		c := data[i]
		switch {
		case c == '\r':
			out = append(out, '\n')
			i++
			if i < len(data) && data[i] == '\n' {
				i++
			}
			line, col = line+1, 1
			continue
		case c == '\n':
			out = append(out, c)
			i++
			line, col = line+1, 1
			continue
		case c < 0x20 && c != '\t':
			report(fmt.Sprintf("control character U+%04X in the text", c), "delete it; it often comes from copying out of another program")
			i++
			col++
			continue
		case c < utf8.RuneSelf:
			out = append(out, c)
			i++
			col++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			report(fmt.Sprintf("invalid UTF-8 (byte 0x%02X)", c), "the file is not saved as UTF-8: save it again choosing the UTF-8 encoding")
			i++
			col++
			continue
		}
		out = append(out, data[i:i+size]...)
		i += size
		col++
	}
	if found > maxTextDiags {
		diags.Add(diag.Diagnostic{Pos: diag.Pos{File: name}, Severity: diag.Error, Code: "encoding",
			Message: fmt.Sprintf("%d more encoding problems in this file", found-maxTextDiags)})
	}
	if diags.HasErrors() {
		return nil, diags
	}
	return out, nil
}

func hasControl(b []byte) bool {
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' {
			return true
		}
	}
	return false
}
