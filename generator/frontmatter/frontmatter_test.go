package frontmatter

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

type meta struct {
	Title   string    `yaml:"title"`
	Weight  int       `yaml:"weight"`
	Draft   bool      `yaml:"draft"`
	Date    time.Time `yaml:"date"`
	Tags    []string  `yaml:"tags"`
	Sources []struct {
		ID  string `yaml:"id"`
		URL string `yaml:"url"`
	} `yaml:"sources"`
}

func TestSplit(t *testing.T) {
	for _, c := range []struct {
		name, in        string
		has             bool
		yaml, body, eol string
		bodyLine        int
		err             string
	}{
		{name: "none", in: "Body.\n", body: "Body.\n", eol: "\n", bodyLine: 1},
		{name: "lf", in: "---\ntitle: A\n---\nBody.\n", has: true, yaml: "title: A\n", body: "Body.\n", eol: "\n", bodyLine: 4},
		{name: "crlf", in: "---\r\ntitle: A\r\n---\r\nBody.\r\n", has: true, yaml: "title: A\r\n", body: "Body.\r\n", eol: "\r\n", bodyLine: 4},
		{name: "cr", in: "---\rtitle: A\r---\rBody.\r", has: true, yaml: "title: A\r", body: "Body.\r", eol: "\r", bodyLine: 4},
		{name: "bom", in: "\ufeff---\ntitle: A\n---\nB", has: true, yaml: "title: A\n", body: "B", eol: "\n", bodyLine: 4},
		{name: "trailing blanks on delimiters", in: "--- \ntitle: A\n---\t\nB", has: true, yaml: "title: A\n", body: "B", eol: "\n", bodyLine: 4},
		{name: "empty front matter", in: "---\n---\nB", has: true, yaml: "", body: "B", eol: "\n", bodyLine: 3},
		{name: "no body", in: "---\ntitle: A\n---", has: true, yaml: "title: A\n", body: "", eol: "\n", bodyLine: 4},
		{name: "a thematic break alone", in: "---", body: "---", eol: "\n", bodyLine: 1},
		{name: "unclosed", in: "---\ntitle: A\n\nBody\n", err: "f:1:1: front matter is not closed"},
	} {
		p, bad := Split("f", []byte(c.in))
		if c.err != "" {
			if bad == nil || !strings.HasPrefix(bad[0].String(), c.err) {
				t.Errorf("%s: %v, want %s", c.name, bad, c.err)
			}
			continue
		}
		data := []byte(c.in)
		if bad != nil || p.Has != c.has || string(p.YAML(data)) != c.yaml || string(p.Body(data)) != c.body || p.EOL != c.eol || p.BodyLine != c.bodyLine {
			t.Errorf("%s: %+v %v: yaml %q body %q", c.name, p, bad, p.YAML(data), p.Body(data))
		}
	}
}

func TestDecodePositions(t *testing.T) {
	data := []byte("---\r\ntitle: A\r\ntags: [a, b]\r\nweight: x\r\n---\r\nBody\r\n")
	p, _ := Split("f.md", data)
	var m meta
	fields, diags := Decode("f.md", data, p, &m)
	if len(diags) != 1 || diags[0].String() != `f.md:4:9: weight: expected a whole number, found "x"` {
		t.Fatalf("diags %v", diags)
	}
	if fields.Keys["tags"].Line != 3 || fields.Values["tags[1]"].Col != 11 {
		t.Errorf("fields %+v", fields)
	}
}

// FuzzSplit: Split never panics; its offsets are ordered and inside the
// input; the lines rebuild the input; decoding reports positions inside
// the file.
func FuzzSplit(f *testing.F) {
	for _, s := range []string{"---\ntitle: A\n---\nBody\n", "---\r\ntitle: [a\r\n---\r\n", "\ufeff---\rdraft: yes\r---\r", "---\n---\n", "---", "", "---\ntitle: 'x\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !bytes.Equal(bytes.Join(Lines(data), nil), data) {
			t.Fatal("lines do not rebuild the input")
		}
		p, bad := Split("f.md", data)
		if bad != nil {
			if bad[0].Pos.Line != 1 {
				t.Fatalf("unclosed front matter reported at %v", bad[0].Pos)
			}
			return
		}
		if p.BodyStart < 0 || p.BodyStart > len(data) || (p.Has && !(p.YAMLStart <= p.YAMLEnd && p.YAMLEnd <= p.BodyStart)) {
			t.Fatalf("offsets %+v outside %d bytes", p, len(data))
		}
		lines := len(Lines(data)) + 1
		if p.BodyLine < 1 || p.BodyLine > lines {
			t.Fatalf("body line %d of %d", p.BodyLine, lines)
		}
		var m meta
		fields, diags := Decode("f.md", data, p, &m)
		for _, d := range diags {
			if d.Pos.Line < 1 || d.Pos.Line > lines {
				t.Fatalf("diagnostic at %v outside %d lines: %v", d.Pos, lines, d)
			}
		}
		for k, pos := range fields.Values {
			if pos.Line < 1 || pos.Line > lines {
				t.Fatalf("value %s at %v outside %d lines", k, pos, lines)
			}
		}
	})
}
