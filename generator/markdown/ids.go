package markdown

import (
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// headingID makes a readable id from heading text in any script: letters,
// combining marks and digits are kept (Khmer, Lao, Burmese and Thai words
// stay whole and legible in the address bar), Latin is lowercased, runs of
// anything else become one hyphen. Browsers percent-encode non-ASCII ids in
// URLs themselves, so the id stays usable in links.
func headingID(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	dash := false
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.M, r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		case r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff' || r == '\u00ad':
			// Invisible joiners and soft hyphens would make ids that look
			// equal but differ.
		default:
			dash = true
		}
	}
	if b.Len() == 0 {
		return "section"
	}
	return b.String()
}

// uniqueIDs hands out ids unique within one document; a repeated heading
// gets -1, -2… as GitHub does, so ids stay stable when text repeats. It
// starts with the ids no heading may take (the theme's, then the ones
// writers gave), so a heading whose text makes one of them gets -1 too.
type uniqueIDs map[string]bool

func (u uniqueIDs) make(base string) string {
	id := base
	for i := 1; u[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	u[id] = true
	return id
}
