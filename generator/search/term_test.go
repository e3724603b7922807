package search

import (
	"testing"
	"unsafe"
)

// A site has about a million terms a language: their layout is the index's
// largest structure while it is built (see term).
func TestTermSize(t *testing.T) {
	if n := unsafe.Sizeof(term{}); n != 20 {
		t.Errorf("a term takes %d bytes, want 20", n)
	}
}
