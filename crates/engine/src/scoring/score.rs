//! Scoring many units: normalise, aggregate bottom-up, rank, explain.

use std::collections::BTreeMap;

use minhbach_model::vi::{plain, round_half_up, PLAIN_MAX};
use minhbach_model::Direction;
use rayon::prelude::*;
use rust_decimal::{Decimal, MathematicalOps};
use serde::{Deserialize, Serialize};

use super::compiled::{CompiledIndex, NodeKind};
use super::data::UnitTable;
use super::definition::{AggregationMethod, MissingPolicy, Normalisation};
use super::normalise::{normalise_column, AnchorsUsed, Ck, Overflow};
use super::reason::ArithmeticReason;
use crate::EngineError;

mod pretty;

/// Options for a scoring run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreOptions {
    /// Ranks compare scores rounded half-up to this many decimals (PCI publishes 2, and equal
    /// published scores share a rank). `None` ranks on full precision.
    pub rank_decimals: Option<u32>,
}

impl Default for ScoreOptions {
    fn default() -> Self {
        ScoreOptions {
            rank_decimals: Some(2),
        }
    }
}

/// The result for one unit at one node.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeScore {
    /// Raw value (indicators only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw: Option<Decimal>,
    /// Normalised value (indicators) or score (index, groups). `None` when missing.
    pub value: Option<Decimal>,
    /// For weighted geometric means: `ln(value / scale)`, which equals the sum of the
    /// contributions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_value: Option<Decimal>,
    /// Rank among the units (1 = best; ties share the best rank: 1, 2, 2, 4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rank: Option<u32>,
    /// Inner nodes: the contribution of each child, in child order (`None` = dropped as
    /// missing). Arithmetic and sum aggregations: `value` is exactly their sum. Geometric:
    /// contributions are `wᵢ/Σw · ln xᵢ` and `log_value` is exactly their sum.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contributions: Vec<Option<Decimal>>,
}

/// All node results of one unit, aligned with [`CompiledIndex::nodes`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitScores {
    /// Unit name.
    pub unit: String,
    /// One entry per node of the index (node 0 is the composite).
    pub nodes: Vec<NodeScore>,
}

/// Results of scoring a set of units with one index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreSet {
    /// The index used.
    pub index: CompiledIndex,
    /// Per node: the normalisation parameters applied (indicators), `None` for inner nodes.
    pub anchors: Vec<Option<AnchorsUsed>>,
    /// Per unit, in input order.
    pub units: Vec<UnitScores>,
    /// Data columns that are not indicators of the index (reported, not used).
    pub ignored_columns: Vec<String>,
    /// The options used.
    pub options: ScoreOptions,
}

/// One input line of an [`Explanation`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputExplanation {
    /// Input id.
    pub id: String,
    /// Vietnamese name.
    pub name_vi: String,
    /// Indicator or group.
    pub kind: NodeKind,
    /// Raw value (indicators).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw: Option<Decimal>,
    /// Normalisation parameters (indicators).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchors: Option<AnchorsUsed>,
    /// Normalised value or sub-index score.
    pub value: Option<Decimal>,
    /// Declared weight.
    pub weight: Decimal,
    /// Weight actually applied: `w/Σw_available` for means; for sums `w`, or
    /// `w·Σcap/Σcap_available` when inputs were dropped (`cap = w·max` when every input's
    /// maximum is known, else `w`).
    pub effective_weight: Option<Decimal>,
    /// Contribution to the parent (log terms for geometric means).
    pub contribution: Option<Decimal>,
    /// True when the input was missing and dropped.
    pub dropped: bool,
}

/// Why a unit has the score it has at one node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    /// Unit.
    pub unit: String,
    /// Node id.
    pub node: String,
    /// Vietnamese name of the node.
    pub name_vi: String,
    /// Kind of node.
    pub kind: NodeKind,
    /// The aggregation method (inner nodes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aggregation: Option<AggregationMethod>,
    /// Scale factor (inner nodes).
    pub scale: Decimal,
    /// Score (inner nodes) or normalised value (indicators).
    pub score: Option<Decimal>,
    /// `ln(score/scale)` for geometric means.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_score: Option<Decimal>,
    /// Rank.
    pub rank: Option<u32>,
    /// Raw value (indicators).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw: Option<Decimal>,
    /// Normalisation parameters (indicators).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchors: Option<AnchorsUsed>,
    /// Inputs (inner nodes).
    pub inputs: Vec<InputExplanation>,
    /// Sum of the contributions: equals `score` (arithmetic, sum) or `log_score` (geometric).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contribution_total: Option<Decimal>,
}

/// JSON view of one node for one unit (scores as decimal strings).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeView {
    /// Score or normalised value, rounded half-up.
    pub score: Option<String>,
    /// Rank.
    pub rank: Option<u32>,
    /// Raw value (indicators).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw: Option<String>,
    /// Declared weight.
    pub weight: String,
    /// Contribution to the parent, rounded.
    pub contribution: Option<String>,
    /// Children by id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub children: BTreeMap<String, NodeView>,
}

/// JSON view of one unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitView {
    /// Unit name.
    pub unit: String,
    /// Composite score, rounded half-up.
    pub score: Option<String>,
    /// Composite rank.
    pub rank: Option<u32>,
    /// Children of the index by id.
    pub children: BTreeMap<String, NodeView>,
}

/// JSON view of a whole run: `{"index": …, "units": [{"unit","score","rank","children":{…}}]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoresView {
    /// Index id.
    pub index: String,
    /// Decimals used for rounding.
    pub decimals: u32,
    /// Units in input order.
    pub units: Vec<UnitView>,
}

/// [`EngineError::MissingIndicatorColumns`] naming every indicator without a column
/// (an empty list when none is missing).
fn missing_columns(def: &super::IndexDefinition, data: &UnitTable) -> EngineError {
    EngineError::MissingIndicatorColumns {
        index: def.id.clone(),
        indicators: def
            .indicators
            .iter()
            .map(|i| i.id())
            .filter(|id| data.column(id).is_none())
            .map(str::to_string)
            .collect(),
    }
}

fn arith(unit: &str, node: &str, reason: ArithmeticReason) -> EngineError {
    EngineError::Arithmetic {
        unit: unit.to_string(),
        node: node.to_string(),
        reason,
    }
}

/// Logarithm accurate to about 1e-24 relative; `None` for non-positive input.
fn ln(x: Decimal) -> Option<Decimal> {
    if x <= Decimal::ZERO {
        return None;
    }
    x.checked_ln()
}

/// Exponential with a tight tolerance.
fn exp(x: Decimal) -> Option<Decimal> {
    x.checked_exp_with_tolerance(Decimal::new(1, 26))
}

impl CompiledIndex {
    /// Scores like [`CompiledIndex::score`], but leaves out each unit whose row the index
    /// cannot take — a value outside an indicator's domain, one its normalisation refuses,
    /// a missing value where the index does not allow one, an arithmetic overflow — and
    /// scores the others. Each unit left out moves from `report.unit_lines` to
    /// `report.rejected` with its line, so `report` ends up accounting for every row read.
    /// Anchors computed from the current units (min–max over the round) are those of the
    /// units kept.
    ///
    /// Errors that are not about one unit (no column for an indicator, a definition
    /// problem) are returned; so is [`EngineError::NoUnits`] when no unit is left.
    ///
    /// ```
    /// use minhbach_engine::scoring::{IndexDefinition, ScoreOptions, UnitTable};
    /// let index = IndexDefinition::from_toml_str(r#"
    ///     id = "demo"
    ///     [[indicators]]
    ///     id = "share"
    ///     direction = "higher"
    ///     domain = "percent"
    /// "#, "demo.toml")?.compile()?;
    /// let csv = "unit,share\nA,90\nB,140\nC,x\nD,50\n";
    /// let (table, mut report) = UnitTable::from_csv_reader_lenient(csv.as_bytes(), "d.csv")?;
    /// let set = index.score_lenient(&table, &mut report, &ScoreOptions::default())?;
    /// assert_eq!(set.units.len(), 2);
    /// let left_out: Vec<(u64, &str)> =
    ///     report.rejected.iter().map(|r| (r.line, r.unit.as_str())).collect();
    /// assert_eq!(left_out, [(3, "B"), (4, "C")]);
    /// # Ok::<(), minhbach_engine::EngineError>(())
    /// ```
    pub fn score_lenient(
        &self,
        data: &UnitTable,
        report: &mut super::data::UnitTableReport,
        options: &ScoreOptions,
    ) -> Result<ScoreSet, EngineError> {
        let mut table = data.clone();
        // Each round leaves out one unit, so this ends.
        loop {
            let e = match self.score(&table, options) {
                Ok(set) => return Ok(set),
                Err(e) => e,
            };
            let Some(reason) = super::UnitRowReason::from_error(&e) else {
                return Err(e);
            };
            let (unit, column, value) = match &e {
                EngineError::OutOfDomain {
                    unit,
                    indicator,
                    value,
                    ..
                }
                | EngineError::Normalisation {
                    unit,
                    indicator,
                    value,
                    ..
                } => (unit.clone(), indicator.clone(), value.to_string()),
                EngineError::MissingValue { unit, input, .. } => {
                    (unit.clone(), input.clone(), String::new())
                }
                EngineError::Arithmetic { unit, node, .. } if !unit.is_empty() => {
                    let value = table
                        .value(unit, node)
                        .flatten()
                        .map(|d| d.to_string())
                        .unwrap_or_default();
                    (unit.clone(), node.clone(), value)
                }
                _ => return Err(e),
            };
            let Some(rest) = table.without_unit(&unit) else {
                return Err(e);
            };
            report.reject_unit(&unit, column, value, reason);
            table = rest;
        }
    }

    /// Scores every unit of `data`.
    ///
    /// ```
    /// use minhbach_engine::scoring::{preset, ScoreOptions, UnitTable};
    /// let index = preset("pci")?.compile()?;
    /// let csv = "unit,entry_costs,land_access,transparency,time_costs,informal_charges,policy_bias,proactivity,business_support,labor_training,legal_institutions\n\
    ///            A,8,7,6,7,6,5,6,6,6,6\n\
    ///            B,7,6,6,6,6,5,6,6,6,6\n";
    /// let data = UnitTable::from_csv_reader(csv.as_bytes(), "doc.csv")?;
    /// let scores = index.score(&data, &ScoreOptions::default())?;
    /// // PCI = 0.5·8 + 0.5·7 + 2·6 + 0.5·7 + 1·6 + 0.5·5 + 0.5·6 + 2·6 + 2·6 + 0.5·6
    /// assert_eq!(scores.score("A", "pci").map(|d| d.normalize().to_string()), Some("61.5".into()));
    /// assert_eq!(scores.rank("A", "pci"), Some(1));
    /// # Ok::<(), minhbach_engine::EngineError>(())
    /// ```
    pub fn score(&self, data: &UnitTable, options: &ScoreOptions) -> Result<ScoreSet, EngineError> {
        let def = &self.definition;
        if data.is_empty() {
            return Err(EngineError::NoUnits {
                index: def.id.clone(),
            });
        }
        let units = data.units();
        let ignored_columns: Vec<String> = data
            .columns()
            .iter()
            .filter(|c| !def.indicators.iter().any(|i| i.id() == c.as_str()))
            .cloned()
            .collect();

        let missing = missing_columns(def, data);
        if !matches!(&missing, EngineError::MissingIndicatorColumns { indicators, .. } if indicators.is_empty())
        {
            return Err(missing);
        }

        // 1. Domain checks and normalisation, per indicator node.
        let leaf_nodes: Vec<usize> = (0..self.nodes.len())
            .filter(|&i| {
                self.nodes
                    .get(i)
                    .is_some_and(|n| n.kind == NodeKind::Indicator)
            })
            .collect();
        let columns: Vec<Result<NormalisedColumn, EngineError>> = leaf_nodes
            .par_iter()
            .map(|&ni| {
                let node = self.nodes.get(ni).ok_or_else(|| {
                    arith(
                        "",
                        "",
                        ArithmeticReason::Internal {
                            what: "node index".into(),
                        },
                    )
                })?;
                let ind = node
                    .indicator
                    .and_then(|i| def.indicators.get(i))
                    .ok_or_else(|| {
                        arith(
                            "",
                            &node.id,
                            ArithmeticReason::Internal {
                                what: "indicator index".into(),
                            },
                        )
                    })?;
                let raw = data
                    .column(ind.id())
                    .ok_or_else(|| missing_columns(def, data))?;
                if let Some(domain) = &ind.domain {
                    for (u, v) in units.iter().zip(raw) {
                        if let Some(x) = v {
                            if !domain.contains(*x) {
                                return Err(EngineError::OutOfDomain {
                                    unit: u.clone(),
                                    indicator: ind.id().to_string(),
                                    value: *x,
                                    domain: domain.to_string(),
                                });
                            }
                        }
                    }
                }
                let dir = node.direction.unwrap_or(Direction::Higher);
                let (norm, used) = normalise_column(ind, dir, def.constant, units, raw)?;
                Ok((ni, raw.to_vec(), norm, used))
            })
            .collect();
        let mut anchors: Vec<Option<AnchorsUsed>> = vec![None; self.nodes.len()];
        let mut raw_cols: Vec<Option<Vec<Option<Decimal>>>> = vec![None; self.nodes.len()];
        let mut norm_cols: Vec<Option<Vec<Option<Decimal>>>> = vec![None; self.nodes.len()];
        for c in columns {
            let (ni, raw, norm, used) = c?;
            if let Some(slot) = anchors.get_mut(ni) {
                *slot = Some(used);
            }
            if let Some(slot) = raw_cols.get_mut(ni) {
                *slot = Some(raw);
            }
            if let Some(slot) = norm_cols.get_mut(ni) {
                *slot = Some(norm);
            }
        }

        // 2. Aggregate bottom-up, per unit.
        let results: Vec<Result<UnitScores, EngineError>> = units
            .par_iter()
            .enumerate()
            .map(|(u, unit)| self.score_unit(u, unit, &raw_cols, &norm_cols))
            .collect();
        let mut unit_scores = Vec::with_capacity(results.len());
        for r in results {
            unit_scores.push(r?);
        }

        // 3. Ranks per node.
        let ranks: Vec<Vec<Option<u32>>> = (0..self.nodes.len())
            .into_par_iter()
            .map(|ni| {
                let lower_is_better = self.nodes.get(ni).is_some_and(|n| {
                    n.kind == NodeKind::Indicator
                        && n.direction == Some(Direction::Lower)
                        && n.indicator
                            .and_then(|i| def.indicators.get(i))
                            .is_some_and(|ind| ind.normalisation == Normalisation::Identity)
                });
                let values: Vec<Option<Decimal>> = unit_scores
                    .iter()
                    .map(|us| us.nodes.get(ni).and_then(|s| s.value))
                    .collect();
                competition_ranks(&values, options.rank_decimals, lower_is_better)
            })
            .collect();
        for (ni, node_ranks) in ranks.into_iter().enumerate() {
            for (us, r) in unit_scores.iter_mut().zip(node_ranks) {
                if let Some(s) = us.nodes.get_mut(ni) {
                    s.rank = r;
                }
            }
        }

        Ok(ScoreSet {
            index: self.clone(),
            anchors,
            units: unit_scores,
            ignored_columns,
            options: *options,
        })
    }

    fn score_unit(
        &self,
        u: usize,
        unit: &str,
        raw_cols: &[Option<Vec<Option<Decimal>>>],
        norm_cols: &[Option<Vec<Option<Decimal>>>],
    ) -> Result<UnitScores, EngineError> {
        let mut scores: Vec<NodeScore> = vec![NodeScore::default(); self.nodes.len()];
        for ni in (0..self.nodes.len()).rev() {
            let Some(node) = self.nodes.get(ni) else {
                continue;
            };
            if node.kind == NodeKind::Indicator {
                let raw = raw_cols
                    .get(ni)
                    .and_then(|c| c.as_ref())
                    .and_then(|c| c.get(u))
                    .copied()
                    .flatten();
                let value = norm_cols
                    .get(ni)
                    .and_then(|c| c.as_ref())
                    .and_then(|c| c.get(u))
                    .copied()
                    .flatten();
                if let Some(s) = scores.get_mut(ni) {
                    s.raw = raw;
                    s.value = value;
                }
                continue;
            }
            let caps = sum_capacities(&self.nodes, &node.children);
            let mut inputs: Vec<(Decimal, Decimal, Option<Decimal>)> =
                Vec::with_capacity(node.children.len());
            for &c in &node.children {
                let Some(child) = self.nodes.get(c) else {
                    continue;
                };
                let v = scores.get(c).and_then(|s| s.value);
                if v.is_none() && node.missing == MissingPolicy::Fail {
                    return Err(EngineError::MissingValue {
                        unit: unit.to_string(),
                        node: node.id.clone(),
                        input: child.id.clone(),
                    });
                }
                let cap = caps
                    .as_ref()
                    .and_then(|c| c.get(inputs.len()).copied())
                    .unwrap_or(child.weight);
                inputs.push((child.weight, cap, v));
            }
            let agg = aggregate(node.aggregation, node.scale, &inputs)
                .map_err(|e| arith(unit, &node.id, e))?;
            if let Some(s) = scores.get_mut(ni) {
                s.value = agg.value;
                s.log_value = agg.log_value;
                s.contributions = agg.contributions;
            }
        }
        Ok(UnitScores {
            unit: unit.to_string(),
            nodes: scores,
        })
    }
}

/// (node position, raw column, normalised column, anchors used).
type NormalisedColumn = (
    usize,
    Vec<Option<Decimal>>,
    Vec<Option<Decimal>>,
    AnchorsUsed,
);

/// For weighted sums: each input's capacity `w·max` when every input's maximum is known, so
/// that dropping an input re-weights by the points it could have earned; `None` otherwise
/// (re-weighting then uses the weights).
fn sum_capacities(nodes: &[super::compiled::Node], children: &[usize]) -> Option<Vec<Decimal>> {
    children
        .iter()
        .map(|&c| {
            let n = nodes.get(c)?;
            n.weight.checked_mul(n.max_score?)
        })
        .collect()
}

struct Aggregate {
    value: Option<Decimal>,
    log_value: Option<Decimal>,
    contributions: Vec<Option<Decimal>>,
}

fn aggregate(
    method: AggregationMethod,
    scale: Decimal,
    inputs: &[(Decimal, Decimal, Option<Decimal>)],
) -> Result<Aggregate, ArithmeticReason> {
    let ovf = |_: Overflow| ArithmeticReason::Overflow;
    let mut avail_w = Decimal::ZERO;
    let mut total_cap = Decimal::ZERO;
    let mut avail_cap = Decimal::ZERO;
    for (w, cap, v) in inputs {
        total_cap = total_cap.checked_add(*cap).ck().map_err(ovf)?;
        if v.is_some() {
            avail_w = avail_w.checked_add(*w).ck().map_err(ovf)?;
            avail_cap = avail_cap.checked_add(*cap).ck().map_err(ovf)?;
        }
    }
    let any = inputs.iter().any(|(_, _, v)| v.is_some());
    if !any {
        return Ok(Aggregate {
            value: None,
            log_value: None,
            contributions: vec![None; inputs.len()],
        });
    }
    if avail_w.is_zero() {
        return Err(ArithmeticReason::AvailableWeightsZero);
    }
    let dropped = inputs.iter().any(|(_, _, v)| v.is_none());
    if dropped && method == AggregationMethod::WeightedSum && avail_cap.is_zero() {
        return Err(ArithmeticReason::NoPointsToReweight);
    }
    let mut contributions = Vec::with_capacity(inputs.len());
    let mut sum = Decimal::ZERO;
    for (w, _, v) in inputs {
        let Some(x) = v else {
            contributions.push(None);
            continue;
        };
        let c = match method {
            AggregationMethod::WeightedMean => scale
                .checked_mul(*w)
                .and_then(|p| p.checked_mul(*x))
                .and_then(|p| p.checked_div(avail_w)),
            AggregationMethod::WeightedSum => {
                let p = scale.checked_mul(*w).and_then(|p| p.checked_mul(*x));
                if dropped {
                    p.and_then(|p| p.checked_mul(total_cap))
                        .and_then(|p| p.checked_div(avail_cap))
                } else {
                    p
                }
            }
            AggregationMethod::WeightedGeometricMean => {
                if w.is_zero() {
                    Some(Decimal::ZERO)
                } else {
                    let l = ln(*x).ok_or(ArithmeticReason::GeometricNonPositive { value: *x })?;
                    w.checked_mul(l).and_then(|p| p.checked_div(avail_w))
                }
            }
        }
        .ck()
        .map_err(ovf)?;
        sum = sum.checked_add(c).ck().map_err(ovf)?;
        contributions.push(Some(c));
    }
    let (value, log_value) = match method {
        AggregationMethod::WeightedGeometricMean => {
            let v = exp(sum)
                .and_then(|e| e.checked_mul(scale))
                .ck()
                .map_err(ovf)?;
            (Some(v), Some(sum))
        }
        _ => (Some(sum), None),
    };
    Ok(Aggregate {
        value,
        log_value,
        contributions,
    })
}

/// Standard competition ranks (1, 2, 2, 4): rank = 1 + number of units strictly better.
/// Values are compared after half-up rounding to `decimals` when given. Missing values get
/// no rank.
pub fn competition_ranks(
    values: &[Option<Decimal>],
    decimals: Option<u32>,
    lower_is_better: bool,
) -> Vec<Option<u32>> {
    let keys: Vec<Option<Decimal>> = values
        .iter()
        .map(|v| {
            v.map(|d| match decimals {
                Some(dp) => round_half_up(d, dp),
                None => d,
            })
        })
        .collect();
    let mut sorted: Vec<Decimal> = keys.iter().flatten().copied().collect();
    sorted.sort_unstable();
    let n = sorted.len();
    keys.iter()
        .map(|k| {
            k.map(|k| {
                let better = if lower_is_better {
                    sorted.partition_point(|x| *x < k)
                } else {
                    n - sorted.partition_point(|x| *x <= k)
                };
                u32::try_from(better + 1).unwrap_or(u32::MAX)
            })
        })
        .collect()
}

impl ScoreSet {
    fn unit_pos(&self, unit: &str) -> Option<usize> {
        self.units.iter().position(|u| u.unit == unit)
    }

    /// The result of one unit at one node.
    pub fn node_score(&self, unit: &str, node: &str) -> Option<&NodeScore> {
        let ni = self.index.node_index(node)?;
        self.units.get(self.unit_pos(unit)?)?.nodes.get(ni)
    }

    /// Score (inner nodes) or normalised value (indicators) of one unit.
    pub fn score(&self, unit: &str, node: &str) -> Option<Decimal> {
        self.node_score(unit, node)?.value
    }

    /// Rank of one unit at one node.
    pub fn rank(&self, unit: &str, node: &str) -> Option<u32> {
        self.node_score(unit, node)?.rank
    }

    /// Explains one unit's score at one node: raw values, anchors, normalised values,
    /// weights and the contribution of every input. `None` if unit or node is unknown.
    pub fn explain(&self, unit: &str, node: &str) -> Option<Explanation> {
        let ni = self.index.node_index(node)?;
        let n = self.index.nodes.get(ni)?;
        let us = self.units.get(self.unit_pos(unit)?)?;
        let s = us.nodes.get(ni)?;
        let mut inputs = Vec::new();
        let mut total = None;
        if n.kind != NodeKind::Indicator {
            let caps = sum_capacities(&self.index.nodes, &n.children);
            let cap_of =
                |k: usize, w: Decimal| caps.as_ref().and_then(|c| c.get(k).copied()).unwrap_or(w);
            let any_dropped = s.contributions.iter().any(Option::is_none);
            let total_cap: Decimal = n
                .children
                .iter()
                .enumerate()
                .filter_map(|(k, &c)| self.index.nodes.get(c).map(|c| cap_of(k, c.weight)))
                .sum();
            let avail_cap: Decimal = n
                .children
                .iter()
                .enumerate()
                .zip(&s.contributions)
                .filter(|(_, c)| c.is_some())
                .filter_map(|((k, &c), _)| self.index.nodes.get(c).map(|c| cap_of(k, c.weight)))
                .sum();
            let avail_w: Decimal = n
                .children
                .iter()
                .zip(&s.contributions)
                .filter(|(_, c)| c.is_some())
                .filter_map(|(&c, _)| self.index.nodes.get(c))
                .map(|c| c.weight)
                .sum();
            let mut sum = Decimal::ZERO;
            for (k, &c) in n.children.iter().enumerate() {
                let Some(child) = self.index.nodes.get(c) else {
                    continue;
                };
                let cs = us.nodes.get(c);
                let contribution = s.contributions.get(k).copied().flatten();
                if let Some(x) = contribution {
                    sum += x;
                }
                let effective_weight = contribution.and_then(|_| {
                    if avail_w.is_zero() {
                        None
                    } else if n.aggregation == AggregationMethod::WeightedSum {
                        if any_dropped {
                            child.weight.checked_mul(total_cap)?.checked_div(avail_cap)
                        } else {
                            Some(child.weight)
                        }
                    } else {
                        child.weight.checked_div(avail_w)
                    }
                });
                inputs.push(InputExplanation {
                    id: child.id.clone(),
                    name_vi: child.name_vi.clone(),
                    kind: child.kind,
                    raw: cs.and_then(|x| x.raw),
                    anchors: self.anchors.get(c).cloned().flatten(),
                    value: cs.and_then(|x| x.value),
                    weight: child.weight,
                    effective_weight,
                    contribution,
                    dropped: contribution.is_none(),
                });
            }
            if s.value.is_some() {
                total = Some(sum);
            }
        }
        Some(Explanation {
            unit: unit.to_string(),
            node: n.id.clone(),
            name_vi: n.name_vi.clone(),
            kind: n.kind,
            aggregation: (n.kind != NodeKind::Indicator).then_some(n.aggregation),
            scale: n.scale,
            score: s.value,
            log_score: s.log_value,
            rank: s.rank,
            raw: s.raw,
            anchors: self.anchors.get(ni).cloned().flatten(),
            inputs,
            contribution_total: total,
        })
    }

    /// The JSON view `{"index","decimals","units":[{"unit","score","rank","children":{…}}]}`
    /// with every score a decimal string rounded half-up to `decimals`, as owned values
    /// (built in parallel, one unit per task). To write the JSON, serialise
    /// [`ScoreSet::json_view`] instead: it writes the same text straight from the scores,
    /// without building a string per score or a map per node. Both take every field from
    /// the same walk of the tree (`NodeJson`), so they cannot differ.
    pub fn view(&self, decimals: u32) -> ScoresView {
        let json = self.json_view(decimals);
        ScoresView {
            index: self.index.definition.id.clone(),
            decimals,
            units: self
                .units
                .par_iter()
                .map(|u| {
                    let root = json.root(u);
                    UnitView {
                        unit: u.unit.clone(),
                        score: root.score().text(),
                        rank: root.rank(),
                        children: root.children_view(),
                    }
                })
                .collect(),
        }
    }

    /// The JSON view of the scores, serialised straight from them (the shape of
    /// [`ScoresView`], which [`ScoreSet::view`] builds from the same walk). The view of
    /// 10,000 units × 100 indicators is written without building a string per score or a
    /// map per node.
    ///
    /// ```
    /// use minhbach_engine::scoring::{IndexDefinition, ScoreOptions, UnitTable};
    /// let index = IndexDefinition::from_toml_str(r#"
    ///     id = "demo"
    ///     [[indicators]]
    ///     id = "share"
    ///     direction = "higher"
    /// "#, "demo.toml")?.compile()?;
    /// let data = UnitTable::from_csv_reader("unit,share\nX,1\nY,3\n".as_bytes(), "d.csv")?;
    /// let scores = index.score(&data, &ScoreOptions::default())?;
    /// let text = serde_json::to_string(&scores.json_view(2)).unwrap();
    /// assert_eq!(text, serde_json::to_string(&scores.view(2)).unwrap());
    /// assert!(text.starts_with(r#"{"index":"demo","decimals":2,"units":[{"unit":"X""#));
    /// # Ok::<(), minhbach_engine::EngineError>(())
    /// ```
    pub fn json_view(&self, decimals: u32) -> ScoresJson<'_> {
        // children of every node in id order (the view's maps are sorted by id)
        let order = self
            .index
            .nodes
            .iter()
            .map(|n| {
                let mut kids: Vec<(usize, usize)> =
                    n.children.iter().copied().enumerate().collect();
                kids.sort_by(|a, b| {
                    let id = |c: usize| self.index.nodes.get(c).map(|n| n.id.as_str());
                    id(a.1).cmp(&id(b.1))
                });
                kids
            })
            .collect();
        let weights = self
            .index
            .nodes
            .iter()
            .map(|n| DecText(Some(n.weight), None).text().unwrap_or_default())
            .collect();
        ScoresJson {
            set: self,
            decimals,
            order,
            weights,
        }
    }
}

/// The JSON view of a [`ScoreSet`] (from [`ScoreSet::json_view`]): serialises as
/// [`ScoresView`] does, straight from the scores.
#[derive(Debug)]
pub struct ScoresJson<'a> {
    set: &'a ScoreSet,
    decimals: u32,
    /// Per node, its children as (position among the children, node), sorted by id.
    order: Vec<Vec<(usize, usize)>>,
    /// Per node, its declared weight as text (the same for every unit).
    weights: Vec<String>,
}

impl<'a> ScoresJson<'a> {
    /// The units of the view alone (the `units` array), to embed in a larger document.
    pub fn units(&self) -> UnitsJson<'_> {
        UnitsJson(self)
    }

    /// Writes the view as pretty JSON: the bytes `serde_json::to_writer_pretty` writes for
    /// it, written by hand and with the units' objects written on rayon's workers (in order,
    /// a few MB in memory whatever the number of units). What `minhbach score --format json`
    /// uses; about a third of the time serde_json takes for 10,000 units × 100 indicators
    /// (docs/performance.md). `w` is written in large blocks from the calling thread: it
    /// need not be `Send`, nor buffered.
    ///
    /// ```
    /// use minhbach_engine::scoring::{IndexDefinition, ScoreOptions, UnitTable};
    /// let index = IndexDefinition::from_toml_str(r#"
    ///     id = "demo"
    ///     [[indicators]]
    ///     id = "share"
    ///     direction = "higher"
    /// "#, "demo.toml")?.compile()?;
    /// let data = UnitTable::from_csv_reader("unit,share\nX,1\nY,3\n".as_bytes(), "d.csv")?;
    /// let scores = index.score(&data, &ScoreOptions::default())?;
    /// let mut out = Vec::new();
    /// scores.json_view(2).write_pretty(&mut out).unwrap();
    /// assert_eq!(out, serde_json::to_vec_pretty(&scores.json_view(2)).unwrap());
    /// # Ok::<(), minhbach_engine::EngineError>(())
    /// ```
    ///
    /// # Errors
    /// The first error of `w`.
    pub fn write_pretty<W: std::io::Write>(&self, mut w: W) -> std::io::Result<()> {
        pretty::write_view(self, &mut w)
    }

    /// The root node of `unit`.
    fn root<'s>(&'s self, unit: &'s UnitScores) -> NodeJson<'s> {
        NodeJson {
            view: self,
            unit,
            node: 0,
            contribution: None,
        }
    }
}

/// The `units` array of a [`ScoresJson`].
#[derive(Debug)]
pub struct UnitsJson<'a>(&'a ScoresJson<'a>);

impl UnitsJson<'_> {
    /// Writes the `units` array as pretty JSON, as [`ScoresJson::write_pretty`] writes the
    /// whole view: the bytes serde_json's pretty printer writes for this array as a value
    /// nested `depth` levels deep in a larger document (0 for a document of its own), from
    /// `[` to `]`. A program writing its own document around the units (the CLI adds its
    /// run's accounting) writes its other fields and calls this for the `units` value.
    ///
    /// # Errors
    /// The first error of `w`.
    pub fn write_pretty<W: std::io::Write>(&self, mut w: W, depth: usize) -> std::io::Result<()> {
        pretty::write_units(self.0, &mut w, depth)
    }
}

/// A decimal as its text (`None` as null), rounded half-up to `dp` when given, else
/// normalised; serialised without an intermediate string.
struct DecText(Option<Decimal>, Option<u32>);

impl DecText {
    /// The owned text ([`ScoreSet::view`]).
    fn text(&self) -> Option<String> {
        let mut buf = [0; PLAIN_MAX];
        self.0.map(|d| self.write(d, &mut buf).to_owned())
    }

    /// The text of `d` (the decimal held), written without `fmt` (the view writes about four
    /// decimals per node, 4.4 million for 10,000 units × 100 indicators).
    fn write<'b>(&self, d: Decimal, buf: &'b mut [u8; PLAIN_MAX]) -> &'b str {
        match self.1 {
            Some(dp) => plain(round_half_up(d, dp), buf),
            None => plain(d.normalize(), buf),
        }
    }
}

impl Serialize for DecText {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            None => s.serialize_none(),
            Some(d) => s.serialize_str(self.write(d, &mut [0; PLAIN_MAX])),
        }
    }
}

/// One node of one unit, with its contribution to its parent: the one walk of the tree
/// behind both the streamed JSON and the owned view. Each field of the view is one method.
struct NodeJson<'a> {
    view: &'a ScoresJson<'a>,
    unit: &'a UnitScores,
    node: usize,
    contribution: Option<Decimal>,
}

impl<'a> NodeJson<'a> {
    fn scores(&self) -> Option<&'a NodeScore> {
        self.unit.nodes.get(self.node)
    }

    fn score(&self) -> DecText {
        DecText(
            self.scores().and_then(|s| s.value),
            Some(self.view.decimals),
        )
    }

    fn rank(&self) -> Option<u32> {
        self.scores().and_then(|s| s.rank)
    }

    /// The raw value (indicators only; absent from the view otherwise).
    fn raw(&self) -> Option<DecText> {
        let raw = self.scores().and_then(|s| s.raw)?;
        Some(DecText(Some(raw), None))
    }

    /// The declared weight, written once per node for all units.
    fn weight(&self) -> &'a str {
        self.view.weights.get(self.node).map_or("1", String::as_str)
    }

    fn contribution(&self) -> DecText {
        DecText(self.contribution, Some(self.view.decimals))
    }

    /// The children, by id, each with its contribution to this node.
    fn children(&self) -> impl Iterator<Item = (&'a str, NodeJson<'a>)> + '_ {
        let kids = self
            .view
            .order
            .get(self.node)
            .map_or(&[][..], Vec::as_slice);
        let nodes = &self.view.set.index.nodes;
        let scores = self.scores();
        kids.iter().filter_map(move |&(k, c)| {
            let child = nodes.get(c)?;
            let contribution = scores.and_then(|s| s.contributions.get(k).copied().flatten());
            Some((
                child.id.as_str(),
                NodeJson {
                    view: self.view,
                    unit: self.unit,
                    node: c,
                    contribution,
                },
            ))
        })
    }

    fn has_children(&self) -> bool {
        self.view
            .order
            .get(self.node)
            .is_some_and(|k| !k.is_empty())
    }

    /// The owned form of the children ([`ScoreSet::view`]).
    fn children_view(&self) -> BTreeMap<String, NodeView> {
        self.children()
            .map(|(id, c)| (id.to_string(), c.to_view()))
            .collect()
    }

    /// The owned form of this node ([`ScoreSet::view`]).
    fn to_view(&self) -> NodeView {
        NodeView {
            score: self.score().text(),
            rank: self.rank(),
            raw: self.raw().and_then(|r| r.text()),
            weight: self.weight().to_owned(),
            contribution: self.contribution().text(),
            children: self.children_view(),
        }
    }
}

/// The children of one node of one unit, as a map by id.
struct ChildrenJson<'a>(&'a NodeJson<'a>);

impl Serialize for ChildrenJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        for (id, child) in self.0.children() {
            m.serialize_entry(id, &child)?;
        }
        m.end()
    }
}

impl Serialize for NodeJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        // The fields, their order and the omitted ones as `NodeView` declares them.
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("score", &self.score())?;
        m.serialize_entry("rank", &self.rank())?;
        if let Some(raw) = self.raw() {
            m.serialize_entry("raw", &raw)?;
        }
        m.serialize_entry("weight", self.weight())?;
        m.serialize_entry("contribution", &self.contribution())?;
        if self.has_children() {
            m.serialize_entry("children", &ChildrenJson(self))?;
        }
        m.end()
    }
}

impl Serialize for UnitsJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        struct UnitJson<'a>(NodeJson<'a>);
        impl Serialize for UnitJson<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                // The fields of `UnitView`.
                let mut m = s.serialize_map(Some(4))?;
                m.serialize_entry("unit", &self.0.unit.unit)?;
                m.serialize_entry("score", &self.0.score())?;
                m.serialize_entry("rank", &self.0.rank())?;
                m.serialize_entry("children", &ChildrenJson(&self.0))?;
                m.end()
            }
        }
        let units = &self.0.set.units;
        let mut seq = s.serialize_seq(Some(units.len()))?;
        for u in units {
            seq.serialize_element(&UnitJson(self.0.root(u)))?;
        }
        seq.end()
    }
}

impl Serialize for ScoresJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        // The fields of `ScoresView`.
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("index", &self.set.index.definition.id)?;
        m.serialize_entry("decimals", &self.decimals)?;
        m.serialize_entry("units", &self.units())?;
        m.end()
    }
}
