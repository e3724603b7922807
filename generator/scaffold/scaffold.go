// Package scaffold writes the starting points of content files: a new
// source page with every front-matter field (NewPage), a translation
// skeleton made from the current source page (Translate), and the stamp
// that records a translation is up to date with its source (Stamp).
//
// In go the bytes of existing files and out come the bytes of new ones;
// the CLI decides where they are read and written.
package scaffold

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"strings"
	"time"

	"spean/generator/content"
	"spean/generator/markdown"
)

// Key checks a page key given on the command line ("rights/wages",
// "rights/_index") and returns it cleaned.
func Key(arg string) (string, error) {
	k := strings.Trim(path.Clean(strings.TrimSuffix(arg, ".md")), "/")
	if k == "." || k == "" || strings.HasPrefix(k, "..") {
		return "", fmt.Errorf("page %q: want <section>/<slug>, like rights/minimum-wage", arg)
	}
	for _, part := range strings.Split(k, "/") {
		if !slugRE.MatchString(part) {
			return "", fmt.Errorf("page %q: %q must be lowercase ASCII letters, digits and hyphens (or _index), so URLs are the same in every language", arg, part)
		}
	}
	return k, nil
}

var slugRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$|^_index$`)

// File is the content file of key in lang, from the site root.
func File(key, lang string) string { return "content/" + key + "." + lang + ".md" }

// NewPage is a new source page for key. Every field of the content format
// is there, so a writer fills in rather than looks up. The page starts as
// a draft with no sources and no review date: check reports those until
// the writer has done the work, instead of a placeholder hiding it.
func NewPage(key string, today time.Time) []byte {
	slug := path.Base(key)
	title := slug
	if slug == "_index" {
		title = path.Base(path.Dir(key))
	}
	title = strings.ReplaceAll(title, "-", " ")
	if title != "" {
		title = strings.ToUpper(title[:1]) + title[1:]
	}
	d := today.Format(time.DateOnly)
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %q\n", title)
	b.WriteString(`# One sentence for search results.
description: ""
`)
	if slug != "_index" {
		b.WriteString(`# The "In short" paragraph at the top of the page and on the leaflet.
summary: ""
# 3 to 6 short points or steps, printed on the leaflet.
key_points: []
`)
	}
	b.WriteString(`# Order within the section, smaller first.
weight: 0
`)
	fmt.Fprintf(&b, "date: %s\nlastmod: %s\n", d, d)
	b.WriteString(`# Not published until you set draft: false.
draft: true
tags: []
# Old addresses that should redirect here, like /en/old-name/.
aliases: []
`)
	if slug != "_index" {
		b.WriteString(`# Origin countries the page applies to: kh, la, mm. Empty = all.
countries: []
# The day you last checked every fact against its source (YYYY-MM-DD).
last_reviewed:
# Days its facts stay trusted after last_reviewed, if not its section's
# (review_interval on the section's _index) or config.yaml's: shorter for
# registration windows and fees, longer for settled law.
# review_interval: 90
# One entry per source in facts.md:
#   - {id: B18, title: "...", org: "...", year: "2025", url: "https://..."}
sources: []
`)
	}
	b.WriteString("---\n\n")
	if slug != "_index" {
		b.WriteString("Write the page here. Give every heading other pages link to an id: `## Fees {#fees}`.\n")
	}
	return []byte(b.String())
}

// parts locates a file's front matter: the lines between the first two
// --- lines.
type parts struct {
	// fmStart, fmEnd: byte offsets of the front matter's text; bodyStart:
	// after the closing --- line.
	fmStart, fmEnd, bodyStart int
}

// Body is what follows the front matter, as content.Load reads it: the
// text source_hash is computed over.
func Body(data []byte) ([]byte, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !bytes.HasPrefix(data, []byte("---\n")) && !bytes.HasPrefix(data, []byte("---\r\n")) {
		return data, nil
	}
	p, err := split(data)
	if err != nil {
		return nil, err
	}
	return data[p.bodyStart:], nil
}

func split(data []byte) (parts, error) {
	if !bytes.HasPrefix(data, []byte("---\n")) && !bytes.HasPrefix(data, []byte("---\r\n")) {
		return parts{}, fmt.Errorf("no front matter (the file must start with a --- line)")
	}
	off := bytes.IndexByte(data, '\n') + 1
	p := parts{fmStart: off}
	for off < len(data) {
		end := bytes.IndexByte(data[off:], '\n')
		next := len(data)
		if end >= 0 {
			next = off + end + 1
		}
		if string(bytes.TrimRight(data[off:next], "\r\n \t")) == "---" {
			p.fmEnd, p.bodyStart = off, next
			return p, nil
		}
		off = next
	}
	return parts{}, fmt.Errorf("front matter is not closed (add a line with --- after it)")
}

// entries splits front matter into top-level entries: a key line and the
// indented or blank lines after it. Comment lines stay with the entry
// they precede.
func entries(fm []byte) (keys []string, texts []string) {
	lines := bytes.SplitAfter(fm, []byte("\n"))
	var cur strings.Builder
	key := ""
	pending := ""
	flush := func() {
		if key != "" || cur.Len() > 0 {
			keys = append(keys, key)
			texts = append(texts, cur.String())
		}
		cur.Reset()
		key = ""
	}
	for _, l := range lines {
		if len(l) == 0 {
			continue
		}
		s := string(l)
		switch {
		case strings.HasPrefix(s, "#"):
			pending += s
		case topKeyRE.MatchString(s):
			flush()
			key = topKeyRE.FindStringSubmatch(s)[1]
			cur.WriteString(pending)
			pending = ""
			cur.WriteString(s)
		default:
			cur.WriteString(pending)
			pending = ""
			cur.WriteString(s)
		}
	}
	flush()
	if pending != "" {
		keys = append(keys, "")
		texts = append(texts, pending)
	}
	return keys, texts
}

var topKeyRE = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*)\s*:`)

// Translate makes the skeleton of a translation into lang from the source
// file srcData (in srcLang): the same front matter and body, still in the
// source language, for the translator to translate in place, with
// reviewed: false and the source_hash of the source it was made from.
// Headings without an explicit id get the id they have in the source, so
// links to them keep working once the heading text is translated; aliases
// move to the new language's tree.
func Translate(srcFile string, srcData []byte, srcLang, lang string, langName string) ([]byte, error) {
	p, err := split(srcData)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", srcFile, err)
	}
	body := srcData[p.bodyStart:]
	keys, texts := entries(srcData[p.fmStart:p.fmEnd])
	var b bytes.Buffer
	b.WriteString("---\n")
	fmt.Fprintf(&b, "# Translation into %s of %s. Translate the title, description, summary,\n", langName, srcFile)
	b.WriteString("# key_points and the text below; keep {#ids}, links, numbers and the sources as they are.\n")
	for i, k := range keys {
		switch k {
		case "source_hash", "reviewed":
			continue
		case "aliases":
			b.WriteString(strings.ReplaceAll(texts[i], "/"+srcLang+"/", "/"+lang+"/"))
		default:
			b.WriteString(texts[i])
		}
	}
	b.WriteString("reviewed: false\n")
	fmt.Fprintf(&b, "source_hash: %q\n", content.BodyHash(body))
	b.WriteString("---\n")
	b.Write(withHeadingIDs(srcFile, body, lineOf(srcData, p.bodyStart), srcLang))
	return b.Bytes(), nil
}

// lineOf is the 1-based line number of byte offset off.
func lineOf(data []byte, off int) int { return bytes.Count(data[:off], []byte("\n")) + 1 }

var (
	atxRE      = regexp.MustCompile(`^ {0,3}#{1,6}(?:[ \t]|$)`)
	explicitRE = regexp.MustCompile(`\{#[^}\s]+\}\s*#*\s*$`)
)

// withHeadingIDs writes each ATX heading's generated id into the line as
// {#id}, unless it already has one.
func withHeadingIDs(file string, body []byte, firstLine int, lang string) []byte {
	doc := markdown.New(markdown.Options{}).Parse(file, body, firstLine, lang)
	ids := map[int]string{}
	for _, h := range doc.Headings {
		ids[h.Pos.Line-firstLine] = h.ID
	}
	lines := bytes.SplitAfter(body, []byte("\n"))
	for i, l := range lines {
		id, ok := ids[i]
		if !ok || !atxRE.Match(l) || explicitRE.Match(l) {
			continue
		}
		eol := len(l) - len(bytes.TrimRight(l, "\r\n"))
		text := bytes.TrimRight(l[:len(l)-eol], " \t#")
		lines[i] = append(append(text, []byte(" {#"+id+"}")...), l[len(l)-eol:]...)
	}
	return bytes.Join(lines, nil)
}

// Stamp records that a translation is up to date with its source: it
// rewrites the source_hash line of data's front matter to hash, keeping
// every other byte, or adds the line at the end of the front matter if
// there is none. It also returns the hash that was recorded before.
func Stamp(data []byte, hash string) (out []byte, old string, err error) {
	p, err := split(data)
	if err != nil {
		return nil, "", err
	}
	fm := data[p.fmStart:p.fmEnd]
	line := fmt.Sprintf("source_hash: %q", hash)
	for off := 0; off < len(fm); {
		end := bytes.IndexByte(fm[off:], '\n')
		next := len(fm)
		if end >= 0 {
			next = off + end + 1
		}
		l := fm[off:next]
		if m := topKeyRE.FindSubmatch(l); m != nil && string(m[1]) == "source_hash" {
			eol := l[len(bytes.TrimRight(l, "\r\n")):]
			old = strings.Trim(strings.TrimSpace(string(l[len(m[0]):len(l)-len(eol)])), `"'`)
			var b bytes.Buffer
			b.Write(data[:p.fmStart+off])
			b.WriteString(line)
			b.Write(eol)
			b.Write(data[p.fmStart+next:])
			return b.Bytes(), old, nil
		}
		off = next
	}
	eol := "\n"
	if bytes.HasPrefix(data, []byte("---\r\n")) {
		eol = "\r\n"
	}
	var b bytes.Buffer
	b.Write(data[:p.fmEnd])
	b.WriteString(line + eol)
	b.Write(data[p.fmEnd:])
	return b.Bytes(), "", nil
}
