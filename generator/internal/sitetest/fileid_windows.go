package sitetest

import (
	"os"
	"syscall"
	"testing"
)

// FileID is the identity of the file at path: NTFS's file index, which a
// hard link shares and a file written again does not (the inode number of
// fileid_unix.go). os.FileInfo has no such field on Windows.
func FileID(t testing.TB, path string) uint64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var d syscall.ByHandleFileInformation
	if err := syscall.GetFileInformationByHandle(syscall.Handle(f.Fd()), &d); err != nil {
		t.Fatal(err)
	}
	return uint64(d.FileIndexHigh)<<32 | uint64(d.FileIndexLow)
}
