//go:build ignore

// Lighthouse runs Google Lighthouse (mobile: a mid-range phone on slow 4G)
// against a built site served on 127.0.0.1 the way a reader gets it: by
// Debian's nginx with the repository's docs/nginx.conf (-serve
// nginx, the default), or by a small Go server that sends the
// precompressed .br/.gz copies (-serve go). It prints the four category
// scores per page, the metrics behind performance, and the machine's load
// before and after, since a busy machine slows the measured page. Run it
// through scripts/lighthouse.sh, which installs Lighthouse with npm into
// the user's cache folder.
//
// One run of a page moves with whatever else the machine does: -runs N
// runs each page N times and reports the run of median performance, as
// Lighthouse's own advice on variability is to take the median of several
// runs (its docs/variability.md), with the N performance scores beside it.
//
//	go run scripts/lighthouse.go -lighthouse PATH [-dir public | -fixture] [-serve nginx|go] [-pages en/,km/rights/] [-runs 3] [-reports DIR [-traces]]
package main

import (
	"cmp"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"golang.org/x/tools/txtar"

	"spean/generator/deploy/nginx"
)

func main() {
	dir := flag.String("dir", "public", "built site folder")
	lh := flag.String("lighthouse", "", "path to the lighthouse CLI")
	pagesFlag := flag.String("pages", "", "comma-separated page paths (default: home, a section, a content page and search in every language)")
	fixture := flag.Bool("fixture", false, "build the theme's fixture site (generator/internal/browsertest/testdata/site.txtar) instead of -dir")
	serve := flag.String("serve", "nginx", "server: nginx (docs/nginx.conf) or go (precompressed copies)")
	reports := flag.String("reports", "", "keep each page's full JSON report in this folder")
	runs := flag.Int("runs", 1, "runs of each page; the one of median performance is reported, with every run's score")
	traces := flag.Bool("traces", false, "with -reports, keep each page's trace and DevTools log beside its report (Lighthouse --save-assets), to see which main-thread tasks make the blocking time")
	flag.Parse()
	if *runs < 1 {
		fail("-runs must be at least 1")
	}
	if *lh == "" {
		fail("-lighthouse is required (use scripts/lighthouse.sh)")
	}
	chrome := os.Getenv("CHROME_PATH")
	if chrome == "" {
		chrome = "/usr/bin/chromium"
	}
	if *fixture {
		tmp, err := os.MkdirTemp("", "spean-lighthouse-site-")
		if err != nil {
			fail(err.Error())
		}
		atExit(func() { os.RemoveAll(tmp) })
		*dir = buildFixture(tmp)
	}
	var pages []string
	if *pagesFlag != "" {
		pages = strings.Split(*pagesFlag, ",")
	} else {
		// Every kind of page a reader meets, in every language, and the
		// chooser: home, section, content page, the hotlines, search and
		// the leaflets index.
		pages = append(pages, "")
		for _, lang := range []string{"en", "km", "lo", "my", "th"} {
			for _, p := range []string{"", "rights/", "rights/minimum-wage/", "getting-help/hotlines/", "search/", "leaflets/"} {
				if _, err := os.Stat(filepath.Join(*dir, lang, p, "index.html")); err == nil {
					pages = append(pages, lang+"/"+p)
				}
			}
		}
	}
	var base string
	switch *serve {
	case "nginx":
		bin := nginx.Binary()
		if bin == "" {
			fail("no nginx (apt-get install nginx, or -serve go)")
		}
		abs, err := filepath.Abs(*dir)
		if err != nil {
			fail(err.Error())
		}
		prefix, err := os.MkdirTemp("", "spean-lighthouse-nginx-")
		if err != nil {
			fail(err.Error())
		}
		atExit(func() { os.RemoveAll(prefix) })
		srv, err := nginx.Start(bin, abs, prefix, nil)
		if err != nil {
			fail(err.Error())
		}
		atExit(srv.Stop)
		base = srv.URL
	case "go":
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			fail(err.Error())
		}
		go http.Serve(ln, precompressed(*dir))
		base = "http://" + ln.Addr().String() + "/"
	default:
		fail("-serve " + *serve + ": want nginx or go")
	}
	fmt.Printf("served by %s at %s; %d CPUs, load average %s\n", *serve, base, runtime.NumCPU(), loadavg())

	tmp, err := os.MkdirTemp("", "spean-lighthouse-")
	if err != nil {
		fail(err.Error())
	}
	atExit(func() { os.RemoveAll(tmp) })
	if *reports != "" {
		if err := os.MkdirAll(*reports, 0o755); err != nil {
			fail(err.Error())
		}
	}
	cats := []string{"performance", "accessibility", "best-practices", "seo"}
	fmt.Printf("%-32s %5s %5s %5s %5s\n", "page", "perf", "a11y", "bp", "seo")
	worst := map[string]int{}
	// Lighthouse's benchmark of the machine's CPU at each page: its 4×
	// slowdown multiplies whatever the machine does, so the blocking time
	// of one page moves with it between runs (Lighthouse takes 1,000 as a
	// mid-range phone's score).
	benchLo, benchHi := 0.0, 0.0
	for _, c := range cats {
		worst[c] = 100
	}
	for _, p := range pages {
		// Every run's report, in order of performance; the median's is
		// the one reported (and kept under -reports).
		type run struct {
			rep  report
			file string
		}
		var all []run
		for i := range *runs {
			file := filepath.Join(tmp, fmt.Sprintf("run%d.json", i))
			all = append(all, run{lighthouse(*lh, chrome, base+p+"index.html", file, cats, *traces && *reports != ""), file})
		}
		slices.SortStableFunc(all, func(a, b run) int { return cmp.Compare(a.rep.score("performance"), b.rep.score("performance")) })
		med := all[(len(all)-1)/2]
		if *reports != "" {
			out := filepath.Join(*reports, strings.NewReplacer("/", "_").Replace(p)+"report.json")
			if err := copyReport(med.file, out, *traces); err != nil {
				fail(err.Error())
			}
		}
		rep := med.rep
		fmt.Printf("%-32s", p)
		for _, c := range cats {
			s := rep.score(c)
			fmt.Printf(" %5d", s)
			// Performance counts by its median; the other categories do
			// not depend on the machine's speed, so any run below is
			// a fault.
			if c != "performance" {
				for _, r := range all {
					s = min(s, r.rep.score(c))
				}
			}
			worst[c] = min(worst[c], s)
		}
		// The metrics behind the performance score, to tell a slow page
		// from a slow machine (total blocking time is CPU-bound).
		var metrics []string
		for _, m := range []string{"first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "speed-index"} {
			metrics = append(metrics, m+" "+strings.ReplaceAll(rep.Audits[m].DisplayValue, "\u00a0", " "))
		}
		bi := rep.Environment.BenchmarkIndex
		metrics = append(metrics, fmt.Sprintf("CPU benchmark %.0f", bi))
		for _, r := range all {
			bi := r.rep.Environment.BenchmarkIndex
			if benchLo == 0 || bi < benchLo {
				benchLo = bi
			}
			benchHi = max(benchHi, bi)
		}
		if len(all) > 1 {
			var perf []string
			for _, r := range all {
				perf = append(perf, fmt.Sprint(r.rep.score("performance")))
			}
			metrics = append(metrics, fmt.Sprintf("performance in %d runs %s", len(all), strings.Join(perf, " ")))
		}
		fmt.Printf("  %s\n", strings.Join(metrics, ", "))
		for id, a := range rep.Audits {
			if a.Score != nil && *a.Score < 0.9 && !strings.HasPrefix(id, "diagnostics") {
				fmt.Printf("    %s: %s (%.2f)\n", id, a.Title, *a.Score)
			}
		}
	}
	fmt.Printf("lowest: performance %d, accessibility %d, best practices %d, SEO %d (%d pages)\n",
		worst["performance"], worst["accessibility"], worst["best-practices"], worst["seo"], len(pages))
	fmt.Printf("Lighthouse's CPU benchmark of this machine: %.0f to %.0f\n", benchLo, benchHi)
	fmt.Printf("load average after: %s\n", loadavg())
	cleanUp()
}

// report is what is read of a Lighthouse JSON report.
type report struct {
	Categories map[string]struct {
		Score float64 `json:"score"`
	} `json:"categories"`
	Environment struct {
		BenchmarkIndex float64 `json:"benchmarkIndex"`
	} `json:"environment"`
	Audits map[string]struct {
		Score        *float64 `json:"score"`
		Title        string   `json:"title"`
		DisplayValue string   `json:"displayValue"`
	} `json:"audits"`
}

// score is category c's score out of 100, as Lighthouse shows it.
func (r report) score(c string) int { return int(r.Categories[c].Score*100 + 0.5) }

// lighthouse runs Lighthouse once on url, writing its JSON report to out
// (and, with assets, the trace and DevTools log beside it), and reads it.
func lighthouse(lh, chrome, url, out string, cats []string, assets bool) report {
	args := []string{url,
		"--quiet", "--output=json", "--output-path=" + out,
		"--only-categories=" + strings.Join(cats, ","),
		"--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run",
	}
	if assets {
		args = append(args, "--save-assets")
	}
	cmd := exec.Command(lh, args...)
	cmd.Env = append(os.Environ(), "CHROME_PATH="+chrome)
	if b, err := cmd.CombinedOutput(); err != nil {
		fail(fmt.Sprintf("lighthouse %s: %v\n%s", url, err, b))
	}
	var rep report
	b, err := os.ReadFile(out)
	if err == nil {
		err = json.Unmarshal(b, &rep)
	}
	if err != nil {
		fail(fmt.Sprintf("lighthouse report for %s: %v", url, err))
	}
	return rep
}

// copyReport copies the report from to to, with its trace and DevTools
// log (Lighthouse --save-assets names them after the report) when assets.
func copyReport(from, to string, assets bool) error {
	pairs := [][2]string{{from, to}}
	if assets {
		stem := func(s string) string { return strings.TrimSuffix(s, ".json") }
		for _, suffix := range []string{"-0.trace.json", "-0.devtoolslog.json"} {
			pairs = append(pairs, [2]string{stem(from) + suffix, stem(to) + suffix})
		}
	}
	for _, p := range pairs {
		b, err := os.ReadFile(p[0])
		if err != nil {
			return err
		}
		if err := os.WriteFile(p[1], b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// cleanups stop the server and remove the temporary folders, newest
// first, on every way out: fail exits without running deferred calls, and
// an nginx left behind kept its port and any lock its caller held (flock
// /tmp/bench.lock), so the next benchmark waited for ever.
var cleanups []func()

func atExit(f func()) { cleanups = append(cleanups, f) }

func cleanUp() {
	for i := len(cleanups) - 1; i >= 0; i-- {
		cleanups[i]()
	}
	cleanups = nil
}

// loadavg is the 1, 5 and 15-minute load averages, where Linux gives them.
func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// precompressed serves dir, sending name.br or name.gz when the browser
// accepts it, as nginx's brotli_static/gzip_static would.
func precompressed(dir string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := r.URL.Path
		if strings.HasSuffix(name, "/") {
			name += "index.html"
		}
		if strings.HasSuffix(name, ".webmanifest") {
			w.Header().Set("Content-Type", "application/manifest+json")
		}
		accept := r.Header.Get("Accept-Encoding")
		for _, enc := range []struct{ ext, name string }{{".br", "br"}, {".gz", "gzip"}} {
			if !strings.Contains(accept, enc.name) {
				continue
			}
			full := filepath.Join(dir, filepath.FromSlash(name)+enc.ext)
			if _, err := os.Stat(full); err != nil {
				continue
			}
			if ct := contentType(name); ct != "" {
				w.Header().Set("Content-Type", ct)
			}
			f, err := os.Open(full)
			if err != nil {
				continue
			}
			defer f.Close()
			st, err := f.Stat()
			if err != nil {
				continue
			}
			w.Header().Set("Content-Encoding", enc.name)
			w.Header().Add("Vary", "Accept-Encoding")
			// ServeContent, not ServeFile: ServeFile would redirect
			// …/index.html to …/, a round trip a real server does not make.
			http.ServeContent(w, r, name, st.ModTime(), f)
			return
		}
		files.ServeHTTP(w, r)
	})
}

func contentType(name string) string {
	switch filepath.Ext(name) {
	case ".html":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".json":
		return "application/json"
	case ".svg":
		return "image/svg+xml"
	case ".webmanifest":
		return "application/manifest+json"
	}
	return ""
}

// buildFixture writes the fixture's content beside the repository's
// i18n/ and themes/ in tmp and builds it with the generator.
func buildFixture(tmp string) string {
	a, err := txtar.ParseFile("generator/internal/browsertest/testdata/site.txtar")
	if err != nil {
		fail(err.Error())
	}
	site := filepath.Join(tmp, "site")
	for _, f := range a.Files {
		name := filepath.Join(site, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err == nil {
			err = os.WriteFile(name, f.Data, 0o644)
		}
		if err != nil {
			fail(err.Error())
		}
	}
	for _, sub := range []string{"i18n", "themes"} {
		if err := os.CopyFS(filepath.Join(site, sub), os.DirFS(sub)); err != nil {
			fail(err.Error())
		}
	}
	out := filepath.Join(tmp, "public")
	cmd := exec.Command("go", "run", "./generator", "build", "--source", site, "--dest", out, "--quiet")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		fail("build the fixture: " + err.Error())
	}
	return out
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "lighthouse:", msg)
	cleanUp()
	os.Exit(1)
}
