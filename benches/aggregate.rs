//! Aggregation benchmarks: in-memory columnar aggregation, CSV file → table (streaming,
//! parallel), XLSX workbook → table (streaming reader), and statutory due dates (catalogue +
//! calendar). Figures are in docs/performance.md.
//!
//! `cargo bench --bench aggregate` (set `MINHBACH_BENCH_ROWS=10000000` for the 10M figures,
//! `MINHBACH_BENCH_XLSX_ROWS=300000,1000000` for the workbook sizes; default 300,000).
#![allow(clippy::unwrap_used)] // bench code: a failed unwrap is a failed run
use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use minhbach::calendar::Calendar;
use minhbach::engine::aggregate::generate::{Generator, GeneratorConfig, Layout};
use minhbach::engine::aggregate::{
    aggregate_file, DossierColumns, DueDates, DuplicateCheck, GroupKey, Query, Reader, Window,
};
use minhbach::model::parse_datetime;

#[path = "../crates/engine/tests/support/serial_workbook.rs"]
mod serial_workbook;
use serial_workbook::write_serial_workbook;

fn rows() -> Vec<u64> {
    match std::env::var("MINHBACH_BENCH_ROWS") {
        Ok(v) => v.split(',').filter_map(|x| x.trim().parse().ok()).collect(),
        Err(_) => vec![100_000, 1_000_000],
    }
}

fn query() -> Query {
    Query::new(Window {
        start: parse_datetime("2021-01-01T00:00:00").unwrap(),
        end: parse_datetime("2021-06-30T23:59:59").unwrap(),
    })
    .group_by([GroupKey::Agency])
}

fn columns(n: u64) -> DossierColumns {
    let g = Generator::new(GeneratorConfig {
        rows: n,
        ..GeneratorConfig::default()
    });
    let mut cols = DossierColumns::new();
    cols.reserve(n as usize);
    let gen2 = g.clone();
    for r in g {
        let _ = cols.push(&gen2.dossier(&r));
    }
    cols
}

fn in_memory(c: &mut Criterion) {
    let mut group = c.benchmark_group("in_memory_per_agency");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));
    for n in rows() {
        let cols = columns(n);
        let q = query();
        group.throughput(Throughput::Elements(n));
        group.bench_with_input(BenchmarkId::from_parameter(n), &cols, |b, cols| {
            b.iter(|| black_box(cols.aggregate(&q).unwrap()))
        });
    }
    group.finish();
}

fn csv_file(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("csv_file_per_agency");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(8));
    for n in rows() {
        let path = dir.path().join(format!("d{n}.csv"));
        let cfg = GeneratorConfig {
            rows: n,
            ..GeneratorConfig::default()
        };
        Generator::new(cfg)
            .write_csv(std::fs::File::create(&path).unwrap(), Layout::Compact)
            .unwrap();
        group.throughput(Throughput::Bytes(std::fs::metadata(&path).unwrap().len()));
        for (name, dup) in [
            ("dup_off", DuplicateCheck::Off),
            ("two_pass", DuplicateCheck::TwoPass),
        ] {
            let (q, reader) = (query(), Reader::new().with_duplicates(dup));
            group.bench_with_input(BenchmarkId::new(name, n), &path, |b, p| {
                b.iter(|| black_box(reader.aggregate_csv(p, &q).unwrap()))
            });
        }
    }
    group.finish();
}

fn xlsx_rows() -> Vec<u64> {
    match std::env::var("MINHBACH_BENCH_XLSX_ROWS") {
        Ok(v) => v.split(',').filter_map(|x| x.trim().parse().ok()).collect(),
        Err(_) => vec![300_000],
    }
}

/// Writes the generator's dossiers as a workbook the way one-stop systems export them:
/// shared strings for ids, agencies and channels, date-times as serial cells.
fn write_workbook(path: &std::path::Path, n: u64) {
    let g = Generator::new(GeneratorConfig {
        rows: n,
        ..GeneratorConfig::default()
    });
    let iso = |t: Option<chrono::NaiveDateTime>| {
        t.map(|t| t.format("%Y-%m-%dT%H:%M:%S").to_string())
            .unwrap_or_default()
    };
    let gen2 = g.clone();
    write_serial_workbook(
        path,
        g.map(|r| {
            let d = gen2.dossier(&r);
            [
                d.id,
                iso(Some(d.received_at)),
                iso(d.due_at),
                iso(d.resolved_at),
                d.agency.unwrap_or_default(),
                d.channel.as_str().to_string(),
            ]
        }),
    );
}

fn xlsx_file(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("xlsx_file_per_agency");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for n in xlsx_rows() {
        let path = dir.path().join(format!("d{n}.xlsx"));
        write_workbook(&path, n);
        group.throughput(Throughput::Elements(n));
        let q = query();
        group.bench_with_input(BenchmarkId::new("two_pass", n), &path, |b, p| {
            b.iter(|| black_box(aggregate_file(p, &q).unwrap()))
        });
    }
    group.finish();
}

/// Statutory due dates: 1M dossiers without `due_at`, their due dates from the catalogue and
/// the calendar (the O(1) per-day table inside the engine), aggregated in memory.
fn due_dates(c: &mut Criterion) {
    let n = 1_000_000u64;
    let g = Generator::new(GeneratorConfig {
        rows: n,
        ..GeneratorConfig::default()
    });
    let mut ds = g.dossiers();
    let mut catalogue = std::collections::BTreeMap::new();
    for d in &mut ds {
        d.due_at = None;
        let code = d.procedure_code.clone().unwrap_or_default();
        let days = code.bytes().map(u32::from).sum::<u32>() % 30 + 1;
        catalogue.insert(code, days);
    }
    let cols = DossierColumns::from_dossiers(&ds);
    let q = query().with_due_dates(DueDates::Statutory {
        calendar: Arc::new(Calendar::vietnam(2019, 2023).unwrap()),
        catalogue,
    });
    let mut group = c.benchmark_group("due_dates");
    group.sample_size(10).throughput(Throughput::Elements(n));
    group.bench_function("statutory_in_memory_1M", |b| {
        b.iter(|| black_box(cols.aggregate(&q).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, in_memory, csv_file, xlsx_file, due_dates);
criterion_main!(benches);
