#!/bin/sh
# Static release binaries of probekit (musl, every feature, the tree-sitter grammars' C code
# cross-built too), their SHA-256 sums, and a check that a second build gives the same bytes.
#
#   scripts/release.sh                      both targets into dist/
#   scripts/release.sh --target T ...       only these targets
#   scripts/release.sh --check              also rebuild each and compare (reproducibility)
#   RELEASE_PROFILE=packaging-check …       another cargo profile (CI's quick check of the
#                                           routes: the same layout and linking, unoptimised)
#   DIST_DIR=DIR …                          write there instead of dist/
#
# Writes dist/probekit-VERSION-TARGET and dist/SHA256SUMS. Needs what
# `scripts/install-deps.sh --test` installs (musl-tools, gcc-aarch64-linux-gnu, the rustup
# targets). The aarch64 binary runs under qemu-aarch64-static where that is installed.
set -eu
cd "$(dirname "$0")/.."

targets=""
check=0
while [ $# -gt 0 ]; do
    case "$1" in
        --target) targets="$targets $2"; shift 2 ;;
        --check) check=1; shift ;;
        *) echo "usage: $0 [--target TRIPLE]... [--check]" >&2; exit 2 ;;
    esac
done
[ -n "$targets" ] || targets="x86_64-unknown-linux-musl aarch64-unknown-linux-musl"

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
root=$(pwd)
dist="${DIST_DIR:-$root/dist}"
build="${RELEASE_TARGET_DIR:-$root/target/release-build}"
mkdir -p "$dist"

# C code for each target: musl-gcc for x86_64, the aarch64 cross compiler (linking against
# Rust's own static musl) for aarch64.
export CC_x86_64_unknown_linux_musl=musl-gcc
export CC_aarch64_unknown_linux_musl=aarch64-linux-gnu-gcc
# The same source gives the same bytes on any machine: no path of this one in the binary.
cargo_home="${CARGO_HOME:-$HOME/.cargo}"
# Static and not position-independent, as compiled probes are (src/compile/toolchain.rs): no
# self-relocation at start, measured 2.0 → 1.6 ms for a one-shot `probekit check http`
# (docs/benchmarks.md). httparse without its SIMD code, as compiled probes too: it asks the CPU
# which SIMD it has at the first parse (`cpuid`, which traps to the hypervisor on a virtual
# machine), 3.4% of a one-shot check's samples here.
flags="--remap-path-prefix=$root=/probekit --remap-path-prefix=$cargo_home=/cargo -C relocation-model=static --cfg httparse_disable_simd=\"1\""
# Linked by the Rust toolchain's lld with the code a one-shot check runs placed together
# (link/ordered-cc.sh, link/hot-functions.txt): a quarter of the page faults at start,
# `probekit check http` 1.2 → 0.8 ms (docs/build.md). Without rust-lld, the default linker and
# the same program otherwise.
lld_dir="$(rustc --print sysroot)/lib/rustlib/$(rustc -vV | sed -n 's/^host: //p')/bin/gcc-ld"
if [ -x "$lld_dir/ld.lld" ]; then
    export PROBEKIT_LLD_DIR="$lld_dir" PROBEKIT_HOT_FUNCTIONS="$root/link/hot-functions.txt"
    export CARGO_TARGET_X86_64_UNKNOWN_LINUX_MUSL_LINKER="$root/link/ordered-cc.sh"
    export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_MUSL_LINKER="$root/link/ordered-cc.sh"
fi
export RUSTFLAGS="$flags"
profile="${RELEASE_PROFILE:-release}"
built() {
    echo "$build/$1/$profile/probekit"
}

for t in $targets; do
    [ -d "$(rustc --print sysroot)/lib/rustlib/$t/lib" ] || rustup target add "$t"
    echo "release: building $t" >&2
    case "$t" in
        aarch64-*) export PROBEKIT_LINK_CC=aarch64-linux-gnu-gcc ;;
        *) export PROBEKIT_LINK_CC=cc ;;
    esac
    cargo build --profile "$profile" --locked --target "$t" --target-dir "$build"
    cp "$(built "$t")" "$dist/probekit-$version-$t"
    if [ "$check" = 1 ]; then
        # Again from the top of probekit's own crate (the dependencies' builds are reused: they
        # are inputs, the same either way), into a copy for comparison.
        cargo clean --profile "$profile" --target "$t" --target-dir "$build" -p probekit
        cargo build --profile "$profile" --locked --target "$t" --target-dir "$build"
        if ! cmp -s "$(built "$t")" "$dist/probekit-$version-$t"; then
            echo "release: $t is not reproducible: two builds differ" >&2
            exit 1
        fi
        echo "release: $t reproducible (two builds, same bytes)" >&2
    fi
done

cd "$dist"
# Sums of every binary in dist/, whichever run built it.
sha256sum probekit-"$version"-* > SHA256SUMS
cat SHA256SUMS
