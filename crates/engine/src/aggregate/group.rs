//! The one group-key builder: the value of every grouping dimension of one dossier, whatever
//! the input holds it as (CSV fields, a `Dossier`, interned columns). Text dimensions
//! (agency, procedure, field, level) are the dossier's values as found; the channel comes
//! from the record's flags and the month from its receipt time, spelled here and nowhere
//! else.

use minhbach_model::Channel;

use super::codes::{channel_flag, flag_channel};
use super::query::GroupKey;
use super::time::{days_from_civil, month_label, month_number, SECS_PER_DAY};

/// Calls `emit(position, key, value)` for each key of `group_by`, in order: `text(key)` for the
/// text dimensions, the channel of `flags`, the month of `recv`. [`GroupKey::Unit`] (never a
/// dossier's) is empty.
#[inline]
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
    fn dense_numbers_round_trip() {
        for f in [0, F_ONLINE, F_POSTAL] {
            assert_eq!(channel_flags(channel_number(f)), f);
        }
        for n in [0i64, 23_000, 24_255, 24_256, -13] {
            assert_eq!(month_number(month_start(n)), n);
        }
    }
}
