// Package workers is the build's one way to do independent work in
// parallel: a bounded pool of goroutines, one per processor, that stops
// handing out work once the context is done.
package workers

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
)

// Count is how many goroutines work at once: one per processor, at most
// limit when limit > 0 (a Chromium tab each costs memory, for example).
func Count(limit int) int {
	n := runtime.GOMAXPROCS(0)
	if limit > 0 {
		n = min(n, limit)
	}
	return max(n, 1)
}

// Each calls fn(i) for every i in [0, n) on up to Count(limit) goroutines,
// the caller's among them, and waits for them. Items are started in order;
// those not started when ctx is done are skipped. fn may write only to its
// own i's part of shared results.
//
// Each goroutine takes the next item from a shared counter. Handing items
// out from a channel took a third goroutine that had to be scheduled for
// every item: with two processors busy, the workers of the 10,000-page
// site's steps waited for it (132 ms of the documents cache's 0.7 s step,
// go tool trace -pprof=sched).
func Each(ctx context.Context, n, limit int, fn func(i int)) {
	var next atomic.Int64
	done := ctx.Done()
	work := func() {
		for {
			select {
			case <-done:
				return
			default:
			}
			i := next.Add(1) - 1
			if i >= int64(n) {
				return
			}
			fn(int(i))
		}
	}
	var wg sync.WaitGroup
	for range min(Count(limit), max(n, 1)) - 1 {
		wg.Go(work)
	}
	work()
	wg.Wait()
}
