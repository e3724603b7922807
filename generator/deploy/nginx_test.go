package deploy_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"spean/generator/deploy"
	"spean/generator/deploy/nginx"
	"spean/generator/internal/browsertest"
	outpaths "spean/generator/paths"
)

// requireNginx finds Debian's nginx, skipping without it, except under
// CI=true, where a missing nginx is a failure (.ci/run installs it).
func requireNginx(t *testing.T) string {
	t.Helper()
	if p := nginx.Binary(); p != "" {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("nginx not found and CI=true (apt-get install nginx)")
	}
	t.Skip("nginx not found (apt-get install nginx)")
	return ""
}

// serve runs nginx with the repository's docs/nginx.conf for the
// built site until the test ends, and returns its base URL.
func serve(t *testing.T, bin, site string, edit func(string) string) string {
	t.Helper()
	s, err := nginx.Start(bin, site, t.TempDir(), edit)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Stop)
	return s.URL
}

type response struct {
	status int
	header http.Header
	body   []byte
}

// get fetches a path without following redirects or decoding gzip, as a
// test of the server and not of Go's client.
func get(t *testing.T, base, p string, header ...string) response {
	t.Helper()
	req, err := http.NewRequest("GET", base+p, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	tr := &http.Transport{DisableCompression: true}
	c := &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{res.StatusCode, res.Header, b}
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	r, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not gzip: %v", err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestNginx serves a built fixture site with the repository's nginx
// configuration and checks what a reader's browser gets: the headers
// _headers promises the other hosts, compressed copies when offered and
// on-the-fly compression when not, the 404 page, and a service worker
// that registers for the whole site.
// nginxSite builds the browser tests' site with the .gz copies nginx's
// gzip_static sends (off by default), its folders open to nginx workers.
func nginxSite(t *testing.T) string {
	t.Helper()
	site := browsertest.Build(t, precompressedFixture(t))
	filepath.WalkDir(site, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			os.Chmod(p, 0o755)
		}
		return nil
	})
	return site
}

// precompressedFixture is the browser tests' site with the .gz copies
// nginx's gzip_static sends (off by default) and its search index packed.
func precompressedFixture(t *testing.T) string {
	t.Helper()
	fixture := browsertest.Fixture(t, "../internal/browsertest/testdata/site.txtar")
	// Its search index packed (search.max_files 3), to check ranges.
	browsertest.AppendConfig(t, fixture, "deploy:\n  precompress: true\nsearch:\n  max_files: 3\n")
	return fixture
}

func TestNginx(t *testing.T) {
	bin := requireNginx(t)
	site := nginxSite(t)
	base := serve(t, bin, site, nil)
	headers, err := os.ReadFile(filepath.Join(site, deploy.HeadersFile))
	if err != nil {
		t.Fatal(err)
	}
	rules := parseHeaders(t, headers)
	csp := rules.get("/", "Content-Security-Policy")
	if !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "'sha256-") {
		t.Fatalf("_headers CSP %q lacks frame-ancestors or the style hashes", csp)
	}

	// Every file and folder the site has, as a reader would ask for it.
	var paths []string
	filepath.WalkDir(site, func(p string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(site, p)
		rel = filepath.ToSlash(rel)
		switch {
		case err != nil || strings.HasSuffix(rel, ".gz") || strings.HasSuffix(rel, ".br") || strings.HasPrefix(rel, "_") || strings.HasPrefix(rel, ".spean-"):
		case d.IsDir() && rel == ".":
			paths = append(paths, "")
		case d.IsDir():
			if _, err := os.Stat(filepath.Join(p, "index.html")); err == nil {
				paths = append(paths, rel+"/")
			}
		default:
			paths = append(paths, rel)
		}
		return nil
	})
	if len(paths) < 100 {
		t.Fatalf("only %d paths to ask for", len(paths))
	}
	immutable := 0
	for _, p := range paths {
		r := get(t, base, p)
		if r.status != http.StatusOK {
			t.Errorf("/%s: status %d", p, r.status)
			continue
		}
		want := rules.get("/"+p, "Cache-Control")
		if want == "" {
			want = deploy.Revalidate // what Netlify and Cloudflare send without a rule
		}
		if got := r.header.Get("Cache-Control"); got != want {
			t.Errorf("/%s: nginx sends Cache-Control %q, _headers %q", p, got, want)
		}
		file := p
		if p == "" || strings.HasSuffix(p, "/") {
			file += "index.html"
		}
		if got := r.header.Get("Cache-Control"); got != deploy.CacheControl(file) {
			t.Errorf("/%s: Cache-Control %q, the policy says %q", p, got, deploy.CacheControl(file))
		}
		wantCSP := csp
		if strings.HasSuffix(p, ".pack") || strings.HasSuffix(p, ".dir") {
			wantCSP = "" // read by ranges, never a document (deploy.go)
		}
		if got := r.header.Get("Content-Security-Policy"); got != wantCSP {
			t.Errorf("/%s: CSP %q, want %q", p, got, wantCSP)
		}
		for _, h := range deploy.Security {
			if got := r.header.Get(h[0]); got != h[1] {
				t.Errorf("/%s: %s %q, want %q", p, h[0], got, h[1])
			}
		}
		if r.header.Get("Cache-Control") == deploy.Immutable {
			immutable++
		}
		ct := r.header.Get("Content-Type")
		wantType := map[string]string{".html": "text/html; charset=utf-8", ".js": "application/javascript; charset=utf-8",
			".css": "text/css; charset=utf-8", ".json": "application/json; charset=utf-8", ".svg": "image/svg+xml; charset=utf-8",
			".png": "image/png", ".woff2": "font/woff2", ".zip": "application/zip", ".xml": "text/xml; charset=utf-8",
			".webmanifest": "application/manifest+json; charset=utf-8", "": "text/html; charset=utf-8",
			".pack": "application/octet-stream", ".dir": "application/octet-stream"}[filepath.Ext(strings.TrimSuffix(p, "/"))]
		if strings.HasSuffix(p, "/") || p == "" {
			wantType = "text/html; charset=utf-8"
		}
		if wantType != "" && ct != wantType {
			t.Errorf("/%s: Content-Type %q, want %q", p, ct, wantType)
		}
	}
	if immutable < 10 {
		t.Errorf("only %d fingerprinted files served as immutable", immutable)
	}

	// Compression: the build's .gz copy as is, when it has one…
	page := "km/rights/minimum-wage/index.html"
	raw, _ := os.ReadFile(filepath.Join(site, page))
	gz, err := os.ReadFile(filepath.Join(site, page+".gz"))
	if err != nil {
		t.Fatalf("the build wrote no %s.gz: %v", page, err)
	}
	r := get(t, base, page, "Accept-Encoding", "gzip, deflate, br")
	if r.header.Get("Content-Encoding") != "gzip" || !bytes.Equal(r.body, gz) {
		t.Errorf("with .gz: Content-Encoding %q, %d bytes; want the build's %d-byte .gz", r.header.Get("Content-Encoding"), len(r.body), len(gz))
	}
	if !strings.Contains(r.header.Get("Vary"), "Accept-Encoding") {
		t.Errorf("with .gz: Vary %q; caches would hand gzip to browsers that did not ask", r.header.Get("Vary"))
	}
	if r := get(t, base, page); r.header.Get("Content-Encoding") != "" || !bytes.Equal(r.body, raw) {
		t.Errorf("without Accept-Encoding: Content-Encoding %q; want the page as is", r.header.Get("Content-Encoding"))
	}
	// …and compressed on the fly when it has none.
	if err := os.Remove(filepath.Join(site, page+".gz")); err != nil {
		t.Fatal(err)
	}
	r = get(t, base, page, "Accept-Encoding", "gzip")
	if r.header.Get("Content-Encoding") != "gzip" || bytes.Equal(r.body, gz) || !bytes.Equal(gunzip(t, r.body), raw) {
		t.Errorf("without .gz: Content-Encoding %q; want the page compressed on the fly", r.header.Get("Content-Encoding"))
	}

	// A packed search index's parts are read by ranges, which a
	// compressed response could not give (search.js, pack.go).
	parts, _ := filepath.Glob(filepath.Join(site, "km", "search", "*.pack"))
	if len(parts) == 0 {
		t.Fatal("the fixture's Khmer index is not packed")
	}
	for _, part := range parts {
		rel, _ := filepath.Rel(site, part)
		whole, _ := os.ReadFile(part)
		r := get(t, base, filepath.ToSlash(rel), "Range", "bytes=5-104", "Accept-Encoding", "gzip, br")
		if r.status != http.StatusPartialContent || r.header.Get("Content-Encoding") != "" || !bytes.Equal(r.body, whole[5:105]) || r.header.Get("Content-Security-Policy") != "" {
			t.Errorf("/%s bytes 5-104: %d, Content-Encoding %q, %d bytes, CSP %q; want 206 with those 100 bytes as they are and no policy", rel, r.status, r.header.Get("Content-Encoding"), len(r.body), r.header.Get("Content-Security-Policy"))
		}
	}

	// The 404 page, with the same headers.
	nf, _ := os.ReadFile(filepath.Join(site, "404.html"))
	r = get(t, base, "km/no-such-page/")
	if r.status != http.StatusNotFound || !bytes.Equal(r.body, nf) || r.header.Get("Content-Security-Policy") != csp {
		t.Errorf("missing page: status %d, %d bytes, CSP %q; want 404 with 404.html and the CSP", r.status, len(r.body), r.header.Get("Content-Security-Policy"))
	}
	for _, p := range []string{deploy.HeadersFile, deploy.NginxFile, outpaths.Marker, outpaths.DocsCache} {
		if _, err := os.Stat(filepath.Join(site, p)); err != nil {
			t.Errorf("the build wrote no %s: %v", p, err)
		}
		if r := get(t, base, p); r.status != http.StatusNotFound {
			t.Errorf("/%s is served (%d): it is for the host or the next build", p, r.status)
		}
	}
	// A folder without its slash is redirected within the site.
	if r := get(t, base, "km/rights"); r.status != http.StatusMovedPermanently || r.header.Get("Location") != "/km/rights/" {
		t.Errorf("/km/rights: %d to %q, want 301 to /km/rights/", r.status, r.header.Get("Location"))
	}
	// The default "/" is the chooser, whatever the browser prefers.
	if r := get(t, base, "", "Accept-Language", "km-KH,km;q=0.9"); r.status != http.StatusOK {
		t.Errorf("/: %d; the chooser must not redirect unless the option is on", r.status)
	}

	// The service worker: a script, never cached, and in a browser it
	// registers for the whole site and takes the page over.
	r = get(t, base, "sw.js")
	if r.status != http.StatusOK || !strings.HasPrefix(r.header.Get("Content-Type"), "application/javascript") || r.header.Get("Cache-Control") != deploy.NoCache {
		t.Errorf("sw.js: %d, %q, %q", r.status, r.header.Get("Content-Type"), r.header.Get("Cache-Control"))
	}
	ctx := browsertest.Browser(t)
	c, cancel := browsertest.Timeout(ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(c, chromedp.Navigate(base+"km/rights/index.html")); err != nil {
		t.Fatal(err)
	}
	scope, err := chromedp.Run(c, chromedp.Evaluate[string](`navigator.serviceWorker.ready.then(r => r.scope)`, chromedp.EvalAwaitPromise))
	if err != nil || scope != base {
		t.Errorf("service worker scope %q (%v), want %q", scope, err, base)
	}
	if err := chromedp.Do(c, chromedp.Navigate(base+"km/index.html")); err != nil {
		t.Fatal(err)
	}
	controlled, err := chromedp.Run(c, chromedp.Evaluate[bool](`!!navigator.serviceWorker.controller`))
	if err != nil || !controlled {
		t.Errorf("a page opened after registering is not controlled by the worker (%v)", err)
	}
}

// TestNginxLanguageRoot switches on the optional language-aware "/".
func TestNginxLanguageRoot(t *testing.T) {
	bin := requireNginx(t)
	site := nginxSite(t)
	base := serve(t, bin, site, func(c string) string {
		block := regexp.MustCompile(`(?m)^    #(location = / \{\n(?:    #.*\n)*?    #\})`)
		if !block.MatchString(c) {
			t.Fatal("docs/nginx.conf has no commented location = / block")
		}
		return block.ReplaceAllStringFunc(c, func(s string) string { return strings.ReplaceAll(s, "    #", "    ") })
	})
	for _, tt := range []struct{ accept, location string }{
		{"km-KH,km;q=0.9,en;q=0.5", "/km/"},
		{"my", "/my/"},
		{"th-TH", "/th/"},
		{"KM", "/km/"}, // the site's folder, as it spells it
		{"fr-FR,fr;q=0.9", ""},
		{"kmr", ""}, // Kurmanji is not Khmer
		{"", ""},
	} {
		r := get(t, base, "", "Accept-Language", tt.accept)
		if v := r.header.Values("Vary"); !slices.Contains(strings.Split(strings.ReplaceAll(strings.Join(v, ","), " ", ""), ","), "Accept-Language") {
			t.Errorf("Accept-Language %q: Vary %q, want Accept-Language among them", tt.accept, v)
		}
		if tt.location == "" {
			if r.status != http.StatusOK {
				t.Errorf("Accept-Language %q: %d, want the chooser", tt.accept, r.status)
			}
			continue
		}
		if r.status != http.StatusFound || r.header.Get("Location") != tt.location {
			t.Errorf("Accept-Language %q: %d to %q, want 302 to %s", tt.accept, r.status, r.header.Get("Location"), tt.location)
		}
	}
}

// headerRules is a _headers file, matched as Netlify and Cloudflare Pages
// match it: a * matches any characters, and every matching rule applies,
// values of one header joined with ", ".
type headerRules []struct {
	re      *regexp.Regexp
	headers [][2]string
}

func parseHeaders(t *testing.T, b []byte) headerRules {
	t.Helper()
	var rules headerRules
	for i, line := range strings.Split(string(b), "\n") {
		switch {
		case strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#"):
		case strings.HasPrefix(line, "/"):
			if strings.Count(line, "*") > 1 {
				t.Errorf("_headers:%d: %q has more than one *, which Cloudflare Pages refuses", i+1, line)
			}
			re := regexp.MustCompile("^" + strings.ReplaceAll(regexp.QuoteMeta(line), `\*`, ".*") + "$")
			rules = append(rules, struct {
				re      *regexp.Regexp
				headers [][2]string
			}{re: re})
		case strings.HasPrefix(line, "  ") && len(rules) > 0:
			name, value, ok := strings.Cut(strings.TrimSpace(line), ": ")
			if !ok {
				t.Fatalf("_headers:%d: %q", i+1, line)
			}
			rules[len(rules)-1].headers = append(rules[len(rules)-1].headers, [2]string{name, value})
		default:
			t.Fatalf("_headers:%d: %q", i+1, line)
		}
		if len(line) > 2000 {
			t.Errorf("_headers:%d is %d characters; Cloudflare Pages allows 2,000", i+1, len(line))
		}
	}
	if len(rules) > 100 {
		t.Errorf("_headers has %d rules; Cloudflare Pages allows 100", len(rules))
	}
	return rules
}

func (rules headerRules) get(path, name string) string {
	var vals []string
	for _, r := range rules {
		if !r.re.MatchString(path) {
			continue
		}
		for _, h := range r.headers {
			if strings.EqualFold(h[0], name) {
				vals = append(vals, h[1])
			}
		}
	}
	return strings.Join(vals, ", ")
}
