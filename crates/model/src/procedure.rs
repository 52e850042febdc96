//! Administrative procedures (thủ tục hành chính, TTHC), their catalogue, and agencies.
//!
//! # Choices
//!
//! - **Statutory time** is a whole number of working days ([`Procedure::working_days`]);
//!   `0` means "trong ngày" (same day; the calendar applies the 15:00 cut-off). Procedures
//!   whose time is set in hours ("4 giờ làm việc") or calendar days must be converted by the
//!   caller; fractions are refused rather than rounded silently.
//! - **Online service level** is one enum covering both regimes: the legacy mức độ 1–4 of
//!   Nghị định 43/2011/NĐ-CP (Điều 3 k4) and the dịch vụ công trực tuyến toàn trình / một
//!   phần of Nghị định 42/2022/NĐ-CP (Điều 11 k1), which replaced it from 15/8/2022.
//! - **CSV**: [`ProcedureCatalogue::from_csv_str`] reads catalogue text that the caller has
//!   already loaded (the model does no file I/O). Headers are matched case- and
//!   diacritic-insensitively, with Vietnamese aliases; unknown columns are ignored.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::csv_table::{ColumnRole, CsvTable};
use crate::serde_str::serde_via_str;
use crate::text::fold;
use crate::{FieldReason, KeyKind, ModelError, Record, ValueKind};

/// The government level that handles a procedure (cấp thực hiện).
///
/// Serialized as `central`, `province`, `district`, `commune`; parsed also from `cấp tỉnh`,
/// `tỉnh`, `cấp huyện`, `cấp xã`, `cấp trung ương`, `cấp bộ` (any case, with or without
/// diacritics).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GovernmentLevel {
    /// Cấp trung ương (ministries).
    Central,
    /// Cấp tỉnh.
    Province,
    /// Cấp huyện (until the two-tier reorganisation of 1/7/2025).
    District,
    /// Cấp xã.
    Commune,
}

impl GovernmentLevel {
    /// All levels, top down.
    pub const ALL: [GovernmentLevel; 4] = [
        GovernmentLevel::Central,
        GovernmentLevel::Province,
        GovernmentLevel::District,
        GovernmentLevel::Commune,
    ];

    /// The name used in data files.
    pub fn as_str(self) -> &'static str {
        match self {
            GovernmentLevel::Central => "central",
            GovernmentLevel::Province => "province",
            GovernmentLevel::District => "district",
            GovernmentLevel::Commune => "commune",
        }
    }

    /// The Vietnamese wording: `cấp tỉnh`, `cấp huyện`, `cấp xã`, `cấp trung ương`.
    pub fn vietnamese(self) -> &'static str {
        match self {
            GovernmentLevel::Central => "cấp trung ương",
            GovernmentLevel::Province => "cấp tỉnh",
            GovernmentLevel::District => "cấp huyện",
            GovernmentLevel::Commune => "cấp xã",
        }
    }

    /// Parses a level (see the type documentation).
    ///
    /// ```
    /// use minhbach_model::GovernmentLevel;
    /// assert_eq!(GovernmentLevel::parse("Cấp huyện").unwrap(), GovernmentLevel::District);
    /// assert!(GovernmentLevel::parse("cấp thôn").is_err());
    /// ```
    pub fn parse(s: &str) -> Result<GovernmentLevel, ModelError> {
        let f = fold(s);
        let f = f.strip_prefix("cap ").unwrap_or(&f);
        match f {
            "central" | "trung uong" | "bo" | "tw" => Ok(GovernmentLevel::Central),
            "province" | "tinh" => Ok(GovernmentLevel::Province),
            "district" | "huyen" => Ok(GovernmentLevel::District),
            "commune" | "xa" => Ok(GovernmentLevel::Commune),
            _ => Err(ModelError::UnknownValue {
                what: ValueKind::GovernmentLevel,
                value: s.to_string(),
            }),
        }
    }
}

impl fmt::Display for GovernmentLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for GovernmentLevel {
    type Err = ModelError;
    fn from_str(s: &str) -> Result<Self, ModelError> {
        GovernmentLevel::parse(s)
    }
}

serde_via_str!(
    GovernmentLevel,
    "a government level: central, province, district or commune"
);

/// How far a procedure can be done online.
///
/// Serialized as `level_1` … `level_4`, `full`, `partial`. Parsed also from `1`–`4`,
/// `mức độ 3`, `level 3`, `toàn trình`, `một phần` (any case, with or without diacritics).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OnlineServiceLevel {
    /// Mức độ 1 (NĐ 43/2011): information about the procedure only.
    Level1,
    /// Mức độ 2: adds downloadable forms; the dossier is still filed in person or by post.
    Level2,
    /// Mức độ 3: forms filled and submitted online; fee and result in person.
    Level3,
    /// Mức độ 4: adds online payment; result online, in person or by post.
    Level4,
    /// Dịch vụ công trực tuyến toàn trình (NĐ 42/2022 Điều 11 k1 a): everything online,
    /// result online or by public postal service.
    Full,
    /// Dịch vụ công trực tuyến một phần (NĐ 42/2022 Điều 11 k1 b): any other online service.
    Partial,
}

impl OnlineServiceLevel {
    /// All levels, legacy first.
    pub const ALL: [OnlineServiceLevel; 6] = [
        OnlineServiceLevel::Level1,
        OnlineServiceLevel::Level2,
        OnlineServiceLevel::Level3,
        OnlineServiceLevel::Level4,
        OnlineServiceLevel::Full,
        OnlineServiceLevel::Partial,
    ];

    /// The name used in data files.
    pub fn as_str(self) -> &'static str {
        match self {
            OnlineServiceLevel::Level1 => "level_1",
            OnlineServiceLevel::Level2 => "level_2",
            OnlineServiceLevel::Level3 => "level_3",
            OnlineServiceLevel::Level4 => "level_4",
            OnlineServiceLevel::Full => "full",
            OnlineServiceLevel::Partial => "partial",
        }
    }

    /// The Vietnamese wording as reports use it: `mức độ 3`, `toàn trình`, `một phần`.
    pub fn vietnamese(self) -> &'static str {
        match self {
            OnlineServiceLevel::Level1 => "mức độ 1",
            OnlineServiceLevel::Level2 => "mức độ 2",
            OnlineServiceLevel::Level3 => "mức độ 3",
            OnlineServiceLevel::Level4 => "mức độ 4",
            OnlineServiceLevel::Full => "toàn trình",
            OnlineServiceLevel::Partial => "một phần",
        }
    }

    /// How tables and pages name the dossiers whose online service level is not known (none
    /// in the file, none for their procedure in the catalogue): `không rõ mức độ`.
    pub const UNKNOWN_VIETNAMESE: &'static str = "không rõ mức độ";

    /// Whether the level belongs to the legacy NĐ 43/2011 scale (mức độ 1–4).
    pub fn is_legacy(self) -> bool {
        matches!(
            self,
            OnlineServiceLevel::Level1
                | OnlineServiceLevel::Level2
                | OnlineServiceLevel::Level3
                | OnlineServiceLevel::Level4
        )
    }

    /// Whether a dossier can be submitted online at this level (mức độ 3, 4, toàn trình,
    /// một phần). Levels 1 and 2 only publish information and forms.
    pub fn allows_online_submission(self) -> bool {
        !matches!(
            self,
            OnlineServiceLevel::Level1 | OnlineServiceLevel::Level2
        )
    }

    /// The NĐ 42/2022 kind a legacy level is usually reported as: level 4 as toàn trình,
    /// level 3 as một phần; levels 1–2 are not online services under NĐ 42/2022 (`None`).
    /// This is a reporting convention, not a legal equivalence (research notes, UNVERIFIED);
    /// callers that need another mapping should apply their own.
    ///
    /// ```
    /// use minhbach_model::OnlineServiceLevel as L;
    /// assert_eq!(L::Level4.conventional_nd42_kind(), Some(L::Full));
    /// assert_eq!(L::Level2.conventional_nd42_kind(), None);
    /// ```
    pub fn conventional_nd42_kind(self) -> Option<OnlineServiceLevel> {
        match self {
            OnlineServiceLevel::Level1 | OnlineServiceLevel::Level2 => None,
            OnlineServiceLevel::Level3 | OnlineServiceLevel::Partial => {
                Some(OnlineServiceLevel::Partial)
            }
            OnlineServiceLevel::Level4 | OnlineServiceLevel::Full => Some(OnlineServiceLevel::Full),
        }
    }

    /// Parses a level (see the type documentation).
    ///
    /// ```
    /// use minhbach_model::OnlineServiceLevel;
    /// assert_eq!(OnlineServiceLevel::parse("Mức độ 3").unwrap(), OnlineServiceLevel::Level3);
    /// assert_eq!(OnlineServiceLevel::parse("Toàn trình").unwrap(), OnlineServiceLevel::Full);
    /// assert!(OnlineServiceLevel::parse("5").is_err());
    /// ```
    pub fn parse(s: &str) -> Result<OnlineServiceLevel, ModelError> {
        let f = fold(s);
        let f = f
            .replace("dich vu cong truc tuyen ", "")
            .replace("dvc truc tuyen ", "");
        let f = f
            .strip_prefix("muc do ")
            .or_else(|| f.strip_prefix("level "))
            .or_else(|| f.strip_prefix("level"))
            .unwrap_or(&f);
        match f {
            "1" => Ok(OnlineServiceLevel::Level1),
            "2" => Ok(OnlineServiceLevel::Level2),
            "3" => Ok(OnlineServiceLevel::Level3),
            "4" => Ok(OnlineServiceLevel::Level4),
            "full" | "toan trinh" => Ok(OnlineServiceLevel::Full),
            "partial" | "mot phan" => Ok(OnlineServiceLevel::Partial),
            _ => Err(ModelError::UnknownValue {
                what: ValueKind::OnlineServiceLevel,
                value: s.to_string(),
            }),
        }
    }
}

impl fmt::Display for OnlineServiceLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for OnlineServiceLevel {
    type Err = ModelError;
    fn from_str(s: &str) -> Result<Self, ModelError> {
        OnlineServiceLevel::parse(s)
    }
}

serde_via_str!(
    OnlineServiceLevel,
    "an online service level: level_1 … level_4, full or partial"
);

/// An administrative procedure (thủ tục hành chính) from the published catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Procedure {
    /// Code in the national database (mã thủ tục), e.g. `1.001234`. Not blank, no spaces;
    /// its layout is not checked further (older provincial codes differ).
    pub code: String,
    /// Name (tên thủ tục).
    pub name: String,
    /// Field (lĩnh vực), e.g. "Hộ tịch".
    #[serde(default)]
    pub field: Option<String>,
    /// Level of government that handles it (cấp thực hiện).
    #[serde(default)]
    pub government_level: Option<GovernmentLevel>,
    /// Statutory time in working days; `0` = same day (see the module documentation);
    /// `None` when the catalogue does not state it (dossiers of the procedure without their
    /// own due date then have an unknown due date).
    #[serde(default, alias = "days")]
    pub working_days: Option<u32>,
    /// Online service level, when it is offered online or its level is known.
    #[serde(default)]
    pub online_level: Option<OnlineServiceLevel>,
    /// Agency that handles it (cơ quan thực hiện), when the catalogue says.
    #[serde(default)]
    pub agency: Option<String>,
}

impl Procedure {
    /// Checks that code and name are not blank and the code has no spaces.
    pub fn validate(&self) -> Result<(), ModelError> {
        let bad = |field: &'static str, value: &str, reason| ModelError::InvalidField {
            record: Record::Procedure {
                code: self.code.clone(),
            },
            field,
            value: value.to_string(),
            reason,
        };
        if self.code.trim().is_empty() {
            return Err(bad("code", &self.code, FieldReason::Blank));
        }
        if self.code.chars().any(char::is_whitespace) {
            return Err(bad("code", &self.code, FieldReason::CodeHasSpaces));
        }
        if self.name.trim().is_empty() {
            return Err(bad("name", &self.name, FieldReason::Blank));
        }
        Ok(())
    }
}

/// Parses a statutory time in working days: a whole number (`5`, `05`), or the wording of
/// published catalogues, `5 ngày làm việc` (anything after it, such as "kể từ ngày nhận đủ
/// hồ sơ hợp lệ", is ignored) and `trong ngày` (same day, 0). Calendar days (`30 ngày`),
/// hours and fractions are refused: the caller converts them.
///
/// ```
/// use minhbach_model::procedure::parse_working_days;
/// assert_eq!(parse_working_days("05").unwrap(), 5);
/// assert_eq!(parse_working_days("03 ngày làm việc kể từ ngày nhận đủ hồ sơ").unwrap(), 3);
/// assert_eq!(parse_working_days("Trong ngày").unwrap(), 0);
/// assert!(parse_working_days("30 ngày").is_err());
/// assert!(parse_working_days("2.5").is_err());
/// ```
pub fn parse_working_days(s: &str) -> Result<u32, ModelError> {
    let t = s.trim();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let (number, rest) = (
        t.get(..digits).unwrap_or(""),
        fold(t.get(digits..).unwrap_or("")),
    );
    let days = if digits > 0 && (rest.is_empty() || rest.starts_with("ngay lam viec")) {
        number.parse::<u32>().ok()
    } else if digits == 0 && (rest == "trong ngay" || rest.starts_with("trong ngay ")) {
        Some(0)
    } else {
        None
    };
    days.ok_or_else(|| ModelError::UnknownValue {
        what: ValueKind::StatutoryTime,
        value: s.to_string(),
    })
}

/// The procedures a unit handles, looked up by code.
///
/// Serialized as a plain list of [`Procedure`]s; validated (and duplicate codes refused) on
/// deserialization.
///
/// ```
/// use minhbach_model::{GovernmentLevel, OnlineServiceLevel, ProcedureCatalogue};
/// let csv = "code,name,field,government_level,working_days,online_level\n\
///            1.001234,Đăng ký khai sinh,Hộ tịch,cấp xã,0,mức độ 4\n\
///            2.000908,Cấp bản sao từ sổ gốc,Chứng thực,cấp huyện,2,\n";
/// let cat = ProcedureCatalogue::from_csv_str(csv).unwrap();
/// let p = cat.get("1.001234").unwrap();
/// assert_eq!((p.working_days, p.government_level), (Some(0), Some(GovernmentLevel::Commune)));
/// assert_eq!(p.online_level, Some(OnlineServiceLevel::Level4));
/// assert_eq!(cat.get("2.000908").unwrap().online_level, None);
///
/// // The report bundle's layout: `days`, and `level` holding online service levels.
/// let cat = ProcedureCatalogue::from_csv_str("code,name,days,level\nLS.TP.001,Chứng thực,1,3\n").unwrap();
/// let p = cat.get("LS.TP.001").unwrap();
/// assert_eq!((p.working_days, p.online_level), (Some(1), Some(OnlineServiceLevel::Level3)));
///
/// let e = ProcedureCatalogue::from_csv_str("code,name,working_days\nX,Y,2.5\n").unwrap_err();
/// assert!(e.to_string().starts_with("line 2, column \"working_days\": value \"2.5\""), "{e}");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<Procedure>", into = "Vec<Procedure>")]
pub struct ProcedureCatalogue {
    procedures: Vec<Procedure>,
    index: HashMap<String, usize>,
}

/// Column roles of a catalogue CSV.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum CatalogueColumn {
    Code,
    Name,
    Field,
    GovernmentLevel,
    OnlineLevel,
    /// `level` alone: government or online level, decided by its values.
    Level,
    WorkingDays,
    Agency,
}

impl ColumnRole for CatalogueColumn {
    const ALL: &'static [CatalogueColumn] = &[
        CatalogueColumn::Code,
        CatalogueColumn::Name,
        CatalogueColumn::Field,
        CatalogueColumn::GovernmentLevel,
        CatalogueColumn::OnlineLevel,
        CatalogueColumn::Level,
        CatalogueColumn::WorkingDays,
        CatalogueColumn::Agency,
    ];

    fn aliases(self) -> &'static [&'static str] {
        match self {
            CatalogueColumn::Code => &[
                "code",
                "Mã thủ tục",
                "Mã TTHC",
                "MaTTHC",
                "Mã thủ tục hành chính",
                "Mã",
                "Mã số",
                "procedure_code",
            ],
            CatalogueColumn::Name => &[
                "name",
                "Tên thủ tục",
                "Tên TTHC",
                "TenTTHC",
                "Tên thủ tục hành chính",
                "Tên",
                "procedure_name",
            ],
            CatalogueColumn::Field => &["field", "Lĩnh vực", "Tên lĩnh vực", "TenLinhVuc"],
            CatalogueColumn::GovernmentLevel => &[
                "government_level",
                "Cấp thực hiện",
                "CapThucHien",
                "Cấp",
                "Cấp hành chính",
            ],
            CatalogueColumn::OnlineLevel => &[
                "online_level",
                "Mức độ",
                "Mức độ DVC",
                "Mức độ DVCTT",
                "MucDo",
                "Mức độ dịch vụ công",
                "Mức độ dịch vụ công trực tuyến",
                "Dịch vụ công trực tuyến",
                "online_service_level",
            ],
            CatalogueColumn::Level => &["level"],
            CatalogueColumn::WorkingDays => &[
                "working_days",
                "days",
                "Thời hạn giải quyết",
                "ThoiHanGiaiQuyet",
                "Thời hạn",
                "Số ngày",
                "Số ngày giải quyết",
                "Số ngày làm việc",
                "Thời gian giải quyết",
            ],
            CatalogueColumn::Agency => &[
                "agency",
                "Cơ quan thực hiện",
                "CoQuanThucHien",
                "Cơ quan",
                "Đơn vị",
                "Đơn vị thực hiện",
            ],
        }
    }
}

/// What a catalogue's `level` column holds, decided by its first non-empty value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LevelKind {
    /// Government levels (`cấp xã`, `district`).
    Government,
    /// Online service levels (`3`, `mức độ 4`, `toàn trình`).
    Online,
}

/// Decides what the `level` column of `table` holds: government levels (`cấp xã`,
/// `district`) or online service levels (`3`, `mức độ 4`, `toàn trình`); the two spellings
/// never overlap. `None` when there is no such column or it is empty. A column of the
/// same meaning under its own name makes `level` ambiguous: an error.
fn level_kind(table: &CsvTable<CatalogueColumn>) -> Result<Option<LevelKind>, ModelError> {
    let Some(first) = table.rows().find_map(|r| {
        r.cell(CatalogueColumn::Level)
            .map(|(v, h)| (r.line, v.to_string(), h.to_string()))
    }) else {
        return Ok(None);
    };
    let (line, value, header) = first;
    let kind = if GovernmentLevel::parse(&value).is_ok() {
        LevelKind::Government
    } else if OnlineServiceLevel::parse(&value).is_ok() {
        LevelKind::Online
    } else {
        return Err(ModelError::Csv {
            line,
            column: header,
            value,
            reason: crate::CsvReason::LevelKind,
        });
    };
    let twin = match kind {
        LevelKind::Government => CatalogueColumn::GovernmentLevel,
        LevelKind::Online => CatalogueColumn::OnlineLevel,
    };
    if let Some(other) = table.header(twin) {
        return Err(ModelError::Csv {
            line: 1,
            column: header,
            value,
            reason: crate::CsvReason::SameColumn {
                first: other.to_string(),
            },
        });
    }
    Ok(Some(kind))
}

/// The error of a `level` value of the other kind than the column's first value.
fn level_mix(e: ModelError, kind: LevelKind) -> ModelError {
    ModelError::UnknownValue {
        what: ValueKind::Level(kind),
        value: match e {
            ModelError::UnknownValue { value, .. } => value,
            other => other.to_string(),
        },
    }
}

impl ProcedureCatalogue {
    /// Builds a catalogue, validating every procedure and refusing duplicate codes.
    pub fn new(procedures: Vec<Procedure>) -> Result<ProcedureCatalogue, ModelError> {
        let mut c = ProcedureCatalogue::default();
        for p in procedures {
            c.insert(p)?;
        }
        Ok(c)
    }

    /// Adds a procedure after validating it; a code already present is an error.
    pub fn insert(&mut self, procedure: Procedure) -> Result<(), ModelError> {
        procedure.validate()?;
        if self.index.contains_key(&procedure.code) {
            return Err(ModelError::Duplicate {
                what: KeyKind::ProcedureCode,
                key: procedure.code,
            });
        }
        self.index
            .insert(procedure.code.clone(), self.procedures.len());
        self.procedures.push(procedure);
        Ok(())
    }

    /// Reads catalogue CSV text (UTF-8, optional BOM, header row, comma-separated, quoted
    /// fields allowed): the one catalogue format of the workspace, read by `minhbach
    /// aggregate --procedures` and by the report bundle's `procedures.csv`. Columns, in any
    /// order, headers matched ignoring case, diacritics, `_`/`-`/`.` and a trailing
    /// parenthesised unit (`Thời hạn giải quyết (ngày làm việc)`):
    ///
    /// | Column | Required | Aliases |
    /// |---|---|---|
    /// | `code` | yes | `Mã thủ tục`, `Mã TTHC`, `MaTTHC`, `Mã thủ tục hành chính`, `Mã`, `Mã số` |
    /// | `name` | yes | `Tên thủ tục`, `Tên TTHC`, `TenTTHC`, `Tên thủ tục hành chính`, `Tên` |
    /// | `field` | no | `Lĩnh vực`, `Tên lĩnh vực`, `TenLinhVuc` |
    /// | `government_level` | no | `Cấp thực hiện`, `CapThucHien`, `Cấp` |
    /// | `online_level` | no | `Mức độ`, `Mức độ DVC`, `MucDo`, `Mức độ dịch vụ công trực tuyến` |
    /// | `level` | no | government or online level, decided by its values (see below) |
    /// | `working_days` | no | `days`, `Thời hạn giải quyết`, `ThoiHanGiaiQuyet`, `Số ngày` |
    /// | `agency` | no | `Cơ quan thực hiện`, `CoQuanThucHien`, `Cơ quan`, `Đơn vị` |
    ///
    /// A column named just `level` holds government levels in some exports and online
    /// service levels in others; their spellings never overlap, so its first non-empty
    /// value decides, and every other value must be of the same kind. `level` next to a
    /// column of the kind it holds is refused as ambiguous.
    ///
    /// Statutory times are read by [`parse_working_days`]; an empty cell leaves the time
    /// unknown. Other columns are ignored; empty optional cells read as absent; a cell
    /// holding a control character is refused. Errors give the line (1 = header), the
    /// column header and the cell.
    pub fn from_csv_str(text: &str) -> Result<ProcedureCatalogue, ModelError> {
        let table = CsvTable::<CatalogueColumn>::parse(
            text,
            &[CatalogueColumn::Code, CatalogueColumn::Name],
        )?;
        let level = level_kind(&table)?;
        let mut cat = ProcedureCatalogue::default();
        for row in table.rows() {
            let (code, code_col) = row.required(CatalogueColumn::Code)?;
            let (name, _) = row.required(CatalogueColumn::Name)?;
            let working_days = row.parsed(CatalogueColumn::WorkingDays, parse_working_days)?;
            let mut government_level =
                row.parsed(CatalogueColumn::GovernmentLevel, GovernmentLevel::parse)?;
            let mut online_level =
                row.parsed(CatalogueColumn::OnlineLevel, OnlineServiceLevel::parse)?;
            match level {
                Some(LevelKind::Government) => {
                    government_level = row.parsed(CatalogueColumn::Level, |v| {
                        GovernmentLevel::parse(v).map_err(|e| level_mix(e, LevelKind::Government))
                    })?;
                }
                Some(LevelKind::Online) => {
                    online_level = row.parsed(CatalogueColumn::Level, |v| {
                        OnlineServiceLevel::parse(v).map_err(|e| level_mix(e, LevelKind::Online))
                    })?;
                }
                None => {}
            }
            let p = Procedure {
                code: code.to_string(),
                name: name.to_string(),
                field: row.text(CatalogueColumn::Field),
                government_level,
                working_days,
                online_level,
                agency: row.text(CatalogueColumn::Agency),
            };
            cat.insert(p).map_err(|e| row.refused(code_col, code, e))?;
        }
        Ok(cat)
    }

    /// The statutory times the catalogue states: procedure code → working days (procedures
    /// without a stated time are left out). This is what the engine's statutory due dates
    /// take.
    ///
    /// ```
    /// use minhbach_model::ProcedureCatalogue;
    /// let cat = ProcedureCatalogue::from_csv_str("code,name,days\nA,Một,3\nB,Hai,\n").unwrap();
    /// assert_eq!(cat.statutory_days().into_iter().collect::<Vec<_>>(), [("A".to_string(), 3)]);
    /// ```
    pub fn statutory_days(&self) -> std::collections::BTreeMap<String, u32> {
        self.procedures
            .iter()
            .filter_map(|p| p.working_days.map(|d| (p.code.clone(), d)))
            .collect()
    }

    /// The procedure with this code.
    pub fn get(&self, code: &str) -> Option<&Procedure> {
        self.index.get(code).and_then(|&i| self.procedures.get(i))
    }

    /// All procedures, in input order.
    pub fn iter(&self) -> std::slice::Iter<'_, Procedure> {
        self.procedures.iter()
    }

    /// How many procedures.
    pub fn len(&self) -> usize {
        self.procedures.len()
    }

    /// Whether the catalogue is empty.
    pub fn is_empty(&self) -> bool {
        self.procedures.is_empty()
    }

    /// How many procedures are offered at each online level (procedures without a level are
    /// not counted): "87 TTHC mức độ 3".
    pub fn count_by_online_level(&self) -> std::collections::BTreeMap<OnlineServiceLevel, u64> {
        let mut m = std::collections::BTreeMap::new();
        for l in self.procedures.iter().filter_map(|p| p.online_level) {
            *m.entry(l).or_insert(0) += 1;
        }
        m
    }
}

impl TryFrom<Vec<Procedure>> for ProcedureCatalogue {
    type Error = ModelError;
    fn try_from(v: Vec<Procedure>) -> Result<Self, ModelError> {
        ProcedureCatalogue::new(v)
    }
}

impl From<ProcedureCatalogue> for Vec<Procedure> {
    fn from(c: ProcedureCatalogue) -> Vec<Procedure> {
        c.procedures
    }
}

impl<'a> IntoIterator for &'a ProcedureCatalogue {
    type Item = &'a Procedure;
    type IntoIter = std::slice::Iter<'a, Procedure>;
    fn into_iter(self) -> Self::IntoIter {
        self.procedures.iter()
    }
}

/// An agency (cơ quan, đơn vị) that handles dossiers: the code used in dossier exports and
/// its name as reports write it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Agency {
    /// Code as in the dossier exports (`agency` column), e.g. `H48.38`.
    pub code: String,
    /// Name, e.g. "UBND huyện Lý Sơn", "Phòng Tư pháp".
    pub name: String,
    /// Level, when known.
    #[serde(default)]
    pub level: Option<GovernmentLevel>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn vietnamese_headers_and_errors() {
        let csv = "\u{feff}Mã thủ tục,Tên thủ tục,Lĩnh vực,Cấp thực hiện,Thời hạn giải quyết,Mức độ,Ghi chú\n\
                   1.001234,\"Đăng ký khai sinh, kết hôn\",Hộ tịch,Cấp xã,0,Toàn trình,x\n\
                   2.000908,Chứng thực bản sao,Chứng thực,Cấp huyện,2,3,\n";
        let cat = ProcedureCatalogue::from_csv_str(csv).unwrap();
        assert_eq!(cat.len(), 2);
        assert_eq!(
            cat.get("1.001234").unwrap().name,
            "Đăng ký khai sinh, kết hôn"
        );
        assert_eq!(
            cat.get("2.000908").unwrap().online_level,
            Some(OnlineServiceLevel::Level3)
        );
        let counts = cat.count_by_online_level();
        assert_eq!(counts.get(&OnlineServiceLevel::Full), Some(&1));

        let bad = [
            ("name,working_days\nA,1\n", 1, "code"),
            ("code,name,working_days\nA,B,-1\n", 2, "working_days"),
            ("code,name,working_days,level\nA,B,1,thôn\n", 2, "level"),
            (
                "code,name,working_days,online_level\nA,B,1,5\n",
                2,
                "online_level",
            ),
            ("code,name,working_days\nA,B,1\nA,C,2\n", 3, "code"),
            ("code,name,working_days\nA,,1\n", 2, "name"),
            ("code,name,working_days\nA B,C,1\n", 2, "code"),
            ("code,Mã thủ tục,name,working_days\n", 1, "Mã thủ tục"),
        ];
        for (text, line, column) in bad {
            match ProcedureCatalogue::from_csv_str(text).unwrap_err() {
                ModelError::Csv {
                    line: l, column: c, ..
                } => {
                    assert_eq!((l, c.as_str()), (line, column), "{text}")
                }
                e => panic!("{text}: {e}"),
            }
        }
        let e = ProcedureCatalogue::from_csv_str("code,name,working_days\nA,B\n").unwrap_err();
        assert!(matches!(e, ModelError::Csv { line: 2, .. }), "{e}");
    }

    #[test]
    fn one_format_for_bundle_cli_and_portal_exports() {
        // The report bundle's procedures.csv: `days`, `level` as online service level.
        let bundle = "code,name,agency,field,days,level\n\
                      LS.TP.001,Chứng thực bản sao,Phòng Tư pháp,\"Chứng thực, hộ tịch\",1,3\n\
                      LS.TP.004,Đăng ký kết hôn,Phòng Tư pháp,\"Chứng thực, hộ tịch\",10,2\n";
        let cat = ProcedureCatalogue::from_csv_str(bundle).unwrap();
        let p = cat.get("LS.TP.004").unwrap();
        assert_eq!(p.working_days, Some(10));
        assert_eq!(p.online_level, Some(OnlineServiceLevel::Level2));
        assert_eq!(p.government_level, None);
        assert_eq!(p.field.as_deref(), Some("Chứng thực, hộ tịch"));
        assert_eq!(p.agency.as_deref(), Some("Phòng Tư pháp"));
        // `level` holding government levels.
        let gov = "code,name,working_days,level\nA,Một,3,Cấp xã\nB,Hai,5,\nC,Ba,,huyện\n";
        let cat = ProcedureCatalogue::from_csv_str(gov).unwrap();
        assert_eq!(
            cat.get("C").unwrap().government_level,
            Some(GovernmentLevel::District)
        );
        assert_eq!(cat.get("B").unwrap().government_level, None);
        assert_eq!(cat.get("C").unwrap().working_days, None);
        assert_eq!(cat.statutory_days().len(), 2);
        // National-portal headers, a unit in parentheses, the portal's wording of times.
        let portal = "STT,Mã TTHC,Tên TTHC,Cấp thực hiện,Lĩnh vực,Thời hạn giải quyết (ngày làm việc),Mức độ DVC\n\
                      1,1.001234,Đăng ký khai sinh,Cấp xã,Hộ tịch,Trong ngày,Toàn trình\n\
                      2,2.000908,Chứng thực,Cấp huyện,Chứng thực,\"02 ngày làm việc kể từ ngày nhận đủ hồ sơ\",Một phần\n";
        let cat = ProcedureCatalogue::from_csv_str(portal).unwrap();
        let p = cat.get("2.000908").unwrap();
        assert_eq!(
            (p.working_days, p.government_level, p.online_level),
            (
                Some(2),
                Some(GovernmentLevel::District),
                Some(OnlineServiceLevel::Partial)
            )
        );
        assert_eq!(cat.get("1.001234").unwrap().working_days, Some(0));
        // Ambiguous or mixed levels, and control characters, are refused with line and column.
        let bad = [
            ("code,name,level\nA,B,3\nC,D,cấp xã\n", 3, "level"),
            ("code,name,level,online_level\nA,B,3,4\n", 1, "level"),
            ("code,name,level,Cấp thực hiện\nA,B,xã,xã\n", 1, "level"),
            ("code,name,days\nA,B,30 ngày\n", 2, "days"),
            ("code,name,days\nA,B,-3\n", 2, "days"),
            ("code,name,agency\nA,B,\"Phòng\u{7}\"\n", 2, "agency"),
        ];
        for (text, line, column) in bad {
            match ProcedureCatalogue::from_csv_str(text).unwrap_err() {
                ModelError::Csv {
                    line: l, column: c, ..
                } => assert_eq!((l, c.as_str()), (line, column), "{text}"),
                e => panic!("{text}: {e}"),
            }
        }
        let e = ProcedureCatalogue::from_csv_str("name,days\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("missing column \"code\"") && e.contains("Mã thủ tục"),
            "{e}"
        );
    }

    #[test]
    fn serde_shape() {
        let text = r#"
[[procedure]]
code = "1.001234"
name = "Đăng ký khai sinh"
government_level = "commune"
working_days = 0
online_level = 4
"#;
        #[derive(Deserialize)]
        struct CatalogueToml {
            procedure: ProcedureCatalogue,
        }
        let b: CatalogueToml = toml::from_str(text).unwrap();
        let p = b.procedure.get("1.001234").unwrap();
        assert_eq!(p.online_level, Some(OnlineServiceLevel::Level4));
        let json = serde_json::to_value(&b.procedure).unwrap();
        assert_eq!(json[0]["online_level"], "level_4");
        assert_eq!(json[0]["government_level"], "commune");
        assert_eq!(json[0]["working_days"], 0);
        assert_eq!(json[0]["field"], serde_json::Value::Null);
        let back: ProcedureCatalogue = serde_json::from_value(json).unwrap();
        assert_eq!(back, b.procedure);
        let dup = r#"[{"code":"A","name":"x","working_days":1},{"code":"A","name":"y","working_days":1}]"#;
        let e = serde_json::from_str::<ProcedureCatalogue>(dup)
            .unwrap_err()
            .to_string();
        assert!(e.contains("duplicate procedure code \"A\""), "{e}");
    }

    proptest! {
        #[test]
        fn parsers_never_panic_and_name_the_value(s in ".*") {
            let q = format!("{s:?}");
            if let Err(e) = GovernmentLevel::parse(&s) { prop_assert!(e.to_string().contains(&q)); }
            if let Err(e) = OnlineServiceLevel::parse(&s) { prop_assert!(e.to_string().contains(&q)); }
        }

        #[test]
        fn csv_never_panics(s in "(code|name|working_days|level|[a-z]{0,3})(,(code|name|working_days|online_level|x)){0,4}\n([A-Za-z0-9 .,\"\n-]{0,40})") {
            let _ = ProcedureCatalogue::from_csv_str(&s);
        }

        #[test]
        fn working_days_read_whole_numbers_and_the_catalogue_wording(n in 0u32..10_000, pad in 0usize..3) {
            let zeros = "0".repeat(pad);
            prop_assert_eq!(parse_working_days(&format!("{zeros}{n}")).unwrap(), n);
            prop_assert_eq!(parse_working_days(&format!(" {n} ngày làm việc ")).unwrap(), n);
            let calendar_days = format!("{n} ngày");
            let fraction = format!("{n}.5");
            prop_assert!(parse_working_days(&calendar_days).is_err());
            prop_assert!(parse_working_days(&fraction).is_err());
        }

        #[test]
        fn names_round_trip(i in 0usize..6, j in 0usize..4) {
            let l = OnlineServiceLevel::ALL[i];
            prop_assert_eq!(OnlineServiceLevel::parse(l.as_str()).unwrap(), l);
            prop_assert_eq!(OnlineServiceLevel::parse(l.vietnamese()).unwrap(), l);
            let g = GovernmentLevel::ALL[j];
            prop_assert_eq!(GovernmentLevel::parse(g.as_str()).unwrap(), g);
            prop_assert_eq!(GovernmentLevel::parse(g.vietnamese()).unwrap(), g);
        }
    }
}
