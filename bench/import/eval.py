#!/usr/bin/env python3
"""Import evaluation on real scripts: declarative share, and the script's verdict against the
imported suite's over four stand-in target states (healthy, failing, wrong body, down)."""
import http.server, json, os, re, socketserver, subprocess, sys, threading, time
from pathlib import Path

PROBEKIT = sys.argv[1]
ROOT = Path(__file__).parent
OUT = ROOT / "out"; OUT.mkdir(exist_ok=True)
HEALTHY = b'{"status": "UP", "health": "ok", "healthy": true, "ok": true, "message": "OK pong"}\n'
WRONG = b'{"status": "DOWN", "error": "maintenance"}\n'
MODES = {"healthy": (200, HEALTHY), "failing": (500, HEALTHY), "wrong-body": (200, WRONG), "down": None}

class Handler(http.server.BaseHTTPRequestHandler):
    status, body = 200, HEALTHY
    def answer(self):
        n = int(self.headers.get("Content-Length") or 0)
        if n: self.rfile.read(n)
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        if self.command != "HEAD": self.wfile.write(self.body)
    do_GET = do_POST = do_HEAD = do_PUT = answer
    def log_message(self, *a): pass

class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    allow_reuse_address = True
    daemon_threads = True

def ports_of(text):
    ports = set()
    for m in re.finditer(r'(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\$\{?HOST[^}]*\}?)[:"\' ]+(?:\$\{[A-Z_]+:-)?(\d{2,5})', text):
        ports.add(int(m.group(1)))
    for m in re.finditer(r'https?://(?:localhost|127\.0\.0\.1|0\.0\.0\.0)(?=[/"\'\s]|$)', text):
        ports.add(443 if m.group(0).startswith("https") else 80)
    for m in re.finditer(r'(?:PORT|port)[A-Z_]*[=:-]+"?(\d{2,5})', text):
        ports.add(int(m.group(1)))
    return sorted(p for p in ports if 0 < p < 65536)

def run(cmd, timeout, cwd):
    try:
        p = subprocess.run(cmd, cwd=cwd, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)
        return p.returncode
    except subprocess.TimeoutExpired:
        return "timeout"

def main():
    rows = []
    scripts = sorted((ROOT / "scripts").iterdir())
    for script in scripts:
        text = script.read_text(errors="replace")
        yaml = OUT / (script.stem + ".yaml")
        imp = subprocess.run([PROBEKIT, "import", str(script), "-o", str(yaml), "--format", "json"],
                             capture_output=True, text=True, timeout=60)
        row = {"script": script.name, "import_exit": imp.returncode}
        if imp.returncode != 0:
            row["error"] = imp.stderr.strip()[:300]
            rows.append(row); continue
        rep = json.loads(imp.stdout)
        row.update(probes=len(rep["probes"]), declarative=rep["declarative"], kept=rep["kept"],
                   language=rep["language"])
        ports = ports_of(text)
        row["ports"] = ports
        verdicts = {}
        interp = ["python3"] if script.suffix == ".py" else ["bash"]
        for mode, spec in MODES.items():
            servers = []
            if spec is not None:
                for port in ports:
                    if port == 443: continue
                    h = type("H", (Handler,), {"status": spec[0], "body": spec[1]})
                    try:
                        s = Server(("127.0.0.1", port), h)
                    except OSError:
                        continue
                    threading.Thread(target=s.serve_forever, daemon=True).start()
                    servers.append(s)
            time.sleep(0.05)
            s_code = run(interp + [str(script)], 20, ROOT)
            p_code = run([PROBEKIT, "run", str(yaml), "--no-progress"], 40, ROOT)
            for s in servers:
                s.shutdown(); s.server_close()
            verdicts[mode] = {"script": s_code, "suite": p_code,
                              "same": (s_code == 0) == (p_code == 0)}
        row["verdicts"] = verdicts
        rows.append(row)
        print(json.dumps(row), flush=True)
    (ROOT / "results.json").write_text(json.dumps(rows, indent=1))
    imported = [r for r in rows if r["import_exit"] == 0]
    probes = sum(r["probes"] for r in imported); decl = sum(r["declarative"] for r in imported)
    cases = [v for r in imported for v in r["verdicts"].values()]
    same = sum(v["same"] for v in cases)
    informative = [r for r in imported if len({v["script"] == 0 for v in r["verdicts"].values()}) > 1]
    icases = [v for r in informative for v in r["verdicts"].values()]
    print(f"scripts {len(rows)}, imported {len(imported)}; probes {probes}, declarative {decl} "
          f"({100*decl/max(probes,1):.0f}%); same verdict {same}/{len(cases)} ({100*same/max(len(cases),1):.0f}%); "
          f"scripts whose verdict changes with the target: {len(informative)}, same verdict there "
          f"{sum(v['same'] for v in icases)}/{len(icases)}")
main()
