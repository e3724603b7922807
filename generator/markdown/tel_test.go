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
