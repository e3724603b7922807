package offline

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"path"
	"slices"
	"strings"
	"sync"

	"spean/generator/diag"
	"spean/generator/publish"
	"spean/generator/site"
	"spean/generator/workers"
)

// What a reader's phone keeps, and what it costs them.
//
// A reader pays for every byte, so the service worker saves by itself only
// what fits a budget per language (config offline.budget_kb, as sent
// compressed), chosen by priority: the language's home page, the pages
// named in offline.first (the hotlines), the offline page, the files every
// page uses (scripts, icons, the Burmese font), the section pages, then
// content pages in reading order, then the search page with its index. A
// unit that does not fit is skipped and smaller ones after it may still
// fit. Beyond that it keeps the pages the reader opens, and a page offers
// to save its section or the whole language, with the size it will cost.
// Print matter (leaflets, booklets, their QR codes and PDFs, the leaflets
// index, the print stylesheets) is never saved: phones do not print.

// PrintStyles are the stylesheets used only on paper: the theme's and the
// scripts' print rules.
var PrintStyles = []string{"css/leaflet.css", "css/print.css", site.ScriptCSS}

// Entry is one file a reader of a language may save.
type Entry struct {
	Name string
	// Hash is a short hash of the bytes: when a new build comes, the
	// service worker keeps a saved file whose hash has not changed
	// instead of downloading it again.
	Hash string
	// Size is what downloading it costs: its gzip size for text (as
	// servers send it), its own size for images and fonts.
	Size int
}

// Plan is what the service worker may save of one language.
type Plan struct {
	Lang   string
	Budget int // bytes
	// Files is every file a reader of Lang may save, in priority order.
	Files []Entry
	// Auto holds the indices of Files saved on the first visit, within
	// the budget; Base those any saved section needs besides its own
	// pages (the home and offline pages and the shared files).
	Auto, Base []int
	// Sections maps each section key to the indices of its files.
	Sections map[string][]int
}

// Bytes is the download size of the files at idx.
func (p *Plan) Bytes(idx []int) int {
	n := 0
	for _, i := range idx {
		n += p.Files[i].Size
	}
	return n
}

// sizer gives each file's hash and download size once for all languages
// (shared files are in every plan): from the zips' entries when the build
// made them (Zips), else computed the same way, concurrently. The zero
// value is not ready; make one with a cache map.
type sizer struct {
	mu    sync.Mutex
	cache map[string]Entry
}

func (z *sizer) entries(files *publish.Recorder, names []string) []Entry {
	out := make([]Entry, len(names))
	var todo []int
	z.mu.Lock()
	for i, n := range names {
		if e, ok := z.cache[n]; ok {
			out[i] = e
		} else {
			todo = append(todo, i)
		}
	}
	z.mu.Unlock()
	workers.Each(context.Background(), len(todo), 0, func(j int) {
		i := todo[j]
		b, _ := files.Get(names[i])
		crc := crc32.ChecksumIEEE(b)
		p, err := pack(files, names[i], b, crc, nil, nil, nil)
		if err != nil {
			// Not deflated: sized as sent uncompressed.
			p = &packed{crc: crc, size: len(b), method: zip.Store}
		}
		out[i] = p.entry(names[i])
	})
	z.mu.Lock()
	for _, i := range todo {
		z.cache[names[i]] = out[i]
	}
	z.mu.Unlock()
	return out
}

// printMatter is every print output of lang: each content page's leaflet,
// each section's booklet, the leaflets index and
// everything beside it (the PDFs), at the paths package site owns.
func printMatter(s *site.Site, lang string) (names map[string]bool, dirs []string) {
	names = map[string]bool{}
	for _, p := range s.ByLang[lang] {
		for _, print := range []*site.Page{p.Leaflet(), p.Booklet()} {
			if print != nil {
				names[print.Output()] = true
			}
		}
	}
	for _, name := range PrintStyles {
		names[name] = true
	}
	if idx := s.LeafletsPage(lang); idx != nil {
		dirs = append(dirs, path.Dir(idx.Output())+"/")
	}
	return names, dirs
}

// saveable lists the files a reader of lang may save: the outputs under
// the language's folder and the shared files a page uses, less print
// matter, derived files, preview images and files for servers and
// crawlers. Sorted.
func saveable(s *site.Site, files *publish.Recorder, lang string) []string {
	prints, printDirs := printMatter(s, lang)
	var out []string
	for _, name := range LangFiles(s, files, lang) {
		if prints[name] || hasAnyPrefix(name, printDirs) {
			continue
		}
		// Pages of no language (the status page) and texts for people
		// who redistribute the site (the font's licence) stay online.
		if !strings.HasPrefix(name, lang+"/") && name != "index.html" && (strings.HasSuffix(name, ".html") || strings.HasSuffix(name, ".txt")) {
			continue
		}
		out = append(out, name)
	}
	return out
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// newPlan orders what a reader of lang may save and picks what the
// service worker saves by itself within budget bytes. first lists page
// keys saved right after the home page. Every file is in exactly one unit;
// units are saved whole or not at all.
func newPlan(s *site.Site, files *publish.Recorder, lang string, budget int, first []string, z *sizer) *Plan {
	names := saveable(s, files, lang)
	have := map[string]bool{}
	for _, n := range names {
		have[n] = true
	}
	type unit struct {
		names []string
		base  bool // needed by any saved section
	}
	taken := map[string]bool{}
	var units []unit
	add := func(base bool, ns ...string) {
		u := unit{base: base}
		for _, n := range ns {
			if have[n] && !taken[n] {
				taken[n] = true
				u.names = append(u.names, n)
			}
		}
		if len(u.names) > 0 {
			units = append(units, u)
		}
	}
	page := func(p *site.Page) string {
		if p == nil {
			return ""
		}
		return p.Output()
	}
	add(true, page(s.Home[lang]))
	for _, key := range first {
		if p := s.Page(key, lang); p != nil {
			add(false, page(p))
		}
	}
	add(true, page(s.OfflinePage(lang)))
	var shared, search []string
	for _, n := range names {
		switch {
		case !strings.HasPrefix(n, lang+"/") || n == site.Manifest(lang):
			shared = append(shared, n)
		case s.SearchPage(lang) != nil && strings.HasPrefix(n, s.SearchPage(lang).URL):
			search = append(search, n)
		}
	}
	add(true, shared...)
	for _, kind := range []site.Kind{site.Section, site.Regular} {
		for _, p := range s.ByLang[lang] {
			if p.Kind == kind {
				add(false, page(p))
			}
		}
	}
	add(false, search...)
	// Alias redirects and whatever else a renderer adds to the language.
	var rest []string
	for _, n := range names {
		if !taken[n] {
			rest = append(rest, n)
		}
	}
	add(false, rest...)

	var ordered []string
	for _, u := range units {
		ordered = append(ordered, u.names...)
	}
	pl := &Plan{Lang: lang, Budget: budget, Files: z.entries(files, ordered), Sections: map[string][]int{}}
	i, used := 0, 0
	for _, u := range units {
		size := 0
		for j := range u.names {
			size += pl.Files[i+j].Size
		}
		fits := used+size <= budget
		if fits {
			used += size
		}
		for j := range u.names {
			if fits {
				pl.Auto = append(pl.Auto, i+j)
			}
			if u.base {
				pl.Base = append(pl.Base, i+j)
			}
		}
		i += len(u.names)
	}
	slices.Sort(pl.Auto)
	slices.Sort(pl.Base)
	for _, p := range s.ByLang[lang] {
		if p.Kind != site.Section {
			continue
		}
		for j, e := range pl.Files {
			if strings.HasPrefix(e.Name, p.URL) {
				pl.Sections[p.Section] = append(pl.Sections[p.Section], j)
			}
		}
	}
	return pl
}

// fileList is offline/<lang>.files.json, what the service worker saves
// from: every file as [name, hash, size], and the indices of the units.
type fileList struct {
	Version string   `json:"version"`
	Lang    string   `json:"lang"`
	Files   [][3]any `json:"files"`
	Auto    []int    `json:"auto"`
	Base    []int    `json:"base"`
}

// Total is a number of files and what they cost to download.
type Total struct {
	Files int `json:"files"`
	Bytes int `json:"bytes"`
}

// Summary is offline/<lang>.json: the sizes a page shows the reader (the
// zip beside its download link) and the figures behind the offline
// budget. Pages read it at run time instead of carrying the numbers: a
// page inside the zip cannot print the zip's size without changing it.
type Summary struct {
	Version  string           `json:"version"`
	Lang     string           `json:"lang"`
	Budget   int              `json:"budget"`
	Zip      Total            `json:"zip"`
	Auto     Total            `json:"auto"`
	All      Total            `json:"all"`
	Sections map[string]Total `json:"sections"`
}

func (p *Plan) total(idx []int) Total { return Total{Files: len(idx), Bytes: p.Bytes(idx)} }

func (p *Plan) summary(version string, zip int) Summary {
	all := make([]int, len(p.Files))
	for i := range all {
		all[i] = i
	}
	sm := Summary{Version: version, Lang: p.Lang, Budget: p.Budget, Auto: p.total(p.Auto), All: p.total(all), Sections: map[string]Total{}}
	if zip > 0 {
		sm.Zip = Total{Files: 1, Bytes: zip}
	}
	for k, idx := range p.Sections {
		sm.Sections[k] = p.total(idx)
	}
	return sm
}

func (p *Plan) list(version string) fileList {
	l := fileList{Version: version, Lang: p.Lang, Auto: p.Auto, Base: p.Base}
	for _, e := range p.Files {
		l.Files = append(l.Files, [3]any{e.Name, e.Hash, e.Size})
	}
	if l.Auto == nil {
		l.Auto = []int{}
	}
	return l
}

// planVersion hashes what readers can save, in every language, and the
// worker's own code: a build that changes only print matter or files for
// servers does not ask phones to update.
func planVersion(plans []*Plan) string {
	seen := map[string]bool{}
	var all []Entry
	for _, p := range plans {
		for _, e := range p.Files {
			if !seen[e.Name] {
				seen[e.Name] = true
				all = append(all, e)
			}
		}
	}
	slices.SortFunc(all, func(a, b Entry) int { return strings.Compare(a.Name, b.Name) })
	h := sha256.New()
	h.Write([]byte(serviceWorker))
	for _, e := range all {
		fmt.Fprintf(h, "%s\x00%s\x00", e.Name, e.Hash)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// planDiags reports offline.first keys that name no page: the reader would
// silently not get the page the site meant to keep on every phone.
func planDiags(s *site.Site, first []string) diag.List {
	var diags diag.List
	for _, key := range first {
		if s.Page(key, s.Config.SourceLanguage) == nil {
			diags.Add(diag.Diagnostic{Pos: diag.Pos{File: s.Config.File}, Severity: diag.Warning, Code: "offline",
				Message: fmt.Sprintf("offline.first names %q, which is no page", key),
				Hint:    "use a page key such as getting-help/hotlines"})
		}
	}
	return diags
}
