//go:build !unix

package build

import "time"

// cpuTime is unknown here (-1): --timings gives wall time alone.
func cpuTime() time.Duration { return -1 }
