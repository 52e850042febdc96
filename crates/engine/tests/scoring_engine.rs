//! Scoring runs: PCI composite, normalisation formulas, ranks, explanations, missing values,
//! bad input, Decision 766 from dossier figures, comparisons.
#![cfg(test)] // clippy.toml's allow-*-in-tests then covers this file's helpers too
#![allow(clippy::unreachable)] // test code: reaching it fails the test

use minhbach_engine::aggregate::Counts;
use minhbach_engine::scoring::{
    compare, competition_ranks, preset, Anchors, ConstantPolicy, Decision766Extras,
    Decision766Values, Direction, IndexDefinition, Indicator, IndicatorSpec, MissingPolicy,
    Normalisation, ScoreOptions, Target, UnitTable,
};
use minhbach_engine::EngineError;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn opts() -> ScoreOptions {
    ScoreOptions::default()
}

fn one_indicator(n: Normalisation, dir: Direction) -> IndexDefinition {
    IndexDefinition::new("x", "X", "X")
        .indicator(IndicatorSpec::of(Indicator::new("v", "V", "V", "", dir)).normalisation(n))
}

fn column(values: &[Option<Decimal>]) -> UnitTable {
    let mut t = UnitTable::new(["v"]);
    for (i, v) in values.iter().enumerate() {
        t.push_unit(format!("u{i}"), vec![*v]).unwrap();
    }
    t
}

fn normalised(def: &IndexDefinition, values: &[Option<Decimal>]) -> Vec<Option<Decimal>> {
    let s = def
        .compile()
        .unwrap()
        .score(&column(values), &opts())
        .unwrap();
    (0..values.len())
        .map(|i| s.score(&format!("u{i}"), "v"))
        .collect()
}

#[test]
fn pci_composite_from_published_sub_indices() {
    let index = preset("pci").unwrap().compile().unwrap();
    let data = UnitTable::from_csv_reader(
        include_str!("data/scoring/pci_illustrative.csv").as_bytes(),
        "pci_illustrative.csv",
    )
    .unwrap();
    let s = index.score(&data, &opts()).unwrap();
    let got: Vec<_> = ["Tỉnh A", "Tỉnh B", "Tỉnh C", "Tỉnh D", "Tỉnh E"]
        .iter()
        .map(|u| (s.score(u, "pci").unwrap(), s.rank(u, "pci").unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            (dec!(64.78), 1),
            (dec!(62.12), 4),
            (dec!(62.265), 3),
            (dec!(60.66), 5),
            (dec!(64.78), 1),
        ]
    );
    // Transparency weighs 20 % of 100 points: 2 points per sub-index point.
    let why = s.explain("Tỉnh A", "pci").unwrap();
    let t = why.inputs.iter().find(|i| i.id == "transparency").unwrap();
    assert_eq!(t.contribution, Some(dec!(12.62)));
    assert_eq!(t.effective_weight, Some(dec!(0.2)));
    assert_eq!(why.contribution_total, Some(dec!(64.78)));
}

#[test]
fn ties_share_the_best_rank() {
    let v = [
        Some(dec!(7)),
        Some(dec!(5)),
        Some(dec!(5)),
        Some(dec!(3)),
        None,
    ];
    assert_eq!(
        competition_ranks(&v, None, false),
        [Some(1), Some(2), Some(2), Some(4), None]
    );
    assert_eq!(
        competition_ranks(&v, None, true),
        [Some(4), Some(2), Some(2), Some(1), None]
    );
    // Rounded to 2 decimals, 6.304 and 6.3049 are the same published score.
    let v = [Some(dec!(6.304)), Some(dec!(6.3049)), Some(dec!(6.306))];
    assert_eq!(
        competition_ranks(&v, Some(2), false),
        [Some(2), Some(2), Some(1)]
    );
    assert_eq!(
        competition_ranks(&v, None, false),
        [Some(3), Some(2), Some(1)]
    );
}

#[test]
fn pci_min_max_formula_both_directions() {
    let vals = [Some(dec!(0.2)), Some(dec!(0.5)), Some(dec!(0.8))];
    let up = one_indicator(Normalisation::default(), Direction::Higher);
    assert_eq!(
        normalised(&up, &vals),
        [Some(dec!(1)), Some(dec!(5.5)), Some(dec!(10))]
    );
    let down = one_indicator(Normalisation::default(), Direction::Lower);
    assert_eq!(
        normalised(&down, &vals),
        [Some(dec!(10)), Some(dec!(5.5)), Some(dec!(1))]
    );
}

#[test]
fn explicit_pooled_anchors() {
    // % firms visiting the website, 2015 pooled anchors 0.2143–0.8703 (pci-methodology.md §1.3).
    let n = Normalisation::MinMax {
        low: dec!(1),
        high: dec!(10),
        anchors: Anchors::Explicit {
            min: dec!(0.2143),
            max: dec!(0.8703),
        },
        truncate: false,
    };
    let def = one_indicator(n.clone(), Direction::Higher);
    // 1 + 9·(0.5423 − 0.2143)/0.656 = 1 + 9·0.5 = 5.5
    assert_eq!(normalised(&def, &[Some(dec!(0.5423))]), [Some(dec!(5.5))]);
    let err = def
        .compile()
        .unwrap()
        .score(&column(&[Some(dec!(0.9))]), &opts())
        .unwrap_err();
    match err {
        EngineError::Normalisation {
            unit,
            indicator,
            value,
            reason,
        } => {
            assert_eq!(
                (unit.as_str(), indicator.as_str(), value),
                ("u0", "v", dec!(0.9))
            );
            assert!(reason.to_string().contains("anchors"));
        }
        other => panic!("{other:?}"),
    }
    let Normalisation::MinMax {
        low, high, anchors, ..
    } = n
    else {
        unreachable!()
    };
    let clamp = one_indicator(
        Normalisation::MinMax {
            low,
            high,
            anchors,
            truncate: true,
        },
        Direction::Higher,
    );
    assert_eq!(normalised(&clamp, &[Some(dec!(0.9))]), [Some(dec!(10))]);
}

#[test]
fn one_unit_gets_the_top_of_the_range_or_an_error() {
    let def = one_indicator(Normalisation::default(), Direction::Lower);
    let s = def
        .compile()
        .unwrap()
        .score(&column(&[Some(dec!(3))]), &opts())
        .unwrap();
    assert_eq!(s.score("u0", "v"), Some(dec!(10)));
    assert!(s.anchors[1].as_ref().unwrap().constant_rule);
    // All equal: same rule.
    assert_eq!(
        normalised(&def, &[Some(dec!(3)), Some(dec!(3))]),
        [Some(dec!(10)), Some(dec!(10))]
    );
    let strict = def.clone().constant(ConstantPolicy::Error);
    let err = strict
        .compile()
        .unwrap()
        .score(&column(&[Some(dec!(3))]), &opts())
        .unwrap_err();
    assert!(
        matches!(err, EngineError::DegenerateAnchors { ref indicator, .. } if indicator == "v"),
        "{err}"
    );
    let z = one_indicator(
        Normalisation::ZScore {
            m: dec!(0),
            s: dec!(1),
        },
        Direction::Higher,
    );
    assert_eq!(normalised(&z, &[Some(dec!(4))]), [Some(dec!(0))]);
}

#[test]
fn z_score_rank_percentile() {
    let vals = [Some(dec!(2)), Some(dec!(4)), Some(dec!(4)), Some(dec!(6))];
    // mean 4, sample sd sqrt(8/3)
    let z = one_indicator(
        Normalisation::ZScore {
            m: dec!(0),
            s: dec!(1),
        },
        Direction::Higher,
    );
    let out = normalised(&z, &vals);
    assert_eq!(out[1], Some(dec!(0)));
    let z3 = out[3].unwrap();
    assert!(
        (z3 - dec!(1.2247448713915890490986420373)).abs() < dec!(1e-20),
        "{z3}"
    );
    assert_eq!(out[0], Some(-z3));
    let rank = one_indicator(Normalisation::Rank, Direction::Higher);
    assert_eq!(
        normalised(&rank, &vals),
        [Some(dec!(1)), Some(dec!(2)), Some(dec!(2)), Some(dec!(4))]
    );
    let rank = one_indicator(Normalisation::Rank, Direction::Lower);
    assert_eq!(
        normalised(&rank, &vals),
        [Some(dec!(4)), Some(dec!(2)), Some(dec!(2)), Some(dec!(1))]
    );
    let pr = one_indicator(Normalisation::PercentileRank, Direction::Higher);
    let out = normalised(&pr, &vals);
    assert_eq!(out[0], Some(dec!(0)));
    assert_eq!(out[3], Some(dec!(100)));
    assert_eq!(out[1].unwrap().round_dp(4), dec!(33.3333));
}

#[test]
fn goalposts_distance_threshold() {
    let g = one_indicator(
        Normalisation::Goalposts {
            lower: dec!(0),
            upper: dec!(10),
            low: dec!(0),
            high: dec!(100),
            truncate: true,
        },
        Direction::Lower,
    );
    assert_eq!(
        normalised(&g, &[Some(dec!(2.5)), Some(dec!(12)), Some(dec!(0))]),
        [Some(dec!(75)), Some(dec!(0)), Some(dec!(100))]
    );
    let d = one_indicator(
        Normalisation::DistanceToTarget {
            target: dec!(95),
            worst: Some(dec!(75)),
            scale: dec!(100),
            cap: true,
        },
        Direction::Higher,
    );
    assert_eq!(
        normalised(&d, &[Some(dec!(90)), Some(dec!(99)), Some(dec!(60))]),
        [Some(dec!(75)), Some(dec!(100)), Some(dec!(0))]
    );
    // Current worst already meets the target: everyone gets the full scale.
    let d = one_indicator(
        Normalisation::DistanceToTarget {
            target: dec!(50),
            worst: None,
            scale: dec!(100),
            cap: true,
        },
        Direction::Higher,
    );
    assert_eq!(
        normalised(&d, &[Some(dec!(60)), Some(dec!(70))]),
        [Some(dec!(100)), Some(dec!(100))]
    );
    // Decision 766: ≥ 80 % → full points, else rate × max / 80 %.
    let t = one_indicator(
        Normalisation::Threshold {
            threshold: dec!(80),
            max_points: dec!(4),
        },
        Direction::Higher,
    );
    assert_eq!(
        normalised(
            &t,
            &[
                Some(dec!(85)),
                Some(dec!(80)),
                Some(dec!(60)),
                Some(dec!(0))
            ]
        ),
        [Some(dec!(4)), Some(dec!(4)), Some(dec!(3)), Some(dec!(0))]
    );
    let t = one_indicator(
        Normalisation::Threshold {
            threshold: dec!(5),
            max_points: dec!(10),
        },
        Direction::Lower,
    );
    assert_eq!(
        normalised(&t, &[Some(dec!(4)), Some(dec!(10))]),
        [Some(dec!(10)), Some(dec!(5))]
    );
}

#[test]
fn two_level_index_with_geometric_mean_and_missing_values() {
    let def =
        IndexDefinition::from_toml_str(include_str!("data/scoring/custom_index.toml"), "custom")
            .unwrap();
    let index = def.compile().unwrap();
    let data = UnitTable::from_csv_reader(
        include_str!("data/scoring/district_2021.csv").as_bytes(),
        "district_2021.csv",
    )
    .unwrap();
    let s = index.score(&data, &opts()).unwrap();
    assert_eq!(s.ignored_columns, ["extra_note_column"]);
    // Sơn Tịnh has no days_late: service = on_time alone (drop and reweight).
    let why = s.explain("Sơn Tịnh", "service").unwrap();
    assert!(why.inputs[1].dropped);
    assert_eq!(why.inputs[0].effective_weight, Some(dec!(1)));
    assert_eq!(why.score, why.inputs[0].value);
    // Geometric mean: log contributions sum to log_score and score = exp(log_score).
    for unit in data.units() {
        let g = s.explain(unit, "openness").unwrap();
        assert_eq!(g.contribution_total, g.log_score);
        let prod = g
            .inputs
            .iter()
            .map(|i| i.value.unwrap())
            .product::<Decimal>();
        let gm = g.score.unwrap();
        assert!(
            (gm * gm - prod).abs() < dec!(1e-18),
            "{unit}: {gm}² vs {prod}"
        );
        let top = s.explain(unit, "district").unwrap();
        assert_eq!(top.contribution_total, top.score);
    }
    // Trà Bồng is worst on every service input; Lý Sơn best on on_time.
    assert_eq!(s.score("Trà Bồng", "on_time"), Some(dec!(1)));
    assert_eq!(s.score("Lý Sơn", "on_time"), Some(dec!(10)));
    // days_late goalposts 0–10 onto 1–10, lower is better: 0.5 → 10 − 9·0.05 = 9.55.
    assert_eq!(s.score("Lý Sơn", "days_late"), Some(dec!(9.55)));
    // JSON view: nested children, decimal strings with 2 decimals.
    let v = serde_json::to_value(s.view(2)).unwrap();
    let u0 = &v["units"][0];
    assert_eq!(u0["unit"], "Lý Sơn");
    assert!(
        u0["score"]
            .as_str()
            .unwrap()
            .split('.')
            .nth(1)
            .unwrap()
            .len()
            == 2
    );
    assert_eq!(
        u0["children"]["service"]["children"]["days_late"]["score"],
        "9.55"
    );
    assert_eq!(
        u0["children"]["service"]["children"]["days_late"]["raw"],
        "0.5"
    );
    assert!(u0["rank"].is_u64());
    // The streamed JSON is the view, node by node, as an independent walk builds it.
    for dp in [0, 2, 4] {
        let streamed = serde_json::to_value(s.json_view(dp)).unwrap();
        assert_eq!(streamed, expected_view(&s, dp), "{dp} decimals");
        assert_eq!(streamed, serde_json::to_value(s.view(dp)).unwrap());
        assert_eq!(
            serde_json::to_string_pretty(&s.json_view(dp)).unwrap(),
            serde_json::to_string_pretty(&s.view(dp)).unwrap()
        );
    }
}

/// The JSON view of a score set built by walking the tree (the shape `ScoresView` documents).
fn expected_view(s: &minhbach_engine::scoring::ScoreSet, dp: u32) -> serde_json::Value {
    use minhbach_model::vi::fixed;
    use serde_json::{json, Map, Value};
    let text = |d: Option<Decimal>| d.map_or(Value::Null, |d| Value::from(fixed(d, dp)));
    fn node(
        s: &minhbach_engine::scoring::ScoreSet,
        u: usize,
        ni: usize,
        contribution: Option<Decimal>,
        text: &dyn Fn(Option<Decimal>) -> Value,
    ) -> Value {
        let n = &s.index.nodes[ni];
        let sc = &s.units[u].nodes[ni];
        let mut m = Map::new();
        m.insert("score".into(), text(sc.value));
        m.insert("rank".into(), json!(sc.rank));
        if let Some(raw) = sc.raw {
            m.insert("raw".into(), json!(raw.normalize().to_string()));
        }
        m.insert("weight".into(), json!(n.weight.normalize().to_string()));
        m.insert("contribution".into(), text(contribution));
        if !n.children.is_empty() {
            m.insert("children".into(), children(s, u, ni, text));
        }
        Value::Object(m)
    }
    fn children(
        s: &minhbach_engine::scoring::ScoreSet,
        u: usize,
        ni: usize,
        text: &dyn Fn(Option<Decimal>) -> Value,
    ) -> Value {
        let mut m = Map::new();
        for (k, &c) in s.index.nodes[ni].children.iter().enumerate() {
            let contribution = s.units[u].nodes[ni].contributions[k];
            m.insert(
                s.index.nodes[c].id.clone(),
                node(s, u, c, contribution, text),
            );
        }
        Value::Object(m)
    }
    let units: Vec<Value> = (0..s.units.len())
        .map(|u| {
            let root = &s.units[u].nodes[0];
            json!({
                "unit": s.units[u].unit,
                "score": text(root.value),
                "rank": root.rank,
                "children": children(s, u, 0, &text),
            })
        })
        .collect();
    json!({"index": s.index.definition.id, "decimals": dp, "units": units})
}

/// An unnamed indicator `id`, higher is better.
fn higher(id: &str) -> IndicatorSpec {
    IndicatorSpec::of(Indicator::new(id, "", "", "", Direction::Higher))
}

#[test]
fn missing_value_with_fail_policy_names_unit_node_input() {
    let def = IndexDefinition::new("x", "", "")
        .indicator(higher("a"))
        .indicator(higher("b"));
    let mut t = UnitTable::new(["a", "b"]);
    t.push_unit("P", vec![Some(dec!(1)), Some(dec!(2))])
        .unwrap();
    t.push_unit("Q", vec![Some(dec!(2)), None]).unwrap();
    let err = def
        .clone()
        .compile()
        .unwrap()
        .score(&t, &opts())
        .unwrap_err();
    match err {
        EngineError::MissingValue { unit, node, input } => assert_eq!(
            (unit.as_str(), node.as_str(), input.as_str()),
            ("Q", "x", "b")
        ),
        other => panic!("{other:?}"),
    }
    let s = def
        .missing(MissingPolicy::DropAndReweight)
        .compile()
        .unwrap()
        .score(&t, &opts())
        .unwrap();
    // Q: a = 10 (best), b dropped → 10, never a silent zero.
    assert_eq!(s.score("Q", "x"), Some(dec!(10)));
    // A unit with nothing at all has no score and no rank.
    let mut t2 = t.clone();
    t2.push_unit("R", vec![None, None]).unwrap();
    let def2 = IndexDefinition::new("x", "", "")
        .missing(MissingPolicy::DropAndReweight)
        .indicator(higher("a"))
        .indicator(higher("b"));
    let s = def2.compile().unwrap().score(&t2, &opts()).unwrap();
    assert_eq!(s.score("R", "x"), None);
    assert_eq!(s.rank("R", "x"), None);
}

#[test]
fn bad_input() {
    let index = preset("pci").unwrap().compile().unwrap();
    // Empty unit set.
    let empty = UnitTable::new(index.indicator_ids());
    assert!(matches!(
        index.score(&empty, &opts()),
        Err(EngineError::NoUnits { .. })
    ));
    // Missing column.
    let t = UnitTable::new(["entry_costs"]);
    let mut t2 = t.clone();
    t2.push_unit("A", vec![Some(dec!(5))]).unwrap();
    assert!(matches!(
        index.score(&t2, &opts()),
        Err(EngineError::MissingIndicatorColumns { ref indicators, .. }) if indicators.len() == 9 && indicators[0] == "land_access"
    ));
    // Every missing column is named in one error.
    let msg = index.score(&t2, &opts()).unwrap_err().to_string();
    for id in ["land_access", "transparency", "legal_institutions"] {
        assert!(msg.contains(&format!("{id:?}")), "{msg}");
    }
    // Out of domain: a proportion of 1.3.
    let def = IndexDefinition::new("x", "", "").indicator(
        IndicatorSpec::of(Indicator::new("share", "", "", "tỷ lệ", Direction::Higher)).domain(
            minhbach_engine::scoring::Domain::Named(
                minhbach_engine::scoring::NamedDomain::Proportion,
            ),
        ),
    );
    let mut t = UnitTable::new(["share"]);
    t.push_unit("Ba Tơ", vec![Some(dec!(0.4))]).unwrap();
    t.push_unit("Minh Long", vec![Some(dec!(1.3))]).unwrap();
    let err = def.compile().unwrap().score(&t, &opts()).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, EngineError::OutOfDomain { .. }));
    assert!(
        msg.contains("Minh Long")
            && msg.contains("share")
            && msg.contains("1.3")
            && msg.contains("[0, 1]"),
        "{msg}"
    );
    // Geometric mean of a non-positive value.
    let def = IndexDefinition::new("g", "", "")
        .aggregation(minhbach_engine::scoring::AggregationMethod::WeightedGeometricMean)
        .indicator(
            IndicatorSpec::of(Indicator::new("a", "", "", "", Direction::Higher))
                .normalisation(Normalisation::Identity),
        );
    let mut t = UnitTable::new(["a"]);
    t.push_unit("Z", vec![Some(dec!(0))]).unwrap();
    assert!(
        matches!(def.compile().unwrap().score(&t, &opts()), Err(EngineError::Arithmetic { ref unit, .. }) if unit == "Z")
    );
    // Huge values overflow with an error, not a panic.
    let def = one_indicator(
        Normalisation::ZScore {
            m: dec!(0),
            s: dec!(1),
        },
        Direction::Higher,
    );
    let err = def
        .compile()
        .unwrap()
        .score(&column(&[Some(Decimal::MAX), Some(Decimal::MIN)]), &opts());
    assert!(err.is_err());
}

#[test]
fn csv_errors_have_line_and_column() {
    let cases = [
        ("unit,a,b\nX,1,2\nY,NaN,2\n", 3, 2, "NaN"),
        ("unit,a,b\nX,1,2\nY,1,abc\n", 3, 3, "abc"),
        ("unit,a,b\nX,1,2\nY,1,\"6,5\"\n", 3, 3, "6,5"),
        ("unit,a,b\nX,1,2\nX,1,2\n", 3, 1, "X"),
        ("unit,a,b\nX,1,inf\n", 2, 3, "inf"),
        ("unit,a,b\n,1,2\n", 2, 1, ""),
    ];
    for (text, line, col, value) in cases {
        match UnitTable::from_csv_reader(text.as_bytes(), "t.csv") {
            Err(EngineError::UnitData {
                source_name,
                line: l,
                column: c,
                value: v,
                ..
            }) => {
                assert_eq!(
                    (source_name.as_str(), l, c, v.as_str()),
                    ("t.csv", line, col, value),
                    "{text}"
                );
            }
            other => panic!("{text}: {other:?}"),
        }
    }
    // Ragged row, wrong first header, duplicate column.
    for text in ["unit,a\nX,1,2\n", "name,a\nX,1\n", "unit,a,a\nX,1,2\n"] {
        let e = UnitTable::from_csv_reader(text.as_bytes(), "t.csv").unwrap_err();
        assert!(matches!(e, EngineError::UnitData { .. }), "{text}: {e}");
    }
    // Missing markers and a BOM are accepted.
    let t = UnitTable::from_csv_reader("\u{feff}unit,a,b\nX,NA,\nY,n/a,1e-2\n".as_bytes(), "t.csv")
        .unwrap();
    assert_eq!(t.value("X", "a"), Some(None));
    assert_eq!(t.value("Y", "b"), Some(Some(dec!(0.01))));
}

#[test]
fn decision766_from_dossier_counts() {
    // Lý Sơn H1/2021 (seed report 415/BC-UBND): 6.691 of 6.774 resolved on time, 83 not yet due.
    let f = Counts {
        received_online: 1355,
        received_direct_postal: 6774 - 1355,
        resolved_early: 6000,
        resolved_on_time: 691,
        pending_within_due: 83,
        processing_seconds: 6691 * 3600 * 20,
        ..Default::default()
    };
    let extras = Decision766Extras {
        synced: Some(6774),
        with_complaint_or_dislike: Some(0),
    };
    let v = Decision766Values::from_counts(&f, &extras, None);
    assert_eq!(v.on_time_rate, Some(dec!(100)));
    assert_eq!(v.dossiers_synced, Some(dec!(100)));
    assert_eq!(v.online_dossier_share, Some(dec!(135500) / dec!(6774)));
    assert_eq!(v.mean_processing_hours, Some(dec!(20)));
    assert_eq!(v.tthc_satisfaction, Some(dec!(100)));
    assert_eq!(
        Decision766Values::from_counts(&f, &extras, Some(2)).online_dossier_share,
        Some(dec!(20.00))
    );
    // Zero denominators give N/A, not 0.
    let none = Decision766Values::from_counts(&Counts::default(), &extras, Some(2));
    assert_eq!(none.on_time_rate, None);
    assert_eq!(none.mean_processing_hours, None);

    // Score the progress and online groups from those figures only (others dropped by policy).
    let mut def = preset("decision766").unwrap();
    def.missing = MissingPolicy::DropAndReweight;
    for g in &mut def.groups {
        g.missing = MissingPolicy::DropAndReweight;
    }
    let index = def.compile().unwrap();
    let mut t = UnitTable::new(index.indicator_ids());
    t.push_unit_pairs("Lý Sơn", v.pairs()).unwrap();
    let s = index.score(&t, &opts()).unwrap();
    assert_eq!(s.score("Lý Sơn", "progress"), Some(dec!(20)));
    // 3.3: ≥ 50 % → full; 20.0029…% → 6 × 20.0029…/50 points, re-weighted to the group's 22.
    let online = s.score("Lý Sơn", "online").unwrap();
    let expected = dec!(6) * v.online_dossier_share.unwrap() / dec!(50) * dec!(22) / dec!(6);
    assert!(
        (online - expected).abs() < dec!(1e-24),
        "{online} vs {expected}"
    );
    let why = s.explain("Lý Sơn", "decision766").unwrap();
    assert_eq!(why.contribution_total, why.score);
}

#[test]
fn comparison_and_unmet_sentences() {
    let index = preset("pci").unwrap().compile().unwrap();
    let ids = index.indicator_ids();
    let mut now = UnitTable::new(ids.clone());
    now.push_unit("Quảng Ngãi", vec![Some(dec!(6.1)); 10])
        .unwrap();
    now.push_unit("Bình Định", vec![Some(dec!(6.5)); 10])
        .unwrap();
    let mut before = UnitTable::new(ids);
    before
        .push_unit("Quảng Ngãi", vec![Some(dec!(6.3)); 10])
        .unwrap();
    before
        .push_unit("Bình Định", vec![Some(dec!(6.2)); 10])
        .unwrap();
    let a = index.score(&now, &opts()).unwrap();
    let b = index.score(&before, &opts()).unwrap();
    let targets = [
        Target::new("pci", dec!(62)),
        Target {
            applies_to: Some("Quảng Ngãi".into()),
            ..Target::new("transparency", dec!(6.3))
        },
    ];
    let cmp = compare(&a, Some(&b), &targets).unwrap();
    let qn_pci = cmp
        .rows
        .iter()
        .find(|r| r.unit == "Quảng Ngãi" && r.node == "pci")
        .unwrap();
    assert_eq!(qn_pci.change, Some(dec!(-2)));
    assert_eq!(qn_pci.rank_change, Some(-1));
    assert_eq!(qn_pci.met, Some(false));
    let sentences = cmp.unmet_sentences_vi(2);
    assert_eq!(
        sentences,
        [
            "Chỉ số năng lực cạnh tranh cấp tỉnh (PCI) của Quảng Ngãi đạt 61,00 điểm, thấp hơn chỉ tiêu 62,00 điểm (giảm 2,00 điểm so với kỳ trước).",
            "Tính minh bạch và tiếp cận thông tin của Quảng Ngãi đạt 6,10 điểm, thấp hơn chỉ tiêu 6,30 điểm (giảm 0,20 điểm so với kỳ trước).",
        ]
    );
    let bd = cmp
        .rows
        .iter()
        .find(|r| r.unit == "Bình Định" && r.node == "pci")
        .unwrap();
    assert_eq!(bd.met, Some(true));
    assert!(compare(&a, None, &[Target::new("nope", dec!(1))]).is_err());
    // A target with its own comparison: at most 6.0 points is missed by 6.10 and worded
    // as a ceiling.
    let ceiling = Target {
        comparison: Some(minhbach_engine::scoring::Comparison::Le),
        applies_to: Some("Quảng Ngãi".into()),
        ..Target::new("transparency", dec!(6))
    };
    let cmp = compare(&a, Some(&b), &[ceiling]).unwrap();
    assert_eq!(
        cmp.unmet_sentences_vi(2),
        ["Tính minh bạch và tiếp cận thông tin của Quảng Ngãi là 6,10 điểm, cao hơn mức chỉ tiêu tối đa 6,00 điểm (giảm 0,20 điểm so với kỳ trước)."]
    );
}
