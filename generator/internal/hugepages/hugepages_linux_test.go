package hugepages

import (
	"bytes"
	"os"
	"runtime"
	"slices"
	"testing"
	"unsafe"
)

// advised reports whether the mapping that holds b has the hg flag
// (MADV_HUGEPAGE) in /proc/self/smaps.
func advised(t *testing.T, b []byte) bool {
	t.Helper()
	smaps, err := os.ReadFile("/proc/self/smaps")
	if err != nil {
		t.Skipf("no /proc/self/smaps: %v", err)
	}
	at := uint64(uintptr(unsafe.Pointer(&b[0])))
	inside := false
	for _, line := range bytes.Split(smaps, []byte("\n")) {
		f := bytes.Fields(line)
		if len(f) == 0 {
			continue
		}
		if a, z, ok := span(f[0]); ok && len(f) >= 5 {
			inside = a <= at && at < z
			continue
		}
		if inside && string(f[0]) == "VmFlags:" {
			for _, fl := range f[1:] {
				if string(fl) == "hg" {
					return true
				}
			}
			return false
		}
	}
	t.Fatalf("no mapping holds %x", at)
	return false
}

func TestAnonymous(t *testing.T) {
	maps := []byte(`00400000-0162a000 r-xp 00000000 00:1a 5892766    /usr/bin/spean
0162a000-01855000 rw-p 0122a000 00:1a 5892766    /usr/bin/spean
01855000-038a4000 rw-p 00000000 00:00 0
24250000-24271000 rw-p 00000000 00:00 0                                  [heap]
13b4ad400000-13b4b9400000 rw-p 00000000 00:00 0
13b4b9400000-13b4bd400000 rw-p 00000000 00:00 0 [anon: Go: heap]
13b4bd400000-13b4c1400000 ---p 00000000 00:00 0
7f5f63800000-7f5f64000000 rw-p 00000000 00:00 0
7f5f64000000-7f5f68000000 rw-p 00000000 08:01 1234 /tmp/mapped-file
7ffd1c000000-7ffd20000000 rw-p 00000000 00:00 0                          [stack]
`)
	got := anonymous(maps, 0x13b4ad500000)
	want := [][2]uintptr{
		{0x13b4ad400000, 0x13b4b9400000}, // the heap, holding the object
		{0x13b4b9400000, 0x13b4bd400000}, // more of it, named by the runtime
	}
	if !slices.Equal(got, want) {
		t.Errorf("anonymous:\n got %x\nwant %x", got, want)
	}
}

// TestStartAdvisesTheHeap checks that a heap grown while Start runs is
// advised, by the kernel's own account of the mapping (the "hg" flag of
// /proc/self/smaps).
func TestStartAdvisesTheHeap(t *testing.T) {
	// A kernel built without transparent huge pages refuses the advice;
	// CI's has them, and there the test must run.
	if _, err := os.Stat("/sys/kernel/mm/transparent_hugepage/enabled"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("this kernel has no transparent huge pages (%v), and CI must run this test", err)
		}
		t.Skipf("this kernel has no transparent huge pages: %v", err)
	}
	t.Setenv("GODEBUG", "")
	stop := Start()
	big := make([]byte, 192<<20)
	for i := 0; i < len(big); i += 4096 {
		big[i] = 1
	}
	stop()
	if !advised(t, big) {
		t.Errorf("the mapping holding a %d MB slice made while Start ran is not advised (no hg in its VmFlags)", len(big)>>20)
	}
	runtime.KeepAlive(big)
}
