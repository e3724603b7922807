package leaflet

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"rsc.io/qr"
)

// The imposition must give a booklet that reads 1…n once the stacked sheets
// are folded: reading through the folded stack takes, sheet by sheet, the
// right half of the front and then the left half of the back (first half
// of the booklet), and then, sheets in reverse, the right half of the back
// and the left half of the front (second half).
func TestImpose(t *testing.T) {
	if got := Impose(8); fmt.Sprint(got) != "[{[8 1] [2 7]} {[6 3] [4 5]}]" {
		t.Errorf("Impose(8) = %v", got)
	}
	for n := 4; n <= 64; n += 4 {
		sheets := Impose(n)
		if len(sheets) != n/4 {
			t.Fatalf("Impose(%d): %d sheets, want %d", n, len(sheets), n/4)
		}
		var read []int
		for _, s := range sheets {
			read = append(read, s.Front[1], s.Back[0])
		}
		for i := len(sheets) - 1; i >= 0; i-- {
			read = append(read, sheets[i].Back[1], sheets[i].Front[0])
		}
		for i, p := range read {
			if p != i+1 {
				t.Fatalf("Impose(%d) reads %v once folded", n, read)
			}
		}
	}
	for _, n := range []int{0, 3, 6, -4} {
		if Impose(n) != nil {
			t.Errorf("Impose(%d) should refuse a count that is not a positive multiple of 4", n)
		}
	}
	for n, want := range map[int]int{1: 4, 4: 4, 5: 8, 11: 12, 12: 12} {
		if Pad(n) != want {
			t.Errorf("Pad(%d) = %d, want %d", n, Pad(n), want)
		}
	}
}

// The SVG must draw exactly the modules of the code, inside a white quiet
// zone; the browser test decodes the printed code with zbarimg.
func TestQR(t *testing.T) {
	const url = "https://spean.example.org/km/rights/wages/"
	svg, err := QR(url, url)
	if err != nil {
		t.Fatal(err)
	}
	code, _ := qr.Encode(url, qr.M)
	n := code.Size + 2*quietZone
	if !strings.Contains(string(svg), fmt.Sprintf(`viewBox="0 0 %d %d"`, n, n)) {
		t.Fatalf("viewBox is not %d modules with the quiet zone: %.120s", n, svg)
	}
	grid := make([][]bool, n)
	for i := range grid {
		grid[i] = make([]bool, n)
	}
	// Rows stroked one module thick through their middle: "M<x> <y>.5",
	// then runs "h<w>" and gaps "m<gap> 0".
	d := regexp.MustCompile(` d="([^"]*)"`).FindStringSubmatch(string(svg))
	if d == nil || !strings.Contains(string(svg), `<path stroke="#000" d=`) {
		t.Fatalf("no stroked path: %.300s", svg)
	}
	x, y := -1, -1
	for _, m := range regexp.MustCompile(`M(\d+) (\d+)\.5|h(\d+)|m(\d+) 0|(.)`).FindAllStringSubmatch(d[1], -1) {
		switch {
		case m[1] != "":
			x, _ = strconv.Atoi(m[1])
			y, _ = strconv.Atoi(m[2])
		case m[3] != "" && y >= 0:
			w, _ := strconv.Atoi(m[3])
			for i := x; i < x+w; i++ {
				grid[y][i] = true
			}
			x += w
		case m[4] != "" && y >= 0:
			gap, _ := strconv.Atoi(m[4])
			x += gap
		default:
			t.Fatalf("path %q: unexpected %q", d[1][:min(len(d[1]), 80)], m[0])
		}
	}
	for y := range n {
		for x := range n {
			cx, cy := x-quietZone, y-quietZone
			want := cx >= 0 && cy >= 0 && cx < code.Size && cy < code.Size && code.Black(cx, cy)
			if grid[y][x] != want {
				t.Fatalf("module %d,%d is %v, want %v", x, y, grid[y][x], want)
			}
		}
	}
}
