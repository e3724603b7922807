package check

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"

	"spean/generator/content"
	"spean/generator/diag"
	"spean/generator/site"
	"spean/generator/yamlpos"
)

// Countries are the origin countries a page may apply to (the leaflet picks
// its hotlines by them): Cambodia, Laos, Myanmar.
var Countries = []string{"kh", "la", "mm"}

// frontMatter checks what content.Load cannot know by decoding alone: that
// content pages say where their facts come from and when they were last
// checked (a translation may show its source page's review date), that no
// date is in the future, and that countries are known.
// Unknown fields and wrong types are content.Load's and already reported.
func frontMatter(fsys fs.FS, s *site.Site, today time.Time) diag.List {
	var diags diag.List
	day := dateOf(today)
	for _, src := range s.Sources {
		top := diag.Pos{File: src.Path, Line: 1, Col: 1}
		if !src.IsIndex() {
			if len(src.Meta.Sources) == 0 {
				diags.Add(diag.Diagnostic{Pos: top, Severity: diag.Warning, Code: "sources",
					Message: "content page has no sources",
					Hint:    "add sources: with the facts.md id, title, org, year and url of each source of its facts"})
			}
			if src.Meta.LastReviewed.IsZero() && !datedSource(s, src) {
				diags.Add(diag.Diagnostic{Pos: top, Severity: diag.Warning, Code: "last-reviewed",
					Message: "content page has no last_reviewed date",
					Hint:    "add last_reviewed: YYYY-MM-DD, the day its facts were last checked against the sources"})
			}
		}
		for _, f := range []struct {
			key string
			t   time.Time
		}{{"date", src.Meta.Date}, {"lastmod", src.Meta.Lastmod}, {"last_reviewed", src.Meta.LastReviewed}} {
			if !f.t.IsZero() && dateOf(f.t).After(day) {
				diags.Add(diag.Diagnostic{Pos: metaPos(src, f.key), Severity: diag.Warning, Code: "future-date",
					Message: fmt.Sprintf("%s %s is in the future (today is %s)", f.key, f.t.Format(time.DateOnly), day.Format(time.DateOnly)),
					Hint:    "a typing mistake in the year or month?"})
			}
		}
		if len(src.Meta.Countries) > 0 {
			paths := valuePaths(fsys, src)
			for i, c := range src.Meta.Countries {
				if slices.Contains(Countries, c) {
					continue
				}
				pos, ok := paths[fmt.Sprintf("countries[%d]", i)]
				if !ok {
					pos = metaPos(src, "countries")
				}
				diags.Add(diag.Diagnostic{Pos: pos, Severity: diag.Error, Code: "countries",
					Message: fmt.Sprintf("country %q is not one of %s", c, strings.Join(Countries, ", ")),
					Hint:    "kh = Cambodia, la = Laos, mm = Myanmar; omit countries: if the page applies to all"})
			}
		}
	}
	return diags
}

// dateOf is t's calendar date, as written, at midnight UTC.
func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// valuePaths re-reads a file's front matter for the positions of values
// inside lists, which content.Source does not keep.
func valuePaths(fsys fs.FS, src *content.Source) map[string]diag.Pos {
	data, err := fs.ReadFile(fsys, src.Path)
	if err != nil {
		return nil
	}
	parts, ok := splitFile(data)
	if !ok || !parts.has {
		return nil
	}
	dec := &yamlpos.Decoder{File: src.Path, LineOffset: 1}
	node, ok := dec.Parse(data[parts.fmStart:parts.fmEnd])
	if !ok {
		return nil
	}
	return dec.Paths(node)
}

// urlCollisions reports two pages that would be written to the same URL,
// for example content/a/b.en.md and content/a/b/_index.en.md: one would
// silently replace the other. Aliases that collide are reported by
// site.Assemble.
func urlCollisions(s *site.Site) diag.List {
	var diags diag.List
	seen := map[string]*site.Page{}
	for _, p := range s.Pages {
		if p.Fallback || p.Synthetic {
			continue
		}
		if q, ok := seen[p.URL]; ok {
			diags.Add(diag.Diagnostic{Pos: diag.Pos{File: p.Source.Path, Line: 1, Col: 1}, Severity: diag.Error, Code: "url-collision",
				Message: fmt.Sprintf("page would be published at /%s, the address of %s too", p.URL, q.Source.Path),
				Hint:    "rename one of the files or folders"})
			continue
		}
		seen[p.URL] = p
	}
	return diags
}
