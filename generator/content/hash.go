package content

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"

	"golang.org/x/text/unicode/norm"
)

// BodyHash is a body's text normalised (line ends, NFC, trailing spaces,
// blank lines at either end) and hashed: SourceHash hashes with it, and it
// was the whole of source_hash before the front matter's text was in it.
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

// SourceHash is the source_hash a translation made from a source page
// records (docs/content-format.md defines it): BodyHash over all the text
// a translation translates, the title, description, summary and key points
// (each after its name, on lines of their own) and then the body. The
// leaflets print the summary and key points alone, so a change to them
// must make a translation outdated as a change to the body does.
func SourceHash(m *Meta, body []byte) string {
	var b bytes.Buffer
	for _, f := range [][2]string{{"title", m.Title}, {"description", m.Description}, {"summary", m.Summary}} {
		b.WriteString(f[0] + ": " + f[1] + "\n")
	}
	b.WriteString("key_points:\n")
	for _, k := range m.KeyPoints {
		b.WriteString("- " + k + "\n")
	}
	b.WriteString("---\n")
	b.Write(body)
	return BodyHash(b.Bytes())
}

// Hashes are what a translation made from s now records (SourceHash), and
// what one recorded by an older Spean, over the body alone (BodyHash): such
// a translation is up to date in its body, and not known to be in its
// title, description, summary or key points. Both are "" when s's body is
// neither read nor noted (Known).
func (s *Source) Hashes() (current, bodyOnly string) {
	if s.Hash == "" && s.Body != nil {
		return SourceHash(&s.Meta, s.Body), BodyHash(s.Body)
	}
	return s.Hash, s.BodyHash
}

// SetHashes sets Hash and BodyHash from the body when they are not set,
// so that Hashes, asked for every translation a site renders, hashes each
// source body once.
func (s *Source) SetHashes() {
	if s.Hash == "" && s.Body != nil {
		s.Hash, s.BodyHash = s.Hashes()
	}
}
