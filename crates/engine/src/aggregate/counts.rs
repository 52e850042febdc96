//! The counts of one table row and the columns of the table: the one Biểu 06 vocabulary
//! (column ids, form numbers, Vietnamese captions and display order) that every renderer
//! iterates, and the separate buckets the conventions add.

use serde::{Deserialize, Serialize};

use crate::{EngineError, QueryReason};

/// The exact, additive figures of one row of the table (one group, or the total).
///
/// Totals such as [`Counts::received`] are derived, so the Biểu 06 identities
/// `received = online + direct_postal`, `resolved = early + on_time + late` and
/// `pending = within_due + overdue` hold by construction; [`Counts::check`] verifies the
/// remaining one, `received + carried_over = resolved + pending + separate buckets`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Counts {
    /// Received in the period online (trực tuyến), column (4).
    pub received_online: u64,
    /// Received in the period directly or by post (trực tiếp, dịch vụ bưu chính), column (5).
    pub received_direct_postal: u64,
    /// Received before the period and not finished before it (từ kỳ trước), column (6).
    pub carried_over: u64,
    /// Resolved before the due date (trước hạn), column (8).
    pub resolved_early: u64,
    /// Resolved on the due date (đúng hạn), column (9).
    pub resolved_on_time: u64,
    /// Resolved after the due date (quá hạn), column (10).
    pub resolved_late: u64,
    /// Pending at the cut-off, not yet due (trong hạn), column (12).
    pub pending_within_due: u64,
    /// Pending at the cut-off and overdue (quá hạn), column (13).
    pub pending_overdue: u64,
    /// Withdrawn in the period, when the policy counts them separately.
    pub withdrawn: u64,
    /// Rejected / returned in the period, when the policy counts them separately.
    pub rejected: u64,
    /// Pending and waiting for supplementation at the cut-off, when the policy counts them
    /// separately (OpenCPS "tạm dừng bổ sung").
    pub waiting: u64,
    /// Handled in the period but with no known due date (no `due_at`, no catalogue entry).
    pub unknown_due: u64,
    /// Refused at reception, excluded from every other column (OpenCPS policy only).
    pub refused_at_reception: u64,
    /// Sum over resolved dossiers of `resolved_at − received_at`, in seconds.
    pub processing_seconds: i128,
    /// Sum over resolved dossiers of the working days from receipt to resolution
    /// (working days in `(date received, date resolved]`), when a calendar is given.
    pub processing_working_days: i64,
    /// Number of resolved dossiers included in `processing_working_days`.
    pub working_days_counted: u64,
}

impl Counts {
    /// Received in the period (column 3 minus carried over): online + direct/postal.
    pub fn received(&self) -> u64 {
        self.received_online + self.received_direct_postal
    }

    /// Resolved in the period, column (7): early + on time + late.
    pub fn resolved(&self) -> u64 {
        self.resolved_early + self.resolved_on_time + self.resolved_late
    }

    /// Pending at the cut-off, column (11): within due + overdue.
    pub fn pending(&self) -> u64 {
        self.pending_within_due + self.pending_overdue
    }

    /// Handled in the period ("cần xử lý"), Biểu 06 column (3): received + carried over.
    pub fn handled(&self) -> u64 {
        self.received() + self.carried_over
    }

    /// Resolved early or on time (trước hạn và đúng hạn): "giải quyết đúng thời gian quy định".
    pub fn resolved_in_time(&self) -> u64 {
        self.resolved_early + self.resolved_on_time
    }

    /// Rejected + withdrawn dossiers kept in their own buckets (trả lại, rút hồ sơ); 0 when
    /// the policy counts them as resolved.
    pub fn set_aside(&self) -> u64 {
        self.rejected + self.withdrawn
    }

    /// Both sides of the conservation identity: (received + carried over, resolved + pending
    /// + separate buckets). They are equal for every row the engine produces.
    pub fn balance(&self) -> (u64, u64) {
        (
            self.handled(),
            self.resolved() + self.pending() + self.separate(),
        )
    }

    /// The dossiers in the separate buckets: withdrawn + rejected + waiting + unknown due.
    pub fn separate(&self) -> u64 {
        self.withdrawn + self.rejected + self.waiting + self.unknown_due
    }

    /// Adds `other` into `self` (associative and commutative).
    pub fn merge(&mut self, other: &Counts) {
        self.received_online += other.received_online;
        self.received_direct_postal += other.received_direct_postal;
        self.carried_over += other.carried_over;
        self.resolved_early += other.resolved_early;
        self.resolved_on_time += other.resolved_on_time;
        self.resolved_late += other.resolved_late;
        self.pending_within_due += other.pending_within_due;
        self.pending_overdue += other.pending_overdue;
        self.withdrawn += other.withdrawn;
        self.rejected += other.rejected;
        self.waiting += other.waiting;
        self.unknown_due += other.unknown_due;
        self.refused_at_reception += other.refused_at_reception;
        self.processing_seconds += other.processing_seconds;
        self.processing_working_days += other.processing_working_days;
        self.working_days_counted += other.working_days_counted;
    }

    /// Takes `b` out of `self`, column by column (saturating): a row counted and then found
    /// to be a duplicate.
    pub(crate) fn subtract(&mut self, b: &Counts) {
        let a = self;
        a.received_online = a.received_online.saturating_sub(b.received_online);
        a.received_direct_postal = a
            .received_direct_postal
            .saturating_sub(b.received_direct_postal);
        a.carried_over = a.carried_over.saturating_sub(b.carried_over);
        a.resolved_early = a.resolved_early.saturating_sub(b.resolved_early);
        a.resolved_on_time = a.resolved_on_time.saturating_sub(b.resolved_on_time);
        a.resolved_late = a.resolved_late.saturating_sub(b.resolved_late);
        a.pending_within_due = a.pending_within_due.saturating_sub(b.pending_within_due);
        a.pending_overdue = a.pending_overdue.saturating_sub(b.pending_overdue);
        a.withdrawn = a.withdrawn.saturating_sub(b.withdrawn);
        a.rejected = a.rejected.saturating_sub(b.rejected);
        a.waiting = a.waiting.saturating_sub(b.waiting);
        a.unknown_due = a.unknown_due.saturating_sub(b.unknown_due);
        a.refused_at_reception = a
            .refused_at_reception
            .saturating_sub(b.refused_at_reception);
        a.processing_seconds -= b.processing_seconds;
        a.processing_working_days -= b.processing_working_days;
        a.working_days_counted = a
            .working_days_counted
            .saturating_sub(b.working_days_counted);
    }

    /// Checks `received + carried_over = resolved + pending + withdrawn + rejected + waiting +
    /// unknown_due` and that means have consistent denominators. `what` names the row in the
    /// error.
    pub fn check(&self, what: &str) -> Result<(), EngineError> {
        let (left, right) = self.balance();
        if left != right {
            return Err(EngineError::IdentityBroken {
                row: what.to_string(),
                identity: format!(
                    "received + carried_over ({left}) = resolved + pending + separate buckets ({right})"
                ),
            });
        }
        if self.working_days_counted > self.resolved() {
            return Err(EngineError::IdentityBroken {
                row: what.to_string(),
                identity: format!(
                    "working_days_counted ({}) <= resolved ({})",
                    self.working_days_counted,
                    self.resolved()
                ),
            });
        }
        if self.resolved() == 0 && self.processing_seconds != 0 {
            return Err(EngineError::IdentityBroken {
                row: what.to_string(),
                identity: "processing_seconds = 0 when nothing is resolved".into(),
            });
        }
        Ok(())
    }

    /// The value of one column.
    pub fn get(&self, column: Column) -> u64 {
        match column {
            Column::Handled => self.handled(),
            Column::Received => self.received(),
            Column::ReceivedOnline => self.received_online,
            Column::ReceivedDirectPostal => self.received_direct_postal,
            Column::CarriedOver => self.carried_over,
            Column::Resolved => self.resolved(),
            Column::ResolvedEarly => self.resolved_early,
            Column::ResolvedOnTime => self.resolved_on_time,
            Column::ResolvedLate => self.resolved_late,
            Column::Pending => self.pending(),
            Column::PendingWithinDue => self.pending_within_due,
            Column::PendingOverdue => self.pending_overdue,
            Column::Withdrawn => self.withdrawn,
            Column::Rejected => self.rejected,
            Column::Waiting => self.waiting,
            Column::UnknownDue => self.unknown_due,
            Column::RefusedAtReception => self.refused_at_reception,
        }
    }
}

/// Declares [`Column`] from one list, each variant with its name in the JSON row: the enum
/// (serialized under that name), [`Column::ALL`] in the list's order and [`Column::as_str`].
macro_rules! columns {
    ($($(#[$doc:meta])* $variant:ident = $name:literal,)*) => {
        /// A count column of the table: the Biểu 06 columns (3)–(13), the received subtotal
        /// and the separate buckets of the conventions. Drill-down names one.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum Column {
            $(
                #[doc = concat!("`", $name, "`")]
                $(#[$doc])*
                #[serde(rename = $name)]
                $variant,
            )*
        }

        impl Column {
            /// Every column.
            pub const ALL: [Column; [$($name),*].len()] = [$(Column::$variant),*];

            /// The column's name as in the JSON row.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Column::$variant => $name,)*
                }
            }
        }
    };
}

columns! {
    /// Biểu 06 column (3), received + carried over.
    Handled = "handled",
    Received = "received",
    ReceivedOnline = "received_online",
    ReceivedDirectPostal = "received_direct_postal",
    CarriedOver = "carried_over",
    Resolved = "resolved",
    ResolvedEarly = "resolved_early",
    ResolvedOnTime = "resolved_on_time",
    ResolvedLate = "resolved_late",
    Pending = "pending",
    PendingWithinDue = "pending_within_due",
    PendingOverdue = "pending_overdue",
    Withdrawn = "withdrawn",
    Rejected = "rejected",
    Waiting = "waiting",
    UnknownDue = "unknown_due",
    RefusedAtReception = "refused_at_reception",
}

impl Column {
    /// Parses a column name as in the JSON row.
    pub fn parse(s: &str) -> Result<Column, EngineError> {
        Column::ALL
            .into_iter()
            .find(|c| c.as_str() == s.trim())
            .ok_or_else(|| EngineError::InvalidQuery {
                reason: QueryReason::UnknownColumn {
                    value: s.to_string(),
                },
            })
    }
}

/// A group of Biểu 06 columns, with the caption of its merged header cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnGroup {
    /// "Số hồ sơ nhận giải quyết": columns (3)–(6).
    Received,
    /// "Số hồ sơ đã giải quyết": columns (7)–(10).
    Resolved,
    /// "Số hồ sơ đang giải quyết": columns (11)–(13).
    Pending,
}

impl ColumnGroup {
    /// The caption of the group's header cell.
    pub fn caption(self) -> &'static str {
        match self {
            ColumnGroup::Received => "Số hồ sơ nhận giải quyết",
            ColumnGroup::Resolved => "Số hồ sơ đã giải quyết",
            ColumnGroup::Pending => "Số hồ sơ đang giải quyết",
        }
    }

    /// The caption over the group's detail columns when the form prints one ("Trong đó"
    /// over the received columns), or `None` when the details sit directly under the group.
    pub fn details_caption(self) -> Option<&'static str> {
        match self {
            ColumnGroup::Received => Some("Trong đó"),
            ColumnGroup::Resolved | ColumnGroup::Pending => None,
        }
    }
}

impl Column {
    /// The Biểu 06 columns (3)–(13), in the order every renderer shows them: the CLI table,
    /// CSV, XLSX and the report's appendix. Each group starts with its total.
    pub const BIEU06: [Column; 11] = [
        Column::Handled,
        Column::CarriedOver,
        Column::ReceivedOnline,
        Column::ReceivedDirectPostal,
        Column::Resolved,
        Column::ResolvedEarly,
        Column::ResolvedOnTime,
        Column::ResolvedLate,
        Column::Pending,
        Column::PendingWithinDue,
        Column::PendingOverdue,
    ];

    /// The buckets outside Biểu 06 that a convention may add, in display order.
    pub const SEPARATE: [Column; 5] = [
        Column::Withdrawn,
        Column::Rejected,
        Column::Waiting,
        Column::RefusedAtReception,
        Column::UnknownDue,
    ];

    /// The column's number on the form Biểu số 06/VPCP/KSTT (TT 01/2020/TT-VPCP), where
    /// (3) = (4) + (5) + (6), (7) = (8) + (9) + (10), (11) = (12) + (13); `None` for
    /// columns that are not on the form.
    pub fn number(self) -> Option<u8> {
        match self {
            Column::Handled => Some(3),
            Column::ReceivedOnline => Some(4),
            Column::ReceivedDirectPostal => Some(5),
            Column::CarriedOver => Some(6),
            Column::Resolved => Some(7),
            Column::ResolvedEarly => Some(8),
            Column::ResolvedOnTime => Some(9),
            Column::ResolvedLate => Some(10),
            Column::Pending => Some(11),
            Column::PendingWithinDue => Some(12),
            Column::PendingOverdue => Some(13),
            _ => None,
        }
    }

    /// The Biểu 06 group of the column, `None` outside the form.
    pub fn group(self) -> Option<ColumnGroup> {
        match self {
            Column::Handled
            | Column::CarriedOver
            | Column::ReceivedOnline
            | Column::ReceivedDirectPostal => Some(ColumnGroup::Received),
            Column::Resolved
            | Column::ResolvedEarly
            | Column::ResolvedOnTime
            | Column::ResolvedLate => Some(ColumnGroup::Resolved),
            Column::Pending | Column::PendingWithinDue | Column::PendingOverdue => {
                Some(ColumnGroup::Pending)
            }
            _ => None,
        }
    }

    /// The caption under the group header, as the form prints it ("Tổng số", "Trực tuyến",
    /// "Trước hạn", …); for columns outside the form, the same as [`Column::label`].
    pub fn caption(self) -> &'static str {
        match self {
            Column::Handled | Column::Resolved | Column::Pending => "Tổng số",
            Column::CarriedOver => "Từ kỳ trước",
            Column::ReceivedOnline => "Trực tuyến",
            Column::ReceivedDirectPostal => "Trực tiếp, BCCI",
            Column::ResolvedEarly => "Trước hạn",
            Column::ResolvedOnTime => "Đúng hạn",
            Column::ResolvedLate | Column::PendingOverdue => "Quá hạn",
            Column::PendingWithinDue => "Trong hạn",
            other => other.label(),
        }
    }

    /// A caption that stands alone, for one-line headers (the CLI table, CSV, XLSX).
    pub fn label(self) -> &'static str {
        match self {
            Column::Handled => "Tổng số",
            Column::Received => "Mới tiếp nhận",
            Column::ReceivedOnline => "Trực tuyến",
            Column::ReceivedDirectPostal => "Trực tiếp, bưu chính",
            Column::CarriedOver => "Từ kỳ trước",
            Column::Resolved => "Đã giải quyết",
            Column::ResolvedEarly => "GQ trước hạn",
            Column::ResolvedOnTime => "GQ đúng hạn",
            Column::ResolvedLate => "GQ quá hạn",
            Column::Pending => "Đang giải quyết",
            Column::PendingWithinDue => "Đang GQ trong hạn",
            Column::PendingOverdue => "Đang GQ quá hạn",
            Column::Withdrawn => "Rút hồ sơ",
            Column::Rejected => "Từ chối, trả lại",
            Column::Waiting => "Chờ bổ sung",
            Column::RefusedAtReception => "Từ chối khi tiếp nhận",
            Column::UnknownDue => "Không rõ hạn",
        }
    }

    /// How Vietnamese running text names the column's count, in lower case ("tiếp nhận
    /// mới", "đã giải quyết", "đang giải quyết quá hạn"): the audit's messages about a stated
    /// count.
    pub fn phrase(self) -> &'static str {
        match self {
            Column::Received => "tiếp nhận mới",
            Column::ReceivedOnline => "tiếp nhận trực tuyến",
            Column::ReceivedDirectPostal => "tiếp nhận trực tiếp, bưu chính",
            Column::CarriedOver => "kỳ trước chuyển sang",
            Column::Handled => "cần giải quyết",
            Column::Resolved => "đã giải quyết",
            Column::ResolvedEarly => "trước hạn",
            Column::ResolvedOnTime => "đúng hạn",
            Column::ResolvedLate => "giải quyết quá hạn",
            Column::Pending => "đang giải quyết",
            Column::PendingWithinDue => "chưa đến hạn",
            Column::PendingOverdue => "đang giải quyết quá hạn",
            Column::Withdrawn => "rút hồ sơ",
            Column::Rejected => "trả lại hồ sơ",
            Column::Waiting => "chờ bổ sung",
            Column::RefusedAtReception => "từ chối khi tiếp nhận",
            Column::UnknownDue => "không rõ hạn",
        }
    }

    /// Whether a separate bucket exists under `policy` (always for the Biểu 06 columns and
    /// `unknown_due`): withdrawn, rejected, waiting and refused-at-reception only when the
    /// policy counts them apart.
    pub fn exists_under(self, policy: &super::Policy) -> bool {
        use super::EndedAs;
        match self {
            Column::Withdrawn => policy.withdrawn == EndedAs::Separate,
            Column::Rejected => policy.rejected == EndedAs::Separate,
            Column::Waiting => policy.waiting_separate,
            Column::RefusedAtReception => policy.exclude_refused_at_reception,
            _ => true,
        }
    }
}
