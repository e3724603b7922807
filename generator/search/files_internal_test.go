package search

import (
	"encoding/json"
	"testing"
)

// docRowAsJSON is a doc chunk's row as json.Marshal writes it, which
// appendDocRow writes by hand.
func docRowAsJSON(doc *Doc, cut bundleCut, listed bool) []byte {
	fields := []any{doc.Href, doc.Title, doc.Section, cut.bundle, string(cut.steps)}
	if listed {
		fields = fields[3:]
	}
	row, _ := json.Marshal(fields)
	return row
}

// TestDocRow: a row written by hand is the one json.Marshal writes, for
// text that JSON escapes, text in a script a script must not end, and
// bytes that are not UTF-8.
func TestDocRow(t *testing.T) {
	for _, c := range []struct{ href, title, section string }{
		{"rights/wages/", "Wages", "Rights"},
		{"ສິດ/", "ຄ່າຈ້າງ \"ຂັ້ນຕ່ຳ\"", "ສິດ <b> & </script>"},
		{"a\\b/", "tab\there\nnew\u2028line\u2029", "\x00\x1f\x7f"},
		{"bad\xffutf8/", "\xed\xa0\x80", "é 🙂"},
	} {
		for _, listed := range []bool{false, true} {
			doc := &Doc{Page: Page{Href: c.href, Title: c.title, Section: c.section}}
			cut := bundleCut{bundle: -1, steps: []byte("0110")}
			if got, want := appendDocRow([]byte("x"), doc, cut, listed), append([]byte("x"), docRowAsJSON(doc, cut, listed)...); string(got) != string(want) {
				t.Errorf("%q, listed %v: %s, want %s", c.title, listed, got, want)
			}
		}
	}
}

// FuzzDocRow: any row is written as json.Marshal writes it.
func FuzzDocRow(f *testing.F) {
	f.Add("ສິດ/", "ຄ່າຈ້າງ \"ຂັ້ນຕ່ຳ\" </script>", "\u2028\xff", 7, "01", false)
	f.Fuzz(func(t *testing.T, href, title, section string, bundle int, steps string, listed bool) {
		doc := &Doc{Page: Page{Href: href, Title: title, Section: section}}
		cut := bundleCut{bundle: bundle, steps: []byte(steps)}
		if got, want := appendDocRow(nil, doc, cut, listed), docRowAsJSON(doc, cut, listed); string(got) != string(want) {
			t.Fatalf("%s, want %s", got, want)
		}
	})
}
