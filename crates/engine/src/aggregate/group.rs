//! The one group-key builder: the value of every grouping dimension of one dossier, whatever
//! the input holds it as (CSV fields, a `Dossier`, interned columns). Text dimensions
//! (agency, procedure, field, level) are the dossier's values as found; the online service
//! level is the dossier's own, else its procedure's ([`online_level`]), spelled as reports
//! write it when recognised; the channel comes from the record's flags and the month from its
//! receipt time, spelled here and nowhere else.

use std::borrow::Cow;
use std::collections::HashMap;

use minhbach_model::{Channel, OnlineServiceLevel};

use super::codes::{channel_flag, flag_channel};
use super::query::GroupKey;
use super::time::{days_from_civil, month_label, month_number, SECS_PER_DAY};

/// Calls `emit(position, key, value)` for each key of `group_by`, in order: `text(key)` for the
/// text dimensions, the channel of `flags`, the month of `recv`. [`GroupKey::Unit`] (never a
/// dossier's) is empty.
#[inline(always)]
pub(crate) fn key_values<'a>(
    group_by: &[GroupKey],
    flags: u8,
    recv: i64,
    text: impl Fn(GroupKey) -> &'a [u8],
    mut emit: impl FnMut(usize, GroupKey, &[u8]),
) {
    for (i, k) in group_by.iter().enumerate() {
        match k {
            GroupKey::Agency | GroupKey::Procedure | GroupKey::Field | GroupKey::Level => {
                emit(i, *k, text(*k))
            }
            GroupKey::OnlineLevel => emit(i, *k, &online_level_label(text(*k))),
            GroupKey::Channel => emit(i, *k, flag_channel(flags).as_str().as_bytes()),
            GroupKey::Month => emit(i, *k, month_label(month_number(recv)).as_bytes()),
            GroupKey::Unit => emit(i, *k, b""),
        }
    }
}

/// The key of `group_by` as strings (values that are not UTF-8 replaced, which text from a
/// `Dossier` never is).
pub(crate) fn key_strings<'a>(
    group_by: &[GroupKey],
    flags: u8,
    recv: i64,
    text: impl Fn(GroupKey) -> &'a [u8],
) -> Vec<String> {
    let mut out = Vec::with_capacity(group_by.len());
    key_values(group_by, flags, recv, text, |_, _, v| {
        out.push(String::from_utf8_lossy(v).into_owned())
    });
    out
}

/// The online service level of a dossier: its own (`own`, as found) when it has one, else the
/// level its procedure has in `levels` (procedure code → level), else empty.
#[inline]
pub(crate) fn online_level<'a>(
    own: &'a [u8],
    procedure: &[u8],
    levels: &'a HashMap<String, String>,
) -> &'a [u8] {
    if !own.is_empty() || levels.is_empty() {
        return own;
    }
    std::str::from_utf8(procedure)
        .ok()
        .and_then(|p| levels.get(p))
        .map_or(b"", |l| l.as_bytes())
}

/// The spelling of an online service level in group keys: the model's Vietnamese wording
/// (`mức độ 3`, `toàn trình`, `một phần`) when the value is one it recognises (`3`, `Mức độ
/// 3`, `muc do 3`, `level_3`), the value as found otherwise.
pub(crate) fn online_level_label(value: &[u8]) -> Cow<'_, [u8]> {
    match std::str::from_utf8(value).map(OnlineServiceLevel::parse) {
        Ok(Ok(level)) if !value.is_empty() => Cow::Borrowed(level.vietnamese().as_bytes()),
        _ => Cow::Borrowed(value),
    }
}

/// The channels in the order of their dense number ([`channel_number`]).
const CHANNELS: [Channel; 3] = [Channel::Direct, Channel::Online, Channel::Postal];

/// A dense number for the channel of record flags: 0 direct, 1 online, 2 postal.
#[inline]
pub(crate) fn channel_number(flags: u8) -> u64 {
    match flag_channel(flags) {
        Channel::Direct => 0,
        Channel::Online => 1,
        Channel::Postal => 2,
    }
}

/// Record flags of the channel numbered `n` ([`channel_number`]).
pub(crate) fn channel_flags(n: u64) -> u8 {
    CHANNELS
        .get(usize::try_from(n).unwrap_or(0))
        .map_or(0, |c| channel_flag(*c))
}

/// A receipt time in the month numbered `n` (`time::month_number`): its first second.
pub(crate) fn month_start(n: i64) -> i64 {
    days_from_civil(n.div_euclid(12), n.rem_euclid(12) + 1, 1) * SECS_PER_DAY
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::codes::{F_ONLINE, F_POSTAL};

    #[test]
    fn keys_in_group_by_order() {
        let recv = 1_614_556_800; // 2021-03-01T00:00:00
        let keys = [GroupKey::Month, GroupKey::Agency, GroupKey::Channel];
        let k = key_strings(&keys, F_ONLINE, recv, |k| match k {
            GroupKey::Agency => b"TP",
            _ => b"?",
        });
        assert_eq!(k, ["2021-03", "TP", "online"]);
    }

    #[test]
    fn online_level_own_then_catalogue_then_empty() {
        let levels = HashMap::from([("1.001".to_string(), "toàn trình".to_string())]);
        assert_eq!(online_level(b"4", b"1.001", &levels), b"4");
        assert_eq!(
            online_level(b"", b"1.001", &levels),
            "toàn trình".as_bytes()
        );
        assert_eq!(online_level(b"", b"1.002", &levels), b"");
        let key = |v: &'static [u8]| key_strings(&[GroupKey::OnlineLevel], 0, 0, |_| v);
        assert_eq!(key(b"Muc do 4"), ["mức độ 4"]);
        assert_eq!(key(b"4"), ["mức độ 4"]);
        assert_eq!(key("Toàn trình".as_bytes()), ["toàn trình"]);
        assert_eq!(key(b"khac"), ["khac"]);
        assert_eq!(key(b""), [""]);
    }

    #[test]
    fn dense_numbers_round_trip() {
        for f in [0, F_ONLINE, F_POSTAL] {
            assert_eq!(channel_flags(channel_number(f)), f);
        }
        for n in [0i64, 23_000, 24_255, 24_256, -13] {
            assert_eq!(month_number(month_start(n)), n);
        }
    }
}
