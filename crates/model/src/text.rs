//! Text helpers for matching Vietnamese spellings: case and diacritic folding.

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

#[cfg(test)]
mod tests {
    use super::fold;
    use proptest::prelude::*;

    #[test]
    fn folds_vietnamese_headers() {
        assert_eq!(fold("Mã hồ sơ"), "ma ho so");
        assert_eq!(fold("NgayHenTra"), "ngayhentra");
        assert_eq!(fold("Ngày kết thúc xử lý"), "ngay ket thuc xu ly");
        assert_eq!(fold("ĐƠN VỊ"), "don vi");
        // decomposed form (NFD) folds the same as precomposed
        assert_eq!(fold("Ma\u{300} ho\u{302}\u{300}"), "ma ho");
    }

    proptest! {
        #[test]
        fn fold_is_idempotent(s in ".*") {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once.clone());
        }
    }
}
