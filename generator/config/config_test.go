package config

import (
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

const good = `base_url: https://example.org/kb
title: T
languages:
  - code: en
    name: English
  - code: lo
    name: ລາວ
    fallback: [th]
  - code: th
    name: ไทย
`

func TestParse(t *testing.T) {
	cfg, err := Parse("config.yaml", []byte(good), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.BaseURL != "https://example.org/kb/" {
		t.Errorf("base_url = %q, want a trailing slash added", cfg.BaseURL)
	}
	if cfg.Output != "public" || cfg.Theme != "default" || cfg.SourceLanguage != "en" {
		t.Errorf("defaults not applied: %+v", cfg)
	}
	if cfg.Search.PartKB != 8192 {
		t.Errorf("search.part_kb = %d, want the default 8192", cfg.Search.PartKB)
	}
	if cfg.Search.MaxFiles != 1000 {
		t.Errorf("search.max_files = %d, want the default 1000", cfg.Search.MaxFiles)
	}
	if cfg.ReviewInterval != DefaultReviewInterval {
		t.Errorf("review_interval = %d, want the default %d", cfg.ReviewInterval, DefaultReviewInterval)
	}
	if got := strings.Join(cfg.Chain("lo"), ","); got != "lo,th,en" {
		t.Errorf("chain = %s", got)
	}
}

func TestOverrides(t *testing.T) {
	t.Setenv("SPEAN_BASE_URL", "https://env.example/")
	t.Setenv("SPEAN_MARKDOWN_UNSAFE_HTML", "true")
	t.Setenv("SPEAN_REVIEW_INTERVAL", "90")
	flags := pflag.NewFlagSet("x", pflag.ContinueOnError)
	flags.String("dest", "", "")
	if err := flags.Parse([]string{"--dest", "out"}); err != nil {
		t.Fatal(err)
	}
	cfg, err := Parse("config.yaml", []byte(good), flags, map[string]string{"output": "dest"})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.BaseURL != "https://env.example/" || !cfg.Markdown.UnsafeHTML || cfg.Output != "out" || cfg.ReviewInterval != 90 {
		t.Errorf("overrides not applied: base %q unsafe %v output %q review_interval %d", cfg.BaseURL, cfg.Markdown.UnsafeHTML, cfg.Output, cfg.ReviewInterval)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"unknown key", good + "themes: x\n", []string{`config.yaml:11:1: unknown key "themes" (did you mean "theme"?)`}},
		{"wrong type", strings.Replace(good, "title: T", "title: T\ndrafts: sometimes", 1), []string{`config.yaml:3:9: drafts: expected true or false, found "sometimes"`}},
		{"nested unknown", strings.Replace(good, "    name: English", "    name: English\n    nmae: x", 1), []string{`config.yaml:6:5: unknown key "languages[0].nmae" (did you mean "name"?)`}},
		{"bad fallback and source", strings.Replace(good, "fallback: [th]", "fallback: [xx]", 1) + "source_language: fr\n", []string{
			`config.yaml:8:16: fallback language "xx" of "lo" is not configured`,
			`config.yaml:11:18: source_language "fr" is not one of the configured languages`,
		}},
		{"unknown country", strings.Replace(good, "fallback: [th]", "fallback: [th]\n    countries: [la, mn]", 1), []string{
			`config.yaml:9:21: country "mn" of language "lo" is not one of kh, la, mm`,
		}},
		{"relative base url", strings.Replace(good, "https://example.org/kb", "/kb/", 1), []string{`config.yaml:1:11: base_url "/kb/" is not an absolute URL`}},
		{"duplicate language", good + "  - code: th\n    name: again\n", []string{`config.yaml:11:11: language "th" is configured twice`}},
		{"bad size", good + "limits:\n  max_file_size: huge\n", []string{`config.yaml:12:18: limits.max_file_size: "huge" is not a size like 5MB or 64KB`}},
		{"quoted bool", good + "drafts: \"yes\"\n", []string{`config.yaml:11:9: drafts: expected true or false, found "yes" (quoted text)`}},
		{"review interval in weeks", good + "review_interval: 4\n", []string{`config.yaml:11:18: review_interval 4 is shorter than 30 days`}},
		{"review interval not a number", good + "review_interval: six months\n", []string{`config.yaml:11:18: review_interval: expected`}},
		{"negative search files", good + "search:\n  max_files: -1\n", []string{`config.yaml:12:14: search.max_files -1: the index needs at least 3 files`}},
		{"too few search files", good + "search:\n  max_files: 2\n", []string{`config.yaml:12:14: search.max_files 2: the index needs at least 3 files`}},
		{"tiny pack parts", good + "search:\n  part_kb: 8\n", []string{`config.yaml:12:12: search.part_kb 8: a pack's parts must be 16 to 25600 KiB`}},
		{"a type mistake and a value mistake, in one run", strings.Replace(good, "fallback: [th]", "fallback: [xx]", 1) + "review_interval: \"180\"\n", []string{
			`config.yaml:8:16: fallback language "xx" of "lo" is not configured`,
			`config.yaml:11:18: review_interval: expected a whole number, found "180" (quoted text)`,
		}},
		{"pack parts over a host's limit", good + "search:\n  part_kb: 30000\n", []string{`config.yaml:12:12: search.part_kb 30000: a pack's parts must be 16 to 25600 KiB (25 MiB, what Cloudflare Pages takes a file`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("config.yaml", []byte(tt.src), nil, nil)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error\n%s\nlacks\n%s", err, w)
				}
			}
		})
	}
}

func TestLimits(t *testing.T) {
	cfg, err := Parse("config.yaml", []byte(good+"limits:\n  max_block_size: 32KB\n"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Limits.MaxFileSize != 5<<20 || cfg.Limits.MaxBlockSize != 32<<10 || cfg.Limits.MaxNesting != 32 {
		t.Errorf("limits = %+v", cfg.Limits)
	}
	for in, want := range map[string]Size{"5MB": 5 << 20, "64kb": 64 << 10, "512": 512, "10 B": 10} {
		if got, err := ParseSize(in); err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "-1MB", "1.5MB", "MB", "5TB"} {
		if _, err := ParseSize(in); err == nil {
			t.Errorf("ParseSize(%q) accepted", in)
		}
	}
}

// TestOrigin: a message about a value names the setting the user set.
func TestOrigin(t *testing.T) {
	src := good + "output: site\n"
	cfg, err := Parse("config.yaml", []byte(src), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.Origin("output"); got != "config.yaml:11:9 (output)" {
		t.Errorf("origin from file = %q", got)
	}
	t.Setenv("SPEAN_OUTPUT", "elsewhere")
	cfg, _ = Parse("config.yaml", []byte(src), nil, nil)
	if got := cfg.Origin("output"); got != "SPEAN_OUTPUT" || cfg.Output != "elsewhere" {
		t.Errorf("origin from env = %q (%q)", got, cfg.Output)
	}
	flags := pflag.NewFlagSet("x", pflag.ContinueOnError)
	flags.String("dest", "", "")
	_ = flags.Parse([]string{"--dest", "out"})
	cfg, _ = Parse("config.yaml", []byte(src), flags, map[string]string{"output": "dest"})
	if got := cfg.Origin("output"); got != "--dest" || cfg.Output != "out" {
		t.Errorf("origin from flag = %q (%q)", got, cfg.Output)
	}
	t.Setenv("SPEAN_OUTPUT", "")
	cfg, _ = Parse("config.yaml", []byte(good), nil, nil)
	if got := cfg.Origin("output"); got != "the default output" {
		t.Errorf("origin by default = %q", got)
	}
}

// FuzzParse: any bytes give a Config or positioned errors, never a panic;
// an accepted Config has an absolute base URL ending in / and languages
// whose fallbacks are configured.
func FuzzParse(f *testing.F) {
	f.Add([]byte(good))
	f.Add([]byte(good + "limits:\n  max_file_size: 5MB\n"))
	f.Add([]byte("languages: &a [*a]\n"))
	f.Add([]byte("base_url: [\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		cfg, err := Parse("config.yaml", src, nil, nil)
		if err != nil {
			if l, ok := err.(interface{ Error() string }); !ok || l.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		if !strings.HasSuffix(cfg.BaseURL, "/") || !strings.Contains(cfg.BaseURL, "://") {
			t.Fatalf("base_url %q accepted", cfg.BaseURL)
		}
		for _, l := range cfg.Languages {
			for _, fb := range l.Fallback {
				if cfg.Lang(fb) == nil {
					t.Fatalf("fallback %q of %q accepted", fb, l.Code)
				}
			}
		}
		if cfg.Lang(cfg.SourceLanguage) == nil || cfg.Limits.MaxFileSize <= 0 {
			t.Fatalf("accepted %+v", cfg)
		}
	})
}

// A value set by a flag or an environment variable is blamed on it, not
// on the file's line for the same key.
func TestOverrideBlamed(t *testing.T) {
	flags := pflag.NewFlagSet("x", pflag.ContinueOnError)
	flags.String("base-url", "", "")
	if err := flags.Parse([]string{"--base-url", "notaurl"}); err != nil {
		t.Fatal(err)
	}
	t.Setenv("SPEAN_REVIEW_INTERVAL", "20")
	_, err := Parse("config.yaml", []byte(good), flags, map[string]string{"base_url": "base-url"})
	for _, want := range []string{
		`--base-url: base_url "notaurl" is not an absolute URL`,
		`SPEAN_REVIEW_INTERVAL: review_interval 20 is shorter than 30 days`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v lacks %q", err, want)
		}
	}
	t.Setenv("SPEAN_REVIEW_INTERVAL", "abc")
	_, err = Parse("config.yaml", []byte(good), nil, nil)
	if want := `SPEAN_REVIEW_INTERVAL: "abc" cannot be read as review_interval: cannot parse value as 'int'`; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v lacks %q", err, want)
	}
}

// TestExampleURL: addresses kept for examples (RFC 2606, 6761) are told
// from real ones.
func TestExampleURL(t *testing.T) {
	for u, want := range map[string]bool{
		"https://spean.example.org/": true, "https://example.com/kb/": true, "http://EXAMPLE.NET": true,
		"https://mirror.example/spean/": true, "https://kb.test/": true, "http://localhost:1313/": true,
		"https://spean.org/": false, "https://example.org.kh/": false, "https://notexample.org/": false, "https://owner.github.io/repo/": false,
	} {
		if got := (&Config{BaseURL: u}).ExampleURL(); got != want {
			t.Errorf("ExampleURL(%s) = %v, want %v", u, got, want)
		}
	}
}
