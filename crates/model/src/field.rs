//! What the model's record errors name, in both languages: the record at fault
//! ([`Record`]), why one of its fields is refused ([`FieldReason`],
//! [`ModelError::InvalidField`](crate::ModelError::InvalidField)), the closed sets a value
//! must belong to ([`ValueKind`], [`ModelError::UnknownValue`](crate::ModelError::UnknownValue))
//! and the keys that must be unique ([`KeyKind`], [`ModelError::Duplicate`](crate::ModelError::Duplicate)).
//!
//! ```
//! use minhbach_model::{Bilingual, Lang, Procedure};
//! let p = Procedure { code: "1.001 234".into(), name: "Đăng ký khai sinh".into(),
//!     field: None, government_level: None, working_days: Some(5), online_level: None,
//!     agency: None };
//! let e = p.validate().unwrap_err();
//! assert_eq!(e.to_string(), "procedure \"1.001 234\": field code = \"1.001 234\": a code has no spaces");
//! assert_eq!(
//!     e.in_lang(Lang::Vi).to_string(),
//!     "thủ tục \"1.001 234\": trường code = \"1.001 234\": mã thủ tục không có dấu cách"
//! );
//! ```

use std::fmt;

use crate::procedure::LevelKind;
use crate::{bilingual_via_fmt_in, say, DocumentNumber, DocumentType, Lang, TaskStatus};

/// A record named by an error ([`ModelError::InvalidField`](crate::ModelError::InvalidField)):
/// a document, a task of a plan, a procedure, an indicator, a target, a disclosure item.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Record {
    /// A document, by its number, else its subject.
    Document(DocumentRef),
    /// A task of a plan, 1-based, in the plan's document.
    Task {
        /// The plan's document.
        document: DocumentRef,
        /// The task's 1-based position in the plan.
        number: usize,
    },
    /// A procedure of the catalogue, by its code.
    Procedure {
        /// The code as found.
        code: String,
    },
    /// An indicator, by its id.
    Indicator {
        /// The id as found.
        id: String,
    },
    /// A target, by its id.
    Target {
        /// The id as found.
        id: String,
    },
    /// An item of the disclosure checklist, by its id.
    DisclosureItem {
        /// The id as found.
        id: String,
    },
}

/// How an error names a document: its number, else its subject (trích yếu).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DocumentRef {
    /// Its number and symbol.
    Number(DocumentNumber),
    /// Its subject, when it has no number.
    Subject(String),
    /// Neither a number nor a subject.
    Unnamed,
}

impl DocumentRef {
    fn fmt_in(&self, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocumentRef::Number(n) => say!(f, lang => "document {n}", "văn bản {n}"),
            DocumentRef::Subject(s) => say!(f, lang => "document {s:?}", "văn bản {s:?}"),
            DocumentRef::Unnamed => {
                say!(f, lang => "document without number or subject", "văn bản không có số, ký hiệu và trích yếu")
            }
        }
    }
}

impl Record {
    fn fmt_in(&self, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Record::Document(d) => d.fmt_in(lang, f),
            Record::Task { document, number } => {
                if lang == Lang::Vi {
                    write!(f, "nhiệm vụ {number} của ")?;
                    document.fmt_in(lang, f)
                } else {
                    document.fmt_in(lang, f)?;
                    write!(f, " task {number}")
                }
            }
            Record::Procedure { code } => say!(f, lang => "procedure {code:?}", "thủ tục {code:?}"),
            Record::Indicator { id } => say!(f, lang => "indicator {id:?}", "chỉ tiêu {id:?}"),
            Record::Target { id } => say!(f, lang => "target {id:?}", "mục tiêu {id:?}"),
            Record::DisclosureItem { id } => {
                say!(f, lang => "disclosure item {id:?}", "mục công khai {id:?}")
            }
        }
    }
}

/// Why a field of a record is refused
/// ([`ModelError::InvalidField`](crate::ModelError::InvalidField)).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FieldReason {
    /// A required text that is empty or only spaces.
    Blank,
    /// A document's issuer that is empty or only spaces.
    BlankIssuer,
    /// A document's subject (trích yếu) that is empty or only spaces.
    BlankSubject,
    /// A draft's number (`/KH-UBND`, no number before the slash) on a document cited or
    /// registered.
    DraftNumber,
    /// A document kind other than the one its number's symbol says.
    KindDisagrees {
        /// The kind the number says.
        number_says: DocumentType,
    },
    /// A date of issue in another year than the one the number carries.
    YearDisagrees {
        /// The year in the number.
        year: u16,
    },
    /// A completion date on a task not recorded as done.
    CompletedNotDone {
        /// The task's status.
        status: TaskStatus,
    },
    /// A procedure code with spaces.
    CodeHasSpaces,
    /// An identifier that is blank or has spaces.
    NotIdentifier,
    /// An indicator without a direction.
    MissingDirection,
}

impl FieldReason {
    fn fmt_in(&self, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldReason::Blank => say!(f, lang => "blank", "để trống"),
            FieldReason::BlankIssuer => {
                say!(f, lang => "the issuer is blank", "cơ quan ban hành để trống")
            }
            FieldReason::BlankSubject => {
                say!(f, lang => "the subject (trích yếu) is blank", "trích yếu để trống")
            }
            FieldReason::DraftNumber => {
                say!(f, lang => "a draft's number (no number before the /): a document cited or registered has its number, e.g. 21/KH-UBND", "số của bản dự thảo (không có số trước dấu /): văn bản được viện dẫn hoặc vào sổ phải có số, ví dụ 21/KH-UBND")
            }
            FieldReason::KindDisagrees { number_says } => {
                let abbr = number_says.abbreviation().unwrap_or_default();
                say!(f, lang => "the number says {abbr} ({number_says})", "số, ký hiệu ghi {abbr} ({number_says})")
            }
            FieldReason::YearDisagrees { year } => {
                say!(f, lang => "the number carries the year {year}", "số, ký hiệu mang năm {year}")
            }
            FieldReason::CompletedNotDone { status } => {
                say!(f, lang => "a completion date needs status done, not {status}", "có ngày hoàn thành thì trạng thái phải là done (đã hoàn thành), không phải {status}")
            }
            FieldReason::CodeHasSpaces => {
                say!(f, lang => "a code has no spaces", "mã thủ tục không có dấu cách")
            }
            FieldReason::NotIdentifier => {
                say!(f, lang => "an identifier is not blank and has no spaces", "mã định danh không được để trống và không có dấu cách")
            }
            FieldReason::MissingDirection => {
                say!(f, lang => "missing: set direction = \"higher\" or \"lower\"", "còn thiếu: ghi direction = \"higher\" (càng cao càng tốt) hoặc \"lower\" (càng thấp càng tốt)")
            }
        }
    }
}

/// The closed set a value was expected in
/// ([`ModelError::UnknownValue`](crate::ModelError::UnknownValue)). Its `Display` is the
/// set's name (`document type`); [`ValueKind::expected`] words the accepted spellings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ValueKind {
    /// A document type ([`DocumentType`]).
    DocumentType,
    /// A plan task's status ([`TaskStatus`]).
    TaskStatus,
    /// A government level ([`GovernmentLevel`](crate::GovernmentLevel)).
    GovernmentLevel,
    /// An online service level ([`OnlineServiceLevel`](crate::OnlineServiceLevel)).
    OnlineServiceLevel,
    /// A procedure's statutory time in working days.
    StatutoryTime,
    /// A value of a catalogue's `level` column of another kind than the column's first value.
    Level(LevelKind),
    /// An indicator's direction ([`Direction`](crate::Direction)).
    Direction,
    /// A target's comparison ([`Comparison`](crate::Comparison)).
    Comparison,
    /// A disclosure category ([`DisclosureCategory`](crate::DisclosureCategory)).
    DisclosureCategory,
}

impl ValueKind {
    fn fmt_in(&self, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValueKind::DocumentType => say!(f, lang => "document type", "loại văn bản"),
            ValueKind::TaskStatus => say!(f, lang => "task status", "trạng thái nhiệm vụ"),
            ValueKind::GovernmentLevel => say!(f, lang => "government level", "cấp thực hiện"),
            ValueKind::OnlineServiceLevel => {
                say!(f, lang => "online service level", "mức độ dịch vụ công trực tuyến")
            }
            ValueKind::StatutoryTime => say!(f, lang => "statutory time", "thời hạn giải quyết"),
            ValueKind::Level(_) => say!(f, lang => "level", "giá trị cột level"),
            ValueKind::Direction => say!(f, lang => "direction", "chiều của chỉ tiêu"),
            ValueKind::Comparison => say!(f, lang => "comparison", "phép so sánh"),
            ValueKind::DisclosureCategory => {
                say!(f, lang => "disclosure category", "nhóm nội dung công khai")
            }
        }
    }

    /// The accepted spellings, in words, in `lang`.
    ///
    /// ```
    /// use minhbach_model::{Lang, ValueKind};
    /// assert!(ValueKind::TaskStatus.expected(Lang::En).to_string().starts_with("not_started"));
    /// assert!(ValueKind::TaskStatus.expected(Lang::Vi).to_string().starts_with("chưa thực hiện"));
    /// ```
    pub fn expected(self, lang: Lang) -> impl fmt::Display {
        Expected { kind: self, lang }
    }
}
bilingual_via_fmt_in!(Record, DocumentRef, FieldReason, ValueKind);

/// [`ValueKind::expected`].
struct Expected {
    kind: ValueKind,
    lang: Lang,
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lang = self.lang;
        match self.kind {
            ValueKind::DocumentType => {
                say!(f, lang => "an official abbreviation (BC, KH, QĐ, NĐ …), a Vietnamese type name (Báo cáo, Công văn …) or a snake_case name (bao_cao, cong_van …)", "chữ viết tắt của loại văn bản (BC, KH, QĐ, NĐ …), tên loại văn bản (Báo cáo, Công văn …) hoặc tên dạng snake_case (bao_cao, cong_van …)")
            }
            ValueKind::TaskStatus => {
                say!(f, lang => "not_started, in_progress, done or overdue (or the Vietnamese chưa thực hiện, đang thực hiện, đã hoàn thành, quá hạn)", "chưa thực hiện, đang thực hiện, đã hoàn thành hoặc quá hạn (hoặc not_started, in_progress, done, overdue)")
            }
            ValueKind::GovernmentLevel => {
                say!(f, lang => "central, province, district or commune (or cấp trung ương, cấp tỉnh, cấp huyện, cấp xã)", "cấp trung ương, cấp tỉnh, cấp huyện hoặc cấp xã (hoặc central, province, district, commune)")
            }
            ValueKind::OnlineServiceLevel => {
                say!(f, lang => "level_1 to level_4 (mức độ 1-4, or 1-4), full (toàn trình) or partial (một phần)", "mức độ 1 đến mức độ 4 (hoặc 1-4, level_1 đến level_4), toàn trình (full) hoặc một phần (partial)")
            }
            ValueKind::StatutoryTime => {
                say!(f, lang => "a whole number of working days (0 = same day), \"5 ngày làm việc\" or \"trong ngày\"; convert calendar days and hours to working days", "số ngày làm việc là số nguyên (0 = trong ngày), \"5 ngày làm việc\" hoặc \"trong ngày\"; đổi ngày theo lịch và số giờ ra ngày làm việc")
            }
            ValueKind::Level(LevelKind::Government) => {
                say!(f, lang => "a government level like the column's first value (a level column holds one kind)", "một cấp thực hiện như giá trị đầu tiên của cột (mỗi cột level chỉ ghi một loại)")
            }
            ValueKind::Level(LevelKind::Online) => {
                say!(f, lang => "an online service level like the column's first value (a level column holds one kind)", "một mức độ dịch vụ công trực tuyến như giá trị đầu tiên của cột (mỗi cột level chỉ ghi một loại)")
            }
            ValueKind::Direction => {
                say!(f, lang => "higher or lower (also higher_is_better, lower_is_better, +, -)", "higher (càng cao càng tốt) hoặc lower (càng thấp càng tốt); cũng nhận higher_is_better, lower_is_better, +, -")
            }
            ValueKind::Comparison => {
                say!(f, lang => "at_least, at_most, ge, le, eq, gt, lt (or >=, ≥, <=, ≤, =, >, <)", "tối thiểu, tối đa (hoặc at_least, at_most, ge, le, eq, gt, lt, >=, ≥, <=, ≤, =, >, <)")
            }
            ValueKind::DisclosureCategory => {
                let list = crate::indicator::category_codes();
                say!(f, lang => "one of {list}", "một trong các nhóm {list}")
            }
        }
    }
}

/// The kind of key that must be unique ([`ModelError::Duplicate`](crate::ModelError::Duplicate)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyKind {
    /// A document number within a year of issue.
    DocumentNumber,
    /// A procedure code in the catalogue.
    ProcedureCode,
    /// An item id of the disclosure checklist.
    DisclosureItemId,
}

impl KeyKind {
    fn fmt_in(&self, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyKind::DocumentNumber => say!(f, lang => "document number", "số, ký hiệu văn bản"),
            KeyKind::ProcedureCode => say!(f, lang => "procedure code", "mã thủ tục"),
            KeyKind::DisclosureItemId => say!(f, lang => "disclosure item id", "mã mục công khai"),
        }
    }
}
bilingual_via_fmt_in!(KeyKind);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{untranslated, Bilingual};

    #[test]
    fn every_reason_has_two_wordings_with_its_values() {
        let n: DocumentNumber = "21/KH-UBND".parse().unwrap();
        let doc = DocumentRef::Number(n.clone());
        let records = [
            Record::Document(doc.clone()),
            Record::Document(DocumentRef::Subject("rà soát".into())),
            Record::Document(DocumentRef::Unnamed),
            Record::Task {
                document: doc.clone(),
                number: 3,
            },
            Record::Procedure {
                code: "1.001".into(),
            },
            Record::Indicator { id: "x1".into() },
            Record::Target { id: "t1".into() },
            Record::DisclosureItem { id: "d1".into() },
        ];
        assert_eq!(untranslated(&records), Vec::<String>::new());
        assert_eq!(
            records[3].in_lang(Lang::Vi).to_string(),
            "nhiệm vụ 3 của văn bản 21/KH-UBND"
        );
        assert_eq!(records[3].to_string(), "document 21/KH-UBND task 3");
        let reasons = [
            FieldReason::Blank,
            FieldReason::BlankIssuer,
            FieldReason::BlankSubject,
            FieldReason::DraftNumber,
            FieldReason::KindDisagrees {
                number_says: DocumentType::KeHoach,
            },
            FieldReason::YearDisagrees { year: 2021 },
            FieldReason::CompletedNotDone {
                status: TaskStatus::Overdue,
            },
            FieldReason::CodeHasSpaces,
            FieldReason::NotIdentifier,
            FieldReason::MissingDirection,
        ];
        assert_eq!(untranslated(&reasons), Vec::<String>::new());
        let worded: std::collections::HashSet<String> = reasons
            .iter()
            .flat_map(|r| [r.to_string(), r.in_lang(Lang::Vi).to_string()])
            .collect();
        assert_eq!(
            worded.len(),
            2 * reasons.len(),
            "two wordings each, all distinct"
        );
        for (r, value) in [
            (&reasons[4], "KH"),
            (&reasons[5], "2021"),
            (&reasons[6], "overdue"),
        ] {
            for lang in [Lang::En, Lang::Vi] {
                let text = r.in_lang(lang).to_string();
                assert!(text.contains(value), "{text}");
            }
        }
        let kinds = [
            ValueKind::DocumentType,
            ValueKind::TaskStatus,
            ValueKind::GovernmentLevel,
            ValueKind::OnlineServiceLevel,
            ValueKind::StatutoryTime,
            ValueKind::Level(LevelKind::Government),
            ValueKind::Level(LevelKind::Online),
            ValueKind::Direction,
            ValueKind::Comparison,
            ValueKind::DisclosureCategory,
        ];
        assert_eq!(untranslated(&kinds), Vec::<String>::new());
        for k in kinds {
            let (en, vi) = (
                k.expected(Lang::En).to_string(),
                k.expected(Lang::Vi).to_string(),
            );
            assert!(!vi.trim().is_empty() && en != vi, "{k:?}: {en} / {vi}");
        }
        let keys = [
            KeyKind::DocumentNumber,
            KeyKind::ProcedureCode,
            KeyKind::DisclosureItemId,
        ];
        assert_eq!(untranslated(&keys), Vec::<String>::new());
    }
}
