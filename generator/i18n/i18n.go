// Package i18n holds the theme's UI strings: one go-i18n file per language in
// i18n/<lang>.yaml, with CLDR plural forms. A string missing in any
// configured language is an error, never a silent fall back to English: a
// Khmer reader must not meet an English button.
package i18n

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"
	"text/template"
	"text/template/parse"

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
	// Each language's strings as written, with their places, for the
	// placeholder checks below; keys, for the extra ones.
	texts := map[string]map[string][]text{}
	keys := map[string]map[string]diag.Pos{}
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
		// go-i18n reads the messages from the tree just parsed, not from
		// the bytes again: a second parse of the five files was half of
		// loading them (2.8 of 6 ms), at the start of every build.
		fromNode := map[string]goi18n.UnmarshalFunc{"yaml": func(_ []byte, v any) error { return node.Decode(v) }}
		mf, err := goi18n.ParseMessageFileBytes(data, file, fromNode)
		if err == nil {
			err = b.bundle.AddMessages(mf.Tag, mf.Messages...)
		}
		if err != nil {
			diags.Errorf(diag.Pos{File: file, Line: 1, Col: 1}, "i18n", "%v", err)
			continue
		}
		ids := map[string]bool{}
		for _, m := range mf.Messages {
			ids[m.ID] = true
		}
		b.ids[lang] = ids
		keys[lang] = dec.KeyPositions(node)
		if lang == source {
			for k, p := range keys[lang] {
				b.IDPos[k] = p
			}
		}
		texts[lang] = textsOf(dec, node)
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
				pos, ok := keys[lang][id]
				if !ok {
					pos = diag.Pos{File: b.Files[lang]}
				}
				diags.Add(diag.Diagnostic{Pos: pos, Severity: diag.Warning, Code: "i18n-extra",
					Message: fmt.Sprintf("UI string %q is not in %s, so nothing uses it", id, b.Files[source])})
			}
		}
	}
	diags = append(diags, placeholders(texts, langs, source, b.Files)...)
	return b, diags
}

// text is one UI string as written, in one plural form ("" for a string
// without forms), and where its value starts.
type text struct {
	form, s string
	pos     diag.Pos
}

// textsOf lists the strings of a UI strings file (node, its top mapping)
// by id: a key's value, or each form of a plural (a mapping of forms to
// strings).
func textsOf(dec *yamlpos.Decoder, node *yaml.Node) map[string][]text {
	out := map[string][]text{}
	m := node
	if m == nil || m.Kind != yaml.MappingNode {
		return out
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		id, v := m.Content[i].Value, m.Content[i+1]
		switch v.Kind {
		case yaml.ScalarNode:
			out[id] = append(out[id], text{"", v.Value, dec.Pos(v)})
		case yaml.MappingNode:
			for j := 0; j+1 < len(v.Content); j += 2 {
				if f := v.Content[j+1]; f.Kind == yaml.ScalarNode {
					out[id] = append(out[id], text{v.Content[j].Value, f.Value, dec.Pos(f)})
				}
			}
		}
	}
	return out
}

// placeholders checks every UI string's template before any page is
// rendered: one that does not parse is an error at its line (rendering
// failed on every page that used it, at the layout), and a placeholder
// the source language's string does not have is an error too, as the
// page would show "<no value>" where it stands. A translation that
// leaves out one of the source's placeholders is a warning: its readers
// miss what it stood for (how many months ago a page was checked).
func placeholders(texts map[string]map[string][]text, langs []string, source string, files map[string]string) diag.List {
	var diags diag.List
	fields := map[string]map[string]map[string]bool{} // lang, id: the fields its forms use
	// The source language first: the others are compared with it.
	order := append([]string{source}, slices.DeleteFunc(slices.Clone(langs), func(l string) bool { return l == source })...)
	for _, lang := range order {
		fields[lang] = map[string]map[string]bool{}
		for _, id := range sortedKeys(texts[lang]) {
			set := map[string]bool{}
			for _, t := range texts[lang][id] {
				names, err := fieldsOf(t.s)
				if err != nil {
					diags.Add(diag.Diagnostic{Pos: t.pos, Severity: diag.Error, Code: "i18n",
						Message: fmt.Sprintf("UI string %q%s: %s", id, formOf(t.form), err),
						Hint:    "a placeholder is written {{.Name}}, as in " + files[source]})
					set = nil
					break
				}
				for _, n := range names {
					set[n] = true
				}
				if lang == source {
					continue
				}
				for _, n := range names {
					if src, ok := fields[source][id]; ok && src != nil && !src[n] {
						diags.Add(diag.Diagnostic{Pos: t.pos, Severity: diag.Error, Code: "i18n",
							Message: fmt.Sprintf("UI string %q%s uses {{.%s}}, which %s's does not give, so readers would see \"<no value>\"", id, formOf(t.form), n, files[source]),
							Hint:    "use the placeholders of " + files[source] + ": " + listFields(src)})
					}
				}
			}
			fields[lang][id] = set
		}
	}
	for _, lang := range langs {
		if lang == source {
			continue
		}
		for _, id := range sortedKeys(texts[lang]) {
			src, got := fields[source][id], fields[lang][id]
			if src == nil || got == nil {
				continue
			}
			for _, n := range sortedKeys(src) {
				if !got[n] {
					diags.Add(diag.Diagnostic{Pos: texts[lang][id][0].pos, Severity: diag.Warning, Code: "i18n-placeholder",
						Message: fmt.Sprintf("UI string %q leaves out {{.%s}}, which %s's has: its readers miss what it stands for", id, n, files[source])})
				}
			}
		}
	}
	return diags
}

// fieldsOf parses a UI string as go-i18n does (text/template) and returns
// the names of the fields it reads ({{.Count}} reads Count).
func fieldsOf(s string) ([]string, error) {
	if !strings.Contains(s, "{{") {
		return nil, nil
	}
	t, err := template.New("").Parse(s)
	if err != nil {
		return nil, errors.New(strings.TrimPrefix(err.Error(), "template: :"))
	}
	var names []string
	var walk func(n parse.Node)
	walk = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			if n != nil {
				for _, c := range n.Nodes {
					walk(c)
				}
			}
		case *parse.ActionNode:
			walk(n.Pipe)
		case *parse.PipeNode:
			if n != nil {
				for _, c := range n.Cmds {
					walk(c)
				}
			}
		case *parse.CommandNode:
			for _, a := range n.Args {
				walk(a)
			}
		case *parse.FieldNode:
			names = append(names, n.Ident[0])
		case *parse.ChainNode:
			walk(n.Node)
		case *parse.IfNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.RangeNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.WithNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		}
	}
	if t.Tree != nil {
		walk(t.Tree.Root)
	}
	return names, nil
}

func formOf(form string) string {
	if form == "" {
		return ""
	}
	return " (" + form + " form)"
}

func listFields(set map[string]bool) string {
	if len(set) == 0 {
		return "none"
	}
	var out []string
	for _, n := range sortedKeys(set) {
		out = append(out, "{{."+n+"}}")
	}
	return strings.Join(out, ", ")
}

// sortedKeys are m's keys, in order.
func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

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
