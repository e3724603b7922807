package build

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"spean/generator/internal/sitetest"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"spean/generator/config"
	"spean/generator/diag"
	"spean/generator/publish"
)

// fixture reads a txtar site and adds the repository's theme and UI
// strings, so fixtures hold only what they test.
func fixture(t *testing.T, name string, edits ...string) fstest.MapFS {
	t.Helper()
	ar, err := txtar.ParseFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	sitetest.AddRepoFiles(t, fsys, filepath.Join("..", ".."))
	for _, f := range ar.Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	// edits are name, content pairs applied on top.
	for i := 0; i+1 < len(edits); i += 2 {
		if edits[i+1] == "" {
			delete(fsys, edits[i])
			continue
		}
		fsys[edits[i]] = &fstest.MapFile{Data: []byte(edits[i+1])}
	}
	return fsys
}

func buildMem(t *testing.T, fsys fs.FS) (*publish.Memory, *Result, error) {
	t.Helper()
	cfg, err := config.Load(fsys, "config.yaml", nil, nil)
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	mem := publish.NewMemory()
	res, err := Run(context.Background(), Options{FS: fsys, Config: cfg, Sink: mem})
	return mem, res, err
}

func file(t *testing.T, mem *publish.Memory, name string) string {
	t.Helper()
	b, ok := mem.Get(name)
	if !ok {
		t.Fatalf("no output %s; have %v", name, mem.Names())
	}
	return string(b)
}

func contains(t *testing.T, name, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("%s: missing %q", name, w)
		}
	}
}

func lacks(t *testing.T, name, got string, bad ...string) {
	t.Helper()
	for _, w := range bad {
		if strings.Contains(got, w) {
			t.Errorf("%s: should not contain %q", name, w)
		}
	}
}

func TestTranslationsAndFallback(t *testing.T) {
	mem, res, err := buildMem(t, fixture(t, "basic.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	// Every language tree has the same pages: home, rights, wages, hours.
	for _, l := range []string{"en", "km", "lo", "my", "th"} {
		if res.Pages[l] != 4 {
			t.Errorf("%s has %d pages, want 4", l, res.Pages[l])
		}
	}
	km := file(t, mem, "km/rights/wages/index.html")
	contains(t, "km wages", km,
		`<html lang="km"`,
		`<link rel="alternate" hreflang="km" href="https://example.org/kb/km/rights/wages/">`,
		`<link rel="alternate" hreflang="en" href="https://example.org/kb/en/rights/wages/">`,
		`<link rel="alternate" hreflang="th" href="https://example.org/kb/th/rights/wages/">`,
		`<link rel="alternate" hreflang="x-default" href="https://example.org/kb/en/rights/wages/">`,
		`<link rel="canonical" href="https://example.org/kb/km/rights/wages/">`,
		// the switcher reaches the same page in each language
		`href="../../../lo/rights/wages/index.html" hreflang="lo"`,
		// links resolve to the reader's language, with the anchor checked
		`href="../../rights/hours/index.html#limits"`,
		// unreviewed translation notice in Khmer
		"មិនទាន់ត្រូវបានពិនិត្យ",
	)
	lacks(t, "km wages", km, `hreflang="lo" href="https://`, `hreflang="my" href="https://`)
	// The switcher tells a Lao reader, in Lao, that the page is in Thai;
	// translated languages have no such line.
	contains(t, "km wages", km, `hreflang="lo" lang="lo">ພາສາລາວ <small>ຍັງບໍ່ທັນໄດ້ແປ — ສະແດງເປັນພາສາໄທ</small></a>`,
		`hreflang="th" lang="th">ภาษาไทย</a>`)

	// Lao falls back to Thai (lo → th → en), with a Lao notice, Thai text
	// marked as Thai, canonical to the Thai page, and no hreflang set.
	// The Thai text is a translation not reviewed and made from no
	// recorded English text, so the Lao reader is told that too, in Lao.
	lo := file(t, mem, "lo/rights/wages/index.html")
	contains(t, "lo wages", lo,
		`<html lang="lo"`,
		`<div class="content" lang="th">`,
		"ຍັງບໍ່ທັນໄດ້ແປ — ສະແດງເປັນພາສາໄທ",
		`<p class="notice notice-unreviewed" role="note" lang="lo">ການແປນີ້ຍັງບໍ່ໄດ້ຮັບການກວດກາ`,
		`<p class="notice notice-outdated" role="note" lang="lo">ໜ້າພາສາອັງກິດໄດ້ມີການປ່ຽນແປງ`,
		`<link rel="canonical" href="https://example.org/kb/th/rights/wages/">`,
		"ค่าจ้าง",
	)
	lacks(t, "lo wages", lo, `rel="alternate"`)
	// Burmese falls back to English; hours exists only in English.
	my := file(t, mem, "my/rights/hours/index.html")
	contains(t, "my hours", my, `<div class="content" lang="en">`, "Hours", "အင်္ဂလိပ်ဘာသာ")

	// Drafts stay out unless asked for.
	if _, ok := mem.Get("en/rights/draft/index.html"); ok {
		t.Error("draft page was built")
	}
	// Alias redirect, sitemap, chooser, 404.
	contains(t, "alias", file(t, mem, "en/old-wages/index.html"), `url=../../en/rights/wages/index.html`, `rel="canonical" href="https://example.org/kb/en/rights/wages/"`)
	sm := file(t, mem, "sitemap.xml")
	contains(t, "sitemap", sm, `<loc>https://example.org/kb/km/rights/wages/</loc>`, `hreflang="th" href="https://example.org/kb/th/rights/wages/"`, `<lastmod>2026-01-02</lastmod>`)
	lacks(t, "sitemap", sm, `<loc>https://example.org/kb/lo/rights/wages/</loc>`)
	ch := file(t, mem, "index.html")
	contains(t, "chooser", ch, `href="km/index.html"`, "ភាសាខ្មែរ", "ພາສາລາວ", "မြန်မာဘာသာ", "ภาษาไทย")
	nf := file(t, mem, "404.html")
	contains(t, "404", nf, `href="/kb/km/index.html"`, `<meta name="robots" content="noindex">`, `<span lang="km">`)
	lacks(t, "404", nf, `rel="canonical"`)
	// The pages in no one language have none of the source language's
	// header, search or footer (its zip, its language list, its notices).
	for name, page := range map[string]string{"chooser": ch, "404": nf} {
		lacks(t, name, page, `class="skip"`, `role="search"`, `class="site-footer"`, `id="update"`)
	}
}

func TestLinkErrorsAllReported(t *testing.T) {
	fsys := fixture(t, "basic.txtar",
		"content/rights/hours.en.md", "---\ntitle: Hours\n---\n## Limits {#limits}\n\nSee [w](wagez.md) and\n[r](wages.md#ratez) and [x](#nowhere) and [abs](/en/rights/).\n",
	)
	_, _, err := buildMem(t, fsys)
	var l diag.List
	if !errors.As(err, &l) {
		t.Fatalf("err = %v, want diagnostics", err)
	}
	got := l.Error()
	for _, w := range []string{
		"content/rights/hours.en.md:6:5: link to wagez.md: no such page (did you mean wages.md?)",
		`content/rights/hours.en.md:7:1: link to wages.md#ratez: content/rights/wages.en.md has no heading with id "ratez" (did you mean #rates?)`,
		"content/rights/hours.en.md:7:25: link to #nowhere: no such heading on this page",
		`content/rights/hours.en.md:7:43: link "/en/rights/" is absolute`,
	} {
		if !strings.Contains(got, w) {
			t.Errorf("missing diagnostic %q in\n%s", w, got)
		}
	}
}

func TestLayoutOverride(t *testing.T) {
	fsys := fixture(t, "basic.txtar",
		"config.yaml", strings.Replace(string(fixture(t, "basic.txtar")["config.yaml"].Data), "theme: default", "theme: default\ntheme_override: local", 1),
		"themes/local/layouts/rights/page.html", `{{define "main"}}<p class="rights-layout">{{.Page.Title}}</p>{{end}}`,
		"themes/local/layouts/partials/footer.html", `<footer class="local-footer"></footer>`,
	)
	mem, _, err := buildMem(t, fsys)
	if err != nil {
		t.Fatal(err)
	}
	w := file(t, mem, "en/rights/wages/index.html")
	contains(t, "override", w, `<p class="rights-layout">Wages</p>`, `<footer class="local-footer">`)
	// the section page still uses the theme's section layout
	lacks(t, "section", file(t, mem, "en/rights/index.html"), "rights-layout")
}

func TestMissingUIStringFailsBuild(t *testing.T) {
	fsys := fixture(t, "basic.txtar")
	km := strings.Replace(string(fsys["i18n/km.yaml"].Data), "get_help:", "get_help_renamed:", 1)
	fsys["i18n/km.yaml"] = &fstest.MapFile{Data: []byte(km)}
	_, _, err := buildMem(t, fsys)
	if err == nil || !strings.Contains(err.Error(), `i18n/km.yaml: UI string "get_help" is missing`) {
		t.Fatalf("err = %v", err)
	}
}

func TestDeterministic(t *testing.T) {
	a, _, err := buildMem(t, fixture(t, "basic.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := buildMem(t, fixture(t, "basic.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(a.Names(), "\n") != strings.Join(b.Names(), "\n") {
		t.Fatal("file lists differ")
	}
	for _, n := range a.Names() {
		x, _ := a.Get(n)
		y, _ := b.Get(n)
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two builds", n)
		}
	}
}

// TestAtomicSwap proves a failed build leaves the previous output
// byte-identical, whether it fails on content or late, just before the swap.
func TestAtomicSwap(t *testing.T) {
	dir := t.TempDir()
	fsys := fixture(t, "basic.txtar")
	cfg, err := config.Load(fsys, "config.yaml", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Output = filepath.Join(dir, "public")
	if _, err := Run(context.Background(), Options{FS: fsys, Config: cfg, Output: cfg.Output}); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, cfg.Output)
	if len(before) < 20 {
		t.Fatalf("first build wrote %d files", len(before))
	}

	changed := fixture(t, "basic.txtar", "content/rights/hours.en.md", "---\ntitle: Changed\n---\n## Limits {#limits}\n")
	_, err = Run(context.Background(), Options{FS: changed, Config: cfg, Output: cfg.Output, FailAfterRender: errors.New("injected")})
	if err == nil || err.Error() != "injected" {
		t.Fatalf("err = %v", err)
	}
	broken := fixture(t, "basic.txtar", "content/rights/hours.en.md", "---\ntitle: [broken\n---\n")
	if _, err := Run(context.Background(), Options{FS: broken, Config: cfg, Output: cfg.Output}); err == nil {
		t.Fatal("broken front matter built")
	}
	after := snapshot(t, cfg.Output)
	if len(after) != len(before) {
		t.Fatalf("file count changed: %d → %d", len(before), len(after))
	}
	for name, b := range before {
		if !bytes.Equal(after[name], b) {
			t.Errorf("%s changed after a failed build", name)
		}
	}
	// Nothing is left beside the output folder.
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("left behind: %v", names)
	}
	// A good build does replace it.
	if _, err := Run(context.Background(), Options{FS: changed, Config: cfg, Output: cfg.Output}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(snapshot(t, cfg.Output)["en/rights/hours/index.html"]), "Changed") {
		t.Error("successful build did not replace the output")
	}
}

// sameAsClean fails t for every file of got (a snapshot) that differs from
// want, a clean build's, or that want lacks; except names files whose
// bytes may differ.
func sameAsClean(t *testing.T, got, want map[string][]byte, except ...string) {
	t.Helper()
	for name, b := range want {
		if !slices.Contains(except, name) && !bytes.Equal(got[name], b) {
			t.Errorf("%s differs from a clean build", name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("%s is not in a clean build", name)
		}
	}
}

// mustLoad loads the site in fsys as a build does, failing t on an error.
func mustLoad(t testing.TB, fsys fs.FS) *Loaded {
	t.Helper()
	cfg, err := config.Load(fsys, "config.yaml", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	l, diags := Load(cfg, fsys)
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	return l
}

func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	m := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		m[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// A one-off build lets go of every page's HTML and text once no later step
// reads them (Build.Run); serve, which renders again, keeps them. Both
// must write the same site: a step that read what was let go of would
// fail on the HTML (Doc.HTML says so) but would read empty text without a
// word, and only a comparison like this one would show it.
func TestDropsChangeNothing(t *testing.T) {
	fsys := fixture(t, "basic.txtar")
	once, _, err := buildMem(t, fsys)
	if err != nil {
		t.Fatal(err)
	}
	l := mustLoad(t, fsys)
	cfg := l.Config
	kept := publish.NewMemory()
	if diags := New(l, kept, Options{FS: fsys, Config: cfg, Sink: kept}).Run(context.Background()); diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	if got, want := strings.Join(once.Names(), "\n"), strings.Join(kept.Names(), "\n"); got != want {
		t.Fatalf("a one-off build wrote other files than one that keeps every page:\n%s\nagainst\n%s", got, want)
	}
	for _, n := range once.Names() {
		x, _ := once.Get(n)
		y, _ := kept.Get(n)
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs when the pages' HTML and text are let go of", n)
		}
	}
	for _, p := range l.Site.Pages {
		if p.Doc != nil && p.Doc.Text() == "" && len(p.Doc.Blocks()) > 0 {
			t.Fatalf("%s: the kept build dropped its text", p.Doc.File)
		}
	}
}

// TestTimings: --timings gives every step a line, in order, with its wall
// time and, where the system says, the CPU time it took.
func TestTimings(t *testing.T) {
	fsys := fixture(t, "basic.txtar")
	cfg, err := config.Load(fsys, "config.yaml", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if _, err := Run(context.Background(), Options{FS: fsys, Config: cfg, Sink: publish.NewMemory(), Timings: &out}); err != nil {
		t.Fatal(err)
	}
	steps, beside := timedSteps(t, out.String())
	if got, want := strings.Join(steps, " "), "load plan prepare pages generate index search offline"; got != want {
		t.Errorf("steps timed: %s; want %s", got, want)
	}
	if len(beside) > 0 {
		t.Errorf("steps run beside others in a clean build: %v", beside)
	}
}

// timedSteps reads --timings output: the steps in the order timed, and
// those run beside others (timed in wall time only).
func timedSteps(t *testing.T, out string) (steps, beside []string) {
	t.Helper()
	line := regexp.MustCompile(`^(\w+) +\d+\.\d{3} s(?:( +\d+\.\d{2} s CPU)|(  beside the steps before search))?$`)
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		m := line.FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("timings line %q", l)
		}
		if m[3] != "" {
			beside = append(beside, m[1])
		} else if (m[2] != "") != (cpuTime() >= 0) {
			t.Errorf("timings line %q: CPU time shown %v, the system gives it %v", l, m[2] != "", cpuTime() >= 0)
		}
		steps = append(steps, m[1])
	}
	return steps, beside
}

// A translation that drops the {#id} its source page gives a heading is
// reported there, at the heading, once; the links that miss it say where
// to look.
func TestLostHeadingID(t *testing.T) {
	fsys := fixture(t, "basic.txtar",
		"content/rights/wages.km.md", "---\ntitle: ប្រាក់ឈ្នួល\nreviewed: false\n---\n## អត្រា\n\nមើល [ម៉ោង](hours.md#limits)។\n",
		"content/rights/hours.km.md", "---\ntitle: ម៉ោង\nreviewed: false\n---\n## ដែនកំណត់ {#limits}\n\nត្រឡប់ទៅ [ប្រាក់ឈ្នួល](wages.md#rates) និង [ម្ដងទៀត](wages.md#rates)។\n",
	)
	_, _, err := buildMem(t, fsys)
	var l diag.List
	if !errors.As(err, &l) {
		t.Fatalf("err = %v, want diagnostics", err)
	}
	got := l.Error()
	want := `content/rights/wages.km.md:5:4: this translation has no heading with id "rates", which content/rights/wages.en.md gives its heading at line 7 and other pages link to (add {#rates} at the end of the matching heading)`
	if strings.Count(got, "this translation has no heading") != 1 || !strings.Contains(got, want) {
		t.Errorf("want once\n%s\nin\n%s", want, got)
	}
	if !strings.Contains(got, `content/rights/hours.km.md:7:`) || !strings.Contains(got, "(content/rights/wages.km.md lost the heading id; see the error there)") {
		t.Errorf("the links' errors do not point at the translation:\n%s", got)
	}
}

// TestHotlineNumbersDialled: a number of the hotline data file becomes a
// tel: link where a writer typed it, in the body, in the summary (the "In
// short" box, from front matter) and on a section's page; a heading's and
// a longer number's stay text; and a site without the data file links
// nothing.
func TestHotlineNumbersDialled(t *testing.T) {
	data := "hotlines:\n  - {id: doe-1694, number: \"1694\", country: th, serves: [kh], name: {en: DOE}, purpose: {en: Jobs.}}\n" +
		"  - {id: issara-180, number: \"1-800-010-180\", country: th, serves: [mm], name: {en: Issara}, purpose: {en: Help.}}\n"
	page := "---\ntitle: Wages\nsummary: Unpaid? Call 1694 or 1-800-010-180 & keep proof.\n---\n## Call 1694 {#rates}\n\nCall 1694 (not 11694 or 1,694).\n"
	section := "---\ntitle: Rights\nsummary: Ask 1694.\n---\n"
	fsys := fixture(t, "basic.txtar", "content/_data/hotlines.yaml", data, "content/rights/wages.en.md", page, "content/rights/_index.en.md", section)
	mem, _, err := buildMem(t, fsys)
	if err != nil {
		t.Fatal(err)
	}
	got := file(t, mem, "en/rights/wages/index.html")
	contains(t, "wages", got,
		`Unpaid? Call <a href="tel:1694">1694</a> or <a href="tel:1800010180">1-800-010-180</a> &amp; keep proof.`,
		`Call <a href="tel:1694">1694</a> (not 11694 or 1,694).`,
		`>Call 1694</h2>`)
	lacks(t, "wages", got, `<a href="tel:1694">11694`, `1,<a`)
	contains(t, "rights", file(t, mem, "en/rights/index.html"), `Ask <a href="tel:1694">1694</a>.`)

	delete(fsys, "content/_data/hotlines.yaml")
	mem, _, err = buildMem(t, fsys)
	if err != nil {
		t.Fatal(err)
	}
	got = file(t, mem, "en/rights/wages/index.html")
	contains(t, "wages without data", got, `Unpaid? Call 1694 or 1-800-010-180 &amp; keep proof.`, `Call 1694 (not 11694`)
	lacks(t, "wages without data", got, `<a href="tel:1694">1694</a>`)
}

// A build into a folder renders each core's pages into one buffer, used
// again for the next page (publish.HoldsData); one into memory, which
// holds what it is given, renders each into its own. Both write the same
// files: a page written from a buffer in use again would differ.
func TestFolderEqualsMemory(t *testing.T) {
	// One language at a time too: a one-off build lets go of a page's
	// text once the last index that reads it is made (dropTextAsIndexed),
	// and a page shown in another language (a fallback: hours.en.md in
	// km and lo) is read by that language's index as well, its text read
	// only when the index asks (the documents a build keeps are read
	// lazily). A build in memory drops nothing.
	for _, procs := range []int{runtime.GOMAXPROCS(0), 1} {
		t.Run(fmt.Sprintf("GOMAXPROCS=%d", procs), func(t *testing.T) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			fsys := fixture(t, "basic.txtar")
			mem, _, err := buildMem(t, fsys)
			if err != nil {
				t.Fatal(err)
			}
			cfg, err := config.Load(fsys, "config.yaml", nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			cfg.Output = filepath.Join(t.TempDir(), "public")
			if _, err := Run(context.Background(), Options{FS: fsys, Config: cfg, Output: cfg.Output}); err != nil {
				t.Fatal(err)
			}
			disk := snapshot(t, cfg.Output)
			pages, indexes := 0, 0
			for _, name := range mem.Names() {
				want, _ := mem.Get(name)
				if got, ok := disk[name]; !ok || !bytes.Equal(got, want) {
					t.Errorf("%s differs between a folder and memory", name)
				}
				if strings.HasSuffix(name, "/index.html") {
					pages++
				}
				if strings.Contains(name, "/search/") {
					indexes++
				}
			}
			if pages < 20 {
				t.Errorf("compared %d pages", pages)
			}
			if indexes < 5 {
				t.Errorf("compared %d files of the search indexes", indexes)
			}
		})
	}
}

// TestGoBuildID: the test program carries the build ID the go command gave
// it, four parts, as "go tool buildid" prints it; a file that is no ELF
// program has none (Generator hashes it instead).
func TestGoBuildID(t *testing.T) {
	if runtime.GOOS == "linux" {
		exe, err := os.Executable()
		if err != nil {
			t.Fatal(err)
		}
		id := goBuildID(exe)
		if strings.Count(id, "/") != 3 {
			t.Errorf("build ID of the test program: %q", id)
		}
		if out, err := exec.Command("go", "tool", "buildid", exe).Output(); err == nil && strings.TrimSpace(string(out)) != id {
			t.Errorf("build ID %q, go tool buildid says %q", id, out)
		}
	}
	if id := goBuildID("build_test.go"); id != "" {
		t.Errorf("a Go file's build ID: %q", id)
	}
	if g := Generator(); len(g) != 16 {
		t.Errorf("Generator() = %q", g)
	}
}
