package build

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"spean/generator/content"
	"spean/generator/diag"
	"spean/generator/i18n"
	"spean/generator/site"
	"spean/generator/theme"
	"spean/generator/workers"
)

// The page cache: a one-off build over its previous output renders again
// only the pages whose HTML could differ. A page's HTML is its layout run
// over what it shows: its own text and what the site declares (every
// page's front matter, its place in the site, the theme, the UI strings,
// the configuration, the data files). When the layouts show no page's
// text but its own (theme.OwnTextOnly), a page's key is a hash of its own
// rendered text with a hash of all the rest (sitewide): an unchanged key
// means unchanged HTML, and the previous build's file is published again
// (publish.Reuser) instead of rendering it. Editing one page's text then
// renders one page (and the fallback copies that show it); editing any
// front matter, layout or string renders every page, as before.
//
// The keys are noted per language ("pages/<lang>": the number of pages,
// then each page's key in the site's order) for the next build. The
// generator itself is in the cache's name (publish.NewDir): a changed
// generator reuses nothing.

// keyLen is how many hex digits of a page's key are noted: 48 bits, so
// that a changed page is taken for unchanged once in 2^48 edits.
const keyLen = 12

// entry is a page's entry in its language's note: its key, then its
// output's SHA-256 and size, which a build that reuses the output records
// without reading it (publish.Recorder.ReuseAs): "<key><sha256>:<size>",
// about 80 bytes a page.
func entry(key string, sum [sha256.Size]byte, size int64) string {
	return key + hex.EncodeToString(sum[:]) + ":" + strconv.FormatInt(size, 10)
}

// parseEntry reads an entry back; ok is false when it is not one.
func parseEntry(e string) (key string, sum [sha256.Size]byte, size int64, ok bool) {
	const sumEnd = keyLen + 2*sha256.Size
	if len(e) < sumEnd+2 || e[sumEnd] != ':' {
		return "", sum, 0, false
	}
	if _, err := hex.Decode(sum[:], []byte(e[keyLen:sumEnd])); err != nil {
		return "", sum, 0, false
	}
	size, err := strconv.ParseInt(e[sumEnd+1:], 10, 64)
	return e[:keyLen], sum, size, err == nil && size >= 0
}

// pageNote is the note key of lang's page keys.
func pageNote(lang string) string { return "pages/" + lang }

// AllPages is step 2 of a one-off build: every page, each either rendered
// or, when its key is the one the previous build noted and the previous
// output is still what that build wrote, published again from it. It
// notes every page's key and output for the next build.
func (b *Build) AllPages(ctx context.Context) diag.List {
	pages := b.Site.Pages
	keys := b.pageKeys(ctx, pages)
	if keys == nil {
		b.rendered = len(pages)
		return b.Pages(ctx, pages)
	}
	// Each language's previous entries, when it had as many pages: with
	// the sitewide hash in every key, the same site has its pages in the
	// same order.
	count := map[string]int{}
	for _, p := range pages {
		count[p.Lang]++
	}
	prev := map[string][]string{}
	for lang, n := range count {
		if v, ok := b.out.Recall(pageNote(lang)); ok {
			if f := strings.Fields(v); len(f) == n+1 && f[0] == strconv.Itoa(n) {
				prev[lang] = f[1:]
			}
		}
	}
	at := make([]int, len(pages)) // each page's place in its language
	seen := map[string]int{}
	for i, p := range pages {
		at[i] = seen[p.Lang]
		seen[p.Lang]++
	}
	reused := make([]bool, len(pages))
	errs := make([]error, len(pages))
	workers.Each(ctx, len(pages), 0, func(i int) {
		p := pages[i]
		old := prev[p.Lang]
		if old == nil {
			return
		}
		key, sum, size, ok := parseEntry(old[at[i]])
		if ok && key == keys[i] {
			reused[i], errs[i] = b.out.ReuseAs(p.Output(), sum, size)
		}
	})
	var diags diag.List
	var render []*site.Page
	for i, p := range pages {
		if errs[i] != nil {
			diags.Errorf(diag.Pos{File: p.Source.Path}, "render", "%v", errs[i])
		} else if !reused[i] {
			render = append(render, p)
		}
	}
	b.rendered, b.reused = len(render), len(pages)-len(render)
	diags = append(diags, b.Pages(ctx, render)...)
	if diags.HasErrors() {
		return diags
	}
	lists := map[string]*strings.Builder{}
	for i, p := range pages {
		l := lists[p.Lang]
		if l == nil {
			l = &strings.Builder{}
			l.WriteString(strconv.Itoa(count[p.Lang]))
			lists[p.Lang] = l
		}
		sum, ok := b.out.Sum(p.Output())
		size, known := b.out.Size(p.Output())
		if !ok || !known {
			return diags // not noted: the next build renders everything
		}
		l.WriteString(" " + entry(keys[i], sum, size))
	}
	for lang, l := range lists {
		if err := b.out.Note(pageNote(lang), l.String()); err != nil {
			diags.Errorf(diag.Pos{File: "generator/build"}, "render", "%v", err)
		}
	}
	return diags
}

// pageKeys returns every page's key, or nil when pages cannot be reused:
// the build is not a one-off (serve renders what a save affects), the
// layouts reach other pages' text, or an input cannot be hashed.
func (b *Build) pageKeys(ctx context.Context, pages []*site.Page) []string {
	if !b.once {
		return nil
	}
	if own, err := b.Theme.OwnTextOnly(pages); err != nil || !own {
		return nil
	}
	whole, err := b.sitewide()
	if err != nil {
		return nil
	}
	keys := make([]string, len(pages))
	errs := make([]error, len(pages))
	workers.Each(ctx, len(pages), 0, func(i int) {
		keys[i], errs[i] = pageKey(whole, pages[i])
	})
	for _, err := range errs {
		if err != nil {
			return nil
		}
	}
	return keys
}

// sitewide hashes everything a page's HTML depends on but its own text:
// the configuration and build options, the theme's folders, the UI
// strings, the data files and every other file under content/ that is not
// a page, every source's path and front matter, and every page's place.
func (b *Build) sitewide() ([]byte, error) {
	h := sha256.New()
	str := func(s string) { hashString(h, s) }
	str("spean page cache 1")
	// Where the site is built to is no input of a page.
	c := *b.Config
	c.Output = ""
	cfg, err := json.Marshal(c)
	if err != nil {
		return nil, err
	}
	str(string(cfg))
	str(fmt.Sprint(b.opts.Status, b.opts.Preview, b.opts.Printer != nil))
	roots := append(theme.Dirs(b.Config), i18n.Dir, content.Dir)
	for _, root := range roots {
		err := fs.WalkDir(b.opts.FS, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				return nil
			}
			if root == content.Dir && path.Ext(p) == ".md" {
				return nil // pages: their front matter below, their text in their keys
			}
			data, err := fs.ReadFile(b.opts.FS, p)
			if err != nil {
				return err
			}
			str(p)
			str(string(data))
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	for _, src := range b.Site.Sources {
		meta, err := json.Marshal(src.Meta)
		if err != nil {
			return nil, err
		}
		str(src.Path)
		str(string(meta))
	}
	for _, p := range b.Site.Pages {
		str(fmt.Sprint(p.Key, p.Kind, p.Lang, p.URL, p.Output(), p.Source.Path, p.Fallback, p.Synthetic))
	}
	return h.Sum(nil), nil
}

// pageKey is a page's key: the sitewide hash, the page's output, and its
// own text as the layouts see it (the rendered markdown and what the
// parsed document holds besides).
func pageKey(whole []byte, p *site.Page) (string, error) {
	h := sha256.New()
	h.Write(whole)
	hashString(h, p.Output())
	if p.Doc != nil {
		body, err := Body(p)
		if err != nil {
			return "", err
		}
		hashString(h, string(body))
		hashString(h, p.Doc.Text)
		d := p.Doc
		// Blocks by hand: they are most of a document, and JSON would
		// cost more than the rest of the key.
		for _, bl := range d.Blocks {
			hashString(h, bl.Text)
			hashString(h, fmt.Sprint(bl.Pos, bl.Heading))
		}
		rest, err := json.Marshal([]any{d.Lang, d.File, d.Headings, d.Links, d.Hotlines, d.Callouts, d.Terms, d.Anchors, d.Glossary})
		if err != nil {
			return "", err
		}
		h.Write(rest)
	}
	return hex.EncodeToString(h.Sum(nil))[:keyLen], nil
}

// hashString writes s to h after its length, so that no two lists of
// strings hash alike.
func hashString(h hash.Hash, s string) {
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
	h.Write(n[:])
	h.Write([]byte(s))
}
