// Package script is the one table of what a language needs because of the
// script it is written in: its direction, whether words are separated by
// spaces, its letters (for the wrong-script check), typographic quotes, the
// fonts and line heights its text is set in on screens and on paper, and a
// self-hosted web font where phones often lack a good one.
//
// Everything is derived from the language tag's script (golang.org/x/text
// knows that km is written in Khmr and ur in Arab), never from the
// language code itself: a site adds a language, Shan or Mon in Myanmar
// script, Urdu in Arabic, by configuration alone. A script the table does
// not know gets Latin-like defaults and is read as written.
//
// The CSS rules the theme needs for each configured language are made here
// too (ScreenCSS, PrintCSS), so no layout or stylesheet names a language.
package script

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/language"
)

// Facts are what one script needs.
type Facts struct {
	// Code is the ISO 15924 code: Latn, Khmr, Laoo, Mymr, Thai, Arab.
	Code string
	// Name is the script's English name, for messages.
	Name string
	// Dir is the direction of the text: "ltr" or "rtl".
	Dir string
	// Spaced is true when words are separated by spaces; Khmer, Lao,
	// Burmese and Thai put spaces only between phrases (and writers use
	// zero-width spaces as hidden word breaks).
	Spaced bool
	// Cased is true when the script has capital letters, so small labels
	// may be set in capitals.
	Cased bool
	// Typographer is true for Latin punctuation conventions: curly
	// quotes, en and em dashes.
	Typographer bool
	// Letters are the script's letters, for telling which script a
	// paragraph is written in. Nil for a script the table does not know.
	Letters *unicode.RangeTable
	// Fonts is the CSS font-family list on screens, LineHeight the body's
	// line height and HeadingLineHeight that of h1 and h2 (tall stacked
	// marks need more room than Latin). H1Size, if set, shrinks h1: long
	// words in these scripts do not wrap.
	Fonts, LineHeight, HeadingLineHeight, H1Size string
	// PrintFonts, PrintLineHeight and PrintHeadingLineHeight are the same
	// on paper (leaflets, booklets); PrintSize, if set, is the body size of
	// a printed page, and LeafletSize that of a leaflet's sheet (Burmese
	// runs wider and would not fit one sheet otherwise).
	PrintFonts, PrintLineHeight, PrintHeadingLineHeight, PrintSize, LeafletSize string
	// WebFont, if set, is a font the theme serves itself, because phones
	// often lack one (Burmese phones often have only a Zawgyi font, which
	// garbles Unicode text).
	WebFont *WebFont
	// NameFont, if set, is a much smaller font the theme serves for the
	// language's name for itself where the rest of the page is in
	// another script: the language switcher of every other language's
	// pages. It holds only the letters of that name (WebFont.Chars).
	NameFont *WebFont
}

// WebFont is a font file under the theme's static/fonts/.
type WebFont struct {
	Family, File, UnicodeRange string
	// Chars, if set, are the only characters the font holds; its
	// UnicodeRange is theirs (charRange).
	Chars string
	// Local are the names the same font has where a phone or computer has
	// it installed (its full and PostScript names), tried before the file:
	// a reader who has it downloads nothing and the page is laid out once,
	// not again when the file arrives. A browser matches local() against a
	// font's own name table, so a Zawgyi font put in place of a system
	// font's file, which keeps its own names, is not taken for it.
	Local []string
}

// Src is the value of w's @font-face src descriptor, the file at url.
func (w *WebFont) Src(url string) string {
	var b strings.Builder
	for _, name := range w.Local {
		fmt.Fprintf(&b, "local(%q),", name)
	}
	fmt.Fprintf(&b, "url(%s) format(\"woff2\")", url)
	return b.String()
}

// NameFontFor is the font to show lang's name for itself (name) in, on
// pages in other scripts: its script's NameFont when that holds every
// letter of name, else nil. A name with a letter the font lacks is left
// to the phone's fonts whole: a word set in two fonts breaks apart where
// its letters should join.
func NameFontFor(lang, name string) *WebFont {
	w := Of(lang).NameFont
	if w == nil || name == "" {
		return nil
	}
	for _, r := range name {
		if !strings.ContainsRune(w.Chars, r) {
			return nil
		}
	}
	return w
}

// charRange is the CSS unicode-range of the characters in chars, one
// code point each, in order.
func charRange(chars string) string {
	rs := []rune(chars)
	slices.Sort(rs)
	rs = slices.Compact(rs)
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = fmt.Sprintf("U+%04X", r)
	}
	return strings.Join(parts, ",")
}

var latin = Facts{Code: "Latn", Name: "Latin", Dir: "ltr", Spaced: true, Cased: true, Typographer: true, Letters: unicode.Latin,
	Fonts: `system-ui,-apple-system,Roboto,"Noto Sans",sans-serif`, LineHeight: "1.6",
	PrintFonts: `"Noto Sans",system-ui,Roboto,sans-serif`, PrintLineHeight: "1.5"}

var table = []Facts{
	latin,
	{Code: "Khmr", Name: "Khmer", Dir: "ltr", Letters: unicode.Khmer,
		Fonts: `"Noto Sans Khmer",system-ui,"Noto Sans Khmer UI","Khmer OS System","Khmer OS",sans-serif`, LineHeight: "2", HeadingLineHeight: "1.7", H1Size: "1.45rem",
		PrintFonts: `"Noto Sans Khmer","Khmer OS System","Khmer OS",sans-serif`, PrintLineHeight: "1.85", PrintHeadingLineHeight: "1.6", PrintSize: "11.5pt"},
	{Code: "Laoo", Name: "Lao", Dir: "ltr", Letters: unicode.Lao,
		Fonts: `"Noto Sans Lao",system-ui,"Noto Sans Lao UI","Phetsarath OT",sans-serif`, LineHeight: "1.85", HeadingLineHeight: "1.7",
		PrintFonts: `"Noto Sans Lao","Phetsarath OT",sans-serif`, PrintLineHeight: "1.75", PrintSize: "11.5pt"},
	// On paper Burmese is set at 1.6, as its headings are: at 10pt the
	// tallest stacks (ကျွန်ုပ်, ညွှန်ကြား, ဏှ္ဍ) still clear the next line, and
	// at 1.85 eight of the knowledge base's 37 Burmese leaflets ran onto a
	// third side of paper.
	{Code: "Mymr", Name: "Myanmar", Dir: "ltr", Letters: unicode.Myanmar,
		Fonts: `"Spean Myanmar","Noto Sans Myanmar",Padauk,sans-serif`, LineHeight: "2.1", HeadingLineHeight: "1.7", H1Size: "1.45rem",
		PrintFonts: `"Spean Myanmar","Noto Sans Myanmar",Padauk,sans-serif`, PrintLineHeight: "1.6", PrintSize: "11.5pt", LeafletSize: "10pt",
		WebFont:  &WebFont{Family: "Spean Myanmar", File: "fonts/noto-sans-myanmar-subset.woff2", UnicodeRange: "U+1000-109F,U+200B-200D,U+25CC", Local: notoMyanmar},
		NameFont: nameFont("Spean Myanmar Names", "fonts/noto-sans-myanmar-names.woff2", "မြန်မာဘာသာ", notoMyanmar)},
	{Code: "Thai", Name: "Thai", Dir: "ltr", Letters: unicode.Thai,
		Fonts: `"Noto Sans Thai",system-ui,"Noto Sans Thai UI","Leelawadee UI",Tahoma,sans-serif`, LineHeight: "1.75", HeadingLineHeight: "1.7",
		PrintFonts: `"Noto Sans Thai",Tahoma,sans-serif`, PrintLineHeight: "1.7", PrintSize: "11.5pt"},
	{Code: "Arab", Name: "Arabic", Dir: "rtl", Spaced: true, Letters: unicode.Arabic,
		Fonts: `"Noto Nastaliq Urdu","Noto Naskh Arabic","Noto Sans Arabic",system-ui,sans-serif`, LineHeight: "2", HeadingLineHeight: "1.8",
		PrintFonts: `"Noto Nastaliq Urdu","Noto Naskh Arabic",sans-serif`, PrintLineHeight: "1.9"},
	{Code: "Hebr", Name: "Hebrew", Dir: "rtl", Spaced: true, Letters: unicode.Hebrew,
		Fonts: `"Noto Sans Hebrew",system-ui,sans-serif`, LineHeight: "1.7",
		PrintFonts: `"Noto Sans Hebrew",sans-serif`, PrintLineHeight: "1.6"},
	{Code: "Cyrl", Name: "Cyrillic", Dir: "ltr", Spaced: true, Cased: true, Letters: unicode.Cyrillic,
		Fonts: latin.Fonts, LineHeight: "1.6", PrintFonts: latin.PrintFonts, PrintLineHeight: "1.5"},
}

// nameFont is a NameFont holding the letters of names (made by
// scripts/subset-myanmar-font.sh from the same words).
func nameFont(family, file, names string, local []string) *WebFont {
	return &WebFont{Family: family, File: file, Chars: names, UnicodeRange: charRange(names), Local: local}
}

// notoMyanmar are the names of Noto Sans Myanmar, the font the Burmese
// web fonts are cut from, as Android (and Debian's fonts-noto-core)
// install it.
var notoMyanmar = []string{"Noto Sans Myanmar Regular", "NotoSansMyanmar-Regular"}

// Known lists the scripts the table describes, in its order.
func Known() []Facts { return slices.Clone(table) }

// Of returns the facts of the script lang (a BCP 47 tag) is written in.
func Of(lang string) Facts {
	if f, ok := ofLang.Load(lang); ok {
		return f.(Facts)
	}
	s, _ := language.Make(lang).Script()
	f := ByCode(s.String())
	ofLang.Store(lang, f)
	return f
}

// ofLang remembers Of's answers: layouts ask it of every page, a
// site's few languages each time, and parsing the tag again was 0.35 of
// the 8 CPU-seconds rendering the 10,000-page site's pages took.
var ofLang sync.Map

// ByCode returns the facts of a script by its ISO 15924 code. An unknown
// script gets Latin's layout defaults without Latin's conventions: no
// typographic quotes, no letters to judge by, no capitals assumed.
func ByCode(code string) Facts {
	for _, f := range table {
		if f.Code == code {
			return f
		}
	}
	f := latin
	f.Code, f.Name, f.Typographer, f.Cased, f.Letters = code, code, false, false, nil
	return f
}

// Dir is the direction of lang's text, for dir="…".
func Dir(lang string) string { return Of(lang).Dir }

// byScript groups the languages of a site by the script they are written
// in, in the order of the table then of langs, as CSS selectors.
func byScript(langs []string) []struct {
	f   Facts
	sel []string
} {
	var out []struct {
		f   Facts
		sel []string
	}
	idx := map[string]int{}
	for _, l := range langs {
		f := Of(l)
		i, ok := idx[f.Code]
		if !ok {
			i = len(out)
			idx[f.Code] = i
			out = append(out, struct {
				f   Facts
				sel []string
			}{f: f})
		}
		out[i].sel = append(out[i].sel, ":lang("+l+")")
	}
	slices.SortStableFunc(out, func(a, b struct {
		f   Facts
		sel []string
	}) int {
		return order(a.f.Code) - order(b.f.Code)
	})
	return out
}

func order(code string) int {
	for i, f := range table {
		if f.Code == code {
			return i
		}
	}
	return len(table)
}

// ScreenCSS is the CSS that sets each of langs in its script's fonts and
// line heights on screens: part of every page's inline critical CSS.
func ScreenCSS(langs []string) string {
	var b strings.Builder
	for _, g := range byScript(langs) {
		sel := strings.Join(g.sel, ",")
		fmt.Fprintf(&b, "%s{font-family:%s;line-height:%s}\n", sel, g.f.Fonts, g.f.LineHeight)
		if g.f.HeadingLineHeight != "" {
			fmt.Fprintf(&b, "%s{line-height:%s}\n", descend(g.sel, "h1", "h2"), g.f.HeadingLineHeight)
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// HeadingCSS shrinks h1 where long words do not wrap; it must follow the
// theme's own h1 size.
func HeadingCSS(langs []string) string {
	var b strings.Builder
	for _, g := range byScript(langs) {
		if g.f.H1Size != "" {
			fmt.Fprintf(&b, "%s{font-size:%s}\n", descend(g.sel, "h1"), g.f.H1Size)
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// PrintCSS is the stylesheet of paper, published as css/scripts.css:
// each language in its script's print fonts and line heights (for
// leaflets and booklets, which link it), the self-hosted fonts they use
// (URLs relative to css/), capitals only where the script has them, and
// under @media print the body size of any printed page (pages link it
// with media=print).
func PrintCSS(langs []string) string {
	var b strings.Builder
	b.WriteString("/* Made by spean from generator/script: the print rules of each script of the site's languages. */\n")
	groups := byScript(langs)
	for _, g := range groups {
		if w := g.f.WebFont; w != nil {
			fmt.Fprintf(&b, "@font-face{font-family:%q;src:%s;font-display:block;unicode-range:%s}\n", w.Family, w.Src("../"+w.File), w.UnicodeRange)
		}
	}
	for _, g := range groups {
		sel := strings.Join(g.sel, ",")
		fmt.Fprintf(&b, "%s{font-family:%s;line-height:%s}\n", sel, g.f.PrintFonts, g.f.PrintLineHeight)
		if g.f.PrintHeadingLineHeight != "" {
			fmt.Fprintf(&b, "%s{line-height:%s}\n", descend(g.sel, "h1", "h2"), g.f.PrintHeadingLineHeight)
		}
		if g.f.LeafletSize != "" {
			fmt.Fprintf(&b, "%s{font-size:%s}\n", within(".leaflet .sheet", g.sel), g.f.LeafletSize)
		}
		if !g.f.Cased {
			fmt.Fprintf(&b, "%s{text-transform:none;letter-spacing:0}\n", within(".kicker", g.sel))
		}
		if g.f.PrintSize != "" {
			// On html, so rem sizes grow with it and headings keep theirs.
			fmt.Fprintf(&b, "@media print{%s{font-size:%s}}\n", within("html", g.sel), g.f.PrintSize)
		}
	}
	return b.String()
}

// within is el restricted to each language: .kicker:lang(km),.kicker:lang(lo).
func within(el string, sel []string) string {
	var out []string
	for _, s := range sel {
		out = append(out, el+s)
	}
	return strings.Join(out, ",")
}

// descend is the selector list of each element under each language.
func descend(sel []string, els ...string) string {
	var out []string
	for _, s := range sel {
		for _, e := range els {
			out = append(out, s+" "+e)
		}
	}
	return strings.Join(out, ",")
}

// NameFace is the inline CSS that sets the names of langs (all written in
// the script of NameFont w) in w where they appear on a page in another
// script, the language switcher (.languages), for a page whose way back to
// the site root is root. The font is fetched only when the switcher is
// laid out.
func NameFace(w *WebFont, langs []string, root string) string {
	sel := make([]string, len(langs))
	for i, l := range langs {
		sel[i] = ".languages a:lang(" + l + ")"
	}
	return FontFace(w, root) + strings.Join(sel, ",") + "{font-family:" + strconv.Quote(w.Family) + "," + Of(langs[0]).Fonts + "}"
}

// FontFace is the @font-face rule of w for a page whose way back to the
// site root is root ("../../"): the URL is relative, so the site works
// from disk and under any path, and the rule differs with the page's depth.
func FontFace(w *WebFont, root string) string {
	return fmt.Sprintf(`@font-face{font-family:%q;src:%s;font-display:swap;unicode-range:%s}`, w.Family, w.Src(root+w.File), w.UnicodeRange)
}
