package wordbreak

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// cases are segmentations by the browser (Intl.Segmenter in Chromium 156,
// ICU 78, whose dictionaries are those embedded here): "|" marks a
// boundary inside a run, which Breaks must find exactly. Most are lines of
// the shipped content; then Thai's suffixes ฯ and ๆ, text the dictionary
// does not know (Thai, and Khmer, where Chromium joins it to the word
// before), a Burmese stacked consonant, and text with no run to break.
var cases = []string{
	"\"ขอ|ชื่อ|นายจ้าง งาน สถาน|ที่|ทำงาน และ|ค่า|จ้าง เป็น|ลาย|ลักษณ์|อักษร\"",
	"\"ขอ|ใบ|เสร็จ|ทุก|ครั้ง|ที่|จ่าย|เงิน|หรือ|ส่ง|มอบ|เอกสาร\"",
	"ตรวจ|สอบ|ก่อน|จ่าย|เงิน|หรือ|เซ็น|อะไร|ก็ตาม",
	"ถาม|คำถาม|เหล่า|นี้ และ|ขอ|คำ|ตอบ|เป็น|ลาย|ลักษณ์|อักษร",
	"\"ຂໍ|ຊື່|ນາຍ|ຈ້າງ ວຽກ ສະຖານທີ່ ແລະ ຄ່າ|ຈ້າງ ເປັນ|ລາຍ|ລັກ|ອັກສອນ.\"",
	"\"ຂໍ|ໃບຮັບ|ເງິນ|ທຸກ|ຄັ້ງ|ທີ່|ຈ່າຍເງິນ ແລະ ທຸກ|ຄັ້ງ|ທີ່|ມອບ|ເອກະສານ.\"",
	"\"ອອກ|ຈາກ|ບໍລິສັດ|ທີ່|ຕົວະ ເລັ່ງ|ທ່ານ ຫຼື ຢາກ|ເກັບ|ໜັງສື|ຜ່ານ|ແດນ|ຂອງ|ທ່ານ.\"",
	"ກວດ|ສອບ ກ່ອນ|ຈ່າຍເງິນ ຫຼື ເຊັນ|ຫຍັງ|ກໍ່|ຕາມ.",
	"\"សុំ|ឈ្មោះ|និយោជក ការងារ ទី|កន្លែង និង|ប្រាក់|ឈ្នួល ជា|លាយលក្ខណ៍|អក្សរ។\"",
	"\"សុំ|បង្កាន់ដៃ|រាល់|ពេល|បង់|ប្រាក់ និង|រាល់|ពេល|ប្រគល់|ឯកសារ។\"",
	"សូម|ពិនិត្យ មុន|ពេល|បង់|ប្រាក់ ឬ|ចុះ|ហត្ថ|លេខាលើ|អ្វីមួយ។",
	"សូម|សួរ|សំណួរ|ទាំង|នេះ។ សុំ|ចម្លើយ|ជា|លាយលក្ខណ៍|អក្សរ។",
	"\"အလုပ်ရှင်|အမည်၊ အလုပ်၊ နေရာ|နှင့် လုပ်ခ|ကို စာ|ဖြင့် တောင်း|ပါ။\"",
	"\"ငွေ|ပေး|တိုင်း နှင့် စာရွက်စာတမ်း အပ်|တိုင်း ပြေစာ တောင်း|ပါ။\"",
	"ငွေ|မ|ပေး|မီ သို့မဟုတ် မည်|သည့်|အရာ|ကို|မ|ဆို လက်မှတ်|မထိုး|မီ စစ်ဆေး|ပါ။",
	"ဤ|မေးခွန်း|များ|ကို မေး|ပါ။ အဖြေ|များ|ကို စာ|ဖြင့် တောင်း|ပါ။",
	"เด็กๆ|เล่น|กัน|ไป|มา|ทุก|วันๆ",
	"กรุงเทพฯ|เป็น|เมือง|หลวง",
	"ฟ|หกดฟ|หกด|สวัสดี|ครับ",
	"ក្ខគឃងចឆជឈញសួ|ស្តី",
	"မန္တလေး|မြို့|သို့|သွား|သည်",
	"ສະບາຍ|ດີ|ຫຼາຍ|ໆ",
	// Latin, digits and a short run: no boundary to add.
	"Thai ไทย 2567 km",
}

func TestBreaks(t *testing.T) {
	var b Breaker // one Breaker for all: reuse must not leak state
	for _, c := range cases {
		t.Run(c, func(t *testing.T) {
			text := strings.ReplaceAll(c, "|", "")
			var want []int
			for i, p := 0, 0; i < len(c); i++ {
				if c[i] == '|' {
					want = append(want, p)
				} else {
					p++
				}
			}
			got := b.Append(nil, text)
			if !slices.Equal(got, want) {
				t.Errorf("got  %s\nwant %s", mark(text, got), c)
			}
		})
	}
}

// mark writes text with "|" at the offsets.
func mark(text string, at []int) string {
	var sb strings.Builder
	for i := 0; i < len(text); i++ {
		if slices.Contains(at, i) {
			sb.WriteByte('|')
		}
		sb.WriteByte(text[i])
	}
	return sb.String()
}

func TestDictionaries(t *testing.T) {
	if err := Check(); err != nil {
		t.Fatal(err)
	}
	// A few words each dictionary must know, and a prefix it must not
	// take for a word.
	for _, c := range []struct {
		l          lang
		word, part string
	}{
		{thai, "หนังสือเดินทาง", "หนังสือเดินทา"},
		{lao, "ເອກະສານ", "ເອກະສາ"},
		{khmer, "បង្កាន់ដៃ", "បង្កាន់ដ"},
		{burmese, "မေးခွန်း", "မေးခွန"},
	} {
		tr, _ := dict(c.l)
		if !known(tr, c.l, c.word) || known(tr, c.l, c.part) {
			t.Errorf("%s: %s known %v (want true), %s known %v (want false)", langs[c.l].file, c.word, known(tr, c.l, c.word), c.part, known(tr, c.l, c.part))
		}
	}
}

func known(t *trie, l lang, w string) bool {
	n := int32(0)
	for _, r := range w {
		if n = t.child(n, byte(r-langs[l].offset)); n < 0 {
			return false
		}
	}
	return t.word[n]
}

func TestUnpack(t *testing.T) {
	ws, nodes, err := unpack("\x00\x02\x01\x02\x02\x01\x03\x01\x01\x05")
	if err != nil {
		t.Fatal(err)
	}
	var got [][]byte
	for i := range ws.len() {
		got = append(got, ws.at(i))
	}
	want := [][]byte{{1, 2}, {1, 2, 3}, {1, 5}}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("unpack: got %v, want %v", got, want)
	}
	// The root, 1, 1-2, 1-2-3 and 1-5.
	if nodes != 5 {
		t.Errorf("unpack: %d nodes, want 5", nodes)
	}
	tr := newTrie(ws, nodes)
	if len(tr.first) != nodes || len(tr.labels) != nodes-1 || cap(tr.first) != nodes {
		t.Errorf("trie of %d nodes, %d labels, room for %d; want %d", len(tr.first), len(tr.labels), cap(tr.first), nodes)
	}
	for _, bad := range []string{"\x00", "\x03\x01\x01", "\x00\x02\x01", "\x00\x01\x02\x00\x01\x01", "\x00\x00", "\x00\x01\x02\x02\x01\x03", "\x00\x02\x01\x02\x00\x02\x01\x03"} {
		if _, _, err := unpack(bad); err == nil {
			t.Errorf("unpack(%q): no error", bad)
		}
	}
}

// Every dictionary's trie holds exactly its words: each word is found,
// ends a word, and the trie has one node a distinct prefix, as unpack
// counted.
func TestTrieHoldsTheWords(t *testing.T) {
	for l := range nLangs {
		ws, nodes, err := unpack(*fc[l])
		if err != nil {
			t.Fatal(err)
		}
		tr, err := dict(l)
		if err != nil {
			t.Fatal(err)
		}
		if len(tr.first) != nodes || cap(tr.first) != nodes {
			t.Errorf("%s: %d nodes (room for %d), want %d", langs[l].file, len(tr.first), cap(tr.first), nodes)
		}
		ends := 0
		for i := range ws.len() {
			n := int32(0)
			for _, b := range ws.at(i) {
				if n = tr.child(n, b); n < 0 {
					break
				}
			}
			if n < 0 || !tr.word[n] {
				t.Fatalf("%s: word %d (%v) not in the trie", langs[l].file, i, ws.at(i))
			}
		}
		for _, w := range tr.word {
			if w {
				ends++
			}
		}
		if ends != ws.len() {
			t.Errorf("%s: %d nodes end a word, want %d", langs[l].file, ends, ws.len())
		}
	}
}

// FuzzBreaks checks, for any text, what a snippet cut relies on: the
// boundaries are in order, inside the text, on character boundaries,
// inside a run of one script's letters, never before a combining mark;
// a reused Breaker gives the same answer as a new one.
func FuzzBreaks(f *testing.F) {
	for _, c := range cases {
		f.Add(strings.ReplaceAll(c, "|", ""))
	}
	f.Add("ก\u0e48\u0e48\u0e48ขค")
	f.Add("\u17d2\u17d2ក\u17d2")
	var reused Breaker
	f.Fuzz(func(t *testing.T, s string) {
		got := Breaks(s)
		if again := reused.Append(nil, s); !slices.Equal(got, again) {
			t.Fatalf("reused Breaker: %v, new: %v", again, got)
		}
		last := 0
		for _, at := range got {
			if at <= last || at >= len(s) {
				t.Fatalf("boundary %d out of order or at an edge (len %d): %v", at, len(s), got)
			}
			last = at
			if !utf8.RuneStart(s[at]) {
				t.Fatalf("boundary %d inside a character", at)
			}
			before, _ := utf8.DecodeLastRuneInString(s[:at])
			after, _ := utf8.DecodeRuneInString(s[at:])
			if langOf(before) == none || langOf(before) != langOf(after) {
				t.Fatalf("boundary %d between %U and %U: not inside a run", at, before, after)
			}
			if unicode.Is(unicode.M, after) {
				t.Fatalf("boundary %d before the mark %U", at, after)
			}
		}
	})
}

// BenchmarkBreaks breaks the shipped pages of each language; MB/s is of
// the text, so ns per KB is 1e6 / (MB/s).
func BenchmarkBreaks(b *testing.B) {
	for _, lang := range []string{"th", "lo", "km", "my"} {
		files, _ := filepath.Glob(filepath.Join("..", "..", "content", "*", "*."+lang+".md"))
		var text []string
		n := 0
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			text = append(text, string(data))
			n += len(data)
		}
		if n == 0 {
			b.Fatalf("no %s content", lang)
		}
		b.Run(lang, func(b *testing.B) {
			var br Breaker
			var out []int
			br.Append(nil, text[0]) // the dictionary is read before timing
			b.SetBytes(int64(n))
			b.ResetTimer()
			for b.Loop() {
				for _, s := range text {
					out = br.Append(out[:0], s)
				}
			}
		})
	}
}

// FuzzUnpack: any bytes are read without a panic; what is read is sorted
// and distinct, and its trie has the nodes unpack counted and every word.
func FuzzUnpack(f *testing.F) {
	f.Add("\x00\x02\x01\x02\x02\x01\x03\x01\x01\x05")
	f.Add((*fc[lao])[:200])
	f.Fuzz(func(t *testing.T, data string) {
		ws, nodes, err := unpack(data)
		if err != nil {
			return
		}
		for i := 1; i < ws.len(); i++ {
			if string(ws.at(i-1)) >= string(ws.at(i)) {
				t.Fatalf("words %d and %d out of order: %v, %v", i-1, i, ws.at(i-1), ws.at(i))
			}
		}
		tr := newTrie(ws, nodes)
		if len(tr.first) != nodes {
			t.Fatalf("%d nodes, unpack counted %d", len(tr.first), nodes)
		}
		for i := range ws.len() {
			n := int32(0)
			for _, b := range ws.at(i) {
				if n = tr.child(n, b); n < 0 {
					t.Fatalf("word %d (%v) not in the trie", i, ws.at(i))
				}
			}
			if !tr.word[n] {
				t.Fatalf("word %d (%v) does not end a word", i, ws.at(i))
			}
		}
	})
}
