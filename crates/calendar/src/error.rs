//! The crate's one error type, and the typed reasons it carries.
//!
//! A reason's English wording is its `Display`; its Vietnamese wording is the
//! `minhbach_model::Bilingual` implementation, in the model (the crate of the two languages,
//! above this one), module `calendar_text`.

use std::fmt;

use chrono::NaiveDate;

/// Everything that can go wrong in this crate. Every variant names the offending value.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// A date outside the years a [`Calendar`](crate::Calendar) was built for.
    #[error("date {date} is outside the calendar range {first}..={last}")]
    DateOutOfRange {
        /// The offending date.
        date: NaiveDate,
        /// First day of the calendar.
        first: NaiveDate,
        /// Last day of the calendar.
        last: NaiveDate,
    },
    /// Adding working days ran past the last day of the calendar.
    #[error(
        "{working_days} working day(s) after {from} fall beyond the calendar's last day {last}"
    )]
    BeyondRange {
        /// The start date.
        from: NaiveDate,
        /// The number of working days added.
        working_days: u32,
        /// Last day of the calendar.
        last: NaiveDate,
    },
    /// A year range that cannot be built (reversed, or outside 1900–2100).
    #[error("invalid year range {first}..={last}: {reason}")]
    InvalidYearRange {
        /// First year asked for.
        first: i32,
        /// Last year asked for.
        last: i32,
        /// Why it is invalid.
        reason: YearRangeReason,
    },
    /// A year that the calendar does not cover.
    #[error("year {year} is outside the calendar range {first}..={last}")]
    YearOutOfRange {
        /// The offending year.
        year: i32,
        /// First year of the calendar.
        first: i32,
        /// Last year of the calendar.
        last: i32,
    },
    /// A lunar date that does not exist.
    #[error("invalid lunar date {value}: {reason}")]
    InvalidLunarDate {
        /// The offending lunar date, as `dd/mm[ nhuận]/yyyy`.
        value: String,
        /// Why it is invalid.
        reason: LunarReason,
    },
    /// A date outside the range of the lunar conversion (solar 1900-01-01..=2100-12-31).
    #[error("{value} is outside the supported lunar range (solar 1900-01-01 to 2100-12-31)")]
    LunarOutOfRange {
        /// The offending date or year.
        value: String,
    },
    /// A schedule file that cannot be read: TOML syntax, unknown field or kind, bad date,
    /// a range that is reversed or too long, a date far from its year, a duplicated year.
    #[error("{origin}:{line}:{column}: {reason}")]
    Schedule {
        /// Where the text came from (a file name, or `<built-in>`).
        origin: String,
        /// 1-based line of the offending value (0 when unknown).
        line: usize,
        /// 1-based column of the offending value (0 when unknown).
        column: usize,
        /// What is wrong.
        reason: ScheduleReason,
    },
    /// An invariant of the crate was broken; please report it.
    #[error("internal error: {reason}")]
    Internal {
        /// What went wrong.
        reason: InternalReason,
    },
}

/// Which invariant of the crate was broken ([`CalendarError::Internal`]): none of these can
/// happen for the years the calendar accepts; they are errors rather than panics.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum InternalReason {
    /// A negative count of working days in a year.
    NegativeWorkingDays {
        /// The year.
        year: i32,
    },
    /// A year without 1 January or 31 December.
    NoYearEnds {
        /// The year.
        year: i32,
    },
    /// A fixed holiday's date that does not exist.
    NoDate {
        /// The year.
        year: i32,
        /// The month.
        month: u32,
        /// The day.
        day: u32,
    },
    /// No day after a date (the end of the representable dates).
    NoDayAfter {
        /// The date.
        date: NaiveDate,
    },
    /// The lunar month table could not be built.
    LunarTable,
}

impl fmt::Display for InternalReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InternalReason::NegativeWorkingDays { year } => {
                write!(f, "negative working-day count for {year}")
            }
            InternalReason::NoYearEnds { year } => {
                write!(f, "no 1 January or 31 December in {year}")
            }
            InternalReason::NoDate { year, month, day } => {
                write!(f, "no date {year}-{month}-{day}")
            }
            InternalReason::NoDayAfter { date } => write!(f, "no day after {date}"),
            InternalReason::LunarTable => f.write_str("the lunar month table could not be built"),
        }
    }
}

/// Why a year range cannot be built ([`CalendarError::InvalidYearRange`]).
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum YearRangeReason {
    /// The first year is after the last.
    Reversed,
    /// A year outside 1900–2100.
    OutsideSupported,
    /// The range holds no representable day.
    Empty,
    /// More days than the calendar can index.
    TooLong,
}

impl fmt::Display for YearRangeReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            YearRangeReason::Reversed => "the first year is after the last",
            YearRangeReason::OutsideSupported => "years must lie within 1900..=2100",
            YearRangeReason::Empty => "empty range",
            YearRangeReason::TooLong => "range too long",
        })
    }
}

/// Why a lunar date does not exist ([`CalendarError::InvalidLunarDate`]).
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum LunarReason {
    /// A month outside 1–12.
    MonthOutOfRange,
    /// A day outside 1–30.
    DayOutOfRange,
    /// A leap flag on a month that is not leap that year.
    NotLeapMonth,
    /// A month the year does not have.
    NoSuchMonth,
    /// Day 30 of a 29-day month.
    Only29Days,
    /// A day past the end of its month.
    BeyondMonthEnd,
}

impl fmt::Display for LunarReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LunarReason::MonthOutOfRange => "month must be 1 to 12",
            LunarReason::DayOutOfRange => "day must be 1 to 30",
            LunarReason::NotLeapMonth => "that month is not a leap month in that year",
            LunarReason::NoSuchMonth => "no such month",
            LunarReason::Only29Days => "that month has 29 days",
            LunarReason::BeyondMonthEnd => "day beyond the end of the month",
        })
    }
}

/// What is wrong in a schedule (holiday) file ([`CalendarError::Schedule`]).
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ScheduleReason {
    /// The TOML reader refused the text: syntax, an unknown field or kind, a wrong type.
    Toml {
        /// The TOML reader's message (English).
        detail: String,
    },
    /// A year outside 1900–2100.
    YearOutOfRange {
        /// The year as written.
        year: i64,
    },
    /// A date that is not `YYYY-MM-DD` or not a real day.
    InvalidDate {
        /// The text as written.
        value: String,
        /// The date parser's message (English).
        detail: String,
    },
    /// A range whose end is before its start.
    ReversedRange {
        /// The start.
        from: NaiveDate,
        /// The end.
        to: NaiveDate,
    },
    /// A range longer than 31 days.
    RangeTooLong {
        /// The start.
        from: NaiveDate,
        /// The end.
        to: NaiveDate,
    },
    /// An entry with neither `date` nor both `from` and `to`.
    EntryShape,
    /// A date outside December of the year before to January of the year after.
    TooFar {
        /// The date.
        date: NaiveDate,
        /// The year of the entry.
        year: i32,
    },
    /// A date listed twice in one year.
    DateTwice {
        /// The date.
        date: NaiveDate,
    },
    /// A year defined twice in one file.
    YearTwice {
        /// The year.
        year: i32,
    },
}

impl fmt::Display for ScheduleReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScheduleReason::Toml { detail } => f.write_str(detail),
            ScheduleReason::YearOutOfRange { year } => {
                write!(f, "year {year} is not in 1900..=2100")
            }
            ScheduleReason::InvalidDate { value, detail } => {
                write!(f, "invalid date {value:?} (expected YYYY-MM-DD): {detail}")
            }
            ScheduleReason::ReversedRange { from, to } => {
                write!(f, "range end {to} is before its start {from}")
            }
            ScheduleReason::RangeTooLong { from, to } => {
                write!(f, "range {from}..={to} is longer than 31 days")
            }
            ScheduleReason::EntryShape => {
                f.write_str("an entry needs either `date` or both `from` and `to`")
            }
            ScheduleReason::TooFar { date, year } => write!(
                f,
                "date {date} is too far from year {year} (allowed: {}-12-01 to {}-01-31)",
                year.saturating_sub(1),
                year.saturating_add(1)
            ),
            ScheduleReason::DateTwice { date } => write!(f, "date {date} is listed twice"),
            ScheduleReason::YearTwice { year } => write!(f, "year {year} is defined twice"),
        }
    }
}
