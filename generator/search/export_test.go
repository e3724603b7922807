package search

// Internals the external tests (package search_test, which may import
// package build to load a site) check directly.
var (
	Hash          = hash
	StripComments = stripComments
)
