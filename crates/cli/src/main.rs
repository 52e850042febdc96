//! The `minhbach` command: Biểu 06 dossier figures, scores, reports and Vietnamese
//! working-day calendar tools over the minhbach libraries.
//!
//! `main` only parses the command line, dispatches to one module per subcommand and turns the
//! outcome into an exit code (see [`failure`]): 0 success, 1 bad data, 2 bad usage,
//! 70 internal error.
#![forbid(unsafe_code)]

mod aggregate;
mod args;
mod audit;
mod calendar;
mod dossiers;
mod error_text;
mod explain;
mod failure;
mod generate;
mod help;
mod init;
mod input;
mod merge;
mod output;
mod page;
mod progress;
mod report;
mod score;
mod sheet;
mod validate;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

use crate::failure::RunLang;

use crate::args::{Cli, Command};

fn main() -> ExitCode {
    failure::install_panic_hook();
    output::survive_file_size_limit();
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = failure::Lang::detect(&argv, |k| std::env::var(k).ok());
    lang.set();
    // Help in the language of the run; usage errors exit with code 2 (0 for --help /
    // --version), written in Vietnamese when the run is.
    let cli = help::localise(Cli::command(), lang)
        .try_get_matches_from(&argv)
        .and_then(|m| Cli::from_arg_matches(&m))
        .unwrap_or_else(|e| help::clap_exit(e));
    let ui = progress::Ui::new(cli.quiet);
    let result = match cli.command {
        Command::Aggregate(cmd) => aggregate::run(cmd, &ui),
        Command::Merge(cmd) => merge::run(cmd, &ui),
        Command::Page(cmd) => page::run(cmd, &ui),
        Command::Validate(cmd) => validate::run(cmd, &ui),
        Command::Generate(cmd) => generate::run(cmd, &ui),
        Command::Calendar(cmd) => calendar::run(cmd, &ui),
        Command::Score(cmd) => score::run(cmd, &ui),
        Command::Report(cmd) => report::run(cmd, &ui),
        Command::Audit(cmd) => audit::run(cmd, &ui),
        Command::Init(cmd) => init::run(cmd, &ui),
    };
    failure::finish(result)
}
