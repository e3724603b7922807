package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"spean/generator/build"
	"spean/generator/check"
	"spean/generator/status"
)

// statusCmd prints the translation status as Markdown, for a comment on a
// pull request (docs/github-workflow.yml posts it). build --status draws
// the same status as a page for the site.
func statusCmd(stdout, _ io.Writer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Print the translation status as Markdown (for a pull request comment)",
		Long: `status prints, as Markdown, how many pages of each language are up to date,
not reviewed, outdated or missing. With --changed-since REV it also lists
every page whose file in any language changed on this branch since it left
REV, with its state in each language.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, dir, err := loadConfig(cmd, nil)
			if err != nil {
				return err
			}
			var changed map[string]bool
			if rev, _ := cmd.Flags().GetString("changed-since"); rev != "" {
				if changed, err = check.Changed(cmd.Context(), dir.Root, rev); err != nil {
					return err
				}
			}
			l, diags := build.Load(cfg, dir.FS())
			if diags.HasErrors() {
				return diags.Err()
			}
			s, bundle := l.Site, l.Bundle
			label := func(id string) string {
				if t, err := bundle.T(cfg.SourceLanguage, id, nil, nil); err == nil {
					return t
				}
				return id
			}
			repo, _ := cmd.Flags().GetString("repo-url")
			if repo == "" {
				repo = cfg.RepoURL
			}
			_, err = fmt.Fprint(stdout, string(status.Markdown(s, label, repo, check.RepoPrefix(cmd.Context(), dir.Root), changed)))
			return err
		},
	}
	cmd.Flags().String("changed-since", "", "also list the pages whose files changed since this git revision")
	cmd.Flags().String("repo-url", "", "link files under this address (default: repo_url from the configuration)")
	return cmd
}
