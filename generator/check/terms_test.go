package check

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// termbase is a small content/_data/terms.yaml: a term with a synonym and
// a rejected form in two languages, a term whose synonyms include a
// plural, and the glossary page that lists them.
const termbase = `
-- content/_data/terms.yaml --
terms:
  - id: work-permit
    sources: []
    en:
      term: work permit
      synonyms: [labour permit]
      rejected: [working visa]
      definition: The document that lets you work.
      note: A visa lets you enter, not work. Keep them apart.
    km:
      term: លិខិតអនុញ្ញាតការងារ
      synonyms: [ប័ណ្ណការងារ]
      definition: ឯកសារ។
    th:
      term: ใบอนุญาตทำงาน
      rejected: [เวิร์กเพอร์มิต]
      definition: เอกสาร
  - id: hotline
    sources: []
    en:
      term: hotline
      synonyms: [helpline, helplines]
      definition: A phone line.
-- content/glossary/_index.en.md --
---
title: Glossary
---
-- content/glossary/terms.en.md --
---
` + page + `---
A labour permit is not a working visa.

` + "```terms\n```" + `
`

func TestTermFindings(t *testing.T) {
	tests := []struct {
		name  string
		files string
		want  []string
	}{
		{
			name: "rejected form and synonym in body, title and heading",
			files: `
-- content/a/p.en.md --
---
title: Your labour permit
last_reviewed: 2026-01-02
sources:
  - {id: B1, title: T, org: O, year: "2025", url: "https://example.org/"}
---
## The working visa

Keep your work permit. A Working Visa is
not the same. Call a helpline, or ` + "`labour permit`" + ` in code.
`,
			want: []string{
				`content/a/p.en.md:2:13 warning term-synonym: "labour permit" is a synonym of "work permit" (work-permit): search knows it, pages write "work permit" [spean check --fix replaces it]`,
				`content/a/p.en.md:7:8 warning term-rejected: "working visa" is a rejected form of "work permit" (work-permit); write "work permit" [spean check --fix replaces it (A visa lets you enter, not work.)]`,
				`content/a/p.en.md:9:26 warning term-rejected: "Working Visa" is a rejected form of "work permit" (work-permit); write "work permit" [spean check --fix replaces it (A visa lets you enter, not work.)]`,
				`content/a/p.en.md:10:22 warning term-synonym: "helpline" is a synonym of "hotline" (hotline): search knows it, pages write "hotline" [spean check --fix replaces it]`,
			},
		},
		{
			name: "a form across a line break and a plural are reported, not fixed",
			files: `
-- content/a/p.en.md --
---
` + page + `---
Call the helplines. Show your labour
permit.
`,
			want: []string{
				`content/a/p.en.md:7:10 warning term-synonym: "helplines" is a synonym of "hotline" (hotline): search knows it, pages write "hotline" [replace it by hand: it is the plural of "helpline", and the termbase gives the term in the singular]`,
				`content/a/p.en.md:7:31 warning term-synonym: "labour permit" is a synonym of "work permit" (work-permit): search knows it, pages write "work permit" [replace it by hand: it is written across a line break or with markup in it]`,
			},
		},
		{
			name: "scripts without spaces: a substring is a use",
			files: `
-- content/a/p.en.md --
---
` + page + `---
Text.
-- content/a/p.km.md --
---
` + page + `---
សូមរក្សាប័ណ្ណការងាររបស់អ្នក។
-- content/a/p.th.md --
---
` + page + `---
เก็บเวิร์กเพอร์มิตไว้
`,
			want: []string{
				`content/a/p.km.md:7:9 warning term-synonym: "ប័ណ្ណការងារ" is a synonym of "លិខិតអនុញ្ញាតការងារ" (work-permit)`,
				`content/a/p.th.md:7:5 warning term-rejected: "เวิร์กเพอร์มิต" is a rejected form of "ใบอนุญาตทำงาน" (work-permit); write "ใบอนุญาตทำงาน" [spean check --fix replaces it]`,
			},
		},
		{
			name: "a translation without the term its English page uses",
			files: `
-- content/a/p.en.md --
---
` + page + `---
First paragraph.

Keep your work permit safe.
-- content/a/p.km.md --
---
` + page + `---
កថាខណ្ឌទីមួយ។

រក្សាលិខិតអនុញ្ញាតការងាររបស់អ្នក។
-- content/a/p.th.md --
---
` + page + `---
ย่อหน้าแรก

เก็บใบอนุญาตไว้ให้ดี
`,
			want: []string{
				`content/a/p.th.md:9:1 warning term-expected: expected "ใบอนุญาตทำงาน" (work-permit): the English page uses "work permit" at content/a/p.en.md:9:11, and this translation has no form of the term [write "ใบอนุญาตทำงาน" where the English says "work permit", or add the word used here to content/_data/terms.yaml if readers know it]`,
			},
		},
		{
			name: "the glossary's section lists every form on purpose",
			files: `
-- content/glossary/other.en.md --
---
` + page + `---
A labour permit, a working visa, a helpline.
`,
			want: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, d := range runCheck(t, siteFS(t, termbase+tt.files), "") {
				if strings.HasPrefix(d.Code, "term-") {
					got = append(got, line(d)+" ["+d.Hint+"]")
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d term findings, want %d:\n%s", len(got), len(tt.want), strings.Join(got, "\n"))
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tt.want[i]) {
					t.Errorf("finding %d:\ngot  %s\nwant %s…", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestFixTerms(t *testing.T) {
	const en = "---\ntitle: \"Labour permit and helpline\"\nlast_reviewed: 2026-01-02\n---\n" +
		"# Working visa\n\nA labour permit, not a working visa. Helplines: call a helpline.\n" +
		"Your labour\npermit stays, and so does `labour permit` in code.\n"
	const wantEN = "---\ntitle: \"Work permit and hotline\"\nlast_reviewed: 2026-01-02\n---\n" +
		"# Work permit\n\nA work permit, not a work permit. Helplines: call a hotline.\n" +
		"Your labour\npermit stays, and so does `labour permit` in code.\n"
	const km = "---\ntitle: ប័ណ្ណការងារ\n---\nសូមរក្សាប័ណ្ណការងាររបស់អ្នក។\n"
	const wantKM = "---\ntitle: លិខិតអនុញ្ញាតការងារ\n---\nសូមរក្សាលិខិតអនុញ្ញាតការងាររបស់អ្នក។\n"
	const glossary = "---\ntitle: Terms\n---\nA labour permit is not a working visa.\n\n```terms\n```\n"

	dir := t.TempDir()
	files := map[string]string{}
	for name, f := range siteFS(t, termbase) {
		files[name] = string(f.Data)
	}
	files["content/a/p.en.md"] = en
	files["content/a/p.km.md"] = km
	files["content/glossary/terms.en.md"] = glossary
	writeSite(t, dir, files)
	fsys := os.DirFS(dir)
	res := checkFS(t, fsys, "")
	fixed, err := FixTerms(fsys, res.Site)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range fixed {
		for _, r := range f.Replacements {
			got = append(got, r.Pos.String()+": "+r.Old+" => "+r.New)
		}
		if err := os.WriteFile(filepath.Join(dir, f.Path), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{
		"content/a/p.en.md:2:9: Labour permit => Work permit",
		"content/a/p.en.md:2:27: helpline => hotline",
		"content/a/p.en.md:5:3: Working visa => Work permit",
		"content/a/p.en.md:7:3: labour permit => work permit",
		"content/a/p.en.md:7:24: working visa => work permit",
		"content/a/p.en.md:7:56: helpline => hotline",
		"content/a/p.km.md:2:8: ប័ណ្ណការងារ => លិខិតអនុញ្ញាតការងារ",
		"content/a/p.km.md:4:9: ប័ណ្ណការងារ => លិខិតអនុញ្ញាតការងារ",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("replacements:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for file, want := range map[string]string{"content/a/p.en.md": wantEN, "content/a/p.km.md": wantKM, "content/glossary/terms.en.md": glossary} {
		b, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != want {
			t.Errorf("%s:\n%s\nwant:\n%s", file, b, want)
		}
	}
	// What is left is what --fix must not guess: the plural and the form
	// across a line break.
	var left []string
	for _, d := range checkFS(t, fsys, "").Diags {
		if strings.HasPrefix(d.Code, "term-") && d.Code != "term-expected" {
			left = append(left, line(d))
		}
	}
	wantLeft := []string{
		`content/a/p.en.md:7:35 warning term-synonym: "Helplines" is a synonym of "hotline"`,
		`content/a/p.en.md:8:6 warning term-synonym: "labour permit" is a synonym of "work permit"`,
	}
	if len(left) != len(wantLeft) {
		t.Fatalf("after fix:\n%s\nwant:\n%s", strings.Join(left, "\n"), strings.Join(wantLeft, "\n"))
	}
	for i := range left {
		if !strings.HasPrefix(left[i], wantLeft[i]) {
			t.Errorf("after fix %d:\ngot  %s\nwant %s…", i, left[i], wantLeft[i])
		}
	}
}

func TestMatchCase(t *testing.T) {
	for _, tt := range []struct{ old, term, want string }{
		{"Labour permit", "work permit", "Work permit"},
		{"labour permit", "work permit", "work permit"},
		{"LABOUR PERMIT", "work permit", "Work permit"},
		{"helpline", "MOU", "MOU"},
		{"ប័ណ្ណការងារ", "លិខិតអនុញ្ញាតការងារ", "លិខិតអនុញ្ញាតការងារ"},
	} {
		if got := matchCase(tt.old, tt.term); got != tt.want {
			t.Errorf("matchCase(%q, %q) = %q, want %q", tt.old, tt.term, got, tt.want)
		}
	}
}

// A front-matter value written with an escape holds no span to replace:
// it is reported at the value and left alone, and the same form in the
// next field is the one replaced there, not confused with it.
func TestFixTermsFrontMatterEscapes(t *testing.T) {
	const en = "---\ntitle: \"labour\\u0020permit\"\ndescription: Your labour permit.\nkey_points:\n  - A labour permit\n---\nText.\n"
	const want = "---\ntitle: \"labour\\u0020permit\"\ndescription: Your work permit.\nkey_points:\n  - A work permit\n---\nText.\n"
	fsys := siteFS(t, termbase+"-- content/a/p.en.md --\n"+en)
	res := checkFS(t, fsys, "")
	var hints []string
	for _, d := range res.Diags {
		if d.Code == "term-synonym" && d.Pos.File == "content/a/p.en.md" {
			hints = append(hints, line(d)+" ["+d.Hint+"]")
		}
	}
	if len(hints) != 3 || !strings.HasPrefix(hints[0], `content/a/p.en.md:2:8 warning term-synonym: "labour permit"`) || !strings.HasSuffix(hints[0], "[replace it by hand: it is written across a line break or with markup in it]") {
		t.Errorf("findings:\n%s", strings.Join(hints, "\n"))
	}
	fixed, err := FixTerms(fsys, res.Site)
	if err != nil {
		t.Fatal(err)
	}
	if len(fixed) != 1 || string(fixed[0].Data) != want {
		for _, f := range fixed {
			t.Errorf("%s:\n%s", f.Path, f.Data)
		}
		t.Fatalf("want only content/a/p.en.md:\n%s", want)
	}
}
