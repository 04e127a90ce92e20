//! Files that readers see whole or not at all: node_exporter's textfile collector, a report a
//! CI job archives, a compiled probe, an imported suite. Imports nothing of the engine.
//!
//! Output directories are often writable by someone else (a textfile directory owned by
//! `prometheus`, a shared CI workspace), so nothing here trusts a name in them: the temporary
//! file has an unpredictable name and is created exclusively (`O_CREAT|O_EXCL`, so a planted
//! symlink, FIFO or file at that name fails at once instead of being followed or opened), with
//! `O_NOFOLLOW` besides, and only the final `rename` touches the destination. A destination that
//! is a device, FIFO or socket (`-o /dev/stdout`, `--report junit=/dev/null`) is written through,
//! never renamed over; `-` is standard output.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Attempts at an unused temporary name before giving up (each collision means something else
/// holds the name: another writer, or something planted).
const TEMP_ATTEMPTS: usize = 16;

/// Writes `bytes` to `path` so that readers see the old file or the new one, never a part:
/// a temporary file in the same directory, synced, then renamed over the target. New files get
/// the usual `0666 & !umask`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write(path, None, &mut |w| w.write_all(bytes))
}

/// [`write_atomic`], with the file's permission bits set to `mode` whatever the umask.
pub fn write_atomic_mode(path: &Path, bytes: &[u8], mode: u32) -> io::Result<()> {
    write(path, Some(mode), &mut |w| w.write_all(bytes))
}

/// [`write_atomic`] of what `fill` writes, as it writes it (buffered): a large report is never
/// held whole in memory. Readers still see the old file or the whole new one.
pub fn write_atomic_with(
    path: &Path,
    fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    write(path, None, fill)
}

fn write(
    path: &Path,
    mode: Option<u32>,
    fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    if path.as_os_str() == "-" {
        return buffered(&mut io::stdout().lock(), fill);
    }
    // Following links on purpose: `/dev/stdout` is a link to whatever fd 1 is.
    if let Ok(meta) = std::fs::metadata(path) {
        let t = meta.file_type();
        if t.is_char_device() || t.is_block_device() || t.is_fifo() || t.is_socket() {
            return write_through(path, fill);
        }
        if t.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::IsADirectory,
                "the output path is a directory",
            ));
        }
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path.file_name().ok_or_else(|| {
        io::Error::new(io::ErrorKind::InvalidInput, "the output path names no file")
    })?;
    let (tmp, mut file) = create_temp(dir, &name.to_string_lossy(), mode)?;
    let result = (|| {
        if let Some(mode) = mode {
            file.set_permissions(std::fs::Permissions::from_mode(mode))?;
        }
        buffered(&mut file, fill)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Runs `fill` on `out` through a buffer, and flushes both.
pub fn buffered(
    out: &mut dyn Write,
    fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let mut w = io::BufWriter::with_capacity(64 << 10, out);
    fill(&mut w)?;
    w.flush()
}

/// A new file `.NAME.RANDOM.tmp` in `dir`, created exclusively and never through a link.
pub fn create_temp(dir: &Path, name: &str, mode: Option<u32>) -> io::Result<(PathBuf, File)> {
    let mut last = None;
    for _ in 0..TEMP_ATTEMPTS {
        let tmp = dir.join(format!(".{name}.{:016x}.tmp", fastrand::u64(..)));
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(mode.unwrap_or(0o666))
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
            .open(&tmp)
        {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no temporary name was free")))
}

/// Writes into an existing device, FIFO or socket. A FIFO without a reader fails at once
/// (`O_NONBLOCK` on open) rather than blocking the run forever; the writes themselves block
/// as a shell's `>` would.
fn write_through(
    path: &Path,
    fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(path)
        .map_err(|e| match e.raw_os_error() {
            Some(libc::ENXIO) => io::Error::new(
                e.kind(),
                "it is a FIFO with no reader, or a socket (nothing to write to)",
            ),
            _ => e,
        })?;
    clear_nonblocking(&file)?;
    buffered(&mut file, fill)
}

fn clear_nonblocking(file: &File) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    let fd = file.as_raw_fd();
    // SAFETY: fcntl on a descriptor this function borrows; no memory is passed.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    if flags < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: as above.
    if unsafe { libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK) } < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn atomic_write_into_a_missing_directory_fails_cleanly() {
        let dir = tempfile::tempdir().unwrap();
        assert!(write_atomic(&dir.path().join("nope/out.json"), b"x").is_err());
    }

    /// Another user who can write the directory plants links at the temporary names: the one
    /// probekit draws is taken, so it draws again, and the link's target is never touched.
    #[test]
    fn a_link_planted_at_the_temporary_name_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "secret").unwrap();
        fastrand::seed(42);
        let drawn = fastrand::u64(..);
        let planted = dir.path().join(format!(".out.prom.{drawn:016x}.tmp"));
        std::os::unix::fs::symlink(&victim, &planted).unwrap();
        fastrand::seed(42);
        write_atomic(&dir.path().join("out.prom"), b"fresh").unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "secret");
        assert!(std::fs::symlink_metadata(&planted).unwrap().is_symlink());
        assert_eq!(
            std::fs::read(dir.path().join("out.prom")).unwrap(),
            b"fresh"
        );
    }

    #[test]
    fn a_mode_is_set_whatever_the_umask() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("probe");
        write_atomic_mode(&path, b"x", 0o755).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o755);
    }

    #[test]
    fn devices_are_written_through_not_replaced() {
        write_atomic(Path::new("/dev/null"), b"discarded").unwrap();
        let meta = std::fs::metadata("/dev/null").unwrap();
        assert!(meta.file_type().is_char_device());
    }

    #[test]
    fn a_fifo_without_a_reader_fails_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let started = std::time::Instant::now();
        let err = write_atomic(&fifo, b"x").unwrap_err();
        assert!(err.to_string().contains("no reader"), "{err}");
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    }

    #[test]
    fn a_directory_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        assert!(write_atomic(dir.path(), b"x").is_err());
        assert!(dir.path().is_dir());
    }
}
