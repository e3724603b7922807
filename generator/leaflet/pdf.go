package leaflet

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"spean/generator/internal/chromium"
	"spean/generator/site"
	"spean/generator/workers"
)

// ErrNoChromium says why PDFs cannot be made and how to fix it.
var ErrNoChromium = errors.New("no Chromium found to print PDFs with (install Debian's chromium and fonts-noto-core: apt-get install chromium fonts-noto-core; or set CHROME_PATH)")

// Chromium returns the path of a Chromium binary: $CHROME_PATH if set,
// else the first of the names Debian and others install it under. The
// error says what to install.
func Chromium() (string, error) {
	if p := os.Getenv("CHROME_PATH"); p != "" {
		found, err := exec.LookPath(p)
		if err != nil {
			return "", fmt.Errorf("%w: CHROME_PATH=%s: %v", ErrNoChromium, p, err)
		}
		return found, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrNoChromium
}

// Printer prints web pages to PDF with one headless Chromium.
type Printer struct {
	ctx    context.Context
	cancel func()
}

// NewPrinter starts Chromium at path. The flags keep it from calling home,
// which on a closed network makes it stall, and make any request to a host
// other than 127.0.0.1 fail at once: a leaflet uses nothing from outside.
func NewPrinter(path string) (*Printer, error) {
	if path == "" {
		return nil, ErrNoChromium
	}
	opts := chromium.Options(path)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		cancelA()
		return nil, fmt.Errorf("start chromium %s: %w", path, err)
	}
	return &Printer{ctx: ctx, cancel: func() { cancel(); cancelA() }}, nil
}

// Close stops Chromium.
func (p *Printer) Close() { p.cancel() }

// Tab is one browser tab; tabs print in parallel.
type Tab struct {
	ctx    context.Context
	cancel func()
}

// Tab opens a new tab.
func (p *Printer) Tab() (*Tab, error) {
	ctx, cancel := chromedp.NewContext(p.ctx)
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		return nil, fmt.Errorf("open a chromium tab: %w", err)
	}
	return &Tab{ctx: ctx, cancel: cancel}, nil
}

// Close closes the tab.
func (t *Tab) Close() { t.cancel() }

// Context is the tab's chromedp context, for tests that inspect a page.
func (t *Tab) Context() context.Context { return t.ctx }

// PDF loads url and prints it with the page size its CSS asks for (@page:
// A4 portrait for leaflets, A4 landscape for booklet sheets) and with
// backgrounds, once its fonts have loaded, so a Burmese leaflet is never
// printed in a fallback font.
func (t *Tab) PDF(ctx context.Context, url string) ([]byte, error) {
	// The tab's own context must have no deadline (it would close the
	// tab), so the time limit is on a child, cancelled also with ctx.
	tctx, cancel := context.WithTimeout(t.ctx, 90*time.Second)
	defer cancel()
	defer context.AfterFunc(ctx, cancel)()
	if err := chromedp.Do(tctx, chromedp.Navigate(url)); err != nil {
		return nil, fmt.Errorf("open %s: %w", url, err)
	}
	if _, err := chromedp.Run(tctx, chromedp.Evaluate[string]("document.fonts.ready.then(() => document.fonts.status)", chromedp.EvalAwaitPromise)); err != nil {
		return nil, fmt.Errorf("wait for the fonts of %s: %w", url, err)
	}
	b, err := chromedp.Run(tctx, printPDF())
	if err != nil {
		return nil, fmt.Errorf("print %s: %w", url, err)
	}
	return b, nil
}

func printPDF() chromedp.Action[[]byte] {
	return chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize(), chromedp.PDFPrintBackground(), chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFStream())
}

// MaxLeafletSides is what a leaflet is made for: one A4 sheet, printed on
// both sides.
const MaxLeafletSides = 2

// pdfPageRE finds the page dictionaries of a PDF as Chromium (Skia)
// writes it, uncompressed, one per page; /Type /Pages is the page tree.
var pdfPageRE = regexp.MustCompile(`/Type /Page\b[^s]`)

// Sides counts the pages of a PDF Chromium printed.
func Sides(pdf []byte) int { return len(pdfPageRE.FindAll(pdf, -1)) }

// WithoutWords prints the loaded leaflet again without its Words box, or
// returns nil when it has none. The box repeats what the web page's term
// links explain; where it pushes a full sheet onto a third side, paper
// matters more.
func (t *Tab) WithoutWords(ctx context.Context) ([]byte, error) {
	tctx, cancel := context.WithTimeout(t.ctx, 90*time.Second)
	defer cancel()
	defer context.AfterFunc(ctx, cancel)()
	had, err := chromedp.Run(tctx, chromedp.Evaluate[bool](`(() => { const w = document.querySelector(".words-box"); if (w) w.remove(); return !!w; })()`))
	if err != nil || !had {
		return nil, err
	}
	return chromedp.Run(tctx, printPDF())
}

// Clipped lists the booklet pages of the loaded page that, laid out for
// print, hold more than fits: an A5 page is a fixed box, and what does not
// fit would be cut off on paper without a word.
func (t *Tab) Clipped(ctx context.Context) ([]string, error) {
	tctx, cancel := context.WithTimeout(t.ctx, 60*time.Second)
	defer cancel()
	defer context.AfterFunc(ctx, cancel)()
	if _, err := chromedp.Call(tctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		return nil, fmt.Errorf("emulate print: %w", err)
	}
	clipped, err := chromedp.Run(tctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll(".bpage")].filter(e => e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1).map(e => e.dataset.page)`))
	if err != nil {
		return nil, fmt.Errorf("measure booklet pages: %w", err)
	}
	if _, err := chromedp.Call(tctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{}); err != nil {
		return nil, fmt.Errorf("emulate screen: %w", err)
	}
	return clipped, nil
}

// Job is one print page to turn into a PDF.
type Job struct {
	Page *site.Page
	// HTML is the print page's output path; PDF where its PDF goes.
	HTML, PDF string
	// Booklet is true for a section's booklet.
	Booklet bool
}

// Jobs lists every leaflet and booklet of the site, language by
// language, in reading order.
func Jobs(s *site.Site) []Job {
	var jobs []Job
	for _, lang := range s.Langs {
		for _, p := range s.ByLang[lang] {
			switch {
			case p.Leaflet() != nil:
				jobs = append(jobs, Job{Page: p, HTML: p.Leaflet().Output(), PDF: p.Leaflet().PDF()})
			case p.Booklet() != nil:
				jobs = append(jobs, Job{Page: p, HTML: p.Booklet().Output(), PDF: p.Booklet().PDF(), Booklet: true})
			}
		}
	}
	return jobs
}

// Serve serves the outputs of a build, read with get, on 127.0.0.1 until
// ctx ends, for Chromium to load print pages from before the site is
// published: over HTTP the fonts and styles load as they do for readers.
// It returns the base URL, with a trailing slash.
func Serve(ctx context.Context, get func(name string) ([]byte, bool)) (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("serve the print pages: %w", err)
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
		if name == "" || strings.HasSuffix(r.URL.Path, "/") {
			name = path.Join(name, "index.html")
		}
		b, ok := get(name)
		if !ok {
			http.NotFound(w, r)
			return
		}
		if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
			w.Header().Set("Content-Type", ct)
		}
		w.Write(b)
	})
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	context.AfterFunc(ctx, func() { srv.Close() })
	return "http://" + ln.Addr().String() + "/", nil
}

// PrintAll prints jobs from base (the served site) with tabs tabs in
// parallel and hands each PDF to write, from one goroutine at a time. It
// reports every failure, not only the first.
func PrintAll(ctx context.Context, p *Printer, base string, jobs []Job, tabs int, write func(Job, []byte) error) error {
	// One tab per worker, lent out per job.
	pool := make(chan *Tab, max(tabs, 1))
	for range cap(pool) {
		tab, err := p.Tab()
		if err != nil {
			return err
		}
		defer tab.Close()
		pool <- tab
	}
	var (
		mu   sync.Mutex
		errs []error
	)
	fail := func(err error) {
		mu.Lock()
		errs = append(errs, err)
		mu.Unlock()
	}
	workers.Each(ctx, len(jobs), cap(pool), func(i int) {
		j := jobs[i]
		tab := <-pool
		defer func() { pool <- tab }()
		b, err := tab.PDF(ctx, base+j.HTML)
		if err == nil && !j.Booklet && Sides(b) > MaxLeafletSides {
			// A full sheet the Words box pushes onto a third side
			// is printed without it (its HTML keeps it).
			var short []byte
			if short, err = tab.WithoutWords(ctx); err == nil && short != nil && Sides(short) < Sides(b) {
				b = short
			}
			if n := Sides(b); err == nil && n > MaxLeafletSides {
				// Written anyway, but reported, as a booklet's clipped
				// pages are: a facilitator handed three loose pages
				// has lost the point of a leaflet.
				fail(fmt.Errorf("%s: the leaflet prints on %d A4 sides, more than one sheet (%d): shorten the page's summary or key points, or list fewer sources", j.Page.Source.Path, n, MaxLeafletSides))
			}
		}
		if err == nil && j.Booklet {
			var clipped []string
			if clipped, err = tab.Clipped(ctx); err == nil && len(clipped) > 0 {
				// Written anyway, but reported: the text of these
				// pages is longer than the booklet holds.
				fail(fmt.Errorf("%s: booklet page(s) %s hold more than fits on A5 and are cut off (shorten the summary or key points of the pages there)", j.Page.Source.Path, strings.Join(clipped, ", ")))
			}
		}
		if err == nil {
			mu.Lock()
			err = write(j, b)
			mu.Unlock()
		}
		if err != nil {
			fail(fmt.Errorf("%s: %w", j.Page.Source.Path, err))
		}
	})
	if err := ctx.Err(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}
