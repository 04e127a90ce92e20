//! `process`: the processes matching a name, a command-line pattern, a pidfile and a user, read
//! from `/proc` as `pgrep` does, and the ports they listen on (`ss -lnp`'s idiom: the socket
//! inodes of `/proc/PID/fd` found listening in the process's own `/proc/PID/net/*`).
//!
//! A process may exit between two reads of its files: it is then not counted, never an error.
//! Zombies are not counted (they have exited; only their exit status is left).

use std::collections::BTreeSet;
use std::io;

use super::{Gathered, IdNames, ProcessInfo};
use crate::check::{CheckError, ErrorKind};
use crate::expect::Unit;
use crate::suite::ProcessMatch;

/// Processes listed in the report at most.
const LISTED: usize = 50;

/// The kernel keeps the first 15 bytes of a process name.
const COMM_LEN: usize = 15;

struct Proc {
    pid: u32,
    comm: String,
    uid: u32,
}

/// Whether an error means the process is gone (it exited while being read).
fn gone(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::NotFound || e.raw_os_error() == Some(libc::ESRCH)
}

fn config(message: String) -> CheckError {
    CheckError::new(ErrorKind::Config, message)
}

pub(super) fn processes(m: &ProcessMatch, listening: bool) -> Result<Gathered, CheckError> {
    let name = m.name.as_ref().map(crate::check::resolved).transpose()?;
    let users = IdNames::read("/etc/passwd");
    let uid = match m.user.as_ref().map(crate::check::resolved).transpose()? {
        None => None,
        Some(u) => Some(match u.parse::<u32>() {
            Ok(id) => id,
            Err(_) => users
                .id(&u)
                .ok_or_else(|| config(format!("no user `{u}` in /etc/passwd")))?,
        }),
    };
    let candidates: Vec<u32> = match &m.pidfile {
        Some(path) => pidfile(&crate::check::resolved(path)?)?
            .into_iter()
            .collect(),
        None => all_pids()?,
    };
    let me = std::process::id();
    let mut found = Vec::new();
    for pid in candidates.into_iter().filter(|p| *p != me) {
        match read_proc(pid) {
            Ok(Some(p)) => {
                let cmdline = match std::fs::read(format!("/proc/{pid}/cmdline")) {
                    Ok(c) => c,
                    Err(e) if gone(&e) => continue,
                    Err(e) => return Err(proc_error(pid, &e)),
                };
                if matches(m, name.as_deref(), uid, &p, &cmdline) {
                    found.push(p);
                }
            }
            Ok(None) => {}
            Err(e) if gone(&e) => {}
            Err(e) => return Err(proc_error(pid, &e)),
        }
    }
    let mut g = Gathered::default();
    g.measure("count", Unit::Count, found.len() as f64);
    // Whom the processes run as: one user's name and uid, or every user's name, which no
    // single expected user matches.
    let mut uids: Vec<u32> = found.iter().map(|p| p.uid).collect();
    uids.sort_unstable();
    uids.dedup();
    let user = match uids.as_slice() {
        [] => vec!["no process".to_string()],
        [one] => users.spellings(*one),
        many => vec![
            many.iter()
                .map(|u| users.spellings(*u).remove(0))
                .collect::<Vec<_>>()
                .join(", "),
        ],
    };
    g.attribute("user", user);
    g.details.processes = found
        .iter()
        .take(LISTED)
        .map(|p| ProcessInfo {
            pid: p.pid,
            name: p.comm.clone(),
            user: users.spellings(p.uid).remove(0),
        })
        .collect();
    g.details.processes_not_listed = found.len().saturating_sub(LISTED);
    if listening {
        let ports = listening_ports(&found);
        g.details.listening = ports.as_ref().ok().cloned();
        g.listening = Some(ports);
    }
    Ok(g)
}

fn proc_error(pid: u32, e: &io::Error) -> CheckError {
    CheckError::new(ErrorKind::Io, format!("cannot read /proc/{pid}: {e}"))
}

fn all_pids() -> Result<Vec<u32>, CheckError> {
    let dir = std::fs::read_dir("/proc")
        .map_err(|e| CheckError::new(ErrorKind::Io, format!("cannot read /proc: {e}")))?;
    Ok(dir
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse().ok())
        .collect())
}

/// The pid a pidfile holds; none when the file is absent or empty (the daemon is not running).
fn pidfile(path: &str) -> Result<Option<u32>, CheckError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(CheckError::new(
                ErrorKind::Io,
                format!("cannot read {path}: {e}"),
            ));
        }
    };
    let word = text.split_whitespace().next().unwrap_or("");
    if word.is_empty() {
        return Ok(None);
    }
    match word.parse::<u32>() {
        Ok(pid) if pid > 0 => Ok(Some(pid)),
        _ => Err(CheckError::new(
            ErrorKind::Protocol,
            format!("{path} holds `{word}`, not a process id"),
        )),
    }
}

/// A process's name and effective uid from `/proc/PID/status`; `None` for a zombie.
fn read_proc(pid: u32) -> io::Result<Option<Proc>> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name)?.strip_prefix(':').map(str::trim))
    };
    if field("State").is_some_and(|s| s.starts_with('Z') || s.starts_with('X')) {
        return Ok(None);
    }
    // The status file escapes a name's newline and backslash; comm has it as it is.
    let comm = std::fs::read_to_string(format!("/proc/{pid}/comm"))?;
    let uid = field("Uid")
        .and_then(|u| u.split_whitespace().nth(1)?.parse().ok())
        .unwrap_or(u32::MAX);
    Ok(Some(Proc {
        pid,
        comm: comm.strip_suffix('\n').unwrap_or(&comm).to_string(),
        uid,
    }))
}

fn basename(word: &[u8]) -> &[u8] {
    word.rsplit(|b| *b == b'/').next().unwrap_or(word)
}

fn matches(
    m: &ProcessMatch,
    name: Option<&str>,
    uid: Option<u32>,
    p: &Proc,
    cmdline: &[u8],
) -> bool {
    if uid.is_some_and(|u| u != p.uid) {
        return false;
    }
    if let Some(name) = name {
        // comm is cut at 15 bytes; a longer name matches its first 15 with the same
        // executable, as `pgrep -x` cannot tell them apart either.
        let comm_match = if name.len() > COMM_LEN {
            name.as_bytes().starts_with(p.comm.as_bytes()) && p.comm.len() == COMM_LEN
        } else {
            p.comm == name
        };
        let argv0 = cmdline.split(|b| *b == 0).next().unwrap_or_default();
        if !comm_match && basename(argv0) != name.as_bytes() {
            return false;
        }
    }
    if let Some(pattern) = &m.pattern {
        // pgrep -f reads the arguments joined by spaces; a kernel thread has only its name.
        let line = if cmdline.is_empty() {
            p.comm.clone()
        } else {
            let trimmed = cmdline.strip_suffix(&[0]).unwrap_or(cmdline);
            String::from_utf8_lossy(trimmed).replace('\0', " ")
        };
        if !pattern.is_match(&line) {
            return false;
        }
    }
    true
}

/// The ports the processes listen on (TCP in LISTEN, UDP bound and unconnected), IPv4 and IPv6.
fn listening_ports(procs: &[Proc]) -> Result<Vec<u16>, String> {
    let mut ports = BTreeSet::new();
    for p in procs {
        let inodes = match socket_inodes(p.pid) {
            Ok(i) => i,
            Err(e) if gone(&e) => continue,
            Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {
                return Err(format!(
                    "the sockets of process {} ({}) are not readable: run the probe as root or as its user",
                    p.pid, p.comm
                ));
            }
            Err(e) => return Err(format!("cannot read /proc/{}/fd: {e}", p.pid)),
        };
        if inodes.is_empty() {
            continue;
        }
        for (table, state) in [("tcp", "0A"), ("tcp6", "0A"), ("udp", "07"), ("udp6", "07")] {
            let Ok(text) = std::fs::read_to_string(format!("/proc/{}/net/{table}", p.pid)) else {
                continue;
            };
            ports.extend(listeners(&text, state, &inodes));
        }
    }
    Ok(ports.into_iter().collect())
}

fn socket_inodes(pid: u32) -> io::Result<BTreeSet<u64>> {
    let mut inodes = BTreeSet::new();
    for entry in std::fs::read_dir(format!("/proc/{pid}/fd"))? {
        let Ok(entry) = entry else { continue };
        let Ok(link) = std::fs::read_link(entry.path()) else {
            continue;
        };
        let link = link.to_string_lossy();
        if let Some(n) = link
            .strip_prefix("socket:[")
            .and_then(|r| r.strip_suffix(']'))
            .and_then(|n| n.parse().ok())
        {
            inodes.insert(n);
        }
    }
    Ok(inodes)
}

/// `  0: 0100007F:1F90 00000000:0000 0A … inode`: the local ports of the sockets in `state`
/// whose inode is one of `inodes`.
fn listeners<'a>(
    table: &'a str,
    state: &'a str,
    inodes: &'a BTreeSet<u64>,
) -> impl Iterator<Item = u16> + 'a {
    table.lines().skip(1).filter_map(move |line| {
        let f: Vec<&str> = line.split_whitespace().collect();
        let (local, st, inode) = (f.get(1)?, f.get(3)?, f.get(9)?);
        if *st != state || !inodes.contains(&inode.parse().ok()?) {
            return None;
        }
        u16::from_str_radix(local.rsplit(':').next()?, 16).ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proc_tables_give_listening_ports_of_own_sockets() {
        let table = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n\
   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1\n\
   1: 0100007F:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 777 1\n\
   2: 0100007F:1F91 0100007F:C350 01 00000000:00000000 00:00000000 00000000  1000        0 4243 1\n";
        let inodes = BTreeSet::from([4242, 4243]);
        assert_eq!(listeners(table, "0A", &inodes).collect::<Vec<_>>(), [8080]);
    }

    #[test]
    fn finds_a_child_by_name_pattern_and_pidfile_and_its_port() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        // An argument no other process has: this test's own pid.
        let seconds = format!("30.{}", std::process::id());
        let mut child = std::process::Command::new("sleep")
            .arg(&seconds)
            .spawn()
            .unwrap();
        // Until the child has exec'd, its command line is still this test's.
        let cmdline = format!("/proc/{}/cmdline", child.id());
        for _ in 0..200 {
            if std::fs::read(&cmdline).is_ok_and(|c| c.starts_with(b"sleep\0")) {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        let by_pattern = ProcessMatch {
            pattern: Some(crate::pattern::Regex::new(&format!("^sleep {seconds}$")).unwrap()),
            ..Default::default()
        };
        let g = processes(&by_pattern, false).unwrap();
        assert_eq!(g.measures[0].value, 1.0, "{:?}", g.details);
        let dir = std::env::temp_dir().join(format!("probekit-pid-{}", std::process::id()));
        std::fs::write(&dir, format!("{}\n", child.id())).unwrap();
        let by_pidfile = ProcessMatch {
            pidfile: Some(crate::suite::EnvString::literal(dir.to_str().unwrap())),
            name: Some(crate::suite::EnvString::literal("sleep")),
            ..Default::default()
        };
        assert_eq!(
            processes(&by_pidfile, false).unwrap().measures[0].value,
            1.0
        );
        child.kill().unwrap();
        child.wait().unwrap();
        assert_eq!(
            processes(&by_pidfile, false).unwrap().measures[0].value,
            0.0
        );
        std::fs::remove_file(&dir).unwrap();
        // This test process listens; the probe excludes itself, so ask for its parent's view:
        // its own sockets are read through the same code for any other pid.
        let me = read_proc(std::process::id()).unwrap().unwrap();
        assert_eq!(listening_ports(&[me]).unwrap(), [port]);
    }
}
