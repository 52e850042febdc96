//! The command line: global options and the list of subcommands. Each subcommand's own
//! arguments live in its module.

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Parser, Subcommand};

use crate::aggregate::AggregateArgs;
use crate::audit::AuditArgs;
use crate::calendar::CalendarArgs;
use crate::generate::GenerateArgs;
use crate::init::InitArgs;
use crate::merge::MergeArgs;
use crate::page::PageArgs;
use crate::report::ReportArgs;
use crate::score::ScoreArgs;
use crate::validate::ValidateArgs;

/// The examples of `minhbach --help`, the same in both languages (`help.rs` puts the
/// Vietnamese heading and explanations around them).
macro_rules! root_examples {
    () => {
        "\
  minhbach init bao-cao-son-tinh --unit \"huyện Sơn Tịnh\" --period 2022-Q3
  minhbach report examples/data/ly-son-2021-h1 -o bao-cao.pdf
  minhbach report examples/data/ly-son-2021-h1 -o bao-cao.docx
  minhbach aggregate hoso.csv --from 2021-01-01 --to 2021-06-30 --by agency
  minhbach aggregate hoso.csv --from 2021-01-01 --to 2021-06-30 --unit 'huyện Lý Sơn' --save-partial ly-son.json
  minhbach merge ly-son.json binh-son.json --rank on_time_rate
  minhbach page xa/*.json -o thong-ke.html
  minhbach validate hoso.csv
  minhbach generate --rows 10000 --seed 42 -o thu.csv
  minhbach calendar due --received '2021-02-05 10:00' --days 5
  minhbach calendar holidays 2025
  minhbach calendar lunar 2021-04-21
  minhbach score pci examples/data/pci-tinh-mau.csv --format json
  minhbach audit bao-cao.docx
"
    };
}
pub(crate) use root_examples;

const AFTER_HELP: &str = concat!(
    "Examples:\n",
    root_examples!(),
    "
Exit codes: 0 success, 1 bad data (the good part is still reported), 2 bad usage
(wrong flags, missing or unreadable files, output path that cannot be written),
70 internal error. Documentation: docs/cli.md."
);

/// minhbach: transparency figures, scores and reports for Vietnamese local government.
#[derive(Debug, Parser)]
#[command(
    name = "minhbach",
    version,
    about = "Transparency (PCI Tính minh bạch) figures, scores and reports for Vietnamese local government",
    after_help = AFTER_HELP,
    propagate_version = true
)]
pub struct Cli {
    /// Print no progress bars and no notes on stderr (errors are still printed).
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// Language of help, errors and notes: vi or en (default: from LC_ALL, LC_MESSAGES, LANG).
    #[arg(long, global = true, value_name = "LANG", value_parser = ["vi", "en"])]
    pub lang: Option<String>,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// The finished transparency report (PDF, DOCX, HTML, Markdown, text, JSON) from a report bundle.
    Report(ReportArgs),
    /// A new report bundle for a unit and a period, ready to fill in.
    Init(InitArgs),
    /// The Biểu 06 table (received, resolved, pending, on-time rate) from dossier files.
    Aggregate(AggregateArgs),
    /// The consolidated Biểu 06 table of several units from their partial files (exact),
    /// with shared dossiers and a ranking.
    Merge(MergeArgs),
    /// The statistics page of the units (one self-contained HTML file: sortable table, charts,
    /// filters) from their partial files.
    Page(PageArgs),
    /// Checks dossier files and lists every problem, without producing a table.
    Validate(ValidateArgs),
    /// Writes deterministic synthetic dossiers, for trials and benchmarks.
    Generate(GenerateArgs),
    /// Working days, due dates, holidays and lunar dates (lịch làm việc, âm lịch).
    Calendar(CalendarArgs),
    /// Scores, ranks and explanations of units under an index (presets pci, decision766, ddci).
    Score(ScoreArgs),
    /// Checks the dossier figures a published report or press release states (sums, rates).
    Audit(AuditArgs),
}

/// The value parser of every date option (`--from`, `--to`, `calendar lunar DATE`): the model's
/// date layouts, the error in the language of the run with how to write a date.
pub fn parse_date_arg(s: &str) -> Result<chrono::NaiveDate, String> {
    minhbach_model::parse_date(s).map_err(|e| {
        format!(
            "{}\n  {}",
            crate::error_text::model(&e),
            crate::failure::tr(
                "fix: write the date as YYYY-MM-DD, e.g. 2021-06-30",
                "cách sửa: ghi ngày dạng YYYY-MM-DD, ví dụ 2021-06-30"
            )
        )
    })
}

/// A period whose first day (`--from`) is after its last (`--to`).
pub fn dates_swapped(from: chrono::NaiveDate, to: chrono::NaiveDate) -> crate::failure::Failure {
    use crate::failure::{tr, Failure};
    Failure::usage(tr(
        format!("--from {from} is after --to {to}"),
        format!("--from {from} sau --to {to}"),
    ))
    .fix(tr("swap the two dates", "đổi chỗ hai ngày"))
}

/// The value parser of an option whose values are a library type that names its values
/// (`ALL` and `as_str` of the engine's `GroupKey`, `Denominator`, `EndedAs`, …, the report's
/// `writer::Format`): the command line accepts exactly those names, in the order given, and
/// parses into the library's own type, so the CLI declares no mirror enum and the libraries
/// need no clap. `help` is each value's English description in `--help` (the Vietnamese one
/// is in `help.rs`, keyed by the same name).
pub fn named<T, H>(
    values: &'static [T],
    name: fn(T) -> &'static str,
    help: impl Fn(T) -> Option<H>,
) -> impl TypedValueParser<Value = T>
where
    T: Copy + Send + Sync + 'static,
    H: Into<clap::builder::StyledStr>,
{
    named_aliased(values, name, |_| &[], help)
}

/// [`named`] for a library type that also accepts other spellings of its values (the
/// engine's `SharedPolicy::aliases`: `per-unit` for `per_unit`): `--help` lists the names,
/// the aliases are accepted without being listed.
pub fn named_aliased<T, H>(
    values: &'static [T],
    name: fn(T) -> &'static str,
    aliases: fn(T) -> &'static [&'static str],
    help: impl Fn(T) -> Option<H>,
) -> impl TypedValueParser<Value = T>
where
    T: Copy + Send + Sync + 'static,
    H: Into<clap::builder::StyledStr>,
{
    let possible = values.iter().map(move |&v| {
        let value = PossibleValue::new(name(v)).aliases(aliases(v).iter().copied());
        match help(v) {
            Some(h) => value.help(h),
            None => value,
        }
    });
    PossibleValuesParser::new(possible).try_map(move |s: String| {
        values
            .iter()
            .copied()
            .find(|&v| name(v) == s || aliases(v).contains(&s.as_str()))
            .ok_or_else(|| format!("unknown value {s}"))
    })
}

/// The value parser of a whole-number option limited to `lo..=hi` (`--decimals`, `--rows`,
/// a calendar year): parses as `P` (`i64` or `u64`, as clap's ranged parsers do) and hands
/// back a `T`. It replaces clap's `value_parser!(..).range(..)`, whose refusal ("20 is not in
/// 0..=4") is English only: the English wording here is clap's, word for word, and the
/// Vietnamese one follows the run's language.
pub fn whole_in<P, T>(lo: P, hi: P) -> impl Fn(&str) -> Result<T, String> + Clone + Send + Sync
where
    P: std::str::FromStr<Err = std::num::ParseIntError>
        + PartialOrd
        + Copy
        + std::fmt::Display
        + Send
        + Sync
        + 'static,
    T: TryFrom<P> + Clone + Send + Sync + 'static,
{
    use crate::failure::tr;
    use std::num::IntErrorKind;
    move |s: &str| {
        let value: P = s.parse().map_err(|e: std::num::ParseIntError| {
            let vi = match e.kind() {
                IntErrorKind::Empty => "giá trị để trống",
                IntErrorKind::PosOverflow | IntErrorKind::NegOverflow => "số quá lớn",
                _ => "không phải là số nguyên",
            };
            tr(e.to_string(), vi)
        })?;
        let outside = || {
            tr(
                format!("{value} is not in {lo}..={hi}"),
                format!("{value} nằm ngoài khoảng cho phép (từ {lo} đến {hi})"),
            )
        };
        if value < lo || value > hi {
            return Err(outside());
        }
        T::try_from(value).map_err(|_| outside())
    }
}
