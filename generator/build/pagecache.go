package build

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"spean/generator/diag"
	"spean/generator/markdown"
	"spean/generator/publish"
	"spean/generator/search"
	"spean/generator/site"
	"spean/generator/theme"
	"spean/generator/workers"
)

// The page cache: a one-off build over its previous output renders again
// only the pages whose HTML could differ. A page's HTML is its layout run
// over what it shows: its own text and what the site declares (every
// page's front matter, its place in the site, the theme, the UI strings,
// the configuration, the data files). When the layouts show no page's
// text but its own (theme.OwnTextOnly), a page's key is a hash of its own
// rendered text with a hash of all the rest (sitewide): an unchanged key
// means unchanged HTML, and the previous build's file is published again
// (publish.Reuser) instead of rendering it. Editing one page's text then
// renders one page (and the fallback copies that show it); editing any
// front matter, layout or string renders every page, as before.
//
// The keys are noted per language ("pages/<lang>": the number of pages,
// then each page's key in the site's order) for the next build. The
// generator itself is in the cache's name (publish.NewDir): a changed
// generator reuses nothing.

// keyLen is how many hex digits of a page's key are noted: 48 bits, so
// that a changed page is taken for unchanged once in 2^48 edits.
const keyLen = 12

// entry is a page's entry in its language's note: its key, then its
// output as noted (publish.Noted, which a build that reuses the output
// records without reading it): "<key><sha256>:<size>", about 80 bytes a
// page.
func entry(key string, n publish.Noted) string { return key + n.String() }

// parseEntry reads an entry back; ok is false when it is not one as entry
// writes it (lower-case hex, a size without sign or leading zeros).
func parseEntry(e string) (key string, n publish.Noted, ok bool) {
	if len(e) < keyLen {
		return "", n, false
	}
	for i := range keyLen {
		if c := e[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return "", n, false
		}
	}
	n, ok = publish.ParseNoted(e[keyLen:])
	return e[:keyLen], n, ok
}

// AllPages is step 2 of a one-off build: every page, each either rendered
// or, when its key is the one the previous build noted and the previous
// output is still what that build wrote, published again from it. It
// notes every page's key and output for the next build, per language.
func (b *Build) AllPages(ctx context.Context) diag.List {
	pages := b.Site.Pages
	keys := b.pageKeys(ctx, pages)
	if keys == nil {
		b.rendered = len(pages)
		return b.Pages(ctx, pages)
	}
	// Every page's key, and each language's outputs and keys in the
	// site's order.
	b.textKeys = make(map[*site.Page]string, len(pages))
	outs, ks := map[string][]string{}, map[string][]string{}
	for i, p := range pages {
		b.textKeys[p] = keys[i]
		outs[p.Lang], ks[p.Lang] = append(outs[p.Lang], p.Output()), append(ks[p.Lang], keys[i])
	}
	c := b.Cache()
	var diags diag.List
	reused := map[string]bool{}
	for _, lang := range b.Site.Langs {
		r, err := c.Reuse(ctx, "pages/"+lang, outs[lang], ks[lang])
		if err != nil {
			diags.Errorf(diag.Pos{File: "generator/build"}, "render", "%v", err)
		}
		for j, out := range outs[lang] {
			reused[out] = r[j]
		}
	}
	var render []*site.Page
	for _, p := range pages {
		if !reused[p.Output()] {
			render = append(render, p)
		}
	}
	b.rendered, b.reused = len(render), len(pages)-len(render)
	diags = append(diags, b.Pages(ctx, render)...)
	if diags.HasErrors() {
		return diags
	}
	for _, lang := range b.Site.Langs {
		if err := c.Note("pages/"+lang, outs[lang], ks[lang]); err != nil {
			diags.Errorf(diag.Pos{File: "generator/build"}, "render", "%v", err)
		}
	}
	return diags
}

// Cache is the output cache of this build: the page keys AllPages made,
// and the previous build's outputs to publish again. Without page keys
// (a build that is not one-off, layouts that show other pages' text) it
// reuses nothing.
func (b *Build) Cache() *OutputCache { return &OutputCache{b: b} }

// OutputCache publishes again the outputs of the previous build whose
// key is unchanged (see AllPages), for the steps that make outputs from
// pages: the pages themselves, the leaflets and booklets.
type OutputCache struct{ b *Build }

// TextKey is p's key: a hash of its own text and of everything the site
// declares, or "" when outputs are not reused.
func (c *OutputCache) TextKey(p *site.Page) string { return c.b.textKeys[p] }

// Reuse publishes again each outputs[i] whose key, keys[i], is the one
// the previous build noted for it under note, if the previous copy is
// still the one that build wrote (its size), and reports which it did. The
// outputs come in the same order in every build of the same site (the
// keys hold everything that decides it); an empty key is never reused.
func (c *OutputCache) Reuse(ctx context.Context, note string, outputs, keys []string) ([]bool, error) {
	reused := make([]bool, len(outputs))
	v, ok := c.b.out.Recall(note)
	if c.b.textKeys == nil || !ok {
		return reused, nil
	}
	prev := strings.Fields(v)
	if len(prev) != len(outputs)+1 || prev[0] != strconv.Itoa(len(outputs)) {
		return reused, nil
	}
	prev = prev[1:]
	errs := make([]error, len(outputs))
	workers.Each(ctx, len(outputs), 0, func(i int) {
		key, noted, ok := parseEntry(prev[i])
		if ok && keys[i] != "" && key == keys[i] {
			reused[i], errs[i] = c.b.out.ReuseAs(outputs[i], noted)
		}
	})
	return reused, errors.Join(errs...)
}

// Note leaves note for the next build: each output's key, with the
// SHA-256 and size of what was published. A list with an empty key, or
// an output not published, is not noted: the next build makes them all.
func (c *OutputCache) Note(note string, outputs, keys []string) error {
	if c.b.textKeys == nil {
		return nil
	}
	var l strings.Builder
	l.WriteString(strconv.Itoa(len(outputs)))
	for i, name := range outputs {
		noted, ok := c.b.out.Noted(name)
		if !ok || keys[i] == "" {
			return nil
		}
		l.WriteString(" " + entry(keys[i], noted))
	}
	return c.b.out.Note(note, l.String())
}

// pageKeys returns every page's key, or nil when pages cannot be reused:
// the build is not a one-off (serve renders what a save affects), the
// layouts reach other pages' text, or an input cannot be hashed.
func (b *Build) pageKeys(ctx context.Context, pages []*site.Page) []string {
	if !b.once {
		return nil
	}
	if own, err := b.Theme.OwnTextOnly(pages); err != nil || !own {
		return nil
	}
	whole := b.wholeKey()
	if whole == nil {
		return nil
	}
	sums := b.sums
	keys := make([]string, len(pages))
	errs := make([]error, len(pages))
	workers.Each(ctx, len(pages), 0, func(i int) {
		keys[i], errs[i] = pageKey(whole, pages[i], sums, b.Site.Outdated(pages[i]))
	})
	for _, err := range errs {
		if err != nil {
			return nil
		}
	}
	return keys
}

// wholeKey is sitewide, made once, for a one-off build; nil for another
// (serve renders what a save affects) or when an input cannot be hashed.
func (b *Build) wholeKey() []byte {
	b.wholeOnce.Do(func() {
		if b.once {
			b.whole, _ = b.sitewide()
		}
	})
	return b.whole
}

// sitePages publishes again the files write wrote in the previous build,
// as that build noted them under "site-pages/"+note, when the sitewide
// hash is the one it noted: write writes only what the site declares
// decides (the language chooser, 404 page, alias redirects, sitemap,
// manifests and offline pages), which before were rendered at every
// build, each layout made ready and escaped for its language. Otherwise
// it runs write, and notes what it wrote. Every file or none is published
// again (publish.Recorder.ReuseAllAs).
func (b *Build) sitePages(ctx context.Context, note string, write func(publish.Sink) diag.List) diag.List {
	whole := b.wholeKey()
	if whole == nil {
		return write(b.out)
	}
	h := sha256.New()
	h.Write(whole)
	hashString(h, note)
	key := hex.EncodeToString(h.Sum(nil))[:keyLen]
	note = "site-pages/" + note
	if prev, ok := b.out.Recall(note); ok {
		if names, noted, ok := parseSitePages(prev, key); ok {
			reused, err := b.out.ReuseAllAs(names, noted)
			if err == nil && reused {
				err = b.out.Note(note, prev)
			}
			if err != nil || reused {
				var diags diag.List
				if err != nil {
					diags.Errorf(diag.Pos{File: "generator/build"}, "render", "%v", err)
				}
				return diags
			}
		}
	}
	rec := &namesSink{next: b.out}
	diags := write(rec)
	if diags.HasErrors() {
		return diags
	}
	noted := make([]publish.Noted, len(rec.names))
	for i, name := range rec.names {
		var ok bool
		if noted[i], ok = b.out.Noted(name); !ok {
			return diags // not noted: the next build makes them all
		}
	}
	if err := b.out.Note(note, sitePagesNote(key, rec.names, noted)); err != nil {
		diags.Errorf(diag.Pos{File: "generator/build"}, "render", "%v", err)
	}
	return diags
}

// sitePagesNote is the note of sitePages: its key, then each file's name,
// quoted in printable ASCII (a note's value is), and how it was noted.
func sitePagesNote(key string, names []string, noted []publish.Noted) string {
	var l strings.Builder
	l.WriteString(key)
	for i, name := range names {
		l.WriteString(" " + strconv.QuoteToASCII(name) + " " + noted[i].String())
	}
	return l.String()
}

// parseSitePages reads a note of sitePages back: the files' names and
// how they were noted, when the note's key is key and it reads whole, each
// name quoted as sitePagesNote quotes it.
func parseSitePages(note, key string) (names []string, noted []publish.Noted, ok bool) {
	rest, ok := strings.CutPrefix(note, key)
	if !ok {
		return nil, nil, false
	}
	for rest != "" {
		if rest[0] != ' ' {
			return nil, nil, false
		}
		q, err := strconv.QuotedPrefix(rest[1:])
		if err != nil {
			return nil, nil, false
		}
		name, err := strconv.Unquote(q)
		if err != nil || strconv.QuoteToASCII(name) != q {
			return nil, nil, false
		}
		rest = rest[1+len(q):]
		if len(rest) == 0 || rest[0] != ' ' {
			return nil, nil, false
		}
		n, _, _ := strings.Cut(rest[1:], " ")
		nd, ok := publish.ParseNoted(n)
		if !ok {
			return nil, nil, false
		}
		rest = rest[1+len(n):]
		names, noted = append(names, name), append(noted, nd)
	}
	return names, noted, len(names) > 0
}

// namesSink passes files on to next and keeps their names in the order
// written.
type namesSink struct {
	next  publish.Sink
	mu    sync.Mutex
	names []string
}

func (s *namesSink) Write(name string, data []byte) error {
	s.mu.Lock()
	s.names = append(s.names, name)
	s.mu.Unlock()
	return s.next.Write(name, data)
}

// sitewide hashes everything a page's HTML depends on but its own text:
// the configuration and build options, the theme's folders, the UI
// strings, the data files and every other file under content/ that is not
// a page, every source's path and front matter, and every page's place.
func (b *Build) sitewide() ([]byte, error) {
	h := sha256.New()
	str := func(s string) { hashString(h, s) }
	str("spean page cache 2")
	// The configuration, UI strings, data files and every page's front
	// matter are hashed once at load when there is a documents cache
	// (siteDeclares): hashing them again here was 0.15 s of a rebuild's
	// pages step.
	declared := b.declared
	if declared == nil {
		var err error
		if declared, err = siteDeclares(b.Config, b.opts.FS, b.Site.Sources); err != nil {
			return nil, err
		}
	}
	h.Write(declared)
	str(fmt.Sprint(b.opts.Status, b.opts.Preview, b.opts.Printer != nil))
	if err := hashFiles(h, b.opts.FS, theme.Dirs(b.Config)); err != nil {
		return nil, err
	}
	for _, p := range b.Site.Pages {
		str(fmt.Sprint(p.Key, p.Kind, p.Lang, p.URL, p.Output(), p.Source.Path, p.Fallback, p.Synthetic))
	}
	return h.Sum(nil), nil
}

// pageKey is a page's key: the sitewide hash, the page's output, and its
// own text as the layouts see it (docSum): taken from sums, where the
// documents cache noted it, so that a document read back from the cache
// need not have its HTML decoded to be hashed. outdated is site.Outdated
// of the page, the one thing a page shows that its source page's text
// decides: an edit to an English page's text tells its translations'
// readers that they are older, and renders those pages again, not all.
func pageKey(whole []byte, p *site.Page, sums map[*markdown.Doc][32]byte, outdated bool) (string, error) {
	h := sha256.New()
	h.Write(whole)
	hashString(h, p.Output())
	hashString(h, strconv.FormatBool(outdated))
	if d := p.Doc; d != nil {
		sum, ok := sums[d]
		if !ok {
			var err error
			if sum, err = docSum(d); err != nil {
				return "", err
			}
		}
		h.Write(sum[:])
	}
	return hex.EncodeToString(h.Sum(nil))[:keyLen], nil
}

// searchPageKey is the key of lang's search page: the sitewide hash and
// what the page shows of its index, the index's files and the A–Z list
// (search.PageData) whole, so that a field added to it is in the key.
func searchPageKey(whole []byte, lang string, data search.PageData) string {
	h := sha256.New()
	h.Write(whole)
	hashString(h, lang)
	d, err := json.Marshal(data)
	if err != nil {
		return "" // never reused
	}
	h.Write(d)
	return hex.EncodeToString(h.Sum(nil))[:keyLen]
}

// docSum is a document as the layouts see it, hashed: its rendered
// markdown and what it holds besides.
func docSum(d *markdown.Doc) (sum [32]byte, err error) {
	h := sha256.New()
	body, err := d.HTML()
	if err != nil {
		return sum, err
	}
	hashBytes(h, body)
	hashString(h, d.Text())
	// Blocks by hand: they are most of a document, and JSON (or fmt)
	// would cost more than the rest of the key.
	var n [8]byte
	for _, bl := range d.Blocks() {
		hashString(h, bl.Text)
		hashString(h, bl.Pos.File)
		for _, v := range []int{bl.Pos.Line, bl.Pos.Col, boolInt(bl.Heading)} {
			binary.LittleEndian.PutUint64(n[:], uint64(v))
			h.Write(n[:])
		}
	}
	// The rest whole, so that a field added to them is in the key.
	rest, err := json.Marshal([]any{d.Lang, d.File, d.Headings, d.Links, d.Hotlines, d.Callouts, d.Terms, d.Anchors, d.Glossary})
	if err != nil {
		return sum, err
	}
	h.Write(rest)
	h.Sum(sum[:0])
	return sum, nil
}

// keyedDocFields are the fields of a parsed document that docSum hashes,
// besides its HTML; Problems are findings, which fail a build before any
// page renders. TestPageKeyCoversDoc fails when markdown.Doc gains a field
// this list does not name, so that the key is kept whole. Text and Blocks
// are methods now (markdown.Doc.Text), which docSum calls.
var keyedDocFields = []string{"Lang", "File", "Headings", "Links", "Hotlines", "Callouts", "Terms", "Anchors", "Glossary", "Text", "Blocks", "Problems"}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// hashBytes is hashString for bytes, without copying them into a string.
func hashBytes(h hash.Hash, b []byte) {
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(len(b)))
	h.Write(n[:])
	h.Write(b)
}

// hashString writes s to h after its length, so that no two lists of
// strings hash alike.
func hashString(h hash.Hash, s string) {
	// The string's bytes as they are: a hash reads its input and keeps
	// none of it, and copying every page's text to hash it was a third of
	// the keys' cost (hash.Hash has no WriteString).
	hashBytes(h, unsafe.Slice(unsafe.StringData(s), len(s)))
}
