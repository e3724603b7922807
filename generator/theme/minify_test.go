package theme_test

import (
	"strings"
	"testing"

	"spean/generator/theme"
)

// TestMinify: the scripts and stylesheets published lose their comments,
// spaces and local names, and keep the globals other scripts and the
// tests call; other files come through as they are.
func TestMinify(t *testing.T) {
	cases := []struct {
		name, in   string
		gone, kept []string
	}{
		{"js/search.js",
			"/* header\n   more */\n(function () {\n  // why\n  var url = 'http://x'; // after code\n  window.SpeanSearch = { run: function (query) { return url + query; } };\n})();\n",
			[]string{"header", "why", "after code", "query", "url"},
			[]string{"window.SpeanSearch", "run:", "http://x"}},
		{"css/print.css",
			"/* why */\n@media print {\n  .site-header ,\n  .share { display : none ; }\n}\n",
			[]string{"why", "  ", " ,", " ;"},
			[]string{"@media print{", ".site-header,.share{display:none}"}},
		{"fonts/OFL.txt", "/* kept */  as  it is\n", nil, []string{"/* kept */  as  it is\n"}},
	}
	for _, c := range cases {
		got, err := theme.Minify(c.name, []byte(c.in))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		for _, gone := range c.gone {
			if strings.Contains(string(got), gone) {
				t.Errorf("%s: minified still holds %q:\n%s", c.name, gone, got)
			}
		}
		for _, kept := range c.kept {
			if !strings.Contains(string(got), kept) {
				t.Errorf("%s: minified lost %q:\n%s", c.name, kept, got)
			}
		}
	}
	if _, err := theme.Minify("js/broken.js", []byte("function (")); err == nil {
		t.Error("a broken script minified without an error")
	}
}
