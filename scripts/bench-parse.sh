#!/bin/sh
# The exposition parser side by side with its peers on one generated page (100,000 series):
# probekit and the prometheus-parse crate (cargo bench), Python's prometheus_client, promtool.
# Prints MB/s and how many times faster probekit is.
set -eu
cd "$(dirname "$0")/.."
page=target/bench/page.prom
mkdir -p target/bench
[ -f "$page" ] || python3 scripts/gen-metrics.py "$page" 100000
bytes=$(wc -c < "$page")
echo "page: $page, $bytes bytes, $(wc -l < "$page") lines"

out=$(cargo bench --quiet --bench parse -- "$page" 20)
echo "$out"
ours=$(echo "$out" | awk '/^probekit/ {print $2}')

# Best of 3 wall-clock runs of a command, in seconds.
best_of_3() {
    best=""
    for _ in 1 2 3; do
        start=$(date +%s.%N)
        "$@" > /dev/null 2>&1 || true
        end=$(date +%s.%N)
        t=$(awk "BEGIN {print $end - $start}")
        if [ -z "$best" ] || awk "BEGIN {exit !($t < $best)}"; then best=$t; fi
    done
    echo "$best"
}

rate() { awk "BEGIN {printf \"%.1f\", $bytes / 1000000 / $1}"; }
ratio() { awk "BEGIN {printf \"%.1f\", $ours / $1}"; }

if python3 -c "import prometheus_client" 2>/dev/null; then
    t=$(python3 - "$page" <<'PY'
import sys, time
from prometheus_client.parser import text_string_to_metric_families
text = open(sys.argv[1]).read()
start = time.perf_counter()
n = sum(len(f.samples) for f in text_string_to_metric_families(text))
print(time.perf_counter() - start)
PY
)
    r=$(rate "$t")
    printf 'prometheus_client %8s MB/s  (Python, parse only)   probekit is %sx faster\n' "$r" "$(ratio "$r")"
fi
if command -v promtool >/dev/null; then
    t=$(best_of_3 sh -c "promtool check metrics < $page")
    r=$(rate "$t")
    printf 'promtool          %8s MB/s  (check metrics, incl. linting and process start)   probekit is %sx faster\n' "$r" "$(ratio "$r")"
fi
