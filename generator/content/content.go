// Package content walks the content folder and turns each markdown file into a
// Source: where it is (section, slug, language), its decoded front matter and
// its body with the line the body starts on, so later stages can report
// positions in the original file.
package content

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"spean/generator/config"
	"spean/generator/diag"
	"spean/generator/yamlpos"
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
	// MetaPos holds the position of each front-matter key, for checks.
	MetaPos map[string]diag.Pos
}

// IsIndex reports whether s is a section or home page.
func (s *Source) IsIndex() bool { return s.Slug == "_index" }

var slugRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$|^_index$`)

// Load reads every .md file under dir in fsys. langs are the configured
// language codes. It returns all sources it could read and every problem
// found, so one run reports them all.
func Load(fsys fs.FS, dir string, langs []string) ([]*Source, diag.List) {
	var (
		srcs  []*Source
		diags diag.List
	)
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			diags.Errorf(diag.Pos{File: p}, "read", "cannot read: %v", err)
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			// Folders starting with _ hold data; dot-folders are editors' and git's.
			if p != dir && (strings.HasPrefix(name, "_") || strings.HasPrefix(name, ".")) {
				return fs.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".md") || strings.HasPrefix(name, ".") {
			return nil
		}
		src, dd := loadFile(fsys, dir, p, langs)
		diags = append(diags, dd...)
		if src != nil {
			srcs = append(srcs, src)
		}
		return nil
	})
	if err != nil {
		diags.Errorf(diag.Pos{File: dir}, "read", "cannot read content: %v", err)
	}
	slices.SortFunc(srcs, func(a, b *Source) int { return strings.Compare(a.Path, b.Path) })
	return srcs, diags
}

func loadFile(fsys fs.FS, dir, p string, langs []string) (*Source, diag.List) {
	var diags diag.List
	filePos := diag.Pos{File: p, Line: 1, Col: 1}
	rel := strings.TrimPrefix(p, dir+"/")
	section, file := path.Split(rel)
	section = strings.TrimSuffix(section, "/")
	base := strings.TrimSuffix(file, ".md")
	slug, lang, ok := strings.Cut(base, ".")
	if !ok || strings.Contains(lang, ".") {
		diags.Errorf(filePos, "filename", "file name %q has no language suffix (name it %s.%s.md, one file per language)", file, base, langs[0])
		return nil, diags
	}
	if !slices.Contains(langs, lang) {
		diags.Errorf(filePos, "filename", "language %q in file name %q is not configured (configured: %s)", lang, file, strings.Join(langs, ", "))
		return nil, diags
	}
	if !slugRE.MatchString(slug) {
		diags.Errorf(filePos, "filename", "slug %q must be lowercase ASCII letters, digits and hyphens, so URLs are the same in every language", slug)
		return nil, diags
	}
	for _, part := range strings.Split(section, "/") {
		if section != "" && !slugRE.MatchString(part) {
			diags.Errorf(filePos, "filename", "folder %q must be lowercase ASCII letters, digits and hyphens", part)
			return nil, diags
		}
	}
	data, err := fs.ReadFile(fsys, p)
	if err != nil {
		diags.Errorf(filePos, "read", "cannot read: %v", err)
		return nil, diags
	}
	src := &Source{Path: p, Section: section, Slug: slug, Lang: lang}
	src.Key = slug
	if section != "" {
		src.Key = section + "/" + slug
	}
	fm, body, bodyLine, ok := splitFrontMatter(data)
	if !ok {
		diags.Errorf(filePos, "front-matter", "front matter is not closed (add a line with --- after it)")
		return nil, diags
	}
	src.Body, src.BodyLine = body, bodyLine
	if fm != nil {
		dec := &yamlpos.Decoder{File: p, LineOffset: 1}
		if node, ok := dec.Parse(fm); ok {
			dec.Decode(node, &src.Meta)
			src.MetaPos = dec.KeyPositions(node)
			checkInterval(dec, node, src)
		}
		diags = append(diags, dec.Diags...)
	}
	if src.MetaPos == nil {
		src.MetaPos = map[string]diag.Pos{}
	}
	if strings.TrimSpace(src.Meta.Title) == "" {
		diags.Errorf(filePos, "front-matter", "missing title (add `title:` to the front matter)")
	}
	return src, diags
}

// checkInterval reports a review_interval too short to mean days, at the
// number. A value of the wrong type is the decoder's to report, once.
func checkInterval(dec *yamlpos.Decoder, node *yaml.Node, src *Source) {
	if _, set := src.MetaPos["review_interval"]; !set || src.Meta.ReviewInterval >= config.MinReviewInterval {
		return
	}
	pos := dec.Paths(node)["review_interval"]
	for _, d := range dec.Diags {
		if d.Pos.Line == pos.Line {
			return
		}
	}
	dec.Diags.Errorf(pos, "front-matter", "review_interval %d is shorter than %d days (it counts days: 90 is about three months; remove it to use the section's or config.yaml's)", src.Meta.ReviewInterval, config.MinReviewInterval)
}

// splitFrontMatter separates YAML front matter between --- lines from the
// body. A file without front matter has a nil fm.
func splitFrontMatter(data []byte) (fm, body []byte, bodyLine int, ok bool) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !bytes.HasPrefix(data, []byte("---\n")) && !bytes.HasPrefix(data, []byte("---\r\n")) {
		return nil, data, 1, true
	}
	nl := bytes.IndexByte(data, '\n') + 1
	rest := data[nl:]
	line := 2
	for off := 0; off < len(rest); {
		end := bytes.IndexByte(rest[off:], '\n')
		var l []byte
		if end < 0 {
			l = rest[off:]
			end = len(rest) - off
		} else {
			l = rest[off : off+end]
			end++
		}
		if string(bytes.TrimRight(l, "\r \t")) == "---" {
			return rest[:off], rest[off+end:], line + 1, true
		}
		off += end
		line++
	}
	return nil, nil, 0, false
}

// String is for debugging and messages.
func (s *Source) String() string { return fmt.Sprintf("%s (%s)", s.Key, s.Lang) }
