package search

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"weak"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"spean/generator/diag"
	"spean/generator/publish"
	"spean/generator/site"
	"spean/generator/theme"
)

// Scripts are the theme files the search page and the loader use. They are
// published under names with a content hash, so a cache (the service
// worker's or the browser's) never serves an old copy with a new index.
var Scripts = []string{"js/segment.js", "js/search.js", "js/search-loader.js", "js/zawgyi.js"}

// PageData is what search.html sees besides the usual View.
type PageData struct {
	Meta
	// Docs is the A–Z list of every page, the way to browse them without
	// JavaScript; on a site of more than azMax pages it is empty and the
	// page lists the sections instead, to keep the search page light.
	Docs []DocLink
}

// azMax is the largest site whose search page lists every page A–Z.
// About 30 bytes gzip a title: 200 of them cost 6 KB of the 30 KB that a
// first search may download.
const azMax = 200

// DocLink is one page in the A–Z list.
type DocLink struct {
	Href, Title, Section string
}

// Files builds the index of one language: the files to write under the
// language's folder, and the search page's data. pages are in A–Z order
// (see Pages); groups are the language's synonym groups, approved form
// first, or nil.
func Files(lang string, pages []Page, groups [][]string, o Options) (Output, PageData) {
	out := Build(lang, pages, groups).Encode(o)
	data := PageData{Meta: out.Meta}
	if len(pages) <= azMax {
		for _, p := range pages {
			data.Docs = append(data.Docs, DocLink{Href: p.Href, Title: p.Title, Section: p.Section})
		}
	}
	return out, data
}

// Pages returns the pages of lang as the index takes them, fallback pages
// included (their text is indexed as the language it is written in, which
// is what segment decides per character anyway), in the reader's A–Z order:
// Thai and Lao words that start with a vowel written first sort by their
// consonant, as in a dictionary; titles of fallback pages in another script
// sort among themselves by the same rules.
func Pages(s *site.Site, lang string) []Page {
	pages := slices.Clone(s.ByLang[lang])
	col := collate.New(language.Make(lang), collate.IgnoreCase)
	keys := make(map[*site.Page][]byte, len(pages))
	var buf collate.Buffer
	for _, p := range pages {
		keys[p] = slices.Clone(col.KeyFromString(&buf, p.Title()))
		buf.Reset()
	}
	slices.SortStableFunc(pages, func(a, b *site.Page) int {
		return cmp.Or(bytes.Compare(keys[a], keys[b]), strings.Compare(a.URL, b.URL))
	})
	from := searchPage(s, lang)
	out := make([]Page, len(pages))
	for i, p := range pages {
		q := Page{Href: from.Rel(p), Title: p.Title()}
		if a := p.Ancestors(); p.Kind == site.Regular && len(a) > 1 {
			q.Section = a[1].Title()
		}
		m := p.Source.Meta
		q.Description, q.Summary = m.Description, m.Summary
		if p.Doc != nil {
			q.Blocks = make([]Block, len(p.Doc.Blocks))
			for j, b := range p.Doc.Blocks {
				q.Blocks[j] = Block{Text: b.Text, Heading: b.Heading}
			}
		}
		out[i] = q
	}
	return out
}

// pending carries each build's theme and page tables from Renderer to
// Finisher. The search pages render last, as a finishing step, because
// renderers that run after this one publish values their layout needs
// (the CSP hash of the inline CSS, asset names); the index itself is
// written early. Keys are weak, so a build that stops before its finishing
// steps (serve after a failed save) does not keep its state alive.
var (
	mu      sync.Mutex
	pending = map[weak.Pointer[site.Site]]*state{}
)

type state struct {
	theme *theme.Theme
	data  map[string]PageData
}

// Renderer writes the index of every language and publishes the hashed
// script names for layouts. Register Finisher too: it writes the pages.
func Renderer(ctx context.Context, s *site.Site, t *theme.Theme, sink publish.Sink) diag.List {
	var diags diag.List
	pos := diag.Pos{File: "themes/" + s.Config.Theme}
	for _, name := range Scripts {
		b, err := t.StaticFile(name)
		if err != nil {
			diags.Errorf(pos, "search", "search needs %s: %v", name, err)
			continue
		}
		b = stripComments(b)
		sum := sha256.Sum256(b)
		hashed := strings.TrimSuffix(name, ".js") + "." + hex.EncodeToString(sum[:])[:8] + ".js"
		t.Extra["asset:"+name] = hashed
		if err := sink.Write(hashed, b); err != nil {
			diags.Errorf(pos, "search", "write %s: %v", hashed, err)
		}
	}
	st := &state{theme: t, data: map[string]PageData{}}
	var langs []string
	for _, lang := range s.Langs {
		if p := s.Page("search", lang); p != nil {
			diags.Errorf(diag.Pos{File: p.Source.Path}, "search", "page key search is taken by the search page (%s/search/index.html); rename this page", lang)
			continue
		}
		langs = append(langs, lang)
	}
	// The site's synonym vocabulary (content/_data/terms.yaml, "One
	// vocabulary") is not wired yet: IndexAll takes it once the pipeline
	// loads it.
	outs, datas := IndexAll(ctx, langs, func(lang string) []Page { return Pages(s, lang) }, nil, DefaultOptions)
	for i, lang := range langs {
		if ctx.Err() != nil {
			break
		}
		if err := writeFiles(sink, lang, outs[i]); err != nil {
			diags.Errorf(pos, "search", "search index for %s: %v", lang, err)
			continue
		}
		st.data[lang] = datas[i]
	}
	key := weak.Make(s)
	mu.Lock()
	if _, again := pending[key]; !again {
		runtime.AddCleanup(s, drop, key)
	}
	pending[key] = st
	mu.Unlock()
	return diags
}

// Finisher renders the search page of every language indexed by Renderer.
func Finisher(ctx context.Context, s *site.Site, _ *publish.Recorder, sink publish.Sink) diag.List {
	key := weak.Make(s)
	mu.Lock()
	st := pending[key]
	delete(pending, key)
	mu.Unlock()
	var diags diag.List
	if st == nil {
		diags.Errorf(diag.Pos{File: "generator/search"}, "search", "search finisher ran without its renderer (register both)")
		return diags
	}
	for _, lang := range s.Langs {
		data, ok := st.data[lang]
		if !ok || ctx.Err() != nil {
			continue
		}
		if err := renderPage(s, st.theme, sink, lang, data); err != nil {
			diags.Errorf(diag.Pos{File: "themes/" + s.Config.Theme + "/layouts/search.html"}, "search", "search page for %s: %v", lang, err)
		}
	}
	return diags
}

func drop(key weak.Pointer[site.Site]) {
	mu.Lock()
	delete(pending, key)
	mu.Unlock()
}

// searchPage is the page the search page pretends to be, for the layout.
func searchPage(s *site.Site, lang string) *site.Page {
	home := s.Home[lang]
	return &site.Page{Key: "search", Kind: site.Regular, Lang: lang, URL: lang + "/search/", Source: home.Source, Parent: home}
}

// writeFiles writes the index of lang.
func writeFiles(sink publish.Sink, lang string, out Output) error {
	for _, f := range out.Files {
		if err := sink.Write(path.Join(lang, f.Name), f.Data); err != nil {
			return err
		}
	}
	return nil
}

func renderPage(s *site.Site, t *theme.Theme, sink publish.Sink, lang string, data PageData) error {
	page := searchPage(s, lang)
	v := theme.NewView(t, s, page, nil)
	v.Permalink = theme.Abs(s.Config, page)
	v.Canonical = v.Permalink
	v.Alternates = nil
	html, err := t.Execute([]string{"search.html"}, lang, struct {
		*theme.View
		Search PageData
	}{v, data})
	if err != nil {
		return fmt.Errorf("render search page: %w", err)
	}
	return sink.Write(page.URL+"index.html", html)
}

// stripComments drops whole-line comments, blank lines and indentation
// from a script: the sources explain themselves at length, and readers on
// prepaid data should not download that. Comments after code on the same
// line stay, because telling them from "//" inside a string takes a parser.
func stripComments(src []byte) []byte {
	var out []byte
	inBlock := false
	for _, line := range strings.Split(string(src), "\n") {
		t := strings.TrimSpace(line)
		switch {
		case inBlock:
			inBlock = !strings.Contains(t, "*/")
			continue
		case strings.HasPrefix(t, "/*") && !strings.Contains(t, "*/"):
			inBlock = true
			continue
		case strings.HasPrefix(t, "/*") && strings.Index(t, "*/") == len(t)-2,
			strings.HasPrefix(t, "//"), t == "":
			continue
		}
		out = append(out, t...)
		out = append(out, '\n')
	}
	return out
}

// IndexAll builds the index of every language in langs, as many at once as
// there are CPUs: pages gives a language's pages (see Pages), vocab its
// synonym groups (nil for none). It stops early, leaving the rest empty,
// when ctx is cancelled.
func IndexAll(ctx context.Context, langs []string, pages func(lang string) []Page, vocab Vocabulary, o Options) ([]Output, []PageData) {
	outs := make([]Output, len(langs))
	datas := make([]PageData, len(langs))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, lang := range langs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			if ctx.Err() == nil {
				outs[i], datas[i] = Files(lang, pages(lang), vocab[lang], o)
			}
		}()
	}
	wg.Wait()
	return outs, datas
}
