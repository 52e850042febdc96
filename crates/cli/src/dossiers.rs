//! What `aggregate`, `validate` and `generate` share: the working-day calendar handed to the
//! engine, the procedure catalogue, and the listing of rejected rows.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use minhbach_calendar::{Calendar, MAX_YEAR, MIN_YEAR};
use minhbach_engine::aggregate::{
    Aggregation, DueDates, GroupKey, Query, RejectedRow, SheetReport,
};
use minhbach_engine::EngineError;
use minhbach_model::{Bilingual, OnlineServiceLevel, ProcedureCatalogue};
use serde::Serialize;

use crate::failure::{tr, Failure, FileRole, Lang, RunLang};
use crate::input;
use crate::progress::Ui;

/// The Vietnamese calendar (1900–2100, official schedules where shipped) for the engine,
/// which applies the default due-date rule.
pub fn calendar() -> Result<Arc<Calendar>, Failure> {
    Calendar::vietnam(MIN_YEAR, MAX_YEAR)
        .map(Arc::new)
        .map_err(|e| {
            Failure::internal(tr(
                format!("cannot build the calendar: {e}"),
                format!(
                    "không lập được lịch làm việc: {}",
                    crate::error_text::calendar(&e)
                ),
            ))
        })
}

/// What `--procedures` gives a query, with the Vietnamese calendar: statutory due dates for
/// dossiers without one (the catalogue's working days) and the online service level of each
/// procedure for `--by online_level` (`Query::online_levels`, used for the dossiers whose row
/// states no level). Without a catalogue, due dates come from the data alone (the calendar
/// then counts processing times in working days). A catalogue that states neither a time nor
/// an online level is refused, since it could change nothing.
pub fn with_procedures(query: Query, procedures: Option<&Path>) -> Result<Query, Failure> {
    let calendar = calendar()?;
    let Some(path) = procedures else {
        return Ok(query.with_due_dates(DueDates::FromData {
            calendar: Some(calendar),
        }));
    };
    let cat = procedure_catalogue(path)?;
    let days = cat.statutory_days();
    let levels: BTreeMap<String, String> = cat
        .iter()
        .filter_map(|p| {
            p.online_level
                .map(|l| (p.code.clone(), l.vietnamese().to_string()))
        })
        .collect();
    if days.is_empty() && levels.is_empty() {
        return Err(Failure::data(tr(
            format!(
                "{}: no procedure of the catalogue states its statutory time in working days or its online service level",
                path.display()
            ),
            format!(
                "{}: không thủ tục nào trong danh mục có thời hạn giải quyết (ngày làm việc) hoặc mức độ dịch vụ công trực tuyến",
                path.display()
            ),
        ))
        .fix(catalogue_fix()));
    }
    let due_dates = if days.is_empty() {
        DueDates::FromData {
            calendar: Some(calendar),
        }
    } else {
        DueDates::Statutory {
            calendar,
            catalogue: days,
        }
    };
    Ok(query.with_due_dates(due_dates).with_online_levels(levels))
}

/// Reads a procedure catalogue (CSV) for `--procedures`.
pub fn procedure_catalogue(path: &Path) -> Result<ProcedureCatalogue, Failure> {
    let text = input::read_text(path, FileRole::Procedures)?;
    ProcedureCatalogue::from_csv_str(&text).map_err(|e| {
        Failure::data(format!(
            "{}: {}",
            path.display(),
            crate::error_text::model(&e)
        ))
        .fix(catalogue_fix())
    })
}

fn catalogue_fix() -> String {
    tr(
        "the catalogue needs the columns code (Mã thủ tục), name (Tên thủ tục) and working_days \
         or days (Thời hạn giải quyết), or online_level (Mức độ); see docs/data-formats.md",
        "danh mục cần các cột code (Mã thủ tục), name (Tên thủ tục) và working_days hoặc days \
         (Thời hạn giải quyết), hoặc online_level (Mức độ); xem docs/data-formats.md",
    )
}

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
            message: r.reason.to_string(),
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

/// Says on stderr, when the table is grouped by online service level, which of its rows hold
/// dossiers whose level is not known (no level in the row nor in `--procedures`) or not
/// recognised (not mức độ 1–4, toàn trình or một phần): they are counted in rows of their own,
/// never dropped, and the officer should know why those rows exist.
pub fn note_online_levels(agg: &Aggregation, ui: &Ui) {
    let Some(at) = agg
        .group_by()
        .iter()
        .position(|k| *k == GroupKey::OnlineLevel)
    else {
        return;
    };
    let mut odd: BTreeMap<&str, u64> = BTreeMap::new();
    for (key, counts) in &agg.groups {
        let Some(v) = key.get(at) else { continue };
        if v.is_empty() || OnlineServiceLevel::parse(v).is_err() {
            *odd.entry(v.as_str()).or_default() += counts.handled();
        }
    }
    let unknown = OnlineServiceLevel::UNKNOWN_VIETNAMESE;
    for (v, n) in odd {
        ui.note(&if v.is_empty() {
            tr(
                format!("{n} dossiers have no online service level (none in the file, none for their procedure in --procedures): counted in the row \"({unknown})\" of the table (an empty level in CSV, XLSX and JSON)"),
                format!("{} hồ sơ không rõ mức độ dịch vụ công trực tuyến (tệp không ghi, thủ tục không có trong --procedures): tính ở dòng \"({unknown})\" của bảng (mức độ để trống trong CSV, XLSX và JSON)", minhbach_model::vi::int(n)),
            )
        } else {
            tr(
                format!("online service level {v:?} is not one of mức độ 1–4, toàn trình, một phần: its dossiers ({n}) are counted in a row of their own"),
                format!("mức độ {v:?} không phải mức độ 1–4, toàn trình hay một phần: {} hồ sơ ghi mức độ này được tính ở một dòng riêng", minhbach_model::vi::int(n)),
            )
        });
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
                Some(id) => format!(
                    "{} {id}: {}",
                    tr("dossier", "hồ sơ"),
                    r.reason.in_lang(Lang::current())
                ),
                None => r.reason.in_lang(Lang::current()).to_string(),
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
        let more = agg.report.rows_rejected - listed;
        ui.note(&tr(
            format!("{more} more rejected rows are not listed (raise --max-errors to list them)"),
            format!(
                "còn {} dòng bị loại không được liệt kê (tăng --max-errors để liệt kê)",
                minhbach_model::vi::int(more)
            ),
        ));
    }
}

/// Maps an engine error of the aggregation to a failure.
pub fn engine_failure(e: EngineError) -> Failure {
    let text = crate::error_text::engine(&e);
    match e {
        EngineError::Io {
            ref path,
            ref source,
        } => Failure::read(Path::new(path), FileRole::Dossiers, source),
        EngineError::MissingColumn { .. } => Failure::data(text).fix(tr(
            "name the column in the header row (accepted names and aliases: docs/data-formats.md)",
            "ghi tên cột ở dòng tiêu đề (các tên được chấp nhận: docs/data-formats.md, hoặc mục \
             5 của docs/huong-dan/README.md)",
        )),
        EngineError::AmbiguousColumn { .. } => Failure::data(text).fix(tr(
            "rename or delete one of the two columns",
            "đổi tên hoặc xóa một trong hai cột",
        )),
        EngineError::BadFile { .. } => Failure::data(text),
        EngineError::NotText { .. } => Failure::data(text).fix(tr(
            "give the dossier export itself, saved as CSV (UTF-8) or as an Excel workbook (.xlsx)",
            "chỉ ra đúng tệp danh sách hồ sơ, lưu dạng CSV (UTF-8) hoặc sổ tính Excel (.xlsx)",
        )),
        EngineError::NotRegularFile { .. } => Failure::usage(text).fix(input::not_regular_fix()),
        EngineError::InvalidQuery { .. } => Failure::usage(text),
        EngineError::UnknownPolicy { .. } => Failure::usage(text),
        EngineError::IdentityBroken { .. } | EngineError::MergeMismatch { .. } => {
            Failure::internal(text)
        }
        _ => Failure::data(text),
    }
}
