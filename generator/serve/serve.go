// Package serve is the live preview behind `spean serve`: it builds the
// site into memory, serves it on a local address, watches content/,
// themes/, i18n/ and the config file, rebuilds what a save affects, and
// tells open pages to reload (Server-Sent Events), or shows the build error
// over the page until the file is fixed.
//
// In: the site folder on disk and the build stages. Out: HTTP responses
// and one line per build on the terminal. Nothing is written to disk.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"spean/generator/config"
	"spean/generator/diag"
	"spean/generator/paths"
)

// Options say what to serve and where.
type Options struct {
	// Site is the site folder on disk; ConfigFile the config's path in it.
	Site       *paths.Site
	ConfigFile string
	LoadConfig func() (*config.Config, error)
	// Addr is host:port to listen on; a host that is not a loopback
	// address must be allowed with Expose.
	Addr   string
	Expose bool
	// Hosts are host names requests may use besides loopback names and IP
	// addresses (see Server.AllowHosts).
	Hosts []string
	// Quiet and MaxWait are the debounce: a build starts once no file
	// event came for Quiet, or MaxWait after the first of a stream.
	Quiet, MaxWait time.Duration
	// FinishDelay is how long the writer must pause before the search
	// index and other renderers' files are rebuilt: on a large site that
	// takes a minute of CPU, which a save would cancel and which would
	// slow the next save's pages meanwhile.
	FinishDelay    time.Duration
	Stdout, Stderr io.Writer
	// Listening, if set, receives the URL once the server listens.
	Listening func(url string)
	// Built, if set, is called after each publish (tests wait on it).
	Built func(BuildInfo)

	// server, if set, is used instead of a new one (tests read its
	// snapshots).
	server *Server
}

// BuildInfo describes one publish, for tests and the benchmark.
type BuildInfo struct {
	Err      error
	Full     bool
	Complete bool // the search index and other renderers are up to date
	Rendered int
	Duration time.Duration
}

// CheckAddr refuses to listen beyond this machine unless expose is set:
// the preview has no authentication and serves drafts.
func CheckAddr(addr string, expose bool) (warning string, err error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("--addr %q: %w", addr, err)
	}
	if host == "localhost" {
		return "", nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return "", nil
	}
	if !expose {
		return "", fmt.Errorf("--addr %s listens beyond this computer; add --expose if you mean it", addr)
	}
	return fmt.Sprintf("warning: serving on %s: anyone on the network can read this preview, with every change not yet published (and drafts, with --drafts)", addr), nil
}

// Run serves until ctx is cancelled, then shuts down gracefully.
func Run(ctx context.Context, o Options) error {
	if o.Quiet == 0 {
		o.Quiet = 20 * time.Millisecond
	}
	if o.MaxWait == 0 {
		o.MaxWait = 300 * time.Millisecond
	}
	if o.FinishDelay == 0 {
		o.FinishDelay = time.Second
	}
	warn, err := CheckAddr(o.Addr, o.Expose)
	if err != nil {
		return err
	}
	if warn != "" {
		fmt.Fprintln(o.Stderr, warn)
	}
	abs := o.Site.Root
	cfgRel := filepath.ToSlash(o.ConfigFile)
	if cfgRel == "" {
		cfgRel = "config.yaml"
	}
	// Watch before the first build, so a save during it is not lost.
	w, err := newWatcher(abs, cfgRel, o.Site.MayRead)
	if err != nil {
		return err
	}
	batches := make(chan Batch)
	wctx, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	go w.run(wctx, o.Quiet, o.MaxWait, batches)

	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", o.Addr, err)
	}
	srv := o.server
	if srv == nil {
		srv = NewServer()
	}
	srv.AllowHosts(o.Hosts...)
	if host, _, err := net.SplitHostPort(o.Addr); err == nil && host != "" {
		srv.AllowHosts(host)
	}
	// Idle keep-alive connections are closed, so a forgotten tab or a
	// scanner cannot hold connections open for ever; event streams are
	// not idle and stay.
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 30 * time.Second, MaxHeaderBytes: 64 << 10}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	url := "http://" + ln.Addr().String() + "/"
	fmt.Fprintf(o.Stdout, "serving %s on %s (Ctrl-C to stop)\n", abs, url)
	if o.Listening != nil {
		o.Listening(url)
	}

	loop := &loop{b: NewBuilder(o.Site.FS(), o.LoadConfig), srv: srv, o: o}
	loopDone := make(chan error, 1)
	go func() { loopDone <- loop.run(ctx, batches) }()
	var loopErr error
	select {
	case loopErr = <-loopDone:
	case <-ctx.Done():
		// A build in progress stops at its next check of ctx; the search
		// index of a large site checks rarely, and Ctrl-C must not wait
		// for it. Nothing it could still do outlives the process.
		select {
		case loopErr = <-loopDone:
		case <-time.After(time.Second):
			loopErr = ctx.Err()
		}
	}

	// Graceful shutdown: event streams never end by themselves, so they
	// are cut once the other requests had a moment to finish.
	sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		hs.Close()
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	if loopErr != nil && !errors.Is(loopErr, context.Canceled) {
		return loopErr
	}
	return nil
}

// loop is the one goroutine that builds; the finishing step of an
// incremental build runs beside it and is applied if still current.
type loop struct {
	b   *Builder
	srv *Server
	o   Options
	// good says a build has succeeded: there is a site to keep serving.
	good bool
}

func (l *loop) run(ctx context.Context, batches <-chan Batch) error {
	finDone := make(chan *Finished, 1)
	var finCancel context.CancelFunc
	finRunning, finWanted := false, false
	var finTimer <-chan time.Time
	// failing is set while the overlay shows an error: the next good
	// build must clear it even if no output changed.
	failing := false
	startFinish := func() {
		finTimer = nil
		fn := l.b.Finisher()
		if fn == nil {
			return
		}
		fctx, cancel := context.WithCancel(ctx)
		finCancel = cancel
		finRunning, finWanted = true, false
		go func() { finDone <- fn(fctx) }()
	}
	publish := func(r *Result) {
		if r.Err != nil {
			l.report(r.Err)
		} else {
			l.good = true
			for _, d := range r.Warnings {
				fmt.Fprintln(l.o.Stderr, d.String())
			}
		}
		l.srv.Publish(r.Pages, r.Rest, r.Delta, r.Err, l.b.Standing())
		if l.o.Built != nil {
			l.o.Built(BuildInfo{Err: r.Err, Full: r.Full, Complete: r.Complete, Rendered: r.Rendered, Duration: r.Duration})
		}
	}

	r := l.b.Build(ctx, nil, true)
	publish(r)
	failing = r.Err != nil
	if r.Err == nil {
		fmt.Fprintf(l.o.Stdout, "built %d pages in %s\n", r.Rendered, r.Duration.Round(time.Millisecond))
	}
	for {
		select {
		case <-ctx.Done():
			if finCancel != nil {
				finCancel()
			}
			return ctx.Err()
		case batch := <-batches:
			if finCancel != nil {
				finCancel() // its site is out of date: let it stop early
			}
			r := l.b.Build(ctx, batch.Paths, batch.All || len(batch.Paths) == 0)
			if r.Unchanged && !failing {
				continue
			}
			failing = r.Err != nil
			publish(r)
			if r.Err == nil {
				kind := "rebuilt"
				if r.Full {
					kind = "rebuilt everything:"
				}
				fmt.Fprintf(l.o.Stdout, "%s %d pages in %s\n", kind, r.Rendered, r.Duration.Round(time.Millisecond))
				if !r.Complete {
					finWanted = true
				}
			}
			if finWanted && !finRunning {
				finTimer = time.After(l.o.FinishDelay)
			}
		case <-finTimer:
			if finWanted && !finRunning {
				startFinish()
			}
		case f := <-finDone:
			finRunning = false
			finCancel()
			if l.b.Apply(f) {
				publish(&f.Result)
				failing = false
				fmt.Fprintf(l.o.Stdout, "updated search and other files in %s\n", f.Duration.Round(time.Millisecond))
			} else if f.Err != nil && l.b.Current(f) && !errors.Is(f.Err, context.Canceled) {
				publish(&f.Result)
				failing = true
			}
			if finWanted {
				finTimer = time.After(l.o.FinishDelay)
			}
		}
	}
}

// report prints a failed build the way `spean build` does.
func (l *loop) report(err error) {
	if ll, ok := err.(diag.List); ok {
		ll.Sort()
		for _, d := range ll {
			fmt.Fprintln(l.o.Stderr, d.String())
		}
		if l.good {
			fmt.Fprintln(l.o.Stderr, "spean: build failed; still serving the last good build")
		} else {
			fmt.Fprintln(l.o.Stderr, "spean: build failed; nothing to serve until it builds: fix the errors above and save (serve rebuilds on every save)")
		}
		return
	}
	fmt.Fprintf(l.o.Stderr, "spean: %v\n", err)
}
