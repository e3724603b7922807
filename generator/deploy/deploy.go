// Package deploy writes what a static host needs to serve the built site
// as it is meant to be served: the Content-Security-Policy as a header
// (with frame-ancestors, which a <meta> cannot carry), cache lifetimes,
// and the MIME types hosts get wrong. One Policy, computed from the
// outputs, is written twice:
//
//	_headers          for Netlify and Cloudflare Pages, which read it from the
//	                  published folder and do not serve it
//	_nginx.conf       maps for nginx, included at http level by the
//	                  repository's docs/nginx.conf
//
// In: every output of the build (a publish.Recorder). Out: the two files.
// docs/deploy.md says how each host uses them.
package deploy

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"spean/generator/diag"
	"spean/generator/publish"
	"spean/generator/site"
	"spean/generator/workers"
)

// Cache lifetimes. A fingerprinted file (its name carries a hash of its
// content) never changes, so a browser may keep it a year without asking.
// Everything else is asked for again each time it is used, at the cost of
// a conditional request (a few hundred bytes when nothing changed): pages
// change with every build under the same address, and the service worker
// keeps them for offline reading anyway. The worker's own script is never
// used from a cache without asking, or a new build would not reach phones.
const (
	Immutable  = "public, max-age=31536000, immutable"
	Revalidate = "public, max-age=0, must-revalidate"
	NoCache    = "no-cache"
)

// Output names.
const (
	HeadersFile = "_headers"
	NginxFile   = "_nginx.conf"
	worker      = site.ServiceWorker
)

// Security headers sent with every response besides the CSP.
var Security = [][2]string{
	{"X-Content-Type-Options", "nosniff"},
	{"Referrer-Policy", "no-referrer"},
}

// Types are the MIME types to send that hosts do not all know. A packed
// search index (generator/search/pack.go) is read by range requests, which
// a host cannot answer for a file it compresses on the fly: sent as
// binary, none does.
var Types = map[string]string{".webmanifest": "application/manifest+json", ".pack": "application/octet-stream", ".dir": "application/octet-stream"}

// fingerprint matches a name that carries a content hash, the way the
// search renderer names its scripts and index files:
// search.39253e71.js, s.8703ab0ef5.0.js.
var fingerprint = regexp.MustCompile(`\.[0-9a-f]{8,}\.`)

// Fingerprinted reports whether the output name carries its content's
// hash, so that it can be cached for good.
func Fingerprinted(name string) bool { return fingerprint.MatchString(path.Base(name)) }

// CacheControl is the Cache-Control header for an output.
func CacheControl(name string) string {
	switch {
	case name == worker:
		return NoCache
	case Fingerprinted(name):
		return Immutable
	default:
		return Revalidate
	}
}

// Policy is how the site should be served.
type Policy struct {
	// CSP is the union of every page's <meta> policy, plus the
	// directives only a header can carry.
	CSP string
	// Immutable are the patterns of fingerprinted files: a whole folder's
	// files of one extension ("km/search/*.js") when all are
	// fingerprinted, else single files.
	Immutable []string
	// Langs are the site's languages, for nginx's optional
	// language-aware "/".
	Langs []string
}

const metaCSP = `<meta http-equiv="Content-Security-Policy" content="`

// pagePolicy returns the content of the first policy <meta> in b, as
// written (escaped), and whether there is one whose value ends in b. A
// search for the tag's bytes, not a regular expression: on the
// 10,000-page site's 20,000 pages the expression was 0.13 of the 0.32
// CPU-s of reading the policies.
func pagePolicy(b []byte) ([]byte, bool) {
	i := bytes.Index(b, []byte(metaCSP))
	if i < 0 {
		return nil, false
	}
	v := b[i+len(metaCSP):]
	end := bytes.IndexByte(v, '"')
	if end < 0 {
		return nil, false
	}
	return v[:end], true
}

// headBytes is how much of a page NewPolicy reads first: the theme's
// policy <meta> ends within the first kilobyte.
const headBytes = 4096

// NewPolicy derives the policy from the outputs.
func NewPolicy(files *publish.Recorder, langs []string) (Policy, error) {
	p := Policy{Langs: langs}
	var order []string
	sources := map[string][]string{}
	pages := 0
	type group struct{ dir, ext string }
	all := map[group]int{}
	fp := map[group][]string{}
	names := files.Names()
	// Every page is read back for its policy: in parallel, merged in
	// name order below so the result does not depend on scheduling. A
	// page the build published again from the previous one has the
	// policy that build read in it, noted (policyNote).
	var pageNames []string
	for _, name := range names {
		if strings.HasSuffix(name, ".html") {
			pageNames = append(pageNames, name)
		}
	}
	prev := recallPolicies(files, pageNames)
	pagePolicies := make([]string, len(pageNames))
	workers.Each(context.Background(), len(pageNames), 0, func(i int) {
		if prev != nil && files.Reused(pageNames[i]) {
			pagePolicies[i] = prev[i]
			return
		}
		// The policy is at the top of <head>: read the rest of a page
		// only when its first bytes do not hold it.
		b, _ := files.Head(pageNames[i], headBytes)
		v, ok := pagePolicy(b)
		if !ok && len(b) == headBytes {
			b, _ = files.Get(pageNames[i])
			v, ok = pagePolicy(b)
		}
		if ok {
			pagePolicies[i] = html.UnescapeString(string(v))
		}
	})
	if err := notePolicies(files, pageNames, pagePolicies); err != nil {
		return p, err
	}
	for _, name := range names {
		g := group{path.Dir(name), path.Ext(name)}
		all[g]++
		if Fingerprinted(name) {
			fp[g] = append(fp[g], name)
		}
	}
	// The union in name order: pageNames keeps the order of names. Most
	// pages share their policy with many others; each is taken once.
	seen := map[string]bool{}
	for _, pol := range pagePolicies {
		if pol == "" {
			continue // an alias redirect, with no policy of its own
		}
		pages++
		if seen[pol] {
			continue
		}
		seen[pol] = true
		for _, d := range strings.Split(pol, ";") {
			f := strings.Fields(d)
			if len(f) == 0 {
				continue
			}
			if _, seen := sources[f[0]]; !seen {
				order = append(order, f[0])
				sources[f[0]] = nil
			}
			for _, src := range f[1:] {
				if !slices.Contains(sources[f[0]], src) {
					sources[f[0]] = append(sources[f[0]], src)
				}
			}
		}
	}
	if pages == 0 {
		return p, fmt.Errorf("no page carries a Content-Security-Policy <meta> to take the header from")
	}
	if _, ok := sources["frame-ancestors"]; !ok {
		order = append(order, "frame-ancestors")
		sources["frame-ancestors"] = []string{"'none'"}
	}
	var dirs []string
	for _, d := range order {
		dirs = append(dirs, strings.Join(append([]string{d}, sources[d]...), " "))
	}
	p.CSP = strings.Join(dirs, "; ")
	var groups []group
	for g := range fp {
		groups = append(groups, g)
	}
	slices.SortFunc(groups, func(a, b group) int { return strings.Compare(a.dir+a.ext, b.dir+b.ext) })
	for _, g := range groups {
		// A folder pattern would match below the folder too on some
		// hosts; the root's files are listed one by one.
		if len(fp[g]) == all[g] && len(fp[g]) > 1 && g.ext != "" && g.dir != "." {
			p.Immutable = append(p.Immutable, path.Join(g.dir, "*"+g.ext))
		} else {
			p.Immutable = append(p.Immutable, fp[g]...)
		}
	}
	return p, nil
}

// Headers is the policy as a _headers file. Cloudflare Pages and Netlify
// join the values of one header from every rule a request matches, so no
// two rules here set the same header on one path: Cache-Control is set
// only where it differs from what both hosts send by default
// (Revalidate). Pages have no rule of their own: Netlify reads a pattern
// such as /*/ as matching every path (its parser drops empty segments
// and makes a lone * optional), which would have given sw.js and the
// fingerprinted scripts a second, contrary Cache-Control.
func (p Policy) Headers() []byte {
	var b bytes.Buffer
	rule := func(comment, pattern string, headers ...[2]string) {
		if comment != "" {
			fmt.Fprintf(&b, "\n# %s\n", comment)
		}
		fmt.Fprintf(&b, "/%s\n", pattern)
		for _, h := range headers {
			fmt.Fprintf(&b, "  %s: %s\n", h[0], h[1])
		}
	}
	b.WriteString("# Written by spean build for Netlify and Cloudflare Pages; see docs/deploy.md.\n")
	b.WriteString("# Change the theme or the generator, not this file.\n")
	rule("Every response: the pages' own policy, and no framing by other sites.", "*",
		append([][2]string{{"Content-Security-Policy", p.CSP}}, Security...)...)
	rule("The service worker: never used from a cache without asking, so a new build reaches phones.", worker, [2]string{"Cache-Control", NoCache})
	for i, pat := range p.Immutable {
		c := ""
		if i == 0 {
			c = "Named by their content's hash: they never change."
		}
		rule(c, pat, [2]string{"Cache-Control", Immutable})
	}
	exts := make([]string, 0, len(Types))
	for e := range Types {
		exts = append(exts, e)
	}
	slices.Sort(exts)
	for i, e := range exts {
		c := ""
		if i == 0 {
			c = "MIME types not every host knows."
		}
		rule(c, "*"+e, [2]string{"Content-Type", Types[e]})
	}
	return b.Bytes()
}

// Nginx is the policy as nginx maps, for docs/nginx.conf:
// $spean_cache (Cache-Control by URI), $spean_csp, $spean_lang (the
// first language of Accept-Language when it is one of the site's, for the
// optional language-aware "/") and $spean_vary (Vary for "/").
func (p Policy) Nginx() []byte {
	var b bytes.Buffer
	b.WriteString("# Written by spean build for nginx; included at http level by docs/nginx.conf.\n")
	b.WriteString("# See docs/deploy.md. Change the theme or the generator, not this file.\n\n")
	b.WriteString("map $uri $spean_cache {\n")
	fmt.Fprintf(&b, "    default %s;\n", quote(Revalidate))
	fmt.Fprintf(&b, "    /%s %s;\n", worker, quote(NoCache))
	for _, pat := range p.Immutable {
		if dir, ext, ok := strings.Cut(pat, "/*"); ok {
			fmt.Fprintf(&b, "    \"~^/%s/[^/]*%s$\" %s;\n", regexp.QuoteMeta(dir), regexp.QuoteMeta(ext), quote(Immutable))
		} else {
			fmt.Fprintf(&b, "    /%s %s;\n", pat, quote(Immutable))
		}
	}
	b.WriteString("}\n\n")
	// A packed search index is read in dozens of small ranges, none a
	// document the policy could apply to; an empty value sends no header,
	// which over HTTP/1.1 is 570 bytes less on each.
	fmt.Fprintf(&b, "map $uri $spean_csp {\n    default %s;\n    \"~\\.(pack|dir)$\" \"\";\n}\n\n", quote(p.CSP))
	// One line a language, giving the code as the site spells it: a
	// browser may send KM, and /KM/ is no folder of the site.
	b.WriteString("map $http_accept_language $spean_lang {\n    default \"\";\n")
	for _, l := range p.Langs {
		fmt.Fprintf(&b, "    \"~*^\\s*%s(?![a-z0-9])\" %s;\n", regexp.QuoteMeta(l), l)
	}
	b.WriteString("}\n\n")
	// What / sends depends on Accept-Language when the language-aware "/"
	// is on: a cache in front must not give one reader's redirect to
	// another. A map, since add_header in that location would drop the
	// server's other headers.
	b.WriteString("map $request_uri $spean_vary {\n    default \"\";\n    \"~^/(\\?|$)\" \"Accept-Language\";\n}\n")
	return b.Bytes()
}

func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }

// Files writes _headers and _nginx.conf. It runs after every page and
// the service worker, and before the precompressed copies (which leave
// these two alone: they are not text a browser asks for).
func Files(_ context.Context, s *site.Site, files *publish.Recorder, sink publish.Sink) diag.List {
	var diags diag.List
	p, err := NewPolicy(files, s.Langs)
	if err != nil {
		diags.Errorf(diag.Pos{File: "generator/deploy"}, "deploy", "%v", err)
		return diags
	}
	if err := sink.Write(HeadersFile, p.Headers()); err != nil {
		diags.Errorf(diag.Pos{File: "generator/deploy"}, "deploy", "%s: %v", HeadersFile, err)
	}
	if err := sink.Write(NginxFile, p.Nginx()); err != nil {
		diags.Errorf(diag.Pos{File: "generator/deploy"}, "deploy", "%s: %v", NginxFile, err)
	}
	names, search := files.Names(), 0
	for _, name := range names {
		for _, lang := range s.Langs {
			if strings.HasPrefix(name, site.SearchFile(lang, "")) && strings.HasSuffix(name, ".js") {
				search++
			}
		}
	}
	if msg := TooManyFiles(len(names), search, s.Config.Search.MaxFiles); msg != "" {
		diags.Add(diag.Diagnostic{Pos: diag.Pos{File: s.Config.File}, Severity: diag.Warning, Code: "deploy", Message: msg})
	}
	return diags
}

// policyNote is the note NewPolicy leaves for the next build: the hash
// of the names of every page (.html output), then each page's policy, as
// runs of the same one ("i:n", n pages with the i-th policy in the list;
// "x" for none, as an alias redirect has), then the list of policies,
// quoted. Reading the head of each of the 10,000-page site's 20,000
// pages for its policy was 0.5 CPU-s of a rebuild after one edit, which
// publishes all but one again from the previous build. A build with
// other pages (one added or removed) reads every page, as before.
const policyNote = "deploy/policies"

// namesSum is the hash of a list of names.
func namesSum(names []string) string {
	h := sha256.New()
	for _, n := range names {
		h.Write([]byte(n))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// notePolicies notes each page's policy (policies[i] is names[i]'s) for
// the next build.
func notePolicies(files *publish.Recorder, names, policies []string) error {
	var list []string
	index := map[string]int{}
	var runs []string
	last, n := "", 0
	flush := func() {
		if n > 0 {
			runs = append(runs, last+":"+strconv.Itoa(n))
		}
	}
	for _, pol := range policies {
		id := "x"
		if pol != "" {
			i, ok := index[pol]
			if !ok {
				i = len(list)
				index[pol] = i
				list = append(list, pol)
			}
			id = strconv.Itoa(i)
		}
		if id != last {
			flush()
			last, n = id, 0
		}
		n++
	}
	flush()
	var b strings.Builder
	b.WriteString(namesSum(names) + " " + strings.Join(runs, ",") + " ")
	for _, pol := range list {
		b.WriteString(strconv.QuoteToASCII(pol))
	}
	return files.Note(policyNote, b.String())
}

// recallPolicies is each page's policy as the previous build noted it,
// when that build had the same pages; else nil.
func recallPolicies(files *publish.Recorder, names []string) []string {
	v, ok := files.Recall(policyNote)
	if !ok {
		return nil
	}
	f := strings.SplitN(v, " ", 3)
	if len(f) != 3 || f[0] != namesSum(names) {
		return nil
	}
	var list []string
	for rest := f[2]; rest != ""; {
		q, err := strconv.QuotedPrefix(rest)
		if err != nil {
			return nil
		}
		pol, err := strconv.Unquote(q)
		if err != nil {
			return nil
		}
		list, rest = append(list, pol), rest[len(q):]
	}
	out := make([]string, 0, len(names))
	for _, run := range strings.Split(f[1], ",") {
		id, count, ok := strings.Cut(run, ":")
		n, err := strconv.Atoi(count)
		if !ok || err != nil || n <= 0 || n > len(names)-len(out) {
			return nil
		}
		pol := ""
		if id != "x" {
			i, err := strconv.Atoi(id)
			if err != nil || i < 0 || i >= len(list) {
				return nil
			}
			pol = list[i]
		}
		for range n {
			out = append(out, pol)
		}
	}
	if len(out) != len(names) {
		return nil
	}
	return out
}
