package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"

	"github.com/spf13/cobra"

	"spean/generator/build"
	"spean/generator/leaflet"
)

func init() {
	commands = append(commands, leafletsCmd)
}

// leafletsCmd builds the site with its print pages and, with --pdf, prints
// every leaflet and booklet to PDF into <output>/<lang>/leaflets/, where
// the leaflets index of that build links them.
func leafletsCmd(stdout, stderr io.Writer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "leaflets",
		Short: "Build the site with its printable leaflets and booklets; --pdf also prints them to PDF with Chromium",
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
			pdf, _ := cmd.Flags().GetBool("pdf")
			var printer *leaflet.Printer
			if pdf {
				// Before building: with --pdf the index links the PDFs,
				// so a build that cannot print them must not be published.
				chromium, err := leaflet.Chromium()
				if err == nil {
					printer, err = leaflet.NewPrinter(chromium)
				}
				if err != nil {
					return fmt.Errorf("leaflets --pdf: %w", err)
				}
				defer printer.Close()
				leaflets = leaflet.New(leaflet.Options{PDF: true})
			}
			res, err := build.Run(cmd.Context(), build.Options{FS: site.FS(), Config: cfg, Output: out, Prepare: renderers, Finish: finishers})
			if err != nil {
				return err
			}
			for _, d := range res.Diags {
				fmt.Fprintln(stderr, d.String())
			}
			jobs := leaflet.Jobs(res.Site)
			nl, nb := 0, 0
			for _, j := range jobs {
				if j.Booklet {
					nb++
				} else {
					nl++
				}
			}
			if !pdf {
				fmt.Fprintf(stdout, "%s\nbuilt %d leaflets and %d booklets (HTML) in %s; add --pdf to print them\n", res.Summary(cfg.Codes()), nl, nb, out)
				return nil
			}
			base, err := leaflet.Serve(cmd.Context(), out)
			if err != nil {
				return err
			}
			var total int64
			err = leaflet.PrintAll(cmd.Context(), printer, base, jobs, min(runtime.GOMAXPROCS(0), 4), func(j leaflet.Job, b []byte) error {
				name := filepath.Join(out, filepath.FromSlash(j.PDF))
				if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
					return err
				}
				total += int64(len(b))
				return os.WriteFile(name, b, 0o644)
			})
			if err != nil {
				return fmt.Errorf("leaflets --pdf: %w", err)
			}
			fmt.Fprintf(stdout, "%s\nprinted %d leaflets and %d booklets to PDF (%.1f MB) in %s\n", res.Summary(cfg.Codes()), nl, nb, float64(total)/(1<<20), filepath.Join(out, "*", "leaflets"))
			return nil
		},
	}
	cmd.Flags().Bool("pdf", false, "also print every leaflet and booklet to PDF with headless Chromium")
	cmd.Flags().String("dest", "", "output folder (default from config: public)")
	cmd.Flags().String("base-url", "", "absolute URL the site is published at (the QR codes open it)")
	cmd.Flags().Bool("drafts", false, "include pages with draft: true")
	return cmd
}
