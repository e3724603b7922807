// Package build is the pipeline, written down in one place: Load reads,
// parses, assembles and checks everything (nothing is written before every
// input has been judged, and one run reports every error), then Run makes
// the outputs in the order listed there and publishes them atomically. Each
// step is a call into the package that owns it; the values steps hand on
// live in a Build, made per build. serve calls the same steps.
package build

import (
	"context"
	"crypto/sha256"
	"debug/elf"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime/pprof"
	"runtime/trace"
	"slices"
	"strings"
	"sync"
	"time"

	"spean/generator/config"
	"spean/generator/content"
	"spean/generator/deploy"
	"spean/generator/diag"
	"spean/generator/hotline"
	"spean/generator/i18n"
	"spean/generator/internal/gcgoal"
	"spean/generator/internal/hugepages"
	"spean/generator/leaflet"
	"spean/generator/markdown"
	"spean/generator/offline"
	"spean/generator/paths"
	"spean/generator/publish"
	"spean/generator/search"
	"spean/generator/site"
	"spean/generator/status"
	"spean/generator/terms"
	"spean/generator/theme"
	"spean/generator/workers"
)

// Options say what to build.
type Options struct {
	// FS is the site root: config.yaml, content/, themes/, i18n/.
	FS fs.FS
	// Config is the loaded configuration.
	Config *config.Config
	// Sink receives the output. If nil, Run builds into Output,
	// atomically.
	Sink publish.Sink
	// Output is the output folder on disk, absolute, as paths.Output
	// checked it: never the site, its parent or an input.
	Output string
	// Status adds the translation status page (build --status).
	Status bool
	// Preview leaves out what only a published site needs (serve): the
	// service worker, which would keep saved copies and fight live reload,
	// the zips, the host's headers and the precompressed copies.
	Preview bool
	// Printer, if set, prints every leaflet and booklet to PDF before the
	// site is published, and the leaflets index links the PDFs (leaflets
	// --pdf): a build that cannot print them publishes nothing.
	Printer *leaflet.Printer
	// Timings, if set, receives one line per step with how long it took
	// (build --timings), so whoever chases build time sees where it goes.
	Timings io.Writer
	// FailAfterRender injects an error after rendering and before the swap,
	// so tests can prove a failed build leaves the old output untouched.
	FailAfterRender error
}

// Result describes a finished build.
type Result struct {
	*Loaded
	Diags    diag.List // warnings; errors are returned
	Pages    map[string]int
	Fallback map[string]int
	// PDFs counts the leaflets and booklets printed, and PDFBytes their size.
	PDFs, PDFBytes int
	// Reused counts the pages published again from the previous build,
	// unchanged, instead of rendered (AllPages); Kept the content files
	// taken, parsed, from its documents cache, of Parsed (docscache.go);
	// Unread the content files taken from its notes without reading them
	// (content.Known); Replayed the pages put into the search indexes
	// made from the parts of them the previous build kept, of Indexed
	// (search/segments.go).
	Reused, Kept, Parsed, Unread int
	Replayed, Indexed            int
	Duration                     time.Duration
}

// Loaded is the site read, parsed, assembled and checked: everything the
// steps that write read.
type Loaded struct {
	Config *config.Config
	Site   *site.Site
	Bundle *i18n.Bundle
	// Theme is nil when the theme did not load (its errors are in the
	// diagnostics).
	Theme *theme.Theme
}

// Load reads, parses and assembles the site and loads its theme, and
// returns every diagnostic: content, UI strings, hotlines, links, the
// site's structure and the layouts. check reports the same problems the
// build refuses because it starts here too.
func Load(cfg *config.Config, fsys fs.FS) (*Loaded, diag.List) {
	return load(cfg, fsys, nil)
}

// load is Load, taking the pages it can from the documents cache dc and
// keeping every page parsed in it (nil: no cache).
func load(cfg *config.Config, fsys fs.FS, dc *docsCache) (*Loaded, diag.List) {
	var known *content.Known
	if dc != nil {
		known = dc.known
	}
	// The content files are read while the UI strings, the parser's data
	// and the theme load: neither reads the other's files, and only the
	// parse needs both; the theme and the parser's data each need only the
	// UI strings. The diagnostics keep the order of one after the other.
	var srcs []*content.Source
	var diags diag.List
	read := make(chan struct{})
	go func() {
		defer close(read)
		srcs, diags = sources(cfg, fsys, known)
	}()
	bundle, bd := i18n.Load(fsys, i18n.Dir, cfg.Codes(), cfg.SourceLanguage)
	var th *theme.Theme
	var err error
	themed := make(chan struct{})
	go func() {
		defer close(themed)
		th, err = theme.New(fsys, cfg, bundle)
	}()
	ps, pd := NewParser(cfg, fsys, bundle)
	<-read
	diags = append(append(diags, bd...), pd...)
	ps.cache = dc
	docs, d := ps.Parse(srcs, srcs)
	diags = append(diags, d...)
	s, d := site.Assemble(cfg, srcs, docs, ps.Data())
	diags = append(diags, d...)
	l := &Loaded{Config: cfg, Site: s, Bundle: bundle}
	<-themed
	if err != nil {
		diags = append(diags, diag.FromError(err, diag.Pos{File: cfg.File})...)
	} else {
		l.Theme = th
		diags = append(diags, th.CheckLayouts(s.Sources)...)
	}
	return l, diags
}

// sources loads every content file of the site, through the previous
// build's notes when known is not nil (content.Known), leaving drafts out
// unless the configuration shows them.
func sources(cfg *config.Config, fsys fs.FS, known *content.Known) ([]*content.Source, diag.List) {
	srcs, diags := content.LoadKnown(fsys, cfg.Codes(), known)
	return Drafts(cfg, srcs), diags
}

// Drafts drops the sources marked draft unless the configuration shows
// them (build --drafts).
func Drafts(cfg *config.Config, srcs []*content.Source) []*content.Source {
	if cfg.Drafts {
		return srcs
	}
	kept := make([]*content.Source, 0, len(srcs))
	for _, s := range srcs {
		if !s.Meta.Draft {
			kept = append(kept, s)
		}
	}
	return kept
}

// Parser parses content files exactly as Load does (one markdown
// instance with the UI strings and hotlines, links resolved against every
// page key). It is exported for serve, which keeps the documents of
// unchanged files between rebuilds and re-parses only the files saved.
type Parser struct {
	md    *markdown.Markdown
	hot   *hotline.Data
	terms *terms.Base
	vocab *vocabulary
	cfg   *config.Config
	fsys  fs.FS
	cache *docsCache // of a one-off build into a folder (Run), else nil
	// reserved are the theme's own ids, which headings keep off
	// (theme.IDs).
	reserved map[string]string
	// index is what the last Parse knew of every source (sourceIndex).
	index *sourceIndex
}

// NewParser loads the hotlines from fsys and configures markdown for cfg
// and bundle, with the ids of the theme's own elements kept from headings.
func NewParser(cfg *config.Config, fsys fs.FS, bundle *i18n.Bundle) (*Parser, diag.List) {
	hot, diags := hotline.Load(fsys, hotline.Options{
		SourceLanguage: cfg.SourceLanguage,
		// The source language's file names every language shown; i18n
		// reports a string missing from another file on its own.
		KnownLanguage: func(code string) bool { return bundle.Has(cfg.SourceLanguage, "lang_"+code) },
	})
	tb, d := terms.Load(fsys, cfg.Codes(), cfg.SourceLanguage)
	diags = append(diags, d...)
	t := func(lang, id string) string {
		s, err := bundle.T(lang, id, nil, nil)
		if err != nil {
			return id
		}
		return s
	}
	vocab := newVocabulary(tb, cfg, func(lang string) string { return t(lang, "sources") })
	reserved := theme.IDs(fsys, cfg)
	// A nil *Dialler in the interface would not be a nil Dial.
	var dial markdown.Dialler
	if x := hot.Dialler(); x != nil {
		dial = x
	}
	md := markdown.New(markdown.Options{
		ReservedIDs:    reserved,
		Vocabulary:     vocab.markdown(),
		UnsafeHTML:     cfg.Markdown.UnsafeHTML,
		HeadingClasses: cfg.Markdown.HeadingClasses,
		MaxBlockSize:   int(cfg.Limits.MaxBlockSize),
		MaxNesting:     cfg.Limits.MaxNesting,
		Label:          func(lang, kind string) string { return t(lang, "callout_"+kind) },
		Hotlines: func(w io.Writer, lang string, args []string) error {
			list, _ := hot.Select(args)
			r := hotline.Renderer{Lang: lang, Chain: cfg.Chain(lang), T: func(id string) string { return t(lang, id) }}
			return r.Render(w, list)
		},
		Dial: dial,
	})
	return &Parser{md: md, hot: hot, terms: tb, vocab: vocab, cfg: cfg, fsys: fsys, reserved: reserved}, diags
}

// Data are the data files the parser renders from (hotlines, the
// vocabulary); whoever assembles a site hands them on to site.Assemble.
func (ps *Parser) Data() site.Data { return site.Data{Hotlines: ps.hot, Terms: ps.terms} }

// Parse parses the sources in parse; all is every source of the site, whose
// keys internal links may name.
func (ps *Parser) Parse(all, parse []*content.Source) (map[*content.Source]*markdown.Doc, diag.List) {
	ps.index = indexSources(ps.index, all, ps.cfg.Codes(), ps.cfg.SourceLanguage)
	ps.vocab.set(ps.index.glossary, ps.index.byPath)
	dc := ps.cache
	if dc != nil {
		if err := dc.begin(ps.cfg, ps.fsys, all, ps.index.glossary, ps.reserved, len(parse)); err != nil {
			dc = nil // parse everything, keep nothing
			ps.cache = nil
		}
	}
	docs, diags := parseAll(ps.md, ps.index.linker, ps.fsys, parse, dc)
	for _, src := range parse {
		for _, h := range docs[src].Hotlines {
			if _, unknown := ps.hot.Select(h.Args); len(unknown) > 0 {
				diags.Errorf(h.Pos, "hotline", "hotlines block names %s, which is neither kh, la, mm nor a hotline id in %s", strings.Join(unknown, ", "), hotline.File)
			}
		}
	}
	return docs, diags
}

// parseAll parses every source concurrently, resolves its links and
// renders it, so that each syntax tree can be dropped as soon as it is done;
// or takes it, finished, from the documents cache dc (when not nil), which
// then keeps every document for the next build.
func parseAll(md *markdown.Markdown, lk *site.Linker, fsys fs.FS, srcs []*content.Source, dc *docsCache) (map[*content.Source]*markdown.Doc, diag.List) {
	docs := make([]*markdown.Doc, len(srcs))
	found := make([]diag.List, len(srcs))
	workers.Each(context.Background(), len(srcs), 0, func(i int) {
		s := srcs[i]
		var k [32]byte
		if dc != nil {
			k = dc.key(s)
			if doc, f, ok := dc.take(i, k); ok {
				docs[i], found[i] = doc, f
				return
			}
		}
		// A body not read at load (content.Known) is read now; one that
		// cannot be is an error, reported with an empty page so that
		// the steps after load still have a document for every file.
		body, bad := s.Text(fsys)
		doc := md.Parse(s.Path, body, s.BodyLine, s.Lang)
		found[i] = append(append(bad, doc.Problems...), lk.Resolve(s, doc)...)
		if err := doc.Finish(); err != nil {
			found[i].Errorf(diag.Pos{File: s.Path, Line: s.BodyLine, Col: 1}, "render", "render markdown: %v", err)
		}
		docs[i] = doc
		if dc != nil && bad == nil {
			dc.put(i, k, doc, found[i])
		}
	})
	m := make(map[*content.Source]*markdown.Doc, len(srcs))
	var diags diag.List
	for i, s := range srcs {
		m[s] = docs[i]
		diags = append(diags, found[i]...)
	}
	return m, diags
}

// hugeSiteDocs is the size of the previous build's documents cache from
// which a build asks for its heap in huge pages. They pay where the heap
// grows by hundreds of megabytes within a second, as in a rebuild of a
// large site, whose page faults they cut (package hugepages); where it
// stays small, a 2 MB page partly used is memory the build holds for
// nothing: at 1,000 pages (a 4.6 MB cache, a heap of about 80 MB) the peak
// was 128.4 MB with them and 123.7 without, in as long (eight alternating
// builds each, and the same in rebuilds after an edit). A clean build, with
// no previous cache, went as fast without them at 10,000 pages too (17.1–
// 19.0 s with, 18.1–18.3 s without, three each). The 10,000-page site's
// cache is 46 MB.
const hugeSiteDocs = 16 << 20

// Run builds the site and publishes it. On error nothing is published:
// the returned error is a diag.List with every problem found, or another
// error from publishing.
func Run(ctx context.Context, o Options) (*Result, error) {
	start := startWatch()
	// No collection while the heap is small: the load's first cycles,
	// each marking a heap soon twice as large, come before 64 MB (five
	// of them in a rebuild of the 1,000-page site). The goal is the
	// usual one from the first cycle on, or once the site is loaded.
	loaded := gcgoal.FirstAt(64 << 20)
	defer loaded()
	// The output folder's temporary twin first: the previous build there
	// keeps the documents this one need not parse again (docscache.go).
	sink := o.Sink
	var dir *publish.Dir
	var dc *docsCache
	if sink == nil {
		if o.Output == "" {
			return nil, errors.New("build: no output folder")
		}
		var err error
		if dir, err = publish.NewDir(o.Output, Generator()); err != nil {
			return nil, err
		}
		sink = dir
		// The heap in 2 MB pages while the build runs (package
		// hugepages), when the previous build says the site is large.
		if n, ok := dir.PreviousSize(paths.DocsCache); ok && n >= hugeSiteDocs {
			defer hugepages.Start()()
		}
		dc = readDocsCache(func() []byte {
			b, _ := dir.Previous(paths.DocsCache)
			return b
		})
		prev, _ := dir.Previous(paths.KnownCache)
		// Every language's files are noted, the source language's too:
		// its bodies are read only for a page parsed again, and the
		// glossary's page is found from the notes (Source.HasTerms). The
		// status page hashes the source language's bodies
		// (translation.Status), so a build that makes it reads them.
		dc.known = content.ReadKnown(prev, knownSalt(o.Config), func(lang string) bool { return !o.Status || lang != o.Config.SourceLanguage })
		dc.known.SourceLang = o.Config.SourceLanguage
	}
	// 1. Read, parse, assemble and check everything, before writing.
	var l *Loaded
	var diags diag.List
	pprof.Do(ctx, pprof.Labels("step", "load"), func(ctx context.Context) {
		defer trace.StartRegion(ctx, "load").End()
		l, diags = load(o.Config, o.FS, dc)
	})
	o.timed("load", start, false)
	loaded()
	var parsed, kept, unread int
	if dc != nil {
		parsed, kept, unread = len(dc.ents), int(dc.hits.Load()), dc.known.Taken()
		dc.wait()
		dc.prev = nil // what was not taken
	}
	if diags.HasErrors() {
		if dir != nil {
			_ = dir.Abort()
		}
		return nil, diags.Err()
	}
	releaseTranslations(l)
	abort := func(err error) (*Result, error) {
		if dir != nil {
			_ = dir.Abort()
		}
		return nil, err
	}
	b := New(l, sink, o)
	b.once = true
	b.dir, b.docs = dir, dc
	if dc != nil {
		b.declared, b.sums = dc.site, dc.sums()
	}
	// 2. Make every output.
	diags = append(diags, b.Run(ctx)...)
	if err := ctx.Err(); err != nil {
		return abort(err)
	}
	if diags.HasErrors() {
		return abort(diags.Err())
	}
	if o.FailAfterRender != nil {
		return abort(o.FailAfterRender)
	}
	// 3. Publish: swap the new site into place.
	if dir != nil {
		t := startWatch()
		var err error
		pprof.Do(ctx, pprof.Labels("step", "publish"), func(ctx context.Context) {
			defer trace.StartRegion(ctx, "publish").End()
			err = dir.Commit()
		})
		if err != nil {
			return nil, err
		}
		o.timed("publish", t, false)
	}
	res := &Result{Loaded: l, Pages: map[string]int{}, Fallback: map[string]int{}, PDFs: b.pdfs, PDFBytes: b.pdfBytes, Reused: b.reused, Kept: kept, Parsed: parsed, Unread: unread}
	if b.search != nil {
		res.Replayed, res.Indexed = b.search.Replayed, b.search.Indexed
	}
	for _, p := range l.Site.Pages {
		res.Pages[p.Lang]++
		if p.Fallback {
			res.Fallback[p.Lang]++
		}
	}
	for _, d := range diags {
		if d.Severity != diag.Error {
			res.Diags = append(res.Diags, d)
		}
	}
	res.Diags.Sort()
	res.Duration = time.Since(start.wall)
	return res, nil
}

// releaseTranslations lets go of the markdown of every page not in the
// source language. Once loaded, a page is its parsed document; the only
// later reader of markdown is the status page, which hashes the source
// language's pages to tell outdated translations (translation.Status). On
// the 10,000-page site this is 80 of the 360 MB a loaded site holds
// through the build. serve and check keep everything: they load but do
// not Run.
func releaseTranslations(l *Loaded) {
	for _, src := range l.Site.Sources {
		if src.Lang != l.Config.SourceLanguage {
			src.Body = nil
		}
	}
}

// Build is one build's outputs being made: the loaded site, where the
// outputs go, and what steps hand on to later ones.
type Build struct {
	*Loaded
	opts Options
	// out receives every output; it records their names, since the last
	// steps (offline copies, zips, compression) read the finished site.
	out *publish.Recorder
	// search is the written index, for the search pages.
	search *search.Published
	// pdfs and pdfBytes count what the printer made.
	pdfs, pdfBytes int
	// leafletIndexes are the leaflets indexes left for PrintPDFs to
	// write with the PDFs' sizes (leaflet.Render), nil when none print.
	leafletIndexes *leaflet.Indexes
	// whole is the hash of everything a page shows but its own text
	// (sitewide), made once (wholeKey).
	whole     []byte
	wholeOnce sync.Once
	// rendered and reused count the pages AllPages rendered and those it
	// published again from the previous build; textKeys are the pages'
	// keys (nil when nothing is reused), for the steps after it.
	rendered, reused int
	textKeys         map[*site.Page]string
	// dir is the output folder of a one-off build into one, docs the
	// documents its load parsed or took, which KeepDocs writes there.
	dir  *publish.Dir
	docs *docsCache
	// declared is the documents cache's hash of what the whole site
	// declares (siteDeclares), when it made one, for the page keys.
	declared []byte
	// sums are the documents' hashes the documents cache keeps (docSum),
	// for the page keys and the search index's input, so that neither
	// reads a kept document's HTML or text; nil without that cache.
	sums map[*markdown.Doc][32]byte
	// once says nothing renders the site again after this build (the
	// function Run; serve keeps the loaded site), so each step's input
	// can go when the last step that reads it is done.
	once bool
}

// New prepares a build of l into sink.
func New(l *Loaded, sink publish.Sink, o Options) *Build {
	out := publish.NewRecorder(sink)
	if o.Preview {
		out.LazySums() // only the zips ask for sums, and a preview has none
	}
	return &Build{Loaded: l, opts: o, out: out}
}

// Run makes every output, in this order, once it has published again the
// search indexes whose input did not change and planned the others
// (search.Plan):
//
//  1. what layouts need before any page renders: the hash of the inline
//     CSS (for the Content-Security-Policy), the search scripts under
//     hashed names, the app manifests, icons and offline pages;
//  2. every page of every language;
//  3. the pages made from the others: leaflets, booklets and their
//     indexes, the language chooser, 404, alias redirects, sitemap, the
//     theme's static files and the status page when asked; then the
//     search index of every language and the search pages;
//  4. PDFs of the print pages when asked (leaflets --pdf);
//  5. from the finished files, unless previewing: the downloadable zips,
//     the service worker and its precache lists, the host's headers, and
//     when asked the compressed copies.
//
// A step that fails does not stop the next ones of its group, so one run
// reports every problem; the later groups need the earlier ones whole.
//
// The index reads only the loaded site and only the search pages read it,
// so it can be made while the pages render. It is when little is left to
// index (search.Planned.Small: a rebuild after pages of one language
// changed), which then no longer waits for steps 1 to 3 on cores they
// leave idle: on the 10,000-page site a rebuild after an English edit took
// 1.10-1.20 s rather than 1.37-1.49, after a Lao one 2.2-2.4 s rather than
// 2.9-3.1. Otherwise it comes after every page is rendered: in a clean
// build each step keeps both cores busy, and the index is the build's peak
// of memory, before which a one-off build (the function Run, not serve,
// which renders again) lets go of the pages' HTML (and after it of their
// text); made beside the pages, the 10,000-page site took 21.7-22.0 s
// rather than 20.5-20.6 and 810 MB rather than 700-730.
func (b *Build) Run(ctx context.Context) diag.List {
	var plan *search.Planned
	diags := b.step(ctx, "plan", func(context.Context) diag.List {
		plan = b.planIndex()
		return nil
	})
	index := func(ctx context.Context) diag.List { return b.publishIndex(ctx, plan) }
	// From here the loaded site stays in memory (less what a one-off
	// build lets go of once no later step reads it), and the steps'
	// allocations are mostly garbage within the step: collecting at 1.5
	// times what is in use, not twice (and at 1.2 while the search index
	// is built), took the 10,000-page site's peak from about 1,020 to 850
	// MiB in alternating clean builds of equal wall time, for up to 5 %
	// more CPU. A build that makes little (plan.Small: a rebuild after an
	// edit in one language) is far from that peak and keeps Go's goal:
	// at 1.5 times, a rebuild of the 1,000-page site after an English
	// edit took 0.205 s rather than 0.192 (medians of eight alternating),
	// its peak 55 MB rather than 58; after a Lao edit of the 10,000-page
	// site, 410 MB rather than 475. On a small site its goal would have it
	// collect over and over: the heap may grow by 64 MB (gcgoal.Headroom).
	if plan.Small() {
		defer gcgoal.Headroom(64 << 20)()
	} else if b.once {
		defer gcgoal.Lower(50)()
	}
	var beside chan diag.List
	if plan.Small() {
		beside = make(chan diag.List, 1)
		go func() { beside <- b.stepBeside(ctx, "index", index) }()
	}
	diags = append(diags, b.step(ctx, "prepare", b.Prepare)...)
	diags = append(diags, b.step(ctx, "pages", b.AllPages)...)
	if diags.HasErrors() || ctx.Err() != nil {
		if beside != nil {
			<-beside // nothing writes once Run has returned
		}
		return diags
	}
	diags = append(diags, b.step(ctx, "generate", b.Generate)...)
	if b.docs != nil {
		diags = append(diags, b.step(ctx, "keep", b.KeepDocs)...)
	}
	if b.once {
		b.drop((*markdown.Doc).DropHTML)
		if b.Theme != nil {
			b.Theme.Forget()
		}
	}
	if beside != nil {
		diags = append(diags, <-beside...)
	} else {
		if b.once {
			b.dropTextAsIndexed(plan)
		}
		diags = append(diags, b.step(ctx, "index", index)...)
	}
	if b.once {
		b.drop((*markdown.Doc).DropText)
		// The index was the peak of memory; what comes after it
		// allocates much and keeps little, and collects only once it
		// would hold more than the process does now.
		defer gcgoal.WithinFootprint()()
	}
	diags = append(diags, b.step(ctx, "search", b.SearchPages)...)
	if diags.HasErrors() || ctx.Err() != nil {
		return diags
	}
	if b.opts.Printer != nil {
		diags = append(diags, b.step(ctx, "pdfs", b.PrintPDFs)...)
	}
	if !b.opts.Preview && !diags.HasErrors() {
		diags = append(diags, b.step(ctx, "offline", b.Offline)...)
	}
	return diags
}

// dropTextAsIndexed has a one-off build let go of each page's text as soon
// as the last index that reads it is made, rather than once all are: the
// indexes are the build's peak of memory, made a language or two at a
// time, and the text of the languages done, or not indexed at all, is
// garbage by then. A page of a language may show another's document (a
// fallback), so each document goes once every language left to index
// whose pages show it is done. Only for an index made after every other
// step, not beside them (Run): those read the text.
func (b *Build) dropTextAsIndexed(plan *search.Planned) {
	readers := map[*markdown.Doc]int{}
	each := func(lang string, f func(d *markdown.Doc)) {
		seen := map[*markdown.Doc]bool{}
		for _, p := range b.Site.ByLang[lang] {
			if d := p.Doc; d != nil && !seen[d] {
				seen[d] = true
				f(d)
			}
		}
	}
	for _, lang := range plan.Todo() {
		each(lang, func(d *markdown.Doc) { readers[d]++ })
	}
	for _, p := range b.Site.Pages {
		if d := p.Doc; d != nil && readers[d] == 0 {
			d.DropText()
		}
	}
	// Publish calls this one language at a time.
	plan.AfterEach(func(lang string) {
		each(lang, func(d *markdown.Doc) {
			if readers[d]--; readers[d] == 0 {
				d.DropText()
			}
		})
	})
}

// drop lets every page's parsed document go of what f drops, once no
// later step of a one-off build reads it (see Run).
func (b *Build) drop(f func(*markdown.Doc)) {
	for _, p := range b.Site.Pages {
		if p.Doc != nil {
			f(p.Doc)
		}
	}
}

// step runs one step, timed when Options.Timings asks.
func (b *Build) step(ctx context.Context, name string, f func(context.Context) diag.List) diag.List {
	defer b.opts.timed(name, startWatch(), false)
	return b.labelled(ctx, name, f)
}

// stepBeside is step for a step run beside others: its time is timed in
// wall time only, since the process's CPU time is theirs too.
func (b *Build) stepBeside(ctx context.Context, name string, f func(context.Context) diag.List) diag.List {
	defer b.opts.timed(name, startWatch(), true)
	return b.labelled(ctx, name, f)
}

// labelled runs step name's work, f, as a region of its name in an
// execution trace (build --trace) and under the profiler label
// step=<name>, which the goroutines it starts inherit, so that a profile
// (build --cpuprofile) reads step by step: go tool pprof -tagfocus
// step=offline.
func (b *Build) labelled(ctx context.Context, name string, f func(context.Context) diag.List) (diags diag.List) {
	defer trace.StartRegion(ctx, name).End()
	pprof.Do(ctx, pprof.Labels("step", name), func(ctx context.Context) { diags = f(ctx) })
	return diags
}

// A stopwatch times a step in wall time and in the CPU time of the whole
// process (cpuTime): a step that keeps every core busy takes a multiple of
// its wall time, one that takes little more than its wall time waits on
// one goroutine, so the second number says where more cores would help
// and where only less work would.
type stopwatch struct {
	wall time.Time
	cpu  time.Duration
}

func startWatch() stopwatch { return stopwatch{time.Now(), cpuTime()} }

// timed writes "name duration" to Timings, if set, and the CPU time it
// took where the system says (cpuTime ≥ 0).
//
// A step run beside others (beside) is timed in wall time only, and says
// so. Its line and theirs are written one at a time (timingsMu), each
// whole.
func (o Options) timed(name string, w stopwatch, beside bool) {
	if o.Timings == nil {
		return
	}
	line := fmt.Sprintf("%-9s %7.3f s", name, time.Since(w.wall).Seconds())
	switch {
	case beside:
		line += "  beside the steps before search"
	case w.cpu >= 0:
		if now := cpuTime(); now >= 0 {
			line += fmt.Sprintf(" %7.2f s CPU", (now - w.cpu).Seconds())
		}
	}
	timingsMu.Lock()
	defer timingsMu.Unlock()
	fmt.Fprintln(o.Timings, line)
}

// timingsMu orders the lines of Options.timed.
var timingsMu sync.Mutex

// Prepare is step 1: what layouts need before any page renders.
func (b *Build) Prepare(ctx context.Context) diag.List {
	var diags diag.List
	if err := b.Theme.HashStyles(); err != nil {
		diags.Errorf(diag.Pos{File: "themes/" + b.Config.Theme + "/layouts"}, "theme", "%v", err)
	}
	diags = append(diags, theme.PreviewImages(ctx, b.Site, b.Theme, b.out)...)
	diags = append(diags, search.PublishScripts(b.Site, b.Theme, b.out)...)
	diags = append(diags, offline.Icons(b.out)...)
	diags = append(diags, b.sitePages(ctx, "app", func(sink publish.Sink) diag.List {
		return offline.AppPages(b.Site, b.Theme, sink)
	})...)
	// Leaflets exist in every build: layouts link them.
	b.Theme.Assets.Leaflets = true
	return diags
}

// Index is the end of step 3: the search index of every language, which
// only the search pages read (SearchPages).
func (b *Build) Index(ctx context.Context) diag.List {
	return b.publishIndex(ctx, b.planIndex())
}

// planIndex publishes again the indexes whose input did not change and
// plans the others (search.Plan).
func (b *Build) planIndex() *search.Planned {
	// A one-off build into a folder keeps each page's part of the index
	// there for the next build (search/segments.go).
	var keep publish.Keeper
	if b.dir != nil {
		keep = b.dir
	}
	return search.Plan(b.Site, b.Site.Terms.Vocabulary(b.Site.Langs), b.out, b.sums, keep)
}

// publishIndex makes the indexes plan left.
func (b *Build) publishIndex(ctx context.Context, plan *search.Planned) diag.List {
	var diags diag.List
	b.search, diags = plan.Publish(ctx)
	return diags
}

// Pages is step 2: the given pages, each rendered with the body parsed
// once for its translation set (fallback pages reuse it).
func (b *Build) Pages(ctx context.Context, pages []*site.Page) diag.List {
	return b.Theme.RenderPages(ctx, b.Site, pages, Body, b.out)
}

// Body is a page's rendered markdown.
func Body(p *site.Page) ([]byte, error) {
	if p.Doc == nil {
		return nil, nil
	}
	return p.Doc.HTML()
}

// SearchPages is the end of step 3: the search page of every language
// indexed (Index), rendered once its index is made, since it shows the
// index's version and files.
//
// A language's search page is published again from the previous build
// when its key is (searchPageKey): a rebuild after an edit in one
// language renders that language's alone. Each rendered was a layout
// made ready and escaped for its language (theme.Theme.template) at the
// end of the build, where nothing else runs.
func (b *Build) SearchPages(ctx context.Context) diag.List {
	if b.search == nil {
		return nil
	}
	var outs, keys []string
	if whole := b.wholeKey(); whole != nil {
		for _, lang := range b.Site.Langs {
			if data, ok := b.search.Data(lang); ok {
				outs, keys = append(outs, b.Site.SearchPage(lang).Output()), append(keys, searchPageKey(whole, lang, data))
			}
		}
	}
	c := b.Cache()
	var diags diag.List
	reused, err := c.Reuse(ctx, "search-pages", outs, keys)
	if err != nil {
		diags.Errorf(diag.Pos{File: "generator/build"}, "search", "%v", err)
	}
	again := map[string]bool{} // by output
	for i, out := range outs {
		again[out] = reused[i]
	}
	diags = append(diags, b.search.Pages(ctx, b.Site, b.Theme, b.out, func(lang string) bool {
		return !again[b.Site.SearchPage(lang).Output()]
	})...)
	if diags.HasErrors() || outs == nil {
		return diags
	}
	if err := c.Note("search-pages", outs, keys); err != nil {
		diags.Errorf(diag.Pos{File: "generator/build"}, "search", "%v", err)
	}
	return diags
}

// Generate is step 3 but the search pages: the pages made from the others,
// and the site files.
func (b *Build) Generate(ctx context.Context) diag.List {
	var diags diag.List
	var d diag.List
	b.leafletIndexes, d = leaflet.Render(ctx, b.Site, b.Theme, leaflet.Options{PDF: b.opts.Printer != nil, Cache: b.Cache()}, b.out)
	diags = append(diags, d...)
	diags = append(diags, b.sitePages(ctx, "site", func(sink publish.Sink) diag.List {
		return b.Theme.RenderSitePages(b.Site, sink)
	})...)
	diags = append(diags, b.Theme.CopySiteFiles(b.Site, b.out)...)
	if b.opts.Status {
		diags = append(diags, status.Write(b.Site, b.Theme, b.Config.RepoURL, b.out)...)
	}
	return diags
}

// PrintPDFs is step 4: every leaflet and booklet printed to PDF by
// headless Chromium from the outputs so far, then the leaflets indexes,
// which link them with their sizes. Any failure fails the build, so a
// published index never links a PDF that is not there.
func (b *Build) PrintPDFs(ctx context.Context) diag.List {
	var diags diag.List
	base, err := leaflet.Serve(ctx, b.out.Get)
	if err != nil {
		diags.Errorf(diag.Pos{File: "generator/leaflet"}, "leaflet", "%v", err)
		return diags
	}
	sizes := map[string]int{}
	err = leaflet.PrintAll(ctx, b.opts.Printer, base, leaflet.Jobs(b.Site), workers.Count(4), func(j leaflet.Job, pdf []byte) error {
		b.pdfs++
		b.pdfBytes += len(pdf)
		sizes[j.PDF] = len(pdf)
		return b.out.Write(j.PDF, pdf)
	})
	if err != nil {
		diags.Errorf(diag.Pos{File: "generator/leaflet"}, "leaflet", "print PDFs: %v", err)
		return diags
	}
	if b.leafletIndexes != nil {
		diags = append(diags, b.leafletIndexes.Write(func(pdf string) int { return sizes[pdf] })...)
	}
	return diags
}

// Offline is step 5: what only a published site needs, made from the
// finished files: the downloadable zips, then the service worker with its
// precache lists and summaries (which carry the zips' sizes), then the
// host's headers (_headers, _nginx.conf: the policy covers every file
// served), then, when config deploy.precompress asks, the compressed
// copies of every text file.
func (b *Build) Offline(ctx context.Context) diag.List {
	zipped, diags := offline.Zips(ctx, b.Site, b.out, b.out)
	diags = append(diags, offline.ServiceWorker(ctx, b.Site, b.out, zipped, b.out)...)
	diags = append(diags, deploy.Files(ctx, b.Site, b.out, b.out)...)
	if b.Config.Deploy.Precompress {
		diags = append(diags, deploy.Precompress(ctx, b.Site, b.out, b.out)...)
	}
	return diags
}

// Summary is the one line printed after a build: pages per language,
// fallback pages, time.
func (r *Result) Summary(langs []string) string {
	var parts []string
	total, fb := 0, 0
	for _, l := range langs {
		parts = append(parts, fmt.Sprintf("%s %d", l, r.Pages[l]))
		total += r.Pages[l]
		fb += r.Fallback[l]
	}
	var again []string
	if r.Reused > 0 {
		again = append(again, fmt.Sprintf("%d as the last build made them", r.Reused))
	}
	if r.Kept > 0 {
		again = append(again, fmt.Sprintf("%d of %d files as it parsed them", r.Kept, r.Parsed))
	}
	if r.Unread > 0 {
		again = append(again, fmt.Sprintf("%d files unchanged since, not read again", r.Unread))
	}
	if r.Replayed > 0 {
		again = append(again, fmt.Sprintf("%d of %d pages indexed as it indexed them", r.Replayed, r.Indexed))
	}
	more := ""
	if len(again) > 0 {
		more = " (" + strings.Join(again, ", ") + ")"
	}
	return fmt.Sprintf("built %d pages (%s), %d fallback, in %s%s", total, strings.Join(parts, ", "), fb, r.Duration.Round(time.Millisecond), more)
}

// Generator names this generator for the output cache: a hash of the
// running program itself, so any change to it (its code, a compressor's
// version, the Go release) makes the next build make everything anew
// instead of reusing bytes an older generator made (publish.NewDir). ""
// when the program cannot be read: no reuse.
//
// Where the program carries the build ID the go command gave it (goBuildID)
// that is hashed, not the program: the ID's last part is already a hash of
// the program's bytes, and hashing the 30 MB program took 30-50 ms at the
// start of every build, a twentieth of a rebuild after one edit of the
// 10,000-page site.
var Generator = sync.OnceValue(func() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	h := sha256.New()
	if id := goBuildID(exe); id != "" {
		io.WriteString(h, "go build ID "+id)
		return hex.EncodeToString(h.Sum(nil))[:16]
	}
	f, err := os.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
})

// goBuildID returns the build ID the go command wrote into the ELF program
// exe (the note .note.go.buildid), "" where it finds none, or none whose
// last part hashes the program's content: four parts, the last the
// content ID of the linked program (as "go tool buildid" prints it). A
// program built with a -buildid of one's own falls back to being hashed.
func goBuildID(exe string) string {
	f, err := elf.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	s := f.Section(".note.go.buildid")
	if s == nil {
		return ""
	}
	b, err := s.Data()
	if err != nil || len(b) < 16 {
		return ""
	}
	namesz, descsz, kind := f.ByteOrder.Uint32(b), f.ByteOrder.Uint32(b[4:]), f.ByteOrder.Uint32(b[8:])
	if namesz != 4 || kind != 4 || string(b[12:16]) != "Go\x00\x00" || uint64(descsz) > uint64(len(b)-16) {
		return ""
	}
	id := string(b[16 : 16+descsz])
	if parts := strings.Split(id, "/"); len(parts) != 4 || slices.Contains(parts, "") {
		return ""
	}
	return id
}
