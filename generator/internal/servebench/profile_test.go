package main

import (
	"context"
	"os"
	"testing"
	"time"

	"fmt"
	"path/filepath"
	"slices"

	"spean/generator/build"
	"spean/generator/config"
	"spean/generator/diag"
	"spean/generator/publish"
	"spean/generator/serve"
)

// TestProfileBuild builds the site in $SERVEBENCH_SITE into memory, step
// by step as build.Run does, so a profile shows where a full build's time
// goes:
//
//	SERVEBENCH_SITE=/tmp/site go test ./generator/internal/servebench -run ProfileBuild -cpuprofile cpu.out -v
//	go tool pprof -top -cum generator/internal/servebench/servebench.test cpu.out
func TestProfileBuild(t *testing.T) {
	dir := os.Getenv("SERVEBENCH_SITE")
	if dir == "" {
		t.Skip("set SERVEBENCH_SITE to a site folder")
	}
	fsys := os.DirFS(dir)
	cfg, err := config.Load(fsys, "config.yaml", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	start := time.Now()
	l, diags := build.Load(cfg, fsys)
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	t.Logf("load, parse, assemble, check: %v (%d pages)", time.Since(start), len(l.Site.Pages))
	b := build.New(l, publish.NewMemory(), build.Options{})
	for _, step := range []struct {
		name string
		run  func(context.Context) diag.List
	}{
		{"prepare (style hash, search scripts, app files)", b.Prepare},
		{"index (search index)", b.Index},
		{"pages", func(ctx context.Context) diag.List { return b.Pages(ctx, l.Site.Pages) }},
		{"generate (leaflets, site files)", b.Generate},
		{"search pages", b.SearchPages},
		{"offline (service worker, zips, compression)", b.Offline},
	} {
		start := time.Now()
		if d := step.run(ctx); d.HasErrors() {
			t.Fatal(d.Err())
		}
		t.Logf("%s: %v", step.name, time.Since(start))
	}
}

// TestProfileSave times serve's first step for a body save on the site in
// $SERVEBENCH_SITE (re-parse, re-assemble, re-render the affected pages),
// without the HTTP server, the watcher or the background search rebuild:
//
//	SERVEBENCH_SITE=/tmp/site go test ./generator/internal/servebench -run ProfileSave -cpuprofile cpu.out -v
func TestProfileSave(t *testing.T) {
	dir := os.Getenv("SERVEBENCH_SITE")
	if dir == "" {
		t.Skip("set SERVEBENCH_SITE to a site folder")
	}
	page, err := middlePage(dir)
	if err != nil {
		t.Fatal(err)
	}
	fsys := os.DirFS(dir)
	b := serve.NewBuilder(fsys, func() (*config.Config, error) { return config.Load(fsys, "config.yaml", nil, nil) })
	start := time.Now()
	if r := b.Build(context.Background(), nil, true); r.Err != nil {
		t.Fatal(r.Err)
	}
	t.Logf("full build without renderers: %v", time.Since(start))
	file := filepath.Join(dir, filepath.FromSlash(page))
	orig, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	defer os.WriteFile(file, orig, 0o644)
	var times []time.Duration
	for i := range 20 {
		os.WriteFile(file, fmt.Appendf(slices.Clone(orig), "\nSave %d.\n", i), 0o644)
		r := b.Build(context.Background(), []string{page}, false)
		if r.Err != nil || r.Full {
			t.Fatalf("save %d: full=%v err=%v", i, r.Full, r.Err)
		}
		times = append(times, r.Duration)
	}
	slices.Sort(times)
	t.Logf("body save of %s: median %v, min %v, max %v", page, times[len(times)/2], times[0], times[len(times)-1])

	// A page added beside it, then removed: the pages step, then the
	// finishing step (search, leaflets, site files) serve runs after it.
	added := filepath.ToSlash(filepath.Join(filepath.Dir(page), "zz-added.en.md"))
	addedFile := filepath.Join(dir, filepath.FromSlash(added))
	defer os.Remove(addedFile)
	for _, step := range []struct {
		name string
		do   func() error
	}{
		{"add a page", func() error { return os.WriteFile(addedFile, []byte("---\ntitle: Added\n---\nA new page.\n"), 0o644) }},
		{"remove it", func() error { return os.Remove(addedFile) }},
	} {
		if err := step.do(); err != nil {
			t.Fatal(err)
		}
		r := b.Build(context.Background(), []string{added}, false)
		if r.Err != nil || r.Full {
			t.Fatalf("%s: full=%v err=%v", step.name, r.Full, r.Err)
		}
		start := time.Now()
		f := b.Finisher()(context.Background())
		if !b.Apply(f) {
			t.Fatalf("%s: finish: %v", step.name, f.Err)
		}
		t.Logf("%s: %d pages rendered in %v, then the finishing step in %v", step.name, r.Rendered, r.Duration, time.Since(start))
	}
}
