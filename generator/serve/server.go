package serve

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"maps"
	"mime"
	"net"
	"net/http"
	"path"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"spean/generator/deploy"
	"spean/generator/diag"
)

//go:embed reload.js
var reloadJS []byte

// The dev server's own files live under this prefix, which no site output
// can use (publish refuses nothing there, but no stage writes it).
const devPrefix = "/__spean/"

// unregisterWorker answers /sw.js when the preview has no service worker:
// a worker left by an earlier preview of a built site on this address would
// otherwise keep serving its saved copies, and no edit would show.
const unregisterWorker = `self.addEventListener('install', function () { self.skipWaiting(); });
self.addEventListener('activate', function () { self.registration.unregister(); });
`

// snapshot is one state of the served site. It is never modified once
// published.
type snapshot struct {
	change
	pages map[string][]byte
	rest  map[string][]byte
	errs  []Problem // the last build failed: files are the last good ones
	warns []Problem // what stands about the files saved (Builder.Standing)
}

func (s *snapshot) get(name string) ([]byte, bool) {
	if b, ok := s.pages[name]; ok {
		return b, true
	}
	b, ok := s.rest[name]
	return b, ok
}

// change is what a snapshot changed, all that a page that missed it needs
// to know. The history keeps these, not the snapshots: a snapshot holds
// every output of its build, and 64 of them kept every version of the
// pages rebuilt in the last 64 saves alive (serve of the 10,000-page site
// grew from 1.7 to 4.7 GB in 24 pages added and removed).
type change struct {
	version int
	changed []string // outputs that differ from the previous snapshot
	all     bool     // too many changes to list, or the first build
}

// Problem is a build error as the overlay shows it.
type Problem struct {
	Pos     string `json:"pos"`
	Message string `json:"message"`
}

// problems turns a build error into overlay lines, file:line:col first.
func problems(err error) []Problem {
	var l diag.List
	if errors.As(err, &l) {
		return lines(l, diag.Error)
	}
	return []Problem{{Message: err.Error()}}
}

// lines are the diagnostics of l of the given severity as the page shows
// them: file:line:col, and the message with its hint.
func lines(l diag.List, severity diag.Severity) []Problem {
	var out []Problem
	for _, d := range l {
		if d.Severity != severity {
			continue
		}
		msg := d.Message
		if d.Hint != "" {
			msg += " (" + d.Hint + ")"
		}
		out = append(out, Problem{Pos: d.Pos.String(), Message: msg})
	}
	return out
}

// Server serves the current snapshot from memory and tells open pages when
// to reload, over Server-Sent Events.
type Server struct {
	// instance tells a page that reconnects after a restart that its
	// version numbers mean nothing any more.
	instance string

	// streams counts open event streams (pages listening for reloads).
	streams atomic.Int32

	mu      sync.Mutex
	cur     *snapshot
	history []change // what recent snapshots changed, for pages that missed some
	waiters []chan struct{}

	// hosts are the host names, besides loopback names and IP addresses,
	// that requests may name in their Host header (AllowHosts).
	hosts []string
}

// AllowHosts lets requests name these hosts too. Any other name is
// refused: a web page elsewhere could otherwise point a name it controls
// at 127.0.0.1 (DNS rebinding) and read the preview, drafts included. IP
// addresses and loopback names are always allowed, since rebinding needs a
// name.
func (s *Server) AllowHosts(names ...string) {
	for _, n := range names {
		s.hosts = append(s.hosts, strings.ToLower(strings.TrimSuffix(n, ".")))
	}
}

// hostAllowed reports whether a request's Host header may be served.
func (s *Server) hostAllowed(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.ToLower(strings.TrimSuffix(strings.Trim(host, "[]"), "."))
	if host == "localhost" || strings.HasSuffix(host, ".localhost") || net.ParseIP(host) != nil {
		return true
	}
	return slices.Contains(s.hosts, host)
}

// NewServer returns a server with nothing built yet.
func NewServer() *Server {
	return &Server{instance: strconv.FormatInt(time.Now().UnixNano(), 36), cur: &snapshot{}}
}

// maxHistory is how many snapshots' changes are kept for pages that missed
// them; a page further behind reloads whole.
const maxHistory = 64

// maxListed is how many changed outputs an event lists before it says
// "all".
const maxListed = 500

// Publish makes a build's outputs current; err, if not nil, is shown in
// the overlay while the previous outputs stay served. warnings (what
// stands about the files saved, Builder.Standing) are shown in a banner
// on every page, whether the build failed or not. delta, when not nil,
// says how pages was made from an earlier map of them (Delta).
func (s *Server) Publish(pages, rest map[string][]byte, delta *Delta, err error, warnings diag.List) {
	s.mu.Lock()
	defer s.mu.Unlock()
	prev := s.cur
	next := &snapshot{change: change{version: prev.version + 1}, pages: prev.pages, rest: prev.rest, warns: lines(warnings, diag.Warning)}
	if err != nil {
		next.errs = problems(err)
	} else {
		next.pages, next.rest = pages, rest
		if prev.pages == nil {
			next.all = true
		} else {
			next.changed = diffNames(prev, next, delta)
		}
	}
	s.cur = next
	if len(s.history) == maxHistory {
		s.history = slices.Delete(s.history, 0, 1)
	}
	s.history = append(s.history, next.change)
	for _, w := range s.waiters {
		close(w)
	}
	s.waiters = nil
}

// A Delta says how a map of pages was made from an earlier one, Base: by
// setting or deleting the names in Names, and no others. A save re-renders
// a page or a few of the 10,000-page site's; comparing every page of the
// two maps to find them took 10–20 ms of the time from save to reload
// (ten thousand names hashed and looked up in a heap of a gigabyte).
type Delta struct {
	Base  map[string][]byte
	Names []string
}

// diffNames lists the outputs that were added, removed or changed from a
// to b. delta, if not nil and made from a's pages, names the only pages
// that may differ.
func diffNames(a, b *snapshot, delta *Delta) []string {
	var out []string
	for i, pair := range [][2]map[string][]byte{{a.pages, b.pages}, {a.rest, b.rest}} {
		x, y := pair[0], pair[1]
		if sameMap(x, y) {
			continue
		}
		if i == 0 && delta != nil && sameMap(x, delta.Base) {
			for _, name := range delta.Names {
				v, inY := y[name]
				w, inX := x[name]
				if inX != inY || !bytes.Equal(v, w) {
					out = append(out, name)
				}
			}
			continue
		}
		for name, v := range y {
			if w, ok := x[name]; !ok || !bytes.Equal(v, w) {
				out = append(out, name)
			}
		}
		for name := range x {
			if _, ok := y[name]; !ok {
				out = append(out, name)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// sameMap reports whether a and b are the same map value (not a copy).
func sameMap(a, b map[string][]byte) bool {
	return reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer()
}

// event is what a page receives after each build.
type event struct {
	Instance string    `json:"instance"`
	Version  int       `json:"version"`
	All      bool      `json:"all,omitempty"`
	Changed  []string  `json:"changed,omitempty"`
	Errors   []Problem `json:"errors,omitempty"`
	// Warnings are shown in a banner that leaves the page usable.
	Warnings []Problem `json:"warnings,omitempty"`
}

// since describes what changed after version v, for a page served at v.
func (s *Server) since(instance string, v int) event {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := event{Instance: s.instance, Version: s.cur.version, Errors: s.cur.errs, Warnings: s.cur.warns}
	if instance != s.instance || v > s.cur.version || len(s.history) == 0 || s.history[0].version > v+1 {
		e.All = instance != s.instance || v != s.cur.version
		return e
	}
	set := map[string]bool{}
	for _, h := range s.history {
		if h.version <= v {
			continue
		}
		if h.all {
			e.All = true
		}
		for _, c := range h.changed {
			set[reloadName(c)] = true
		}
	}
	if len(set) > maxListed {
		e.All = true
	} else if !e.All {
		e.Changed = slices.Sorted(maps.Keys(set))
	}
	return e
}

// reloadName is how an event names a changed output: a file of a search
// index by its folder (<lang>/search/), which the language's search page
// reads from (reload.js). A rebuild writes hundreds of index files under
// new names; listed one by one they passed maxListed and every open tab
// reloaded after every save.
func reloadName(name string) string {
	if dir, _, ok := strings.Cut(name, "/search/"); ok && !strings.Contains(dir, "/") && path.Ext(name) != ".html" {
		return dir + "/search/"
	}
	return name
}

// wait returns a channel closed at the next Publish.
func (s *Server) wait() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := make(chan struct{})
	s.waiters = append(s.waiters, ch)
	return ch
}

func (s *Server) snapshot() *snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cur
}

// ServeHTTP serves the site, the reload script and the event stream.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.hostAllowed(r.Host) {
		http.Error(w, "spean serve: host "+r.Host+" is not allowed; start serve with --host "+r.Host+" to allow it", http.StatusForbidden)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name, ok := cleanPath(r.URL.Path, r.URL.RawPath)
	if !ok {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	// The published site's security headers (deploy.Security), and the
	// one directive of its policy a <meta> cannot carry: no other site
	// may frame the preview. The rest of the policy is in each page.
	for _, h := range deploy.Security {
		w.Header().Set(h[0], h[1])
	}
	w.Header().Set("Content-Security-Policy", "frame-ancestors 'none'")
	switch "/" + name {
	case devPrefix + "reload.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Write(reloadJS)
		return
	case devPrefix + "events":
		s.events(w, r)
		return
	}
	snap := s.snapshot()
	if snap.pages == nil {
		s.writeHTML(w, r, http.StatusServiceUnavailable, placeholder(snap), snap)
		return
	}
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	data, ok := snap.get(name)
	if !ok {
		if _, dir := snap.get(name + "/index.html"); dir {
			http.Redirect(w, r, "/"+name+"/", http.StatusMovedPermanently)
			return
		}
		if name == "sw.js" {
			w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
			w.Write([]byte(unregisterWorker))
			return
		}
		page, ok := snap.get("404.html")
		if !ok {
			page = []byte("<!doctype html><title>404</title><p>not found</p>")
		}
		s.writeHTML(w, r, http.StatusNotFound, page, snap)
		return
	}
	if path.Ext(name) == ".html" {
		s.writeHTML(w, r, http.StatusOK, data, snap)
		return
	}
	w.Header().Set("Content-Type", contentType(name, data))
	// ServeContent answers range requests too: search.js reads a large
	// site's packed index by ranges (generator/search/pack.go).
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
}

// writeHTML adds the reload script to a page: only the dev server does
// this, so `build` output never carries it. An external script is allowed
// by the pages' Content-Security-Policy (script-src 'self').
func (s *Server) writeHTML(w http.ResponseWriter, r *http.Request, status int, page []byte, snap *snapshot) {
	tag := fmt.Sprintf(`<script src="%sreload.js?i=%s&amp;v=%d" defer></script>`, devPrefix, s.instance, snap.version)
	out := make([]byte, 0, len(page)+len(tag))
	if i := bytes.Index(page, []byte("</head>")); i >= 0 {
		out = append(append(append(out, page[:i]...), tag...), page[i:]...)
	} else {
		out = append(append(out, page...), tag...)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(out)))
	w.WriteHeader(status)
	if r.Method == http.MethodGet {
		w.Write(out)
	}
}

// placeholder is the page shown before the first build succeeds.
func placeholder(snap *snapshot) []byte {
	var b strings.Builder
	if len(snap.errs) == 0 {
		b.WriteString("<!doctype html><html lang=en><head><meta charset=utf-8><title>spean serve</title></head><body><h1>Building…</h1>")
	} else {
		b.WriteString("<!doctype html><html lang=en><head><meta charset=utf-8><title>spean serve: build failed</title></head><body><h1>The build failed: nothing to show yet</h1>")
		b.WriteString("<p>Fix the errors below and save; this page reloads when the site builds.</p>")
	}
	for _, p := range snap.errs {
		fmt.Fprintf(&b, "<p><code>%s</code> %s</p>", html.EscapeString(p.Pos), html.EscapeString(p.Message))
	}
	b.WriteString("</body></html>")
	return []byte(b.String())
}

// events streams one event per build to a page; the first tells what
// changed since the version the page was served at.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	s.streams.Add(1)
	defer s.streams.Add(-1)
	v, _ := strconv.Atoi(r.URL.Query().Get("v"))
	inst := r.URL.Query().Get("i")
	for {
		next := s.wait()
		e := s.since(inst, v)
		b, _ := json.Marshal(e)
		if _, err := fmt.Fprintf(w, "event: build\ndata: %s\n\n", b); err != nil {
			return
		}
		fl.Flush()
		inst, v = e.Instance, e.Version
	wait:
		for {
			select {
			case <-r.Context().Done():
				return
			case <-next:
				break wait
			case <-time.After(25 * time.Second):
				// A comment line keeps idle timeouts from closing the
				// stream.
				if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil {
					return
				}
				fl.Flush()
			}
		}
	}
}

// cleanPath turns a request path into an output name, refusing anything
// that is not plainly inside the site: "..", backslashes, NUL, and encoded
// slashes, which could smuggle a ".." past a proxy's own checks.
func cleanPath(p, raw string) (string, bool) {
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") || strings.Contains(strings.ToLower(raw), "%2f") ||
		strings.Contains(strings.ToLower(raw), "%5c") {
		return "", false
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." || seg == "." {
			return "", false
		}
	}
	name := strings.TrimPrefix(p, "/")
	if strings.Contains(name, "//") {
		return "", false
	}
	return name, true
}

// types are the content types of the site's files; Go's table lacks some
// (.webmanifest, .woff2 on some systems) and differs between systems.
var types = map[string]string{
	".html":        "text/html; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".json":        "application/json",
	".webmanifest": "application/manifest+json",
	".svg":         "image/svg+xml",
	".xml":         "application/xml; charset=utf-8",
	".txt":         "text/plain; charset=utf-8",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".webp":        "image/webp",
	".gif":         "image/gif",
	".ico":         "image/x-icon",
	".woff2":       "font/woff2",
	".woff":        "font/woff",
	".ttf":         "font/ttf",
	".zip":         "application/zip",
	".pdf":         "application/pdf",
	".gz":          "application/gzip",
	".br":          "application/octet-stream",
}

func contentType(name string, data []byte) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := types[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return http.DetectContentType(data)
}
