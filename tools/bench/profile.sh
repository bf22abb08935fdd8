#!/usr/bin/env bash
# Profile of `rasd analyze --format json --threads 1` (issue 20): samples the call stacks with
# `perf record` (DWARF unwinding: the release profile keeps line tables) over the first N
# articles of a JSON Lines file, then prints the share of samples in which each rasd function is
# on the stack (inclusive), and the leaf functions (exclusive). Needs `perf` (Debian: linux-perf)
# and permission to sample (kernel.perf_event_paranoid <= 2 for one's own processes).
#
#   tools/bench/profile.sh [FILE] [N]
#
# FILE defaults to the 2,000-article sample in ../shared, N to 2000. Sampling costs little, but a
# loaded machine shifts the shares of memory-bound stages; say the load with the figures.
set -euo pipefail
cd "$(dirname "$0")/../.."
rasd=${RASD:-./target/release/rasd}
[ -x "$rasd" ] || cargo build --release -q -p rasd
file=${1:-../shared/corpus/ant-multisource/ant_politics_sample2000.jsonl}
n=${2:-2000}
command -v perf > /dev/null || { echo "perf is not installed" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
head -n "$n" "$file" > "$work/in.jsonl"
uptime
perf record -q -F 999 --call-graph dwarf,16384 -o "$work/perf.data" \
    "$rasd" analyze --format json --threads 1 "$work/in.jsonl" > /dev/null 2> "$work/err"
perf report -i "$work/perf.data" --no-children --sort symbol --stdio -g none 2> /dev/null | grep -v '^#' | grep -v '^$' | head -25 | cut -c1-110 || true
echo
echo "inclusive (share of samples with the function on the stack):"
demangle=cat
command -v c++filt > /dev/null && demangle=c++filt  # (binutils: Rust's legacy symbol mangling)
perf script -i "$work/perf.data" 2> /dev/null | $demangle | python3 -c '
import collections, re, sys
stacks, cur = [], set()
for line in sys.stdin:
    if line.startswith("rasd "):
        if cur:
            stacks.append(cur)
        cur = set()
        continue
    m = re.match(r"\s+[0-9a-f]+ (.*?)(\+0x[0-9a-f]+)? \(", line)
    if m:
        name = re.sub(r"::h[0-9a-f]{16}$", "", m.group(1))
        if name.startswith("rasd"):
            cur.add(name)
if cur:
    stacks.append(cur)
count = collections.Counter(f for s in stacks for f in s)
for f, c in count.most_common(40):
    print(f"{100 * c / max(len(stacks), 1):5.1f} %  {f[:120]}")
'
uptime
