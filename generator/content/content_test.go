package content

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

var langs = []string{"en", "km"}

func TestParseFile(t *testing.T) {
	for _, c := range []struct {
		path, key, lang, err string
	}{
		{"content/rights/wages.km.md", "rights/wages", "km", ""},
		{"content/rights/_index.en.md", "rights/_index", "en", ""},
		{"content/_index.en.md", "_index", "en", ""},
		{"content/a/b/c.en.md", "a/b/c", "en", ""},
		{"content/rights/wages.md", "", "", `file name "wages.md" has no language suffix (name it wages.en.md`},
		{"content/rights/wages.fr.md", "", "", `language "fr" in file name "wages.fr.md" is not configured (configured: en, km)`},
		{"content/rights/Wages.en.md", "", "", `slug "Wages" must be lowercase`},
		{"content/Rights/wages.en.md", "", "", `folder "Rights" must be lowercase`},
		{"content/_index/wages.en.md", "", "", `folder "_index" must be lowercase`},
		{"content/rights/wages.km.en.md", "", "", `no language suffix`},
		{"themes/x.en.md", "", "", "not a content file"},
	} {
		key, lang, err := ParseFile(c.path, langs)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("ParseFile(%s) = %v, want %q", c.path, err, c.err)
			}
			continue
		}
		if err != nil || key != c.key || lang != c.lang {
			t.Errorf("ParseFile(%s) = %s, %s, %v", c.path, key, lang, err)
		}
		if File(key, lang) != c.path {
			t.Errorf("File(%s, %s) = %s, want %s back", key, lang, File(key, lang), c.path)
		}
	}
}

func TestAliasOutput(t *testing.T) {
	for _, c := range []struct{ alias, out string }{
		{"/en/old/", "en/old/index.html"},
		{"/en/old", "en/old/index.html"},
		{"/en/old.html", "en/old.html"},
		{"/old-name/", "old-name/index.html"},
		{"en/old/", ""},
		{"/en/../x/", ""},
		{"/en//x/", ""},
		{"/en/a?b/", ""},
		{"/en/a#b/", ""},
		{"/en/%2e%2e/", ""},
		{"https://evil.example/", ""},
		{"/en/a\\b/", ""},
		{"/en/\x01/", ""},
		{"/en/./x/", ""},
	} {
		out, err := AliasOutput(c.alias)
		if out != c.out || (err == nil) != (c.out != "") {
			t.Errorf("AliasOutput(%q) = %q, %v; want %q", c.alias, out, err, c.out)
		}
	}
}

func TestLoadFile(t *testing.T) {
	fsys := fstest.MapFS{
		"content/a/ok.en.md":    {Data: []byte("\ufeff---\r\ntitle: OK\r\ncountries: [kh]\r\n---\r\nBody\r\n")},
		"content/a/bad.en.md":   {Data: []byte("---\ntitle: Bad\ncountries: [KH]\nlayout: ../x\nreview_interval: 7\naliases: [/en/a?b/]\n---\n")},
		"content/a/plain.en.md": {Data: []byte("No front matter.\n")},
	}
	src, diags := LoadFile(fsys, "content/a/ok.en.md", langs)
	if len(diags) > 0 || src.Meta.Title != "OK" || string(src.Body) != "Body\n" || src.BodyLine != 5 || src.Section != "a" || src.Slug != "ok" {
		t.Fatalf("ok: %+v %v", src, diags)
	}
	if src.MetaPos["countries"].Line != 3 || src.ValuePos["countries[0]"].Col != 13 {
		t.Errorf("positions %v %v", src.MetaPos, src.ValuePos)
	}
	_, diags = LoadFile(fsys, "content/a/bad.en.md", langs)
	var got []string
	for _, d := range diags {
		got = append(got, d.String())
	}
	want := []string{
		`content/a/bad.en.md:3:13: country "KH" is not one of kh, la, mm (did you mean "kh"?`,
		`content/a/bad.en.md:5:18: review_interval 7 is shorter than 30 days`,
		`content/a/bad.en.md:4:9: layout "../x" is not a layout name`,
		`content/a/bad.en.md:6:11: alias "/en/a?b/":`,
	}
	if len(got) != len(want) {
		t.Fatalf("diagnostics:\n%s", strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("diagnostic %d: %s\nwant prefix %s", i, got[i], want[i])
		}
	}
	if _, diags := LoadFile(fsys, "content/a/plain.en.md", langs); len(diags) != 1 || !strings.Contains(diags[0].String(), "missing title") {
		t.Errorf("a file without front matter: %v", diags)
	}
}

// The hash of a body does not change with line endings or trailing
// blanks, which editors change without a word changing.
func TestBodyHash(t *testing.T) {
	a := BodyHash([]byte("## Pay\n\nText.\n"))
	for _, b := range []string{"## Pay\r\n\r\nText.\r\n", "\n## Pay  \n\nText.\n\n\n"} {
		if h := BodyHash([]byte(b)); h != a {
			t.Errorf("BodyHash(%q) = %s, want %s", b, h, a)
		}
	}
	if BodyHash([]byte("## Pay\n\nOther.\n")) == a {
		t.Error("a changed body kept its hash")
	}
}

// The source_hash covers the text a translation translates: a change to
// the title, description, summary or a key point (what leaflets print)
// changes it as a change to the body does; other fields do not. It is
// not the body's hash alone, which older translations record.
func TestSourceHash(t *testing.T) {
	body := []byte("## Pay\n\nText.\n")
	m := Meta{Title: "Pay", Description: "d", Summary: "300 baht a day.", KeyPoints: []string{"a", "b"}, Weight: 1}
	a := SourceHash(&m, body)
	if a == BodyHash(body) {
		t.Error("SourceHash is the body's hash alone")
	}
	for name, edit := range map[string]func(*Meta){
		"title":       func(m *Meta) { m.Title = "Wages" },
		"description": func(m *Meta) { m.Description = "e" },
		"summary":     func(m *Meta) { m.Summary = "350 baht a day." },
		"key point":   func(m *Meta) { m.KeyPoints[1] = "c" },
		"key points":  func(m *Meta) { m.KeyPoints = append(m.KeyPoints, "c") },
	} {
		c := m
		c.KeyPoints = slices.Clone(m.KeyPoints)
		edit(&c)
		if SourceHash(&c, body) == a {
			t.Errorf("a changed %s leaves the hash as it was", name)
		}
	}
	c := m
	c.Weight, c.Tags = 2, []string{"x"}
	if SourceHash(&c, []byte("## Pay\r\n\nText.  \n\n")) != a {
		t.Error("weight, tags or the body's line ends and trailing spaces changed the hash")
	}
}
