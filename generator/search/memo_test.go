package search

import (
	"slices"
	"strings"
	"testing"
)

func TestMemoNote(t *testing.T) {
	m := memo{input: "abc", meta: Meta{Version: "v1", Shards: 2, ChunkDocs: 8, N: 9, Part: 100},
		names: []string{"search/s.v1.0.js", "search/s.v1.1.js", "search/d.v1.0.js", "search/t.v1.0.js", "search/t.v1.1.js", "search/t.v1.2.js"}}
	note, ok := m.String()
	if want := "abc v1 2 8 9 100 s0-1 d0-0 t0-2"; !ok || note != want {
		t.Fatalf("String() = %q, %v; want %q", note, ok, want)
	}
	back, ok := parseMemo(note)
	if !ok || back.input != m.input || back.meta != m.meta || !slices.Equal(back.names, m.names) {
		t.Fatalf("parseMemo(%q) = %+v, %v", note, back, ok)
	}
	// A packed index is noted as its one file.
	pm := memo{input: "abc", meta: Meta{Version: "v1", Shards: 2, ChunkDocs: 8, N: 9, Part: 100, Pack: "p.v1", Parts: "0 1200", Group: packGroup, Bundles: 7, Block: 0x0E80},
		names: []string{"search/p.v1.dir", "search/p.v1.0.pack", "search/p.v1.1.pack"}}
	note, ok = pm.String()
	if want := "abc v1 2 8 9 100 pack 7 3712 0 1200"; !ok || note != want {
		t.Fatalf("packed: String() = %q, %v; want %q", note, ok, want)
	}
	if back, ok := parseMemo(note); !ok || back.meta != pm.meta || !slices.Equal(back.names, pm.names) {
		t.Fatalf("parseMemo(%q) = %+v, %v", note, back, ok)
	}
	for _, names := range [][]string{{"search/p.v1.dir", "search/p.v1.0.pack"}, {"search/p.v2.dir", "search/p.v2.0.pack", "search/p.v2.1.pack"}, {"search/p.v1.dir", "search/p.v1.0.pack", "search/s.v1.0.js"}, nil} {
		if note, ok := (memo{input: "abc", meta: pm.meta, names: names}).String(); ok {
			t.Errorf("packed %v noted as %q", names, note)
		}
	}
	// Names Encode would not make are not noted: the index is made anew.
	for _, names := range [][]string{
		{"search/s.v1.1.js"},                     // a run not from 0
		{"search/s.v1.0.js", "search/s.v1.2.js"}, // a gap
		{"search/s.v2.0.js"},                     // another version
		{"other/s.v1.0.js"},
		{"search/s.v1.01.js"},
		{"search/s.v1.0.css"},
	} {
		if note, ok := (memo{input: "abc", meta: m.meta, names: names}).String(); ok {
			t.Errorf("%v noted as %q", names, note)
		}
	}
	for _, bad := range []string{"", "abc v1 2 8 9", "abc v1 x 8 9 100", "abc v1 2 8 9 100 s1-2", "abc v1 2 8 9 100 s0", "abc v1 2 8 9 100 0-1", "abc v/1 2 8 9 100", "abc v1 2 8 9 100 s0-70000", "abc v1 2 8 9 100 pack s0-1", "abc v1 2 8 9 100 pack", "abc v1 2 8 9 100 pack 7", "abc v1 2 8 9 100 pack 07 0", "abc v1 2 8 9 100 pack -1 0", "abc v1 2 8 9 100 pack 7 0 5", "abc v1 2 8 9 100 pack 7 0 0 9 9", "abc v1 2 8 9 100 pack 7 0", "abc v1 2 8 9 100 pack 7 3713 0 1200", "abc v1 2 8 9 100 pack 7 65536 0"} {
		if m, ok := parseMemo(bad); ok {
			t.Errorf("parseMemo(%q) = %+v, want refused", bad, m)
		}
	}
}

// FuzzParseMemo: a note comes from a file in the output folder, which
// anyone may have edited; reading it must never panic, and what it
// accepts it writes back the same.
func FuzzParseMemo(f *testing.F) {
	f.Add("abc v1 2 8 9 100 s0-1 d0-0 t0-2")
	f.Add("abc v1 0 0 0 0")
	f.Add("abc v1 2 8 9 100 pack 7 3712 0 1200")
	f.Fuzz(func(t *testing.T, note string) {
		m, ok := parseMemo(note)
		if !ok {
			return
		}
		again, ok := m.String()
		if !ok {
			return // runs of one kind split in two do not round-trip
		}
		back, ok := parseMemo(again)
		if !ok || back.input != m.input || back.meta != m.meta || !slices.Equal(back.names, m.names) {
			t.Fatalf("%q → %q does not read back", note, again)
		}
	})
}

// An index's files note reads back what it says, and nothing else: any
// note parses without a panic, and one that parses is written back the
// same way (filesNote's format) and reads back the same.
func FuzzParseFiles(f *testing.F) {
	sum := strings.Repeat("ab", 32)
	f.Add(sum+":12 "+sum+":0", 2)
	f.Add(sum+":1", 1)
	f.Add("x:1", 1)
	f.Fuzz(func(t *testing.T, note string, n int) {
		noted, ok := parseFiles(note, n)
		if !ok {
			return
		}
		var parts []string
		for _, x := range noted {
			parts = append(parts, x.String())
		}
		again := strings.Join(parts, " ")
		back, ok := parseFiles(again, n)
		if !ok || !slices.Equal(back, noted) || len(noted) != n {
			t.Fatalf("%q → %q does not read back", note, again)
		}
	})
}
