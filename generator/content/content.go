// Package content walks the content folder and turns each markdown file into a
// Source: where it is (section, slug, language), its decoded front matter and
// its body with the line the body starts on, so later stages can report
// positions in the original file.
package content

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"

	"spean/generator/config"
	"spean/generator/diag"
	"spean/generator/frontmatter"
	"spean/generator/paths"
	"spean/generator/workers"
)

// Meta is a page's front matter. The field set is closed: an unknown key is an
// error, so a misspelt `last_reviewd` cannot silently drop a review date.
type Meta struct {
	Title        string    `yaml:"title"`
	Description  string    `yaml:"description"`
	Summary      string    `yaml:"summary"`
	KeyPoints    []string  `yaml:"key_points"`
	Weight       int       `yaml:"weight"`
	Date         time.Time `yaml:"date"`
	Lastmod      time.Time `yaml:"lastmod"`
	Draft        bool      `yaml:"draft"`
	Tags         []string  `yaml:"tags"`
	Aliases      []string  `yaml:"aliases"`
	Countries    []string  `yaml:"countries"`
	Reviewed     *bool     `yaml:"reviewed"`
	LastReviewed time.Time `yaml:"last_reviewed"`
	Sources      []Ref     `yaml:"sources"`
	SourceHash   string    `yaml:"source_hash"`
	// Layout picks a specific layout for this page instead of the default
	// lookup, as Hugo's `layout` does.
	Layout string `yaml:"layout"`
	// ReviewInterval is how many days the facts are trusted after
	// LastReviewed; 0 when the file does not say. On a section's _index
	// it applies to the pages beneath it (generator/freshness).
	ReviewInterval int `yaml:"review_interval"`
}

// Ref is one source a page's facts come from.
type Ref struct {
	ID    string `yaml:"id"`
	Title string `yaml:"title"`
	Org   string `yaml:"org"`
	Year  string `yaml:"year"`
	URL   string `yaml:"url"`
}

// IsReviewed reports whether a page is marked reviewed; pages that do not
// say are taken as reviewed only in the source language.
func (m *Meta) IsReviewed(isSource bool) bool {
	if m.Reviewed == nil {
		return isSource
	}
	return *m.Reviewed
}

// Source is one content file.
type Source struct {
	// Path is the file's path from the site root, e.g. content/rights/wages.km.md.
	Path string
	// Section is the folder under content/ ("rights", "a/b"); "" for the home.
	Section string
	// Slug is the file name without language and extension; "_index" for
	// section and home pages.
	Slug string
	Lang string
	// Key identifies the translation set: files with the same Key are
	// translations of each other ("rights/wages", "rights/_index", "_index").
	Key  string
	Meta Meta
	// Body is the markdown after the front matter; BodyLine is the line in
	// the file on which Body starts.
	Body     []byte
	BodyLine int
	// Sum is the SHA-256 of Body: what the build's documents cache keys a
	// page's text by, kept when Body is not read (Known).
	Sum [32]byte
	// Hash and BodyHash are Hashes: what a translation made from this
	// file now records, and what one recorded over the body alone. Set
	// when Known loads a file of its SourceLang, and kept in its notes, so
	// that telling an outdated translation needs no source body read
	// again; empty otherwise.
	Hash, BodyHash string
	// unread is set for a source taken from Known: Body is nil, and Text
	// reads it; terms is HasTermsBlock of the body, as noted.
	unread, terms bool
	// MetaPos holds the position of each front-matter key, and ValuePos
	// of every value by its dotted path ("countries[1]"), for messages.
	MetaPos, ValuePos map[string]diag.Pos
}

// IsIndex reports whether s is a section or home page.
func (s *Source) IsIndex() bool { return s.Slug == "_index" }

// Dir is the folder under the site root that holds the content.
const Dir = "content"

var slugRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$|^_index$`)

// File is the path, from the site root, of key's file in lang: the one
// place content file names are made ("rights/wages", "km" →
// content/rights/wages.km.md).
func File(key, lang string) string { return Dir + "/" + key + "." + lang + ".md" }

// ParseFile is File's inverse: the key and language of a content file
// path, or an error that says how the file should be named. langs are the
// configured language codes.
func ParseFile(p string, langs []string) (key, lang string, err error) {
	rel, ok := strings.CutPrefix(p, Dir+"/")
	if !ok || !strings.HasSuffix(rel, ".md") {
		return "", "", fmt.Errorf("%s is not a content file (content/<section>/<slug>.<lang>.md)", p)
	}
	section, file := path.Split(rel)
	base := strings.TrimSuffix(file, ".md")
	slug, lang, ok := strings.Cut(base, ".")
	if !ok || strings.Contains(lang, ".") {
		return "", "", fmt.Errorf("file name %q has no language suffix (name it %s.%s.md, one file per language)", file, base, langs[0])
	}
	if !slices.Contains(langs, lang) {
		return "", "", fmt.Errorf("language %q in file name %q is not configured (configured: %s)", lang, file, strings.Join(langs, ", "))
	}
	// Left to right, so the first mistake in the path is the one named.
	section = strings.TrimSuffix(section, "/")
	if section != "" {
		for _, part := range strings.Split(section, "/") {
			if !slugRE.MatchString(part) || part == "_index" {
				return "", "", fmt.Errorf("folder %q must be lowercase ASCII letters, digits and hyphens", part)
			}
		}
	}
	if !slugRE.MatchString(slug) {
		return "", "", fmt.Errorf("slug %q must be lowercase ASCII letters, digits and hyphens, so URLs are the same in every language", slug)
	}
	if section != "" {
		return section + "/" + slug, lang, nil
	}
	return slug, lang, nil
}

// Load reads every .md file under content/ in fsys. langs are the
// configured language codes. It returns all sources it could read and
// every problem found, so one run reports them all.
func Load(fsys fs.FS, langs []string) ([]*Source, diag.List) {
	return LoadKnown(fsys, langs, nil)
}

// LoadKnown is Load taking what it can from the notes of the previous
// build (nil: none), and noting every file in them for the next.
func LoadKnown(fsys fs.FS, langs []string, known *Known) ([]*Source, diag.List) {
	var (
		srcs  []*Source
		files []string
		ents  []fs.DirEntry
		diags diag.List
	)
	err := fs.WalkDir(fsys, Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			diags.Errorf(diag.Pos{File: p}, "read", "cannot read: %v", unwrap(err))
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			// Folders starting with _ hold data; dot-folders are editors' and git's.
			if p != Dir && (strings.HasPrefix(name, "_") || strings.HasPrefix(name, ".")) {
				return fs.SkipDir
			}
			return nil
		}
		if strings.HasPrefix(name, ".") {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			// A link to a folder is not walked (it could loop, or lead
			// out of the site); say so rather than skip its pages quietly.
			info, err := fs.Stat(fsys, p)
			switch {
			case err != nil:
				diags.Errorf(diag.Pos{File: p}, "read", "cannot read: %v", unwrap(err))
				return nil
			case info.IsDir():
				diags.Errorf(diag.Pos{File: p}, "read", "%s is a link to a folder, which Spean does not follow (move or copy the folder into content/)", p)
				return nil
			}
		}
		if !strings.HasSuffix(name, ".md") {
			return nil
		}
		files, ents = append(files, p), append(ents, d)
		return nil
	})
	if err != nil {
		diags.Errorf(diag.Pos{File: Dir}, "read", "cannot read content: %v", unwrap(err))
	}
	// Files are read and their front matter decoded on every core: on the
	// 10,000-page site this was 1.25 s of one core while the other waited.
	loaded := make([]*Source, len(files))
	found := make([]diag.List, len(files))
	workers.Each(context.Background(), len(files), 0, func(i int) {
		if known != nil {
			loaded[i], found[i] = known.load(fsys, files[i], ents[i], langs)
		} else {
			loaded[i], found[i] = LoadFile(fsys, files[i], langs)
		}
	})
	for i := range files {
		diags = append(diags, found[i]...)
		if loaded[i] != nil {
			srcs = append(srcs, loaded[i])
		}
	}
	slices.SortFunc(srcs, func(a, b *Source) int { return strings.Compare(a.Path, b.Path) })
	return srcs, diags
}

func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// LoadFile reads one content file: its name, its text (checked by
// paths.ReadText), its front matter and the values that can be judged
// from the file alone.
func LoadFile(fsys fs.FS, p string, langs []string) (*Source, diag.List) {
	var diags diag.List
	filePos := diag.Pos{File: p, Line: 1, Col: 1}
	key, lang, err := ParseFile(p, langs)
	if err != nil {
		diags.Errorf(filePos, "filename", "%v", err)
		return nil, diags
	}
	data, dd := paths.ReadText(fsys, p)
	if dd.HasErrors() {
		return nil, dd
	}
	src := &Source{Path: p, Key: key, Lang: lang}
	src.setPlace()
	parts, bad := frontmatter.Split(p, data)
	if bad != nil {
		return nil, append(diags, bad...)
	}
	src.Body, src.BodyLine = parts.Body(data), parts.BodyLine
	src.Sum = sha256.Sum256(src.Body)
	fields, dd := frontmatter.Decode(p, data, parts, &src.Meta)
	diags = append(diags, dd...)
	src.MetaPos, src.ValuePos = fields.Keys, fields.Values
	if strings.TrimSpace(src.Meta.Title) == "" && !dd.HasErrors() {
		diags.Errorf(filePos, "front-matter", "missing title (add `title:` to the front matter)")
	}
	diags = append(diags, src.validate(dd)...)
	return src, diags
}

// setPlace sets the slug and section from the key.
func (s *Source) setPlace() {
	s.Slug, s.Section = path.Base(s.Key), ""
	if dir := path.Dir(s.Key); dir != "." {
		s.Section = dir
	}
}

// layoutRE is what a layout name may be: a name, never a path, so front
// matter cannot make any .html file of the repository a page's template.
var layoutRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

// aliasSegmentRE is one folder of an alias: characters that mean the same
// on every server and file system, and that a service worker can cache.
var aliasSegmentRE = regexp.MustCompile(`^[A-Za-z0-9_~-][A-Za-z0-9._~-]*$`)

// validate checks the front-matter values that reach readers and that
// the file alone can judge. decoded are the decoder's findings, so a value
// of the wrong type is reported once.
func (s *Source) validate(decoded diag.List) diag.List {
	var diags diag.List
	at := func(path string) diag.Pos {
		if p, ok := s.ValuePos[path]; ok {
			return p
		}
		return diag.Pos{File: s.Path, Line: 1, Col: 1}
	}
	for i, c := range s.Meta.Countries {
		if slices.Contains(config.Countries, c) {
			continue
		}
		d := diag.Diagnostic{Pos: at(fmt.Sprintf("countries[%d]", i)), Severity: diag.Error, Code: "countries",
			Message: fmt.Sprintf("country %q is not one of %s", c, strings.Join(config.Countries, ", ")),
			Hint:    config.CountryNames + "; omit countries: if the page applies to all"}
		if m := diag.Closest(strings.ToLower(c), config.Countries, 1); m != "" {
			d.Hint = fmt.Sprintf("did you mean %q? (%s)", m, d.Hint)
		}
		diags.Add(d)
	}
	if pos, set := s.ValuePos["review_interval"]; set && s.Meta.ReviewInterval < config.MinReviewInterval &&
		!slices.ContainsFunc(decoded, func(d diag.Diagnostic) bool { return d.Pos.Line == pos.Line }) {
		diags.Errorf(pos, "front-matter", "review_interval %d is shorter than %d days (it counts days: 90 is about three months; remove it to use the section's or config.yaml's)", s.Meta.ReviewInterval, config.MinReviewInterval)
	}
	if l := s.Meta.Layout; l != "" && !layoutRE.MatchString(l) {
		diags.Add(diag.Diagnostic{Pos: at("layout"), Severity: diag.Error, Code: "layout",
			Message: fmt.Sprintf("layout %q is not a layout name", l),
			Hint:    "name a file of the theme's layouts folder without .html, like wide for layouts/wide.html"})
	}
	for i, a := range s.Meta.Aliases {
		if _, err := AliasOutput(a); err != nil {
			diags.Add(diag.Diagnostic{Pos: at(fmt.Sprintf("aliases[%d]", i)), Severity: diag.Error, Code: "alias",
				Message: fmt.Sprintf("alias %q: %v", a, err),
				Hint:    fmt.Sprintf("write an old address of the site, like /%s/old-name/", s.Lang)})
		}
	}
	return diags
}

// AliasOutput is the file an alias redirect is written to: /en/old/ →
// en/old/index.html, /en/old.html → en/old.html. An alias must be a path
// of the site in plain characters: no scheme or host, query, fragment,
// percent-escapes, backslashes, control characters or dot folders.
func AliasOutput(alias string) (string, error) {
	if !strings.HasPrefix(alias, "/") {
		return "", errors.New("must start with / (a path from the site root)")
	}
	p := strings.TrimPrefix(alias, "/")
	if strings.HasSuffix(p, "/") {
		p += "index.html"
	} else if !strings.HasSuffix(p, ".html") {
		p += "/index.html"
	}
	for _, seg := range strings.Split(p, "/") {
		if !aliasSegmentRE.MatchString(seg) {
			return "", errors.New("may only hold letters, digits, - _ . ~ between single slashes, with no .. or empty folder")
		}
	}
	return p, nil
}

// String is for debugging and messages.
func (s *Source) String() string { return fmt.Sprintf("%s (%s)", s.Key, s.Lang) }

// HasTerms reports whether the body has a ```terms block (HasTermsBlock),
// which makes its page the glossary's: for a source taken from Known, as
// noted, without reading the body.
func (s *Source) HasTerms() bool {
	if s.unread {
		return s.terms
	}
	return HasTermsBlock(s.Body)
}

// HasTermsBlock reports whether body has a fenced code block of the
// language terms: the glossary's approved and rejected forms.
func HasTermsBlock(body []byte) bool {
	// Line by line without copying: serve asks this of every source at
	// each save, and splitting every body cost 15 ms a save on 10,000 pages.
	for len(body) > 0 {
		line := body
		if i := bytes.IndexByte(body, '\n'); i >= 0 {
			line, body = body[:i], body[i+1:]
		} else {
			body = nil
		}
		l := bytes.TrimSpace(line)
		if !bytes.HasPrefix(l, []byte("```")) && !bytes.HasPrefix(l, []byte("~~~")) {
			continue
		}
		if f := bytes.Fields(bytes.TrimLeft(l, "`~")); len(f) > 0 && string(f[0]) == "terms" {
			return true
		}
	}
	return false
}
