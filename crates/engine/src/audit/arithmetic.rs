//! The arithmetic of a finding ([`Finding::arithmetic`](super::Finding)), as data and in
//! words: what an embedder needs (the figures, their values, the recomputation and its
//! convention) and the sentence the officer reads. Its `Display` is English, naming figures
//! by their ids and numbers in the plain form of the JSON (`resolved = resolved_in_time +
//! resolved_late: 643272 ≠ 635593 + 7677 = 643270 (difference 2)`); its Vietnamese wording
//! ([`Bilingual`](minhbach_model::Bilingual)) names them by the report's captions and writes
//! numbers the Vietnamese way (`đã giải quyết = đúng và trước hạn + giải quyết quá hạn:
//! 643.272 ≠ 635.593 + 7.677 = 643.270 (chênh lệch 2)`).

use std::fmt;

use minhbach_model::{bilingual_via_fmt_in, say, Lang};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::names::FigureName;
use super::{stated_value, Approximation};
use crate::aggregate::Rounding;

/// One stated count of an identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FigureTerm {
    /// The figure.
    pub name: FigureName,
    /// Its stated value.
    pub value: i128,
}

/// One scope's stated count in a total across scopes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeTerm {
    /// The scope as stated ("toàn tỉnh", "cấp huyện").
    pub scope: String,
    /// Its stated value.
    pub value: i128,
}

/// What a recomputation of a rate had to assume.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Assumption {
    /// The stated returned and withdrawn dossiers were taken as counted among the resolved.
    SetAsideAmongResolved,
    /// The stated counts contradict each other; this one was left out.
    Without(FigureName),
}

/// A stated rate recomputed under one convention of the measures catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recomputation {
    /// The numerator.
    pub numerator: i128,
    /// The denominator.
    pub denominator: i128,
    /// The catalogue's name of the denominator (`resolved`, `due`, `received_and_carried` …).
    pub denominator_name: String,
    /// The rate, rounded as the convention rounds it.
    #[serde(with = "rust_decimal::serde::str")]
    pub value: Decimal,
    /// The decimals of the rate (those the text uses).
    pub decimals: u32,
    /// The convention's rounding.
    pub rounding: Rounding,
    /// What the recomputation assumed, if anything.
    pub assumption: Option<Assumption>,
}

/// The arithmetic of a finding. See the module documentation.
///
/// ```
/// use minhbach_engine::audit::{check, extract};
/// use minhbach_model::{Bilingual, Lang};
/// let figures = extract("Đã giải quyết 100 hồ sơ, đúng và trước hạn 97 hồ sơ, quá hạn 2 hồ sơ.")
///     .unwrap();
/// let finding = &check(&figures).findings[0];
/// assert_eq!(
///     finding.arithmetic.to_string(),
///     "resolved = resolved_in_time + resolved_late: 100 ≠ 97 + 2 = 99 (difference 1)"
/// );
/// assert_eq!(
///     finding.arithmetic.in_lang(Lang::Vi).to_string(),
///     "đã giải quyết = đúng và trước hạn + giải quyết quá hạn: 100 ≠ 97 + 2 = 99 (chênh lệch 1)"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Arithmetic {
    /// A Biểu 06 identity: the stated total (one figure, or several added up) against the
    /// sum of the stated parts.
    Identity {
        /// The left side.
        total: Vec<FigureTerm>,
        /// The right side.
        parts: Vec<FigureTerm>,
        /// Returned and withdrawn dossiers are not stated, so the difference may be them.
        set_aside_unstated: bool,
    },
    /// A figure of the whole (toàn tỉnh) against the sum of the levels.
    ScopeTotal {
        /// The figure.
        name: FigureName,
        /// The whole's stated value.
        total: ScopeTerm,
        /// The levels' stated values.
        parts: Vec<ScopeTerm>,
    },
    /// A stated rate recomputed.
    Rate {
        /// The rate.
        name: FigureName,
        /// How the text qualifies it ("gần", "trên"), if it does.
        approximate: Option<Approximation>,
        /// The stated value, in percent.
        #[serde(with = "rust_decimal::serde::str")]
        published: Decimal,
        /// The decimals the text uses.
        decimals: u32,
        /// The recomputation that reproduces it (the first), or the nearest one.
        recomputed: Recomputation,
        /// How many conventions reproduce it; 0 when none does (`recomputed` is then the
        /// nearest).
        reproducing: usize,
    },
}

/// A figure as the language names it: its id in English, the report's caption in Vietnamese.
fn figure(name: FigureName, lang: Lang) -> &'static str {
    lang.pick(name.as_str(), name.caption())
}

fn count(n: i128, lang: Lang) -> String {
    stated_value(Decimal::from_i128_with_scale(n, 0), 0, lang)
}

fn joined<T>(items: &[T], word: impl Fn(&T) -> String) -> String {
    items.iter().map(word).collect::<Vec<_>>().join(" + ")
}

/// `lhs = rhs: left = right ✓` or `lhs = rhs: left ≠ right = sum (difference d)`.
fn equation(
    f: &mut fmt::Formatter<'_>,
    lang: Lang,
    (lhs, rhs): (&str, &str),
    left: &[i128],
    right: &[i128],
) -> fmt::Result {
    let (l, r): (i128, i128) = (left.iter().sum(), right.iter().sum());
    let lv = joined(left, |n| count(*n, lang));
    let rv = joined(right, |n| count(*n, lang));
    if l == r {
        return write!(f, "{lhs} = {rhs}: {lv} = {rv} ✓");
    }
    let lsum = if left.len() > 1 {
        format!("{lv} = {}", count(l, lang))
    } else {
        lv
    };
    let (sum, diff) = (count(r, lang), count(l - r, lang));
    say!(f, lang => "{lhs} = {rhs}: {lsum} ≠ {rv} = {sum} (difference {diff})", "{lhs} = {rhs}: {lsum} ≠ {rv} = {sum} (chênh lệch {diff})")
}

impl Recomputation {
    /// `51072 / 51780 (denominator: resolved) = 98.63% (half-up rounding, 2 decimals)`.
    fn fmt_in(&self, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (num, den) = (count(self.numerator, lang), count(self.denominator, lang));
        let value = stated_value(self.value, self.decimals, lang);
        let d = self.decimals;
        let name = self.denominator_name.as_str();
        match lang {
            Lang::En => {
                let rounding = match self.rounding {
                    Rounding::HalfUp => "half-up rounding",
                    Rounding::Floor => "rounded down",
                };
                let decimals = if d == 1 { "decimal" } else { "decimals" };
                write!(
                    f,
                    "{num} / {den} (denominator: {name}) = {value}% ({rounding}, {d} {decimals}"
                )?;
            }
            Lang::Vi => {
                let (name, rounding) = (denominator_vi(name), rounding_vi(self.rounding));
                write!(
                    f,
                    "{num} / {den} (mẫu số: {name}) = {value}% ({rounding}, {d} chữ số thập phân"
                )?;
            }
        }
        match self.assumption {
            None => {}
            Some(Assumption::SetAsideAmongResolved) => {
                say!(f, lang => ", returned and withdrawn dossiers taken as counted among the resolved", ", coi hồ sơ trả lại, rút đã tính trong số đã giải quyết")?
            }
            Some(Assumption::Without(w)) => {
                let w = figure(w, lang);
                say!(f, lang => ", leaving out the contradictory figure «{w}»", ", khi bỏ số liệu «{w}» mâu thuẫn")?
            }
        }
        f.write_str(")")
    }
}

impl Arithmetic {
    /// Both wordings ([`minhbach_model::bilingual_via_fmt_in`]).
    fn fmt_in(&self, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Arithmetic::Identity {
                total,
                parts,
                set_aside_unstated,
            } => {
                let name = |t: &FigureTerm| figure(t.name, lang).to_string();
                let value = |t: &FigureTerm| t.value;
                equation(
                    f,
                    lang,
                    (&joined(total, name), &joined(parts, name)),
                    &total.iter().map(value).collect::<Vec<_>>(),
                    &parts.iter().map(value).collect::<Vec<_>>(),
                )?;
                if *set_aside_unstated {
                    say!(f, lang => " — returned and withdrawn dossiers are not stated; the difference may be those", " — số hồ sơ trả lại, rút không được nêu; chênh lệch có thể là số hồ sơ đó")?;
                }
                Ok(())
            }
            Arithmetic::ScopeTotal { name, total, parts } => {
                let lhs = format!("{} {}", figure(*name, lang), total.scope);
                let rhs = joined(parts, |p| p.scope.clone());
                let values: Vec<i128> = parts.iter().map(|p| p.value).collect();
                equation(f, lang, (&lhs, &rhs), &[total.value], &values)
            }
            Arithmetic::Rate {
                name,
                approximate,
                published,
                decimals,
                recomputed,
                reproducing,
            } => {
                let caption = match lang {
                    Lang::En => name.as_str().to_string(),
                    Lang::Vi => minhbach_model::vi::capitalise_first(name.caption()),
                };
                let approx = approximate.map_or("", |a| a.word(lang));
                let published = stated_value(*published, *decimals, lang);
                write!(f, "{caption} {approx}{published}%: ")?;
                if *reproducing == 0 {
                    say!(f, lang => "no convention gives this figure; the nearest is ", "không cách tính nào cho ra số này; gần nhất là ")?;
                    recomputed.fmt_in(lang, f)?;
                    return f.write_str(" ✗");
                }
                recomputed.fmt_in(lang, f)?;
                f.write_str(" ✓")?;
                if *reproducing > 1 {
                    say!(f, lang => " — {reproducing} conventions give the same result", " — {reproducing} cách tính cho cùng kết quả")?;
                }
                Ok(())
            }
        }
    }
}
bilingual_via_fmt_in!(Arithmetic);

/// The Vietnamese name of a catalogue denominator.
fn denominator_vi(name: &str) -> &str {
    match name {
        "resolved" => "đã giải quyết",
        "processed" => "đã xử lý",
        "due" => "đến hạn giải quyết",
        "handled" => "cần giải quyết",
        "decision766" => "cách tính Quyết định 766",
        "received" => "tiếp nhận mới",
        "received_and_carried" => "tiếp nhận mới và kỳ trước chuyển sang",
        other => other,
    }
}

fn rounding_vi(r: Rounding) -> &'static str {
    match r {
        Rounding::HalfUp => "làm tròn",
        Rounding::Floor => "làm tròn xuống",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::{Column, MeasureId};
    use minhbach_model::Bilingual;
    use rust_decimal_macros::dec;

    fn both(a: &Arithmetic) -> (String, String) {
        (a.to_string(), a.in_lang(Lang::Vi).to_string())
    }

    #[test]
    fn rates_in_both_languages() {
        let recomputed = Recomputation {
            numerator: 51072,
            denominator: 51780,
            denominator_name: "resolved".into(),
            value: dec!(98.63),
            decimals: 2,
            rounding: Rounding::HalfUp,
            assumption: None,
        };
        let rate = Arithmetic::Rate {
            name: FigureName::Rate(MeasureId::OnTimeRate),
            approximate: None,
            published: dec!(98.63),
            decimals: 2,
            recomputed: recomputed.clone(),
            reproducing: 2,
        };
        assert_eq!(
            both(&rate),
            (
                "on_time_rate 98.63%: 51072 / 51780 (denominator: resolved) = 98.63% (half-up rounding, 2 decimals) ✓ — 2 conventions give the same result".into(),
                "Tỷ lệ đúng hạn 98,63%: 51.072 / 51.780 (mẫu số: đã giải quyết) = 98,63% (làm tròn, 2 chữ số thập phân) ✓ — 2 cách tính cho cùng kết quả".into()
            )
        );
        let nearest = Arithmetic::Rate {
            name: FigureName::Rate(MeasureId::OnTimeRate),
            approximate: Some(Approximation::About),
            published: dec!(97),
            decimals: 0,
            recomputed: Recomputation {
                rounding: Rounding::Floor,
                assumption: Some(Assumption::Without(FigureName::Count(Column::ResolvedLate))),
                decimals: 0,
                value: dec!(98),
                ..recomputed
            },
            reproducing: 0,
        };
        assert_eq!(
            both(&nearest),
            (
                "on_time_rate about 97%: no convention gives this figure; the nearest is 51072 / 51780 (denominator: resolved) = 98% (rounded down, 0 decimals, leaving out the contradictory figure «resolved_late») ✗".into(),
                "Tỷ lệ đúng hạn khoảng 97%: không cách tính nào cho ra số này; gần nhất là 51.072 / 51.780 (mẫu số: đã giải quyết) = 98% (làm tròn xuống, 0 chữ số thập phân, khi bỏ số liệu «giải quyết quá hạn» mâu thuẫn) ✗".into()
            )
        );
    }

    #[test]
    fn identities_in_both_languages() {
        let t = |c, value| FigureTerm {
            name: FigureName::Count(c),
            value,
        };
        let identity = Arithmetic::Identity {
            total: vec![t(Column::Received, 1200), t(Column::CarriedOver, 30)],
            parts: vec![t(Column::Resolved, 1000), t(Column::Pending, 200)],
            set_aside_unstated: true,
        };
        assert_eq!(
            both(&identity),
            (
                "received + carried_over = resolved + pending: 1200 + 30 = 1230 ≠ 1000 + 200 = 1200 (difference 30) — returned and withdrawn dossiers are not stated; the difference may be those".into(),
                "tiếp nhận mới + kỳ trước chuyển sang = đã giải quyết + đang giải quyết: 1.200 + 30 = 1.230 ≠ 1.000 + 200 = 1.200 (chênh lệch 30) — số hồ sơ trả lại, rút không được nêu; chênh lệch có thể là số hồ sơ đó".into()
            )
        );
        let s = |scope: &str, value| ScopeTerm {
            scope: scope.into(),
            value,
        };
        let whole = Arithmetic::ScopeTotal {
            name: FigureName::Count(Column::Received),
            total: s("toàn tỉnh", 600),
            parts: vec![s("cấp tỉnh", 100), s("cấp huyện", 200), s("cấp xã", 300)],
        };
        assert_eq!(
            both(&whole),
            (
                "received toàn tỉnh = cấp tỉnh + cấp huyện + cấp xã: 600 = 100 + 200 + 300 ✓"
                    .into(),
                "tiếp nhận mới toàn tỉnh = cấp tỉnh + cấp huyện + cấp xã: 600 = 100 + 200 + 300 ✓"
                    .into()
            )
        );
    }
}
