//! `minhbach aggregate --explain` and `--compare A,B`: the convention in force, every
//! measure's definition with its value for the total, and — between two conventions — the
//! dossiers each differing option moves and the rates it changes, in Vietnamese and English.
//!
//! Everything comes from the engine: the options and their captions from
//! [`PolicyOption`], the definitions and values from the measures catalogue; this module only
//! lays them out.

use minhbach_engine::aggregate::{Column, Counts, Measure, Policy, PolicyOption, Unit};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::dossiers;
use crate::failure::Failure;

/// One option of the convention in force.
#[derive(Debug, Serialize)]
struct OptionLine {
    option: &'static str,
    caption_vi: &'static str,
    caption_en: &'static str,
    value: String,
}

/// One measure: its definition under the options in force and its value for the total.
#[derive(Debug, Serialize)]
struct Definition {
    measure: &'static str,
    caption_vi: &'static str,
    caption_en: &'static str,
    formula: String,
    numerator: i128,
    denominator: i128,
    value: Option<Decimal>,
}

/// A count column that a step of the comparison changes.
#[derive(Debug, Serialize)]
struct ColumnChange {
    column: &'static str,
    caption_vi: &'static str,
    before: u64,
    after: u64,
}

/// A measure that a step of the comparison changes.
#[derive(Debug, Serialize)]
struct MeasureChange {
    measure: &'static str,
    caption_vi: &'static str,
    before: Option<Decimal>,
    after: Option<Decimal>,
}

/// One step of a comparison: one option switched from convention A's value to B's.
#[derive(Debug, Serialize)]
pub struct Step {
    option: &'static str,
    caption_vi: &'static str,
    caption_en: &'static str,
    from: String,
    to: String,
    moves_vi: &'static str,
    moves_en: &'static str,
    columns: Vec<ColumnChange>,
    measures: Vec<MeasureChange>,
}

/// The comparison of two presets.
#[derive(Debug, Serialize)]
pub struct PresetComparison {
    from: String,
    to: String,
    steps: Vec<Step>,
}

/// What `--explain` prints (text) or writes (JSON).
#[derive(Debug, Serialize)]
pub struct ConventionExplanation {
    convention: String,
    options: Vec<OptionLine>,
    definitions: Vec<Definition>,
    #[serde(skip_serializing_if = "Option::is_none")]
    compare: Option<PresetComparison>,
}

/// Compares presets `a` and `b`: starting from `a`, each option in which they differ is
/// switched to `b`'s value in turn, and `total` aggregates the dossiers again under the new
/// convention (only when the option can move dossiers), so every change is attributed to one
/// option. The last step's convention is `b`.
pub fn compare(
    a: &str,
    b: &str,
    mut total: impl FnMut(&Policy) -> Result<Counts, Failure>,
) -> Result<PresetComparison, Failure> {
    let pa = Policy::named(a).map_err(dossiers::engine_failure)?;
    let pb = Policy::named(b).map_err(dossiers::engine_failure)?;
    let mut current = pa.clone();
    let mut before = total(&current)?;
    let mut steps = Vec::new();
    for o in pa.option_differences(&pb) {
        let mut next = current.clone();
        o.copy(&pb, &mut next);
        let after = if o.moves_dossiers() {
            total(&next)?
        } else {
            before
        };
        let columns = Column::ALL
            .into_iter()
            .filter(|c| before.get(*c) != after.get(*c))
            .map(|c| ColumnChange {
                column: c.as_str(),
                caption_vi: c.label(),
                before: before.get(c),
                after: after.get(c),
            })
            .collect();
        let measures = Measure::all()
            .filter_map(|m| {
                let (x, y) = (
                    m.compute(&before, &current.measures),
                    m.compute(&after, &next.measures),
                );
                (x != y).then_some(MeasureChange {
                    measure: m.key,
                    caption_vi: m.caption,
                    before: x,
                    after: y,
                })
            })
            .collect();
        steps.push(Step {
            option: o.name(),
            caption_vi: o.caption_vi(),
            caption_en: o.caption_en(),
            from: o.value(&current),
            to: o.value(&next),
            moves_vi: o.moves_vi(),
            moves_en: o.moves_en(),
            columns,
            measures,
        });
        current = next;
        before = after;
    }
    Ok(PresetComparison {
        from: pa.name,
        to: pb.name,
        steps,
    })
}

fn value_text(v: Option<Decimal>) -> String {
    v.map_or_else(|| "—".to_string(), |d| d.to_string())
}

impl ConventionExplanation {
    /// The explanation of `policy` with the values of the `total` row.
    pub fn new(
        policy: &Policy,
        total: &Counts,
        compare: Option<PresetComparison>,
    ) -> ConventionExplanation {
        let o = &policy.measures;
        ConventionExplanation {
            convention: policy.name.clone(),
            options: PolicyOption::ALL
                .into_iter()
                .map(|opt| OptionLine {
                    option: opt.name(),
                    caption_vi: opt.caption_vi(),
                    caption_en: opt.caption_en(),
                    value: opt.value(policy),
                })
                .collect(),
            definitions: Measure::all()
                .map(|m| {
                    let f = m.fraction(total, o);
                    Definition {
                        measure: m.key,
                        caption_vi: m.caption,
                        caption_en: m.caption_en,
                        formula: m.formula(o),
                        numerator: f.numerator,
                        denominator: f.denominator,
                        value: m.compute(total, o),
                    }
                })
                .collect(),
            compare,
        }
    }

    /// The bilingual text.
    pub fn to_text(&self) -> String {
        let mut s = format!("Quy ước {c} / Convention {c}\n", c = self.convention);
        for l in &self.options {
            s.push_str(&format!(
                "  {} / {} ({}): {}\n",
                l.caption_vi, l.caption_en, l.option, l.value
            ));
        }
        s.push_str("\nĐịnh nghĩa và giá trị của dòng tổng cộng / Definitions and values of the total row\n");
        for d in &self.definitions {
            let unit = Measure::all()
                .find(|m| m.key == d.measure)
                .map_or(Unit::Percent, |m| m.unit);
            let numbers = match unit {
                Unit::Percent => format!("{} / {} × 100", d.numerator, d.denominator),
                Unit::Hours => format!("{} / {} / 3600", d.numerator, d.denominator),
                Unit::WorkingDays => format!("{} / {}", d.numerator, d.denominator),
            };
            let value = match d.value {
                Some(v) => format!("{v} {}", unit.caption()),
                None => "— (mẫu số bằng 0 / zero denominator)".to_string(),
            };
            s.push_str(&format!(
                "  {} / {} [{}]\n    = {}\n    = {numbers} = {value}\n",
                d.caption_vi, d.caption_en, d.measure, d.formula
            ));
        }
        if let Some(c) = &self.compare {
            s.push_str(&format!(
                "\nSo sánh quy ước {a} với {b} / Comparing convention {a} with {b}\n",
                a = c.from,
                b = c.to
            ));
            if c.steps.is_empty() {
                s.push_str("  Hai quy ước giống nhau / The two conventions are the same.\n");
            }
            for (i, st) in c.steps.iter().enumerate() {
                s.push_str(&format!(
                    "{}. {} / {} ({}): {} → {}\n   {}\n   {}\n",
                    i + 1,
                    st.caption_vi,
                    st.caption_en,
                    st.option,
                    st.from,
                    st.to,
                    st.moves_vi,
                    st.moves_en
                ));
                if st.columns.is_empty() {
                    s.push_str("   Không hồ sơ nào chuyển cột / No dossier changes column.\n");
                }
                for col in &st.columns {
                    let delta = i128::from(col.after) - i128::from(col.before);
                    s.push_str(&format!(
                        "   {} ({}): {} → {} ({delta:+})\n",
                        col.caption_vi, col.column, col.before, col.after
                    ));
                }
                for m in &st.measures {
                    s.push_str(&format!(
                        "   {} ({}): {} → {}\n",
                        m.caption_vi,
                        m.measure,
                        value_text(m.before),
                        value_text(m.after)
                    ));
                }
            }
        }
        s
    }
}
