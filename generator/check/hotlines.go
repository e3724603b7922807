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
