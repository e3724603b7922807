package gcgoal

import (
	"runtime/debug"
	"testing"
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
