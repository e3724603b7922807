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
// keeping the code small enough to print 25 mm wide. Every run of dark
// modules in a row is one rectangle of the single path, which keeps the SVG
// small and free of hairline gaps between modules when printed.
func QR(text, label string) (template.HTML, error) {
	code, err := qr.Encode(text, qr.M)
	if err != nil {
		return "", fmt.Errorf("qr code for %s: %w", text, err)
	}
	n := code.Size + 2*quietZone
	// Appended by hand: fmt took half the time of a leaflet's code, and a
	// build makes one for every page.
	d := make([]byte, 0, code.Size*code.Size)
	for y := 0; y < code.Size; y++ {
		for x := 0; x < code.Size; {
			if !code.Black(x, y) {
				x++
				continue
			}
			start := x
			for x < code.Size && code.Black(x, y) {
				x++
			}
			// M<x> <y>h<run>v1h-<run>z
			d = append(d, 'M')
			d = strconv.AppendInt(d, int64(start+quietZone), 10)
			d = append(d, ' ')
			d = strconv.AppendInt(d, int64(y+quietZone), 10)
			d = append(d, 'h')
			d = strconv.AppendInt(d, int64(x-start), 10)
			d = append(d, "v1h-"...)
			d = strconv.AppendInt(d, int64(x-start), 10)
			d = append(d, 'z')
		}
	}
	svg := fmt.Sprintf(`<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-label="%s" shape-rendering="crispEdges"><rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="%s"/></svg>`,
		n, n, template.HTMLEscapeString(label), n, n, d)
	return template.HTML(svg), nil
}
