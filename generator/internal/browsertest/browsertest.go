// Package browsertest holds what browser tests share: building a fixture
// site with the real generator, serving it on 127.0.0.1, and launching
// Debian's Chromium through chromedp. A browser test skips when Chromium is
// missing, except under CI=true, where a missing browser is a failure: CI
// must never pass by testing nothing.
package browsertest

import (
	"archive/zip"
	"context"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"spean/generator/internal/chromium"
	"spean/generator/internal/sitetest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/css"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/chromedp"
	"golang.org/x/tools/txtar"
)

// RepoRoot is the module root (the folder with go.mod).
func RepoRoot(t testing.TB) string { return sitetest.RepoRoot(t) }

// Fixture writes a site folder for a test: the files of the txtar archive
// (config.yaml, content/…) plus the repository's i18n/ and themes/, so the
// fixture always renders with the current theme and UI strings while its
// content stays fixed.
func Fixture(t testing.TB, archive string) string {
	t.Helper()
	root := RepoRoot(t)
	a, err := txtar.ParseFile(archive)
	if err != nil {
		t.Fatalf("browsertest: %v", err)
	}
	dir := t.TempDir()
	for _, f := range a.Files {
		write(t, filepath.Join(dir, filepath.FromSlash(f.Name)), f.Data)
	}
	for _, sub := range []string{"i18n", "themes"} {
		src := filepath.Join(root, sub)
		err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			write(t, filepath.Join(dir, rel), b)
			return nil
		})
		if err != nil {
			t.Fatalf("browsertest: copy %s: %v", sub, err)
		}
	}
	return dir
}

// AppendConfig adds yaml at the end of site's config.yaml: a setting one
// test needs on a shared fixture. Its keys must not be in the file yet.
func AppendConfig(t testing.TB, site, yaml string) {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(site, "config.yaml"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.WriteString(yaml)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
}

func write(t testing.TB, name string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// Main runs a package's tests and then removes what they left outside
// their own temporary folders: the generator binary Build compiled (30 MB a
// test binary, which every run of the suite used to leave in the system's
// temporary folder) and whatever also removes. A package whose tests call
// Build runs them through it: func TestMain(m *testing.M) { browsertest.Main(m) }.
func Main(m *testing.M, also ...func()) {
	code := m.Run()
	for _, f := range also {
		f()
	}
	if binPath != "" {
		os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}

// Build builds site with the real generator command (every renderer and
// finisher the command registers: theme, search, offline files, zips) and
// returns the output folder. The command is compiled once per test binary.
func Build(t testing.TB, site string) string {
	t.Helper()
	root := RepoRoot(t)
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "spean-browsertest-")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "spean")
		out, err := exec.Command("go", "build", "-C", root, "-o", binPath, "./generator").CombinedOutput()
		if err != nil {
			binErr = errors.New("go build ./generator: " + err.Error() + "\n" + string(out))
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	dest := filepath.Join(t.TempDir(), "public")
	cmd := exec.Command(binPath, "build", "--source", site, "--dest", dest, "--quiet")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("spean build: %v\n%s", err, out)
	}
	return dest
}

// Server serves a built site on 127.0.0.1 and counts what it serves.
type Server struct {
	URL string // with a trailing slash
	srv *http.Server
	ln  net.Listener

	mu     sync.Mutex
	hits   []string
	delay  time.Duration
	ranges int  // range requests answered as ranges
	whole  bool // answer range requests with the whole file
}

// SetRanges says whether range requests are answered as ranges (as
// http.FileServer does, the default) or with the whole file, as a server
// that does not do ranges answers them.
func (s *Server) SetRanges(on bool) {
	s.mu.Lock()
	s.whole = !on
	s.mu.Unlock()
}

// Ranges is how many range requests were answered as ranges so far.
func (s *Server) Ranges() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ranges
}

// SetDelay makes every later response wait d first: a connection that
// barely works.
func (s *Server) SetDelay(d time.Duration) {
	s.mu.Lock()
	s.delay = d
	s.mu.Unlock()
}

// Serve starts serving dir; it stops when the test ends, or earlier with
// Close (to take the network away from a page).
func Serve(t testing.TB, dir string) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{URL: "http://" + ln.Addr().String() + "/", ln: ln}
	files := http.FileServer(http.Dir(dir))
	s.srv = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits = append(s.hits, r.URL.Path)
		delay := s.delay
		if r.Header.Get("Range") != "" {
			if s.whole {
				r.Header.Del("Range")
			} else {
				s.ranges++
			}
		}
		s.mu.Unlock()
		if delay > 0 {
			select {
			case <-time.After(delay):
			case <-r.Context().Done():
				return
			}
		}
		if strings.HasSuffix(r.URL.Path, ".webmanifest") {
			w.Header().Set("Content-Type", "application/manifest+json")
		}
		files.ServeHTTP(w, r)
	}), ReadHeaderTimeout: 10 * time.Second}
	go s.srv.Serve(ln)
	t.Cleanup(s.Close)
	return s
}

// Close stops the server and drops open connections, so the browser finds
// the network gone.
func (s *Server) Close() { _ = s.srv.Close() }

// Hits lists the paths served so far.
func (s *Server) Hits() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.hits...)
}

// ChromiumPath finds a Chromium binary: $CHROME_PATH, then Debian's names.
func ChromiumPath() string {
	if p := os.Getenv("CHROME_PATH"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// RequireChromium returns Chromium's path, skipping the test when there is
// none, or failing it when CI=true.
func RequireChromium(t testing.TB) string {
	t.Helper()
	p := ChromiumPath()
	if p == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("browsertest: Chromium not found and CI=true (apt-get install chromium fonts-noto-core)")
		}
		t.Skip("browsertest: Chromium not found (apt-get install chromium fonts-noto-core)")
	}
	return p
}

// Browser starts a headless Chromium for the test and returns a chromedp
// context for its first tab. The flags keep it from calling home, which on
// a closed network makes it stall; the host rules make any request to
// another host fail fast instead of waiting on DNS. extra options are added
// to those (chromedp.Env, to start it with another fontconfig).
func Browser(t testing.TB, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	path := RequireChromium(t)
	opts := chromium.Options(path, append([]chromedp.ExecAllocatorOption{chromedp.WindowSize(360, 740)}, extra...)...)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelA() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("browsertest: start Chromium: %v", err)
	}
	return ctx
}

// Timeout derives a context for one step from a browser context: the
// browser context itself must have no deadline (it would stop Chromium).
func Timeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, d)
}

// Unzip extracts the zip archive name into dir, as a reader copying a
// downloaded site to a phone would, refusing an entry that would land
// outside dir.
func Unzip(t testing.TB, name, dir string) {
	t.Helper()
	zr, err := zip.OpenReader(name)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		dest := filepath.Join(dir, filepath.FromSlash(f.Name))
		if !strings.HasPrefix(dest, dir+string(filepath.Separator)) {
			t.Fatalf("zip entry %s escapes the folder", f.Name)
		}
		if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
			t.Fatal(err)
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dest, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// SearchDone waits, up to timeout, until the search page open in the
// browser has shown the results of q: search.js sets data-done on #search
// to the query once its results are on screen, with the snippets of those
// in view.
func SearchDone(q string, timeout time.Duration) chromedp.Action[chromedp.Void] {
	lit, _ := json.Marshal(q) // a JavaScript string literal
	return chromedp.Poll[chromedp.Void](`document.getElementById('search').getAttribute('data-done') === `+string(lit), chromedp.WithPollingTimeout(timeout))
}

// PlatformFonts returns, for each element of the tab's page that sel
// matches (in document order, as querySelectorAll gives them), the fonts
// Chromium drew its own text with: their family names, glyph counts and
// whether each is a web font. It is how a test tells a script drawn in the
// font meant for it from one that fell back to another.
func PlatformFonts(t testing.TB, ctx context.Context, sel string) [][]*css.PlatformFontUsage {
	t.Helper()
	if _, err := chromedp.Call(ctx, dom.Enable, dom.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, css.Enable, struct{}{}); err != nil {
		t.Fatal(err)
	}
	doc, err := chromedp.Call(ctx, dom.GetDocument, dom.GetDocumentParams{})
	if err != nil {
		t.Fatal(err)
	}
	nodes, err := chromedp.Call(ctx, dom.QuerySelectorAll, dom.QuerySelectorAllParams{NodeID: doc.Root.NodeID, Selector: sel})
	if err != nil {
		t.Fatal(err)
	}
	out := make([][]*css.PlatformFontUsage, len(nodes.NodeIDs))
	for i, id := range nodes.NodeIDs {
		res, err := chromedp.Call(ctx, css.GetPlatformFontsForNode, css.GetPlatformFontsForNodeParams{NodeID: id})
		if err != nil {
			t.Fatal(err)
		}
		out[i] = res.Fonts
	}
	return out
}
