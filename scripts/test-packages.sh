#!/bin/sh
# The install routes, each as a user takes it (run by .ci/run after the tests; root, since it
# installs a .deb and chroots):
#   1. the static release binaries: both targets, SHA-256 sums, a second build of the same
#      bytes, x86_64 run here and aarch64 under qemu;
#   2. the .deb: dpkg -i, --version, every man page rendered, the units verified, dpkg -r/-P;
#   3. the packaged crate: `cargo package`, installed from the .crate, `probekit build` works;
#   4. the scratch image's root filesystem, run with `env -i` in a chroot as a non-root user.
#
#   scripts/test-packages.sh           every route, with the release profile (about 20 minutes)
#   scripts/test-packages.sh --quick   CI's: the x86_64 binary only, built with the unoptimised
#                                      `packaging-check` profile (same layout, linking and
#                                      files), no second build and no aarch64 one (compiled
#                                      aarch64 probes run under qemu in `cargo test`)
set -eu
quick=0
case "${1:-}" in
    --quick) quick=1 ;;
    "") ;;
    *) echo "usage: scripts/test-packages.sh [--quick]" >&2; exit 2 ;;
esac
cd "$(dirname "$0")/.."
root=$(pwd)
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
say() { echo "test-packages: $*" >&2; }
fail() { say "FAILED: $*"; exit 1; }

# 1. Release binaries (the quick check's apart from dist/, which holds releases).
dist=dist
if [ "$quick" = 1 ]; then
    targets="x86_64-unknown-linux-musl"
    dist=target/packaging-check/dist
    rm -rf "$dist"
    export DIST_DIR="$root/$dist"
    RELEASE_PROFILE=packaging-check scripts/release.sh --target x86_64-unknown-linux-musl
else
    targets="x86_64-unknown-linux-musl aarch64-unknown-linux-musl"
    scripts/release.sh --check --target x86_64-unknown-linux-musl
    scripts/release.sh --target aarch64-unknown-linux-musl
fi
(cd "$dist" && sha256sum -c SHA256SUMS) || fail "SHA256SUMS"
for t in $targets; do
    file "$dist/probekit-$version-$t" | grep -q 'statically linked\|static-pie linked' \
        || fail "$t is not static: $(file "$dist/probekit-$version-$t")"
done
x86="$dist/probekit-$version-x86_64-unknown-linux-musl"
arm="$dist/probekit-$version-aarch64-unknown-linux-musl"
"$x86" --version | grep -q "probekit $version" || fail "x86_64 --version"
"$x86" demo --format json > "$work/demo-x86.json" || fail "x86_64 demo"
if [ "$quick" = 0 ]; then
    qemu-aarch64-static "$arm" --version | grep -q "probekit $version" || fail "aarch64 --version"
    # The aarch64 binary does real work under qemu: the demo suite against its built-in target.
    qemu-aarch64-static "$arm" demo --format json > "$work/demo-arm.json" || fail "aarch64 demo"
    python3 - "$work/demo-x86.json" "$work/demo-arm.json" <<'PY' || fail "aarch64 demo differs from x86_64's"
import json, sys
x86, arm = (json.load(open(f)) for f in sys.argv[1:])
assert x86["summary"] == arm["summary"] and arm["summary"]["pass"] > 0, (x86["summary"], arm["summary"])
PY
fi
say "release binaries: ok"

# 2. The Debian package.
scripts/package-deb.sh
deb=$(ls "$dist"/probekit_"$(printf '%s' "$version" | tr '-' '~')"-*_amd64.deb | head -n 1)
dpkg-deb --info "$deb" >/dev/null
dpkg -i "$deb" >/dev/null || fail "dpkg -i"
/usr/bin/probekit --version | grep -q "probekit $version" || fail "installed --version"
pages=$(dpkg -L probekit | grep '/man1/.*\.1' || true)
[ -n "$pages" ] || fail "no man pages installed"
for page in $pages; do
    MANPAGER=cat man -l "$page" > "$work/page.txt" 2>"$work/page.err" || fail "man -l $page: $(cat "$work/page.err")"
    grep -q . "$work/page.txt" || fail "man -l $page rendered nothing"
done
[ -f /usr/share/man/man1/probekit-run.1* ] || ls /usr/share/man/man1/probekit-run.1* >/dev/null || fail "probekit-run.1"
for c in /usr/share/bash-completion/completions/probekit /usr/share/zsh/vendor-completions/_probekit /usr/share/fish/vendor_completions.d/probekit.fish; do
    [ -s "$c" ] || fail "completion $c"
done
/usr/bin/probekit validate /etc/probekit/services.yaml /etc/probekit/node-health.yaml >/dev/null || fail "validate /etc/probekit"
# The units, as installed: systemd-analyze checks their syntax and that ExecStart exists.
systemd-analyze verify /lib/systemd/system/probekit-serve.service \
    /lib/systemd/system/probekit-suite.service /lib/systemd/system/probekit-suite.timer \
    2> "$work/verify.err" || fail "systemd-analyze verify: $(cat "$work/verify.err")"
dpkg -r probekit >/dev/null || fail "dpkg -r"
[ ! -e /usr/bin/probekit ] || fail "/usr/bin/probekit left after dpkg -r"
[ -f /etc/probekit/services.yaml ] || fail "dpkg -r removed a conffile"
dpkg -P probekit >/dev/null || fail "dpkg -P"
[ ! -e /etc/probekit/services.yaml ] || fail "dpkg -P left /etc/probekit"
say "debian package: ok"

# 3. The packaged crate, installed from the .crate as `cargo install` does from crates.io.
cargo package --locked --allow-dirty --no-verify >/dev/null 2>"$work/package.err" \
    || fail "cargo package: $(cat "$work/package.err")"
crate="target/package/probekit-$version.crate"
[ -f "$crate" ] || fail "no $crate"
if tar -tzf "$crate" | grep -q '^probekit-[^/]*/tests/'; then fail "the crate ships the tests"; fi
mkdir -p "$work/crate"
tar -xzf "$crate" -C "$work/crate"
# Into the tests' target directory: the dependencies built for `cargo test` are reused.
cargo install --locked --debug --quiet --path "$work/crate/probekit-$version" --root "$work/installed" \
    --target-dir "$root/target" || fail "cargo install from the .crate"
cat > "$work/probe.yaml" <<'SUITE'
suite: packaged
probes:
  - name: true-command
    command: {argv: ["true"]}
SUITE
# The tests' cache and release profile (tests/it/build.rs, TEST_PROFILE): the runtime the
# tests built for this suite's features is reused when the packaged source is the same.
PROBEKIT_CACHE="$root/target/probekit-test-cache" CARGO_PROFILE_RELEASE_OPT_LEVEL=0 \
    CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=256 \
    "$work/installed/bin/probekit" build "$work/probe.yaml" \
    -o "$work/probe" --target x86_64-unknown-linux-musl > "$work/build.log" 2>&1 \
    || fail "probekit build from the installed crate: $(tail -n 20 "$work/build.log")"
"$work/probe" > /dev/null || fail "the probe built from the installed crate"
say "packaged crate: ok"

# 4. The scratch image, as its Dockerfile lays it out: the binary, CA certificates, a passwd
# with the non-root user, nothing else; run as that user with an empty environment.
rootfs="$work/rootfs"
mkdir -p "$rootfs/etc/ssl/certs"
cp "$x86" "$rootfs/probekit"
cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/"
cp packaging/passwd "$rootfs/etc/passwd"
cp packaging/group "$rootfs/etc/group"
# A suite, as a volume mounted into the container would bring it.
cp examples/web-service.yaml "$rootfs/suite.yaml"
chroot=$(command -v chroot)
in_image() { env -i "$chroot" --userspec=65532:65532 "$rootfs" "$@"; }
in_image /probekit --version | grep -q "probekit $version" || fail "the scratch root filesystem: --version"
in_image /probekit validate /suite.yaml >/dev/null || fail "the scratch root filesystem: validate"
# Probes from inside the image (no shell, no libc, no command to run): HTTP and TCP against
# the built-in target, started outside.
"$x86" target > "$work/target.addr" &
target_pid=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do [ -s "$work/target.addr" ] && break; sleep 0.2; done
http=$(sed -n 's/^http=\([^ ]*\) .*/\1/p' "$work/target.addr")
tcp=$(sed -n 's/.* tcp=\(.*\)$/\1/p' "$work/target.addr")
in_image /probekit check http "$http/health" --expect-status 200 >/dev/null \
    || { kill "$target_pid"; fail "the scratch root filesystem: check http"; }
in_image /probekit check tcp "$tcp" >/dev/null \
    || { kill "$target_pid"; fail "the scratch root filesystem: check tcp"; }
kill "$target_pid"
say "scratch image root filesystem: ok"
echo "4 passed, 0 failed"
