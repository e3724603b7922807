package markdown

import (
	"strings"
	"testing"
)

// Raw HTML is left out of a page while markdown.unsafe_html is off, with
// any text inside an HTML block: the writer is warned at its place. A
// comment (a note to translators) and a closing tag are not reported.
func TestRawHTMLWarned(t *testing.T) {
	src := "# Title\n\n<div class=\"x\">block</div>\n\nText with <b>bold</b>.\n\n<!-- a note for translators -->\n\nLast.\n"
	for _, tt := range []struct {
		unsafe bool
		want   []string
	}{
		{false, []string{
			`f.en.md:3:1: warning: raw HTML "<div class=\"x\">block</div>" is left out of the page, with any text inside it`,
			`f.en.md:5:11: warning: raw HTML "<b>" is left out of the page`,
		}},
		{true, nil},
	} {
		md := New(Options{UnsafeHTML: tt.unsafe})
		doc := md.Parse("f.en.md", []byte(src), 1, "en")
		var got []string
		for _, d := range doc.Problems {
			if d.Code == "raw-html" {
				got = append(got, d.String())
			}
		}
		if len(got) != len(tt.want) {
			t.Fatalf("unsafe %v: got %d findings, want %d:\n%s", tt.unsafe, len(got), len(tt.want), strings.Join(got, "\n"))
		}
		for i, w := range tt.want {
			if !strings.HasPrefix(got[i], w) {
				t.Errorf("unsafe %v: got\n%s\nwant it to start\n%s", tt.unsafe, got[i], w)
			}
		}
	}
}
