//! Text helpers: case and diacritic folding for matching Vietnamese spellings, and removal of
//! invisible format characters from identifiers and names.

use std::borrow::Cow;

/// Folds Vietnamese text for matching: lower case, diacritics removed, `đ` → `d`, and runs of
/// whitespace, `_`, `-` and `.` collapsed to one space, trimmed.
///
/// ```
/// use minhbach_model::text::fold;
/// assert_eq!(fold("Ngày Tiếp Nhận"), "ngay tiep nhan");
/// assert_eq!(fold("  Đơn_vị "), "don vi");
/// ```
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars().flat_map(char::to_lowercase) {
        let base = fold_char(c);
        if base.is_whitespace() || base == '_' || base == '-' || base == '.' {
            pending_space = !out.is_empty();
            continue;
        }
        if matches!(base, '\u{300}'..='\u{36f}') {
            continue; // combining marks of decomposed input
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(base);
    }
    out
}

/// Maps one precomposed Vietnamese letter to its base Latin letter.
fn fold_char(c: char) -> char {
    const GROUPS: &[(&str, char)] = &[
        ("àáảãạăằắẳẵặâầấẩẫậ", 'a'),
        ("ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", 'a'),
        ("èéẻẽẹêềếểễệ", 'e'),
        ("ÈÉẺẼẸÊỀẾỂỄỆ", 'e'),
        ("ìíỉĩị", 'i'),
        ("ÌÍỈĨỊ", 'i'),
        ("òóỏõọôồốổỗộơờớởỡợ", 'o'),
        ("ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ", 'o'),
        ("ùúủũụưừứửữự", 'u'),
        ("ÙÚỦŨỤƯỪỨỬỮỰ", 'u'),
        ("ỳýỷỹỵ", 'y'),
        ("ỲÝỶỸỴ", 'y'),
        ("đĐ", 'd'),
    ];
    if c.is_ascii() {
        return c;
    }
    for (set, base) in GROUPS {
        if set.contains(c) {
            return *base;
        }
    }
    c
}

/// Whether `c` is an invisible format character that [`strip_invisible`] removes: zero-width
/// space, non-joiner, joiner and the direction marks (U+200B–U+200F), bidirectional
/// embeddings and overrides (U+202A–U+202E), word joiner and invisible operators
/// (U+2060–U+2064), bidirectional isolates (U+2066–U+2069), the byte order mark / zero-width
/// no-break space (U+FEFF) and the soft hyphen (U+00AD).
///
/// Ordinary spaces, the no-break space (U+00A0) and combining marks are not invisible format
/// characters in this sense and are kept.
///
/// ```
/// use minhbach_model::text::is_invisible;
/// assert!(is_invisible('\u{200B}'));
/// assert!(is_invisible('\u{FEFF}'));
/// assert!(!is_invisible(' '));
/// assert!(!is_invisible('ế'));
/// ```
#[inline]
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
            | '\u{00AD}'
    )
}

/// Whether `c` is a character no document text may hold: the C0 controls but tab and line
/// feed, the carriage return, DEL and the C1 controls, and the non-characters U+FFFE and
/// U+FFFF (forbidden in XML, so a DOCX or HTML holding one is broken). Readers of text
/// meant for a report refuse them; the report's writers remove them.
///
/// ```
/// use minhbach_model::text::is_forbidden;
/// assert!(is_forbidden('\u{7}') && is_forbidden('\r') && is_forbidden('\u{9f}'));
/// assert!(!is_forbidden('\n') && !is_forbidden('\t') && !is_forbidden('đ'));
/// ```
pub fn is_forbidden(c: char) -> bool {
    matches!(
        c,
        '\u{0}'..='\u{8}'
            | '\u{b}'
            | '\u{c}'
            | '\u{d}'..='\u{1f}'
            | '\u{7f}'..='\u{9f}'
            | '\u{fffe}'
            | '\u{ffff}'
    )
}

/// Whether `b` may hold an invisible format character (see [`is_invisible`]): every one of
/// them starts, in UTF-8, with the byte `0xC2`, `0xE2` or `0xEF`. A `false` is exact; a `true`
/// only means the slow check is needed. ASCII text (the common case for ids, codes and
/// channels) is ruled out by `is_ascii`, which reads a word at a time; other text takes one
/// SIMD scan (`memchr3`).
///
/// ```
/// use minhbach_model::text::may_hold_invisible;
/// assert!(!may_hold_invisible("Trung tâm Hành chính công".as_bytes()));
/// assert!(may_hold_invisible("G\u{200B}1".as_bytes()));
/// ```
#[inline]
pub fn may_hold_invisible(b: &[u8]) -> bool {
    !b.is_ascii() && memchr::memchr3(0xC2, 0xE2, 0xEF, b).is_some()
}

/// Removes the invisible format characters (see [`is_invisible`]) from `s`, then trims
/// surrounding whitespace if any character was removed. A string without them is returned
/// borrowed and unchanged (checked with one byte scan, so this is cheap on the hot path).
///
/// Identifiers and names copied from web pages or office documents often carry such
/// characters; removing them makes `"TP\u{200D}"` the same agency as `"TP"` and `"G\u{200B}1"`
/// the same dossier id as `"G1"`.
///
/// ```
/// use std::borrow::Cow;
/// use minhbach_model::text::strip_invisible;
/// assert_eq!(strip_invisible("TP\u{200D}"), "TP");
/// assert_eq!(strip_invisible("\u{FEFF}Z3"), "Z3");
/// assert_eq!(strip_invisible("G\u{200B}1 "), "G1");
/// assert!(matches!(strip_invisible("Hồ sơ 01"), Cow::Borrowed("Hồ sơ 01")));
/// ```
pub fn strip_invisible(s: &str) -> Cow<'_, str> {
    if !may_hold_invisible(s.as_bytes()) || !s.chars().any(is_invisible) {
        return Cow::Borrowed(s);
    }
    let out: String = s.chars().filter(|c| !is_invisible(*c)).collect();
    let trimmed = out.trim();
    if trimmed.len() == out.len() {
        Cow::Owned(out)
    } else {
        Cow::Owned(trimmed.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::{fold, is_invisible, may_hold_invisible, strip_invisible};
    use proptest::prelude::*;
    use std::borrow::Cow;

    #[test]
    fn folds_vietnamese_headers() {
        assert_eq!(fold("Mã hồ sơ"), "ma ho so");
        assert_eq!(fold("NgayHenTra"), "ngayhentra");
        assert_eq!(fold("Ngày kết thúc xử lý"), "ngay ket thuc xu ly");
        assert_eq!(fold("ĐƠN VỊ"), "don vi");
        // decomposed form (NFD) folds the same as precomposed
        assert_eq!(fold("Ma\u{300} ho\u{302}\u{300}"), "ma ho");
    }

    const INVISIBLE: &[char] = &[
        '\u{200B}', '\u{200C}', '\u{200D}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}',
        '\u{202C}', '\u{202D}', '\u{202E}', '\u{2060}', '\u{2061}', '\u{2062}', '\u{2063}',
        '\u{2064}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{FEFF}', '\u{00AD}',
    ];

    #[test]
    fn every_listed_character_is_invisible_and_neighbours_are_not() {
        for c in INVISIBLE {
            assert!(is_invisible(*c), "{c:?}");
            assert!(may_hold_invisible(c.to_string().as_bytes()), "{c:?}");
        }
        for c in [
            '\u{200A}', '\u{2010}', '\u{2029}', '\u{2065}', '\u{206A}', '\u{00A0}',
        ] {
            assert!(!is_invisible(c), "{c:?}");
        }
        assert_eq!(strip_invisible("TP\u{200D}"), "TP");
        assert_eq!(strip_invisible("G\u{200B}1"), "G1");
        assert_eq!(
            strip_invisible("tr\u{1EF1}c\u{200B}tuy\u{1EBF}n"),
            "trựctuyến"
        );
        assert_eq!(strip_invisible("\u{FEFF} Z3 \u{00AD}"), "Z3");
        assert_eq!(strip_invisible("\u{200B}"), "");
        // whitespace is left alone when nothing was removed
        assert!(matches!(strip_invisible(" TP "), Cow::Borrowed(" TP ")));
    }

    fn with_invisible() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                3 => any::<char>(),
                1 => proptest::sample::select(INVISIBLE),
                1 => proptest::sample::select(&['ế', 'ự', '–', '\u{00A0}', ' '][..]),
            ],
            0..24,
        )
        .prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #[test]
        fn strip_invisible_is_idempotent(s in with_invisible()) {
            let once = strip_invisible(&s).into_owned();
            let twice = strip_invisible(&once);
            prop_assert!(matches!(twice, Cow::Borrowed(_)));
            prop_assert_eq!(twice.as_ref(), once.as_str());
        }

        #[test]
        fn strip_invisible_leaves_no_invisible_char(s in with_invisible()) {
            prop_assert!(!strip_invisible(&s).chars().any(is_invisible));
        }

        #[test]
        fn a_string_without_invisible_chars_is_borrowed_unchanged(s in ".*") {
            let s: String = s.chars().filter(|c| !is_invisible(*c)).collect();
            prop_assert!(matches!(strip_invisible(&s), Cow::Borrowed(b) if b == s));
        }

        #[test]
        fn strip_invisible_only_removes_invisible_chars_and_trims(s in with_invisible()) {
            let out = strip_invisible(&s);
            let kept: String = s.chars().filter(|c| !is_invisible(*c)).collect();
            if s.chars().any(is_invisible) {
                prop_assert_eq!(out.as_ref(), kept.trim());
            } else {
                prop_assert_eq!(out.as_ref(), s.as_str());
            }
        }

        #[test]
        fn byte_prefilter_never_misses(s in with_invisible()) {
            if s.chars().any(is_invisible) {
                prop_assert!(may_hold_invisible(s.as_bytes()));
            }
        }
        #[test]
        fn fold_is_idempotent(s in ".*") {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once.clone());
        }
    }
}
