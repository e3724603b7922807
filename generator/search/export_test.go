package search

import "io"

// Internals the external tests (package search_test, which may import
// package build to load a site) check directly.
var (
	Hash         = hash
	AppendQuoted = appendQuoted
	WriteFiles   = writeFiles
	FileOf       = fileOf
)

// NumDigits are the digits of the postings encoding.
const NumDigits = numDigits

// Limits of positions kept per term, for TestFewerPositions.
const (
	MaxDocsWithPositions = maxDocsWithPositions
	FewPositions         = fewPositions
)

// BuildWith is Build with helpers analysing text ahead (eachAnalysed).
func BuildWith(lang string, pages []Page, groups [][]string, helpers int) *Index {
	return build(lang, pages, groups, helpers, nil)
}

// BuildKept is BuildWith over the segments file of a previous build, prev
// (nil: none), writing this build's to w (nil: none); it returns the index,
// how many pages it put in from prev (segments.go) and whether it spliced
// the postings from prev's (splice.go).
func BuildKept(lang string, pages []Page, groups [][]string, helpers int, prev []byte, w io.WriteCloser) (*Index, int, bool) {
	sg := newSegments(lang, groups, prev, w)
	ix := build(lang, pages, groups, helpers, sg)
	if sg.w != nil {
		if err := sg.w.close(); err != nil {
			panic(err)
		}
	}
	return ix, sg.replayed, sg.spliced
}

// EncodeKept builds and encodes the index as a build into a folder does
// (files), over the segments file of a previous build, prev (nil: none),
// and the files of the index that build wrote, prevOut (nil: none), whose
// pack's shards it may copy (shards.go); it returns the files, this
// build's segments file and how many shards it copied.
func EncodeKept(lang string, pages []Page, groups [][]string, helpers int, o Options, prev []byte, prevOut *Output) (Output, []byte, int) {
	var w bufCloser
	sg := newSegments(lang, groups, prev, &w)
	if prevOut != nil && prevOut.Pack != "" && sg.file != nil {
		var parts [][]byte
		for _, f := range prevOut.Files[1:] {
			parts = append(parts, f.Data)
		}
		var err error
		if sg.pack, err = OpenPack(prevOut.Files[0].Name, prevOut.Files[0].Data, parts); err != nil {
			panic(err)
		}
	}
	o.helpers = helpers
	out, _ := files(lang, pages, groups, o, sg)
	reused := sg.reusedShards
	if err := sg.done(); err != nil {
		panic(err)
	}
	return out, w.Bytes(), reused
}
