package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"

	"spean/generator/diag"
	"spean/generator/offline"
	"spean/generator/publish"
	"spean/generator/site"
	"spean/generator/theme"
)

// The default theme's build steps: the hash that lets its inline CSS
// through the Content-Security-Policy, the offline files the pages link to,
// then, once every page exists, the service worker, the zips and the
// precompressed copies (last, so they cover every other output).
func init() {
	renderers = append(renderers, styleHash, offline.Renderer)
	finishers = append(finishers, offline.ServiceWorker, offline.Zips, offline.Precompress)
}

// styleHash publishes Extra "csp:style", the CSP source that allows the
// inline critical CSS: 'sha256-…' of each <style> element's text. The
// layout _csp-style-probe.html holds the same <style> element as
// _base.html, so the hash is of exactly the bytes the pages carry, after
// html/template has done its work.
func styleHash(_ context.Context, s *site.Site, t *theme.Theme, _ publish.Sink) diag.List {
	var diags diag.List
	out, err := t.Execute([]string{"_csp-style-probe.html"}, s.Config.SourceLanguage, nil)
	if err != nil {
		diags.Errorf(diag.Pos{File: "themes/" + s.Config.Theme + "/layouts/_csp-style-probe.html"}, "theme", "inline style hash: %v", err)
		return diags
	}
	var sources []string
	for rest := out; ; {
		_, after, ok := bytes.Cut(rest, []byte("<style>"))
		if !ok {
			break
		}
		css, tail, ok := bytes.Cut(after, []byte("</style>"))
		if !ok {
			break
		}
		sum := sha256.Sum256(css)
		sources = append(sources, fmt.Sprintf("'sha256-%s'", base64.StdEncoding.EncodeToString(sum[:])))
		rest = tail
	}
	if len(sources) == 0 {
		diags.Errorf(diag.Pos{File: "themes/" + s.Config.Theme + "/layouts/_csp-style-probe.html"}, "theme", "inline style hash: the probe layout has no <style> element")
		return diags
	}
	t.Extra["csp:style"] = strings.Join(sources, " ")
	return diags
}
