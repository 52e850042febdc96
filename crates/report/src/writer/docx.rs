//! DOCX writer (docx-rs): A4, Nghị định 30/2020 margins, Times New Roman, the two-column
//! borderless header with short rules, sizes and bold/italic per the decree, page numbers
//! from page 2 on, real Word tables with merged header cells.

use docx_rs::{
    AlignmentType, BorderType, BreakType, Docx, Header, LineSpacing, LineSpacingType, PageMargin,
    PageNum, Paragraph, ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Run, RunFonts,
    Shading, SpecialIndentType, Table as WTable, TableCell, TableCellMargins, TableRow, VAlignType,
    VMergeType, WidthType,
};
use rust_decimal::Decimal;

use crate::tree::{
    clean_text, is_numeric_cell, Block, Chart, FigureBlock, Inline, Numbering, ReportDocument,
    TableBlock,
};
use crate::ReportError;

/// Page layout in twips (1 mm = 56.69 twips).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageLayout {
    /// Top margin (20–25 mm).
    pub top: i32,
    /// Bottom margin (20–25 mm).
    pub bottom: i32,
    /// Left margin (30–35 mm).
    pub left: i32,
    /// Right margin (15–20 mm).
    pub right: i32,
}

impl Default for PageLayout {
    /// Top 20 mm, bottom 20 mm, left 30 mm, right 15 mm.
    fn default() -> PageLayout {
        PageLayout {
            top: 1134,
            bottom: 1134,
            left: 1701,
            right: 850,
        }
    }
}

const A4_W: u32 = 11906;
const A4_H: u32 = 16838;
const FONT: &str = "Times New Roman";
/// Body size in half-points (14 pt).
const BODY: usize = 28;
/// First-line indent: 1 cm.
const INDENT: i32 = 567;

fn fonts() -> RunFonts {
    RunFonts::new()
        .ascii(FONT)
        .hi_ansi(FONT)
        .east_asia(FONT)
        .cs(FONT)
}

fn run(text: &str, size: usize) -> Run {
    Run::new()
        .add_text(clean_text(text))
        .size(size)
        .fonts(fonts())
}

fn centered() -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Center)
        .line_spacing(LineSpacing::new().before(0).after(0))
}

/// A short horizontal rule: an empty 1-pt paragraph with a top border, indented so that the
/// border is `len` twips long, centred in a column of `width` twips.
fn rule(len: i32, width: i32) -> Paragraph {
    let side = ((width - len) / 2).max(0);
    let mut p = Paragraph::new()
        .align(AlignmentType::Center)
        .indent(Some(side), None, Some(side), None)
        .line_spacing(
            LineSpacing::new()
                .before(60)
                .after(0)
                .line_rule(LineSpacingType::Exact)
                .line(40),
        )
        .add_run(Run::new().size(2));
    // Only a top border: the default border set would draw a box.
    p.property = p.property.set_borders(
        ParagraphBorders::with_empty().set(
            ParagraphBorder::new(ParagraphBorderPosition::Top)
                .val(BorderType::Single)
                .size(6)
                .space(0)
                .color("000000"),
        ),
    );
    p
}

/// Estimated printed width, in twips, of `text` at `half_points` in Times New Roman (about
/// half an em per character; bold slightly wider). Used only to size the short rules.
fn text_width(text: &str, half_points: usize, bold: bool) -> i32 {
    let chars = i32::try_from(text.chars().count()).unwrap_or(i32::MAX / 100);
    let size = i32::try_from(half_points).unwrap_or(28);
    // half-points × 10 = twips per em; × 0.5 em per char (0.55 bold).
    let per = if bold {
        size * 10 * 55 / 100
    } else {
        size * 10 / 2
    };
    chars.saturating_mul(per)
}

fn body_paragraph() -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Both)
        .indent(None, Some(SpecialIndentType::FirstLine(INDENT)), None, None)
        .line_spacing(
            LineSpacing::new()
                .before(0)
                .after(120)
                .line_rule(LineSpacingType::Auto)
                .line(276),
        )
}

fn cell(width: i32) -> TableCell {
    TableCell::new().width(usize::try_from(width).unwrap_or(0), WidthType::Dxa)
}

/// Renders the document as a DOCX package.
///
/// ```
/// use minhbach_report::tree::*;
/// let doc = ReportDocument::new(
///     Header::new("ỦY BAN NHÂN DÂN", "HUYỆN LÝ SƠN", "415/BC-UBND".parse().unwrap(), "Lý Sơn", None, 2021),
///     "BÁO CÁO", "Tóm tắt", Signature::new(&["CHỦ TỊCH"], "Nguyễn Văn A"));
/// let bytes = minhbach_report::writer::to_docx(&doc).unwrap();
/// assert_eq!(&bytes[..2], b"PK");
/// ```
pub fn to_docx(doc: &ReportDocument) -> Result<Vec<u8>, ReportError> {
    to_docx_with(doc, PageLayout::default())
}

/// Like [`to_docx`] with explicit margins.
pub fn to_docx_with(doc: &ReportDocument, layout: PageLayout) -> Result<Vec<u8>, ReportError> {
    let mut buf = std::io::Cursor::new(Vec::new());
    build(doc, layout)
        .build()
        .pack(&mut buf)
        .map_err(|e| ReportError::Docx(e.to_string()))?;
    Ok(buf.into_inner())
}

/// The main XML parts of the DOCX package, for inspection and tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocxXml {
    /// `word/document.xml`.
    pub document: String,
    /// `word/header*.xml`, in order.
    pub headers: Vec<String>,
}

/// The XML parts [`to_docx`] would package.
///
/// ```
/// use minhbach_report::tree::*;
/// let doc = ReportDocument::new(
///     Header::new("ỦY BAN NHÂN DÂN", "HUYỆN LÝ SƠN", "415/BC-UBND".parse().unwrap(), "Lý Sơn", None, 2021),
///     "BÁO CÁO", "Tóm tắt", Signature::new(&["CHỦ TỊCH"], "Nguyễn Văn A"));
/// let xml = minhbach_report::writer::to_docx_xml(&doc);
/// assert!(xml.document.contains("Số: 415/BC-UBND"));
/// ```
pub fn to_docx_xml(doc: &ReportDocument) -> DocxXml {
    let x = build(doc, PageLayout::default()).build();
    DocxXml {
        document: String::from_utf8_lossy(&x.document).into_owned(),
        headers: x
            .headers
            .iter()
            .map(|h| String::from_utf8_lossy(h).into_owned())
            .collect(),
    }
}

fn build(doc: &ReportDocument, layout: PageLayout) -> Docx {
    let content = i32::try_from(A4_W).unwrap_or(11906) - layout.left - layout.right;
    let margin = PageMargin {
        top: layout.top,
        bottom: layout.bottom,
        left: layout.left,
        right: layout.right,
        header: 567,
        footer: 567,
        gutter: 0,
    };
    let page_header = Header::new().add_paragraph(
        centered()
            .add_page_num(PageNum::new())
            .size(26)
            .fonts(fonts()),
    );
    let mut d = Docx::new()
        .page_size(A4_W, A4_H)
        .page_margin(margin)
        .default_fonts(fonts())
        .default_size(BODY)
        .header(page_header)
        .first_header(Header::new())
        .title_pg();

    d = d.add_table(header_table(doc, content));
    // Title (ô 5a).
    d = d.add_paragraph(
        centered()
            .line_spacing(LineSpacing::new().before(360).after(0))
            .add_run(run(&doc.doc_type, BODY).bold()),
    );
    d = d.add_paragraph(centered().add_run(run(&doc.summary, BODY).bold()));
    let summary_w = text_width(&doc.summary, BODY, true).min(content);
    d = d.add_paragraph(rule((summary_w / 3).clamp(1134, 3402), content));
    d = d.add_paragraph(centered().add_run(run("", BODY)));
    if !doc.addressees.is_empty() {
        let list: Vec<String> = doc.addressees.iter().map(|a| clean_text(a)).collect();
        d = d.add_paragraph(
            centered()
                .line_spacing(LineSpacing::new().before(0).after(240))
                .add_run(run(&format!("Kính gửi: {}.", list.join("; ")), BODY)),
        );
    }
    for p in blocks(&doc.body, content) {
        d = match p {
            Item::P(p) => d.add_paragraph(*p),
            Item::T(t) => d.add_table(*t),
        };
    }
    if let Some(c) = &doc.closing {
        d = d.add_paragraph(body_paragraph().add_run(run(c, BODY)));
    }
    d = d.add_table(signature_table(doc, content));
    for a in &doc.appendices {
        d = d.add_paragraph(
            centered()
                .add_run(Run::new().add_break(BreakType::Page))
                .add_run(run(&a.label, BODY).bold()),
        );
        d = d.add_paragraph(centered().add_run(run(&a.title, BODY).bold()));
        if let Some(s) = &a.subtitle {
            d = d.add_paragraph(centered().add_run(run(s, BODY).italic()));
        }
        d = d.add_paragraph(centered().add_run(run("", 12)));
        for p in blocks(&a.blocks, content) {
            d = match p {
                Item::P(p) => d.add_paragraph(*p),
                Item::T(t) => d.add_table(*t),
            };
        }
    }
    d
}

fn header_table(doc: &ReportDocument, content: i32) -> WTable {
    let h = &doc.header;
    // The national name (12 pt bold, 34 capitals) needs about 100 mm on one line.
    let left_w = content * 36 / 100;
    let right_w = content - left_w;
    let mut left = cell(left_w);
    if let Some(p) = &h.parent_body {
        left = left.add_paragraph(centered().add_run(run(p, 26)));
    }
    for l in &h.issuing_body {
        left = left.add_paragraph(centered().add_run(run(l, 26).bold()));
    }
    let body_w = h
        .issuing_body
        .iter()
        .map(|l| text_width(l, 26, true))
        .max()
        .unwrap_or(1134);
    // Rule under the issuing body: 1/3 to 1/2 of the text length.
    left = left.add_paragraph(rule((body_w / 2).clamp(567, left_w), left_w));
    let mut right = cell(right_w)
        .add_paragraph(centered().add_run(run(&h.motto.national_name, 24).bold()))
        .add_paragraph(centered().add_run(run(&h.motto.motto, 26).bold()));
    // Rule under the motto: the same length as the motto line.
    right = right.add_paragraph(rule(
        text_width(&h.motto.motto, 26, true).clamp(567, right_w),
        right_w,
    ));
    let row1 = TableRow::new(vec![left, right]);
    let number = cell(left_w).add_paragraph(
        centered()
            .line_spacing(LineSpacing::new().before(120).after(0))
            .add_run(run(&h.number_line(), 26)),
    );
    let place = cell(right_w).add_paragraph(
        centered()
            .line_spacing(LineSpacing::new().before(120).after(0))
            .add_run(run(&h.place_date_line(), BODY).italic()),
    );
    let row2 = TableRow::new(vec![number, place]);
    WTable::without_borders(vec![row1, row2])
        .set_grid(vec![
            usize::try_from(left_w).unwrap_or(0),
            usize::try_from(right_w).unwrap_or(0),
        ])
        .width(usize::try_from(content).unwrap_or(0), WidthType::Dxa)
}

fn signature_table(doc: &ReportDocument, content: i32) -> WTable {
    let left_w = content * 45 / 100;
    let right_w = content - left_w;
    let mut left = cell(left_w);
    if doc.recipients.is_empty() {
        left = left.add_paragraph(Paragraph::new());
    } else {
        left = left.add_paragraph(
            Paragraph::new()
                .line_spacing(LineSpacing::new().before(120).after(0))
                .add_run(run("Nơi nhận:", 24).bold().italic()),
        );
        for r in &doc.recipients {
            left = left.add_paragraph(
                Paragraph::new()
                    .line_spacing(LineSpacing::new().before(0).after(0))
                    .add_run(run(&format!("- {r}"), 22)),
            );
        }
    }
    let mut right = cell(right_w);
    for (i, l) in doc.signature.lines.iter().enumerate() {
        let before = if i == 0 { 120 } else { 0 };
        right = right.add_paragraph(
            centered()
                .line_spacing(LineSpacing::new().before(before).after(0))
                .add_run(run(l, BODY).bold()),
        );
    }
    for _ in 0..4 {
        right = right.add_paragraph(centered().add_run(run("", BODY)));
    }
    right = right.add_paragraph(centered().add_run(run(&doc.signature.name, BODY).bold()));
    WTable::without_borders(vec![TableRow::new(vec![left, right]).cant_split()])
        .set_grid(vec![
            usize::try_from(left_w).unwrap_or(0),
            usize::try_from(right_w).unwrap_or(0),
        ])
        .width(usize::try_from(content).unwrap_or(0), WidthType::Dxa)
}

enum Item {
    P(Box<Paragraph>),
    T(Box<WTable>),
}

fn add_inlines(mut p: Paragraph, inlines: &[Inline], size: usize) -> Paragraph {
    for i in inlines {
        p = match i {
            Inline::Text { text } | Inline::Figure { text, .. } => p.add_run(run(text, size)),
            Inline::Bold { text } => p.add_run(run(text, size).bold()),
            Inline::Italic { text } => p.add_run(run(text, size).italic()),
            Inline::Link { url } => p.add_run(run(&format!("<{url}>"), size)),
        };
    }
    p
}

fn blocks(bs: &[Block], content: i32) -> Vec<Item> {
    let mut out = Vec::new();
    for b in bs {
        match b {
            Block::Section(s) => {
                let label = s.numbering.label();
                let mut p = body_paragraph().keep_next(true);
                let prefix = if label.is_empty() {
                    String::new()
                } else {
                    format!("{label} ")
                };
                p = match s.numbering {
                    Numbering::Roman(_) | Numbering::Arabic(_) => {
                        let mut p = p.add_run(run(&prefix, BODY).bold());
                        for i in &s.title {
                            p = p.add_run(run(i.as_str(), BODY).bold());
                        }
                        p
                    }
                    Numbering::Letter(_) => {
                        let mut p = p.add_run(run(&prefix, BODY).bold().italic());
                        for i in &s.title {
                            p = p.add_run(run(i.as_str(), BODY).bold().italic());
                        }
                        p
                    }
                    Numbering::Dash | Numbering::None => {
                        add_inlines(p.add_run(run(&prefix, BODY)), &s.title, BODY)
                    }
                };
                out.push(Item::P(Box::new(p)));
                out.extend(blocks(&s.blocks, content));
            }
            Block::Paragraph { inlines } => {
                out.push(Item::P(Box::new(add_inlines(
                    body_paragraph(),
                    inlines,
                    BODY,
                ))));
            }
            Block::List(list) => {
                for (i, item) in list.items.iter().enumerate() {
                    let p =
                        body_paragraph().add_run(run(&format!("{} ", list.style.label(i)), BODY));
                    out.push(Item::P(Box::new(add_inlines(p, item, BODY))));
                }
            }
            Block::Table(t) => {
                if let Some(c) = &t.caption {
                    out.push(Item::P(Box::new(
                        centered()
                            .line_spacing(LineSpacing::new().before(120).after(120))
                            .add_run(run(c, BODY).bold()),
                    )));
                }
                out.push(Item::T(Box::new(data_table(t, content))));
                if let Some(n) = &t.note {
                    out.push(Item::P(Box::new(
                        Paragraph::new()
                            .line_spacing(LineSpacing::new().before(60).after(120))
                            .add_run(run(n, 22).italic()),
                    )));
                }
            }
            Block::Figure(f) => {
                out.push(Item::T(Box::new(figure_table(f, content))));
                out.push(Item::P(Box::new(
                    centered()
                        .line_spacing(LineSpacing::new().before(60).after(120))
                        .add_run(run(&f.caption, 24).italic()),
                )));
            }
            Block::Warning { text } => {
                out.push(Item::P(Box::new(
                    body_paragraph().add_run(
                        run(&format!("CẦN KIỂM TRA: {text}"), BODY)
                            .bold()
                            .highlight("yellow")
                            .color("C00000"),
                    ),
                )));
            }
        }
    }
    out
}

fn scale_widths(widths: &[u32], content: i32) -> Vec<i32> {
    let total: i64 = widths.iter().map(|w| i64::from(*w)).sum::<i64>().max(1);
    widths
        .iter()
        .map(|w| i32::try_from(i64::from(*w) * i64::from(content) / total).unwrap_or(0))
        .collect()
}

fn table_paragraph(text: &str, align: AlignmentType, bold: bool, size: usize) -> Paragraph {
    let r = run(text, size);
    Paragraph::new()
        .align(align)
        .line_spacing(LineSpacing::new().before(20).after(20))
        .add_run(if bold { r.bold() } else { r })
}

/// A bordered Word table; header cells spanning columns get `gridSpan`, cells spanning rows
/// get `vMerge` restart/continue.
fn data_table(t: &TableBlock, content: i32) -> WTable {
    let cols = t.columns();
    let w = scale_widths(&t.widths, content);
    // Wide tables (Biểu 06 has 13 columns) use 10 pt so that figures fit on one line.
    let size = if cols > 8 { 20 } else { 22 };
    let span_w = |c: usize, span: usize| -> i32 {
        w.get(c..(c + span).min(cols)).map_or(0, |s| s.iter().sum())
    };
    let mut rows = Vec::new();
    // Active row spans by start column: (rows remaining, colspan).
    let mut active: Vec<Option<(u32, usize)>> = vec![None; cols];
    for hrow in t.header_grid() {
        let mut cells = Vec::new();
        let mut col = 0usize;
        let mut iter = hrow.into_iter().peekable();
        while col < cols {
            if let Some(Some((left, span))) = active.get(col).copied() {
                if left > 0 {
                    cells.push(
                        cell(span_w(col, span))
                            .grid_span(span)
                            .vertical_merge(VMergeType::Continue)
                            .add_paragraph(Paragraph::new()),
                    );
                    if let Some(a) = active.get_mut(col) {
                        *a = if left > 1 {
                            Some((left - 1, span))
                        } else {
                            None
                        };
                    }
                    col += span;
                    continue;
                }
            }
            match iter.peek() {
                Some((c, hc)) if *c == col => {
                    let span = (hc.colspan.max(1) as usize).min(cols - col);
                    let mut tc = cell(span_w(col, span))
                        .vertical_align(VAlignType::Center)
                        .add_paragraph(table_paragraph(
                            &hc.text,
                            AlignmentType::Center,
                            true,
                            size,
                        ));
                    if span > 1 {
                        tc = tc.grid_span(span);
                    }
                    if hc.rowspan > 1 {
                        tc = tc.vertical_merge(VMergeType::Restart);
                        if let Some(a) = active.get_mut(col) {
                            *a = Some((hc.rowspan - 1, span));
                        }
                    }
                    cells.push(tc);
                    col += span;
                    iter.next();
                }
                _ => {
                    // A hole in the header: an empty cell keeps the grid rectangular.
                    cells.push(cell(span_w(col, 1)).add_paragraph(Paragraph::new()));
                    col += 1;
                }
            }
        }
        rows.push(TableRow::new(cells).cant_split());
    }
    for r in &t.rows {
        let cells = (0..cols)
            .map(|c| {
                let s = r.cells.get(c).map_or("", String::as_str);
                let align = if c == 0 {
                    AlignmentType::Center
                } else if is_numeric_cell(s) {
                    AlignmentType::Right
                } else {
                    AlignmentType::Left
                };
                cell(w.get(c).copied().unwrap_or(0))
                    .vertical_align(VAlignType::Center)
                    .add_paragraph(table_paragraph(s, align, r.bold, size))
            })
            .collect();
        rows.push(TableRow::new(cells).cant_split());
    }
    WTable::new(rows)
        .margins(TableCellMargins::new().margin(20, 45, 20, 45))
        .set_grid(w.iter().map(|x| usize::try_from(*x).unwrap_or(0)).collect())
        .width(usize::try_from(content).unwrap_or(0), WidthType::Dxa)
}

/// A bar chart drawn as a borderless table: label, a bar (a nested table whose first cell is
/// shaded, its width proportional to the value), the value.
fn figure_table(f: &FigureBlock, content: i32) -> WTable {
    let Chart::Bar { max, bars, .. } = &f.chart;
    let w = scale_widths(&[45, 42, 13], content);
    let bar_w = w.get(1).copied().unwrap_or(0) - 120;
    let rows = bars
        .iter()
        .map(|b| {
            let filled = if max.is_zero() {
                0
            } else {
                (b.value.max(Decimal::ZERO).min(*max) * Decimal::from(bar_w) / *max)
                    .round()
                    .to_string()
                    .parse::<i32>()
                    .unwrap_or(0)
            };
            let mut bar_cells = Vec::new();
            if filled > 0 {
                bar_cells.push(
                    cell(filled)
                        .shading(Shading::new().fill("2F5597").color("auto"))
                        .add_paragraph(table_paragraph("", AlignmentType::Left, false, 16)),
                );
            }
            if filled < bar_w {
                bar_cells.push(cell(bar_w - filled).add_paragraph(table_paragraph(
                    "",
                    AlignmentType::Left,
                    false,
                    16,
                )));
            }
            let mut grid = vec![];
            if filled > 0 {
                grid.push(usize::try_from(filled).unwrap_or(0));
            }
            if filled < bar_w {
                grid.push(usize::try_from(bar_w - filled).unwrap_or(0));
            }
            let bar = WTable::without_borders(vec![TableRow::new(bar_cells)])
                .set_grid(grid)
                .width(usize::try_from(bar_w).unwrap_or(0), WidthType::Dxa);
            TableRow::new(vec![
                cell(w.first().copied().unwrap_or(0))
                    .vertical_align(VAlignType::Center)
                    .add_paragraph(table_paragraph(&b.label, AlignmentType::Right, false, 22)),
                cell(w.get(1).copied().unwrap_or(0))
                    .vertical_align(VAlignType::Center)
                    .add_table(bar)
                    .add_paragraph(table_paragraph("", AlignmentType::Left, false, 4)),
                cell(w.get(2).copied().unwrap_or(0))
                    .vertical_align(VAlignType::Center)
                    .add_paragraph(table_paragraph(&b.text, AlignmentType::Left, false, 22)),
            ])
        })
        .collect();
    WTable::without_borders(rows)
        .set_grid(w.iter().map(|x| usize::try_from(*x).unwrap_or(0)).collect())
        .width(usize::try_from(content).unwrap_or(0), WidthType::Dxa)
}
