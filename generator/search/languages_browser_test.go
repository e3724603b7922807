package search_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"spean/generator/internal/browsertest"
	"spean/generator/internal/searchbench/fixture"
)

// TestSearchNewLanguages searches a site that added Vietnamese and Urdu
// by configuration alone (generator/testdata/script/languages.txtar, whose
// script builds and checks it): their words, typed as a reader would,
// find their page in Chromium, with no Go code that knows either language.
func TestSearchNewLanguages(t *testing.T) {
	ctx := browsertest.Browser(t)
	dir := browsertest.Fixture(t, filepath.Join("..", "testdata", "script", "languages.txtar"))
	// As the script does: the English UI strings stand in for the new
	// languages' own, which a translator would write.
	en, err := os.ReadFile(filepath.Join(dir, "i18n", "en.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"vi", "ur"} {
		if err := os.WriteFile(filepath.Join(dir, "i18n", lang+".yaml"), en, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	srv := browsertest.Serve(t, browsertest.Build(t, dir))
	for _, c := range []struct{ lang, q, url string }{
		{"vi", "bình đẳng", "vi/rights/equal/"},
		{"vi", "lương tâm", "vi/rights/equal/"},
		{"vi", "luong tam", "vi/rights/equal/"}, // typed without its marks
		{"ur", "ضمیر", "ur/rights/equal/"},
		{"ur", "بھائی چارے", "ur/rights/equal/"},
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+c.lang+"/search/index.html")); err != nil {
			t.Fatal(err)
		}
		res, err := fixture.Search(ctx, c.q)
		if err != nil {
			t.Fatal(err)
		}
		if !fixture.Top(res.URLs, c.url, 1) {
			t.Errorf("%s %q: want %s first, got %v", c.lang, c.q, c.url, res.URLs)
		}
	}
}
