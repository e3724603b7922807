package check

import (
	"fmt"
	"time"

	"spean/generator/content"
	"spean/generator/diag"
	"spean/generator/freshness"
	"spean/generator/site"
)

// reviews reports, as of asOf, pages whose facts are overdue for another
// check against their sources (at their last_reviewed line), and
// translations whose review_interval differs from their source page's:
// the facts change at one pace in every language.
func reviews(s *site.Site, asOf time.Time, broken map[string]bool) diag.List {
	var diags diag.List
	srcLang := s.Config.SourceLanguage
	for _, p := range s.Pages {
		if p.Fallback || p.Synthetic {
			continue
		}
		r := freshness.For(s, p)
		// A translation that takes its date from its source page is
		// reported once, at the source page's line.
		if r.DateFile == p.Source {
			if late := r.Overdue(asOf); late > 0 {
				hint := "check every fact against its sources and correct what changed, then set last_reviewed to the day you checked"
				if p.Lang == srcLang {
					hint += "; translations without a last_reviewed of their own show this date too"
				}
				diags.Add(diag.Diagnostic{Pos: metaPos(p.Source, "last_reviewed"), Severity: diag.Warning, Code: "overdue",
					Message: fmt.Sprintf("last_reviewed %s is %s overdue for review: the facts are trusted for %d days (%s), so they were due for a check by %s (as of %s)",
						r.Date.Format(time.DateOnly), plural(late, "day"), r.Days, intervalFrom(s, r), r.Due().Format(time.DateOnly), asOf.Format(time.DateOnly)),
					Hint: hint})
			}
		}
		if p.Lang == srcLang || p.Source.Meta.ReviewInterval == 0 {
			continue
		}
		orig := s.Page(p.Key, srcLang)
		if orig == nil || orig.Fallback || broken[orig.Source.Path] || broken[p.Source.Path] {
			continue
		}
		if want := freshness.For(s, orig); want.Days != p.Source.Meta.ReviewInterval {
			diags.Add(diag.Diagnostic{Pos: metaPos(p.Source, "review_interval"), Severity: diag.Warning, Code: "review-interval",
				Message: fmt.Sprintf("review_interval %d differs from %s's %d days (%s)", p.Source.Meta.ReviewInterval, orig.Source.Path, want.Days, intervalFrom(s, want)),
				Hint:    fmt.Sprintf("the facts change at one pace in every language: set %d, or remove the line to follow the source page", want.Days)})
		}
	}
	return diags
}

// datedSource reports whether src is a translation whose source page has
// a review date, which the translation shows until it has its own.
func datedSource(s *site.Site, src *content.Source) bool {
	if src.Lang == s.Config.SourceLanguage {
		return false
	}
	orig := s.Page(src.Key, s.Config.SourceLanguage)
	return orig != nil && !orig.Fallback && !orig.Source.Meta.LastReviewed.IsZero()
}

// intervalFrom says where a review's interval was set.
func intervalFrom(s *site.Site, r freshness.Review) string {
	if r.DaysFile == nil {
		return "review_interval in " + s.Config.File
	}
	return "review_interval at " + metaPos(r.DaysFile, "review_interval").String()
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}
