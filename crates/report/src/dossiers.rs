//! Dossier figures from the bundle's dossiers file, through `minhbach-engine`.

use std::sync::Arc;

use minhbach_calendar::{Calendar, MAX_YEAR, MIN_YEAR};
use minhbach_engine::aggregate::{DueDates, GroupKey, Policy, Query, Reader, Window, WorkCalendar};
use minhbach_engine::EngineError;

use crate::{AgencyCounts, Bundle, DossierSummary, ReportError};

impl Bundle {
    /// The counting convention of `report.toml [convention]` (Biểu 06 when absent).
    /// Errors: an unknown preset or more than 4 decimals, naming report.toml.
    pub fn policy(&self) -> Result<Policy, ReportError> {
        self.spec
            .convention
            .to_policy()
            .map_err(|e| ReportError::Engine {
                path: format!("{} [convention]", self.dir.join("report.toml").display()),
                source: Box::new(e),
            })
    }
}

impl Bundle {
    /// Where the due dates of the bundle's dossiers come from: statutory times from
    /// `procedures.csv` for dossiers without a due date, counted with the Vietnamese
    /// calendar (1900–2100, the shipped official schedules, the default due-date rule: the
    /// calendar `minhbach aggregate --procedures` uses, so both give the same figures); the
    /// data alone when the catalogue states no time. The calendar also counts processing
    /// times in working days.
    pub fn due_dates(&self) -> Result<DueDates, ReportError> {
        let calendar: Arc<dyn WorkCalendar> = Arc::new(
            Calendar::vietnam(MIN_YEAR, MAX_YEAR).map_err(|e| ReportError::Engine {
                path: "calendar".to_string(),
                source: Box::new(EngineError::InvalidQuery {
                    reason: minhbach_engine::QueryReason::CalendarUnavailable {
                        detail: e.to_string(),
                    },
                }),
            })?,
        );
        let catalogue = self.procedures.statutory_days();
        Ok(if catalogue.is_empty() {
            DueDates::FromData {
                calendar: Some(calendar),
            }
        } else {
            DueDates::Statutory {
                calendar,
                catalogue,
            }
        })
    }
}

/// Aggregates the bundle's dossiers file (CSV or XLSX) under the bundle's convention
/// ([`Bundle::policy`]; Biểu 06 by default), by agency, for the bundle's period as of its cut-off, with statutory times from
/// the procedure catalogue for dossiers without a due date. `Ok(None)` when the bundle names
/// no dossiers file.
///
/// Rows the engine rejects and dossiers it cannot classify are not dropped silently: each
/// becomes a warning in the summary, which the composer prints as a visible "CẦN KIỂM TRA"
/// block next to the dossier sentence.
pub fn summarise_dossiers(bundle: &Bundle) -> Result<Option<DossierSummary>, ReportError> {
    let Some(path) = &bundle.dossiers_file else {
        return Ok(None);
    };
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let query = Query::new(Window::from(&bundle.period))
        .group_by([GroupKey::Agency])
        .as_of(bundle.cut_off())
        .with_policy(bundle.policy()?)
        .with_due_dates(bundle.due_dates()?);
    let reader = Reader::new().with_limits(bundle.limits);
    let agg = reader
        .aggregate_file(path, &query)
        .map_err(|e| ReportError::Engine {
            path: path.display().to_string(),
            source: Box::new(e),
        })?;
    let table = agg.table();
    let by_agency = table
        .rows
        .iter()
        .map(|r| AgencyCounts {
            agency: r
                .key
                .first()
                .map(|(_, v)| v.clone())
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| "(không ghi đơn vị)".to_string()),
            counts: r.counts,
        })
        .collect();
    let total = table.total.counts;
    let rep = &agg.report;
    let warnings = uncounted_warnings(
        rep,
        &total,
        &format!("dòng của tệp {name}"),
        &format!("hồ sơ trong tệp {name}"),
    );
    Ok(Some(DossierSummary {
        total,
        by_agency,
        source: name,
        warnings,
        rows: Some(crate::RowTally {
            read: rep.rows_read,
            rejected: rep.rows_rejected,
            outside_period: agg.outside_period,
        }),
    }))
}

/// The main entry point: loads the bundle in `dir`, aggregates its dossiers file with the
/// engine and composes the report.
///
/// ```no_run
/// use minhbach_report::{build_report, writer};
/// let doc = build_report("examples/data/ly-son-2021-h1")?;
/// std::fs::write("415-BC-UBND.docx", writer::to_docx(&doc)?)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn build_report(
    dir: impl AsRef<std::path::Path>,
) -> Result<crate::tree::ReportDocument, ReportError> {
    compose_bundle(&Bundle::load(dir)?).map(|(doc, _)| doc)
}

/// The report of a loaded bundle and the dossier figures it states: a unit's bundle through
/// [`summarise_dossiers`] and [`crate::compose`], a province bundle (`[[unit]]`) through
/// [`crate::consolidate`] and [`crate::compose_consolidated`].
pub fn compose_bundle(
    bundle: &Bundle,
) -> Result<(crate::tree::ReportDocument, Option<DossierSummary>), ReportError> {
    if let Some(c) = crate::consolidate(bundle)? {
        let doc = crate::compose_consolidated(bundle, &c)?;
        return Ok((doc, Some(c.summary)));
    }
    let figures = summarise_dossiers(bundle)?;
    let doc = crate::compose(bundle, figures.as_ref())?;
    Ok((doc, figures))
}

/// The warnings for what a run could not count: rejected rows (with up to five examples) and
/// dossiers without a due date that the catalogue does not know. `rows` and `dossiers` name
/// where they come from ("dòng của tệp hoso.csv", "hồ sơ của các đơn vị").
pub(crate) fn uncounted_warnings(
    rep: &minhbach_engine::aggregate::IngestReport,
    total: &minhbach_engine::aggregate::Counts,
    rows: &str,
    dossiers: &str,
) -> Vec<String> {
    let mut warnings = Vec::new();
    if rep.rows_rejected > 0 {
        let shown: Vec<String> = rep
            .rejected
            .iter()
            .take(5)
            .map(ToString::to_string)
            .collect();
        warnings.push(format!(
            "{} {rows} không được tính vì dữ liệu lỗi (ví dụ: {}).",
            crate::vi::int(rep.rows_rejected),
            shown.join("; ")
        ));
    }
    if total.unknown_due > 0 {
        warnings.push(format!(
            "{} {dossiers} không có hạn trả và không có trong danh mục thủ tục: chưa phân loại được đúng hạn hay quá hạn.",
            crate::vi::int(total.unknown_due)
        ));
    }
    warnings
}
