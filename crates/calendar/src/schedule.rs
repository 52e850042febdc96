//! Public holidays and yearly civil-service schedules (lịch nghỉ lễ, Tết).
//!
//! A [`YearSchedule`] lists, for one year, the days that are **off** although they are not a
//! Saturday or Sunday (holidays, compensatory days, swapped days) — plus the holidays that fall
//! on a weekend, for the record — and the weekend days that are **working days** (làm bù).
//! Each schedule says where it comes from ([`ScheduleSource`]):
//!
//! * [`ScheduleSource::Official`]: the government's announcement for cán bộ, công chức, viên
//!   chức, shipped with the crate for 2019–2026 (`data/schedules.toml`);
//! * [`ScheduleSource::File`]: a schedule file given by the user (same format), which replaces
//!   the shipped or statutory schedule of every year it defines;
//! * [`ScheduleSource::Statutory`]: derived from the law when no announcement is known — see
//!   [`statutory_schedule`].
//!
//! # File format
//!
//! ```toml
//! [[year]]
//! year = 2027
//! reference = "Thông báo ... (the announcement)"   # optional
//! note = "free text"                               # optional
//! off = [
//!   { date = "2027-01-01", kind = "new_year" },
//!   { from = "2027-02-05", to = "2027-02-10", kind = "lunar_new_year" },
//!   { date = "2027-05-03", kind = "compensatory", name = "Nghỉ bù ngày 1/5" },
//! ]
//! work = [ { date = "2027-02-20", name = "Làm bù cho ngày 05/02/2027" } ]
//! ```
//!
//! `off` and `work` entries have either `date` or `from` + `to` (inclusive, at most 31 days),
//! dates as `YYYY-MM-DD` between 1 December of the year before and 31 January of the year after.
//! `kind` is one of `new_year`, `lunar_new_year`, `hung_kings`, `victory_day`, `labour_day`,
//! `national_day`, `compensatory`, `swapped`, `extra` (default for `off`) and `make_up` (default
//! for `work`); `name` defaults to the kind's Vietnamese name. Errors give the line and column.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::lunar::{can_chi_year, from_lunar, lunar_new_year, LunarDate};
use crate::{CalendarError, InternalReason, ScheduleReason};

/// The shipped official schedules (2019–2026).
pub const BUILTIN_SCHEDULES_TOML: &str = include_str!("../data/schedules.toml");

/// Where a year's schedule comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScheduleSource {
    /// The government's announcement for the year, shipped with the crate.
    Official,
    /// Derived from the Labour Code because no announcement is known for the year.
    Statutory,
    /// Loaded from a user-supplied schedule file.
    File,
}

impl fmt::Display for ScheduleSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ScheduleSource::Official => "official",
            ScheduleSource::Statutory => "statutory",
            ScheduleSource::File => "file",
        })
    }
}

/// Why a day is listed in a schedule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DayKind {
    /// Tết Dương lịch, 1 January.
    NewYear,
    /// Tết Âm lịch (Tết Nguyên đán).
    LunarNewYear,
    /// Giỗ Tổ Hùng Vương, 10 tháng 3 âm lịch.
    HungKings,
    /// Ngày Chiến thắng, 30 April.
    VictoryDay,
    /// Ngày Quốc tế lao động, 1 May.
    LabourDay,
    /// Quốc khánh, 2 September and one adjacent day.
    NationalDay,
    /// Nghỉ bù: a holiday fell on a weekly rest day (Labour Code 2019 art. 111 k3).
    Compensatory,
    /// Nghỉ hoán đổi: a working day swapped with a weekend day that is worked instead.
    Swapped,
    /// Any other day off (a one-off decision).
    Extra,
    /// Làm bù: a weekend day that is a working day.
    MakeUp,
}

impl DayKind {
    /// The Vietnamese name officials use for this kind of day.
    ///
    /// ```
    /// use minhbach_calendar::DayKind;
    /// assert_eq!(DayKind::HungKings.vietnamese_name(), "Giỗ Tổ Hùng Vương (10/3 âm lịch)");
    /// ```
    pub fn vietnamese_name(self) -> &'static str {
        match self {
            DayKind::NewYear => "Tết Dương lịch",
            DayKind::LunarNewYear => "Tết Âm lịch",
            DayKind::HungKings => "Giỗ Tổ Hùng Vương (10/3 âm lịch)",
            DayKind::VictoryDay => "Ngày Chiến thắng (30/4)",
            DayKind::LabourDay => "Ngày Quốc tế lao động (1/5)",
            DayKind::NationalDay => "Quốc khánh (2/9)",
            DayKind::Compensatory => "Nghỉ bù",
            DayKind::Swapped => "Nghỉ hoán đổi",
            DayKind::Extra => "Ngày nghỉ",
            DayKind::MakeUp => "Làm bù",
        }
    }

    /// True for the holidays of Labour Code 2019 art. 112 k1 themselves.
    pub fn is_public_holiday(self) -> bool {
        matches!(
            self,
            DayKind::NewYear
                | DayKind::LunarNewYear
                | DayKind::HungKings
                | DayKind::VictoryDay
                | DayKind::LabourDay
                | DayKind::NationalDay
        )
    }

    fn default_name(self, year: i32) -> String {
        match self {
            DayKind::LunarNewYear => format!("Tết Nguyên đán {}", can_chi_year(year)),
            k => k.vietnamese_name().to_string(),
        }
    }
}

/// One day of a schedule.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ScheduleDay {
    /// The date.
    pub date: NaiveDate,
    /// True for a day off, false for a working day (a weekend day worked: làm bù).
    pub off: bool,
    /// Why the day is listed.
    pub kind: DayKind,
    /// Vietnamese name, e.g. "Tết Nguyên đán Tân Sửu" or "Nghỉ bù Ngày Quốc tế lao động (1/5)".
    pub name: String,
}

/// The days off and working weekend days of one year, with their source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearSchedule {
    /// The year the schedule is for (a few of its days may lie in late December of the year
    /// before or in January of the year after, e.g. 31/12/2018 in the 2019 schedule).
    pub year: i32,
    /// Where the schedule comes from.
    pub source: ScheduleSource,
    /// The announcement or law it follows.
    pub reference: Option<String>,
    /// Remarks (what was verified, what is assumed).
    pub note: Option<String>,
    /// The listed days, sorted by date (a date appears at most once).
    pub days: Vec<ScheduleDay>,
}

impl YearSchedule {
    /// The days off (holidays, compensatory and swapped days), including those on weekends.
    pub fn days_off(&self) -> impl Iterator<Item = &ScheduleDay> {
        self.days.iter().filter(|d| d.off)
    }

    /// The weekend days that are working days (làm bù).
    pub fn working_days(&self) -> impl Iterator<Item = &ScheduleDay> {
        self.days.iter().filter(|d| !d.off)
    }

    /// The entry for a date, if listed.
    pub fn get(&self, date: NaiveDate) -> Option<&ScheduleDay> {
        self.days
            .binary_search_by(|d| d.date.cmp(&date))
            .ok()
            .and_then(|i| self.days.get(i))
    }
}

/// A set of year schedules, at most one per year.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedules {
    years: BTreeMap<i32, YearSchedule>,
}

impl Schedules {
    /// The official schedules shipped with the crate (2019–2026).
    ///
    /// ```
    /// use minhbach_calendar::{Schedules, ScheduleSource};
    /// let s = Schedules::builtin()?;
    /// assert_eq!(s.get(2021).map(|y| y.source), Some(ScheduleSource::Official));
    /// # Ok::<(), minhbach_calendar::CalendarError>(())
    /// ```
    pub fn builtin() -> Result<&'static Schedules, CalendarError> {
        static BUILTIN: OnceLock<Result<Schedules, CalendarError>> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                Schedules::parse(
                    BUILTIN_SCHEDULES_TOML,
                    "<built-in schedules.toml>",
                    ScheduleSource::Official,
                )
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Parses a schedule file (format in the [module docs](self)); its years get
    /// [`ScheduleSource::File`]. `origin` names the file in error messages.
    ///
    /// ```
    /// let text = r#"
    /// [[year]]
    /// year = 2027
    /// off = [ { from = "2027-02-05", to = "2027-02-10", kind = "lunar_new_year" } ]
    /// "#;
    /// let s = minhbach_calendar::Schedules::from_toml(text, "lich-2027.toml")?;
    /// assert_eq!(s.get(2027).unwrap().days.len(), 6);
    ///
    /// let bad = "[[year]]\nyear = 2027\noff = [ { date = \"2027-02-30\" } ]\n";
    /// let err = minhbach_calendar::Schedules::from_toml(bad, "x.toml").unwrap_err();
    /// assert!(err.to_string().starts_with("x.toml:3:"), "{err}");
    /// # Ok::<(), minhbach_calendar::CalendarError>(())
    /// ```
    pub fn from_toml(text: &str, origin: &str) -> Result<Schedules, CalendarError> {
        Schedules::parse(text, origin, ScheduleSource::File)
    }

    /// The schedule of a year, if this set has one.
    pub fn get(&self, year: i32) -> Option<&YearSchedule> {
        self.years.get(&year)
    }

    /// The years this set defines, ascending.
    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.keys().copied()
    }

    /// Adds `other`'s years, replacing this set's schedule for any year both define.
    pub fn merge(&mut self, other: Schedules) {
        self.years.extend(other.years);
    }

    /// Adds or replaces one year's schedule.
    pub fn insert(&mut self, schedule: YearSchedule) {
        self.years.insert(schedule.year, schedule);
    }

    fn parse(text: &str, origin: &str, source: ScheduleSource) -> Result<Schedules, CalendarError> {
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let (line, column) = e.span().map_or((0, 0), |s| line_col(text, s.start));
            CalendarError::Schedule {
                origin: origin.to_string(),
                line,
                column,
                reason: ScheduleReason::Toml {
                    detail: e.message().trim().to_string(),
                },
            }
        })?;
        let err = |span: std::ops::Range<usize>, reason: ScheduleReason| {
            let (line, column) = line_col(text, span.start);
            CalendarError::Schedule {
                origin: origin.to_string(),
                line,
                column,
                reason,
            }
        };
        let mut years = BTreeMap::new();
        for raw_year in raw.year {
            let year_span = raw_year.year.span();
            let year = *raw_year.year.get_ref();
            let year = i32::try_from(year)
                .ok()
                .filter(|y| (1900..=2100).contains(y))
                .ok_or_else(|| err(year_span.clone(), ScheduleReason::YearOutOfRange { year }))?;
            let lo = NaiveDate::from_ymd_opt(year - 1, 12, 1);
            let hi = NaiveDate::from_ymd_opt(year + 1, 1, 31);
            let mut days: BTreeMap<NaiveDate, ScheduleDay> = BTreeMap::new();
            for (off, entries) in [(true, raw_year.off), (false, raw_year.work)] {
                for entry in entries {
                    let entry_span = entry.span();
                    let entry = entry.into_inner();
                    let parse_date = |s: &Spanned<String>| {
                        NaiveDate::parse_from_str(s.get_ref().trim(), "%Y-%m-%d").map_err(|e| {
                            err(
                                s.span(),
                                ScheduleReason::InvalidDate {
                                    value: s.get_ref().clone(),
                                    detail: e.to_string(),
                                },
                            )
                        })
                    };
                    let (from, to) = match (&entry.date, &entry.from, &entry.to) {
                        (Some(d), None, None) => {
                            let d = parse_date(d)?;
                            (d, d)
                        }
                        (None, Some(f), Some(t)) => {
                            let (a, b) = (parse_date(f)?, parse_date(t)?);
                            if b < a {
                                return Err(err(
                                    t.span(),
                                    ScheduleReason::ReversedRange { from: a, to: b },
                                ));
                            }
                            if (b - a).num_days() > 30 {
                                return Err(err(
                                    t.span(),
                                    ScheduleReason::RangeTooLong { from: a, to: b },
                                ));
                            }
                            (a, b)
                        }
                        _ => return Err(err(entry_span, ScheduleReason::EntryShape)),
                    };
                    let in_window =
                        |d: NaiveDate| lo.is_some_and(|lo| d >= lo) && hi.is_some_and(|hi| d <= hi);
                    if !in_window(from) || !in_window(to) {
                        return Err(err(entry_span, ScheduleReason::TooFar { date: from, year }));
                    }
                    let kind =
                        entry
                            .kind
                            .unwrap_or(if off { DayKind::Extra } else { DayKind::MakeUp });
                    let name = entry
                        .name
                        .map(|n| n.trim().to_string())
                        .filter(|n| !n.is_empty())
                        .unwrap_or_else(|| kind.default_name(year));
                    let mut d = from;
                    while d <= to {
                        if days.contains_key(&d) {
                            return Err(err(entry_span, ScheduleReason::DateTwice { date: d }));
                        }
                        days.insert(
                            d,
                            ScheduleDay {
                                date: d,
                                off,
                                kind,
                                name: name.clone(),
                            },
                        );
                        d = match d.succ_opt() {
                            Some(n) => n,
                            None => break,
                        };
                    }
                }
            }
            let schedule = YearSchedule {
                year,
                source,
                reference: raw_year.reference,
                note: raw_year.note,
                days: days.into_values().collect(),
            };
            if years.insert(year, schedule).is_some() {
                return Err(err(year_span, ScheduleReason::YearTwice { year }));
            }
        }
        Ok(Schedules { years })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    year: Vec<RawYear>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawYear {
    year: Spanned<i64>,
    #[serde(default)]
    reference: Option<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    off: Vec<Spanned<RawEntry>>,
    #[serde(default)]
    work: Vec<Spanned<RawEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    #[serde(default)]
    date: Option<Spanned<String>>,
    #[serde(default)]
    from: Option<Spanned<String>>,
    #[serde(default)]
    to: Option<Spanned<String>>,
    #[serde(default)]
    kind: Option<DayKind>,
    #[serde(default)]
    name: Option<String>,
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = text.get(..offset).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

// ---------------------------------------------------------------------------------------------
// Statutory derivation.

/// The schedule the law gives for a year when no announcement is known.
///
/// * **From 2021, Labour Code 2019 art. 112 k1:** 1/1; Tết Âm lịch 5 days — the last day of
///   the old lunar year and the first four days of the new one (the Prime Minister fixes the
///   actual days each year; official schedules often start a day earlier, e.g. 29 tháng Chạp);
///   Giỗ Tổ Hùng Vương (10/3 âm lịch); 30/4; 1/5; 2/9 plus one adjacent day. The Prime Minister
///   chooses the adjacent day; this derivation takes 1/9 when 2/9 is a Tuesday, Wednesday,
///   Friday or Saturday, 3/9 otherwise, which matches the choices of 2021–2025.
/// * **2013–2020, Labour Code 2012 art. 115:** the same list with Quốc khánh 1 day (2/9).
/// * **Before 2013, Labour Code 1994 (as amended 2007):** Tết 4 days (last day of the old year
///   and the first three of the new), Quốc khánh 1 day, Giỗ Tổ only from 2007. Years before
///   1995 are approximated by these rules.
///
/// Compensatory days (art. 111 k3): every holiday that falls on a Saturday or Sunday gives a day
/// off on the next day that is neither a weekend day nor a holiday nor already a compensatory
/// day. No make-up Saturdays: swaps exist only in official schedules.
///
/// ```
/// use chrono::NaiveDate;
/// use minhbach_calendar::{statutory_schedule, DayKind, ScheduleSource};
/// let s = statutory_schedule(2022)?;
/// assert_eq!(s.source, ScheduleSource::Statutory);
/// // 1/1/2022 was a Saturday: Monday 3/1 is the compensatory day.
/// let d = s.get(NaiveDate::from_ymd_opt(2022, 1, 3).unwrap()).unwrap();
/// assert_eq!(d.kind, DayKind::Compensatory);
/// assert_eq!(d.name, "Nghỉ bù Tết Dương lịch");
/// # Ok::<(), minhbach_calendar::CalendarError>(())
/// ```
pub fn statutory_schedule(year: i32) -> Result<YearSchedule, CalendarError> {
    if !(1900..=2100).contains(&year) {
        return Err(CalendarError::LunarOutOfRange {
            value: format!("year {year}"),
        });
    }
    let ymd = |m: u32, d: u32| {
        NaiveDate::from_ymd_opt(year, m, d).ok_or(CalendarError::Internal {
            reason: InternalReason::NoDate {
                year,
                month: m,
                day: d,
            },
        })
    };
    let mut holidays: Vec<(NaiveDate, DayKind, String)> = Vec::new();
    let mut push = |d: NaiveDate, k: DayKind, name: String| {
        if !holidays.iter().any(|(x, _, _)| *x == d) {
            holidays.push((d, k, name));
        }
    };
    push(
        ymd(1, 1)?,
        DayKind::NewYear,
        DayKind::NewYear.default_name(year),
    );
    let tet = lunar_new_year(year)?;
    // Five days from 2013 (the last day of the old year and four more), four before.
    let tet_after = if year >= 2013 { 3 } else { 2 };
    let tet_name = DayKind::LunarNewYear.default_name(year);
    for i in -1..=tet_after {
        push(
            tet + Duration::days(i),
            DayKind::LunarNewYear,
            tet_name.clone(),
        );
    }
    if year >= 2007 {
        let gio_to = from_lunar(LunarDate::new(year, 3, 10, false))?;
        push(
            gio_to,
            DayKind::HungKings,
            DayKind::HungKings.default_name(year),
        );
    }
    push(
        ymd(4, 30)?,
        DayKind::VictoryDay,
        DayKind::VictoryDay.default_name(year),
    );
    push(
        ymd(5, 1)?,
        DayKind::LabourDay,
        DayKind::LabourDay.default_name(year),
    );
    let national = ymd(9, 2)?;
    push(
        national,
        DayKind::NationalDay,
        DayKind::NationalDay.default_name(year),
    );
    if year >= 2021 {
        let adjacent = match national.weekday() {
            Weekday::Tue | Weekday::Wed | Weekday::Fri | Weekday::Sat => ymd(9, 1)?,
            Weekday::Mon | Weekday::Thu | Weekday::Sun => ymd(9, 3)?,
        };
        push(
            adjacent,
            DayKind::NationalDay,
            DayKind::NationalDay.default_name(year),
        );
    }
    holidays.sort_by_key(|(d, _, _)| *d);

    let is_weekend = |d: NaiveDate| matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
    let mut days: BTreeMap<NaiveDate, ScheduleDay> = holidays
        .iter()
        .map(|(d, k, n)| {
            (
                *d,
                ScheduleDay {
                    date: *d,
                    off: true,
                    kind: *k,
                    name: n.clone(),
                },
            )
        })
        .collect();
    for (d, kind, _) in holidays.iter().filter(|(d, _, _)| is_weekend(*d)) {
        let mut c = *d;
        loop {
            c = c.succ_opt().ok_or(CalendarError::Internal {
                reason: InternalReason::NoDayAfter { date: c },
            })?;
            if !is_weekend(c) && !days.contains_key(&c) {
                break;
            }
        }
        days.insert(
            c,
            ScheduleDay {
                date: c,
                off: true,
                kind: DayKind::Compensatory,
                name: format!("Nghỉ bù {}", kind.default_name(year)),
            },
        );
    }
    let reference = if year >= 2021 {
        "Bộ luật Lao động 2019, Điều 111 khoản 3 và Điều 112 khoản 1"
    } else if year >= 2013 {
        "Bộ luật Lao động 2012, Điều 110 khoản 3 và Điều 115 khoản 1"
    } else {
        "Bộ luật Lao động 1994 (sửa đổi 2007), Điều 73"
    };
    Ok(YearSchedule {
        year,
        source: ScheduleSource::Statutory,
        reference: Some(reference.to_string()),
        note: Some(
            "Derived from the law: no official schedule is known for this year. Tết is taken as \
             the last day of the old lunar year and the following days; the Prime Minister's \
             actual choice and any swapped Saturdays may differ."
                .to_string(),
        ),
        days: days.into_values().collect(),
    })
}

/// The schedule of a year from the crate's own data: the shipped official schedule when there
/// is one (2019–2026), otherwise the statutory one (check [`YearSchedule::source`]).
///
/// ```
/// use minhbach_calendar::{holidays, ScheduleSource};
/// let y2025 = holidays(2025)?;
/// assert_eq!(y2025.source, ScheduleSource::Official);
/// let makeup: Vec<String> = y2025.working_days().map(|d| d.date.to_string()).collect();
/// assert_eq!(makeup, ["2025-04-26"]); // Saturday worked in exchange for Friday 2/5/2025
/// assert_eq!(holidays(2031)?.source, ScheduleSource::Statutory);
/// # Ok::<(), minhbach_calendar::CalendarError>(())
/// ```
pub fn holidays(year: i32) -> Result<YearSchedule, CalendarError> {
    match Schedules::builtin()?.get(year) {
        Some(s) => Ok(s.clone()),
        None => statutory_schedule(year),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn line_col_counts_characters() {
        let t = "ab\nđệc x";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 3), (2, 1));
        let x = t.find('x').unwrap();
        assert_eq!(line_col(t, x), (2, 5));
        assert_eq!(line_col(t, 999), (2, 6));
    }

    #[test]
    fn statutory_2021_tet_and_compensation() {
        let s = statutory_schedule(2021).unwrap();
        let off: Vec<NaiveDate> = s.days_off().map(|x| x.date).collect();
        // Tết 12/02/2021 (Friday): 11–15/02, with 13 and 14 on the weekend → 16, 17.
        for day in 11..=17 {
            assert!(off.contains(&d(2021, 2, day)), "{day}");
        }
        assert!(!off.contains(&d(2021, 2, 10)));
        assert!(off.contains(&d(2021, 4, 21)));
        // 1/5/2021 Saturday → Monday 3/5.
        assert_eq!(s.get(d(2021, 5, 3)).unwrap().kind, DayKind::Compensatory);
        // 2/9/2021 Thursday → adjacent 3/9.
        assert_eq!(s.get(d(2021, 9, 3)).unwrap().kind, DayKind::NationalDay);
    }

    #[test]
    fn statutory_regimes() {
        // 2019: Quốc khánh one day, Tết 5 days.
        let s = statutory_schedule(2019).unwrap();
        assert_eq!(
            s.days_off()
                .filter(|x| x.kind == DayKind::NationalDay)
                .count(),
            1
        );
        assert_eq!(
            s.days_off()
                .filter(|x| x.kind == DayKind::LunarNewYear)
                .count(),
            5
        );
        // 2005: Tết 4 days, no Giỗ Tổ.
        let s = statutory_schedule(2005).unwrap();
        assert_eq!(
            s.days_off()
                .filter(|x| x.kind == DayKind::LunarNewYear)
                .count(),
            4
        );
        assert_eq!(
            s.days_off()
                .filter(|x| x.kind == DayKind::HungKings)
                .count(),
            0
        );
        assert!(statutory_schedule(1899).is_err());
        assert!(statutory_schedule(2101).is_err());
    }

    #[test]
    fn builtin_parses_and_covers_2019_to_2026() {
        let b = Schedules::builtin().unwrap();
        let years: Vec<i32> = b.years().collect();
        assert_eq!(years, (2019..=2026).collect::<Vec<_>>());
        for y in b.years() {
            let s = b.get(y).unwrap();
            assert_eq!(s.source, ScheduleSource::Official);
            assert!(s.reference.is_some(), "{y} has no reference");
            // Working entries are weekend days; every weekday off is named.
            for w in s.working_days() {
                assert!(
                    matches!(w.date.weekday(), Weekday::Sat | Weekday::Sun),
                    "{y}: {w:?}"
                );
            }
            // Each official year has exactly the statutory number of weekday-or-weekend
            // holiday days of each public-holiday kind, except Tết, which the PM may extend.
            assert!(s.days_off().any(|x| x.kind == DayKind::NewYear));
            assert!(s.days_off().any(|x| x.kind == DayKind::HungKings));
        }
    }

    #[test]
    fn builtin_matches_statutory_where_law_leaves_no_choice() {
        // Every official year must give at least as many weekday days off as the law.
        let b = Schedules::builtin().unwrap();
        for y in b.years() {
            let official = b.get(y).unwrap();
            let statutory = statutory_schedule(y).unwrap();
            let weekday_off = |s: &YearSchedule| {
                s.days_off()
                    .filter(|x| !matches!(x.date.weekday(), Weekday::Sat | Weekday::Sun))
                    .count() as i64
            };
            let makeup = official.working_days().count() as i64;
            assert_eq!(
                weekday_off(official) - makeup,
                weekday_off(&statutory),
                "{y}: net weekday days off differ from the law"
            );
        }
    }

    #[test]
    fn file_errors_name_line_and_column() {
        let cases = [
            ("[[year]]\nyear = 1800\n", 2, "1800"),
            ("[[year]]\nyear = 2030\noff = [ { date = \"2030-13-01\" } ]\n", 3, "2030-13-01"),
            (
                "[[year]]\nyear = 2030\noff = [ { from = \"2030-02-10\", to = \"2030-02-01\" } ]\n",
                3,
                "before",
            ),
            (
                "[[year]]\nyear = 2030\noff = [ { from = \"2030-01-01\", to = \"2030-12-01\" } ]\n",
                3,
                "31 days",
            ),
            ("[[year]]\nyear = 2030\noff = [ { date = \"2035-01-01\" } ]\n", 3, "too far"),
            ("[[year]]\nyear = 2030\noff = [ { kind = \"tet\" } ]\n", 3, "tet"),
            ("[[year]]\nyear = 2030\noff = [ { name = \"x\" } ]\n", 3, "either"),
            (
                "[[year]]\nyear = 2030\noff = [ { date = \"2030-01-01\" }, { date = \"2030-01-01\" } ]\n",
                3,
                "twice",
            ),
            ("[[year]]\nyear = 2030\n[[year]]\nyear = 2030\n", 4, "twice"),
            ("[[year]]\nyear = 2030\ncolour = 1\n", 3, "colour"),
            ("[[year]\n", 1, ""),
        ];
        for (text, line, needle) in cases {
            let e = Schedules::from_toml(text, "f.toml").unwrap_err();
            match &e {
                CalendarError::Schedule {
                    origin,
                    line: l,
                    reason,
                    ..
                } => {
                    assert_eq!(origin, "f.toml");
                    assert_eq!(*l, line, "{text:?}: {e}");
                    assert!(e.to_string().contains(needle), "{e} lacks {needle}");
                    assert!(!reason.to_string().is_empty());
                }
                other => panic!("unexpected {other:?}"),
            }
        }
    }

    #[test]
    fn file_defaults() {
        let s = Schedules::from_toml(
            "[[year]]\nyear = 2030\noff = [ { date = \"2030-02-01\", kind = \"lunar_new_year\" }, { date = \"2030-03-01\" } ]\nwork = [ { date = \"2030-03-02\" } ]\n",
            "f",
        )
        .unwrap();
        let y = s.get(2030).unwrap();
        assert_eq!(y.source, ScheduleSource::File);
        assert_eq!(
            y.get(d(2030, 2, 1)).unwrap().name,
            "Tết Nguyên đán Canh Tuất"
        );
        assert_eq!(y.get(d(2030, 3, 1)).unwrap().kind, DayKind::Extra);
        let w = y.get(d(2030, 3, 2)).unwrap();
        assert!(!w.off);
        assert_eq!(w.kind, DayKind::MakeUp);
        assert_eq!(w.name, "Làm bù");
        assert!(Schedules::from_toml("", "empty")
            .unwrap()
            .years()
            .next()
            .is_none());
    }
}
