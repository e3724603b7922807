package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"spean/generator/content"
	"spean/generator/scaffold"
)

func init() {
	commands = append(commands, newCmd, stampCmd)
}

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
			cfg, dir, err := loadConfig(cmd, nil)
			if err != nil {
				return err
			}
			key, err := scaffold.Key(args[0])
			if err != nil {
				return err
			}
			lang, _ := cmd.Flags().GetString("translate")
			src := scaffold.File(key, cfg.SourceLanguage)
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
				file = scaffold.File(key, lang)
				srcData, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(src)))
				if err != nil {
					return fmt.Errorf("read the source page: %w (write it first with: spean new %s)", err, key)
				}
				name := cfg.Lang(lang).Name
				if data, err = scaffold.Translate(src, srcData, cfg.SourceLanguage, lang, name); err != nil {
					return err
				}
			}
			if err := createFile(filepath.Join(dir, filepath.FromSlash(file)), data); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "created %s\n", file)
			// Every folder of pages needs its _index page (the build says
			// so too); say it now, while the writer is here.
			if parent := path.Dir(strings.TrimSuffix(key, "/_index")); parent != "." && key != "_index" {
				idx := scaffold.File(parent+"/_index", cfg.SourceLanguage)
				if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(idx))); errors.Is(err, fs.ErrNotExist) {
					fmt.Fprintf(stderr, "%s: warning: section %s has no _index page yet (create it with: spean new %s/_index)\n", file, parent, parent)
				}
			}
			return nil
		},
	}
	cmd.Flags().String("translate", "", "language to create a translation skeleton in (km, lo, my, th)")
	return cmd
}

// createFile writes a new file, refusing to replace one: new must never
// overwrite a writer's work.
func createFile(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return fmt.Errorf("create %s: %w", name, err)
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s already exists; edit it instead", name)
		}
		return fmt.Errorf("create %s: %w", name, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", name, err)
	}
	return f.Close()
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
			cfg, dir, err := loadConfig(cmd, nil)
			if err != nil {
				return err
			}
			for _, arg := range args {
				if err := stamp(stdout, cfg.SourceLanguage, cfg.Codes(), dir, arg); err != nil {
					return err
				}
			}
			return nil
		},
	}
}

// stamp stamps one translation; arg is its path, relative to the current
// folder or to the site folder.
func stamp(stdout io.Writer, srcLang string, langs []string, dir, arg string) error {
	abs, err := filepath.Abs(arg)
	if err != nil {
		return err
	}
	if _, err := os.Stat(abs); err != nil {
		abs = filepath.Join(dir, arg)
	}
	rel, err := filepath.Rel(dir, abs)
	if err != nil || !filepath.IsLocal(rel) {
		return fmt.Errorf("stamp %s: not inside the site folder %s", arg, dir)
	}
	rel = filepath.ToSlash(rel)
	base := strings.TrimSuffix(path.Base(rel), ".md")
	i := strings.LastIndex(base, ".")
	if !strings.HasPrefix(rel, "content/") || !strings.HasSuffix(rel, ".md") || i < 0 || !slices.Contains(langs, base[i+1:]) {
		return fmt.Errorf("stamp %s: not a content file named <slug>.<lang>.md", arg)
	}
	lang := base[i+1:]
	if lang == srcLang {
		return fmt.Errorf("stamp %s: this is the source page; stamp its translations", rel)
	}
	src := path.Join(path.Dir(rel), base[:i]+"."+srcLang+".md")
	srcData, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(src)))
	if err != nil {
		return fmt.Errorf("stamp %s: read its source: %w", rel, err)
	}
	body, err := scaffold.Body(srcData)
	if err != nil {
		return fmt.Errorf("stamp %s: %s: %w", rel, src, err)
	}
	hash := content.BodyHash(body)
	info, err := os.Stat(abs)
	if err != nil {
		return fmt.Errorf("stamp %s: %w", rel, err)
	}
	data, err := os.ReadFile(abs)
	if err != nil {
		return fmt.Errorf("stamp %s: %w", rel, err)
	}
	out, old, err := scaffold.Stamp(data, hash)
	if err != nil {
		return fmt.Errorf("stamp %s: %w", rel, err)
	}
	if old == hash {
		fmt.Fprintf(stdout, "%s: already up to date with %s (source_hash %s)\n", rel, src, hash)
		return nil
	}
	if err := os.WriteFile(abs, out, info.Mode().Perm()); err != nil {
		return fmt.Errorf("stamp %s: %w", rel, err)
	}
	if old == "" {
		old = "none"
	}
	fmt.Fprintf(stdout, "%s: stamped up to date with %s (source_hash %s → %s)\n", rel, src, old, hash)
	return nil
}
