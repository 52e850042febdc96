//! Index definitions: parsing, builder, validation errors naming the node, presets.
#![cfg(test)] // clippy.toml's allow-*-in-tests then covers this file's helpers too

use minhbach_engine::scoring::{
    preset, preset_toml, AggregationMethod, Direction, Group, IndexDefinition, Indicator,
    IndicatorSpec, MissingPolicy, NodeKind, Normalisation, PRESET_NAMES,
};
use minhbach_engine::EngineError;
use rust_decimal_macros::dec;

fn invalid_node(r: Result<impl std::fmt::Debug, EngineError>) -> (String, String) {
    match r {
        Err(EngineError::InvalidDefinition { node, reason }) => (node, reason.to_string()),
        other => panic!("expected InvalidDefinition, got {other:?}"),
    }
}

fn two_indicators() -> IndexDefinition {
    IndexDefinition::new("idx", "Chỉ số", "Index")
        .indicator(IndicatorSpec::of(Indicator::new(
            "a",
            "A",
            "A",
            "%",
            Direction::Higher,
        )))
        .indicator(IndicatorSpec::of(Indicator::new(
            "b",
            "B",
            "B",
            "%",
            Direction::Lower,
        )))
}

#[test]
fn builder_and_toml_agree() {
    let built = IndexDefinition::new(
        "district",
        "Chỉ số thử nghiệm cấp huyện",
        "Test district index",
    )
    .aggregation(AggregationMethod::WeightedMean)
    .scale(dec!(10))
    .weight_total(dec!(1))
    .missing(MissingPolicy::DropAndReweight)
    .group(
        Group::new("service", "Chất lượng phục vụ", "")
            .weight(dec!(0.6))
            .weight_total(dec!(3))
            .missing(MissingPolicy::DropAndReweight),
    )
    .group(
        Group::new("openness", "Công khai, minh bạch", "")
            .weight(dec!(0.4))
            .aggregation(AggregationMethod::WeightedGeometricMean),
    );
    let parsed = IndexDefinition::from_toml_str(
        include_str!("data/scoring/custom_index.toml"),
        "custom_index.toml",
    )
    .unwrap();
    assert_eq!(parsed.id, built.id);
    assert_eq!(parsed.scale, built.scale);
    assert_eq!(parsed.groups, built.groups);
    let c = parsed.compile().unwrap();
    assert_eq!(c.nodes.len(), 7);
    assert_eq!(c.nodes[0].kind, NodeKind::Index);
    assert_eq!(
        c.indicator_ids(),
        ["on_time", "days_late", "plans_published", "portal_score"]
    );
    // Parents come before children.
    for (i, n) in c.nodes.iter().enumerate() {
        if let Some(p) = n.parent {
            assert!(p < i);
        }
    }
}

#[test]
fn json_round_trip() {
    let def = preset("decision766").unwrap();
    let json = serde_json::to_string(&def).unwrap();
    let back = IndexDefinition::from_json_str(&json, "766.json").unwrap();
    assert_eq!(back, def);
    let toml = def.to_toml_string().unwrap();
    let back = IndexDefinition::from_toml_str(&toml, "766.toml").unwrap();
    assert_eq!(back, def);
}

#[test]
fn negative_weight_names_the_indicator() {
    let mut def = two_indicators();
    def.indicators[1].weight = dec!(-0.5);
    let (node, reason) = invalid_node(def.compile());
    assert_eq!(node, "b");
    assert!(reason.contains("negative weight"), "{reason}");
}

#[test]
fn negative_group_weight_names_the_group() {
    let def = two_indicators().group(Group::new("g", "G", "G").weight(dec!(-1)));
    let (node, _) = invalid_node(def.compile());
    assert_eq!(node, "g");
}

#[test]
fn weights_must_sum_as_declared() {
    let def = two_indicators().weight_total(dec!(100));
    let (node, reason) = invalid_node(def.compile());
    assert_eq!(node, "idx");
    assert!(
        reason.contains("sum to 2") && reason.contains("100"),
        "{reason}"
    );
}

#[test]
fn zero_weights_are_rejected() {
    let mut def = two_indicators();
    def.indicators[0].weight = dec!(0);
    def.indicators[1].weight = dec!(0);
    def.indicators[1].indicator.direction = Some(Direction::Higher);
    let (node, reason) = invalid_node(def.compile());
    assert_eq!(node, "idx");
    assert!(reason.contains("zero"));
}

#[test]
fn missing_direction_names_the_indicator() {
    let text = r#"
        id = "x"
        [[indicators]]
        id = "ok"
        direction = "higher"
        [[indicators]]
        id = "no_direction"
    "#;
    let def = IndexDefinition::from_toml_str(text, "x.toml").unwrap();
    let (node, reason) = invalid_node(def.compile());
    assert_eq!(node, "no_direction");
    assert!(reason.contains("direction"));
}

#[test]
fn duplicate_ids() {
    let def = two_indicators().indicator(IndicatorSpec::of(Indicator::new(
        "a",
        "A2",
        "",
        "",
        Direction::Higher,
    )));
    let (node, reason) = invalid_node(def.compile());
    assert_eq!((node.as_str(), reason.as_str()), ("a", "duplicate id"));
    // A group may not reuse the index id either.
    let def = two_indicators().group(Group::new("idx", "", ""));
    assert_eq!(invalid_node(def.compile()).0, "idx");
}

#[test]
fn unknown_parent() {
    let def = two_indicators().indicator(
        IndicatorSpec::of(Indicator::new("c", "C", "", "", Direction::Higher)).parent("nowhere"),
    );
    let (node, reason) = invalid_node(def.compile());
    assert_eq!(node, "c");
    assert!(reason.contains("nowhere"));
    let def = two_indicators().indicator(
        IndicatorSpec::of(Indicator::new("c", "", "", "", Direction::Higher)).parent("a"),
    );
    let (node, reason) = invalid_node(def.compile());
    assert_eq!(node, "c");
    assert!(reason.contains("is an indicator"));
}

#[test]
fn cycles_between_groups() {
    let def = two_indicators()
        .group(Group::new("g1", "", "").parent("g2"))
        .group(Group::new("g2", "", "").parent("g3"))
        .group(Group::new("g3", "", "").parent("g1"))
        .indicator(
            IndicatorSpec::of(Indicator::new("c", "", "", "", Direction::Higher)).parent("g1"),
        );
    let (node, reason) = invalid_node(def.compile());
    assert!(node.starts_with('g'));
    assert!(reason.contains("cycle"), "{reason}");
    let def = two_indicators().group(Group::new("self", "", "").parent("self"));
    let (node, reason) = invalid_node(def.compile());
    assert_eq!(node, "self");
    assert!(reason.contains("cycle"));
}

#[test]
fn empty_group() {
    let def = two_indicators().group(Group::new("empty", "", ""));
    let (node, reason) = invalid_node(def.compile());
    assert_eq!(node, "empty");
    assert!(reason.contains("no inputs"));
}

#[test]
fn identity_lower_needs_zero_weight() {
    let def = IndexDefinition::new("x", "", "").indicator(
        IndicatorSpec::of(Indicator::new("t", "", "", "giờ", Direction::Lower))
            .normalisation(Normalisation::Identity),
    );
    assert_eq!(invalid_node(def.compile()).0, "t");
}

#[test]
fn bad_normalisation_parameters() {
    let cases = [
        Normalisation::MinMax {
            low: dec!(10),
            high: dec!(1),
            anchors: Default::default(),
            truncate: false,
        },
        Normalisation::Goalposts {
            lower: dec!(5),
            upper: dec!(5),
            low: dec!(0),
            high: dec!(100),
            truncate: true,
        },
        Normalisation::Threshold {
            threshold: dec!(0),
            max_points: dec!(4),
        },
        Normalisation::DistanceToTarget {
            target: dec!(10),
            worst: Some(dec!(20)),
            scale: dec!(100),
            cap: true,
        },
    ];
    for n in cases {
        let def = IndexDefinition::new("x", "", "").indicator(
            IndicatorSpec::of(Indicator::new("i", "", "", "", Direction::Higher))
                .normalisation(n.clone()),
        );
        assert_eq!(invalid_node(def.compile()).0, "i", "{n:?}");
    }
}

#[test]
fn declared_max_score_is_checked() {
    let mut def = preset("decision766").unwrap();
    def.indicator_mut("on_time_rate").unwrap().normalisation = Normalisation::Threshold {
        threshold: dec!(100),
        max_points: dec!(19),
    };
    let (node, reason) = invalid_node(def.compile());
    assert_eq!(node, "progress");
    assert!(reason.contains("max_score 20"), "{reason}");
}

#[test]
fn toml_syntax_error_has_line_and_column() {
    let text = "id = \"x\"\n[[indicators]]\nid = \"a\"\nweight = = 3\n";
    match IndexDefinition::from_toml_str(text, "bad.toml") {
        Err(EngineError::DefinitionSyntax {
            source_name,
            line,
            column,
            ..
        }) => {
            assert_eq!(source_name, "bad.toml");
            assert_eq!(line, Some(4));
            assert!(column.is_some());
        }
        other => panic!("{other:?}"),
    }
    match IndexDefinition::from_json_str("{\"id\": 3}", "bad.json") {
        Err(EngineError::DefinitionSyntax { line: Some(1), .. }) => {}
        other => panic!("{other:?}"),
    }
    // A misspelt field is an error, not a silent default weight of 1.
    let text = "id = \"x\"\n[[indicators]]\nid = \"a\"\ndirection = \"higher\"\nwieght = 2\n";
    match IndexDefinition::from_toml_str(text, "typo.toml") {
        Err(EngineError::DefinitionSyntax { reason, .. }) => {
            assert!(reason.text().contains("wieght"), "{reason}")
        }
        other => panic!("{other:?}"),
    }
    let text = "id = \"x\"\n[[indicators]]\nid = \"a\"\ndirection = \"higher\"\nnormalisation = { method = \"threshold\", threshold = 80, max_point = 4 }\n";
    assert!(IndexDefinition::from_toml_str(text, "typo.toml").is_err());
    // An unknown direction word is a syntax error too.
    let text = "id = \"x\"\n[[indicators]]\nid = \"a\"\ndirection = \"up\"\n";
    assert!(matches!(
        IndexDefinition::from_toml_str(text, "d.toml"),
        Err(EngineError::DefinitionSyntax {
            line: Some(2..=4),
            ..
        })
    ));
}

#[test]
fn presets_compile_and_carry_their_structure() {
    for name in ["pci", "decision766", "ddci"] {
        let c = preset(name).unwrap().compile().unwrap();
        assert_eq!(c.definition.id, name);
    }
    let pci = preset("pci").unwrap();
    let weights: Vec<_> = pci.indicators.iter().map(|i| (i.id(), i.weight)).collect();
    assert_eq!(
        weights,
        [
            ("entry_costs", dec!(5)),
            ("land_access", dec!(5)),
            ("transparency", dec!(20)),
            ("time_costs", dec!(5)),
            ("informal_charges", dec!(10)),
            ("policy_bias", dec!(5)),
            ("proactivity", dec!(5)),
            ("business_support", dec!(20)),
            ("labor_training", dec!(20)),
            ("legal_institutions", dec!(5)),
        ]
    );
    let d766 = preset("decision766").unwrap();
    let groups: Vec<_> = d766
        .groups
        .iter()
        .map(|g| (g.id.as_str(), g.max_score))
        .collect();
    assert_eq!(
        groups,
        [
            ("publicity", Some(dec!(18))),
            ("progress", Some(dec!(20))),
            ("online", Some(dec!(22))),
            ("digitisation", Some(dec!(22))),
            ("satisfaction", Some(dec!(18))),
        ]
    );
    assert!(d766.unverified);
    assert!(d766.indicators.iter().filter(|i| i.unverified).count() >= 10);
    // Verified thresholds are in place.
    let thr = |id: &str| match &d766
        .indicators
        .iter()
        .find(|i| i.id() == id)
        .unwrap()
        .normalisation
    {
        Normalisation::Threshold {
            threshold,
            max_points,
        } => (*threshold, *max_points),
        other => panic!("{other:?}"),
    };
    assert_eq!(thr("online_service_share").0, dec!(80));
    assert_eq!(thr("online_dossier_share").0, dec!(50));
    assert_eq!(thr("tthc_satisfaction"), (dec!(90), dec!(6)));
    assert_eq!(thr("tthc_publicised_on_time").1, dec!(4));

    let tr = preset("pci_transparency").unwrap();
    assert_eq!(tr.indicators.len(), 10);
    let lower: Vec<_> = tr
        .indicators
        .iter()
        .filter(|i| i.indicator.direction == Some(Direction::Lower))
        .map(|i| i.id())
        .collect();
    assert_eq!(lower, ["f2_new", "g94_new"]);
    assert!(PRESET_NAMES.iter().all(|n| preset_toml(n).is_ok()));
    assert!(matches!(
        preset("papi"),
        Err(EngineError::UnknownPreset { .. })
    ));
}

#[test]
fn pci_transparency_needs_anchors() {
    let mut def = preset("pci_transparency").unwrap();
    let (node, reason) = invalid_node(def.compile());
    assert_eq!(node, "planning_avg");
    assert!(reason.contains("anchors"));
    let anchors = [
        ("planning_avg", dec!(1.90), dec!(3.31)),
        ("legal_avg", dec!(2.57), dec!(3.59)),
        ("f2_new", dec!(0.2), dec!(0.8)),
        ("g94_new", dec!(0.1), dec!(0.7)),
        ("f6_new", dec!(0.01), dec!(0.23)),
        ("f5_1_new", dec!(0.05), dec!(0.6)),
        ("web_13_new", dec!(11.5), dec!(44)),
        ("f6", dec!(0.2143), dec!(0.8703)),
        ("budget_content", dec!(0.35714), dec!(1.0)),
        ("budget_publish", dec!(0.27273), dec!(1.0)),
    ];
    for (id, lo, hi) in anchors {
        def.set_anchors(id, lo, hi).unwrap();
    }
    def.compile().unwrap();
    assert!(def.set_anchors("nope", dec!(0), dec!(1)).is_err());
}
