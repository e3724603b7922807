package theme

import (
	"bytes"
	"fmt"
	"html/template"
	"strconv"
	"sync"
	"sync/atomic"
)

// partialCache is what partialCached keeps for one layout in one language:
// the HTML of each partial it rendered, by partial and values.
//
// Most of a page's HTML around its text is the same on every page of a
// language at one depth: the bar and search form, the footer, the offline
// box, the stale notice. Rendering it again for every page was a quarter of
// the time html/template took for the 1,000-page benchmark site's pages
// (each action is a reflective call, and its escaper another). Hugo's
// partialCached answers the same need; here a cached partial's data is
// only the names and plain values it is given, which are also its key, so
// a partial cannot show one page's data on another (Hugo's variants are
// the theme author's promise; these are checked).
type partialCache struct {
	set  *template.Template
	kept bounded // key → template.HTML
}

// bounded keeps values by key, at most a given number of them: past that,
// a value is made again each time it is asked for, rather than kept in
// memory that grows with the site (partialCached, stringsT).
type bounded struct {
	m sync.Map
	n atomic.Int32
}

func (b *bounded) load(key string) (any, bool) { return b.m.Load(key) }

// keep keeps v under key while fewer than max are kept. Two callers may
// make the value of one key at once; both make the same, and either is
// kept.
func (b *bounded) keep(key string, v any, max int32) {
	if b.n.Load() >= max {
		return
	}
	if _, had := b.m.LoadOrStore(key, v); !had {
		b.n.Add(1)
	}
}

// maxCachedPartials bounds what one layout in one language keeps: a theme
// that passes a page's own address (a value per page) gets its partial
// rendered each time, as {{template}} would, rather than memory that grows
// with the site. The default theme keeps a few per depth and section.
const maxCachedPartials = 4096

// render is partialCached: the partial name executed with the values of
// pairs ("Name", value, …) as its data, once per set of values.
func (c *partialCache) render(name string, pairs []any) (template.HTML, error) {
	if c == nil {
		return "", fmt.Errorf("partialCached %q: only layouts rendering a page can use it", name)
	}
	if len(pairs)%2 != 0 {
		return "", fmt.Errorf("partialCached %q: give its data as pairs of a name and a value", name)
	}
	key := make([]byte, 0, 128)
	key = append(key, name...)
	data := make(map[string]any, len(pairs)/2)
	for i := 0; i < len(pairs); i += 2 {
		k, ok := pairs[i].(string)
		if !ok {
			return "", fmt.Errorf("partialCached %q: %v is not a name: give its data as pairs of a name and a value", name, pairs[i])
		}
		key = append(key, 0)
		key = append(key, k...)
		// Each value is its type's letter and its text: "1" and 1, or a
		// string and the same text as trusted HTML, render differently.
		switch v := pairs[i+1].(type) {
		case string:
			key = strconv.AppendQuote(append(key, 's'), v)
		case template.URL:
			key = strconv.AppendQuote(append(key, 'u'), string(v))
		case template.HTML:
			key = strconv.AppendQuote(append(key, 'h'), string(v))
		case bool:
			key = strconv.AppendBool(append(key, 'b'), v)
		case int:
			key = strconv.AppendInt(append(key, 'i'), int64(v), 10)
		default:
			return "", fmt.Errorf("partialCached %q: %s is a %T; pass strings, numbers and booleans only: the partial is rendered once for each set of values, and a page, a list or a pointer would show one page's data on another", name, k, v)
		}
		data[k] = pairs[i+1]
	}
	if h, ok := c.kept.load(string(key)); ok {
		return h.(template.HTML), nil
	}
	var b bytes.Buffer
	if err := c.set.ExecuteTemplate(&b, name, data); err != nil {
		return "", err
	}
	h := template.HTML(b.String())
	c.kept.keep(string(key), h, maxCachedPartials)
	return h, nil
}
