package theme

import (
	"bytes"
	"html/template"
	"testing"
	"testing/fstest"

	"spean/generator/i18n"
)

// queryEscape, put in a URL's query as a URL, reads as html/template's own
// escaping of the string there; so does anchor after a "#".
func TestQueryEscape(t *testing.T) {
	inputs := []string{"", "https://spean.example.org/en/rights/wages/", "https://x/km/សិទ្ធិ/?a=1&b=2#f", "100%", "%41%zz%", "a b+c", `"'<>`, "bad \xff utf-8"}
	for c := range 256 {
		inputs = append(inputs, string([]byte{byte(c)}), "x"+string([]byte{byte(c)})+"y")
	}
	for _, s := range inputs {
		checkQueryEscape(t, s)
	}
}

func FuzzQueryEscape(f *testing.F) {
	for _, s := range []string{"https://spean.example.org/my/ငွေ/", "%2", "%%41", "\x00~-._"} {
		f.Add(s)
	}
	f.Fuzz(checkQueryEscape)
}

var (
	queryTemplate  = template.Must(template.New("").Parse(`<a href="https://wa.me/?text={{.}}">`))
	hashTemplate   = template.Must(template.New("").Parse(`<a href="#{{.}}">`))
	anchorTemplate = template.Must(template.New("").Funcs(funcs(&Theme{}, "en", nil)).Parse(`<a href="{{anchor .}}">`))
)

// checkQueryEscape checks queryEscape in a query, and anchor (the table of
// contents' links), against html/template's escaping of the same string.
func checkQueryEscape(t *testing.T, s string) {
	for _, c := range []struct {
		tpl  *template.Template
		data any
		want *template.Template
	}{
		{queryTemplate, template.URL(queryEscape(s)), queryTemplate},
		{anchorTemplate, s, hashTemplate},
	} {
		var want, got bytes.Buffer
		if err := c.want.Execute(&want, s); err != nil {
			t.Fatal(err)
		}
		if err := c.tpl.Execute(&got, c.data); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%q: got %s, want %s", s, got.String(), want.String())
		}
	}
}

// A UI string with string values is asked of the bundle once for each set
// of them; with a count or another value, every time; either way it says
// what the bundle says.
func TestStringsT(t *testing.T) {
	fsys := fstest.MapFS{
		"i18n/en.yaml": {Data: []byte("share_via: \"Share on {{.App}}\"\ndays: {one: \"{{.Count}} day\", other: \"{{.Count}} days\"}\nof: \"{{.A}} of {{.B}}\"\n")},
	}
	bundle, diags := i18n.Load(fsys, "i18n", []string{"en"}, "en")
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	th := &Theme{bundle: bundle}
	for _, c := range []struct {
		id   string
		args []any
		want string
		kept bool
	}{
		{"share_via", []any{"App", "WhatsApp"}, "Share on WhatsApp", true},
		{"share_via", []any{"App", "LINE"}, "Share on LINE", true},
		{"of", []any{"A", "x", "B", "y"}, "x of y", true},
		{"of", []any{"A", "x\x00B", "B", ""}, "x\x00B of ", true},
		{"days", []any{2}, "", false},
		{"of", []any{"A", 1, "B", "y"}, "", false},
	} {
		s, ok, err := th.stringsT("en", c.id, c.args)
		if err != nil || ok != c.kept || s != c.want {
			t.Errorf("stringsT(%s, %v) = %q, %v, %v; want %q, %v", c.id, c.args, s, ok, err, c.want, c.kept)
		}
	}
	if got := th.withStrings.n.Load(); got != 4 {
		t.Errorf("%d kept, want 4", got)
	}
	// Asked again, the same answers, from what was kept.
	if s, ok, err := th.stringsT("en", "share_via", []any{"App", "WhatsApp"}); s != "Share on WhatsApp" || !ok || err != nil || th.withStrings.n.Load() != 4 {
		t.Errorf("again: %q, %v, %v; %d kept", s, ok, err, th.withStrings.n.Load())
	}
	if _, _, err := th.stringsT("en", "nothing", []any{"A", "b"}); err == nil {
		t.Error("an id the bundle lacks: no error")
	}
}
