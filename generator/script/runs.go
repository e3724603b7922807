package script

import (
	"unicode"
	"unicode/utf8"
)

// Run is a stretch of text and the language it is written in; Lang is
// empty for text in the surrounding language.
type Run struct {
	Text, Lang string
}

// Runs splits text, written in lang, into the stretches written in the
// script of another of the site's languages (langs, in config order; the
// first language of a script stands for it), so that each can carry its
// own lang attribute. Screen readers then read each stretch in its own
// language, and the browser sets it in the fonts :lang() gives that
// language instead of searching the whole system for a font with the
// letters, which costs a slow phone a long pause on first layout.
// Spaces and punctuation between two stretches of one language join
// them; anything else, such as the separators of the site's title, stays
// in lang. The runs' texts concatenate back to text.
func Runs(text, lang string, langs []string) []Run {
	own := Of(lang).Code
	var others []Facts
	var codes []string
	for _, l := range langs {
		f := Of(l)
		if f.Letters == nil || f.Code == own || containsScript(others, f.Code) {
			continue
		}
		others = append(others, f)
		codes = append(codes, l)
	}
	of := func(r rune) string {
		for i, f := range others {
			if unicode.Is(f.Letters, r) {
				return codes[i]
			}
		}
		return ""
	}
	var runs []Run
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		l := of(r)
		if k := len(runs) - 1; k >= 0 && runs[k].Lang == l {
			runs[k].Text += text[i : i+n]
		} else {
			runs = append(runs, Run{Text: text[i : i+n], Lang: l})
		}
		i += n
	}
	// A stretch of the surrounding language without letters between two
	// of one other language (the space between two Burmese phrases)
	// belongs to them.
	var out []Run
	for i := 0; i < len(runs); i++ {
		r := runs[i]
		if k := len(out) - 1; k >= 0 && r.Lang != "" && out[k].Lang == r.Lang {
			out[k].Text += r.Text
			continue
		}
		if k := len(out) - 1; k >= 0 && r.Lang == "" && out[k].Lang != "" && i+1 < len(runs) && runs[i+1].Lang == out[k].Lang && !hasLetter(r.Text) {
			out[k].Text += r.Text
			continue
		}
		out = append(out, r)
	}
	return out
}

func containsScript(fs []Facts, code string) bool {
	for _, f := range fs {
		if f.Code == code {
			return true
		}
	}
	return false
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}
