package offline

import (
	"bytes"
	"encoding/json"
	"image/png"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"spean/generator/config"
	"spean/generator/publish"
	"spean/generator/site"
)

func recorder(t *testing.T, files map[string]string) *publish.Recorder {
	t.Helper()
	r := publish.NewRecorder(publish.NewMemory())
	for name, data := range files {
		if err := r.Write(name, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

var testSite = &site.Site{Langs: []string{"en", "km", "my"}, Config: &config.Config{
	Languages: []config.Language{{Code: "en", Title: "Spean — safe work in Thailand"}, {Code: "km", Title: "ស្ពាន — ការងារ"}, {Code: "my", Title: "တံတား"}},
}}

var testFiles = map[string]string{
	"index.html": "<!doctype html>", "404.html": "nf", "sitemap.xml": "<urlset/>", "robots.txt": "User-agent: *",
	"js/offline.js": "js", "icons/icon.svg": "<svg/>", "fonts/noto-sans-myanmar-subset.woff2": "font", "fonts/OFL.txt": "licence", "fonts/other.woff2": "unused",
	"en/index.html": "en home", "en/search/s.1.js": "en index",
	"km/index.html": "km home", "km/rights/index.html": "km rights", "km/search/s.1.js": "km index",
	"km/leaflets/leaflet_km_rights_wages.pdf": "a PDF of leaflets --pdf",
	"my/index.html": "my home",
}

func TestLangFiles(t *testing.T) {
	r := recorder(t, testFiles)
	got := LangFiles(testSite, r, "km")
	want := []string{"icons/icon.svg", "index.html", "js/offline.js", "km/index.html", "km/rights/index.html", "km/search/s.1.js"}
	if !slices.Equal(got, want) {
		t.Errorf("km files:\n got %v\nwant %v", got, want)
	}
	// Burmese needs its script's self-hosted font (package script), with
	// the licence beside it, and no other font.
	my := LangFiles(testSite, r, "my")
	if !slices.Contains(my, "fonts/noto-sans-myanmar-subset.woff2") || !slices.Contains(my, "fonts/OFL.txt") || slices.Contains(my, "fonts/other.woff2") {
		t.Errorf("my files: %v", my)
	}

	// Burmese's name for itself, in every other language's switcher,
	// needs the small font of its letters (script.NameFontFor); Burmese
	// pages have the whole font. A name with another letter needs none.
	names := "fonts/noto-sans-myanmar-names.woff2"
	files := maps.Clone(testFiles)
	files[names] = "names"
	r = recorder(t, files)
	named := func(name string) *site.Site {
		s := *testSite
		cfg := *s.Config
		cfg.Languages = slices.Clone(cfg.Languages)
		cfg.Languages[2].Name = name
		s.Config = &cfg
		return &s
	}
	s := named("မြန်မာဘာသာ")
	for _, lang := range []string{"en", "km"} {
		if got := LangFiles(s, r, lang); !slices.Contains(got, names) || !slices.Contains(got, "fonts/OFL.txt") || slices.Contains(got, "fonts/noto-sans-myanmar-subset.woff2") {
			t.Errorf("%s files, Burmese named မြန်မာဘာသာ: %v", lang, got)
		}
	}
	if my := LangFiles(s, r, "my"); slices.Contains(my, names) {
		t.Errorf("my files hold the names font: %v", my)
	}
	if km := LangFiles(named("ဗမာ"), r, "km"); slices.Contains(km, names) || slices.Contains(km, "fonts/OFL.txt") {
		t.Errorf("km files, Burmese named ဗမာ (letters the font lacks): %v", km)
	}
}

func sortedKeys(m map[string]string) []string {
	var k []string
	for n := range m {
		k = append(k, n)
	}
	slices.Sort(k)
	return k
}

func TestManifestAndIcons(t *testing.T) {
	b, err := Manifest(testSite, "km")
	if err != nil {
		t.Fatal(err)
	}
	var m manifest
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if m.ShortName != "ស្ពាន" || m.Lang != "km" || m.StartURL != "./index.html" || len(m.Icons) != 3 {
		t.Errorf("km manifest: %+v", m)
	}
	for _, size := range []int{192, 512} {
		b, err := Icon(size)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if img.Bounds().Dx() != size || img.Bounds().Dy() != size {
			t.Errorf("icon %d is %v", size, img.Bounds())
		}
		// The bridge's deck crosses the centre line; the corners are blue.
		if r, _, _, _ := img.At(size/2, size*683/1000).RGBA(); r>>8 < 0xf0 {
			t.Errorf("icon %d: no white deck at the centre", size)
		}
		if r, _, _, _ := img.At(2, 2).RGBA(); r>>8 != 0x0b {
			t.Errorf("icon %d: corner is not the theme blue", size)
		}
	}
}

// A build over the previous one publishes its icons again instead of
// drawing them; a previous icon of another size than noted is drawn anew.
func TestIconsReused(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	build := func() *publish.Recorder {
		t.Helper()
		d, err := publish.NewDir(dest, "gen-1")
		if err != nil {
			t.Fatal(err)
		}
		rec := publish.NewRecorder(d)
		for _, size := range []int{192, 512} {
			if err := icon(rec, size); err != nil {
				t.Fatal(err)
			}
		}
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
		return rec
	}
	want, _ := Icon(192)
	check := func(rec *publish.Recorder, reused bool) {
		t.Helper()
		if got := rec.Reused("icons/icon-192.png"); got != reused {
			t.Errorf("icon reused = %v, want %v", got, reused)
		}
		if b, _ := os.ReadFile(filepath.Join(dest, "icons/icon-192.png")); !bytes.Equal(b, want) {
			t.Error("the published icon is not Icon(192)")
		}
	}
	check(build(), false)
	check(build(), true)
	if err := os.WriteFile(filepath.Join(dest, "icons/icon-192.png"), []byte("short"), 0o644); err != nil {
		t.Fatal(err)
	}
	check(build(), false)
}
