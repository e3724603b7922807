package check

import (
	"fmt"
	"strings"

	"spean/generator/diag"
	"spean/generator/hotline"
	"spean/generator/site"
)

// hotlineTexts reports a hotline text missing in a language: readers of
// that language see it in the first language of their fallback chain that
// has it (the build does not fail), but a name or purpose in another
// language may not be understood by someone about to call.
func hotlineTexts(s *site.Site) diag.List {
	var diags diag.List
	if s.Hotlines == nil {
		return nil
	}
	for _, h := range s.Hotlines.Hotlines {
		for _, lang := range s.Langs {
			for _, f := range []struct {
				name  string
				texts map[string]string
			}{{"name", h.Name}, {"purpose", h.Purpose}, {"hours", h.Hours}} {
				if len(f.texts) == 0 || strings.TrimSpace(f.texts[lang]) != "" {
					continue
				}
				shown := hotline.Pick(f.texts, s.Config.Chain(lang))
				diags.Add(diag.Diagnostic{Pos: h.Pos, Severity: diag.Warning, Code: "hotline-text",
					Message: fmt.Sprintf("hotline %q has no %s in %s; %s readers see it in %s", h.ID, f.name, lang, lang, shown.Lang),
					Hint:    fmt.Sprintf("add %s.%s", f.name, lang)})
			}
		}
	}
	return diags
}

// numberUse is a hotline number in a page: where it stands.
type numberUse struct {
	number string
	pos    diag.Pos
}

// pageNumbers lists the hotline numbers of a page's reader-facing text,
// in file order: its front matter's fields, then its body's blocks (link
// texts included, the ```hotlines lists not: those come from the data
// file in every language).
func pageNumbers(x *hotline.Dialler, p *site.Page) []numberUse {
	var out []numberUse
	find := func(text string, pos diag.Pos) {
		x.Find(text, func(start, end int, _ string) {
			out = append(out, numberUse{text[start:end], pos})
		})
	}
	src := p.Source
	for _, f := range frontFields(src) {
		pos, ok := src.ValuePos[f.key]
		if !ok {
			pos = metaPos(src, f.key)
		}
		find(f.text, pos)
	}
	if p.Doc != nil {
		for _, b := range p.Doc.Blocks() {
			find(b.Text, b.Pos)
		}
	}
	return out
}

// hotlineNumbers reports a translation that gives a hotline number its
// English page does not give, or leaves out one it gives. A wrong number
// is the worst error the site can make: a translator retyping
// 1-800-010-181 for 1-800-010-180 sends a Burmese worker to the Khmer line,
// and the build links it for them to call.
func hotlineNumbers(s *site.Site) diag.List {
	x := s.Hotlines.Dialler()
	if x == nil {
		return nil
	}
	var diags diag.List
	srcLang := s.Config.SourceLanguage
	for _, sp := range s.ByLang[srcLang] {
		if sp.Source == nil || sp.Source.Lang != srcLang {
			continue
		}
		want := pageNumbers(x, sp)
		gives := map[string]bool{}
		for _, u := range want {
			gives[u.number] = true
		}
		for _, lang := range s.Langs {
			p := s.Page(sp.Key, lang)
			if lang == srcLang || p == nil || p.Fallback || p.Source == nil || p.Source.Lang != lang {
				continue
			}
			// Each number is reported once a translation, where it first
			// stands.
			has := map[string]bool{}
			for _, u := range pageNumbers(x, p) {
				if !gives[u.number] && !has[u.number] {
					diags.Add(diag.Diagnostic{Pos: u.pos, Severity: diag.Warning, Code: "hotline-number",
						Message: fmt.Sprintf("hotline number %s is not on the English page (%s)", u.number, sp.Source.Path),
						Hint:    fmt.Sprintf("check it against the English page and %s: a number changed in translating sends readers to another line", hotline.File)})
				}
				has[u.number] = true
			}
			for _, u := range want {
				if !has[u.number] {
					diags.Add(diag.Diagnostic{Pos: counterpart(sp.Source, p.Source, p.Doc, sp.Doc, u.pos), Severity: diag.Warning, Code: "hotline-number",
						Message: fmt.Sprintf("the English page gives hotline number %s at %s, and this translation does not", u.number, u.pos),
						Hint:    "write the number as the English page does; the build makes it a tap-to-call link"})
					has[u.number] = true
				}
			}
		}
	}
	return diags
}
