package theme

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"path"
	"slices"
	"sync"

	"golang.org/x/text/language"

	"spean/generator/diag"
	"spean/generator/publish"
	"spean/generator/site"
)

// Link previews: what a messaging app (WhatsApp, Messenger, LINE, Viber,
// Telegram, Facebook) shows when a reader pastes a page's link, read from
// the Open Graph and Twitter card tags of partials/preview.html.
//
// The image is a theme static file, og/<lang>.png, with the site's name in
// the language's script (drawn by scripts/og-images.sh, since Go cannot
// shape Khmer or Burmese), and og/site.png with every name for the
// language chooser.

// PreviewImageFile is the theme static file with lang's preview image; ""
// names the site-wide one.
func PreviewImageFile(lang string) string {
	if lang == "" {
		return "og/site.png"
	}
	return "og/" + lang + ".png"
}

// PreviewImage is a preview image found in the theme: its static file
// name and size in pixels.
type PreviewImage struct {
	File          string
	Width, Height int
}

// PreviewImages finds the preview image of every language and the site's
// in the theme, and publishes each with its size for the layouts. A
// language without its own image falls back to the site's, with a warning:
// its previews would show the other scripts only. Run it before the pages.
func PreviewImages(_ context.Context, s *site.Site, t *Theme, _ publish.Sink) diag.List {
	var diags diag.List
	t.Assets.Previews = map[string]PreviewImage{}
	found := func(lang string) (PreviewImage, bool) {
		name := PreviewImageFile(lang)
		b, file, err := t.StaticFile(name)
		if err != nil {
			return PreviewImage{}, false
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(b))
		if err != nil {
			diags.Errorf(diag.Pos{File: file}, "preview", "preview image: %v (it must be a PNG)", err)
			return PreviewImage{}, false
		}
		if cfg.Width < 1200 || cfg.Height < 630 {
			diags.Add(diag.Diagnostic{Pos: diag.Pos{File: file}, Severity: diag.Warning, Code: "preview",
				Message: fmt.Sprintf("preview image is %d×%d; messaging apps show a large preview only from 1200×630", cfg.Width, cfg.Height),
				Hint:    "redraw it with sh scripts/og-images.sh"})
		}
		return PreviewImage{File: name, Width: cfg.Width, Height: cfg.Height}, true
	}
	site, hasSite := found("")
	if hasSite {
		t.Assets.Previews[""] = site
	}
	for _, lang := range s.Langs {
		if v, ok := found(lang); ok {
			t.Assets.Previews[lang] = v
			continue
		}
		diags.Add(diag.Diagnostic{Pos: diag.Pos{File: path.Join(t.dirs[len(t.dirs)-1], "static", PreviewImageFile(lang))}, Severity: diag.Warning, Code: "preview",
			Message: fmt.Sprintf("no preview image for %s: links shared in messaging apps show %s", lang, map[bool]string{true: "the site-wide image", false: "no image"}[hasSite]),
			Hint:    "draw it with sh scripts/og-images.sh"})
		if hasSite {
			t.Assets.Previews[lang] = site
		}
	}
	return diags
}

// Preview is what a link preview shows for a page: the Open Graph and
// Twitter card values of partials/preview.html. Every URL is absolute
// (config base_url), as the apps that read them require.
type Preview struct {
	// Type is "article" for a content page, "website" for the rest.
	Type string
	// SiteName is the site's title in the page's language (every
	// language's on the chooser).
	SiteName string
	// URL is the page itself: a fallback page is shared in the reader's
	// language tree, whatever its canonical says.
	URL string
	// Locale is the language of the text shown, as og:locale wants it
	// (km_KH); Alternates are the locales of its translations.
	Locale     string
	Alternates []string
	// Image is empty when the theme has none.
	Image                   string
	ImageWidth, ImageHeight int
	// ImageAlt is the site's title in the page's language: the image
	// shows the site's name.
	ImageAlt string
}

// Preview returns the page's link preview.
func (v *View) Preview() Preview {
	p := v.Page
	chooser := p.Kind == site.Chooser
	pv := Preview{Type: "website", URL: v.Permalink, Locale: Locale(p.ContentLang()), SiteName: v.Site.Config.Title}
	if v.Lang != nil && !chooser {
		pv.SiteName = v.Lang.Title
	}
	// A content page and its leaflet are articles; alias redirects and
	// generated pages are not.
	if art := p; art.Kind == site.Regular || art.Kind == site.Leaflet && art.Target != nil {
		if art.Target != nil {
			art = art.Target
		}
		if art.Kind == site.Regular && art.Source != nil && art.Source.Key == art.Key {
			pv.Type = "article"
		}
	}
	for _, a := range v.Alternates {
		if a.Lang == "x-default" {
			continue
		}
		if l := Locale(a.Lang); l != pv.Locale && !slices.Contains(pv.Alternates, l) {
			pv.Alternates = append(pv.Alternates, l)
		}
	}
	img, ok := v.Theme.Assets.Previews[p.Lang]
	if chooser {
		// The language chooser belongs to every language.
		img, ok = v.Theme.Assets.Previews[""]
	}
	if ok {
		pv.Image = v.Site.Config.BaseURL + img.File
		pv.ImageWidth, pv.ImageHeight = img.Width, img.Height
		pv.ImageAlt = pv.SiteName
	}
	return pv
}

// Locale is a language tag as Open Graph writes locales, language_REGION,
// with the region the tag most likely means (km → km_KH, my → my_MM,
// en → en_US): Facebook and the apps that copy it know no bare languages.
func Locale(code string) string {
	if l, ok := ogLocales.Load(code); ok {
		return l.(string)
	}
	l := code
	if tag, err := language.Parse(code); err == nil {
		base, _ := tag.Base()
		region, _ := tag.Region()
		l = base.String() + "_" + region.String()
	}
	ogLocales.Store(code, l)
	return l
}

// ogLocales keeps Locale's answers: a page's preview asks for its own and
// each translation's, and parsing the tag each time was 1.5 % of
// rendering the pages. A site has a handful of languages.
var ogLocales sync.Map
