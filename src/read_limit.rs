//! Reading a file a person named, with a cap: a suite given as `/dev/zero`, a pipe that never
//! ends or a 50 MB script must fail at once with a clear error, not fill memory. The size in
//! the file's metadata is not enough (devices and pipes report 0). Imports nothing of the engine.

use std::io::{self, Read};
use std::path::Path;

/// What went wrong reading a file with a cap.
#[derive(Debug)]
pub enum ReadLimitError {
    Io(io::Error),
    /// More than `limit` bytes (`size` is known when the metadata told it).
    TooLarge {
        limit: u64,
        size: Option<u64>,
    },
}

/// The whole of `path`, if it holds at most `limit` bytes.
pub fn read_at_most(path: &Path, limit: u64) -> Result<Vec<u8>, ReadLimitError> {
    let file = std::fs::File::open(path).map_err(ReadLimitError::Io)?;
    let meta = file.metadata().map_err(ReadLimitError::Io)?;
    if meta.is_file() && meta.len() > limit {
        return Err(ReadLimitError::TooLarge {
            limit,
            size: Some(meta.len()),
        });
    }
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadLimitError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadLimitError::TooLarge { limit, size: None });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_endless_device_is_cut_at_the_limit() {
        let started = std::time::Instant::now();
        let err = read_at_most(Path::new("/dev/zero"), 1 << 20).unwrap_err();
        assert!(matches!(err, ReadLimitError::TooLarge { size: None, .. }));
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
    }

    #[test]
    fn a_file_within_the_limit_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, b"12345").unwrap();
        assert_eq!(read_at_most(&path, 5).unwrap(), b"12345");
        assert!(matches!(
            read_at_most(&path, 4),
            Err(ReadLimitError::TooLarge { size: Some(5), .. })
        ));
    }
}
