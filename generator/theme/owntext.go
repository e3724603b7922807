package theme

import (
	"slices"
	"text/template/parse"

	"spean/generator/site"
)

// OwnTextOnly reports whether the layouts that render pages show no
// page's text but the page's own: nothing reaches a parsed document (Doc)
// or a markdown body (Body) except through .Page.Doc where dot, or $, is
// the page's View. A page rendered by such layouts depends on the other
// pages only through what they declare (front matter, keys, the site's
// structure), so a build whose previous output is at hand need not render
// a page again when neither that nor the page's own text changed
// (build's page cache). A layout that reaches another page's text ({{range
// .Sections}}{{.Doc.Text}}, a variable holding a page, a method's result)
// makes every page depend on every text, and this reports false.
//
// The walk follows {{template}} and {{block}} calls, knowing dot is the
// View only when the caller passed its own View; inside {{range}} and
// {{with}} dot is something else. It looks at names, not types: Doc or
// Body anywhere else in a chain is taken to be another page's.
func (t *Theme) OwnTextOnly(pages []*site.Page) (bool, error) {
	var files []string
	for _, p := range pages {
		for _, name := range Lookup(p) {
			if file, ok := t.find(name); ok {
				if !slices.Contains(files, file) {
					files = append(files, file)
				}
				break
			}
		}
	}
	for _, file := range files {
		if ok, err := t.showsOnly(file, pageDoc); err != nil || !ok {
			return false, err
		}
	}
	return true, nil
}

// pageDoc is the chain from a page's View to its own parsed document.
var pageDoc = []string{"Page", "Doc"}

// ShowsOnly is OwnTextOnly for one layout by name (leaflet.html), whose
// data is the View with more fields: own lists the chains from that data
// to the parsed documents whose text the caller keys the output on
// ({"Leaflet", "Page", "Doc"}); .Page.Doc always is one. A layout that
// does not exist shows nothing.
func (t *Theme) ShowsOnly(layout string, own ...[]string) (bool, error) {
	file, ok := t.find(layout)
	if !ok {
		return true, nil
	}
	return t.showsOnly(file, append([][]string{pageDoc}, own...)...)
}

// walkedOnly is the language key (template) of the copy of a layout that
// the walks read and nothing executes: html/template rewrites a template's
// parse trees when it first executes it, so walking the copy pages render
// with, while some render, was a data race (leaflets, made for every
// language at once; go test -race). No language's code is empty.
const walkedOnly = ""

func (t *Theme) showsOnly(file string, own ...[]string) (bool, error) {
	tpl, err := t.template(file, walkedOnly)
	if err != nil {
		return false, err
	}
	t.mu.Lock()
	entry := t.entries[tpl].entry
	t.mu.Unlock()
	w := ownWalker{lookup: func(name string) *parse.Tree {
		if x := tpl.Lookup(name); x != nil {
			return x.Tree
		}
		return nil
	}, seen: map[ownKey]bool{}, ok: true, own: own}
	w.tree(entry, ownDot{dot: true, dollar: true})
	return w.ok, nil
}

// ownDot says whether dot and $ are the page's View where the walk is.
type ownDot struct{ dot, dollar bool }

type ownKey struct {
	name string
	at   ownDot
}

type ownWalker struct {
	lookup func(name string) *parse.Tree
	seen   map[ownKey]bool
	ok     bool
	own    [][]string // the chains to allowed documents, from the View
}

func (w *ownWalker) tree(name string, at ownDot) {
	k := ownKey{name, at}
	if w.seen[k] {
		return
	}
	w.seen[k] = true
	if tr := w.lookup(name); tr != nil && tr.Root != nil {
		w.node(tr.Root, at)
	}
}

func (w *ownWalker) node(n parse.Node, at ownDot) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			w.node(c, at)
		}
	case *parse.ActionNode:
		w.pipe(n.Pipe, at)
	case *parse.IfNode:
		w.pipe(n.Pipe, at)
		w.node(n.List, at)
		w.node(n.ElseList, at)
	case *parse.RangeNode:
		w.pipe(n.Pipe, at)
		w.node(n.List, ownDot{dollar: at.dollar})
		w.node(n.ElseList, at)
	case *parse.WithNode:
		w.pipe(n.Pipe, at)
		w.node(n.List, ownDot{dollar: at.dollar})
		w.node(n.ElseList, at)
	case *parse.TemplateNode:
		w.pipe(n.Pipe, at)
		// The called template's dot and $ are what the call passes.
		view := false
		if n.Pipe != nil && len(n.Pipe.Decl) == 0 && len(n.Pipe.Cmds) == 1 && len(n.Pipe.Cmds[0].Args) == 1 {
			switch a := n.Pipe.Cmds[0].Args[0].(type) {
			case *parse.DotNode:
				view = at.dot
			case *parse.VariableNode:
				view = at.dollar && len(a.Ident) == 1 && a.Ident[0] == "$"
			}
		}
		w.tree(n.Name, ownDot{dot: view, dollar: view})
	}
}

func (w *ownWalker) pipe(p *parse.PipeNode, at ownDot) {
	if p == nil {
		return
	}
	for _, c := range p.Cmds {
		for _, a := range c.Args {
			w.arg(a, at)
		}
	}
}

func (w *ownWalker) arg(n parse.Node, at ownDot) {
	switch n := n.(type) {
	case *parse.FieldNode:
		w.chain(n.Ident, at.dot)
	case *parse.VariableNode:
		w.chain(n.Ident[1:], n.Ident[0] == "$" && at.dollar)
	case *parse.ChainNode:
		w.arg(n.Node, at)
		w.chain(n.Field, false)
	case *parse.PipeNode:
		w.pipe(n, at)
	case *parse.CommandNode:
		for _, a := range n.Args {
			w.arg(a, at)
		}
	}
}

// chain checks one chain of field or method names, rooted at the View
// when view is true.
func (w *ownWalker) chain(ids []string, view bool) {
	for i, id := range ids {
		if id != "Doc" && id != "Body" {
			continue
		}
		if !view || !slices.ContainsFunc(w.own, func(c []string) bool { return slices.Equal(c, ids[:i+1]) }) {
			w.ok = false
		}
	}
}
