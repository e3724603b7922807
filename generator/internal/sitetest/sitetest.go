// Package sitetest helps tests build small sites with the repository's real
// theme and UI strings, so fixtures hold only config and content and every
// test also proves the shipped layouts work.
package sitetest

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

// AddRepoFiles copies themes/ and i18n/ from the repository at root (a path
// relative to the test's package folder, e.g. "../..") into fsys.
func AddRepoFiles(t testing.TB, fsys fstest.MapFS, root string) {
	t.Helper()
	for _, dir := range []string{"themes", "i18n"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, err := filepath.Rel(root, p)
			fsys[filepath.ToSlash(rel)] = &fstest.MapFile{Data: b}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// RepoRoot is the module root (the folder with go.mod), found from the
// test's working directory, so tests in any package can reach the
// repository's files and ../shared beside it.
func RepoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's working directory")
		}
		dir = parent
	}
}
