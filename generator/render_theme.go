package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"

	"spean/generator/deploy"
	"spean/generator/diag"
	"spean/generator/offline"
	"spean/generator/publish"
	"spean/generator/site"
	"spean/generator/theme"
)

// The default theme's build steps: the hashes that let its inline CSS
// through the Content-Security-Policy, the link-preview images, the offline
// files the pages link to, then, once every page exists, the zips, the
// service worker with its lists (which give the zips' sizes), the files
// static hosts read (_headers, _nginx.conf) and the precompressed copies
// (last, so they cover every other output).
func init() {
	renderers = append(renderers, styleHash, theme.PreviewImages, offline.Renderer)
	finishers = append(finishers, offline.Zips, offline.ServiceWorker, deploy.Files, offline.Precompress)
}

// styleHash publishes the CSP sources that allow the theme's inline
// <style> elements: Extra "csp:style" for the critical CSS of every page,
// and Extra "csp:style-my:<root>" for the Burmese @font-face, whose font
// URL is relative to the page and so differs with the page's depth. The
// layout _csp-style-probe.html renders the same partials as the pages, so
// each hash is of exactly the bytes the pages carry, after html/template
// has done its escaping.
func styleHash(_ context.Context, s *site.Site, t *theme.Theme, _ publish.Sink) diag.List {
	var diags diag.List
	probe := diag.Pos{File: "themes/" + s.Config.Theme + "/layouts/_csp-style-probe.html"}
	// Every page depth in use, and one more for pages other renderers add
	// below a language folder (offline/, search/).
	depth := 1
	for _, p := range s.Pages {
		depth = max(depth, p.Depth()+1)
	}
	var roots []string
	for d := 0; d <= depth; d++ {
		roots = append(roots, strings.Repeat("../", d))
	}
	out, err := t.Execute([]string{"_csp-style-probe.html"}, s.Config.SourceLanguage, roots)
	if err != nil {
		diags.Errorf(probe, "theme", "inline style hashes: %v", err)
		return diags
	}
	styles := styleTexts(out)
	if len(styles) != 1+len(roots) {
		diags.Errorf(probe, "theme", "inline style hashes: the probe has %d <style> elements, want %d", len(styles), 1+len(roots))
		return diags
	}
	t.Extra["csp:style"] = cspHash(styles[0])
	for i, root := range roots {
		t.Extra["csp:style-my:"+root] = cspHash(styles[i+1])
	}
	return diags
}

// styleTexts returns the text of each <style …> element in order.
func styleTexts(b []byte) [][]byte {
	var out [][]byte
	for {
		i := bytes.Index(b, []byte("<style"))
		if i < 0 {
			return out
		}
		b = b[i:]
		j := bytes.IndexByte(b, '>')
		k := bytes.Index(b, []byte("</style>"))
		if j < 0 || k < j {
			return out
		}
		out = append(out, b[j+1:k])
		b = b[k:]
	}
}

func cspHash(css []byte) string {
	sum := sha256.Sum256(css)
	return fmt.Sprintf("'sha256-%s'", base64.StdEncoding.EncodeToString(sum[:]))
}
