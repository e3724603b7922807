package offline_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"spean/generator/build"
	"spean/generator/config"
	"spean/generator/internal/sitetest"
	"spean/generator/offline"
	"spean/generator/publish"
	"spean/generator/site"
)

// words makes text that gzip cannot shrink much, so a page's download size
// is large enough to matter for the budget.
func words(n int) string {
	var b strings.Builder
	x := uint32(7)
	for i := 0; i < n; i++ {
		x = x*1664525 + 1013904223
		fmt.Fprintf(&b, "w%x ", x>>8)
		if i%500 == 499 {
			// Paragraphs, within limits.max_block_size.
			b.WriteString("\n\n")
		}
	}
	return b.String()
}

// builtSite builds a small two-language site with the real theme and every
// renderer that writes files a reader could save or print (search,
// leaflets, the offline files), and returns the site and its outputs.
func builtSite(t *testing.T, budgetKB int, extra map[string]string) (*site.Site, *publish.Recorder) {
	t.Helper()
	fsys := fstest.MapFS{}
	sitetest.AddRepoFiles(t, fsys, filepath.Join("..", ".."))
	cfg := fmt.Sprintf(`base_url: https://example.org/
title: Test
offline: {budget_kb: %d, first: [help/hotlines]}
languages:
  - {code: en, name: English, title: "Test — site"}
  - {code: km, name: ខ្មែរ, title: "តេស្ត — គេហទំព័រ", fallback: [en]}
`, budgetKB)
	files := map[string]string{
		"config.yaml":                 cfg,
		"content/_index.en.md":        "---\ntitle: Home\n---\nHome.\n",
		"content/help/_index.en.md":   "---\ntitle: Help\n---\n",
		"content/help/hotlines.en.md": "---\ntitle: Hotlines\n---\nCall 1694.\n",
		"content/rights/_index.en.md": "---\ntitle: Rights\n---\n",
		"content/rights/big.en.md":    "---\ntitle: Big\n---\n" + words(6000) + "\n",
		"content/rights/small.en.md":  "---\ntitle: Small\n---\nA short page.\n",
	}
	for k, v := range extra {
		files[k] = v
	}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	c, err := config.Load(fsys, "config.yaml", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := publish.NewRecorder(publish.NewMemory())
	res, err := build.Run(context.Background(), build.Options{FS: fsys, Config: c, Sink: got})
	if err != nil {
		t.Fatal(err)
	}
	return res.Site, got
}

func isPrint(name string) bool {
	return strings.Contains(name, "/leaflet/") || strings.Contains(name, "/booklet/") || strings.Contains(name, "/leaflets/") ||
		slices.Contains(offline.PrintStyles, name) || strings.HasSuffix(name, ".pdf")
}

func TestPlanOrderAndPrintMatter(t *testing.T) {
	s, files := builtSite(t, 10000, nil)
	prints := 0
	for _, n := range files.Names() {
		if isPrint(n) {
			prints++
		}
	}
	if prints < 10 {
		t.Fatalf("only %d print files among the outputs: the test would prove nothing", prints)
	}
	z := offline.NewSizer()
	p := offline.NewPlan(s, files, "km", 10000*1024, []string{"help/hotlines"}, z)
	var names []string
	for _, e := range p.Files {
		names = append(names, e.Name)
		if isPrint(e.Name) || strings.HasPrefix(e.Name, "en/") || strings.HasPrefix(e.Name, site.PreviewDir) || offline.Derived(e.Name) {
			t.Errorf("km plan holds %s", e.Name)
		}
		if e.Size <= 0 || len(e.Hash) != 8 {
			t.Errorf("%s: size %d, hash %q", e.Name, e.Size, e.Hash)
		}
	}
	want := []string{"km/index.html", "km/help/hotlines/index.html", "km/offline/index.html"}
	if !slices.Equal(names[:3], want) {
		t.Errorf("plan starts %v, want %v (home, the offline.first pages, the offline page)", names[:3], want)
	}
	idx := func(n string) int { return slices.Index(names, n) }
	for _, n := range []string{"js/offline.js", "km/manifest.webmanifest", "index.html", "km/rights/index.html", "km/rights/big/index.html", "km/search/index.html"} {
		if idx(n) < 0 {
			t.Errorf("plan lacks %s: %v", n, names)
		}
	}
	if !(idx("js/offline.js") < idx("km/rights/index.html") && idx("km/rights/index.html") < idx("km/rights/big/index.html") && idx("km/rights/big/index.html") < idx("km/search/index.html")) {
		t.Errorf("order: shared files, sections, pages, search; got %v", names)
	}
	if len(p.Auto) != len(p.Files) {
		t.Errorf("with room for everything, auto saves %d of %d files", len(p.Auto), len(p.Files))
	}
	for _, i := range p.Base {
		if n := p.Files[i].Name; strings.HasPrefix(n, "km/rights/") || strings.HasPrefix(n, "km/search/") {
			t.Errorf("base holds %s", n)
		}
	}
	sec := p.Sections["rights"]
	if len(sec) != 3 {
		t.Errorf("section rights has %d files, want its page and two pages", len(sec))
	}
}

// TestPlanBudget: what does not fit is skipped, and a smaller unit after
// it still goes in; nothing auto exceeds the budget.
func TestPlanBudget(t *testing.T) {
	s, files := builtSite(t, 10000, nil)
	z := offline.NewSizer()
	all := offline.NewPlan(s, files, "km", 1<<30, []string{"help/hotlines"}, z)
	size := map[string]int{}
	for _, e := range all.Files {
		size[e.Name] = e.Size
	}
	big, small := size["km/rights/big/index.html"], size["km/rights/small/index.html"]
	if big < 4*small {
		t.Fatalf("big page %d B, small %d B: not different enough to test", big, small)
	}
	before := 0 // everything up to and including the section pages
	for _, e := range all.Files {
		if strings.HasPrefix(e.Name, "km/rights/big/") {
			break
		}
		before += e.Size
	}
	budget := before + small + small/2
	p := offline.NewPlan(s, files, "km", budget, []string{"help/hotlines"}, z)
	auto := map[string]bool{}
	for _, i := range p.Auto {
		auto[p.Files[i].Name] = true
	}
	if auto["km/rights/big/index.html"] || !auto["km/rights/small/index.html"] || !auto["km/help/hotlines/index.html"] {
		t.Errorf("budget %d: auto = %v; want the small page in and the big one out", budget, auto)
	}
	if n := p.Bytes(p.Auto); n > budget {
		t.Errorf("auto files cost %d B, over the budget of %d", n, budget)
	}
	if p := offline.NewPlan(s, files, "km", 0, nil, z); len(p.Auto) != 0 {
		t.Errorf("a budget of 0 saves %d files", len(p.Auto))
	}
}

func TestListsAndVersion(t *testing.T) {
	lists := func(extra map[string]string) (map[string][]byte, *publish.Recorder) {
		_, files := builtSite(t, 300, extra)
		m := map[string][]byte{}
		for _, n := range []string{"sw.js", site.PrecacheList("km"), site.OfflineSummary("km"), site.Zip("km")} {
			b, ok := files.Get(n)
			if !ok {
				t.Fatalf("no %s", n)
			}
			m[n] = b
		}
		return m, files
	}
	a, files := lists(nil)
	b, _ := lists(nil)
	for n := range a {
		if !bytes.Equal(a[n], b[n]) {
			t.Errorf("%s differs between two builds of the same site", n)
		}
	}
	var sum offline.Summary
	if err := json.Unmarshal(a[site.OfflineSummary("km")], &sum); err != nil {
		t.Fatal(err)
	}
	if sum.Zip.Bytes != len(a[site.Zip("km")]) || sum.Budget != 300*1024 || sum.Auto.Bytes > sum.Budget || sum.All.Files < sum.Auto.Files {
		t.Errorf("summary %+v (zip is %d B)", sum, len(a[site.Zip("km")]))
	}
	var l offline.FileList
	if err := json.Unmarshal(a[site.PrecacheList("km")], &l); err != nil {
		t.Fatal(err)
	}
	if l.Version != sum.Version || !strings.Contains(string(a["sw.js"]), fmt.Sprintf("var VERSION = %q;", l.Version)) {
		t.Errorf("sw.js, list and summary disagree on the version")
	}
	// The zip still carries the print pages for facilitators.
	zr, err := zip.NewReader(bytes.NewReader(a[site.Zip("km")]), int64(len(a[site.Zip("km")])))
	if err != nil {
		t.Fatal(err)
	}
	leaflets := 0
	for _, f := range zr.File {
		if strings.Contains(f.Name, "/leaflet/") {
			leaflets++
		}
	}
	if leaflets == 0 {
		t.Error("the zip lost its leaflets")
	}
	_ = files

	// A corrected page is a new version; a new source for a leaflet only
	// (key_points are printed, not shown on the page) is not.
	changed, _ := lists(map[string]string{"content/rights/small.en.md": "---\ntitle: Small\n---\nA short page, corrected.\n"})
	if ver(t, changed) == ver(t, a) {
		t.Error("a corrected page kept the version: phones would never hear of it")
	}
	printOnly, _ := lists(map[string]string{"content/rights/small.en.md": "---\ntitle: Small\nkey_points: [one, two, three]\n---\nA short page.\n"})
	if ver(t, printOnly) != ver(t, a) {
		t.Error("a change to the leaflets alone changed the version: phones would be asked to update for nothing")
	}
}

func ver(t *testing.T, m map[string][]byte) string {
	t.Helper()
	var l offline.FileList
	if err := json.Unmarshal(m[site.PrecacheList("km")], &l); err != nil {
		t.Fatal(err)
	}
	return l.Version
}
