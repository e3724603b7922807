package deploy

import (
	"slices"
	"strings"
	"testing"

	"spean/generator/publish"
)

func recorder(t *testing.T, files map[string]string) *publish.Recorder {
	t.Helper()
	r := publish.NewRecorder(publish.NewMemory())
	for name, data := range files {
		if err := r.Write(name, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

const meta = `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; style-src 'self' &#39;sha256-A=&#39;%s; script-src 'self'">`

func TestPolicy(t *testing.T) {
	r := recorder(t, map[string]string{
		"index.html":    strings.Replace(meta, "%s", "", 1),
		"my/index.html": strings.Replace(meta, "%s", " &#39;sha256-MY=&#39;", 1),
		// A policy past the bytes read first is still found.
		"lo/index.html":                 strings.Repeat("<!-- padding -->", headBytes/8) + strings.Replace(meta, "%s", " &#39;sha256-LO=&#39;", 1),
		"en/old/index.html":             `<meta http-equiv="refresh" content="0; url=../new/">`,
		"sw.js":                         "",
		"js/offline.js":                 "",
		"js/search.39253e71.js":         "",
		"km/search/index.html":          strings.Replace(meta, "%s", "", 1),
		"km/search/s.8703ab0ef5.0.js":   "",
		"km/search/t.8703ab0ef5.1.0.js": "",
		"en/search/s.1234abcd99.0.js":   "", // alone in its folder: named
		"root.0123456789.css":           "",
	})
	p, err := NewPolicy(r, []string{"en", "km", "my"})
	if err != nil {
		t.Fatal(err)
	}
	want := "default-src 'self'; style-src 'self' 'sha256-A=' 'sha256-LO=' 'sha256-MY='; script-src 'self'; frame-ancestors 'none'"
	if p.CSP != want {
		t.Errorf("CSP\n got %s\nwant %s", p.CSP, want)
	}
	wantImm := []string{"root.0123456789.css", "en/search/s.1234abcd99.0.js", "js/search.39253e71.js", "km/search/*.js"}
	if !slices.Equal(p.Immutable, wantImm) {
		t.Errorf("immutable %v, want %v", p.Immutable, wantImm)
	}
	h := string(p.Headers())
	for _, s := range []string{"/*\n  Content-Security-Policy: " + want + "\n  X-Content-Type-Options: nosniff\n",
		"/sw.js\n  Cache-Control: no-cache\n", "/km/search/*.js\n  Cache-Control: " + Immutable + "\n",
		"/*.webmanifest\n  Content-Type: application/manifest+json\n", "/\n  Cache-Control: " + Revalidate + "\n"} {
		if !strings.Contains(h, s) {
			t.Errorf("_headers lacks %q:\n%s", s, h)
		}
	}
	n := string(p.Nginx())
	for _, s := range []string{`"~^/km/search/[^/]*\.js$" "` + Immutable + `";`, `/js/search.39253e71.js "` + Immutable + `";`,
		`default "` + Revalidate + `";`, `/sw.js "no-cache";`, `"~*^\s*(?<lang>en|km|my)(?![a-z0-9])" $lang;`} {
		if !strings.Contains(n, s) {
			t.Errorf("_nginx.conf lacks %q:\n%s", s, n)
		}
	}
	if _, err := NewPolicy(recorder(t, map[string]string{"a.html": "<p>"}), nil); err == nil {
		t.Error("a site without a policy in any page gave a header policy")
	}
}

func TestCacheControl(t *testing.T) {
	for name, want := range map[string]string{
		"sw.js": NoCache, "km/index.html": Revalidate, "js/offline.js": Revalidate, "js/search.39253e71.js": Immutable,
		"km/search/t.8703ab0ef5.2.1.js": Immutable, "fonts/noto-sans-myanmar-subset.woff2": Revalidate, "og/km.png": Revalidate,
	} {
		if got := CacheControl(name); got != want {
			t.Errorf("CacheControl(%s) = %q, want %q", name, got, want)
		}
	}
}
