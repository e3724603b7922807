// Package i18n holds the theme's UI strings: one go-i18n file per language in
// i18n/<lang>.yaml, with CLDR plural forms. A string missing in any
// configured language is an error, never a silent fall back to English: a
// Khmer reader must not meet an English button.
package i18n

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sync"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"go.yaml.in/yaml/v4"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"

	"spean/generator/diag"
	"spean/generator/paths"
	"spean/generator/yamlpos"
)

// Dir is the folder under the site root that holds the UI strings, one
// file per language.
const Dir = "i18n"

// Bundle is the loaded UI strings of every language; safe for concurrent use.
type Bundle struct {
	bundle *goi18n.Bundle
	loc    map[string]*goi18n.Localizer
	// ids holds each language's message ids, and Files each language's file.
	ids   map[string]map[string]bool
	Files map[string]string
	// IDPos is where each id is defined in the source language's file.
	IDPos map[string]diag.Pos

	// plain caches strings that take no data: go-i18n runs a template for
	// every lookup, and layouts look the same strings up on every page.
	plain sync.Map
	// forms caches Forms, which renders every plural form.
	forms sync.Map
}

// Load reads dir/<lang>.yaml for every language in langs; source is the
// language every other file is compared against.
func Load(fsys fs.FS, dir string, langs []string, source string) (*Bundle, diag.List) {
	var diags diag.List
	b := &Bundle{
		bundle: goi18n.NewBundle(language.English),
		loc:    map[string]*goi18n.Localizer{},
		ids:    map[string]map[string]bool{},
		Files:  map[string]string{},
		IDPos:  map[string]diag.Pos{},
	}
	b.bundle.RegisterUnmarshalFunc("yaml", yaml.Unmarshal)
	for _, lang := range langs {
		file := path.Join(dir, lang+".yaml")
		b.Files[lang] = file
		if _, err := fs.Stat(fsys, file); errors.Is(err, fs.ErrNotExist) {
			diags.Errorf(diag.Pos{File: file}, "i18n", "no UI strings for language %q (create %s, copying %s.yaml and translating it)", lang, file, source)
			continue
		}
		data, dd := paths.ReadText(fsys, file)
		if dd.HasErrors() {
			diags = append(diags, dd...)
			continue
		}
		dec := &yamlpos.Decoder{File: file}
		node, ok := dec.Parse(data)
		diags = append(diags, dec.Diags...)
		if !ok {
			continue
		}
		mf, err := b.bundle.ParseMessageFileBytes(data, file)
		if err != nil {
			diags.Errorf(diag.Pos{File: file, Line: 1, Col: 1}, "i18n", "%v", err)
			continue
		}
		ids := map[string]bool{}
		for _, m := range mf.Messages {
			ids[m.ID] = true
		}
		b.ids[lang] = ids
		if lang == source {
			for k, p := range dec.KeyPositions(node) {
				b.IDPos[k] = p
			}
		}
		b.loc[lang] = goi18n.NewLocalizer(b.bundle, lang)
	}
	src := b.ids[source]
	for _, lang := range langs {
		ids, ok := b.ids[lang]
		if !ok || lang == source {
			continue
		}
		for _, id := range sortedKeys(src) {
			if !ids[id] {
				diags.Errorf(diag.Pos{File: b.Files[lang]}, "i18n-missing", "UI string %q is missing (it is defined in %s; add its %s translation)", id, b.Files[source], lang)
			}
		}
		for _, id := range sortedKeys(ids) {
			if !src[id] {
				diags.Add(diag.Diagnostic{Pos: diag.Pos{File: b.Files[lang]}, Severity: diag.Warning, Code: "i18n-extra",
					Message: fmt.Sprintf("UI string %q is not in %s, so nothing uses it", id, b.Files[source])})
			}
		}
	}
	return b, diags
}

func sortedKeys(m map[string]bool) []string {
	var s []string
	for k := range m {
		s = append(s, k)
	}
	slices.Sort(s)
	return s
}

// ErrUnknown is wrapped by T when a template asks for an id no file defines.
var ErrUnknown = errors.New("unknown UI string")

// T returns the string id in lang, filled with data. count, if not nil,
// chooses the CLDR plural form and is available as {{.Count}}.
func (b *Bundle) T(lang, id string, count any, data map[string]any) (string, error) {
	loc, ok := b.loc[lang]
	if !ok {
		return "", fmt.Errorf("no UI strings loaded for language %q", lang)
	}
	if !b.ids[lang][id] {
		return "", fmt.Errorf("%w %q (define it in %s and every other i18n file)", ErrUnknown, id, b.Files[lang])
	}
	cacheable := count == nil && len(data) == 0
	if cacheable {
		if s, ok := b.plain.Load(lang + "\x00" + id); ok {
			return s.(string), nil
		}
	}
	if count != nil {
		if data == nil {
			data = map[string]any{}
		}
		data["Count"] = count
	}
	s, err := loc.Localize(&goi18n.LocalizeConfig{MessageID: id, TemplateData: data, PluralCount: count})
	if err != nil {
		return "", fmt.Errorf("UI string %q in %s: %w", id, lang, err)
	}
	if cacheable {
		b.plain.Store(lang+"\x00"+id, s)
	}
	return s, nil
}

// Has reports whether id is defined for lang.
func (b *Bundle) Has(lang, id string) bool { return b.ids[lang][id] }

// IDs returns the source language's ids in order.
func (b *Bundle) IDs(source string) []string { return sortedKeys(b.ids[source]) }

// Form is a UI string in one plural form, for a script that counts on the
// reader's phone: Category is the CLDR plural category, as JavaScript's
// Intl.PluralRules names it ("one", "other"…), and Text has a placeholder
// where the count goes.
type Form struct{ Category, Text string }

// categories names plural.Form values as CLDR and Intl.PluralRules do.
var categories = [...]string{plural.Other: "other", plural.Zero: "zero", plural.One: "one", plural.Two: "two", plural.Few: "few", plural.Many: "many"}

// Forms returns the plural string id in lang in every form the language
// uses for whole numbers, {{.Count}} written as placeholder: "other"
// first, then only the forms whose text differs from it (Khmer, Lao,
// Burmese and Thai have none), so a page carries no copy twice. Each
// form is rendered with the smallest whole number in its category, by
// the CLDR rules of golang.org/x/text/feature/plural (the rules go-i18n
// and Intl.PluralRules follow too).
func (b *Bundle) Forms(lang, id, placeholder string) ([]Form, error) {
	key := lang + "\x00" + id + "\x00" + placeholder
	if f, ok := b.forms.Load(key); ok {
		return f.([]Form), nil
	}
	loc, ok := b.loc[lang]
	if !ok {
		return nil, fmt.Errorf("no UI strings loaded for language %q", lang)
	}
	if !b.ids[lang][id] {
		return nil, fmt.Errorf("%w %q (define it in %s and every other i18n file)", ErrUnknown, id, b.Files[lang])
	}
	tag, err := language.Parse(lang)
	if err != nil {
		return nil, fmt.Errorf("plural forms of %q: %w", lang, err)
	}
	// The smallest whole number of each category. "other" is the form a
	// script falls back on, so it is always given, from a decimal where
	// no whole number is "other" (in Russian, "other" is for fractions).
	example := map[plural.Form]any{}
	for n := 0; n < 1000; n++ {
		f := plural.Cardinal.MatchPlural(tag, n, 0, 0, 0, 0)
		if _, seen := example[f]; !seen {
			example[f] = n
		}
	}
	for n := 1; n < 100 && example[plural.Other] == nil; n++ {
		if plural.Cardinal.MatchPlural(tag, n/10, 1, 1, n%10, n%10) == plural.Other {
			example[plural.Other] = fmt.Sprintf("%d.%d", n/10, n%10)
		}
	}
	var out []Form
	for f := plural.Other; f <= plural.Many; f++ {
		n, ok := example[f]
		if !ok {
			continue
		}
		s, err := loc.Localize(&goi18n.LocalizeConfig{MessageID: id, PluralCount: n, TemplateData: map[string]any{"Count": placeholder}})
		if err != nil {
			return nil, fmt.Errorf("UI string %q in %s, %s form: %w", id, lang, categories[f], err)
		}
		if len(out) == 0 || s != out[0].Text {
			out = append(out, Form{categories[f], s})
		}
	}
	b.forms.Store(key, out)
	return out, nil
}
