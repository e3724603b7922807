//go:build unix

package sitetest

import (
	"os"
	"syscall"
)

// fileID is the file's inode number.
func fileID(path string) (uint64, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	return fi.Sys().(*syscall.Stat_t).Ino, nil
}
