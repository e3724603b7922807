package sitetest

import "testing"

// FileID is the identity of the file at path: a file a build reused
// (kept, or hard-linked from the previous build) keeps it; one written
// again gets a new one. The inode number on Unix (fileid_unix.go), NTFS's
// file index on Windows (fileid_windows.go).
func FileID(t testing.TB, path string) uint64 {
	t.Helper()
	id, err := fileID(path)
	if err != nil {
		t.Fatal(err)
	}
	return id
}
