//! `minhbach aggregate`: the Biểu 06 table from one or more dossier files.

use std::path::PathBuf;

use chrono::{NaiveDate, NaiveDateTime};
use clap::{Args, ValueEnum};
use minhbach_engine::aggregate::{
    aggregate_file, Aggregation, Denominator, EndedAs, GroupKey, Lateness, Period, Policy, Query,
    Row, Table,
};
use serde::Serialize;

use crate::dossiers::{self, ErrorJson};
use crate::failure::{Failure, Outcome};
use crate::input;
use crate::output::{self, Target};
use crate::progress::Ui;
use crate::sheet::{Cell, Sheet};

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
  minhbach aggregate hoso.csv --from 2021-01-01 --to 2021-06-30 --by agency,field --format json
  minhbach aggregate hoso.csv --from 2021-01-01 --to 2021-06-30 --convention decision766
  minhbach aggregate hoso.csv --from 2021-01-01 --to 2021-06-30 --format xlsx -o bieu06.xlsx")]
pub struct AggregateArgs {
    /// Dossier files (CSV or XLSX).
    #[arg(value_name = "FILE", required = true)]
    files: Vec<PathBuf>,
    /// First day of the period.
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
    from: NaiveDate,
    /// Last day of the period (inclusive).
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
    to: NaiveDate,
    /// Cut-off date-time for pending dossiers (default: the end of --to, 23:59:59; a date
    /// alone means the end of that day).
    #[arg(long, value_name = "DATETIME", value_parser = parse_datetime_arg)]
    as_of: Option<NaiveDateTime>,
    /// Group rows by these keys, comma-separated.
    #[arg(long, value_name = "KEY[,KEY]", value_enum, value_delimiter = ',')]
    by: Vec<Key>,
    /// The counting convention (the options below override parts of it).
    #[arg(long, value_enum, default_value_t = Convention::Bieu06)]
    convention: Convention,
    /// Count withdrawn dossiers as resolved, or in their own column.
    #[arg(long, value_enum)]
    withdrawn: Option<Withdrawn>,
    /// Denominator of the on-time rate.
    #[arg(long, value_enum)]
    denominator: Option<DenominatorArg>,
    /// Lateness judged on date and time, or on the calendar date only.
    #[arg(long, value_enum)]
    lateness: Option<LatenessArg>,
    /// Decimals of the rates (rounded half-up; default 2).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=12))]
    decimals: Option<u32>,
    /// Procedure catalogue (CSV: code, name, working_days …) for dossiers without a due date.
    #[arg(long, value_name = "CATALOGUE")]
    procedures: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Output file (default: standard output; required for xlsx on a terminal).
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// How many rejected rows to list at most (all are counted).
    #[arg(long, value_name = "N", default_value_t = 1000)]
    max_errors: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Key {
    Agency,
    Procedure,
    Field,
    Level,
    Channel,
    Month,
}

impl Key {
    fn group_key(self) -> GroupKey {
        match self {
            Key::Agency => GroupKey::Agency,
            Key::Procedure => GroupKey::Procedure,
            Key::Field => GroupKey::Field,
            Key::Level => GroupKey::Level,
            Key::Channel => GroupKey::Channel,
            Key::Month => GroupKey::Month,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Convention {
    /// Biểu số 06/VPCP/KSTT as design §4 defines it.
    Bieu06,
    /// Decision 766/QĐ-TTg.
    Decision766,
    /// The OpenCPS one-stop platform.
    Opencps,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Withdrawn {
    Resolved,
    Separate,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum DenominatorArg {
    Resolved,
    Due,
    Handled,
    Decision766,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum LatenessArg {
    Datetime,
    Date,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
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
struct AggregateJson<'a> {
    period: PeriodJson,
    convention: String,
    groups: Vec<minhbach_engine::aggregate::RowView<'a>>,
    total: minhbach_engine::aggregate::RowView<'a>,
    rows_read: u64,
    rows_rejected: u64,
    outside_period: u64,
    errors: Vec<ErrorJson>,
}

/// Runs `minhbach aggregate`.
pub fn run(a: AggregateArgs, ui: &Ui) -> Result<Outcome, Failure> {
    if a.from > a.to {
        return Err(
            Failure::usage(format!("--from {} is after --to {}", a.from, a.to))
                .fix("swap the two dates"),
        );
    }
    if let Some(as_of) = a.as_of {
        if as_of.date() < a.from {
            return Err(Failure::usage(format!(
                "--as-of {as_of} is before --from {}: nothing could be received by then",
                a.from
            ))
            .fix("give a cut-off on or after --from (by default it is the end of --to)"));
        }
    }
    let target = Target::from_arg(a.output.as_deref());
    for f in &a.files {
        input::check_file(f, "dossier file")?;
    }
    let mut inputs = a.files.clone();
    inputs.extend(a.procedures.clone());
    target.check(&inputs, (a.format == Format::Xlsx).then_some("xlsx"))?;
    let query = build_query(&a)?;
    let agg = aggregate_files(&a.files, &query, ui)?;
    let several = a.files.len() > 1;
    let first_name = a
        .files
        .first()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    dossiers::list_rejected(&agg, ui, &first_name);
    let table = agg.table();
    let cutoff = query.cutoff();
    match a.format {
        Format::Json => {
            let json = AggregateJson {
                period: PeriodJson {
                    from: a.from.to_string(),
                    to: a.to.to_string(),
                    as_of: cutoff.format("%Y-%m-%dT%H:%M:%S").to_string(),
                },
                convention: table.policy.name.clone(),
                groups: grouped_rows(&table).map(Row::view).collect(),
                total: table.total.view(),
                rows_read: agg.report.rows_read,
                rows_rejected: agg.report.rows_rejected,
                outside_period: agg.outside_period,
                errors: agg
                    .report
                    .rejected
                    .iter()
                    .map(|r| ErrorJson::from_row(r, several))
                    .collect(),
            };
            output::json(&target, &json)?;
        }
        Format::Table => {
            let mut text = sheet(&table, &a, cutoff).to_text();
            text.push_str(&summary(&agg, &table));
            target.write(text.as_bytes())?;
        }
        Format::Csv => target.write(&sheet(&table, &a, cutoff).to_csv()?)?,
        Format::Xlsx => target.write(&sheet(&table, &a, cutoff).to_xlsx()?)?,
    }
    Ok(if agg.report.rows_rejected > 0 {
        Outcome::DataProblems
    } else {
        Outcome::Success
    })
}

fn build_query(a: &AggregateArgs) -> Result<Query, Failure> {
    let period = Period::days(a.from, a.to).map_err(dossiers::engine_failure)?;
    let mut policy = Policy::named(match a.convention {
        Convention::Bieu06 => "bieu06",
        Convention::Decision766 => "decision766",
        Convention::Opencps => "opencps",
    })
    .map_err(dossiers::engine_failure)?;
    if let Some(w) = a.withdrawn {
        policy.withdrawn = match w {
            Withdrawn::Resolved => EndedAs::Resolved,
            Withdrawn::Separate => EndedAs::Separate,
        };
    }
    if let Some(d) = a.denominator {
        policy.denominator = match d {
            DenominatorArg::Resolved => Denominator::Resolved,
            DenominatorArg::Due => Denominator::Due,
            DenominatorArg::Handled => Denominator::Handled,
            DenominatorArg::Decision766 => Denominator::Decision766,
        };
    }
    if let Some(l) = a.lateness {
        policy.lateness = match l {
            LatenessArg::Datetime => Lateness::DateTime,
            LatenessArg::Date => Lateness::Date,
        };
    }
    if let Some(dp) = a.decimals {
        policy.decimals = dp;
    }
    let mut query = Query::new(period)
        .group_by(a.by.iter().map(|k| k.group_key()))
        .with_policy(policy)
        .with_calendar(dossiers::calendar()?);
    query.max_rejected_listed = a.max_errors;
    if let Some(cutoff) = a.as_of {
        query = query.as_of(cutoff);
    }
    if let Some(path) = &a.procedures {
        query = query.with_catalogue(dossiers::catalogue(path)?);
    }
    query.validate().map_err(dossiers::engine_failure)?;
    Ok(query)
}

/// Aggregates every file and merges the results, with a progress bar over the files.
pub fn aggregate_files(files: &[PathBuf], query: &Query, ui: &Ui) -> Result<Aggregation, Failure> {
    let bar = ui.count(files.len() as u64, "aggregating");
    let mut total: Option<Aggregation> = None;
    for f in files {
        bar.set_message(f.display().to_string());
        let agg = aggregate_file(f, query).map_err(dossiers::engine_failure)?;
        match total.as_mut() {
            None => total = Some(agg),
            Some(t) => t.merge(&agg).map_err(dossiers::engine_failure)?,
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    total.ok_or_else(|| Failure::usage("no dossier file given"))
}

/// The group rows; none without grouping keys (the total holds the answer).
fn grouped_rows(table: &Table) -> impl Iterator<Item = &Row> {
    let grouped = !table.group_by.is_empty();
    table.rows.iter().filter(move |_| grouped)
}

fn key_caption(k: GroupKey) -> &'static str {
    match k {
        GroupKey::Agency => "Đơn vị",
        GroupKey::Procedure => "Thủ tục",
        GroupKey::Field => "Lĩnh vực",
        GroupKey::Level => "Cấp",
        GroupKey::Channel => "Kênh",
        GroupKey::Month => "Tháng",
        #[allow(unreachable_patterns)]
        _ => "Nhóm",
    }
}

fn dmy(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// The Biểu 06 table as a sheet: key columns, counts, rates, mean times; the total last.
fn sheet(table: &Table, a: &AggregateArgs, cutoff: NaiveDateTime) -> Sheet {
    let p = &table.policy;
    let dp = p.decimals;
    let total = &table.total.counts;
    let withdrawn = p.withdrawn == EndedAs::Separate;
    let rejected = p.rejected == EndedAs::Separate;
    let waiting = p.waiting_separate;
    let refused = p.exclude_refused_at_reception;
    let unknown = total.unknown_due > 0;
    let mut header: Vec<String> = if table.group_by.is_empty() {
        vec![String::new()]
    } else {
        table
            .group_by
            .iter()
            .map(|k| key_caption(*k).to_string())
            .collect()
    };
    header.extend(
        [
            "Tổng số",
            "Trực tuyến",
            "Trực tiếp, bưu chính",
            "Từ kỳ trước",
            "Đã giải quyết",
            "GQ trước hạn",
            "GQ đúng hạn",
            "GQ quá hạn",
            "Đang giải quyết",
            "Đang GQ trong hạn",
            "Đang GQ quá hạn",
        ]
        .map(String::from),
    );
    let optional: [(bool, &str); 5] = [
        (withdrawn, "Rút hồ sơ"),
        (rejected, "Từ chối, trả lại"),
        (waiting, "Chờ bổ sung"),
        (refused, "Từ chối khi tiếp nhận"),
        (unknown, "Không rõ hạn"),
    ];
    header.extend(optional.iter().filter(|o| o.0).map(|o| o.1.to_string()));
    header.extend(
        [
            "Tỷ lệ đúng hạn (%)",
            "Tỷ lệ trực tuyến (%)",
            "Thời gian TB (giờ)",
            "Thời gian TB (ngày làm việc)",
        ]
        .map(String::from),
    );
    let row_cells = |r: &Row, label: Option<&str>| {
        let c = &r.counts;
        let mut cells: Vec<Cell> = match label {
            Some(l) => {
                let mut v = vec![Cell::Text(l.to_string())];
                v.extend((1..table.group_by.len().max(1)).map(|_| Cell::Text(String::new())));
                v
            }
            None => r.key.iter().map(|(_, v)| Cell::Text(v.clone())).collect(),
        };
        cells.extend(
            [
                c.received() + c.carried_over,
                c.received_online,
                c.received_direct_postal,
                c.carried_over,
                c.resolved(),
                c.resolved_early,
                c.resolved_on_time,
                c.resolved_late,
                c.pending(),
                c.pending_within_due,
                c.pending_overdue,
            ]
            .map(Cell::Int),
        );
        let extra = [
            (withdrawn, c.withdrawn),
            (rejected, c.rejected),
            (waiting, c.waiting),
            (refused, c.refused_at_reception),
            (unknown, c.unknown_due),
        ];
        cells.extend(extra.iter().filter(|e| e.0).map(|e| Cell::Int(e.1)));
        cells.push(Cell::Decimal(r.on_time_rate(), dp));
        cells.push(Cell::Decimal(r.online_rate(), dp));
        cells.push(Cell::Decimal(r.mean_processing_hours(), dp.max(2)));
        cells.push(Cell::Decimal(r.mean_processing_working_days(), dp.max(2)));
        cells
    };
    let mut rows: Vec<Vec<Cell>> = grouped_rows(table).map(|r| row_cells(r, None)).collect();
    rows.push(row_cells(&table.total, Some("Tổng cộng")));
    Sheet {
        title: format!(
            "Biểu 06 - Tình hình, kết quả giải quyết TTHC từ {} đến {} (số liệu đến {})",
            dmy(a.from),
            dmy(a.to),
            cutoff.format("%H:%M %d/%m/%Y")
        ),
        header,
        rows,
    }
}

/// Lines after the text table: rows read, rejected, outside the period; the convention.
fn summary(agg: &Aggregation, table: &Table) -> String {
    let r = &agg.report;
    let mut s = format!(
        "\nĐã đọc {} dòng: {} dòng hợp lệ ({} ngoài kỳ báo cáo), {} dòng bị loại.\n",
        r.rows_read, r.rows_counted, agg.outside_period, r.rows_rejected
    );
    let (n, d) = table.total.on_time_fraction();
    s.push_str(&format!(
        "Quy ước {}: tỷ lệ đúng hạn = {n}/{d}.\n",
        table.policy.name
    ));
    s
}

fn parse_date_arg(s: &str) -> Result<NaiveDate, String> {
    minhbach_model::parse_date(s)
        .map_err(|e| format!("{e}\n  fix: write the date as YYYY-MM-DD, e.g. 2021-06-30"))
}

fn parse_datetime_arg(s: &str) -> Result<NaiveDateTime, String> {
    minhbach_model::parse_datetime_with(s, minhbach_model::DateOnly::EndOfDay).map_err(|e| {
        format!("{e}\n  fix: write it as YYYY-MM-DD HH:MM (e.g. '2021-06-30 17:00') or YYYY-MM-DD")
    })
}
