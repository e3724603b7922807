package search_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"spean/generator/internal/browsertest"
	"spean/generator/search"
)

// TestCommonWordPhrase searches, in Chromium with the search.js the site
// ships, a site where every word is common: more pages than
// MaxDocsWithPositions, each of the same eight words in random order, so
// each word keeps only its first few positions a page. A phrase of six of
// them that only one page holds, late on that page, must find that page
// first: search.js sees the words are common and looks up their pairs,
// which the index keeps with their positions (commonPairs). With the words
// alone every page could hold the phrase past their last kept position,
// and the page ranked among hundreds of ties.
//
// The words' own postings are files apart (Index.spills), and the three
// pairs found cover all six words, the last as a prefix (or, too short
// for that, as the whole word): the query must read none of those files, which on the 10,000-page site's English were
// 20 KB each. A word alone has no pair: "river" must read its file. Both
// run on the index written file by file and as a pack read by ranges.
func TestCommonWordPhrase(t *testing.T) {
	ctx := browsertest.Browser(t)
	vocab := strings.Fields("river lantern market road bread morning field water a")
	r := rand.New(rand.NewPCG(1, 2))
	texts := make([]string, search.MaxDocsWithPositions+10)
	for i := range texts {
		w := make([]string, 120)
		for j := range w {
			w[j] = vocab[r.IntN(len(vocab))]
		}
		texts[i] = strings.Join(w, " ")
	}
	// Six words from late on page 150 that no other page holds.
	const want = 150
	phrase := uniquePhrase(texts, want, 96, 120, func(string) bool { return true })
	if phrase == "" {
		t.Fatal("no six words of page 150 are on it alone: change the seed")
	}
	// And six that end in "a", too short to pair as a prefix.
	short := uniquePhrase(texts, want, 6, len(strings.Fields(texts[want])), func(w string) bool { return w == "a" })
	if short == "" {
		t.Fatal(`no six words of page 150 that end in "a" are on it alone: change the seed`)
	}
	for _, c := range []struct{ name, config string }{{"files", ""}, {"pack", "\nsearch:\n  max_files: 3\n"}} {
		t.Run(c.name, func(t *testing.T) {
			dir := browsertest.Fixture(t, filepath.Join("testdata", "rank.txtar"))
			if c.config != "" {
				browsertest.AppendConfig(t, dir, c.config)
			}
			for i, text := range texts {
				md := fmt.Sprintf("---\ntitle: Page %d\nlast_reviewed: 2026-11-20\n---\n%s.\n", i, text)
				if err := os.WriteFile(filepath.Join(dir, "content", "places", fmt.Sprintf("p%03d.en.md", i)), []byte(md), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			pub := browsertest.Build(t, dir)
			srv := browsertest.Serve(t, pub)
			// Which postings files the page reads, as they register.
			err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"en/search/index.html"),
				chromedp.Evaluate[chromedp.Void](`window.read = []; var o = SpeanSearch.o; SpeanSearch.o = function (k, s) { read.push(k); o(k, s); }`))
			if err != nil {
				t.Fatal(err)
			}
			common := commonWordFiles(t, pub)
			explain := func(q string) (got []explained, words int) {
				t.Helper()
				got, err := chromedp.Run(ctx, chromedp.Evaluate[[]explained](fmt.Sprintf(`SpeanSearch.explain(%q)`, q), chromedp.EvalAwaitPromise))
				if err != nil {
					t.Fatal(err)
				}
				read, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`read`))
				if err != nil {
					t.Fatal(err)
				}
				for _, k := range read {
					if common[k] {
						words++
					}
				}
				return got, words
			}
			got, words := explain(phrase)
			if len(got) == 0 || got[0].Href != fmt.Sprintf("../places/p%03d/index.html", want) {
				t.Fatalf("%q: got %+v, want ../places/p%03d/index.html first", phrase, got, want)
			}
			// Three pairs (every other one, the last with the prefix).
			if got[0].Of != 3 || got[0].Phrase == 0 {
				t.Errorf("%q: first result %+v, want a phrase of 3 terms (3 pairs of the 6 words)", phrase, got[0])
			}
			// The eight words and "page", of every title.
			if len(common) != len(vocab)+1 || words != 0 {
				t.Errorf("%q read %d of the %d common words' postings files, want none: the pairs cover every word", phrase, words, len(common))
			}
			// "a", typed last, pairs as the whole word: no pair under its
			// three letters would cover it, and its postings are 20 KB on
			// a large site.
			got, words = explain(short)
			if len(got) == 0 || got[0].Href != fmt.Sprintf("../places/p%03d/index.html", want) || words != 0 {
				t.Errorf("%q: first %+v, %d common words' files read; want ../places/p%03d/index.html first, none read", short, got, words, want)
			}
			got, words = explain("river ")
			if len(got) < 10 || got[0].Of != 1 {
				t.Errorf(`"river": %d results, first %+v; want a screenful from its own postings`, len(got), got)
			}
			if words != 1 {
				t.Errorf(`"river" read %d common words' postings files, want its own`, words)
			}
		})
	}
}

// uniquePhrase is the first six words in a row of page want, ending before
// its word end for end in [from, to), whose last word last accepts and
// that no other page of texts holds; "" if there are none.
func uniquePhrase(texts []string, want, from, to int, last func(string) bool) string {
	words := strings.Fields(texts[want])
	for end := from; end < to; end++ {
		if !last(words[end-1]) {
			continue
		}
		p := strings.Join(words[end-6:end], " ")
		unique := true
		for i, text := range texts {
			if i != want && strings.Contains(text, p) {
				unique = false
				break
			}
		}
		if unique {
			return p
		}
	}
	return ""
}

// commonWordFiles reads the built English index in pub, file by file or
// packed, and returns the numbers of the postings files of common words:
// "@<n>" in a shard (a pack's long lists, "#<n>", are files too).
func commonWordFiles(t *testing.T, pub string) map[int]bool {
	t.Helper()
	folder := filepath.Join(pub, "en", "search")
	var shards []string
	if dirs, _ := filepath.Glob(filepath.Join(folder, "p.*.dir")); len(dirs) == 1 {
		dir, err := os.ReadFile(dirs[0])
		if err != nil {
			t.Fatal(err)
		}
		files, parts, err := search.PackLayout(dir)
		if err != nil || files == 0 {
			t.Fatal(err)
		}
		var data [][]byte
		for _, name := range search.PackParts(dirs[0], len(parts)) {
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			data = append(data, b)
		}
		p, err := search.OpenPack(dirs[0], dir, data)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range p.Files() {
			if strings.HasPrefix(f.Name, "search/s.") {
				shards = append(shards, string(f.Data))
			}
		}
	} else {
		names, _ := filepath.Glob(filepath.Join(folder, "s.*.js"))
		for _, name := range names {
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			shards = append(shards, string(b))
		}
	}
	out := map[int]bool{}
	for _, s := range shards {
		for _, m := range regexp.MustCompile(`"@([0-9]+)"`).FindAllStringSubmatch(s, -1) {
			n, _ := strconv.Atoi(m[1])
			out[n] = true
		}
	}
	return out
}
