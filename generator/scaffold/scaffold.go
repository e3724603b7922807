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
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"spean/generator/content"
	"spean/generator/frontmatter"
	"spean/generator/markdown"
	"spean/generator/paths"
)

// Key checks a page key given on the command line ("rights/wages",
// "rights/_index") and returns it cleaned: a key content.ParseFile accepts
// as the name of a file. A page's file, as a writer may copy it from a
// listing (content/rights/wages.en.md), names its key too: the folder
// content/ and a suffix of one of langs are taken off.
func Key(arg string, langs []string) (string, error) {
	k := strings.TrimSuffix(filepath.ToSlash(arg), ".md")
	k = strings.TrimPrefix(strings.TrimPrefix(k, "./"), content.Dir+"/")
	if dot := strings.LastIndexByte(k, '.'); dot > strings.LastIndexByte(k, '/') && slices.Contains(langs, k[dot+1:]) {
		k = k[:dot]
	}
	k = strings.Trim(path.Clean(k), "/")
	if k == "." || k == "" || strings.HasPrefix(k, "..") {
		return "", fmt.Errorf("page %q: want <section>/<slug>, like rights/minimum-wage", arg)
	}
	if strings.Contains(path.Base(k), ".") {
		lang := "en"
		if len(langs) > 0 {
			lang = langs[0]
		}
		return "", fmt.Errorf("page %q: want <section>/<slug> without dots, like rights/minimum-wage, or the page's file, like content/rights/minimum-wage.%s.md", arg, lang)
	}
	if _, _, err := content.ParseFile(content.File(k, "x"), []string{"x"}); err != nil {
		return "", fmt.Errorf("page %q: %w", arg, err)
	}
	return k, nil
}

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

// entries splits front matter into top-level entries: a key line and the
// indented or blank lines after it. Comment lines stay with the entry
// they precede.
func entries(fm []byte) (keys []string, texts []string) {
	lines := frontmatter.Lines(fm)
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
// move to the new language's tree. The file's line endings are kept.
func Translate(srcFile string, srcData []byte, srcLang, lang string, langName string) ([]byte, error) {
	p, bad := frontmatter.Split(srcFile, srcData)
	if bad != nil {
		return nil, bad.Err()
	}
	if !p.Has {
		return nil, fmt.Errorf("%s: no front matter (the file must start with a --- line)", srcFile)
	}
	// The hash and the headings come from the body as the build reads it.
	text, diags := paths.Text(srcFile, srcData)
	if diags.HasErrors() {
		return nil, diags.Err()
	}
	tp, _ := frontmatter.Split(srcFile, text)
	body := tp.Body(text)
	var meta content.Meta
	if _, dd := frontmatter.Decode(srcFile, text, tp, &meta); dd.HasErrors() {
		return nil, dd.Err()
	}
	keys, texts := entries(p.YAML(srcData))
	eol := p.EOL
	var b bytes.Buffer
	b.WriteString(frontmatter.Delim + eol)
	fmt.Fprintf(&b, "# Translation into %s of %s. Translate the title, description, summary,%s", langName, srcFile, eol)
	b.WriteString("# key_points and the text below; keep {#ids}, links, numbers and the sources as they are." + eol)
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
	b.WriteString("reviewed: false" + eol)
	fmt.Fprintf(&b, "source_hash: %q%s", content.SourceHash(&meta, body), eol)
	b.WriteString(frontmatter.Delim + eol)
	b.Write(withHeadingIDs(srcFile, p.Body(srcData), body, p.BodyLine, srcLang))
	return b.Bytes(), nil
}

// withHeadingIDs writes each heading's generated id into its line as
// {#id}, unless the writer gave one. raw is the body as in the file (its
// line endings are kept); text is the same body as the build reads it,
// parsed for the headings and their lines.
func withHeadingIDs(file string, raw, text []byte, firstLine int, lang string) []byte {
	doc := markdown.New(markdown.Options{}).Parse(file, text, firstLine, lang)
	lines := frontmatter.Lines(raw)
	for _, h := range doc.Headings {
		i := h.Pos.Line - firstLine
		if h.Explicit || i < 0 || i >= len(lines) {
			continue
		}
		l := lines[i]
		eol := l[len(bytes.TrimRight(l, "\r\n")):]
		line := bytes.TrimRight(l[:len(l)-len(eol)], " \t")
		if t := bytes.TrimLeft(line, " "); len(t) > 0 && t[0] == '#' {
			// An ATX heading may end with a closing run of #.
			line = bytes.TrimRight(bytes.TrimRight(line, "#"), " \t")
		}
		lines[i] = slices.Concat(line, []byte(" {#"+h.ID+"}"), eol)
	}
	return bytes.Join(lines, nil)
}

// Stamp records that a translation is up to date with its source: it
// rewrites the source_hash line of data's front matter to hash, keeping
// every other byte, or adds the line at the end of the front matter if
// there is none. It also returns the hash that was recorded before.
func Stamp(data []byte, hash string) (out []byte, old string, err error) {
	p, bad := frontmatter.Split("", data)
	if bad != nil {
		return nil, "", errors.New(bad[0].Message)
	}
	if !p.Has {
		return nil, "", errors.New("no front matter (the file must start with a --- line)")
	}
	line := fmt.Sprintf("source_hash: %q", hash)
	off := p.YAMLStart
	for _, l := range frontmatter.Lines(p.YAML(data)) {
		if m := topKeyRE.FindSubmatch(l); m != nil && string(m[1]) == "source_hash" {
			eol := l[len(bytes.TrimRight(l, "\r\n")):]
			old = strings.Trim(strings.TrimSpace(string(l[len(m[0]):len(l)-len(eol)])), `"'`)
			return slices.Concat(data[:off], []byte(line), eol, data[off+len(l):]), old, nil
		}
		off += len(l)
	}
	return slices.Concat(data[:p.YAMLEnd], []byte(line+p.EOL), data[p.YAMLEnd:]), "", nil
}
