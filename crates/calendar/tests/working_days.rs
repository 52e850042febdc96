//! Working-day arithmetic, schedules and due dates.
#![cfg(test)] // clippy.toml's allow-*-in-tests then covers this file's helpers too

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use minhbach_calendar::{
    Calendar, CalendarError, DayKind, DueRule, ScheduleSource, Schedules, YearSchedule,
};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn at(y: i32, m: u32, day: u32, h: u32, min: u32) -> NaiveDateTime {
    d(y, m, day).and_hms_opt(h, min, 0).unwrap()
}

fn cal() -> Calendar {
    Calendar::vietnam(2018, 2027).unwrap()
}

#[test]
fn worked_example_tet_2021() {
    // Received Friday 05/02/2021, 5 working days → 19/02/2021 (Tết 10–16/02/2021 skipped).
    let c = cal();
    assert_eq!(d(2021, 2, 5).weekday(), Weekday::Fri);
    assert_eq!(
        c.add_working_days(d(2021, 2, 5), 5).unwrap(),
        d(2021, 2, 19)
    );
    assert_eq!(
        c.due_at(at(2021, 2, 5, 8, 0), 5, &DueRule::default())
            .unwrap(),
        at(2021, 2, 19, 17, 0)
    );
    for day in 10..=16 {
        assert!(!c.is_working_day(d(2021, 2, day)), "{day}/02/2021");
    }
    assert!(c.is_working_day(d(2021, 2, 9)));
    assert!(c.is_working_day(d(2021, 2, 17)));
    assert_eq!(
        c.working_days_between(d(2021, 2, 5), d(2021, 2, 19))
            .unwrap(),
        5
    );
    assert_eq!(
        c.working_days_between(d(2021, 2, 19), d(2021, 2, 5))
            .unwrap(),
        -5
    );
}

#[test]
fn official_swaps() {
    let c = cal();
    // 2025: Friday 02/05 off, Saturday 26/04 worked.
    assert!(!c.is_working_day(d(2025, 5, 2)));
    assert!(c.is_working_day(d(2025, 4, 26)));
    // 2024: Monday 29/04 off, Saturday 04/05 worked.
    assert!(!c.is_working_day(d(2024, 4, 29)));
    assert!(c.is_working_day(d(2024, 5, 4)));
    // 2026: Friday 02/01 off, Saturday 10/01 worked.
    assert!(!c.is_working_day(d(2026, 1, 2)));
    assert!(c.is_working_day(d(2026, 1, 10)));
    // 2019: Monday 31/12/2018 off (2019 announcement), Saturday 05/01/2019 worked.
    assert!(!c.is_working_day(d(2018, 12, 31)));
    assert!(c.is_working_day(d(2019, 1, 5)));
    // A calendar for 2018 alone still applies the 2019 announcement to 31/12/2018.
    let c2018 = Calendar::vietnam(2018, 2018).unwrap();
    assert!(!c2018.is_working_day(d(2018, 12, 31)));
    // Tết 2025 (25/01–02/02) and 2026 (14/02–22/02).
    for day in [27, 28, 29, 30, 31] {
        assert!(!c.is_working_day(d(2025, 1, day)));
    }
    assert!(c.is_working_day(d(2025, 2, 3)));
    for day in 16..=20 {
        assert!(!c.is_working_day(d(2026, 2, day)));
    }
    // Quốc khánh 2025: 01/09 and 02/09.
    assert!(!c.is_working_day(d(2025, 9, 1)));
    assert!(!c.is_working_day(d(2025, 9, 2)));
    assert!(c.is_working_day(d(2025, 9, 3)));
}

#[test]
fn sources_and_holiday_lists() {
    let c = cal();
    assert_eq!(c.source(2018).unwrap(), ScheduleSource::Statutory);
    for y in 2019..=2026 {
        assert_eq!(c.source(y).unwrap(), ScheduleSource::Official, "{y}");
    }
    assert_eq!(c.source(2027).unwrap(), ScheduleSource::Statutory);
    assert!(matches!(
        c.source(2030),
        Err(CalendarError::YearOutOfRange { year: 2030, .. })
    ));
    let y2023 = c.holidays(2023).unwrap();
    let gio_to = y2023.get(d(2023, 4, 29)).unwrap();
    assert_eq!(gio_to.kind, DayKind::HungKings);
    assert_eq!(gio_to.name, "Giỗ Tổ Hùng Vương (10/3 âm lịch)");
    let tet = y2023.get(d(2023, 1, 20)).unwrap();
    assert_eq!(tet.name, "Tết Nguyên đán Quý Mão");
    let s2027 = c.holidays(2027).unwrap();
    assert!(s2027
        .note
        .as_deref()
        .unwrap()
        .contains("no official schedule"));
    // 2027: Tết 06/02/2027 (Saturday): 05/02 … 09/02 + compensatory 10/02 and 11/02.
    let tet_off: Vec<NaiveDate> = s2027
        .days_off()
        .filter(|x| !matches!(x.date.weekday(), Weekday::Sat | Weekday::Sun))
        .filter(|x| x.date.month() == 2)
        .map(|x| x.date)
        .collect();
    assert_eq!(
        tet_off,
        [
            d(2027, 2, 5),
            d(2027, 2, 8),
            d(2027, 2, 9),
            d(2027, 2, 10),
            d(2027, 2, 11)
        ]
    );
}

#[test]
fn working_days_per_year() {
    let c = cal();
    // 2021: 261 weekdays − 11 holidays on weekdays (Tết 5, 1/1, 21/4, 30/4, 3/5, 2/9, 3/9).
    assert_eq!(c.working_days_in_year(2021).unwrap(), 250);
    // 2025: 261 weekdays − 11 + 1 make-up Saturday − 1 swapped Friday.
    assert_eq!(c.working_days_in_year(2025).unwrap(), 250);
}

#[test]
fn next_and_previous() {
    let c = cal();
    assert_eq!(c.next_working_day(d(2021, 2, 9)).unwrap(), d(2021, 2, 17));
    assert_eq!(
        c.previous_working_day(d(2021, 2, 17)).unwrap(),
        d(2021, 2, 9)
    );
    assert_eq!(c.next_working_day(d(2024, 6, 15)).unwrap(), d(2024, 6, 17));
    assert_eq!(
        c.previous_working_day(d(2024, 6, 16)).unwrap(),
        d(2024, 6, 14)
    );
    assert_eq!(
        c.add_working_days(d(2024, 6, 15), 0).unwrap(),
        d(2024, 6, 15)
    );
    // Saturday receipt, 1 working day: Monday.
    assert_eq!(
        c.add_working_days(d(2024, 6, 15), 1).unwrap(),
        d(2024, 6, 17)
    );
}

#[test]
fn range_errors_name_the_date() {
    let c = Calendar::vietnam(2021, 2021).unwrap();
    assert_eq!(c.range(), (d(2021, 1, 1), d(2021, 12, 31)));
    assert_eq!(c.years(), (2021, 2021));
    let e = c.add_working_days(d(2022, 1, 3), 1).unwrap_err();
    assert!(matches!(e, CalendarError::DateOutOfRange { .. }));
    assert!(e.to_string().contains("2022-01-03"), "{e}");
    let e = c.add_working_days(d(2021, 12, 30), 5).unwrap_err();
    assert!(
        matches!(
            e,
            CalendarError::BeyondRange {
                working_days: 5,
                ..
            }
        ),
        "{e}"
    );
    assert!(e.to_string().contains("2021-12-30"), "{e}");
    assert!(c
        .working_days_between(d(2020, 12, 31), d(2021, 1, 5))
        .is_err());
    assert!(c.previous_working_day(d(2021, 1, 4)).is_err()); // 1/1 holiday, 2–3 weekend
    assert!(c
        .due_at(at(2021, 12, 31, 9, 0), 3, &DueRule::default())
        .is_err());
    // Outside the range: weekday rule only.
    assert!(c.is_working_day(d(2030, 1, 1))); // a Tuesday and a holiday, but out of range
    assert!(!c.is_working_day(d(2030, 1, 5)));
    for (a, b) in [(2022, 2021), (1899, 1950), (2000, 2101)] {
        let e = Calendar::vietnam(a, b).unwrap_err();
        assert!(matches!(e, CalendarError::InvalidYearRange { .. }), "{e}");
        assert!(e.to_string().contains(&a.to_string()), "{e}");
    }
}

#[test]
fn due_rule_conventions() {
    let c = cal();
    let rule = DueRule::default();
    let after = DueRule::default().with_after_cutoff_counts_from_next_working_day(true);
    let shift = DueRule::default().with_non_working_receipt_is_next_working_day(true);
    // Office close and cut-off are configurable.
    let late = DueRule::default()
        .with_office_close(NaiveTime::from_hms_opt(16, 30, 0).unwrap())
        .with_same_day_cutoff(NaiveTime::from_hms_opt(11, 0, 0).unwrap());
    type Minute = (i32, u32, u32, u32, u32);
    // (received, working days, rule, due).
    let cases: [(Minute, u32, &DueRule, Minute); 9] = [
        // Same-day procedure: 15:00 exactly is still "before" the cut-off.
        ((2024, 6, 14, 15, 0), 0, &rule, (2024, 6, 14, 17, 0)),
        ((2024, 6, 14, 15, 1), 0, &rule, (2024, 6, 17, 17, 0)),
        // Same-day procedure received on a Saturday: Monday.
        ((2024, 6, 15, 9, 0), 0, &rule, (2024, 6, 17, 17, 0)),
        // N > 0: the receipt time does not matter by default.
        ((2024, 6, 12, 16, 30), 2, &rule, (2024, 6, 14, 17, 0)),
        ((2024, 6, 12, 16, 30), 2, &after, (2024, 6, 17, 17, 0)),
        ((2024, 6, 12, 14, 30), 2, &after, (2024, 6, 14, 17, 0)),
        // Saturday receipt, 1 day: Monday by default, Tuesday with the UNVERIFIED option.
        ((2024, 6, 15, 9, 0), 1, &rule, (2024, 6, 17, 17, 0)),
        ((2024, 6, 15, 9, 0), 1, &shift, (2024, 6, 18, 17, 0)),
        ((2024, 6, 14, 11, 30), 0, &late, (2024, 6, 17, 16, 30)),
    ];
    for ((y, m, d, h, min), days, rule, (dy, dm, dd, dh, dmin)) in cases {
        assert_eq!(
            c.due_at(at(y, m, d, h, min), days, rule).unwrap(),
            at(dy, dm, dd, dh, dmin),
            "received {y}-{m}-{d} {h}:{min}, {days} days, {rule:?}"
        );
    }
}

#[test]
fn due_rule_serde() {
    let rule = DueRule::default();
    let json = serde_json::to_string(&rule).unwrap();
    assert_eq!(
        json,
        r#"{"office_close":"17:00:00","same_day_cutoff":"15:00:00","after_cutoff_counts_from_next_working_day":false,"non_working_receipt_is_next_working_day":false}"#
    );
    assert_eq!(serde_json::from_str::<DueRule>(&json).unwrap(), rule);
    let partial: DueRule = serde_json::from_str(r#"{"office_close":"16:30:00"}"#).unwrap();
    assert_eq!(
        partial.office_close,
        NaiveTime::from_hms_opt(16, 30, 0).unwrap()
    );
    assert_eq!(partial.same_day_cutoff, rule.same_day_cutoff);
    assert!(serde_json::from_str::<DueRule>(r#"{"cutoff":"1"}"#).is_err());
}

#[test]
fn schedule_files_override_and_report_errors() {
    let file = r#"
[[year]]
year = 2021
reference = "Lịch nghỉ riêng của tỉnh (thử nghiệm)"
off = [ { from = "2021-02-11", to = "2021-02-17", kind = "lunar_new_year" } ]
work = [ { date = "2021-02-20" } ]
"#;
    let c = Calendar::builder()
        .years(2021, 2021)
        .schedule_file(file)
        .build()
        .unwrap();
    assert_eq!(c.source(2021).unwrap(), ScheduleSource::File);
    assert!(c.is_working_day(d(2021, 2, 10)));
    assert!(!c.is_working_day(d(2021, 2, 17)));
    assert!(c.is_working_day(d(2021, 2, 20)));
    // The file replaces the whole year: 1/1/2021 is not in it, so it is a working day.
    assert!(c.is_working_day(d(2021, 1, 1)));

    let bad = "[[year]]\nyear = 2021\noff = [ { date = \"2021-02-30\" } ]\n";
    let e = Calendar::builder()
        .years(2021, 2021)
        .schedule_file_named("tinh.toml", bad)
        .build()
        .unwrap_err();
    match &e {
        CalendarError::Schedule {
            origin,
            line,
            column,
            ..
        } => {
            assert_eq!(origin, "tinh.toml");
            assert_eq!(*line, 3);
            assert_eq!(*column, 18);
        }
        other => panic!("{other:?}"),
    }
    assert!(e.to_string().contains("2021-02-30"), "{e}");
}

#[test]
fn statutory_only_calendar() {
    let c = Calendar::builder()
        .years(2021, 2021)
        .builtin_schedules(false)
        .build()
        .unwrap();
    assert_eq!(c.source(2021).unwrap(), ScheduleSource::Statutory);
    // Statutory Tết 2021: 11–15/02 + compensatory 16, 17; official started on the 10th.
    assert!(c.is_working_day(d(2021, 2, 10)));
    assert!(!c.is_working_day(d(2021, 2, 17)));
    // The dossier example gives the same due date under both schedules.
    assert_eq!(
        c.add_working_days(d(2021, 2, 5), 5).unwrap(),
        d(2021, 2, 19)
    );
}

#[test]
fn parsed_schedules_keep_their_source() {
    let mut s = Schedules::from_toml("[[year]]\nyear = 2040\n", "a").unwrap();
    s.insert(YearSchedule {
        year: 2041,
        source: ScheduleSource::Official,
        reference: None,
        note: None,
        days: vec![],
    });
    let c = Calendar::builder()
        .years(2040, 2041)
        .schedules(s)
        .build()
        .unwrap();
    assert_eq!(c.source(2040).unwrap(), ScheduleSource::File);
    assert_eq!(c.source(2041).unwrap(), ScheduleSource::Official);
    assert!(c.is_working_day(d(2040, 1, 2)));
}

#[test]
fn full_range_builds_and_is_shareable() {
    fn assert_traits<T: Clone + std::fmt::Debug + Send + Sync + 'static>() {}
    assert_traits::<Calendar>();
    let c = Calendar::vietnam(1900, 2100).unwrap();
    let c2 = c.clone();
    std::thread::spawn(move || c2.add_working_days(d(2000, 1, 1), 10_000).unwrap())
        .join()
        .unwrap();
    assert_eq!(c.range(), (d(1900, 1, 1), d(2100, 12, 31)));
    assert_eq!(c.source(1950).unwrap(), ScheduleSource::Statutory);
}

#[test]
fn year_schedule_serde() {
    let c = cal();
    let y = c.holidays(2025).unwrap();
    let json = serde_json::to_string(y).unwrap();
    assert!(json.contains(r#""source":"official""#));
    assert!(json.contains(r#""kind":"make_up""#));
    let back: YearSchedule = serde_json::from_str(&json).unwrap();
    assert_eq!(&back, y);
}

#[test]
fn debug_is_a_summary() {
    let c = Calendar::vietnam(2020, 2021).unwrap();
    let s = format!("{c:?}");
    assert!(s.contains("2020-01-01") && s.contains("Official"), "{s}");
    assert!(s.len() < 400, "{s}");
}
