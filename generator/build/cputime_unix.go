//go:build unix

package build

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time the process has used so far, user and system,
// on every core.
func cpuTime() time.Duration {
	var r syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &r) != nil {
		return -1
	}
	return time.Duration(r.Utime.Nano() + r.Stime.Nano())
}
