package search

import (
	"bytes"
	"slices"
	"testing"
)

type bufCloser struct{ bytes.Buffer }

func (*bufCloser) Close() error { return nil }

// FuzzSegment replays every segment of any segments file that
// parseSegments lets through into an index, and encodes the index: a kept
// file that passes its checksum but was written wrong must not crash a
// build. The seeds are files as builds write them, less their header and
// checksum.
func FuzzSegment(f *testing.F) {
	for lang, pages := range map[string][]Page{
		"en": {{Title: "Wages", Description: "pay", Blocks: []Block{{Text: "The minimum wage is paid to the worker monthly, and the worker keeps the passport."}}}, {Title: "Passport", Blocks: []Block{{Text: "The worker keeps the passport and the wage."}}}},
		"th": {{Title: "ค่าจ้าง", Blocks: []Block{{Text: "ค่าจ้างขั้นต่ำรายวัน นายจ้างต้องจ่าย", Heading: true}, {Text: "แรงงาน ข้ามชาติ"}}}},
		"my": {{Title: "လုပ်ခ", Blocks: []Block{{Text: "အလုပ်သမား လုပ်ခ နေ့စား"}}}},
	} {
		var file bufCloser
		sg := newSegments(lang, [][]string{{"wage", "pay"}}, nil, &file)
		// Encoded as a build does, packed for one language: the file
		// keeps the terms' keys, and the shards' fingerprints of a pack.
		o := DefaultOptions
		if lang == "th" {
			o.MaxFiles = 3
		}
		files(lang, pages, [][]string{{"wage", "pay"}}, o, sg)
		if err := sg.done(); err != nil {
			f.Fatal(err)
		}
		b := file.Bytes()
		if kf := readSegments(b, sg.salt); kf == nil || len(kf.segs) != len(pages) {
			f.Fatalf("%s: the segments do not read back", lang)
		}
		f.Add(b[len(segMagic)+len(sg.salt) : len(b)-4])
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		kf := parseSegments(body)
		if kf == nil || len(kf.all) == 0 {
			return
		}
		for _, lean := range []bool{false, true} {
			ix := &Index{Lang: "en", ids: map[string]uint32{}, pairs: newPairTable(0)}
			ix.replaying(kf.table)
			// Splicing the file's postings reads them whatever they
			// hold: as if its first page had been indexed from its text,
			// or, leanly (build), its last, the pages before the middle
			// put in as the first of a lean index are.
			kept := slices.Clone(kf.all)
			first, changed := 0, 0
			if lean {
				ix.lean, ix.counted = true, kf
				first, changed = len(kept)/2, len(kept)-1
				if first > 0 {
					ix.adoptFirst(kf.known[first-1])
				}
			}
			kept[changed] = nil
			for i, seg := range kf.all {
				ix.doc = int32(i)
				var d *Doc
				if i < first {
					d = ix.replayFirst(Page{Href: "a/"}, seg, kf.runs[i])
				} else {
					d, _ = ix.replay(Page{Href: "a/"}, seg, nil)
				}
				ix.Docs = append(ix.Docs, d)
			}
			if lean {
				ix.uncount(kf, kept)
			}
			sp := ix.planSplice(&segments{file: kf, keys: kf.keys}, kept)
			if len(kf.keyOf) == 4*len(kf.table.terms) {
				ix.keyed = &keptKeys{keys: kf.termKeys, keyOf: kf.keyOf, letters: kf.letters, prevOf: ix.prevOf}
			}
			ix.ids, ix.pairs = nil, pairTable{}
			ix.commonPairs()
			if sp != nil {
				ix.enc, ix.encOff = ix.splice(sp, kf)
			}
			if ix.enc == nil {
				if lean {
					ix.fillRun(kept)
				}
				ix.enc, ix.encOff = ix.encodePostings(false)
			}
			ix.Encode(DefaultOptions)
		}
	})
}
