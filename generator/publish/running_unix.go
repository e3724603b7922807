//go:build unix

package publish

import (
	"errors"
	"os"
	"syscall"
)

// running reports whether process pid exists: signal 0 is sent to no
// one, and a process of another user answers EPERM.
func running(pid int) bool {
	if pid == os.Getpid() {
		return true
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
