package publish

import (
	"fmt"
	"path/filepath"
	"testing"
)

// BenchmarkDirWrite writes 1,000 pages of 30 KB (a Khmer page's size) in
// 200 folders and publishes them, as a build's last step does.
//
//	go test ./generator/publish -run '^$' -bench DirWrite -benchtime 3x
func BenchmarkDirWrite(b *testing.B) {
	page := make([]byte, 30<<10)
	b.SetBytes(int64(1000 * len(page)))
	for b.Loop() {
		b.StopTimer()
		out := filepath.Join(b.TempDir(), "public")
		b.StartTimer()
		d, err := NewDir(out, "bench")
		if err != nil {
			b.Fatal(err)
		}
		for i := range 1000 {
			if err := d.Write(fmt.Sprintf("en/s%03d/p%04d/index.html", i%200, i), page); err != nil {
				b.Fatal(err)
			}
		}
		if err := d.Commit(); err != nil {
			b.Fatal(err)
		}
	}
}
