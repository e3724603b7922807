package segment

import (
	"strings"
	"testing"
)

// BenchmarkIndexTokens tokenises the whole UDHR in each language, as the
// index builder does with a page:
//
//	go test ./generator/segment -run '^$' -bench . -benchmem
func BenchmarkIndexTokens(b *testing.B) {
	for _, lang := range []string{"en", "km", "lo", "my", "th"} {
		text := strings.Join(udhr(b, lang), "\n")
		b.Run(lang, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				n = len(IndexTokens(text))
			}
			b.ReportMetric(float64(n), "tokens")
		})
	}
}

func BenchmarkNormalize(b *testing.B) {
	for _, lang := range []string{"en", "km", "lo", "my", "th"} {
		text := strings.Join(udhr(b, lang), "\n")
		b.Run(lang, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				Normalize(text)
			}
		})
	}
}

func BenchmarkQueryTokens(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		QueryTokens("ใบอนุญาตทำงานหมดอา")
	}
}
