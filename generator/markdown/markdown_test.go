package markdown

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode"
	"unicode/utf8"

	"spean/generator/diag"
	"spean/generator/internal/sitetest"
	"spean/generator/terms"
)

var update = flag.Bool("update", false, "rewrite golden files")

// testTerms is a small termbase in the real format, read by package terms,
// so the golden files show what the real matcher finds.
const testTerms = `terms:
  - id: work-permit
    sources: [B1]
    en: {term: work permit, synonyms: [labour permit], definition: "The document that lets you work."}
    km: {term: លិខិតអនុញ្ញាតការងារ, synonyms: [ប័ណ្ណការងារ], definition: ឯកសារដែលអនុញ្ញាតឱ្យអ្នកធ្វើការ។}
  - id: passport
    en: {term: passport, definition: "Your travel document & ID."}
  - id: employer
    en: {term: employer, synonyms: [boss], definition: The person or company you work for.}
    km: {term: និយោជក, definition: មនុស្ស ឬក្រុមហ៊ុនដែលអ្នកធ្វើការឱ្យ។}
  - id: irregular-worker
    en: {term: irregular worker, rejected: [illegal worker], definition: A worker without valid papers.}
  - id: workmens-compensation-fund
    en: {term: "Workmen's Compensation Fund", definition: Pays you when you are hurt at work.}
  - id: u-turn
    en: {term: U-turn, definition: Going home to get new papers.}
`

// testVocabulary is the vocabulary as the build makes it, over testTerms:
// definitions fall back to English, the glossary is glossary/terms.md.
func testVocabulary(t testing.TB) *Vocabulary {
	base, diags := terms.Load(fstest.MapFS{terms.File: {Data: []byte(testTerms)}}, []string{"en", "km"}, "en")
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	entry := func(tm *terms.Term, lang string) (*terms.Entry, string) {
		for _, l := range []string{lang, "en"} {
			if e := tm.Langs[l]; e != nil {
				return e, l
			}
		}
		return nil, ""
	}
	return &Vocabulary{
		Find: func(lang, text string) []TermFound {
			var out []TermFound
			for _, m := range base.Matcher(lang).Find(text) {
				out = append(out, TermFound{ID: m.Term.ID, Kind: TermKind(m.Kind), Form: m.Form, Start: m.Start, End: m.End})
			}
			return out
		},
		Define: func(lang, id string) (string, string, bool) {
			e, l := entry(base.ByID(id), lang)
			return e.Definition, l, e != nil
		},
		GlossaryFile: func() string { return "glossary/terms.md" },
		Glossary: func(file, lang string) Glossary {
			g := Glossary{SourcesLabel: lang + ":sources"}
			for _, tm := range base.Terms {
				e, l := entry(tm, lang)
				ge := GlossaryEntry{ID: tm.ID, Term: e.Term, Definition: e.Definition, Lang: l, Sources: tm.Sources}
				if l != "en" {
					ge.Source, ge.SourceLang = tm.Langs["en"].Term, "en"
				}
				g.Entries = append(g.Entries, ge)
			}
			return g
		},
	}
}

func testMarkdown() *Markdown {
	return newTestMarkdown(nil)
}

func newTestMarkdown(v *Vocabulary) *Markdown {
	return New(Options{
		Vocabulary: v,
		Label:      func(lang, kind string) string { return lang + ":" + kind },
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
	md := newTestMarkdown(testVocabulary(t))
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
			for _, b := range doc.Blocks() {
				fmt.Fprintf(&got, "block %s heading=%v %q\n", b.Pos, b.Heading, b.Text)
			}
			for _, u := range doc.Terms {
				fmt.Fprintf(&got, "term %s %s %q %s bytes=%d-%d heading=%v link=%v marked=%v\n", u.ID, u.Kind, u.Text, u.Pos, u.Start, u.End, u.Heading, u.Link, u.Marked)
			}
			if len(doc.Anchors) > 0 {
				fmt.Fprintf(&got, "anchors %s\n", strings.Join(doc.Anchors, " "))
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
	vmd := newTestMarkdown(testVocabulary(f))
	f.Fuzz(func(t *testing.T, s string) {
		// A slow input is a finding too (bounded cost): the fuzzer has
		// no time limit per input, so without this it waits forever.
		slow := time.AfterFunc(3*time.Second, func() { panic(fmt.Sprintf("rendering took over 3 s: %q", s)) })
		defer slow.Stop()
		doc := md.Parse("f.md", []byte(s), 1, "km")
		// Linking terms changes the markup, never the text, and every
		// term found is inside the input.
		for _, lang := range []string{"en", "km"} {
			plain := md.Parse("f.md", []byte(s), 1, lang)
			marked := vmd.Parse("f.md", []byte(s), 1, lang)
			if _, err := marked.HTML(); err != nil {
				t.Fatal(err)
			}
			if plain.Text() != marked.Text() {
				t.Fatalf("linking terms changed the text from %q:\n%q\n%q", s, plain.Text(), marked.Text())
			}
			for _, u := range marked.Terms {
				if u.Start >= 0 && (u.End > len(s) || s[u.Start:u.End] != u.Text) {
					t.Fatalf("term %q at %d-%d is not the input's %q", u.Text, u.Start, u.End, s)
				}
			}
		}
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

// A one-off build lets go of a page's HTML once written and of its text
// once indexed (build.Run): a step that asked for the HTML afterwards must
// fail, not render an empty page, and the headings stay for the layouts
// still to come (search pages).
func TestDrop(t *testing.T) {
	d := testMarkdown().Parse("content/a.en.md", []byte("# Work permits\n\nCarry your *card*.\n"), 1, "en")
	if err := d.Finish(); err != nil {
		t.Fatal(err)
	}
	before, err := d.HTML()
	if err != nil || !bytes.Contains(before, []byte("<em>card</em>")) {
		t.Fatalf("HTML before dropping: %q, %v", before, err)
	}
	d.DropHTML()
	if html, err := d.HTML(); err == nil || !strings.Contains(err.Error(), "content/a.en.md") {
		t.Errorf("HTML after DropHTML: %q, %v; want an error naming the file", html, err)
	}
	if d.Text() == "" || len(d.Blocks()) == 0 {
		t.Fatalf("DropHTML dropped the text too: %q, %d blocks", d.Text(), len(d.Blocks()))
	}
	d.DropText()
	if d.Text() != "" || d.Blocks() != nil {
		t.Errorf("after DropText: %q, %d blocks", d.Text(), len(d.Blocks()))
	}
	if len(d.Headings) != 1 {
		t.Errorf("headings after dropping: %v", d.Headings)
	}
}

// FuzzCollapseSpace: appendCollapsed, which collects a page's blocks and
// a heading's text, appends strings.Join(strings.Fields(s), " "), which it
// replaces for speed, on any input, UTF-8 or not, after what b holds.
func FuzzCollapseSpace(f *testing.F) {
	for _, s := range []string{"", " ", "a", "a b", " a  b ", "a\tb\n", "a\u00a0b", "ក ខ\u2028គ", "\xff a\x85b", "a\u3000", "ក\u1680ខ", "မြန်\u00a0မာ", "\xe1\x9a", "\xe0\xc2\xa0x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := strings.Join(strings.Fields(s), " ")
		if got := string(appendCollapsed(nil, []byte(s))); got != want {
			t.Errorf("appendCollapsed(nil, %q) = %q, want %q", s, got, want)
		}
		if got := string(appendCollapsed([]byte("x\n"), []byte(s))); got != "x\n"+want {
			t.Errorf("appendCollapsed(\"x\\n\", %q) = %q, want %q", s, got, "x\n"+want)
		}
	})
}

// The theme's own ids (Options.ReservedIDs) are kept off headings: an id
// made from a heading's text gets a suffix, as a repeated heading's does,
// and one the writer gave is an error at the heading, every one reported.
func TestReservedIDs(t *testing.T) {
	md := New(Options{ReservedIDs: map[string]string{
		"offline": `<section class="offline"> in themes/default/layouts/partials/offline.html:6`,
		"share":   `<details class="share"> in themes/default/layouts/partials/share.html:6`,
	}})
	tests := []struct {
		name, body string
		ids        []string
		problems   []string // "line:col: message", every one
	}{
		{
			name: "auto id suffixed",
			body: "## Offline\n\ntext\n\n## Offline\n\n## Share\n",
			ids:  []string{"offline-1", "offline-2", "share-1"},
		},
		{
			name: "auto id beside an explicit one",
			body: "## Offline\n\n## Saved {#offline-1}\n",
			ids:  []string{"offline-2", "offline-1"},
		},
		{
			name: "explicit id",
			body: "Intro.\n\n## Use it without internet {#offline}\n\n## Share it {#share}\n\n## Keep it {#keep}\n",
			ids:  []string{"offline", "share", "keep"},
			problems: []string{
				`13:4: heading id "offline" is used by the theme: <section class="offline"> in themes/default/layouts/partials/offline.html:6`,
				`15:4: heading id "share" is used by the theme: <details class="share"> in themes/default/layouts/partials/share.html:6`,
			},
		},
		{
			name: "explicit id like a reserved one",
			body: "## Use it without internet {#reading-offline}\n\n## Offline {#Offline}\n",
			ids:  []string{"reading-offline", "Offline"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The body starts at line 11, after front matter.
			doc := md.Parse("content/a.en.md", []byte(tt.body), 11, "en")
			var ids []string
			for _, h := range doc.Headings {
				ids = append(ids, h.ID)
			}
			if !slices.Equal(ids, tt.ids) {
				t.Errorf("ids %q, want %q", ids, tt.ids)
			}
			var problems []string
			for _, d := range doc.Problems {
				if d.Pos.File != "content/a.en.md" || d.Severity != diag.Error || d.Code != "heading-id" || !strings.Contains(d.Hint, "choose another id") {
					t.Errorf("problem %+v: want an error heading-id in content/a.en.md, with a hint", d)
				}
				problems = append(problems, fmt.Sprintf("%d:%d: %s", d.Pos.Line, d.Pos.Col, d.Message))
			}
			if !slices.Equal(problems, tt.problems) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(problems, "\n"), strings.Join(tt.problems, "\n"))
			}
			html, err := doc.HTML()
			if err != nil {
				t.Fatal(err)
			}
			for _, id := range tt.ids {
				if !bytes.Contains(html, []byte(` id="`+id+`"`)) {
					t.Errorf("HTML lacks id %q:\n%s", id, html)
				}
			}
		})
	}
}

// TestSpaceStart: every rune unicode.IsSpace calls space is one of
// appendCollapsed's ASCII spaces or starts as spaceStart says, so a change
// in Unicode's list cannot let a space through as a letter.
func TestSpaceStart(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !unicode.IsSpace(r) {
			continue
		}
		b := utf8.AppendRune(nil, r)
		if !mayStartSpace[b[0]] || r >= utf8.RuneSelf && !spaceStart(b[0], b[1]) {
			t.Errorf("U+%04X is a space that appendCollapsed would keep as a letter", r)
		}
	}
	for c := range utf8.RuneSelf {
		if mayStartSpace[c] != unicode.IsSpace(rune(c)) {
			t.Errorf("mayStartSpace[%#x] = %v, unicode.IsSpace says %v", c, mayStartSpace[c], !mayStartSpace[c])
		}
	}
}
