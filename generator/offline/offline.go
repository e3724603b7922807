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
	_ "embed"
	"encoding/json"
	"fmt"
	"maps"
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

// LangFiles lists what a reader of lang needs with no connection: every
// output under the language's folder (pages, search index, leaflets; not
// their PDFs) and the shared files outside all language folders (root
// index, styles, scripts, icons), and of the web fonts only those the
// scripts of the language and its fallbacks use, and the language
// switcher's font for other languages' names (package script). Sitemaps,
// robots.txt, the 404 page and the link-preview images are for servers,
// crawlers and messaging apps, not readers. Sorted.
func LangFiles(s *site.Site, files *publish.Recorder, lang string) []string {
	fonts := map[string]bool{}
	for _, l := range s.Config.Chain(lang) {
		if w := script.Of(l).WebFont; w != nil {
			fonts[w.File] = true
		}
	}
	// The language switcher's font for a name in a script whose font
	// those pages do not load (theme.View.NameFaces).
	for _, l := range s.Config.Languages {
		if whole := script.Of(l.Code).WebFont; whole != nil && fonts[whole.File] {
			continue // these pages load the script's whole font
		}
		if w := script.NameFontFor(l.Code, l.Name); w != nil {
			fonts[w.File] = true
		}
	}
	licence := false // only beside a font published
	for f := range fonts {
		if _, ok := files.Size(f); ok {
			licence = true
		}
	}
	var out []string
	for _, name := range files.Names() {
		if derived(name) {
			continue
		}
		top, _, nested := strings.Cut(name, "/")
		switch {
		case top == lang && nested && path.Ext(name) == ".pdf":
			// The PDFs of leaflets --pdf (site.Page.PDF) are for
			// printing, from the site online: in the zip they made a
			// Burmese copy ten times larger (1.2 to 12 MB). The zip's
			// leaflets index links them online (offline.js, zipLinks).
		case top == lang && nested:
			out = append(out, name)
		case nested && slices.Contains(s.Langs, top):
			// another language
		case !nested && (name == "sitemap.xml" || name == "robots.txt" || name == "404.html"):
		case strings.HasPrefix(name, site.PreviewDir):
			// Link-preview images are for the apps that draw previews.
		case strings.HasPrefix(name, FontDir):
			// The fonts used, and their licence texts with them (the OFL
			// asks that it travels with the font).
			if fonts[name] || licence && !fontExts[path.Ext(name)] {
				out = append(out, name)
			}
		default:
			out = append(out, name)
		}
	}
	return out
}

var fontExts = map[string]bool{".woff2": true, ".woff": true, ".ttf": true, ".otf": true}

// ServiceWorker writes sw.js, with the version of what readers can save
// and the language codes, and for each language the file list it saves
// from and the summary pages read. It runs after every other output
// except the host's files, and after the zips, whose sizes the summaries
// carry and whose entries (zipped) give the files' hashes and sizes.
func ServiceWorker(ctx context.Context, s *site.Site, files *publish.Recorder, zipped map[string]Entry, sink publish.Sink) diag.List {
	var diags diag.List
	fail := func(err error) { diags.Errorf(diag.Pos{File: "generator/offline"}, "offline", "%v", err) }
	cfg := s.Config.Offline
	diags = append(diags, planDiags(s, cfg.First)...)
	z := &sizer{cache: maps.Clone(zipped)}
	if z.cache == nil {
		z.cache = map[string]Entry{}
	}
	var plans []*Plan
	for _, lang := range s.Langs {
		if ctx.Err() != nil {
			return diags
		}
		plans = append(plans, newPlan(s, files, lang, cfg.BudgetKB*1024, cfg.First, z))
	}
	version := planVersion(plans)
	for _, p := range plans {
		// Its size alone: reading a 45 MB zip back for its length cost
		// the 10,000-page site a quarter of a second a language.
		zipSize, _ := files.Size(site.Zip(p.Lang))
		for _, out := range []struct {
			name string
			v    any
		}{{site.PrecacheList(p.Lang), p.list(version)}, {site.OfflineSummary(p.Lang), p.summary(version, int(zipSize))}} {
			b, err := json.Marshal(out.v)
			if err == nil {
				err = sink.Write(out.name, b)
			}
			if err != nil {
				fail(fmt.Errorf("%s: %w", out.name, err))
			}
		}
	}
	// The worker learns where each language's files are from the build,
	// which owns those paths (package site).
	type where struct {
		List    string `json:"list"`
		Summary string `json:"summary"`
		Offline string `json:"offline"`
	}
	places := map[string]where{}
	for _, lang := range s.Langs {
		w := where{List: site.PrecacheList(lang), Summary: site.OfflineSummary(lang)}
		if p := s.OfflinePage(lang); p != nil {
			w.Offline = p.Output()
		}
		places[lang] = w
	}
	langs, _ := json.Marshal(s.Langs)
	placesJSON, _ := json.Marshal(places)
	sw := fmt.Sprintf("var VERSION = %q;\nvar LANGS = %s;\nvar FILES = %s;\n%s", version, langs, placesJSON, serviceWorker)
	if err := sink.Write(site.ServiceWorker, []byte(sw)); err != nil {
		fail(err)
	}
	return diags
}
