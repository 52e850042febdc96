//! Progress bars (indicatif), shown only when stderr is a terminal and `--quiet` is off.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

/// What the user sees on stderr besides errors.
#[derive(Clone, Copy, Debug)]
pub struct Ui {
    progress: bool,
    quiet: bool,
}

impl Ui {
    /// Progress bars when stderr is a terminal and `quiet` is off.
    pub fn new(quiet: bool) -> Ui {
        Ui {
            progress: !quiet && std::io::stderr().is_terminal(),
            quiet,
        }
    }

    /// A byte-count bar for `len` bytes, hidden unless progress is on.
    pub fn bytes(&self, len: u64, message: &str) -> ProgressBar {
        if !self.progress {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::new(len);
        if let Ok(style) = ProgressStyle::with_template(
            "{msg} [{bar:30}] {bytes}/{total_bytes} ({bytes_per_sec}, {eta})",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(message.to_string());
        bar
    }

    /// A count bar for `len` items, hidden unless progress is on.
    #[allow(dead_code)]
    pub fn count(&self, len: u64, message: &str) -> ProgressBar {
        if !self.progress {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::new(len);
        if let Ok(style) =
            ProgressStyle::with_template("{msg} [{bar:30}] {human_pos}/{human_len} ({eta})")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(message.to_string());
        bar
    }

    /// A spinner for work of unknown length, hidden unless progress is on.
    #[allow(dead_code)]
    pub fn spinner(&self, message: &str) -> ProgressBar {
        if !self.progress {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::new_spinner();
        bar.enable_steady_tick(Duration::from_millis(120));
        bar.set_message(message.to_string());
        bar
    }

    /// Whether `-q/--quiet` was given.
    pub fn is_quiet(&self) -> bool {
        self.quiet
    }

    /// Prints a note on stderr unless `--quiet`.
    pub fn note(&self, text: &str) {
        if !self.quiet {
            let label = crate::failure::tr("note", "lưu ý");
            let _ = writeln!(std::io::stderr().lock(), "{label}: {text}");
        }
    }
}
