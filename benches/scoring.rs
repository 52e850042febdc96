//! Scoring benchmarks: 10,000 units × 100 indicators (10 groups of 10), PCI-style min–max on
//! current anchors, weighted means, ranks at every node.
#![allow(clippy::unwrap_used)] // bench code: a failed unwrap is a failed run
use criterion::{criterion_group, criterion_main, Criterion};
use minhbach::engine::scoring::{
    Direction, Group, IndexDefinition, Indicator, IndicatorSpec, MissingPolicy, ScoreOptions,
    UnitTable,
};
use rust_decimal::Decimal;

const UNITS: usize = 10_000;
const GROUPS: usize = 10;
const PER_GROUP: usize = 10;

fn index() -> minhbach::engine::scoring::CompiledIndex {
    let mut def = IndexDefinition::new("bench", "Chỉ số thử", "Bench index")
        .scale(Decimal::TEN)
        .missing(MissingPolicy::DropAndReweight);
    for g in 0..GROUPS {
        def = def.group(
            Group::new(format!("g{g}"), "", "")
                .weight(Decimal::from(g as u64 + 1))
                .missing(MissingPolicy::DropAndReweight),
        );
        for i in 0..PER_GROUP {
            let dir = if i % 3 == 0 {
                Direction::Lower
            } else {
                Direction::Higher
            };
            def = def.indicator(
                IndicatorSpec::of(Indicator::new(format!("g{g}_i{i}"), "", "", "%", dir))
                    .parent(format!("g{g}"))
                    .weight(Decimal::from(i as u64 % 4 + 1)),
            );
        }
    }
    def.compile().unwrap()
}

fn data(index: &minhbach::engine::scoring::CompiledIndex) -> UnitTable {
    let ids = index.indicator_ids();
    let mut t = UnitTable::new(ids.iter().copied());
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for u in 0..UNITS {
        let row = (0..ids.len())
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                // Percentages with 2 decimals; about 1 % missing.
                if state % 100 == 0 {
                    None
                } else {
                    Some(Decimal::new((state % 10_001) as i64, 2))
                }
            })
            .collect();
        t.push_unit(format!("unit{u:05}"), row).unwrap();
    }
    t
}

fn scoring(c: &mut Criterion) {
    let index = index();
    let table = data(&index);
    let opts = ScoreOptions::default();
    let mut g = c.benchmark_group("scoring");
    g.sample_size(10);
    g.bench_function("score_10k_units_x_100_indicators", |b| {
        b.iter(|| index.score(std::hint::black_box(&table), &opts).unwrap())
    });
    let scores = index.score(&table, &opts).unwrap();
    // What `minhbach score --format json` does: the view written by its own writer
    // (`ScoresJson::write_pretty`: units on rayon's workers, in order) through an 8 KiB
    // `BufWriter` (`output::json_object`), here into a sink that counts the bytes, so that
    // the figure is the view's and not the file system's (nor a growing 200 MB buffer's,
    // which the CLI never holds: the page faults of growing it cost as much as the view).
    g.bench_function("json_view_10k_units", |b| {
        b.iter(|| {
            let mut out = std::io::BufWriter::new(Counter(0));
            scores.json_view(2).write_pretty(&mut out).unwrap();
            std::hint::black_box(out.into_inner().unwrap().0)
        })
    });
    // The same bytes through serde_json's pretty printer (the view's `Serialize`, for
    // embedders; what the CLI did before).
    g.bench_function("json_view_serde_10k_units", |b| {
        b.iter(|| {
            let mut out = std::io::BufWriter::new(Counter(0));
            serde_json::to_writer_pretty(&mut out, &scores.json_view(2)).unwrap();
            std::hint::black_box(out.into_inner().unwrap().0)
        })
    });
    // The owned view (a tree of strings and maps), for programs that keep it.
    g.bench_function("owned_view_10k_units", |b| {
        b.iter(|| std::hint::black_box(scores.view(2)))
    });
    g.finish();
}

/// A writer that keeps only the number of bytes written.
#[derive(Debug)]
struct Counter(usize);

impl std::io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

criterion_group!(benches, scoring);
criterion_main!(benches);
