package offline

import (
	"bytes"
	"compress/gzip"
	"context"
	"path"
	"runtime"
	"sync"

	"github.com/andybalholm/brotli"

	"spean/generator/diag"
	"spean/generator/publish"
	"spean/generator/site"
)

// textTypes are the extensions worth compressing; images, fonts and zips
// are compressed already.
var textTypes = map[string]bool{".html": true, ".css": true, ".js": true, ".json": true, ".svg": true,
	".xml": true, ".txt": true, ".webmanifest": true, ".map": true}

func compressed(name string) bool { return !textTypes[path.Ext(name)] }

// minCompress is the size below which a compressed copy saves less than
// the request headers cost.
const minCompress = 512

// Precompress writes name.gz and name.br beside every text output, for
// servers that send a precompressed file when the browser accepts it
// (nginx gzip_static and brotli_static, Caddy precompressed). A copy that
// is not smaller than the original is left out. Run it last.
func Precompress(ctx context.Context, _ *site.Site, files *publish.Recorder, sink publish.Sink) diag.List {
	var (
		mu    sync.Mutex
		diags diag.List
		wg    sync.WaitGroup
	)
	jobs := make(chan string)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for name := range jobs {
				data, _ := files.Get(name)
				for _, c := range []struct {
					ext string
					fn  func([]byte) ([]byte, error)
				}{{".gz", Gzip}, {".br", Brotli}} {
					out, err := c.fn(data)
					if err == nil && len(out) < len(data) {
						err = sink.Write(name+c.ext, out)
					}
					if err != nil {
						mu.Lock()
						diags.Errorf(diag.Pos{File: "generator/offline"}, "offline", "compress %s: %v", name, err)
						mu.Unlock()
					}
				}
			}
		}()
	}
	for _, name := range files.Names() {
		if ctx.Err() != nil {
			break
		}
		data, _ := files.Get(name)
		if compressed(name) || len(data) < minCompress {
			continue
		}
		jobs <- name
	}
	close(jobs)
	wg.Wait()
	return diags
}

// Gzip compresses at the best level with an empty header (no name, no
// time), so the output depends on the input only.
func Gzip(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	w, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(b); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// brotliQuality is below the maximum (11): quality 9 is within a few
// percent of it on HTML and several times faster in pure Go, which keeps
// builds of the whole site quick on two cores.
const brotliQuality = 9

// Brotli compresses b.
func Brotli(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	w := brotli.NewWriterLevel(&buf, brotliQuality)
	if _, err := w.Write(b); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
