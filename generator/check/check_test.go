package check

import (
	"context"
	"fmt"
	"io/fs"
	"spean/generator/build"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"

	"spean/generator/config"
	"spean/generator/content"
	"spean/generator/diag"
)

// base is the smallest site every case adds its files to: five
// languages, one layout and the UI strings it uses.
const base = `
-- config.yaml --
base_url: https://example.org/
title: Test
source_language: en
languages:
  - {code: en, name: English}
  - {code: km, name: ខ្មែរ, fallback: [en]}
  - {code: lo, name: ລາວ}
  - {code: my, name: မြန်မာ}
  - {code: th, name: ไทย}
-- themes/default/layouts/_base.html --
{{T "hello"}} {{TL .Code "bye"}}
-- i18n/en.yaml --
hello: Hello
bye: Bye
-- i18n/km.yaml --
hello: សួស្តី
bye: លាហើយ
-- i18n/lo.yaml --
hello: ສະບາຍດີ
bye: ລາກ່ອນ
-- i18n/my.yaml --
hello: မင်္ဂလာပါ
bye: သွားတော့မယ်
-- i18n/th.yaml --
hello: สวัสดี
bye: ลาก่อน
-- content/a/_index.en.md --
---
title: A
---
`

// page is the front matter of a content page that passes every
// front-matter check.
const page = `title: P
last_reviewed: 2026-01-02
sources:
  - {id: B1, title: T, org: O, year: "2025", url: "https://example.org/"}
`

var today = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

// siteFS builds a site from base plus a txtar archive; later files win.
// $HASH(path) in a file is replaced by the SourceHash of that file,
// so a case can say "this translation is up to date".
func siteFS(t *testing.T, archive string) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, a := range []string{base, archive} {
		for _, f := range txtar.Parse([]byte(a)).Files {
			fsys[f.Name] = &fstest.MapFile{Data: f.Data}
		}
	}
	for name, f := range fsys {
		s := string(f.Data)
		for {
			i := strings.Index(s, "$HASH(")
			if i < 0 {
				break
			}
			j := strings.Index(s[i:], ")")
			src := s[i+6 : i+j]
			other, ok := fsys[src]
			if !ok {
				t.Fatalf("%s: $HASH(%s): no such file", name, src)
			}
			v, _ := versionOf(other.Data)
			s = s[:i] + content.SourceHash(&v.meta, v.body) + s[i+j+1:]
		}
		f.Data = []byte(s)
	}
	return fsys
}

func runCheck(t *testing.T, fsys fstest.MapFS, dir string) diag.List {
	t.Helper()
	return runCheckFS(t, fsys, dir)
}

func runCheckFS(t *testing.T, fsys fs.FS, dir string) diag.List {
	t.Helper()
	return checkFS(t, fsys, dir).Diags
}

// checkFS loads the site in fsys (its repository at dir, "" for none) and
// checks it as of today.
func checkFS(t *testing.T, fsys fs.FS, dir string) *Result {
	t.Helper()
	cfg, err := config.Load(fsys, "config.yaml", nil, nil)
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	return loadAndRun(context.Background(), Options{Config: cfg, FS: fsys, Dir: dir, Today: today})
}

// line formats a finding for comparison: position, severity, code and
// message.
func line(d diag.Diagnostic) string {
	return fmt.Sprintf("%s %s %s: %s", d.Pos, d.Severity, d.Code, d.Message)
}

func TestFindings(t *testing.T) {
	tests := []struct {
		name string
		// code selects the findings compared; want lists them in order,
		// each a prefix of line(d) (position, severity, code, the
		// start of the message).
		code  string
		files string
		want  []string
	}{
		{
			name: "missing translations per language",
			code: "missing",
			files: `
-- content/a/p.en.md --
---
` + page + `---
Text.
-- content/a/p.km.md --
---
` + page + `source_hash: $HASH(content/a/p.en.md)
---
អត្ថបទ។
`,
			want: []string{
				"content/a/_index.en.md:1:1 warning missing: no km translation (content/a/_index.km.md); km readers see the page in en",
				"content/a/_index.en.md:1:1 warning missing: no lo translation",
				"content/a/_index.en.md:1:1 warning missing: no my translation",
				"content/a/_index.en.md:1:1 warning missing: no th translation",
				"content/a/p.en.md:1:1 warning missing: no lo translation (content/a/p.lo.md); lo readers see the page in en",
				"content/a/p.en.md:1:1 warning missing: no my translation (content/a/p.my.md)",
				"content/a/p.en.md:1:1 warning missing: no th translation (content/a/p.th.md)",
			},
		},
		{
			name: "outdated translation points at its source_hash",
			code: "outdated",
			files: `
-- content/a/p.en.md --
---
` + page + `---
New text.
-- content/a/p.km.md --
---
` + page + `reviewed: true
source_hash: "0123456789abcdef"
---
អត្ថបទ។
`,
			want: []string{
				"content/a/p.km.md:7:1 warning outdated: outdated: content/a/p.en.md changed since this translation was made (source_hash 0123456789abcdef, now ",
			},
		},
		{
			name: "up-to-date translation is not outdated",
			code: "outdated",
			files: `
-- content/a/p.en.md --
---
` + page + `---
Text.
-- content/a/p.km.md --
---
` + page + `source_hash: "$HASH(content/a/p.en.md)"
---
អត្ថបទ។
`,
			want: nil,
		},
		{
			name: "unreviewed translation is information",
			code: "unreviewed",
			files: `
-- content/a/p.en.md --
---
` + page + `---
Text.
-- content/a/p.th.md --
---
` + page + `reviewed: false
source_hash: $HASH(content/a/p.en.md)
---
ข้อความ
`,
			want: []string{"content/a/p.th.md:6:1 info unreviewed: translation not yet reviewed"},
		},
		{
			name: "translation without source_hash",
			code: "source-hash",
			files: `
-- content/a/p.en.md --
---
` + page + `---
Text.
-- content/a/p.th.md --
---
` + page + `---
ข้อความ
`,
			want: []string{"content/a/p.th.md:1:1 warning source-hash: translation has no source_hash"},
		},
		{
			name: "translation without a source page",
			code: "orphan",
			files: `
-- content/a/p.th.md --
---
` + page + `---
ข้อความ
`,
			want: []string{"content/a/p.th.md:1:1 error orphan: translation of content/a/p.en.md, which does not exist"},
		},
		{
			name: "broken link and anchor come from the build",
			code: "link",
			files: `
-- content/a/p.en.md --
---
` + page + `---
See [the other page](q.md) and
  [fees](p.md#fees).
`,
			want: []string{"content/a/p.en.md:7:5 error link: link to q.md: no such page"},
		},
		{
			name: "broken anchor",
			code: "anchor",
			files: `
-- content/a/p.en.md --
---
` + page + `---
## Fees {#fee}

See [fees](p.md#fees).
`,
			want: []string{`content/a/p.en.md:9:5 error anchor: link to p.md#fees: content/a/p.en.md has no heading with id "fees"`},
		},
		{
			name: "missing sources and last_reviewed on content pages only",
			code: "sources",
			files: `
-- content/a/p.en.md --
---
title: P
---
Text.
-- content/a/_index.km.md --
---
title: ក
---
`,
			want: []string{"content/a/p.en.md:1:1 warning sources: content page has no sources"},
		},
		{
			name: "sources and last_reviewed written empty, as a new page has them, at their lines",
			code: "last-reviewed",
			files: `
-- content/a/p.en.md --
---
title: P
sources: []
last_reviewed:
---
Text.
`,
			want: []string{"content/a/p.en.md:4:1 warning last-reviewed: content page has no last_reviewed date"},
		},
		{
			name: "sources written empty at its line",
			code: "sources",
			files: `
-- content/a/p.en.md --
---
title: P
sources: []
---
Text.
`,
			want: []string{"content/a/p.en.md:3:1 warning sources: content page has no sources"},
		},
		{
			name: "missing last_reviewed",
			code: "last-reviewed",
			files: `
-- content/a/p.en.md --
---
title: P
sources:
  - {id: B1, title: T}
---
Text.
`,
			want: []string{"content/a/p.en.md:1:1 warning last-reviewed: content page has no last_reviewed date"},
		},
		{
			name: "dates in the future",
			code: "future-date",
			files: `
-- content/a/p.en.md --
---
` + page + `date: 2026-11-22
lastmod: 2026-11-23
---
Text.
`,
			want: []string{"content/a/p.en.md:7:1 warning future-date: lastmod 2026-11-23 is in the future (today is 2026-11-22)"},
		},
		{
			name: "unknown country, at the value",
			code: "countries",
			files: `
-- content/a/p.en.md --
---
` + page + `countries: [kh, th, mm]
---
Text.
`,
			want: []string{`content/a/p.en.md:6:17 error countries: country "th" is not one of kh, la, mm`},
		},
		{
			name: "unknown field and wrong type come from content.Load",
			code: "type",
			files: `
-- content/a/p.en.md --
---
` + page + `weight: heavy
---
Text.
`,
			want: []string{"content/a/p.en.md:6:9 error type: weight:"},
		},
		{
			name: "two pages at one URL",
			code: "url-collision",
			files: `
-- content/a/b.en.md --
---
` + page + `---
-- content/a/b/_index.en.md --
---
title: B
---
`,
			want: []string{"content/a/b/_index.en.md:1:1 error url-collision: page would be published at /en/a/b/, the address of content/a/b.en.md too"},
		},
		{
			name: "aliases that collide come from the build",
			code: "alias",
			files: `
-- content/a/p.en.md --
---
` + page + `aliases: [/en/old/]
---
-- content/a/q.en.md --
---
` + page + `aliases: [/en/old/]
---
`,
			want: []string{`content/a/q.en.md:6:11 error alias: alias "/en/old/" is also claimed by content/a/p.en.md`},
		},
		{
			name: "unused UI string; dynamic prefixes and plural forms are used",
			code: "i18n-unused",
			files: `
-- themes/default/layouts/page.html --
{{T (print "lang_" .Lang)}}
-- themes/default/layouts/partials/days.html --
{{range plurals "days"}}{{.Text}}{{end}}
-- i18n/en.yaml --
hello: Hello
bye: Bye
orphan: Nobody
callout_note: Note
lang_en: English
days: {one: "{{.Count}} day", other: "{{.Count}} days"}
-- i18n/km.yaml --
hello: សួស្តី
bye: លាហើយ
orphan: គ្មាន
callout_note: ចំណាំ
lang_en: អង់គ្លេស
days: {other: "{{.Count}} ថ្ងៃ"}
`,
			want: []string{`i18n/en.yaml:3:1 warning i18n-unused: UI string "orphan" is not used by any layout of the theme`},
		},
		{
			name: "hotline text missing in a language falls back, with a warning",
			code: "hotline-text",
			files: `
-- content/_data/hotlines.yaml --
hotlines:
  - id: doe-1694
    number: "1694"
    country: th
    name: {en: DOE, km: DOE, lo: DOE, my: DOE, th: DOE}
    purpose: {en: Help., th: ช่วย}
`,
			want: []string{
				`content/_data/hotlines.yaml:2:5 warning hotline-text: hotline "doe-1694" has no purpose in km; km readers see it in en`,
				`content/_data/hotlines.yaml:2:5 warning hotline-text: hotline "doe-1694" has no purpose in lo; lo readers see it in en`,
				`content/_data/hotlines.yaml:2:5 warning hotline-text: hotline "doe-1694" has no purpose in my; my readers see it in en`,
			},
		},
		{
			name: "a translation gives another hotline number, and leaves one out",
			code: "hotline-number",
			files: `
-- content/_data/hotlines.yaml --
hotlines:
  - {id: doe-1694, number: "1694", country: th, name: {en: D}, purpose: {en: P}}
  - {id: issara-180, number: "1-800-010-180", country: th, name: {en: I}, purpose: {en: P}}
  - {id: issara-181, number: "1-800-010-181", country: th, name: {en: I}, purpose: {en: P}}
-- content/a/p.en.md --
---
` + page + `summary: Call 1-800-010-180 in Burmese.
---
Ask the DOE on 1694.
-- content/a/p.km.md --
---
` + page + `summary: ហៅ 1-800-010-181 ជាភាសាភូមា។
source_hash: $HASH(content/a/p.en.md)
---
សួរ DOE។
-- content/a/p.th.md --
---
` + page + `summary: โทร 1-800-010-180 เป็นภาษาพม่า
source_hash: $HASH(content/a/p.en.md)
---
ถาม DOE ที่ [1694](tel:1694)
`,
			want: []string{
				"content/a/p.km.md:6:10 warning hotline-number: hotline number 1-800-010-181 is not on the English page (content/a/p.en.md)",
				"content/a/p.km.md:6:10 warning hotline-number: the English page gives hotline number 1-800-010-180 at content/a/p.en.md:6:10, and this translation does not",
				"content/a/p.km.md:9:1 warning hotline-number: the English page gives hotline number 1694 at content/a/p.en.md:8:1, and this translation does not",
			},
		},
		{
			name: "UI string missing in a language comes from i18n.Load",
			code: "i18n-missing",
			files: `
-- i18n/lo.yaml --
hello: ສະບາຍດີ
`,
			want: []string{`i18n/lo.yaml error i18n-missing: UI string "bye" is missing`},
		},
		{
			name: "Zawgyi paragraph and title",
			code: "zawgyi",
			files: `
-- content/a/p.en.md --
---
title: Declaration
---
Text.
-- content/a/p.my.md --
---
title: "ေၾကညာစာတမ္း"
---
ဆေးရုံသို့ သွားပါ။

ေဆး႐ံုသို႔ သြားပါ။ အျပည္ျပည္ဆိုင္ရာ လူ႔အခြင့္အေရး

| ဘာသာစကား | ဖိုင် |
|---|---|
| ခမာ | km |
`,
			want: []string{
				"content/a/p.my.md:2:1 warning zawgyi: title looks Zawgyi-encoded",
				"content/a/p.my.md:6:1 warning zawgyi: paragraph looks Zawgyi-encoded (probability 1.00)",
			},
		},
		{
			name: "Thai paragraph in a Lao page",
			code: "script",
			files: "\n-- content/a/p.en.md --\n---\ntitle: Go\n---\nText.\n-- content/a/p.lo.md --\n---\ntitle: ທ\n---\n" +
				"ໄປ ກຸງເທບ (กรุงเทพมหานคร อมรรัตนโกสินทร์).\n\n" + // a Thai gloss inside Lao: fine
				"โทรหาสายด่วนเมื่อต้องการความช่วยเหลือ\n\n" + // a Thai paragraph
				"ຊື່ `กรมการจัดหางาน` ໃນ code.\n\n" + // Thai only in a code span: fine
				"- See https://example.org/ไทยไทยไทย\n",
			want: []string{"content/a/p.lo.md:6:1 warning script: paragraph is written in Thai script (31 letters) but this is a lo page (0 Lao letters)"},
		},
		{
			name: "English page in another script, and a word mixing Lao and Thai",
			code: "script",
			files: "\n-- content/a/p.en.md --\n---\n" + page + "---\n" +
				"Say: ช่วยด้วย ช่วยด้วย ช่วยด้วย\n\n" +
				"A Lao word ສະບາยດີ typed with one Thai letter.\n\n" +
				"MoLVT (Khmer: ក្រសួងការងារ និងបណ្តុះបណ្តាលវិជ្ជាជីវៈ)\n", // a gloss: fine
			want: []string{
				"content/a/p.en.md:7:1 warning script: paragraph is written in Thai script (18 letters) but this is a en page (3 Latin letters)",
				"content/a/p.en.md:9:12 warning script: word mixes Lao and Thai letters (ย at column 16)",
			},
		},
		{
			name: "English paragraph left in a Khmer page",
			code: "script",
			files: "\n-- content/a/p.en.md --\n---\ntitle: Go\n---\nText.\n-- content/a/p.km.md --\n---\ntitle: ក\n---\n" +
				"This paragraph was left in English by mistake and nobody translated it.\n\n" +
				"ទូរស័ព្ទទៅ ILO Convention No. 29 ឬ IOM.\n\n" + // names in Latin inside Khmer: fine
				"ILO Forced Labour Convention No. 29\n", // five words: a name, fine
			want: []string{"content/a/p.km.md:4:1 warning script: paragraph is 12 words in Latin script and no Khmer letters: left untranslated?"},
		},
		{
			name:  "text not in NFC",
			code:  "nfc",
			files: "\n-- content/a/p.en.md --\n---\n" + page + "---\nA cafe\u0301 in Bangkok.\n",
			want:  []string{"content/a/p.en.md:7:6 warning nfc: text is not in Unicode normal form C"},
		},
		{
			name: "invisible characters: zero-width space allowed in Khmer, not English",
			code: "invisible",
			files: "\n-- content/a/p.en.md --\n---\n" + page + "---\nTwo\u200Bwords and\u200E a mark.\n" +
				"-- content/a/p.km.md --\n---\ntitle: ក\n---\nពាក្យ\u200Bពីរ ក\u200Cខ ok; \u200Cbad.\n",
			want: []string{
				"content/a/p.en.md:7:4 warning invisible: invisible character U+200B ZERO WIDTH SPACE",
				"content/a/p.en.md:7:14 warning invisible: invisible character U+200E LEFT-TO-RIGHT MARK",
				"content/a/p.km.md:4:19 warning invisible: invisible character U+200C ZERO WIDTH NON-JOINER",
			},
		},
		{
			name:  "mixed digits in one number",
			code:  "digits",
			files: "\n-- content/a/p.th.md --\n---\ntitle: ท\n---\nค่าจ้าง 1,๕00 บาท และ ๔๐๐ บาท และ 400 บาท โทร 1-5๔6\n",
			want: []string{
				`content/a/p.th.md:4:9 warning digits: number "1,๕00" mixes Arabic and Thai digits`,
				`content/a/p.th.md:4:47 warning digits: number "1-5๔6" mixes Arabic and Thai digits`,
			},
		},
		{
			name: "long sentence in the source language only",
			code: "long-sentence",
			files: "\n-- content/a/p.en.md --\n---\n" + page + "---\n" +
				"Short one. " + strings.Repeat("word ", 25) + "end. Another short one.\n" +
				"-- content/a/p.km.md --\n---\ntitle: ក\n---\n" + strings.Repeat("word ", 40) + "\n",
			want: []string{`content/a/p.en.md:7:12 warning long-sentence: sentence of 26 words (plain language: at most 25): "word word word word word word word word …"`},
		},
		{
			name: "long sentence on a later line of its paragraph, after a link",
			code: "long-sentence",
			files: "\n-- content/a/p.en.md --\n---\n" + page + "---\n" +
				"- A [short](p.md) one.\n  Then a long one, " + strings.Repeat("many ", 22) + "words.\n",
			want: []string{`content/a/p.en.md:8:3 warning long-sentence: sentence of 27 words (plain language: at most 25): "Then a long one, many many many many …"`},
		},
		{
			name: "long paragraph",
			code: "long-paragraph",
			files: "\n-- content/a/p.en.md --\n---\n" + page + "---\n## Title\n\n" +
				strings.Repeat("Five words in a sentence. ", 21) + "\n",
			want: []string{"content/a/p.en.md:9:1 warning long-paragraph: paragraph of 105 words (plain language: at most 100)"},
		},
		{
			// As of 2026-11-22: p (180 days by default) was due on
			// 2026-07-01; its Khmer translation shows its date and is
			// reported there, once; the Lao one has an older date of its
			// own; b's pages follow their section (365 days) unless they
			// set their own (30).
			name: "overdue reviews",
			code: "overdue",
			files: `
-- content/a/p.en.md --
---
` + page + `---
Text.
-- content/a/p.km.md --
---
title: ក
---
ក
-- content/a/p.lo.md --
---
title: ກ
last_reviewed: 2025-01-01
---
ກ
-- content/a/p.th.md --
---
title: ก
last_reviewed: 2026-11-01
---
ก
-- content/b/_index.en.md --
---
title: B
review_interval: 365
---
-- content/b/q.en.md --
---
` + page + `---
Text.
-- content/b/r.en.md --
---
title: R
review_interval: 30
last_reviewed: 2026-10-01
---
Text.
`,
			want: []string{
				"content/a/p.en.md:3:1 warning overdue: last_reviewed 2026-01-02 is 144 days overdue for review: the facts are trusted for 180 days (review_interval in config.yaml), so they were due for a check by 2026-07-01 (as of 2026-11-22)",
				"content/a/p.lo.md:3:1 warning overdue: last_reviewed 2025-01-01 is 510 days overdue for review: the facts are trusted for 180 days (review_interval in config.yaml), so they were due for a check by 2025-06-30",
				"content/b/r.en.md:4:1 warning overdue: last_reviewed 2026-10-01 is 22 days overdue for review: the facts are trusted for 30 days (review_interval at content/b/r.en.md:3:1), so they were due for a check by 2026-10-31",
			},
		},
		{
			name: "a translation's review interval differs from its source's",
			code: "review-interval",
			files: `
-- content/b/_index.en.md --
---
title: B
review_interval: 365
---
-- content/b/_index.km.md --
---
title: ខ
review_interval: 365
---
-- content/b/_index.th.md --
---
title: ข
review_interval: 90
---
-- content/b/q.en.md --
---
` + page + `---
Text.
-- content/b/q.my.md --
---
title: မ
review_interval: 180
---
မ
`,
			want: []string{
				"content/b/_index.th.md:3:1 warning review-interval: review_interval 90 differs from content/b/_index.en.md's 365 days (review_interval at content/b/_index.en.md:3:1)",
				"content/b/q.my.md:3:1 warning review-interval: review_interval 180 differs from content/b/q.en.md's 365 days (review_interval at content/b/_index.en.md:3:1)",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, d := range runCheck(t, siteFS(t, tt.files), "") {
				if d.Code == tt.code {
					got = append(got, line(d))
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d %s findings, want %d:\n%s", len(got), tt.code, len(tt.want), strings.Join(got, "\n"))
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tt.want[i]) {
					t.Errorf("finding %d:\ngot  %s\nwant %s…", i, got[i], tt.want[i])
				}
			}
		})
	}
}

// Every finding carries a hint saying what to do, except the build's own
// (which carry theirs in the message).
func TestFindingsHaveHints(t *testing.T) {
	fsys := siteFS(t, "\n-- content/a/p.en.md --\n---\ntitle: P\ndate: 2030-01-01\n---\nTwo\u200Bwords.\n"+
		"-- content/a/p.km.md --\n---\ntitle: ក\nreviewed: false\n---\nក\n")
	for _, d := range runCheck(t, fsys, "") {
		switch d.Code {
		case "i18n-missing", "i18n-extra", "type", "unknown-field", "front-matter":
			continue
		}
		if d.Hint == "" {
			t.Errorf("%s has no hint", line(d))
		}
	}
}

func TestStrict(t *testing.T) {
	info := diag.List{{Severity: diag.Info, Code: "unreviewed"}}
	warn := append(info, diag.Diagnostic{Severity: diag.Warning, Code: "outdated"})
	errs := append(warn, diag.Diagnostic{Severity: diag.Error, Code: "link"})
	for _, tt := range []struct {
		l            diag.List
		plain, strct bool
	}{{info, false, false}, {warn, false, true}, {errs, true, true}} {
		if got := Fails(tt.l, false); got != tt.plain {
			t.Errorf("Fails(%d findings, false) = %v", len(tt.l), got)
		}
		if got := Fails(tt.l, true); got != tt.strct {
			t.Errorf("Fails(%d findings, true) = %v", len(tt.l), got)
		}
	}
}

// loadAndRun loads the site as the CLI does, then checks it.
func loadAndRun(ctx context.Context, o Options) *Result {
	l, found := build.Load(o.Config, o.FS)
	o.Site, o.Bundle, o.Found = l.Site, l.Bundle, found
	return Run(ctx, o)
}

// A file whose front matter does not decode is reported once, for that:
// not again as a page without sources or review date, nor in its
// translations as a review interval unlike its own.
func TestBrokenFrontMatterReportedOnce(t *testing.T) {
	fsys := siteFS(t, "\n-- content/a/p.en.md --\n---\ntitle: P\nreview_interval: 365\nsources:\n\t- id: a\n---\nText.\n"+
		"-- content/a/p.km.md --\n---\ntitle: ក\nreviewed: false\nreview_interval: 90\n---\nក\n")
	var got []string
	for _, d := range runCheck(t, fsys, "") {
		if (d.Pos.File == "content/a/p.en.md" && d.Code != "missing") || d.Code == "review-interval" {
			got = append(got, line(d))
		}
	}
	if len(got) != 1 || !strings.Contains(got[0], "content/a/p.en.md:5:1 error yaml: invalid YAML: a tab indents this line") {
		t.Errorf("want only the YAML error, got:\n%s", strings.Join(got, "\n"))
	}
}
