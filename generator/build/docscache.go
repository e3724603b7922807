package build

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"path"
	"sync"
	"sync/atomic"

	"github.com/klauspost/compress/zstd"

	"spean/generator/config"
	"spean/generator/content"
	"spean/generator/diag"
	"spean/generator/i18n"
	"spean/generator/markdown"
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
// What a page's parse reads is its own file (path, language, body and the
// line the body starts on) and what the whole site declares: the
// configuration, the UI strings (callout labels, hotlines), the data
// files (hotlines, termbase), every page's path and front matter (links
// resolve against them) and which page holds the glossary. A page's key
// is a hash of its own part and one hash of the site's (docsWide); an
// unchanged key means the parse would make the same document, with the
// same findings, which the cache holds. Editing one page's text parses
// that page alone; editing any front matter, string or data file parses
// every page, as before.
//
// The file is the generator's own: "spean docs 1\n", then for each page
// parsed, in the site's order, its key (32 bytes), the CRC-32C of its
// entry (4 bytes), the entry's length and the entry: the document
// compressed with zstd (at its fastest, so that a clean build pays little
// for writing it). A file that does not read so is no cache: every page is parsed; an
// entry whose sum is wrong (the file changed by hand) is not taken.

const docsMagic = "spean docs 1\n"

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// docsCache is the previous build's entries, and this build's file being
// written.
type docsCache struct {
	prev map[[32]byte][]byte
	wide []byte // docsWide, set by begin
	hits atomic.Int64
	n    int // sources parsed or taken

	// The file is written as the pages are parsed, in their order, so
	// that no build holds every entry (50 MB on the 10,000-page site):
	// an entry that comes before its turn waits in pending, which the
	// workers' taking the pages in order keeps small.
	mu      sync.Mutex
	w       *bufio.Writer
	close   func() error
	next    int
	pending map[int][]byte
	err     error
}

// newDocsCache reads the previous build's file (nil: none) and starts the
// new one on out.
func newDocsCache(file []byte, out io.WriteCloser) *docsCache {
	dc := &docsCache{prev: map[[32]byte][]byte{}, w: bufio.NewWriterSize(out, 1<<16), close: out.Close, pending: map[int][]byte{}}
	_, dc.err = dc.w.WriteString(docsMagic)
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
			dc.prev[k] = ent
		}
		rest = rest[36+w+int(n):]
	}
	return dc
}

// begin makes the site's part of every key, once the sources are known.
func (dc *docsCache) begin(cfg *config.Config, fsys fs.FS, all []*content.Source, glossary string, n int) error {
	w, err := docsWide(cfg, fsys, all, glossary)
	dc.wide, dc.n = w, n
	return err
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
	hashBytes(h, s.Body)
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// take returns the document the previous build kept under the i-th
// source's key k, with its findings, and keeps its entry for the next.
func (dc *docsCache) take(i int, k [32]byte) (*markdown.Doc, diag.List, bool) {
	ent, ok := dc.prev[k]
	if !ok {
		return nil, nil, false
	}
	// Into a buffer used again: ReadFinished copies what it keeps, and a
	// new one for each document made 185 MB of garbage on the
	// 10,000-page site.
	buf := decodeBufs.Get().(*[]byte)
	defer decodeBufs.Put(buf)
	raw, err := zstdDecoder().DecodeAll(ent, (*buf)[:0])
	*buf = raw
	if err != nil {
		return nil, nil, false
	}
	doc, found, err := markdown.ReadFinished(raw)
	if err != nil {
		return nil, nil, false
	}
	dc.hits.Add(1)
	dc.emit(i, k, ent)
	return doc, found, true
}

// put keeps the i-th source's document, finished, with its findings; a
// document that cannot be kept (its HTML failed: the build fails) is not.
func (dc *docsCache) put(i int, k [32]byte, doc *markdown.Doc, found diag.List) {
	raw, err := markdown.AppendFinished(nil, doc, found)
	if err != nil {
		dc.emit(i, k, nil)
		return
	}
	dc.emit(i, k, zstdEncoder().EncodeAll(raw, nil))
}

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

var decodeBufs = sync.Pool{New: func() any { return new([]byte) }}

// maxDocBytes bounds a kept document: a page's HTML is at most
// markdown.MaxHTML, and its text and the rest less again.
const maxDocBytes = 4 * markdown.MaxHTML

// emit writes the i-th source's entry (none when ent is nil) in its turn.
func (dc *docsCache) emit(i int, k [32]byte, ent []byte) {
	var b []byte
	if ent != nil {
		b = make([]byte, 0, 36+binary.MaxVarintLen64+len(ent))
		b = append(b, k[:]...)
		b = binary.LittleEndian.AppendUint32(b, crc32.Checksum(ent, castagnoli))
		b = binary.AppendUvarint(b, uint64(len(ent)))
		b = append(b, ent...)
	}
	dc.mu.Lock()
	defer dc.mu.Unlock()
	dc.pending[i] = b
	for {
		b, ok := dc.pending[dc.next]
		if !ok {
			return
		}
		delete(dc.pending, dc.next)
		dc.next++
		if dc.err == nil && b != nil {
			_, dc.err = dc.w.Write(b)
		}
	}
}

// finish ends the file; every source must have been taken or put.
func (dc *docsCache) finish() error {
	if dc.err == nil && (dc.next != dc.n || len(dc.pending) > 0) {
		dc.err = fmt.Errorf("documents cache: %d of %d pages written", dc.next, dc.n)
	}
	if dc.err == nil {
		dc.err = dc.w.Flush()
	}
	if err := dc.close(); dc.err == nil {
		dc.err = err
	}
	return dc.err
}

// docsWide hashes what every page's parse reads besides its own file (see
// above).
func docsWide(cfg *config.Config, fsys fs.FS, all []*content.Source, glossary string) ([]byte, error) {
	h := sha256.New()
	hashString(h, "spean docs cache 1")
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
	for _, s := range all {
		meta, err := json.Marshal(s.Meta)
		if err != nil {
			return nil, err
		}
		hashString(h, s.Path)
		hashString(h, s.Lang)
		hashString(h, s.Key)
		hashBytes(h, meta)
	}
	hashString(h, glossary)
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
