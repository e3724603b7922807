package build

import (
	"slices"
	"strings"
	"sync"

	"spean/generator/config"
	"spean/generator/content"
	"spean/generator/markdown"
	"spean/generator/terms"
)

// vocabulary hands the termbase to markdown (markdown.Vocabulary): the
// forms found in a text, definitions along the fallback chain, where the
// glossary is, and what its ```terms block lists.
type vocabulary struct {
	base  *terms.Base
	cfg   *config.Config
	label func(lang string) string
	// matchers holds one matcher per language, made once: each is a
	// sorted list of every form.
	matchers map[string]*terms.Matcher

	mu sync.RWMutex
	// glossary is the glossary page's key ("glossary/terms"), sources
	// every source by path, both set by Parser.Parse before parsing.
	glossary string
	sources  map[string]*content.Source
}

func newVocabulary(base *terms.Base, cfg *config.Config, label func(lang string) string) *vocabulary {
	v := &vocabulary{base: base, cfg: cfg, label: label, matchers: map[string]*terms.Matcher{}}
	for _, l := range cfg.Codes() {
		v.matchers[l] = base.Matcher(l)
	}
	return v
}

// GlossaryKey is the key of the page that shows the glossary: the
// source-language page with a ```terms block (the first by key if several
// have one). "" when none does.
func GlossaryKey(all []*content.Source, sourceLang string) string {
	var keys []string
	for _, s := range all {
		if s.Lang == sourceLang && s.HasTerms() {
			keys = append(keys, s.Key)
		}
	}
	slices.Sort(keys)
	if len(keys) == 0 {
		return ""
	}
	return keys[0]
}

// set records, before a parse, where the glossary is and every source by
// path (the glossary's sources name the facts its definitions state),
// which it only reads (sourceIndex).
func (v *vocabulary) set(glossary string, byPath map[string]*content.Source) {
	v.mu.Lock()
	v.glossary, v.sources = glossary, byPath
	v.mu.Unlock()
}

func (v *vocabulary) markdown() *markdown.Vocabulary {
	if len(v.base.Terms) == 0 {
		return nil
	}
	return &markdown.Vocabulary{
		Find:   v.find,
		Define: v.define,
		GlossaryFile: func() string {
			v.mu.RLock()
			defer v.mu.RUnlock()
			if v.glossary == "" {
				return ""
			}
			return v.glossary + ".md"
		},
		Glossary: v.entries,
	}
}

func (v *vocabulary) find(lang, text string) []markdown.TermFound {
	m := v.matchers[lang]
	if m == nil {
		return nil
	}
	var out []markdown.TermFound
	for _, f := range m.Find(text) {
		k := markdown.TermApproved
		switch f.Kind {
		case terms.Synonym:
			k = markdown.TermSynonym
		case terms.Rejected:
			k = markdown.TermRejected
		}
		out = append(out, markdown.TermFound{ID: f.Term.ID, Kind: k, Form: f.Form, Start: f.Start, End: f.End})
	}
	return out
}

// entry is a term's entry in lang or the first language of its fallback
// chain that has one with a definition.
func (v *vocabulary) entry(t *terms.Term, lang string) (*terms.Entry, string) {
	for _, l := range v.cfg.Chain(lang) {
		if e := t.Langs[l]; e != nil && e.Term != "" && strings.TrimSpace(e.Definition) != "" {
			return e, l
		}
	}
	return nil, ""
}

func (v *vocabulary) define(lang, id string) (string, string, bool) {
	t := v.base.ByID(id)
	if t == nil {
		return "", "", false
	}
	e, l := v.entry(t, lang)
	if e == nil {
		return "", "", false
	}
	return strings.TrimSpace(e.Definition), l, true
}

// entries is the glossary of the page in file, in lang: every term, in the
// termbase's order, with the sources of the facts its definition states
// named as the page's own sources list names them.
func (v *vocabulary) entries(file, lang string) markdown.Glossary {
	v.mu.RLock()
	page := v.sources[file]
	v.mu.RUnlock()
	refs := map[string]content.Ref{}
	if page != nil {
		for _, r := range page.Meta.Sources {
			refs[r.ID] = r
		}
	}
	src := v.cfg.SourceLanguage
	g := markdown.Glossary{SourcesLabel: v.label(lang)}
	for _, t := range v.base.Terms {
		e, l := v.entry(t, lang)
		if e == nil {
			continue
		}
		ge := markdown.GlossaryEntry{ID: t.ID, Term: e.Term, Definition: strings.TrimSpace(e.Definition), Lang: l}
		if s := t.Langs[src]; s != nil && l != src {
			ge.Source, ge.SourceLang = s.Term, src
		}
		for _, id := range t.Sources {
			// A source the page does not list is named by its id;
			// facts_test keeps the page's list complete.
			name := id
			if r, ok := refs[id]; ok {
				name = strings.TrimSpace(strings.Join(nonEmpty(r.Org, r.Year), ", "))
				if name == "" {
					name = r.Title
				}
			}
			ge.Sources = append(ge.Sources, name)
		}
		g.Entries = append(g.Entries, ge)
	}
	return g
}

func nonEmpty(s ...string) []string {
	var out []string
	for _, x := range s {
		if strings.TrimSpace(x) != "" {
			out = append(out, strings.TrimSpace(x))
		}
	}
	return out
}
