#!/usr/bin/env python3
"""Writes link/hot-functions.txt: the functions a one-shot check runs, in the order they first
run, for the linker to place together (docs/build.md, "Start-up and page faults").

Usage: python3 scripts/hot-functions.py [--out FILE]

A static program's code is mapped from its file, and each first touch of a 64 KB window of it
is a page fault, about 3 µs on this project's virtual machines: `probekit check http` touched
some 100 windows scattered over its 10 MB of code. The release binary and compiled probes are
linked by the Rust toolchain's lld with these functions first, in this order
(link/ordered-cc.sh, the linker scripts/release.sh and `probekit build` use).

The names carry hashes (`17h…E` of the legacy mangling, the `Cs…_` crate disambiguators of
v0) that change with any change of the code, its features or the compiler. The linker takes
the names as they are first, then the same names but for their hashes: a function whose hash
changed since this list was written still comes early (with every other instance of a generic
function of that name), and one that is gone is only not moved. Run the script again after
large changes; nothing depends on it but the time a program takes to start.

It builds what it measures: the static release binary as scripts/release.sh does, keeping its
symbols, and compiled probes (a plain-HTTP, a command-only and an HTTPS suite) the same way;
runs each under valgrind's callgrind against an HTTP server of its own on loopback; and lists
each function that ran, with every other name of the same address.

Needs valgrind, binutils (`nm`), musl-tools and the x86_64-unknown-linux-musl target.
"""
import argparse
import http.server
import os
import re
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = "x86_64-unknown-linux-musl"


def release_binary(target_dir):
    """The static release build of scripts/release.sh, with its symbols kept."""
    cargo_home = os.environ.get("CARGO_HOME", os.path.expanduser("~/.cargo"))
    # scripts/release.sh's flags but the linker's: the same compiled code, so the same names.
    env = dict(os.environ,
               CC_x86_64_unknown_linux_musl="musl-gcc",
               CARGO_PROFILE_RELEASE_STRIP="none",
               RUSTFLAGS=f"--remap-path-prefix={ROOT}=/probekit --remap-path-prefix={cargo_home}=/cargo "
                         '-C relocation-model=static --cfg httparse_disable_simd="1"')
    subprocess.run(["cargo", "build", "--release", "--locked", "--target", TARGET,
                    "--target-dir", str(target_dir)], cwd=ROOT, env=env, check=True)
    return target_dir / TARGET / "release" / "probekit"


def compiled_probe(probekit, work, name, probes):
    suite = work / f"{name}.yaml"
    suite.write_text(f"suite: {name}\nprobes:\n{probes}")
    out = work / name
    env = dict(os.environ, CARGO_PROFILE_RELEASE_STRIP="none",
               PROBEKIT_CACHE=str(ROOT / "target" / "probekit-test-cache"))
    subprocess.run([str(probekit), "build", str(suite), "--target", TARGET, "-o", str(out)],
                   env=env, check=True)
    return out


def executed(binary, args, work):
    """The names of the functions that ran, first run first (callgrind)."""
    out = work / "callgrind.out"
    subprocess.run(["valgrind", "--tool=callgrind", "--demangle=no",
                    f"--callgrind-out-file={out}", str(binary), *args],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    names, seen = [], set()
    for line in out.read_text(errors="replace").splitlines():
        m = re.match(r"^c?fn=\((\d+)\) (.+)$", line)
        if m and m.group(1) not in seen:
            seen.add(m.group(1))
            names.append(re.sub(r"'\d+$", "", m.group(2)))
    return names


def aliases(binary):
    """Each function symbol's address, and every name at each address."""
    at, names = {}, {}
    nm = subprocess.run(["nm", str(binary)], capture_output=True, text=True, check=True)
    for line in nm.stdout.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "tT":
            addr = int(parts[0], 16)
            at[parts[2]] = addr
            names.setdefault(addr, []).append(parts[2])
    return at, names


def unique(items):
    seen = set()
    return [i for i in items if not (i in seen or seen.add(i))]


class Ok(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b'{"status": "UP"}\n'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_):
        pass


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=str(ROOT / "link" / "hot-functions.txt"))
    opts = ap.parse_args()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Ok)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/health"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        probekit = release_binary(ROOT / "target" / "hot-functions")
        runs = [(probekit, ["check", "http", url, "--expect-status", "200"])]
        for name, probes in [
            ("http", f"  - {{name: health, http: {{url: '{url}'}}, expect: {{status: 200}}}}\n"),
            ("command", "  - {name: k, command: {argv: [uname, -s]}}\n"),
            ("https", f"  - {{name: tls, http: {{url: 'https://127.0.0.1:{server.server_address[1]}/'}}}}\n"),
        ]:
            runs.append((compiled_probe(probekit, work, name, probes), []))
        exact = []
        for binary, args in runs:
            at, names = aliases(binary)
            for name in executed(binary, args, work):
                for alias in names.get(at.get(name), [name]):
                    exact.append(alias)
    names = unique(exact)
    head = ("# The functions a one-shot check runs, first run first: written by\n"
            "# scripts/hot-functions.py; the linker places their code together (see the script).\n"
            "# Regenerate, never edit.\n")
    Path(opts.out).parent.mkdir(parents=True, exist_ok=True)
    Path(opts.out).write_text(head + "\n".join(names) + "\n")
    print(f"wrote {opts.out}: {len(names)} functions", file=sys.stderr)


if __name__ == "__main__":
    main()
