//! The command line: global options and the list of subcommands. Each subcommand's own
//! arguments live in its module.

use clap::{Parser, Subcommand};

use crate::calendar::CalendarArgs;
use crate::score::ScoreArgs;

const AFTER_HELP: &str = "\
Examples:
  minhbach calendar due --received '2021-02-05 10:00' --days 5
  minhbach calendar holidays 2025
  minhbach calendar lunar 2021-04-21
  minhbach score pci provinces.csv --format json

Exit codes: 0 success, 1 bad data (the good part is still reported), 2 bad usage
(wrong flags, missing or unreadable files, output path that cannot be written),
70 internal error. Documentation: docs/cli.md.";

/// minhbach: transparency figures, scores and reports for Vietnamese local government.
#[derive(Debug, Parser)]
#[command(
    name = "minhbach",
    version,
    about = "Transparency (PCI Tính minh bạch) figures, scores and reports for Vietnamese local government",
    after_help = AFTER_HELP,
    propagate_version = true
)]
pub struct Cli {
    /// Print no progress bars and no notes on stderr (errors are still printed).
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Working days, due dates, holidays and lunar dates (lịch làm việc, âm lịch).
    Calendar(CalendarArgs),
    /// Scores, ranks and explanations of units under an index (presets pci, decision766, ddci).
    Score(ScoreArgs),
}
