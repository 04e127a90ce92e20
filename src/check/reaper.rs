//! Nothing a command probe starts outlives it.
//!
//! A process group is not enough: `setsid cmd &`, a double fork or `setpgid` leave the group,
//! and once their parent exits the kernel hands them to init. So probekit makes itself the
//! child subreaper of everything it starts (`PR_SET_CHILD_SUBREAPER`): an orphan becomes a
//! child of probekit instead. Every command runs with a token of its own in its environment,
//! which its descendants inherit; when the command ends or times out, every child of probekit
//! that is not a running command and carries that token is killed with its whole subtree, and
//! dead orphans are reaped. A descendant that clears its environment cannot be told apart from
//! another program's process and is left alone (docs/reliability.md).

use std::collections::BTreeSet;
use std::sync::{Mutex, Once};

/// The variable that carries a command's token to its descendants.
pub const TOKEN_VAR: &str = "PROBEKIT_PROBE_TOKEN";

/// Children that are running commands, not orphans: their pids, registered under this lock
/// from before they are spawned until they are reaped, so a scan never mistakes a command that
/// is starting for an orphan.
static RUNNING: Mutex<BTreeSet<i32>> = Mutex::new(BTreeSet::new());
static SUBREAPER: Once = Once::new();

/// Makes this process the subreaper of its descendants (once; a no-op where the kernel has no
/// such option).
pub fn become_subreaper() {
    SUBREAPER.call_once(|| {
        // SAFETY: prctl with PR_SET_CHILD_SUBREAPER takes an integer flag and no memory.
        unsafe {
            libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
        }
    });
}

/// A fresh token for one command run.
pub fn new_token() -> String {
    format!("{:016x}{:08x}", fastrand::u64(..), std::process::id())
}

/// Runs `spawn` with the registry locked and records the pid it returns as a running command.
pub fn spawn_registered<T>(
    spawn: impl FnOnce() -> std::io::Result<(T, Option<u32>)>,
) -> std::io::Result<T> {
    let mut running = RUNNING.lock().unwrap_or_else(|e| e.into_inner());
    let (child, pid) = spawn()?;
    if let Some(pid) = pid {
        running.insert(pid as i32);
    }
    Ok(child)
}

/// The command `pid` has been reaped: from now on a child with that pid is not a command.
pub fn unregister(pid: i32) {
    RUNNING
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .remove(&pid);
}

/// Kills every orphan carrying `token` (and everything below it) and reaps the dead; the number
/// of processes killed.
pub fn kill_orphans(token: &str) -> u32 {
    sweep(Some(token))
}

/// Kills every orphan of any command this process ran (all carry the token variable): the last
/// sweep when a run or `serve` ends, for anything a per-command sweep could not yet tell apart.
pub fn kill_all_orphans() -> u32 {
    if !SUBREAPER.is_completed() {
        return 0;
    }
    sweep(None)
}

/// Kills every command still running and everything any command left: the end of a program
/// that cannot wait for its probes (a compiled probe's crash, `crate::runner::crash`).
pub fn kill_all_commands() -> u32 {
    if !SUBREAPER.is_completed() {
        return 0;
    }
    // Running commands become orphans like any other, their process groups first (what they
    // started and left in the group). Another thread holds the registry only for a spawn; this
    // one holds it if the crash was in a spawn.
    let Some(running) = crate::lock_soon::lock_soon(&RUNNING).map(|mut r| std::mem::take(&mut *r))
    else {
        return 0;
    };
    for pid in running {
        // SAFETY: kill takes integers; a process group that is gone is ESRCH.
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
    }
    sweep(None)
}

fn sweep(token: Option<&str>) -> u32 {
    // SAFETY: getpid has no preconditions.
    let me = unsafe { libc::getpid() };
    let mut killed = 0;
    let mut unsure_passes = 0;
    // A process killed while it forks leaves a child that reaches us only once the killed one
    // has finished dying: wait for the dead, then look again, until a pass finds nothing. A
    // child whose environment cannot be read yet (it is between fork and exec) is looked at
    // again shortly.
    for _ in 0..64 {
        let (victims, unsure) = {
            let running = RUNNING.lock().unwrap_or_else(|e| e.into_inner());
            let table = processes();
            let mut victims = Vec::new();
            let mut unsure = false;
            for p in table.iter().filter(|p| p.ppid == me) {
                if running.contains(&p.pid) {
                    continue;
                }
                if p.zombie {
                    reap(p.pid);
                    continue;
                }
                match token_of(p.pid) {
                    Some(t) if !t.is_empty() && token.is_none_or(|want| t == want) => {
                        kill_tree(&table, p.pid, &t, &mut victims);
                    }
                    Some(_) => {}
                    None => unsure = true,
                }
            }
            (victims, unsure)
        };
        if !victims.is_empty() {
            killed += victims.len() as u32;
            wait_dead(&victims);
            continue;
        }
        if !unsure || unsure_passes >= UNSURE_PASSES {
            break;
        }
        unsure_passes += 1;
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    killed
}

/// How many times a sweep looks again at a child whose environment it could not read.
const UNSURE_PASSES: usize = 25;

/// Waits (up to `DEATH_WAIT`) until each of `pids` is a zombie or gone, reaping our own.
fn wait_dead(pids: &[i32]) {
    let until = std::time::Instant::now() + DEATH_WAIT;
    let mut left: Vec<i32> = pids.to_vec();
    while !left.is_empty() && std::time::Instant::now() < until {
        left.retain(|&pid| {
            let dying = stat(pid).is_some_and(|(state, _)| state != "Z");
            if !dying {
                reap(pid);
            }
            dying
        });
        if !left.is_empty() {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    }
}

/// How long [`kill_orphans`] waits for the processes it killed to be dead before it looks for
/// what they left.
const DEATH_WAIT: std::time::Duration = std::time::Duration::from_millis(500);

/// Kills what a command left below itself while it still runs (a probe dropped mid-run): each
/// descendant of `pid` that carries `token`, not `pid` itself.
pub fn kill_descendants(pid: i32, token: &str) -> u32 {
    let table = processes();
    let mut victims = Vec::new();
    for p in table.iter().filter(|p| p.ppid == pid) {
        if carries_token(p.pid, token) {
            kill_tree(&table, p.pid, token, &mut victims);
        }
    }
    victims.len() as u32
}

/// SIGKILL to `pid` and to each of its descendants that carries `token`, collected in
/// `victims`.
fn kill_tree(table: &[Process], pid: i32, token: &str, victims: &mut Vec<i32>) {
    for child in table.iter().filter(|p| p.ppid == pid) {
        if carries_token(child.pid, token) {
            kill_tree(table, child.pid, token, victims);
        }
    }
    // SAFETY: kill(2) on a pid that is a child of ours (it cannot be reused before we reap it)
    // or a descendant carrying this run's token; no memory is involved.
    if unsafe { libc::kill(pid, libc::SIGKILL) } == 0 {
        victims.push(pid);
    }
}

/// Collects `pid` if it is a child of ours that has died (never blocks).
fn reap(pid: i32) {
    let mut status = 0;
    // SAFETY: waitpid on one pid with WNOHANG; `status` is a valid out-pointer.
    unsafe {
        libc::waitpid(pid, &mut status, libc::WNOHANG);
    }
}

struct Process {
    pid: i32,
    ppid: i32,
    zombie: bool,
}

/// Every process's parent and state, from `/proc/*/stat` (`/proc/PID/task/*/children` would be
/// cheaper, but kernels without CONFIG_PROC_CHILDREN have no such file).
fn processes() -> Vec<Process> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    dir.flatten()
        .filter_map(|entry| {
            let pid: i32 = entry.file_name().to_str()?.parse().ok()?;
            let (state, ppid) = stat(pid)?;
            Some(Process {
                pid,
                ppid,
                zombie: state == "Z",
            })
        })
        .collect()
}

/// The state letter and the parent of `pid`, from `/proc/PID/stat`; `None` once it is gone.
fn stat(pid: i32) -> Option<(String, i32)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name is in parentheses and may hold any byte: read after the last `)`.
    let mut fields = stat.rsplit_once(')')?.1.split_whitespace();
    let state = fields.next()?.to_string();
    let ppid = fields.next()?.parse().ok()?;
    Some((state, ppid))
}

/// The probe token in `pid`'s environment: `Some("")` for a process that has none (another
/// program's), `None` when the environment cannot be read (yet).
fn token_of(pid: i32) -> Option<String> {
    let environ = std::fs::read(format!("/proc/{pid}/environ")).ok()?;
    if environ.is_empty() {
        return None;
    }
    let prefix = format!("{TOKEN_VAR}=");
    Some(
        environ
            .split(|&b| b == 0)
            .find_map(|entry| entry.strip_prefix(prefix.as_bytes()))
            .map(|t| String::from_utf8_lossy(t).into_owned())
            .unwrap_or_default(),
    )
}

fn carries_token(pid: i32, token: &str) -> bool {
    token_of(pid).is_some_and(|t| t == token)
}
