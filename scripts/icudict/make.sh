#!/bin/sh
# Extract the word-break dictionaries for Thai, Lao, Khmer and Burmese from
# Chromium's ICU data into generator/wordbreak/dict/, as package wordbreak
# embeds them. Run from the repository root after Chromium's ICU changed,
# then commit:
#   sh scripts/icudict/make.sh [path/to/icudtl.dat]
# Needs chromium, g++, pkg-config and ICU's headers and tools
# (apt-get install chromium g++ pkg-config libicu-dev icu-devtools).
# See README.md here.
set -eu
dat=${1:-/usr/lib/chromium/icudtl.dat}
out=generator/wordbreak/dict
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# icupkg wants the file named as the package its items are filed under
# (icudt78l/brkitr/...).
pkg=$(icupkg -l "$dat" 2>&1 | sed -n 's/.*item name "\(icudt[0-9]*[lb]\)\/.*/\1/p' | head -1)
if [ -z "$pkg" ]; then
  pkg=$(basename "$dat" .dat)
fi
cp "$dat" "$tmp/$pkg.dat"
g++ -O2 -o "$tmp/icudict" scripts/icudict/icudict.cpp $(pkg-config --cflags --libs icu-uc)
for x in th:thaidict:0E00 lo:laodict:0E80 km:khmerdict:1780 my:burmesedict:1000; do
  lang=${x%%:*}; rest=${x#*:}; dict=${rest%%:*}; off=${rest#*:}
  # icupkg complains of items that others need and exits 1 for it.
  icupkg -x "brkitr/$dict.dict" -d "$tmp" "$tmp/$pkg.dat" 2>/dev/null || true
  test -s "$tmp/brkitr/$dict.dict" || { echo "make.sh: no brkitr/$dict.dict in $dat" >&2; exit 1; }
  "$tmp/icudict" "$dict" "$tmp/brkitr/" > "$tmp/$lang.txt"
  # Sorted as bytes, the order pack and the trie builder expect.
  LC_ALL=C sort -c "$tmp/$lang.txt"
  go run scripts/icudict/pack.go "$off" < "$tmp/$lang.txt" > "$out/$lang.fc"
done
cp "$(pkg-config --variable=prefix icu-uc)/share/icu/$(pkg-config --modversion icu-uc)/LICENSE" "$out/LICENSE"
{
  echo "dictionaries: $dat ($pkg), $(chromium --version 2>/dev/null || echo 'Chromium version unknown')"
  echo "LICENSE: ICU $(pkg-config --modversion icu-uc)"
} > "$out/SOURCE"
ls -l "$out"
