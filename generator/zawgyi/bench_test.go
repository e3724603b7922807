package zawgyi

import (
	"strings"
	"testing"
)

// The benchmarks use whole corpus files: about 17 KB (mmgov) and 46 KB
// (UDHR) of Burmese, a few pages' worth. b.SetBytes makes the figures MB/s,
// comparable with the size of the site.

func benchText(b *testing.B, name string) string {
	b.Helper()
	return strings.Join(readCorpus(b, name), "\n")
}

func BenchmarkProbability(b *testing.B) {
	text := benchText(b, "udhr_mya_unicode_src.txt")
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Probability(text)
	}
}

func BenchmarkConvert(b *testing.B) {
	text := benchText(b, "mmgov_zawgyi_src.txt")
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Convert(text)
	}
}

// BenchmarkConvertNoBurmese is the common case for a page in another
// language: it must cost a scan, not a conversion.
func BenchmarkConvertNoBurmese(b *testing.B) {
	text := strings.Repeat("Migrant workers have the right to keep their own passport. ", 300)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Convert(text)
	}
}
