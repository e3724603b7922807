package deploy

import (
	"strings"
	"testing"
)

func TestHostLimits(t *testing.T) {
	for _, c := range []struct {
		files, search, max int
		want               string // a part of the message; "" for none
	}{
		{HostMaxFiles, 5000, 1000, ""},
		{HostMaxFiles + 1, 4993, 1000, "the site is 20001 files"},
		{25137, 4993, 1000, "4993 are the search index: a lower search.max_files (now 1000) packs a larger index into one file a language; the other hosts"},
		{25137, 9000, 0, "search.max_files (0: never)"},
		{20150, 0, 1000, "(100000 on a paid one); the other hosts in docs/deploy.md take it as it is"},
	} {
		got := TooManyFiles(c.files, c.search, c.max)
		if c.want == "" && got != "" || !strings.Contains(got, c.want) {
			t.Errorf("TooManyFiles(%d, %d, %d) = %q, want it to say %q", c.files, c.search, c.max, got, c.want)
		}
	}
	for _, c := range []struct {
		name string
		size int
		want string
	}{
		{"downloads/spean-km.zip", HostMaxFileBytes, ""},
		{"downloads/spean-km.zip", 41 << 20, "downloads/spean-km.zip is 41.0 MB: Cloudflare Pages refuses files over 25 MiB; the other hosts"},
	} {
		got := TooBig(c.name, c.size)
		if c.want == "" && got != "" || !strings.Contains(got, c.want) {
			t.Errorf("TooBig(%q, %d) = %q, want it to say %q", c.name, c.size, got, c.want)
		}
	}
}
