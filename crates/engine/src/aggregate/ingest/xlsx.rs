//! A streaming reader of XLSX workbooks (Office Open XML, ECMA-376): the sheet's XML is read
//! as a stream of rows with quick-xml, straight from the zip archive, so memory is the
//! shared-strings table (held once, as one text buffer and one offset per string) plus
//! buffers of one row; nothing is ever sized from what the file declares (`dimension`,
//! `uniqueCount`, cell references), and cell references past Excel's own limits (1,048,576
//! rows, 16,384 columns: XFD) are refused as not written by a spreadsheet program.

use std::io::{BufRead, BufReader, Read, Seek};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::sheet::{Row, RowSource, Val};

/// Excel's last row (1-based).
pub(crate) const MAX_ROWS: u32 = 1_048_576;
/// Excel's last column (1-based: XFD).
pub(crate) const MAX_COLS: u32 = 16_384;

/// What went wrong, as the reason of a `BadFile` error.
pub(crate) type XResult<T> = Result<T, String>;

fn xml_err(part: &str, e: impl std::fmt::Display) -> String {
    format!("not a readable spreadsheet: part {part:?}: {e}")
}

/// The shared-strings table: every string once, in one buffer.
#[derive(Debug, Default)]
pub(crate) struct SharedStrings {
    text: String,
    ends: Vec<u32>,
}

impl SharedStrings {
    pub(crate) fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)? as usize;
        let start = match i.checked_sub(1) {
            Some(p) => *self.ends.get(p)? as usize,
            None => 0,
        };
        self.text.get(start..end)
    }

    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    fn push_end(&mut self) -> XResult<()> {
        let end = u32::try_from(self.text.len()).map_err(|_| {
            "the shared-strings table holds more than 4 GiB of text: not a dossier export"
                .to_string()
        })?;
        self.ends.push(end);
        Ok(())
    }
}

/// An open workbook: its sheets, date system, shared strings and which styles are dates.
pub(crate) struct Workbook<R: Read + Seek> {
    zip: zip::ZipArchive<R>,
    /// (name, part path) in workbook order.
    pub sheets: Vec<(String, String)>,
    /// The 1904 date system (old Mac workbooks) instead of 1900.
    pub is_1904: bool,
    strings: SharedStrings,
    date_styles: Vec<bool>,
}

/// The local name of an attribute key or element (`r:id` → `id`).
fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// The (unescaped) value of attribute `key` (local name).
fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (local(a.key.as_ref()) == key).then(|| {
            quick_xml::escape::unescape(&a.value)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| a.value.to_string())
        })
    })
}

fn part_reader<'z, R: Read + Seek>(
    zip: &'z mut zip::ZipArchive<R>,
    path: &str,
) -> XResult<Option<Reader<BufReader<zip::read::ZipFile<'z, R>>>>> {
    let name = if zip.index_for_name(path).is_some() {
        path.to_string()
    } else {
        // Part names are case-insensitive (OPC).
        match zip
            .file_names()
            .filter_map(Result::ok)
            .find(|n| n.eq_ignore_ascii_case(path))
            .map(|n| n.into_owned())
        {
            Some(n) => n,
            None => return Ok(None),
        }
    };
    let file = zip
        .by_name(&name)
        .map_err(|e| format!("not a readable spreadsheet: {e}"))?;
    let mut xml = Reader::from_reader(BufReader::with_capacity(64 << 10, file));
    xml.config_mut().check_end_names = false;
    Ok(Some(xml))
}

/// Appends the text of an entity reference (`&amp;`, `&#x1EA1;`).
fn push_entity(out: &mut String, entity: &str) -> XResult<()> {
    if let Some(s) = quick_xml::escape::resolve_xml_entity(entity) {
        out.push_str(s);
        return Ok(());
    }
    let code = entity
        .strip_prefix("#x")
        .map(|h| u32::from_str_radix(h, 16))
        .or_else(|| entity.strip_prefix('#').map(str::parse::<u32>))
        .and_then(Result::ok)
        .and_then(char::from_u32);
    match code {
        Some(c) => {
            out.push(c);
            Ok(())
        }
        None => Err(format!("unknown XML entity &{entity};")),
    }
}

/// Replaces Excel's `_xHHHH_` escapes (control characters in strings) by the character.
pub(crate) fn unescape_excel(s: &mut String, from: usize) {
    let Some(tail) = s.get(from..) else { return };
    if !tail.contains("_x") {
        return;
    }
    let mut out = String::with_capacity(tail.len());
    let mut rest = tail;
    while let Some(i) = rest.find("_x") {
        let (head, after) = rest.split_at(i);
        out.push_str(head);
        let hex = after
            .get(2..6)
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
        let ch = hex
            .filter(|_| after.get(6..7) == Some("_"))
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .and_then(char::from_u32);
        match ch {
            Some(c) => {
                out.push(c);
                rest = after.get(7..).unwrap_or("");
            }
            None => {
                out.push_str("_x");
                rest = after.get(2..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    s.truncate(from);
    s.push_str(&out);
}

/// Reads the text of the element just started (`<t>`, `<v>`, `<is>`, `<si>`) up to its end,
/// appending to `out`: the text of its `<t>` descendants (rich-text runs), phonetic runs
/// (`<rPh>`) left out; for `<v>` and `<t>` themselves, their text.
fn read_text<B: BufRead>(
    xml: &mut Reader<B>,
    start: &str,
    buf: &mut Vec<u8>,
    out: &mut String,
) -> XResult<()> {
    let direct = start == "v" || start == "t";
    let mut in_t = direct;
    let mut in_rph = 0u32;
    let mut depth = 0u32;
    loop {
        buf.clear();
        match xml.read_event_into(buf).map_err(|e| e.to_string())? {
            Event::Start(e) => {
                depth += 1;
                match e.local_name().as_ref() {
                    "rPh" => in_rph += 1,
                    "t" if in_rph == 0 => in_t = true,
                    _ => {}
                }
            }
            Event::End(e) => {
                if depth == 0 {
                    return Ok(());
                }
                depth -= 1;
                match e.local_name().as_ref() {
                    "rPh" => in_rph = in_rph.saturating_sub(1),
                    "t" if !direct => in_t = false,
                    _ => {}
                }
            }
            Event::Text(t) if in_t && in_rph == 0 => out.push_str(&t.xml10_content()),
            Event::CData(t) if in_t && in_rph == 0 => out.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_t && in_rph == 0 => push_entity(out, &r)?,
            Event::Eof => return Err(format!("the XML ends inside <{start}>")),
            _ => {}
        }
    }
}

/// Skips the element just started, up to its end.
fn skip<B: BufRead>(xml: &mut Reader<B>, buf: &mut Vec<u8>) -> XResult<()> {
    let mut depth = 0u32;
    loop {
        buf.clear();
        match xml.read_event_into(buf).map_err(|e| e.to_string())? {
            Event::Start(_) => depth += 1,
            Event::End(_) if depth == 0 => return Ok(()),
            Event::End(_) => depth -= 1,
            Event::Eof => return Err("the XML ends inside an element".into()),
            _ => {}
        }
    }
}

/// Whether a number format shows a date or time. Built-in formats 14–22, 27–36, 45–47 and
/// 50–58 are dates; a custom format is one when its first section, without quoted text,
/// escaped characters and bracketed parts (colours, locales), uses d, m, y, h or s.
pub(crate) fn is_date_format(id: u32, code: Option<&str>) -> bool {
    if matches!(id, 14..=22 | 27..=36 | 45..=47 | 50..=58) {
        return true;
    }
    let Some(code) = code else { return false };
    let section = code.split(';').next().unwrap_or("");
    if section.eq_ignore_ascii_case("general") {
        return false;
    }
    let (mut quoted, mut bracket, mut escaped) = (false, false, false);
    for c in section.chars() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '"' => quoted = !quoted,
            _ if quoted => {}
            '\\' | '_' | '*' => escaped = true,
            '[' => bracket = true,
            ']' => bracket = false,
            _ if bracket => {}
            'd' | 'D' | 'm' | 'M' | 'y' | 'Y' | 'h' | 'H' | 's' | 'S' => return true,
            _ => {}
        }
    }
    false
}

impl<R: Read + Seek> Workbook<R> {
    /// Opens a workbook: reads its sheet list, date system, styles and shared strings.
    pub(crate) fn open(reader: R) -> XResult<Workbook<R>> {
        let mut zip =
            zip::ZipArchive::new(reader).map_err(|e| format!("not a readable spreadsheet: {e}"))?;
        let main = office_document(&mut zip)?;
        let dir = main.rsplit_once('/').map_or("", |(d, _)| d).to_string();
        let rels = read_rels(&mut zip, &rels_path(&main), &dir)?;
        let (sheets, is_1904) = read_workbook(&mut zip, &main, &rels)?;
        let mut date_styles = Vec::new();
        if let Some(styles) = rels_target(&rels, "styles", &format!("{dir}/styles.xml")) {
            date_styles = read_styles(&mut zip, &styles)?;
        }
        let mut strings = SharedStrings::default();
        if let Some(sst) = rels_target(&rels, "sharedStrings", &format!("{dir}/sharedStrings.xml"))
        {
            strings = read_shared_strings(&mut zip, &sst)?;
        }
        Ok(Workbook {
            zip,
            sheets,
            is_1904,
            strings,
            date_styles,
        })
    }

    /// A row reader over sheet `i` (0-based, workbook order).
    pub(crate) fn sheet(&mut self, i: usize) -> XResult<SheetReader<'_, R>> {
        let (name, path) = self
            .sheets
            .get(i)
            .cloned()
            .ok_or_else(|| format!("the workbook has no sheet {}", i + 1))?;
        let Workbook {
            zip,
            strings,
            date_styles,
            ..
        } = self;
        let xml = part_reader(zip, &path)?
            .ok_or_else(|| format!("sheet {name:?}: its part {path:?} is missing"))?;
        let mut r = SheetReader {
            xml,
            strings,
            date_styles,
            buf: Vec::with_capacity(4096),
            rbuf: Vec::with_capacity(4096),
            tbuf: Vec::with_capacity(4096),
            vbuf: String::new(),
            next_row: 0,
            done: false,
            part: path,
        };
        r.seek_sheet_data()?;
        Ok(r)
    }
}

/// `_rels/.rels` → the main workbook part (usually `xl/workbook.xml`).
fn office_document<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> XResult<String> {
    let rels = read_rels(zip, "_rels/.rels", "")?;
    if let Some(t) = rels_target(&rels, "officeDocument", "") {
        if !t.is_empty() {
            return Ok(t);
        }
    }
    if zip.index_for_name("xl/workbook.xml").is_some() {
        return Ok("xl/workbook.xml".into());
    }
    Err(
        "not a readable spreadsheet: the archive has no workbook part (xl/workbook.xml): \
         not an XLSX file"
            .into(),
    )
}

fn rels_path(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// (id, type, resolved target) of the relationships of a part.
type Rels = Vec<(String, String, String)>;

fn resolve(dir: &str, target: &str) -> String {
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_string();
    }
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for p in target.split('/') {
        match p {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}

fn read_rels<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, path: &str, dir: &str) -> XResult<Rels> {
    let Some(mut xml) = part_reader(zip, path)? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml
            .read_event_into(&mut buf)
            .map_err(|e| xml_err(path, e))?
        {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                let id = attr(&e, "Id").unwrap_or_default();
                let ty = attr(&e, "Type").unwrap_or_default();
                let target = attr(&e, "Target").unwrap_or_default();
                out.push((id, ty, resolve(dir, &target)));
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// The target of the first relationship whose type ends with `/kind`, else `default` when
/// that part exists in no relationship list (some writers omit them).
fn rels_target(rels: &Rels, kind: &str, default: &str) -> Option<String> {
    rels.iter()
        .find(|(_, ty, _)| ty.rsplit('/').next() == Some(kind))
        .map(|(_, _, t)| t.clone())
        .or_else(|| (!default.is_empty()).then(|| default.to_string()))
}

fn read_workbook<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    path: &str,
    rels: &Rels,
) -> XResult<(Vec<(String, String)>, bool)> {
    let mut xml = part_reader(zip, path)?.ok_or_else(|| {
        format!("not a readable spreadsheet: the workbook part {path:?} is missing")
    })?;
    let mut sheets = Vec::new();
    let mut is_1904 = false;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml
            .read_event_into(&mut buf)
            .map_err(|e| xml_err(path, e))?
        {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "workbookPr" => {
                    is_1904 = matches!(attr(&e, "date1904").as_deref(), Some("1" | "true"));
                }
                "sheet" => {
                    let name = attr(&e, "name").unwrap_or_default();
                    let id = attr(&e, "id").unwrap_or_default();
                    if let Some((_, _, target)) = rels.iter().find(|(i, _, _)| *i == id) {
                        sheets.push((name, target.clone()));
                    }
                }
                _ => {}
            },
            Event::Eof => return Ok((sheets, is_1904)),
            _ => {}
        }
    }
}

/// For each cell style (`cellXfs` entry), whether its number format is a date.
fn read_styles<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, path: &str) -> XResult<Vec<bool>> {
    let Some(mut xml) = part_reader(zip, path)? else {
        return Ok(Vec::new());
    };
    let mut custom: Vec<(u32, String)> = Vec::new();
    let mut ids: Vec<u32> = Vec::new();
    let mut in_xfs = false;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml
            .read_event_into(&mut buf)
            .map_err(|e| xml_err(path, e))?
        {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "numFmt" => {
                    let id = attr(&e, "numFmtId").and_then(|v| v.parse().ok());
                    if let (Some(id), Some(code)) = (id, attr(&e, "formatCode")) {
                        custom.push((id, code));
                    }
                }
                "cellXfs" => in_xfs = true,
                "xf" if in_xfs => {
                    ids.push(
                        attr(&e, "numFmtId")
                            .and_then(|v| v.parse().ok())
                            .unwrap_or(0),
                    );
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == "cellXfs" => in_xfs = false,
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(ids
        .into_iter()
        .map(|id| {
            let code = custom
                .iter()
                .find(|(i, _)| *i == id)
                .map(|(_, c)| c.as_str());
            is_date_format(id, code)
        })
        .collect())
}

fn read_shared_strings<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    path: &str,
) -> XResult<SharedStrings> {
    let mut out = SharedStrings::default();
    let Some(mut xml) = part_reader(zip, path)? else {
        return Ok(out);
    };
    let mut buf = Vec::new();
    let mut inner = Vec::new();
    loop {
        buf.clear();
        match xml
            .read_event_into(&mut buf)
            .map_err(|e| xml_err(path, e))?
        {
            Event::Start(e) if e.local_name().as_ref() == "si" => {
                let from = out.text.len();
                read_text(&mut xml, "si", &mut inner, &mut out.text)
                    .map_err(|e| xml_err(path, e))?;
                unescape_excel(&mut out.text, from);
                out.push_end()?;
            }
            Event::Empty(e) if e.local_name().as_ref() == "si" => out.push_end()?,
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// Reads a worksheet's rows in order.
pub(crate) struct SheetReader<'a, R: Read + Seek> {
    xml: Reader<BufReader<zip::read::ZipFile<'a, R>>>,
    strings: &'a SharedStrings,
    date_styles: &'a [bool],
    buf: Vec<u8>,
    rbuf: Vec<u8>,
    tbuf: Vec<u8>,
    vbuf: String,
    next_row: u32,
    done: bool,
    part: String,
}

/// `A1` → (row, column), 0-based; `None` when malformed.
pub(crate) fn cell_ref(r: &str) -> Option<(u32, u32)> {
    let b = r.as_bytes();
    let letters = b.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let mut col: u32 = 0;
    for c in b.get(..letters)? {
        col = col * 26 + u32::from(c.to_ascii_uppercase() - b'A') + 1;
    }
    let row: u32 = r.get(letters..)?.parse().ok()?;
    ((1..=MAX_ROWS).contains(&row) && (1..=MAX_COLS).contains(&col)).then(|| (row - 1, col - 1))
}

impl<'a, R: Read + Seek> SheetReader<'a, R> {
    fn err(&self, e: impl std::fmt::Display) -> String {
        xml_err(&self.part, e)
    }

    /// Moves to `<sheetData>`, checking the declared extent on the way.
    fn seek_sheet_data(&mut self) -> XResult<()> {
        loop {
            self.buf.clear();
            match self.xml.read_event_into(&mut self.buf) {
                Ok(Event::Start(e)) | Ok(Event::Empty(e))
                    if e.local_name().as_ref() == "dimension" =>
                {
                    if let Some(r) = attr(&e, "ref") {
                        for part in r.split(':') {
                            if cell_ref(part).is_none() {
                                return Err(extent_error(&self.part, &r));
                            }
                        }
                    }
                }
                Ok(Event::Start(e)) if e.local_name().as_ref() == "sheetData" => return Ok(()),
                Ok(Event::Empty(e)) if e.local_name().as_ref() == "sheetData" => {
                    self.done = true;
                    return Ok(());
                }
                Ok(Event::Eof) => {
                    return Err(self.err("no <sheetData>: not a worksheet (a chart sheet?)"))
                }
                Err(e) => return Err(self.err(e)),
                _ => {}
            }
        }
    }

    fn check_ref(&self, r: &str) -> XResult<(u32, u32)> {
        cell_ref(r).ok_or_else(|| extent_error(&self.part, r))
    }

    /// Reads one cell (its `<c>` just started; `empty` for `<c/>`) into `row` when `want`.
    fn cell(
        &mut self,
        e: &BytesStart<'_>,
        empty: bool,
        col: u32,
        want: bool,
        row: &mut Row,
    ) -> XResult<()> {
        if empty {
            return Ok(());
        }
        if !want {
            row.skipped += 1;
            return skip(&mut self.xml, &mut self.tbuf).map_err(|e| xml_err(&self.part, e));
        }
        let (mut style, mut ty) = (None, TypeAttr::Number);
        for a in e.attributes().flatten() {
            match a.key.as_ref() {
                "s" => style = a.value.parse::<usize>().ok(),
                "t" => {
                    ty = match a.value.as_ref() {
                        "s" => TypeAttr::Shared,
                        "inlineStr" | "str" => TypeAttr::Text,
                        "e" => TypeAttr::Error,
                        "b" => TypeAttr::Bool,
                        "d" => TypeAttr::Iso,
                        _ => TypeAttr::Number,
                    }
                }
                _ => {}
            }
        }
        let mut got = false;
        self.vbuf.clear();
        loop {
            self.buf.clear();
            let ev = self
                .xml
                .read_event_into(&mut self.buf)
                .map_err(|e| xml_err(&self.part, e))?;
            match ev {
                Event::Start(c) => {
                    let which = match c.local_name().as_ref() {
                        "v" => Some("v"),
                        "is" => Some("is"),
                        _ => None,
                    };
                    match which {
                        Some(w) => {
                            if w == "is" {
                                ty = TypeAttr::Text;
                            }
                            self.vbuf.clear();
                            read_text(&mut self.xml, w, &mut self.tbuf, &mut self.vbuf)
                                .map_err(|e| xml_err(&self.part, e))?;
                            got = true;
                        }
                        None => {
                            skip(&mut self.xml, &mut self.tbuf)
                                .map_err(|e| xml_err(&self.part, e))?;
                        }
                    }
                }
                Event::End(c) if c.local_name().as_ref() == "c" => break,
                Event::Eof => return Err(self.err("the XML ends inside a cell")),
                _ => {}
            }
        }
        if !got {
            return Ok(());
        }
        let v = self.vbuf.as_str();
        match ty {
            TypeAttr::Text => {
                let from = row.text_len();
                row.push_text(col, Val::Text, v);
                row.unescape_last(from);
            }
            TypeAttr::Shared => {
                let s = v
                    .trim()
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| self.strings.get(i))
                    .ok_or_else(|| {
                        xml_err(
                            &self.part,
                            format!(
                                "cell {}{}: shared string {v:?} is not in the table of {} strings",
                                col_name(col),
                                row.index + 1,
                                self.strings.len()
                            ),
                        )
                    })?;
                row.push_text(col, Val::Text, s);
            }
            TypeAttr::Error => row.push_text(col, Val::Error, v.trim()),
            TypeAttr::Bool => {
                let t = match v.trim() {
                    "1" | "true" => "true",
                    "0" | "false" => "false",
                    other => other,
                };
                row.push_text(col, Val::Text, t);
            }
            TypeAttr::Iso => row.push_text(col, Val::Text, v.trim()),
            TypeAttr::Number => {
                let t = v.trim();
                match t.parse::<f64>() {
                    Ok(n) => {
                        let date = style
                            .and_then(|s| self.date_styles.get(s))
                            .copied()
                            .unwrap_or(false);
                        row.push_text(col, if date { Val::Date(n) } else { Val::Number(n) }, t);
                    }
                    Err(_) if t.is_empty() => {}
                    Err(_) => row.push_text(col, Val::Text, v),
                }
            }
        }
        Ok(())
    }
}

/// The `t` attribute of a cell.
#[derive(Clone, Copy)]
enum TypeAttr {
    Number,
    Shared,
    Text,
    Error,
    Bool,
    Iso,
}

fn extent_error(part: &str, r: &str) -> String {
    format!(
        "not a readable spreadsheet: part {part:?}: cell reference {r:?} is beyond Excel's \
         limits ({MAX_ROWS} rows, {MAX_COLS} columns: XFD) or malformed"
    )
}

/// `0` → `A`, `16383` → `XFD`.
pub(crate) fn col_name(col: u32) -> String {
    let mut n = col + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

impl<R: Read + Seek> SheetReader<'_, R> {
    fn read_row(
        &mut self,
        buf: &mut Vec<u8>,
        want: &dyn Fn(u32) -> bool,
        row: &mut Row,
    ) -> XResult<bool> {
        let mut in_row = false;
        let mut next_col = 0u32;
        loop {
            buf.clear();
            let ev = self
                .xml
                .read_event_into(buf)
                .map_err(|e| xml_err(&self.part, e))?;
            let (e, empty) = match ev {
                Event::Start(e) => (e, false),
                Event::Empty(e) => (e, true),
                Event::End(e) => {
                    match e.local_name().as_ref() {
                        "row" if in_row => return Ok(true),
                        "sheetData" => {
                            self.done = true;
                            return Ok(in_row);
                        }
                        _ => {}
                    }
                    continue;
                }
                Event::Eof => {
                    return Err(self.err("the XML ends before </sheetData>: a truncated file"))
                }
                _ => continue,
            };
            match e.local_name().as_ref() {
                "row" => {
                    let index = match attr(&e, "r") {
                        Some(r) => match r.trim().parse::<u32>() {
                            Ok(n) if (1..=MAX_ROWS).contains(&n) => n - 1,
                            _ => return Err(extent_error(&self.part, &format!("row {r}"))),
                        },
                        None => self.next_row,
                    };
                    if index >= MAX_ROWS {
                        return Err(extent_error(&self.part, &format!("row {}", index + 1)));
                    }
                    self.next_row = index + 1;
                    row.index = index;
                    next_col = 0;
                    in_row = !empty;
                }
                "c" => {
                    let col = match attr(&e, "r") {
                        Some(r) => self.check_ref(&r)?.1,
                        None => next_col,
                    };
                    if col >= MAX_COLS {
                        return Err(extent_error(&self.part, &col_name(col)));
                    }
                    next_col = col + 1;
                    let keep = in_row && want(col);
                    self.cell(&e, empty, col, keep, row)?;
                }
                _ => {}
            }
        }
    }
}

impl<R: Read + Seek> RowSource for SheetReader<'_, R> {
    fn next_row(&mut self, want: &dyn Fn(u32) -> bool, row: &mut Row) -> XResult<bool> {
        row.clear();
        if self.done {
            return Ok(false);
        }
        let mut buf = std::mem::take(&mut self.rbuf);
        let got = self.read_row(&mut buf, want, row);
        self.rbuf = buf;
        got
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references_and_column_names() {
        assert_eq!(cell_ref("A1"), Some((0, 0)));
        assert_eq!(cell_ref("XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(cell_ref("AA10"), Some((9, 26)));
        assert_eq!(cell_ref("A0"), None);
        assert_eq!(cell_ref("1A"), None);
        assert_eq!(cell_ref("ABCD1"), None);
        assert_eq!(cell_ref("XFE1"), None);
        assert_eq!(cell_ref("A1048577"), None);
        assert_eq!(col_name(0), "A");
        assert_eq!(col_name(26), "AA");
        assert_eq!(col_name(16_383), "XFD");
    }

    #[test]
    fn date_formats() {
        assert!(is_date_format(14, None));
        assert!(is_date_format(164, Some("dd/mm/yyyy hh:mm")));
        assert!(is_date_format(164, Some("[$-42A]d mmmm yyyy")));
        assert!(!is_date_format(164, Some("0.00")));
        assert!(!is_date_format(164, Some("\"Ngày\" 0")));
        assert!(!is_date_format(164, Some("[Red]#,##0")));
        assert!(!is_date_format(0, Some("General")));
        assert!(!is_date_format(1, None));
    }

    #[test]
    fn excel_escapes() {
        let mut s = String::from("ab_x000D_c_x00zz_");
        unescape_excel(&mut s, 0);
        assert_eq!(s, "ab\rc_x00zz_");
    }
}
