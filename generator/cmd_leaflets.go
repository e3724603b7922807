package main

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/spf13/cobra"

	"spean/generator/build"
	"spean/generator/leaflet"
)

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
			opts := build.Options{FS: site.FS(), Config: cfg, Output: out}
			if pdf {
				// Before building: with --pdf the index links the PDFs,
				// and the build prints them before it publishes, so a
				// build that cannot print them publishes nothing.
				chromium, err := leaflet.Chromium()
				if err == nil {
					opts.Printer, err = leaflet.NewPrinter(chromium)
				}
				if err != nil {
					return fmt.Errorf("leaflets --pdf: %w", err)
				}
				defer opts.Printer.Close()
			}
			res, err := build.Run(cmd.Context(), opts)
			if err != nil {
				if pdf {
					return fmt.Errorf("leaflets --pdf: nothing published: %w", err)
				}
				return err
			}
			for _, d := range res.Diags {
				fmt.Fprintln(stderr, d.String())
			}
			nl, nb := 0, 0
			for _, j := range leaflet.Jobs(res.Site) {
				if j.Booklet {
					nb++
				} else {
					nl++
				}
			}
			if !pdf {
				fmt.Fprintf(stdout, "%s\nbuilt %d leaflets and %d booklets (HTML) in %s; add --pdf to print them\n", res.Summary(cfg.Codes()), nl, nb, out)
			} else {
				fmt.Fprintf(stdout, "%s\nprinted %d leaflets and %d booklets to PDF (%.1f MB) in %s\n", res.Summary(cfg.Codes()), nl, nb, float64(res.PDFBytes)/(1<<20), filepath.Join(out, "*", "leaflets"))
			}
			exampleURLNote(stdout, cfg)
			return nil
		},
	}
	cmd.Flags().Bool("pdf", false, "also print every leaflet and booklet to PDF with headless Chromium")
	cmd.Flags().String("dest", "", "output folder (default from config: public)")
	cmd.Flags().String("base-url", "", "absolute URL the site is published at (the QR codes open it)")
	cmd.Flags().Bool("drafts", false, "include pages with draft: true")
	return cmd
}
