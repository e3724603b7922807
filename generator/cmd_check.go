package main

import (
	"fmt"
	"io"
	"io/fs"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"spean/generator/build"
	"spean/generator/check"
	"spean/generator/diag"
	"spean/generator/paths"
)

func checkCmd(stdout, stderr io.Writer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Report missing, outdated and unreviewed translations and problems in the content",
		Long: `check reports, each with file:line:col, severity, code and hint: missing,
outdated and unreviewed translations, broken links and anchors, front-matter
mistakes, unused UI strings, Zawgyi-encoded Burmese, text in the wrong
script, invisible characters, mixed digits and over-long sentences, and
pages overdue for review: last_reviewed older than the page's
review_interval (its own, its section's, or config.yaml's).

Dates are judged as of today, or of the day given with --as-of, so CI and
tests get the same findings on any day.

Errors always make the exit status 1; with --strict, warnings do too.
Info findings (unreviewed translations) never do. Each line ends with the
finding's code in brackets; "go doc spean/generator/check" lists them.

--format github prints each finding as a GitHub Actions workflow command
(::error file=…,line=…,col=…::…), which a pull request shows on the line.
--changed-since REV (a git revision, e.g. origin/main) keeps only the
findings in files changed on this branch since it left REV, committed or
not; errors are reported wherever they are, since the build refuses them.

--fix rewrites content in place and prints each change: it converts the
paragraphs found to be Zawgyi to Unicode, then replaces the rejected forms
and synonyms of content/_data/terms.yaml's terms with the approved term
where that is unambiguous (outside the glossary; a form across a line
break or listed for two terms is left for a person). --fix-zawgyi does the
first part alone. They are the only commands that edit content.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, site, err := loadConfig(cmd, map[string]string{"drafts": "drafts"})
			if err != nil {
				return err
			}
			name, _ := cmd.Flags().GetString("format")
			format, err := diag.ParseFormat(name)
			if err != nil {
				return fmt.Errorf("--format: %w", err)
			}
			var changed map[string]bool
			if rev, _ := cmd.Flags().GetString("changed-since"); rev != "" {
				if changed, err = check.Changed(cmd.Context(), site.Root, rev); err != nil {
					return err
				}
			}
			strict, _ := cmd.Flags().GetBool("strict")
			fixAll, _ := cmd.Flags().GetBool("fix")
			fixZawgyi, _ := cmd.Flags().GetBool("fix-zawgyi")
			fix := fixAll || fixZawgyi
			var today time.Time
			for _, flag := range []string{"as-of", "today"} {
				if s, _ := cmd.Flags().GetString(flag); s != "" {
					if today, err = time.Parse(time.DateOnly, s); err != nil {
						return fmt.Errorf("--%s %q: want YYYY-MM-DD", flag, s)
					}
					break
				}
			}
			opts := check.Options{Config: cfg, FS: site.FS(), Dir: site.Root, Today: today}
			run := func() *check.Result {
				l, found := build.Load(cfg, opts.FS)
				opts.Site, opts.Bundle, opts.Found = l.Site, l.Bundle, found
				return check.Run(cmd.Context(), opts)
			}
			res := run()
			if fix {
				// With --format json or github, stdout is for the
				// findings alone.
				stdout := stdout
				if format != diag.Text {
					stdout = stderr
				}
				files, err := check.FixZawgyi(opts.FS, res.Site)
				if err != nil {
					return err
				}
				var fixes []check.Fix
				for _, f := range files {
					if err := site.WriteContent(f.Path, f.Data, false); err != nil {
						return fmt.Errorf("fix-zawgyi: %w", err)
					}
					fixes = append(fixes, f.Fixes...)
				}
				for _, f := range fixes {
					fmt.Fprintf(stdout, "%s: converted Zawgyi to Unicode\n", f.Pos)
					for _, l := range strings.Split(f.Before, "\n") {
						fmt.Fprintf(stdout, "  - %s\n", l)
					}
					for _, l := range strings.Split(f.After, "\n") {
						fmt.Fprintf(stdout, "  + %s\n", l)
					}
				}
				fmt.Fprintf(stdout, "fixed %d Zawgyi paragraph(s)\n", len(fixes))
				if len(fixes) > 0 {
					res = run()
				}
				if fixAll {
					// After Zawgyi: a term is only found in Unicode text.
					n, err := fixTerms(stdout, site, opts.FS, res)
					if err != nil {
						return err
					}
					if n > 0 {
						res = run()
					}
				}
			}
			if changed != nil {
				res.Diags = check.OnlyChanged(res.Diags, changed)
			}
			e, w, i := res.Diags.Counts()
			// Findings for people go to stderr, like every message; JSON
			// and GitHub's workflow commands go to stdout, where tools
			// read them.
			out, prefix := stderr, ""
			if format != diag.Text {
				out = stdout
			}
			if format == diag.GitHub {
				prefix = check.RepoPrefix(cmd.Context(), site.Root)
			}
			if err := format.Write(out, res.Diags, prefix); err != nil {
				return err
			}
			if format != diag.JSON {
				fmt.Fprintf(stderr, "check: %d error(s), %d warning(s), %d info\n", e, w, i)
			}
			if check.Fails(res.Diags, strict) {
				if strict && e == 0 {
					return fmt.Errorf("check --strict: %d warning(s)", w)
				}
				return fmt.Errorf("check: %d error(s)", e)
			}
			return nil
		},
	}
	cmd.Flags().String("format", "text", "output format: text (to stderr), json or github (workflow annotations; both to stdout)")
	cmd.Flags().String("changed-since", "", "report only findings in files changed since this git revision (from where the branch left it; errors are always reported)")
	cmd.Flags().Bool("strict", false, "exit with status 1 on warnings too (info never fails)")
	cmd.Flags().Bool("fix", false, "convert Zawgyi to Unicode and replace rejected forms and synonyms of terms with the approved term, rewriting the files in place")
	cmd.Flags().Bool("fix-zawgyi", false, "convert the Zawgyi paragraphs found to Unicode, rewriting the files in place")
	cmd.Flags().Bool("drafts", false, "check pages with draft: true too")
	cmd.Flags().String("as-of", "", "judge future dates and overdue reviews as of this day (YYYY-MM-DD) instead of today")
	// --today is the flag's first name, kept for scripts that use it.
	cmd.Flags().String("today", "", "the same as --as-of")
	_ = cmd.Flags().MarkHidden("today")
	return cmd
}

// fixTerms writes check.FixTerms's files and prints each replacement; it
// returns how many were made.
func fixTerms(stdout io.Writer, site *paths.Site, fsys fs.FS, res *check.Result) (int, error) {
	files, err := check.FixTerms(fsys, res.Site)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, f := range files {
		if err := site.WriteContent(f.Path, f.Data, false); err != nil {
			return n, fmt.Errorf("fix: %w", err)
		}
		for _, r := range f.Replacements {
			fmt.Fprintf(stdout, "%s: %q → %q\n", r.Pos, r.Old, r.New)
			n++
		}
	}
	fmt.Fprintf(stdout, "replaced %d term form(s)\n", n)
	return n, nil
}
