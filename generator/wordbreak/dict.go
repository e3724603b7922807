package wordbreak

import (
	"bytes"
	"compress/bzip2"
	"embed"
	"fmt"
	"io"
	"sync"
)

// The dictionaries are those of Chromium's ICU data (thaidict, laodict,
// khmerdict, burmesedict in icudtl.dat), extracted by
// scripts/icudict/make.sh: front-coded words, one byte a character as ICU
// keeps them, bzip2-compressed (246 KB for the four; 98,334 words, 2.3 MB
// as text). dict/SOURCE says which Chromium; dict/LICENSE is ICU's licence
// with the notices of its word lists.
//
//go:embed dict/*.fc.bz2
var dictFS embed.FS

// trie is a dictionary as a trie over ICU's bytes. Node 0 is the root;
// every other node n is the child in slot n-1 of labels, and the children
// of a node are contiguous there, sorted by label, so a step is a binary
// search over at most a few dozen bytes.
type trie struct {
	labels []byte   // label of node n+1
	first  []uint32 // first child of node n, as a slot of labels
	kids   []uint16 // number of children of node n
	word   []bool   // node n ends a word
	root   [256]int32
}

// child returns the node reached from n by b, or -1.
func (t *trie) child(n int32, b byte) int32 {
	if n == 0 {
		return t.root[b]
	}
	lo, hi := int(t.first[n]), int(t.first[n])+int(t.kids[n])
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if t.labels[m] < b {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < int(t.first[n])+int(t.kids[n]) && t.labels[lo] == b {
		return int32(lo + 1)
	}
	return -1
}

// unpack reads the front-coded word list.
func unpack(fc []byte) ([][]byte, error) {
	var words [][]byte
	var prev []byte
	for i := 0; i < len(fc); {
		if i+2 > len(fc) {
			return nil, fmt.Errorf("truncated at byte %d", i)
		}
		p, n := int(fc[i]), int(fc[i+1])
		i += 2
		if p > len(prev) || i+n > len(fc) || n == 0 {
			return nil, fmt.Errorf("bad entry at byte %d", i-2)
		}
		w := make([]byte, p+n)
		copy(w, prev[:p])
		copy(w[p:], fc[i:i+n])
		i += n
		if bytes.Compare(w, prev) <= 0 {
			return nil, fmt.Errorf("word %d out of order", len(words))
		}
		words = append(words, w)
		prev = w
	}
	return words, nil
}

// newTrie builds the trie of sorted, distinct words.
func newTrie(words [][]byte) *trie {
	t := &trie{first: []uint32{0}, kids: []uint16{0}, word: []bool{false}}
	for i := range t.root {
		t.root[i] = -1
	}
	var build func(ws [][]byte, depth int, n int32)
	build = func(ws [][]byte, depth int, n int32) {
		if len(ws) > 0 && len(ws[0]) == depth {
			t.word[n] = true
			ws = ws[1:]
		}
		t.first[n] = uint32(len(t.labels))
		// Children first, contiguous; then each child's subtree.
		var groups [][][]byte
		for i := 0; i < len(ws); {
			j := i + 1
			for j < len(ws) && ws[j][depth] == ws[i][depth] {
				j++
			}
			groups = append(groups, ws[i:j])
			t.labels = append(t.labels, ws[i][depth])
			t.first = append(t.first, 0)
			t.kids = append(t.kids, 0)
			t.word = append(t.word, false)
			i = j
		}
		t.kids[n] = uint16(len(groups))
		base := int32(t.first[n]) + 1
		for g, ws := range groups {
			if n == 0 {
				t.root[ws[0][0]] = base + int32(g)
			}
			build(ws, depth+1, base+int32(g))
		}
	}
	build(words, 0, 0)
	return t
}

var (
	dictOnce [nLangs]sync.Once
	dicts    [nLangs]*trie
	dictErr  [nLangs]error
)

// dict returns the dictionary of language l, read on first use (the
// largest, Khmer, in about 100 ms).
func dict(l lang) (*trie, error) {
	dictOnce[l].Do(func() {
		f, err := dictFS.Open("dict/" + langs[l].file + ".fc.bz2")
		if err != nil {
			dictErr[l] = err
			return
		}
		defer f.Close()
		fc, err := io.ReadAll(bzip2.NewReader(f))
		if err != nil {
			dictErr[l] = fmt.Errorf("dictionary %s: %w", langs[l].file, err)
			return
		}
		words, err := unpack(fc)
		if err != nil {
			dictErr[l] = fmt.Errorf("dictionary %s: %w", langs[l].file, err)
			return
		}
		dicts[l] = newTrie(words)
	})
	return dicts[l], dictErr[l]
}
