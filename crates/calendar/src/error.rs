//! The crate's one error type.

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
        reason: String,
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
        reason: String,
    },
    /// A date outside the range of the lunar conversion (solar 1900-01-01..=2100-12-31).
    #[error("{value} is outside the supported lunar range (solar 1900-01-01 to 2100-12-31)")]
    LunarOutOfRange {
        /// The offending date or year.
        value: String,
    },
    /// A schedule file that cannot be read: TOML syntax, unknown field or kind, bad date,
    /// a range that is reversed or too long, a date far from its year, a duplicated year.
    #[error("{origin}:{line}:{column}: {message}")]
    Schedule {
        /// Where the text came from (a file name, or `<built-in>`).
        origin: String,
        /// 1-based line of the offending value (0 when unknown).
        line: usize,
        /// 1-based column of the offending value (0 when unknown).
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// An invariant of the crate was broken; please report it.
    #[error("internal error: {reason}")]
    Internal {
        /// What went wrong.
        reason: String,
    },
}
