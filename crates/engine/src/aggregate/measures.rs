//! The measures catalogue: every rate and mean derived from a row of [`Counts`], each a named
//! [`Measure`] with a Vietnamese caption, a numerator, a denominator, a rounding and a
//! number of decimals, computed in one place with exact integer arithmetic.
//!
//! A measure's numerator and denominator are sums of [`Quantity`] terms chosen by
//! [`MeasureOptions`] (the rate denominator, the online-share denominator, the rounding and
//! the decimals). Nothing else in the workspace divides dossier counts: the aggregation
//! table, the CLI, the report and the Decision 766 scoring inputs all call
//! [`Measure::compute`].
//!
//! ```
//! use minhbach_engine::aggregate::{Counts, Denominator, Measure, MeasureId, MeasureOptions};
//! let c = Counts { received_direct_postal: 10, resolved_early: 6, resolved_on_time: 1,
//!                  resolved_late: 1, pending_overdue: 2, ..Counts::default() };
//! let opts = MeasureOptions::default(); // over resolved, half-up, 2 decimals
//! let on_time = MeasureId::OnTimeRate.measure();
//! assert_eq!(on_time.compute(&c, &opts).unwrap().to_string(), "87.50"); // 7/8
//! let due = MeasureOptions { denominator: Denominator::Due, ..opts };
//! assert_eq!(on_time.compute(&c, &due).unwrap().to_string(), "70.00"); // 7/10
//! // Every measure, in catalogue order; a zero denominator gives None.
//! for m in Measure::all() {
//!     assert_eq!(m.compute(&Counts::default(), &opts), None);
//! }
//! assert_eq!(Measure::all().count(), MeasureId::ALL.len());
//! ```

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::counts::{Column, Counts};
use crate::{EngineError, OptionKind, QueryReason};

/// The denominator (and matching numerator) of the dossier rates.
///
/// | name | denominator | on time | late |
/// |---|---|---|---|
/// | `resolved` | early + on time + late | early + on time | late |
/// | `processed` | resolved + rejected + withdrawn (separate buckets) | early + on time | late |
/// | `due` | resolved + pending overdue + rejected + withdrawn | early + on time | late + pending overdue |
/// | `handled` | received + carried over | handled − late − pending overdue | late + pending overdue |
/// | `decision766` | received + carried over | early + on time + pending within due | late + pending overdue |
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Denominator {
    /// Over the dossiers resolved in the period (đã giải quyết). The default, used by most
    /// press and provincial reports.
    Resolved,
    /// Over the dossiers processed ("đã xử lý"): resolved plus the rejected / returned and
    /// withdrawn dossiers kept in their own buckets (`--rejected separate`,
    /// `--withdrawn separate`), which stay out of the early / on-time / late split.
    Processed,
    /// Over the dossiers due ("hồ sơ đến hạn giải quyết", Vĩnh Phúc): resolved, pending
    /// overdue, and the rejected / withdrawn buckets; late includes pending overdue.
    Due,
    /// Over the dossiers to handle ("cần xử lý", Gia Lai): received + carried over; late =
    /// late + pending overdue; on time = handled − late (100 % − late rate).
    Handled,
    /// Decision 766 indicator 2.1: (early + on time + pending within due) over
    /// received + carried over; late = late + pending overdue over the same.
    Decision766,
}

impl Denominator {
    /// Every denominator, in documentation order.
    pub const ALL: [Denominator; 5] = [
        Denominator::Resolved,
        Denominator::Processed,
        Denominator::Due,
        Denominator::Handled,
        Denominator::Decision766,
    ];

    /// The name used by the CLI, JSON and TOML (`resolved`, `processed`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Denominator::Resolved => "resolved",
            Denominator::Processed => "processed",
            Denominator::Due => "due",
            Denominator::Handled => "handled",
            Denominator::Decision766 => "decision766",
        }
    }

    /// What the on-time rate is under this denominator, in Vietnamese, as a report's
    /// caption explains it: `trước hạn và đúng hạn trên tổng số đã giải quyết`.
    pub fn on_time_caption_vi(self) -> &'static str {
        match self {
            Denominator::Resolved => "trước hạn và đúng hạn trên tổng số đã giải quyết",
            Denominator::Processed => {
                "trước hạn và đúng hạn trên tổng số đã xử lý, gồm cả hồ sơ trả lại, rút"
            }
            Denominator::Due => "trước hạn và đúng hạn trên tổng số hồ sơ đến hạn giải quyết",
            Denominator::Handled => "không quá hạn trên tổng số hồ sơ cần xử lý",
            Denominator::Decision766 => {
                "trước hạn, đúng hạn và đang trong hạn trên tổng số hồ sơ tiếp nhận và từ kỳ trước, theo Quyết định 766/QĐ-TTg"
            }
        }
    }

    /// Parses a name of [`Denominator::as_str`]; the error lists the valid names.
    pub fn parse(s: &str) -> Result<Denominator, EngineError> {
        parse_named(
            s,
            &Denominator::ALL,
            Denominator::as_str,
            OptionKind::Denominator,
        )
    }
}

/// The denominator of the online share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum OnlineDenominator {
    /// Online over the dossiers received in the period (the default; Decision 766 3.3).
    #[default]
    Received,
    /// Online over received + carried over (some provinces' quarterly figures).
    ReceivedAndCarried,
}

impl OnlineDenominator {
    /// Every online denominator.
    pub const ALL: [OnlineDenominator; 2] = [
        OnlineDenominator::Received,
        OnlineDenominator::ReceivedAndCarried,
    ];

    /// The name used by the CLI, JSON and TOML.
    pub fn as_str(self) -> &'static str {
        match self {
            OnlineDenominator::Received => "received",
            OnlineDenominator::ReceivedAndCarried => "received_and_carried",
        }
    }

    /// Parses a name of [`OnlineDenominator::as_str`]; the error lists the valid names.
    pub fn parse(s: &str) -> Result<OnlineDenominator, EngineError> {
        parse_named(
            s,
            &OnlineDenominator::ALL,
            OnlineDenominator::as_str,
            OptionKind::OnlineDenominator,
        )
    }
}

/// How rates are rounded to their decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// Half away from zero ("làm tròn"), the default.
    #[serde(alias = "half-up")]
    HalfUp,
    /// Towards zero: truncation (OpenCPS floors its on-time percentage to an integer).
    Floor,
}

impl Rounding {
    /// Every rounding.
    pub const ALL: [Rounding; 2] = [Rounding::HalfUp, Rounding::Floor];

    /// The name used by the CLI (`half-up`, `floor`).
    pub fn as_str(self) -> &'static str {
        match self {
            Rounding::HalfUp => "half-up",
            Rounding::Floor => "floor",
        }
    }

    /// Parses `half-up` (or `half_up`) or `floor`; the error lists the valid names.
    pub fn parse(s: &str) -> Result<Rounding, EngineError> {
        parse_named(
            &s.replace('_', "-"),
            &Rounding::ALL,
            Rounding::as_str,
            OptionKind::Rounding,
        )
    }
}

/// Finds `s` (trimmed, any case) among the names of `all`; the error lists them.
pub(crate) fn parse_named<T: Copy>(
    s: &str,
    all: &[T],
    name: fn(T) -> &'static str,
    what: OptionKind,
) -> Result<T, EngineError> {
    let folded = s.trim().to_ascii_lowercase();
    all.iter()
        .copied()
        .find(|v| name(*v) == folded)
        .ok_or_else(|| EngineError::InvalidQuery {
            reason: QueryReason::UnknownName {
                what,
                value: s.to_string(),
                expected: all.iter().map(|v| name(*v)).collect::<Vec<_>>().join(", "),
            },
        })
}

/// The largest number of decimals a measure can be asked for.
pub const MAX_DECIMALS: u32 = 12;

/// The options a measure is computed under: one value, so that a table, a report and an
/// audit that recompute a published rate state the same four choices.
///
/// [`Policy`](super::Policy) holds one (`policy.measures`); build one by hand to recompute
/// rates of existing counts under another convention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct MeasureOptions {
    /// Denominator of the on-time, early, strictly on-time, late and set-aside rates.
    pub denominator: Denominator,
    /// Denominator of the online share.
    pub online_denominator: OnlineDenominator,
    /// Rounding of the rates (means are always rounded half-up).
    pub rounding: Rounding,
    /// Decimals of the rates (0–12; means use at least 2).
    pub decimals: u32,
}

impl Default for MeasureOptions {
    /// Over resolved, online over received, half-up, 2 decimals.
    fn default() -> Self {
        MeasureOptions {
            denominator: Denominator::Resolved,
            online_denominator: OnlineDenominator::Received,
            rounding: Rounding::HalfUp,
            decimals: 2,
        }
    }
}

/// An additive quantity of a [`Counts`] row: a count column or one of the sums behind the
/// mean processing times.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quantity {
    /// A count column.
    Count(Column),
    /// Sum of `resolved_at − received_at` over resolved dossiers, in seconds.
    ProcessingSeconds,
    /// Sum of working days from receipt to resolution over resolved dossiers.
    ProcessingWorkingDays,
    /// Resolved dossiers included in `ProcessingWorkingDays`.
    WorkingDaysCounted,
}

impl Quantity {
    /// The value in `c`.
    pub fn value(self, c: &Counts) -> i128 {
        match self {
            Quantity::Count(col) => i128::from(c.get(col)),
            Quantity::ProcessingSeconds => c.processing_seconds,
            Quantity::ProcessingWorkingDays => i128::from(c.processing_working_days),
            Quantity::WorkingDaysCounted => i128::from(c.working_days_counted),
        }
    }

    /// The name as in the JSON row (`resolved_early`, `processing_seconds`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Quantity::Count(col) => col.as_str(),
            Quantity::ProcessingSeconds => "processing_seconds",
            Quantity::ProcessingWorkingDays => "processing_working_days",
            Quantity::WorkingDaysCounted => "working_days_counted",
        }
    }

    /// The name as Vietnamese tables write it: the Biểu 06 column's label (`GQ đúng hạn`,
    /// `Đã giải quyết`, [`Column::label`]), or the sum of times the mean times divide.
    pub fn label(self) -> &'static str {
        match self {
            Quantity::Count(col) => col.label(),
            Quantity::ProcessingSeconds => "Tổng thời gian giải quyết (giây)",
            Quantity::ProcessingWorkingDays => "Tổng số ngày làm việc giải quyết",
            Quantity::WorkingDaysCounted => "Số hồ sơ tính được ngày làm việc",
        }
    }
}

/// One signed term of a numerator or denominator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Term {
    /// `true` when the term is subtracted.
    pub minus: bool,
    /// The quantity.
    pub quantity: Quantity,
}

/// A sum of terms, such as `resolved_early + resolved_on_time`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Sum(pub &'static [Term]);

impl Sum {
    /// The value of the sum in `c`.
    pub fn value(&self, c: &Counts) -> i128 {
        self.0.iter().fold(0i128, |acc, t| {
            let v = t.quantity.value(c);
            if t.minus {
                acc - v
            } else {
                acc + v
            }
        })
    }

    /// The terms.
    pub fn terms(&self) -> &'static [Term] {
        self.0
    }
}

impl Sum {
    /// The sum written with `name` for each quantity, signs between the terms.
    fn write(&self, f: &mut impl fmt::Write, name: fn(Quantity) -> &'static str) -> fmt::Result {
        for (i, t) in self.0.iter().enumerate() {
            match (i, t.minus) {
                (0, false) => {}
                (0, true) => f.write_str("−")?,
                (_, false) => f.write_str(" + ")?,
                (_, true) => f.write_str(" − ")?,
            }
            f.write_str(name(t.quantity))?;
        }
        Ok(())
    }

    /// The sum in words of the JSON fields, in parentheses when it has several terms.
    fn written(&self, name: fn(Quantity) -> &'static str) -> String {
        let mut s = String::new();
        let paren = self.0.len() > 1;
        if paren {
            s.push('(');
        }
        // Writing to a String cannot fail.
        let _ = self.write(&mut s, name);
        if paren {
            s.push(')');
        }
        s
    }
}

impl fmt::Display for Sum {
    /// `resolved_early + resolved_on_time`, `received + carried_over − resolved_late`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, Quantity::as_str)
    }
}

const fn plus(c: Column) -> Term {
    Term {
        minus: false,
        quantity: Quantity::Count(c),
    }
}

const fn minus(c: Column) -> Term {
    Term {
        minus: true,
        quantity: Quantity::Count(c),
    }
}

const fn sum_of(q: Quantity) -> Term {
    Term {
        minus: false,
        quantity: q,
    }
}

const RESOLVED: Sum = Sum(&[plus(Column::Resolved)]);
const PROCESSED: Sum = Sum(&[
    plus(Column::Resolved),
    plus(Column::Rejected),
    plus(Column::Withdrawn),
]);
const DUE: Sum = Sum(&[
    plus(Column::Resolved),
    plus(Column::PendingOverdue),
    plus(Column::Rejected),
    plus(Column::Withdrawn),
]);
const HANDLED: Sum = Sum(&[plus(Column::Received), plus(Column::CarriedOver)]);
const RECEIVED: Sum = Sum(&[plus(Column::Received)]);
const EARLY: Sum = Sum(&[plus(Column::ResolvedEarly)]);
const ON_TIME: Sum = Sum(&[plus(Column::ResolvedOnTime)]);
const EARLY_ON_TIME: Sum = Sum(&[plus(Column::ResolvedEarly), plus(Column::ResolvedOnTime)]);
const HANDLED_NOT_LATE: Sum = Sum(&[
    plus(Column::Received),
    plus(Column::CarriedOver),
    minus(Column::ResolvedLate),
    minus(Column::PendingOverdue),
]);
const GOOD_766: Sum = Sum(&[
    plus(Column::ResolvedEarly),
    plus(Column::ResolvedOnTime),
    plus(Column::PendingWithinDue),
]);
const LATE: Sum = Sum(&[plus(Column::ResolvedLate)]);
const LATE_OVERDUE: Sum = Sum(&[plus(Column::ResolvedLate), plus(Column::PendingOverdue)]);
const SET_ASIDE: Sum = Sum(&[plus(Column::Rejected), plus(Column::Withdrawn)]);
const ONLINE: Sum = Sum(&[plus(Column::ReceivedOnline)]);
const PROCESSING_SECONDS: Sum = Sum(&[sum_of(Quantity::ProcessingSeconds)]);
const PROCESSING_DAYS: Sum = Sum(&[sum_of(Quantity::ProcessingWorkingDays)]);
const DAYS_COUNTED: Sum = Sum(&[sum_of(Quantity::WorkingDaysCounted)]);

/// The denominator sum of the dossier rates under `d`.
fn rate_denominator(d: Denominator) -> Sum {
    match d {
        Denominator::Resolved => RESOLVED,
        Denominator::Processed => PROCESSED,
        Denominator::Due => DUE,
        Denominator::Handled | Denominator::Decision766 => HANDLED,
    }
}

/// What a measure's value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A percentage: numerator × 100 / denominator.
    Percent,
    /// Clock hours: numerator (seconds) / (denominator × 3600).
    Hours,
    /// Working days: numerator / denominator.
    WorkingDays,
}

impl Unit {
    /// The unit as the Vietnamese tables write it after a caption: `%`, `giờ`, `ngày làm việc`.
    pub fn caption(self) -> &'static str {
        match self {
            Unit::Percent => "%",
            Unit::Hours => "giờ",
            Unit::WorkingDays => "ngày làm việc",
        }
    }
}

/// The identifier of a measure (its JSON field and report placeholder name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum MeasureId {
    /// `on_time_rate`: resolved early or on time (trước hạn và đúng hạn) over the denominator;
    /// under `handled`, handled − late − pending overdue; under `decision766`, pending within
    /// due counts too.
    OnTimeRate,
    /// `resolved_early_rate`: resolved early (trước hạn) over the denominator.
    ResolvedEarlyRate,
    /// `resolved_on_time_rate`: resolved strictly on the due date (đúng hạn) over the
    /// denominator.
    ResolvedOnTimeRate,
    /// `late_rate`: resolved late over resolved / processed; resolved late + pending overdue
    /// over due / handled / decision766.
    LateRate,
    /// `set_aside_rate`: rejected (trả lại, từ chối) + withdrawn (rút) dossiers kept in their
    /// own buckets, over the denominator.
    SetAsideRate,
    /// `online_rate`: received online over received (or received + carried over).
    OnlineRate,
    /// `mean_processing_hours`: mean clock time from receipt to resolution, in hours.
    MeanProcessingHours,
    /// `mean_processing_working_days`: mean working days from receipt to resolution.
    MeanProcessingWorkingDays,
    /// `decision766_on_time_rate`: Decision 766 indicator 2.1, (early + on time + pending
    /// within due) over received + carried over, whatever the options' denominator.
    Decision766OnTimeRate,
    /// `decision766_late_rate`: the late share of Decision 766 indicator 5.4, (late +
    /// pending overdue) over received + carried over.
    Decision766LateRate,
}

impl MeasureId {
    /// Every measure, in catalogue order (the order of JSON fields and table columns).
    pub const ALL: [MeasureId; 10] = [
        MeasureId::OnTimeRate,
        MeasureId::ResolvedEarlyRate,
        MeasureId::ResolvedOnTimeRate,
        MeasureId::LateRate,
        MeasureId::SetAsideRate,
        MeasureId::OnlineRate,
        MeasureId::MeanProcessingHours,
        MeasureId::MeanProcessingWorkingDays,
        MeasureId::Decision766OnTimeRate,
        MeasureId::Decision766LateRate,
    ];

    /// The name (`on_time_rate`, …).
    pub fn as_str(self) -> &'static str {
        self.measure().key
    }

    /// The catalogue entry.
    pub fn measure(self) -> &'static Measure {
        match self {
            MeasureId::OnTimeRate => &CATALOGUE[0],
            MeasureId::ResolvedEarlyRate => &CATALOGUE[1],
            MeasureId::ResolvedOnTimeRate => &CATALOGUE[2],
            MeasureId::LateRate => &CATALOGUE[3],
            MeasureId::SetAsideRate => &CATALOGUE[4],
            MeasureId::OnlineRate => &CATALOGUE[5],
            MeasureId::MeanProcessingHours => &CATALOGUE[6],
            MeasureId::MeanProcessingWorkingDays => &CATALOGUE[7],
            MeasureId::Decision766OnTimeRate => &CATALOGUE[8],
            MeasureId::Decision766LateRate => &CATALOGUE[9],
        }
    }

    /// Parses a name of [`MeasureId::as_str`]; the error lists the valid names.
    pub fn parse(s: &str) -> Result<MeasureId, EngineError> {
        parse_named(s, &MeasureId::ALL, MeasureId::as_str, OptionKind::Measure)
    }
}

impl fmt::Display for MeasureId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One entry of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Measure {
    /// The identifier.
    pub id: MeasureId,
    /// The name: JSON field, report placeholder `{dossiers.<key>}`.
    pub key: &'static str,
    /// The Vietnamese caption, as officials write it (without the unit).
    pub caption: &'static str,
    /// How Vietnamese running text names the measure, in lower case ("tỷ lệ đúng hạn"): the
    /// audit's messages about a stated rate.
    pub phrase: &'static str,
    /// The English caption (documentation, `--explain`).
    pub caption_en: &'static str,
    /// What the value is.
    pub unit: Unit,
    /// The indicator of the `decision766` scoring preset this measure feeds, if any.
    pub decision766: Option<&'static str>,
}

/// The catalogue, in [`MeasureId::ALL`] order.
static CATALOGUE: [Measure; 10] = [
    Measure {
        id: MeasureId::OnTimeRate,
        key: "on_time_rate",
        caption: "Tỷ lệ đúng hạn",
        phrase: "tỷ lệ đúng hạn",
        caption_en: "on-time rate (early and on time)",
        unit: Unit::Percent,
        decision766: None,
    },
    Measure {
        id: MeasureId::ResolvedEarlyRate,
        key: "resolved_early_rate",
        caption: "Tỷ lệ trước hạn",
        phrase: "tỷ lệ trước hạn",
        caption_en: "resolved early",
        unit: Unit::Percent,
        decision766: None,
    },
    Measure {
        id: MeasureId::ResolvedOnTimeRate,
        key: "resolved_on_time_rate",
        caption: "Tỷ lệ đúng hạn (không kể trước hạn)",
        phrase: "tỷ lệ đúng hạn (không kể trước hạn)",
        caption_en: "resolved on the due date",
        unit: Unit::Percent,
        decision766: None,
    },
    Measure {
        id: MeasureId::LateRate,
        key: "late_rate",
        caption: "Tỷ lệ quá hạn",
        phrase: "tỷ lệ quá hạn",
        caption_en: "late rate",
        unit: Unit::Percent,
        decision766: None,
    },
    Measure {
        id: MeasureId::SetAsideRate,
        key: "set_aside_rate",
        caption: "Tỷ lệ trả lại, rút hồ sơ",
        phrase: "tỷ lệ trả lại và rút hồ sơ",
        caption_en: "returned and withdrawn",
        unit: Unit::Percent,
        decision766: None,
    },
    Measure {
        id: MeasureId::OnlineRate,
        key: "online_rate",
        caption: "Tỷ lệ trực tuyến",
        phrase: "tỷ lệ trực tuyến",
        caption_en: "online share",
        unit: Unit::Percent,
        decision766: Some("online_dossier_share"),
    },
    Measure {
        id: MeasureId::MeanProcessingHours,
        key: "mean_processing_hours",
        caption: "Thời gian TB",
        phrase: "thời gian giải quyết trung bình (giờ)",
        caption_en: "mean processing time",
        unit: Unit::Hours,
        decision766: Some("mean_processing_hours"),
    },
    Measure {
        id: MeasureId::MeanProcessingWorkingDays,
        key: "mean_processing_working_days",
        caption: "Thời gian TB",
        phrase: "thời gian giải quyết trung bình (ngày làm việc)",
        caption_en: "mean processing time",
        unit: Unit::WorkingDays,
        decision766: None,
    },
    Measure {
        id: MeasureId::Decision766OnTimeRate,
        key: "decision766_on_time_rate",
        caption: "Tỷ lệ đúng hạn (QĐ 766)",
        phrase: "tỷ lệ đúng hạn theo Quyết định 766",
        caption_en: "on-time rate of Decision 766 (indicator 2.1)",
        unit: Unit::Percent,
        decision766: Some("on_time_rate"),
    },
    Measure {
        id: MeasureId::Decision766LateRate,
        key: "decision766_late_rate",
        caption: "Tỷ lệ trễ hạn (QĐ 766)",
        phrase: "tỷ lệ trễ hạn theo Quyết định 766",
        caption_en: "late share of Decision 766 (indicator 5.4)",
        unit: Unit::Percent,
        decision766: None,
    },
];

/// A measure's exact numerator and denominator for one row, before rounding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fraction {
    /// The numerator's value.
    pub numerator: i128,
    /// The denominator's value (a count; for hours, not yet multiplied by 3600).
    pub denominator: i128,
    /// How the value is scaled.
    pub unit: Unit,
}

impl Fraction {
    /// `(numerator × scale, denominator × divisor)` of the value.
    fn scaled(&self) -> Option<(i128, i128)> {
        match self.unit {
            Unit::Percent => Some((self.numerator.checked_mul(100)?, self.denominator)),
            Unit::Hours => Some((self.numerator, self.denominator.checked_mul(3600)?)),
            Unit::WorkingDays => Some((self.numerator, self.denominator)),
        }
    }

    /// The value rounded to `decimals` (at most [`MAX_DECIMALS`]) with `rounding`, exactly
    /// (integer arithmetic); `None` when the denominator is 0 (or on overflow beyond
    /// 10^26, which no dossier count reaches).
    pub fn round(&self, decimals: u32, rounding: Rounding) -> Option<Decimal> {
        let (num, den) = self.scaled()?;
        if den <= 0 {
            return None;
        }
        let dp = decimals.min(MAX_DECIMALS);
        let scaled = num.checked_mul(10i128.checked_pow(dp)?)?;
        let (q, r) = (scaled / den, scaled % den);
        let q = match rounding {
            Rounding::Floor => q,
            Rounding::HalfUp => {
                if 2 * r.abs() >= den {
                    q + scaled.signum()
                } else {
                    q
                }
            }
        };
        Decimal::try_from_i128_with_scale(q, dp).ok()
    }

    /// The value without rounding (rust_decimal's 28 significant digits); `None` when the
    /// denominator is 0.
    pub fn exact(&self) -> Option<Decimal> {
        let (num, den) = self.scaled()?;
        if den <= 0 {
            return None;
        }
        Decimal::from_i128_with_scale(num, 0).checked_div(Decimal::from_i128_with_scale(den, 0))
    }
}

impl Measure {
    /// Every measure of the catalogue, in [`MeasureId::ALL`] order.
    pub fn all() -> impl Iterator<Item = &'static Measure> {
        CATALOGUE.iter()
    }

    /// Whether a lower value is better (late and set-aside shares, mean times), for
    /// ranking units by this measure.
    pub fn lower_is_better(&self) -> bool {
        matches!(
            self.id,
            MeasureId::LateRate
                | MeasureId::SetAsideRate
                | MeasureId::MeanProcessingHours
                | MeasureId::MeanProcessingWorkingDays
                | MeasureId::Decision766LateRate
        )
    }

    /// Whether the options' [`Denominator`] changes this measure.
    pub fn follows_denominator(&self) -> bool {
        matches!(
            self.id,
            MeasureId::OnTimeRate
                | MeasureId::ResolvedEarlyRate
                | MeasureId::ResolvedOnTimeRate
                | MeasureId::LateRate
                | MeasureId::SetAsideRate
        )
    }

    /// The numerator under `o`.
    pub fn numerator(&self, o: &MeasureOptions) -> Sum {
        match self.id {
            MeasureId::OnTimeRate => match o.denominator {
                Denominator::Resolved | Denominator::Processed | Denominator::Due => EARLY_ON_TIME,
                Denominator::Handled => HANDLED_NOT_LATE,
                Denominator::Decision766 => GOOD_766,
            },
            MeasureId::ResolvedEarlyRate => EARLY,
            MeasureId::ResolvedOnTimeRate => ON_TIME,
            MeasureId::LateRate => match o.denominator {
                Denominator::Resolved | Denominator::Processed => LATE,
                Denominator::Due | Denominator::Handled | Denominator::Decision766 => LATE_OVERDUE,
            },
            MeasureId::SetAsideRate => SET_ASIDE,
            MeasureId::OnlineRate => ONLINE,
            MeasureId::MeanProcessingHours => PROCESSING_SECONDS,
            MeasureId::MeanProcessingWorkingDays => PROCESSING_DAYS,
            MeasureId::Decision766OnTimeRate => GOOD_766,
            MeasureId::Decision766LateRate => LATE_OVERDUE,
        }
    }

    /// The denominator under `o`.
    pub fn denominator(&self, o: &MeasureOptions) -> Sum {
        match self.id {
            MeasureId::OnTimeRate
            | MeasureId::ResolvedEarlyRate
            | MeasureId::ResolvedOnTimeRate
            | MeasureId::LateRate
            | MeasureId::SetAsideRate => rate_denominator(o.denominator),
            MeasureId::OnlineRate => match o.online_denominator {
                OnlineDenominator::Received => RECEIVED,
                OnlineDenominator::ReceivedAndCarried => HANDLED,
            },
            MeasureId::MeanProcessingHours => RESOLVED,
            MeasureId::MeanProcessingWorkingDays => DAYS_COUNTED,
            MeasureId::Decision766OnTimeRate | MeasureId::Decision766LateRate => HANDLED,
        }
    }

    /// The decimals of the value under `o`: the options' decimals for percentages, at least
    /// 2 for the mean times.
    pub fn decimals(&self, o: &MeasureOptions) -> u32 {
        let dp = o.decimals.min(MAX_DECIMALS);
        match self.unit {
            Unit::Percent => dp,
            Unit::Hours | Unit::WorkingDays => dp.max(2),
        }
    }

    /// The rounding of the value under `o`: the options' rounding for percentages, half-up
    /// for the mean times.
    pub fn rounding(&self, o: &MeasureOptions) -> Rounding {
        match self.unit {
            Unit::Percent => o.rounding,
            Unit::Hours | Unit::WorkingDays => Rounding::HalfUp,
        }
    }

    /// The exact numerator and denominator for the row `c` under `o`.
    pub fn fraction(&self, c: &Counts, o: &MeasureOptions) -> Fraction {
        Fraction {
            numerator: self.numerator(o).value(c),
            denominator: self.denominator(o).value(c),
            unit: self.unit,
        }
    }

    /// The value for the row `c` under `o`, rounded; `None` when the denominator is 0.
    pub fn compute(&self, c: &Counts, o: &MeasureOptions) -> Option<Decimal> {
        self.fraction(c, o)
            .round(self.decimals(o), self.rounding(o))
    }

    /// `numerator / denominator` in words of the JSON fields, e.g.
    /// `(resolved_early + resolved_on_time) / resolved × 100`.
    pub fn formula(&self, o: &MeasureOptions) -> String {
        self.formula_with(o, Quantity::as_str)
    }

    /// `numerator / denominator` in the Biểu 06 column labels, as Vietnamese text states
    /// it, e.g. `(GQ trước hạn + GQ đúng hạn) / Đã giải quyết × 100`.
    pub fn formula_vi(&self, o: &MeasureOptions) -> String {
        self.formula_with(o, Quantity::label)
    }

    fn formula_with(&self, o: &MeasureOptions, name: fn(Quantity) -> &'static str) -> String {
        let (n, d) = (
            self.numerator(o).written(name),
            self.denominator(o).written(name),
        );
        match self.unit {
            Unit::Percent => format!("{n} / {d} × 100"),
            Unit::Hours => format!("{n} / {d} / 3600"),
            Unit::WorkingDays => format!("{n} / {d}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn frac(n: i128, d: i128, unit: Unit) -> Fraction {
        Fraction {
            numerator: n,
            denominator: d,
            unit,
        }
    }

    #[test]
    fn exact_half_up_and_floor() {
        let p = |n, d| frac(n, d, Unit::Percent);
        assert_eq!(p(6691, 6774).round(2, Rounding::HalfUp), Some(dec!(98.77)));
        // 1/8 = 12.5 % → 13 half-up, 12 floored
        assert_eq!(p(1, 8).round(0, Rounding::HalfUp), Some(dec!(13)));
        assert_eq!(p(1, 8).round(0, Rounding::Floor), Some(dec!(12)));
        assert_eq!(p(1, 0).round(2, Rounding::HalfUp), None);
        assert_eq!(p(1, 0).exact(), None);
        // 283.1 h: the peers' TOTAL figure format
        assert_eq!(
            frac(1_019_160, 1, Unit::Hours).round(2, Rounding::HalfUp),
            Some(dec!(283.10))
        );
        assert_eq!(p(1, 3).exact().map(|d| d.round_dp(4)), Some(dec!(33.3333)));
    }

    #[test]
    fn catalogue_is_in_id_order_and_names_parse() {
        for (m, id) in Measure::all().zip(MeasureId::ALL) {
            assert_eq!(m.id, id);
            assert_eq!(id.measure().id, id);
            assert_eq!(MeasureId::parse(m.key).unwrap(), id);
            assert_eq!(
                serde_json::to_string(&id).unwrap(),
                format!("\"{}\"", m.key)
            );
        }
        let e = MeasureId::parse("ontime").unwrap_err().to_string();
        assert!(e.contains("on_time_rate") && e.contains("ontime"), "{e}");
        for d in Denominator::ALL {
            assert_eq!(Denominator::parse(d.as_str()).unwrap(), d);
        }
        let e = Denominator::parse("received").unwrap_err().to_string();
        assert!(
            e.contains("resolved, processed, due, handled, decision766"),
            "{e}"
        );
        assert_eq!(Rounding::parse("half_up").unwrap(), Rounding::HalfUp);
        assert_eq!(
            OnlineDenominator::parse("received_and_carried").unwrap(),
            OnlineDenominator::ReceivedAndCarried
        );
    }

    #[test]
    fn formulas_read_as_documented() {
        let o = MeasureOptions::default();
        let h = MeasureOptions {
            denominator: Denominator::Handled,
            ..o
        };
        // (measure, options, in JSON field names, in the Biểu 06 labels)
        for (id, options, en, vi) in [
            (
                MeasureId::OnTimeRate,
                o,
                "(resolved_early + resolved_on_time) / resolved × 100",
                "(GQ trước hạn + GQ đúng hạn) / Đã giải quyết × 100",
            ),
            (
                MeasureId::OnTimeRate,
                h,
                "(received + carried_over − resolved_late − pending_overdue) / (received + carried_over) × 100",
                "(Mới tiếp nhận + Từ kỳ trước − GQ quá hạn − Đang GQ quá hạn) / (Mới tiếp nhận + Từ kỳ trước) × 100",
            ),
            (
                MeasureId::MeanProcessingHours,
                o,
                "processing_seconds / resolved / 3600",
                "Tổng thời gian giải quyết (giây) / Đã giải quyết / 3600",
            ),
        ] {
            assert_eq!(id.measure().formula(&options), en);
            assert_eq!(id.measure().formula_vi(&options), vi);
        }
        // Every measure, every denominator: the same terms in both languages, no field name.
        for d in Denominator::ALL {
            let o = MeasureOptions {
                denominator: d,
                ..o
            };
            for m in Measure::all() {
                let (en, vi) = (m.formula(&o), m.formula_vi(&o));
                assert_eq!(en.matches(" + ").count(), vi.matches(" + ").count(), "{vi}");
                assert_eq!(en.matches('−').count(), vi.matches('−').count(), "{vi}");
                assert!(!vi.contains('_'), "{vi}");
            }
        }
    }
}
