package check

import (
	"bufio"
	"bytes"
	"context"
	"os/exec"
	"strconv"
	"strings"

	"spean/generator/content"
	"spean/generator/frontmatter"
	"spean/generator/markdown"
	"spean/generator/paths"
)

// maxCommits bounds how far back findVersion looks, so a page with a long
// history cannot make check slow; translations older than that are still
// reported as outdated, only without the list of sections.
const maxCommits = 500

// findVersion returns file (a path relative to dir) as it was in the
// newest commit whose source_hash is hash: content.SourceHash of its front
// matter and body, or, as an older Spean recorded it, BodyHash of its body
// alone (then only the body is known to be that version's: fields is
// false). It asks git and reports false when dir is not a work tree, git
// is missing, the history is too shallow to hold that version, or the
// hash never occurred.
func findVersion(ctx context.Context, dir, file, hash string) (v oldVersion, ok bool) {
	out, err := exec.CommandContext(ctx, "git", "-C", dir, "log", "-n", strconv.Itoa(maxCommits), "--format=%H", "--", file).Output()
	if err != nil {
		return v, false
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		commit := strings.TrimSpace(sc.Text())
		if commit == "" {
			continue
		}
		// "./" makes the path relative to dir rather than to the top of
		// the work tree, which may be above the site folder.
		data, err := exec.CommandContext(ctx, "git", "-C", dir, "show", commit+":./"+file).Output()
		if err != nil {
			continue
		}
		v, ok := versionOf(data)
		switch {
		case !ok:
		case v.fields && content.SourceHash(&v.meta, v.body) == hash:
			return v, true
		case content.BodyHash(v.body) == hash:
			v.fields = false
			return v, true
		}
	}
	return v, false
}

// oldVersion is a source page as an earlier commit had it: its body, and
// its front matter when fields is set.
type oldVersion struct {
	meta   content.Meta
	body   []byte
	fields bool
}

// versionOf reads a markdown file as the build reads it (paths.Text,
// frontmatter.Split and Decode); fields is false when its front matter no
// longer decodes (a field since renamed).
func versionOf(data []byte) (oldVersion, bool) {
	text, diags := paths.Text("", data)
	if diags.HasErrors() {
		return oldVersion{}, false
	}
	p, bad := frontmatter.Split("", text)
	if bad != nil {
		return oldVersion{}, false
	}
	v := oldVersion{body: p.Body(text)}
	_, dd := frontmatter.Decode("", text, p, &v.meta)
	v.fields = !dd.HasErrors()
	return v, true
}

// changedFields names the text fields of the front matter that differ
// between an old version and the source now, in the order of the file.
func changedFields(old, cur *content.Meta) []string {
	var out []string
	for _, f := range []struct {
		name     string
		old, cur string
	}{
		{"title", old.Title, cur.Title},
		{"description", old.Description, cur.Description},
		{"summary", old.Summary, cur.Summary},
		{"key_points", strings.Join(old.KeyPoints, "\n"), strings.Join(cur.KeyPoints, "\n")},
	} {
		if f.old != f.cur {
			out = append(out, f.name)
		}
	}
	return out
}

// section is the text under one heading, up to the next heading of any
// level; the text before the first heading is the section with Title "".
type section struct {
	Key, Title string
	Text       string
}

// sections splits a markdown body at its headings, as the markdown parser
// finds them (fenced code, setext headings and all). A section is keyed by
// its heading's explicit id when it has one, so a reworded heading is
// "changed", not "removed" and "added"; otherwise by its text.
func sections(body []byte) []section {
	doc := markdown.New(markdown.Options{}).Parse("", body, 1, "")
	lines := strings.Split(string(body), "\n")
	var out []section
	cur, from := section{}, 0
	flush := func(to int) {
		var text strings.Builder
		for _, l := range lines[from:min(to, len(lines))] {
			text.WriteString(strings.TrimRight(l, " \t"))
			text.WriteByte('\n')
		}
		cur.Text = strings.TrimSpace(text.String())
		out = append(out, cur)
	}
	for _, h := range doc.Headings {
		line := h.Pos.Line - 1
		flush(line)
		cur = section{Key: h.Text, Title: h.Text}
		if h.Explicit {
			cur.Key = "#" + h.ID
		}
		// A setext heading's text is the line above its underline.
		from = line + 1
		if t := strings.TrimSpace(lines[min(line+1, len(lines)-1)]); line+1 < len(lines) && t != "" && strings.Trim(t, "=-") == "" {
			from = line + 2
		}
	}
	flush(len(lines))
	if len(out) > 0 && out[0].Title == "" && out[0].Text == "" {
		out = out[1:]
	}
	return out
}

// sectionChange is one section that differs between two versions.
type sectionChange struct {
	Title string
	// Kind is "changed", "new" or "removed".
	Kind string
}

// diffSections lists the sections of the new body that differ from the old
// one, in the new body's order, then the sections that were removed.
func diffSections(old, cur []byte) []sectionChange {
	before := map[string]section{}
	for _, s := range sections(old) {
		before[s.Key] = s
	}
	var ch []sectionChange
	seen := map[string]bool{}
	for _, s := range sections(cur) {
		seen[s.Key] = true
		title := s.Title
		if title == "" {
			title = "(text before the first heading)"
		}
		o, ok := before[s.Key]
		switch {
		case !ok:
			ch = append(ch, sectionChange{title, "new"})
		case o.Text != s.Text || o.Title != s.Title:
			ch = append(ch, sectionChange{title, "changed"})
		}
	}
	for _, s := range sections(old) {
		if !seen[s.Key] {
			title := s.Title
			if title == "" {
				title = "(text before the first heading)"
			}
			ch = append(ch, sectionChange{title, "removed"})
		}
	}
	return ch
}
