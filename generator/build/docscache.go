package build

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io/fs"
	"maps"
	"path"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/klauspost/compress/zstd"

	"spean/generator/config"
	"spean/generator/content"
	"spean/generator/diag"
	"spean/generator/i18n"
	"spean/generator/markdown"
	"spean/generator/paths"
	"spean/generator/publish"
	"spean/generator/workers"
)

// The documents cache: a build into an output folder keeps every page it
// parsed, finished (markdown.AppendFinished), in the file paths.DocsCache
// there, and the next build by the same generator takes a page from it
// instead of parsing it again when nothing the parse reads has changed.
// Parsing the pages was most of a rebuild after one edit (3.3 of its 6.7 s
// on the 10,000-page site): every page is parsed, resolved and rendered
// again because the checks, the index of the edited language and the page
// keys need every document.
//
// The cache is written by the step KeepDocs, after the pages are made and
// before their HTML is let go of, not while they are parsed: so that
// building the pages pays nothing for the next build, and the cost (1.2
// CPU-s on the 10,000-page site) shows as a step of its own.
//
// What a page's parse reads is its own file (path, language, body and the
// line the body starts on) and what the whole site declares: the
// configuration, the UI strings (callout labels, hotlines), the data
// files (hotlines, termbase), every page's path and front matter (links
// resolve against them), which page holds the glossary and the ids the
// theme keeps for itself (theme.IDs). A page's key is a hash of its own
// part and one hash of the site's (siteDeclares, with the glossary's page
// and the theme's ids); an
// unchanged key means the parse would make the same document, with the
// same findings, which the cache holds. Editing one page's text parses
// that page alone; editing any front matter, string or data file parses
// every page, as before.
//
// The file is the generator's own: "spean docs 4\n", then for each page
// parsed, in the site's order, its key (32 bytes), the CRC-32C of its
// entry (4 bytes), the entry's length and the entry (docsEntryOf): the
// document's sum for the page keys, then the document, compressed with
// zstd (at its fastest, so that a clean build pays little for writing
// it). A file that does not read so is no cache: every page
// is parsed; an entry whose sum is wrong (the file changed by hand) is
// not taken.

const docsMagic = "spean docs 4\n"

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// docsCache is the previous build's entries, and what this build will
// keep: each parsed source's key and either the previous entry (taken)
// or its document and findings (parsed), written by KeepDocs after the
// pages are made.
type docsCache struct {
	prev   map[[32]byte]keptEntry
	loaded chan struct{} // closed once prev is read (readDocsCache)
	wide   []byte        // the site's part of every key, set by begin
	site   []byte        // siteDeclares, of which wide is made
	hits   atomic.Int64
	ents   []docsEntry
	// known is the notes of the content files the load read or took
	// (content.Known), which KeepDocs writes beside the documents.
	known *content.Known
}

// docsEntry is one source's: its key, its document, and the previous
// entry (taken) or the document's findings (parsed).
type docsEntry struct {
	key   [32]byte
	prev  keptEntry
	doc   *markdown.Doc
	found diag.List
	sum   [32]byte // docSum(doc), for the page keys
}

// keptEntry is an entry of the previous build's file: its record as the
// file holds it (key, CRC-32C, length, entry), and where the entry starts
// in it. A record taken is written to the next file as it is (KeepDocs):
// copying each into a buffer of its own and hashing it again was a third
// of the keep step of a rebuild.
type keptEntry struct {
	rec []byte
	at  int
}

// ent is the entry itself; nil for none.
func (e keptEntry) ent() []byte {
	if e.rec == nil {
		return nil
	}
	return e.rec[e.at:]
}

// readDocsCache reads the previous build's file, which read returns
// (nil: none), in the background: reading and indexing the 10,000-page
// site's 40 MB took 0.2 s, which the load's reading of the content files
// can cover. Every use of prev waits for it (wait).
func readDocsCache(read func() []byte) *docsCache {
	dc := &docsCache{loaded: make(chan struct{})}
	go func() {
		defer close(dc.loaded)
		dc.prev = newDocsCache(read()).prev
	}()
	return dc
}

// wait waits until prev is read.
func (dc *docsCache) wait() {
	if dc.loaded != nil {
		<-dc.loaded
	}
}

// newDocsCache reads the previous build's file (nil: none).
func newDocsCache(file []byte) *docsCache {
	dc := &docsCache{prev: map[[32]byte]keptEntry{}}
	rest, ok := bytes.CutPrefix(file, []byte(docsMagic))
	for ok && len(rest) > 0 {
		if len(rest) < 36 {
			clear(dc.prev)
			break
		}
		var k [32]byte
		copy(k[:], rest)
		sum := binary.LittleEndian.Uint32(rest[32:])
		n, w := binary.Uvarint(rest[36:])
		if w <= 0 || n > uint64(len(rest)-36-w) {
			clear(dc.prev)
			break
		}
		if ent := rest[36+w : 36+w+int(n)]; crc32.Checksum(ent, castagnoli) == sum {
			dc.prev[k] = keptEntry{rec: rest[: 36+w+int(n) : 36+w+int(n)], at: 36 + w}
		}
		rest = rest[36+w+int(n):]
	}
	return dc
}

// begin makes the site's part of every key, once the sources are known;
// reserved are the theme's ids (markdown.Options.ReservedIDs).
func (dc *docsCache) begin(cfg *config.Config, fsys fs.FS, all []*content.Source, glossary string, reserved map[string]string, n int) error {
	dc.wait()
	dc.ents = make([]docsEntry, n)
	site, err := siteDeclares(cfg, fsys, all)
	if err != nil {
		return err
	}
	h := sha256.New()
	hashString(h, "spean docs cache 2")
	h.Write(site)
	hashString(h, glossary)
	// A heading's id depends on them. What uses each shows only in an
	// error, and a build with an error keeps no documents: the ids
	// alone, so a layout moved or overridden with the same ids parses
	// nothing again.
	for _, id := range slices.Sorted(maps.Keys(reserved)) {
		hashString(h, id)
	}
	dc.site, dc.wide = site, h.Sum(nil)
	return nil
}

// key is source s's key.
func (dc *docsCache) key(s *content.Source) [32]byte {
	h := sha256.New()
	h.Write(dc.wide)
	hashString(h, s.Path)
	hashString(h, s.Lang)
	hashString(h, s.Key)
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(s.BodyLine))
	h.Write(n[:])
	h.Write(s.Sum[:])
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// take returns the document the previous build kept under the i-th
// source's key k, with its findings, and keeps its entry for the next.
// The document's HTML is not copied out: it is decoded again if a step
// renders the page, and one whose output is published again never asks.
func (dc *docsCache) take(i int, k [32]byte) (*markdown.Doc, diag.List, bool) {
	kept, ok := dc.prev[k]
	ent := kept.ent()
	if !ok || len(ent) < 32 {
		return nil, nil, false
	}
	var sum [32]byte
	copy(sum[:], ent)
	// The document but its text, as it is (docsEntryOf), then the
	// frame of its text and HTML, decoded only when a step asks.
	mlen, w := binary.Uvarint(ent[32:])
	if w <= 0 || mlen > uint64(len(ent)-32-w) {
		return nil, nil, false
	}
	meta, rest := ent[32+w:32+w+int(mlen)], ent[32+w+int(mlen):]
	n, w := binary.Uvarint(rest)
	if w <= 0 {
		return nil, nil, false
	}
	frame := rest[w:]
	decode := func() ([]byte, error) {
		b, err := zstdDecoder().DecodeAll(frame, nil)
		if err != nil || n > uint64(len(b)) {
			return nil, fmt.Errorf("the document kept in %s does not read: delete that file and build again", paths.DocsCache)
		}
		return b, nil
	}
	text := func() []byte {
		b, err := decode()
		if err != nil {
			// The entry's CRC-32C held when it was read: only a bug, or
			// damaged memory, gets here, and ReadFinished stops the build.
			return nil
		}
		return b[:n]
	}
	doc, found, err := markdown.ReadFinished(meta, text, func() ([]byte, error) {
		b, err := decode()
		if err != nil {
			return nil, err
		}
		return b[n:], nil
	})
	if err != nil {
		return nil, nil, false
	}
	dc.hits.Add(1)
	dc.ents[i] = docsEntry{key: k, prev: kept, doc: doc, sum: sum}
	return doc, found, true
}

// docsEntryOf is a parsed document's entry: its sum (docSum), for the
// page keys; the document but its text (markdown.AppendFinished, up to
// textAt), as it is, with its length, so that taking it decodes nothing;
// the length of its text part; then the text part and the document's
// HTML, compressed together (the text repeats in the HTML, and
// compressed apart the file was 62 MB instead of 39 on the 10,000-page
// site). ok is
// false for a document that cannot be kept, which is parsed again next
// time.
func docsEntryOf(doc *markdown.Doc, found diag.List, sum [32]byte) (ent []byte, ok bool) {
	html, err := doc.HTML()
	if err != nil {
		return nil, false
	}
	buf := bufs.Get().(*[]byte)
	defer bufs.Put(buf)
	raw, textAt, err := markdown.AppendFinished((*buf)[:0], doc, found)
	if err != nil {
		*buf = raw
		return nil, false
	}
	raw = append(raw, html...)
	*buf = raw
	meta, text := raw[:textAt], raw[textAt:len(raw)-len(html)]
	ent = append(make([]byte, 0, len(sum)+2*binary.MaxVarintLen64+len(meta)+len(raw)/3), sum[:]...)
	ent = binary.AppendUvarint(ent, uint64(len(meta)))
	ent = append(ent, meta...)
	ent = binary.AppendUvarint(ent, uint64(len(text)))
	return zstdEncoder().EncodeAll(raw[textAt:], ent), true
}

// put keeps the i-th source's parsed document, finished, with its
// findings and its sum, for the page keys and KeepDocs. One whose sum
// cannot be made is not kept: the next build parses it again.
func (dc *docsCache) put(i int, k [32]byte, doc *markdown.Doc, found diag.List) {
	sum, err := docSum(doc)
	if err != nil {
		return
	}
	dc.ents[i] = docsEntry{key: k, doc: doc, found: found, sum: sum}
}

// sums maps every document this build parsed or took to its sum
// (docSum), for the page keys: a document taken has it noted, so that its
// HTML need not be decoded to hash it. nil when there is no cache.
func (dc *docsCache) sums() map[*markdown.Doc][32]byte {
	if dc == nil {
		return nil
	}
	m := make(map[*markdown.Doc][32]byte, len(dc.ents))
	for _, e := range dc.ents {
		if e.doc != nil {
			m[e.doc] = e.sum
		}
	}
	return m
}

// KeepDocs is the step after Generate in a one-off build into a folder:
// it writes the documents cache for the next build, while the pages'
// HTML is still in memory (the step after lets go of it). Entries taken
// from the previous build are copied as they are; the others are
// encoded, in parallel, and written in the site's order.
func (b *Build) KeepDocs(ctx context.Context) diag.List {
	dc, dir := b.docs, b.dir
	b.docs = nil // its entries' memory is free for the steps that take the most
	if dc == nil || dir == nil {
		return nil
	}
	var diags diag.List
	fail := func(err error) diag.List {
		diags.Errorf(diag.Pos{File: paths.DocsCache}, "keep", "write the documents kept for the next build: %v", err)
		return diags
	}
	out, err := dir.CreateKept(paths.DocsCache)
	if err != nil {
		return fail(err)
	}
	w := &orderedWriter{w: bufio.NewWriterSize(out, 1<<16), pending: map[int][]byte{}}
	_, w.err = w.w.WriteString(docsMagic)
	workers.Each(ctx, len(dc.ents), 0, func(i int) {
		e := &dc.ents[i]
		switch {
		case e.prev.rec != nil:
			w.emitRecord(i, e.prev.rec)
		case e.doc != nil:
			ent, _ := docsEntryOf(e.doc, e.found, e.sum)
			w.emit(i, e.key, ent)
		default:
			w.emit(i, e.key, nil)
		}
		*e = docsEntry{}
	})
	if err := w.finish(len(dc.ents)); err != nil {
		out.Close()
		return fail(err)
	}
	if err := out.Close(); err != nil {
		return fail(err)
	}
	if dc.known != nil {
		if err := keepKnown(dir, dc.known); err != nil {
			return fail(err)
		}
	}
	return nil
}

// keepKnown writes the notes of the content files for the next build.
func keepKnown(dir *publish.Dir, k *content.Known) error {
	b := k.Encode()
	out, err := dir.CreateKept(paths.KnownCache)
	if err != nil {
		return err
	}
	if _, err := out.Write(b); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// knownSalt is what decides a content file's Source besides its bytes and
// path: the languages (its name's), the size limit (whether it is read
// at all) and the source language (whose files' notes hold their Hash).
// Notes made with another salt are not taken (content.ReadKnown).
func knownSalt(cfg *config.Config) []byte {
	return fmt.Appendf(nil, "%q %d %q", cfg.Codes(), cfg.Limits.MaxFileSize, cfg.SourceLanguage)
}

// orderedWriter writes the entries in the order of their index, as they
// come: an entry before its turn waits in pending, which the workers'
// taking them in order keeps small.
type orderedWriter struct {
	mu      sync.Mutex
	w       *bufio.Writer
	next    int
	pending map[int][]byte
	err     error
}

// emit writes the i-th entry (none when ent is nil) in its turn: its key,
// CRC-32C, length and bytes.
func (o *orderedWriter) emit(i int, k [32]byte, ent []byte) {
	var b []byte
	if ent != nil {
		b = make([]byte, 0, 36+binary.MaxVarintLen64+len(ent))
		b = append(b, k[:]...)
		b = binary.LittleEndian.AppendUint32(b, crc32.Checksum(ent, castagnoli))
		b = binary.AppendUvarint(b, uint64(len(ent)))
		b = append(b, ent...)
	}
	o.emitRecord(i, b)
}

// emitRecord writes the i-th record, made (emit) or as the previous
// build's file holds it, in its turn.
func (o *orderedWriter) emitRecord(i int, b []byte) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.pending[i] = b
	for {
		b, ok := o.pending[o.next]
		if !ok {
			return
		}
		delete(o.pending, o.next)
		o.next++
		if o.err == nil && b != nil {
			_, o.err = o.w.Write(b)
		}
	}
}

// finish ends the file once all n entries are in.
func (o *orderedWriter) finish(n int) error {
	if o.err == nil && (o.next != n || len(o.pending) > 0) {
		o.err = fmt.Errorf("%d of %d pages written", o.next, n)
	}
	if o.err == nil {
		o.err = o.w.Flush()
	}
	return o.err
}

var bufs = sync.Pool{New: func() any { return new([]byte) }}

// The documents are compressed with zstd at its fastest: on the
// 10,000-page site's 185 MB of documents, 37 MB, written in 0.69 CPU-s
// and read in 0.24, against S2's 48 MB, 0.51 and 0.84 (S2 reads Thai and
// Khmer slowly), or 185 MB uncompressed. Each call of EncodeAll and
// DecodeAll runs on its caller's goroutine, so the workers share one of
// each; the decoder refuses a document over maxDocBytes, whatever a
// damaged entry claims.
var (
	zstdEncoder = sync.OnceValue(func() *zstd.Encoder {
		e, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest))
		if err != nil {
			panic(err) // only for options it does not know
		}
		return e
	})
	zstdDecoder = sync.OnceValue(func() *zstd.Decoder {
		d, err := zstd.NewReader(nil, zstd.WithDecoderMaxMemory(maxDocBytes))
		if err != nil {
			panic(err)
		}
		return d
	})
)

// maxDocBytes bounds a kept document: a page's HTML is at most
// markdown.MaxHTML, and its text and the rest less again.
const maxDocBytes = 4 * markdown.MaxHTML

// siteDeclares hashes what the whole site declares that every page's
// parse reads besides its own file (see above), but which page holds the
// glossary: the configuration, the UI strings, the data files and every
// page's front matter. The page keys take it too (sitewide).
func siteDeclares(cfg *config.Config, fsys fs.FS, all []*content.Source) ([]byte, error) {
	h := sha256.New()
	hashString(h, "spean site declares 1")
	// Where the site is built to is no input of a page.
	c := *cfg
	c.Output = ""
	js, err := json.Marshal(c)
	if err != nil {
		return nil, err
	}
	hashBytes(h, js)
	if err := hashFiles(h, fsys, []string{i18n.Dir, content.Dir}); err != nil {
		return nil, err
	}
	// Each page's front matter as JSON, made on every core (one after
	// another, 10,000 pages' took 60 ms before a rebuild could parse
	// anything), hashed in order.
	metas := make([][]byte, len(all))
	errs := make([]error, len(all))
	workers.Each(context.Background(), len(all), 0, func(i int) {
		metas[i], errs[i] = json.Marshal(all[i].Meta)
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	for i, s := range all {
		hashString(h, s.Path)
		hashString(h, s.Lang)
		hashString(h, s.Key)
		hashBytes(h, metas[i])
	}
	return h.Sum(nil), nil
}

// hashFiles hashes every file under roots, each path then its bytes, but
// pages (.md under content/), which each key covers itself. A root not
// made yet holds nothing.
func hashFiles(h hash.Hash, fsys fs.FS, roots []string) error {
	for _, root := range roots {
		err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
			if p == root && errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			if err != nil {
				return err
			}
			if d.IsDir() || root == content.Dir && path.Ext(p) == ".md" {
				return nil
			}
			data, err := fs.ReadFile(fsys, p)
			if err != nil {
				return err
			}
			hashString(h, p)
			hashBytes(h, data)
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}
