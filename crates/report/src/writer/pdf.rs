//! PDF writer: the document tree as typst markup ([`to_typst`]), typeset by typst used as a
//! library and exported with `typst-pdf` ([`to_pdf`]).
//!
//! The layout follows Nghị định 30/2020 like the DOCX writer: A4, margins top and bottom
//! 20 mm, left 30 mm, right 15 mm; 14 pt body with a 1 cm first-line indent; the borderless
//! two-column header (issuing body and national motto, with short rules under them, number
//! and place-date below); bold title and trích yếu; the signature block beside "Nơi nhận";
//! page numbers centred at the top from page 2 on; appendices each on a new page; tables with
//! merged header cells and bar charts drawn as boxes.
//!
//! Fonts: Liberation Serif (SIL Open Font License 1.1, metric-compatible with Times New Roman,
//! every Vietnamese letter), shipped in `crates/report/fonts/` and compiled into the library,
//! so the PDF never depends on the fonts of the machine; typst embeds the subset it uses.
//! Every piece of text from the tree enters the markup as a typst string literal, so no input
//! can inject markup.

use std::fmt::Write as _;
use std::sync::OnceLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, Source};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

use crate::tree::{
    clean_text, is_numeric_cell, Block, Chart, FigureBlock, Inline, Numbering, ReportDocument,
    TableBlock,
};
use crate::ReportError;

/// The font family every page is set in.
const FAMILY: &str = "Liberation Serif";

const FONT_FILES: [&[u8]; 4] = [
    include_bytes!("../../fonts/LiberationSerif-Regular.ttf"),
    include_bytes!("../../fonts/LiberationSerif-Bold.ttf"),
    include_bytes!("../../fonts/LiberationSerif-Italic.ttf"),
    include_bytes!("../../fonts/LiberationSerif-BoldItalic.ttf"),
];

/// Renders the document as an A4 PDF.
///
/// ```
/// use minhbach_report::tree::*;
/// let doc = ReportDocument::new(
///     Header::new("ỦY BAN NHÂN DÂN", "HUYỆN LÝ SƠN", "415/BC-UBND".parse().unwrap(), "Lý Sơn", None, 2021),
///     "BÁO CÁO", "Tóm tắt", Signature::new(&["CHỦ TỊCH"], "Nguyễn Văn A"));
/// let bytes = minhbach_report::writer::to_pdf(&doc).unwrap();
/// assert!(bytes.starts_with(b"%PDF-"));
/// ```
pub fn to_pdf(doc: &ReportDocument) -> Result<Vec<u8>, ReportError> {
    let world = ReportWorld::new(to_typst(doc));
    let warned = typst::compile::<PagedDocument>(&world);
    let paged = warned.output.map_err(|errors| pdf_error(&errors))?;
    let options = typst_pdf::PdfOptions {
        ident: typst::foundations::Smart::Custom(format!(
            "minhbach {} {}",
            doc.header.number_text(),
            doc.summary
        )),
        creator: typst::foundations::Smart::Custom(Some(format!(
            "minhbach {}",
            env!("CARGO_PKG_VERSION")
        ))),
        ..Default::default()
    };
    typst_pdf::pdf(&paged, &options).map_err(|errors| pdf_error(&errors))
}

/// Typst's diagnostics (compiling or exporting) as one error, `; `-separated.
fn pdf_error(errors: &[typst::diag::SourceDiagnostic]) -> ReportError {
    ReportError::Pdf(
        errors
            .iter()
            .map(|e| e.message.as_str())
            .collect::<Vec<_>>()
            .join("; "),
    )
}

/// The fonts, parsed once per process.
fn fonts() -> &'static (LazyHash<FontBook>, Vec<Font>) {
    static FONTS: OnceLock<(LazyHash<FontBook>, Vec<Font>)> = OnceLock::new();
    FONTS.get_or_init(|| {
        let fonts: Vec<Font> = FONT_FILES
            .iter()
            .flat_map(|data| Font::iter(Bytes::new(*data)))
            .collect();
        (LazyHash::new(FontBook::from_fonts(&fonts)), fonts)
    })
}

fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIBRARY.get_or_init(|| LazyHash::new(Library::default()))
}

/// The smallest typst world: one source file, the shipped fonts, no file access, no clock
/// (the report carries its own date).
struct ReportWorld {
    main: Source,
}

impl ReportWorld {
    fn new(markup: String) -> ReportWorld {
        ReportWorld {
            main: Source::detached(markup),
        }
    }
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &fonts().0
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, _id: FileId) -> FileResult<Bytes> {
        Err(FileError::AccessDenied)
    }

    fn font(&self, index: usize) -> Option<Font> {
        fonts().1.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

/// A typst string literal holding `s` (control characters stripped), usable in code mode.
fn lit(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in clean_text(s).chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Content `[...]` holding the text `s` exactly.
fn txt(s: &str) -> String {
    format!("[#{}]", lit(s))
}

/// The document as typst markup (what [`to_pdf`] typesets), for inspection and tests.
///
/// ```
/// use minhbach_report::tree::*;
/// let doc = ReportDocument::new(
///     Header::new("ỦY BAN NHÂN DÂN", "HUYỆN LÝ SƠN", "415/BC-UBND".parse().unwrap(), "Lý Sơn", None, 2021),
///     "BÁO CÁO", "Tóm tắt #x", Signature::new(&["CHỦ TỊCH"], "Nguyễn Văn A"));
/// let src = minhbach_report::writer::to_typst(&doc);
/// assert!(src.contains("paper: \"a4\""));
/// assert!(src.contains("[#\"Tóm tắt #x\"]"));
/// ```
pub fn to_typst(doc: &ReportDocument) -> String {
    let mut o = String::new();
    let _ = write!(
        o,
        r##"#set document(title: {title})
#set page(paper: "a4", margin: (top: 20mm, bottom: 20mm, left: 30mm, right: 15mm),
  header: context {{ if here().page() > 1 {{ align(center, text(size: 13pt, counter(page).display())) }} }})
#set text(font: "{FAMILY}", size: 14pt, lang: "vi", hyphenate: false)
#set par(justify: true, leading: 0.5em, spacing: 6pt, first-line-indent: (amount: 1cm, all: true))
#set table(stroke: 0.5pt)
#show grid.cell: set par(first-line-indent: 0pt, justify: false, spacing: 0pt)
#show table.cell: set par(first-line-indent: 0pt, justify: false, spacing: 0pt)
#let rule(body, ratio) = context {{ let w = measure(body).width * ratio; pad(top: 5pt, align(center, line(length: w, stroke: 0.6pt))) }}
"##,
        title = lit(&format!("{} {}", doc.doc_type, doc.summary)),
    );
    header(&mut o, doc);
    // Title (ô 5a) and trích yếu (ô 5b).
    let _ = writeln!(
        o,
        "#v(18pt)\n#align(center, par(first-line-indent: 0pt, spacing: 0pt, text(weight: \"bold\", {})))",
        txt(&doc.doc_type)
    );
    let _ = writeln!(
        o,
        "#align(center, par(first-line-indent: 0pt, text(weight: \"bold\", {s})))\n#rule(text(weight: \"bold\", {s}), 0.33)\n#v(6pt)",
        s = txt(&doc.summary)
    );
    if !doc.addressees.is_empty() {
        let list: Vec<String> = doc.addressees.iter().map(|a| clean_text(a)).collect();
        let _ = writeln!(
            o,
            "#align(center, par(first-line-indent: 0pt, {}))\n#v(6pt)",
            txt(&format!("Kính gửi: {}.", list.join("; ")))
        );
    }
    blocks(&mut o, &doc.body);
    if let Some(c) = &doc.closing {
        let _ = writeln!(o, "#par({})", txt(c));
    }
    signature(&mut o, doc);
    for a in &doc.appendices {
        let _ = writeln!(
            o,
            "#pagebreak()\n#align(center, par(first-line-indent: 0pt, spacing: 8pt, text(weight: \"bold\", {})))",
            txt(&a.label)
        );
        let _ = writeln!(
            o,
            "#align(center, par(first-line-indent: 0pt, spacing: 8pt, text(weight: \"bold\", {})))",
            txt(&a.title)
        );
        if let Some(s) = &a.subtitle {
            let _ = writeln!(
                o,
                "#align(center, par(first-line-indent: 0pt, emph({})))",
                txt(s)
            );
        }
        o.push_str("#v(6pt)\n");
        blocks(&mut o, &a.blocks);
    }
    o
}

/// The two-column header of the first page (Nghị định 30 ô 1–4).
fn header(o: &mut String, doc: &ReportDocument) {
    let h = &doc.header;
    let mut left = String::new();
    if let Some(p) = &h.parent_body {
        let _ = write!(left, "text(size: 13pt, {}), ", txt(p));
    }
    let body: Vec<String> = h
        .issuing_body
        .iter()
        .map(|l| format!("text(size: 13pt, weight: \"bold\", {})", txt(l)))
        .collect();
    let widest = h
        .issuing_body
        .iter()
        .max_by_key(|l| l.chars().count())
        .map_or_else(|| "\"\"".to_string(), |l| lit(l));
    for b in &body {
        let _ = write!(left, "{b}, ");
    }
    let _ = write!(
        left,
        "rule(text(size: 13pt, weight: \"bold\", {widest}), 0.4)"
    );
    let motto = lit(&h.motto.motto);
    let right = format!(
        "text(size: 12pt, weight: \"bold\", {}), text(size: 13pt, weight: \"bold\", {motto}), rule(text(size: 13pt, weight: \"bold\", {motto}), 1.0)",
        lit(&h.motto.national_name)
    );
    let _ = writeln!(
        o,
        "#grid(columns: (36%, 64%), align: center + top, row-gutter: 10pt,
  stack(spacing: 4pt, {left}),
  stack(spacing: 4pt, {right}),
  text(size: 13pt, {number}),
  emph({place}),
)",
        number = txt(&h.number_line()),
        place = txt(&h.place_date_line()),
    );
}

/// "Nơi nhận" on the left, the signer on the right.
fn signature(o: &mut String, doc: &ReportDocument) {
    let mut left = String::new();
    if !doc.recipients.is_empty() {
        let _ = write!(
            left,
            "text(size: 12pt, weight: \"bold\", style: \"italic\", {}), ",
            txt("Nơi nhận:")
        );
        for r in &doc.recipients {
            let _ = write!(left, "text(size: 11pt, {}), ", txt(&format!("- {r}")));
        }
    }
    let mut right = String::new();
    for l in &doc.signature.lines {
        let _ = write!(right, "text(weight: \"bold\", {}), ", txt(l));
    }
    let _ = write!(
        right,
        "v(64pt), text(weight: \"bold\", {})",
        txt(&doc.signature.name)
    );
    let _ = writeln!(
        o,
        "#v(6pt)\n#block(breakable: false, grid(columns: (45%, 55%), align: (left + top, center + top),
  stack(spacing: 3pt, {left}),
  stack(spacing: 3pt, {right}),
))"
    );
}

/// A code block `{ …; … }` joining `lead` and the inlines into one piece of content.
fn inlines(lead: &str, xs: &[Inline]) -> String {
    let mut o = String::from("{ ");
    if !lead.is_empty() {
        let _ = write!(o, "{}; ", txt(lead));
    }
    for i in xs {
        let _ = match i {
            Inline::Text { text } | Inline::Figure { text, .. } => write!(o, "{}; ", txt(text)),
            Inline::Bold { text } => write!(o, "strong({}); ", txt(text)),
            Inline::Italic { text } => write!(o, "emph({}); ", txt(text)),
            Inline::Link { url } => write!(o, "{}; ", txt(&format!("<{url}>"))),
        };
    }
    o.push('}');
    o
}

fn blocks(o: &mut String, bs: &[Block]) {
    for b in bs {
        match b {
            Block::Section(s) => {
                let label = s.numbering.label();
                let prefix = if label.is_empty() {
                    String::new()
                } else {
                    format!("{label} ")
                };
                let title = crate::tree::plain(&s.title);
                match s.numbering {
                    Numbering::Roman(_) | Numbering::Arabic(_) => {
                        let _ = writeln!(
                            o,
                            "#block(sticky: true, par(strong({})))",
                            txt(&format!("{prefix}{title}"))
                        );
                    }
                    Numbering::Letter(_) => {
                        let _ = writeln!(
                            o,
                            "#block(sticky: true, par(strong(emph({}))))",
                            txt(&format!("{prefix}{title}"))
                        );
                    }
                    Numbering::Dash | Numbering::None => {
                        let _ = writeln!(
                            o,
                            "#block(sticky: true, par({}))",
                            inlines(&prefix, &s.title)
                        );
                    }
                }
                blocks(o, &s.blocks);
            }
            Block::Paragraph { inlines: xs } => {
                let _ = writeln!(o, "#par({})", inlines("", xs));
            }
            Block::List(list) => {
                for (i, item) in list.items.iter().enumerate() {
                    let lead = format!("{} ", list.style.label(i));
                    let _ = writeln!(o, "#par({})", inlines(&lead, item));
                }
            }
            Block::Table(t) => table(o, t),
            Block::Figure(f) => figure(o, f),
            Block::Warning { text } => {
                let _ = writeln!(
                    o,
                    "#par(highlight(fill: rgb(\"#FFFF00\"), text(fill: rgb(\"#C00000\"), weight: \"bold\", {})))",
                    txt(&format!("CẦN KIỂM TRA: {text}"))
                );
            }
        }
    }
}

/// A bordered table; header cells keep their column and row spans.
fn table(o: &mut String, t: &TableBlock) {
    if let Some(c) = &t.caption {
        let _ = writeln!(
            o,
            "#align(center, par(first-line-indent: 0pt, strong({})))",
            txt(c)
        );
    }
    let cols = t.columns();
    // Wide tables (Biểu 06 has 13 columns) use 10 pt so that figures fit on one line.
    let size = if cols > 8 { 10 } else { 11 };
    let widths: Vec<String> = t
        .widths
        .iter()
        .map(|w| format!("{}fr", w.max(&1)))
        .collect();
    let _ = writeln!(
        o,
        "#{{ set text(size: {size}pt); set par(justify: false, first-line-indent: 0pt, spacing: 0pt)\ntable(columns: ({}), inset: 3pt, align: horizon,",
        widths.join(", ")
    );
    o.push_str("  table.header(\n");
    for row in &t.header {
        for c in row {
            let _ = writeln!(
                o,
                "    table.cell(colspan: {}, rowspan: {}, align: center, strong({})),",
                c.colspan.max(1),
                c.rowspan.max(1),
                txt(&c.text)
            );
        }
    }
    o.push_str("  ),\n");
    for r in &t.rows {
        for (i, c) in r.cells.iter().enumerate().take(cols) {
            let align = if i > 0 && is_numeric_cell(c) {
                "right"
            } else if is_numeric_cell(c) {
                "center"
            } else {
                "left"
            };
            let body = if r.bold {
                format!("strong({})", txt(c))
            } else {
                txt(c)
            };
            let _ = writeln!(o, "  table.cell(align: {align} + horizon, {body}),");
        }
        // A short row is padded so that the grid stays aligned.
        for _ in r.cells.len()..cols {
            o.push_str("  [],\n");
        }
    }
    o.push_str(")}\n");
    if let Some(n) = &t.note {
        let _ = writeln!(
            o,
            "#par(first-line-indent: 0pt, text(size: 11pt, emph({})))",
            txt(n)
        );
    }
}

/// A horizontal bar chart: label, bar proportional to the value, the value as text.
fn figure(o: &mut String, f: &FigureBlock) {
    let Chart::Bar { max, bars, .. } = &f.chart;
    o.push_str("#block(breakable: false, grid(columns: (35%, 1fr), row-gutter: 5pt, column-gutter: 6pt, align: (right + horizon, left + horizon),\n");
    for b in bars {
        // The bar's length is layout, not a figure: the share of the axis, clamped to 0–100%.
        let share = if max.is_zero() {
            rust_decimal::Decimal::ZERO
        } else {
            (b.value / *max * rust_decimal::Decimal::from(100))
                .clamp(
                    rust_decimal::Decimal::ZERO,
                    rust_decimal::Decimal::from(100),
                )
                .round_dp(2)
        };
        let _ = writeln!(
            o,
            "  text(size: 11pt, {}), stack(dir: ltr, spacing: 4pt, box(width: {share}% * 0.8, height: 10pt, fill: rgb(\"#4472C4\")), text(size: 11pt, {})),",
            txt(&b.label),
            txt(&b.text)
        );
    }
    o.push_str("))\n");
    let _ = writeln!(
        o,
        "#align(center, par(first-line-indent: 0pt, text(size: 12pt, emph({}))))",
        txt(&f.caption)
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::{Header, Signature};

    #[test]
    fn literals_escape_everything_typst_reads() {
        assert_eq!(lit(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(lit("x\ny\u{7}"), r#""x\ny""#);
        assert_eq!(
            lit("#let x = 1 $ * _ [ ] < >"),
            "\"#let x = 1 $ * _ [ ] < >\""
        );
    }

    #[test]
    fn markup_injection_is_plain_text() {
        let mut doc = ReportDocument::new(
            Header::new(
                "ỦY BAN NHÂN DÂN",
                "HUYỆN X",
                "1/BC-UBND".parse().unwrap(),
                "X",
                None,
                2021,
            ),
            "BÁO CÁO",
            "#pagebreak() \"] #panic(\"boom\")",
            Signature::new(&["CHỦ TỊCH"], "A"),
        );
        doc.body
            .push(Block::para(vec![Inline::text("*x* _y_ $z$ \\ ]")]));
        let pdf = to_pdf(&doc).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
    }
}
