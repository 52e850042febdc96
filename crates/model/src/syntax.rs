//! What a third-party parser (`toml`, `serde_json`, `csv`) says about a file it cannot read,
//! in both languages.
//!
//! The parsers word their messages in English, and the words follow `serde`'s conventions
//! (`missing field `x``, `unknown field `x`, expected one of …`, `invalid type: string "x",
//! expected a decimal`). [`SyntaxMessage`] keeps the parser's text as its English wording,
//! unchanged, and words the usual forms in Vietnamese, keeping the field names and values as
//! written; a message of another form is quoted after a Vietnamese sentence that names the
//! format, so an officer always reads Vietnamese first and the parser's own words only as a
//! quoted detail.
//!
//! ```
//! use minhbach_model::{Bilingual, Lang, SyntaxFormat, SyntaxMessage};
//! let m = SyntaxMessage::new(SyntaxFormat::Toml, "missing field `direction`");
//! assert_eq!(m.to_string(), "missing field `direction`");
//! assert_eq!(m.in_lang(Lang::Vi).to_string(), "thiếu trường `direction`");
//! let m = SyntaxMessage::new(SyntaxFormat::Toml, "expected `=`");
//! assert_eq!(
//!     m.in_lang(Lang::Vi).to_string(),
//!     "không đúng cú pháp TOML (trình đọc báo: \"expected `=`\")"
//! );
//! ```

use std::fmt;

use crate::Bilingual;

/// The format a parser reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SyntaxFormat {
    /// TOML (`report.toml`, `portal.toml`, index definitions).
    Toml,
    /// JSON (index definitions, partial files).
    Json,
    /// CSV (the bundle's tables, unit data).
    Csv,
}

impl SyntaxFormat {
    /// The format's name, the same in both languages.
    pub fn name(self) -> &'static str {
        match self {
            SyntaxFormat::Toml => "TOML",
            SyntaxFormat::Json => "JSON",
            SyntaxFormat::Csv => "CSV",
        }
    }
}

/// A parser's message about a file it cannot read: its `Display` is the parser's text as it
/// is; its Vietnamese wording ([`Bilingual`]) says the same in Vietnamese (see the module).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SyntaxMessage {
    format: SyntaxFormat,
    text: String,
}

impl SyntaxMessage {
    /// The message `text` of a parser of `format`.
    pub fn new(format: SyntaxFormat, text: impl Into<String>) -> Self {
        SyntaxMessage {
            format,
            text: text.into(),
        }
    }

    /// The format read.
    pub fn format(&self) -> SyntaxFormat {
        self.format
    }

    /// The parser's text, as it wrote it.
    pub fn text(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for SyntaxMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// `serde_json` ends its messages with ` at line L column C`: the message and `(L, C)`.
fn split_position(text: &str) -> (&str, Option<(&str, &str)>) {
    if let Some((head, at)) = text.rsplit_once(" at line ") {
        if let Some((line, column)) = at.split_once(" column ") {
            let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
            if digits(line) && digits(column) {
                return (head, Some((line, column)));
            }
        }
    }
    (text, None)
}

/// `serde`'s description of a value found (`string "x"`, `integer `5``) in Vietnamese.
fn unexpected_vi(found: &str) -> String {
    const KINDS: [(&str, &str); 12] = [
        ("string ", "chuỗi "),
        ("integer ", "số nguyên "),
        ("floating point ", "số thực "),
        ("boolean ", "giá trị đúng/sai "),
        ("character ", "ký tự "),
        ("sequence", "danh sách"),
        ("map", "bảng"),
        ("unit value", "giá trị rỗng"),
        ("unit variant", "biến thể không có giá trị"),
        ("newtype struct", "cấu trúc"),
        ("Option value", "giá trị có thể thiếu"),
        ("byte array", "dãy byte"),
    ];
    for (en, vi) in KINDS {
        if let Some(rest) = found.strip_prefix(en) {
            return format!("{vi}{rest}");
        }
    }
    found.to_string()
}

/// `one of `a`, `b`` or `` `a` `` (what `serde` expects) in Vietnamese.
fn expected_vi(expected: &str) -> String {
    match expected.strip_prefix("one of ") {
        Some(list) => format!("một trong {list}"),
        // `serde` names two variants as "`a` or `b`".
        None if expected.starts_with('`') => expected.replace("` or `", "` hoặc `"),
        None if expected.starts_with("struct ") => "một bảng".to_string(),
        None => {
            const KINDS: [(&[&str], &str); 9] = [
                (&["a string"], "một chuỗi ký tự (ghi trong dấu nháy kép)"),
                (&["a boolean"], "true hoặc false"),
                (
                    &[
                        "an integer",
                        "i8",
                        "i16",
                        "i32",
                        "i64",
                        "u8",
                        "u16",
                        "u32",
                        "u64",
                        "usize",
                        "isize",
                    ],
                    "một số nguyên",
                ),
                (&["a float", "f32", "f64"], "một số"),
                (
                    &[
                        "a decimal",
                        "a Decimal type representing a fixed-point number",
                    ],
                    "một số thập phân",
                ),
                (&["a sequence"], "một danh sách [ … ]"),
                (&["a map"], "một bảng"),
                (
                    &["a formatted date string"],
                    "một ngày dạng YYYY-MM-DD (không có dấu nháy)",
                ),
                (
                    &["a formatted date and time string"],
                    "một ngày giờ dạng YYYY-MM-DDTHH:MM:SS (không có dấu nháy)",
                ),
            ];
            KINDS
                .iter()
                .find(|(en, _)| en.contains(&expected))
                .map_or_else(|| expected.to_string(), |(_, vi)| (*vi).to_string())
        }
    }
}

/// A `serde` or `toml` message in Vietnamese, or `None` for another form.
fn known_vi(message: &str) -> Option<String> {
    let quoted = |rest: &str| -> Option<(String, String)> {
        let rest = rest.strip_prefix('`')?;
        let (name, tail) = rest.split_once('`')?;
        Some((name.to_string(), tail.to_string()))
    };
    if let Some(rest) = message.strip_prefix("missing field ") {
        let (name, _) = quoted(rest)?;
        return Some(format!("thiếu trường `{name}`"));
    }
    for prefix in ["duplicate field ", "duplicate key "] {
        if let Some(rest) = message.strip_prefix(prefix) {
            let (name, _) = quoted(rest)?;
            return Some(format!("trường `{name}` được ghi hai lần"));
        }
    }
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let (name, tail) = quoted(rest)?;
        return Some(match tail.strip_prefix(", expected ") {
            Some(expected) => format!(
                "không có trường `{name}` (các trường có: {})",
                expected.strip_prefix("one of ").unwrap_or(expected)
            ),
            None => format!("không có trường `{name}`"),
        });
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let (name, tail) = quoted(rest)?;
        return Some(match tail.strip_prefix(", expected ") {
            Some(expected) => format!(
                "giá trị `{name}` không hợp lệ: cần {}",
                expected_vi(expected)
            ),
            None => format!("giá trị `{name}` không hợp lệ"),
        });
    }
    for (prefix, vi) in [
        ("invalid type: ", "sai kiểu"),
        ("invalid value: ", "giá trị không hợp lệ"),
    ] {
        if let Some(rest) = message.strip_prefix(prefix) {
            let (found, expected) = rest.rsplit_once(", expected ")?;
            return Some(format!(
                "{vi}: gặp {}, cần {}",
                unexpected_vi(found),
                expected_vi(expected)
            ));
        }
    }
    if let Some(rest) = message.strip_prefix("invalid length ") {
        let (n, expected) = rest.split_once(", expected ")?;
        return Some(format!(
            "sai số phần tử: có {n}, cần {}",
            expected_vi(expected)
        ));
    }
    None
}

impl Bilingual for SyntaxMessage {
    fn fmt_vi(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (message, at) = split_position(self.text.trim());
        match known_vi(message) {
            Some(vi) => f.write_str(&vi)?,
            None => {
                // The parser's own words, on one line, as a quoted detail.
                let detail = message.split_whitespace().collect::<Vec<_>>().join(" ");
                write!(
                    f,
                    "không đúng cú pháp {} (trình đọc báo: {detail:?})",
                    self.format.name()
                )?;
            }
        }
        if let Some((line, column)) = at {
            write!(f, " (dòng {line}, cột {column})")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;

    fn vi(format: SyntaxFormat, text: &str) -> String {
        SyntaxMessage::new(format, text)
            .in_lang(Lang::Vi)
            .to_string()
    }

    #[test]
    fn english_is_the_parser_text_unchanged() {
        for text in ["missing field `x`", "expected `=`\nexpected `.`", ""] {
            assert_eq!(
                SyntaxMessage::new(SyntaxFormat::Toml, text).to_string(),
                text
            );
        }
    }

    #[test]
    fn serde_forms_in_vietnamese() {
        use SyntaxFormat::{Json, Toml};
        assert_eq!(
            vi(
                Toml,
                "unknown field `methd`, expected one of `method`, `low`"
            ),
            "không có trường `methd` (các trường có: `method`, `low`)"
        );
        assert_eq!(
            vi(Toml, "unknown variant `up`, expected `higher` or `lower`"),
            "giá trị `up` không hợp lệ: cần `higher` hoặc `lower`"
        );
        assert_eq!(
            vi(Toml, "invalid type: string \"x\", expected a decimal"),
            "sai kiểu: gặp chuỗi \"x\", cần một số thập phân"
        );
        assert_eq!(
            vi(Toml, "invalid type: integer `2021`, expected a string"),
            "sai kiểu: gặp số nguyên `2021`, cần một chuỗi ký tự (ghi trong dấu nháy kép)"
        );
        assert_eq!(
            vi(Toml, "invalid type: string \"5\", expected u32"),
            "sai kiểu: gặp chuỗi \"5\", cần một số nguyên"
        );
        assert_eq!(
            vi(
                Toml,
                "invalid type: integer `1`, expected struct SectionSpec"
            ),
            "sai kiểu: gặp số nguyên `1`, cần một bảng"
        );
        assert_eq!(vi(Toml, "duplicate key `a`"), "trường `a` được ghi hai lần");
        assert_eq!(
            vi(Json, "missing field `id` at line 3 column 1"),
            "thiếu trường `id` (dòng 3, cột 1)"
        );
        assert_eq!(
            vi(Json, "expected value at line 1 column 2"),
            "không đúng cú pháp JSON (trình đọc báo: \"expected value\") (dòng 1, cột 2)"
        );
        assert_eq!(
            vi(Toml, "invalid table header\nexpected `.`, `]`"),
            "không đúng cú pháp TOML (trình đọc báo: \"invalid table header expected `.`, `]`\")"
        );
    }

    #[test]
    fn no_english_sentence_leaks() {
        let all = [
            SyntaxMessage::new(SyntaxFormat::Toml, "missing field `x`"),
            SyntaxMessage::new(SyntaxFormat::Csv, "found record with 3 fields"),
            SyntaxMessage::new(SyntaxFormat::Json, "EOF while parsing a value"),
        ];
        assert_eq!(crate::untranslated(&all), Vec::<String>::new());
    }
}
