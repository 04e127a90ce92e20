#!/bin/sh
# probekit's Debian package, laid out here and built with dpkg-deb: the static x86_64 binary of
# scripts/release.sh, a man page per command (from the clap definitions, gzipped), bash, zsh
# and fish completions, the systemd units of examples/systemd (for /usr/bin/probekit), and
# /etc/probekit with its two suites as conffiles. The control file is packaging/deb-control.
# Files get the release's date (SOURCE_DATE_EPOCH, else the last commit's) and root as owner,
# so the same binary gives the same package.
#
#   scripts/package-deb.sh        → dist/probekit_VERSION-1_amd64.deb (DIST_DIR=DIR: there)
set -eu
cd "$(dirname "$0")/.."

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
# Debian sorts `~` before anything, as a pre-release (1.0.0-rc.1) sorts before its release.
debver=$(printf '%s' "$version" | tr '-' '~')
triple=x86_64-unknown-linux-musl
dist="${DIST_DIR:-dist}"
bin="$dist/probekit-$version-$triple"
[ -x "$bin" ] || scripts/release.sh --target "$triple"
epoch="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}"

root=target/deb/root
rm -rf target/deb
mkdir -p "$root/DEBIAN" "$root/usr/bin" "$root/usr/share/man/man1" \
    "$root/usr/share/bash-completion/completions" "$root/usr/share/zsh/vendor-completions" \
    "$root/usr/share/fish/vendor_completions.d" "$root/usr/share/doc/probekit" \
    "$root/lib/systemd/system" "$root/etc/probekit"
install -m 755 "$bin" "$root/usr/bin/probekit"
"$bin" man target/deb/man >/dev/null
for page in target/deb/man/*.1; do
    gzip -9 -n -c "$page" > "$root/usr/share/man/man1/$(basename "$page").gz"
done
"$bin" completions bash > "$root/usr/share/bash-completion/completions/probekit"
"$bin" completions zsh > "$root/usr/share/zsh/vendor-completions/_probekit"
"$bin" completions fish > "$root/usr/share/fish/vendor_completions.d/probekit.fish"
for unit in examples/systemd/*.service examples/systemd/*.timer; do
    sed 's|/usr/local/bin/probekit|/usr/bin/probekit|g' "$unit" \
        > "$root/lib/systemd/system/$(basename "$unit")"
done
cp packaging/services.yaml "$root/etc/probekit/services.yaml"
cp examples/cron-textfile/node-health.yaml "$root/etc/probekit/node-health.yaml"
cp README.md "$root/usr/share/doc/probekit/README.md"
cat > "$root/usr/share/doc/probekit/copyright" <<COPYRIGHT
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: probekit
Source: https://github.com/probekit/probekit
Copyright: probekit developers
License: MIT OR Apache-2.0
COPYRIGHT
printf '/etc/probekit/services.yaml\n/etc/probekit/node-health.yaml\n' > "$root/DEBIAN/conffiles"
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$debver/" -e "s/@SIZE@/$size/" packaging/deb-control > "$root/DEBIAN/control"
(cd "$root" && find . -type f ! -path './DEBIAN/*' -printf '%P\0' | sort -z | xargs -0 md5sum) \
    > "$root/DEBIAN/md5sums"
find "$root" -type d -exec chmod 755 {} +
find "$root" -type f ! -path "$root/usr/bin/probekit" -exec chmod 644 {} +
find "$root" -exec touch -h -d "@$epoch" {} +
mkdir -p "$dist"
out="$dist/probekit_${debver}-1_amd64.deb"
SOURCE_DATE_EPOCH="$epoch" dpkg-deb --root-owner-group -Zxz --build "$root" "$out" >/dev/null
ls "$out"
