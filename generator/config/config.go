// Package config reads config.yaml into a typed Config.
//
// The file is validated strictly first (unknown keys and wrong types name the
// key and its line), then read through viper so that command-line flags and
// SPEAN_* environment variables override any key: SPEAN_BASE_URL overrides
// base_url, SPEAN_MARKDOWN_UNSAFE_HTML overrides markdown.unsafe_html.
package config

import (
	"bytes"
	"fmt"
	"io/fs"
	"net/url"
	"slices"
	"strings"

	"github.com/go-viper/mapstructure/v2"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
	"golang.org/x/text/language"

	"spean/generator/diag"
	"spean/generator/yamlpos"
)

// Config is the whole site configuration.
type Config struct {
	// BaseURL is the absolute URL the site is published at. It is used only
	// where a URL must be absolute (canonical, hreflang, sitemap, QR codes);
	// every link between pages is relative so the site also works from disk.
	BaseURL        string     `yaml:"base_url"`
	Title          string     `yaml:"title"`
	SourceLanguage string     `yaml:"source_language"`
	Languages      []Language `yaml:"languages"`
	// Theme names the folder under themes/ with the default layouts;
	// ThemeOverride, if set, names a folder whose files win over the theme's.
	Theme         string   `yaml:"theme"`
	ThemeOverride string   `yaml:"theme_override"`
	Output        string   `yaml:"output"`
	Drafts        bool     `yaml:"drafts"`
	Markdown      Markdown `yaml:"markdown"`
	// RepoURL, if set, is where the content files can be read or edited
	// online (e.g. https://example.org/spean/blob/main/); the translation
	// status page links each file under it.
	RepoURL string `yaml:"repo_url"`
	// Offline says how much of the site the service worker keeps on a
	// reader's phone without being asked.
	Offline Offline `yaml:"offline"`

	// File is where the configuration was read from, for messages.
	File string `yaml:"-"`
}

// Language is one language of the site.
type Language struct {
	Code string `yaml:"code"`
	// Name is the language's name in its own script, for the chooser.
	Name        string `yaml:"name"`
	Title       string `yaml:"title"`
	Description string `yaml:"description"`
	// Fallback lists, in order, the languages whose page is shown when this
	// language lacks one; the source language is always tried last.
	Fallback []string `yaml:"fallback"`
}

// Offline holds the service worker's saving rules (generator/offline).
type Offline struct {
	// BudgetKB is how much of a language the service worker saves by
	// itself after the first visit, in KB as sent compressed; beyond it,
	// it keeps the pages the reader opens and offers to save more.
	BudgetKB int `yaml:"budget_kb"`
	// First lists page keys saved right after the language's home page,
	// before the offline page, shared files and sections.
	First []string `yaml:"first"`
}

// Markdown holds markdown options.
type Markdown struct {
	// UnsafeHTML lets raw HTML in markdown through. Off by default: content
	// is edited by many hands and read by people at risk.
	UnsafeHTML bool `yaml:"unsafe_html"`
}

// Lang returns the configured language with code, or nil.
func (c *Config) Lang(code string) *Language {
	for i := range c.Languages {
		if c.Languages[i].Code == code {
			return &c.Languages[i]
		}
	}
	return nil
}

// Codes lists the language codes in configured order.
func (c *Config) Codes() []string {
	var s []string
	for _, l := range c.Languages {
		s = append(s, l.Code)
	}
	return s
}

// Chain returns the order in which languages are tried for a page in code:
// the language itself, its fallbacks, then the source language.
func (c *Config) Chain(code string) []string {
	chain := []string{code}
	if l := c.Lang(code); l != nil {
		for _, f := range l.Fallback {
			if !slices.Contains(chain, f) {
				chain = append(chain, f)
			}
		}
	}
	if !slices.Contains(chain, c.SourceLanguage) {
		chain = append(chain, c.SourceLanguage)
	}
	return chain
}

func defaults(v *viper.Viper) {
	v.SetDefault("base_url", "http://localhost/")
	v.SetDefault("title", "")
	v.SetDefault("source_language", "en")
	v.SetDefault("theme", "default")
	v.SetDefault("theme_override", "")
	v.SetDefault("output", "public")
	v.SetDefault("drafts", false)
	v.SetDefault("markdown.unsafe_html", false)
	v.SetDefault("repo_url", "")
	v.SetDefault("offline.budget_kb", 300)
	v.SetDefault("offline.first", []string{"getting-help/hotlines"})
}

// Load reads the configuration at name in fsys. flags, if not nil, maps
// config keys to the command-line flags that override them; only flags the
// user set take effect. The returned error is a diag.List.
func Load(fsys fs.FS, name string, flags *pflag.FlagSet, flagKeys map[string]string) (*Config, error) {
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("read configuration: %w (run spean in the site's folder or pass --config)", err)
	}
	return Parse(name, src, flags, flagKeys)
}

// Parse is Load for bytes already read.
func Parse(name string, src []byte, flags *pflag.FlagSet, flagKeys map[string]string) (*Config, error) {
	dec := &yamlpos.Decoder{File: name}
	root, ok := dec.Parse(src)
	if !ok {
		return nil, dec.Diags.Err()
	}
	var strict Config
	dec.Decode(root, &strict)
	if err := dec.Diags.Err(); err != nil {
		return nil, err
	}

	v := viper.New()
	defaults(v)
	v.SetConfigType("yaml")
	if err := v.ReadConfig(bytes.NewReader(src)); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	v.SetEnvPrefix("SPEAN")
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))
	v.AutomaticEnv()
	if flags != nil {
		for key, flag := range flagKeys {
			if f := flags.Lookup(flag); f != nil && f.Changed {
				if err := v.BindPFlag(key, f); err != nil {
					return nil, fmt.Errorf("bind flag --%s: %w", flag, err)
				}
			}
		}
	}
	var cfg Config
	err := v.Unmarshal(&cfg, func(dc *mapstructure.DecoderConfig) {
		dc.TagName = "yaml"
		dc.WeaklyTypedInput = true
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w (check SPEAN_* environment variables and flags)", name, err)
	}
	cfg.File = name
	if errs := cfg.validate(dec.Paths(root)); errs.HasErrors() {
		return nil, errs.Err()
	}
	return &cfg, nil
}

func (c *Config) validate(pos map[string]diag.Pos) diag.List {
	var l diag.List
	at := func(path string) diag.Pos {
		if p, ok := pos[path]; ok {
			return p
		}
		return diag.Pos{File: c.File, Line: 1, Col: 1}
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil || !u.IsAbs() || u.Host == "" {
		l.Errorf(at("base_url"), "config", "base_url %q is not an absolute URL (write it like https://example.org/spean/)", c.BaseURL)
	} else if !strings.HasSuffix(c.BaseURL, "/") {
		c.BaseURL += "/"
	}
	if len(c.Languages) == 0 {
		l.Errorf(at("languages"), "config", "no languages configured (add a languages: list with code and name)")
	}
	seen := map[string]bool{}
	for i, lang := range c.Languages {
		p := fmt.Sprintf("languages[%d]", i)
		if _, err := language.Parse(lang.Code); err != nil || lang.Code == "" || strings.ContainsAny(lang.Code, "/.\\ ") {
			l.Errorf(at(p+".code"), "config", "language code %q is not a BCP 47 language tag", lang.Code)
		}
		if seen[lang.Code] {
			l.Errorf(at(p+".code"), "config", "language %q is configured twice", lang.Code)
		}
		seen[lang.Code] = true
		if lang.Name == "" {
			l.Errorf(at(p), "config", "language %q has no name (its name in its own script, for the language chooser)", lang.Code)
		}
	}
	for i, lang := range c.Languages {
		for j, f := range lang.Fallback {
			if !seen[f] {
				l.Errorf(at(fmt.Sprintf("languages[%d].fallback[%d]", i, j)), "config", "fallback language %q of %q is not configured", f, lang.Code)
			}
		}
	}
	if len(c.Languages) > 0 && !seen[c.SourceLanguage] {
		l.Errorf(at("source_language"), "config", "source_language %q is not one of the configured languages", c.SourceLanguage)
	}
	if c.Output == "" || c.Output == "." || strings.HasPrefix(c.Output, "..") {
		l.Errorf(at("output"), "config", "output %q must be a folder inside the site (for example public)", c.Output)
	}
	if c.Offline.BudgetKB < 0 {
		l.Errorf(at("offline.budget_kb"), "config", "offline.budget_kb %d is negative (0 saves nothing by itself; the default is 300)", c.Offline.BudgetKB)
	}
	if c.Theme == "" || strings.ContainsAny(c.Theme, "/\\") {
		l.Errorf(at("theme"), "config", "theme %q must name a folder in themes/", c.Theme)
	}
	return l
}
