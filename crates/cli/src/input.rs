//! Reading input files with errors that name the file and the fix. Only regular files are
//! read (a named pipe or a device is refused at once), and a file read whole is bounded by
//! `Limits::max_auxiliary_bytes` (`minhbach_engine::files`).

use std::path::Path;

use minhbach_engine::aggregate::Limits;
use minhbach_engine::{files, EngineError};

use crate::failure::Failure;

/// An error of `minhbach_engine::files` as a failure; `what` names the role of the file.
pub fn file_failure(path: &Path, what: &str, e: EngineError) -> Failure {
    match e {
        EngineError::Io { source, .. } => Failure::read(path, what, &source),
        EngineError::NotRegularFile { kind, .. } if kind == "a directory" => Failure::usage(
            format!("{what} {} is a directory, not a file", path.display()),
        )
        .fix(format!(
            "name a file inside it (ls {}) instead of the folder",
            path.display()
        )),
        EngineError::NotRegularFile { kind, .. } => Failure::usage(format!(
            "{what} {} is {kind}, not a regular file",
            path.display()
        ))
        .fix("save the data to a regular file and name that file; minhbach does not read pipes or devices"),
        EngineError::TooLarge { limit, .. } => Failure::data(format!(
            "{what} {} is larger than {limit} bytes, the limit for such files",
            path.display()
        ))
        .fix("check that this is the right file; the limit is Limits::max_auxiliary_bytes for programs embedding minhbach"),
        other => Failure::data(format!("{what} {}: {other}", path.display())),
    }
}

/// Checks that `path` names an existing regular file (not a folder, a pipe or a device) before
/// any work starts. `what` names the role of the file in messages (`dossier file`,
/// `schedule file`).
pub fn check_file(path: &Path, what: &str) -> Result<(), Failure> {
    files::check_regular(path, &path.display().to_string())
        .map(|_| ())
        .map_err(|e| file_failure(path, what, e))
}

/// Reads a file whole, bounded by `Limits::max_auxiliary_bytes`.
pub fn read_bytes(path: &Path, what: &str) -> Result<Vec<u8>, Failure> {
    let max = Limits::default().max_auxiliary_bytes;
    files::read_bounded(path, &path.display().to_string(), max)
        .map_err(|e| file_failure(path, what, e))
}

/// Reads a UTF-8 text file (a leading byte-order mark is dropped). Bad UTF-8 is bad data and
/// the message names the line.
pub fn read_text(path: &Path, what: &str) -> Result<String, Failure> {
    decode_text(read_bytes(path, what)?).map_err(|line| {
        Failure::data(format!(
            "{}:{line}: {what} is not valid UTF-8 text",
            path.display()
        ))
        .fix("save the file as UTF-8 (in Excel: \"CSV UTF-8\"; in a text editor: encoding UTF-8)")
    })
}

/// UTF-8 text from bytes, a leading byte-order mark dropped; on bad UTF-8, the line (1-based)
/// of the first bad byte, for the caller's message.
pub fn decode_text(bytes: Vec<u8>) -> Result<String, usize> {
    let bytes = bytes
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .map(<[u8]>::to_vec)
        .unwrap_or(bytes);
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        1 + e
            .as_bytes()
            .get(..valid)
            .map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count())
    })
}
