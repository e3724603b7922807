package main

import (
	"context"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v4"
)

// TestWorkflowCommands keeps docs/github-workflow.yml in step with the
// CLI: the file parses as YAML, and every generator command it runs exists
// and accepts its flags (the flags are parsed before --help is honoured).
func TestWorkflowCommands(t *testing.T) {
	b, err := os.ReadFile("../docs/github-workflow.yml")
	if err != nil {
		t.Fatal(err)
	}
	var wf struct {
		On   map[string]any `yaml:"on"`
		Jobs map[string]struct {
			Steps []struct {
				Run string `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(b, &wf); err != nil {
		t.Fatalf("docs/github-workflow.yml: %v", err)
	}
	if _, ok := wf.On["pull_request"]; !ok {
		t.Error("the workflow does not run on pull requests")
	}
	cmdRE := regexp.MustCompile(`go run \./generator ([^>&|\n]+)`)
	seen := map[string]bool{}
	for _, job := range wf.Jobs {
		for _, step := range job.Steps {
			for _, m := range cmdRE.FindAllStringSubmatch(step.Run, -1) {
				var args []string
				for _, f := range strings.Fields(m[1]) {
					// Shell variables stand for a revision.
					if strings.Contains(f, "$") {
						f = "HEAD"
					}
					args = append(args, strings.Trim(f, `"'`))
				}
				seen[args[0]] = true
				if code := run(context.Background(), append(args, "--help"), io.Discard, io.Discard); code != 0 {
					t.Errorf("the workflow runs `%s`, which the CLI refuses", m[1])
				}
			}
		}
	}
	for _, want := range []string{"check", "build", "status"} {
		if !seen[want] {
			t.Errorf("the workflow never runs %s", want)
		}
	}
}
