package zawgyi

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestConvertRules has one case per rule, Zawgyi in and Unicode out. The
// inputs are written as code points because Zawgyi text renders as nonsense
// in a Unicode editor; the comments say what the words are.
func TestConvertRules(t *testing.T) {
	tests := []struct {
		name, zawgyi, want string
	}{
		// Step 2: glyph meanings.
		{"killer is asat", "\u1000\u1039", "\u1000\u103A"},                          // က်
		{"medial ya", "\u1000\u103A", "\u1000\u103B"},                               // ကျ
		{"medial ya short", "\u1000\u107D", "\u1000\u103B"},                         // ကျ
		{"medial wa", "\u1000\u103C", "\u1000\u103D"},                               // ကွ
		{"medial ha", "\u1019\u103D", "\u1019\u103E"},                               // မှ
		{"medial ha shifted", "\u1014\u1087", "\u1014\u103E"},                       // နှ
		{"ha with u", "\u1019\u1088", "\u1019\u103E\u102F"},                         // မှု
		{"ha with uu", "\u1019\u1089", "\u1019\u103E\u1030"},                        // မှူ
		{"wa with ha", "\u101B\u108A", "\u101B\u103D\u103E"},                        // ရွှ
		{"short u", "\u1000\u1033", "\u1000\u102F"},                                 // ကု
		{"short uu", "\u1000\u1034", "\u1000\u1030"},                                // ကူ
		{"short-legged na", "\u108F\u103D", "\u1014\u103E"},                         // နှ
		{"short-legged ra", "\u1090\u102F\u1036\u1038", "\u101B\u102F\u1036\u1038"}, // ရုံး
		{"great sa", "\u1086", "\u103F"},                                            // ဿ
		{"tall aa with asat", "\u1031\u1015\u105A", "\u1015\u1031\u102B\u103A"},     // ပေါ်
		{"dot below variants", "\u1004\u1094\u1039 \u1004\u1095\u1039", "\u1004\u1037\u103A \u1004\u1037\u103A"},
		{"i with anusvara", "\u1015\u108E", "\u1015\u102D\u1036"},  // ပိံ
		{"narrow nnya", "\u106B", "\u100A"},                        // ည
		{"lagaung ligature", "\u104E", "\u104E\u1004\u103A\u1038"}, // ၎င်း
		{"lagaung spelled out", "\u104E\u1004\u1039\u1038", "\u104E\u1004\u103A\u1038"},

		// Step 2: stacked consonants and ligatures.
		{"stacked bha", "\u1000\u1019\u107B\u102C", "\u1000\u1019\u1039\u1018\u102C"},             // ကမ္ဘာ
		{"stacked ka", "\u101C\u1000\u1060\u1000", "\u101C\u1000\u1039\u1000\u1000"},              // လက္ကက (ka over ka)
		{"stacked kha", "\u101E\u102D\u1000\u1061\u102C", "\u101E\u102D\u1000\u1039\u1001\u102C"}, // သိက္ခာ
		{"stacked ga", "\u101E\u1019\u1002\u1062", "\u101E\u1019\u1002\u1039\u1002"},              // သမဂ္ဂ
		{"stacked ta with wa", "\u1019\u1010\u1096", "\u1019\u1010\u1039\u1010\u103D"},
		{"tta over tta", "\u1097", "\u100B\u1039\u100B"},
		{"tta over ttha", "\u101E\u1014\u1039\u1014\u102D\u1092\u102C", "\u101E\u1014\u103A\u1014\u102D\u100B\u1039\u100C\u102C"},
		{"dda over dda", "\u106E", "\u100D\u1039\u100D"},
		{"nna over dda", "\u1091", "\u100F\u1039\u100D"},

		// Step 3: reordering.
		{"e before consonant", "\u1031\u1000", "\u1000\u1031"},  // ကေ
		{"ra before consonant", "\u103B\u1000", "\u1000\u103C"}, // ကြ
		{"ra variants", "\u107E\u1000\u107F\u1000\u1080\u1000\u1081\u1000\u1082\u1000\u1083\u1000\u1084\u1000", strings.Repeat("\u1000\u103C", 7)},
		{"e then ra", "\u1031\u107E\u1000\u102C\u1004\u1037\u1039", "\u1000\u103C\u1031\u102C\u1004\u1037\u103A"}, // ကြောင့်
		{"ra then e", "\u107E\u1031\u1000\u102C", "\u1000\u103C\u1031\u102C"},                                     // ကြော
		{"e with ya, aa, asat", "\u1031\u1000\u103A\u102C\u1039", "\u1000\u103B\u1031\u102C\u103A"},               // ကျော်
		{"e with wa and ha", "\u1031\u101B\u108A", "\u101B\u103D\u103E\u1031"},                                    // ရွှေ
		{"dot typed before base", "\u1031\u1037\u1014", "\u1014\u1031\u1037"},                                     // နေ့
		{"i before u", "\u1000\u102F\u102D", "\u1000\u102D\u102F"},                                                // ကို
		{"u before anusvara", "\u1000\u1036\u102F", "\u1000\u102F\u1036"},                                         // ကုံ
		{"medial before vowel", "\u1000\u102F\u103C", "\u1000\u103D\u102F"},                                       // ကွု
		{"medials in order", "\u1000\u103D\u103C\u103A", "\u1000\u103B\u103D\u103E"},                              // ကျွှ
		{"dot below before asat", "\u1004\u1039\u1037", "\u1004\u1037\u103A"},                                     // င့်
		{"visarga last", "\u1000\u1038\u102C", "\u1000\u102C\u1038"},                                              // ကား
		{"doubled signs once", "\u1000\u102D\u102D\u1037\u1037", "\u1000\u102D\u1037"},
		{"i and ii", "\u1000\u102D\u102E", "\u1000\u102E"},
		{"kinzi", "\u101E\u1031\u1018\u1064\u102C", "\u101E\u1004\u103A\u1039\u1018\u1031\u102C"},                                // သင်္ဘော
		{"kinzi with i", "\u1021\u1002\u1064\u101C\u102D\u1015\u1039", "\u1021\u1004\u103A\u1039\u1002\u101C\u102D\u1015\u103A"}, // အင်္ဂလိပ်
		{"kinzi-i ligature", "\u1000\u108B", "\u1004\u103A\u1039\u1000\u102D"},
		{"kinzi-ii ligature", "\u1000\u108C", "\u1004\u103A\u1039\u1000\u102E"},
		{"kinzi-anusvara ligature", "\u1000\u108D", "\u1004\u103A\u1039\u1000\u1036"},
		{"contraction nu", "\u1000\u107D\u103C\u108F\u1039\u102F\u1015\u1039", "\u1000\u103B\u103D\u1014\u103A\u102F\u1015\u103A"},   // ကျွန်ုပ်
		{"contraction u typed first", "\u108F\u102F\u1039\u1015\u1039", "\u1014\u103A\u102F\u1015\u103A"},                            // န်ုပ်
		{"killer before ya", "\u1031\u101A\u102C\u1000\u1039\u103A\u102C\u1038", "\u101A\u1031\u102C\u1000\u103A\u103B\u102C\u1038"}, // ယောက်ျား
		{"sign typed late", "\u1019\u103B\u103D\u1016", "\u1019\u103E\u1016\u103C"},                                                  // မှဖြ
		{"dot after a space", "\u1010\u102C \u1037\u1019\u102D", "\u1010\u102C\u1037 \u1019\u102D"},                                  // တာ့ မိ
		{"sign after a space", "\u1000 \u102B \u1031\u1001", "\u1000\u102B \u1001\u1031"},                                            // ကါ ခေ
		{"sign after blanks", "\u1000 \u00A0\u200B\u103A", "\u1000\u103B"},                                                           // ကျ
		{"space between words kept", "\u1000\u102C \u1031\u1001", "\u1000\u102C \u1001\u1031"},                                       // ကာ ခေ
		{"stray e kept", "\u1031 \u1031", "\u1031 \u1031"},
		{"stray ra kept", "\u103B.", "\u103C."},
		{"stray kinzi kept", "\u1031\u1064 \u1064", "\u1031\u1004\u103A\u1039 \u1004\u103A\u1039"},

		// Step 3: letters Zawgyi writes with two glyphs.
		{"u with ii is uu letter", "\u1025\u102E\u1038", "\u1026\u1038"},             // ဦး
		{"u with killer is nya", "\u101A\u1025\u1039", "\u101A\u1009\u103A"},         // ယဉ်
		{"u with aa is nya", "\u1025\u102C\u100F\u1039", "\u1009\u102C\u100F\u103A"}, // ဉာဏ်
		{"u with stacked is nya", "\u1025\u1061", "\u1009\u1039\u1001"},              // ဉ္ခ
		{"tailless nya", "\u106A\u1039", "\u1009\u103A"},                             // ဉ်
		{"plain u stays", "\u1025\u1015\u1031\u1012", "\u1025\u1015\u1012\u1031"},    // ဥပဒေ
		{"ca with ya is jha", "\u1031\u1005\u103A\u1038", "\u1008\u1031\u1038"},      // ဈေး
		{"au letter", "\u1031\u1029\u102C\u1039", "\u102A"},                          // ဪ

		// Step 1: digits used as letters.
		{"zero as wa", "\u1010\u102C\u1040\u1014\u1039", "\u1010\u102C\u101D\u1014\u103A"},  // တာဝန်
		{"zero as wa after e", "\u1031\u1040", "\u101D\u1031"},                              // ဝေ
		{"zero as wa word start", " \u1040\u1019\u1039\u1038", " \u101D\u1019\u103A\u1038"}, // ဝမ်း
		{"zero with aa", "\u1040\u102B", "\u101D\u102B"},                                    // ဝါ
		{"zero in a number", "\u1042\u1040\u1041\u1048", "\u1042\u1040\u1041\u1048"},        // ၂၀၁၈
		{"zero ends a number", "\u1041\u1040 \u101B\u1000\u1039", "\u1041\u1040 \u101B\u1000\u103A"},
		{"lone zero", "( \u1040 )", "( \u1040 )"},
		{"seven as ra", "\u1047\u102F\u1036\u1038", "\u101B\u102F\u1036\u1038"},           // ရုံး
		{"seven as number", "\u1047 \u101B\u1000\u1039", "\u1047 \u101B\u1000\u103A"},     // ၇ ရက်
		{"seven before a letter", "\u1047\u101B\u1000\u1039", "\u1047\u101B\u1000\u103A"}, // ၇ရက်
		{"four as lagaung", "\u1044\u1004\u1039\u1038", "\u104E\u1004\u103A\u1038"},       // ၎င်း
		{"four in a number", "\u1042\u1044\u1004\u1039\u1038", "\u1042\u1044\u1004\u103A\u1038"},

		// Text Convert must leave alone.
		{"empty", "", ""},
		{"latin", "Call 1694 (free)", "Call 1694 (free)"},
		{"other scripts", "ສະບາຍດີ ជំរាបសួរ สวัสดี", "ສະບາຍດີ ជំរាបសួរ สวัสดี"},
		{"digits and punctuation", "\u1041\u1046\u1049\u1044\u104B", "\u1041\u1046\u1049\u1044\u104B"},
		{"mixed", "<b>\u1031\u1000</b>", "<b>\u1000\u1031</b>"},
		{"invalid utf-8", "a\xffb", "a\uFFFDb"},
		{"invalid utf-8 with burmese", "\u1031\u1000\xff", "\u1000\u1031\uFFFD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Convert(tt.zawgyi); got != tt.want {
				t.Errorf("Convert(%+q)\n got  %+q %s\n want %+q %s", tt.zawgyi, got, got, tt.want, tt.want)
			}
		})
	}
}

// TestConvertSentences converts whole Zawgyi sentences, to check that the
// rules work together and that syllable boundaries fall in the right place.
func TestConvertSentences(t *testing.T) {
	tests := []struct{ zawgyi, want string }{
		{"အျပည္ျပည္ဆိုင္ရာ လူ႔အခြင့္အေရး ေၾကညာစာတမ္း", "အပြည်ပြည်ဆိုင်ရာ လူ့အခွင့်အရေး ကြေညာစာတမ်း"},
		{"ျမန္မာႏိုင္ငံ", "မြန်မာနိုင်ငံ"},
		{"ရန္ကုန္ၿမိဳ႕", "ရန်ကုန်မြို့"},
		{"ထိုင္းႏိုင္ငံတြင္ အလုပ္လုပ္ရန္ သြားမည္ဆိုပါက", "ထိုင်းနိုင်ငံတွင် အလုပ်လုပ်ရန် သွားမည်ဆိုပါက"},
		{"ပတ္စပို႔ကို အလုပ္ရွင္ထံ မေပးပါႏွင့္။", "ပတ်စပို့ကို အလုပ်ရှင်ထံ မပေးပါနှင့်။"},
		{"ေဆး႐ံုသို႔ သြားပါ", "ဆေးရုံသို့ သွားပါ"},
	}
	for _, tt := range tests {
		if got := Convert(tt.zawgyi); got != tt.want {
			t.Errorf("Convert(%s)\n got  %s %+q\n want %s %+q", tt.zawgyi, got, got, tt.want, tt.want)
		}
		// Each pair is also a detector check: short, everyday phrases.
		if !IsZawgyi(tt.zawgyi) || IsZawgyi(tt.want) {
			t.Errorf("detector: P(%s) = %.3f, P(%s) = %.3f", tt.zawgyi, Probability(tt.zawgyi), tt.want, Probability(tt.want))
		}
	}
}

// nonMyanmar keeps the code points Convert must never touch, in order:
// all but the Myanmar block and the blanks it may drop before a sign.
func nonMyanmar(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 0x1000 && r <= 0x109F || isBlank(r) {
			return -1
		}
		return r
	}, s)
}

func FuzzConvert(f *testing.F) {
	for _, s := range []string{
		"", "hello", "ေၾကာင့္", "\u1031", "\u1064", "\u1039\u1039", "ကၽြႏ္ုပ္", "၀၇၄", "a\xff\u1031",
		"\u1025\u102E", "\u1031\u1029\u102C\u1039", "\u103B\u103D \u1037", "\u104E",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Convert(s)
		if !utf8.ValidString(got) {
			t.Fatalf("Convert(%+q) = %+q: invalid UTF-8", s, got)
		}
		valid := string([]rune(s)) // the input as Convert reads it
		if keep := nonMyanmar(valid); nonMyanmar(got) != keep {
			t.Fatalf("Convert(%+q) = %+q: text outside the Myanmar block changed", s, got)
		}
		if utf8.ValidString(s) && nonMyanmar(s) == s && got != s {
			t.Fatalf("Convert(%+q) = %+q: text without Burmese must be unchanged", s, got)
		}
	})
}
