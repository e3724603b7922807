package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v4"
)

// factsFile is the fact sheet, the only facts content may state. It lives in
// the shared folder beside the repository (../shared from its root), as the
// zawgyi and search tests also expect; tests run in generator/.
var factsFile = filepath.Join("..", "..", "shared", "facts.md")

// termsFile is the termbase, relative to the repository root.
const termsFile = "content/_data/terms.yaml"

var (
	sourceID  = regexp.MustCompile(`^([A-Z][0-9]+)\s+(.*)$`)
	aliasOf   = regexp.MustCompile(`^=\s*([A-Z][0-9]+)\b`)
	urlInText = regexp.MustCompile(`https?://[^\s;\]]+`)
	// inlineSource is a source defined in the fact sheet itself rather than in
	// the list, as "[B9: Prachatai https://…]" is.
	inlineSource = regexp.MustCompile(`\[([A-Z][0-9]+):[^\]]*?(https?://[^\s\]]+)\]`)
)

// factSources reads facts.md's source list ("## Sources" to the end): entries
// are separated by " · " or new lines, each an id, a description and one or
// more URLs; "B34 = A12" makes B34 an alias with A12's URLs. An id that the
// fact sheet defines only inline, with its URL, counts too. The result maps
// each id to its URLs.
func factSources(text string) (map[string][]string, error) {
	_, list, ok := strings.Cut(text, "\n## Sources\n")
	if !ok {
		return nil, fmt.Errorf("no \"## Sources\" section")
	}
	urls := map[string][]string{}
	aliases := map[string]string{}
	for _, line := range strings.Split(list, "\n") {
		for _, entry := range strings.Split(line, " · ") {
			entry = strings.TrimSpace(entry)
			if entry == "" {
				continue
			}
			m := sourceID.FindStringSubmatch(entry)
			if m == nil {
				return nil, fmt.Errorf("source list entry %q does not start with an id such as B12", entry)
			}
			id, rest := m[1], m[2]
			if _, dup := urls[id]; dup {
				return nil, fmt.Errorf("source %s is listed twice", id)
			}
			if a := aliasOf.FindStringSubmatch(rest); a != nil {
				aliases[id] = a[1]
				urls[id] = nil
				continue
			}
			urls[id] = []string{}
			for _, u := range urlInText.FindAllString(rest, -1) {
				urls[id] = append(urls[id], strings.TrimRight(u, ".,)"))
			}
		}
	}
	for id, target := range aliases {
		if _, ok := urls[target]; !ok || aliases[target] != "" {
			return nil, fmt.Errorf("source %s = %s: no such source", id, target)
		}
		urls[id] = urls[target]
	}
	sheet, _, _ := strings.Cut(text, "\n## Sources\n")
	for _, m := range inlineSource.FindAllStringSubmatch(sheet, -1) {
		if _, listed := urls[m[1]]; !listed {
			urls[m[1]] = []string{strings.TrimRight(m[2], ".,)")}
		}
	}
	return urls, nil
}

func TestFactsParse(t *testing.T) {
	tests := []struct {
		name, text string
		want       map[string][]string
		wantErr    string
	}{
		{
			name: "entries, several URLs, alias, inline",
			text: "# Facts\n- NV [B9: Prachatai https://p.example/1492].\n\n## Sources\n" +
				"A1 Issara, n.d. https://a.example/one · A2 Two https://a.example/two; https://a.example/three\n" +
				"B1 Ten Mile https://b.example/ · B34 = A1\n",
			want: map[string][]string{
				"A1":  {"https://a.example/one"},
				"A2":  {"https://a.example/two", "https://a.example/three"},
				"B1":  {"https://b.example/"},
				"B34": {"https://a.example/one"},
				"B9":  {"https://p.example/1492"},
			},
		},
		{name: "no list", text: "# Facts\n", wantErr: "no \"## Sources\""},
		{name: "twice", text: "## Sources\nA1 x https://a · A1 y https://b\n", wantErr: "listed twice"},
		{name: "alias to nothing", text: "## Sources\nB34 = A12\n", wantErr: "no such source"},
		{name: "not an id", text: "## Sources\nIssara https://a\n", wantErr: "does not start with an id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := factSources("\n" + tt.text)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("got %v\nwant %v", got, tt.want)
			}
		})
	}
}

// loadFacts reads the shared fact sheet; its absence is a failure, not a
// skip, because then nothing would hold the pages' citations to it.
func loadFacts(t *testing.T) map[string][]string {
	t.Helper()
	b, err := os.ReadFile(factsFile)
	if err != nil {
		t.Fatalf("read %s: %v (the tests expect shared/ beside the repository)", factsFile, err)
	}
	facts, err := factSources(string(b))
	if err != nil {
		t.Fatalf("%s: %v", factsFile, err)
	}
	// A floor, so that a parse that finds nothing cannot pass.
	if len(facts) < 50 {
		t.Fatalf("%s: parsed only %d sources, want the whole list (60)", factsFile, len(facts))
	}
	for id, urls := range facts {
		if len(urls) == 0 {
			t.Errorf("%s: source %s has no URL", factsFile, id)
		}
	}
	return facts
}

// TestFactsPageSources keeps every page's citations honest: each sources
// entry, in every language, names a source that facts.md lists, with one of
// the URLs facts.md gives for it.
func TestFactsPageSources(t *testing.T) {
	facts := loadFacts(t)
	s, diags := shippedSite(t)
	for _, d := range diags {
		t.Errorf("%s", d)
	}
	cited := 0
	for _, src := range s.Sources {
		for i, r := range src.Meta.Sources {
			cited++
			urls, ok := facts[r.ID]
			switch {
			case !ok:
				t.Errorf("%s: sources[%d]: id %q is not in %s's source list (cite a listed id, or add the source to facts.md first)", src.Path, i, r.ID, factsFile)
			case !slices.Contains(urls, r.URL):
				t.Errorf("%s: sources[%d] (%s): url %q is not one of the URLs facts.md gives for %s: %s", src.Path, i, r.ID, r.URL, r.ID, strings.Join(urls, ", "))
			}
		}
	}
	if cited < 500 {
		t.Errorf("only %d citations in the shipped pages, want at least 500 (5 languages × 40+ pages)", cited)
	}
}

// termbaseSources returns, per term id, the source ids it cites and where
// each is written, read from the termbase's YAML nodes so errors can name a
// line.
func termbaseSources(t *testing.T) (cites map[string][]*yaml.Node, order []string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", termsFile))
	if err != nil {
		t.Fatalf("read %s: %v", termsFile, err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("%s: %v", termsFile, err)
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		t.Fatalf("%s: not a mapping", termsFile)
	}
	var list *yaml.Node
	for i := 0; i+1 < len(doc.Content[0].Content); i += 2 {
		if doc.Content[0].Content[i].Value == "terms" {
			list = doc.Content[0].Content[i+1]
		}
	}
	if list == nil || list.Kind != yaml.SequenceNode || len(list.Content) == 0 {
		t.Fatalf("%s: no terms list", termsFile)
	}
	cites = map[string][]*yaml.Node{}
	for _, term := range list.Content {
		id := fmt.Sprintf("(term at line %d)", term.Line)
		var srcs *yaml.Node
		for i := 0; i+1 < len(term.Content); i += 2 {
			switch term.Content[i].Value {
			case "id":
				id = term.Content[i+1].Value
			case "sources":
				srcs = term.Content[i+1]
			}
		}
		order = append(order, id)
		if srcs != nil {
			cites[id] = append(cites[id], srcs.Content...)
		}
	}
	return cites, order
}

// TestFactsTermbaseSources: a definition that states a fact cites it, so every
// source id in the termbase must be one facts.md lists.
func TestFactsTermbaseSources(t *testing.T) {
	facts := loadFacts(t)
	cites, order := termbaseSources(t)
	n := 0
	for _, id := range order {
		for _, c := range cites[id] {
			n++
			if _, ok := facts[c.Value]; !ok {
				t.Errorf("%s:%d:%d: term %q cites source %q, which is not in %s's source list", termsFile, c.Line, c.Column, id, c.Value, factsFile)
			}
		}
	}
	if n < 20 {
		t.Errorf("%s: only %d source citations, want the termbase's (40+)", termsFile, n)
	}
}

// TestFactsGlossaryCoversTermbase: the glossary pages render the termbase's
// definitions, so each language's glossary page must list every source those
// definitions cite.
func TestFactsGlossaryCoversTermbase(t *testing.T) {
	cites, _ := termbaseSources(t)
	need := map[string]bool{}
	for _, cs := range cites {
		for _, c := range cs {
			need[c.Value] = true
		}
	}
	s, _ := shippedSite(t)
	pages := 0
	for _, src := range s.Sources {
		if src.Key != "glossary/terms" {
			continue
		}
		pages++
		have := map[string]bool{}
		for _, r := range src.Meta.Sources {
			have[r.ID] = true
		}
		var missing []string
		for id := range need {
			if !have[id] {
				missing = append(missing, id)
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			t.Errorf("%s: sources: missing %s, which the termbase's definitions cite (%s)", src.Path, strings.Join(missing, ", "), termsFile)
		}
	}
	if pages != len(s.Config.Languages) {
		t.Errorf("found %d glossary/terms pages, want one per language (%d)", pages, len(s.Config.Languages))
	}
}
