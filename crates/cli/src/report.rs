//! `minhbach report`: the finished transparency report from a report bundle folder.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use minhbach_report::writer::{render, Format};
use minhbach_report::{compose, summarise_dossiers, Bundle, ReportError};

use crate::failure::{Failure, Outcome};
use crate::output::Target;
use crate::progress::Ui;

/// `minhbach report …`
#[derive(Debug, Args)]
#[command(after_help = "\
BUNDLE_DIR holds report.toml (number, date, signer, narrative text, recipients) and the data
files it names: documents register, dossiers, procedure catalogue, portal statistics,
disclosure checklist, targets. Every figure in the report is computed from those files.
Points the office must check are shown in the report as \"CẦN KIỂM TRA\" and listed on stderr.

The format is --format, else the extension of -o (.docx .html .md .txt .json), else txt.
DOCX is what officers edit and sign; it is never written to a terminal.

Examples:
  minhbach report examples/data/ly-son-2021-h1 -o bao-cao-415.docx
  minhbach report examples/data/ly-son-2021-h1 --format html -o bao-cao.html
  minhbach report examples/data/ly-son-2021-h1 | less")]
pub struct ReportArgs {
    /// The report bundle folder.
    #[arg(value_name = "BUNDLE_DIR")]
    bundle: PathBuf,
    /// Output format (default: from the extension of -o, else txt).
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
    /// Output file (`-` or none for standard output).
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum FormatArg {
    /// Word document (A4, Nghị định 30/2020 layout).
    Docx,
    /// One self-contained HTML file with print CSS for A4.
    Html,
    /// Markdown.
    Md,
    /// Plain text, laid out like the printed report.
    Txt,
    /// The document tree as JSON.
    Json,
}

impl FormatArg {
    fn from_extension(path: &Path) -> Option<FormatArg> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "docx" => FormatArg::Docx,
            "html" | "htm" => FormatArg::Html,
            "md" | "markdown" => FormatArg::Md,
            "txt" | "text" => FormatArg::Txt,
            "json" => FormatArg::Json,
            _ => return None,
        })
    }

    fn writer(self) -> Format {
        match self {
            FormatArg::Docx => Format::Docx,
            FormatArg::Html => Format::Html,
            FormatArg::Md => Format::Markdown,
            FormatArg::Txt => Format::Text,
            FormatArg::Json => Format::Json,
        }
    }
}

/// Checks that `dir` is an existing folder (a bundle) holding a regular `report.toml`, with a
/// fix when it is not.
pub fn check_bundle_dir(dir: &Path) -> Result<(), Failure> {
    match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => {
            let spec = dir.join("report.toml");
            match std::fs::metadata(&spec) {
                Ok(_) => crate::input::check_file(&spec, "report bundle file"),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Failure::usage(format!(
                    "{} is not a report bundle: it has no report.toml",
                    dir.display()
                ))
                .fix("name the folder that holds report.toml (see examples/data/ly-son-2021-h1)")),
                Err(e) => Err(Failure::read(&spec, "report bundle file", &e)),
            }
        }
        Ok(_) => Err(Failure::usage(format!(
            "report bundle {} is a file, not a folder",
            dir.display()
        ))
        .fix("name the folder that holds report.toml")),
        Err(e) => Err(Failure::read(dir, "report bundle", &e)),
    }
}

/// A bundle that cannot be turned into a report: bad data (exit 1), with the file and field
/// in the message.
pub fn bundle_failure(e: ReportError) -> Failure {
    let fix = match &e {
        ReportError::MissingFile { .. } => {
            "add the file to the bundle, or remove its name from [files] in report.toml"
        }
        ReportError::Toml { .. } => "correct the TOML syntax at the line and column shown",
        ReportError::UnknownPlaceholder { .. }
        | ReportError::UnbalancedBrace { .. }
        | ReportError::EmptyPlaceholder { .. } => {
            "write a known {placeholder} or double the brace ({{ or }}) to write it literally"
        }
        ReportError::FileRefused { .. } => {
            "name a regular file inside the bundle folder, by a path relative to it"
        }
        ReportError::TextTooLong { .. } => {
            "use each long placeholder (such as {documents}) once or a few times, not thousands"
        }
        _ => "correct the value in the file and field shown",
    };
    Failure::data(e.to_string()).fix(fix)
}

/// Runs `minhbach report`.
pub fn run(a: ReportArgs, ui: &Ui) -> Result<Outcome, Failure> {
    check_bundle_dir(&a.bundle)?;
    let target = Target::from_arg(a.output.as_deref());
    let format = a
        .format
        .or_else(|| match &target {
            Target::File(p) => FormatArg::from_extension(p),
            Target::Stdout => None,
        })
        .unwrap_or(FormatArg::Txt);
    let binary = (format == FormatArg::Docx).then_some("docx");
    target.check(&[a.bundle.join("report.toml")], binary)?;

    let spinner = ui.spinner("composing the report");
    let bundle = Bundle::load(&a.bundle).map_err(bundle_failure)?;
    // The output may not replace any file of the bundle (checked by device and inode).
    target.check(&bundle.input_files(), binary)?;
    let figures = summarise_dossiers(&bundle).map_err(bundle_failure)?;
    let doc = compose(&bundle, figures.as_ref()).map_err(bundle_failure)?;
    let bytes = render(&doc, format.writer()).map_err(bundle_failure)?;
    spinner.finish_and_clear();
    for w in doc.warnings() {
        ui.note(&format!("CẦN KIỂM TRA: {w}"));
    }
    target.write(&bytes)?;
    Ok(Outcome::Success)
}
