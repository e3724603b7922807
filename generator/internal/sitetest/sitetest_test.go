package sitetest

import (
	"strings"
	"testing"
)

func TestInert(t *testing.T) {
	for _, tc := range []struct {
		html, want string // want: a prefix of the finding, "" for inert
	}{
		{`<p>plain</p><script src="/s.js"></script>`, ""},
		{`<meta name="description" content="&#34; onload=&#34;x">`, ""},
		{`<p title='onclick=x'>on=</p>`, ""},
		{`<a href="tel:1300">1300</a>`, ""},
		{`<svg viewBox="0 0 1 1"><path d="M0 0h1"/></svg>`, ""},
		{`<script>alert(1)</script>`, "an inline script"},
		{`<SCRIPT type=module>x</SCRIPT>`, "an inline script"},
		{`<img src=x onerror=alert(1)>`, "an event attribute"},
		{`<p ONMOUSEOVER = "x">`, "an event attribute"},
		{`<svg><a onclick="x"></a></svg>`, "an event attribute"},
		{`<a href="java&#x09;script:alert(1)">`, "a script or data URL"},
		{`<a href=" JavaScript:x">`, "a script or data URL"},
		{`<iframe src="data:text/html,x">`, "a script or data URL"},
		{`<svg><a xlink:href="javascript:x"></a></svg>`, "a script or data URL"},
		{`<a href="tel:1300 or 1694">`, "a tel: link"},
	} {
		got := Inert(tc.html)
		if tc.want == "" && got != "" || !strings.HasPrefix(got, tc.want) {
			t.Errorf("Inert(%q) = %q, want %q…", tc.html, got, tc.want)
		}
	}
}
