package wordbreak

import (
	"bytes"
	_ "embed" // the dictionaries
	"fmt"
	"sync"
)

// The dictionaries are those of Chromium's ICU data (thaidict, laodict,
// khmerdict, burmesedict in icudtl.dat), extracted by
// scripts/icudict/make.sh: front-coded words, one byte a character as ICU
// keeps them (523 KB for the four; 98,334 words, 2.3 MB as text).
// dict/SOURCE says which Chromium; dict/LICENSE is ICU's licence with the
// notices of its word lists.
//
// They are embedded as they are, not compressed: a string in the binary is
// read where it lies, where reading the four bzip2-compressed (246 KB)
// allocated 45 MB (bzip2's 3.6 MB block tables, a slice a word, the trie
// grown by doubling) for 2.8 MB of tries, at the moment the search index
// starts, the build's peak of memory (issue 13).
var (
	//go:embed dict/th.fc
	thFC string
	//go:embed dict/lo.fc
	loFC string
	//go:embed dict/km.fc
	kmFC string
	//go:embed dict/my.fc
	myFC string
)

// fc is each language's front-coded dictionary.
var fc = [nLangs]*string{thai: &thFC, lao: &loFC, khmer: &kmFC, burmese: &myFC}

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

// words is a dictionary's words, sorted: word i is text[ends[i-1]:ends[i]]
// (ends[-1] being 0), all in one buffer rather than a slice a word.
type words struct {
	text []byte
	ends []int32
}

func (w *words) len() int { return len(w.ends) }

func (w *words) at(i int) []byte {
	start := int32(0)
	if i > 0 {
		start = w.ends[i-1]
	}
	return w.text[start:w.ends[i]]
}

// unpack reads the front-coded word list: each word is the length of the
// prefix it shares with the word before, the length of its rest, and the
// rest, the prefix all the word shares with the one before. It also returns
// how many nodes the trie of the words has, one for each letter of a word's
// rest and the root, so that the trie is made at its size.
func unpack(fc string) (ws words, nodes int, err error) {
	// The sizes first, so that the words go into one buffer made once.
	count, size := 0, 0
	for i, prev := 0, 0; i < len(fc); count++ {
		if i+2 > len(fc) {
			return ws, 0, fmt.Errorf("truncated at byte %d", i)
		}
		p, n := int(fc[i]), int(fc[i+1])
		if p > prev || i+2+n > len(fc) || n == 0 {
			return ws, 0, fmt.Errorf("bad entry at byte %d", i)
		}
		i += 2 + n
		size += p + n
		nodes += n
		prev = p + n
	}
	ws = words{text: make([]byte, 0, size), ends: make([]int32, 0, count)}
	prev := []byte(nil)
	for i := 0; i < len(fc); {
		p, n := int(fc[i]), int(fc[i+1])
		start := len(ws.text)
		ws.text = append(ws.text, prev[:p]...)
		ws.text = append(ws.text, fc[i+2:i+2+n]...)
		i += 2 + n
		w := ws.text[start:]
		if bytes.Compare(w, prev) <= 0 {
			return words{}, 0, fmt.Errorf("word %d out of order", len(ws.ends))
		}
		// The prefix must be all the word shares with the one before (as
		// pack.go writes it), or the nodes were counted wrong.
		if p < len(prev) && w[p] == prev[p] {
			return words{}, 0, fmt.Errorf("word %d: shares more than its prefix with the word before", len(ws.ends))
		}
		ws.ends = append(ws.ends, int32(len(ws.text)))
		prev = w
	}
	return ws, nodes + 1, nil
}

// newTrie builds the trie of sorted, distinct words, which has nodes nodes
// (as unpack counts them; more only makes its arrays grow).
func newTrie(ws words, nodes int) *trie {
	t := &trie{
		labels: make([]byte, 0, max(nodes-1, 0)),
		first:  make([]uint32, 1, nodes),
		kids:   make([]uint16, 1, nodes),
		word:   make([]bool, 1, nodes),
	}
	for i := range t.root {
		t.root[i] = -1
	}
	// groupEnd is where the group of words from i sharing its letter at
	// depth ends, before hi.
	groupEnd := func(i, hi, depth int) int {
		b := ws.at(i)[depth]
		j := i + 1
		for j < hi && ws.at(j)[depth] == b {
			j++
		}
		return j
	}
	// build makes node n the node of words lo to hi, which share their
	// first depth letters: its children first, contiguous, then each
	// child's subtree.
	var build func(lo, hi, depth int, n int32)
	build = func(lo, hi, depth int, n int32) {
		if lo < hi && len(ws.at(lo)) == depth {
			t.word[n] = true
			lo++
		}
		t.first[n] = uint32(len(t.labels))
		kids := 0
		for i := lo; i < hi; i = groupEnd(i, hi, depth) {
			t.labels = append(t.labels, ws.at(i)[depth])
			t.first = append(t.first, 0)
			t.kids = append(t.kids, 0)
			t.word = append(t.word, false)
			kids++
		}
		t.kids[n] = uint16(kids)
		child := int32(t.first[n]) + 1
		for i := lo; i < hi; child++ {
			j := groupEnd(i, hi, depth)
			if n == 0 {
				t.root[ws.at(i)[0]] = child
			}
			build(i, j, depth+1, child)
			i = j
		}
	}
	build(0, ws.len(), 0, 0)
	return t
}

var (
	dictOnce [nLangs]sync.Once
	dicts    [nLangs]*trie
	dictErr  [nLangs]error
)

// dict returns the dictionary of language l, made on first use.
func dict(l lang) (*trie, error) {
	dictOnce[l].Do(func() {
		ws, nodes, err := unpack(*fc[l])
		if err != nil {
			dictErr[l] = fmt.Errorf("dictionary %s: %w", langs[l].file, err)
			return
		}
		dicts[l] = newTrie(ws, nodes)
	})
	return dicts[l], dictErr[l]
}
