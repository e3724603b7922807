// Package segment cuts text into the search terms of the knowledge base, for
// Khmer, Lao, Burmese and Thai (written without spaces between words) and
// English. Text goes in; normalised text, segments with their byte offsets in
// the input, and terms with positions come out. Pure functions, no state.
//
// The JavaScript twin, themes/default/static/js/segment.js, does the query
// side in the browser and must agree with this package exactly:
// testdata/vectors.json pins both (see TestVectors and TestJS). Regenerate the
// vectors and the twin's character table from this code with
//
//	go test ./generator/segment -update
//
// and review the diff: it is the behaviour change.
//
// # API
//
//	Normalize(s) string                       the text terms are made of
//	Split(s) []Segment                        clusters and words, with offsets into s
//	IndexTokens(s) []Token                    terms to index (build time)
//	QueryTokens(q) (exact []Token, prefix, lead Token)  terms a page must hold (query time)
//	Key(term) string                          where the index files a term (lookup key)
//
// The rules depend on each character's script, never on the page's language,
// because pages mix scripts and both sides must cut the same text the same
// way. So there is no language parameter.
//
// In JavaScript (global SpeanSegment, or module.exports under node):
// normalize(s), split(s) → [{text, start, end, script, brk}] with UTF-16
// offsets, script 1 latin, 2 thai, 3 lao, 4 khmer, 5 myanmar and brk 0 hard,
// 1 space, 2 none; queryTokens(q) → {exact: [{term, pos}], prefix: {term,
// pos} or null, lead: {term, pos} or null}. The index is only built in Go, so the twin has no
// indexTokens.
//
// # Normalisation
//
// Normalize works on units: a base character with the marks that attach to
// it (and, in Thai and Lao, the vowels written before it, see below). Each
// unit is normalised on its own, which keeps the text stable as a reader types
// on and lets every segment point back into the input. In order:
//
//  1. Dropped: zero-width space, non-joiner and joiner (U+200B–U+200D), word
//     joiner (U+2060), byte order mark (U+FEFF), soft hyphen (U+00AD), and
//     the invisible Khmer inherent vowels (U+17B4, U+17B5). They are
//     transparent: a mark after a dropped character still attaches.
//  2. Fullwidth ASCII (U+FF01–U+FF5E) becomes ASCII.
//  3. Digits of every script (Thai, Lao, Khmer, Myanmar, Shan) become ASCII
//     digits, so ๑๖๙๔, ១៦៩៤ and 1694 are one term.
//  4. Spelling variants that look the same: Lao ໜ ໝ become ຫນ ຫມ (both are
//     written), Khmer ឲ becomes ឱ, Burmese ဦ stays as ဥ + ီ (so that typing
//     ဥ first keeps a prefix of it).
//  5. Thai, Lao, Khmer and Burmese units: a doubled leading vowel เเ / ເເ
//     becomes แ / ແ; the marks are put in the order of their ranks (class.go:
//     vowels below and above, tone marks, signs, following vowels; Unicode's
//     storage order for Burmese and Khmer, with coeng and virama last); a
//     vowel typed in two pieces becomes the one character it looks like
//     (ํ + า = ำ and ໍ + າ = ຳ, tone marks may sit between; េ + ា = ោ,
//     េ + ី = ើ); a mark repeated right after itself is kept once. The ranks
//     agree with the canonical combining classes, so this is NFC's reordering
//     and more. If the unit carries marks of another script, it gets NFC
//     instead.
//  6. Latin units: accents are removed (NFD, then combining marks dropped)
//     and case folded (ASCII and Latin-1), so "Café" is "cafe".
//  7. Any other unit with marks gets NFC, unless NFC would change its class or
//     split it; a lone character outside the scripts served is left as it is.
//
// Normalize(Normalize(s)) == Normalize(s) (FuzzSegment checks it).
//
// # Units and clusters
//
// A unit is a base character followed by its marks; for Thai and Lao, the
// leading vowels เ แ โ ใ ไ / ເ ແ ໂ ໃ ໄ start the unit and the consonant after
// them joins it; Lao ຫ followed by ນ or ມ is one unit (it is ໜ, ໝ). Following
// vowels (Thai ะ า ำ ๅ, Lao ະ າ ຳ ຽ) are marks: they attach to the cluster
// before them. Then:
//
//   - Thai and Lao: a cluster is a unit (ใบ|อ|นุ|ญา|ต|ทำ|งา|น).
//   - Khmer: a unit ending in coeng (U+17D2) takes the next consonant as its
//     subscript: consonant + subscripts + vowels + signs (លិ|ខិ|ត|ឆ្ល|ង|ដែ|ន).
//   - Burmese: syllables. A unit joins the syllable before when it follows a
//     virama (U+1039, a stacked consonant) or when it is a killed final: a
//     consonant carrying asat (U+103A) or virama with no vowel or medial
//     before it, only the signs ံ ့ (နိုင်|ငံ|ကူး|လက်|မှတ်, သင်္ချိုင်း,
//     မန္တ|လေး). ၌ ၍ ၎ ၏ are words here, not punctuation.
//   - Latin letters and digits (after the folds above): a word is a maximal
//     run of them; anything else ends it ("don't" is "don" and "t").
//   - Everything else separates: spaces, punctuation, symbols, emoji, the
//     repetition marks ๆ ໆ ៗ, and letters of scripts the site does not use.
//
// Each segment carries its Break from the one before: BreakNone inside a run
// of the same script, BreakSpace across white space with at most one line
// break, BreakHard otherwise.
//
// # Terms
//
// Index terms (IndexTokens): each cluster (unigram), each pair of
// neighbouring clusters of one script with BreakNone or BreakSpace between
// (bigram, the two texts concatenated), each Latin word's Stem. Pairing across
// a space matters: Thai, Lao, Khmer and Burmese put spaces between phrases
// where a reader's query has none.
//
// Query terms (QueryTokens): for a run of two or more clusters, its bigrams;
// for a run of one cluster, the unigram; for a word, its stem. All are exact
// terms, except when the query does not end with a separator: the reader is
// still typing, so its last piece is a prefix. For a Latin word the prefix is
// PrefixStem of it; for a run of clusters it is the last two clusters
// concatenated, which is a prefix of the index's bigram at that place even if
// the last cluster is incomplete (เ before its consonant, ក before ្រ). In
// Burmese a bare consonant at the end may still become the killed final of
// the syllable before (ကျော + င → ကျောင်း), so the bigram ending in that
// syllable is not required exactly: it is the lead, a second prefix, when a
// syllable comes before it (ဖွား + ခွ, a prefix of ဖွားခွင့်). FuzzQuery checks that a query keeps finding a text
// however it continues (as long as normalising did not rewrite the query's
// end). The recall test measures it on the UDHR.
//
// # Keys
//
// The index files each term under Key(term): a Latin term under its first
// three letters, any other under its first unit without Thai and Lao tone
// marks and the character after it. The query's prefix (its first unit is
// complete) has the same key as every term it can grow into, and a term typed
// with a tone mark left out or misplaced has the key of the term meant; so one
// lookup finds the exact term, the terms a prefix grows into and the near
// spellings (FuzzQuery checks the first). A prefix of a single unit has no
// key yet, nor a Latin prefix of fewer than three letters.
//
// # Known limits
//
// Zawgyi-encoded Burmese is not converted: it is cut deterministically but
// does not meet Unicode text (package zawgyi detects it). Burmese ၀ (zero)
// typed for ဝ (wa) stays a digit. Normalising a character added to Unicode
// after version 15 may differ between Go (x/text) and the browser.
package segment
