package sitetest

import (
	"os"
	"syscall"
)

// fileID is NTFS's file index, which a hard link shares and a file
// written again does not: os.FileInfo has no such field on Windows.
func fileID(path string) (uint64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	var d syscall.ByHandleFileInformation
	if err := syscall.GetFileInformationByHandle(syscall.Handle(f.Fd()), &d); err != nil {
		return 0, err
	}
	return uint64(d.FileIndexHigh)<<32 | uint64(d.FileIndexLow), nil
}
