package search

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"os"
	"strconv"
	"strings"
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

// putNum writes the numbers search.js's postings() reads: base 32, most
// significant first, the last character 0–31 and the others 32–63, each
// in exactly numLen bytes (encodePostings sizes every term's postings
// with numLen before writing them in place).
func TestPutNum(t *testing.T) {
	for _, c := range []struct {
		v    uint32
		want string
	}{
		{0, "0"}, {9, "9"}, {31, "v"}, {32, "x0"}, {1023, "_v"}, {1024, "xw0"},
		{1<<15 - 1, "__v"}, {1 << 15, "xww0"}, {^uint32(0), "z_____v"},
	} {
		b := make([]byte, 8)
		n := putNum(b, c.v)
		if got := string(b[:n]); got != c.want || int(n) != numLen(c.v) {
			t.Errorf("putNum(%d) = %q (%d bytes), numLen %d; want %q", c.v, got, n, numLen(c.v), c.want)
		}
	}
}

func TestNextLetter(t *testing.T) {
	for _, c := range []struct {
		text, base string
		want       rune
	}{
		{"กเข", "กเ", 'ข'},
		{"ก่เข่", "กเ", 'ข'}, // tone marks on either side
		{"กเ่ข", "กเข", 0},   // the key itself
		{"กเ", "กเ", 0},
		{"ขเก", "กเ", 0}, // not under base
		{"ก", "กเ", 0},
		{"ກເບ", "ກເ", 'ບ'},
		{"ဝည်", "ဝည", '်'},
	} {
		if got := nextLetter([]byte(c.text), c.base); got != c.want {
			t.Errorf("nextLetter(%q, %q) = %q, want %q", c.text, c.base, got, c.want)
		}
	}
}

// TestSummedPagesReadOnDemand: the input hash of Summed pages takes their
// sums and reads no text; a changed sum changes it; building the index
// reads each page's blocks once, and indexes them as if given.
func TestSummedPagesReadOnDemand(t *testing.T) {
	reads := 0
	page := func(sum byte, text string) Page {
		return Page{Href: "a/", Title: "A", Sum: [32]byte{sum}, Summed: true,
			load: func() []Block { reads++; return []Block{{Text: text}} }}
	}
	a := []Page{page(1, "wages are paid monthly")}
	h := inputHash(a, nil, DefaultOptions)
	if reads != 0 {
		t.Fatalf("the input hash read %d pages' text", reads)
	}
	if inputHash([]Page{page(2, "wages are paid monthly")}, nil, DefaultOptions) == h {
		t.Error("another sum gave the same input hash")
	}
	ix := build("en", a, nil, 0, nil)
	if reads != 1 {
		t.Errorf("building the index read %d pages' text, want 1", reads)
	}
	plain := build("en", []Page{{Href: "a/", Title: "A", Blocks: []Block{{Text: "wages are paid monthly"}}}}, nil, 0, nil)
	got, want := ix.Encode(DefaultOptions), plain.Encode(DefaultOptions)
	if len(got.Files) != len(want.Files) || len(got.Files) == 0 {
		t.Fatalf("%d files, given the blocks %d", len(got.Files), len(want.Files))
	}
	for i := range got.Files {
		if got.Files[i].Name != want.Files[i].Name || string(got.Files[i].Data) != string(want.Files[i].Data) {
			t.Errorf("%s differs from the index given the blocks (%s)", got.Files[i].Name, want.Files[i].Name)
		}
	}
}

// TestUvarintLen: the length it says is the length AppendUvarint writes,
// at every edge of a byte more (the segments file sizes its terms' list
// by it, and the lean run its postings).
func TestUvarintLen(t *testing.T) {
	for _, v := range []uint64{0, 1, 127, 128, 1<<14 - 1, 1 << 14, 1<<21 - 1, 1 << 21, 1<<32 - 1, 1 << 32, 1<<33 | 1, 1<<63 - 1, 1 << 63, ^uint64(0)} {
		if got, want := uvarintLen(v), len(binary.AppendUvarint(nil, v)); got != want {
			t.Errorf("uvarintLen(%d) = %d, AppendUvarint writes %d", v, got, want)
		}
	}
}

// FuzzJSONString holds appendJSONString to encoding/json's escaping of a
// string, which it stands in for: the same bytes for any input, letters
// of three bytes (taken without decoding), U+2028 and U+2029, malformed
// and surrogate sequences included.
func FuzzJSONString(f *testing.F) {
	for _, s := range []string{"", "ສິດທິ <b>&\"\\", "\u2028\u2029\u2027\u202a", "\xe0\x80\x80", "\xed\xa0\x80", "\xef\xbf\xbf\xe0\xa0", "a\x00\x1f\x7f\b\f\n\r\t", "ក្រុម\x7fមន្ត្រី", "\xe2\x80", "\xf0\x9f\x98\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendJSONString(nil, s); !bytes.Equal(got, want) {
			t.Errorf("appendJSONString(%q) = %s, encoding/json: %s", s, got, want)
		}
	})
}

func BenchmarkJSONString(b *testing.B) {
	s := strings.Repeat("ສິດທິຂອງແຮງງານ ກ່ຽວກັບສັນຍາ, ", 40)
	b.SetBytes(int64(len(s)))
	var buf []byte
	for b.Loop() {
		buf = appendJSONString(buf[:0], s)
	}
}
