package theme_test

import "testing"

// OwnTextOnly tells layouts that show only the page's own text (the
// default theme) from ones that reach another page's: only the first may
// have pages reused from the previous build.
func TestOwnTextOnly(t *testing.T) {
	for _, c := range []struct {
		name, layout string
		want         bool
	}{
		{"default theme", "", true},
		{"own headings", `{{define "main"}}{{range .Page.Doc.Headings}}{{.Text}}{{end}}{{end}}`, true},
		{"own doc through $", `{{define "main"}}{{range .Page.Children}}{{$.Page.Doc.Text}}{{end}}{{end}}`, true},
		{"own doc in a partial given the View", `{{define "main"}}{{template "own" .}}{{end}}{{define "own"}}{{.Page.Doc.Text}}{{end}}`, true},
		{"front matter of others", `{{define "main"}}{{range .Page.Children}}{{.Source.Meta.Summary}}{{end}}{{end}}`, true},
		{"children's text", `{{define "main"}}{{range .Page.Children}}{{.Doc.Text}}{{end}}{{end}}`, false},
		{"children's markdown", `{{define "main"}}{{range .Site.Sources}}{{printf "%s" .Body}}{{end}}{{end}}`, false},
		{"a variable holding a page", `{{define "main"}}{{$p := .Page.Parent}}{{$p.Doc.Text}}{{end}}`, false},
		{"a method's result", `{{define "main"}}{{(.Find "rights/_index").Doc.Text}}{{end}}`, false},
		{"a partial given another page", `{{define "main"}}{{template "p" .Page.Parent}}{{end}}{{define "p"}}{{.Doc.Text}}{{end}}`, false},
		{"a partial called inside with", `{{define "main"}}{{with .Page.Parent}}{{template "p" .}}{{end}}{{end}}{{define "p"}}{{.Page.Doc.Text}}{{end}}`, false},
		{"with the page's own doc", `{{define "main"}}{{with .Page.Doc}}{{.Text}}{{end}}{{end}}`, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			extra := map[string]string{}
			if c.layout != "" {
				extra["themes/default/layouts/page.html"] = c.layout
			}
			l := load(t, extra)
			got, err := l.Theme.OwnTextOnly(l.Site.Pages)
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("OwnTextOnly = %v, want %v", got, c.want)
			}
		})
	}
}
