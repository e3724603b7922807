//go:build unix

package sitetest

import (
	"os"
	"syscall"
	"testing"
)

// FileID is the identity of the file at path: its inode number. A file
// a build reused (kept, or hard-linked from the previous build) keeps it;
// one written again gets a new one.
func FileID(t testing.TB, path string) uint64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Sys().(*syscall.Stat_t).Ino
}
