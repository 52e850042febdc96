//! The Vietnamese wording of the calendar's errors and reasons.
//!
//! The calendar crate sits below the model and words nothing for users: its errors and typed
//! reasons (`YearRangeReason`, `LunarReason`, `ScheduleReason`) have their English wording as
//! `Display` there, and their Vietnamese wording here, as [`Bilingual`] implementations (the
//! model owns the trait). The reasons are `#[non_exhaustive]` enums of another crate, so a
//! match here cannot be exhaustive: a variant added to the calendar is shown in English until
//! it is worded here, and the tests below list every variant so that it is noticed.
//!
//! ```
//! use minhbach_calendar::Schedules;
//! use minhbach_model::{Bilingual, Lang};
//! let e = Schedules::from_toml(
//!     "[[year]]\nyear = 2030\noff = [ { date = \"2030-01-01\" }, { date = \"2030-01-01\" } ]\n",
//!     "nghi.toml",
//! )
//! .unwrap_err();
//! assert_eq!(e.to_string(), "nghi.toml:3:34: date 2030-01-01 is listed twice");
//! assert_eq!(
//!     e.in_lang(Lang::Vi).to_string(),
//!     "nghi.toml:3:34: ngày 2030-01-01 được ghi hai lần"
//! );
//! ```

use std::fmt;

use minhbach_calendar::{
    CalendarError, InternalReason, LunarReason, ScheduleReason, YearRangeReason,
};

use crate::{Bilingual, Lang};

impl Bilingual for CalendarError {
    fn fmt_vi(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CalendarError::DateOutOfRange { date, first, last } => {
                write!(f, "ngày {date} nằm ngoài phạm vi của lịch {first}..={last}")
            }
            CalendarError::BeyondRange {
                from,
                working_days,
                last,
            } => write!(
                f,
                "{working_days} ngày làm việc sau {from} vượt quá ngày cuối cùng của lịch {last}"
            ),
            CalendarError::InvalidYearRange {
                first,
                last,
                reason,
            } => write!(
                f,
                "khoảng năm không hợp lệ {first}..={last}: {}",
                reason.in_lang(Lang::Vi)
            ),
            CalendarError::YearOutOfRange { year, first, last } => {
                write!(f, "năm {year} nằm ngoài phạm vi của lịch {first}..={last}")
            }
            CalendarError::InvalidLunarDate { value, reason } => write!(
                f,
                "ngày âm lịch không hợp lệ {value}: {}",
                reason.in_lang(Lang::Vi)
            ),
            CalendarError::LunarOutOfRange { value } => write!(
                f,
                "{value} nằm ngoài phạm vi âm lịch hỗ trợ (dương lịch 1900-01-01 đến 2100-12-31)"
            ),
            CalendarError::Schedule {
                origin,
                line,
                column,
                reason,
            } => write!(f, "{origin}:{line}:{column}: {}", reason.in_lang(Lang::Vi)),
            CalendarError::Internal { reason } => {
                write!(f, "lỗi nội bộ: {}", reason.in_lang(Lang::Vi))
            }
            // A variant added to the calendar later is shown in English until worded here.
            other => write!(f, "{other}"),
        }
    }
}

impl Bilingual for YearRangeReason {
    fn fmt_vi(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            YearRangeReason::Reversed => "năm đầu sau năm cuối",
            YearRangeReason::OutsideSupported => "các năm phải nằm trong khoảng 1900..=2100",
            YearRangeReason::Empty => "khoảng năm không có ngày nào",
            YearRangeReason::TooLong => "khoảng năm quá dài",
            other => return write!(f, "{other}"),
        })
    }
}

impl Bilingual for InternalReason {
    fn fmt_vi(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InternalReason::NegativeWorkingDays { year } => {
                write!(f, "số ngày làm việc của năm {year} bị âm")
            }
            InternalReason::NoYearEnds { year } => {
                write!(
                    f,
                    "năm {year} không có ngày 1 tháng 1 hoặc ngày 31 tháng 12"
                )
            }
            InternalReason::NoDate { year, month, day } => {
                write!(f, "không có ngày {year}-{month}-{day}")
            }
            InternalReason::NoDayAfter { date } => write!(f, "không có ngày sau ngày {date}"),
            InternalReason::LunarTable => f.write_str("không dựng được bảng tháng âm lịch"),
            other => write!(f, "{other}"),
        }
    }
}

impl Bilingual for LunarReason {
    fn fmt_vi(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LunarReason::MonthOutOfRange => "tháng phải từ 1 đến 12",
            LunarReason::DayOutOfRange => "ngày phải từ 1 đến 30",
            LunarReason::NotLeapMonth => "tháng đó không phải tháng nhuận của năm đó",
            LunarReason::NoSuchMonth => "năm đó không có tháng này",
            LunarReason::Only29Days => "tháng đó chỉ có 29 ngày",
            LunarReason::BeyondMonthEnd => "ngày vượt quá cuối tháng",
            other => return write!(f, "{other}"),
        })
    }
}

impl Bilingual for ScheduleReason {
    fn fmt_vi(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScheduleReason::Toml { detail } => write!(
                f,
                "tệp TOML sai cú pháp, hoặc có trường, loại ngày hay giá trị không hợp lệ \
                 (thông báo của bộ đọc TOML: {detail})"
            ),
            ScheduleReason::YearOutOfRange { year } => {
                write!(f, "năm {year} không nằm trong khoảng 1900..=2100")
            }
            ScheduleReason::InvalidDate { value, .. } => write!(
                f,
                "ngày không hợp lệ {value:?} (cần một ngày có thật, ghi dạng YYYY-MM-DD)"
            ),
            ScheduleReason::ReversedRange { from, to } => {
                write!(f, "ngày cuối khoảng {to} trước ngày đầu {from}")
            }
            ScheduleReason::RangeTooLong { from, to } => {
                write!(f, "khoảng ngày {from}..={to} dài hơn 31 ngày")
            }
            ScheduleReason::EntryShape => {
                f.write_str("mỗi mục cần có `date`, hoặc có cả `from` và `to`")
            }
            ScheduleReason::TooFar { date, year } => write!(
                f,
                "ngày {date} quá xa năm {year} (cho phép từ {}-12-01 đến {}-01-31)",
                year.saturating_sub(1),
                year.saturating_add(1)
            ),
            ScheduleReason::DateTwice { date } => write!(f, "ngày {date} được ghi hai lần"),
            ScheduleReason::YearTwice { year } => write!(f, "năm {year} được khai báo hai lần"),
            other => write!(f, "{other}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// Every reason of the calendar, with the English sentence it was written as before it
    /// was typed.
    #[test]
    fn english_is_unchanged_and_every_reason_has_vietnamese() {
        let years = [
            (
                YearRangeReason::Reversed,
                "the first year is after the last",
            ),
            (
                YearRangeReason::OutsideSupported,
                "years must lie within 1900..=2100",
            ),
            (YearRangeReason::Empty, "empty range"),
            (YearRangeReason::TooLong, "range too long"),
        ];
        let lunar = [
            (LunarReason::MonthOutOfRange, "month must be 1 to 12"),
            (LunarReason::DayOutOfRange, "day must be 1 to 30"),
            (
                LunarReason::NotLeapMonth,
                "that month is not a leap month in that year",
            ),
            (LunarReason::NoSuchMonth, "no such month"),
            (LunarReason::Only29Days, "that month has 29 days"),
            (
                LunarReason::BeyondMonthEnd,
                "day beyond the end of the month",
            ),
        ];
        let schedule = [
            (
                ScheduleReason::Toml {
                    detail: "unknown field `colour`".into(),
                },
                "unknown field `colour`",
            ),
            (
                ScheduleReason::YearOutOfRange { year: 1800 },
                "year 1800 is not in 1900..=2100",
            ),
            (
                ScheduleReason::InvalidDate {
                    value: "2030-02-30".into(),
                    detail: "input is out of range".into(),
                },
                "invalid date \"2030-02-30\" (expected YYYY-MM-DD): input is out of range",
            ),
            (
                ScheduleReason::ReversedRange {
                    from: day(2030, 1, 5),
                    to: day(2030, 1, 1),
                },
                "range end 2030-01-01 is before its start 2030-01-05",
            ),
            (
                ScheduleReason::RangeTooLong {
                    from: day(2030, 1, 1),
                    to: day(2030, 12, 1),
                },
                "range 2030-01-01..=2030-12-01 is longer than 31 days",
            ),
            (
                ScheduleReason::EntryShape,
                "an entry needs either `date` or both `from` and `to`",
            ),
            (
                ScheduleReason::TooFar {
                    date: day(2035, 1, 1),
                    year: 2030,
                },
                "date 2035-01-01 is too far from year 2030 (allowed: 2029-12-01 to 2031-01-31)",
            ),
            (
                ScheduleReason::DateTwice {
                    date: day(2030, 1, 1),
                },
                "date 2030-01-01 is listed twice",
            ),
            (
                ScheduleReason::YearTwice { year: 2030 },
                "year 2030 is defined twice",
            ),
        ];
        for (r, en) in &years {
            assert_eq!(r.to_string(), *en);
        }
        for (r, en) in &lunar {
            assert_eq!(r.to_string(), *en);
        }
        for (r, en) in &schedule {
            assert_eq!(r.to_string(), *en);
        }
        let internal = [
            (
                InternalReason::NegativeWorkingDays { year: 2030 },
                "negative working-day count for 2030",
            ),
            (
                InternalReason::NoYearEnds { year: 2030 },
                "no 1 January or 31 December in 2030",
            ),
            (
                InternalReason::NoDate {
                    year: 2030,
                    month: 2,
                    day: 30,
                },
                "no date 2030-2-30",
            ),
            (
                InternalReason::NoDayAfter {
                    date: day(2030, 1, 1),
                },
                "no day after 2030-01-01",
            ),
            (
                InternalReason::LunarTable,
                "the lunar month table could not be built",
            ),
        ];
        for (r, en) in &internal {
            assert_eq!(r.to_string(), *en);
            let vi = r.in_lang(Lang::Vi).to_string();
            assert!(!vi.is_empty() && vi != *en, "{vi}");
            // The date or year it names, in both languages.
            if let Some(v) = en.split_whitespace().find(|w| w.starts_with("2030")) {
                assert!(vi.contains(v), "{vi} lacks {v}");
            }
        }
        let internal: Vec<_> = internal.into_iter().map(|(r, _)| r).collect();
        assert_eq!(crate::lang::untranslated(&internal), Vec::<String>::new());
        let e = CalendarError::Internal {
            reason: InternalReason::LunarTable,
        };
        assert_eq!(
            e.in_lang(Lang::Vi).to_string(),
            "lỗi nội bộ: không dựng được bảng tháng âm lịch"
        );
        let years: Vec<_> = years.into_iter().map(|(r, _)| r).collect();
        let lunar: Vec<_> = lunar.into_iter().map(|(r, _)| r).collect();
        let schedule: Vec<_> = schedule.into_iter().map(|(r, _)| r).collect();
        assert_eq!(crate::lang::untranslated(&years), Vec::<String>::new());
        assert_eq!(crate::lang::untranslated(&lunar), Vec::<String>::new());
        assert_eq!(crate::lang::untranslated(&schedule), Vec::<String>::new());
        // No English sentence in the Vietnamese (the TOML reader's detail aside).
        let vi: Vec<String> = years
            .iter()
            .map(|r| r.in_lang(Lang::Vi).to_string())
            .chain(lunar.iter().map(|r| r.in_lang(Lang::Vi).to_string()))
            .chain(schedule.iter().map(|r| {
                r.in_lang(Lang::Vi)
                    .to_string()
                    .replace("unknown field `colour`", "")
            }))
            .collect();
        for text in &vi {
            for w in [
                " is ", " the ", "must", "range ", "month", "year ", "date ", "entry",
            ] {
                assert!(!text.contains(w), "{w:?} in {text:?}");
            }
        }
    }

    #[test]
    fn calendar_errors_in_vietnamese() {
        let e = minhbach_calendar::Calendar::vietnam(2030, 2020).unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid year range 2030..=2020: the first year is after the last"
        );
        assert_eq!(
            e.in_lang(Lang::Vi).to_string(),
            "khoảng năm không hợp lệ 2030..=2020: năm đầu sau năm cuối"
        );
        let e = minhbach_calendar::from_lunar(minhbach_calendar::LunarDate {
            year: 2021,
            month: 13,
            day: 1,
            leap: false,
        })
        .unwrap_err();
        assert_eq!(
            e.in_lang(Lang::Vi).to_string(),
            "ngày âm lịch không hợp lệ 01/13/2021: tháng phải từ 1 đến 12"
        );
        let e = minhbach_calendar::Schedules::from_toml(
            "[[year]]\nyear = 2030\ncolour = 1\n",
            "f.toml",
        )
        .unwrap_err();
        let vi = e.in_lang(Lang::Vi).to_string();
        assert!(vi.starts_with("f.toml:3:1: tệp TOML sai cú pháp"), "{vi}");
    }
}
