package check

import (
	"fmt"
	"go/scanner"
	"go/token"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"

	"spean/generator/config"
	"spean/generator/diag"
	"spean/generator/i18n"
	"spean/generator/theme"
)

// DynamicPrefixes are prefixes of UI string ids that code builds at run
// time, so no layout names them in full: callout_<kind> labels the
// callouts (build.Load, from the [!KIND] a writer chose), lang_<code>
// names a language (the fallback notice) and status_<state> a translation
// state (the status command's Markdown). An id with one of these prefixes
// is never reported unused. Prefixes found in the theme ((print "x_" …))
// and in the generator's Go source ("x_" + …) are recognised as well; this
// list is for sites checked without the generator's source beside them.
var DynamicPrefixes = []string{"callout_", "lang_", "status_"}

// CodeIDs are UI string ids the generator's Go code uses in full (the
// hotline block's labels, in build.Load; the status command's heading). Like DynamicPrefixes, the list
// is for sites checked without the generator's source beside them; a test
// keeps it in step with the source.
var CodeIDs = []string{"call", "hours", "languages", "in_thailand", "in_cambodia", "in_laos", "in_myanmar", "status_changed"}

var (
	// T "id" … and TL <lang> "id" … in a layout, and .Plurals "id" or
	// plurals "id" (every plural form, for a script that counts on the
	// phone).
	tRE  = regexp.MustCompile(`\bT\s+"([^"\\]+)"`)
	tlRE = regexp.MustCompile(`\bTL\s+(?:"[^"]*"|[^\s"()]+)\s+"([^"\\]+)"`)
	plRE = regexp.MustCompile(`(?:\.Plurals|\bplurals)\s+"([^"\\]+)"`)
	// (print "lang_" .Code): an id built in the layout.
	printRE = regexp.MustCompile(`\bprint\s+"([^"\\]+)"`)
)

// unusedStrings reports UI strings of the source language that nothing
// uses: no layout of the theme names them, no Go code of the generator
// names them and they have none of the dynamic prefixes. An unused string
// still costs every translator time.
func unusedStrings(fsys fs.FS, cfg *config.Config, b *i18n.Bundle) diag.List {
	var diags diag.List
	if b == nil {
		return nil
	}
	used, prefixes := map[string]bool{}, append([]string(nil), DynamicPrefixes...)
	for _, id := range CodeIDs {
		used[id] = true
	}
	for _, dir := range theme.Dirs(cfg) {
		_ = fs.WalkDir(fsys, path.Join(dir, "layouts"), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
				return nil
			}
			data, err := fs.ReadFile(fsys, p)
			if err != nil {
				return nil
			}
			for _, re := range []*regexp.Regexp{tRE, tlRE, plRE} {
				for _, m := range re.FindAllStringSubmatch(string(data), -1) {
					used[m[1]] = true
				}
			}
			for _, m := range printRE.FindAllStringSubmatch(string(data), -1) {
				prefixes = append(prefixes, m[1])
			}
			return nil
		})
	}
	goIDs, goPrefixes := goLiterals(fsys, "generator")
	prefixes = append(prefixes, goPrefixes...)
	for id := range goIDs {
		used[id] = true
	}
	for _, id := range b.IDs(cfg.SourceLanguage) {
		if used[id] || hasAnyPrefix(id, prefixes) {
			continue
		}
		pos, ok := b.IDPos[id]
		if !ok {
			pos = diag.Pos{File: b.Files[cfg.SourceLanguage]}
		}
		diags.Add(diag.Diagnostic{Pos: pos, Severity: diag.Warning, Code: "i18n-unused",
			Message: fmt.Sprintf("UI string %q is not used by any layout of the theme", id),
			Hint:    "remove it from every i18n file, or use it with {{T \"" + id + "\"}}"})
	}
	return diags
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if p != "" && strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// goLiterals collects the string literals of the non-test Go files under
// dir: each is a possible UI string id, and a literal followed by + is a
// possible id prefix ("callout_" + kind). Tokens, not regexps, so comments
// and backquoted text are told apart from code.
func goLiterals(fsys fs.FS, dir string) (ids map[string]bool, prefixes []string) {
	ids = map[string]bool{}
	_ = fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil
		}
		fset := token.NewFileSet()
		var sc scanner.Scanner
		sc.Init(fset.AddFile(p, -1, len(src)), src, nil, 0)
		prev := ""
		for {
			_, tok, lit := sc.Scan()
			if tok == token.EOF {
				break
			}
			if tok == token.ADD && prev != "" {
				prefixes = append(prefixes, prev)
			}
			prev = ""
			if tok == token.STRING {
				if s, err := strconv.Unquote(lit); err == nil {
					ids[s] = true
					prev = s
				}
			}
		}
		return nil
	})
	return ids, prefixes
}
