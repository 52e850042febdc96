//! `minhbach aggregate`: the Biểu 06 table from one or more dossier files.

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use chrono::{NaiveDate, NaiveDateTime};
use clap::{Args, ValueEnum};

use crate::args::named;
use indicatif::ProgressBar;
use minhbach_engine::aggregate::partial::Partial;
use minhbach_engine::aggregate::{
    Aggregation, Column, Denominator, EndedAs, GroupKey, Lateness, Measure, MeasureOptions,
    OnlineDenominator, Policy, PolicySpec, Query, ReadProgress, Reader, Rounding, Row, Window,
};
use minhbach_model::OnlineServiceLevel;
use serde::Serialize;

use crate::dossiers::{self, ErrorJson};
use crate::explain;
use crate::failure::{tr, Failure, FileRole, RunOutcome};
use crate::input;
use crate::output::{self, Destination};
use crate::progress::Ui;
use crate::sheet::{count_text, OutputCell, Sheet};

/// `minhbach aggregate …`
#[derive(Debug, Args)]
#[command(after_help = "\
Dossier files are CSV (UTF-8) or Excel (.xlsx) exports of the one-stop software, with a
header row; Vietnamese and national-portal column names are recognised (docs/data-formats.md).
Several files are added up. Rows that cannot be read are listed on stderr with file, line,
column and value and left out of the table; the exit code is then 1.

Examples:
  minhbach aggregate hoso-2021.csv --from 2021-01-01 --to 2021-06-30
  minhbach aggregate q1.xlsx q2.xlsx --from 2021-01-01 --to 2021-06-30 --by agency
  minhbach aggregate bao-cao.xlsx --sheet \"Hồ sơ\" --from 2021-01-01 --to 2021-06-30
  minhbach aggregate hoso.csv --from 2021-01-01 --to 2021-06-30 --by agency,field --format json
  minhbach aggregate hoso.csv --from 2021-01-01 --to 2021-06-30 --convention decision766
  minhbach aggregate hoso.csv --from 2021-01-01 --to 2021-06-30 --format xlsx -o bieu06.xlsx")]
pub struct AggregateArgs {
    /// Dossier files (CSV or XLSX).
    #[arg(value_name = "FILE", required = true)]
    files: Vec<PathBuf>,
    /// First day of the period.
    #[arg(long, value_name = "DATE", value_parser = crate::args::parse_date_arg)]
    from: NaiveDate,
    /// Last day of the period (inclusive).
    #[arg(long, value_name = "DATE", value_parser = crate::args::parse_date_arg)]
    to: NaiveDate,
    /// Cut-off date-time for pending dossiers (default: the end of --to, 23:59:59; a date
    /// alone means the end of that day).
    #[arg(long, value_name = "DATETIME", value_parser = parse_datetime_arg)]
    as_of: Option<NaiveDateTime>,
    /// Group rows by these keys, comma-separated.
    #[arg(
        long,
        value_name = "KEY[,KEY]",
        value_delimiter = ',',
        value_parser = named(GroupKey::DOSSIER, GroupKey::as_str, |_| None::<&str>)
    )]
    by: Vec<GroupKey>,
    /// The counting convention (the options below override parts of it).
    #[arg(long, default_value = "bieu06", value_parser = named(&Policy::PRESETS, |p| p, preset_help))]
    convention: &'static str,
    /// Count withdrawn dossiers (rút hồ sơ) as resolved, or in their own column.
    #[arg(long, value_parser = named(&EndedAs::ALL, EndedAs::as_str, ended_as_help))]
    withdrawn: Option<EndedAs>,
    /// Count rejected / returned dossiers (trả lại, từ chối) as resolved, or in their own
    /// column.
    #[arg(long, value_parser = named(&EndedAs::ALL, EndedAs::as_str, ended_as_help))]
    rejected: Option<EndedAs>,
    /// Lateness judged on date and time, or on the calendar date only.
    #[arg(long, value_parser = named(&Lateness::ALL, Lateness::as_str, |_| None::<&str>))]
    lateness: Option<Lateness>,
    #[command(flatten)]
    measures: MeasureArgs,
    /// Print, in Vietnamese and English, the convention in force and every measure's
    /// definition with its value for the total, instead of the table.
    #[arg(long)]
    explain: bool,
    /// Compare two conventions (A,B: bieu06, decision766, opencps): for each option in which
    /// they differ, the dossiers it moves and the rates it changes. Implies --explain.
    #[arg(
        long,
        value_name = "A,B",
        value_delimiter = ',',
        num_args = 1,
        value_parser = named(&Policy::PRESETS, |p| p, preset_help)
    )]
    compare: Vec<&'static str>,
    /// Procedure catalogue (CSV: code, name, working_days, online_level …) for dossiers
    /// without a due date and for `--by online_level`.
    #[arg(long, value_name = "CATALOGUE")]
    procedures: Option<PathBuf>,
    /// Output format (default: the -o file's extension, .csv, .json or .xlsx; else table).
    #[arg(long, value_enum)]
    format: Option<TableFormat>,
    /// Output file (default: standard output; required for xlsx on a terminal).
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// How many rejected rows to list at most (all are counted).
    #[arg(long, value_name = "N", default_value_t = 1000)]
    max_errors: usize,
    /// The sheet of Excel workbooks to read, by name or number (1 = the first); default: the
    /// first sheet whose header row is found.
    #[arg(long, value_name = "NAME|NUMBER")]
    sheet: Option<String>,
    /// The reporting unit these files belong to (e.g. "huyện Lý Sơn"), recorded in the
    /// partial file.
    #[arg(long, value_name = "NAME", requires = "save_partial")]
    unit: Option<String>,
    /// Also save the partial file for `minhbach merge` (JSON, with the unit, the counts and
    /// a digest of each dossier id); the table is printed as usual, except with `-q` and no
    /// `-o`.
    #[arg(long, value_name = "PARTIAL", requires = "unit")]
    save_partial: Option<PathBuf>,
}

/// The options of the rates (the measures catalogue), shared by `aggregate` and `merge`.
#[derive(Debug, Args)]
pub struct MeasureArgs {
    /// Denominator of the on-time, early, on-the-day, late and set-aside rates.
    #[arg(long, value_parser = named(&Denominator::ALL, Denominator::as_str, denominator_help))]
    denominator: Option<Denominator>,
    /// Denominator of the online share.
    #[arg(long, value_parser = named(&OnlineDenominator::ALL, OnlineDenominator::as_str, online_denominator_help))]
    online_denominator: Option<OnlineDenominator>,
    /// Rounding of the rates (default half-up).
    #[arg(long, value_parser = named(&Rounding::ALL, Rounding::as_str, rounding_help))]
    rounding: Option<Rounding>,
    /// Decimals of the rates, 0 to 4 (default 2; mean times keep at least 2).
    #[arg(long, value_name = "N", value_parser = crate::args::whole_in::<i64, u32>(0, 4))]
    decimals: Option<u32>,
}

impl MeasureArgs {
    /// Overrides the options given on the command line (`merge`).
    pub fn apply(&self, m: &mut MeasureOptions) {
        m.denominator = self.denominator.unwrap_or(m.denominator);
        m.online_denominator = self.online_denominator.unwrap_or(m.online_denominator);
        m.rounding = self.rounding.unwrap_or(m.rounding);
        m.decimals = self.decimals.unwrap_or(m.decimals);
    }
}

/// The English description of each preset in `--help`.
fn preset_help(preset: &'static str) -> Option<&'static str> {
    match preset {
        "bieu06" => Some("Biểu số 06/VPCP/KSTT of the Government Office (the default)"),
        "decision766" => Some("Decision 766/QĐ-TTg"),
        "opencps" => Some("The OpenCPS one-stop platform"),
        _ => None,
    }
}

/// The English description of `--withdrawn` and `--rejected` values in `--help`.
fn ended_as_help(e: EndedAs) -> Option<&'static str> {
    Some(match e {
        EndedAs::Resolved => "Inside \"đã giải quyết\", judged early / on time / late",
        EndedAs::Separate => "In its own column, outside resolved and pending",
    })
}

/// The English description of `--denominator` values in `--help`.
fn denominator_help(d: Denominator) -> Option<&'static str> {
    Some(match d {
        Denominator::Resolved => "Early + on time + late",
        Denominator::Processed => {
            "Resolved + the separate rejected and withdrawn columns (\"đã xử lý\")"
        }
        Denominator::Due => "Resolved + pending overdue + rejected + withdrawn (\"đến hạn\")",
        Denominator::Handled => "Received + carried over (\"cần xử lý\")",
        Denominator::Decision766 => "Decision 766 indicator 2.1",
    })
}

/// The English description of `--online-denominator` values in `--help`.
fn online_denominator_help(d: OnlineDenominator) -> Option<&'static str> {
    Some(match d {
        OnlineDenominator::Received => "Received in the period",
        OnlineDenominator::ReceivedAndCarried => "Received in the period + carried over",
    })
}

/// The English description of `--rounding` values in `--help`.
fn rounding_help(r: Rounding) -> Option<&'static str> {
    Some(match r {
        Rounding::HalfUp => "Half away from zero",
        Rounding::Floor => "Truncation",
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// An aligned table with the captions of Biểu 06.
    Table,
    /// JSON (stable contract, docs/cli.md).
    Json,
    /// CSV with the captions of Biểu 06 (UTF-8 with BOM, for Excel).
    Csv,
    /// An Excel workbook.
    Xlsx,
}

#[derive(Serialize)]
struct PeriodJson {
    from: String,
    to: String,
    as_of: String,
}

#[derive(Serialize)]
struct AggregateJson<'a, E: Serialize> {
    period: PeriodJson,
    convention: String,
    measures: MeasureOptions,
    groups: GroupsJson<'a>,
    total: minhbach_engine::aggregate::RowView<'a>,
    rows_read: u64,
    rows_rejected: u64,
    outside_period: u64,
    errors: Vec<ErrorJson>,
    /// Fields of other commands (`merge`), after the common ones.
    #[serde(flatten)]
    extra: E,
}

/// The group rows of the JSON output, serialised one at a time from the aggregation (none
/// without grouping keys: the total holds the answer).
struct GroupsJson<'a>(&'a Aggregation);

impl Serialize for GroupsJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct One(Row);
        impl Serialize for One {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                self.0.view().serialize(s)
            }
        }
        s.collect_seq(grouped_rows(self.0).map(One))
    }
}

/// Runs `minhbach aggregate`.
pub fn run(a: AggregateArgs, ui: &Ui) -> Result<RunOutcome, Failure> {
    let format = output::chosen_format(a.format, a.output.as_deref(), TableFormat::Table)?;
    if a.from > a.to {
        return Err(crate::args::dates_swapped(a.from, a.to));
    }
    if let Some(as_of) = a.as_of {
        if as_of.date() < a.from {
            let from = a.from;
            return Err(Failure::usage(tr(
                format!(
                    "--as-of {as_of} is before --from {from}: nothing could be received by then"
                ),
                format!(
                    "--as-of {as_of} trước --from {from}: đến lúc đó chưa thể tiếp nhận hồ sơ nào"
                ),
            ))
            .fix(tr(
                "give a cut-off on or after --from (by default it is the end of --to)",
                "ghi thời điểm chốt số liệu từ --from trở về sau (mặc định là cuối ngày --to)",
            )));
        }
    }
    let target = Destination::from_arg(a.output.as_deref());
    for f in &a.files {
        input::check_file(f, FileRole::Dossiers)?;
    }
    let mut inputs = a.files.clone();
    inputs.extend(a.procedures.clone());
    target.check(&inputs, (format == TableFormat::Xlsx).then_some("xlsx"))?;
    if let Some(p) = &a.save_partial {
        Destination::from_arg(Some(p)).check(&inputs, None)?;
        if Destination::from_arg(Some(p)) == target {
            let p = p.display();
            return Err(Failure::usage(tr(
                format!("--save-partial and -o both name {p}"),
                format!("--save-partial và -o cùng chỉ tệp {p}"),
            ))
            .fix(tr(
                "give the partial file its own name",
                "đặt cho tệp số liệu riêng một tên khác",
            )));
        }
    }
    let query = build_query(&a)?;
    let reader = Reader {
        max_rejected_listed: a.max_errors,
        sheet: a.sheet.clone(),
        ..Reader::default()
    };
    if a.explain || !a.compare.is_empty() {
        return explain_run(&a, format, &reader, &query, &target, ui);
    }
    let agg = aggregate_listing_rejected(&a, &reader, &query, ui)?;
    let several = a.files.len() > 1;
    if let (Some(unit), Some(path)) = (&a.unit, &a.save_partial) {
        let files: Vec<&std::path::Path> = a.files.iter().map(PathBuf::as_path).collect();
        let partial = Partial::with_digests(unit, &files, agg.clone(), &reader, &query)
            .map_err(dossiers::engine_failure)?;
        Destination::from_arg(Some(path)).write_with(|w| partial.write_to(w))?;
        if ui.is_quiet() && target == Destination::Stdout {
            // `-q` with `--save-partial`: the partial file is the output; no table printed.
            return Ok(outcome(&agg));
        }
    }
    let cutoff = query.cutoff();
    let out = Rendering {
        target: &target,
        format,
        from: a.from,
        to: a.to,
        cutoff,
        several,
    };
    out.write(&agg, serde_json::Map::new())?;
    Ok(outcome(&agg))
}

fn policy_spec(a: &AggregateArgs) -> PolicySpec {
    PolicySpec {
        preset: Some(a.convention.to_string()),
        withdrawn: a.withdrawn,
        rejected: a.rejected,
        lateness: a.lateness,
        denominator: a.measures.denominator,
        online_denominator: a.measures.online_denominator,
        rounding: a.measures.rounding,
        decimals: a.measures.decimals,
    }
}

/// Where and how a table is written: shared by `aggregate` and `merge`, so both print the
/// same table, CSV, XLSX and JSON contract.
pub struct Rendering<'a> {
    /// The destination.
    pub target: &'a Destination,
    /// The format.
    pub format: TableFormat,
    /// First day of the period.
    pub from: NaiveDate,
    /// Last day of the period.
    pub to: NaiveDate,
    /// The cut-off.
    pub cutoff: NaiveDateTime,
    /// Whether errors name their file.
    pub several: bool,
}

impl Rendering<'_> {
    /// Writes the table of `agg` (its rates follow `agg.policy()`); `extra` are JSON fields
    /// after the common ones. The rows are streamed from the aggregation to the destination
    /// (CSV, text and JSON), so a table of a million groups is never held as rows or cells;
    /// an XLSX workbook is built in memory (at most 1,048,576 rows).
    pub fn write<E: Serialize>(&self, agg: &Aggregation, extra: E) -> Result<(), Failure> {
        let (from, to, cutoff) = (self.from, self.to, self.cutoff);
        let layout = Bieu06Layout::new(agg, from, to, cutoff);
        match self.format {
            TableFormat::Json => {
                let policy = agg.policy();
                let json = AggregateJson {
                    period: PeriodJson {
                        from: from.to_string(),
                        to: to.to_string(),
                        as_of: cutoff.format("%Y-%m-%dT%H:%M:%S").to_string(),
                    },
                    convention: policy.name.clone(),
                    measures: policy.measures,
                    groups: GroupsJson(agg),
                    total: layout.total.view(),
                    rows_read: agg.report.rows_read,
                    rows_rejected: agg.report.rows_rejected,
                    outside_period: agg.outside_period,
                    errors: agg
                        .report
                        .rejected
                        .iter()
                        .map(|r| ErrorJson::from_row(r, self.several))
                        .collect(),
                    extra,
                };
                output::json(self.target, &json)
            }
            TableFormat::Table => self.target.write_with(|w| {
                let mut w = std::io::BufWriter::new(w);
                layout.write_text(&mut w)?;
                w.write_all(summary(agg, &layout.total).as_bytes())?;
                w.flush()
            }),
            TableFormat::Csv => self.target.write_with(|w| {
                let mut w = std::io::BufWriter::new(w);
                let header = layout.sheet_header();
                crate::sheet::write_csv(&mut w, &header, layout.sheet_rows())?;
                w.flush()
            }),
            TableFormat::Xlsx => self.target.write(&layout.sheet().to_xlsx()?),
        }
    }
}

/// With `--by month`, says on stderr that the rows of months before the period hold the
/// dossiers carried over from them (received then, still pending at the period's start), so
/// that an officer does not read them as a mistake.
fn note_months_before_period(agg: &Aggregation, from: NaiveDate, ui: &Ui) {
    let Some(at) = agg.group_by().iter().position(|k| *k == GroupKey::Month) else {
        return;
    };
    let first = from.format("%Y-%m").to_string();
    let (mut months, mut dossiers) = (0u64, 0u64);
    for (key, counts) in &agg.groups {
        if key.get(at).is_some_and(|m| !m.is_empty() && *m < first) {
            months += 1;
            dossiers += counts.handled();
        }
    }
    if months > 0 {
        ui.note(&tr(
            format!(
                "{months} month row(s) before the period ({first}) hold only dossiers carried over \
                 from those months ({dossiers} dossiers, column carried_over): the month is the \
                 month of receipt"
            ),
            format!(
                "{} dòng tháng trước kỳ báo cáo ({first}) chỉ gồm hồ sơ từ kỳ trước chuyển qua \
                 ({} hồ sơ, cột “Từ kỳ trước”): tháng là tháng tiếp nhận hồ sơ",
                minhbach_model::vi::int(months),
                minhbach_model::vi::int(dossiers)
            ),
        ));
    }
}

fn build_query(a: &AggregateArgs) -> Result<Query, Failure> {
    let period = Window::days(a.from, a.to).map_err(dossiers::engine_failure)?;
    let policy = policy_spec(a)
        .to_policy()
        .map_err(dossiers::engine_failure)?;
    let query = Query::new(period)
        .group_by(a.by.iter().copied())
        .with_policy(policy);
    let mut query = dossiers::with_procedures(query, a.procedures.as_deref())?;
    if let Some(cutoff) = a.as_of {
        query = query.as_of(cutoff);
    }
    query.validate().map_err(dossiers::engine_failure)?;
    Ok(query)
}

/// Aggregates the files of the command line and lists the rejected rows on stderr.
fn aggregate_listing_rejected(
    a: &AggregateArgs,
    reader: &Reader,
    query: &Query,
    ui: &Ui,
) -> Result<Aggregation, Failure> {
    let agg = aggregate_files(&a.files, reader, query, ui)?;
    note_months_before_period(&agg, a.from, ui);
    let first_name = a
        .files
        .first()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    dossiers::describe_sheets(&agg, ui);
    dossiers::note_online_levels(&agg, ui);
    dossiers::list_rejected(&agg, ui, &first_name);
    Ok(agg)
}

/// Exit 1 when rows were rejected, 0 otherwise.
fn outcome(agg: &Aggregation) -> RunOutcome {
    if agg.report.rows_rejected > 0 {
        RunOutcome::DataProblems
    } else {
        RunOutcome::Success
    }
}

/// Aggregates every file and merges the results, with a progress bar over the bytes of the
/// files (the engine's [`ReadProgress`], polled by a thread while the files are read; no
/// thread when the bar is hidden).
fn aggregate_files(
    files: &[PathBuf],
    reader: &Reader,
    query: &Query,
    ui: &Ui,
) -> Result<Aggregation, Failure> {
    let size: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
        .sum();
    let bar = ui.bytes(size, "");
    if bar.is_hidden() {
        return aggregate_each(files, reader, query, &bar, &AtomicU64::new(0));
    }
    let progress = ReadProgress::new();
    let reader = reader.clone().with_progress(progress.clone());
    // The bytes of the files already read whole: a file whose reader counts less than its
    // size (a spreadsheet's unread parts) still ends at its size.
    let finished = AtomicU64::new(0);
    let done = AtomicBool::new(false);
    let result = std::thread::scope(|s| {
        s.spawn(|| {
            while !done.load(Ordering::Relaxed) {
                bar.set_position(
                    progress
                        .bytes()
                        .max(finished.load(Ordering::Relaxed))
                        .min(size),
                );
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
        });
        let result = aggregate_each(files, &reader, query, &bar, &finished);
        done.store(true, Ordering::Relaxed);
        result
    });
    bar.finish_and_clear();
    result
}

/// Aggregates the files one after the other into one aggregation, naming the file read on
/// `bar` and adding the size of each file read to `finished`.
fn aggregate_each(
    files: &[PathBuf],
    reader: &Reader,
    query: &Query,
    bar: &ProgressBar,
    finished: &AtomicU64,
) -> Result<Aggregation, Failure> {
    let mut total: Option<Aggregation> = None;
    for f in files {
        bar.set_message(format!("{} {}", tr("reading", "đang đọc"), f.display()));
        let agg = reader
            .aggregate_file(f, query)
            .map_err(dossiers::engine_failure)?;
        match total.as_mut() {
            None => total = Some(agg),
            Some(t) => t.merge(&agg).map_err(dossiers::engine_failure)?,
        }
        finished.fetch_add(
            std::fs::metadata(f).map_or(0, |m| m.len()),
            Ordering::Relaxed,
        );
    }
    total.ok_or_else(|| Failure::usage(tr("no dossier file given", "chưa chỉ ra tệp hồ sơ nào")))
}

/// The group rows; none without grouping keys (the total holds the answer).
fn grouped_rows(agg: &Aggregation) -> impl Iterator<Item = Row> + '_ {
    let grouped = !agg.group_by().is_empty();
    agg.rows().filter(move |_| grouped)
}

fn key_caption(k: GroupKey) -> &'static str {
    match k {
        GroupKey::Agency => "Đơn vị",
        GroupKey::Procedure => "Thủ tục",
        GroupKey::Field => "Lĩnh vực",
        GroupKey::Level => "Cấp",
        GroupKey::OnlineLevel => "Mức độ DVC",
        GroupKey::Channel => "Kênh",
        GroupKey::Month => "Tháng",
        GroupKey::Unit => "Đơn vị báo cáo",
        #[allow(unreachable_patterns)]
        _ => "Nhóm",
    }
}

fn dmy(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// The Biểu 06 sheet of CSV and XLSX: the counts, then every measure, in one table.
pub fn sheet(agg: &Aggregation, from: NaiveDate, to: NaiveDate, cutoff: NaiveDateTime) -> Sheet {
    let layout = Bieu06Layout::new(agg, from, to, cutoff);
    layout.sheet()
}

/// The text table (shared with `merge`): the counts block, then the rates block under its own title.
pub fn text_table(
    agg: &Aggregation,
    from: NaiveDate,
    to: NaiveDate,
    cutoff: NaiveDateTime,
) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = Bieu06Layout::new(agg, from, to, cutoff).write_text(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// The Biểu 06 layout of an aggregation: key columns, the counts block (Biểu 06 columns and
/// separate buckets) and the rates block (every measure), with the same key columns and
/// rows. Rows are made from the aggregation when they are written, one at a time.
struct Bieu06Layout<'a> {
    agg: &'a Aggregation,
    total: Row,
    keys: Vec<String>,
    columns: Vec<Column>,
    count_title: String,
    rate_title: String,
}

impl<'a> Bieu06Layout<'a> {
    fn new(agg: &'a Aggregation, from: NaiveDate, to: NaiveDate, cutoff: NaiveDateTime) -> Self {
        let p = agg.policy();
        let total = agg.total_row();
        let keys: Vec<String> = if agg.group_by().is_empty() {
            vec![String::new()]
        } else {
            agg.group_by()
                .iter()
                .map(|k| key_caption(*k).to_string())
                .collect()
        };
        let mut columns: Vec<Column> = Column::BIEU06.to_vec();
        columns.extend(Column::SEPARATE.into_iter().filter(|c| {
            if *c == Column::UnknownDue {
                total.counts.unknown_due > 0
            } else {
                c.exists_under(p)
            }
        }));
        let count_title = format!(
            "Biểu 06 - Tình hình, kết quả giải quyết TTHC từ {} đến {} (số liệu đến {})",
            dmy(from),
            dmy(to),
            cutoff.format("%H:%M %d/%m/%Y")
        );
        let rate_title = format!(
            "Tỷ lệ và thời gian giải quyết (quy ước {}, mẫu số {}, tỷ lệ trực tuyến trên {}, làm tròn {}, {} chữ số thập phân)",
            p.name,
            p.measures.denominator.as_str(),
            p.measures.online_denominator.as_str(),
            p.measures.rounding.as_str(),
            p.measures.decimals
        );
        Bieu06Layout {
            agg,
            total,
            keys,
            columns,
            count_title,
            rate_title,
        }
    }

    /// The number of key columns (one blank column for an ungrouped table).
    fn key_width(&self) -> usize {
        self.keys.len()
    }

    /// The group rows, then the total row labelled "Tổng cộng".
    fn labelled(&self) -> impl Iterator<Item = (Row, Option<&'static str>)> + '_ {
        grouped_rows(self.agg)
            .map(|r| (r, None))
            .chain(std::iter::once((self.total.clone(), Some("Tổng cộng"))))
    }

    /// The key cells of a row as data (CSV, XLSX): the values as found.
    fn key_cells(&self, r: &Row, label: Option<&str>) -> Vec<OutputCell> {
        match label {
            Some(l) => {
                let mut v = vec![OutputCell::Text(l.to_string())];
                v.extend((1..self.key_width()).map(|_| OutputCell::Text(String::new())));
                v
            }
            None => r
                .key
                .iter()
                .map(|(_, v)| OutputCell::Text(v.clone()))
                .collect(),
        }
    }

    /// The key cells of a row as the text table shows them: the group of dossiers without an
    /// online service level is named "(không rõ mức độ)" instead of a blank.
    fn text_key_cells(&self, r: &Row, label: Option<&str>) -> Vec<OutputCell> {
        let mut cells = self.key_cells(r, label);
        if label.is_none() {
            for ((k, v), cell) in r.key.iter().zip(cells.iter_mut()) {
                if *k == GroupKey::OnlineLevel && v.is_empty() {
                    *cell =
                        OutputCell::Text(format!("({})", OnlineServiceLevel::UNKNOWN_VIETNAMESE));
                }
            }
        }
        cells
    }

    fn count_header(&self) -> Vec<String> {
        let mut h = self.keys.clone();
        h.extend(self.columns.iter().map(|c| c.label().to_string()));
        h
    }

    fn rate_header(&self) -> Vec<String> {
        let mut h = self.keys.clone();
        h.extend(Measure::all().map(|m| format!("{} ({})", m.caption, m.unit.caption())));
        h
    }

    fn count_cells(&self, r: &Row) -> impl Iterator<Item = OutputCell> + '_ {
        let counts = r.counts;
        self.columns
            .iter()
            .map(move |c| OutputCell::Int(counts.get(*c)))
    }

    fn rate_cells(&self, r: &Row) -> impl Iterator<Item = OutputCell> + '_ {
        let counts = r.counts;
        let options = self.agg.policy().measures;
        Measure::all()
            .map(move |m| OutputCell::Decimal(m.compute(&counts, &options), m.decimals(&options)))
    }

    fn count_rows(&self) -> impl Iterator<Item = Vec<OutputCell>> + '_ {
        self.labelled().map(|(r, l)| {
            let mut cells = self.text_key_cells(&r, l);
            cells.extend(self.count_cells(&r));
            cells
        })
    }

    fn rate_rows(&self) -> impl Iterator<Item = Vec<OutputCell>> + '_ {
        self.labelled().map(|(r, l)| {
            let mut cells = self.text_key_cells(&r, l);
            cells.extend(self.rate_cells(&r));
            cells
        })
    }

    /// The header of the one-table sheet (CSV, XLSX): keys, counts, measures.
    fn sheet_header(&self) -> Vec<String> {
        let mut h = self.count_header();
        h.extend(self.rate_header().into_iter().skip(self.key_width()));
        h
    }

    /// The rows of the one-table sheet, made one at a time.
    fn sheet_rows(&self) -> impl Iterator<Item = Vec<OutputCell>> + '_ {
        self.labelled().map(|(r, l)| {
            let mut cells = self.key_cells(&r, l);
            cells.extend(self.count_cells(&r));
            cells.extend(self.rate_cells(&r));
            cells
        })
    }

    /// The one-table sheet in memory (XLSX, and `merge`'s ranked sheet).
    fn sheet(&self) -> Sheet {
        Sheet {
            title: self.count_title.clone(),
            header: self.sheet_header(),
            rows: self.sheet_rows().collect(),
        }
    }

    /// The text table: the counts block, a blank line, the rates block (each block measured
    /// in a first pass over the rows, then written in a second).
    fn write_text(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        use crate::sheet::{write_text, TextColumns};
        let header = self.count_header();
        let columns = TextColumns::measure(&header, self.count_rows());
        write_text(out, &self.count_title, &header, &columns, self.count_rows())?;
        out.write_all(b"\n")?;
        let header = self.rate_header();
        let columns = TextColumns::measure(&header, self.rate_rows());
        write_text(out, &self.rate_title, &header, &columns, self.rate_rows())
    }
}

/// Lines after the text table: rows read, rejected, outside the period; the convention
/// (`total` is the aggregation's total row).
pub fn summary(agg: &Aggregation, total: &Row) -> String {
    let r = &agg.report;
    let mut s = format!(
        "\nĐã đọc {} dòng: {} dòng hợp lệ ({} ngoài kỳ báo cáo), {} dòng bị loại.\n",
        count_text(r.rows_read),
        count_text(r.rows_counted),
        count_text(agg.outside_period),
        count_text(r.rows_rejected)
    );
    let (n, d) = total.on_time_fraction();
    s.push_str(&format!(
        "Quy ước {}: tỷ lệ đúng hạn = {}/{}.\n",
        agg.policy().name,
        count_text(n),
        count_text(d)
    ));
    s
}

fn parse_datetime_arg(s: &str) -> Result<NaiveDateTime, String> {
    minhbach_model::parse_datetime_with(s, minhbach_model::DateOnly::EndOfDay).map_err(|e| {
        format!(
            "{}\n  {}",
            crate::error_text::model(&e),
            crate::failure::tr(
                "fix: write it as YYYY-MM-DD HH:MM (e.g. '2021-06-30 17:00') or YYYY-MM-DD",
                "cách sửa: ghi dạng YYYY-MM-DD HH:MM (ví dụ '2021-06-30 17:00') hoặc YYYY-MM-DD"
            )
        )
    })
}

/// `--explain` / `--compare A,B`: the explanation instead of the table, in `format` (as
/// [`run`] resolved it from `--format` and the `-o` extension).
fn explain_run(
    a: &AggregateArgs,
    format: TableFormat,
    reader: &Reader,
    query: &Query,
    target: &Destination,
    ui: &Ui,
) -> Result<RunOutcome, Failure> {
    if matches!(format, TableFormat::Csv | TableFormat::Xlsx) {
        return Err(Failure::usage(tr(
            "--explain and --compare write text or JSON, not csv or xlsx",
            "--explain và --compare chỉ ghi dạng văn bản hoặc JSON, không ghi csv hay xlsx",
        ))
        .fix(tr(
            "use --format table or --format json",
            "dùng --format table hoặc --format json",
        )));
    }
    let compare = match a.compare.as_slice() {
        [] => None,
        [x, y] => Some((*x, *y)),
        _ => {
            let n = a.compare.len();
            return Err(Failure::usage(tr(
                format!("--compare takes two conventions, got {n}"),
                format!("--compare cần đúng hai quy ước, đã ghi {n}"),
            ))
            .fix(tr(
                "write --compare bieu06,opencps",
                "ghi dạng --compare bieu06,opencps",
            )));
        }
    };
    let agg = aggregate_listing_rejected(a, reader, query, ui)?;
    let comparison = match compare {
        Some((x, y)) => {
            let rerun = |policy: &minhbach_engine::aggregate::Policy| {
                let q = query.clone().with_policy(policy.clone());
                aggregate_files(&a.files, reader, &q, ui).map(|g| g.total())
            };
            Some(explain::compare(x, y, rerun)?)
        }
        None => None,
    };
    let explanation = explain::ConventionExplanation::new(agg.policy(), &agg.total(), comparison);
    match format {
        TableFormat::Json => output::json(target, &explanation)?,
        _ => target.write(explanation.to_text().as_bytes())?,
    }
    Ok(outcome(&agg))
}
