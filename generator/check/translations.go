package check

import (
	"context"
	"fmt"
	"strings"

	"spean/generator/content"
	"spean/generator/diag"
	"spean/generator/site"
	"spean/generator/translation"
)

// translations reports missing, outdated and unreviewed translations, and
// translations that do not record their source. dir, if not empty, is the
// site on disk, for git history.
func translations(ctx context.Context, s *site.Site, dir string) diag.List {
	var diags diag.List
	m := translation.Status(s)
	// Translations into several languages made from the same version of
	// a source share its lookup in history.
	type version struct{ file, hash string }
	old := map[version]oldVersion{}
	found := map[version]bool{}
	for _, row := range m.Rows {
		if row.Source == nil {
			continue // site.Assemble reports it
		}
		for _, c := range row.Cells {
			switch c.State {
			case translation.Missing:
				diags.Add(diag.Diagnostic{Pos: diag.Pos{File: row.Source.Path, Line: 1, Col: 1}, Severity: diag.Warning, Code: "missing",
					Message: fmt.Sprintf("no %s translation (%s); %s readers see the page in %s", c.Lang, c.File, c.Lang, s.Page(row.Key, c.Lang).Source.Lang),
					Hint:    fmt.Sprintf("start one with: spean new --translate %s %s", c.Lang, row.Key)})
			case translation.Outdated:
				if c.Recorded == "" {
					diags.Add(diag.Diagnostic{Pos: diag.Pos{File: c.File, Line: 1, Col: 1}, Severity: diag.Warning, Code: "source-hash",
						Message: fmt.Sprintf("translation has no source_hash, so nobody can tell whether %s changed since it was made", row.Source.Path),
						Hint:    "compare it with the source, then run: spean stamp " + c.File})
					continue
				}
				msg := fmt.Sprintf("outdated: %s changed since this translation was made (source_hash %s, now %s)", row.Source.Path, c.Recorded, c.Hash)
				if dir != "" {
					v := version{row.Source.Path, c.Recorded}
					if _, done := found[v]; !done {
						old[v], found[v] = findVersion(ctx, dir, v.file, v.hash)
					}
					if found[v] {
						var fields []string
						if o := old[v]; o.fields {
							fields = changedFields(&o.meta, &row.Source.Meta)
						}
						msg += "; " + describeChanges(fields, diffSections(old[v].body, row.Source.Body))
					}
				}
				diags.Add(diag.Diagnostic{Pos: metaPos(c.Src, "source_hash"), Severity: diag.Warning, Code: "outdated",
					Message: msg, Hint: "update the translation, then run: spean stamp " + c.File})
			}
			if c.BodyOnly {
				diags.Add(diag.Diagnostic{Pos: metaPos(c.Src, "source_hash"), Severity: diag.Warning, Code: "source-hash-body",
					Message: fmt.Sprintf("source_hash %s was made over %s's body alone, as Spean did before the title, description, summary and key points counted: the body is current, the rest is not known to be (leaflets print the summary and key points)", c.Recorded, row.Source.Path),
					Hint:    "compare the title, description, summary and key points with the source, then run: spean stamp " + c.File})
			}
			// Reported whether or not the translation is also outdated:
			// the status page shows one state, a translator wants both.
			if c.Src != nil && !c.Src.Meta.IsReviewed(false) {
				diags.Add(diag.Diagnostic{Pos: metaPos(c.Src, "reviewed"), Severity: diag.Info, Code: "unreviewed",
					Message: "translation not yet reviewed by a native speaker; readers see a notice",
					Hint:    "after review set reviewed: true"})
			}
		}
	}
	return diags
}

// metaPos is the position of a front-matter key, or the file's first line.
func metaPos(src *content.Source, key string) diag.Pos {
	if p, ok := src.MetaPos[key]; ok {
		return p
	}
	return diag.Pos{File: src.Path, Line: 1, Col: 1}
}

// describeChanges words for a message what changed in a source since the
// version a translation was made from: its front matter's text fields
// (when that version's are known) and its sections.
func describeChanges(fields []string, ch []sectionChange) string {
	var out []string
	if len(fields) > 0 {
		out = append(out, "front matter changed: "+strings.Join(fields, ", "))
	}
	if len(ch) > 0 {
		var parts []string
		for _, c := range ch {
			parts = append(parts, fmt.Sprintf("%q (%s)", c.Title, c.Kind))
		}
		out = append(out, "sections changed: "+strings.Join(parts, ", "))
	}
	if len(out) == 0 {
		return "no section's text changed (only spacing or order)"
	}
	return strings.Join(out, "; ")
}
