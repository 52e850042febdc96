//! `minhbach merge`: the Biểu 06 table of a province (or district) from its units' partial
//! files, exact, with shared-dossier detection and an optional ranking.

use std::path::PathBuf;

use clap::Args;
use minhbach_engine::aggregate::partial::{
    MergeOptions, Merged, Merger, RankedUnit, SharedDossiers, SharedPolicy,
};
use minhbach_engine::aggregate::{GroupKey, MeasureId, MeasureOptions};
use minhbach_engine::scoring::{Decision766Extras, Decision766Values};
use minhbach_engine::EngineError;
use serde::Serialize;

use crate::aggregate::{summary, text_table, MeasureArgs, Rendering, TableFormat};
use crate::dossiers;
use crate::error_text;
use crate::failure::{tr, Failure, FileRole, RunOutcome};
use crate::input;
use crate::output::{self, Destination};
use crate::progress::Ui;
use crate::sheet::{count_text, OutputCell, Sheet};

/// `minhbach merge …`
#[derive(Debug, Args)]
#[command(after_help = "\
Partial files are written by `minhbach aggregate … --unit NAME --save-partial FILE`, one per
unit (district, commune), all for the same period, cut-off, convention and grouping. The
merged figures equal those of aggregating every unit's dossiers at once.

Examples:
  minhbach merge ly-son.json binh-son.json son-tinh.json
  minhbach merge huyen/*.json --by unit,agency --format json
  minhbach merge huyen/*.json --rank on_time_rate
  minhbach merge huyen/*.json --format xlsx -o tong-hop.xlsx")]
pub struct MergeArgs {
    /// Partial files (JSON).
    #[arg(value_name = "PARTIAL", required = true)]
    partials: Vec<PathBuf>,
    /// Group rows by these keys, comma-separated: `unit` and any key the partials were
    /// saved with (default: unit).
    #[arg(
        long,
        value_name = "KEY[,KEY]",
        value_delimiter = ',',
        default_value = "unit"
    )]
    by: Vec<String>,
    /// Dossiers found in several units (liên thông): counted once, in the first unit given
    /// that holds them, or in every unit.
    #[arg(long, default_value = "once", value_parser = shared_arg())]
    shared: SharedPolicy,
    /// Accept two partials of the same unit and add them up.
    #[arg(long)]
    allow_same_unit: bool,
    /// Rank the units by this measure (on_time_rate, late_rate, online_rate, …); ties share
    /// the best rank.
    #[arg(long, value_name = "MEASURE")]
    rank: Option<String>,
    #[command(flatten)]
    measures: MeasureArgs,
    /// Output format (default: the -o file's extension, .csv, .json or .xlsx; else table).
    #[arg(long, value_enum)]
    format: Option<TableFormat>,
    /// Output file (default: standard output; required for xlsx on a terminal).
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
}

/// The value parser of `--shared` (`merge`, `page`): the engine's `SharedPolicy` by its names
/// (`once`, `per_unit`) and aliases (`per-unit`).
pub(crate) fn shared_arg() -> impl clap::builder::TypedValueParser<Value = SharedPolicy> {
    crate::args::named_aliased(
        &SharedPolicy::ALL,
        SharedPolicy::as_str,
        SharedPolicy::aliases,
        |p| {
            Some(match p {
                SharedPolicy::Once => "Counted once, in the first unit given",
                SharedPolicy::PerUnit => "Counted in every unit that holds them",
            })
        },
    )
}

/// The fields `merge` adds to the JSON of `aggregate`.
#[derive(Serialize)]
struct MergeJson<'a> {
    units: &'a [String],
    partials: u64,
    shared_dossiers: SharedDossiers,
    #[serde(skip_serializing_if = "Option::is_none")]
    ranking: Option<RankingJson>,
}

#[derive(Serialize)]
struct RankingJson {
    #[serde(skip)]
    id: MeasureId,
    measure: &'static str,
    lower_is_better: bool,
    units: Vec<RankedUnit>,
}

/// Runs `minhbach merge`.
pub fn run(a: MergeArgs, ui: &Ui) -> Result<RunOutcome, Failure> {
    let format = output::chosen_format(a.format, a.output.as_deref(), TableFormat::Table)?;
    let by =
        a.by.iter()
            .map(|k| GroupKey::parse(k).map_err(|e| Failure::usage(error_text::engine(&e))))
            .collect::<Result<Vec<_>, _>>()?;
    let rank = a
        .rank
        .as_deref()
        .map(|m| MeasureId::parse(m).map_err(|e| Failure::usage(error_text::engine(&e))))
        .transpose()?;
    if rank.is_some() && !by.contains(&GroupKey::Unit) {
        return Err(Failure::usage(tr(
            "--rank ranks units: --by must include unit",
            "--rank xếp hạng các đơn vị: --by phải có unit",
        ))
        .fix(tr(
            "add unit to --by, e.g. --by unit",
            "thêm unit vào --by, ví dụ --by unit",
        )));
    }
    let target = Destination::from_arg(a.output.as_deref());
    for f in &a.partials {
        input::check_file(f, FileRole::Partial)?;
    }
    target.check(&a.partials, (format == TableFormat::Xlsx).then_some("xlsx"))?;
    let merged = merge_files(
        &a.partials,
        MergeOptions {
            group_by: by,
            shared: a.shared,
            allow_same_unit: a.allow_same_unit,
        },
        ui,
    )?;
    let mut agg = merged.aggregation.clone();
    a.measures.apply(agg.measures_mut());
    let options = agg.policy().measures;
    let ranking = rank.map(|m| RankingJson {
        id: m,
        measure: m.as_str(),
        lower_is_better: m.measure().lower_is_better(),
        units: merged.rank(m, &options),
    });
    if merged.shared.dossiers > 0 {
        ui.note(&shared_sentence(&merged.shared));
    }
    let period = agg.period();
    let out = Rendering {
        target: &target,
        format,
        from: period.start.date(),
        to: period.end.date(),
        cutoff: agg.cutoff(),
        several: true,
    };
    if format == TableFormat::Table {
        // The table, then the ranking and the shared dossiers under their own titles.
        let mut text = text_table(&agg, out.from, out.to, out.cutoff);
        text.push_str(&summary(&agg, &agg.total_row()));
        if let Some(r) = &ranking {
            text.push('\n');
            text.push_str(&ranking_sheet(r, &options).to_text());
        }
        text.push_str(&format!(
            "Đã tổng hợp {} tệp số liệu của {} đơn vị.\n{}\n",
            count_text(merged.partials),
            count_text(merged.units.len() as u64),
            shared_sentence(&merged.shared)
        ));
        target.write(text.as_bytes())?;
    } else if let (Some(r), TableFormat::Csv | TableFormat::Xlsx) = (&ranking, format) {
        let at = agg.group_by().iter().position(|k| *k == GroupKey::Unit);
        let sheet = ranked_sheet(
            crate::aggregate::sheet(&agg, out.from, out.to, out.cutoff),
            at.unwrap_or(0),
            r,
        );
        let bytes = if format == TableFormat::Csv {
            sheet.to_csv()?
        } else {
            sheet.to_xlsx()?
        };
        target.write(&bytes)?;
    } else {
        out.write(
            &agg,
            MergeJson {
                units: &merged.units,
                partials: merged.partials,
                shared_dossiers: merged.shared,
                ranking,
            },
        )?;
    }
    Ok(RunOutcome::Success)
}

/// Reads and merges partial files one at a time (memory does not grow with their number,
/// only with the distinct dossiers).
pub fn merge_files(files: &[PathBuf], opts: MergeOptions, ui: &Ui) -> Result<Merged, Failure> {
    let bar = ui.count(files.len() as u64, &tr("merging", "đang tổng hợp"));
    let mut merger = Merger::new(opts);
    for f in files {
        let name = f.display().to_string();
        let bytes = input::read_bytes(f, FileRole::Partial)?;
        merger.add_bytes(&name, &bytes).map_err(failure)?;
        bar.inc(1);
    }
    bar.finish_and_clear();
    merger.finish().map_err(failure)
}

/// Partial and merge errors are bad data (exit 1); the rest as for aggregation.
pub fn failure(e: EngineError) -> Failure {
    let text = crate::error_text::engine(&e);
    match e {
        EngineError::BadPartial { .. } => Failure::data(text).fix(tr(
            "use the partial files as minhbach aggregate … --save-partial wrote them",
            "dùng đúng các tệp số liệu riêng do minhbach aggregate … --save-partial ghi ra, không \
             sửa tay",
        )),
        EngineError::MergeMismatch { .. } => Failure::data(text).fix(tr(
            "save every unit's partial with the same --from, --to, --as-of, --convention and --by",
            "lưu tệp số liệu riêng của mọi đơn vị với cùng --from, --to, --as-of, --convention và \
             --by",
        )),
        other => dossiers::engine_failure(other),
    }
}

/// The report's clause about dossiers found in several units, as a sentence of its own.
fn shared_sentence(s: &SharedDossiers) -> String {
    format!(
        "{}.",
        minhbach_report::vi::capitalise_first(&minhbach_report::province::shared_sentence(s))
    )
}

fn ranking_sheet(r: &RankingJson, options: &MeasureOptions) -> Sheet {
    let m = r.id.measure();
    let caption = format!("{} ({})", m.caption, m.unit.caption());
    let mut rows: Vec<&RankedUnit> = r.units.iter().collect();
    rows.sort_by_key(|u| (u.rank.is_none(), u.rank));
    Sheet {
        title: format!("Xếp hạng các đơn vị theo {caption}"),
        header: vec!["Hạng".into(), "Đơn vị báo cáo".into(), caption],
        rows: rows
            .into_iter()
            .map(|u| {
                vec![
                    u.rank
                        .map(|k| OutputCell::Int(u64::from(k)))
                        .unwrap_or_else(|| OutputCell::Text("-".into())),
                    OutputCell::Text(u.unit.clone()),
                    OutputCell::Decimal(u.value, m.decimals(options)),
                ]
            })
            .collect(),
    }
}

/// The Biểu 06 sheet with the ranking as its last column: every row of a unit carries the
/// unit's rank (the total row none). `at` is the unit's key column.
fn ranked_sheet(mut sheet: Sheet, at: usize, r: &RankingJson) -> Sheet {
    let m = r.id.measure();
    let ranks: std::collections::HashMap<&str, Option<u32>> =
        r.units.iter().map(|u| (u.unit.as_str(), u.rank)).collect();
    sheet.header.push(format!("Hạng theo {}", m.caption));
    let total = sheet.rows.len().saturating_sub(1);
    for (i, row) in sheet.rows.iter_mut().enumerate() {
        let rank = match row.get(at) {
            Some(OutputCell::Text(unit)) if i < total => {
                ranks.get(unit.as_str()).copied().flatten()
            }
            _ => None,
        };
        row.push(match rank {
            Some(k) => OutputCell::Int(u64::from(k)),
            None => OutputCell::Text(String::new()),
        });
    }
    sheet
}

/// The indicators of the `decision766` preset computed from merged dossier figures.
const DOSSIER_INDICATORS: [&str; 3] = [
    "on_time_rate",
    "mean_processing_hours",
    "online_dossier_share",
];

/// The unit data records of `score … --partials` (header first, each record with its line
/// in DATA.csv): the partials merged by unit, and for each unit the Decision 766 indicators
/// computed from its merged counts through the measures catalogue
/// (`Decision766Values::from_counts`, full precision) appended to its row. Without DATA.csv
/// (`records` empty) the table has the units of the partials and those indicators only. A
/// unit of the partials without a row in DATA.csv, or a DATA.csv column that the partials
/// compute, is refused.
pub fn with_dossier_indicators(
    mut records: Vec<(u64, csv::StringRecord)>,
    name: &str,
    partials: &[PathBuf],
    ui: &Ui,
) -> Result<Vec<(u64, csv::StringRecord)>, Failure> {
    for f in partials {
        input::check_file(f, FileRole::Partial)?;
    }
    let merged = merge_files(partials, MergeOptions::by([GroupKey::Unit]), ui)?;
    if merged.shared.dossiers > 0 {
        ui.note(&shared_sentence(&merged.shared));
    }
    let values: Vec<(String, Decision766Values)> = merged
        .unit_counts()
        .into_iter()
        .map(|(u, c)| {
            let v = Decision766Values::from_counts(&c, &Decision766Extras::default(), None);
            (u, v)
        })
        .collect();
    let cells = |v: &Decision766Values| -> Vec<String> {
        v.pairs()
            .into_iter()
            .filter(|(id, _)| DOSSIER_INDICATORS.contains(id))
            .map(|(_, d)| d.map(|d| d.normalize().to_string()).unwrap_or_default())
            .collect()
    };
    if records.is_empty() {
        let mut header = csv::StringRecord::from(vec!["unit"]);
        DOSSIER_INDICATORS
            .iter()
            .for_each(|id| header.push_field(id));
        let mut out = vec![(1, header)];
        for (i, (unit, v)) in values.iter().enumerate() {
            let mut r = csv::StringRecord::from(vec![unit.as_str()]);
            cells(v).iter().for_each(|c| r.push_field(c));
            out.push((i as u64 + 2, r));
        }
        return Ok(out);
    }
    let mut by_unit: std::collections::HashMap<&str, &Decision766Values> =
        values.iter().map(|(u, v)| (u.as_str(), v)).collect();
    let mut iter = records.iter_mut();
    if let Some((_, header)) = iter.next() {
        if let Some(c) = header
            .iter()
            .find(|h| DOSSIER_INDICATORS.contains(&h.trim()))
        {
            let c = c.trim();
            return Err(Failure::data(tr(
                format!(
                    "{name}: column {c} is computed from the partial files; it cannot also be \
                     given"
                ),
                format!("{name}: cột {c} được tính từ các tệp số liệu riêng, không ghi thêm được"),
            ))
            .fix(tr(
                format!("remove the column {c} from {name}"),
                format!("xóa cột {c} khỏi {name}"),
            )));
        }
        DOSSIER_INDICATORS
            .iter()
            .for_each(|id| header.push_field(id));
    }
    for (_, r) in iter {
        let unit = r.get(0).unwrap_or("").trim().to_string();
        let row = match by_unit.remove(unit.as_str()) {
            Some(v) => cells(v),
            None => vec![String::new(); DOSSIER_INDICATORS.len()],
        };
        row.iter().for_each(|c| r.push_field(c));
    }
    if !by_unit.is_empty() {
        let mut missing: Vec<&str> = values
            .iter()
            .map(|(u, _)| u.as_str())
            .filter(|u| by_unit.contains_key(u))
            .collect();
        missing.truncate(10);
        let missing = missing
            .iter()
            .map(|u| format!("{u:?}"))
            .collect::<Vec<_>>()
            .join(", ");
        return Err(Failure::data(tr(
            format!("{name} has no row for the unit(s) {missing} of the partial files"),
            format!("{name} không có dòng cho đơn vị {missing} của các tệp số liệu riêng"),
        ))
        .fix(tr(
            format!(
                "add a row for each unit to {name}, named exactly as in its partial file (--unit)"
            ),
            format!(
                "thêm vào {name} một dòng cho mỗi đơn vị, ghi tên đúng như trong tệp số liệu \
                 riêng của đơn vị đó (--unit)"
            ),
        )));
    }
    Ok(records)
}
