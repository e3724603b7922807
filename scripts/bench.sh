#!/usr/bin/env bash
# Benchmarks Spean against Hugo on synthetic multilingual sites, side by side.
#
#   scripts/bench.sh                    # 1,000 and 10,000 pages, 3 turns each
#   TURNS=5 SIZES=10000 scripts/bench.sh
#
# For each size it generates the site twice with ../shared/bench/gen_site.py
# (the same pages: --layout suffix for Spean with this repository's
# config.yaml, themes/ and i18n/ copied in; --layout hugo for Hugo with its
# minimal theme), then builds them in alternating turns (Hugo, Spean, Hugo,
# Spean, …) so a slow moment of the machine hits both. Each turn is a clean
# build into an empty folder; then, with Spean's previous output (and its
# cache) present, one page is edited and the site rebuilt (an English page,
# then a Lao one, each with a sentence appended; then the Lao page with a
# word deleted from its middle, which moves the words after it), and each
# rebuild is compared with a clean build of the same input byte for byte.
#
# It prints the median wall time, the peak memory (/usr/bin/time's maximum
# resident set), the files written and their size, and Spean's ratios to
# Hugo. Hugo's --quiet hides its errors, so exit codes are checked.
#
# Work happens in BENCH_DIR (default /dev/shm/spean-bench: tmpfs, as the
# figures in issue 13 were taken). Timed runs hold BENCH_LOCK (flock) so two
# people benchmarking on one machine do not time each other.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
sizes=${SIZES:-"1000 10000"}
turns=${TURNS:-3}
work=${BENCH_DIR:-/dev/shm/spean-bench}
gen=${GEN_SITE:-$repo/../shared/bench/gen_site.py}
lock=${BENCH_LOCK:-/tmp/bench.lock}
langs=5

need=()
command -v hugo >/dev/null || need+=(hugo)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "bench: install ${need[*]} (Debian: sudo apt-get install ${need[*]})" >&2
    exit 1
  fi
fi
[ -f "$gen" ] || { echo "bench: no $gen (set GEN_SITE)" >&2; exit 1; }

mkdir -p "$work"
echo "building spean…" >&2
go build -o "$work/spean" ./generator

# run LABEL CMD…: runs CMD under /usr/bin/time, fails loudly on a non-zero
# exit, and appends "LABEL wall_s rss_kb" to $work/runs. A Spean build's
# --timings lines are kept too: "LABEL-pages s" is load + pages, what
# building the pages alone costs.
run() {
  local label=$1
  shift
  local t
  t=$(mktemp)
  if ! flock "$lock" /usr/bin/time -f "%e %M" -o "$t" "$@" >"$work/last.log" 2>&1; then
    echo "bench: $label failed:" >&2
    cat "$work/last.log" >&2
    exit 1
  fi
  echo "$label $(cat "$t")" >>"$work/runs"
  awk -v l="$label" '$1=="load"||$1=="pages" {s+=$2+0} END {if (s) print l "-pages " s}' "$work/last.log" >>"$work/runs"
  rm -f "$t"
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
field() { awk -v l="$1" -v f="$2" '$1==l {print $f}' "$work/runs" | median; }
files() { find "$1" -type f ! -name .spean-output | wc -l; }
bytes() { du -sb "$1" | cut -f1; }
# ratio A B prints A/B with two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a/b}'; }
mb() { awk -v k="$1" -v d="$2" 'BEGIN {printf "%.0f", k/d}'; }

: >"$work/linear"
printf '\n| pages | | wall (median of %s) | peak RSS | files | output | files/page |\n' "$turns"
printf '|---|---|---|---|---|---|---|\n'
for pages in $sizes; do
  topics=$((pages / langs))
  s=$work/s$pages h=$work/h$pages
  if [ ! -f "$s/.complete" ]; then
    echo "generating $pages pages…" >&2
    rm -rf "$s" "$h"
    python3 "$gen" --topics "$topics" --layout suffix --link-style md --out "$s" >/dev/null
    python3 "$gen" --topics "$topics" --layout hugo --link-style md --out "$h" >/dev/null
    touch "$s/.complete"
  fi
  # The repository's current configuration, theme and UI strings.
  rm -rf "$s/themes" "$s/i18n"
  cp -r config.yaml themes i18n "$s/"
  : >"$work/runs"
  for i in $(seq "$turns"); do
    rm -rf "$work/hout"
    run hugo hugo --quiet --source "$h" --destination "$work/hout"
    rm -rf "$work/sout"
    run spean "$work/spean" build --quiet --timings --source "$s" --dest "$work/sout"
  done
  # Rebuild after editing one page, with the previous output present: an
  # English page, then a Lao one (a language whose index is among the
  # largest, so the slowest rebuild after one page), each with a sentence
  # appended; then the Lao page with a word deleted from its middle, which
  # moves every word after it (an appended sentence moves none, and more
  # of the previous build's index is taken as it was).
  for edit in en lo lo-mid; do
    lang=${edit%-mid}
    page=$(find "$s/content" -name "*.$lang.md" ! -name '_index*' | sort | sed -n 1p)
    cp "$page" "$work/page.orig"
    for i in $(seq "$turns"); do
      if [ "$edit" = "$lang" ]; then
        printf '\nEdited in turn %s.\n' "$i" >>"$page"
      else
        # The word that starts at or after the middle of the file, gone.
        python3 -c 'import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
i = s.index(" ", len(s) // 2)
j = s.index(" ", i + 1)
open(p, "w", encoding="utf-8").write(s[:i] + s[j:])' "$page"
      fi
      run "rebuild-$edit" "$work/spean" build --quiet --timings --source "$s" --dest "$work/sout"
    done
    # The rebuild must equal a clean build of the same input. The marker
    # and the notes of the content files (.spean-sources: each file's
    # times, and only files older than a few seconds) are the build's own
    # records, not the site.
    rm -rf "$work/clean"
    "$work/spean" build --quiet --source "$s" --dest "$work/clean"
    cp "$work/page.orig" "$page"
    if ! diff -r -q -x .spean-output -x .spean-sources "$work/sout" "$work/clean" >"$work/diff.txt"; then
      echo "bench: the rebuild after a $edit edit differs from a clean build:" >&2
      head "$work/diff.txt" >&2
      exit 1
    fi
    # Back to the site as generated, so that the next edit is the only one.
    "$work/spean" build --quiet --source "$s" --dest "$work/sout"
  done

  hw=$(field hugo 2) hm=$(field hugo 3) sw=$(field spean 2) sm=$(field spean 3)
  sp=$(field spean-pages 2)
  hf=$(files "$work/hout") sf=$(files "$work/sout")
  hb=$(bytes "$work/hout") sb=$(bytes "$work/sout")
  printf '| %s | Hugo | %.2f s | %s MB | %s | %s MB | %s |\n' "$pages" "$hw" "$(mb "$hm" 1024)" "$hf" "$(mb "$hb" 1048576)" "$(ratio "$hf" "$pages")"
  printf '| %s | Spean | %.2f s (%s×) | %s MB (%s×) | %s (%s×) | %s MB (%s×) | %s |\n' "$pages" \
    "$sw" "$(ratio "$sw" "$hw")" "$(mb "$sm" 1024)" "$(ratio "$sm" "$hm")" \
    "$sf" "$(ratio "$sf" "$hf")" "$(mb "$sb" 1048576)" "$(ratio "$sb" "$hb")" "$(ratio "$sf" "$pages")"
  printf '| %s | Spean, pages alone (load + pages steps) | %.2f s (%s×) | | | | |\n' "$pages" "$sp" "$(ratio "$sp" "$hw")"
  for edit in en lo lo-mid; do
    rw=$(field "rebuild-$edit" 2) rm_=$(field "rebuild-$edit" 3)
    what="one ${edit%-mid} page edited"
    [ "$edit" = lo-mid ] && what="one lo page, a word deleted mid-page"
    printf '| %s | Spean, %s, previous output present | %.2f s (%s× Hugo'"'"'s build) | %s MB | | | |\n' "$pages" \
      "$what" "$rw" "$(ratio "$rw" "$hw")" "$(mb "$rm_" 1024)"
  done
  echo "$pages $sw" >>"$work/linear"
done
if [ "$(wc -l <"$work/linear")" -gt 1 ]; then
  awk 'NR==1 {p1=$1; w1=$2} END {printf "\nlinear growth: %d pages cost %.1f× what %d pages cost (%.0f× the pages)\n", $1, $2/w1, p1, $1/p1}' "$work/linear"
fi
