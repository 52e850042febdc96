//! Auditing published dossier figures: read the figures a report or a press release states
//! ([`extract`] from Vietnamese prose, or [`Figures::from_toml`] for a typed table) and check
//! them ([`check`]): every Biểu 06 identity the stated figures allow, and every stated rate
//! recomputed under every convention of the measures catalogue.
//!
//! ```
//! use minhbach_engine::audit::{check, extract, Status};
//! let text = "Toàn tỉnh đã tiếp nhận 659.245 hồ sơ, đã giải quyết 643.272 hồ sơ; trong đó, \
//!             số hồ sơ giải quyết đúng và trước hạn có 635.593 hồ sơ, chiếm tỷ lệ 98,81%; \
//!             số hồ sơ quá hạn có 7.677 hồ sơ, chiếm tỷ lệ 1,19%.";
//! let figures = extract(text).unwrap();
//! assert_eq!(figures.figures.len(), 6);
//! let checks = check(&figures);
//! // resolved = in time + late holds: 643.272 = 635.593 + 7.679? No: 635.593 + 7.677 = 643.270.
//! let identity = &checks.findings[0];
//! assert_eq!(identity.status, Status::Broken);
//! assert_eq!(identity.difference, Some(2));
//! ```
//!
//! The extraction is a single left-to-right pass over the text, sentence by sentence, with
//! memory bounded by the longest sentence (sentences are cut at 4 KiB); see `docs/audit.md`
//! for the sentence patterns it understands.

mod arithmetic;
mod check;
mod extract;
mod input;
mod names;
mod number;
mod reason;
mod recompute;

pub use arithmetic::{Arithmetic, Assumption, FigureTerm, Recomputation, ScopeTerm};
pub use check::{check, Checks, Finding, FindingKind, Severity, Status, Unchecked};
pub use extract::{extract, MAX_FIGURES};
pub use names::{FigureName, StatedSum};
pub use reason::{InputReason, UnattachedReason, UncheckedReason};

use minhbach_model::Lang;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The scope a figure belongs to when the text does not name one.
pub const DEFAULT_SCOPE: &str = "chung";

/// Words that make a figure approximate ("gần 98%", "trên 7.600 hồ sơ").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Approximation {
    /// "gần", "xấp xỉ", "khoảng", "ước": about the value, within one unit of its last digit.
    About,
    /// "trên", "hơn": more than the value.
    Above,
    /// "dưới": less than the value.
    Below,
}

impl Approximation {
    /// The word before the value, with its space: `khoảng ` / `about `.
    ///
    /// ```
    /// use minhbach_engine::audit::Approximation;
    /// use minhbach_model::Lang;
    /// assert_eq!(Approximation::Above.word(Lang::Vi), "trên ");
    /// assert_eq!(Approximation::Above.word(Lang::En), "above ");
    /// ```
    pub fn word(self, lang: Lang) -> &'static str {
        match self {
            Approximation::About => lang.pick("about ", "khoảng "),
            Approximation::Above => lang.pick("above ", "trên "),
            Approximation::Below => lang.pick("below ", "dưới "),
        }
    }
}

/// A stated value as the language of the run writes it: Vietnamese groups thousands with
/// dots and puts a comma before the decimals (`643.272`, `98,81`); English keeps the plain
/// form of the JSON and the figures file (`643272`, `98.81`). `decimals` are kept.
///
/// ```
/// use minhbach_engine::audit::stated_value;
/// use minhbach_model::Lang;
/// use rust_decimal::Decimal;
/// assert_eq!(stated_value(Decimal::new(64327200, 2), 0, Lang::Vi), "643.272");
/// assert_eq!(stated_value(Decimal::new(9881, 2), 2, Lang::Vi), "98,81");
/// assert_eq!(stated_value(Decimal::new(9881, 2), 2, Lang::En), "98.81");
/// assert_eq!(stated_value(Decimal::new(95, 0), 1, Lang::En), "95.0");
/// ```
pub fn stated_value(value: Decimal, decimals: u32, lang: Lang) -> String {
    match lang {
        Lang::En => minhbach_model::vi::fixed(value, decimals),
        Lang::Vi => minhbach_model::vi::decimal(value, decimals),
    }
}

/// One figure stated in a text (or typed into a figures file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatedFigure {
    /// What the figure counts or measures (a Biểu 06 column or a catalogue measure id).
    pub name: FigureName,
    /// The value as stated: a count, or a rate in percent.
    #[serde(with = "rust_decimal::serde::str")]
    pub value: Decimal,
    /// Decimals the text itself uses ("1,7" has 1, "40" has 0).
    pub decimals: u32,
    /// `None` for an exact figure.
    pub approximate: Option<Approximation>,
    /// The scope ("toàn tỉnh", "cấp huyện", "Trung tâm Phục vụ hành chính công", or
    /// [`DEFAULT_SCOPE`]).
    pub scope: String,
    /// The period as the text states it ("Quý III/2022 (từ ngày 15/6/2022 đến ngày
    /// 14/9/2022)"), when stated.
    pub period: Option<String>,
    /// The period in canonical form (`2022-Q3`, `2022-06-15..2022-09-14`) when it parses.
    pub period_code: Option<String>,
    /// The clause the figure was read from (its label and the number).
    pub text: String,
    /// Byte offset of the number in the input.
    pub start: usize,
    /// Byte offset just after the number (and its `%`).
    pub end: usize,
    /// The group of figures checked together: same scope and period, one value per name.
    pub block: usize,
}

/// A number that looks like a dossier figure but could not be attached to a measure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unattached {
    /// The value as stated.
    #[serde(with = "rust_decimal::serde::str")]
    pub value: Decimal,
    /// Whether it is a percentage.
    pub percent: bool,
    /// The scope in force where it was found.
    pub scope: String,
    /// The clause it was read from.
    pub text: String,
    /// Byte offset of the number.
    pub start: usize,
    /// Byte offset just after it.
    pub end: usize,
    /// Why it was not attached (serialised as `reason_code`, e.g. `unclear_rate`).
    #[serde(rename = "reason_code")]
    pub reason: UnattachedReason,
}

/// The figures of one text: attached figures in text order, and the numbers that could not
/// be attached.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    /// Figures attached to a measure and a scope, in text order.
    pub figures: Vec<StatedFigure>,
    /// Dossier-looking numbers that could not be attached, in text order.
    pub unattached: Vec<Unattached>,
}

impl Figures {
    /// Reads figures typed into a TOML file (the format is in `docs/audit.md`):
    ///
    /// ```
    /// use minhbach_engine::audit::{check, Figures, Status};
    /// let figures = Figures::from_toml(r#"
    /// period = "Quý I/2020"
    /// [[scope]]
    /// name = "cấp tỉnh"
    /// received = 54575
    /// resolved = 51780
    /// resolved_in_time = 51072
    /// resolved_late = 708
    /// on_time_rate = "98.63"
    /// "#).unwrap();
    /// let checks = check(&figures);
    /// assert!(checks.findings.iter().all(|f| f.status.is_ok()));
    /// ```
    pub fn from_toml(text: &str) -> Result<Figures, crate::EngineError> {
        input::from_toml(text)
    }

    /// Whether no figure was attached.
    pub fn is_empty(&self) -> bool {
        self.figures.is_empty()
    }
}
