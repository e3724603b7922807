package main

import (
	"io"

	"github.com/spf13/cobra"

	"spean/generator/config"
	"spean/generator/serve"
)

func serveCmd(stdout, stderr io.Writer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Preview the site: build into memory, serve it, rebuild and reload on save",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			flagKeys := map[string]string{"drafts": "drafts"}
			_, site, err := loadConfig(cmd, flagKeys)
			if err != nil {
				return err
			}
			addr, _ := cmd.Flags().GetString("addr")
			expose, _ := cmd.Flags().GetBool("expose")
			hosts, _ := cmd.Flags().GetStringSlice("host")
			file, _ := cmd.Flags().GetString("config")
			return serve.Run(cmd.Context(), serve.Options{
				Site:       site,
				ConfigFile: file,
				LoadConfig: func() (*config.Config, error) { return readConfig(cmd, site, flagKeys) },
				Addr:       addr,
				Expose:     expose,
				Hosts:      hosts,
				Stdout:     stdout,
				Stderr:     stderr,
			})
		},
	}
	cmd.Flags().String("addr", "127.0.0.1:1313", "address to listen on")
	cmd.Flags().Bool("expose", false, "allow --addr to listen beyond this computer (prints a warning)")
	cmd.Flags().StringSlice("host", nil, "host names the preview may be opened with besides localhost and IP addresses (DNS rebinding protection)")
	cmd.Flags().Bool("drafts", false, "include pages with draft: true")
	return cmd
}
