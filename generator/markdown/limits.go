package markdown

import (
	"bytes"
	"fmt"

	"spean/generator/diag"
)

// Default limits, for callers that set none.
const (
	DefaultMaxBlockSize = 32 << 10
	DefaultMaxNesting   = 32
	// MaxBrackets bounds the [ of one block: goldmark's link parser scans
	// ahead from each one, so a block of unclosed links costs brackets ×
	// block size. A real paragraph or table has a few dozen links.
	MaxBrackets = 1000
	// MaxHTML bounds the HTML one page may render to: footnote
	// back-references and nested quotes can turn a small file into a very
	// large page.
	MaxHTML = 16 << 20
)

// checkLimits scans body before goldmark sees it and reports what would
// make parsing cost far more than the size of the file: goldmark's inline
// parser is worse than linear in the size of a block for some syntax (a
// run of unclosed links), and its block parser in the depth of nesting (a
// list 2,000 levels deep took 10 s). Each problem is an error at its line,
// naming the limit and how to fix the text. Fenced code is not judged for
// nesting, since its indentation is text.
func checkLimits(file string, body []byte, firstLine, maxBlock, maxNesting int) diag.List {
	var diags diag.List
	blockStart, blockLine := -1, 0
	fence := []byte(nil)
	flush := func(end int) {
		switch {
		case blockStart < 0:
		case end-blockStart > maxBlock:
			diags.Add(diag.Diagnostic{Pos: diag.Pos{File: file, Line: blockLine, Col: 1}, Severity: diag.Error, Code: "limit",
				Message: fmt.Sprintf("this paragraph, list or table runs %s without a blank line, over the limit of %s", size(end-blockStart), size(maxBlock)),
				Hint:    "split it with blank lines, or raise limits.max_block_size in config.yaml"})
		case bytes.Count(body[blockStart:end], []byte("[")) > MaxBrackets:
			diags.Add(diag.Diagnostic{Pos: diag.Pos{File: file, Line: blockLine, Col: 1}, Severity: diag.Error, Code: "limit",
				Message: fmt.Sprintf("this paragraph, list or table has more than %d [ (links, images or brackets) without a blank line", MaxBrackets),
				Hint:    "split it with blank lines"})
		}
		blockStart = -1
	}
	line := firstLine
	for off := 0; off < len(body); line++ {
		end := bytes.IndexByte(body[off:], '\n')
		next := len(body)
		if end >= 0 {
			next = off + end + 1
		}
		l := body[off:next]
		trimmed := bytes.TrimSpace(l)
		switch {
		case len(trimmed) == 0:
			flush(off)
		case blockStart < 0:
			blockStart, blockLine = off, line
		}
		if f := fenceOf(trimmed); f != nil {
			switch {
			case fence == nil:
				fence = f
			case bytes.HasPrefix(trimmed, fence) && len(bytes.TrimSpace(trimmed[len(f):])) == 0:
				fence = nil
			}
		} else if fence == nil {
			if n := nesting(l); n > maxNesting {
				diags.Add(diag.Diagnostic{Pos: diag.Pos{File: file, Line: line, Col: 1}, Severity: diag.Error, Code: "limit",
					Message: fmt.Sprintf("lists or quotes nest %d levels deep here, over the limit of %d", n, maxNesting),
					Hint:    "flatten the list or quote, or raise limits.max_nesting in config.yaml"})
				// One report per run of deep lines is enough.
				for next < len(body) && nesting(lineAt(body, next)) > maxNesting {
					next += len(lineAt(body, next))
					line++
				}
			}
		}
		off = next
	}
	flush(len(body))
	return diags
}

func lineAt(b []byte, off int) []byte {
	if i := bytes.IndexByte(b[off:], '\n'); i >= 0 {
		return b[off : off+i+1]
	}
	return b[off:]
}

// fenceOf returns the fence a line opens or closes (``` or ~~~, at least
// three), or nil.
func fenceOf(trimmed []byte) []byte {
	for _, c := range []byte{'`', '~'} {
		n := 0
		for n < len(trimmed) && trimmed[n] == c {
			n++
		}
		if n >= 3 {
			return trimmed[:n]
		}
	}
	return nil
}

// nesting estimates how many containers a line opens or continues: each
// block-quote marker and list marker in its leading run, and every two
// columns of indentation before them (a nested list item is indented at
// least two). The blanks after a marker belong to the marker.
func nesting(l []byte) int {
	n, cols, afterMarker := 0, 0, false
	for i := 0; i < len(l); i++ {
		switch c := l[i]; {
		case c == ' ' || c == '\t':
			if !afterMarker {
				cols += map[bool]int{true: 4, false: 1}[c == '\t']
			}
		case c == '>':
			n, afterMarker = n+1, true
		case (c == '-' || c == '*' || c == '+') && i+1 < len(l) && (l[i+1] == ' ' || l[i+1] == '\t'):
			n, afterMarker = n+1, true
		case c >= '0' && c <= '9':
			j := i
			for j < len(l) && j-i < 9 && l[j] >= '0' && l[j] <= '9' {
				j++
			}
			if j+1 < len(l) && (l[j] == '.' || l[j] == ')') && (l[j+1] == ' ' || l[j+1] == '\t') {
				n, afterMarker, i = n+1, true, j
				continue
			}
			return n + cols/2
		default:
			return n + cols/2
		}
	}
	return n + cols/2
}

func size(n int) string {
	if n < 1<<20 {
		return fmt.Sprintf("%d KB", (n+1023)>>10)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}
