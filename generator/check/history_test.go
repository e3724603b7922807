package check

import (
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"spean/generator/content"
)

func TestDiffSections(t *testing.T) {
	const old = "Intro.\n\n## Fees {#fees}\n\nPay 100.\n\n## Who\n\nEveryone.\n\n```\n## not a heading\n```\n\n## Gone\n\nx\n"
	tests := []struct {
		name, cur string
		want      []sectionChange
	}{
		{"same", old, nil},
		{"trailing spaces only", strings.ReplaceAll(old, "Pay 100.", "Pay 100.   "), nil},
		{"one section's text", strings.ReplaceAll(old, "Pay 100.", "Pay 200."), []sectionChange{{"Fees", "changed"}}},
		{"reworded heading with an id is changed, not new", strings.ReplaceAll(old, "## Fees {#fees}", "## Costs {#fees}"), []sectionChange{{"Costs", "changed"}}},
		{"heading without id reworded is new and removed", strings.ReplaceAll(old, "## Who", "## Who may go"),
			[]sectionChange{{"Who may go", "new"}, {"Who", "removed"}}},
		{"intro and code inside a section", strings.ReplaceAll(strings.ReplaceAll(old, "Intro.", "Intro!"), "## not a heading", "## still not"),
			[]sectionChange{{"(text before the first heading)", "changed"}, {"Who", "changed"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := diffSections([]byte(old), []byte(tt.cur))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// git runs git in dir with a fixed identity, failing the test on error.
func git(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.org",
		"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.org", "GIT_CONFIG_GLOBAL=/dev/null")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func writeSite(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// committedSite writes the check fixture's site with files added into a
// new git repository, committed once, and returns its folder; without git
// the test is skipped.
func committedSite(t *testing.T, files map[string]string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	site := map[string]string{}
	for name, f := range siteFS(t, "") {
		site[name] = string(f.Data)
	}
	maps.Copy(site, files)
	writeSite(t, dir, site)
	git(t, dir, "init", "-q")
	git(t, dir, "add", ".")
	git(t, dir, "commit", "-q", "-m", "v1")
	return dir
}

// An outdated translation names the source sections that changed when the
// version it was made from is in git history, and still reports the page
// as outdated, without sections, when it is not (a shallow clone).
func TestOutdatedSectionsFromGit(t *testing.T) {
	const v1 = "Intro.\n\n## Fees {#fees}\n\nPay 100.\n\n## Who\n\nEveryone.\n"
	dir := committedSite(t, map[string]string{
		"content/a/p.en.md": "---\n" + page + "---\n" + v1,
		"content/a/p.km.md": "---\n" + page + "source_hash: " + content.BodyHash([]byte(v1)) + "\n---\nក\n",
	})
	v2 := strings.ReplaceAll(v1, "Pay 100.", "Pay 200.") + "\n## New {#new}\n\nMore.\n"
	writeSite(t, dir, map[string]string{"content/a/p.en.md": "---\n" + page + "---\n" + v2})
	git(t, dir, "commit", "-q", "-am", "v2")
	writeSite(t, dir, map[string]string{"content/a/p.en.md": "---\n" + page + "---\n" + v2 + "\nEven more.\n"})

	fsys := os.DirFS(dir)
	for _, tt := range []struct {
		name, dir, want string
	}{
		{"history", dir, `; sections changed: "Fees" (changed), "New" (new)`},
		{"no history", "", ")"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var msgs []string
			for _, d := range runCheckFS(t, fsys, tt.dir) {
				if d.Code == "outdated" {
					msgs = append(msgs, d.Pos.String()+" "+d.Message)
				}
			}
			if len(msgs) != 1 || !strings.HasPrefix(msgs[0], "content/a/p.km.md:6:1 outdated: content/a/p.en.md changed") || !strings.HasSuffix(msgs[0], tt.want) {
				t.Errorf("got %q, want one finding ending %q", msgs, tt.want)
			}
		})
	}
}

// A change to the text a leaflet prints (the summary, the key points) makes
// a translation outdated as a change to the body does, and check names it
// when the version the translation was made from is in history. One whose
// source_hash was made over the body alone (an older Spean) is current in
// its body and asked to compare the rest.
func TestOutdatedFrontMatterFromGit(t *testing.T) {
	const body = "Intro.\n"
	meta := content.Meta{Title: "P", Summary: "Pay 100 baht."}
	dir := committedSite(t, map[string]string{
		"content/a/p.en.md": "---\n" + page + "summary: Pay 100 baht.\n---\n" + body,
		"content/a/p.km.md": "---\n" + page + "source_hash: " + content.SourceHash(&meta, []byte(body)) + "\n---\nក\n",
		"content/a/p.lo.md": "---\n" + page + "source_hash: " + content.BodyHash([]byte(body)) + "\n---\nກ\n",
	})
	codes := func() map[string]string {
		got := map[string]string{}
		for _, d := range runCheckFS(t, os.DirFS(dir), dir) {
			if strings.HasPrefix(d.Pos.File, "content/a/p.") {
				got[d.Pos.File+" "+d.Code] = d.Message
			}
		}
		return got
	}
	got := codes()
	if _, ok := got["content/a/p.km.md outdated"]; ok {
		t.Errorf("a translation stamped with the page's hash is outdated: %v", got)
	}
	if _, ok := got["content/a/p.lo.md source-hash-body"]; !ok {
		t.Errorf("a source_hash over the body alone is not reported: %v", got)
	}
	writeSite(t, dir, map[string]string{"content/a/p.en.md": "---\n" + page + "summary: Pay 200 baht.\n---\n" + body})
	got = codes()
	if msg := got["content/a/p.km.md outdated"]; !strings.HasSuffix(msg, "; front matter changed: summary") {
		t.Errorf("after the summary changed, km: %q, want outdated naming the summary", msg)
	}
	if msg := got["content/a/p.lo.md source-hash-body"]; msg == "" {
		t.Errorf("after the summary changed, lo: %v, want its body still current and the rest to compare", got)
	}
}
