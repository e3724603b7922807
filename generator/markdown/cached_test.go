package markdown

import (
	"encoding/binary"
	"reflect"
	"slices"
	"strings"
	"testing"

	"spean/generator/diag"
)

// TestFinishedCoversDoc fails when a type a finished document holds gains
// (or loses) an exported field: AppendFinished and ReadFinished must then
// keep it, or a document taken from the cache would lack what a parsed one
// has.
func TestFinishedCoversDoc(t *testing.T) {
	for _, tc := range []struct {
		v    any
		want string
	}{
		// Its text and blocks, unexported behind Text and Blocks, are kept
		// too (TestFinishedRoundTrip).
		{Doc{}, "Lang File Headings Links Hotlines Callouts Terms Anchors Glossary Problems"},
		{Heading{}, "Level ID Text Pos Explicit"},
		{Link{}, "Dest Pos Image Target Fragment"},
		{HotlineUse{}, "Args Pos"},
		{TermUse{}, "ID Kind Form Text Pos Start End Heading Link Marked"},
		{Block{}, "Text Pos Heading"},
		{diag.Diagnostic{}, "Pos Severity Code Message Hint"},
		{diag.Pos{}, "File Line Col"},
	} {
		var got []string
		for f := range reflect.TypeOf(tc.v).Fields() {
			if f.IsExported() {
				got = append(got, f.Name)
			}
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("%T has the fields %s; cached.go keeps %s: keep the new ones there, then update this list", tc.v, got, tc.want)
		}
	}
}

// finishedDoc parses and finishes src as a page of lang.
func finishedDoc(t testing.TB, src, lang string) *Doc {
	t.Helper()
	d := New(Options{}).Parse("content/a/b."+lang+".md", []byte(src), 5, lang)
	if err := d.Finish(); err != nil {
		t.Fatal(err)
	}
	return d
}

const richPage = "## Fees {#fees}\n\nText with a [link](../x.md#y), an ![image](i.png) and <https://example.org>.\n\n" +
	"> [!WARNING]\n> Careful.\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nA footnote[^1].\n\n[^1]: Note.\n\n## Fees\n"

func TestFinishedRoundTrip(t *testing.T) {
	for _, lang := range []string{"en", "km"} {
		d := finishedDoc(t, richPage, lang)
		d.Links[0].Target, d.Links[0].Fragment = "x", "y" // as a resolver leaves them
		found := append(slices.Clone(d.Problems), diag.Diagnostic{Pos: diag.Pos{File: "config.yaml", Line: 3, Col: 1}, Severity: diag.Warning, Code: "c", Message: "m", Hint: "h"})
		b, textAt, err := AppendFinished([]byte("prefix"), d, found)
		if err != nil {
			t.Fatal(err)
		}
		html, _ := d.HTML()
		meta, text := b[len("prefix"):len("prefix")+textAt], b[len("prefix")+textAt:]
		if err := CheckText(text, d.File); err != nil {
			t.Fatal(err)
		}
		got, gotFound, err := ReadFinished(meta, func() []byte { return text }, func() ([]byte, error) { return html, nil })
		if err != nil {
			t.Fatal(err)
		}
		sameDoc(t, got, d)
		if !reflect.DeepEqual(gotFound, found) {
			t.Errorf("%s: findings %v, want %v", lang, gotFound, found)
		}
	}
}

// sameDoc compares what a document shows: every exported field, the
// blocks as slices of the text, and the HTML.
func sameDoc(t *testing.T, got, want *Doc) {
	t.Helper()
	if !reflect.DeepEqual(exported(got), exported(want)) {
		t.Errorf("read back:\n%+v\nwant:\n%+v", exported(got), exported(want))
	}
	gh, _ := got.HTML()
	wh, _ := want.HTML()
	if string(gh) != string(wh) {
		t.Errorf("HTML read back:\n%s\nwant:\n%s", gh, wh)
	}
	for i, bl := range got.Blocks() {
		if !strings.Contains(got.Text(), bl.Text) {
			t.Errorf("block %d is not in the text", i)
		}
	}
}

// exported is d's exported fields, its links' included (a link's syntax
// node is gone once it is finished).
func exported(d *Doc) []any {
	var links []Link
	for _, l := range d.Links {
		c := *l
		c.node = nil
		links = append(links, c)
	}
	return []any{d.Lang, d.File, d.Headings, d.Links == nil, links, d.Hotlines, d.Callouts, d.Terms, d.Anchors, d.Glossary, d.Text(), d.Blocks(), d.Problems}
}

// FuzzReadFinished: a cache entry, however damaged, reads as a document or
// as an error, never a panic; and what AppendFinished writes reads back.
// An input is where the text part starts (a varint), then the entry.
func FuzzReadFinished(f *testing.F) {
	for _, src := range []string{richPage, "", "# Title\n\nOne.\n", "ក ខ\n\n## គ\n"} {
		d := finishedDoc(f, src, "en")
		b, textAt, err := AppendFinished(nil, d, d.Problems)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(append(binary.AppendUvarint(nil, uint64(textAt)), b...))
	}
	noHTML := func() ([]byte, error) { return nil, nil }
	read := func(b []byte) (*Doc, diag.List, bool) {
		at, n := binary.Uvarint(b)
		if n <= 0 || at > uint64(len(b)-n) {
			return nil, nil, false
		}
		meta, text := b[n:n+int(at)], b[n+int(at):]
		d, found, err := ReadFinished(meta, func() []byte { return text }, noHTML)
		if err != nil || CheckText(text, d.File) != nil {
			return nil, nil, false
		}
		return d, found, true
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		d, found, ok := read(b)
		if !ok {
			return
		}
		again, textAt, err := AppendFinished(nil, d, found)
		if err != nil {
			t.Fatalf("read a document that cannot be written again: %v", err)
		}
		d2, found2, ok := read(append(binary.AppendUvarint(nil, uint64(textAt)), again...))
		if !ok {
			t.Fatal("written again, it does not read")
		}
		if !reflect.DeepEqual(exported(d2), exported(d)) || !reflect.DeepEqual(found2, found) {
			t.Fatal("written again, it reads differently")
		}
	})
}

// TestFinishedTextOnDemand: a kept document reads its text part once,
// the first time its Text or Blocks is asked for, and never when it is
// let go of first; its HTML and the rest do not ask for it.
func TestFinishedTextOnDemand(t *testing.T) {
	d := finishedDoc(t, richPage, "en")
	b, textAt, err := AppendFinished(nil, d, nil)
	if err != nil {
		t.Fatal(err)
	}
	html, _ := d.HTML()
	for _, drop := range []bool{false, true} {
		reads := 0
		got, _, err := ReadFinished(b[:textAt], func() []byte { reads++; return b[textAt:] }, func() ([]byte, error) { return html, nil })
		if err != nil {
			t.Fatal(err)
		}
		got.HTML()
		_ = got.HasAnchor("fees")
		if reads != 0 {
			t.Fatalf("the text was read %d times before it was asked for", reads)
		}
		if drop {
			got.DropText()
			if got.Text() != "" || got.Blocks() != nil || reads != 0 {
				t.Errorf("after DropText: %q, %d blocks, %d reads", got.Text(), len(got.Blocks()), reads)
			}
			continue
		}
		if got.Text() != d.Text() || len(got.Blocks()) != len(d.Blocks()) || reads != 1 {
			t.Errorf("text %q, %d blocks, %d reads", got.Text(), len(got.Blocks()), reads)
		}
	}
}
