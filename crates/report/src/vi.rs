//! Vietnamese formatting helpers: numbers, percentages, dates, periods, document references.
//!
//! Numbers and dates are the model's ([`minhbach_model::vi`], re-exported here): Nghị định
//! 30/2020/NĐ-CP dates, the Accounting Law convention for numbers (dot between thousands
//! groups, comma before decimals). Period names and document references are built here from
//! the model's `Period` and `DocumentNumber`.
//!
//! ```
//! use chrono::NaiveDate;
//! use minhbach_report::vi;
//! use rust_decimal::Decimal;
//!
//! assert_eq!(vi::int(6691), "6.691");
//! assert_eq!(vi::int(1_241_760), "1.241.760");
//! assert_eq!(vi::percent(Decimal::new(987654, 4), 2), "98,77%");
//! let d = NaiveDate::from_ymd_opt(2021, 2, 5).unwrap();
//! assert_eq!(vi::date_long(d), "ngày 05 tháng 02 năm 2021");
//! assert_eq!(vi::date_short(d), "05/02/2021");
//! ```

use chrono::NaiveDate;
use minhbach_model::{DocumentNumber, Period, PeriodKind};

pub use minhbach_model::vi::{
    date_long, date_numeric, date_short, decimal, int, percent, place_date, roman, signed_int,
};

/// Names a reporting period from its first and last day as officials write it:
/// `6 tháng đầu năm 2021`, `6 tháng cuối năm 2021`, `năm 2021`, `quý II năm 2021`,
/// `tháng 3 năm 2021`, `9 tháng đầu năm 2021`; any other span as
/// `từ ngày 05/02/2021 đến ngày 30/6/2021`.
///
/// ```
/// use chrono::NaiveDate;
/// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// assert_eq!(minhbach_report::vi::period_name(d(2021, 1, 1), d(2021, 6, 30)), "6 tháng đầu năm 2021");
/// ```
pub fn period_name(start: NaiveDate, end: NaiveDate) -> String {
    // The model owns period names; a range it refuses (years outside 1000–9999, start after
    // end) is still written as a range.
    Period::from_range(start, end).map_or_else(
        |_| format!("từ ngày {} đến ngày {}", date_short(start), date_short(end)),
        |p| p.vietnamese_name(),
    )
}

/// Like [`period_name`], with a leading zero on the month count as the seed's opening
/// sentence writes it: `06 tháng đầu năm 2021`.
pub fn period_name_padded(start: NaiveDate, end: NaiveDate) -> String {
    let name = period_name(start, end);
    match name.split_once(' ') {
        Some((n, rest)) if n.len() == 1 && n.chars().all(|c| c.is_ascii_digit()) => {
            format!("0{n} {rest}")
        }
        _ => name,
    }
}

/// The period of the same length that follows `[start, end]` when it is a named period
/// (the next half-year after H1 is H2; after H2 it is H1 of the next year). `None` for
/// custom ranges.
pub fn next_period(start: NaiveDate, end: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let p = Period::from_range(start, end).ok()?;
    if p.kind() == PeriodKind::Custom {
        return None;
    }
    p.next().map(|n| (n.start(), n.end()))
}

/// The document type named by a number and symbol: `21/KH-UBND` → `Kế hoạch`,
/// `43/2011/NĐ-CP` → `Nghị định`. A symbol whose first group is not a type abbreviation
/// is a `Công văn` (công văn has no type abbreviation): `839/STP-HCTP&BTTP` → `Công văn`.
/// The abbreviations are the model's ([`minhbach_model::DocumentType`], Nghị định 30/2020
/// Phụ lục III).
///
/// ```
/// use minhbach_report::vi::document_type_of;
/// assert_eq!(document_type_of("21/KH-UBND"), "Kế hoạch");
/// assert_eq!(document_type_of("43/2011/NĐ-CP"), "Nghị định");
/// assert_eq!(document_type_of("839/STP-HCTP&BTTP"), "Công văn");
/// ```
pub fn document_type_of(number: &str) -> &'static str {
    DocumentNumber::parse_lenient(number)
        .ok()
        .and_then(|n| n.doc_type())
        .map_or("Công văn", |t| t.vietnamese_name())
}

/// A reference to another document in running text: `Kế hoạch số 21/KH-UBND ngày 05/02/2021`,
/// and without a date when the register has none: `Kế hoạch số 26/KH-UBND`. The `kind`
/// defaults to [`document_type_of`] the number.
///
/// ```
/// use chrono::NaiveDate;
/// use minhbach_report::vi::document_reference;
/// let d = NaiveDate::from_ymd_opt(2021, 2, 5);
/// assert_eq!(document_reference(None, "21/KH-UBND", d), "Kế hoạch số 21/KH-UBND ngày 05/02/2021");
/// assert_eq!(document_reference(None, "26/KH-UBND", None), "Kế hoạch số 26/KH-UBND");
/// ```
pub fn document_reference(kind: Option<&str>, number: &str, date: Option<NaiveDate>) -> String {
    let kind = kind.unwrap_or_else(|| document_type_of(number));
    match date {
        Some(d) => format!("{kind} số {number} ngày {}", date_short(d)),
        None => format!("{kind} số {number}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn periods() {
        assert_eq!(
            period_name(d(2021, 1, 1), d(2021, 6, 30)),
            "6 tháng đầu năm 2021"
        );
        assert_eq!(
            period_name(d(2021, 7, 1), d(2021, 12, 31)),
            "6 tháng cuối năm 2021"
        );
        assert_eq!(period_name(d(2021, 1, 1), d(2021, 12, 31)), "năm 2021");
        assert_eq!(
            period_name(d(2021, 4, 1), d(2021, 6, 30)),
            "quý II năm 2021"
        );
        assert_eq!(
            period_name(d(2021, 1, 1), d(2021, 9, 30)),
            "9 tháng đầu năm 2021"
        );
        assert_eq!(
            period_name(d(2021, 3, 1), d(2021, 3, 31)),
            "tháng 3 năm 2021"
        );
        assert_eq!(
            period_name(d(2021, 2, 5), d(2021, 6, 30)),
            "từ ngày 05/02/2021 đến ngày 30/6/2021"
        );
        assert_eq!(
            period_name_padded(d(2021, 1, 1), d(2021, 6, 30)),
            "06 tháng đầu năm 2021"
        );
        assert_eq!(
            period_name_padded(d(2021, 1, 1), d(2021, 12, 31)),
            "năm 2021"
        );
        assert_eq!(
            next_period(d(2021, 1, 1), d(2021, 6, 30)),
            Some((d(2021, 7, 1), d(2021, 12, 31)))
        );
        assert_eq!(
            next_period(d(2021, 7, 1), d(2021, 12, 31)),
            Some((d(2022, 1, 1), d(2022, 6, 30)))
        );
        assert_eq!(
            next_period(d(2021, 10, 1), d(2021, 12, 31)),
            Some((d(2022, 1, 1), d(2022, 3, 31)))
        );
        assert_eq!(next_period(d(2021, 2, 5), d(2021, 6, 30)), None);
    }

    #[test]
    fn references() {
        assert_eq!(document_type_of("21/KH-UBND"), "Kế hoạch");
        assert_eq!(document_type_of("130/QĐ-UBND"), "Quyết định");
        assert_eq!(document_type_of("43/2011/NĐ-CP"), "Nghị định");
        assert_eq!(document_type_of("839/STP-HCTP&BTTP"), "Công văn");
        assert_eq!(document_type_of("12/UBND-VX"), "Công văn");
        assert_eq!(document_type_of("5/QyĐ-UBND"), "Quy định");
        assert_eq!(
            document_reference(None, "31/KH-UBND", Some(d(2021, 3, 31))),
            "Kế hoạch số 31/KH-UBND ngày 31/3/2021"
        );
        assert_eq!(
            document_reference(None, "839/STP-HCTP&BTTP", Some(d(2021, 8, 18))),
            "Công văn số 839/STP-HCTP&BTTP ngày 18/8/2021"
        );
    }
}
