//! `minhbach calendar`: due dates, the year's days off and working weekend days, lunar ↔ solar
//! conversion.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};
use clap::{ArgGroup, Args, Subcommand, ValueEnum};
use minhbach_calendar::{
    from_lunar, to_lunar, Calendar, CalendarError, DueRule, LunarDate, ScheduleSource, MAX_YEAR,
    MIN_YEAR,
};
use serde::Serialize;

use crate::failure::{tr, Failure, FileRole, RunOutcome};
use crate::input;
use crate::output::{self, Destination};
use crate::progress::Ui;

/// `minhbach calendar …`
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  minhbach calendar due --received '2021-02-05 10:00' --days 5
  minhbach calendar due --received '2024-06-14 16:00' --same-day
  minhbach calendar holidays 2021
  minhbach calendar lunar 2021-04-21        # prints 2021-03-10 (10 tháng 3 Tân Sửu)
  minhbach calendar solar 2021-03-10        # prints 2021-04-21
  minhbach calendar solar 2020-04-15 --leap # 15 tháng 4 nhuận Canh Tý")]
pub struct CalendarArgs {
    #[command(subcommand)]
    cmd: CalendarCmd,
}

#[derive(Debug, Subcommand)]
enum CalendarCmd {
    /// The due date-time of a dossier: N working days after receipt (day of receipt not counted).
    Due(DueArgs),
    /// A year's days off (holidays, compensatory and swapped days) and working weekend days.
    Holidays(HolidaysArgs),
    /// Converts a solar date to the Vietnamese lunar date (âm lịch, UTC+7).
    Lunar(LunarArgs),
    /// Converts a Vietnamese lunar date to the solar date.
    Solar(SolarArgs),
}

/// Output format of the calendar subcommands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum CalendarFormat {
    /// ISO dates, one per line.
    Text,
    /// A JSON object (stable contract, docs/cli.md).
    Json,
}

#[derive(Debug, Args)]
#[command(
    group(ArgGroup::new("duration").required(true).args(["days", "same_day"])),
    after_help = "\
Rules: the day of receipt is not counted (Civil Code art. 147); a receipt on a non-working
day counts from that day, so its first counted day is the next working day; the dossier is
due at the close of office hours (--office-close, default 17:00) of the N-th working day.
A same-day procedure (--same-day, or --days 0: chứng thực, hộ tịch without a set time)
received on a working day up to the cut-off (--cutoff, default 15:00) is due that day,
otherwise the next working day.

Examples:
  minhbach calendar due --received '2021-02-05 10:00' --days 5
      2021-02-19T17:00:00        (Tết 10-16/02/2021 skipped)
  minhbach calendar due --received 05/02/2021 --days 5 --format json
  minhbach calendar due --received '2024-06-14 16:00' --same-day
      2024-06-17T17:00:00        (after 15:00 on a Friday: due Monday)
  minhbach calendar due --received '2030-02-01 09:00' --days 3 --schedule lich-2030.toml"
)]
struct DueArgs {
    /// Receipt date-time: 'YYYY-MM-DD HH:MM' (seconds optional), YYYY-MM-DDTHH:MM:SS or
    /// 'DD/MM/YYYY HH:MM'; a date alone means 00:00.
    #[arg(long, value_name = "DATETIME", value_parser = parse_datetime_arg)]
    received: NaiveDateTime,
    /// Statutory processing time in working days.
    #[arg(long, value_name = "N")]
    days: Option<u32>,
    /// A same-day procedure (the same as --days 0).
    #[arg(long)]
    same_day: bool,
    /// A schedule file (TOML) with the government's announcement for years minhbach does not
    /// ship (official schedules 2019-2026 are built in).
    #[arg(long, value_name = "FILE")]
    schedule: Option<PathBuf>,
    /// Close of office hours: the time of day the dossier is due.
    #[arg(long, value_name = "HH:MM", default_value = "17:00", value_parser = parse_time_arg)]
    office_close: NaiveTime,
    /// Cut-off for same-day procedures: received after it, due the next working day.
    #[arg(long, value_name = "HH:MM", default_value = "15:00", value_parser = parse_time_arg)]
    cutoff: NaiveTime,
    /// UNVERIFIED convention: with N > 0, a receipt after the cut-off counts from the next
    /// working day.
    #[arg(long)]
    after_cutoff_next_day: bool,
    /// UNVERIFIED convention: a receipt on a non-working day counts as a receipt on the next
    /// working day (a Saturday receipt with 1 working day is due Tuesday, not Monday).
    #[arg(long)]
    non_working_receipt_next_day: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CalendarFormat::Text)]
    format: CalendarFormat,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Each line: date, `off` (day off) or `work` (a weekend day that is a working day), kind, and
the Vietnamese name. Holidays that fall on a weekend are listed too. Years without a shipped
official schedule (before 2019, after 2026) are derived from the Labour Code; pass the
government's announcement with --schedule to replace them.

Examples:
  minhbach calendar holidays 2021
  minhbach calendar holidays 2025 --format json
  minhbach calendar holidays 2027 --schedule lich-2027.toml")]
struct HolidaysArgs {
    /// The year (1900-2100).
    #[arg(value_name = "YEAR", value_parser = crate::args::whole_in::<i64, i32>(i64::from(MIN_YEAR), i64::from(MAX_YEAR)))]
    year: i32,
    /// A schedule file (TOML) replacing the shipped or derived schedule of the years it defines.
    #[arg(long, value_name = "FILE")]
    schedule: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CalendarFormat::Text)]
    format: CalendarFormat,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Prints the lunar date as lunar year-month-day, followed by ` leap` in a leap month.

Examples:
  minhbach calendar lunar 2021-04-21      # 2021-03-10  (10 tháng 3 Tân Sửu, Giỗ Tổ)
  minhbach calendar lunar 2020-05-23      # 2020-04-01 leap
  minhbach calendar lunar 2021-02-12 --format json")]
struct LunarArgs {
    /// Solar date, YYYY-MM-DD (or DD/MM/YYYY), 1900-01-01 to 2100-12-31.
    #[arg(value_name = "DATE", value_parser = crate::args::parse_date_arg)]
    date: NaiveDate,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CalendarFormat::Text)]
    format: CalendarFormat,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  minhbach calendar solar 2021-03-10          # 2021-04-21 (Giỗ Tổ Hùng Vương 2021)
  minhbach calendar solar 2021-01-01          # 2021-02-12 (Tết Tân Sửu)
  minhbach calendar solar 2020-04-01 --leap   # 2020-05-23 (1 tháng 4 nhuận Canh Tý)")]
struct SolarArgs {
    /// Lunar date as lunar year-month-day: 2021-03-10 is 10 tháng 3 năm Tân Sửu.
    #[arg(value_name = "LUNAR_DATE", value_parser = parse_lunar_arg)]
    date: (i32, u32, u32),
    /// The month is the leap month (tháng nhuận).
    #[arg(long)]
    leap: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CalendarFormat::Text)]
    format: CalendarFormat,
}

/// Runs `minhbach calendar …`.
pub fn run(args: CalendarArgs, ui: &Ui) -> Result<RunOutcome, Failure> {
    match args.cmd {
        CalendarCmd::Due(a) => due(a, ui),
        CalendarCmd::Holidays(a) => holidays(a, ui),
        CalendarCmd::Lunar(a) => lunar(a),
        CalendarCmd::Solar(a) => solar(a),
    }
}

#[derive(Serialize)]
struct DueJson {
    received_at: String,
    working_days: u32,
    due_at: String,
    due_date: String,
    office_close: String,
    same_day_cutoff: String,
    schedules: Vec<SourceJson>,
}

#[derive(Serialize)]
struct SourceJson {
    year: i32,
    source: String,
}

fn due(a: DueArgs, ui: &Ui) -> Result<RunOutcome, Failure> {
    let days = if a.same_day { 0 } else { a.days.unwrap_or(0) };
    let year = a.received.date().year();
    // Enough years for the longest statutory times (a year has about 245 working days).
    let last = year
        .saturating_add(1)
        .saturating_add(i32::try_from(days / 200).unwrap_or(i32::MAX))
        .min(MAX_YEAR);
    if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
        let date = a.received.date();
        return Err(Failure::usage(tr(
            format!(
                "--received {date}: year {year} is outside the calendar's years \
                 {MIN_YEAR}-{MAX_YEAR}"
            ),
            format!(
                "--received {date}: năm {year} nằm ngoài các năm của lịch {MIN_YEAR}-{MAX_YEAR}"
            ),
        ))
        .fix(calendar_years_fix()));
    }
    let cal = build_calendar(year, last, a.schedule.as_deref())?;
    let rule = DueRule::default()
        .with_office_close(a.office_close)
        .with_same_day_cutoff(a.cutoff)
        .with_after_cutoff_counts_from_next_working_day(a.after_cutoff_next_day)
        .with_non_working_receipt_is_next_working_day(a.non_working_receipt_next_day);
    let due = cal
        .due_at(a.received, days, &rule)
        .map_err(|e| calendar_failure(e, "--received/--days"))?;
    let mut schedules = Vec::new();
    for y in year..=due.date().year() {
        let source = cal
            .source(y)
            .map_err(|e| calendar_failure(e, "--received"))?;
        if source == ScheduleSource::Statutory {
            ui.note(&statutory_note(y));
        }
        schedules.push(SourceJson {
            year: y,
            source: source.to_string(),
        });
    }
    match a.format {
        CalendarFormat::Text => output::print(&format!("{}\n", iso_datetime(due))),
        CalendarFormat::Json => output::json(
            &Destination::Stdout,
            &DueJson {
                received_at: iso_datetime(a.received),
                working_days: days,
                due_at: iso_datetime(due),
                due_date: due.date().to_string(),
                office_close: a.office_close.format("%H:%M").to_string(),
                same_day_cutoff: a.cutoff.format("%H:%M").to_string(),
                schedules,
            },
        ),
    }?;
    Ok(RunOutcome::Success)
}

#[derive(Serialize)]
struct HolidaysJson {
    year: i32,
    source: String,
    reference: Option<String>,
    note: Option<String>,
    working_days_in_year: u32,
    days: Vec<DayJson>,
}

#[derive(Serialize)]
struct DayJson {
    date: String,
    off: bool,
    kind: String,
    name: String,
}

fn holidays(a: HolidaysArgs, ui: &Ui) -> Result<RunOutcome, Failure> {
    let cal = build_calendar(a.year, a.year, a.schedule.as_deref())?;
    let year = cal
        .holidays(a.year)
        .map_err(|e| calendar_failure(e, "YEAR"))?;
    let working = cal
        .working_days_in_year(a.year)
        .map_err(|e| calendar_failure(e, "YEAR"))?;
    if year.source == ScheduleSource::Statutory {
        ui.note(&statutory_note(a.year));
    }
    let days: Vec<DayJson> = year
        .days
        .iter()
        .map(|d| DayJson {
            date: d.date.to_string(),
            off: d.off,
            kind: serde_json::to_value(d.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            name: d.name.clone(),
        })
        .collect();
    match a.format {
        CalendarFormat::Text => {
            let mut text = String::new();
            for d in &days {
                let off = if d.off { "off" } else { "work" };
                text.push_str(&format!("{}\t{off}\t{}\t{}\n", d.date, d.kind, d.name));
            }
            output::print(&text)
        }
        CalendarFormat::Json => output::json(
            &Destination::Stdout,
            &HolidaysJson {
                year: year.year,
                source: year.source.to_string(),
                reference: year.reference.clone(),
                note: year.note.clone(),
                working_days_in_year: working,
                days,
            },
        ),
    }?;
    Ok(RunOutcome::Success)
}

#[derive(Serialize)]
struct ConversionJson {
    solar: String,
    lunar: LunarJson,
}

#[derive(Serialize)]
struct LunarJson {
    date: String,
    year: i32,
    month: u32,
    day: u32,
    leap: bool,
    year_name: String,
}

fn conversion(solar: NaiveDate, lunar: LunarDate) -> ConversionJson {
    ConversionJson {
        solar: solar.to_string(),
        lunar: LunarJson {
            date: lunar_iso(lunar),
            year: lunar.year,
            month: lunar.month,
            day: lunar.day,
            leap: lunar.leap,
            year_name: lunar.year_name(),
        },
    }
}

fn lunar_iso(l: LunarDate) -> String {
    format!("{:04}-{:02}-{:02}", l.year, l.month, l.day)
}

fn lunar(a: LunarArgs) -> Result<RunOutcome, Failure> {
    let l = to_lunar(a.date).map_err(|e| calendar_failure(e, "DATE"))?;
    match a.format {
        CalendarFormat::Text => {
            let leap = if l.leap { " leap" } else { "" };
            output::print(&format!("{}{leap}\n", lunar_iso(l)))
        }
        CalendarFormat::Json => output::json(&Destination::Stdout, &conversion(a.date, l)),
    }?;
    Ok(RunOutcome::Success)
}

fn solar(a: SolarArgs) -> Result<RunOutcome, Failure> {
    let (year, month, day) = a.date;
    let l = LunarDate::new(year, month, day, a.leap);
    let s = from_lunar(l).map_err(|e| calendar_failure(e, "LUNAR_DATE"))?;
    match a.format {
        CalendarFormat::Text => output::print(&format!("{s}\n")),
        CalendarFormat::Json => output::json(&Destination::Stdout, &conversion(s, l)),
    }?;
    Ok(RunOutcome::Success)
}

fn build_calendar(first: i32, last: i32, schedule: Option<&Path>) -> Result<Calendar, Failure> {
    let mut builder = Calendar::builder().years(first, last);
    if let Some(path) = schedule {
        let text = input::read_text(path, FileRole::Schedule)?;
        builder = builder.schedule_file_named(&path.display().to_string(), &text);
    }
    builder
        .build()
        .map_err(|e| calendar_failure(e, &tr("the year", "năm")))
}

fn statutory_note(year: i32) -> String {
    tr(
        format!(
            "no official schedule is known for {year}: its days off are derived from the Labour \
             Code (statutory); pass the government's announcement with --schedule FILE"
        ),
        format!(
            "chưa có lịch nghỉ chính thức của năm {year}: các ngày nghỉ được suy ra từ Bộ luật Lao \
             động; khi Chính phủ công bố lịch nghỉ, ghi vào tệp và dùng --schedule TỆP"
        ),
    )
}

/// The fix of a date or year outside the calendar.
fn calendar_years_fix() -> String {
    tr(
        format!("the calendar covers {MIN_YEAR}-{MAX_YEAR}"),
        format!("lịch có các năm từ {MIN_YEAR} đến {MAX_YEAR}"),
    )
}

/// Maps a calendar error to a failure: values from the command line are usage errors, a bad
/// schedule file is bad data.
fn calendar_failure(e: CalendarError, arg: &str) -> Failure {
    let text = crate::error_text::calendar(&e);
    match e {
        CalendarError::Schedule { .. } => Failure::data(text).fix(tr(
            "correct the schedule file (format: docs/cli.md, \"Schedule files\")",
            "sửa tệp lịch làm việc (cách ghi: docs/cli.md, mục \"Schedule files\")",
        )),
        CalendarError::InvalidLunarDate { .. } => Failure::usage(format!("{arg}: {text}")).fix(tr(
            "check the lunar month and day; use --leap only for the leap month (tháng nhuận)",
            "kiểm tra tháng và ngày âm lịch; chỉ dùng --leap cho tháng nhuận",
        )),
        CalendarError::LunarOutOfRange { .. } => Failure::usage(format!("{arg}: {text}")).fix(tr(
            "give a date between 1900 and 2100",
            "ghi một ngày trong khoảng từ năm 1900 đến năm 2100",
        )),
        CalendarError::DateOutOfRange { .. }
        | CalendarError::BeyondRange { .. }
        | CalendarError::InvalidYearRange { .. }
        | CalendarError::YearOutOfRange { .. } => {
            Failure::usage(format!("{arg}: {text}")).fix(calendar_years_fix())
        }
        CalendarError::Internal { .. } => Failure::internal(text),
        _ => Failure::data(text),
    }
}

fn iso_datetime(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}

fn parse_datetime_arg(s: &str) -> Result<NaiveDateTime, String> {
    minhbach_model::parse_datetime(s).map_err(|e| {
        format!(
            "{}\n  {}",
            crate::error_text::model(&e),
            tr(
                "fix: write it as YYYY-MM-DD HH:MM (e.g. '2021-02-05 10:00') or DD/MM/YYYY HH:MM",
                "cách sửa: ghi dạng YYYY-MM-DD HH:MM (ví dụ '2021-02-05 10:00') hoặc DD/MM/YYYY HH:MM"
            )
        )
    })
}

fn parse_time_arg(s: &str) -> Result<NaiveTime, String> {
    NaiveTime::parse_from_str(s, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(s, "%H:%M:%S"))
        .map_err(|_| {
            tr(
                format!("invalid time of day {s:?}\n  fix: write it as HH:MM, e.g. 17:00"),
                format!("giờ không hợp lệ {s:?}\n  cách sửa: ghi dạng HH:MM, ví dụ 17:00"),
            )
        })
}

fn parse_lunar_arg(s: &str) -> Result<(i32, u32, u32), String> {
    let bad = || {
        tr(
            format!(
                "invalid lunar date {s:?}\n  fix: write lunar year-month-day, e.g. 2021-03-10 for \
                 10 tháng 3 năm Tân Sửu (add --leap for a leap month)"
            ),
            format!(
                "ngày âm lịch không hợp lệ {s:?}\n  cách sửa: ghi năm-tháng-ngày âm lịch, ví dụ \
                 2021-03-10 là ngày 10 tháng 3 năm Tân Sửu (thêm --leap nếu là tháng nhuận)"
            ),
        )
    };
    let mut parts = s.trim().split('-');
    let (Some(y), Some(m), Some(d), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    let y: i32 = y.parse().map_err(|_| bad())?;
    let m: u32 = m.parse().map_err(|_| bad())?;
    let d: u32 = d.parse().map_err(|_| bad())?;
    Ok((y, m, d))
}
