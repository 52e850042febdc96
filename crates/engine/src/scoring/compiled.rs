//! The checked tree built from an [`IndexDefinition`].

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::definition::{
    check_group_parents, check_ids, check_indicator, invalid, AggregationMethod, Anchors,
    IndexDefinition, MissingPolicy, Normalisation,
};
use super::reason::DefinitionReason;
use crate::EngineError;
use minhbach_model::{Direction, Indicator};

/// What a node of the compiled tree is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    /// The index itself (root).
    Index,
    /// A sub-index.
    Group,
    /// An indicator (leaf).
    Indicator,
}

/// One node of the compiled tree. Nodes are stored parents-first (breadth first); node 0 is
/// the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Node {
    /// Node id.
    pub id: String,
    /// Vietnamese name.
    pub name_vi: String,
    /// English name.
    pub name_en: String,
    /// Kind of node.
    pub kind: NodeKind,
    /// Position of the parent in [`CompiledIndex::nodes`]; `None` for the root.
    pub parent: Option<usize>,
    /// Positions of the children, in definition order.
    pub children: Vec<usize>,
    /// Weight in the parent (1 for the root).
    pub weight: Decimal,
    /// The aggregation method (inner nodes).
    pub aggregation: AggregationMethod,
    /// Scale factor (inner nodes).
    pub scale: Decimal,
    /// Missing-value policy (inner nodes).
    pub missing: MissingPolicy,
    /// Direction (indicators).
    pub direction: Option<Direction>,
    /// Position of the indicator in [`IndexDefinition::indicators`] (indicators).
    pub indicator: Option<usize>,
    /// Depth: 0 for the index.
    pub depth: usize,
    /// The unit of the raw value (indicators) or `điểm` for inner nodes.
    pub unit: String,
    /// Marked unverified in the definition.
    pub unverified: bool,
    /// Highest attainable score: declared, or derived from the inputs' maxima when they are
    /// all known (threshold points, min–max `high`, ...). Weighted sums use it to re-weight
    /// dropped inputs by the points they could have earned.
    pub max_score: Option<Decimal>,
}

/// A validated index, ready to score unit data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompiledIndex {
    /// The definition it was built from.
    pub definition: IndexDefinition,
    /// Nodes, parents first; node 0 is the index.
    pub nodes: Vec<Node>,
}

impl CompiledIndex {
    /// The indicator ids, in definition order (the expected data columns).
    pub fn indicator_ids(&self) -> Vec<&str> {
        self.definition.indicators.iter().map(|i| i.id()).collect()
    }

    /// The indicators, in definition order: id, Vietnamese and English names, unit and
    /// direction of each expected data column.
    pub fn indicators(&self) -> impl Iterator<Item = &Indicator> {
        self.definition.indicators.iter().map(|i| &i.indicator)
    }

    /// Position of a node by id.
    pub fn node_index(&self, id: &str) -> Option<usize> {
        self.nodes.iter().position(|n| n.id == id)
    }

    /// The node at a position.
    pub fn node(&self, i: usize) -> Option<&Node> {
        self.nodes.get(i)
    }
}

fn known_max(
    def: &IndexDefinition,
    nodes: &[Node],
    declared: &[Option<Decimal>],
    i: usize,
) -> Option<Decimal> {
    let n = nodes.get(i)?;
    if n.kind == NodeKind::Indicator {
        let ind = def.indicators.get(n.indicator?)?;
        return ind.normalisation.max_output();
    }
    declared.get(i).copied().flatten()
}

pub(crate) fn compile(def: &IndexDefinition) -> Result<CompiledIndex, EngineError> {
    check_ids(def)?;
    let group_parent = check_group_parents(def)?;
    if def.scale <= Decimal::ZERO {
        return Err(invalid(
            &def.id,
            DefinitionReason::ScaleNotPositive { scale: def.scale },
        ));
    }
    let group_pos: HashMap<&str, usize> = def
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| (g.id.as_str(), i))
        .collect();
    for g in &def.groups {
        if g.weight.is_sign_negative() && !g.weight.is_zero() {
            return Err(invalid(
                &g.id,
                DefinitionReason::NegativeWeight { weight: g.weight },
            ));
        }
        if g.scale <= Decimal::ZERO {
            return Err(invalid(
                &g.id,
                DefinitionReason::ScaleNotPositive { scale: g.scale },
            ));
        }
    }
    let mut directions = Vec::with_capacity(def.indicators.len());
    for ind in &def.indicators {
        directions.push(check_indicator(ind)?);
        if let Normalisation::MinMax {
            anchors: Anchors::Required,
            ..
        } = ind.normalisation
        {
            return Err(invalid(ind.id(), DefinitionReason::AnchorsMissing));
        }
        if let Some(p) = ind.parent.as_deref() {
            if p != def.id && !group_pos.contains_key(p) {
                let parent = p.to_string();
                let reason = if def.indicators.iter().any(|i| i.id() == p) {
                    DefinitionReason::ParentIsIndicator { parent }
                } else {
                    DefinitionReason::UnknownParent { parent }
                };
                return Err(invalid(ind.id(), reason));
            }
        }
    }

    // Children lists (definition order: groups first, then indicators, each in file order).
    enum Child {
        Group(usize),
        Ind(usize),
    }
    let mut children_of: HashMap<&str, Vec<Child>> = HashMap::new();
    for (gi, g) in def.groups.iter().enumerate() {
        let p = group_parent
            .get(g.id.as_str())
            .copied()
            .unwrap_or(def.id.as_str());
        children_of.entry(p).or_default().push(Child::Group(gi));
    }
    for (ii, ind) in def.indicators.iter().enumerate() {
        let p = ind.parent.as_deref().unwrap_or(def.id.as_str());
        children_of.entry(p).or_default().push(Child::Ind(ii));
    }

    let mut nodes: Vec<Node> = vec![Node {
        id: def.id.clone(),
        name_vi: def.name_vi.clone(),
        name_en: def.name_en.clone(),
        kind: NodeKind::Index,
        parent: None,
        children: Vec::new(),
        weight: Decimal::ONE,
        aggregation: def.aggregation,
        scale: def.scale,
        missing: def.missing,
        direction: None,
        indicator: None,
        depth: 0,
        unit: "điểm".into(),
        unverified: def.unverified,
        max_score: None,
    }];
    let mut declared: Vec<Option<Decimal>> = vec![def.max_score];
    let mut totals: Vec<Option<Decimal>> = vec![def.weight_total];
    let mut cursor = 0;
    while cursor < nodes.len() {
        let (id, depth, kind) = match nodes.get(cursor) {
            Some(n) => (n.id.clone(), n.depth, n.kind),
            None => break,
        };
        if kind != NodeKind::Indicator {
            let kids = children_of.remove(id.as_str()).unwrap_or_default();
            if kids.is_empty() {
                return Err(invalid(&id, DefinitionReason::NoInputs));
            }
            let mut child_pos = Vec::with_capacity(kids.len());
            for c in kids {
                let pos = nodes.len();
                child_pos.push(pos);
                match c {
                    Child::Group(gi) => {
                        let Some(g) = def.groups.get(gi) else {
                            continue;
                        };
                        nodes.push(Node {
                            id: g.id.clone(),
                            name_vi: g.name_vi.clone(),
                            name_en: g.name_en.clone(),
                            kind: NodeKind::Group,
                            parent: Some(cursor),
                            children: Vec::new(),
                            weight: g.weight,
                            aggregation: g.aggregation,
                            scale: g.scale,
                            missing: g.missing,
                            direction: None,
                            indicator: None,
                            depth: depth + 1,
                            unit: "điểm".into(),
                            unverified: g.unverified,
                            max_score: None,
                        });
                        declared.push(g.max_score);
                        totals.push(g.weight_total);
                    }
                    Child::Ind(ii) => {
                        let Some(ind) = def.indicators.get(ii) else {
                            continue;
                        };
                        nodes.push(Node {
                            id: ind.indicator.id.clone(),
                            name_vi: ind.indicator.name_vi.clone(),
                            name_en: ind.indicator.name_en.clone(),
                            kind: NodeKind::Indicator,
                            parent: Some(cursor),
                            children: Vec::new(),
                            weight: ind.weight,
                            aggregation: AggregationMethod::WeightedMean,
                            scale: Decimal::ONE,
                            missing: MissingPolicy::Fail,
                            direction: directions.get(ii).copied(),
                            indicator: Some(ii),
                            depth: depth + 1,
                            unit: ind.indicator.unit.clone(),
                            unverified: ind.unverified,
                            max_score: ind.normalisation.max_output(),
                        });
                        declared.push(None);
                        totals.push(None);
                    }
                }
            }
            if let Some(n) = nodes.get_mut(cursor) {
                n.children = child_pos;
            }
        }
        cursor += 1;
    }
    // Every group must be reachable (unreachable ones would be in a cycle, caught above).
    if let Some((orphan, _)) = children_of.into_iter().next() {
        return Err(invalid(orphan, DefinitionReason::Unreachable));
    }

    // Weight totals, zero-weight means, maximum scores (children before parents: reverse order).
    for i in (0..nodes.len()).rev() {
        let Some(n) = nodes.get(i) else { continue };
        if n.kind == NodeKind::Indicator {
            continue;
        }
        let sum: Decimal = n
            .children
            .iter()
            .filter_map(|&c| nodes.get(c))
            .map(|c| c.weight)
            .sum();
        if let Some(Some(total)) = totals.get(i) {
            if sum != *total {
                return Err(invalid(
                    &n.id,
                    DefinitionReason::WeightTotalMismatch { sum, total: *total },
                ));
            }
        }
        if sum.is_zero() {
            return Err(invalid(&n.id, DefinitionReason::WeightsSumZero));
        }
        // Maximum score.
        let maxes: Option<Vec<(Decimal, Decimal)>> = n
            .children
            .iter()
            .map(|&c| {
                let w = nodes.get(c)?.weight;
                if w.is_zero() {
                    Some((w, Decimal::ZERO))
                } else {
                    known_max(def, &nodes, &declared, c).map(|m| (w, m))
                }
            })
            .collect();
        let computed = maxes.and_then(|v| {
            let raw = match n.aggregation {
                AggregationMethod::WeightedSum => v.iter().map(|(w, m)| w * m).sum::<Decimal>(),
                // Every input at its maximum gives the maximum of a weighted mean.
                AggregationMethod::WeightedMean => {
                    v.iter().map(|(w, m)| w * m).sum::<Decimal>() / sum
                }
                // For a geometric mean only the all-equal case is exact without logarithms.
                AggregationMethod::WeightedGeometricMean => {
                    let first = v.iter().find(|(w, _)| !w.is_zero()).map(|(_, m)| *m)?;
                    if v.iter().all(|(w, m)| w.is_zero() || *m == first) {
                        first
                    } else {
                        return None;
                    }
                }
            };
            Some(raw * n.scale)
        });
        match (declared.get(i).copied().flatten(), computed) {
            (Some(d), Some(c)) if d != c => {
                return Err(invalid(
                    &n.id,
                    DefinitionReason::MaxScoreMismatch {
                        declared: d,
                        computed: c.normalize(),
                    },
                ));
            }
            (None, Some(c)) => {
                if let Some(slot) = declared.get_mut(i) {
                    *slot = Some(c);
                }
            }
            _ => {}
        }
    }

    for (n, m) in nodes.iter_mut().zip(declared) {
        if n.kind != NodeKind::Indicator {
            n.max_score = m;
        }
    }
    Ok(CompiledIndex {
        definition: def.clone(),
        nodes,
    })
}
