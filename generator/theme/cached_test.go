package theme

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
	"sync"
	"testing"
)

// cachedSet is a template set whose partial "partials/bar.html" shows its
// values and how many times it has been rendered, and whose "page" renders
// it with partialCached and the values given.
func cachedSet(t *testing.T) (*template.Template, *partialCache) {
	t.Helper()
	set := template.New("")
	pc := &partialCache{set: set}
	var mu sync.Mutex
	n := 0
	set.Funcs(template.FuncMap{
		"partialCached": func(name string, pairs ...any) (template.HTML, error) { return pc.render(name, pairs) },
		"rendered": func() int {
			mu.Lock()
			defer mu.Unlock()
			n++
			return n
		},
	})
	template.Must(set.New("partials/bar.html").Parse(`<a href="{{.Home}}"{{if .Here}} aria-current="page"{{end}}>{{.Title}}</a> #{{rendered}}`))
	template.Must(set.New("page").Parse(`[{{partialCached "partials/bar.html" "Home" .Home "Here" .Here "Title" .Title}}]`))
	return set, pc
}

func execPage(t *testing.T, set *template.Template, data map[string]any) string {
	t.Helper()
	var b bytes.Buffer
	if err := set.ExecuteTemplate(&b, "page", data); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// A cached partial is rendered once for each set of values, with
// html/template's escaping in its own context, and its HTML is put in the
// page as it is.
func TestPartialCached(t *testing.T) {
	set, pc := cachedSet(t)
	for i, c := range []struct {
		home  any
		here  any
		title any
		want  string
	}{
		{"../../en/index.html", false, "Home", `[<a href="../../en/index.html">Home</a> #1]`},
		{"../../en/index.html", false, "Home", `[<a href="../../en/index.html">Home</a> #1]`}, // kept
		{"../en/index.html", false, "Home", `[<a href="../en/index.html">Home</a> #2]`},       // another depth
		{"../en/index.html", true, "Home", `[<a href="../en/index.html" aria-current="page">Home</a> #3]`},
		{"../../en/index.html", false, "Home", `[<a href="../../en/index.html">Home</a> #1]`},
		// Escaped where the partial puts the values, not as the page's text.
		{"javascript:alert(1)", false, "<b>&</b>", `[<a href="#ZgotmplZ">&lt;b&gt;&amp;&lt;/b&gt;</a> #4]`},
		// A value's type is part of its key: a string and the same text
		// typed as a URL render differently.
		{template.URL("javascript:alert(1)"), false, "<b>&</b>", `[<a href="javascript:alert%281%29">&lt;b&gt;&amp;&lt;/b&gt;</a> #5]`},
		{"../en/index.html", 1, "Home", `[<a href="../en/index.html" aria-current="page">Home</a> #6]`},
		{"../en/index.html", "1", "Home", `[<a href="../en/index.html" aria-current="page">Home</a> #7]`},
		// Values that would run together in a key made carelessly.
		{"a\x00sb", false, "c", `[<a href="a%00sb">c</a> #8]`},
		{"a", false, "b\x00sc", "[<a href=\"a\">b\uFFFDsc</a> #9]"},
	} {
		if got := execPage(t, set, map[string]any{"Home": c.home, "Here": c.here, "Title": c.title}); got != c.want {
			t.Errorf("%d: got %s, want %s", i, got, c.want)
		}
	}
	if got := pc.kept.n.Load(); got != 9 {
		t.Errorf("%d partials kept, want 9", got)
	}
}

// What partialCached refuses, each with a message that says what to do.
func TestPartialCachedRefuses(t *testing.T) {
	set, _ := cachedSet(t)
	page := &struct{ Title string }{"x"}
	for _, c := range []struct {
		call, want string
		data       any
	}{
		{`{{partialCached "partials/bar.html" "Home"}}`, "give its data as pairs of a name and a value", nil},
		{`{{partialCached "partials/bar.html" 1 "x"}}`, "1 is not a name", nil},
		{`{{partialCached "partials/bar.html" "Page" .}}`, "Page is a *struct { Title string }; pass strings, numbers and booleans only", page},
		{`{{partialCached "partials/bar.html" "List" .}}`, "List is a []string", []string{"a"}},
		{`{{partialCached "partials/none.html"}}`, `"partials/none.html" is undefined`, nil},
	} {
		tpl := template.Must(template.Must(set.Clone()).New("call").Parse(c.call))
		err := tpl.Execute(&bytes.Buffer{}, c.data)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", c.call, err, c.want)
		}
	}
	var none *partialCache // the master's: never executed
	if _, err := none.render("partials/bar.html", nil); err == nil {
		t.Error("partialCached without a cache: no error")
	}
}

// Past maxCachedPartials sets of values a partial is rendered each time,
// still right; and pages rendered at once share what is kept.
func TestPartialCachedBounds(t *testing.T) {
	set, pc := cachedSet(t)
	for i := range maxCachedPartials + 10 {
		want := fmt.Sprintf(`[<a href="p%d">t</a> #%d]`, i, i+1)
		if got := execPage(t, set, map[string]any{"Home": fmt.Sprintf("p%d", i), "Here": false, "Title": "t"}); got != want {
			t.Fatalf("got %s, want %s", got, want)
		}
	}
	if got := pc.kept.n.Load(); got != maxCachedPartials {
		t.Errorf("%d partials kept, want at most %d", got, maxCachedPartials)
	}

	set, pc = cachedSet(t)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for i := range 50 {
				data := map[string]any{"Home": fmt.Sprintf("p%d", i%5), "Here": false, "Title": "t"}
				var b bytes.Buffer
				if err := set.ExecuteTemplate(&b, "page", data); err != nil || !strings.HasPrefix(b.String(), fmt.Sprintf(`[<a href="p%d">t</a> #`, i%5)) {
					t.Errorf("got %s, %v", b.String(), err)
				}
			}
		})
	}
	wg.Wait()
	if got := pc.kept.n.Load(); got != 5 {
		t.Errorf("%d partials kept, want 5", got)
	}
}
