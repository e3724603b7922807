//go:build unix

package publish

import (
	"os"
	"syscall"
)

// mapFile maps the regular file full into memory, read-only: its bytes
// are the page cache's, with no copy and no memory of the build's own.
// release unmaps it; nothing may read the bytes after.
//
// Reading a large file into memory of its own was slow on the machine the
// figures of issue 13 come from: each page of fresh memory costs a fault
// that the virtual machine's host must serve, and os.ReadFile of a Lao
// segments file of 65 MB took 64–295 ms of a rebuild's critical path,
// mapping and reading it 20–60 ms.
//
// A mapped file that shrinks while it is read would stop the build with
// SIGBUS. The files mapped are the previous build's, which no build writes
// in place (a build over one replaces its files by renames, and removes
// the old ones: a mapping keeps its file's bytes until it is released).
func mapFile(full string) (data []byte, release func(), ok bool) {
	f, err := os.Open(full)
	if err != nil {
		return nil, noRelease, false
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return nil, noRelease, false
	}
	size := fi.Size()
	if size == 0 || size != int64(int(size)) {
		return readFile(full)
	}
	m, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return readFile(full)
	}
	return m, func() { _ = syscall.Munmap(m) }, true
}
