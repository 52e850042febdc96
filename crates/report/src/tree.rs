//! The document tree of a Vietnamese administrative document (Nghị định 30/2020/NĐ-CP).
//!
//! The tree holds finished text: every figure is already formatted (the composer computes,
//! writers only lay out). It is serde-serialisable so that other tools can build their own
//! documents and hand them to the writers, or read the JSON the JSON writer produces.
//!
//! ```
//! use minhbach_report::tree::*;
//!
//! let mut doc = ReportDocument::new(
//!     Header::new("ỦY BAN NHÂN DÂN", "HUYỆN LÝ SƠN", "415/BC-UBND".parse().unwrap(), "Lý Sơn", None, 2021),
//!     "BÁO CÁO",
//!     "Kết quả thực hiện các chỉ số con",
//!     Signature::new(&["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "Lê Văn Ninh"),
//! );
//! doc.body.push(Block::Section(Section::new(
//!     Numbering::Roman(1),
//!     "Kết quả thực hiện",
//!     vec![Block::para(vec![Inline::text("6.691 hồ sơ")])],
//! )));
//! assert_eq!(doc.header.number_line(), "Số: 415/BC-UBND");
//! let json = serde_json::to_string(&doc).unwrap();
//! let back: ReportDocument = serde_json::from_str(&json).unwrap();
//! assert_eq!(back, doc);
//! ```

use chrono::NaiveDate;
use minhbach_model::DocumentNumber;
use serde::{Deserialize, Serialize};

use crate::vi;

/// A whole document: header (ô 1–4), title (ô 5), body (ô 6), closing line, recipients
/// (ô 9b), signature (ô 7) and appendices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportDocument {
    /// The two-column header: issuing body, number, national motto, place and date.
    pub header: Header,
    /// Document type name, upper case (`BÁO CÁO`).
    pub doc_type: String,
    /// The summary line (trích yếu) under the type name.
    pub summary: String,
    /// "Kính gửi:" addressees, when the document is addressed to a superior.
    #[serde(default)]
    pub addressees: Vec<String>,
    /// The body.
    pub body: Vec<Block>,
    /// The closing line (`Kính báo cáo Sở Tư pháp tổng hợp./.`), if any.
    #[serde(default)]
    pub closing: Option<String>,
    /// The "Nơi nhận:" list, each line without its leading dash.
    #[serde(default)]
    pub recipients: Vec<String>,
    /// The signature block.
    pub signature: Signature,
    /// Appendices (phụ lục) printed after the signature.
    #[serde(default)]
    pub appendices: Vec<Appendix>,
}

impl ReportDocument {
    /// A document with an empty body, no closing, no recipients and no appendices.
    pub fn new(
        header: Header,
        doc_type: impl Into<String>,
        summary: impl Into<String>,
        signature: Signature,
    ) -> ReportDocument {
        ReportDocument {
            header,
            doc_type: doc_type.into(),
            summary: summary.into(),
            addressees: Vec::new(),
            body: Vec::new(),
            closing: None,
            recipients: Vec::new(),
            signature,
            appendices: Vec::new(),
        }
    }

    /// Every warning block in the body and appendices, in document order: the points where
    /// the office must decide before signing.
    pub fn warnings(&self) -> Vec<&str> {
        fn walk<'a>(blocks: &'a [Block], out: &mut Vec<&'a str>) {
            for b in blocks {
                match b {
                    Block::Warning { text } => out.push(text),
                    Block::Section(s) => walk(&s.blocks, out),
                    _ => {}
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.body, &mut out);
        for a in &self.appendices {
            walk(&a.blocks, &mut out);
        }
        out
    }
}

/// The header block (ô 1–4), laid out as two columns: issuing body and number on the left,
/// national motto and place-date on the right.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// The parent body (cơ quan chủ quản), upper case, upright; empty when there is none.
    /// For a UBND the whole name is the issuing body: use two lines of `issuing_body` instead.
    #[serde(default)]
    pub parent_body: Option<String>,
    /// The issuing body, upper case, bold; one entry per printed line
    /// (`["ỦY BAN NHÂN DÂN", "HUYỆN LÝ SƠN"]`).
    pub issuing_body: Vec<String>,
    /// The national name and motto.
    pub motto: Motto,
    /// Number and symbol (ô 3): the model's [`DocumentNumber`], `415/BC-UBND`, or a draft's
    /// `/BC-UBND` whose number the clerk writes in (JSON: the text).
    pub number: DocumentNumber,
    /// Place (địa danh), e.g. `Lý Sơn`.
    pub place: String,
    /// Date of issue; `None` leaves day and month blank for the clerk.
    pub date: Option<NaiveDate>,
    /// The year printed when `date` is `None`.
    pub year: i32,
}

impl Header {
    /// A header for a body whose name is printed on two bold lines (`ỦY BAN NHÂN DÂN` /
    /// `HUYỆN LÝ SƠN`), with the standard motto.
    pub fn new(
        body_line1: &str,
        body_line2: &str,
        number: DocumentNumber,
        place: &str,
        date: Option<NaiveDate>,
        year: i32,
    ) -> Header {
        let issuing_body = [body_line1, body_line2]
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| s.to_string())
            .collect();
        Header {
            parent_body: None,
            issuing_body,
            motto: Motto::default(),
            number,
            place: place.to_string(),
            date,
            year,
        }
    }

    /// `Số: 415/BC-UBND` (or `Số:       /BC-UBND` for an unnumbered draft).
    pub fn number_line(&self) -> String {
        format!("Số: {}", self.number_text())
    }

    /// The number and symbol as printed: `415/BC-UBND`, or `      /BC-UBND` for a draft (six
    /// spaces where the clerk writes the number in).
    pub fn number_text(&self) -> String {
        let blank = if self.number.is_draft() { "      " } else { "" };
        format!("{blank}{}", self.number)
    }

    /// `Lý Sơn, ngày 27 tháng 8 năm 2021`.
    pub fn place_date_line(&self) -> String {
        vi::place_date(&self.place, self.date, self.year)
    }
}

/// The national name and motto (Quốc hiệu và Tiêu ngữ, ô 1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Motto {
    /// `CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM`.
    pub national_name: String,
    /// `Độc lập - Tự do - Hạnh phúc`.
    pub motto: String,
}

impl Default for Motto {
    fn default() -> Motto {
        Motto {
            national_name: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".to_string(),
            motto: "Độc lập - Tự do - Hạnh phúc".to_string(),
        }
    }
}

/// The signature block (ô 7): authority lines (`TM. ỦY BAN NHÂN DÂN`, `KT. CHỦ TỊCH`), the
/// signer's title (`PHÓ CHỦ TỊCH`) and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    /// Upper-case lines, from the authority (`TM.`/`KT.`/`Q.`/`TL.`/`TUQ.`) to the title.
    pub lines: Vec<String>,
    /// The signer's full name.
    pub name: String,
}

impl Signature {
    /// A signature from its upper-case lines and the signer's name.
    pub fn new(lines: &[&str], name: &str) -> Signature {
        Signature {
            lines: lines.iter().map(|s| s.to_string()).collect(),
            name: name.to_string(),
        }
    }
}

/// How a section is numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "n", rename_all = "snake_case")]
pub enum Numbering {
    /// `I.`, `II.` …
    Roman(u32),
    /// `1.`, `2.` …
    Arabic(u32),
    /// `a)`, `b)` … (1 → `a`).
    Letter(u32),
    /// `- ` (a dash heading).
    Dash,
    /// No label.
    None,
}

impl Numbering {
    /// The label as printed before the title: `I.`, `1.`, `a)`, `-`, or empty.
    pub fn label(self) -> String {
        match self {
            Numbering::Roman(n) => format!("{}.", vi::roman(n)),
            Numbering::Arabic(n) => format!("{n}."),
            Numbering::Letter(n) => {
                let c = char::from_u32(u32::from(b'a') + n.saturating_sub(1) % 26).unwrap_or('a');
                format!("{c})")
            }
            Numbering::Dash => "-".to_string(),
            Numbering::None => String::new(),
        }
    }
}

/// A numbered section with its title and content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// The numbering label.
    pub numbering: Numbering,
    /// The title (printed bold for Roman and Arabic levels).
    pub title: Vec<Inline>,
    /// The content.
    pub blocks: Vec<Block>,
}

impl Section {
    /// A section with a plain-text title.
    pub fn new(numbering: Numbering, title: &str, blocks: Vec<Block>) -> Section {
        Section {
            numbering,
            title: vec![Inline::text(title)],
            blocks,
        }
    }

    /// The title as plain text.
    pub fn title_text(&self) -> String {
        plain(&self.title)
    }
}

/// A block of content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// A nested section.
    Section(Section),
    /// A paragraph (justified, first-line indent).
    Paragraph {
        /// Its inline content.
        inlines: Vec<Inline>,
    },
    /// A list whose items are paragraphs.
    List(List),
    /// A table.
    Table(TableBlock),
    /// A figure (chart).
    Figure(FigureBlock),
    /// A point the office must check before signing; writers make it stand out.
    Warning {
        /// The warning text.
        text: String,
    },
}

impl Block {
    /// A paragraph block.
    pub fn para(inlines: Vec<Inline>) -> Block {
        Block::Paragraph { inlines }
    }
}

/// Inline content of a paragraph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Inline {
    /// Plain text.
    Text {
        /// The text.
        text: String,
    },
    /// Bold text.
    Bold {
        /// The text.
        text: String,
    },
    /// Italic text.
    Italic {
        /// The text.
        text: String,
    },
    /// A figure computed from data, already formatted, with the key it came from
    /// (`dossiers.resolved_in_time`) so that readers can trace it.
    Figure {
        /// The formatted figure (`6.691`).
        text: String,
        /// Where it came from.
        source: String,
    },
    /// A link; rendered as its text (URL) in print.
    Link {
        /// The URL.
        url: String,
    },
}

impl Inline {
    /// Plain text.
    pub fn text(s: impl Into<String>) -> Inline {
        Inline::Text { text: s.into() }
    }

    /// A traced figure.
    pub fn figure(text: impl Into<String>, source: impl Into<String>) -> Inline {
        Inline::Figure {
            text: text.into(),
            source: source.into(),
        }
    }

    /// The text this inline prints.
    pub fn as_str(&self) -> &str {
        match self {
            Inline::Text { text }
            | Inline::Bold { text }
            | Inline::Italic { text }
            | Inline::Figure { text, .. } => text,
            Inline::Link { url } => url,
        }
    }
}

/// Concatenates the printed text of inlines.
pub fn plain(inlines: &[Inline]) -> String {
    inlines.iter().map(Inline::as_str).collect()
}

/// A list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct List {
    /// How items are labelled.
    pub style: ListStyle,
    /// The items, each a run of inlines.
    pub items: Vec<Vec<Inline>>,
}

/// List item labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListStyle {
    /// `- item`
    Dash,
    /// `1. item`
    Arabic,
    /// `a) item`
    Letter,
}

impl ListStyle {
    /// The label of the `i`-th item (0-based).
    pub fn label(self, i: usize) -> String {
        let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
        match self {
            ListStyle::Dash => "-".to_string(),
            ListStyle::Arabic => Numbering::Arabic(n).label(),
            ListStyle::Letter => Numbering::Letter(n).label(),
        }
    }
}

/// A table with a header of possibly merged cells and a body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableBlock {
    /// Caption printed above the table (bold, centred), if any.
    #[serde(default)]
    pub caption: Option<String>,
    /// Relative column widths (one per grid column; any positive unit).
    pub widths: Vec<u32>,
    /// Header rows; cells may span several columns and rows.
    pub header: Vec<Vec<HeaderCell>>,
    /// Body rows; `bold` rows (totals) are printed bold.
    pub rows: Vec<BodyRow>,
    /// A note printed under the table (italic), if any.
    #[serde(default)]
    pub note: Option<String>,
}

impl TableBlock {
    /// The number of grid columns.
    pub fn columns(&self) -> usize {
        self.widths.len()
    }

    /// Lays the header out on the grid: for each header row, the grid column where each of
    /// its cells starts (cells covered by a row span from above are skipped, as in HTML).
    pub fn header_grid(&self) -> Vec<Vec<(usize, &HeaderCell)>> {
        let cols = self.columns();
        let mut covered: Vec<u32> = vec![0; cols];
        let mut out = Vec::with_capacity(self.header.len());
        for row in &self.header {
            let mut placed = Vec::with_capacity(row.len());
            let mut col = 0usize;
            for cell in row {
                while col < cols && covered.get(col).copied().unwrap_or(0) > 0 {
                    col += 1;
                }
                placed.push((col, cell));
                let span = cell.colspan.max(1) as usize;
                for c in col..(col + span).min(cols) {
                    if let Some(v) = covered.get_mut(c) {
                        *v = cell.rowspan.max(1);
                    }
                }
                col += span;
            }
            for v in covered.iter_mut() {
                *v = v.saturating_sub(1);
            }
            out.push(placed);
        }
        out
    }
}

/// A table cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeaderCell {
    /// The text.
    pub text: String,
    /// Columns spanned (≥ 1).
    #[serde(default = "one")]
    pub colspan: u32,
    /// Rows spanned (≥ 1).
    #[serde(default = "one")]
    pub rowspan: u32,
}

fn one() -> u32 {
    1
}

impl HeaderCell {
    /// A cell spanning one column and one row.
    pub fn new(text: impl Into<String>) -> HeaderCell {
        HeaderCell {
            text: text.into(),
            colspan: 1,
            rowspan: 1,
        }
    }

    /// A cell spanning `colspan` columns and `rowspan` rows.
    pub fn span(text: impl Into<String>, colspan: u32, rowspan: u32) -> HeaderCell {
        HeaderCell {
            text: text.into(),
            colspan: colspan.max(1),
            rowspan: rowspan.max(1),
        }
    }
}

/// A body row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BodyRow {
    /// One text per grid column.
    pub cells: Vec<String>,
    /// Printed bold (a total row).
    #[serde(default)]
    pub bold: bool,
}

/// A figure: a chart with its caption.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FigureBlock {
    /// Caption printed under the chart.
    pub caption: String,
    /// The chart.
    pub chart: Chart,
}

/// Chart data, already computed; writers draw it (SVG in HTML, a table in text formats).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Chart {
    /// Horizontal bars, one per label, with values between 0 and `max`.
    Bar {
        /// The unit shown after values (`%`).
        unit: String,
        /// The scale maximum (100 for a rate).
        max: rust_decimal::Decimal,
        /// One bar per entry.
        bars: Vec<Bar>,
    },
}

/// One bar of a bar chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bar {
    /// The label (agency name).
    pub label: String,
    /// The value.
    pub value: rust_decimal::Decimal,
    /// The value as printed (`98,77%`).
    pub text: String,
}

/// An appendix (phụ lục) printed after the signature, on a new page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Appendix {
    /// `Phụ lục I`.
    pub label: String,
    /// Upper-case title.
    pub title: String,
    /// The italic line under the title: `(Kèm theo Báo cáo số 415/BC-UBND ngày 27/8/2021 của UBND huyện Lý Sơn)`.
    #[serde(default)]
    pub subtitle: Option<String>,
    /// The content.
    pub blocks: Vec<Block>,
}

/// True when a table cell holds a figure (digits with `.`, `,`, `%`, `≥`, `≤`, or a dash for
/// "none"): writers right-align such cells and left-align text.
///
/// ```
/// use minhbach_report::tree::is_numeric_cell;
/// assert!(is_numeric_cell("6.691") && is_numeric_cell("≥ 95%") && is_numeric_cell("—"));
/// assert!(!is_numeric_cell("Đạt") && !is_numeric_cell(""));
/// ```
pub fn is_numeric_cell(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty()
        && t.chars().all(|c| {
            c.is_ascii_digit() || matches!(c, '.' | ',' | '%' | '≥' | '≤' | '—' | '-' | ' ')
        })
}

/// Removes characters that cannot appear in XML 1.0 or in a printed document: C0 controls
/// other than tab and newline, DEL, C1 controls, and U+FFFE/U+FFFF. Writers call it on every
/// text they emit, so a tree built by another tool cannot produce a broken DOCX.
///
/// ```
/// assert_eq!(minhbach_report::tree::clean_text("a\u{0}b\u{1b}c\td"), "abc\td");
/// ```
pub fn clean_text(s: &str) -> String {
    s.chars().filter(|&c| !is_forbidden_char(c)).collect()
}

/// True for a character [`clean_text`] removes: `minhbach_model::text::is_forbidden`.
pub fn is_forbidden_char(c: char) -> bool {
    minhbach_model::text::is_forbidden(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_labels() {
        assert_eq!(Numbering::Roman(3).label(), "III.");
        assert_eq!(Numbering::Arabic(2).label(), "2.");
        assert_eq!(Numbering::Letter(2).label(), "b)");
        assert_eq!(Numbering::Dash.label(), "-");
        assert_eq!(Numbering::None.label(), "");
        assert_eq!(ListStyle::Arabic.label(3), "4.");
    }

    #[test]
    fn number_line() {
        let h = |n: &str| Header::new("A", "B", n.parse().unwrap(), "X", None, 2021);
        assert_eq!(h("415/BC-UBND").number_line(), "Số: 415/BC-UBND");
        assert_eq!(h("415/BC-UBND").number_text(), "415/BC-UBND");
        assert_eq!(h("/BC-UBND").number_line(), "Số:       /BC-UBND");
        assert_eq!(h("/BC-UBND").number_text().trim(), "/BC-UBND");
    }

    #[test]
    fn header_grid_places_spanned_cells() {
        let t = TableBlock {
            caption: None,
            widths: vec![1, 1, 1, 1],
            header: vec![
                vec![HeaderCell::span("A", 1, 2), HeaderCell::span("B", 3, 1)],
                vec![
                    HeaderCell::new("b1"),
                    HeaderCell::new("b2"),
                    HeaderCell::new("b3"),
                ],
            ],
            rows: vec![],
            note: None,
        };
        let g = t.header_grid();
        assert_eq!(g[0].iter().map(|(c, _)| *c).collect::<Vec<_>>(), vec![0, 1]);
        assert_eq!(
            g[1].iter().map(|(c, _)| *c).collect::<Vec<_>>(),
            vec![1, 2, 3]
        );
    }

    #[test]
    fn clean_text_strips_controls() {
        assert_eq!(clean_text("Lý\u{7}Sơn\r\n"), "LýSơn\n");
        assert_eq!(clean_text("\u{85}x\u{fffe}"), "x");
    }
}
