//! A streaming reader of XLSX workbooks (Office Open XML, ECMA-376): the sheet's XML is read
//! as a stream of rows straight from the zip archive, so memory is the shared-strings table
//! (held once, as one text buffer and one offset per string) plus buffers of a few rows;
//! nothing is ever sized from what the file declares (`dimension`, `uniqueCount`, cell
//! references), and cell references past Excel's own limits (1,048,576 rows, 16,384
//! columns: XFD) are refused as not written by a spreadsheet program.
//!
//! The small parts (relationships, workbook, styles, shared strings) are read with quick-xml.
//! The worksheet, which holds nearly all the bytes, is scanned by [`SheetReader`]'s own
//! tokenizer: `memchr` to the next `<`, the tag's name and the three attributes a cell can
//! carry (`r`, `s`, `t`) read in place, without an event per attribute or an allocation per
//! cell (profiling the quick-xml reader on a 300,000-row export put half of the time in
//! event and attribute handling). Every part is decompressed through a counter of the
//! workbook's [`Budget`]: the zip-bomb limit holds on what is actually inflated, whatever
//! sizes the archive declares.

use std::io::{BufRead, BufReader, Read, Seek};
use std::sync::atomic::{AtomicU64, Ordering};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::reason::{FileReason, XmlFault};
use super::sheet::{RowSource, SheetRow, Val};

/// Excel's last row (1-based).
pub(crate) const MAX_ROWS: u32 = 1_048_576;
/// Excel's last column (1-based: XFD).
pub(crate) const MAX_COLS: u32 = 16_384;

/// What went wrong, as the reason of a `BadFile` error.
pub(crate) type XResult<T> = Result<T, FileReason>;

/// A fault in the XML of `part`.
fn bad_part(part: &str, fault: XmlFault) -> FileReason {
    FileReason::BadPart {
        part: part.to_string(),
        fault,
    }
}

/// The XML parser's refusal.
fn syntax(e: impl std::fmt::Display) -> XmlFault {
    XmlFault::Syntax {
        detail: e.to_string(),
    }
}

/// The zip or spreadsheet library cannot open the workbook.
pub(crate) fn unreadable(e: impl std::fmt::Display) -> FileReason {
    FileReason::Unreadable {
        detail: e.to_string(),
    }
}

/// Why a workbook is refused as a zip bomb.
fn bomb(max: u64, part: &str) -> FileReason {
    FileReason::ZipBomb {
        max,
        part: part.to_string(),
    }
}

/// The decompressed bytes a workbook may take (`Limits::max_spreadsheet_bytes`), spent as its
/// parts are inflated.
#[derive(Debug)]
pub(crate) struct Budget {
    max: u64,
    spent: AtomicU64,
    /// The part being read when the budget ran out (set once).
    over: std::sync::OnceLock<String>,
}

impl Budget {
    pub(crate) fn new(max: u64) -> Budget {
        Budget {
            max,
            spent: AtomicU64::new(0),
            over: std::sync::OnceLock::new(),
        }
    }

    /// Spends `n` bytes of `part`; `false` once the total is past the limit.
    fn spend(&self, n: usize, part: &str) -> bool {
        let total = self
            .spent
            .fetch_add(n as u64, Ordering::Relaxed)
            .saturating_add(n as u64);
        if total > self.max {
            let _ = self.over.set(part.to_string());
            return false;
        }
        true
    }

    /// The zip-bomb reason when the budget ran out, else `reason`: an error met while reading
    /// past the limit is reported as the limit.
    fn or(&self, reason: FileReason) -> FileReason {
        match self.over.get() {
            Some(part) => bomb(self.max, part),
            None => reason,
        }
    }
}

/// A part's decompressed bytes, counted against the workbook's [`Budget`].
struct BudgetedPart<'b, T> {
    inner: T,
    budget: &'b Budget,
    part: String,
}

impl<T: Read> Read for BudgetedPart<'_, T> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if !self.budget.spend(n, &self.part) {
            return Err(std::io::Error::other(bomb(self.budget.max, &self.part)));
        }
        Ok(n)
    }
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
        let end = u32::try_from(self.text.len()).map_err(|_| FileReason::SharedStringsTooLarge)?;
        self.ends.push(end);
        Ok(())
    }
}

/// An open workbook: its sheets, date system, shared strings and which styles are dates.
pub(crate) struct Workbook<R: Read + Seek> {
    zip: zip::ZipArchive<R>,
    budget: Budget,
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

/// The decompressed stream of a part (its name matched case-insensitively, as OPC says),
/// counted against the budget; `None` when the archive has no such part.
fn part_stream<'z, R: Read + Seek>(
    zip: &'z mut zip::ZipArchive<R>,
    budget: &'z Budget,
    path: &str,
) -> XResult<Option<BudgetedPart<'z, zip::read::ZipFile<'z, R>>>> {
    let name = if zip.index_for_name(path).is_some() {
        path.to_string()
    } else {
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
    let file = zip.by_name(&name).map_err(unreadable)?;
    Ok(Some(BudgetedPart {
        inner: file,
        budget,
        part: name,
    }))
}

/// A quick-xml reader over a part.
type PartReader<'z, R> = Reader<BufReader<BudgetedPart<'z, zip::read::ZipFile<'z, R>>>>;

fn part_reader<'z, R: Read + Seek>(
    zip: &'z mut zip::ZipArchive<R>,
    budget: &'z Budget,
    path: &str,
) -> XResult<Option<PartReader<'z, R>>> {
    let Some(file) = part_stream(zip, budget, path)? else {
        return Ok(None);
    };
    let mut xml = Reader::from_reader(BufReader::with_capacity(64 << 10, file));
    xml.config_mut().check_end_names = false;
    Ok(Some(xml))
}

/// The next event of the small part `path` read into `buf` (cleared first); a syntax error
/// is the part's fault, or the budget's when the part was cut at its limit.
fn next_event<'b, B: BufRead>(
    xml: &mut Reader<B>,
    buf: &'b mut Vec<u8>,
    budget: &Budget,
    path: &str,
) -> XResult<Event<'b>> {
    buf.clear();
    xml.read_event_into(buf)
        .map_err(|e| budget.or(bad_part(path, syntax(e))))
}

/// Appends the text of an entity reference (`&amp;`, `&#x1EA1;`).
fn push_entity(out: &mut String, entity: &str) -> Result<(), XmlFault> {
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
        None => Err(XmlFault::UnknownEntity {
            entity: entity.to_string(),
        }),
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
) -> Result<(), XmlFault> {
    let direct = start == "v" || start == "t";
    let mut in_t = direct;
    let mut in_rph = 0u32;
    let mut depth = 0u32;
    loop {
        buf.clear();
        match xml.read_event_into(buf).map_err(syntax)? {
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
            Event::Eof => {
                return Err(XmlFault::EndsInside {
                    element: start.to_string(),
                })
            }
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
    /// Opens a workbook: reads its sheet list, date system, styles and shared strings. At most
    /// `max_bytes` are decompressed from it in all (`Limits::max_spreadsheet_bytes`): the
    /// sizes the archive declares are checked first, and every byte inflated is counted.
    pub(crate) fn open(reader: R, max_bytes: u64) -> XResult<Workbook<R>> {
        let mut zip = zip::ZipArchive::new(reader).map_err(unreadable)?;
        check_declared(&mut zip, max_bytes)?;
        let budget = Budget::new(max_bytes);
        let main = office_document(&mut zip, &budget)?;
        let dir = main.rsplit_once('/').map_or("", |(d, _)| d).to_string();
        let rels = read_rels(&mut zip, &budget, &rels_path(&main), &dir)?;
        let (sheets, is_1904) = read_workbook(&mut zip, &budget, &main, &rels)?;
        let mut date_styles = Vec::new();
        if let Some(styles) = rels_target(&rels, "styles", &format!("{dir}/styles.xml")) {
            date_styles = read_styles(&mut zip, &budget, &styles)?;
        }
        let mut strings = SharedStrings::default();
        if let Some(sst) = rels_target(&rels, "sharedStrings", &format!("{dir}/sharedStrings.xml"))
        {
            strings = read_shared_strings(&mut zip, &budget, &sst)?;
        }
        Ok(Workbook {
            zip,
            budget,
            sheets,
            is_1904,
            strings,
            date_styles,
        })
    }

    /// A row reader over sheet `i` (0-based, workbook order).
    pub(crate) fn sheet(&mut self, i: usize) -> XResult<SheetReader<'_>> {
        let (name, path) = self
            .sheets
            .get(i)
            .cloned()
            .ok_or(FileReason::NoSheetNumber { number: i + 1 })?;
        let Workbook {
            zip,
            budget,
            strings,
            date_styles,
            ..
        } = self;
        let src = part_stream(zip, budget, &path)?.ok_or_else(|| FileReason::MissingSheetPart {
            sheet: name.clone(),
            part: path.clone(),
        })?;
        let mut r = SheetReader {
            src: Box::new(src),
            budget,
            buf: Vec::new(),
            pos: 0,
            end: 0,
            eof: false,
            strings,
            date_styles,
            vbuf: String::new(),
            next_row: 0,
            done: false,
            part: path,
        };
        r.seek_sheet_data()?;
        Ok(r)
    }
}

/// Refuses an archive whose parts declare more than `max` decompressed bytes in all (the
/// counting while reading catches the archives that lie).
fn check_declared<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, max: u64) -> XResult<()> {
    if zip.decompressed_size().is_none_or(|n| n <= u128::from(max)) {
        return Ok(());
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let Ok(f) = zip.by_index_raw(i) else { continue };
        total = total.saturating_add(f.size());
        if total > max {
            let name = f.name().map(|n| n.into_owned()).unwrap_or_default();
            return Err(bomb(max, &name));
        }
    }
    Ok(())
}

/// `_rels/.rels` → the main workbook part (usually `xl/workbook.xml`).
fn office_document<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    budget: &Budget,
) -> XResult<String> {
    let rels = read_rels(zip, budget, "_rels/.rels", "")?;
    if let Some(t) = rels_target(&rels, "officeDocument", "") {
        if !t.is_empty() {
            return Ok(t);
        }
    }
    if zip.index_for_name("xl/workbook.xml").is_some() {
        return Ok("xl/workbook.xml".into());
    }
    Err(FileReason::NoWorkbookPart)
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

fn read_rels<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    budget: &Budget,
    path: &str,
    dir: &str,
) -> XResult<Rels> {
    let Some(mut xml) = part_reader(zip, budget, path)? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let mut buf = Vec::new();
    loop {
        match next_event(&mut xml, &mut buf, budget, path)? {
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
    budget: &Budget,
    path: &str,
    rels: &Rels,
) -> XResult<(Vec<(String, String)>, bool)> {
    let mut xml =
        part_reader(zip, budget, path)?.ok_or_else(|| FileReason::MissingWorkbookPart {
            part: path.to_string(),
        })?;
    let mut sheets = Vec::new();
    let mut is_1904 = false;
    let mut buf = Vec::new();
    loop {
        match next_event(&mut xml, &mut buf, budget, path)? {
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
fn read_styles<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    budget: &Budget,
    path: &str,
) -> XResult<Vec<bool>> {
    let Some(mut xml) = part_reader(zip, budget, path)? else {
        return Ok(Vec::new());
    };
    let mut custom: Vec<(u32, String)> = Vec::new();
    let mut ids: Vec<u32> = Vec::new();
    let mut in_xfs = false;
    let mut buf = Vec::new();
    loop {
        match next_event(&mut xml, &mut buf, budget, path)? {
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
    budget: &Budget,
    path: &str,
) -> XResult<SharedStrings> {
    let mut out = SharedStrings::default();
    let Some(mut xml) = part_reader(zip, budget, path)? else {
        return Ok(out);
    };
    let mut buf = Vec::new();
    let mut inner = Vec::new();
    loop {
        match next_event(&mut xml, &mut buf, budget, path)? {
            Event::Start(e) if e.local_name().as_ref() == "si" => {
                let from = out.text.len();
                read_text(&mut xml, "si", &mut inner, &mut out.text)
                    .map_err(|e| budget.or(bad_part(path, e)))?;
                unescape_excel(&mut out.text, from);
                out.push_end()?;
            }
            Event::Empty(e) if e.local_name().as_ref() == "si" => out.push_end()?,
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// Reads a worksheet's rows in order, scanning its XML with its own tokenizer.
pub(crate) struct SheetReader<'a> {
    src: Box<dyn Read + 'a>,
    budget: &'a Budget,
    /// Bytes `pos..end` of `buf` are read and not yet scanned.
    buf: Vec<u8>,
    pos: usize,
    end: usize,
    eof: bool,
    strings: &'a SharedStrings,
    date_styles: &'a [bool],
    vbuf: String,
    next_row: u32,
    done: bool,
    part: String,
}

/// Bytes read from the decompressed part at a time.
const READ_CHUNK: usize = 256 << 10;
/// Text handed on in pieces of about this size (a 10 MB inline string is never buffered whole
/// here; the row's text still holds it, under `Limits::max_field_bytes` checks downstream).
const TEXT_CHUNK: usize = 64 << 10;
/// Longest markup (a tag with its attributes, a comment, a CDATA section) accepted.
const MAX_MARKUP: usize = 64 << 20;

/// A token of the worksheet's XML: byte ranges into the reader's buffer, valid until the
/// next token.
#[derive(Clone, Copy, Debug)]
enum XmlToken {
    /// `<name attrs>` or `<name attrs/>` (`empty`).
    Start {
        name: (usize, usize),
        attrs: (usize, usize),
        empty: bool,
    },
    /// `</name>`.
    End {
        name: (usize, usize),
    },
    /// Character data (entities not yet resolved; `raw`: a CDATA section, taken as is).
    Text {
        range: (usize, usize),
        raw: bool,
    },
    Eof,
}

/// The local part of a qualified name (`x:row` → `row`).
fn local_bytes(name: &[u8]) -> &[u8] {
    match memchr::memrchr(b':', name) {
        Some(i) => name.get(i + 1..).unwrap_or(name),
        None => name,
    }
}

/// The attributes of a tag as (local name, raw value) pairs; `Err` on malformed syntax.
fn for_each_attr<'t>(
    mut rest: &'t [u8],
    mut f: impl FnMut(&'t [u8], &'t [u8]),
) -> Result<(), XmlFault> {
    loop {
        let skip = rest.iter().take_while(|b| b.is_ascii_whitespace()).count();
        rest = rest.get(skip..).unwrap_or(&[]);
        match rest.first() {
            None | Some(b'/') => return Ok(()),
            _ => {}
        }
        let eq = memchr::memchr(b'=', rest).ok_or(XmlFault::AttributeWithoutValue)?;
        let key = rest.get(..eq).unwrap_or(&[]).trim_ascii();
        rest = rest.get(eq + 1..).unwrap_or(&[]).trim_ascii_start();
        let quote = match rest.first() {
            Some(q @ (b'"' | b'\'')) => *q,
            _ => return Err(XmlFault::AttributeUnquoted),
        };
        rest = rest.get(1..).unwrap_or(&[]);
        let close = memchr::memchr(quote, rest).ok_or(XmlFault::AttributeUnclosed)?;
        f(local_bytes(key), rest.get(..close).unwrap_or(&[]));
        rest = rest.get(close + 1..).unwrap_or(&[]);
    }
}

/// An attribute value as text: entities resolved when there are any.
fn attr_text(v: &[u8]) -> Result<std::borrow::Cow<'_, str>, XmlFault> {
    let s = std::str::from_utf8(v).map_err(|_| XmlFault::AttributeNotUtf8)?;
    if !s.contains('&') {
        return Ok(std::borrow::Cow::Borrowed(s));
    }
    let mut out = String::with_capacity(s.len());
    push_text(&mut out, s.as_bytes(), false)?;
    Ok(std::borrow::Cow::Owned(out))
}

/// Appends character data to `out`: line ends normalised (XML 1.0 §2.11) and, unless `raw`
/// (CDATA), entity and character references resolved.
fn push_text(out: &mut String, bytes: &[u8], raw: bool) -> Result<(), XmlFault> {
    let s = std::str::from_utf8(bytes).map_err(|e| XmlFault::TextNotUtf8 {
        byte: e.valid_up_to(),
    })?;
    let fast = raw || !s.contains('&');
    if fast && !s.contains('\r') {
        out.push_str(s);
        return Ok(());
    }
    let mut rest = s;
    while let Some(i) = rest.find(['&', '\r']) {
        let (head, tail) = rest.split_at(i);
        out.push_str(head);
        if let Some(after) = tail.strip_prefix('\r') {
            out.push('\n');
            rest = after.strip_prefix('\n').unwrap_or(after);
            continue;
        }
        if raw {
            out.push('&');
            rest = tail.get(1..).unwrap_or("");
            continue;
        }
        let semi = tail
            .find(';')
            .ok_or_else(|| XmlFault::UnterminatedEntity { text: short(tail) })?;
        push_entity(out, tail.get(1..semi).unwrap_or(""))?;
        rest = tail.get(semi + 1..).unwrap_or("");
    }
    out.push_str(rest);
    Ok(())
}

/// The first characters of a text, for a message.
fn short(s: &str) -> String {
    s.chars().take(20).collect()
}

impl<'a> SheetReader<'a> {
    fn err(&self, fault: XmlFault) -> FileReason {
        self.budget.or(bad_part(&self.part, fault))
    }

    fn bytes(&self, r: (usize, usize)) -> &[u8] {
        self.buf.get(r.0..r.1).unwrap_or(&[])
    }

    /// Reads more of the part after the bytes not yet scanned (moved to the front); `false`
    /// at its end.
    fn fill(&mut self) -> XResult<bool> {
        if self.eof {
            return Ok(false);
        }
        if self.pos > 0 {
            self.buf.copy_within(self.pos..self.end, 0);
            self.end -= self.pos;
            self.pos = 0;
        }
        if self.buf.len() < self.end + READ_CHUNK {
            self.buf.resize(self.end + READ_CHUNK, 0);
        }
        loop {
            let space = self.buf.get_mut(self.end..).unwrap_or(&mut []);
            match self.src.read(space) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.end += n;
                    return Ok(true);
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    return Err(self.err(XmlFault::Read {
                        detail: e.to_string(),
                    }))
                }
            }
        }
    }

    /// The end (exclusive) of the markup starting at `pos` (`<…>`, a comment, a CDATA
    /// section, a processing instruction), reading more as needed.
    fn markup_end(&mut self, close: &[u8], quoted: bool) -> XResult<usize> {
        let mut from = self.pos + 1;
        if quoted {
            // the usual tag: its first `>` follows balanced double quotes and no single one
            let hay = self.buf.get(from..self.end).unwrap_or(&[]);
            if let Some(k) = memchr::memchr(b'>', hay) {
                let tag = hay.get(..k).unwrap_or(&[]);
                let quotes = tag.iter().filter(|b| **b == b'"').count();
                if quotes % 2 == 0 && memchr::memchr(b'\'', tag).is_none() {
                    return Ok(from + k + 1);
                }
            }
        }
        loop {
            let hay = self.buf.get(from..self.end).unwrap_or(&[]);
            let found = if quoted {
                // `>` outside quoted attribute values
                let mut at = None;
                let mut i = 0usize;
                while let Some(j) = memchr::memchr3(b'>', b'"', b'\'', hay.get(i..).unwrap_or(&[]))
                {
                    let k = i + j;
                    match hay.get(k) {
                        Some(b'>') => {
                            at = Some(k);
                            break;
                        }
                        Some(q) => match memchr::memchr(*q, hay.get(k + 1..).unwrap_or(&[])) {
                            Some(m) => i = k + 1 + m + 1,
                            None => break,
                        },
                        None => break,
                    }
                }
                at.map(|k| k + 1)
            } else {
                memchr::memmem::find(hay, close).map(|k| k + close.len())
            };
            if let Some(k) = found {
                return Ok(from + k);
            }
            if self.end - self.pos > MAX_MARKUP {
                return Err(self.err(XmlFault::MarkupTooLong { max: MAX_MARKUP }));
            }
            // rescan from the start of the markup after a refill (positions move)
            let scanned = self.end - self.pos;
            if !self.fill()? {
                return Err(self.err(XmlFault::EndsInsideTag));
            }
            from = if quoted {
                self.pos + 1
            } else {
                (self.pos + scanned)
                    .saturating_sub(close.len())
                    .max(self.pos + 1)
            };
        }
    }

    /// The next token.
    fn token(&mut self) -> XResult<XmlToken> {
        loop {
            if self.pos >= self.end && !self.fill()? {
                return Ok(XmlToken::Eof);
            }
            let avail = self.buf.get(self.pos..self.end).unwrap_or(&[]);
            if avail.first() != Some(&b'<') {
                if let Some(i) = memchr::memchr(b'<', avail) {
                    let range = (self.pos, self.pos + i);
                    self.pos += i;
                    return Ok(XmlToken::Text { range, raw: false });
                }
                if avail.len() < TEXT_CHUNK && !self.eof {
                    self.fill()?;
                    continue;
                }
                // hand on a piece: not inside a reference, a character or a CR LF pair
                let mut cut = avail.len();
                if !self.eof {
                    if let Some(amp) = memchr::memrchr(b'&', avail) {
                        if memchr::memchr(b';', avail.get(amp..).unwrap_or(&[])).is_none()
                            && amp > 0
                        {
                            cut = amp;
                        }
                    }
                    // the last character may be incomplete: cut before its first byte
                    let mut k = cut;
                    while k > 1 && avail.get(k - 1).is_some_and(|b| (b & 0xc0) == 0x80) {
                        k -= 1;
                    }
                    if avail.get(k - 1).is_some_and(|b| *b >= 0x80) {
                        cut = k - 1;
                    }
                    if cut > 1 && avail.get(cut - 1) == Some(&b'\r') {
                        cut -= 1;
                    }
                    if cut == 0 {
                        cut = avail.len();
                    }
                }
                let range = (self.pos, self.pos + cut);
                self.pos += cut;
                return Ok(XmlToken::Text { range, raw: false });
            }
            // markup
            if avail.len() < 9 && !self.eof && self.fill()? {
                continue;
            }
            let avail = self.buf.get(self.pos..self.end).unwrap_or(&[]);
            if avail.starts_with(b"<!--") {
                self.pos = self.markup_end(b"-->", false)?;
                continue;
            }
            if avail.starts_with(b"<![CDATA[") {
                let end = self.markup_end(b"]]>", false)?;
                let range = (self.pos + 9, end - 3);
                self.pos = end;
                return Ok(XmlToken::Text { range, raw: true });
            }
            if avail.starts_with(b"<?") {
                self.pos = self.markup_end(b"?>", false)?;
                continue;
            }
            if avail.starts_with(b"<!") {
                self.pos = self.markup_end(b">", false)?;
                continue;
            }
            let end = self.markup_end(b">", true)?;
            let (start, inner_end) = (self.pos + 1, end - 1);
            self.pos = end;
            let inner = self.buf.get(start..inner_end).unwrap_or(&[]);
            if inner.first() == Some(&b'/') {
                let name = inner.get(1..).unwrap_or(&[]).trim_ascii();
                let off = start
                    + 1
                    + (inner.len() - 1 - inner.get(1..).unwrap_or(&[]).trim_ascii_start().len());
                return Ok(XmlToken::End {
                    name: (off, off + name.len()),
                });
            }
            let empty = inner.last() == Some(&b'/');
            let n = inner
                .iter()
                .take_while(|b| !b.is_ascii_whitespace() && **b != b'/')
                .count();
            if n == 0 {
                return Err(self.err(XmlFault::TagWithoutName));
            }
            let attrs_end = if empty { inner_end - 1 } else { inner_end };
            return Ok(XmlToken::Start {
                name: (start, start + n),
                attrs: (start + n, attrs_end.max(start + n)),
                empty,
            });
        }
    }

    fn local(&self, name: (usize, usize)) -> &[u8] {
        local_bytes(self.bytes(name))
    }

    /// Moves to `<sheetData>`, checking the declared extent on the way.
    fn seek_sheet_data(&mut self) -> XResult<()> {
        loop {
            match self.token()? {
                XmlToken::Start { name, attrs, empty } => match self.local(name) {
                    b"dimension" => {
                        let mut r = None;
                        for_each_attr(self.bytes(attrs), |k, v| {
                            if k == b"ref" {
                                r = Some(v);
                            }
                        })
                        .map_err(|e| self.err(e))?;
                        if let Some(r) = r {
                            let r = attr_text(r).map_err(|e| self.err(e))?.into_owned();
                            for part in r.split(':') {
                                if cell_ref(part).is_none() {
                                    return Err(extent_error(&self.part, &r));
                                }
                            }
                        }
                    }
                    b"sheetData" => {
                        self.done = empty;
                        return Ok(());
                    }
                    _ => {}
                },
                XmlToken::Eof => return Err(self.err(XmlFault::NoSheetData)),
                _ => {}
            }
        }
    }

    /// Skips the element just started, up to its end.
    fn skip(&mut self) -> XResult<()> {
        let mut depth = 0u32;
        loop {
            match self.token()? {
                XmlToken::Start { empty: false, .. } => depth += 1,
                XmlToken::End { .. } if depth == 0 => return Ok(()),
                XmlToken::End { .. } => depth -= 1,
                XmlToken::Eof => return Err(self.err(XmlFault::EndsInsideCell)),
                _ => {}
            }
        }
    }

    /// Reads the content of a cell (its `<c>` just started, not empty) into `row`.
    fn cell(
        &mut self,
        style: Option<usize>,
        mut ty: TypeAttr,
        col: u32,
        row: &mut SheetRow,
    ) -> XResult<()> {
        let mut got = false;
        let (mut depth, mut in_v, mut in_is, mut in_t, mut in_rph) =
            (0u32, false, false, false, 0u32);
        self.vbuf.clear();
        loop {
            match self.token()? {
                XmlToken::Start { name, empty, .. } => {
                    if empty {
                        continue;
                    }
                    depth += 1;
                    match self.local(name) {
                        b"v" if depth == 1 => {
                            in_v = true;
                            got = true;
                            self.vbuf.clear();
                        }
                        b"is" if depth == 1 => {
                            in_is = true;
                            got = true;
                            ty = TypeAttr::Text;
                            self.vbuf.clear();
                        }
                        b"rPh" => in_rph += 1,
                        b"t" if in_is && in_rph == 0 => in_t = true,
                        _ if depth == 1 => {
                            self.skip()?;
                            depth -= 1;
                        }
                        _ => {}
                    }
                }
                XmlToken::End { name } => {
                    if depth == 0 {
                        break;
                    }
                    depth -= 1;
                    match self.local(name) {
                        b"v" => in_v = false,
                        b"is" => in_is = false,
                        b"t" => in_t = false,
                        b"rPh" => in_rph = in_rph.saturating_sub(1),
                        _ => {}
                    }
                }
                XmlToken::Text { range, raw } => {
                    if (in_v || in_t) && in_rph == 0 {
                        let Self { buf, vbuf, .. } = self;
                        let bytes = buf.get(range.0..range.1).unwrap_or(&[]);
                        push_text(vbuf, bytes, raw).map_err(|e| self.err(e))?;
                    }
                }
                XmlToken::Eof => return Err(self.err(XmlFault::EndsInsideCell)),
            }
        }
        if !got {
            return Ok(());
        }
        self.store(style, ty, col, row)
    }

    /// The usual content of a cell, `<v>…</v></c>` with nothing else inside, when it is whole
    /// in the buffer: consumes it and returns the value's range (its text, entities not yet
    /// resolved). Anything else (a namespace prefix, a formula, rich text, CDATA, a buffer
    /// boundary) is left to the token by token path of [`Self::cell`] and [`Self::skip`].
    fn simple_value(&mut self) -> Option<(usize, usize)> {
        let avail = self.buf.get(self.pos..self.end)?;
        let rest = avail.strip_prefix(b"<v>")?;
        let lt = memchr::memchr(b'<', rest)?;
        if !rest.get(lt..)?.starts_with(b"</v></c>") {
            return None;
        }
        let start = self.pos + 3;
        self.pos = start + lt + 8;
        Some((start, start + lt))
    }

    /// Converts the value read into `vbuf` by the cell's type and style, into `row`.
    fn store(
        &mut self,
        style: Option<usize>,
        ty: TypeAttr,
        col: u32,
        row: &mut SheetRow,
    ) -> XResult<()> {
        let v = self.vbuf.as_str();
        match ty {
            TypeAttr::Text => {
                let from = row.text_len();
                row.push_text(col, Val::Text, v);
                row.unescape_last(from);
            }
            TypeAttr::Shared => {
                let s = parse_index(v.trim())
                    .and_then(|i| self.strings.get(i))
                    .ok_or_else(|| {
                        bad_part(
                            &self.part,
                            XmlFault::SharedStringMissing {
                                cell: format!("{}{}", col_name(col), row.index + 1),
                                index: v.to_string(),
                                count: self.strings.len(),
                            },
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

    fn read_row(&mut self, want: &dyn Fn(u32) -> bool, row: &mut SheetRow) -> XResult<bool> {
        let mut in_row = false;
        let mut next_col = 0u32;
        loop {
            let (name, attrs, empty) = match self.token()? {
                XmlToken::Start { name, attrs, empty } => (name, attrs, empty),
                XmlToken::End { name } => {
                    match self.local(name) {
                        b"row" if in_row => return Ok(true),
                        b"sheetData" => {
                            self.done = true;
                            return Ok(in_row);
                        }
                        _ => {}
                    }
                    continue;
                }
                XmlToken::Eof => return Err(self.err(XmlFault::Truncated)),
                XmlToken::Text { .. } => continue,
            };
            match self.local(name) {
                b"row" => {
                    let mut r = None;
                    for_each_attr(self.bytes(attrs), |k, v| {
                        if k == b"r" {
                            r = Some(v);
                        }
                    })
                    .map_err(|e| self.err(e))?;
                    let index = match r {
                        Some(r) => match parse_index(r.trim_ascii()) {
                            Some(n) if (1..=MAX_ROWS as usize).contains(&n) => n as u32 - 1,
                            _ => {
                                let r = String::from_utf8_lossy(r);
                                return Err(extent_error(&self.part, &format!("row {r}")));
                            }
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
                b"c" => {
                    let (mut r, mut style, mut ty) = (None, None, TypeAttr::Number);
                    for_each_attr(self.bytes(attrs), |k, v| match k {
                        b"r" => r = Some(v),
                        b"s" => style = parse_index(v),
                        b"t" => {
                            ty = match v {
                                b"s" => TypeAttr::Shared,
                                b"inlineStr" | b"str" => TypeAttr::Text,
                                b"e" => TypeAttr::Error,
                                b"b" => TypeAttr::Bool,
                                b"d" => TypeAttr::Iso,
                                _ => TypeAttr::Number,
                            }
                        }
                        _ => {}
                    })
                    .map_err(|e| self.err(e))?;
                    let col = match r {
                        Some(r) => match cell_ref_bytes(r) {
                            Some((_, c)) => c,
                            None => {
                                let r = attr_text(r).map_err(|e| self.err(e))?.into_owned();
                                return Err(extent_error(&self.part, &r));
                            }
                        },
                        None => next_col,
                    };
                    if col >= MAX_COLS {
                        return Err(extent_error(&self.part, &col_name(col)));
                    }
                    next_col = col + 1;
                    if empty {
                        continue;
                    }
                    let wanted = in_row && want(col);
                    if let Some(range) = self.simple_value() {
                        if wanted {
                            let Self { buf, vbuf, .. } = self;
                            vbuf.clear();
                            let bytes = buf.get(range.0..range.1).unwrap_or(&[]);
                            push_text(vbuf, bytes, false).map_err(|e| self.err(e))?;
                            self.store(style, ty, col, row)?;
                        } else {
                            row.skipped += 1;
                        }
                        continue;
                    }
                    if wanted {
                        self.cell(style, ty, col, row)?;
                    } else {
                        row.skipped += 1;
                        self.skip()?;
                    }
                }
                _ => {}
            }
        }
    }
}

/// A decimal index (`"12"`), without sign or spaces; `None` when malformed or too large.
fn parse_index(v: impl AsRef<[u8]>) -> Option<usize> {
    let v = v.as_ref();
    if v.is_empty() || v.len() > 12 {
        return None;
    }
    let mut n = 0usize;
    for b in v {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n * 10 + usize::from(b - b'0');
    }
    Some(n)
}

impl RowSource for SheetReader<'_> {
    fn next_row(&mut self, want: &dyn Fn(u32) -> bool, row: &mut SheetRow) -> XResult<bool> {
        row.clear();
        if self.done {
            return Ok(false);
        }
        self.read_row(want, row)
    }
}

pub(crate) fn cell_ref(r: &str) -> Option<(u32, u32)> {
    cell_ref_bytes(r.as_bytes())
}

/// [`cell_ref`] on the bytes of an attribute value.
fn cell_ref_bytes(b: &[u8]) -> Option<(u32, u32)> {
    let letters = b.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let mut col: u32 = 0;
    for c in b.get(..letters)? {
        col = col * 26 + u32::from(c.to_ascii_uppercase() - b'A') + 1;
    }
    let row = u32::try_from(parse_index(b.get(letters..)?)?).ok()?;
    ((1..=MAX_ROWS).contains(&row) && (1..=MAX_COLS).contains(&col)).then(|| (row - 1, col - 1))
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

fn extent_error(part: &str, r: &str) -> FileReason {
    bad_part(
        part,
        XmlFault::CellReference {
            reference: r.to_string(),
        },
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

    /// A reader handing out `n` bytes at a time, so that every token meets a buffer boundary.
    struct Trickle<'b>(&'b [u8], usize);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.1.min(self.0.len()).min(buf.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    /// The wanted cells of every row as (row, column, value, text), read `step` bytes at a time.
    fn scan(xml: &str, step: usize) -> XResult<Vec<(u32, u32, Val, String)>> {
        let budget = Budget::new(u64::MAX);
        let mut strings = SharedStrings::default();
        for t in ["zero", "một"] {
            strings.text.push_str(t);
            strings.push_end()?;
        }
        let styles = [false, true];
        let mut r = SheetReader {
            src: Box::new(Trickle(xml.as_bytes(), step)),
            budget: &budget,
            buf: Vec::new(),
            pos: 0,
            end: 0,
            eof: false,
            strings: &strings,
            date_styles: &styles,
            vbuf: String::new(),
            next_row: 0,
            done: false,
            part: "sheet.xml".into(),
        };
        r.seek_sheet_data()?;
        let mut out = Vec::new();
        let mut row = SheetRow::default();
        while r.next_row(&|c| c != 5, &mut row)? {
            for c in &row.cells {
                out.push((row.index, c.col, c.val, row.text(c).to_string()));
            }
        }
        Ok(out)
    }

    #[test]
    fn the_sheet_tokenizer_reads_what_xml_allows_at_any_buffer_boundary() {
        let xml = concat!(
            "<?xml version=\"1.0\"?>\r\n<x:worksheet xmlns:x=\"m\"><!-- a > comment -->",
            "<x:dimension ref='A1:F3'/><x:sheetData>\n",
            "<x:row r=\"1\"><x:c r=\"A1\" t=\"s\"><x:v>1</x:v></x:c>",
            "<x:c r=\"B1\" t='inlineStr'><x:is><x:r><x:t>Ng&#224;y &amp; </x:t></x:r>",
            "<x:r><x:t xml:space=\"preserve\">giờ</x:t></x:r><x:rPh><x:t>ignored</x:t></x:rPh></x:is></x:c>",
            "<x:c r=\"C1\" s=\"1\"><x:f>A1+1</x:f><x:v>44105.5</x:v></x:c>",
            "<x:c r=\"D1\" t=\"str\"><x:v><![CDATA[a<b&c]]></x:v></x:c>",
            "<x:c r=\"F1\"><x:v>skipped</x:v></x:c><x:c r=\"E1\" s=\"0\" t=\"b\"><x:v>1</x:v></x:c>",
            "</x:row><x:row r=\"3\" note=\"a > b\"><x:c r=\"A3\" t=\"e\"><x:v>#REF!</x:v></x:c>",
            "<x:c r=\"B3\"/><x:c t=\"s\"><x:v>0</x:v></x:c></x:row><x:row r=\"4\"/></x:sheetData></x:worksheet>"
        );
        let want = vec![
            (0, 0, Val::Text, "một".to_string()),
            (0, 1, Val::Text, "Ngày & giờ".to_string()),
            (0, 2, Val::Date(44105.5), "44105.5".to_string()),
            (0, 3, Val::Text, "a<b&c".to_string()),
            (0, 4, Val::Text, "true".to_string()),
            (2, 0, Val::Error, "#REF!".to_string()),
            (2, 2, Val::Text, "zero".to_string()),
        ];
        // without the prefix, the usual `<v>…</v></c>` cells take the fast path when whole
        // in the buffer, the token by token one across a boundary: the same cells either way
        let plain = xml.replace("x:", "");
        for step in [1, 2, 3, 7, 64, 1 << 20] {
            assert_eq!(scan(xml, step).unwrap(), want, "step {step}");
            assert_eq!(scan(&plain, step).unwrap(), want, "unprefixed, step {step}");
        }
        let escaped = concat!(
            "<sheetData><row r=\"1\"><c r=\"A1\" t=\"str\"><v>a &amp; b\r\nc</v></c>",
            "<c r=\"B1\" t='str'><v>x</v></c><c r=\"C1\" note='say \"hi\"'><v>7</v></c>",
            "<c r=\"F1\"><v>skipped</v></c></row></sheetData>"
        );
        for step in [1, 5, 1 << 20] {
            assert_eq!(
                scan(escaped, step).unwrap(),
                vec![
                    (0, 0, Val::Text, "a & b\nc".to_string()),
                    (0, 1, Val::Text, "x".to_string()),
                    (0, 2, Val::Number(7.0), "7".to_string()),
                ],
                "step {step}"
            );
        }
    }

    #[test]
    fn the_sheet_tokenizer_refuses_broken_xml_clearly() {
        let cases = [
            ("<sheetData><row r=\"1\"><c r=\"A1\"", "ends inside a tag"),
            (
                "<sheetData><row r=\"1\"><c r=\"A1\"><v>1</v>",
                "ends inside a cell",
            ),
            ("<sheetData><row r=\"1\">", "ends before </sheetData>"),
            ("<worksheet/>", "no <sheetData>"),
            (
                "<sheetData><row r=\"0\"/></sheetData>",
                "beyond Excel's limits",
            ),
            (
                "<sheetData><row><c r=\"XFE1\"/></row></sheetData>",
                "beyond Excel's limits",
            ),
            (
                "<sheetData><row><c r=A1/></row></sheetData>",
                "without quotes",
            ),
            (
                "<sheetData><row><c t=\"s\"><v>9</v></c></row></sheetData>",
                "shared string \"9\" is not in the table of 2 strings",
            ),
            (
                "<sheetData><row><c t=\"str\"><v>&bogus;</v></c></row></sheetData>",
                "unknown XML entity",
            ),
        ];
        for (xml, reason) in cases {
            for step in [1, 1 << 20] {
                let e = scan(xml, step).unwrap_err().to_string();
                assert!(e.contains(reason), "{xml}: {e}");
            }
        }
    }

    #[test]
    fn a_long_text_is_handed_on_in_pieces_without_splitting_characters_or_references() {
        let long: String = "Hồ sơ &amp; giấy tờ ".repeat(20_000);
        let xml = format!(
            "<sheetData><row><c t=\"inlineStr\"><is><t>{long}</t></is></c></row></sheetData>"
        );
        for step in [4093, 65_537, 1 << 20] {
            let got = scan(&xml, step).unwrap();
            assert_eq!(got.len(), 1);
            assert_eq!(got[0].3, long.replace("&amp;", "&"), "step {step}");
        }
        // line ends normalised across pieces (CR LF → LF)
        let crlf = "dòng\r\n".repeat(30_000);
        let xml = format!(
            "<sheetData><row><c t=\"inlineStr\"><is><t>{crlf}</t></is></c></row></sheetData>"
        );
        let got = scan(&xml, 4093).unwrap();
        assert_eq!(got[0].3, crlf.replace("\r\n", "\n"));
    }

    #[test]
    fn a_workbook_inflating_past_its_budget_names_the_limit() {
        let budget = Budget::new(10);
        let mut c = BudgetedPart {
            inner: Trickle(&[b'x'; 64], 8),
            budget: &budget,
            part: "xl/worksheets/sheet1.xml".into(),
        };
        let mut sink = Vec::new();
        let e = c.read_to_end(&mut sink).unwrap_err().to_string();
        assert!(e.starts_with("the spreadsheet decompresses to more than 10 bytes (part \"xl/worksheets/sheet1.xml\")"), "{e}");
        assert_eq!(budget.or(FileReason::NoWorksheet).to_string(), e);
        assert_eq!(
            budget.or(FileReason::NoWorksheet),
            FileReason::ZipBomb {
                max: 10,
                part: "xl/worksheets/sheet1.xml".into()
            }
        );
        assert_eq!(
            Budget::new(10).or(FileReason::NoWorksheet),
            FileReason::NoWorksheet
        );
    }

    #[test]
    fn excel_escapes() {
        let mut s = String::from("ab_x000D_c_x00zz_");
        unescape_excel(&mut s, 0);
        assert_eq!(s, "ab\rc_x00zz_");
    }
}
