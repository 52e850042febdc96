//! Aggregates one dossier file (CSV or spreadsheet) by agency for a period and prints the
//! row counts and the totals: the smallest program over the engine's streaming path, used to
//! count instructions under `valgrind --tool=callgrind` (docs/performance.md) without
//! building the facade.
//!
//! ```text
//! cargo run --release -p minhbach-engine --example aggregate_file -- FILE [FROM TO]
//! ```
//! `FROM` and `TO` are days (`2021-01-01 2021-06-30` by default).

use minhbach_engine::aggregate::{aggregate_csv, GroupKey, Query, Window};
use minhbach_model::parse_datetime;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: aggregate_file FILE [FROM TO]")?;
    let from = args.next().unwrap_or_else(|| "2021-01-01".into());
    let to = args.next().unwrap_or_else(|| "2021-06-30".into());
    let period = Window {
        start: parse_datetime(&format!("{from}T00:00:00"))?,
        end: parse_datetime(&format!("{to}T23:59:59"))?,
    };
    let query = Query::new(period).group_by([GroupKey::Agency]);
    let agg = aggregate_csv(&path, &query)?;
    let total = agg.total();
    println!(
        "{} read, {} counted, {} rejected, {} groups; received {}, resolved {}, pending {}",
        agg.report.rows_read,
        agg.report.rows_counted,
        agg.report.rows_rejected,
        agg.groups.len(),
        total.received(),
        total.resolved(),
        total.pending(),
    );
    Ok(())
}
