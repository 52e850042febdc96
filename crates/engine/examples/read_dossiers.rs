//! Reads one dossier export (CSV or spreadsheet) with the engine alone and prints the Biểu 06
//! table per agency for the first half of 2021 as of 30/06/2021, one JSON row per line — the
//! same output as the facade's `embed_aggregation` example, without building the report crate.
//! Used to profile the readers (`perf`, `valgrind --tool=callgrind`) on a release build:
//!
//! ```sh
//! cargo build --release -p minhbach-engine --example read_dossiers
//! target/release/examples/read_dossiers dossiers.xlsx [--no-duplicate-check]
//! ```
use std::error::Error;

use minhbach_engine::aggregate::{DuplicateCheck, GroupKey, Query, Reader, Window};
use minhbach_model::parse_datetime;

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let duplicates = if args.iter().any(|a| a == "--no-duplicate-check") {
        DuplicateCheck::Off
    } else {
        DuplicateCheck::TwoPass
    };
    let path = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .ok_or("usage: read_dossiers FILE [--no-duplicate-check]")?;
    let query = Query::new(Window {
        start: parse_datetime("2021-01-01T00:00:00")?,
        end: parse_datetime("2021-06-30T23:59:59")?,
    })
    .group_by([GroupKey::Agency]);
    let aggregation = Reader::new()
        .with_duplicates(duplicates)
        .aggregate_file(path, &query)?;
    for row in aggregation.table().views() {
        println!("{}", serde_json::to_string(&row)?);
    }
    let r = &aggregation.report;
    eprintln!(
        "{path}: {} rows read, {} counted, {} rejected",
        r.rows_read, r.rows_counted, r.rows_rejected
    );
    Ok(())
}
