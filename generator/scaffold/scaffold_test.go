package scaffold

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"spean/generator/content"
	"spean/generator/frontmatter"
)

func TestKey(t *testing.T) {
	for _, tt := range []struct{ in, want, err string }{
		{"rights/wages", "rights/wages", ""},
		{"/rights/wages.md", "rights/wages", ""},
		{"rights/_index", "rights/_index", ""},
		{"Rights/Wages", "", `folder "Rights" must be lowercase`},
		{"../x", "", "want <section>/<slug>"},
		{"content/rights/wages.en.md", "rights/wages", ""},
		{"./content/rights/_index.km.md", "rights/_index", ""},
		{"rights/wages.km", "rights/wages", ""},
		{"rights/v1.2", "", "without dots"},
		{"content/rights/wages.fr.md", "", "without dots"},
	} {
		got, err := Key(tt.in, []string{"en", "km"})
		if got != tt.want || (err == nil) != (tt.err == "") || (err != nil && !strings.Contains(err.Error(), tt.err)) {
			t.Errorf("Key(%q) = %q, %v; want %q, %q", tt.in, got, err, tt.want, tt.err)
		}
	}
}

// A new page decodes with content's strict front-matter rules and has
// every field a writer fills in.
func TestNewPage(t *testing.T) {
	data := NewPage("rights/work-permit-renewal", time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC))
	p, bad := frontmatter.Split("x.md", data)
	if bad != nil {
		t.Fatal(bad)
	}
	var m content.Meta
	fields, diags := frontmatter.Decode("x.md", data, p, &m)
	if len(diags) > 0 {
		t.Fatalf("front matter does not decode: %v\n%s", diags, data)
	}
	if m.Title != "Work permit renewal" || !m.Draft || m.Date.Format(time.DateOnly) != "2026-11-22" {
		t.Errorf("meta %+v", m)
	}
	keys := fields.Keys
	for _, k := range []string{"title", "description", "summary", "key_points", "weight", "date", "lastmod", "draft", "tags", "aliases", "countries", "last_reviewed", "sources"} {
		if _, ok := keys[k]; !ok {
			t.Errorf("no %s field", k)
		}
	}
	if _, ok := keys["source_hash"]; ok {
		t.Error("a source page has a source_hash")
	}
}

const src = `---
title: "Fees"
weight: 3
aliases: [/en/old-fees/, /en/costs/]
source_hash: "stale"
reviewed: true
---

Intro with a [link](../x.md#top).

## What you pay

Text.

## Who pays {#who}

More.
`

func TestTranslate(t *testing.T) {
	out, err := Translate("content/a/fees.en.md", []byte(src), "en", "km", "ខ្មែរ")
	if err != nil {
		t.Fatal(err)
	}
	p, _ := frontmatter.Split("", []byte(src))
	body := p.Body([]byte(src))
	want := `---
# Translation into ខ្មែរ of content/a/fees.en.md. Translate the title, description, summary,
# key_points and the text below; keep {#ids}, links, numbers and the sources as they are.
title: "Fees"
weight: 3
aliases: [/km/old-fees/, /km/costs/]
reviewed: false
source_hash: "` + content.SourceHash(&content.Meta{Title: "Fees"}, body) + `"
---

Intro with a [link](../x.md#top).

## What you pay {#what-you-pay}

Text.

## Who pays {#who}

More.
`
	if string(out) != want {
		t.Errorf("got:\n%s\nwant:\n%s", out, want)
	}
}

func TestStamp(t *testing.T) {
	for _, tt := range []struct{ name, in, want, old string }{
		{"replaces the line only", "---\ntitle: x\nsource_hash: \"aaaa\"  \nreviewed: false\n---\nbody\n",
			"---\ntitle: x\nsource_hash: \"bbbb\"\nreviewed: false\n---\nbody\n", "aaaa"},
		{"keeps CRLF", "---\r\ntitle: x\r\nsource_hash: aaaa\r\n---\r\nbody\r\n",
			"---\r\ntitle: x\r\nsource_hash: \"bbbb\"\r\n---\r\nbody\r\n", "aaaa"},
		{"adds a missing line", "---\ntitle: x\n---\nbody\n", "---\ntitle: x\nsource_hash: \"bbbb\"\n---\nbody\n", ""},
		{"ignores nested keys", "---\nsources:\n  - source_hash: no\nsource_hash: aaaa\n---\n",
			"---\nsources:\n  - source_hash: no\nsource_hash: \"bbbb\"\n---\n", "aaaa"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, old, err := Stamp([]byte(tt.in), "bbbb")
			if err != nil {
				t.Fatal(err)
			}
			if string(out) != tt.want || old != tt.old {
				t.Errorf("got %q (old %q)\nwant %q (old %q)", out, old, tt.want, tt.old)
			}
		})
	}
	if _, _, err := Stamp([]byte("no front matter\n"), "b"); err == nil {
		t.Error("no error for a file without front matter")
	}
}

// FuzzStamp: stamping rewrites only the source_hash line (or adds it at the
// end of the front matter) and keeps every other byte, whatever the line
// endings, byte-order mark or the rest of the front matter.
func FuzzStamp(f *testing.F) {
	for _, s := range []string{src, "---\r\ntitle: A\r\nsource_hash: \"old\"\r\n---\r\nBody\r\n", "\ufeff---\rtitle: A\r---\rB", "---\n---\n", "---\nsource_hash: x\nsource_hash: y\n---\n"} {
		f.Add([]byte(s))
	}
	const hash = "0123456789abcdef"
	f.Fuzz(func(t *testing.T, data []byte) {
		p, bad := frontmatter.Split("f", data)
		out, _, err := Stamp(data, hash)
		if bad != nil || !p.Has {
			if err == nil {
				t.Fatal("stamped a file without front matter")
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		want := `source_hash: "` + hash + `"`
		// Drop the stamped line from out, and the line it replaced (the
		// first top-level source_hash) from data: the rest is the same.
		strip := func(b []byte, match func([]byte) bool) []byte {
			var kept [][]byte
			done := false
			q, _ := frontmatter.Split("f", b)
			off := 0
			for _, l := range frontmatter.Lines(b) {
				inYAML := off >= q.YAMLStart && off < q.YAMLEnd
				if !done && inYAML && match(l) {
					done = true
				} else {
					kept = append(kept, l)
				}
				off += len(l)
			}
			return bytes.Join(kept, nil)
		}
		isHashLine := func(l []byte) bool {
			m := topKeyRE.FindSubmatch(l)
			return m != nil && string(m[1]) == "source_hash"
		}
		a := strip(out, func(l []byte) bool { return string(bytes.TrimRight(l, "\r\n")) == want })
		b := strip(data, isHashLine) // data itself when it had none
		if !bytes.Equal(a, b) {
			t.Fatalf("stamp changed other bytes:\n%q\n%q", data, out)
		}
		if q, bad := frontmatter.Split("f", out); bad != nil || !bytes.Contains(q.YAML(out), []byte(want)) {
			t.Fatalf("stamped file has no %s in its front matter: %q", want, out)
		}
	})
}
