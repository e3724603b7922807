package search

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// offlineScripts is every offline script of p (OfflineScript), named, as
// the zips hold them.
func offlineScripts(p *Pack) []File {
	var out []File
	for g, script := range p.OfflineNames() {
		out = append(out, File{script, p.OfflineScript(g)})
	}
	return out
}

// openOut reads a packed Output back as search.js and the zips do.
func openOut(t *testing.T, out Output) *Pack {
	t.Helper()
	var parts [][]byte
	for _, f := range out.Files[1:] {
		parts = append(parts, f.Data)
	}
	p, err := OpenPack(out.Files[0].Name, out.Files[0].Data, parts)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestPack: a pack holds exactly the files written file by file, each where
// its directory says (what search.js reads with ranges), and the offline
// copy's scripts hold them all, packGroup to a script, in order. Its words
// are on more than maxDocsWithPositions pages, so their postings are files
// of their own (Index.spills), the pack's last. A Lao pack is written a
// byte a letter (packtext.go), its few other characters escaped, and reads
// back as those files; an English one is as written.
func TestPack(t *testing.T) {
	for _, c := range []struct {
		lang, words, odd string
		block            rune
	}{
		{"en", "work permit %d renewal wages ", "", 0},
		{"lo", "ໃບອະນຸຍາດເຮັດວຽກ %d ຄ່າຈ້າງ — ", " 🙂 ไทย \x01", 0x0E80},
	} {
		t.Run(c.lang, func(t *testing.T) {
			testPack(t, c.lang, commonPages(c.words, c.odd), c.block)
		})
	}
}

// commonPages are more pages than maxDocsWithPositions, each words (a
// format with the page's number in it) 20 times, the fourth page with odd
// after them: the words are common, their postings files of their own.
func commonPages(words, odd string) []Page {
	var pages []Page
	for i := range maxDocsWithPositions + 40 {
		text := strings.Repeat(fmt.Sprintf(words, i), 20)
		if i == 3 {
			text += odd
		}
		pages = append(pages, Page{Href: fmt.Sprint("p", i), Title: fmt.Sprint("page ", i), Blocks: []Block{{Text: text}}})
	}
	return pages
}

// manyPages are 60 pages of 400 words each out of 11,700: an index larger
// than a part of 64 KB.
func manyPages() []Page {
	var pages []Page
	for i := range 60 {
		var b strings.Builder
		for j := range 400 {
			fmt.Fprintf(&b, "w%dx%d ", (i*7+j)%900, j%13)
		}
		pages = append(pages, Page{Href: fmt.Sprint("p", i), Title: fmt.Sprint("page ", i), Blocks: []Block{{Text: b.String()}}})
	}
	return pages
}

func testPack(t *testing.T, lang string, pages []Page, block rune) {
	loose := Build(lang, pages, nil).Encode(PackOptions) // no cap: file by file, at the pack's sizes
	packed := Build(lang, pages, nil).Encode(Options{ShardBytes: 2000, TextBytes: 1500, ChunkDocs: 8, MaxFiles: 3})
	if loose.Pack != "" || packed.Pack != "p."+packed.Version || len(packed.Files) != 2 ||
		packed.Files[0].Name != "search/"+packed.Pack+".dir" || packed.Files[1].Name != "search/"+packed.Pack+".0.pack" || packed.Parts != "0" {
		t.Fatalf("pack %q, parts %q, files %d; loose pack %q", packed.Pack, packed.Parts, len(packed.Files), loose.Pack)
	}
	if packed.Shards != loose.Shards || packed.ChunkDocs != loose.ChunkDocs {
		t.Fatalf("packed %+v, loose %+v: the same files make the same index", packed.Meta, loose.Meta)
	}
	if packed.Block != int(block) || loose.Block != 0 {
		t.Fatalf("block %#x packed, %#x loose; want %#x and 0", packed.Block, loose.Block, block)
	}
	p := openOut(t, packed)
	if p.block != block {
		t.Fatalf("the directory says block %#x, want %#x", p.block, block)
	}
	if p.counts[3] < 5 || !strings.HasPrefix(p.Files()[len(p.Files())-1].Name, "search/o.") {
		t.Errorf("pack counts %v: want a postings file for each of its four words and (in the titles) page", p.counts)
	}
	files := p.Files()
	if len(files) != len(loose.Files) {
		t.Fatalf("%d files in the pack, %d written file by file", len(files), len(loose.Files))
	}
	written := map[string][]byte{}
	utf8Bytes := 0
	for _, f := range loose.Files {
		// The version hashes the files as written, a byte a letter or not.
		written[strings.Replace(f.Name, loose.Version, packed.Version, 1)] = f.Data
		utf8Bytes += len(f.Data)
	}
	dir, data := packed.Files[0].Data, packed.Files[1].Data
	if block != 0 && 5*len(data) > 3*utf8Bytes {
		t.Errorf("the pack is %d bytes, its files %d in UTF-8: want it under three fifths", len(data), utf8Bytes)
	}
	for i, f := range files {
		if w, ok := written[f.Name]; !ok || !bytes.Equal(f.Data, w) {
			t.Errorf("file %d: %s is not as written file by file", i, f.Name)
		}
		// As search.js reads it: the directory's 8 bytes, then the range.
		at := packHead + 4*i
		a, b := binary.LittleEndian.Uint32(dir[at:]), binary.LittleEndian.Uint32(dir[at+4:])
		got := data[a:b]
		if block != 0 {
			got = appendUnpacked(nil, got, block)
		}
		if !bytes.Equal(got, f.Data) {
			t.Errorf("file %d: directory says %d–%d", i, a, b)
		}
	}
	if n, parts, err := PackLayout(dir); err != nil || n != len(files) || len(parts) != 1 || parts[0] != len(data) {
		t.Errorf("PackLayout = %d files, parts %v, %v; want %d, [%d]", n, parts, err, len(files), len(data))
	}
	scripts := offlineScripts(p)
	if want := (len(files) + packGroup - 1) / packGroup; len(scripts) != want {
		t.Fatalf("%d offline scripts for %d files, want %d", len(scripts), len(files), want)
	}
	var all, joined bytes.Buffer
	for g, s := range scripts {
		if want := fmt.Sprintf("search/z.%s.%d.js", packed.Version, g); s.Name != want {
			t.Errorf("script %d is %s, want %s", g, s.Name, want)
		}
		joined.Write(s.Data)
	}
	for _, f := range files {
		all.Write(f.Data)
	}
	if !bytes.Equal(all.Bytes(), joined.Bytes()) {
		t.Error("the offline scripts do not hold the pack's files in order")
	}
}

// TestPackParts: a pack written in several buffers has them as its parts,
// where Meta.Parts says, and reads back whole; the offline scripts cut
// between two parts hold both sides.
func TestPackParts(t *testing.T) {
	var bufs [][]byte
	var ends []int
	total := 0
	for i := range 10 {
		if i%3 == 0 {
			bufs = append(bufs, nil)
		}
		b := &bufs[len(bufs)-1]
		*b = append(*b, bytes.Repeat([]byte{byte('a' + i)}, 100+i)...)
		total += 100 + i
		ends = append(ends, total)
	}
	parts, files := writePack("p.v1", bufs, [packKinds]int{4, 3, 2, 1}, ends, 0)
	if parts != fmt.Sprint(0, " ", ends[2], " ", ends[5], " ", ends[8]) || len(files) != 5 {
		t.Fatalf("parts %q, %d files", parts, len(files))
	}
	var data [][]byte
	for i, f := range files[1:] {
		if want := fmt.Sprintf("search/p.v1.%d.pack", i); f.Name != want || !bytes.Equal(f.Data, bufs[i]) {
			t.Errorf("part %d: %s of %d bytes", i, f.Name, len(f.Data))
		}
		if dir, part := PackFile("km/" + f.Name); dir || part != i {
			t.Errorf("PackFile(%s) = %v, %d", f.Name, dir, part)
		}
		data = append(data, f.Data)
	}
	if dir, _ := PackFile("km/" + files[0].Name); !dir {
		t.Errorf("PackFile(%s) is not the directory", files[0].Name)
	}
	p, err := OpenPack("km/search/p.v1.dir", files[0].Data, data)
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range p.Files() {
		if len(f.Data) != 100+i || f.Data[0] != byte('a'+i) || f.Data[len(f.Data)-1] != byte('a'+i) {
			t.Errorf("file %d reads back as %d bytes of %q", i, len(f.Data), f.Data[:1])
		}
	}
	if s := offlineScripts(p); len(s) != 1 || !bytes.Equal(s[0].Data, bytes.Join(bufs, nil)) {
		t.Errorf("the offline script across four parts is not the whole: %d scripts", len(s))
	}
}

// TestEncodeParts: an index larger than Options.PartBytes is written in
// parts that close there, each file whole in one, and files written one
// by one are the same whichever buffer holds them.
func TestEncodeParts(t *testing.T) {
	pages := manyPages()
	const part = 64 << 10
	packed := Build("en", pages, nil).Encode(Options{ShardBytes: 1, TextBytes: 1, ChunkDocs: 1, MaxFiles: 3, PartBytes: part})
	if len(packed.Files) < 4 {
		t.Fatalf("%d files: want a directory and three parts at least", len(packed.Files))
	}
	for _, f := range packed.Files[1 : len(packed.Files)-1] {
		if len(f.Data) < part || len(f.Data) > part+part/16 {
			t.Errorf("%s is %d bytes, want it closed past %d", f.Name, len(f.Data), part)
		}
	}
	if got := len(strings.Fields(packed.Parts)); got != len(packed.Files)-1 {
		t.Errorf("Meta.Parts %q for %d parts", packed.Parts, len(packed.Files)-1)
	}
	loose := Build("en", pages, nil).Encode(Options{ShardBytes: PackOptions.ShardBytes, TextBytes: PackOptions.TextBytes, ChunkDocs: PackOptions.ChunkDocs, PartBytes: part})
	written := map[string][]byte{}
	for _, f := range loose.Files {
		written[f.Name] = f.Data
	}
	for _, f := range openOut(t, packed).Files() {
		if !bytes.Equal(written[f.Name], f.Data) {
			t.Fatalf("%s differs from the file written one by one", f.Name)
		}
	}
}

// TestPackRefused: a damaged pack or a name that is not one is an error,
// not a panic or files out of its bounds.
func TestPackRefused(t *testing.T) {
	_, good := writePack("p.v1", [][]byte{[]byte("abcd")}, [packKinds]int{1, 1, 1, 0}, []int{1, 3, 4}, 0)
	dir, part := good[0].Data, good[1].Data
	if _, err := OpenPack("en/search/p.v1.dir", dir, [][]byte{part}); err != nil {
		t.Fatal(err)
	}
	cut := func(b []byte, n int) []byte { return append([]byte(nil), b[:n]...) }
	block := append([]byte(nil), dir...)
	binary.LittleEndian.PutUint32(block[4+4*packKinds:], 0x0E81) // not a block's first code point
	swapped := append([]byte(nil), dir...)
	binary.LittleEndian.PutUint32(swapped[packHead+8:], 0) // file 1 ends before it starts
	for name, c := range map[string]struct {
		name  string
		dir   []byte
		parts [][]byte
	}{
		"not a pack name":   {"en/search/s.v1.0.js", dir, [][]byte{part}},
		"no version":        {"en/search/p..dir", dir, [][]byte{part}},
		"short":             {"en/search/p.v1.dir", cut(dir, 10), [][]byte{part}},
		"cut directory":     {"en/search/p.v1.dir", cut(dir, len(dir)-1), [][]byte{part}},
		"magic":             {"en/search/p.v1.dir", append([]byte("XPK1"), dir[4:]...), [][]byte{part}},
		"out of order":      {"en/search/p.v1.dir", swapped, [][]byte{part}},
		"block":             {"en/search/p.v1.dir", block, [][]byte{part}},
		"part too short":    {"en/search/p.v1.dir", dir, [][]byte{part[:3]}},
		"parts not as said": {"en/search/p.v1.dir", dir, [][]byte{part[:1], part[1:]}},
		"file cut":          {"en/search/p.v1.dir", cutAt(dir, 2), [][]byte{part[:2], part[2:]}},
	} {
		if p, err := OpenPack(c.name, c.dir, c.parts); err == nil {
			t.Errorf("%s: opened %d files", name, len(p.Files()))
		}
	}
}

// cutAt is dir with its one part cut in two at n.
func cutAt(dir []byte, n int) []byte {
	out := append([]byte(nil), dir[:len(dir)-8]...)
	out = binary.LittleEndian.AppendUint32(out, 2)
	out = binary.LittleEndian.AppendUint32(out, uint32(n))
	return binary.LittleEndian.AppendUint32(out, binary.LittleEndian.Uint32(dir[len(dir)-4:]))
}

// FuzzUnpack: a pack is read back from the output folder (the offline
// zips), which anyone may have edited; reading it must never panic, and
// what it reads lies within it.
func FuzzUnpack(f *testing.F) {
	_, good := writePack("p.v1", [][]byte{[]byte("abcd")}, [packKinds]int{1, 1, 1, 0}, []int{1, 3, 4}, 0)
	f.Add(good[0].Data, good[1].Data, 2)
	f.Add([]byte("SPK3"), []byte{}, 0)
	_, lao := writePack("p.v1", [][]byte{{0x81, 'a', 0x01, 0x20, 0x14, 0xA3}}, [packKinds]int{1, 1, 1, 0}, []int{1, 3, 6}, 0x0E80)
	f.Add(lao[0].Data, lao[1].Data, 0)
	f.Add(cutAt(good[0].Data, 1), good[1].Data, 1)
	f.Fuzz(func(t *testing.T, dir, data []byte, cut int) {
		parts := [][]byte{data}
		if cut > 0 && cut < len(data) {
			parts = [][]byte{data[:cut], data[cut:]}
		}
		if files, sizes, err := PackLayout(dir); err == nil && (files < 0 || len(sizes) == 0) {
			t.Fatalf("PackLayout: %d files, parts %v", files, sizes)
		}
		p, err := OpenPack("x/search/p.v.dir", dir, parts)
		if err != nil {
			return
		}
		n := 0
		for f := range len(p.off) - 1 {
			n += len(p.files(f, f+1))
		}
		p.Files() // read back, in a block or not: no panic
		if n != len(data) {
			t.Fatalf("%d bytes of files in a pack of %d", n, len(data))
		}
		if s := offlineScripts(p); len(p.Files()) > 0 && len(s) == 0 {
			t.Fatal("no offline scripts for a pack with files")
		}
	})
}

// CrowdedThai is the text of 40 Thai pages of 40 words, each a cluster ก
// and a cluster that starts with เ, with or without a tone mark: as cluster
// pairs they fall under one key (ก + เ, all that a last cluster still being
// typed tells), whose bucket is too large for a query to load whole
// (splitCrowded). Word i is on 12 pages, CrowdedPages(i); the last, กเล่,
// has no twin without its tone mark.
func CrowdedThai() (words []string, pages []string) {
	pages = make([]string, 40)
	for _, c := range []rune("ขคงจชซดตถทนบปผพฟมยรล") {
		for _, tone := range []string{"", "่"} {
			if c != 'ล' || tone != "" { // กเล่ has no twin without its tone mark
				words = append(words, "กเ"+string(c)+tone)
			}
		}
	}
	for i, w := range words {
		for _, p := range CrowdedPages(i) {
			pages[p] += w + " "
		}
	}
	return words, pages
}

// CrowdedPages are the pages of CrowdedThai's word i.
func CrowdedPages(i int) []int {
	var out []int
	for k := range 12 {
		out = append(out, (i+3*k)%40)
	}
	slices.Sort(out)
	return out
}

// crowdedThaiPages are CrowdedThai's pages.
func crowdedThaiPages() []Page {
	_, texts := CrowdedThai()
	pages := make([]Page, len(texts))
	for i, text := range texts {
		pages[i] = Page{Href: fmt.Sprint(i), Title: "x", Blocks: []Block{{Text: text}}}
	}
	return pages
}

// TestEncodeSplit: the shards written on two cores (Options.helpers, the
// one language a rebuild indexes) are byte for byte those written on one,
// packed (Lao a byte a letter, English as written) or file by file, in
// one part or several, with common words' postings and long lists as
// files of their own, numbered across both halves, and crowded keys split
// (Thai); the terms grouped by key and the crowded keys' members found on
// both cores too.
func TestEncodeSplit(t *testing.T) {
	loose := Options{ShardBytes: 2 << 10, TextBytes: 4 << 10, ChunkDocs: 20, SpillBytes: 600}
	packed := Options{ShardBytes: 2000, TextBytes: 1500, ChunkDocs: 8, MaxFiles: 3} // packs at PackOptions' sizes
	// Words on every page: each one's postings a file of its own.
	const words = "work permit renewal wages passport employer contract visa border police office hotline embassy agency salary overtime holiday sick leave insurance "
	for _, c := range []struct {
		name   string
		lang   string
		pages  []Page
		o      Options
		spills int  // postings files at least
		block  rune // of the pack
	}{
		{"en packed", "en", commonPages(words+"%d ", ""), packed, 20, 0},
		{"en file by file", "en", commonPages(words+"%d ", ""), loose, 20, 0},
		{"lo packed", "lo", commonPages("ໃບອະນຸຍາດເຮັດວຽກ %d ຄ່າຈ້າງ — ", " 🙂 ไทย \x01"), packed, 0, 0x0E80},
		{"lo file by file", "lo", commonPages("ໃບອະນຸຍາດເຮັດວຽກ %d ຄ່າຈ້າງ — ", ""), loose, 0, 0},
		{"parts", "en", manyPages(), Options{ShardBytes: 1, TextBytes: 1, ChunkDocs: 1, MaxFiles: 3, PartBytes: 64 << 10}, 0, 0},
		{"th crowded", "th", crowdedThaiPages(), packed, 0, 0x0E00},
	} {
		t.Run(c.name, func(t *testing.T) {
			one := Build(c.lang, c.pages, nil).Encode(c.o)
			c.o.helpers = 1
			two := Build(c.lang, c.pages, nil).Encode(c.o)
			if one.Meta != two.Meta || one.Pack != two.Pack || one.Parts != two.Parts || len(one.Files) != len(two.Files) {
				t.Fatalf("on two cores: %+v (%d files), on one: %+v (%d files)", two.Meta, len(two.Files), one.Meta, len(one.Files))
			}
			for i, f := range one.Files {
				if f.Name != two.Files[i].Name || !bytes.Equal(f.Data, two.Files[i].Data) {
					t.Fatalf("%s differs on two cores", f.Name)
				}
			}
			files := one.Files
			if one.Pack != "" {
				files = openOut(t, one).Files()
			}
			spills := 0
			for _, f := range files {
				if strings.Contains(f.Name, "/o.") {
					spills++
				}
			}
			if one.Block != int(c.block) || (one.Pack != "") != (c.o.MaxFiles > 0) {
				t.Errorf("pack %q in block %#x, want block %#x", one.Pack, one.Block, c.block)
			}
			if one.Meta.Shards < 4 || spills < c.spills {
				t.Errorf("%d shards and %d postings files, want 4 and %d at least", one.Meta.Shards, spills, c.spills)
			}
		})
	}
}

// twoBundles are two text bundles as a pack in Lao's block holds them.
var twoBundles = [][]byte{[]byte("SpeanSearch.t(0,{\"0.0\":\"\x81\x82\"});\n"), []byte("SpeanSearch.t(1,{\"1.0\":\"\x83\"});\n")}

// bundlesPack is a pack of two text bundles, files, written in block, in
// one part or (apart) in one each, opened as a step reads it back.
func bundlesPack(t *testing.T, files [][]byte, block rune, apart bool) *Pack {
	t.Helper()
	bufs := [][]byte{bytes.Join(files, nil)}
	if apart {
		bufs = files
	}
	ends := []int{len(files[0]), len(files[0]) + len(files[1])}
	_, out := writePack("p.v1", bufs, [packKinds]int{0, 2, 0, 0}, ends, block)
	var parts [][]byte
	for _, f := range out[1:] {
		parts = append(parts, f.Data)
	}
	p, err := OpenPack("lo/search/p.v1.dir", out[0].Data, parts)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestOfflineSum: a script's sum (what the zips compare with the previous
// build's, without reading the script back) is the same for the same
// text however the pack's parts hold its files, and differs when a byte
// of them or the block they are read in does.
func TestOfflineSum(t *testing.T) {
	files := twoBundles
	// sum packs files in one part or in one each.
	sum := func(apart bool, block rune, files [][]byte) [32]byte {
		t.Helper()
		return bundlesPack(t, files, block, apart).OfflineSum(0)
	}
	lao := sum(false, 0x0E80, files)
	if sum(true, 0x0E80, files) != lao {
		t.Error("the same files in two parts have another sum")
	}
	if sum(false, 0x0E00, files) == lao {
		t.Error("the same bytes read as Thai have the sum of Lao")
	}
	changed := [][]byte{files[0], bytes.Replace(files[1], []byte{0x83}, []byte{0x84}, 1)}
	if sum(false, 0x0E80, changed) == lao {
		t.Error("a letter changed, the sum did not")
	}
}

// TestAppendOfflineScript: a script appended to a buffer is OfflineScript
// after what the buffer held, in a pack in a block and in a UTF-8 one, in
// one part or cut between two, and never the pack's own memory: a buffer
// the zips reuse must not write into the pack.
func TestAppendOfflineScript(t *testing.T) {
	for _, block := range []rune{0, 0x0E80} {
		for _, apart := range []bool{false, true} {
			p := bundlesPack(t, twoBundles, block, apart)
			want := p.OfflineScript(0)
			got := p.AppendOfflineScript([]byte("held"), 0)
			if string(got) != "held"+string(want) {
				t.Errorf("block %#x, apart %v: appended %q, want %q after what was held", block, apart, got, want)
			}
			// Writing over what was appended leaves the pack as it was.
			before := p.OfflineScript(0)
			clear(p.AppendOfflineScript(nil, 0))
			if !bytes.Equal(p.OfflineScript(0), before) {
				t.Errorf("block %#x, apart %v: the appended script is the pack's memory", block, apart)
			}
		}
	}
}

// TestIndexFile: the files an index written file by file is, and no
// other file of the search folder (its page, a pack, a script of a pack's
// offline copy).
func TestIndexFile(t *testing.T) {
	for name, want := range map[string]bool{
		"en/search/s.a45980f52e.0.js":   true,
		"en/search/t.a45980f52e.520.js": true,
		"en/search/d.a45980f52e.26.js":  true,
		"en/search/o.a45980f52e.14.js":  true,
		"s.0f.3.js":                     true,
		"en/search/index.html":          false,
		"en/search/p.a45980f52e.dir":    false,
		"en/search/p.a45980f52e.0.pack": false,
		"lo/search/z.3da71a74f1.0.js":   false,
		"en/search/x.a45980f52e.0.js":   false,
		"en/search/s.A45980F52E.0.js":   false,
		"en/search/s.a45980f52e.js":     false,
		"en/search/s..0.js":             false,
		"en/search/s.a4.x.js":           false,
		"en/search/s.a4.0.js.map":       false,
		"js/search.61b62004.js":         false,
	} {
		if got := IndexFile(name); got != want {
			t.Errorf("IndexFile(%q) = %v, want %v", name, got, want)
		}
	}
}
