// Package hotline loads the hotline data file (content/_data/hotlines.yaml)
// and renders hotline lists. A number is written once, with its source, and
// shown the same way on every page, in every language and on every leaflet.
package hotline

import (
	"fmt"
	"html"
	"io"
	"io/fs"
	"slices"
	"strings"

	"spean/generator/diag"
	"spean/generator/yamlpos"
)

// File is where the data lives, relative to the site root.
const File = "content/_data/hotlines.yaml"

// Hotline is one number.
type Hotline struct {
	ID        string            `yaml:"id"`
	Number    string            `yaml:"number"`
	Country   string            `yaml:"country"`
	Serves    []string          `yaml:"serves"`
	Languages []string          `yaml:"languages"`
	Source    string            `yaml:"source"`
	Name      map[string]string `yaml:"name"`
	Purpose   map[string]string `yaml:"purpose"`
	Hours     map[string]string `yaml:"hours"`

	Pos diag.Pos `yaml:"-"`
}

// Tel is the number as a tel: URI: digits and a leading + only.
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
}

// Countries are the origin countries a page or hotline can name.
var Countries = []string{"kh", "la", "mm"}

// Load reads the data file; a missing file is no error (a site without
// hotlines), but every listed language must have each text.
func Load(fsys fs.FS, langs []string) (*Data, diag.List) {
	data := &Data{}
	src, err := fs.ReadFile(fsys, File)
	if err != nil {
		return data, nil
	}
	dec := &yamlpos.Decoder{File: File}
	root, ok := dec.Parse(src)
	if !ok {
		return data, dec.Diags
	}
	dec.Decode(root, data)
	paths := dec.Paths(root)
	seen := map[string]bool{}
	for i, h := range data.Hotlines {
		p := fmt.Sprintf("hotlines[%d]", i)
		h.Pos = paths[p]
		if h.ID == "" || seen[h.ID] {
			dec.Diags.Errorf(h.Pos, "hotline", "hotline needs a unique id (found %q)", h.ID)
		}
		seen[h.ID] = true
		if h.Tel() == "tel:" {
			dec.Diags.Errorf(h.Pos, "hotline", "hotline %q has no number", h.ID)
		}
		for _, c := range h.Serves {
			if !slices.Contains(Countries, c) {
				dec.Diags.Errorf(paths[p+".serves"], "hotline", "hotline %q serves unknown country %q (use kh, la or mm)", h.ID, c)
			}
		}
		for _, l := range langs {
			if h.Name[l] == "" {
				dec.Diags.Errorf(h.Pos, "hotline", "hotline %q has no name in %s (add name.%s)", h.ID, l, l)
			}
			if h.Purpose[l] == "" {
				dec.Diags.Errorf(h.Pos, "hotline", "hotline %q has no purpose in %s (add purpose.%s)", h.ID, l, l)
			}
			if len(h.Hours) > 0 && h.Hours[l] == "" {
				dec.Diags.Errorf(h.Pos, "hotline", "hotline %q has hours but none in %s (add hours.%s)", h.ID, l, l)
			}
		}
	}
	return data, dec.Diags
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

// Labels are the translated UI words a hotline list needs.
type Labels struct {
	Call, Hours, Languages, InThailand, InCambodia string
	LangName                                       func(code string) string
}

// Render writes list as a list of big call buttons.
func Render(w io.Writer, lang string, list []*Hotline, l Labels) error {
	var b strings.Builder
	b.WriteString(`<ul class="hotlines">` + "\n")
	for _, h := range list {
		where := l.InThailand
		if h.Country == "kh" {
			where = l.InCambodia
		}
		fmt.Fprintf(&b, `<li class="hotline" id="hotline-%s"><a class="call" href="%s"><span class="call-label">%s</span> <span class="number">%s</span></a>`,
			html.EscapeString(h.ID), html.EscapeString(h.Tel()), html.EscapeString(l.Call), html.EscapeString(h.Number))
		fmt.Fprintf(&b, `<p class="hotline-name"><strong>%s</strong> <span class="where">(%s)</span></p><p class="hotline-purpose">%s</p>`,
			html.EscapeString(h.Name[lang]), html.EscapeString(where), html.EscapeString(h.Purpose[lang]))
		if h.Hours[lang] != "" {
			fmt.Fprintf(&b, `<p class="hotline-hours">%s: %s</p>`, html.EscapeString(l.Hours), html.EscapeString(h.Hours[lang]))
		}
		if len(h.Languages) > 0 && l.LangName != nil {
			var names []string
			for _, c := range h.Languages {
				names = append(names, l.LangName(c))
			}
			fmt.Fprintf(&b, `<p class="hotline-langs">%s: %s</p>`, html.EscapeString(l.Languages), html.EscapeString(strings.Join(names, ", ")))
		}
		b.WriteString("</li>\n")
	}
	b.WriteString("</ul>\n")
	_, err := io.WriteString(w, b.String())
	return err
}
