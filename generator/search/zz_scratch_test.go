package search_test

import (
	"bytes"
	"compress/gzip"
	"os"
	"strings"
	"testing"

	"spean/generator/build"
	"spean/generator/config"
	"spean/generator/search"
)

func TestZZTradeoff(t *testing.T) {
	dir := os.Getenv("SPEAN_BENCH_SITE")
	if dir == "" {
		t.Skip()
	}
	fsys := os.DirFS(dir)
	cfg, _ := config.Load(fsys, "config.yaml", nil, nil)
	l, _ := build.Load(cfg, fsys)
	s := l.Site
	for _, lang := range strings.Split(os.Getenv("ZZLANGS"), ",") {
		ix := search.Build(lang, search.Pages(s, lang), nil)
		for _, mf := range []int{100, 300, 1000, 3000, 0} {
			o := search.DefaultOptions
			o.MaxFiles = mf
			out := ix.Encode(o)
			type k struct{ n, sampled, gz int }
			m := map[byte]*k{}
			for _, f := range out.Files {
				c := f.Name[7]
				if m[c] == nil {
					m[c] = &k{}
				}
				m[c].n++
			}
			seen := map[byte]int{}
			for i, f := range out.Files {
				c := f.Name[7]
				step := max(1, m[c].n/12)
				seen[c]++
				if seen[c]%step != 0 {
					continue
				}
				_ = i
				var buf bytes.Buffer
				w, _ := gzip.NewWriterLevel(&buf, 6)
				w.Write(f.Data)
				w.Close()
				m[c].sampled++
				m[c].gz += buf.Len()
			}
			avg := func(c byte) float64 { return float64(m[c].gz) / float64(m[c].sampled) / 1024 }
			model := 2*avg('s') + float64(min(10, m['d'].n))*avg('d') + 4*avg('t')
			t.Logf("%s MaxFiles=%d files=%d (s %d, d %d, t %d) avg gz KB s=%.1f d=%.1f t=%.1f modelled index part of a first query (2 shards, 10 chunks, 4 bundles) = %.0f KB", lang, mf, len(out.Files), m['s'].n, m['d'].n, m['t'].n, avg('s'), avg('d'), avg('t'), model)
		}
	}
}
