//! `minhbach validate`: checks dossier files and report bundles without producing a table or a
//! report, listing every problem.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use minhbach_engine::aggregate::{Query, Reader, Window};
use serde::Serialize;

use crate::dossiers::{self, ErrorJson};
use crate::failure::{tr, Failure, FailureKind, FileRole, RunOutcome};
use crate::input;
use crate::output::{self, Destination};
use crate::progress::Ui;
use crate::report;

/// `minhbach validate …`
#[derive(Debug, Args)]
#[command(after_help = "\
A FILE that is a folder is checked as a report bundle: report.toml and every file it names
are loaded, the dossiers aggregated and the report composed (nothing is written); errors name
the file and field, and the points the office must check (CẦN KIỂM TRA) count as problems.

Every row of every dossier file is read and checked as `aggregate` would read it (dates, channel,
outcome, duplicate ids, a dossier resolved before it was received, …) whatever its dates.
Each problem is listed on stderr with file, line, column and value; a summary per file goes
to standard output. Exit code 1 when any problem is found.

Examples:
  minhbach validate hoso-2021.csv
  minhbach validate q1.xlsx q2.xlsx --procedures danh-muc-tthc.csv
  minhbach validate hoso-2021.csv --format json
  minhbach validate examples/data/ly-son-2021-h1")]
pub struct ValidateArgs {
    /// Dossier files (CSV or XLSX) or report bundle folders.
    #[arg(value_name = "FILE", required = true)]
    files: Vec<PathBuf>,
    /// Procedure catalogue (CSV), checked too and used for dossiers without a due date.
    #[arg(long, value_name = "CATALOGUE")]
    procedures: Option<PathBuf>,
    /// Output format of the summary.
    #[arg(long, value_enum, default_value_t = ValidateFormat::Text)]
    format: ValidateFormat,
    /// How many problems to list per file at most (all are counted).
    #[arg(long, value_name = "N", default_value_t = 1000)]
    max_errors: usize,
    /// The sheet of Excel workbooks to read, by name or number (1 = the first); default: the
    /// first sheet whose header row is found.
    #[arg(long, value_name = "NAME|NUMBER")]
    sheet: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ValidateFormat {
    /// One summary line per file.
    Text,
    /// JSON (stable contract, docs/cli.md).
    Json,
}

#[derive(Serialize)]
struct FileJson {
    file: String,
    ok: bool,
    rows_read: u64,
    rows_rejected: u64,
    /// A problem with the whole file (missing column, not a spreadsheet …), or `null`.
    file_error: Option<String>,
    errors: Vec<ErrorJson>,
    /// `true` when FILE is a report bundle folder (omitted for dossier files).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    bundle: bool,
    /// For a report bundle: the points the office must check (CẦN KIỂM TRA).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    warnings: Vec<String>,
}

#[derive(Serialize)]
struct ValidateJson {
    ok: bool,
    files: Vec<FileJson>,
}

/// Runs `minhbach validate`.
pub fn run(a: ValidateArgs, ui: &Ui) -> Result<RunOutcome, Failure> {
    for f in &a.files {
        if f.is_dir() {
            report::check_bundle_dir(f)?;
        } else {
            input::check_file(f, FileRole::Dossiers)?;
        }
    }
    // Every date the calendar knows (chrono's own bounds should these dates not exist).
    let whole = Window::days(
        NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN),
        NaiveDate::from_ymd_opt(2100, 12, 31).unwrap_or(NaiveDate::MAX),
    )
    .map_err(dossiers::engine_failure)?;
    let query = dossiers::with_procedures(Query::new(whole), a.procedures.as_deref())?;
    let reader = Reader {
        max_rejected_listed: a.max_errors,
        sheet: a.sheet.clone(),
        ..Reader::default()
    };
    let bar = ui.count(a.files.len() as u64, "validating");
    let mut files = Vec::new();
    for f in &a.files {
        let name = f.display().to_string();
        bar.set_message(name.clone());
        if f.is_dir() {
            files.push(validate_bundle(f, name));
            bar.inc(1);
            continue;
        }
        let entry = match reader.aggregate_file(f, &query) {
            Ok(agg) => {
                dossiers::describe_sheets(&agg, ui);
                dossiers::list_rejected(&agg, ui, &name);
                FileJson {
                    file: name,
                    ok: agg.report.rows_rejected == 0,
                    rows_read: agg.report.rows_read,
                    rows_rejected: agg.report.rows_rejected,
                    file_error: None,
                    errors: agg
                        .report
                        .rejected
                        .iter()
                        .map(|r| ErrorJson::from_row(r, true))
                        .collect(),
                    bundle: false,
                    warnings: Vec::new(),
                }
            }
            Err(e) => {
                let failure = dossiers::engine_failure(e);
                // A file that cannot be read at all is a problem to list, not the end of the
                // run, unless the command line itself is at fault.
                if failure.kind() == FailureKind::Usage {
                    return Err(failure);
                }
                unreadable(name, &failure, false)
            }
        };
        files.push(entry);
        bar.inc(1);
    }
    bar.finish_and_clear();
    let ok = files.iter().all(|f| f.ok);
    match a.format {
        ValidateFormat::Json => output::json(&Destination::Stdout, &ValidateJson { ok, files })?,
        ValidateFormat::Text => {
            let mut text = String::new();
            for f in &files {
                let (file, n) = (&f.file, f.warnings.len());
                let line = match &f.file_error {
                    Some(e) => tr(
                        format!("{file}: unreadable: {e}\n"),
                        format!("{file}: không đọc được: {e}\n"),
                    ),
                    None if n > 0 => tr(
                        format!(
                            "{file}: report bundle, {n} {} to check\n",
                            if n == 1 { "point" } else { "points" }
                        ),
                        format!("{file}: bộ hồ sơ báo cáo, {n} điểm cần kiểm tra\n"),
                    ),
                    None if f.ok && f.bundle => tr(
                        format!("{file}: report bundle, no problems\n"),
                        format!("{file}: bộ hồ sơ báo cáo, không có lỗi\n"),
                    ),
                    None if f.ok => tr(
                        format!("{file}: {}, no problems\n", rows_en(f.rows_read)),
                        format!("{file}: {} dòng, không có lỗi\n", f.rows_read),
                    ),
                    None => tr(
                        format!(
                            "{file}: {}, {} with problems\n",
                            rows_en(f.rows_read),
                            f.rows_rejected
                        ),
                        format!(
                            "{file}: {} dòng, {} dòng có lỗi\n",
                            f.rows_read, f.rows_rejected
                        ),
                    ),
                };
                text.push_str(&line);
            }
            output::print(&text)?;
        }
    }
    Ok(if ok {
        RunOutcome::Success
    } else {
        RunOutcome::DataProblems
    })
}

/// "1 row", "2 rows".
fn rows_en(n: u64) -> String {
    format!("{n} {}", if n == 1 { "row" } else { "rows" })
}

/// Checks one report bundle folder: loads it, aggregates its dossiers and composes the report
/// without writing it. Errors and points to check (the report's warnings, then the passages of
/// report.toml still marked "CẦN BỔ SUNG") are printed on stderr once each, as they are listed.
fn validate_bundle(dir: &std::path::Path, name: String) -> FileJson {
    match minhbach_report::build_report(dir) {
        Ok(doc) => {
            let mut warnings: Vec<String> = doc.warnings().iter().map(|w| w.to_string()).collect();
            // The passages still to write, with their line in report.toml.
            let report_toml = dir.join("report.toml");
            let slots = std::fs::read_to_string(&report_toml).unwrap_or_default();
            for (i, line) in slots.lines().enumerate() {
                let code = line.trim();
                if !code.starts_with('#') && code.contains(minhbach_report::TO_FILL) {
                    warnings.push(format!("report.toml:{}: {code}", i + 1));
                }
            }
            for w in &warnings {
                let _ = std::io::Write::write_fmt(
                    &mut std::io::stderr().lock(),
                    format_args!("{name}: CẦN KIỂM TRA: {w}\n"),
                );
            }
            FileJson {
                file: name,
                ok: warnings.is_empty(),
                rows_read: 0,
                rows_rejected: 0,
                file_error: None,
                errors: Vec::new(),
                bundle: true,
                warnings,
            }
        }
        Err(e) => {
            let failure = report::bundle_failure(e);
            unreadable(name, &failure, true)
        }
    }
}

/// The entry of a file or bundle that could not be read at all; the failure is printed on
/// stderr as it is listed.
fn unreadable(name: String, failure: &Failure, bundle: bool) -> FileJson {
    let _ = std::io::Write::write_fmt(&mut std::io::stderr().lock(), format_args!("{failure}\n"));
    FileJson {
        file: name,
        ok: false,
        rows_read: 0,
        rows_rejected: 0,
        file_error: Some(failure.message().to_string()),
        errors: Vec::new(),
        bundle,
        warnings: Vec::new(),
    }
}
