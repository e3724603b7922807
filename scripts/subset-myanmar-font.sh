#!/bin/sh
# Subset Noto Sans Myanmar (OFL, Debian fonts-noto-core) into the two web fonts
# the default theme ships. Burmese pages load the first so that phones whose
# system font is Zawgyi still show Unicode Burmese correctly. The second holds
# only the letters of Burmese's name for itself, မြန်မာဘာသာ (2 KB): every other
# page's language switcher shows that one word, which a Zawgyi phone garbles,
# and a Burmese reader on an English page must still find it. Its letters are
# listed in generator/script (WebFont.Chars of Myanmar's NameFont): change
# both together.
#
# Needs Debian python3-fonttools and python3-brotli. Run once from the
# repository root; the result is committed, so builds never need fontTools.
#   sh scripts/subset-myanmar-font.sh
#
# Kept: the Myanmar block (U+1000–109F), ASCII digits and punctuation,
# quotation marks, dashes, the dotted circle shown for stray marks, the no-break and zero-width spaces and joiners
# Burmese text uses, and the OpenType layout features that stack and
# reorder Myanmar glyphs (all features kept: without them the text is wrong).
set -eu
src=${SRC:-/usr/share/fonts/truetype/noto/NotoSansMyanmar-Regular.ttf}
dir=themes/default/static/fonts

# subset OUT WHICH: the characters WHICH names (a --unicodes or --text
# option), with every layout feature, as woff2.
subset() {
  /usr/bin/python3 -m fontTools.subset "$src" "$2" \
    --layout-features='*' \
    --flavor=woff2 \
    --no-hinting \
    --desubroutinize \
    --drop-tables+=DSIG \
    --name-IDs='*' \
    --output-file="$1"
  ls -l "$1"
}

subset "$dir/noto-sans-myanmar-subset.woff2" \
  --unicodes="U+0020-007E,U+00A0,U+00AB,U+00BB,U+200B-200D,U+2010-2014,U+2018-201D,U+2026,U+25CC,U+1000-109F"
subset "$dir/noto-sans-myanmar-names.woff2" --text="မြန်မာဘာသာ"
