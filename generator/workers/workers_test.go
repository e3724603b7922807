package workers

import (
	"context"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
)

func TestEach(t *testing.T) {
	var sum atomic.Int64
	seen := make([]int, 100)
	Each(context.Background(), 100, 0, func(i int) {
		seen[i]++
		sum.Add(int64(i))
	})
	if sum.Load() != 4950 {
		t.Errorf("sum = %d", sum.Load())
	}
	for i, n := range seen {
		if n != 1 {
			t.Fatalf("item %d done %d times", i, n)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var ran atomic.Int32
	Each(ctx, 100, 2, func(int) { ran.Add(1) })
	if ran.Load() != 0 {
		t.Errorf("a cancelled context still ran %d items", ran.Load())
	}
	if Count(1) != 1 {
		t.Errorf("Count(1) = %d", Count(1))
	}
}

// Each runs at most Count(limit) items at once, starts them in order, and
// stops starting them once the context is done, even from inside an item.
func TestEachBounds(t *testing.T) {
	for _, limit := range []int{0, 1, 2, 3} {
		var running, most atomic.Int32
		var mu sync.Mutex
		var order []int
		Each(context.Background(), 200, limit, func(i int) {
			mu.Lock()
			order = append(order, i)
			mu.Unlock()
			n := running.Add(1)
			for {
				m := most.Load()
				if n <= m || most.CompareAndSwap(m, n) {
					break
				}
			}
			runtime.Gosched()
			running.Add(-1)
		})
		if m := most.Load(); int(m) > Count(limit) {
			t.Errorf("limit %d: %d at once, want at most %d", limit, m, Count(limit))
		}
		if limit == 1 && !slices.IsSorted(order) {
			t.Errorf("limit 1: items started out of order")
		}
		if len(order) != 200 {
			t.Errorf("limit %d: %d items run, want 200", limit, len(order))
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	var ran atomic.Int32
	Each(ctx, 1000, 1, func(i int) {
		ran.Add(1)
		if i == 9 {
			cancel()
		}
	})
	if ran.Load() != 10 {
		t.Errorf("cancelled at item 9: %d items ran, want 10", ran.Load())
	}
}
