package zawgyi

import (
	"encoding/binary"
	"math"
	"strings"
	"testing"
)

func TestProbabilityNoBurmese(t *testing.T) {
	for _, s := range []string{"", "hello world", "၁၂၃၄ ၅၆", "၉၆.၀ kHz", "ສະບາຍດີ", "a\xffb"} {
		if p := Probability(s); !math.IsInf(p, -1) {
			t.Errorf("Probability(%q) = %v, want -Inf", s, p)
		}
		if IsZawgyi(s) {
			t.Errorf("IsZawgyi(%q) = true", s)
		}
	}
}

// The same words in both encodings (the title of the UDHR).
const (
	titleUnicode = "အပြည်ပြည်ဆိုင်ရာ လူ့အခွင့်အရေး ကြေညာစာတမ်း"
	titleZawgyi  = "အျပည္ျပည္ဆိုင္ရာ လူ႔အခြင့္အေရး ေၾကညာစာတမ္း"
)

func TestProbabilityStrong(t *testing.T) {
	if p := Probability(titleUnicode); p > 0.001 {
		t.Errorf("Unicode title: %v, want < 0.001", p)
	}
	if p := Probability(titleZawgyi); p < 0.999 {
		t.Errorf("Zawgyi title: %v, want > 0.999", p)
	}
}

// Text outside the model's ranges is the null state, and null→null
// transitions are skipped: surrounding Latin, markup or digits must not
// change a score at all.
func TestProbabilityIgnoresOtherText(t *testing.T) {
	for _, s := range []string{titleUnicode, titleZawgyi, "ဒဂုန်"} {
		want := Probability(s)
		for _, wrapped := range []string{
			"<p>" + s + "</p>",
			"blah blah " + s + " blah",
			"၂၄၀၉ " + s,
		} {
			if got := Probability(wrapped); got != want {
				t.Errorf("Probability(%q) = %v, want %v as without the surrounding text", wrapped, got, want)
			}
		}
	}
}

func TestParseModelErrors(t *testing.T) {
	truncated := modelData[:len(modelData)-3]
	badMagic := append([]byte("XZMODEL "), modelData[8:]...)
	badVersion := append([]byte(nil), modelData...)
	binary.BigEndian.PutUint32(badVersion[8:], 3)
	badSSV := append([]byte(nil), modelData...)
	binary.BigEndian.PutUint32(badSSV[12:], 7)
	badSize := append([]byte(nil), modelData...)
	binary.BigEndian.PutUint16(badSize[28:], 100)
	trailing := append(append([]byte(nil), modelData...), 0)
	for name, data := range map[string][]byte{
		"empty": nil, "truncated": truncated, "magic": badMagic, "version": badVersion,
		"state set": badSSV, "size": badSize, "trailing": trailing,
	} {
		if _, err := parseModel(data); err == nil {
			t.Errorf("%s: parsed without error", name)
		} else if !strings.HasPrefix(err.Error(), "parse zawgyi model: ") {
			t.Errorf("%s: error %q lacks context", name, err)
		}
	}
}

// TestParseModelVersion1 rewrites the embedded version 2 file as version 1
// (no state-set field, spaces always modelled): the scores must not change.
func TestParseModelVersion1(t *testing.T) {
	v1 := append([]byte(nil), modelData[:12]...)
	binary.BigEndian.PutUint32(v1[8:], 1)
	v1 = append(v1, modelData[16:]...)
	m, err := parseModel(v1)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{titleUnicode, titleZawgyi, "ab\u200Bcd"} {
		if got, want := m.probability(s), Probability(s); got != want {
			t.Errorf("v1 model: P(%q) = %v, v2 model %v", s, got, want)
		}
	}
}

// TestParseModelWithoutSpaces builds an empty model of state set 1 (no
// space states): every transition is 0, so Burmese scores exactly 0.5, and
// U+2000–200B are ignored like Latin text.
func TestParseModelWithoutSpaces(t *testing.T) {
	var data []byte
	data = append(data, "UZMODEL "...)
	data = binary.BigEndian.AppendUint32(data, 2)
	data = binary.BigEndian.AppendUint32(data, 1)
	data = append(data, "BMARKOV "...)
	data = binary.BigEndian.AppendUint32(data, 0)
	data = binary.BigEndian.AppendUint16(data, numStatesNoSpace)
	data = append(data, make([]byte, 2*numStatesNoSpace)...) // every row empty
	m, err := parseModel(data)
	if err != nil {
		t.Fatal(err)
	}
	if p := m.probability(titleUnicode); p != 0.5 {
		t.Errorf("P(Burmese) = %v, want 0.5", p)
	}
	if p := m.probability("\u2000\u200B"); !math.IsInf(p, -1) {
		t.Errorf("P(spaces) = %v, want -Inf", p)
	}
}

func FuzzProbability(f *testing.F) {
	for _, s := range []string{"", "abc", titleUnicode, titleZawgyi, "\u2000", "\uAA60\uA9E0", "\xff\u1031"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := Probability(s)
		if !(p >= 0 && p <= 1) && !math.IsInf(p, -1) {
			t.Fatalf("Probability(%+q) = %v, want [0,1] or -Inf", s, p)
		}
		if q := Probability("x" + s + "x"); q != p {
			t.Fatalf("Probability(%+q) = %v but %v with Latin around it", s, p, q)
		}
	})
}
