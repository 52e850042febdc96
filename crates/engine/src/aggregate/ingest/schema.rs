//! Header recognition: canonical names, Vietnamese and national-portal aliases, user mapping.

use std::collections::BTreeMap;

use minhbach_model::text::fold;
use serde::{Deserialize, Serialize};

use crate::aggregate::ingest_report::AliasUsed;
use crate::aggregate::query::GroupKey;
use crate::EngineError;

/// A column of the dossier format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// `id` (required, unique): mã hồ sơ.
    Id,
    /// `received_at` (required): ngày tiếp nhận.
    ReceivedAt,
    /// `procedure_code`: mã thủ tục.
    ProcedureCode,
    /// `agency`: đơn vị xử lý.
    Agency,
    /// `field`: lĩnh vực.
    Field,
    /// `level`: cấp thực hiện (government level).
    Level,
    /// `online_level`: mức độ dịch vụ công trực tuyến (2/3/4, toàn trình / một phần).
    OnlineLevel,
    /// `channel`: kênh thực hiện.
    Channel,
    /// `due_at`: ngày hẹn trả.
    DueAt,
    /// `resolved_at`: ngày có kết quả / kết thúc xử lý.
    ResolvedAt,
    /// `outcome`: `approved|rejected|withdrawn` or empty.
    Outcome,
    /// `pause_start`: start(s) of supplementation pauses, `;`-separated.
    PauseStart,
    /// `pause_end`: end(s) of supplementation pauses, `;`-separated.
    PauseEnd,
}

pub(crate) const N_FIELDS: usize = 13;

impl Field {
    /// The column a grouping key's value is read from (the channel and the month are read
    /// from the channel and receipt columns; the unit is never in a dossier file).
    pub(crate) fn of_key(k: GroupKey) -> Field {
        match k {
            GroupKey::Agency | GroupKey::Unit => Field::Agency,
            GroupKey::Procedure => Field::ProcedureCode,
            GroupKey::Field => Field::Field,
            GroupKey::Level => Field::Level,
            GroupKey::OnlineLevel => Field::OnlineLevel,
            GroupKey::Channel => Field::Channel,
            GroupKey::Month => Field::ReceivedAt,
        }
    }

    /// Every column, in canonical order.
    pub const ALL: [Field; N_FIELDS] = [
        Field::Id,
        Field::ReceivedAt,
        Field::ProcedureCode,
        Field::Agency,
        Field::Field,
        Field::Level,
        Field::OnlineLevel,
        Field::Channel,
        Field::DueAt,
        Field::ResolvedAt,
        Field::Outcome,
        Field::PauseStart,
        Field::PauseEnd,
    ];

    /// The canonical header.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::ReceivedAt => "received_at",
            Field::ProcedureCode => "procedure_code",
            Field::Agency => "agency",
            Field::Field => "field",
            Field::Level => "level",
            Field::OnlineLevel => "online_level",
            Field::Channel => "channel",
            Field::DueAt => "due_at",
            Field::ResolvedAt => "resolved_at",
            Field::Outcome => "outcome",
            Field::PauseStart => "pause_start",
            Field::PauseEnd => "pause_end",
        }
    }

    /// The headers accepted for this column, folded (lower case, no diacritics, `_`/`-`/`.`
    /// as spaces). The canonical name comes first.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::Id => &["id", "mahoso", "ma ho so", "so ho so", "ma hs"],
            Field::ReceivedAt => &[
                "received at",
                "ngaytiepnhan",
                "ngay tiep nhan",
                "thoi gian tiep nhan",
            ],
            Field::ProcedureCode => &[
                "procedure code",
                "matthc",
                "ma tthc",
                "ma thu tuc",
                "ma thu tuc hanh chinh",
            ],
            Field::Agency => &[
                "agency",
                "donvixuly",
                "don vi xu ly",
                "co quan",
                "don vi",
                "co quan xu ly",
            ],
            Field::Field => &["field", "malinhvuc", "ma linh vuc", "linh vuc"],
            Field::Level => &["level", "capthuchien", "cap thuc hien", "cap"],
            Field::OnlineLevel => &[
                "online level",
                "mucdo",
                "muc do",
                "muc do dvc",
                "muc do dich vu cong",
                "muc do dvctt",
                "muc do dich vu cong truc tuyen",
                "muc do truc tuyen",
            ],
            Field::Channel => &["channel", "kenhthuchien", "kenh thuc hien", "kenh"],
            Field::DueAt => &["due at", "ngayhentra", "ngay hen tra", "han giai quyet"],
            Field::ResolvedAt => &[
                "resolved at",
                "ngayketthucxuly",
                "ngay ket thuc xu ly",
                "ngay co ket qua",
                "ngay hoan thanh",
            ],
            Field::Outcome => &["outcome", "ket qua", "ket qua xu ly"],
            Field::PauseStart => &[
                "pause start",
                "ngayyeucaubosung",
                "ngay yeu cau bo sung",
                "ngay tam dung",
            ],
            Field::PauseEnd => &[
                "pause end",
                "ngayhoanthanhbosung",
                "ngay hoan thanh bo sung",
                "ngay bo sung",
                "ngay tiep tuc",
            ],
        }
    }

    /// Parses a canonical column name (`id`, `received_at`, ...).
    pub fn parse(s: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.as_str() == s.trim())
    }

    /// The column a header names — through the user mapping first, then the built-in
    /// aliases — and whether it was named other than canonically.
    pub(crate) fn for_header(header: &str, mapping: &ColumnMapping) -> Option<(Field, bool)> {
        let folded = fold(header);
        match mapping.columns.get(&folded) {
            Some(f) => Some((*f, true)),
            None => Field::ALL
                .into_iter()
                .find(|f| f.aliases().contains(&folded.as_str()))
                .map(|f| (f, header.trim() != f.as_str())),
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// A user-supplied column mapping: header as written in the file → column. It is applied
/// before the built-in aliases, so it can also override them.
///
/// ```
/// use minhbach_engine::aggregate::{ColumnMapping, Field};
/// let m = ColumnMapping::new().map("Số biên nhận", Field::Id).map("Ngày nộp", Field::ReceivedAt);
/// assert_eq!(m.get("so bien nhan"), Some(Field::Id)); // matched folded
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnMapping {
    /// Folded header → column.
    pub columns: BTreeMap<String, Field>,
}

impl ColumnMapping {
    /// An empty mapping.
    pub fn new() -> ColumnMapping {
        ColumnMapping::default()
    }

    /// Adds `header` (matched case- and diacritic-insensitively) → `field`.
    pub fn map(mut self, header: &str, field: Field) -> ColumnMapping {
        self.columns.insert(fold(header), field);
        self
    }

    /// The column `header` maps to, if any.
    pub fn get(&self, header: &str) -> Option<Field> {
        self.columns.get(&fold(header)).copied()
    }
}

/// Where each column is in a file.
#[derive(Debug, Clone)]
pub(crate) struct Schema {
    pub idx: [Option<usize>; N_FIELDS],
    pub n_cols: usize,
    pub aliases_used: Vec<AliasUsed>,
    pub ignored: Vec<String>,
}

impl Schema {
    pub(crate) fn get(&self, f: Field) -> Option<usize> {
        self.idx.get(f.index()).copied().flatten()
    }

    /// The field read from column `i`, if the column is used.
    pub(crate) fn field_at(&self, i: usize) -> Option<Field> {
        Field::ALL.into_iter().find(|f| self.get(*f) == Some(i))
    }

    /// Resolves a header row.
    pub(crate) fn resolve(
        headers: &[String],
        mapping: &ColumnMapping,
        path: &str,
    ) -> Result<Schema, EngineError> {
        let mut idx = [None; N_FIELDS];
        let mut aliases_used = Vec::new();
        let mut ignored = Vec::new();
        for (i, h) in headers.iter().enumerate() {
            let h = h.trim_start_matches('\u{feff}');
            let Some((field, via_alias)) = Field::for_header(h, mapping) else {
                ignored.push(h.to_string());
                continue;
            };
            let Some(slot) = idx.get_mut(field.index()) else {
                continue;
            };
            if let Some(prev) = *slot {
                let first = headers.get(prev).map_or(h, String::as_str);
                return Err(EngineError::AmbiguousColumn {
                    path: path.to_string(),
                    column: field.as_str().to_string(),
                    first: first.to_string(),
                    second: h.to_string(),
                });
            }
            *slot = Some(i);
            if via_alias {
                aliases_used.push(AliasUsed {
                    header: h.to_string(),
                    column: field.as_str().to_string(),
                });
            }
        }
        for req in [Field::Id, Field::ReceivedAt] {
            if idx.get(req.index()).copied().flatten().is_none() {
                return Err(EngineError::MissingColumn {
                    path: path.to_string(),
                    column: req.as_str().to_string(),
                    found: headers.join(","),
                });
            }
        }
        Ok(Schema {
            idx,
            n_cols: headers.len(),
            aliases_used,
            ignored,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn vietnamese_and_portal_headers() {
        let s = Schema::resolve(
            &h(&[
                "MaHoSo",
                "Ngày tiếp nhận",
                "NGÀY HẸN TRẢ",
                "Ngày kết thúc xử lý",
                "MaTTHC",
                "Đơn vị",
                "KenhThucHien",
                "Ghi chú",
            ]),
            &ColumnMapping::new(),
            "f.csv",
        )
        .unwrap();
        assert_eq!(s.get(Field::Id), Some(0));
        assert_eq!(s.get(Field::DueAt), Some(2));
        assert_eq!(s.get(Field::Channel), Some(6));
        assert_eq!(s.aliases_used.len(), 7);
        assert_eq!(s.ignored, vec!["Ghi chú".to_string()]);
    }

    #[test]
    fn missing_required_column_names_file_and_column() {
        let e = Schema::resolve(&h(&["id", "agency"]), &ColumnMapping::new(), "x.csv")
            .unwrap_err()
            .to_string();
        assert!(e.contains("x.csv") && e.contains("received_at"), "{e}");
    }

    #[test]
    fn ambiguous_and_user_mapping() {
        let e = Schema::resolve(
            &h(&["id", "Mã hồ sơ", "received_at"]),
            &ColumnMapping::new(),
            "x.csv",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("Mã hồ sơ"), "{e}");
        let m = ColumnMapping::new()
            .map("Số biên nhận", Field::Id)
            .map("Nộp lúc", Field::ReceivedAt);
        let s = Schema::resolve(&h(&["Số biên nhận", "Nộp lúc"]), &m, "x.csv").unwrap();
        assert_eq!(
            (s.get(Field::Id), s.get(Field::ReceivedAt)),
            (Some(0), Some(1))
        );
    }
}
