package segment

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"spean/generator/internal/sitetest"
	"strings"
	"testing"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite testdata/vectors.json and the table in segment.js from the Go code")

const vectorsFile = "testdata/vectors.json"

// vector is one test case shared by the Go and the JavaScript tests. The Go
// code is the reference: -update regenerates every expectation from it, and
// the diff of vectors.json is the review of a behaviour change.
type vector struct {
	Name       string     `json:"name"`
	Lang       string     `json:"lang,omitempty"` // where the input comes from; the rules do not use it
	Input      string     `json:"input"`
	Normalized string     `json:"normalized"`
	Segments   [][]any    `json:"segments"` // [text, start, end, script, break], offsets in bytes
	Index      [][]any    `json:"index"`    // [term, pos]
	Query      queryTerms `json:"query"`
	Keys       [][]any    `json:"keys"` // [term, Key(term)] for each index and query term, once
}

type queryTerms struct {
	Exact  [][]any `json:"exact"`          // [term, pos]
	Prefix []any   `json:"prefix"`         // [term, pos], or null when the query is closed
	Lead   []any   `json:"lead,omitempty"` // [term, pos]: the second prefix, Burmese only
}

// expect computes what the Go code gives for in.
func expect(name, lang, in string) vector {
	v := vector{Name: name, Lang: lang, Input: in, Normalized: Normalize(in), Segments: [][]any{}, Index: [][]any{}}
	for _, s := range Split(in) {
		v.Segments = append(v.Segments, []any{s.Text, s.Start, s.End, s.Script.String(), s.Break.String()})
	}
	for _, t := range IndexTokens(in) {
		v.Index = append(v.Index, []any{t.Term, t.Pos})
	}
	v.Query = queryOf(in)
	v.Keys = keysOf(v)
	return v
}

// keysOf lists Key of every index and query term of v, each term once.
func keysOf(v vector) [][]any {
	keys := [][]any{}
	seen := map[string]bool{}
	add := func(t []any) {
		if term := t[0].(string); !seen[term] {
			seen[term] = true
			keys = append(keys, []any{term, Key(term)})
		}
	}
	for _, t := range v.Index {
		add(t)
	}
	for _, t := range v.Query.Exact {
		add(t)
	}
	if v.Query.Prefix != nil {
		add(v.Query.Prefix)
	}
	if v.Query.Lead != nil {
		add(v.Query.Lead)
	}
	return keys
}

func queryOf(q string) queryTerms {
	exact, prefix, lead := QueryTokens(q)
	qt := queryTerms{Exact: [][]any{}}
	for _, t := range exact {
		qt.Exact = append(qt.Exact, []any{t.Term, t.Pos})
	}
	if prefix.Term != "" {
		qt.Prefix = []any{prefix.Term, prefix.Pos}
	}
	if lead.Term != "" {
		qt.Lead = []any{lead.Term, lead.Pos}
	}
	return qt
}

// edgeCases are written by hand: each names the rule it pins down.
var edgeCases = []struct{ name, lang, in string }{
	{"empty", "", ""},
	{"only-separators", "", " \t\n.,;:!? — “”…"},
	{"brief-en", "en", "work permit expired"},
	{"brief-th", "th", "ใบอนุญาตทำงาน"},
	{"brief-km", "km", "លិខិតឆ្លងដែន"},
	{"brief-my", "my", "နိုင်ငံကူးလက်မှတ်"},
	{"brief-lo", "lo", "ໃບອະນຸຍາດເຮັດວຽກ"},
	{"query-closed-by-space", "th", "ใบอนุญาต "},
	{"query-two-runs", "th", "ใบอนุญาต ทำงาน"},
	{"query-open-leading-vowel", "th", "ใบอนุญาตทำงานเ"},
	{"query-open-my-bare-consonant", "my", "ကျောင"},
	{"query-open-my-bare-consonant-lead", "my", "ဖွားခွင"},
	{"query-open-my-dot-below", "my", "ကျောင့"},
	{"query-open-my-killed", "my", "ကျောင်"},
	{"query-open-km-coeng", "km", "លិខិតឆ្"},
	{"zw-space-inside-thai", "th", "ใบ\u200bอนุญาต\u200bทำงาน"},
	{"zw-joiner-nonjoiner-my", "my", "နိုင်\u200cငံ\u200dကူး"},
	{"zw-space-between-khmer-words", "km", "លិខិត\u200bឆ្លងដែន"},
	{"bom-soft-hyphen-word-joiner", "en", "\ufeffper\u00admit\u2060s"},
	{"zw-inside-unit", "th", "ก\u200b่า"},
	{"marks-out-of-order-thai", "th", "ก่ิ กิ่"},
	{"thai-am-decomposed", "th", "นํ้า น้ํา น้ำ"},
	{"lao-am-decomposed", "lo", "ນໍ້າ ນ້ຳ"},
	{"lao-ho-ligature", "lo", "ເໜືອ ເຫນືອ ໝາຍ ຫມາຍ"},
	{"thai-double-sara-e", "th", "เเก แก"},
	{"duplicate-tone-mark", "th", "ก่่า"},
	{"khmer-split-vowels", "km", "កេា កោ កេី កើ"},
	{"khmer-nikahit-order", "km", "ស្រំុ ស្រុំ"},
	{"khmer-qa-variants", "km", "ឲ្យ ឱ្យ"},
	{"khmer-deprecated-inherent-vowel", "km", "ក\u17b4ា"},
	{"myanmar-asat-dot-order", "my", "င့်် င့်"},
	{"myanmar-u-anusvara-order", "my", "ကံု ကုံ"},
	{"myanmar-uu-composed", "my", "ဦး ဥ\u102eး"},
	{"myanmar-kinzi-stack", "my", "သင်္ချိုင်း မန္တလေး"},
	{"myanmar-symbol-words", "my", "၎င်း၏"},
	{"zawgyi-looking", "my", "ေက်ာင္း ၾကည့္ ဘဂၤလားေဒရွ္႕"},
	{"digits-each-script", "", "๑๖๙๔ ໑໒໓ ១២៣ ၁၂၃ ႑႒ １２３"},
	{"digits-in-words", "th", "มาตรา๑๒ B18 10,000 บาท"},
	{"myanmar-digit-zero-for-wa", "my", "၀န်ကြီး"},
	{"mixed-scripts", "th", "ใบอนุญาตทำงาน (Work Permit) ລາວ ខ្មែរ မြန်မာ"},
	{"adjacent-scripts", "", "ไทยລາວខ្មែរမြန်မာabc"},
	{"emoji", "en", "📞 1694 ☎️ 👍🏽 🇹🇭 ok👌ok"},
	{"emoji-between-thai", "th", "โทร📞หา"},
	{"english-stems", "en", "Workers' rights: WORKING worked works; expires expiring expiry; countries fees passes this status"},
	{"english-apostrophe", "en", "don't worker’s"},
	{"english-accents", "en", "Café NAÏVE façade Ångström"},
	{"fullwidth", "en", "ｗｏｒｋ　ｐｅｒｍｉｔ"},
	{"latin-case-folds", "en", "ÆØÞ Straße"},
	{"lone-marks-at-start", "th", "่ก"},
	{"lone-generic-mark", "en", "\u0301abc"},
	{"latin-with-thai-mark", "", "a่b"},
	{"thai-with-latin-mark", "th", "ก\u0301ข"},
	{"space-kinds", "th", "ก\u00a0ข\u3000ค\nง\n\nจ"},
	{"punctuation-between-thai", "th", "ก.ข"},
	{"thai-repetition-mark", "th", "ทุกๆคน ทุก ๆ คน"},
	{"other-scripts-are-separators", "", "中文 Ελληνικά ไทย"},
	{"urdu-words-and-digits", "", "تمام انسان آزاد ۱۹۴۸ ہیں۔ ضمیر"},
	{"arabic-harakat-drop", "", "كَتَبَ كتب"},
	{"hebrew-points-drop", "", "שָׁלוֹם שלום"},
	{"kelvin-ohm-angstrom", "", "\u212a \u2126 \u212b \u212b\u0301"},
}

// udhrCases takes, for each language, two whole lines and a dozen query-like
// pieces cut at random characters (so many end inside a cluster).
func udhrCases(t testing.TB) []vector {
	var vs []vector
	for _, lang := range []string{"en", "km", "lo", "my", "th"} {
		arts := udhr(t, lang)
		lines := []string{firstLine(arts[1]), firstLine(arts[23])}
		vs = append(vs, expect("udhr-"+lang+"-art1", lang, lines[0]), expect("udhr-"+lang+"-art23", lang, lines[1]))
		rng := rand.New(rand.NewPCG(23, uint64(len(lang))))
		rs := []rune(lines[1])
		for i := 0; i < 12; i++ {
			n := 3 + rng.IntN(20)
			at := rng.IntN(len(rs) - n)
			q := string(rs[at : at+n])
			vs = append(vs, expect(fmt.Sprintf("udhr-%s-query%02d", lang, i), lang, q))
		}
	}
	return vs
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}

func allVectors(t testing.TB) []vector {
	var vs []vector
	for _, c := range edgeCases {
		vs = append(vs, expect(c.name, c.lang, c.in))
	}
	return append(vs, udhrCases(t)...)
}

func encodeJSON(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	return bytes.TrimRight(b.Bytes(), "\n")
}

// writeVectors writes one field per line, so that a behaviour change shows
// as a readable diff.
func writeVectors(vs []vector) []byte {
	var b bytes.Buffer
	b.WriteString("{\n  \"comment\": \"Generated by `go test ./generator/segment -update` from the Go code; checked against Go and segment.js.\",\n  \"vectors\": [\n")
	for i, v := range vs {
		fmt.Fprintf(&b, "    {\n      \"name\": %s,\n", encodeJSON(v.Name))
		if v.Lang != "" {
			fmt.Fprintf(&b, "      \"lang\": %s,\n", encodeJSON(v.Lang))
		}
		fmt.Fprintf(&b, "      \"input\": %s,\n      \"normalized\": %s,\n      \"segments\": %s,\n      \"index\": %s,\n      \"query\": %s,\n      \"keys\": %s\n    }",
			encodeJSON(v.Input), encodeJSON(v.Normalized), encodeJSON(v.Segments), encodeJSON(v.Index), encodeJSON(v.Query), encodeJSON(v.Keys))
		if i < len(vs)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("  ]\n}\n")
	return b.Bytes()
}

func readVectors(t testing.TB) []vector {
	t.Helper()
	data, err := os.ReadFile(vectorsFile)
	if err != nil {
		t.Fatalf("read vectors (run with -update to create them): %v", err)
	}
	var f struct{ Vectors []vector }
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatalf("parse %s: %v", vectorsFile, err)
	}
	return f.Vectors
}

// canon makes decoded JSON and freshly computed values comparable.
func canon(v any) string { return string(encodeJSON(v)) }

func TestVectors(t *testing.T) {
	if *update {
		vs := allVectors(t)
		if err := os.WriteFile(vectorsFile, writeVectors(vs), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %d vectors to %s", len(vs), vectorsFile)
	}
	vs := readVectors(t)
	if want := len(edgeCases); len(vs) < want {
		t.Fatalf("%s has %d vectors, want at least the %d edge cases", vectorsFile, len(vs), want)
	}
	for _, v := range vs {
		t.Run(v.Name, func(t *testing.T) {
			got := expect(v.Name, v.Lang, v.Input)
			for _, f := range []struct {
				field     string
				got, want any
			}{
				{"normalized", got.Normalized, v.Normalized},
				{"segments", got.Segments, v.Segments},
				{"index", got.Index, v.Index},
				{"query", got.Query, v.Query},
				{"keys", got.Keys, v.Keys},
			} {
				if g, w := canon(f.got), canon(f.want); g != w {
					t.Errorf("%s of %q:\n got %s\nwant %s", f.field, v.Input, g, w)
				}
			}
			checkInvariants(t, v.Input)
		})
	}
}

// TestVectorsCoverEdgeCases keeps the file in step with the table above: a
// new edge case must be generated before it can be checked in JavaScript.
func TestVectorsCoverEdgeCases(t *testing.T) {
	have := map[string]string{}
	for _, v := range readVectors(t) {
		have[v.Name] = v.Input
	}
	for _, c := range edgeCases {
		if in, ok := have[c.name]; !ok || in != c.in {
			t.Errorf("edge case %s is missing or changed in %s: run go test ./generator/segment -update", c.name, vectorsFile)
		}
	}
}

// sharedDir finds ../shared beside the module root, where CI puts it.
func sharedDir(t testing.TB) string {
	t.Helper()
	shared := filepath.Join(sitetest.RepoRoot(t), "..", "shared")
	if _, err := os.Stat(shared); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared corpus missing: %v", err)
		}
		t.Skipf("shared corpus missing: %v", err)
	}
	return shared
}

// udhr returns the UDHR in lang, one string per article (index = article
// number; 0 is the preamble), headings removed.
func udhr(t testing.TB, lang string) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(sharedDir(t), "corpus", "udhr", "udhr_"+lang+".txt"))
	if err != nil {
		t.Fatalf("read udhr %s: %v", lang, err)
	}
	var arts []string
	for _, part := range strings.Split(string(data), "\n## ")[1:] {
		_, body, _ := strings.Cut(part, "\n")
		arts = append(arts, body)
	}
	if len(arts) != 31 || !utf8.ValidString(string(data)) {
		t.Fatalf("udhr %s: %d articles, want 31 (preamble and 30)", lang, len(arts))
	}
	return arts
}
