// Package hotline loads the hotline data file (content/_data/hotlines.yaml)
// and renders hotline lists. A number is written once, with its source, and
// shown the same way on every page, in every language and on every leaflet.
//
// A wrong number is the worst error the site can make, so the data is
// checked strictly: a number follows a phone-number grammar and the tel:
// link is built from exactly its digits; countries and languages come from
// closed sets. Texts (name, purpose, hours) follow each language's fallback
// chain, as pages do; a missing text is for check to report.
package hotline

import (
	"errors"
	"fmt"
	"html"
	"io"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"sync"

	"spean/generator/config"
	"spean/generator/diag"
	"spean/generator/paths"
	"spean/generator/yamlpos"
)

// File is where the data lives, relative to the site root.
const File = "content/_data/hotlines.yaml"

// Hotline is one number.
type Hotline struct {
	ID string `yaml:"id"`
	// Number is the number as it is dialled and shown: digits in groups
	// separated by single spaces or hyphens, with an optional leading +.
	Number string `yaml:"number"`
	// Country is where the number is dialled (th, kh, la, mm).
	Country string `yaml:"country"`
	// Serves lists the origin countries whose workers it helps.
	Serves []string `yaml:"serves"`
	// Languages the line answers in, as language codes.
	Languages []string          `yaml:"languages"`
	Source    string            `yaml:"source"`
	Name      map[string]string `yaml:"name"`
	Purpose   map[string]string `yaml:"purpose"`
	Hours     map[string]string `yaml:"hours"`

	Pos diag.Pos `yaml:"-"`
}

// numberRE is the phone-number grammar: digit groups separated by one
// space or hyphen, an optional + in front. Anything else ("1300 or 1694",
// "(press 2)") would be shown as written but dialled as the digits run
// together, so it is refused.
var numberRE = regexp.MustCompile(`^\+?[0-9]+(?:[ -][0-9]+)*$`)

var idRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// Tel is the number as a tel: URI: its digits and a leading + only. It is
// only meaningful for a number that passed Load's grammar check.
func (h *Hotline) Tel() string {
	var b strings.Builder
	for i, r := range h.Number {
		if r >= '0' && r <= '9' || (r == '+' && i == 0) {
			b.WriteRune(r)
		}
	}
	return "tel:" + b.String()
}

// Data is the whole file.
type Data struct {
	Hotlines []*Hotline `yaml:"hotlines"`

	dialler     *Dialler // made once, by Dialler
	diallerOnce sync.Once
}

// Dialled lists the countries a number may be dialled in, with the UI
// string that tells readers where ("call in Thailand").
var Dialled = []struct{ Code, Label string }{
	{"th", "in_thailand"}, {"kh", "in_cambodia"}, {"la", "in_laos"}, {"mm", "in_myanmar"},
}

// UI string ids the hotline list uses besides Dialled's labels and
// "lang_<code>" for the languages a line answers in.
const (
	LabelCall      = "call"
	LabelHours     = "hours"
	LabelLanguages = "languages"
)

// Options say what the data may name.
type Options struct {
	// SourceLanguage must have every text; other languages fall back.
	SourceLanguage string
	// KnownLanguage reports whether a language code can be named to
	// readers (the UI strings have lang_<code> in every language).
	KnownLanguage func(code string) bool
}

// Load reads the data file. A missing file is no error (a site without
// hotlines). Every problem is reported at its line.
func Load(fsys fs.FS, o Options) (*Data, diag.List) {
	data := &Data{}
	if _, err := fs.Stat(fsys, File); errors.Is(err, fs.ErrNotExist) {
		return data, nil
	}
	src, diags := paths.ReadText(fsys, File)
	if diags.HasErrors() {
		return data, diags
	}
	dec := &yamlpos.Decoder{File: File}
	root, ok := dec.Parse(src)
	if !ok {
		return data, dec.Diags
	}
	dec.Decode(root, data)
	at := dec.Paths(root)
	bad := func(path, code, hint, format string, args ...any) {
		dec.Diags.Add(diag.Diagnostic{Pos: at[path], Severity: diag.Error, Code: code, Message: fmt.Sprintf(format, args...), Hint: hint})
	}
	dialled := make([]string, len(Dialled))
	for i, d := range Dialled {
		dialled[i] = d.Code
	}
	seen := map[string]bool{}
	kept := data.Hotlines[:0]
	for i, h := range data.Hotlines {
		p := fmt.Sprintf("hotlines[%d]", i)
		if h == nil {
			bad(p, "hotline", "remove the empty - line, or fill in the hotline", "hotline entry %d is empty", i+1)
			continue
		}
		kept = append(kept, h)
		h.Pos = at[p]
		switch {
		case !idRE.MatchString(h.ID):
			bad(p, "hotline", "lowercase ASCII letters, digits and hyphens, like doe-1694", "hotline id %q is not a valid id", h.ID)
		case seen[h.ID]:
			bad(p+".id", "hotline", "give each hotline its own id", "hotline id %q is used twice", h.ID)
		}
		seen[h.ID] = true
		if !numberRE.MatchString(h.Number) {
			bad(p+".number", "hotline-number", "write one number: digits in groups separated by a space or hyphen, + in front for international numbers (say \"press 2\" in purpose)",
				"hotline %q: number %q is not a phone number", h.ID, h.Number)
		}
		if !slices.Contains(dialled, h.Country) {
			bad(p+".country", "hotline", hint(h.Country, dialled, "the country the number is dialled in"), "hotline %q: country %q is not one of %s", h.ID, h.Country, strings.Join(dialled, ", "))
		}
		for j, c := range h.Serves {
			if !slices.Contains(config.Countries, c) {
				bad(fmt.Sprintf("%s.serves[%d]", p, j), "hotline", hint(c, config.Countries, config.CountryNames),
					"hotline %q serves unknown country %q", h.ID, c)
			}
		}
		for j, l := range h.Languages {
			if o.KnownLanguage != nil && !o.KnownLanguage(l) {
				bad(fmt.Sprintf("%s.languages[%d]", p, j), "hotline", fmt.Sprintf("use a language code the UI strings name (lang_%s is missing from i18n/)", l),
					"hotline %q: language %q has no name to show readers", h.ID, l)
			}
		}
		for field, texts := range map[string]map[string]string{"name": h.Name, "purpose": h.Purpose} {
			if strings.TrimSpace(texts[o.SourceLanguage]) == "" {
				bad(p, "hotline", fmt.Sprintf("add %s.%s; other languages fall back to it", field, o.SourceLanguage), "hotline %q has no %s in %s", h.ID, field, o.SourceLanguage)
			}
		}
		if len(h.Hours) > 0 && strings.TrimSpace(h.Hours[o.SourceLanguage]) == "" {
			bad(p+".hours", "hotline", fmt.Sprintf("add hours.%s", o.SourceLanguage), "hotline %q has hours but none in %s", h.ID, o.SourceLanguage)
		}
	}
	data.Hotlines = kept
	dec.Diags.Sort()
	return data, dec.Diags
}

// hint suggests the nearest allowed value, with what the values mean.
func hint(got string, allowed []string, meaning string) string {
	if m := diag.Closest(strings.ToLower(got), allowed, 1); m != "" && m != got {
		return fmt.Sprintf("did you mean %q? (%s)", m, meaning)
	}
	return meaning
}

// Select returns the hotlines a ```hotlines block asks for: none of args =
// all; a country code = those serving it; any other word = that id. It
// reports the words that match nothing.
func (d *Data) Select(args []string) (list []*Hotline, unknown []string) {
	if len(args) == 0 {
		return d.Hotlines, nil
	}
	for _, a := range args {
		found := false
		for _, h := range d.Hotlines {
			if h.ID == a || slices.Contains(h.Serves, a) {
				found = true
				if !slices.Contains(list, h) {
					list = append(list, h)
				}
			}
		}
		if !found {
			unknown = append(unknown, a)
		}
	}
	// Keep the data file's order, which is the order of importance.
	slices.SortStableFunc(list, func(a, b *Hotline) int {
		return slices.Index(d.Hotlines, a) - slices.Index(d.Hotlines, b)
	})
	return list, unknown
}

// Text is a text of a hotline in the language it is shown in.
type Text struct {
	Text, Lang string
}

// Pick returns the text for a reader of the first language of chain (the
// language's fallback chain) that has one.
func Pick(texts map[string]string, chain []string) Text {
	for _, l := range chain {
		if t := strings.TrimSpace(texts[l]); t != "" {
			return Text{t, l}
		}
	}
	return Text{}
}

// Where is the UI string id that says where h is dialled.
func (h *Hotline) Where() string {
	for _, d := range Dialled {
		if d.Code == h.Country {
			return d.Label
		}
	}
	return ""
}

// Renderer renders hotline lists in one language.
type Renderer struct {
	// Lang is the reader's language and Chain its fallback chain, the
	// language itself first.
	Lang  string
	Chain []string
	// T returns a UI string in Lang.
	T func(id string) string
}

// Render writes list as a list of big call buttons. A text shown from a
// fallback language is marked with its lang, so it is read and drawn right.
func (r Renderer) Render(w io.Writer, list []*Hotline) error {
	var b strings.Builder
	// lang is the attribute for a text shown from a fallback language.
	lang := func(t Text) string {
		if t.Lang != "" && t.Lang != r.Lang {
			return ` lang="` + t.Lang + `"`
		}
		return ""
	}
	b.WriteString(`<ul class="hotlines">` + "\n")
	for _, h := range list {
		name, purpose := Pick(h.Name, r.Chain), Pick(h.Purpose, r.Chain)
		fmt.Fprintf(&b, `<li class="hotline" id="hotline-%s"><a class="call" href="%s"><span class="call-label">%s</span> <span class="number">%s</span></a>`,
			html.EscapeString(h.ID), html.EscapeString(h.Tel()), html.EscapeString(r.T(LabelCall)), html.EscapeString(h.Number))
		fmt.Fprintf(&b, `<p class="hotline-name"><strong%s>%s</strong> <span class="where">(%s)</span></p><p class="hotline-purpose"%s>%s</p>`,
			lang(name), html.EscapeString(name.Text), html.EscapeString(r.T(h.Where())), lang(purpose), html.EscapeString(purpose.Text))
		if hours := Pick(h.Hours, r.Chain); hours.Text != "" {
			fmt.Fprintf(&b, `<p class="hotline-hours">%s: <span%s>%s</span></p>`, html.EscapeString(r.T(LabelHours)), lang(hours), html.EscapeString(hours.Text))
		}
		if len(h.Languages) > 0 {
			var names []string
			for _, c := range h.Languages {
				names = append(names, r.T("lang_"+c))
			}
			fmt.Fprintf(&b, `<p class="hotline-langs">%s: %s</p>`, html.EscapeString(r.T(LabelLanguages)), html.EscapeString(strings.Join(names, ", ")))
		}
		b.WriteString("</li>\n")
	}
	b.WriteString("</ul>\n")
	_, err := io.WriteString(w, b.String())
	return err
}
