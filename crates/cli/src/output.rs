//! Where output goes: standard output, or the one file the user named with `-o`.
//!
//! Rules (documented in docs/cli.md):
//! * no `-o`, or `-o -`: standard output; binary formats (XLSX, DOCX) are refused on a terminal;
//! * `-o PATH`: PATH is checked before any work starts — a directory (or a path ending in `/`)
//!   is refused, the folder that will hold it must already exist (minhbach never creates
//!   folders), and PATH must not be one of the input files;
//! * the output is built completely in memory first, then written to PATH in one go, so a run
//!   that fails leaves no half-written file; nothing else is ever written.

use std::fs;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::failure::Failure;

/// The destination of a subcommand's output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// Standard output.
    Stdout,
    /// A file named by the user.
    File(PathBuf),
}

impl Target {
    /// From the value of `-o`: none or `-` is standard output.
    pub fn from_arg(o: Option<&Path>) -> Target {
        match o {
            None => Target::Stdout,
            Some(p) if p.as_os_str() == "-" => Target::Stdout,
            Some(p) => Target::File(p.to_path_buf()),
        }
    }

    /// Checks the destination before the work starts: see the module docs. `inputs` are the
    /// files the command reads (the output may not overwrite one); `binary` is true for XLSX
    /// and DOCX, which are not written to a terminal.
    pub fn check(&self, inputs: &[PathBuf], binary: Option<&str>) -> Result<(), Failure> {
        match self {
            Target::Stdout => {
                if let Some(ext) = binary {
                    if io::stdout().is_terminal() {
                        return Err(Failure::usage(format!(
                            "refusing to write {} to the terminal",
                            ext.to_uppercase()
                        ))
                        .fix(format!("name an output file with -o, e.g. -o out.{ext}")));
                    }
                }
                Ok(())
            }
            Target::File(path) => check_output_path(path, inputs),
        }
    }

    /// Writes `bytes` to the destination.
    pub fn write(&self, bytes: &[u8]) -> Result<(), Failure> {
        match self {
            Target::Stdout => {
                let mut out = io::stdout().lock();
                out.write_all(bytes)
                    .and_then(|()| out.flush())
                    .map_err(|e| Failure::stdout(&e))
            }
            Target::File(path) => fs::write(path, bytes).map_err(|e| Failure::write(path, &e)),
        }
    }
}

/// Writes text to standard output.
pub fn print(text: &str) -> Result<(), Failure> {
    Target::Stdout.write(text.as_bytes())
}

/// Writes a value as pretty JSON (and a newline) to the destination.
pub fn json<T: serde::Serialize>(target: &Target, value: &T) -> Result<(), Failure> {
    let mut text = serde_json::to_string_pretty(value)
        .map_err(|e| Failure::internal(format!("cannot serialise the JSON output: {e}")))?;
    text.push('\n');
    target.write(text.as_bytes())
}

fn check_output_path(path: &Path, inputs: &[PathBuf]) -> Result<(), Failure> {
    let shown = path.display();
    let trailing_slash = path
        .as_os_str()
        .to_string_lossy()
        .ends_with(std::path::MAIN_SEPARATOR);
    if path.is_dir() || trailing_slash {
        return Err(
            Failure::usage(format!("output path {shown} is a directory, not a file")).fix(format!(
                "name a file inside it, e.g. -o {}",
                path.join("out.txt").display()
            )),
        );
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !parent.is_dir() {
        return Err(Failure::usage(format!(
            "cannot write {shown}: folder {} does not exist",
            parent.display()
        ))
        .fix(format!(
            "create it first (mkdir -p {}) or choose another path; minhbach never creates folders",
            parent.display()
        )));
    }
    if let Ok(out) = fs::canonicalize(path) {
        for input in inputs {
            if fs::canonicalize(input).is_ok_and(|i| i == out) {
                return Err(Failure::usage(format!(
                    "output path {shown} is also an input file; writing it would destroy the input"
                ))
                .fix("choose another output path"));
            }
        }
    }
    Ok(())
}
