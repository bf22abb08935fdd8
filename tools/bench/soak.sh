#!/usr/bin/env bash
# Soak test (issue 22): N generated records (default 300,000; tools/bench/soak_gen.py, seeded)
# through `rasd analyze` and `rasd ingest`, then one more article into that database; prints the
# peak memory (`Maximum resident set size` of /usr/bin/time -v), wall time, the outcome lines
# and `uptime` (the load the figures were measured under).
#
#   tools/bench/soak.sh [N] [WORKDIR]
#
# WORKDIR (default: a temporary directory, removed at the end) keeps the records and the database.
set -euo pipefail
cd "$(dirname "$0")/../.."
rasd=${RASD:-./target/release/rasd}
[ -x "$rasd" ] || cargo build --release -q -p rasd
n=${1:-300000}
work=${2:-}
if [ -z "$work" ]; then
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"
records=$work/soak.jsonl
[ -s "$records" ] || python3 tools/bench/soak_gen.py "$n" > "$records"
echo "records: $records ($(wc -l < "$records") lines, $(du -h "$records" | cut -f1))"

measure() { # label, then the command; stderr of the command goes to $work/$label.err
    local label=$1; shift
    /usr/bin/time -v -o "$work/$label.time" "$@" 2> "$work/$label.err" || true
    local rss wall
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/$label.time")
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/$label.time")
    printf '%-12s peak RSS %6d MB  wall %s\n' "$label" $((rss / 1024)) "$wall"
    grep -E "^rasd: [0-9]+ (document|articles)" "$work/$label.err" | tail -2 || true
}

uptime
measure analyze "$rasd" analyze --format json "$records" > /dev/null
rm -f "$work/soak.db" "$work/soak.db-wal" "$work/soak.db-shm"
measure ingest "$rasd" ingest --quiet --db "$work/soak.db" "$records"
printf '{"id":"soak-one-more","date":"2025-12-01","source":"وكالة المشرق","text":"التقى الرئيس الروسي فلاديمير بوتين الرئيس التركي رجب طيب أردوغان في موسكو يوم الأحد، وبحث الجانبان أمن الحدود.\\nوقال بيان مشترك إن المحادثات كانت صريحة ومثمرة في جميع الملفات.\\nوأضاف البيان أن الجانبين اتفقا على مواصلة التشاور."}\n' > "$work/one.jsonl"
measure one-more "$rasd" ingest --quiet --db "$work/soak.db" "$work/one.jsonl"
uptime
