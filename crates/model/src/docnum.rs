//! Document numbers and symbols (số, ký hiệu văn bản) and document types (tên loại văn bản).
//!
//! Nghị định 30/2020/NĐ-CP, Phụ lục I, mục II.3: the number is the sequence number of the
//! document in the calendar year, in Arabic numerals, with a leading 0 below 10 (`05`). The
//! symbol is the type abbreviation and the issuer abbreviation joined by `-`
//! (`415/BC-UBND`); a **công văn** has no type abbreviation, so its symbol is the issuer
//! abbreviation and the drafting unit or field (`12/UBND-VX`, `839/STP-HCTP&BTTP`). Legal
//! normative documents (văn bản quy phạm pháp luật) carry the year between number and symbol
//! (`43/2011/NĐ-CP`, `01/2018/TT-VPCP`, `45/2019/QH14`).
//!
//! # How a symbol is read
//!
//! The symbol is split at `-` into segments. **If the first segment is an official type
//! abbreviation (exactly as written in Phụ lục III, e.g. `BC`, `QĐ`, `CTr`, `QyĐ`), it is the
//! type**, the second segment is the issuer and any further segments form the "unit"
//! (drafting unit of a công văn, or the co-issuers of a joint document such as
//! `TTLT-BTC-BTP`). Otherwise there is no type: the first segment is the issuer and the rest
//! is the unit. So `415/BC-UBND` is (type BC, issuer UBND), `12/UBND-VX` is (issuer UBND,
//! unit VX), and `839/STP-HCTP&BTTP` is (issuer STP, unit HCTP&BTTP).
//!
//! # Strict and lenient parsing
//!
//! [`DocumentNumber::parse`] is strict: segments are letters, digits and `&`, with no spaces,
//! and a first segment that only *looks like* a type abbreviation (`QD` for `QĐ`, `TTR` for
//! `TTr`, `Qyđ` for `QyĐ`) is refused with a message naming the official spelling, rather
//! than silently read as an issuer. [`DocumentNumber::parse_lenient`] accepts those spellings
//! when they designate exactly one type: it matches the first segment ignoring case, then
//! ignoring case and reading `D` as `Đ` (`QD`→`QĐ`, `ND`→`NĐ`, `CD`→`CĐ`). It never turns
//! `DA` (Dự án) into `ĐA` (Đề án) or `HD` (Hướng dẫn) into `HĐ` (Hợp đồng): those are
//! distinct official abbreviations. It also drops spaces and reads `–`/`—` as `-`.
//!
//! Both accept an optional `Số:` prefix and a number written with thousands dots
//! (`1.291/QĐ-UBND`). The canonical text ([`fmt::Display`]) pads the number to two digits and
//! never uses dots, so `parse(display(n)) == n` for every valid number.
//!
//! # Drafts
//!
//! A document being drafted has its symbol but not yet its number, which the clerk writes in
//! when registering it: `/BC-UBND` (printed `Số:      /BC-UBND`). Both parsers read an empty
//! number as a draft ([`DocumentNumber::is_draft`]); a document cited by another
//! ([`crate::Document`]) must have its number.

use std::fmt;
use std::str::FromStr;

use crate::serde_str::serde_via_str;
use crate::text::fold;
use crate::{say, Lang, ModelError};

/// A type of document (tên loại văn bản): the administrative types of Nghị định 30/2020
/// (Điều 7, abbreviations in Phụ lục III) and the common legal normative types.
///
/// Serialized as the snake_case name (`"bao_cao"`); deserialized from any spelling
/// [`DocumentType::parse`] accepts (`"BC"`, `"Báo cáo"`, `"bao_cao"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum DocumentType {
    /// Nghị quyết — NQ.
    NghiQuyet,
    /// Quyết định — QĐ.
    QuyetDinh,
    /// Chỉ thị — CT.
    ChiThi,
    /// Quy chế — QC.
    QuyChe,
    /// Quy định — QyĐ.
    QuyDinh,
    /// Thông cáo — TC.
    ThongCao,
    /// Thông báo — TB.
    ThongBao,
    /// Hướng dẫn — HD.
    HuongDan,
    /// Chương trình — CTr.
    ChuongTrinh,
    /// Kế hoạch — KH.
    KeHoach,
    /// Phương án — PA.
    PhuongAn,
    /// Đề án — ĐA.
    DeAn,
    /// Dự án — DA.
    DuAn,
    /// Báo cáo — BC.
    BaoCao,
    /// Biên bản — BB.
    BienBan,
    /// Tờ trình — TTr.
    ToTrinh,
    /// Hợp đồng — HĐ.
    HopDong,
    /// Công văn — no type abbreviation (`12/UBND-VX`).
    CongVan,
    /// Công điện — CĐ.
    CongDien,
    /// Bản ghi nhớ — BGN.
    BanGhiNho,
    /// Bản thỏa thuận — BTT.
    BanThoaThuan,
    /// Giấy ủy quyền — GUQ.
    GiayUyQuyen,
    /// Giấy mời — GM.
    GiayMoi,
    /// Giấy giới thiệu — GGT.
    GiayGioiThieu,
    /// Giấy nghỉ phép — GNP.
    GiayNghiPhep,
    /// Phiếu gửi — PG.
    PhieuGui,
    /// Phiếu chuyển — PC.
    PhieuChuyen,
    /// Phiếu báo — PB.
    PhieuBao,
    /// Thư công — no type abbreviation.
    ThuCong,
    /// Bản sao y — SY.
    BanSaoY,
    /// Bản trích sao — TrS.
    BanTrichSao,
    /// Bản sao lục — SL.
    BanSaoLuc,
    /// Nghị định (legal normative, `43/2011/NĐ-CP`) — NĐ.
    NghiDinh,
    /// Thông tư (legal normative, `01/2018/TT-VPCP`) — TT.
    ThongTu,
    /// Thông tư liên tịch (legal normative, joint) — TTLT.
    ThongTuLienTich,
    /// Luật (`45/2019/QH14`) — no type abbreviation.
    Luat,
    /// Pháp lệnh — no type abbreviation in current practice.
    PhapLenh,
}

/// (variant, abbreviation, Vietnamese name, snake_case name)
const TYPES: &[(DocumentType, Option<&str>, &str, &str)] = {
    use DocumentType::*;
    &[
        (NghiQuyet, Some("NQ"), "Nghị quyết", "nghi_quyet"),
        (QuyetDinh, Some("QĐ"), "Quyết định", "quyet_dinh"),
        (ChiThi, Some("CT"), "Chỉ thị", "chi_thi"),
        (QuyChe, Some("QC"), "Quy chế", "quy_che"),
        (QuyDinh, Some("QyĐ"), "Quy định", "quy_dinh"),
        (ThongCao, Some("TC"), "Thông cáo", "thong_cao"),
        (ThongBao, Some("TB"), "Thông báo", "thong_bao"),
        (HuongDan, Some("HD"), "Hướng dẫn", "huong_dan"),
        (ChuongTrinh, Some("CTr"), "Chương trình", "chuong_trinh"),
        (KeHoach, Some("KH"), "Kế hoạch", "ke_hoach"),
        (PhuongAn, Some("PA"), "Phương án", "phuong_an"),
        (DeAn, Some("ĐA"), "Đề án", "de_an"),
        (DuAn, Some("DA"), "Dự án", "du_an"),
        (BaoCao, Some("BC"), "Báo cáo", "bao_cao"),
        (BienBan, Some("BB"), "Biên bản", "bien_ban"),
        (ToTrinh, Some("TTr"), "Tờ trình", "to_trinh"),
        (HopDong, Some("HĐ"), "Hợp đồng", "hop_dong"),
        (CongVan, None, "Công văn", "cong_van"),
        (CongDien, Some("CĐ"), "Công điện", "cong_dien"),
        (BanGhiNho, Some("BGN"), "Bản ghi nhớ", "ban_ghi_nho"),
        (
            BanThoaThuan,
            Some("BTT"),
            "Bản thỏa thuận",
            "ban_thoa_thuan",
        ),
        (GiayUyQuyen, Some("GUQ"), "Giấy ủy quyền", "giay_uy_quyen"),
        (GiayMoi, Some("GM"), "Giấy mời", "giay_moi"),
        (
            GiayGioiThieu,
            Some("GGT"),
            "Giấy giới thiệu",
            "giay_gioi_thieu",
        ),
        (
            GiayNghiPhep,
            Some("GNP"),
            "Giấy nghỉ phép",
            "giay_nghi_phep",
        ),
        (PhieuGui, Some("PG"), "Phiếu gửi", "phieu_gui"),
        (PhieuChuyen, Some("PC"), "Phiếu chuyển", "phieu_chuyen"),
        (PhieuBao, Some("PB"), "Phiếu báo", "phieu_bao"),
        (ThuCong, None, "Thư công", "thu_cong"),
        (BanSaoY, Some("SY"), "Bản sao y", "ban_sao_y"),
        (BanTrichSao, Some("TrS"), "Bản trích sao", "ban_trich_sao"),
        (BanSaoLuc, Some("SL"), "Bản sao lục", "ban_sao_luc"),
        (NghiDinh, Some("NĐ"), "Nghị định", "nghi_dinh"),
        (ThongTu, Some("TT"), "Thông tư", "thong_tu"),
        (
            ThongTuLienTich,
            Some("TTLT"),
            "Thông tư liên tịch",
            "thong_tu_lien_tich",
        ),
        (Luat, None, "Luật", "luat"),
        (PhapLenh, None, "Pháp lệnh", "phap_lenh"),
    ]
};

impl DocumentType {
    /// Every type, in the order of Nghị định 30/2020 Điều 7 followed by the legal normative
    /// types.
    pub fn all() -> impl Iterator<Item = DocumentType> {
        TYPES.iter().map(|t| t.0)
    }

    fn row(self) -> (Option<&'static str>, &'static str, &'static str) {
        TYPES
            .iter()
            .find(|t| t.0 == self)
            .map(|t| (t.1, t.2, t.3))
            .unwrap_or((None, "", ""))
    }

    /// The official abbreviation (`BC`, `QĐ`, `CTr`, `QyĐ` …); `None` for công văn, thư
    /// công, luật and pháp lệnh, which have none.
    pub fn abbreviation(self) -> Option<&'static str> {
        self.row().0
    }

    /// The Vietnamese name with a capital initial, as it starts a citation ("Báo cáo số …").
    pub fn vietnamese_name(self) -> &'static str {
        self.row().1
    }

    /// The snake_case name used in data files (`bao_cao`).
    pub fn as_str(self) -> &'static str {
        self.row().2
    }

    /// Whether this type is numbered as a legal normative document, with the year in the
    /// number (`43/2011/NĐ-CP`). Nghị quyết, quyết định and chỉ thị can be either; they
    /// return `false`.
    pub fn is_legal_normative(self) -> bool {
        matches!(
            self,
            DocumentType::NghiDinh
                | DocumentType::ThongTu
                | DocumentType::ThongTuLienTich
                | DocumentType::Luat
                | DocumentType::PhapLenh
        )
    }

    /// The type whose official abbreviation is exactly `abbr` (case and `Đ` significant).
    ///
    /// ```
    /// use minhbach_model::DocumentType;
    /// assert_eq!(DocumentType::from_abbreviation("QĐ"), Some(DocumentType::QuyetDinh));
    /// assert_eq!(DocumentType::from_abbreviation("QD"), None);
    /// assert_eq!(DocumentType::from_abbreviation("UBND"), None);
    /// ```
    pub fn from_abbreviation(abbr: &str) -> Option<DocumentType> {
        TYPES.iter().find(|t| t.1 == Some(abbr)).map(|t| t.0)
    }

    /// The type a near-miss spelling of an abbreviation designates: first ignoring case, then
    /// ignoring case and reading `D` as `Đ`; `None` unless exactly one type matches.
    fn from_abbreviation_lenient(abbr: &str) -> Option<DocumentType> {
        fn unique(mut it: impl Iterator<Item = DocumentType>) -> Option<DocumentType> {
            let first = it.next()?;
            it.next().is_none().then_some(first)
        }
        if let Some(t) = DocumentType::from_abbreviation(abbr) {
            return Some(t);
        }
        let upper = abbr.to_uppercase().replace('Ð', "Đ");
        let ci = |a: &str| a.to_uppercase() == upper;
        if let Some(t) = unique(TYPES.iter().filter(|t| t.1.is_some_and(ci)).map(|t| t.0)) {
            return Some(t);
        }
        let dfold = |a: &str| a.to_uppercase().replace('Đ', "D");
        let key = dfold(&upper);
        unique(
            TYPES
                .iter()
                .filter(|t| t.1.is_some_and(|a| dfold(a) == key))
                .map(|t| t.0),
        )
    }

    /// Parses a type from its official abbreviation (exact), its snake_case name, or its
    /// Vietnamese name in any case, with or without diacritics.
    ///
    /// ```
    /// use minhbach_model::DocumentType;
    /// assert_eq!(DocumentType::parse("KH").unwrap(), DocumentType::KeHoach);
    /// assert_eq!(DocumentType::parse("Công văn").unwrap(), DocumentType::CongVan);
    /// assert_eq!(DocumentType::parse("quyet_dinh").unwrap(), DocumentType::QuyetDinh);
    /// assert!(DocumentType::parse("CV").is_err()); // not an official abbreviation
    /// ```
    pub fn parse(s: &str) -> Result<DocumentType, ModelError> {
        let t = s.trim();
        if let Some(d) = DocumentType::from_abbreviation(t) {
            return Ok(d);
        }
        let f = fold(t);
        TYPES
            .iter()
            .find(|row| row.3 == t || fold(row.2) == f || fold(row.3) == f)
            .map(|row| row.0)
            .ok_or_else(|| ModelError::UnknownValue {
                what: crate::ValueKind::DocumentType,
                value: s.to_string(),
            })
    }
}

impl fmt::Display for DocumentType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DocumentType {
    type Err = ModelError;
    fn from_str(s: &str) -> Result<Self, ModelError> {
        DocumentType::parse(s)
    }
}

serde_via_str!(
    DocumentType,
    "a document type such as \"bao_cao\", \"BC\" or \"Báo cáo\""
);

/// A document number and symbol (số, ký hiệu), e.g. `415/BC-UBND`, `43/2011/NĐ-CP`,
/// `12/UBND-VX`. See the [module documentation](self) for how a symbol is read.
///
/// The fields are private so every value displays as text that parses back to it.
/// Serialized as that text; deserialized with [`DocumentNumber::parse`] (strict).
///
/// ```
/// use minhbach_model::{DocumentNumber, DocumentType};
/// let n = DocumentNumber::parse("415/BC-UBND").unwrap();
/// assert_eq!((n.number(), n.doc_type(), n.issuer(), n.unit()),
///            (Some(415), Some(DocumentType::BaoCao), "UBND", None));
///
/// let cv = DocumentNumber::parse("839/STP-HCTP&BTTP").unwrap();
/// assert_eq!((cv.doc_type(), cv.issuer(), cv.unit()), (None, "STP", Some("HCTP&BTTP")));
///
/// let nd = DocumentNumber::parse("43/2011/NĐ-CP").unwrap();
/// assert_eq!((nd.year(), nd.doc_type()), (Some(2011), Some(DocumentType::NghiDinh)));
///
/// assert_eq!(DocumentNumber::parse("Số: 5/QĐ-BNV").unwrap().to_string(), "05/QĐ-BNV");
/// assert!(DocumentNumber::parse("130/QD-UBND").is_err());
/// assert_eq!(DocumentNumber::parse_lenient("130/QD-UBND").unwrap().to_string(), "130/QĐ-UBND");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocumentNumber {
    /// `None` for a draft (`/BC-UBND`).
    number: Option<u32>,
    year: Option<u16>,
    doc_type: Option<DocumentType>,
    issuer: String,
    unit: Option<String>,
}

/// Why a number and symbol is refused ([`ModelError::InvalidDocumentNumber`]).
///
/// ```
/// use minhbach_model::{docnum::DocNumberReason, Bilingual, Lang};
/// let r = DocNumberReason::NoLetter { segment: "123".into() };
/// assert_eq!(r.to_string(), "segment \"123\" has no letter");
/// assert_eq!(r.in_lang(Lang::Vi).to_string(), "phần \"123\" của ký hiệu không có chữ cái nào");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DocNumberReason {
    /// Nothing but spaces.
    Empty,
    /// Spaces inside the number and symbol (strict parsing).
    Spaces,
    /// Not `number/SYMBOL` nor `number/year/SYMBOL`.
    Shape,
    /// A number that is not a whole number.
    NumberNotWhole {
        /// The number as written.
        number: String,
    },
    /// The number 0.
    NumberZero,
    /// A year that is not four digits.
    YearNotFourDigits {
        /// The year as written.
        year: String,
    },
    /// A year outside 1900–2999.
    YearOutOfRange {
        /// The year.
        year: u16,
    },
    /// A symbol with an empty segment (`BC--UBND`).
    EmptySegment,
    /// A segment with the Icelandic eth instead of the Vietnamese Đ.
    Eth {
        /// The segment.
        segment: String,
    },
    /// A segment with a character other than letters, digits and `&`.
    Character {
        /// The segment.
        segment: String,
        /// The character.
        character: char,
    },
    /// A segment without a letter.
    NoLetter {
        /// The segment.
        segment: String,
    },
    /// A type that has no abbreviation, given as part of a number.
    TypeWithoutAbbreviation {
        /// The type's Vietnamese name.
        type_name: &'static str,
    },
    /// An issuer that would read back as a type abbreviation.
    IssuerReadsAsType {
        /// The issuer.
        issuer: String,
        /// The abbreviation it would read as.
        abbreviation: &'static str,
    },
    /// A type abbreviation spelled otherwise than officially (strict parsing).
    NotOfficial {
        /// The abbreviation as written.
        written: String,
        /// The official abbreviation.
        official: &'static str,
    },
    /// A type abbreviation not followed by the issuer.
    TypeWithoutIssuer {
        /// The abbreviation as written.
        written: String,
        /// The official abbreviation.
        official: &'static str,
    },
}

impl DocNumberReason {
    /// Both wordings, one arm per variant (`Display` is the English, `Bilingual` the
    /// Vietnamese).
    fn fmt_in(&self, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocNumberReason::Empty => say!(f, lang => "empty", "để trống"),
            DocNumberReason::Spaces => {
                say!(f, lang => "spaces are not allowed inside a number and symbol", "không được có dấu cách trong số, ký hiệu văn bản")
            }
            DocNumberReason::Shape => {
                say!(f, lang => "expected number/SYMBOL or number/year/SYMBOL (e.g. 415/BC-UBND, 43/2011/NĐ-CP)", "cần dạng số/KÝ HIỆU hoặc số/năm/KÝ HIỆU (ví dụ 415/BC-UBND, 43/2011/NĐ-CP)")
            }
            DocNumberReason::NumberNotWhole { number } => {
                say!(f, lang => "number {number:?} is not a whole number (digits, optionally grouped by dots)", "số {number:?} không phải số nguyên (chữ số, có thể nhóm bằng dấu chấm)")
            }
            DocNumberReason::NumberZero => {
                say!(f, lang => "the number must be at least 1", "số văn bản phải từ 1 trở lên")
            }
            DocNumberReason::YearNotFourDigits { year } => {
                say!(f, lang => "year {year:?} is not four digits", "năm {year:?} không phải bốn chữ số")
            }
            DocNumberReason::YearOutOfRange { year } => {
                say!(f, lang => "year {year} is outside 1900-2999", "năm {year} nằm ngoài khoảng 1900-2999")
            }
            DocNumberReason::EmptySegment => {
                say!(f, lang => "empty segment in the symbol", "ký hiệu có một phần để trống")
            }
            DocNumberReason::Eth { segment } => {
                say!(f, lang => "segment {segment:?} has the Icelandic letter eth (Ð, U+00D0 or ð, U+00F0), not the Vietnamese Đ (U+0110)", "phần {segment:?} của ký hiệu có chữ eth của tiếng Iceland (Ð, U+00D0 hoặc ð, U+00F0), không phải chữ Đ tiếng Việt (U+0110)")
            }
            DocNumberReason::Character { segment, character } => {
                say!(f, lang => "segment {segment:?} has {character:?}: only letters, digits and & are allowed", "phần {segment:?} của ký hiệu có {character:?}: chỉ được dùng chữ cái, chữ số và &")
            }
            DocNumberReason::NoLetter { segment } => {
                say!(f, lang => "segment {segment:?} has no letter", "phần {segment:?} của ký hiệu không có chữ cái nào")
            }
            DocNumberReason::TypeWithoutAbbreviation { type_name } => {
                say!(f, lang => "{type_name} has no type abbreviation; leave the type out of the number", "{type_name} không có chữ viết tắt tên loại; bỏ tên loại khỏi số, ký hiệu")
            }
            DocNumberReason::IssuerReadsAsType {
                issuer,
                abbreviation,
            } => {
                say!(f, lang => "issuer {issuer:?} would read as the type abbreviation {abbreviation}", "cơ quan ban hành {issuer:?} sẽ bị đọc thành chữ viết tắt tên loại {abbreviation}")
            }
            DocNumberReason::NotOfficial { written, official } => {
                say!(f, lang => "{written:?} is not an official abbreviation; did you mean {official}? (parse_lenient accepts it)", "{written:?} không phải chữ viết tắt chính thức; có phải ý bạn là {official}? (parse_lenient chấp nhận cách viết này)")
            }
            DocNumberReason::TypeWithoutIssuer { written, official } => {
                say!(f, lang => "the type {written} must be followed by the issuer (e.g. {official}-UBND)", "sau tên loại {written} phải có cơ quan ban hành (ví dụ {official}-UBND)")
            }
        }
    }
}

crate::bilingual_via_fmt_in!(DocNumberReason);

fn nerr(value: &str, reason: DocNumberReason) -> ModelError {
    ModelError::InvalidDocumentNumber {
        value: value.to_string(),
        reason,
    }
}

/// Checks one symbol segment: letters, digits and `&`, at least one letter.
fn check_segment(seg: &str, value: &str) -> Result<(), ModelError> {
    if seg.is_empty() {
        return Err(nerr(value, DocNumberReason::EmptySegment));
    }
    // The Icelandic eth looks like Đ but is another letter: accepting it would make two
    // symbols that read the same compare different (parse_lenient reads Ð as Đ).
    if seg.contains(['Ð', 'ð']) {
        return Err(nerr(
            value,
            DocNumberReason::Eth {
                segment: seg.to_string(),
            },
        ));
    }
    if let Some(c) = seg.chars().find(|c| !(c.is_alphanumeric() || *c == '&')) {
        return Err(nerr(
            value,
            DocNumberReason::Character {
                segment: seg.to_string(),
                character: c,
            },
        ));
    }
    if !seg.chars().any(char::is_alphabetic) {
        return Err(nerr(
            value,
            DocNumberReason::NoLetter {
                segment: seg.to_string(),
            },
        ));
    }
    Ok(())
}

impl DocumentNumber {
    /// Builds a document number from its parts, checking that it displays as text that
    /// parses back to the same parts: `number` ≥ 1; `year` (legal normative numbering)
    /// 1900–2999; `doc_type` has an official abbreviation; `issuer` is one segment (letters,
    /// digits, `&`; at least one letter) that, without a type, is not a type abbreviation or a
    /// near-miss of one; `unit` is one or more such segments joined by `-`.
    ///
    /// ```
    /// use minhbach_model::{DocumentNumber, DocumentType};
    /// let n = DocumentNumber::new(21, None, Some(DocumentType::KeHoach), "UBND", None).unwrap();
    /// assert_eq!(n.to_string(), "21/KH-UBND");
    /// assert!(DocumentNumber::new(12, None, Some(DocumentType::CongVan), "UBND", Some("VX")).is_err());
    /// assert!(DocumentNumber::new(12, None, None, "KH", None).is_err());
    /// ```
    pub fn new(
        number: u32,
        year: Option<u16>,
        doc_type: Option<DocumentType>,
        issuer: &str,
        unit: Option<&str>,
    ) -> Result<DocumentNumber, ModelError> {
        DocumentNumber::build(Some(number), year, doc_type, issuer, unit)
    }

    /// A draft's number and symbol: the parts of [`DocumentNumber::new`] without the number,
    /// which the clerk writes in when registering the document.
    ///
    /// ```
    /// use minhbach_model::{DocumentNumber, DocumentType};
    /// let d = DocumentNumber::draft(None, Some(DocumentType::BaoCao), "UBND", None).unwrap();
    /// assert_eq!((d.to_string(), d.number(), d.is_draft()), ("/BC-UBND".to_string(), None, true));
    /// assert_eq!(DocumentNumber::parse("/BC-UBND").unwrap(), d);
    /// ```
    pub fn draft(
        year: Option<u16>,
        doc_type: Option<DocumentType>,
        issuer: &str,
        unit: Option<&str>,
    ) -> Result<DocumentNumber, ModelError> {
        DocumentNumber::build(None, year, doc_type, issuer, unit)
    }

    fn build(
        number: Option<u32>,
        year: Option<u16>,
        doc_type: Option<DocumentType>,
        issuer: &str,
        unit: Option<&str>,
    ) -> Result<DocumentNumber, ModelError> {
        let value = format!(
            "{}{}/{}{issuer}{}",
            number.map(|n| format!("{n:02}")).unwrap_or_default(),
            year.map(|y| format!("/{y}")).unwrap_or_default(),
            doc_type
                .map(|t| format!("{}-", t.abbreviation().unwrap_or(t.as_str())))
                .unwrap_or_default(),
            unit.map(|u| format!("-{u}")).unwrap_or_default()
        );
        if number == Some(0) {
            return Err(nerr(&value, DocNumberReason::NumberZero));
        }
        if let Some(y) = year {
            if !(1900..=2999).contains(&y) {
                return Err(nerr(&value, DocNumberReason::YearOutOfRange { year: y }));
            }
        }
        if let Some(t) = doc_type {
            if t.abbreviation().is_none() {
                return Err(nerr(
                    &value,
                    DocNumberReason::TypeWithoutAbbreviation {
                        type_name: t.vietnamese_name(),
                    },
                ));
            }
        }
        check_segment(issuer, &value)?;
        if doc_type.is_none() {
            if let Some(t) = DocumentType::from_abbreviation_lenient(issuer) {
                return Err(nerr(
                    &value,
                    DocNumberReason::IssuerReadsAsType {
                        issuer: issuer.to_string(),
                        abbreviation: t.abbreviation().unwrap_or_default(),
                    },
                ));
            }
        }
        if let Some(u) = unit {
            for seg in u.split('-') {
                check_segment(seg, &value)?;
            }
        }
        Ok(DocumentNumber {
            number,
            year,
            doc_type,
            issuer: issuer.to_string(),
            unit: unit.map(str::to_string),
        })
    }

    /// Parses a number and symbol strictly (see the [module documentation](self)).
    /// Errors name the text and say what is wrong.
    pub fn parse(s: &str) -> Result<DocumentNumber, ModelError> {
        DocumentNumber::parse_with(s, false)
    }

    /// Parses a number and symbol leniently: spaces dropped, `–`/`—` read as `-`, and a type
    /// abbreviation written in the wrong case or with `D` for `Đ` accepted when it designates
    /// exactly one type (see the [module documentation](self)).
    ///
    /// ```
    /// use minhbach_model::DocumentNumber;
    /// let n = DocumentNumber::parse_lenient("43/2011/ND - CP").unwrap();
    /// assert_eq!(n.to_string(), "43/2011/NĐ-CP");
    /// assert_eq!(DocumentNumber::parse_lenient("7/ttr-UBND").unwrap().to_string(), "07/TTr-UBND");
    /// // DA is Dự án, never Đề án:
    /// assert_eq!(DocumentNumber::parse_lenient("3/DA-UBND").unwrap().to_string(), "03/DA-UBND");
    /// ```
    pub fn parse_lenient(s: &str) -> Result<DocumentNumber, ModelError> {
        DocumentNumber::parse_with(s, true)
    }

    fn parse_with(s: &str, lenient: bool) -> Result<DocumentNumber, ModelError> {
        let wrap = |e: ModelError| match e {
            ModelError::InvalidDocumentNumber { reason, .. } => nerr(s, reason),
            other => other,
        };
        let mut t = s.trim();
        for prefix in ["Số", "số", "SỐ", "So", "so", "SO"] {
            if let Some(rest) = t.strip_prefix(prefix) {
                if rest.starts_with([':', ' ', '\t']) {
                    t = rest.trim_start_matches([':', ' ', '\t']);
                }
                break;
            }
        }
        let owned;
        if lenient {
            owned = t
                .chars()
                .filter(|c| !c.is_whitespace())
                .map(|c| match c {
                    '–' | '—' | '‐' | '‑' => '-',
                    'Ð' => 'Đ',
                    c => c,
                })
                .collect::<String>();
            t = &owned;
        } else if t.chars().any(char::is_whitespace) {
            return Err(nerr(s, DocNumberReason::Spaces));
        }
        if t.is_empty() {
            return Err(nerr(s, DocNumberReason::Empty));
        }
        let parts: Vec<&str> = t.split('/').collect();
        let (num, year, symbol) = match parts.as_slice() {
            [n, sym] => (*n, None, *sym),
            [n, y, sym] => (*n, Some(*y), *sym),
            _ => return Err(nerr(s, DocNumberReason::Shape)),
        };
        // An empty number is a draft's (`/BC-UBND`).
        let number = match num {
            "" => None,
            _ => Some(parse_number(num).ok_or_else(|| {
                nerr(
                    s,
                    DocNumberReason::NumberNotWhole {
                        number: num.to_string(),
                    },
                )
            })?),
        };
        let year = match year {
            None => None,
            Some(y) if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) => y.parse().ok(),
            Some(y) => {
                return Err(nerr(
                    s,
                    DocNumberReason::YearNotFourDigits {
                        year: y.to_string(),
                    },
                ))
            }
        };
        let (first, rest) = match symbol.split_once('-') {
            Some((a, b)) => (a, Some(b)),
            None => (symbol, None),
        };
        let doc_type = match DocumentType::from_abbreviation(first) {
            Some(t) => Some(t),
            None => match DocumentType::from_abbreviation_lenient(first) {
                Some(t) if lenient => Some(t),
                Some(t) => {
                    return Err(nerr(
                        s,
                        DocNumberReason::NotOfficial {
                            written: first.to_string(),
                            official: t.abbreviation().unwrap_or_default(),
                        },
                    ))
                }
                None => None,
            },
        };
        let (issuer, unit) = match doc_type {
            Some(t) => match rest {
                Some(r) => match r.split_once('-') {
                    Some((i, u)) => (i, Some(u)),
                    None => (r, None),
                },
                None => {
                    return Err(nerr(
                        s,
                        DocNumberReason::TypeWithoutIssuer {
                            written: first.to_string(),
                            official: t.abbreviation().unwrap_or_default(),
                        },
                    ))
                }
            },
            None => (first, rest),
        };
        DocumentNumber::build(number, year, doc_type, issuer, unit).map_err(wrap)
    }

    /// The sequence number (số); `None` for a draft.
    pub fn number(&self) -> Option<u32> {
        self.number
    }

    /// Whether this is a draft's number and symbol (`/BC-UBND`), without its number.
    pub fn is_draft(&self) -> bool {
        self.number.is_none()
    }

    /// The year of a legal normative number (`2011` in `43/2011/NĐ-CP`).
    pub fn year(&self) -> Option<u16> {
        self.year
    }

    /// The type given by the first segment of the symbol; `None` for a công văn (and for
    /// laws, numbered `45/2019/QH14`).
    pub fn doc_type(&self) -> Option<DocumentType> {
        self.doc_type
    }

    /// The issuing agency's abbreviation (`UBND`, `STP`, `CP`, `TTg`).
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The segments after the issuer, joined by `-`: the drafting unit or field of a công văn
    /// (`VX`, `HCTP&BTTP`) or co-issuers of a joint document.
    pub fn unit(&self) -> Option<&str> {
        self.unit.as_deref()
    }

    /// The symbol (ký hiệu) alone: `BC-UBND`, `UBND-VX`, `NĐ-CP`.
    pub fn symbol(&self) -> String {
        let mut out = String::new();
        if let Some(a) = self.doc_type.and_then(DocumentType::abbreviation) {
            out.push_str(a);
            out.push('-');
        }
        out.push_str(&self.issuer);
        if let Some(u) = &self.unit {
            out.push('-');
            out.push_str(u);
        }
        out
    }
}

/// Digits, optionally grouped by dots in threes (`1.291`); at least 1.
fn parse_number(s: &str) -> Option<u32> {
    if s.contains('.') {
        let mut groups = s.split('.');
        let head = groups.next()?;
        if head.is_empty() || head.len() > 3 || head.starts_with('0') {
            return None;
        }
        let mut digits = head.to_string();
        for g in groups {
            if g.len() != 3 {
                return None;
            }
            digits.push_str(g);
        }
        return parse_number(&digits);
    }
    if s.is_empty() || s.len() > 10 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

impl fmt::Display for DocumentNumber {
    /// The canonical text: number padded to two digits, optional year, symbol:
    /// `05/QĐ-BNV`, `43/2011/NĐ-CP`, `12/UBND-VX`; a draft has no number: `/BC-UBND`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(n) = self.number {
            write!(f, "{n:02}")?;
        }
        f.write_str("/")?;
        if let Some(y) = self.year {
            write!(f, "{y}/")?;
        }
        f.write_str(&self.symbol())
    }
}

impl FromStr for DocumentNumber {
    type Err = ModelError;
    fn from_str(s: &str) -> Result<Self, ModelError> {
        DocumentNumber::parse(s)
    }
}

serde_via_str!(
    DocumentNumber,
    "a document number and symbol such as \"415/BC-UBND\""
);

#[cfg(test)]
mod tests {
    /// Fuzz finding (document_number, crash-1b2c767e): the strict parser accepted an issuer
    /// spelled with the Icelandic eth, which the lenient parser reads as Đ, so the two parsers
    /// returned different numbers for the same text.
    #[test]
    fn eth_is_not_d_with_stroke() {
        use super::DocumentNumber;
        let e = DocumentNumber::parse("715/QĻÐ-TTg")
            .unwrap_err()
            .to_string();
        assert!(e.contains("U+00D0"), "{e}");
        assert!(DocumentNumber::parse("12/UBND-ðT").is_err());
        assert_eq!(
            DocumentNumber::parse_lenient("715/QĻÐ-TTg")
                .unwrap()
                .to_string(),
            "715/QĻĐ-TTg"
        );
        assert_eq!(
            DocumentNumber::parse_lenient("12/QÐ-UBND")
                .unwrap()
                .to_string(),
            "12/QĐ-UBND"
        );
    }

    use super::*;
    use crate::Bilingual;
    use proptest::prelude::*;

    #[test]
    fn the_documented_examples() {
        type Case<'a> = (
            &'a str,
            u32,
            Option<u16>,
            Option<DocumentType>,
            &'a str,
            Option<&'a str>,
        );
        let cases: &[Case] = &[
            (
                "415/BC-UBND",
                415,
                None,
                Some(DocumentType::BaoCao),
                "UBND",
                None,
            ),
            (
                "21/KH-UBND",
                21,
                None,
                Some(DocumentType::KeHoach),
                "UBND",
                None,
            ),
            (
                "130/QĐ-UBND",
                130,
                None,
                Some(DocumentType::QuyetDinh),
                "UBND",
                None,
            ),
            (
                "43/2011/NĐ-CP",
                43,
                Some(2011),
                Some(DocumentType::NghiDinh),
                "CP",
                None,
            ),
            (
                "839/STP-HCTP&BTTP",
                839,
                None,
                None,
                "STP",
                Some("HCTP&BTTP"),
            ),
            ("12/UBND-VX", 12, None, None, "UBND", Some("VX")),
            ("45/2019/QH14", 45, Some(2019), None, "QH14", None),
            (
                "09/2015/QĐ-TTg",
                9,
                Some(2015),
                Some(DocumentType::QuyetDinh),
                "TTg",
                None,
            ),
            (
                "01/2018/TT-VPCP",
                1,
                Some(2018),
                Some(DocumentType::ThongTu),
                "VPCP",
                None,
            ),
            (
                "05/QyĐ-UBND",
                5,
                None,
                Some(DocumentType::QuyDinh),
                "UBND",
                None,
            ),
            (
                "10/2014/TTLT-BTC-BTP",
                10,
                Some(2014),
                Some(DocumentType::ThongTuLienTich),
                "BTC",
                Some("BTP"),
            ),
        ];
        for &(s, n, y, t, i, u) in cases {
            let d = DocumentNumber::parse(s).unwrap();
            assert_eq!(
                (d.number(), d.year(), d.doc_type(), d.issuer(), d.unit()),
                (Some(n), y, t, i, u),
                "{s}"
            );
            assert_eq!(d.to_string(), s);
        }
    }

    #[test]
    fn accepted_variants() {
        for (s, canon) in [
            ("Số: 415/BC-UBND", "415/BC-UBND"),
            ("số 5/QĐ-BNV", "05/QĐ-BNV"),
            ("1.291/QĐ-UBND", "1291/QĐ-UBND"),
            ("005/BC-UBND", "05/BC-UBND"),
        ] {
            assert_eq!(DocumentNumber::parse(s).unwrap().to_string(), canon, "{s}");
        }
        for (s, canon) in [
            ("130/QD-UBND", "130/QĐ-UBND"),
            ("43/2011/nd-cp", "43/2011/NĐ-cp"),
            ("1/CD-UBND", "01/CĐ-UBND"),
            ("2/QYD-UBND", "02/QyĐ-UBND"),
            ("2/QÐ-UBND", "02/QĐ-UBND"),
            ("3/ĐA-UBND", "03/ĐA-UBND"),
            ("3/hd-UBND", "03/HD-UBND"),
            ("12 / UBND – VX", "12/UBND-VX"),
        ] {
            assert_eq!(
                DocumentNumber::parse_lenient(s).unwrap().to_string(),
                canon,
                "{s}"
            );
        }
    }

    #[test]
    fn refusals_name_the_value() {
        for s in [
            "",
            "415",
            "/",
            "/BC",
            "0/BC-UBND",
            "415/BC",
            "415/BC-",
            "415/-UBND",
            "415/BC--UBND",
            "41a/BC-UBND",
            "415/BC-UB ND",
            "1/2/3/4",
            "43/11/NĐ-CP",
            "130/QD-UBND",
            "12/Ttr-UBND",
            "1.29/QĐ-UBND",
            "99999999999/BC-UBND",
            "415/BC-UBND/",
            "415/123",
            "415/BC-U.B",
        ] {
            let e = DocumentNumber::parse(s).unwrap_err().to_string();
            assert!(e.contains(&format!("{s:?}")), "{s}: {e}");
        }
        let e = DocumentNumber::parse("130/QD-UBND")
            .unwrap_err()
            .to_string();
        assert!(e.contains("QĐ"), "{e}");
    }

    #[test]
    fn drafts_have_no_number() {
        for (s, canon, year, t, issuer) in [
            (
                "/BC-UBND",
                "/BC-UBND",
                None,
                Some(DocumentType::BaoCao),
                "UBND",
            ),
            (
                "Số: /BC-UBND",
                "/BC-UBND",
                None,
                Some(DocumentType::BaoCao),
                "UBND",
            ),
            (
                "/2021/NĐ-CP",
                "/2021/NĐ-CP",
                Some(2021),
                Some(DocumentType::NghiDinh),
                "CP",
            ),
            ("/UBND-VX", "/UBND-VX", None, None, "UBND"),
        ] {
            let d = DocumentNumber::parse(s).unwrap();
            assert!(d.is_draft(), "{s}");
            assert_eq!(
                (d.number(), d.year(), d.doc_type(), d.issuer()),
                (None, year, t, issuer),
                "{s}"
            );
            assert_eq!(d.to_string(), canon);
            assert_eq!(DocumentNumber::parse_lenient(s).unwrap(), d);
        }
        assert_eq!(
            DocumentNumber::parse_lenient(" / QD - UBND")
                .unwrap()
                .to_string(),
            "/QĐ-UBND"
        );
        assert!(!DocumentNumber::parse("415/BC-UBND").unwrap().is_draft());
    }

    #[test]
    fn types_have_unique_spellings() {
        let all: Vec<_> = DocumentType::all().collect();
        assert_eq!(all.len(), TYPES.len());
        for t in &all {
            assert_eq!(DocumentType::parse(t.as_str()).unwrap(), *t);
            assert_eq!(DocumentType::parse(t.vietnamese_name()).unwrap(), *t);
            if let Some(a) = t.abbreviation() {
                assert_eq!(DocumentType::from_abbreviation(a), Some(*t));
                assert_eq!(DocumentType::from_abbreviation_lenient(a), Some(*t));
            }
        }
        let mut names: Vec<String> = all.iter().map(|t| fold(t.vietnamese_name())).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), all.len());
    }

    #[test]
    fn serde_shapes() {
        let n = DocumentNumber::parse("839/STP-HCTP&BTTP").unwrap();
        assert_eq!(serde_json::to_string(&n).unwrap(), "\"839/STP-HCTP&BTTP\"");
        let t: DocumentType = serde_json::from_str("\"Kế hoạch\"").unwrap();
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"ke_hoach\"");
        assert!(serde_json::from_str::<DocumentNumber>("\"12/QD-UBND\"").is_err());
    }

    fn segment() -> impl Strategy<Value = String> {
        "[A-ZĐ][A-ZĐa-z0-9&]{0,6}"
    }

    fn any_number() -> impl Strategy<Value = DocumentNumber> {
        let types: Vec<Option<DocumentType>> = std::iter::once(None)
            .chain(
                DocumentType::all()
                    .filter(|t| t.abbreviation().is_some())
                    .map(Some),
            )
            .collect();
        (
            1u32..=u32::MAX,
            proptest::option::of(1900u16..=2999),
            proptest::sample::select(types),
            segment(),
            proptest::option::of(proptest::collection::vec(segment(), 1..3)),
        )
            .prop_filter_map("valid parts", |(n, y, t, i, u)| {
                let u = u.map(|u| u.join("-"));
                // One number in 16 a draft's.
                if n % 16 == 0 {
                    DocumentNumber::draft(y, t, &i, u.as_deref()).ok()
                } else {
                    DocumentNumber::new(n, y, t, &i, u.as_deref()).ok()
                }
            })
    }

    proptest! {
        #[test]
        fn parsers_never_panic(s in ".*") {
            let _ = DocumentNumber::parse(&s);
            let _ = DocumentNumber::parse_lenient(&s);
            let _ = DocumentType::parse(&s);
        }

        #[test]
        fn errors_name_the_value(s in "(Số: )?[0-9.]{0,6}(/[0-9]{0,5})?/[A-Za-zĐđ&-]{0,12}") {
            if let Err(e) = DocumentNumber::parse(&s) {
                prop_assert!(e.to_string().contains(&format!("{s:?}")), "{}", e);
            }
        }

        #[test]
        fn display_parse_identity(n in any_number()) {
            let text = n.to_string();
            prop_assert_eq!(DocumentNumber::parse(&text).unwrap(), n.clone());
            prop_assert_eq!(DocumentNumber::parse_lenient(&text).unwrap(), n.clone());
            let json = serde_json::to_string(&n).unwrap();
            prop_assert_eq!(serde_json::from_str::<DocumentNumber>(&json).unwrap(), n);
        }
    }

    #[test]
    fn every_number_reason_keeps_its_english_and_has_vietnamese() {
        let seg = || "BC".to_string();
        let all = [
            (DocNumberReason::Empty, "empty".to_string()),
            (
                DocNumberReason::Spaces,
                "spaces are not allowed inside a number and symbol".into(),
            ),
            (
                DocNumberReason::Shape,
                "expected number/SYMBOL or number/year/SYMBOL (e.g. 415/BC-UBND, 43/2011/NĐ-CP)"
                    .into(),
            ),
            (
                DocNumberReason::NumberNotWhole { number: "x".into() },
                "number \"x\" is not a whole number (digits, optionally grouped by dots)".into(),
            ),
            (
                DocNumberReason::NumberZero,
                "the number must be at least 1".into(),
            ),
            (
                DocNumberReason::YearNotFourDigits { year: "21".into() },
                "year \"21\" is not four digits".into(),
            ),
            (
                DocNumberReason::YearOutOfRange { year: 1800 },
                "year 1800 is outside 1900-2999".into(),
            ),
            (
                DocNumberReason::EmptySegment,
                "empty segment in the symbol".into(),
            ),
            (
                DocNumberReason::Eth { segment: seg() },
                "segment \"BC\" has the Icelandic letter eth (Ð, U+00D0 or ð, U+00F0), not the \
                 Vietnamese Đ (U+0110)"
                    .into(),
            ),
            (
                DocNumberReason::Character {
                    segment: seg(),
                    character: '.',
                },
                "segment \"BC\" has '.': only letters, digits and & are allowed".into(),
            ),
            (
                DocNumberReason::NoLetter { segment: seg() },
                "segment \"BC\" has no letter".into(),
            ),
            (
                DocNumberReason::TypeWithoutAbbreviation {
                    type_name: "Luật"
                },
                "Luật has no type abbreviation; leave the type out of the number".into(),
            ),
            (
                DocNumberReason::IssuerReadsAsType {
                    issuer: "BC".into(),
                    abbreviation: "BC",
                },
                "issuer \"BC\" would read as the type abbreviation BC".into(),
            ),
            (
                DocNumberReason::NotOfficial {
                    written: "ND".into(),
                    official: "NĐ",
                },
                "\"ND\" is not an official abbreviation; did you mean NĐ? (parse_lenient \
                 accepts it)"
                    .into(),
            ),
            (
                DocNumberReason::TypeWithoutIssuer {
                    written: "BC".into(),
                    official: "BC",
                },
                "the type BC must be followed by the issuer (e.g. BC-UBND)".into(),
            ),
        ];
        for (r, en) in &all {
            assert_eq!(r.to_string(), *en);
        }
        let reasons: Vec<DocNumberReason> = all.into_iter().map(|(r, _)| r).collect();
        assert_eq!(crate::lang::untranslated(&reasons), Vec::<String>::new());
        for r in &reasons {
            let vi = r.in_lang(Lang::Vi).to_string();
            for w in [
                " is ", " not ", "the ", "segment", "expected", "must", "number ",
            ] {
                assert!(!vi.contains(w), "{w:?} in {vi:?}");
            }
        }
        let e = DocumentNumber::parse("415/BC--UBND").unwrap_err();
        assert_eq!(
            e.in_lang(Lang::Vi).to_string(),
            "số, ký hiệu văn bản không hợp lệ \"415/BC--UBND\": ký hiệu có một phần để trống"
        );
    }
}
