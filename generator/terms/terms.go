// Package terms is the site's vocabulary: content/_data/terms.yaml, a
// termbase with, for each idea (work permit, pink card, hotline…), its
// approved form in every language, the synonyms readers may know or type,
// the forms that must not be used, and a plain-language definition.
//
// In: the data file. Out: the terms, a matcher that finds every form of
// every term in a text of a language (Find), and the vocabulary search
// uses (Vocabulary). check enforces it, markdown explains the first use of
// a term on a page, and the glossary is drawn from it.
//
// Matching: Latin-script forms match whole words, ignoring case, except
// forms written in capitals (CI, MOU), which match exactly; forms in
// scripts written without spaces (Khmer, Lao, Burmese, Thai) match as
// substrings of the NFC text. Longer forms win over the shorter forms they
// contain.
package terms

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v4"
	"golang.org/x/text/unicode/norm"

	"spean/generator/diag"
	"spean/generator/paths"
	"spean/generator/script"
	"spean/generator/yamlpos"
)

// File is where the termbase lives, relative to the site root.
const File = "content/_data/terms.yaml"

// Entry is a term in one language.
type Entry struct {
	// Term is the approved form: what every page in the language uses.
	Term string `yaml:"term"`
	// Synonyms are other words readers know or type; search maps them to
	// the term, and pages should not use them.
	Synonyms []string `yaml:"synonyms"`
	// Rejected are forms that are wrong, misleading or dangerous.
	Rejected []string `yaml:"rejected"`
	// Definition is one plain sentence explaining the term.
	Definition string `yaml:"definition"`
	// Note is for translators and reviewers, never shown to readers.
	Note string `yaml:"note"`

	Pos diag.Pos `yaml:"-"`
}

// Term is one idea in every language.
type Term struct {
	ID      string
	Sources []string
	Langs   map[string]*Entry
	Pos     diag.Pos
}

// Base is the whole termbase.
type Base struct {
	Terms []*Term
	byID  map[string]*Term
}

var idRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// Load reads the termbase. A missing file is no error (a site without a
// vocabulary). langs are the configured languages, source the source
// language: every term needs its source-language entry; other languages
// may lack one (check reports it).
func Load(fsys fs.FS, langs []string, source string) (*Base, diag.List) {
	b := &Base{byID: map[string]*Term{}}
	if _, err := fs.Stat(fsys, File); errors.Is(err, fs.ErrNotExist) {
		return b, nil
	}
	src, diags := paths.ReadText(fsys, File)
	if diags.HasErrors() {
		return b, diags
	}
	dec := &yamlpos.Decoder{File: File}
	root, ok := dec.Parse(src)
	if !ok {
		return b, dec.Diags
	}
	list := value(root, "terms")
	if root.Kind != yaml.MappingNode || len(root.Content) != 2 || list == nil || list.Kind != yaml.SequenceNode {
		dec.Diags.Errorf(dec.Pos(root), "terms", "%s holds one key, terms:, a list of terms", File)
		return b, dec.Diags
	}
	for _, n := range list.Content {
		t := &Term{Langs: map[string]*Entry{}, Pos: dec.Pos(n)}
		if n.Kind != yaml.MappingNode {
			dec.Diags.Errorf(dec.Pos(n), "terms", "a term is a mapping with id, sources and one entry per language")
			continue
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			switch key := k.Value; {
			case key == "id":
				t.ID = v.Value
			case key == "sources":
				dec.Decode(v, &t.Sources)
			case slices.Contains(langs, key):
				e := &Entry{Pos: dec.Pos(k)}
				dec.Decode(v, e)
				t.Langs[key] = e
			default:
				hint := "a term has id, sources and one entry per configured language (" + strings.Join(langs, ", ") + ")"
				if m := diag.Closest(key, append([]string{"id", "sources"}, langs...), 2); m != "" {
					hint = fmt.Sprintf("did you mean %q?", m)
				}
				dec.Diags.Add(diag.Diagnostic{Pos: dec.Pos(k), Severity: diag.Error, Code: "terms", Message: fmt.Sprintf("unknown key %q in a term", key), Hint: hint})
			}
		}
		switch {
		case !idRE.MatchString(t.ID):
			dec.Diags.Errorf(t.Pos, "terms", "term id %q must be lowercase ASCII letters, digits and hyphens (its glossary anchor is #term-<id>)", t.ID)
			continue
		case b.byID[t.ID] != nil:
			dec.Diags.Errorf(t.Pos, "terms", "term id %q is used twice", t.ID)
			continue
		}
		if e := t.Langs[source]; e == nil || strings.TrimSpace(e.Term) == "" || strings.TrimSpace(e.Definition) == "" {
			dec.Diags.Errorf(t.Pos, "terms", "term %q needs a %s entry with a term and a definition", t.ID, source)
		}
		for lang, e := range t.Langs {
			e.Term = norm.NFC.String(strings.TrimSpace(e.Term))
			for _, f := range slices.Concat(e.Synonyms, e.Rejected) {
				if norm.NFC.String(f) == e.Term {
					dec.Diags.Errorf(e.Pos, "terms", "term %q in %s lists its own approved form %q as a variant", t.ID, lang, f)
				}
			}
		}
		b.Terms = append(b.Terms, t)
		b.byID[t.ID] = t
	}
	dec.Diags.Sort()
	return b, dec.Diags
}

func value(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// ByID returns the term with id, or nil.
func (b *Base) ByID(id string) *Term { return b.byID[id] }

// Kind is what a form found in a text is.
type Kind int

const (
	Approved Kind = iota
	Synonym
	Rejected
)

func (k Kind) String() string { return [...]string{"term", "synonym", "rejected form"}[k] }

// Match is one form of a term found in a text.
type Match struct {
	Term *Term
	Kind Kind
	// Form is the form as listed; Start and End are byte offsets of the
	// text found.
	Form       string
	Start, End int
}

// form is one form to look for in a language.
type form struct {
	text string
	term *Term
	kind Kind
	// exact is true for forms matched as written (scripts without
	// spaces, and capitals); others match whole words, ignoring case.
	exact bool
}

// Matcher finds the forms of every term in texts of one language.
type Matcher struct {
	forms []form
}

// Matcher returns the matcher of lang.
func (b *Base) Matcher(lang string) *Matcher {
	m := &Matcher{}
	for _, t := range b.Terms {
		e := t.Langs[lang]
		if e == nil {
			continue
		}
		add := func(f string, k Kind) {
			f = norm.NFC.String(strings.TrimSpace(f))
			if f == "" {
				return
			}
			m.forms = append(m.forms, form{text: f, term: t, kind: k, exact: !spaced(f) || strings.ToUpper(f) == f})
		}
		add(e.Term, Approved)
		for _, f := range e.Synonyms {
			add(f, Synonym)
		}
		for _, f := range e.Rejected {
			add(f, Rejected)
		}
	}
	// Longest first, so "work-permit card" wins over "work permit".
	sort.SliceStable(m.forms, func(i, j int) bool { return len(m.forms[i].text) > len(m.forms[j].text) })
	return m
}

// spaced reports whether a form is written in a script that separates
// words with spaces (Latin, Arabic…), judged by its first letter.
func spaced(f string) bool {
	for _, r := range f {
		if unicode.IsLetter(r) {
			for _, s := range script.Known() {
				if s.Letters != nil && unicode.Is(s.Letters, r) {
					return s.Spaced
				}
			}
			return true
		}
	}
	return true
}

// Find returns every form found in text (NFC), longest first where forms
// overlap, in the order they stand. A text part already matched by a
// longer form is not matched again.
func (m *Matcher) Find(text string) []Match {
	if len(m.forms) == 0 || text == "" {
		return nil
	}
	lower := ""
	taken := make([]bool, len(text))
	var out []Match
	for _, f := range m.forms {
		hay, needle := text, f.text
		if !f.exact {
			if lower == "" {
				lower = foldCase(text)
			}
			hay, needle = lower, foldCase(f.text)
		}
		for off := 0; ; {
			i := strings.Index(hay[off:], needle)
			if i < 0 {
				break
			}
			start, end := off+i, off+i+len(needle)
			off = end
			if !f.exact && (!boundary(text, start, true) || !boundary(text, end, false)) {
				continue
			}
			if slices.Contains(taken[start:end], true) {
				continue
			}
			for j := start; j < end; j++ {
				taken[j] = true
			}
			out = append(out, Match{Term: f.term, Kind: f.kind, Form: f.text, Start: start, End: end})
		}
	}
	slices.SortFunc(out, func(a, b Match) int { return a.Start - b.Start })
	return out
}

// foldCase lowers ASCII letters only, keeping every byte offset: the
// forms that match ignoring case are Latin words of the source language.
func foldCase(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// boundary reports whether offset i of s is the start (or end) of a word.
func boundary(s string, i int, start bool) bool {
	var r rune
	if start {
		if i == 0 {
			return true
		}
		r, _ = utf8.DecodeLastRuneInString(s[:i])
	} else {
		if i >= len(s) {
			return true
		}
		r, _ = utf8.DecodeRuneInString(s[i:])
	}
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.M, r)
}

// Vocabulary is what search needs: for each language, groups of forms
// that mean the same, the approved form first.
func (b *Base) Vocabulary(langs []string) map[string][][]string {
	v := map[string][][]string{}
	for _, lang := range langs {
		for _, t := range b.Terms {
			e := t.Langs[lang]
			if e == nil || e.Term == "" {
				continue
			}
			g := append([]string{e.Term}, e.Synonyms...)
			g = append(g, e.Rejected...)
			if len(g) > 1 {
				v[lang] = append(v[lang], g)
			}
		}
	}
	return v
}
