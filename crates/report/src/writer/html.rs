//! HTML writer: one self-contained file (no external resources) with print CSS for A4 that
//! follows the DOCX layout, and charts as inline SVG. Every text is escaped.

use rust_decimal::Decimal;

use crate::tree::{
    clean_text, is_numeric_cell, Block, Chart, FigureBlock, Inline, Numbering, ReportDocument,
    TableBlock,
};

/// Escapes text for HTML element content and attribute values.
///
/// ```
/// assert_eq!(minhbach_report::writer::html_escape("<script>&\"'"), "&lt;script&gt;&amp;&quot;&#39;");
/// ```
pub fn escape(s: &str) -> String {
    let s = clean_text(s);
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const CSS: &str = r#"
@page { size: A4; margin: 20mm 15mm 20mm 30mm; @top-center { content: counter(page); font: 13pt "Times New Roman", serif; } }
@page :first { @top-center { content: none; } }
html { background: #eee; }
body { font-family: "Times New Roman", Times, serif; font-size: 14pt; line-height: 1.3; color: #000; margin: 0; }
.page { background: #fff; width: 165mm; margin: 10mm auto; padding: 20mm 15mm 20mm 30mm; box-sizing: content-box; }
@media print { html { background: none; } .page { margin: 0; padding: 0; width: auto; } .appendix { break-before: page; } a { color: #000; text-decoration: none; } }
@media screen { .appendix { border-top: 1px dashed #888; margin-top: 24pt; padding-top: 12pt; } }
table.header, table.closing { width: 100%; border-collapse: collapse; }
table.header td, table.closing td { vertical-align: top; text-align: center; padding: 0; border: none; }
table.header td.left { width: 36%; } table.header td.right { width: 64%; }
table.header tr.second td { vertical-align: baseline; padding-top: 6pt; }
.agency { font-size: 13pt; text-transform: none; margin: 0; }
.agency.issuer { font-weight: bold; font-size: 13pt; margin: 0; }
.national { font-weight: bold; font-size: 12pt; margin: 0; }
.motto { font-weight: bold; font-size: 13pt; margin: 0; }
.motto span { border-bottom: 1px solid #000; padding-bottom: 3pt; }
.rule { border: none; border-top: 1px solid #000; margin: 3pt auto 0; height: 0; }
.number { font-size: 13pt; margin: 0; }
.place-date { font-style: italic; font-size: 14pt; margin: 0; }
.doc-type { text-align: center; font-weight: bold; font-size: 14pt; margin: 18pt 0 0; }
.summary { text-align: center; font-weight: bold; font-size: 14pt; margin: 0; }
.summary + hr.rule { margin-bottom: 12pt; }
.addressees { text-align: center; margin: 12pt 0; }
p { text-align: justify; text-indent: 1cm; margin: 0 0 6pt; }
h2, h3, h4, .dash-heading { font-size: 14pt; margin: 6pt 0; text-indent: 1cm; text-align: justify; }
h2, h3, h4, .caption, .appendix-title, .appendix-subtitle { break-after: avoid; page-break-after: avoid; }
h2, h3 { font-weight: bold; } h4 { font-weight: bold; font-style: italic; } .dash-heading { font-weight: normal; }
ol.tasks { margin: 0; padding: 0; list-style: none; } ol.tasks li { text-align: justify; text-indent: 1cm; margin: 0 0 6pt; }
ul.dash { margin: 0; padding: 0; list-style: none; } ul.dash li { text-indent: 1cm; text-align: justify; margin: 0 0 6pt; }
.warning { border: 2px solid #c00; background: #fff3cd; padding: 4pt 6pt; margin: 6pt 0; font-weight: bold; }
.closing-line { margin-top: 6pt; }
table.closing { margin-top: 12pt; page-break-inside: avoid; break-inside: avoid; }
td.recipients { text-align: left !important; width: 45%; font-size: 11pt; }
.recipients-label { font-weight: bold; font-style: italic; font-size: 12pt; margin: 0; text-indent: 0; }
td.recipients p { text-indent: 0; margin: 0; text-align: left; font-size: 11pt; }
td.signature p { text-indent: 0; margin: 0; text-align: center; font-weight: bold; }
td.signature .name { margin-top: 60pt; }
table.data { width: 100%; border-collapse: collapse; font-size: 11pt; margin: 6pt 0; }
table.data th, table.data td { border: 1px solid #000; padding: 2pt 3pt; }
table.data th { font-weight: bold; text-align: center; vertical-align: middle; }
table.data.wide { font-size: 10pt; } table.data.wide th, table.data.wide td { padding: 1pt 2pt; }
table.data td.num { text-align: right; white-space: nowrap; } table.data tr.total td { font-weight: bold; }
.caption { text-align: center; font-weight: bold; text-indent: 0; }
.note { font-style: italic; font-size: 11pt; text-indent: 0; }
.appendix-label { text-align: center; font-weight: bold; text-indent: 0; margin: 0; }
.appendix-title { text-align: center; font-weight: bold; text-indent: 0; margin: 0; }
.appendix-subtitle { text-align: center; font-style: italic; text-indent: 0; }
table.header p, table.closing td.signature p, .doc-type, .summary, .addressees { text-indent: 0; text-align: center; }
table.header p { margin: 0; line-height: 1.2; }
table.header p.number, table.header p.place-date { margin: 0; }
figure { margin: 6pt 0; text-align: center; } figure svg { max-width: 100%; height: auto; } figcaption { font-style: italic; font-size: 12pt; }
"#;

/// Renders the document as one self-contained HTML file.
///
/// ```
/// use minhbach_report::tree::*;
/// let doc = ReportDocument::new(
///     Header::new("ỦY BAN NHÂN DÂN", "<script>alert(1)</script>", "415/BC-UBND".parse().unwrap(), "Lý Sơn", None, 2021),
///     "BÁO CÁO", "Tóm tắt", Signature::new(&["CHỦ TỊCH"], "Nguyễn Văn A"));
/// let html = minhbach_report::writer::to_html(&doc);
/// assert!(!html.contains("<script>"));
/// assert!(html.contains("&lt;script&gt;"));
/// ```
pub fn to_html(doc: &ReportDocument) -> String {
    let mut out = String::with_capacity(16 * 1024);
    let h = &doc.header;
    out.push_str("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(&format!(
        "<title>{} {} – {}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<div class=\"page\">\n",
        escape(&doc.doc_type),
        escape(&h.number_text()),
        escape(&doc.summary)
    ));
    // Header: two borderless columns.
    out.push_str("<table class=\"header\"><tr><td class=\"left\">\n");
    if let Some(p) = &h.parent_body {
        out.push_str(&format!("<p class=\"agency\">{}</p>\n", escape(p)));
    }
    for l in &h.issuing_body {
        out.push_str(&format!("<p class=\"agency issuer\">{}</p>\n", escape(l)));
    }
    out.push_str("<hr class=\"rule\" style=\"width:33%\">\n");
    out.push_str("</td><td class=\"right\">\n");
    // The motto's rule is a bottom border on the motto itself, so it is as long as the motto.
    out.push_str(&format!(
        "<p class=\"national\">{}</p>\n<p class=\"motto\"><span>{}</span></p>\n",
        escape(&h.motto.national_name),
        escape(&h.motto.motto)
    ));
    // Second row: the number and the place-date line, level with each other (as in the DOCX).
    out.push_str(&format!(
        "</td></tr>\n<tr class=\"second\"><td class=\"left\">\n<p class=\"number\">{}</p>\n</td><td class=\"right\">\n<p class=\"place-date\">{}</p>\n</td></tr></table>\n",
        escape(&h.number_line()),
        escape(&h.place_date_line())
    ));
    out.push_str(&format!(
        "<p class=\"doc-type\">{}</p>\n<p class=\"summary\">{}</p>\n<hr class=\"rule\" style=\"width:25%\">\n",
        escape(&doc.doc_type),
        escape(&doc.summary)
    ));
    if !doc.addressees.is_empty() {
        let list: Vec<String> = doc.addressees.iter().map(|a| escape(a)).collect();
        out.push_str(&format!(
            "<p class=\"addressees\">Kính gửi: {}.</p>\n",
            list.join("; ")
        ));
    }
    write_blocks(&mut out, &doc.body, 2);
    if let Some(c) = &doc.closing {
        out.push_str(&format!("<p class=\"closing-line\">{}</p>\n", escape(c)));
    }
    out.push_str("<table class=\"closing\"><tr><td class=\"recipients\">\n");
    if !doc.recipients.is_empty() {
        out.push_str("<p class=\"recipients-label\">Nơi nhận:</p>\n");
        for r in &doc.recipients {
            out.push_str(&format!("<p>- {}</p>\n", escape(r)));
        }
    }
    out.push_str("</td><td class=\"signature\">\n");
    for l in &doc.signature.lines {
        out.push_str(&format!("<p>{}</p>\n", escape(l)));
    }
    out.push_str(&format!(
        "<p class=\"name\">{}</p>\n</td></tr></table>\n",
        escape(&doc.signature.name)
    ));
    for a in &doc.appendices {
        out.push_str("<section class=\"appendix\">\n");
        out.push_str(&format!(
            "<p class=\"appendix-label\">{}</p>\n<p class=\"appendix-title\">{}</p>\n",
            escape(&a.label),
            escape(&a.title)
        ));
        if let Some(s) = &a.subtitle {
            out.push_str(&format!(
                "<p class=\"appendix-subtitle\">{}</p>\n",
                escape(s)
            ));
        }
        write_blocks(&mut out, &a.blocks, 3);
        out.push_str("</section>\n");
    }
    out.push_str("</div>\n</body>\n</html>\n");
    out
}

fn inlines_html(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for i in inlines {
        match i {
            Inline::Text { text } => out.push_str(&escape(text)),
            Inline::Bold { text } => out.push_str(&format!("<b>{}</b>", escape(text))),
            Inline::Italic { text } => out.push_str(&format!("<i>{}</i>", escape(text))),
            Inline::Figure { text, source } => out.push_str(&format!(
                "<span class=\"figure\" data-source=\"{}\">{}</span>",
                escape(source),
                escape(text)
            )),
            Inline::Link { url } => {
                let u = clean_text(url);
                if u.starts_with("https://") || u.starts_with("http://") {
                    out.push_str(&format!("&lt;<a href=\"{0}\">{0}</a>&gt;", escape(&u)));
                } else {
                    out.push_str(&escape(&u));
                }
            }
        }
    }
    out
}

fn write_blocks(out: &mut String, blocks: &[Block], level: usize) {
    for b in blocks {
        match b {
            Block::Section(s) => {
                let label = escape(&s.numbering.label());
                let title = inlines_html(&s.title);
                match s.numbering {
                    Numbering::Dash => {
                        out.push_str(&format!("<p class=\"dash-heading\">- {title}</p>\n"));
                        write_blocks(out, &s.blocks, level);
                    }
                    Numbering::None => {
                        out.push_str(&format!("<p class=\"dash-heading\">{title}</p>\n"));
                        write_blocks(out, &s.blocks, level);
                    }
                    _ => {
                        let hl = level.min(4);
                        out.push_str(&format!("<h{hl}>{label} {title}</h{hl}>\n"));
                        write_blocks(out, &s.blocks, level + 1);
                    }
                }
            }
            Block::Paragraph { inlines } => {
                out.push_str(&format!("<p>{}</p>\n", inlines_html(inlines)));
            }
            Block::List(list) => {
                out.push_str("<ol class=\"tasks\">\n");
                for (i, item) in list.items.iter().enumerate() {
                    out.push_str(&format!(
                        "<li>{} {}</li>\n",
                        escape(&list.style.label(i)),
                        inlines_html(item)
                    ));
                }
                out.push_str("</ol>\n");
            }
            Block::Table(t) => write_table(out, t),
            Block::Figure(f) => write_figure(out, f),
            Block::Warning { text } => {
                out.push_str(&format!(
                    "<p class=\"warning\">CẦN KIỂM TRA: {}</p>\n",
                    escape(text)
                ));
            }
        }
    }
}

fn write_table(out: &mut String, t: &TableBlock) {
    if let Some(c) = &t.caption {
        out.push_str(&format!("<p class=\"caption\">{}</p>\n", escape(c)));
    }
    // Wide tables (Biểu 06 has 13 columns) use 10 pt and tight cells, as in the DOCX.
    out.push_str(if t.columns() > 8 {
        "<table class=\"data wide\">\n<colgroup>"
    } else {
        "<table class=\"data\">\n<colgroup>"
    });
    // In u64: widths come from the tree and may be any u32 (a sum of two would overflow).
    let total: u64 = t.widths.iter().map(|w| u64::from(*w)).sum::<u64>().max(1);
    for w in &t.widths {
        let pct = Decimal::from(*w) * Decimal::from(100) / Decimal::from(total);
        out.push_str(&format!("<col style=\"width:{}%\">", pct.round_dp(2)));
    }
    out.push_str("</colgroup>\n<thead>\n");
    let cols = u32::try_from(t.columns()).unwrap_or(u32::MAX);
    for row in &t.header {
        out.push_str("<tr>");
        for cell in row {
            let mut attrs = String::new();
            // No more columns than the table has (browsers would stretch the table).
            let colspan = cell.colspan.min(cols);
            if colspan > 1 {
                attrs.push_str(&format!(" colspan=\"{colspan}\""));
            }
            if cell.rowspan > 1 {
                attrs.push_str(&format!(" rowspan=\"{}\"", cell.rowspan));
            }
            out.push_str(&format!("<th{attrs}>{}</th>", escape(&cell.text)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</thead>\n<tbody>\n");
    for r in &t.rows {
        out.push_str(if r.bold {
            "<tr class=\"total\">"
        } else {
            "<tr>"
        });
        for c in 0..t.columns() {
            let s = r.cells.get(c).map_or("", String::as_str);
            let class = if c > 0 && is_numeric_cell(s) {
                " class=\"num\""
            } else {
                ""
            };
            out.push_str(&format!("<td{class}>{}</td>", escape(s)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    if let Some(n) = &t.note {
        out.push_str(&format!("<p class=\"note\">{}</p>\n", escape(n)));
    }
}

/// Draws a horizontal bar chart as inline SVG (`role="img"`, the caption as its title). Bar
/// lengths come from the chart's values; labels and printed values are the tree's text,
/// escaped. Used by the HTML writer and by `minhbach page`.
pub fn bar_svg(f: &FigureBlock) -> String {
    let Chart::Bar { max, bars, unit } = &f.chart;
    let row_h = 22u32;
    let label_w = 260u32;
    let bar_w = 300u32;
    let height = row_h * u32::try_from(bars.len()).unwrap_or(0) + 30;
    let width = label_w + bar_w + 80;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" data-row=\"{row_h}\" font-family=\"Times New Roman, serif\" font-size=\"12\">\n<title>{}</title>\n",
        escape(&f.caption)
    );
    for (i, b) in bars.iter().enumerate() {
        let y = row_h * u32::try_from(i).unwrap_or(0) + 5;
        let len = if max.is_zero() {
            Decimal::ZERO
        } else {
            (b.value.max(Decimal::ZERO).min(*max) * Decimal::from(bar_w) / *max).round_dp(1)
        };
        // Each bar is one group carrying its label, so that a page can show, hide and move
        // bars (the statistics page's unit filter) without recomputing anything.
        s.push_str(&format!(
            "<g class=\"bar\" data-label=\"{}\"><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n<rect x=\"{}\" y=\"{}\" width=\"{len}\" height=\"{}\" fill=\"#2f5597\"/>\n<text x=\"{}\" y=\"{}\">{}</text></g>\n",
            escape(&b.label),
            label_w - 6,
            y + 14,
            escape(&b.label),
            label_w,
            y + 2,
            row_h - 6,
            Decimal::from(label_w) + len + Decimal::from(4),
            y + 14,
            escape(&b.text)
        ));
    }
    let axis_y = row_h * u32::try_from(bars.len()).unwrap_or(0) + 8;
    s.push_str(&format!(
        "<line class=\"axis\" x1=\"{label_w}\" y1=\"2\" x2=\"{label_w}\" y2=\"{axis_y}\" stroke=\"#000\"/>\n<text class=\"scale\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}{}</text>\n</svg>",
        label_w + bar_w,
        axis_y + 16,
        escape(&crate::vi::decimal(*max, 0)),
        escape(unit)
    ));
    s
}

fn write_figure(out: &mut String, f: &FigureBlock) {
    out.push_str("<figure>\n");
    out.push_str(&bar_svg(f));
    out.push_str(&format!(
        "\n<figcaption>{}</figcaption>\n</figure>\n",
        escape(&f.caption)
    ));
}
