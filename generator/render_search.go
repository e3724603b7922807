package main

import "spean/generator/search"

// The search index of every language (before the pages, so layouts get the
// hashed script names) and the search pages (first of the finishing steps,
// when every renderer has published what layouts need, and before the
// service worker, zips and precompression, which must include them).
func init() {
	renderers = append(renderers, search.Renderer)
	finishers = append(finishers, search.Finisher)
}
