package freshness

import (
	"fmt"
	"testing"
	"time"

	"spean/generator/config"
	"spean/generator/content"
	"spean/generator/site"
)

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func file(path, reviewed string, days int) *content.Source {
	f := &content.Source{Path: path, Meta: content.Meta{ReviewInterval: days}}
	if reviewed != "" {
		f.Meta.LastReviewed = date(reviewed)
	}
	return f
}

// name is a file's path, or "config" for nil: where a value came from.
func name(f *content.Source) string {
	if f == nil {
		return "config"
	}
	return f.Path
}

func TestResolve(t *testing.T) {
	var (
		en        = file("p.en.md", "2026-01-10", 0)
		enOwn     = file("p.en.md", "2026-01-10", 730)
		km        = file("p.km.md", "", 0)
		kmDated   = file("p.km.md", "2026-03-01", 0)
		kmOwn     = file("p.km.md", "", 60)
		secEn     = file("s/_index.en.md", "2025-01-01", 90)
		secKm     = file("s/_index.km.md", "", 45)
		secNone   = file("s/_index.en.md", "2025-01-01", 0)
		topEn     = file("_index.en.md", "", 365)
		undatedEn = file("p.en.md", "", 0)
	)
	tests := []struct {
		name             string
		levels           [][]*content.Source
		def              int
		date, dateFrom   string
		days             int
		daysFrom         string
		wantDueOrUnknown string
	}{
		{"config default", [][]*content.Source{{en}}, 180, "2026-01-10", "p.en.md", 180, "config", "2026-07-09"},
		{"zero config means the built-in default", [][]*content.Source{{en}}, 0, "2026-01-10", "p.en.md", config.DefaultReviewInterval, "config", "2026-07-09"},
		{"page's own interval", [][]*content.Source{{enOwn}, {secEn}}, 180, "2026-01-10", "p.en.md", 730, "p.en.md", "2028-01-10"},
		{"nearest section's", [][]*content.Source{{en}, {secEn}, {topEn}}, 180, "2026-01-10", "p.en.md", 90, "s/_index.en.md", "2026-04-10"},
		{"a section without one passes to the next", [][]*content.Source{{en}, {secNone}, {topEn}}, 180, "2026-01-10", "p.en.md", 365, "_index.en.md", "2027-01-10"},
		{"a section's own date is not its pages'", [][]*content.Source{{undatedEn}, {secEn}}, 180, "", "config", 90, "s/_index.en.md", ""},
		{"translation inherits date and interval", [][]*content.Source{{km, enOwn}, {secKm, secEn}}, 180, "2026-01-10", "p.en.md", 730, "p.en.md", "2028-01-10"},
		{"translation's own date wins", [][]*content.Source{{kmDated, en}}, 180, "2026-03-01", "p.km.md", 180, "config", "2026-08-28"},
		{"translation's own interval wins", [][]*content.Source{{kmOwn, enOwn}}, 180, "2026-01-10", "p.en.md", 60, "p.km.md", "2026-03-11"},
		{"source page's interval before the section's", [][]*content.Source{{km, enOwn}, {secKm}}, 180, "2026-01-10", "p.en.md", 730, "p.en.md", "2028-01-10"},
		{"translation's section before the source's section", [][]*content.Source{{km, en}, {secKm, secEn}}, 180, "2026-01-10", "p.en.md", 45, "s/_index.km.md", "2026-02-24"},
		{"nil files are skipped", [][]*content.Source{{nil, en}, nil, {nil}}, 180, "2026-01-10", "p.en.md", 180, "config", "2026-07-09"},
		{"no levels", nil, 180, "", "config", 180, "config", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Resolve(tt.levels, tt.def)
			got := fmt.Sprintf("%s from %s, %d days from %s, due %s", dateString(r.Date), name(r.DateFile), r.Days, name(r.DaysFile), dateString(r.Due()))
			want := fmt.Sprintf("%s from %s, %d days from %s, due %s", tt.date, tt.dateFrom, tt.days, tt.daysFrom, tt.wantDueOrUnknown)
			if got != want {
				t.Errorf("got  %s\nwant %s", got, want)
			}
		})
	}
}

func dateString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func TestOverdue(t *testing.T) {
	r := Review{Date: date("2026-01-10"), Days: 90} // due 2026-04-10
	tests := []struct {
		asOf time.Time
		want int
	}{
		{date("2026-01-10"), -90},
		{date("2026-04-09"), -1},
		{date("2026-04-10"), 0}, // the last day it is trusted
		{date("2026-04-11"), 1},
		{date("2027-04-10"), 365},
		// The time of day and the zone do not matter, only the date.
		{time.Date(2026, 4, 11, 23, 59, 0, 0, time.FixedZone("ICT", 7*3600)), 1},
		{time.Date(2026, 4, 10, 23, 59, 0, 0, time.FixedZone("X", -11*3600)), 0},
		// Across a leap day.
		{date("2028-04-10"), 731},
	}
	for _, tt := range tests {
		if got := r.Overdue(tt.asOf); got != tt.want {
			t.Errorf("Overdue(%s) = %d, want %d", tt.asOf, got, tt.want)
		}
	}
	if got := (Review{Days: 90}).Overdue(date("2030-01-01")); got != 0 {
		t.Errorf("a page with no review date is %d days overdue, want 0 (the missing date is reported on its own)", got)
	}
	if !(Review{}).Due().IsZero() {
		t.Error("Due of an unknown review date is not zero")
	}
}

func TestMonths(t *testing.T) {
	tests := []struct{ days, want int }{
		{1, 1}, {15, 1}, {30, 1}, {31, 1}, {45, 1}, {46, 2}, {60, 2},
		{90, 3}, {180, 6}, {181, 6}, {183, 6}, {197, 6}, {198, 7},
		{365, 12}, {730, 24},
	}
	for _, tt := range tests {
		if got := Months(tt.days); got != tt.want {
			t.Errorf("Months(%d) = %d, want %d", tt.days, got, tt.want)
		}
	}
	if got := (Review{Days: 90}).Months(); got != 3 {
		t.Errorf("Review{Days: 90}.Months() = %d", got)
	}
}

// For walks the assembled site: a page, its translations and fallbacks,
// its sections up to the home page.
func TestFor(t *testing.T) {
	cfg, err := config.Parse("config.yaml", []byte(`base_url: https://example.org/
review_interval: 200
languages:
  - {code: en, name: English}
  - {code: km, name: ខ្មែរ}
  - {code: lo, name: ລາວ, fallback: [th]}
  - {code: th, name: ไทย}
`), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	// The English pages have text; a translation made from it records
	// its hash (current), another one's (outdated), or none (outdated).
	body := []byte("Text.\n")
	current := content.SourceHash(&content.Meta{}, body)
	srcs := []*content.Source{
		{Path: "content/_index.en.md", Key: "_index", Slug: "_index", Lang: "en"},
		{Path: "content/permits/_index.en.md", Key: "permits/_index", Section: "permits", Slug: "_index", Lang: "en", Meta: content.Meta{ReviewInterval: 90}},
		{Path: "content/permits/_index.km.md", Key: "permits/_index", Section: "permits", Slug: "_index", Lang: "km", Meta: content.Meta{ReviewInterval: 90}},
		{Path: "content/permits/renew.en.md", Key: "permits/renew", Section: "permits", Slug: "renew", Lang: "en", Meta: content.Meta{LastReviewed: date("2026-01-10")}, Body: body},
		{Path: "content/permits/renew.km.md", Key: "permits/renew", Section: "permits", Slug: "renew", Lang: "km", Meta: content.Meta{SourceHash: current}},
		{Path: "content/permits/renew.th.md", Key: "permits/renew", Section: "permits", Slug: "renew", Lang: "th", Meta: content.Meta{LastReviewed: date("2026-02-01"), ReviewInterval: 60}},
		{Path: "content/permits/law.en.md", Key: "permits/law", Section: "permits", Slug: "law", Lang: "en", Meta: content.Meta{LastReviewed: date("2026-01-10"), ReviewInterval: 730}, Body: body},
		{Path: "content/permits/law.km.md", Key: "permits/law", Section: "permits", Slug: "law", Lang: "km", Meta: content.Meta{SourceHash: "0123456789abcdef"}},
		{Path: "content/permits/law.th.md", Key: "permits/law", Section: "permits", Slug: "law", Lang: "th"},
		{Path: "content/rights/_index.en.md", Key: "rights/_index", Section: "rights", Slug: "_index", Lang: "en"},
		{Path: "content/rights/pay.en.md", Key: "rights/pay", Section: "rights", Slug: "pay", Lang: "en", Meta: content.Meta{LastReviewed: date("2026-01-10")}, Body: body},
		{Path: "content/rights/pay.km.md", Key: "rights/pay", Section: "rights", Slug: "pay", Lang: "km", Meta: content.Meta{SourceHash: current}},
	}
	s, diags := site.Assemble(cfg, srcs, nil, site.Data{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	tests := []struct{ key, lang, want string }{
		{"permits/renew", "en", "2026-01-10 from content/permits/renew.en.md, 90 days from content/permits/_index.en.md"},
		{"permits/renew", "km", "2026-01-10 from content/permits/renew.en.md, 90 days from content/permits/_index.km.md"},
		{"permits/renew", "th", "2026-02-01 from content/permits/renew.th.md, 60 days from content/permits/renew.th.md"},
		// Lao falls back to the Thai text: its date and interval. The Thai
		// page records no source_hash, so it is outdated, but a date of
		// its own stands.
		{"permits/renew", "lo", "2026-02-01 from content/permits/renew.th.md, 60 days from content/permits/renew.th.md"},
		// An outdated translation without a date of its own takes its
		// source's interval, not its date, which tells when the new
		// English text was checked: one made from other text (km), one
		// that records none (th).
		{"permits/law", "km", " from config, 730 days from content/permits/law.en.md"},
		{"permits/law", "th", " from config, 730 days from content/permits/law.en.md"},
		// A current one takes both; a page shown from English, English's.
		{"rights/pay", "km", "2026-01-10 from content/rights/pay.en.md, 200 days from config"},
		{"rights/pay", "th", "2026-01-10 from content/rights/pay.en.md, 200 days from config"},
		{"permits/_index", "th", " from config, 90 days from content/permits/_index.en.md"},
	}
	for _, tt := range tests {
		p := s.Page(tt.key, tt.lang)
		if p == nil {
			t.Fatalf("no page %s in %s", tt.key, tt.lang)
		}
		r := For(s, p)
		if got := fmt.Sprintf("%s from %s, %d days from %s", dateString(r.Date), name(r.DateFile), r.Days, name(r.DaysFile)); got != tt.want {
			t.Errorf("%s (%s):\ngot  %s\nwant %s", tt.key, tt.lang, got, tt.want)
		}
	}
}
