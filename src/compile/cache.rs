//! The build cache: one generated crate and one cargo target directory shared by every suite,
//! and the runtimes built there (`runtimes/`), one a target and feature set, which every later
//! suite with those features reuses as it is (a probe is its runtime and its suite's data).
//!
//! `probekit build` runs cargo, and cargo runs what a crate directory holds (a `build.rs`, a
//! proc macro), often as root in CI. So the cache is trusted only when nobody else could have
//! written into it: it is created `0700`, and a cache directory (or its `crate/` or `target/`)
//! that is not a directory of the current user's own, or that others may write, is refused with
//! a message naming it and the fix. Inside it nothing is followed: the lock is opened
//! `O_NOFOLLOW`, the log is replaced atomically, and before every build each file of the crate
//! directory that probekit did not write is deleted (links included, never their targets).

use std::collections::BTreeSet;
use std::fs::{DirBuilder, File, OpenOptions};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// The cached runtimes' directory in the cache.
const RUNTIMES: &str = "runtimes";

/// Names a runtime: the hash of probekit's source, and of everything else it was built from.
pub struct RuntimeKey {
    pub source: String,
    pub build: String,
}

impl RuntimeKey {
    fn file_name(&self) -> String {
        format!("{}-{}", self.source, self.build)
    }
}

/// A cache directory checked for ownership and permissions.
pub struct Cache {
    pub dir: PathBuf,
}

impl Cache {
    /// `$PROBEKIT_CACHE`, else `$XDG_CACHE_HOME/probekit`, else `~/.cache/probekit`, created
    /// `0700` if missing and refused if it is not safe to build in.
    pub fn open() -> Result<Cache, String> {
        let dir = location()?;
        DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        check_private(&dir)?;
        for sub in ["crate", "target", RUNTIMES] {
            let path = dir.join(sub);
            match std::fs::symlink_metadata(&path) {
                Ok(_) => check_private(&path)?,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(format!("cannot inspect {}: {e}", path.display())),
            }
        }
        Ok(Cache { dir })
    }

    pub fn crate_dir(&self) -> PathBuf {
        self.dir.join("crate")
    }

    pub fn target_dir(&self) -> PathBuf {
        self.dir.join("target")
    }

    /// Where the runtime built under `key` is kept.
    pub fn runtime_path(&self, key: &RuntimeKey) -> PathBuf {
        self.dir.join(RUNTIMES).join(key.file_name())
    }

    /// Keeps a runtime that was just built under `key`, and removes those built from another
    /// probekit source, which no build of this probekit would use again.
    pub fn keep_runtime(&self, key: &RuntimeKey, bytes: &[u8]) -> Result<(), String> {
        let dir = self.dir.join(RUNTIMES);
        DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let entries =
            std::fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        for entry in entries.flatten() {
            let name = entry.file_name();
            if !name.to_string_lossy().starts_with(&key.source) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        let path = dir.join(key.file_name());
        crate::atomic_file::write_atomic_mode(&path, bytes, 0o600)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))
    }

    pub fn log_path(&self) -> PathBuf {
        self.dir.join("build.log")
    }

    /// An exclusive lock on the cache, held until the returned handle is dropped: builds that
    /// share a cache take turns.
    pub fn lock(&self) -> Result<File, String> {
        use std::os::fd::AsRawFd;
        let path = self.dir.join("lock");
        let f = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC | libc::O_NONBLOCK)
            .open(&path)
            .map_err(|e| match e.raw_os_error() {
                Some(libc::ELOOP) => format!(
                    "{} is a symbolic link; remove it (the cache holds no links)",
                    path.display()
                ),
                _ => format!("cannot open {}: {e}", path.display()),
            })?;
        if !f.metadata().is_ok_and(|m| m.is_file()) {
            return Err(format!(
                "{} is not a regular file; remove it",
                path.display()
            ));
        }
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
}

fn location() -> Result<PathBuf, String> {
    let var = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let dir = var("PROBEKIT_CACHE")
        .or_else(|| var("XDG_CACHE_HOME").map(|d| d.join("probekit")))
        .or_else(|| var("HOME").map(|h| h.join(".cache/probekit")))
        .ok_or("no cache directory: set PROBEKIT_CACHE (or XDG_CACHE_HOME or HOME)")?;
    // Absolute, so that cargo's path remapping covers it whatever the working directory.
    std::path::absolute(&dir).map_err(|e| format!("cache directory {}: {e}", dir.display()))
}

/// `path` is a real directory (not a link), owned by the current user, that no one else may
/// write.
fn check_private(path: &Path) -> Result<(), String> {
    let meta = std::fs::symlink_metadata(path)
        .map_err(|e| format!("cannot inspect {}: {e}", path.display()))?;
    let fix = "remove it, or set PROBEKIT_CACHE to a directory of your own (it is created with mode 0700)";
    if !meta.file_type().is_dir() {
        return Err(format!(
            "the build cache {} is not a directory (a link or a file); {fix}",
            path.display()
        ));
    }
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    if meta.uid() != me {
        return Err(format!(
            "the build cache {} belongs to uid {}, not to this user (uid {me}): what it holds could run during the build; {fix}",
            path.display(),
            meta.uid()
        ));
    }
    if meta.mode() & 0o022 != 0 {
        return Err(format!(
            "the build cache {} may be written by others (mode {:o}): what they put there could run during the build; {fix}",
            path.display(),
            meta.mode() & 0o7777
        ));
    }
    Ok(())
}

/// Deletes every file and link under `dir` that is not in `keep` (links are removed, never
/// followed), and the directories left empty. A directory in `keep` is kept whole.
pub fn remove_others(dir: &Path, keep: &BTreeSet<PathBuf>) -> Result<(), String> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(format!("cannot read {}: {e}", dir.display())),
    };
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        let path = entry.path();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && keep.contains(&path) {
            continue;
        }
        if is_dir {
            remove_others(&path, keep)?;
            if !keep.iter().any(|k| k.starts_with(&path)) {
                std::fs::remove_dir(&path)
                    .map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
            }
        } else if !keep.contains(&path) {
            std::fs::remove_file(&path)
                .map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_cache_others_may_write_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
        let err = check_private(dir.path()).unwrap_err();
        assert!(err.contains("may be written by others"), "{err}");
        assert!(err.contains("PROBEKIT_CACHE"), "{err}");
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
        check_private(dir.path()).unwrap();
    }

    #[test]
    fn a_link_is_not_a_cache() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        std::fs::create_dir(&real).unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        assert!(
            check_private(&link)
                .unwrap_err()
                .contains("not a directory")
        );
    }

    #[test]
    fn stray_files_and_links_go_but_not_their_targets() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let precious = outside.path().join("precious");
        std::fs::write(&precious, "keep me").unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("src")).unwrap();
        std::fs::write(root.join("Cargo.toml"), "x").unwrap();
        std::fs::write(root.join("build.rs"), "fn main() {}").unwrap();
        std::fs::create_dir_all(root.join("evil/deep")).unwrap();
        std::fs::write(root.join("evil/deep/x.rs"), "").unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("src/linked")).unwrap();
        let keep: BTreeSet<PathBuf> = [root.join("Cargo.toml")].into_iter().collect();
        remove_others(root, &keep).unwrap();
        let left: Vec<_> = std::fs::read_dir(root)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, vec![std::ffi::OsString::from("Cargo.toml")]);
        assert_eq!(std::fs::read_to_string(&precious).unwrap(), "keep me");
    }
}
