package hotline

import (
	"strings"
	"testing"
	"testing/fstest"

	"spean/generator/internal/sitetest"
)

const good = `hotlines:
  - id: doe-1694
    number: "1694"
    country: th
    serves: [kh, la, mm]
    languages: [km, en]
    name: {en: DOE hotline, km: ខ្សែទូរសព្ទ DOE}
    purpose: {en: Help.}
    hours: {en: Mon–Fri}
  - id: issara-180
    number: "+66 1-800-010-180"
    country: th
    serves: [mm]
    name: {en: Issara}
    purpose: {en: Free.}
`

func load(t testing.TB, src string) (*Data, []string) {
	t.Helper()
	d, diags := Load(fstest.MapFS{File: {Data: []byte(src)}}, Options{SourceLanguage: "en",
		KnownLanguage: func(c string) bool { return c == "en" || c == "km" }})
	var msgs []string
	for _, x := range diags {
		msgs = append(msgs, x.String())
	}
	return d, msgs
}

func TestLoad(t *testing.T) {
	d, diags := load(t, good)
	if len(diags) > 0 || len(d.Hotlines) != 2 {
		t.Fatalf("%v %+v", diags, d)
	}
	if got := d.Hotlines[1].Tel(); got != "tel:+661800010180" {
		t.Errorf("tel = %s", got)
	}
	for _, c := range []struct{ edit, want string }{
		{`number: "1694"`, `number: "1300 or 1694 (press 2)"`},
		{`country: th`, `country: TH`},
		{`languages: [km, en]`, `languages: [fr]`},
		{`serves: [mm]`, `serves: [vn]`},
		{`id: issara-180`, `id: doe-1694`},
		{`name: {en: Issara}`, `name: {km: អ៊ីសារ៉ា}`},
	} {
		_, diags := load(t, strings.Replace(good, c.edit, c.want, 1))
		if len(diags) != 1 {
			t.Errorf("%s: %v", c.want, diags)
		}
	}
}

func TestRenderFallsBack(t *testing.T) {
	d, _ := load(t, good)
	var b strings.Builder
	r := Renderer{Lang: "lo", Chain: []string{"lo", "th", "en"}, T: func(id string) string { return "[" + id + "]" }}
	if err := r.Render(&b, d.Hotlines); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, want := range []string{`href="tel:1694"`, `<strong lang="en">DOE hotline</strong>`, `([in_thailand])`, `<span lang="en">Mon–Fri</span>`, `[lang_km], [lang_en]`} {
		if !strings.Contains(html, want) {
			t.Errorf("no %s in\n%s", want, html)
		}
	}
}

// FuzzLoad: whatever the data file holds, Load does not panic, every
// hotline it accepts dials exactly the digits it shows, and the list
// renders inert HTML.
func FuzzLoad(f *testing.F) {
	f.Add(good)
	f.Add("hotlines:\n  - {id: a, number: '1300 or 1694', country: th, name: {en: x}, purpose: {en: y}}\n")
	f.Add("hotlines:\n  - {id: a, number: '1', country: th, name: {en: '<script>x</script>'}, purpose: {en: '\"onclick=x'}}\n")
	f.Fuzz(func(t *testing.T, src string) {
		d, diags := load(t, src)
		if len(diags) > 0 {
			return
		}
		for _, h := range d.Hotlines {
			var digits strings.Builder
			for _, r := range h.Number {
				if r >= '0' && r <= '9' || r == '+' {
					digits.WriteRune(r)
				}
			}
			if h.Tel() != "tel:"+digits.String() || !numberRE.MatchString(h.Number) {
				t.Fatalf("number %q dials %s", h.Number, h.Tel())
			}
		}
		var b strings.Builder
		r := Renderer{Lang: "km", Chain: []string{"km", "en"}, T: func(id string) string { return id }}
		if err := r.Render(&b, d.Hotlines); err != nil {
			t.Fatal(err)
		}
		if msg := sitetest.Inert(b.String()); msg != "" {
			t.Fatalf("%s in %s", msg, b.String())
		}
	})
}
