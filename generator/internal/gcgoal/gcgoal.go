// Package gcgoal lowers the garbage collector's goal for a stretch of a
// build. A build keeps the loaded site in memory from start to end, and
// most of what its steps allocate after that is garbage within the step:
// with the default goal (a cycle once the heap has doubled over what is in
// use) that garbage, and large outputs that no longer fit the holes it
// leaves, set the build's peak memory (issue 13).
package gcgoal

import "runtime/debug"

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
