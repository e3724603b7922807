package search

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"spean/generator/publish"
)

// The index of a language is the most costly output of a build (on the
// 10,000-page site, 10 of 23 seconds), and after an edit to one page the
// other languages' indexes are what they were. So each language's index
// leaves a note for the next build (publish.Reuser): a hash of everything
// it was made from, its Meta and its files' names. A build whose input
// hashes the same, over a previous build by the same generator that still
// has those files, publishes them again (hard links) instead of indexing.
// The generator's own hash guards the code: the note is read only from a
// site the same program built (publish.NewDir).

// memo is one language's note.
type memo struct {
	input string // inputHash
	meta  Meta
	names []string
}

// noteKey is the key of lang's note.
func noteKey(lang string) string { return "search/" + lang }

// inputHash hashes what Files makes the index of a language from: the
// pages in order, every field the index reads, the synonym groups and the
// options. Lengths go before contents, so no two inputs hash the same by
// shifting text between fields.
func inputHash(pages []Page, groups [][]string, o Options) string {
	h := sha256.New()
	w := hashWriter{h}
	w.num(o.ShardBytes)
	w.num(o.TextBytes)
	w.num(o.ChunkDocs)
	w.num(o.MaxFiles)
	w.num(o.PartBytes)
	w.groups(groups)
	w.num(len(pages))
	for i := range pages {
		p := &pages[i]
		w.str(p.Href)
		w.str(p.Title)
		w.str(p.Section)
		w.str(p.Description)
		w.str(p.Summary)
		w.blocks(p)
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// String is the note: the input hash, the Meta, then the files as runs of
// one kind, "s0-309": search/s.<version>.0.js to search/s.<version>.309.js,
// as Encode names them, or, for a packed index, "pack", its number of text
// bundles and where its parts start. ok is false for names that do not follow that
// pattern: such an index is not noted, and is made anew next time.
func (m memo) String() (note string, ok bool) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %d %d %d %d", m.input, m.meta.Version, m.meta.Shards, m.meta.ChunkDocs, m.meta.N, m.meta.Part)
	if m.meta.Pack != "" {
		// A packed index is its directory and its parts.
		want := packNames(m.meta.Pack, len(strings.Fields(m.meta.Parts)))
		if m.meta.Pack != "p."+m.meta.Version || !slices.Equal(m.names, want) || len(want) < 2 {
			return "", false
		}
		return fmt.Sprintf("%s pack %d %d %s", b.String(), m.meta.Bundles, m.meta.Block, m.meta.Parts), true
	}
	kind, next := "", 0
	for _, name := range m.names {
		k, i, ok := splitName(name, m.meta.Version)
		if !ok {
			return "", false
		}
		switch {
		case k == kind && i == next:
			next++
			continue
		case i != 0:
			return "", false
		}
		if kind != "" {
			fmt.Fprintf(&b, "-%d", next-1)
		}
		fmt.Fprintf(&b, " %s0", k)
		kind, next = k, 1
	}
	if kind != "" {
		fmt.Fprintf(&b, "-%d", next-1)
	}
	return b.String(), true
}

// splitName splits search/<kind>.<version>.<i>.js.
func splitName(name, version string) (kind string, i int, ok bool) {
	rest, ok := strings.CutPrefix(name, "search/")
	if !ok {
		return "", 0, false
	}
	kind, rest, ok = strings.Cut(rest, "."+version+".")
	if !ok || kind == "" || strings.ContainsAny(kind, "0123456789-. ") {
		return "", 0, false
	}
	num, ok := strings.CutSuffix(rest, ".js")
	if !ok {
		return "", 0, false
	}
	i, err := strconv.Atoi(num)
	if err != nil || i < 0 || strconv.Itoa(i) != num {
		return "", 0, false
	}
	return kind, i, true
}

// parseMemo reads a note String wrote.
func parseMemo(note string) (memo, bool) {
	f := strings.Fields(note)
	if len(f) < 6 {
		return memo{}, false
	}
	m := memo{input: f[0], meta: Meta{Version: f[1]}}
	for i, p := range []*int{&m.meta.Shards, &m.meta.ChunkDocs, &m.meta.N, &m.meta.Part} {
		v, err := strconv.Atoi(f[2+i])
		if err != nil || v < 0 {
			return memo{}, false
		}
		*p = v
	}
	if strings.ContainsAny(m.meta.Version, "./") || m.meta.Version == "" {
		return memo{}, false
	}
	if len(f) > 6 && f[6] == "pack" {
		// "pack", its bundles, its block, where its parts start.
		if len(f) < 10 {
			return memo{}, false
		}
		prev := -1
		for i, v := range f[7:] {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || strconv.Itoa(n) != v {
				return memo{}, false
			}
			if i > 1 { // the parts start at 0 and rise
				if i == 2 && n != 0 || i > 2 && n <= prev {
					return memo{}, false
				}
				prev = n
			}
		}
		m.meta.Bundles, _ = strconv.Atoi(f[7])
		m.meta.Block, _ = strconv.Atoi(f[8])
		if b := rune(m.meta.Block); b >= 0x10000 || blockOf(b) != b {
			return memo{}, false
		}
		m.meta.Pack, m.meta.Group, m.meta.Parts = "p."+m.meta.Version, packGroup, strings.Join(f[9:], " ")
		m.names = packNames(m.meta.Pack, len(f)-9)
		return m, true
	}
	for _, run := range f[6:] {
		i := strings.IndexAny(run, "0123456789")
		if i <= 0 {
			return memo{}, false
		}
		from, to, ok := strings.Cut(run[i:], "-")
		a, err1 := strconv.Atoi(from)
		z, err2 := strconv.Atoi(to)
		if !ok || err1 != nil || err2 != nil || a != 0 || z < a || z >= 1<<16 {
			return memo{}, false
		}
		for n := a; n <= z; n++ {
			m.names = append(m.names, fmt.Sprintf("search/%s.%s.%d.js", run[:i], m.meta.Version, n))
		}
	}
	return m, true
}

// reuse publishes lang's index of the previous build again when its note
// says it was made from input and every file is still there, and returns
// the index's Meta; ok is false when the index must be made. An error
// means files were half published: the build cannot go on.
func reuse(r publish.Reuser, lang, input string) (meta Meta, ok bool, err error) {
	note, ok := r.Recall(noteKey(lang))
	if !ok {
		return Meta{}, false, nil
	}
	m, ok := parseMemo(note)
	if !ok || m.input != input {
		return Meta{}, false, nil
	}
	names := make([]string, len(m.names))
	for i, n := range m.names {
		names[i] = fileOf(lang, n)
	}
	// With each file's noted sum and size, a file of that size is
	// published as the one noted (publish.Recorder.ReuseAs), and the
	// steps after (the zips' plans) need not read it back for its sum:
	// on the 10,000-page site four packs of 37 MB at every rebuild.
	filesNote, _ := r.Recall(filesKey(lang))
	noted, known := parseFiles(filesNote, len(names))
	if rec, ok := r.(*publish.Recorder); ok && known {
		if ok, err := rec.ReuseAllAs(names, noted); !ok || err != nil {
			return Meta{}, false, err
		}
		if err := r.Note(filesKey(lang), filesNote); err != nil {
			return Meta{}, false, err
		}
	} else {
		for _, n := range names {
			if _, ok := r.PreviousSize(n); !ok {
				return Meta{}, false, nil
			}
		}
		for _, n := range names {
			if err := r.Reuse(n); err != nil {
				return Meta{}, false, err
			}
		}
	}
	// The next build reuses them too if nothing changes.
	return m.meta, true, r.Note(noteKey(lang), note)
}

// filesKey is the key of the note of lang's files' sums and sizes.
func filesKey(lang string) string { return "search-files/" + lang }

// filesNote is the note of lang's files as noted, in order
// (publish.Noted: "<sum>:<size> …"), each file's sum the one r took as
// writeFiles wrote it through r, where r took one.
func filesNote(r publish.Reuser, lang string, out Output) string {
	var b strings.Builder
	for i, f := range out.Files {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(publish.WrittenNoted(r, fileOf(lang, f.Name), f.Data).String())
	}
	return b.String()
}

// parseFiles reads a files note of n files back; ok is false when it is
// not one.
func parseFiles(note string, n int) (noted []publish.Noted, ok bool) {
	f := strings.Fields(note)
	if len(f) != n || n == 0 {
		return nil, false
	}
	noted = make([]publish.Noted, n)
	for i, e := range f {
		if noted[i], ok = publish.ParseNoted(e); !ok {
			return nil, false
		}
	}
	return noted, true
}

// remember leaves lang's note for the next build.
func remember(r publish.Reuser, lang, input string, out Output) error {
	m := memo{input: input, meta: out.Meta}
	for _, f := range out.Files {
		m.names = append(m.names, f.Name)
	}
	note, ok := m.String()
	if !ok {
		return nil
	}
	// Every index's files, not only a pack's: a rebuild that publishes an
	// index of many small files again without their sums has the zips'
	// plans read each back for its sum. The 1,000-page site's English
	// index is 735 files; a rebuild after a Lao edit read and hashed them
	// all, 7-8 ms of a 40 ms offline step, where noting them lengthens
	// the marker by 51 KB (400 to 451 KB): 0.224 s rather than 0.213
	// (medians of eight alternating).
	if err := r.Note(filesKey(lang), filesNote(r, lang, out)); err != nil {
		return err
	}
	return r.Note(noteKey(lang), note)
}
