#!/bin/sh
# The import evaluation on real scripts (docs/migration.md): imports each script the manifest
# names, validates the suite, and compares the verdicts of script and suite in four target states,
# each in a network namespace of its own.
#   scripts/import-eval.sh DIR MANIFEST      DIR holds the scripts (fetched outside the repository:
#                                            scripts/import-corpus-fetch.sh), MANIFEST lists them
#   JOBS=6 ONLY=substring scripts/import-eval.sh …
set -eu
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: scripts/import-eval.sh DIR MANIFEST" >&2; exit 2; }
for tool in unshare:util-linux ip:iproute2 python3:python3 curl:curl wget:wget nc:netcat-openbsd jq:jq; do
    command -v "${tool%%:*}" >/dev/null 2>&1 || missing="${missing:-} ${tool#*:}"
done
# The Python modules real check scripts import, so that a script fails for its target's sake,
# not for a missing module.
modules="requests:python3-requests httpx:python3-httpx redis:python3-redis psycopg2:python3-psycopg2 psycopg:python3-psycopg pymysql:python3-pymysql nagiosplugin:python3-nagiosplugin dns:python3-dnspython asyncpg:python3-asyncpg MySQLdb:python3-mysqldb pymongo:python3-pymongo"
for module in $modules; do
    python3 -c "import ${module%%:*}" 2>/dev/null || missing="${missing:-} ${module#*:}"
done
if [ -n "${missing:-}" ]; then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing
fi
# A python3 that is not Debian's (pyenv, a venv) does not see Debian's modules: pip then
# (mysqlclient, MySQLdb's, builds against libmysqlclient).
if ! python3 -c "import MySQLdb" 2>/dev/null && ! command -v mysql_config >/dev/null 2>&1; then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq default-libmysqlclient-dev pkg-config build-essential || true
fi
for module in $modules; do
    name=${module%%:*}
    case "$name" in psycopg2) pip=psycopg2-binary ;; psycopg) pip="psycopg[binary]" ;; dns) pip=dnspython ;; MySQLdb) pip=mysqlclient ;; *) pip=$name ;; esac
    python3 -c "import $name" 2>/dev/null || python3 -m pip install --quiet "$pip" \
        || echo "import-eval: no $name for $(command -v python3): the scripts that import it fail for that" >&2
done
# Modules Debian does not package: pip, for the python3 on PATH and for Debian's own (which
# `#!/usr/bin/python3` scripts run on).
for py in python3 /usr/bin/python3; do
    "$py" -c "import mysql.connector" 2>/dev/null \
        || "$py" -m pip install --quiet mysql-connector-python 2>/dev/null \
        || "$py" -m pip install --quiet --break-system-packages mysql-connector-python
done
cargo build --release --locked --quiet
exec python3 scripts/import-eval.py "$1" "$2" target/release/probekit
