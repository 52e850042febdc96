//! Plain-text writer: the layout of the seed text (one line per paragraph, blank lines
//! between blocks), with the two-column header drawn with spaces.

use crate::tree::{
    clean_text, is_numeric_cell, plain, Block, Chart, Inline, ReportDocument, TableBlock,
};

/// Width of the left header column (issuing body, number), in characters.
const LEFT: usize = 36;
/// Width of the right header column (motto, place-date), in characters.
const RIGHT: usize = 48;

fn center(s: &str, width: usize) -> String {
    let n = s.chars().count();
    if n >= width {
        return s.to_string();
    }
    let left = (width - n) / 2;
    format!("{}{}{}", " ".repeat(left), s, " ".repeat(width - n - left))
}

fn rule(len: usize) -> String {
    "─".repeat(len.max(1))
}

fn inline_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for i in inlines {
        match i {
            Inline::Link { url } => {
                out.push('<');
                out.push_str(url);
                out.push('>');
            }
            other => out.push_str(other.as_str()),
        }
    }
    clean_text(&out)
}

/// Renders the document as plain text.
///
/// ```
/// use minhbach_report::tree::*;
/// let doc = ReportDocument::new(
///     Header::new("ỦY BAN NHÂN DÂN", "HUYỆN LÝ SƠN", "415/BC-UBND".parse().unwrap(), "Lý Sơn", None, 2021),
///     "BÁO CÁO", "Tóm tắt", Signature::new(&["CHỦ TỊCH"], "Nguyễn Văn A"));
/// let txt = minhbach_report::writer::to_text(&doc);
/// assert!(txt.contains("Số: 415/BC-UBND"));
/// assert!(txt.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
/// ```
pub fn to_text(doc: &ReportDocument) -> String {
    let mut out = String::new();
    let h = &doc.header;
    let mut left: Vec<String> = Vec::new();
    if let Some(p) = &h.parent_body {
        left.push(clean_text(p));
    }
    left.extend(h.issuing_body.iter().map(|s| clean_text(s)));
    let body_len = h
        .issuing_body
        .iter()
        .map(|s| s.chars().count())
        .max()
        .unwrap_or(0);
    left.push(rule(body_len / 3));
    left.push(clean_text(&h.number_line()));
    let mut right = vec![
        clean_text(&h.motto.national_name),
        clean_text(&h.motto.motto),
        rule(h.motto.motto.chars().count()),
    ];
    // The place-date line sits level with the number line.
    while right.len() + 1 < left.len() {
        right.insert(0, String::new());
    }
    while left.len() < right.len() + 1 {
        left.insert(0, String::new());
    }
    right.push(clean_text(&h.place_date_line()));
    for (l, r) in left.iter().zip(right.iter()) {
        let line = format!("{}{}", center(l, LEFT), center(r, RIGHT));
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push('\n');
    let width = LEFT + RIGHT;
    out.push_str(center(&clean_text(&doc.doc_type), width).trim_end());
    out.push('\n');
    out.push_str(center(&clean_text(&doc.summary), width).trim_end());
    out.push('\n');
    out.push_str(center(&rule(10), width).trim_end());
    out.push_str("\n\n");
    if !doc.addressees.is_empty() {
        write_addressees(&mut out, &doc.addressees);
    }
    write_blocks(&mut out, &doc.body);
    if let Some(c) = &doc.closing {
        out.push_str(&clean_text(c));
        out.push_str("\n\n");
    }
    if !doc.recipients.is_empty() {
        out.push_str("Nơi nhận:\n\n");
        for r in &doc.recipients {
            out.push_str("- ");
            out.push_str(&clean_text(r));
            out.push('\n');
        }
        out.push('\n');
    }
    let sig_indent = " ".repeat(LEFT);
    for l in &doc.signature.lines {
        out.push_str(&sig_indent);
        out.push_str(center(&clean_text(l), RIGHT).trim_end());
        out.push('\n');
    }
    out.push_str("\n\n\n");
    out.push_str(&sig_indent);
    out.push_str(center(&clean_text(&doc.signature.name), RIGHT).trim_end());
    out.push('\n');
    for a in &doc.appendices {
        out.push_str("\n\n");
        out.push_str(center(&clean_text(&a.label), width).trim_end());
        out.push('\n');
        out.push_str(center(&clean_text(&a.title), width).trim_end());
        out.push('\n');
        if let Some(s) = &a.subtitle {
            out.push_str(center(&clean_text(s), width).trim_end());
            out.push('\n');
        }
        out.push('\n');
        write_blocks(&mut out, &a.blocks);
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn write_addressees(out: &mut String, addressees: &[String]) {
    if let [one] = addressees {
        out.push_str(&format!("Kính gửi: {}.\n\n", clean_text(one)));
        return;
    }
    out.push_str("Kính gửi:\n");
    for (i, a) in addressees.iter().enumerate() {
        let end = if i + 1 == addressees.len() { "." } else { ";" };
        out.push_str(&format!("          - {}{end}\n", clean_text(a)));
    }
    out.push('\n');
}

fn write_blocks(out: &mut String, blocks: &[Block]) {
    for b in blocks {
        match b {
            Block::Section(s) => {
                let label = s.numbering.label();
                let title = inline_text(&s.title);
                if label.is_empty() {
                    out.push_str(&title);
                } else {
                    out.push_str(&format!("{label} {title}"));
                }
                out.push_str("\n\n");
                write_blocks(out, &s.blocks);
            }
            Block::Paragraph { inlines } => {
                out.push_str(&inline_text(inlines));
                out.push_str("\n\n");
            }
            Block::List(list) => {
                for (i, item) in list.items.iter().enumerate() {
                    out.push_str(&format!(
                        "{} {}\n\n",
                        list.style.label(i),
                        inline_text(item)
                    ));
                }
            }
            Block::Table(t) => {
                write_table(out, t);
                out.push('\n');
            }
            Block::Figure(f) => {
                match &f.chart {
                    Chart::Bar { bars, max, .. } => {
                        let lw = bars
                            .iter()
                            .map(|b| b.label.chars().count())
                            .max()
                            .unwrap_or(0);
                        for b in bars {
                            let n = if max.is_zero() {
                                0
                            } else {
                                (b.value * rust_decimal::Decimal::from(40) / *max)
                                    .round()
                                    .to_string()
                                    .parse::<usize>()
                                    .unwrap_or(0)
                                    .min(40)
                            };
                            let label = clean_text(&b.label);
                            let pad = lw.saturating_sub(label.chars().count());
                            out.push_str(&format!(
                                "{label}{} {} {}\n",
                                " ".repeat(pad),
                                "█".repeat(n),
                                clean_text(&b.text)
                            ));
                        }
                    }
                }
                out.push_str(&format!("\n{}\n\n", clean_text(&f.caption)));
            }
            Block::Warning { text } => {
                out.push_str(&format!("[!] CẦN KIỂM TRA: {}\n\n", clean_text(text)));
            }
        }
    }
}

/// Draws a table with `|` separators; merged header cells are centred across their span.
fn write_table(out: &mut String, t: &TableBlock) {
    let cols = t.columns();
    if cols == 0 {
        return;
    }
    if let Some(c) = &t.caption {
        out.push_str(&clean_text(c));
        out.push_str("\n\n");
    }
    let mut w = vec![1usize; cols];
    for r in &t.rows {
        for (c, s) in r.cells.iter().enumerate().take(cols) {
            if let Some(x) = w.get_mut(c) {
                *x = (*x).max(clean_text(s).chars().count());
            }
        }
    }
    let grid = t.header_grid();
    for row in &grid {
        for (c, cell) in row {
            // A cell may claim more columns than the table has, or start past its last
            // column (a tree from another tool): clamp to the grid.
            let span = cell.colspan.max(1) as usize;
            let end = c.saturating_add(span).min(cols);
            let have: usize = w.get(*c..end).map_or(0, |s| s.iter().sum::<usize>())
                + 3 * end.saturating_sub(*c).saturating_sub(1);
            let need = clean_text(&cell.text).chars().count();
            if need > have {
                if let Some(x) = w.get_mut(end.saturating_sub(1)) {
                    *x += need - have;
                }
            }
        }
    }
    let sep: String = {
        let mut s = String::from("+");
        for x in &w {
            s.push_str(&"-".repeat(x + 2));
            s.push('+');
        }
        s
    };
    out.push_str(&sep);
    out.push('\n');
    for row in &grid {
        let mut line = String::from("|");
        let mut col = 0usize;
        for (c, cell) in row {
            while col < *c {
                line.push_str(&format!(
                    " {} |",
                    " ".repeat(w.get(col).copied().unwrap_or(1))
                ));
                col += 1;
            }
            if *c >= cols {
                // Past the last column: nothing left to draw it in.
                break;
            }
            let span = cell.colspan.max(1) as usize;
            let end = c.saturating_add(span).min(cols);
            let width: usize = w.get(*c..end).map_or(0, |s| s.iter().sum::<usize>())
                + 3 * end.saturating_sub(*c).saturating_sub(1);
            line.push_str(&format!(" {} |", center(&clean_text(&cell.text), width)));
            col = end;
        }
        while col < cols {
            line.push_str(&format!(
                " {} |",
                " ".repeat(w.get(col).copied().unwrap_or(1))
            ));
            col += 1;
        }
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str(&sep);
    out.push('\n');
    for r in &t.rows {
        let mut line = String::from("|");
        for (c, x) in w.iter().enumerate() {
            let s = clean_text(r.cells.get(c).map_or("", String::as_str));
            let pad = x.saturating_sub(s.chars().count());
            if c == 0 || !is_numeric_cell(&s) {
                line.push_str(&format!(" {s}{} |", " ".repeat(pad)));
            } else {
                line.push_str(&format!(" {}{s} |", " ".repeat(pad)));
            }
        }
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str(&sep);
    out.push('\n');
    if let Some(n) = &t.note {
        out.push_str(&clean_text(n));
        out.push('\n');
    }
    let _ = plain;
}
