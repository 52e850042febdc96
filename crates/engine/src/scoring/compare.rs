//! Comparisons over time and against targets (chỉ tiêu), with the unmet targets as Vietnamese
//! sentences for the report's "tồn tại, hạn chế" section. Targets are the model's
//! [`Target`]s; numbers in the sentences are formatted by [`minhbach_model::vi`].

use minhbach_model::vi::{decimal as format_vi, round_half_up};
use minhbach_model::{Comparison, Direction, Target};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::compiled::NodeKind;
use super::score::ScoreSet;
use crate::EngineError;

/// One unit at one node, now and in the previous period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// Unit.
    pub unit: String,
    /// Node id.
    pub node: String,
    /// Vietnamese name of the node.
    pub name_vi: String,
    /// Unit of measure of the compared value (`%`, `điểm`, ...).
    pub measure: String,
    /// Whether the compared value is the raw value (indicators) or the score.
    pub raw_basis: bool,
    /// Direction of the compared value.
    pub direction: Direction,
    /// How the current value must compare with the target: the target's own comparison,
    /// else the direction's (at least when higher is better, at most when lower).
    pub comparison: Comparison,
    /// Current value.
    pub current: Option<Decimal>,
    /// Previous value (same unit and node in the previous set).
    pub previous: Option<Decimal>,
    /// `current − previous`.
    pub change: Option<Decimal>,
    /// Current rank.
    pub current_rank: Option<u32>,
    /// Previous rank.
    pub previous_rank: Option<u32>,
    /// Places gained (positive) or lost (negative).
    pub rank_change: Option<i64>,
    /// Target, when one applies.
    pub target: Option<Decimal>,
    /// `Some(true)` met, `Some(false)` not met, `None` no target or no current value.
    pub met: Option<bool>,
}

/// The comparison of a scoring run with the previous one and with targets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodComparison {
    /// Every unit × node, in unit then node order.
    pub rows: Vec<Change>,
}

fn with_measure(v: Decimal, measure: &str, dp: u32) -> String {
    let n = format_vi(v, dp);
    match measure {
        "" => n,
        "%" => format!("{n}%"),
        m => format!("{n} {m}"),
    }
}

impl Change {
    /// The sentence for an unmet target, e.g. "Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn của Lý Sơn
    /// đạt 92,50%, thấp hơn chỉ tiêu 95,00% (giảm 1,20% so với kỳ trước)."
    /// `None` when the target is met or there is no target.
    pub fn unmet_sentence_vi(&self, dp: u32) -> Option<String> {
        let target = self.target?;
        if self.met == Some(true) {
            return None;
        }
        let m = self.measure.as_str();
        let tgt = with_measure(target, m, dp);
        let Some(cur) = self.current else {
            return Some(format!(
                "{} của {} chưa có số liệu để đánh giá so với chỉ tiêu {tgt}.",
                self.name_vi, self.unit
            ));
        };
        let (name, unit, cur) = (&self.name_vi, &self.unit, with_measure(cur, m, dp));
        let main = match self.comparison {
            Comparison::Ge | Comparison::Gt => {
                format!("{name} của {unit} đạt {cur}, thấp hơn chỉ tiêu {tgt}")
            }
            Comparison::Le | Comparison::Lt => {
                format!("{name} của {unit} là {cur}, cao hơn mức chỉ tiêu tối đa {tgt}")
            }
            Comparison::Eq => format!("{name} của {unit} là {cur}, khác chỉ tiêu {tgt}"),
        };
        let trend = match self.change {
            Some(c) if round_half_up(c, dp).is_zero() => {
                " (không thay đổi so với kỳ trước)".to_string()
            }
            Some(c) if c > Decimal::ZERO => {
                format!(" (tăng {} so với kỳ trước)", with_measure(c, m, dp))
            }
            Some(c) => format!(" (giảm {} so với kỳ trước)", with_measure(c.abs(), m, dp)),
            None => String::new(),
        };
        Some(format!("{main}{trend}."))
    }
}

impl PeriodComparison {
    /// Rows whose target is not met (or cannot be assessed for lack of a current value).
    pub fn unmet(&self) -> Vec<&Change> {
        self.rows
            .iter()
            .filter(|r| r.target.is_some() && r.met != Some(true))
            .collect()
    }

    /// The unmet targets as Vietnamese sentences, numbers rounded half-up to `dp` decimals.
    pub fn unmet_sentences_vi(&self, dp: u32) -> Vec<String> {
        self.unmet()
            .iter()
            .filter_map(|r| r.unmet_sentence_vi(dp))
            .collect()
    }
}

/// Compares `current` with `previous` (matched by unit name and node id) and with `targets`.
///
/// ```
/// use minhbach_engine::scoring::{compare, preset, ScoreOptions, UnitTable};
/// use minhbach_model::Target;
/// use rust_decimal::Decimal;
/// let index = preset("pci")?.compile()?;
/// let ids = index.indicator_ids();
/// let mut now = UnitTable::new(ids.clone());
/// now.push_unit("Quảng Ngãi", vec![Some(Decimal::from(6)); 10])?;
/// let mut before = UnitTable::new(ids);
/// before.push_unit("Quảng Ngãi", vec![Some(Decimal::from(7)); 10])?;
/// let opts = ScoreOptions::default();
/// let cmp = compare(&index.score(&now, &opts)?, Some(&index.score(&before, &opts)?),
///     &[Target::new("transparency", Decimal::from(65) / Decimal::TEN)])?;
/// let s = cmp.unmet_sentences_vi(2);
/// assert_eq!(s, ["Tính minh bạch và tiếp cận thông tin của Quảng Ngãi đạt 6,00 điểm, thấp hơn chỉ tiêu 6,50 điểm (giảm 1,00 điểm so với kỳ trước)."]);
/// # Ok::<(), minhbach_engine::EngineError>(())
/// ```
pub fn compare(
    current: &ScoreSet,
    previous: Option<&ScoreSet>,
    targets: &[Target],
) -> Result<PeriodComparison, EngineError> {
    let index = &current.index;
    for t in targets {
        if index.node_index(&t.id).is_none() {
            return Err(EngineError::InvalidDefinition {
                node: t.id.clone(),
                reason: super::DefinitionReason::TargetNotInIndex {
                    index: index.definition.id.clone(),
                },
            });
        }
    }
    let mut rows = Vec::new();
    for us in &current.units {
        let prev_unit =
            previous.and_then(|p| p.units.iter().find(|u| u.unit == us.unit).map(|u| (p, u)));
        for (ni, node) in index.nodes.iter().enumerate() {
            let raw_basis = node.kind == NodeKind::Indicator;
            let pick = |s: Option<&super::score::NodeScore>| {
                s.and_then(|s| if raw_basis { s.raw } else { s.value })
            };
            let cur_s = us.nodes.get(ni);
            let prev_s = prev_unit
                .and_then(|(p, pu)| p.index.node_index(&node.id).and_then(|pi| pu.nodes.get(pi)));
            let current_v = pick(cur_s);
            let previous_v = pick(prev_s);
            let direction = if raw_basis {
                node.direction.unwrap_or(Direction::Higher)
            } else {
                Direction::Higher
            };
            let target = targets
                .iter()
                .filter(|t| t.id == node.id)
                .find(|t| t.applies_to.as_deref() == Some(us.unit.as_str()))
                .or_else(|| {
                    targets
                        .iter()
                        .find(|t| t.id == node.id && t.applies_to.is_none())
                });
            let comparison = target.map_or(direction.comparison(), |t| t.comparison_for(direction));
            let met = match (target, current_v) {
                (Some(t), Some(c)) => Some(t.is_met(c, direction)),
                _ => None,
            };
            let target = target.map(|t| t.value);
            let current_rank = cur_s.and_then(|s| s.rank);
            let previous_rank = prev_s.and_then(|s| s.rank);
            rows.push(Change {
                unit: us.unit.clone(),
                node: node.id.clone(),
                name_vi: node.name_vi.clone(),
                measure: node.unit.clone(),
                raw_basis,
                direction,
                comparison,
                current: current_v,
                previous: previous_v,
                change: match (current_v, previous_v) {
                    (Some(c), Some(p)) => c.checked_sub(p),
                    _ => None,
                },
                current_rank,
                previous_rank,
                rank_change: match (current_rank, previous_rank) {
                    (Some(c), Some(p)) => Some(i64::from(p) - i64::from(c)),
                    _ => None,
                },
                target,
                met,
            });
        }
    }
    Ok(PeriodComparison { rows })
}
