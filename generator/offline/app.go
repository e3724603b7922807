package offline

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"strings"

	"spean/generator/diag"
	"spean/generator/publish"
	"spean/generator/script"
	"spean/generator/site"
	"spean/generator/theme"
)

// Icons and AppPages write what the pages link to for offline use: the
// PNG app icons, and each language's web app manifest (so the site
// installs in the reader's language, starting at that language's home)
// and the offline page the service worker shows for a page that is not
// saved.

// Icons writes the PNG app icons.
func Icons(sink publish.Sink) diag.List {
	var diags diag.List
	for _, size := range []int{192, 512} {
		if err := icon(sink, size); err != nil {
			diags.Errorf(diag.Pos{File: "generator/offline"}, "offline", "%v", err)
		}
	}
	return diags
}

// AppPages writes what of it the site declares alone decides: each
// language's manifest and offline page.
func AppPages(s *site.Site, t *theme.Theme, sink publish.Sink) diag.List {
	var diags diag.List
	fail := func(err error) { diags.Errorf(diag.Pos{File: "generator/offline"}, "offline", "%v", err) }
	for _, lang := range s.Langs {
		b, err := Manifest(s, lang)
		if err == nil {
			err = sink.Write(site.Manifest(lang), b)
		}
		if err != nil {
			fail(err)
		}
		if err := t.RenderPage(s, s.OfflinePage(lang), "_offline.html", nil, sink); err != nil {
			diags.Errorf(diag.Pos{File: "themes/" + s.Config.Theme + "/layouts/_offline.html"}, "offline", "offline page for %s: %v", lang, err)
		}
	}
	return diags
}

// icon publishes the app icon of size. The icons are the same in every
// build by one generator, so a build over the previous one publishes that
// build's again, as noted (publish.Recorder.ReuseAs), rather than drawing
// and encoding them: 40 ms, a tenth of a rebuild of the shipped site.
func icon(sink publish.Sink, size int) error {
	name := iconName(size)
	rec, _ := sink.(*publish.Recorder)
	if rec != nil {
		if note, ok := rec.Recall("icon/" + name); ok {
			if n, ok := publish.ParseNoted(note); ok {
				reused, err := rec.ReuseAs(name, n)
				if err != nil {
					return err
				}
				if reused {
					return rec.Note("icon/"+name, note)
				}
			}
		}
	}
	b, err := Icon(size)
	if err == nil {
		err = sink.Write(name, b)
	}
	if err == nil && rec != nil {
		err = rec.Note("icon/"+name, publish.NotedOf(b).String())
	}
	return err
}

func iconName(size int) string {
	return "icons/icon-" + map[int]string{192: "192", 512: "512"}[size] + ".png"
}

type manifestIcon struct {
	Src     string `json:"src"`
	Sizes   string `json:"sizes"`
	Type    string `json:"type"`
	Purpose string `json:"purpose,omitempty"`
}

type manifest struct {
	Name            string         `json:"name"`
	ShortName       string         `json:"short_name"`
	Description     string         `json:"description"`
	Lang            string         `json:"lang"`
	Dir             string         `json:"dir"`
	ID              string         `json:"id"`
	StartURL        string         `json:"start_url"`
	Scope           string         `json:"scope"`
	Display         string         `json:"display"`
	BackgroundColor string         `json:"background_color"`
	ThemeColor      string         `json:"theme_color"`
	Icons           []manifestIcon `json:"icons"`
}

// Manifest is lang's web app manifest. Its URLs are relative to the
// manifest (lang/manifest.webmanifest), so the site installs wherever it is
// published. The short name is the part of the language's title before
// its dash ("ស្ពាន"), which fits under a home-screen icon.
func Manifest(s *site.Site, lang string) ([]byte, error) {
	l := s.Config.Lang(lang)
	short, _, _ := strings.Cut(l.Title, " — ")
	m := manifest{
		Name: l.Title, ShortName: strings.TrimSpace(short), Description: l.Description,
		Lang: lang, Dir: script.Dir(lang), ID: "./", StartURL: "./index.html", Scope: "../",
		Display: "standalone", BackgroundColor: "#ffffff", ThemeColor: "#0b5394",
		Icons: []manifestIcon{
			{Src: "../icons/icon.svg", Sizes: "any", Type: "image/svg+xml"},
			{Src: "../" + iconName(192), Sizes: "192x192", Type: "image/png"},
			{Src: "../" + iconName(512), Sizes: "512x512", Type: "image/png", Purpose: "any maskable"},
		},
	}
	return json.MarshalIndent(m, "", " ")
}

// Icon draws the app icon (the theme's bridge on blue, as in
// static/icons/icon.svg) at size×size pixels. The bridge stays inside the
// central 80% so a launcher's round mask ("maskable") does not cut it.
// Drawing it here keeps the PNGs in step with the SVG without committing
// binaries, and the output is deterministic.
func Icon(size int) ([]byte, error) {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	blue := color.NRGBA{0x0b, 0x53, 0x94, 0xff}
	white := color.NRGBA{0xff, 0xff, 0xff, 0xff}
	// Shapes in the SVG's 24-unit grid, scaled down to the safe zone.
	const grid = 24.0
	scale := float64(size) / grid
	inside := func(x, y float64) bool {
		// Map into the 24-grid, shrunk by 0.8 around the centre.
		gx := (x/scale-12)/0.8 + 12
		gy := (y/scale-12)/0.8 + 12
		switch {
		case gy >= 16.5 && gy <= 18.5 && gx >= 3 && gx <= 21: // deck
			return true
		case gy <= 15 && gy >= 12 && ((gx >= 7.5 && gx <= 9.3) || (gx >= 14.7 && gx <= 16.5)): // pillars
			return true
		case gy <= 15 && gy >= 10 && gx >= 11.1 && gx <= 12.9: // centre post
			return true
		}
		// The arch: a band between two half-ellipses centred on (12, 15).
		dx, dy := gx-12, gy-15
		if dy > 0 {
			return false
		}
		outer := (dx*dx)/(7.5*7.5) + (dy*dy)/(7*7)
		inner := (dx*dx)/(5.5*5.5) + (dy*dy)/(5*5)
		return outer <= 1 && inner >= 1
	}
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			// 2×2 supersampling smooths the arch's edge.
			n := 0
			for _, o := range [][2]float64{{.25, .25}, {.75, .25}, {.25, .75}, {.75, .75}} {
				if inside(float64(x)+o[0], float64(y)+o[1]) {
					n++
				}
			}
			c := blue
			c.R = uint8((int(blue.R)*(4-n) + int(white.R)*n) / 4)
			c.G = uint8((int(blue.G)*(4-n) + int(white.G)*n) / 4)
			c.B = uint8((int(blue.B)*(4-n) + int(white.B)*n) / 4)
			img.SetNRGBA(x, y, c)
		}
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
