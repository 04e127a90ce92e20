#!/bin/sh
# probekit's Debian package, with cargo-deb: the static x86_64 binary of scripts/release.sh, a
# man page per command (from the clap definitions), bash, zsh and fish completions, the systemd
# units of examples/systemd (for /usr/bin/probekit) and /etc/probekit with its two suites.
#
#   scripts/package-deb.sh        → dist/probekit_VERSION-1_amd64.deb (DIST_DIR=DIR: there)
set -eu
cd "$(dirname "$0")/.."

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
triple=x86_64-unknown-linux-musl
dist="${DIST_DIR:-dist}"
bin="$dist/probekit-$version-$triple"
[ -x "$bin" ] || scripts/release.sh --target "$triple"
if ! command -v cargo-deb >/dev/null 2>&1; then
    cargo install --locked cargo-deb --version 3.6.3
fi

stage=target/deb
rm -rf "$stage"
mkdir -p "$stage/completions" "$stage/systemd" "$stage/etc"
"$bin" man "$stage/man" >/dev/null
"$bin" completions bash > "$stage/completions/probekit"
"$bin" completions zsh > "$stage/completions/_probekit"
"$bin" completions fish > "$stage/completions/probekit.fish"
for unit in examples/systemd/*.service examples/systemd/*.timer; do
    sed 's|/usr/local/bin/probekit|/usr/bin/probekit|g' "$unit" > "$stage/systemd/$(basename "$unit")"
done
cp packaging/services.yaml "$stage/etc/services.yaml"
cp examples/cron-textfile/node-health.yaml "$stage/etc/node-health.yaml"
# cargo-deb takes the binary from where `cargo build --target` puts it.
mkdir -p "target/$triple/release"
cp "$bin" "target/$triple/release/probekit"
cargo deb --no-build --no-strip --target "$triple" --output "$dist/" >/dev/null
ls "$dist"/probekit_*.deb
