package search

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"spean/generator/diag"
	"spean/generator/internal/gcgoal"
	"spean/generator/markdown"
	"spean/generator/paths"
	"spean/generator/publish"
	"spean/generator/site"
	"spean/generator/theme"
	"spean/generator/workers"
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
	return files(lang, pages, groups, o, nil)
}

// files is Files with the language's segments (nil: none, see
// segments.go).
func files(lang string, pages []Page, groups [][]string, o Options, sg *segments) (Output, PageData) {
	o.Listed = listed(pages)
	ix := build(lang, pages, groups, o.helpers, sg)
	out := ix.Encode(o)
	if sg != nil {
		sg.reusedShards = ix.reusedShards
		if sg.w != nil {
			sg.w.encoded(ix.termKeys, ix.keyOf, ix.letters, out.Version, ix.prints)
		}
	}
	return out, pageData(out.Meta, pages)
}

// listed reports whether the search page lists pages A–Z (azMax), which
// is what Options.Listed tells the index.
func listed(pages []Page) bool { return len(pages) <= azMax }

// pageData is the search page's data for an index with meta of pages:
// the A–Z list when they are listed.
func pageData(meta Meta, pages []Page) PageData {
	data := PageData{Meta: meta}
	if listed(pages) {
		for _, p := range pages {
			data.Docs = append(data.Docs, DocLink{Href: p.Href, Title: p.Title, Section: p.Section})
		}
	}
	return data
}

// Pages returns the pages of lang as the index takes them, fallback pages
// included (their text is indexed as the language it is written in, which
// is what segment decides per character anyway), in the reader's A–Z order:
// Thai and Lao words that start with a vowel written first sort by their
// consonant, as in a dictionary; titles of fallback pages in another script
// sort among themselves by the same rules.
//
// sums, when not nil, gives the hash of each page's document that the
// build kept (build/docscache.go): a page whose document has one is
// Summed, and its blocks are read only if its language is indexed.
func Pages(s *site.Site, lang string, sums map[*markdown.Doc][32]byte) []Page {
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
	from := s.SearchPage(lang)
	out := make([]Page, len(pages))
	for i, p := range pages {
		q := Page{Href: from.Rel(p), Title: p.Title()}
		if a := p.Ancestors(); p.Kind == site.Regular && len(a) > 1 {
			q.Section = a[1].Title()
		}
		m := p.Source.Meta
		q.Description, q.Summary = m.Description, m.Summary
		if d := p.Doc; d != nil {
			q.load = func() []Block {
				bs := d.Blocks()
				blocks := make([]Block, len(bs))
				for j, b := range bs {
					blocks[j] = Block{Text: b.Text, Heading: b.Heading}
				}
				return blocks
			}
			q.Sum, q.Summed = sums[d]
			if !q.Summed {
				q.Blocks, q.load = q.load(), nil
			}
		}
		out[i] = q
	}
	return out
}

// Published is a site's search index once written: what each language's
// search page lists. Planned.Publish makes it (it reads only the loaded
// site); Pages renders the search pages after every other page (their
// layout needs what every other step published).
type Published struct {
	data map[string]PageData
	// Indexed counts the pages of the indexes made (not published again
	// whole), and Replayed those of them put in from the segments the
	// previous build kept (segments.go).
	Indexed, Replayed int
}

// PublishScripts writes the search scripts under names with a content hash, which
// it records in t.Assets for layouts: it runs before any page renders.
func PublishScripts(s *site.Site, t *theme.Theme, sink publish.Sink) diag.List {
	var diags diag.List
	pos := diag.Pos{File: "themes/" + s.Config.Theme}
	for _, name := range Scripts {
		b, file, err := t.StaticFile(name)
		if err != nil {
			diags.Errorf(pos, "search", "search needs %s: %v", name, err)
			continue
		}
		if name == "js/search.js" {
			if ok, line := checkFormat(b); !ok {
				diags.Errorf(diag.Pos{File: file, Line: max(line, 1), Col: 1}, "search",
					"this search.js does not read the search index this generator writes (postings format %d): copy js/search.js from Spean's default theme, or, in your own, read that format and say so in a line \"%s%d\"", PostingsFormat, formatMark, PostingsFormat)
				continue
			}
		}
		b, err = theme.Minify(name, b)
		if err != nil {
			diags.Errorf(pos, "search", "minify %s: %v", name, err)
			continue
		}
		sum := sha256.Sum256(b)
		hashed := strings.TrimSuffix(name, ".js") + "." + hex.EncodeToString(sum[:])[:8] + ".js"
		t.Assets.Names[name] = hashed
		if err := sink.Write(hashed, b); err != nil {
			diags.Errorf(pos, "search", "write %s: %v", hashed, err)
		}
	}
	return diags
}

// Planned is the search indexes decided and half done: the languages whose index the
// previous build made from the same input are published again (memo.go),
// and the others are left to index. It reads only the loaded site and the
// previous build's notes, so a build can tell how much indexing is left
// before its other steps run (Small).
type Planned struct {
	s      *site.Site
	vocab  Vocabulary
	sink   publish.Sink
	keep   publish.Keeper
	o      Options
	ix     *Published
	pages  map[string][]Page
	inputs map[string]string // each language's input hash, when the sink keeps notes
	todo   []string          // the languages left to index
	diags  diag.List
	after  func(lang string) // see AfterEach
}

// Todo returns the languages Publish will index, in order.
func (pl *Planned) Todo() []string { return slices.Clone(pl.todo) }

// AfterEach has Publish call f with each language it indexes as soon as
// that language's index is written, from the goroutine that made it, and
// let go of that language's pages' text first: the caller may then let
// go of what only the index read (build.Run, a one-off build, drops the
// pages' text), while the other languages' indexes, the build's peak of
// memory, are still made.
func (pl *Planned) AfterEach(f func(lang string)) { pl.after = f }

// Plan publishes again the index of every language whose input did not
// change since the previous build, and plans the others, which
// Planned.Publish writes, with vocab's synonym groups (nil for none). With
// keep (nil: none), the output folder of a build into one, each page's
// part of the index is kept there for the next build, and the previous
// build's parts are taken for the pages that did not change
// (segments.go).
func Plan(s *site.Site, vocab Vocabulary, sink publish.Sink, sums map[*markdown.Doc][32]byte, keep publish.Keeper) *Planned {
	pl := &Planned{s: s, vocab: vocab, sink: sink, keep: keep, ix: &Published{data: map[string]PageData{}},
		pages: map[string][]Page{}, inputs: map[string]string{}}
	pos := diag.Pos{File: "themes/" + s.Config.Theme}
	pl.o = DefaultOptions
	pl.o.MaxFiles = s.Config.Search.MaxFiles
	if kb := s.Config.Search.PartKB; kb > 0 {
		pl.o.PartBytes = kb << 10
	}
	r, _ := sink.(publish.Reuser)
	// Each language's pages and input hash on every core: the plan is
	// on the way to everything after it, and made one language after
	// another it was 40 ms of a rebuild of the 10,000-page site.
	pages := make([][]Page, len(s.Langs))
	inputs := make([]string, len(s.Langs))
	workers.Each(context.Background(), len(s.Langs), 0, func(i int) {
		pages[i] = Pages(s, s.Langs[i], sums)
		if r != nil {
			inputs[i] = inputHash(pages[i], vocab[s.Langs[i]], pl.o)
		}
	})
	for i, lang := range s.Langs {
		pl.pages[lang] = pages[i]
		if r == nil {
			pl.todo = append(pl.todo, lang)
			continue
		}
		pl.inputs[lang] = inputs[i]
		meta, ok, err := reuse(r, lang, pl.inputs[lang])
		switch {
		case err != nil:
			pl.diags.Errorf(pos, "search", "search index for %s: %v", lang, err)
		case ok:
			pl.ix.data[lang] = pageData(meta, pl.pages[lang])
			// Its pages' segments stay as the previous build kept them.
			if keep != nil {
				if _, kept := keep.PreviousSize(paths.IndexCache(lang)); kept {
					if err := keep.Reuse(paths.IndexCache(lang)); err != nil {
						pl.diags.Errorf(pos, "search", "keep the search index of %s for the next build: %v", lang, err)
					}
				}
			}
		default:
			pl.todo = append(pl.todo, lang)
		}
	}
	return pl
}

// Small reports whether what is left to index is little work: at most one
// language, whose pages the previous build kept the segments of, so that
// all but the pages changed since are put in from them (segments.go). That
// is a rebuild after editing pages of one language; a clean build, or one
// after a change every language sees (the vocabulary, the generator), is
// not small.
func (pl *Planned) Small() bool {
	switch {
	case len(pl.todo) == 0:
		return true
	case len(pl.todo) > 1 || pl.keep == nil:
		return false
	}
	_, kept := pl.keep.PreviousSize(paths.IndexCache(pl.todo[0]))
	return kept
}

// Publish indexes the languages Plan left, writes their files and returns
// what every language's search page lists.
func (pl *Planned) Publish(ctx context.Context) (*Published, diag.List) {
	s, vocab, sink, keep, o, ix, pages, inputs, todo := pl.s, pl.vocab, pl.sink, pl.keep, pl.o, pl.ix, pl.pages, pl.inputs, pl.todo
	diags := pl.diags
	pos := diag.Pos{File: "themes/" + s.Config.Theme}
	r, _ := sink.(publish.Reuser)
	// The indexes are the build's peak of memory: collecting at 1.2 times
	// what is in use while they are built, rather than the build's 1.5
	// (see build.Run), took the 10,000-page site's peak from about 900 to
	// about 830 MB, the index step 0.5 s longer in two runs of four. At 2
	// times, the default, it was 1.29 GB. That is when every core builds
	// an index: one built alone (a rebuild after an edit in one language)
	// holds half as much, and collecting that often cost it 1.5 CPU-s of
	// collection on the 10,000-page site.
	if len(todo) >= workers.Count(0) {
		defer gcgoal.Lower(20)()
	}
	segs := map[string]*segments{}
	if keep != nil {
		for _, lang := range todo {
			name := paths.IndexCache(lang)
			// Mapped, not read: 45-65 MB a language of the 10,000-page
			// site, read while the index waits (publish.MapPrevious).
			// The index made from it holds its pages' snippet text
			// until the language is done, which releases it.
			prev, release, _ := keep.MapPrevious(name)
			w, err := keep.CreateKept(name)
			if err != nil {
				diags.Errorf(pos, "search", "keep the search index of %s for the next build: %v", lang, err)
				w = nil
			}
			sg := newSegments(lang, vocab[lang], prev, w)
			if sg.file == nil {
				release() // nothing of it is used
			} else {
				// The previous pack too, whose shards an index that
				// splices may copy (shards.go).
				var releasePack func()
				if r != nil {
					sg.pack, releasePack = previousPack(r, lang, sg.file.version)
				}
				sg.release = func() {
					release()
					if releasePack != nil {
						releasePack()
					}
				}
			}
			segs[lang] = sg
		}
	}
	defer func() {
		for _, sg := range segs { // a language left undone (ctx)
			sg.done()
		}
	}()
	var mu sync.Mutex
	indexAll(ctx, todo, func(lang string) []Page { return pages[lang] }, vocab, o, func(lang string) *segments { return segs[lang] }, func(lang string, out Output, data PageData) {
		// Each index is written as soon as it is made, and let go: two
		// languages' indexes at once are the build's peak of memory.
		var err error
		sg := segs[lang]
		if sg != nil {
			err = sg.done()
		}
		if err == nil {
			err = writeFiles(sink, lang, out)
		}
		if err == nil && r != nil {
			err = remember(r, lang, inputs[lang], out)
		}
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			diags.Errorf(pos, "search", "search index for %s: %v", lang, err)
			return
		}
		ix.data[lang] = data
		ix.Indexed += len(pages[lang])
		if sg != nil {
			ix.Replayed += sg.replayed
		}
		if pl.after != nil {
			// The pages' blocks share the documents' text; no one reads
			// them once the index is made.
			for i := range pages[lang] {
				pages[lang][i].Blocks, pages[lang][i].load = nil, nil
			}
			pl.after(lang)
		}
	})
	if len(todo) > 0 && !pl.Small() {
		// The indexes just let go of set the collector's goal (twice the
		// memory in use at its last cycle) far above what the rest of the
		// build needs; a cycle now sets it from what is still in use. On
		// the 10,000-page site this lowered the peak from 1.65 to 1.40 GB
		// at no cost in time. A rebuild's one index (Small) is far from
		// that peak, and the cycle would wait on its critical path.
		runtime.GC()
	}
	return ix, diags
}

// Pages renders the search page of every language indexed that render
// says, the others left to the caller (a page published again from the
// previous build).
func (ix *Published) Pages(ctx context.Context, s *site.Site, t *theme.Theme, sink publish.Sink, render func(lang string) bool) diag.List {
	// In parallel: each lists every page of its language, and one after
	// another they were 7 ms at the end of a rebuild of the 1,000-page
	// site, where nothing else runs.
	errs := make([]error, len(s.Langs))
	workers.Each(ctx, len(s.Langs), 0, func(i int) {
		lang := s.Langs[i]
		data, ok := ix.data[lang]
		if !ok || !render(lang) {
			return
		}
		errs[i] = t.RenderPage(s, s.SearchPage(lang), "search.html", func(v *theme.View) any {
			return struct {
				*theme.View
				Search PageData
			}{v, data}
		}, sink)
	})
	var diags diag.List
	for i, err := range errs {
		if err != nil {
			diags.Errorf(diag.Pos{File: "themes/" + s.Config.Theme + "/layouts/search.html"}, "search", "search page for %s: %v", s.Langs[i], err)
		}
	}
	return diags
}

// Data is what lang's search page shows of its index; ok is false for a
// language not indexed.
func (ix *Published) Data(lang string) (data PageData, ok bool) {
	data, ok = ix.data[lang]
	return data, ok
}

// writeFiles writes the index of lang.
func writeFiles(sink publish.Sink, lang string, out Output) error {
	rec, _ := sink.(*publish.Recorder)
	for i, f := range out.Files {
		var err error
		// A pack's directory, then its parts, hashed as Encode wrote them.
		if part := i - 1; rec != nil && part >= 0 && part < len(out.partSums) {
			err = rec.WriteSummed(fileOf(lang, f.Name), f.Data, out.partSums[part])
		} else {
			err = sink.Write(fileOf(lang, f.Name), f.Data)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// fileOf is where lang's index file name (File.Name) is published.
func fileOf(lang, name string) string {
	return site.SearchFile(lang, strings.TrimPrefix(name, "search/"))
}

// IndexAll builds the index of every language in langs, as many at once as
// there are CPUs, and hands each to done as soon as it is made, from the
// goroutine that made it: pages gives a language's pages (see Pages),
// vocab its synonym groups (nil for none). It stops early, leaving the
// rest undone, when ctx is cancelled.
func IndexAll(ctx context.Context, langs []string, pages func(lang string) []Page, vocab Vocabulary, o Options, done func(lang string, out Output, data PageData)) {
	indexAll(ctx, langs, pages, vocab, o, func(string) *segments { return nil }, done)
}

// indexAll is IndexAll with each language's segments (segs; nil: none).
func indexAll(ctx context.Context, langs []string, pages func(lang string) []Page, vocab Vocabulary, o Options, segs func(lang string) *segments, done func(lang string, out Output, data PageData)) {
	// Cores that no language would keep busy analyse text ahead of an
	// index (eachAnalysed): a rebuild after one page changed indexes one
	// language, on two cores.
	o.helpers = max(0, workers.Count(0)-len(langs))
	workers.Each(ctx, len(langs), 0, func(i int) {
		// Each language's work carries the profiler label lang=<code>,
		// as each step's carries step= (build --cpuprofile): go tool
		// pprof -tagfocus lang=lo.
		pprof.Do(ctx, pprof.Labels("lang", langs[i]), func(context.Context) {
			out, data := files(langs[i], pages(langs[i]), vocab[langs[i]], o, segs(langs[i]))
			done(langs[i], out, data)
		})
	})
}
