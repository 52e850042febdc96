//! Rendering benchmarks: the Lý Sơn report (415/BC-UBND) written to each format, and the
//! composer building its document tree from the loaded bundle.
//!
//! The dossier figures are the report's own totals (the aggregation has its own benchmark in
//! `benches/aggregate.rs`), so this measures the composer and the writers only.
use std::hint::black_box;
use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};
use minhbach::engine::aggregate::Counts;
use minhbach::report::writer::{self, Format};
use minhbach::report::{compose, Bundle, DossierSummary};

fn bundle() -> Bundle {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/data/ly-son-2021-h1");
    match Bundle::load(&dir) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("render bench: {e}");
            std::process::exit(1);
        }
    }
}

fn figures() -> DossierSummary {
    DossierSummary {
        total: Counts {
            received_direct_postal: 6662 - 918,
            received_online: 918,
            carried_over: 112,
            resolved_early: 5510,
            resolved_on_time: 1181,
            pending_within_due: 83,
            ..Default::default()
        },
        by_agency: Vec::new(),
        source: "benchmark".to_string(),
        warnings: Vec::new(),
        rows: None,
    }
}

fn render(c: &mut Criterion) {
    let bundle = bundle();
    let figures = figures();
    let doc = match compose(&bundle, Some(&figures)) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("render bench: {e}");
            std::process::exit(1);
        }
    };
    let mut g = c.benchmark_group("render_ly_son");
    g.bench_function("compose", |b| {
        b.iter(|| compose(black_box(&bundle), Some(black_box(&figures))))
    });
    for f in Format::ALL {
        g.bench_function(f.extension(), |b| {
            b.iter(|| writer::render(black_box(&doc), f))
        });
    }
    g.finish();
}

criterion_group!(benches, render);
criterion_main!(benches);
