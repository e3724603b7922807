package paths

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// Marker is the file every build writes into the output folder. A folder
// that exists, holds files and has no marker was not made by Spean, and is
// never replaced: `--dest ./` or `--dest content` must not wipe a
// repository.
const Marker = ".spean-output"

// DocsCache is the file a build keeps its parsed pages in for the next
// build (build/docscache.go), beside the marker: like it, no output of
// the site, but in the output folder, the one place a build writes.
const DocsCache = ".spean-docs"

// KnownCache is the file a build keeps its notes of the content files in
// (content.Known), beside DocsCache and for the same reason.
const KnownCache = ".spean-sources"

// IndexCache is the file a build keeps each page's part of lang's search
// index in (search/segments.go), beside DocsCache and for the same reason.
func IndexCache(lang string) string { return ".spean-index-" + lang }

// MarkerText is the marker file's content, for whoever finds it.
const MarkerText = "This folder is written by `spean build`, which replaces what it made on every build.\nDo not keep other files here: a build may remove them.\n"

// Inputs are the folders and files of a site folder the build reads (or
// that hold the user's work, like .git): the output folder may be none of
// them, inside none of them, and contain none of them.
var Inputs = []string{"content", "themes", "i18n", ".git", "generator", "go.mod"}

// OutputError is a refused output folder. From says which setting chose
// it, so the message points where the user can change it.
type OutputError struct {
	From   string // "--dest", "SPEAN_OUTPUT" or "config.yaml:5:9 (output)"
	Value  string
	Reason string
}

func (e *OutputError) Error() string {
	return fmt.Sprintf("%s %q: %s", e.From, e.Value, e.Reason)
}

// Output checks the output folder value (relative to the site folder, or
// absolute) chosen by the setting from, and returns it absolute and
// cleaned. configFile is the configuration file in use, an input too.
//
// The folder may not be the site folder or an ancestor of it, may not be
// or hold an input, nor lie inside one, nor be a link. If it exists and
// holds anything, it must carry the Marker of an earlier build.
func (s *Site) Output(value, from, configFile string) (string, error) {
	fail := func(format string, args ...any) (string, error) {
		return "", &OutputError{From: from, Value: value, Reason: fmt.Sprintf(format, args...)}
	}
	if strings.TrimSpace(value) == "" {
		return fail("the output folder is empty; name a folder such as public")
	}
	if strings.ContainsAny(value, "\x00\n\r") {
		return fail("the output folder's name has control characters")
	}
	abs := filepath.Clean(value)
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(s.Root, abs)
	}
	real, err := resolveExisting(abs)
	if errors.Is(err, syscall.ENOTDIR) {
		return fail("part of that path is a file, not a folder, so the folder cannot be made")
	}
	if err != nil {
		return fail("%v", err)
	}
	switch {
	case real == s.Root:
		return fail("that is the site folder itself; building there would replace your content (use a folder inside it, such as public)")
	case Within(s.Root, real):
		return fail("that folder holds the site folder %s; building there would delete it (use a folder inside the site, such as public)", s.Root)
	}
	inputs := append([]string{configFile}, Inputs...)
	for _, in := range inputs {
		p := filepath.Join(s.Root, filepath.FromSlash(in))
		if rp, err := filepath.EvalSymlinks(p); err == nil {
			p = rp
		}
		switch {
		case real == p:
			return fail("that is %s itself, part of the site's sources; use a folder of its own, such as public", in)
		case Within(real, p):
			return fail("that is inside %s, part of the site's sources; use a folder of its own, such as public", in)
		}
	}
	for _, a := range s.allowed {
		if Within(real, a) || Within(a, real) {
			return fail("that overlaps %s, which read_roots lets the build read", a)
		}
	}
	info, err := os.Lstat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return abs, nil
	case err != nil:
		return fail("%v", err)
	case info.Mode()&fs.ModeSymlink != 0:
		return fail("it is a link (to %s); give the real folder instead, so the build replaces nothing outside it", real)
	case !info.IsDir():
		return fail("that is a file, not a folder; the build would replace it")
	}
	entries, err := os.ReadDir(abs)
	if err != nil {
		return fail("%v", err)
	}
	if len(entries) == 0 {
		return abs, nil
	}
	if m, err := os.Lstat(filepath.Join(abs, Marker)); err == nil && m.Mode().IsRegular() {
		return abs, nil
	}
	return fail("the folder exists and holds %d file(s), but an earlier spean build did not make it (it has no %s file), so it is not replaced; delete or move it yourself, or choose a new or empty folder", len(entries), Marker)
}

// resolveExisting resolves the links of the longest part of p that exists
// and appends the rest, so a path can be compared with others before the
// folder is created.
func resolveExisting(p string) (string, error) {
	rest := ""
	cur := p
	for {
		real, err := filepath.EvalSymlinks(cur)
		if err == nil {
			return filepath.Join(real, rest), nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return p, nil
		}
		rest = filepath.Join(filepath.Base(cur), rest)
		cur = parent
	}
}
