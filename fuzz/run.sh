#!/usr/bin/env bash
# Runs fuzz targets one after another: ./run.sh SECONDS [TARGET…] (default: every target).
# Logs go to fuzz/logs/<target>.log; the last "#N DONE … exec/s" line and "corp:" give the figures.
# cargo-fuzz needs nightly-only flags; the stable toolchain accepts them with RUSTC_BOOTSTRAP=1.
set -uo pipefail
cd "$(dirname "$0")"
secs=${1:-600}; shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(read_text read_jsonl read_html read_feed read_warc text_core analyze)
mkdir -p logs
for t in "${targets[@]}"; do
    case $t in analyze|text_core) len=8192 ;; *) len=65536 ;; esac
    echo "== $t: $secs s, max_len $len" >&2
    RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer none -a "$t" -- \
        -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len="$len" -print_final_stats=1 > "logs/$t.log" 2>&1
    echo "$t exit $?: $(grep -E "^stat::(number_of_executed_units|average_exec_per_sec|slowest_unit_time_sec|peak_rss_mb)" logs/$t.log | tr -s " \n" " ") corpus $(ls corpus/$t | wc -l) files, $(du -sk corpus/$t | cut -f1) KB" >&2
done
