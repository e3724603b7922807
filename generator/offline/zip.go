package offline

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"html"
	"io"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/klauspost/compress/flate"

	"spean/generator/deploy"
	"spean/generator/diag"
	"spean/generator/publish"
	"spean/generator/script"
	"spean/generator/search"
	"spean/generator/site"
	"spean/generator/workers"
)

// zipTime is every entry's modification time: a fixed date, so the zip of
// an unchanged site is byte-identical from one build to the next.
var zipTime = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// zipLevel is the deflate level of the zips' entries, with
// klauspost/compress, which deflates HTML two to three times as fast as
// the standard library at the same level. Measured on the 10,000-page
// site's Khmer pages and leaflets (81 MB): level 6 gives 0.284 of the
// size at 74 MB/s a core, against the standard library's 0.278 at 29 MB/s;
// level 1 would be 120 MB/s but 16 % larger, which a reader downloading
// the zip on mobile data pays for.
const zipLevel = 6

// packed is one output as a zip entry: deflated once, for every zip that
// holds it (the shared files are in every language's).
type packed struct {
	crc    uint32
	size   int // uncompressed
	method uint16
	raw    []byte // the entry's bytes in the zip
	// rawLen is len(raw), which a zip reused whole (reuseZip) knows
	// without the bytes.
	rawLen int
	// sum is a search script's hash (summed; search.Pack.OfflineSum),
	// noted with the zip (scriptsNote) for the next build to compare with.
	sum    [publish.SumSize]byte
	summed bool
}

// Entry returns what the service worker's plan needs to know of the file:
// its hash (the CRC-32, as long as the hashes of files not zipped) and
// what downloading it costs, the deflate stream plus gzip's 18 bytes of
// header and trailer, as a server compressing on the fly sends it.
func (p *packed) entry(name string) Entry {
	size := p.size
	if p.method == zip.Deflate && p.rawLen+gzipFraming < size {
		size = p.rawLen + gzipFraming
	}
	return Entry{Name: name, Hash: fmt.Sprintf("%08x", p.crc), Size: size}
}

// gzipFraming is what gzip adds to a deflate stream: a 10-byte header and
// an 8-byte trailer.
const gzipFraming = 18

// Zips writes downloads/spean-<lang>.zip for every language: the same files
// the service worker saves (LangFiles), in a folder spean-<lang>/, so a
// facilitator can copy one file to phones or SD cards and readers open
// spean-<lang>/<lang>/index.html from disk. Links are relative with
// index.html spelled out, so the copy works from file://.
//
// Every file is deflated once, in parallel, and the deflated bytes are
// written as they are (zip.Writer.CreateRaw). A file unchanged since the
// previous build (publish.Reuser) takes its deflated bytes from the
// previous build's zip instead, and a zip none of whose files changed is
// the previous build's zip again (reuseZip). It returns each zipped
// file's Entry, from which the service worker's plan is made without
// compressing anything again.
func Zips(ctx context.Context, s *site.Site, files *publish.Recorder, sink publish.Sink) (map[string]Entry, diag.List) {
	var diags diag.List
	entries := map[string]Entry{}
	shared := &packCache{langs: s.Langs, m: map[string]*packed{}}
	// Which zips the previous build's can be, decided for every language
	// at once: each reads only its own files' sums and its previous zip.
	type plan struct {
		names  []string
		list   zipList
		key    string
		size   int
		reused map[string]Entry
		err    error
		// prev is the previous build's zip, read for a zip made again:
		// here, beside the other languages' plans, rather than before
		// its members deflate, where it was the only work (mapping and
		// hashing the zip: 2 ms of a rebuild of the 1,000-page site
		// after a Lao edit, on one core).
		prev *prevZip
	}
	plans := make([]plan, len(s.Langs))
	var releases []func()
	defer func() {
		for _, release := range releases {
			release()
		}
	}()
	var mu sync.Mutex
	workers.Each(ctx, len(s.Langs), 0, func(i int) {
		p, lang := &plans[i], s.Langs[i]
		p.names = LangFiles(s, files, lang)
		if p.list, p.err = listZip(files, p.names); p.err != nil {
			return
		}
		if slices.Contains(p.list.members, zipEntry) {
			p.list.entry = entryPage(s, lang)
		}
		if p.key, p.err = zipKey(files, site.ZipFolder(lang), p.names, p.list.entry); p.err == nil {
			p.size, p.reused, p.err = reuseZip(files, lang, p.key, site.ZipFolder(lang), p.list)
		}
		if p.err == nil && p.reused == nil {
			var release func()
			p.prev, release = previousZip(files, lang)
			mu.Lock()
			releases = append(releases, release)
			mu.Unlock()
		}
	})
	// Each zip is put together and written, and its entries and notes
	// taken, while the next language's files deflate: one after another,
	// that part of every language (copying its entries into the zip,
	// hashing and writing 30-50 MB) left a core idle for 60-100 ms a
	// language of the 10,000-page site. finish runs them in language
	// order, one at a time, so entries and diags are only ever touched by
	// one of them, and the bytes of at most two zips are held at once.
	// The previous zips are mapped (publish.Dir.MapPrevious): the entries
	// taken from them, shared ones too, are written by the last finish.
	var last chan struct{}
	finished := make([]chan struct{}, len(s.Langs))
	finish := func(i int, f func()) {
		wait, done := last, make(chan struct{})
		last, finished[i] = done, done
		go func() {
			defer close(done)
			if wait != nil {
				<-wait
			}
			f()
		}()
	}
	for i, lang := range s.Langs {
		if ctx.Err() != nil {
			break
		}
		if i >= 2 {
			<-finished[i-2] // its zip's bytes go before a third's are made
		}
		p := plans[i]
		prefix, zname := site.ZipFolder(lang), site.Zip(lang)
		var packs []*packed
		err := p.err
		if err == nil && p.reused == nil {
			packs, err = zipMembers(ctx, files, prefix, p.list, p.prev, shared)
		}
		finish(i, func() {
			size := p.size
			switch {
			case err != nil:
			case p.reused != nil:
				maps.Copy(entries, p.reused)
			default:
				var noted publish.Noted
				noted, err = publish.StreamNoted(sink, zname, func(w io.Writer) error {
					return assemble(w, prefix, p.list.members, packs)
				})
				if err == nil {
					err = files.Note(zipNote(lang), p.key+" "+noted.String())
				}
				if sums := scriptSums(files, prefix, p.list.members, packs); err == nil && sums != "" {
					err = files.Note(scriptsNote(lang), sums)
				}
				if err == nil {
					maps.Copy(entries, p.list.entries(packs))
				}
				size = int(noted.Size)
			}
			if err != nil {
				diags.Errorf(diag.Pos{File: "generator/offline"}, "offline", "zip for %s: %v", lang, err)
				return
			}
			if msg := deploy.TooBig(zname, size); msg != "" {
				diags.Add(diag.Diagnostic{Pos: diag.Pos{File: s.Config.File}, Severity: diag.Warning, Code: "offline", Message: msg})
			}
		})
	}
	if last != nil {
		<-last
	}
	return entries, diags
}

// A language's zip is the build's largest output made from others, and
// after an edit to one page the other languages' zips are what they were;
// making one again meant reading back every file in it, which on the
// 10,000-page site cost seconds though every entry's deflated bytes were
// reused. So each zip leaves a note (publish.Reuser): a hash of its
// members' names and contents (publish.Recorder.Sum, taken as they were
// written) and the zip itself as noted (publish.Noted: its hash and
// size). A build whose members hash the same, over a previous build by
// the same generator whose zip still has the noted size, publishes that
// zip again (a hard link) and takes the entries' sizes and CRCs from its
// directory.

// zipNote is the key of lang's note.
func zipNote(lang string) string { return "zip/" + lang }

// recallZip reads lang's note as the previous build left it (note): the
// key of what its zip was made from (zipKey) and the zip as noted; ok is
// false when there is none, or none this generator wrote.
func recallZip(files *publish.Recorder, lang string) (note, key string, zip publish.Noted, ok bool) {
	note, ok = files.Recall(zipNote(lang))
	key, noted, _ := strings.Cut(note, " ")
	zip, known := publish.ParseNoted(noted)
	return note, key, zip, ok && known
}

// scriptsNote is the key of the note of the hash of every search script in
// lang's zip (search.Pack.OfflineSum): a script made from the index is no
// file of the build, so without it a script that may be the previous
// zip's was compared with that entry inflated (samePrevious), 0.36 CPU-s
// of a rebuild after one Lao page's edit on the 10,000-page site; with
// it, a script whose hash a previous entry has is that entry
// (prevZip.script), never read back from its pack.
func scriptsNote(lang string) string { return "zip/" + lang + "/scripts" }

// scriptSums is the scripts note of a zip: for each summed member, its
// hash in hex, a colon and its name in the zip, separated by spaces (a
// note is one line; the scripts' names, made by package search, have no
// spaces).
func scriptSums(files *publish.Recorder, prefix string, members []string, packs []*packed) string {
	var b strings.Builder
	for i, p := range packs {
		sum, summed := p.sum, p.summed
		if !summed && search.IndexFile(members[i]) {
			// Taken from the previous zip by name (the file published
			// again): its sum is the file's, as a clean build notes it.
			sum, summed = files.Sum(members[i])
		}
		if summed {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(hex.EncodeToString(sum[:]))
			b.WriteByte(':')
			b.WriteString(prefix + members[i])
		}
	}
	return b.String()
}

// parseScriptSums reads a scripts note back: each entry's hash by its
// name, and nothing from a word that is not one it writes.
func parseScriptSums(note string) map[string][publish.SumSize]byte {
	out := map[string][publish.SumSize]byte{}
	for _, word := range strings.Fields(note) {
		sum, name, ok := strings.Cut(word, ":")
		var s [publish.SumSize]byte
		if !ok || len(sum) != 2*publish.SumSize || name == "" {
			continue
		}
		if _, err := hex.Decode(s[:], []byte(sum)); err != nil {
			continue
		}
		out[name] = s
	}
	return out
}

// zipKey hashes what a zip is made from: its folder prefix, its entry
// page, and every member's name and sum (publish.Recorder.Sum) in order.
// Lengths go before names, so no two lists hash the same.
func zipKey(files *publish.Recorder, prefix string, names []string, entry []byte) (string, error) {
	h := sha256.New()
	var n [8]byte
	str := func(s string) {
		binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	str(prefix)
	str(string(entry))
	for _, name := range names {
		sum, ok := files.Sum(name)
		if !ok {
			return "", fmt.Errorf("%s: not among the outputs", name)
		}
		str(name)
		h.Write(sum[:])
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// reuseZip publishes the previous build's zip of lang again when its note
// says it was made from the same files (key) and the zip there is still
// the one noted, with exactly names in its directory. It returns the
// zip's size and its members' entries, or nil entries when it must be
// made anew; an error when publishing it again failed.
func reuseZip(files *publish.Recorder, lang, key, prefix string, list zipList) (int, map[string]Entry, error) {
	note, noted, zn, ok := recallZip(files, lang)
	if !ok || noted != key {
		return 0, nil, nil
	}
	// Its directory alone tells the members: the zip is the one the
	// previous build wrote if it has the size noted (as for pages,
	// publish.Recorder.ReuseAs), and reading it whole to hash it cost
	// more than making the zip's plan.
	ra, n, closeFile, ok := files.PreviousAt(site.Zip(lang))
	if !ok {
		return 0, nil, nil
	}
	defer closeFile()
	if n != zn.Size {
		return 0, nil, nil
	}
	zr, err := zip.NewReader(ra, n)
	if err != nil || len(zr.File) != len(list.members) {
		return 0, nil, nil
	}
	packs := make([]*packed, len(list.members))
	for i, f := range zr.File {
		if f.Name != prefix+list.members[i] {
			return 0, nil, nil
		}
		packs[i] = &packed{crc: f.CRC32, size: int(f.UncompressedSize64), method: f.Method, rawLen: int(f.CompressedSize64)}
	}
	if ok, err := files.ReuseAs(site.Zip(lang), zn); err != nil || !ok {
		return 0, nil, err
	}
	if err := files.Note(zipNote(lang), note); err != nil {
		return 0, nil, err
	}
	if sums, ok := files.Recall(scriptsNote(lang)); ok {
		if err := files.Note(scriptsNote(lang), sums); err != nil {
			return 0, nil, err
		}
	}
	return int(zn.Size), list.entries(packs), nil
}

// zipList is what a language's zip holds: its files (LangFiles) in order,
// but a packed search index as the scripts the offline copy loads
// instead (search.Pack.OfflineScript): a copy opened from file:// can
// load scripts but cannot read a pack's ranges.
type zipList struct {
	names   []string            // the files, as LangFiles lists them
	members []string            // the zip's entries
	scripts map[string]bool     // members made from a pack
	packs   map[string][]string // each pack's directory: its parts
	served  map[string]Entry    // a pack's files, as served
	entry   []byte              // the zip's zipEntry (entryPage), if it has one
}

// zipEntry is the page a reader opens first in an unzipped copy: the
// footer's hint says "unzip it and open index.html". On the site it is
// the chooser of languages, in the source language, whose links to the
// other languages lead nowhere in one language's copy; in the zip it is
// entryPage instead.
const zipEntry = "index.html"

// entryPage is the zip's index.html for lang: it opens the language's
// home page at once, and links to it, named with the site's title in
// that language, where a browser does not follow the refresh.
func entryPage(s *site.Site, lang string) []byte {
	title := lang
	if l := s.Config.Lang(lang); l != nil && l.Title != "" {
		title = l.Title
	}
	home := lang + "/index.html"
	var b bytes.Buffer
	fmt.Fprintf(&b, "<!doctype html>\n<html lang=\"%s\" dir=\"%s\">\n<meta charset=\"utf-8\">\n", html.EscapeString(lang), script.Of(lang).Dir)
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	fmt.Fprintf(&b, "<meta http-equiv=\"refresh\" content=\"0; url=%s\">\n", home)
	fmt.Fprintf(&b, "<title>%s</title>\n<p><a href=\"%s\">%s</a></p>\n</html>\n", html.EscapeString(title), home, html.EscapeString(title))
	return b.Bytes()
}

// listZip lists the zip of names. A pack's scripts are named from its
// directory alone (search.PackLayout): its parts, tens of megabytes on a
// large site, are read when the zip is made (zipMembers), one language at
// a time.
func listZip(files *publish.Recorder, names []string) (zipList, error) {
	l := zipList{names: names}
	for _, name := range names {
		dir, part := search.PackFile(name)
		if !dir && part < 0 {
			l.members = append(l.members, name)
			continue
		}
		if !dir {
			continue // listed with its directory
		}
		data, ok := files.Get(name)
		if !ok {
			return l, fmt.Errorf("%s: not among the outputs", name)
		}
		n, sizes, err := search.PackLayout(data)
		if err != nil {
			return l, fmt.Errorf("%s: %w", name, err)
		}
		if l.scripts == nil {
			l.scripts, l.packs, l.served = map[string]bool{}, map[string][]string{}, map[string]Entry{}
		}
		folder := langFolder(name)
		for _, s := range search.OfflineNames(name, n) {
			l.members = append(l.members, folder+s)
			l.scripts[folder+s] = true
		}
		// Sent as they are (a server that compressed them could not send
		// ranges of them); a hash, like a zipped file's, of 32 bits.
		parts := search.PackParts(name, len(sizes))
		l.packs[name] = parts
		for i, f := range append([]string{name}, parts...) {
			sum, ok := files.Sum(f)
			if !ok {
				return l, fmt.Errorf("%s: not among the outputs", f)
			}
			size := len(data)
			if i > 0 {
				size = sizes[i-1]
			}
			l.served[f] = Entry{Name: f, Hash: hex.EncodeToString(sum[:4]), Size: size}
		}
	}
	return l, nil
}

// langFolder is the language folder of a pack's directory,
// "<lang>/search/p.<version>.dir": where its offline scripts' names start.
func langFolder(dir string) string { return path.Dir(path.Dir(dir)) + "/" }

// unpacked returns the scripts of l's packs by name, read from files:
// each a func that makes it, so that a pack written a byte a letter is
// read back into UTF-8 a script at a time (search.Pack.OfflineScript).
func (l zipList) unpacked(files *publish.Recorder) (map[string]packScript, error) {
	out := make(map[string]packScript, len(l.scripts))
	for dir, parts := range l.packs {
		data, ok := files.Get(dir)
		var partData [][]byte
		for _, p := range parts {
			b, got := files.Get(p)
			ok = ok && got
			partData = append(partData, b)
		}
		if !ok {
			return nil, fmt.Errorf("%s: a part is not among the outputs", dir)
		}
		p, err := search.OpenPack(dir, data, partData)
		if err != nil {
			return nil, err
		}
		folder := langFolder(dir)
		for g, name := range p.OfflineNames() {
			out[folder+name] = packScript{
				text: func(dst []byte) []byte { return p.AppendOfflineScript(dst, g) },
				sum:  func() [publish.SumSize]byte { return p.OfflineSum(g) },
			}
		}
	}
	return out, nil
}

// entries are the Entry of every file, from the packing of every member.
func (l zipList) entries(packs []*packed) map[string]Entry {
	out := make(map[string]Entry, len(l.names))
	for i, m := range l.members {
		// The entry page is not the site's file of that name, which the
		// service worker's plan sizes itself.
		if _, ok := l.scripts[m]; !ok && !(m == zipEntry && l.entry != nil) {
			out[m] = packs[i].entry(m)
		}
	}
	maps.Copy(out, l.served)
	return out
}

// packCache keeps the packed files that are in every language's zip:
// those outside the language folders.
type packCache struct {
	langs []string
	mu    sync.Mutex
	m     map[string]*packed
}

func (c *packCache) holds(name string) bool {
	top, _, nested := strings.Cut(name, "/")
	return c != nil && !(nested && slices.Contains(c.langs, top))
}

// prevZip is the previous build's zip, to reuse entries from: by name,
// and by content for the search scripts, whose names change with the
// index's version when a page changes though most hold what they held
// (a script is named by its place in the pack, z.<version>.<n>.js): after
// an edit to one Lao page, deflating every script of the Lao index again
// was half a second of the rebuild.
type prevZip struct {
	b         []byte // the zip, whole (mapped: previousZip)
	byName    map[string]*zip.File
	byContent map[contentKey]*zip.File
	// sums are its scripts' sums (search.Pack.OfflineSum) by entry name
	// (scriptsNote), when the zip is byte-identical to the one the note
	// was made with; bySum is the first entry of each.
	sums  map[string][publish.SumSize]byte
	bySum map[[publish.SumSize]byte]*zip.File
	// noted says the zip is that one: the previous build made it from its
	// own files, so its entry of a file this build published again
	// unchanged (publish.Recorder.Reused) holds that file's bytes.
	noted bool
}

// reusedEntry is the previous zip's packing of name, a file this build
// published again from the previous build, taken without reading the
// file: after an edit to one English page, reading back the 2,000 other
// pages to check their CRCs was a third of the zip's time. nil when the
// zip is not the one noted or has no such entry.
func (z *prevZip) reusedEntry(files *publish.Recorder, prefix, name string) *packed {
	if z == nil || !z.noted || !files.Reused(name) { // a search script is made, never reused
		return nil
	}
	return z.entry(z.byName[prefix+name])
}

// entry is entry f (nil: none) taken as it is, stored or deflated; nil
// for any other.
func (z *prevZip) entry(f *zip.File) *packed {
	if f == nil || f.Method != zip.Store && f.Method != zip.Deflate {
		return nil
	}
	raw, ok := z.raw(f)
	if !ok {
		return nil
	}
	return &packed{crc: f.CRC32, size: int(f.UncompressedSize64), method: f.Method, raw: raw, rawLen: len(raw)}
}

// raw is entry f's bytes as the zip holds them, a slice of the zip read
// whole, which nothing changes: read out through f.OpenRaw, each a new
// buffer grown as it was read, the 2,000 entries a Lao page's edit takes
// again on the 10,000-page site were 35 MB allocated, cleared and copied.
func (z *prevZip) raw(f *zip.File) ([]byte, bool) {
	off, err := f.DataOffset()
	if err != nil || off < 0 || f.CompressedSize64 > uint64(len(z.b)) {
		return nil, false
	}
	end := off + int64(f.CompressedSize64)
	if end > int64(len(z.b)) {
		return nil, false
	}
	return z.b[off:end:end], true
}

// contentKey finds an entry that may hold the same bytes; pack compares
// them before taking its deflated bytes.
type contentKey struct {
	crc  uint32
	size uint64
}

// find returns the previous entry to compare with file name (under the
// zip's folder prefix) of crc and size: the one of that name, or for a
// search script one of the same CRC and size.
func (z *prevZip) find(prefix, name string, script bool, crc uint32, size int) *zip.File {
	if z == nil {
		return nil
	}
	if f := z.byName[prefix+name]; f != nil || !script {
		return f
	}
	return z.byContent[contentKey{crc, uint64(size)}]
}

// previousZip opens the previous build's zip of lang, if there is one to
// reuse entries from; nothing may read it, or what it gave, after release.
// It is mapped, not read: 30-50 MB a language of the 10,000-page site,
// which a rebuild after an edit read while the offline step waited (57 ms
// of one Lao rebuild's).
func previousZip(files *publish.Recorder, lang string) (z *prevZip, release func()) {
	b, release, ok := files.MapPrevious(site.Zip(lang))
	if !ok {
		return nil, release
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, release
	}
	// Entries are inflated to be compared (samePrevious): with
	// klauspost/compress, about twice as fast as the standard library's.
	zr.RegisterDecompressor(zip.Deflate, func(r io.Reader) io.ReadCloser { return flate.NewReader(r) })
	z = &prevZip{b: b, byName: make(map[string]*zip.File, len(zr.File)), byContent: map[contentKey]*zip.File{}}
	for _, f := range zr.File {
		z.byName[f.Name] = f
		z.byContent[contentKey{f.CRC32, f.UncompressedSize64}] = f
	}
	// The scripts' sums hold for this zip only if it is the one noted,
	// byte for byte (its hash costs a few milliseconds).
	if _, _, zn, ok := recallZip(files, lang); ok && zn == publish.NotedOf(b) {
		z.noted = true
		if sums, ok := files.Recall(scriptsNote(lang)); ok {
			z.sums = parseScriptSums(sums)
			z.bySum = make(map[[publish.SumSize]byte]*zip.File, len(z.sums))
			for _, f := range zr.File { // the first of a sum, in zip order
				if s, ok := z.sums[f.Name]; ok && z.bySum[s] == nil {
					z.bySum[s] = f
				}
			}
		}
	}
	return z, release
}

// script is the previous zip's entry of a search script whose sum
// (search.Pack.OfflineSum) is sum, taken as it is: its name changes with
// its index's version, but its bytes need not be read back from the pack
// into UTF-8 (0.14 CPU-s of a Lao page's edit on the 10,000-page site) to
// be compared, hashed and checked; or of a file of an index written file
// by file, whose sum is the file's (publish.Recorder.Sum), so that it is
// not read either. nil when the zip has none (or is not the one its sums
// were noted with).
func (z *prevZip) script(sum [publish.SumSize]byte) *packed {
	if z == nil || z.bySum == nil {
		return nil
	}
	p := z.entry(z.bySum[sum])
	if p != nil {
		p.sum, p.summed = sum, true
	}
	return p
}

// packScript is a script of the offline copy made from a pack: its text,
// and the hash of that (search.Pack.OfflineSum), made without it.
type packScript struct {
	text func(dst []byte) []byte // appends the script to dst
	sum  func() [publish.SumSize]byte
}

// zipMembers packs the members of list (already sorted) from files, to be
// zipped under prefix, and returns each member's packing. prev is the
// previous build's zip (nil for none); shared, if not nil, keeps the
// packing of files outside every language folder for the next zip.
func zipMembers(ctx context.Context, files *publish.Recorder, prefix string, list zipList, prev *prevZip, shared *packCache) ([]*packed, error) {
	names := list.members
	scripts, err := list.unpacked(files)
	if err != nil {
		return nil, err
	}
	packs := make([]*packed, len(names))
	errs := make([]error, len(names))
	workers.Each(ctx, len(names), 0, func(i int) {
		name := names[i]
		entry := name == zipEntry && list.entry != nil
		isShared := shared.holds(name) && !entry
		if isShared {
			shared.mu.Lock()
			p := shared.m[name]
			shared.mu.Unlock()
			if p != nil {
				packs[i] = p
				return
			}
		}
		// The entry page is not the file of its name (zipEntry).
		if p := prev.reusedEntry(files, prefix, name); p != nil && !entry {
			packs[i] = p
			if isShared {
				shared.mu.Lock()
				shared.m[name] = p
				shared.mu.Unlock()
			}
			return
		}
		var data []byte
		var read *[]byte // the buffer data was read into, for the next file
		var sum *[publish.SumSize]byte
		script, ok := scripts[name]
		if !entry {
			read = readBufs.Get().(*[]byte)
			defer func() {
				switch {
				case data == nil: // not used (a script the previous zip has)
					readBufs.Put(read)
				case cap(data) <= maxReadBuf:
					*read = data[:0]
					readBufs.Put(read)
				}
			}()
		}
		switch {
		case entry:
			data, ok = list.entry, true
		case ok:
			s := script.sum()
			if p := prev.script(s); p != nil {
				packs[i] = p
				return
			}
			sum = &s
			// Into a buffer of readBufs too: a script read back from a
			// pack in a block was made in room for four bytes a byte,
			// zeroed first (0.25 CPU-s of the 10,000-page site's build).
			data = script.text((*read)[:0])
		default:
			if search.IndexFile(name) {
				// A file of an index written file by file is named by
				// the index's version, which changes with any page's
				// entry, so the previous zip's entry of the same bytes
				// is found by their sum, as a pack's scripts are (their
				// sums are noted with the zip, scriptsNote). Each of the
				// 1,000-page site's 735 English index files was
				// deflated again after an English edit, though one
				// bundle, one doc chunk and the shards of the terms the
				// edit changed were all that differed; comparing each
				// with its previous entry inflated cost more still.
				if s, summed := files.Sum(name); summed {
					if p := prev.script(s); p != nil {
						packs[i] = p
						return
					}
					sum = &s
				}
			}
			data, ok = files.AppendFile((*read)[:0], name)
		}
		if !ok {
			errs[i] = fmt.Errorf("%s: not among the outputs", name)
			return
		}
		crc := crc32.ChecksumIEEE(data)
		var was *zip.File
		if !entry { // a few hundred bytes, and not the file of its name
			was = prev.find(prefix, name, list.scripts[name], crc, len(data))
		}
		p, err := pack(files, name, data, crc, sum, prev, was)
		if err != nil {
			errs[i] = fmt.Errorf("%s: %w", name, err)
			return
		}
		if read != nil && p.method == zip.Store {
			p.raw = bytes.Clone(p.raw) // data goes back to readBufs
		}
		packs[i] = p
		if isShared {
			shared.mu.Lock()
			shared.m[name] = p
			shared.mu.Unlock()
		}
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, err := range errs {
		if err != nil {
			return nil, err // named already
		}
	}
	return packs, nil
}

// assemble writes to w the zip of names under prefix, each as packs holds
// it, with fixed times, in the order given: as it goes, never whole in
// memory (publish.Streamer).
func assemble(w io.Writer, prefix string, names []string, packs []*packed) error {
	zw := zip.NewWriter(w)
	for i, name := range names {
		p := packs[i]
		fw, err := zw.CreateRaw(&zip.FileHeader{
			Name: prefix + name, Method: p.method, Modified: zipTime,
			CRC32: p.crc, CompressedSize64: uint64(len(p.raw)), UncompressedSize64: uint64(p.size),
		})
		if err != nil {
			return err
		}
		if _, err := fw.Write(p.raw); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return zw.Close()
}

// pack makes the zip entry of one file: stored when it is compressed
// already, else deflated, or the previous build's deflated bytes when
// the file is byte-identical to the previous build's (the same generator
// deflates the same bytes the same way, so this equals a clean build).
// sum is the sum of a search script (search.Pack.OfflineSum; nil for
// other files); prev is the entry of the previous zip z to compare with,
// if any.
func pack(files *publish.Recorder, name string, data []byte, crc uint32, sum *[publish.SumSize]byte, z *prevZip, prev *zip.File) (*packed, error) {
	p := &packed{crc: crc, size: len(data), method: zip.Store, raw: data, rawLen: len(data)}
	if sum != nil {
		p.sum, p.summed = *sum, true
	}
	if !deploy.Compressible(name) {
		return p, nil
	}
	p.method = zip.Deflate
	if prev != nil && prev.Method == zip.Deflate && prev.CRC32 == p.crc && prev.UncompressedSize64 == uint64(len(data)) && samePrevious(files, name, data, sum, z, prev) {
		if raw, ok := z.raw(prev); ok {
			p.raw, p.rawLen = raw, len(raw)
			return p, nil
		}
	}
	raw, err := deflate(data)
	if err != nil {
		return nil, err
	}
	p.raw, p.rawLen = raw, len(raw)
	return p, nil
}

// samePrevious reports whether the previous zip's entry prev holds data,
// so that its deflated bytes can be taken as they are. A file published
// again from the previous build is its bytes; a search script, made from
// a search pack and no file of the previous build, is its entry when
// their hashes (sum, and the one noted of the previous zip z) are the
// same; anything else (a page rendered again, a script without a note)
// is compared with the entry inflated, which costs a fraction of
// deflating it again: a rebuild after one Lao page's edit deflated every
// script of the Lao index anew, though most are the same.
func samePrevious(files *publish.Recorder, name string, data []byte, sum *[publish.SumSize]byte, z *prevZip, prev *zip.File) bool {
	if files.Reused(name) {
		return true
	}
	if sum != nil && z != nil && z.sums != nil {
		old, ok := z.sums[prev.Name]
		return ok && old == *sum
	}
	r, err := prev.Open()
	if err != nil {
		return false
	}
	defer r.Close()
	old := make([]byte, len(data)+1) // one more: a longer entry reads past data
	n, err := io.ReadFull(r, old)
	return (err == io.ErrUnexpectedEOF || err == io.EOF) && n == len(data) && bytes.Equal(old[:n], data)
}

// readBufs are the buffers the files of the finished site are read back
// into to be zipped: once deflated, a file's bytes are not needed, and a
// new buffer a file (the 10,000-page site's 800 MB of pages and leaflets)
// was most of what the zips allocated, and made the collector run 23
// times in the offline step. A buffer grown past maxReadBuf by a large
// file is let go rather than kept.
var readBufs = sync.Pool{New: func() any { return new([]byte) }}

const maxReadBuf = 1 << 20

// deflaters are reused: a new one allocates its tables, which costs more
// than deflating a small page.
var deflaters = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, zipLevel)
	return w
}}

func deflate(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(len(b)/3 + 64)
	w := deflaters.Get().(*flate.Writer)
	defer deflaters.Put(w)
	w.Reset(&buf)
	if _, err := w.Write(b); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
