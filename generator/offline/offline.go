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
	"slices"
	"strings"

	"spean/generator/diag"
	"spean/generator/publish"
	"spean/generator/site"
)

//go:embed sw.js
var serviceWorker string

// Derived outputs: written by this package from other outputs, so they take
// no part in the content hash and are neither precached nor zipped.
const (
	swName      = "sw.js"
	listsDir    = "offline/"
	downloadDir = "downloads/"
	// FontDir holds web fonts; only Burmese pages use one, so only the
	// Burmese precache list and zip carry it.
	FontDir = "fonts/"
)

// derived reports whether name is an output made from other outputs.
func derived(name string) bool {
	return name == swName || strings.HasPrefix(name, listsDir) || strings.HasPrefix(name, downloadDir) ||
		strings.HasSuffix(name, ".gz") || strings.HasSuffix(name, ".br")
}

// LangFiles lists what a reader of lang needs with no connection: every
// output under the language's folder (pages, search index, leaflets) and
// the shared files outside all language folders (root index, styles,
// scripts, icons), the web font only for Burmese. Sitemaps, robots.txt,
// the 404 page and the link-preview images are for servers, crawlers and
// messaging apps, not readers. Sorted.
func LangFiles(s *site.Site, files *publish.Recorder, lang string) []string {
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
		case strings.HasPrefix(name, PreviewDir):
			// Link-preview images are for the apps that draw previews.
		case strings.HasPrefix(name, FontDir):
			if lang == "my" {
				out = append(out, name)
			}
		default:
			out = append(out, name)
		}
	}
	return out
}

// ListName is the file list the service worker saves a language from;
// SummaryName the sizes pages show (see Summary).
func ListName(lang string) string    { return listsDir + lang + ".files.json" }
func SummaryName(lang string) string { return listsDir + lang + ".json" }

// ServiceWorker writes sw.js, with the version of what readers can save
// and the language codes, and for each language the file list it saves
// from and the summary pages read. It runs after every other output
// except the precompressed copies, and after the zips, whose sizes the
// summaries carry.
func ServiceWorker(ctx context.Context, s *site.Site, files *publish.Recorder, sink publish.Sink) diag.List {
	var diags diag.List
	fail := func(err error) { diags.Errorf(diag.Pos{File: "generator/offline"}, "offline", "%v", err) }
	cfg := s.Config.Offline
	diags = append(diags, planDiags(s, cfg.First)...)
	z := &sizer{cache: map[string]Entry{}}
	var plans []*Plan
	for _, lang := range s.Langs {
		if ctx.Err() != nil {
			return diags
		}
		plans = append(plans, newPlan(s, files, lang, cfg.BudgetKB*1024, cfg.First, z))
	}
	version := planVersion(plans)
	for _, p := range plans {
		zip, _ := files.Get(ZipName(p.Lang))
		for _, out := range []struct {
			name string
			v    any
		}{{ListName(p.Lang), p.list(version)}, {SummaryName(p.Lang), p.summary(version, len(zip))}} {
			b, err := json.Marshal(out.v)
			if err == nil {
				err = sink.Write(out.name, b)
			}
			if err != nil {
				fail(fmt.Errorf("%s: %w", out.name, err))
			}
		}
	}
	langs, _ := json.Marshal(s.Langs)
	sw := fmt.Sprintf("var VERSION = %q;\nvar LANGS = %s;\n%s", version, langs, serviceWorker)
	if err := sink.Write(swName, []byte(sw)); err != nil {
		fail(err)
	}
	return diags
}
