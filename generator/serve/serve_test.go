package serve

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
	"weak"

	"spean/generator/build"
	"spean/generator/config"
	"spean/generator/content"
	"spean/generator/internal/browsertest"
	"spean/generator/paths"
	"spean/generator/publish"
)

type harness struct {
	t      *testing.T
	dir    string
	url    string
	srv    *Server
	builds chan BuildInfo
	stderr *syncBuffer
	// complete says the last build seen had the search index and other
	// files up to date.
	complete bool
}

type syncBuffer struct {
	mu chan struct{}
	b  bytes.Buffer
}

func newSyncBuffer() *syncBuffer { return &syncBuffer{mu: make(chan struct{}, 1)} }
func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu <- struct{}{}
	defer func() { <-s.mu }()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string {
	s.mu <- struct{}{}
	defer func() { <-s.mu }()
	return s.b.String()
}

func loadConfigFrom(dir string) func() (*config.Config, error) {
	return func() (*config.Config, error) { return config.Load(os.DirFS(dir), "config.yaml", nil, nil) }
}

// start serves a fresh copy of the fixture site and waits for its first
// build.
func start(t *testing.T) *harness {
	t.Helper()
	h := startWith(t, nil)
	if b := h.next(); b.Err != nil {
		t.Fatalf("first build: %v", b.Err)
	}
	return h
}

// startWith serves the fixture after prepare changed it, and returns
// before the first build is published.
func startWith(t *testing.T, prepare func(dir string)) *harness {
	t.Helper()
	h := &harness{t: t, dir: browsertest.Fixture(t, "testdata/site.txtar"), srv: NewServer(),
		builds: make(chan BuildInfo, 4096), stderr: newSyncBuffer()}
	if prepare != nil {
		prepare(h.dir)
	}
	ctx, cancel := context.WithCancel(context.Background())
	listening := make(chan string, 1)
	done := make(chan error, 1)
	site, err := paths.Open(h.dir)
	if err != nil {
		t.Fatal(err)
	}
	// As the command does (main.go), once the configuration is read.
	if cfg, err := loadConfigFrom(h.dir)(); err == nil {
		if err := site.Allow(cfg.ReadRoots); err != nil {
			t.Fatal(err)
		}
	}
	go func() {
		done <- Run(ctx, Options{Site: site, LoadConfig: loadConfigFrom(h.dir),
			Addr: "127.0.0.1:0", Stdout: io.Discard, Stderr: h.stderr,
			Listening: func(u string) { listening <- u },
			Built:     func(b BuildInfo) { h.builds <- b },
			server:    h.srv})
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("serve did not shut down within 10s of cancel")
		}
	})
	select {
	case h.url = <-listening:
	case err := <-done:
		t.Fatalf("serve: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not listen")
	}
	return h
}

// TestStartsBrokenThenFixed starts on content with an error: the server
// shows the error instead of a site, and fixing the file (an incremental
// rebuild, no re-parse of the rest) brings the site up.
func TestStartsBrokenThenFixed(t *testing.T) {
	const file = "content/rights/hours.en.md"
	var good string
	h := startWith(t, func(dir string) {
		p := filepath.Join(dir, file)
		b, _ := os.ReadFile(p)
		good = string(b)
		os.WriteFile(p, append(b, "\n[Broken](gone.md)\n"...), 0o644)
	})
	if b := h.next(); b.Err == nil {
		t.Fatal("first build succeeded despite the broken link")
	}
	code, body := h.get("/en/")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, file+":") || !strings.Contains(body, "/__spean/reload.js") || !strings.Contains(body, "build failed") {
		t.Errorf("before the fix: %d\n%s", code, body)
	}
	// There is no last good build to keep serving: the terminal must not
	// say there is.
	if e := h.stderr.String(); strings.Contains(e, "last good build") || !strings.Contains(e, "nothing to serve") {
		t.Errorf("terminal before the fix:\n%s", e)
	}
	// A touch of another file changes nothing and must not publish an
	// empty site.
	os.Chtimes(filepath.Join(h.dir, "content/rights/wages.en.md"), time.Now(), time.Now())
	h.write(file, good+"\nMended.\n")
	h.waitFor("/en/rights/hours/", "Mended.")
	h.settle()
	diffSites(t, h.served(), cleanBuild(t, h.dir))
}

// next waits for the next publish.
func (h *harness) next() BuildInfo {
	h.t.Helper()
	select {
	case b := <-h.builds:
		h.complete = b.Complete || b.Err != nil
		return b
	case <-time.After(60 * time.Second):
		h.t.Fatalf("no build within 60s; stderr:\n%s", h.stderr.String())
	}
	return BuildInfo{}
}

// settle waits until a complete build is followed by a quiet second.
func (h *harness) settle() {
	h.t.Helper()
	deadline := time.After(90 * time.Second)
	for {
		select {
		case b := <-h.builds:
			h.complete = b.Complete || b.Err != nil
		case <-time.After(time.Second):
			if h.complete {
				return
			}
		case <-deadline:
			h.t.Fatalf("site did not settle; stderr:\n%s", h.stderr.String())
		}
	}
}

func (h *harness) write(name, text string) {
	h.t.Helper()
	p := filepath.Join(h.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		h.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		h.t.Fatal(err)
	}
}

func (h *harness) read(name string) string {
	h.t.Helper()
	b, err := os.ReadFile(filepath.Join(h.dir, filepath.FromSlash(name)))
	if err != nil {
		h.t.Fatal(err)
	}
	return string(b)
}

func (h *harness) get(path string) (int, string) {
	h.t.Helper()
	res, err := http.Get(strings.TrimSuffix(h.url, "/") + path)
	if err != nil {
		h.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// waitFor rebuilds until the served path contains want.
func (h *harness) waitFor(path, want string) {
	h.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		if _, body := h.get(path); strings.Contains(body, want) {
			return
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("%s never contained %q; stderr:\n%s", path, want, h.stderr.String())
		}
		h.next()
	}
}

func TestEditChangesServedPage(t *testing.T) {
	h := start(t)
	if _, body := h.get("/en/rights/wages/"); !strings.Contains(body, "depends on the province") {
		t.Fatalf("page before the edit lacks its text:\n%s", body)
	}
	h.write("content/rights/wages.en.md", strings.Replace(h.read("content/rights/wages.en.md"), "depends on the province", "is 400 baht in Bangkok", 1))
	h.waitFor("/en/rights/wages/", "is 400 baht in Bangkok")
	// Khmer has its own translation; Thai shows the English text as a
	// fallback, which must follow the edit too.
	h.waitFor("/th/rights/wages/", "is 400 baht in Bangkok")
	if _, body := h.get("/km/rights/wages/"); strings.Contains(body, "400 baht") {
		t.Error("the Khmer translation shows the English edit")
	}
}

func TestNewFolderIsPickedUp(t *testing.T) {
	h := start(t)
	if code, _ := h.get("/en/coming-home/plan/"); code != http.StatusNotFound {
		t.Fatalf("page exists before it is written: %d", code)
	}
	// A folder created, then files written into it, as an editor's "new
	// file" does: the folder's watch must be added before its files come.
	h.write("content/coming-home/_index.en.md", "---\ntitle: Coming home\nweight: 3\n---\nPlan your return.\n")
	h.write("content/coming-home/plan.en.md", "---\ntitle: Return plan\n---\nSave for the bus home.\n")
	h.waitFor("/en/coming-home/plan/", "Save for the bus home.")
	// A folder moved in whole arrives with its files and no event for them.
	tmp := t.TempDir()
	os.MkdirAll(filepath.Join(tmp, "moved"), 0o755)
	os.WriteFile(filepath.Join(tmp, "moved", "_index.en.md"), []byte("---\ntitle: Moved in\nweight: 4\n---\nArrived whole.\n"), 0o644)
	if err := os.Rename(filepath.Join(tmp, "moved"), filepath.Join(h.dir, "content", "moved")); err != nil {
		t.Skipf("cannot move across file systems here: %v", err)
	}
	h.waitFor("/en/moved/", "Arrived whole.")

	// A section folder renamed: the rebuild follows, and so do later
	// saves in it (fsnotify dropped the renamed folder's watch).
	if err := os.Rename(filepath.Join(h.dir, "content", "coming-home"), filepath.Join(h.dir, "content", "returning-home")); err != nil {
		t.Fatal(err)
	}
	h.waitFor("/en/returning-home/plan/", "Save for the bus home.")
	h.write("content/returning-home/plan.en.md", "---\ntitle: Return plan\n---\nSave for the bus home, and a little more.\n")
	h.waitFor("/en/returning-home/plan/", "and a little more.")
}

// cleanBuild builds dir from scratch as `spean build` would, into memory.
func cleanBuild(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	cfg, err := loadConfigFrom(dir)()
	if err != nil {
		t.Fatal(err)
	}
	mem := publish.NewMemory()
	if _, err := build.Run(context.Background(), build.Options{FS: os.DirFS(dir), Config: cfg, Sink: mem, Preview: true}); err != nil {
		t.Fatalf("clean build: %v", err)
	}
	out := map[string][]byte{}
	for _, n := range mem.Names() {
		out[n], _ = mem.Get(n)
	}
	return out
}

// served is every file the server holds now.
func (h *harness) served() map[string][]byte {
	snap := h.srv.snapshot()
	out := maps.Clone(snap.pages)
	maps.Copy(out, snap.rest)
	return out
}

func diffSites(t *testing.T, got, want map[string][]byte) {
	t.Helper()
	n := 0
	for _, name := range slices.Sorted(maps.Keys(want)) {
		if g, ok := got[name]; !ok {
			t.Errorf("missing %s", name)
			n++
		} else if !bytes.Equal(g, want[name]) {
			t.Errorf("%s differs from a clean build: %s", name, firstDiff(g, want[name]))
			n++
		}
		if n > 10 {
			t.Fatal("too many differences")
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("extra %s", name)
		}
	}
}

func TestBurstEndsEqualToCleanBuild(t *testing.T) {
	h := start(t)
	files := []string{"content/rights/wages.en.md", "content/rights/days-off.en.md", "content/rights/hours.en.md", "content/before-you-go/passport.en.md"}
	orig := map[string]string{}
	for _, f := range files {
		orig[f] = h.read(f)
	}
	for i := range 200 {
		f := files[i%len(files)]
		text := orig[f] + fmt.Sprintf("\nEdit number %d.\n", i)
		switch i % 5 {
		case 1: // a title change: lists and prev/next links show it
			text = strings.Replace(text, "title: ", fmt.Sprintf("title: v%d ", i), 1)
		case 2: // a weight change reorders the section
			text = strings.Replace(text, "---\n", fmt.Sprintf("---\nweight: %d\n", 10-i%7), 1)
			text = strings.Replace(text, "weight: 1\n", "", 1)
			text = strings.Replace(text, "weight: 2\n", "", 1)
			text = strings.Replace(text, "weight: 3\n", "", 1)
		}
		p := filepath.Join(h.dir, filepath.FromSlash(f))
		switch i % 3 {
		case 0: // write in place
			os.WriteFile(p, []byte(text), 0o644)
		case 1: // write a temporary file and rename it over (vim, most IDEs)
			tmp := filepath.Join(filepath.Dir(p), "."+filepath.Base(p)+".swp")
			os.WriteFile(tmp, []byte(text), 0o644)
			os.Rename(tmp, p)
		case 2: // truncate, write, then chmod
			os.WriteFile(p, []byte(text), 0o644)
			os.Chmod(p, 0o644)
		}
		if i%20 == 0 {
			time.Sleep(30 * time.Millisecond) // let some batches through mid-burst
		}
	}
	h.settle()
	diffSites(t, h.served(), cleanBuild(t, h.dir))
}

// TestIncrementalPagesEqualCleanBuild checks the fast step on its own: the
// pages re-rendered for each kind of edit, before the search index and the
// other files are brought up to date, are the pages of a clean build.
func TestIncrementalPagesEqualCleanBuild(t *testing.T) {
	dir := browsertest.Fixture(t, "testdata/site.txtar")
	b := NewBuilder(os.DirFS(dir), loadConfigFrom(dir))
	if r := b.Build(context.Background(), nil, true); r.Err != nil {
		t.Fatal(r.Err)
	}
	edit := func(name, old, new string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		b, _ := os.ReadFile(p)
		if !strings.Contains(string(b), old) {
			t.Fatalf("%s has no %q", name, old)
		}
		os.WriteFile(p, []byte(strings.Replace(string(b), old, new, 1)), 0o644)
	}
	// inPlace: the edit changes only text, so the site is changed in place
	// rather than assembled again (Builder.retext).
	cases := []struct {
		name, file, old, new string
		full, inPlace        bool
	}{
		{"body", "content/rights/wages.en.md", "depends on the province", "differs by province", false, true},
		{"heading", "content/rights/days-off.en.md", "## Rest {#rest}", "## Rest days {#rest}", false, true},
		{"heading id", "content/rights/wages.en.md", "## Overtime", "## Overtime {#extra-hours}", false, false},
		{"title", "content/rights/hours.en.md", "title: Working hours", "title: Hours of work", false, false},
		{"description", "content/rights/wages.en.md", "description: What you must be paid.", "description: Your pay.", false, false},
		{"weight", "content/rights/hours.en.md", "weight: 3", "weight: 0", false, false},
		{"translation", "content/rights/wages.km.md", "អាស្រ័យលើខេត្ត", "ខុសគ្នាតាមខេត្ត", false, true},
		{"section title", "content/rights/_index.en.md", "title: Your rights", "title: Rights at work", false, false},
		{"section text", "content/rights/_index.en.md", "every worker", "each worker", false, true},
		{"home", "content/_index.en.md", "Every page", "Each page", false, true},
		{"draft", "content/before-you-go/passport.en.md", "title: Passport", "title: Passport\ndraft: true", false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			edit(c.file, c.old, c.new)
			r := b.Build(context.Background(), []string{c.file}, false)
			if r.Err != nil {
				t.Fatal(r.Err)
			}
			if r.Full != c.full {
				t.Errorf("full build = %v, want %v", r.Full, c.full)
			}
			if r.InPlace != c.inPlace {
				t.Errorf("changed in place = %v, want %v", r.InPlace, c.inPlace)
			}
			equalsClean(t, b, r, dir, !c.full)
		})
	}
}

// TestSourceEditOutdatesTranslations edits the body of a source-language
// page whose translation records its hash: the translation's page must
// now say it is outdated (a clean build does), though its own file did
// not change; and saying the body back makes it current again.
func TestSourceEditOutdatesTranslations(t *testing.T) {
	dir := browsertest.Fixture(t, "testdata/site.txtar")
	en, km := "content/rights/wages.en.md", "content/rights/wages.km.md"
	src, d := content.LoadFile(os.DirFS(dir), en, []string{"en", "km"})
	if src == nil {
		t.Fatal(d.Err())
	}
	cur, _ := src.Hashes()
	kmFile := filepath.Join(dir, filepath.FromSlash(km))
	raw, _ := os.ReadFile(kmFile)
	os.WriteFile(kmFile, bytes.Replace(raw, []byte("weight: 1\n"), []byte("weight: 1\nsource_hash: "+cur+"\n"), 1), 0o644)

	b := NewBuilder(os.DirFS(dir), loadConfigFrom(dir))
	if r := b.Build(context.Background(), nil, true); r.Err != nil {
		t.Fatal(r.Err)
	}
	enFile := filepath.Join(dir, filepath.FromSlash(en))
	orig, _ := os.ReadFile(enFile)
	for _, body := range [][]byte{bytes.Replace(orig, []byte("depends on the province"), []byte("differs by province"), 1), orig} {
		os.WriteFile(enFile, body, 0o644)
		r := b.Build(context.Background(), []string{en}, false)
		if r.Err != nil || r.Full || !r.InPlace {
			t.Fatalf("full=%v err=%v in place=%v", r.Full, r.Err, r.InPlace)
		}
		equalsClean(t, b, r, dir, true)
	}
}

// TestInPlaceKeepsFinisherApart checks the site changed in place after a
// save (Builder.retext) against the Finisher, which reads the rendered site
// while the next save is built: no save changes it in place while one
// made may still read it, and one's result for the site before a save is
// not applied after it, though the site is the same value. A text that
// links to a heading that does not exist is assembled, and its error said;
// the fix is changed in place again.
func TestInPlaceKeepsFinisherApart(t *testing.T) {
	dir := browsertest.Fixture(t, "testdata/site.txtar")
	b := NewBuilder(os.DirFS(dir), loadConfigFrom(dir))
	if r := b.Build(context.Background(), nil, true); r.Err != nil {
		t.Fatal(r.Err)
	}
	name := "content/rights/wages.en.md"
	file := filepath.Join(dir, filepath.FromSlash(name))
	orig, _ := os.ReadFile(file)
	save := func(i int, extra string) *Result {
		t.Helper()
		os.WriteFile(file, fmt.Appendf(slices.Clone(orig), "\nSaved %d.%s\n", i, extra), 0o644)
		r := b.Build(context.Background(), []string{name}, false)
		if r.Full {
			t.Fatalf("save %d: a full build", i)
		}
		return r
	}
	fin := b.Finisher() // made, not yet run: it will read the site
	if r := save(1, ""); r.Err != nil || r.InPlace {
		t.Fatalf("save with a Finisher to run: err=%v, in place=%v, want assembled", r.Err, r.InPlace)
	}
	if f := fin(context.Background()); b.Apply(f) {
		t.Error("a Finisher's result for the site before a save was applied after it")
	}
	if r := save(2, ""); r.Err != nil || !r.InPlace {
		t.Fatalf("save 2: err=%v, in place=%v, want in place", r.Err, r.InPlace)
	}
	f := b.Finisher()(context.Background()) // run to its end, not yet applied
	r := save(3, "")
	if r.Err != nil || !r.InPlace {
		t.Fatalf("save 3: err=%v, in place=%v, want in place", r.Err, r.InPlace)
	}
	if b.Apply(f) {
		t.Error("a Finisher's result for the site before it was changed in place was applied")
	}
	equalsClean(t, b, r, dir, true)
	if r := save(4, " See [the rest](days-off.md#nowhere)."); r.Err == nil || !strings.Contains(r.Err.Error(), `no heading with id "nowhere"`) {
		t.Errorf("a link to a missing heading: err=%v, want it said", r.Err)
	}
	// The failed save changed nothing: fixed, the text is changed in
	// place again.
	if r := save(5, ""); r.Err != nil || !r.InPlace {
		t.Errorf("after a failed save: err=%v, in place=%v, want in place", r.Err, r.InPlace)
	} else {
		equalsClean(t, b, r, dir, true)
	}
}

// equalsClean checks an incremental build's pages against a clean build
// of dir: each page served is the clean build's, none is missing, none is
// left over; then, if finish, that after the finishing step every output
// is.
func equalsClean(t *testing.T, b *Builder, r *Result, dir string, finish bool) {
	t.Helper()
	want := cleanBuild(t, dir)
	for name, got := range r.Pages {
		if want[name] == nil {
			t.Errorf("%s is served but a clean build has no such page", name)
		} else if !bytes.Equal(got, want[name]) {
			t.Errorf("%s differs from a clean build: %s", name, firstDiff(got, want[name]))
		}
	}
	for name := range want {
		// A new page's leaflet comes with the finishing step, as every
		// print page does.
		print := strings.HasSuffix(name, "/leaflet/index.html") || strings.HasSuffix(name, "/booklet/index.html")
		if strings.HasSuffix(name, "/index.html") && !print && r.Pages[name] == nil && r.Rest[name] == nil {
			t.Errorf("missing %s", name)
		}
	}
	if !finish {
		return
	}
	// Then the finishing step brings the rest up to date.
	f := b.Finisher()(context.Background())
	if !b.Apply(f) {
		t.Fatalf("finish: %v", f.Err)
	}
	got := maps.Clone(f.Pages)
	maps.Copy(got, f.Rest)
	diffSites(t, got, want)
}

// TestAddRemoveEqualsCleanBuild adds, removes and renames pages while
// serving: none of it is a full build (nothing is read or parsed again but
// the saved files and the pages whose links they change), and after each
// step the pages, then with the finishing step everything, equal a clean
// build. A link that breaks or heals with a page is reported or cleared.
func TestAddRemoveEqualsCleanBuild(t *testing.T) {
	dir := browsertest.Fixture(t, "testdata/site.txtar")
	b := NewBuilder(os.DirFS(dir), loadConfigFrom(dir))
	if r := b.Build(context.Background(), nil, true); r.Err != nil {
		t.Fatal(r.Err)
	}
	abs := func(name string) string { return filepath.Join(dir, filepath.FromSlash(name)) }
	write := func(name, text string) func() {
		return func() {
			if err := os.WriteFile(abs(name), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	remove := func(name string) func() {
		return func() {
			if err := os.Remove(abs(name)); err != nil {
				t.Fatal(err)
			}
		}
	}
	rename := func(from, to string) func() {
		return func() {
			if err := os.Rename(abs(from), abs(to)); err != nil {
				t.Fatal(err)
			}
		}
	}
	cases := []struct {
		name    string
		do      func()
		files   []string
		wantErr string
		// reused are the languages whose search index the step must
		// not make again: nothing it indexes changed.
		reused []string
	}{
		{"add a page", write("content/rights/overtime.en.md", "---\ntitle: Overtime\nweight: 4\n---\nPaid extra. See [wages](wages.md).\n"), []string{"content/rights/overtime.en.md"}, "", nil},
		{"add a translation", write("content/rights/hours.km.md", "---\ntitle: ម៉ោងធ្វើការ\nweight: 3\n---\nប្រាំបីម៉ោងក្នុងមួយថ្ងៃ។\n"), []string{"content/rights/hours.km.md"}, "", []string{"en", "lo", "my", "th"}},
		{"link to a page not written yet", write("content/rights/hours.en.md", "---\ntitle: Working hours\nweight: 3\n---\nEight hours a day. See [pay](pay.md).\n"), []string{"content/rights/hours.en.md"}, "link to pay.md: no such page", nil},
		{"the page it links to", write("content/rights/pay.en.md", "---\ntitle: Pay\nweight: 5\n---\nOn time.\n"), []string{"content/rights/pay.en.md"}, "", nil},
		{"remove a page others link to", remove("content/rights/pay.en.md"), []string{"content/rights/pay.en.md"}, "link to pay.md: no such page", nil},
		{"put it back", write("content/rights/pay.en.md", "---\ntitle: Pay\nweight: 5\n---\nOn time.\n"), []string{"content/rights/pay.en.md"}, "", nil},
		{"remove a page", remove("content/rights/overtime.en.md"), []string{"content/rights/overtime.en.md"}, "", nil},
		{"remove a translation", remove("content/rights/hours.km.md"), []string{"content/rights/hours.km.md"}, "", []string{"en", "lo", "my", "th"}},
		{"rename a page", rename("content/before-you-go/passport.en.md", "content/before-you-go/visa.en.md"), []string{"content/before-you-go/passport.en.md", "content/before-you-go/visa.en.md"}, "", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.do()
			r := b.Build(context.Background(), c.files, false)
			if c.wantErr != "" {
				if r.Err == nil || !strings.Contains(r.Err.Error(), c.wantErr) {
					t.Fatalf("err = %v, want %q", r.Err, c.wantErr)
				}
				return
			}
			if r.Err != nil {
				t.Fatal(r.Err)
			}
			if r.Full {
				t.Errorf("a full build; want only the pages it changes")
			}
			kept := b.kept
			equalsClean(t, b, r, dir, true)
			// The finish took those languages' index from the last build:
			// the same bytes, not a copy made again.
			for _, lang := range c.reused {
				n := 0
				for name, data := range b.rest {
					if !strings.HasPrefix(name, lang+"/search/") || !strings.HasSuffix(name, ".js") {
						continue
					}
					n++
					if old, ok := kept[name]; !ok || len(data) == 0 || &old[0] != &data[0] {
						t.Errorf("%s was made again, though nothing %s indexes changed", name, lang)
					}
				}
				if n == 0 {
					t.Errorf("no search index for %s", lang)
				}
			}
		})
	}
}

// events reads the server's event stream.
func (h *harness) events(ctx context.Context) <-chan event {
	req, _ := http.NewRequestWithContext(ctx, "GET", h.url+"__spean/events?v=0", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	ch := make(chan event, 100)
	go func() {
		defer res.Body.Close()
		defer close(ch)
		sc := bufio.NewScanner(res.Body)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				var e event
				if json.Unmarshal([]byte(data), &e) == nil {
					ch <- e
				}
			}
		}
	}()
	return ch
}

// untilErrors reads events until one reports errors (errs) or none (not
// errs), and returns it.
func untilErrors(t *testing.T, evs <-chan event, errs bool) event {
	t.Helper()
	return untilEvent(t, evs, func(e event) bool { return (len(e.Errors) > 0) == errs })
}

// untilEvent reads events until ok says yes to one, and returns it; it
// fails the test when the stream ends or a minute passes without one.
func untilEvent(t *testing.T, evs <-chan event, ok func(event) bool) event {
	t.Helper()
	timeout := time.After(60 * time.Second)
	for {
		select {
		case e, open := <-evs:
			if !open {
				t.Fatal("the event stream ended")
			}
			if ok(e) {
				return e
			}
		case <-timeout:
			t.Fatal("no such event within 60 s")
		}
	}
}

// waitStderr waits until the terminal has printed want, for at most
// within.
func (h *harness) waitStderr(want string, within time.Duration) {
	h.t.Helper()
	for start := time.Now(); !strings.Contains(h.stderr.String(), want); time.Sleep(20 * time.Millisecond) {
		if time.Since(start) > within {
			h.t.Fatalf("the terminal never said %q; stderr:\n%s", want, h.stderr.String())
		}
	}
}

func TestErrorOverlayAndFix(t *testing.T) {
	h := start(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	evs := h.events(ctx)
	<-evs // the state on connecting
	good := h.read("content/rights/hours.en.md")
	h.write("content/rights/hours.en.md", good+"\nSee [the permit page](permits.md).\n")
	e := untilErrors(t, evs, true)
	if len(e.Errors) == 0 {
		t.Fatal("no error event")
	}
	if p := e.Errors[0]; !strings.HasPrefix(p.Pos, "content/rights/hours.en.md:7:") || !strings.Contains(p.Message, "permits.md") {
		t.Errorf("error = %+v, want content/rights/hours.en.md:7:col and the link", p)
	}
	if !strings.Contains(h.stderr.String(), "content/rights/hours.en.md:7:") {
		t.Errorf("terminal lacks the error:\n%s", h.stderr.String())
	}
	// The last good build stays served meanwhile.
	if code, body := h.get("/en/rights/hours/"); code != 200 || !strings.Contains(body, "Eight hours a day.") {
		t.Errorf("during the error: %d", code)
	}
	h.write("content/rights/hours.en.md", good+"\nFixed now.\n")
	e = untilErrors(t, evs, false)
	if len(e.Errors) != 0 || !(e.All || slices.Contains(e.Changed, "en/rights/hours/index.html")) {
		t.Errorf("after the fix: %+v, want no errors and the page changed", e)
	}
	h.waitFor("/en/rights/hours/", "Fixed now.")

	// Front matter broken mid-edit, then put back exactly as it was: the
	// overlay must clear although no output changed.
	fixed := h.read("content/rights/hours.en.md")
	h.write("content/rights/hours.en.md", strings.Replace(fixed, "---\n", "---\ntitle: [unclosed\n", 1))
	e = untilErrors(t, evs, true)
	if len(e.Errors) == 0 || !strings.HasPrefix(e.Errors[0].Pos, "content/rights/hours.en.md:") {
		t.Fatalf("front matter error: %+v", e)
	}
	h.write("content/rights/hours.en.md", fixed)
	e = untilErrors(t, evs, false)
	if len(e.Errors) != 0 {
		t.Errorf("overlay not cleared after restoring the file: %+v", e)
	}
}

func TestPathsAndTypes(t *testing.T) {
	h := start(t)
	host := strings.TrimSuffix(strings.TrimPrefix(h.url, "http://"), "/")
	// Raw requests: an HTTP client would clean these paths itself.
	for _, p := range []string{"/../config.yaml", "/en/../../config.yaml", "/%2e%2e/config.yaml", "/..%2fconfig.yaml",
		"/en/..%5c..%5cconfig.yaml", "/./index.html", "/..", "/%00"} {
		conn, err := net.Dial("tcp", host)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", p, host)
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		body, _ := io.ReadAll(res.Body)
		conn.Close()
		if res.StatusCode != http.StatusBadRequest {
			t.Errorf("GET %s: %d, want 400", p, res.StatusCode)
		}
		if strings.Contains(string(body), "source_language") {
			t.Errorf("GET %s leaked config.yaml", p)
		}
	}
	types := map[string]string{
		"/en/":                     "text/html; charset=utf-8",
		"/en/manifest.webmanifest": "application/manifest+json",
		"/sitemap.xml":             "application/xml; charset=utf-8",
		"/__spean/reload.js":       "text/javascript; charset=utf-8",
		"/robots.txt":              "text/plain; charset=utf-8",
		"/icons/icon.svg":          "image/svg+xml",
		"/no/such/page/":           "text/html; charset=utf-8",
	}
	snap := h.srv.snapshot()
	for name := range snap.rest {
		switch filepath.Ext(name) {
		case ".js", ".css", ".woff2":
			types["/"+name] = map[string]string{".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".woff2": "font/woff2"}[filepath.Ext(name)]
		}
	}
	for p, want := range types {
		res, err := http.Get(strings.TrimSuffix(h.url, "/") + p)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if got := res.Header.Get("Content-Type"); got != want {
			t.Errorf("%s: Content-Type %q, want %q", p, got, want)
		}
		// As the published site's: no framing by other sites, no referrer.
		if res.Header.Get("Content-Security-Policy") != "frame-ancestors 'none'" || res.Header.Get("Referrer-Policy") != "no-referrer" || res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: security headers %v", p, res.Header)
		}
	}
	for ext, want := range map[string]string{".zip": "application/zip", ".woff2": "font/woff2", ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml"} {
		if got := contentType("x"+ext, nil); got != want {
			t.Errorf("contentType(%s) = %q, want %q", ext, got, want)
		}
	}
	// The script is added when a page is served, never to the output a
	// build would write.
	for name, b := range h.served() {
		if bytes.Contains(b, []byte("__spean")) {
			t.Errorf("output %s carries the reload script", name)
		}
	}
	code, body := h.get("/en/rights/wages/")
	if code != 200 || !strings.Contains(body, `<script src="/__spean/reload.js?`) {
		t.Errorf("page lacks the reload script (%d)", code)
	}
	if code, _ := h.get("/en/rights/wages"); code != 200 {
		t.Errorf("folder without slash: %d, want a redirect to the page", code)
	}
	if code, _ := h.get("/en/no-such-page/"); code != http.StatusNotFound {
		t.Errorf("missing page: %d", code)
	}
}

func TestCheckAddr(t *testing.T) {
	for _, c := range []struct {
		addr   string
		expose bool
		ok     bool
		warn   bool
	}{
		{"127.0.0.1:1313", false, true, false},
		{"localhost:1313", false, true, false},
		{"[::1]:1313", false, true, false},
		{"0.0.0.0:1313", false, false, false},
		{":1313", false, false, false},
		{"192.168.1.5:1313", true, true, true},
	} {
		warn, err := CheckAddr(c.addr, c.expose)
		if (err == nil) != c.ok || (warn != "") != c.warn {
			t.Errorf("CheckAddr(%q, %v) = %q, %v", c.addr, c.expose, warn, err)
		}
	}
}

// firstDiff shows where two outputs part.
func firstDiff(got, want []byte) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(0, i-80)
	return fmt.Sprintf("at byte %d:\n got: %q\nwant: %q", i, got[from:min(len(got), i+80)], want[from:min(len(want), i+80)])
}

// TestHostHeader: a page elsewhere that points a name of its own at
// 127.0.0.1 (DNS rebinding) cannot read the preview; loopback names, IP
// addresses and names allowed with --host can.
func TestHostHeader(t *testing.T) {
	srv := NewServer()
	srv.AllowHosts("preview.lan")
	for host, want := range map[string]int{
		"127.0.0.1:1313":      http.StatusServiceUnavailable, // allowed; nothing built yet
		"localhost:1313":      http.StatusServiceUnavailable,
		"[::1]:1313":          http.StatusServiceUnavailable,
		"192.168.1.5:1313":    http.StatusServiceUnavailable,
		"preview.lan:1313":    http.StatusServiceUnavailable,
		"PREVIEW.LAN.":        http.StatusServiceUnavailable,
		"evil.example:1313":   http.StatusForbidden,
		"127.0.0.1.nip.io":    http.StatusForbidden,
		"localhost.evil.test": http.StatusForbidden,
	} {
		r := httptest.NewRequest(http.MethodGet, "http://x/en/", nil)
		r.Host = host
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, r)
		if w.Code != want {
			t.Errorf("Host %s: %d, want %d", host, w.Code, want)
		}
	}
}

// TestOldOutputsLetGo: once a build's outputs are no longer served, the
// server holds nothing of them; a page that missed builds still learns
// what they changed. The server kept the last 64 builds' outputs whole,
// and serve of the 10,000-page site grew by a gigabyte every dozen saves.
func TestOldOutputsLetGo(t *testing.T) {
	srv := NewServer()
	page := func(v int) map[string][]byte {
		return map[string][]byte{"en/a/index.html": fmt.Appendf(make([]byte, 0, 1<<20), "<p>version %d</p>", v)}
	}
	first := page(1)
	old := weak.Make(&first["en/a/index.html"][0])
	srv.Publish(first, map[string][]byte{}, nil, nil, nil)
	first = nil
	for v := 2; v <= 4; v++ {
		srv.Publish(page(v), map[string][]byte{}, nil, nil, nil)
	}
	runtime.GC()
	if old.Value() != nil {
		t.Error("the first build's page is still held after three more builds")
	}
	e := srv.since(srv.instance, 2)
	if e.All || !slices.Equal(e.Changed, []string{"en/a/index.html"}) || e.Version != 4 {
		t.Errorf("a page at version 2 is told %+v, want version 4 and en/a/index.html changed", e)
	}
	if b, _ := srv.cur.get("en/a/index.html"); !strings.Contains(string(b), "version 4") {
		t.Errorf("serving %q, want the last build's page", b)
	}
}

// TestBrokenFileStaysReported: a page whose front matter stops parsing is
// reported until it is fixed, even when another page is saved meanwhile
// (build still fails), and the pages saved in the same batch (a git pull,
// a replace across files) are not lost.
func TestBrokenFileStaysReported(t *testing.T) {
	h := start(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	evs := h.events(ctx)
	<-evs // the state on connecting
	hours, wages := h.read("content/rights/hours.en.md"), h.read("content/rights/wages.en.md")
	// The closing --- deleted: the front matter never ends.
	end := strings.Index(hours[4:], "---\n") + 4
	h.write("content/rights/hours.en.md", hours[:end]+hours[end+4:])
	h.write("content/rights/wages.en.md", wages+"\nSaved with the broken page.\n")
	if e := untilErrors(t, evs, true); !strings.HasPrefix(e.Errors[0].Pos, "content/rights/hours.en.md:") {
		t.Fatalf("front matter error: %+v", e)
	}
	// Another page saved: the broken one is still broken.
	days := h.read("content/rights/days-off.en.md")
	h.write("content/rights/days-off.en.md", days+"\nAnother save.\n")
	// The next event, whatever it says.
	if e := <-evs; len(e.Errors) == 0 || !strings.HasPrefix(e.Errors[0].Pos, "content/rights/hours.en.md:") {
		t.Fatalf("after saving another page: %+v, want the broken page's error still", e)
	}
	h.write("content/rights/hours.en.md", hours)
	untilErrors(t, evs, false)
	h.waitFor("/en/rights/wages/", "Saved with the broken page.")
	h.waitFor("/en/rights/days-off/", "Another save.")
}

// TestMissingLayoutReported: a page saved with a layout the theme does
// not have fails the preview as it fails build, and the fix recovers.
func TestMissingLayoutReported(t *testing.T) {
	h := start(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	evs := h.events(ctx)
	<-evs // the state on connecting
	hours := h.read("content/rights/hours.en.md")
	h.write("content/rights/hours.en.md", strings.Replace(hours, "---\n", "---\nlayout: nosuchlayout\n", 1))
	e := <-evs
	if len(e.Errors) == 0 || !strings.HasPrefix(e.Errors[0].Pos, "content/rights/hours.en.md:2:") || !strings.Contains(e.Errors[0].Message, "nosuchlayout") {
		t.Fatalf("a missing layout: %+v, want the error at its line", e)
	}
	h.write("content/rights/hours.en.md", hours)
	e = untilErrors(t, evs, false)
	if len(e.Errors) != 0 {
		t.Errorf("after the fix: %+v", e)
	}
}

// TestDraftSaidWhyHidden: a page saved as a draft (as new makes it) does
// not show without --drafts, and the terminal says so, at its draft: line.
func TestDraftSaidWhyHidden(t *testing.T) {
	h := start(t)
	h.write("content/rights/overtime.en.md", "---\ntitle: Overtime\ndraft: true\n---\nPaid at 1.5 times.\n")
	h.waitStderr("content/rights/overtime.en.md:3:", 30*time.Second)
	if e := h.stderr.String(); !strings.Contains(e, "--drafts") {
		t.Errorf("the draft warning does not say how to see it:\n%s", e)
	}
	if code, _ := h.get("/en/rights/overtime/"); code != http.StatusNotFound {
		t.Errorf("the draft is served: %d", code)
	}
}

// TestScratch: editors' and sed's temporary files are not the site's.
func TestScratch(t *testing.T) {
	for name, want := range map[string]bool{
		".hours.en.md.swp": true, "4913": true, "#hours.en.md#": true, "hours.en.md~": true,
		"hours.en.md___jb_tmp___": true, "hours.en.md___jb_old___": true, "sedX1b2c3": true,
		"hours.en.md": false, "sed.en.md": false, "terms.yaml": false, "sediment.en.md": false,
	} {
		if got := scratch(name); got != want {
			t.Errorf("scratch(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestSafeWriteIsIncremental: a save through a temporary file renamed over
// the page (sed -i, JetBrains' safe write) rebuilds only what the page
// affects, not the whole site.
func TestSafeWriteIsIncremental(t *testing.T) {
	h := start(t)
	for i, tmp := range []string{"content/rights/sedQ7x2Za", "content/rights/hours.en.md___jb_tmp___", "content/rights/notes.txt.tmp2"} {
		page := filepath.Join(h.dir, "content", "rights", "hours.en.md")
		b, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(h.dir, filepath.FromSlash(tmp))
		if err := os.WriteFile(p, append(b, fmt.Sprintf("\nSaved safely %d.\n", i)...), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(p, page); err != nil {
			t.Fatal(err)
		}
		for {
			bi := h.next()
			if bi.Err != nil {
				t.Fatalf("%s: %v", tmp, bi.Err)
			}
			if bi.Full {
				t.Errorf("a save through %s rebuilt everything", filepath.Base(tmp))
			}
			if _, body := h.get("/en/rights/hours/"); strings.Contains(body, fmt.Sprintf("Saved safely %d.", i)) {
				break
			}
		}
	}
}

// TestSavedTextChecked: what check says of a saved page's own text (here
// a letter not in NFC), which the build lets pass, serve says as a
// warning at its place when the page is saved.
func TestSavedTextChecked(t *testing.T) {
	h := start(t)
	hours := h.read("content/rights/hours.en.md")
	h.write("content/rights/hours.en.md", hours+"\nThe cafe\u0301 pays weekly.\n")
	h.waitFor("/en/rights/hours/", "pays weekly.")
	line := strings.Count(hours, "\n") + 2
	want := fmt.Sprintf("content/rights/hours.en.md:%d:", line)
	h.waitStderr(want, 10*time.Second)
	if e := h.stderr.String(); !strings.Contains(e, want+"8: warning: text is not in Unicode normal form C") {
		t.Errorf("want an nfc warning, not an error:\n%q", e)
	}
}

// TestWarningsStandUntilFixed: what the preview says of a saved file
// (here a letter not in NFC) reaches every open page with its place, and
// stands while other pages are saved and through a full build (the
// configuration saved), until the file is fixed.
func TestWarningsStandUntilFixed(t *testing.T) {
	h := start(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	evs := h.events(ctx)
	if e := <-evs; len(e.Warnings) != 0 {
		t.Fatalf("warnings before any save: %+v", e.Warnings)
	}
	hours := h.read("content/rights/hours.en.md")
	h.write("content/rights/hours.en.md", hours+"\nThe cafe\u0301 pays weekly.\n")
	want := fmt.Sprintf("content/rights/hours.en.md:%d:8", strings.Count(hours, "\n")+2)
	warned := func(e event) bool {
		return len(e.Warnings) == 1 && e.Warnings[0].Pos == want && strings.Contains(e.Warnings[0].Message, "normal form C")
	}
	untilEvent(t, evs, warned)

	// Another page saved: the warning stands.
	wages := h.read("content/rights/wages.en.md")
	h.write("content/rights/wages.en.md", wages+"\nAnother page changed here.\n")
	untilEvent(t, evs, func(e event) bool { return slices.Contains(e.Changed, "en/rights/wages/index.html") })
	if e := h.srv.since("", 0); !warned(e) {
		t.Errorf("after another page was saved: warnings %+v, want the one at %s", e.Warnings, want)
	}

	// The configuration saved: a full build, which checks the file again.
	h.write("config.yaml", h.read("config.yaml")+"\n# saved again\n")
	for b := h.next(); !b.Full; b = h.next() {
	}
	if e := h.srv.since("", 0); !warned(e) {
		t.Errorf("after a full build: warnings %+v, want the one at %s", e.Warnings, want)
	}

	h.write("content/rights/hours.en.md", hours+"\nThe café pays weekly.\n")
	e := untilEvent(t, evs, func(e event) bool { return slices.Contains(e.Changed, "en/rights/hours/index.html") })
	if len(e.Warnings) != 0 {
		t.Errorf("after the fix: warnings %+v", e.Warnings)
	}
}

// TestFullBuildChecksSaidAgain: a file changed on disk while a full build
// runs (a checkout, a pull) says what it says now: the warning about it
// goes when it is fixed, and one about a file gone goes with it.
func TestFullBuildChecksSaidAgain(t *testing.T) {
	dir := browsertest.Fixture(t, "testdata/site.txtar")
	b := NewBuilder(os.DirFS(dir), loadConfigFrom(dir))
	ctx := context.Background()
	if r := b.Build(ctx, nil, true); r.Err != nil {
		t.Fatal(r.Err)
	}
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	hours, _ := os.ReadFile(filepath.Join(dir, "content/rights/hours.en.md"))
	write("content/rights/hours.en.md", string(hours)+"\nThe cafe\u0301 pays weekly.\n")
	write("content/rights/pay.en.md", "---\ntitle: Pay\n---\nThe cafe\u0301 pays monthly.\n")
	if r := b.Build(ctx, []string{"content/rights/hours.en.md", "content/rights/pay.en.md"}, false); r.Err != nil {
		t.Fatal(r.Err)
	}
	files := func() []string {
		var l []string
		for _, d := range b.Standing() {
			l = append(l, d.Pos.File)
		}
		return l
	}
	if got := files(); !slices.Equal(got, []string{"content/rights/hours.en.md", "content/rights/pay.en.md"}) {
		t.Fatalf("warnings about %v, want both files", got)
	}
	write("content/rights/hours.en.md", string(hours))
	if err := os.Remove(filepath.Join(dir, "content/rights/pay.en.md")); err != nil {
		t.Fatal(err)
	}
	if r := b.Build(ctx, nil, true); r.Err != nil {
		t.Fatal(r.Err)
	}
	if got := files(); len(got) != 0 {
		t.Errorf("after a full build of the fixed files, warnings about %v", got)
	}
	// A page saved with the configuration (one git pull): a full build,
	// which checks the page saved.
	write("content/rights/hours.en.md", string(hours)+"\nThe cafe\u0301 pays weekly.\n")
	if r := b.Build(ctx, []string{"config.yaml", "content/rights/hours.en.md"}, true); r.Err != nil {
		t.Fatal(r.Err)
	}
	if got := files(); !slices.Equal(got, []string{"content/rights/hours.en.md"}) {
		t.Errorf("after a full build with a page saved, warnings about %v, want the page", got)
	}
}

// TestReadRootsWatched: a page that is a link to a file elsewhere is
// rebuilt when that file is saved, though the watch on content/ sees only
// the link: a file in a read_roots folder outside the site (two links to
// it, and one made while serving), and a file in the site outside the
// folders watched.
func TestReadRootsWatched(t *testing.T) {
	shared := t.TempDir()
	page := func(body string) []byte {
		return []byte("---\ntitle: Pay\nlast_reviewed: 2026-11-01\n---\n" + body + "\n")
	}
	write := func(p string, data []byte) {
		t.Helper()
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, name string) {
		t.Helper()
		if err := os.Symlink(target, name); err != nil {
			t.Fatal(err)
		}
	}
	pay := filepath.Join(shared, "pay.en.md")
	write(pay, page("From the shared folder."))
	var inner string
	h := startWith(t, func(dir string) {
		cfg, err := os.ReadFile(filepath.Join(dir, "config.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		write(filepath.Join(dir, "config.yaml"), append(cfg, "\nread_roots: ["+shared+"]\n"...))
		link(pay, filepath.Join(dir, "content/rights/pay.en.md"))
		link(pay, filepath.Join(dir, "content/rights/pay-again.en.md"))
		inner = filepath.Join(dir, "notes", "inner.en.md")
		os.Mkdir(filepath.Join(dir, "notes"), 0o755)
		write(inner, page("From a folder of the site."))
		link(inner, filepath.Join(dir, "content/rights/inner.en.md"))
	})
	if b := h.next(); b.Err != nil {
		t.Fatalf("first build: %v", b.Err)
	}
	h.waitFor("/en/rights/pay/", "From the shared folder.")
	write(pay, page("Saved in the shared folder."))
	h.waitFor("/en/rights/pay/", "Saved in the shared folder.")
	h.waitFor("/en/rights/pay-again/", "Saved in the shared folder.")
	write(inner, page("Saved in a folder of the site."))
	h.waitFor("/en/rights/inner/", "Saved in a folder of the site.")

	later := filepath.Join(shared, "later.en.md")
	write(later, page("Linked while serving."))
	link(later, filepath.Join(h.dir, "content/rights/later.en.md"))
	h.waitFor("/en/rights/later/", "Linked while serving.")
	write(later, page("Saved after linking."))
	h.waitFor("/en/rights/later/", "Saved after linking.")
}

// TestLinkToSiteParentNotFollowed: a link to a folder that holds the site
// (allowed by read_roots) is not watched as a tree: that would report
// every save in content/ under the link's name, as a theme file, and
// rebuild everything.
func TestLinkToSiteParentNotFollowed(t *testing.T) {
	h := startWith(t, func(dir string) {
		cfg, err := os.ReadFile(filepath.Join(dir, "config.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		parent := filepath.Dir(dir)
		if err := os.WriteFile(filepath.Join(dir, "config.yaml"), append(cfg, "\nread_roots: ["+parent+"]\n"...), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(parent, filepath.Join(dir, "themes", "up")); err != nil {
			t.Fatal(err)
		}
	})
	if b := h.next(); b.Err != nil {
		t.Fatalf("first build: %v", b.Err)
	}
	h.settle()
	h.write("content/rights/hours.en.md", h.read("content/rights/hours.en.md")+"\nSaved beside a link to the parent.\n")
	for {
		b := h.next()
		if b.Err != nil {
			t.Fatalf("build: %v", b.Err)
		}
		if b.Full {
			t.Fatal("a page saved rebuilt everything: the save was reported under the link's name")
		}
		if _, body := h.get("/en/rights/hours/"); strings.Contains(body, "Saved beside a link to the parent.") {
			return
		}
	}
}

// TestDiffNamesDelta checks the outputs an event lists as changed: from a
// build's Delta when it was made from the pages served, comparing only the
// pages it names (one named but rendered the same is not changed); else,
// and for the other files, by comparing every output.
func TestDiffNamesDelta(t *testing.T) {
	served := &snapshot{pages: map[string][]byte{"a": []byte("1"), "b": []byte("2"), "c": []byte("3")}, rest: map[string][]byte{"x": []byte("x")}}
	pages := maps.Clone(served.pages)
	pages["a"], pages["d"] = []byte("1"), []byte("4") // a rendered again, the same; d new
	delete(pages, "c")
	next := &snapshot{pages: pages, rest: served.rest}
	if got, want := diffNames(served, next, &Delta{Base: served.pages, Names: []string{"a", "d", "c"}}), []string{"c", "d"}; !slices.Equal(got, want) {
		t.Errorf("with a delta from the pages served: %q, want %q", got, want)
	}
	// A delta that names too few pages is only believed when made from
	// the pages served; otherwise every page is compared.
	other := maps.Clone(served.pages)
	if got, want := diffNames(served, next, &Delta{Base: other, Names: []string{"d"}}), []string{"c", "d"}; !slices.Equal(got, want) {
		t.Errorf("with a delta from other pages: %q, want %q", got, want)
	}
	if got, want := diffNames(served, next, nil), []string{"c", "d"}; !slices.Equal(got, want) {
		t.Errorf("without a delta: %q, want %q", got, want)
	}
	next.rest = map[string][]byte{"x": []byte("y")}
	if got, want := diffNames(served, next, &Delta{Base: served.pages, Names: []string{"d"}}), []string{"d", "x"}; !slices.Equal(got, want) {
		t.Errorf("with other files changed: %q, want %q", got, want)
	}
}

// TestInPlaceKeepsWarnings: a site with a warning (raw HTML on one page)
// is still changed in place after a save of another page's text, and the
// warning still stands; a save of the page it is about is assembled, and
// says what it says of the page as it is now.
func TestInPlaceKeepsWarnings(t *testing.T) {
	dir := browsertest.Fixture(t, "testdata/site.txtar")
	hours := filepath.Join(dir, "content", "rights", "hours.en.md")
	orig, _ := os.ReadFile(hours)
	os.WriteFile(hours, append(slices.Clone(orig), "\n<b>Raw.</b>\n"...), 0o644)
	b := NewBuilder(os.DirFS(dir), loadConfigFrom(dir))
	if r := b.Build(context.Background(), nil, true); r.Err != nil || len(r.Warnings) != 1 {
		t.Fatalf("err=%v warnings=%v, want the raw HTML's", r.Err, r.Warnings)
	}
	wages := filepath.Join(dir, "content", "rights", "wages.en.md")
	text, _ := os.ReadFile(wages)
	os.WriteFile(wages, bytes.Replace(text, []byte("depends on the province"), []byte("differs by province"), 1), 0o644)
	r := b.Build(context.Background(), []string{"content/rights/wages.en.md"}, false)
	if r.Err != nil || !r.InPlace || len(r.Warnings) != 1 || r.Warnings[0].Code != "raw-html" {
		t.Fatalf("another page saved: err=%v in place=%v warnings=%v, want in place with the raw HTML's warning", r.Err, r.InPlace, r.Warnings)
	}
	equalsClean(t, b, r, dir, true)
	os.WriteFile(hours, append(slices.Clone(orig), "\n<i>Raw.</i>\n"...), 0o644)
	r = b.Build(context.Background(), []string{"content/rights/hours.en.md"}, false)
	if r.Err != nil || r.InPlace || len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0].Message, "<i>") {
		t.Fatalf("the page warned of saved: err=%v in place=%v warnings=%v, want assembled with its new warning", r.Err, r.InPlace, r.Warnings)
	}
	equalsClean(t, b, r, dir, true)
}
