//! `file`: a path's existence, type, mode, owner, size, age and content, read as `test`,
//! `stat -L` and `grep` would (symbolic links are followed). `disk`: the filesystem holding a
//! path, from `statvfs`, with `df`'s arithmetic.

use std::io::Read;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::time::SystemTime;

use super::{Gathered, IdNames};
use crate::check::{CheckError, ErrorKind};
use crate::expect::Unit;

fn io_error(path: &str, e: &std::io::Error) -> CheckError {
    CheckError::new(ErrorKind::Io, format!("cannot read {path}: {e}"))
}

/// `file`, `directory`, `block-device`…: the words goss uses.
fn type_name(t: std::fs::FileType) -> &'static str {
    if t.is_file() {
        "file"
    } else if t.is_dir() {
        "directory"
    } else if t.is_symlink() {
        "symlink"
    } else if t.is_socket() {
        "socket"
    } else if t.is_fifo() {
        "pipe"
    } else if t.is_block_device() {
        "block-device"
    } else if t.is_char_device() {
        "character-device"
    } else {
        "unknown"
    }
}

/// Whether this process may read the file (`access(R_OK)`, as `test -r`); a directory is
/// readable as a listing, not as `cat` reads it: not readable here.
fn readable(path: &str, meta: &std::fs::Metadata) -> bool {
    if meta.is_dir() {
        return false;
    }
    let Ok(c_path) = std::ffi::CString::new(path) else {
        return false;
    };
    // SAFETY: access only reads the NUL-terminated path.
    unsafe { libc::access(c_path.as_ptr(), libc::R_OK) == 0 }
}

pub(super) fn file(path: &str, max_content: usize, content: bool) -> Result<Gathered, CheckError> {
    let mut g = Gathered::default();
    g.details.path = Some(path.to_string());
    if let Ok(link) = std::fs::read_link(path) {
        g.details.symlink_target = Some(link.to_string_lossy().into_owned());
    }
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        // Absent, or a link to nothing: what `[ -e ]` calls missing.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            g.attribute("exists", vec!["false".into()]);
            return Ok(g);
        }
        Err(e) => return Err(io_error(path, &e)),
    };
    g.attribute("exists", vec!["true".into()]);
    g.attribute("type", vec![type_name(meta.file_type()).into()]);
    g.attribute("mode", vec![format!("{:04o}", meta.mode() & 0o7777)]);
    g.attribute("owner", IdNames::read("/etc/passwd").spellings(meta.uid()));
    g.attribute("group", IdNames::read("/etc/group").spellings(meta.gid()));
    // What `cat` needs, as `test -r` asks it: a file this process may open for reading.
    g.attribute("readable", vec![readable(path, &meta).to_string()]);
    g.measure("size", Unit::Bytes, meta.len() as f64);
    if let Ok(modified) = meta.modified() {
        let age = SystemTime::now()
            .duration_since(modified)
            .unwrap_or_default();
        g.measure("age", Unit::Seconds, age.as_secs_f64());
    }
    // Only a regular file's content: a FIFO or a device could block or never end.
    if content {
        if !meta.is_file() {
            return Err(CheckError::new(
                ErrorKind::Io,
                format!(
                    "{path} is a {}; only a regular file's content can be read",
                    type_name(meta.file_type())
                ),
            ));
        }
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|f| f.take(max_content as u64).read_to_end(&mut bytes))
            .map_err(|e| io_error(path, &e))?;
        g.content = Some(bytes);
    }
    Ok(g)
}

pub(super) fn disk(path: &str) -> Result<Gathered, CheckError> {
    let c_path = std::ffi::CString::new(path)
        .map_err(|_| CheckError::new(ErrorKind::Config, format!("{path:?} holds a NUL byte")))?;
    // SAFETY: statvfs only writes the struct it is given, and the path is NUL-terminated.
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    if unsafe { libc::statvfs(c_path.as_ptr(), &mut st) } != 0 {
        return Err(io_error(path, &std::io::Error::last_os_error()));
    }
    let mut g = Gathered::default();
    g.details.path = Some(path.to_string());
    let frsize = st.f_frsize as f64;
    let blocks = st.f_blocks as f64;
    let used = (st.f_blocks.saturating_sub(st.f_bfree)) as f64;
    let avail = st.f_bavail as f64;
    // df's Use%: of the space unprivileged users could have (reserved blocks left out).
    let used_percent = if used + avail > 0.0 {
        used * 100.0 / (used + avail)
    } else {
        0.0
    };
    g.measure("used", Unit::Percent, used_percent);
    g.measure("free", Unit::Bytes, avail * frsize);
    // What unprivileged users may have, of the whole size (reserved blocks in it): Python's
    // `shutil.disk_usage(p).free / total`.
    let free_share = if blocks > 0.0 {
        avail * 100.0 / blocks
    } else {
        0.0
    };
    g.measure("free_share", Unit::Percent, free_share);
    // Space in use, reserved blocks counted free, of the whole size: Python's
    // `shutil.disk_usage(p).used / total`.
    let used_share = if blocks > 0.0 {
        used * 100.0 / blocks
    } else {
        0.0
    };
    g.measure("used_share", Unit::Percent, used_share);
    g.measure("size", Unit::Bytes, blocks * frsize);
    let files = st.f_files as f64;
    let ffree = st.f_ffree as f64;
    let inodes_used = if files > 0.0 {
        (files - ffree) * 100.0 / files
    } else {
        0.0
    };
    g.measure("inodes_used", Unit::Percent, inodes_used);
    g.measure("inodes_free", Unit::Count, ffree);
    Ok(g)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_path_exists_false_and_nothing_else() {
        let g = file("/nonexistent/probekit-test", 10, true).unwrap();
        assert_eq!(g.attributes.len(), 1);
        assert_eq!(g.attributes[0].spellings, ["false"]);
        assert!(g.measures.is_empty());
    }

    #[test]
    fn a_directory_has_its_type_and_mode() {
        let dir = std::env::temp_dir();
        let g = file(dir.to_str().unwrap(), 10, false).unwrap();
        let ty = g.attributes.iter().find(|a| a.name == "type").unwrap();
        assert_eq!(ty.spellings, ["directory"]);
        let readable = g.attributes.iter().find(|a| a.name == "readable").unwrap();
        assert_eq!(readable.spellings, ["false"], "`cat` of a directory fails");
        let e = file(dir.to_str().unwrap(), 10, true).unwrap_err();
        assert!(e.message.contains("only a regular file"), "{}", e.message);
    }

    #[test]
    fn a_regular_file_this_process_may_open_is_readable() {
        let f = tempfile::NamedTempFile::new().unwrap();
        let g = file(f.path().to_str().unwrap(), 10, false).unwrap();
        let readable = g.attributes.iter().find(|a| a.name == "readable").unwrap();
        assert_eq!(readable.spellings, ["true"]);
    }

    #[test]
    fn disk_measures_are_percentages_and_bytes() {
        let g = disk("/").unwrap();
        let used = g.measures.iter().find(|m| m.name == "used").unwrap();
        assert!((0.0..=100.0).contains(&used.value));
        assert!(g.details.measures.contains_key("free_bytes"));
        assert!(disk("/nonexistent/probekit").is_err());
    }
}
