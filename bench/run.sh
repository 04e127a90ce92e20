#!/bin/sh
# probekit against its peers in one run: installs the peers from Debian's packages, builds
# probekit, and runs bench/run.py (a table on stdout, raw results in bench/results/).
#   bench/run.sh           the full run (about 3 minutes)
#   bench/run.sh --quick   small sizes with the debug build, to check that the benchmark still
#                          works (CI)
#   bench/run.sh --only=scrape_memory,parsing   only these steps
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
missing=""
for pair in nginx:nginx-light wrk:wrk hyperfine:hyperfine curl:curl \
    prometheus-blackbox-exporter:prometheus-blackbox-exporter /usr/bin/time:time \
    /usr/lib/nagios/plugins/check_http:monitoring-plugins-basic; do
    cmd=${pair%%:*}
    if [ "${cmd#/}" != "$cmd" ]; then [ -x "$cmd" ] || missing="$missing ${pair#*:}"
    else command -v "$cmd" >/dev/null 2>&1 || missing="$missing ${pair#*:}"; fi
done
if [ -n "$missing" ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "bench: installing$missing" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
fi
# --quick (CI) checks that the benchmark works, not what it measures: the test build's binary
# does, and saves CI a release build with fat LTO.
# The full run measures both builds users get: `cargo install`'s (glibc, position-independent)
# and the static binary of scripts/release.sh (musl, what the .deb and the container carry).
case " $* " in
    *" --quick "*) cargo build --locked --quiet; binary=target/debug/probekit; static="" ;;
    *)
        cargo build --release --locked --quiet
        binary=target/release/probekit
        DIST_DIR="$(pwd)/target/bench-dist" scripts/release.sh --target x86_64-unknown-linux-musl >&2
        static=$(ls target/bench-dist/probekit-*-x86_64-unknown-linux-musl)
        ;;
esac
exec python3 bench/run.py "$binary" ${static:+"--static=$static"} "$@"
