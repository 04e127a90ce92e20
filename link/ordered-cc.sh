#!/bin/sh
# The linker of static probekit programs (scripts/release.sh, and `probekit build`, which writes
# this file into its cache): the C compiler driver that links them, asked to link with lld, the
# code a one-shot check runs placed first, in the order it runs (link/hot-functions.txt).
#
#   PROBEKIT_LINK_CC          the compiler driver to link with (cc, aarch64-linux-gnu-gcc)
#   PROBEKIT_LLD_DIR          a directory with `ld.lld` (the Rust toolchain's gcc-ld)
#   PROBEKIT_HOT_FUNCTIONS    the list of functions, first run first
#
# lld's --symbol-ordering-file takes exact names, and the names carry hashes that change with
# the code, its features and the compiler (`17h…E` of the legacy mangling, `Cs…_` crate
# disambiguators of v0). So the names are taken from the objects being linked: each one the
# list holds as it is comes in the list's order; then each one the list holds but for its
# hashes (another instance of a generic function, or a hash changed since the list was
# written). Names not found are only left where they were: nothing depends on the list but the
# time a program takes to start.
set -eu

cc="${PROBEKIT_LINK_CC:-cc}"
out=
prev=
for arg in "$@"; do
    [ "$prev" = "-o" ] && out="$arg"
    prev="$arg"
done
if [ -z "$out" ] || [ ! -r "${PROBEKIT_HOT_FUNCTIONS:-}" ] || [ ! -x "${PROBEKIT_LLD_DIR:-}/ld.lld" ]; then
    exec "$cc" "$@"
fi
order="$out.symbol-order"

# The functions the objects define (rustc's own objects: with fat LTO, all of the Rust code).
for arg in "$@"; do
    case "$arg" in
        *.o) [ -f "$arg" ] && nm --defined-only -P "$arg" 2>/dev/null ;;
    esac
done | awk -v hot="$PROBEKIT_HOT_FUNCTIONS" '
    function unhashed(s) {
        if (match(s, /17h[0-9a-f]+E$/) && RLENGTH == 20)
            s = substr(s, 1, RSTART - 1) "17h*E"
        gsub(/Cs[0-9A-Za-z]+_/, "Cs*_", s)
        return s
    }
    BEGIN {
        n = 0
        while ((getline line < hot) > 0) {
            if (line == "" || substr(line, 1, 1) == "#") continue
            n++
            if (!(line in exact)) exact[line] = n
            k = unhashed(line)
            if (!(k in loose)) loose[k] = n
        }
    }
    $2 == "T" || $2 == "t" || $2 == "W" || $2 == "w" {
        if ($1 in seen) next
        seen[$1] = 1
        if ($1 in exact) print exact[$1], $1
        else { k = unhashed($1); if (k in loose) print n + loose[k], $1 }
    }
' | sort -n -k1,1 -s | cut -d' ' -f2 > "$order"

exec "$cc" "$@" -fuse-ld=lld -B"$PROBEKIT_LLD_DIR" \
    -Wl,--symbol-ordering-file="$order" -Wl,--no-warn-symbol-ordering
