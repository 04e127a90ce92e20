#!/usr/bin/env bash
# Measures release profiles for compiled probes: binary size, the relink of the runtime (what a
# new feature set costs after its dependencies are built; a changed suite compiles nothing), and
# cold start plus one loopback HTTP check. Prints a Markdown table.
# Usage: bench/build-profiles.sh [TARGET]   (default x86_64-unknown-linux-musl)
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:-x86_64-unknown-linux-musl}
work=${BENCH_DIR:-target/bench-profiles}
mkdir -p "$work"
cargo build --release --locked --quiet
pk=target/release/probekit

cat > "$work/cmd.yaml" <<'YAML'
suite: cmd-only
probes:
  - {name: kernel, command: {argv: [uname, -s]}, expect: {stdout: {contains: Linux}}}
YAML
cat > "$work/http.yaml" <<'YAML'
suite: plain-http
probes:
  - {name: health, http: {url: "http://127.0.0.1:18080/health"}, expect: {status: 200}}
YAML
cat > "$work/https.yaml" <<'YAML'
suite: with-tls
probes:
  - {name: health, http: {url: "http://127.0.0.1:18080/health"}, expect: {status: 200}}
  - {name: tls, http: {url: "https://127.0.0.1:18443/health"}}
YAML
$pk target --http-port 18080 >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT

# As `probekit build` sets them (src/compile/toolchain.rs).
cc_env=(CARGO_ENCODED_RUSTFLAGS=)
[[ $target == *-musl ]] && cc_env=(CARGO_ENCODED_RUSTFLAGS=-Crelocation-model=static)
[[ $target == x86_64-unknown-linux-musl ]] && cc_env+=(CC_x86_64_unknown_linux_musl=musl-gcc)
# name opt-level lto codegen-units panic
profiles=(
  "s-fat-1-unwind s fat 1 unwind"
  "s-fat-4-unwind s fat 4 unwind"
  "s-fat-16-unwind s fat 16 unwind"
  "z-fat-1-unwind z fat 1 unwind"
  "3-fat-1-unwind 3 fat 1 unwind"
  "s-fat-1-abort s fat 1 abort"
  "s-thin-16-unwind s thin 16 unwind"
  "s-off-16-unwind s false 16 unwind"
)
echo "| profile | command-only | plain HTTP | HTTPS | relink of the runtime (HTTPS) | start + 1 HTTP check (median) |"
echo "| --- | --- | --- | --- | --- | --- |"
for p in "${profiles[@]}"; do
  read -r name opt lto cgu panic <<<"$p"
  row="| opt-level=$opt lto=$lto codegen-units=$cgu panic=$panic |"
  for s in cmd http https; do
    crate="$work/$s-crate"
    $pk build "$work/$s.yaml" --emit-crate "$crate" 2>/dev/null
    run() {
      env "${cc_env[@]}" CARGO_PROFILE_RELEASE_OPT_LEVEL=$opt CARGO_PROFILE_RELEASE_LTO=$lto \
        CARGO_PROFILE_RELEASE_CODEGEN_UNITS=$cgu CARGO_PROFILE_RELEASE_PANIC=$panic \
        cargo build --release --locked --quiet --target "$target" \
        --manifest-path "$crate/Cargo.toml" --target-dir "$work/target-$name"
    }
    run
    bin="$work/target-$name/$target/release/probe"
    row+=" $(( $(stat -c %s "$bin") / 1024 )) KB |"
    if [[ $s == https ]]; then
      touch "$crate/src/main.rs"
      start=$(date +%s.%N); run; end=$(date +%s.%N)
      row+=" $(printf '%.1f' "$(echo "$end - $start" | bc)") s |"
    fi
    if [[ $s == http ]]; then
      ms=$(hyperfine -N --warmup 20 --runs 300 --export-json "$work/h.json" "$bin" >/dev/null 2>&1 &&
        python3 -c "import json;r=json.load(open('$work/h.json'))['results'][0];print(f\"{r['median']*1000:.2f} ms\")")
      http_ms=$ms
    fi
  done
  echo "$row $http_ms |"
done
