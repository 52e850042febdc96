//! What an audited figure can be: a count column of the table ([`Column`]), one of the few
//! sums reports state that are not columns ([`StatedSum`]), or a rate of the measures
//! catalogue ([`MeasureId`]). The ids and the Vietnamese phrases are theirs
//! ([`Column::phrase`], the catalogue's `Measure::phrase`); this module only chooses which of
//! them a published text can state, and names the sums.

use std::cmp::Ordering;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::aggregate::{Column, MeasureId};

/// A count reports state that is not a column of the table: each is a sum of columns that
/// the audit reads from the catalogue's definitions (`recompute.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StatedSum {
    /// Due in the period (đến hạn giải quyết): resolved + pending overdue (the catalogue's
    /// `due` denominator).
    Due,
    /// Processed (đã xử lý): resolved + returned/withdrawn (the `processed` denominator).
    Processed,
    /// Resolved early or on time (đúng hạn; đúng và trước hạn).
    ResolvedInTime,
    /// Resolved late plus pending overdue ("chậm hạn và quá hạn chưa có kết quả").
    LateOrOverdue,
    /// Returned plus withdrawn (trả lại hồ sơ và rút hồ sơ).
    SetAside,
}

impl StatedSum {
    /// How Vietnamese running text names the sum, in lower case ("đến hạn giải quyết").
    pub fn phrase(self) -> &'static str {
        match self {
            StatedSum::Due => "đến hạn giải quyết",
            StatedSum::Processed => "đã xử lý",
            StatedSum::ResolvedInTime => "đúng và trước hạn",
            StatedSum::LateOrOverdue => "chậm hạn và quá hạn",
            StatedSum::SetAside => "trả lại và rút hồ sơ",
        }
    }

    /// The id (as in JSON and in figures files).
    pub fn as_str(self) -> &'static str {
        match self {
            StatedSum::Due => "due",
            StatedSum::Processed => "processed",
            StatedSum::ResolvedInTime => "resolved_in_time",
            StatedSum::LateOrOverdue => "late_or_overdue",
            StatedSum::SetAside => "set_aside",
        }
    }
}

/// The name of a stated figure. Serialised as its id: the column's, the sum's or the
/// measure's (`received`, `resolved_in_time`, `on_time_rate`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FigureName {
    /// A count column of the table (Biểu 06 and the separate buckets).
    Count(Column),
    /// A sum reports state that is not a column.
    Sum(StatedSum),
    /// A rate (in percent) of the measures catalogue.
    Rate(MeasureId),
}

impl FigureName {
    /// Every name a published text can state, counts first (the order of findings and
    /// of [`Ord`]).
    pub const ALL: [FigureName; 25] = [
        FigureName::Count(Column::Received),
        FigureName::Count(Column::ReceivedOnline),
        FigureName::Count(Column::ReceivedDirectPostal),
        FigureName::Count(Column::CarriedOver),
        FigureName::Count(Column::Handled),
        FigureName::Sum(StatedSum::Due),
        FigureName::Sum(StatedSum::Processed),
        FigureName::Count(Column::Resolved),
        FigureName::Sum(StatedSum::ResolvedInTime),
        FigureName::Count(Column::ResolvedEarly),
        FigureName::Count(Column::ResolvedOnTime),
        FigureName::Count(Column::ResolvedLate),
        FigureName::Count(Column::Pending),
        FigureName::Count(Column::PendingWithinDue),
        FigureName::Count(Column::PendingOverdue),
        FigureName::Sum(StatedSum::LateOrOverdue),
        FigureName::Sum(StatedSum::SetAside),
        FigureName::Count(Column::Withdrawn),
        FigureName::Count(Column::Rejected),
        FigureName::Rate(MeasureId::OnTimeRate),
        FigureName::Rate(MeasureId::ResolvedEarlyRate),
        FigureName::Rate(MeasureId::ResolvedOnTimeRate),
        FigureName::Rate(MeasureId::LateRate),
        FigureName::Rate(MeasureId::SetAsideRate),
        FigureName::Rate(MeasureId::OnlineRate),
    ];

    /// The id (as in JSON and in figures files): [`Column::as_str`], [`StatedSum::as_str`]
    /// or [`MeasureId::as_str`].
    pub fn as_str(self) -> &'static str {
        match self {
            FigureName::Count(c) => c.as_str(),
            FigureName::Sum(s) => s.as_str(),
            FigureName::Rate(m) => m.as_str(),
        }
    }

    /// Parses an id of [`FigureName::ALL`] (a column or measure a text cannot state, such
    /// as `waiting` or `mean_processing_hours`, is `None`).
    pub fn parse(s: &str) -> Option<FigureName> {
        FigureName::ALL.into_iter().find(|n| n.as_str() == s.trim())
    }

    /// The Vietnamese caption, as running text names the figure (the audit's messages): the
    /// column's [`Column::phrase`], the sum's [`StatedSum::phrase`] or the catalogue
    /// measure's `phrase`.
    pub fn caption(self) -> &'static str {
        match self {
            FigureName::Count(c) => c.phrase(),
            FigureName::Sum(s) => s.phrase(),
            FigureName::Rate(m) => m.measure().phrase,
        }
    }

    /// Whether this is a rate (in percent) rather than a count.
    pub fn is_rate(self) -> bool {
        matches!(self, FigureName::Rate(_))
    }

    /// The catalogue measure of a rate, `None` for a count.
    pub fn measure(self) -> Option<MeasureId> {
        match self {
            FigureName::Rate(m) => Some(m),
            _ => None,
        }
    }

    /// The rate a report states beside this count ("… 52 hồ sơ quá hạn, chiếm 0,4%"), if
    /// the catalogue has one.
    pub fn rate(self) -> Option<FigureName> {
        Some(FigureName::Rate(match self {
            FigureName::Sum(StatedSum::ResolvedInTime) => MeasureId::OnTimeRate,
            FigureName::Count(Column::ResolvedEarly) => MeasureId::ResolvedEarlyRate,
            FigureName::Count(Column::ResolvedOnTime) => MeasureId::ResolvedOnTimeRate,
            FigureName::Count(Column::ResolvedLate) | FigureName::Sum(StatedSum::LateOrOverdue) => {
                MeasureId::LateRate
            }
            FigureName::Sum(StatedSum::SetAside) => MeasureId::SetAsideRate,
            FigureName::Count(Column::ReceivedOnline) => MeasureId::OnlineRate,
            _ => return None,
        }))
    }

    /// The place in [`FigureName::ALL`] (names outside it sort last).
    fn rank(self) -> usize {
        FigureName::ALL
            .iter()
            .position(|n| *n == self)
            .unwrap_or(FigureName::ALL.len())
    }
}

impl PartialOrd for FigureName {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for FigureName {
    /// The order of [`FigureName::ALL`]: counts first.
    fn cmp(&self, other: &Self) -> Ordering {
        self.rank().cmp(&other.rank())
    }
}

impl Serialize for FigureName {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for FigureName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = std::borrow::Cow::<'de, str>::deserialize(d)?;
        FigureName::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown figure name {s:?}: expected one of {}",
                FigureName::ALL.map(FigureName::as_str).join(", ")
            ))
        })
    }
}

impl std::fmt::Display for FigureName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_the_columns_and_measures_ids_and_read_back() {
        for n in FigureName::ALL {
            assert_eq!(FigureName::parse(n.as_str()), Some(n));
            let json = serde_json::to_string(&n).unwrap();
            assert_eq!(json, format!("\"{}\"", n.as_str()));
            assert_eq!(serde_json::from_str::<FigureName>(&json).unwrap(), n);
            match n {
                FigureName::Count(c) => assert_eq!(Column::parse(n.as_str()).unwrap(), c),
                FigureName::Rate(m) => assert_eq!(MeasureId::parse(n.as_str()).unwrap(), m),
                FigureName::Sum(_) => {
                    assert!(Column::parse(n.as_str()).is_err());
                    assert!(MeasureId::parse(n.as_str()).is_err());
                }
            }
        }
        assert_eq!(FigureName::parse("waiting"), None);
        assert_eq!(FigureName::parse("mean_processing_hours"), None);
        assert!(serde_json::from_str::<FigureName>("\"waiting\"").is_err());
    }

    #[test]
    fn captions_are_the_owners_phrases_and_tell_every_figure_apart() {
        let mut seen = std::collections::HashSet::new();
        for n in FigureName::ALL {
            let caption = n.caption();
            assert!(seen.insert(caption), "two figures named {caption:?}");
            assert_eq!(caption, caption.to_lowercase(), "{n}");
        }
        assert_eq!(
            FigureName::Count(Column::Received).caption(),
            "tiếp nhận mới"
        );
        assert_eq!(
            FigureName::Rate(MeasureId::SetAsideRate).caption(),
            "tỷ lệ trả lại và rút hồ sơ"
        );
    }

    #[test]
    fn order_is_the_order_of_all() {
        let mut sorted = FigureName::ALL;
        sorted.reverse();
        sorted.sort();
        assert_eq!(sorted, FigureName::ALL);
    }
}
