// Package zawgyi finds Burmese text typed in the legacy Zawgyi font encoding
// and converts it to Unicode.
//
// Zawgyi reuses the Myanmar Unicode block with different meanings and stores
// letters in visual order (the vowel sign ေ before its consonant, for
// example), so Zawgyi text looks like garbage on phones with Unicode fonts,
// which is what most readers of the Burmese pages have.
//
// In goes a string of text; out comes a probability (Probability, IsZawgyi)
// or the text converted to Unicode (Convert); the site checker scores each
// paragraph of a page's parsed text. Everything is a pure function
// of its input and safe for concurrent use.
//
// The detector is Myanmar Tools' Markov model (its published model file is
// embedded; see NOTICE). The converter is a set of rules written for Spean.
package zawgyi
