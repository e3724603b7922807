package search

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"spean/generator/diag"
	"spean/generator/publish"
	"spean/generator/site"
	"spean/generator/theme"
)

// Scripts are the theme files the search page and the loader use. They are
// published under names with a content hash, so a cache (the service
// worker's or the browser's) never serves an old copy with a new index.
var Scripts = []string{"js/segment.js", "js/search.js", "js/search-loader.js"}

// PageData is what search.html sees besides the usual View.
type PageData struct {
	Version string
	Shards  int
	Part    int // PartSegments
	Docs    []DocLink
}

// DocLink is one page in the A–Z list, which is also the index's page
// table: search.js reads titles, links and lengths from it, so they are
// downloaded once, in the page, and the list works without JavaScript.
type DocLink struct {
	Href, Title, Section string
	Len                  int
}

// Published is a site's search index once written: what each language's
// search page lists. Publish makes it before the pages render (layouts
// need the hashed script names); Pages renders the search pages after
// them (their layout needs what every other step published).
type Published struct {
	data map[string]PageData
}

// Publish writes the search scripts under names with a content hash, which
// it records in t.Assets for layouts, and the index of every language.
func Publish(ctx context.Context, s *site.Site, t *theme.Theme, sink publish.Sink) (*Published, diag.List) {
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
		t.Assets.Names[name] = hashed
		if err := sink.Write(hashed, b); err != nil {
			diags.Errorf(pos, "search", "write %s: %v", hashed, err)
		}
	}
	ix := &Published{data: map[string]PageData{}}
	for _, lang := range s.Langs {
		if ctx.Err() != nil {
			break
		}
		data, err := writeIndex(s, sink, lang)
		if err != nil {
			diags.Errorf(pos, "search", "search index for %s: %v", lang, err)
			continue
		}
		ix.data[lang] = data
	}
	return ix, diags
}

// Pages renders the search page of every language indexed.
func (ix *Published) Pages(ctx context.Context, s *site.Site, t *theme.Theme, sink publish.Sink) diag.List {
	var diags diag.List
	for _, lang := range s.Langs {
		data, ok := ix.data[lang]
		if !ok || ctx.Err() != nil {
			continue
		}
		err := t.RenderPage(s, s.SearchPage(lang), "search.html", func(v *theme.View) any {
			return struct {
				*theme.View
				Search PageData
			}{v, data}
		}, sink)
		if err != nil {
			diags.Errorf(diag.Pos{File: "themes/" + s.Config.Theme + "/layouts/search.html"}, "search", "search page for %s: %v", lang, err)
		}
	}
	return diags
}

func writeIndex(s *site.Site, sink publish.Sink, lang string) (PageData, error) {
	ix := Build(s, lang)
	out := ix.Encode()
	for _, f := range out.Files {
		if err := sink.Write(site.SearchFile(lang, strings.TrimPrefix(f.Name, "search/")), f.Data); err != nil {
			return PageData{}, err
		}
	}
	page := s.SearchPage(lang)
	data := PageData{Version: out.Version, Shards: out.Shards, Part: PartSegments}
	for _, d := range ix.Docs {
		data.Docs = append(data.Docs, DocLink{Href: page.Rel(d.Page), Title: d.Title, Section: d.Section, Len: d.Len})
	}
	return data, nil
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
