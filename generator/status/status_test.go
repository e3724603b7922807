package status_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"spean/generator/build"
	"spean/generator/config"
	"spean/generator/content"
	"spean/generator/internal/sitetest"
	"spean/generator/publish"
)

// output is where the status page is published.
const output = "status/index.html"

// siteFS is a small site with the repository's real theme and UI strings,
// so the test also proves status.html works with the shipped layouts.
func siteFS(t *testing.T) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	root := filepath.Join("..", "..")
	sitetest.AddRepoFiles(t, fsys, root)
	cfgData, err := os.ReadFile(filepath.Join(root, "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	fsys["config.yaml"] = &fstest.MapFile{Data: cfgData}
	body := []byte("Text.\n")
	hash := content.SourceHash(&content.Meta{Title: "Wages"}, body)
	add := func(name, fm string) {
		fsys[name] = &fstest.MapFile{Data: []byte("---\n" + fm + "---\n" + string(body))}
	}
	add("content/rights/_index.en.md", "title: Rights\n")
	add("content/rights/wages.en.md", "title: Wages\n")
	add("content/rights/wages.km.md", "title: ប្រាក់ឈ្នួល\nreviewed: true\nsource_hash: "+hash+"\n")
	add("content/rights/wages.lo.md", "title: ຄ່າຈ້າງ\nreviewed: false\nsource_hash: "+hash+"\n")
	add("content/rights/wages.th.md", "title: ค่าจ้าง\nreviewed: true\nsource_hash: 0000000000000000\n")
	return fsys
}

func TestRender(t *testing.T) {
	fsys := siteFS(t)
	cfg, err := config.Load(fsys, "config.yaml", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	sink := publish.NewMemory()
	cfg.RepoURL = "https://example.org/spean/blob/main/"
	_, err = build.Run(context.Background(), build.Options{FS: fsys, Config: cfg, Sink: sink, Status: true})
	if err != nil {
		t.Fatal(err)
	}
	b, ok := sink.Get(output)
	if !ok {
		t.Fatalf("no %s; outputs: %v", output, sink.Names())
	}
	html := string(b)
	// One row per page: the section and the page, each cell in its state
	// with the file to edit as a repository link.
	cells := regexp.MustCompile(`<td class="status-(\w+)"><span aria-hidden="true">(.)</span> ([^<]+)<br><a href="([^"]+)"><code>([^<]+)</code></a></td>`).FindAllStringSubmatch(html, -1)
	var got []string
	for _, c := range cells {
		got = append(got, strings.Join(c[1:], " | "))
	}
	want := []string{
		"missing | ✗ | missing | https://example.org/spean/blob/main/content/rights/_index.km.md | content/rights/_index.km.md",
		"missing | ✗ | missing | https://example.org/spean/blob/main/content/rights/_index.lo.md | content/rights/_index.lo.md",
		"missing | ✗ | missing | https://example.org/spean/blob/main/content/rights/_index.my.md | content/rights/_index.my.md",
		"missing | ✗ | missing | https://example.org/spean/blob/main/content/rights/_index.th.md | content/rights/_index.th.md",
		"ok | ✓ | up to date | https://example.org/spean/blob/main/content/rights/wages.km.md | content/rights/wages.km.md",
		"unreviewed | ◐ | not reviewed | https://example.org/spean/blob/main/content/rights/wages.lo.md | content/rights/wages.lo.md",
		"missing | ✗ | missing | https://example.org/spean/blob/main/content/rights/wages.my.md | content/rights/wages.my.md",
		"outdated | ! | outdated | https://example.org/spean/blob/main/content/rights/wages.th.md | content/rights/wages.th.md",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("cells:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, s := range []string{
		`<meta name="robots" content="noindex">`,
		`<a href="../en/rights/wages/index.html">Wages</a>`,
		// Counts per language: km has one page up to date, one missing.
		`<td><span class="status-ok">up to date: 1</span><br><span class="status-unreviewed">not reviewed: 0</span><br><span class="status-outdated">outdated: 0</span><br><span class="status-missing">missing: 1</span><br></td>`,
		`<th scope="col" lang="km">ភាសាខ្មែរ</th>`,
	} {
		if !strings.Contains(html, s) {
			t.Errorf("page lacks %s", s)
		}
	}
}

// Without a repository URL, paths are shown but not linked; a build
// without the renderer has no status page.
func TestRenderWithoutRepoAndWithout(t *testing.T) {
	fsys := siteFS(t)
	cfg, err := config.Load(fsys, "config.yaml", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	sink := publish.NewMemory()
	if _, err := build.Run(context.Background(), build.Options{FS: fsys, Config: cfg, Sink: sink, Status: true}); err != nil {
		t.Fatal(err)
	}
	b, _ := sink.Get(output)
	if !strings.Contains(string(b), `<td class="status-ok"><span aria-hidden="true">✓</span> up to date<br><code>content/rights/wages.km.md</code></td>`) || strings.Contains(string(b), "<a href=\"content/") {
		t.Errorf("unlinked paths expected:\n%s", b)
	}
	plain := publish.NewMemory()
	if _, err := build.Run(context.Background(), build.Options{FS: fsys, Config: cfg, Sink: plain}); err != nil {
		t.Fatal(err)
	}
	if _, ok := plain.Get(output); ok {
		t.Errorf("a build without the status renderer wrote %s", output)
	}
}

// Rows are ordered by the day their facts are due for review, never
// reviewed first, then the earliest due in any language; a translation
// with a review date of its own shows its due day in its cell.
func TestOrderByReviewDue(t *testing.T) {
	fsys := siteFS(t)
	body := "Text.\n"
	add := func(name, fm string) {
		fsys[name] = &fstest.MapFile{Data: []byte("---\n" + fm + "---\n" + body)}
	}
	leave := content.SourceHash(&content.Meta{Title: "Leave"}, []byte(body))
	add("content/rights/_index.en.md", "title: Rights\nlast_reviewed: 2026-11-22\nreview_interval: 365\n")
	add("content/rights/wages.en.md", "title: Wages\nlast_reviewed: 2026-03-01\n")                             // due 2027-03-01 (365 days, from the section)
	add("content/rights/hours.en.md", "title: Hours\nlast_reviewed: 2026-06-01\nreview_interval: 90\n")        // due 2026-08-30
	add("content/rights/leave.en.md", "title: Leave\nlast_reviewed: 2026-10-01\nreview_interval: 730\n")       // due 2028-09-30…
	add("content/rights/leave.km.md", "title: ឈប់សម្រាក\nlast_reviewed: 2025-10-01\nsource_hash: "+leave+"\n") // …but in Khmer 2027-10-01
	add("content/rights/fees.en.md", "title: Fees\n")                                                          // never reviewed
	cfg, err := config.Load(fsys, "config.yaml", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	sink := publish.NewMemory()
	if _, err := build.Run(context.Background(), build.Options{FS: fsys, Config: cfg, Sink: sink, Status: true}); err != nil {
		t.Fatal(err)
	}
	b, _ := sink.Get(output)
	html := string(b)
	var got []string
	for _, m := range regexp.MustCompile(`<th scope="row"><a href="[^"]+">([^<]+)</a><br><code>[^<]+</code></th>\n<td class="status-review">([^\n]*)</td>`).FindAllStringSubmatch(html, -1) {
		got = append(got, m[1]+": "+m[2])
	}
	// The Thai wages translation is outdated (siteFS): it shows no review
	// date, not even its English page's, so its row comes first with the
	// page never reviewed.
	want := []string{
		"Fees: never reviewed",
		"Wages: <time datetime=\"2027-03-01\">March 1, 2027</time><br>last reviewed March 1, 2026, trusted for 365 days",
		"Hours: <time datetime=\"2026-08-30\">August 30, 2026</time><br>last reviewed June 1, 2026, trusted for 90 days",
		"Leave: <time datetime=\"2028-09-30\">September 30, 2028</time><br>last reviewed October 1, 2026, trusted for 730 days",
		"Rights: <time datetime=\"2027-11-22\">November 22, 2027</time><br>last reviewed November 22, 2026, trusted for 365 days",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !strings.Contains(html, `<code>content/rights/leave.km.md</code><br>review due October 1, 2027</td>`) {
		t.Errorf("the Khmer leave page does not show its own due day")
	}
}
