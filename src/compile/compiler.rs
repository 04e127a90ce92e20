//! `probekit build`: a suite compiled into one binary that runs it with probekit's own runner.
//!
//! The suite is validated, rendered into a small crate (templates/, see [`render`]) whose
//! dependency is probekit's runtime — this very crate without its command-line half, written
//! out from the copy the `probekit` binary carries — and built by cargo in a cache shared by
//! every suite, so a second suite only compiles its own crate and relinks.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use super::render;
use super::toolchain::{self, Target, Toolchain};
use crate::exit::{EXIT_FAIL, EXIT_PASS, Failure};
use crate::load::{LoadOptions, load_file_bytes};
use crate::suite::Suite;

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
    let (suite, bytes) =
        load_file_bytes(&opts.suite, &opts.load).map_err(|e| Failure::usage(e.to_string()))?;
    for w in &opts.with {
        if w != "push" && !render::OPTIONAL_FEATURES.contains(&w.as_str()) {
            return Err(Failure::usage(format!(
                "probekit: --with {w}: unknown feature; use push, {}",
                render::OPTIONAL_FEATURES.join(", ")
            )));
        }
    }
    let features = render::features_needed(&suite, &opts.with);
    let files = generate(&suite, &bytes, &features).map_err(build_failed)?;

    let toolchain = Toolchain::detect();
    if let Some(dir) = &opts.emit_crate {
        write_crate(dir, &files, &toolchain).map_err(build_failed)?;
        prune_lock(dir, &toolchain, opts.offline).map_err(build_failed)?;
        eprintln!(
            "probekit build: wrote the crate for suite `{}` to {} (features: {}); build it with\n  cargo build --release --locked --manifest-path {}",
            suite.name,
            dir.display(),
            feature_list(&features),
            dir.join("Cargo.toml").display()
        );
        if opts.output.is_none() && opts.targets.is_empty() {
            return Ok(());
        }
    }

    let targets = resolve_targets(&opts.targets, &toolchain).map_err(Failure::usage)?;
    for t in &targets {
        let missing = toolchain.missing_for(t, features.contains("tls"));
        if !missing.is_empty() {
            let lines: Vec<String> = missing.iter().map(|m| format!("  {m}")).collect();
            return Err(build_failed(format!(
                "cannot build for {}; missing:\n{}\n(`probekit doctor` lists what each target needs)",
                t.triple,
                lines.join("\n")
            )));
        }
    }

    let cache = cache_dir().map_err(build_failed)?;
    std::fs::create_dir_all(&cache)
        .map_err(|e| build_failed(format!("cannot create {}: {e}", cache.display())))?;
    // One build at a time per cache: the crate directory and the artifacts are shared.
    let _lock = lock(&cache.join("lock")).map_err(build_failed)?;
    let crate_dir = cache.join("crate");
    write_crate(&crate_dir, &files, &toolchain).map_err(build_failed)?;
    prune_lock(&crate_dir, &toolchain, opts.offline).map_err(build_failed)?;

    let outputs = output_paths(&suite, opts.output.as_deref(), &targets);
    for (target, out) in targets.iter().zip(&outputs) {
        let started = Instant::now();
        eprintln!(
            "probekit build: compiling suite `{}` for {} (features: {})…",
            suite.name,
            target.triple,
            feature_list(&features)
        );
        let artifact = cargo_build(
            &cache,
            &crate_dir,
            target,
            &toolchain,
            opts.offline,
            features.contains("tls"),
        )
        .map_err(build_failed)?;
        let binary = std::fs::read(&artifact)
            .map_err(|e| build_failed(format!("cannot read {}: {e}", artifact.display())))?;
        crate::atomic_file::write_atomic_mode(out, &binary, 0o755)
            .map_err(|e| build_failed(format!("cannot write {}: {e}", out.display())))?;
        eprintln!(
            "probekit build: wrote {} ({}, {}, {:.1} s)",
            out.display(),
            human_size(binary.len() as u64),
            if target.is_static() {
                "static"
            } else {
                "dynamically linked"
            },
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
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

/// The generated crate's own files.
fn generate(
    suite: &Suite,
    suite_bytes: &[u8],
    features: &BTreeSet<&'static str>,
) -> Result<Vec<(&'static str, String)>, String> {
    let digest = ring::digest::digest(&ring::digest::SHA256, suite_bytes);
    let hex: String = digest.as_ref().iter().map(|b| format!("{b:02x}")).collect();
    let hash = format!("sha256:{hex}");
    render::render(
        suite,
        &render::Meta {
            package: PACKAGE,
            bin: BIN,
            suite_hash: &hash,
            features,
        },
    )
}

/// Writes the crate and the runtime beside it. Files are rewritten only when their content
/// changed: cargo decides what to rebuild by modification times.
fn write_crate(
    dir: &Path,
    files: &[(&'static str, String)],
    toolchain: &Toolchain,
) -> Result<(), String> {
    for (path, text) in files {
        write_if_changed(&dir.join(path), text.as_bytes())?;
    }
    for (path, bytes) in runtime::RUNTIME_FILES {
        // The runtime is a path dependency outside the generated workspace: its lock file is
        // the generated crate's (below), its own would be ignored.
        if *path != "Cargo.lock" {
            write_if_changed(&dir.join("runtime").join(path), bytes)?;
        }
    }
    // A runtime written by another probekit version may hold files this one does not have
    // (a module that became a directory): they would break the build, so they go.
    let runtime_dir = dir.join("runtime");
    let keep: BTreeSet<PathBuf> = runtime::RUNTIME_FILES
        .iter()
        .map(|(p, _)| runtime_dir.join(p))
        .collect();
    remove_others(&runtime_dir, &keep)?;
    toolchain.rustfmt(&dir.join("src/main.rs"), &dir.join("src/suite.rs"))?;
    Ok(())
}

/// Deletes every file under `dir` that is not in `keep`.
fn remove_others(dir: &Path, keep: &BTreeSet<PathBuf>) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        let path = entry.path();
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            remove_others(&path, keep)?;
        } else if !keep.contains(&path) {
            std::fs::remove_file(&path)
                .map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
        }
    }
    Ok(())
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
    let pruned = dir.join(".probekit-lock-source");
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

/// `-o FILE` for one target; for several, `FILE-<triple>` each. Without `-o`, the suite's name
/// with `-probe` in the current directory.
fn output_paths(suite: &Suite, output: Option<&Path>, targets: &[Target]) -> Vec<PathBuf> {
    let base = output.map(Path::to_path_buf).unwrap_or_else(|| {
        let name: String = suite
            .name
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
    });
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

/// `$PROBEKIT_CACHE`, else `$XDG_CACHE_HOME/probekit`, else `~/.cache/probekit`.
pub fn cache_dir() -> Result<PathBuf, String> {
    let var = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let dir = var("PROBEKIT_CACHE")
        .or_else(|| var("XDG_CACHE_HOME").map(|d| d.join("probekit")))
        .or_else(|| var("HOME").map(|h| h.join(".cache/probekit")))
        .ok_or("no cache directory: set PROBEKIT_CACHE (or XDG_CACHE_HOME or HOME)")?;
    // Absolute, so that the path remapping below covers it whatever the working directory.
    std::path::absolute(&dir).map_err(|e| format!("cache directory {}: {e}", dir.display()))
}

/// An exclusive lock on a file, held until the returned handle is dropped.
fn lock(path: &Path) -> Result<std::fs::File, String> {
    use std::os::fd::AsRawFd;
    let f = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    // SAFETY: flock on a descriptor this function owns; no memory is involved.
    if unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX) } != 0 {
        return Err(format!(
            "cannot lock {}: {}",
            path.display(),
            std::io::Error::last_os_error()
        ));
    }
    Ok(f)
}

/// Runs cargo for one target; the path of the built program. Cargo's output goes to a log in
/// the cache; on failure the errors from it are shown, not the whole of it.
fn cargo_build(
    cache: &Path,
    crate_dir: &Path,
    target: &Target,
    toolchain: &Toolchain,
    offline: bool,
    tls: bool,
) -> Result<PathBuf, String> {
    let target_dir = cache.join("target");
    let log_path = cache.join("build.log");
    let mut cmd = toolchain.cargo();
    cmd.args(["build", "--release", "--locked", "--target", &target.triple])
        .arg("--manifest-path")
        .arg(crate_dir.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(&target_dir);
    if offline {
        cmd.arg("--offline");
    }
    // The same suite and probekit version give the same bytes wherever the cache and cargo's
    // registry are: their paths, which panic messages of the runtime and its dependencies
    // would carry, are mapped to fixed names.
    let mut flags = vec![
        format!("--remap-path-prefix={}=/probekit", cache.display()),
        format!(
            "--remap-path-prefix={}=/cargo",
            toolchain.cargo_home.display()
        ),
    ];
    flags.extend(target.rustflags.iter().cloned());
    cmd.env("CARGO_ENCODED_RUSTFLAGS", flags.join("\x1f"));
    for (k, v) in target.env(tls) {
        if std::env::var_os(&k).is_none() {
            cmd.env(k, v);
        }
    }
    let out = cmd.output().map_err(|e| format!("cannot run cargo: {e}"))?;
    let _ = std::fs::write(&log_path, &out.stderr);
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
    print!("{}", report.text);
    ExitCode::from(if report.all_ready {
        EXIT_PASS
    } else {
        EXIT_FAIL
    })
}
