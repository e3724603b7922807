// Package offline makes the built site usable without a connection: the
// service worker and its per-language precache lists, the web app manifest
// and icons, the offline page, a downloadable zip of each language for
// copying to phones and SD cards, and precompressed .gz and .br copies for
// servers that serve them.
//
// In: the assembled *site.Site and every output written so far (a
// publish.Recorder). Out: more files to the sink. Every output is a pure
// function of the site's files, so two builds of the same input are
// byte-identical.
package offline

import (
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"strings"

	"spean/generator/diag"
	"spean/generator/publish"
	"spean/generator/script"
	"spean/generator/site"
)

//go:embed sw.js
var serviceWorker string

// FontDir holds web fonts, which only the languages whose scripts use
// them need (package script).
const FontDir = "fonts/"

// derived reports whether name is an output this package makes from other
// outputs: it takes no part in the content hash and is neither precached
// nor zipped.
func derived(name string) bool {
	return name == site.ServiceWorker || strings.HasPrefix(name, site.PrecacheDir) || strings.HasPrefix(name, site.DownloadDir) ||
		strings.HasSuffix(name, ".gz") || strings.HasSuffix(name, ".br")
}

// Version is a short hash of every output's name and bytes. It names the
// service worker's caches, so a build that changes anything replaces the
// copy saved on readers' phones, and an identical build does not.
func Version(files *publish.Recorder) string {
	h := sha256.New()
	for _, name := range files.Names() {
		if derived(name) {
			continue
		}
		b, _ := files.Get(name)
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// LangFiles lists what a reader of lang needs with no connection: every
// output under the language's folder (pages, search index, leaflets) and
// the shared files outside all language folders (root index, styles,
// scripts, icons), and of the web fonts only those the scripts of the
// language and its fallbacks use (package script). Sitemaps, robots.txt and
// the 404 page are for servers and crawlers, not readers. Sorted.
func LangFiles(s *site.Site, files *publish.Recorder, lang string) []string {
	fonts := map[string]bool{}
	for _, l := range s.Config.Chain(lang) {
		if w := script.Of(l).WebFont; w != nil {
			fonts[w.File] = true
		}
	}
	var out []string
	for _, name := range files.Names() {
		if derived(name) {
			continue
		}
		top, _, nested := strings.Cut(name, "/")
		switch {
		case top == lang && nested:
			out = append(out, name)
		case nested && slices.Contains(s.Langs, top):
			// another language
		case !nested && (name == "sitemap.xml" || name == "robots.txt" || name == "404.html"):
		case strings.HasPrefix(name, FontDir):
			// The fonts used, and their licence texts with them (the OFL
			// asks that it travels with the font).
			if fonts[name] || len(fonts) > 0 && !fontExts[path.Ext(name)] {
				out = append(out, name)
			}
		default:
			out = append(out, name)
		}
	}
	return out
}

var fontExts = map[string]bool{".woff2": true, ".woff": true, ".ttf": true, ".otf": true}

// list is offline/<lang>.json, read by the service worker.
type list struct {
	Version string   `json:"version"`
	Lang    string   `json:"lang"`
	Files   []string `json:"files"`
}

// ServiceWorker writes sw.js, with the content version and the language
// codes, and each language's precache list. It must run after every
// other output is written, except the zips and compressed copies.
func ServiceWorker(_ context.Context, s *site.Site, files *publish.Recorder, sink publish.Sink) diag.List {
	var diags diag.List
	fail := func(err error) { diags.Errorf(diag.Pos{File: "generator/offline"}, "offline", "%v", err) }
	version := Version(files)
	for _, lang := range s.Langs {
		l := list{Version: version, Lang: lang, Files: LangFiles(s, files, lang)}
		b, err := json.Marshal(l)
		if err != nil {
			fail(fmt.Errorf("precache list for %s: %w", lang, err))
			continue
		}
		if err := sink.Write(site.PrecacheList(lang), b); err != nil {
			fail(err)
		}
	}
	langs, _ := json.Marshal(s.Langs)
	sw := fmt.Sprintf("var VERSION = %q;\nvar LANGS = %s;\n%s", version, langs, serviceWorker)
	if err := sink.Write(site.ServiceWorker, []byte(sw)); err != nil {
		fail(err)
	}
	return diags
}
