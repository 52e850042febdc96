//! Aggregates one dossier file (CSV or XLSX) over a period, grouped by the dimensions given,
//! and streams the Biểu 06 rows to standard output as CSV (key values, then the counts of
//! [`Column::ALL`]), then the total. The engine-only binary that the memory and instruction
//! figures of docs/reliability.md are measured with (it builds without the report crate).
//!
//! ```sh
//! cargo run --release -p minhbach-engine --example groups -- FILE FROM TO [DIMENSION ...]
//! # e.g. dossiers.csv 2021-01-01 2021-06-30 agency procedure
//! ```
use std::error::Error;
use std::io::{BufWriter, Write};

use chrono::NaiveDate;
use minhbach_engine::aggregate::{Column, GroupKey, Query, Reader, Window};

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: groups FILE FROM TO [agency|procedure|field|level|channel|month ...]";
    let [file, from, to, dims @ ..] = args.as_slice() else {
        return Err(usage.into());
    };
    let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d");
    let keys = dims
        .iter()
        .map(|d| GroupKey::parse(d))
        .collect::<Result<Vec<_>, _>>()?;
    let query = Query::new(Window::days(date(from)?, date(to)?)?).group_by(keys);
    let agg = Reader::new().aggregate_file(file, &query)?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    // One row at a time: the rows are never all held (`Aggregation::table` would).
    for row in agg.rows().chain(std::iter::once(agg.total_row())) {
        let mut first = true;
        for (_, v) in &row.key {
            if !first {
                out.write_all(b",")?;
            }
            first = false;
            out.write_all(v.as_bytes())?;
        }
        for col in Column::ALL {
            write!(out, ",{}", row.counts.get(col))?;
        }
        out.write_all(b"\n")?;
    }
    out.flush()?;
    eprintln!(
        "{} rows read, {} rejected, {} groups",
        agg.report.rows_read,
        agg.report.rows_rejected,
        agg.groups.len()
    );
    Ok(())
}
