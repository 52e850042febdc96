//! Reading input files with errors that name the file and the fix.

use std::fs;
use std::path::Path;

use crate::failure::Failure;

/// Checks that `path` names an existing regular file (not a folder) before any work starts.
/// `what` names the role of the file in messages (`dossier file`, `schedule file`).
pub fn check_file(path: &Path, what: &str) -> Result<(), Failure> {
    match fs::metadata(path) {
        Ok(m) if m.is_dir() => Err(Failure::usage(format!(
            "{what} {} is a directory, not a file",
            path.display()
        ))
        .fix(format!(
            "name a file inside it (ls {}) instead of the folder",
            path.display()
        ))),
        Ok(_) => Ok(()),
        Err(e) => Err(Failure::read(path, what, &e)),
    }
}

/// Reads a UTF-8 text file (a leading byte-order mark is dropped). Bad UTF-8 is bad data and
/// the message names the line.
pub fn read_text(path: &Path, what: &str) -> Result<String, Failure> {
    check_file(path, what)?;
    let bytes = fs::read(path).map_err(|e| Failure::read(path, what, &e))?;
    let bytes = bytes
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .map(<[u8]>::to_vec)
        .unwrap_or(bytes);
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let line = 1 + e
            .as_bytes()
            .get(..valid)
            .map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count());
        Failure::data(format!(
            "{}:{line}: {what} is not valid UTF-8 text",
            path.display()
        ))
        .fix("save the file as UTF-8 (in Excel: \"CSV UTF-8\"; in a text editor: encoding UTF-8)")
    })
}
