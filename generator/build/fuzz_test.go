package build

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"spean/generator/config"
	"spean/generator/internal/sitetest"
	"spean/generator/publish"
)

// FuzzPage renders a fuzzed page through the whole pipeline (front matter,
// markdown, links, theme) with raw HTML off: the build fails with
// diagnostics or succeeds, never panics, and every page it writes carries
// the Content-Security-Policy and nothing that can run (sitetest.Page).
func FuzzPage(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: T\n---\n## Pay {#pay}\n\n[x](../_index.md) <script>alert(1)</script>\n",
		"---\ntitle: T\n---\n[a](javascript:alert(1)) ![b](data:text/html,x) <img src=x onerror=alert(1)>\n",
		"---\ntitle: \"<script>x</script>\"\ndescription: '\" onload=\"x'\n---\n# H {onclick=x}\n",
		"---\ntitle: T\n---\n> [!WARNING]\n> Call\n\n```hotlines\n```\n\n| a | b |\n|---|---|\n| <b onmouseover=x> | y |\n",
	} {
		f.Add(s)
	}
	base := fstest.MapFS{}
	sitetest.AddRepoFiles(f, base, filepath.Join("..", ".."))
	base["config.yaml"] = &fstest.MapFile{Data: []byte("base_url: https://example.org/\ntitle: T\nlanguages:\n  - {code: en, name: English}\n")}
	base["content/rights/_index.en.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Rights\n---\n")}
	cfg, err := config.Load(base, "config.yaml", nil, nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, page string) {
		fsys := fstest.MapFS{}
		for k, v := range base {
			fsys[k] = v
		}
		fsys["content/rights/p.en.md"] = &fstest.MapFile{Data: []byte(page)}
		mem := publish.NewMemory()
		done := make(chan error, 1)
		go func() {
			_, err := Run(context.Background(), Options{FS: fsys, Config: cfg, Sink: mem})
			done <- err
		}()
		select {
		case err := <-done:
			if err != nil {
				return
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("the build of one page took over 10 s: %q", page)
		}
		for _, name := range mem.Names() {
			if !strings.HasSuffix(name, ".html") {
				continue
			}
			b, _ := mem.Get(name)
			if msg := sitetest.Page(string(b)); msg != "" {
				t.Fatalf("%s: %s\nfrom %q", name, msg, page)
			}
		}
	})
}
