package main

import (
	"context"

	"spean/generator/diag"
	"spean/generator/publish"
	"spean/generator/site"
	"spean/generator/status"
	"spean/generator/theme"
)

// statusPage draws /status/, the translation status page. It is not in
// renderers: only `build --status` adds it, last, so every asset name
// other renderers publish for the layouts is known when it renders. File
// paths become links when config.yaml sets repo_url.
func statusPage(ctx context.Context, s *site.Site, t *theme.Theme, sink publish.Sink) diag.List {
	return status.New(s.Config.RepoURL)(ctx, s, t, sink)
}
