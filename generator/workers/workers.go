// Package workers is the build's one way to do independent work in
// parallel: a bounded pool of goroutines, one per processor, that stops
// handing out work once the context is done.
package workers

import (
	"context"
	"runtime"
	"sync"
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

// Each calls fn(i) for every i in [0, n) on up to Count(limit) goroutines
// and waits for them. Items not started when ctx is done are skipped.
// fn may write only to its own i's part of shared results.
func Each(ctx context.Context, n, limit int, fn func(i int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(Count(limit), max(n, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := range n {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
}
