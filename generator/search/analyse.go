package search

import (
	"strings"
	"sync"

	"spean/generator/segment"
	"spean/generator/wordbreak"
)

// eachField calls fn with each field of a page the index reads, in the
// order it reads them: the title (not copied into the snippet parts: the
// result already shows it, and a snippet should add what the title does
// not say), the description, the summary when it says something else,
// and every block.
func eachField(p *Page, fn func(text string, weight uint16, flags uint8, inParts bool)) {
	fn(p.Title, weightTitle, flagTitle, false)
	fn(p.Description, weightSummary, 0, true)
	if p.Summary != p.Description {
		fn(p.Summary, weightSummary, 0, true)
	}
	for _, b := range p.Blocks {
		if b.Heading {
			fn(b.Text, weightHeading, flagHeading, true)
		} else {
			fn(b.Text, weightBody, 0, true)
		}
	}
}

// analysis is a page's text analysed, field by field in eachField's
// order: its segments and tokens (segment.Analyzer) and, for the fields
// copied into snippet parts, its word boundaries (wordbreak). Nothing in
// it depends on the index, so it can be made on another core while the
// index takes in the page before (eachAnalysed): it is about half of
// indexing a page.
type analysis struct {
	fields []analysedField
	segs   []segment.Segment
	toks   []segment.Token
	breaks []int
}

// analysedField is where one field's analysis is in its page's analysis:
// half-open ranges of segs, toks and breaks. indexed is false for a
// field of white space only, which the index skips.
type analysedField struct {
	indexed            bool
	segs, toks, breaks [2]int
}

// analyser analyses pages one after another, reusing its buffers.
type analyser struct {
	an segment.Analyzer
	wb wordbreak.Breaker
}

// analyse fills a with p's analysis, reusing a's storage.
func (z *analyser) analyse(p *Page, a *analysis) {
	a.fields, a.segs, a.toks, a.breaks = a.fields[:0], a.segs[:0], a.toks[:0], a.breaks[:0]
	eachField(p, func(text string, _ uint16, _ uint8, inParts bool) {
		var f analysedField
		if strings.TrimSpace(text) != "" {
			f.indexed = true
			segs, toks := z.an.Analyze(text)
			f.segs = [2]int{len(a.segs), len(a.segs) + len(segs)}
			f.toks = [2]int{len(a.toks), len(a.toks) + len(toks)}
			a.segs, a.toks = append(a.segs, segs...), append(a.toks, toks...)
			from := len(a.breaks)
			if inParts {
				a.breaks = z.wb.Append(a.breaks, text)
			}
			f.breaks = [2]int{from, len(a.breaks)}
		}
		a.fields = append(a.fields, f)
	})
}

// eachAnalysed calls fn with every page's analysis, in order, from the
// calling goroutine; with nil for a page skip(i) says needs none (a page
// replayed from its segment), which nobody analyses. With helpers > 0
// that many goroutines analyse the pages ahead of fn, into a ring of
// analyses: an index built while no other is (a rebuild after one page
// changed) then takes two cores.
//
// Helper w analyses pages w, w+helpers, w+2·helpers…, each into slot
// i mod len(ring); the ring's length is a multiple of helpers, so a slot
// is only ever filled by one helper, which waits for fn to be done with
// the page it held before (free) and then says the slot is filled (ready).
func eachAnalysed(pages []Page, helpers int, skip func(i int) bool, fn func(i int, a *analysis)) {
	if helpers <= 0 {
		var z analyser
		var a analysis
		for i := range pages {
			if skip(i) {
				fn(i, nil)
				continue
			}
			z.analyse(&pages[i], &a)
			fn(i, &a)
		}
		return
	}
	ring := make([]analysis, 16*helpers)
	free := make([]chan struct{}, len(ring))
	ready := make([]chan struct{}, len(ring))
	for s := range ring {
		free[s], ready[s] = make(chan struct{}, 1), make(chan struct{}, 1)
		free[s] <- struct{}{}
	}
	var wg sync.WaitGroup
	done := make(chan struct{})
	for w := range helpers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var z analyser
			for i := w; i < len(pages); i += helpers {
				s := i % len(ring)
				select {
				case <-free[s]:
				case <-done:
					return
				}
				if !skip(i) {
					z.analyse(&pages[i], &ring[s])
				}
				ready[s] <- struct{}{}
			}
		}()
	}
	// If fn panics, the helpers must not wait for it forever.
	defer func() {
		close(done)
		wg.Wait()
	}()
	for i := range pages {
		s := i % len(ring)
		<-ready[s]
		if skip(i) {
			fn(i, nil)
		} else {
			fn(i, &ring[s])
		}
		free[s] <- struct{}{}
	}
}
