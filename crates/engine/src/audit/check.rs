//! The checks: Biểu 06 identities among stated counts, totals across scopes, and every
//! stated rate recomputed under every convention of the catalogue.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::arithmetic::{Arithmetic, Assumption, FigureTerm, Recomputation, ScopeTerm};
use super::names::{FigureName, StatedSum};
use super::reason::UncheckedReason;
use super::recompute::{self, RateConvention, BASE};
use super::{Approximation, Figures, StatedFigure};
use crate::aggregate::{Column, Counts};

/// What a finding checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FindingKind {
    /// A sum that must hold between stated counts.
    Identity,
    /// A stated rate recomputed from stated counts.
    Rate,
}

/// The outcome of a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Status {
    /// The identity holds.
    Holds,
    /// The identity does not hold; `difference` says by how much.
    Broken,
    /// At least one convention reproduces the stated rate.
    Reproduced,
    /// No convention reproduces the stated rate; `computed` is the nearest.
    NotReproducible,
}

impl Status {
    /// `holds` or `reproduced`.
    pub fn is_ok(self) -> bool {
        matches!(self, Status::Holds | Status::Reproduced)
    }
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Severity {
    /// A figure is wrong.
    Error,
    /// Probably wrong, or off by one unit of the last digit, or the check rests on an
    /// unstated figure.
    Warning,
    /// The check passed.
    Info,
}

/// One check and its outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Identity or rate.
    pub kind: FindingKind,
    /// Holds / broken / reproduced / not reproducible.
    pub status: Status,
    /// Error, warning or info.
    pub severity: Severity,
    /// The scope of the figures ("toàn tỉnh + cấp tỉnh + …" for totals across scopes).
    pub scope: String,
    /// The period of the figures, as stated.
    pub period: Option<String>,
    /// The figures involved (the total or the rate first).
    pub figures: Vec<FigureName>,
    /// The stated total or rate.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub published: Option<Decimal>,
    /// The sum of the stated parts, or the recomputed rate (the nearest when none
    /// reproduces it).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub computed: Option<Decimal>,
    /// `published − computed` for identities.
    pub difference: Option<i128>,
    /// The conventions that reproduce the rate (or the nearest one).
    pub conventions: Vec<String>,
    /// The numerator of the recomputed rate.
    pub numerator: Option<u64>,
    /// The denominator of the recomputed rate.
    pub denominator: Option<u64>,
    /// The check with its arithmetic: as data, and in words in either language (its
    /// `Display` is English; `in_lang(Lang::Vi)` the Vietnamese sentence).
    pub arithmetic: Arithmetic,
    /// Byte ranges in the text of the figures involved.
    pub spans: Vec<(usize, usize)>,
}

/// A stated rate that could not be recomputed, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unchecked {
    /// The rate.
    pub name: FigureName,
    /// Its scope.
    pub scope: String,
    /// Its value.
    #[serde(with = "rust_decimal::serde::str")]
    pub value: Decimal,
    /// Byte offset in the text.
    pub start: usize,
    /// Byte offset of its end.
    pub end: usize,
    /// Why (serialised as `reason_code`, e.g. `not_enough_counts`).
    #[serde(rename = "reason_code")]
    pub reason: UncheckedReason,
}

/// The outcome of [`check`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checks {
    /// Every check made, in text order of blocks.
    pub findings: Vec<Finding>,
    /// Stated rates that the stated counts cannot recompute.
    pub unchecked: Vec<Unchecked>,
}

impl Checks {
    /// Whether any finding is broken or not reproducible.
    pub fn has_problems(&self) -> bool {
        self.findings.iter().any(|f| !f.status.is_ok())
    }
}

/// Identities between stated counts: total = sum of parts. Checked when every term is
/// stated.
#[rustfmt::skip]
const IDENTITIES: [(FigureName, &[FigureName]); 10] = {
    use Column as C;
    use StatedSum as S;
    [
        (col(C::Received),       &[col(C::ReceivedOnline), col(C::ReceivedDirectPostal)]),
        (col(C::Handled),        &[col(C::Received), col(C::CarriedOver)]),
        (col(C::Resolved),       &[sum(S::ResolvedInTime), col(C::ResolvedLate)]),
        (sum(S::ResolvedInTime), &[col(C::ResolvedEarly), col(C::ResolvedOnTime)]),
        (col(C::Pending),        &[col(C::PendingWithinDue), col(C::PendingOverdue)]),
        (sum(S::Due),            &[col(C::Resolved), col(C::PendingOverdue)]),
        (sum(S::Due),            &[sum(S::ResolvedInTime), sum(S::LateOrOverdue)]),
        (sum(S::LateOrOverdue),  &[col(C::ResolvedLate), col(C::PendingOverdue)]),
        (sum(S::SetAside),       &[col(C::Withdrawn), col(C::Rejected)]),
        (sum(S::Processed),      &[col(C::Resolved), sum(S::SetAside)]),
    ]
};

/// A count column as a stated figure (shortens [`IDENTITIES`]).
const fn col(c: Column) -> FigureName {
    FigureName::Count(c)
}

/// A stated sum as a stated figure (shortens [`IDENTITIES`]).
const fn sum(s: StatedSum) -> FigureName {
    FigureName::Sum(s)
}

/// Checks stated figures. See the module documentation.
pub fn check(figures: &Figures) -> Checks {
    let mut blocks: BTreeMap<usize, Vec<&StatedFigure>> = BTreeMap::new();
    for f in &figures.figures {
        blocks.entry(f.block).or_default().push(f);
    }
    let mut out = Checks::default();
    for block in blocks.values() {
        identities(block, &mut out.findings);
        rates(block, &mut out);
    }
    scope_totals(&blocks, &mut out.findings);
    out
}

fn first<'a>(block: &[&'a StatedFigure], name: FigureName) -> Option<&'a StatedFigure> {
    block.iter().copied().find(|f| f.name == name)
}

fn exact<'a>(block: &[&'a StatedFigure], name: FigureName) -> Option<&'a StatedFigure> {
    first(block, name).filter(|f| f.approximate.is_none())
}

fn int(f: &StatedFigure) -> i128 {
    f.value.trunc().mantissa()
}

/// Every stated figure of `names`, exact, or `None` when one of them is not stated.
fn all_exact<'a>(
    block: &[&'a StatedFigure],
    names: &[FigureName],
) -> Option<Vec<&'a StatedFigure>> {
    names.iter().map(|n| exact(block, *n)).collect()
}

/// The terms of an identity finding: the stated total (one figure, or several added up) and
/// the stated parts.
struct IdentityTerms<'a> {
    total: Vec<&'a StatedFigure>,
    parts: Vec<&'a StatedFigure>,
}

impl<'a> IdentityTerms<'a> {
    /// The finding: holds (info) or broken (`severity_if_broken`), with its `arithmetic`.
    fn finding(
        self,
        scope: String,
        period: Option<String>,
        severity_if_broken: Severity,
        arithmetic: Arithmetic,
    ) -> Finding {
        let left: i128 = self.total.iter().map(|f| int(f)).sum();
        let right: i128 = self.parts.iter().map(|f| int(f)).sum();
        let diff = left - right;
        let terms = || self.total.iter().chain(self.parts.iter());
        Finding {
            kind: FindingKind::Identity,
            status: if diff == 0 {
                Status::Holds
            } else {
                Status::Broken
            },
            severity: if diff == 0 {
                Severity::Info
            } else {
                severity_if_broken
            },
            scope,
            period,
            figures: terms().map(|f| f.name).collect(),
            published: Some(Decimal::from_i128_with_scale(left, 0)),
            computed: Some(Decimal::from_i128_with_scale(right, 0)),
            difference: Some(diff),
            conventions: Vec::new(),
            numerator: None,
            denominator: None,
            arithmetic,
            spans: terms().map(|f| (f.start, f.end)).collect(),
        }
    }

    /// The finding of an identity within one block.
    fn within_block(
        self,
        any: &StatedFigure,
        severity_if_broken: Severity,
        set_aside_unstated: bool,
    ) -> Finding {
        let terms = |fs: &[&StatedFigure]| {
            fs.iter()
                .map(|f| FigureTerm {
                    name: f.name,
                    value: int(f),
                })
                .collect()
        };
        let arithmetic = Arithmetic::Identity {
            total: terms(&self.total),
            parts: terms(&self.parts),
            set_aside_unstated,
        };
        self.finding(
            any.scope.clone(),
            any.period.clone(),
            severity_if_broken,
            arithmetic,
        )
    }
}

fn identities(block: &[&StatedFigure], out: &mut Vec<Finding>) {
    use FigureName as N;
    let Some(any) = block.first() else { return };
    let mut push = |total: Vec<&StatedFigure>,
                    parts: Vec<&StatedFigure>,
                    severity_if_broken: Severity,
                    set_aside_unstated: bool| {
        out.push(IdentityTerms { total, parts }.within_block(
            any,
            severity_if_broken,
            set_aside_unstated,
        ));
    };
    for (total, parts) in IDENTITIES {
        if let (Some(t), Some(p)) = (exact(block, total), all_exact(block, parts)) {
            push(vec![t], p, Severity::Error, false);
        }
    }
    // resolved = early + on time + late, when the in-time sum is not stated.
    if exact(block, N::Sum(StatedSum::ResolvedInTime)).is_none() {
        let t = exact(block, N::Count(Column::Resolved));
        let p = all_exact(
            block,
            &[
                N::Count(Column::ResolvedEarly),
                N::Count(Column::ResolvedOnTime),
                N::Count(Column::ResolvedLate),
            ],
        );
        if let (Some(t), Some(p)) = (t, p) {
            push(vec![t], p, Severity::Error, false);
        }
    }
    // received + carried over = resolved + pending (+ returned/withdrawn).
    let left = match exact(block, N::Count(Column::Handled)) {
        Some(h) => Some(vec![h]),
        None => all_exact(
            block,
            &[N::Count(Column::Received), N::Count(Column::CarriedOver)],
        ),
    };
    let core = all_exact(
        block,
        &[N::Count(Column::Resolved), N::Count(Column::Pending)],
    );
    if let (Some(left), Some(mut right)) = (left, core) {
        match exact(block, N::Sum(StatedSum::SetAside)) {
            Some(s) => {
                right.push(s);
                push(left, right, Severity::Error, false);
            }
            None => push(left, right, Severity::Warning, true),
        }
    }
}

/// The four scopes whose totals must add up.
const WHOLE: &str = "toàn tỉnh";
const LEVELS: [&str; 3] = ["cấp tỉnh", "cấp huyện", "cấp xã"];

fn scope_totals(blocks: &BTreeMap<usize, Vec<&StatedFigure>>, out: &mut Vec<Finding>) {
    // For each period, the first block of each scope.
    let mut by_period: BTreeMap<Option<String>, BTreeMap<&str, &Vec<&StatedFigure>>> =
        BTreeMap::new();
    for b in blocks.values() {
        if let Some(f) = b.first() {
            by_period
                .entry(f.period.clone())
                .or_default()
                .entry(f.scope.as_str())
                .or_insert(b);
        }
    }
    for (period, scopes) in &by_period {
        let Some(whole) = scopes.get(WHOLE) else {
            continue;
        };
        let levels: Option<Vec<&&Vec<&StatedFigure>>> =
            LEVELS.iter().map(|l| scopes.get(l)).collect();
        let Some(levels) = levels else { continue };
        for name in FigureName::ALL.into_iter().filter(|n| !n.is_rate()) {
            let Some(t) = exact(whole, name) else {
                continue;
            };
            let parts: Option<Vec<&StatedFigure>> = levels.iter().map(|b| exact(b, name)).collect();
            let Some(parts) = parts else { continue };
            let scope_term = |f: &StatedFigure| ScopeTerm {
                scope: f.scope.clone(),
                value: int(f),
            };
            let arithmetic = Arithmetic::ScopeTotal {
                name,
                total: scope_term(t),
                parts: parts.iter().map(|f| scope_term(f)).collect(),
            };
            out.push(
                IdentityTerms {
                    total: vec![t],
                    parts,
                }
                .finding(
                    format!("{WHOLE} = {}", LEVELS.join(" + ")),
                    period.clone(),
                    Severity::Error,
                    arithmetic,
                ),
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// Rates
// ---------------------------------------------------------------------------------------

/// A stated count as an equation over the base cells.
#[derive(Clone)]
struct Equation {
    name: FigureName,
    coef: [bool; BASE],
    value: u64,
}

fn equation(f: &StatedFigure) -> Option<Equation> {
    let zero = Counts::default();
    if f.name.is_rate() || f.approximate.is_some() {
        return None;
    }
    let mut coef = [false; BASE];
    for (i, c) in coef.iter_mut().enumerate() {
        let mut unit = zero;
        recompute::set_base(&mut unit, i, 1);
        *c = recompute::count_value(f.name, &unit)? == 1;
    }
    let value = u64::try_from(int(f)).ok()?;
    Some(Equation {
        name: f.name,
        coef,
        value,
    })
}

/// Assignments of the base cells that satisfy `eqs`: one with every free cell at 0, and one
/// more for each free cell set to 1 (the others at 0). Every cell derived from the equations
/// is an affine function of the free cells, so a rate's fraction is the same on every
/// solution exactly when it is the same on these. Empty when the equations contradict each
/// other.
fn completions(eqs: &[Equation]) -> Vec<[u64; BASE]> {
    let Some((base, free)) = complete(eqs, None) else {
        return Vec::new();
    };
    let mut out = vec![base];
    for k in free {
        if let Some((c, _)) = complete(eqs, Some(k)) {
            out.push(c);
        }
    }
    out
}

/// Fills the cells: propagate the equations, then set the first unknown cell to 0 (or to 1
/// when it is `one`), and repeat. Returns the cells and the cells that were chosen freely.
fn complete(eqs: &[Equation], one: Option<usize>) -> Option<([u64; BASE], Vec<usize>)> {
    let mut a: [Option<u64>; BASE] = [None; BASE];
    let mut free = Vec::new();
    loop {
        loop {
            let mut changed = false;
            for e in eqs {
                let mut sum: u128 = 0;
                let mut unknown = None;
                let mut n_unknown = 0;
                for (i, c) in e.coef.iter().enumerate() {
                    if !c {
                        continue;
                    }
                    match a.get(i).copied().flatten() {
                        Some(v) => sum += u128::from(v),
                        None => {
                            n_unknown += 1;
                            unknown = Some(i);
                        }
                    }
                }
                let v = u128::from(e.value);
                match (n_unknown, unknown) {
                    (0, _) if sum != v => return None,
                    (1, Some(i)) => {
                        if sum > v {
                            return None;
                        }
                        if let Some(slot) = a.get_mut(i) {
                            *slot = Some(u64::try_from(v - sum).ok()?);
                        }
                        changed = true;
                    }
                    _ => {}
                }
            }
            if !changed {
                break;
            }
        }
        // The next free cell: the unknown one in the most equations, so that the cells left
        // to absorb a stated total are the ones that appear in it alone.
        let next = (0..BASE)
            .filter(|&i| a.get(i).copied().flatten().is_none())
            .max_by_key(|&i| {
                let n = eqs
                    .iter()
                    .filter(|e| e.coef.get(i).copied().unwrap_or(false))
                    .count();
                (n, std::cmp::Reverse(i))
            });
        match next {
            None => return Some((a.map(|x| x.unwrap_or(0)), free)),
            Some(i) => {
                if let Some(slot) = a.get_mut(i) {
                    *slot = Some(u64::from(one == Some(i)));
                }
                free.push(i);
            }
        }
    }
}

fn counts_of(a: &[u64; BASE]) -> Counts {
    let mut c = Counts::default();
    for (i, v) in a.iter().enumerate() {
        recompute::set_base(&mut c, i, *v);
    }
    c
}

/// Which stated counts a recomputation rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Basis {
    /// All of them.
    Stated,
    /// All but returned and withdrawn dossiers, taken as none in separate buckets (they are
    /// not stated, or the report counts them among the resolved).
    NoSetAside,
    /// All but one, because the stated counts contradict each other.
    Without(FigureName),
}

/// One way the stated counts give a rate.
struct Candidate {
    conv: RateConvention,
    value: Decimal,
    exact: Decimal,
    num: i128,
    den: i128,
    basis: Basis,
}

fn is_set_aside(name: FigureName) -> bool {
    matches!(
        name,
        FigureName::Sum(StatedSum::SetAside)
            | FigureName::Count(Column::Withdrawn)
            | FigureName::Count(Column::Rejected)
    )
}

fn rates(block: &[&StatedFigure], out: &mut Checks) {
    let rates: Vec<&StatedFigure> = block.iter().copied().filter(|f| f.name.is_rate()).collect();
    if rates.is_empty() {
        return;
    }
    let eqs: Vec<Equation> = block.iter().filter_map(|f| equation(f)).collect();
    let mut variants: Vec<(Basis, Vec<[u64; BASE]>)> = Vec::new();
    let all = completions(&eqs);
    if all.is_empty() {
        // The stated counts contradict each other: every set with one left out.
        for (k, e) in eqs.iter().enumerate() {
            let rest: Vec<Equation> = eqs
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != k)
                .map(|(_, e)| e.clone())
                .collect();
            let c = completions(&rest);
            if !c.is_empty() {
                variants.push((Basis::Without(e.name), c));
            }
        }
    } else {
        variants.push((Basis::Stated, all));
    }
    let mut no_set_aside: Vec<Equation> = eqs
        .iter()
        .filter(|e| !is_set_aside(e.name))
        .cloned()
        .collect();
    for cell in recompute::SET_ASIDE_CELLS {
        let mut coef = [false; BASE];
        if let Some(c) = coef.get_mut(cell) {
            *c = true;
        }
        no_set_aside.push(Equation {
            name: FigureName::Sum(StatedSum::SetAside),
            coef,
            value: 0,
        });
    }
    let c = completions(&no_set_aside);
    if !c.is_empty() {
        variants.push((Basis::NoSetAside, c));
    }
    let set_aside_stated = block.iter().any(|f| is_set_aside(f.name));
    for r in rates {
        rate_check(r, &variants, set_aside_stated, out);
    }
}

fn rate_check(
    r: &StatedFigure,
    variants: &[(Basis, Vec<[u64; BASE]>)],
    set_aside_stated: bool,
    out: &mut Checks,
) {
    let conventions = recompute::conventions(r.name, r.decimals);
    let unchecked = |reason| Unchecked {
        name: r.name,
        scope: r.scope.clone(),
        value: r.value,
        start: r.start,
        end: r.end,
        reason,
    };
    if conventions.is_empty() {
        out.unchecked
            .push(unchecked(UncheckedReason::NotInCatalogue));
        return;
    }
    let mut candidates: Vec<Candidate> = Vec::new();
    for (basis, comps) in variants {
        for conv in &conventions {
            // The fraction must be the same on every completion of the unstated cells.
            let mut fractions = comps.iter().map(|a| {
                recompute::fraction(r.name, conv, &counts_of(a))
                    .map(|f| (f.numerator, f.denominator))
            });
            let Some(Some(first)) = fractions.next() else {
                continue;
            };
            if !fractions.all(|f| f == Some(first)) {
                continue;
            }
            let Some(any) = comps.first() else { continue };
            let Some(f) = recompute::fraction(r.name, conv, &counts_of(any)) else {
                continue;
            };
            let (Some(value), Some(exact)) = (
                f.round(conv.options.decimals, conv.options.rounding),
                f.exact(),
            ) else {
                continue;
            };
            // The same convention already reproduced from all the stated counts.
            if candidates
                .iter()
                .any(|c| c.conv == *conv && c.value == value && c.basis == Basis::Stated)
            {
                continue;
            }
            candidates.push(Candidate {
                conv: *conv,
                value,
                exact,
                num: f.numerator,
                den: f.denominator,
                basis: *basis,
            });
        }
    }
    if candidates.is_empty() {
        out.unchecked
            .push(unchecked(UncheckedReason::NotEnoughCounts));
        return;
    }
    let unit = Decimal::new(1, r.decimals);
    let matches = |c: &Candidate| match r.approximate {
        None => c.value == r.value,
        Some(Approximation::About) => (c.exact - r.value).abs() <= unit,
        Some(Approximation::Above) => c.exact >= r.value,
        Some(Approximation::Below) => c.exact <= r.value,
    };
    // Prefer all the stated counts, then returned/withdrawn taken as none, then one left out.
    let rank = |b: Basis| match b {
        Basis::Stated => 0,
        Basis::NoSetAside => 1,
        Basis::Without(_) => 2,
    };
    let reproducing: Vec<&Candidate> = candidates.iter().filter(|c| matches(c)).collect();
    let best_rank = reproducing.iter().map(|c| rank(c.basis)).min();
    let reproducing: Vec<&Candidate> = reproducing
        .into_iter()
        .filter(|c| Some(rank(c.basis)) == best_rank)
        .collect();
    let label = |c: &Candidate| match c.basis {
        Basis::Stated => c.conv.label(),
        Basis::NoSetAside => format!("{} set_aside=none", c.conv.label()),
        Basis::Without(w) => format!("{} without={}", c.conv.label(), w.as_str()),
    };
    let recomputation = |c: &Candidate| Recomputation {
        numerator: c.num,
        denominator: c.den,
        denominator_name: c.conv.denominator().to_string(),
        value: c.value,
        decimals: c.conv.options.decimals,
        rounding: c.conv.options.rounding,
        assumption: match c.basis {
            Basis::Stated => None,
            Basis::NoSetAside if set_aside_stated => Some(Assumption::SetAsideAmongResolved),
            Basis::NoSetAside => None,
            Basis::Without(w) => Some(Assumption::Without(w)),
        },
    };
    let arithmetic = |best: &Candidate, reproducing: usize| Arithmetic::Rate {
        name: r.name,
        approximate: r.approximate,
        published: r.value,
        decimals: r.decimals,
        recomputed: recomputation(best),
        reproducing,
    };
    let finding = |status, severity, best: &Candidate, conventions: Vec<String>| Finding {
        kind: FindingKind::Rate,
        status,
        severity,
        scope: r.scope.clone(),
        period: r.period.clone(),
        figures: vec![r.name],
        published: Some(r.value),
        computed: Some(best.value),
        difference: None,
        conventions,
        numerator: u64::try_from(best.num).ok(),
        denominator: u64::try_from(best.den).ok(),
        arithmetic: arithmetic(
            best,
            if status == Status::Reproduced {
                reproducing.len()
            } else {
                0
            },
        ),
        spans: vec![(r.start, r.end)],
    };
    if let Some(best) = reproducing.first() {
        let conventions = reproducing.iter().map(|c| label(c)).collect();
        out.findings.push(finding(
            Status::Reproduced,
            match best.basis {
                Basis::Stated => Severity::Info,
                Basis::NoSetAside if !set_aside_stated => Severity::Info,
                _ => Severity::Warning,
            },
            best,
            conventions,
        ));
        return;
    }
    let nearest = candidates
        .iter()
        .min_by_key(|c| ((c.exact - r.value).abs(), rank(c.basis)));
    let Some(best) = nearest else { return };
    let gap = (best.value - r.value).abs();
    out.findings.push(finding(
        Status::NotReproducible,
        if gap <= unit {
            Severity::Warning
        } else {
            Severity::Error
        },
        best,
        vec![label(best)],
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::extract;
    use minhbach_model::Bilingual;
    use rust_decimal_macros::dec;

    #[test]
    fn lam_dong_quarter_one() {
        // baolamdong.vn, 18/03/2020: province total of Q1 2020.
        let f = extract(
            "Trong quý I năm 2020 (tính từ 1/12/2019 đến 29/2/2020) toàn tỉnh đã tiếp nhận \
             659.245 hồ sơ, đã giải quyết 643.272 hồ sơ; trong đó, số hồ sơ giải quyết đúng và \
             trước hạn có 635.593 hồ sơ, chiếm tỷ lệ 98,81%; số hồ sơ quá hạn có 7.677 hồ sơ, \
             chiếm tỷ lệ 1,19%.",
        )
        .unwrap();
        let c = check(&f);
        let identity = c
            .findings
            .iter()
            .find(|x| x.kind == FindingKind::Identity)
            .unwrap();
        assert_eq!(identity.status, Status::Broken);
        assert_eq!(identity.difference, Some(2));
        assert!(
            identity
                .arithmetic
                .in_lang(minhbach_model::Lang::Vi)
                .to_string()
                .contains("643.272 ≠ 635.593 + 7.677 = 643.270"),
            "{}",
            identity.arithmetic
        );
        let rates: Vec<_> = c
            .findings
            .iter()
            .filter(|x| x.kind == FindingKind::Rate)
            .collect();
        assert_eq!(rates.len(), 2);
        // Over the stated resolved total the on-time rate is 98.81 (with the late count
        // left out, since the three counts contradict each other).
        assert_eq!(rates[0].status, Status::Reproduced, "{:?}", rates[0]);
        assert_eq!(rates[0].computed, Some(dec!(98.81)));
        assert_eq!(rates[1].status, Status::Reproduced, "{:?}", rates[1]);
    }

    #[test]
    fn rates_under_each_denominator() {
        let f = extract(
            "Đã giải quyết 100 hồ sơ, trong đó đúng hạn 95 hồ sơ (đạt 95%), quá hạn 5 hồ sơ. \
             Đang giải quyết 10 hồ sơ, trong đó quá hạn 2 hồ sơ. Tỷ lệ giải quyết đúng hạn là \
             93,1%.",
        )
        .unwrap();
        let c = check(&f);
        let rates: Vec<_> = c
            .findings
            .iter()
            .filter(|x| x.kind == FindingKind::Rate)
            .collect();
        assert_eq!(rates[0].status, Status::Reproduced);
        assert!(rates[0]
            .conventions
            .iter()
            .any(|c| c.contains("denominator=resolved")));
        // 95 / (100 + 2) = 93.137… → 93,1 over the dossiers due.
        assert_eq!(rates[1].status, Status::Reproduced, "{:?}", rates[1]);
        assert_eq!(
            rates[1].conventions,
            [
                "denominator=due rounding=half_up decimals=1 set_aside=none",
                "denominator=due rounding=floor decimals=1 set_aside=none"
            ]
        );
        assert_eq!(
            (rates[1].numerator, rates[1].denominator),
            (Some(95), Some(102))
        );
    }

    #[test]
    fn not_reproducible_names_the_nearest() {
        let f = extract(
            "Đã giải quyết 200 hồ sơ, đúng hạn 190 hồ sơ, quá hạn 10 hồ sơ; tỷ lệ đúng hạn đạt 96,5%.",
        )
        .unwrap();
        let c = check(&f);
        let r = c
            .findings
            .iter()
            .find(|x| x.kind == FindingKind::Rate)
            .unwrap();
        assert_eq!(r.status, Status::NotReproducible);
        assert_eq!(r.severity, Severity::Error);
        assert_eq!(r.computed, Some(dec!(95.0)));
        assert!(c.has_problems());
    }

    #[test]
    fn scope_totals_and_approximations() {
        let f = extract(
            "Toàn tỉnh tiếp nhận 600 hồ sơ. Cấp tỉnh tiếp nhận 100 hồ sơ. Cấp huyện tiếp nhận \
             200 hồ sơ. Cấp xã tiếp nhận 299 hồ sơ. Đã giải quyết 299 hồ sơ, đúng hạn 290 hồ \
             sơ, quá hạn 9 hồ sơ, tỷ lệ đúng hạn đạt gần 97%.",
        )
        .unwrap();
        let c = check(&f);
        let total = c
            .findings
            .iter()
            .find(|x| x.scope.starts_with("toàn tỉnh ="))
            .unwrap();
        assert_eq!(total.difference, Some(1));
        let r = c
            .findings
            .iter()
            .find(|x| x.kind == FindingKind::Rate)
            .unwrap();
        // 290/299 = 96.99 %: "gần 97%" holds.
        assert_eq!(r.status, Status::Reproduced, "{r:?}");
    }

    #[test]
    fn unchecked_rates_are_listed() {
        let f = extract("Tỷ lệ hồ sơ trực tuyến đạt 18,9%.").unwrap();
        let c = check(&f);
        assert!(c.findings.is_empty());
        assert_eq!(c.unchecked.len(), 1);
    }
}
