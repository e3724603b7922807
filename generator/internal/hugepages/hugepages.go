// Package hugepages asks Linux to back the build's heap with huge pages
// while a build runs.
//
// A build of the 10,000-page site takes its heap to 250–700 MB, and each
// 4 KB page of it costs a page fault the first time it is written: on
// this project's build machine (a virtual machine, where a fault costs
// about 15 µs: touching 256 MB of new memory took 0.9 s in 4 KB pages,
// 50–280 ms in 2 MB ones) the 67,000–82,000 faults of a rebuild after one
// edit were most of its 1.2–1.8 s of system time. Most Linux systems
// give huge pages (2 MB) only to memory a program asks them for
// (/sys/kernel/mm/transparent_hugepage/enabled is "madvise"), and the Go
// runtime no longer asks since Go 1.21.1: it maps its heap as it grows,
// a few MB at a time, each mapping new. So while a build runs, Start
// watches the memory the runtime has mapped and, each time it grew,
// advises every anonymous mapping near the heap it has not advised yet
// (madvise MADV_HUGEPAGE).
//
// Measured on the 10,000-page site, the build before this package and the
// one after it (and a sitemap buffer sized once) in alternating rebuilds
// after one page's edit, four each: English 1.84–2.24 s rather than
// 2.51–3.16 s, 22,000–24,000 faults rather than 64,000–75,000; Lao
// 3.56–3.99 s rather than 4.43–5.24 s, 24,000–30,000 faults rather than
// 97,000–103,000. A clean build made 118,500 faults rather than
// 347,000–350,000, in as long within the machine's noise; its peak
// memory, with and without GODEBUG=disablethp=1, was 722 and 739 MB
// against 714 and 739 MB.
//
// GODEBUG=disablethp=1, the Go runtime's own switch against huge pages,
// turns this off too. Elsewhere than Linux Start does nothing.
package hugepages

import (
	"os"
	"runtime/metrics"
	"strings"
	"time"
	"unsafe"
)

// every is how often Start asks the runtime how much memory it has
// mapped: the heap grows by a few MB at a time, which a build fills
// within milliseconds, and the question costs about a microsecond. Only
// when the answer grew does it read the process's mappings, which costs
// tens of microseconds. Looking at the mappings every 20 ms, a rebuild
// after one English edit of the 10,000-page site made 32,000–37,000
// faults; every 5 ms, 25,000–30,000.
const every = 2 * time.Millisecond

// heapProbe holds, for a moment, the object Start finds the heap by.
var heapProbe []byte

// mapped is the runtime's count of all the memory it has mapped.
const mapped = "/memory/classes/total:bytes"

// Start advises the heap's mappings until stop is called.
func Start() (stop func()) {
	if !supported || disabled(os.Getenv("GODEBUG")) {
		return func() {}
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	// An object on the heap says where the heap is (advise). Stored in a
	// package variable, it is on the heap: left local, the compiler put
	// it on the stack (go build -gcflags=-m).
	heapProbe = make([]byte, 64<<10)
	heap := uintptr(unsafe.Pointer(unsafe.SliceData(heapProbe)))
	heapProbe = nil
	go func() {
		defer close(finished)
		seen := map[[2]uintptr]bool{}
		sample := []metrics.Sample{{Name: mapped}}
		var last uint64
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			metrics.Read(sample)
			grew := true // a runtime without the count: look every time
			if v := sample[0].Value; v.Kind() == metrics.KindUint64 {
				if grew = v.Uint64() > last; grew {
					last = v.Uint64()
				}
			}
			if grew {
				advise(seen, heap)
			}
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
