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
	"spean/generator/offline"
	"spean/generator/publish"
	"spean/generator/search"
	"spean/generator/serve"
	"spean/generator/site"
	"spean/generator/theme"
)

// TestProfileBuild builds the site in $SERVEBENCH_SITE into memory with
// the search and offline stages, so a profile shows where a full build's
// time goes:
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
	timed := func(name string, r build.Renderer) build.Renderer {
		return func(ctx context.Context, s *site.Site, th *theme.Theme, sink publish.Sink) diag.List {
			start := time.Now()
			defer func() { t.Logf("%s: %v", name, time.Since(start)) }()
			return r(ctx, s, th, sink)
		}
	}
	timedF := func(name string, f build.Finisher) build.Finisher {
		return func(ctx context.Context, s *site.Site, rec *publish.Recorder, sink publish.Sink) diag.List {
			start := time.Now()
			defer func() { t.Logf("%s: %v", name, time.Since(start)) }()
			return f(ctx, s, rec, sink)
		}
	}
	start := time.Now()
	s, _, _ := build.Load(cfg, fsys)
	t.Logf("load, parse, assemble: %v (%d pages)", time.Since(start), len(s.Pages))
	start = time.Now()
	res, err := build.Run(context.Background(), build.Options{FS: fsys, Config: cfg, Sink: publish.NewMemory(),
		Prepare: []build.Renderer{timed("offline.Renderer", offline.Renderer), timed("search.Renderer", search.Renderer)},
		Finish: []build.Finisher{timedF("search.Finisher", search.Finisher), timedF("offline.ServiceWorker", offline.ServiceWorker),
			timedF("offline.Zips", offline.Zips), timedF("offline.Precompress", offline.Precompress)}})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("whole build: %v (%s)", time.Since(start), res.Summary(cfg.Codes()))
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
	b := serve.NewBuilder(fsys, func() (*config.Config, error) { return config.Load(fsys, "config.yaml", nil, nil) }, serve.Stages{})
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
}
