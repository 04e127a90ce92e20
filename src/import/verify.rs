//! `probekit import --verify`: the script and the suite imported from it, run one after the
//! other against the live targets, and whether their verdicts agree. A migrating operator runs
//! this before trusting the suite.
//!
//! The script runs as the whole-script fallback would run it ([`super::fallback::command`]: its
//! own interpreter, `$0` its name, its budget as timeout), with the arguments given after `--`;
//! the suite runs through `probekit run` with the same arguments. Each gets the caller's
//! environment and no standard input.

use std::io::Write as _;
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::Serialize;

use super::Interpreter;
use super::fallback;
use crate::atomic_file::create_temp;

/// How one side ended.
#[derive(Debug, Serialize)]
pub struct Outcome {
    /// The exit code; `None` when it was killed (by its timeout or a signal).
    pub exit_code: Option<i32>,
    pub passed: bool,
    pub seconds: f64,
    /// Its output, stdout then stderr, at most a few KiB (the end of it).
    pub output: String,
}

#[derive(Debug, Serialize)]
pub struct Verdicts {
    pub script: Outcome,
    pub suite: Outcome,
    pub agree: bool,
}

/// Runs both sides; an error when either cannot be started at all.
pub fn verify(
    script: &Path,
    src: &str,
    interpreter: &Interpreter,
    suite_yaml: &str,
    args: &[String],
) -> Result<Verdicts, String> {
    let (argv, timeout, _) = fallback::command(interpreter, script, src);
    let mut argv: Vec<String> = argv
        .iter()
        .map(|t| t.as_literal().unwrap_or_else(|| t.render()))
        .collect();
    argv.extend(args.iter().cloned());
    let limit = crate::units::parse_duration(&timeout).unwrap_or(Duration::from_secs(300));
    let mut cmd = Command::new(&argv[0]);
    cmd.args(&argv[1..]);
    let script_outcome = run(cmd, limit).map_err(|e| format!("cannot run {}: {e}", argv[0]))?;

    let suite_file = SuiteFile::create(suite_yaml)
        .map_err(|e| format!("cannot write the suite to a temporary file: {e}"))?;
    let exe = std::env::current_exe().map_err(|e| format!("cannot find probekit itself: {e}"))?;
    let mut cmd = Command::new(exe);
    cmd.arg("run")
        .arg(&suite_file.0)
        .args(["--no-progress", "--format", "tap", "--"])
        .args(args);
    // The suite bounds itself (its probes' timeouts); this is a backstop.
    let suite_outcome = run(cmd, limit + Duration::from_secs(60))
        .map_err(|e| format!("cannot run the suite: {e}"))?;
    let agree = script_outcome.passed == suite_outcome.passed;
    Ok(Verdicts {
        script: script_outcome,
        suite: suite_outcome,
        agree,
    })
}

/// The comparison for a person: one line per side, then the verdict.
pub fn text(script: &str, v: &Verdicts) -> String {
    let side = |o: &Outcome| {
        let ended = match o.exit_code {
            Some(c) => format!("exit {c}"),
            None => "killed (timeout)".into(),
        };
        format!(
            "{} ({ended}, {:.2}s)",
            if o.passed { "passed" } else { "failed" },
            o.seconds
        )
    };
    let mut out = format!(
        "verify {script}:\n  script: {}\n  suite:  {}\n",
        side(&v.script),
        side(&v.suite)
    );
    if v.agree {
        out.push_str("  the verdicts agree\n");
    } else {
        out.push_str("  the verdicts DISAGREE; the suite's report:\n");
        for line in v.suite.output.lines() {
            out.push_str("    ");
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The most output kept of each side.
const KEEP: usize = 8 << 10;

fn run(mut cmd: Command, limit: Duration) -> std::io::Result<Outcome> {
    let (log, out) = create_temp(&std::env::temp_dir(), "probekit-verify.log", Some(0o600))?;
    cmd.stdin(Stdio::null())
        .stdout(out.try_clone()?)
        .stderr(out)
        // A group of its own, so that a timeout ends whatever it started too.
        .process_group(0);
    let start = Instant::now();
    let mut child = cmd.spawn()?;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break Some(status);
        }
        if start.elapsed() >= limit {
            // SAFETY: kill(2) on the child's own process group.
            unsafe {
                libc::kill(-(child.id() as i32), libc::SIGKILL);
            }
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let seconds = start.elapsed().as_secs_f64();
    let bytes = std::fs::read(&log).unwrap_or_default();
    let _ = std::fs::remove_file(&log);
    let tail = &bytes[bytes.len().saturating_sub(KEEP)..];
    let exit_code = status.and_then(|s| s.code());
    Ok(Outcome {
        exit_code,
        passed: exit_code == Some(0),
        seconds,
        output: String::from_utf8_lossy(tail).into_owned(),
    })
}

/// The imported suite on disk while it runs; removed afterwards.
struct SuiteFile(PathBuf);

impl SuiteFile {
    fn create(yaml: &str) -> std::io::Result<SuiteFile> {
        let (path, mut f) =
            create_temp(&std::env::temp_dir(), "probekit-verify.yaml", Some(0o600))?;
        f.write_all(yaml.as_bytes())?;
        Ok(SuiteFile(path))
    }
}

impl Drop for SuiteFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}
