package search

// pairTable finds the term id of a pair of terms (two clusters, or two
// Latin words) by the two terms' ids. It is the index's busiest lookup: one
// a cluster of every page, into a million pairs a language on the
// 10,000-page site, so nearly every lookup misses the processor's caches.
// A Go map[uint64]uint32 reads a group's control word and then its slot,
// two cache lines apart, and was 2.3 of the 10,000-page build's 18 CPU-s
// of indexing; here a slot holds both ids and the pair's own, 12 bytes, so
// a lookup is one line read (open addressing, linear probing), and adding
// a pair is the same probe.
//
// Nothing iterates over the table: term ids are given in the order pairs
// are first met, as before, so the index does not depend on its layout.
type pairTable struct {
	slots []pairSlot // a power of two of them; id 0 is an empty slot
	n     int        // pairs held
	shift uint       // 64 − log2(len(slots)): a hash's top bits pick the slot
}

// pairSlot is one pair: its terms a and b and its own term id plus one
// (zero: empty).
type pairSlot struct{ a, b, id uint32 }

// newPairTable returns a table with room for about hint pairs before it
// grows.
func newPairTable(hint int) pairTable {
	size := 16
	for size*pairLoadNum < max(hint, 1)*pairLoadDen {
		size *= 2
	}
	return pairTable{slots: make([]pairSlot, size), shift: 64 - uint(log2(size))}
}

// The table grows when it is pairLoadNum/pairLoadDen full: linear probing
// stays short (about two slots a lookup that finds, most in one cache line)
// below three quarters.
const pairLoadNum, pairLoadDen = 3, 4

func log2(n int) int {
	k := 0
	for 1<<k < n {
		k++
	}
	return k
}

// slot returns where the pair of a and b is, or the empty slot where it
// would go.
func (t *pairTable) slot(a, b uint32) *pairSlot {
	// A multiplicative hash of both ids, folded first so that b's bits
	// reach the top bits that pick the slot as a's do.
	k := uint64(a)<<32 | uint64(b)
	k ^= k >> 31
	k *= 0x9e3779b97f4a7c15
	mask := len(t.slots) - 1
	for i := int(k >> t.shift); ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.id == 0 || s.a == a && s.b == b {
			return s
		}
	}
}

// getOrAdd returns the term id of the pair of a and b; a pair not held is
// added with id next, and added says so.
func (t *pairTable) getOrAdd(a, b, next uint32) (id uint32, added bool) {
	if t.slots == nil {
		*t = newPairTable(0)
	}
	s := t.slot(a, b)
	if s.id != 0 {
		return s.id - 1, false
	}
	if (t.n+1)*pairLoadDen > len(t.slots)*pairLoadNum {
		t.grow()
		s = t.slot(a, b)
	}
	*s = pairSlot{a: a, b: b, id: next + 1}
	t.n++
	return next, true
}

// grow doubles the table, putting every pair in its new slot.
func (t *pairTable) grow() {
	old := t.slots
	t.slots = make([]pairSlot, 2*len(old))
	t.shift--
	for _, s := range old {
		if s.id != 0 {
			*t.slot(s.a, s.b) = s
		}
	}
}
