#!/usr/bin/env python3
"""The import evaluation on real scripts: `scripts/import-eval.sh DIR MANIFEST [PROBEKIT]`.

For each script of the manifest (DIR holds the files; the manifest names them, with the
arguments and environment to run them with): `probekit import`, `probekit validate`, then the
script and its suite side by side, each state in a network namespace of its own (`unshare -rnm`:
only a loopback, and an /etc/hosts where every name a script may use — db, redis, postgres… — is
127.0.0.1), against stand-ins in four states:

  healthy     HTTP 200 with a body that says healthy in the usual words; CLI stubs succeed
  failing     HTTP 503; CLI stubs fail
  wrong-body  HTTP 200 with a body that says DOWN; CLI stubs answer something unexpected
  down        nothing listens; CLI stubs cannot connect

A row's arguments and environment may say {PORT} and {BASE}: the first port the script names
(or its tool's usual one; else 8080) and http://127.0.0.1:PORT.

The stand-in servers listen on every port the script or its arguments name (and the usual port
of a database tool or driver it calls). Each reads the client's first bytes and answers in its protocol,
in the same state as the CLI stubs: HTTP; redis (PONG, LOADING, NOAUTH); PostgreSQL (an
authentication request, or "the database system is starting up"); MySQL, which speaks first (a
greeting, or "Too many connections"); MongoDB over OP_MSG (isMaster, or "shutting down"). The
CLI stubs (redis-cli, pg_isready, psql, mysqladmin, mysql, mongosh, mongo, systemctl, pgrep,
supervisorctl, service) answer as the real tools do and are put first
on PATH for both the script and the suite; the MongoDB shells given a user fail where the
stand-in refuses logins.

Scripts with `#!/usr/bin/python3` run on the system's Python: the Debian package python3-requests
gives them `requests`, as the images they were written for have it.

It prints the table the import issue asks for (imported, validated, declarative probes, fully
declarative scripts, same verdict per state) and every disagreement with the import report's
reasons, and writes the rows as JSON next to the manifest (MANIFEST.tsv → MANIFEST.eval.json), so that
both halves of a batch can be measured at once.
"""
import concurrent.futures
import csv
import http.server
import json
import os
import re
import shlex
import signal
import socket
import socketserver
import struct
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

try:
    import yaml  # PyYAML, when installed: a second reader of the suites
except ImportError:
    yaml = None

STATES = ["healthy", "failing", "wrong-body", "down"]
SCRIPT_TIMEOUT = 20
SUITE_TIMEOUT = 60
NAMES = ("db database postgres postgresql mysql mariadb redis cache kafka zookeeper rabbitmq "
         "elasticsearch es mongo mongodb memcached app api web backend frontend server nginx "
         "keycloak vault consul etcd minio myappdb broker queue service host").split()

def host_names(text):
    """The host names a script or its suite connects to (`-h falko-db`, `://api.internal`,
    `host='mysql'`, `address: db-1:5432`): all of them are 127.0.0.1 in the namespace, where
    the CLI stand-ins, which ignore the host, would otherwise pass where the suite's own
    lookup fails."""
    found = set()
    for pattern in (r"://(?:[^/@\s'\"]*@)?([A-Za-z][\w.-]*)",
                    r"(?:\s-h|\s-H|--host|--hostname)[= ]+['\"]?([A-Za-z][\w.-]*)",
                    r"\bhost(?:name)?\s*[=:]\s*['\"]([A-Za-z][\w.-]*)['\"]",
                    r"address: \"?([A-Za-z][\w.-]*):\d"):
        found.update(re.findall(pattern, text))
    return sorted(n.rstrip(".-") for n in found
                  if "." not in n or not n.rsplit(".", 1)[-1].isdigit())


HEALTHY = {"status": "UP", "health": "ok", "healthy": True, "ok": True, "ready": True,
           "message": "OK pong", "database": "ok", "state": "running", "result": "success",
           "checks": {"db": "UP"}}
WRONG = {"status": "DOWN", "health": "failing", "healthy": False, "ok": False, "ready": False,
         "message": "maintenance", "database": "error", "state": "stopped", "error": "maintenance"}
METRICS_OK = "# TYPE up gauge\nup 1\n# TYPE node_load1 gauge\nnode_load1 0.5\n"
METRICS_BAD = "# TYPE up gauge\nup 0\n# TYPE node_load1 gauge\nnode_load1 99\n"

STUBS = {
    "redis-cli": {"healthy": (0, "PONG"), "failing": (0, "LOADING Redis is loading the dataset in memory"),
                  "wrong-body": (0, "NOAUTH Authentication required."),
                  "down": (1, "Could not connect to Redis at 127.0.0.1:6379: Connection refused")},
    "pg_isready": {"healthy": (0, "127.0.0.1:5432 - accepting connections"),
                   "failing": (1, "127.0.0.1:5432 - rejecting connections"),
                   "wrong-body": (1, "127.0.0.1:5432 - rejecting connections"),
                   "down": (2, "127.0.0.1:5432 - no response")},
    "psql": {"healthy": (0, "1"), "failing": (2, "psql: error: connection refused"),
             "wrong-body": (0, "0"), "down": (2, "psql: error: connection refused")},
    # "Too many connections" (the stand-in's refusal) fails `ping` (only "Access denied" passes it).
    "mysqladmin": {"healthy": (0, "mysqld is alive"), "failing": (1, "mysqladmin: connect failed"),
                   "wrong-body": (1, "mysqladmin: connect failed"), "down": (1, "mysqladmin: connect failed")},
    "mysql": {"healthy": (0, "1"), "failing": (1, "ERROR 2003"), "wrong-body": (0, "0"),
              "down": (1, "ERROR 2003")},
    # A ping (`--eval 'db.adminCommand("ping").ok'`): the MongoDB stand-in's states — a
    # refused login (wrong-body) still answers a ping, and one shutting down (failing) does not.
    "mongosh": {"healthy": (0, "1"), "failing": (1, "MongoServerSelectionError: node is shutting down"),
                "wrong-body": (0, "1"), "down": (1, "MongoNetworkError: connect ECONNREFUSED 127.0.0.1:27017")},
    "mongo": {"healthy": (0, "1"), "failing": (1, "Error: couldn't connect to server: node is shutting down"),
              "wrong-body": (0, "1"), "down": (1, "Error: couldn't connect to server 127.0.0.1:27017, connection attempt failed")},
    "systemctl": {"healthy": (0, "active"), "failing": (3, "failed"), "wrong-body": (3, "inactive"),
                  "down": (3, "inactive")},
    "service": {"healthy": (0, "is running"), "failing": (3, "is not running"),
                "wrong-body": (3, "is not running"), "down": (3, "is not running")},
    "pgrep": {"healthy": (0, "4242"), "failing": (1, ""), "wrong-body": (1, ""), "down": (1, "")},
    "supervisorctl": {"healthy": (0, "app RUNNING pid 42, uptime 1:00:00"),
                      "failing": (3, "app FATAL Exited too quickly"),
                      "wrong-body": (3, "app STOPPED"), "down": (4, "unix:///var/run/supervisor.sock no such file")},
}


def ports_of(text):
    """Ports a script (or its arguments and environment) names."""
    ports = set()
    patterns = [
        r'(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]|::1|\$\{?[A-Za-z_]*HOST[A-Za-z_]*\}?|\b(?:%s))[:"\' ,]+(?:\$\{[A-Za-z_]+:-)?(\d{2,5})\b' % "|".join(NAMES),
        r'(?i)port[a-z_]*\s*[=:]\s*["\']?(?:\$\{[A-Za-z_]+:-)?(\d{2,5})\b',
        r'(?i)(?:os\.environ\.get|getenv)\(\s*["\'][A-Z_]*PORT[A-Z_]*["\']\s*,\s*["\']?(\d{2,5})',
        r'(?:-p|--port)[ =](\d{2,5})\b',
        r'nc\s+(?:-[a-zA-Z]+\s+)*\S+\s+(\d{2,5})\b',
        r'/dev/tcp/[^/\s]+/(\d{2,5})\b',
    ]
    for p in patterns:
        for m in re.finditer(p, text):
            ports.add(int(m.group(1)))
    if re.search(r'https?://(?:localhost|127\.0\.0\.1|0\.0\.0\.0|[a-z]+)(?=[/"\'\s]|$)', text):
        ports.add(80)
    # The tools' and drivers' own ports, where the script names none.
    for tool, port in (("redis-cli", 6379), ("pg_isready", 5432), ("mysqladmin", 3306),
                       ("mongo", 27017), ("MongoClient", 27017), ("psql", 5432),
                       ("psycopg", 5432), ("asyncpg", 5432), ("pg8000", 5432),
                       ("mysql.connector", 3306), ("pymysql", 3306), ("MySQLdb", 3306),
                       ("import redis", 6379), ("from redis", 6379)):
        if tool in text:
            ports.add(port)
    return sorted(p for p in ports if 0 < p < 65536 and p != 443)


class Handler(http.server.BaseHTTPRequestHandler):
    state = "healthy"
    protocol_version = "HTTP/1.1"

    def answer(self):
        n = int(self.headers.get("Content-Length") or 0)
        if n:
            self.rfile.read(n)
        path = self.path.split("?")[0]
        metrics = path.endswith("/metrics")
        if self.state == "failing":
            status, body = 503, json.dumps(WRONG if not metrics else {})
        elif self.state == "wrong-body":
            status, body = 200, (METRICS_BAD if metrics else json.dumps(WRONG))
        else:
            status, body = 200, (METRICS_OK if metrics else json.dumps(HEALTHY))
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; version=0.0.4" if metrics else "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    do_GET = do_POST = do_HEAD = do_PUT = do_OPTIONS = answer

    def log_message(self, *a):
        pass


def redis_reply(state, words):
    # HELLO (redis-py 7 opens with it): the server's description, in RESP2.
    if words and words[0].upper() == b"HELLO":
        # `HELLO 3` is answered in RESP3, as a map.
        resp3 = len(words) > 1 and words[1] == b"3"
        pairs = [b"server", b"redis", b"version", b"7.2.4", b"proto", 3 if resp3 else 2,
                 b"id", 1, b"mode", b"standalone", b"role", b"master", b"modules", []]
        out = b"%%%d\r\n" % (len(pairs) // 2) if resp3 else b"*%d\r\n" % len(pairs)
        for p in pairs:
            if isinstance(p, int):
                out += b":%d\r\n" % p
            elif isinstance(p, list):
                out += b"*0\r\n"
            else:
                out += b"$%d\r\n%s\r\n" % (len(p), p)
        return out
    if words and words[0].upper() == b"PING":
        return {"healthy": b"+PONG\r\n",
                "failing": b"-LOADING Redis is loading the dataset in memory\r\n"}.get(
                    state, b"-NOAUTH Authentication required.\r\n")
    return b"+OK\r\n"


# What redis answers as an inline command too (`echo PING | nc host 6379`): a line of words.
REDIS_INLINE = (b"PING", b"INFO", b"AUTH", b"QUIT", b"ECHO", b"ROLE", b"DBSIZE")


def serve_redis(conn, state):
    f = conn.makefile("rb")
    while True:
        line = f.readline()
        if not line:
            return
        if line.startswith(b"*"):
            words = []
            for _ in range(int(line[1:])):
                n = int(f.readline()[1:])
                words.append(f.read(n + 2)[:-2])
        elif line.split()[:1] and line.split()[0].upper() in REDIS_INLINE:
            words = line.split()
        else:
            return
        conn.sendall(redis_reply(state, words))
        if words and words[0].upper() == b"QUIT":
            return


def serve_postgres(conn, state):
    head = conn.recv(8, socket.MSG_WAITALL)
    if head[4:8] == struct.pack("!i", 80877103):  # SSLRequest: no TLS here
        conn.sendall(b"N")
        head = conn.recv(8, socket.MSG_WAITALL)
    length = struct.unpack("!i", head[:4])[0]
    conn.recv(max(0, length - 8), socket.MSG_WAITALL)
    if state == "healthy":
        conn.sendall(b"R" + struct.pack("!ii", 8, 3))  # a password, please: accepting
        serve_postgres_session(conn)
    else:
        body = b"SFATAL\0C57P03\0Mthe database system is starting up\0\0"
        conn.sendall(b"E" + struct.pack("!i", len(body) + 4) + body)


def pg_message(tag, body):
    return tag + struct.pack("!i", len(body) + 4) + body


def serve_postgres_session(conn):
    """Any password logs in; every SELECT answers one row, `1`, and any other statement
    (a driver's `BEGIN`) completes; until Terminate."""
    while True:
        head = conn.recv(5, socket.MSG_WAITALL)
        if len(head) < 5 or head[:1] == b"X":
            return
        body = conn.recv(struct.unpack("!i", head[1:5])[0] - 4, socket.MSG_WAITALL)
        words = body.rstrip(b"\0").split()
        if head[:1] == b"Q" and words and words[0].upper() != b"SELECT":
            tag = words[0].upper().rstrip(b";")
            conn.sendall(pg_message(b"C", tag + b"\0") + pg_message(b"Z", b"T"))
            continue
        if head[:1] == b"p":
            out = pg_message(b"R", struct.pack("!i", 0))
            for k, v in (("server_version", "15.0"), ("server_encoding", "UTF8"),
                         ("client_encoding", "UTF8"), ("DateStyle", "ISO, MDY"),
                         ("integer_datetimes", "on"), ("standard_conforming_strings", "on")):
                out += pg_message(b"S", k.encode() + b"\0" + v.encode() + b"\0")
            conn.sendall(out + pg_message(b"K", struct.pack("!ii", 1, 2)) + pg_message(b"Z", b"I"))
        elif head[:1] == b"Q":
            field = b"?column?\0" + struct.pack("!ihihih", 0, 0, 23, 4, -1, 0)
            conn.sendall(pg_message(b"T", struct.pack("!h", 1) + field)
                         + pg_message(b"D", struct.pack("!hi", 1, 1) + b"1")
                         + pg_message(b"C", b"SELECT 1\0") + pg_message(b"Z", b"I"))


def serve_mysql(conn, state):
    if state == "healthy":
        body = (b"\x0a" + b"10.11.0-standin\0" + struct.pack("<I", 1) + b"abcdefgh\0"
                + struct.pack("<H", 0xf7ff) + b"\x2d" + struct.pack("<H", 2)
                + struct.pack("<H", 0x81ff) + b"\x15" + b"\0" * 10 + b"ijklmnopqrst\0"
                + b"mysql_native_password\0")
    else:
        body = b"\xff" + struct.pack("<H", 1040) + b"Too many connections"
    conn.sendall(struct.pack("<I", len(body))[:3] + b"\0" + body)
    if state != "healthy":
        return
    ok = b"\x00\x00\x00\x02\x00\x00\x00"
    seq = 2  # every login is welcome; then OK to each command until COM_QUIT
    while True:
        head = conn.recv(4, socket.MSG_WAITALL)
        if len(head) < 4:
            return
        payload = conn.recv(struct.unpack("<I", head[:3] + b"\0")[0], socket.MSG_WAITALL)
        if payload[:1] == b"\x01" and seq == 1:
            return
        conn.sendall(struct.pack("<I", len(ok))[:3] + bytes([seq]) + ok)
        seq = 1


class Sniffer(socketserver.BaseRequestHandler):
    """Answers in the protocol of the client's first bytes (MySQL's clients send none)."""
    state = "healthy"
    passwords = ()

    def handle(self):
        conn = self.request
        conn.settimeout(0.5)
        try:
            first = conn.recv(16, socket.MSG_PEEK)
        except socket.timeout:
            first = None
        except OSError:
            return
        conn.settimeout(10)
        try:
            if first is None:
                serve_mysql(conn, self.state)
            elif first == b"":
                return
            elif first.startswith(b"*") or (
                    first.split()[:1] and first.split()[0].upper() in REDIS_INLINE
                    and b" HTTP/" not in first):
                serve_redis(conn, self.state)
            elif len(first) >= 16 and struct.unpack("<i", first[12:16])[0] == 2013:
                serve_mongo(conn, self.state, self.passwords)
            elif first[0] == 0:
                serve_postgres(conn, self.state)
            else:
                h = type("H", (Handler,), {"state": self.state})
                h(conn, self.client_address, self.server)
        except (OSError, ValueError, struct.error):
            pass


class Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
    allow_reuse_address = True
    daemon_threads = True


def serve_mongo(conn, state, passwords):
    """MongoDB over OP_MSG, with pymongo's `bson`: healthy answers every command and takes a
    login whose password the row's environment gives (SCRAM-SHA-256 and SCRAM-SHA-1, checked
    as mongod checks them); failing answers isMaster `ok: 0` (shutting down); wrong-body
    answers isMaster and ping but refuses every login and every other command."""
    import base64, hashlib, hmac
    try:
        import bson
    except ImportError:
        return
    conversations = {}
    while True:
        head = conn.recv(16, socket.MSG_WAITALL)
        if len(head) < 16:
            return
        length, request_id, _, opcode = struct.unpack("<iiii", head)
        rest = conn.recv(length - 16, socket.MSG_WAITALL)
        if opcode != 2013 or len(rest) < length - 16:
            return
        body = bson.decode(rest[5:5 + struct.unpack("<i", rest[5:9])[0]])
        name = next(iter(body))
        refuse = {"ok": 0.0, "errmsg": "Authentication failed.", "code": 18,
                  "codeName": "AuthenticationFailed"}
        if name.lower() in ("ismaster", "hello"):
            reply = ({"ok": 0.0, "errmsg": "The server is in quiesce mode and will shut down",
                      "code": 91, "codeName": "ShutdownInProgress"} if state == "failing" else
                     {"ismaster": True, "isWritablePrimary": True, "maxWireVersion": 17,
                      "minWireVersion": 0, "maxBsonObjectSize": 16777216,
                      "maxMessageSizeBytes": 48000000, "maxWriteBatchSize": 100000,
                      "logicalSessionTimeoutMinutes": 30, "ok": 1.0})
            if state != "failing" and "saslSupportedMechs" in body:
                reply["saslSupportedMechs"] = ["SCRAM-SHA-1", "SCRAM-SHA-256"]
        elif name in ("ping", "buildInfo", "buildinfo", "endSessions"):
            reply = {"ok": 1.0, "version": "7.0.0-standin"}
        elif name == "saslStart" and state == "healthy":
            first = bytes(body["payload"]).decode()
            bare = first.split(",,", 1)[1]
            attrs = dict(kv.split("=", 1) for kv in bare.split(","))
            nonce = attrs["r"] + base64.b64encode(os.urandom(9)).decode()
            salt = os.urandom(16)
            server_first = "r=%s,s=%s,i=4096" % (nonce, base64.b64encode(salt).decode())
            conversations[1] = (body["mechanism"], attrs["n"], bare, server_first, nonce, salt)
            reply = {"conversationId": 1, "done": False,
                     "payload": bson.Binary(server_first.encode()), "ok": 1.0}
        elif name == "saslContinue" and state == "healthy" and 1 in conversations:
            mechanism, user, bare, server_first, nonce, salt = conversations[1]
            final = bytes(body["payload"]).decode()
            if final == "":
                reply = {"conversationId": 1, "done": True, "payload": b"", "ok": 1.0}
            else:
                reply = refuse
                without_proof, _, proof = final.rpartition(",p=")
                message = ",".join([bare, server_first, without_proof]).encode()
                for password in passwords:
                    if mechanism == "SCRAM-SHA-1":
                        secret = hashlib.md5(f"{user}:mongo:{password}".encode()).hexdigest()
                        digest = "sha1"
                    else:
                        secret, digest = password, "sha256"
                    key = hashlib.pbkdf2_hmac(digest, secret.encode(), salt, 4096)
                    client_key = hmac.new(key, b"Client Key", digest).digest()
                    signature = hmac.new(hashlib.new(digest, client_key).digest(), message,
                                         digest).digest()
                    expected = bytes(a ^ b for a, b in zip(client_key, signature))
                    if base64.b64decode(proof) == expected:
                        server_key = hmac.new(key, b"Server Key", digest).digest()
                        verifier = hmac.new(server_key, message, digest).digest()
                        reply = {"conversationId": 1, "done": True, "ok": 1.0,
                                 "payload": bson.Binary(b"v=" + base64.b64encode(verifier))}
                        break
        elif name.startswith("sasl"):
            reply = refuse
        elif state == "healthy":
            reply = {"ok": 1.0}
        else:
            reply = {"ok": 0.0, "errmsg": f"command {name} requires authentication",
                     "code": 13, "codeName": "Unauthorized"}
        out = bson.encode(reply)
        conn.sendall(struct.pack("<iiiiI", 21 + len(out), 0, request_id, 2013, 0) + b"\0" + out)


def inside(state, spec_path):
    """Runs in the namespace: loopback up, hosts mapped, stand-ins started, script then suite."""
    spec = json.loads(Path(spec_path).read_text())
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    hosts = Path(spec["work"]) / "hosts"
    names = " ".join(NAMES + [os.uname().nodename] + spec.get("names", []))
    hosts.write_text(f"127.0.0.1 localhost {names}\n::1 localhost ip6-localhost\n")
    subprocess.run(["mount", "--bind", str(hosts), "/etc/hosts"], check=False)
    servers = []
    if state != "down":
        for port in spec["ports"]:
            # The passwords the row gives: what the MongoDB stand-in's logins may use.
            passwords = [v for k, v in {**spec["env"], **spec.get("secrets", {})}.items()
                         if "PASS" in k.upper() or "PWD" in k.upper()]
            h = type("S", (Sniffer,), {"state": state, "passwords": passwords})
            try:
                s = Server(("127.0.0.1", port), h)
            except OSError:
                continue
            threading.Thread(target=s.serve_forever, daemon=True).start()
            servers.append(s)
    env = dict(os.environ)
    env.update(spec["env"])
    env["PATH"] = spec["stubs"] + ":" + env["PATH"]
    env["STUB_STATE"] = state
    out = {}
    for key, cmd, limit in (("script", spec["script_cmd"], SCRIPT_TIMEOUT),
                            ("suite", spec["suite_cmd"], SUITE_TIMEOUT)):
        # A /tmp of its own for each: a marker file the script leaves (`touch /tmp/healthy`)
        # must not decide the suite's run, nor another state's.
        subprocess.run(["mount", "-t", "tmpfs", "tmpfs", "/tmp"], check=False)
        t = time.monotonic()
        run_env = dict(env, **spec.get("secrets", {})) if key == "suite" else env
        try:
            code, stdout = run_bounded(cmd, run_env, spec["work"], limit)
            out[key] = code
            if key == "suite" and stdout is not None:
                out["suite_output"] = stdout.decode(errors="replace")[-600:]
        except OSError:  # e.g. a shebang ending in \r: the kernel finds no interpreter
            out[key] = 127
        out[key + "_seconds"] = round(time.monotonic() - t, 2)
    print(json.dumps(out))


def run_bounded(cmd, env, cwd, limit):
    """Runs `cmd` in a process group of its own: its exit code (or "timeout") and its stdout.
    At the limit the group gets SIGTERM (probekit then stops what its probes started), and
    SIGKILL 3 s later; whatever the run left in the group is killed too, so no state's
    leftovers (a wait loop's `sleep`, a killed suite's command) run on into the next."""
    p = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                         start_new_session=True)
    try:
        stdout, _ = p.communicate(timeout=limit)
        code = p.returncode
    except subprocess.TimeoutExpired:
        for sig, grace in ((signal.SIGTERM, 3), (signal.SIGKILL, 5)):
            try:
                os.killpg(p.pid, sig)
            except ProcessLookupError:
                break
            try:
                p.wait(timeout=grace)
                break
            except subprocess.TimeoutExpired:
                continue
        stdout, code = None, "timeout"
    try:
        os.killpg(p.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    return code, stdout


# The MongoDB shells given a user log in before they run anything: where the stand-in refuses
# every login (wrong-body), they fail as the real shells do, whatever they were to evaluate.
STUB_LOGIN_REFUSED = {
    "mongo": (1, "Error: Authentication failed."),
    "mongosh": (1, "MongoServerError: Authentication failed."),
}


def make_stubs(directory):
    directory.mkdir(parents=True, exist_ok=True)
    for name, answers in STUBS.items():
        lines = ["#!/bin/sh"]
        if name in STUB_LOGIN_REFUSED:
            code, text = STUB_LOGIN_REFUSED[name]
            lines += [
                "login=",
                'for a in "$@"; do',
                '  case "$a" in -u|-u?*|--username|--username=*|mongodb://*@*|mongodb+srv://*@*) login=1;; esac',
                "done",
                f'if [ -n "$login" ] && [ "$STUB_STATE" = wrong-body ]; then echo {shlex.quote(text)}; exit {code}; fi',
            ]
        lines.append('case "$STUB_STATE" in')
        for state, (code, text) in answers.items():
            # A tool with nothing to say prints nothing (pgrep finding no process), not an
            # empty line.
            say = f"echo {shlex.quote(text)}; " if text else ""
            lines.append(f"  {state}) {say}exit {code};;")
        lines += ["esac", "exit 1"]
        path = directory / name
        path.write_text("\n".join(lines) + "\n")
        path.chmod(0o755)


def interpreter_cmd(script, language):
    """How an operator runs the script: as a program when it has a shebang (the kernel reads
    it, so `#!/usr/bin/python` means that program), else by its language."""
    first = script.read_text(errors="replace").split("\n", 1)[0]
    if first.startswith("#!"):
        script.chmod(script.stat().st_mode | 0o111)
        return []
    if language.startswith("python") or script.suffix == ".py":
        return ["python3"]
    return ["sh"] if language == "sh" else ["bash"]


def evaluate(row, directory, probekit, out_dir, stubs):
    script = directory / row["file"]
    text = script.read_text(errors="replace")
    suite = out_dir / (script.stem + ".yaml")
    result = {"script": row["file"], "language": row["language"], "kind": row["kind"]}
    imp = subprocess.run([probekit, "import", str(script), "-o", str(suite), "--format", "json"],
                         capture_output=True, text=True, timeout=60)
    result["import_exit"] = imp.returncode
    if imp.returncode != 0:
        result["error"] = (imp.stderr or imp.stdout).strip()[:400]
        return result
    report = json.loads(imp.stdout)
    result["probes"] = len(report["probes"])
    result["declarative"] = report["declarative"]
    result["reasons"] = sorted({p["reason"] for p in report["probes"] if p.get("reason")})
    val = subprocess.run([probekit, "validate", str(suite)], capture_output=True, text=True)
    result["validates"] = val.returncode == 0
    # A second reader: another tool (a YAML 1.1 one) must read the suite too.
    if yaml is not None:
        try:
            yaml.safe_load(suite.read_text())
            result["yaml_1_1"] = True
        except yaml.YAMLError:
            result["yaml_1_1"] = False
    if val.returncode != 0:
        result["error"] = val.stderr.strip()[:400]
        return result
    # `{PORT}` and `{BASE}` in a row's arguments and environment: the first port the script
    # names (or its tool's or driver's usual one), else 8080, and `http://127.0.0.1:PORT`.
    named_ports = ports_of(text)
    port = str(named_ports[0] if named_ports else 8080)
    def placed(words):
        return (words or "").replace("{BASE}", f"http://127.0.0.1:{port}").replace("{PORT}", port)
    args = shlex.split(placed(row.get("args")))
    env = {}
    for word in shlex.split(placed(row.get("env"))):
        if "=" in word and re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", word):
            k, v = word.split("=", 1)
            env[k] = v
    # A secret the import moved to the environment (`the password was replaced by
    # ${ROOT_PASSWORD}`) is set for the suite, as the warning asks the operator to; the
    # stand-ins take any password.
    secrets = {}
    for w in report.get("warnings", []):
        for var in re.findall(r"replaced by \$\{([A-Za-z_][A-Za-z0-9_]*)\}", w.get("message", "")):
            secrets[var] = env.get(var, "eval-secret")
    ports = ports_of(text + " " + " ".join(args) + " " + " ".join(env.values()))
    # The port the row hands the script (`{PORT} 127.0.0.1`) is served even where nothing
    # around it says it is one.
    if any("{PORT}" in (row.get(k) or "") or "{BASE}" in (row.get(k) or "") for k in ("args", "env")):
        ports = sorted(set(ports) | {int(port)})
    work = Path(tempfile.mkdtemp(prefix="eval-", dir=out_dir))
    spec = {
        "work": str(work), "ports": ports, "env": env, "stubs": str(stubs), "secrets": secrets,
        "names": host_names(script.read_text(errors="replace") + "\n" + suite.read_text()),
        "script_cmd": interpreter_cmd(script, row["language"]) + [str(script)] + args,
        # The suite gets the script's arguments as the script does (its `args:`).
        # A Nagios plugin's suite is run as Nagios runs checks, for the plugin's codes.
        "suite_cmd": [probekit, "run", str(suite), "--no-progress", "--format",
                      "nagios" if report.get("nagios_plugin") else "tap"]
                     + (["--"] + args if args else []),
    }
    (work / "spec.json").write_text(json.dumps(spec))
    result["ports"] = ports
    verdicts = {}
    for state in STATES:
        p = subprocess.run(["unshare", "-rnm", sys.executable, __file__, "--inside", state,
                            str(work / "spec.json")], capture_output=True, text=True,
                           timeout=SCRIPT_TIMEOUT + SUITE_TIMEOUT + 30)
        try:
            v = json.loads(p.stdout.strip().splitlines()[-1])
        except (IndexError, ValueError):
            v = {"script": "harness", "suite": "harness", "error": p.stderr[-300:]}
        if report.get("nagios_plugin"):
            # OK, WARNING, and the rest (CRITICAL, UNKNOWN, a crash) are the verdicts.
            grade = lambda c: {0: 0, 1: 1}.get(c, 2)
            v["same"] = grade(v["script"]) == grade(v["suite"])
        else:
            v["same"] = (v["script"] == 0) == (v["suite"] == 0)
        verdicts[state] = v
    result["verdicts"] = verdicts
    return result


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--inside":
        inside(sys.argv[2], sys.argv[3])
        return
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    directory = Path(sys.argv[1]).resolve()
    manifest = Path(sys.argv[2]).resolve()
    probekit = str(Path(sys.argv[3] if len(sys.argv) > 3 else "target/release/probekit").resolve())
    only = os.environ.get("ONLY", "")
    rows = [r for r in csv.DictReader(manifest.open(), delimiter="\t")
            if (directory / r["file"]).exists() and only in r["file"]]
    # Not under /tmp: each run gets a fresh /tmp of its own.
    out_dir = Path(tempfile.mkdtemp(prefix="probekit-import-eval-", dir="/var/tmp"))
    stubs = out_dir / "stubs"
    make_stubs(stubs)
    results = []
    partial = manifest.with_suffix(".eval.jsonl").open("w")
    with concurrent.futures.ThreadPoolExecutor(max_workers=int(os.environ.get("JOBS", "12"))) as pool:
        futures = {pool.submit(evaluate, r, directory, probekit, out_dir, stubs): r for r in rows}
        for f in concurrent.futures.as_completed(futures):
            try:
                r = f.result()
            except Exception as e:  # a harness fault is reported, not hidden
                r = {"script": futures[f]["file"], "import_exit": "harness", "error": repr(e)}
            results.append(r)
            partial.write(json.dumps(r) + "\n")
            partial.flush()
            print(f"  {r['script']}: " + (
                " ".join(f"{s[:4]}={v['script']}/{v['suite']}" for s, v in r.get("verdicts", {}).items())
                or r.get("error", "")[:120]), file=sys.stderr, flush=True)
    results.sort(key=lambda r: r["script"])
    manifest.with_suffix(".eval.json").write_text(json.dumps(results, indent=1) + "\n")
    report(results)


def report(results):
    n = len(results)
    imported = [r for r in results if r.get("import_exit") == 0]
    valid = [r for r in imported if r.get("validates")]
    probes = sum(r["probes"] for r in imported)
    decl = sum(r["declarative"] for r in imported)
    full = sum(1 for r in imported if r["probes"] and r["declarative"] == r["probes"])
    cases = [(r, s, v) for r in valid for s, v in r["verdicts"].items()]
    same = sum(1 for _, _, v in cases if v["same"])
    pct = lambda a, b: f"{100 * a / b:.0f}%" if b else "-"
    print(f"\n| figure | value |\n| --- | --- |")
    print(f"| scripts | {n} |")
    print(f"| imported without error | {len(imported)} ({pct(len(imported), n)}) |")
    print(f"| suites that validate | {len(valid)} ({pct(len(valid), n)}) |")
    read = [r for r in imported if "yaml_1_1" in r]
    if read:
        ok = sum(1 for r in read if r["yaml_1_1"])
        print(f"| suites PyYAML reads too | {ok} of {len(read)} ({pct(ok, len(read))}) |")
    print(f"| probes declarative | {decl} of {probes} ({pct(decl, probes)}) |")
    print(f"| scripts fully declarative | {full} of {len(imported)} ({pct(full, len(imported))}) |")
    print(f"| same verdict (4 states) | {same} of {len(cases)} ({pct(same, len(cases))}) |")
    for state in STATES:
        sc = [v for _, s, v in cases if s == state]
        print(f"| same verdict, {state} | {sum(v['same'] for v in sc)} of {len(sc)} |")
    informative = [r for r in valid if len({v["script"] == 0 for v in r["verdicts"].values()}) > 1]
    ic = [v for r in informative for v in r["verdicts"].values()]
    print(f"| scripts whose verdict follows the target | {len(informative)}; same verdict there "
          f"{sum(v['same'] for v in ic)} of {len(ic)} |")
    print("\nDisagreements:")
    for r, s, v in cases:
        if not v["same"]:
            print(f"  {r['script']} ({s}): script {v['script']}, suite {v['suite']}; "
                  f"{'; '.join(r['reasons'])[:200] or 'declarative'}")
    for r in results:
        if r.get("import_exit") != 0 or not r.get("validates", True):
            print(f"  {r['script']}: not imported: {r.get('error', '')[:200]}")
    reasons = {}
    for r in imported:
        for why in r["reasons"]:
            key = re.sub(r"^line \d+: ", "", why)
            key = re.sub(r"`[^`]*`", "`…`", key)
            reasons[key] = reasons.get(key, 0) + 1
    print("\nWhy probes were kept (most frequent first):")
    for why, count in sorted(reasons.items(), key=lambda kv: -kv[1]):
        print(f"  {count:3}  {why}")


if __name__ == "__main__":
    main()
