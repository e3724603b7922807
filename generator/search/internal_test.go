package search

import (
	"os"
	"strconv"
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

// The default theme's search.js reads the postings the index writes; a
// search.js that reads another format, or says nothing, stops the build.
func TestCheckFormat(t *testing.T) {
	src, err := os.ReadFile("../../themes/default/static/js/search.js")
	if err != nil {
		t.Fatal(err)
	}
	if ok, line := checkFormat(src); !ok {
		t.Errorf("the default theme's search.js (line %d) does not read postings format %d", line, PostingsFormat)
	}
	for _, c := range []struct {
		src  string
		ok   bool
		line int
	}{
		{"// a\n// spean:postings-format 1\n", false, 2},
		{"// spean:postings-format 12\n", false, 1},
		{"(function () {})();\n", false, 0},
		{"x\n\n  // spean:postings-format " + strconv.Itoa(PostingsFormat) + "  \n", true, 3},
	} {
		if ok, line := checkFormat([]byte(c.src)); ok != c.ok || line != c.line {
			t.Errorf("%q: %v at line %d, want %v at %d", c.src, ok, line, c.ok, c.line)
		}
	}
}
