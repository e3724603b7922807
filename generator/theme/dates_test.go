package theme

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"
)

var updateDates = flag.Bool("update", false, "rewrite testdata/dates.golden")

// Golden: the dates the theme shows, per language, for dates that test
// the edges (a leap day, the first and last day of a year, one-digit
// days). A change in the library's CLDR data shows up here for review.
func TestDatesGolden(t *testing.T) {
	days := []time.Time{
		time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC),
		time.Date(2028, 2, 29, 0, 0, 0, 0, time.UTC),
		time.Date(2027, 7, 9, 0, 0, 0, 0, time.UTC),
	}
	var b strings.Builder
	for _, lang := range []string{"en", "km", "lo", "my", "th", "xx"} {
		for _, d := range days {
			fmt.Fprintf(&b, "%s %s %s\n", lang, isoDate(d), formatDate(lang, d))
		}
	}
	got := b.String()
	const file = "testdata/dates.golden"
	if *updateDates {
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("dates differ from %s (go test -run Dates -update rewrites it):\n%s", file, got)
	}
	if !norm.NFC.IsNormalString(got) {
		t.Errorf("dates are not NFC")
	}
}

// The facts the issue names, independent of the golden file.
func TestDates(t *testing.T) {
	d := time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct{ lang, want string }{
		{"en", "December 4, 2026"},
		{"th", "4 ธันวาคม พ.ศ. 2569"},
		{"km", "4 ធ្នូ 2026"},
		{"lo", "4 ທັນວາ 2026"},
		{"xx", "2026-12-04"},
	} {
		if got := formatDate(tt.lang, d); got != tt.want {
			t.Errorf("formatDate(%s) = %q, want %q", tt.lang, got, tt.want)
		}
	}
	// A Thai leap day stays the leap day, in its Buddhist year.
	if got := formatDate("th", time.Date(2028, 2, 29, 0, 0, 0, 0, time.UTC)); got != "29 กุมภาพันธ์ พ.ศ. 2571" {
		t.Errorf("th leap day = %q", got)
	}
	if got := isoDate(d); got != "2026-12-04" {
		t.Errorf("isoDate = %q", got)
	}
}
