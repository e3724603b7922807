package build

import (
	"maps"

	"spean/generator/content"
	"spean/generator/site"
)

// sourceIndex is what a parse needs to know of every source of the site,
// besides those it parses: the page keys links may name (site.Linker),
// every source by path, and the glossary's key (GlossaryKey), which the
// vocabulary reads.
//
// serve parses again after every save: one file, or a few, of thousands,
// the others the same sources as before. Made again from all of them, this
// cost 30–70 ms a save on the 10,000-page site, most of the time from save
// to reload: a walk through ten thousand sources scattered in a heap of a
// gigabyte, and the source language's bodies scanned for a ```terms block.
// So an index is made again from the last one when the sources are the
// same but a few replaced by sources of the same path, key and language
// (a saved file): only what they can change is looked at.
type sourceIndex struct {
	all      []*content.Source // what it was made from, in order (a copy)
	linker   *site.Linker
	byPath   map[string]*content.Source
	glossary string
}

// maxReplaced is how many replaced sources an index is made again from the
// last one for; past it, from all (a git pull, a replace across files).
const maxReplaced = 64

// indexSources returns the index of all: prev when all holds the same
// sources, one made from prev when a few are replaced (maxReplaced), else
// one made from all. prev may be nil; it is not changed.
func indexSources(prev *sourceIndex, all []*content.Source, langs []string, sourceLang string) *sourceIndex {
	if prev != nil && len(prev.all) == len(all) {
		if replaced, ok := replacedSources(prev.all, all); ok {
			if len(replaced) == 0 {
				return prev
			}
			x := &sourceIndex{all: append([]*content.Source(nil), all...), linker: prev.linker,
				byPath: maps.Clone(prev.byPath), glossary: prev.glossary}
			glossaryMayMove := false
			for _, i := range replaced {
				x.byPath[all[i].Path] = all[i]
				if all[i].Lang == sourceLang && (all[i].HasTerms() || prev.all[i].HasTerms()) {
					glossaryMayMove = true
				}
			}
			if glossaryMayMove {
				x.glossary = GlossaryKey(all, sourceLang)
			}
			return x
		}
	}
	x := &sourceIndex{all: append([]*content.Source(nil), all...), linker: site.NewLinker(all, langs),
		byPath: make(map[string]*content.Source, len(all)), glossary: GlossaryKey(all, sourceLang)}
	for _, s := range all {
		x.byPath[s.Path] = s
	}
	return x
}

// replacedSources lists the positions where all holds another source than
// was, each of the same path, key and language (the key set and every
// path stay as they were); ok is false when one is not, or when more than
// maxReplaced are. The comparison reads only the two slices but at those
// positions, so an unchanged site costs no walk through its sources.
func replacedSources(was, all []*content.Source) (replaced []int, ok bool) {
	for i, s := range all {
		if s == was[i] {
			continue
		}
		if len(replaced) == maxReplaced || s.Path != was[i].Path || s.Key != was[i].Key || s.Lang != was[i].Lang {
			return nil, false
		}
		replaced = append(replaced, i)
	}
	return replaced, true
}
