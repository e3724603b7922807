package leaflet

import (
	"fmt"
	"html/template"
	"strings"

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
	var d strings.Builder
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
			fmt.Fprintf(&d, "M%d %dh%dv1h-%dz", start+quietZone, y+quietZone, x-start, x-start)
		}
	}
	svg := fmt.Sprintf(`<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-label="%s" shape-rendering="crispEdges"><rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="%s"/></svg>`,
		n, n, template.HTMLEscapeString(label), n, n, d.String())
	return template.HTML(svg), nil
}
