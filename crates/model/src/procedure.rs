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

use crate::serde_str::serde_via_str;
use crate::text::fold;
use crate::ModelError;

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
                what: "government level",
                value: s.to_string(),
                expected: "central, province, district or commune (or cấp trung ương, cấp tỉnh, \
                           cấp huyện, cấp xã)"
                    .into(),
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
                what: "online service level",
                value: s.to_string(),
                expected: "level_1 to level_4 (mức độ 1-4, or 1-4), full (toàn trình) or \
                           partial (một phần)"
                    .into(),
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
    /// Level that handles it (cấp thực hiện).
    #[serde(default)]
    pub level: Option<GovernmentLevel>,
    /// Statutory time in working days; `0` = same day (see the module documentation).
    pub working_days: u32,
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
        let bad = |field: &'static str, value: &str, reason: &str| ModelError::InvalidField {
            record: format!("procedure {:?}", self.code),
            field,
            value: value.to_string(),
            reason: reason.to_string(),
        };
        if self.code.trim().is_empty() {
            return Err(bad("code", &self.code, "blank"));
        }
        if self.code.chars().any(char::is_whitespace) {
            return Err(bad("code", &self.code, "a code has no spaces"));
        }
        if self.name.trim().is_empty() {
            return Err(bad("name", &self.name, "blank"));
        }
        Ok(())
    }
}

/// The procedures a unit handles, looked up by code.
///
/// Serialized as a plain list of [`Procedure`]s; validated (and duplicate codes refused) on
/// deserialization.
///
/// ```
/// use minhbach_model::{GovernmentLevel, OnlineServiceLevel, ProcedureCatalogue};
/// let csv = "code,name,field,level,working_days,online_level\n\
///            1.001234,Đăng ký khai sinh,Hộ tịch,cấp xã,0,mức độ 4\n\
///            2.000908,Cấp bản sao từ sổ gốc,Chứng thực,cấp huyện,2,\n";
/// let cat = ProcedureCatalogue::from_csv_str(csv).unwrap();
/// let p = cat.get("1.001234").unwrap();
/// assert_eq!((p.working_days, p.level), (0, Some(GovernmentLevel::Commune)));
/// assert_eq!(p.online_level, Some(OnlineServiceLevel::Level4));
/// assert_eq!(cat.get("2.000908").unwrap().online_level, None);
///
/// let e = ProcedureCatalogue::from_csv_str("code,name,working_days\nX,Y,2.5\n").unwrap_err();
/// assert_eq!(e.to_string(),
///     "line 2, column \"working_days\": value \"2.5\": working days must be a whole number \
///      (0 = same day)");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<Procedure>", into = "Vec<Procedure>")]
pub struct ProcedureCatalogue {
    procedures: Vec<Procedure>,
    index: HashMap<String, usize>,
}

/// Column roles of a catalogue CSV.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Col {
    Code,
    Name,
    Field,
    Level,
    WorkingDays,
    OnlineLevel,
    Agency,
}

fn column_role(header: &str) -> Option<Col> {
    match fold(header).as_str() {
        "code" | "ma thu tuc" | "matthc" | "ma tthc" | "ma" => Some(Col::Code),
        "name" | "ten thu tuc" | "tentthc" | "ten tthc" | "ten" => Some(Col::Name),
        "field" | "linh vuc" | "tenlinhvuc" | "ten linh vuc" => Some(Col::Field),
        "level" | "cap thuc hien" | "cap" => Some(Col::Level),
        "working days" | "thoi han giai quyet" | "thoi han" | "so ngay" | "so ngay giai quyet" => {
            Some(Col::WorkingDays)
        }
        "online level" | "muc do" | "muc do dvc" | "muc do dvctt" => Some(Col::OnlineLevel),
        "agency" | "co quan thuc hien" | "co quan" | "don vi" | "don vi thuc hien" => {
            Some(Col::Agency)
        }
        _ => None,
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
                what: "procedure code",
                key: procedure.code,
            });
        }
        self.index
            .insert(procedure.code.clone(), self.procedures.len());
        self.procedures.push(procedure);
        Ok(())
    }

    /// Reads catalogue CSV text (UTF-8, optional BOM, header row, comma-separated, quoted
    /// fields allowed). Columns, in any order (headers matched ignoring case and diacritics):
    ///
    /// | Column | Required | Aliases |
    /// |---|---|---|
    /// | `code` | yes | `Mã thủ tục`, `MaTTHC`, `Mã TTHC` |
    /// | `name` | yes | `Tên thủ tục`, `TenTTHC` |
    /// | `field` | no | `Lĩnh vực` |
    /// | `level` | no | `Cấp thực hiện` |
    /// | `working_days` | yes | `Thời hạn giải quyết`, `Số ngày` |
    /// | `online_level` | no | `Mức độ`, `Mức độ DVC` |
    /// | `agency` | no | `Cơ quan thực hiện`, `Đơn vị` |
    ///
    /// Other columns are ignored; empty optional cells read as absent. Errors give the line
    /// (1 = header), the column header and the cell.
    pub fn from_csv_str(text: &str) -> Result<ProcedureCatalogue, ModelError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(text.as_bytes());
        let csv_err = |e: csv::Error| {
            let line = e.position().map(|p| p.line()).unwrap_or(0);
            ModelError::Csv {
                line,
                column: String::new(),
                value: String::new(),
                reason: e.to_string(),
            }
        };
        let headers = rdr.headers().map_err(csv_err)?.clone();
        let mut cols: Vec<(Col, usize, String)> = Vec::new();
        for (i, h) in headers.iter().enumerate() {
            if let Some(role) = column_role(h) {
                if let Some((_, _, first)) = cols.iter().find(|c| c.0 == role) {
                    return Err(ModelError::Csv {
                        line: 1,
                        column: h.to_string(),
                        value: h.to_string(),
                        reason: format!("this column means the same as column {first:?}"),
                    });
                }
                cols.push((role, i, h.to_string()));
            }
        }
        for (role, name) in [
            (Col::Code, "code"),
            (Col::Name, "name"),
            (Col::WorkingDays, "working_days"),
        ] {
            if !cols.iter().any(|c| c.0 == role) {
                return Err(ModelError::Csv {
                    line: 1,
                    column: name.to_string(),
                    value: headers.iter().collect::<Vec<_>>().join(","),
                    reason: format!("the required column {name} is missing"),
                });
            }
        }
        let mut cat = ProcedureCatalogue::default();
        let mut record = csv::StringRecord::new();
        loop {
            match rdr.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => return Err(csv_err(e)),
            }
            let line = record.position().map(|p| p.line()).unwrap_or(0);
            let cell = |role: Col| -> Option<(&str, &str)> {
                let (_, i, name) = cols.iter().find(|c| c.0 == role)?;
                let v = record.get(*i)?.trim();
                (!v.is_empty()).then_some((v, name.as_str()))
            };
            let err = |name: &str, value: &str, reason: String| ModelError::Csv {
                line,
                column: name.to_string(),
                value: value.to_string(),
                reason,
            };
            let required = |role: Col, name: &str| {
                cell(role).ok_or_else(|| err(name, "", "required value is empty".into()))
            };
            let (code, _) = required(Col::Code, "code")?;
            let (name, _) = required(Col::Name, "name")?;
            let (wd, wd_col) = required(Col::WorkingDays, "working_days")?;
            let working_days = if wd.bytes().all(|b| b.is_ascii_digit()) {
                wd.parse::<u32>().ok()
            } else {
                None
            }
            .ok_or_else(|| {
                err(
                    wd_col,
                    wd,
                    "working days must be a whole number (0 = same day)".into(),
                )
            })?;
            let level = match cell(Col::Level) {
                Some((v, c)) => {
                    Some(GovernmentLevel::parse(v).map_err(|e| err(c, v, e.to_string()))?)
                }
                None => None,
            };
            let online_level = match cell(Col::OnlineLevel) {
                Some((v, c)) => {
                    Some(OnlineServiceLevel::parse(v).map_err(|e| err(c, v, e.to_string()))?)
                }
                None => None,
            };
            let p = Procedure {
                code: code.to_string(),
                name: name.to_string(),
                field: cell(Col::Field).map(|c| c.0.to_string()),
                level,
                working_days,
                online_level,
                agency: cell(Col::Agency).map(|c| c.0.to_string()),
            };
            let code_col = cell(Col::Code).map(|c| c.1).unwrap_or("code");
            cat.insert(p)
                .map_err(|e| err(code_col, code, e.to_string()))?;
        }
        Ok(cat)
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
    fn serde_shape() {
        let text = r#"
[[procedure]]
code = "1.001234"
name = "Đăng ký khai sinh"
level = "commune"
working_days = 0
online_level = 4
"#;
        #[derive(Deserialize)]
        struct B {
            procedure: ProcedureCatalogue,
        }
        let b: B = toml::from_str(text).unwrap();
        let p = b.procedure.get("1.001234").unwrap();
        assert_eq!(p.online_level, Some(OnlineServiceLevel::Level4));
        let json = serde_json::to_value(&b.procedure).unwrap();
        assert_eq!(json[0]["online_level"], "level_4");
        assert_eq!(json[0]["level"], "commune");
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
