package check

import (
	"context"
	"fmt"
	"strings"

	"spean/generator/content"
	"spean/generator/diag"
	"spean/generator/site"
)

// State is where one page stands in one language.
type State string

const (
	// Source is the source-language page itself.
	Source State = "source"
	// OK is a reviewed translation made from the current source.
	OK State = "ok"
	// Outdated is a translation whose source changed since it was made,
	// or one that does not record what it was made from.
	Outdated State = "outdated"
	// Missing is a page with no file in the language; readers see the
	// fallback language instead.
	Missing State = "missing"
	// Unreviewed is an up-to-date translation marked reviewed: false.
	Unreviewed State = "unreviewed"
)

// States lists the states in the order a status page shows them.
var States = []State{OK, Unreviewed, Outdated, Missing}

// Cell is one page in one language.
type Cell struct {
	Lang  string
	State State
	// File is the repository-relative path of the page's file in the
	// language, or where it should be created when Missing.
	File string
	// Src is the translation's source file, nil when Missing.
	Src *content.Source
	// Hash is the current source hash; Recorded is what the translation
	// says it was made from.
	Hash, Recorded string
}

// Row is one page (translation set) in every language.
type Row struct {
	Key   string
	Title string
	// Source is the source-language file; nil if the page exists only in
	// other languages.
	Source *content.Source
	Cells  []Cell
}

// Matrix is the translation status of the whole site.
type Matrix struct {
	SourceLang string
	// Langs are the translation languages, in configured order, without
	// the source language.
	Langs []string
	Rows  []Row
	// Counts counts each state per language.
	Counts map[string]map[State]int
}

// Status computes the translation status of every page from the files
// alone: no git history is needed, so it works in a shallow clone.
func Status(s *site.Site) *Matrix {
	srcLang := s.Config.SourceLanguage
	m := &Matrix{SourceLang: srcLang, Counts: map[string]map[State]int{}}
	for _, l := range s.Langs {
		if l != srcLang {
			m.Langs = append(m.Langs, l)
			m.Counts[l] = map[State]int{}
		}
	}
	for _, key := range s.Keys() {
		sp := s.Page(key, srcLang)
		if sp == nil || sp.Synthetic {
			continue
		}
		row := Row{Key: key, Title: sp.Title()}
		var hash string
		if !sp.Fallback {
			row.Source = sp.Source
			hash = content.BodyHash(sp.Source.Body)
		}
		for _, l := range m.Langs {
			p := s.Page(key, l)
			c := Cell{Lang: l, Hash: hash}
			switch {
			case p == nil || p.Fallback:
				c.State = Missing
				c.File = fileFor(key, l)
			default:
				c.Src = p.Source
				c.File = p.Source.Path
				c.Recorded = p.Source.Meta.SourceHash
				switch {
				case hash == "" || c.Recorded != hash:
					c.State = Outdated
				case !p.Source.Meta.IsReviewed(false):
					c.State = Unreviewed
				default:
					c.State = OK
				}
			}
			m.Counts[l][c.State]++
			row.Cells = append(row.Cells, c)
		}
		m.Rows = append(m.Rows, row)
	}
	return m
}

// fileFor is where the file of key in lang lives.
func fileFor(key, lang string) string {
	return "content/" + key + "." + lang + ".md"
}

// translations reports missing, outdated and unreviewed translations, and
// translations that do not record their source. dir, if not empty, is the
// site on disk, for git history.
func translations(ctx context.Context, s *site.Site, dir string) diag.List {
	var diags diag.List
	m := Status(s)
	// Translations into several languages made from the same version of
	// a source share its lookup in history.
	type version struct{ file, hash string }
	old := map[version][]byte{}
	found := map[version]bool{}
	for _, row := range m.Rows {
		if row.Source == nil {
			continue // site.Assemble reports it
		}
		for _, c := range row.Cells {
			switch c.State {
			case Missing:
				diags.Add(diag.Diagnostic{Pos: diag.Pos{File: row.Source.Path, Line: 1, Col: 1}, Severity: diag.Warning, Code: "missing",
					Message: fmt.Sprintf("no %s translation (%s); %s readers see the page in %s", c.Lang, c.File, c.Lang, s.Page(row.Key, c.Lang).Source.Lang),
					Hint:    fmt.Sprintf("start one with: spean new --translate %s %s", c.Lang, row.Key)})
			case Outdated:
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
						msg += "; " + describeChanges(diffSections(old[v], row.Source.Body))
					}
				}
				diags.Add(diag.Diagnostic{Pos: metaPos(c.Src, "source_hash"), Severity: diag.Warning, Code: "outdated",
					Message: msg, Hint: "update the translation, then run: spean stamp " + c.File})
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

// describeChanges words a section diff for a message.
func describeChanges(ch []sectionChange) string {
	if len(ch) == 0 {
		return "no section's text changed (only spacing or order)"
	}
	var parts []string
	for _, c := range ch {
		parts = append(parts, fmt.Sprintf("%q (%s)", c.Title, c.Kind))
	}
	return "sections changed: " + strings.Join(parts, ", ")
}
