// Package translation is the model of where every page stands in every
// language: the source page itself, up to date, not reviewed, outdated
// (by source_hash, so no git history is needed) or missing. check reports
// from it and the status page draws it.
package translation

import (
	"spean/generator/content"
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
	// BodyOnly is set when Recorded is the source's hash over its body
	// alone (content.Source.Hashes), as an older Spean recorded it: the
	// body is current, the title, description, summary and key points
	// are not known to be.
	BodyOnly bool
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
		var hash, bodyOnly string
		if !sp.Fallback {
			row.Source = sp.Source
			hash, bodyOnly = sp.Source.Hashes()
		}
		for _, l := range m.Langs {
			p := s.Page(key, l)
			c := Cell{Lang: l, Hash: hash}
			switch {
			case p == nil || p.Fallback:
				c.State = Missing
				c.File = content.File(key, l)
			default:
				c.Src = p.Source
				c.File = p.Source.Path
				c.Recorded = p.Source.Meta.SourceHash
				c.BodyOnly = c.Recorded != "" && c.Recorded != hash && c.Recorded == bodyOnly
				switch {
				case hash == "" || c.Recorded != hash && !c.BodyOnly:
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
