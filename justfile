# Everyday recipes. The README's two commands do not need `just`.

default:
    @just --list

# Every test (unit, end-to-end, snapshots)
test:
    cargo test --locked

# Formatting and clippy, as CI runs them (also the compiled-probe runtime's feature sets)
lint:
    cargo fmt --check
    cargo clippy --locked --all-targets -- -D warnings
    for f in "" http http,tls,http2 metrics,regex,jsonpath redis postgres mysql file process,regex dns icmp grpc grpc,tls service; do cargo clippy --locked --lib --no-default-features --features "$f" -- -D warnings; done

# Compile the example probe for both static targets into target/probes/ (probekit doctor first)
build-examples:
    cargo run --release --locked -- doctor
    cargo run --release --locked -- build examples/compiled/checkout.yaml -o target/probes/checkout-probe --target x86_64-unknown-linux-musl --target aarch64-unknown-linux-musl

# Static release binaries for x86_64 and aarch64 into dist/, with SHA256SUMS; --check rebuilds
# and compares (reproducibility)
release *ARGS:
    scripts/release.sh {{ARGS}}

# The Debian package (dpkg-deb) into dist/
package-deb:
    scripts/package-deb.sh

# Every install route as a user takes it: release binaries, .deb, packaged crate, scratch image
# (--quick: CI's unoptimised x86_64-only form)
test-packages *ARGS:
    scripts/test-packages.sh {{ARGS}}

# Release profiles for compiled probes: size, rebuild time, start-up (docs/build.md)
bench-build:
    bench/build-profiles.sh

# Format the code
fmt:
    cargo fmt

# The example suite against the built-in target
demo:
    cargo run --release --locked -- demo

# Validate every example suite
examples:
    cargo run --locked -- validate probes/*.yaml examples/*.yaml

# Review snapshot changes after an intended change of output
snapshots:
    INSTA_UPDATE=always cargo test --locked
    git diff --stat -- tests/it/snapshots

# What CI runs
ci:
    .ci/run

# probekit against its peers on this machine: throughput, one-shot latency, parsing, scale,
# timeouts (docs/benchmarks.md)
bench:
    bench/run.sh

# The same at small sizes: checks that the benchmark still works
bench-quick:
    bench/run.sh --quick

# The exposition parser alone against prometheus-parse, prometheus_client and promtool
bench-parse:
    scripts/bench-parse.sh

# Fuzz the suite loader, the metrics parser and the selectors (nightly Rust; SECONDS each)
fuzz SECONDS="60":
    command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
    cd fuzz && for t in load_suite parse_metrics selector import_script; do cargo +nightly fuzz run $t -- -max_total_time={{SECONDS}} -rss_limit_mb=1024 -timeout=5 || exit 1; done

# The import evaluation on real scripts fetched outside the repository (docs/migration.md)
import-eval dir:
    scripts/import-eval.sh {{dir}} {{dir}}/MANIFEST.tsv
