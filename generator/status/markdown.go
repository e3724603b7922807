package status

import (
	"bytes"
	"fmt"
	"strings"

	"spean/generator/site"
	"spean/generator/translation"
)

// Marker starts the Markdown report, so a CI job can find its own earlier
// comment on a pull request and edit it instead of adding another.
const Marker = "<!-- spean translation status -->"

// Markdown is the translation status as GitHub-flavoured Markdown, for a
// pull request comment: the counts per language, then, when changed is
// not nil, every page whose file in any language the branch changed, with
// its state in each language. label gives each state's name and the
// title in the site's source language (the i18n strings status_ok …).
// File paths are prefixed with prefix, the site's folder in the
// repository, and link to repoURL when set.
func Markdown(s *site.Site, label func(id string) string, repoURL, prefix string, changed map[string]bool) []byte {
	m := translation.Status(s)
	var b bytes.Buffer
	b.WriteString(Marker + "\n")
	fmt.Fprintf(&b, "### %s\n\n", label("status_title"))
	b.WriteString("| |")
	for _, l := range m.Langs {
		fmt.Fprintf(&b, " %s |", langName(s, l))
	}
	b.WriteString("\n|---|")
	for range m.Langs {
		b.WriteString("---:|")
	}
	b.WriteString("\n")
	for _, st := range translation.States {
		fmt.Fprintf(&b, "| %s %s |", Symbols[st], label("status_"+string(st)))
		for _, l := range m.Langs {
			fmt.Fprintf(&b, " %d |", m.Counts[l][st])
		}
		b.WriteString("\n")
	}
	if changed == nil {
		return b.Bytes()
	}
	file := func(f string) string {
		if repoURL == "" {
			return "`" + prefix + f + "`"
		}
		return fmt.Sprintf("[`%s`](%s/%s%s)", prefix+f, strings.TrimSuffix(repoURL, "/"), prefix, f)
	}
	var rows []string
	for _, r := range m.Rows {
		touched := r.Source != nil && changed[r.Source.Path]
		for _, c := range r.Cells {
			touched = touched || changed[c.File]
		}
		if !touched {
			continue
		}
		src := r.Key
		if r.Source != nil {
			src = file(r.Source.Path)
		}
		var cells []string
		for _, c := range r.Cells {
			cells = append(cells, fmt.Sprintf("%s %s", Symbols[c.State], label("status_"+string(c.State))))
		}
		rows = append(rows, fmt.Sprintf("| %s<br>%s | %s |", escapeCell(r.Title), src, strings.Join(cells, " | ")))
	}
	fmt.Fprintf(&b, "\n#### %s (%d)\n\n", label("status_changed"), len(rows))
	if len(rows) == 0 {
		return b.Bytes()
	}
	fmt.Fprintf(&b, "| %s |", label("status_page"))
	for _, l := range m.Langs {
		fmt.Fprintf(&b, " %s |", langName(s, l))
	}
	b.WriteString("\n|---|" + strings.Repeat("---|", len(m.Langs)) + "\n")
	b.WriteString(strings.Join(rows, "\n") + "\n")
	return b.Bytes()
}

func langName(s *site.Site, code string) string {
	if l := s.Config.Lang(code); l != nil && l.Name != "" {
		return l.Name + " (" + code + ")"
	}
	return code
}

// escapeCell keeps a title from ending its table cell.
func escapeCell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
