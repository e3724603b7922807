package main

import (
	"io"
	"reflect"

	"github.com/spf13/cobra"

	"spean/generator/build"
	"spean/generator/config"
	"spean/generator/deploy"
	"spean/generator/offline"
	"spean/generator/serve"
)

func init() {
	commands = append(commands, serveCmd)
}

// previewFinishers are the finishers serve runs: all but those that only
// matter for publishing. Zips and precompressed copies would cost seconds
// per save on a large site and nobody downloads them from a preview; the
// service worker would keep saved copies of pages and fight live reload
// (the dev server answers /sw.js with a worker that removes itself); the
// files for static hosts describe a published site.
func previewFinishers() []build.Finisher {
	skip := []build.Finisher{offline.ServiceWorker, offline.Zips, offline.Precompress, deploy.Files}
	var out []build.Finisher
next:
	for _, f := range finishers {
		for _, s := range skip {
			if reflect.ValueOf(f).Pointer() == reflect.ValueOf(s).Pointer() {
				continue next
			}
		}
		out = append(out, f)
	}
	return out
}

func serveCmd(stdout, stderr io.Writer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Preview the site: build into memory, serve it, rebuild and reload on save",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			flagKeys := map[string]string{"drafts": "drafts"}
			cfg, dir, err := loadConfig(cmd, flagKeys)
			if err != nil {
				return err
			}
			_ = cfg
			addr, _ := cmd.Flags().GetString("addr")
			expose, _ := cmd.Flags().GetBool("expose")
			file, _ := cmd.Flags().GetString("config")
			return serve.Run(cmd.Context(), serve.Options{
				Dir:        dir,
				ConfigFile: file,
				LoadConfig: func() (*config.Config, error) {
					c, _, err := loadConfig(cmd, flagKeys)
					return c, err
				},
				Stages: serve.Stages{Prepare: renderers, Finish: previewFinishers()},
				Addr:   addr,
				Expose: expose,
				Stdout: stdout,
				Stderr: stderr,
			})
		},
	}
	cmd.Flags().String("addr", "127.0.0.1:1313", "address to listen on")
	cmd.Flags().Bool("expose", false, "allow --addr to listen beyond this computer (prints a warning)")
	cmd.Flags().Bool("drafts", false, "include pages with draft: true")
	return cmd
}
