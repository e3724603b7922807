package content

import "testing"

func TestHasTermsBlock(t *testing.T) {
	for body, want := range map[string]bool{
		"```terms\n```\n":                  true,
		"Intro.\n\n  ~~~~ terms x\n~~~~\n": true,
		"```` terms\n````":                 true,
		"```go\nterms\n```\n":              false,
		"The terms of your contract.\n":    false,
		"```termsheet\n```\n":              false,
		"":                                 false,
		"text\r\n```terms\r\n```\r\n":      true,
	} {
		if got := HasTermsBlock([]byte(body)); got != want {
			t.Errorf("HasTermsBlock(%q) = %v, want %v", body, got, want)
		}
	}
}
