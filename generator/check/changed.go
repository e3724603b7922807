package check

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"

	"spean/generator/diag"
)

// Changed lists the files under dir that differ from the point where the
// current branch left rev: committed, staged, unstaged and untracked
// changes alike, so a translator sees the same findings before and after
// committing. Paths are relative to dir, as diagnostics name them. It asks
// git, and fails with a hint when dir is not in a git work tree or rev is
// unknown (a CI checkout often lacks the base branch).
func Changed(ctx context.Context, dir, rev string) (map[string]bool, error) {
	git := func(args ...string) (string, error) {
		cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				return "", errors.New(strings.TrimSpace(stderr.String()))
			}
			return "", err
		}
		return string(out), nil
	}
	if _, err := git("rev-parse", "--is-inside-work-tree"); err != nil {
		return nil, fmt.Errorf("--changed-since needs git: %s is not inside a git work tree (%v)", dir, err)
	}
	if _, err := git("rev-parse", "--verify", "--quiet", rev+"^{commit}"); err != nil {
		return nil, fmt.Errorf("--changed-since %s: no such commit in this repository (in CI, fetch the base branch first: actions/checkout with fetch-depth: 0, or git fetch origin main)", rev)
	}
	// The merge base, not rev itself: commits added to rev after the
	// branch started are not this branch's changes.
	base, err := git("merge-base", rev, "HEAD")
	if err != nil {
		return nil, fmt.Errorf("--changed-since %s: %v", rev, err)
	}
	diff, err := git("diff", "--name-only", "--no-renames", "--relative", strings.TrimSpace(base))
	if err != nil {
		return nil, fmt.Errorf("--changed-since %s: %v", rev, err)
	}
	untracked, err := git("ls-files", "--others", "--exclude-standard")
	if err != nil {
		return nil, fmt.Errorf("--changed-since %s: %v", rev, err)
	}
	files := map[string]bool{}
	for _, line := range strings.Split(diff+"\n"+untracked, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			files[line] = true
		}
	}
	return files, nil
}

// OnlyChanged keeps the findings in files; errors stay wherever they are,
// because the build refuses them: a changed page can break a link in a
// page nobody touched, and hiding that would pass a branch that cannot be
// published.
func OnlyChanged(l diag.List, files map[string]bool) diag.List {
	var out diag.List
	for _, d := range l {
		if d.Severity == diag.Error || files[d.Pos.File] {
			out = append(out, d)
		}
	}
	return out
}

// RepoPrefix is the path from the top of dir's git work tree to dir
// ("site/", or "" at the top), for tools that name files from the top of
// the repository (GitHub annotations). Outside git it is "".
func RepoPrefix(ctx context.Context, dir string) string {
	out, err := exec.CommandContext(ctx, "git", "-C", dir, "rev-parse", "--show-prefix").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}
