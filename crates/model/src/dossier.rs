//! Administrative-procedure dossiers (hồ sơ thủ tục hành chính) as exported by one-stop
//! software.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::text::fold;
use crate::ModelError;

/// How a dossier was submitted (kênh thực hiện).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// Trực tiếp: at the one-stop counter (national feed code 1).
    Direct,
    /// Trực tuyến: through the online public-service portal (code 2).
    Online,
    /// Dịch vụ bưu chính công ích: by public postal service (code 3).
    Postal,
}

impl Channel {
    /// All channels, in the national feed's code order.
    pub const ALL: [Channel; 3] = [Channel::Direct, Channel::Online, Channel::Postal];

    /// Parses a channel: `direct|online|postal`, the Vietnamese words (`trực tiếp`,
    /// `trực tuyến`, `bưu chính`, `bưu chính công ích`, `BCCI`, any case, with or without
    /// diacritics) or the national feed's codes `1|2|3`. An empty value is `Direct`, as the
    /// Decision 766 technical description counts a missing channel as trực tiếp.
    ///
    /// ```
    /// use minhbach_model::Channel;
    /// assert_eq!(Channel::parse("2").unwrap(), Channel::Online);
    /// assert_eq!(Channel::parse("Bưu chính công ích").unwrap(), Channel::Postal);
    /// assert_eq!(Channel::parse("").unwrap(), Channel::Direct);
    /// assert!(Channel::parse("fax").is_err());
    /// ```
    pub fn parse(s: &str) -> Result<Channel, ModelError> {
        match s.trim() {
            "" | "direct" | "1" => return Ok(Channel::Direct),
            "online" | "2" => return Ok(Channel::Online),
            "postal" | "3" => return Ok(Channel::Postal),
            _ => {}
        }
        match fold(s).as_str() {
            "direct" | "truc tiep" | "tai quay" | "mot cua" => Ok(Channel::Direct),
            "online" | "truc tuyen" | "dvc truc tuyen" | "dich vu cong truc tuyen" => {
                Ok(Channel::Online)
            }
            "postal"
            | "buu chinh"
            | "buu chinh cong ich"
            | "dich vu buu chinh"
            | "dich vu buu chinh cong ich"
            | "bcci"
            | "qua buu dien"
            | "buu dien" => Ok(Channel::Postal),
            _ => Err(ModelError::InvalidChannel {
                value: s.to_string(),
            }),
        }
    }

    /// The canonical English name used in data files: `direct`, `online`, `postal`.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Direct => "direct",
            Channel::Online => "online",
            Channel::Postal => "postal",
        }
    }

    /// The Vietnamese name as written in reports.
    pub fn vietnamese(self) -> &'static str {
        match self {
            Channel::Direct => "Trực tiếp",
            Channel::Online => "Trực tuyến",
            Channel::Postal => "Dịch vụ bưu chính công ích",
        }
    }
}

impl std::fmt::Display for Channel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How processing of a dossier ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// A result was issued (đã có kết quả / phê duyệt).
    Approved,
    /// Refused or returned (từ chối / trả lại hồ sơ).
    Rejected,
    /// Withdrawn by the applicant (rút hồ sơ / dừng xử lý).
    Withdrawn,
}

impl Outcome {
    /// Parses an outcome: `approved|rejected|withdrawn`, or Vietnamese (`đã giải quyết`,
    /// `có kết quả`, `từ chối`, `trả lại`, `rút hồ sơ`, `dừng xử lý`). An empty value is
    /// `None`: the dossier is still being processed.
    ///
    /// ```
    /// use minhbach_model::Outcome;
    /// assert_eq!(Outcome::parse("approved").unwrap(), Some(Outcome::Approved));
    /// assert_eq!(Outcome::parse("Rút hồ sơ").unwrap(), Some(Outcome::Withdrawn));
    /// assert_eq!(Outcome::parse(" ").unwrap(), None);
    /// assert!(Outcome::parse("maybe").is_err());
    /// ```
    pub fn parse(s: &str) -> Result<Option<Outcome>, ModelError> {
        match s.trim() {
            "" => return Ok(None),
            "approved" => return Ok(Some(Outcome::Approved)),
            "rejected" => return Ok(Some(Outcome::Rejected)),
            "withdrawn" => return Ok(Some(Outcome::Withdrawn)),
            _ => {}
        }
        match fold(s).as_str() {
            "approved" | "da giai quyet" | "co ket qua" | "da co ket qua" | "phe duyet"
            | "hoan thanh" | "da tra ket qua" => Ok(Some(Outcome::Approved)),
            "rejected" | "tu choi" | "tra lai" | "tra lai ho so" | "khong giai quyet" => {
                Ok(Some(Outcome::Rejected))
            }
            "withdrawn" | "rut ho so" | "rut" | "dung xu ly" | "huy" => {
                Ok(Some(Outcome::Withdrawn))
            }
            _ => Err(ModelError::InvalidOutcome {
                value: s.to_string(),
            }),
        }
    }

    /// The canonical English name used in data files.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Approved => "approved",
            Outcome::Rejected => "rejected",
            Outcome::Withdrawn => "withdrawn",
        }
    }
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A pause in processing while the applicant supplements the dossier (tạm dừng để bổ sung).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Pause {
    /// When the agency asked for supplementation.
    pub start: NaiveDateTime,
    /// When the supplemented dossier was received again; `None` while still waiting.
    pub end: Option<NaiveDateTime>,
}

/// One dossier of an administrative procedure, as one row of a one-stop export.
///
/// All times are local (UTC+7) and naive.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Dossier {
    /// Unique dossier id (mã hồ sơ).
    pub id: String,
    /// Receipt time (ngày tiếp nhận).
    pub received_at: NaiveDateTime,
    /// Procedure code (mã thủ tục), e.g. `1.001234`.
    pub procedure_code: Option<String>,
    /// Agency handling the dossier (đơn vị xử lý).
    pub agency: Option<String>,
    /// Field of the procedure (lĩnh vực).
    pub field: Option<String>,
    /// Government level (cấp thực hiện): tỉnh, huyện, xã.
    pub level: Option<String>,
    /// Online service level of the dossier's procedure as the export states it (mức độ 2/3/4;
    /// toàn trình / một phần), distinct from the government `level`. Absent from most exports:
    /// the aggregation then takes it from the procedure catalogue.
    #[serde(default)]
    pub online_level: Option<String>,
    /// Submission channel.
    pub channel: Channel,
    /// Appointed return time (ngày hẹn trả), when the export carries it.
    pub due_at: Option<NaiveDateTime>,
    /// When processing ended (ngày có kết quả), if it has.
    pub resolved_at: Option<NaiveDateTime>,
    /// How processing ended; `None` while pending.
    pub outcome: Option<Outcome>,
    /// Supplementation pauses, in time order.
    pub pauses: Vec<Pause>,
}

impl Dossier {
    /// Checks that the fields agree with each other:
    /// resolved and due times are not before receipt, an outcome has a resolution time,
    /// pauses lie between receipt and resolution and end after they start.
    ///
    /// A resolution time without an outcome is accepted (exports often lack the outcome
    /// column); [`Dossier::effective_outcome`] reads it as approved.
    ///
    /// ```
    /// use minhbach_model::{parse_datetime, Channel, Dossier};
    /// let d = Dossier {
    ///     id: "H48.38-210104-000001".into(),
    ///     received_at: parse_datetime("2021-01-04T08:00:00").unwrap(),
    ///     procedure_code: None, agency: None, field: None, level: None, online_level: None,
    ///     channel: Channel::Direct,
    ///     due_at: None,
    ///     resolved_at: Some(parse_datetime("2021-01-03T08:00:00").unwrap()),
    ///     outcome: None,
    ///     pauses: vec![],
    /// };
    /// let e = d.validate().unwrap_err().to_string();
    /// assert!(e.contains("H48.38-210104-000001") && e.contains("resolved_at"));
    /// ```
    pub fn validate(&self) -> Result<(), ModelError> {
        let bad = |field: &'static str, reason: DossierReason| ModelError::InvalidDossier {
            id: self.id.clone(),
            field,
            reason,
        };
        if self.id.trim().is_empty() {
            return Err(bad("id", DossierReason::EmptyId));
        }
        let pauses = self.pauses.iter().map(|p| (p.start, p.end));
        let fault = check_times(
            self.received_at,
            self.due_at,
            self.resolved_at,
            self.outcome,
            pauses,
        );
        let Err(fault) = fault else {
            return Ok(());
        };
        Err(bad(
            fault.field(),
            DossierReason::Times {
                fault,
                received: self.received_at,
            },
        ))
    }

    /// The outcome, reading a resolved dossier without one as approved.
    pub fn effective_outcome(&self) -> Option<Outcome> {
        match (self.outcome, self.resolved_at) {
            (Some(o), _) => Some(o),
            (None, Some(_)) => Some(Outcome::Approved),
            (None, None) => None,
        }
    }
}

/// The first rule a dossier's times break ([`check_times`]), with the times involved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeFault<T> {
    /// Resolved before it was received.
    ResolvedBeforeReceived {
        /// The resolution time.
        resolved: T,
    },
    /// Due before it was received.
    DueBeforeReceived {
        /// The due time.
        due: T,
    },
    /// An outcome without a resolution time.
    OutcomeWithoutResolution {
        /// The outcome.
        outcome: Outcome,
    },
    /// A pause starts before receipt or before the previous pause ends.
    PauseTooEarly {
        /// The pause's start.
        start: T,
        /// Receipt, or the previous pause's end (its start while it is open).
        previous: T,
    },
    /// A pause ends before it starts.
    PauseEndsBeforeStart {
        /// The pause's start.
        start: T,
        /// The pause's end.
        end: T,
    },
    /// A pause starts after resolution.
    PauseAfterResolution {
        /// The pause's start.
        start: T,
        /// The resolution time.
        resolved: T,
    },
}

impl<T> TimeFault<T> {
    /// The field at fault (`resolved_at`, `due_at`, `pause_start`, `pause_end`).
    pub fn field(&self) -> &'static str {
        match self {
            TimeFault::ResolvedBeforeReceived { .. }
            | TimeFault::OutcomeWithoutResolution { .. } => "resolved_at",
            TimeFault::DueBeforeReceived { .. } => "due_at",
            TimeFault::PauseTooEarly { .. } | TimeFault::PauseAfterResolution { .. } => {
                "pause_start"
            }
            TimeFault::PauseEndsBeforeStart { .. } => "pause_end",
        }
    }
}

/// Why a [`Dossier`] is invalid ([`ModelError::InvalidDossier`], [`Dossier::validate`]).
///
/// ```
/// use minhbach_model::{parse_datetime, Bilingual, DossierReason, Lang, TimeFault};
/// let at = |s| parse_datetime(s).unwrap();
/// let r = DossierReason::Times {
///     fault: TimeFault::ResolvedBeforeReceived { resolved: at("2021-01-03T08:00:00") },
///     received: at("2021-01-04T08:00:00"),
/// };
/// assert_eq!(
///     r.to_string(),
///     "resolved at 2021-01-03 08:00:00 before it was received at 2021-01-04 08:00:00"
/// );
/// assert_eq!(
///     r.in_lang(Lang::Vi).to_string(),
///     "giải quyết lúc 2021-01-03 08:00:00, trước thời gian tiếp nhận 2021-01-04 08:00:00"
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DossierReason {
    /// The dossier id is empty.
    EmptyId,
    /// A rule of [`check_times`] is broken.
    Times {
        /// The rule broken, with the times involved.
        fault: TimeFault<NaiveDateTime>,
        /// When the dossier was received.
        received: NaiveDateTime,
    },
}

impl std::fmt::Display for DossierReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (fault, received) = match self {
            DossierReason::EmptyId => return f.write_str("the dossier id is empty"),
            DossierReason::Times { fault, received } => (fault, received),
        };
        match fault {
            TimeFault::ResolvedBeforeReceived { resolved } => {
                write!(
                    f,
                    "resolved at {resolved} before it was received at {received}"
                )
            }
            TimeFault::DueBeforeReceived { due } => {
                write!(f, "due at {due} before it was received at {received}")
            }
            TimeFault::OutcomeWithoutResolution { outcome } => {
                write!(f, "outcome is {outcome} but there is no resolution time")
            }
            TimeFault::PauseTooEarly { start, previous } => {
                write!(f, "pause starts at {start} before {previous}")
            }
            TimeFault::PauseEndsBeforeStart { start, end } => {
                write!(f, "pause ends at {end} before it starts at {start}")
            }
            TimeFault::PauseAfterResolution { start, resolved } => {
                write!(f, "pause starts at {start} after resolution at {resolved}")
            }
        }
    }
}

impl crate::Bilingual for DossierReason {
    fn fmt_vi(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (fault, received) = match self {
            DossierReason::EmptyId => return f.write_str("mã hồ sơ để trống"),
            DossierReason::Times { fault, received } => (fault, received),
        };
        match fault {
            TimeFault::ResolvedBeforeReceived { resolved } => write!(
                f,
                "giải quyết lúc {resolved}, trước thời gian tiếp nhận {received}"
            ),
            TimeFault::DueBeforeReceived { due } => {
                write!(
                    f,
                    "hạn giải quyết {due} trước thời gian tiếp nhận {received}"
                )
            }
            TimeFault::OutcomeWithoutResolution { outcome } => write!(
                f,
                "kết quả là {outcome} nhưng không có thời gian giải quyết"
            ),
            TimeFault::PauseTooEarly { start, previous } => {
                write!(f, "tạm dừng bắt đầu lúc {start}, trước {previous}")
            }
            TimeFault::PauseEndsBeforeStart { start, end } => write!(
                f,
                "tạm dừng kết thúc lúc {end}, trước khi bắt đầu lúc {start}"
            ),
            TimeFault::PauseAfterResolution { start, resolved } => write!(
                f,
                "tạm dừng bắt đầu lúc {start}, sau khi giải quyết lúc {resolved}"
            ),
        }
    }
}

/// The one set of rules a dossier's times obey, in the order they are checked: resolved and
/// due times are not before receipt, an outcome has a resolution time, pauses start after
/// receipt and after the previous pause, end after they start and start before resolution.
/// Generic over the time type, so [`Dossier::validate`] checks date-times and a streaming
/// reader checks the timestamps it parsed, with the same rules.
///
/// ```
/// use minhbach_model::{check_times, TimeFault};
/// assert_eq!(check_times(10, Some(20), Some(15), None, []), Ok(()));
/// assert_eq!(
///     check_times(10, None, Some(5), None, []),
///     Err(TimeFault::ResolvedBeforeReceived { resolved: 5 })
/// );
/// ```
#[inline(always)]
pub fn check_times<T: Copy + Ord>(
    received: T,
    due: Option<T>,
    resolved: Option<T>,
    outcome: Option<Outcome>,
    pauses: impl IntoIterator<Item = (T, Option<T>)>,
) -> Result<(), TimeFault<T>> {
    if let Some(r) = resolved {
        if r < received {
            return Err(TimeFault::ResolvedBeforeReceived { resolved: r });
        }
    }
    if let Some(d) = due {
        if d < received {
            return Err(TimeFault::DueBeforeReceived { due: d });
        }
    }
    if let (Some(o), None) = (outcome, resolved) {
        return Err(TimeFault::OutcomeWithoutResolution { outcome: o });
    }
    let mut previous = received;
    for (start, end) in pauses {
        if start < previous {
            return Err(TimeFault::PauseTooEarly { start, previous });
        }
        match end {
            Some(e) if e < start => return Err(TimeFault::PauseEndsBeforeStart { start, end: e }),
            Some(e) => previous = e,
            None => previous = start,
        }
        if let Some(r) = resolved {
            if start > r {
                return Err(TimeFault::PauseAfterResolution { start, resolved: r });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn every_dossier_reason_has_a_vietnamese_wording() {
        let at = |s| crate::parse_datetime(s).unwrap();
        let (a, b) = (at("2021-01-04T08:00:00"), at("2021-01-05T08:00:00"));
        let times = |fault| DossierReason::Times { fault, received: b };
        let all = [
            DossierReason::EmptyId,
            times(TimeFault::ResolvedBeforeReceived { resolved: a }),
            times(TimeFault::DueBeforeReceived { due: a }),
            times(TimeFault::OutcomeWithoutResolution {
                outcome: Outcome::Rejected,
            }),
            times(TimeFault::PauseTooEarly {
                start: a,
                previous: b,
            }),
            times(TimeFault::PauseEndsBeforeStart { start: b, end: a }),
            times(TimeFault::PauseAfterResolution {
                start: b,
                resolved: a,
            }),
        ];
        assert_eq!(crate::lang::untranslated(&all), Vec::<String>::new());
    }

    #[test]
    fn channel_spellings() {
        for (s, c) in [
            ("Trực tiếp", Channel::Direct),
            ("TRUC TIEP", Channel::Direct),
            ("1", Channel::Direct),
            ("online", Channel::Online),
            ("trực tuyến", Channel::Online),
            ("3", Channel::Postal),
            ("BCCI", Channel::Postal),
        ] {
            assert_eq!(Channel::parse(s).unwrap(), c, "{s}");
        }
        let e = Channel::parse("fax").unwrap_err().to_string();
        assert!(e.contains("\"fax\""), "{e}");
    }

    proptest! {
        #[test]
        fn parsers_never_panic(s in ".*") {
            let _ = Channel::parse(&s);
            let _ = Outcome::parse(&s);
        }

        #[test]
        fn canonical_names_round_trip(i in 0usize..3) {
            let c = Channel::ALL[i];
            prop_assert_eq!(Channel::parse(c.as_str()).unwrap(), c);
        }
    }
}
