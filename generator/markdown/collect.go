package markdown

import (
	"fmt"
	"html"
	"net/url"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"spean/generator/diag"
)

// collector runs after every other transformer and records in the Doc what
// later stages need: heading ids, links with positions, and plain text. It
// also marks external links rel="noopener noreferrer" so a page opened from
// Spean can neither script it nor learn where the reader came from.
type collector struct {
	// unsafe lets any heading attribute through, as raw HTML would;
	// otherwise a heading may have an id and the classes listed.
	unsafe  bool
	classes []string
	// reserved are the ids no heading may have (Options.ReservedIDs).
	reserved map[string]string
}

func (c *collector) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(c, 1000)))
}

func (c *collector) Transform(root *ast.Document, reader text.Reader, pc parser.Context) {
	doc := docFrom(pc)
	if doc == nil {
		return
	}
	src := reader.Source()
	// The ids around the content first, then the explicit ones, so a
	// generated id never takes one the theme or a writer chose.
	ids := make(uniqueIDs, len(c.reserved))
	for id := range c.reserved {
		ids[id] = true
	}
	// One walk finds the headings and the links (a walk of every node was
	// a fifth of Spean's part of parsing); the headings' problems are
	// reported before the links', as when each had a walk of its own.
	var headings []*ast.Heading
	var telAutoLinks []*ast.AutoLink
	before := doc.Problems
	doc.Problems = nil
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			headings = append(headings, n)
			if id, ok := n.AttributeString("id"); ok {
				if b, ok := id.([]byte); ok {
					ids[string(b)] = true
				}
			}
		case *ast.Link:
			pos := doc.pos(inlineStart(n, src))
			if dest, isTel := phoneDest(string(n.Destination)); isTel {
				if dest == "" {
					doc.Problems.Add(telProblem(pos, string(n.Destination)))
				}
				n.Destination = []byte(dest)
			}
			doc.Links = append(doc.Links, &Link{Dest: string(n.Destination), Pos: pos, node: n})
			if isExternal(string(n.Destination)) {
				n.SetAttributeString("rel", []byte("noopener noreferrer"))
			}
		case *ast.Image:
			doc.Links = append(doc.Links, &Link{Dest: string(n.Destination), Pos: doc.pos(inlineStart(n, src)), Image: true, node: n})
		case *ast.RawHTML:
			if !c.unsafe && n.Segments.Len() > 0 {
				warnRawHTML(doc, n.Segments.At(0), src)
			}
		case *ast.HTMLBlock:
			if !c.unsafe && n.Lines().Len() > 0 {
				warnRawHTML(doc, n.Lines().At(0), src)
			}
		case *ast.AutoLink:
			if _, isTel := phoneDest(string(n.URL(src))); isTel {
				telAutoLinks = append(telAutoLinks, n)
			}
			if isExternal(string(n.URL(src))) {
				n.SetAttributeString("rel", []byte("noopener noreferrer"))
			}
		}
		return ast.WalkContinue, nil
	})
	linkProblems := doc.Problems
	doc.Problems = before
	explicitAt := map[string]diag.Pos{}
	for _, h := range headings {
		txt := plainText(h, src)
		pos := doc.pos(lineStart(h))
		doc.Problems = append(doc.Problems, c.checkAttributes(h, pos)...)
		var id string
		if v, ok := h.AttributeString("id"); ok {
			if b, ok := v.([]byte); ok {
				id = string(b)
			}
		}
		if id != "" {
			if usedBy, taken := c.reserved[id]; taken {
				doc.Problems.Add(diag.Diagnostic{Pos: pos, Severity: diag.Error, Code: "heading-id",
					Message: fmt.Sprintf("heading id %q is used by the theme: %s", id, usedBy),
					Hint:    "choose another id for this heading, and change the links to it: with two elements of one id, links and the theme's scripts find only the first"})
			}
			if first, dup := explicitAt[id]; dup {
				doc.Problems.Add(diag.Diagnostic{Pos: pos, Severity: diag.Error, Code: "heading-id",
					Message: fmt.Sprintf("heading id %q is also given to the heading at line %d", id, first.Line),
					Hint:    "give each heading its own id, so a link lands on one heading"})
			} else {
				explicitAt[id] = pos
			}
		}
		explicit := id != ""
		if !explicit {
			id = ids.make(headingID(txt))
			h.SetAttributeString("id", []byte(id))
		}
		doc.Headings = append(doc.Headings, Heading{Level: h.Level, ID: id, Text: txt, Pos: pos, Explicit: explicit})
	}
	doc.Problems = append(doc.Problems, linkProblems...)

	// An autolink <tel:…> prints its URL as it was written: it becomes a
	// link with the number checked like any other tel: link.
	for _, a := range telAutoLinks {
		url := string(a.URL(src))
		dest, _ := phoneDest(url)
		if dest == "" {
			doc.Problems.Add(telProblem(doc.pos(inlineStart(a, src)), url))
		}
		l := ast.NewLink()
		l.Destination = []byte(dest)
		l.AppendChild(l, ast.NewString(a.Label(src)))
		a.Parent().ReplaceChild(a.Parent(), a, l)
	}

	// Text holds every block once, one a line; each block's text is then
	// a slice of it rather than a copy of its own, so a 10,000-page site
	// keeps its plain text in memory once, not twice. A block's words go
	// into a scratch buffer and straight on, spaces collapsed, into the
	// text, rather than into a string of their own (grown by doubling)
	// then copied: 7 % fewer allocations and 3 % fewer bytes in loading
	// the 1,000-page benchmark site. The text is gathered in scratch too
	// and kept as one string: 90 MB fewer bytes allocated in loading the
	// 10,000-page site.
	sc := blockPool.Get().(*scratchBlocks)
	defer blockPool.Put(sc)
	text := slices.Grow(sc.text[:0], len(src))
	raw, blocks, spans := sc.raw[:0], sc.blocks[:0], sc.spans[:0] // spans: each block's text in text
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.(type) {
		case *ast.FencedCodeBlock, *ast.CodeBlock, *Hotlines:
			return ast.WalkSkipChildren, nil
		}
		if n.Type() == ast.TypeBlock && hasInlineChildren(n) {
			raw = appendRawText(raw[:0], n, src)
			mark := len(text)
			if mark > 0 {
				text = append(text, '\n')
			}
			start := len(text)
			if text = appendCollapsed(text, raw); len(text) == start {
				text = text[:mark] // no words: no block
				return ast.WalkSkipChildren, nil
			}
			_, isHeading := n.(*ast.Heading)
			blocks = append(blocks, Block{Pos: doc.pos(lineStart(n)), Heading: isHeading})
			spans = append(spans, [2]int{start, len(text)})
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	doc.text = string(text)
	// The document keeps its blocks for the build: at their number, not
	// grown by doubling (which left up to half of each slice unused).
	if len(blocks) > 0 {
		doc.blocks = slices.Clone(blocks)
	}
	for i, sp := range spans {
		doc.blocks[i].Text = doc.text[sp[0]:sp[1]]
	}
	sc.raw, sc.blocks, sc.spans = raw, blocks[:0], spans
	if cap(text) <= maxScratchText {
		sc.text = text[:0]
	} else {
		sc.text = nil // a rare long page's buffer is not kept
	}
	clear(sc.blocks[:cap(sc.blocks)]) // no text of this page kept alive
}

// scratchBlocks is what collecting a document's blocks grows and then
// copies out at size, kept for the next document (blockPool).
type scratchBlocks struct {
	text   []byte
	raw    []byte
	blocks []Block
	spans  [][2]int
}

var blockPool = sync.Pool{New: func() any { return new(scratchBlocks) }}

// maxScratchText bounds the text buffer a scratchBlocks keeps: a page's
// source is rarely past a few hundred KB.
const maxScratchText = 1 << 20

// warnRawHTML warns of raw HTML starting at seg, which is not published while
// markdown.unsafe_html is off (readers' safety: a page cannot carry a
// script or a form): goldmark leaves a comment where it stood, and the
// text inside an HTML block goes with it, so the writer must hear of it.
// A comment (a note to translators, meant to stay out of the page) and a
// closing tag (its opening tag was reported) are not worth a warning.
func warnRawHTML(doc *Doc, seg text.Segment, src []byte) {
	s := strings.TrimSpace(string(seg.Value(src)))
	if strings.HasPrefix(s, "<!--") || strings.HasPrefix(s, "</") {
		return
	}
	if r := []rune(s); len(r) > 40 {
		s = string(r[:40]) + "…"
	}
	doc.Problems.Add(diag.Diagnostic{Pos: doc.pos(seg.Start), Severity: diag.Warning, Code: "raw-html",
		Message: fmt.Sprintf("raw HTML %q is left out of the page, with any text inside it", s),
		Hint:    "write it in markdown: a blank line between paragraphs, **bold**, a list; markdown.unsafe_html in config.yaml publishes raw HTML, for a site whose every writer is trusted"})
}

// phoneDest checks a tel: link. Phones dial what follows tel:, so it must
// be a number: digits with an optional leading +, which the reader's
// screen shows as written (spaces, dashes, dots and brackets are dropped
// from the link). isTel is false for any other link; dest is "" for a
// tel: link that is not a number, which is an error (telProblem) and
// links nowhere.
func phoneDest(dest string) (tel string, isTel bool) {
	if len(dest) < 4 || !strings.EqualFold(dest[:4], "tel:") {
		return "", false
	}
	num, err := url.PathUnescape(dest[4:])
	if err != nil {
		return "", true
	}
	num = strings.Map(func(r rune) rune {
		if strings.ContainsRune(" -.()", r) {
			return -1
		}
		return r
	}, num)
	digits := strings.TrimPrefix(num, "+")
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		return "", true
	}
	return "tel:" + num, true
}

// telProblem is the error for a tel: link that is not a number.
func telProblem(pos diag.Pos, dest string) diag.Diagnostic {
	return diag.Diagnostic{Pos: pos, Severity: diag.Error, Code: "link",
		Message: fmt.Sprintf("link %q: a tel: link must be a phone number", dest),
		Hint:    "write digits with an optional leading +, e.g. tel:1694 or tel:+66 2 123 4567; for hotlines use a ```hotlines block"}
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
	raw := appendRawText(nil, n, src)
	return string(appendCollapsed(make([]byte, 0, len(raw)), raw))
}

// appendRawText appends the text of n's inline content to b, spaces as
// the source has them: a space where a line or a block breaks.
func appendRawText(b []byte, n ast.Node, src []byte) []byte {
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b = append(b, c.Segment.Value(src)...)
			if c.SoftLineBreak() || c.HardLineBreak() {
				b = append(b, ' ')
			}
		case *ast.String:
			// The typographer stores HTML entities (&ldquo;); text wants
			// the characters.
			b = append(b, html.UnescapeString(string(c.Value))...)
		case *ast.AutoLink:
			b = append(b, c.Label(src)...)
		case *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		case *east.FootnoteLink, *east.FootnoteBacklink:
			return ast.WalkSkipChildren, nil
		}
		if c.Type() == ast.TypeBlock && c != n && len(b) > 0 {
			b = append(b, ' ')
		}
		return ast.WalkContinue, nil
	})
	return b
}

// appendCollapsed appends strings.Join(strings.Fields(s), " ") to b,
// without a slice of every word (the slices were most of what plainText
// cost, 1.3 of the 4.5 CPU-seconds goldmark's parsing took on the
// 10,000-page site), and every byte as it is, even one that is no UTF-8.
//
// A character is decoded only where its first two bytes can start a space
// (mayStartSpace, spaceStart); every other byte, ASCII or part of a letter
// of Khmer, Lao, Burmese or Thai, stays in the run it is in, copied at once
// when the run ends. Decoding and classifying every character took a tenth
// of the CPU time of loading the 10,000-page site; this is 3 to 5 times as
// fast on its pages in each of the five languages.
func appendCollapsed(b, s []byte) []byte {
	pending := false
	start := len(b)
	run := 0 // where the run of non-space bytes being copied starts
	for i := 0; i < len(s); {
		c := s[i]
		if !mayStartSpace[c] {
			i++
			continue
		}
		w := 1
		if c >= utf8.RuneSelf {
			if i+1 >= len(s) || !spaceStart(c, s[i+1]) {
				i++
				continue
			}
			var r rune
			if r, w = utf8.DecodeRune(s[i:]); !unicode.IsSpace(r) {
				i += w
				continue
			}
		}
		if run < i {
			if pending {
				b = append(b, ' ')
			}
			b = append(b, s[run:i]...) // as it is, even a byte that is no UTF-8
		}
		pending = len(b) > start
		i += w
		run = i
	}
	if run < len(s) {
		if pending {
			b = append(b, ' ')
		}
		b = append(b, s[run:]...)
	}
	return b
}

// mayStartSpace are the bytes a space can start with: the ASCII spaces
// (all of which unicode.IsSpace calls space) and the first bytes of those
// outside ASCII (spaceStart).
var mayStartSpace = [256]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true, 0xC2: true, 0xE1: true, 0xE2: true, 0xE3: true}

// spaceStart reports whether a and b are the first two bytes of a space
// outside ASCII that unicode.IsSpace knows: U+0085 and U+00A0, U+1680,
// U+2000–U+200A, U+2028, U+2029, U+202F and U+205F, and U+3000. A first
// byte of a character is never a later byte of another, so a run of other
// bytes can be passed over a byte at a time; and the letters of Khmer and
// Burmese, which start with 0xE1 as U+1680 does, are told apart by the
// second. TestSpaceStart checks it against the unicode package.
func spaceStart(a, b byte) bool {
	switch a {
	case 0xC2:
		return b == 0x85 || b == 0xA0
	case 0xE1:
		return b == 0x9A
	case 0xE2:
		return b == 0x80 || b == 0x81
	case 0xE3:
		return b == 0x80
	}
	return false
}

// checkAttributes keeps only the attributes a heading may have and
// reports the others. With raw HTML off, {…} after a heading could
// otherwise emit style, hidden, contenteditable or event handlers.
func (c *collector) checkAttributes(h *ast.Heading, pos diag.Pos) diag.List {
	var diags diag.List
	if c.unsafe || h.Attributes() == nil {
		return nil
	}
	var keep []ast.Attribute
	for _, a := range h.Attributes() {
		name := string(a.Name)
		value := fmt.Sprint(a.Value)
		if b, ok := a.Value.([]byte); ok {
			value = string(b)
		}
		switch name {
		case "id":
			if !validID(value) {
				diags.Add(diag.Diagnostic{Pos: pos, Severity: diag.Error, Code: "heading-attribute",
					Message: fmt.Sprintf("heading id %q may only hold letters, digits, - and _", value),
					Hint:    "write it like {#fees} or {#ค่าธรรมเนียม}"})
				continue
			}
			keep = append(keep, a)
		case "class":
			var ok []string
			for _, cl := range strings.Fields(value) {
				if slices.Contains(c.classes, cl) {
					ok = append(ok, cl)
					continue
				}
				diags.Add(diag.Diagnostic{Pos: pos, Severity: diag.Error, Code: "heading-attribute",
					Message: fmt.Sprintf("heading class %q is not allowed", cl),
					Hint:    "list it under markdown.heading_classes in config.yaml, or remove it"})
			}
			if len(ok) > 0 {
				keep = append(keep, ast.Attribute{Name: a.Name, Value: []byte(strings.Join(ok, " "))})
			}
		default:
			diags.Add(diag.Diagnostic{Pos: pos, Severity: diag.Error, Code: "heading-attribute",
				Message: fmt.Sprintf("heading attribute %q is not allowed", name),
				Hint:    "a heading may have an id ({#fees}) and the classes markdown.heading_classes lists"})
		}
	}
	h.RemoveAttributes()
	for _, a := range keep {
		h.SetAttribute(a.Name, a.Value)
	}
	return diags
}

// validID reports whether an id is letters, digits, marks, - and _: safe
// in a URL fragment and an HTML attribute in every script.
func validID(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.M, r) || r == '-' || r == '_') {
			return false
		}
	}
	return true
}
