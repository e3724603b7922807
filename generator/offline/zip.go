package offline

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"time"

	"spean/generator/diag"
	"spean/generator/publish"
	"spean/generator/site"
)

// zipTime is every entry's modification time: a fixed date, so the zip of
// an unchanged site is byte-identical from one build to the next.
var zipTime = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// Zips writes downloads/spean-<lang>.zip for every language: the same files
// the service worker saves (LangFiles), in a folder spean-<lang>/, so a
// facilitator can copy one file to phones or SD cards and readers open
// spean-<lang>/<lang>/index.html from disk. Links are relative with
// index.html spelled out, so the copy works from file://.
func Zips(_ context.Context, s *site.Site, files *publish.Recorder, sink publish.Sink) diag.List {
	var diags diag.List
	for _, lang := range s.Langs {
		b, err := Zip(files, "spean-"+lang+"/", LangFiles(s, files, lang))
		if err == nil {
			err = sink.Write(site.Zip(lang), b)
		}
		if err != nil {
			diags.Errorf(diag.Pos{File: "generator/offline"}, "offline", "zip for %s: %v", lang, err)
		}
	}
	return diags
}

// Zip packs names (already sorted) from files under prefix, with fixed
// times and a fixed order.
func Zip(files *publish.Recorder, prefix string, names []string) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range names {
		data, ok := files.Get(name)
		if !ok {
			return nil, fmt.Errorf("%s: not among the outputs", name)
		}
		method := zip.Deflate
		if compressed(name) {
			method = zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: prefix + name, Method: method, Modified: zipTime})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(data); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
