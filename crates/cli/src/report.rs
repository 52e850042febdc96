//! `minhbach report`: the finished transparency report from a report bundle folder.

use std::path::{Path, PathBuf};

use clap::Args;
use minhbach_report::writer::{render, Format};
use minhbach_report::{compose_bundle, Bundle, ReportError, TomlReason};

use crate::args::named;
use crate::failure::{tr, Failure, FileRole, RunOutcome};
use crate::output::Destination;
use crate::progress::Ui;

/// `minhbach report …`
#[derive(Debug, Args)]
#[command(after_help = "\
BUNDLE_DIR holds report.toml (number, date, signer, narrative text, recipients) and the data
files it names: documents register, dossiers, procedure catalogue, portal statistics,
disclosure checklist, targets. Every figure in the report is computed from those files.
Points the office must check are shown in the report as \"CẦN KIỂM TRA\" and listed on stderr.

The format is --format, else the extension of -o (.pdf .docx .html .md .txt .json), else txt;
any other extension is refused. DOCX is what officers edit and sign, PDF what they print or
publish; neither is written to a terminal.

Rows of the dossiers file outside the period are counted on stderr. A dossiers file with rows
of which none was received or resolved in the period (a file left from another period) stops
the report with exit 1 unless --allow-empty-period is given.

Examples:
  minhbach report examples/data/ly-son-2021-h1 -o bao-cao-415.docx
  minhbach report examples/data/ly-son-2021-h1 -o bao-cao-415.pdf
  minhbach report examples/data/ly-son-2021-h1 --format html -o bao-cao.html
  minhbach report examples/data/ly-son-2021-h1 | less")]
pub struct ReportArgs {
    /// The report bundle folder.
    #[arg(value_name = "BUNDLE_DIR")]
    bundle: PathBuf,
    /// Output format (default: from the extension of -o, else txt).
    #[arg(long, value_parser = named(&FORMATS, Format::extension, format_help))]
    format: Option<Format>,
    /// Output file (`-` or none for standard output).
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// Write the report even when no dossier of the file was received or resolved in the period.
    #[arg(long)]
    allow_empty_period: bool,
}

/// The formats `--format` names, by their file extension, in the order of `--help`.
const FORMATS: [Format; 6] = [
    Format::Pdf,
    Format::Docx,
    Format::Html,
    Format::Markdown,
    Format::Text,
    Format::Json,
];

/// The English description of each `--format` value in `--help`.
fn format_help(f: Format) -> Option<&'static str> {
    Some(match f {
        Format::Pdf => "PDF (A4, Nghị định 30/2020 layout, fonts embedded)",
        Format::Docx => "Word document (A4, Nghị định 30/2020 layout)",
        Format::Html => "One self-contained HTML file with print CSS for A4",
        Format::Markdown => "Markdown",
        Format::Text => "Plain text, laid out like the printed report",
        Format::Json => "The document tree as JSON",
    })
}

/// Checks that `dir` is an existing folder (a bundle) holding a regular `report.toml`, with a
/// fix when it is not.
pub fn check_bundle_dir(dir: &Path) -> Result<(), Failure> {
    match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => {
            let spec = dir.join("report.toml");
            match std::fs::metadata(&spec) {
                Ok(_) => crate::input::check_file(&spec, FileRole::BundleFile),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    let d = dir.display();
                    Err(Failure::usage(tr(
                        format!("{d} is not a report bundle: it has no report.toml"),
                        format!("{d} không phải bộ hồ sơ báo cáo: không có tệp report.toml"),
                    ))
                    .fix(tr(
                        "name the folder that holds report.toml (see \
                         examples/data/ly-son-2021-h1)",
                        "chỉ ra thư mục có tệp report.toml (xem examples/data/ly-son-2021-h1), \
                         hoặc tạo bộ hồ sơ mới bằng minhbach init",
                    )))
                }
                Err(e) => Err(Failure::read(&spec, FileRole::BundleFile, &e)),
            }
        }
        Ok(_) => Err(Failure::usage(tr(
            format!("report bundle {} is a file, not a folder", dir.display()),
            format!(
                "bộ hồ sơ báo cáo {} là một tệp, không phải thư mục",
                dir.display()
            ),
        ))
        .fix(tr(
            "name the folder that holds report.toml",
            "chỉ ra thư mục có tệp report.toml",
        ))),
        Err(e) => Err(Failure::read(dir, FileRole::Bundle, &e)),
    }
}

/// A bundle that cannot be turned into a report: bad data (exit 1), with the file and field
/// in the message.
pub fn bundle_failure(e: ReportError) -> Failure {
    use minhbach_engine::EngineError;
    if let ReportError::Engine { source, .. } = &e {
        let fix = match **source {
            EngineError::BadPartial { .. } => Some(tr(
                "replace it by the unit's partial file as minhbach aggregate … --unit NAME --save-partial FILE wrote it",
                "thay bằng tệp số liệu riêng của đơn vị đúng như lệnh minhbach aggregate … --unit TÊN --save-partial TỆP đã ghi",
            )),
            EngineError::MergeMismatch { .. } => Some(tr(
                "save every unit's partial (or set every district bundle) for the period, cut-off and convention of the province bundle's report.toml, and list each unit once",
                "lập số liệu riêng của mọi đơn vị (hoặc bộ hồ sơ của mọi huyện) theo đúng kỳ, thời điểm chốt số liệu và cách tính trong report.toml của bộ hồ sơ tỉnh, mỗi đơn vị chỉ một lần",
            )),
            _ => None,
        };
        if let Some(fix) = fix {
            return Failure::data(crate::error_text::report(&e)).fix(fix);
        }
    }
    let fix = match &e {
        ReportError::MissingFile { .. } => tr(
            "add the file to the bundle, or remove its name from [files] in report.toml",
            "thêm tệp vào bộ hồ sơ, hoặc xóa tên tệp khỏi mục [files] của report.toml",
        ),
        ReportError::Toml {
            message: TomlReason::Syntax(_),
            ..
        } => tr(
            "correct the TOML syntax at the line and column shown",
            "sửa cách ghi TOML ở dòng và cột đã nêu",
        ),
        ReportError::Toml { .. } => tr(
            "correct the key shown, at the line and column shown: its value (a text in double \
             quotes, a number, a date, a list [ … ]) or its name",
            "sửa khóa đã nêu, ở dòng và cột đã nêu: giá trị của khóa (chữ trong dấu nháy kép, \
             số, ngày, danh sách [ … ]) hoặc tên khóa",
        ),
        ReportError::Csv { .. } => tr(
            "correct the line shown of the CSV file: its number of cells (commas, double quotes) \
             or the header's column names",
            "sửa dòng đã nêu của tệp CSV: số ô của dòng (dấu phẩy, dấu ngoặc kép) hoặc tên các \
             cột ở dòng tiêu đề",
        ),
        ReportError::UnknownPlaceholder { .. }
        | ReportError::UnbalancedBrace { .. }
        | ReportError::EmptyPlaceholder { .. } => tr(
            "write a known {placeholder} or double the brace ({{ or }}) to write it literally",
            "ghi một chỗ điền {…} có trong danh sách, hoặc ghi dấu ngoặc nhọn hai lần ({{ hoặc \
             }}) để giữ nguyên dấu ngoặc",
        ),
        ReportError::FileRefused { .. } => tr(
            "name a regular file inside the bundle folder, by a path relative to it",
            "chỉ ra một tệp thông thường trong thư mục bộ hồ sơ, bằng đường dẫn tính từ thư mục đó",
        ),
        ReportError::TextTooLong { .. } => tr(
            "use each long placeholder (such as {documents}) once or a few times, not thousands",
            "mỗi chỗ điền dài (như {documents}) chỉ dùng một vài lần, không dùng hàng nghìn lần",
        ),
        _ => tr(
            "correct the value in the file and field shown",
            "sửa giá trị ở tệp và trường đã nêu",
        ),
    };
    Failure::data(crate::error_text::report(&e)).fix(fix)
}

/// The format of the output: `--format`, else the extension of `-o`, else text. An
/// extension the tool cannot write is refused (exit 2) before any work, unless `--format`
/// names the format.
fn choose_format(format: Option<Format>, target: &Destination) -> Result<Format, Failure> {
    if let Some(f) = format {
        return Ok(f);
    }
    let Destination::File(path) = target else {
        return Ok(Format::Text);
    };
    let Some(ext) = path.extension() else {
        return Ok(Format::Text);
    };
    ext.to_str().and_then(Format::from_extension).ok_or_else(|| {
        let ext = ext.to_string_lossy();
        Failure::usage(tr(
            format!(
                "cannot write a .{ext} file ({}): the report formats are .pdf, .docx, .html, .md, .txt and .json",
                path.display()
            ),
            format!(
                "không xuất được tệp .{ext} ({}): báo cáo chỉ xuất ra .pdf, .docx, .html, .md, .txt và .json",
                path.display()
            ),
        ))
        .fix(tr(
            "name the output with one of those extensions (-o bao-cao.pdf), or give --format",
            "đặt tên tệp kết quả với một trong các đuôi đó (-o bao-cao.pdf), hoặc ghi rõ --format",
        ))
    })
}

/// Runs `minhbach report`.
pub fn run(a: ReportArgs, ui: &Ui) -> Result<RunOutcome, Failure> {
    check_bundle_dir(&a.bundle)?;
    let target = Destination::from_arg(a.output.as_deref());
    let format = choose_format(a.format, &target)?;
    let binary = format.is_binary().then_some(format.extension());
    target.check(&[a.bundle.join("report.toml")], binary)?;

    let spinner = ui.spinner(&tr("composing the report", "đang lập báo cáo"));
    let bundle = Bundle::load(&a.bundle).map_err(bundle_failure)?;
    // The output may not replace any file of the bundle (checked by device and inode).
    target.check(&bundle.input_files(), binary)?;
    let (doc, figures) = compose_bundle(&bundle).map_err(bundle_failure)?;
    spinner.finish_and_clear();
    if let Some(f) = &figures {
        check_period_rows(f, &bundle, a.allow_empty_period, ui)?;
    }
    let bytes = render(&doc, format).map_err(bundle_failure)?;
    for w in doc.warnings() {
        ui.note(&format!("CẦN KIỂM TRA: {w}"));
    }
    target.write(&bytes)?;
    Ok(RunOutcome::Success)
}

/// Counts on stderr the rows outside the period, and refuses (exit 1) a dossiers file with
/// rows of which none falls in the period: a file left from another period would otherwise
/// give a report of zeros.
fn check_period_rows(
    f: &minhbach_report::DossierSummary,
    bundle: &Bundle,
    allow_empty: bool,
    ui: &Ui,
) -> Result<(), Failure> {
    let Some(rows) = f.rows else {
        return Ok(());
    };
    let period = bundle.period.vietnamese_name();
    let (start, end) = (bundle.period.start(), bundle.period.end());
    let outside = minhbach_report::vi::int(rows.outside_period);
    if rows.outside_period > 0 {
        ui.note(&tr(
            format!(
                "{} rows of {} lie outside the period {start} to {end} (received after it or finished before it) and are not counted",
                rows.outside_period, f.source
            ),
            format!(
                "{outside} dòng của tệp {} nằm ngoài kỳ báo cáo {period} (tiếp nhận sau kỳ hoặc đã giải quyết xong trước kỳ), không được tính",
                f.source
            ),
        ));
    }
    let counted = rows.read.saturating_sub(rows.rejected);
    if counted > 0 && f.total.received() == 0 && f.total.resolved() == 0 && !allow_empty {
        return Err(Failure::data(tr(
            format!(
                "no dossier of {} was received or resolved in the period {start} to {end}: {} of its {counted} valid rows lie outside the period (a file from another period?)",
                f.source, rows.outside_period
            ),
            format!(
                "không có hồ sơ nào của tệp {} được tiếp nhận hoặc giải quyết trong kỳ báo cáo {period}: {outside}/{} dòng hợp lệ nằm ngoài kỳ (tệp của kỳ khác?)",
                f.source,
                minhbach_report::vi::int(counted)
            ),
        ))
        .fix(tr(
            "check [period] in report.toml and replace the dossiers file by the export of this period; --allow-empty-period writes the report anyway",
            "kiểm tra mục [period] trong report.toml và thay tệp hồ sơ bằng dữ liệu xuất của kỳ này; --allow-empty-period để vẫn lập báo cáo",
        )));
    }
    Ok(())
}
