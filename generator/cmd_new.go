package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"spean/generator/config"
	"spean/generator/content"
	"spean/generator/paths"
	"spean/generator/scaffold"
)

func newCmd(stdout, stderr io.Writer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "new <section>/<slug>",
		Short: "Create a source page with every front-matter field, or with --translate a translation skeleton",
		Long: `new content/<section>/<slug>.<source language>.md with every field of the
content format, as a draft. With --translate km it instead creates the Khmer
translation skeleton from the current source page: the same structure and
text to translate in place, reviewed: false and source_hash set.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, site, err := loadConfig(cmd, nil)
			if err != nil {
				return err
			}
			key, err := scaffold.Key(args[0], cfg.Codes())
			if err != nil {
				return err
			}
			lang, _ := cmd.Flags().GetString("translate")
			src := content.File(key, cfg.SourceLanguage)
			var file string
			var data []byte
			switch {
			case lang == "":
				file = src
				data = scaffold.NewPage(key, time.Now())
			case lang == cfg.SourceLanguage:
				return fmt.Errorf("--translate %s: %s is the source language; run new without --translate", lang, lang)
			case cfg.Lang(lang) == nil:
				return fmt.Errorf("--translate %s: not a configured language (configured: %s)", lang, strings.Join(cfg.Codes(), ", "))
			default:
				file = content.File(key, lang)
				srcData, err := fs.ReadFile(site.FS(), src)
				if err != nil {
					return fmt.Errorf("read the source page: %w (write it first with: spean new %s)", err, key)
				}
				name := cfg.Lang(lang).Name
				if data, err = scaffold.Translate(src, srcData, cfg.SourceLanguage, lang, name); err != nil {
					return err
				}
			}
			// WriteContent never replaces a file (new must not overwrite a
			// writer's work) and never writes through a link.
			if err := site.WriteContent(file, data, true); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "created %s\n", file)
			// Every folder of pages needs its _index page (the build says
			// so too); say it now, while the writer is here.
			if parent := path.Dir(strings.TrimSuffix(key, "/_index")); parent != "." && key != "_index" {
				idx := content.File(parent+"/_index", cfg.SourceLanguage)
				if _, err := fs.Stat(site.FS(), idx); errors.Is(err, fs.ErrNotExist) {
					fmt.Fprintf(stderr, "%s: warning: section %s has no _index page yet (create it with: spean new %s/_index)\n", file, parent, parent)
				}
			}
			return nil
		},
	}
	cmd.Flags().String("translate", "", "language to create a translation skeleton in: a code from config.yaml's languages, like km")
	return cmd
}

func stampCmd(stdout, stderr io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "stamp <file>...",
		Short: "Record that translations are up to date with their source (rewrites only the source_hash line)",
		Long: `stamp sets the source_hash of each translation to the hash of its source
page as it is now. Run it after bringing a translation up to date; every
other byte of the file stays as it was.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, site, err := loadConfig(cmd, nil)
			if err != nil {
				return err
			}
			for _, arg := range args {
				if err := stamp(stdout, cfg, site, arg); err != nil {
					return err
				}
			}
			return nil
		},
	}
}

// stamp stamps one translation; arg is its path, relative to the current
// folder or to the site folder.
func stamp(stdout io.Writer, cfg *config.Config, site *paths.Site, arg string) error {
	abs, err := filepath.Abs(arg)
	if err != nil {
		return err
	}
	if _, err := os.Lstat(abs); err != nil {
		abs = filepath.Join(site.Root, arg)
	}
	rel, err := filepath.Rel(site.Root, abs)
	if err != nil || !filepath.IsLocal(rel) {
		return fmt.Errorf("stamp %s: not inside the site folder %s", arg, site.Root)
	}
	rel = filepath.ToSlash(rel)
	key, lang, err := content.ParseFile(rel, cfg.Codes())
	if err != nil {
		return fmt.Errorf("stamp %s: %w", arg, err)
	}
	if lang == cfg.SourceLanguage {
		return fmt.Errorf("stamp %s: this is the source page; stamp its translations", rel)
	}
	// The hash is of the source's text exactly as the build reads it.
	srcFile := content.File(key, cfg.SourceLanguage)
	src, diags := content.LoadFile(site.FS(), srcFile, cfg.Codes())
	if src == nil {
		return fmt.Errorf("stamp %s: read its source: %w", rel, diags.Err())
	}
	hash := content.SourceHash(&src.Meta, src.Body)
	data, err := fs.ReadFile(site.FS(), rel)
	if err != nil {
		return fmt.Errorf("stamp %s: %w", rel, err)
	}
	out, old, err := scaffold.Stamp(data, hash)
	if err != nil {
		return fmt.Errorf("stamp %s: %w", rel, err)
	}
	if old == hash {
		fmt.Fprintf(stdout, "%s: already up to date with %s (source_hash %s)\n", rel, srcFile, hash)
		return nil
	}
	if err := site.WriteContent(rel, out, false); err != nil {
		return fmt.Errorf("stamp %s: %w", rel, err)
	}
	if old == "" {
		old = "none"
	}
	fmt.Fprintf(stdout, "%s: stamped up to date with %s (source_hash %s → %s)\n", rel, srcFile, old, hash)
	return nil
}
