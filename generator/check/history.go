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

// findVersion returns the body of file (a path relative to dir) as it was
// in the newest commit whose body hash is hash. It asks git and reports
// false when dir is not a work tree, git is missing, the history is too
// shallow to hold that version, or the hash never occurred.
func findVersion(ctx context.Context, dir, file, hash string) ([]byte, bool) {
	out, err := exec.CommandContext(ctx, "git", "-C", dir, "log", "-n", strconv.Itoa(maxCommits), "--format=%H", "--", file).Output()
	if err != nil {
		return nil, false
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
		if body, ok := bodyOf(data); ok && content.BodyHash(body) == hash {
			return body, true
		}
	}
	return nil, false
}

// bodyOf returns what follows the front matter of a markdown file, as the
// build reads it (frontmatter.Split, paths.Text).
func bodyOf(data []byte) ([]byte, bool) {
	text, diags := paths.Text("", data)
	if diags.HasErrors() {
		return nil, false
	}
	p, bad := frontmatter.Split("", text)
	if bad != nil {
		return nil, false
	}
	return p.Body(text), true
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
