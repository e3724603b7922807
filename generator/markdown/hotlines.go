package markdown

import (
	"io"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindHotlines is the node kind of a hotline list.
var KindHotlines = ast.NewNodeKind("Hotlines")

// Hotlines stands for a ```hotlines fenced block: a list of hotlines drawn
// from one data file, so a number is written once and shown the same on
// every page and in every language.
type Hotlines struct {
	ast.BaseBlock
	Args []string
	Lang string
}

// Kind implements ast.Node.
func (n *Hotlines) Kind() ast.NodeKind { return KindHotlines }

// Dump implements ast.Node.
func (n *Hotlines) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Args": strings.Join(n.Args, " ")}, nil)
}

type hotlines struct {
	render func(w io.Writer, lang string, args []string) error
}

func (h *hotlines) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(h, 100)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(h, 100)))
}

// fencedBlocks lists the fenced code blocks whose info string starts with
// lang (```hotlines kh, ```terms), in document order: the blocks this
// package's extensions render as something other than code.
func fencedBlocks(root ast.Node, src []byte, lang string) []*ast.FencedCodeBlock {
	var blocks []*ast.FencedCodeBlock
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if fc, ok := n.(*ast.FencedCodeBlock); ok && entering && fc.Info != nil {
			if f := strings.Fields(string(fc.Info.Value(src))); len(f) > 0 && f[0] == lang {
				blocks = append(blocks, fc)
			}
		}
		return ast.WalkContinue, nil
	})
	return blocks
}

func (h *hotlines) Transform(root *ast.Document, reader text.Reader, pc parser.Context) {
	doc := docFrom(pc)
	src := reader.Source()
	for _, fc := range fencedBlocks(root, src, "hotlines") {
		args := strings.Fields(string(fc.Info.Value(src)))[1:]
		hn := &Hotlines{Args: args}
		if doc != nil {
			hn.Lang = doc.Lang
			doc.Hotlines = append(doc.Hotlines, HotlineUse{Args: args, Pos: doc.pos(fc.Info.Segment.Start)})
		}
		fc.Parent().ReplaceChild(fc.Parent(), fc, hn)
	}
}

func (h *hotlines) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindHotlines, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || h.render == nil {
			return ast.WalkSkipChildren, nil
		}
		hn := n.(*Hotlines)
		return ast.WalkSkipChildren, h.render(w, hn.Lang, hn.Args)
	})
}
