//! Counting conventions: which dossier goes in which column, and how rates are computed.

use serde::{Deserialize, Serialize};

use super::measures::{parse_named, Denominator, MeasureOptions, Rounding};
use crate::{EngineError, QueryReason};

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

impl EndedAs {
    /// Both places.
    pub const ALL: [EndedAs; 2] = [EndedAs::Resolved, EndedAs::Separate];

    /// The name used by the CLI, JSON and TOML (`resolved`, `separate`).
    pub fn as_str(self) -> &'static str {
        match self {
            EndedAs::Resolved => "resolved",
            EndedAs::Separate => "separate",
        }
    }

    /// Parses a name of [`EndedAs::as_str`]; the error lists the valid names.
    pub fn parse(s: &str) -> Result<EndedAs, EngineError> {
        parse_named(s, &EndedAs::ALL, EndedAs::as_str, crate::OptionKind::Place)
    }
}

/// How lateness is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lateness {
    /// Late when `resolved_at > due_at` (date and time). The default.
    #[serde(alias = "datetime")]
    DateTime,
    /// Late when the calendar date of `resolved_at` is after the date of `due_at`: a dossier
    /// due at 17:00 and finished at 17:30 the same day is on time.
    Date,
}

impl Lateness {
    /// Both ways.
    pub const ALL: [Lateness; 2] = [Lateness::DateTime, Lateness::Date];

    /// The name used by the CLI (`datetime`, `date`; JSON and TOML write `date_time`).
    pub fn as_str(self) -> &'static str {
        match self {
            Lateness::DateTime => "datetime",
            Lateness::Date => "date",
        }
    }

    /// Parses `datetime` (or `date_time`) or `date`; the error lists the valid names.
    pub fn parse(s: &str) -> Result<Lateness, EngineError> {
        parse_named(
            &s.replace('_', ""),
            &Lateness::ALL,
            Lateness::as_str,
            crate::OptionKind::Lateness,
        )
    }
}

/// Which dossiers count as received in the period (the rest of those not finished before
/// the period are carried over).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ReceiptRule {
    /// Received from the period start on: `received_at ≥ S` (design §4). The default.
    #[default]
    FromStart,
    /// Received strictly after the period start: `received_at > S` (OpenCPS). A dossier
    /// received at the very second S is carried over (OpenCPS counts it nowhere).
    AfterStart,
}

/// When a dossier resolved in time is early (trước hạn) rather than on time (đúng hạn).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum EarlyRule {
    /// Resolved on a day before the due day; on the due day it is on time. The default.
    #[default]
    BeforeDueDay,
    /// Resolved before the due time (OpenCPS: handed back before `dueDate`); on time only
    /// at the due time exactly.
    BeforeDueTime,
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
    /// Received from the period start, or strictly after it.
    pub receipt: ReceiptRule,
    /// Early before the due day, or before the due time.
    pub early: EarlyRule,
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
            receipt: ReceiptRule::FromStart,
            early: EarlyRule::BeforeDueDay,
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

    /// How OpenCPS v2 counts (research/opencps.md): received strictly after the period
    /// start, early when handed back before the due time, withdrawn and
    /// waiting-for-supplement dossiers outside resolved and pending, refused-at-reception
    /// excluded, no due date read as on time, on-time rate floored to an integer.
    pub fn opencps() -> Policy {
        Policy {
            name: "opencps".into(),
            withdrawn: EndedAs::Separate,
            rejected: EndedAs::Resolved,
            lateness: Lateness::DateTime,
            receipt: ReceiptRule::AfterStart,
            early: EarlyRule::BeforeDueTime,
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

    /// The options in which `self` differs from `other`, in [`PolicyOption::ALL`] order.
    pub fn option_differences(&self, other: &Policy) -> Vec<PolicyOption> {
        PolicyOption::ALL
            .into_iter()
            .filter(|o| o.value(self) != o.value(other))
            .collect()
    }

    /// The options in which `self` differs from `other`, one sentence each, to explain why
    /// the same dossiers give two different tables.
    pub fn differences(&self, other: &Policy) -> Vec<String> {
        self.option_differences(other)
            .into_iter()
            .map(|o| {
                format!(
                    "{}: {} uses {}, {} uses {}",
                    o.caption_en(),
                    self.name,
                    o.value(self),
                    other.name,
                    o.value(other)
                )
            })
            .collect()
    }
}

/// One option of a [`Policy`]: its name, its captions in Vietnamese and English, what it
/// moves between the columns, and how to read or copy it. `minhbach aggregate --explain`
/// and `--compare` are built from these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PolicyOption {
    /// [`Policy::withdrawn`].
    Withdrawn,
    /// [`Policy::rejected`].
    Rejected,
    /// [`Policy::lateness`].
    Lateness,
    /// [`Policy::receipt`].
    Receipt,
    /// [`Policy::early`].
    Early,
    /// [`MeasureOptions::denominator`].
    Denominator,
    /// [`MeasureOptions::online_denominator`].
    OnlineDenominator,
    /// [`MeasureOptions::decimals`].
    Decimals,
    /// [`MeasureOptions::rounding`].
    Rounding,
    /// [`Policy::pauses`].
    Pauses,
    /// [`Policy::late_if_supplemented_twice`].
    LateIfSupplementedTwice,
    /// [`Policy::waiting_separate`].
    WaitingSeparate,
    /// [`Policy::exclude_refused_at_reception`].
    ExcludeRefusedAtReception,
    /// [`Policy::unknown_due`].
    UnknownDue,
}

/// The serde name of a value (`separate`, `half_up`, `2`, `true`).
fn serde_name<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

impl PolicyOption {
    /// Every option, classification options first, then how rates are computed.
    pub const ALL: [PolicyOption; 14] = [
        PolicyOption::Withdrawn,
        PolicyOption::Rejected,
        PolicyOption::Lateness,
        PolicyOption::Receipt,
        PolicyOption::Early,
        PolicyOption::Pauses,
        PolicyOption::LateIfSupplementedTwice,
        PolicyOption::WaitingSeparate,
        PolicyOption::ExcludeRefusedAtReception,
        PolicyOption::UnknownDue,
        PolicyOption::Denominator,
        PolicyOption::OnlineDenominator,
        PolicyOption::Rounding,
        PolicyOption::Decimals,
    ];

    /// The field name (as in JSON and TOML).
    pub fn name(self) -> &'static str {
        match self {
            PolicyOption::Withdrawn => "withdrawn",
            PolicyOption::Rejected => "rejected",
            PolicyOption::Lateness => "lateness",
            PolicyOption::Receipt => "receipt",
            PolicyOption::Early => "early",
            PolicyOption::Denominator => "denominator",
            PolicyOption::OnlineDenominator => "online_denominator",
            PolicyOption::Decimals => "decimals",
            PolicyOption::Rounding => "rounding",
            PolicyOption::Pauses => "pauses",
            PolicyOption::LateIfSupplementedTwice => "late_if_supplemented_twice",
            PolicyOption::WaitingSeparate => "waiting_separate",
            PolicyOption::ExcludeRefusedAtReception => "exclude_refused_at_reception",
            PolicyOption::UnknownDue => "unknown_due",
        }
    }

    /// What the option decides, in English.
    pub fn caption_en(self) -> &'static str {
        match self {
            PolicyOption::Withdrawn => "withdrawn dossiers",
            PolicyOption::Rejected => "rejected dossiers",
            PolicyOption::Lateness => "lateness",
            PolicyOption::Receipt => "received in the period",
            PolicyOption::Early => "early",
            PolicyOption::Denominator => "rate denominator",
            PolicyOption::OnlineDenominator => "online-share denominator",
            PolicyOption::Decimals => "decimals",
            PolicyOption::Rounding => "rounding",
            PolicyOption::Pauses => "supplementation pauses",
            PolicyOption::LateIfSupplementedTwice => "late after a second supplementation request",
            PolicyOption::WaitingSeparate => "waiting-for-supplement bucket",
            PolicyOption::ExcludeRefusedAtReception => "refused at reception excluded",
            PolicyOption::UnknownDue => "unknown due date",
        }
    }

    /// What the option decides, in Vietnamese.
    pub fn caption_vi(self) -> &'static str {
        match self {
            PolicyOption::Withdrawn => "hồ sơ rút",
            PolicyOption::Rejected => "hồ sơ trả lại, từ chối",
            PolicyOption::Lateness => "cách xác định quá hạn",
            PolicyOption::Receipt => "hồ sơ tiếp nhận trong kỳ",
            PolicyOption::Early => "cách xác định trước hạn",
            PolicyOption::Denominator => "mẫu số của tỷ lệ",
            PolicyOption::OnlineDenominator => "mẫu số của tỷ lệ trực tuyến",
            PolicyOption::Decimals => "số chữ số thập phân",
            PolicyOption::Rounding => "cách làm tròn",
            PolicyOption::Pauses => "thời gian tạm dừng để bổ sung hồ sơ",
            PolicyOption::LateIfSupplementedTwice => "yêu cầu bổ sung lần thứ hai tính là quá hạn",
            PolicyOption::WaitingSeparate => "hồ sơ chờ bổ sung tính riêng",
            PolicyOption::ExcludeRefusedAtReception => "loại hồ sơ từ chối ngay khi tiếp nhận",
            PolicyOption::UnknownDue => "hồ sơ không rõ hạn trả",
        }
    }

    /// Which dossiers the option moves, and between which columns, in English.
    pub fn moves_en(self) -> &'static str {
        match self {
            PolicyOption::Withdrawn => "withdrawn dossiers move between resolved (early / on time / late) and their own column",
            PolicyOption::Rejected => "rejected and returned dossiers move between resolved (early / on time / late) and their own column",
            PolicyOption::Lateness => "dossiers finished on their due day after the due time move between late and on time",
            PolicyOption::Receipt => "dossiers received at the very first second of the period move between received and carried over",
            PolicyOption::Early => "dossiers finished on their due day before the due time move between on time and early",
            PolicyOption::Denominator => "no dossier moves; the rates are divided by another total",
            PolicyOption::OnlineDenominator => "no dossier moves; the online share is divided by another total",
            PolicyOption::Decimals | PolicyOption::Rounding => "no dossier moves; the rates are rounded differently",
            PolicyOption::Pauses => "dossiers with supplementation pauses get another due date, so they may move between early, on time and late, or within due and overdue",
            PolicyOption::LateIfSupplementedTwice => "dossiers asked for supplementation twice move to late or overdue",
            PolicyOption::WaitingSeparate => "pending dossiers waiting for supplementation move between pending and their own column",
            PolicyOption::ExcludeRefusedAtReception => "rejected dossiers refused on the day of receipt leave the table for their own count",
            PolicyOption::UnknownDue => "dossiers without a due date move between their own column and on time / within due",
        }
    }

    /// Which dossiers the option moves, and between which columns, in Vietnamese.
    pub fn moves_vi(self) -> &'static str {
        match self {
            PolicyOption::Withdrawn => "hồ sơ rút chuyển giữa cột đã giải quyết (trước hạn, đúng hạn, quá hạn) và cột riêng",
            PolicyOption::Rejected => "hồ sơ trả lại, từ chối chuyển giữa cột đã giải quyết (trước hạn, đúng hạn, quá hạn) và cột riêng",
            PolicyOption::Lateness => "hồ sơ trả kết quả trong ngày hẹn nhưng sau giờ hẹn chuyển giữa quá hạn và đúng hạn",
            PolicyOption::Receipt => "hồ sơ tiếp nhận đúng thời điểm bắt đầu kỳ chuyển giữa tiếp nhận trong kỳ và từ kỳ trước",
            PolicyOption::Early => "hồ sơ trả kết quả trong ngày hẹn nhưng trước giờ hẹn chuyển giữa đúng hạn và trước hạn",
            PolicyOption::Denominator => "không hồ sơ nào chuyển cột; tỷ lệ được chia cho tổng số khác",
            PolicyOption::OnlineDenominator => "không hồ sơ nào chuyển cột; tỷ lệ trực tuyến được chia cho tổng số khác",
            PolicyOption::Decimals | PolicyOption::Rounding => "không hồ sơ nào chuyển cột; tỷ lệ được làm tròn khác",
            PolicyOption::Pauses => "hồ sơ có thời gian tạm dừng để bổ sung có hạn trả khác, có thể chuyển giữa trước hạn, đúng hạn và quá hạn, hoặc giữa trong hạn và quá hạn",
            PolicyOption::LateIfSupplementedTwice => "hồ sơ bị yêu cầu bổ sung hai lần chuyển sang quá hạn",
            PolicyOption::WaitingSeparate => "hồ sơ đang chờ bổ sung chuyển giữa cột đang giải quyết và cột riêng",
            PolicyOption::ExcludeRefusedAtReception => "hồ sơ bị từ chối ngay trong ngày tiếp nhận ra khỏi bảng, được đếm riêng",
            PolicyOption::UnknownDue => "hồ sơ không có hạn trả chuyển giữa cột riêng và đúng hạn / trong hạn",
        }
    }

    /// The option's value in `p`, as its serde name (`separate`, `half_up`, `2`, `true`).
    pub fn value(self, p: &Policy) -> String {
        let m = &p.measures;
        match self {
            PolicyOption::Withdrawn => serde_name(&p.withdrawn),
            PolicyOption::Rejected => serde_name(&p.rejected),
            PolicyOption::Lateness => serde_name(&p.lateness),
            PolicyOption::Receipt => serde_name(&p.receipt),
            PolicyOption::Early => serde_name(&p.early),
            PolicyOption::Denominator => serde_name(&m.denominator),
            PolicyOption::OnlineDenominator => serde_name(&m.online_denominator),
            PolicyOption::Decimals => m.decimals.to_string(),
            PolicyOption::Rounding => serde_name(&m.rounding),
            PolicyOption::Pauses => serde_name(&p.pauses),
            PolicyOption::LateIfSupplementedTwice => p.late_if_supplemented_twice.to_string(),
            PolicyOption::WaitingSeparate => p.waiting_separate.to_string(),
            PolicyOption::ExcludeRefusedAtReception => p.exclude_refused_at_reception.to_string(),
            PolicyOption::UnknownDue => serde_name(&p.unknown_due),
        }
    }

    /// Sets this option of `to` to its value in `from`.
    pub fn copy(self, from: &Policy, to: &mut Policy) {
        match self {
            PolicyOption::Withdrawn => to.withdrawn = from.withdrawn,
            PolicyOption::Rejected => to.rejected = from.rejected,
            PolicyOption::Lateness => to.lateness = from.lateness,
            PolicyOption::Receipt => to.receipt = from.receipt,
            PolicyOption::Early => to.early = from.early,
            PolicyOption::Denominator => to.measures.denominator = from.measures.denominator,
            PolicyOption::OnlineDenominator => {
                to.measures.online_denominator = from.measures.online_denominator
            }
            PolicyOption::Decimals => to.measures.decimals = from.measures.decimals,
            PolicyOption::Rounding => to.measures.rounding = from.measures.rounding,
            PolicyOption::Pauses => to.pauses = from.pauses,
            PolicyOption::LateIfSupplementedTwice => {
                to.late_if_supplemented_twice = from.late_if_supplemented_twice
            }
            PolicyOption::WaitingSeparate => to.waiting_separate = from.waiting_separate,
            PolicyOption::ExcludeRefusedAtReception => {
                to.exclude_refused_at_reception = from.exclude_refused_at_reception
            }
            PolicyOption::UnknownDue => to.unknown_due = from.unknown_due,
        }
    }

    /// Whether changing this option can move a dossier from one column to another (the
    /// rate options only change how the counts are divided and rounded).
    pub fn moves_dossiers(self) -> bool {
        !matches!(
            self,
            PolicyOption::Denominator
                | PolicyOption::OnlineDenominator
                | PolicyOption::Decimals
                | PolicyOption::Rounding
        )
    }
}

/// A convention as an office or a command line states it: a preset and the options that
/// override it (report.toml `[convention]`; the CLI's `--convention`, `--withdrawn`, …).
///
/// ```
/// use minhbach_engine::aggregate::{Denominator, PolicySpec};
/// let spec: PolicySpec = toml::from_str("preset = \"opencps\"\ndenominator = \"due\"\ndecimals = 1").unwrap();
/// let p = spec.to_policy().unwrap();
/// assert_eq!((p.name.as_str(), p.measures.denominator, p.measures.decimals), ("opencps", Denominator::Due, 1));
/// assert!(toml::from_str::<PolicySpec>("denominator = \"all\"").is_err());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PolicySpec {
    /// The preset (`bieu06`, `decision766`, `opencps`); `bieu06` when absent.
    pub preset: Option<String>,
    /// Overrides [`Policy::withdrawn`].
    pub withdrawn: Option<EndedAs>,
    /// Overrides [`Policy::rejected`].
    pub rejected: Option<EndedAs>,
    /// Overrides [`Policy::lateness`].
    pub lateness: Option<Lateness>,
    /// Overrides [`MeasureOptions::denominator`].
    pub denominator: Option<Denominator>,
    /// Overrides [`MeasureOptions::online_denominator`].
    pub online_denominator: Option<super::measures::OnlineDenominator>,
    /// Overrides [`MeasureOptions::rounding`].
    pub rounding: Option<Rounding>,
    /// Overrides [`MeasureOptions::decimals`] (0–4).
    pub decimals: Option<u32>,
}

impl PolicySpec {
    /// The largest number of decimals a convention may ask for.
    pub const MAX_DECIMALS: u32 = 4;

    /// The preset with the overrides applied. Errors: an unknown preset, decimals above 4.
    pub fn to_policy(&self) -> Result<Policy, EngineError> {
        let mut p = match &self.preset {
            Some(name) => Policy::named(name)?,
            None => Policy::default(),
        };
        if let Some(v) = self.withdrawn {
            p.withdrawn = v;
        }
        if let Some(v) = self.rejected {
            p.rejected = v;
        }
        if let Some(v) = self.lateness {
            p.lateness = v;
        }
        let m = &mut p.measures;
        if let Some(v) = self.denominator {
            m.denominator = v;
        }
        if let Some(v) = self.online_denominator {
            m.online_denominator = v;
        }
        if let Some(v) = self.rounding {
            m.rounding = v;
        }
        if let Some(v) = self.decimals {
            if v > Self::MAX_DECIMALS {
                return Err(EngineError::InvalidQuery {
                    reason: QueryReason::TooManyDecimals {
                        value: v,
                        max: Self::MAX_DECIMALS,
                    },
                });
            }
            m.decimals = v;
        }
        Ok(p)
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
    fn copying_every_difference_turns_one_policy_into_the_other() {
        for a in Policy::PRESETS {
            for b in Policy::PRESETS {
                let (pa, pb) = (Policy::named(a).unwrap(), Policy::named(b).unwrap());
                let mut p = pa.clone();
                for o in pa.option_differences(&pb) {
                    assert_ne!(o.value(&p), o.value(&pb));
                    o.copy(&pb, &mut p);
                    assert_eq!(o.value(&p), o.value(&pb));
                }
                p.name = pb.name.clone();
                assert_eq!(p, pb, "{a} → {b}");
            }
        }
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
