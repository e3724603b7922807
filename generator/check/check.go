// Package check finds what a translator or editor should fix before readers
// meet it: missing, outdated and unreviewed translations, broken links and
// anchors, front-matter mistakes, unused UI strings, Zawgyi-encoded Burmese,
// text in the wrong script, invisible characters and long sentences, and
// pages whose facts are overdue for another check against their sources.
//
// In goes the site root (an fs.FS), its configuration and, optionally, the
// folder on disk so git history can show which sections of a source page
// changed; out comes a diag.List, every finding with a position, a
// severity, a short code and a hint. check never writes anything: the
// fixers (FixZawgyi, FixTerms) return the new bytes, and the CLI writes
// them when asked (check --fix).
//
// Severities: Error is something the build also refuses (a broken link, a
// bad front-matter value); Warning is something that should be fixed before
// publishing (`check --strict` fails on it); Info is worth knowing but never
// fails anything (an unreviewed translation).
//
// Codes, for tools that filter (`check --format json`), besides the
// build's own (link, anchor, alias, type, unknown-key, yaml, i18n,
// i18n-missing, orphan, url-collision…) and these warnings of the build:
//
//	i18n-extra        warning  a UI string the source language's file does not have
//	i18n-placeholder  warning  a UI string that leaves out a placeholder the source's has
//	raw-html          warning  raw HTML, left out of the page while markdown.unsafe_html is off
//
// and check's own:
//
//	missing        warning  a page has no file in a language
//	outdated       warning  the source changed since the translation's source_hash
//	source-hash    warning  a translation records no source_hash
//	source-hash-body  warning  a source_hash made over the source's body alone (before front matter counted)
//	unreviewed     info     a translation marked reviewed: false (or not marked)
//	sources        warning  a content page (not _index) without sources
//	last-reviewed  warning  a content page (not _index) without last_reviewed
//	future-date    warning  date, lastmod or last_reviewed after today
//	overdue        warning  last_reviewed older than the page's review interval (generator/freshness)
//	review-interval  warning  a translation's review_interval differs from its source page's
//	countries      error    a countries value other than kh, la, mm
//	hotline-text   warning  a hotline's name, purpose or hours missing in a language (readers see its fallback)
//	hotline-number warning  a translation gives a hotline number its English page does not, or leaves one out
//	i18n-unused    warning  a UI string no layout or generator code uses
//	zawgyi         warning  a paragraph or field in the Zawgyi encoding
//	script         warning  a paragraph mostly in another language's script, or a word mixing two
//	nfc            warning  text not in Unicode normal form C
//	invisible      warning  an invisible or control character (policy in text.go)
//	digits         warning  one number written with digits of two scripts
//	long-sentence  warning  a source-language sentence over MaxSentenceWords
//	long-paragraph warning  a source-language paragraph over MaxParagraphWords
//	term-rejected  warning  a form content/_data/terms.yaml rejects, outside the glossary (--fix)
//	term-synonym   warning  a synonym of a term in a page's text, outside the glossary (--fix)
//	term-expected  warning  a translation writes no form of a term its English page uses
package check

import (
	"context"
	"io/fs"
	"time"

	"spean/generator/config"
	"spean/generator/diag"
	"spean/generator/i18n"
	"spean/generator/site"
)

// Options say what to check: a site the build has loaded (build.Load),
// with what loading found.
type Options struct {
	Config *config.Config
	Site   *site.Site
	Bundle *i18n.Bundle
	// Found are the diagnostics of loading: every problem the build
	// refuses (broken links and anchors, colliding aliases, unknown
	// front-matter fields, missing UI strings) is reported by check too,
	// in the same words.
	Found diag.List
	// FS is the site root: config.yaml, content/, themes/, i18n/.
	FS fs.FS
	// Dir is the site root on disk. When set and inside a git work tree,
	// an outdated translation's finding names the source sections that
	// changed. Empty means no history is consulted.
	Dir string
	// Today is the day the check is made as of (`check --as-of`): dates
	// after it are in the future, and reviews due before it are overdue.
	// Zero means the current date.
	Today time.Time
}

// Result is what a check found.
type Result struct {
	Site   *site.Site
	Bundle *i18n.Bundle
	Diags  diag.List
}

// Run checks the loaded site and returns what loading found with what
// the checks find.
func Run(ctx context.Context, o Options) *Result {
	today := o.Today
	if today.IsZero() {
		today = time.Now()
	}
	s, bundle := o.Site, o.Bundle
	diags := append(diag.List(nil), o.Found...)
	res := &Result{Site: s, Bundle: bundle}
	diags = append(diags, translations(ctx, s, o.Dir)...)
	broken := brokenFrontMatter(o.Found)
	diags = append(diags, frontMatter(o.FS, s, today, broken)...)
	diags = append(diags, reviews(s, today, broken)...)
	diags = append(diags, hotlineTexts(s)...)
	diags = append(diags, hotlineNumbers(s)...)
	diags = append(diags, unusedStrings(o.FS, o.Config, bundle)...)
	diags = append(diags, text(ctx, o.FS, s)...)
	diags = append(diags, termChecks(o.FS, s)...)
	diags.Sort()
	res.Diags = diags
	return res
}

// brokenFrontMatter are the files whose front matter loading could not
// decode whole (invalid YAML, a value of the wrong type): what check
// derives from their front matter (no sources, no review date, a review
// interval unlike the source page's) would only repeat that mistake in
// other words, in other files too.
func brokenFrontMatter(found diag.List) map[string]bool {
	out := map[string]bool{}
	for _, d := range found {
		switch d.Code {
		case "yaml", "type", "front-matter", "duplicate-key", "date":
			if d.Severity == diag.Error {
				out[d.Pos.File] = true
			}
		}
	}
	return out
}

// Counts returns how many findings there are of each severity.
func Counts(l diag.List) (errors, warnings, infos int) { return l.Counts() }

// Fails reports whether l should make `check` exit non-zero: any error, and
// with strict any warning too. Info never fails.
func Fails(l diag.List, strict bool) bool {
	e, w, _ := Counts(l)
	return e > 0 || (strict && w > 0)
}
