package deploy

import (
	"regexp"
	"testing"
)

// metaCSPExpr is how a page's policy was found before pagePolicy: the
// oracle pagePolicy is held to.
var metaCSPExpr = regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]*)"`)

func checkPagePolicy(t *testing.T, page string) {
	t.Helper()
	got, ok := pagePolicy([]byte(page))
	m := metaCSPExpr.FindStringSubmatch(page)
	switch {
	case m == nil && ok:
		t.Errorf("%q: found %q where the expression finds nothing", page, got)
	case m != nil && (!ok || string(got) != m[1]):
		t.Errorf("%q: %q, %v; want %q", page, got, ok, m[1])
	}
}

func TestPagePolicy(t *testing.T) {
	for _, page := range []string{
		"",
		`<html><head><meta charset="utf-8">` + `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; style-src &#39;sha256-A=&#39;">`,
		`<meta http-equiv="Content-Security-Policy" content="">`,
		`<meta http-equiv="Content-Security-Policy" content="default-src 'self'`, // cut before its end
		`<meta http-equiv="Content-Security-Policy" content="a"><meta http-equiv="Content-Security-Policy" content="b">`,
		`<meta http-equiv="content-security-policy" content="a">`, // not as the theme writes it
		`<p>no policy here</p>`,
	} {
		checkPagePolicy(t, page)
	}
}

// FuzzPagePolicy: for any page, what the expression found.
func FuzzPagePolicy(f *testing.F) {
	f.Add(`<meta http-equiv="Content-Security-Policy" content="default-src 'self'">`)
	f.Add(`x<meta http-equiv="Content-Security-Policy" content="a`)
	f.Fuzz(func(t *testing.T, page string) {
		checkPagePolicy(t, page)
		checkPagePolicy(t, page+`<meta http-equiv="Content-Security-Policy" content="`+page+`"`)
	})
}
