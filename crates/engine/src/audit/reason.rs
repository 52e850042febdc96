//! Why the audit refuses its input, why a number stays unattached and why a stated rate is
//! not recomputed: typed reasons with their English (`Display`) and Vietnamese
//! ([`Bilingual`](minhbach_model::Bilingual)) wordings, one arm per reason.

use std::fmt;

use minhbach_model::{bilingual_via_fmt_in, say, Lang};
use serde::{Deserialize, Serialize};

use super::names::FigureName;

/// Why a published text or a figures file cannot be audited
/// ([`EngineError::AuditInput`](crate::EngineError::AuditInput), which names the line and
/// column).
///
/// ```
/// use minhbach_engine::audit::Figures;
/// use minhbach_engine::EngineError;
/// use minhbach_model::{Bilingual, Lang};
/// let e = Figures::from_toml("[[scope]]\nresolved = 1.5\n").unwrap_err();
/// assert_eq!(e.to_string(), "line 2, column 1: resolved must be a non-negative integer");
/// let EngineError::AuditInput { reason, .. } = e else { unreachable!() };
/// assert_eq!(
///     reason.in_lang(Lang::Vi).to_string(),
///     "resolved phải là một số nguyên không âm"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum InputReason {
    // Figures files (TOML).
    /// Not TOML at all; the TOML parser's message (English) is quoted.
    Toml {
        /// The parser's message.
        detail: String,
    },
    /// A top-level key other than `period` and `[[scope]]`.
    UnknownTopKey {
        /// The key as written.
        key: String,
    },
    /// No `[[scope]]` table.
    NoScope,
    /// A `scope` entry that is not a table.
    ScopeNotTable,
    /// `name` or `period` that is not a string.
    NotAString {
        /// The key (`name`, `period`).
        key: String,
    },
    /// `approximate` that is not a list of figure names.
    ApproximateNotList,
    /// A key that names no figure.
    UnknownFigure {
        /// The key as written.
        key: String,
    },
    /// A value that does not read as a number.
    NotANumber {
        /// The key.
        key: String,
        /// The value as the file writes it (a string is quoted).
        value: String,
    },
    /// A value of the wrong TOML type (or a negative count).
    WrongType {
        /// The key.
        key: String,
        /// Whether the figure is a rate (a percentage is expected) or a count.
        rate: bool,
    },
    /// A count with decimals.
    FractionalCount {
        /// The key.
        key: String,
    },

    // Published texts.
    /// A number beyond 64 bits.
    NumberTooLarge {
        /// The digits as written.
        raw: String,
    },
    /// A date that does not exist (`30/2/2023`).
    NoSuchDate {
        /// The date as written.
        raw: String,
    },
    /// A month outside 1–12 (`tháng 13/2023`).
    NoSuchMonth {
        /// The month number.
        month: u32,
        /// The phrase as written.
        raw: String,
    },
    /// A quarter other than I–IV (`quý V`).
    NoSuchQuarter {
        /// The quarter as written, upper case.
        quarter: String,
    },
    /// More figures than [`MAX_FIGURES`](super::MAX_FIGURES): not one report.
    TooManyFigures {
        /// The limit.
        limit: usize,
    },
}

impl InputReason {
    /// Both wordings, one arm per reason ([`minhbach_model::bilingual_via_fmt_in`]).
    fn fmt_in(&self, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputReason::Toml { detail } => {
                say!(f, lang => "invalid TOML figures file: {detail}", "tệp số liệu TOML không hợp lệ: {detail}")
            }
            InputReason::UnknownTopKey { key } => {
                say!(f, lang => "key {key:?} is not allowed at the top of the file: only period = \"…\" and [[scope]] tables", "khóa {key:?} không hợp lệ ở đầu tệp: chỉ có period = \"…\" và các bảng [[scope]]")
            }
            InputReason::NoScope => {
                say!(f, lang => "the file has no [[scope]] table", "tệp không có bảng [[scope]] nào")
            }
            InputReason::ScopeNotTable => {
                say!(f, lang => "each [[scope]] must be a table", "mỗi [[scope]] phải là một bảng")
            }
            InputReason::NotAString { key } => {
                say!(f, lang => "{key} must be a string", "{key} phải là chuỗi")
            }
            InputReason::ApproximateNotList => {
                say!(f, lang => "approximate must be a list of figure names", "approximate phải là danh sách tên số liệu")
            }
            InputReason::UnknownFigure { key } => {
                let valid = FigureName::ALL.map(FigureName::as_str).join(", ");
                say!(f, lang => "no figure is named {key:?}; the valid names: {valid}", "không có số liệu tên {key:?}; các tên hợp lệ: {valid}")
            }
            InputReason::NotANumber { key, value } => {
                say!(f, lang => "{key} = {value} is not a number", "{key} = {value} không phải là số")
            }
            InputReason::WrongType { key, rate: true } => {
                say!(f, lang => "{key} must be a percentage, e.g. \"98.81\"", "{key} phải là một tỷ lệ phần trăm, ví dụ \"98.81\"")
            }
            InputReason::WrongType { key, rate: false } => {
                say!(f, lang => "{key} must be a non-negative integer", "{key} phải là một số nguyên không âm")
            }
            InputReason::FractionalCount { key } => {
                say!(f, lang => "{key}: a number of dossiers must be a whole number", "{key}: số hồ sơ phải là số nguyên")
            }
            InputReason::NumberTooLarge { raw } => {
                let max = u64::MAX;
                say!(f, lang => "the number {raw} is too large (above {max})", "số {raw} quá lớn (vượt quá {max})")
            }
            InputReason::NoSuchDate { raw } => {
                say!(f, lang => "the date {raw} does not exist", "ngày {raw} không tồn tại")
            }
            InputReason::NoSuchMonth { month, raw } => {
                say!(f, lang => "month {month} does not exist ({raw})", "tháng {month} không tồn tại ({raw})")
            }
            InputReason::NoSuchQuarter { quarter } => {
                say!(f, lang => "quarter {quarter} does not exist", "quý {quarter} không tồn tại")
            }
            InputReason::TooManyFigures { limit } => {
                say!(f, lang => "too many figures (more than {limit}): no report states that many dossier figures; audit one report at a time", "quá nhiều số liệu (hơn {limit}): một báo cáo không có nhiều số liệu hồ sơ như vậy; hãy kiểm tra từng báo cáo một")
            }
        }
    }
}
bilingual_via_fmt_in!(InputReason);

/// Why a number that looks like a dossier figure was not attached to a measure
/// ([`Unattached`](super::Unattached)). Serialised as its snake_case code
/// (`unclear_rate`).
///
/// ```
/// use minhbach_engine::audit::{extract, UnattachedReason};
/// use minhbach_model::{Bilingual, Lang};
/// let f = extract("Có 40 hồ sơ.").unwrap();
/// let reason = f.unattached[0].reason;
/// assert_eq!(reason, UnattachedReason::UnknownCount);
/// assert_eq!(reason.to_string(), "unclear which number of dossiers this is");
/// assert_eq!(reason.in_lang(Lang::Vi).to_string(), "không rõ đây là số hồ sơ nào");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum UnattachedReason {
    /// A count with decimals.
    NotWhole,
    /// A count whose words name no Biểu 06 figure.
    UnknownCount,
    /// A rate of online dossiers only ("tỷ lệ hồ sơ trực tuyến được giải quyết đúng hạn").
    OnlineOnlyRate,
    /// A rate of a count the catalogue has no rate for.
    NoRateForCount,
    /// A rate stated after a count the catalogue has no rate for.
    NoRateForPreviousCount,
    /// A rate that does not say what it measures (a comparison, a target …).
    UnclearRate,
    /// A rate with no count before it to attach to.
    NoCountBefore,
}

impl UnattachedReason {
    /// Both wordings, one arm per reason ([`minhbach_model::bilingual_via_fmt_in`]).
    fn fmt_in(&self, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnattachedReason::NotWhole => {
                say!(f, lang => "a number of dossiers must be a whole number", "số hồ sơ phải là số nguyên")
            }
            UnattachedReason::UnknownCount => {
                say!(f, lang => "unclear which number of dossiers this is", "không rõ đây là số hồ sơ nào")
            }
            UnattachedReason::OnlineOnlyRate => {
                say!(f, lang => "a rate of online dossiers only: the catalogue has no such measure", "tỷ lệ của riêng hồ sơ trực tuyến: danh mục không có chỉ tiêu này")
            }
            UnattachedReason::NoRateForCount => {
                say!(f, lang => "the catalogue has no rate for this figure", "danh mục không có tỷ lệ cho số liệu này")
            }
            UnattachedReason::NoRateForPreviousCount => {
                say!(f, lang => "the catalogue has no rate for the figure before it", "danh mục không có tỷ lệ cho số liệu đứng trước")
            }
            UnattachedReason::UnclearRate => {
                say!(f, lang => "unclear what this rate measures (a comparison, a target or another figure)", "không rõ tỷ lệ này đo gì (so sánh, chỉ tiêu hay số liệu khác)")
            }
            UnattachedReason::NoCountBefore => {
                say!(f, lang => "no number of dossiers comes before this rate", "không có số hồ sơ nào đứng trước tỷ lệ này")
            }
        }
    }
}
bilingual_via_fmt_in!(UnattachedReason);

/// Why a stated rate was not recomputed ([`Unchecked`](super::Unchecked)). Serialised as
/// its snake_case code (`not_enough_counts`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum UncheckedReason {
    /// The measures catalogue has no convention for this rate.
    NotInCatalogue,
    /// The stated counts do not determine the rate under any denominator.
    NotEnoughCounts,
}

impl UncheckedReason {
    /// Both wordings, one arm per reason ([`minhbach_model::bilingual_via_fmt_in`]).
    fn fmt_in(&self, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UncheckedReason::NotInCatalogue => {
                say!(f, lang => "the measures catalogue has no such rate", "danh mục chỉ tiêu không có tỷ lệ này")
            }
            UncheckedReason::NotEnoughCounts => {
                say!(f, lang => "the stated numbers of dossiers do not suffice to recompute this rate under any denominator", "các số hồ sơ được nêu không đủ để tính lại tỷ lệ này theo bất kỳ mẫu số nào")
            }
        }
    }
}
bilingual_via_fmt_in!(UncheckedReason);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_input_reason_has_both_wordings() {
        let s = || "x".to_string();
        let all = [
            InputReason::Toml { detail: s() },
            InputReason::UnknownTopKey { key: s() },
            InputReason::NoScope,
            InputReason::ScopeNotTable,
            InputReason::NotAString { key: s() },
            InputReason::ApproximateNotList,
            InputReason::UnknownFigure { key: s() },
            InputReason::NotANumber {
                key: s(),
                value: s(),
            },
            InputReason::WrongType {
                key: s(),
                rate: true,
            },
            InputReason::WrongType {
                key: s(),
                rate: false,
            },
            InputReason::FractionalCount { key: s() },
            InputReason::NumberTooLarge { raw: s() },
            InputReason::NoSuchDate { raw: s() },
            InputReason::NoSuchMonth {
                month: 13,
                raw: s(),
            },
            InputReason::NoSuchQuarter { quarter: s() },
            InputReason::TooManyFigures { limit: 5 },
        ];
        assert_eq!(minhbach_model::untranslated(&all), Vec::<String>::new());
        use UnattachedReason as U;
        let unattached = [
            U::NotWhole,
            U::UnknownCount,
            U::OnlineOnlyRate,
            U::NoRateForCount,
            U::NoRateForPreviousCount,
            U::UnclearRate,
            U::NoCountBefore,
        ];
        assert_eq!(
            minhbach_model::untranslated(&unattached),
            Vec::<String>::new()
        );
        let unchecked = [
            UncheckedReason::NotInCatalogue,
            UncheckedReason::NotEnoughCounts,
        ];
        assert_eq!(
            minhbach_model::untranslated(&unchecked),
            Vec::<String>::new()
        );
    }
}
