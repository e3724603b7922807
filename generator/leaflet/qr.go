package leaflet

import (
	"fmt"
	"html/template"
	"strconv"

	"rsc.io/qr"
)

// quietZone is the white border, in modules, that the QR standard asks for:
// readers find the code by its finder patterns against a blank margin, so a
// code printed right up to a table rule or a fold would not scan.
const quietZone = 4

// QR returns an SVG QR code for text (an absolute URL), sized by the
// stylesheet. Level M survives a crease or a smudge on a photocopy while
// keeping the code small enough to print 25 mm wide. Each row of modules
// is a line one module thick, stroked through the middle of the row (a
// row starts "M<x> <y>.5", each run of dark modules is "h<run>", and the
// gap to the next run "m<gap> 0"): half the bytes of a rectangle for every
// run ("M<x> <y>h<run>v1h-<run>z"), which took a booklet of eight pages
// over the 14 KB a first round trip carries, and the same modules drawn,
// edge to edge, with butt ends that stop exactly at a module's side.
func QR(text, label string) (template.HTML, error) {
	code, err := qr.Encode(text, qr.M)
	if err != nil {
		return "", fmt.Errorf("qr code for %s: %w", text, err)
	}
	n := code.Size + 2*quietZone
	// Appended by hand: fmt took half the time of a leaflet's code, and a
	// build makes one for every page.
	d := make([]byte, 0, code.Size*code.Size/2)
	for y := 0; y < code.Size; y++ {
		end := -1 // where the last run of the row ended; -1 before the first
		for x := 0; x < code.Size; {
			if !code.Black(x, y) {
				x++
				continue
			}
			start := x
			for x < code.Size && code.Black(x, y) {
				x++
			}
			if end < 0 {
				d = append(d, 'M')
				d = strconv.AppendInt(d, int64(start+quietZone), 10)
				d = append(d, ' ')
				d = strconv.AppendInt(d, int64(y+quietZone), 10)
				d = append(d, ".5"...)
			} else {
				d = append(d, 'm')
				d = strconv.AppendInt(d, int64(start-end), 10)
				d = append(d, " 0"...)
			}
			d = append(d, 'h')
			d = strconv.AppendInt(d, int64(x-start), 10)
			end = x
		}
	}
	svg := fmt.Sprintf(`<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-label="%s" shape-rendering="crispEdges"><rect width="%d" height="%d" fill="#fff"/><path stroke="#000" d="%s"/></svg>`,
		n, n, template.HTMLEscapeString(label), n, n, d)
	return template.HTML(svg), nil
}
