// Package freshness decides how long a page's facts are trusted after they
// were last checked, and how overdue their next check is on a given day.
//
// Thai rules for migrant workers change often, and the offline copy and
// the zip keep old pages alive on phones for months, so every page carries
// a review date and an interval:
//
//   - The review date is the page file's own last_reviewed; a translation,
//     or a page shown from a fallback language, without one takes the
//     source-language page's, unless the translation is outdated
//     (site.Outdated): the source's date says when its new text was
//     checked, not the old text the translation was made from.
//   - The interval, in days, is the first review_interval found walking
//     outwards: the page's file, the source-language page's file, then the
//     _index of each section above it, nearest first (the page's language,
//     then the source language), then config.yaml's review_interval
//     (config.DefaultReviewInterval when it sets none).
//   - The facts are trusted through Due, the review date plus the
//     interval; from the day after, the page is overdue.
//
// In goes the assembled site (For) or files already gathered (Resolve);
// out comes a Review. Nothing here reads the clock: whoever asks "how
// overdue" passes the day, so builds stay byte-identical and `check
// --as-of` reproducible. Readers' phones apply the same rule with their own
// clock (themes/default/static/js/freshness.js), using Days and Months.
package freshness

import (
	"math"
	"time"

	"spean/generator/config"
	"spean/generator/content"
	"spean/generator/site"
)

// Review is when a page's facts were last checked and how long they are
// trusted.
type Review struct {
	// Date is the day the facts were last checked; zero if no file says.
	Date time.Time
	// DateFile is the file whose last_reviewed gave Date, nil when none
	// did: the page's own, or its source-language page's.
	DateFile *content.Source
	// Days is the review interval.
	Days int
	// DaysFile is the file whose review_interval gave Days, nil when it
	// is config.yaml's.
	DaysFile *content.Source
}

// Known reports whether the page has a review date at all.
func (r Review) Known() bool { return !r.Date.IsZero() }

// Due is the last day the facts are trusted: Date plus Days. It is zero
// when the review date is unknown.
func (r Review) Due() time.Time {
	if !r.Known() {
		return time.Time{}
	}
	return day(r.Date).AddDate(0, 0, r.Days)
}

// Overdue is how many days asOf is past Due: positive once the page is
// overdue, zero or less while it is fresh, and 0 when the review date is
// unknown (check reports a missing date on its own). Only calendar dates
// count, not the time of day or its zone.
func (r Review) Overdue(asOf time.Time) int {
	if !r.Known() {
		return 0
	}
	return Days(r.Due(), asOf)
}

// Months is the interval in whole months, as a facilitator's leaflet
// states it.
func (r Review) Months() int { return Months(r.Days) }

// Months turns a number of days into whole months of 365.25/12 days,
// rounded, at least one. The reader's notice (freshness.js) counts "N
// months ago" with the same rule, so the leaflet's "older than 6 months"
// and the phone's "checked 6 months ago" agree.
func Months(days int) int {
	return max(1, int(math.Round(float64(days)*12/365.25)))
}

// Days is the number of calendar days from a to b, negative when b is
// before a.
func Days(a, b time.Time) int {
	return int(day(b).Sub(day(a)).Hours() / 24)
}

// day is t's calendar date, as written, at midnight UTC, where every day
// has 24 hours.
func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Resolve applies the rules to files already gathered. levels[0] holds the
// page's own file, then its source-language file; each further level holds
// the _index files of one section above it, nearest first, in the same
// order. Nil files are skipped. defaultDays is config.yaml's interval;
// zero (a Config made in code, not read) means config.DefaultReviewInterval.
//
// The review date comes from the page's level only: a section's own
// last_reviewed says when its introduction was checked, not its pages.
func Resolve(levels [][]*content.Source, defaultDays int) Review {
	if defaultDays <= 0 {
		defaultDays = config.DefaultReviewInterval
	}
	r := Review{Days: defaultDays}
	if len(levels) > 0 {
		for _, f := range levels[0] {
			if f != nil && !f.Meta.LastReviewed.IsZero() {
				r.Date, r.DateFile = f.Meta.LastReviewed, f
				break
			}
		}
	}
	for _, level := range levels {
		for _, f := range level {
			if f != nil && f.Meta.ReviewInterval > 0 {
				r.Days, r.DaysFile = f.Meta.ReviewInterval, f
				return r
			}
		}
	}
	return r
}

// For is the review of p as its readers see it: for a page shown from a
// fallback language, the review of the text shown.
func For(s *site.Site, p *site.Page) Review {
	srcLang := s.Config.SourceLanguage
	files := func(q *site.Page) []*content.Source {
		l := []*content.Source{q.Source}
		if orig := s.Page(q.Key, srcLang); orig != nil && orig.Source != q.Source {
			l = append(l, orig.Source)
		}
		return l
	}
	levels := [][]*content.Source{files(p)}
	for q := p.Parent; q != nil; q = q.Parent {
		levels = append(levels, files(q))
	}
	r := Resolve(levels, s.Config.ReviewInterval)
	if r.DateFile != nil && r.DateFile != p.Source && s.Outdated(p) {
		// The source's interval still holds (the facts change at one
		// pace in every language), its date does not.
		r.Date, r.DateFile = time.Time{}, nil
	}
	return r
}
