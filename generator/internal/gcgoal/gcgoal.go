// Package gcgoal lowers the garbage collector's goal for a stretch of a
// build. A build keeps the loaded site in memory from start to end, and
// most of what its steps allocate after that is garbage within the step:
// with the default goal (a cycle once the heap has doubled over what is in
// use) that garbage, and large outputs that no longer fit the holes it
// leaves, set the build's peak memory (issue 13).
package gcgoal

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
)

// Lower makes the collector start a cycle once the heap has grown pct
// percent over what the last cycle left in use, and returns what puts the
// previous setting back. A lower setting (the user's GOGC, a stretch
// lowered further already, or GOGC=off) stays as it is.
func Lower(pct int) (restore func()) {
	was := debug.SetGCPercent(pct)
	if was < 0 || was <= pct {
		debug.SetGCPercent(was)
		return func() {}
	}
	return func() { debug.SetGCPercent(was) }
}

// Headroom makes the collector wait, after each cycle, until the heap has
// grown by what is in use or by room bytes, whichever is more, and
// returns what puts the previous setting back: for a build that makes
// little over a small loaded site, whose heap Go's goal would have it
// collect over and over (a rebuild of the 1,000-page site after one
// page's edit ran nine cycles in 0.2 s). The goal is set once, from what
// the last cycle left in use; a user's GOGC, or GOGC=off, stays.
func Headroom(room int64) (restore func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return func() {}
	}
	live := max(int64(s[0].Value.Uint64()), 1)
	pct := max(100, int(min(room*100/live, 1000)))
	was := debug.SetGCPercent(pct)
	return func() { debug.SetGCPercent(was) }
}

// FirstAt makes the collector's first cycle wait until the heap reaches
// about room bytes, and the goal it had come back with that cycle, or when
// restore is called, whichever is first. A process starts with a goal of
// 4 MB that doubles each cycle: loading the 1,000-page site grew the heap
// to 31 MB through five cycles in 46 ms, each marking a heap soon to be
// larger. The first goal is Go's minimum heap, 4 MB scaled by GOGC, so
// GOGC is raised until then; a memory limit would do it too, but between
// the first cycle and the goal's return the heap is over it, and the
// collector runs again and again. A user's GOGC or GOMEMLIMIT is left as
// it is.
func FirstAt(room int64) (restore func()) {
	const noLimit = math.MaxInt64
	if os.Getenv("GOGC") != "" || debug.SetMemoryLimit(-1) != noLimit {
		return func() {}
	}
	const minimumHeap = 4 << 20 // the runtime's, at GOGC=100
	was := debug.SetGCPercent(int(max(100, room*100/minimumHeap)))
	var once sync.Once
	restore = func() { once.Do(func() { debug.SetGCPercent(was) }) }
	// Unreachable from the start, so the first cycle finalizes it. Not
	// a tiny object (under 16 bytes, without pointers), which shares a
	// block with others and is finalized only when all of them go.
	first := new([16]byte)
	runtime.SetFinalizer(first, func(*[16]byte) { restore() })
	return restore
}

// WithinFootprint lets the heap grow, without collecting, up to the memory
// the process holds now, and collects only then (GOGC off under a memory
// limit of that size), until restore is called. It is for the steps after
// the build's peak of memory: they allocate much and keep little (the zips
// deflate 800 MB of pages into 200 MB on the 10,000-page site), and
// collecting whenever their small heap grew by half was 1.2-1.6 CPU-s of
// collection there; held under the footprint the peak already reached,
// they cannot raise the build's peak.
//
// A user's own memory limit, or GOGC=off, is left as it is.
func WithinFootprint() (restore func()) {
	const noLimit = math.MaxInt64
	if debug.SetMemoryLimit(-1) != noLimit {
		return func() {} // the user's GOMEMLIMIT
	}
	s := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}, {Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	for _, x := range s {
		if x.Value.Kind() != metrics.KindUint64 {
			return func() {}
		}
	}
	held := int64(s[0].Value.Uint64() - s[1].Value.Uint64())
	// The runtime counts memory it has mapped and not returned, some of
	// which may never have been touched: where the system says how much
	// of the process's own memory is resident, the limit is no more.
	if r, ok := residentAnon(); ok && r < held {
		held = r
	}
	// But never so little that collecting would come more often than the
	// build's own goal (a cycle once the heap is half as large again as
	// what is in use: build.Run) would have it.
	held = max(held, int64(s[2].Value.Uint64())*3/2)
	was := debug.SetGCPercent(-1)
	if was < 0 {
		return func() {} // GOGC=off: already off, and no limit to add
	}
	debug.SetMemoryLimit(held)
	return func() {
		debug.SetMemoryLimit(noLimit)
		debug.SetGCPercent(was)
	}
}

// residentAnon returns how much of the process's memory that no file backs
// is resident, from /proc/self/statm (resident less shared pages), where
// there is one.
func residentAnon() (int64, bool) {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0, false
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return 0, false
	}
	resident, err1 := strconv.ParseInt(f[1], 10, 64)
	shared, err2 := strconv.ParseInt(f[2], 10, 64)
	if err1 != nil || err2 != nil || shared > resident {
		return 0, false
	}
	return (resident - shared) * int64(os.Getpagesize()), true
}
