package markdown

import (
	"html"
	"net/url"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// collector runs after every other transformer and records in the Doc what
// later stages need: heading ids, links with positions, and plain text. It
// also marks external links rel="noopener noreferrer" so a page opened from
// Spean can neither script it nor learn where the reader came from.
type collector struct{}

func (c *collector) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(c, 1000)))
}

func (c *collector) Transform(root *ast.Document, reader text.Reader, pc parser.Context) {
	doc := docFrom(pc)
	if doc == nil {
		return
	}
	src := reader.Source()
	ids := uniqueIDs{}
	// Explicit ids first, so a generated id never takes one a writer chose.
	var headings []*ast.Heading
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			headings = append(headings, h)
			if id, ok := h.AttributeString("id"); ok {
				if b, ok := id.([]byte); ok {
					ids[string(b)] = true
				}
			}
		}
		return ast.WalkContinue, nil
	})
	for _, h := range headings {
		txt := plainText(h, src)
		var id string
		if v, ok := h.AttributeString("id"); ok {
			if b, ok := v.([]byte); ok {
				id = string(b)
			}
		}
		if id == "" {
			id = ids.make(headingID(txt))
			h.SetAttributeString("id", []byte(id))
		}
		doc.Headings = append(doc.Headings, Heading{Level: h.Level, ID: id, Text: txt, Pos: doc.pos(lineStart(h))})
	}

	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			doc.Links = append(doc.Links, &Link{Dest: string(n.Destination), Pos: doc.pos(inlineStart(n, src)), node: n})
			if isExternal(string(n.Destination)) {
				n.SetAttributeString("rel", []byte("noopener noreferrer"))
			}
		case *ast.Image:
			doc.Links = append(doc.Links, &Link{Dest: string(n.Destination), Pos: doc.pos(inlineStart(n, src)), Image: true, node: n})
		case *ast.AutoLink:
			if isExternal(string(n.URL(src))) {
				n.SetAttributeString("rel", []byte("noopener noreferrer"))
			}
		}
		return ast.WalkContinue, nil
	})

	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.(type) {
		case *ast.FencedCodeBlock, *ast.CodeBlock, *Hotlines:
			return ast.WalkSkipChildren, nil
		}
		if n.Type() == ast.TypeBlock && hasInlineChildren(n) {
			t := strings.TrimSpace(plainText(n, src))
			if t != "" {
				_, isHeading := n.(*ast.Heading)
				doc.Blocks = append(doc.Blocks, Block{Text: t, Pos: doc.pos(lineStart(n)), Heading: isHeading})
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	var b strings.Builder
	for i, bl := range doc.Blocks {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(bl.Text)
	}
	doc.Text = b.String()
}

// isExternal reports whether dest leaves the site: an absolute http(s) URL.
func isExternal(dest string) bool {
	u, err := url.Parse(dest)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https")
}

func hasInlineChildren(n ast.Node) bool {
	c := n.FirstChild()
	return c != nil && c.Type() == ast.TypeInline
}

// inlineStart finds the source offset where an inline node starts, from its
// first text descendant; '[' or '![' precedes the text of links and images.
func inlineStart(n ast.Node, src []byte) int {
	off := -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			off = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if off < 0 {
		for p := n.Parent(); p != nil; p = p.Parent() {
			if s := lineStart(p); s >= 0 {
				return s
			}
		}
		return 0
	}
	for off > 0 && src[off-1] != '[' && src[off-1] != '\n' {
		off--
	}
	if off > 0 && src[off-1] == '[' {
		off--
		if _, ok := n.(*ast.Image); ok && off > 0 && src[off-1] == '!' {
			off--
		}
	}
	return off
}

// plainText is the visible text of n and its descendants.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			// The typographer stores HTML entities (&ldquo;); text wants
			// the characters.
			b.WriteString(html.UnescapeString(string(c.Value)))
		case *ast.AutoLink:
			b.Write(c.Label(src))
		case *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		case *east.FootnoteLink, *east.FootnoteBacklink:
			return ast.WalkSkipChildren, nil
		}
		if c.Type() == ast.TypeBlock && c != n && b.Len() > 0 {
			b.WriteByte(' ')
		}
		return ast.WalkContinue, nil
	})
	return strings.Join(strings.Fields(b.String()), " ")
}
