package check

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"spean/generator/content"
	"spean/generator/diag"
	"spean/generator/markdown"
	"spean/generator/script"
	"spean/generator/site"
	"spean/generator/workers"
	"spean/generator/zawgyi"
)

// Plain-language limits for the source language. Readers are migrant
// workers reading on phones, often in a second language, and every
// sentence is translated four times: GOV.UK's style guide asks for
// sentences of at most 25 words, and a paragraph longer than 100 words
// (about five such sentences) fills more than a phone screen.
const (
	MaxSentenceWords  = 25
	MaxParagraphWords = 100
)

// scripts are the scripts told apart when judging which script a text is
// in: every script package script knows letters of. Others (Chinese in a
// company name, say) count as none of them.
var scripts = func() []script.Facts {
	var out []script.Facts
	for _, f := range script.Known() {
		if f.Letters != nil {
			out = append(out, f)
		}
	}
	return out
}()

func scriptName(t *unicode.RangeTable) string {
	for _, s := range scripts {
		if s.Letters == t {
			return s.Name
		}
	}
	return "?"
}

// text checks every loaded file's text, files on every core: one after
// another, they were three quarters of check's 12 seconds on the
// 10,000-page site. The findings come in the files' order.
func text(ctx context.Context, fsys fs.FS, s *site.Site) diag.List {
	found := make([]diag.List, len(s.Sources))
	workers.Each(ctx, len(s.Sources), 0, func(i int) {
		src := s.Sources[i]
		raw, err := fs.ReadFile(fsys, src.Path)
		if err != nil {
			return
		}
		var doc *markdown.Doc
		if p := s.Page(src.Key, src.Lang); p != nil && p.Source == src {
			doc = p.Doc
		}
		found[i] = File(src, raw, doc, s.Config.SourceLanguage)
	})
	return slices.Concat(found...)
}

// File checks one content file's own text as check does: Zawgyi, text not
// in NFC, invisible characters, digits and words of mixed scripts, and
// with its parsed document (doc, nil if it has none) each paragraph's
// script and, in the source language, its length. serve shows these for a
// page as it is saved.
func File(src *content.Source, raw []byte, doc *markdown.Doc, sourceLang string) diag.List {
	diags := rawText(src.Path, src.Lang, raw)
	if doc == nil {
		return diags
	}
	diags = append(diags, blocks(src, doc, sourceLang)...)
	return append(diags, frontMatterZawgyi(src)...)
}

// blocks checks each paragraph-like block: Zawgyi, script, and in the
// source language, length.
func blocks(src *content.Source, doc *markdown.Doc, sourceLang string) diag.List {
	var diags diag.List
	lines := strings.Split(string(src.Body), "\n")
	for _, b := range doc.Blocks() {
		if p := zawgyiProbability(b.Text); p > zawgyi.Threshold {
			diags.Add(diag.Diagnostic{Pos: b.Pos, Severity: diag.Warning, Code: "zawgyi",
				Message: fmt.Sprintf("paragraph looks Zawgyi-encoded (probability %.2f); phones with Unicode fonts show it garbled", p),
				Hint:    "convert it with: spean check --fix-zawgyi"})
		}
		if d, ok := wrongScript(src.Lang, judged(b, lines, src.BodyLine)); ok {
			d.Pos = b.Pos
			diags.Add(d)
		}
		if src.Lang == sourceLang && !b.Heading {
			diags = append(diags, plainLanguage(b, src)...)
		}
	}
	return diags
}

// MinZawgyiLetters is the least Burmese a text must have to be judged
// Zawgyi or not. Words and short table cells are spelt the same in both
// encodings often enough that the model's score says little about them
// (the Unicode table header "ဘာသာစကား", eight code points, scores 0.95);
// a real Zawgyi paragraph is longer than this.
const MinZawgyiLetters = 10

// zawgyiProbability is zawgyi.Probability for text with enough Burmese to
// judge, and 0 for any other.
func zawgyiProbability(t string) float64 {
	n := 0
	for _, r := range t {
		if unicode.Is(unicode.Myanmar, r) {
			n++
		}
	}
	if n < MinZawgyiLetters {
		return 0
	}
	return zawgyi.Probability(t)
}

var (
	// glossRE is a parenthesised gloss, the usual way to give a name or
	// term in its own script: "MoLVT (Khmer: ក្រសួងការងារ…)", "ກຸງເທບ (กรุงเทพฯ)".
	glossRE    = regexp.MustCompile(`\([^()]*\)`)
	codeSpanRE = regexp.MustCompile("(`+)([^`]|[^`][\\s\\S]*?[^`])(`+)")
	urlRE      = regexp.MustCompile(`(?:https?|tel|mailto):[^\s)>\]]+`)
)

// judged is a block's text without what is not the writer's prose: code
// spans (commands, file names, names kept in their own script on purpose),
// URLs and glosses in parentheses. Code spans are found in the block's
// source lines, since the block's plain text no longer shows the backticks.
func judged(b markdown.Block, lines []string, bodyLine int) string {
	t := b.Text
	first := b.Pos.Line - bodyLine
	for i := first; i >= 0 && i < len(lines) && strings.TrimSpace(lines[i]) != ""; i++ {
		for _, m := range codeSpanRE.FindAllStringSubmatch(lines[i], -1) {
			t = strings.Replace(t, strings.TrimSpace(m[2]), " ", 1)
		}
	}
	// A URL has a colon and a gloss a parenthesis; most paragraphs have
	// neither, and urlRE, with no literal to look for first, tried a match
	// at every byte of every paragraph (1.9 of check's 16 CPU-seconds on
	// the 10,000-page site).
	if strings.Contains(t, ":") {
		t = urlRE.ReplaceAllString(t, " ")
	}
	if strings.Contains(t, "(") {
		t = glossRE.ReplaceAllString(t, " ")
	}
	return t
}

// wrongScript reports a block written mostly in a script other than its
// language's. Latin letters and digits are ignored in non-Latin languages
// (names, numbers and abbreviations like ID are written in Latin); a few
// foreign letters (a place name in Thai inside a Lao sentence) are allowed
// as long as the language's own script has more letters.
func wrongScript(lang, t string) (diag.Diagnostic, bool) {
	want := script.Of(lang).Letters
	if want == nil {
		return diag.Diagnostic{}, false
	}
	counts := map[*unicode.RangeTable]int{}
	for _, r := range t {
		if !unicode.IsLetter(r) {
			continue
		}
		for _, s := range scripts {
			if unicode.Is(s.Letters, r) {
				counts[s.Letters]++
				break
			}
		}
	}
	// A paragraph of Latin words and not one letter of the page's own
	// script is most likely the source's, left untranslated: a Khmer
	// page keeps a name or an abbreviation in Latin, not a sentence.
	if want != unicode.Latin && counts[want] == 0 {
		if n := latinWords(t); n >= untranslatedWords {
			return diag.Diagnostic{Severity: diag.Warning, Code: "script",
				Message: fmt.Sprintf("paragraph is %d words in Latin script and no %s letters: left untranslated?", n, scriptName(want)),
				Hint:    "translate it, or put a name that must stay in its own script in `backticks`"}, true
		}
	}
	var most *unicode.RangeTable
	for _, s := range scripts {
		if s.Letters == want || (want != unicode.Latin && s.Letters == unicode.Latin) {
			continue
		}
		if most == nil || counts[s.Letters] > counts[most] {
			most = s.Letters
		}
	}
	if most == nil || counts[most] == 0 || counts[most] <= counts[want] {
		return diag.Diagnostic{}, false
	}
	return diag.Diagnostic{Severity: diag.Warning, Code: "script",
		Message: fmt.Sprintf("paragraph is written in %s script (%d letters) but this is a %s page (%d %s letters)",
			scriptName(most), counts[most], lang, counts[want], scriptName(want)),
		Hint: "translate it, or put a name that must stay in its own script in `backticks`"}, true
}

// untranslatedWords is how many Latin words a paragraph of a page in
// another script must have, and none of its own letters, to be taken for
// one left untranslated: more than a name, an organisation's abbreviation
// and its number ("ILO Convention No. 29") take.
const untranslatedWords = 6

// latinWords counts the words of two or more Latin letters in t.
func latinWords(t string) int {
	n, run := 0, 0
	for _, r := range t {
		if unicode.Is(unicode.Latin, r) {
			run++
			continue
		}
		if run >= 2 {
			n++
		}
		run = 0
	}
	if run >= 2 {
		n++
	}
	return n
}

var sentenceEndRE = regexp.MustCompile(`[.!?]["'”’)\]]*\s+`)

// plainLanguage reports sentences and paragraphs longer than the limits,
// each long sentence at the place it starts in the file.
func plainLanguage(b markdown.Block, src *content.Source) diag.List {
	var diags diag.List
	words := len(strings.Fields(b.Text))
	if words > MaxParagraphWords {
		diags.Add(diag.Diagnostic{Pos: b.Pos, Severity: diag.Warning, Code: "long-paragraph",
			Message: fmt.Sprintf("paragraph of %d words (plain language: at most %d)", words, MaxParagraphWords),
			Hint:    "split it, or make it a list"})
	}
	at := blockOffset(src, b.Pos)
	rest := b.Text
	for rest != "" {
		end := len(rest)
		next := len(rest)
		if m := sentenceEndRE.FindStringIndex(rest); m != nil {
			end, next = m[0]+1, m[1]
		}
		sent := rest[:end]
		pos := b.Pos
		if at >= 0 {
			if off := findSentence(src.Body, at, sent); off >= 0 {
				at = off
				pos = diag.OffsetPos(src.Path, src.Body, off, src.BodyLine)
			}
		}
		if n := len(strings.Fields(sent)); n > MaxSentenceWords {
			diags.Add(diag.Diagnostic{Pos: pos, Severity: diag.Warning, Code: "long-sentence",
				Message: fmt.Sprintf("sentence of %d words (plain language: at most %d): %q", n, MaxSentenceWords, opening(sent)),
				Hint:    "split it into two sentences"})
		}
		rest = rest[next:]
	}
	return diags
}

// blockOffset is the byte offset in src.Body of a block's position, or -1.
func blockOffset(src *content.Source, p diag.Pos) int {
	off := 0
	for l := src.BodyLine; l < p.Line; l++ {
		i := bytes.IndexByte(src.Body[off:], '\n')
		if i < 0 {
			return -1
		}
		off += i + 1
	}
	for c := 1; c < p.Col && off < len(src.Body); c++ {
		_, n := utf8.DecodeRune(src.Body[off:])
		off += n
	}
	return off
}

// findSentence finds where sentence starts in body at or after from, by
// its first words as written in the file; plain text has lost the markup
// and, in English, straight quotes became curly ones, so words with
// either may not be found and the caller keeps the block's position.
func findSentence(body []byte, from int, sentence string) int {
	words := strings.Fields(sentence)
	for n := min(2, len(words)); n >= 1; n-- {
		if i := bytes.Index(body[from:], []byte(strings.Join(words[:n], " "))); i >= 0 {
			return from + i
		}
	}
	return -1
}

// opening is the first words of a sentence, to find it by.
func opening(s string) string {
	f := strings.Fields(s)
	if len(f) > 8 {
		return strings.Join(f[:8], " ") + " …"
	}
	return s
}

// frontMatterZawgyi checks the front-matter text a reader sees.
func frontMatterZawgyi(src *content.Source) diag.List {
	var diags diag.List
	fields := []struct{ key, text string }{
		{"title", src.Meta.Title}, {"description", src.Meta.Description}, {"summary", src.Meta.Summary},
		{"key_points", strings.Join(src.Meta.KeyPoints, "\n")},
	}
	for _, f := range fields {
		if p := zawgyiProbability(f.text); p > zawgyi.Threshold {
			diags.Add(diag.Diagnostic{Pos: metaPos(src, f.key), Severity: diag.Warning, Code: "zawgyi",
				Message: fmt.Sprintf("%s looks Zawgyi-encoded (probability %.2f)", f.key, p),
				Hint:    "convert it with: spean check --fix-zawgyi"})
		}
	}
	return diags
}

// rawText checks a file line by line, front matter included: normal form,
// invisible characters, digits of two scripts in one number, and words
// that mix two scripts.
func rawText(file, lang string, data []byte) diag.List {
	var diags diag.List
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSuffix(line, "\r")
		pos := func(off int) diag.Pos {
			return diag.Pos{File: file, Line: i + 1, Col: utf8.RuneCountInString(line[:off]) + 1}
		}
		if !norm.NFC.IsNormalString(line) {
			off := firstNonNFC(line)
			diags.Add(diag.Diagnostic{Pos: pos(off), Severity: diag.Warning, Code: "nfc",
				Message: "text is not in Unicode normal form C (the same letters are stored in another order or decomposed), so search and links may miss it",
				Hint:    "save the file as NFC; most editors have a Normalize command"})
		}
		diags = append(diags, invisible(line, lang, pos)...)
		diags = append(diags, mixedDigits(line, pos)...)
		diags = append(diags, mixedWords(line, pos)...)
	}
	return diags
}

// firstNonNFC is the byte offset where the part of s that NFC would change
// starts: the end of the longest prefix already in normal form.
func firstNonNFC(s string) int {
	return norm.NFC.QuickSpanString(s)
}

// Invisible characters. Zero-width space (U+200B) is how Khmer, Lao,
// Burmese and Thai writers mark where a line may break between words,
// since these scripts put no spaces between words; it is allowed in those
// languages and reported in English. Zero-width joiner and non-joiner
// (U+200D, U+200C) change how neighbouring letters are shaped in some
// Khmer and Burmese spellings; they are allowed between two letters of the
// page's own script and reported anywhere else, where they can only be
// noise that breaks search. Every other control or format character
// (direction marks and overrides, word joiner, soft hyphen, a byte-order
// mark in mid-file) is reported: nothing in Spean's content needs them and
// they make identical-looking words differ.
var invisibleNames = map[rune]string{
	0x00AD: "SOFT HYPHEN", 0x200B: "ZERO WIDTH SPACE", 0x200C: "ZERO WIDTH NON-JOINER",
	0x200D: "ZERO WIDTH JOINER", 0x200E: "LEFT-TO-RIGHT MARK", 0x200F: "RIGHT-TO-LEFT MARK",
	0x2028: "LINE SEPARATOR", 0x2029: "PARAGRAPH SEPARATOR", 0x202A: "LEFT-TO-RIGHT EMBEDDING",
	0x202B: "RIGHT-TO-LEFT EMBEDDING", 0x202C: "POP DIRECTIONAL FORMATTING", 0x202D: "LEFT-TO-RIGHT OVERRIDE",
	0x202E: "RIGHT-TO-LEFT OVERRIDE", 0x2060: "WORD JOINER", 0x2066: "LEFT-TO-RIGHT ISOLATE",
	0x2067: "RIGHT-TO-LEFT ISOLATE", 0x2068: "FIRST STRONG ISOLATE", 0x2069: "POP DIRECTIONAL ISOLATE",
	0xFEFF: "ZERO WIDTH NO-BREAK SPACE (byte-order mark)", 0x3164: "HANGUL FILLER", 0x180E: "MONGOLIAN VOWEL SEPARATOR",
}

func isInvisible(r rune) bool { return classOf(r)&classInvisible != 0 }

// The per-rune questions rawText asks of every letter of every line
// (invisible? part of a word? a letter of which unspaced script?) took
// most of check's time on the 10,000-page site, each a look-up in
// Unicode's tables; a table of the Basic Multilingual Plane, made once,
// answers them for all but the rare rune beyond it.
const (
	classInvisible = 1 << iota // isInvisible
	classWord                  // a letter or a mark
	classSeaShift  = iota      // then the index+1 in seaScripts of the script whose letters hold it, 0 for none
)

// seaScripts are the letters of the scripts written without spaces
// between words (Khmer, Lao, Burmese, Thai), which mixedWords tells apart.
var seaScripts = func() []*unicode.RangeTable {
	var out []*unicode.RangeTable
	for _, s := range scripts {
		if !s.Spaced {
			out = append(out, s.Letters)
		}
	}
	return out
}()

// classify answers the questions for r from Unicode's tables.
func classify(r rune) uint8 {
	var c uint8
	_, named := invisibleNames[r]
	if r != '\t' && (named || unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp)) {
		c |= classInvisible
	}
	if unicode.IsLetter(r) || unicode.IsMark(r) {
		c |= classWord
	}
	for i, t := range seaScripts {
		if unicode.Is(t, r) {
			c |= uint8(i+1) << classSeaShift
			break
		}
	}
	return c
}

// bmpClasses is classify of every rune of the Basic Multilingual Plane,
// made on first use (about 10 ms), not by every command at start.
var bmpClasses = sync.OnceValue(func() *[0x10000]uint8 {
	var t [0x10000]uint8
	for r := range rune(len(t)) {
		t[r] = classify(r)
	}
	return &t
})

// classOf is classify(r), from the table when r is in it.
func classOf(r rune) uint8 {
	if r >= 0 && r < 0x10000 {
		return bmpClasses()[r]
	}
	return classify(r)
}

// seaOf is the letters of the unspaced script that holds a rune of class
// c, or nil.
func seaOf(c uint8) *unicode.RangeTable {
	if i := c >> classSeaShift; i > 0 {
		return seaScripts[i-1]
	}
	return nil
}

func invisible(line, lang string, pos func(int) diag.Pos) diag.List {
	var diags diag.List
	facts := script.Of(lang)
	own := facts.Letters
	inScript := func(r rune) bool { return own != nil && own != unicode.Latin && unicode.Is(own, r) }
	for off, r := range line {
		if !isInvisible(r) {
			continue
		}
		switch r {
		case 0x200B:
			// Writers of scripts without spaces between words use it as
			// a hidden word break.
			if !facts.Spaced {
				continue
			}
		case 0x200C, 0x200D:
			before, _ := utf8.DecodeLastRuneInString(line[:off])
			after, _ := utf8.DecodeRuneInString(line[off+utf8.RuneLen(r):])
			if inScript(before) && inScript(after) {
				continue
			}
		}
		name := invisibleNames[r]
		if name == "" {
			name = "control character"
		}
		diags.Add(diag.Diagnostic{Pos: pos(off), Severity: diag.Warning, Code: "invisible",
			Message: fmt.Sprintf("invisible character U+%04X %s", r, name),
			Hint:    "delete it; it is invisible but makes words that look the same differ for search and links"})
	}
	return diags
}

// digitScript names the script of a decimal digit: ASCII digits are
// called Arabic (Western Arabic numerals), the others by the script whose
// letters they belong to.
func digitScript(r rune) string {
	if r >= '0' && r <= '9' {
		return "Arabic"
	}
	for _, s := range scripts {
		if unicode.Is(s.Letters, r) {
			if s.Code == "Arab" {
				return "Arabic-Indic"
			}
			return s.Name
		}
	}
	return "other"
}

// mixedDigits reports a number written with digits of two scripts
// ("1,๕00"): a reader cannot trust it, and a phone number like that
// cannot be dialled. A number is a run of digits joined by single . , : /
// or - characters.
func mixedDigits(line string, pos func(int) diag.Pos) diag.List {
	if !otherDigits(line) {
		return nil // ASCII digits alone, or none: one set of digits
	}
	var diags diag.List
	runes := []rune(line)
	offs := make([]int, 0, len(runes))
	for off := range line {
		offs = append(offs, off)
	}
	for i := 0; i < len(runes); {
		if !unicode.IsDigit(runes[i]) {
			i++
			continue
		}
		start := i
		seen := map[string]bool{}
		var order []string
		for i < len(runes) {
			r := runes[i]
			if unicode.IsDigit(r) {
				if s := digitScript(r); !seen[s] {
					seen[s] = true
					order = append(order, s)
				}
				i++
				continue
			}
			if strings.ContainsRune(".,:/-", r) && i+1 < len(runes) && unicode.IsDigit(runes[i+1]) {
				i++
				continue
			}
			break
		}
		if len(order) > 1 {
			diags.Add(diag.Diagnostic{Pos: pos(offs[start]), Severity: diag.Warning, Code: "digits",
				Message: fmt.Sprintf("number %q mixes %s digits", string(runes[start:i]), strings.Join(order, " and ")),
				Hint:    "write each number in one set of digits"})
		}
	}
	return diags
}

// otherDigits reports whether line has a decimal digit other than 0-9.
func otherDigits(line string) bool {
	for _, r := range line {
		if r > unicode.MaxASCII && unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// mixedWords reports a word with letters of two of the scripts written
// without spaces between words (Khmer, Lao, Burmese, Thai): Lao and Thai look alike and share a keyboard layout, so a
// Thai letter typed into a Lao word is easy to miss and breaks search.
func mixedWords(line string, pos func(int) diag.Pos) diag.List {
	var diags diag.List
	wordStart, first := -1, (*unicode.RangeTable)(nil)
	reported := false
	for off, r := range line + " " {
		c := classOf(r)
		if c&classWord == 0 {
			wordStart, first, reported = -1, nil, false
			continue
		}
		if wordStart < 0 {
			wordStart = off
		}
		t := seaOf(c)
		if t == nil {
			continue
		}
		if first == nil {
			first = t
		} else if t != first && !reported {
			reported = true
			diags.Add(diag.Diagnostic{Pos: pos(wordStart), Severity: diag.Warning, Code: "script",
				Message: fmt.Sprintf("word mixes %s and %s letters (%s at column %d)", scriptName(first), scriptName(t), string(r), pos(off).Col),
				Hint:    "retype the word with the right keyboard"})
		}
	}
	return diags
}
