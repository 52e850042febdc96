//! Property tests for the scoring engine.
#![cfg(test)] // clippy.toml's allow-*-in-tests then covers this file's helpers too

use minhbach_engine::scoring::{
    AggregationMethod, Anchors, CompiledIndex, Direction, Group, IndexDefinition, Indicator,
    IndicatorSpec, MissingPolicy, NodeKind, Normalisation, ScoreOptions, UnitTable,
};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn dec() -> impl Strategy<Value = Decimal> {
    (-1_000_000i64..1_000_000, 0u32..4).prop_map(|(m, s)| Decimal::new(m, s))
}

fn nonneg() -> impl Strategy<Value = Decimal> {
    (0i64..1_000_000, 0u32..4).prop_map(|(m, s)| Decimal::new(m, s))
}

fn direction() -> impl Strategy<Value = Direction> {
    prop_oneof![Just(Direction::Higher), Just(Direction::Lower)]
}

fn normalisation() -> impl Strategy<Value = Normalisation> {
    prop_oneof![
        Just(Normalisation::default()),
        (dec(), 1i64..1000).prop_map(|(lower, span)| Normalisation::Goalposts {
            lower,
            upper: lower + Decimal::from(span),
            low: Decimal::ZERO,
            high: Decimal::ONE_HUNDRED,
            truncate: true,
        }),
        Just(Normalisation::ZScore {
            m: Decimal::ZERO,
            s: Decimal::ONE
        }),
        Just(Normalisation::Rank),
        Just(Normalisation::PercentileRank),
        (nonneg(), 1i64..100).prop_map(|(target, pts)| Normalisation::DistanceToTarget {
            target,
            worst: None,
            scale: Decimal::from(pts),
            cap: true,
        }),
        (1i64..100_000, 1i64..30).prop_map(|(t, p)| Normalisation::Threshold {
            threshold: Decimal::new(t, 2),
            max_points: Decimal::from(p),
        }),
    ]
}

fn single(n: Normalisation, dir: Direction) -> CompiledIndex {
    IndexDefinition::new("x", "", "")
        .indicator(IndicatorSpec::of(Indicator::new("v", "", "", "", dir)).normalisation(n))
        .compile()
        .unwrap()
}

fn table(values: &[Decimal]) -> UnitTable {
    let mut t = UnitTable::new(["v"]);
    for (i, v) in values.iter().enumerate() {
        t.push_unit(format!("u{i}"), vec![Some(*v)]).unwrap();
    }
    t
}

fn bounds(n: &Normalisation, units: usize) -> (Option<Decimal>, Option<Decimal>) {
    match n {
        Normalisation::MinMax { low, high, .. } => (Some(*low), Some(*high)),
        Normalisation::Goalposts { low, high, .. } => (Some(*low), Some(*high)),
        Normalisation::Rank => (Some(Decimal::ONE), Some(Decimal::from(units))),
        Normalisation::PercentileRank => (Some(Decimal::ZERO), Some(Decimal::ONE_HUNDRED)),
        Normalisation::DistanceToTarget { scale, .. } => (Some(Decimal::ZERO), Some(*scale)),
        Normalisation::Threshold { max_points, .. } => (Some(Decimal::ZERO), Some(*max_points)),
        _ => (None, None),
    }
}

proptest! {
    #[test]
    fn normalised_values_lie_in_range_and_are_monotone(
        n in normalisation(),
        dir in direction(),
        values in prop::collection::vec(nonneg(), 1..40),
    ) {
        let index = single(n.clone(), dir);
        let s = index.score(&table(&values), &ScoreOptions::default()).unwrap();
        let out: Vec<Decimal> = (0..values.len()).map(|i| s.score(&format!("u{i}"), "v").unwrap()).collect();
        let (lo, hi) = bounds(&n, values.len());
        for y in &out {
            if let Some(lo) = lo { prop_assert!(*y >= lo, "{y} < {lo}"); }
            if let Some(hi) = hi { prop_assert!(*y <= hi, "{y} > {hi}"); }
        }
        for i in 0..values.len() {
            for j in 0..values.len() {
                if values[i] < values[j] {
                    match dir {
                        Direction::Higher => prop_assert!(out[i] <= out[j], "{n:?}: {} -> {}, {} -> {}", values[i], out[i], values[j], out[j]),
                        Direction::Lower => prop_assert!(out[i] >= out[j], "{n:?}: {} -> {}, {} -> {}", values[i], out[i], values[j], out[j]),
                    }
                }
            }
        }
    }

    #[test]
    fn explicit_min_max_is_monotone_across_anchors(
        dir in direction(),
        lo in dec(),
        span in 1i64..100_000,
        xs in prop::collection::vec(0i64..=1000, 1..20),
    ) {
        let hi = lo + Decimal::from(span);
        let n = Normalisation::MinMax { low: Decimal::ONE, high: Decimal::TEN, anchors: Anchors::Explicit { min: lo, max: hi }, truncate: false };
        let values: Vec<Decimal> = xs.iter().map(|x| lo + (hi - lo) * Decimal::from(*x) / Decimal::from(1000)).collect();
        let s = single(n, dir).score(&table(&values), &ScoreOptions::default()).unwrap();
        let out: Vec<Decimal> = (0..values.len()).map(|i| s.score(&format!("u{i}"), "v").unwrap()).collect();
        for (x, y) in values.iter().zip(&out) {
            prop_assert!(*y >= Decimal::ONE && *y <= Decimal::TEN);
            if *x == lo { prop_assert_eq!(*y, if dir == Direction::Higher { Decimal::ONE } else { Decimal::TEN }); }
        }
    }
}

/// A random two-level index: two groups with random aggregations and weights over six indicators.
#[derive(Debug, Clone)]
struct Spec {
    group_aggs: [AggregationMethod; 2],
    group_weights: [i64; 2],
    ind: Vec<(Normalisation, Direction, i64)>,
}

fn agg() -> impl Strategy<Value = AggregationMethod> {
    prop_oneof![
        Just(AggregationMethod::WeightedMean),
        Just(AggregationMethod::WeightedGeometricMean),
        Just(AggregationMethod::WeightedSum)
    ]
}

fn positive_normalisation() -> impl Strategy<Value = Normalisation> {
    // Outputs strictly positive, so that geometric means are defined.
    prop_oneof![
        Just(Normalisation::default()),
        Just(Normalisation::Rank),
        (1i64..1000).prop_map(|span| Normalisation::Goalposts {
            lower: Decimal::ZERO,
            upper: Decimal::from(span),
            low: Decimal::ONE,
            high: Decimal::ONE_HUNDRED,
            truncate: true,
        }),
    ]
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        [agg(), agg()],
        [1i64..100, 1i64..100],
        prop::collection::vec((positive_normalisation(), direction(), 1i64..50), 6),
    )
        .prop_map(|(group_aggs, group_weights, ind)| Spec {
            group_aggs,
            group_weights,
            ind,
        })
}

fn build(spec: &Spec, weight_factor: Decimal) -> CompiledIndex {
    let mut def = IndexDefinition::new("idx", "", "")
        .missing(MissingPolicy::DropAndReweight)
        .scale(Decimal::TEN);
    for g in 0..2 {
        def = def.group(
            Group::new(format!("g{g}"), "", "")
                .weight(Decimal::from(spec.group_weights[g]) * weight_factor)
                .aggregation(spec.group_aggs[g])
                .missing(MissingPolicy::DropAndReweight),
        );
    }
    for (i, (n, d, w)) in spec.ind.iter().enumerate() {
        def = def.indicator(
            IndicatorSpec::of(Indicator::new(format!("i{i}"), "", "", "", *d))
                .parent(format!("g{}", i % 2))
                .weight(Decimal::from(*w) * weight_factor)
                .normalisation(n.clone()),
        );
    }
    def.compile().unwrap()
}

fn data() -> impl Strategy<Value = Vec<Vec<Option<Decimal>>>> {
    prop::collection::vec(
        prop::collection::vec(prop::option::weighted(0.9, nonneg()), 6),
        1..25,
    )
}

fn unit_table(rows: &[Vec<Option<Decimal>>], order: &[usize]) -> UnitTable {
    let mut t = UnitTable::new((0..6).map(|i| format!("i{i}")));
    for &r in order {
        t.push_unit(format!("unit{r}"), rows[r].clone()).unwrap();
    }
    t
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn permuting_units_changes_no_score(spec in spec(), rows in data(), seed in any::<u64>()) {
        let index = build(&spec, Decimal::ONE);
        let n = rows.len();
        let order: Vec<usize> = (0..n).collect();
        let mut perm = order.clone();
        // Deterministic shuffle from the seed.
        let mut st = seed | 1;
        for i in (1..n).rev() {
            st ^= st << 13; st ^= st >> 7; st ^= st << 17;
            perm.swap(i, (st % (i as u64 + 1)) as usize);
        }
        let opts = ScoreOptions::default();
        let a = index.score(&unit_table(&rows, &order), &opts).unwrap();
        let b = index.score(&unit_table(&rows, &perm), &opts).unwrap();
        for r in 0..n {
            let u = format!("unit{r}");
            for node in &index.nodes {
                prop_assert_eq!(a.score(&u, &node.id), b.score(&u, &node.id));
                prop_assert_eq!(a.rank(&u, &node.id), b.rank(&u, &node.id));
            }
        }
    }

    #[test]
    fn composite_equals_sum_of_contributions(spec in spec(), rows in data()) {
        let index = build(&spec, Decimal::ONE);
        let s = index.score(&unit_table(&rows, &(0..rows.len()).collect::<Vec<_>>()), &ScoreOptions::default()).unwrap();
        for us in &s.units {
            for node in index.nodes.iter().filter(|n| n.kind != NodeKind::Indicator) {
                let e = s.explain(&us.unit, &node.id).unwrap();
                match e.aggregation {
                    Some(AggregationMethod::WeightedGeometricMean) => prop_assert_eq!(e.contribution_total, e.log_score),
                    _ => prop_assert_eq!(e.contribution_total, e.score),
                }
                if e.score.is_some() {
                    let used: Decimal = e.inputs.iter().filter(|i| !i.dropped).filter_map(|i| i.effective_weight).sum();
                    if e.aggregation != Some(AggregationMethod::WeightedSum) {
                        prop_assert!((used - Decimal::ONE).abs() < Decimal::new(1, 25), "effective weights sum to {used}");
                    }
                }
            }
        }
    }

    #[test]
    fn scaling_weights_leaves_means_unchanged(
        mut spec in spec(),
        rows in data(),
        k in prop_oneof![Just(Decimal::new(5, 1)), Just(Decimal::from(3)), Just(Decimal::from(1000)), Just(Decimal::new(25, 2))],
    ) {
        // Means only: a weighted sum is meant to change with its weights.
        for a in &mut spec.group_aggs {
            if *a == AggregationMethod::WeightedSum { *a = AggregationMethod::WeightedMean; }
        }
        let order: Vec<usize> = (0..rows.len()).collect();
        let t = unit_table(&rows, &order);
        let opts = ScoreOptions::default();
        let a = build(&spec, Decimal::ONE).score(&t, &opts).unwrap();
        let b = build(&spec, k).score(&t, &opts).unwrap();
        for us in &a.units {
            for g in ["g0", "g1", "idx"] {
                let (x, y) = (a.score(&us.unit, g), b.score(&us.unit, g));
                match (x, y) {
                    // Equal up to the last of 28 significant digits (each contribution is one rounded division).
                    (Some(x), Some(y)) => prop_assert!((x - y).abs() <= Decimal::new(1, 22), "{g}: {x} vs {y}"),
                    _ => prop_assert_eq!(x, y),
                }
            }
        }
    }
}
