//! The working-day calendar and due-date arithmetic.

use std::sync::Arc;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

use crate::schedule::{statutory_schedule, ScheduleSource, Schedules, YearSchedule};
use crate::{CalendarError, InternalReason, YearRangeReason};

/// First year a [`Calendar`] can cover.
pub const MIN_YEAR: i32 = 1900;
/// Last year a [`Calendar`] can cover.
pub const MAX_YEAR: i32 = 2100;

/// A Vietnamese working-day calendar for a range of years, with O(1) queries.
///
/// Working days are Monday to Friday, minus the days off of each year's schedule, plus the
/// weekend days the schedule makes working days (làm bù). Each year's schedule is, in order of
/// preference: a schedule file given to the builder, the official schedule shipped with the
/// crate (2019–2026), or the statutory derivation ([`statutory_schedule`]). Schedules of the
/// year before and after the range are applied too, so a day like 31/12/2018 (off under the
/// 2019 announcement) is right whatever the range.
///
/// The table holds, for every day of the range, the number of working days up to it, and for
/// every working day its date, so every query is two array reads. A calendar for 1900–2100
/// takes a few milliseconds to build and about 0.6 MB; clones share it (`Arc`).
///
/// Outside its range, [`is_working_day`](Calendar::is_working_day) applies the weekday rule
/// only; every other query returns [`CalendarError::DateOutOfRange`] or
/// [`CalendarError::BeyondRange`].
///
/// ```
/// use chrono::NaiveDate;
/// use minhbach_calendar::{Calendar, DueRule};
///
/// let cal = Calendar::vietnam(2020, 2022)?;
/// let received = NaiveDate::from_ymd_opt(2021, 2, 5).unwrap(); // Friday
/// // 5 working days, day of receipt not counted, Tết 10–16/02/2021 skipped:
/// assert_eq!(cal.add_working_days(received, 5)?, NaiveDate::from_ymd_opt(2021, 2, 19).unwrap());
///
/// let due = cal.due_at(received.and_hms_opt(9, 30, 0).unwrap(), 5, &DueRule::default())?;
/// assert_eq!(due.to_string(), "2021-02-19 17:00:00");
/// # Ok::<(), minhbach_calendar::CalendarError>(())
/// ```
#[derive(Clone)]
pub struct Calendar {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Calendar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.inner.fmt(f)
    }
}

struct Inner {
    first_year: i32,
    last_year: i32,
    start: NaiveDate,
    end: NaiveDate,
    /// `num_days_from_ce` of `start`.
    start_day: i32,
    /// `cum[i]`: number of working days in `start ..= start + i`.
    cum: Vec<u32>,
    /// `ord[k]`: day index of the (k+1)-th working day of the range.
    ord: Vec<u32>,
    /// The schedule applied to each year of the range, `first_year` first.
    years: Vec<YearSchedule>,
}

impl std::fmt::Debug for Inner {
    /// A summary: the range, the number of working days and each year's source (the tables
    /// themselves hold about 150,000 entries for 1900–2100).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sources: Vec<(i32, ScheduleSource)> =
            self.years.iter().map(|y| (y.year, y.source)).collect();
        f.debug_struct("Calendar")
            .field("start", &self.start)
            .field("end", &self.end)
            .field("working_days", &self.ord.len())
            .field("sources", &sources)
            .finish()
    }
}

impl Calendar {
    /// The built-in Vietnamese calendar for `first_year..=last_year` (within 1900–2100):
    /// shipped official schedules where known (2019–2026), statutory schedules otherwise.
    ///
    /// ```
    /// let cal = minhbach_calendar::Calendar::vietnam(1900, 2100)?;
    /// assert_eq!(cal.range().0.to_string(), "1900-01-01");
    /// # Ok::<(), minhbach_calendar::CalendarError>(())
    /// ```
    pub fn vietnam(first_year: i32, last_year: i32) -> Result<Calendar, CalendarError> {
        Calendar::builder().years(first_year, last_year).build()
    }

    /// A builder, to add schedule files or leave out the shipped schedules.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use minhbach_calendar::{Calendar, ScheduleSource};
    ///
    /// let file = r#"
    /// [[year]]
    /// year = 2030
    /// off = [ { from = "2030-02-01", to = "2030-02-08", kind = "lunar_new_year" } ]
    /// "#;
    /// let cal = Calendar::builder().years(2029, 2031).schedule_file(file).build()?;
    /// assert_eq!(cal.source(2030)?, ScheduleSource::File);
    /// assert_eq!(cal.source(2031)?, ScheduleSource::Statutory);
    /// assert!(!cal.is_working_day(NaiveDate::from_ymd_opt(2030, 2, 1).unwrap()));
    /// # Ok::<(), minhbach_calendar::CalendarError>(())
    /// ```
    pub fn builder() -> CalendarBuilder {
        CalendarBuilder::default()
    }

    /// First and last day of the range (1 January of the first year, 31 December of the last).
    pub fn range(&self) -> (NaiveDate, NaiveDate) {
        (self.inner.start, self.inner.end)
    }

    /// First and last year of the range.
    pub fn years(&self) -> (i32, i32) {
        (self.inner.first_year, self.inner.last_year)
    }

    /// True if `d` is a working day. Outside the range: true for Monday to Friday.
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        match self.index(d) {
            Some(i) => self.is_working_index(i),
            None => !is_weekend(d),
        }
    }

    /// The date `n` working days after `from`, `from` itself not counted (Civil Code 2015
    /// art. 147): the n-th working day strictly after `from`. `from` may be a non-working day.
    /// `n = 0` returns `from` unchanged.
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        let i = self.checked_index(from)?;
        if n == 0 {
            return Ok(from);
        }
        let done = self.cum_at(i);
        let target = usize::try_from(u64::from(done) + u64::from(n) - 1).ok();
        target
            .and_then(|k| self.inner.ord.get(k))
            .map(|&idx| self.date_at(idx))
            .ok_or(CalendarError::BeyondRange {
                from,
                working_days: n,
                last: self.inner.end,
            })
    }

    /// Number of working days in `(from, to]`; negative (minus the working days in
    /// `(to, from]`) when `to < from`. Both dates must lie in the range.
    pub fn working_days_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<i64, CalendarError> {
        let a = self.checked_index(from)?;
        let b = self.checked_index(to)?;
        Ok(i64::from(self.cum_at(b)) - i64::from(self.cum_at(a)))
    }

    /// The first working day strictly after `d`.
    pub fn next_working_day(&self, d: NaiveDate) -> Result<NaiveDate, CalendarError> {
        self.add_working_days(d, 1)
    }

    /// The last working day strictly before `d`.
    pub fn previous_working_day(&self, d: NaiveDate) -> Result<NaiveDate, CalendarError> {
        let i = self.checked_index(d)?;
        let before = self.cum_at(i) - u32::from(self.is_working_index(i));
        before
            .checked_sub(1)
            .and_then(|k| self.inner.ord.get(usize::try_from(k).ok()?))
            .map(|&idx| self.date_at(idx))
            .ok_or(CalendarError::DateOutOfRange {
                date: d,
                first: self.inner.start,
                last: self.inner.end,
            })
    }

    /// The due date-time of a dossier received at `received_at` whose procedure takes
    /// `working_days` working days, under `rule` (see [`DueRule`] for every convention).
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use minhbach_calendar::{Calendar, DueRule};
    /// let cal = Calendar::vietnam(2024, 2024)?;
    /// let at = |d: u32, h: u32| NaiveDate::from_ymd_opt(2024, 6, d).unwrap().and_hms_opt(h, 0, 0).unwrap();
    /// let rule = DueRule::default();
    /// // Same-day procedure (chứng thực): before 15:00 → today 17:00, after → next working day.
    /// assert_eq!(cal.due_at(at(14, 10), 0, &rule)?, at(14, 17));
    /// assert_eq!(cal.due_at(at(14, 16), 0, &rule)?, at(17, 17)); // Friday → Monday
    /// // 3 working days from Friday 14/06/2024: Mon 17, Tue 18, Wed 19.
    /// assert_eq!(cal.due_at(at(14, 16), 3, &rule)?, at(19, 17));
    /// # Ok::<(), minhbach_calendar::CalendarError>(())
    /// ```
    pub fn due_at(
        &self,
        received_at: NaiveDateTime,
        working_days: u32,
        rule: &DueRule,
    ) -> Result<NaiveDateTime, CalendarError> {
        let day = received_at.date();
        let time = received_at.time();
        let working = self.is_working_day(day);
        self.checked_index(day)?;
        let after_cutoff = time > rule.same_day_cutoff;
        let due_day = if working_days == 0 {
            if working && !after_cutoff {
                day
            } else {
                self.next_working_day(day)?
            }
        } else {
            let base = if (!working && rule.non_working_receipt_is_next_working_day)
                || (working && after_cutoff && rule.after_cutoff_counts_from_next_working_day)
            {
                self.next_working_day(day)?
            } else {
                day
            };
            self.add_working_days(base, working_days)
                .map_err(|e| match e {
                    CalendarError::BeyondRange { last, .. } => CalendarError::BeyondRange {
                        from: day,
                        working_days,
                        last,
                    },
                    other => other,
                })?
        };
        Ok(due_day.and_time(rule.office_close))
    }

    /// The schedule applied to `year` (days off, make-up days, source, reference).
    ///
    /// ```
    /// use minhbach_calendar::{Calendar, ScheduleSource};
    /// let cal = Calendar::vietnam(2021, 2021)?;
    /// let y = cal.holidays(2021)?;
    /// assert_eq!(y.source, ScheduleSource::Official);
    /// let tet = y.days_off().find(|d| d.date.to_string() == "2021-02-10").unwrap();
    /// assert_eq!(tet.name, "Tết Nguyên đán Tân Sửu");
    /// # Ok::<(), minhbach_calendar::CalendarError>(())
    /// ```
    pub fn holidays(&self, year: i32) -> Result<&YearSchedule, CalendarError> {
        usize::try_from(i64::from(year) - i64::from(self.inner.first_year))
            .ok()
            .and_then(|i| self.inner.years.get(i))
            .ok_or(CalendarError::YearOutOfRange {
                year,
                first: self.inner.first_year,
                last: self.inner.last_year,
            })
    }

    /// Where `year`'s schedule comes from: official (shipped), statutory (derived) or file.
    pub fn source(&self, year: i32) -> Result<ScheduleSource, CalendarError> {
        self.holidays(year).map(|y| y.source)
    }

    /// Number of working days in a year of the range.
    pub fn working_days_in_year(&self, year: i32) -> Result<u32, CalendarError> {
        self.holidays(year)?;
        let first = NaiveDate::from_ymd_opt(year, 1, 1);
        let last = NaiveDate::from_ymd_opt(year, 12, 31);
        match (first, last) {
            (Some(a), Some(b)) => {
                let n = self.working_days_between(a, b)? + i64::from(self.is_working_day(a));
                u32::try_from(n).map_err(|_| CalendarError::Internal {
                    reason: InternalReason::NegativeWorkingDays { year },
                })
            }
            _ => Err(CalendarError::Internal {
                reason: InternalReason::NoYearEnds { year },
            }),
        }
    }

    fn index(&self, d: NaiveDate) -> Option<usize> {
        let off = d.num_days_from_ce().checked_sub(self.inner.start_day)?;
        let i = usize::try_from(off).ok()?;
        (i < self.inner.cum.len()).then_some(i)
    }

    fn checked_index(&self, d: NaiveDate) -> Result<usize, CalendarError> {
        self.index(d).ok_or(CalendarError::DateOutOfRange {
            date: d,
            first: self.inner.start,
            last: self.inner.end,
        })
    }

    fn cum_at(&self, i: usize) -> u32 {
        self.inner.cum.get(i).copied().unwrap_or(0)
    }

    fn is_working_index(&self, i: usize) -> bool {
        let before = match i.checked_sub(1) {
            Some(j) => self.cum_at(j),
            None => 0,
        };
        self.cum_at(i) > before
    }

    fn date_at(&self, idx: u32) -> NaiveDate {
        i32::try_from(idx)
            .ok()
            .and_then(|i| self.inner.start_day.checked_add(i))
            .and_then(NaiveDate::from_num_days_from_ce_opt)
            .unwrap_or(self.inner.end)
    }
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Builds a [`Calendar`]: year range, schedule files, shipped schedules on or off.
///
/// Errors (bad range, bad schedule file) are reported by [`build`](CalendarBuilder::build),
/// so the calls chain.
#[derive(Clone, Debug)]
pub struct CalendarBuilder {
    first_year: i32,
    last_year: i32,
    builtin: bool,
    files: Schedules,
    error: Option<CalendarError>,
}

impl Default for CalendarBuilder {
    /// Years 1900–2100, shipped schedules on, no files.
    fn default() -> Self {
        CalendarBuilder {
            first_year: MIN_YEAR,
            last_year: MAX_YEAR,
            builtin: true,
            files: Schedules::default(),
            error: None,
        }
    }
}

impl CalendarBuilder {
    /// The years to cover, inclusive (within 1900–2100).
    pub fn years(mut self, first_year: i32, last_year: i32) -> Self {
        self.first_year = first_year;
        self.last_year = last_year;
        self
    }

    /// Whether to use the official schedules shipped with the crate (default true). Without
    /// them, years with no schedule file get the statutory schedule.
    pub fn builtin_schedules(mut self, on: bool) -> Self {
        self.builtin = on;
        self
    }

    /// Adds a schedule file (TOML, format in [`schedule`](crate::schedule)); its years replace
    /// the shipped or statutory ones. A later file wins over an earlier one for the same year.
    pub fn schedule_file(self, toml: &str) -> Self {
        self.schedule_file_named("<schedule file>", toml)
    }

    /// Like [`schedule_file`](Self::schedule_file), naming the file in error messages.
    pub fn schedule_file_named(mut self, origin: &str, toml: &str) -> Self {
        if self.error.is_none() {
            match Schedules::from_toml(toml, origin) {
                Ok(s) => self.files.merge(s),
                Err(e) => self.error = Some(e),
            }
        }
        self
    }

    /// Adds already parsed schedules (they keep their own [`ScheduleSource`]).
    pub fn schedules(mut self, schedules: Schedules) -> Self {
        self.files.merge(schedules);
        self
    }

    /// Builds the calendar.
    pub fn build(self) -> Result<Calendar, CalendarError> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let (first_year, last_year) = (self.first_year, self.last_year);
        let invalid = |reason: YearRangeReason| CalendarError::InvalidYearRange {
            first: first_year,
            last: last_year,
            reason,
        };
        if first_year > last_year {
            return Err(invalid(YearRangeReason::Reversed));
        }
        if first_year < MIN_YEAR || last_year > MAX_YEAR {
            return Err(invalid(YearRangeReason::OutsideSupported));
        }
        let start = NaiveDate::from_ymd_opt(first_year, 1, 1)
            .ok_or_else(|| invalid(YearRangeReason::Empty))?;
        let end = NaiveDate::from_ymd_opt(last_year, 12, 31)
            .ok_or_else(|| invalid(YearRangeReason::Empty))?;
        let start_day = start.num_days_from_ce();
        let len = usize::try_from(end.num_days_from_ce() - start_day + 1)
            .map_err(|_| invalid(YearRangeReason::Empty))?;

        let builtin = if self.builtin {
            Some(Schedules::builtin()?)
        } else {
            None
        };
        let schedule_for = |y: i32| -> Result<YearSchedule, CalendarError> {
            if let Some(s) = self.files.get(y) {
                return Ok(s.clone());
            }
            if let Some(s) = builtin.and_then(|b| b.get(y)) {
                return Ok(s.clone());
            }
            statutory_schedule(y)
        };

        let mut working: Vec<bool> = (0..len)
            .map(|i| {
                i32::try_from(i)
                    .ok()
                    .and_then(|i| NaiveDate::from_num_days_from_ce_opt(start_day + i))
                    .is_some_and(|d| !is_weekend(d))
            })
            .collect();
        let mut years = Vec::with_capacity(len / 365 + 1);
        let lo = (first_year - 1).max(MIN_YEAR);
        let hi = (last_year + 1).min(MAX_YEAR);
        for y in lo..=hi {
            let schedule = schedule_for(y)?;
            for day in &schedule.days {
                let idx = day
                    .date
                    .num_days_from_ce()
                    .checked_sub(start_day)
                    .and_then(|o| usize::try_from(o).ok());
                if let Some(slot) = idx.and_then(|i| working.get_mut(i)) {
                    *slot = !day.off;
                }
            }
            if (first_year..=last_year).contains(&y) {
                years.push(schedule);
            }
        }

        let mut cum = Vec::with_capacity(len);
        let mut ord = Vec::with_capacity(len * 5 / 7 + 8);
        let mut count: u32 = 0;
        for (i, w) in working.iter().enumerate() {
            if *w {
                ord.push(u32::try_from(i).map_err(|_| invalid(YearRangeReason::TooLong))?);
                count += 1;
            }
            cum.push(count);
        }
        Ok(Calendar {
            inner: Arc::new(Inner {
                first_year,
                last_year,
                start,
                end,
                start_day,
                cum,
                ord,
                years,
            }),
        })
    }
}

/// How a due date-time is computed from the receipt date-time ([`Calendar::due_at`]).
///
/// The default follows the Civil Code and the one-stop-shop rules as far as they are verified
/// (research notes, `dossier-rules.md` §2):
///
/// * the day of receipt is not counted (Civil Code 2015 art. 147 k2): with N > 0 working days,
///   the dossier is due on the N-th working day after the receipt date;
/// * a receipt on a non-working day counts from the next working day, which is the first
///   counted day (a Saturday receipt with 1 working day is due Monday);
/// * the due time is the close of office hours, `office_close` (17:00);
/// * same-day procedures (N = 0: chứng thực, hộ tịch without a set time, secured-transaction
///   registration) received on a working day up to `same_day_cutoff` (15:00 inclusive) are due
///   that day; received after it, or on a non-working day, they are due the next working day.
///
/// Two UNVERIFIED conventions are options, off by default:
/// `after_cutoff_counts_from_next_working_day` and `non_working_receipt_is_next_working_day`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct DueRule {
    /// Due time of day (end of office hours). Default 17:00.
    pub office_close: NaiveTime,
    /// Cut-off for same-day procedures: received strictly after it, due the next working day.
    /// Default 15:00.
    pub same_day_cutoff: NaiveTime,
    /// UNVERIFIED (NĐ 61/2018 Điều 18 applies it to transfers, not due dates): when N > 0, a
    /// dossier received after the cut-off is treated as received on the next working day, which
    /// is then not counted. Default false.
    pub after_cutoff_counts_from_next_working_day: bool,
    /// UNVERIFIED (provincial practice for online dossiers): a dossier received on a non-working
    /// day is treated as received on the next working day, which is then not counted (a Saturday
    /// receipt with 1 working day is due Tuesday instead of Monday). Default false.
    pub non_working_receipt_is_next_working_day: bool,
}

impl Default for DueRule {
    fn default() -> Self {
        DueRule {
            office_close: NaiveTime::from_hms_opt(17, 0, 0).unwrap_or(NaiveTime::MIN),
            same_day_cutoff: NaiveTime::from_hms_opt(15, 0, 0).unwrap_or(NaiveTime::MIN),
            after_cutoff_counts_from_next_working_day: false,
            non_working_receipt_is_next_working_day: false,
        }
    }
}

impl DueRule {
    /// Sets the due time of day.
    pub fn with_office_close(mut self, t: NaiveTime) -> Self {
        self.office_close = t;
        self
    }

    /// Sets the same-day cut-off.
    pub fn with_same_day_cutoff(mut self, t: NaiveTime) -> Self {
        self.same_day_cutoff = t;
        self
    }

    /// Turns the UNVERIFIED "received after the cut-off counts from the next working day"
    /// convention on or off.
    pub fn with_after_cutoff_counts_from_next_working_day(mut self, on: bool) -> Self {
        self.after_cutoff_counts_from_next_working_day = on;
        self
    }

    /// Turns the UNVERIFIED "receipt on a non-working day is a receipt on the next working day"
    /// convention on or off.
    pub fn with_non_working_receipt_is_next_working_day(mut self, on: bool) -> Self {
        self.non_working_receipt_is_next_working_day = on;
        self
    }
}
