package search_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"spean/generator/search"
	"spean/generator/site"
)

// BenchmarkIndex indexes every language of a site, as a build does (pages
// in, files out, languages in parallel): the shipped content by default, so
// CI runs it with a short -benchtime, or the site in $SPEAN_BENCH_SITE, e.g.
// the 10,000-page synthetic site (see generator/build's BenchmarkBuild):
//
//	go test ./generator/search -run '^$' -bench Index -benchtime 1x
//	SPEAN_BENCH_SITE=/tmp/big go test ./generator/search -run '^$' -bench Index -benchtime 3x -benchmem
func BenchmarkIndex(b *testing.B) {
	s := benchSite(b)
	pages := map[string][]search.Page{}
	for _, lang := range s.Langs {
		pages[lang] = search.Pages(s, lang, nil)
	}
	b.ReportAllocs()
	// The heap the index adds at its peak, over what the loaded site
	// holds, sampled every 20 ms (issue 13 bounds the build's memory).
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base, peak := ms.HeapInuse, ms.HeapInuse
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		var m runtime.MemStats
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				runtime.ReadMemStats(&m)
				peak = max(peak, m.HeapInuse)
			}
		}
	}()
	var files, bytes int
	for b.Loop() {
		var mu sync.Mutex
		files, bytes = 0, 0
		search.IndexAll(context.Background(), s.Langs, func(lang string) []search.Page { return pages[lang] }, nil, search.DefaultOptions, func(_ string, o search.Output, _ search.PageData) {
			mu.Lock()
			defer mu.Unlock()
			files += len(o.Files)
			for _, f := range o.Files {
				bytes += len(f.Data)
			}
		})
	}
	close(stop)
	<-done
	b.ReportMetric(float64(peak-base)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(files), "files")
	b.ReportMetric(float64(bytes), "bytes")
}

// benchSite loads the site a benchmark indexes: the one in
// $SPEAN_BENCH_SITE, else the shipped content.
func benchSite(b *testing.B) *site.Site {
	dir := os.Getenv("SPEAN_BENCH_SITE")
	if dir == "" {
		dir = filepath.Join("..", "..")
	}
	return loadSite(b, os.DirFS(dir))
}

// discard is a segments file nobody reads.
type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
func (discard) Close() error                { return nil }

// BenchmarkIndexKept indexes one language again after one page's edit, as
// a rebuild does: every other page put in from the segments the first
// build kept (segments.go), with a core free for helpers, and encoded. Lao
// by default (among the largest indexes); SPEAN_BENCH_LANG names another:
//
//	SPEAN_BENCH_SITE=/tmp/big go test ./generator/search -run '^$' -bench IndexKept -benchtime 5x
func BenchmarkIndexKept(b *testing.B) {
	lang := os.Getenv("SPEAN_BENCH_LANG")
	if lang == "" {
		lang = "lo"
	}
	s := benchSite(b)
	pages := search.Pages(s, lang, nil)
	if len(pages) == 0 {
		b.Fatalf("no %s pages", lang)
	}
	var kept bytes.Buffer
	search.BuildKept(lang, slices.Clone(pages), nil, 1, nil, nopCloser{&kept})
	edited := slices.Clone(pages)
	edited[0].Blocks = append(slices.Clone(edited[0].Blocks), search.Block{Text: "Edited."})
	b.ReportAllocs()
	for b.Loop() {
		ix, replayed, _ := search.BuildKept(lang, slices.Clone(edited), nil, 1, kept.Bytes(), discard{})
		if replayed != len(pages)-1 {
			b.Fatalf("%d of %d pages replayed", replayed, len(pages))
		}
		ix.Encode(search.DefaultOptions)
	}
}
