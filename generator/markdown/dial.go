package markdown

import (
	"bytes"
	"unsafe"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// dialler turns the site's hotline numbers in body text into tel: links
// (Options.Dial says where they are), so a reader taps "call 1300" as
// they tap the hotline list's buttons. It runs after the terms are found
// (500), so a term's link is never split, and before the collector
// (1000), which records and checks each new link like one the writer made.
// Numbers in headings, links, code and raw HTML are left as written.
type dialler struct{ dial Dialler }

// Dialler finds hotline numbers in text: hotline.Dialler, which this
// package does not import.
type Dialler interface {
	// Find calls fn with each number in text, in order: its byte range
	// and its tel: URI.
	Find(text string, fn func(start, end int, tel string))
	// HTML is text escaped for HTML with each number a tel: link.
	HTML(text string) string
}

func (d *dialler) Extend(m goldmark.Markdown) {
	if d.dial != nil {
		m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(d, 600)))
	}
}

func (d *dialler) Transform(root *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var texts []*ast.Text
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading, *ast.Link, *ast.AutoLink, *ast.Image, *ast.CodeSpan, *ast.CodeBlock, *ast.FencedCodeBlock,
			*ast.HTMLBlock, *ast.RawHTML, *TermLink, *Hotlines, *GlossaryBlock:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			// A raw or padded segment's value is not its source bytes.
			if !n.IsRaw() && n.Segment.Padding == 0 {
				texts = append(texts, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, t := range texts {
		seg := t.Segment
		v := seg.Value(src)
		// Find reads the source's bytes as they are, not a copy: on the
		// 10,000-page site copying every text node into a string was 3.5
		// million allocations, half as many again as the whole load's.
		// Find keeps nothing of its text, and most text holds no digit.
		if bytes.IndexAny(v, "0123456789") < 0 {
			continue
		}
		var found [][2]int
		var tels []string
		d.dial.Find(unsafe.String(unsafe.SliceData(v), len(v)), func(start, end int, tel string) {
			found = append(found, [2]int{seg.Start + start, seg.Start + end})
			tels = append(tels, tel)
		})
		if len(found) == 0 {
			continue
		}
		// Each number becomes a link holding its own text; the text
		// between stays a Text node of its own, and the last piece keeps
		// the line break that ended the node.
		parent, at := t.Parent(), seg.Start
		for i, f := range found {
			if f[0] > at {
				parent.InsertBefore(parent, t, ast.NewTextSegment(text.NewSegment(at, f[0])))
			}
			l := ast.NewLink()
			l.Destination = []byte(tels[i])
			l.AppendChild(l, ast.NewTextSegment(text.NewSegment(f[0], f[1])))
			parent.InsertBefore(parent, t, l)
			at = f[1]
		}
		if at < seg.Stop || t.SoftLineBreak() || t.HardLineBreak() {
			t.Segment = text.NewSegment(at, seg.Stop)
		} else {
			parent.RemoveChild(parent, t)
		}
	}
}
