//! `minhbach score`: scores, ranks and explanations of units under an index definition or a
//! shipped preset.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use minhbach_engine::scoring::{
    preset, CompiledIndex, IndexDefinition, NodeKind, ScoreOptions, ScoreSet, UnitTable,
    PRESET_NAMES,
};
use minhbach_engine::EngineError;
use serde::Serialize;

use crate::failure::{Failure, Outcome};
use crate::input;
use crate::output::{self, Target};
use crate::progress::Ui;
use crate::sheet::{Cell, Sheet};

/// `minhbach score …`
#[derive(Debug, Args)]
#[command(after_help = "\
DEFINITION_OR_PRESET is a shipped preset — pci, pci_transparency, decision766, ddci — or an
index definition file (.toml, or .json). A preset name always means the preset; write a file
of the same name as a path (./pci). DATA.csv is a wide CSV: a `unit` column, then one column
per indicator id (empty or NA for a missing value; decimal point, not comma).

Rows with bad values are left out and listed on stderr (exit code 1); the other units are
still scored. Anchors computed from the round (min-max over the units) would change if the
left-out rows were corrected.

Examples:
  minhbach score pci provinces.csv
  minhbach score decision766 units-2024.csv --format json
  minhbach score decision766 other-indicators.csv --partials huyen/*.json
  minhbach score my-index.toml districts.csv --decimals 3 -o scores.json --format json")]
pub struct ScoreArgs {
    /// A preset name (pci, pci_transparency, decision766, ddci) or an index definition file.
    #[arg(value_name = "DEFINITION_OR_PRESET")]
    definition: String,
    /// The unit data: wide CSV with a `unit` column and one column per indicator.
    #[arg(value_name = "DATA.csv", required_unless_present = "partials")]
    data: Option<PathBuf>,
    /// Partial files of the units (from `aggregate … --unit NAME --save-partial FILE`): the
    /// indicators computed from dossier figures (on_time_rate, mean_processing_hours,
    /// online_dossier_share) are taken from the merged figures of each unit; DATA.csv, when
    /// given, supplies the other indicators.
    #[arg(long, value_name = "PARTIAL", num_args = 1..)]
    partials: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Decimals of the scores shown (rounded half-up); ranks compare the rounded scores.
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u32).range(0..=12))]
    decimals: u32,
    /// Output file (default: standard output).
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
}

/// Output format of `score`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// A ranking table and, for each unit, the explanation of its score.
    Table,
    /// JSON (stable contract, docs/cli.md).
    Json,
}

/// A data row that was left out.
#[derive(Clone, Debug, Serialize)]
pub struct RowError {
    /// 1-based line of the data file.
    pub line: u64,
    /// The column (header) at fault, or empty.
    pub column: String,
    /// The offending value.
    pub value: String,
    /// Why.
    pub message: String,
}

#[derive(Serialize)]
struct ScoreJson {
    index: String,
    decimals: u32,
    units: Vec<minhbach_engine::scoring::UnitView>,
    rows_read: u64,
    rows_rejected: u64,
    errors: Vec<RowError>,
    ignored_columns: Vec<String>,
}

/// Runs `minhbach score`.
pub fn run(a: ScoreArgs, ui: &Ui) -> Result<Outcome, Failure> {
    let target = Target::from_arg(a.output.as_deref());
    let mut inputs: Vec<PathBuf> = a.data.iter().chain(&a.partials).cloned().collect();
    let index = load_definition(&a.definition, &mut inputs)?;
    target.check(&inputs, None)?;
    let (records, name) = match &a.data {
        Some(data) => {
            let text = input::read_text(data, "unit data file")?;
            let name = data.display().to_string();
            (read_records(&text, &name)?, name)
        }
        None => (Vec::new(), "--partials".to_string()),
    };
    let records = if a.partials.is_empty() {
        records
    } else {
        if a.definition == "ddci" {
            return Err(Failure::usage(
                "the ddci indicators come from the business survey, not from dossier figures: --partials does not apply",
            )
            .fix("score ddci from a DATA.csv of survey indicators"));
        }
        crate::merge::with_dossier_indicators(records, &name, &a.partials, ui)?
    };
    let spinner = ui.spinner("scoring");
    let options = ScoreOptions {
        rank_decimals: Some(a.decimals),
    };
    let (set, rows_read, errors) = score_tolerant(&index, records, &name, &options)?;
    spinner.finish_and_clear();
    crate::failure::list_row_errors(
        &name,
        errors.iter().map(|e| {
            (
                e.line,
                e.column.as_str(),
                e.value.as_str(),
                e.message.as_str(),
            )
        }),
    );
    if !errors.is_empty() {
        ui.note(&format!(
            "{} of {rows_read} rows left out; the other units were scored; fix the rows and run again",
            errors.len()
        ));
    }
    if !set.ignored_columns.is_empty() {
        ui.note(&format!(
            "columns not used by index {}: {}",
            index.definition.id,
            set.ignored_columns.join(", ")
        ));
    }
    match a.format {
        Format::Json => {
            let view = set.view(a.decimals);
            output::json(
                &target,
                &ScoreJson {
                    index: view.index,
                    decimals: view.decimals,
                    units: view.units,
                    rows_read,
                    rows_rejected: errors.len() as u64,
                    errors: errors.clone(),
                    ignored_columns: set.ignored_columns.clone(),
                },
            )?;
        }
        Format::Table => target.write(table(&set, a.decimals).as_bytes())?,
    }
    Ok(if errors.is_empty() {
        Outcome::Success
    } else {
        Outcome::DataProblems
    })
}

fn load_definition(arg: &str, inputs: &mut Vec<PathBuf>) -> Result<CompiledIndex, Failure> {
    let def = if PRESET_NAMES.contains(&arg) {
        preset(arg).map_err(|e| engine_failure(e, arg))?
    } else {
        let path = Path::new(arg);
        let looks_like_file = arg.contains(['/', '\\', '.']) || path.exists();
        if !looks_like_file {
            return Err(
                Failure::usage(format!("{arg:?} is neither a preset nor a file")).fix(format!(
                    "use one of the presets {} or the path of an index definition (.toml or .json)",
                    PRESET_NAMES.join(", ")
                )),
            );
        }
        let text = input::read_text(path, "index definition")?;
        inputs.push(path.to_path_buf());
        let is_json = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        if is_json {
            IndexDefinition::from_json_str(&text, arg)
        } else {
            IndexDefinition::from_toml_str(&text, arg)
        }
        .map_err(|e| engine_failure(e, arg))?
    };
    def.compile().map_err(|e| engine_failure(e, arg))
}

/// The records of a unit data file, each with its line; blank lines are dropped. The first
/// record is the header.
fn read_records(text: &str, name: &str) -> Result<Vec<(u64, csv::StringRecord)>, Failure> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records: Vec<(u64, csv::StringRecord)> = Vec::new();
    for r in rdr.records() {
        let r = r.map_err(|e| {
            let line = e.position().map_or(0, csv::Position::line);
            Failure::data(format!("{name}:{line}: not readable as CSV: {e}"))
                .fix("check the quoting of that line")
        })?;
        let line = r.position().map_or(0, csv::Position::line);
        if r.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        records.push((line, r));
    }
    Ok(records)
}

/// Scores the units, leaving out the rows the engine refuses (bad cells, duplicate units,
/// values outside an indicator's domain) and listing them. `records` are those of
/// [`read_records`] (the header first).
fn score_tolerant(
    index: &CompiledIndex,
    records: Vec<(u64, csv::StringRecord)>,
    name: &str,
    options: &ScoreOptions,
) -> Result<(ScoreSet, u64, Vec<RowError>), Failure> {
    let Some((_, header)) = records.first().cloned() else {
        return Err(Failure::data(format!("{name}: empty file, no header row"))
            .fix("the first line must be `unit,<indicator id>,…`"));
    };
    let rows_read = records.len().saturating_sub(1) as u64;
    let mut kept: Vec<usize> = (1..records.len()).collect();
    let mut errors = Vec::new();
    // Each round drops at most one row, so this ends.
    loop {
        let (bytes, starts) = rebuild(&header, &records, &kept)?;
        let table = match UnitTable::from_csv_reader(bytes.as_slice(), name) {
            Ok(t) => t,
            Err(EngineError::UnitData {
                line,
                column_name,
                value,
                reason,
                ..
            }) if line >= 2 => {
                let k = starts.partition_point(|&s| s <= line).saturating_sub(1);
                let Some(&ri) = kept.get(k) else {
                    return Err(Failure::internal(format!("no row at line {line}")));
                };
                errors.push(RowError {
                    line: records.get(ri).map_or(0, |r| r.0),
                    column: column_name,
                    value,
                    message: reason,
                });
                kept.remove(k);
                continue;
            }
            Err(e) => return Err(engine_failure(e, name)),
        };
        match index.score(&table, options) {
            Ok(set) => {
                errors.sort_by_key(|e| e.line);
                return Ok((set, rows_read, errors));
            }
            Err(e) => {
                let (unit, column, value) = match &e {
                    EngineError::OutOfDomain {
                        unit,
                        indicator,
                        value,
                        ..
                    }
                    | EngineError::Normalisation {
                        unit,
                        indicator,
                        value,
                        ..
                    } => (unit.clone(), indicator.clone(), value.to_string()),
                    EngineError::MissingValue { unit, input, .. } => {
                        (unit.clone(), input.clone(), String::new())
                    }
                    EngineError::Arithmetic { unit, node, .. } => {
                        (unit.clone(), node.clone(), String::new())
                    }
                    EngineError::NoUnits { .. } if !errors.is_empty() => {
                        errors.sort_by_key(|e| e.line);
                        crate::failure::list_row_errors(
                            name,
                            errors.iter().map(|e| {
                                (
                                    e.line,
                                    e.column.as_str(),
                                    e.value.as_str(),
                                    e.message.as_str(),
                                )
                            }),
                        );
                        return Err(Failure::data(format!(
                            "{name}: no unit left to score: all {rows_read} rows were left out"
                        ))
                        .fix("correct the rows listed above"));
                    }
                    _ => return Err(engine_failure(e, name)),
                };
                let pos = kept.iter().position(|&ri| {
                    records
                        .get(ri)
                        .and_then(|r| r.1.get(0))
                        .is_some_and(|u| u.trim() == unit)
                });
                let Some(k) = pos else {
                    return Err(engine_failure(e, name));
                };
                let ri = kept.remove(k);
                let value = if value.is_empty() {
                    header
                        .iter()
                        .position(|h| h.trim() == column)
                        .and_then(|c| records.get(ri).and_then(|r| r.1.get(c)))
                        .unwrap_or("")
                        .to_string()
                } else {
                    value
                };
                errors.push(RowError {
                    line: records.get(ri).map_or(0, |r| r.0),
                    column,
                    value,
                    message: e.to_string(),
                });
            }
        }
    }
}

/// The CSV text of the header and the kept rows, and the line each kept row starts on.
fn rebuild(
    header: &csv::StringRecord,
    records: &[(u64, csv::StringRecord)],
    kept: &[usize],
) -> Result<(Vec<u8>, Vec<u64>), Failure> {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    let err = |e: csv::Error| Failure::internal(format!("cannot rebuild the unit data: {e}"));
    w.write_record(header).map_err(err)?;
    w.flush().map_err(|e| Failure::internal(e.to_string()))?;
    let mut starts = Vec::with_capacity(kept.len());
    for &ri in kept {
        let lines_so_far = w.get_ref().iter().filter(|&&b| b == b'\n').count() as u64;
        starts.push(lines_so_far + 1);
        if let Some((_, r)) = records.get(ri) {
            w.write_record(r).map_err(err)?;
        }
        w.flush().map_err(|e| Failure::internal(e.to_string()))?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Failure::internal(format!("cannot rebuild the unit data: {e}")))?;
    Ok((bytes, starts))
}

fn opt(d: Option<rust_decimal::Decimal>, dp: u32) -> Cell {
    Cell::Decimal(
        d.map(|d| {
            d.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        }),
        dp,
    )
}

/// The ranking table, a legend of the columns and each unit's explanation.
fn table(set: &ScoreSet, dp: u32) -> String {
    let index = &set.index;
    let Some(root) = index.nodes.first() else {
        return String::new();
    };
    let children: Vec<usize> = root.children.clone();
    let mut order: Vec<usize> = (0..set.units.len()).collect();
    order.sort_by_key(|&i| {
        let rank = set
            .units
            .get(i)
            .and_then(|u| u.nodes.first())
            .and_then(|n| n.rank)
            .unwrap_or(u32::MAX);
        (rank, i)
    });
    let mut header = vec!["Hạng".to_string(), "Đơn vị".to_string(), "Điểm".to_string()];
    header.extend(
        children
            .iter()
            .filter_map(|&c| index.nodes.get(c).map(|n| n.id.clone())),
    );
    let rows = order
        .iter()
        .filter_map(|&i| set.units.get(i))
        .map(|u| {
            let root_score = u.nodes.first();
            let mut row = vec![
                root_score
                    .and_then(|n| n.rank)
                    .map_or(Cell::Decimal(None, 0), |r| Cell::Int(u64::from(r))),
                Cell::Text(u.unit.clone()),
                opt(root_score.and_then(|n| n.value), dp),
            ];
            row.extend(
                children
                    .iter()
                    .map(|&c| opt(u.nodes.get(c).and_then(|n| n.value), dp)),
            );
            row
        })
        .collect();
    let ranking = Sheet {
        title: format!("{} ({})", root.name_vi, root.id),
        header,
        rows,
    };
    let mut out = ranking.to_text();
    out.push('\n');
    for &c in &children {
        if let Some(n) = index.nodes.get(c) {
            let kind = if n.kind == NodeKind::Indicator {
                format!("chỉ tiêu, đơn vị {}", n.unit)
            } else {
                "chỉ số thành phần".to_string()
            };
            out.push_str(&format!(
                "{}: {} ({kind}, trọng số {})\n",
                n.id,
                n.name_vi,
                n.weight.normalize()
            ));
        }
    }
    for &i in &order {
        let Some(u) = set.units.get(i) else { continue };
        let Some(why) = set.explain(&u.unit, &root.id) else {
            continue;
        };
        let score = why
            .score
            .map(|s| {
                crate::sheet::fixed(
                    s.round_dp_with_strategy(
                        dp,
                        rust_decimal::RoundingStrategy::MidpointAwayFromZero,
                    ),
                    dp,
                )
            })
            .unwrap_or_else(|| "–".into());
        let rank = why.rank.map_or("–".to_string(), |r| r.to_string());
        let rows = why
            .inputs
            .iter()
            .map(|inp| {
                vec![
                    Cell::Text(inp.id.clone()),
                    opt(inp.raw, dp.max(2)),
                    opt(inp.value, dp),
                    Cell::Text(inp.weight.normalize().to_string()),
                    opt(inp.contribution, dp),
                    Cell::Text(if inp.dropped {
                        "thiếu, bỏ qua".into()
                    } else {
                        String::new()
                    }),
                ]
            })
            .collect();
        let sheet = Sheet {
            title: format!("\n{}: {score} điểm, hạng {rank}", u.unit),
            header: vec![
                "Thành phần".into(),
                "Giá trị gốc".into(),
                "Giá trị / điểm".into(),
                "Trọng số".into(),
                "Đóng góp".into(),
                "Ghi chú".into(),
            ],
            rows,
        };
        out.push_str(&sheet.to_text());
    }
    out
}

/// Maps an engine error to a failure: bad definitions and data are bad data (exit 1), an
/// unknown preset is bad usage, I/O errors follow [`Failure::read`].
pub fn engine_failure(e: EngineError, origin: &str) -> Failure {
    match e {
        EngineError::UnknownPreset { .. } => Failure::usage(e.to_string())
            .fix("give a preset name from the list, or the path of a definition file"),
        EngineError::Io {
            ref path,
            ref source,
        } => Failure::read(Path::new(path), "file", source),
        EngineError::DefinitionSyntax { .. } | EngineError::InvalidDefinition { .. } => {
            Failure::data(e.to_string())
                .fix("correct the index definition (format: docs/methodology.md)")
        }
        EngineError::MissingIndicatorColumn { ref indicator, .. } => {
            let fix = format!("add a column named {indicator} to {origin}");
            Failure::data(format!("{origin}: {e}")).fix(fix)
        }
        EngineError::UnitData { .. } => Failure::data(e.to_string())
            .fix("correct that cell: a decimal number with a point, or empty for a missing value"),
        EngineError::NoUnits { .. } => Failure::data(format!("{origin}: {e}"))
            .fix("the data file needs at least one valid unit row"),
        _ => Failure::data(format!("{origin}: {e}")),
    }
}
