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
	"os"
	"reflect"
	"slices"
	"strings"

	"github.com/go-viper/mapstructure/v2"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
	"golang.org/x/text/language"

	"spean/generator/diag"
	"spean/generator/paths"
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
	// ReadRoots are folders outside the site that symbolic links inside it
	// may point into. Empty by default: a link that leads out of the site
	// is an error, so a pull request cannot publish /proc/self/environ.
	ReadRoots []string `yaml:"read_roots"`
	// Limits bound what one input file may cost.
	Limits Limits `yaml:"limits"`
	// ReviewInterval is how many days a page's facts are trusted after
	// its last_reviewed date, unless the page or a section above it sets
	// its own review_interval: check warns once it has passed, and
	// readers' phones show a notice.
	ReviewInterval int `yaml:"review_interval"`
	// Offline says how much of the site the service worker keeps on a
	// reader's phone without being asked.
	Offline Offline `yaml:"offline"`
	// Deploy holds what the build makes for the server that hosts it.
	Deploy Deploy `yaml:"deploy"`
	// Search sizes the search index's files (generator/search).
	Search Search `yaml:"search"`

	// File is where the configuration was read from, for messages.
	File string `yaml:"-"`
	// origins says where each key's value came from, for messages.
	origins map[string]string
}

// Limits bound the size and shape of input, so a mistaken or hostile file
// is refused with a message instead of taking minutes and gigabytes.
// Sizes are written like 5MB or 64KB.
type Limits struct {
	// MaxFileSize is the largest input file (default 5MB).
	MaxFileSize Size `yaml:"max_file_size"`
	// MaxBlockSize is the largest markdown block: a paragraph, list or
	// table without a blank line (default 32KB, about 250 table rows).
	// Inline syntax costs more than linear time in the size of a block.
	MaxBlockSize Size `yaml:"max_block_size"`
	// MaxNesting is how deeply lists and block quotes may nest (default 32).
	MaxNesting int `yaml:"max_nesting"`
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
	// Countries are the origin countries whose workers read the language
	// (km: kh). A printed leaflet or booklet in it whose pages name no
	// countries lists the hotlines serving these, not Cambodia's police on
	// a Burmese leaflet. Omitted: every hotline (English, Thai).
	Countries []string `yaml:"countries"`
}

// Countries are the origin countries a page, a hotline or a language may
// name: Cambodia, Laos, Myanmar.
var Countries = []string{"kh", "la", "mm"}

// CountryNames says what each of Countries means, for messages.
const CountryNames = "kh = Cambodia, la = Laos, mm = Myanmar"

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

// Deploy holds what the build makes for the server (generator/deploy).
type Deploy struct {
	// Precompress writes .gz and .br copies beside every text file, for
	// servers that send them as they are (nginx gzip_static). Off by
	// default: most hosts compress on the fly, and on a large site the
	// copies cost more build time than everything else and double the
	// files uploaded.
	Precompress bool `yaml:"precompress"`
}

// Search holds the search index's packing.
type Search struct {
	// MaxFiles is the most files one language's index is written as (0:
	// no limit; at least 3, one of each kind). An index that would take
	// more is written as one file, a pack, which search.js reads with
	// range requests (search/pack.go); a host that does not answer ranges
	// sends the whole pack at the first search.
	MaxFiles int `yaml:"max_files"`
	// PartKB is the size, in KiB, at which a pack's part is closed (the
	// default 8192; at most 25600, the 25 MiB a file Cloudflare Pages
	// takes, the strictest host in docs/deploy.md).
	PartKB int `yaml:"part_kb"`
}

// Markdown holds markdown options.
type Markdown struct {
	// UnsafeHTML lets raw HTML in markdown through. Off by default: content
	// is edited by many hands and read by people at risk.
	UnsafeHTML bool `yaml:"unsafe_html"`
	// HeadingClasses are the classes a heading's {…} attributes may give
	// (`## Fees {#fees .wide}`); with raw HTML off, no other attribute
	// than an id is allowed.
	HeadingClasses []string `yaml:"heading_classes"`
}

// DefaultReviewInterval is the review interval when config.yaml sets none:
// about six months, the pace at which Thai rules for migrant workers
// (registration windows, fees, deadlines) have been changing.
const DefaultReviewInterval = 180

// MinReviewInterval is the shortest review interval config.yaml or a page
// may set. Readers are told in whole months how long ago a page was
// checked, so a shorter interval would have them told "1 month" about a
// page checked days ago; and nobody re-checks a page every week.
const MinReviewInterval = 30

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
	v.SetDefault("read_roots", []string{})
	v.SetDefault("markdown.heading_classes", []string{})
	v.SetDefault("limits.max_file_size", "5MB")
	v.SetDefault("limits.max_block_size", "32KB")
	v.SetDefault("limits.max_nesting", 32)
	v.SetDefault("review_interval", DefaultReviewInterval)
	v.SetDefault("offline.budget_kb", 300)
	v.SetDefault("offline.first", []string{"getting-help/hotlines"})
	v.SetDefault("deploy.precompress", false)
	v.SetDefault("search.max_files", 1000)
	v.SetDefault("search.part_kb", 8192)
}

// EnvPrefix starts the environment variable of every key: SPEAN_BASE_URL.
const EnvPrefix = "SPEAN"

// EnvName is the environment variable that overrides key.
func EnvName(key string) string {
	return EnvPrefix + "_" + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
}

// Origin says where key's value came from, in the words a message should
// use to point the user at it: "--dest", "SPEAN_OUTPUT",
// "config.yaml:5:9 (output)" or "the default output".
func (c *Config) Origin(key string) string {
	if o, ok := c.origins[key]; ok {
		return o
	}
	return "the default " + key
}

// Load reads the configuration at name in fsys. flags, if not nil, maps
// config keys to the command-line flags that override them; only flags the
// user set take effect. The returned error is a diag.List.
func Load(fsys fs.FS, name string, flags *pflag.FlagSet, flagKeys map[string]string) (*Config, error) {
	if _, err := fs.Stat(fsys, name); err != nil {
		return nil, fmt.Errorf("read configuration: %w (run spean in the site's folder or pass --config)", err)
	}
	src, diags := paths.ReadText(fsys, name)
	if diags.HasErrors() {
		return nil, diags.Err()
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
	// The file is decoded strictly first, for its mistakes at their
	// places; the checks of values below run all the same, so that one
	// run reports every mistake, less those at a place already reported.
	var strict Config
	dec.Decode(root, &strict)

	v := viper.New()
	defaults(v)
	v.SetConfigType("yaml")
	if err := v.ReadConfig(bytes.NewReader(src)); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	v.SetEnvPrefix(EnvPrefix)
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
		dc.DecodeHook = sizeHook
	})
	// overridden names the flag or environment variable that set key,
	// "" when the file did (or the default).
	overridden := func(key string) string {
		if flag := flagKeys[key]; flag != "" && flags != nil && flags.Lookup(flag) != nil && flags.Lookup(flag).Changed {
			return "--" + flag
		}
		if os.Getenv(EnvName(key)) != "" {
			return EnvName(key)
		}
		return ""
	}
	if err != nil {
		if dec.Diags.HasErrors() {
			return nil, dec.Diags.Err()
		}
		// The file's values decoded strictly above, so a value that
		// does not is an override's: name it.
		var l diag.List
		for _, key := range quotedKeys(err.Error()) {
			if o := overridden(key); o != "" {
				l.Errorf(diag.Pos{File: o}, "config", "%q cannot be read as %s: %s", overrideValue(o, flags), key, why(err.Error(), key))
			}
		}
		if len(l) == 0 {
			return nil, fmt.Errorf("%s: %w (check SPEAN_* environment variables and flags)", name, err)
		}
		return nil, l.Err()
	}
	cfg.File = name
	paths := dec.Paths(root)
	cfg.origins = map[string]string{}
	for _, key := range []string{"output", "base_url", "drafts", "theme", "markdown.unsafe_html"} {
		if o := overridden(key); o != "" {
			cfg.origins[key] = o
		} else if p, ok := paths[key]; ok {
			cfg.origins[key] = fmt.Sprintf("%s (%s)", p, key)
		}
	}
	errs := dec.Diags
	reported := map[diag.Pos]bool{}
	for _, d := range errs {
		reported[d.Pos] = true
	}
	for _, d := range cfg.validate(paths, overridden) {
		if !reported[d.Pos] {
			errs = append(errs, d)
		}
	}
	if errs.HasErrors() {
		return nil, errs.Err()
	}
	return &cfg, nil
}

// quotedKeys are the names a decoding error quotes ('review_interval').
func quotedKeys(msg string) []string {
	var keys []string
	for {
		_, rest, ok := strings.Cut(msg, "'")
		if !ok {
			return keys
		}
		key, after, ok := strings.Cut(rest, "'")
		if !ok {
			return keys
		}
		if key != "" && !strings.ContainsAny(key, " \t") && !slices.Contains(keys, key) {
			keys = append(keys, key)
		}
		msg = after
	}
}

// why is what a decoding error says of key: its line, less the key and
// the parser's own words ("cannot parse value as 'int'").
func why(msg, key string) string {
	for line := range strings.Lines(msg) {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "'"+key+"' "); ok {
			rest, _, _ = strings.Cut(rest, ": strconv.")
			return rest
		}
	}
	return msg
}

// overrideValue is the value an override named o (a flag or an
// environment variable) gave.
func overrideValue(o string, flags *pflag.FlagSet) string {
	if flag, ok := strings.CutPrefix(o, "--"); ok && flags != nil {
		if f := flags.Lookup(flag); f != nil {
			return f.Value.String()
		}
	}
	return os.Getenv(o)
}

// validate checks the values; pos gives each key's place in the file, and
// overridden names the flag or environment variable that set a key
// instead, which a finding about it names.
func (c *Config) validate(pos map[string]diag.Pos, overridden func(key string) string) diag.List {
	var l diag.List
	at := func(path string) diag.Pos {
		if o := overridden(path); o != "" {
			return diag.Pos{File: o}
		}
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
		for j, c := range lang.Countries {
			if !slices.Contains(Countries, c) {
				l.Errorf(at(fmt.Sprintf("languages[%d].countries[%d]", i, j)), "config", "country %q of language %q is not one of %s (%s)", c, lang.Code, strings.Join(Countries, ", "), CountryNames)
			}
		}
	}
	if len(c.Languages) > 0 && !seen[c.SourceLanguage] {
		l.Errorf(at("source_language"), "config", "source_language %q is not one of the configured languages", c.SourceLanguage)
	}
	if c.Limits.MaxFileSize <= 0 {
		l.Errorf(at("limits.max_file_size"), "config", "limits.max_file_size must be a size like 5MB")
	}
	if c.Limits.MaxBlockSize <= 0 {
		l.Errorf(at("limits.max_block_size"), "config", "limits.max_block_size must be a size like 32KB")
	}
	if c.Limits.MaxNesting <= 0 {
		l.Errorf(at("limits.max_nesting"), "config", "limits.max_nesting must be a whole number above 0")
	}
	if c.ReviewInterval < MinReviewInterval {
		l.Errorf(at("review_interval"), "config", "review_interval %d is shorter than %d days (it counts days: 90 is about three months)", c.ReviewInterval, MinReviewInterval)
	}
	if c.Offline.BudgetKB < 0 {
		l.Errorf(at("offline.budget_kb"), "config", "offline.budget_kb %d is negative (0 saves nothing by itself; the default is 300)", c.Offline.BudgetKB)
	}
	if c.Search.MaxFiles < 0 || c.Search.MaxFiles > 0 && c.Search.MaxFiles < 3 {
		l.Errorf(at("search.max_files"), "config", "search.max_files %d: the index needs at least 3 files a language, one of each kind (0: never packed, see search/pack.go; the default is 1000)", c.Search.MaxFiles)
	}
	if c.Search.PartKB < 16 || c.Search.PartKB > 25600 {
		l.Errorf(at("search.part_kb"), "config", "search.part_kb %d: a pack's parts must be 16 to 25600 KiB (25 MiB, what Cloudflare Pages takes a file; the default is 8192)", c.Search.PartKB)
	}
	if c.Theme == "" || strings.ContainsAny(c.Theme, "/\\") {
		l.Errorf(at("theme"), "config", "theme %q must name a folder in themes/", c.Theme)
	}
	return l
}

// Size is a number of bytes, written in YAML as 5MB, 64KB, 512B or a bare
// number of bytes.
type Size int64

var sizeUnits = []struct {
	suffix string
	n      int64
}{{"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"B", 1}}

// ParseSize reads a size like 5MB.
func ParseSize(s string) (Size, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range sizeUnits {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.n
			break
		}
	}
	var n int64
	if _, err := fmt.Sscanf(t, "%d", &n); err != nil || n <= 0 || fmt.Sprint(n) != t {
		return 0, fmt.Errorf("%q is not a size like 5MB or 64KB", s)
	}
	return Size(n * mult), nil
}

// UnmarshalText reads a size from config.yaml.
func (s *Size) UnmarshalText(b []byte) error {
	v, err := ParseSize(string(b))
	*s = v
	return err
}

// sizeHook lets viper fill a Size from "5MB" as well as from a number.
func sizeHook(from, to reflect.Type, data any) (any, error) {
	if to != reflect.TypeOf(Size(0)) {
		return data, nil
	}
	switch v := data.(type) {
	case string:
		return ParseSize(v)
	case int:
		return Size(v), nil
	case int64:
		return Size(v), nil
	}
	return data, nil
}

// ExampleURL reports whether base_url names an address kept for examples
// (RFC 2606 and 6761: example.com, .net and .org and the names under
// them, and the .example, .test, .invalid and .localhost domains), as the
// shipped config.yaml's placeholder does. A site published with one links
// its previews, sitemap and the QR codes on its leaflets to an address
// that leads nowhere. It is no error: a site is built before it has an
// address, and the shipped knowledge base has none.
func (c *Config) ExampleURL() bool {
	u, err := url.Parse(c.BaseURL)
	if err != nil {
		return false
	}
	host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	for _, d := range []string{"example.com", "example.net", "example.org"} {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	for _, tld := range []string{"example", "test", "invalid", "localhost"} {
		if host == tld || strings.HasSuffix(host, "."+tld) {
			return true
		}
	}
	return false
}
