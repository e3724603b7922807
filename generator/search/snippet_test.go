package search_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"spean/generator/search"
	"spean/generator/wordbreak"
)

// TestWordMarks: the snippet text marks the word boundaries that no space
// or punctuation shows, in Thai, Lao, Khmer and Burmese, and nowhere else;
// a DEL in the page's text is dropped, so every mark is one.
func TestWordMarks(t *testing.T) {
	const m = string(search.WordMark)
	for _, c := range []struct{ lang, text, want string }{
		{"th", "ขอใบเสร็จทุกครั้ง ที่จ่ายเงิน", "ขอ" + m + "ใบ" + m + "เสร็จ" + m + "ทุก" + m + "ครั้ง ที่" + m + "จ่าย" + m + "เงิน"},
		{"km", "សុំចម្លើយជាលាយលក្ខណ៍អក្សរ។", "សុំ" + m + "ចម្លើយ" + m + "ជា" + m + "លាយលក្ខណ៍" + m + "អក្សរ។"},
		{"lo", "ທຸກຄັ້ງທີ່ມອບເອກະສານ.", "ທຸກ" + m + "ຄັ້ງ" + m + "ທີ່" + m + "ມອບ" + m + "ເອກະສານ."},
		{"my", "အဖြေများကို စာဖြင့် တောင်းပါ။", "အဖြေ" + m + "များ" + m + "ကို စာ" + m + "ဖြင့် တောင်း" + m + "ပါ။"},
		// Thai's ๆ belongs to the word before: the mark comes after it.
		{"th", "เด็กๆเล่นกัน", "เด็กๆ" + m + "เล่น" + m + "กัน"},
		{"en", "Keep a copy\x7f of every document.", "Keep a copy of every document."},
		{"th", "ขอ\x7fใบ", "ขอใบ"},
	} {
		ix := search.Build(c.lang, []search.Page{{Href: "a", Title: "x", Blocks: []search.Block{{Text: c.text}}}}, nil)
		if got := ix.Docs[0].Parts; len(got) != 1 || got[0] != c.want {
			t.Errorf("%s %q: parts %q, want %q", c.lang, c.text, got, c.want)
		}
	}
}

// TestPartsOnWords indexes the shipped pages of the languages written
// without spaces and checks what snippets rely on: parts overlap by whole
// words, so every part but the first starts on a word of the page and every
// part but the last ends on one; and the marks in a part are boundaries
// that breaking the part's own text finds (as the browser that judges the
// snippet does), but for 1 in 1,000, and are all of them but for 1 in 100
// (the browser breaks inside a few Burmese clusters, before a stacked or
// killed consonant, where snippets never cut).
func TestPartsOnWords(t *testing.T) {
	for _, lang := range []string{"th", "lo", "km", "my"} {
		files, err := filepath.Glob(filepath.Join("..", "..", "content", "*", "*."+lang+".md"))
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: no pages (%v)", lang, err)
		}
		var pages []search.Page
		var texts []string
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var blocks []search.Block
			var kept []string
			for _, p := range strings.Split(string(b), "\n\n") {
				if p = strings.TrimSpace(p); p != "" {
					blocks = append(blocks, search.Block{Text: p})
					kept = append(kept, p)
				}
			}
			pages = append(pages, search.Page{Href: f, Title: "x", Blocks: blocks})
			texts = append(texts, strings.Join(kept, "\n"))
		}
		ix := search.Build(lang, pages, nil)
		marks, agree, found := 0, 0, 0
		for d, doc := range ix.Docs {
			page := texts[d]
			onWord := map[int]bool{0: true, len(page): true}
			for _, b := range wordbreak.Breaks(page) {
				onWord[b] = true
			}
			for i, r := range page {
				if !unicode.IsLetter(r) && !unicode.IsMark(r) {
					onWord[i], onWord[i+utf8.RuneLen(r)] = true, true
				}
			}
			for k, p := range doc.Parts {
				clean := strings.ReplaceAll(p, string(search.WordMark), "")
				at := strings.Index(page, clean)
				if at < 0 {
					t.Fatalf("%s %s part %d: not in the page's text", lang, doc.Href, k)
				}
				if k > 0 && !onWord[at] || k+1 < len(doc.Parts) && !onWord[at+len(clean)] {
					t.Errorf("%s %s part %d: not on words: %q", lang, doc.Href, k, clean)
				}
				own := map[int]bool{}
				for _, b := range wordbreak.Breaks(clean) {
					own[b] = true
				}
				found += len(own)
				for i, n := 0, 0; i < len(p); i++ {
					if p[i] == search.WordMark {
						marks++
						if own[i-n] {
							agree++
						}
						n++
					}
				}
			}
		}
		if marks == 0 || 1000*(marks-agree) > marks || 100*(found-agree) > found {
			t.Errorf("%s: %d marks, %d boundaries in the parts' own text, %d in both", lang, marks, found, agree)
		}
		t.Logf("%s: %d marks, %d boundaries in the parts' own text, %d in both", lang, marks, found, agree)
	}
}
