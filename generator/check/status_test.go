package check

import (
	"maps"
	"os"
	"path/filepath"
	"spean/generator/translation"
	"strings"
	"testing"

	"spean/generator/build"
	"spean/generator/config"
)

func TestStatus(t *testing.T) {
	fsys := siteFS(t, `
-- content/a/p.en.md --
---
`+page+`---
Text.
-- content/a/p.km.md --
---
`+page+`reviewed: true
source_hash: $HASH(content/a/p.en.md)
---
ក
-- content/a/p.lo.md --
---
`+page+`reviewed: false
source_hash: $HASH(content/a/p.en.md)
---
ກ
-- content/a/p.th.md --
---
`+page+`source_hash: "0000000000000000"
---
ก
`)
	cfg, err := config.Load(fsys, "config.yaml", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	l, _ := build.Load(cfg, fsys)
	m := translation.Status(l.Site)
	if strings.Join(m.Langs, " ") != "km lo my th" {
		t.Errorf("langs %v", m.Langs)
	}
	var rows []string
	for _, r := range m.Rows {
		row := r.Key + ":"
		for _, c := range r.Cells {
			row += " " + c.Lang + "=" + string(c.State) + "(" + c.File + ")"
		}
		rows = append(rows, row)
	}
	want := []string{
		"a/_index: km=missing(content/a/_index.km.md) lo=missing(content/a/_index.lo.md) my=missing(content/a/_index.my.md) th=missing(content/a/_index.th.md)",
		"a/p: km=ok(content/a/p.km.md) lo=unreviewed(content/a/p.lo.md) my=missing(content/a/p.my.md) th=outdated(content/a/p.th.md)",
	}
	if strings.Join(rows, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(rows, "\n"), strings.Join(want, "\n"))
	}
	wantCounts := map[string]map[translation.State]int{
		"km": {translation.OK: 1, translation.Missing: 1}, "lo": {translation.Unreviewed: 1, translation.Missing: 1},
		"my": {translation.Missing: 2}, "th": {translation.Outdated: 1, translation.Missing: 1},
	}
	for l, c := range wantCounts {
		if !maps.Equal(m.Counts[l], c) {
			t.Errorf("counts %s = %v, want %v", l, m.Counts[l], c)
		}
	}
}

// FixZawgyi converts only the Zawgyi block and field, leaves every other
// byte alone, and a second check finds nothing left to fix.
func TestFixZawgyi(t *testing.T) {
	dir := t.TempDir()
	const unicodePara = "ဆေးရုံသို့ သွားပါ။\n"
	file := "---\ntitle: \"ေၾကညာစာတမ္း\"\nweight: 1\n---\n" + unicodePara + "\n- ေဆး႐ံုသို႔ သြားပါ။ အျပည္ျပည္ဆိုင္ရာ\n  လူ႔အခြင့္အေရး\n\nEnd `code`.\n"
	files := map[string]string{}
	for name, f := range siteFS(t, "") {
		files[name] = string(f.Data)
	}
	files["content/a/p.my.md"] = file
	files["content/a/p.en.md"] = "---\ntitle: Declaration\n---\nText.\n"
	writeSite(t, dir, files)
	fsys := os.DirFS(dir)
	res := checkFS(t, fsys, "")
	files2, err := FixZawgyi(fsys, res.Site)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, file := range files2 {
		for _, f := range file.Fixes {
			got = append(got, f.Pos.String()+": "+f.Before+" => "+f.After)
		}
		if err := os.WriteFile(filepath.Join(dir, file.Path), file.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{
		"content/a/p.my.md:2:1: title: \"ေၾကညာစာတမ္း\" => title: \"ကြေညာစာတမ်း\"",
		"content/a/p.my.md:7:1: - ေဆး႐ံုသို႔ သြားပါ။ အျပည္ျပည္ဆိုင္ရာ\n  လူ႔အခြင့္အေရး => - ဆေးရုံသို့ သွားပါ။ အပြည်ပြည်ဆိုင်ရာ\n  လူ့အခွင့်အရေး",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("fixes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	b, err := os.ReadFile(filepath.Join(dir, "content/a/p.my.md"))
	if err != nil {
		t.Fatal(err)
	}
	wantFile := "---\ntitle: \"ကြေညာစာတမ်း\"\nweight: 1\n---\n" + unicodePara + "\n- ဆေးရုံသို့ သွားပါ။ အပြည်ပြည်ဆိုင်ရာ\n  လူ့အခွင့်အရေး\n\nEnd `code`.\n"
	if string(b) != wantFile {
		t.Errorf("file:\n%s\nwant:\n%s", b, wantFile)
	}
	for _, d := range checkFS(t, fsys, "").Diags {
		if d.Code == "zawgyi" {
			t.Errorf("after fix: %s", line(d))
		}
	}
}
