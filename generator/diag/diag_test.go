package diag

import (
	"errors"
	"testing"
)

func TestOffsetPos(t *testing.T) {
	src := []byte("ab\nកខគ x\n")
	tests := []struct {
		name      string
		offset    int
		wantLine  int
		wantCol   int
		firstLine int
	}{
		{"start", 0, 1, 1, 1},
		{"second line start", 3, 2, 1, 1},
		{"after three khmer letters counts runes", 3 + 9, 2, 4, 1},
		{"offset by front matter", 3, 12, 1, 11},
		{"past end clamps", 100, 3, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := OffsetPos("f.md", src, tt.offset, tt.firstLine)
			if p.Line != tt.wantLine || p.Col != tt.wantCol {
				t.Fatalf("got %d:%d, want %d:%d", p.Line, p.Col, tt.wantLine, tt.wantCol)
			}
		})
	}
}

func TestListSortAndErr(t *testing.T) {
	var l List
	if l.Err() != nil {
		t.Fatal("empty list is not an error")
	}
	l.Add(Diagnostic{Pos: Pos{"b.md", 1, 1}, Severity: Warning, Message: "w"})
	if l.Err() != nil {
		t.Fatal("warnings alone are not an error")
	}
	l.Errorf(Pos{"a.md", 3, 2}, "x", "second %d", 2)
	l.Errorf(Pos{"a.md", 1, 5}, "x", "first")
	err := l.Err()
	var got List
	if !errors.As(err, &got) {
		t.Fatalf("Err() = %T, want List", err)
	}
	want := "a.md:1:5: first\na.md:3:2: second 2\nb.md:1:1: warning: w"
	if err.Error() != want {
		t.Fatalf("got\n%s\nwant\n%s", err.Error(), want)
	}
}
