//go:build !unix

package publish

// mapFile reads the file full: mapping it (mapped_unix.go) is for Unix.
func mapFile(full string) (data []byte, release func(), ok bool) {
	return readFile(full)
}
