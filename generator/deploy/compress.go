package deploy

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"path"
	"sync"

	"github.com/andybalholm/brotli"

	"spean/generator/diag"
	"spean/generator/publish"
	"spean/generator/site"
	"spean/generator/workers"
)

// textTypes are the extensions worth compressing; images, fonts and zips
// are compressed already.
var textTypes = map[string]bool{".html": true, ".css": true, ".js": true, ".json": true, ".svg": true,
	".xml": true, ".txt": true, ".webmanifest": true, ".map": true}

// Compressible reports whether compressing the file name would make it
// smaller: text is, images, fonts and zips are compressed already. Servers
// compress the same types (docs/nginx.conf gzip_types).
func Compressible(name string) bool { return textTypes[path.Ext(name)] }

// minCompress is the size below which a compressed copy saves nothing that
// matters: the file already fits one TCP packet (about 1,400 bytes), so the
// reader waits no longer for it uncompressed. It also spares a large site
// tens of thousands of tiny .gz/.br files (the search index's snippet
// parts), which cost more build time than any other step.
const minCompress = 1400

// Precompress writes name.gz and name.br beside every text output, for
// servers that send a precompressed file when the browser accepts it
// (nginx gzip_static and brotli_static, Caddy precompressed). A copy that
// is not smaller than the original is left out. It runs last, and only
// when config deploy.precompress asks: compressing every file of a large
// site at the best levels costs more than the rest of the build, and most
// hosts compress on the fly.
//
// A file unchanged since the previous build (publish.Reuser) keeps the
// previous build's copies, linked instead of compressed again: the same
// generator makes the same bytes from the same file, so the result equals
// a clean build's.
func Precompress(ctx context.Context, _ *site.Site, files *publish.Recorder, _ publish.Sink) diag.List {
	var names []string
	for _, name := range files.Names() {
		if Compressible(name) {
			names = append(names, name)
		}
	}
	found := make([]error, len(names))
	workers.Each(ctx, len(names), 0, func(i int) {
		// Each file is read once, here: its size decides too.
		data, _ := files.Get(names[i])
		if len(data) < minCompress {
			return
		}
		prev, unchanged := files.Previous(names[i])
		unchanged = unchanged && bytes.Equal(prev, data)
		for _, c := range []struct {
			ext string
			fn  func([]byte) ([]byte, error)
		}{{".gz", Gzip}, {".br", Brotli}} {
			name := names[i] + c.ext
			if unchanged {
				if _, had := files.Previous(name); had {
					if err := files.Reuse(name); err != nil {
						found[i] = err
					}
					continue
				}
			}
			out, err := c.fn(data)
			if err == nil && len(out) < len(data) {
				err = files.Write(name, out)
			}
			if err != nil {
				found[i] = fmt.Errorf("compress %s: %w", names[i], err)
			}
		}
	})
	var diags diag.List
	for _, err := range found {
		if err != nil {
			diags.Errorf(diag.Pos{File: "generator/deploy"}, "deploy", "%v", err)
		}
	}
	return diags
}

// gzipWriters are reused: a new gzip.Writer allocates its compressor's
// tables, which cost more than compressing a small page.
var gzipWriters = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(nil, gzip.BestCompression)
	return w
}}

// Gzip compresses at the best level with an empty header (no name, no
// time), so the output depends on the input only.
func Gzip(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(len(b)/3 + 64)
	w := gzipWriters.Get().(*gzip.Writer)
	defer gzipWriters.Put(w)
	w.Reset(&buf)
	if _, err := w.Write(b); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// brotliQuality 6 is the knee of the curve in pure Go: on the full site
// (2,816 text files, 9.3 MB) it gives 2.92 MB against gzip -9's 3.16 MB in
// about 3 s, while quality 7 saves 0.1% more and takes 4× as long and
// quality 9 took over a minute.
const brotliQuality = 6

// Brotli compresses b. The window is sized to the input: brotli clears
// hash tables as large as its window for every stream, which on a site of
// many small files cost more than the compression itself (measured: half
// the time, the same size, on Khmer pages and search files).
func Brotli(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(len(b)/3 + 64)
	lgwin := 10
	for (1<<lgwin)-16 < len(b) && lgwin < 22 {
		lgwin++
	}
	w := brotli.NewWriterOptions(&buf, brotli.WriterOptions{Quality: brotliQuality, LGWin: lgwin})
	if _, err := w.Write(b); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
