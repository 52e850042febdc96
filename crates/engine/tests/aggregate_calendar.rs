//! Due dates from the procedure catalogue and mean working days, with the Vietnamese
//! calendar: the aggregation equals one over the same dossiers with their due dates filled in
//! beforehand (the O(1) due-date table itself is property-tested against the calendar in
//! `aggregate/due.rs`).
#![cfg(test)] // clippy.toml's allow-*-in-tests then covers this file's helpers too

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use chrono::NaiveDateTime;
use minhbach_calendar::{Calendar, DueRule};
use minhbach_engine::aggregate::generate::{Generator, GeneratorConfig};
use minhbach_engine::aggregate::{
    aggregate_csv_reader, Aggregator, CalendarWithRule, DossierColumns, DueDates, GroupKey, Query,
    Window, WorkCalendar,
};
use minhbach_model::parse_datetime;

fn cal() -> &'static Calendar {
    static CAL: OnceLock<Calendar> = OnceLock::new();
    CAL.get_or_init(|| Calendar::vietnam(2019, 2023).unwrap())
}

#[test]
fn calendar_with_a_custom_rule() {
    let t = parse_datetime("2023-03-01T16:00:00").unwrap();
    let rule = DueRule::default().with_after_cutoff_counts_from_next_working_day(true);
    let custom = CalendarWithRule {
        calendar: cal().clone(),
        rule: rule.clone(),
    };
    assert_eq!(
        WorkCalendar::due_at(&custom, t, 3),
        Some(cal().due_at(t, 3, &rule).unwrap())
    );
}

#[test]
fn catalogue_due_dates_and_working_days() {
    let _t = |s| parse_datetime(s).unwrap();
    let period = "2021-H1".parse::<Window>().unwrap();
    let g = Generator::new(GeneratorConfig {
        rows: 4000,
        ..GeneratorConfig::default()
    });
    let mut ds = g.dossiers();
    // statutory times per procedure code; half the dossiers lose their due date
    let mut catalogue = BTreeMap::new();
    for d in &ds {
        let code = d.procedure_code.clone().unwrap();
        let n = (code.bytes().map(u32::from).sum::<u32>() % 20) + 1;
        catalogue.insert(code, n);
    }
    catalogue.remove("1.00nope");
    let mut filled = ds.clone();
    for (i, (d, f)) in ds.iter_mut().zip(filled.iter_mut()).enumerate() {
        if i % 2 == 0 {
            d.due_at = None;
            let n = catalogue[d.procedure_code.as_ref().unwrap()];
            f.due_at = Some(cal().due_at(d.received_at, n, &DueRule::default()).unwrap());
        }
    }
    // one dossier whose procedure is not in the catalogue: unknown due, never on time
    let j = ds
        .iter()
        .position(|d| d.received_at >= period.start)
        .unwrap();
    ds[j].due_at = None;
    ds[j].procedure_code = Some("1.00nope".into());
    filled[j] = ds[j].clone();

    let q = Query::new(period)
        .group_by([GroupKey::Agency])
        .with_due_dates(DueDates::Statutory {
            calendar: Arc::new(cal().clone()),
            catalogue,
        });
    let run = |v: &[minhbach_model::Dossier]| {
        let mut a = Aggregator::new(&q).unwrap();
        a.extend(v);
        a.finish().unwrap()
    };
    let from_catalogue = run(&ds);
    let reference = run(&filled);
    assert_eq!(from_catalogue.groups, reference.groups);
    assert_eq!(
        DossierColumns::from_dossiers(&ds)
            .aggregate(&q)
            .unwrap()
            .groups,
        reference.groups
    );

    // mean working days: the sum equals the calendar's count over resolved dossiers
    let total = from_catalogue.total();
    assert_eq!(total.working_days_counted, total.resolved());
    let expected: i64 = ds
        .iter()
        .filter(|d| {
            d.resolved_at
                .is_some_and(|r| r >= period.start && r <= period.end)
        })
        .filter(|d| d.due_at.is_some() || d.procedure_code.as_deref() != Some("1.00nope"))
        .map(|d| {
            cal()
                .working_days_between(d.received_at.date(), d.resolved_at.unwrap().date())
                .unwrap()
        })
        .sum();
    assert_eq!(total.processing_working_days, expected);
    assert!(from_catalogue
        .table()
        .total
        .mean_processing_working_days()
        .is_some());

    // the CSV path computes the same due dates
    let csv = {
        let f = |x: Option<NaiveDateTime>| x.map(|v| v.to_string()).unwrap_or_default();
        let mut s = String::from(
            "id,received_at,procedure_code,agency,due_at,resolved_at,outcome,channel\n",
        );
        for d in &ds {
            s.push_str(&format!(
                "{},{},{},{},{},{},{},{}\n",
                d.id,
                d.received_at,
                d.procedure_code.as_deref().unwrap(),
                d.agency.as_deref().unwrap(),
                f(d.due_at),
                f(d.resolved_at),
                d.outcome.map(|o| o.as_str()).unwrap_or(""),
                d.channel
            ));
        }
        s
    };
    let via_csv = aggregate_csv_reader(csv.as_bytes(), "c.csv", &q).unwrap();
    assert_eq!(via_csv.groups, reference.groups);
    assert!(reference.total().unknown_due >= 1);
}
