//! Merging partial files (the province level): N partials of about 100 groups each (one
//! commune's dossiers grouped by procedure), read from their file bytes, checked (identities,
//! digest records summing to the counts), shared dossiers detected and the groups merged.
//! Figures are in docs/performance.md.
//!
//! `cargo bench --bench merge` (set `MINHBACH_BENCH_PARTIALS=10000` and
//! `MINHBACH_BENCH_PARTIAL_ROWS=…` for other sizes; defaults 1,000 partials of 1,000
//! dossiers).
#![allow(clippy::unwrap_used)] // bench code: a failed unwrap is a failed run
use std::hint::black_box;
use std::time::Duration;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use minhbach_engine::aggregate::generate::{Generator, GeneratorConfig, Layout};
use minhbach_engine::aggregate::partial::{MergeOptions, Merger, Partial};
use minhbach_engine::aggregate::{GroupKey, Query, Window};

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

/// `n` partial files (their bytes), each of one commune with `rows` dossiers over 100
/// procedures, grouped by procedure; commune `i` numbers its dossier ids with agency number
/// `1000 + i`, so no id is shared.
pub fn partials(n: u64, rows: u64) -> Vec<Vec<u8>> {
    let dir = tempfile::tempdir().unwrap();
    let d = |m, day| NaiveDate::from_ymd_opt(2021, m, day).unwrap();
    let q = Query::new(Window::days(d(1, 1), d(6, 30)).unwrap()).group_by([GroupKey::Procedure]);
    (0..n)
        .map(|i| {
            let cfg = GeneratorConfig {
                rows,
                seed: i,
                first_day: d(1, 4),
                last_day: d(6, 30),
                agencies: vec![("UBND".into(), 1000 + i as u32, 1)],
                procedures: 100,
                ..GeneratorConfig::default()
            };
            let path = dir.path().join(format!("xa-{i}.csv"));
            Generator::new(cfg)
                .write_csv(std::fs::File::create(&path).unwrap(), Layout::Compact)
                .unwrap();
            Partial::from_files(&format!("xã {i}"), &[path.as_path()], &q)
                .unwrap()
                .to_bytes()
                .unwrap()
        })
        .collect()
}

fn merge(c: &mut Criterion) {
    let n = env("MINHBACH_BENCH_PARTIALS", 1_000);
    let rows = env("MINHBACH_BENCH_PARTIAL_ROWS", 1_000);
    let files = partials(n, rows);
    let bytes: u64 = files.iter().map(|f| f.len() as u64).sum();
    let mut group = c.benchmark_group("merge_partials");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(8))
        .throughput(Throughput::Bytes(bytes));
    for (name, by) in [
        ("by_unit", vec![GroupKey::Unit]),
        (
            "by_unit_procedure",
            vec![GroupKey::Unit, GroupKey::Procedure],
        ),
    ] {
        group.bench_with_input(
            BenchmarkId::new(name, format!("{n}x{rows}")),
            &files,
            |b, files| {
                b.iter(|| {
                    let mut m = Merger::new(MergeOptions::by(by.clone()));
                    for (i, f) in files.iter().enumerate() {
                        m.add_bytes(&format!("xa-{i}.json"), f).unwrap();
                    }
                    black_box(m.finish().unwrap())
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, merge);
criterion_main!(benches);
