package content

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"hash/crc32"
	"io/fs"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"spean/generator/diag"
	"spean/generator/frontmatter"
	"spean/generator/paths"

	"github.com/go-json-experiment/json"
)

// Known is what a build read from the content files, noted for the next
// build by each file's status (as git's index notes the files it
// hashed): a file whose size, modification and change times, inode and
// device are as noted has the bytes it had, and its Source is taken from
// the note without reading the file or decoding its front matter again.
// Reading the 10,045 files of the 10,000-page site and decoding their
// front matter was 1.45 of the 2.3 CPU-seconds a rebuild after one edit
// spent loading.
//
// A file taken so has no Body: only its Sum, the SHA-256 of the body.
// Text reads the body when a step needs it (the page is parsed again)
// and refuses one whose sum differs. Only the languages Lazy allows are
// noted: a build reads a body only to parse a page whose document is not
// kept (build/docscache.go), and the note says whether it holds the
// glossary (Source.HasTerms); a build that makes the status page, which
// hashes the source language's bodies, does not take that language's.
//
// Timestamps can fail a note in one way: a file written twice within
// one step of the file system's clock, the second time after the note
// was made, keeps its times. So a file whose times are within RacyWindow
// of the moment this load began is not noted (git calls such entries
// "racily clean"), and the next build reads it again.
//
// The notes are kept in one file (paths.KnownCache): knownMagic, the
// CRC-32C of the rest, the salt, then for each file in path order its
// path, its status and its note (knownNote, as JSON, which keeps every
// value as front matter decodes it: gob would make `reviewed: false`
// unset and `tags: []` nil). A note is decoded only when its file is
// taken, on the worker that loads it, and one taken is written again as
// it was read: encoding and decoding them all was 0.7 CPU-s, half of
// what not reading saved.
type Known struct {
	// Lazy reports whether a language's files may be noted, and their
	// bodies left unread.
	Lazy func(lang string) bool
	// SourceLang is the language whose files get their Hash at load and
	// keep it in their notes: translations are told outdated against it.
	SourceLang string

	salt  []byte
	prev  map[string]knownFile
	start time.Time

	mu    sync.Mutex
	next  map[string]knownFile
	taken atomic.Int64
}

// RacyWindow is how close to the start of a load a file's times may be
// and the file still be noted: longer than the coarsest clock step of a
// file system in use (FAT's 2 seconds). Tests of whole builds, whose
// files are all just written, make it negative so that every file is
// noted.
var RacyWindow = 3 * time.Second

// knownMagic starts the file the notes are kept in.
const knownMagic = "spean sources 4\n"

// knownFile is one content file's status and its note, encoded.
type knownFile struct {
	stat fileStat
	note []byte
}

// noteOptions encode a note: only the fields set (a nil slice or map, a
// zero time are left out and read back as they were; an empty one is
// kept), the sum as base64, maps in sorted order so that the same load
// notes the same bytes. The notes are decoded with the same package
// (github.com/go-json-experiment/json, the proposed encoding/json/v2):
// on the 10,000-page site it decodes the 10,000 notes a rebuild takes in
// 67 ms, against encoding/json's 176 ms for its own, longer ones.
var noteOptions = json.JoinOptions(json.OmitZeroStructFields(true), json.Deterministic(true))

// knownNote is the Source LoadFile made from a file, less its path and
// body, and the findings it made. Positions are the file's, so only
// their line and column are kept.
type knownNote struct {
	Key, Lang         string
	Meta              Meta
	Sum               [32]byte
	Hash, BodyHash    string `json:",omitempty"` // Source's, for a file of Known.SourceLang
	BodyLine          int
	Terms             bool              `json:",omitempty"` // HasTermsBlock of the body
	MetaPos, ValuePos map[string][2]int `json:",omitempty"`
	Found             diag.List         `json:",omitempty"`
}

// fileStat is what tells a file unchanged: its size, modification and
// change times in nanoseconds, inode and device (statOf).
type fileStat struct {
	Size, Mtime, Ctime int64
	Ino, Dev           uint64
}

const statLen = 5 * 8

func (st fileStat) append(b []byte) []byte {
	for _, v := range []uint64{uint64(st.Size), uint64(st.Mtime), uint64(st.Ctime), st.Ino, st.Dev} {
		b = binary.LittleEndian.AppendUint64(b, v)
	}
	return b
}

func readStat(b []byte) fileStat {
	u := func(i int) uint64 { return binary.LittleEndian.Uint64(b[8*i:]) }
	return fileStat{Size: int64(u(0)), Mtime: int64(u(1)), Ctime: int64(u(2)), Ino: u(3), Dev: u(4)}
}

// ReadKnown reads the notes a previous build left in b; an empty or
// unreadable b, or one made with another salt, knows nothing. salt holds
// what decides a file's Source besides its bytes (the languages, the
// size limit), so that changing it reads every file again.
func ReadKnown(b []byte, salt []byte, lazy func(lang string) bool) *Known {
	k := &Known{Lazy: lazy, salt: salt, prev: map[string]knownFile{}, next: map[string]knownFile{}, start: time.Now()}
	rest, ok := bytes.CutPrefix(b, []byte(knownMagic))
	if !ok || len(rest) < 4 || crc32.Checksum(rest[4:], castagnoli) != binary.LittleEndian.Uint32(rest) {
		return k
	}
	rest = rest[4:]
	field := func() ([]byte, bool) {
		n, w := binary.Uvarint(rest)
		if w <= 0 || n > uint64(len(rest)-w) {
			return nil, false
		}
		f := rest[w : w+int(n)]
		rest = rest[w+int(n):]
		return f, true
	}
	if s, ok := field(); !ok || !bytes.Equal(s, salt) {
		return k
	}
	for len(rest) > 0 {
		p, ok := field()
		if !ok || len(rest) < statLen {
			clear(k.prev)
			break
		}
		st := readStat(rest)
		rest = rest[statLen:]
		note, ok := field()
		if !ok {
			clear(k.prev)
			break
		}
		k.prev[string(p)] = knownFile{stat: st, note: note}
	}
	return k
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Encode is the notes for the next build: every file of a lazy language
// this load took, or read and may note.
func (k *Known) Encode() []byte {
	k.mu.Lock()
	defer k.mu.Unlock()
	names := make([]string, 0, len(k.next))
	size := 0
	for p, f := range k.next {
		names = append(names, p)
		size += len(p) + statLen + len(f.note) + 2*binary.MaxVarintLen64
	}
	slices.Sort(names)
	out := make([]byte, 0, len(knownMagic)+4+binary.MaxVarintLen64+len(k.salt)+size)
	out = append(out, knownMagic...)
	out = append(out, 0, 0, 0, 0)
	out = binary.AppendUvarint(out, uint64(len(k.salt)))
	out = append(out, k.salt...)
	for _, p := range names {
		f := k.next[p]
		out = binary.AppendUvarint(out, uint64(len(p)))
		out = append(out, p...)
		out = f.stat.append(out)
		out = binary.AppendUvarint(out, uint64(len(f.note)))
		out = append(out, f.note...)
	}
	at := len(knownMagic)
	binary.LittleEndian.PutUint32(out[at:], crc32.Checksum(out[at+4:], castagnoli))
	return out
}

// Taken is how many files the load took from the notes, unread.
func (k *Known) Taken() int { return int(k.taken.Load()) }

// load is LoadFile through the notes: a regular file whose status is
// the noted one is taken from its note; any other is read, and noted
// when its language is lazy, it loaded without errors, is no draft and
// is not racily clean.
func (k *Known) load(fsys fs.FS, p string, d fs.DirEntry, langs []string) (*Source, diag.List) {
	st, ok := fileStat{}, false
	if d.Type().IsRegular() {
		if info, err := d.Info(); err == nil {
			st, ok = statOf(info)
		}
	}
	if f, noted := k.prev[p]; ok && noted && f.stat == st {
		var n knownNote
		if err := json.Unmarshal(f.note, &n); err == nil && k.Lazy(n.Lang) {
			k.note(p, f)
			k.taken.Add(1)
			return n.source(p), n.Found
		}
	}
	src, found := LoadFile(fsys, p, langs)
	if src != nil && src.Lang == k.SourceLang {
		src.SetHashes()
	}
	// A draft is not noted: the notes are kept in the output folder,
	// which is uploaded, and a draft's front matter is not published.
	if !ok || src == nil || found.HasErrors() || !k.Lazy(src.Lang) || src.Meta.Draft || k.racy(st) {
		return src, found
	}
	n := knownNote{Key: src.Key, Lang: src.Lang, Meta: src.Meta, Sum: src.Sum, Hash: src.Hash, BodyHash: src.BodyHash, BodyLine: src.BodyLine, Terms: HasTermsBlock(src.Body),
		MetaPos: lineCols(src.MetaPos), ValuePos: lineCols(src.ValuePos), Found: found}
	if b, err := json.Marshal(&n, noteOptions); err == nil {
		k.note(p, knownFile{stat: st, note: b})
	}
	return src, found
}

func (k *Known) note(p string, f knownFile) {
	k.mu.Lock()
	k.next[p] = f
	k.mu.Unlock()
}

// racy reports whether a file's times are too close to the start of the
// load to tell a later write by them.
func (k *Known) racy(st fileStat) bool {
	limit := k.start.Add(-RacyWindow).UnixNano()
	return st.Mtime >= limit || st.Ctime >= limit
}

// source is the Source a note gives for the file p, without its body.
func (n *knownNote) source(p string) *Source {
	src := &Source{Path: p, Key: n.Key, Lang: n.Lang, Meta: n.Meta, Sum: n.Sum, Hash: n.Hash, BodyHash: n.BodyHash, BodyLine: n.BodyLine,
		MetaPos: positions(p, n.MetaPos), ValuePos: positions(p, n.ValuePos), unread: true, terms: n.Terms}
	src.setPlace()
	return src
}

func lineCols(m map[string]diag.Pos) map[string][2]int {
	out := make(map[string][2]int, len(m))
	for k, pos := range m {
		out[k] = [2]int{pos.Line, pos.Col}
	}
	return out
}

func positions(p string, m map[string][2]int) map[string]diag.Pos {
	out := make(map[string]diag.Pos, len(m))
	for k, lc := range m {
		out[k] = diag.Pos{File: p, Line: lc[0], Col: lc[1]}
	}
	return out
}

// Text is the source's body: Body, or, for a source taken from the
// previous build's notes (Known), the body read from fsys now, as long as
// it is the one noted.
func (s *Source) Text(fsys fs.FS) ([]byte, diag.List) {
	if !s.unread {
		return s.Body, nil
	}
	data, dd := paths.ReadText(fsys, s.Path)
	if dd.HasErrors() {
		return nil, dd
	}
	parts, bad := frontmatter.Split(s.Path, data)
	if bad.HasErrors() {
		return nil, bad
	}
	body := parts.Body(data)
	if sha256.Sum256(body) != s.Sum {
		// What the build took from the note no longer holds.
		var diags diag.List
		diags.Errorf(diag.Pos{File: s.Path}, "read", "%s changed while Spean was building; build again", s.Path)
		return nil, diags
	}
	return body, nil
}
