package leaflet

import (
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"time"

	"spean/generator/site"
	"spean/generator/theme"
)

// Booklet is what booklet.html sees: a section as an A5 booklet.
//
// Reading order: the cover (page 1), contents (2), the hotlines (3, and
// more pages if there are many), then each page of the section as a
// spread, its title and "In short" on the left, its key points, QR code and
// sources on the right, so a group can open the booklet at one topic and
// see all of it at once. Blank "Notes" pages pad the booklet to a multiple
// of four before the back cover, which carries the QR code of the section.
type Booklet struct {
	Section        *site.Page
	Title, Summary string
	URL            string
	// QR is the section's code, an inline SVG.
	QR       template.HTML
	Leaflets []*Leaflet
	// Notice is the section's, for its text on the cover; each page's
	// is on its spread (Leaflet.Notice), so a booklet says which of its
	// texts are not translated or not reviewed.
	Notice  Notice
	Changed time.Time
	// SiteTitle and SiteDescription are the language's, for the covers.
	SiteTitle, SiteDescription string
	// Pages are in reading order, Sheets in printing order.
	Pages  []*BookletPage
	Sheets []BookletSheet
}

// Fronts and Backs are the printed pages (sheet sides, in printing order)
// of the sheets' fronts and backs, "1, 3, 5" and "2, 4, 6": what a
// facilitator whose printer prints one side only types into the print
// dialog's pages, one run after the other.
func (b *Booklet) Fronts() string { return b.sides(1) }
func (b *Booklet) Backs() string  { return b.sides(2) }

func (b *Booklet) sides(first int) string {
	nums := make([]string, len(b.Sheets))
	for i := range b.Sheets {
		nums[i] = strconv.Itoa(2*i + first)
	}
	return strings.Join(nums, ", ")
}

// BookletPage is one A5 page.
type BookletPage struct {
	Booklet *Booklet
	Number  int
	// Kind is cover, contents, hotlines, intro (left of a spread),
	// points (right of a spread), notes or back.
	Kind     string
	Leaflet  *Leaflet
	Hotlines []Hotline
	Contents []ContentsLine
}

// ContentsLine is one topic in the contents, with the page it starts on.
type ContentsLine struct {
	Page *site.Page
	At   int
}

// BookletSheet is one A4 landscape sheet: two A5 pages a side.
type BookletSheet struct {
	Number      int
	Front, Back [2]*BookletPage
}

// hotlinesPerPage keeps an A5 hotline page readable: each number with its
// name and purpose at a size that still reads in Burmese and Khmer.
const hotlinesPerPage = 4

func (r *renderer) booklet(sec *site.Page, leaflets map[*site.Page]*Leaflet) (*Booklet, error) {
	m := sec.Source.Meta
	b := &Booklet{Section: sec, Title: m.Title, Summary: m.Summary, URL: theme.Abs(r.s.Config, sec), Changed: changed(m), Notice: notice(r.s, sec)}
	if l := r.s.Config.Lang(sec.Lang); l != nil {
		b.SiteTitle, b.SiteDescription = l.Title, l.Description
	}
	// The section's hotlines serve every country its pages name; a page
	// that names none applies to all, and so does the booklet.
	var countries []string
	all := false
	for _, p := range sec.PagesUnder() {
		lf := leaflets[p]
		if lf == nil {
			return nil, fmt.Errorf("booklet %s: no leaflet for %s", sec.Key, p.Key)
		}
		b.Leaflets = append(b.Leaflets, lf)
		if lf.Changed.After(b.Changed) {
			b.Changed = lf.Changed
		}
		if len(p.Source.Meta.Countries) == 0 {
			all = true
		}
		for _, c := range p.Source.Meta.Countries {
			if !slices.Contains(countries, c) {
				countries = append(countries, c)
			}
		}
	}
	if all {
		countries = nil
	}
	hot := r.hotlines(sec.Lang, countries)

	contents := &BookletPage{Kind: "contents"}
	pages := []*BookletPage{{Kind: "cover"}, contents}
	for i := 0; i < len(hot); i += hotlinesPerPage {
		pages = append(pages, &BookletPage{Kind: "hotlines", Hotlines: hot[i:min(i+hotlinesPerPage, len(hot))]})
	}
	// A spread is an even (left) page and the odd one after it.
	if len(pages)%2 == 0 {
		pages = append(pages, &BookletPage{Kind: "notes"})
	}
	for _, lf := range b.Leaflets {
		contents.Contents = append(contents.Contents, ContentsLine{Page: lf.Page, At: len(pages) + 1})
		pages = append(pages, &BookletPage{Kind: "intro", Leaflet: lf}, &BookletPage{Kind: "points", Leaflet: lf})
	}
	for Pad(len(pages)+1) > len(pages)+1 {
		pages = append(pages, &BookletPage{Kind: "notes"})
	}
	pages = append(pages, &BookletPage{Kind: "back"})
	for i, p := range pages {
		p.Number, p.Booklet = i+1, b
	}
	b.Pages = pages
	for i, s := range Impose(len(pages)) {
		b.Sheets = append(b.Sheets, BookletSheet{Number: i + 1,
			Front: [2]*BookletPage{pages[s.Front[0]-1], pages[s.Front[1]-1]},
			Back:  [2]*BookletPage{pages[s.Back[0]-1], pages[s.Back[1]-1]},
		})
	}
	return b, nil
}

// QR is the code a page of key points prints, its leaflet's (an inline
// SVG: one file fewer per page on the site than a separate image, and the
// booklet prints alone); none on other pages.
func (p *BookletPage) QR() (template.HTML, error) {
	if p.Kind != "points" || p.Leaflet == nil {
		return "", nil
	}
	return p.Leaflet.QR()
}

// bookletQR makes the section's QR code, which only a booklet being
// rendered needs; its pages' are made as the layout shows them
// (BookletPage.QR).
func (r *renderer) bookletQR(b *Booklet) error {
	qr, err := QR(b.URL, b.URL)
	b.QR = qr
	return err
}
