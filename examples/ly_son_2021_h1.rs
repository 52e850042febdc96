//! Main job: the Lý Sơn H1 2021 transparency report (Báo cáo 415/BC-UBND) from its bundle.
//!
//! ```sh
//! cargo run --example ly_son_2021_h1                 # writes out/ly-son-2021-h1/
//! cargo run --example ly_son_2021_h1 -- some/folder  # writes there instead
//! ```
//!
//! Reads `examples/data/ly-son-2021-h1/` (report.toml, the documents register, 6.774
//! synthesised dossiers, portal statistics, disclosure checklist, targets), aggregates the
//! dossiers with the engine, composes the report and writes it as text, Markdown, HTML, DOCX
//! and JSON. Prints the paths and the key figures.
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use minhbach::engine::aggregate::{Measure, MeasureOptions};
use minhbach::report::writer::{self, Format};
use minhbach::report::{compose, summarise_dossiers, Bundle};

fn run(out: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let bundle_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/ly-son-2021-h1");
    let bundle = Bundle::load(&bundle_dir)?;
    let figures = summarise_dossiers(&bundle)?;
    let doc = compose(&bundle, figures.as_ref())?;

    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    println!("Báo cáo {} — {}", doc.header.number_text(), doc.summary);
    for f in Format::ALL {
        let path = out.join(format!("ly-son-2021-h1.{}", f.extension()));
        let bytes = writer::render(&doc, f)?;
        std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        println!("  wrote {}", path.display());
    }
    if let Some(s) = &figures {
        let c = &s.total;
        println!("Key figures ({}, {}):", s.source, bundle.period);
        println!(
            "  hồ sơ: {} nhận giải quyết ({} mới tiếp nhận, {} từ kỳ trước)",
            minhbach::report::vi::int(c.handled()),
            minhbach::report::vi::int(c.received()),
            minhbach::report::vi::int(c.carried_over)
        );
        println!(
            "  đã giải quyết đúng hạn: {}/{}; quá hạn: {}; chưa đến hạn: {}; đang quá hạn: {}",
            minhbach::report::vi::int(c.resolved_in_time()),
            minhbach::report::vi::int(c.handled()),
            minhbach::report::vi::int(c.resolved_late),
            minhbach::report::vi::int(c.pending_within_due),
            minhbach::report::vi::int(c.pending_overdue)
        );
        let options = MeasureOptions::default();
        for m in Measure::all() {
            if let Some(v) = m.compute(c, &options) {
                println!("  {} ({}): {v} {}", m.caption, m.key, m.unit.caption());
            }
        }
    }
    let warnings = doc.warnings();
    if warnings.is_empty() {
        println!("No points to check.");
    } else {
        println!("{} point(s) to check before signing:", warnings.len());
        for w in warnings {
            println!("  - {w}");
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let out = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("out/ly-son-2021-h1"));
    match run(&out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
