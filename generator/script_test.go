package main

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"spean/generator/leaflet"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets testscript run this binary as the `spean` command.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"spean": func() { os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the CLI scenarios in testdata/script/*.txtar. Each one
// starts in a fresh folder with the repository's theme and UI strings in
// $REPO, to copy with `cp`-free `exec` helpers the scripts set up.
func TestScripts(t *testing.T) {
	repo, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("REPO", repo+"/..")
			return nil
		},
		// [chromium] holds where Chromium is found to print PDFs with; on
		// CI (CI=true) a missing Chromium fails the script rather than
		// skipping what needs it.
		Condition: func(cond string) (bool, error) {
			if cond != "chromium" {
				return false, fmt.Errorf("unknown condition %q", cond)
			}
			_, err := leaflet.Chromium()
			if err != nil && os.Getenv("CI") == "true" {
				return false, fmt.Errorf("CI=true and %v: install Debian's chromium", err)
			}
			return err == nil, nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// sitefiles copies the repository's themes/ and i18n/ into the
			// script's work folder, so scripts hold only config and content.
			// pdfsizes checks that the leaflets index args[0] links PDFs,
			// and gives beside each link the size of the file it links,
			// in kilobytes rounded up, or from 1,000 KB megabytes rounded
			// up to a tenth.
			"pdfsizes": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 1 {
					ts.Fatalf("usage: pdfsizes index.html")
				}
				index := ts.MkAbs(args[0])
				links := regexp.MustCompile(`<a href="([^"]+\.pdf)" type="application/pdf">[^<]*</a> \(([0-9.]+) (KB|MB)\)`).FindAllStringSubmatch(ts.ReadFile(args[0]), -1)
				if len(links) == 0 {
					ts.Fatalf("%s links no PDF with its size", args[0])
				}
				for _, l := range links {
					fi, err := os.Stat(filepath.Join(filepath.Dir(index), l[1]))
					ts.Check(err)
					want := fmt.Sprint((fi.Size() + 1023) / 1024)
					if l[3] == "MB" {
						want = fmt.Sprintf("%.1f", math.Ceil(float64(fi.Size())/104857.6)/10)
					}
					if l[2] != want {
						ts.Fatalf("%s: %s is %d bytes, shown as %s %s (want %s %s)", args[0], l[1], fi.Size(), l[2], l[3], want, l[3])
					}
				}
				ts.Logf("%d PDFs linked with their sizes", len(links))
			},
			"sitefiles": func(ts *testscript.TestScript, neg bool, args []string) {
				for _, dir := range []string{"themes", "i18n"} {
					if err := os.CopyFS(ts.MkAbs(dir), os.DirFS(ts.Getenv("REPO")+"/"+dir)); err != nil {
						ts.Fatalf("copy %s: %v", dir, err)
					}
				}
			},
		},
	})
}
