// Command servebench measures `spean serve` from outside, as a writer
// sees it: the time from saving a content file to the server having told
// open pages to reload and serving the new page. It starts the real
// command on a site folder, listens to the reload events like the page
// script does, saves one page again and again, and prints the median.
//
//	go run ./generator/internal/servebench -site /tmp/site10k -n 15
//
// It edits the page's file and puts it back when done: point it at a copy
// of the site, not at files others are editing. With -edit add it instead
// adds a page beside that one and removes it again, n times each, and
// times both: from the save to the new page served, and from the removal
// to the page gone (404) and its section's list without it.
package main

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

func main() {
	site := flag.String("site", "", "site folder (a copy: its page is edited)")
	bin := flag.String("bin", "", "spean binary (default: go build ./generator)")
	n := flag.Int("n", 15, "number of saves")
	page := flag.String("page", "", "content file to save, from the site folder (default: the middle English page)")
	edit := flag.String("edit", "body", "what each save changes: body or title; add: add a page beside it and remove it again")
	gap := flag.Duration("gap", 1500*time.Millisecond, "pause between saves")
	flag.Parse()
	if err := run(*site, *bin, *page, *edit, *n, *gap); err != nil {
		fmt.Fprintln(os.Stderr, "servebench:", err)
		os.Exit(1)
	}
}

type event struct {
	Instance string   `json:"instance"`
	Version  int      `json:"version"`
	All      bool     `json:"all"`
	Changed  []string `json:"changed"`
	Errors   []struct {
		Pos, Message string
	} `json:"errors"`
}

func run(site, bin, page, edit string, n int, gap time.Duration) error {
	if site == "" {
		return fmt.Errorf("-site is required")
	}
	if bin == "" {
		dir, err := os.MkdirTemp("", "servebench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		bin = filepath.Join(dir, "spean")
		if out, err := exec.Command("go", "build", "-o", bin, "./generator").CombinedOutput(); err != nil {
			return fmt.Errorf("go build ./generator: %v\n%s", err, out)
		}
	}
	if page == "" {
		var err error
		if page, err = middlePage(site); err != nil {
			return err
		}
	}
	out := outputName(page)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	addr := ln.Addr().String()
	ln.Close()

	fmt.Printf("load before: %s", loadavg())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "serve", "--source", site, "--addr", addr)
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.Stderr = os.Stderr
	stdout, _ := cmd.StdoutPipe()
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return err
	}
	// Ctrl-C, as a writer stops serve: it must shut down by itself.
	defer func() {
		cancel()
		// Wait reports the cancel itself when serve exited 0 after it.
		if err := cmd.Wait(); err != nil && !errors.Is(err, context.Canceled) {
			fmt.Fprintln(os.Stderr, "servebench: serve did not exit cleanly:", err)
		}
	}()
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	for l := range lines {
		if strings.HasPrefix(l, "built ") {
			fmt.Printf("first build (full, in memory, server started to pages served): %s; serve says: %s\n", time.Since(start).Round(time.Millisecond), l)
			break
		}
	}
	go func() {
		for l := range lines {
			fmt.Println("  serve:", l)
		}
	}()

	req, _ := http.NewRequestWithContext(ctx, "GET", "http://"+addr+"/__spean/events", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	events := make(chan event, 100)
	go func() {
		sc := bufio.NewScanner(res.Body)
		sc.Buffer(nil, 4<<20)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				var e event
				if json.Unmarshal([]byte(data), &e) == nil {
					events <- e
				}
			}
		}
	}()
	<-events // the state on connecting

	file := filepath.Join(site, filepath.FromSlash(page))
	orig, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	if edit == "add" {
		return addRemove(addr, file, page, orig, events, n, gap, cmd.Process.Pid)
	}
	defer os.WriteFile(file, orig, 0o644)
	var times []time.Duration
	for i := range n {
		time.Sleep(gap)
		marker := fmt.Sprintf("Servebench save %d at %d.", i, time.Now().UnixNano())
		text := string(orig) + "\n" + marker + "\n"
		if edit == "title" {
			text = strings.Replace(string(orig), "title: ", "title: "+marker+" ", 1)
		}
		t0 := time.Now()
		if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
			return err
		}
		if err := waitReload(events, out); err != nil {
			return err
		}
		_, body, err := get("http://" + addr + "/" + strings.TrimSuffix(out, "index.html"))
		if err != nil {
			return err
		}
		took := time.Since(t0)
		if !strings.Contains(body, marker) {
			return fmt.Errorf("save %d: reload event came but %s lacks the edit", i, out)
		}
		times = append(times, took)
		fmt.Printf("save %2d: %s\n", i, took.Round(100*time.Microsecond))
	}
	summary(fmt.Sprintf("page %s (%s edits)", page, edit), times)
	fmt.Printf("load after: %s", loadavg())
	fmt.Printf("serve's peak RSS: %s\n", peakRSS(cmd.Process.Pid))
	return nil
}

// addRemove adds a page beside page n times, each time removing it again,
// and prints how long each took to show: the new page served, then gone
// (404) with its section's list no longer naming it.
func addRemove(addr, file, page string, orig []byte, events <-chan event, n int, gap time.Duration, pid int) error {
	newPage := path.Join(path.Dir(page), "servebench-added"+path.Ext(strings.TrimSuffix(page, ".md"))+".md")
	newFile := filepath.Join(filepath.Dir(file), filepath.Base(newPage))
	out := outputName(newPage)
	url := "http://" + addr + "/" + strings.TrimSuffix(out, "index.html")
	// The section's page lists the new page by its title.
	section := path.Dir(path.Dir(out)) + "/index.html"
	sectionURL := "http://" + addr + "/" + strings.TrimSuffix(section, "index.html")
	if !strings.Contains(string(orig), "\ntitle: ") {
		return fmt.Errorf("%s has no title line to change", page)
	}
	defer os.Remove(newFile)
	var added, removed []time.Duration
	for i := range n {
		time.Sleep(gap)
		marker := fmt.Sprintf("Servebench page %d at %d", i, time.Now().UnixNano())
		text := strings.Replace(string(orig), "\ntitle: ", "\ntitle: "+marker+" ", 1)
		t0 := time.Now()
		if err := os.WriteFile(newFile, []byte(text), 0o644); err != nil {
			return err
		}
		if err := waitReload(events, out); err != nil {
			return err
		}
		code, body, err := get(url)
		if err != nil {
			return err
		}
		took := time.Since(t0)
		if code != http.StatusOK || !strings.Contains(body, marker) {
			return fmt.Errorf("add %d: reload event came but %s is %d without the new page's title", i, out, code)
		}
		if _, list, err := get(sectionURL); err != nil || !strings.Contains(list, marker) {
			return fmt.Errorf("add %d: %s does not list the new page (%v)", i, section, err)
		}
		added = append(added, took)

		time.Sleep(gap)
		t0 = time.Now()
		if err := os.Remove(newFile); err != nil {
			return err
		}
		if err := waitReload(events, section); err != nil {
			return err
		}
		code, _, err = get(url)
		if err != nil {
			return err
		}
		took = time.Since(t0)
		if code != http.StatusNotFound {
			return fmt.Errorf("remove %d: reload event came but %s is %d, want 404", i, out, code)
		}
		if _, list, err := get(sectionURL); err != nil || strings.Contains(list, marker) {
			return fmt.Errorf("remove %d: %s still lists the removed page (%v)", i, section, err)
		}
		removed = append(removed, took)
		fmt.Printf("page %2d: added %s, removed %s\n", i, added[i].Round(100*time.Microsecond), took.Round(100*time.Microsecond))
	}
	summary("page "+newPage+" added", added)
	summary("page "+newPage+" removed", removed)
	fmt.Printf("load after: %s", loadavg())
	fmt.Printf("serve's peak RSS: %s\n", peakRSS(pid))
	return nil
}

// summary prints the median, least and most of times.
func summary(what string, times []time.Duration) {
	slices.Sort(times)
	r := func(d time.Duration) time.Duration { return d.Round(100 * time.Microsecond) }
	fmt.Printf("%s: median %s, min %s, max %s over %d\n", what, r(times[len(times)/2]), r(times[0]), r(times[len(times)-1]), len(times))
}

// waitReload waits for the event that tells a page showing out to reload.
func waitReload(events <-chan event, out string) error {
	timeout := time.After(5 * time.Minute)
	for {
		select {
		case e := <-events:
			if len(e.Errors) > 0 {
				return fmt.Errorf("build failed: %s: %s", e.Errors[0].Pos, e.Errors[0].Message)
			}
			if e.All || slices.Contains(e.Changed, out) {
				return nil
			}
		case <-timeout:
			return fmt.Errorf("no reload for %s within 5 minutes", out)
		}
	}
}

func get(url string) (int, string, error) {
	res, err := http.Get(url)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res.StatusCode, string(b), err
}

// middlePage picks the English regular page in the middle of the sorted
// list: not the first section, not a home page.
func middlePage(site string) (string, error) {
	var pages []string
	err := fs.WalkDir(os.DirFS(site), "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".en.md") && !strings.HasPrefix(d.Name(), "_") && !strings.Contains(p, "/_") {
			pages = append(pages, p)
		}
		return nil
	})
	if err != nil || len(pages) == 0 {
		return "", cmp.Or(err, fmt.Errorf("no English pages under %s/content", site))
	}
	slices.Sort(pages)
	return pages[len(pages)/2], nil
}

// outputName is the page a content file makes in its own language:
// content/a/b.en.md -> en/a/b/index.html.
func outputName(page string) string {
	p := strings.TrimSuffix(strings.TrimPrefix(page, "content/"), ".md")
	i := strings.LastIndex(p, ".")
	lang, key := p[i+1:], p[:i]
	return lang + "/" + key + "/index.html"
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown\n"
	}
	return string(b)
}

// peakRSS is VmHWM of a running process, from /proc (Linux).
func peakRSS(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "unknown"
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}
