package yamlpos

import (
	"strings"
	"testing"
	"time"
)

type source struct {
	Title string `yaml:"title"`
	Year  string `yaml:"year"`
}

type meta struct {
	Title   string    `yaml:"title"`
	Weight  int       `yaml:"weight"`
	Draft   bool      `yaml:"draft"`
	Date    time.Time `yaml:"date"`
	Tags    []string  `yaml:"tags"`
	Sources []source  `yaml:"sources"`
}

func TestDecode(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // diagnostics, in order
		chk  func(*testing.T, meta)
	}{
		{name: "valid", src: "title: ពាក្យ\nweight: 3\ndate: 2026-01-02\ntags: [a, b]\nsources:\n  - title: X\n    year: n.d.\n",
			chk: func(t *testing.T, m meta) {
				if m.Title != "ពាក្យ" || m.Weight != 3 || len(m.Tags) != 2 || m.Sources[0].Year != "n.d." || m.Date.Day() != 2 {
					t.Fatalf("decoded %+v", m)
				}
			}},
		{name: "quoted date", src: "date: \"2026-01-02\"\n", chk: func(t *testing.T, m meta) {
			if m.Date.Year() != 2026 {
				t.Fatalf("date %v", m.Date)
			}
		}},
		{name: "unknown key with hint", src: "title: a\nwieght: 3\n", want: []string{`f.md:3:1: unknown key "wieght" (did you mean "weight"?)`}},
		{name: "wrong type", src: "weight: heavy\n", want: []string{`f.md:2:9: weight: expected a whole number, found "heavy"`}},
		{name: "bad date", src: "date: tomorrow\n", want: []string{`f.md:2:7: date: expected a date like 2026-01-31, found "tomorrow"`}},
		{name: "nested unknown and all reported", src: "sources:\n  - title: a\n    yeer: 1\ndraft: maybe\n", want: []string{
			`f.md:4:5: unknown key "sources[0].yeer" (did you mean "year"?)`,
			`f.md:5:8: draft: expected true or false, found "maybe"`,
		}},
		{name: "duplicate", src: "title: a\ntitle: b\n", want: []string{`f.md:3:1: key "title" appears twice`}},
		{name: "syntax error at its own line and column", src: "title: a\ntags: [a, b\nweight: 3\n", want: []string{
			`f.md:4:7: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence that starts at line 3, column 7)`}},
		{name: "mapping value in a plain scalar", src: "title: a\ndescription: a: b\n", want: []string{`f.md:3:15: invalid YAML: mapping values are not allowed in this context`}},
		{name: "unterminated quote points at the quote", src: "title: 'a\nweight: 3\n", want: []string{
			`f.md:2:8: invalid YAML: this quote is not closed, so the value runs on to the end (close the quote on the same line, or remove it)`}},
		{name: "a quote left open, closed by a later one", src: "title: \"Hello\ndescription: \"x\"\nweight: 3\n", want: []string{
			`f.md:3:15: invalid YAML: did not find expected key (while parsing a block mapping that starts at line 2, column 1) (a quote opened at line 2 is not closed on its line: close it there)`}},
		{name: "apostrophes and escaped quotes are not open quotes", src: "title: don't \\\" stop\ndescription: \"x\"y\"\nweight: 3\n", want: []string{
			`f.md:3:17: invalid YAML: did not find expected key (while parsing a block mapping that starts at line 2, column 1) (check indentation and quote values that contain ': ')`}},
		{name: "tab indenting a line", src: "title: a\nsources:\n\t- title: X\n", want: []string{`f.md:4:1: invalid YAML: a tab indents this line, and YAML indents with spaces only (replace the tab with spaces, as many as the lines around it use)`}},
		{name: "tab after spaces", src: "sources:\n  - title: X\n  \tyear: 1\n", want: []string{`f.md:4:3: invalid YAML: a tab indents this line`}},
		{name: "quoted bool", src: "draft: \"yes\"\n", want: []string{`f.md:2:8: draft: expected true or false, found "yes" (quoted text) (write true or false, without quotes)`}},
		{name: "yaml 1.1 bool", src: "draft: yes\n", want: []string{`f.md:2:8: draft: expected true or false, found "yes" (write true or false, without quotes)`}},
		{name: "bool", src: "draft: true\n", chk: func(t *testing.T, m meta) {
			if !m.Draft {
				t.Fatal("draft not set")
			}
		}},
		{name: "quoted number", src: "weight: \"3\"\n", want: []string{`f.md:2:9: weight: expected a whole number, found "3" (quoted text) (write the number without quotes)`}},
		{name: "year out of range", src: "date: 2205-01-01\n", want: []string{`f.md:2:7: date: 2205-01-01 is outside 1970–2100`}},
		{name: "self-referring alias", src: "sources: &s\n  - title: *s\n", want: []string{`f.md:`}},
		// yaml also breaks lines at NEL, LS and PS; the file's lines (an
		// editor's) do not, and the positions are the file's.
		{name: "line broken by NEL", src: "title: a\u0085weight: x\n", want: []string{`f.md:2:18: weight: expected a whole number, found "x"`}},
		{name: "line broken by LS, then a line", src: "title: a\u2028draft: x\nweight: y\n", want: []string{
			`f.md:2:17: draft: expected true or false, found "x"`, `f.md:3:9: weight: expected a whole number, found "y"`}},
		{name: "error after the last NEL", src: "-\u008500\u0085\n", want: []string{`f.md:3:1: invalid YAML`}},
		{name: "number as title text", src: "title: 2024\n", chk: func(t *testing.T, m meta) {
			if m.Title != "2024" {
				t.Fatalf("title %q", m.Title)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &Decoder{File: "f.md", LineOffset: 1}
			var m meta
			if n, ok := d.Parse([]byte(tt.src)); ok {
				d.Decode(n, &m)
			}
			if len(d.Diags) != len(tt.want) {
				t.Fatalf("got %d diagnostics %v, want %d", len(d.Diags), d.Diags, len(tt.want))
			}
			for i, w := range tt.want {
				if got := d.Diags[i].String(); !strings.HasPrefix(got, w) {
					t.Errorf("diagnostic %d = %q, want prefix %q", i, got, w)
				}
			}
			if tt.chk != nil {
				tt.chk(t, m)
			}
		})
	}
}
