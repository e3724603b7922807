package build

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"spean/generator/config"
	"spean/generator/diag"
	"spean/generator/offline"
	"spean/generator/publish"
)

// The benchmarks below time the build and its stages on the shipped
// content by default, so CI runs them with a short -benchtime and they
// cannot rot, or on the site in $SPEAN_BENCH_SITE, e.g. the 10,000-page
// synthetic site from ../shared/bench/gen_site.py with the repository's
// config.yaml, i18n/ and themes/ copied beside its content/:
//
//	go test ./generator/build -run '^$' -bench . -benchtime 3x
//	SPEAN_BENCH_SITE=/dev/shm/s10k go test ./generator/build -run '^$' -bench . -benchtime 1x -benchmem
//
// scripts/bench.sh compares whole builds with Hugo's; generator/search and
// generator/segment benchmark the index and the tokenisers,
// generator/markdown parsing, generator/publish writing.

// benchSite loads the benchmark site's configuration.
func benchSite(b *testing.B) (*config.Config, fs.FS) {
	b.Helper()
	dir := os.Getenv("SPEAN_BENCH_SITE")
	if dir == "" {
		dir = filepath.Join("..", "..")
	}
	fsys := os.DirFS(dir)
	cfg, err := config.Load(fsys, "config.yaml", nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	return cfg, fsys
}

// benchLoad is the site loaded, for the stages after it.
func benchLoad(b *testing.B) *Loaded {
	b.Helper()
	cfg, fsys := benchSite(b)
	l, diags := Load(cfg, fsys)
	if diags.HasErrors() {
		b.Fatal(diags.Err())
	}
	return l
}

// BenchmarkBuild is the whole build into memory.
func BenchmarkBuild(b *testing.B) {
	cfg, fsys := benchSite(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Run(context.Background(), Options{FS: fsys, Config: cfg, Sink: discard{}}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoad is reading, parsing (markdown to HTML), assembling and
// checking the site.
func BenchmarkLoad(b *testing.B) {
	cfg, fsys := benchSite(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, diags := Load(cfg, fsys); diags.HasErrors() {
			b.Fatal(diags.Err())
		}
	}
}

// BenchmarkPages is rendering every page with the theme.
func BenchmarkPages(b *testing.B) {
	l := benchLoad(b)
	bld := New(l, discard{}, Options{})
	if d := bld.Prepare(context.Background()); d.HasErrors() {
		b.Fatal(d.Err())
	}
	b.ReportAllocs()
	for b.Loop() {
		if d := bld.Pages(context.Background(), l.Site.Pages); d.HasErrors() {
			b.Fatal(d.Err())
		}
	}
	b.ReportMetric(float64(len(l.Site.Pages)), "pages")
}

// BenchmarkZips is packing each language's download from the finished
// site, as the offline step does.
func BenchmarkZips(b *testing.B) {
	l := benchLoad(b)
	mem := publish.NewMemory()
	bld := New(l, mem, Options{})
	for _, step := range []func(context.Context) diag.List{bld.Prepare, func(ctx context.Context) diag.List { return bld.Pages(ctx, l.Site.Pages) }, bld.Generate} {
		if d := step(context.Background()); d.HasErrors() {
			b.Fatal(d.Err())
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, d := offline.Zips(context.Background(), l.Site, bld.out, discard{}); d.HasErrors() {
			b.Fatal(d.Err())
		}
	}
}

type discard struct{}

func (discard) Write(string, []byte) error { return nil }

var _ publish.Sink = discard{}
