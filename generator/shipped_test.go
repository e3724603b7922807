package main

import (
	"os"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"spean/generator/build"
	"spean/generator/config"
	"spean/generator/content"
	"spean/generator/diag"
	"spean/generator/site"
)

// TestShippedContent keeps the knowledge base's promises true: it builds
// without a single warning, every page exists in every language in its own
// words (no fallback), every content page names its sources and its review
// date, translations say they are unreviewed until a person has checked
// them and record the English text they were made from, and all text is NFC.
func TestShippedContent(t *testing.T) {
	s, diags := shippedSite(t)
	for _, d := range diags {
		t.Errorf("%s", d)
	}
	cfg := s.Config
	regular := 0
	for _, p := range s.Pages {
		if p.Synthetic {
			t.Errorf("%s: home page has no content/_index.%s.md", p.URL, p.Lang)
			continue
		}
		if p.Fallback {
			t.Errorf("%s: missing its %s translation (shown from %s)", p.Source.Path, p.Lang, p.Source.Lang)
			continue
		}
		if p.Kind == site.Regular && p.Lang == cfg.SourceLanguage {
			regular++
		}
		m := p.Source.Meta
		if p.Kind == site.Regular {
			if len(m.Sources) == 0 {
				t.Errorf("%s: no sources", p.Source.Path)
			}
			for _, r := range m.Sources {
				if r.Title == "" || r.URL == "" || !strings.HasPrefix(r.URL, "http") {
					t.Errorf("%s: source %+v needs a title and a URL", p.Source.Path, r)
				}
			}
			if m.Summary == "" {
				t.Errorf("%s: no summary (the \"In short\" paragraph)", p.Source.Path)
			}
		}
		if m.LastReviewed.IsZero() {
			t.Errorf("%s: no last_reviewed", p.Source.Path)
		}
		if p.Lang != cfg.SourceLanguage {
			if m.IsReviewed(false) {
				t.Errorf("%s: translation marked reviewed: only a native speaker's review may set that", p.Source.Path)
			}
			src := s.Page(p.Key, cfg.SourceLanguage).Source
			if want := content.SourceHash(&src.Meta, src.Body); m.SourceHash != want {
				t.Errorf("%s: source_hash %q, but the English page's hash is %q (translation outdated or not stamped)", p.Source.Path, m.SourceHash, want)
			}
		}
	}
	for _, src := range s.Sources {
		b, err := os.ReadFile("../" + src.Path)
		if err != nil {
			t.Fatal(err)
		}
		if !norm.NFC.IsNormalString(string(b)) {
			t.Errorf("%s: text is not NFC", src.Path)
		}
	}
	if regular < 30 {
		t.Errorf("%d content pages per language, want at least 30", regular)
	}
}

// shippedSite loads the repository's own site as a build does, and the
// findings of loading it.
func shippedSite(t *testing.T) (*site.Site, diag.List) {
	t.Helper()
	fsys := os.DirFS("..")
	cfg, err := config.Load(fsys, "config.yaml", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	l, diags := build.Load(cfg, fsys)
	if l.Site == nil {
		t.Fatal("no site")
	}
	return l.Site, diags
}
