//! Markdown writer (CommonMark with GitHub tables).

use crate::tree::{clean_text, Block, Chart, Inline, Numbering, ReportDocument, TableBlock};

/// Escapes text for Markdown: backslash-escapes punctuation that Markdown interprets, and
/// `<`, `>` and `&` as entities so that no raw HTML gets through.
pub fn escape(s: &str) -> String {
    let s = clean_text(s);
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '~' | '{' | '}' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes text that starts a line: also a leading list marker or ordered-list number.
fn escape_line_start(s: &str) -> String {
    let e = escape(s);
    if e.starts_with('-') || e.starts_with('+') {
        return format!("\\{e}");
    }
    let digits: String = e.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty() {
        let rest = e.get(digits.len()..).unwrap_or("");
        if rest.starts_with(". ") || rest.starts_with(") ") {
            return format!("{digits}\\{rest}");
        }
    }
    e
}

fn inlines_md(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for i in inlines {
        match i {
            Inline::Text { text } | Inline::Figure { text, .. } => out.push_str(&escape(text)),
            Inline::Bold { text } => out.push_str(&format!("**{}**", escape(text))),
            Inline::Italic { text } => out.push_str(&format!("*{}*", escape(text))),
            Inline::Link { url } => {
                let u = clean_text(url);
                if u.starts_with("https://") || u.starts_with("http://") {
                    let safe: String = u
                        .chars()
                        .filter(|c| !c.is_whitespace() && !matches!(c, '<' | '>'))
                        .collect();
                    out.push_str(&format!("<{safe}>"));
                } else {
                    out.push_str(&escape(&u));
                }
            }
        }
    }
    out
}

/// Renders the document as Markdown.
///
/// ```
/// use minhbach_report::tree::*;
/// let doc = ReportDocument::new(
///     Header::new("ỦY BAN NHÂN DÂN", "HUYỆN <script>", "415/BC-UBND".parse().unwrap(), "Lý Sơn", None, 2021),
///     "BÁO CÁO", "Tóm tắt", Signature::new(&["CHỦ TỊCH"], "Nguyễn Văn A"));
/// let md = minhbach_report::writer::to_markdown(&doc);
/// assert!(md.contains("# BÁO CÁO"));
/// assert!(md.contains("&lt;script&gt;"));
/// ```
pub fn to_markdown(doc: &ReportDocument) -> String {
    let mut out = String::new();
    let h = &doc.header;
    let mut left: Vec<String> = Vec::new();
    if let Some(p) = &h.parent_body {
        left.push(escape(p));
    }
    left.extend(h.issuing_body.iter().map(|s| format!("**{}**", escape(s))));
    out.push_str(&format!(
        "| {} | **{}**<br>**{}** |\n|:---:|:---:|\n| {} | *{}* |\n\n",
        left.join("<br>"),
        escape(&h.motto.national_name),
        escape(&h.motto.motto),
        escape(&h.number_line()),
        escape(&h.place_date_line()),
    ));
    out.push_str(&format!(
        "# {}\n\n**{}**\n\n",
        escape(&doc.doc_type),
        escape(&doc.summary)
    ));
    if !doc.addressees.is_empty() {
        out.push_str("Kính gửi:");
        if let [one] = doc.addressees.as_slice() {
            out.push_str(&format!(" {}.\n\n", escape(one)));
        } else {
            out.push_str("\n\n");
            for (i, a) in doc.addressees.iter().enumerate() {
                let end = if i + 1 == doc.addressees.len() {
                    "."
                } else {
                    ";"
                };
                out.push_str(&format!("- {}{end}\n", escape(a)));
            }
            out.push('\n');
        }
    }
    write_blocks(&mut out, &doc.body, 2);
    if let Some(c) = &doc.closing {
        out.push_str(&escape_line_start(c));
        out.push_str("\n\n");
    }
    out.push_str("| Nơi nhận: | |\n|:---|:---:|\n");
    let recipients: Vec<String> = doc
        .recipients
        .iter()
        .map(|r| format!("\\- {}", escape(r)))
        .collect();
    let mut sig: Vec<String> = doc
        .signature
        .lines
        .iter()
        .map(|l| format!("**{}**", escape(l)))
        .collect();
    sig.push("<br><br>".to_string());
    sig.push(format!("**{}**", escape(&doc.signature.name)));
    out.push_str(&format!(
        "| {} | {} |\n\n",
        recipients.join("<br>"),
        sig.join("<br>")
    ));
    for a in &doc.appendices {
        out.push_str(&format!(
            "---\n\n## {}: {}\n\n",
            escape(&a.label),
            escape(&a.title)
        ));
        if let Some(s) = &a.subtitle {
            out.push_str(&format!("*{}*\n\n", escape(s)));
        }
        write_blocks(&mut out, &a.blocks, 3);
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn write_blocks(out: &mut String, blocks: &[Block], level: usize) {
    for b in blocks {
        match b {
            Block::Section(s) => {
                let title = inlines_md(&s.title);
                match s.numbering {
                    Numbering::Roman(_) | Numbering::Arabic(_) | Numbering::Letter(_) => {
                        let label = s.numbering.label();
                        let label = label.replace(')', "\\)");
                        out.push_str(&format!(
                            "{} {} {}\n\n",
                            "#".repeat(level.min(6)),
                            label,
                            title
                        ));
                        write_blocks(out, &s.blocks, level + 1);
                    }
                    Numbering::Dash => {
                        out.push_str(&format!("\\- {title}\n\n"));
                        write_blocks(out, &s.blocks, level);
                    }
                    Numbering::None => {
                        out.push_str(&format!("**{title}**\n\n"));
                        write_blocks(out, &s.blocks, level);
                    }
                }
            }
            Block::Paragraph { inlines } => {
                let text = inlines_md(inlines);
                let text = match text.strip_prefix('-') {
                    Some(rest) => format!("\\-{rest}"),
                    None => text,
                };
                out.push_str(&text);
                out.push_str("\n\n");
            }
            Block::List(list) => {
                for (i, item) in list.items.iter().enumerate() {
                    let label = list.style.label(i);
                    out.push_str(&format!(
                        "{} {}\n",
                        label.replace(')', "."),
                        inlines_md(item)
                    ));
                }
                out.push('\n');
            }
            Block::Table(t) => write_table(out, t),
            Block::Figure(f) => {
                let Chart::Bar { bars, .. } = &f.chart;
                out.push_str(&format!(
                    "**{}**\n\n| | |\n|:---|---:|\n",
                    escape(&f.caption)
                ));
                for b in bars {
                    out.push_str(&format!("| {} | {} |\n", escape(&b.label), escape(&b.text)));
                }
                out.push('\n');
            }
            Block::Warning { text } => {
                out.push_str(&format!("> **CẦN KIỂM TRA:** {}\n\n", escape(text)));
            }
        }
    }
}

/// GitHub tables cannot merge cells: each header row is written as its own row, a spanned
/// cell repeated blank over the columns it covers.
fn write_table(out: &mut String, t: &TableBlock) {
    let cols = t.columns();
    if cols == 0 {
        return;
    }
    if let Some(c) = &t.caption {
        out.push_str(&format!("**{}**\n\n", escape(c)));
    }
    let grid = t.header_grid();
    let mut first = true;
    for row in &grid {
        let mut cells = vec![String::new(); cols];
        for (c, cell) in row {
            if let Some(x) = cells.get_mut(*c) {
                *x = escape(&cell.text);
            }
        }
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
        if first {
            let aligns: Vec<&str> = (0..cols)
                .map(|c| if c <= 1 { ":---" } else { "---:" })
                .collect();
            out.push_str(&format!("|{}|\n", aligns.join("|")));
            first = false;
        }
    }
    if grid.is_empty() {
        out.push_str(&format!(
            "|{}|\n|{}|\n",
            " |".repeat(cols),
            "---|".repeat(cols)
        ));
    }
    for r in &t.rows {
        let cells: Vec<String> = (0..cols)
            .map(|c| {
                let s = escape(r.cells.get(c).map_or("", String::as_str));
                if r.bold && !s.is_empty() {
                    format!("**{s}**")
                } else {
                    s
                }
            })
            .collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out.push('\n');
    if let Some(n) = &t.note {
        out.push_str(&format!("*{}*\n\n", escape(n)));
    }
}
