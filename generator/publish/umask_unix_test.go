//go:build unix

package publish

import (
	"syscall"
	"testing"
)

// withUmask sets the process's umask for the test and reports that file
// modes mean what they say here, so a test may check them.
func withUmask(t *testing.T, mask int) bool {
	old := syscall.Umask(mask)
	t.Cleanup(func() { syscall.Umask(old) })
	return true
}
