//! `minhbach score`: scores, ranks and explanations of units under an index definition or a
//! shipped preset; `--list-indicators` lists what a preset expects.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use minhbach_engine::scoring::{
    preset, IndexDefinition, NodeKind, RejectedUnitRow, ScoreOptions, ScoreSet, UnitDataReason,
    UnitTable, PRESET_NAMES,
};
use minhbach_engine::EngineError;
use minhbach_model::vi::round_half_up;
use minhbach_model::Bilingual;
use minhbach_model::Direction;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::failure::{tr, Failure, FileRole, Lang, RunLang, RunOutcome};
use crate::input;
use crate::output::{self, Destination};
use crate::progress::Ui;
use crate::sheet::{OutputCell, Sheet};

/// `minhbach score …`
#[derive(Debug, Args)]
#[command(after_help = "\
DEFINITION_OR_PRESET is a shipped preset — pci, pci_transparency, decision766, ddci — or an
index definition file (.toml, or .json). A preset name always means the preset; write a file
of the same name as a path (./pci). DATA.csv is a wide CSV: a `unit` column, then one column
per indicator id (empty or NA for a missing value; decimal point, not comma);
`--list-indicators` lists the ids a preset expects.

Rows with bad values are left out and listed on stderr (exit code 1); the other units are
still scored. Anchors computed from the round (min-max over the units) would change if the
left-out rows were corrected. pci_transparency rescales with PCI's pooled anchors, which
you supply: --anchors FILE.csv (columns indicator,min,max) or --anchor ID=MIN:MAX.

Examples:
  minhbach score pci examples/data/pci-tinh-mau.csv
  minhbach score decision766 --list-indicators
  minhbach score decision766 units-2024.csv --format json
  minhbach score decision766 other-indicators.csv --partials huyen/*.json
  minhbach score pci_transparency provinces.csv --anchors pci-anchors.csv
  minhbach score my-index.toml districts.csv --decimals 3 -o scores.xlsx --format xlsx")]
pub struct ScoreArgs {
    /// A preset name (pci, pci_transparency, decision766, ddci) or an index definition file.
    #[arg(value_name = "DEFINITION_OR_PRESET")]
    definition: String,
    /// The unit data: wide CSV with a `unit` column and one column per indicator.
    #[arg(value_name = "DATA.csv", required_unless_present_any = ["list_indicators", "partials"])]
    data: Option<PathBuf>,
    /// Partial files of the units (from `aggregate … --unit NAME --save-partial FILE`): the
    /// indicators computed from dossier figures (on_time_rate, mean_processing_hours,
    /// online_dossier_share) are taken from the merged figures of each unit; DATA.csv, when
    /// given, supplies the other indicators.
    #[arg(long, value_name = "PARTIAL", num_args = 1..)]
    partials: Vec<PathBuf>,
    /// List the indicators the index expects (id, Vietnamese name, direction, unit) and stop.
    #[arg(long)]
    list_indicators: bool,
    /// Min–max anchors from a CSV file with the columns indicator,min,max.
    #[arg(long, value_name = "FILE.csv")]
    anchors: Option<PathBuf>,
    /// Min–max anchors of one indicator (repeatable), e.g. --anchor transparency_docs=3.2:7.9.
    #[arg(long, value_name = "ID=MIN:MAX")]
    anchor: Vec<String>,
    /// Output format: table (text), csv, json or xlsx (default: the -o file's extension;
    /// else table).
    #[arg(long, value_enum)]
    format: Option<ScoreFormat>,
    /// Decimals of the scores shown (rounded half-up); ranks compare the rounded scores.
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = crate::args::whole_in::<i64, u32>(0, 12))]
    decimals: u32,
    /// Output file (default: standard output).
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
}

/// Output format of `score`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ScoreFormat {
    /// A ranking table and, for each unit, the explanation of its score.
    Table,
    /// The ranking as CSV: rank, unit, score and the score of every node.
    Csv,
    /// JSON (stable contract, docs/cli.md).
    Json,
    /// The ranking as an XLSX workbook.
    Xlsx,
}

/// A data row that was left out (the JSON shape of the `errors` array).
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

impl From<&RejectedUnitRow> for RowError {
    fn from(r: &RejectedUnitRow) -> Self {
        RowError {
            line: r.line,
            column: r.column.clone(),
            value: r.value.clone(),
            message: r.reason.in_lang(Lang::current()).to_string(),
        }
    }
}

/// The `--format json` document: the engine's scores view (`units` streamed straight from
/// the scores by `ScoresJson`'s own writer) and the run's accounting. `write` writes it; the
/// tests hold its bytes equal to serde_json's for the derived `Serialize`.
#[cfg_attr(test, derive(Serialize))]
struct ScoreJson<'a> {
    index: &'a str,
    decimals: u32,
    units: minhbach_engine::scoring::UnitsJson<'a>,
    rows_read: u64,
    rows_rejected: u64,
    errors: Vec<RowError>,
    ignored_columns: &'a [String],
}

impl ScoreJson<'_> {
    /// Writes the document, its fields in the order they are declared.
    fn write(&self, o: &mut output::JsonObject<'_>) -> std::io::Result<()> {
        o.field("index", self.index)?;
        o.field("decimals", &self.decimals)?;
        o.field_with("units", |w, depth| self.units.write_pretty(w, depth))?;
        o.field("rows_read", &self.rows_read)?;
        o.field("rows_rejected", &self.rows_rejected)?;
        o.field("errors", &self.errors)?;
        o.field("ignored_columns", self.ignored_columns)
    }
}

/// Runs `minhbach score`.
pub fn run(a: ScoreArgs, ui: &Ui) -> Result<RunOutcome, Failure> {
    let format = output::chosen_format(a.format, a.output.as_deref(), ScoreFormat::Table)?;
    let target = Destination::from_arg(a.output.as_deref());
    let mut inputs: Vec<PathBuf> = a.data.iter().chain(&a.partials).cloned().collect();
    let mut def = load_definition(&a.definition, &mut inputs)?;
    if a.list_indicators {
        target.check(&inputs, binary(format))?;
        return list_indicators(&def, format, &target).map(|()| RunOutcome::Success);
    }
    if a.data.is_none() && a.partials.is_empty() {
        return Err(Failure::usage(tr(
            "the unit data file DATA.csv is missing",
            "thiếu tệp số liệu các đơn vị DATA.csv",
        )));
    }
    apply_anchors(&mut def, &a, &mut inputs)?;
    let index = def
        .compile()
        .map_err(|e| engine_failure(e, &a.definition))?;
    target.check(&inputs, binary(format))?;
    let (text, name) = match &a.data {
        Some(data) => (
            input::read_text(data, FileRole::UnitData)?,
            data.display().to_string(),
        ),
        None => (String::new(), "--partials".to_string()),
    };
    let spinner = ui.spinner(&tr("scoring", "đang tính điểm"));
    let options = ScoreOptions {
        rank_decimals: Some(a.decimals),
    };
    if a.partials.is_empty() && text.trim().is_empty() {
        return Err(Failure::data(tr(
            format!("{name}: empty file, no header row"),
            format!("{name}: tệp rỗng, không có dòng tiêu đề"),
        ))
        .fix(tr(
            "the first line must be `unit,<indicator id>,…`",
            "dòng đầu phải là `unit,<mã chỉ tiêu>,…`",
        )));
    }
    let (text, line_map) = if a.partials.is_empty() {
        (text, None)
    } else {
        if a.definition == "ddci" {
            return Err(Failure::usage(tr(
                "the ddci indicators come from the business survey, not from dossier figures: --partials does not apply",
                "các chỉ tiêu ddci lấy từ khảo sát doanh nghiệp, không từ số liệu hồ sơ: --partials không áp dụng",
            ))
            .fix(tr(
                "score ddci from a DATA.csv of survey indicators",
                "tính điểm ddci từ tệp DATA.csv các chỉ tiêu khảo sát",
            )));
        }
        let records = if text.trim().is_empty() {
            Vec::new()
        } else {
            read_records(&text, &name)?
        };
        let records = crate::merge::with_dossier_indicators(records, &name, &a.partials, ui)?;
        let (bytes, lines) = rebuild(&records)?;
        (String::from_utf8_lossy(&bytes).into_owned(), Some(lines))
    };
    let (table, mut report) = UnitTable::from_csv_reader_lenient(text.as_bytes(), &name)
        .map_err(|e| engine_failure(e, &name))?;
    if let Some(map) = &line_map {
        let original = |l: u64| map.get(l as usize).copied().unwrap_or(l);
        for r in &mut report.rejected {
            r.line = original(r.line);
        }
        for (_, l) in &mut report.unit_lines {
            *l = original(*l);
        }
    }
    let scored = index.score_lenient(&table, &mut report, &options);
    spinner.finish_and_clear();
    let errors: Vec<RowError> = report.rejected.iter().map(RowError::from).collect();
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
    let rows_read = report.rows_read;
    let set = match scored {
        Ok(set) => set,
        Err(EngineError::NoUnits { .. }) if !errors.is_empty() => {
            return Err(Failure::data(tr(
                format!("{name}: no unit left to score: all {rows_read} rows were left out"),
                format!(
                    "{name}: không còn đơn vị nào để tính điểm: cả {rows_read} dòng đều bị loại"
                ),
            ))
            .fix(tr(
                "correct the rows listed above",
                "sửa các dòng liệt kê ở trên",
            )));
        }
        Err(e) => return Err(engine_failure(e, &name)),
    };
    if !errors.is_empty() {
        ui.note(&tr(
            format!(
                "{} of {rows_read} rows left out; the other units were scored; fix the rows and run again",
                errors.len()
            ),
            format!(
                "{}/{rows_read} dòng bị loại; các đơn vị còn lại đã được tính điểm; sửa các dòng đó rồi chạy lại",
                errors.len()
            ),
        ));
    }
    if !set.ignored_columns.is_empty() {
        ui.note(&tr(
            format!(
                "columns not used by index {}: {}",
                index.definition.id,
                set.ignored_columns.join(", ")
            ),
            format!(
                "các cột không dùng trong chỉ số {}: {}",
                index.definition.id,
                set.ignored_columns.join(", ")
            ),
        ));
    }
    match format {
        ScoreFormat::Json => {
            let view = set.json_view(a.decimals);
            let doc = ScoreJson {
                index: &set.index.definition.id,
                decimals: a.decimals,
                units: view.units(),
                rows_read,
                rows_rejected: errors.len() as u64,
                errors,
                ignored_columns: &set.ignored_columns,
            };
            output::json_object(&target, |o| doc.write(o))?;
        }
        ScoreFormat::Table => target.write(table_text(&set, a.decimals).as_bytes())?,
        ScoreFormat::Csv => target.write(&ranking(&set, a.decimals, true).to_csv()?)?,
        ScoreFormat::Xlsx => target.write(&ranking(&set, a.decimals, true).to_xlsx()?)?,
    }
    Ok(if report.rejected.is_empty() {
        RunOutcome::Success
    } else {
        RunOutcome::DataProblems
    })
}

/// The records of a unit data file, each with its line; blank lines are dropped. The first
/// record is the header.
fn read_records(text: &str, name: &str) -> Result<Vec<(u64, csv::StringRecord)>, Failure> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    for r in rdr.records() {
        let r = r.map_err(|e| {
            let line = e.position().map_or(0, csv::Position::line);
            Failure::data(tr(
                format!("{name}:{line}: not readable as CSV: {e}"),
                format!("{name}:{line}: không đọc được dạng CSV: {e}"),
            ))
            .fix(tr(
                "check the quoting of that line",
                "kiểm tra các dấu ngoặc kép ở dòng đó",
            ))
        })?;
        let line = r.position().map_or(0, csv::Position::line);
        if r.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        records.push((line, r));
    }
    Ok(records)
}

/// The CSV text of `records`, and for each line of that text (index = line) the line of the
/// record it came from, so that rejected rows name the lines of the user's file.
fn rebuild(records: &[(u64, csv::StringRecord)]) -> Result<(Vec<u8>, Vec<u64>), Failure> {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    let err = |e: csv::Error| {
        Failure::internal(tr(
            format!("cannot rebuild the unit data: {e}"),
            format!("không dựng lại được số liệu các đơn vị: {e}"),
        ))
    };
    let mut lines = vec![0];
    for (line, r) in records {
        w.write_record(r).map_err(err)?;
        w.flush().map_err(|e| Failure::internal(e.to_string()))?;
        let written = w.get_ref().iter().filter(|&&b| b == b'\n').count();
        lines.resize(written + 1, *line);
    }
    let bytes = w.into_inner().map_err(|e| err(e.into_error().into()))?;
    Ok((bytes, lines))
}

/// The binary formats, for the output check (never to a terminal).
fn binary(f: ScoreFormat) -> Option<&'static str> {
    (f == ScoreFormat::Xlsx).then_some("xlsx")
}

fn load_definition(arg: &str, inputs: &mut Vec<PathBuf>) -> Result<IndexDefinition, Failure> {
    if PRESET_NAMES.contains(&arg) {
        return preset(arg).map_err(|e| engine_failure(e, arg));
    }
    let path = Path::new(arg);
    let looks_like_file = arg.contains(['/', '\\', '.']) || path.exists();
    if !looks_like_file {
        return Err(Failure::usage(tr(
            format!("{arg:?} is neither a preset nor a file"),
            format!("{arg:?} không phải là bộ chỉ số có sẵn, cũng không phải là tệp"),
        ))
        .fix(tr(
            format!(
                "use one of the presets {} or the path of an index definition (.toml or .json)",
                PRESET_NAMES.join(", ")
            ),
            format!(
                "dùng một trong các bộ chỉ số có sẵn {} hoặc đường dẫn tệp định nghĩa chỉ số (.toml hoặc .json)",
                PRESET_NAMES.join(", ")
            ),
        )));
    }
    let text = input::read_text(path, FileRole::IndexDefinition)?;
    inputs.push(path.to_path_buf());
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if is_json {
        IndexDefinition::from_json_str(&text, arg)
    } else {
        IndexDefinition::from_toml_str(&text, arg)
    }
    .map_err(|e| engine_failure(e, arg))
}

/// Sets the anchors given by `--anchors FILE` and `--anchor ID=MIN:MAX` (the flags win over
/// the file), and refuses to go on while an indicator still needs anchors, naming them all.
fn apply_anchors(
    def: &mut IndexDefinition,
    a: &ScoreArgs,
    inputs: &mut Vec<PathBuf>,
) -> Result<(), Failure> {
    if let Some(path) = &a.anchors {
        let text = input::read_text(path, FileRole::Anchors)?;
        inputs.push(path.clone());
        let name = path.display().to_string();
        for (id, min, max) in minhbach_engine::scoring::read_anchors_csv(text.as_bytes(), &name)
            .map_err(|e| engine_failure(e, &name))?
        {
            set_anchor(def, &id, min, max, &name)?;
        }
    }
    for spec in &a.anchor {
        let (id, min, max) = parse_anchor(spec)?;
        set_anchor(def, id, min, max, "--anchor")?;
    }
    let missing = def.required_anchors();
    if missing.is_empty() {
        return Ok(());
    }
    let (n, list) = (missing.len(), missing.join(", "));
    Err(Failure::usage(tr(
        format!("index {} rescales with min–max anchors you supply (PCI's pooled extremes over past editions); {n} indicators have none: {list}", def.id),
        format!("chỉ số {} quy đổi theo các mốc min–max do người dùng cung cấp (cực trị gộp của các kỳ PCI trước); {n} chỉ tiêu chưa có mốc: {list}", def.id),
    ))
    .fix(tr(
        format!("give them with --anchors FILE.csv (columns indicator,min,max; one row per indicator) or --anchor ID=MIN:MAX for each; `minhbach score {} --list-indicators` lists the ids", a.definition),
        format!("cung cấp bằng --anchors TỆP.csv (các cột indicator,min,max; mỗi chỉ tiêu một dòng) hoặc --anchor MÃ=MIN:MAX cho từng chỉ tiêu; `minhbach score {} --list-indicators` liệt kê các mã", a.definition),
    )))
}

fn set_anchor(
    def: &mut IndexDefinition,
    id: &str,
    min: Decimal,
    max: Decimal,
    origin: &str,
) -> Result<(), Failure> {
    def.set_anchors(id, min, max).map_err(|e| {
        Failure::usage(format!("{origin}: {e}")).fix(tr(
            "name an indicator of the index (--list-indicators lists them) whose normalisation is min_max",
            "ghi mã một chỉ tiêu của chỉ số (--list-indicators liệt kê các mã) có cách chuẩn hoá min_max",
        ))
    })
}

/// `ID=MIN:MAX`.
fn parse_anchor(spec: &str) -> Result<(&str, Decimal, Decimal), Failure> {
    let parsed = spec.split_once('=').and_then(|(id, range)| {
        let (lo, hi) = range.split_once(':')?;
        Some((id.trim(), lo.trim().parse().ok()?, hi.trim().parse().ok()?))
    });
    parsed.filter(|(id, _, _)| !id.is_empty()).ok_or_else(|| {
        Failure::usage(tr(
            format!("--anchor {spec:?}: expected ID=MIN:MAX"),
            format!("--anchor {spec:?}: cần dạng MÃ=MIN:MAX"),
        ))
        .fix(tr(
            "for example --anchor transparency_docs=3.2:7.9 (decimal point)",
            "ví dụ --anchor transparency_docs=3.2:7.9 (dấu chấm thập phân)",
        ))
    })
}

/// `--list-indicators`: id, Vietnamese name, direction, unit, weight and parent of each
/// indicator, and whether it needs anchors.
fn list_indicators(
    def: &IndexDefinition,
    format: ScoreFormat,
    target: &Destination,
) -> Result<(), Failure> {
    let needs = def.required_anchors();
    let rows: Vec<IndicatorRow> = def
        .indicators
        .iter()
        .map(|i| IndicatorRow {
            id: i.id().to_string(),
            name_vi: i.indicator.name_vi.clone(),
            direction: i
                .indicator
                .direction
                .map(Direction::as_str)
                .unwrap_or("")
                .to_string(),
            unit: i.indicator.unit.clone(),
            group: i.parent.clone().unwrap_or_else(|| def.id.clone()),
            weight: i.weight.normalize().to_string(),
            anchors_required: needs.contains(&i.id()),
        })
        .collect();
    if format == ScoreFormat::Json {
        return output::json(
            target,
            &IndicatorList {
                index: def.id.clone(),
                name_vi: def.name_vi.clone(),
                indicators: rows,
            },
        );
    }
    let sheet = Sheet {
        title: format!("{} ({})", def.name_vi, def.id),
        header: [
            "Mã (cột dữ liệu)",
            "Tên chỉ tiêu",
            "Chiều",
            "Đơn vị",
            "Thuộc",
            "Trọng số",
            "Cần mốc min–max",
        ]
        .map(String::from)
        .to_vec(),
        rows: rows
            .into_iter()
            .map(|r| {
                let dir = match r.direction.as_str() {
                    "higher" => "càng cao càng tốt",
                    "lower" => "càng thấp càng tốt",
                    _ => "",
                };
                vec![
                    OutputCell::Text(r.id),
                    OutputCell::Text(r.name_vi),
                    OutputCell::Text(dir.to_string()),
                    OutputCell::Text(r.unit),
                    OutputCell::Text(r.group),
                    OutputCell::Text(r.weight),
                    OutputCell::Text(if r.anchors_required { "có" } else { "" }.to_string()),
                ]
            })
            .collect(),
    };
    match format {
        ScoreFormat::Table | ScoreFormat::Json => target.write(sheet.to_text().as_bytes()),
        ScoreFormat::Csv => target.write(&sheet.to_csv()?),
        ScoreFormat::Xlsx => target.write(&sheet.to_xlsx()?),
    }
}

#[derive(Serialize)]
struct IndicatorList {
    index: String,
    name_vi: String,
    indicators: Vec<IndicatorRow>,
}

#[derive(Serialize)]
struct IndicatorRow {
    id: String,
    name_vi: String,
    direction: String,
    unit: String,
    group: String,
    weight: String,
    anchors_required: bool,
}

fn opt(d: Option<Decimal>, dp: u32) -> OutputCell {
    OutputCell::Decimal(d.map(|d| round_half_up(d, dp)), dp)
}

/// The units in rank order (unranked last, then input order).
fn rank_order(set: &ScoreSet) -> Vec<usize> {
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
    order
}

/// The ranking: rank, unit, score, then the score of each child of the index (`every_node`:
/// of every group and indicator, for CSV and XLSX).
fn ranking(set: &ScoreSet, dp: u32, every_node: bool) -> Sheet {
    let index = &set.index;
    let Some(root) = index.nodes.first() else {
        return Sheet::default();
    };
    let columns: Vec<usize> = if every_node {
        (1..index.nodes.len()).collect()
    } else {
        root.children.clone()
    };
    let mut header = vec!["Hạng".to_string(), "Đơn vị".to_string(), "Điểm".to_string()];
    header.extend(
        columns
            .iter()
            .filter_map(|&c| index.nodes.get(c).map(|n| n.id.clone())),
    );
    let rows = rank_order(set)
        .iter()
        .filter_map(|&i| set.units.get(i))
        .map(|u| {
            let root_score = u.nodes.first();
            let mut row = vec![
                root_score
                    .and_then(|n| n.rank)
                    .map_or(OutputCell::Decimal(None, 0), |r| {
                        OutputCell::Int(u64::from(r))
                    }),
                OutputCell::Text(u.unit.clone()),
                opt(root_score.and_then(|n| n.value), dp),
            ];
            row.extend(
                columns
                    .iter()
                    .map(|&c| opt(u.nodes.get(c).and_then(|n| n.value), dp)),
            );
            row
        })
        .collect();
    Sheet {
        title: format!("{} ({})", root.name_vi, root.id),
        header,
        rows,
    }
}

/// The ranking table, a legend of the columns and each unit's explanation.
fn table_text(set: &ScoreSet, dp: u32) -> String {
    let index = &set.index;
    let Some(root) = index.nodes.first() else {
        return String::new();
    };
    let children: Vec<usize> = root.children.clone();
    let order = rank_order(set);
    let mut out = ranking(set, dp, false).to_text();
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
            .map(|s| minhbach_model::vi::fixed(s, dp))
            .unwrap_or_else(|| "–".into());
        let rank = why.rank.map_or("–".to_string(), |r| r.to_string());
        let rows = why
            .inputs
            .iter()
            .map(|inp| {
                vec![
                    OutputCell::Text(inp.id.clone()),
                    opt(inp.raw, dp.max(2)),
                    opt(inp.value, dp),
                    OutputCell::Text(inp.weight.normalize().to_string()),
                    opt(inp.contribution, dp),
                    OutputCell::Text(if inp.dropped {
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
    let text = crate::error_text::engine(&e);
    match e {
        EngineError::UnknownPreset { .. } => Failure::usage(text).fix(tr(
            "give a preset name from the list, or the path of a definition file",
            "ghi tên một bộ chỉ số trong danh sách, hoặc đường dẫn tệp định nghĩa",
        )),
        EngineError::Io {
            ref path,
            ref source,
        } => Failure::read(Path::new(path), FileRole::File, source),
        EngineError::DefinitionSyntax { .. } | EngineError::InvalidDefinition { .. } => {
            Failure::data(text).fix(tr(
                "correct the index definition (its format: docs/methodology.md)",
                "sửa tệp định nghĩa chỉ số (định dạng: docs/methodology.md)",
            ))
        }
        EngineError::MissingIndicatorColumns { ref indicators, .. } => {
            let list = indicators.join(", ");
            Failure::data(format!("{origin}: {text}")).fix(tr(
                format!("add a column named {list} to {origin} (`minhbach score PRESET --list-indicators` lists every column the index expects)"),
                format!("thêm vào {origin} cột {list} (`minhbach score BỘ_CHỈ_SỐ --list-indicators` liệt kê mọi cột chỉ số cần)"),
            ))
        }
        EngineError::UnitData { line: 1, .. } => Failure::data(text).fix(tr(
            "the first line must be `unit,<indicator id>,…` (`minhbach score PRESET --list-indicators` lists the ids)",
            "dòng đầu phải là `unit,<mã chỉ tiêu>,…` (`minhbach score BỘ_CHỈ_SỐ --list-indicators` liệt kê các mã)",
        )),
        EngineError::UnitData {
            ref source_name,
            line,
            column,
            ref column_name,
            ref value,
            reason: ref why,
        } if matches!(
            why,
            UnitDataReason::NumberTooLarge | UnitDataReason::TooManyDecimals
        ) => Failure::data(format!(
            "{source_name}: {} {line}, {} {column} ({column_name}): {value:?}: {}",
            tr("line", "dòng"),
            tr("column", "cột"),
            why.in_lang(Lang::current())
        ))
        .fix(tr(
            "correct that cell: a number below 7.9 × 10^28 with at most 28 decimal places, or empty for a missing value",
            "sửa ô đó: một số nhỏ hơn 7,9 × 10^28, không quá 28 chữ số thập phân, hoặc để trống nếu thiếu số liệu",
        )),
        EngineError::UnitData { .. } => Failure::data(text).fix(tr(
            "correct that cell: a decimal number with a point, or empty for a missing value",
            "sửa ô đó: một số thập phân dùng dấu chấm, hoặc để trống nếu thiếu số liệu",
        )),
        EngineError::NoUnits { .. } => Failure::data(format!("{origin}: {text}")).fix(tr(
            "the data file needs at least one valid unit row",
            "tệp số liệu cần ít nhất một dòng đơn vị hợp lệ",
        )),
        _ => Failure::data(format!("{origin}: {text}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The document `score --format json` writes is serde_json's pretty print of
    /// `ScoreJson`, byte for byte, with and without errors and ignored columns.
    #[test]
    fn json_document_is_serde_jsons_pretty_print() {
        let index = IndexDefinition::from_toml_str(
            r#"
            id = "d\"x"
            [[groups]]
            id = "nhóm"
            [[indicators]]
            id = "a"
            direction = "higher"
            parent = "nhóm"
            [[indicators]]
            id = "b\\c"
            direction = "lower"
            weight = 2
            "#,
            "d.toml",
        )
        .unwrap()
        .compile()
        .unwrap();
        let data = UnitTable::from_csv_reader(
            "unit,a,b\\c,extra\n\"Lý \"\"Sơn\"\"\",1,2,7\nB\t1,3,2,8\nC,3,1,9\n".as_bytes(),
            "d.csv",
        )
        .unwrap();
        let set = index.score(&data, &ScoreOptions::default()).unwrap();
        let error = RowError {
            line: 5,
            column: "a".into(),
            value: "1,5\u{1}".into(),
            message: "dấu \"phẩy\"".into(),
        };
        for (errors, ignored) in [
            (vec![], vec![]),
            (
                vec![error.clone(), error],
                vec!["extra".to_string(), "y\n".into()],
            ),
        ] {
            for dp in [0, 2, 5] {
                let view = set.json_view(dp);
                let doc = ScoreJson {
                    index: &set.index.definition.id,
                    decimals: dp,
                    units: view.units(),
                    rows_read: 7,
                    rows_rejected: errors.len() as u64,
                    errors: errors.clone(),
                    ignored_columns: &ignored,
                };
                let mut out = Vec::new();
                output::write_object(&mut out, |o| doc.write(o)).unwrap();
                assert_eq!(
                    String::from_utf8(out).unwrap(),
                    serde_json::to_string_pretty(&doc).unwrap()
                );
            }
        }
    }
}
