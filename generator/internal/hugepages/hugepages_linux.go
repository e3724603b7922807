package hugepages

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
	"syscall"
)

const supported = true

// near is how far from a heap object a mapping may be and be taken for
// the heap's: the runtime grows its heap upwards from one place, while
// threads' stacks (8 MB each with cgo), which would take a 2 MB page
// for the few KB they use, are mapped terabytes away.
const near = 1 << 40

// advise advises every private anonymous read-write mapping of the
// process near heap (the address of an object on the heap) not in seen,
// and notes it there.
func advise(seen map[[2]uintptr]bool, heap uintptr) {
	b, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		return
	}
	for _, r := range anonymous(b, heap) {
		if !seen[r] {
			seen[r] = true
			// Errors are ignored: a mapping gone meanwhile, or a kernel
			// without transparent huge pages, leaves things as they were.
			_, _, _ = syscall.Syscall(syscall.SYS_MADVISE, r[0], r[1]-r[0], syscall.MADV_HUGEPAGE)
		}
	}
}

// anonymous returns the [start, end) of each private anonymous read-write
// mapping in maps (the text of /proc/self/maps) that is near heap:
// "start-end rw-p 00000000 00:00 0", with no path, or a name the runtime
// gave it in brackets ("[anon: Go: heap]").
func anonymous(maps []byte, heap uintptr) [][2]uintptr {
	var out [][2]uintptr
	sc := bufio.NewScanner(bytes.NewReader(maps))
	for sc.Scan() {
		f := bytes.Fields(sc.Bytes())
		if len(f) < 5 || string(f[1]) != "rw-p" || string(f[3]) != "00:00" || string(f[4]) != "0" {
			continue
		}
		if len(f) > 5 && f[5][0] != '[' {
			continue
		}
		a, z, ok := span(f[0])
		if !ok || z <= a || uintptr(z)+near <= heap || uintptr(a) >= heap+near {
			continue
		}
		out = append(out, [2]uintptr{uintptr(a), uintptr(z)})
	}
	return out
}

// span reads a mapping's addresses, the first field of its line in
// /proc/self/maps or smaps: "start-end" in hexadecimal.
func span(field []byte) (start, end uint64, ok bool) {
	lo, hi, ok := bytes.Cut(field, []byte("-"))
	if !ok {
		return 0, 0, false
	}
	a, err1 := strconv.ParseUint(string(lo), 16, 64)
	z, err2 := strconv.ParseUint(string(hi), 16, 64)
	return a, z, err1 == nil && err2 == nil
}
