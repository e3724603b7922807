// Package theme renders the assembled site to HTML with html/template
// layouts. Layouts are looked up page-specific → section → default, and a
// site's override folder wins over the theme file of the same name, so a
// site can change one layout without copying the theme.
package theme

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"math"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"spean/generator/config"
	"spean/generator/content"
	"spean/generator/diag"
	"spean/generator/i18n"
	"spean/generator/paths"
	"spean/generator/script"
	"spean/generator/site"
)

// Theme is a loaded theme; safe for concurrent use.
type Theme struct {
	fsys fs.FS
	// dirs are theme folders in lookup order, override first.
	dirs   []string
	bundle *i18n.Bundle
	cfg    *config.Config
	// master holds _base.html and the partials, parsed once and never
	// executed, so it can be cloned per language and layout.
	master *template.Template
	mu     sync.Mutex
	cache  map[string]*template.Template
	// entries is the template each cached layout starts from, and found
	// the file each layout name resolved to ("" for none): both are the
	// same for every page, and computing them per page cost a tenth of
	// the time spent rendering 10,000 pages (a Stat through the site
	// root's guard for every name tried; the layout's tree printed).
	entries map[*template.Template]*layout
	found   map[string]string
	// layouts holds every file under the theme folders' layouts, listed
	// once, so that a name no file has (each page's own key.html, tried
	// first) is known without a Stat: 2,000 of them on the 10,000-page
	// site. nil when a folder there is a link, which a listing does not
	// enter: then every name is looked for.
	layouts map[string]bool
	// Assets are what other steps of the build publish for layouts before
	// pages render.
	Assets Assets
	// siteCSS is the CSS of the site's scripts (scriptCSS, headingCSS),
	// the same on every page: made once.
	siteCSS func() scriptStyles
	// plain holds the UI strings layouts asked for without arguments,
	// by language and id (plainT).
	plain sync.Map
	// withStrings holds the UI strings asked for with string values
	// (stringsT).
	withStrings bounded
	// faces holds the @font-face rules pages carry, by faceKey (face).
	faces sync.Map
}

// plainT is UI string id in language l, with no count and no values: the
// same on every page, so asked of the bundle once. Layouts ask for about
// 40 of them a page, which took 0.3 of the 6 CPU-seconds rendering the
// 10,000-page site's pages took.
func (t *Theme) plainT(l, id string) (string, error) {
	key := l + "\x00" + id
	if s, ok := t.plain.Load(key); ok {
		return s.(string), nil
	}
	s, err := t.bundle.T(l, id, nil, map[string]any{})
	if err == nil {
		t.plain.Store(key, s)
	}
	return s, err
}

// stringsT is UI string id in language l with values that are all
// strings ("App" "WhatsApp"), asked of the bundle once for each: the share
// panel asks for six of them a page, the language list one for each
// language shown from a fallback. Counts and other values are not kept;
// neither is anything past maxStringsT sets of values, so a theme passing
// each page's title costs no memory that grows with the site. ok is false
// when an argument is not a string.
func (t *Theme) stringsT(l, id string, args []any) (s string, ok bool, err error) {
	if len(args)%2 != 0 {
		return "", false, nil
	}
	n := len(l) + len(id) + 1
	for _, a := range args {
		v, isString := a.(string)
		if !isString {
			return "", false, nil
		}
		n += len(v) + 1
	}
	k := make([]byte, 0, n)
	k = append(append(append(k, l...), 0), id...)
	for _, a := range args {
		k = append(append(k, 0), a.(string)...)
	}
	key := string(k)
	if v, found := t.withStrings.load(key); found {
		return v.(string), true, nil
	}
	data := make(map[string]any, len(args)/2)
	for i := 0; i < len(args); i += 2 {
		data[args[i].(string)] = args[i+1]
	}
	s, err = t.bundle.T(l, id, nil, data)
	if err == nil {
		t.withStrings.keep(key, s, maxStringsT)
	}
	return s, true, err
}

// maxStringsT bounds what stringsT keeps.
const maxStringsT = 4096

// scriptStyles is the CSS that sets every language of a site in its
// script's fonts and line heights, and its headings' sizes.
type scriptStyles struct{ screen, heading string }

// Assets are values the steps before the pages publish for layouts.
type Assets struct {
	// Names maps a static file to the name it is published under, with a
	// content hash, so no cache serves an old copy ("js/search.js" →
	// "js/search.1a2b3c4d.js").
	Names map[string]string
	// StyleHash is the CSP source of the inline critical CSS.
	StyleHash string
	// Leaflets is true when the build makes the print pages.
	Leaflets bool
	// Previews holds the link-preview image of each language, and the
	// site's under "" (PreviewImages).
	Previews map[string]PreviewImage
}

// Dirs returns the theme folders for cfg, override first.
func Dirs(cfg *config.Config) []string {
	var dirs []string
	if cfg.ThemeOverride != "" {
		dirs = append(dirs, path.Join("themes", cfg.ThemeOverride))
	}
	return append(dirs, path.Join("themes", cfg.Theme))
}

// New loads the theme named in cfg from fsys (the site root).
func New(fsys fs.FS, cfg *config.Config, bundle *i18n.Bundle) (*Theme, error) {
	t := &Theme{fsys: fsys, dirs: Dirs(cfg), bundle: bundle, cfg: cfg, cache: map[string]*template.Template{}, entries: map[*template.Template]*layout{}, found: map[string]string{}, Assets: Assets{Names: map[string]string{}}}
	t.siteCSS = sync.OnceValue(func() scriptStyles {
		return scriptStyles{script.ScreenCSS(cfg.Codes()), script.HeadingCSS(cfg.Codes())}
	})
	if _, err := fs.Stat(fsys, t.dirs[len(t.dirs)-1]); err != nil {
		return nil, fmt.Errorf("theme %q: no folder %s (check theme in %s)", cfg.Theme, t.dirs[len(t.dirs)-1], cfg.File)
	}
	files, complete := listLayouts(fsys, t.dirs)
	t.layouts = layoutIndex(files, complete)
	master := template.New("").Funcs(funcs(t, cfg.SourceLanguage, nil))
	// Partials: every file under layouts/partials of every theme folder,
	// the override's copy winning.
	// Every problem of every layout is reported at once.
	var diags diag.List
	seen := map[string]bool{}
	for _, dir := range t.dirs {
		matches, _ := fs.Glob(fsys, path.Join(dir, "layouts/partials/*.html"))
		for _, m := range matches {
			name := "partials/" + path.Base(m)
			if seen[name] {
				continue
			}
			seen[name] = true
			diags = append(diags, diag.FromError(parseFile(master, fsys, m, name), diag.Pos{File: m})...)
		}
	}
	base, ok := t.find("_base.html")
	if !ok {
		return nil, fmt.Errorf("theme %q has no layouts/_base.html", cfg.Theme)
	}
	diags = append(diags, diag.FromError(parseFile(master, fsys, base, "_base.html"), diag.Pos{File: base})...)
	if diags.HasErrors() {
		return nil, diags
	}
	t.master = master
	// The other layouts are parsed when first used, once per language;
	// parse each once now so a broken one is reported before anything
	// renders.
	for _, p := range files {
		if !strings.HasSuffix(p, ".html") || strings.Contains(p, "/layouts/partials/") || path.Base(p) == "_base.html" {
			continue
		}
		clone, err := master.Clone()
		if err == nil {
			err = parseFile(clone, fsys, p, "layout")
		}
		diags = append(diags, diag.FromError(err, diag.Pos{File: p})...)
	}
	diags = append(diags, t.checkStatic()...)
	if diags.HasErrors() {
		return nil, diags
	}
	return t, nil
}

// textExts are the static files checked as text: what the build copies
// into pages' reach must be valid UTF-8 without control characters, like
// every other input.
var textExts = map[string]bool{".css": true, ".js": true, ".svg": true, ".json": true, ".txt": true, ".html": true, ".xml": true, ".webmanifest": true}

// checkStatic reads every static file of the theme once, so a link that
// leads out of the site or a file in the wrong encoding is reported with
// the other errors, before anything renders.
func (t *Theme) checkStatic() diag.List {
	var diags diag.List
	for _, dir := range t.dirs {
		root := path.Join(dir, "static")
		if _, err := fs.Stat(t.fsys, root); err != nil {
			continue
		}
		_ = fs.WalkDir(t.fsys, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				diags.Errorf(diag.Pos{File: p}, "read", "cannot read: %v", err)
				return nil
			}
			if d.IsDir() {
				return nil
			}
			if textExts[path.Ext(p)] {
				_, dd := paths.ReadText(t.fsys, p)
				diags = append(diags, dd...)
			} else if _, err := fs.ReadFile(t.fsys, p); err != nil {
				diags = append(diags, diag.FromError(err, diag.Pos{File: p})...)
			}
			return nil
		})
	}
	return diags
}

// parseFile parses a layout file into t under name. Its problems come back
// as a diag.List, so the build reports them with every other error.
func parseFile(t *template.Template, fsys fs.FS, file, name string) error {
	b, diags := paths.ReadText(fsys, file)
	if diags.HasErrors() {
		return diags
	}
	if _, err := t.New(name).Parse(string(b)); err != nil {
		return diag.List{{Pos: templatePos(file, err), Severity: diag.Error, Code: "template",
			Message: "layout does not parse: " + templateMessage(err)}}
	}
	return nil
}

// templateLineRE finds the line text/template puts in its parse errors
// ("template: layout:12: unexpected EOF"). text/template has no typed
// parse error with a position, so its message is the only source of it.
var templateLineRE = regexp.MustCompile(`^template: [^:]*:(\d+):(?:(\d+):)? `)

func templatePos(file string, err error) diag.Pos {
	pos := diag.Pos{File: file}
	if m := templateLineRE.FindStringSubmatch(err.Error()); m != nil {
		pos.Line, _ = strconv.Atoi(m[1])
		pos.Col, _ = strconv.Atoi(m[2])
	}
	return pos
}

func templateMessage(err error) string {
	if m := templateLineRE.FindStringIndex(err.Error()); m != nil {
		return err.Error()[m[1]:]
	}
	return err.Error()
}

// layout is what Execute needs of a parsed layout besides the template.
type layout struct {
	// entry is the template to execute: a layout made only of {{define}}s
	// fills the blocks of _base.html; one with content of its own
	// (alias.html) is a whole document.
	entry string
	// size is the largest page it has rendered.
	size atomic.Int64
}

// find returns the first theme file for a layout name.
func (t *Theme) find(name string) (string, bool) {
	t.mu.Lock()
	file, ok := t.found[name]
	t.mu.Unlock()
	if ok {
		return file, file != ""
	}
	for _, dir := range t.dirs {
		p := path.Join(dir, "layouts", name)
		if t.layouts != nil && !t.layouts[p] {
			continue
		}
		if _, err := fs.Stat(t.fsys, p); err == nil {
			file = p
			break
		}
	}
	t.mu.Lock()
	t.found[name] = file
	t.mu.Unlock()
	return file, file != ""
}

// listLayouts lists the files under each of dirs' layouts folder, in the
// order fs.WalkDir meets them, links among them; complete is false if the
// listing missed any (a folder it could not read) or met a link, which it
// does not enter: then Theme.layouts is nil and every name is looked for.
func listLayouts(fsys fs.FS, dirs []string) (files []string, complete bool) {
	complete = true
	for _, dir := range dirs {
		_ = fs.WalkDir(fsys, path.Join(dir, "layouts"), func(p string, d fs.DirEntry, err error) error {
			switch {
			case err != nil:
				// No layouts folder in this theme folder lists nothing.
				complete = complete && errors.Is(err, fs.ErrNotExist) && p == path.Join(dir, "layouts")
			case d.Type()&fs.ModeSymlink != 0:
				complete = false
				files = append(files, p)
			case !d.IsDir():
				files = append(files, p)
			}
			return nil
		})
	}
	return files, complete
}

// layoutIndex is Theme.layouts for a listing: the files, by name, or nil
// when the listing is not complete.
func layoutIndex(files []string, complete bool) map[string]bool {
	if !complete {
		return nil
	}
	m := make(map[string]bool, len(files))
	for _, f := range files {
		m[f] = true
	}
	return m
}

// Lookup lists the layout names tried for a page, most specific first.
func Lookup(p *site.Page) []string {
	var names []string
	if l := p.Source.Meta.Layout; l != "" {
		names = append(names, l+".html")
	}
	switch p.Kind {
	case site.Home:
		names = append(names, "home.html")
	case site.Section:
		names = append(names, p.Section+"/section.html")
		if top := strings.Split(p.Section, "/")[0]; top != p.Section {
			names = append(names, top+"/section.html")
		}
		names = append(names, "section.html")
	default:
		names = append(names, p.Key+".html", p.Section+"/page.html")
		if top := strings.Split(p.Section, "/")[0]; top != p.Section {
			names = append(names, top+"/page.html")
		}
		names = append(names, "page.html")
	}
	return names
}

// Forget lets go of every layout made ready for a language (template),
// each a clone of the base and the partials: a one-off build renders only
// the search pages after the others, and the rest would be garbage kept
// while the search indexes are the build's peak of memory (letting it go
// took the 1,000-page site's peak from about 120 to 108 MB). A layout asked
// for afterwards is made again.
func (t *Theme) Forget() {
	t.mu.Lock()
	defer t.mu.Unlock()
	clear(t.cache)
	clear(t.entries)
}

// template returns the executable template for a layout file in a language.
func (t *Theme) template(file, lang string) (*template.Template, error) {
	key := file + "\x00" + lang
	t.mu.Lock()
	defer t.mu.Unlock()
	if tpl, ok := t.cache[key]; ok {
		return tpl, nil
	}
	clone, err := t.master.Clone()
	if err != nil {
		return nil, err
	}
	clone.Funcs(funcs(t, lang, &partialCache{set: clone}))
	// A name a map lacks is an error, as a field a struct lacks is:
	// partialCached's data is a map, and a name mistyped in a cached
	// partial would otherwise render as nothing on every page.
	clone.Option("missingkey=error")
	if err := parseFile(clone, t.fsys, file, "layout"); err != nil {
		return nil, err
	}
	// A layout made only of {{define}}s fills the blocks of _base.html;
	// one with content of its own (alias.html) is a whole document.
	t.entries[clone] = &layout{entry: "_base.html"}
	if l := clone.Lookup("layout"); l != nil && l.Tree != nil && strings.TrimSpace(l.Tree.Root.String()) != "" {
		t.entries[clone].entry = "layout"
	}
	t.cache[key] = clone
	return clone, nil
}

// Execute renders the named layout (the first of names that exists) with
// data in lang.
func (t *Theme) Execute(names []string, lang string, data any) ([]byte, error) {
	var b bytes.Buffer
	if err := t.executeTo(&b, names, lang, data); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// executeTo is Execute into b, which it empties first.
func (t *Theme) executeTo(b *bytes.Buffer, names []string, lang string, data any) error {
	for _, name := range names {
		file, ok := t.find(name)
		if !ok {
			continue
		}
		tpl, err := t.template(file, lang)
		if err != nil {
			return err
		}
		t.mu.Lock()
		l := t.entries[tpl]
		t.mu.Unlock()
		// Pages of one layout are of a size: start the buffer at the
		// largest seen, not growing it by copies through every page.
		b.Reset()
		b.Grow(int(l.size.Load()))
		if err := tpl.ExecuteTemplate(b, l.entry, data); err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		if n := int64(b.Len()); n > l.size.Load() {
			l.size.Store(n)
		}
		return nil
	}
	return fmt.Errorf("no layout found (tried %s in %s)", strings.Join(names, ", "), strings.Join(t.dirs, ", "))
}

// funcs are the functions layouts in lang call; partials keeps what
// partialCached renders (nil in the master, which is never executed).
func funcs(t *Theme, lang string, partials *partialCache) template.FuncMap {
	tr := func(l, id string, args []any) (string, error) {
		if len(args) == 0 {
			return t.plainT(l, id)
		}
		if s, ok, err := t.stringsT(l, id, args); ok {
			return s, err
		}
		var count any
		data := map[string]any{}
		if len(args)%2 == 1 {
			count, args = args[0], args[1:]
		}
		for i := 0; i+1 < len(args); i += 2 {
			data[fmt.Sprint(args[i])] = args[i+1]
		}
		return t.bundle.T(l, id, count, data)
	}
	return template.FuncMap{
		// T "id" [count] ["Key" value]…: a UI string in the page's language.
		"T": func(id string, args ...any) (string, error) { return tr(lang, id, args) },
		// plurals "id" is a UI string in each plural form of the page's
		// language (View.Plurals), for a partialCached partial, whose data
		// is not the View.
		"plurals": func(id string) ([]i18n.Form, error) { return t.bundle.Forms(lang, id, CountPlaceholder) },
		// partialCached "partials/x.html" "Name" value …: the partial
		// with those values as its data, rendered once per language,
		// layout and values (cached.go).
		"partialCached": func(name string, pairs ...any) (template.HTML, error) { return partials.render(name, pairs) },
		// TL "km" "id" …: a UI string in another language (the chooser
		// greets every reader in their own language).
		"TL": func(l, id string, args ...any) (string, error) { return tr(l, id, args) },
		// date is a date as the page's readers write it (dates.go);
		// isodate is the same date for machines: <time datetime>.
		"date": func(v any) string {
			if d, ok := v.(time.Time); ok && !d.IsZero() {
				return formatDate(lang, d)
			}
			return ""
		},
		"isodate": func(v any) string {
			if d, ok := v.(time.Time); ok && !d.IsZero() {
				return isoDate(d)
			}
			return ""
		},
		// size is a size in bytes as the page's readers write it, rounded
		// up as offline.js rounds it: a link must never promise less than
		// the download costs.
		"size": func(n int) (string, error) {
			id, number := sizeUnit(n)
			return tr(lang, id, []any{"N", number})
		},
		// anchor is the link to id on the same page ("#" and id, escaped
		// as html/template escapes it after a literal "#"): once, with
		// queryEscape, where html/template writes each escaped byte with
		// fmt.Fprintf, which for a Khmer or Burmese heading (three bytes
		// a letter) cost as much as the rest of the table of contents.
		"anchor":  func(id string) template.URL { return template.URL("#" + queryEscape(id)) },
		"has":     slices.Contains[[]string],
		"safeURL": func(s string) template.URL { return template.URL(s) },
		// scriptCSS and headingCSS set every language of the site in its
		// script's fonts and line heights (package script).
		"scriptCSS":  func() template.CSS { return template.CSS(t.siteCSS().screen) },
		"headingCSS": func() template.CSS { return template.CSS(t.siteCSS().heading) },
		// langRuns is text with every stretch in the script of another of
		// the site's languages wrapped in a span with that language
		// (script.Runs), for text that mixes scripts, such as the site's
		// title on the chooser: read aloud in the right language, and set
		// in that language's fonts without a search of the phone's.
		"langRuns": func(text string) template.HTML {
			var b strings.Builder
			for _, r := range script.Runs(text, lang, t.cfg.Codes()) {
				if r.Lang == "" {
					b.WriteString(template.HTMLEscapeString(r.Text))
					continue
				}
				fmt.Fprintf(&b, `<span lang="%s">%s</span>`, template.HTMLEscapeString(r.Lang), template.HTMLEscapeString(r.Text))
			}
			return template.HTML(b.String())
		},
		// fontFace is a self-hosted font's @font-face for a page at root.
		"fontFace": func(w *script.WebFont, root string) template.CSS { return t.face(w, nil, root).css },
		"nameFace": func(f NameFace, root string) template.CSS { return t.face(f.Font, f.Langs, root).css },
	}
}

// CheckLayouts reports pages whose front matter names a layout the theme
// does not have: falling back to the default layout would hide a typing
// mistake.
func (t *Theme) CheckLayouts(srcs []*content.Source) diag.List {
	var diags diag.List
	for _, src := range srcs {
		l := src.Meta.Layout
		if l == "" {
			continue
		}
		if _, ok := t.find(l + ".html"); ok {
			continue
		}
		pos, ok := src.ValuePos["layout"]
		if !ok {
			pos = diag.Pos{File: src.Path, Line: 1, Col: 1}
		}
		diags.Add(diag.Diagnostic{Pos: pos, Severity: diag.Error, Code: "layout",
			Message: fmt.Sprintf("layout %q: the theme has no layouts/%s.html", l, l),
			Hint:    "remove layout: to use the default, or add the file to the theme or its override folder"})
	}
	return diags
}

// ProbeLayout renders the inline critical CSS exactly as pages carry it,
// so its Content-Security-Policy hash is of the very bytes html/template
// writes.
const ProbeLayout = "_csp-style-probe.html"

// HashStyles computes the CSP source of the inline critical CSS
// (Assets.StyleHash), which every page's policy names.
func (t *Theme) HashStyles() error {
	out, err := t.Execute([]string{ProbeLayout}, t.cfg.SourceLanguage, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", ProbeLayout, err)
	}
	start, end := bytes.Index(out, []byte("<style>")), bytes.LastIndex(out, []byte("</style>"))
	if start < 0 || end < start || bytes.Count(out, []byte("<style")) != 1 {
		return fmt.Errorf("%s must render exactly one <style> element", ProbeLayout)
	}
	t.Assets.StyleHash = CSPHash(out[start+len("<style>") : end])
	return nil
}

// sizeUnit is how n bytes are written: the UI string (size_kb or
// size_mb) and its number, kilobytes rounded up, from 1,000 KB megabytes
// rounded up to a tenth, as offline.js's size() does.
func sizeUnit(n int) (id string, number any) {
	kb := (n + 1023) / 1024
	if kb < 1000 {
		return "size_kb", kb
	}
	return "size_mb", fmt.Sprintf("%.1f", math.Ceil(float64(n)/104857.6)/10)
}
