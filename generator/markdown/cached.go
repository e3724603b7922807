package markdown

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"unsafe"

	"spean/generator/diag"
)

// A finished document can be kept between builds: AppendFinished writes
// what it holds once Finish has rendered it (every exported field, and
// its text) and ReadFinished makes the same document again without
// parsing. Its HTML is kept apart, by the caller, and its text is read
// only when asked for: most pages read back are never rendered or
// indexed again (the previous build's file is published as it is), and
// decoding and copying every page's HTML was a third of reading the
// 10,000-page site's documents back, copying their text half of the rest.
// The build keeps them (build/docscache.go) so that a rebuild parses only
// the pages whose text or inputs changed: parsing is most of loading a
// large site again.
//
// The format is this file's own (varints and length-prefixed strings in
// the order below), versioned by the cache's name: the generator that
// writes a document is the one that reads it (publish.NewDir).
// TestFinishedCoversDoc fails when Doc, or a type it holds, gains a field
// these two do not know.

// errCached is what a malformed entry reads as; the build then parses the
// page as if it were not kept.
var errCached = errors.New("markdown: kept document unreadable")

// AppendFinished appends d and the findings that parsing, resolving and
// rendering it reported (found) to b, in two parts: first everything but
// its text, then, from textAt, its Text and Blocks, which a reader asks
// for only when it indexes or renders the page (ReadFinished). d must be
// finished (Finish).
func AppendFinished(b []byte, d *Doc, found diag.List) (out []byte, textAt int, err error) {
	if !d.finished {
		return b, 0, errors.New("markdown: only a finished document can be kept")
	}
	e := encoder{b: b, file: d.File}
	e.str(d.Lang)
	e.str(d.File)
	e.list(d.Headings == nil, len(d.Headings))
	for _, h := range d.Headings {
		e.int(h.Level)
		e.str(h.ID)
		e.str(h.Text)
		e.pos(h.Pos)
		e.bool(h.Explicit)
	}
	e.list(d.Links == nil, len(d.Links))
	for _, l := range d.Links {
		e.str(l.Dest)
		e.pos(l.Pos)
		e.bool(l.Image)
		e.str(l.Target)
		e.str(l.Fragment)
	}
	e.list(d.Hotlines == nil, len(d.Hotlines))
	for _, h := range d.Hotlines {
		e.strs(h.Args)
		e.pos(h.Pos)
	}
	e.strs(d.Callouts)
	e.list(d.Terms == nil, len(d.Terms))
	for _, t := range d.Terms {
		e.str(t.ID)
		e.int(int(t.Kind))
		e.str(t.Form)
		e.str(t.Text)
		e.pos(t.Pos)
		e.int(t.Start)
		e.int(t.End)
		e.bool(t.Heading)
		e.bool(t.Link)
		e.bool(t.Marked)
	}
	e.strs(d.Anchors)
	e.bool(d.Glossary)
	e.diags(d.Problems)
	e.diags(found)
	textAt = len(e.b) - len(b)
	text, blocks := d.Text(), d.Blocks()
	e.str(text)
	// A block's text is a slice of Text (collect.go): its place in it is
	// kept, not a copy, and made a slice again when read.
	e.list(blocks == nil, len(blocks))
	at := 0
	for _, bl := range blocks {
		i := strings.Index(text[at:], bl.Text)
		if i < 0 {
			return b, 0, errors.New("markdown: a block's text is not in the document's text")
		}
		e.uint(i)
		e.uint(len(bl.Text))
		at += i + len(bl.Text)
		e.pos(bl.Pos)
		e.bool(bl.Heading)
	}
	return e.b, textAt, nil
}

// ReadFinished reads a document AppendFinished wrote, finished as it was,
// with its findings. meta is what AppendFinished wrote before textAt; the
// text part, from textAt, is what text returns, called once, the first
// time the document's Text or Blocks is asked for (never, for most pages
// of a rebuild); html is called each time the HTML is asked for. The
// document's strings share one copy of meta, and its text one copy of
// the text part. text must return the text part AppendFinished wrote,
// as it wrote it: Text cannot fail, so a text part that does not read
// stops the build. A caller that cannot vouch for the bytes (the build
// keeps a checksum of each entry) checks them first with CheckText.
func ReadFinished(meta []byte, text func() []byte, html func() ([]byte, error)) (*Doc, diag.List, error) {
	if html == nil || text == nil {
		return nil, nil, errors.New("markdown: a kept document needs its text and HTML")
	}
	d := &Doc{finished: true, keptHTML: html}
	r := reader{s: string(meta)}
	d.Lang = r.str()
	d.File = r.str()
	r.file = d.File
	d.Headings = makeList[Heading](&r)
	for i := range d.Headings {
		d.Headings[i] = Heading{Level: r.int(), ID: r.str(), Text: r.str(), Pos: r.pos(), Explicit: r.bool()}
	}
	d.Links = makeList[*Link](&r)
	for i := range d.Links {
		d.Links[i] = &Link{Dest: r.str(), Pos: r.pos(), Image: r.bool(), Target: r.str(), Fragment: r.str()}
	}
	d.Hotlines = makeList[HotlineUse](&r)
	for i := range d.Hotlines {
		d.Hotlines[i] = HotlineUse{Args: r.strs(), Pos: r.pos()}
	}
	d.Callouts = r.strs()
	d.Terms = makeList[TermUse](&r)
	for i := range d.Terms {
		d.Terms[i] = TermUse{ID: r.str(), Kind: TermKind(r.int()), Form: r.str(), Text: r.str(), Pos: r.pos(),
			Start: r.int(), End: r.int(), Heading: r.bool(), Link: r.bool(), Marked: r.bool()}
	}
	d.Anchors = r.strs()
	d.Glossary = r.bool()
	d.Problems = r.diags()
	found := r.diags()
	if r.err == nil && r.s != "" {
		r.err = errCached
	}
	if r.err != nil {
		return nil, nil, r.err
	}
	file := d.File
	d.keptText = func() (string, []Block) {
		t, blocks, err := readText(string(text()), file)
		if err != nil {
			panic(fmt.Sprintf("markdown: the text kept for %s does not read (delete the output folder's .spean-docs and build again): %v", file, err))
		}
		return t, blocks
	}
	return d, found, nil
}

// CheckText reports whether b reads as the text part of a document of
// file (AppendFinished), without copying it: what ReadFinished's text
// function returns must pass it first.
func CheckText(b []byte, file string) error {
	_, _, err := readText(unsafe.String(unsafe.SliceData(b), len(b)), file)
	return err
}

// readText reads a text part: the text, then each block's place in it.
func readText(s, file string) (string, []Block, error) {
	r := reader{s: s, file: file}
	text := r.str()
	blocks := makeList[Block](&r)
	at := 0
	for i := range blocks {
		// Places in the text, which is read: bounded by it, not by what is left.
		off, n := r.uvarint(), r.uvarint()
		if r.err == nil && (off > uint64(len(text)-at) || n > uint64(len(text)-at)-off) {
			r.fail()
		}
		if r.err != nil {
			break
		}
		from, to := at+int(off), at+int(off)+int(n)
		blocks[i] = Block{Text: text[from:to], Pos: r.pos(), Heading: r.bool()}
		at = to
	}
	if r.err == nil && r.s != "" {
		r.err = errCached
	}
	if r.err != nil {
		return "", nil, r.err
	}
	return text, blocks, nil
}

// encoder appends values; file is the document's, which most positions
// name and which is then not written again.
type encoder struct {
	b    []byte
	file string
}

func (e *encoder) uint(v int)   { e.b = binary.AppendUvarint(e.b, uint64(v)) }
func (e *encoder) int(v int)    { e.b = binary.AppendVarint(e.b, int64(v)) }
func (e *encoder) str(s string) { e.uint(len(s)); e.b = append(e.b, s...) }

func (e *encoder) bool(v bool) {
	if v {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}

// list writes a list's length, and whether it is nil: an empty list and
// none differ in JSON, which page keys are made of (build/pagecache.go),
// so a kept document must have each as parsing left it.
func (e *encoder) list(isNil bool, n int) {
	if isNil {
		e.uint(0)
	} else {
		e.uint(n + 1)
	}
}

func (e *encoder) strs(ss []string) {
	e.list(ss == nil, len(ss))
	for _, s := range ss {
		e.str(s)
	}
}

func (e *encoder) pos(p diag.Pos) {
	e.bool(p.File != e.file)
	if p.File != e.file {
		e.str(p.File)
	}
	e.int(p.Line)
	e.int(p.Col)
}

func (e *encoder) diags(l diag.List) {
	e.list(l == nil, len(l))
	for _, d := range l {
		e.pos(d.Pos)
		e.int(int(d.Severity))
		e.str(d.Code)
		e.str(d.Message)
		e.str(d.Hint)
	}
}

// reader reads what encoder wrote; the first error sticks and the values
// after it read as zero.
type reader struct {
	s    string
	file string
	err  error
}

func (r *reader) fail() { r.err, r.s = errCached, "" }

func (r *reader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := uvarint(r.s)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.s = r.s[n:]
	return v
}

// uvarint is binary.Uvarint on a string.
func uvarint(s string) (uint64, int) {
	var v uint64
	for i := 0; i < len(s) && i < binary.MaxVarintLen64; i++ {
		c := s[i]
		if c < 0x80 {
			if i == binary.MaxVarintLen64-1 && c > 1 {
				return 0, -1
			}
			return v | uint64(c)<<(7*i), i + 1
		}
		v |= uint64(c&0x7f) << (7 * i)
	}
	return 0, 0
}

// count reads a length, which cannot exceed what is left to read.
func (r *reader) count() int {
	v := r.uvarint()
	if v > uint64(len(r.s)) && r.err == nil {
		r.fail()
		return 0
	}
	return int(v)
}

func (r *reader) int() int {
	u := r.uvarint()
	return int(int64(u>>1) ^ -int64(u&1)) // zig-zag, as binary.AppendVarint writes
}

func (r *reader) str() string {
	n := r.count()
	if r.err != nil {
		return ""
	}
	s := r.s[:n]
	r.s = r.s[n:]
	return s
}

func (r *reader) bool() bool {
	if r.err != nil {
		return false
	}
	if r.s == "" || r.s[0] > 1 {
		r.fail()
		return false
	}
	v := r.s[0] == 1
	r.s = r.s[1:]
	return v
}

// list reads what encoder.list wrote: the length, and nil for a list
// that was nil.
func (r *reader) list() (n int, isNil bool) {
	v := r.uvarint()
	if v == 0 || r.err != nil {
		return 0, true
	}
	if v-1 > uint64(len(r.s)) { // each item takes a byte at least
		r.fail()
		return 0, true
	}
	return int(v - 1), false
}

// makeList makes a list of the length r reads, nil where it was nil.
func makeList[T any](r *reader) []T {
	n, isNil := r.list()
	if isNil || r.err != nil {
		return nil
	}
	return make([]T, n)
}

func (r *reader) strs() []string {
	n, isNil := r.list()
	if isNil || r.err != nil {
		return nil
	}
	ss := make([]string, n)
	for i := range ss {
		ss[i] = r.str()
	}
	return ss
}

func (r *reader) pos() diag.Pos {
	p := diag.Pos{File: r.file}
	if r.bool() {
		p.File = r.str()
	}
	p.Line = r.int()
	p.Col = r.int()
	return p
}

func (r *reader) diags() diag.List {
	n, isNil := r.list()
	if isNil || r.err != nil {
		return nil
	}
	l := make(diag.List, n)
	for i := range l {
		l[i] = diag.Diagnostic{Pos: r.pos(), Severity: diag.Severity(r.int()), Code: r.str(), Message: r.str(), Hint: r.str()}
	}
	return l
}
