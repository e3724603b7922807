package markdown

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"spean/generator/internal/sitetest"
)

var update = flag.Bool("update", false, "rewrite golden files")

func testMarkdown() *Markdown {
	return New(Options{
		Label: func(lang, kind string) string { return lang + ":" + kind },
		Hotlines: func(w io.Writer, lang string, args []string) error {
			_, err := fmt.Fprintf(w, "<div class=\"hotlines\" data-lang=%q>%s</div>\n", lang, strings.Join(args, ","))
			return err
		},
	})
}

// TestGolden renders testdata/NAME.LANG.md to testdata/NAME.LANG.golden.html
// and also records what the Doc collected (headings, links, blocks), because
// later stages depend on those as much as on the HTML.
func TestGolden(t *testing.T) {
	md := testMarkdown()
	files, _ := filepath.Glob("testdata/*.md")
	if len(files) == 0 {
		t.Fatal("no golden inputs")
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".md")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			lang := name[strings.LastIndex(name, ".")+1:]
			doc := md.Parse(f, src, 1, lang)
			html, err := doc.HTML()
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			got.Write(html)
			got.WriteString("<!--\n")
			for _, h := range doc.Headings {
				fmt.Fprintf(&got, "heading %d %s %q %s\n", h.Level, h.ID, h.Text, h.Pos)
			}
			for _, l := range doc.Links {
				fmt.Fprintf(&got, "link %s %s image=%v\n", l.Dest, l.Pos, l.Image)
			}
			for _, h := range doc.Hotlines {
				fmt.Fprintf(&got, "hotlines %v %s\n", h.Args, h.Pos)
			}
			for _, b := range doc.Blocks {
				fmt.Fprintf(&got, "block %s heading=%v %q\n", b.Pos, b.Heading, b.Text)
			}
			got.WriteString("-->\n")
			golden := strings.TrimSuffix(f, ".md") + ".golden.html"
			if *update {
				if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./generator/markdown -update)", err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("output differs from %s (run with -update if the change is intended)\n%s", golden, lineDiff(string(want), got.String()))
			}
		})
	}
}

// lineDiff shows the first differing lines, enough to see what changed.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 10; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n  want: %s\n  got:  %s\n", i+1, wl, gl)
			shown++
		}
	}
	return b.String()
}

func TestHeadingID(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Fees and costs", "fees-and-costs"},
		{"What's  legal?", "what-s-legal"},
		{"ការងារ និង ប្រាក់ឈ្នួល", "ការងារ-និង-ប្រាក់ឈ្នួល"},
		{"ຄ່າທຳນຽມ", "ຄ່າທຳນຽມ"},
		{"အလုပ်သမား အခွင့်အရေး", "အလုပ်သမား-အခွင့်အရေး"},
		{"ค่าธรรมเนียม (2568)", "ค่าธรรมเนียม-2568"},
		{"zero\u200bwidth", "zerowidth"},
		{"!!!", "section"},
	}
	for _, tt := range tests {
		if got := headingID(tt.in); got != tt.want {
			t.Errorf("headingID(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	u := uniqueIDs{}
	if a, b, c := u.make("x"), u.make("x"), u.make("x"); a != "x" || b != "x-1" || c != "x-2" {
		t.Errorf("unique ids %s %s %s", a, b, c)
	}
}

var (
	headingTagRE     = regexp.MustCompile(`<h[1-6][^>]*>`)
	allowedHeadingRE = regexp.MustCompile(`^<h[1-6](?: id="[^"]*")?>$`)
)

func FuzzRender(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.md")
	for _, p := range files {
		b, _ := os.ReadFile(p)
		f.Add(string(b))
	}
	f.Add("<script>alert(1)</script>\n\n[x](javascript:alert(1))")
	f.Add("## Pay {#pay .x style=\"color:red\" onclick=alert(1)}\n\n<img src=x onerror=alert(1)>")
	md := testMarkdown()
	f.Fuzz(func(t *testing.T, s string) {
		// A slow input is a finding too (bounded cost): the fuzzer has
		// no time limit per input, so without this it waits forever.
		slow := time.AfterFunc(3*time.Second, func() { panic(fmt.Sprintf("rendering took over 3 s: %q", s)) })
		defer slow.Stop()
		doc := md.Parse("f.md", []byte(s), 1, "km")
		html, err := doc.HTML()
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(bytes.ToLower(html), []byte("<script")) {
			t.Fatalf("rendered a script element from %q", s)
		}
		if msg := sitetest.Inert(string(html)); msg != "" {
			t.Fatalf("%s, from %q", msg, s)
		}
		for _, h := range headingTagRE.FindAllString(string(html), -1) {
			if !allowedHeadingRE.MatchString(h) {
				t.Fatalf("heading tag %s has attributes besides id, from %q", h, s)
			}
		}
		lines := strings.Count(s, "\n") + 1
		for _, d := range doc.Problems {
			if d.Pos.Line < 1 || d.Pos.Line > lines {
				t.Fatalf("problem at %v outside input of %d lines", d.Pos, lines)
			}
		}
		for _, l := range doc.Links {
			if l.Pos.Line < 1 || l.Pos.Line > lines || l.Pos.Col < 1 {
				t.Fatalf("link position %v outside input of %d lines", l.Pos, lines)
			}
		}
		for _, h := range doc.Headings {
			if h.ID == "" {
				t.Fatal("heading without id")
			}
		}
	})
}
