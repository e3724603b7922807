package theme

import (
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"spean/generator/config"
	"spean/generator/internal/sitetest"
)

func TestLocale(t *testing.T) {
	for code, want := range map[string]string{"en": "en_US", "km": "km_KH", "lo": "lo_LA", "my": "my_MM", "th": "th_TH", "pt-BR": "pt_BR", "x y": "x y"} {
		if got := Locale(code); got != want {
			t.Errorf("Locale(%q) = %q, want %q", code, got, want)
		}
	}
}

// TestPreviewImagesShipped: the theme ships a preview image for every
// language of the site's config.yaml, drawn with that language's current
// title (og-images.json records what scripts/og-images.sh drew), large
// enough for a large preview and small enough for every app.
func TestPreviewImagesShipped(t *testing.T) {
	root := sitetest.RepoRoot(t)
	cfg, err := config.Load(os.DirFS(root), "config.yaml", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(root, "themes", "default", "og-images.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cards []struct {
		File, Lang, Name, Subtitle string
		Names                      []struct{ Lang, Name string }
	}
	if err := json.Unmarshal(b, &cards); err != nil {
		t.Fatal(err)
	}
	drawn := map[string]int{}
	for i, c := range cards {
		drawn[c.File] = i
	}
	check := func(file string) {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(root, "themes", "default", "static", filepath.FromSlash(file)))
		if err != nil {
			t.Error(err)
			return
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Errorf("%s: %v", file, err)
			return
		}
		if _, ok := img.(*image.Paletted); !ok {
			t.Errorf("%s is not a palette PNG", file)
		}
		if b := img.Bounds(); b.Dx() < 1200 || b.Dy() < 630 {
			t.Errorf("%s is %dx%d, want at least 1200x630", file, b.Dx(), b.Dy())
		}
		if len(data) > 60*1024 {
			t.Errorf("%s is %d bytes, want at most 60 KB", file, len(data))
		}
	}
	site, ok := drawn[PreviewImageFile("")]
	if !ok {
		t.Fatal("og-images.json has no site-wide image")
	}
	check(PreviewImageFile(""))
	for i, l := range cfg.Languages {
		file := PreviewImageFile(l.Code)
		check(file)
		name, sub, _ := strings.Cut(l.Title, " — ")
		c, ok := drawn[file]
		if !ok || cards[c].Name != strings.TrimSpace(name) || cards[c].Subtitle != strings.TrimSpace(sub) {
			t.Errorf("%s was not drawn with the title %q in config.yaml: run sh scripts/og-images.sh", file, l.Title)
		}
		if ns := cards[site].Names; i >= len(ns) || ns[i].Lang != l.Code || ns[i].Name != strings.TrimSpace(name) {
			t.Errorf("the site-wide image lacks %s's name %q: run sh scripts/og-images.sh", l.Code, name)
		}
	}
}
