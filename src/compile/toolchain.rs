//! What building for a target needs on this machine — the Rust target, a C compiler for ring
//! (TLS), a linker — and the exact command that installs each missing piece, checked before
//! cargo runs so that nobody has to read linker output to learn it.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The static targets `probekit build` knows how to set up.
pub const STATIC_TARGETS: [&str; 2] = ["x86_64-unknown-linux-musl", "aarch64-unknown-linux-musl"];

pub struct Toolchain {
    cargo: PathBuf,
    rustc: PathBuf,
    pub cargo_home: PathBuf,
    host: Option<String>,
    /// `rustc -vV`: which compiler builds the runtime (part of a cached runtime's key).
    pub version: Option<String>,
    sysroot: Option<PathBuf>,
    rustfmt: Option<PathBuf>,
    /// The toolchain's `gcc-ld` directory, where its `ld.lld` is.
    lld_dir: Option<PathBuf>,
    /// The standard library's source (`rustup component add rust-src`), from which static
    /// probes get a std built for size (see [`Target::small_std`]).
    rust_src: bool,
}

pub struct Target {
    pub triple: String,
    pub rustflags: Vec<String>,
    /// Linked by the toolchain's lld with the code a one-shot check runs placed first (see
    /// [`ORDERED_CC`]): the directory of its `ld.lld`, and the compiler driver that links.
    pub ordered: Option<(PathBuf, &'static str)>,
    /// The standard library compiled with the probe (cargo's `-Zbuild-std`) rather than the
    /// toolchain's precompiled one: optimised for size, without the backtrace printer and
    /// without unwinding tables, which a probe built with `panic = "abort"` never reads
    /// (docs/build.md, "Size"). A third smaller; needs `rust-src`, and is tried for the static
    /// targets only, falling back to the precompiled std when the toolchain refuses it.
    pub small_std: bool,
}

impl Target {
    pub fn is_static(&self) -> bool {
        self.triple.ends_with("-musl")
    }

    /// Environment for cargo: the C compiler and linker of a cross target.
    pub fn env(&self, tls: bool) -> Vec<(String, String)> {
        let mut env = Vec::new();
        let var = self.triple.replace('-', "_");
        match self.triple.as_str() {
            "x86_64-unknown-linux-musl" if tls => {
                env.push((format!("CC_{var}"), "musl-gcc".into()));
            }
            "aarch64-unknown-linux-musl" => {
                env.push((format!("CC_{var}"), "aarch64-linux-gnu-gcc".into()));
                env.push((linker_var(&self.triple), "aarch64-linux-gnu-gcc".into()));
            }
            _ => {}
        }
        env
    }

    /// Cargo's variable for this target's linker.
    pub fn linker_var(&self) -> String {
        linker_var(&self.triple)
    }

    /// What cargo is given for [`Target::small_std`]: its arguments, the compiler's flags and
    /// the environment. `-Zbuild-std` is unstable: `RUSTC_BOOTSTRAP` lets a stable cargo take
    /// it, for this build only.
    pub fn small_std_build(&self) -> Option<SmallStd> {
        self.small_std.then_some(SmallStd {
            cargo_args: &[
                "-Zbuild-std=std,panic_abort",
                "-Zbuild-std-features=optimize_for_size",
            ],
            rustflags: &["-Cforce-unwind-tables=no"],
            env: &[("RUSTC_BOOTSTRAP", "1")],
        })
    }
}

/// See [`Target::small_std_build`].
pub struct SmallStd {
    pub cargo_args: &'static [&'static str],
    pub rustflags: &'static [&'static str],
    pub env: &'static [(&'static str, &'static str)],
}

/// `CARGO_TARGET_<TRIPLE>_LINKER`.
fn linker_var(triple: &str) -> String {
    format!(
        "CARGO_TARGET_{}_LINKER",
        triple.replace('-', "_").to_uppercase()
    )
}

/// The functions a one-shot check runs, first run first (scripts/hot-functions.py).
pub const HOT_FUNCTIONS: &str = include_str!("../../link/hot-functions.txt");

/// The linker of static targets: the target's C compiler driver, asked to link with lld and to
/// place the code of [`HOT_FUNCTIONS`] first (see the script).
pub const ORDERED_CC: &str = include_str!("../../link/ordered-cc.sh");

/// A missing piece and how to get it.
pub struct Missing {
    pub what: String,
    pub install: String,
}

impl std::fmt::Display for Missing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} — install it with: {}", self.what, self.install)
    }
}

pub struct DoctorReport {
    pub text: String,
    pub all_ready: bool,
}

impl Toolchain {
    pub fn detect() -> Toolchain {
        let cargo = std::env::var_os("CARGO")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("cargo"));
        let rustc = std::env::var_os("RUSTC")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("rustc"));
        let output = |cmd: &Path, args: &[&str]| -> Option<String> {
            Command::new(cmd)
                .args(args)
                .output()
                .ok()
                .filter(|o| o.status.success())
                .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        };
        let version = output(&rustc, &["-vV"]);
        let host = version.as_deref().and_then(|v| {
            v.lines()
                .find_map(|l| l.strip_prefix("host: "))
                .map(str::to_string)
        });
        let sysroot = output(&rustc, &["--print", "sysroot"]).map(PathBuf::from);
        let cargo_home = std::env::var_os("CARGO_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
            .unwrap_or_else(|| PathBuf::from("/root/.cargo"));
        let lld_dir = sysroot
            .as_ref()
            .zip(host.as_ref())
            .map(|(s, h)| s.join("lib/rustlib").join(h).join("bin/gcc-ld"))
            .filter(|d| d.join("ld.lld").is_file());
        let rust_src = sysroot.as_ref().is_some_and(|s| {
            s.join("lib/rustlib/src/rust/library/std/Cargo.toml")
                .is_file()
        });
        Toolchain {
            cargo,
            rustc,
            cargo_home,
            host,
            version,
            sysroot,
            rustfmt: find_program("rustfmt"),
            lld_dir,
            rust_src,
        }
    }

    pub fn cargo(&self) -> Command {
        let mut cmd = Command::new(&self.cargo);
        cmd.env("RUSTC", &self.rustc);
        cmd
    }

    /// `host` or a triple.
    pub fn target(&self, name: &str) -> Result<Target, String> {
        let triple = if name == "host" {
            self.host
                .clone()
                .ok_or("cannot tell the host target: `rustc -vV` did not run (is Rust installed? https://rustup.rs)")?
        } else {
            name.to_string()
        };
        if triple.is_empty()
            || !triple
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.')
        {
            return Err(format!("probekit: `{name}` is not a target triple"));
        }
        // A musl program is linked statically; without position independence it also needs no
        // self-relocation at start (and is 3% smaller).
        let mut rustflags = if triple.ends_with("-musl") {
            vec!["-Crelocation-model=static".to_string()]
        } else {
            Vec::new()
        };
        // httparse picks its SIMD code at the first parse by asking the CPU (`cpuid`, nine
        // times), which traps to the hypervisor in a VM: 0.05–0.1 ms of a 0.5 ms one-shot
        // probe (docs/benchmarks.md). A probe parses a few small heads; the plain code does.
        rustflags.push("--cfg=httparse_disable_simd=\"1\"".to_string());
        // The static targets are linked by the toolchain's lld with the code a check runs
        // placed together, where it is there (rustup's toolchains have it), as are `nm` and
        // the target's C compiler driver, and the target's linker is not the caller's own.
        let driver = match triple.as_str() {
            "x86_64-unknown-linux-musl" => Some("cc"),
            "aarch64-unknown-linux-musl" => Some("aarch64-linux-gnu-gcc"),
            _ => None,
        };
        let ordered = match (driver, &self.lld_dir) {
            (Some(driver), Some(lld))
                if std::env::var_os(linker_var(&triple)).is_none()
                    && find_program(driver).is_some()
                    && find_program("nm").is_some()
                    && find_program("sh").is_some() =>
            {
                Some((lld.clone(), driver))
            }
            _ => None,
        };
        // PROBEKIT_SMALL_STD=0 builds with the toolchain's precompiled std.
        let small_std = triple.ends_with("-musl")
            && self.rust_src
            && std::env::var_os("PROBEKIT_SMALL_STD").is_none_or(|v| v != "0");
        Ok(Target {
            triple,
            rustflags,
            ordered,
            small_std,
        })
    }

    fn target_installed(&self, triple: &str) -> bool {
        self.sysroot
            .as_ref()
            .is_some_and(|s| s.join("lib/rustlib").join(triple).join("lib").is_dir())
    }

    /// What is missing to build `target` (a suite with TLS needs a C compiler for ring).
    pub fn missing_for(&self, target: &Target, tls: bool) -> Vec<Missing> {
        let mut missing = Vec::new();
        if self.host.is_none() {
            missing.push(Missing {
                what: "the Rust toolchain (cargo, rustc)".into(),
                install: "curl https://sh.rustup.rs -sSf | sh".into(),
            });
            return missing;
        }
        if !self.target_installed(&target.triple) {
            missing.push(Missing {
                what: format!("the Rust standard library for {}", target.triple),
                install: format!("rustup target add {}", target.triple),
            });
        }
        if find_program("cc").is_none() {
            missing.push(Missing {
                what: "a C compiler and linker (cc)".into(),
                install: "apt-get install gcc".into(),
            });
        }
        match target.triple.as_str() {
            "x86_64-unknown-linux-musl" if tls && find_program("musl-gcc").is_none() => missing
                .push(Missing {
                    what: "musl-gcc (compiles ring, the TLS crypto, for musl)".into(),
                    install: "apt-get install musl-tools".into(),
                }),
            "aarch64-unknown-linux-musl" if find_program("aarch64-linux-gnu-gcc").is_none() => {
                missing.push(Missing {
                    what: "aarch64-linux-gnu-gcc (the aarch64 linker and C compiler)".into(),
                    install: "apt-get install gcc-aarch64-linux-gnu".into(),
                })
            }
            _ => {}
        }
        missing
    }

    /// Formats the generated sources (optional: unformatted code builds the same program).
    pub fn rustfmt(&self, main: &Path) -> Result<(), String> {
        let Some(rustfmt) = &self.rustfmt else {
            return Ok(());
        };
        let status = Command::new(rustfmt)
            .args(["--edition", "2024"])
            .arg(main)
            .status()
            .map_err(|e| format!("cannot run rustfmt: {e}"))?;
        if status.success() {
            Ok(())
        } else {
            Err("rustfmt rejected the generated code (a probekit bug)".into())
        }
    }

    pub fn doctor(&self) -> DoctorReport {
        let mut text = String::new();
        let mut all_ready = true;
        let version = |p: &Path| {
            Command::new(p)
                .arg("--version")
                .output()
                .ok()
                .filter(|o| o.status.success())
                .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        };
        let tools = [
            (
                "cargo",
                version(&self.cargo),
                "curl https://sh.rustup.rs -sSf | sh",
            ),
            (
                "rustc",
                version(&self.rustc),
                "curl https://sh.rustup.rs -sSf | sh",
            ),
            (
                "rustfmt",
                self.rustfmt.as_deref().and_then(version),
                "rustup component add rustfmt  (optional: formats generated crates)",
            ),
        ];
        text.push_str("toolchain\n");
        for (name, found, install) in tools {
            match found {
                Some(v) => text.push_str(&format!("  ok       {name:8} {v}\n")),
                None => {
                    if name != "rustfmt" {
                        all_ready = false;
                    }
                    text.push_str(&format!("  missing  {name:8} install: {install}\n"));
                }
            }
        }
        let mut names = vec!["host".to_string()];
        names.extend(STATIC_TARGETS.iter().map(|s| s.to_string()));
        for name in names {
            let Ok(target) = self.target(&name) else {
                all_ready = false;
                continue;
            };
            let label = if name == "host" {
                format!("{} (host)", target.triple)
            } else {
                target.triple.clone()
            };
            let missing = self.missing_for(&target, true);
            if missing.is_empty() {
                text.push_str(&format!("target {label}: ready\n"));
            } else {
                all_ready = false;
                text.push_str(&format!("target {label}: not ready\n"));
                for m in &missing {
                    text.push_str(&format!("  missing  {m}\n"));
                }
            }
        }
        let qemu = find_program("qemu-aarch64-static").or_else(|| find_program("qemu-aarch64"));
        text.push_str(&match qemu {
            Some(q) => format!(
                "running aarch64 probes here: {} (e.g. `{} ./probe`)\n",
                q.display(),
                q.display()
            ),
            None => "running aarch64 probes here: not possible — install it with: apt-get install qemu-user-static (optional)\n".into(),
        });
        text.push_str(if self.rust_src {
            "standard library source (rust-src): here — static probes get a std built for size\n"
        } else {
            "standard library source (rust-src): missing — static probes are about a third larger; install it with: rustup component add rust-src (optional)\n"
        });
        DoctorReport { text, all_ready }
    }
}

/// A program on `PATH`.
pub fn find_program(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| {
            use std::os::unix::fs::PermissionsExt;
            p.metadata()
                .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
}

/// The error blocks of cargo's output (at most 40 lines), without the compile progress.
pub fn cargo_errors(stderr: &str) -> String {
    let mut out = Vec::new();
    let mut in_error = false;
    for line in stderr.lines() {
        if line.starts_with("error") {
            in_error = true;
        } else if line.starts_with("warning") || line.trim_start().starts_with("Compiling") {
            in_error = false;
        }
        if in_error {
            out.push(line);
        }
    }
    if out.is_empty() {
        out = stderr.lines().rev().take(15).collect();
        out.reverse();
    }
    out.truncate(40);
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_linker_reads_the_list_it_is_given() {
        assert!(ORDERED_CC.starts_with("#!/bin/sh"));
        assert!(ORDERED_CC.contains("PROBEKIT_HOT_FUNCTIONS"));
        let names = HOT_FUNCTIONS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .count();
        assert!(names > 100, "only {names} functions listed");
    }
}
