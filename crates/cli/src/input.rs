//! Reading input files with errors that name the file and the fix. Only regular files are
//! read (a named pipe or a device is refused at once), and a file read whole is bounded by
//! `Limits::max_auxiliary_bytes` (`minhbach_engine::files`).

use std::path::Path;

use minhbach_engine::aggregate::Limits;
use minhbach_engine::{files, EngineError};

use crate::failure::{tr, Failure, FileRole};

/// An error of `minhbach_engine::files` as a failure; `what` names the role of the file.
pub fn file_failure(path: &Path, what: FileRole, e: EngineError) -> Failure {
    let p = path.display();
    match e {
        EngineError::Io { source, .. } => Failure::read(path, what, &source),
        EngineError::NotRegularFile { kind, .. } if kind == "a directory" => Failure::usage(tr(
            format!("{} {p} is a directory, not a file", what.name()),
            format!("{} {p} là một thư mục, không phải một tệp", what.name()),
        ))
        .fix(tr(
            format!("name a file inside it (ls {p}) instead of the folder"),
            format!("chỉ ra một tệp trong thư mục đó (ls {p}) thay cho thư mục"),
        )),
        EngineError::NotRegularFile { kind, .. } => Failure::usage(tr(
            format!("{} {p} is {kind}, not a regular file", what.name()),
            format!(
                "{} {p} là {}, không phải một tệp thông thường",
                what.name(),
                kind_vi(&kind)
            ),
        ))
        .fix(not_regular_fix()),
        EngineError::TooLarge { limit, .. } => Failure::data(tr(
            format!(
                "{} {p} is larger than {limit} bytes, the limit for such files",
                what.name()
            ),
            format!(
                "{} {p} lớn hơn {limit} byte, giới hạn cho loại tệp này",
                what.name()
            ),
        ))
        .fix(tr(
            "check that this is the right file; the limit is Limits::max_auxiliary_bytes for \
             programs embedding minhbach",
            "kiểm tra đây có đúng là tệp cần dùng không; giới hạn này là \
             Limits::max_auxiliary_bytes đối với chương trình nhúng minhbach",
        )),
        other => Failure::data(format!(
            "{} {p}: {}",
            what.name(),
            crate::error_text::engine(&other)
        )),
    }
}

/// The fix of a pipe or a device given where a file is read.
pub fn not_regular_fix() -> String {
    tr(
        "save the data to a regular file and name that file; minhbach does not read pipes or \
         devices",
        "lưu dữ liệu vào một tệp thông thường rồi chỉ ra tệp đó; minhbach không đọc đường ống \
         (pipe) hay thiết bị",
    )
}

/// What kind of thing a path that is not a regular file is (`EngineError::NotRegularFile`),
/// in Vietnamese: the engine's `files::kind_vi`, next to the words it translates.
pub use minhbach_engine::files::kind_vi;

/// Checks that `path` names an existing regular file (not a folder, a pipe or a device) before
/// any work starts. `what` names the role of the file in messages.
pub fn check_file(path: &Path, what: FileRole) -> Result<(), Failure> {
    files::check_regular(path, &path.display().to_string())
        .map(|_| ())
        .map_err(|e| file_failure(path, what, e))
}

/// Reads a file whole, bounded by `Limits::max_auxiliary_bytes`.
pub fn read_bytes(path: &Path, what: FileRole) -> Result<Vec<u8>, Failure> {
    let max = Limits::default().max_auxiliary_bytes;
    files::read_bounded(path, &path.display().to_string(), max)
        .map_err(|e| file_failure(path, what, e))
}

/// Reads a UTF-8 text file (a leading byte-order mark is dropped). Bad UTF-8 is bad data and
/// the message names the line.
pub fn read_text(path: &Path, what: FileRole) -> Result<String, Failure> {
    decode_text(read_bytes(path, what)?).map_err(|line| {
        Failure::data(tr(
            format!(
                "{}:{line}: {} is not valid UTF-8 text",
                path.display(),
                what.name()
            ),
            format!(
                "{}:{line}: {} không phải văn bản UTF-8 hợp lệ",
                path.display(),
                what.name()
            ),
        ))
        .fix(tr(
            "save the file as UTF-8 (in Excel: \"CSV UTF-8\"; in a text editor: encoding UTF-8)",
            "lưu lại tệp dạng UTF-8 (trong Excel: \"CSV UTF-8\"; trong trình soạn thảo: bảng mã \
             UTF-8)",
        ))
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
