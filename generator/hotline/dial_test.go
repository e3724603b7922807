package hotline

import (
	"strings"
	"testing"
)

// dialData has a number that is a prefix of another's digits (1694 and
// 16945 would be; 191 and 1911 here) and one with separators.
const dialData = `hotlines:
  - {id: doe-1694, number: "1694", country: th, name: {en: D}, purpose: {en: P}}
  - {id: police-191, number: "191", country: th, name: {en: D}, purpose: {en: P}}
  - {id: long-1911, number: "1911", country: th, name: {en: D}, purpose: {en: P}}
  - {id: issara-180, number: "1-800-010-180", country: th, name: {en: D}, purpose: {en: P}}
  - {id: intl, number: "+66 2 123 4567", country: th, name: {en: D}, purpose: {en: P}}
`

// marked writes text with each number Find finds as [number→tel].
func marked(x *Dialler, text string) string {
	var b strings.Builder
	at := 0
	x.Find(text, func(start, end int, tel string) {
		b.WriteString(text[at:start])
		b.WriteString("[" + text[start:end] + "→" + strings.TrimPrefix(tel, "tel:") + "]")
		at = end
	})
	return b.String() + text[at:]
}

func TestDialler(t *testing.T) {
	d, msgs := load(t, dialData)
	if len(msgs) > 0 {
		t.Fatal(msgs)
	}
	x := d.Dialler()
	for _, tt := range []struct{ in, want string }{
		{"call 1694.", "call [1694→1694]."},
		{"1694", "[1694→1694]"},
		{"call 1300 or 191 for the police", "call 1300 or [191→191] for the police"},
		{"ស្ពាន 191។ និង 1694, 1911", "ស្ពាន [191→191]។ និង [1694→1694], [1911→1911]"},
		{"โทร1694หรือ191", "โทร[1694→1694]หรือ[191→191]"},
		{"**1-800-010-180**: ພາສາມຽນມາ", "**[1-800-010-180→1800010180]**: ພາສາມຽນມາ"},
		{"Issara (1-800-010-180), free", "Issara ([1-800-010-180→1800010180]), free"},
		{"dial +66 2 123 4567 abroad", "dial [+66 2 123 4567→+6621234567] abroad"},
		// Not whole numbers.
		{"11694 baht", "11694 baht"},
		{"1,191 baht or 2.191 or 1-191 or 12/191", "1,191 baht or 2.191 or 1-191 or 12/191"},
		{"1694.50 baht, 1694,5, 1694-2, 191/3", "1694.50 baht, 1694,5, 1694-2, 191/3"},
		{"A191 and 191A and +1694 and 1694x", "A191 and 191A and +1694 and 1694x"},
		{"1-800-010-1800", "1-800-010-1800"},
		{"1-800-010", "1-800-010"},
		{"&#49;91 is a section", "&#49;91 is a section"},
		{"", ""},
	} {
		if got := marked(x, tt.in); got != tt.want {
			t.Errorf("%q:\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
	if got, want := x.HTML(`<b> & "1694".`), `&lt;b&gt; &amp; &#34;<a href="tel:1694">1694</a>&#34;.`; got != want {
		t.Errorf("HTML: got %s, want %s", got, want)
	}
	var none *Dialler
	if got := none.HTML("1694 & 191"); got != "1694 &amp; 191" {
		t.Errorf("a nil Dialler's HTML is %q", got)
	}
	if got := marked(none, "1694"); got != "1694" {
		t.Errorf("a nil Dialler found %q", got)
	}
	if (&Data{}).Dialler() != nil {
		t.Error("a file without hotlines has a Dialler")
	}
}

// FuzzDial: whatever the text, the numbers found are in order, apart, each
// exactly a number of the file with its tel: URI, and whole.
func FuzzDial(f *testing.F) {
	for _, s := range []string{"call 1694.", "1,191 or 191", "1-800-010-180)", "+66 2 123 4567", "๑๙๑ 191"} {
		f.Add(s)
	}
	d, msgs := load(f, dialData)
	if len(msgs) > 0 {
		f.Fatal(msgs)
	}
	x := d.Dialler()
	tels := map[string]string{}
	for _, h := range d.Hotlines {
		tels[h.Number] = h.Tel()
	}
	f.Fuzz(func(t *testing.T, text string) {
		last := 0
		x.Find(text, func(start, end int, tel string) {
			if start < last || end <= start || end > len(text) {
				t.Fatalf("%q: range %d–%d after %d", text, start, end, last)
			}
			last = end
			n := text[start:end]
			if want, ok := tels[n]; !ok || want != tel {
				t.Fatalf("%q: found %q as %q", text, n, tel)
			}
			if start > 0 && joins(text[start-1]) || continues(text, end) {
				t.Fatalf("%q: %q at %d is part of something longer", text, n, start)
			}
		})
	})
}
