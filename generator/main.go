// Command generator is Spean's command line: `go run ./generator build`
// turns content/, themes/, i18n/ and config.yaml into a static site.
//
// This is the only place that prints to the terminal or exits. The rule for
// messages, written once: results go to stdout; errors and warnings go to
// stderr, one per line, as `file:line:col: message`, lowercase, and any error
// makes the exit status 1.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"runtime/trace"

	"github.com/spf13/cobra"

	"spean/generator/build"
	"spean/generator/config"
	"spean/generator/diag"
	"spean/generator/paths"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run is main without the process: tests call it directly.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := &cobra.Command{
		Use:           "spean",
		Short:         "Spean builds the safe-migration knowledge base",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetArgs(args)
	root.PersistentFlags().String("config", "config.yaml", "configuration file")
	root.PersistentFlags().String("source", ".", "site folder (with content/, themes/, i18n/)")
	for _, add := range []func(stdout, stderr io.Writer) *cobra.Command{
		buildCmd, serveCmd, checkCmd, statusCmd, newCmd, stampCmd, leafletsCmd,
	} {
		root.AddCommand(add(stdout, stderr))
	}
	if err := root.ExecuteContext(ctx); err != nil {
		printErr(stderr, err)
		return 1
	}
	return 0
}

// printErr prints diagnostics one per line, or a plain error prefixed.
func printErr(w io.Writer, err error) {
	var l diag.List
	if errors.As(err, &l) {
		l.Sort()
		for _, d := range l {
			fmt.Fprintln(w, d.String())
		}
		n := 0
		for _, d := range l {
			if d.Severity == diag.Error {
				n++
			}
		}
		fmt.Fprintf(w, "spean: %d error(s)\n", n)
		return
	}
	fmt.Fprintf(w, "spean: %v\n", err)
}

// loadConfig opens the --source site folder and reads the configuration
// named by --config in it, with flag overrides from cmd. Everything the
// command reads afterwards comes through the returned site's FS, which
// refuses files outside the site folder.
func loadConfig(cmd *cobra.Command, flagKeys map[string]string) (*config.Config, *paths.Site, error) {
	dir, _ := cmd.Flags().GetString("source")
	site, err := paths.Open(dir)
	if err != nil {
		return nil, nil, err
	}
	cfg, err := readConfig(cmd, site, flagKeys)
	return cfg, site, err
}

// readConfig reads the configuration of site named by --config, and sets
// the site's read limits from it. serve calls it again when the file
// changes.
func readConfig(cmd *cobra.Command, site *paths.Site, flagKeys map[string]string) (*config.Config, error) {
	file, _ := cmd.Flags().GetString("config")
	rel := file
	if filepath.IsAbs(file) {
		if r, err := filepath.Rel(site.Root, file); err == nil {
			rel = r
		}
	}
	if !filepath.IsLocal(rel) {
		return nil, fmt.Errorf("--config %s must be inside the site folder %s", file, site.Root)
	}
	site.MaxFileSize = defaultMaxFileSize
	cfg, err := config.Load(site.FS(), filepath.ToSlash(filepath.Clean(rel)), cmd.Flags(), flagKeys)
	if err != nil {
		return nil, err
	}
	site.MaxFileSize = int64(cfg.Limits.MaxFileSize)
	if err := site.Allow(cfg.ReadRoots); err != nil {
		return nil, fmt.Errorf("%s: %w", cfg.File, err)
	}
	return cfg, nil
}

// defaultMaxFileSize bounds config.yaml itself, read before its limits are.
const defaultMaxFileSize = 5 << 20

// outputDir is the checked output folder of a command that publishes.
func outputDir(cfg *config.Config, site *paths.Site) (string, error) {
	return site.Output(cfg.Output, cfg.Origin("output"), cfg.File)
}

func buildCmd(stdout, stderr io.Writer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "build",
		Short: "Build the site into the output folder (public/ by default)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, site, err := loadConfig(cmd, map[string]string{"output": "dest", "base_url": "base-url", "drafts": "drafts"})
			if err != nil {
				return err
			}
			out, err := outputDir(cfg, site)
			if err != nil {
				return err
			}
			quiet, _ := cmd.Flags().GetBool("quiet")
			if prof, _ := cmd.Flags().GetString("cpuprofile"); prof != "" {
				stopProf, err := startCPUProfile(prof)
				if err != nil {
					return err
				}
				defer stopProf()
			}
			if file, _ := cmd.Flags().GetString("trace"); file != "" {
				stopTrace, err := startTrace(file)
				if err != nil {
					return err
				}
				defer stopTrace()
			}
			withStatus, _ := cmd.Flags().GetBool("status")
			opts := build.Options{FS: site.FS(), Config: cfg, Output: out, Status: withStatus}
			if t, _ := cmd.Flags().GetBool("timings"); t {
				opts.Timings = stderr
			}
			res, err := build.Run(cmd.Context(), opts)
			if err != nil {
				return err
			}
			if !quiet {
				for _, d := range res.Diags {
					fmt.Fprintln(stderr, d.String())
				}
			}
			if !quiet {
				fmt.Fprintln(stdout, res.Summary(cfg.Codes()))
				exampleURLNote(stdout, cfg)
			}
			return nil
		},
	}
	cmd.Flags().String("dest", "", "output folder (default from config: public)")
	cmd.Flags().String("base-url", "", "absolute URL the site is published at")
	cmd.Flags().Bool("drafts", false, "include pages with draft: true")
	cmd.Flags().Bool("quiet", false, "print only errors")
	cmd.Flags().String("cpuprofile", "", "write a CPU profile of the build to this file (for go tool pprof)")
	_ = cmd.Flags().MarkHidden("cpuprofile")
	cmd.Flags().String("trace", "", "write an execution trace of the build to this file (for go tool trace)")
	_ = cmd.Flags().MarkHidden("trace")
	cmd.Flags().Bool("timings", false, "print how long each step of the build took, in wall and CPU time, to standard error")
	cmd.Flags().Bool("status", false, "also write the translation status page, status/index.html, for coordinators")
	return cmd
}

// startCPUProfile profiles the build for developers chasing build time.
func startCPUProfile(file string) (func(), error) {
	return record(file, pprof.StartCPUProfile, pprof.StopCPUProfile)
}

// startTrace records the build's execution trace (runtime/trace) for
// developers. A profile says what took CPU time; a trace shows when a core
// sat idle and which goroutine the others waited for, which is where a
// rebuild after one edit, on one core for much of its time, goes.
func startTrace(file string) (func(), error) {
	return record(file, trace.Start, trace.Stop)
}

// record starts a recorder of the build (start, stop: the CPU profiler's
// or the tracer's) writing to file, and returns what stops it and closes
// the file.
func record(file string, start func(io.Writer) error, stop func()) (func(), error) {
	f, err := os.Create(file)
	if err != nil {
		return nil, err
	}
	if err := start(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { stop(); f.Close() }, nil
}

// exampleURLNote says, when base_url is still an example address, to set
// it before publishing: build says it, and leaflets, whose QR codes and
// addresses go on paper that cannot be corrected once handed out.
func exampleURLNote(w io.Writer, cfg *config.Config) {
	if cfg.ExampleURL() {
		fmt.Fprintf(w, "note: base_url %s is an example address: before publishing, set base_url in %s (or SPEAN_BASE_URL) to the site's address, or link previews, the sitemap and the QR codes on leaflets lead nowhere (docs/deploy.md)\n", cfg.BaseURL, cfg.File)
	}
}
