//! A third-party program embedding the aggregation engine: read a one-stop dossier export
//! (CSV or XLSX, design §5 format), compute the Biểu 06 table per agency for the first half
//! of 2021 as of 30/06/2021, and print it as JSON, one row per line, then the total.
//!
//! ```sh
//! cargo run --release --example embed_aggregation -- dossiers.csv [--duplicates off|two-pass]
//! cargo run --example embed_aggregation            # on a small generated file
//! ```
use std::error::Error;

use minhbach::engine::aggregate::generate::{Generator, GeneratorConfig, Layout};
use minhbach::engine::aggregate::{DuplicateCheck, GroupKey, Query, Reader, Window};
use minhbach::model::parse_datetime;

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let duplicates = match args.iter().position(|a| a == "--duplicates") {
        Some(i) => match args.get(i + 1).map(String::as_str) {
            Some("off") => DuplicateCheck::Off,
            Some("two-pass") | None => DuplicateCheck::TwoPass,
            Some(other) => {
                return Err(format!("--duplicates {other}: expected off or two-pass").into())
            }
        },
        None => DuplicateCheck::TwoPass,
    };
    // The input: the file given, or 2,000 generated dossiers.
    let _tmp;
    let path = match args.first().filter(|a| !a.starts_with("--")) {
        Some(p) => std::path::PathBuf::from(p),
        None => {
            let dir = tempfile::tempdir()?;
            let p = dir.path().join("dossiers.csv");
            let cfg = GeneratorConfig {
                rows: 2_000,
                ..GeneratorConfig::default()
            };
            Generator::new(cfg).write_csv(std::fs::File::create(&p)?, Layout::Compact)?;
            _tmp = dir;
            p
        }
    };

    let query = Query::new(Window {
        start: parse_datetime("2021-01-01T00:00:00")?,
        end: parse_datetime("2021-06-30T23:59:59")?,
    })
    .group_by([GroupKey::Agency]);

    let aggregation = Reader::new()
        .with_duplicates(duplicates)
        .aggregate_file(&path, &query)?;
    let table = aggregation.table();
    for row in table.views() {
        println!("{}", serde_json::to_string(&row)?);
    }
    let r = &aggregation.report;
    eprintln!(
        "{}: {} rows read, {} counted, {} rejected ({} duplicate-id candidates checked)",
        path.display(),
        r.rows_read,
        r.rows_counted,
        r.rows_rejected,
        r.duplicate_candidates
    );
    for bad in r.rejected.iter().take(10) {
        eprintln!("  rejected: {bad}");
    }
    Ok(())
}
