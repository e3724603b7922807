package theme

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"spean/generator/config"
	"spean/generator/diag"
)

// IDs are the ids the theme gives elements of its own: every fixed
// id="…" in a layout (the footer's id="offline", the share box's
// id="share"), and every id a script of the theme looks up or makes
// (getElementById("update-now")). Each maps to what uses it, for a
// message: "<section class="offline"> in
// themes/default/layouts/partials/offline.html:6, which js/offline.js
// looks up".
//
// A heading of the content may not have one of them. Two elements with one
// id are invalid HTML, and the browser, the theme's links (#main) and its
// scripts find the first: a heading before the footer took the button
// that saves the language for reading offline, and the share box's
// script crashed on a heading. The markdown stage is given these ids
// (markdown.Options.ReservedIDs) and keeps headings off them.
//
// The layouts are the one owner of the list: it is read from them, the
// site's override folder's copy of a file in place of the theme's, so a
// layout that gains an id reserves it with no list to keep up. An id made
// from data (id="lg-{{$i}}", 'suggested-' + code) cannot be reserved; the
// layouts that make them show no content (leaflets.html, chooser.html),
// which a test of the shipped theme keeps so. A file that cannot be read
// is left out: New reports it.
func IDs(fsys fs.FS, cfg *config.Config) map[string]string {
	dirs := Dirs(cfg)
	elements := map[string]string{} // id → the element of the first layout that has it
	for _, file := range themeFiles(fsys, dirs, "layouts", ".html") {
		b, err := fs.ReadFile(fsys, file)
		if err != nil {
			continue
		}
		for _, m := range layoutIDs(b) {
			id := string(b[m[0]:m[1]])
			if id == "" || strings.Contains(id, "{{") || elements[id] != "" {
				continue
			}
			at := diag.OffsetPos(file, b, m[0], 1)
			at.Col = 0 // the line is enough, and a second file:line:col in a message misleads tools
			elements[id] = fmt.Sprintf("%s in %s", element(b, m[0]), at)
		}
	}
	scripts := map[string][]string{} // id → the scripts that look it up
	made := map[string][]string{}    // id → the scripts that make an element with it
	for _, file := range themeFiles(fsys, dirs, "static", ".js") {
		b, err := fs.ReadFile(fsys, file)
		if err != nil {
			continue
		}
		name := staticName(file, dirs)
		for _, id := range lookedUp(b) {
			if !slices.Contains(scripts[id], name) {
				scripts[id] = append(scripts[id], name)
			}
		}
		for _, id := range madeIDs(b) {
			if !slices.Contains(made[id], name) {
				made[id] = append(made[id], name)
			}
		}
	}
	ids := make(map[string]string, len(elements)+len(made))
	for id, el := range elements {
		ids[id] = el
	}
	for id, names := range made {
		if ids[id] == "" {
			ids[id] = "an element " + verb(names, "makes", "make")
		}
	}
	for id, names := range scripts {
		if ids[id] == "" {
			ids[id] = "an element " + verb(names, "looks up", "look up")
			continue
		}
		ids[id] += ", which " + verb(names, "looks up", "look up")
	}
	return ids
}

// verb is "js/a.js looks up" or "js/a.js and js/b.js look up".
func verb(names []string, one, many string) string {
	if len(names) == 1 {
		return names[0] + " " + one
	}
	return strings.Join(names, " and ") + " " + many
}

// themeFiles lists the files under folder (layouts, static) of the theme
// folders dirs whose name ends in ext, the first folder's copy of a name
// winning, as Theme.find chooses a layout.
func themeFiles(fsys fs.FS, dirs []string, folder, ext string) []string {
	var files []string
	seen := map[string]bool{}
	for _, dir := range dirs {
		root := path.Join(dir, folder)
		_ = fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ext) {
				return nil
			}
			if rel := strings.TrimPrefix(p, root+"/"); !seen[rel] {
				seen[rel] = true
				files = append(files, p)
			}
			return nil
		})
	}
	return files
}

// staticName is a static file's name as the site publishes it
// (js/offline.js).
func staticName(file string, dirs []string) string {
	for _, dir := range dirs {
		if rel, ok := strings.CutPrefix(file, path.Join(dir, "static")+"/"); ok {
			return rel
		}
	}
	return file
}

// layoutIDs finds the id attributes of a layout: id="…" at the start or
// after a space, a quote or a template action ({{end}} id="…"), never
// data-id="…"; the offsets of each value. Every build reads the layouts
// for them, and the regular expression this was, (?:^|[\s"'}])id="([^"]*)",
// which Go tries at every byte, cost a millisecond of it; its matches are
// these (FuzzThemeIDs holds them to it).
func layoutIDs(b []byte) [][2]int {
	var out [][2]int
	last := 0 // the end of the last match: its bytes are not another's
	for from := 0; ; {
		i := bytes.Index(b[from:], []byte(`id="`))
		if i < 0 {
			return out
		}
		at := from + i
		from = at + 1
		if at > 0 && (at-1 < last || !strings.ContainsRune(" \t\n\f\r\"'}", rune(b[at-1]))) {
			continue
		}
		end := bytes.IndexByte(b[at+4:], '"')
		if end < 0 {
			return out
		}
		out = append(out, [2]int{at + 4, at + 4 + end})
		last = at + 4 + end + 1
		from = last
	}
}

// tagNameRE and classRE read the element an id is on.
var (
	tagNameRE = regexp.MustCompile(`^<([a-zA-Z][a-zA-Z0-9-]*)`)
	classRE   = regexp.MustCompile(`\sclass="([^"{]*)"`)
)

// element describes the element whose start tag holds the offset at:
// <section class="offline">, or <h2>.
func element(b []byte, at int) string {
	start := bytes.LastIndexByte(b[:at], '<')
	if start < 0 {
		return "an element"
	}
	tag := b[start:]
	if end := bytes.IndexByte(tag, '>'); end >= 0 {
		tag = tag[:end+1]
	}
	name := tagNameRE.FindSubmatch(tag)
	if name == nil {
		return "an element"
	}
	if c := classRE.FindSubmatch(tag); c != nil && len(c[1]) > 0 {
		return fmt.Sprintf(`<%s class="%s">`, name[1], c[1])
	}
	return fmt.Sprintf("<%s>", name[1])
}

// The ids a script looks up: getElementById("x"), and #x in a selector
// (querySelector('ol#search-all > li'), closest, matches). An id put
// together ('suggested-' + code) is not one.
//
// Each expression is anchored (^) and tried only where one of the words
// its matches begin with stands (findAll): Go tries an expression that
// begins with a choice of words at every byte, which cost 4 ms of every
// build for the theme's scripts.
var (
	getByIDRE  = regexp.MustCompile(`^getElementById\(\s*(?:'([^']*)'|"([^"]*)")\s*\)`)
	selectorRE = regexp.MustCompile(`^(?:querySelector|querySelectorAll|closest|matches)\(\s*(?:'([^']*)'|"([^"]*)")\s*\)`)
	selIDRE    = regexp.MustCompile(`#([A-Za-z_][A-Za-z0-9_-]*)`)
	madeIDRE   = regexp.MustCompile(`^(?:\.id\s*=\s*|setAttribute\(\s*['"]id['"]\s*,\s*)(?:'([^']*)'|"([^"]*)")\s*([+]?)`)
)

// The words the matches of getByIDRE, selectorRE and madeIDRE begin with.
var (
	getByIDStarts  = []string{"getElementById("}
	selectorStarts = []string{"querySelector", "closest(", "matches("}
	madeIDStarts   = []string{".id", "setAttribute("}
)

// findAll is re.FindAllSubmatch(b, -1) for re without its ^ (the same
// matches, left to right, none overlapping), where every match begins with
// one of starts: re is tried only where one does.
func findAll(re *regexp.Regexp, b []byte, starts []string) [][][]byte {
	var out [][][]byte
	for from := 0; from < len(b); {
		at := -1
		for _, w := range starts {
			if i := bytes.Index(b[from:], []byte(w)); i >= 0 && (at < 0 || from+i < at) {
				at = from + i
			}
		}
		if at < 0 {
			break
		}
		m := re.FindSubmatch(b[at:])
		if m == nil {
			from = at + 1
			continue
		}
		out = append(out, m)
		from = at + max(len(m[0]), 1)
	}
	return out
}

// lookedUp are the ids a script looks up.
func lookedUp(b []byte) []string {
	var ids []string
	for _, m := range findAll(getByIDRE, b, getByIDStarts) {
		ids = append(ids, string(m[1])+string(m[2]))
	}
	for _, m := range findAll(selectorRE, b, selectorStarts) {
		for _, id := range selIDRE.FindAllStringSubmatch(string(m[1])+string(m[2]), -1) {
			ids = append(ids, id[1])
		}
	}
	return ids
}

// madeIDs are the ids a script gives elements it makes (el.id = "x"),
// but not one put together ('suggested-' + code).
func madeIDs(b []byte) []string {
	var ids []string
	for _, m := range findAll(madeIDRE, b, madeIDStarts) {
		if id := string(m[1]) + string(m[2]); id != "" && len(m[3]) == 0 {
			ids = append(ids, id)
		}
	}
	return ids
}
