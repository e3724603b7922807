package markdown

import (
	"fmt"
	"html"
	"path"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"spean/generator/diag"
)

// The vocabulary extension does three things with the site's termbase
// (package terms), which it reaches only through Options.Vocabulary:
//
//   - a ```terms fenced block becomes the glossary: every term, in the
//     page's language, as a definition list whose entries are the anchors
//     #term-<id>;
//   - every form of every term found in the text is recorded in Doc.Terms
//     with its position, for check (synonyms and rejected forms, --fix) and
//     for the leaflets' Words box;
//   - the first use of each term in body text (not in headings, links or
//     code) becomes a link to its glossary entry that carries the
//     definition as its accessible description.
//
// Why a link and not <dfn> or a disclosure: <dfn> marks the place where a
// term is defined, which is the glossary, not every page using it; a
// <details> cannot stand inside a sentence, and CSS-only disclosures
// (:target, checkbox hacks) move focus or scroll unpredictably on phones. A
// link is one tap on any phone, needs no JavaScript, lands on the entry in
// the reader's own language tree (on a fallback page too: the address is
// relative within the tree), and keeps the back button. Screen readers
// announce the definition on the link itself through aria-describedby,
// pointing at a hidden copy in the page, so the reader need not leave the
// sentence to hear it; title gives mouse users the same on hover.

// TermKind is what a form found in a text is, as the termbase lists it.
type TermKind int

const (
	// TermApproved is the approved form of a term in the language.
	TermApproved TermKind = iota
	// TermSynonym is a form readers know; pages should not use it.
	TermSynonym
	// TermRejected is a wrong or misleading form.
	TermRejected
)

func (k TermKind) String() string {
	switch k {
	case TermSynonym:
		return "synonym"
	case TermRejected:
		return "rejected"
	}
	return "term"
}

// TermFound is one form of a term found in a text, as Vocabulary.Find
// returns it: byte offsets into the text searched.
type TermFound struct {
	ID         string
	Kind       TermKind
	Form       string
	Start, End int
}

// GlossaryEntry is one term as a ```terms block shows it.
type GlossaryEntry struct {
	ID string
	// Term and Definition are in Lang: the page's language, or the first
	// of its fallback chain that has the term.
	Term, Definition, Lang string
	// Source is the term in the source language, shown beside the term on
	// pages in other languages ("" on source-language pages).
	Source, SourceLang string
	// Sources name where the facts the definition states come from, as
	// readers see them ("Issara Institute, n.d."); none for a plain
	// explanation.
	Sources []string
}

// Glossary is what a ```terms block shows in one language.
type Glossary struct {
	Entries []GlossaryEntry
	// SourcesLabel introduces an entry's sources, in the page's language.
	SourcesLabel string
}

// Vocabulary is what markdown needs of the termbase. Every field may be
// nil: a site without a termbase marks nothing.
type Vocabulary struct {
	// Find returns every form of every term in text (NFC), written in
	// lang, in the order they stand, not overlapping.
	Find func(lang, text string) []TermFound
	// Define returns a term's definition in lang, or in the first language
	// of lang's fallback chain that has one, and that language.
	Define func(lang, id string) (definition, defLang string, ok bool)
	// GlossaryFile is the glossary page's file as a link names it,
	// relative to content/ and without the language ("glossary/terms.md"),
	// or "" when the site has none: first uses then stay unmarked.
	GlossaryFile func() string
	// Glossary returns what the ```terms block of the page in file shows
	// in lang.
	Glossary func(file, lang string) Glossary
}

// TermUse is one form of a termbase term found in a document's text.
type TermUse struct {
	ID   string
	Kind TermKind
	// Form is the form as the termbase lists it; Text as the page writes
	// it (the case of Latin letters may differ).
	Form, Text string
	Pos        diag.Pos
	// Start and End are byte offsets of Text in the body, or -1 where the
	// text is not found there as written (a typographer's quote).
	Start, End int
	// Heading and Link are true for a use in a heading or in a link's
	// text; neither is marked up.
	Heading, Link bool
	// Marked is true for the first use in body text, made a link to the
	// glossary.
	Marked bool
}

// TermAnchor is the glossary anchor of a term.
func TermAnchor(id string) string { return "term-" + id }

// termDescID is the id of the hidden definition a marked term points to.
func termDescID(id string) string { return "termdef-" + id }

// KindGlossary is the node kind of the glossary list.
var KindGlossary = ast.NewNodeKind("Glossary")

// GlossaryBlock stands for a ```terms fenced block.
type GlossaryBlock struct {
	ast.BaseBlock
	Glossary Glossary
	Lang     string
}

// Kind implements ast.Node.
func (n *GlossaryBlock) Kind() ast.NodeKind { return KindGlossary }

// Dump implements ast.Node.
func (n *GlossaryBlock) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Entries": fmt.Sprint(len(n.Glossary.Entries))}, nil)
}

// KindTermLink is the node kind of a term's first use.
var KindTermLink = ast.NewNodeKind("TermLink")

// TermLink is the first use of a term on a page, linked to its glossary
// entry. Its children are the text as written.
type TermLink struct {
	ast.BaseInline
	ID          string
	Destination []byte
	Definition  string
	// DefLang is the definition's language when it is not the page's.
	DefLang string
}

// Kind implements ast.Node.
func (n *TermLink) Kind() ast.NodeKind { return KindTermLink }

// Dump implements ast.Node.
func (n *TermLink) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"ID": n.ID, "Destination": string(n.Destination)}, nil)
}

type vocabulary struct {
	v    *Vocabulary
	dial Dialler // links the numbers in definitions; nil: none
}

func (x *vocabulary) Extend(m goldmark.Markdown) {
	// The glossary block is replaced with the hotlines and callouts;
	// terms are found after those, and before the collector (1000), which
	// records the text.
	m.Parser().AddOptions(parser.WithASTTransformers(
		util.Prioritized(glossaryBlocks{x}, 100),
		util.Prioritized(termFinder{x}, 500)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(x, 100)))
}

type glossaryBlocks struct{ *vocabulary }

func (x glossaryBlocks) Transform(root *ast.Document, reader text.Reader, pc parser.Context) {
	doc := docFrom(pc)
	src := reader.Source()
	for _, fc := range fencedBlocks(root, src, "terms") {
		g := &GlossaryBlock{}
		if doc != nil {
			g.Lang = doc.Lang
			doc.Glossary = true
			if x.v != nil && x.v.Glossary != nil {
				g.Glossary = x.v.Glossary(doc.File, doc.Lang)
			}
			for _, e := range g.Glossary.Entries {
				doc.Anchors = append(doc.Anchors, TermAnchor(e.ID))
			}
		}
		fc.Parent().ReplaceChild(fc.Parent(), fc, g)
	}
}

type termFinder struct{ *vocabulary }

// piece is a part of a run of text: a Text node's segment, the space a
// line break reads as, or a typographer's String.
type piece struct {
	node ast.Node
	// start is the piece's offset in the run's text; src and srcEnd are
	// where it stands in the source (src < 0: nowhere as written).
	start, src, srcEnd int
	text               string
	// space is true for the space a soft or hard line break reads as.
	space bool
}

// run is consecutive Text and String siblings: text as a reader reads it,
// across line breaks and typographic quotes, with the way back to the
// source.
type run struct {
	pieces           []piece
	text             string
	heading, link    bool
	markable         bool
	parent           ast.Node
	firstNode, after ast.Node
}

func (x termFinder) Transform(root *ast.Document, reader text.Reader, pc parser.Context) {
	doc := docFrom(pc)
	if doc == nil || x.v == nil || x.v.Find == nil {
		return
	}
	src := reader.Source()
	var runs []*run
	var walk func(n ast.Node, heading, link bool)
	walk = func(n ast.Node, heading, link bool) {
		switch n.(type) {
		case *ast.CodeSpan, *ast.CodeBlock, *ast.FencedCodeBlock, *ast.HTMLBlock, *ast.RawHTML,
			*ast.AutoLink, *ast.Image, *Hotlines, *GlossaryBlock:
			return
		case *ast.Heading:
			heading = true
		case *ast.Link:
			link = true
		}
		var cur *run
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch t := c.(type) {
			case *ast.Text:
				if cur == nil {
					cur = &run{heading: heading, link: link, parent: n}
					runs = append(runs, cur)
				}
				cur.add(piece{node: t, src: t.Segment.Start, srcEnd: t.Segment.Stop, text: string(t.Segment.Value(src))})
				if t.SoftLineBreak() || t.HardLineBreak() {
					cur.add(piece{node: t, src: t.Segment.Stop, srcEnd: t.Segment.Stop, text: " ", space: true})
				}
				continue
			case *ast.String:
				if cur == nil {
					cur = &run{heading: heading, link: link, parent: n}
					runs = append(runs, cur)
				}
				cur.add(stringPiece(t, src))
				continue
			}
			cur = nil
			walk(c, heading, link)
		}
	}
	walk(root, false, false)

	glossary := ""
	if x.v.GlossaryFile != nil && !doc.Glossary {
		glossary = x.v.GlossaryFile()
	}
	marked := map[string]bool{}
	for _, r := range runs {
		found := x.v.Find(doc.Lang, r.text)
		var mark []TermFound
		for _, f := range found {
			start, end := r.source(f.Start, true), r.source(f.End, false)
			u := TermUse{ID: f.ID, Kind: f.Kind, Form: f.Form, Text: r.text[f.Start:f.End],
				Start: start, End: end, Heading: r.heading, Link: r.link}
			if start >= 0 && end >= start && string(src[start:end]) != u.Text {
				// Across a line break the source holds a newline where
				// the reader sees a space: no single span to replace.
				u.Start, u.End = -1, -1
			}
			at := start
			if at < 0 {
				at = r.nearest(f.Start)
			}
			u.Pos = doc.pos(at)
			if glossary != "" && f.Kind != TermRejected && !r.heading && !r.link && !marked[f.ID] && r.wrappable(f.Start, f.End) {
				marked[f.ID] = true
				u.Marked = true
				mark = append(mark, f)
			}
			doc.Terms = append(doc.Terms, u)
		}
		// Right to left, so splitting a node leaves the offsets of the
		// text before it as they were.
		links := make([]*Link, len(mark))
		for i := len(mark) - 1; i >= 0; i-- {
			f := mark[i]
			tl := &TermLink{ID: f.ID, Destination: []byte(relFile(doc.File, glossary) + "#" + TermAnchor(f.ID))}
			if x.v.Define != nil {
				def, lang, ok := x.v.Define(doc.Lang, f.ID)
				if ok {
					tl.Definition = def
					if lang != doc.Lang {
						tl.DefLang = lang
					}
				}
			}
			r.wrap(f.Start, f.End, tl, src)
			links[i] = &Link{Dest: string(tl.Destination), Pos: doc.pos(r.source(f.Start, true)), node: tl}
		}
		doc.Links = append(doc.Links, links...)
	}
}

func (r *run) add(p piece) {
	p.start = len(r.text)
	r.pieces = append(r.pieces, p)
	r.text += p.text
}

// stringPiece is a typographer's quote or dash: the characters it
// replaced in the source stand between its neighbours' segments.
func stringPiece(s *ast.String, src []byte) piece {
	p := piece{node: s, src: -1, srcEnd: -1, text: html.UnescapeString(string(s.Value))}
	prev, _ := s.PreviousSibling().(*ast.Text)
	next, _ := s.NextSibling().(*ast.Text)
	if prev != nil && next != nil && !prev.SoftLineBreak() && !prev.HardLineBreak() && prev.Segment.Stop <= next.Segment.Start {
		gap := string(src[prev.Segment.Stop:next.Segment.Start])
		if !strings.ContainsAny(gap, "\n\r") {
			p.text, p.src, p.srcEnd = gap, prev.Segment.Stop, next.Segment.Start
		}
	}
	return p
}

// source maps an offset in the run's text to the source, or -1. An
// offset between two pieces maps to the start of the later one when it
// starts a span, to the end of the earlier when it ends one.
func (r *run) source(off int, start bool) int {
	for _, p := range r.pieces {
		end := p.start + len(p.text)
		in := off >= p.start && off < end
		if !start {
			in = off > p.start && off <= end
		}
		if !in {
			continue
		}
		if p.src < 0 {
			return -1
		}
		if p.space {
			return p.src
		}
		return p.src + off - p.start
	}
	return -1
}

// nearest is a source offset near a run offset, for a position to report
// where the text has no exact place in the source.
func (r *run) nearest(off int) int {
	best := -1
	for _, p := range r.pieces {
		if p.src >= 0 && p.start <= off {
			best = p.src
		}
	}
	if best < 0 && len(r.pieces) > 0 {
		for _, p := range r.pieces {
			if p.src >= 0 {
				return p.src
			}
		}
		return 0
	}
	return best
}

// wrappable reports whether a span of the run starts and ends inside Text
// segments, so the nodes holding it can be moved into a link.
func (r *run) wrappable(start, end int) bool {
	i, j := r.at(start, true), r.at(end, false)
	if i < 0 || j < 0 {
		return false
	}
	_, ok1 := r.pieces[i].node.(*ast.Text)
	_, ok2 := r.pieces[j].node.(*ast.Text)
	return ok1 && ok2 && !r.pieces[i].space && !r.pieces[j].space
}

// at is the index of the piece holding a span's first (or last) byte.
func (r *run) at(off int, start bool) int {
	for i, p := range r.pieces {
		end := p.start + len(p.text)
		if (start && off >= p.start && off < end) || (!start && off > p.start && off <= end) {
			return i
		}
	}
	return -1
}

// splitText cuts a Text node at source offset cut: n keeps what comes
// before, a new node inserted after it gets the rest and n's line breaks,
// which belong to the end of the text. It returns the new node.
func splitText(n *ast.Text, cut int) *ast.Text {
	rest := ast.NewTextSegment(text.NewSegment(cut, n.Segment.Stop))
	rest.SetSoftLineBreak(n.SoftLineBreak())
	rest.SetHardLineBreak(n.HardLineBreak())
	rest.SetRaw(n.IsRaw())
	n.SetSoftLineBreak(false)
	n.SetHardLineBreak(false)
	n.Segment = n.Segment.WithStop(cut)
	n.Parent().InsertAfter(n.Parent(), n, rest)
	return rest
}

// wrap moves the text of the run between start and end into link,
// splitting the Text nodes at either end.
func (r *run) wrap(start, end int, link *TermLink, src []byte) {
	i, j := r.at(start, true), r.at(end, false)
	first := r.pieces[i].node.(*ast.Text)
	last := r.pieces[j].node.(*ast.Text)
	parent := first.Parent()
	// Split the last node at the span's end: its tail stays outside.
	if cut := r.pieces[j].src + end - r.pieces[j].start; cut < last.Segment.Stop {
		splitText(last, cut)
	}
	// Split the first node at the span's start: the node keeps its head,
	// outside, so the pieces of matches further left still find it.
	if cut := r.pieces[i].src + start - r.pieces[i].start; cut > first.Segment.Start {
		mid := splitText(first, cut)
		if last == first {
			last = mid
		}
		first = mid
	}
	parent.InsertBefore(parent, first, link)
	for n := ast.Node(first); n != nil; {
		next := n.NextSibling()
		parent.RemoveChild(parent, n)
		link.AppendChild(link, n)
		if n == ast.Node(last) {
			break
		}
		n = next
	}
}

// relFile is the relative path from the folder of file (content/a/b.en.md)
// to target, a path under content/ ("glossary/terms.md"), as a writer would
// type the link.
func relFile(file, target string) string {
	dir := path.Dir(strings.TrimPrefix(file, "content/"))
	if dir == "." {
		return target
	}
	return strings.Repeat("../", strings.Count(dir, "/")+1) + target
}

func (x *vocabulary) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindGlossary, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			renderGlossary(w, n.(*GlossaryBlock), x.dial)
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(KindTermLink, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		tl := n.(*TermLink)
		if entering {
			_, _ = w.WriteString(`<a class="term" href="`)
			_, _ = w.Write(util.EscapeHTML(util.URLEscape(tl.Destination, true)))
			_, _ = w.WriteString(`"`)
			if tl.Definition != "" {
				_, _ = w.WriteString(` title="` + html.EscapeString(tl.Definition) + `" aria-describedby="` + termDescID(tl.ID) + `"`)
			}
			_, _ = w.WriteString(`>`)
			return ast.WalkContinue, nil
		}
		_, _ = w.WriteString(`</a>`)
		if tl.Definition != "" {
			lang := ""
			if tl.DefLang != "" {
				lang = ` lang="` + html.EscapeString(tl.DefLang) + `"`
			}
			// Hidden from view and from reading order; referenced by
			// aria-describedby, it is still the link's description.
			_, _ = w.WriteString(`<span id="` + termDescID(tl.ID) + `"` + lang + ` hidden>` + html.EscapeString(tl.Definition) + `</span>`)
		}
		return ast.WalkContinue, nil
	})
}

// renderGlossary writes the glossary as a definition list: <dfn> marks
// each term where it is defined, its entry is the anchor first uses link
// to, and an entry shown from another language says so with lang. A
// hotline number in a definition is a tel: link, as in body text (dial).
func renderGlossary(w util.BufWriter, g *GlossaryBlock, dial Dialler) {
	if len(g.Glossary.Entries) == 0 {
		return
	}
	_, _ = w.WriteString("<dl class=\"glossary\">\n")
	for _, e := range g.Glossary.Entries {
		lang := ""
		if e.Lang != "" && e.Lang != g.Lang {
			lang = ` lang="` + html.EscapeString(e.Lang) + `"`
		}
		fmt.Fprintf(w, `<dt id="%s"%s><dfn>%s</dfn>`, TermAnchor(e.ID), lang, html.EscapeString(e.Term))
		if e.Source != "" && e.Source != e.Term {
			fmt.Fprintf(w, ` <span class="term-source" lang="%s">(%s)</span>`, html.EscapeString(e.SourceLang), html.EscapeString(e.Source))
		}
		_, _ = w.WriteString("</dt>\n")
		def := html.EscapeString(e.Definition)
		if dial != nil {
			def = dial.HTML(e.Definition)
		}
		fmt.Fprintf(w, "<dd%s>%s", lang, def)
		if len(e.Sources) > 0 {
			label := g.Glossary.SourcesLabel
			if label == "" {
				label = "Sources"
			}
			// The label is in the page's language, the sources' names as
			// their publishers give them.
			l := ""
			if lang != "" {
				l = ` lang="` + html.EscapeString(g.Lang) + `"`
			}
			fmt.Fprintf(w, ` <small class="term-sources"%s>%s: %s</small>`, l, html.EscapeString(label), html.EscapeString(strings.Join(e.Sources, "; ")))
		}
		_, _ = w.WriteString("</dd>\n")
	}
	_, _ = w.WriteString("</dl>\n")
}
