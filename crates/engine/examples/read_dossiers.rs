//! Reads one dossier file (CSV or spreadsheet) with the engine alone, over a period and a
//! grouping, and prints what a flag asks for: the engine-only probe (it builds without the
//! report crate and its typesetting) that the time, instruction and memory figures of
//! docs/performance.md and docs/reliability.md are measured with.
//!
//! ```sh
//! cargo build --release -p minhbach-engine --example read_dossiers
//! target/release/examples/read_dossiers FILE [--from 2021-01-01] [--to 2021-06-30]
//!     [--by agency,procedure,field,level,channel,month] [--no-duplicate-check]
//!     [--out json|csv|summary]
//! ```
//!
//! - `--out json` (the default): the Biểu 06 table, one JSON row per line, the same output as
//!   the facade's `embed_aggregation` example (by agency, first half of 2021): the readers'
//!   profile (`perf`, `valgrind --tool=callgrind`) and their equality across formats (`diff`).
//! - `--out csv`: every row streamed as CSV (key values, then the counts of `Column::ALL`), then
//!   the total; the rows are never all held: the memory per group.
//! - `--out summary`: one line of totals: instruction counts of the reading alone.
//!
//! A summary of the rows read goes to standard error in every case.
use std::error::Error;
use std::io::{BufWriter, Write};

use chrono::NaiveDate;
use minhbach_engine::aggregate::{Column, DuplicateCheck, GroupKey, Query, Reader, Window};

const USAGE: &str = "usage: read_dossiers FILE [--from YYYY-MM-DD] [--to YYYY-MM-DD] \
                     [--by DIMENSION,...] [--no-duplicate-check] [--out json|csv|summary]";

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let (mut file, mut from, mut to) = (None, "2021-01-01".to_string(), "2021-06-30".to_string());
    let (mut by, mut out, mut duplicates) = (
        "agency".to_string(),
        "json".to_string(),
        DuplicateCheck::TwoPass,
    );
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or(USAGE);
        match a.as_str() {
            "--from" => from = value()?,
            "--to" => to = value()?,
            "--by" => by = value()?,
            "--out" => out = value()?,
            "--no-duplicate-check" => duplicates = DuplicateCheck::Off,
            f if !f.starts_with("--") && file.is_none() => file = Some(a),
            _ => return Err(USAGE.into()),
        }
    }
    let file = file.ok_or(USAGE)?;
    let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d");
    let keys = by
        .split(',')
        .filter(|d| !d.is_empty())
        .map(GroupKey::parse)
        .collect::<Result<Vec<_>, _>>()?;
    let query = Query::new(Window::days(date(&from)?, date(&to)?)?).group_by(keys);
    let agg = Reader::new()
        .with_duplicates(duplicates)
        .aggregate_file(&file, &query)?;
    let mut w = BufWriter::new(std::io::stdout().lock());
    match out.as_str() {
        "json" => {
            for row in agg.table().views() {
                writeln!(w, "{}", serde_json::to_string(&row)?)?;
            }
        }
        "csv" => {
            // One row at a time: the rows are never all held (`Aggregation::table` would).
            for row in agg.rows().chain(std::iter::once(agg.total_row())) {
                let key: Vec<&str> = row.key.iter().map(|(_, v)| v.as_str()).collect();
                w.write_all(key.join(",").as_bytes())?;
                for col in Column::ALL {
                    write!(w, ",{}", row.counts.get(col))?;
                }
                w.write_all(b"\n")?;
            }
        }
        "summary" => {
            let total = agg.total();
            writeln!(
                w,
                "{} groups; received {}, resolved {}, pending {}",
                agg.groups.len(),
                total.received(),
                total.resolved(),
                total.pending()
            )?;
        }
        _ => return Err(USAGE.into()),
    }
    w.flush()?;
    let r = &agg.report;
    eprintln!(
        "{file}: {} rows read, {} counted, {} rejected, {} groups",
        r.rows_read,
        r.rows_counted,
        r.rows_rejected,
        agg.groups.len()
    );
    Ok(())
}
