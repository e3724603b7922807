package gcgoal

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"
)

func TestLower(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	for _, c := range []struct {
		user, lower, during int
	}{
		{100, 50, 50}, // lowered, then put back
		{30, 50, 30},  // the user's lower setting stays
		{50, 50, 50},
		{-1, 50, -1}, // GOGC=off stays off
	} {
		debug.SetGCPercent(c.user)
		restore := Lower(c.lower)
		if got := debug.SetGCPercent(c.during); got != c.during {
			t.Errorf("GOGC %d, Lower(%d): %d while lowered, want %d", c.user, c.lower, got, c.during)
		}
		// Nested: a stretch lowered further inside this one.
		inner := Lower(20)
		inner()
		if got := debug.SetGCPercent(c.during); got != c.during {
			t.Errorf("GOGC %d, Lower(%d): %d after a nested Lower(20), want %d", c.user, c.lower, got, c.during)
		}
		restore()
		if got := debug.SetGCPercent(c.user); got != c.user {
			t.Errorf("GOGC %d, Lower(%d): %d after restore, want %d", c.user, c.lower, got, c.user)
		}
	}
}

func TestWithinFootprint(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(50))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	keep := make([]byte, 8<<20) // some memory in use, and resident
	for i := range keep {
		keep[i] = 1
	}
	runtime.GC()
	restore := WithinFootprint()
	limit := debug.SetMemoryLimit(-1)
	if got := debug.SetGCPercent(-1); got != -1 {
		t.Errorf("GOGC %d inside, want off", got)
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	if limit == math.MaxInt64 || limit > int64(m.Sys) || limit < int64(len(keep)) {
		t.Errorf("limit %d inside, want within what is held (%d mapped)", limit, m.Sys)
	}
	restore()
	if got := debug.SetGCPercent(-1); got != 50 {
		t.Errorf("GOGC %d after, want 50 back", got)
	}
	debug.SetGCPercent(50)
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("limit %d after, want none", got)
	}
	runtime.KeepAlive(keep)

	// A user's limit, or GOGC=off, is left alone.
	debug.SetMemoryLimit(1 << 40)
	WithinFootprint()()
	if got := debug.SetMemoryLimit(-1); got != 1<<40 {
		t.Errorf("the user's limit became %d", got)
	}
	debug.SetMemoryLimit(math.MaxInt64)
	debug.SetGCPercent(-1)
	restore = WithinFootprint()
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("GOGC=off: a limit of %d was set", got)
	}
	restore()
	if got := debug.SetGCPercent(50); got != -1 {
		t.Errorf("GOGC=off became %d", got)
	}
}

func TestHeadroom(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	runtime.GC() // what is in use, measured
	for _, c := range []struct {
		room     int64
		atLeast  int
		atMost   int
		userGOGC string
	}{
		{1 << 40, 1000, 1000, ""},  // far more room than the heap: the most
		{1, 100, 100, ""},          // less room than the heap: Go's own goal
		{1 << 40, 100, 100, "100"}, // the user's GOGC stays
	} {
		t.Setenv("GOGC", c.userGOGC)
		restore := Headroom(c.room)
		got := debug.SetGCPercent(100)
		debug.SetGCPercent(got)
		if got < c.atLeast || got > c.atMost {
			t.Errorf("Headroom(%d) with GOGC %q: %d, want %d-%d", c.room, c.userGOGC, got, c.atLeast, c.atMost)
		}
		restore()
		if got := debug.SetGCPercent(100); got != 100 {
			t.Errorf("Headroom(%d): %d after restore, want 100", c.room, got)
		}
	}
}

// TestFirstAt: the first goal raised to about room, and the goal back
// with the first cycle, or with restore, whichever comes first; a user's
// GOGC or memory limit is left as it is.
func TestFirstAt(t *testing.T) {
	if os.Getenv("GOGC") != "" {
		t.Skip("GOGC is set: FirstAt leaves it as it is")
	}
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	// Read, not set: the finalizer may put the goal back meanwhile.
	gogc := func() int {
		s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
		metrics.Read(s)
		return int(s[0].Value.Uint64())
	}
	check := func(when string, pct int) {
		t.Helper()
		if got := gogc(); got != pct {
			t.Errorf("%s: GOGC %d, want %d", when, got, pct)
		}
	}

	// Put back by restore.
	restore := FirstAt(64 << 20)
	check("before the first cycle", 1600) // 4 MB at 100
	restore()
	check("after restore", 100)
	restore() // a second call changes nothing
	check("after a second restore", 100)

	// Put back by the first cycle: its finalizer runs on a goroutine of
	// its own, soon after.
	restore = FirstAt(64 << 20)
	runtime.GC()
	for i := 0; i < 1000 && gogc() != 100; i++ {
		time.Sleep(time.Millisecond)
	}
	check("after the first cycle", 100)
	restore()
	check("after the first cycle and restore", 100)

	// A user's memory limit stays, and no goal is changed.
	debug.SetMemoryLimit(1 << 30)
	restore = FirstAt(64 << 20)
	check("under a user's memory limit", 100)
	restore()
	check("after, under a user's memory limit", 100)
}
