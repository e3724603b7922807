package theme

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"testing"
)

// The expressions the scanners of ids.go were, tried at every byte: what
// FuzzThemeIDs holds them to.
var (
	layoutIDRef = regexp.MustCompile(`(?:^|[\s"'}])id="([^"]*)"`)
	getByIDRef  = regexp.MustCompile(`getElementById\(\s*(?:'([^']*)'|"([^"]*)")\s*\)`)
	selectorRef = regexp.MustCompile(`(?:querySelector|querySelectorAll|closest|matches)\(\s*(?:'([^']*)'|"([^"]*)")\s*\)`)
	madeIDRef   = regexp.MustCompile(`(?:\.id\s*=\s*|setAttribute\(\s*['"]id['"]\s*,\s*)(?:'([^']*)'|"([^"]*)")\s*([+]?)`)
)

// FuzzThemeIDs: layoutIDs finds the values layoutIDRef does, and findAll
// the matches of each script expression that FindAllSubmatch finds, in
// any text. Seeded with the shipped theme's layouts and scripts.
func FuzzThemeIDs(f *testing.F) {
	for _, glob := range []string{"layouts/*.html", "layouts/partials/*.html", "static/js/*.js"} {
		files, _ := filepath.Glob(filepath.Join("..", "..", "themes", "default", glob))
		for _, file := range files {
			b, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
	for _, s := range []string{`id="a"id="b"`, `id="a" id="b"`, `x id="a`, `data-id="x" id=""`, "\fid=\"\"", `{{end}}id="z"`,
		`querySelectorAll('#a')closest("#b")`, `el.id = 'x' + y; el.setAttribute("id", "z")`, `.id='a'.id='b'`, `getElementById( "q" )`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var want [][2]int
		for _, m := range layoutIDRef.FindAllSubmatchIndex(b, -1) {
			want = append(want, [2]int{m[2], m[3]})
		}
		if got := layoutIDs(b); !reflect.DeepEqual(got, want) {
			t.Errorf("layoutIDs(%q) = %v, want %v", b, got, want)
		}
		for _, c := range []struct {
			anchored, ref *regexp.Regexp
			starts        []string
		}{{getByIDRE, getByIDRef, getByIDStarts}, {selectorRE, selectorRef, selectorStarts}, {madeIDRE, madeIDRef, madeIDStarts}} {
			if got, want := findAll(c.anchored, b, c.starts), c.ref.FindAllSubmatch(b, -1); !reflect.DeepEqual(got, want) {
				t.Errorf("findAll(%s, %q) = %q, want %q", c.ref, b, got, want)
			}
		}
	})
}
