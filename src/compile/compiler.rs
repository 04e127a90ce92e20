//! `probekit build`: a suite compiled into one binary that runs it with probekit's own runner.
//!
//! The suite is validated and written as data ([`payload`]). The program is the runtime for the
//! suite's target and features followed by that data. The runtime is a small crate rendered from
//! templates/ ([`render`]) whose dependency is probekit — this very crate without its
//! command-line half, written out from the copy the `probekit` binary carries — built by cargo
//! once and kept in the cache under a key of everything it is built from ([`runtime_key`]). So a
//! changed suite is a copy, not a compilation; only a new feature set, target, toolchain or
//! probekit compiles. `--emit-crate` writes the same crate with the suite's data in it, which
//! cargo builds on its own into a program that behaves the same.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use super::cache::{Cache, RuntimeKey, remove_others};
use super::payload::{self, Payload};
use super::render;
use super::toolchain::{self, Target, Toolchain};
use crate::exit::{EXIT_FAIL, EXIT_PASS, Failure};
use crate::load::{LoadOptions, load_file_warned};

mod runtime {
    include!(concat!(env!("OUT_DIR"), "/runtime_files.rs"));
}

/// The package and program name of every generated crate. One name for all suites keeps one
/// cache entry for the runtime; the program's messages use the name it was invoked as.
const PACKAGE: &str = "probekit-probe";
const BIN: &str = "probe";

pub struct Options {
    pub suite: PathBuf,
    pub output: Option<PathBuf>,
    pub targets: Vec<String>,
    pub emit_crate: Option<PathBuf>,
    pub with: Vec<String>,
    pub load: LoadOptions,
    pub offline: bool,
    /// Compile the runtime even when one is cached.
    pub rebuild: bool,
    /// Write `--emit-crate` into a directory that holds other files.
    pub force: bool,
}

pub fn main(opts: Options) -> Result<ExitCode, Failure> {
    build(&opts)?;
    Ok(ExitCode::from(EXIT_PASS))
}

/// The toolchain or cargo failed (exit 1); the suite and command line were fine.
fn build_failed(message: String) -> Failure {
    Failure::failed(format!("probekit build: {message}"))
}

fn build(opts: &Options) -> Result<(), Failure> {
    let loaded =
        load_file_warned(&opts.suite, &opts.load).map_err(|e| Failure::usage(e.to_string()))?;
    loaded.print_warnings();
    let (suite, bytes) = (loaded.suite, loaded.bytes);
    for w in &opts.with {
        if w != "push" && !render::OPTIONAL_FEATURES.contains(&w.as_str()) {
            return Err(Failure::usage(format!(
                "probekit: --with {w}: unknown feature; use push, {}",
                render::OPTIONAL_FEATURES.join(", ")
            )));
        }
    }
    let features = render::features_needed(&suite, &opts.with);
    let meta = render::Meta {
        package: PACKAGE,
        bin: BIN,
        features: &features,
    };
    let name = suite.name.clone();
    let default_output = default_output(&name);
    let payload = Payload::new(suite, suite_hash(&bytes))
        .encode()
        .map_err(build_failed)?;

    let toolchain = Toolchain::detect();
    if let Some(dir) = &opts.emit_crate {
        let clean = emit_target(dir, opts.force)?;
        let files = render::render(&meta, &payload).map_err(build_failed)?;
        write_crate(dir, &files, &toolchain, clean).map_err(build_failed)?;
        prune_lock(dir, &toolchain, opts.offline).map_err(build_failed)?;
        eprintln!(
            "probekit build: wrote the crate for suite `{}` to {} (features: {}); build it with\n  cargo build --release --locked --manifest-path {}",
            crate::escapes::for_terminal(&name),
            dir.display(),
            feature_list(&features),
            dir.join("Cargo.toml").display()
        );
        if opts.output.is_none() && opts.targets.is_empty() {
            return Ok(());
        }
    }

    let targets = resolve_targets(&opts.targets, &toolchain).map_err(Failure::usage)?;
    let tls = features.contains("tls");
    for t in &targets {
        let missing = toolchain.missing_for(t, tls);
        if !missing.is_empty() {
            let lines: Vec<String> = missing.iter().map(|m| format!("  {m}")).collect();
            return Err(build_failed(format!(
                "cannot build for {}; missing:\n{}\n(`probekit doctor` lists what each target needs)",
                t.triple,
                lines.join("\n")
            )));
        }
    }

    let cache = Cache::open().map_err(build_failed)?;
    // One build at a time per cache: the crate directory and the artifacts are shared.
    let _lock = cache.lock().map_err(build_failed)?;
    // The runtime's crate: the generated one without a suite, the same for every suite with
    // these features.
    let files = render::render(&meta, &[]).map_err(build_failed)?;
    let source = source_hash();
    let outputs = output_paths(&default_output, opts.output.as_deref(), &targets);
    for (target, out) in targets.iter().zip(&outputs) {
        let started = Instant::now();
        let key = runtime_key(&source, &files, target, &toolchain, tls);
        let cached = cache.runtime_path(&key);
        let found = std::fs::read(&cached).ok().filter(|_| !opts.rebuild);
        let runtime = match found {
            Some(bytes) => bytes,
            None => {
                eprintln!(
                    "probekit build: compiling the runtime for {} (features: {}); later suites with these features reuse it…",
                    target.triple,
                    feature_list(&features)
                );
                let crate_dir = cache.crate_dir();
                write_crate(&crate_dir, &files, &toolchain, true).map_err(build_failed)?;
                prune_lock(&crate_dir, &toolchain, opts.offline).map_err(build_failed)?;
                let artifact = cargo_build(&cache, target, &toolchain, opts.offline, tls)
                    .map_err(build_failed)?;
                let bytes = std::fs::read(&artifact).map_err(|e| {
                    build_failed(format!("cannot read {}: {e}", artifact.display()))
                })?;
                cache.keep_runtime(&key, &bytes).map_err(build_failed)?;
                bytes
            }
        };
        let binary = payload::append(&runtime, &payload);
        crate::atomic_file::write_atomic_mode(out, &binary, 0o755)
            .map_err(|e| build_failed(format!("cannot write {}: {e}", out.display())))?;
        // The features say which cached runtime the probe is, built now or earlier.
        eprintln!(
            "probekit build: wrote {} ({}, {}, features: {}; {:.1} s)",
            out.display(),
            human_size(binary.len() as u64),
            if target.is_static() {
                "static"
            } else {
                "dynamically linked"
            },
            feature_list(&features),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

/// `sha256:…` of the suite file.
fn suite_hash(bytes: &[u8]) -> String {
    format!(
        "sha256:{}",
        hex(&ring::digest::digest(&ring::digest::SHA256, bytes))
    )
}

fn hex(digest: &ring::digest::Digest) -> String {
    digest.as_ref().iter().map(|b| format!("{b:02x}")).collect()
}

/// The hash of probekit's source and lock file (the runtime files the binary carries), which
/// the first part of every runtime key names.
fn source_hash() -> String {
    let mut source = ring::digest::Context::new(&ring::digest::SHA256);
    for (path, bytes) in runtime::RUNTIME_FILES {
        source.update(&(path.len() as u64).to_le_bytes());
        source.update(path.as_bytes());
        source.update(&(bytes.len() as u64).to_le_bytes());
        source.update(bytes);
    }
    hex(&source.finish())[..16].to_string()
}

/// What a runtime is built from: probekit's source and lock file (`source`, from
/// [`source_hash`]), the generated crate, the target, its flags and C toolchain settings, the
/// Rust compiler and the profile settings cargo takes from the environment. The same key gives the same program, so a runtime found under it is used
/// as it is. The first part names probekit's source alone, so that runtimes of other versions
/// can be told apart and removed.
fn runtime_key(
    source: &str,
    files: &[(&'static str, Vec<u8>)],
    target: &Target,
    toolchain: &Toolchain,
    tls: bool,
) -> RuntimeKey {
    let mut build = ring::digest::Context::new(&ring::digest::SHA256);
    let mut part = |bytes: &[u8]| {
        build.update(&(bytes.len() as u64).to_le_bytes());
        build.update(bytes);
    };
    for (path, bytes) in files {
        part(path.as_bytes());
        part(bytes);
    }
    part(target.triple.as_bytes());
    for flag in &target.rustflags {
        part(flag.as_bytes());
    }
    for (k, v) in target.env(tls) {
        let set = std::env::var(&k).unwrap_or(v);
        part(k.as_bytes());
        part(set.as_bytes());
    }
    part(toolchain.version.as_deref().unwrap_or_default().as_bytes());
    // Linked by lld in the order of the hot functions, or by the driver's default linker.
    part(if target.ordered.is_some() {
        b"lld, hot functions first"
    } else {
        b"default linker"
    });
    // Built from rust-src for size, or the precompiled std (also when the first is refused: the
    // runtime found under this key is then the larger one, which behaves the same).
    part(if target.small_std {
        b"std built for size"
    } else {
        b"precompiled std"
    });
    // Cargo reads the release profile's settings from the environment too
    // (`CARGO_PROFILE_RELEASE_LTO=false`): a runtime built under other settings is another one.
    let mut profile: Vec<_> = std::env::vars_os()
        .filter(|(k, _)| k.as_encoded_bytes().starts_with(b"CARGO_PROFILE_"))
        .collect();
    profile.sort();
    for (k, v) in profile {
        part(k.as_encoded_bytes());
        part(v.as_encoded_bytes());
    }
    RuntimeKey {
        source: source.to_string(),
        build: hex(&build.finish())[..32].to_string(),
    }
}

fn feature_list(features: &BTreeSet<&'static str>) -> String {
    if features.is_empty() {
        "none: command, tcp and metrics probes only".into()
    } else {
        features.iter().copied().collect::<Vec<_>>().join(", ")
    }
}

fn human_size(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.2} MB", bytes as f64 / (1 << 20) as f64)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// Writes the crate and the runtime beside it. Files are rewritten only when their content
/// changed: cargo decides what to rebuild by modification times. With `clean`, every other file
/// in `dir` goes first: one planted there (a `build.rs`, a link), or left by another probekit
/// version (a module that became a directory), would otherwise reach the build.
fn write_crate(
    dir: &Path,
    files: &[(&'static str, Vec<u8>)],
    toolchain: &Toolchain,
    clean: bool,
) -> Result<(), String> {
    let runtime_dir = dir.join("runtime");
    // The runtime is a path dependency outside the generated workspace: its lock file is the
    // generated crate's (`prune_lock`), its own would be ignored.
    let runtime_files = || {
        runtime::RUNTIME_FILES
            .iter()
            .filter(|(p, _)| *p != "Cargo.lock")
    };
    if clean {
        let keep: BTreeSet<PathBuf> = files
            .iter()
            .map(|(p, _)| dir.join(p))
            .chain(runtime_files().map(|(p, _)| runtime_dir.join(p)))
            // `target/`: where `cargo build --manifest-path` puts an emitted crate's build.
            .chain([
                dir.join("Cargo.lock"),
                dir.join(LOCK_SOURCE),
                dir.join("target"),
            ])
            .collect();
        remove_others(dir, &keep)?;
    }
    for (path, bytes) in files {
        write_if_changed(&dir.join(path), bytes)?;
    }
    for (path, bytes) in runtime_files() {
        write_if_changed(&runtime_dir.join(path), bytes)?;
    }
    toolchain.rustfmt(&dir.join("src/main.rs"))?;
    Ok(())
}

/// What the generated crate's pruned lock file was made from, to skip pruning when unchanged.
const LOCK_SOURCE: &str = ".probekit-lock-source";

/// The first line of every generated `Cargo.toml` (templates/Cargo.toml.j2).
const GENERATED_MARK: &str = "# Generated by probekit";

/// `--emit-crate DIR` writes into an empty or missing directory, or over an earlier emit;
/// anything else needs `--force` (and keeps its other files).
fn emit_target(dir: &Path, force: bool) -> Result<bool, Failure> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e.count(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(true),
        Err(e) => {
            return Err(Failure::usage(format!(
                "probekit build: --emit-crate {}: {e}",
                dir.display()
            )));
        }
    };
    let earlier = std::fs::read_to_string(dir.join("Cargo.toml"))
        .is_ok_and(|t| t.starts_with(GENERATED_MARK));
    match (entries, earlier, force) {
        (0, _, _) | (_, true, _) => Ok(true),
        (_, false, true) => Ok(false),
        (_, false, false) => Err(Failure::usage(format!(
            "probekit build: --emit-crate {}: the directory is not empty and holds no crate probekit wrote; choose another directory, or add --force to write into it anyway",
            dir.display()
        ))),
    }
}

/// Starts the generated crate's lock file from probekit's own, which has every dependency the
/// runtime can use at the versions probekit was tested with; cargo then drops what this suite's
/// features do not use, without choosing any new version. The build itself is `--locked`.
fn prune_lock(dir: &Path, toolchain: &Toolchain, offline: bool) -> Result<(), String> {
    let lock = runtime::RUNTIME_FILES
        .iter()
        .find(|(p, _)| *p == "Cargo.lock")
        .map(|(_, b)| *b)
        .ok_or("probekit carries no Cargo.lock (a packaging bug)")?;
    let path = dir.join("Cargo.lock");
    let manifest = std::fs::read(dir.join("Cargo.toml"))
        .map_err(|e| format!("cannot read {}: {e}", dir.join("Cargo.toml").display()))?;
    // What the pruned lock follows from: the manifest (its features) and probekit's lock.
    let source = [manifest.as_slice(), lock].concat();
    let pruned = dir.join(LOCK_SOURCE);
    if std::fs::read(&pruned).is_ok_and(|b| b == source) && path.exists() {
        return Ok(());
    }
    std::fs::write(&path, lock).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    let mut cmd = toolchain.cargo();
    cmd.args(["metadata", "--format-version", "1", "--manifest-path"])
        .arg(dir.join("Cargo.toml"));
    if offline {
        cmd.arg("--offline");
    }
    let out = cmd.output().map_err(|e| format!("cannot run cargo: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "cargo could not resolve the generated crate's dependencies:\n{}",
            String::from_utf8_lossy(&out.stderr).trim_end()
        ));
    }
    std::fs::write(&pruned, source).map_err(|e| format!("cannot write {}: {e}", pruned.display()))
}

fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    crate::atomic_file::write_atomic(path, bytes)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn resolve_targets(asked: &[String], toolchain: &Toolchain) -> Result<Vec<Target>, String> {
    let asked: Vec<&str> = if asked.is_empty() {
        vec!["host"]
    } else {
        asked.iter().map(String::as_str).collect()
    };
    let mut out: Vec<Target> = Vec::new();
    for a in asked {
        let t = toolchain.target(a)?;
        if !out.iter().any(|o| o.triple == t.triple) {
            out.push(t);
        }
    }
    Ok(out)
}

/// The suite's name with `-probe`, in the current directory.
fn default_output(suite_name: &str) -> PathBuf {
    let name: String = suite_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '-'
            }
        })
        .collect();
    PathBuf::from(format!("{}-probe", name.trim_start_matches('.')))
}

/// `-o FILE` (else `default`) for one target; for several, `FILE-<triple>` each.
fn output_paths(default: &Path, output: Option<&Path>, targets: &[Target]) -> Vec<PathBuf> {
    let base = output.unwrap_or(default).to_path_buf();
    if targets.len() == 1 {
        return vec![base];
    }
    targets
        .iter()
        .map(|t| {
            let mut name = base.clone().into_os_string();
            name.push(format!("-{}", t.triple));
            PathBuf::from(name)
        })
        .collect()
}

/// Runs cargo for one target; the path of the built program. Cargo's output goes to a log in
/// the cache; on failure the errors from it are shown, not the whole of it. A std built for size
/// that the toolchain refuses (too old a cargo, no network for std's own crates) is replaced by
/// the precompiled one, with a note.
fn cargo_build(
    cache: &Cache,
    target: &Target,
    toolchain: &Toolchain,
    offline: bool,
    tls: bool,
) -> Result<PathBuf, String> {
    let small_std = target.small_std_build();
    let first = cargo_build_with(cache, target, toolchain, offline, tls, small_std.as_ref());
    match first {
        Err(e) if small_std.is_some() => {
            let kept = cache.log_path().with_extension("small-std.log");
            let _ = std::fs::rename(cache.log_path(), &kept);
            eprintln!(
                "probekit build: the standard library could not be built for size for {} ({}; cargo's output is in {}); building with the precompiled one",
                target.triple,
                // The first line of cargo's errors, after the heading naming the target.
                e.lines()
                    .skip(1)
                    .find(|l| !l.trim().is_empty())
                    .unwrap_or("cargo failed")
                    .trim(),
                kept.display()
            );
            cargo_build_with(cache, target, toolchain, offline, tls, None)
        }
        other => other,
    }
}

fn cargo_build_with(
    cache: &Cache,
    target: &Target,
    toolchain: &Toolchain,
    offline: bool,
    tls: bool,
    small_std: Option<&toolchain::SmallStd>,
) -> Result<PathBuf, String> {
    let target_dir = cache.target_dir();
    let log_path = cache.log_path();
    let mut cmd = toolchain.cargo();
    cmd.args(["build", "--release", "--locked", "--target", &target.triple])
        .arg("--manifest-path")
        .arg(cache.crate_dir().join("Cargo.toml"))
        .arg("--target-dir")
        .arg(&target_dir);
    if offline {
        cmd.arg("--offline");
    }
    if let Some(small) = small_std {
        cmd.args(small.cargo_args);
        cmd.envs(small.env.iter().copied());
    }
    // The same suite and probekit version give the same bytes wherever the cache and cargo's
    // registry are: their paths, which panic messages of the runtime and its dependencies
    // would carry, are mapped to fixed names.
    let mut flags = vec![
        format!("--remap-path-prefix={}=/probekit", cache.dir.display()),
        format!(
            "--remap-path-prefix={}=/cargo",
            toolchain.cargo_home.display()
        ),
    ];
    flags.extend(target.rustflags.iter().cloned());
    if let Some(small) = small_std {
        flags.extend(small.rustflags.iter().map(|f| f.to_string()));
    }
    cmd.env("CARGO_ENCODED_RUSTFLAGS", flags.join("\x1f"));
    for (k, v) in target.env(tls) {
        if std::env::var_os(&k).is_none() {
            cmd.env(k, v);
        }
    }
    if let Some((lld, driver)) = &target.ordered {
        // The linker and its list of functions, from probekit's source (which the runtime's
        // key covers), in the cache.
        let linker = cache.dir.join("ordered-cc.sh");
        let hot = cache.dir.join("hot-functions.txt");
        crate::atomic_file::write_atomic_mode(&linker, toolchain::ORDERED_CC.as_bytes(), 0o755)
            .and_then(|()| {
                crate::atomic_file::write_atomic(&hot, toolchain::HOT_FUNCTIONS.as_bytes())
            })
            .map_err(|e| format!("cannot write the linker into {}: {e}", cache.dir.display()))?;
        cmd.env(target.linker_var(), &linker)
            .env("PROBEKIT_LINK_CC", driver)
            .env("PROBEKIT_LLD_DIR", lld)
            .env("PROBEKIT_HOT_FUNCTIONS", &hot);
    }
    let out = cmd.output().map_err(|e| format!("cannot run cargo: {e}"))?;
    // Replaced, never written through: a link planted at the log's name is not followed.
    let _ = crate::atomic_file::write_atomic(&log_path, &out.stderr);
    if !out.status.success() {
        return Err(format!(
            "cargo failed for {}:\n{}\n(the full output is in {})",
            target.triple,
            toolchain::cargo_errors(&String::from_utf8_lossy(&out.stderr)),
            log_path.display()
        ));
    }
    Ok(target_dir.join(&target.triple).join("release").join(BIN))
}

/// `probekit doctor`: what each target needs and whether it is here.
pub fn doctor() -> ExitCode {
    let toolchain = Toolchain::detect();
    let report = toolchain.doctor();
    if let Err(f) = crate::exit::print(&report.text) {
        eprintln!("{f}");
        return ExitCode::from(f.status);
    }
    ExitCode::from(if report.all_ready {
        EXIT_PASS
    } else {
        EXIT_FAIL
    })
}
