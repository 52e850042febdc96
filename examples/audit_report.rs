//! A province portal checking each report it receives: read every text file given (or the
//! example reports shipped in `examples/data/audit/`), extract the dossier figures, check
//! them, and print one line per report and one line per failed check, with the arithmetic.
//! The exit code is 1 when a report has a failed check.
//!
//! ```sh
//! cargo run --example audit_report -- bao-cao-1.txt bao-cao-2.txt
//! cargo run --example audit_report            # on examples/data/audit/*.txt
//! ```
use std::error::Error;
use std::path::PathBuf;

use minhbach::engine::audit::{check, extract, Severity};

fn main() -> Result<(), Box<dyn Error>> {
    let mut files: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if files.is_empty() {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/data/audit");
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "txt") {
                files.push(path);
            }
        }
        files.sort();
    }
    let mut any_problem = false;
    for path in &files {
        let text = std::fs::read_to_string(path)?;
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let figures = match extract(&text) {
            Ok(f) if !f.is_empty() => f,
            Ok(_) => {
                println!("{name}: no dossier figures");
                continue;
            }
            Err(e) => {
                println!("{name}: cannot be read: {e}");
                any_problem = true;
                continue;
            }
        };
        let checks = check(&figures);
        let failed: Vec<_> = checks
            .findings
            .iter()
            .filter(|f| !f.status.is_ok())
            .collect();
        println!(
            "{name}: {} figures, {} checks, {} failed, {} rates not recomputable, {} numbers unattached",
            figures.figures.len(),
            checks.findings.len(),
            failed.len(),
            checks.unchecked.len(),
            figures.unattached.len()
        );
        for f in failed {
            let level = if f.severity == Severity::Error {
                "error"
            } else {
                "warning"
            };
            println!("  {level} [{}] {}", f.scope, f.arithmetic);
        }
        any_problem |= checks.has_problems();
    }
    if any_problem {
        std::process::exit(1);
    }
    Ok(())
}
