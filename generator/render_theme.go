package main

import (
	"bytes"
	"context"

	"spean/generator/diag"
	"spean/generator/offline"
	"spean/generator/publish"
	"spean/generator/site"
	"spean/generator/theme"
)

// The default theme's build steps: the hashes that let its inline CSS
// through the Content-Security-Policy, the offline files the pages link to,
// then, once every page exists, the service worker, the zips and the
// precompressed copies (last, so they cover every other output).
func init() {
	renderers = append(renderers, styleHash, offline.Renderer)
	finishers = append(finishers, offline.ServiceWorker, offline.Zips, offline.Precompress)
}

// styleHash publishes the CSP source that allows the theme's inline
// critical CSS, as Extra "csp:style". The layout _csp-style-probe.html
// renders the same partial as the pages, so the hash is of exactly the
// bytes the pages carry, after html/template has done its escaping.
func styleHash(_ context.Context, s *site.Site, t *theme.Theme, _ publish.Sink) diag.List {
	var diags diag.List
	probe := diag.Pos{File: "themes/" + s.Config.Theme + "/layouts/_csp-style-probe.html"}
	out, err := t.Execute([]string{"_csp-style-probe.html"}, s.Config.SourceLanguage, nil)
	if err != nil {
		diags.Errorf(probe, "theme", "inline style hashes: %v", err)
		return diags
	}
	styles := styleTexts(out)
	if len(styles) != 1 {
		diags.Errorf(probe, "theme", "inline style hashes: the probe has %d <style> elements, want 1", len(styles))
		return diags
	}
	t.Extra["csp:style"] = theme.CSPHash(styles[0])
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
