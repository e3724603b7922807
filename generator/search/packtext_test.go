package search

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

// TestPackBlock: the block is the one a text's letters are most in, when a
// byte a letter makes the text shorter.
func TestPackBlock(t *testing.T) {
	for _, c := range []struct {
		name string
		text []string
		want rune
	}{
		{"ASCII", []string{"work permit"}, 0},
		{"Thai", []string{"ใบอนุญาตทำงาน", "work"}, 0x0E00},
		{"Lao with a Thai word", []string{"ໃບອະນຸຍາດເຮັດວຽກ ไทย"}, 0x0E80},
		{"Khmer", []string{"លិខិតអនុញ្ញាតការងារ"}, 0x1780},
		{"Burmese", []string{"အလုပ်လုပ်ခွင့်"}, 0x1000},
		// Two emoji cost four more bytes as escapes; one Thai letter saves two.
		{"emoji outweigh", []string{"ก 🙂🙂"}, 0},
		{"letters outweigh", []string{"กขค 🙂"}, 0x0E00},
		// The most letters win, wherever they are.
		{"Khmer over Thai", []string{"ก", "ខគឃ"}, 0x1780},
	} {
		var docs []*Doc
		for _, p := range c.text {
			docs = append(docs, &Doc{Parts: []string{p}})
		}
		got, whole, packed := packBlock(docs)
		if got != c.want {
			t.Errorf("%s: packBlock = %#x, want %#x", c.name, got, c.want)
		}
		// The size it says is the size appendPacked writes.
		wantWhole, wantPacked := 0, 0
		for _, d := range docs {
			for _, p := range d.Parts {
				wantWhole += len(p)
				if got != 0 {
					wantPacked += len(appendPacked(nil, []byte(p), got))
				}
			}
		}
		if got == 0 {
			wantPacked = wantWhole
		}
		if whole != wantWhole || packed != wantPacked {
			t.Errorf("%s: packBlock's sizes %d, %d; want %d, %d", c.name, whole, packed, wantWhole, wantPacked)
		}
	}
}

// TestPackText: a file written a byte a letter is its letters' count of
// bytes plus three a UTF-16 unit outside the block, and reads back.
func TestPackText(t *testing.T) {
	src := "SpeanSearch.t(0,{\"0.0\":\"ໃບອະນຸຍາດ — ไทย 🙂\x01\"});\n"
	enc := appendPacked(nil, []byte(src), 0x0E80)
	// 24 bytes of ASCII, 9 Lao letters, " — " (1+3+1), 3 Thai letters
	// (9), a space, the emoji (6), 0x01 (3) and the 5 bytes of `"});\n`.
	want := 24 + 9 + 5 + 9 + 1 + 6 + 3 + 5
	if len(enc) != want {
		t.Errorf("%d bytes, want %d: % x", len(enc), want, enc)
	}
	if back := appendUnpacked(nil, enc, 0x0E80); string(back) != src {
		t.Errorf("read back as %q", back)
	}
	// An escape cut short ends the file, as a damaged one would.
	if back := appendUnpacked(nil, []byte{'a', 0x81, packEscape, 0x20}, 0x0E80); string(back) != "aກ" {
		t.Errorf("cut escape read as %q", back)
	}
}

// FuzzPackText: any text reads back as written, in any block; any bytes
// read back without a panic.
func FuzzPackText(f *testing.F) {
	f.Add("ໃບອະນຸຍາດ — ไทย 🙂\x01", 0x0E80>>7)
	f.Add("plain", 1)
	f.Add("", 0x1780>>7)
	f.Add("\xed\xa0\x80 \xe0\x80\x80 é 🙂 \xff ກ\xe0", 0x0E80>>7)
	f.Fuzz(func(t *testing.T, s string, b int) {
		block := rune(b&0x1FF) << 7
		if block == 0 {
			block = 0x80
		}
		// Any bytes read back as the simple way reads them, after any
		// bytes already in the buffer.
		if got, want := appendUnpacked([]byte("x"), []byte(s), block), appendUnpackedSimply([]byte("x"), []byte(s), block); !bytes.Equal(got, want) {
			t.Fatalf("%q in block %#x: %q, want %q", s, block, got, want)
		}
		// Any text is written as the simple way writes it, after any
		// bytes already in the buffer.
		if got, want := appendPacked([]byte("x"), []byte(s), block), appendPackedSimply([]byte("x"), []byte(s), block); !bytes.Equal(got, want) {
			t.Fatalf("%q in block %#x: % x, want % x", s, block, got, want)
		}
		// Any text is counted as the simple way counts it.
		docs := []*Doc{{Page: Page{Title: s}, Parts: []string{s[len(s)/2:]}}}
		gb, gw, gp := packBlock(docs)
		wb, ww, wp := packBlockSimply(docs)
		if gb != wb || gw != ww || gp != wp {
			t.Fatalf("%q: packBlock = %#x %d %d, want %#x %d %d", s, gb, gw, gp, wb, ww, wp)
		}
		if !utf8.ValidString(s) {
			return
		}
		enc := appendPacked(nil, []byte(s), block)
		if back := appendUnpacked(nil, enc, block); !bytes.Equal(back, []byte(s)) {
			t.Fatalf("%q in block %#x read back as %q", s, block, back)
		}
		if n := strings.Count(s, "") - 1; len(enc) > 6*n {
			t.Fatalf("%d letters written in %d bytes", n, len(enc))
		}
	})
}

// BenchmarkUnpack reads back a Lao text bundle's worth of a pack.
func BenchmarkUnpack(b *testing.B) {
	src := appendPacked(nil, []byte(strings.Repeat("SpeanSearch.t(0,{\"0.0\":\"ໃບອະນຸຍາດເຮັດວຽກ ຄ່າຈ້າງ\"});\n", 100)), 0x0E80)
	var dst []byte
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		dst = appendUnpacked(dst[:0], src, 0x0E80)
	}
}

// appendPackedSimply is appendPacked as it was written first, every
// letter decoded (the writing of a decoded letter, appendPackedRune, they
// share): what FuzzPackText holds the faster one to.
func appendPackedSimply(dst, src []byte, block rune) []byte {
	for i := 0; i < len(src); {
		c := src[i]
		if c < utf8.RuneSelf && c != packEscape {
			dst = append(dst, c)
			i++
			continue
		}
		r, n := utf8.DecodeRune(src[i:])
		i += n
		dst = appendPackedRune(dst, r, block)
	}
	return dst
}

// BenchmarkAppendPacked writes a Lao text bundle's worth of a pack.
func BenchmarkAppendPacked(b *testing.B) {
	src := []byte(strings.Repeat("SpeanSearch.t(0,{\"0.0\":\"ໃບອະນຸຍາດເຮັດວຽກ ຄ່າຈ້າງ (work permit) 2567\"});\n", 100))
	var dst []byte
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		dst = appendPacked(dst[:0], src, 0x0E80)
	}
}

// packBlockSimply is packBlock as it was written first, every letter
// decoded: what FuzzPackText holds the faster one to.
func packBlockSimply(docs []*Doc) (block rune, utf8Bytes, packedBytes int) {
	var c letterCount
	add := func(s string) {
		utf8Bytes += len(s)
		for _, r := range s {
			if r >= utf8.RuneSelf {
				c.add(r)
			}
		}
	}
	for i := range docs {
		add(docs[i].Title)
		for _, p := range docs[i].Parts {
			add(p)
		}
	}
	block, packedBytes = c.block(utf8Bytes)
	return block, utf8Bytes, packedBytes
}

// BenchmarkPackBlock counts the block of a Lao page's worth of text.
func BenchmarkPackBlock(b *testing.B) {
	docs := []*Doc{{Page: Page{Title: "ໃບອະນຸຍາດເຮັດວຽກ"}, Parts: []string{strings.Repeat("ໃບອະນຸຍາດເຮັດວຽກ ຄ່າຈ້າງ (work permit) 2567. ", 100)}}}
	for b.Loop() {
		packBlock(docs)
	}
}

// appendUnpackedSimply is appendUnpacked as it was written first, one
// append a letter: what FuzzPackText holds the faster one to.
func appendUnpackedSimply(dst, src []byte, block rune) []byte {
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c >= 0x80:
			dst = utf8.AppendRune(dst, block+rune(c-0x80))
		case c != packEscape:
			dst = append(dst, c)
		case i+2 < len(src):
			u := rune(src[i+1])<<8 | rune(src[i+2])
			i += 2
			if utf16.IsSurrogate(u) && i+3 < len(src) && src[i+1] == packEscape {
				if r := utf16.DecodeRune(u, rune(src[i+2])<<8|rune(src[i+3])); r != utf8.RuneError {
					dst = utf8.AppendRune(dst, r)
					i += 3
					continue
				}
			}
			dst = utf8.AppendRune(dst, u)
		default:
			return dst
		}
	}
	return dst
}
