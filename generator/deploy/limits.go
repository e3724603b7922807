package deploy

import "fmt"

// The tightest limits of the hosts docs/deploy.md names: Cloudflare Pages
// takes at most 20,000 files a site on its free plan (100,000 on a paid
// one) and no file over 25 MiB. Netlify, GitHub Pages (1 GB a site), an
// object store and nginx take a 10,000-page site as the build makes it, so
// going over these is a warning, not an error: the build says so before
// the upload fails with a message that does not say why.
const (
	HostMaxFiles     = 20000
	HostMaxFileBytes = 25 << 20
)

// TooManyFiles says what to do when a site of files files is more than
// HostMaxFiles, searchFiles of them the search index's scripts and
// maxFiles the most a language's index is written as before it is packed
// into one file (config search.max_files, 0 for never); "" when it is
// within.
func TooManyFiles(files, searchFiles, maxFiles int) string {
	if files <= HostMaxFiles {
		return ""
	}
	advice := "the other hosts in docs/deploy.md take it as it is"
	if searchFiles > 0 {
		cap := "0: never"
		if maxFiles > 0 {
			cap = fmt.Sprintf("now %d", maxFiles)
		}
		advice = fmt.Sprintf("%d are the search index: a lower search.max_files (%s) packs a larger index into one file a language; ", searchFiles, cap) + advice
	}
	return fmt.Sprintf("the site is %d files: Cloudflare Pages takes at most %d on its free plan (100000 on a paid one); %s",
		files, HostMaxFiles, advice)
}

// TooBig says what to do when the output name of size bytes is more than
// HostMaxFileBytes; "" when it is within.
func TooBig(name string, size int) string {
	if size <= HostMaxFileBytes {
		return ""
	}
	return fmt.Sprintf("%s is %.1f MB: Cloudflare Pages refuses files over 25 MiB; the other hosts in docs/deploy.md take it as it is",
		name, float64(size)/(1<<20))
}
