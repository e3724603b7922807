#!/bin/sh
# Extract ICU's word-break dictionaries for Thai, Lao, Khmer and Burmese
# into generator/wordbreak/dict/, as package wordbreak embeds them. Run from
# the repository root after the ICU on this machine changed, then commit:
#   sh scripts/icudict/make.sh
# Needs g++, pkg-config, bzip2 and ICU's headers and data (apt-get install
# g++ pkg-config bzip2 libicu-dev). See README.md here.
set -eu
out=generator/wordbreak/dict
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
g++ -O2 -o "$tmp/icudict" scripts/icudict/icudict.cpp $(pkg-config --cflags --libs icu-uc)
for x in th:thaidict:0E00 lo:laodict:0E80 km:khmerdict:1780 my:burmesedict:1000; do
  lang=${x%%:*}; rest=${x#*:}; dict=${rest%%:*}; off=${rest#*:}
  "$tmp/icudict" "$dict" > "$tmp/$lang.txt"
  # Sorted as bytes, the order pack and the trie builder expect.
  LC_ALL=C sort -c "$tmp/$lang.txt"
  go run scripts/icudict/pack.go "$off" < "$tmp/$lang.txt" > "$tmp/$lang.fc"
  bzip2 -9 -c "$tmp/$lang.fc" > "$out/$lang.fc.bz2"
done
cp "$(pkg-config --variable=prefix icu-uc)/share/icu/$(pkg-config --modversion icu-uc)/LICENSE" "$out/LICENSE"
pkg-config --modversion icu-uc > "$out/ICU-VERSION"
ls -l "$out"
