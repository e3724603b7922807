// Package build runs the pipeline — load, parse, assemble, check, render,
// publish — and nothing else. Each stage is a package of its own; this one
// only wires them together and decides when to stop.
package build

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"runtime"
	"strings"
	"sync"
	"time"

	"spean/generator/config"
	"spean/generator/content"
	"spean/generator/diag"
	"spean/generator/hotline"
	"spean/generator/i18n"
	"spean/generator/markdown"
	"spean/generator/publish"
	"spean/generator/site"
	"spean/generator/theme"
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
	// Renderers run after the theme, concurrently, each writing its own
	// outputs (search index, leaflets…). They see the Theme so they can
	// publish asset names for layouts before pages render.
	Prepare []Renderer
	// Finish runs after every page is rendered, with every output so far,
	// for steps that need the finished site (downloadable zips, precompressed
	// copies, the service worker's precache list).
	Finish []Finisher
	// FailAfterRender injects an error after rendering and before the swap,
	// so tests can prove a failed build leaves the old output untouched.
	FailAfterRender error
}

// Result describes a finished build.
type Result struct {
	Site     *site.Site
	Bundle   *i18n.Bundle
	Diags    diag.List // warnings; errors are returned
	Pages    map[string]int
	Fallback map[string]int
	Duration time.Duration
}

// Load runs the load, parse and assemble stages and returns the site and
// every diagnostic so far. check and build share it.
func Load(cfg *config.Config, fsys fs.FS) (*site.Site, *i18n.Bundle, diag.List) {
	var diags diag.List
	langs := cfg.Codes()
	srcs, d := content.Load(fsys, langs)
	diags = append(diags, d...)
	if !cfg.Drafts {
		kept := srcs[:0]
		for _, s := range srcs {
			if !s.Meta.Draft {
				kept = append(kept, s)
			}
		}
		srcs = kept
	}
	bundle, d := i18n.Load(fsys, "i18n", langs, cfg.SourceLanguage)
	diags = append(diags, d...)
	ps, d := NewParser(cfg, fsys, bundle)
	diags = append(diags, d...)
	docs, d := ps.Parse(srcs, srcs)
	diags = append(diags, d...)
	s, d := site.Assemble(cfg, srcs, docs)
	diags = append(diags, d...)
	s.Hotlines = ps.Hotlines()
	return s, bundle, diags
}

// Parser parses content files exactly as Load does (one markdown
// instance with the UI strings and hotlines, links resolved against every
// page key). It is exported for serve, which keeps the documents of
// unchanged files between rebuilds and re-parses only the files saved.
type Parser struct {
	md  *markdown.Markdown
	hot *hotline.Data
	cfg *config.Config
}

// NewParser loads the hotlines from fsys and configures markdown for cfg
// and bundle.
func NewParser(cfg *config.Config, fsys fs.FS, bundle *i18n.Bundle) (*Parser, diag.List) {
	hot, diags := hotline.Load(fsys, hotline.Options{
		SourceLanguage: cfg.SourceLanguage,
		// The source language's file names every language shown; i18n
		// reports a string missing from another file on its own.
		KnownLanguage: func(code string) bool { return bundle.Has(cfg.SourceLanguage, "lang_"+code) },
	})
	t := func(lang, id string) string {
		s, err := bundle.T(lang, id, nil, nil)
		if err != nil {
			return id
		}
		return s
	}
	md := markdown.New(markdown.Options{
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
	})
	return &Parser{md: md, hot: hot, cfg: cfg}, diags
}

// Hotlines is the hotline data the parser renders hotline blocks from;
// whoever assembles a site hands it on in site.Site.Hotlines.
func (ps *Parser) Hotlines() *hotline.Data { return ps.hot }

// Parse parses the sources in parse; all is every source of the site, whose
// keys internal links may name.
func (ps *Parser) Parse(all, parse []*content.Source) (map[*content.Source]*markdown.Doc, diag.List) {
	docs, diags := parseAll(ps.md, site.NewLinker(all, ps.cfg.Codes()), parse)
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
// renders it, so that each syntax tree can be dropped as soon as it is done.
func parseAll(md *markdown.Markdown, lk *site.Linker, srcs []*content.Source) (map[*content.Source]*markdown.Doc, diag.List) {
	docs := make([]*markdown.Doc, len(srcs))
	found := make([]diag.List, len(srcs))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				s := srcs[i]
				doc := md.Parse(s.Path, s.Body, s.BodyLine, s.Lang)
				found[i] = append(doc.Problems, lk.Resolve(s, doc)...)
				if err := doc.Finish(); err != nil {
					found[i].Errorf(diag.Pos{File: s.Path, Line: s.BodyLine, Col: 1}, "render", "render markdown: %v", err)
				}
				docs[i] = doc
			}
		}()
	}
	for i := range srcs {
		next <- i
	}
	close(next)
	wg.Wait()
	m := make(map[*content.Source]*markdown.Doc, len(srcs))
	var diags diag.List
	for i, s := range srcs {
		m[s] = docs[i]
		diags = append(diags, found[i]...)
	}
	return m, diags
}

// Run builds the site. On error nothing is published: the returned error is
// a diag.List with every problem found, or another error from publishing.
func Run(ctx context.Context, o Options) (*Result, error) {
	start := time.Now()
	cfg := o.Config
	s, bundle, diags := Load(cfg, o.FS)
	// The theme is loaded before deciding, so a broken layout is reported
	// with the content's errors in one run.
	th, err := theme.New(o.FS, cfg, bundle)
	if err != nil {
		diags = append(diags, diag.FromError(err, diag.Pos{File: cfg.File})...)
	} else {
		diags = append(diags, th.CheckLayouts(s.Sources)...)
	}
	if diags.HasErrors() {
		return nil, diags.Err()
	}

	sink := o.Sink
	var dir *publish.Dir
	if sink == nil {
		if o.Output == "" {
			return nil, errors.New("build: no output folder")
		}
		dir, err = publish.NewDir(o.Output)
		if err != nil {
			return nil, err
		}
		sink = dir
	}
	abort := func(err error) (*Result, error) {
		if dir != nil {
			_ = dir.Abort()
		}
		return nil, err
	}

	// The recorder wraps the sink before the renderers run, so finishers
	// see their outputs too (search index files go into the offline
	// precache and the downloadable zips).
	var rec *publish.Recorder
	if len(o.Finish) > 0 {
		rec = publish.NewRecorder(sink)
		sink = rec
	}
	for _, prep := range o.Prepare {
		diags = append(diags, prep(ctx, s, th, sink)...)
	}
	// Each Doc was rendered once while parsing; fallback pages reuse it.
	render := func(p *site.Page) ([]byte, error) {
		if p.Doc == nil {
			return nil, nil
		}
		return p.Doc.HTML()
	}
	diags = append(diags, th.Render(ctx, s, render, sink)...)
	if !diags.HasErrors() {
		for _, fin := range o.Finish {
			diags = append(diags, fin(ctx, s, rec, sink)...)
		}
	}
	if err := ctx.Err(); err != nil {
		return abort(err)
	}
	if diags.HasErrors() {
		return abort(diags.Err())
	}
	if o.FailAfterRender != nil {
		return abort(o.FailAfterRender)
	}
	if dir != nil {
		if err := dir.Commit(); err != nil {
			return nil, err
		}
	}
	res := &Result{Site: s, Bundle: bundle, Pages: map[string]int{}, Fallback: map[string]int{}}
	for _, p := range s.Pages {
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
	res.Duration = time.Since(start)
	return res, nil
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
	return fmt.Sprintf("built %d pages (%s), %d fallback, in %s", total, strings.Join(parts, ", "), fb, r.Duration.Round(time.Millisecond))
}

// IsDiagnostics reports whether err carries positioned diagnostics.
func IsDiagnostics(err error) (diag.List, bool) {
	var l diag.List
	ok := errors.As(err, &l)
	return l, ok
}

// Finisher is a step that needs the finished outputs: files holds every
// file written before it (finishers run in order and see each other's
// output); it writes its own outputs to sink.
type Finisher func(ctx context.Context, s *site.Site, files *publish.Recorder, sink publish.Sink) diag.List

// Renderer is a stage besides the theme (search index, leaflets): it writes
// its own outputs and may publish values for layouts in t.Extra. Renderers
// run before the pages so layouts can use what they publish.
type Renderer func(ctx context.Context, s *site.Site, t *theme.Theme, sink publish.Sink) diag.List
