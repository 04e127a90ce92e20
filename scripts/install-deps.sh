#!/bin/sh
# Installs what probekit needs on Debian, skipping whatever is already there.
#   scripts/install-deps.sh          to build and run probekit
#   scripts/install-deps.sh --test   also what the tests and the lints need
# Needs rustup's cargo on PATH; uses apt-get (through sudo when not root) only for what is missing.
set -eu
cd "$(dirname "$0")/.."

tests=0
for arg in "$@"; do
    case "$arg" in
        --test) tests=1 ;;
        *) echo "usage: $0 [--test]" >&2; exit 2 ;;
    esac
done

if ! command -v cargo >/dev/null 2>&1; then
    [ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
fi
if ! command -v cargo >/dev/null 2>&1; then
    echo "install-deps: cargo is not on PATH; install Rust with rustup first (https://rustup.rs)" >&2
    exit 1
fi

# Debian packages, as "command package" pairs: install the package when the command is missing.
needs="cc:gcc pkg-config:pkg-config"
if [ "$tests" = 1 ]; then
    # The tests run real commands through /bin/sh with coreutils; both are essential packages.
    needs="$needs df:coreutils"
    # The real consumers of probekit's metrics: promtool, node_exporter, the Pushgateway.
    needs="$needs promtool:prometheus prometheus-node-exporter:prometheus-node-exporter"
    needs="$needs prometheus-pushgateway:prometheus-pushgateway python3:python3"
    # A real blackbox_exporter, which `probekit import blackbox.yml` is compared against.
    needs="$needs prometheus-blackbox-exporter:prometheus-blackbox-exporter"
    # The consumers of the CI formats: xmllint (JUnit against its XSD), prove (TAP).
    needs="$needs xmllint:libxml2-utils prove:perl systemd-analyze:systemd openssl:openssl"
    needs="$needs icinga2:icinga2-bin ip:iproute2 unshare:util-linux"
    # A real forward proxy for the proxy tests (HTTP_PROXY, CONNECT).
    needs="$needs tinyproxy:tinyproxy-bin"
    # Real database servers for the redis, postgres and mysql probes (started by the tests).
    needs="$needs redis-server:redis-server pg_ctlcluster:postgresql mariadb-install-db:mariadb-server"
    # A real DNS server for the dns probes, and the tools they are measured against.
    needs="$needs dnsmasq:dnsmasq-base dig:bind9-dnsutils ping:iputils-ping"
    # A real D-Bus daemon for the service probes (systemd itself does not run in CI).
    needs="$needs dbus-daemon:dbus-daemon"
    # `probekit build` for static x86_64 and aarch64, and running aarch64 probes under qemu.
    needs="$needs musl-gcc:musl-tools aarch64-linux-gnu-gcc:gcc-aarch64-linux-gnu"
    needs="$needs qemu-aarch64-static:qemu-user-static file:file sha256sum:coreutils"
    # The install routes' test (scripts/test-packages.sh): man pages rendered with man -l.
    needs="$needs man:man-db dpkg-deb:dpkg"
    # `probekit import`'s differential tests run the original scripts: nc, wget, jq, curl, requests,
    # and a Node.js healthcheck kept whole.
    needs="$needs nc:netcat-openbsd wget:wget jq:jq curl:curl timeout:coreutils node:nodejs"
fi
missing=""
for pair in $needs; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || missing="$missing ${pair#*:}"
done
# ring's build needs libc headers, which a bare gcc install may lack.
[ -f /usr/include/stdio.h ] || missing="$missing libc6-dev"
# The aarch64 C headers: ring and the tree-sitter grammars cross-build their C code for the
# aarch64 release binary and aarch64 HTTPS probes.
if [ "$tests" = 1 ]; then
    [ -f /usr/aarch64-linux-gnu/include/stdio.h ] || missing="$missing libc6-dev-arm64-cross"
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if [ -n "$missing" ]; then
    echo "install-deps: installing$missing" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
fi

if [ "$tests" = 1 ]; then
    if ! python3 -m pip --version >/dev/null 2>&1; then
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends python3-pip
    fi
    # The Python fixtures of `probekit import` use requests, as the scripts they stand for do.
    if ! python3 -c "import requests" >/dev/null 2>&1; then
        python3 -m pip install -q requests >/dev/null 2>&1 || {
            $sudo apt-get update -qq
            DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends python3-requests
        }
    fi
    # The database clients of the Python fixtures (psycopg2, PyMySQL, redis).
    if ! python3 -c "import psycopg2, pymysql, redis" >/dev/null 2>&1; then
        python3 -m pip install -q psycopg2-binary pymysql redis >/dev/null 2>&1 || {
            $sudo apt-get update -qq
            DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends python3-psycopg2 python3-pymysql python3-redis
        }
    fi
    # pymongo, whose `bson` the MongoDB stand-in speaks with and whose client checks it.
    if ! python3 -c "import pymongo, bson" >/dev/null 2>&1; then
        python3 -m pip install -q pymongo >/dev/null 2>&1 || {
            $sudo apt-get update -qq
            DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends python3-pymongo
        }
    fi
    # A real gRPC health server for the grpc probes (grpcio and its health service), and the
    # D-Bus library of the systemd stand-in of the service probes (dbus-next, pure Python).
    if ! python3 -c "import grpc, grpc_health.v1.health, dbus_next" >/dev/null 2>&1; then
        python3 -m pip install -q grpcio grpcio-health-checking dbus-next >/dev/null 2>&1 || {
            $sudo apt-get update -qq
            DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends python3-grpcio python3-dbus-next
        }
    fi
    # The reference OpenMetrics parser (Python prometheus_client): pip where Python is the
    # user's own, Debian's package where pip may not install into the system Python.
    if ! python3 -c "import prometheus_client" >/dev/null 2>&1; then
        python3 -m pip install -q prometheus_client >/dev/null 2>&1 || {
            $sudo apt-get update -qq
            DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends python3-prometheus-client
        }
    fi
    # kubernetes-validate (PyPI, with the Kubernetes schemas inside) for the examples'
    # manifests, in a venv of its own: it pins versions the other packages need not share.
    venv="${HOME}/.cache/probekit-tools/venv"
    if [ ! -x "$venv/bin/kubernetes-validate" ]; then
        python3 -m venv "$venv" >/dev/null 2>&1 || {
            $sudo apt-get update -qq
            DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends python3-venv
            rm -rf "$venv"
            python3 -m venv "$venv"
        }
        "$venv/bin/pip" install -q kubernetes-validate==1.37.0
    fi
    # Jenkins' JUnit schema (junit-10.xsd, MIT), as shipped in pytest's source distribution.
    xsd=target/test-deps/junit-10.xsd
    if [ ! -f "$xsd" ]; then
        mkdir -p target/test-deps
        tmp=$(mktemp -d)
        python3 -m pip download -q --no-deps --no-binary :all: -d "$tmp" pytest==8.3.3
        tar -xzf "$tmp"/pytest-8.3.3.tar.gz -C "$tmp" pytest-8.3.3/testing/example_scripts/junit-10.xsd
        mv "$tmp"/pytest-8.3.3/testing/example_scripts/junit-10.xsd "$xsd"
        rm -rf "$tmp"
    fi
    # The Rust standard libraries of the static targets `probekit build` is tested with.
    for t in x86_64-unknown-linux-musl aarch64-unknown-linux-musl; do
        [ -d "$(rustc --print sysroot)/lib/rustlib/$t/lib" ] || rustup target add "$t"
    done
    # The standard library's source: static probes are built with a std compiled for size.
    [ -f "$(rustc --print sysroot)/lib/rustlib/src/rust/library/std/Cargo.toml" ] \
        || rustup component add rust-src
    cargo fmt --version >/dev/null 2>&1 || rustup component add rustfmt
    cargo clippy --version >/dev/null 2>&1 || rustup component add clippy
fi
