package content

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"

	"golang.org/x/text/unicode/norm"
)

// BodyHash is the source_hash of a body: what a translation records about
// the source page it was made from, so a later change to the source can be
// noticed without git history (docs/content-format.md defines it).
func BodyHash(body []byte) string {
	b := bytes.ReplaceAll(body, []byte("\r\n"), []byte("\n"))
	b = norm.NFC.Bytes(b)
	lines := bytes.Split(b, []byte("\n"))
	for i, l := range lines {
		lines[i] = bytes.TrimRight(l, " \t")
	}
	for len(lines) > 0 && len(lines[0]) == 0 {
		lines = lines[1:]
	}
	for len(lines) > 0 && len(lines[len(lines)-1]) == 0 {
		lines = lines[:len(lines)-1]
	}
	b = append(bytes.Join(lines, []byte("\n")), '\n')
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])[:16]
}

// SourceHash is the source_hash a translation made from s now would
// record: Hash, or BodyHash of the body when it is read; "" when neither
// is known (a body not read and not hashed at load).
func (s *Source) SourceHash() string {
	if s.Hash == "" && s.Body != nil {
		return BodyHash(s.Body)
	}
	return s.Hash
}
