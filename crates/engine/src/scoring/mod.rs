//! Composite-indicator scoring: normalise, weight, aggregate, rank, explain.
//!
//! The pipeline follows the OECD/JRC handbook and COINr's explicit, replayable style: an
//! [`IndexDefinition`] (data: TOML, JSON or the builder) is validated into a
//! [`CompiledIndex`]; [`CompiledIndex::score`] normalises every indicator column over the
//! units of a [`UnitTable`], aggregates bottom-up level by level, ranks every node, and
//! returns a [`ScoreSet`] that records the anchors used, every normalised value and every
//! contribution, so that [`ScoreSet::explain`] can show why a unit has its score and the same
//! inputs always replay to the same figures.
//!
//! Arithmetic is exact decimal (`rust_decimal`, 28 significant digits); only z-scores
//! (square root) and geometric means (ln/exp) are approximations. Rounding (half-up) happens
//! only in views ([`ScoreSet::view`]) and, by default, in the comparison used for ranks
//! ([`ScoreOptions::rank_decimals`]). See `docs/methodology.md`.
//!
//! ```
//! use minhbach_engine::scoring::{
//!     Direction, IndexDefinition, Indicator, IndicatorSpec, ScoreOptions, UnitTable,
//! };
//! use rust_decimal::Decimal;
//! let index = IndexDefinition::new("demo", "Chỉ số thử", "Demo")
//!     .weight_total(Decimal::from(2))
//!     .indicator(IndicatorSpec::of(Indicator::new("on_time", "Tỷ lệ đúng hạn", "On-time rate", "%", Direction::Higher)))
//!     .indicator(IndicatorSpec::of(Indicator::new("late_days", "Số ngày trễ", "Days late", "ngày", Direction::Lower)))
//!     .build()?;
//! let data = UnitTable::from_csv_reader("unit,on_time,late_days\nA,90,2\nB,80,4\n".as_bytes(), "demo")?;
//! let scores = index.score(&data, &ScoreOptions::default())?;
//! assert_eq!(scores.score("A", "demo"), Some(Decimal::TEN));   // best on both: 10 and 10
//! assert_eq!(scores.score("B", "demo"), Some(Decimal::ONE));   // worst on both
//! let why = scores.explain("A", "demo").unwrap();
//! assert_eq!(why.contribution_total, why.score);
//! # Ok::<(), minhbach_engine::EngineError>(())
//! ```

mod compare;
mod compiled;
mod data;
mod definition;
mod dossier;
mod normalise;
mod presets;
mod reason;
mod score;

pub use compare::{compare, Change, PeriodComparison};
pub use compiled::{CompiledIndex, Node, NodeKind};
pub use data::{read_anchors_csv, RejectedUnitRow, UnitTable, UnitTableReport};
pub use definition::{
    AggregationMethod, Anchors, ConstantPolicy, Domain, Group, IndexDefinition, IndicatorSpec,
    MissingPolicy, NamedDomain, Normalisation,
};
pub use dossier::{Decision766Extras, Decision766Values};
/// The model's vocabulary scoring speaks: directions, targets and their comparisons.
pub use minhbach_model::{Comparison, Direction, Indicator, Target};
pub use normalise::AnchorsUsed;
pub use presets::{preset, preset_toml, PRESET_NAMES};
pub use reason::{
    ArithmeticReason, DefinitionReason, DegenerateReason, NormalisationReason, SyntaxReason,
    UnitDataReason, UnitRowReason,
};
pub use score::{
    competition_ranks, Explanation, InputExplanation, NodeScore, NodeView, ScoreOptions, ScoreSet,
    ScoresJson, ScoresView, UnitScores, UnitView, UnitsJson,
};
