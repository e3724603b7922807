//go:build ignore

// pack turns a word list (UTF-8, one a line, sorted as bytes, as icudict
// prints it) into the form package wordbreak embeds: each word as ICU's
// dictionary keeps it, one byte a character (the code point less the
// script's offset; U+200D is 0xFF, U+200C 0xFE), front-coded: the length of
// the prefix shared with the word before, the length of the rest, the rest.
// Sorted byte strings share long prefixes, so this is a fifth of the text's
// size, and package wordbreak embeds it as it is.
//
//	go run scripts/icudict/pack.go 0E00 < thaidict.txt > th.fc
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strconv"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: pack OFFSET < words > packed")
		os.Exit(2)
	}
	off, err := strconv.ParseUint(os.Args[1], 16, 21)
	if err != nil {
		fmt.Fprintln(os.Stderr, "pack:", err)
		os.Exit(2)
	}
	sc := bufio.NewScanner(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	var prev []byte
	n := 0
	for sc.Scan() {
		var w []byte
		for _, r := range sc.Text() {
			switch d := int64(r) - int64(off); {
			case r == 0x200D:
				w = append(w, 0xFF)
			case r == 0x200C:
				w = append(w, 0xFE)
			case d >= 0 && d <= 0xFD:
				w = append(w, byte(d))
			default:
				fmt.Fprintf(os.Stderr, "pack: %q: U+%04X is outside the dictionary's range\n", sc.Text(), r)
				os.Exit(1)
			}
		}
		if len(w) == 0 || len(w) > 255 || bytes.Compare(w, prev) <= 0 {
			fmt.Fprintf(os.Stderr, "pack: %q: empty, longer than 255 or out of order\n", sc.Text())
			os.Exit(1)
		}
		p := 0
		for p < len(w) && p < len(prev) && w[p] == prev[p] {
			p++
		}
		out.WriteByte(byte(p))
		out.WriteByte(byte(len(w) - p))
		out.Write(w[p:])
		prev, n = w, n+1
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "pack:", err)
		os.Exit(1)
	}
	if err := out.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "pack:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "pack: %d words\n", n)
}
