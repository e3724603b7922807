package main

import (
	"context"

	"spean/generator/diag"
	"spean/generator/leaflet"
	"spean/generator/publish"
	"spean/generator/site"
	"spean/generator/theme"
)

// leaflets makes the print pages: a leaflet per content page, a booklet
// per section, a leaflets index per language. `leaflets --pdf` replaces it
// with one whose index links the PDFs it is about to print.
var leaflets = leaflet.New(leaflet.Options{})

// The renderer switches on the "Print leaflet" link before the pages
// render; the finisher writes the print pages once every renderer has
// published what layouts need, and before the service worker, zips and
// precompression, which include them.
func init() {
	renderers = append(renderers, func(ctx context.Context, s *site.Site, t *theme.Theme, sink publish.Sink) diag.List {
		return leaflets.Renderer(ctx, s, t, sink)
	})
	finishers = append(finishers, func(ctx context.Context, s *site.Site, files *publish.Recorder, sink publish.Sink) diag.List {
		return leaflets.Finisher(ctx, s, files, sink)
	})
}
