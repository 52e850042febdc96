//! A plain table of cells and its renderings: an aligned text table, CSV and XLSX.
//!
//! Text cells that a spreadsheet would read as a formula (starting with `=`, `+`, `-`, `@`,
//! a tab or a carriage return) are neutralised in CSV and XLSX by a leading single quote
//! (OWASP "CSV injection"); numbers are written by the program and never neutralised.

use std::borrow::Cow;
use std::io::{self, Write};

use rust_decimal::Decimal;

use crate::failure::{tr, Failure, Lang, RunLang};

/// One cell.
#[derive(Clone, Debug, PartialEq)]
pub enum OutputCell {
    /// Text (from the data: neutralised in CSV and XLSX).
    Text(String),
    /// A count.
    Int(u64),
    /// An exact decimal shown with `dp` decimals (`None`: no value, e.g. a rate with a zero
    /// denominator).
    Decimal(Option<Decimal>, u32),
}

impl OutputCell {
    fn plain(&self) -> String {
        match self {
            OutputCell::Text(s) => s.clone(),
            OutputCell::Int(n) => n.to_string(),
            OutputCell::Decimal(Some(d), dp) => fixed(*d, *dp),
            OutputCell::Decimal(None, _) => String::new(),
        }
    }
}

/// `d` with exactly `dp` decimals (already rounded by the engine; padding only).
pub fn fixed(d: Decimal, dp: u32) -> String {
    let mut d = d;
    if d.scale() < dp {
        d.rescale(dp);
    }
    d.to_string()
}

/// A table: a title, column captions and rows.
#[derive(Clone, Debug, Default)]
pub struct Sheet {
    /// Title (the worksheet name in XLSX, the first line of the text table).
    pub title: String,
    /// Column captions.
    pub header: Vec<String>,
    /// Rows (each as long as the header).
    pub rows: Vec<Vec<OutputCell>>,
}

/// Neutralises a text that a spreadsheet would read as a formula.
pub fn neutralise(s: &str) -> Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

fn width(s: &str) -> usize {
    s.chars().filter(|c| !is_combining(*c)).count()
}

/// Combining diacritics (decomposed Vietnamese text) take no column.
fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF)
}

/// The text of a cell in an aligned text table, and whether it is right-aligned (a number).
/// Numbers are written as the language of the run writes them ([`count_text`],
/// [`decimal_text`]); CSV, XLSX and JSON keep the plain forms.
fn text_cell(c: &OutputCell) -> (String, bool) {
    match c {
        OutputCell::Text(s) => (s.replace(['\n', '\r', '\t'], " "), false),
        OutputCell::Decimal(None, _) => ("—".to_string(), true),
        OutputCell::Int(n) => (count_text(*n), true),
        OutputCell::Decimal(Some(d), dp) => (decimal_text(*d, *dp), true),
    }
}

/// A count in text meant for reading, in the language of the run: `6691` in English, `6.691`
/// in Vietnamese (thousands dot, [`minhbach_model::vi::int`]). Machine outputs (CSV, JSON)
/// keep the plain digits.
pub fn count_text(n: u64) -> String {
    match Lang::current() {
        Lang::En => n.to_string(),
        Lang::Vi => minhbach_model::vi::int(n),
    }
}

/// A decimal with at least `dp` decimals (already rounded by the engine: padding only) in text
/// meant for reading, in the language of the run: `1234.50` in English, `1.234,50` in
/// Vietnamese (decimal comma, thousands dot, [`minhbach_model::vi::decimal`]).
pub fn decimal_text(d: Decimal, dp: u32) -> String {
    match Lang::current() {
        Lang::En => fixed(d, dp),
        // Every decimal the value holds is kept, as in English: nothing is rounded here.
        Lang::Vi => minhbach_model::vi::decimal(d, dp.max(d.scale())),
    }
}

/// The column widths and alignments of an aligned text table: the first pass of
/// [`write_text`] over the rows (a header column is right-aligned when the first row's cell
/// is a number).
pub struct TextColumns {
    widths: Vec<usize>,
    right: Vec<bool>,
}

impl TextColumns {
    /// Measures `header` and every row.
    pub fn measure(
        header: &[String],
        rows: impl IntoIterator<Item = Vec<OutputCell>>,
    ) -> TextColumns {
        let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
        let mut right = vec![false; header.len()];
        for (n, r) in rows.into_iter().enumerate() {
            for (i, c) in r.iter().enumerate() {
                let (s, is_right) = text_cell(c);
                if let Some(w) = widths.get_mut(i) {
                    *w = (*w).max(width(&s));
                }
                if n == 0 {
                    if let Some(r) = right.get_mut(i) {
                        *r = is_right;
                    }
                }
            }
        }
        TextColumns { widths, right }
    }
}

/// Writes one line of an aligned text table.
fn text_line(out: &mut dyn Write, widths: &[usize], row: &[(String, bool)]) -> io::Result<()> {
    let mut l = String::new();
    for (i, (s, right)) in row.iter().enumerate() {
        let w = widths.get(i).copied().unwrap_or(0);
        let pad = " ".repeat(w.saturating_sub(width(s)));
        if i > 0 {
            l.push_str("  ");
        }
        if *right {
            l.push_str(&pad);
            l.push_str(s);
        } else {
            l.push_str(s);
            l.push_str(&pad);
        }
    }
    out.write_all(l.trim_end().as_bytes())?;
    out.write_all(b"\n")
}

/// Streams an aligned text table (text left-aligned, numbers right-aligned, `—` for no
/// value): the title, the header, a rule, then `rows` (the same rows `columns` measured).
pub fn write_text(
    out: &mut dyn Write,
    title: &str,
    header: &[String],
    columns: &TextColumns,
    rows: impl IntoIterator<Item = Vec<OutputCell>>,
) -> io::Result<()> {
    let widths = &columns.widths;
    if !title.is_empty() {
        out.write_all(title.as_bytes())?;
        out.write_all(b"\n")?;
    }
    let head: Vec<(String, bool)> = header
        .iter()
        .enumerate()
        .map(|(i, h)| (h.clone(), columns.right.get(i).copied().unwrap_or(false)))
        .collect();
    text_line(out, widths, &head)?;
    let rule: Vec<(String, bool)> = widths.iter().map(|w| ("-".repeat(*w), false)).collect();
    text_line(out, widths, &rule)?;
    for r in rows {
        let cells: Vec<(String, bool)> = r.iter().map(text_cell).collect();
        text_line(out, widths, &cells)?;
    }
    Ok(())
}

/// Streams CSV (UTF-8 with a byte-order mark so that Excel reads the diacritics; `\r\n`
/// line ends): the header, then `rows`.
pub fn write_csv(
    out: &mut dyn Write,
    header: &[String],
    rows: impl IntoIterator<Item = Vec<OutputCell>>,
) -> io::Result<()> {
    out.write_all(b"\xEF\xBB\xBF")?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(header.iter().map(|h| neutralise(h).into_owned()))?;
    for r in rows {
        w.write_record(r.iter().map(|c| match c {
            OutputCell::Text(s) => neutralise(s).into_owned(),
            other => other.plain(),
        }))?;
    }
    w.flush()
}

impl Sheet {
    /// An aligned text table: text left-aligned, numbers right-aligned, `—` for no value.
    pub fn to_text(&self) -> String {
        let columns = TextColumns::measure(&self.header, self.rows.iter().cloned());
        let mut out = Vec::new();
        // Writing to memory cannot fail.
        let _ = write_text(
            &mut out,
            &self.title,
            &self.header,
            &columns,
            self.rows.iter().cloned(),
        );
        String::from_utf8_lossy(&out).into_owned()
    }

    /// CSV (UTF-8 with a byte-order mark so that Excel reads the diacritics; `\r\n` line ends).
    pub fn to_csv(&self) -> Result<Vec<u8>, Failure> {
        let mut out = Vec::new();
        write_csv(&mut out, &self.header, self.rows.iter().cloned()).map_err(|e| {
            Failure::internal(tr(
                format!("cannot build the CSV output: {e}"),
                format!("không tạo được tệp CSV đầu ra: {e}"),
            ))
        })?;
        Ok(out)
    }

    /// An XLSX workbook with one worksheet: bold captions, frozen header row, numbers as
    /// numbers (decimals with their number of decimals as the number format).
    pub fn to_xlsx(&self) -> Result<Vec<u8>, Failure> {
        use rust_xlsxwriter::{Format, Workbook};
        let err = |e: rust_xlsxwriter::XlsxError| {
            Failure::internal(tr(
                format!("cannot build the XLSX output: {e}"),
                format!("không tạo được tệp XLSX đầu ra: {e}"),
            ))
        };
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        let name: String = self
            .title
            .chars()
            .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
            .take(31)
            .collect();
        if !name.trim().is_empty() {
            ws.set_name(name.trim()).map_err(err)?;
        }
        let bold = Format::new().set_bold().set_text_wrap();
        for (c, h) in self.header.iter().enumerate() {
            let col = u16::try_from(c)
                .map_err(|_| Failure::internal(tr("too many columns", "quá nhiều cột")))?;
            ws.write_string_with_format(0, col, neutralise(h), &bold)
                .map_err(err)?;
            let w = width(h).clamp(8, 40);
            ws.set_column_width(col, u32::try_from(w).unwrap_or(8))
                .map_err(err)?;
        }
        ws.set_freeze_panes(1, 0).map_err(err)?;
        for (r, row) in self.rows.iter().enumerate() {
            let rr = u32::try_from(r + 1)
                .map_err(|_| Failure::internal(tr("too many rows", "quá nhiều dòng")))?;
            for (c, cell) in row.iter().enumerate() {
                let col = u16::try_from(c)
                    .map_err(|_| Failure::internal(tr("too many columns", "quá nhiều cột")))?;
                match cell {
                    OutputCell::Text(s) => {
                        ws.write_string(rr, col, neutralise(s)).map_err(err)?;
                    }
                    OutputCell::Int(n) => {
                        // Counts above 2^53 do not occur in real exports; keep them exact as text.
                        if *n < (1u64 << 53) {
                            #[allow(clippy::cast_precision_loss)]
                            ws.write_number(rr, col, *n as f64).map_err(err)?;
                        } else {
                            ws.write_string(rr, col, n.to_string()).map_err(err)?;
                        }
                    }
                    OutputCell::Decimal(Some(d), dp) => {
                        let text = fixed(*d, *dp);
                        match text.parse::<f64>() {
                            Ok(x) => {
                                let fmt = if *dp == 0 {
                                    "0".to_string()
                                } else {
                                    format!("0.{}", "0".repeat(*dp as usize))
                                };
                                let f = Format::new().set_num_format(fmt);
                                ws.write_number_with_format(rr, col, x, &f).map_err(err)?;
                            }
                            Err(_) => {
                                ws.write_string(rr, col, text).map_err(err)?;
                            }
                        }
                    }
                    OutputCell::Decimal(None, _) => {}
                }
            }
        }
        wb.save_to_buffer().map_err(err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralises_formula_starters_only() {
        for s in ["=1+1", "+84", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise(s), format!("'{s}"));
        }
        for s in ["TP", "1.2", "Tư pháp", "", "a=b"] {
            assert_eq!(neutralise(s), s);
        }
    }

    #[test]
    fn csv_neutralises_text_but_not_numbers() {
        let sheet = Sheet {
            title: "t".into(),
            header: vec!["agency".into(), "n".into(), "rate".into()],
            rows: vec![vec![
                OutputCell::Text("=HYPERLINK(\"x\")".into()),
                OutputCell::Int(3),
                OutputCell::Decimal(Some(Decimal::new(9877, 2)), 2),
            ]],
        };
        let csv = String::from_utf8(sheet.to_csv().unwrap()).unwrap();
        assert_eq!(
            csv,
            "\u{feff}agency,n,rate\r\n\"'=HYPERLINK(\"\"x\"\")\",3,98.77\r\n"
        );
    }

    #[test]
    fn text_table_aligns_vietnamese_text() {
        let sheet = Sheet {
            title: String::new(),
            header: vec!["Đơn vị".into(), "Số".into()],
            rows: vec![
                vec![OutputCell::Text("Tư pháp".into()), OutputCell::Int(12)],
                vec![OutputCell::Text("TP".into()), OutputCell::Decimal(None, 2)],
            ],
        };
        assert_eq!(
            sheet.to_text(),
            "Đơn vị   Số\n-------  --\nTư pháp  12\nTP        —\n"
        );
    }

    #[test]
    fn fixed_pads_decimals() {
        assert_eq!(fixed(Decimal::new(5, 1), 2), "0.50");
        assert_eq!(fixed(Decimal::new(100, 0), 2), "100.00");
        assert_eq!(fixed(Decimal::new(12345, 2), 2), "123.45");
    }

    #[test]
    fn xlsx_is_a_zip() {
        let sheet = Sheet {
            title: "Biểu 06".into(),
            header: vec!["a".into()],
            rows: vec![vec![OutputCell::Text("-x".into())]],
        };
        let bytes = sheet.to_xlsx().unwrap();
        assert_eq!(&bytes[..2], b"PK");
    }
}
