// Package markdown is the only importer of goldmark. It holds the one
// configured markdown processor and turns a page body into a Doc: the parsed
// tree plus what later stages need from it (headings with their ids, links
// with their positions, plain text for search), then renders a Doc to HTML.
//
// Parsing and rendering are separate because links can only be resolved once
// the whole site is assembled: the site stage rewrites each Link's
// destination between the two.
package markdown

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"sort"
	"sync"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"

	"spean/generator/diag"
	"spean/generator/script"
)

// Options configures the processor.
type Options struct {
	// UnsafeHTML lets raw HTML through; otherwise it is dropped.
	UnsafeHTML bool
	// Label returns the reader-facing label of a callout kind ("note",
	// "warning", …) in a language. Nil means the English kind name.
	Label func(lang, kind string) string
	// Hotlines renders a ```hotlines block's arguments in a language. Nil
	// renders nothing.
	Hotlines func(w io.Writer, lang string, args []string) error
	// Dial finds the hotline numbers in a text (hotline.Dialler); each
	// becomes a tel: link where it stands in body text and in the
	// glossary's definitions. Nil: numbers stay text.
	Dial Dialler
	// Vocabulary is the site's termbase: the ```terms glossary block, the
	// terms recorded in Doc.Terms, and first uses linked to the glossary.
	// Nil: none of these.
	Vocabulary *Vocabulary
	// HeadingClasses are the classes a heading's {…} attributes may set
	// while raw HTML is off; an id is always allowed.
	HeadingClasses []string
	// ReservedIDs are ids that elements around the content have on every
	// page, each with what uses it, for the message (theme.IDs). A
	// heading must not take one: two elements with one id are invalid
	// HTML, and links and scripts find only the first. An id made from a
	// heading's text gets a suffix instead, as a repeated heading's does
	// (offline-1); an id the writer gave ({#offline}) is an error.
	ReservedIDs map[string]string
	// MaxBlockSize and MaxNesting bound what one document may cost
	// (checkLimits); zero means the defaults.
	MaxBlockSize, MaxNesting int
}

// Markdown is the configured processor; safe for concurrent use.
type Markdown struct {
	// latin has the typographer (curly quotes, dashes); scripts that do not
	// use Latin punctuation conventions are parsed without it.
	latin, other goldmark.Markdown
	opts         Options
}

// New builds the processor.
func New(opts Options) *Markdown {
	build := func(typographer bool) goldmark.Markdown {
		exts := []goldmark.Extender{
			extension.GFM, extension.Footnote, extension.DefinitionList,
			&callouts{label: opts.Label},
			&hotlines{render: opts.Hotlines},
			&vocabulary{v: opts.Vocabulary, dial: opts.Dial},
			&dialler{dial: opts.Dial},
			&collector{unsafe: opts.UnsafeHTML, classes: opts.HeadingClasses, reserved: opts.ReservedIDs},
		}
		if typographer {
			exts = append(exts, extension.Typographer)
		}
		rOpts := []goldmark.Option{
			goldmark.WithExtensions(exts...),
			goldmark.WithParserOptions(parser.WithAttribute()),
		}
		if opts.UnsafeHTML {
			rOpts = append(rOpts, goldmark.WithRendererOptions(html.WithUnsafe()))
		}
		return goldmark.New(rOpts...)
	}
	if opts.MaxBlockSize <= 0 {
		opts.MaxBlockSize = DefaultMaxBlockSize
	}
	if opts.MaxNesting <= 0 {
		opts.MaxNesting = DefaultMaxNesting
	}
	return &Markdown{latin: build(true), other: build(false), opts: opts}
}

// Heading is one heading of a document.
type Heading struct {
	Level int
	ID    string
	Text  string
	Pos   diag.Pos
	// Explicit is true when the writer gave the id ({#fees}).
	Explicit bool
}

// Link is one link or image in a document.
type Link struct {
	Dest  string
	Pos   diag.Pos
	Image bool
	// Target and Fragment are set by whoever resolves internal links: the
	// key of the page linked to and the heading id, for checks that need
	// every page parsed first.
	Target   string
	Fragment string
	node     ast.Node
}

// SetDest rewrites the destination the link renders with.
// It must be called before Finish.
func (l *Link) SetDest(dest string) {
	switch n := l.node.(type) {
	case *ast.Link:
		n.Destination = []byte(dest)
	case *ast.Image:
		n.Destination = []byte(dest)
	case *TermLink:
		n.Destination = []byte(dest)
	}
}

// HotlineUse is one ```hotlines block.
type HotlineUse struct {
	Args []string
	Pos  diag.Pos
}

// Doc is a parsed page body.
type Doc struct {
	Lang     string
	File     string
	Headings []Heading
	Links    []*Link
	Hotlines []HotlineUse
	Callouts []string
	// Terms is every form of a termbase term in the text (code aside), in
	// the order they stand.
	Terms []TermUse
	// Anchors are the ids a reader can link to besides headings': the
	// glossary's entries.
	Anchors []string
	// Glossary is true when the page shows the glossary (a ```terms
	// block); its terms are not linked to itself.
	Glossary bool
	// Problems are what parsing found wrong with the text itself: limits
	// exceeded, heading attributes that are not allowed, ids given twice.
	Problems diag.List

	src        []byte
	firstLine  int
	lineStarts []int
	root       ast.Node
	md         goldmark.Markdown
	html       []byte
	keptHTML   func() ([]byte, error) // instead of html, for a document kept between builds (ReadFinished)
	// text and blocks are Text and Blocks; for a document kept between
	// builds they are read when first asked for, by keptText, once.
	text     string
	blocks   []Block
	keptText func() (string, []Block)
	textOnce sync.Once
	finished bool
	released bool // DropHTML was called
}

// Block is one paragraph-like unit of plain text.
type Block struct {
	Text string
	Pos  diag.Pos
	// Heading is true for headings, which search ranks higher.
	Heading bool
}

// HasAnchor reports whether the document has a heading with id.
func (d *Doc) HasAnchor(id string) bool {
	for _, h := range d.Headings {
		if h.ID == id {
			return true
		}
	}
	return slices.Contains(d.Anchors, id)
}

// pos converts a byte offset in the body into a file position. Line starts
// are indexed once per document: scanning from the top for every link and
// block made parsing quadratic in the length of a page.
func (d *Doc) pos(offset int) diag.Pos {
	if d.lineStarts == nil {
		d.lineStarts = append(d.lineStarts, 0)
		for i, c := range d.src {
			if c == '\n' {
				d.lineStarts = append(d.lineStarts, i+1)
			}
		}
	}
	offset = max(0, min(offset, len(d.src)))
	line := sort.Search(len(d.lineStarts), func(i int) bool { return d.lineStarts[i] > offset }) - 1
	start := d.lineStarts[line]
	return diag.Pos{File: d.File, Line: d.firstLine + line, Col: utf8.RuneCount(d.src[start:offset]) + 1}
}

var docKey = parser.NewContextKey()

// Parse parses body, the markdown of file from line firstLine on, written in
// lang. Parsing never fails: markdown has no syntax errors, and problems
// such as broken links are found later from the Doc.
func (m *Markdown) Parse(file string, body []byte, firstLine int, lang string) *Doc {
	md := m.other
	// Typographic quotes and dashes are Latin conventions; Khmer, Lao,
	// Burmese and Thai have their own.
	if script.Of(lang).Typographer {
		md = m.latin
	}
	doc := &Doc{Lang: lang, File: file, src: body, firstLine: firstLine, md: md}
	if doc.Problems = checkLimits(file, body, firstLine, m.opts.MaxBlockSize, m.opts.MaxNesting); doc.Problems.HasErrors() {
		// Not parsed at all: the point of the limits is that goldmark
		// never sees such a text.
		doc.src = nil
		return doc
	}
	pc := parser.NewContext()
	pc.Set(docKey, doc)
	doc.root = md.Parser().Parse(text.NewReader(body), parser.WithContext(pc))
	return doc
}

// HTML returns the document's HTML, rendering it if Finish has not.
func (d *Doc) HTML() ([]byte, error) {
	if d.released {
		return nil, fmt.Errorf("markdown: %s: the HTML was let go of after the last step that needed it", d.File)
	}
	if d.keptHTML != nil {
		return d.keptHTML()
	}
	if d.finished || d.root == nil {
		return d.html, nil
	}
	var b bytes.Buffer
	err := d.render(&b)
	return b.Bytes(), err
}

// render writes the HTML of the syntax tree to b, with room made first
// for twice the source, which most pages fit.
func (d *Doc) render(b *bytes.Buffer) error {
	b.Grow(len(d.src) * 2)
	return d.md.Renderer().Render(b, d.src, d.root)
}

// scratch holds buffers Finish renders pages into before copying each
// page's HTML out at its size: rendering into a new buffer of twice the
// source for every page, to copy it out again, allocated and cleared
// twice what the site's HTML needs (0.36 of the 4.5 CPU-seconds loading
// the 10,000-page benchmark site took, half of it clearing memory).
var scratch = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxScratch is the largest buffer put back in scratch: a rare huge page
// must not keep its buffer for the rest of the build.
const maxScratch = 1 << 20

// Finish renders the HTML once and lets go of the syntax tree and the
// source, which are many times larger than the HTML: a 10,000-page site
// would otherwise hold every tree until the last page is written. Links
// must be resolved (SetDest) before. Headings, Links, Blocks and Text stay.
func (d *Doc) Finish() error {
	if d.finished {
		return nil
	}
	// The page keeps its HTML until written: only what it needs (on the
	// 10,000-page site 60 MB of the 460 MB a loaded site holds rather than
	// room for twice the source).
	var html []byte
	if d.keptHTML != nil || d.released || d.root == nil {
		var err error
		if html, err = d.HTML(); err != nil {
			return err
		}
		if cap(html)-len(html) > len(html)/8 {
			html = bytes.Clone(html)
		}
	} else {
		// Copied out of the scratch buffer at its size, once: cloning it
		// again for the room an allocation rounds up to gains nothing.
		b := scratch.Get().(*bytes.Buffer)
		b.Reset()
		err := d.render(b)
		html = bytes.Clone(b.Bytes())
		if b.Cap() <= maxScratch {
			scratch.Put(b)
		}
		if err != nil {
			return err
		}
	}
	if len(html) > MaxHTML {
		return fmt.Errorf("the page renders to %s of HTML, over the limit of %s (split it into several pages)", size(len(html)), size(MaxHTML))
	}
	d.html, d.finished = html, true
	d.root, d.src, d.lineStarts = nil, nil, nil
	for _, l := range d.Links {
		l.node = nil
	}
	return nil
}

// DropHTML lets go of the rendered HTML (Finish) once nothing will render
// the page again: a build that ends after it writes pages, leaflets and
// booklets holds every page's HTML until then, 87 MB on the 10,000-page
// site, which need not be in memory while the search index is built. HTML
// fails afterwards, so a late reader is found rather than given nothing.
func (d *Doc) DropHTML() {
	d.html, d.keptHTML, d.released = nil, nil, true
}

// Text is the body as plain text, one block per line, for search and
// checks of script and plain language.
func (d *Doc) Text() string {
	d.loadText()
	return d.text
}

// Blocks is Text split into its blocks with their positions.
func (d *Doc) Blocks() []Block {
	d.loadText()
	return d.blocks
}

// loadText reads the text of a document kept between builds, the first
// time it is asked for: most documents a rebuild takes from the cache
// are never indexed or rendered again, and copying every one's text out
// of the cache was 1 CPU-s and 90 MB of a rebuild of the 10,000-page
// site. The methods, not fields, make sure no reader sees a text not
// read yet.
func (d *Doc) loadText() {
	d.textOnce.Do(func() {
		if d.keptText != nil {
			d.text, d.blocks = d.keptText()
			d.keptText = nil
		}
	})
}

// DropText lets go of Text and Blocks (for search and the checks) once
// the search index is built: another 130 MB on the 10,000-page site (93
// of text, 40 of blocks, in a heap profile taken while it is indexed).
// Text and Blocks are empty afterwards; a document whose text was never
// read does not read it now.
func (d *Doc) DropText() {
	d.textOnce.Do(func() {})
	d.text, d.blocks, d.keptText = "", nil, nil
}

func docFrom(pc parser.Context) *Doc {
	d, _ := pc.Get(docKey).(*Doc)
	return d
}

// lineStart returns the offset of the first line of a block node, or -1.
func lineStart(n ast.Node) int {
	if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
		return n.Lines().At(0).Start
	}
	return -1
}
