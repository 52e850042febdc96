//! `minhbach generate`: the engine's deterministic synthetic dossier generator.

use std::io::{self, Write};
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Args;
use minhbach_engine::aggregate::generate::{Generator, GeneratorConfig, Layout};

use crate::dossiers;
use crate::failure::{tr, Failure, RunOutcome};
use crate::output::Destination;
use crate::progress::Ui;

/// The largest `--rows`: a billion dossiers is about 150 GB of CSV, far beyond any trial; a
/// larger number is a typing mistake and exits 2.
const MAX_ROWS: u64 = 1_000_000_000;

/// `minhbach generate …`
#[derive(Debug, Args)]
#[command(after_help = "\
The same --rows, --seed, --from, --to and --layout always give the same file, byte for byte.
Receipt dates avoid the Vietnamese days off; due dates follow the working-day calendar.

Examples:
  minhbach generate --rows 10000 --seed 42 -o hoso-thu.csv
  minhbach generate --rows 1000000 --seed 7 --from 2021-01-01 --to 2021-12-31 -o big.csv
  minhbach generate --rows 5 --seed 1 -o -          # to standard output")]
pub struct GenerateArgs {
    /// Number of dossiers (at most 1,000,000,000).
    #[arg(long, value_name = "N", value_parser = crate::args::whole_in::<u64, u64>(0, MAX_ROWS))]
    rows: u64,
    /// Seed of the pseudo-random generator.
    #[arg(long, value_name = "S")]
    seed: u64,
    /// First day of receipt (default 2020-10-01).
    #[arg(long, value_name = "DATE", value_parser = crate::args::parse_date_arg, requires = "to")]
    from: Option<NaiveDate>,
    /// Last day of receipt (default 2021-12-31).
    #[arg(long, value_name = "DATE", value_parser = crate::args::parse_date_arg, requires = "from")]
    to: Option<NaiveDate>,
    /// Columns written: every column of the dossier format, or the compact layout.
    #[arg(
        long,
        default_value = "full",
        value_parser = crate::args::named(&Layout::ALL, Layout::as_str, |l| Some(l.columns().join(", ")))
    )]
    layout: Layout,
    /// Output file (`-` for standard output).
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
}

/// Counts the lines written, for the progress bar.
struct Counting<W: Write> {
    inner: W,
    bar: indicatif::ProgressBar,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        let lines = buf
            .get(..n)
            .map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count());
        self.bar.inc(lines as u64);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Runs `minhbach generate`.
pub fn run(a: GenerateArgs, ui: &Ui) -> Result<RunOutcome, Failure> {
    let target = Destination::from_arg(Some(&a.output));
    target.check(&[], None)?;
    let mut cfg = GeneratorConfig {
        rows: a.rows,
        seed: a.seed,
        calendar: Some(dossiers::calendar()?),
        ..GeneratorConfig::default()
    };
    if let (Some(from), Some(to)) = (a.from, a.to) {
        if from > to {
            return Err(crate::args::dates_swapped(from, to));
        }
        cfg.first_day = from;
        cfg.last_day = to;
    }
    let layout = a.layout;
    let bar = ui.count(a.rows.saturating_add(1), &tr("generating", "đang tạo"));
    let generator = Generator::new(cfg);
    // A file is written through a temporary file and renamed into place only when complete,
    // so a failed run keeps an existing file as it was (see output.rs).
    target.write_with(|w| {
        let out = Counting {
            inner: w,
            bar: bar.clone(),
        };
        generator.write_csv(out, layout)
    })?;
    bar.finish_and_clear();
    Ok(RunOutcome::Success)
}
