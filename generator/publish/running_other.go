//go:build !unix

package publish

import "os"

// running reports whether process pid exists. On Windows os.FindProcess
// opens the process, and fails when there is none; where it cannot tell,
// a folder is left alone rather than removed from under a build.
func running(pid int) bool {
	if pid == os.Getpid() {
		return true
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	_ = p.Release()
	return true
}
