#!/bin/sh
# Draw the link-preview images (themes/default/static/og/*.png) with
# headless Chromium and Debian's Noto fonts, which shape Khmer, Lao,
# Burmese and Thai correctly. Run from the repository root after changing a
# language's title in config.yaml, then commit the images:
#   sh scripts/og-images.sh
# Needs chromium and fonts-noto-core (apt-get install chromium fonts-noto-core).
set -eu
for f in NotoSansKhmer NotoSansLao NotoSansMyanmar NotoSansThai; do
  if ! fc-list | grep -q "$f-"; then
    echo "og-images: font $f missing (apt-get install fonts-noto-core)" >&2
    exit 1
  fi
done
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
exec go run scripts/og-images.go "$@"
