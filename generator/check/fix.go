package check

import (
	"bytes"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"spean/generator/content"
	"spean/generator/diag"
	"spean/generator/frontmatter"
	"spean/generator/markdown"
	"spean/generator/site"
	"spean/generator/zawgyi"
)

// Fix is one paragraph FixZawgyi rewrote.
type Fix struct {
	Pos           diag.Pos
	Before, After string
}

// FixedFile is a content file FixZawgyi would rewrite: its new bytes and
// the paragraphs that changed. The caller writes it (paths.WriteContent).
type FixedFile struct {
	Path  string
	Data  []byte
	Fixes []Fix
}

// FixZawgyi converts, in the files of fsys, the paragraphs and
// front-matter fields that check reports as Zawgyi to Unicode with
// zawgyi.Convert, and returns the files that change. Only the lines of an
// offending block are rewritten: a page that mixes a Zawgyi paragraph with
// Unicode ones keeps its Unicode ones untouched (converting Unicode text
// as if it were Zawgyi would garble it), and every other byte stays.
func FixZawgyi(fsys fs.FS, s *site.Site) ([]FixedFile, error) {
	var out []FixedFile
	for _, src := range s.Sources {
		p := s.Page(src.Key, src.Lang)
		if p == nil || p.Source != src || p.Doc == nil {
			continue
		}
		lines := zawgyiLines(src, p.Doc)
		if len(lines) == 0 {
			continue
		}
		data, err := fs.ReadFile(fsys, src.Path)
		if err != nil {
			return out, fmt.Errorf("fix %s: %w", src.Path, err)
		}
		fixed, ff := convertLines(src.Path, data, lines)
		if len(ff) > 0 {
			out = append(out, FixedFile{Path: src.Path, Data: fixed, Fixes: ff})
		}
	}
	return out, nil
}

// zawgyiLines lists the 1-based file lines of src that hold Zawgyi text,
// each group of lines one block or one front-matter field.
func zawgyiLines(src *content.Source, doc *markdown.Doc) [][2]int {
	var groups [][2]int
	body := strings.Split(string(src.Body), "\n")
	starts := make([]int, 0, len(doc.Blocks()))
	for _, b := range doc.Blocks() {
		starts = append(starts, b.Pos.Line)
	}
	for _, b := range doc.Blocks() {
		if zawgyiProbability(b.Text) <= zawgyi.Threshold {
			continue
		}
		// A block runs from its first line to the line before the next
		// block or blank line.
		end := b.Pos.Line
		for l := b.Pos.Line + 1; ; l++ {
			i := l - src.BodyLine
			if i >= len(body) || strings.TrimSpace(body[i]) == "" || slices.Contains(starts, l) {
				break
			}
			end = l
		}
		groups = append(groups, [2]int{b.Pos.Line, end})
	}
	for _, key := range []string{"title", "description", "summary", "key_points"} {
		var t string
		switch key {
		case "title":
			t = src.Meta.Title
		case "description":
			t = src.Meta.Description
		case "summary":
			t = src.Meta.Summary
		case "key_points":
			t = strings.Join(src.Meta.KeyPoints, "\n")
		}
		pos, ok := src.MetaPos[key]
		if !ok || zawgyiProbability(t) <= zawgyi.Threshold {
			continue
		}
		// A field runs to the line before the next top-level key.
		end := pos.Line
		for l := pos.Line + 1; l < src.BodyLine-1; l++ {
			if isTopKey(src, l) {
				break
			}
			end = l
		}
		groups = append(groups, [2]int{pos.Line, end})
	}
	return groups
}

func isTopKey(src *content.Source, line int) bool {
	for _, p := range src.MetaPos {
		if p.Line == line {
			return true
		}
	}
	return false
}

// convertLines converts the given groups of lines of data.
func convertLines(file string, data []byte, groups [][2]int) ([]byte, []Fix) {
	lines := frontmatter.Lines(data)
	groups = slices.Clone(groups)
	slices.SortFunc(groups, func(a, b [2]int) int { return a[0] - b[0] })
	var fixes []Fix
	done := map[int]bool{}
	for _, g := range groups {
		if done[g[0]] {
			continue
		}
		var before, after []string
		for l := g[0]; l <= g[1] && l-1 < len(lines); l++ {
			done[l] = true
			old := string(lines[l-1])
			conv := zawgyi.Convert(old)
			lines[l-1] = []byte(conv)
			before = append(before, strings.TrimRight(old, "\r\n"))
			after = append(after, strings.TrimRight(conv, "\r\n"))
		}
		if slices.Equal(before, after) {
			continue
		}
		fixes = append(fixes, Fix{Pos: diag.Pos{File: file, Line: g[0], Col: 1},
			Before: strings.Join(before, "\n"), After: strings.Join(after, "\n")})
	}
	return bytes.Join(lines, nil), fixes
}
