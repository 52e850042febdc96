//! What `aggregate`, `validate` and `generate` share: the working-day calendar handed to the
//! engine, the procedure catalogue, and the listing of rejected rows.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use minhbach_calendar::{Calendar, MAX_YEAR, MIN_YEAR};
use minhbach_engine::aggregate::{Aggregation, DueDates, RejectedRow, SheetReport};
use minhbach_engine::EngineError;
use minhbach_model::ProcedureCatalogue;
use serde::Serialize;

use crate::failure::Failure;
use crate::input;
use crate::progress::Ui;

/// The Vietnamese calendar (1900–2100, official schedules where shipped) for the engine,
/// which applies the default due-date rule.
pub fn calendar() -> Result<Arc<Calendar>, Failure> {
    Calendar::vietnam(MIN_YEAR, MAX_YEAR)
        .map(Arc::new)
        .map_err(|e| Failure::internal(format!("cannot build the calendar: {e}")))
}

/// Where due dates come from, with the Vietnamese calendar: statutory times from the
/// procedure catalogue at `procedures` for dossiers without a due date, or the data alone
/// (the calendar then counts processing times in working days).
pub fn due_dates(procedures: Option<&Path>) -> Result<DueDates, Failure> {
    let calendar = calendar()?;
    Ok(match procedures {
        Some(path) => DueDates::Statutory {
            calendar,
            catalogue: catalogue(path)?,
        },
        None => DueDates::FromData {
            calendar: Some(calendar),
        },
    })
}

/// Reads a procedure catalogue (CSV, the format of `minhbach_model::ProcedureCatalogue`)
/// into code → statutory working days; a catalogue that states no time is refused, since
/// it could date no dossier.
fn catalogue(path: &Path) -> Result<BTreeMap<String, u32>, Failure> {
    let cat = procedure_catalogue(path)?;
    let days = cat.statutory_days();
    if days.is_empty() {
        return Err(Failure::data(format!(
            "{}: no procedure of the catalogue states its statutory time in working days",
            path.display()
        ))
        .fix(CATALOGUE_FIX));
    }
    Ok(days)
}

/// Reads a procedure catalogue (CSV) for `--procedures`.
pub fn procedure_catalogue(path: &Path) -> Result<ProcedureCatalogue, Failure> {
    let text = input::read_text(path, "procedure catalogue")?;
    ProcedureCatalogue::from_csv_str(&text)
        .map_err(|e| Failure::data(format!("{}: {e}", path.display())).fix(CATALOGUE_FIX))
}

const CATALOGUE_FIX: &str = "the catalogue needs the columns code (Mã thủ tục), name (Tên thủ tục) \
                             and working_days or days (Thời hạn giải quyết); see docs/data-formats.md";

/// One rejected row in the JSON output.
#[derive(Clone, Debug, Serialize)]
pub struct ErrorJson {
    /// The file (only when several files were given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// 1-based line (spreadsheet row for XLSX).
    pub line: u64,
    /// The column at fault, or `null`.
    pub column: Option<String>,
    /// The dossier id, when it could be read, or `null`.
    pub id: Option<String>,
    /// The offending value.
    pub value: String,
    /// Why the row was rejected.
    pub message: String,
}

impl ErrorJson {
    /// From the engine's rejected row; `with_file` adds the file name.
    pub fn from_row(r: &RejectedRow, with_file: bool) -> ErrorJson {
        ErrorJson {
            file: if with_file { r.file.clone() } else { None },
            line: r.line,
            column: r.column.clone(),
            id: r.id.clone(),
            value: r.value.clone(),
            message: r.reason.clone(),
        }
    }
}

/// Lists the rejected rows of an aggregation on stderr, and how many more were not listed.
/// Says on stderr how each spreadsheet was read: the sheet, where the header was found, and
/// every row left out as title, column numbers, totals or footer.
pub fn describe_sheets(agg: &Aggregation, ui: &Ui) {
    for r in &agg.report.sheets {
        ui.note(&sheet_decisions(r));
    }
}

/// One line (Vietnamese, as officers read it) of the decisions taken reading a spreadsheet.
pub fn sheet_decisions(r: &SheetReport) -> String {
    let mut parts = vec![format!(
        "{}: đọc trang tính \"{}\" ({}/{})",
        r.file,
        r.sheet,
        r.sheet_number,
        r.sheets.len()
    )];
    if !r.sheets_without_header.is_empty() {
        parts.push(format!(
            "bỏ qua trang tính không có dòng tiêu đề cột: {}",
            r.sheets_without_header.join(", ")
        ));
    }
    parts.push(if r.header_rows > 1 {
        format!(
            "dòng tiêu đề cột ở dòng {}–{} (tiêu đề hai dòng đã ghép)",
            r.header_row,
            r.header_row + r.header_rows - 1
        )
    } else {
        format!("dòng tiêu đề cột ở dòng {}", r.header_row)
    });
    if !r.joined_headers.is_empty() {
        parts.push(format!("ghép: {}", r.joined_headers.join("; ")));
    }
    if r.title_rows > 0 {
        parts.push(format!(
            "bỏ qua {} dòng tiêu đề biểu phía trên",
            r.title_rows
        ));
    }
    if let Some(n) = r.number_row {
        parts.push(format!("bỏ qua dòng đánh số cột {n}"));
    }
    if !r.totals_rows.is_empty() {
        let rows: Vec<String> = r.totals_rows.iter().map(u64::to_string).collect();
        parts.push(format!("bỏ qua dòng tổng cộng {}", rows.join(", ")));
    }
    if r.footer_rows > 0 {
        parts.push(format!(
            "bỏ qua {} dòng cuối biểu (ký tên, ghi chú)",
            r.footer_rows
        ));
    }
    if r.rows_without_data > 0 {
        parts.push(format!(
            "bỏ qua {} dòng chỉ có giá trị ở cột không dùng",
            r.rows_without_data
        ));
    }
    if r.serial_dates > 0 {
        parts.push(format!(
            "{} ô ngày dạng số sê-ri Excel (hệ ngày {})",
            r.serial_dates, r.date_system
        ));
    }
    parts.join("; ")
}

pub fn list_rejected(agg: &Aggregation, ui: &Ui, fallback_file: &str) {
    let rows: Vec<(String, u64, String, String, String)> = agg
        .report
        .rejected
        .iter()
        .map(|r| {
            let message = match &r.id {
                Some(id) => format!("dossier {id}: {}", r.reason),
                None => r.reason.clone(),
            };
            (
                r.file.clone().unwrap_or_else(|| fallback_file.to_string()),
                r.line,
                r.column.clone().unwrap_or_default(),
                r.value.clone(),
                message,
            )
        })
        .collect();
    for (file, line, column, value, message) in &rows {
        crate::failure::list_row_errors(
            file,
            [(*line, column.as_str(), value.as_str(), message.as_str())],
        );
    }
    let listed = agg.report.rejected.len() as u64;
    if agg.report.rows_rejected > listed {
        ui.note(&format!(
            "{} more rejected rows are not listed (raise --max-errors to list them)",
            agg.report.rows_rejected - listed
        ));
    }
}

/// Maps an engine error of the aggregation to a failure.
pub fn engine_failure(e: EngineError) -> Failure {
    match e {
        EngineError::Io {
            ref path,
            ref source,
        } => Failure::read(Path::new(path), "dossier file", source),
        EngineError::MissingColumn { .. } => Failure::data(e.to_string()).fix(
            "name the column in the header row (accepted names and aliases: docs/data-formats.md)",
        ),
        EngineError::AmbiguousColumn { .. } => {
            Failure::data(e.to_string()).fix("rename or delete one of the two columns")
        }
        EngineError::BadFile { .. } => Failure::data(e.to_string()),
        EngineError::NotRegularFile { .. } => Failure::usage(e.to_string()).fix(
            "save the data to a regular file and name that file; minhbach does not read pipes or devices",
        ),
        EngineError::InvalidQuery { .. } => Failure::usage(e.to_string()),
        EngineError::UnknownPolicy { .. } => Failure::usage(e.to_string()),
        EngineError::IdentityBroken { .. } | EngineError::MergeMismatch { .. } => {
            Failure::internal(e.to_string())
        }
        _ => Failure::data(e.to_string()),
    }
}
