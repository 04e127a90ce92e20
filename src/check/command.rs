//! Command probes.
//!
//! The command runs in a process group of its own. When it times out the whole group gets
//! SIGTERM, then SIGKILL after `kill_grace`; when it exits, whatever it left running in its group
//! is killed; and if the probe itself is dropped (run deadline, Ctrl-C, `--fail-fast`) a guard
//! kills the group. A grandchild that keeps stdout open can therefore neither hang the run nor
//! outlive it — the failure goss and venom have.
//!
//! tokio::process rather than duct: the runner is async and needs the child's exit, both pipes
//! and the deadline in one `select!`, plus `process_group`; duct's blocking handles would cost a
//! thread per running command.

use std::os::unix::process::ExitStatusExt;
use std::process::Stdio;
use std::time::Duration;

use serde::Serialize;
use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::process::Command;
use tokio::time::{Instant, sleep_until};

use super::{CheckError, ErrorKind, Secrets, reaper};
use crate::expect::Facts;
use crate::suite::{ArgvPart, CommandCheck, Program};
use crate::units::write_budget;

/// After the command exits, how long its pipes may stay open (held by a process that left the
/// group with setsid) before reading stops.
const DRAIN_AFTER_EXIT: Duration = Duration::from_millis(50);

#[derive(Clone, Debug, Default, Serialize)]
pub struct CommandDetails {
    #[serde(rename = "process.command_args")]
    pub argv: Vec<String>,
    #[serde(rename = "process.exit.code", skip_serializing_if = "Option::is_none")]
    pub exit_code: Option<i32>,
    #[serde(
        rename = "process.exit.signal",
        skip_serializing_if = "Option::is_none"
    )]
    pub signal: Option<i32>,
    pub timed_out: bool,
    pub stdout: String,
    pub stdout_bytes: u64,
    pub stdout_truncated: bool,
    pub stderr: String,
    pub stderr_bytes: u64,
    pub stderr_truncated: bool,
    /// Processes the command left running (daemonised, in other groups) that probekit killed
    /// when it ended or timed out.
    pub descendants_killed: u32,
}

#[derive(Debug, Default)]
pub struct CommandObservation {
    pub target: String,
    pub details: CommandDetails,
    pub error: Option<CheckError>,
    pub stdout: Vec<u8>,
    stderr: Vec<u8>,
}

impl super::Observation for CommandObservation {
    fn facts(&self, duration: Duration) -> Facts<'_> {
        let mut f = Facts::new(duration);
        f.exit_code = self.details.exit_code;
        f.signal = self.details.signal;
        f.stdout = Some(&self.stdout);
        f.stderr = Some(&self.stderr);
        f
    }

    fn error(&self) -> Option<&CheckError> {
        self.error.as_ref()
    }

    fn into_parts(self) -> (String, Option<CheckError>, super::Details) {
        (
            self.target,
            self.error,
            super::Details::Command(Box::new(self.details)),
        )
    }
}

/// Output kept up to a cap; everything is read (so the writer never blocks) and counted.
#[derive(Default)]
struct Capture {
    kept: Vec<u8>,
    total: u64,
}

/// A pipe for a command's merged output: the read end for tokio, the write end for the child
/// (both close-on-exec; the child gets its own copies as stdout and stderr).
fn merged_pipe() -> std::io::Result<(tokio::net::unix::pipe::Receiver, std::os::fd::OwnedFd)> {
    use std::os::fd::{FromRawFd as _, OwnedFd};
    let mut fds = [0; 2];
    // SAFETY: `fds` has room for the two descriptors pipe2 writes.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: pipe2 succeeded: both descriptors are open and owned by no one else.
    let (read, write) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    let reader = tokio::net::unix::pipe::Receiver::from_owned_fd(read)?;
    Ok((reader, write))
}

async fn capture(mut pipe: impl AsyncRead + Unpin, cap: usize, into: &mut Capture) {
    let mut buf = vec![0u8; 16 << 10];
    loop {
        match pipe.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => {
                into.total += n as u64;
                let room = cap.saturating_sub(into.kept.len());
                into.kept.extend_from_slice(&buf[..n.min(room)]);
            }
        }
    }
}

/// Kills the process group when dropped, and every descendant carrying the run's token, unless
/// disarmed after the command was reaped and its descendants collected.
struct GroupGuard {
    pgid: i32,
    token: String,
    armed: bool,
}

impl GroupGuard {
    fn signal(&self, sig: i32) {
        // SAFETY: kill(2) with a negative pid signals the process group we created; it has no
        // memory-safety preconditions. ESRCH (group already gone) is expected and ignored.
        unsafe {
            libc::kill(-self.pgid, sig);
        }
    }
}

impl Drop for GroupGuard {
    fn drop(&mut self) {
        if self.armed {
            // The probe was dropped (run deadline, Ctrl-C, --fail-fast) with the command alive:
            // what hangs below it goes first, then the group, then what was already orphaned.
            reaper::kill_descendants(self.pgid, &self.token);
            self.signal(libc::SIGKILL);
            reaper::unregister(self.pgid);
            reaper::kill_orphans(&self.token);
        }
    }
}

/// The command as written in the suite (`${VAR}` unresolved), shell-quoted.
pub fn describe(check: &CommandCheck) -> String {
    match &check.program {
        Program::Argv(parts) => parts
            .iter()
            .map(|p| match p {
                ArgvPart::One(p) => shell_quote(&p.to_string()),
                // Unquoted, as the shell that splits it writes it.
                ArgvPart::Words(p) => p.to_string(),
            })
            .collect::<Vec<_>>()
            .join(" "),
        Program::Shell(s) => format!("sh -c {}", shell_quote(s)),
    }
}

fn shell_quote(arg: &str) -> String {
    if !arg.is_empty()
        && arg
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=,@%+".contains(c))
    {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', r"'\''"))
    }
}

pub async fn run(
    check: &CommandCheck,
    deadline: Instant,
    secrets: &mut Secrets,
) -> CommandObservation {
    let mut obs = CommandObservation::default();
    let argv = match resolve_argv(check, secrets) {
        Ok(argv) => argv,
        Err(e) => {
            obs.target = describe(check);
            obs.error = Some(e);
            return obs;
        }
    };
    obs.target = argv
        .iter()
        .map(|a| shell_quote(a))
        .collect::<Vec<_>>()
        .join(" ");
    obs.details.argv = argv.clone();
    if let Err(e) = execute(check, &argv, deadline, secrets, &mut obs).await {
        obs.error = Some(e);
    }
    obs
}

fn resolve_argv(check: &CommandCheck, secrets: &mut Secrets) -> Result<Vec<String>, CheckError> {
    match &check.program {
        Program::Shell(line) => Ok(vec!["/bin/sh".into(), "-c".into(), line.clone()]),
        Program::Argv(parts) => {
            let mut argv = Vec::with_capacity(parts.len());
            for part in parts {
                match part {
                    // `${args}` alone, for a `rest` argument: every remaining argument, one each.
                    ArgvPart::One(p) => {
                        if let Some(values) = p.single_var().and_then(crate::suite::args::rest) {
                            argv.extend(values.iter().cloned());
                            continue;
                        }
                        argv.push(secrets.resolve(p)?);
                    }
                    ArgvPart::Words(p) => {
                        let value = secrets.resolve(p)?;
                        argv.extend(ArgvPart::split_words(&value).map(str::to_string));
                    }
                }
            }
            if argv.is_empty() {
                return Err(CheckError::new(
                    ErrorKind::Spawn,
                    "`argv` has no words: its only item is empty".to_string(),
                ));
            }
            Ok(argv)
        }
    }
}

async fn execute(
    check: &CommandCheck,
    argv: &[String],
    deadline: Instant,
    secrets: &mut Secrets,
    obs: &mut CommandObservation,
) -> Result<(), CheckError> {
    let started = Instant::now();
    reaper::become_subreaper();
    let token = reaper::new_token();
    let input = match &check.stdin {
        Some(text) => Some(secrets.resolve(text)?.into_bytes()),
        None => None,
    };
    let mut cmd = Command::new(&argv[0]);
    // `merge_stderr`: one pipe written by both streams, as `2>&1` makes it.
    let merged = if check.merge_stderr {
        let pipe_error = |e: std::io::Error| {
            CheckError::new(ErrorKind::Spawn, format!("cannot make a pipe: {e}"))
        };
        let (reader, writer) = merged_pipe().map_err(pipe_error)?;
        let second = writer.try_clone().map_err(pipe_error)?;
        cmd.stdout(Stdio::from(writer)).stderr(Stdio::from(second));
        Some(reader)
    } else {
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
        None
    };
    cmd.args(&argv[1..])
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .process_group(0)
        .kill_on_drop(true);
    if check.env_clear {
        // Only what the suite lets through.
        cmd.env_clear();
        for name in &check.env_allow {
            if let Some(value) = std::env::var_os(name) {
                cmd.env(name, value);
            }
        }
    }
    // After any clear: descendants are found by it.
    cmd.env(reaper::TOKEN_VAR, &token);
    for (name, value) in &check.env {
        cmd.env(name, secrets.resolve(value)?);
    }
    if let Some(cwd) = &check.cwd {
        let cwd = secrets.resolve(cwd)?;
        if !std::path::Path::new(&cwd).is_dir() {
            return Err(CheckError::new(
                ErrorKind::Config,
                format!("cwd `{cwd}` is not a directory"),
            ));
        }
        cmd.current_dir(cwd);
    }
    let mut child = reaper::spawn_registered(|| {
        let child = cmd.spawn()?;
        let pid = child.id();
        Ok((child, pid))
    })
    .map_err(|e| spawn_error(&argv[0], &e))?;
    // Our copies of the merged pipe's write end: the read end ends when the command's do.
    drop(cmd);
    let Some(pid) = child.id() else {
        return Err(CheckError::new(
            ErrorKind::Spawn,
            "the command exited before it could be tracked",
        ));
    };
    let mut guard = GroupGuard {
        pgid: pid as i32,
        token,
        armed: true,
    };
    let (stdout, stderr): (Box<dyn AsyncRead + Unpin + Send>, Option<_>) =
        match (merged, child.stdout.take(), child.stderr.take()) {
            (Some(reader), _, _) => (Box::new(reader), None),
            (None, Some(out), Some(err)) => (Box::new(out), Some(err)),
            _ => {
                return Err(CheckError::new(
                    ErrorKind::Spawn,
                    "cannot capture the command's output",
                ));
            }
        };
    // The input is written beside the reads, so that a command that answers before it has
    // read everything cannot block on a full pipe; closing it ends the command's input. A
    // command that exits without reading it all is not an error (`head -1`).
    if let (Some(bytes), Some(mut pipe)) = (input, child.stdin.take()) {
        tokio::spawn(async move {
            use tokio::io::AsyncWriteExt;
            let _ = pipe.write_all(&bytes).await;
            let _ = pipe.shutdown().await;
        });
    }

    let (mut out, mut err) = (Capture::default(), Capture::default());
    let mut status = None;
    let mut timed_out = false;
    {
        let read_out = capture(stdout, check.max_output, &mut out);
        let merged = stderr.is_none();
        let read_err = async {
            if let Some(stderr) = stderr {
                capture(stderr, check.max_output, &mut err).await;
            }
        };
        tokio::pin!(read_out, read_err);
        let (mut out_done, mut err_done) = (false, merged);
        let mut kill_at: Option<Instant> = None;
        let mut drain_until: Option<Instant> = None;
        let far = Instant::now() + Duration::from_secs(86_400 * 365);
        loop {
            if status.is_some() && out_done && err_done {
                break;
            }
            tokio::select! {
                s = child.wait(), if status.is_none() => {
                    status = Some(s.map_err(|e| CheckError::new(ErrorKind::Io, format!("waiting for the command failed: {e}")))?);
                    reaper::unregister(guard.pgid);
                    // Whatever the command left behind goes with it: what carries its token
                    // (orphans are ours, as subreaper), then anything left in its group.
                    obs.details.descendants_killed += reaper::kill_orphans(&guard.token);
                    guard.signal(libc::SIGKILL);
                    drain_until = Some(Instant::now() + DRAIN_AFTER_EXIT);
                }
                () = &mut read_out, if !out_done => out_done = true,
                () = &mut read_err, if !err_done => err_done = true,
                () = sleep_until(deadline), if !timed_out && status.is_none() => {
                    timed_out = true;
                    guard.signal(libc::SIGTERM);
                    kill_at = Some(Instant::now() + check.kill_grace);
                }
                () = sleep_until(kill_at.unwrap_or(far)), if kill_at.is_some() && status.is_none() => {
                    guard.signal(libc::SIGKILL);
                    kill_at = None;
                }
                () = sleep_until(drain_until.unwrap_or(far)), if drain_until.is_some() => break,
            }
        }
    }
    guard.armed = status.is_none();
    obs.details.timed_out = timed_out;
    obs.details.stdout_bytes = out.total;
    obs.details.stderr_bytes = err.total;
    obs.details.stdout_truncated = out.total > out.kept.len() as u64;
    obs.details.stderr_truncated = err.total > err.kept.len() as u64;
    obs.details.stdout = shown(&out);
    obs.details.stderr = shown(&err);
    obs.stdout = out.kept;
    obs.stderr = err.kept;
    if let Some(status) = status {
        obs.details.exit_code = status.code();
        obs.details.signal = status.signal();
    }
    if timed_out {
        let budget = deadline.saturating_duration_since(started);
        return Err(CheckError::new(
            ErrorKind::Timeout,
            format!(
                "timed out after {}; the process group was killed",
                write_budget(budget)
            ),
        ));
    }
    Ok(())
}

/// Captured output as reported: lossy UTF-8, with a marker when the cap cut it short.
fn shown(c: &Capture) -> String {
    let mut text = String::from_utf8_lossy(&c.kept).into_owned();
    if c.total > c.kept.len() as u64 {
        text.push_str(&format!(
            "\n[… truncated: {} of {} bytes shown]",
            c.kept.len(),
            c.total
        ));
    }
    text
}

fn spawn_error(program: &str, e: &std::io::Error) -> CheckError {
    let why = match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or command".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => super::net::describe_io(e),
    };
    CheckError::new(ErrorKind::Spawn, format!("cannot run `{program}`: {why}"))
}
