//! Index definitions as data: the tree index → sub-indices (groups) → indicators.
//!
//! A definition is a flat list of groups and indicators that name their parent by id (the
//! index itself when `parent` is omitted). This form reads naturally in TOML and JSON, and
//! [`IndexDefinition::compile`] turns it into a checked tree, reporting every structural
//! problem with the id of the node at fault.

use std::collections::{HashMap, HashSet};
use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use minhbach_model::{Direction, Indicator};

use super::reason::{DefinitionReason, SyntaxReason};
use crate::EngineError;

/// Builder setters of the definition types: each `/// doc` `name(value: Type) => field =
/// expression;` becomes `pub fn name(mut self, value: Type) -> Self` that stores the
/// expression in `field` and returns the value.
macro_rules! setters {
    ($($(#[$doc:meta])* $name:ident($v:ident: $t:ty) => $field:ident = $value:expr;)*) => {$(
        $(#[$doc])*
        pub fn $name(mut self, $v: $t) -> Self {
            self.$field = $value;
            self
        }
    )*};
}

/// Declares a node of the tree that combines inputs — a group, or the index itself — with
/// the fields both have, in this order: `id`, `name_vi`, `name_en`; the node's own fields
/// before the first `;`; how it combines its inputs (`aggregation`, `scale`, `weight_total`,
/// `max_score`, `missing`); its own fields before the second `;`; `unverified` and `note`;
/// its own last fields. Each own field is written with its default (`= value`), and `new`
/// builds the node from its id and names with every other field at its default: weighted
/// mean, scale 1, `fail` on missing values, no declared totals.
macro_rules! combining_node {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $($(#[$am:meta])* pub $a:ident: $at:ty = $ad:expr,)*
            ;
            $($(#[$bm:meta])* pub $b:ident: $bt:ty = $bd:expr,)*
            ;
            $($(#[$cm:meta])* pub $c:ident: $ct:ty = $cd:expr,)*
        }
        $(#[$new_meta:meta])*
        new;
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            /// Unique id (snake_case by convention).
            pub id: String,
            /// Vietnamese name as officials write it.
            #[serde(default)]
            pub name_vi: String,
            /// English name.
            #[serde(default)]
            pub name_en: String,
            $($(#[$am])* pub $a: $at,)*
            /// How this node combines its inputs.
            #[serde(default)]
            pub aggregation: AggregationMethod,
            /// Factor applied to the aggregate (e.g. 10 to turn a 1–10 mean into 100 points).
            #[serde(default = "one", skip_serializing_if = "is_one")]
            pub scale: Decimal,
            /// Declared total of the children's weights; validation checks it exactly.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub weight_total: Option<Decimal>,
            /// Declared maximum score; checked when every input's maximum is known.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub max_score: Option<Decimal>,
            /// Missing-value policy for this node's inputs.
            #[serde(default)]
            pub missing: MissingPolicy,
            $($(#[$bm])* pub $b: $bt,)*
            /// Marks content that is a hypothesis, not a verified rule.
            #[serde(default, skip_serializing_if = "is_false")]
            pub unverified: bool,
            /// Free-text note (source, caveat).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub note: Option<String>,
            $($(#[$cm])* pub $c: $ct,)*
        }

        impl $name {
            $(#[$new_meta])*
            pub fn new(
                id: impl Into<String>,
                name_vi: impl Into<String>,
                name_en: impl Into<String>,
            ) -> Self {
                $name {
                    id: id.into(),
                    name_vi: name_vi.into(),
                    name_en: name_en.into(),
                    $($a: $ad,)*
                    aggregation: AggregationMethod::WeightedMean,
                    scale: Decimal::ONE,
                    weight_total: None,
                    max_score: None,
                    missing: MissingPolicy::Fail,
                    $($b: $bd,)*
                    unverified: false,
                    note: None,
                    $($c: $cd,)*
                }
            }
        }
    };
}

/// How the inputs of a group (or of the index) are combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum AggregationMethod {
    /// `scale · Σ wᵢxᵢ / Σ wᵢ` over the available inputs.
    #[default]
    WeightedMean,
    /// `scale · Π xᵢ^(wᵢ/Σw)`; inputs must be strictly positive.
    WeightedGeometricMean,
    /// `scale · Σ wᵢxᵢ` (points). When inputs are dropped the sum is re-scaled by
    /// `Σcap / Σcap_available`, where `cap = w·max` if every input's maximum is known (threshold
    /// points, a group's max score) and `cap = w` otherwise — so the group keeps its full points.
    WeightedSum,
}

impl fmt::Display for AggregationMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AggregationMethod::WeightedMean => "weighted_mean",
            AggregationMethod::WeightedGeometricMean => "weighted_geometric_mean",
            AggregationMethod::WeightedSum => "weighted_sum",
        })
    }
}

/// What a level does when one of its inputs has no value. There is no silent zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum MissingPolicy {
    /// Scoring fails with [`EngineError::MissingValue`] naming the unit, the level and the input.
    #[default]
    Fail,
    /// The missing input and its weight are dropped; the remaining weights are re-normalised.
    /// A level with no input left has no score itself (its parent's policy then applies).
    DropAndReweight,
}

/// What happens when a set of units gives collapsed anchors (one unit only, or all equal).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ConstantPolicy {
    /// Every unit gets the best value of the method (min–max: `high`; rank: 1 = n; percentile
    /// rank: 100; distance to target: `scale`); z-scores are all the mean `m`.
    #[default]
    Best,
    /// Scoring fails with [`EngineError::DegenerateAnchors`].
    Error,
}

/// Where the min and max of a min–max normalisation come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Anchors {
    /// The extremes of the current set of units (DDCI: "Min, Max … trong kỳ đánh giá").
    #[default]
    Current,
    /// Fixed extremes, e.g. PCI's pooled extremes over past editions.
    Explicit {
        /// The anchor mapped to the bottom of the range for a higher-is-better indicator.
        min: Decimal,
        /// The anchor mapped to the top of the range for a higher-is-better indicator.
        max: Decimal,
    },
    /// The definition expects the user to supply anchors before scoring
    /// ([`IndexDefinition::set_anchors`]); scoring without them is an error.
    Required,
}

fn one() -> Decimal {
    Decimal::ONE
}
fn ten() -> Decimal {
    Decimal::TEN
}
fn hundred() -> Decimal {
    Decimal::ONE_HUNDRED
}
fn zero() -> Decimal {
    Decimal::ZERO
}
fn yes() -> bool {
    true
}
fn is_false(b: &bool) -> bool {
    !*b
}
fn is_one(d: &Decimal) -> bool {
    *d == Decimal::ONE
}

/// How an indicator's raw value is mapped onto a common scale. Tagged by `method` in TOML/JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case", deny_unknown_fields)]
pub enum Normalisation {
    /// The value as given (already-scaled inputs, e.g. published PCI sub-index values).
    Identity,
    /// PCI min–max: higher `low + (high−low)(x−min)/(max−min)`, lower `high − (high−low)(x−min)/(max−min)`.
    /// Defaults `low = 1`, `high = 10` (PCI's 10-point scale).
    MinMax {
        /// Bottom of the target range.
        #[serde(default = "one")]
        low: Decimal,
        /// Top of the target range.
        #[serde(default = "ten")]
        high: Decimal,
        /// Where min and max come from.
        #[serde(default)]
        anchors: Anchors,
        /// With explicit anchors, clamp values outside `[min, max]` instead of failing.
        #[serde(default, skip_serializing_if = "is_false")]
        truncate: bool,
    },
    /// Goalposts: like min–max with fixed `lower`/`upper` goalposts, truncated by default.
    Goalposts {
        /// The worst goalpost for a higher-is-better indicator.
        lower: Decimal,
        /// The best goalpost for a higher-is-better indicator.
        upper: Decimal,
        /// Bottom of the target range (default 0).
        #[serde(default = "zero")]
        low: Decimal,
        /// Top of the target range (default 100).
        #[serde(default = "hundred")]
        high: Decimal,
        /// Clamp values beyond the goalposts (default true).
        #[serde(default = "yes")]
        truncate: bool,
    },
    /// Standardisation `m + s·(x − mean)/sd` (sample standard deviation, n − 1), sign reversed for
    /// lower-is-better indicators. Defaults `m = 0`, `s = 1`.
    ZScore {
        /// Mean of the output.
        #[serde(default = "zero")]
        m: Decimal,
        /// Standard deviation of the output.
        #[serde(default = "one")]
        s: Decimal,
    },
    /// `1 + number of units strictly worse`: the worst gets 1, ties share the lower value.
    Rank,
    /// `100 · (number of units strictly worse) / (n − 1)`, on 0–100.
    PercentileRank,
    /// `scale · (x − worst)/(target − worst)`; `worst` defaults to the worst value in the current
    /// set; capped at `scale` (and floored at 0) when `cap`.
    DistanceToTarget {
        /// The target value.
        target: Decimal,
        /// The reference worst value; `None` takes the worst value among the units scored.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        worst: Option<Decimal>,
        /// Output for a unit on target (default 100).
        #[serde(default = "hundred")]
        scale: Decimal,
        /// Cap at `scale` and floor at 0 (default true).
        #[serde(default = "yes")]
        cap: bool,
    },
    /// Decision 766 points: higher-is-better `x ≥ threshold → max_points`, else
    /// `x · max_points / threshold`; lower-is-better `x ≤ threshold → max_points`, else
    /// `threshold · max_points / x`. Results are floored at 0.
    Threshold {
        /// The threshold (in the indicator's own unit, e.g. 80 for 80 %).
        threshold: Decimal,
        /// Points for meeting the threshold.
        max_points: Decimal,
    },
}

impl Default for Normalisation {
    fn default() -> Self {
        Normalisation::MinMax {
            low: Decimal::ONE,
            high: Decimal::TEN,
            anchors: Anchors::Current,
            truncate: false,
        }
    }
}

impl Normalisation {
    /// The highest value this method can produce, when it is bounded.
    pub fn max_output(&self) -> Option<Decimal> {
        match self {
            Normalisation::MinMax { high, .. } => Some(*high),
            Normalisation::Goalposts {
                high,
                truncate: true,
                ..
            } => Some(*high),
            Normalisation::PercentileRank => Some(Decimal::ONE_HUNDRED),
            Normalisation::DistanceToTarget {
                scale, cap: true, ..
            } => Some(*scale),
            Normalisation::Threshold { max_points, .. } => Some(*max_points),
            _ => None,
        }
    }

    /// A short name (`min_max`, `z_score`, ...).
    pub fn name(&self) -> &'static str {
        match self {
            Normalisation::Identity => "identity",
            Normalisation::MinMax { .. } => "min_max",
            Normalisation::Goalposts { .. } => "goalposts",
            Normalisation::ZScore { .. } => "z_score",
            Normalisation::Rank => "rank",
            Normalisation::PercentileRank => "percentile_rank",
            Normalisation::DistanceToTarget { .. } => "distance_to_target",
            Normalisation::Threshold { .. } => "threshold",
        }
    }
}

/// The admissible raw values of an indicator. Values outside it are errors
/// ([`EngineError::OutOfDomain`]), never clamped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Domain {
    /// A named domain.
    Named(NamedDomain),
    /// An explicit closed range; either bound may be omitted.
    Range {
        /// Lowest admissible value.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<Decimal>,
        /// Highest admissible value.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<Decimal>,
    },
}

/// Common domains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NamedDomain {
    /// `[0, 1]`.
    Proportion,
    /// `[0, 100]`.
    Percent,
    /// `[0, ∞)`.
    NonNegative,
}

impl Domain {
    /// The (min, max) bounds of the domain.
    pub fn bounds(&self) -> (Option<Decimal>, Option<Decimal>) {
        match *self {
            Domain::Named(NamedDomain::Proportion) => (Some(Decimal::ZERO), Some(Decimal::ONE)),
            Domain::Named(NamedDomain::Percent) => {
                (Some(Decimal::ZERO), Some(Decimal::ONE_HUNDRED))
            }
            Domain::Named(NamedDomain::NonNegative) => (Some(Decimal::ZERO), None),
            Domain::Range { min, max } => (min, max),
        }
    }

    /// Whether `x` lies in the domain.
    pub fn contains(&self, x: Decimal) -> bool {
        let (lo, hi) = self.bounds();
        lo.is_none_or(|lo| x >= lo) && hi.is_none_or(|hi| x <= hi)
    }
}

impl fmt::Display for Domain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (lo, hi) = self.bounds();
        match (lo, hi) {
            (Some(l), Some(h)) => write!(f, "[{l}, {h}]"),
            (Some(l), None) => write!(f, "[{l}, ∞)"),
            (None, Some(h)) => write!(f, "(−∞, {h}]"),
            (None, None) => f.write_str("(−∞, ∞)"),
        }
    }
}

combining_node! {
    /// A sub-index (group, pillar): an inner node of the tree.
    pub struct Group {
        /// Parent id; `None` means the index itself.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub parent: Option<String> = None,
        /// Weight in the parent (non-negative).
        #[serde(default = "one")]
        pub weight: Decimal = Decimal::ONE,
        ;
        ;
    }
    /// A group with weight 1, weighted mean, `fail` on missing values, directly under the index.
    new;
}

impl Group {
    setters! {
        /// Sets the parent group.
        parent(parent: impl Into<String>) => parent = Some(parent.into());
        /// Sets the weight in the parent.
        weight(weight: Decimal) => weight = weight;
        /// Sets the aggregation method.
        aggregation(aggregation: AggregationMethod) => aggregation = aggregation;
        /// Sets the declared weight total.
        weight_total(total: Decimal) => weight_total = Some(total);
        /// Sets the missing-value policy.
        missing(missing: MissingPolicy) => missing = missing;
        /// Sets the scale factor.
        scale(scale: Decimal) => scale = scale;
        /// Sets the declared maximum score.
        max_score(max: Decimal) => max_score = Some(max);
    }
}

/// An indicator placed in an index: the model's [`Indicator`] (id — also the column header
/// in unit data —, names, unit, direction) with its parent, weight, normalisation and domain.
/// A leaf of the tree. In TOML and JSON every field is written flat:
///
/// ```toml
/// [[indicators]]
/// id = "on_time"
/// name_vi = "Tỷ lệ hồ sơ đúng hạn"
/// unit = "%"
/// direction = "higher"        # or lower, +, -, thuận, nghịch
/// parent = "dossiers"
/// weight = 0.5
/// normalisation = { method = "min_max" }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "IndicatorFields", into = "IndicatorFields")]
pub struct IndicatorSpec {
    /// What the indicator is. Its `direction` is required: a missing direction fails
    /// validation.
    pub indicator: Indicator,
    /// Parent group id; `None` means the index itself.
    pub parent: Option<String>,
    /// Weight in the parent (non-negative).
    pub weight: Decimal,
    /// How raw values are normalised (default PCI min–max 1–10 on current anchors).
    pub normalisation: Normalisation,
    /// Admissible raw values.
    pub domain: Option<Domain>,
    /// Marks content that is a hypothesis, not a verified rule.
    pub unverified: bool,
}

/// The flat serde form of [`IndicatorSpec`] (the model's fields and the placement's side by
/// side), so that a misspelt field is refused.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct IndicatorFields {
    id: String,
    #[serde(default)]
    name_vi: String,
    #[serde(default)]
    name_en: String,
    #[serde(default)]
    unit: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    parent: Option<String>,
    #[serde(default)]
    direction: Option<Direction>,
    #[serde(default = "one")]
    weight: Decimal,
    #[serde(default)]
    normalisation: Normalisation,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    domain: Option<Domain>,
    #[serde(default, skip_serializing_if = "is_false")]
    unverified: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

impl From<IndicatorFields> for IndicatorSpec {
    fn from(f: IndicatorFields) -> Self {
        IndicatorSpec {
            indicator: Indicator {
                id: f.id,
                name_vi: f.name_vi,
                name_en: f.name_en,
                unit: f.unit,
                direction: f.direction,
                note: f.note,
            },
            parent: f.parent,
            weight: f.weight,
            normalisation: f.normalisation,
            domain: f.domain,
            unverified: f.unverified,
        }
    }
}

impl From<IndicatorSpec> for IndicatorFields {
    fn from(s: IndicatorSpec) -> Self {
        let i = s.indicator;
        IndicatorFields {
            id: i.id,
            name_vi: i.name_vi,
            name_en: i.name_en,
            unit: i.unit,
            parent: s.parent,
            direction: i.direction,
            weight: s.weight,
            normalisation: s.normalisation,
            domain: s.domain,
            unverified: s.unverified,
            note: i.note,
        }
    }
}

impl IndicatorSpec {
    /// The model's indicator placed under the index with weight 1, the default normalisation
    /// (PCI min–max 1–10 on current anchors) and no domain.
    pub fn of(indicator: Indicator) -> Self {
        IndicatorSpec {
            indicator,
            parent: None,
            weight: Decimal::ONE,
            normalisation: Normalisation::default(),
            domain: None,
            unverified: false,
        }
    }
    /// The indicator id.
    pub fn id(&self) -> &str {
        &self.indicator.id
    }
    setters! {
        /// Sets the parent group.
        parent(parent: impl Into<String>) => parent = Some(parent.into());
        /// Sets the weight.
        weight(weight: Decimal) => weight = weight;
        /// Sets the normalisation.
        normalisation(n: Normalisation) => normalisation = n;
        /// Sets the domain.
        domain(d: Domain) => domain = Some(d);
    }
}

combining_node! {
    /// A whole index: the root's own settings plus flat lists of groups and indicators.
    ///
    /// ```
    /// use minhbach_engine::scoring::IndexDefinition;
    /// let def = IndexDefinition::from_toml_str(r#"
    ///     id = "demo"
    ///     name_vi = "Chỉ số thử"
    ///     aggregation = "weighted_mean"
    ///     weight_total = 1
    ///     [[indicators]]
    ///     id = "on_time"
    ///     direction = "higher"
    ///     weight = 0.5
    ///     [[indicators]]
    ///     id = "late"
    ///     direction = "lower"
    ///     weight = 0.5
    /// "#, "<doc>")?;
    /// let compiled = def.compile()?;
    /// assert_eq!(compiled.indicator_ids(), vec!["on_time", "late"]);
    /// # Ok::<(), minhbach_engine::EngineError>(())
    /// ```
    pub struct IndexDefinition {
        /// Edition or version label (e.g. "2013–2016").
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub edition: Option<String> = None,
        /// Where the method comes from.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub source: Option<String> = None,
        ;
        /// Rule for collapsed anchors (one unit, or all values equal).
        #[serde(default)]
        pub constant: ConstantPolicy = ConstantPolicy::Best,
        ;
        /// Sub-indices.
        #[serde(default)]
        pub groups: Vec<Group> = Vec::new(),
        /// Indicators.
        #[serde(default)]
        pub indicators: Vec<IndicatorSpec> = Vec::new(),
    }
    /// An empty definition: weighted mean, `fail` on missing values.
    new;
}

fn syntax_from_toml(source_name: &str, text: &str, e: &toml::de::Error) -> EngineError {
    let (line, column) = match e.span() {
        Some(span) => {
            let before = text.get(..span.start).unwrap_or("");
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            (Some(line), Some(column))
        }
        None => (None, None),
    };
    EngineError::DefinitionSyntax {
        source_name: source_name.to_string(),
        line,
        column,
        reason: SyntaxReason::new(minhbach_model::SyntaxFormat::Toml, e.message()),
    }
}

impl IndexDefinition {
    setters! {
        /// Builder: sets the root aggregation.
        aggregation(a: AggregationMethod) => aggregation = a;
        /// Builder: sets the root scale.
        scale(s: Decimal) => scale = s;
        /// Builder: sets the declared weight total of the root.
        weight_total(t: Decimal) => weight_total = Some(t);
        /// Builder: sets the root missing-value policy.
        missing(m: MissingPolicy) => missing = m;
        /// Builder: sets the collapsed-anchor rule.
        constant(c: ConstantPolicy) => constant = c;
    }
    /// Builder: adds a group.
    pub fn group(mut self, g: Group) -> Self {
        self.groups.push(g);
        self
    }
    /// Builder: adds an indicator.
    pub fn indicator(mut self, i: IndicatorSpec) -> Self {
        self.indicators.push(i);
        self
    }
    /// Builder end: validates and compiles.
    pub fn build(self) -> Result<super::CompiledIndex, EngineError> {
        self.compile()
    }

    /// Parses a TOML definition. `source_name` appears in error messages.
    pub fn from_toml_str(text: &str, source_name: &str) -> Result<Self, EngineError> {
        toml::from_str(text).map_err(|e| syntax_from_toml(source_name, text, &e))
    }

    /// Parses a JSON definition. `source_name` appears in error messages.
    pub fn from_json_str(text: &str, source_name: &str) -> Result<Self, EngineError> {
        serde_json::from_str(text).map_err(|e| EngineError::DefinitionSyntax {
            source_name: source_name.to_string(),
            line: Some(e.line()),
            column: Some(e.column()),
            reason: SyntaxReason::new(minhbach_model::SyntaxFormat::Json, e.to_string()),
        })
    }

    /// Serialises to TOML.
    pub fn to_toml_string(&self) -> Result<String, EngineError> {
        toml::to_string(self).map_err(|e| EngineError::InvalidDefinition {
            node: self.id.clone(),
            reason: DefinitionReason::CannotSerialise {
                detail: e.to_string(),
            },
        })
    }

    /// Sets explicit min–max anchors for one indicator (e.g. PCI pooled extremes).
    pub fn set_anchors(
        &mut self,
        indicator: &str,
        min: Decimal,
        max: Decimal,
    ) -> Result<(), EngineError> {
        let ind = self
            .indicators
            .iter_mut()
            .find(|i| i.id() == indicator)
            .ok_or_else(|| EngineError::InvalidDefinition {
                node: indicator.to_string(),
                reason: DefinitionReason::NoSuchIndicator,
            })?;
        match &mut ind.normalisation {
            Normalisation::MinMax { anchors, .. } => {
                *anchors = Anchors::Explicit { min, max };
                Ok(())
            }
            other => Err(EngineError::InvalidDefinition {
                node: indicator.to_string(),
                reason: DefinitionReason::AnchorsNeedMinMax {
                    method: other.name().to_string(),
                },
            }),
        }
    }

    /// The ids of the indicators whose min–max anchors must be supplied before the
    /// definition compiles (`anchors = "required"`: PCI's pooled extremes over past
    /// editions), in definition order. [`IndexDefinition::set_anchors`] supplies them.
    ///
    /// ```
    /// use minhbach_engine::scoring::preset;
    /// assert_eq!(preset("pci_transparency")?.required_anchors().len(), 10);
    /// assert!(preset("pci")?.required_anchors().is_empty());
    /// # Ok::<(), minhbach_engine::EngineError>(())
    /// ```
    pub fn required_anchors(&self) -> Vec<&str> {
        self.indicators
            .iter()
            .filter(|i| {
                matches!(
                    i.normalisation,
                    Normalisation::MinMax {
                        anchors: Anchors::Required,
                        ..
                    }
                )
            })
            .map(IndicatorSpec::id)
            .collect()
    }

    /// Looks up an indicator by id.
    pub fn indicator_mut(&mut self, id: &str) -> Option<&mut IndicatorSpec> {
        self.indicators.iter_mut().find(|i| i.id() == id)
    }

    /// Looks up a group by id.
    pub fn group_mut(&mut self, id: &str) -> Option<&mut Group> {
        self.groups.iter_mut().find(|g| g.id == id)
    }

    /// Validates the definition and builds the checked tree.
    ///
    /// Errors name the node: empty or duplicate ids, unknown parents, cycles between groups,
    /// groups without inputs, negative weights, weights not summing to the declared total,
    /// maximum scores that do not add up, missing directions, and inconsistent normalisation
    /// parameters.
    pub fn compile(&self) -> Result<super::CompiledIndex, EngineError> {
        super::compiled::compile(self)
    }
}

pub(crate) fn invalid(node: &str, reason: DefinitionReason) -> EngineError {
    EngineError::InvalidDefinition {
        node: node.to_string(),
        reason,
    }
}

/// Checks the per-indicator settings that do not depend on the tree.
pub(crate) fn check_indicator(ind: &IndicatorSpec) -> Result<Direction, EngineError> {
    let id = ind.id();
    let dir = ind
        .indicator
        .direction
        .ok_or_else(|| invalid(id, DefinitionReason::DirectionMissing))?;
    if ind.weight.is_sign_negative() && !ind.weight.is_zero() {
        return Err(invalid(
            id,
            DefinitionReason::NegativeWeight { weight: ind.weight },
        ));
    }
    if let Some(Domain::Range {
        min: Some(lo),
        max: Some(hi),
    }) = ind.domain
    {
        if lo > hi {
            return Err(invalid(
                id,
                DefinitionReason::DomainInverted { min: lo, max: hi },
            ));
        }
    }
    if ind.normalisation == Normalisation::Identity
        && dir == Direction::Lower
        && !ind.weight.is_zero()
    {
        return Err(invalid(id, DefinitionReason::IdentityLowerIsBetter));
    }
    match &ind.normalisation {
        Normalisation::MinMax {
            low, high, anchors, ..
        } => {
            if low >= high {
                return Err(invalid(
                    id,
                    DefinitionReason::MinMaxRange {
                        low: *low,
                        high: *high,
                    },
                ));
            }
            if let Anchors::Explicit { min, max } = anchors {
                if min >= max {
                    return Err(invalid(
                        id,
                        DefinitionReason::AnchorsInverted {
                            min: *min,
                            max: *max,
                        },
                    ));
                }
            }
        }
        Normalisation::Goalposts {
            lower,
            upper,
            low,
            high,
            ..
        } => {
            if lower >= upper {
                return Err(invalid(
                    id,
                    DefinitionReason::GoalpostsInverted {
                        lower: *lower,
                        upper: *upper,
                    },
                ));
            }
            if low >= high {
                return Err(invalid(
                    id,
                    DefinitionReason::GoalpostsRange {
                        low: *low,
                        high: *high,
                    },
                ));
            }
        }
        Normalisation::ZScore { s, .. } => {
            if *s <= Decimal::ZERO {
                return Err(invalid(id, DefinitionReason::ZScoreSd { s: *s }));
            }
        }
        Normalisation::DistanceToTarget {
            target,
            worst,
            scale,
            ..
        } => {
            if *scale <= Decimal::ZERO {
                return Err(invalid(
                    id,
                    DefinitionReason::DistanceScale { scale: *scale },
                ));
            }
            if let Some(w) = worst {
                let ok = match dir {
                    Direction::Higher => target > w,
                    Direction::Lower => target < w,
                };
                if !ok {
                    return Err(invalid(
                        id,
                        DefinitionReason::TargetNotBetter {
                            target: *target,
                            worst: *w,
                            direction: dir,
                        },
                    ));
                }
            }
        }
        Normalisation::Threshold {
            threshold,
            max_points,
        } => {
            if *threshold <= Decimal::ZERO {
                return Err(invalid(
                    id,
                    DefinitionReason::ThresholdNotPositive {
                        threshold: *threshold,
                    },
                ));
            }
            if max_points.is_sign_negative() && !max_points.is_zero() {
                return Err(invalid(
                    id,
                    DefinitionReason::NegativeMaxPoints {
                        max_points: *max_points,
                    },
                ));
            }
        }
        Normalisation::Identity | Normalisation::Rank | Normalisation::PercentileRank => {}
    }
    Ok(dir)
}

/// Checks ids for emptiness and duplicates across the whole definition.
pub(crate) fn check_ids(def: &IndexDefinition) -> Result<(), EngineError> {
    let mut seen: HashSet<&str> = HashSet::new();
    let all = std::iter::once(def.id.as_str())
        .chain(def.groups.iter().map(|g| g.id.as_str()))
        .chain(def.indicators.iter().map(IndicatorSpec::id));
    for id in all {
        if id.trim().is_empty() {
            return Err(invalid(id, DefinitionReason::EmptyId));
        }
        if id.trim() != id {
            return Err(invalid(id, DefinitionReason::IdSpaces));
        }
        if !seen.insert(id) {
            return Err(invalid(id, DefinitionReason::DuplicateId));
        }
    }
    Ok(())
}

/// Detects cycles in the group parent links. Returns the groups' resolved parent map.
pub(crate) fn check_group_parents(
    def: &IndexDefinition,
) -> Result<HashMap<&str, &str>, EngineError> {
    let group_ids: HashSet<&str> = def.groups.iter().map(|g| g.id.as_str()).collect();
    let mut parent: HashMap<&str, &str> = HashMap::new();
    for g in &def.groups {
        let p = g.parent.as_deref().unwrap_or(def.id.as_str());
        if p != def.id && !group_ids.contains(p) {
            let parent = p.to_string();
            let reason = if def.indicators.iter().any(|i| i.id() == p) {
                DefinitionReason::ParentIsIndicator { parent }
            } else {
                DefinitionReason::UnknownParent { parent }
            };
            return Err(invalid(&g.id, reason));
        }
        if p == g.id {
            return Err(invalid(&g.id, DefinitionReason::OwnParent));
        }
        parent.insert(g.id.as_str(), p);
    }
    // Each group is walked up once: a group already known to reach the index ends the walk,
    // so the check is linear in the number of groups however deep the tree (a walk per group
    // with a search of its path was cubic for a 10,000-deep chain).
    let mut reaches_root: HashSet<&str> = HashSet::new();
    let mut on_path: HashMap<&str, usize> = HashMap::new();
    for g in &def.groups {
        let mut path = vec![g.id.as_str()];
        on_path.clear();
        on_path.insert(g.id.as_str(), 0);
        let mut cur = g.id.as_str();
        while let Some(&p) = parent.get(cur) {
            if p == def.id || reaches_root.contains(p) {
                break;
            }
            if on_path.contains_key(p) {
                path.push(p);
                return Err(invalid(
                    &g.id,
                    DefinitionReason::Cycle {
                        path: path.iter().map(|s| s.to_string()).collect(),
                    },
                ));
            }
            on_path.insert(p, path.len());
            path.push(p);
            cur = p;
        }
        reaches_root.extend(path);
    }
    Ok(parent)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A chain of `depth` groups with one indicator at the bottom.
    fn chain(depth: usize, cycle: bool) -> IndexDefinition {
        let mut def = IndexDefinition::new("deep", "Sâu", "Deep");
        for i in 0..depth {
            let mut g = Group::new(format!("g{i}"), "g", "g");
            if i > 0 {
                g = g.parent(format!("g{}", i - 1));
            } else if cycle {
                g = g.parent(format!("g{}", depth - 1));
            }
            def = def.group(g);
        }
        def.indicator(
            IndicatorSpec::of(Indicator::new("x", "x", "x", "", Direction::Higher))
                .parent(format!("g{}", depth - 1)),
        )
    }

    /// Issue #16: a 10,000-deep definition did not compile in 300 s (the cycle check searched
    /// each group's path to the root: cubic). It is linear now; this run takes milliseconds.
    #[test]
    fn a_ten_thousand_deep_definition_compiles() {
        let compiled = chain(10_000, false).compile().unwrap();
        assert_eq!(
            compiled
                .node_index("x")
                .map(|i| compiled.node(i).map(|n| n.depth)),
            Some(Some(10_001))
        );
    }

    #[test]
    fn a_cycle_is_named_from_the_first_group_in_it() {
        let e = chain(4, true).compile().unwrap_err();
        assert_eq!(
            e.to_string(),
            "index definition: node \"g0\": cycle in parent links: g0 → g3 → g2 → g1 → g0"
        );
    }
}
