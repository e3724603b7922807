//go:build ignore

// precache-size prints, per language, what the service worker of a built
// site downloads by itself after one visit: the number of files and their
// download size (gzip level 6 for text, as servers compress on the fly;
// the bytes for images and fonts). It reads the worker's lists, in the
// current format (offline/<lang>.files.json, the "auto" files) or the
// first one (offline/<lang>.json with every file of the language), and
// measures the files on disk the same way for both, so builds before and
// after a change compare.
//
//	go run scripts/precache-size.go public
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	dir := "public"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	fmt.Printf("%-4s %6s %8s %6s\n", "lang", "files", "KB gz", "print")
	for _, lang := range []string{"en", "km", "lo", "my", "th"} {
		names, err := auto(dir, lang)
		if err != nil {
			fmt.Fprintln(os.Stderr, "precache-size:", err)
			os.Exit(1)
		}
		total, prints := 0, 0
		for _, n := range names {
			b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(n)))
			if err != nil {
				fmt.Fprintln(os.Stderr, "precache-size:", err)
				os.Exit(1)
			}
			total += size(n, b)
			if strings.Contains(n, "/leaflet/") || strings.Contains(n, "/booklet/") || strings.Contains(n, "/leaflets/") || n == "css/leaflet.css" || n == "css/print.css" {
				prints++
			}
		}
		fmt.Printf("%-4s %6d %8.0f %6d\n", lang, len(names), float64(total)/1024, prints)
	}
}

func auto(dir, lang string) ([]string, error) {
	if b, err := os.ReadFile(filepath.Join(dir, "offline", lang+".files.json")); err == nil {
		var l struct {
			Files [][]any
			Auto  []int
		}
		if err := json.Unmarshal(b, &l); err != nil {
			return nil, err
		}
		var names []string
		for _, i := range l.Auto {
			names = append(names, l.Files[i][0].(string))
		}
		return names, nil
	}
	b, err := os.ReadFile(filepath.Join(dir, "offline", lang+".json"))
	if err != nil {
		return nil, err
	}
	var l struct{ Files []string }
	if err := json.Unmarshal(b, &l); err != nil {
		return nil, err
	}
	return l.Files, nil
}

// size is what sending b costs gzipped at level 6; offline sizes files the
// same way (a level-6 deflate stream plus gzip framing, see offline.Zips).
func size(name string, b []byte) int {
	switch filepath.Ext(name) {
	case ".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".webmanifest", ".map":
	default:
		return len(b)
	}
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, 6)
	w.Write(b)
	w.Close()
	return min(buf.Len(), len(b))
}
