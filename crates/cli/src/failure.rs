//! Failures, exit codes and the last-resort panic hook.
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success |
//! | 1 | bad data: the inputs were read, but some of their content is wrong (the good part is still reported) |
//! | 2 | bad usage: wrong flags or values, missing or unreadable files, a directory where a file is expected, an output path that cannot be written |
//! | 70 | internal error (a bug in minhbach; the panic hook prints a short message) |

use std::fmt;
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::OnceLock;

/// The language of the interface: help, errors and notes (`minhbach_model::Lang`, the one
/// language selector of the workspace; the libraries' errors and reasons have a wording in
/// each, `minhbach_model::Bilingual`).
pub use minhbach_model::Lang;

static LANG: OnceLock<Lang> = OnceLock::new();

/// The language of this run: chosen once, at start, from `--lang` and the locale.
pub trait RunLang {
    /// The language asked for: `--lang vi|en` (or `--lang=…`) among `args`, else the first
    /// of `LC_ALL`, `LC_MESSAGES`, `LANG` that is set and not empty (POSIX order): Vietnamese
    /// when it starts with `vi`, English otherwise.
    fn detect(args: &[std::ffi::OsString], env: impl Fn(&str) -> Option<String>) -> Lang;
    /// Sets the language of this run (first call wins).
    fn set(self);
    /// The language of this run (English until [`RunLang::set`]).
    fn current() -> Lang;
}

impl RunLang for Lang {
    fn detect(args: &[std::ffi::OsString], env: impl Fn(&str) -> Option<String>) -> Lang {
        let mut it = args.iter().map(|a| a.to_string_lossy());
        while let Some(a) = it.next() {
            if a == "--" {
                break;
            }
            let v = match a.strip_prefix("--lang") {
                Some("") => it.next().map(|v| v.into_owned()),
                Some(rest) => rest.strip_prefix('=').map(str::to_string),
                None => None,
            };
            if let Some(v) = v {
                return Lang::from_locale(&v);
            }
        }
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|k| env(k).filter(|v| !v.is_empty()))
            .map_or(Lang::En, |v| Lang::from_locale(&v))
    }

    fn set(self) {
        let _ = LANG.set(self);
    }

    fn current() -> Lang {
        LANG.get().copied().unwrap_or(Lang::En)
    }
}

/// The text in the language of this run.
pub fn tr(en: impl Into<String>, vi: impl Into<String>) -> String {
    match Lang::current() {
        Lang::En => en.into(),
        Lang::Vi => vi.into(),
    }
}

/// Exit code for a run whose inputs held bad data.
pub const EXIT_DATA: u8 = 1;
/// Exit code for a command line that cannot be carried out (clap uses 2 too).
pub const EXIT_USAGE: u8 = 2;
/// Exit code for an internal error (a panic caught by the hook).
pub const EXIT_INTERNAL: u8 = 70;

/// How a subcommand that did its work ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunOutcome {
    /// Everything was read and reported.
    Success,
    /// The output was produced from the good part of the input and the problems were listed
    /// on stderr: exit code 1.
    DataProblems,
}

/// What kind of failure stops a subcommand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailureKind {
    /// The inputs hold bad data (exit 1).
    Data,
    /// The command line cannot be carried out (exit 2).
    Usage,
    /// A bug (exit 70).
    Internal,
    /// The reader of our stdout went away (`minhbach … | head`): exit 0 silently.
    BrokenPipe,
}

/// A failure that stops a subcommand: what went wrong (naming file, line and value where there
/// is one) and how to fix it.
#[derive(Clone, Debug)]
pub struct Failure {
    kind: FailureKind,
    message: String,
    fix: Option<String>,
}

impl Failure {
    /// Bad data in the inputs.
    pub fn data(message: impl Into<String>) -> Failure {
        Failure {
            kind: FailureKind::Data,
            message: message.into(),
            fix: None,
        }
    }

    /// A command line that cannot be carried out.
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure {
            kind: FailureKind::Usage,
            message: message.into(),
            fix: None,
        }
    }

    /// A bug.
    pub fn internal(message: impl Into<String>) -> Failure {
        Failure {
            kind: FailureKind::Internal,
            message: message.into(),
            fix: Some(tr(
                "this is a bug in minhbach; please report it with the command you ran",
                "đây là lỗi của minhbach; xin báo lỗi kèm lệnh đã chạy",
            )),
        }
    }

    /// The kind of failure.
    pub fn kind(&self) -> FailureKind {
        self.kind
    }

    /// The message without the fix.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Adds how to fix it.
    pub fn fix(mut self, fix: impl Into<String>) -> Failure {
        self.fix = Some(fix.into());
        self
    }

    /// An I/O error while reading `path` (`what` names the role of the file).
    pub fn read(path: &Path, what: FileRole, e: &io::Error) -> Failure {
        let p = path.display();
        let what = what.name();
        match e.kind() {
            io::ErrorKind::NotFound => Failure::usage(tr(
                format!("{what} {p}: no such file"),
                format!("{what} {p}: không có tệp này"),
            ))
            .fix(tr(
                "check the path (it is relative to the current directory)",
                "kiểm tra lại đường dẫn (tính từ thư mục đang đứng)",
            )),
            io::ErrorKind::PermissionDenied => Failure::usage(tr(
                format!("{what} {p}: permission denied"),
                format!("{what} {p}: không có quyền đọc"),
            ))
            .fix(tr(
                "make the file readable (chmod u+r) or copy it somewhere you can read",
                "cấp quyền đọc tệp (chmod u+r) hoặc chép tệp sang thư mục đọc được",
            )),
            io::ErrorKind::IsADirectory => Failure::usage(tr(
                format!("{what} {p} is a directory"),
                format!("{what} {p} là một thư mục"),
            ))
            .fix(tr(
                "name a file, not a folder",
                "chỉ ra một tệp, không phải thư mục",
            )),
            io::ErrorKind::InvalidData => Failure::data(format!("{what} {p}: {e}")),
            _ => Failure::usage(tr(
                format!("{what} {p}: cannot read: {e}"),
                format!("{what} {p}: không đọc được: {e}"),
            )),
        }
    }

    /// An I/O error while writing `path`.
    pub fn write(path: &Path, e: &io::Error) -> Failure {
        let p = path.display();
        match e.kind() {
            io::ErrorKind::PermissionDenied => Failure::usage(tr(
                format!("cannot write {p}: permission denied"),
                format!("không ghi được {p}: không có quyền ghi"),
            ))
            .fix(folder_fix()),
            io::ErrorKind::NotFound => Failure::usage(tr(
                format!("cannot write {p}: its folder does not exist"),
                format!("không ghi được {p}: thư mục chứa tệp không tồn tại"),
            ))
            .fix(tr(
                "create the folder first (mkdir -p) or choose another path",
                "tạo thư mục trước (mkdir -p) hoặc chọn đường dẫn khác",
            )),
            io::ErrorKind::IsADirectory => Failure::usage(tr(
                format!("cannot write {p}: it is a directory"),
                format!("không ghi được {p}: đây là một thư mục"),
            ))
            .fix(tr(
                "name a file inside it, e.g. -o <folder>/<name>",
                "chỉ ra một tệp trong thư mục đó, ví dụ -o <thư-mục>/<tên-tệp>",
            )),
            _ => Failure::usage(tr(
                format!("cannot write {p}: {e}"),
                format!("không ghi được {p}: {e}"),
            )),
        }
    }

    /// An error writing to stdout.
    pub fn stdout(e: &io::Error) -> Failure {
        if e.kind() == io::ErrorKind::BrokenPipe {
            Failure {
                kind: FailureKind::BrokenPipe,
                message: String::new(),
                fix: None,
            }
        } else {
            Failure::usage(tr(
                format!("cannot write to standard output: {e}"),
                format!("không ghi được ra đầu ra chuẩn: {e}"),
            ))
        }
    }
}

/// The fix of an output that cannot be written in its folder.
pub fn folder_fix() -> String {
    tr(
        "choose an output path in a folder you can write to",
        "chọn đường dẫn kết quả trong thư mục có quyền ghi",
    )
}

/// The role of an input file, named in the messages about it ("dossier file {path}: no such
/// file", "tệp hồ sơ {path}: không có tệp này").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileRole {
    /// A dossier export (CSV or spreadsheet).
    Dossiers,
    /// A partial file of `aggregate --save-partial`.
    Partial,
    /// The procedure catalogue of `--procedures`.
    Procedures,
    /// A working-day schedule (TOML).
    Schedule,
    /// A report to audit.
    Report,
    /// A report bundle (folder).
    Bundle,
    /// A report bundle's TOML file.
    BundleFile,
    /// A table of unit data for scoring.
    UnitData,
    /// An index definition (TOML) for scoring.
    IndexDefinition,
    /// An anchors file for scoring.
    Anchors,
    /// Any other file.
    File,
}

impl FileRole {
    /// The role in the language of the run.
    pub fn name(self) -> String {
        let (en, vi) = match self {
            FileRole::Dossiers => ("dossier file", "tệp hồ sơ"),
            FileRole::Partial => ("partial file", "tệp số liệu riêng"),
            FileRole::Procedures => ("procedure catalogue", "danh mục thủ tục"),
            FileRole::Schedule => ("schedule file", "tệp lịch làm việc"),
            FileRole::Report => ("report", "báo cáo"),
            FileRole::Bundle => ("report bundle", "bộ hồ sơ báo cáo"),
            FileRole::BundleFile => ("report bundle file", "tệp của bộ hồ sơ báo cáo"),
            FileRole::UnitData => ("unit data file", "tệp số liệu các đơn vị"),
            FileRole::IndexDefinition => ("index definition", "tệp định nghĩa bộ chỉ số"),
            FileRole::Anchors => ("anchors file", "tệp mốc min–max"),
            FileRole::File => ("file", "tệp"),
        };
        tr(en, vi)
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (error, fix_label) = match Lang::current() {
            Lang::En => ("error", "fix"),
            Lang::Vi => ("lỗi", "cách sửa"),
        };
        write!(f, "{error}: {}", self.message)?;
        if let Some(fix) = &self.fix {
            write!(f, "\n  {fix_label}: {fix}")?;
        }
        Ok(())
    }
}

/// Lists rejected input rows on stderr, one `error: FILE:LINE: column COL: MESSAGE (value "V")`
/// line each (`lỗi: … cột … (giá trị …)` in Vietnamese).
pub fn list_row_errors<'a>(
    file: &str,
    rows: impl IntoIterator<Item = (u64, &'a str, &'a str, &'a str)>,
) {
    let (label, column_word, value_word) = match Lang::current() {
        Lang::En => ("error", "column", "value"),
        Lang::Vi => ("lỗi", "cột", "giá trị"),
    };
    let mut err = io::stderr().lock();
    for (line, column, value, message) in rows {
        let col = if column.is_empty() {
            String::new()
        } else {
            format!(" {column_word} {column}:")
        };
        let _ = writeln!(
            err,
            "{label}: {file}:{line}:{col} {message} ({value_word} {value:?})"
        );
    }
}

/// Prints a failure (if any) on stderr and returns the exit code.
pub fn finish(result: Result<RunOutcome, Failure>) -> ExitCode {
    match result {
        Ok(RunOutcome::Success) => ExitCode::SUCCESS,
        Ok(RunOutcome::DataProblems) => ExitCode::from(EXIT_DATA),
        Err(f) => {
            let code = match f.kind {
                FailureKind::BrokenPipe => return ExitCode::SUCCESS,
                FailureKind::Data => EXIT_DATA,
                FailureKind::Usage => EXIT_USAGE,
                FailureKind::Internal => EXIT_INTERNAL,
            };
            let mut err = io::stderr().lock();
            // Nothing more can be done if stderr itself is gone.
            let _ = writeln!(err, "{f}");
            ExitCode::from(code)
        }
    }
}

/// Installs a panic hook that replaces Rust's panic message and backtrace by one short line
/// and exits with [`EXIT_INTERNAL`]. No input should ever reach it; it is the last resort.
///
/// Setting the environment variable `MINHBACH_TEST_PANIC` makes the program panic on purpose
/// right after installing the hook, so that the end-to-end tests can check the hook.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let mut err = io::stderr().lock();
        let version = env!("CARGO_PKG_VERSION");
        let _ = match Lang::current() {
            Lang::En => writeln!(
                err,
                "error: internal error in minhbach {version}{place}\n  fix: this is a bug in \
                 minhbach; please report it with the command you ran and, if you can, the input \
                 files"
            ),
            Lang::Vi => writeln!(
                err,
                "lỗi: lỗi nội bộ của minhbach {version}{place}\n  cách sửa: đây là lỗi của \
                 minhbach; xin báo lỗi kèm lệnh đã chạy và, nếu được, các tệp đầu vào"
            ),
        };
        std::process::exit(i32::from(EXIT_INTERNAL));
    }));
    if std::env::var_os("MINHBACH_TEST_PANIC").is_some() {
        #[allow(clippy::panic)]
        {
            panic!("MINHBACH_TEST_PANIC is set");
        }
    }
}
