//! O(1) due dates and working-day counts from a calendar.

use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::codes::UNKNOWN;
use super::query::WorkCalendar;
use super::time::{day_of, from_ts, ts, SECS_PER_DAY};

/// Working-day arithmetic in O(1) per dossier, precomputed from a [`WorkCalendar`] over a
/// range of days: cumulative working-day counts per day, and for each statutory time the
/// due date-time of a receipt on each day (before and after the calendar's same-day
/// cut-off, found by probing). Answers equal the calendar's own `due_at` (property-tested
/// below); outside the range it asks the calendar. Internal: embedders give the engine a
/// calendar through `DueDates`.
#[derive(Debug, Clone)]
pub(crate) struct DueTable {
    /// Day number of index 0.
    first: i64,
    /// Working days in `(first, first + i]`.
    ord: Vec<i64>,
    /// Per statutory time: per receipt day (seconds-of-day threshold, due before, due at or
    /// after the threshold).
    dues: Vec<Vec<(i64, i64, i64)>>,
    cal: Arc<dyn WorkCalendar>,
}

impl DueTable {
    /// Precomputes the days `first..=last` for the statutory times `days`.
    pub(crate) fn new(
        cal: Arc<dyn WorkCalendar>,
        first: NaiveDate,
        last: NaiveDate,
        days: &[u32],
    ) -> DueTable {
        let day0 = day_of(ts(first.and_time(NaiveTime::MIN)));
        let n = (day_of(ts(last.and_time(NaiveTime::MIN))) - day0 + 1).max(0) as usize;
        let mut ord = Vec::with_capacity(n);
        let mut acc = 0i64;
        let mut d = first;
        for i in 0..n {
            if i > 0 && cal.is_working_day(d) {
                acc += 1;
            }
            ord.push(acc);
            d = d.succ_opt().unwrap_or(d);
        }
        let mut dues: Vec<Vec<(i64, i64, i64)>> =
            vec![Vec::new(); days.iter().max().map_or(0, |m| *m as usize + 1).min(4096)];
        for &k in days {
            if k as usize >= dues.len() {
                continue;
            }
            let mut row = Vec::with_capacity(n);
            let mut day = first;
            for _ in 0..n {
                row.push(probe_day(cal.as_ref(), day, k));
                day = day.succ_opt().unwrap_or(day);
            }
            if let Some(slot) = dues.get_mut(k as usize) {
                *slot = row;
            }
        }
        DueTable {
            first: day0,
            ord,
            dues,
            cal,
        }
    }

    /// The due date-time of a dossier received at `received` with `days` working days.
    #[cfg(test)]
    pub(crate) fn due_at(&self, received: NaiveDateTime, days: u32) -> Option<NaiveDateTime> {
        match self.due_timestamp(ts(received), days) {
            UNKNOWN => None,
            t => from_ts(t),
        }
    }

    /// Working days in `(date of from, date of to]`.
    #[cfg(test)]
    pub(crate) fn working_days_between(
        &self,
        from: NaiveDateTime,
        to: NaiveDateTime,
    ) -> Option<i64> {
        self.working_days_between_ts(ts(from), ts(to))
    }

    /// [`DueTable::due_at`] on timestamps (seconds since 1970-01-01T00:00:00 of the naive
    /// local clock); `i64::MIN` when unknown.
    #[inline]
    pub(crate) fn due_timestamp(&self, recv: i64, days: u32) -> i64 {
        let idx = usize::try_from(day_of(recv) - self.first).ok();
        if let (Some(row), Some(i)) = (self.dues.get(days as usize), idx) {
            if let Some(&(thr, before, after)) = row.get(i) {
                return if recv.rem_euclid(SECS_PER_DAY) < thr {
                    before
                } else {
                    after
                };
            }
        }
        from_ts(recv)
            .and_then(|t| self.cal.due_at(t, days))
            .map(ts)
            .unwrap_or(UNKNOWN)
    }

    /// [`DueTable::working_days_between`] on timestamps.
    #[inline]
    pub(crate) fn working_days_between_ts(&self, from: i64, to: i64) -> Option<i64> {
        let a = usize::try_from(day_of(from) - self.first).ok()?;
        let b = usize::try_from(day_of(to) - self.first).ok()?;
        Some(self.ord.get(b)? - self.ord.get(a)?)
    }
}

/// Due times for receipt on `day`: the answer may change once during the day (the
/// same-day cut-off); find where by bisection over the seconds of the day.
fn probe_day(cal: &dyn WorkCalendar, day: NaiveDate, n: u32) -> (i64, i64, i64) {
    let at = |secs: i64| {
        let t = day.and_time(NaiveTime::MIN) + chrono::Duration::seconds(secs);
        cal.due_at(t, n).map(ts).unwrap_or(UNKNOWN)
    };
    let first = at(0);
    let last = at(SECS_PER_DAY - 1);
    if first == last {
        return (SECS_PER_DAY, first, first);
    }
    let (mut lo, mut hi) = (0i64, SECS_PER_DAY - 1);
    while hi - lo > 1 {
        let mid = (lo + hi) / 2;
        if at(mid) == first {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    (hi, first, last)
}

/// [`WorkCalendar`] for the Vietnamese calendar with the default [`minhbach_calendar::DueRule`].
impl WorkCalendar for minhbach_calendar::Calendar {
    fn is_working_day(&self, day: NaiveDate) -> bool {
        minhbach_calendar::Calendar::is_working_day(self, day)
    }
    fn due_at(&self, received_at: NaiveDateTime, working_days: u32) -> Option<NaiveDateTime> {
        minhbach_calendar::Calendar::due_at(
            self,
            received_at,
            working_days,
            &minhbach_calendar::DueRule::default(),
        )
        .ok()
    }
}

/// A calendar with a chosen [`minhbach_calendar::DueRule`].
#[derive(Debug, Clone)]
pub struct CalendarWithRule {
    /// The calendar.
    pub calendar: minhbach_calendar::Calendar,
    /// The due-date rule.
    pub rule: minhbach_calendar::DueRule,
}

impl WorkCalendar for CalendarWithRule {
    fn is_working_day(&self, day: NaiveDate) -> bool {
        self.calendar.is_working_day(day)
    }
    fn due_at(&self, received_at: NaiveDateTime, working_days: u32) -> Option<NaiveDateTime> {
        self.calendar
            .due_at(received_at, working_days, &self.rule)
            .ok()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use chrono::Duration;
    use minhbach_calendar::{Calendar, DueRule};
    use minhbach_model::parse_datetime;
    use proptest::prelude::*;

    use super::*;

    fn cal() -> &'static Calendar {
        static CAL: OnceLock<Calendar> = OnceLock::new();
        CAL.get_or_init(|| Calendar::vietnam(2019, 2023).unwrap())
    }

    fn table() -> &'static DueTable {
        static T: OnceLock<DueTable> = OnceLock::new();
        T.get_or_init(|| {
            let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
            DueTable::new(
                Arc::new(cal().clone()),
                d(2020, 1, 1),
                d(2022, 6, 30),
                &[0, 1, 3, 5, 15, 30],
            )
        })
    }

    #[test]
    fn tet_2021() {
        let cal = Arc::new(Calendar::vietnam(2021, 2021).unwrap());
        let d = |m, dd| NaiveDate::from_ymd_opt(2021, m, dd).unwrap();
        let table = DueTable::new(cal, d(1, 1), d(12, 31), &[5]);
        // Received Friday 05/02/2021: Mon 8, Tue 9, Tết 10–16/02 off, Wed 17, Thu 18, Fri 19.
        let due = table.due_at(parse_datetime("2021-02-05T09:00:00").unwrap(), 5);
        assert_eq!(due.unwrap().to_string(), "2021-02-19 17:00:00");
    }

    proptest! {
        #[test]
        fn table_equals_calendar(secs in 0i64..(2 * 365 * 86_400), k in 0usize..6) {
            let n = [0, 1, 3, 5, 15, 30][k];
            let t = parse_datetime("2020-01-01T00:00:00").unwrap() + Duration::seconds(secs);
            prop_assert_eq!(
                table().due_at(t, n),
                Some(cal().due_at(t, n, &DueRule::default()).unwrap())
            );
            let to = t + Duration::seconds(secs % (90 * 86_400));
            prop_assert_eq!(
                table().working_days_between(t, to),
                Some(cal().working_days_between(t.date(), to.date()).unwrap())
            );
        }
    }

    #[test]
    fn outside_the_table_asks_the_calendar() {
        let t = parse_datetime("2023-03-01T16:00:00").unwrap();
        assert_eq!(
            table().due_at(t, 3),
            Some(cal().due_at(t, 3, &DueRule::default()).unwrap())
        );
    }
}
