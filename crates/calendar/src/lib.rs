//! # minhbach-calendar
//!
//! The Vietnamese working-day calendar: lunar dates (UTC+7), Labour Code 2019 public holidays,
//! the government's yearly civil-service schedules, and due-date arithmetic for
//! administrative-procedure dossiers.
//!
//! * [`lunar`]: solar ↔ lunar conversion with leap months, 1900–2100, by Hồ Ngọc Đức's
//!   astronomical method at UTC+7 ([`to_lunar`], [`from_lunar`], [`lunar_new_year`],
//!   [`leap_month`], [`can_chi_year`]).
//! * [`schedule`]: public holidays (Labour Code 2019 art. 112), compensatory days
//!   (art. 111 k3), the official schedules of 2019–2026 shipped as data, schedule files for
//!   other years, and the statutory derivation when no schedule is known ([`holidays`],
//!   [`statutory_schedule`], [`Schedules`], [`ScheduleSource`]).
//! * [`Calendar`]: working days over a year range with O(1) queries — add N working days,
//!   count working days, next working day, and [`Calendar::due_at`] with a [`DueRule`].
//!
//! ```
//! use chrono::NaiveDate;
//! use minhbach_calendar::{Calendar, DueRule, ScheduleSource};
//!
//! let cal = Calendar::vietnam(2019, 2026)?;
//! let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
//!
//! // Received Friday 05/02/2021, 5 working days: Tết (10–16/02/2021) is skipped.
//! assert_eq!(cal.add_working_days(d(2021, 2, 5), 5)?, d(2021, 2, 19));
//! assert_eq!(cal.working_days_between(d(2021, 2, 5), d(2021, 2, 19))?, 5);
//! // Saturday 26/04/2025 was a working day (swapped with Friday 02/05/2025).
//! assert!(cal.is_working_day(d(2025, 4, 26)));
//! assert!(!cal.is_working_day(d(2025, 5, 2)));
//! assert_eq!(cal.source(2025)?, ScheduleSource::Official);
//!
//! let due = cal.due_at(d(2021, 2, 5).and_hms_opt(10, 0, 0).unwrap(), 5, &DueRule::default())?;
//! assert_eq!(due, d(2021, 2, 19).and_hms_opt(17, 0, 0).unwrap());
//! # Ok::<(), minhbach_calendar::CalendarError>(())
//! ```
#![forbid(unsafe_code)]

mod calendar;
mod error;
pub mod lunar;
pub mod schedule;

pub use calendar::{Calendar, CalendarBuilder, DueRule, MAX_YEAR, MIN_YEAR};
pub use error::{CalendarError, InternalReason, LunarReason, ScheduleReason, YearRangeReason};
pub use lunar::{
    can_chi_year, from_lunar, leap_month, lunar_new_year, month_length, to_lunar, LunarDate,
};
pub use schedule::{
    holidays, statutory_schedule, DayKind, ScheduleDay, ScheduleSource, Schedules, YearSchedule,
};
