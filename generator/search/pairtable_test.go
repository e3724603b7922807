package search

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"
	"unsafe"
)

// checkPairs adds the pairs in order, each new one with the next id, to a
// pairTable made with hint and to a map, and fails where they disagree.
func checkPairs(t *testing.T, hint int, pairs [][2]uint32) {
	t.Helper()
	tab := newPairTable(hint)
	want := map[[2]uint32]uint32{}
	for i, p := range pairs {
		next := uint32(len(want))
		w, seen := want[p]
		if !seen {
			w = next
			want[p] = w
		}
		got, added := tab.getOrAdd(p[0], p[1], next)
		if got != w || added == seen {
			t.Fatalf("pair %d (%d, %d): id %d, added %v; want %d, added %v", i, p[0], p[1], got, added, w, !seen)
		}
	}
	if tab.n != len(want) {
		t.Errorf("holds %d pairs, want %d", tab.n, len(want))
	}
	if tab.n*pairLoadDen > len(tab.slots)*pairLoadNum {
		t.Errorf("%d pairs in %d slots: fuller than %d/%d", tab.n, len(tab.slots), pairLoadNum, pairLoadDen)
	}
	// Every pair is found again, with its id, after all the growing.
	for p, w := range want {
		if got, added := tab.getOrAdd(p[0], p[1], 1<<31); got != w || added {
			t.Fatalf("(%d, %d) again: id %d, added %v; want %d", p[0], p[1], got, added, w)
		}
	}
}

func TestPairTable(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var random, grid, repeats, extremes [][2]uint32
	for range 50000 {
		random = append(random, [2]uint32{r.Uint32(), r.Uint32()})
	}
	// Term ids as the index gives them: small, dense, a few thousand
	// clusters each followed by a few hundred others.
	for a := range uint32(300) {
		for b := range uint32(300) {
			grid = append(grid, [2]uint32{a, b}, [2]uint32{b, a})
		}
	}
	for range 20000 {
		repeats = append(repeats, [2]uint32{uint32(r.IntN(40)), uint32(r.IntN(40))})
	}
	for _, a := range []uint32{0, 1, 1 << 31, 1<<32 - 1} {
		for _, b := range []uint32{0, 1, 1 << 31, 1<<32 - 1} {
			extremes = append(extremes, [2]uint32{a, b})
		}
	}
	for _, c := range []struct {
		name  string
		hint  int
		pairs [][2]uint32
	}{
		{"none", 0, nil},
		{"random, grown from empty", 0, random},
		{"random, room given", len(random), random},
		{"dense small ids, both orders", 1000, grid},
		{"the same pairs again and again", 10, repeats},
		{"the largest and smallest ids", 0, extremes},
	} {
		t.Run(c.name, func(t *testing.T) { checkPairs(t, c.hint, c.pairs) })
	}
}

// A slot is 12 bytes, so that most lookups read one cache line.
func TestPairSlotSize(t *testing.T) {
	if n := unsafe.Sizeof(pairSlot{}); n != 12 {
		t.Errorf("a pair slot takes %d bytes, want 12", n)
	}
}

// FuzzPairTable checks the table against a map for any sequence of pairs
// (each 8 bytes of the input) and any hint.
func FuzzPairTable(f *testing.F) {
	f.Add(uint16(0), []byte{})
	f.Add(uint16(3), []byte("\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, hint uint16, b []byte) {
		var pairs [][2]uint32
		for ; len(b) >= 8; b = b[8:] {
			pairs = append(pairs, [2]uint32{binary.LittleEndian.Uint32(b), binary.LittleEndian.Uint32(b[4:])})
		}
		checkPairs(t, int(hint), pairs)
	})
}
