//! Comparisons over time and against targets (chỉ tiêu), with the unmet targets as Vietnamese
//! sentences for the report's "tồn tại, hạn chế" section.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use super::compiled::NodeKind;
use super::definition::Direction;
use super::score::ScoreSet;
use crate::EngineError;

/// A target for one node. For an indicator the target applies to the raw value (e.g. on-time
/// rate ≥ 95 %), in the indicator's direction; for the index or a group it applies to the score
/// (higher is better).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    /// Node id.
    pub node: String,
    /// Target value.
    pub value: Decimal,
    /// Restrict to one unit; `None` applies to every unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

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
pub struct Comparison {
    /// Every unit × node, in unit then node order.
    pub rows: Vec<Change>,
}

/// Formats a number the Vietnamese way: `.` thousands separator, `,` decimal separator,
/// rounded half-up to `dp` decimals (`1.234,57`).
pub fn format_vi(d: Decimal, dp: u32) -> String {
    let mut r = d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(dp);
    let s = r.abs().to_string();
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s, None),
    };
    let mut grouped = String::new();
    let len = int.len();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (len - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(ch);
    }
    let sign = if r.is_sign_negative() && !r.is_zero() {
        "-"
    } else {
        ""
    };
    match frac {
        Some(f) => format!("{sign}{grouped},{f}"),
        None => format!("{sign}{grouped}"),
    }
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
        let main = match self.direction {
            Direction::Higher => format!(
                "{} của {} đạt {}, thấp hơn chỉ tiêu {tgt}",
                self.name_vi,
                self.unit,
                with_measure(cur, m, dp)
            ),
            Direction::Lower => format!(
                "{} của {} là {}, cao hơn mức chỉ tiêu tối đa {tgt}",
                self.name_vi,
                self.unit,
                with_measure(cur, m, dp)
            ),
        };
        let trend = match self.change {
            Some(c)
                if c.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
                    .is_zero() =>
            {
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

impl Comparison {
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
/// use minhbach_engine::scoring::{compare, preset, ScoreOptions, Target, UnitTable};
/// use rust_decimal::Decimal;
/// let index = preset("pci")?.compile()?;
/// let ids = index.indicator_ids();
/// let mut now = UnitTable::new(ids.clone());
/// now.push_unit("Quảng Ngãi", vec![Some(Decimal::from(6)); 10])?;
/// let mut before = UnitTable::new(ids);
/// before.push_unit("Quảng Ngãi", vec![Some(Decimal::from(7)); 10])?;
/// let opts = ScoreOptions::default();
/// let cmp = compare(&index.score(&now, &opts)?, Some(&index.score(&before, &opts)?),
///     &[Target { node: "transparency".into(), value: Decimal::from(65) / Decimal::TEN, unit: None }])?;
/// let s = cmp.unmet_sentences_vi(2);
/// assert_eq!(s, ["Tính minh bạch và tiếp cận thông tin của Quảng Ngãi đạt 6,00 điểm, thấp hơn chỉ tiêu 6,50 điểm (giảm 1,00 điểm so với kỳ trước)."]);
/// # Ok::<(), minhbach_engine::EngineError>(())
/// ```
pub fn compare(
    current: &ScoreSet,
    previous: Option<&ScoreSet>,
    targets: &[Target],
) -> Result<Comparison, EngineError> {
    let index = &current.index;
    for t in targets {
        if index.node_index(&t.node).is_none() {
            return Err(EngineError::InvalidDefinition {
                node: t.node.clone(),
                reason: format!(
                    "target names a node that is not in index {:?}",
                    index.definition.id
                ),
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
                .filter(|t| t.node == node.id)
                .find(|t| t.unit.as_deref() == Some(us.unit.as_str()))
                .or_else(|| {
                    targets
                        .iter()
                        .find(|t| t.node == node.id && t.unit.is_none())
                })
                .map(|t| t.value);
            let met = match (target, current_v) {
                (Some(t), Some(c)) => Some(match direction {
                    Direction::Higher => c >= t,
                    Direction::Lower => c <= t,
                }),
                _ => None,
            };
            let current_rank = cur_s.and_then(|s| s.rank);
            let previous_rank = prev_s.and_then(|s| s.rank);
            rows.push(Change {
                unit: us.unit.clone(),
                node: node.id.clone(),
                name_vi: node.name_vi.clone(),
                measure: node.unit.clone(),
                raw_basis,
                direction,
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
    Ok(Comparison { rows })
}
