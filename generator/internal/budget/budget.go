// Command budget checks the weight budget of a built site, page by page,
// for readers on slow, expensive phone data:
//
//   - the page's HTML plus its render-blocking CSS fits the first round
//     trip: at most 14 KB gzip;
//   - all the JavaScript a page loads is at most 10 KB gzip, and none of it
//     blocks rendering (every script is defer, async or a module; no
//     inline script, which the Content-Security-Policy forbids anyway);
//   - nothing is loaded from another origin.
//
// It prints one line per page and exits with status 1 if any page is over
// budget. Usage, after a build:
//
//	go run ./generator/internal/budget [-dir public] [-q]
package main

import (
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"

	stdhtml "html"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/html"
)

// Budgets in bytes of gzip output.
const (
	CriticalBudget = 14 * 1024 // HTML + render-blocking CSS: one TCP round trip (10 segments)
	ScriptBudget   = 10 * 1024 // all JavaScript of one page
)

// Page is one HTML file's weight.
type Page struct {
	Name     string
	HTML     int // gzip bytes
	CSS      int // gzip bytes of render-blocking stylesheets
	JS       int // gzip bytes of every script
	Problems []string
}

// Critical is what must arrive before the first paint.
func (p Page) Critical() int { return p.HTML + p.CSS }

// OK reports whether the page is within budget.
func (p Page) OK() bool { return len(p.Problems) == 0 }

// Check measures every .html file in fsys (a built site).
func Check(fsys fs.FS) ([]Page, error) {
	var pages []Page
	sizes := map[string]int{}
	gz := func(name string) (int, error) {
		if n, ok := sizes[name]; ok {
			return n, nil
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return 0, err
		}
		n := gzipSize(b)
		sizes[name] = n
		return n, nil
	}
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(name, ".html") {
			return err
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		p := Page{Name: name, HTML: gzipSize(b)}
		refs := scan(b)
		for _, r := range refs.problems {
			p.Problems = append(p.Problems, r)
		}
		measure := func(ref string, into *int) {
			target, local := resolve(name, ref)
			if !local {
				p.Problems = append(p.Problems, "loads from another origin: "+ref)
				return
			}
			n, err := gz(target)
			if err != nil {
				p.Problems = append(p.Problems, fmt.Sprintf("%s: missing (%v)", ref, err))
				return
			}
			*into += n
		}
		for _, css := range refs.css {
			measure(css, &p.CSS)
		}
		for _, js := range refs.js {
			measure(js, &p.JS)
		}
		for _, other := range refs.other {
			if _, local := resolve(name, other); !local {
				p.Problems = append(p.Problems, "loads from another origin: "+other)
			}
		}
		if p.Critical() > CriticalBudget {
			p.Problems = append(p.Problems, fmt.Sprintf("HTML + blocking CSS %d B gzip > %d B", p.Critical(), CriticalBudget))
		}
		if p.JS > ScriptBudget {
			p.Problems = append(p.Problems, fmt.Sprintf("JavaScript %d B gzip > %d B", p.JS, ScriptBudget))
		}
		pages = append(pages, p)
		return nil
	})
	return pages, err
}

// refs are what a page loads.
type refs struct {
	css, js, other []string
	problems       []string
}

// scan lists the resources an HTML page loads. Links that are only
// navigation or metadata (a, canonical, alternate) load nothing.
func scan(b []byte) refs {
	var r refs
	l := html.NewLexer(parse.NewInputBytes(b))
	inHead := true
	var tag string
	attrs := map[string]string{}
	flush := func() {
		switch tag {
		case "link":
			rel := " " + strings.ToLower(attrs["rel"]) + " "
			href, ok := attrs["href"]
			switch {
			case !ok:
			case strings.Contains(rel, " stylesheet ") && attrs["media"] != "print":
				r.css = append(r.css, href)
			case strings.Contains(rel, " preload ") || strings.Contains(rel, " icon ") || strings.Contains(rel, " manifest ") ||
				strings.Contains(rel, " apple-touch-icon ") || strings.Contains(rel, " modulepreload ") || strings.Contains(rel, " prefetch "):
				r.other = append(r.other, href)
			}
		case "script":
			src, ok := attrs["src"]
			if !ok {
				if attrs["type"] != "application/ld+json" {
					r.problems = append(r.problems, "inline <script> (the CSP forbids it)")
				}
				break
			}
			r.js = append(r.js, src)
			_, deferred := attrs["defer"]
			_, async := attrs["async"]
			if inHead && !deferred && !async && attrs["type"] != "module" {
				r.problems = append(r.problems, "render-blocking script: "+src)
			}
		case "img", "source", "iframe", "audio", "video", "embed", "track":
			if src, ok := attrs["src"]; ok {
				r.other = append(r.other, src)
			}
		case "object":
			if d, ok := attrs["data"]; ok {
				r.other = append(r.other, d)
			}
		}
		tag = ""
		clear(attrs)
	}
	for {
		tt, _ := l.Next()
		switch tt {
		case html.ErrorToken:
			flush()
			return r
		case html.StartTagToken:
			flush()
			tag = strings.ToLower(string(l.Text()))
			if tag == "body" {
				inHead = false
			}
		case html.AttributeToken:
			v := string(l.AttrVal())
			if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
				v = v[1 : len(v)-1]
			}
			attrs[strings.ToLower(string(l.AttrKey()))] = stdhtml.UnescapeString(v)
		case html.StartTagCloseToken, html.StartTagVoidToken:
			flush()
		case html.EndTagToken:
			flush()
			if strings.EqualFold(string(l.Text()), "head") {
				inHead = false
			}
		}
	}
}

// resolve turns a reference made in page into a path in the site, or
// reports that it points to another origin.
func resolve(page, ref string) (string, bool) {
	if strings.HasPrefix(ref, "data:") {
		return "", true
	}
	if strings.Contains(ref, "://") || strings.HasPrefix(ref, "//") {
		return "", false
	}
	ref, _, _ = strings.Cut(ref, "#")
	ref, _, _ = strings.Cut(ref, "?")
	if strings.HasPrefix(ref, "/") {
		return strings.TrimPrefix(path.Clean(ref), "/"), true
	}
	return path.Join(path.Dir(page), ref), true
}

func gzipSize(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(b)
	w.Close()
	return buf.Len()
}

// Report writes one line per page (only failing ones when quiet) and a
// summary, and returns the number of pages over budget.
func Report(w io.Writer, pages []Page, quiet bool) int {
	slices.SortFunc(pages, func(a, b Page) int { return strings.Compare(a.Name, b.Name) })
	bad, maxCrit, maxJS := 0, 0, 0
	worstCrit, worstJS := "", ""
	if !quiet {
		fmt.Fprintf(w, "%-52s %8s %8s %8s %8s\n", "page", "html.gz", "css.gz", "first", "js.gz")
	}
	for _, p := range pages {
		if p.Critical() > maxCrit {
			maxCrit, worstCrit = p.Critical(), p.Name
		}
		if p.JS > maxJS {
			maxJS, worstJS = p.JS, p.Name
		}
		if !p.OK() {
			bad++
		}
		if quiet && p.OK() {
			continue
		}
		status := "ok"
		if !p.OK() {
			status = "OVER: " + strings.Join(p.Problems, "; ")
		}
		fmt.Fprintf(w, "%-52s %8d %8d %8d %8d  %s\n", p.Name, p.HTML, p.CSS, p.Critical(), p.JS, status)
	}
	fmt.Fprintf(w, "%d pages; heaviest first load %d B gzip (%s), budget %d; most JavaScript %d B gzip (%s), budget %d; %d over budget\n",
		len(pages), maxCrit, worstCrit, CriticalBudget, maxJS, worstJS, ScriptBudget, bad)
	return bad
}

func main() {
	dir := flag.String("dir", "public", "built site folder")
	quiet := flag.Bool("q", false, "print only pages over budget and the summary")
	flag.Parse()
	pages, err := Check(os.DirFS(*dir))
	if err != nil {
		fmt.Fprintf(os.Stderr, "budget: %v\n", err)
		os.Exit(1)
	}
	if len(pages) == 0 {
		fmt.Fprintf(os.Stderr, "budget: no .html files in %s (build the site first)\n", *dir)
		os.Exit(1)
	}
	if Report(os.Stdout, pages, *quiet) > 0 {
		os.Exit(1)
	}
}
