package theme

import (
	"fmt"
	"sync"
	"time"

	"github.com/go-playground/locales"
	"github.com/go-playground/locales/en"
	"github.com/go-playground/locales/km"
	"github.com/go-playground/locales/lo"
	"github.com/go-playground/locales/my"
	"github.com/go-playground/locales/th"
)

// Dates as each reader reads them: month names, the order of day, month
// and year, and the separators come from the Unicode CLDR through
// github.com/go-playground/locales (its packages are generated from CLDR
// for every locale, Khmer, Lao and Burmese included, in plain Go with no
// data files to load). Machine-readable dates (<time datetime>, the
// sitemap, freshness.js) stay ISO: see isoDate.
//
// locales maps a language code to its CLDR locale; a language not listed
// shows ISO dates (2026-12-04), which every reader can read.
var dateLocales = map[string]func() locales.Translator{
	"en": en.New,
	"km": km.New,
	"lo": lo.New,
	"my": my.New,
	"th": th.New,
}

// buddhistEra: Thai readers count years in the Buddhist era (พ.ศ.), as
// Thai documents, permits and the Thai pages do; CLDR's th locale defaults
// to the Gregorian calendar and has the Buddhist one as th-u-ca-buddhist,
// which the library does not generate. The Buddhist calendar is the
// Gregorian one with the year counted from 543 BCE: CLDR's Buddhist long
// date for th is "d MMMM G y", the Gregorian pattern with this era, so the
// month names still come from the library.
var buddhistEra = map[string]struct {
	era    string
	offset int
}{
	"th": {"พ.ศ.", 543},
}

// formatDate is d as a reader of lang writes a date in running text: the
// CLDR long date ("December 4, 2026", "4 ធ្នូ 2026", "4 ธันวาคม พ.ศ. 2569").
func formatDate(lang string, d time.Time) string {
	l := dateLocale(lang)
	if l == nil {
		return isoDate(d)
	}
	if be, ok := buddhistEra[lang]; ok {
		return fmt.Sprintf("%d %s %s %d", d.Day(), l.MonthWide(d.Month()), be.era, d.Year()+be.offset)
	}
	return l.FmtDateLong(d)
}

// made holds each language's locale once made: pages render in parallel,
// and a locale is a few kilobytes of tables.
var made sync.Map

func dateLocale(lang string) locales.Translator {
	if l, ok := made.Load(lang); ok {
		return l.(locales.Translator)
	}
	newLocale, ok := dateLocales[lang]
	if !ok {
		return nil
	}
	l, _ := made.LoadOrStore(lang, newLocale())
	return l.(locales.Translator)
}

// isoDate is d as machines read it: 2026-12-04.
func isoDate(d time.Time) string { return d.Format(time.DateOnly) }
