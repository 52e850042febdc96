//! Vietnamese formatting helpers: numbers, percentages, dates, periods, document references.
//!
//! Numbers and dates are the model's ([`minhbach_model::vi`], re-exported here): Nghị định
//! 30/2020/NĐ-CP dates, the Accounting Law convention for numbers (dot between thousands
//! groups, comma before decimals). Period names and citations of documents are built here from
//! the model's `Period` and `Document`.
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
use minhbach_model::{Document, DocumentType, Period, PeriodKind};

pub use minhbach_model::vi::{
    capitalise_first, date_long, date_numeric, date_short, decimal, int, percent, place_date,
    roman, signed_int,
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

/// How running text cites a document (the report's `{basis}` and `{documents}`):
/// `Kế hoạch số 21/KH-UBND ngày 05/02/2021 về …`, with `của …` when the issuer is named and
/// without a date when none is known. The type is the document's
/// ([`Document::effective_kind`]: its `kind`, else the type its symbol carries), else
/// `Công văn` (which has no type abbreviation: `839/STP-HCTP&BTTP`); a công văn's subject
/// follows "về việc" (its trích yếu reads "V/v …") unless it already starts with "việc"; a
/// subject written with its own "Về …" or "V/v …" is read by [`Document::subject_after_ve`].
///
/// ```
/// use minhbach_model::Document;
/// use minhbach_report::vi::citation;
/// let d = |toml: &str| -> Document { toml::from_str(toml).unwrap() };
/// assert_eq!(
///     citation(&d("number = \"21/KH-UBND\"\ndate = 2021-02-05\nsubject = \"rà soát TTHC\"")),
///     "Kế hoạch số 21/KH-UBND ngày 05/02/2021 về rà soát TTHC"
/// );
/// assert_eq!(
///     citation(&d("number = \"839/STP-HCTP&BTTP\"\nissuer = \"Sở Tư pháp\"\nsubject = \"xây dựng Kế hoạch\"")),
///     "Công văn số 839/STP-HCTP&BTTP của Sở Tư pháp về việc xây dựng Kế hoạch"
/// );
/// ```
pub fn citation(d: &Document) -> String {
    let kind = d.effective_kind().unwrap_or(DocumentType::CongVan);
    let mut s = kind.vietnamese_name().to_string();
    if let Some(n) = &d.number {
        s.push_str(&format!(" số {n}"));
    }
    if let Some(date) = d.date {
        s.push_str(&format!(" ngày {}", date_short(date)));
    }
    if let Some(i) = &d.issuer {
        s.push_str(&format!(" của {i}"));
    }
    if let Some(sub) = d.subject.as_deref().map(Document::subject_after_ve) {
        let lead = if kind == DocumentType::CongVan && !sub.starts_with("việc") {
            "về việc"
        } else {
            "về"
        };
        s.push_str(&format!(" {lead} {sub}"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn periods() {
        let iso = |s: &str| s.parse::<NaiveDate>().unwrap();
        for (from, to, expected) in [
            ("2021-01-01", "2021-06-30", "6 tháng đầu năm 2021"),
            ("2021-07-01", "2021-12-31", "6 tháng cuối năm 2021"),
            ("2021-01-01", "2021-12-31", "năm 2021"),
            ("2021-04-01", "2021-06-30", "quý II năm 2021"),
            ("2021-01-01", "2021-09-30", "9 tháng đầu năm 2021"),
            ("2021-03-01", "2021-03-31", "tháng 3 năm 2021"),
            (
                "2021-02-05",
                "2021-06-30",
                "từ ngày 05/02/2021 đến ngày 30/6/2021",
            ),
        ] {
            assert_eq!(period_name(iso(from), iso(to)), expected);
        }
        for (from, to, expected) in [
            ("2021-01-01", "2021-06-30", "06 tháng đầu năm 2021"),
            ("2021-01-01", "2021-12-31", "năm 2021"),
        ] {
            assert_eq!(period_name_padded(iso(from), iso(to)), expected);
        }
        for (from, to, next_from, next_to) in [
            ("2021-01-01", "2021-06-30", "2021-07-01", "2021-12-31"),
            ("2021-07-01", "2021-12-31", "2022-01-01", "2022-06-30"),
            ("2021-10-01", "2021-12-31", "2022-01-01", "2022-03-31"),
        ] {
            let expected = Some((iso(next_from), iso(next_to)));
            assert_eq!(next_period(iso(from), iso(to)), expected);
        }
        assert_eq!(next_period(iso("2021-02-05"), iso("2021-06-30")), None);
    }

    #[test]
    fn citations() {
        let doc =
            |n: &str, kind: Option<DocumentType>, date: Option<NaiveDate>, sub: Option<&str>| {
                Document {
                    number: Some(n.parse().unwrap()),
                    kind,
                    date,
                    issuer: None,
                    subject: sub.map(str::to_string),
                }
            };
        for (n, kind) in [
            ("21/KH-UBND", "Kế hoạch"),
            ("130/QĐ-UBND", "Quyết định"),
            ("43/2011/NĐ-CP", "Nghị định"),
            ("839/STP-HCTP&BTTP", "Công văn"),
            ("12/UBND-VX", "Công văn"),
            ("05/QyĐ-UBND", "Quy định"),
        ] {
            assert_eq!(
                citation(&doc(n, None, None, None)),
                format!("{kind} số {n}")
            );
        }
        assert_eq!(
            citation(&doc("31/KH-UBND", None, Some(d(2021, 3, 31)), None)),
            "Kế hoạch số 31/KH-UBND ngày 31/3/2021"
        );
        assert_eq!(
            citation(&doc(
                "839/STP-HCTP&BTTP",
                None,
                Some(d(2021, 8, 18)),
                Some("xây dựng")
            )),
            "Công văn số 839/STP-HCTP&BTTP ngày 18/8/2021 về việc xây dựng"
        );
        // A công văn's trích yếu already reading "việc …" (from "V/v …") is not doubled; an
        // explicit kind wins over the symbol's silence.
        assert_eq!(
            citation(&doc("12/UBND-VX", None, None, Some("việc tăng cường"))),
            "Công văn số 12/UBND-VX về việc tăng cường"
        );
        assert_eq!(
            citation(&doc(
                "12/UBND-VX",
                Some(DocumentType::ThongBao),
                None,
                Some("lịch")
            )),
            "Thông báo số 12/UBND-VX về lịch"
        );
        let mut without = doc("21/KH-UBND", None, None, Some("rà soát"));
        without.number = None;
        without.kind = Some(DocumentType::KeHoach);
        assert_eq!(citation(&without), "Kế hoạch về rà soát");
    }
}
