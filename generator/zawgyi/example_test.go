package zawgyi_test

import (
	"fmt"
	"strings"

	"spean/generator/zawgyi"
)

// A checker scores each paragraph of a page, reports the Zawgyi ones by
// line, and with --fix-zawgyi replaces them with their conversion.
func ExampleParagraphs() {
	page := "# ကျန်းမာရေး\n\nဆေးရုံသို့ သွားပါ။\n\nေဆး႐ံုသို႔ သြားပါ။\n"
	var fixed strings.Builder
	last := 0
	for _, f := range zawgyi.Paragraphs(page) {
		if !f.Zawgyi() {
			continue
		}
		line := 1 + strings.Count(page[:f.Start], "\n")
		fmt.Printf("line %d: Zawgyi (p=%.2f)\n", line, f.Probability)
		fixed.WriteString(page[last:f.Start])
		fixed.WriteString(zawgyi.Convert(page[f.Start:f.End]))
		last = f.End
	}
	fixed.WriteString(page[last:])
	fmt.Print(fixed.String())
	// Output:
	// line 5: Zawgyi (p=1.00)
	// # ကျန်းမာရေး
	//
	// ဆေးရုံသို့ သွားပါ။
	//
	// ဆေးရုံသို့ သွားပါ။
}

func ExampleConvert() {
	fmt.Println(zawgyi.Convert("ေၾကညာစာတမ္း"))
	// Output: ကြေညာစာတမ်း
}

func ExampleProbability() {
	fmt.Printf("%.3f\n", zawgyi.Probability("အျပည္ျပည္ဆိုင္ရာ လူ႔အခြင့္အေရး"))
	fmt.Printf("%.3f\n", zawgyi.Probability("အပြည်ပြည်ဆိုင်ရာ လူ့အခွင့်အရေး"))
	fmt.Println(zawgyi.Probability("English only"))
	// Output:
	// 1.000
	// 0.000
	// -Inf
}
