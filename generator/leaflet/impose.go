package leaflet

// Sheet is one sheet of paper of a booklet: two booklet pages on each side,
// left then right, as they are printed (1-based page numbers).
type Sheet struct {
	Front, Back [2]int
}

// Impose returns the sheets for a saddle-stitched booklet of n pages,
// where n is a multiple of 4 (pad with blank pages first). Stacked in
// order, printed double-sided (flip on the short edge), folded once and
// stapled on the fold, the sheets read 1, 2, …, n: sheet s (0-based) has
// [n-2s, 2s+1] on the front and [2s+2, n-2s-1] on the back.
func Impose(n int) []Sheet {
	if n <= 0 || n%4 != 0 {
		return nil
	}
	sheets := make([]Sheet, n/4)
	for s := range sheets {
		sheets[s] = Sheet{
			Front: [2]int{n - 2*s, 2*s + 1},
			Back:  [2]int{2*s + 2, n - 2*s - 1},
		}
	}
	return sheets
}

// Pad is the number of pages a booklet of n pages is printed with: the next
// multiple of 4, since each sheet carries four pages.
func Pad(n int) int { return (n + 3) / 4 * 4 }
