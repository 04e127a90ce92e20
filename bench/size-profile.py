#!/usr/bin/env python3
"""What a compiled probe is made of: its sections, and its code and read-only data by crate.

Usage: python3 bench/size-profile.py BINARY [BINARY...] [--split CRATE,...] [--top N]

Each BINARY must keep its symbols: build the crate of `probekit build --emit-crate DIR` with
`strip = "none"` in its [profile.release] (docs/benchmarks.md, 2026-12-04). Needs binutils'
`size` and `nm` (Rust demangling: binutils 2.36 or later).

Prints, in KB (1,024 bytes):
- the sections the program loads (`size -A`) and the size of a stripped copy (`strip`);
- the sized symbols of `nm -S -C` summed by crate: the first path segment of the name, or for
  `<T as Trait>::f` and `<T>::f` that of T (of Trait if T is from core/alloc/std and Trait is
  not), for `core::ptr::drop_in_place<T>` that of T; std's generic code instantiated for another
  crate's types goes to the first such crate named in it. Symbols without a path are C: musl's
  libc and libunwind (the names in the libc.a and libunwind.a Rust ships for musl targets), std's
  own (`rust_…`, `__rust_…`, `main`, compiler_builtins' `__udivti3` and the like), and the rest:
  C and assembly of crates (ring's). Crates named with --split (default: probekit) are shown
  per module (`probekit::report`); derived serde code of probekit's types gets a row of its
  own. Aliases (one address) count once; .bss takes no bytes and is left out.
One column per BINARY, rows in order of the last one's size; with two BINARYs a third column
gives the second's size less the first's. --top N lists the first BINARY's N largest symbols.

Attribution is by symbol name, so it is approximate: after fat LTO a function holds what was
inlined into it (async code often under `<core::pin::Pin<P> as Future>::poll`). Bytes of no
sized symbol (string literals, panic locations, vtables, unnamed tables) get the last row.
"""
import argparse
import functools
import glob
import os
import re
import signal
import subprocess
import sys
import tempfile

STD = {"core", "alloc", "std", "std_detect", "panic_unwind", "panic_abort", "compiler_builtins",
       "__rustc", "str", "char", "bool", "f32", "f64", "T", "u8", "u16", "u32", "u64", "u128",
       "usize", "i8", "i16", "i32", "i64", "i128", "isize", "fn", "_"}
BACKTRACE = {"gimli", "addr2line", "miniz_oxide", "rustc_demangle", "object", "adler2", "adler"}
LOADED = (".text", ".rodata", ".eh_frame", ".eh_frame_hdr", ".gcc_except_table", ".data.rel.ro",
          ".data", ".got", ".tdata", ".init_array", ".fini_array", ".init", ".fini",
          ".note.gnu.build-id")


@functools.cache
def c_libraries():
    """{symbol: group} of the libc.a and libunwind.a in rustc's musl sysroots."""
    out = {}
    sysroot = subprocess.run(["rustc", "--print", "sysroot"], capture_output=True, text=True).stdout.strip()
    for lib, group in (("libc.a", "musl libc (C)"), ("libunwind.a", "libunwind (C++)")):
        for path in glob.glob(f"{sysroot}/lib/rustlib/*-musl/lib/self-contained/{lib}"):
            for line in run("nm", "-C", "--defined-only", path).splitlines():
                parts = line.split(" ", 2)
                if len(parts) == 3:
                    out[parts[2]] = group
    return out


def run(*argv):
    return subprocess.run(argv, check=True, capture_output=True, text=True).stdout


def sections(binary):
    out = {}
    for line in run("size", "-A", binary).splitlines()[2:]:
        parts = line.split()
        if len(parts) == 3 and parts[0].startswith("."):
            out[parts[0]] = int(parts[1])
    return out


def stripped_size(binary):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "stripped")
        run("strip", "-o", path, binary)
        return os.path.getsize(path)


def top_level(s, sep):
    """Index of `sep` in s outside <…>, (…) and […]; -1 if none."""
    depth = 0
    for i, c in enumerate(s):
        if c in "<([":
            depth += 1
        elif c in ">)]":
            depth -= 1
        elif depth == 0 and s.startswith(sep, i):
            return i
    return -1


def crate_of_type(t):
    t = re.sub(r"^(&|'\w+ |mut |\*const |\*mut |dyn |\[|\()+", "", t.strip())
    if t.startswith("<"):
        return crate_of(t)
    m = re.match(r"[A-Za-z_][A-Za-z0-9_]*", t)
    return m.group(0) if m else "?"


def crate_of(name):
    """The crate a demangled Rust name belongs to (see the header)."""
    if name.startswith("<"):
        inner = name[1:]
        end = top_level(inner, ">")
        inner = inner[:end] if end >= 0 else inner
        # `<impl serde::Deserialize for T>` inside a path is handled by the caller's prefix.
        cut = top_level(inner, " as ")
        if cut < 0:
            return crate_of_type(inner)
        self_crate, trait_crate = crate_of_type(inner[:cut]), crate_of_type(inner[cut + 4:])
        if self_crate in STD and trait_crate not in STD:
            return trait_crate
        return self_crate
    m = re.match(r"core::ptr::drop_in_place::?<(.*)>$", name)
    if m:
        return crate_of_type(m.group(1))
    return re.match(r"[A-Za-z_][A-Za-z0-9_]*", name).group(0) if re.match(r"[A-Za-z_]", name) else "?"


def group_of(name, split, clib):
    if name in clib:
        return clib[name]
    if re.match(r"^(\w[\w ]* )?libunwind::", name) or name.startswith(("_Unwind_", "__unw_", "unw_")):
        return "libunwind (C++)"
    if name.startswith(("rust_", "__rust_", "__rdl_", "__rg_", "_rust_")) or name == "main":
        return "std/core/alloc"
    if re.fullmatch(r"__(u?(div|mod|mul)|ash[lr]|lshr|float|fix)\w*[tds]i\d?f?", name):
        return "std/core/alloc"  # compiler_builtins' integer and float helpers
    if name in ("_start", "_start_c", "__do_init", "__do_fini", "__init", "__fini", "__dso_handle"):
        return "musl libc (C)"  # startup objects
    if "::" not in name:
        return "C and assembly of crates (ring)"
    if "backtrace_rs::" in name or any(f"{c}::" in name for c in BACKTRACE):
        return "std backtrace (gimli, addr2line, miniz_oxide, rustc_demangle)"
    crate = crate_of(name)
    if crate in STD:
        # std's generic code instantiated for another crate's types is that crate's.
        others = [c for c in re.findall(r"(?<![\w:])([a-z_]\w*)::", name) if c not in STD]
        if not others:
            if crate in split:  # --split core,std,alloc: std by module
                m = re.search(rf"(?<![\w:]){crate}::([A-Za-z_]\w*)", name)
                return f"{crate}::{m.group(1)}" if m else crate
            return "std/core/alloc"
        crate = others[0]
    if crate == "unwind":
        return "libunwind (C++)"
    if crate in split:
        if crate == "probekit" and re.search(r"impl serde(_core)?::(de|ser)::", name):
            return "probekit: serde derives"
        m = re.search(rf"(?<![\w:]){crate}::([A-Za-z_]\w*)", name)
        return f"{crate}::{m.group(1)}" if m else crate
    return crate


def symbols(binary, split):
    """{group: [code bytes, data bytes, [(size, name)]]} of the sized symbols."""
    groups, seen, clib = {}, set(), c_libraries()
    for line in run("nm", "-S", "--size-sort", "-C", binary).splitlines():
        parts = line.split(" ", 3)
        if len(parts) < 4:
            continue
        addr, size, kind, name = parts[0], int(parts[1], 16), parts[2], parts[3]
        if addr in seen or name.startswith(("GCC_except_table", "__EH_FRAME", "__FRAME_END")):
            continue
        seen.add(addr)
        if kind in "bB":
            continue  # .bss: no bytes in the file
        g = groups.setdefault(group_of(name, split, clib), [0, 0, []])
        g[0 if kind in "tTwW" else 1] += size
        g[2].append((size, name))
    return groups


def kb(n):
    return f"{n / 1024:,.0f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("binary", nargs="+")
    ap.add_argument("--split", default="probekit", help="crates to show per module (comma-separated)")
    ap.add_argument("--top", type=int, default=0, help="also list the N largest symbols")
    args = ap.parse_args()
    split = set(args.split.split(",")) if args.split else set()
    bins = args.binary
    two = len(bins) == 2
    secs = [sections(b) for b in bins]
    syms = [symbols(b, split) for b in bins]
    head = "| | " + " | ".join(os.path.basename(b) for b in bins) + (" | difference |" if two else " |")
    line = "| --- |" + " --- |" * (len(bins) + two)

    def row(label, values):
        diff = f" {(values[1] - values[0]) / 1024:+,.0f} |" if two else ""
        return f"| {label} | " + " | ".join(kb(v) for v in values) + " |" + diff

    print("Sections (KB)\n\n" + head + "\n" + line)
    for s in LOADED:
        if any(x.get(s, 0) >= 1024 for x in secs):
            print(row(s, [x.get(s, 0) for x in secs]))
    print(row("stripped file", [stripped_size(b) for b in bins]))

    print("\nCode and data by crate: the sizes of its symbols (KB)\n")
    names = sorted(set().union(*syms), key=lambda g: -sum(syms[-1].get(g, [0, 0])[:2]))
    print(head.replace("| |", "| crate |", 1) + "\n" + line)
    total = [0] * len(bins)
    for g in names:
        values = [s.get(g, [0, 0])[0] + s.get(g, [0, 0])[1] for s in syms]
        total = [t + v for t, v in zip(total, values)]
        if max(values) >= 512:
            print(row(g, values))
    print(row("all sized symbols", total))
    loaded = [sum(x.get(s, 0) for s in (".text", ".rodata", ".data", ".data.rel.ro")) for x in secs]
    print(row(".text, .rodata, .data of no sized symbol", [n - t for n, t in zip(loaded, total)]))

    if args.top:
        print(f"\nLargest {args.top} symbols of {bins[0]}\n")
        every = sorted(((size, g, n) for g, v in syms[0].items() for size, n in v[2]), reverse=True)
        for size, g, n in every[: args.top]:
            print(f"{size:>8,}  {g:<28.28}  {n[:140]}")


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `| head` ends it quietly
    sys.exit(main())
