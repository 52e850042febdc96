//! The province level: a report whose figures are those of its units (districts, or a
//! district's communes), merged exactly by the engine (`minhbach_engine::aggregate::partial`).
//!
//! A province bundle lists `[[unit]]`s instead of a dossiers file (see [`crate::bundle`]):
//! partial files saved by `minhbach aggregate … --unit NAME --save-partial FILE`, or district
//! bundle folders inside the province bundle, whose dossiers are aggregated under their own
//! `report.toml`. [`consolidate`] merges them — every partial checked (format, version,
//! identities, digest records: a tampered file is refused) and required to have the province
//! bundle's period, cut-off and convention — into a [`Consolidation`]: the Biểu 06 counts of
//! each unit and the total, and the ranking of the units by `[consolidation] rank_by`
//! (`Merged::rank`, ties as PCI ranks them). The composer then writes one Biểu 06 row per
//! unit plus the total, the ranking table and a per-unit chart; the writers only lay them
//! out.

use std::path::Path;

use minhbach_engine::aggregate::partial::{
    MergeOptions, Merged, Merger, Partial, RankedUnit, SharedDossiers, SharedPolicy,
};
use minhbach_engine::aggregate::{GroupKey, MeasureId, Query, Reader, Window};
use minhbach_engine::{files, EngineError};

use crate::bundle::UnitSource;
use crate::{AgencyCounts, Bundle, BundleReason, DossierSummary, ReportError, RowTally};

/// The figures of a province bundle: its units merged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consolidation {
    /// The Biểu 06 counts: the total and one row per unit (`by_agency`), in the order of
    /// `[[unit]]`.
    pub summary: DossierSummary,
    /// The measure the units are ranked and charted by.
    pub measure: MeasureId,
    /// Each unit's value of `measure` and its rank, in the order of `[[unit]]`.
    pub ranking: Vec<RankedUnit>,
    /// Dossiers found in more than one unit (liên thông) and how they were counted.
    pub shared: SharedDossiers,
    /// Units merged: partial files plus district bundles.
    pub units: u64,
}

/// The measure of `[consolidation] rank_by` (`on_time_rate` when absent).
pub(crate) fn rank_measure(report: &Path, name: Option<&str>) -> Result<MeasureId, ReportError> {
    match name {
        None => Ok(MeasureId::OnTimeRate),
        Some(n) => MeasureId::parse(n).map_err(|e| match e {
            EngineError::InvalidQuery { reason } => ReportError::InvalidField {
                path: report.display().to_string(),
                field: "consolidation.rank_by".to_string(),
                value: n.to_string(),
                reason: BundleReason::Query(Box::new(reason)),
            },
            other => engine(report, other),
        }),
    }
}

fn engine(path: &Path, e: EngineError) -> ReportError {
    ReportError::Engine {
        path: path.display().to_string(),
        source: Box::new(e),
    }
}

/// Reads a partial file named by `[[unit]]`: a regular file of at most
/// `Limits::max_auxiliary_bytes` (64 MiB by default: 2.6 million dossiers of 25 bytes).
fn read_partial(bundle: &Bundle, path: &Path) -> Result<Vec<u8>, ReportError> {
    files::read_bounded(
        path,
        &path.display().to_string(),
        bundle.limits.max_auxiliary_bytes,
    )
    .map_err(|e| match e {
        EngineError::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
            ReportError::MissingFile {
                path: path.display().to_string(),
                what: crate::BundleFile::Partial,
            }
        }
        other => crate::bundle::file_error(path, other),
    })
}

/// Merges the units of a province bundle (see the module documentation). `Ok(None)` when
/// the bundle lists no `[[unit]]`.
///
/// Errors name the file at fault: a partial that is missing, not a partial, truncated,
/// tampered (its records do not sum to its counts), of a newer format, or of another period,
/// cut-off or convention than the province bundle's `report.toml` (what differs is named); a
/// unit given twice; a district bundle without a dossiers file, or whose own files are bad.
pub fn consolidate(bundle: &Bundle) -> Result<Option<Consolidation>, ReportError> {
    if !bundle.is_consolidated() {
        return Ok(None);
    }
    let report_path = bundle.dir.join("report.toml");
    let spec = &bundle.spec.consolidation;
    let measure = rank_measure(&report_path, spec.rank_by.as_deref())?;
    let policy = bundle.policy()?;
    let options = policy.measures;
    let query = Query::new(Window::from(&bundle.period))
        .as_of(bundle.cut_off())
        .with_policy(policy);
    let source = format!("{} [period] and [convention]", report_path.display());
    let mut merger = Merger::new(MergeOptions {
        group_by: vec![GroupKey::Unit],
        shared: spec.shared,
        allow_same_unit: false,
    })
    .require_query(&source, &query);
    // District bundles are aggregated with the grouping of the partials (which must share
    // one), so that both kinds merge.
    let grouping: Vec<GroupKey> = match bundle.units.iter().find_map(|u| match u {
        UnitSource::Partial(p) => Some(p),
        UnitSource::Bundle { .. } => None,
    }) {
        Some(p) => {
            let bytes = read_partial(bundle, p)?;
            Partial::from_bytes(&bytes, &p.display().to_string())
                .map_err(|e| engine(p, e))?
                .aggregation
                .group_by()
                .to_vec()
        }
        None => Vec::new(),
    };
    for u in &bundle.units {
        match u {
            UnitSource::Partial(p) => {
                let bytes = read_partial(bundle, p)?;
                merger
                    .add_bytes(&p.display().to_string(), &bytes)
                    .map_err(|e| engine(p, e))?;
            }
            UnitSource::Bundle { dir, name } => {
                let partial = district_partial(bundle, dir, name.as_deref(), &grouping)?;
                merger
                    .add(&dir.display().to_string(), &partial)
                    .map_err(|e| engine(dir, e))?;
            }
        }
    }
    let merged = merger.finish().map_err(|e| engine(&report_path, e))?;
    let ranking = merged.rank(measure, &options);
    Ok(Some(Consolidation {
        summary: summary(&merged),
        measure,
        ranking,
        shared: merged.shared,
        units: merged.partials,
    }))
}

/// The partial of a district bundle: its dossiers file aggregated under its own period,
/// cut-off, convention and due dates, grouped like the province's partials.
fn district_partial(
    province: &Bundle,
    dir: &Path,
    name: Option<&str>,
    grouping: &[GroupKey],
) -> Result<Partial, ReportError> {
    let sub = Bundle::load_with_limits(dir, province.limits)?;
    let sub_report = dir.join("report.toml");
    if sub.is_consolidated() {
        return Err(ReportError::InvalidField {
            path: sub_report.display().to_string(),
            field: "unit".to_string(),
            value: String::new(),
            reason: BundleReason::NestedProvince,
        });
    }
    let Some(file) = &sub.dossiers_file else {
        return Err(ReportError::InvalidField {
            path: sub_report.display().to_string(),
            field: "files.dossiers".to_string(),
            value: String::new(),
            reason: BundleReason::UnitWithoutDossiers,
        });
    };
    let unit = name.map_or_else(|| sub.spec.document.place.clone(), str::to_string);
    let query = Query::new(Window::from(&sub.period))
        .group_by(grouping.iter().copied())
        .as_of(sub.cut_off())
        .with_policy(sub.policy()?)
        .with_due_dates(sub.due_dates()?);
    let reader = Reader::new().with_limits(province.limits);
    Partial::read(&unit, &[file.as_path()], &reader, &query).map_err(|e| engine(file, e))
}

/// The merged figures as the composer takes them: one row per unit, in order, and warnings
/// for rows the units' files could not count.
fn summary(m: &Merged) -> DossierSummary {
    let agg = &m.aggregation;
    let total = agg.total();
    let units = m.units.len();
    let rep = &agg.report;
    let warnings = crate::dossiers::uncounted_warnings(
        rep,
        &total,
        "dòng dữ liệu hồ sơ của các đơn vị",
        "hồ sơ của các đơn vị",
    );
    DossierSummary {
        total,
        by_agency: m
            .unit_counts()
            .into_iter()
            .map(|(agency, counts)| AgencyCounts { agency, counts })
            .collect(),
        source: format!("{} đơn vị", crate::vi::int(units as u64)),
        warnings,
        rows: Some(RowTally {
            read: rep.rows_read,
            rejected: rep.rows_rejected,
            outside_period: agg.outside_period,
        }),
    }
}

/// The Vietnamese clause about dossiers found in several units (liên thông), as the Biểu 06
/// note of a consolidated report writes it; the one wording of it (`minhbach merge` and
/// `minhbach page` print it too, as a sentence: [`crate::vi::capitalise_first`] and a full
/// stop).
///
/// ```
/// use minhbach_engine::aggregate::partial::{SharedDossiers, SharedPolicy};
/// use minhbach_report::province::shared_sentence;
/// let none = SharedDossiers { policy: SharedPolicy::Once, dossiers: 0, extra_occurrences: 0, removed: 0 };
/// assert_eq!(shared_sentence(&none), "không có hồ sơ liên thông trùng giữa các đơn vị");
/// let once = SharedDossiers { dossiers: 1200, extra_occurrences: 1300, removed: 1300, ..none };
/// assert_eq!(
///     shared_sentence(&once),
///     "1.200 hồ sơ liên thông có ở nhiều đơn vị (1.300 lần lặp) chỉ tính một lần, ở đơn vị đầu tiên"
/// );
/// ```
pub fn shared_sentence(s: &SharedDossiers) -> String {
    if s.dossiers == 0 {
        return "không có hồ sơ liên thông trùng giữa các đơn vị".into();
    }
    let n = crate::vi::int(s.dossiers);
    let k = crate::vi::int(s.extra_occurrences);
    match s.policy {
        SharedPolicy::Once => format!(
            "{n} hồ sơ liên thông có ở nhiều đơn vị ({k} lần lặp) chỉ tính một lần, ở đơn vị đầu tiên"
        ),
        SharedPolicy::PerUnit => {
            format!("{n} hồ sơ liên thông có ở nhiều đơn vị ({k} lần lặp) được tính ở mỗi đơn vị")
        }
    }
}
