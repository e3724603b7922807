package main

import (
	"context"
	"io/fs"
	"path"
	"path/filepath"
	"regexp"
	"spean/generator/internal/sitetest"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"spean/generator/build"
	"spean/generator/config"
	"spean/generator/publish"
)

// fixtureSite reads a txtar site from generator/build/testdata and adds the
// repository's theme and UI strings.
func fixtureSite(t *testing.T, name string) fstest.MapFS {
	t.Helper()
	ar, err := txtar.ParseFile(filepath.Join("build", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	sitetest.AddRepoFiles(t, fsys, "..")
	for _, f := range ar.Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	return fsys
}

// buildAll builds a site as the build command does.
func buildAll(t *testing.T, fsys fs.FS) *publish.Memory {
	t.Helper()
	cfg, err := config.Load(fsys, "config.yaml", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	mem := publish.NewMemory()
	if _, err := build.Run(context.Background(), build.Options{FS: fsys, Config: cfg, Sink: mem}); err != nil {
		t.Fatal(err)
	}
	return mem
}

var hrefRE = regexp.MustCompile(`(?:\b(?:href|src|action)="|content="0; url=)([^"]*)"`)

// TestRelativeLinksResolve follows every relative link of every built page
// the way a browser does from file://: the target file must exist as
// written, with index.html spelled out, and nothing may point at the
// server root, which breaks under a sub-path and from disk.
func TestRelativeLinksResolve(t *testing.T) {
	mem := buildAll(t, fixtureSite(t, "basic.txtar"))
	have := map[string]bool{}
	for _, n := range mem.Names() {
		have[n] = true
	}
	checked := 0
	for _, n := range mem.Names() {
		if !strings.HasSuffix(n, ".html") || n == "404.html" {
			continue
		}
		b, _ := mem.Get(n)
		for _, m := range hrefRE.FindAllStringSubmatch(string(b), -1) {
			u := m[1]
			if u == "" || strings.Contains(u, "://") || strings.HasPrefix(u, "#") || strings.HasPrefix(u, "tel:") || strings.HasPrefix(u, "mailto:") || strings.HasPrefix(u, "data:") {
				continue
			}
			u, _, _ = strings.Cut(u, "#")
			u, _, _ = strings.Cut(u, "?")
			if strings.HasPrefix(u, "/") {
				t.Errorf("%s: root-absolute link %s", n, u)
				continue
			}
			if strings.HasSuffix(u, "/") || u == "." || u == ".." {
				t.Errorf("%s: link %s needs index.html spelled out for file://", n, m[1])
				continue
			}
			if target := path.Clean(path.Join(path.Dir(n), u)); !have[target] {
				t.Errorf("%s: link %s → %s does not exist", n, m[1], target)
			}
			checked++
		}
	}
	if checked < 100 {
		t.Fatalf("only %d links checked", checked)
	}
}
