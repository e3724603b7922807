package markdown

import (
	"strings"
	"testing"
)

// TestTelLinks: a tel: link a phone dials is a number; anything else is an
// error at the link, and links nowhere (FuzzRender found "[0](tel:)").
func TestTelLinks(t *testing.T) {
	for _, tt := range []struct {
		in, href, problem string
	}{
		{"Call [1694](tel:1694).", `href="tel:1694"`, ""},
		{"Call [us](tel:+66-2-123.45).", `href="tel:+66212345"`, ""},
		{"Call [us](<tel:+66 (2) 123>).", `href="tel:+662123"`, ""},
		{"Call [us](TEL:1300).", `href="tel:1300"`, ""},
		{"Call [0](tel:).", `href=""`, `link "tel:": a tel: link must be a phone number`},
		{"Call [us](tel:1694;ext=2).", `href=""`, "must be a phone number"},
		{"Call [us](tel:+).", `href=""`, "must be a phone number"},
		{"Call <tel:1694> now.", `href="tel:1694">tel:1694</a>`, ""},
		{"Call <tel:abc> now.", `href="">tel:abc</a>`, `link "tel:abc"`},
		{"See [site](https://example.org/tel:x).", `href="https://example.org/tel:x"`, ""},
	} {
		doc := testMarkdown().Parse("content/p.en.md", []byte(tt.in), 3, "en")
		html, err := doc.HTML()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(html), tt.href) {
			t.Errorf("%q renders %s, want %s", tt.in, html, tt.href)
		}
		var got string
		for _, p := range doc.Problems {
			got += p.Message
			if p.Pos.File != "content/p.en.md" || p.Pos.Line != 3 || p.Hint == "" {
				t.Errorf("%q: problem at %v without a hint: %+v", tt.in, p.Pos, p)
			}
		}
		if tt.problem == "" && got != "" || !strings.Contains(got, tt.problem) {
			t.Errorf("%q: problems %q, want %q", tt.in, got, tt.problem)
		}
	}
}

// TestDialNumbers: a hotline number in body text becomes a tel: link that
// the collector records at its line; one in a heading, a link or code stays
// as written.
func TestDialNumbers(t *testing.T) {
	md := New(Options{Dial: dial1694{}})
	for _, tt := range []struct{ in, want string }{
		{"Call 1694 now.", `<p>Call <a href="tel:1694">1694</a> now.</p>`},
		{"1694", `<p><a href="tel:1694">1694</a></p>`},
		{"**1694**, 1694.", `<p><strong><a href="tel:1694">1694</a></strong>, <a href="tel:1694">1694</a>.</p>`},
		{"Call 1694\nor 1694", "<p>Call <a href=\"tel:1694\">1694</a>\nor <a href=\"tel:1694\">1694</a></p>"},
		{"Call [1694](tel:1694).", `<p>Call <a href="tel:1694">1694</a>.</p>`},
		{"Call [the line 1694](https://example.org/).", `<p>Call <a href="https://example.org/" rel="noopener noreferrer">the line 1694</a>.</p>`},
		{"Call `1694`.", `<p>Call <code>1694</code>.</p>`},
		{"# Call 1694", `<h1 id="call-1694">Call 1694</h1>`},
		// The way to keep a number as text: its first digit as a
		// character reference (docs/content-format.md).
		{"Section &#49;694 of the Act.", `<p>Section 1694 of the Act.</p>`},
		{"- a\n- call 1694", "<ul>\n<li>a</li>\n<li>call <a href=\"tel:1694\">1694</a></li>\n</ul>"},
	} {
		doc := md.Parse("content/p.en.md", []byte(tt.in), 5, "en")
		html, err := doc.HTML()
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.TrimSpace(string(html)); got != tt.want {
			t.Errorf("%q:\n got %s\nwant %s", tt.in, got, tt.want)
		}
		if len(doc.Problems) > 0 {
			t.Errorf("%q: %v", tt.in, doc.Problems)
		}
	}
	doc := md.Parse("content/p.en.md", []byte("Text.\n\nThen call 1694."), 5, "en")
	if len(doc.Links) != 1 || doc.Links[0].Dest != "tel:1694" || doc.Links[0].Pos.Line != 7 {
		t.Errorf("links %+v, want tel:1694 at line 7", doc.Links)
	}
}

// dial1694 finds every 1694.
type dial1694 struct{}

func (dial1694) Find(text string, fn func(start, end int, tel string)) {
	for at := 0; ; {
		i := strings.Index(text[at:], "1694")
		if i < 0 {
			return
		}
		fn(at+i, at+i+4, "tel:1694")
		at += i + 4
	}
}

func (dial1694) HTML(text string) string { panic("not used") }
