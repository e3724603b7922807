package check

import (
	"fmt"
	"io/fs"
	"time"

	"spean/generator/diag"
	"spean/generator/site"
)

// frontMatter checks what content.Load cannot know by decoding alone: that
// content pages say where their facts come from and when they were last
// checked (a translation may show its source page's review date), and that
// no date is in the future. Unknown fields, wrong types and unknown
// countries are content.Load's and already reported.
func frontMatter(fsys fs.FS, s *site.Site, today time.Time, broken map[string]bool) diag.List {
	var diags diag.List
	day := dateOf(today)
	// A key written empty (sources: [], last_reviewed:), as a new page
	// has them, is reported at its line; a key left out at the file's.
	for _, src := range s.Sources {
		if broken[src.Path] {
			continue
		}
		if !src.IsIndex() {
			if len(src.Meta.Sources) == 0 {
				diags.Add(diag.Diagnostic{Pos: metaPos(src, "sources"), Severity: diag.Warning, Code: "sources",
					Message: "content page has no sources",
					Hint:    "add sources: with the facts.md id, title, org, year and url of each source of its facts"})
			}
			if src.Meta.LastReviewed.IsZero() && !datedSource(s, src) {
				diags.Add(diag.Diagnostic{Pos: metaPos(src, "last_reviewed"), Severity: diag.Warning, Code: "last-reviewed",
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
	}
	return diags
}

// dateOf is t's calendar date, as written, at midnight UTC.
func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
