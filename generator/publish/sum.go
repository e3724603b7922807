package publish

import (
	"hash"

	"github.com/zeebo/blake3"
)

// The sum a build keeps of every file it writes (Recorder.Sum, Noted) is
// BLAKE3's 256 bits. It tells a file from another between builds: the
// notes a step leaves compare it, and the service worker's lists take
// its first bytes as a file's revision; nothing outside the build checks
// it against a standard. A rebuild after one page's edit of the 10,000-page
// site hashes its 30-50 MB zip and search pack, and reads a previous zip
// back to check its sum: on this 2-core machine BLAKE3
// (github.com/zeebo/blake3, assembly for AVX2 and SSE4.1) hashed 45 MB at
// 2.5 GB/s against SHA-256's 1.1 (with the processor's SHA instructions),
// a 20 KB page at 3.0 against 1.9, and 4 KB at the same speed.

// SumSize is the size of a sum.
const SumSize = 32

// SumOf is data's sum.
func SumOf(data []byte) [SumSize]byte { return blake3.Sum256(data) }

// NewSum returns a hash that makes sums (SumOf) of what is written to it.
func NewSum() hash.Hash { return blake3.New() }
