#!/usr/bin/env bash
# Load test of `rasd serve` (issue 10): 100 concurrent connections for 30 s on the events
# endpoint, with wrk (Debian package `wrk`; a benchmark tool, never a dependency of rasd).
#
#   tools/bench/serve_load.sh [DB] [CONNECTIONS] [SECONDS]
#
# DB defaults to a database ingested from ../shared/corpus/ant-multisource/ant_politics_sample2000.jsonl
# (or, without ../shared, from the serve test fixtures) into a temporary directory. Prints wrk's
# latency distribution (p50 … p99) and requests/s; exits 1 when any answer was not 2xx or any socket
# error happened (wrk prints those lines only when they are not zero).
set -euo pipefail
cd "$(dirname "$0")/../.."
rasd=./target/release/rasd
[ -x "$rasd" ] || cargo build --release -q
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }
conns=${2:-100}
secs=${3:-30}
tmp=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$tmp"' EXIT
db=${1:-}
if [ -z "$db" ]; then
    db=$tmp/load.db
    input=../shared/corpus/ant-multisource/ant_politics_sample2000.jsonl
    [ -f "$input" ] || input=crates/rasd-serve/tests/fixtures/articles.jsonl
    echo "ingesting $input into $db" >&2
    "$rasd" ingest --quiet --db "$db" "$input" || [ $? -eq 1 ]
fi
"$rasd" serve --db "$db" --addr 127.0.0.1:0 > "$tmp/serve.out" 2>&1 &
server=$!
for _ in $(seq 100); do
    addr=$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$tmp/serve.out" | head -1 || true)
    [ -n "$addr" ] && break
    sleep 0.1
done
[ -n "$addr" ] || { cat "$tmp/serve.out" >&2; exit 1; }
url="$addr/api/events?limit=50"
echo "server $addr; $(curl -s "$addr/api/events?limit=1" | head -c 200)" >&2
wrk -t2 -c"$conns" -d"${secs}s" --latency --timeout 10s "$url" | tee "$tmp/wrk.out"
# wrk prints these lines only when they are not zero.
if grep -qE "Non-2xx|Socket errors" "$tmp/wrk.out"; then
    echo "ERRORS: see above" >&2
    exit 1
fi
echo "no errors: every answer 2xx, no socket errors"
