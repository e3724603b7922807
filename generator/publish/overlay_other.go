//go:build !linux

package publish

import "errors"

// canOverlay is false: elsewhere than Linux a build publishes into a fresh
// folder swapped with the old one (Dir.Commit), as it needs no renameat2.
const canOverlay = false

type fileID struct{}

func idOf(string) (fileID, bool) { return fileID{}, false }

// lockDest takes no lock: the swap of folders is two renames.
func lockDest(string) (func(), error) { return func() {}, nil }

// commitOver is never reached: NewDir sets Dir.over only with canOverlay.
func (d *Dir) commitOver() error {
	d.Abort()
	return errors.New("publishing in place needs Linux")
}
