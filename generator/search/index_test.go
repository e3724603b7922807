package search_test

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"spean/generator/internal/sitetest"
	"spean/generator/search"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"spean/generator/build"
	"spean/generator/config"
	"spean/generator/segment"
	"spean/generator/site"
)

// testSite assembles a small site: config and UI strings from the
// repository, two English pages, one of them translated into Khmer, so the
// Khmer tree also holds an English fallback page.
func testSite(t *testing.T) *site.Site {
	t.Helper()
	fsys := fstest.MapFS{}
	sitetest.AddRepoFiles(t, fsys, filepath.Join("..", ".."))
	for _, name := range []string{"config.yaml"} {
		b, err := os.ReadFile(filepath.Join("..", "..", name))
		if err != nil {
			t.Fatal(err)
		}
		fsys[name] = &fstest.MapFile{Data: b}
	}
	page := func(title, body string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\n---\n\n" + body + "\n")}
	}
	fsys["content/_index.en.md"] = page("Home", "Welcome.")
	fsys["content/permits/_index.en.md"] = page("Work permits", "About permits.")
	fsys["content/permits/renewal.en.md"] = page("Renewing a work permit", "## Before it expires\n\nRenew your work permit before it has expired. A permit that has expired costs a fine.")
	fsys["content/permits/renewal.km.md"] = page("ការបន្តប័ណ្ណការងារ", "ត្រូវបន្តលិខិតអនុញ្ញាតការងារមុនពេលផុតកំណត់។")
	fsys["content/permits/renewal.th.md"] = page("ขอต่อใบอนุญาตทำงาน", "ต่อใบอนุญาตทำงานก่อนหมดอายุ")
	fsys["content/permits/lost.th.md"] = page("เกี่ยวกับเอกสารที่หาย", "ถ้าหนังสือเดินทางหาย ให้แจ้งตำรวจ")
	fsys["content/permits/lost.en.md"] = page("Lost documents", "If your passport is lost, report it to the police.\n\n"+strings.Repeat("Keep a copy of every document. ", 40)+"Then call the zebra line.")
	return loadSite(t, fsys)
}

// loadSite loads and assembles the site in fsys as a build does, failing
// tb on any error.
func loadSite(tb testing.TB, fsys fs.FS) *site.Site {
	tb.Helper()
	cfg, err := config.Load(fsys, "config.yaml", nil, nil)
	if err != nil {
		tb.Fatal(err)
	}
	l, diags := build.Load(cfg, fsys)
	if diags.HasErrors() {
		tb.Fatal(diags.Err())
	}
	return l.Site
}

// shardRE reads a shard file back: SpeanSearch.s(i,'{"key":{"rest":"postings"},…}'),
// the JSON in a JavaScript string (see shardJSON).
var shardRE = regexp.MustCompile(`^SpeanSearch\.s\((\d+),'(\{.*\})'\);\n$`)

// shardJSON is the JSON text of a shard file, its string read as
// JavaScript reads it: \\ and \' (all Encode escapes) are \ and '.
func shardJSON(t *testing.T, name string, data []byte) []byte {
	t.Helper()
	m := shardRE.FindSubmatch(data)
	if m == nil {
		t.Fatalf("%s: not a shard", name)
	}
	var out []byte
	for i := 0; i < len(m[2]); i++ {
		c := m[2][i]
		if c == '\'' {
			t.Fatalf("%s: unescaped quote at %d", name, i)
		}
		if c == '\\' {
			i++
			if i == len(m[2]) || m[2][i] != '\\' && m[2][i] != '\'' {
				t.Fatalf("%s: stray backslash at %d", name, i)
			}
			c = m[2][i]
		}
		out = append(out, c)
	}
	return out
}

// file is the index's file name, from its pack when it has one.
func file(t *testing.T, out search.Output, name string) []byte {
	t.Helper()
	files := out.Files
	if out.Pack != "" {
		var parts [][]byte
		for _, f := range out.Files[1:] {
			parts = append(parts, f.Data)
		}
		p, err := search.OpenPack(out.Files[0].Name, out.Files[0].Data, parts)
		if err != nil {
			t.Fatal(err)
		}
		files = p.Files()
	}
	i := slices.IndexFunc(files, func(f search.File) bool { return f.Name == name })
	if i < 0 {
		t.Fatalf("no file %s", name)
	}
	return files[i].Data
}

// decodeTest reads the postings string as search.js does.
func decodeTest(s string) []int {
	var out []int
	n := 0
	for _, c := range []byte(s) {
		d := strings.IndexByte(search.NumDigits, c)
		if d >= 32 {
			n = n*32 + d - 32
		} else {
			out = append(out, n*32+d)
			n = 0
		}
	}
	return out
}

// lookup finds a term's postings in the encoded output as search.js does:
// the shard of its key (hash % shards), the key's bucket, the rest of the
// term; then decodes them to positions by page.
func lookup(t *testing.T, out search.Output, term string) map[int][]int {
	t.Helper()
	got, _ := lookupSpaced(t, out, term)
	return got
}

// lookupSpaced is lookup with, by page, the positions where the term is a
// cluster pair with a space between its clusters.
func lookupSpaced(t *testing.T, out search.Output, term string) (map[int][]int, map[int][]int) {
	t.Helper()
	key := segment.Key(term)
	if a, b, ok := strings.Cut(term, " "); ok { // a pair of words (commonPairs)
		key = segment.Key(a) + " " + segment.Key(b)
	}
	bucket := func(key string) map[string]string {
		name := "search/s." + out.Version + "." + strconv.Itoa(int(search.Hash(key)%uint32(out.Shards))) + ".js"
		var buckets map[string]map[string]string
		if err := json.Unmarshal(shardJSON(t, name, file(t, out, name)), &buckets); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return buckets[key]
	}
	// A crowded key's terms are in sub-buckets (splitCrowded): "~" and
	// their text without tone marks up to a letter past the bucket's.
	bare := strings.Map(func(r rune) rune {
		if segment.IsTone(r) {
			return -1
		}
		return r
	}, term)
	var list string
	for b, base := bucket(key), key; b != nil; {
		rest := "=" + term
		if strings.HasPrefix(term, base) {
			rest = term[len(base):]
		}
		if l, ok := b[rest]; ok {
			list = l
			break
		}
		next := ""
		for r := range b {
			if sub, ok := strings.CutPrefix(r, "~"); ok && strings.HasPrefix(bare, base+sub) {
				next = base + sub
			}
		}
		if next == "" {
			break
		}
		b, base = bucket("~"+next), next
	}
	if n, ok := strings.CutPrefix(list, "@"); ok || strings.HasPrefix(list, "#") { // a file of its own (Index.spills, Options.SpillBytes)
		if !ok {
			n = list[1:]
		}
		name := "search/o." + out.Version + "." + n + ".js"
		src := string(file(t, out, name))
		head := "SpeanSearch.o(" + n + ",\""
		if !strings.HasPrefix(src, head) || !strings.HasSuffix(src, "\");\n") {
			t.Fatalf("%s: %.40q is not a postings file", name, src)
		}
		list = src[len(head) : len(src)-len("\");\n")]
	}
	raw := decodeTest(list)
	got, spaced := map[int][]int{}, map[int][]int{}
	for i, doc := 0, -1; i < len(raw); {
		doc += raw[i] + 1
		n, hasMask := raw[i+2]>>1, raw[i+2]&1
		pos, p := []int{}, 0
		for _, d := range raw[i+3 : i+3+n] {
			p += d
			pos = append(pos, p)
		}
		got[doc] = pos
		if hasMask == 1 {
			for j, mask := 0, raw[i+3+n]; mask > 0; j, mask = j+1, mask>>1 {
				if mask&1 == 1 {
					spaced[doc] = append(spaced[doc], pos[j])
				}
			}
		}
		i += 3 + n + hasMask
	}
	return got, spaced
}

// allBuckets reads every shard of an encoded index: its buckets by key.
func allBuckets(t *testing.T, out search.Output) map[string]map[string]string {
	t.Helper()
	buckets := map[string]map[string]string{}
	for _, f := range out.Files {
		if strings.HasPrefix(f.Name, "search/s.") {
			var b map[string]map[string]string
			if err := json.Unmarshal(shardJSON(t, f.Name, f.Data), &b); err != nil {
				t.Fatal(err)
			}
			maps.Copy(buckets, b)
		}
	}
	return buckets
}

func buildIndex(s *site.Site, lang string) *search.Index {
	return search.Build(lang, search.Pages(s, lang, nil), nil)
}

func docID(t *testing.T, ix *search.Index, title string) int {
	t.Helper()
	i := slices.IndexFunc(ix.Docs, func(d *search.Doc) bool { return d.Title == title })
	if i < 0 {
		t.Fatalf("no page %q in the %s index", title, ix.Lang)
	}
	return i
}

func TestIndexRoundTrip(t *testing.T) {
	s := testSite(t)
	en := buildIndex(s, "en")
	out := en.Encode(search.DefaultOptions)
	renewal := docID(t, en, "Renewing a work permit")

	// "permit" is in the title (position 3) and the body; stems meet:
	// "expires" and "expired" are both "expir".
	if got := lookup(t, out, "permit")[renewal]; len(got) < 2 || got[0] != 3 {
		t.Errorf("permit in the renewal page at %v, want the title's position 3 first", got)
	}
	if got := lookup(t, out, "expir")[renewal]; len(got) != 3 {
		t.Errorf("expir in the renewal page at %v, want 3 positions (heading and body)", got)
	}
	if got := lookup(t, out, "passport"); len(got) != 1 {
		t.Errorf("passport in %d pages, want 1", len(got))
	}
	if got := lookup(t, out, "nosuchword"); len(got) != 0 {
		t.Errorf("nosuchword found in %v", got)
	}

	// Khmer: the translated page is indexed by cluster pairs, the
	// untranslated one (a fallback) in English, its own language.
	km := buildIndex(s, "km")
	kout := km.Encode(search.DefaultOptions)
	if len(km.Docs) != len(en.Docs) {
		t.Errorf("km index has %d pages, en %d: every page of the tree is indexed", len(km.Docs), len(en.Docs))
	}
	if got := lookup(t, kout, "passport")[docID(t, km, "Lost documents")]; len(got) == 0 {
		t.Error("the English fallback page in the Khmer tree is not indexed in English")
	}
	khRenewal := docID(t, km, "ការបន្តប័ណ្ណការងារ")
	// ការងារ is the clusters កា រ ងា រ: a cluster alone, and a pair across
	// the border of its two words.
	for _, term := range []string{"កា", "រងា"} {
		if got := lookup(t, kout, term)[khRenewal]; len(got) == 0 {
			t.Errorf("%q not indexed for the Khmer page", term)
		}
	}

	// Parts hold the text at their positions, so the snippet of a match
	// is in part position/search.PartSegments.
	for _, c := range []struct{ title, term, text string }{
		{"Renewing a work permit", "fin", "fine"}, // "fine" is indexed as its stem
		{"Lost documents", "zebra", "zebra"},
	} {
		doc := docID(t, en, c.title)
		p := lookup(t, out, c.term)[doc]
		parts := en.Docs[doc].Parts
		if len(p) != 1 || p[0]/search.PartSegments >= len(parts) || !strings.Contains(parts[p[0]/search.PartSegments], c.text) {
			t.Errorf("%s at %v, not in its part of %q", c.term, p, parts)
		}
	}
	if n := len(en.Docs[docID(t, en, "Lost documents")].Parts); n < 2 {
		t.Errorf("a page of over 200 words has %d part, want several", n)
	}
}

func TestEncodeDeterministic(t *testing.T) {
	a := buildIndex(testSite(t), "km").Encode(search.DefaultOptions)
	b := buildIndex(testSite(t), "km").Encode(search.DefaultOptions)
	if a.Version != b.Version || len(a.Files) != len(b.Files) {
		t.Fatalf("two builds differ: %s/%d files, %s/%d files", a.Version, len(a.Files), b.Version, len(b.Files))
	}
	for i := range a.Files {
		if a.Files[i].Name != b.Files[i].Name || !bytes.Equal(a.Files[i].Data, b.Files[i].Data) {
			t.Errorf("file %d differs: %s, %s", i, a.Files[i].Name, b.Files[i].Name)
		}
	}
	for _, f := range a.Files {
		if !strings.Contains(f.Name, a.Version) {
			t.Errorf("%s does not carry the index version %s", f.Name, a.Version)
		}
	}
}

// TestAppendQuoted: shard JSON goes into a JavaScript string in single
// quotes; only a backslash and a quote need escaping there (JSON has
// escaped line breaks, U+2028 and U+2029), and what the text is appended
// to (before from) is left alone.
func TestAppendQuoted(t *testing.T) {
	for _, c := range []struct {
		in   string
		from int
		want string
	}{
		{`s(1,'{"a":{"b":"c"}}`, 5, `s(1,'{"a":{"b":"c"}}`},
		{`s(1,'{"it's":{"\u003c":"0"}}`, 5, `s(1,'{"it\'s":{"\\u003c":"0"}}`},
		{`'\'x`, 2, `'\\'x`},
		{`'\'x`, 1, `'\\\'x`},
		{``, 0, ``},
	} {
		if got := string(search.AppendQuoted([]byte(c.in[:c.from]), []byte(c.in[c.from:]))); got != c.want {
			t.Errorf("AppendQuoted(%q, %q) = %q, want %q", c.in[:c.from], c.in[c.from:], got, c.want)
		}
	}
}

// TestAZOrder: the A–Z list sorts by the reader's alphabet. In Thai a
// vowel written before its consonant does not count first: เกี่ยวกับ… (ก)
// comes before ขอ… (ข), though เ has a higher code point than ข.
func TestAZOrder(t *testing.T) {
	s := testSite(t)
	th := buildIndex(s, "th")
	var titles []string
	for _, d := range th.Docs {
		titles = append(titles, d.Title)
	}
	i, j := slices.Index(titles, "เกี่ยวกับเอกสารที่หาย"), slices.Index(titles, "ขอต่อใบอนุญาตทำงาน")
	if i < 0 || j < 0 || i > j {
		t.Errorf("Thai A–Z order %q", titles)
	}
}

// TestSynonyms: a page using one form of a group is found under the
// others, at the place of the form, and in the same field.
func TestSynonyms(t *testing.T) {
	groups := [][]string{
		{"work permit", "labour licence"},
		{"លិខិតអនុញ្ញាតការងារ", "ប័ណ្ណការងារ"},
	}
	pages := []search.Page{
		{Href: "a", Title: "Permits", Blocks: []search.Block{{Text: "Carry your work permits at all times."}}},
		{Href: "b", Title: "Cards", Blocks: []search.Block{{Text: "ត្រូវបន្តលិខិតអនុញ្ញាតការងារមុនពេលផុតកំណត់។"}}},
		{Href: "c", Title: "Other", Blocks: []search.Block{{Text: "A permit, and a card for work."}}},
	}
	out := search.Build("x", pages, groups).Encode(search.DefaultOptions)
	// "licence" sits where "permits" is: position 2 (the title's one
	// segment and a gap) + 3 ("carry your work").
	if got := lookup(t, out, "licenc"); len(got) != 1 || !slices.Equal(got[0], []int{5}) {
		t.Errorf("licence: %v, want page 0 at position 5 (where work permits stands)", got)
	}
	if got := lookup(t, out, "ប័"); len(got[1]) == 0 {
		t.Errorf("ប័ណ្ណការងារ is not indexed for the page saying លិខិតអនុញ្ញាតការងារ: %v", got)
	}
	if got := lookup(t, out, "ប័ណ្ណ"); len(got[1]) == 0 {
		t.Errorf("the pair ប័ណ្ណ is not indexed for the page saying លិខិតអនុញ្ញាតការងារ: %v", got)
	}
	// A pair the page has itself and gets from a synonym is one term,
	// with the positions of both: ការងារ is in both forms.
	if got := lookup(t, out, "រងា"); len(got[1]) != 2 {
		t.Errorf("រងា at %v in page b, want its own place and the synonym's", got[1])
	}
	for _, f := range out.Files {
		if strings.HasPrefix(f.Name, "search/s.") {
			dec := json.NewDecoder(bytes.NewReader(shardJSON(t, f.Name, f.Data)))
			if _, err := dec.Token(); err != nil {
				t.Fatal(err)
			}
			// No term twice in a bucket: JSON would keep only the last.
			for dec.More() {
				key, _ := dec.Token()
				dec.Token() // {
				seen := map[string]bool{}
				for dec.More() {
					rest, _ := dec.Token()
					dec.Token() // postings
					if seen[rest.(string)] {
						t.Errorf("%s: term %q+%q twice", f.Name, key, rest)
					}
					seen[rest.(string)] = true
				}
				dec.Token() // }
			}
		}
	}
	// "A permit, and a card for work" does not hold the phrase "work
	// permit": no expansion from words apart.
	if got := lookup(t, out, "labour")[2]; len(got) != 0 {
		t.Errorf("page c got labour from a non-phrase: %v", got)
	}
	if got := lookup(t, search.Build("x", pages, nil).Encode(search.DefaultOptions), "labour"); len(got) != 0 {
		t.Errorf("without a vocabulary: labour in %v", got)
	}
}

// TestBundles: every part of every page can be found from its doc chunk row
// as search.js finds it, whatever the bundle size, and however few files
// the index is allowed (MaxFiles): past it, the index is one pack.
func TestBundles(t *testing.T) {
	s := testSite(t)
	for _, c := range []struct{ size, maxFiles int }{{1, 0}, {200, 0}, {5000, 0}, {1 << 20, 0}, {1, 3}, {5000, 1}, {200, 7}, {1, 20}} {
		size := c.size
		ix := buildIndex(s, "en")
		out := ix.Encode(search.Options{ShardBytes: 500, TextBytes: size, ChunkDocs: 3, MaxFiles: c.maxFiles})
		if c.maxFiles > 0 && len(out.Files) > max(c.maxFiles, 3) {
			t.Errorf("MaxFiles %d: %d files", c.maxFiles, len(out.Files))
		}
		if packed := len(out.Files) == 2 && out.Pack != ""; packed != (c.maxFiles > 0) {
			t.Errorf("MaxFiles %d: %d files, pack %q", c.maxFiles, len(out.Files), out.Pack)
		}
		if c.maxFiles == 0 && len(ix.Docs) > 3 && out.ChunkDocs != 3 {
			t.Errorf("no cap: %d pages a chunk, want 3 as asked", out.ChunkDocs)
		}
		if got := lookup(t, out, "permit"); len(got) < 2 {
			t.Errorf("MaxFiles %d: permit in %d pages, want the renewal page and more", c.maxFiles, len(got))
		}
		rows := map[int][]any{}
		for c := 0; c*out.ChunkDocs < len(ix.Docs); c++ {
			data := file(t, out, "search/d."+out.Version+"."+strconv.Itoa(c)+".js")
			var rs [][]any
			js := strings.TrimSuffix(strings.TrimPrefix(string(data), "SpeanSearch.d("+strconv.Itoa(c)+","), ");\n")
			if err := json.Unmarshal([]byte(js), &rs); err != nil {
				t.Fatalf("chunk %d: %v", c, err)
			}
			for i, r := range rs {
				rows[c*out.ChunkDocs+i] = r
			}
		}
		for d, doc := range ix.Docs {
			r := rows[d]
			if r[0] != doc.Href || r[1] != doc.Title {
				t.Errorf("row %d = %v, want %s %s", d, r, doc.Href, doc.Title)
			}
			for k, text := range doc.Parts {
				b := int(r[3].(float64)) + strings.Count(r[4].(string)[:k], "1")
				data := file(t, out, "search/t."+out.Version+"."+strconv.Itoa(b)+".js")
				js := strings.TrimSuffix(strings.TrimPrefix(string(data), "SpeanSearch.t("+strconv.Itoa(b)+","), ");\n")
				var texts map[string]string
				if err := json.Unmarshal([]byte(js), &texts); err != nil {
					t.Fatalf("bundle %d: %v", b, err)
				}
				if got := texts[strconv.Itoa(d)+"."+strconv.Itoa(k)]; got != text {
					t.Errorf("size %d: part %d.%d in bundle %d is %q, want %q", size, d, k, b, got, text)
				}
			}
		}
	}
}

// TestToneKey: a Thai term is filed under its key without tone marks, and
// a term whose key is not its prefix is stored whole after "=".
func TestToneKey(t *testing.T) {
	out := search.Build("th", []search.Page{{Href: "a", Title: "x", Blocks: []search.Block{{Text: "ก่า น้ำ"}}}}, nil).Encode(search.DefaultOptions)
	for _, term := range []string{"ก่า", "น้ำ"} {
		if got := lookup(t, out, term); len(got[0]) == 0 {
			t.Errorf("%s not found through its key %q", term, segment.Key(term))
		}
	}
}

// commonPages are one page more than maxDocsWithPositions, each "the common
// word" ten times after a title, page 3 then "and a zebra": "the",
// "common" and "word" are common, "and", "a" and "zebra" rare.
func commonPages() []search.Page {
	var pages []search.Page
	for i := range search.MaxDocsWithPositions + 1 {
		text := strings.Repeat("the common word ", 10)
		if i == 3 {
			text += "and a zebra"
		}
		pages = append(pages, search.Page{Href: strconv.Itoa(i), Title: "x", Blocks: []search.Block{{Text: text}}})
	}
	return pages
}

// TestFewerPositions: a term on more than maxDocsWithPositions pages keeps
// its pages with fewPositions positions at most; a rarer one keeps them all.
func TestFewerPositions(t *testing.T) {
	out := search.Build("en", commonPages(), nil).Encode(search.DefaultOptions)
	if got := lookup(t, out, "common"); len(got) != search.MaxDocsWithPositions+1 || len(got[7]) != search.FewPositions {
		t.Errorf("common: %d pages, page 7 at %v; want every page, %d positions", len(got), got[7], search.FewPositions)
	}
	if got := lookup(t, out, "zebra"); len(got) != 1 || len(got[3]) != 1 || got[3][0] != 34 {
		t.Errorf("zebra: %v, want page 3 at 34 (after the title, a gap and 32 words)", got)
	}
}

// TestLongListsInBigBuckets: with SpillBytes (a pack's sizes), the terms of
// a key whose bucket is over twice that have their postings, if over
// minSpill, in files of their own ("#<n>"): a query loads a key's bucket
// whole, and most of its terms are not the query's. A term alone under its
// key keeps its postings in the shard; both read back the same pages.
func TestLongListsInBigBuckets(t *testing.T) {
	var pages []search.Page
	letters := "abcdefghij"
	for i := range 40 {
		var words []string
		for j := range 60 { // each wor·· word on half the pages
			if (i+j)%2 == 0 {
				words = append(words, "wor"+string(letters[j/10])+string(letters[j%10]))
			}
		}
		if i%2 == 0 {
			words = append(words, "zebra")
		}
		pages = append(pages, search.Page{Href: strconv.Itoa(i), Title: "x", Blocks: []search.Block{{Text: strings.Join(words, " ")}}})
	}
	out := search.Build("en", pages, nil).Encode(search.PackOptions)
	buckets := allBuckets(t, out)
	if got := buckets["wor"]; len(got) != 60 || !strings.HasPrefix(got["aa"], "#") || !strings.HasPrefix(got["fj"], "#") {
		t.Errorf("wor: %d terms, aa %.10q, fj %.10q; want 60, each a file of its own (#)", len(got), got["aa"], got["fj"])
	}
	if got := buckets["zeb"]["ra"]; got == "" || strings.ContainsAny(got[:1], "#@") {
		t.Errorf("zebra, alone under its key: %.10q, want its postings in the shard", got)
	}
	if got := lookup(t, out, "worab"); len(got) != 20 || got[1] == nil {
		t.Errorf("worab read back on %d pages (%v), want the 20 odd ones", len(got), slices.Collect(maps.Keys(got)))
	}
	if got := lookup(t, out, "zebra"); len(got) != 20 || got[0] == nil {
		t.Errorf("zebra read back on %d pages, want the 20 even ones", len(got))
	}
}

// On a large site a word on most pages keeps only its first few positions
// on each, so the pairs of two such words are indexed too, with theirs: a
// phrase of common words then tells its page from the many that have the
// same words elsewhere. A pair with a rare word is not kept (the rare word's
// own positions place its neighbours), and neither is any pair on a site
// too small for a word to be common.
func TestCommonPairs(t *testing.T) {
	pages := commonPages()
	out := search.Build("en", pages, nil).Encode(search.DefaultOptions)
	got := lookup(t, out, "the common")
	if len(got) != len(pages) || !slices.Equal(got[7], []int{2, 5, 8, 11, 14, 17}) {
		t.Errorf("the common: %d pages, page 7 at %v; want every page, at 2, 5, 8, … (capped: on every page)", len(got), got[7])
	}
	if got := lookup(t, out, "word the"); len(got) != len(pages) || len(got[0]) == 0 || got[0][0] != 4 {
		t.Errorf("word the: %d pages, page 0 at %v; want every page, first at 4", len(got), got[0])
	}
	for _, rare := range []string{"word and", "a zebra"} {
		if got := lookup(t, out, rare); len(got) != 0 {
			t.Errorf("%s: %v, want no pair with a rare word", rare, got)
		}
	}
	small := search.Build("en", pages[:search.MaxDocsWithPositions], nil).Encode(search.DefaultOptions)
	if got := lookup(t, small, "the common"); len(got) != 0 {
		t.Errorf("the common on %d pages: %d pages, want no pairs on a site where no word is common", search.MaxDocsWithPositions, len(got))
	}
}

// A cluster pair is indexed across a space too (a reader's query often has
// none where the page has one), and the postings say at which positions it
// stood so, for search.js to rank the page that has the query as typed
// first: the Burmese "ထိုင်မှုအ" tied with pages that say "ထိုင်မှု အခြေအနေ".
func TestSpacedPairs(t *testing.T) {
	pages := []search.Page{
		{Href: "spaced", Title: "a", Blocks: []search.Block{{Text: "နေထိုင်မှု အခြေအနေ"}}},
		{Href: "joined", Title: "b", Blocks: []search.Block{{Text: "နေထိုင်မှုအတွက်"}}},
		{Href: "both", Title: "c", Blocks: []search.Block{{Text: "ထိုင်မှု အ ထိုင်မှုအ"}}},
	}
	out := search.Build("my", pages, nil).Encode(search.DefaultOptions)
	got, spaced := lookupSpaced(t, out, "မှုအ")
	if len(got) != 3 {
		t.Fatalf("မှုအ on pages %v, want all three", got)
	}
	if len(spaced[0]) != 1 || spaced[0][0] != got[0][0] {
		t.Errorf("spaced page: %v of %v across a space, want its one position", spaced[0], got[0])
	}
	if len(spaced[1]) != 0 {
		t.Errorf("joined page: %v across a space, want none", spaced[1])
	}
	if len(got[2]) != 2 || len(spaced[2]) != 1 || spaced[2][0] != got[2][0] {
		t.Errorf("page with both: %v of %v across a space, want the first only", spaced[2], got[2])
	}
	// Pairs with no space, and single clusters, carry no mask.
	if _, sp := lookupSpaced(t, out, "ထိုင်မှု"); len(sp) != 0 {
		t.Errorf("ထိုင်မှု: %v across a space, want none", sp)
	}
}

// TestCrowdedKeys: in a pack, a Thai key whose bucket is over twice
// SpillBytes keeps no term but itself and names sub-buckets by the letter
// after it, each a bucket of its own, where a word with a tone mark and
// one without stand together; every word reads back its pages through
// them.
func TestCrowdedKeys(t *testing.T) {
	words, texts := search.CrowdedThai()
	var pages []search.Page
	for i, text := range texts {
		pages = append(pages, search.Page{Href: strconv.Itoa(i), Title: "x", Blocks: []search.Block{{Text: text}}})
	}
	out := search.Build("th", pages, nil).Encode(search.PackOptions)
	buckets := allBuckets(t, out)
	var subs []string
	for rest := range buckets["กเ"] {
		if !strings.HasPrefix(rest, "~") {
			t.Errorf("กเ holds %q, want only its sub-buckets", rest)
		}
		subs = append(subs, rest)
	}
	slices.Sort(subs)
	if want := []string{"~ข", "~ค", "~ง", "~จ", "~ช", "~ซ", "~ด", "~ต", "~ถ", "~ท", "~น", "~บ", "~ป", "~ผ", "~พ", "~ฟ", "~ม", "~ย", "~ร", "~ล"}; !slices.Equal(subs, want) {
		t.Errorf("กเ names sub-buckets %v, want %v", subs, want)
	}
	if got := buckets["~กเข"]; len(got) != 2 || got[""] == "" || got["่"] == "" {
		t.Errorf("sub-bucket ~กเข holds %v, want กเข and กเข่", slices.Collect(maps.Keys(got)))
	}
	for i, w := range words {
		if got := slices.Sorted(maps.Keys(lookup(t, out, w))); !slices.Equal(got, search.CrowdedPages(i)) {
			t.Errorf("%s read back on %v, want %v", w, got, search.CrowdedPages(i))
		}
	}
	// Not in a file written one by one: there a query loads shards whole.
	out = search.Build("th", pages, nil).Encode(search.DefaultOptions)
	for _, f := range out.Files {
		if strings.HasPrefix(f.Name, "search/s.") && strings.Contains(string(f.Data), `"~`) {
			t.Errorf("%s has a sub-bucket, which only a pack's crowded keys have", f.Name)
		}
	}
}
