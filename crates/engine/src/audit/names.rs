//! What an audited figure can be: the Biểu 06 counts a text states and the catalogue's rates.

use serde::{Deserialize, Serialize};

/// The name of a stated figure. Counts are Biểu 06 columns (and the sums reports state, such
/// as "đúng và trước hạn" or "đến hạn giải quyết"); rates are measure ids of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FigureName {
    /// Received in the period (tiếp nhận mới): online + direct/postal.
    Received,
    /// Received online (trực tuyến).
    ReceivedOnline,
    /// Received directly or by post (trực tiếp, bưu chính).
    ReceivedDirectPostal,
    /// Carried over from the previous period (kỳ trước chuyển sang, tồn).
    CarriedOver,
    /// To be handled in the period (cần giải quyết, lũy kế): received + carried over.
    Handled,
    /// Due in the period (đến hạn giải quyết): resolved + pending overdue.
    Due,
    /// Processed (đã xử lý): resolved + returned/withdrawn.
    Processed,
    /// Resolved (đã giải quyết): early + on time + late.
    Resolved,
    /// Resolved early or on time (đúng hạn; đúng và trước hạn).
    ResolvedInTime,
    /// Resolved early (trước hạn).
    ResolvedEarly,
    /// Resolved on time, strictly (đúng hạn, when "trước hạn" is stated beside it).
    ResolvedOnTime,
    /// Resolved late (quá hạn, trễ hạn, chậm).
    ResolvedLate,
    /// Pending at the cut-off (đang giải quyết).
    Pending,
    /// Pending and not yet due (chưa đến hạn, trong hạn).
    PendingWithinDue,
    /// Pending and overdue (đang giải quyết quá hạn).
    PendingOverdue,
    /// Resolved late plus pending overdue ("chậm hạn và quá hạn chưa có kết quả").
    LateOrOverdue,
    /// Returned plus withdrawn (trả lại hồ sơ và rút hồ sơ).
    SetAside,
    /// Withdrawn (rút hồ sơ).
    Withdrawn,
    /// Returned or refused (trả lại, từ chối).
    Rejected,
    /// On-time rate (tỷ lệ đúng hạn: early + on time), catalogue measure `on_time_rate`.
    OnTimeRate,
    /// Share resolved early, measure `resolved_early_rate`.
    ResolvedEarlyRate,
    /// Share resolved strictly on time, measure `resolved_on_time_rate`.
    ResolvedOnTimeRate,
    /// Late rate, measure `late_rate`.
    LateRate,
    /// Share returned or withdrawn, measure `set_aside_rate`.
    SetAsideRate,
    /// Online share, measure `online_rate`.
    OnlineRate,
}

impl FigureName {
    /// Every name, counts first.
    pub const ALL: [FigureName; 25] = [
        FigureName::Received,
        FigureName::ReceivedOnline,
        FigureName::ReceivedDirectPostal,
        FigureName::CarriedOver,
        FigureName::Handled,
        FigureName::Due,
        FigureName::Processed,
        FigureName::Resolved,
        FigureName::ResolvedInTime,
        FigureName::ResolvedEarly,
        FigureName::ResolvedOnTime,
        FigureName::ResolvedLate,
        FigureName::Pending,
        FigureName::PendingWithinDue,
        FigureName::PendingOverdue,
        FigureName::LateOrOverdue,
        FigureName::SetAside,
        FigureName::Withdrawn,
        FigureName::Rejected,
        FigureName::OnTimeRate,
        FigureName::ResolvedEarlyRate,
        FigureName::ResolvedOnTimeRate,
        FigureName::LateRate,
        FigureName::SetAsideRate,
        FigureName::OnlineRate,
    ];

    /// The id (as in JSON and in figures files).
    pub fn as_str(self) -> &'static str {
        match self {
            FigureName::Received => "received",
            FigureName::ReceivedOnline => "received_online",
            FigureName::ReceivedDirectPostal => "received_direct_postal",
            FigureName::CarriedOver => "carried_over",
            FigureName::Handled => "handled",
            FigureName::Due => "due",
            FigureName::Processed => "processed",
            FigureName::Resolved => "resolved",
            FigureName::ResolvedInTime => "resolved_in_time",
            FigureName::ResolvedEarly => "resolved_early",
            FigureName::ResolvedOnTime => "resolved_on_time",
            FigureName::ResolvedLate => "resolved_late",
            FigureName::Pending => "pending",
            FigureName::PendingWithinDue => "pending_within_due",
            FigureName::PendingOverdue => "pending_overdue",
            FigureName::LateOrOverdue => "late_or_overdue",
            FigureName::SetAside => "set_aside",
            FigureName::Withdrawn => "withdrawn",
            FigureName::Rejected => "rejected",
            FigureName::OnTimeRate => "on_time_rate",
            FigureName::ResolvedEarlyRate => "resolved_early_rate",
            FigureName::ResolvedOnTimeRate => "resolved_on_time_rate",
            FigureName::LateRate => "late_rate",
            FigureName::SetAsideRate => "set_aside_rate",
            FigureName::OnlineRate => "online_rate",
        }
    }

    /// Parses an id.
    pub fn parse(s: &str) -> Option<FigureName> {
        FigureName::ALL.into_iter().find(|n| n.as_str() == s.trim())
    }

    /// The Vietnamese caption, as a report writes it.
    pub fn caption(self) -> &'static str {
        match self {
            FigureName::Received => "tiếp nhận mới",
            FigureName::ReceivedOnline => "tiếp nhận trực tuyến",
            FigureName::ReceivedDirectPostal => "tiếp nhận trực tiếp, bưu chính",
            FigureName::CarriedOver => "kỳ trước chuyển sang",
            FigureName::Handled => "cần giải quyết",
            FigureName::Due => "đến hạn giải quyết",
            FigureName::Processed => "đã xử lý",
            FigureName::Resolved => "đã giải quyết",
            FigureName::ResolvedInTime => "đúng và trước hạn",
            FigureName::ResolvedEarly => "trước hạn",
            FigureName::ResolvedOnTime => "đúng hạn",
            FigureName::ResolvedLate => "giải quyết quá hạn",
            FigureName::Pending => "đang giải quyết",
            FigureName::PendingWithinDue => "chưa đến hạn",
            FigureName::PendingOverdue => "đang giải quyết quá hạn",
            FigureName::LateOrOverdue => "chậm hạn và quá hạn",
            FigureName::SetAside => "trả lại và rút hồ sơ",
            FigureName::Withdrawn => "rút hồ sơ",
            FigureName::Rejected => "trả lại hồ sơ",
            FigureName::OnTimeRate => "tỷ lệ đúng hạn",
            FigureName::ResolvedEarlyRate => "tỷ lệ trước hạn",
            FigureName::ResolvedOnTimeRate => "tỷ lệ đúng hạn (không kể trước hạn)",
            FigureName::LateRate => "tỷ lệ quá hạn",
            FigureName::SetAsideRate => "tỷ lệ trả lại và rút hồ sơ",
            FigureName::OnlineRate => "tỷ lệ trực tuyến",
        }
    }

    /// Whether this is a rate (in percent) rather than a count.
    pub fn is_rate(self) -> bool {
        matches!(
            self,
            FigureName::OnTimeRate
                | FigureName::ResolvedEarlyRate
                | FigureName::ResolvedOnTimeRate
                | FigureName::LateRate
                | FigureName::SetAsideRate
                | FigureName::OnlineRate
        )
    }

    /// The rate a report states beside this count ("… 52 hồ sơ quá hạn, chiếm 0,4%"), if
    /// the catalogue has one.
    pub fn rate(self) -> Option<FigureName> {
        Some(match self {
            FigureName::ResolvedInTime => FigureName::OnTimeRate,
            FigureName::ResolvedEarly => FigureName::ResolvedEarlyRate,
            FigureName::ResolvedOnTime => FigureName::ResolvedOnTimeRate,
            FigureName::ResolvedLate | FigureName::LateOrOverdue => FigureName::LateRate,
            FigureName::SetAside => FigureName::SetAsideRate,
            FigureName::ReceivedOnline => FigureName::OnlineRate,
            _ => return None,
        })
    }
}

impl std::fmt::Display for FigureName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
