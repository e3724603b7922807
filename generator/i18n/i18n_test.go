package i18n

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

func TestBundle(t *testing.T) {
	fsys := fstest.MapFS{
		"i18n/en.yaml": {Data: []byte("home: Home\npages:\n  one: \"{{.Count}} page\"\n  other: \"{{.Count}} pages\"\nonly_en: x\n")},
		"i18n/km.yaml": {Data: []byte("home: ទំព័រដើម\npages:\n  other: \"{{.Count}} ទំព័រ\"\nextra: y\n")},
	}
	b, diags := Load(fsys, "i18n", []string{"en", "km"}, "en")
	var msgs []string
	for _, d := range diags {
		msgs = append(msgs, d.String())
	}
	joined := strings.Join(msgs, "\n")
	if !strings.Contains(joined, `i18n/km.yaml: UI string "only_en" is missing`) {
		t.Errorf("missing string not reported: %s", joined)
	}
	if !strings.Contains(joined, `i18n/km.yaml:4:1: warning: UI string "extra" is not in i18n/en.yaml`) {
		t.Errorf("extra string not reported: %s", joined)
	}
	tests := []struct {
		lang, id string
		count    any
		want     string
	}{
		{"en", "home", nil, "Home"},
		{"km", "home", nil, "ទំព័រដើម"},
		{"en", "pages", 1, "1 page"},
		{"en", "pages", 3, "3 pages"},
		{"km", "pages", 1, "1 ទំព័រ"},
	}
	for _, tt := range tests {
		got, err := b.T(tt.lang, tt.id, tt.count, nil)
		if err != nil || got != tt.want {
			t.Errorf("T(%s, %s, %v) = %q, %v; want %q", tt.lang, tt.id, tt.count, got, err, tt.want)
		}
	}
	if _, err := b.T("km", "nope", nil, nil); !errors.Is(err, ErrUnknown) {
		t.Errorf("unknown id: err = %v", err)
	}
}

func TestMissingFile(t *testing.T) {
	_, diags := Load(fstest.MapFS{"i18n/en.yaml": {Data: []byte("a: b\n")}}, "i18n", []string{"en", "lo"}, "en")
	if !diags.HasErrors() || !strings.Contains(diags.Error(), "i18n/lo.yaml: no UI strings") {
		t.Fatalf("diags = %v", diags)
	}
}

// FuzzLoad: any bytes in a UI strings file give a bundle or positioned
// diagnostics, never a panic; every string the bundle then has can be
// looked up.
func FuzzLoad(f *testing.F) {
	f.Add([]byte("home: Home\npages:\n  one: \"{{.Count}} page\"\n  other: \"{{.Count}} pages\"\n"))
	f.Add([]byte("home: [\n"))
	f.Add([]byte("home: &a [*a]\n"))
	f.Add([]byte("pages:\n  few: x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{
			"i18n/en.yaml": {Data: []byte("home: Home\n")},
			"i18n/km.yaml": {Data: data},
		}
		b, diags := Load(fsys, "i18n", []string{"en", "km"}, "en")
		// CR, LF and CRLF each end a line, as YAML and the site's text
		// rules count them.
		lines := strings.Count(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n") + strings.Count(strings.ReplaceAll(string(data), "\r\n", "\n"), "\r") + 2
		for _, d := range diags {
			if d.Pos.File != "i18n/km.yaml" && d.Pos.File != "i18n/en.yaml" || d.Pos.Line > lines {
				t.Fatalf("diagnostic %v", d)
			}
		}
		if b.Has("km", "home") {
			if _, err := b.T("km", "home", 2, nil); err != nil && !strings.Contains(err.Error(), "home") {
				t.Fatalf("lookup: %v", err)
			}
		}
	})
}

// Forms gives a script on the reader's phone every plural form it may
// need, named as Intl.PluralRules names them, and no duplicates.
func TestForms(t *testing.T) {
	fsys := fstest.MapFS{
		"i18n/en.yaml": {Data: []byte("ago:\n  one: \"{{.Count}} month ago\"\n  other: \"{{.Count}} months ago\"\nsame:\n  one: \"{{.Count}} x\"\n  other: \"{{.Count}} x\"\nplain: p\n")},
		"i18n/km.yaml": {Data: []byte("ago:\n  other: \"{{.Count}} ខែមុន\"\nsame:\n  other: \"{{.Count}} x\"\nplain: p\n")},
		"i18n/ru.yaml": {Data: []byte("ago:\n  one: \"{{.Count}} месяц\"\n  few: \"{{.Count}} месяца\"\n  many: \"{{.Count}} месяцев\"\n  other: \"{{.Count}} месяца\"\nsame:\n  other: \"{{.Count}} x\"\nplain: p\n")},
	}
	b, diags := Load(fsys, "i18n", []string{"en", "km", "ru"}, "en")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	tests := []struct{ lang, id, want string }{
		{"en", "ago", "other={n} months ago one={n} month ago"},
		{"en", "same", "other={n} x"},
		{"km", "ago", "other={n} ខែមុន"},
		// Russian's "other" (fractions) equals "few" here: only the
		// forms that differ are kept.
		{"ru", "ago", "other={n} месяца one={n} месяц many={n} месяцев"},
	}
	for _, tt := range tests {
		forms, err := b.Forms(tt.lang, tt.id, "{n}")
		if err != nil {
			t.Fatalf("Forms(%s, %s): %v", tt.lang, tt.id, err)
		}
		var got []string
		for _, f := range forms {
			got = append(got, f.Category+"="+f.Text)
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("Forms(%s, %s) = %s, want %s", tt.lang, tt.id, strings.Join(got, " "), tt.want)
		}
	}
	if _, err := b.Forms("km", "nope", "{n}"); !errors.Is(err, ErrUnknown) {
		t.Errorf("unknown id: err = %v", err)
	}
}

// A UI string's template is checked when the strings load, at its line:
// one that does not parse, a placeholder the source language's string
// does not give (readers would see "<no value>"), and, as a warning, one
// of the source's left out.
func TestPlaceholders(t *testing.T) {
	fsys := fstest.MapFS{
		"i18n/en.yaml": {Data: []byte("notice: \"Shown in {{.Language}}\"\nreviewed: \"Checked {{.Date}}\"\nstale:\n  one: \"{{.Count}} month ago\"\n  other: \"{{.Count}} months ago\"\nplain: Home\n")},
		"i18n/km.yaml": {Data: []byte("notice: \"បង្ហាញជា{{.Lang}}\"\nreviewed: \"ពិនិត្យ {{.Date\"\nstale:\n  other: \"កាលពីខែមុន\"\nplain: \"{{.Count}}\"\n")},
		"i18n/lo.yaml": {Data: []byte("notice: \"{{.Language}}\"\nreviewed: \"{{.Date}}\"\nstale:\n  other: \"{{.Count}} ເດືອນ\"\nplain: ໜ້າຫຼັກ\n")},
	}
	_, diags := Load(fsys, "i18n", []string{"km", "en", "lo"}, "en")
	var got []string
	for _, d := range diags {
		got = append(got, d.String())
	}
	joined := strings.Join(got, "\n")
	for _, want := range []string{
		`i18n/km.yaml:1:9: UI string "notice" uses {{.Lang}}, which i18n/en.yaml's does not give`,
		`i18n/km.yaml:2:11: UI string "reviewed": 1: unclosed action`,
		`i18n/km.yaml:4:10: warning: UI string "stale" leaves out {{.Count}}`,
		`i18n/km.yaml:5:8: UI string "plain" uses {{.Count}}`,
		`i18n/km.yaml:1:9: warning: UI string "notice" leaves out {{.Language}}`,
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("missing %q in:\n%s", want, joined)
		}
	}
	for _, d := range diags {
		if d.Pos.File != "i18n/km.yaml" {
			t.Errorf("a finding in a file without mistakes: %s", d)
		}
	}
	if n := len(got); n != 5 {
		t.Errorf("%d findings, want 5:\n%s", n, joined)
	}
}
