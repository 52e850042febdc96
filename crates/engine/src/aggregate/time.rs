//! Time as the aggregation sees it: whole seconds since 1970-01-01T00:00:00 of the naive local
//! clock (one-stop exports carry no time zone), day numbers, months, and a byte-level parser
//! of `YYYY-MM-DDTHH:MM:SS` proven equal to the model's. The bottom layer of the module.

use chrono::NaiveDateTime;

/// Seconds in a day.
pub(crate) const SECS_PER_DAY: i64 = 86_400;

/// Seconds since the epoch of a naive date-time.
pub(crate) fn ts(t: NaiveDateTime) -> i64 {
    t.and_utc().timestamp()
}

/// The naive date-time of a timestamp.
pub(crate) fn from_ts(s: i64) -> Option<NaiveDateTime> {
    chrono::DateTime::from_timestamp(s, 0).map(|d| d.naive_utc())
}

/// Day number (days since 1970-01-01) of a timestamp.
#[inline]
pub(crate) fn day_of(t: i64) -> i64 {
    t.div_euclid(SECS_PER_DAY)
}

/// (year, month) of a timestamp.
#[inline]
pub(crate) fn year_month(t: i64) -> (i64, i64) {
    // H. Hinnant's civil_from_days.
    let z = day_of(t) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m)
}

/// `y * 12 + m - 1` of a timestamp: consecutive months are consecutive numbers.
#[inline]
pub(crate) fn month_number(t: i64) -> i64 {
    let (y, m) = year_month(t);
    y * 12 + m - 1
}

/// `YYYY-MM` of the month [`month_number`] `n`: the one spelling of a month in group keys.
pub(crate) fn month_label(n: i64) -> String {
    format!("{:04}-{:02}", n.div_euclid(12), n.rem_euclid(12) + 1)
}

/// First year of [`YEARS`].
const YEAR0: i64 = 1900;
/// Per year from [`YEAR0`]: (days from 1970-01-01 to its 1 January, leap year).
// Indexes are constants below the array length or masked to it (hot path: no `get`).
#[allow(clippy::indexing_slicing)]
const YEARS: [(i64, bool); 256] = {
    let mut t = [(0i64, false); 256];
    let mut i = 0;
    while i < 256 {
        let y = YEAR0 + i as i64;
        t[i] = (
            days_from_civil(y, 1, 1),
            (y % 4 == 0 && y % 100 != 0) || y % 400 == 0,
        );
        i += 1;
    }
    t
};
/// Days before the first of each month, common and leap years.
const MONTH_START: [[i64; 12]; 2] = [
    [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334],
    [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335],
];
/// Days in each month, common and leap years.
const MONTH_DAYS: [[i64; 12]; 2] = [
    [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31],
    [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31],
];

/// Parses `YYYY-MM-DDTHH:MM:SS` (exactly 19 bytes, `T` or space) to a timestamp without
/// allocation; `None` for anything else (the caller then uses the model's parser). Years
/// 1900–2155 use a table; others the general formula.
#[inline]
pub(crate) fn fast_timestamp(b: &[u8]) -> Option<i64> {
    let b: &[u8; 19] = b.try_into().ok()?;
    Some(fast_date(b)? + fast_time_of_day(b)?)
}

/// Seconds since 1970-01-01 of the date `YYYY-MM-DD` in bytes 0..10.
#[inline]
// Indexes are constants below the array length or masked to it (hot path: no `get`).
#[allow(clippy::indexing_slicing)]
fn fast_date(b: &[u8; 19]) -> Option<i64> {
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let mut bad = 0u8;
    for i in [0, 1, 2, 3, 5, 6, 8, 9] {
        bad |= u8::from(b[i].wrapping_sub(b'0') > 9);
    }
    if bad != 0 {
        return None;
    }
    let d = |i: usize| i64::from(b[i] - b'0');
    let y = d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3);
    let m = d(5) * 10 + d(6);
    let day = d(8) * 10 + d(9);
    if !(1..=12).contains(&m) || day < 1 {
        return None;
    }
    let (days, leap) = match YEARS.get((y - YEAR0) as usize) {
        Some(&(y_days, leap)) => (y_days, leap),
        None => {
            let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
            (days_from_civil(y, 1, 1), leap)
        }
    };
    let mi = (m - 1) as usize;
    let li = usize::from(leap);
    if day > MONTH_DAYS[li][mi] {
        return None;
    }
    Some((days + MONTH_START[li][mi] + day - 1) * SECS_PER_DAY)
}

/// Seconds of `[T ]HH:MM:SS` in bytes 10..19.
#[inline]
// Indexes are constants below the array length or masked to it (hot path: no `get`).
#[allow(clippy::indexing_slicing)]
fn fast_time_of_day(b: &[u8; 19]) -> Option<i64> {
    if (b[10] != b'T' && b[10] != b' ') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let mut bad = 0u8;
    for i in [11, 12, 14, 15, 17, 18] {
        bad |= u8::from(b[i].wrapping_sub(b'0') > 9);
    }
    if bad != 0 {
        return None;
    }
    let d = |i: usize| i64::from(b[i] - b'0');
    let hh = d(11) * 10 + d(12);
    let mm = d(14) * 10 + d(15);
    let ss = d(17) * 10 + d(18);
    if hh > 23 || mm > 59 || ss > 59 {
        return None;
    }
    Some(hh * 3600 + mm * 60 + ss)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
#[inline]
pub(crate) const fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use minhbach_model::parse_datetime;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn fast_parser_equals_model_parser(secs in -2_000_000_000i64..8_000_000_000i64, sep in prop::bool::ANY) {
            let t = from_ts(secs).unwrap();
            let s = t.format(if sep { "%Y-%m-%dT%H:%M:%S" } else { "%Y-%m-%d %H:%M:%S" }).to_string();
            prop_assert_eq!(fast_timestamp(s.as_bytes()), Some(ts(parse_datetime(&s).unwrap())));
        }

        #[test]
        fn fast_parser_never_disagrees(s in "[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}") {
            let model = parse_datetime(&s).ok().map(ts);
            prop_assert_eq!(fast_timestamp(s.as_bytes()), model);
        }

        #[test]
        fn fast_parser_never_panics(b in prop::collection::vec(any::<u8>(), 0..24)) {
            let _ = fast_timestamp(&b);
        }
    }

    proptest! {
        #[test]
        fn year_month_matches_chrono(secs in -5_000_000_000i64..10_000_000_000i64) {
            let d = from_ts(secs).unwrap();
            use chrono::Datelike;
            prop_assert_eq!(year_month(secs), (d.year() as i64, d.month() as i64));
            prop_assert_eq!(month_label(month_number(secs)), format!("{:04}-{:02}", d.year(), d.month()));
        }
    }
}
