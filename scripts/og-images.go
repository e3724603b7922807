//go:build ignore

// og-images draws the link-preview images of the default theme: one PNG of
// 1200 × 630 pixels per language, with the site's name and subtitle in that
// language's script, and one for the language chooser with every name.
// Go's image packages cannot shape Khmer or Burmese text (stacked
// consonants, reordered vowels), so headless Chromium lays the text out
// with Debian's Noto fonts and takes a screenshot, which is then reduced to
// a 16-colour palette (the card has two colours and their antialiased
// blends), keeping each file far under the 60 KB the theme allows.
//
// Run it through scripts/og-images.sh, once after changing a language's
// title in config.yaml; the PNGs are committed, so builds need no browser.
// It also writes themes/default/og-images.json, the text each image shows,
// which a test compares with config.yaml to catch a stale image.
//
//	go run scripts/og-images.go [-config config.yaml] [-theme themes/default]
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"spean/generator/config"
)

const (
	width, height = 1200, 630
	maxBytes      = 60 * 1024
	levels        = 16
)

// The theme's blue and white (themes/default/static/icons/icon.svg).
var (
	bg = color.NRGBA{0x0b, 0x53, 0x94, 0xff}
	fg = color.NRGBA{0xff, 0xff, 0xff, 0xff}
)

// fonts are the Noto families Debian's fonts-noto-core installs, by script
// of the language tag; the theme's CSS uses the same ones.
var fonts = map[string]string{
	"km": "Noto Sans Khmer", "lo": "Noto Sans Lao", "my": "Noto Sans Myanmar", "th": "Noto Sans Thai",
}

func family(lang string) string {
	f := "'Noto Sans', sans-serif"
	if n, ok := fonts[lang]; ok {
		f = "'" + n + "', " + f
	}
	return f
}

const bridge = `<svg width="150" height="150" viewBox="3 7 18 12" aria-hidden="true"><path fill="#fff" d="M3 16.5h18v2H3zm1.5-1.5c0-3.9 3.4-7 7.5-7s7.5 3.1 7.5 7h-2c0-2.8-2.5-5-5.5-5s-5.5 2.2-5.5 5zm3 0v-3h1.8v3zm7.2 0v-3h1.8v3zM11.1 15V10h1.8v5z"/></svg>`

const page = `<!doctype html><html><head><meta charset="utf-8"><style>
html,body{margin:0;width:1200px;height:630px;overflow:hidden;background:#0b5394;color:#fff;-webkit-font-smoothing:antialiased}
body{display:flex;flex-direction:column;justify-content:center;padding:0 96px;box-sizing:border-box}
h1{margin:24px 0 0;font-weight:700;font-size:120px;line-height:1.35}
p{margin:8px 0 0;font-weight:400;font-size:50px;line-height:1.6}
.names{display:flex;flex-wrap:wrap;gap:0 44px;margin-top:24px}
.names span{font-weight:700;font-size:80px;line-height:1.6}
</style></head><body>%s</body></html>`

// Card is one image: its file and the text drawn on it.
type Card struct {
	File  string `json:"file"`
	Lang  string `json:"lang,omitempty"`
	Name  string `json:"name,omitempty"`
	Sub   string `json:"subtitle,omitempty"`
	Names []Name `json:"names,omitempty"`
}

// Name is a language's site name, on the chooser's card.
type Name struct {
	Lang string `json:"lang"`
	Name string `json:"name"`
}

func (c Card) html() string {
	if c.Names != nil {
		var b strings.Builder
		b.WriteString(bridge + `<div class="names">`)
		for _, n := range c.Names {
			fmt.Fprintf(&b, `<span lang="%s" style="font-family:%s">%s</span>`, n.Lang, family(n.Lang), html.EscapeString(n.Name))
		}
		b.WriteString(`</div>`)
		return fmt.Sprintf(page, b.String())
	}
	body := fmt.Sprintf(`%s<div lang="%s" style="font-family:%s"><h1>%s</h1><p>%s</p></div>`,
		bridge, c.Lang, family(c.Lang), html.EscapeString(c.Name), html.EscapeString(c.Sub))
	return fmt.Sprintf(page, body)
}

// Cards lists the images for cfg: og/<lang>.png per language, and
// og/site.png for pages of no one language (the chooser). The name and
// subtitle are the language's title split at its dash, as the web app
// manifest's short name is.
func Cards(cfg *config.Config) []Card {
	site := Card{File: "og/site.png"}
	var cards []Card
	for _, l := range cfg.Languages {
		name, sub, _ := strings.Cut(l.Title, " — ")
		name, sub = strings.TrimSpace(name), strings.TrimSpace(sub)
		cards = append(cards, Card{File: "og/" + l.Code + ".png", Lang: l.Code, Name: name, Sub: sub})
		site.Names = append(site.Names, Name{l.Code, name})
	}
	return append(cards, site)
}

func main() {
	cfgFile := flag.String("config", "config.yaml", "site configuration")
	themeDir := flag.String("theme", "themes/default", "theme folder")
	flag.Parse()
	cfg, err := config.Load(os.DirFS("."), *cfgFile, nil, nil)
	if err != nil {
		fail(err)
	}
	chrome := os.Getenv("CHROME_PATH")
	if chrome == "" {
		chrome = "/usr/bin/chromium"
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome), chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("font-render-hinting", "none"),
		chromedp.WindowSize(width, height),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	// Start the browser on a context without a deadline: the per-card
	// timeouts below must not stop it.
	if err := chromedp.Do(ctx); err != nil {
		fail(err)
	}

	cards := Cards(cfg)
	for _, c := range cards {
		tmp, err := os.CreateTemp("", "og-*.html")
		if err != nil {
			fail(err)
		}
		tmp.WriteString(c.html())
		tmp.Close()
		step, stop := context.WithTimeout(ctx, 30*time.Second)
		err = chromedp.Do(step,
			chromedp.EmulateViewport(width, height),
			chromedp.Navigate("file://"+tmp.Name()),
		)
		if err == nil {
			// The screenshot waits for the fonts, or Khmer would be
			// drawn in a fallback face.
			_, err = chromedp.Run(step, chromedp.Evaluate[bool](`document.fonts.ready.then(() => true)`, chromedp.EvalAwaitPromise))
		}
		var shot []byte
		if err == nil {
			shot, err = chromedp.Run(step, chromedp.CaptureScreenshot())
		}
		stop()
		os.Remove(tmp.Name())
		if err != nil {
			fail(fmt.Errorf("%s: %w", c.File, err))
		}
		out, err := reduce(shot)
		if err != nil {
			fail(fmt.Errorf("%s: %w", c.File, err))
		}
		if len(out) > maxBytes {
			fail(fmt.Errorf("%s: %d bytes, over the %d the theme allows", c.File, len(out), maxBytes))
		}
		name := filepath.Join(*themeDir, "static", filepath.FromSlash(c.File))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			fail(err)
		}
		if err := os.WriteFile(name, out, 0o644); err != nil {
			fail(err)
		}
		fmt.Printf("%s: %d bytes\n", name, len(out))
	}
	b, _ := json.MarshalIndent(cards, "", "  ")
	if err := os.WriteFile(filepath.Join(*themeDir, "og-images.json"), append(b, '\n'), 0o644); err != nil {
		fail(err)
	}
}

// reduce maps the screenshot onto levels blends of bg and fg: every pixel
// of the card is one of the two colours or an antialiased mix of them. A
// pixel far from that line means the card drew another colour, which the
// palette would distort, so it fails instead.
func reduce(shot []byte) ([]byte, error) {
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		return nil, err
	}
	if b := img.Bounds(); b.Dx() != width || b.Dy() != height {
		return nil, fmt.Errorf("screenshot is %dx%d, want %dx%d", b.Dx(), b.Dy(), width, height)
	}
	pal := make(color.Palette, levels)
	for i := range pal {
		t := float64(i) / float64(levels-1)
		pal[i] = color.NRGBA{mix(bg.R, fg.R, t), mix(bg.G, fg.G, t), mix(bg.B, fg.B, t), 0xff}
	}
	out := image.NewPaletted(image.Rect(0, 0, width, height), pal)
	dr, dg, db := float64(fg.R)-float64(bg.R), float64(fg.G)-float64(bg.G), float64(fg.B)-float64(bg.B)
	norm := dr*dr + dg*dg + db*db
	worst := 0.0
	for y := 0; y < height; y++ {
		for x := 0; x < width; x++ {
			c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			pr, pg, pb := float64(c.R)-float64(bg.R), float64(c.G)-float64(bg.G), float64(c.B)-float64(bg.B)
			t := math.Max(0, math.Min(1, (pr*dr+pg*dg+pb*db)/norm))
			er, eg, eb := pr-t*dr, pg-t*dg, pb-t*db
			worst = math.Max(worst, math.Sqrt(er*er+eg*eg+eb*eb))
			out.SetColorIndex(x, y, uint8(math.Round(t*float64(levels-1))))
		}
	}
	if worst > 40 {
		return nil, fmt.Errorf("a pixel is %.0f away from the blue-white blend: the card has another colour", worst)
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, out); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func mix(a, b uint8, t float64) uint8 {
	return uint8(math.Round(float64(a) + t*(float64(b)-float64(a))))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "og-images:", err)
	os.Exit(1)
}
