package main

import (
	"context"
	"os"
	"testing"

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
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// sitefiles copies the repository's themes/ and i18n/ into the
			// script's work folder, so scripts hold only config and content.
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
