package search_test

import (
	"bytes"
	"encoding/json"
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
	cfg, err := config.Load(fsys, "config.yaml", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	l, diags := build.Load(cfg, fsys)
	s := l.Site
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	return s
}

// shardRE reads a shard file back: SpeanSearch.s(i,{"key":[numbers],…}).
var shardRE = regexp.MustCompile(`^SpeanSearch\.s\((\d+),(\{.*\})\);\n$`)

// lookup finds a term's postings in the encoded output as search.js does:
// shard hash % n, key hash / n in base 36, then decodes them.
func lookup(t *testing.T, out search.Output, term string) map[int][]int {
	t.Helper()
	h := search.Hash(term)
	shard := h % uint32(out.Shards)
	name := "search/s." + out.Version + "." + strconv.Itoa(int(shard)) + ".js"
	i := slices.IndexFunc(out.Files, func(f search.File) bool { return f.Name == name })
	if i < 0 {
		t.Fatalf("no file %s", name)
	}
	m := shardRE.FindSubmatch(out.Files[i].Data)
	if m == nil {
		t.Fatalf("%s: not a shard: %.80s", name, out.Files[i].Data)
	}
	var keys map[string][]int
	if err := json.Unmarshal(m[2], &keys); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	raw := keys[strconv.FormatUint(uint64(h/uint32(out.Shards)), 36)]
	got := map[int][]int{}
	for i, doc := 0, 0; i < len(raw); {
		doc += raw[i]
		n := raw[i+2]
		pos, p := []int{}, 0
		for _, d := range raw[i+3 : i+3+n] {
			p += d
			pos = append(pos, p)
		}
		got[doc] = pos
		i += 3 + n
	}
	return got
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
	en := search.Build(s, "en")
	out := en.Encode()
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
	km := search.Build(s, "km")
	kout := km.Encode()
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
	a := search.Build(testSite(t), "km").Encode()
	b := search.Build(testSite(t), "km").Encode()
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

func TestStripComments(t *testing.T) {
	in := "/* header\n   more */\n(function () {\n  // why\n  var u = 'http://x'; // kept: after code\n\n  /* one line */\n  return u;\n})();\n"
	want := "(function () {\nvar u = 'http://x'; // kept: after code\nreturn u;\n})();\n"
	if got := string(search.StripComments([]byte(in))); got != want {
		t.Errorf("stripComments:\n%s\nwant:\n%s", got, want)
	}
}

// TestAZOrder: the A–Z list sorts by the reader's alphabet. In Thai a
// vowel written before its consonant does not count first: เกี่ยวกับ… (ก)
// comes before ขอ… (ข), though เ has a higher code point than ข.
func TestAZOrder(t *testing.T) {
	s := testSite(t)
	th := search.Build(s, "th")
	var titles []string
	for _, d := range th.Docs {
		titles = append(titles, d.Title)
	}
	i, j := slices.Index(titles, "เกี่ยวกับเอกสารที่หาย"), slices.Index(titles, "ขอต่อใบอนุญาตทำงาน")
	if i < 0 || j < 0 || i > j {
		t.Errorf("Thai A–Z order %q", titles)
	}
}
