#!/bin/sh
# Lighthouse mobile scores for the default theme, on the theme's fixture
# site (all five languages), or on a built site given as $1. Run from the
# repository root:
#   sh scripts/lighthouse.sh            # builds the fixture
#   sh scripts/lighthouse.sh public     # an existing build
#   RUNS=3 sh scripts/lighthouse.sh public   # each page's median of 3 runs
# Needs node/npm and Debian's chromium (CHROME_PATH=/usr/bin/chromium by
# default). Lighthouse is installed into the user's cache folder, never
# into the repository.
set -eu
version=12.8.2   # the last release line that runs on Debian 12's Node 20
prefix="${XDG_CACHE_HOME:-$HOME/.cache}/spean/npm-lighthouse-$version"
lh="$prefix/node_modules/.bin/lighthouse"
if [ ! -x "$lh" ]; then
  npm install --prefix "$prefix" --no-audit --no-fund "lighthouse@$version" >&2
fi
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
if [ -n "${1:-}" ]; then
  exec go run scripts/lighthouse.go -lighthouse "$lh" -runs "${RUNS:-1}" -dir "$1"
fi
exec go run scripts/lighthouse.go -lighthouse "$lh" -runs "${RUNS:-1}" -fixture
