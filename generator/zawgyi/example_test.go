package zawgyi_test

import (
	"fmt"

	"spean/generator/zawgyi"
)

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
