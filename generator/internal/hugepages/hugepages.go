// Package hugepages asks Linux to back the build's heap with huge pages
// while a build runs.
//
// A build of the 10,000-page site takes its heap to 250–700 MB, and each
// 4 KB page of it costs a page fault the first time it is written: on
// this project's build machine (a virtual machine, where a fault costs
// about 15 µs) the 70,000 faults of a rebuild after one edit were a
// third of its 1.2–1.4 s of system time. Most Linux systems give huge
// pages (2 MB) only to memory a program asks them for
// (/sys/kernel/mm/transparent_hugepage/enabled is "madvise"), and the Go
// runtime no longer asks since Go 1.21.1: it maps its heap as it grows,
// 64 MB at a time, each mapping new. So while a build runs, Start looks
// at the process's mappings every few milliseconds and advises each
// large anonymous one it has not advised yet (madvise MADV_HUGEPAGE).
// Measured on the 10,000-page site in alternating rebuilds after one
// page's edit, an English one took 1.95–2.46 s rather than 2.51–2.79 s, a
// Lao one 4.04–4.10 s rather than 4.58–5.29 s, with faults halved; a
// clean build made half the faults (170,000 rather than 320,000–350,000)
// in as long, its peak memory 2–5 % higher.
//
// GODEBUG=disablethp=1, the Go runtime's own switch against huge pages,
// turns this off too. Elsewhere than Linux Start does nothing.
package hugepages

import (
	"os"
	"runtime"
	"strings"
	"time"
	"unsafe"
)

// every is how often Start looks for new mappings: the heap grows by 64
// MB at a time, which a build fills in tens of milliseconds.
const every = 20 * time.Millisecond

// Start advises the heap's mappings until stop is called.
func Start() (stop func()) {
	if !supported || disabled(os.Getenv("GODEBUG")) {
		return func() {}
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	// An object on the heap says where the heap is (advise): a large one,
	// which the runtime takes from the heap's pages directly.
	probe := make([]byte, 64<<10)
	heap := uintptr(unsafe.Pointer(unsafe.SliceData(probe)))
	runtime.KeepAlive(probe)
	go func() {
		defer close(finished)
		seen := map[[2]uintptr]bool{}
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			advise(seen, heap)
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}

// disabled reports whether godebug (the GODEBUG variable) sets
// disablethp=1; the last setting of a key wins, as in the runtime.
func disabled(godebug string) bool {
	off := false
	for _, kv := range strings.Split(godebug, ",") {
		if k, v, ok := strings.Cut(strings.TrimSpace(kv), "="); ok && k == "disablethp" {
			off = v == "1"
		}
	}
	return off
}
