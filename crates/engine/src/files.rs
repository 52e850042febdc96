//! Opening input files safely: only regular files are read (a named pipe would block forever,
//! `/dev/zero` would never end), and files read whole into memory are bounded by
//! [`Limits::max_auxiliary_bytes`](crate::aggregate::Limits::max_auxiliary_bytes). The CLI
//! and the report bundle reader use these functions for every file they read.

use std::fs::{File, Metadata};
use std::io::Read;
use std::path::Path;

use crate::EngineError;

/// What a path names when it is not a regular file, in words (`a named pipe (FIFO)`), or
/// `None` for a regular file.
pub fn irregular_kind(meta: &Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if t.is_char_device() {
            return Some("a character device");
        }
        if t.is_block_device() {
            return Some("a block device");
        }
        if t.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

/// [`irregular_kind`]'s words in Vietnamese (`một đường ống có tên (FIFO)`); other text is
/// returned as it is.
///
/// ```
/// assert_eq!(minhbach_engine::files::kind_vi("a directory"), "một thư mục");
/// ```
pub fn kind_vi(kind: &str) -> &str {
    match kind {
        "a directory" => "một thư mục",
        "a named pipe (FIFO)" | "a named pipe" | "a FIFO" => "một đường ống có tên (FIFO)",
        "a character device" => "một thiết bị ký tự",
        "a block device" => "một thiết bị khối",
        "a socket" => "một socket",
        "not a regular file" => "không phải tệp thông thường",
        other => other,
    }
}

/// Checks that `path` names a regular file (following symbolic links) and returns its
/// metadata. `name` is how errors name the file.
pub fn check_regular(path: &Path, name: &str) -> Result<Metadata, EngineError> {
    let meta = std::fs::metadata(path).map_err(|source| EngineError::Io {
        path: name.to_string(),
        source,
    })?;
    match irregular_kind(&meta) {
        None => Ok(meta),
        Some(kind) => Err(EngineError::NotRegularFile {
            path: name.to_string(),
            kind: kind.to_string(),
        }),
    }
}

/// Opens a regular file for reading; anything else is refused before it is opened (opening a
/// named pipe would block).
pub fn open_regular(path: &Path, name: &str) -> Result<File, EngineError> {
    check_regular(path, name)?;
    File::open(path).map_err(|source| EngineError::Io {
        path: name.to_string(),
        source,
    })
}

/// Reads a whole regular file of at most `max` bytes. At most `max + 1` bytes are read, so a
/// file that grows while it is read cannot exhaust memory either.
pub fn read_bounded(path: &Path, name: &str, max: u64) -> Result<Vec<u8>, EngineError> {
    let file = open_regular(path, name)?;
    let too_large = || EngineError::TooLarge {
        path: name.to_string(),
        limit: max,
        limit_name: "Limits::max_auxiliary_bytes".to_string(),
    };
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    if len > max {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|source| EngineError::Io {
            path: name.to_string(),
            source,
        })?;
    if bytes.len() as u64 > max {
        return Err(too_large());
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_over_the_limit_is_refused_and_one_at_the_limit_read() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.toml");
        std::fs::write(&p, "12345").unwrap();
        assert_eq!(read_bounded(&p, "a.toml", 5).unwrap(), b"12345");
        let e = read_bounded(&p, "a.toml", 4).unwrap_err();
        assert_eq!(
            e.to_string(),
            "a.toml: larger than the limit of 4 bytes (Limits::max_auxiliary_bytes); raise the \
             limit if the file is genuine"
        );
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_folders_are_refused_before_opening() {
        let e = read_bounded(Path::new("/dev/zero"), "/dev/zero", 10).unwrap_err();
        assert_eq!(
            e.to_string(),
            "/dev/zero is a character device, not a regular file"
        );
        let dir = tempfile::tempdir().unwrap();
        let e = open_regular(dir.path(), "d").unwrap_err();
        assert_eq!(e.to_string(), "d is a directory, not a regular file");
    }
}
