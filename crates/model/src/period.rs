//! Reporting periods (kỳ báo cáo): month, quarter, half-year, nine months, year and custom
//! date ranges.
//!
//! A [`Period`] is a closed range of calendar dates `[start, end]` with a kind. Standard
//! periods follow the calendar; custom ranges cover the cut-off conventions some provinces use
//! (Kon Tum's quý I/2023 ran "từ ngày 15/12/2022 đến 14/3/2023").
//!
//! Text forms (all round-trip through [`Period::parse`] and `Display`):
//!
//! | Kind | Canonical (`Display`) | Vietnamese ([`Period::vietnamese_name`]) |
//! |---|---|---|
//! | month | `2021-09` | `tháng 9 năm 2021` (`tháng 02 năm 2021` for Jan/Feb) |
//! | quarter | `2021-Q3` | `quý III năm 2021` |
//! | first half | `2021-H1` | `6 tháng đầu năm 2021` |
//! | second half | `2021-H2` | `6 tháng cuối năm 2021` |
//! | nine months | `2021-9M` | `9 tháng đầu năm 2021` |
//! | year | `2021` | `năm 2021` |
//! | custom | `2020-12-15..2021-03-14` | `từ ngày 15/12/2020 đến ngày 14/3/2021` |
//!
//! A period may carry its own name ([`Period::named`]): a province whose year runs from
//! 15/12/2021 to 14/12/2022 still calls it `năm 2022`. The name is written after the
//! canonical text in parentheses (`2021-12-15..2022-12-14 (năm 2022)`), and
//! [`Period::parse`] reads either order (`năm 2022 (15/12/2021..14/12/2022)`).
//!
//! Vietnamese names are lower case so they can sit inside a sentence ("… trong 6 tháng đầu năm
//! 2021"); a renderer capitalises the first letter where a title needs it. Months are written
//! like the month of a date under Nghị định 30/2020 (Phụ lục I, II.4): `01` and `02` padded,
//! `3`–`12` as they are. Years are limited to 1000–9999 so every period has one text form.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use chrono::{Datelike, Months, NaiveDate, NaiveDateTime, NaiveTime};

use crate::serde_str::serde_via_str;
use crate::text::fold;
use crate::{parse_date, say, Bilingual, DateReason, Lang, ModelError};

/// The smallest year a period may fall in.
pub const MIN_YEAR: i32 = 1000;
/// The largest year a period may fall in.
pub const MAX_YEAR: i32 = 9999;

/// What kind of period a [`Period`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PeriodKind {
    /// A calendar month (tháng).
    Month,
    /// A calendar quarter (quý).
    Quarter,
    /// January–June (6 tháng đầu năm).
    FirstHalf,
    /// July–December (6 tháng cuối năm).
    SecondHalf,
    /// January–September (9 tháng đầu năm).
    NineMonths,
    /// A calendar year (năm).
    Year,
    /// Any other closed range of dates.
    Custom,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Repr {
    Month { year: i32, month: u32 },
    Quarter { year: i32, quarter: u32 },
    Half { year: i32, second: bool },
    NineMonths { year: i32 },
    Year { year: i32 },
    Custom,
}

/// A reporting period: a closed range of dates with a kind.
///
/// Serialized as its canonical text (`"2021-H1"`), and deserialized from any form
/// [`Period::parse`] accepts.
///
/// ```
/// use minhbach_model::Period;
/// let h1: Period = "2021-H1".parse().unwrap();
/// assert_eq!(h1.start().to_string(), "2021-01-01");
/// assert_eq!(h1.end().to_string(), "2021-06-30");
/// assert_eq!(h1.vietnamese_name(), "6 tháng đầu năm 2021");
/// assert_eq!(h1.previous().unwrap().to_string(), "2020-H2");
/// assert_eq!(h1.next().unwrap().vietnamese_name(), "6 tháng cuối năm 2021");
/// assert_eq!(Period::parse("Quý I năm 2021").unwrap().to_string(), "2021-Q1");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Period {
    repr: Repr,
    start: NaiveDate,
    end: NaiveDate,
    /// The office's own name for the period ("năm 2022" for 15/12/2021–14/12/2022).
    name: Option<Arc<str>>,
}

/// Why a reporting period is refused ([`ModelError::InvalidPeriod`]).
///
/// ```
/// use minhbach_model::{period::PeriodReason, Bilingual, Lang};
/// let r = PeriodReason::QuarterOutOfRange { quarter: 5 };
/// assert_eq!(r.to_string(), "quarter 5 is not 1-4");
/// assert_eq!(r.in_lang(Lang::Vi).to_string(), "quý 5 không nằm trong 1-4");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PeriodReason {
    /// Nothing but spaces.
    Empty,
    /// A text that is no period code nor Vietnamese period name.
    NotRecognised,
    /// `YYYY-…` with a part that is not a month, quarter, half or `9M`.
    ExpectedCode,
    /// `YYYY-Q…` with a quarter that is not a number.
    QuarterSyntax,
    /// A month outside 1–12.
    MonthOutOfRange {
        /// The month as given.
        month: u32,
    },
    /// A quarter outside 1–4.
    QuarterOutOfRange {
        /// The quarter as given.
        quarter: u32,
    },
    /// A year outside [`MIN_YEAR`]..=[`MAX_YEAR`].
    YearOutOfRange {
        /// The year as given.
        year: i32,
    },
    /// A month the calendar does not have.
    NoSuchMonth,
    /// An end date past the calendar.
    DateOutOfRange,
    /// A period before or after which there is no period (the calendar's ends).
    OutOfRange,
    /// A custom period asked for as a standard one.
    NotStandard,
    /// A custom period whose start is after its end.
    StartAfterEnd,
    /// A period name that is empty.
    NameEmpty,
    /// A period name longer than 200 characters.
    NameTooLong,
    /// A period name with a parenthesis or a control character.
    NameCharacters,
    /// A period name that is itself a range of dates.
    NameIsRange,
    /// A date of a custom period that is not a date.
    Date(DateReason),
}

impl PeriodReason {
    /// Both wordings, one arm per variant (`Display` is the English, `Bilingual` the
    /// Vietnamese).
    fn fmt_in(&self, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PeriodReason::Empty => say!(f, lang => "empty", "để trống"),
            PeriodReason::NotRecognised => {
                say!(f, lang => "not a recognised period", "không nhận ra kỳ báo cáo (ví dụ cách ghi: 2022-Q3, quý 3/2022, 6 tháng đầu năm 2022, năm 2022, 15/12/2021..14/12/2022)")
            }
            PeriodReason::ExpectedCode => {
                say!(f, lang => "expected YYYY-MM, YYYY-Qn, YYYY-H1, YYYY-H2 or YYYY-9M", "cần dạng YYYY-MM, YYYY-Qn, YYYY-H1, YYYY-H2 hoặc YYYY-9M")
            }
            PeriodReason::QuarterSyntax => {
                say!(f, lang => "quarter must be Q1-Q4", "quý phải từ Q1 đến Q4")
            }
            PeriodReason::MonthOutOfRange { month } => {
                say!(f, lang => "month {month} is not 1-12", "tháng {month} không nằm trong 1-12")
            }
            PeriodReason::QuarterOutOfRange { quarter } => {
                say!(f, lang => "quarter {quarter} is not 1-4", "quý {quarter} không nằm trong 1-4")
            }
            PeriodReason::YearOutOfRange { year } => {
                say!(f, lang => "year {year} is outside {MIN_YEAR}-{MAX_YEAR}", "năm {year} nằm ngoài khoảng {MIN_YEAR}-{MAX_YEAR}")
            }
            PeriodReason::NoSuchMonth => say!(f, lang => "no such month", "không có tháng này"),
            PeriodReason::DateOutOfRange => {
                say!(f, lang => "date out of range", "ngày nằm ngoài phạm vi của lịch")
            }
            PeriodReason::OutOfRange => {
                say!(f, lang => "out of range", "kỳ nằm ngoài phạm vi của lịch")
            }
            PeriodReason::NotStandard => {
                say!(f, lang => "not a standard period", "không phải kỳ chuẩn (tháng, quý, 6 tháng, 9 tháng, năm)")
            }
            PeriodReason::StartAfterEnd => {
                say!(f, lang => "start is after end", "ngày bắt đầu sau ngày kết thúc")
            }
            PeriodReason::NameEmpty => {
                say!(f, lang => "the period's name is empty", "tên kỳ để trống")
            }
            PeriodReason::NameTooLong => {
                say!(f, lang => "the period's name is longer than 200 characters", "tên kỳ dài hơn 200 ký tự")
            }
            PeriodReason::NameCharacters => {
                say!(f, lang => "the period's name holds a parenthesis or a control character", "tên kỳ có dấu ngoặc đơn hoặc ký tự điều khiển")
            }
            PeriodReason::NameIsRange => {
                say!(f, lang => "the period's name is a range of dates: give the dates as the period and a name such as \"năm 2022\"", "tên kỳ lại là một khoảng ngày: ghi khoảng ngày làm kỳ báo cáo và đặt tên như \"năm 2022\"")
            }
            PeriodReason::Date(reason) => write!(f, "{}", reason.in_lang(lang)),
        }
    }
}

crate::bilingual_via_fmt_in!(PeriodReason);

fn perr(value: impl Into<String>, reason: PeriodReason) -> ModelError {
    ModelError::InvalidPeriod {
        value: value.into(),
        reason,
    }
}

fn check_year(year: i32, value: &str) -> Result<(), ModelError> {
    if (MIN_YEAR..=MAX_YEAR).contains(&year) {
        Ok(())
    } else {
        Err(perr(value, PeriodReason::YearOutOfRange { year }))
    }
}

/// First day of `month` in `year`, or an error naming `value`.
fn first_day(year: i32, month: u32, value: &str) -> Result<NaiveDate, ModelError> {
    NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(|| perr(value, PeriodReason::NoSuchMonth))
}

/// The day before the first day `months` months after `start`.
fn end_after_months(start: NaiveDate, months: u32, value: &str) -> Result<NaiveDate, ModelError> {
    start
        .checked_add_months(Months::new(months))
        .and_then(|d| d.pred_opt())
        .ok_or_else(|| perr(value, PeriodReason::DateOutOfRange))
}

impl Period {
    fn standard(repr: Repr, value: &str) -> Result<Period, ModelError> {
        let (year, first_month, months) = match repr {
            Repr::Month { year, month } => {
                if !(1..=12).contains(&month) {
                    return Err(perr(value, PeriodReason::MonthOutOfRange { month }));
                }
                (year, month, 1)
            }
            Repr::Quarter { year, quarter } => {
                if !(1..=4).contains(&quarter) {
                    return Err(perr(value, PeriodReason::QuarterOutOfRange { quarter }));
                }
                (year, 3 * quarter - 2, 3)
            }
            Repr::Half { year, second } => (year, if second { 7 } else { 1 }, 6),
            Repr::NineMonths { year } => (year, 1, 9),
            Repr::Year { year } => (year, 1, 12),
            Repr::Custom => return Err(perr(value, PeriodReason::NotStandard)),
        };
        check_year(year, value)?;
        let start = first_day(year, first_month, value)?;
        let end = end_after_months(start, months, value)?;
        Ok(Period {
            repr,
            start,
            end,
            name: None,
        })
    }

    /// A calendar month; `month` is 1–12.
    ///
    /// ```
    /// use minhbach_model::Period;
    /// let feb = Period::month(2021, 2).unwrap();
    /// assert_eq!(feb.end().to_string(), "2021-02-28");
    /// assert_eq!(feb.to_string(), "2021-02");
    /// assert!(Period::month(2021, 13).is_err());
    /// ```
    pub fn month(year: i32, month: u32) -> Result<Period, ModelError> {
        Period::standard(Repr::Month { year, month }, &format!("{year}-{month:02}"))
    }

    /// A calendar quarter; `quarter` is 1–4.
    pub fn quarter(year: i32, quarter: u32) -> Result<Period, ModelError> {
        Period::standard(
            Repr::Quarter { year, quarter },
            &format!("{year}-Q{quarter}"),
        )
    }

    /// January–June of `year` (6 tháng đầu năm).
    pub fn first_half(year: i32) -> Result<Period, ModelError> {
        Period::standard(
            Repr::Half {
                year,
                second: false,
            },
            &format!("{year}-H1"),
        )
    }

    /// July–December of `year` (6 tháng cuối năm).
    pub fn second_half(year: i32) -> Result<Period, ModelError> {
        Period::standard(Repr::Half { year, second: true }, &format!("{year}-H2"))
    }

    /// January–September of `year` (9 tháng đầu năm).
    pub fn nine_months(year: i32) -> Result<Period, ModelError> {
        Period::standard(Repr::NineMonths { year }, &format!("{year}-9M"))
    }

    /// The calendar year.
    pub fn year(year: i32) -> Result<Period, ModelError> {
        Period::standard(Repr::Year { year }, &format!("{year}"))
    }

    /// A custom range `[start, end]`, both days included; `start` must not be after `end`.
    ///
    /// A custom range keeps its kind even when it coincides with a standard period:
    /// `2021-01-01..2021-06-30` is not equal to `2021-H1` (compare [`Period::start`] and
    /// [`Period::end`] to test for the same dates).
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use minhbach_model::Period;
    /// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    /// let q = Period::custom(d(2022, 12, 15), d(2023, 3, 14)).unwrap();
    /// assert_eq!(q.to_string(), "2022-12-15..2023-03-14");
    /// assert_eq!(q.vietnamese_name(), "từ ngày 15/12/2022 đến ngày 14/3/2023");
    /// assert_eq!(q.previous().unwrap().to_string(), "2022-09-15..2022-12-14");
    /// ```
    pub fn custom(start: NaiveDate, end: NaiveDate) -> Result<Period, ModelError> {
        let value = format!("{start}..{end}");
        check_year(start.year(), &value)?;
        check_year(end.year(), &value)?;
        if start > end {
            return Err(perr(value, PeriodReason::StartAfterEnd));
        }
        Ok(Period {
            repr: Repr::Custom,
            start,
            end,
            name: None,
        })
    }

    /// The same dates under the office's own name, used by [`Period::vietnamese_name`]: a
    /// year that runs from 15/12/2021 to 14/12/2022 is still `năm 2022` in the report. The
    /// name is trimmed; it must not be empty, hold parentheses or control characters, be a
    /// range of dates itself, or be longer than 200 characters.
    ///
    /// ```
    /// use minhbach_model::Period;
    /// let y = Period::parse("2021-12-15..2022-12-14").unwrap().named("năm 2022").unwrap();
    /// assert_eq!(y.vietnamese_name(), "năm 2022");
    /// assert_eq!(y.name(), Some("năm 2022"));
    /// assert_eq!(y.to_string(), "2021-12-15..2022-12-14 (năm 2022)");
    /// assert_eq!(Period::parse("năm 2022 (15/12/2021..14/12/2022)").unwrap(), y);
    /// assert_eq!(Period::parse(&y.to_string()).unwrap(), y);
    /// ```
    pub fn named(self, name: &str) -> Result<Period, ModelError> {
        let n = name.trim();
        let value = format!("{self} ({name})");
        if n.is_empty() {
            return Err(perr(value, PeriodReason::NameEmpty));
        }
        if n.chars().count() > 200 {
            return Err(perr(value, PeriodReason::NameTooLong));
        }
        if n.chars().any(|c| c.is_control() || c == '(' || c == ')') {
            return Err(perr(value, PeriodReason::NameCharacters));
        }
        if Period::parse(n).is_ok_and(|p| p.kind() == PeriodKind::Custom) {
            return Err(perr(value, PeriodReason::NameIsRange));
        }
        Ok(Period {
            name: Some(Arc::from(n)),
            ..self
        })
    }

    /// The office's own name, if the period was given one ([`Period::named`]).
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The period that spans exactly `[start, end]`: a named one (month, quarter, half-year,
    /// 9 months, year) when the range is one, otherwise a custom range.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use minhbach_model::Period;
    /// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    /// assert_eq!(Period::from_range(d(2021, 1, 1), d(2021, 6, 30)).unwrap().to_string(), "2021-H1");
    /// assert_eq!(Period::from_range(d(2021, 4, 1), d(2021, 6, 30)).unwrap().to_string(), "2021-Q2");
    /// assert_eq!(Period::from_range(d(2021, 2, 1), d(2021, 2, 28)).unwrap().to_string(), "2021-02");
    /// assert_eq!(
    ///     Period::from_range(d(2022, 12, 15), d(2023, 3, 14)).unwrap().to_string(),
    ///     "2022-12-15..2023-03-14"
    /// );
    /// ```
    pub fn from_range(start: NaiveDate, end: NaiveDate) -> Result<Period, ModelError> {
        let y = start.year();
        let whole_months = start.day() == 1
            && end.year() == y
            && end.succ_opt().is_none_or(|next| next.day() == 1);
        if whole_months {
            let named = match (start.month(), end.month()) {
                (1, 6) => Some(Period::first_half(y)),
                (7, 12) => Some(Period::second_half(y)),
                (1, 12) => Some(Period::year(y)),
                (1, 9) => Some(Period::nine_months(y)),
                (m0, m1) if m0 == m1 => Some(Period::month(y, m0)),
                (m0, m1) if m0 % 3 == 1 && m1 == m0 + 2 => Some(Period::quarter(y, m1 / 3)),
                _ => None,
            };
            if let Some(p) = named {
                return p;
            }
        }
        Period::custom(start, end)
    }

    /// Parses a period from its canonical text (`2021-09`, `2021-Q3`, `2021-H1`, `2021-H2`,
    /// `2021-9M`, `2021`, `2020-12-15..2021-03-14`; letters in any case; the dates of a range
    /// may also be written `DD/MM/YYYY`) or from its Vietnamese name, with or without
    /// diacritics and in any case: `tháng 9 năm 2021`, `tháng 09/2021`, `quý III năm 2021`,
    /// `quý 3/2021`, `6 tháng đầu năm 2021` (also `06 tháng …`), `6 tháng cuối năm 2021`,
    /// `9 tháng đầu năm 2021`, `năm 2021`, `từ ngày 15/12/2022 đến (ngày) 14/3/2023`.
    ///
    /// ```
    /// use minhbach_model::Period;
    /// assert_eq!(Period::parse("06 tháng đầu năm 2021").unwrap().to_string(), "2021-H1");
    /// assert_eq!(Period::parse("2021-q3").unwrap().to_string(), "2021-Q3");
    /// assert_eq!(Period::parse("15/12/2022..14/3/2023").unwrap().to_string(),
    ///            "2022-12-15..2023-03-14");
    /// let e = Period::parse("2021-Q5").unwrap_err().to_string();
    /// assert!(e.contains("\"2021-Q5\""), "{e}");
    /// ```
    pub fn parse(s: &str) -> Result<Period, ModelError> {
        let t = s.trim();
        let wrap = |e: ModelError| match e {
            ModelError::InvalidPeriod { reason, .. } => perr(s, reason),
            ModelError::InvalidDateTime { reason, .. } => perr(s, PeriodReason::Date(reason)),
            other => other,
        };
        if t.is_empty() {
            return Err(perr(s, PeriodReason::Empty));
        }
        // "RANGE (NAME)" or "NAME (RANGE)": a period under the office's own name.
        if let Some(inner) = t.strip_suffix(')') {
            if let Some((outer, inner)) = inner.rsplit_once('(') {
                let outer = outer.trim();
                // The dates are the custom range when one side is one; else the outer text.
                let (p, name) = match (Period::parse(outer), Period::parse(inner)) {
                    (Ok(a), Ok(b))
                        if b.kind() == PeriodKind::Custom && a.kind() != PeriodKind::Custom =>
                    {
                        (b, outer)
                    }
                    (Ok(a), _) => (a, inner),
                    (Err(_), Ok(b)) => (b, outer),
                    (Err(e), Err(_)) => return Err(wrap(e)),
                };
                return p.named(name).map_err(wrap);
            }
        }
        if let Some((a, b)) = t.split_once("..") {
            let start = parse_date(a).map_err(wrap)?;
            let end = parse_date(b).map_err(wrap)?;
            return Period::custom(start, end).map_err(wrap);
        }
        if let Some(year) = year4(t) {
            return Period::year(year).map_err(wrap);
        }
        if let Some((y, rest)) = t.split_once('-') {
            if let Some(year) = year4(y) {
                let r = rest.to_ascii_uppercase();
                let p = match r.as_str() {
                    "H1" => Period::first_half(year),
                    "H2" => Period::second_half(year),
                    "9M" => Period::nine_months(year),
                    _ => {
                        if let Some(q) = r.strip_prefix('Q') {
                            match small(q) {
                                Some(q) => Period::quarter(year, q),
                                None => Err(perr(s, PeriodReason::QuarterSyntax)),
                            }
                        } else {
                            match small(&r) {
                                Some(m) => Period::month(year, m),
                                None => Err(perr(s, PeriodReason::ExpectedCode)),
                            }
                        }
                    }
                };
                return p.map_err(wrap);
            }
        }
        parse_vietnamese(t)
            .unwrap_or_else(|| Err(perr(s, PeriodReason::NotRecognised)))
            .map_err(wrap)
    }

    /// What kind of period this is.
    pub fn kind(&self) -> PeriodKind {
        match self.repr {
            Repr::Month { .. } => PeriodKind::Month,
            Repr::Quarter { .. } => PeriodKind::Quarter,
            Repr::Half { second: false, .. } => PeriodKind::FirstHalf,
            Repr::Half { second: true, .. } => PeriodKind::SecondHalf,
            Repr::NineMonths { .. } => PeriodKind::NineMonths,
            Repr::Year { .. } => PeriodKind::Year,
            Repr::Custom => PeriodKind::Custom,
        }
    }

    /// The calendar year of a standard period; `None` for a custom range.
    pub fn calendar_year(&self) -> Option<i32> {
        match self.repr {
            Repr::Month { year, .. }
            | Repr::Quarter { year, .. }
            | Repr::Half { year, .. }
            | Repr::NineMonths { year }
            | Repr::Year { year } => Some(year),
            Repr::Custom => None,
        }
    }

    /// The first day of the period.
    pub fn start(&self) -> NaiveDate {
        self.start
    }

    /// The last day of the period (included).
    pub fn end(&self) -> NaiveDate {
        self.end
    }

    /// 00:00:00 on the first day.
    pub fn start_datetime(&self) -> NaiveDateTime {
        self.start.and_time(NaiveTime::MIN)
    }

    /// 23:59:59 on the last day: the conventional cut-off of a period.
    ///
    /// ```
    /// use minhbach_model::Period;
    /// let p = Period::parse("2021-H1").unwrap();
    /// assert_eq!(p.end_datetime().to_string(), "2021-06-30 23:59:59");
    /// ```
    pub fn end_datetime(&self) -> NaiveDateTime {
        self.end
            .and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN))
    }

    /// The number of days in the period, both ends included.
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }

    /// Whether `date` lies in the period (both ends included).
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use minhbach_model::Period;
    /// let q1 = Period::parse("2021-Q1").unwrap();
    /// assert!(q1.contains(NaiveDate::from_ymd_opt(2021, 3, 31).unwrap()));
    /// assert!(!q1.contains(NaiveDate::from_ymd_opt(2021, 4, 1).unwrap()));
    /// ```
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }

    /// Whether the calendar date of `t` lies in the period (any time of the last day counts,
    /// including fractions of a second after 23:59:59).
    pub fn contains_datetime(&self, t: NaiveDateTime) -> bool {
        self.contains(t.date())
    }

    /// The period of the same length just before this one, for "so với kỳ trước"
    /// comparisons: the previous month, quarter, half or year; for nine months, the nine
    /// months before (1 April–31 December of the previous year, a custom range); for a custom
    /// range that spans whole months from its start day (15/12–14/3), the same number of
    /// months before, otherwise the same number of days before. The result always ends the
    /// day before this period starts. `None` when it would fall before year 1000.
    pub fn previous(&self) -> Option<Period> {
        let r = match self.repr {
            Repr::Month { year, month } => {
                if month == 1 {
                    Period::month(year - 1, 12)
                } else {
                    Period::month(year, month - 1)
                }
            }
            Repr::Quarter { year, quarter } => {
                if quarter == 1 {
                    Period::quarter(year - 1, 4)
                } else {
                    Period::quarter(year, quarter - 1)
                }
            }
            Repr::Half { year, second: true } => Period::first_half(year),
            Repr::Half {
                year,
                second: false,
            } => Period::second_half(year - 1),
            Repr::Year { year } => Period::year(year - 1),
            Repr::NineMonths { .. } => self.shift_back(Some(9)),
            Repr::Custom => self.shift_back(month_span(self.start, self.end)),
        };
        r.ok()
    }

    /// The period of the same length just after this one (mirror of [`Period::previous`]):
    /// "phương hướng, nhiệm vụ 6 tháng cuối năm" follows a report on the first half.
    /// `None` when it would fall after year 9999.
    pub fn next(&self) -> Option<Period> {
        let r = match self.repr {
            Repr::Month { year, month } => {
                if month == 12 {
                    Period::month(year + 1, 1)
                } else {
                    Period::month(year, month + 1)
                }
            }
            Repr::Quarter { year, quarter } => {
                if quarter == 4 {
                    Period::quarter(year + 1, 1)
                } else {
                    Period::quarter(year, quarter + 1)
                }
            }
            Repr::Half {
                year,
                second: false,
            } => Period::second_half(year),
            Repr::Half { year, second: true } => Period::first_half(year + 1),
            Repr::Year { year } => Period::year(year + 1),
            Repr::NineMonths { .. } => self.shift_forward(Some(9)),
            Repr::Custom => self.shift_forward(month_span(self.start, self.end)),
        };
        r.ok()
    }

    /// The same period one year earlier ("so với cùng kỳ năm trước"). A custom range moves
    /// back twelve months (29 February becomes 28 February). `None` before year 1000.
    ///
    /// ```
    /// use minhbach_model::Period;
    /// let p = Period::parse("2021-9M").unwrap();
    /// assert_eq!(p.same_period_last_year().unwrap().to_string(), "2020-9M");
    /// ```
    pub fn same_period_last_year(&self) -> Option<Period> {
        let r = match self.repr {
            Repr::Month { year, month } => Period::month(year - 1, month),
            Repr::Quarter { year, quarter } => Period::quarter(year - 1, quarter),
            Repr::Half { year, second } => {
                if second {
                    Period::second_half(year - 1)
                } else {
                    Period::first_half(year - 1)
                }
            }
            Repr::NineMonths { year } => Period::nine_months(year - 1),
            Repr::Year { year } => Period::year(year - 1),
            Repr::Custom => {
                let back = |d: NaiveDate| d.checked_sub_months(Months::new(12));
                match (back(self.start), month_span(self.start, self.end)) {
                    (Some(s), Some(n)) => {
                        end_after_months(s, n, "").and_then(|e| Period::custom(s, e))
                    }
                    (Some(s), None) => match back(self.end) {
                        Some(e) => Period::custom(s, e),
                        None => Err(perr("", PeriodReason::OutOfRange)),
                    },
                    _ => Err(perr("", PeriodReason::OutOfRange)),
                }
            }
        };
        r.ok()
    }

    fn shift_back(&self, months: Option<u32>) -> Result<Period, ModelError> {
        let end = self
            .start
            .pred_opt()
            .ok_or_else(|| perr("", PeriodReason::OutOfRange))?;
        let start = match months {
            Some(n) => self.start.checked_sub_months(Months::new(n)),
            None => self
                .start
                .checked_sub_days(chrono::Days::new(self.days().unsigned_abs())),
        }
        .ok_or_else(|| perr("", PeriodReason::OutOfRange))?;
        Period::custom(start, end)
    }

    fn shift_forward(&self, months: Option<u32>) -> Result<Period, ModelError> {
        let start = self
            .end
            .succ_opt()
            .ok_or_else(|| perr("", PeriodReason::OutOfRange))?;
        let end = match months {
            Some(n) => end_after_months(start, n, "")?,
            None => start
                .checked_add_days(chrono::Days::new(self.days().unsigned_abs() - 1))
                .ok_or_else(|| perr("", PeriodReason::OutOfRange))?,
        };
        Period::custom(start, end)
    }

    /// The Vietnamese name as written in reports, lower case (see the module table):
    /// `6 tháng đầu năm 2021`, `quý I năm 2021`, `tháng 02 năm 2021`, `năm 2021`,
    /// `từ ngày 15/12/2020 đến ngày 14/3/2021`.
    ///
    /// ```
    /// use minhbach_model::Period;
    /// assert_eq!(Period::parse("2021-02").unwrap().vietnamese_name(), "tháng 02 năm 2021");
    /// assert_eq!(Period::parse("2021-08").unwrap().vietnamese_name(), "tháng 8 năm 2021");
    /// assert_eq!(Period::parse("2021-Q4").unwrap().vietnamese_name(), "quý IV năm 2021");
    /// ```
    pub fn vietnamese_name(&self) -> String {
        if let Some(n) = &self.name {
            return n.to_string();
        }
        match self.repr {
            Repr::Month { year, month } => format!("tháng {} năm {year}", vi_month(month)),
            Repr::Quarter { year, quarter } => {
                let roman = match quarter {
                    1 => "I",
                    2 => "II",
                    3 => "III",
                    _ => "IV",
                };
                format!("quý {roman} năm {year}")
            }
            Repr::Half {
                year,
                second: false,
            } => format!("6 tháng đầu năm {year}"),
            Repr::Half { year, second: true } => format!("6 tháng cuối năm {year}"),
            Repr::NineMonths { year } => format!("9 tháng đầu năm {year}"),
            Repr::Year { year } => format!("năm {year}"),
            Repr::Custom => format!(
                "từ ngày {} đến ngày {}",
                vi_short_date(self.start),
                vi_short_date(self.end)
            ),
        }
    }
}

/// Month number as in a Vietnamese date: 01 and 02 padded, others as they are.
fn vi_month(m: u32) -> String {
    if m < 3 {
        format!("{m:02}")
    } else {
        m.to_string()
    }
}

/// `DD/M/YYYY` as reports cite dates: day padded below 10, month padded only for 01 and 02
/// (`05/02/2021`, `31/3/2021`).
fn vi_short_date(d: NaiveDate) -> String {
    format!("{:02}/{}/{}", d.day(), vi_month(d.month()), d.year())
}

/// If `end` is the day before `start` plus a whole number of months, that number.
fn month_span(start: NaiveDate, end: NaiveDate) -> Option<u32> {
    let years = u32::try_from(end.year() - start.year()).ok()?;
    (1..=12 * (years + 1) + 1).find(|&n| {
        start
            .checked_add_months(Months::new(n))
            .and_then(|d| d.pred_opt())
            == Some(end)
    })
}

/// Exactly four ASCII digits.
fn year4(s: &str) -> Option<i32> {
    if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

/// One or two ASCII digits.
fn small(s: &str) -> Option<u32> {
    if (1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

fn roman_or_digit(s: &str) -> Option<u32> {
    match s {
        "i" | "1" | "01" => Some(1),
        "ii" | "2" | "02" => Some(2),
        "iii" | "3" | "03" => Some(3),
        "iv" | "4" | "04" => Some(4),
        _ => None,
    }
}

/// Vietnamese names; `None` when the text is not one of them.
fn parse_vietnamese(t: &str) -> Option<Result<Period, ModelError>> {
    let f = fold(t);
    let words: Vec<&str> = f.split(' ').collect();
    // "<x> nam <yyyy>" or "<x>/<yyyy>"
    let unit_year = |rest: &[&str]| -> Option<(String, i32)> {
        match rest {
            [x, "nam", y] => Some((x.to_string(), year4(y)?)),
            [xy] => {
                let (x, y) = xy.split_once('/')?;
                Some((x.to_string(), year4(y)?))
            }
            _ => None,
        }
    };
    // "Q3/2022", "Q3 2022", "Q3-2022", "H1/2022", "2022 Q3", "2022/Q3"
    let short = |code: &str, y: &str| -> Option<Result<Period, ModelError>> {
        let year = year4(y)?;
        match code {
            "h1" => Some(Period::first_half(year)),
            "h2" => Some(Period::second_half(year)),
            "9m" => Some(Period::nine_months(year)),
            _ => Some(Period::quarter(year, small(code.strip_prefix('q')?)?)),
        }
    };
    let slash: Vec<&str> = f.split(['/', ' ']).collect();
    if let [a, b] = slash.as_slice() {
        if let Some(p) = short(a, b).or_else(|| short(b, a)) {
            return Some(p);
        }
    }
    match words.as_slice() {
        ["quy", q, y] if year4(y).is_some() => Some(Period::quarter(year4(y)?, roman_or_digit(q)?)),
        ["thang", rest @ ..] => {
            let (m, y) = unit_year(rest)?;
            Some(Period::month(y, small(&m)?))
        }
        ["quy", rest @ ..] => {
            let (q, y) = unit_year(rest)?;
            Some(Period::quarter(y, roman_or_digit(&q)?))
        }
        ["6" | "06", "thang", "dau", "nam", y] | ["6" | "06", "thang", "dau", y] => {
            Some(Period::first_half(year4(y)?))
        }
        ["6" | "06", "thang", "cuoi", "nam", y] | ["6" | "06", "thang", "cuoi", y] => {
            Some(Period::second_half(year4(y)?))
        }
        ["9" | "09", "thang", "dau", "nam", y] | ["9" | "09", "thang", "dau", y] => {
            Some(Period::nine_months(year4(y)?))
        }
        ["nam", y] => Some(Period::year(year4(y)?)),
        ["tu", rest @ ..] => {
            let rest = rest.strip_prefix(&["ngay"]).unwrap_or(rest);
            let (a, rest) = rest.split_first()?;
            let rest = rest.strip_prefix(&["den"])?;
            let rest = rest.strip_prefix(&["ngay"]).unwrap_or(rest);
            let [b] = rest else { return None };
            Some(parse_date(a).and_then(|s| parse_date(b).and_then(|e| Period::custom(s, e))))
        }
        _ => None,
    }
}

impl fmt::Display for Period {
    /// The canonical text: `2021-09`, `2021-Q3`, `2021-H1`, `2021-H2`, `2021-9M`, `2021`,
    /// `2020-12-15..2021-03-14`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.repr {
            Repr::Month { year, month } => write!(f, "{year}-{month:02}"),
            Repr::Quarter { year, quarter } => write!(f, "{year}-Q{quarter}"),
            Repr::Half { year, second } => write!(f, "{year}-H{}", if second { 2 } else { 1 }),
            Repr::NineMonths { year } => write!(f, "{year}-9M"),
            Repr::Year { year } => write!(f, "{year}"),
            Repr::Custom => write!(f, "{}..{}", self.start, self.end),
        }?;
        match &self.name {
            Some(n) => write!(f, " ({n})"),
            None => Ok(()),
        }
    }
}

impl FromStr for Period {
    type Err = ModelError;
    fn from_str(s: &str) -> Result<Period, ModelError> {
        Period::parse(s)
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Period {
    /// Orders by start date, then end date, then kind.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.start, self.end, self.kind()).cmp(&(other.start, other.end, other.kind()))
    }
}

serde_via_str!(Period, "a period such as \"2021-H1\", \"2021-Q3\", \"2021-09\", \"2021\", \"2021-9M\" or \"2020-12-15..2021-03-14\"");

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn standard_bounds() {
        let cases = [
            ("2021-02", d(2021, 2, 1), d(2021, 2, 28)),
            ("2020-02", d(2020, 2, 1), d(2020, 2, 29)),
            ("2021-Q3", d(2021, 7, 1), d(2021, 9, 30)),
            ("2021-H1", d(2021, 1, 1), d(2021, 6, 30)),
            ("2021-H2", d(2021, 7, 1), d(2021, 12, 31)),
            ("2021-9M", d(2021, 1, 1), d(2021, 9, 30)),
            ("2021", d(2021, 1, 1), d(2021, 12, 31)),
            ("2020-12-15..2021-03-14", d(2020, 12, 15), d(2021, 3, 14)),
        ];
        for (s, a, b) in cases {
            let p = Period::parse(s).unwrap();
            assert_eq!((p.start(), p.end()), (a, b), "{s}");
            assert_eq!(p.to_string(), s);
        }
    }

    #[test]
    fn vietnamese_names_and_parse_back() {
        let cases = [
            ("2021-H1", "6 tháng đầu năm 2021"),
            ("2021-H2", "6 tháng cuối năm 2021"),
            ("2021-9M", "9 tháng đầu năm 2021"),
            ("2021-Q1", "quý I năm 2021"),
            ("2021-01", "tháng 01 năm 2021"),
            ("2021-11", "tháng 11 năm 2021"),
            ("2021", "năm 2021"),
            (
                "2022-12-15..2023-03-14",
                "từ ngày 15/12/2022 đến ngày 14/3/2023",
            ),
        ];
        for (s, vi) in cases {
            let p = Period::parse(s).unwrap();
            assert_eq!(p.vietnamese_name(), vi);
            assert_eq!(Period::parse(vi).unwrap(), p, "{vi}");
        }
        for (s, canon) in [
            ("06 tháng đầu năm 2021", "2021-H1"),
            ("6 THÁNG CUỐI NĂM 2021", "2021-H2"),
            ("quy 3/2021", "2021-Q3"),
            ("Quý IV/2021", "2021-Q4"),
            ("tháng 02/2021", "2021-02"),
            ("tháng 8 năm 2021", "2021-08"),
            ("từ ngày 15/12/2022 đến 14/3/2023", "2022-12-15..2023-03-14"),
            ("2021-9", "2021-09"),
            ("2021-h2", "2021-H2"),
            ("2021-9m", "2021-9M"),
            ("Q3/2022", "2022-Q3"),
            ("q3-2022", "2022-Q3"),
            ("Q3 2022", "2022-Q3"),
            ("2022/Q4", "2022-Q4"),
            ("H1/2022", "2022-H1"),
            ("h2 2022", "2022-H2"),
            ("quý 3/2022", "2022-Q3"),
            ("Quý III/2022", "2022-Q3"),
            ("quý 3 năm 2022", "2022-Q3"),
            ("quý 3 2022", "2022-Q3"),
            ("6 tháng đầu năm 2022", "2022-H1"),
            ("6 tháng đầu 2022", "2022-H1"),
            ("9 tháng đầu năm 2022", "2022-9M"),
            ("Năm 2022", "2022"),
            (
                "2022 (2022-01-01..2022-12-31)",
                "2022-01-01..2022-12-31 (2022)",
            ),
            (
                "năm 2022 (15/12/2021..14/12/2022)",
                "2021-12-15..2022-12-14 (năm 2022)",
            ),
            (
                "quý I năm 2023 (từ ngày 15/12/2022 đến ngày 14/3/2023)",
                "2022-12-15..2023-03-14 (quý I năm 2023)",
            ),
            (
                "2021-12-15..2022-12-14 (năm 2022)",
                "2021-12-15..2022-12-14 (năm 2022)",
            ),
            (
                "năm 2022 (từ ngày 15/12/2021 đến ngày 14/12/2022)",
                "2021-12-15..2022-12-14 (năm 2022)",
            ),
        ] {
            assert_eq!(Period::parse(s).unwrap().to_string(), canon, "{s}");
        }
    }

    #[test]
    fn previous_and_next() {
        let p = |s: &str| Period::parse(s).unwrap();
        assert_eq!(p("2021-01").previous().unwrap(), p("2020-12"));
        assert_eq!(p("2021-Q1").previous().unwrap(), p("2020-Q4"));
        assert_eq!(p("2021-H2").previous().unwrap(), p("2021-H1"));
        assert_eq!(p("2021").previous().unwrap(), p("2020"));
        assert_eq!(
            p("2021-9M").previous().unwrap(),
            p("2020-04-01..2020-12-31")
        );
        assert_eq!(
            p("2022-12-15..2023-03-14").previous().unwrap(),
            p("2022-09-15..2022-12-14")
        );
        assert_eq!(
            p("2022-12-15..2023-03-14").next().unwrap(),
            p("2023-03-15..2023-06-14")
        );
        // not month-aligned: same number of days
        assert_eq!(
            p("2021-01-10..2021-01-19").previous().unwrap(),
            p("2020-12-31..2021-01-09")
        );
        assert_eq!(p("1000").previous(), None);
        assert_eq!(p("9999-12").next(), None);
        assert_eq!(
            p("2020-12-15..2021-03-14").same_period_last_year().unwrap(),
            p("2019-12-15..2020-03-14")
        );
    }

    #[test]
    fn errors_name_the_value() {
        for s in [
            "",
            "2021-Q0",
            "2021-Q5",
            "2021-H3",
            "2021-13",
            "2021-00",
            "0999",
            "quý V năm 2021",
            "2021-03-01..2021-02-01",
            "2021-02-30..2021-03-01",
            "foo",
            "..",
            "tháng 13/2021",
            "Q5/2022",
            "H3/2022",
            "quý 5 năm 2022",
            "năm 2022 ()",
            "(2021)",
        ] {
            let e = Period::parse(s).unwrap_err().to_string();
            assert!(e.contains(&format!("{s:?}")), "{s}: {e}");
        }
    }

    #[test]
    fn serde_is_the_canonical_text() {
        let p = Period::parse("2021-H1").unwrap();
        assert_eq!(serde_json::to_string(&p).unwrap(), "\"2021-H1\"");
        let back: Period = serde_json::from_str("\"6 tháng đầu năm 2021\"").unwrap();
        assert_eq!(back, p);
        let y: Period = serde_json::from_str("2021").unwrap();
        assert_eq!(y.to_string(), "2021");
        assert!(serde_json::from_str::<Period>("\"2021-Q9\"").is_err());
    }

    fn any_period() -> impl Strategy<Value = Period> {
        let year = 1000i32..=9999;
        prop_oneof![
            (year.clone(), 1u32..=12).prop_map(|(y, m)| Period::month(y, m).unwrap()),
            (year.clone(), 1u32..=4).prop_map(|(y, q)| Period::quarter(y, q).unwrap()),
            year.clone().prop_map(|y| Period::first_half(y).unwrap()),
            year.clone().prop_map(|y| Period::second_half(y).unwrap()),
            year.clone().prop_map(|y| Period::nine_months(y).unwrap()),
            year.clone().prop_map(|y| Period::year(y).unwrap()),
            (0i64..3_000_000, 0i64..2000).prop_map(|(a, len)| {
                let s = d(1000, 1, 1) + chrono::Duration::days(a);
                Period::custom(s, s + chrono::Duration::days(len)).unwrap()
            }),
        ]
    }

    proptest! {
        #[test]
        fn from_range_recovers_every_period(p in any_period()) {
            let q = Period::from_range(p.start(), p.end()).unwrap();
            prop_assert_eq!((q.start(), q.end()), (p.start(), p.end()));
            // A custom range may happen to span a named period; every named one comes back.
            if p.kind() != PeriodKind::Custom {
                prop_assert_eq!(q, p);
            }
        }

        #[test]
        fn parse_never_panics(s in ".*") {
            let _ = Period::parse(&s);
        }

        #[test]
        fn parse_never_panics_on_near_misses(s in "[0-9]{1,5}(-[QqHh]?[0-9]{0,3}[Mm]?)?(\\.\\.[0-9/-]{0,12})?") {
            if let Err(e) = Period::parse(&s) {
                let msg = e.to_string();
                prop_assert!(msg.contains(&format!("{s:?}")), "{}", msg);
            }
        }

        #[test]
        fn display_parse_identity(p in any_period()) {
            prop_assert_eq!(Period::parse(&p.to_string()).unwrap(), p.clone());
            prop_assert_eq!(Period::parse(&p.vietnamese_name()).unwrap(), p.clone());
            let json = serde_json::to_string(&p).unwrap();
            prop_assert_eq!(serde_json::from_str::<Period>(&json).unwrap(), p);
        }

        #[test]
        fn neighbours_are_adjacent(p in any_period()) {
            prop_assert!(p.start() <= p.end());
            prop_assert!(p.contains(p.start()) && p.contains(p.end()));
            if let Some(q) = p.previous() {
                prop_assert_eq!(q.end().succ_opt().unwrap(), p.start());
            }
            if let Some(n) = p.next() {
                prop_assert_eq!(n.start(), p.end().succ_opt().unwrap());
                if !matches!(p.kind(), PeriodKind::Custom | PeriodKind::NineMonths) {
                    prop_assert_eq!(n.previous(), Some(p.clone()));
                    prop_assert_eq!(n.days() / 28, p.days() / 28);
                }
            }
        }
    }

    #[test]
    fn every_period_reason_keeps_its_english_and_has_vietnamese() {
        let all = [
            (PeriodReason::Empty, "empty"),
            (PeriodReason::NotRecognised, "not a recognised period"),
            (
                PeriodReason::ExpectedCode,
                "expected YYYY-MM, YYYY-Qn, YYYY-H1, YYYY-H2 or YYYY-9M",
            ),
            (PeriodReason::QuarterSyntax, "quarter must be Q1-Q4"),
            (
                PeriodReason::MonthOutOfRange { month: 13 },
                "month 13 is not 1-12",
            ),
            (
                PeriodReason::QuarterOutOfRange { quarter: 5 },
                "quarter 5 is not 1-4",
            ),
            (
                PeriodReason::YearOutOfRange { year: 10000 },
                "year 10000 is outside 1000-9999",
            ),
            (PeriodReason::NoSuchMonth, "no such month"),
            (PeriodReason::DateOutOfRange, "date out of range"),
            (PeriodReason::OutOfRange, "out of range"),
            (PeriodReason::NotStandard, "not a standard period"),
            (PeriodReason::StartAfterEnd, "start is after end"),
            (PeriodReason::NameEmpty, "the period's name is empty"),
            (
                PeriodReason::NameTooLong,
                "the period's name is longer than 200 characters",
            ),
            (
                PeriodReason::NameCharacters,
                "the period's name holds a parenthesis or a control character",
            ),
            (
                PeriodReason::NameIsRange,
                "the period's name is a range of dates: give the dates as the period and a \
                 name such as \"năm 2022\"",
            ),
            (
                PeriodReason::Date(DateReason::NoSuchDay),
                "no such day in that month",
            ),
        ];
        for (r, en) in &all {
            assert_eq!(r.to_string(), *en);
        }
        let reasons: Vec<PeriodReason> = all.into_iter().map(|(r, _)| r).collect();
        assert_eq!(crate::lang::untranslated(&reasons), Vec::<String>::new());
        for r in &reasons {
            let vi = r.in_lang(Lang::Vi).to_string();
            for w in [
                " is ", " not ", "the ", "period", "expected", "must", "range",
            ] {
                assert!(!vi.contains(w), "{w:?} in {vi:?}");
            }
        }
        // The errors carry the reasons typed: the date's own reason, not its English text.
        let e = Period::parse("31/02/2021..30/06/2021").unwrap_err();
        assert_eq!(
            e,
            ModelError::InvalidPeriod {
                value: "31/02/2021..30/06/2021".into(),
                reason: PeriodReason::Date(DateReason::NoSuchDay),
            }
        );
        assert_eq!(
            e.in_lang(Lang::Vi).to_string(),
            "kỳ báo cáo không hợp lệ \"31/02/2021..30/06/2021\": tháng đó không có ngày này"
        );
        let e = Period::parse("2021-Q5").unwrap_err();
        assert_eq!(
            e.in_lang(Lang::Vi).to_string(),
            "kỳ báo cáo không hợp lệ \"2021-Q5\": quý 5 không nằm trong 1-4"
        );
    }
}
