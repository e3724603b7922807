package script

import (
	"strings"
	"testing"
)

func TestOf(t *testing.T) {
	for _, c := range []struct {
		lang, code, dir string
		spaced, typo    bool
	}{
		{"en", "Latn", "ltr", true, true},
		{"km", "Khmr", "ltr", false, false},
		{"lo", "Laoo", "ltr", false, false},
		{"my", "Mymr", "ltr", false, false},
		{"shn", "Mymr", "ltr", false, false}, // Shan: Myanmar script, no Go change
		{"th", "Thai", "ltr", false, false},
		{"vi", "Latn", "ltr", true, true},
		{"ur", "Arab", "rtl", true, false},
		{"he", "Hebr", "rtl", true, false},
		{"ja", "Jpan", "ltr", true, false}, // unknown to the table: defaults, no Latin conventions
	} {
		f := Of(c.lang)
		if f.Code != c.code || f.Dir != c.dir || f.Spaced != c.spaced || f.Typographer != c.typo {
			t.Errorf("Of(%s) = %s %s spaced=%v typographer=%v", c.lang, f.Code, f.Dir, f.Spaced, f.Typographer)
		}
	}
	if Of("my").WebFont == nil || Of("shn").WebFont == nil || Of("km").WebFont != nil {
		t.Error("only Myanmar-script languages carry the self-hosted font")
	}
}

func TestCSS(t *testing.T) {
	langs := []string{"en", "km", "lo", "my", "th", "shn", "ur"}
	screen := ScreenCSS(langs)
	for _, want := range []string{
		":lang(en){font-family:system-ui",
		":lang(my),:lang(shn){font-family:\"Spean Myanmar\"",
		":lang(km) h1,:lang(km) h2{line-height:1.7}",
		":lang(ur){font-family:\"Noto Nastaliq Urdu\"",
	} {
		if !strings.Contains(screen, want) {
			t.Errorf("screen CSS lacks %s:\n%s", want, screen)
		}
	}
	if got := HeadingCSS(langs); got != ":lang(km) h1{font-size:1.45rem}\n:lang(my) h1,:lang(shn) h1{font-size:1.45rem}" {
		t.Errorf("heading CSS:\n%s", got)
	}
	print := PrintCSS(langs)
	for _, want := range []string{
		`@font-face{font-family:"Spean Myanmar";src:local("Noto Sans Myanmar Regular"),local("NotoSansMyanmar-Regular"),url(../fonts/noto-sans-myanmar-subset.woff2) format("woff2");font-display:block;`,
		".kicker:lang(km){text-transform:none;letter-spacing:0}",
		".leaflet .sheet:lang(my),.leaflet .sheet:lang(shn){font-size:10pt}",
		"@media print{html:lang(th){font-size:11.5pt}}",
	} {
		if !strings.Contains(print, want) {
			t.Errorf("print CSS lacks %s:\n%s", want, print)
		}
	}
	if strings.Contains(print, ".kicker:lang(en)") || strings.Count(print, "@font-face") != 1 {
		t.Errorf("print CSS:\n%s", print)
	}
}

// TestNameFont: Burmese's name for itself gets the small font of its
// letters, whose unicode-range is exactly those letters; a name with a
// letter the font lacks, an empty name and a script without such a font
// get none.
func TestNameFont(t *testing.T) {
	w := NameFontFor("my", "မြန်မာဘာသာ")
	if w == nil || w == Of("my").WebFont || !strings.HasSuffix(w.File, ".woff2") {
		t.Fatalf("NameFontFor(my, မြန်မာဘာသာ) = %+v", w)
	}
	if want := "U+1014,U+1018,U+1019,U+101E,U+102C,U+103A,U+103C"; w.UnicodeRange != want {
		t.Errorf("unicode-range %s, want %s", w.UnicodeRange, want)
	}
	for _, c := range []struct{ lang, name string }{{"my", "ဗမာ"}, {"my", ""}, {"km", "ភាសាខ្មែរ"}, {"en", "English"}} {
		if got := NameFontFor(c.lang, c.name); got != nil {
			t.Errorf("NameFontFor(%s, %q) = %+v, want none", c.lang, c.name, got)
		}
	}
	css := NameFace(w, []string{"my", "shn"}, "../")
	for _, want := range []string{
		`@font-face{font-family:"Spean Myanmar Names";src:local("Noto Sans Myanmar Regular"),local("NotoSansMyanmar-Regular"),url(../fonts/noto-sans-myanmar-names.woff2) format("woff2");font-display:swap;`,
		`.languages a:lang(my),.languages a:lang(shn){font-family:"Spean Myanmar Names","Spean Myanmar",`,
	} {
		if !strings.Contains(css, want) {
			t.Errorf("NameFace lacks %s:\n%s", want, css)
		}
	}
}
