//! Counting conventions: which dossier goes in which column, and how rates are computed.

use serde::{Deserialize, Serialize};

use super::measures::{Denominator, MeasureOptions, Rounding};
use crate::EngineError;

/// Where a dossier that ended with a given outcome (rejected, withdrawn) is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndedAs {
    /// Inside "đã giải quyết" (resolved), judged early / on time / late like any other
    /// (the Decision 766 convention and the default).
    Resolved,
    /// In its own bucket (`withdrawn` or `rejected`), outside resolved and pending.
    Separate,
}

/// How lateness is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lateness {
    /// Late when `resolved_at > due_at` (date and time). The default.
    DateTime,
    /// Late when the calendar date of `resolved_at` is after the date of `due_at`: a dossier
    /// due at 17:00 and finished at 17:30 the same day is on time.
    Date,
}

/// How supplementation pauses (tạm dừng để bổ sung) change the deadline, when the data
/// carry pause timestamps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PauseRule {
    /// NĐ 61/2018 Điều 19 k4: the time limit is counted again from the start once the
    /// complete dossier arrives. With a procedure catalogue and a calendar, the due date is
    /// recomputed from the end of the last pause; without them the `due_at` of the data is
    /// kept (the one-stop software is assumed to have reset it). While a pause is open the
    /// clock is stopped, so a pending dossier is within due.
    Restart,
    /// Decision 766: the pause intervals are added to the deadline (equivalently, subtracted
    /// from elapsed time). A dossier still waiting for supplementation is judged at the
    /// start of its open pause.
    SubtractPause,
    /// Pauses are ignored: `due_at` is taken as it stands.
    Ignore,
}

/// What to do with a dossier whose due date is unknown (no `due_at` and no catalogue entry).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnknownDue {
    /// Count it in the `unknown_due` column, outside resolved and pending, so it is visible
    /// and never silently on time. The default.
    Separate,
    /// Count a resolved one as on time and a pending one as within due (OpenCPS does this).
    OnTime,
}

/// A complete counting convention. Build one with a named preset ([`Policy::bieu06`],
/// [`Policy::decision766`], [`Policy::opencps`], or [`Policy::named`]) and adjust fields.
///
/// ```
/// use minhbach_engine::aggregate::{EndedAs, Lateness, Policy};
/// let mut p = Policy::named("bieu06").unwrap();
/// assert_eq!(p, Policy::default());
/// p.withdrawn = EndedAs::Separate;
/// p.lateness = Lateness::Date;
/// assert_eq!(p.differences(&Policy::default()).len(), 2);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Policy {
    /// Name of the preset this policy started from (informational).
    pub name: String,
    /// Where withdrawn dossiers (rút hồ sơ) are counted.
    pub withdrawn: EndedAs,
    /// Where rejected / returned dossiers (từ chối, trả lại) are counted.
    pub rejected: EndedAs,
    /// Date-time or calendar-date lateness.
    pub lateness: Lateness,
    /// How the rates are computed from the counts: denominators, rounding, decimals
    /// (flattened in serde: `denominator`, `online_denominator`, `rounding`, `decimals`).
    #[serde(flatten)]
    pub measures: MeasureOptions,
    /// Supplementation pause rule.
    pub pauses: PauseRule,
    /// Decision 766: more than one supplementation request makes the dossier late.
    pub late_if_supplemented_twice: bool,
    /// OpenCPS: a pending dossier whose pause is open at the cut-off goes to the `waiting`
    /// column ("tạm dừng bổ sung") instead of pending.
    pub waiting_separate: bool,
    /// OpenCPS: a rejected dossier refused at reception (its `resolved_at` equals its
    /// `received_at`) is excluded from received and counted in `refused_at_reception` only.
    pub exclude_refused_at_reception: bool,
    /// What to do when the due date is unknown.
    pub unknown_due: UnknownDue,
}

impl Default for Policy {
    fn default() -> Self {
        Policy::bieu06()
    }
}

impl Policy {
    /// The preset names accepted by [`Policy::named`].
    pub const PRESETS: [&'static str; 3] = ["bieu06", "decision766", "opencps"];

    /// Biểu số 06/VPCP/KSTT as design §4 defines it (the default): rejected and withdrawn
    /// count as resolved, date-time lateness, rates over resolved, 2 decimals half-up,
    /// pauses restart the clock (NĐ 61).
    pub fn bieu06() -> Policy {
        Policy {
            name: "bieu06".into(),
            withdrawn: EndedAs::Resolved,
            rejected: EndedAs::Resolved,
            lateness: Lateness::DateTime,
            measures: MeasureOptions::default(),
            pauses: PauseRule::Restart,
            late_if_supplemented_twice: false,
            waiting_separate: false,
            exclude_refused_at_reception: false,
            unknown_due: UnknownDue::Separate,
        }
    }

    /// Decision 766/QĐ-TTg indicator 2.1: the Biểu 06 buckets with the 766 denominator
    /// (pending within due counts in the numerator), pauses subtracted, and a second
    /// supplementation request counted late.
    pub fn decision766() -> Policy {
        Policy {
            name: "decision766".into(),
            measures: MeasureOptions {
                denominator: Denominator::Decision766,
                ..MeasureOptions::default()
            },
            pauses: PauseRule::SubtractPause,
            late_if_supplemented_twice: true,
            ..Policy::bieu06()
        }
    }

    /// How OpenCPS v2 counts (research/opencps.md): withdrawn and waiting-for-supplement
    /// dossiers outside resolved and pending, refused-at-reception excluded, no due date
    /// read as on time, on-time rate floored to an integer.
    pub fn opencps() -> Policy {
        Policy {
            name: "opencps".into(),
            withdrawn: EndedAs::Separate,
            rejected: EndedAs::Resolved,
            lateness: Lateness::DateTime,
            measures: MeasureOptions {
                decimals: 0,
                rounding: Rounding::Floor,
                ..MeasureOptions::default()
            },
            pauses: PauseRule::Ignore,
            late_if_supplemented_twice: false,
            waiting_separate: true,
            exclude_refused_at_reception: true,
            unknown_due: UnknownDue::OnTime,
        }
    }

    /// A preset by name: `bieu06`, `decision766` or `opencps` (case-insensitive).
    pub fn named(name: &str) -> Result<Policy, EngineError> {
        match name.trim().to_ascii_lowercase().as_str() {
            "bieu06" | "biểu06" | "default" => Ok(Policy::bieu06()),
            "decision766" | "766" => Ok(Policy::decision766()),
            "opencps" => Ok(Policy::opencps()),
            _ => Err(EngineError::UnknownPolicy {
                name: name.to_string(),
            }),
        }
    }

    /// The options in which `self` differs from `other`, one sentence each, to explain why
    /// the same dossiers give two different tables.
    pub fn differences(&self, other: &Policy) -> Vec<String> {
        let mut out = Vec::new();
        macro_rules! diff {
            ($($field:ident).+, $what:expr) => {
                if self.$($field).+ != other.$($field).+ {
                    out.push(format!(
                        "{}: {} uses {:?}, {} uses {:?}",
                        $what, self.name, self.$($field).+, other.name, other.$($field).+
                    ));
                }
            };
        }
        diff!(withdrawn, "withdrawn dossiers");
        diff!(rejected, "rejected dossiers");
        diff!(lateness, "lateness");
        diff!(measures.denominator, "rate denominator");
        diff!(measures.online_denominator, "online-share denominator");
        diff!(measures.decimals, "decimals");
        diff!(measures.rounding, "rounding");
        diff!(pauses, "supplementation pauses");
        diff!(
            late_if_supplemented_twice,
            "late after a second supplementation request"
        );
        diff!(waiting_separate, "waiting-for-supplement bucket");
        diff!(
            exclude_refused_at_reception,
            "refused at reception excluded"
        );
        diff!(unknown_due, "unknown due date");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_by_name_and_unknown_name() {
        for n in Policy::PRESETS {
            assert_eq!(Policy::named(n).unwrap().name, n);
        }
        let e = Policy::named("gialai").unwrap_err().to_string();
        assert!(e.contains("gialai") && e.contains("bieu06"), "{e}");
    }

    #[test]
    fn opencps_differs_from_bieu06_and_explains() {
        let d = Policy::opencps().differences(&Policy::bieu06());
        assert!(d.iter().any(|s| s.starts_with("withdrawn dossiers")));
        assert!(d.iter().any(|s| s.starts_with("rounding")));
        assert!(Policy::bieu06().differences(&Policy::bieu06()).is_empty());
    }

    #[test]
    fn serde_round_trip_with_defaults() {
        let p: Policy = serde_json::from_str(r#"{"decimals": 1}"#).unwrap();
        assert_eq!(p.measures.decimals, 1);
        assert_eq!(p.measures.denominator, Denominator::Resolved);
        assert_eq!(p.withdrawn, EndedAs::Resolved);
        let s = serde_json::to_string(&Policy::opencps()).unwrap();
        assert_eq!(
            serde_json::from_str::<Policy>(&s).unwrap(),
            Policy::opencps()
        );
    }
}
