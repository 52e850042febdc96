//! The Lý Sơn bundle's synthesised data files are reproducible and give the seed's figures.
mod common;

use common::*;

#[test]
fn synthesised_files_are_up_to_date() {
    check_golden(&bundle_dir().join("procedures.csv"), &procedures_csv());
    check_golden(&bundle_dir().join("dossiers.csv"), &dossiers_csv());
}

#[test]
fn catalogue_has_87_level_3_procedures() {
    let p = procedures();
    assert_eq!(p.len(), 120);
    assert_eq!(p.iter().filter(|p| p.level == 3).count(), 87);
}

#[test]
fn dossiers_give_the_seed_figures() {
    let s = lyson_summary();
    let c = s.total;
    assert_eq!(c.handled(), 6774);
    assert_eq!(c.resolved_in_time(), 6691);
    assert_eq!(c.resolved_late, 0);
    assert_eq!(c.pending_within_due, 83);
    assert_eq!(c.pending_overdue, 0);
    assert_eq!(c.carried_over, CARRIED_OVER as u64);
    assert!(c.resolved_early > 0 && c.resolved_on_time > 0);
    s.check().unwrap();
    assert_eq!(s.by_agency.len(), 9);
}

#[test]
fn every_generated_dossier_is_consistent() {
    for d in dossiers() {
        assert!(d.due_at > d.received_at, "{}", d.id);
        if let Some(r) = d.resolved_at {
            assert!(r > d.received_at, "{} resolved before received", d.id);
            assert!(r <= d.due_at, "{} late", d.id);
        }
    }
}

/// The engine, run on the checked-in bundle, gives the seed's figures and agrees row by row
/// with the independent test-side classification.
#[test]
fn engine_agrees_with_reference_classification() {
    let bundle = minhbach_report::Bundle::load(bundle_dir()).unwrap();
    let engine = minhbach_report::summarise_dossiers(&bundle)
        .unwrap()
        .unwrap();
    assert!(engine.warnings.is_empty(), "{:?}", engine.warnings);
    let c = engine.total;
    assert_eq!(
        (c.handled(), c.resolved_in_time(), c.pending_within_due),
        (6774, 6691, 83)
    );
    assert_eq!(
        (c.resolved_late, c.pending_overdue, c.set_aside()),
        (0, 0, 0)
    );
    // The report's calendar counts every resolved dossier's processing time in working
    // days; the reference classification does not count working days.
    assert_eq!(c.working_days_counted, c.resolved());
    assert!(c.processing_working_days > 0);
    let without_working_days = |mut c: minhbach_engine::aggregate::Counts| {
        c.processing_working_days = 0;
        c.working_days_counted = 0;
        c
    };
    let reference = lyson_summary();
    assert_eq!(without_working_days(engine.total), reference.total);
    let mut a: Vec<_> = engine
        .by_agency
        .iter()
        .map(|r| (r.agency.clone(), without_working_days(r.counts)))
        .collect();
    let mut b: Vec<_> = reference
        .by_agency
        .iter()
        .map(|r| (r.agency.clone(), r.counts))
        .collect();
    a.sort_by(|x, y| x.0.cmp(&y.0));
    b.sort_by(|x, y| x.0.cmp(&y.0));
    assert_eq!(a, b);
}

/// documents.csv with the Vietnamese headers of an office's register reads as the shipped
/// English one.
#[test]
fn documents_csv_with_vietnamese_headers_reads_as_the_english_one() {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(bundle_dir()).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.path().join(e.file_name())).unwrap();
    }
    let english = minhbach_report::Bundle::load(dir.path()).unwrap().documents;
    assert_eq!(english.len(), 4);
    let path = dir.path().join("documents.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let header = "number,date,kind,issuer,subject";
    assert!(text.starts_with(header));
    std::fs::write(
        &path,
        text.replacen(
            header,
            "\"Số, ký hiệu\",Ngày ban hành,Loại văn bản,Cơ quan ban hành,Trích yếu",
            1,
        ),
    )
    .unwrap();
    let vietnamese = minhbach_report::Bundle::load(dir.path()).unwrap().documents;
    assert_eq!(vietnamese, english);
}
