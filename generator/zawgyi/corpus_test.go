package zawgyi

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// corpusDir is the shared test corpus: CI checks out shared/ beside the
// repository, and tests run in the package directory, generator/zawgyi.
var corpusDir = filepath.Join("..", "..", "..", "shared", "corpus", "zawgyi")

// readCorpus returns the lines of a corpus file. A missing corpus fails the
// test rather than skipping it: a skipped test would pass forever unnoticed.
func readCorpus(t testing.TB, name string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(corpusDir, name))
	if err != nil {
		t.Fatalf("read corpus: %v (the tests expect shared/ beside the repository)", err)
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

// isBurmeseLine reports whether a corpus line is text to judge: the paired
// files start with "# Location: …" headers, and some lines are blank or
// digits only.
func isBurmeseLine(line string) bool {
	return !strings.HasPrefix(line, "#") && Probability(line) >= 0
}

type labelled struct {
	want float64 // Myanmar Tools' published score
	text string
}

func readCompatibility(t testing.TB) []labelled {
	t.Helper()
	var out []labelled
	for i, line := range readCorpus(t, "compatibility.tsv") {
		score, text, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("compatibility.tsv:%d: no tab", i+1)
		}
		want, err := strconv.ParseFloat(strings.Replace(score, "Infinity", "Inf", 1), 64)
		if err != nil {
			t.Fatalf("compatibility.tsv:%d: %v", i+1, err)
		}
		out = append(out, labelled{want, text})
	}
	return out
}

// TestCompatibility checks the detector against the labelled strings: a
// published score above 0.95 must be called Zawgyi, one below 0.05 Unicode.
// Since we run the same model, the scores themselves must also agree closely.
func TestCompatibility(t *testing.T) {
	cases := readCompatibility(t)
	agree, decided := 0, 0
	for i, c := range cases {
		got := Probability(c.text)
		switch {
		case c.want > 0.95:
			decided++
			if IsZawgyi(c.text) {
				agree++
			} else {
				t.Errorf("line %d %q: got %v, published %v: want Zawgyi", i+1, c.text, got, c.want)
			}
		case c.want < 0.05:
			decided++
			if !IsZawgyi(c.text) {
				agree++
			} else {
				t.Errorf("line %d %q: got %v, published %v: want Unicode", i+1, c.text, got, c.want)
			}
		}
		if !scoresAgree(got, c.want) {
			t.Errorf("line %d %q: score %v, published %v", i+1, c.text, got, c.want)
		}
	}
	t.Logf("compatibility.tsv: %d/%d decided labels agree (%d strings, %d in the uncertain band)",
		agree, decided, len(cases), len(cases)-decided)
	if decided < 30 {
		t.Fatalf("only %d decided labels read: is compatibility.tsv complete?", decided)
	}
}

// scoresAgree compares probabilities the way the published test does:
// exactly for -Inf, within 1e-6 otherwise.
func scoresAgree(got, want float64) bool {
	if want < 0 || got < 0 {
		return got == want
	}
	d := got - want
	return d < 1e-6 && d > -1e-6
}

// TestDetectPairedTexts classifies every Burmese line of the paired texts;
// each side of a pair is the same text in the other encoding, so both the
// Zawgyi and the Unicode file are labelled. Each pair must reach 99%.
func TestDetectPairedTexts(t *testing.T) {
	pairs := []struct{ unicode, zawgyi string }{
		{"udhr_mya_unicode_src.txt", "udhr_mya_zawgyi_out.txt"},
		{"mmgov_unicode_out.txt", "mmgov_zawgyi_src.txt"},
	}
	for _, p := range pairs {
		n, ok := 0, 0
		for _, f := range []struct {
			name   string
			zawgyi bool
		}{{p.unicode, false}, {p.zawgyi, true}} {
			for i, line := range readCorpus(t, f.name) {
				if !isBurmeseLine(line) {
					continue
				}
				n++
				if IsZawgyi(line) == f.zawgyi {
					ok++
				} else {
					t.Logf("%s:%d misclassified (p=%.3g): %q", f.name, i+1, Probability(line), line)
				}
			}
		}
		rate := float64(ok) / float64(n)
		t.Logf("%s + %s: %d/%d lines right (%.2f%%)", p.unicode, p.zawgyi, ok, n, 100*rate)
		if n < 120 || rate < 0.99 {
			t.Errorf("%s + %s: %d/%d lines right, want ≥ 99%% of at least 120", p.unicode, p.zawgyi, ok, n)
		}
	}
}
