package deploy

import (
	"maps"
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
		"/*.webmanifest\n  Content-Type: application/manifest+json\n"} {
		if !strings.Contains(h, s) {
			t.Errorf("_headers lacks %q:\n%s", s, h)
		}
	}
	// Pages take the hosts' default (Revalidate): a rule of theirs would
	// match sw.js and the scripts too on Netlify.
	if strings.Contains(h, Revalidate) {
		t.Errorf("_headers sets %q, the hosts' default:\n%s", Revalidate, h)
	}
	n := string(p.Nginx())
	for _, s := range []string{`"~^/km/search/[^/]*\.js$" "` + Immutable + `";`, `/js/search.39253e71.js "` + Immutable + `";`,
		`default "` + Revalidate + `";`, `/sw.js "no-cache";`, `"~*^\s*km(?![a-z0-9])" km;`, `"~^/(\?|$)" "Accept-Language";`} {
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

// TestPolicyNoted: a rebuild takes the policy of a page it published
// again from the previous build's note instead of reading the page, reads
// the pages it made, and reads every page when the outputs are not the
// same ones.
func TestPolicyNoted(t *testing.T) {
	pages := map[string]string{
		"index.html":        strings.Replace(meta, "%s", "", 1),
		"my/index.html":     strings.Replace(meta, "%s", " &#39;sha256-MY=&#39;", 1),
		"km/index.html":     strings.Replace(meta, "%s", " &#39;sha256-KM=&#39;", 1),
		"en/old/index.html": `<meta http-equiv="refresh" content="0; url=../new/">`,
		"sw.js":             "",
	}
	first := publish.NewMemoryOver(nil, nil)
	r := publish.NewRecorder(first)
	for name, data := range pages {
		if err := r.Write(name, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	want, err := NewPolicy(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	notes := first.Notes()
	if _, ok := notes[policyNote]; !ok {
		t.Fatal("no policy noted")
	}
	// The previous copies carry another policy than the note says: a
	// page published again must take the note's, unread.
	prev := map[string][]byte{}
	for name := range pages {
		prev[name] = []byte(strings.Replace(meta, "%s", " &#39;sha256-UNREAD=&#39;", 1))
	}
	prev["th/index.html"] = prev["index.html"]
	prev["en/search/s.0123abcdef.0.js"] = []byte("//")
	rebuild := func(notes map[string]string, names []string) Policy {
		t.Helper()
		r := publish.NewRecorder(publish.NewMemoryOver(prev, notes))
		for _, name := range names {
			var err error
			if name == "my/index.html" {
				err = r.Write(name, []byte(pages[name]))
			} else {
				err = r.Reuse(name)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		p, err := NewPolicy(r, nil)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	names := slices.Sorted(maps.Keys(pages))
	if got := rebuild(notes, names); got.CSP != want.CSP {
		t.Errorf("with the note: %s\nwant %s", got.CSP, want.CSP)
	}
	// A search index renamed (its content changed) changes no page.
	if got := rebuild(notes, append(names, "en/search/s.0123abcdef.0.js")); got.CSP != want.CSP {
		t.Errorf("with another script the note was not taken: %s", got.CSP)
	}
	// Without it, or with other pages, the copies are read.
	if got := rebuild(nil, names); !strings.Contains(got.CSP, "UNREAD") {
		t.Errorf("without a note the pages published again were not read: %s", got.CSP)
	}
	if got := rebuild(notes, append(names, "th/index.html")); !strings.Contains(got.CSP, "UNREAD") {
		t.Errorf("with a page added the note was taken: %s", got.CSP)
	}
	damaged := maps.Clone(notes)
	damaged[policyNote] = strings.Replace(notes[policyNote], ":", ";", 1)
	if got := rebuild(damaged, names); !strings.Contains(got.CSP, "UNREAD") {
		t.Errorf("a damaged note was taken: %s", got.CSP)
	}
}
