package search

// Internals the external tests (package search_test, which may import
// package build to load a site) check directly.
var (
	Hash         = hash
	AppendQuoted = appendQuoted
)

// NumDigits are the digits of the postings encoding.
const NumDigits = numDigits

// Limits of positions kept per term, for TestFewerPositions.
const (
	MaxDocsWithPositions = maxDocsWithPositions
	FewPositions         = fewPositions
)

// BuildWith is Build with helpers analysing text ahead (eachAnalysed).
var BuildWith = build
