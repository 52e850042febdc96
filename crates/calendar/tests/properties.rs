//! Property tests: lunar round trips, working-day arithmetic invariants, schedule parsing.
#![cfg(test)] // clippy.toml's allow-*-in-tests then covers this file's helpers too
#![allow(clippy::string_slice)] // test code: a slice off a character boundary fails the test

use std::sync::OnceLock;

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Weekday};
use minhbach_calendar::{from_lunar, holidays, to_lunar, Calendar, DueRule, LunarDate, Schedules};
use proptest::prelude::*;

fn full() -> &'static Calendar {
    static CAL: OnceLock<Calendar> = OnceLock::new();
    CAL.get_or_init(|| Calendar::vietnam(1900, 2100).unwrap())
}

fn date_in(lo: i32, hi: i32) -> impl Strategy<Value = NaiveDate> {
    let a = NaiveDate::from_ymd_opt(lo, 1, 1)
        .unwrap()
        .num_days_from_ce();
    let b = NaiveDate::from_ymd_opt(hi, 12, 31)
        .unwrap()
        .num_days_from_ce();
    (a..=b).prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap())
}

/// Naive working-day rule: weekdays, then each year's schedule (the year before, the year,
/// the year after, in that order, last one wins), as `Calendar::vietnam` documents.
fn naive_is_working(day: NaiveDate) -> bool {
    let mut working = !matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
    for y in (day.year() - 1)..=(day.year() + 1) {
        if !(1900..=2100).contains(&y) {
            continue;
        }
        if let Some(entry) = holidays(y).unwrap().get(day) {
            working = !entry.off;
        }
    }
    working
}

proptest! {
    #[test]
    fn solar_lunar_solar(day in date_in(1900, 2100)) {
        let l = to_lunar(day).unwrap();
        prop_assert!((1..=12).contains(&l.month) && (1..=30).contains(&l.day));
        prop_assert_eq!(from_lunar(l).unwrap(), day);
    }

    #[test]
    fn lunar_solar_lunar(year in 1900i32..=2100, month in 0u32..=13, day in 0u32..=31, leap in any::<bool>()) {
        let l = LunarDate::new(year, month, day, leap);
        match from_lunar(l) {
            Ok(solar) => prop_assert_eq!(to_lunar(solar).unwrap(), l),
            Err(e) => prop_assert!(e.to_string().contains(&year.to_string()), "{}", e),
        }
    }

    #[test]
    fn add_then_count_round_trips(day in date_in(1900, 2099), n in 0u32..3000) {
        let c = full();
        if let Ok(end) = c.add_working_days(day, n) {
            prop_assert_eq!(c.working_days_between(day, end).unwrap(), i64::from(n));
            prop_assert_eq!(c.working_days_between(end, day).unwrap(), -i64::from(n));
            if n > 0 {
                prop_assert!(end > day);
                prop_assert!(c.is_working_day(end));
            }
        }
    }

    #[test]
    fn add_is_monotone(day in date_in(1900, 2090), gap in 0i64..400, n in 0u32..500, m in 0u32..500) {
        let c = full();
        let (lo, hi) = (n.min(m), n.max(m));
        prop_assert!(c.add_working_days(day, lo).unwrap() <= c.add_working_days(day, hi).unwrap());
        let later = day + Duration::days(gap);
        prop_assert!(c.add_working_days(day, n).unwrap() <= c.add_working_days(later, n).unwrap());
    }

    #[test]
    fn next_working_day_is_the_first_working_day_after(day in date_in(1901, 2099)) {
        let c = full();
        let next = c.next_working_day(day).unwrap();
        let mut walk = day.succ_opt().unwrap();
        while !c.is_working_day(walk) {
            walk = walk.succ_opt().unwrap();
        }
        prop_assert_eq!(next, walk);
        prop_assert_eq!(c.previous_working_day(next).unwrap() < next, true);
    }

    #[test]
    fn is_working_day_agrees_with_the_schedules(day in date_in(1900, 2100)) {
        prop_assert_eq!(full().is_working_day(day), naive_is_working(day), "{}", day);
    }

    #[test]
    fn due_date_is_a_working_day_not_before_receipt(
        day in date_in(1901, 2099),
        secs in 0u32..86_400,
        n in 0u32..60,
        after in any::<bool>(),
        shift in any::<bool>(),
    ) {
        let c = full();
        let received = day.and_time(NaiveTime::from_num_seconds_from_midnight_opt(secs, 0).unwrap());
        let rule = DueRule::default()
            .with_after_cutoff_counts_from_next_working_day(after)
            .with_non_working_receipt_is_next_working_day(shift);
        let due = c.due_at(received, n, &rule).unwrap();
        prop_assert!(due.date() >= day);
        prop_assert!(c.is_working_day(due.date()));
        prop_assert_eq!(due.time(), rule.office_close);
        if n > 0 {
            let counted = c.working_days_between(day, due.date()).unwrap();
            prop_assert!(counted == i64::from(n) || counted == i64::from(n) + 1);
        }
    }

    #[test]
    fn schedule_parser_never_panics(text in ".{0,300}") {
        let _ = Schedules::from_toml(&text, "fuzz.toml");
    }

    #[test]
    fn schedule_parser_never_panics_on_near_valid_files(
        year in -5i64..3000,
        a in "[0-9-]{0,12}",
        b in "[0-9-]{0,12}",
        kind in "(new_year|lunar_new_year|extra|make_up|tet|)",
        cut in 0usize..200,
    ) {
        let text = format!(
            "[[year]]\nyear = {year}\noff = [ {{ from = \"{a}\", to = \"{b}\", kind = \"{kind}\" }} ]\nwork = [ {{ date = \"{a}\" }} ]\n"
        );
        let cut = cut.min(text.len());
        let cut = (0..=cut).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
        for t in [&text[..], &text[..cut]] {
            if let Err(e) = Schedules::from_toml(t, "near.toml") {
                prop_assert!(e.to_string().starts_with("near.toml:"), "{}", e);
            }
        }
    }
}
