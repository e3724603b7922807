package search

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"spean/generator/publish"
)

// A pack is one language's index in a few files. On a large site the
// index is tens of thousands of small files a language, more than hosts
// allow a whole site (issue 13), and fewer, larger files made a first
// search load hundreds of kilobytes. search.js reads a pack's files with
// HTTP range requests, two a file: the 8 bytes of the directory that say
// where the file is, then the file.
//
// The directory, p.<version>.dir, is the pack's numbers, each a
// little-endian uint32:
//
//	"SPK3"  shards  bundles  chunks  postings  block    24 bytes
//	where file 0 starts … where file F starts, and where the last one ends
//	the number of parts, P; where part 0 ends … where part P-1 ends
//
// (F = shards + bundles + chunks + postings, in the order Encode writes
// them: the chunks after the bundles because their rows say where the
// bundles put each page's text, and last the postings of common words,
// which their shards name by number (see Encode); block is the block of
// code points the files are written in, 0 for UTF-8 (packtext.go).) The files follow one another in that order in the parts,
// p.<version>.0.pack, p.<version>.1.pack…, where the search page's
// data-parts says the parts start: Encode's buffers, each closed once it
// holds Options.PartBytes, so never cut within a file and, files being small,
// far under the 25 MiB Cloudflare Pages allows a file. Each file
// is exactly the script that an index written file by file has, so
// search.js reads both the same way, and the parts are slices of the one
// buffer Encode writes. A copy opened from file:// can load scripts but
// cannot make requests, so the offline zips hold the files again as
// scripts, packGroup to a script (OfflineScript).
const packMagic = "SPK3"

// packKindNames are the kinds of a pack's files in pack order, as an index
// written file by file names them: shards, text bundles, doc chunks and
// postings files (search/<kind>.<version>.<i>.js).
var packKindNames = [packKinds]string{"s", "t", "d", "o"}

const packKinds = 4

// packHead is the size of a directory's header before its offsets.
const packHead = 24

// defaultPart is the size at which a pack's part is closed (see Encode;
// config search.part_kb).
const defaultPart = 8 << 20

// packGroup is how many of a pack's files each script of the offline copy
// holds, in file order. One script each would put tens of thousands of
// files in a language's search folder, more than some phones' SD cards
// hold in one folder; 64 makes scripts of about 32 KB, read from disk (the
// 10,000-page site's Khmer: 2,635 scripts). Smaller scripts deflate
// worse: at 16, once a pack's files were smaller (shards of 500 bytes,
// postings files), the zips were 0.3-2.3 % larger than with 32, and with
// shards of 300 bytes 32 made them 0.4-2.1 % larger than 64 does (the
// 10,000-page site's, en km lo my th: 30.6 48.1 46.7 50.0 49.2 MB against
// 30.4 46.8 45.9 48.7 48.3).
const packGroup = 64

// writePack returns the parts' starts (Meta.Parts) and the files of the
// pack named pack: its directory, and bufs as its parts, whose files
// (counts: shards, bundles, chunks and postings files of them) end at ends,
// counted over all of them, written in block (packtext.go).
func writePack(pack string, bufs [][]byte, counts [packKinds]int, ends []int, block rune) (string, []File) {
	files := len(ends)
	dir := make([]byte, packHead+4*(files+1)+4+4*len(bufs))
	copy(dir, packMagic)
	for i, c := range counts {
		binary.LittleEndian.PutUint32(dir[4+4*i:], uint32(c))
	}
	binary.LittleEndian.PutUint32(dir[4+4*packKinds:], uint32(block))
	for f, end := range ends {
		binary.LittleEndian.PutUint32(dir[packHead+4*(f+1):], uint32(end))
	}
	at := packHead + 4*(files+1)
	binary.LittleEndian.PutUint32(dir[at:], uint32(len(bufs)))
	names := packNames(pack, len(bufs))
	out := []File{{names[0], dir}}
	starts := make([]string, len(bufs))
	start := 0
	for i, b := range bufs {
		binary.LittleEndian.PutUint32(dir[at+4+4*i:], uint32(start+len(b)))
		starts[i] = strconv.Itoa(start)
		out = append(out, File{names[i+1], b})
		start += len(b)
	}
	return strings.Join(starts, " "), out
}

// A Pack is a packed index read back: its directory and its parts, with
// the name of its directory file (any folder).
type Pack struct {
	Dir      string
	DirData  []byte
	Parts    [][]byte
	counts   [packKinds]int
	block    rune
	off      []uint32
	partEnds []uint32
}

// OpenPack checks dir, a pack's directory named name, against its parts.
func OpenPack(name string, dir []byte, parts [][]byte) (*Pack, error) {
	if _, ok := packVersion(name); !ok {
		return nil, fmt.Errorf("%s is not a packed search index's directory", name)
	}
	p := &Pack{Dir: name, DirData: dir, Parts: parts}
	var err error
	if p.counts, p.block, p.off, p.partEnds, err = packDir(dir); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(parts) != len(p.partEnds) {
		return nil, fmt.Errorf("%s: %d parts, the directory says %d", name, len(parts), len(p.partEnds))
	}
	start := uint32(0)
	for i, b := range parts {
		if uint64(len(b)) != uint64(p.partEnds[i]-start) {
			return nil, fmt.Errorf("%s: part %d is %d bytes, the directory says %d", name, i, len(b), p.partEnds[i]-start)
		}
		start = p.partEnds[i]
	}
	return p, nil
}

// files returns the bytes of files [a, b), within one part or copied from
// two or more.
func (p *Pack) files(a, b int) []byte {
	from, to := p.off[a], p.off[b]
	var out []byte
	start := uint32(0)
	for i, end := range p.partEnds {
		if from < end && to > start {
			lo, hi := max(from, start)-start, min(to, end)-start
			if from >= start && to <= end {
				return p.Parts[i][lo:hi:hi]
			}
			out = append(out, p.Parts[i][lo:hi]...)
		}
		start = end
	}
	return out
}

// OfflineSum is a sum (publish.SumOf's hash) of what OfflineScript(g)
// holds, made without reading the script back into UTF-8: of the pack's
// block and the bytes of the script's files as the pack holds them, from
// which OfflineScript reads its text and from nothing else. Scripts of
// equal sums are equal.
func (p *Pack) OfflineSum(g int) [publish.SumSize]byte {
	h := publish.NewSum()
	var b [4]byte
	binary.LittleEndian.PutUint32(b[:], uint32(p.block))
	h.Write(b[:])
	h.Write(p.files(g*packGroup, min(len(p.off)-1, (g+1)*packGroup)))
	return [publish.SumSize]byte(h.Sum(nil))
}

// text is the UTF-8 text of files [a, b): their bytes, or, in a pack
// written in a block, a copy read back from it.
func (p *Pack) text(a, b int) []byte {
	if p.block == 0 {
		return p.files(a, b)
	}
	return p.appendText(nil, a, b) // appendUnpacked makes room for the most the files can make
}

// appendText appends the UTF-8 text of files [a, b) to dst, a copy.
func (p *Pack) appendText(dst []byte, a, b int) []byte {
	data := p.files(a, b)
	if p.block == 0 {
		return append(dst, data...)
	}
	return appendUnpacked(dst, data, p.block)
}

// Files returns the pack's files, named and written as an index written
// file by file has them (search/s.<version>.<i>.js and so on).
func (p *Pack) Files() []File {
	ver, _ := packVersion(p.Dir)
	out := make([]File, 0, len(p.off)-1)
	for k, kind := range packKindNames {
		for i := range p.counts[k] {
			f := len(out)
			out = append(out, File{fmt.Sprintf("search/%s.%s.%d.js", kind, ver, i), p.text(f, f+1)})
		}
	}
	return out
}

// OfflineNames are the names of the pack's offline scripts (OfflineScript).
func (p *Pack) OfflineNames() []string { return OfflineNames(p.Dir, len(p.off)-1) }

// OfflineScript returns script g of the pack as the offline copy holds it:
// one of scripts of packGroup files each, search/z.<version>.<g>.js for
// files g·packGroup on, each file a call that registers itself
// (search.js). In a UTF-8 pack a script's files are one run of a part, so
// its bytes are that run, not a copy, unless they are cut between two
// parts; a pack in a block is read back into UTF-8 one script at a time,
// which the zip compresses and lets go.
func (p *Pack) OfflineScript(g int) []byte {
	return p.text(g*packGroup, min(len(p.off)-1, (g+1)*packGroup))
}

// AppendOfflineScript appends OfflineScript(g) to dst, always a copy: a
// caller that reuses its buffers has the script made in one.
func (p *Pack) AppendOfflineScript(dst []byte, g int) []byte {
	return p.appendText(dst, g*packGroup, min(len(p.off)-1, (g+1)*packGroup))
}

// PackLayout reads a pack's directory: how many files the pack holds, so
// that a step can name the offline scripts (OfflineNames), and the size of
// each of its parts, without reading them.
func PackLayout(dir []byte) (files int, parts []int, err error) {
	_, _, off, ends, err := packDir(dir)
	if err != nil {
		return 0, nil, err
	}
	start := uint32(0)
	for _, end := range ends {
		parts = append(parts, int(end-start))
		start = end
	}
	return len(off) - 1, parts, nil
}

// OfflineNames are the names of the scripts OfflineScript makes of the
// pack whose directory is dir, holding files files.
func OfflineNames(dir string, files int) []string {
	ver, _ := packVersion(dir)
	var out []string
	for g := 0; g*packGroup < files; g++ {
		out = append(out, fmt.Sprintf("search/z.%s.%d.js", ver, g))
	}
	return out
}

// PackFile says what name (a path under the output folder) is of a packed
// search index, as Encode names its files: its directory, one of its
// parts (part ≥ 0), or neither.
func PackFile(name string) (dir bool, part int) {
	base := name[strings.LastIndexByte(name, '/')+1:]
	if _, ok := packVersion(base); ok {
		return true, -1
	}
	rest, ok := strings.CutSuffix(base, ".pack")
	if !ok {
		return false, -1
	}
	i := strings.LastIndexByte(rest, '.')
	n, err := strconv.Atoi(rest[i+1:])
	if i < 0 || err != nil || n < 0 || strconv.Itoa(n) != rest[i+1:] {
		return false, -1
	}
	if _, ok := packVersion(rest[:i] + ".dir"); !ok {
		return false, -1
	}
	return false, n
}

// IndexFile says whether name (a path under the output folder) is one of
// the files of an index written file by file, as Encode names them:
// <kind>.<version>.<i>.js, kind s, t, d or o (packKindNames). Their names
// change with the index's version whenever any page's entry does, while
// most of their bytes stay the same.
func IndexFile(name string) bool {
	base := name[strings.LastIndexByte(name, '/')+1:]
	rest, ok := strings.CutSuffix(base, ".js")
	if !ok || len(rest) < 2 || rest[1] != '.' || !slices.Contains(packKindNames[:], rest[:1]) {
		return false
	}
	ver, n, ok := strings.Cut(rest[2:], ".")
	if !ok || ver == "" || n == "" {
		return false
	}
	for _, s := range []string{ver, n} {
		for i := 0; i < len(s); i++ {
			if !('0' <= s[i] && s[i] <= '9' || 'a' <= s[i] && s[i] <= 'f') {
				return false
			}
		}
	}
	_, err := strconv.Atoi(n)
	return err == nil
}

// packNames are the files of the pack named pack (Meta.Pack) with n parts,
// as Encode names them: its directory, then its parts.
func packNames(pack string, n int) []string {
	dir := "search/" + pack + ".dir"
	return append([]string{dir}, PackParts(dir, n)...)
}

// PackParts is the names of the parts of the pack whose directory is dir,
// when it has n.
func PackParts(dir string, n int) []string {
	stem := strings.TrimSuffix(dir, ".dir")
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s.%d.pack", stem, i)
	}
	return out
}

// packVersion is the version in the name of a pack's directory.
func packVersion(name string) (string, bool) {
	base := name[strings.LastIndexByte(name, '/')+1:]
	ver, ok := strings.CutPrefix(base, "p.")
	if !ok {
		return "", false
	}
	ver, ok = strings.CutSuffix(ver, ".dir")
	return ver, ok && ver != "" && !strings.Contains(ver, ".")
}

// packDir reads a pack's directory and checks that its offsets rise from
// 0, that its parts end where files end, the last where the last file
// does.
func packDir(data []byte) (counts [packKinds]int, block rune, off, partEnds []uint32, err error) {
	if len(data) < packHead || string(data[:4]) != packMagic {
		return counts, 0, nil, nil, errors.New("not a pack's directory: no " + packMagic + " header")
	}
	files := 0
	for i := range counts {
		counts[i] = int(binary.LittleEndian.Uint32(data[4+4*i:]))
		files += counts[i]
	}
	block = rune(binary.LittleEndian.Uint32(data[4+4*packKinds:]))
	if block < 0 || block >= 0x10000 || blockOf(block) != block {
		return counts, 0, nil, nil, fmt.Errorf("block %#x is not a block of the Basic Multilingual Plane", block)
	}
	at := packHead + 4*(files+1)
	if at+4 > len(data) {
		return counts, 0, nil, nil, fmt.Errorf("directory of %d files is %d bytes, too short", files, len(data))
	}
	nParts := int(binary.LittleEndian.Uint32(data[at:]))
	if want := at + 4 + 4*nParts; nParts < 1 || want != len(data) {
		return counts, 0, nil, nil, fmt.Errorf("directory of %d files and %d parts is %d bytes, not %d", files, nParts, len(data), want)
	}
	off = make([]uint32, files+1)
	for i := range off {
		off[i] = binary.LittleEndian.Uint32(data[packHead+4*i:])
		if i == 0 && off[i] != 0 || i > 0 && off[i] < off[i-1] {
			return counts, 0, nil, nil, fmt.Errorf("pack file %d is out of order", i)
		}
	}
	partEnds = make([]uint32, nParts)
	for i := range partEnds {
		partEnds[i] = binary.LittleEndian.Uint32(data[at+4+4*i:])
		if _, found := slices.BinarySearch(off, partEnds[i]); !found || i > 0 && partEnds[i] <= partEnds[i-1] {
			return counts, 0, nil, nil, fmt.Errorf("part %d ends at %d, not between two files after the part before", i, partEnds[i])
		}
	}
	if partEnds[nParts-1] != off[files] {
		return counts, 0, nil, nil, fmt.Errorf("the parts end at %d, the files at %d", partEnds[nParts-1], off[files])
	}
	return counts, block, off, partEnds, nil
}
