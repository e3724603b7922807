package workers

import (
	"context"
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
