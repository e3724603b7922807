package markdown

import (
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// CalloutKinds are the GitHub alert kinds, in GitHub's order.
var CalloutKinds = []string{"note", "tip", "important", "warning", "caution"}

// KindCallout is the node kind of a callout.
var KindCallout = ast.NewNodeKind("Callout")

// Callout is a blockquote that began with [!KIND]: a GitHub-style alert.
type Callout struct {
	ast.BaseBlock
	Alert string
	Label string
}

// Kind implements ast.Node.
func (n *Callout) Kind() ast.NodeKind { return KindCallout }

// Dump implements ast.Node.
func (n *Callout) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Alert": n.Alert}, nil)
}

// callouts turns GitHub alerts into Callout nodes with a translated label.
type callouts struct {
	label func(lang, kind string) string
}

func (c *callouts) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(c, 100)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(c, 100)))
}

// calloutMarker returns the kind if line is exactly a marker like [!NOTE].
func calloutMarker(line []byte) string {
	l := strings.TrimSpace(string(line))
	if !strings.HasPrefix(l, "[!") || !strings.HasSuffix(l, "]") {
		return ""
	}
	kind := strings.ToLower(l[2 : len(l)-1])
	for _, k := range CalloutKinds {
		if k == kind {
			return k
		}
	}
	return ""
}

func (c *callouts) Transform(root *ast.Document, reader text.Reader, pc parser.Context) {
	doc := docFrom(pc)
	src := reader.Source()
	var quotes []*ast.Blockquote
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if bq, ok := n.(*ast.Blockquote); ok && entering {
			quotes = append(quotes, bq)
		}
		return ast.WalkContinue, nil
	})
	for _, bq := range quotes {
		p, ok := bq.FirstChild().(*ast.Paragraph)
		if !ok || p.Lines().Len() == 0 {
			continue
		}
		first := p.Lines().At(0)
		kind := calloutMarker(first.Value(src))
		if kind == "" {
			continue
		}
		// Drop the inline nodes that came from the marker line.
		for ch := p.FirstChild(); ch != nil; {
			t, ok := ch.(*ast.Text)
			if !ok || t.Segment.Start >= first.Stop {
				break
			}
			next := ch.NextSibling()
			p.RemoveChild(p, ch)
			ch = next
		}
		if p.ChildCount() == 0 {
			bq.RemoveChild(bq, p)
		} else {
			// Keep the paragraph's line list consistent with its children.
			lines := text.NewSegments()
			for i := 1; i < p.Lines().Len(); i++ {
				lines.Append(p.Lines().At(i))
			}
			p.SetLines(lines)
		}
		label := kind
		if c.label != nil && doc != nil {
			label = c.label(doc.Lang, kind)
		} else {
			label = strings.ToUpper(kind[:1]) + kind[1:]
		}
		co := &Callout{Alert: kind, Label: label}
		co.SetLines(bq.Lines())
		for ch := bq.FirstChild(); ch != nil; {
			next := ch.NextSibling()
			co.AppendChild(co, ch)
			ch = next
		}
		bq.Parent().ReplaceChild(bq.Parent(), bq, co)
		if doc != nil {
			doc.Callouts = append(doc.Callouts, kind)
		}
	}
}

func (c *callouts) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindCallout, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		co := n.(*Callout)
		if entering {
			_, _ = w.WriteString(`<div class="callout callout-` + co.Alert + `" role="note"><p class="callout-title">`)
			_, _ = w.Write(util.EscapeHTML([]byte(co.Label)))
			_, _ = w.WriteString("</p>\n")
		} else {
			_, _ = w.WriteString("</div>\n")
		}
		return ast.WalkContinue, nil
	})
}
