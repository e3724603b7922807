package build

import (
	"context"
	"os"
	"testing"

	"spean/generator/config"
	"spean/generator/publish"
)

// BenchmarkBuild builds the site in $SPEAN_BENCH_SITE into memory, e.g. the
// 10,000-page synthetic site from ../shared/bench/gen_site.py with the
// repository's config.yaml, i18n/ and themes/ copied beside its content/:
//
//	SPEAN_BENCH_SITE=/tmp/big go test ./generator/build -run NONE -bench Build -benchmem
func BenchmarkBuild(b *testing.B) {
	dir := os.Getenv("SPEAN_BENCH_SITE")
	if dir == "" {
		b.Skip("set SPEAN_BENCH_SITE to a site folder")
	}
	fsys := os.DirFS(dir)
	cfg, err := config.Load(fsys, "config.yaml", nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Run(context.Background(), Options{FS: fsys, Config: cfg, Sink: discard{}}); err != nil {
			b.Fatal(err)
		}
	}
}

type discard struct{}

func (discard) Write(string, []byte) error { return nil }

var _ publish.Sink = discard{}
