package script

import (
	"reflect"
	"strings"
	"testing"
)

func TestRuns(t *testing.T) {
	site := []string{"en", "km", "lo", "my", "th"}
	for _, c := range []struct {
		name, text, lang string
		langs            []string
		want             []Run
	}{
		{"site title", "Spean · ស្ពាន · ຂົວ · တံတား · สะพาน", "en", site, []Run{
			{"Spean · ", ""}, {"ស្ពាន", "km"}, {" · ", ""}, {"ຂົວ", "lo"}, {" · ", ""}, {"တံတား", "my"}, {" · ", ""}, {"สะพาน", "th"}}},
		{"all in the page's language", "Safe work", "en", site, []Run{{"Safe work", ""}}},
		{"the page's own script stays bare", "สะพาน Spean", "th", site, []Run{{"สะพาน ", ""}, {"Spean", "en"}}},
		{"space between phrases joins them", "A ထိုင်း နိုင်ငံ.", "en", site, []Run{{"A ", ""}, {"ထိုင်း နိုင်ငံ", "my"}, {".", ""}}},
		{"letters between stretches stay apart", "ស្ពាន and ស្ពាន", "en", site, []Run{{"ស្ពាន", "km"}, {" and ", ""}, {"ស្ពាន", "km"}}},
		{"a script of no language of the site", "Spean ស្ពាន", "en", []string{"en", "th"}, []Run{{"Spean ស្ពាន", ""}}},
		{"first language of a script stands for it", "တံတား", "en", []string{"en", "shn", "my"}, []Run{{"တံတား", "shn"}}},
		{"empty", "", "en", site, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := Runs(c.text, c.lang, c.langs)
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("Runs(%q, %q) = %q, want %q", c.text, c.lang, got, c.want)
			}
			var b strings.Builder
			for _, r := range got {
				b.WriteString(r.Text)
			}
			if b.String() != c.text {
				t.Errorf("runs concatenate to %q, want %q", b.String(), c.text)
			}
		})
	}
}

func FuzzRuns(f *testing.F) {
	f.Add("Spean · ស្ពាន · ຂົວ · တံတား · สะพาน", "en")
	f.Add("ข้อมูล DOE ของ", "th")
	f.Add("\xff ស", "my")
	f.Fuzz(func(t *testing.T, text, lang string) {
		var b strings.Builder
		for i, r := range Runs(text, lang, []string{"en", "km", "lo", "my", "th"}) {
			if r.Text == "" {
				t.Fatalf("run %d is empty", i)
			}
			b.WriteString(r.Text)
		}
		if b.String() != text {
			t.Fatalf("runs concatenate to %q, want %q", b.String(), text)
		}
	})
}
