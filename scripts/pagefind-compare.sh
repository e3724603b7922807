#!/bin/sh
# Compare Spean search with Pagefind on the same built site, in headless
# Chromium: known-item recall@3 per language, first-query bytes (gzip), and
# query time. Pagefind comes from npm (the pagefind package ships its
# binary) and is installed into the user cache, outside the repository.
#
#   scripts/pagefind-compare.sh            # the UDHR fixture (real text)
#   scripts/pagefind-compare.sh synthetic  # 1,000 pages from gen_site.py
#
# Needs: Go, chromium (and fonts-noto-core), node/npm, python3 (synthetic),
# and ../shared beside the repository.
set -eu
cd "$(dirname "$0")/.."
site=${1:-udhr}
queries=${QUERIES:-40}
exec go test ./generator/internal/searchbench -run TestSearchFigures -v -count=1 -timeout 60m \
	-site="$site" -queries="$queries" -pagefind
