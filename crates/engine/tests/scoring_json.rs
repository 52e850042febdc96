//! The JSON view's own writer (`ScoresJson::write_pretty`, `UnitsJson::write_pretty`): the
//! bytes serde_json's pretty printer writes for the view, on varied indexes and data (missing
//! values, ties, names with quotes, backslashes, control characters and non-ASCII), and
//! across many chunks and waves of units.
#![cfg(test)] // clippy.toml's allow-*-in-tests then covers this file's helpers too

use minhbach_engine::scoring::{
    Direction, Group, IndexDefinition, Indicator, IndicatorSpec, MissingPolicy, Normalisation,
    ScoreOptions, ScoreSet, UnitTable, UnitsJson,
};
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde::ser::{Serialize, SerializeMap, Serializer};

/// An index of `groups` groups (the last ones under the first, for depth) holding
/// `indicators` indicators, ids made unique by their number and decorated with `names`.
fn index(groups: usize, indicators: usize, names: &[String], dp: u32) -> IndexDefinition {
    let name = |i: usize| {
        names
            .get(i % names.len().max(1))
            .cloned()
            .unwrap_or_default()
    };
    let mut def = IndexDefinition::new(format!("x{}y", name(0)), "Chỉ số", "Index")
        .missing(MissingPolicy::DropAndReweight);
    for g in 0..groups {
        let mut group = Group::new(format!("g{g}_{}_", name(g + 1)), "", "")
            .weight(Decimal::new(g as i64 % 3 + 1, g as u32 % 2))
            .missing(MissingPolicy::DropAndReweight);
        if g > 0 && g % 2 == 0 {
            group = group.parent(format!("g0_{}_", name(1)));
        }
        def = def.group(group);
    }
    for i in 0..indicators {
        let dir = if i % 3 == 0 {
            Direction::Lower
        } else {
            Direction::Higher
        };
        let mut spec = IndicatorSpec::of(Indicator::new(
            format!("i{i}_{}_", name(i + 2)),
            "",
            "",
            "%",
            dir,
        ))
        .weight(Decimal::new(i as i64 % 4 + 1, dp % 2))
        .normalisation(Normalisation::Goalposts {
            lower: Decimal::ZERO,
            upper: Decimal::ONE_HUNDRED,
            low: Decimal::ZERO,
            high: Decimal::TEN,
            truncate: true,
        });
        // the first indicators fill every group; then every fourth one sits at the root
        if groups > 0 && (i < groups || i % 4 != 3) {
            spec = spec.parent(format!("g{}_{}_", i % groups, name(i % groups + 1)));
        }
        def = def.indicator(spec);
    }
    def
}

fn score(def: IndexDefinition, units: &[(String, Vec<Option<Decimal>>)]) -> ScoreSet {
    let index = def.compile().unwrap();
    let ids = index.indicator_ids();
    let mut t = UnitTable::new(ids.iter().copied());
    for (u, (name, row)) in units.iter().enumerate() {
        let row = (0..ids.len())
            .map(|i| row.get(i % row.len().max(1)).copied().flatten())
            .collect();
        t.push_unit(format!("{u}{name}"), row).unwrap();
    }
    index.score(&t, &ScoreOptions::default()).unwrap()
}

/// The units array nested `depth` levels deep in single-entry maps, as serde sees it.
struct Nested<'a>(&'a UnitsJson<'a>, usize);

impl Serialize for Nested<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.1 == 0 {
            return self.0.serialize(s);
        }
        let mut m = s.serialize_map(Some(1))?;
        m.serialize_entry("u", &Nested(self.0, self.1 - 1))?;
        m.end()
    }
}

/// Both writers against serde_json, the whole view and the units at several depths; every
/// unit name read back.
fn check(set: &ScoreSet, dp: u32, depths: &[usize]) {
    let view = set.json_view(dp);
    let mut ours = Vec::new();
    view.write_pretty(&mut ours).unwrap();
    let ours = String::from_utf8(ours).unwrap();
    assert_eq!(ours, serde_json::to_string_pretty(&view).unwrap());
    let back: serde_json::Value = serde_json::from_str(&ours).unwrap();
    for (u, unit) in set.units.iter().enumerate() {
        assert_eq!(back["units"][u]["unit"], unit.unit.as_str());
    }
    assert_eq!(back, serde_json::to_value(set.view(dp)).unwrap());
    let units = view.units();
    for &depth in depths {
        let mut text = String::new();
        for d in 0..depth {
            text.push_str("{\n");
            text.push_str(&"  ".repeat(d + 1));
            text.push_str("\"u\": ");
        }
        let mut array = Vec::new();
        units.write_pretty(&mut array, depth).unwrap();
        text.push_str(std::str::from_utf8(&array).unwrap());
        for d in (0..depth).rev() {
            text.push('\n');
            text.push_str(&"  ".repeat(d));
            text.push('}');
        }
        assert_eq!(
            text,
            serde_json::to_string_pretty(&Nested(&units, depth)).unwrap(),
            "depth {depth}"
        );
    }
}

fn value() -> impl Strategy<Value = Option<Decimal>> {
    prop_oneof![
        1 => Just(None),
        2 => (0i64..4).prop_map(|v| Some(Decimal::from(v * 25))),
        4 => (0i64..1_000_000, 0u32..5).prop_map(|(m, s)| Some(Decimal::new(m % 100_001, s))),
    ]
}

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[a-z]{1,6}",
        "[ \"\\\\/\u{0}-\u{1f}\u{7f}a-zA-ZàáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễđĐ\u{2028}\u{1F600}]{1,8}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn written_view_is_serde_jsons_pretty_print(
        groups in 0usize..5,
        indicators in 1usize..12,
        names in prop::collection::vec(name(), 1..6),
        units in prop::collection::vec(
            (name(), prop::collection::vec(value(), 1..8)),
            1..25,
        ),
        dp in 0u32..6,
    ) {
        let def = index(groups.min(indicators), indicators, &names, dp);
        check(&score(def, &units), dp, &[0, 1, 3, 40]);
    }
}

/// Enough units and nodes for many chunks and several waves (the chunk holds about 4,096
/// nodes), with ties, missing values and the last wave partly filled.
#[test]
fn many_waves_in_order() {
    let units: Vec<(String, Vec<Option<Decimal>>)> = (0..611)
        .map(|u| {
            let row = (0..7)
                .map(|i| (u * 7 + i) % 11)
                .map(|v| (v != 0).then(|| Decimal::new(v as i64 * 9, (v % 3) as u32)))
                .collect();
            (format!(" \"đơn vị\"\\{u}\n"), row)
        })
        .collect();
    for (groups, indicators) in [(3, 120), (0, 1), (6, 40)] {
        let set = score(index(groups, indicators, &["ý\"".into()], 2), &units);
        for dp in [0, 2] {
            check(&set, dp, &[1]);
        }
    }
}

/// A view without units is `"units": []`, as serde_json writes an empty array.
#[test]
fn no_units() {
    let mut set = score(
        index(1, 2, &[String::new()], 0),
        &[("a".into(), vec![None])],
    );
    set.units.clear();
    check(&set, 2, &[0, 1, 2]);
    let mut out = Vec::new();
    set.json_view(2).units().write_pretty(&mut out, 1).unwrap();
    assert_eq!(out, b"[]");
}
