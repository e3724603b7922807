package diag

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

var findings = List{
	{Pos: Pos{"content/a/p.km.md", 12, 3}, Severity: Error, Code: "link", Message: "link to q.md: no such page", Hint: "did you mean p.md?"},
	{Pos: Pos{"content/a/p.km.md", 6, 0}, Severity: Warning, Code: "outdated", Message: "outdated: 100% changed,\nsee: x"},
	{Pos: Pos{"i18n/km.yaml", 0, 0}, Severity: Info, Code: "unreviewed", Message: "whole file"},
}

func TestFormats(t *testing.T) {
	tests := []struct {
		format Format
		prefix string
		want   string
	}{
		{Text, "", "content/a/p.km.md:12:3: error: link to q.md: no such page (did you mean p.md?) [link]\n" +
			"content/a/p.km.md:6: warning: outdated: 100% changed,\nsee: x [outdated]\n" +
			"i18n/km.yaml: info: whole file [unreviewed]\n"},
		{GitHub, "", "::error file=content/a/p.km.md,line=12,col=3,title=link::link to q.md: no such page (did you mean p.md?)\n" +
			"::warning file=content/a/p.km.md,line=6,title=outdated::outdated: 100%25 changed,%0Asee: x\n" +
			"::notice file=i18n/km.yaml,title=unreviewed::whole file\n"},
		// A site in a folder of the repository: annotations name files
		// from the top; a comma or colon in a name must not end the
		// property.
		{GitHub, "site,1:/", "::error file=site%2C1%3A/content/a/p.km.md,line=12,col=3,title=link::link to q.md: no such page (did you mean p.md?)\n" +
			"::warning file=site%2C1%3A/content/a/p.km.md,line=6,title=outdated::outdated: 100%25 changed,%0Asee: x\n" +
			"::notice file=site%2C1%3A/i18n/km.yaml,title=unreviewed::whole file\n"},
	}
	for _, tt := range tests {
		t.Run(string(tt.format)+tt.prefix, func(t *testing.T) {
			var b bytes.Buffer
			if err := tt.format.Write(&b, findings, tt.prefix); err != nil {
				t.Fatal(err)
			}
			if b.String() != tt.want {
				t.Errorf("got\n%s\nwant\n%s", b.String(), tt.want)
			}
		})
	}
}

// Every GitHub annotation is one line, however the message is written:
// a newline inside would end the command and print the rest as a log line.
func TestGitHubOneLinePerFinding(t *testing.T) {
	var b bytes.Buffer
	if err := GitHub.Write(&b, findings, ""); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != len(findings) {
		t.Fatalf("%d lines for %d findings:\n%s", len(lines), len(findings), b.String())
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "::") || strings.Count(l, "::") != 2 {
			t.Errorf("not a workflow command: %q", l)
		}
	}
}

func TestJSON(t *testing.T) {
	var b bytes.Buffer
	if err := JSON.Write(&b, findings, "ignored/"); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Findings []map[string]any
		Errors   int
		Warnings int
		Info     int
	}
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Errors != 1 || got.Warnings != 1 || got.Info != 1 || len(got.Findings) != 3 {
		t.Fatalf("counts: %+v", got)
	}
	first := got.Findings[0]
	if first["file"] != "content/a/p.km.md" || first["line"] != 12.0 || first["col"] != 3.0 || first["severity"] != "error" || first["code"] != "link" || first["hint"] != "did you mean p.md?" {
		t.Errorf("first finding: %v", first)
	}
	if _, ok := got.Findings[1]["hint"]; ok {
		t.Error("an empty hint is written")
	}
	var empty bytes.Buffer
	JSON.Write(&empty, nil, "")
	if !strings.Contains(empty.String(), `"findings": []`) {
		t.Errorf("no findings is not an empty list: %s", empty.String())
	}
}

func TestParseFormat(t *testing.T) {
	for _, f := range Formats {
		if got, err := ParseFormat(string(f)); err != nil || got != f {
			t.Errorf("ParseFormat(%q) = %q, %v", f, got, err)
		}
	}
	if _, err := ParseFormat("xml"); err == nil || !strings.Contains(err.Error(), "text, json, github") {
		t.Errorf("ParseFormat(xml) = %v, want an error naming the formats", err)
	}
}

// TestGitHubSaysWhenSomeAreNotShown: past ten findings of one kind, which
// is all GitHub shows from a step, a last notice gives the counts; at ten
// or fewer there is none.
func TestGitHubSaysWhenSomeAreNotShown(t *testing.T) {
	var l List
	for i := range 11 {
		l = append(l, Diagnostic{Pos: Pos{"content/a.km.md", i + 1, 1}, Severity: Warning, Code: "nfc", Message: "not NFC"})
	}
	var b strings.Builder
	if err := GitHub.Write(&b, l, ""); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	want := "::notice title=check::0 error(s), 11 warning(s), 0 notice(s) in all; a pull request shows only the first 10 of each kind on its lines: every one is in the log of this step"
	if len(lines) != 12 || lines[11] != want {
		t.Errorf("last of %d lines = %q, want %q", len(lines), lines[len(lines)-1], want)
	}
	b.Reset()
	if err := GitHub.Write(&b, l[:10], ""); err != nil {
		t.Fatal(err)
	}
	if strings.Count(b.String(), "\n") != 10 || strings.Contains(b.String(), "in all") {
		t.Errorf("ten findings:\n%s", b.String())
	}
}
