package search

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
)

// shardBytes is the raw size a postings shard aims at. Gzip makes it about
// a third; a query of a few tokens then loads a few such files.
const shardBytes = 5000

// maxPositions caps the positions kept per token and page: phrase checks
// need a handful, and the most frequent pairs would otherwise dominate
// the shards.
const maxPositions = 24

// File is one output of the index.
type File struct {
	Name string // relative to the language folder: "search/s.1a2b3c4d.7.js"
	Data []byte
}

// Output is the index of one language, ready to publish.
type Output struct {
	Version string // content hash of every file, part of each file name
	Shards  int
	Files   []File
}

// Encode writes the shards and parts. Shard files call SpeanSearch.s(i,
// {key: postings}); part files call SpeanSearch.t(doc, part, text). A key is
// the token hash divided by the shard count, in base 36; the postings are a
// flat array of numbers: doc-delta, weight, count, first position, then
// position deltas, for each page in turn.
func (ix *Index) Encode() Output {
	// Tokens are stored under their hash: two tokens whose hashes collide
	// share one list, which over-matches a little and is tolerated by ranking.
	byHash := map[uint32][]posting{}
	for k, ps := range ix.postings {
		h := hash(k)
		byHash[h] = append(byHash[h], ps...)
	}
	hashes := make([]uint32, 0, len(byHash))
	total := 0
	enc := make(map[uint32][]byte, len(byHash))
	for h, ps := range byHash {
		hashes = append(hashes, h)
		enc[h] = encodePostings(mergeDocs(ps))
		total += len(enc[h]) + 10
	}
	slices.Sort(hashes)
	n := 1
	for n*shardBytes < total && n < 4096 {
		n *= 2
	}
	shards := make([][]uint32, n)
	for _, h := range hashes {
		shards[h%uint32(n)] = append(shards[h%uint32(n)], h)
	}
	var bodies [][]byte
	for i, sh := range shards {
		var b bytes.Buffer
		fmt.Fprintf(&b, "SpeanSearch.s(%d,{", i)
		for j, h := range sh {
			if j > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, "%q:[", strconv.FormatUint(uint64(h/uint32(n)), 36))
			b.Write(enc[h])
			b.WriteByte(']')
		}
		b.WriteString("});\n")
		bodies = append(bodies, b.Bytes())
	}
	type part struct {
		doc, k int
		data   []byte
	}
	var parts []part
	for d, doc := range ix.Docs {
		for k, text := range doc.Parts {
			js, _ := json.Marshal(text) // escapes <, >, &, U+2028: safe in a script
			parts = append(parts, part{d, k, fmt.Appendf(nil, "SpeanSearch.t(%d,%d,%s);\n", d, k, js)})
		}
	}
	sum := sha256.New()
	for _, b := range bodies {
		sum.Write(b)
	}
	for _, p := range parts {
		sum.Write(p.data)
	}
	ver := hex.EncodeToString(sum.Sum(nil))[:10]
	out := Output{Version: ver, Shards: n}
	for i, b := range bodies {
		out.Files = append(out.Files, File{fmt.Sprintf("search/s.%s.%d.js", ver, i), b})
	}
	for _, p := range parts {
		out.Files = append(out.Files, File{fmt.Sprintf("search/t.%s.%d.%d.js", ver, p.doc, p.k), p.data})
	}
	return out
}

// mergeDocs sorts postings by page and merges those of one page, which
// only happens when two tokens share a hash.
func mergeDocs(ps []posting) []posting {
	slices.SortStableFunc(ps, func(a, b posting) int { return a.doc - b.doc })
	out := ps[:0:0]
	for _, p := range ps {
		if l := len(out) - 1; l >= 0 && out[l].doc == p.doc {
			out[l].weight += p.weight
			out[l].pos = append(slices.Clone(out[l].pos), p.pos...)
			slices.Sort(out[l].pos)
			continue
		}
		out = append(out, p)
	}
	return out
}

func encodePostings(ps []posting) []byte {
	var b []byte
	prev := 0
	for i, p := range ps {
		if i > 0 {
			b = append(b, ',')
		}
		pos := p.pos
		b = strconv.AppendInt(b, int64(p.doc-prev), 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(p.weight), 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(len(pos)), 10)
		last := 0
		for _, x := range pos {
			b = append(b, ',')
			b = strconv.AppendInt(b, int64(x-last), 10)
			last = x
		}
		prev = p.doc
	}
	return b
}
