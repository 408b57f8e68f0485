//! Files as the program reads and writes them: whole or not at all, and never bigger than
//! what they claim to be.

use std::io::Read;
use std::path::Path;

use crate::ApiError;

/// Writes a file through a temporary one beside it, so a failed write leaves no half file.
pub(crate) fn write_atomically(dest: &Path, bytes: &[u8]) -> Result<(), ApiError> {
    let tmp = dest.with_extension("part");
    let write = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, dest));
    write.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        ApiError::refused(format!("Không ghi được tệp {} ({e}): hãy chọn thư mục khác.", dest.display()))
    })
}

/// Why a file was not read.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// It could not be opened or read.
    Unreadable(std::io::Error),
    /// It is bigger than the limit (its size, as far as it was read).
    TooLarge(u64),
}

/// Reads a whole file of at most `limit` bytes. A bigger one (a video chosen by mistake) is
/// refused after reading one byte past the limit, so it never fills memory, whatever its
/// metadata says.
pub(crate) fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = std::fs::File::open(path).map_err(ReadError::Unreadable)?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if size > limit {
        return Err(ReadError::TooLarge(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(ReadError::Unreadable)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_over_its_limit_is_refused_and_one_within_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tệp.txt");
        std::fs::write(&path, b"0123456789").unwrap();
        assert_eq!(read_limited(&path, 10).unwrap(), b"0123456789");
        assert!(matches!(read_limited(&path, 9), Err(ReadError::TooLarge(10))));
        assert!(matches!(read_limited(&dir.path().join("không-có"), 9), Err(ReadError::Unreadable(_))));
    }

    #[test]
    fn a_failed_write_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("không-có-thư-mục").join("a.pdf");
        assert!(write_atomically(&dest, b"x").is_err());
        assert!(!dest.with_extension("part").exists());
        let dest = dir.path().join("a.pdf");
        write_atomically(&dest, b"x").unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), b"x");
    }
}
