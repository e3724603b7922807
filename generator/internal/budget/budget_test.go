package main

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"spean/generator/internal/browsertest"
)

// TestFixtureWithinBudget builds the theme's fixture site (all five
// languages) with the real generator and holds every page to the budget.
func TestFixtureWithinBudget(t *testing.T) {
	withinBudget(t, browsertest.Fixture(t, "../browsertest/testdata/site.txtar"), 30,
		"the theme's pages are over: its inline stylesheet, blocking CSS or scripts grew")
}

// TestShippedWithinBudget holds the knowledge base itself to the budgets:
// its booklets, a whole section on one page with a QR code for each, went
// over the first round trip once (16,183 bytes gzip with their stylesheet)
// while the fixture's small ones stayed under.
func TestShippedWithinBudget(t *testing.T) {
	withinBudget(t, browsertest.RepoRoot(t), 400,
		"a page of the knowledge base is over: shorten it, or split a section whose booklet (all its pages on one) is over; the theme's share is its stylesheet and scripts")
}

// withinBudget builds site and checks every page of it against the budgets;
// it must measure at least min pages. hint says what to do when one is over.
func withinBudget(t *testing.T, site string, min int, hint string) {
	if testing.Short() {
		t.Skip("builds the generator")
	}
	out := browsertest.Build(t, site)
	pages, err := Check(os.DirFS(out))
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) < min {
		t.Fatalf("only %d pages measured", len(pages))
	}
	var buf bytes.Buffer
	if bad := Report(&buf, pages, true); bad > 0 {
		t.Errorf("%d pages over budget (%s):\n%s", bad, hint, buf.String())
	}
	t.Log(strings.TrimSpace(buf.String()))
}

// TestCheckFindsProblems proves each rule can fail.
func TestCheckFindsProblems(t *testing.T) {
	noise := make([]byte, 20*1024)
	rand.Read(noise)
	big := hex.EncodeToString(noise) // incompressible
	fsys := fstest.MapFS{
		"ok/index.html":       {Data: []byte(`<html><head><link rel="stylesheet" href="../s.css"><script src="../a.js" defer></script></head><body><a href="https://example.org/">link only</a></body></html>`)},
		"s.css":               {Data: []byte("body{color:red}")},
		"a.js":                {Data: []byte("1")},
		"heavy.js":            {Data: []byte(big)},
		"big/index.html":      {Data: []byte("<html><body><p>" + big + "</p></body></html>")},
		"blocking/index.html": {Data: []byte(`<html><head><script src="../a.js"></script></head><body></body></html>`)},
		"inline/index.html":   {Data: []byte(`<html><head></head><body><script>alert(1)</script></body></html>`)},
		"remote/index.html":   {Data: []byte(`<html><head><link rel="stylesheet" href="https://cdn.example.org/x.css"></head><body><img src="//example.org/a.png" alt=""></body></html>`)},
		"js/index.html":       {Data: []byte(`<html><head><script src="../heavy.js" defer></script></head><body></body></html>`)},
		"missing/index.html":  {Data: []byte(`<html><head><link rel="stylesheet" href="nope.css"></head></html>`)},
	}
	pages, err := Check(fsys)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"ok/index.html":       "",
		"big/index.html":      "HTML + blocking CSS",
		"blocking/index.html": "render-blocking script",
		"inline/index.html":   "inline <script>",
		"remote/index.html":   "another origin",
		"js/index.html":       "JavaScript",
		"missing/index.html":  "missing",
	}
	for _, p := range pages {
		w := want[p.Name]
		got := strings.Join(p.Problems, "; ")
		if w == "" && got != "" || w != "" && !strings.Contains(got, w) {
			t.Errorf("%s: problems %q, want %q", p.Name, got, w)
		}
	}
	for _, p := range pages {
		if p.Name == "ok/index.html" && (p.CSS == 0 || p.JS == 0) {
			t.Errorf("ok: the stylesheet (%d B) and script (%d B) were not measured", p.CSS, p.JS)
		}
	}
}
