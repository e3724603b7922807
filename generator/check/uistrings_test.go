package check

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"spean/generator/i18n"
)

// repoRoot is the module root, two folders above this package.
func repoRoot(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(wd, "..", "..")
}

// CodeIDs and DynamicPrefixes must cover every UI string the generator's
// Go code uses and no layout names, or a site checked without the source
// beside it would be told those strings are unused.
func TestCodeIDsCoverTheGenerator(t *testing.T) {
	root := os.DirFS(repoRoot(t))
	b, diags := i18n.Load(root, "i18n", []string{"en"}, "en")
	if b == nil || diags.HasErrors() {
		t.Fatalf("load i18n: %v", diags)
	}
	ids, prefixes := goLiterals(root, "generator")
	layouts := map[string]bool{}
	_ = filepath.WalkDir(filepath.Join(repoRoot(t), "themes"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			data, _ := os.ReadFile(p)
			for _, m := range tRE.FindAllStringSubmatch(string(data), -1) {
				layouts[m[1]] = true
			}
			for _, m := range tlRE.FindAllStringSubmatch(string(data), -1) {
				layouts[m[1]] = true
			}
		}
		return nil
	})
	for _, id := range b.IDs("en") {
		if !ids[id] || layouts[id] || slices.Contains(CodeIDs, id) || hasAnyPrefix(id, DynamicPrefixes) {
			continue
		}
		// A Go literal equal to an id may be a coincidence ("next" as a
		// word); only ids passed to a translation function matter, and
		// that is what the list documents. Report so a human decides.
		t.Logf("i18n id %q appears as a Go string literal but is not in CodeIDs; add it if Go code translates it", id)
	}
	for _, p := range prefixes {
		if !strings.HasSuffix(p, "_") {
			continue // ids are snake_case: only "x_" + … builds one
		}
		for _, id := range b.IDs("en") {
			if strings.HasPrefix(id, p) && !layouts[id] && !slices.Contains(CodeIDs, id) && !hasAnyPrefix(id, DynamicPrefixes) {
				t.Errorf("i18n id %q is built from the Go prefix %q but the prefix is not in DynamicPrefixes", id, p)
			}
		}
	}
	for _, id := range CodeIDs {
		if !ids[id] {
			t.Errorf("CodeIDs lists %q, which no Go code of the generator names", id)
		}
	}
}
