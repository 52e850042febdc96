//! Reading dossier figures out of Vietnamese prose, one sentence at a time.
//!
//! A sentence is cut into tokens (words folded with `model::text::fold`, numbers, `%`, `/`,
//! punctuation, dates). Each number that carries a dossier unit ("hồ sơ", "bộ") or follows a
//! dossier label is named from the words of its clause: the words after the unit when they say
//! what the dossiers are ("52 hồ sơ giải quyết quá hạn"), otherwise the words before it
//! ("đã giải quyết 643.272 hồ sơ"). A percentage is named by its own label ("tỷ lệ giải quyết
//! đúng hạn đạt 98,5%") or, when its label only says "chiếm", "đạt", "tỷ lệ", by the count it
//! follows in the sentence. Scopes and periods stay in force until the text names another.

use chrono::NaiveDate;
use minhbach_model::text::fold;
use minhbach_model::Period;
use rust_decimal::Decimal;

use super::names::{FigureName, StatedSum};
use super::number::{self, NumberError};
use super::reason::{InputReason, UnattachedReason};
use super::{Approximation, Figures, StatedFigure, Unattached, DEFAULT_SCOPE};
use crate::aggregate::Column;
use crate::EngineError;

/// Longest sentence handled in one piece; longer runs are cut at a space.
const MAX_SENTENCE: usize = 4096;
/// Most figures (attached or not) read from one text: a report states hundreds; beyond this
/// the input is not one report, and reading it would only fill memory.
pub const MAX_FIGURES: usize = 100_000;
/// Words of a label kept before a number.
const LABEL_WORDS: usize = 24;

/// Reads the dossier figures of a text. The text is read once, left to right, sentence by
/// sentence; memory is bounded by the longest sentence plus the figures found.
///
/// Errors: a number too large for `u64`, a date or month that does not exist
/// ([`EngineError::AuditInput`], with line and column).
///
/// ```
/// use minhbach_engine::aggregate::{Column, MeasureId};
/// use minhbach_engine::audit::{extract, FigureName, StatedSum};
/// let f = extract("Trong quý I, cấp huyện đã tiếp nhận 340.060 hồ sơ, đã giải quyết \
///                  329.596 hồ sơ; trong đó, đúng và trước hạn có 323.911 hồ sơ, \
///                  đạt tỷ lệ 98,28%, còn 5.685 hồ sơ quá hạn, tỷ lệ 1,7%.").unwrap();
/// let names: Vec<_> = f.figures.iter().map(|x| x.name.as_str()).collect();
/// assert_eq!(names, ["received", "resolved", "resolved_in_time", "on_time_rate",
///                    "resolved_late", "late_rate"]);
/// assert_eq!(f.figures[2].name, FigureName::Sum(StatedSum::ResolvedInTime));
/// assert_eq!(f.figures[3].name, FigureName::Rate(MeasureId::OnTimeRate));
/// assert_eq!(f.figures[4].name, FigureName::Count(Column::ResolvedLate));
/// assert!(f.figures.iter().all(|x| x.scope == "cấp huyện"));
/// assert_eq!(f.figures[5].decimals, 1);
/// ```
pub fn extract(text: &str) -> Result<Figures, EngineError> {
    let mut state = State::default();
    let mut out = Figures::default();
    for (start, end) in sentences(text) {
        let Some(sentence) = text.get(start..end) else {
            continue;
        };
        state.sentence(text, sentence, start, &mut out)?;
    }
    Ok(out)
}

/// Byte ranges of the sentences: cut after `.`, `!`, `?` followed by a space or the end, at
/// every line break, and at a space once a sentence reaches [`MAX_SENTENCE`] bytes. The
/// terminators are found with `memchr`, so text without them costs one SIMD scan.
fn sentences(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut pos = 0usize;
    std::iter::from_fn(move || {
        if pos >= bytes.len() {
            return None;
        }
        let start = pos;
        let limit = (start + MAX_SENTENCE).min(bytes.len());
        let window = bytes.get(start..limit).unwrap_or(&[]);
        let mut from = 0usize;
        let mut end = None;
        while let Some(j) = window
            .get(from..)
            .and_then(|w| {
                let a = memchr::memchr3(b'.', b'\n', b'!', w);
                // A '?' counts only before the first other terminator.
                let q = memchr::memchr(b'?', w.get(..a.unwrap_or(w.len())).unwrap_or(w));
                q.or(a)
            })
            .map(|j| j + from)
        {
            let b = window.get(j).copied().unwrap_or(b'\n');
            let next = bytes.get(start + j + 1);
            if b == b'\n' || next.is_none_or(|n| n.is_ascii_whitespace()) {
                end = Some(start + j + 1);
                break;
            }
            from = j + 1;
        }
        let end = match end {
            Some(e) => e,
            None if limit == bytes.len() => limit,
            None => {
                // Too long: cut after the last space, or at the next char boundary.
                match memchr::memrchr(b' ', window) {
                    Some(sp) if sp > 0 => start + sp + 1,
                    _ => {
                        let mut j = limit;
                        while j < bytes.len() && !text.is_char_boundary(j) {
                            j += 1;
                        }
                        j
                    }
                }
            }
        };
        pos = end;
        Some((start, end))
    })
}

// ---------------------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
enum TokenKind {
    Word(String),
    Num(number::Number),
    Date(NaiveDate),
    Percent,
    Slash,
    Open,
    Close,
    /// `,` `;` `:` `.` `!` `?` `-` and line breaks.
    Stop(char),
}

#[derive(Debug, Clone, PartialEq)]
struct Token {
    kind: TokenKind,
    start: usize,
    end: usize,
}

impl Token {
    fn word(&self) -> Option<&str> {
        match &self.kind {
            TokenKind::Word(w) => Some(w),
            _ => None,
        }
    }
    fn is_boundary(&self) -> bool {
        matches!(
            self.kind,
            TokenKind::Stop(_)
                | TokenKind::Open
                | TokenKind::Close
                | TokenKind::Num(_)
                | TokenKind::Percent
                | TokenKind::Date(_)
        )
    }
}

/// Whether token `k` ends a label: a boundary, except a number that names a month, quarter or
/// year inside the label ("tổng số hồ sơ giải quyết trong tháng 10 vừa qua …").
fn ends_label(toks: &[Token], k: usize) -> bool {
    let Some(t) = toks.get(k) else { return true };
    if let TokenKind::Num(n) = &t.kind {
        let prev = k
            .checked_sub(1)
            .and_then(|j| toks.get(j))
            .and_then(Token::word);
        if n.plain && matches!(prev, Some("thang" | "quy" | "nam" | "ngay" | "ky")) {
            return false;
        }
    }
    t.is_boundary()
}

/// 1-based line and column (in characters) of byte offset `at`.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = text.get(..at).unwrap_or(text);
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |p| p + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

fn input_error(text: &str, start: usize, end: usize, reason: InputReason) -> EngineError {
    let (line, column) = line_col(text, start);
    EngineError::AuditInput {
        line,
        column,
        start,
        end,
        reason,
    }
}

/// Cuts one sentence (at byte offset `base` of `text`) into tokens.
fn tokenize(text: &str, sentence: &str, base: usize) -> Result<Vec<Token>, EngineError> {
    let mut toks: Vec<Token> = Vec::new();
    let mut it = sentence.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let start = base + i;
        if c.is_ascii_digit() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = it.peek() {
                if d.is_ascii_digit() {
                    end = j + 1;
                    it.next();
                } else if (d == '.' || d == ',')
                    && sentence
                        .as_bytes()
                        .get(j + 1)
                        .is_some_and(|b| b.is_ascii_digit())
                {
                    it.next();
                } else {
                    break;
                }
            }
            let raw = sentence.get(i..end).unwrap_or("");
            match number::parse(raw) {
                Ok(n) => toks.push(Token {
                    kind: TokenKind::Num(n),
                    start,
                    end: base + end,
                }),
                Err(NumberError::TooLarge) => {
                    return Err(input_error(
                        text,
                        start,
                        base + end,
                        InputReason::NumberTooLarge {
                            raw: raw.to_string(),
                        },
                    ))
                }
                Err(NumberError::NotANumber) => {}
            }
        } else if c.is_alphabetic() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = it.peek() {
                if d.is_alphabetic() || matches!(d, '\u{300}'..='\u{36f}') {
                    end = j + d.len_utf8();
                    it.next();
                } else {
                    break;
                }
            }
            let w = sentence.get(i..end).unwrap_or("");
            toks.push(Token {
                kind: TokenKind::Word(fold(w)),
                start,
                end: base + end,
            });
        } else {
            let kind = match c {
                '%' => TokenKind::Percent,
                '/' => TokenKind::Slash,
                '(' | '[' => TokenKind::Open,
                ')' | ']' => TokenKind::Close,
                ',' | ';' | ':' | '.' | '!' | '?' | '\n' | '-' | '–' | '—' | '•' => {
                    TokenKind::Stop(c)
                }
                _ => continue,
            };
            toks.push(Token {
                kind,
                start,
                end: start + c.len_utf8(),
            });
        }
    }
    join_dates(text, toks)
}

/// Replaces `d/m/yyyy` (no spaces) by a date token; a date that does not exist is an error.
fn join_dates(text: &str, toks: Vec<Token>) -> Result<Vec<Token>, EngineError> {
    let mut out = Vec::with_capacity(toks.len());
    let mut i = 0;
    while i < toks.len() {
        if let Some(w) = toks.get(i..i + 5) {
            if let [Token {
                kind: TokenKind::Num(d),
                start,
                ..
            }, Token {
                kind: TokenKind::Slash,
                ..
            }, Token {
                kind: TokenKind::Num(m),
                ..
            }, Token {
                kind: TokenKind::Slash,
                ..
            }, Token {
                kind: TokenKind::Num(y),
                end,
                ..
            }] = w
            {
                let adjacent = w.windows(2).all(|p| match p {
                    [a, b] => a.end == b.start,
                    _ => false,
                });
                let year = y.value.to_string();
                if adjacent && d.plain && m.plain && y.plain && year.len() == 4 {
                    let (dd, mm, yy) = (
                        d.value.to_string().parse::<u32>().unwrap_or(0),
                        m.value.to_string().parse::<u32>().unwrap_or(0),
                        year.parse::<i32>().unwrap_or(0),
                    );
                    let Some(date) = NaiveDate::from_ymd_opt(yy, mm, dd) else {
                        let raw = text.get(*start..*end).unwrap_or("");
                        return Err(input_error(
                            text,
                            *start,
                            *end,
                            InputReason::NoSuchDate {
                                raw: raw.to_string(),
                            },
                        ));
                    };
                    out.push(Token {
                        kind: TokenKind::Date(date),
                        start: *start,
                        end: *end,
                    });
                    i += 5;
                    continue;
                }
            }
        }
        if let Some(t) = toks.get(i) {
            out.push(t.clone());
        }
        i += 1;
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------

/// `label` padded with spaces contains the words `p` (padded too).
fn has(label: &str, p: &str) -> bool {
    let bytes = label.as_bytes();
    let mut from = 0;
    while let Some(pos) = label.get(from..).and_then(|s| s.find(p)) {
        let at = from + pos;
        let before_ok = at == 0 || bytes.get(at - 1) == Some(&b' ');
        let after = at + p.len();
        let after_ok = after == label.len() || bytes.get(after) == Some(&b' ');
        if before_ok && after_ok {
            return true;
        }
        from = at + 1;
    }
    false
}

fn any(label: &str, ps: &[&str]) -> bool {
    ps.iter().any(|p| has(label, p))
}

const LATE: &[&str] = &[
    "qua han",
    "tre han",
    "cham han",
    "tre",
    "cham",
    "tre hen",
    "qua thoi han",
];
const PENDING: &[&str] = &[
    "dang giai quyet",
    "chua giai quyet",
    "dang xu ly",
    "chua xu ly",
    "chua co ket qua",
    "chua giai quyet xong",
    "con ton",
    "dang thu ly",
];
const RESOLVED_DONE: &[&str] = &[
    "da giai quyet",
    "da tra ket qua",
    "da co ket qua",
    "da tra",
    "giai quyet xong",
    "da xu ly",
];

/// What a row of [`WORDS`] names.
#[derive(Clone, Copy)]
enum Named {
    /// This figure.
    Figure(FigureName),
    /// "đúng hạn": pending within due after a pending total, else the in-time sum (strictly
    /// on time only when "trước hạn" is stated beside it).
    OnTime,
}

/// Counts named by their words alone once returned, withdrawn, late and "chưa đến hạn" are
/// ruled out; the first row whose words the label has wins (the in-time sum before early,
/// which names "trước hạn" too).
#[rustfmt::skip]
const WORDS: &[(&[&str], Named)] = {
    use Named::{Figure, OnTime};
    use FigureName::{Count, Sum};
    &[
        (&["dung va truoc han", "truoc va dung han", "dung han va truoc han", "truoc han va dung han", "som va dung han", "dung han va som"], Figure(Sum(StatedSum::ResolvedInTime))),
        (&["truoc han", "som han", "truoc thoi han"], Figure(Count(Column::ResolvedEarly))),
        (&["dung han", "dung thoi han", "dung thoi gian", "dung hen"], OnTime),
        (&["den han"], Figure(Sum(StatedSum::Due))),
        (&["truc tuyen", "qua mang", "dich vu cong", "tren moi truong mang", "online"], Figure(Count(Column::ReceivedOnline))),
        (&["truc tiep", "buu chinh", "buu dien"], Figure(Count(Column::ReceivedDirectPostal))),
        (&["ky truoc", "ton", "chuyen sang", "chuyen qua", "ton dong", "nam truoc"], Figure(Count(Column::CarriedOver))),
        (&["can giai quyet", "phai giai quyet", "can xu ly", "phai xu ly", "da va dang giai quyet", "yeu cau giai quyet", "luy ke"], Figure(Count(Column::Handled))),
    ]
};

/// Whether the count before was a pending total, so that "quá hạn" means pending overdue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    None,
    Resolved,
    Pending,
}

/// What a count label says. `plain_on_time` marks "đúng hạn" without "trước hạn", which is
/// strictly on time only when "trước hạn" is stated beside it.
fn classify(label: &str, ctx: Context) -> Option<(FigureName, bool)> {
    use FigureName as N;
    if label.is_empty() {
        return None;
    }
    let returned = any(label, &["tra lai", "tu choi", "khong du dieu kien"]);
    let withdrawn = any(label, &["rut ho so", "rut lai", "xin rut", "de nghi rut"]);
    if returned && withdrawn {
        return Some((N::Sum(StatedSum::SetAside), false));
    }
    if withdrawn {
        return Some((N::Count(Column::Withdrawn), false));
    }
    if returned {
        return Some((N::Count(Column::Rejected), false));
    }
    let late = any(label, LATE);
    let pending = any(label, PENDING);
    let done = any(label, RESOLVED_DONE);
    if late && pending && done {
        return Some((N::Sum(StatedSum::LateOrOverdue), false));
    }
    if late {
        let overdue = pending || (ctx == Context::Pending && !done);
        return Some((
            if overdue {
                N::Count(Column::PendingOverdue)
            } else {
                N::Count(Column::ResolvedLate)
            },
            false,
        ));
    }
    if has(label, "chua den han") || (has(label, "trong han") && ctx == Context::Pending) {
        return Some((N::Count(Column::PendingWithinDue), false));
    }
    if let Some((_, named)) = WORDS.iter().find(|(words, _)| any(label, words)) {
        return Some(match named {
            Named::Figure(name) => (*name, false),
            Named::OnTime if ctx == Context::Pending && pending => {
                (N::Count(Column::PendingWithinDue), false)
            }
            Named::OnTime => (N::Sum(StatedSum::ResolvedInTime), true),
        });
    }
    if pending {
        return Some((N::Count(Column::Pending), false));
    }
    if has(label, "da xu ly") {
        return Some((N::Sum(StatedSum::Processed), false));
    }
    if done
        || any(
            label,
            &["giai quyet", "tra ket qua", "co ket qua", "hoan thanh"],
        )
    {
        return Some((N::Count(Column::Resolved), false));
    }
    if any(label, &["tiep nhan", "nhan moi", "phat sinh"]) {
        return Some((N::Count(Column::Received), false));
    }
    None
}

/// Words that only connect a rate to the count before it ("chiếm tỷ lệ", "đạt").
const CONNECTORS: &[&str] = &[
    "chiem", "dat", "ty", "ti", "le", "la", "bang", "voi", "tuong", "ung", "so", "ho", "con", "va",
    "trong", "do", "gan", "tren", "hon", "khoang", "xap", "xi", "uoc", "duoi", "co", "chi", "tong",
    "bo", "den", "duoc", "muc",
];

/// Words after a percentage that make it a comparison or a target, not a stated share.
const NOT_A_SHARE: &[&str] = &[
    "so voi", "cung ky", "ke hoach", "chi tieu", "muc tieu", "tang", "giam",
];

/// Nouns that make a number something else than dossiers ("12 huyện", "15 cơ quan").
const OTHER_NOUNS: &[&str] = &[
    "co", "quan", "don", "vi", "huyen", "xa", "phuong", "thi", "tran", "thu", "tthc", "ngay",
    "thang", "nam", "gio", "phut", "linh", "vuc", "nguoi", "doanh", "nghiep", "ty", "trieu",
    "dong", "lan", "phong", "ban", "nganh", "so", "cong", "chuc", "can", "kien", "nghi", "phan",
    "anh", "van", "ke", "quyet", "bao", "cao", "muc", "do", "quy", "tieu", "chi", "diem", "thon",
    "to", "dich", "vu", "cuoc", "tai", "khoan", "trang", "tin", "bai", "lop", "hoi", "dia", "ubnd",
    "tuan", "buoi", "vien", "cap", "nhom", "tuc",
];

fn is_unit(w: &str) -> bool {
    matches!(w, "ho" | "bo" | "hs" | "luot")
}

// ---------------------------------------------------------------------------------------
// State across sentences
// ---------------------------------------------------------------------------------------

#[derive(Default)]
struct State {
    scope: Option<&'static str>,
    period: Option<String>,
    period_code: Option<String>,
    /// (scope, period) → (block id, names already in it).
    blocks: Vec<(String, Option<String>, usize, Vec<FigureName>)>,
    next_block: usize,
    /// Figures and unattached numbers emitted so far.
    count: usize,
}

/// A figure found in the current sentence, before post-processing.
struct FoundFigure {
    name: Option<FigureName>,
    plain_on_time: bool,
    percent: bool,
    /// Index of the count this rate was attached to (in `found`).
    value: Decimal,
    decimals: u32,
    approximate: Option<Approximation>,
    scope: Option<&'static str>,
    text_start: usize,
    text_end: usize,
    start: usize,
    end: usize,
    /// Why it stays unattached, once known.
    reason: Option<UnattachedReason>,
    /// A rate whose words only connect it to the count before it (resolved after the
    /// sentence is read).
    attach_to_previous: bool,
    label_has_new: bool,
    label_total: bool,
}

/// Scope phrases, folded, and the scope they name. Longest first.
const SCOPES: &[(&[&str], &str)] = &[
    (
        &["trung", "tam", "phuc", "vu", "hanh", "chinh", "cong"],
        "Trung tâm Phục vụ hành chính công",
    ),
    (&["bo", "phan", "mot", "cua"], "Bộ phận Một cửa"),
    (&["cap", "tinh"], "cấp tỉnh"),
    (&["cap", "huyen"], "cấp huyện"),
    (&["cap", "xa"], "cấp xã"),
    (&["toan", "tinh"], "toàn tỉnh"),
    (&["toan", "thanh", "pho"], "toàn thành phố"),
    (&["toan", "huyen"], "toàn huyện"),
];

impl State {
    fn sentence(
        &mut self,
        text: &str,
        sentence: &str,
        base: usize,
        out: &mut Figures,
    ) -> Result<(), EngineError> {
        if !sentence.bytes().any(|b| b.is_ascii_digit()) && !might_name_scope(sentence) {
            return Ok(());
        }
        if self.count >= MAX_FIGURES {
            return Err(input_error(
                text,
                base,
                base,
                InputReason::TooManyFigures { limit: MAX_FIGURES },
            ));
        }
        let toks = tokenize(text, sentence, base)?;
        // Scope in force at each token, and which numbers are parts of periods or references.
        let mut scope_at: Vec<Option<&'static str>> = Vec::with_capacity(toks.len());
        let mut consumed = vec![false; toks.len()];
        let mut level_named = false;
        let mut last_level_end = 0usize;
        for (i, t) in toks.iter().enumerate() {
            if t.word().is_some() {
                if let Some(s) = scope_ending_at(&toks, i) {
                    // "Với cấp xã, toàn tỉnh tiếp nhận …": the level stays.
                    let is_total = s.starts_with("toàn");
                    if !(is_total && level_named) {
                        // "cấp huyện, cấp xã" / "cấp huyện và cấp xã": one combined scope.
                        let joined = level_named
                            && toks
                                .get(last_level_end + 1..i.saturating_sub(1))
                                .is_some_and(|between| {
                                    between.iter().all(|t| {
                                        matches!(t.kind, TokenKind::Stop(','))
                                            || t.word().is_some_and(|w| matches!(w, "va" | "cap"))
                                    })
                                });
                        self.scope = Some(match (joined, self.scope, s) {
                            (true, Some("cấp tỉnh"), "cấp huyện") => "cấp tỉnh, cấp huyện",
                            (true, Some("cấp huyện"), "cấp xã") => "cấp huyện, cấp xã",
                            (true, Some("cấp tỉnh, cấp huyện"), "cấp xã") => {
                                "cấp tỉnh, cấp huyện, cấp xã"
                            }
                            _ => s,
                        });
                    }
                    if s.starts_with("cấp") {
                        last_level_end = i;
                    }
                    level_named |= s.starts_with("cấp");
                }
            }
            self.period_at(text, &toks, i, &mut consumed)?;
            scope_at.push(self.scope);
        }

        let mut found: Vec<FoundFigure> = Vec::new();
        let mut ctx = Context::None;
        for (i, t) in toks.iter().enumerate() {
            let TokenKind::Num(n) = &t.kind else { continue };
            if consumed.get(i).copied().unwrap_or(true) {
                continue;
            }
            let prev_word = previous_word(&toks, i);
            if matches!(
                prev_word,
                Some(
                    "quy"
                        | "thang"
                        | "nam"
                        | "ngay"
                        | "khoan"
                        | "dieu"
                        | "muc"
                        | "diem"
                        | "dinh"
                        | "thi"
                        | "buoc"
                        | "lan"
                        | "phu"
                        | "luc"
                        | "bieu"
                        | "mau"
                )
            ) && n.plain
            {
                continue;
            }
            // "mức độ 3", "mức độ 4"
            if prev_word == Some("do")
                && i.checked_sub(2)
                    .and_then(|k| toks.get(k))
                    .and_then(Token::word)
                    == Some("muc")
            {
                continue;
            }
            // A reference such as 415/BC-UBND or 61/2018/NĐ-CP.
            if matches!(toks.get(i + 1).map(|t| &t.kind), Some(TokenKind::Slash))
                && matches!(
                    toks.get(i + 2).map(|t| &t.kind),
                    Some(TokenKind::Word(_)) | Some(TokenKind::Date(_))
                )
            {
                continue;
            }
            if matches!(toks.get(i + 1).map(|t| &t.kind), Some(TokenKind::Slash))
                && matches!(toks.get(i + 2).map(|t| &t.kind), Some(TokenKind::Num(_)))
                && matches!(toks.get(i + 3).map(|t| &t.kind), Some(TokenKind::Slash))
            {
                continue;
            }
            if i > 0 && matches!(toks.get(i - 1).map(|t| &t.kind), Some(TokenKind::Slash)) {
                // The denominator of a fraction is handled with its numerator; a year after a
                // slash belongs to a period or a reference.
                continue;
            }
            let approximate = approximation(&toks, i);
            let scope = scope_at.get(i).copied().flatten();
            let before = label_before(&toks, i);
            let before_start = label_start(&toks, i).unwrap_or(t.start);
            if matches!(toks.get(i + 1).map(|t| &t.kind), Some(TokenKind::Percent)) {
                let end = toks.get(i + 1).map_or(t.end, |p| p.end);
                let (after, after_end) = label_after(&toks, i + 2);
                found.push(FoundFigure {
                    name: None,
                    plain_on_time: false,
                    percent: true,
                    value: n.value,
                    decimals: n.decimals,
                    approximate,
                    scope,
                    text_start: before_start,
                    text_end: after_end.unwrap_or(end),
                    start: t.start,
                    end,
                    reason: None,
                    attach_to_previous: false,
                    label_has_new: false,
                    label_total: false,
                });
                // Remember the labels in the reason slot later; classify rates below.
                let last = found.len() - 1;
                if let Some(f) = found.get_mut(last) {
                    // "98,5% hồ sơ được giải quyết đúng hạn": the words after count only when
                    // they start with the dossiers themselves.
                    let after_names = after.starts_with("ho so") || after.starts_with("hs ");
                    let label = if classify(&before, ctx).is_some() || !after_names {
                        before.clone()
                    } else {
                        after.clone()
                    };
                    match classify(&label, ctx) {
                        Some((count, _)) => match count.rate() {
                            // "tỷ lệ hồ sơ trực tuyến được giải quyết đúng hạn": the on-time rate
                            // of online dossiers only, which no catalogue measure is.
                            Some(_)
                                if count != FigureName::Count(Column::ReceivedOnline)
                                    && any(&label, &["truc tuyen", "qua mang"]) =>
                            {
                                f.reason = Some(UnattachedReason::OnlineOnlyRate)
                            }
                            Some(rate) => f.name = Some(rate),
                            None => f.reason = Some(UnattachedReason::NoRateForCount),
                        },
                        None => {
                            if only_connectors(&before) && !any(&after, NOT_A_SHARE) {
                                f.attach_to_previous = true;
                            } else {
                                f.reason = Some(UnattachedReason::UnclearRate);
                            }
                        }
                    }
                }
                continue;
            }
            // A fraction a/b: numerator here, denominator after the slash.
            let fraction = match (toks.get(i + 1), toks.get(i + 2)) {
                (
                    Some(Token {
                        kind: TokenKind::Slash,
                        ..
                    }),
                    Some(Token {
                        kind: TokenKind::Num(d),
                        start: ds,
                        end: de,
                    }),
                ) if d.value >= n.value && d.decimals == 0 => Some((d.value, *ds, *de)),
                _ => None,
            };
            let mut unit_at = if fraction.is_some() { i + 3 } else { i + 1 };
            // "4,52 ngàn HS", "1,2 triệu hồ sơ": a rounded count.
            let scale = match toks.get(unit_at).and_then(Token::word) {
                Some("ngan" | "nghin") => Some(Decimal::from(1000)),
                Some("trieu") => Some(Decimal::from(1_000_000)),
                _ => None,
            };
            let (value, decimals, approximate) = match scale.filter(|_| fraction.is_none()) {
                Some(m) => {
                    unit_at += 1;
                    let v = n.value.checked_mul(m).unwrap_or(n.value).normalize();
                    (
                        v,
                        v.scale(),
                        Some(approximate.unwrap_or(Approximation::About)),
                    )
                }
                None => (n.value, n.decimals, approximate),
            };
            let unit_words = unit_length(&toks, unit_at);
            let has_unit = unit_words > 0;
            if !has_unit {
                if let Some(w) = toks.get(unit_at).and_then(Token::word) {
                    if OTHER_NOUNS.contains(&w) {
                        continue;
                    }
                }
            }
            let (after, after_end) = label_after(&toks, unit_at + unit_words);
            let mut named = classify(&after, ctx);
            let mut text_end = after_end.unwrap_or(t.end);
            if named.is_none() {
                named = classify(&before, ctx);
                text_end = toks
                    .get(unit_at + unit_words)
                    .filter(|_| has_unit)
                    .map_or_else(
                        || {
                            toks.get(unit_at + unit_words - 1)
                                .filter(|_| has_unit)
                                .map_or(fraction.map_or(t.end, |f| f.2), |u| u.end)
                        },
                        |next| {
                            toks.get(unit_at + unit_words - 1)
                                .map_or(next.start, |u| u.end)
                        },
                    );
            }
            if named.is_none() && has_unit {
                // "Có 90 hồ sơ (chiếm 2,16%), các cơ quan thụ lý trả lại hồ sơ và …"
                if let Some((label, end)) = label_after_parenthesis(&toks, unit_at + unit_words) {
                    named = classify(&label, ctx);
                    text_end = end;
                }
            }
            if named.is_none() && !has_unit {
                continue; // not a dossier figure: a number with no unit and no label
            }
            let (name, plain_on_time) = match named {
                Some((n, p)) => (Some(n), p),
                None => (None, false),
            };
            if let Some(name) = name {
                ctx = match name {
                    FigureName::Count(Column::Pending) => Context::Pending,
                    FigureName::Count(Column::Resolved) | FigureName::Sum(StatedSum::Processed) => {
                        Context::Resolved
                    }
                    _ => ctx,
                };
            }
            let integral = decimals == 0;
            found.push(FoundFigure {
                name: name.filter(|_| integral),
                plain_on_time,
                percent: false,
                value,
                decimals,
                approximate,
                scope,
                text_start: before_start.min(t.start),
                text_end: text_end.max(t.end),
                start: t.start,
                end: t.end,
                reason: if !integral {
                    Some(UnattachedReason::NotWhole)
                } else if name.is_none() {
                    Some(UnattachedReason::UnknownCount)
                } else {
                    None
                },
                attach_to_previous: false,
                label_has_new: has(&before, "moi") || has(&after, "moi"),
                label_total: has(&before, "tong"),
            });
            if let (Some((dv, ds, de)), Some(name)) = (fraction, name) {
                if let Some(den) = fraction_denominator(name) {
                    found.push(FoundFigure {
                        name: Some(den),
                        plain_on_time: false,
                        percent: false,
                        value: dv,
                        decimals: 0,
                        approximate,
                        scope,
                        text_start: before_start.min(t.start),
                        text_end: text_end.max(de),
                        start: ds,
                        end: de,
                        reason: None,
                        attach_to_previous: false,
                        label_has_new: false,
                        label_total: false,
                    });
                }
            }
        }
        self.post_process(&mut found);
        self.emit(sentence, base, found, out);
        Ok(())
    }

    /// Renames within a sentence: "đúng hạn" beside "trước hạn" is strictly on time; a
    /// received total followed by carried-over and new receipts is the handled total; a rate
    /// that only says "chiếm" takes the count before it.
    fn post_process(&self, found: &mut [FoundFigure]) {
        let has_early = found
            .iter()
            .any(|f| f.name == Some(FigureName::Count(Column::ResolvedEarly)));
        if has_early {
            for f in found.iter_mut() {
                if f.plain_on_time && f.name == Some(FigureName::Sum(StatedSum::ResolvedInTime)) {
                    f.name = Some(FigureName::Count(Column::ResolvedOnTime));
                }
            }
        }
        let n = found.len();
        for i in 0..n {
            let is_total = found.get(i).is_some_and(|f| {
                !f.label_has_new
                    && (f.name == Some(FigureName::Count(Column::Received))
                        || (f.name == Some(FigureName::Count(Column::Resolved)) && f.label_total))
            });
            if !is_total {
                continue;
            }
            let rest = found.get(i + 1..).unwrap_or(&[]);
            let carried = rest
                .iter()
                .any(|f| f.name == Some(FigureName::Count(Column::CarriedOver)));
            let new = rest
                .iter()
                .any(|f| f.name == Some(FigureName::Count(Column::Received)) && f.label_has_new);
            if (carried || f_is_total(found.get(i))) && new {
                if let Some(f) = found.get_mut(i) {
                    f.name = Some(FigureName::Count(Column::Handled));
                }
            }
        }
        let mut last_count: Option<FigureName> = None;
        for f in found.iter_mut() {
            if !f.percent {
                last_count = f.name;
                continue;
            }
            if f.attach_to_previous {
                match last_count {
                    Some(c) => match c.rate() {
                        Some(r) => {
                            f.name = Some(r);
                            f.reason = None;
                        }
                        None => f.reason = Some(UnattachedReason::NoRateForPreviousCount),
                    },
                    None => f.reason = Some(UnattachedReason::NoCountBefore),
                }
            }
        }
    }

    fn emit(&mut self, sentence: &str, base: usize, found: Vec<FoundFigure>, out: &mut Figures) {
        self.count += found.len();
        for f in found {
            let scope = f.scope.unwrap_or(DEFAULT_SCOPE).to_string();
            let clause = sentence
                .get(f.text_start.saturating_sub(base)..f.text_end.saturating_sub(base))
                .unwrap_or("")
                .trim()
                .to_string();
            match f.name {
                Some(name) => {
                    let block = self.block_for(&scope, name);
                    out.figures.push(StatedFigure {
                        name,
                        value: f.value,
                        decimals: f.decimals,
                        approximate: f.approximate,
                        scope,
                        period: self.period.clone(),
                        period_code: self.period_code.clone(),
                        text: clause,
                        start: f.start,
                        end: f.end,
                        block,
                    })
                }
                None => out.unattached.push(Unattached {
                    value: f.value,
                    percent: f.percent,
                    scope,
                    text: clause,
                    start: f.start,
                    end: f.end,
                    reason: f.reason.unwrap_or(UnattachedReason::UnknownCount),
                }),
            }
        }
    }

    /// The block of (scope, period) for a new figure `name`: a count already stated there
    /// starts a new block (a second table in the same scope and period).
    fn block_for(&mut self, scope: &str, name: FigureName) -> usize {
        let period = self.period.clone();
        if let Some(b) = self
            .blocks
            .iter_mut()
            .find(|(s, p, _, _)| s == scope && *p == period)
        {
            // A rate may be stated twice (once beside its count, once in a summary).
            if name.is_rate() || !b.3.contains(&name) {
                b.3.push(name);
                return b.2;
            }
            b.2 = self.next_block;
            b.3 = vec![name];
            self.next_block += 1;
            return b.2;
        }
        let id = self.next_block;
        self.next_block += 1;
        self.blocks
            .push((scope.to_string(), period, id, vec![name]));
        id
    }

    /// Recognises a period starting at token `i` ("Quý III/2022", "tháng 9/2021", "6 tháng
    /// đầu năm 2023", "năm 2022" opening a sentence, "từ ngày 15/6/2022 đến ngày 14/9/2022"),
    /// sets it, and marks its numbers as consumed.
    fn period_at(
        &mut self,
        text: &str,
        toks: &[Token],
        i: usize,
        consumed: &mut [bool],
    ) -> Result<(), EngineError> {
        let word = |k: usize| toks.get(k).and_then(Token::word);
        let num = |k: usize| match toks.get(k).map(|t| &t.kind) {
            Some(TokenKind::Num(n)) if n.plain && n.decimals == 0 => {
                u32::try_from(n.value.mantissa()).ok()
            }
            _ => None,
        };
        let compared = (1..=3).any(|b| {
            i.checked_sub(b)
                .and_then(word)
                .is_some_and(|w| matches!(w, "voi" | "ky"))
        });
        let Some(t) = toks.get(i) else { return Ok(()) };
        // "từ ngày D đến ngày D"
        if let TokenKind::Date(_) = t.kind {
            let from = i.checked_sub(1).and_then(word) == Some("tu")
                || (i.checked_sub(1).and_then(word) == Some("ngay")
                    && i.checked_sub(2).and_then(word) == Some("tu"));
            if from {
                let mut k = i + 1;
                while word(k).is_some_and(|w| matches!(w, "den" | "ngay")) {
                    k += 1;
                }
                if let (
                    Some(TokenKind::Date(a)),
                    Some(Token {
                        kind: TokenKind::Date(b),
                        end,
                        ..
                    }),
                ) = (Some(&t.kind), toks.get(k))
                {
                    if k > i + 1 {
                        let start = if i >= 2 && word(i - 2) == Some("tu") {
                            toks.get(i - 2).map_or(t.start, |x| x.start)
                        } else {
                            toks.get(i - 1).map_or(t.start, |x| x.start)
                        };
                        let range = text.get(start..*end).unwrap_or("").to_string();
                        self.period = Some(match self.period.take() {
                            Some(p) if !p.contains('(') && !compared => format!("{p} ({range})"),
                            _ => range,
                        });
                        self.period_code = Period::from_range(*a, *b)
                            .ok()
                            .map(|p| p.to_string())
                            .or_else(|| self.period_code.take());
                    }
                }
            }
            return Ok(());
        }
        let Some(w) = t.word() else { return Ok(()) };
        if compared {
            return Ok(());
        }
        let mut end_k = None;
        match w {
            "quy" => {
                let q_ok = word(i + 1).is_some_and(|r| matches!(r, "i" | "ii" | "iii" | "iv"))
                    || num(i + 1).is_some();
                if q_ok {
                    end_k = Some(i + 1);
                    let year_follows =
                        matches!(toks.get(i + 2).map(|t| &t.kind), Some(TokenKind::Slash))
                            || word(i + 2) == Some("nam");
                    if year_follows && num(i + 3).is_some() {
                        end_k = Some(i + 3);
                    }
                }
            }
            "thang" => {
                let before = i.checked_sub(1).and_then(num);
                if before.is_some() {
                    // "6 tháng đầu năm 2023", "9 tháng năm 2021"
                    let mut k = i + 1;
                    while word(k).is_some_and(|w| matches!(w, "dau" | "cuoi" | "nam")) {
                        k += 1;
                    }
                    if k > i + 1 && num(k).is_some() {
                        if let Some(c) = consumed.get_mut(i - 1) {
                            *c = true;
                        }
                        end_k = Some(k);
                    }
                } else if let Some(m) = num(i + 1) {
                    let year_at =
                        (matches!(toks.get(i + 2).map(|t| &t.kind), Some(TokenKind::Slash))
                            || word(i + 2) == Some("nam"))
                        .then_some(i + 3);
                    if let Some(y) = year_at.filter(|&y| num(y).is_some_and(|v| v >= 1000)) {
                        if !(1..=12).contains(&m) {
                            let (s, e) = (t.start, toks.get(y).map_or(t.end, |x| x.end));
                            return Err(input_error(
                                text,
                                s,
                                e,
                                InputReason::NoSuchMonth {
                                    month: m,
                                    raw: text.get(s..e).unwrap_or("").to_string(),
                                },
                            ));
                        }
                        end_k = Some(y);
                    }
                }
            }
            "nam" => {
                let opening = i < 6
                    && toks.get(..i).is_some_and(|b| {
                        b.iter()
                            .all(|t| t.word().is_some() || matches!(t.kind, TokenKind::Stop(_)))
                    });
                if opening && num(i + 1).is_some_and(|y| (1900..=2200).contains(&y)) {
                    end_k = Some(i + 1);
                }
            }
            _ => {}
        }
        if let Some(k) = end_k {
            let start = if w == "thang" && i.checked_sub(1).and_then(num).is_some() {
                toks.get(i - 1).map_or(t.start, |x| x.start)
            } else {
                t.start
            };
            let end = toks.get(k).map_or(t.end, |x| x.end);
            for c in consumed.iter_mut().take(k + 1).skip(i) {
                *c = true;
            }
            let phrase = text.get(start..end).unwrap_or("").to_string();
            // "quý I" after "quý I năm 2020 (…)": the same period, named again shorter.
            if let Some(current) = &self.period {
                if fold(current).starts_with(&fold(&phrase)) {
                    return Ok(());
                }
            }
            self.period_code = Period::parse(&phrase).ok().map(|p| p.to_string());
            if self.period_code.is_none() && w == "quy" {
                let q = word(i + 1).map(|r| r.to_ascii_uppercase());
                if let Some(q) = q.filter(|q| !matches!(q.as_str(), "I" | "II" | "III" | "IV")) {
                    return Err(input_error(
                        text,
                        start,
                        end,
                        InputReason::NoSuchQuarter { quarter: q },
                    ));
                }
            }
            self.period = Some(phrase);
        }
        Ok(())
    }
}

/// A received figure whose label says "tổng" (tổng cộng, tổng số) is a total that may include
/// carried-over dossiers.
fn f_is_total(f: Option<&FoundFigure>) -> bool {
    f.is_some_and(|f| f.label_total)
}

/// Cheap test for sentences without digits: a short one (a heading such as "Đối với cấp
/// xã:") may name the scope of the figures that follow; a long narrative sentence does not.
fn might_name_scope(s: &str) -> bool {
    s.len() <= 300
        && [
            "ấp",
            "ẤP",
            "oàn",
            "OÀN",
            "rung tâm",
            "RUNG TÂM",
            "ộ phận",
            "Ộ PHẬN",
        ]
        .iter()
        .any(|p| s.contains(p))
}

fn scope_ending_at(toks: &[Token], i: usize) -> Option<&'static str> {
    'outer: for (words, name) in SCOPES {
        let n = words.len();
        if i + 1 < n {
            continue;
        }
        let first = i + 1 - n;
        for (k, w) in words.iter().enumerate() {
            if toks.get(first + k).and_then(Token::word) != Some(*w) {
                continue 'outer;
            }
        }
        return Some(name);
    }
    None
}

fn previous_word(toks: &[Token], i: usize) -> Option<&str> {
    i.checked_sub(1)
        .and_then(|k| toks.get(k))
        .and_then(Token::word)
}

/// The tokens of the label before token `i`, walking back from it to the previous boundary
/// (parenthetical asides skipped).
fn label_tokens(toks: &[Token], i: usize) -> impl Iterator<Item = &Token> {
    let mut k = label_skip(toks, i);
    std::iter::from_fn(move || loop {
        if k == 0 {
            return None;
        }
        k -= 1;
        if let Some(open) = parenthetical_before(toks, k) {
            k = open;
            continue;
        }
        let token = toks.get(k).filter(|_| !ends_label(toks, k));
        if token.is_none() {
            k = 0;
        }
        return token;
    })
}

/// Folded words between the previous boundary and token `i`, at most [`LABEL_WORDS`].
fn label_before(toks: &[Token], i: usize) -> String {
    let mut words: Vec<&str> = label_tokens(toks, i)
        .filter_map(Token::word)
        .take(LABEL_WORDS)
        .collect();
    words.reverse();
    words.join(" ")
}

/// Where the label before token `i` starts: the first of its last [`LABEL_WORDS`] tokens.
fn label_start(toks: &[Token], i: usize) -> Option<usize> {
    label_tokens(toks, i)
        .take(LABEL_WORDS)
        .last()
        .map(|t| t.start)
}

/// Where the label before token `i` ends: "Trung tâm đã giải quyết: 4.561/5.650 HS" reads
/// through the colon right before the number.
fn label_skip(toks: &[Token], i: usize) -> usize {
    match i.checked_sub(1).and_then(|k| toks.get(k)) {
        Some(Token {
            kind: TokenKind::Stop(':'),
            ..
        }) => i - 1,
        _ => i,
    }
}

/// When token `k` closes a parenthesis holding words only ("thủ tục hành chính (TTHC) trong
/// kỳ"), the index of its opening parenthesis.
fn parenthetical_before(toks: &[Token], k: usize) -> Option<usize> {
    if toks.get(k)?.kind != TokenKind::Close {
        return None;
    }
    let mut j = k;
    while j > 0 && k - j < 8 {
        j -= 1;
        match &toks.get(j)?.kind {
            TokenKind::Open => return Some(j),
            TokenKind::Word(_) => {}
            _ => return None,
        }
    }
    None
}

/// Folded words from token `i` to the next boundary, and the end offset of the last one.
fn label_after(toks: &[Token], i: usize) -> (String, Option<usize>) {
    let mut words = Vec::new();
    let mut end = None;
    for t in toks.iter().skip(i) {
        if t.is_boundary() {
            break;
        }
        if let Some(w) = t.word() {
            words.push(w);
            end = Some(t.end);
        }
        if words.len() >= LABEL_WORDS {
            break;
        }
    }
    (words.join(" "), end)
}

/// After a parenthesis that follows a count ("90 hồ sơ (chiếm 2,16%), các cơ quan … trả lại
/// hồ sơ"), the words after it.
fn label_after_parenthesis(toks: &[Token], i: usize) -> Option<(String, usize)> {
    if !matches!(toks.get(i).map(|t| &t.kind), Some(TokenKind::Open)) {
        return None;
    }
    let close = toks
        .iter()
        .enumerate()
        .skip(i)
        .find(|(_, t)| t.kind == TokenKind::Close)
        .map(|(k, _)| k)?;
    let mut k = close + 1;
    if matches!(toks.get(k).map(|t| &t.kind), Some(TokenKind::Stop(','))) {
        k += 1;
    }
    let (label, end) = label_after(toks, k);
    end.map(|e| (label, e))
}

/// How many tokens from `i` spell a dossier unit: "hồ sơ", "bộ hồ sơ", "bộ", "hs",
/// "lượt hồ sơ".
fn unit_length(toks: &[Token], i: usize) -> usize {
    let w = |k: usize| toks.get(k).and_then(Token::word);
    match w(i) {
        Some("ho") if w(i + 1) == Some("so") => 2,
        Some("bo") | Some("luot") if w(i + 1) == Some("ho") && w(i + 2) == Some("so") => 3,
        Some(u) if is_unit(u) && u != "ho" => 1,
        _ => 0,
    }
}

/// "gần", "trên", "hơn", "khoảng", "xấp xỉ", "dưới" right before a number.
fn approximation(toks: &[Token], i: usize) -> Option<Approximation> {
    let w1 = previous_word(toks, i)?;
    let w2 = i
        .checked_sub(2)
        .and_then(|k| toks.get(k))
        .and_then(Token::word);
    match (w2, w1) {
        (Some("xap"), "xi") | (_, "gan") | (_, "khoang") | (_, "uoc") | (_, "chung") => {
            Some(Approximation::About)
        }
        (_, "tren") | (_, "hon") => Some(Approximation::Above),
        (_, "duoi") => Some(Approximation::Below),
        _ => None,
    }
}

fn only_connectors(label: &str) -> bool {
    label
        .split(' ')
        .all(|w| w.is_empty() || CONNECTORS.contains(&w))
}

/// The denominator of "a/b hồ sơ" for numerator `name`.
fn fraction_denominator(name: FigureName) -> Option<FigureName> {
    use FigureName as N;
    Some(match name {
        N::Sum(StatedSum::ResolvedInTime)
        | N::Count(Column::ResolvedEarly)
        | N::Count(Column::ResolvedOnTime)
        | N::Count(Column::ResolvedLate) => N::Count(Column::Resolved),
        N::Count(Column::ReceivedOnline) | N::Count(Column::ReceivedDirectPostal) => {
            N::Count(Column::Received)
        }
        N::Count(Column::PendingWithinDue) | N::Count(Column::PendingOverdue) => {
            N::Count(Column::Pending)
        }
        N::Count(Column::Resolved) => N::Count(Column::Handled),
        _ => return None,
    })
}

#[cfg(test)]
#[allow(clippy::string_slice)] // slices of known ASCII test strings
mod tests {
    use super::*;
    use crate::aggregate::MeasureId;
    use rust_decimal_macros::dec;

    fn names(text: &str) -> Vec<(FigureName, Decimal, String)> {
        extract(text)
            .unwrap()
            .figures
            .into_iter()
            .map(|f| (f.name, f.value, f.scope))
            .collect()
    }

    #[test]
    fn the_issue_phrases() {
        use FigureName as N;
        let got = names(
            "Tiếp nhận 12.345 hồ sơ, số hồ sơ từ kỳ trước chuyển qua là 678 bộ; đã giải quyết \
             được 11.902 bộ hồ sơ (11.850 hồ sơ giải quyết đúng hạn, 52 hồ sơ giải quyết quá \
             hạn); 1.121 hồ sơ đang giải quyết (1.100 hồ sơ chưa đến hạn, 21 hồ sơ quá hạn).",
        );
        let want = [
            (N::Count(Column::Received), dec!(12345)),
            (N::Count(Column::CarriedOver), dec!(678)),
            (N::Count(Column::Resolved), dec!(11902)),
            (N::Sum(StatedSum::ResolvedInTime), dec!(11850)),
            (N::Count(Column::ResolvedLate), dec!(52)),
            (N::Count(Column::Pending), dec!(1121)),
            (N::Count(Column::PendingWithinDue), dec!(1100)),
            (N::Count(Column::PendingOverdue), dec!(21)),
        ];
        let got: Vec<_> = got.into_iter().map(|(n, v, _)| (n, v)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn rates_attach_to_their_count() {
        use FigureName as N;
        let got = names(
            "Hồ sơ đến hạn giải quyết 9.876 hồ sơ. Trả lại hồ sơ và rút hồ sơ là 12 hồ sơ \
             (chiếm 0,12%). Có 3.210 hồ sơ trực tuyến (đạt tỷ lệ 25,94%). Tỷ lệ giải quyết \
             đúng hạn đạt gần 98%.",
        );
        let got: Vec<_> = got.into_iter().map(|(n, v, _)| (n, v)).collect();
        assert_eq!(
            got,
            [
                (N::Sum(StatedSum::Due), dec!(9876)),
                (N::Sum(StatedSum::SetAside), dec!(12)),
                (N::Rate(MeasureId::SetAsideRate), dec!(0.12)),
                (N::Count(Column::ReceivedOnline), dec!(3210)),
                (N::Rate(MeasureId::OnlineRate), dec!(25.94)),
                (N::Rate(MeasureId::OnTimeRate), dec!(98)),
            ]
        );
        let f = extract("Tỷ lệ giải quyết đúng hạn đạt gần 98%.").unwrap();
        assert_eq!(f.figures[0].approximate, Some(Approximation::About));
        let f = extract("đạt 3,45 % hồ sơ trực tuyến").unwrap();
        assert_eq!(f.figures[0].name, N::Rate(MeasureId::OnlineRate));
        assert_eq!(f.figures[0].decimals, 2);
    }

    #[test]
    fn scopes_in_one_paragraph() {
        let got = names(
            "Cấp tỉnh tiếp nhận 100 hồ sơ; cấp huyện tiếp nhận 200 hồ sơ; cấp xã tiếp nhận 300 \
             hồ sơ. Toàn tỉnh tiếp nhận 600 hồ sơ. Với cấp xã, toàn tỉnh đã giải quyết 290 hồ \
             sơ. Trung tâm Phục vụ hành chính công tỉnh tiếp nhận 50 hồ sơ.",
        );
        let scopes: Vec<_> = got.iter().map(|x| x.2.as_str()).collect();
        assert_eq!(
            scopes,
            [
                "cấp tỉnh",
                "cấp huyện",
                "cấp xã",
                "toàn tỉnh",
                "cấp xã",
                "Trung tâm Phục vụ hành chính công"
            ]
        );
    }

    #[test]
    fn periods_and_dates() {
        let f = extract(
            "Quý III/2022 (từ ngày 15/6/2022 đến ngày 14/9/2022), toàn tỉnh tiếp nhận 1.000 hồ sơ.",
        )
        .unwrap();
        let x = &f.figures[0];
        assert_eq!(x.value, dec!(1000));
        assert_eq!(
            x.period.as_deref(),
            Some("Quý III/2022 (từ ngày 15/6/2022 đến ngày 14/9/2022)")
        );
        assert_eq!(x.period_code.as_deref(), Some("2022-06-15..2022-09-14"));
        let f = extract("Tháng 9/2021, Trung tâm đã tiếp nhận mới 4.131 hồ sơ.").unwrap();
        assert_eq!(f.figures[0].period_code.as_deref(), Some("2021-09"));
        assert_eq!(f.figures.len(), 1);
        let e = extract("Từ ngày 31/2/2022 đến ngày 14/9/2022 tiếp nhận 5 hồ sơ.")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("31/2/2022") && e.contains("line 1, column 9"),
            "{e}"
        );
        let e = extract("Tháng 13/2022 tiếp nhận 5 hồ sơ.")
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "line 1, column 1: month 13 does not exist (Tháng 13/2022)"
        );
    }

    #[test]
    fn errors_and_offsets() {
        let e = extract("tiếp nhận 99999999999999999999999 hồ sơ").unwrap_err();
        assert!(e.to_string().contains("is too large"), "{e}");
        let crate::EngineError::AuditInput { reason, .. } = e else {
            panic!("{e}")
        };
        assert_eq!(
            minhbach_model::Bilingual::in_lang(&reason, minhbach_model::Lang::Vi).to_string(),
            "số 99999999999999999999999 quá lớn (vượt quá 18446744073709551615)"
        );
        let text = "Năm 2022: tiếp nhận 12.345 hồ sơ.";
        let f = extract(text).unwrap();
        let x = &f.figures[0];
        assert_eq!(&text[x.start..x.end], "12.345");
        assert_eq!(x.text, "tiếp nhận 12.345 hồ sơ");
    }

    #[test]
    fn not_dossier_figures_are_ignored_or_listed() {
        let f = extract(
            "Có 15 cơ quan, đơn vị cấp tỉnh phát sinh hồ sơ trực tuyến; 12 huyện báo cáo. \
             Theo Quyết định số 766/QĐ-TTg, Nghị định 61/2018/NĐ-CP. Số hồ sơ tăng 12,5% so \
             với cùng kỳ. Có 40 hồ sơ.",
        )
        .unwrap();
        assert!(f.figures.is_empty(), "{:?}", f.figures);
        assert_eq!(f.unattached.len(), 2, "{:?}", f.unattached);
        assert!(f.unattached[0].percent);
        assert_eq!(f.unattached[1].value, dec!(40));
    }

    #[test]
    fn handled_total_and_strict_on_time() {
        use FigureName as N;
        let got = names(
            "Tổng số hồ sơ tiếp nhận là 13.023 hồ sơ (kỳ trước chuyển sang 678 hồ sơ, tiếp nhận \
             mới 12.345 hồ sơ). Đã giải quyết 100 hồ sơ, trong đó trước hạn 60 hồ sơ, đúng hạn \
             30 hồ sơ, quá hạn 10 hồ sơ.",
        );
        let n: Vec<_> = got.iter().map(|x| x.0).collect();
        assert_eq!(
            n,
            [
                N::Count(Column::Handled),
                N::Count(Column::CarriedOver),
                N::Count(Column::Received),
                N::Count(Column::Resolved),
                N::Count(Column::ResolvedEarly),
                N::Count(Column::ResolvedOnTime),
                N::Count(Column::ResolvedLate)
            ]
        );
    }

    #[test]
    fn fractions_and_late_or_overdue() {
        use FigureName as N;
        let got = names("Giải quyết đúng hạn 5.432/5.500 hồ sơ.");
        let n: Vec<_> = got.iter().map(|x| (x.0, x.1)).collect();
        assert_eq!(
            n,
            [
                (N::Sum(StatedSum::ResolvedInTime), dec!(5432)),
                (N::Count(Column::Resolved), dec!(5500))
            ]
        );
        let got = names(
            "Hồ sơ đã trả kết quả nhưng chậm hạn và hồ sơ quá hạn giải quyết nhưng chưa có kết \
             quả là 12 hồ sơ (chiếm 0,29%).",
        );
        let n: Vec<_> = got.iter().map(|x| x.0).collect();
        assert_eq!(
            n,
            [
                N::Sum(StatedSum::LateOrOverdue),
                N::Rate(MeasureId::LateRate)
            ]
        );
    }

    #[test]
    fn long_sentences_are_cut() {
        let s = "chữ ".repeat(5000) + "tiếp nhận 12 hồ sơ.";
        let f = extract(&s).unwrap();
        assert_eq!(f.figures.len(), 1);
        let spans: Vec<_> = sentences(&s).collect();
        assert!(spans.iter().all(|(a, b)| b - a <= MAX_SENTENCE + 1));
        assert_eq!(spans.last().map(|x| x.1), Some(s.len()));
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Pieces of published sentences, so that random texts reach every pattern.
    const PIECES: &[&str] = &[
        "tiếp nhận",
        "đã giải quyết",
        "hồ sơ",
        "bộ",
        "HS",
        "đúng hạn",
        "trước hạn",
        "đúng và trước hạn",
        "quá hạn",
        "đang giải quyết",
        "chưa đến hạn",
        "trực tuyến",
        "kỳ trước chuyển sang",
        "trả lại hồ sơ và rút hồ sơ",
        "chiếm tỷ lệ",
        "đạt",
        "gần",
        "trên",
        "cấp tỉnh",
        "cấp huyện",
        "cấp xã",
        "toàn tỉnh",
        "Trung tâm Phục vụ hành chính công",
        "Quý III/2022",
        "tháng 9/2021",
        "từ ngày 15/6/2022 đến ngày 14/9/2022",
        "ngàn",
        ",",
        ";",
        ".",
        "(",
        ")",
        ":",
        "%",
        "/",
        "1.234",
        "98,81",
        "1,7",
        "40",
        "12.345.678",
        "0",
        "5.432/5.500",
        "\n",
        "…",
        "năm 2022",
        "31/2/2022",
        "18446744073709551616",
        "ấ",
        "\u{301}",
    ];

    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(0..PIECES.len(), 0..60).prop_map(|ix| {
            ix.into_iter()
                .map(|i| PIECES.get(i).copied().unwrap_or(""))
                .collect::<Vec<_>>()
                .join(" ")
        })
    }

    proptest! {
        #[test]
        fn spans_are_numbers_and_checks_are_consistent(s in text()) {
            let Ok(f) = extract(&s) else { return Ok(()) };
            for x in &f.figures {
                let w = s.get(x.start..x.end);
                prop_assert!(w.is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit())), "{s:?} {x:?}");
                if !x.name.is_rate() {
                    prop_assert_eq!(x.value.fract(), Decimal::ZERO);
                }
            }
            for u in &f.unattached {
                prop_assert!(s.get(u.start..u.end).is_some());
            }
            let checks = crate::audit::check(&f);
            for c in &checks.findings {
                if let (Some(p), Some(q), Some(d)) = (c.published, c.computed, c.difference) {
                    prop_assert_eq!(Decimal::from_i128_with_scale(d, 0), p - q);
                }
                // Worded in both languages, which differ (ids against captions).
                let en = c.arithmetic.to_string();
                let vi = minhbach_model::Bilingual::in_lang(&c.arithmetic, minhbach_model::Lang::Vi)
                    .to_string();
                prop_assert!(!en.is_empty() && en != vi, "{} / {}", en, vi);
            }
        }

        #[test]
        fn any_bytes_never_panic(s in "\\PC{0,300}") {
            if let Ok(f) = extract(&s) {
                let _ = crate::audit::check(&f);
            }
            if let Ok(f) = crate::audit::Figures::from_toml(&s) {
                let _ = crate::audit::check(&f);
            }
        }
    }
}
