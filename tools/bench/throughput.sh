#!/usr/bin/env bash
# Throughput (issue 20): articles/s of `rasd analyze --format json` (output to /dev/null) and of
# `rasd ingest` into a new SQLite database over one JSON Lines file, the CPU time per article of
# each, and the ratio to the text core (`rasd bench text`: normalise, tokenise, segment, split
# sentences, one thread) on the same file. Prints `uptime` before and after: on a loaded machine
# the wall-clock figures are not idle-machine figures (CPU time suffers less).
#
#   tools/bench/throughput.sh [FILE] [THREADS]
#
# FILE: JSON Lines (default: the 2,000-article sample in ../shared); THREADS: analysis threads
# (default: one per core). Builds the release binary if missing; RASD=path overrides it.
set -euo pipefail
cd "$(dirname "$0")/../.."
rasd=${RASD:-./target/release/rasd}
[ -x "$rasd" ] || cargo build --release -q -p rasd
file=${1:-../shared/corpus/ant-multisource/ant_politics_sample2000.jsonl}
threads=${2:-$(nproc)}
[ -r "$file" ] || { echo "no such file: $file" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
n=$(grep -c . "$file")

# One run: label, then the command. Prints wall and CPU seconds and peak RSS, and leaves them in
# $wall $cpu for the summary.
run() {
    local label=$1; shift
    /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" > /dev/null 2> "$work/$label.err" || {
        echo "$label failed:" >&2; tail -5 "$work/$label.err" >&2; exit 1; }
    read -r wall user sys rss < "$work/time"
    cpu=$(echo "$user + $sys" | bc -l)
    printf '%-8s %6d articles  %7.2f s wall  %7.2f CPU-s  %7.0f articles/s  %5.2f ms CPU/article  peak %4d MB\n' \
        "$label" "$n" "$wall" "$cpu" "$(echo "$n / $wall" | bc -l)" "$(echo "1000 * $cpu / $n" | bc -l)" $((rss / 1024))
}

echo "file: $file ($n articles), analysis threads: $threads"
uptime
"$rasd" bench text "$file" > "$work/text.out"
text_s=$(awk '/^seconds text/ {print $3}' "$work/text.out")
printf '%-8s %6d articles  %7.2f s of text-core work on one thread  %5.2f ms/article\n' "text" "$n" "$text_s" "$(echo "1000 * $text_s / $n" | bc -l)"
run analyze "$rasd" analyze --format json --threads "$threads" "$file"
an_cpu=$cpu
run ingest "$rasd" ingest --quiet --threads "$threads" --db "$work/bench.db" "$file"
in_cpu=$cpu
printf 'ratio to the text core (CPU per article): analyze %.1f×, ingest %.1f×\n' \
    "$(echo "$an_cpu / $text_s" | bc -l)" "$(echo "$in_cpu / $text_s" | bc -l)"
uptime
