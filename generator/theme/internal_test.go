package theme

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io/fs"
	"slices"
	"testing"
	"testing/fstest"
)

// A layout is found in the override first, then the theme, whether or not
// the folders were listed; a name no file has is not found; a link under
// layouts makes every name looked for again (a listing does not enter it).
func TestFindLayouts(t *testing.T) {
	fsys := fstest.MapFS{
		"themes/site/layouts/rights/page.html":     {Data: []byte("override")},
		"themes/default/layouts/rights/page.html":  {Data: []byte("theme")},
		"themes/default/layouts/page.html":         {Data: []byte("theme")},
		"themes/default/layouts/rights/wages.html": {Data: []byte("own")},
	}
	dirs := []string{"themes/site", "themes/default"}
	files, complete := listLayouts(fsys, dirs)
	if len(files) != 4 || !complete {
		t.Fatalf("listed %v, complete %v", files, complete)
	}
	for _, layouts := range []map[string]bool{layoutIndex(files, complete), nil} {
		th := &Theme{fsys: fsys, dirs: dirs, found: map[string]string{}, layouts: layouts}
		for name, want := range map[string]string{
			"rights/page.html":  "themes/site/layouts/rights/page.html",
			"page.html":         "themes/default/layouts/page.html",
			"rights/wages.html": "themes/default/layouts/rights/wages.html",
			"rights/pay.html":   "",
		} {
			if got, ok := th.find(name); got != want || ok != (want != "") {
				t.Errorf("listed=%v: find(%s) = %q, %v; want %q", layouts != nil, name, got, ok, want)
			}
		}
	}
	fsys["themes/site/layouts/more"] = &fstest.MapFile{Data: []byte("themes/elsewhere"), Mode: 0o777 | fs.ModeSymlink}
	files, complete = listLayouts(fsys, dirs)
	if complete || !slices.Contains(files, "themes/site/layouts/more") || layoutIndex(files, complete) != nil {
		t.Errorf("a link under layouts: listed %v, complete %v; want the link listed (its layout parsed) and every name looked for", files, complete)
	}
}

// escapeXML writes what xml.EscapeText writes, with or without a fast path.
func TestEscapeXML(t *testing.T) {
	for _, s := range []string{"", "https://example.org/kb/en/rights/wages/", "https://x/?a=1&b=<2>", `"q" 'a'`, "https://x/km/សិទ្ធិ/", "tab\there\nline\r", "bad \xff utf-8", "nul \x00", "del \x7f"} {
		var got, want bytes.Buffer
		escapeXML(&got, s)
		_ = xml.EscapeText(&want, []byte(s))
		if got.String() != want.String() {
			t.Errorf("escapeXML(%q) = %q, want %q", s, got.String(), want.String())
		}
	}
}

// sizeUnit rounds up as offline.js's size() does: a link never promises
// less than its download costs.
func TestSizeUnit(t *testing.T) {
	for _, c := range []struct {
		bytes int
		want  string
	}{
		{1, "size_kb=1"},
		{1024, "size_kb=1"},
		{1025, "size_kb=2"},
		{150000, "size_kb=147"},
		{999 * 1024, "size_kb=999"},
		{999*1024 + 1, "size_mb=1.0"},
		{1234567, "size_mb=1.2"},
		{1258292, "size_mb=1.3"},
	} {
		if id, n := sizeUnit(c.bytes); fmt.Sprintf("%s=%v", id, n) != c.want {
			t.Errorf("sizeUnit(%d) = %s, %v; want %s", c.bytes, id, n, c.want)
		}
	}
}
