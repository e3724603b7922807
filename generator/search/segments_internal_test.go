package search

import (
	"bytes"
	"testing"
)

type bufCloser struct{ bytes.Buffer }

func (*bufCloser) Close() error { return nil }

// FuzzSegment replays any segment that validSegment lets through into an
// index, and encodes the index: a kept file that passes its checksum but
// was written wrong must not crash a build.
func FuzzSegment(f *testing.F) {
	for lang, pages := range map[string][]Page{
		"en": {{Title: "Wages", Description: "pay", Blocks: []Block{{Text: "The minimum wage is paid to the worker monthly, and the worker keeps the passport."}}}},
		"th": {{Title: "ค่าจ้าง", Blocks: []Block{{Text: "ค่าจ้างขั้นต่ำรายวัน นายจ้างต้องจ่าย", Heading: true}, {Text: "แรงงาน ข้ามชาติ"}}}},
		"my": {{Title: "လုပ်ခ", Blocks: []Block{{Text: "အလုပ်သမား လုပ်ခ နေ့စား"}}}},
	} {
		var file bufCloser
		sg := newSegments(lang, [][]string{{"wage", "pay"}}, nil, &file)
		build(lang, pages, [][]string{{"wage", "pay"}}, 0, sg)
		if err := sg.w.close(); err != nil {
			f.Fatal(err)
		}
		segs, _, _ := readSegments(file.Bytes(), sg.salt)
		if len(segs) == 0 {
			f.Fatalf("%s: no segment read back", lang)
		}
		for _, seg := range segs {
			f.Add(seg)
		}
	}
	f.Fuzz(func(t *testing.T, seg []byte) {
		if !validSegment(seg) {
			return
		}
		ix := &Index{Lang: "en", ids: map[string]uint32{}, pairs: newPairTable(0)}
		ix.Docs = append(ix.Docs, ix.replay(Page{Href: "a/"}, seg))
		ix.ids, ix.pairs = nil, pairTable{}
		ix.commonPairs()
		ix.enc, ix.encOff = ix.encodePostings(false)
		ix.Encode(DefaultOptions)
	})
}
