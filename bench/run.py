#!/usr/bin/env python3
"""probekit against its peers, on this machine, in one run (see docs/benchmarks.md).

Called by bench/run.sh, which installs the peers and builds probekit. Starts nginx on loopback
as the target (a small /health and a generated /metrics page) and blackbox_exporter, measures,
prints a table (tool, figure, ratio to probekit) and writes the raw results to bench/results/.

usage: run.py PROBEKIT [--static=BINARY] [--quick] [--only=STEP,...]   (steps: throughput, latency, databases, kinds, kind_sizes, parsing, scale, serve_scale, scrape_memory, timeouts)
"""
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUICK = "--quick" in sys.argv
PROBEKIT = str(Path(sys.argv[1]).resolve())
# The static release binary (scripts/release.sh), beside the `cargo install` build above: both
# are measured where a user meets the difference (start-up, and a run's allocator and memcpy).
STATIC = next((str(Path(a.split("=", 1)[1]).resolve()) for a in sys.argv if a.startswith("--static=")), None)


def free_port():
    """A port nothing listens on now: bound to port 0 and released (every peer gets its own,
    so that no figure can come from another process that holds a fixed port)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


NGINX_PORT = free_port()
BLACKBOX_PORT = free_port()
TARGET_PORT = free_port()  # probekit's built-in target: a listener that holds requests

work = Path(tempfile.mkdtemp(prefix="probekit-bench-"))
work.chmod(0o755)  # nginx workers run as another user
children = []
results = {"quick": QUICK, "sections": {}}
rows = []


STARTED = time.monotonic()


def log(msg):
    print(f"[{time.monotonic() - STARTED:6.1f}s] {msg}", file=sys.stderr, flush=True)


def have(cmd):
    return shutil.which(cmd) is not None


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def wall(cmd, **kw):
    start = time.perf_counter()
    out = run(cmd, **kw)
    return time.perf_counter() - start, out


def best(n, fn):
    return min(fn() for _ in range(n))


def wait_port(port, timeout=10.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"nothing listens on 127.0.0.1:{port}")


def _die_with_parent():
    """Children get SIGTERM when the benchmark dies, even by SIGKILL: nothing outlives it."""
    import ctypes

    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def start(cmd):
    p = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=_die_with_parent
    )
    children.append(p)
    return p


def alive(p, port):
    """The process we started is running and listens on its port (not another one's)."""
    if p.poll() is not None:
        return False
    try:
        wait_port(port, 10.0)
    except SystemExit:
        return False
    return p.poll() is None


def stop_all():
    for p in children:
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                p.kill()
    shutil.rmtree(work, ignore_errors=True)


def row(section, tool, figure, unit, ratio=None, note=""):
    rows.append((section, tool, figure, unit, ratio, note))
    results["sections"].setdefault(section, []).append(
        {"tool": tool, "value": figure, "unit": unit, "ratio_to_probekit": ratio, "note": note}
    )


# --- the target -------------------------------------------------------------------------------

def start_nginx():
    www = work / "www"
    www.mkdir()
    (www / "health").write_text('{"status":"UP","checks":{"db":"UP"}}\n')
    series = "2000" if QUICK else "100000"
    subprocess.run([sys.executable, str(ROOT / "scripts/gen-metrics.py"), str(www / "metrics"), series], check=True)
    conf = work / "nginx.conf"
    conf.write_text(f"""
worker_processes auto;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log;
daemon off;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    keepalive_requests 100000;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    types {{ application/json health; text/plain metrics; }}
    server {{
        listen 127.0.0.1:{NGINX_PORT} backlog=4096;
        root {www};
        location = /health {{ default_type application/json; }}
        location = /metrics {{ default_type "text/plain; version=0.0.4"; }}
    }}
}}
""")
    nginx = start(["nginx", "-c", str(conf), "-e", str(work / "nginx-error.log")])
    if not alive(nginx, NGINX_PORT):
        raise SystemExit(f"nginx did not start: {(work / 'nginx-error.log').read_text(errors='replace')}")


def start_blackbox():
    if not have("prometheus-blackbox-exporter"):
        return False
    conf = work / "blackbox.yml"
    conf.write_text("modules:\n  http_2xx:\n    prober: http\n    timeout: 5s\n    http:\n      preferred_ip_protocol: ip4\n")
    p = start(["prometheus-blackbox-exporter", f"--config.file={conf}", f"--web.listen-address=127.0.0.1:{BLACKBOX_PORT}"])
    if not alive(p, BLACKBOX_PORT):
        log("blackbox_exporter did not start: reported as missing")
        return False
    # One probe first: a figure counts only if blackbox_exporter really probes the target.
    import urllib.request
    with urllib.request.urlopen(f"http://127.0.0.1:{BLACKBOX_PORT}/probe?module=http_2xx&target={URL}", timeout=10) as r:
        page = r.read().decode()
    if "\nprobe_success 1" not in "\n" + page:
        log("blackbox_exporter's probe of the target did not succeed: reported as missing")
        return False
    return True


URL = f"http://127.0.0.1:{NGINX_PORT}/health"


def suite(n, concurrency=32, url=URL, timeout="5s", extra=""):
    path = work / f"suite-{n}-{concurrency}.yaml"
    path.write_text(
        f"suite: bench\nconcurrency: {concurrency}\ndefaults: {{timeout: {timeout}}}\n"
        f"probes:\n  - name: \"p{{{{ item }}}}\"\n    for_each: \"{{{{ range({n}) | list }}}}\"\n"
        f"    http: \"{url}\"\n{extra}"
    )
    return path


def wrk_rate(url, seconds, headers=()):
    cmd = ["wrk", "-t2", "-c32", f"-d{seconds}s", "--latency"]
    for h in headers:
        cmd += ["-H", h]
    out = run(cmd + [url]).stdout
    # Only successful responses count: wrk's rate includes errors and non-2xx answers.
    for line in out.splitlines():
        if "Non-2xx or 3xx responses" in line or line.strip().startswith("Socket errors"):
            raise SystemExit(f"wrk saw failures against {url}; no figure from that:\n{out}")
    for line in out.splitlines():
        if line.startswith("Requests/sec:"):
            return float(line.split()[1])
    raise SystemExit(f"wrk said:\n{out}")


# --- 1. throughput ----------------------------------------------------------------------------

def throughput():
    section = "throughput (1,000 HTTP checks, concurrency 32, new connection each)"
    n = 1000
    s = suite(n)

    def probekit_once(binary=PROBEKIT):
        t, out = wall([binary, "run", str(s), "--format", "json"])
        report = json.loads(out.stdout)
        if report["summary"]["pass"] != n:
            bad = next(p for p in report["probes"] if p["status"] != "pass")
            raise SystemExit(f"probekit: {report['summary']}: {bad.get('reason')}")
        return t

    t = best(3 if QUICK else 7, probekit_once)
    ours = n / t
    row(section, "probekit run", round(ours), "checks/s", 1.0, "wall time of the whole command, best run")
    if STATIC:
        t = best(7, lambda: probekit_once(STATIC))
        row(section, "probekit run (static release binary)", round(n / t), "checks/s",
            round(ours / (n / t), 2), "the binary of scripts/release.sh (musl, dlmalloc)")

    if have("wrk"):
        secs = 1 if QUICK else 5
        ceiling = wrk_rate(URL, secs, ["Connection: close"])
        row(section, "wrk, Connection: close (ceiling)", round(ceiling), "requests/s", round(ours / ceiling, 2),
            "new connections/s nginx takes here; no checks")
        if start_blackbox():
            bb = wrk_rate(f"http://127.0.0.1:{BLACKBOX_PORT}/probe?module=http_2xx&target={URL}", secs)
            row(section, "blackbox_exporter /probe (wrk, 32 conns)", round(bb), "checks/s", round(ours / bb, 2))
    check_http = "/usr/lib/nagios/plugins/check_http"
    m = 200 if QUICK else 1000
    if os.path.exists(check_http):
        t, _ = wall(["sh", "-c", f"seq {m} | xargs -P32 -I{{}} {check_http} -H 127.0.0.1 -p {NGINX_PORT} -u /health >/dev/null"])
        row(section, "xargs -P32 check_http", round(m / t), "checks/s", round(ours / (m / t), 1))
    if have("curl"):
        t, _ = wall(["sh", "-c", f"seq {m} | xargs -P32 -I{{}} curl -fsS -m 5 -o /dev/null {URL}"])
        row(section, "xargs -P32 curl", round(m / t), "checks/s", round(ours / (m / t), 1))
        k = 50 if QUICK else 300
        t, _ = wall(["bash", "-c", f"for i in $(seq {k}); do curl -fsS -m 5 -o /dev/null {URL} || exit 1; done"])
        row(section, "bash for-loop of curl", round(k / t), "checks/s", round(ours / (k / t), 1))


# --- 2. one-shot latency ----------------------------------------------------------------------

def latency():
    section = "one-shot: start, one loopback HTTP check, exit (hyperfine)"
    if not have("hyperfine"):
        return
    runs = 10 if QUICK else 300
    cmds = {"probekit check http": f"{PROBEKIT} check http {URL} --expect-status 200"}
    if STATIC:
        cmds["probekit check http (static release binary)"] = f"{STATIC} check http {URL} --expect-status 200"
    probe = compiled_probe()
    if probe:
        cmds["compiled probe"] = str(probe)
    floor = c_floor()
    if floor:
        cmds["static C: connect, GET, read"] = f"{floor} {NGINX_PORT} /health"
    if os.path.exists("/usr/lib/nagios/plugins/check_http"):
        cmds["check_http"] = f"/usr/lib/nagios/plugins/check_http -H 127.0.0.1 -p {NGINX_PORT} -u /health"
    if have("curl"):
        cmds["curl -fsS"] = f"curl -fsS -o /dev/null {URL}"
    cmds["python3 urllib"] = f"python3 -c \"import urllib.request; urllib.request.urlopen('{URL}', timeout=5).read()\""
    export = work / "hyperfine.json"
    args = ["hyperfine", "-N", "--warmup", "3" if QUICK else "20", "--runs", str(runs),
            "--export-json", str(export)]
    for name, cmd in cmds.items():
        args += ["-n", name, cmd]
    out = run(args)
    if out.returncode != 0:
        log(out.stderr)
        return
    data = json.loads(export.read_text())["results"]
    ours = next(r for r in data if r["command"] == "probekit check http")
    for r in data:
        ms = r["mean"] * 1000
        row(section, r["command"], round(ms, 2), "ms mean", round(ms / (ours["mean"] * 1000), 2),
            f"±{r['stddev'] * 1000:.2f} ms, median {r['median'] * 1000:.2f} ms")
    compiled = next((r for r in data if r["command"] == "compiled probe"), None)
    if compiled:
        section = "compiled probe (probekit build): start, one loopback HTTP check, exit — medians"
        for r in data:
            if r["command"] != "compiled probe":
                row(section, r["command"], round(r["median"] * 1000, 2), "ms median",
                    round(compiled["median"] / r["median"], 2), "compiled probe's time / this tool's")


def c_floor():
    """bench/floor/get.c built static: the least a one-shot HTTP check can cost here."""
    cc = "musl-gcc" if have("musl-gcc") else "gcc"
    out = work / "c-floor-get"
    res = run([cc, "-O2", "-static", "-o", str(out), str(ROOT / "bench" / "floor" / "get.c")])
    if res.returncode != 0:
        log(f"bench: no static C floor ({cc}): {res.stderr.strip()}")
        return None
    return out


def compiled_probe():
    """Builds a one-probe suite for the nginx URL (static musl when the target is installed),
    times a rebuild after a change to the suite, and records the sizes; the program's path."""
    section = "compiled probe (probekit build): size and build time"
    env = dict(os.environ, PROBEKIT_CACHE=str(ROOT / "target" / "probekit-test-cache"))
    sysroot = run(["rustc", "--print", "sysroot"]).stdout.strip()
    musl = "x86_64-unknown-linux-musl"
    target = musl if os.path.isdir(f"{sysroot}/lib/rustlib/{musl}/lib") else "host"
    suites = {
        "command-only": "  - {name: k, command: {argv: [uname, -s]}}\n",
        "plain HTTP": f"  - {{name: health, http: {{url: '{URL}'}}, expect: {{status: 200}}}}\n",
        "HTTPS": "  - {name: tls, http: {url: 'https://127.0.0.1:1/'}}\n",
    }
    if QUICK:
        # CI's check of the script: the plain HTTP probe the latency step runs. The tests build
        # it first with the same profile, so it costs no cold build of a runtime.
        suites = {"plain HTTP": suites["plain HTTP"]}
    program = None
    for kind, probes in suites.items():
        path = work / f"compiled-{kind.replace(' ', '-')}.yaml"
        out = work / f"compiled-{kind.replace(' ', '-')}"
        times = []
        # The second build follows a change to the suite: the figure `probekit build` users see.
        for name in ("bench", "bench-changed"):
            path.write_text(f"suite: {name}\nprobes:\n{probes}")
            t, res = wall([str(PROBEKIT), "build", str(path), "--target", target, "-o", str(out)], env=env)
            if res.returncode != 0:
                log(res.stderr)
                return None
            times.append(t)
        size = out.stat().st_size
        row(section, f"{kind} ({target})", round(size / 1024), "KB", None,
            f"build after a suite change {times[1]:.2f} s (goal ≤ 3 s)")
        if kind == "HTTPS" and not QUICK:
            # The first build, into an empty cache (cargo's registry stays warm): the runtime
            # for this target and feature set is compiled once.
            with tempfile.TemporaryDirectory() as cold:
                t, res = wall([str(PROBEKIT), "build", str(path), "--target", target, "-o", str(out)],
                              env=dict(env, PROBEKIT_CACHE=cold))
            if res.returncode == 0:
                row(section, f"first build, empty cache, {kind} ({target})", round(t, 1), "s", None,
                    "goal ≤ 60 s")
        if kind == "plain HTTP":
            path.write_text(f"suite: bench\nprobes:\n{probes}")
            wall([str(PROBEKIT), "build", str(path), "--target", target, "-o", str(out)], env=env)
            program = out
    return program


def kind_sizes():
    """The size each probe kind adds to a compiled probe: a command-only suite, then the same
    suite with one probe of each kind (each links only its own feature)."""
    section = "compiled probe size per kind (static, added to a command-only probe)"
    if QUICK:
        # Twelve static builds: minutes that CI's check of the script does not need.
        return
    env = dict(os.environ, PROBEKIT_CACHE=str(ROOT / "target" / "probekit-test-cache"))
    sysroot = run(["rustc", "--print", "sysroot"]).stdout.strip()
    musl = "x86_64-unknown-linux-musl"
    target = musl if os.path.isdir(f"{sysroot}/lib/rustlib/{musl}/lib") else "host"
    base = "  - {name: k, command: {argv: [uname, -s]}}\n"
    kinds = {
        "command only": "",
        "file, disk, memory, load": "  - {name: f, file: /etc/hostname}\n",
        "process": "  - {name: p, process: init}\n",
        "dns": "  - {name: d, dns: example.com}\n",
        "icmp": "  - {name: i, icmp: 127.0.0.1}\n",
        "service": "  - {name: s, service: nginx}\n",
        "tls": "  - {name: t, tls: 'example.com:443'}\n",
        "grpc (plaintext)": "  - {name: g, grpc: '127.0.0.1:50051'}\n",
        "redis": "  - {name: r, redis: '127.0.0.1:6379'}\n",
        "postgres": "  - {name: pg, postgres: '127.0.0.1:5432'}\n",
        "mysql": "  - {name: m, mysql: '127.0.0.1:3306'}\n",
        "mongo": "  - {name: mg, mongo: '127.0.0.1:27017'}\n",
    }
    baseline = None
    for kind, probe in kinds.items():
        slug = "".join(c if c.isalnum() else "-" for c in kind)
        path = work / f"kind-{slug}.yaml"
        out = work / f"kind-{slug}"
        path.write_text(f"suite: kind\nprobes:\n{base}{probe}")
        res = run([str(PROBEKIT), "build", str(path), "--target", target, "-o", str(out)], env=env)
        if res.returncode != 0:
            log(res.stderr)
            continue
        size = out.stat().st_size
        if baseline is None:
            baseline = size
        row(section, f"{kind} ({target})", round(size / 1024), "KB", None,
            "baseline" if size == baseline else f"+{round((size - baseline) / 1024)} KB")


# --- 3. metrics parsing -----------------------------------------------------------------------

def parsing():
    section = "parse and validate a /metrics page"
    page = work / "www" / "metrics"
    size = page.stat().st_size
    # Quick: the test build's profile, so that CI compiles no release build for it.
    profile = ["--profile", "dev"] if QUICK else []
    out = run(["cargo", "bench", "--quiet", *profile, "--bench", "parse", "--", str(page),
               "5" if QUICK else "20"], cwd=ROOT)
    if out.returncode != 0:
        log(out.stderr)
        return
    ours = None
    for line in out.stdout.splitlines():
        parts = line.split()
        if parts and parts[0] == "probekit":
            ours = float(parts[1])
            row(section, "probekit", ours, "MB/s", 1.0, f"{size / 1e6:.1f} MB page")
        elif parts and parts[0] == "prometheus-parse":
            theirs = float(parts[1])
            row(section, "prometheus-parse crate", theirs, "MB/s", round(ours / theirs, 1))
    code = (
        "import sys,time\nfrom prometheus_client.parser import text_string_to_metric_families as p\n"
        "t=open(sys.argv[1]).read()\ns=time.perf_counter()\nn=sum(len(f.samples) for f in p(t))\n"
        "print(time.perf_counter()-s)\n"
    )
    py = run([sys.executable, "-c", code, str(page)])
    if py.returncode == 0:
        rate = size / 1e6 / float(py.stdout)
        row(section, "Python prometheus_client", round(rate, 1), "MB/s", round(ours / rate, 1))
    if have("promtool"):
        t = best(3, lambda: wall(["sh", "-c", f"promtool check metrics < {page}"])[0])
        rate = size / 1e6 / t
        row(section, "promtool check metrics", round(rate, 1), "MB/s", round(ours / rate, 1), "includes linting and process start")


# --- 4. scale ---------------------------------------------------------------------------------

def scale():
    section = "scale: one suite of N probes"
    for n in ([1000] if QUICK else [10000, 100000]):
        s = suite(n)
        def load():
            t, out = wall([PROBEKIT, "validate", str(s)])
            if out.returncode != 0:
                raise SystemExit(f"probekit validate failed: {out.stderr}")
            return t

        t_load = best(3, load)
        result = work / "scale.json"
        result.unlink(missing_ok=True)
        _, out = wall(["/usr/bin/time", "-v", PROBEKIT, "run", str(s), "--format", "json", "-o", str(result)])
        if out.returncode not in (0, 1):
            raise SystemExit(f"probekit run of {n} probes failed: {out.stderr[-2000:]}")
        rss_kb = next(int(l.split(":")[1]) for l in out.stderr.splitlines() if "Maximum resident" in l)
        report = json.loads(result.read_text())
        rate = n / report["duration_seconds"]
        row(section, f"{n} probes: load + validate", round(t_load * 1000, 1), "ms")
        row(section, f"{n} probes: run", round(rate), "checks/s", None, f"{report['summary']['pass']} passed")
        row(section, f"{n} probes: peak RSS", round(rss_kb / 1024, 1), "MB")


def serve_scale():
    """`probekit serve` with N probes at a 30 s interval against nginx, for some minutes: CPU,
    memory, descriptors, and how late scheduled runs start (its own /-/metrics)."""
    section = "serve: 100,000 probes every 30 s"
    n = 2000 if QUICK else 100000
    minutes = float(os.environ.get("BENCH_SERVE_MINUTES", "0.25" if QUICK else "10"))
    s = suite(n, concurrency=64)
    s.write_text(s.read_text().replace("defaults: {timeout: 5s}", "defaults: {timeout: 5s, interval: 30s}"))
    port = free_port()
    p = start([PROBEKIT, "serve", str(s), "--listen", f"127.0.0.1:{port}"])
    if not alive(p, port):
        raise SystemExit("probekit serve did not start")
    import urllib.request

    def get(path, timeout=120):
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=timeout) as r:
            return r.read()

    tick = os.sysconf("SC_CLK_TCK")

    def sample():
        stat = Path(f"/proc/{p.pid}/stat").read_text().rsplit(")", 1)[1].split()
        cpu = (int(stat[11]) + int(stat[12])) / tick
        rss = next(int(l.split()[1]) for l in Path(f"/proc/{p.pid}/status").read_text().splitlines()
                   if l.startswith("VmRSS:"))
        fds = len(os.listdir(f"/proc/{p.pid}/fd"))
        return time.monotonic(), cpu, rss, fds

    def lag():
        """The summary: {"0.5": s, "0.99": s, "1": s, "sum": s, "count": n}."""
        out = {}
        for line in get("/-/metrics").decode().splitlines():
            if not line.startswith("probekit_serve_schedule_lag_seconds"):
                continue
            key, value = line.rsplit(" ", 1)
            if 'quantile="' in key:
                key = key.split('quantile="')[1].split('"')[0]
            else:
                key = key.rsplit("_", 1)[-1]
            out[key] = float(value)
        return out

    # The first minute loads the suite and spreads the first runs: not the steady state.
    warmup = 5 if QUICK else 60
    time.sleep(warmup)
    first = sample()
    peak_rss, peak_fds = first[2], first[3]
    lag_start = lag()
    end = time.monotonic() + minutes * 60
    while time.monotonic() < end:
        time.sleep(5)
        t, cpu, rss, fds = sample()
        peak_rss, peak_fds = max(peak_rss, rss), max(peak_fds, fds)
    last = sample()
    lag_end = lag()
    runs = lag_end.get("count", 0) - lag_start.get("count", 0)
    seconds = last[0] - first[0]
    cpu_share = (last[1] - first[1]) / seconds
    t0 = time.monotonic()
    page = get("/metrics")
    scrape = time.monotonic() - t0
    after_scrape = sample()[2]
    p.send_signal(signal.SIGTERM)
    p.wait(timeout=30)
    row(section, f"{n} probes: CPU", round(cpu_share * 100, 1), "% of one core", None,
        f"goal ≤ 25%; {round(runs / seconds)} runs/s over {round(seconds / 60, 1)} min (due: {round(n / 30)}/s)")
    row(section, f"{n} probes: peak RSS", round(peak_rss / 1024, 1), "MB", None, "goal ≤ 150 MB")
    ms = {q: round(lag_end.get(q, float("nan")) * 1000, 1) for q in ("0.5", "0.99", "1")}
    row(section, f"{n} probes: schedule lag p99", ms["0.99"], "ms", None,
        f"goal ≤ 50 ms; p50 {ms['0.5']} ms, max {ms['1']} ms (latest 65,536 runs)")
    row(section, f"{n} probes: open descriptors (peak)", peak_fds, "")
    row(section, f"{n} probes: one /metrics scrape", round(scrape, 2), "s", None,
        f"{round(len(page) / 1e6, 1)} MB; RSS after it {round(after_scrape / 1024, 1)} MB")


def scrape_memory():
    """Peak memory of one metrics probe over a large page whose every series its rule selects,
    as a multiple of the page: the hardening goal is at most 3x."""
    section = "memory of one scrape: a rule that selects every series of a large page"
    target_mb = 8 if QUICK else 64
    pages = {
        "4-label series": lambda i: (
            f'load_requests_total{{method="{("GET", "POST", "PUT")[i % 3]}",code="{200 + i % 7}",'
            f'pod="web-{i % 97}",path="/api/v1/items/{i}"}} {i * 7}\n'),
        "1-label series": lambda i: f'up{{i="{i}"}} {i % 2}\n',
    }
    for label, line in pages.items():
        page = work / f"scrape-{label.split()[0]}.prom"
        metric = line(0).split("{")[0]
        with page.open("w") as f:
            i, size = 0, 0
            while size < target_mb * 1e6:
                text = line(i)
                f.write(text)
                size += len(text)
                i += 1
        size = page.stat().st_size
        for windowed in (False, True):
            test = (f'{{metric: "{metric}", increase: ">= 0"}}' if windowed
                    else f'{{metric: "{metric}", aggregate: sum, value: ">= 0"}}')
            window = "\n      window: 1s" if windowed else ""
            s = work / "scrape-memory.yaml"
            s.write_text(f"""suite: scrape memory
probes:
  - name: every series
    metrics:
      file: {page}
      timeout: 60s{window}
    expect:
      - {test}
""")
            _, out = wall(["/usr/bin/time", "-v", PROBEKIT, "run", str(s), "--format", "json"])
            if out.returncode != 0:
                raise SystemExit(f"probekit run of the scrape-memory suite failed: {out.stdout[-2000:]}{out.stderr[-2000:]}")
            rss = next(int(l.split(":")[1]) for l in out.stderr.splitlines() if "Maximum resident" in l) * 1024
            what = f"{label}, {'window (two pages)' if windowed else 'one page'}"
            row(section, what, round(rss / 1e6, 1), "MB peak RSS", None,
                f"{size / 1e6:.0f} MB page, {i:,} series: {rss / size:.2f}x the page (goal <= 3x)")


# --- 5. timeout precision ---------------------------------------------------------------------

def timeouts():
    section = "timeout precision: 200 probes of a server that never answers, timeout 500ms"
    # Both of the target's ports free (the one after TARGET_PORT may be another's), and a
    # target that did not start is said, not waited for.
    p = start([PROBEKIT, "target", "--http-port", str(TARGET_PORT), "--tcp-port", str(free_port())])
    if not alive(p, TARGET_PORT):
        log("bench: probekit's target did not start; no timeout figures")
        return
    s = suite(200, concurrency=200, url=f"http://127.0.0.1:{TARGET_PORT}/sleep/60000", timeout="500ms")
    _, out = wall([PROBEKIT, "run", str(s), "--format", "json"])
    report = json.loads(out.stdout)
    durations = [p["duration_seconds"] for p in report["probes"]]
    kinds = {p.get("error", {}).get("type") for p in report["probes"]}
    row(section, "earliest timeout", round(min(durations) * 1000, 1), "ms")
    row(section, "latest timeout", round(max(durations) * 1000, 1), "ms", None, f"error types: {sorted(k or 'none' for k in kinds)}")
    row(section, "whole run", round(report["duration_seconds"] * 1000, 1), "ms")


def databases():
    """One-shot database checks next to the client tools they replace: `probekit check redis`
    vs `redis-cli ping`, `check postgres` vs `pg_isready`, `check mysql` vs `mysqladmin ping`,
    each against a real server on loopback started here."""
    section = "one-shot database checks: start, ask the server, exit (hyperfine)"
    if not have("hyperfine"):
        return
    pairs = []
    if have("redis-server") and have("redis-cli"):
        port = free_port()
        p = start(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                   "--dir", str(work)])
        if alive(p, port):
            pairs.append(("redis", f"{PROBEKIT} check redis 127.0.0.1:{port}",
                          "redis-cli ping", f"redis-cli -p {port} ping"))
    pg_bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"))
    if pg_bins and have("pg_isready"):
        bindir = pg_bins[-1].parent
        data = work / "pg"
        data.mkdir()
        as_pg = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if as_pg:
            shutil.chown(data, "postgres")
        init = run(as_pg + [str(bindir / "initdb"), "-D", str(data / "data"), "-U", "postgres"])
        port = free_port()
        if init.returncode == 0:
            p = start(as_pg + [str(bindir / "postgres"), "-D", str(data / "data"), "-c",
                               f"port={port}", "-c", "listen_addresses=127.0.0.1", "-c",
                               f"unix_socket_directories={data}"])
            if alive(p, port):
                pairs.append(("postgres", f"{PROBEKIT} check postgres 127.0.0.1:{port}",
                              "pg_isready", f"pg_isready -h 127.0.0.1 -p {port}"))
    if have("mariadb-install-db") and os.path.exists("/usr/sbin/mariadbd") and have("mysqladmin"):
        data = work / "mysql"
        user = os.environ.get("USER") or "root"
        init = run(["mariadb-install-db", "--no-defaults", "--skip-test-db",
                    f"--datadir={data}", f"--user={user}"])
        port = free_port()
        if init.returncode == 0:
            p = start(["/usr/sbin/mariadbd", "--no-defaults", f"--datadir={data}", f"--port={port}",
                       "--bind-address=127.0.0.1", f"--socket={work / 'mysql.sock'}",
                       f"--pid-file={work / 'mysql.pid'}", f"--user={user}"])
            if alive(p, port):
                pairs.append(("mysql", f"{PROBEKIT} check mysql 127.0.0.1:{port}",
                              "mysqladmin ping", f"mysqladmin -h 127.0.0.1 -P {port} ping"))
    one_shots(section, pairs)


def one_shots(section, pairs):
    """Each (kind, probekit's command, the tool, its command) pair timed together by hyperfine."""
    runs = 20 if QUICK else 200
    for kind, ours, tool, theirs in pairs:
        export = work / f"hyperfine-{kind}.json"
        out = run(["hyperfine", "-N", "--warmup", "10", "--runs", str(runs), "--export-json",
                   str(export), "-n", f"probekit check {kind}", ours, "-n", tool, theirs])
        if out.returncode != 0:
            log(out.stderr)
            continue
        data = json.loads(export.read_text())["results"]
        mine = data[0]["mean"]
        for r in data:
            row(section, r["command"], round(r["mean"] * 1000, 2), "ms mean",
                round(r["mean"] / mine, 2), f"±{r['stddev'] * 1000:.2f} ms")


def kinds():
    """The other probe kinds next to the commands they replace: `check dns` vs `dig` (against a
    dnsmasq started here), `check process` vs `pgrep`, `check file` vs `stat`, `check disk` vs
    `df`, `check memory` vs `free`."""
    section = "one-shot checks of other kinds: start, check, exit (hyperfine)"
    if not have("hyperfine"):
        return
    pairs = []
    if have("dnsmasq") and have("dig"):
        port = free_port()
        start(["dnsmasq", "--keep-in-foreground", f"--port={port}", "--listen-address=127.0.0.1",
               "--bind-interfaces", "--no-resolv", "--no-hosts", "--conf-file=/dev/null",
               "--pid-file=", "--user=", "--group=", "--host-record=www.test,10.0.0.2"])
        time.sleep(0.3)
        pairs.append(("dns", f"{PROBEKIT} check dns www.test @127.0.0.1:{port}",
                      "dig +short", f"dig +short +tries=1 -p {port} @127.0.0.1 www.test"))
    pairs.append(("process", f"{PROBEKIT} check process --pattern python3", "pgrep -f",
                  "pgrep -f python3"))
    pairs.append(("file", f"{PROBEKIT} check file /etc/hostname -e type=file", "stat",
                  "stat /etc/hostname"))
    pairs.append(("disk", f"{PROBEKIT} check disk / -e 'used < 100%'", "df", "df /"))
    pairs.append(("memory", f"{PROBEKIT} check memory", "free", "free"))
    pairs.append(("icmp", f"{PROBEKIT} check icmp 127.0.0.1", "ping -c1", "ping -c1 -q 127.0.0.1"))
    one_shots(section, pairs)


def main():
    try:
        start_nginx()
        results["machine"] = {
            "cores": os.cpu_count(),
            "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
            "os": platform.platform(),
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        }
        steps = (throughput, latency, databases, kinds, kind_sizes, parsing, scale, serve_scale, scrape_memory, timeouts)
        only = [a.split("=", 1)[1] for a in sys.argv if a.startswith("--only=")]
        for step in steps:
            if only and step.__name__ not in only[0].split(","):
                continue
            log(f"bench: {step.__name__} …")
            step()
    finally:
        stop_all()
    m = results["machine"]
    print(f"\nprobekit benchmarks — {m['cores']} cores, {m['memory_gb']} GB, {m['os']}, {m['date']}"
          + (" (quick mode: small sizes, figures not comparable)" if QUICK else ""))
    section = None
    for sec, tool, figure, unit, ratio, note in rows:
        if sec != section:
            section = sec
            print(f"\n## {sec}\n")
            print("| tool | figure | probekit vs it | note |\n| --- | --- | --- | --- |")
        r = "" if ratio is None else f"{ratio}×"
        print(f"| {tool} | {figure} {unit} | {r} | {note} |")
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    name = "quick.json" if QUICK else time.strftime("%Y%m%d-%H%M%S.json", time.gmtime())
    (out_dir / name).write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nraw results: bench/results/{name}")


if __name__ == "__main__":
    main()
