//go:build !unix

package publish

import "testing"

// withUmask reports that file modes are not the build's to set on this
// system (Windows keeps no permission bits), so a test skips checking them.
func withUmask(t *testing.T, mask int) bool { return false }
