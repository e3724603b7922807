package main

import (
	"context"
	"os"
	"testing"
	"time"

	"spean/generator/build"
	"spean/generator/config"
	"spean/generator/diag"
	"spean/generator/offline"
	"spean/generator/publish"
	"spean/generator/search"
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
