//! Why a dossier file cannot be read at all ([`EngineError::BadFile`](crate::EngineError)):
//! its encoding, its header row, its workbook structure, its size.

use std::fmt;

use minhbach_model::{bilingual_via_fmt_in, say, Bilingual, Lang};

/// Why a dossier file cannot be read ([`EngineError::BadFile`](crate::EngineError)): the
/// CSV readers' encoding and header checks, and the workbook readers' archive, sheet and XML
/// checks.
///
/// Its `Display` is the English sentence (what embedders log); [`Bilingual::in_lang`] gives the
/// Vietnamese one. Values the reason names (line, byte, offset, sheet and part names, limits)
/// are kept as they are in both; a message of a third-party library (the zip or CSV reader)
/// is kept as a detail.
///
/// ```
/// use minhbach_engine::aggregate::FileReason;
/// use minhbach_model::{Bilingual, Lang};
/// let r = FileReason::NoHeaderRow;
/// assert_eq!(r.to_string(), "empty file: no header row");
/// assert_eq!(r.in_lang(Lang::Vi).to_string(), "tệp trống: không có dòng tiêu đề");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FileReason {
    // CSV text.
    /// The file starts with a UTF-16 byte-order mark.
    Utf16 {
        /// Big-endian (`FE FF`) rather than little-endian (`FF FE`).
        big_endian: bool,
    },
    /// NUL bytes on one side of each 2-byte unit: UTF-16 without a byte-order mark.
    NulBytes {
        /// How many NUL bytes are in the first 4 KiB.
        count: usize,
    },
    /// A byte sequence that is not UTF-8, with a guess at the encoding.
    NotUtf8 {
        /// 1-based line of the byte.
        line: u64,
        /// The first byte that is not UTF-8.
        byte: u8,
        /// 0-based byte offset of that byte.
        offset: u64,
        /// Whether the text decodes as Windows-1258 (the legacy Vietnamese code page).
        cp1258: bool,
    },
    /// The header row runs past the record limit without a line break.
    HeaderWithoutLineBreak {
        /// The limit, in bytes (`Limits::max_record_bytes`).
        max_record: usize,
    },
    /// The header row is longer than the record limit.
    HeaderTooLong {
        /// The header row's length, in bytes.
        length: usize,
        /// The limit, in bytes (`Limits::max_record_bytes`).
        max_record: usize,
    },
    /// Lines end with a bare carriage return (classic Mac OS).
    BareCarriageReturn,
    /// Nothing but white space: no header row and no data.
    Empty,
    /// No header row.
    NoHeaderRow,
    /// The CSV reader refused the header row.
    UnreadableHeader {
        /// The CSV reader's message (English).
        detail: String,
    },
    /// A record (after the header) longer than the record limit.
    RecordTooLong {
        /// 1-based line where the record starts.
        line: u64,
        /// The limit, in bytes (`Limits::max_record_bytes`).
        max_record: usize,
    },

    // Workbooks.
    /// The chosen worksheet holds no header row.
    EmptyWorksheet,
    /// The workbook has no worksheet at all.
    NoWorksheet,
    /// No worksheet has the name or number asked for.
    NoSuchSheet {
        /// The name or number asked for.
        wanted: String,
        /// The names of the workbook's sheets, in order.
        sheets: Vec<String>,
    },
    /// A legacy workbook encrypted with a password.
    PasswordProtected,
    /// A stream given as a workbook that is not a zip archive.
    NotXlsx,
    /// The zip or spreadsheet library cannot open the workbook.
    Unreadable {
        /// The library's message (English).
        detail: String,
    },
    /// The spreadsheet library cannot read a worksheet.
    UnreadableWorksheet {
        /// The sheet's name.
        sheet: String,
        /// The library's message (English).
        detail: String,
    },
    /// A part of the archive cannot be decompressed.
    CorruptPart {
        /// The part's name in the archive.
        part: String,
        /// The zip library's message (English).
        detail: String,
    },
    /// A spreadsheet file larger than `Limits::max_spreadsheet_bytes`.
    SpreadsheetTooLarge {
        /// The file's size, in bytes.
        length: u64,
        /// The limit, in bytes.
        max: u64,
    },
    /// A workbook that decompresses to more than `Limits::max_spreadsheet_bytes`.
    ZipBomb {
        /// The limit, in bytes.
        max: u64,
        /// The part being decompressed when the limit was passed.
        part: String,
    },
    /// A shared-strings table of more than 4 GiB of text.
    SharedStringsTooLarge,
    /// A zip archive without a workbook part.
    NoWorkbookPart,
    /// The workbook part the relationships name is missing.
    MissingWorkbookPart {
        /// The part's name.
        part: String,
    },
    /// A sheet number past the workbook's sheets.
    NoSheetNumber {
        /// 1-based sheet number.
        number: usize,
    },
    /// A sheet whose part is missing from the archive.
    MissingSheetPart {
        /// The sheet's name.
        sheet: String,
        /// The part's name.
        part: String,
    },
    /// A part of the workbook whose XML cannot be read.
    BadPart {
        /// The part's name in the archive.
        part: String,
        /// What is wrong in it.
        fault: XmlFault,
    },
}

/// What is wrong in the XML of a workbook part ([`FileReason::BadPart`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum XmlFault {
    /// The XML parser refused the part.
    Syntax {
        /// The XML parser's message (English).
        detail: String,
    },
    /// The part cannot be decompressed or read.
    Read {
        /// The reader's message (English).
        detail: String,
    },
    /// An entity reference that XML does not define.
    UnknownEntity {
        /// The entity's name (between `&` and `;`).
        entity: String,
    },
    /// An entity reference without its closing `;`.
    UnterminatedEntity {
        /// The first characters of the reference.
        text: String,
    },
    /// The part ends inside an element.
    EndsInside {
        /// The element's name.
        element: String,
    },
    /// The part ends inside a tag.
    EndsInsideTag,
    /// The part ends inside a cell.
    EndsInsideCell,
    /// The worksheet ends before `</sheetData>`: a truncated file.
    Truncated,
    /// An attribute without `=value`.
    AttributeWithoutValue,
    /// An attribute value without quotes.
    AttributeUnquoted,
    /// An attribute value whose quote is not closed.
    AttributeUnclosed,
    /// An attribute value that is not UTF-8.
    AttributeNotUtf8,
    /// Character data that is not UTF-8.
    TextNotUtf8 {
        /// 0-based offset, in the text, of the first byte that is not UTF-8.
        byte: usize,
    },
    /// A tag, comment or CDATA section longer than the reader accepts.
    MarkupTooLong {
        /// The limit, in bytes.
        max: usize,
    },
    /// A tag without a name.
    TagWithoutName,
    /// A sheet without `<sheetData>` (a chart sheet).
    NoSheetData,
    /// A cell naming a shared string that the table does not hold.
    SharedStringMissing {
        /// The cell's reference (`B7`).
        cell: String,
        /// The index as written.
        index: String,
        /// The number of strings in the table.
        count: usize,
    },
    /// A cell or row reference beyond Excel's limits, or malformed.
    CellReference {
        /// The reference as written (`XFE1`, `row 0`).
        reference: String,
    },
}

/// Excel's last row and column, as the messages name them.
const EXCEL_ROWS: u32 = super::xlsx::MAX_ROWS;
const EXCEL_COLS: u32 = super::xlsx::MAX_COLS;

impl FileReason {
    /// Both wordings, one arm per variant (`Display` is the English, `Bilingual` the
    /// Vietnamese).
    fn fmt_in(&self, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileReason::Utf16 { big_endian } => {
                let which = if *big_endian {
                    "UTF-16 BE"
                } else {
                    "UTF-16 LE"
                };
                say!(f, lang => "the file is {which}, not UTF-8: re-save it as \"CSV UTF-8\" (or convert with iconv -f UTF-16 -t UTF-8)", "tệp mã hóa {which}, không phải UTF-8: lưu lại tệp dạng \"CSV UTF-8\" (trong Excel: Lưu thành > CSV UTF-8) hoặc chuyển bằng iconv -f UTF-16 -t UTF-8")
            }
            FileReason::NulBytes { count } => {
                say!(f, lang => "the file contains NUL bytes ({count} in the first 4 KiB): it looks like UTF-16 without a byte-order mark, not UTF-8; convert it with iconv -f UTF-16LE -t UTF-8", "tệp có byte NUL ({count} byte trong 4 KiB đầu): có lẽ tệp mã hóa UTF-16 không có dấu BOM, không phải UTF-8; chuyển bằng iconv -f UTF-16LE -t UTF-8")
            }
            FileReason::NotUtf8 {
                line,
                byte,
                offset,
                cp1258,
            } => {
                let guess = match (cp1258, lang) {
                    (true, Lang::En) => {
                        "it looks like Windows-1258 (CP1258, the legacy Vietnamese Windows code \
                         page) or TCVN3"
                    }
                    (true, Lang::Vi) => {
                        "có lẽ tệp mã hóa Windows-1258 (CP1258, bảng mã tiếng Việt cũ của \
                         Windows) hoặc TCVN3"
                    }
                    (false, Lang::En) => "its encoding is not recognised",
                    (false, Lang::Vi) => "không nhận ra bảng mã của tệp",
                };
                say!(f, lang => "line {line}: not valid UTF-8 (byte 0x{byte:02X} at offset {offset}): {guess}; re-save it as \"CSV UTF-8\" or convert with iconv -f CP1258 -t UTF-8", "dòng {line}: không phải UTF-8 hợp lệ (byte 0x{byte:02X} ở vị trí {offset}): {guess}; lưu lại tệp dạng \"CSV UTF-8\" (trong Excel: Lưu thành > CSV UTF-8) hoặc chuyển bằng iconv -f CP1258 -t UTF-8")
            }
            FileReason::HeaderWithoutLineBreak { max_record } => {
                say!(f, lang => "line 1: the header row is longer than {max_record} bytes without a line break: not a CSV file, or an unbalanced quote (\"); the limit is Limits::max_record_bytes", "dòng 1: dòng tiêu đề dài hơn {max_record} byte mà không xuống dòng: không phải tệp CSV, hoặc có dấu ngoặc kép (\") không được đóng; giới hạn là Limits::max_record_bytes")
            }
            FileReason::HeaderTooLong { length, max_record } => {
                say!(f, lang => "line 1: the header row is {length} bytes long, over the limit of {max_record} bytes (Limits::max_record_bytes)", "dòng 1: dòng tiêu đề dài {length} byte, vượt giới hạn {max_record} byte (Limits::max_record_bytes)")
            }
            FileReason::BareCarriageReturn => {
                say!(f, lang => "line 1: lines end with a bare carriage return (CR, classic Mac OS); re-save the file with LF or CRLF line endings", "dòng 1: các dòng kết thúc bằng ký tự CR đơn lẻ (kiểu Mac OS cũ); lưu lại tệp với ký tự xuống dòng LF hoặc CRLF")
            }
            FileReason::Empty => {
                say!(f, lang => "empty file: no header row and no data", "tệp trống: không có dòng tiêu đề và dữ liệu")
            }
            FileReason::NoHeaderRow => {
                say!(f, lang => "empty file: no header row", "tệp trống: không có dòng tiêu đề")
            }
            FileReason::UnreadableHeader { detail } => {
                say!(f, lang => "unreadable header row: {detail}", "không đọc được dòng tiêu đề (thông báo của bộ đọc CSV: {detail})")
            }
            FileReason::RecordTooLong { line, max_record } => {
                say!(f, lang => "line {line}: a record is longer than {max_record} bytes (Limits::max_record_bytes): an unbalanced quote (\") or a file that is not CSV", "dòng {line}: một bản ghi dài hơn {max_record} byte (Limits::max_record_bytes): có dấu ngoặc kép (\") không được đóng, hoặc tệp không phải CSV")
            }
            FileReason::EmptyWorksheet => {
                say!(f, lang => "empty worksheet: no header row", "trang tính trống: không có dòng tiêu đề")
            }
            FileReason::NoWorksheet => {
                say!(f, lang => "the workbook has no worksheet", "sổ tính không có trang tính nào")
            }
            FileReason::NoSuchSheet { wanted, sheets } => {
                let list = SheetList(sheets);
                say!(f, lang => "no sheet named or numbered {wanted:?}; the workbook's sheets are: {list}", "không có trang tính tên hoặc số {wanted:?}; sổ tính có các trang: {list}")
            }
            FileReason::PasswordProtected => {
                say!(f, lang => "the workbook is password-protected (encrypted): open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt with Password), save it and try again", "sổ tính có đặt mật khẩu (mã hóa): mở bằng Excel, bỏ mật khẩu (Tệp > Thông tin > Bảo vệ sổ làm việc > Mã hóa bằng mật khẩu), lưu lại rồi chạy lại")
            }
            FileReason::NotXlsx => {
                say!(f, lang => "not a readable spreadsheet: not an XLSX workbook (a zip archive); legacy .xls files are read from a path (aggregate_xlsx)", "không đọc được sổ tính: không phải sổ tính XLSX (tệp nén zip); tệp .xls cũ chỉ đọc được từ đường dẫn tệp (aggregate_xlsx)")
            }
            FileReason::Unreadable { detail } => {
                say!(f, lang => "not a readable spreadsheet: {detail}", "không đọc được sổ tính (thông báo của bộ đọc sổ tính: {detail})")
            }
            FileReason::UnreadableWorksheet { sheet, detail } => {
                say!(f, lang => "unreadable worksheet {sheet:?}: {detail}", "không đọc được trang tính {sheet:?} (thông báo của bộ đọc sổ tính: {detail})")
            }
            FileReason::CorruptPart { part, detail } => {
                say!(f, lang => "corrupt spreadsheet part {part:?}: {detail}", "phần {part:?} của sổ tính bị hỏng, không giải nén được (thông báo của bộ giải nén: {detail})")
            }
            FileReason::SpreadsheetTooLarge { length, max } => {
                say!(f, lang => "the file is {length} bytes: over the limit of {max} bytes (Limits::max_spreadsheet_bytes): a zip bomb, or raise the limit", "tệp dài {length} byte: vượt giới hạn {max} byte (Limits::max_spreadsheet_bytes): có thể là tệp nén độc hại (zip bomb), hoặc nâng giới hạn")
            }
            FileReason::ZipBomb { max, part } => {
                say!(f, lang => "the spreadsheet decompresses to more than {max} bytes (part {part:?}): over the limit of {max} bytes (Limits::max_spreadsheet_bytes): a zip bomb, or raise the limit", "sổ tính giải nén ra hơn {max} byte (phần {part:?}): vượt giới hạn {max} byte (Limits::max_spreadsheet_bytes): có thể là tệp nén độc hại (zip bomb), hoặc nâng giới hạn")
            }
            FileReason::SharedStringsTooLarge => {
                say!(f, lang => "the shared-strings table holds more than 4 GiB of text: not a dossier export", "bảng chuỗi dùng chung của sổ tính chứa hơn 4 GiB chữ: không phải tệp hồ sơ xuất từ phần mềm")
            }
            FileReason::NoWorkbookPart => {
                say!(f, lang => "not a readable spreadsheet: the archive has no workbook part (xl/workbook.xml): not an XLSX file", "không đọc được sổ tính: tệp nén không có phần sổ tính (xl/workbook.xml): không phải tệp XLSX")
            }
            FileReason::MissingWorkbookPart { part } => {
                say!(f, lang => "not a readable spreadsheet: the workbook part {part:?} is missing", "không đọc được sổ tính: thiếu phần sổ tính {part:?}")
            }
            FileReason::NoSheetNumber { number } => {
                say!(f, lang => "the workbook has no sheet {number}", "sổ tính không có trang tính số {number}")
            }
            FileReason::MissingSheetPart { sheet, part } => {
                say!(f, lang => "sheet {sheet:?}: its part {part:?} is missing", "trang tính {sheet:?}: thiếu phần {part:?} của trang")
            }
            FileReason::BadPart { part, fault } => {
                let fault = fault.in_lang(lang);
                say!(f, lang => "not a readable spreadsheet: part {part:?}: {fault}", "không đọc được sổ tính: phần {part:?}: {fault}")
            }
        }
    }
}

impl XmlFault {
    /// Both wordings, one arm per variant (`Display` is the English, `Bilingual` the
    /// Vietnamese).
    fn fmt_in(&self, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            XmlFault::Syntax { detail } => {
                say!(f, lang => "{detail}", "XML sai cú pháp (thông báo của bộ đọc XML: {detail})")
            }
            XmlFault::Read { detail } => {
                say!(f, lang => "{detail}", "không giải nén được (thông báo của bộ giải nén: {detail})")
            }
            XmlFault::UnknownEntity { entity } => {
                say!(f, lang => "unknown XML entity &{entity};", "tham chiếu ký tự XML không xác định &{entity};")
            }
            XmlFault::UnterminatedEntity { text } => {
                say!(f, lang => "an unterminated entity reference {text:?}", "tham chiếu ký tự XML thiếu dấu ; ở cuối {text:?}")
            }
            XmlFault::EndsInside { element } => {
                say!(f, lang => "the XML ends inside <{element}>", "XML kết thúc giữa chừng trong <{element}>")
            }
            XmlFault::EndsInsideTag => {
                say!(f, lang => "the XML ends inside a tag", "XML kết thúc giữa chừng trong một thẻ")
            }
            XmlFault::EndsInsideCell => {
                say!(f, lang => "the XML ends inside a cell", "XML kết thúc giữa chừng trong một ô")
            }
            XmlFault::Truncated => {
                say!(f, lang => "the XML ends before </sheetData>: a truncated file", "XML kết thúc trước </sheetData>: tệp bị cắt cụt")
            }
            XmlFault::AttributeWithoutValue => {
                say!(f, lang => "an attribute without a value", "một thuộc tính XML không có giá trị")
            }
            XmlFault::AttributeUnquoted => {
                say!(f, lang => "an attribute value without quotes", "giá trị của một thuộc tính XML không có dấu ngoặc kép")
            }
            XmlFault::AttributeUnclosed => {
                say!(f, lang => "an unclosed attribute value", "giá trị của một thuộc tính XML thiếu dấu ngoặc kép đóng")
            }
            XmlFault::AttributeNotUtf8 => {
                say!(f, lang => "an attribute value is not UTF-8", "giá trị của một thuộc tính XML không phải UTF-8")
            }
            XmlFault::TextNotUtf8 { byte } => {
                say!(f, lang => "the XML is not UTF-8 (byte {byte} of a text)", "XML không phải UTF-8 (byte {byte} của một đoạn chữ)")
            }
            XmlFault::MarkupTooLong { max } => {
                say!(f, lang => "an XML tag, comment or CDATA section longer than {max} bytes", "một thẻ, chú thích hoặc đoạn CDATA của XML dài hơn {max} byte")
            }
            XmlFault::TagWithoutName => {
                say!(f, lang => "a tag without a name", "một thẻ XML không có tên")
            }
            XmlFault::NoSheetData => {
                say!(f, lang => "no <sheetData>: not a worksheet (a chart sheet?)", "không có <sheetData>: không phải trang tính dữ liệu (trang biểu đồ?)")
            }
            XmlFault::SharedStringMissing { cell, index, count } => {
                say!(f, lang => "cell {cell}: shared string {index:?} is not in the table of {count} strings", "ô {cell}: chuỗi dùng chung số {index:?} không có trong bảng {count} chuỗi")
            }
            XmlFault::CellReference { reference } => {
                say!(f, lang => "cell reference {reference:?} is beyond Excel's limits ({EXCEL_ROWS} rows, {EXCEL_COLS} columns: XFD) or malformed", "tham chiếu ô {reference:?} vượt giới hạn của Excel ({EXCEL_ROWS} dòng, {EXCEL_COLS} cột: XFD) hoặc viết sai")
            }
        }
    }
}

bilingual_via_fmt_in!(FileReason, XmlFault);

impl std::error::Error for FileReason {}

/// The sheets of a workbook, numbered: `1 "Sheet1", 2 "Hồ sơ"`.
struct SheetList<'a>(&'a [String]);

impl fmt::Display for SheetList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, name) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{} {name:?}", i + 1)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One value of every reason, with the English sentence the readers wrote as text before
    /// the reasons were typed.
    fn every_reason() -> Vec<(FileReason, &'static str)> {
        let part = |fault: XmlFault| FileReason::BadPart {
            part: "xl/worksheets/sheet1.xml".into(),
            fault,
        };
        vec![
            (
                FileReason::Utf16 { big_endian: false },
                "the file is UTF-16 LE, not UTF-8: re-save it as \"CSV UTF-8\" (or convert with \
                 iconv -f UTF-16 -t UTF-8)",
            ),
            (
                FileReason::Utf16 { big_endian: true },
                "the file is UTF-16 BE, not UTF-8: re-save it as \"CSV UTF-8\" (or convert with \
                 iconv -f UTF-16 -t UTF-8)",
            ),
            (
                FileReason::NulBytes { count: 40 },
                "the file contains NUL bytes (40 in the first 4 KiB): it looks like UTF-16 \
                 without a byte-order mark, not UTF-8; convert it with iconv -f UTF-16LE -t UTF-8",
            ),
            (
                FileReason::NotUtf8 {
                    line: 2,
                    byte: 0xe1,
                    offset: 25,
                    cp1258: true,
                },
                "line 2: not valid UTF-8 (byte 0xE1 at offset 25): it looks like Windows-1258 \
                 (CP1258, the legacy Vietnamese Windows code page) or TCVN3; re-save it as \"CSV \
                 UTF-8\" or convert with iconv -f CP1258 -t UTF-8",
            ),
            (
                FileReason::NotUtf8 {
                    line: 1,
                    byte: 0x81,
                    offset: 3,
                    cp1258: false,
                },
                "line 1: not valid UTF-8 (byte 0x81 at offset 3): its encoding is not \
                 recognised; re-save it as \"CSV UTF-8\" or convert with iconv -f CP1258 -t UTF-8",
            ),
            (
                FileReason::HeaderWithoutLineBreak { max_record: 1024 },
                "line 1: the header row is longer than 1024 bytes without a line break: not a \
                 CSV file, or an unbalanced quote (\"); the limit is Limits::max_record_bytes",
            ),
            (
                FileReason::HeaderTooLong {
                    length: 2000,
                    max_record: 1024,
                },
                "line 1: the header row is 2000 bytes long, over the limit of 1024 bytes \
                 (Limits::max_record_bytes)",
            ),
            (
                FileReason::BareCarriageReturn,
                "line 1: lines end with a bare carriage return (CR, classic Mac OS); re-save the \
                 file with LF or CRLF line endings",
            ),
            (FileReason::Empty, "empty file: no header row and no data"),
            (FileReason::NoHeaderRow, "empty file: no header row"),
            (
                FileReason::UnreadableHeader {
                    detail: "CSV parse error".into(),
                },
                "unreadable header row: CSV parse error",
            ),
            (
                FileReason::RecordTooLong {
                    line: 7,
                    max_record: 64,
                },
                "line 7: a record is longer than 64 bytes (Limits::max_record_bytes): an \
                 unbalanced quote (\") or a file that is not CSV",
            ),
            (FileReason::EmptyWorksheet, "empty worksheet: no header row"),
            (FileReason::NoWorksheet, "the workbook has no worksheet"),
            (
                FileReason::NoSuchSheet {
                    wanted: "Hồ sơ".into(),
                    sheets: vec!["Sheet1".into(), "Tổng hợp".into()],
                },
                "no sheet named or numbered \"Hồ sơ\"; the workbook's sheets are: 1 \"Sheet1\", \
                 2 \"Tổng hợp\"",
            ),
            (
                FileReason::PasswordProtected,
                "the workbook is password-protected (encrypted): open it in Excel, remove the \
                 password (File > Info > Protect Workbook > Encrypt with Password), save it and \
                 try again",
            ),
            (
                FileReason::NotXlsx,
                "not a readable spreadsheet: not an XLSX workbook (a zip archive); legacy .xls \
                 files are read from a path (aggregate_xlsx)",
            ),
            (
                FileReason::Unreadable {
                    detail: "invalid Zip archive: Invalid zip header".into(),
                },
                "not a readable spreadsheet: invalid Zip archive: Invalid zip header",
            ),
            (
                FileReason::UnreadableWorksheet {
                    sheet: "Sheet1".into(),
                    detail: "bad".into(),
                },
                "unreadable worksheet \"Sheet1\": bad",
            ),
            (
                FileReason::CorruptPart {
                    part: "xl/workbook.xml".into(),
                    detail: "invalid checksum".into(),
                },
                "corrupt spreadsheet part \"xl/workbook.xml\": invalid checksum",
            ),
            (
                FileReason::SpreadsheetTooLarge {
                    length: 300,
                    max: 200,
                },
                "the file is 300 bytes: over the limit of 200 bytes \
                 (Limits::max_spreadsheet_bytes): a zip bomb, or raise the limit",
            ),
            (
                FileReason::ZipBomb {
                    max: 200,
                    part: "xl/sharedStrings.xml".into(),
                },
                "the spreadsheet decompresses to more than 200 bytes (part \
                 \"xl/sharedStrings.xml\"): over the limit of 200 bytes \
                 (Limits::max_spreadsheet_bytes): a zip bomb, or raise the limit",
            ),
            (
                FileReason::SharedStringsTooLarge,
                "the shared-strings table holds more than 4 GiB of text: not a dossier export",
            ),
            (
                FileReason::NoWorkbookPart,
                "not a readable spreadsheet: the archive has no workbook part (xl/workbook.xml): \
                 not an XLSX file",
            ),
            (
                FileReason::MissingWorkbookPart {
                    part: "xl/workbook.xml".into(),
                },
                "not a readable spreadsheet: the workbook part \"xl/workbook.xml\" is missing",
            ),
            (
                FileReason::NoSheetNumber { number: 3 },
                "the workbook has no sheet 3",
            ),
            (
                FileReason::MissingSheetPart {
                    sheet: "Sheet1".into(),
                    part: "xl/worksheets/sheet1.xml".into(),
                },
                "sheet \"Sheet1\": its part \"xl/worksheets/sheet1.xml\" is missing",
            ),
            (
                part(XmlFault::Syntax {
                    detail: "syntax error: tag not closed".into(),
                }),
                "not a readable spreadsheet: part \"xl/worksheets/sheet1.xml\": syntax error: \
                 tag not closed",
            ),
            (
                part(XmlFault::Read {
                    detail: "invalid checksum".into(),
                }),
                "not a readable spreadsheet: part \"xl/worksheets/sheet1.xml\": invalid checksum",
            ),
            (
                part(XmlFault::UnknownEntity {
                    entity: "nbsp".into(),
                }),
                "not a readable spreadsheet: part \"xl/worksheets/sheet1.xml\": unknown XML \
                 entity &nbsp;",
            ),
            (
                part(XmlFault::UnterminatedEntity {
                    text: "&amp".into(),
                }),
                "not a readable spreadsheet: part \"xl/worksheets/sheet1.xml\": an unterminated \
                 entity reference \"&amp\"",
            ),
            (
                part(XmlFault::EndsInside {
                    element: "si".into(),
                }),
                "not a readable spreadsheet: part \"xl/worksheets/sheet1.xml\": the XML ends \
                 inside <si>",
            ),
            (
                part(XmlFault::EndsInsideTag),
                "not a readable spreadsheet: part \"xl/worksheets/sheet1.xml\": the XML ends \
                 inside a tag",
            ),
            (
                part(XmlFault::EndsInsideCell),
                "not a readable spreadsheet: part \"xl/worksheets/sheet1.xml\": the XML ends \
                 inside a cell",
            ),
            (
                part(XmlFault::Truncated),
                "not a readable spreadsheet: part \"xl/worksheets/sheet1.xml\": the XML ends \
                 before </sheetData>: a truncated file",
            ),
            (
                part(XmlFault::AttributeWithoutValue),
                "not a readable spreadsheet: part \"xl/worksheets/sheet1.xml\": an attribute \
                 without a value",
            ),
            (
                part(XmlFault::AttributeUnquoted),
                "not a readable spreadsheet: part \"xl/worksheets/sheet1.xml\": an attribute \
                 value without quotes",
            ),
            (
                part(XmlFault::AttributeUnclosed),
                "not a readable spreadsheet: part \"xl/worksheets/sheet1.xml\": an unclosed \
                 attribute value",
            ),
            (
                part(XmlFault::AttributeNotUtf8),
                "not a readable spreadsheet: part \"xl/worksheets/sheet1.xml\": an attribute \
                 value is not UTF-8",
            ),
            (
                part(XmlFault::TextNotUtf8 { byte: 4 }),
                "not a readable spreadsheet: part \"xl/worksheets/sheet1.xml\": the XML is not \
                 UTF-8 (byte 4 of a text)",
            ),
            (
                part(XmlFault::MarkupTooLong { max: 1024 }),
                "not a readable spreadsheet: part \"xl/worksheets/sheet1.xml\": an XML tag, \
                 comment or CDATA section longer than 1024 bytes",
            ),
            (
                part(XmlFault::TagWithoutName),
                "not a readable spreadsheet: part \"xl/worksheets/sheet1.xml\": a tag without a \
                 name",
            ),
            (
                part(XmlFault::NoSheetData),
                "not a readable spreadsheet: part \"xl/worksheets/sheet1.xml\": no <sheetData>: \
                 not a worksheet (a chart sheet?)",
            ),
            (
                part(XmlFault::SharedStringMissing {
                    cell: "B7".into(),
                    index: "12".into(),
                    count: 3,
                }),
                "not a readable spreadsheet: part \"xl/worksheets/sheet1.xml\": cell B7: shared \
                 string \"12\" is not in the table of 3 strings",
            ),
            (
                part(XmlFault::CellReference {
                    reference: "XFE1".into(),
                }),
                "not a readable spreadsheet: part \"xl/worksheets/sheet1.xml\": cell reference \
                 \"XFE1\" is beyond Excel's limits (1048576 rows, 16384 columns: XFD) or \
                 malformed",
            ),
        ]
    }

    #[test]
    fn english_is_the_sentence_of_before_and_every_reason_has_vietnamese() {
        let all = every_reason();
        for (reason, en) in &all {
            assert_eq!(reason.to_string(), *en);
            // The exhaustive list: a new variant must be added above.
            match reason {
                FileReason::Utf16 { .. }
                | FileReason::NulBytes { .. }
                | FileReason::NotUtf8 { .. }
                | FileReason::HeaderWithoutLineBreak { .. }
                | FileReason::HeaderTooLong { .. }
                | FileReason::BareCarriageReturn
                | FileReason::Empty
                | FileReason::NoHeaderRow
                | FileReason::UnreadableHeader { .. }
                | FileReason::RecordTooLong { .. }
                | FileReason::EmptyWorksheet
                | FileReason::NoWorksheet
                | FileReason::NoSuchSheet { .. }
                | FileReason::PasswordProtected
                | FileReason::NotXlsx
                | FileReason::Unreadable { .. }
                | FileReason::UnreadableWorksheet { .. }
                | FileReason::CorruptPart { .. }
                | FileReason::SpreadsheetTooLarge { .. }
                | FileReason::ZipBomb { .. }
                | FileReason::SharedStringsTooLarge
                | FileReason::NoWorkbookPart
                | FileReason::MissingWorkbookPart { .. }
                | FileReason::NoSheetNumber { .. }
                | FileReason::MissingSheetPart { .. }
                | FileReason::BadPart { .. } => {}
            }
        }
        let reasons: Vec<FileReason> = all.into_iter().map(|(r, _)| r).collect();
        assert_eq!(minhbach_model::untranslated(&reasons), Vec::<String>::new());
    }

    /// The Vietnamese wording keeps no English sentence: only the values it names, the
    /// libraries' own messages (quoted as details) and the API names of the limits.
    #[test]
    fn vietnamese_has_no_english_words() {
        let english = [
            " the ",
            " not ",
            " is ",
            "file",
            "line ",
            "row",
            "sheet ",
            "workbook",
            "bytes",
            "re-save",
            "convert",
            "looks",
            "empty",
            "missing",
            "unreadable",
            "readable",
            "beyond",
            "ends ",
            "without",
            "attribute",
            "limit of",
        ];
        for (reason, _) in every_reason() {
            let vi = reason.in_lang(Lang::Vi).to_string();
            // The values and details the sentence quotes are not its words.
            let words = vi
                .replace("CSV parse error", "")
                .replace("invalid Zip archive: Invalid zip header", "")
                .replace("invalid checksum", "")
                .replace("syntax error: tag not closed", "")
                .replace("bad", "")
                .replace("Limits::max_record_bytes", "")
                .replace("Limits::max_spreadsheet_bytes", "")
                .replace("xl/workbook.xml", "")
                .replace("xl/worksheets/sheet1.xml", "")
                .replace("xl/sharedStrings.xml", "")
                .replace("</sheetData>", "")
                .replace("<sheetData>", "")
                .replace("Sheet1", "");
            for w in english {
                assert!(!words.contains(w), "{w:?} in {vi:?}");
            }
        }
    }
}
