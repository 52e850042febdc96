//! Parsing of the date-time layouts found in one-stop exports.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use crate::{Bilingual, ModelError};

/// What time a date without a time of day stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateOnly {
    /// 00:00:00 — the reading for receipt and resolution times.
    StartOfDay,
    /// 23:59:59 — the reading for a due date ("hẹn trả ngày 19/02/2021" is due by the end of
    /// that day).
    EndOfDay,
}

/// Why a date or date-time was refused ([`ModelError::InvalidDateTime`]).
///
/// ```
/// use minhbach_model::{parse_date, Bilingual, DateReason, Lang, ModelError};
/// let Err(ModelError::InvalidDateTime { reason, .. }) = parse_date("2021-13-01") else {
///     panic!("a 13th month")
/// };
/// assert_eq!(reason, DateReason::Month);
/// assert_eq!(reason.to_string(), "month must be 1-12");
/// assert_eq!(reason.in_lang(Lang::Vi).to_string(), "tháng phải từ 1 đến 12");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DateReason {
    /// Nothing but spaces.
    Empty,
    /// Not `YYYY-MM-DD` nor `DD/MM/YYYY` (with an optional time of day).
    Layout,
    /// A month outside 1–12.
    Month,
    /// A day the month does not have (31/02, 29/02 of a common year).
    NoSuchDay,
    /// A time of day that is not `HH:MM` or `HH:MM:SS` within a day.
    TimeOfDay,
}

impl std::fmt::Display for DateReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            DateReason::Empty => "empty",
            DateReason::Layout => "expected YYYY-MM-DD or DD/MM/YYYY",
            DateReason::Month => "month must be 1-12",
            DateReason::NoSuchDay => "no such day in that month",
            DateReason::TimeOfDay => {
                "time of day must be HH:MM or HH:MM:SS with hours 0-23 and minutes/seconds 0-59"
            }
        })
    }
}

impl Bilingual for DateReason {
    fn fmt_vi(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            DateReason::Empty => "trống",
            DateReason::Layout => "cần dạng YYYY-MM-DD hoặc DD/MM/YYYY",
            DateReason::Month => "tháng phải từ 1 đến 12",
            DateReason::NoSuchDay => "tháng đó không có ngày này",
            DateReason::TimeOfDay => {
                "giờ phải có dạng HH:MM hoặc HH:MM:SS, giờ từ 0 đến 23, phút và giây từ 0 đến 59"
            }
        })
    }
}

/// Parses a local (UTC+7, naive) date-time in one of the accepted layouts:
/// `YYYY-MM-DDTHH:MM:SS`, `YYYY-MM-DD HH:MM:SS`, `DD/MM/YYYY HH:MM:SS`, the same without
/// seconds, or a date alone (`YYYY-MM-DD`, `DD/MM/YYYY`), which reads as 00:00:00.
/// Fractional seconds are accepted and dropped. Leading and trailing spaces are ignored.
///
/// ```
/// use minhbach_model::parse_datetime;
/// assert_eq!(parse_datetime("2021-02-05T08:30:00").unwrap().to_string(), "2021-02-05 08:30:00");
/// assert_eq!(parse_datetime("05/02/2021").unwrap().to_string(), "2021-02-05 00:00:00");
/// assert!(parse_datetime("31/02/2021").is_err());
/// ```
pub fn parse_datetime(s: &str) -> Result<NaiveDateTime, ModelError> {
    parse_datetime_with(s, DateOnly::StartOfDay)
}

/// Like [`parse_datetime`], choosing what a date without a time of day stands for.
///
/// ```
/// use minhbach_model::{parse_datetime_with, DateOnly};
/// let due = parse_datetime_with("19/02/2021", DateOnly::EndOfDay).unwrap();
/// assert_eq!(due.to_string(), "2021-02-19 23:59:59");
/// ```
pub fn parse_datetime_with(s: &str, date_only: DateOnly) -> Result<NaiveDateTime, ModelError> {
    let t = s.trim();
    let err = |reason: DateReason| ModelError::InvalidDateTime {
        value: s.to_string(),
        reason,
    };
    if t.is_empty() {
        return Err(err(DateReason::Empty));
    }
    let (date_part, time_part) = match t.split_once(['T', ' ']) {
        Some((date, time)) => (date, Some(time.trim_start())),
        None => (t, None),
    };
    let date = parse_date(date_part).map_err(|e| match e {
        ModelError::InvalidDateTime { reason, .. } => err(reason),
        other => other,
    })?;
    let time = match time_part {
        None => match date_only {
            DateOnly::StartOfDay => NaiveTime::MIN,
            DateOnly::EndOfDay => NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN),
        },
        Some(tp) => parse_time(tp).ok_or_else(|| err(DateReason::TimeOfDay))?,
    };
    Ok(NaiveDateTime::new(date, time))
}

/// A date or date-time as a data file writes it, kept as text for [`parse_date`] or
/// [`parse_datetime`]: a string (`"05/02/2021"`), or a TOML date or date-time literal
/// (`date = 2021-02-05`, which TOML hands over as its own type). The one bridge between serde
/// formats and the model's date layouts: [`crate::Document`]'s date and a report bundle's
/// `report.toml` dates are read through it.
///
/// ```
/// use minhbach_model::{parse_date, DateText};
/// #[derive(serde::Deserialize)]
/// struct R { date: DateText }
/// let toml: R = toml::from_str("date = 2021-02-05").unwrap();
/// let text: R = toml::from_str("date = \"5/2/2021\"").unwrap();
/// assert_eq!(parse_date(&toml.date.0).unwrap(), parse_date(&text.date.0).unwrap());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateText(pub String);

/// The key under which the `toml` crate hands a date or date-time literal to serde.
const TOML_DATETIME_KEY: &str = "$__toml_private_datetime";

impl<'de> serde::Deserialize<'de> for DateText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<DateText, D::Error> {
        struct DateTextVisitor;
        impl<'de> serde::de::Visitor<'de> for DateTextVisitor {
            type Value = DateText;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a date as text (YYYY-MM-DD or DD/MM/YYYY) or a TOML date")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<DateText, E> {
                Ok(DateText(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<DateText, A::Error> {
                use serde::de::Error;
                match m.next_key::<String>()? {
                    Some(k) if k == TOML_DATETIME_KEY => Ok(DateText(m.next_value()?)),
                    _ => Err(A::Error::custom(
                        "expected a date as text (YYYY-MM-DD or DD/MM/YYYY), not a table",
                    )),
                }
            }
        }
        d.deserialize_any(DateTextVisitor)
    }
}

/// Parses a calendar date `YYYY-MM-DD` or `DD/MM/YYYY` (also `D/M/YYYY`).
///
/// ```
/// use minhbach_model::parse_date;
/// assert_eq!(parse_date("5/2/2021").unwrap().to_string(), "2021-02-05");
/// assert!(parse_date("2021-13-01").is_err());
/// ```
pub fn parse_date(s: &str) -> Result<NaiveDate, ModelError> {
    let t = s.trim();
    let err = |reason: DateReason| ModelError::InvalidDateTime {
        value: s.to_string(),
        reason,
    };
    let (y, m, d) = if let Some((a, rest)) = t.split_once('-') {
        let (b, c) = rest
            .split_once('-')
            .ok_or_else(|| err(DateReason::Layout))?;
        (num(a, 4, 4), num(b, 1, 2), num(c, 1, 2))
    } else if let Some((a, rest)) = t.split_once('/') {
        let (b, c) = rest
            .split_once('/')
            .ok_or_else(|| err(DateReason::Layout))?;
        (num(c, 4, 4), num(b, 1, 2), num(a, 1, 2))
    } else {
        return Err(err(DateReason::Layout));
    };
    let (Some(y), Some(m), Some(d)) = (y, m, d) else {
        return Err(err(DateReason::Layout));
    };
    if !(1..=12).contains(&m) {
        return Err(err(DateReason::Month));
    }
    NaiveDate::from_ymd_opt(y as i32, m, d).ok_or_else(|| err(DateReason::NoSuchDay))
}

/// Parses `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fff`.
fn parse_time(s: &str) -> Option<NaiveTime> {
    let mut parts = s.splitn(3, ':');
    let h = num(parts.next()?, 1, 2)?;
    let m = num(parts.next()?, 2, 2)?;
    let sec = match parts.next() {
        None => 0,
        Some(p) => {
            let whole = match p.split_once(['.', ',']) {
                Some((w, frac)) if !frac.is_empty() && frac.bytes().all(|b| b.is_ascii_digit()) => {
                    w
                }
                Some(_) => return None,
                None => p,
            };
            num(whole, 2, 2)?
        }
    };
    NaiveTime::from_hms_opt(h, m, sec)
}

/// A run of ASCII digits of length `min..=max`.
fn num(s: &str, min: usize, max: usize) -> Option<u32> {
    if s.len() < min || s.len() > max || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_date_reason_has_a_vietnamese_wording() {
        use DateReason::*;
        let all = [Empty, Layout, Month, NoSuchDay, TimeOfDay];
        assert_eq!(crate::lang::untranslated(&all), Vec::<String>::new());
    }
    use proptest::prelude::*;

    #[test]
    fn accepts_every_documented_layout() {
        for s in [
            "2021-02-05T08:30:00",
            "2021-02-05 08:30:00",
            "05/02/2021 08:30:00",
            "05/02/2021 08:30",
            "2021-02-05T08:30:00.123",
            " 2021-02-05 08:30:00 ",
        ] {
            assert_eq!(
                parse_datetime(s).unwrap().to_string(),
                "2021-02-05 08:30:00",
                "{s}"
            );
        }
    }

    #[test]
    fn refuses_impossible_dates_and_names_the_value() {
        for s in [
            "31/02/2021",
            "2021-13-01",
            "2021-02-05 24:00:00",
            "abc",
            "",
            "2021-02-05T",
        ] {
            let e = parse_datetime(s).unwrap_err();
            assert!(e.to_string().contains(&format!("{s:?}")), "{e}");
        }
    }

    proptest! {
        #[test]
        fn never_panics(s in ".*") {
            let _ = parse_datetime(&s);
            let _ = parse_date(&s);
        }

        #[test]
        fn display_then_parse_is_identity(secs in 0i64..4_102_444_800i64) {
            let t = chrono::DateTime::from_timestamp(secs, 0).unwrap().naive_utc();
            prop_assert_eq!(parse_datetime(&t.format("%Y-%m-%dT%H:%M:%S").to_string()).unwrap(), t);
            prop_assert_eq!(parse_datetime(&t.format("%d/%m/%Y %H:%M:%S").to_string()).unwrap(), t);
        }
    }
}
