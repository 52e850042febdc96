//! Normalisation of one indicator column over the set of units.

use rust_decimal::{Decimal, MathematicalOps};
use serde::{Deserialize, Serialize};

use super::definition::{Anchors, ConstantPolicy, IndicatorSpec, Normalisation};
use super::reason::{DegenerateReason, NormalisationReason};
use crate::EngineError;
use minhbach_model::Direction;

/// The parameters actually applied to an indicator column: what a reader needs to redo the
/// normalisation by hand.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnchorsUsed {
    /// Method name (`min_max`, `z_score`, ...).
    pub method: String,
    /// Lower anchor (min–max min, goalpost lower).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<Decimal>,
    /// Upper anchor (min–max max, goalpost upper).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<Decimal>,
    /// Bottom of the output range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<Decimal>,
    /// Top of the output range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<Decimal>,
    /// Mean of the raw values (z-score).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mean: Option<Decimal>,
    /// Sample standard deviation of the raw values (z-score).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sd: Option<Decimal>,
    /// Target (distance to target).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Decimal>,
    /// Worst reference value (distance to target).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worst: Option<Decimal>,
    /// Threshold (points).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<Decimal>,
    /// Points for meeting the threshold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_points: Option<Decimal>,
    /// `current` or `explicit` for min–max anchors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor_source: Option<String>,
    /// Number of units with a value in this column.
    pub n: usize,
    /// True when the collapsed-anchor rule ([`ConstantPolicy`]) was applied.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub constant_rule: bool,
}

/// Arithmetic overflow marker, turned into a named error by the caller.
pub(crate) struct Overflow;

pub(crate) trait Ck {
    fn ck(self) -> Result<Decimal, Overflow>;
}
impl Ck for Option<Decimal> {
    fn ck(self) -> Result<Decimal, Overflow> {
        self.ok_or(Overflow)
    }
}

fn norm_err(
    ind: &IndicatorSpec,
    unit: &str,
    value: Decimal,
    reason: NormalisationReason,
) -> EngineError {
    EngineError::Normalisation {
        unit: unit.to_string(),
        indicator: ind.id().to_string(),
        value,
        reason,
    }
}

fn degenerate(ind: &IndicatorSpec, reason: DegenerateReason) -> EngineError {
    EngineError::DegenerateAnchors {
        indicator: ind.id().to_string(),
        reason,
    }
}

/// `low + span·(x − min)/range` (higher) or `high − span·(x − min)/range` (lower).
fn affine(
    x: Decimal,
    min: Decimal,
    range: Decimal,
    low: Decimal,
    high: Decimal,
    dir: Direction,
) -> Result<Decimal, Overflow> {
    let span = high.checked_sub(low).ck()?;
    let part = span
        .checked_mul(x.checked_sub(min).ck()?)
        .ck()?
        .checked_div(range)
        .ck()?;
    match dir {
        Direction::Higher => low.checked_add(part).ck(),
        Direction::Lower => high.checked_sub(part).ck(),
    }
}

/// Normalises one column. `units` names the rows (for errors); `raw` holds the values, `None`
/// for missing ones, which stay missing.
pub(crate) fn normalise_column(
    ind: &IndicatorSpec,
    dir: Direction,
    constant: ConstantPolicy,
    units: &[String],
    raw: &[Option<Decimal>],
) -> Result<(Vec<Option<Decimal>>, AnchorsUsed), EngineError> {
    let unit_name = |i: usize| units.get(i).map_or("", String::as_str);
    let present: Vec<Decimal> = raw.iter().flatten().copied().collect();
    let n = present.len();
    let mut used = AnchorsUsed {
        method: ind.normalisation.name().to_string(),
        n,
        ..AnchorsUsed::default()
    };
    let overflow =
        |i: usize, x: Decimal| norm_err(ind, unit_name(i), x, NormalisationReason::Overflow);
    let cur_min = present.iter().min().copied();
    let cur_max = present.iter().max().copied();

    let out: Vec<Option<Decimal>> = match &ind.normalisation {
        Normalisation::Identity => raw.to_vec(),
        Normalisation::MinMax {
            low,
            high,
            anchors,
            truncate,
        } => {
            used.low = Some(*low);
            used.high = Some(*high);
            let (min, max, explicit) = match anchors {
                Anchors::Explicit { min, max } => (Some(*min), Some(*max), true),
                _ => (cur_min, cur_max, false),
            };
            used.anchor_source = Some(if explicit { "explicit" } else { "current" }.into());
            used.min = min;
            used.max = max;
            let (Some(min), Some(max)) = (min, max) else {
                return Ok((vec![None; raw.len()], used));
            };
            if min == max {
                if constant == ConstantPolicy::Error {
                    return Err(degenerate(
                        ind,
                        DegenerateReason::MinMax {
                            value: min,
                            units: n,
                        },
                    ));
                }
                used.constant_rule = true;
                raw.iter().map(|v| v.map(|_| *high)).collect()
            } else {
                let range = max.checked_sub(min).ok_or_else(|| overflow(0, max))?;
                let mut out = Vec::with_capacity(raw.len());
                for (i, v) in raw.iter().enumerate() {
                    let Some(mut x) = *v else {
                        out.push(None);
                        continue;
                    };
                    if explicit && (x < min || x > max) {
                        if *truncate {
                            x = x.clamp(min, max);
                        } else {
                            return Err(norm_err(
                                ind,
                                unit_name(i),
                                x,
                                NormalisationReason::OutsideAnchors { min, max },
                            ));
                        }
                    }
                    out.push(Some(
                        affine(x, min, range, *low, *high, dir).map_err(|_| overflow(i, x))?,
                    ));
                }
                out
            }
        }
        Normalisation::Goalposts {
            lower,
            upper,
            low,
            high,
            truncate,
        } => {
            used.min = Some(*lower);
            used.max = Some(*upper);
            used.low = Some(*low);
            used.high = Some(*high);
            let range = upper
                .checked_sub(*lower)
                .ok_or_else(|| overflow(0, *upper))?;
            let mut out = Vec::with_capacity(raw.len());
            for (i, v) in raw.iter().enumerate() {
                let Some(x) = *v else {
                    out.push(None);
                    continue;
                };
                let xc = if *truncate {
                    x.clamp(*lower, *upper)
                } else {
                    x
                };
                out.push(Some(
                    affine(xc, *lower, range, *low, *high, dir).map_err(|_| overflow(i, x))?,
                ));
            }
            out
        }
        Normalisation::ZScore { m, s } => {
            if n == 0 {
                return Ok((vec![None; raw.len()], used));
            }
            let mut sum = Decimal::ZERO;
            for (i, v) in raw.iter().enumerate() {
                if let Some(x) = v {
                    sum = sum.checked_add(*x).ok_or_else(|| overflow(i, *x))?;
                }
            }
            let mean = sum
                .checked_div(Decimal::from(n))
                .ok_or_else(|| overflow(0, sum))?;
            let mut ss = Decimal::ZERO;
            for (i, v) in raw.iter().enumerate() {
                if let Some(x) = v {
                    let d = x.checked_sub(mean).ok_or_else(|| overflow(i, *x))?;
                    ss = d
                        .checked_mul(d)
                        .and_then(|q| ss.checked_add(q))
                        .ok_or_else(|| overflow(i, *x))?;
                }
            }
            used.mean = Some(mean);
            let sd = if n >= 2 {
                ss.checked_div(Decimal::from(n - 1))
                    .and_then(|var| var.sqrt())
                    .ok_or_else(|| overflow(0, ss))?
            } else {
                Decimal::ZERO
            };
            used.sd = Some(sd);
            if sd.is_zero() {
                if constant == ConstantPolicy::Error {
                    return Err(degenerate(ind, DegenerateReason::ZScore { units: n }));
                }
                used.constant_rule = true;
                raw.iter().map(|v| v.map(|_| *m)).collect()
            } else {
                let mut out = Vec::with_capacity(raw.len());
                for (i, v) in raw.iter().enumerate() {
                    let Some(x) = *v else {
                        out.push(None);
                        continue;
                    };
                    let d = match dir {
                        Direction::Higher => x.checked_sub(mean),
                        Direction::Lower => mean.checked_sub(x),
                    };
                    let z = d
                        .and_then(|d| s.checked_mul(d))
                        .and_then(|d| d.checked_div(sd))
                        .and_then(|z| m.checked_add(z))
                        .ok_or_else(|| overflow(i, x))?;
                    out.push(Some(z));
                }
                out
            }
        }
        Normalisation::Rank | Normalisation::PercentileRank => {
            let mut sorted = present.clone();
            sorted.sort_unstable();
            let worse = |x: Decimal| -> usize {
                match dir {
                    Direction::Higher => sorted.partition_point(|v| *v < x),
                    Direction::Lower => n - sorted.partition_point(|v| *v <= x),
                }
            };
            if matches!(ind.normalisation, Normalisation::Rank) {
                used.low = Some(Decimal::ONE);
                used.high = Some(Decimal::from(n.max(1)));
                raw.iter()
                    .map(|v| v.map(|x| Decimal::from(1 + worse(x))))
                    .collect()
            } else {
                used.low = Some(Decimal::ZERO);
                used.high = Some(Decimal::ONE_HUNDRED);
                if n > 0 && cur_min == cur_max {
                    if constant == ConstantPolicy::Error {
                        return Err(degenerate(
                            ind,
                            DegenerateReason::PercentileRank { units: n },
                        ));
                    }
                    used.constant_rule = true;
                    raw.iter()
                        .map(|v| v.map(|_| Decimal::ONE_HUNDRED))
                        .collect()
                } else {
                    let denom = Decimal::from(n.saturating_sub(1));
                    let mut out = Vec::with_capacity(raw.len());
                    for (i, v) in raw.iter().enumerate() {
                        let Some(x) = *v else {
                            out.push(None);
                            continue;
                        };
                        let p = Decimal::ONE_HUNDRED
                            .checked_mul(Decimal::from(worse(x)))
                            .and_then(|q| q.checked_div(denom))
                            .ok_or_else(|| overflow(i, x))?;
                        out.push(Some(p));
                    }
                    out
                }
            }
        }
        Normalisation::DistanceToTarget {
            target,
            worst,
            scale,
            cap,
        } => {
            used.target = Some(*target);
            used.high = Some(*scale);
            used.low = Some(Decimal::ZERO);
            let current_worst = match dir {
                Direction::Higher => cur_min,
                Direction::Lower => cur_max,
            };
            let w = match worst {
                Some(w) => Some(*w),
                None => current_worst,
            };
            used.worst = w;
            let Some(w) = w else {
                return Ok((vec![None; raw.len()], used));
            };
            let all_met = worst.is_none()
                && match dir {
                    Direction::Higher => w >= *target,
                    Direction::Lower => w <= *target,
                };
            if all_met {
                // Every unit already meets the target: the distance is zero for all.
                used.constant_rule = true;
                raw.iter().map(|v| v.map(|_| *scale)).collect()
            } else {
                let range = target.checked_sub(w).ok_or_else(|| overflow(0, *target))?;
                let mut out = Vec::with_capacity(raw.len());
                for (i, v) in raw.iter().enumerate() {
                    let Some(x) = *v else {
                        out.push(None);
                        continue;
                    };
                    let mut y = x
                        .checked_sub(w)
                        .and_then(|d| scale.checked_mul(d))
                        .and_then(|d| d.checked_div(range))
                        .ok_or_else(|| overflow(i, x))?;
                    if *cap {
                        y = y.clamp(Decimal::ZERO, *scale);
                    }
                    out.push(Some(y));
                }
                out
            }
        }
        Normalisation::Threshold {
            threshold,
            max_points,
        } => {
            used.threshold = Some(*threshold);
            used.max_points = Some(*max_points);
            used.low = Some(Decimal::ZERO);
            used.high = Some(*max_points);
            let mut out = Vec::with_capacity(raw.len());
            for (i, v) in raw.iter().enumerate() {
                let Some(x) = *v else {
                    out.push(None);
                    continue;
                };
                let pts = match dir {
                    Direction::Higher if x >= *threshold => *max_points,
                    Direction::Higher => max_points
                        .checked_mul(x)
                        .and_then(|p| p.checked_div(*threshold))
                        .ok_or_else(|| overflow(i, x))?,
                    Direction::Lower if x <= *threshold => *max_points,
                    Direction::Lower => max_points
                        .checked_mul(*threshold)
                        .and_then(|p| p.checked_div(x))
                        .ok_or_else(|| overflow(i, x))?,
                };
                out.push(Some(pts.max(Decimal::ZERO)));
            }
            out
        }
    };
    Ok((out, used))
}
