package terms_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/chromedp"

	"spean/generator/internal/browsertest"
	"spean/generator/terms"
)

// A reader tapping "U-turn" on the permit page gets its explanation in
// their language (issue 15): on the shipped site, in every language, at
// phone width, the first use of the term on the permit page is a link
// whose accessible name is the approved form and whose accessible
// description (what a screen reader says after it, as Chromium's
// accessibility tree computes it) is the termbase's definition in the
// page's language; tapping it lands on that term in the glossary of the
// same language, the definition beside it.
func TestTermExplainedWhereItStands(t *testing.T) {
	browsertest.RequireChromium(t)
	root := browsertest.RepoRoot(t)
	langs := []string{"en", "km", "lo", "my", "th"}
	base, diags := terms.Load(os.DirFS(root), langs, "en")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	term := base.ByID("u-turn")
	if term == nil {
		t.Fatal("the termbase has no u-turn")
	}
	out := browsertest.Build(t, root)
	srv := browsertest.Serve(t, out)
	ctx := browsertest.Browser(t)
	const page = "work-permits/validity-and-renewal/index.html"
	link := chromedp.CSS(`a.term[href$="#term-u-turn"]`)
	for _, lang := range langs {
		t.Run(lang, func(t *testing.T) {
			e := term.Langs[lang]
			tctx, cancel := browsertest.Timeout(ctx, 30*time.Second)
			defer cancel()
			err := chromedp.Do(tctx,
				chromedp.EmulateViewport(360, 740),
				chromedp.Navigate(srv.URL+lang+"/"+page),
				chromedp.WaitVisible(link),
			)
			if err != nil {
				t.Fatal(err)
			}
			nodes, err := chromedp.Run(tctx, chromedp.Nodes(link))
			if err != nil || len(nodes) == 0 {
				t.Fatalf("no link to the term: %v", err)
			}
			ax, err := chromedp.Call(tctx, accessibility.GetPartialAXTree, accessibility.GetPartialAXTreeParams{BackendNodeID: nodes[0].BackendNodeID})
			if err != nil {
				t.Fatalf("accessibility tree: %v", err)
			}
			var name, desc string
			for _, n := range ax.Nodes {
				if n.BackendDOMNodeID != nodes[0].BackendNodeID {
					continue
				}
				if n.Name != nil {
					_ = json.Unmarshal(n.Name.Value, &name)
				}
				if n.Description != nil {
					_ = json.Unmarshal(n.Description.Value, &desc)
				}
			}
			if name != e.Term {
				t.Errorf("the link's accessible name is %q, want the approved form %q", name, e.Term)
			}
			if desc != e.Definition {
				t.Errorf("accessible description %q, want the %s definition %q", desc, lang, e.Definition)
			}
			title, err := chromedp.Run(tctx, chromedp.AttributeValue(link, "title"))
			if err != nil || title.Value != e.Definition {
				t.Errorf("title %q (%v), want the definition", title.Value, err)
			}
			// Tap it: the glossary of the same language, at the term.
			if err := chromedp.Do(tctx, chromedp.Click(link), chromedp.WaitVisible(chromedp.CSS(`#term-u-turn`))); err != nil {
				t.Fatalf("tap: %v", err)
			}
			type landed struct{ Path, Hash, Lang, Term, Definition string }
			got, err := chromedp.Run(tctx, chromedp.Evaluate[landed](`(function () {
  var dt = document.getElementById('term-u-turn');
  return {Path: location.pathname, Hash: location.hash, Lang: document.documentElement.lang,
    Term: dt.querySelector('dfn').textContent, Definition: dt.nextElementSibling.textContent.replace(/\s+/g, ' ')};
})()`))
			if err != nil {
				t.Fatalf("after the tap: %v", err)
			}
			// (The test server answers index.html by redirecting to the
			// folder.)
			if strings.TrimSuffix(got.Path, "index.html") != "/"+lang+"/glossary/terms/" || got.Hash != "#term-u-turn" || got.Lang != lang {
				t.Errorf("the tap lands on %s%s (lang %s), want /%s/glossary/terms/index.html#term-u-turn", got.Path, got.Hash, got.Lang, lang)
			}
			if got.Term != e.Term || !strings.Contains(got.Definition, e.Definition) {
				t.Errorf("the glossary entry is %q: %q; want %q: %q", got.Term, got.Definition, e.Term, e.Definition)
			}
			// Opened at its top on Lighthouse's phone, the glossary's list
			// of sources lies inside the page's footer that holds it. The
			// footer's room was kept at 30rem while it was not yet laid
			// out (content-visibility), and the list, three times that,
			// lay over the site's footer below it: Lighthouse's axe found
			// a source's link over the offline button (target-size) in
			// Khmer and Lao.
			if err := chromedp.Do(tctx, chromedp.EmulateViewport(412, 823), chromedp.Navigate(srv.URL+lang+"/glossary/terms/index.html")); err != nil {
				t.Fatal(err)
			}
			out, err := chromedp.Run(tctx, chromedp.Evaluate[string](`(() => {
  const m = document.querySelector('.page-meta'), box = m.getBoundingClientRect();
  const a = [...m.querySelectorAll('a')].pop().getBoundingClientRect();
  return a.bottom > box.bottom + 1 ? 'the last source ends at ' + a.bottom.toFixed(0) + ' px, its footer at ' + box.bottom.toFixed(0) : '';
})()`))
			if err != nil || out != "" {
				t.Errorf("glossary at its top: %s (%v)", out, err)
			}
		})
	}
}
