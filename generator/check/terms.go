package check

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"spean/generator/content"
	"spean/generator/diag"
	"spean/generator/frontmatter"
	"spean/generator/markdown"
	"spean/generator/site"
	"spean/generator/terms"
)

// The termbase (content/_data/terms.yaml) says which word every page of a
// language uses for each idea. Outside the glossary's section (the
// glossary lists every form on purpose), check reports:
//
//	term-rejected  a rejected form, naming the approved term (check --fix replaces it)
//	term-synonym   a synonym in a page's text: search knows it, pages use the term (--fix replaces it)
//	term-expected  a translation lacking every form of a term its English page uses
//
// in the body (headings and link texts included, code excluded) and in the
// front matter readers see: title, description, summary, key_points. The
// rules come from the data file alone: a new language or term needs no code.

// termUse is one form found in a source file, in its body (from the
// parsed document) or in a front-matter field.
type termUse struct {
	markdown.TermUse
	// file offsets of the text, or -1 when it has no single span there.
	start, end int
}

// frontFields are the front-matter fields readers see, in file order.
func frontFields(src *content.Source) []struct{ key, text string } {
	out := []struct{ key, text string }{{"title", src.Meta.Title}, {"description", src.Meta.Description}, {"summary", src.Meta.Summary}}
	for i, k := range src.Meta.KeyPoints {
		out = append(out, struct{ key, text string }{fmt.Sprintf("key_points[%d]", i), k})
	}
	return out
}

// sourceTerms lists every form of a term in src: its front matter's
// reader-facing fields, then its body, each with its place in the file.
// data is the file as read (nil: offsets unknown).
func sourceTerms(src *content.Source, doc *markdown.Doc, m *terms.Matcher, data []byte) []termUse {
	var out []termUse
	bodyStart := -1
	if data != nil {
		if parts, d := frontmatter.Split(src.Path, data); !d.HasErrors() && bytes.Equal(parts.Body(data), src.Body) {
			bodyStart = parts.BodyStart
		}
	}
	// Front matter: the decoded value is matched; its text is then looked
	// for in the file from where the value starts, so a fix replaces
	// exactly what was found. A value written with escapes or folded over
	// lines may not hold the text as found: then it is reported at the
	// value and not fixed.
	for _, f := range frontFields(src) {
		pos, ok := src.ValuePos[f.key]
		if !ok {
			pos = metaPos(src, f.key)
		}
		from := -1
		if data != nil && bodyStart >= 0 && pos.Line > 0 {
			from = lineColOffset(data, pos.Line, pos.Col)
		}
		for _, found := range m.Find(f.text) {
			u := termUse{TermUse: markdown.TermUse{ID: found.Term.ID, Kind: kindOf(found.Kind), Form: found.Form,
				Text: f.text[found.Start:found.End], Pos: pos}, start: -1, end: -1}
			if from >= 0 {
				if i := bytes.Index(data[from:valueEnd(data, from, bodyStart)], []byte(u.Text)); i >= 0 {
					u.start, u.end = from+i, from+i+len(u.Text)
					u.Pos = diag.OffsetPos(src.Path, data, u.start, 1)
					from = u.end
				}
			}
			out = append(out, u)
		}
	}
	if doc != nil {
		for _, t := range doc.Terms {
			u := termUse{TermUse: t, start: -1, end: -1}
			if bodyStart >= 0 && t.Start >= 0 {
				u.start, u.end = bodyStart+t.Start, bodyStart+t.End
			}
			out = append(out, u)
		}
	}
	return out
}

// valueEnd is where the front-matter value starting at from ends at the
// latest: the next line that starts a key or a list item. A text not found
// before it is reported at the value and not fixed, rather than fixed in
// another field.
func valueEnd(data []byte, from, limit int) int {
	for i := from; i < limit; {
		nl := bytes.IndexByte(data[i:limit], '\n')
		if nl < 0 {
			return limit
		}
		next := i + nl + 1
		line := data[next:limit]
		trimmed := bytes.TrimLeft(line, " ")
		if len(line) > 0 && line[0] != ' ' || bytes.HasPrefix(trimmed, []byte("- ")) {
			return next
		}
		i = next
	}
	return limit
}

func kindOf(k terms.Kind) markdown.TermKind {
	switch k {
	case terms.Synonym:
		return markdown.TermSynonym
	case terms.Rejected:
		return markdown.TermRejected
	}
	return markdown.TermApproved
}

// lineColOffset is the byte offset of a 1-based line and column (in
// runes) in data, or -1.
func lineColOffset(data []byte, line, col int) int {
	off := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(data[off:], '\n')
		if i < 0 {
			return -1
		}
		off += i + 1
	}
	for c := 1; c < col && off < len(data) && data[off] != '\n'; c++ {
		_, n := utf8.DecodeRune(data[off:])
		off += n
	}
	return off
}

// glossarySection is the section of the page that shows the glossary (a
// ```terms block): its pages list every form on purpose. "" when the site
// has no glossary; "." when it is a top-level page.
func glossarySection(s *site.Site) (section, key string) {
	for _, src := range s.Sources {
		if src.Lang != s.Config.SourceLanguage {
			continue
		}
		if p := s.Page(src.Key, src.Lang); p != nil && p.Doc != nil && p.Doc.Glossary {
			return path.Dir(src.Key), src.Key
		}
	}
	return "", ""
}

// exempt reports whether a page's key is in the glossary's section.
func exempt(key, section, glossary string) bool {
	switch {
	case glossary == "":
		return false
	case key == glossary:
		return true
	case section == ".":
		return false
	}
	return strings.HasPrefix(key, section+"/")
}

// termPages are the pages the termbase applies to, in source order: each
// content file shown as its own page, outside the glossary's section.
func termPages(s *site.Site) []*site.Page {
	section, glossary := glossarySection(s)
	var out []*site.Page
	for _, src := range s.Sources {
		if exempt(src.Key, section, glossary) {
			continue
		}
		if p := s.Page(src.Key, src.Lang); p != nil && p.Source == src {
			out = append(out, p)
		}
	}
	return out
}

// termChecks reports rejected forms, synonyms and missing terms.
func termChecks(fsys fs.FS, s *site.Site) diag.List {
	var diags diag.List
	if s.Terms == nil || len(s.Terms.Terms) == 0 {
		return nil
	}
	matchers := map[string]*terms.Matcher{}
	matcher := func(lang string) *terms.Matcher {
		if matchers[lang] == nil {
			matchers[lang] = s.Terms.Matcher(lang)
		}
		return matchers[lang]
	}
	used := map[*content.Source][]termUse{}
	for _, p := range termPages(s) {
		src := p.Source
		data, _ := fs.ReadFile(fsys, src.Path)
		uses := sourceTerms(src, p.Doc, matcher(src.Lang), data)
		used[src] = uses
		for _, u := range uses {
			if u.Kind == markdown.TermApproved {
				continue
			}
			t := s.Terms.ByID(u.ID)
			approved := t.Langs[src.Lang].Term
			hint := "spean check --fix replaces it"
			if why := unfixable(s.Terms, src.Lang, u); why != "" {
				hint = "replace it by hand: " + why
			}
			if note := strings.TrimSpace(t.Langs[src.Lang].Note); note != "" && u.Kind == markdown.TermRejected {
				hint += " (" + firstSentence(note) + ")"
			}
			d := diag.Diagnostic{Pos: u.Pos, Severity: diag.Warning, Hint: hint}
			if u.Kind == markdown.TermRejected {
				d.Code = "term-rejected"
				d.Message = fmt.Sprintf("%q is a rejected form of %q (%s); write %q", u.Text, approved, t.ID, approved)
			} else {
				d.Code = "term-synonym"
				d.Message = fmt.Sprintf("%q is a synonym of %q (%s): search knows it, pages write %q", u.Text, approved, t.ID, approved)
			}
			diags.Add(d)
		}
	}
	diags = append(diags, expectedTerms(s, used)...)
	return diags
}

// expectedTerms reports, for every English page outside the glossary,
// each term it uses that a translation does not write in any form: the
// translator chose another word, or left the idea out.
func expectedTerms(s *site.Site, used map[*content.Source][]termUse) diag.List {
	var diags diag.List
	srcLang := s.Config.SourceLanguage
	for src, uses := range used {
		if src.Lang != srcLang {
			continue
		}
		first := map[string]termUse{}
		var ids []string
		for _, u := range uses {
			if _, ok := first[u.ID]; !ok {
				first[u.ID] = u
				ids = append(ids, u.ID)
			}
		}
		for _, lang := range s.Langs {
			if lang == srcLang {
				continue
			}
			p := s.Page(src.Key, lang)
			if p == nil || p.Fallback {
				continue
			}
			tr := p.Source
			trUses, ok := used[tr]
			if !ok {
				continue
			}
			have := map[string]bool{}
			for _, u := range trUses {
				have[u.ID] = true
			}
			for _, id := range ids {
				e := s.Terms.ByID(id).Langs[lang]
				if have[id] || e == nil || e.Term == "" {
					continue
				}
				u := first[id]
				diags.Add(diag.Diagnostic{Pos: counterpart(src, tr, p.Doc, s.Page(src.Key, srcLang).Doc, u.Pos), Severity: diag.Warning, Code: "term-expected",
					Message: fmt.Sprintf("expected %q (%s): the English page uses %q at %s, and this translation has no form of the term", e.Term, id, u.Text, u.Pos),
					Hint:    fmt.Sprintf("write %q where the English says %q, or add the word used here to %s if readers know it", e.Term, u.Text, terms.File)})
			}
		}
	}
	return diags
}

// counterpart is where in a translation to report a term its English page
// uses at pos: the block with the same index when both pages have the
// same number of blocks (translations keep the structure), else the start
// of the body.
func counterpart(src, tr *content.Source, trDoc, srcDoc *markdown.Doc, pos diag.Pos) diag.Pos {
	start := diag.Pos{File: tr.Path, Line: tr.BodyLine, Col: 1}
	if pos.File == src.Path && pos.Line < src.BodyLine {
		// A front-matter field: the translation's same field.
		for _, f := range frontFields(src) {
			if p, ok := src.ValuePos[f.key]; ok && p.Line == pos.Line {
				if tp, ok := tr.ValuePos[f.key]; ok {
					return tp
				}
			}
		}
		return diag.Pos{File: tr.Path, Line: 1, Col: 1}
	}
	if pos.File != src.Path || trDoc == nil || srcDoc == nil || len(trDoc.Blocks()) != len(srcDoc.Blocks()) {
		return start
	}
	for i := len(srcDoc.Blocks()) - 1; i >= 0; i-- {
		if srcDoc.Blocks()[i].Pos.Line <= pos.Line {
			return trDoc.Blocks()[i].Pos
		}
	}
	return start
}

// unfixable says why --fix would not replace a use, or "".
func unfixable(base *terms.Base, lang string, u termUse) string {
	if u.start < 0 {
		return "it is written across a line break or with markup in it"
	}
	if e := base.ByID(u.ID).Langs[lang]; e == nil || e.Term == "" {
		// Only synonyms listed: nothing to put in the form's place.
		return "the termbase gives no approved form in this language"
	}
	// A form listed for two terms could mean either.
	n := 0
	for _, t := range base.Terms {
		e := t.Langs[lang]
		if e == nil {
			continue
		}
		if slices.Contains(e.Synonyms, u.Form) || slices.Contains(e.Rejected, u.Form) {
			n++
		}
	}
	if n > 1 {
		return "the termbase lists this form for more than one term"
	}
	// A plural variant ("helplines") of a singular term ("hotline"): the
	// termbase has no plural of the term to put in its place.
	e := base.ByID(u.ID).Langs[lang]
	for _, v := range slices.Concat(e.Synonyms, e.Rejected) {
		if v != u.Form && (u.Form == v+"s" || u.Form == v+"es") {
			return "it is the plural of " + fmt.Sprintf("%q", v) + ", and the termbase gives the term in the singular"
		}
	}
	return ""
}

func firstSentence(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if i := strings.Index(s, ". "); i > 0 {
		return s[:i+1]
	}
	return s
}

// Replacement is one form --fix replaced with its term.
type Replacement struct {
	Pos      diag.Pos
	Old, New string
}

// FixTerms replaces, in the content files outside the glossary's section,
// every rejected form and synonym with the approved term where that is
// unambiguous (see unfixable), and returns the files that change with
// every other byte as it was. A form at the start of a sentence keeps its
// capital ("Labour permit" → "Work permit"). The caller writes the files.
func FixTerms(fsys fs.FS, s *site.Site) ([]FixedTerms, error) {
	var out []FixedTerms
	if s.Terms == nil || len(s.Terms.Terms) == 0 {
		return nil, nil
	}
	for _, p := range termPages(s) {
		src := p.Source
		data, err := fs.ReadFile(fsys, src.Path)
		if err != nil {
			return out, fmt.Errorf("fix %s: %w", src.Path, err)
		}
		uses := sourceTerms(src, p.Doc, s.Terms.Matcher(src.Lang), data)
		var reps []Replacement
		type span struct {
			start, end int
			with       string
		}
		var spans []span
		for _, u := range uses {
			if u.Kind == markdown.TermApproved || unfixable(s.Terms, src.Lang, u) != "" {
				continue
			}
			with := matchCase(u.Text, s.Terms.ByID(u.ID).Langs[src.Lang].Term)
			spans = append(spans, span{u.start, u.end, with})
			reps = append(reps, Replacement{Pos: u.Pos, Old: u.Text, New: with})
		}
		if len(spans) == 0 {
			continue
		}
		slices.SortFunc(spans, func(a, b span) int { return a.start - b.start })
		var b bytes.Buffer
		last := 0
		for _, sp := range spans {
			if sp.start < last {
				continue // overlapping finds: the first wins
			}
			b.Write(data[last:sp.start])
			b.WriteString(sp.with)
			last = sp.end
		}
		b.Write(data[last:])
		out = append(out, FixedTerms{Path: src.Path, Data: b.Bytes(), Replacements: reps})
	}
	slices.SortFunc(out, func(a, b FixedTerms) int { return strings.Compare(a.Path, b.Path) })
	return out, nil
}

// FixedTerms is a content file FixTerms rewrote: its new bytes and what
// was replaced.
type FixedTerms struct {
	Path         string
	Data         []byte
	Replacements []Replacement
}

// matchCase gives term the capital letter old starts with, for a form
// found at the start of a sentence or in a title; other scripts have no
// case and are returned as they are.
func matchCase(old, term string) string {
	o, _ := utf8.DecodeRuneInString(old)
	t, n := utf8.DecodeRuneInString(term)
	if unicode.IsUpper(o) && unicode.IsLower(t) {
		return string(unicode.ToUpper(t)) + term[n:]
	}
	return term
}
