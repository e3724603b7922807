package theme

import (
	"spean/generator/freshness"
	"spean/generator/i18n"
)

// Review is when the facts of the page's text were last checked and how
// many days they are trusted (generator/freshness): the page prints the
// date, and freshness.js compares it with the reader's clock.
func (v *View) Review() freshness.Review { return freshness.For(v.Site, v.Page) }

// CountPlaceholder stands for the number in Plurals' texts; the script
// that counts puts the number in its place.
const CountPlaceholder = "{n}"

// Plurals is UI string id in the page's language in each plural form the
// language uses (i18n.Bundle.Forms), {{.Count}} written as {n}, for a
// script that counts on the reader's phone and picks the form with
// Intl.PluralRules.
func (v *View) Plurals(id string) ([]i18n.Form, error) {
	return v.Theme.bundle.Forms(v.Page.Lang, id, CountPlaceholder)
}
