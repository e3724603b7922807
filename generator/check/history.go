package check

import (
	"bufio"
	"bytes"
	"context"
	"os/exec"
	"regexp"
	"strconv"
	"strings"

	"spean/generator/content"
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

// bodyOf returns what follows the front matter of a markdown file.
func bodyOf(data []byte) ([]byte, bool) {
	fm, ok := splitFile(data)
	if !ok {
		return nil, false
	}
	return data[fm.bodyStart:], true
}

// fileParts locates the front matter of a markdown file: the lines between
// the opening and closing --- lines.
type fileParts struct {
	// fmStart and fmEnd are byte offsets of the front matter's text;
	// bodyStart is the offset after the closing --- line.
	fmStart, fmEnd, bodyStart int
	// has is false for a file with no front matter.
	has bool
}

// splitFile finds the front matter the way content.Load does: a first line
// of ---, up to the next line of --- (trailing spaces allowed), after an
// optional byte-order mark.
func splitFile(data []byte) (fileParts, bool) {
	start := 0
	if bytes.HasPrefix(data, []byte("\ufeff")) {
		start = 3
	}
	rest := data[start:]
	if !bytes.HasPrefix(rest, []byte("---\n")) && !bytes.HasPrefix(rest, []byte("---\r\n")) {
		return fileParts{bodyStart: start}, true
	}
	off := start + bytes.IndexByte(rest, '\n') + 1
	fmStart := off
	for off < len(data) {
		end := bytes.IndexByte(data[off:], '\n')
		next := len(data)
		if end >= 0 {
			next = off + end + 1
		}
		if string(bytes.TrimRight(data[off:next], "\r\n \t")) == "---" {
			return fileParts{fmStart: fmStart, fmEnd: off, bodyStart: next, has: true}, true
		}
		off = next
	}
	return fileParts{}, false
}

// section is the text under one heading, up to the next heading of any
// level; the text before the first heading is the section with Title "".
type section struct {
	Key, Title string
	Text       string
}

var (
	atxRE      = regexp.MustCompile(`^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$`)
	closingRE  = regexp.MustCompile(`[ \t]+#+$`)
	explicitRE = regexp.MustCompile(`[ \t]*\{#([^}\s]+)\}$`)
	fenceRE    = regexp.MustCompile("^ {0,3}(`{3,}|~{3,})")
)

// sections splits a markdown body at its ATX headings, skipping fenced code.
// A section is keyed by its explicit id when it has one, so a reworded
// heading is "changed", not "removed" and "added"; otherwise by its text.
// Setext headings are not split on: Spean's content uses ATX headings.
func sections(body []byte) []section {
	norm := strings.ReplaceAll(string(body), "\r\n", "\n")
	var (
		out   []section
		cur   = section{}
		text  strings.Builder
		fence string
	)
	flush := func() {
		cur.Text = strings.TrimSpace(text.String())
		out = append(out, cur)
		text.Reset()
	}
	for _, line := range strings.Split(norm, "\n") {
		if m := fenceRE.FindStringSubmatch(line); m != nil {
			switch {
			case fence == "":
				fence = m[1]
			case strings.HasPrefix(m[1], fence[:1]) && len(m[1]) >= len(fence):
				fence = ""
			}
		}
		if fence == "" {
			if m := atxRE.FindStringSubmatch(line); m != nil {
				flush()
				title := closingRE.ReplaceAllString(m[2], "")
				key := title
				if id := explicitRE.FindStringSubmatch(title); id != nil {
					key = "#" + id[1]
					title = strings.TrimSpace(title[:len(title)-len(id[0])])
				}
				cur = section{Key: key, Title: title}
				continue
			}
		}
		text.WriteString(strings.TrimRight(line, " \t"))
		text.WriteByte('\n')
	}
	flush()
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
