//! Where output goes: standard output, or the one file the user named with `-o`. This module
//! is the only place the CLI writes a file.
//!
//! Rules (documented in docs/cli.md and docs/reliability.md):
//! * no `-o`, or `-o -`: standard output; binary formats (XLSX, DOCX) are refused on a terminal;
//! * `-o PATH`: PATH is checked before any work starts — a directory (or a path ending in `/`)
//!   is refused, the folder that will hold it must already exist (minhbach never creates
//!   folders), and PATH must not be any input file: the comparison is by device and inode, so
//!   a hard link, a symbolic link or another spelling of an input is refused too;
//! * the output is written to a temporary file in the target folder and renamed over PATH only
//!   when it is complete, so a run that fails (bad data, disk full, file-size limit) leaves
//!   PATH as it was — the old content, or no file. An existing PATH keeps its permissions; a
//!   symbolic link is followed and the file it points to is replaced. A PATH that exists and
//!   is not a regular file (`/dev/null`, `/dev/stdout`, a named pipe) is written in place.

use std::fs::{self, File, OpenOptions};
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::failure::{folder_fix, tr, Failure};

/// The format a command that writes tables (`aggregate`, `merge`, `score`) writes: `--format`
/// when given, else the one the `-o` file's extension names (`.csv`, `.json`, `.xlsx`), else
/// `default`. Refused (exit 2) when `--format` and the extension name two different formats,
/// so `-o bieu06.xlsx --format csv` never writes CSV into a file Excel opens as a workbook.
pub fn chosen_format<F: clap::ValueEnum + Copy + PartialEq>(
    explicit: Option<F>,
    output: Option<&Path>,
    default: F,
) -> Result<F, Failure> {
    let ext = output
        .and_then(Path::extension)
        .and_then(|e| e.to_str())
        .filter(|e| !e.is_empty());
    let from_ext = ext.and_then(|e| F::from_str(e, true).ok());
    match (explicit, from_ext) {
        (Some(f), Some(g)) if f != g => {
            let name = |f: F| {
                f.to_possible_value()
                    .map_or(String::new(), |v| v.get_name().to_owned())
            };
            let (f, g, ext) = (name(f), name(g), ext.unwrap_or_default());
            Err(Failure::usage(tr(
                format!("--format {f} writes {f}, but the output file ends in .{ext} ({g})"),
                format!("--format {f} ghi dạng {f}, nhưng tệp kết quả có đuôi .{ext} (dạng {g})"),
            ))
            .fix(tr(
                format!(
                    "drop --format to write {g}, or give the output file a name ending in .{f}"
                ),
                format!("bỏ --format để ghi dạng {g}, hoặc đặt tên tệp kết quả có đuôi .{f}"),
            )))
        }
        (Some(f), _) | (None, Some(f)) => Ok(f),
        (None, None) => Ok(default),
    }
}

/// The destination of a subcommand's output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Destination {
    /// Standard output.
    Stdout,
    /// A file named by the user.
    File(PathBuf),
}

impl Destination {
    /// From the value of `-o`: none or `-` is standard output.
    pub fn from_arg(o: Option<&Path>) -> Destination {
        match o {
            None => Destination::Stdout,
            Some(p) if p.as_os_str() == "-" => Destination::Stdout,
            Some(p) => Destination::File(p.to_path_buf()),
        }
    }

    /// Checks the destination before the work starts: see the module docs. `inputs` are the
    /// files the command reads (the output may not be one of them); `binary` is true for XLSX
    /// and DOCX, which are not written to a terminal.
    pub fn check(&self, inputs: &[PathBuf], binary: Option<&str>) -> Result<(), Failure> {
        match self {
            Destination::Stdout => {
                if let Some(ext) = binary {
                    if io::stdout().is_terminal() {
                        let upper = ext.to_uppercase();
                        return Err(Failure::usage(tr(
                            format!("refusing to write {upper} to the terminal"),
                            format!("không ghi tệp {upper} ra màn hình dòng lệnh"),
                        ))
                        .fix(tr(
                            format!("name an output file with -o, e.g. -o out.{ext}"),
                            format!("đặt tên tệp kết quả bằng -o, ví dụ -o ket-qua.{ext}"),
                        )));
                    }
                }
                Ok(())
            }
            Destination::File(path) => check_output_path(path, inputs),
        }
    }

    /// Writes `bytes` to the destination (a file: atomically, see the module docs).
    pub fn write(&self, bytes: &[u8]) -> Result<(), Failure> {
        self.write_with(|out| out.write_all(bytes))
    }

    /// Streams the output through `fill`, for outputs too large to build in memory. A file is
    /// still replaced only when `fill` succeeded and everything reached the disk.
    pub fn write_with(
        &self,
        fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), Failure> {
        match self {
            Destination::Stdout => {
                let mut out = io::stdout().lock();
                fill(&mut out)
                    .and_then(|()| out.flush())
                    .map_err(|e| Failure::stdout(&e))
            }
            Destination::File(path) => write_file(path, fill),
        }
    }
}

/// Makes a write past the file-size limit (`ulimit -f`) an ordinary error instead of a signal
/// that kills the process: without it, SIGXFSZ would end the program before the temporary
/// file is removed. Called once at start-up; if the handler cannot be installed, the default
/// stays (the output file is still never left half-written).
pub fn survive_file_size_limit() {
    #[cfg(unix)]
    {
        let flag = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let _ = signal_hook::flag::register(signal_hook::consts::SIGXFSZ, flag);
    }
}

/// Writes text to standard output.
pub fn print(text: &str) -> Result<(), Failure> {
    Destination::Stdout.write(text.as_bytes())
}

/// Writes a value as pretty JSON (and a newline) to the destination.
/// The value is serialised straight into the destination, so a large value (a table of a
/// million groups, serialised from an iterator) is never held as text.
pub fn json<T: serde::Serialize>(target: &Destination, value: &T) -> Result<(), Failure> {
    json_document(target, |w| {
        serde_json::to_writer_pretty(w, value).map_err(io::Error::from)
    })
}

/// Writes a pretty JSON object (and a newline) to the destination, field by field:
/// `fill` writes the fields with [`JsonObject::field`] (serialised by serde_json) or
/// [`JsonObject::field_with`] (written by another writer, as the scores' units are by the
/// engine's faster one). The bytes are those [`json`] writes for a struct with these fields
/// in this order.
pub fn json_object(
    target: &Destination,
    fill: impl FnOnce(&mut JsonObject<'_>) -> io::Result<()>,
) -> Result<(), Failure> {
    json_document(target, |w| write_object(w, fill))
}

/// Writes one JSON document through a buffer, with the final newline: `write` writes the
/// document itself ([`json`], [`json_object`]).
fn json_document(
    target: &Destination,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), Failure> {
    target.write_with(|w| {
        let mut w = io::BufWriter::new(w);
        write(&mut w)?;
        w.write_all(b"\n")?;
        w.flush()
    })
}

/// Writes the object of [`json_object`] to `w` (without the final newline).
pub fn write_object(
    w: &mut dyn Write,
    fill: impl FnOnce(&mut JsonObject<'_>) -> io::Result<()>,
) -> io::Result<()> {
    let mut object = JsonObject { w, fields: 0 };
    fill(&mut object)?;
    object.end()
}

/// A top-level JSON object being written field by field, laid out as serde_json's pretty
/// printer lays out a struct (see [`json_object`]).
pub struct JsonObject<'w> {
    w: &'w mut dyn Write,
    fields: usize,
}

impl JsonObject<'_> {
    /// A field whose value serde_json writes, one level deep.
    pub fn field<T: serde::Serialize + ?Sized>(&mut self, key: &str, value: &T) -> io::Result<()> {
        self.key(key)?;
        let nested = Nested {
            w: &mut *self.w,
            indent: b"  ",
        };
        serde_json::to_writer_pretty(nested, value).map_err(io::Error::from)
    }

    /// A field whose value `write` writes as serde_json's pretty printer would at nesting
    /// depth 1 (the depth it is given).
    pub fn field_with(
        &mut self,
        key: &str,
        write: impl FnOnce(&mut dyn Write, usize) -> io::Result<()>,
    ) -> io::Result<()> {
        self.key(key)?;
        write(&mut *self.w, 1)
    }

    fn key(&mut self, key: &str) -> io::Result<()> {
        self.w
            .write_all(if self.fields == 0 { b"{\n  " } else { b",\n  " })?;
        self.fields += 1;
        serde_json::to_writer(&mut *self.w, key)?;
        self.w.write_all(b": ")
    }

    fn end(self) -> io::Result<()> {
        self.w
            .write_all(if self.fields == 0 { b"{}" } else { b"\n}" })
    }
}

/// A writer that indents pretty JSON one level more: after every newline (pretty JSON has
/// newlines only between tokens; inside strings they are escaped) it writes `indent`.
struct Nested<'w> {
    w: &'w mut dyn Write,
    indent: &'static [u8],
}

impl Write for Nested<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_all(buf).map(|()| buf.len())
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        let mut lines = buf.split(|&b| b == b'\n');
        if let Some(first) = lines.next() {
            self.w.write_all(first)?;
        }
        for line in lines {
            self.w.write_all(b"\n")?;
            self.w.write_all(self.indent)?;
            self.w.write_all(line)?;
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.w.flush()
    }
}

/// The identity of an existing file: device and inode where the platform has them, else the
/// canonical path.
#[derive(PartialEq, Eq)]
enum FileId {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg_attr(unix, allow(dead_code))]
    Path(PathBuf),
}

fn file_id(path: &Path) -> Option<FileId> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        fs::metadata(path)
            .ok()
            .map(|m| FileId::Inode(m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        fs::canonicalize(path).ok().map(FileId::Path)
    }
}

/// The folder that holds `path` (`.` for a bare file name).
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn check_output_path(path: &Path, inputs: &[PathBuf]) -> Result<(), Failure> {
    let shown = path.display();
    let trailing_slash = path
        .as_os_str()
        .to_string_lossy()
        .ends_with(std::path::MAIN_SEPARATOR);
    if path.is_dir() || trailing_slash {
        let inside = path.join("out.txt");
        let inside = inside.display();
        return Err(Failure::usage(tr(
            format!("output path {shown} is a directory, not a file"),
            format!("đường dẫn kết quả {shown} là một thư mục, không phải một tệp"),
        ))
        .fix(tr(
            format!("name a file inside it, e.g. -o {inside}"),
            format!("chỉ ra một tệp trong thư mục đó, ví dụ -o {inside}"),
        )));
    }
    let parent = folder_of(path);
    if !parent.is_dir() {
        let folder = parent.display();
        return Err(Failure::usage(tr(
            format!("cannot write {shown}: folder {folder} does not exist"),
            format!("không ghi được {shown}: thư mục {folder} không tồn tại"),
        ))
        .fix(tr(
            format!(
                "create it first (mkdir -p {folder}) or choose another path; minhbach never \
                 creates folders"
            ),
            format!(
                "tạo thư mục trước (mkdir -p {folder}) hoặc chọn đường dẫn khác; minhbach không \
                 tự tạo thư mục"
            ),
        )));
    }
    if let Some(out) = file_id(path) {
        for input in inputs {
            if file_id(input).is_some_and(|i| i == out) {
                let same = |en: bool| {
                    if input.as_path() == path {
                        String::new()
                    } else if en {
                        format!(" ({} is the same file)", input.display())
                    } else {
                        format!(" ({} là cùng một tệp)", input.display())
                    }
                };
                return Err(Failure::usage(tr(
                    format!(
                        "output path {shown} is also an input file{}; writing it would destroy \
                         the input",
                        same(true)
                    ),
                    format!(
                        "đường dẫn kết quả {shown} cũng là một tệp đầu vào{}; ghi vào đó sẽ làm \
                         mất dữ liệu đầu vào",
                        same(false)
                    ),
                ))
                .fix(tr(
                    "choose another output path",
                    "chọn đường dẫn kết quả khác",
                )));
            }
        }
    }
    Ok(())
}

/// Writes a file through a temporary file in its folder, renamed into place when complete.
fn write_file(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), Failure> {
    // Follow a symbolic link so that the link stays and the file it names is replaced.
    let dest = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let existing = fs::metadata(&dest).ok();
    if let Some(m) = &existing {
        if !m.is_file() {
            // A device or a named pipe: there is nothing to replace, write in place.
            let mut f = OpenOptions::new()
                .write(true)
                .open(&dest)
                .map_err(|e| Failure::write(path, &e))?;
            return fill(&mut f)
                .and_then(|()| f.flush())
                .map_err(|e| Failure::write(path, &e));
        }
        // Refuse what plain writing would refuse (a read-only file) before any work.
        OpenOptions::new()
            .write(true)
            .open(&dest)
            .map_err(|e| Failure::write(path, &e))?;
    }
    let folder = folder_of(&dest);
    let mut builder = tempfile::Builder::new();
    builder.prefix(".minhbach-").suffix(".part");
    let permissions = match &existing {
        Some(m) => Some(m.permissions()),
        None => default_permissions(),
    };
    if let Some(p) = permissions {
        builder.permissions(p);
    }
    let mut tmp = builder.tempfile_in(&folder).map_err(|e| {
        let (p, f) = (path.display(), folder.display());
        if e.kind() == io::ErrorKind::PermissionDenied {
            return Failure::usage(tr(
                format!(
                    "cannot write {p}: permission denied (no file can be created in folder {f})"
                ),
                format!(
                    "không ghi được {p}: không có quyền ghi (không tạo được tệp trong thư mục {f})"
                ),
            ))
            .fix(folder_fix());
        }
        // The error names the temporary file; say it of the folder instead.
        let text = e.to_string();
        let reason = text.split(" at path ").next().unwrap_or(&text);
        Failure::usage(tr(
            format!("cannot write {p}: cannot create a file in folder {f}: {reason}"),
            format!("không ghi được {p}: không tạo được tệp trong thư mục {f}: {reason}"),
        ))
        .fix(folder_fix())
    })?;
    let written = {
        let file: &mut File = tmp.as_file_mut();
        fill(file)
            .and_then(|()| file.flush())
            .and_then(|()| file.sync_all())
    };
    // On failure the temporary file is removed when `tmp` is dropped; PATH is untouched.
    written.map_err(|e| Failure::write(path, &e))?;
    tmp.persist(&dest)
        .map_err(|e| Failure::write(path, &e.error))?;
    Ok(())
}

/// Permissions of a new file: read and write for everyone, less the umask (what `File::create`
/// gives), instead of the temporary file's owner-only default.
#[cfg(unix)]
fn default_permissions() -> Option<fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(fs::Permissions::from_mode(0o666))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<fs::Permissions> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_keeps_the_old_file_and_leaves_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        fs::write(&path, "old").unwrap();
        let target = Destination::File(path.clone());
        let err = target
            .write_with(|w| {
                w.write_all(b"half")?;
                Err(io::Error::other("disk full"))
            })
            .unwrap_err();
        assert!(err.message().contains("disk full"), "{}", err.message());
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        target.write(b"new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn hard_and_symbolic_links_to_an_input_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.csv");
        fs::write(&input, "id\n").unwrap();
        let hard = dir.path().join("hard.csv");
        fs::hard_link(&input, &hard).unwrap();
        let soft = dir.path().join("soft.csv");
        std::os::unix::fs::symlink(&input, &soft).unwrap();
        for p in [&input, &hard, &soft] {
            let err = Destination::File(p.clone())
                .check(std::slice::from_ref(&input), None)
                .unwrap_err();
            assert!(err.message().contains("also an input"), "{}", err.message());
        }
        let other = dir.path().join("other.csv");
        Destination::File(other).check(&[input], None).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_output_is_followed_and_kept() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.txt");
        fs::write(&real, "old").unwrap();
        fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        Destination::File(link.clone()).write(b"new").unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
        let mode = fs::metadata(&real).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }
}
