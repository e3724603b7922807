package serve

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"maps"
	"path"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing/fstest"
	"time"

	"spean/generator/build"
	"spean/generator/check"
	"spean/generator/config"
	"spean/generator/content"
	"spean/generator/diag"
	"spean/generator/i18n"
	"spean/generator/markdown"
	"spean/generator/publish"
	"spean/generator/site"
	"spean/generator/theme"
)

// Builder runs the build's own steps (package build, with
// build.Options.Preview) and keeps what the last build made, so a save can
// be rebuilt in milliseconds: every source's front matter and parsed
// document, the assembled site, the theme and each page's HTML. It is used
// from one goroutine.
//
// A content save is rebuilt in two steps. Pages first: re-load and re-parse
// only the saved files, re-assemble the site (cheap), re-render only the
// pages whose inputs changed (build.Build.Pages), and publish. Then the
// rest, in the background, because the search index of a large site takes
// seconds and the reader of the edited page must not wait for it: the
// steps before and after the pages (build.Build.Prepare, Index, Generate
// and SearchPages) on the new site. Anything else (config, UI strings,
// theme, a file added or removed) rebuilds everything, in one step.
type Builder struct {
	fsys       fs.FS
	loadConfig func() (*config.Config, error)

	// loaded is set once every source is loaded and parsed: from then on
	// a content save is handled incrementally, even if the site has not
	// rendered yet because the content had errors.
	loaded bool
	cfg    *config.Config
	bundle *i18n.Bundle
	parser *build.Parser
	// baseDiags come from the UI strings and the hotlines.
	baseDiags diag.List
	srcs      []*content.Source // sorted by path, drafts dropped
	files     map[string]*file  // by path, every .md loaded
	// dirty lists the sources changed since the last rendered site, and
	// moved the page keys added or removed since then.
	dirty, moved map[string]bool
	// gen counts the sites rendered, whether new or changed in place
	// (retext): a Finisher's result is for the site of its gen alone.
	gen uint64
	// finishing counts the Finisher functions made and not yet returned:
	// while one may read the rendered site, it is not changed in place.
	finishing atomic.Int32
	// assembled are what assembling the rendered site found (warnings:
	// it had no error), when known: a site changed in place (retext) keeps
	// them, none of them about the files saved.
	assembled   diag.List
	assembledOK bool
	// rendered is the last site whose pages were rendered; theme is the
	// theme they were rendered with (its Extra filled by the renderers).
	rendered *site.Site
	theme    *theme.Theme
	pages    map[string][]byte
	rest     map[string][]byte
	// kept and notes are the last complete build's outputs other than
	// pages and the notes its steps left (publish.Reuser): the next build
	// reuses what would come out the same, such as the search index of a
	// language no save touched.
	kept  map[string][]byte
	notes map[string]string
	// said are the warnings about files saved since serve started (a
	// draft left out, Zawgyi, text not in NFC…: what check says of a
	// file's own text), by file, each standing until the file is saved
	// again: fixed, broken (its errors then say more), or removed. The
	// build lets them pass; the terminal prints them as each file is
	// saved, and every open page shows them (Standing).
	said map[string]diag.List
}

// file is one content file as last loaded.
type file struct {
	raw        []byte
	src        *content.Source // nil when it could not be loaded
	loadDiags  diag.List
	doc        *markdown.Doc
	parseDiags diag.List
}

// NewBuilder builds from the site folder fsys.
func NewBuilder(fsys fs.FS, loadConfig func() (*config.Config, error)) *Builder {
	return &Builder{fsys: fsys, loadConfig: loadConfig}
}

// options are the build's options for a preview.
var options = build.Options{Preview: true}

// Result is one build's outcome.
type Result struct {
	// Pages and Rest are the outputs; nil when the build failed.
	Pages, Rest map[string][]byte
	// Complete is false when Rest is from an earlier site and a Finish
	// step must follow.
	Complete bool
	Err      error
	Warnings diag.List
	// Rendered is how many pages were rendered.
	Rendered int
	Full     bool
	Duration time.Duration
	// Unchanged is set when the saved files were byte-identical.
	Unchanged bool
	// Delta, when not nil, says how Pages was made from the last
	// Result's (an incremental build's).
	Delta *Delta
	// InPlace says the site was not assembled again but changed in place
	// (Builder.retext).
	InPlace bool
}

// Build rebuilds after changes to the given paths (slash-separated, from
// the site root); all forces a full build.
func (b *Builder) Build(ctx context.Context, changed []string, all bool) *Result {
	start := time.Now()
	var r *Result
	if !all && b.loaded {
		r = b.incremental(ctx, changed)
	}
	if r == nil {
		r = b.full(ctx, changed)
	}
	r.Duration = time.Since(start)
	return r
}

// full is a clean build that keeps its intermediate results; changed are
// the files saved that called for it, if any.
func (b *Builder) full(ctx context.Context, changed []string) *Result {
	b.loaded, b.rendered, b.theme, b.pages, b.rest, b.dirty, b.moved = false, nil, nil, nil, nil, map[string]bool{}, map[string]bool{}
	b.gen++
	cfg, err := b.loadConfig()
	if err != nil {
		return &Result{Err: err, Full: true}
	}
	b.cfg = cfg
	langs := cfg.Codes()
	srcs, loadDiags := content.Load(b.fsys, langs)
	byFile := map[string]diag.List{}
	for _, d := range loadDiags {
		byFile[d.Pos.File] = append(byFile[d.Pos.File], d)
	}
	b.files = map[string]*file{}
	for _, s := range srcs {
		b.files[s.Path] = &file{src: s}
	}
	for name, l := range byFile {
		f := b.files[name]
		if f == nil {
			f = &file{}
			b.files[name] = f
		}
		f.loadDiags = l
	}
	b.srcs = build.Drafts(cfg, srcs)
	bundle, d := i18n.Load(b.fsys, i18n.Dir, langs, cfg.SourceLanguage)
	b.bundle, b.baseDiags = bundle, d
	ps, d := build.NewParser(cfg, b.fsys, bundle)
	b.parser = ps
	b.baseDiags = append(b.baseDiags, d...)
	docs, parseDiags := ps.Parse(b.srcs, b.srcs)
	for _, s := range b.srcs {
		b.files[s.Path].doc = docs[s]
	}
	for _, d := range parseDiags {
		if f := b.files[d.Pos.File]; f != nil {
			f.parseDiags = append(f.parseDiags, d)
		} else {
			b.baseDiags = append(b.baseDiags, d)
		}
	}
	b.loaded = true
	b.resay(changed)
	s, diags := b.assemble()
	if diags.HasErrors() {
		return &Result{Err: diags.Err(), Full: true}
	}
	r := b.renderFull(ctx, s, diags)
	// A full build leaves most of what it allocated as garbage (on the
	// 10k site, gigabytes). Collect it now, while the author reads the
	// page, rather than in the middle of their next save: on two cores a
	// collection running beside a save made it take 135 ms instead of 33.
	runtime.GC()
	return r
}

// renderFull renders every page of s and the rest with a new theme, and
// makes it the rendered site.
func (b *Builder) renderFull(ctx context.Context, s *site.Site, diags diag.List) *Result {
	th, err := theme.New(b.fsys, b.cfg, b.bundle)
	if err != nil {
		return &Result{Err: err, Full: true}
	}
	if d := th.CheckLayouts(s.Sources); d.HasErrors() {
		return &Result{Err: d.Err(), Full: true}
	}
	assembled := slices.Clip(diags)
	out := publish.NewMemoryOver(b.kept, b.notes)
	diags = append(diags, build.New(b.loadedSite(s, th), out, options).Run(ctx)...)
	if err := ctx.Err(); err != nil {
		return &Result{Err: err, Full: true}
	}
	if diags.HasErrors() {
		return &Result{Err: diags.Err(), Full: true}
	}
	pages, rest := split(s, out)
	b.rendered, b.theme, b.pages, b.rest, b.dirty, b.moved = s, th, pages, rest, map[string]bool{}, map[string]bool{}
	b.gen, b.assembled, b.assembledOK = b.gen+1, assembled, true
	b.kept, b.notes = rest, out.Notes()
	return &Result{Pages: pages, Rest: rest, Complete: true, Warnings: warnings(diags), Rendered: len(s.Pages), Full: true}
}

// loadedSite is what the build's steps read.
func (b *Builder) loadedSite(s *site.Site, th *theme.Theme) *build.Loaded {
	return &build.Loaded{Config: b.cfg, Site: s, Bundle: b.bundle, Theme: th}
}

// split parts a build's outputs into the content pages, which saves
// re-render one by one, and the rest.
func split(s *site.Site, m *publish.Memory) (pages, rest map[string][]byte) {
	isPage := make(map[string]bool, len(s.Pages))
	for _, p := range s.Pages {
		isPage[p.Output()] = true
	}
	pages, rest = map[string][]byte{}, map[string][]byte{}
	for _, name := range m.Names() {
		data, _ := m.Get(name)
		if isPage[name] {
			pages[name] = data
		} else {
			rest[name] = data
		}
	}
	return pages, rest
}

// assemble assembles the current sources and collects every diagnostic, in
// build.Load's order.
func (b *Builder) assemble() (*site.Site, diag.List) {
	var diags diag.List
	for _, name := range slices.Sorted(maps.Keys(b.files)) {
		diags = append(diags, b.files[name].loadDiags...)
	}
	diags = append(diags, b.baseDiags...)
	docs := make(map[*content.Source]*markdown.Doc, len(b.srcs))
	for _, s := range b.srcs {
		f := b.files[s.Path]
		docs[s] = f.doc
		diags = append(diags, f.parseDiags...)
	}
	s, d := site.Assemble(b.cfg, b.srcs, docs, b.parser.Data())
	return s, append(diags, d...)
}

func contents(m *publish.Memory) map[string][]byte {
	out := map[string][]byte{}
	for _, name := range m.Names() {
		out[name], _ = m.Get(name)
	}
	return out
}

func warnings(l diag.List) diag.List {
	var w diag.List
	for _, d := range l {
		if d.Severity != diag.Error {
			w = append(w, d)
		}
	}
	w.Sort()
	return w
}

// gone reports whether name, not a page, no longer exists and held no
// page: a temporary file an editor or sed -i wrote beside the one it saved
// and renamed or removed (a folder that held pages is another matter).
func (b *Builder) gone(name string) bool {
	if _, err := fs.Stat(b.fsys, name); !errors.Is(err, fs.ErrNotExist) {
		return false
	}
	for f := range b.files {
		if strings.HasPrefix(f, name+"/") {
			return false
		}
	}
	return true
}

// incremental rebuilds the pages that saved content files affect. It
// returns nil when the change needs a full build.
func (b *Builder) incremental(ctx context.Context, changed []string) *Result {
	langs := b.cfg.Codes()
	// First load every saved file, changing nothing: a batch that needs a
	// full build or fails to load must leave the state as it was.
	var updates []update
	// moved are the page keys a batch adds or removes (a new file, a
	// deleted one, a changed key or draft flag): the set of pages changes,
	// so links elsewhere may now resolve or break.
	moved := map[string]bool{}
	broken := false     // a saved file that does not load
	var notes diag.List // warnings about the saved files
	for _, name := range changed {
		if !isContentPage(name) {
			if b.gone(name) {
				continue // an editor's temporary file, come and gone
			}
			return nil
		}
		f := b.files[name]
		if f != nil && f.src == nil {
			return nil // one that never loaded: its diagnostics are the full build's
		}
		raw, err := fs.ReadFile(b.fsys, name)
		if errors.Is(err, fs.ErrNotExist) {
			if f != nil {
				moved[f.src.Key] = true
				updates = append(updates, update{name: name, removed: true})
			}
			continue // or created and removed again between two builds
		}
		if err != nil {
			return nil
		}
		if f != nil && f.raw != nil && bytes.Equal(raw, f.raw) {
			continue // saved without a change, or touched
		}
		src, d := content.LoadFile(fstest.MapFS{name: {Data: raw}}, name, langs)
		if src == nil && d.HasErrors() {
			// Front matter that does not parse, mid-edit: the preview
			// keeps the file's last good state, so the fix is a quick
			// rebuild rather than a full one, and its errors stay with it
			// (assemble reports them) until it loads or is deleted:
			// saving another page must not clear them while build still
			// fails. The rest of the batch (a git pull, a replace across
			// files) is loaded as usual. The next save of it is read
			// again even if it restores the old bytes. (A full build
			// after this loads every file again from disk.)
			if f == nil {
				f = &file{} // a new file: never loaded, so its next save is a full build
				b.files[name] = f
			}
			f.raw, f.loadDiags = nil, d
			b.say(name, nil)
			broken = true
			continue
		}
		if src == nil {
			return nil
		}
		if f == nil || src.Key != f.src.Key || src.Meta.Draft != f.src.Meta.Draft {
			moved[src.Key] = true
			if f != nil {
				moved[f.src.Key] = true
			}
		}
		updates = append(updates, update{name: name, raw: raw, src: src, d: d})
	}
	if len(moved) > 0 {
		for _, u := range updates {
			// A section added or removed changes menus and every
			// page's place: that is a full build.
			if strings.HasPrefix(path.Base(u.name), "_index.") {
				return nil
			}
		}
	}
	var reparse []*content.Source
	if len(moved) > 0 {
		for _, u := range updates {
			if u.removed {
				delete(b.files, u.name)
			} else {
				b.files[u.name] = &file{raw: u.raw, src: u.src, loadDiags: u.d}
			}
			b.dirty[u.name] = true
		}
		var all []*content.Source
		for _, name := range slices.Sorted(maps.Keys(b.files)) {
			if f := b.files[name]; f.src != nil {
				all = append(all, f.src)
			}
		}
		b.srcs = build.Drafts(b.cfg, all)
		maps.Copy(b.moved, moved)
		// Parse again the saved pages and every page whose links may
		// resolve differently now: those that link to a moved key, and
		// those with a finding (a link that did not resolve before).
		for _, src := range b.srcs {
			f := b.files[src.Path]
			if f.doc == nil || len(f.parseDiags) > 0 || slices.ContainsFunc(f.doc.Links, func(l *markdown.Link) bool { return moved[l.Target] }) {
				reparse = append(reparse, src)
				b.dirty[src.Path] = true
			}
		}
	} else {
		// The rendered site holds the old slice (Site.Sources): replace in
		// a copy, so affected can still compare against the old front
		// matter.
		b.srcs = slices.Clone(b.srcs)
		for _, u := range updates {
			b.files[u.name] = &file{raw: u.raw, src: u.src, loadDiags: u.d}
			b.dirty[u.name] = true
			i, ok := slices.BinarySearchFunc(b.srcs, u.name, func(s *content.Source, p string) int { return strings.Compare(s.Path, p) })
			if ok {
				b.srcs[i] = u.src
				reparse = append(reparse, u.src)
			}
			// Not found: a draft while drafts are off, which shows nowhere.
		}
	}
	if len(reparse) > 0 {
		docs, d := b.parser.Parse(b.srcs, reparse)
		byFile := map[string]diag.List{}
		for _, x := range d {
			byFile[x.Pos.File] = append(byFile[x.Pos.File], x)
		}
		for _, s := range reparse {
			f := b.files[s.Path]
			f.doc, f.parseDiags = docs[s], byFile[s.Path]
		}
	}
	for _, u := range updates {
		if u.removed {
			b.say(u.name, nil)
			continue
		}
		var doc *markdown.Doc
		if f := b.files[u.name]; f != nil && f.src == u.src {
			doc = f.doc
		}
		l := b.saidOf(u.src, u.raw, doc)
		b.say(u.name, l)
		notes = append(notes, l...)
	}
	if len(b.dirty) == 0 && b.rendered != nil && !broken {
		return &Result{Pages: b.pages, Rest: b.rest, Complete: true, Unchanged: len(notes) == 0, Warnings: notes}
	}
	if len(moved) == 0 && !broken {
		if affected, ok := b.retext(updatedSources(updates)); ok {
			r := b.renderAffected(ctx, b.rendered, affected, b.assembled, notes)
			r.InPlace = true
			return r
		}
	}
	s, diags := b.assemble()
	if b.theme != nil {
		// A layout: naming none of the theme's fails the build: it must
		// fail here too (renderFull checks with the theme it makes).
		diags = append(diags, b.theme.CheckLayouts(s.Sources)...)
	}
	if diags.HasErrors() {
		return &Result{Err: diags.Err()}
	}
	if b.rendered == nil {
		// The content had errors since the last full build: render it
		// all now, without parsing it all again.
		return b.renderFull(ctx, s, diags)
	}
	return b.renderAffected(ctx, s, b.affected(s), diags, notes)
}

// renderAffected renders the pages affected of s, which assembling it
// found diags in, and makes s the rendered site; notes are what the
// preview says of the files saved.
func (b *Builder) renderAffected(ctx context.Context, s *site.Site, affected []*site.Page, diags, notes diag.List) *Result {
	assembled := slices.Clip(diags)
	pageSink := publish.NewMemory()
	// The pages render with the last theme, and so with what the other
	// steps published for layouts; Finisher brings those up to date.
	diags = append(diags, build.New(b.loadedSite(s, b.theme), pageSink, options).Pages(ctx, affected)...)
	if err := ctx.Err(); err != nil {
		b.assembledOK = false // s may be the rendered site, changed in place: assemble it next time
		return &Result{Err: err}
	}
	if diags.HasErrors() {
		b.assembledOK = false
		return &Result{Err: diags.Err()}
	}
	pages := maps.Clone(b.pages)
	delta := &Delta{Base: b.pages, Names: pageSink.Names()}
	for _, name := range delta.Names {
		pages[name], _ = pageSink.Get(name)
	}
	if len(b.moved) > 0 {
		// A removed page's output goes with it.
		live := map[string]bool{}
		for _, p := range s.Pages {
			live[p.Output()] = true
		}
		maps.DeleteFunc(pages, func(name string, _ []byte) bool {
			if !live[name] {
				delta.Names = append(delta.Names, name)
			}
			return !live[name]
		})
	}
	b.rendered, b.pages, b.dirty, b.moved = s, pages, map[string]bool{}, map[string]bool{}
	b.gen, b.assembled, b.assembledOK = b.gen+1, assembled, true
	return &Result{Pages: pages, Rest: b.rest, Complete: false, Warnings: append(warnings(diags), notes...), Rendered: len(affected), Delta: delta}
}

// update is one saved file of a batch, as loaded.
type update struct {
	name    string
	raw     []byte
	src     *content.Source
	d       diag.List
	removed bool
}

// updatedSources lists the saved sources of a batch; nil when one was
// removed.
func updatedSources(updates []update) []*content.Source {
	var out []*content.Source
	for _, u := range updates {
		if u.removed {
			return nil
		}
		out = append(out, u.src)
	}
	return out
}

// retext changes the rendered site in place for saved sources that
// changed only their text (site.Site.Retext, which says which do) and
// returns the pages to render again; ok is false, the site untouched,
// unless also the site's assembly found no error and nothing about the
// saved files, which have no diagnostic now, and no Finisher may be
// reading the site. On the 10,000-page site this is most saves, and
// assembling the site again took most of one (25–30 ms of 30–40, and
// 50–80 ms of 90–110 after the writer had paused a few seconds).
func (b *Builder) retext(saved []*content.Source) (affected []*site.Page, ok bool) {
	s := b.rendered
	if s == nil || len(saved) == 0 || !b.assembledOK || b.theme == nil || b.finishing.Load() > 0 || len(b.dirty) != len(saved) {
		return nil, false
	}
	for _, d := range b.assembled {
		if slices.ContainsFunc(saved, func(src *content.Source) bool { return d.Pos.File == src.Path }) {
			return nil, false // said of the file as it was
		}
	}
	docs := make(map[*content.Source]*markdown.Doc, len(saved))
	for _, src := range saved {
		f := b.files[src.Path]
		if !b.dirty[src.Path] || f == nil || f.src != src || len(f.loadDiags) > 0 || len(f.parseDiags) > 0 {
			return nil, false
		}
		docs[src] = f.doc
	}
	// A translation of a source page whose text changed may become
	// outdated, or current again (site.Outdated).
	outdated := map[*site.Page]bool{}
	for _, src := range saved {
		if src.Lang == s.Config.SourceLanguage {
			for _, p := range s.Pages {
				if p.Key == src.Key {
					outdated[p] = s.Outdated(p)
				}
			}
		}
	}
	if !s.Retext(b.srcs, docs) {
		return nil, false
	}
	b.gen++ // a Finisher's result for the site as it was is out of date
	for _, p := range s.Pages {
		was, asked := outdated[p]
		if slices.Contains(saved, p.Source) || asked && s.Outdated(p) != was {
			affected = append(affected, p)
		}
	}
	return affected, true
}

// saidOf is what the preview says of a saved page: that it is a draft,
// which the preview leaves out, and what check says of its own text
// (Zawgyi, text not in NFC, a paragraph in another script…), which the
// build lets pass, as warnings, so a translator need not wait for check
// to hear it. doc is the page's parsed document, or nil.
func (b *Builder) saidOf(src *content.Source, raw []byte, doc *markdown.Doc) diag.List {
	var l diag.List
	if src.Meta.Draft && !b.cfg.Drafts {
		pos := diag.Pos{File: src.Path, Line: 1, Col: 1}
		if p, ok := src.MetaPos["draft"]; ok {
			pos = p
		}
		l = append(l, diag.Diagnostic{Pos: pos, Severity: diag.Warning, Code: "draft",
			Message: "a draft (draft: true), which the preview leaves out", Hint: "restart serve with --drafts to see drafts; remove draft: true to publish it"})
	}
	for _, d := range check.File(src, raw, doc, b.cfg.SourceLanguage) {
		d.Severity = diag.Warning
		l = append(l, d)
	}
	return l
}

// say makes l what stands for the file name (none when l is empty).
func (b *Builder) say(name string, l diag.List) {
	if len(l) == 0 {
		delete(b.said, name)
		return
	}
	if b.said == nil {
		b.said = map[string]diag.List{}
	}
	b.said[name] = l
}

// resay checks, after a full build has loaded every file from disk, the
// content files saved that called for it (a page saved with the
// configuration in one git pull, a new page whose first save did not
// load) and those something was said of: a file changed meanwhile (a
// checkout, a pull) says what it says now, one gone says nothing.
func (b *Builder) resay(saved []string) {
	names := map[string]bool{}
	for name := range b.said {
		names[name] = true
	}
	for _, name := range saved {
		if isContentPage(name) {
			names[name] = true
		}
	}
	for _, name := range slices.Sorted(maps.Keys(names)) {
		f := b.files[name]
		raw, err := fs.ReadFile(b.fsys, name)
		if f == nil || f.src == nil || err != nil {
			b.say(name, nil)
			continue
		}
		b.say(name, b.saidOf(f.src, raw, f.doc))
	}
}

// Standing is every warning that stands about the files saved (said), by
// file and place.
func (b *Builder) Standing() diag.List {
	var l diag.List
	for _, w := range b.said {
		l = append(l, w...)
	}
	l.Sort()
	return l
}

// isContentPage reports whether name is a page source content.Load reads.
func isContentPage(name string) bool {
	if !strings.HasPrefix(name, "content/") || !strings.HasSuffix(name, ".md") {
		return false
	}
	for _, part := range strings.Split(name, "/")[1:] {
		if strings.HasPrefix(part, "_") && part != path.Base(name) || strings.HasPrefix(part, ".") {
			return false
		}
	}
	return true
}

// affected lists the pages of s whose HTML may differ from the last
// rendered site, from what the layouts show of other pages:
//   - a body change shows only on the pages displaying that text (the page
//     and the fallback copies sharing its document), and, in the source
//     language, on its translations that it makes outdated or current;
//   - a front-matter change (title, description…) also shows in the
//     page's translations (language switcher), its section's list, its
//     neighbours' prev/next links and on each home page; a weight change
//     reorders the section, so every sibling is rendered again;
//   - a front-matter change of a section or home page shows in breadcrumbs
//     and menus everywhere, so every page is rendered again.
func (b *Builder) affected(s *site.Site) []*site.Page {
	old := map[string]*content.Source{}
	for _, src := range b.rendered.Sources {
		old[src.Path] = src
	}
	set := map[*site.Page]bool{}
	add := func(p *site.Page) {
		if p != nil {
			set[p] = true
		}
	}
	for key := range b.moved {
		// A page added or removed shows in its section's list, its
		// siblings' prev/next links, its translations' language
		// switchers and on the home pages.
		for _, lang := range s.Langs {
			parent := ""
			if p := s.Page(key, lang); p != nil {
				if p.Kind != site.Regular {
					return s.Pages
				}
				add(p)
				for _, t := range s.Pages {
					if t.Key == key {
						add(t)
					}
				}
				if p.Parent != nil {
					parent = p.Parent.Key
				}
			} else if q := b.rendered.Page(key, lang); q != nil && q.Parent != nil {
				parent = q.Parent.Key
			}
			add(s.Home[lang])
			if sec := s.Page(parent, lang); parent != "" && sec != nil {
				add(sec)
				for _, c := range sec.Children {
					add(c)
				}
			}
		}
	}
	for name := range b.dirty {
		f := b.files[name]
		if f == nil || f.src == nil {
			continue // removed: its key is in moved
		}
		prev := old[name]
		metaSame := prev != nil && f.src != nil && reflect.DeepEqual(prev.Meta, f.src.Meta)
		for _, p := range s.Pages {
			if p.Source.Path == name {
				add(p)
			}
		}
		if prev != nil && f.src.Lang == s.Config.SourceLanguage {
			// A translation records the hash of the source it was made
			// from: a change to the source's text may make it outdated,
			// or current again, and its page says so (site.Outdated).
			for _, lang := range s.Langs {
				p, q := s.Page(f.src.Key, lang), b.rendered.Page(f.src.Key, lang)
				if p != nil && q != nil && s.Outdated(p) != b.rendered.Outdated(q) {
					add(p)
				}
			}
		}
		if metaSame || prev == nil {
			continue // same front matter; or a new file, whose key is in moved
		}
		for _, lang := range s.Langs {
			p := s.Page(f.src.Key, lang)
			if p == nil {
				continue
			}
			if p.Kind != site.Regular {
				return s.Pages
			}
			add(p)
			add(s.Home[lang])
			add(p.Parent)
			if prev.Meta.Weight == f.src.Meta.Weight {
				// Same place in the section: only the neighbours'
				// prev/next links show this page.
				add(p.Prev)
				add(p.Next)
			} else if p.Parent != nil {
				// Moved: every sibling's neighbours may have changed.
				for _, c := range p.Parent.Children {
					add(c)
				}
			}
		}
	}
	var out []*site.Page
	for _, p := range s.Pages {
		if set[p] {
			out = append(out, p)
		}
	}
	return out
}

// Finished is the result of a Finisher.
type Finished struct {
	Result
	site  *site.Site
	gen   uint64 // Builder.gen when it was made
	theme *theme.Theme
	notes map[string]string
}

// Finisher returns the second step of an incremental build: the steps
// before and after the pages (build.Build.Prepare, Index, Generate and
// SearchPages) for the last rendered site, with a new theme. If they
// publish different values for layouts, every page renders again. It
// reads no Builder state when run, so it can run while the next save is
// being built; Apply then keeps its result only if no build happened
// meanwhile. It returns nil when there is nothing to finish.
func (b *Builder) Finisher() func(ctx context.Context) *Finished {
	s, pages, oldTheme, cfg, bundle, fsys, kept, notes := b.rendered, b.pages, b.theme, b.cfg, b.bundle, b.fsys, b.kept, b.notes
	if s == nil {
		return nil
	}
	gen := b.gen
	// Counted from now, not from when it runs: a save built between the
	// two must not change the site it is about to read (retext). One made
	// and never run keeps every later save off that path.
	b.finishing.Add(1)
	return func(ctx context.Context) *Finished {
		defer b.finishing.Add(-1)
		start := time.Now()
		f := &Finished{site: s, gen: gen}
		th, err := theme.New(fsys, cfg, bundle)
		if err != nil {
			f.Err = err
			return f
		}
		f.theme = th
		restSink := publish.NewMemoryOver(kept, notes)
		bld := build.New(&build.Loaded{Config: cfg, Site: s, Bundle: bundle, Theme: th}, restSink, options)
		diags := bld.Prepare(ctx)
		diags = append(diags, bld.Index(ctx)...)
		if !reflect.DeepEqual(th.Assets, oldTheme.Assets) {
			// A step published a new value for layouts: any page may
			// show it.
			pageSink := publish.NewMemory()
			diags = append(diags, build.New(&build.Loaded{Config: cfg, Site: s, Bundle: bundle, Theme: th}, pageSink, options).Pages(ctx, s.Pages)...)
			pages, f.Rendered = contents(pageSink), len(s.Pages)
		}
		if !diags.HasErrors() {
			diags = append(diags, bld.Generate(ctx)...)
			diags = append(diags, bld.SearchPages(ctx)...)
		}
		rest := contents(restSink)
		for name := range rest {
			if _, dup := pages[name]; dup {
				diags.Errorf(diag.Pos{File: name}, "render", "two outputs for %s", name)
			}
		}
		f.Duration = time.Since(start)
		switch {
		case ctx.Err() != nil:
			f.Err = ctx.Err()
		case diags.HasErrors():
			f.Err = diags.Err()
		default:
			f.Pages, f.Rest, f.Complete, f.Warnings = pages, rest, true, warnings(diags)
			f.notes = restSink.Notes()
		}
		return f
	}
}

// Current reports whether f was made for the site last rendered, as it
// is now.
func (b *Builder) Current(f *Finished) bool { return f.gen == b.gen && f.site == b.rendered }

// Apply makes a Finisher's result the current output and reports whether
// it could: a result for a site that has been rebuilt since is dropped.
func (b *Builder) Apply(f *Finished) bool {
	if f.Err != nil || !b.Current(f) {
		return false
	}
	b.pages, b.rest, b.theme = f.Pages, f.Rest, f.theme
	b.kept, b.notes = f.Rest, f.notes
	return true
}
