package main

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"golang.org/x/tools/txtar"

	"spean/generator/internal/sitetest"
)

// TestBadInput runs the bad-input corpus, testdata/badinput/*.txtar: each
// case is a careless or hostile input, and each script asserts what the
// CLI does with it: the exit status, a message at file:line:col with a
// hint, that the previous output is byte-identical after a failed build
// (unchanged), that nothing outside the output folder was written, and
// that every page a successful build writes is inert (safehtml). Each case
// starts from testdata/badinput-base.txtar, a small valid site, already
// built once (basesite).
//
//	go test ./generator -run TestBadInput/hotline
func TestBadInput(t *testing.T) {
	repo, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	base, err := txtar.ParseFile("testdata/badinput-base.txtar")
	if err != nil {
		t.Fatal(err)
	}
	// The base site is built once; every case starts from a copy of the
	// site and its output.
	built := t.TempDir()
	for _, f := range base.Files {
		p := filepath.Join(built, f.Name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, dir := range []string{"themes", "i18n"} {
		if err := os.CopyFS(filepath.Join(built, dir), os.DirFS(filepath.Join(repo, "..", dir))); err != nil {
			t.Fatal(err)
		}
	}
	var out, errOut strings.Builder
	if code := run(t.Context(), []string{"build", "--quiet", "--source", built}, &out, &errOut); code != 0 {
		t.Fatalf("the base site does not build:\n%s", errOut.String())
	}
	var snaps sync.Map // *testscript.TestScript → map[string]string
	testscript.Run(t, testscript.Params{
		Dir: "testdata/badinput",
		Setup: func(env *testscript.Env) error {
			env.Setenv("REPO", repo+"/..")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// basesite dir copies the base site, with the repository's
			// themes/ and i18n/ and the output of a build, into dir; the
			// case's own files stay beside it, outside the site.
			"basesite": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) != 1 {
					ts.Fatalf("usage: basesite dir")
				}
				ts.Check(os.CopyFS(ts.MkAbs(args[0]), os.DirFS(built)))
			},
			// snapshot records every file, folder and link under $WORK.
			"snapshot": func(ts *testscript.TestScript, neg bool, args []string) {
				snaps.Store(ts, tree(ts, ts.Getenv("WORK")))
			},
			// unchanged [path…] fails if anything under $WORK differs from
			// the snapshot, except under the given paths (the output folder
			// of a build that was meant to succeed).
			"unchanged": func(ts *testscript.TestScript, neg bool, args []string) {
				v, ok := snaps.Load(ts)
				if !ok {
					ts.Fatalf("unchanged without snapshot")
				}
				before := v.(map[string]string)
				var except []string
				for _, a := range args {
					except = append(except, ts.MkAbs(a))
				}
				skip := func(p string) bool {
					return slices.ContainsFunc(except, func(e string) bool { return p == e || strings.HasPrefix(p, e+"/") })
				}
				after := tree(ts, ts.Getenv("WORK"))
				var diffs []string
				for p, h := range before {
					if !skip(p) && after[p] != h {
						diffs = append(diffs, "changed or removed: "+p)
					}
				}
				for p := range after {
					if _, ok := before[p]; !ok && !skip(p) {
						diffs = append(diffs, "added: "+p)
					}
				}
				slices.Sort(diffs)
				if len(diffs) > 0 && !neg {
					ts.Fatalf("%d difference(s):\n%s", len(diffs), strings.Join(diffs[:min(len(diffs), 20)], "\n"))
				}
				if len(diffs) == 0 && neg {
					ts.Fatalf("nothing changed")
				}
			},
			// genfile path prefix n unit writes prefix, then unit n times
			// (both Go-quoted without the quotes): files too large or too
			// repetitive to keep in the corpus.
			"genfile": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) != 4 {
					ts.Fatalf("usage: genfile path prefix n unit")
				}
				prefix, err := strconv.Unquote(`"` + args[1] + `"`)
				ts.Check(err)
				n, err := strconv.Atoi(args[2])
				ts.Check(err)
				unit, err := strconv.Unquote(`"` + args[3] + `"`)
				ts.Check(err)
				p := ts.MkAbs(args[0])
				ts.Check(os.MkdirAll(filepath.Dir(p), 0o755))
				ts.Check(os.WriteFile(p, []byte(prefix+strings.Repeat(unit, n)), 0o644))
			},
			// gentable path rows cols writes a page holding one GFM table.
			"gentable": func(ts *testscript.TestScript, neg bool, args []string) {
				rows, err := strconv.Atoi(args[1])
				ts.Check(err)
				cols, err := strconv.Atoi(args[2])
				ts.Check(err)
				var b strings.Builder
				b.WriteString("---\ntitle: Table\n---\n")
				b.WriteString(strings.Repeat("| a ", cols) + "|\n" + strings.Repeat("|---", cols) + "|\n")
				for range rows {
					b.WriteString(strings.Repeat("| x ", cols) + "|\n")
				}
				ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(b.String()), 0o644))
			},
			// mode path 0755 checks a file's permission bits.
			"mode": func(ts *testscript.TestScript, neg bool, args []string) {
				info, err := os.Stat(ts.MkAbs(args[0]))
				ts.Check(err)
				want, err := strconv.ParseUint(args[1], 8, 32)
				ts.Check(err)
				if got := info.Mode().Perm(); (uint64(got) == want) == neg {
					ts.Fatalf("%s has mode %o, want %s", args[0], got, args[1])
				}
			},
			// safehtml dir checks every HTML file of a built site: the
			// Content-Security-Policy and referrer policy are there, and
			// nothing from content can run: no inline script, no event
			// attribute, no javascript: or data: link.
			"safehtml": func(ts *testscript.TestScript, neg bool, args []string) {
				root := ts.MkAbs(args[0])
				n := 0
				ts.Check(filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
					if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
						return err
					}
					n++
					b, err := os.ReadFile(p)
					if err != nil {
						return err
					}
					if msg := sitetest.Page(string(b)); msg != "" {
						ts.Fatalf("%s: %s", p, msg)
					}
					return nil
				}))
				if n < 10 {
					ts.Fatalf("only %d HTML files under %s", n, args[0])
				}
			},
		},
	})
}

// tree hashes every file, folder and link under root, by path.
func tree(ts *testscript.TestScript, root string) map[string]string {
	m := map[string]string{}
	ts.Check(filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			m[p] = "link " + target
			return err
		case d.IsDir():
			m[p] = fmt.Sprintf("dir %o", info.Mode().Perm())
		default:
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			m[p] = fmt.Sprintf("file %o %x", info.Mode().Perm(), sha256.Sum256(b))
		}
		return nil
	}))
	return m
}
