//! Documents (văn bản) an office issued or cites, the register of them, and plans (kế hoạch)
//! with their tasks.
//!
//! The model holds the facts; how a report cites a document ("Kế hoạch số 21/KH-UBND ngày
//! 05/02/2021 về …") is the report crate's business (`minhbach_report::vi::citation`).
//! A report bundle's `[basis]` (the document the report answers) and its `documents.csv`
//! rows are [`Document`]s.
//!
//! # Serde shape
//!
//! ```toml
//! [[document]]
//! number = "21/KH-UBND"          # optional; read leniently (130/QD-UBND is 130/QĐ-UBND)
//! date = 2021-02-05              # optional (also "05/02/2021"); 26/KH-UBND is cited without one
//! issuer = "Chủ tịch UBND huyện" # optional: who issued it, when the citation names them
//! subject = "rà soát, đánh giá thủ tục hành chính năm 2021 trên địa bàn huyện Lý Sơn"
//! # kind = "ke_hoach"            # optional when the number carries the type
//! ```
//!
//! [`Document`] refuses unknown keys (a typo in a report bundle's `[basis]` must not
//! vanish).
//!
//! # CSV
//!
//! [`DocumentRegister::from_csv_str`] reads a register (a report bundle's `documents.csv`)
//! with English or Vietnamese headers (`Số, ký hiệu`, `Ngày ban hành`, `Trích yếu` …).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::csv_table::{ColumnRole, CsvTable};
use crate::serde_str::serde_via_str;
use crate::text::fold;
use crate::{
    DocumentNumber, DocumentRef, DocumentType, FieldReason, KeyKind, ModelError, Period, Record,
    ValueKind,
};

/// A document: number, date, issuer, type and summary (trích yếu).
///
/// Deserialized leniently where an office's spelling is unambiguous: the number through
/// [`DocumentNumber::parse_lenient`], the date in any layout of [`crate::parse_date`] or as a
/// TOML date ([`crate::DateText`]); unknown keys are refused.
///
/// ```
/// use minhbach_model::{Document, DocumentType};
/// let d: Document = serde_json::from_str(r#"{
///     "number": "130/QĐ-UBND", "date": "2021-02-18",
///     "issuer": "Chủ tịch UBND huyện",
///     "subject": "kế hoạch hoạt động kiểm soát thủ tục hành chính năm 2021"
/// }"#).unwrap();
/// assert_eq!(d.effective_kind(), Some(DocumentType::QuyetDinh));
/// d.validate().unwrap();
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Number and symbol (số, ký hiệu), when known.
    #[serde(default, deserialize_with = "de_number")]
    pub number: Option<DocumentNumber>,
    /// The type, when the number does not carry it (a công văn) or there is no number. When
    /// both are given they must agree.
    #[serde(default)]
    pub kind: Option<DocumentType>,
    /// Date of issue, when known.
    #[serde(default, deserialize_with = "de_date")]
    pub date: Option<NaiveDate>,
    /// Who issued it, as a citation names them after "của": "Chủ tịch UBND huyện",
    /// "Sở Tư pháp"; `None` when the citation does not name them (the reporting body's own
    /// documents).
    #[serde(default)]
    pub issuer: Option<String>,
    /// The summary (trích yếu) as written after "về" in a citation: "rà soát, đánh giá thủ
    /// tục hành chính năm 2021 trên địa bàn huyện Lý Sơn" (see [`Document::subject_after_ve`]).
    #[serde(default)]
    pub subject: Option<String>,
}

fn de_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<DocumentNumber>, D::Error> {
    Option::<String>::deserialize(d)?
        .map(|s| DocumentNumber::parse_lenient(&s))
        .transpose()
        .map_err(serde::de::Error::custom)
}

fn de_date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    Option::<crate::DateText>::deserialize(d)?
        .map(|t| crate::parse_date(&t.0))
        .transpose()
        .map_err(serde::de::Error::custom)
}

impl Document {
    /// The type: [`Document::kind`] if given, else the number's type.
    pub fn effective_kind(&self) -> Option<DocumentType> {
        self.kind
            .or_else(|| self.number.as_ref().and_then(DocumentNumber::doc_type))
    }

    /// The year of issue: the date's year, else the year in a legal normative number.
    pub fn issue_year(&self) -> Option<i32> {
        self.date
            .map(|d| d.year())
            .or_else(|| self.number.as_ref().and_then(|n| n.year().map(i32::from)))
    }

    /// How errors name this document: its number, else its subject.
    pub fn reference(&self) -> DocumentRef {
        match (&self.number, &self.subject) {
            (Some(n), _) => DocumentRef::Number(n.clone()),
            (None, Some(s)) => DocumentRef::Subject(s.clone()),
            (None, None) => DocumentRef::Unnamed,
        }
    }

    /// A trích yếu as registers write it, made to follow "về" in a citation: a leading
    /// "về" is dropped and "V/v" (về việc) becomes "việc".
    ///
    /// ```
    /// use minhbach_model::Document;
    /// assert_eq!(Document::subject_after_ve("Về việc tăng cường kiểm soát TTHC"), "việc tăng cường kiểm soát TTHC");
    /// assert_eq!(Document::subject_after_ve("V/v tăng cường kiểm soát TTHC"), "việc tăng cường kiểm soát TTHC");
    /// assert_eq!(Document::subject_after_ve("rà soát TTHC"), "rà soát TTHC");
    /// ```
    pub fn subject_after_ve(s: &str) -> String {
        let t = s.trim();
        let mut words = t.splitn(2, char::is_whitespace);
        let first = words.next().unwrap_or("");
        let rest = words.next().unwrap_or("").trim_start();
        match fold(first).as_str() {
            "ve" if !rest.is_empty() => rest.to_string(),
            "v/v" if !rest.is_empty() => format!("việc {rest}"),
            _ => t.to_string(),
        }
    }

    /// Checks the fields: the number, when given, is not a draft's (`/KH-UBND`); issuer and
    /// subject, when given, not blank; an explicit kind agrees with the number's type; the date's year agrees with a year in the number.
    ///
    /// ```
    /// use minhbach_model::{Document, DocumentType};
    /// let d = Document {
    ///     number: Some("21/KH-UBND".parse().unwrap()),
    ///     kind: Some(DocumentType::QuyetDinh),
    ///     date: None, issuer: None, subject: Some("…".into()),
    /// };
    /// let e = d.validate().unwrap_err().to_string();
    /// assert!(e.contains("21/KH-UBND") && e.contains("quyet_dinh"), "{e}");
    /// ```
    pub fn validate(&self) -> Result<(), ModelError> {
        let bad = |field: &'static str, value: String, reason| ModelError::InvalidField {
            record: Record::Document(self.reference()),
            field,
            value,
            reason,
        };
        if let Some(n) = self.number.as_ref().filter(|n| n.is_draft()) {
            return Err(bad("number", n.to_string(), FieldReason::DraftNumber));
        }
        if let Some(i) = self.issuer.as_ref().filter(|i| i.trim().is_empty()) {
            return Err(bad("issuer", i.clone(), FieldReason::BlankIssuer));
        }
        if let Some(t) = self.subject.as_ref().filter(|t| t.trim().is_empty()) {
            return Err(bad("subject", t.clone(), FieldReason::BlankSubject));
        }
        if let (Some(k), Some(t)) = (
            self.kind,
            self.number.as_ref().and_then(DocumentNumber::doc_type),
        ) {
            if k != t {
                return Err(bad(
                    "kind",
                    k.to_string(),
                    FieldReason::KindDisagrees { number_says: t },
                ));
            }
        }
        if let (Some(d), Some(y)) = (self.date, self.number.as_ref().and_then(|n| n.year())) {
            if d.year() != i32::from(y) {
                return Err(bad(
                    "date",
                    d.to_string(),
                    FieldReason::YearDisagrees { year: y },
                ));
            }
        }
        Ok(())
    }

    /// The register key: number and year of issue.
    fn key(&self) -> Option<(DocumentNumber, Option<i32>)> {
        self.number.clone().map(|n| (n, self.issue_year()))
    }
}

/// The documents an office issued or cites, in the order given (reports list them in that
/// order), with lookup by number and filters by period and type.
///
/// Numbers restart every year, so two documents may share a number when their years of
/// issue differ; the same number twice in one year (or twice without a year) is an error.
/// Serialized as a plain list of [`Document`]s, validated on deserialization.
///
/// ```
/// use minhbach_model::{Document, DocumentRegister, DocumentType, Period};
/// let doc = |n: &str, date: Option<&str>, t: &str| Document {
///     number: Some(n.parse().unwrap()), kind: None,
///     date: date.map(|d| d.parse().unwrap()),
///     issuer: None, subject: Some(t.into()),
/// };
/// let reg = DocumentRegister::new(vec![
///     doc("21/KH-UBND", Some("2021-02-05"), "rà soát, đánh giá thủ tục hành chính năm 2021"),
///     doc("26/KH-UBND", None, "truyền thông hoạt động kiểm soát thủ tục hành chính năm 2021"),
///     doc("130/QĐ-UBND", Some("2021-02-18"), "kế hoạch hoạt động kiểm soát TTHC năm 2021"),
/// ]).unwrap();
/// let h1 = Period::parse("2021-H1").unwrap();
/// assert_eq!(reg.in_period(&h1).count(), 2); // the undated plan is not in any period
/// assert_eq!(reg.select(Some(&h1), Some(DocumentType::KeHoach)).len(), 1);
/// assert_eq!(reg.find(&"26/KH-UBND".parse().unwrap()).count(), 1);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<Document>", into = "Vec<Document>")]
pub struct DocumentRegister {
    documents: Vec<Document>,
}

impl DocumentRegister {
    /// Builds a register, validating every document and refusing duplicate numbers within
    /// a year.
    pub fn new(documents: Vec<Document>) -> Result<DocumentRegister, ModelError> {
        let mut reg = DocumentRegister::default();
        for d in documents {
            reg.push(d)?;
        }
        Ok(reg)
    }

    /// Adds a document at the end, after validating it.
    pub fn push(&mut self, document: Document) -> Result<(), ModelError> {
        document.validate()?;
        if let Some(key) = document.key() {
            if self
                .documents
                .iter()
                .any(|d| d.key().as_ref() == Some(&key))
            {
                return Err(ModelError::Duplicate {
                    what: KeyKind::DocumentNumber,
                    key: match key.1 {
                        Some(y) => format!("{} ({y})", key.0),
                        None => key.0.to_string(),
                    },
                });
            }
        }
        self.documents.push(document);
        Ok(())
    }

    /// All documents, in register order.
    pub fn iter(&self) -> std::slice::Iter<'_, Document> {
        self.documents.iter()
    }

    /// The documents as a slice.
    pub fn as_slice(&self) -> &[Document] {
        &self.documents
    }

    /// How many documents.
    pub fn len(&self) -> usize {
        self.documents.len()
    }

    /// Whether the register is empty.
    pub fn is_empty(&self) -> bool {
        self.documents.is_empty()
    }

    /// The documents with this number (one per year of issue at most).
    pub fn find(&self, number: &DocumentNumber) -> impl Iterator<Item = &Document> {
        let number = number.clone();
        self.documents
            .iter()
            .filter(move |d| d.number.as_ref() == Some(&number))
    }

    /// The document with this number issued in `year` (`None`: the one without a known year).
    pub fn get(&self, number: &DocumentNumber, year: Option<i32>) -> Option<&Document> {
        self.find(number).find(|d| d.issue_year() == year)
    }

    /// The dated documents whose date lies in `period`. Undated documents are in no period.
    pub fn in_period(&self, period: &Period) -> impl Iterator<Item = &Document> {
        let period = period.clone();
        self.documents
            .iter()
            .filter(move |d| d.date.is_some_and(|x| period.contains(x)))
    }

    /// The documents of one type (see [`Document::effective_kind`]).
    pub fn of_kind(&self, kind: DocumentType) -> impl Iterator<Item = &Document> {
        self.documents
            .iter()
            .filter(move |d| d.effective_kind() == Some(kind))
    }

    /// The documents without a date.
    pub fn undated(&self) -> impl Iterator<Item = &Document> {
        self.documents.iter().filter(|d| d.date.is_none())
    }

    /// The documents matching both optional filters, in register order.
    pub fn select(&self, period: Option<&Period>, kind: Option<DocumentType>) -> Vec<&Document> {
        self.documents
            .iter()
            .filter(|d| period.is_none_or(|p| d.date.is_some_and(|x| p.contains(x))))
            .filter(|d| kind.is_none_or(|k| d.effective_kind() == Some(k)))
            .collect()
    }
}

/// Column roles of a documents register CSV.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum RegisterColumn {
    Number,
    Date,
    Kind,
    Issuer,
    Subject,
}

impl ColumnRole for RegisterColumn {
    const ALL: &'static [RegisterColumn] = &[
        RegisterColumn::Number,
        RegisterColumn::Date,
        RegisterColumn::Kind,
        RegisterColumn::Issuer,
        RegisterColumn::Subject,
    ];

    fn aliases(self) -> &'static [&'static str] {
        match self {
            RegisterColumn::Number => &[
                "number",
                "Số, ký hiệu",
                "Số ký hiệu",
                "Số/ký hiệu",
                "Số hiệu",
                "Số hiệu văn bản",
                "Số ký hiệu văn bản",
                "Số văn bản",
                "SoKyHieu",
                "Số",
            ],
            RegisterColumn::Date => &[
                "date",
                "Ngày ban hành",
                "Ngày văn bản",
                "Ngày ký",
                "NgayBanHanh",
                "Ngày tháng văn bản",
                "Ngày",
            ],
            RegisterColumn::Kind => &[
                "kind",
                "Loại văn bản",
                "Tên loại văn bản",
                "Hình thức văn bản",
                "LoaiVanBan",
                "Loại",
            ],
            RegisterColumn::Issuer => &[
                "issuer",
                "Cơ quan ban hành",
                "Thẩm quyền ban hành",
                "Người có thẩm quyền ký",
                "CoQuanBanHanh",
                "Nơi ban hành",
            ],
            RegisterColumn::Subject => &[
                "subject",
                "Trích yếu",
                "Trích yếu nội dung",
                "Trích yếu nội dung văn bản",
                "TrichYeu",
                "Nội dung",
            ],
        }
    }
}

impl DocumentRegister {
    /// Reads a register from CSV text (a report bundle's `documents.csv`; UTF-8, optional
    /// BOM, header row, quoted fields allowed). Columns, in any order, headers matched
    /// ignoring case, diacritics, `_`/`-`/`.` and a trailing part in parentheses:
    ///
    /// | Column | Required | Aliases |
    /// |---|---|---|
    /// | `number` | yes | `Số, ký hiệu`, `Số ký hiệu`, `Số/ký hiệu`, `Số hiệu`, `Số hiệu văn bản`, `Số văn bản`, `SoKyHieu`, `Số` |
    /// | `date` | no | `Ngày ban hành`, `Ngày văn bản`, `Ngày ký`, `NgayBanHanh`, `Ngày` |
    /// | `kind` | no | `Loại văn bản`, `Tên loại văn bản`, `Hình thức văn bản`, `LoaiVanBan`, `Loại` |
    /// | `issuer` | no | `Cơ quan ban hành`, `Thẩm quyền ban hành`, `Người có thẩm quyền ký`, `CoQuanBanHanh` |
    /// | `subject` | no | `Trích yếu`, `Trích yếu nội dung`, `TrichYeu`, `Nội dung` |
    ///
    /// Numbers are read leniently ([`DocumentNumber::parse_lenient`]: `130/QD-UBND` is
    /// `130/QĐ-UBND`), dates as `YYYY-MM-DD` or `DD/MM/YYYY`, types as abbreviations or
    /// Vietnamese names (`Kế hoạch`); a subject loses a leading "về" / "V/v"
    /// ([`Document::subject_after_ve`]). Every document is validated, numbers may not repeat
    /// within a year, and a cell holding a control character is refused. Errors give the
    /// line (1 = header), the column header as written and the cell.
    ///
    /// ```
    /// use minhbach_model::{DocumentRegister, DocumentType};
    /// let csv = "\"Số, ký hiệu\",Ngày ban hành,Trích yếu\n\
    ///            21/KH-UBND,05/02/2021,\"Về rà soát, đánh giá TTHC năm 2021\"\n\
    ///            130/QD-UBND,2021-02-18,kế hoạch kiểm soát TTHC năm 2021\n";
    /// let reg = DocumentRegister::from_csv_str(csv).unwrap();
    /// let first = reg.iter().next().unwrap();
    /// assert_eq!(first.subject.as_deref(), Some("rà soát, đánh giá TTHC năm 2021"));
    /// assert_eq!(reg.of_kind(DocumentType::QuyetDinh).next().unwrap().number.as_ref().unwrap().to_string(), "130/QĐ-UBND");
    /// let e = DocumentRegister::from_csv_str("number,date\n21/KH-UBND,31/02/2021\n").unwrap_err();
    /// assert!(e.to_string().starts_with("line 2, column \"date\": value \"31/02/2021\""), "{e}");
    /// ```
    pub fn from_csv_str(text: &str) -> Result<DocumentRegister, ModelError> {
        let table = CsvTable::<RegisterColumn>::parse(text, &[RegisterColumn::Number])?;
        let mut reg = DocumentRegister::default();
        for row in table.rows() {
            let (number, number_col) = row.required(RegisterColumn::Number)?;
            let parsed = DocumentNumber::parse_lenient(number)
                .map_err(|e| row.refused(number_col, number, e))?;
            let d = Document {
                number: Some(parsed),
                kind: row.parsed(RegisterColumn::Kind, DocumentType::parse)?,
                date: row.parsed(RegisterColumn::Date, crate::parse_date)?,
                issuer: row.text(RegisterColumn::Issuer),
                subject: row
                    .text(RegisterColumn::Subject)
                    .map(|s| Document::subject_after_ve(&s)),
            };
            reg.push(d)
                .map_err(|e| row.refused(number_col, number, e))?;
        }
        Ok(reg)
    }
}

impl TryFrom<Vec<Document>> for DocumentRegister {
    type Error = ModelError;
    fn try_from(v: Vec<Document>) -> Result<Self, ModelError> {
        DocumentRegister::new(v)
    }
}

impl From<DocumentRegister> for Vec<Document> {
    fn from(r: DocumentRegister) -> Vec<Document> {
        r.documents
    }
}

impl<'a> IntoIterator for &'a DocumentRegister {
    type Item = &'a Document;
    type IntoIter = std::slice::Iter<'a, Document>;
    fn into_iter(self) -> Self::IntoIter {
        self.documents.iter()
    }
}

/// Where a plan task stands.
///
/// Serialized as `not_started`, `in_progress`, `done`, `overdue`; also parsed from the
/// Vietnamese `chưa thực hiện`, `đang thực hiện`, `đã hoàn thành` / `hoàn thành`,
/// `quá hạn` / `chậm tiến độ` (any case, with or without diacritics).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum TaskStatus {
    /// Chưa thực hiện.
    #[default]
    NotStarted,
    /// Đang thực hiện.
    InProgress,
    /// Đã hoàn thành.
    Done,
    /// Quá hạn: the deadline passed before completion.
    Overdue,
}

impl TaskStatus {
    /// All statuses.
    pub const ALL: [TaskStatus; 4] = [
        TaskStatus::NotStarted,
        TaskStatus::InProgress,
        TaskStatus::Done,
        TaskStatus::Overdue,
    ];

    /// The snake_case name used in data files.
    pub fn as_str(self) -> &'static str {
        match self {
            TaskStatus::NotStarted => "not_started",
            TaskStatus::InProgress => "in_progress",
            TaskStatus::Done => "done",
            TaskStatus::Overdue => "overdue",
        }
    }

    /// The Vietnamese wording.
    pub fn vietnamese(self) -> &'static str {
        match self {
            TaskStatus::NotStarted => "chưa thực hiện",
            TaskStatus::InProgress => "đang thực hiện",
            TaskStatus::Done => "đã hoàn thành",
            TaskStatus::Overdue => "quá hạn",
        }
    }

    /// Parses a status (see the type documentation).
    ///
    /// ```
    /// use minhbach_model::TaskStatus;
    /// assert_eq!(TaskStatus::parse("Đã hoàn thành").unwrap(), TaskStatus::Done);
    /// assert!(TaskStatus::parse("soon").is_err());
    /// ```
    pub fn parse(s: &str) -> Result<TaskStatus, ModelError> {
        match fold(s).as_str() {
            "not started" | "chua thuc hien" | "chua trien khai" => Ok(TaskStatus::NotStarted),
            "in progress" | "dang thuc hien" | "dang trien khai" => Ok(TaskStatus::InProgress),
            "done" | "da hoan thanh" | "hoan thanh" => Ok(TaskStatus::Done),
            "overdue" | "qua han" | "cham tien do" => Ok(TaskStatus::Overdue),
            _ => Err(ModelError::UnknownValue {
                what: ValueKind::TaskStatus,
                value: s.to_string(),
            }),
        }
    }
}

impl std::fmt::Display for TaskStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for TaskStatus {
    type Err = ModelError;
    fn from_str(s: &str) -> Result<Self, ModelError> {
        TaskStatus::parse(s)
    }
}

serde_via_str!(
    TaskStatus,
    "a task status: not_started, in_progress, done or overdue"
);

/// One task of a plan (nhiệm vụ): what, who leads it, by when, towards what target.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Task {
    /// What is to be done (nội dung nhiệm vụ).
    pub description: String,
    /// The unit in charge (đơn vị chủ trì), e.g. "Phòng Tư pháp".
    pub owner: String,
    /// Units that assist (đơn vị phối hợp).
    #[serde(default)]
    pub collaborators: Vec<String>,
    /// Deadline (thời hạn hoàn thành), inclusive.
    #[serde(default)]
    pub deadline: Option<NaiveDate>,
    /// The target in words (chỉ tiêu), e.g. "rút ngắn 30% thời gian giải quyết TTHC"; a
    /// measurable target lives in [`crate::Target`].
    #[serde(default)]
    pub target: Option<String>,
    /// Recorded status (default `not_started`).
    #[serde(default)]
    pub status: TaskStatus,
    /// Completion date, for a task recorded as done.
    #[serde(default)]
    pub completed_on: Option<NaiveDate>,
    /// Free note.
    #[serde(default)]
    pub note: Option<String>,
}

impl Task {
    /// The status as of a cut-off date: a task done after `as_of` counts as not yet done; a
    /// task not done whose deadline is before `as_of` is overdue.
    ///
    /// ```
    /// use minhbach_model::{Task, TaskStatus};
    /// let d = |s: &str| s.parse().unwrap();
    /// let t = Task {
    ///     description: "Rà soát TTHC".into(), owner: "Phòng Tư pháp".into(),
    ///     collaborators: vec![], deadline: Some(d("2021-06-30")), target: None,
    ///     status: TaskStatus::InProgress, completed_on: None, note: None,
    /// };
    /// assert_eq!(t.status_on(d("2021-06-30")), TaskStatus::InProgress);
    /// assert_eq!(t.status_on(d("2021-07-01")), TaskStatus::Overdue);
    /// ```
    pub fn status_on(&self, as_of: NaiveDate) -> TaskStatus {
        let done = match self.status {
            TaskStatus::Done => self.completed_on.is_none_or(|c| c <= as_of),
            _ => false,
        };
        if done {
            return TaskStatus::Done;
        }
        if self.deadline.is_some_and(|dl| dl < as_of) {
            return TaskStatus::Overdue;
        }
        match self.status {
            TaskStatus::Done => TaskStatus::InProgress,
            s => s,
        }
    }
}

/// How many tasks are in each status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct TaskCounts {
    /// Chưa thực hiện.
    pub not_started: usize,
    /// Đang thực hiện.
    pub in_progress: usize,
    /// Đã hoàn thành.
    pub done: usize,
    /// Quá hạn.
    pub overdue: usize,
}

impl TaskCounts {
    /// All tasks counted.
    pub fn total(&self) -> usize {
        self.not_started + self.in_progress + self.done + self.overdue
    }
}

/// A plan (kế hoạch): its own document and its tasks.
///
/// ```
/// use minhbach_model::{Plan, TaskStatus};
/// let p: Plan = serde_json::from_str(r#"{
///   "document": { "number": "21/KH-UBND", "date": "2021-02-05", "issuer": "UBND huyện",
///                 "subject": "rà soát, đánh giá thủ tục hành chính năm 2021" },
///   "tasks": [
///     { "description": "Rà soát TTHC lĩnh vực tư pháp", "owner": "Phòng Tư pháp",
///       "deadline": "2021-06-30", "status": "done", "completed_on": "2021-06-15" },
///     { "description": "Báo cáo kết quả rà soát", "owner": "Văn phòng HĐND và UBND",
///       "deadline": "2021-06-30", "status": "đang thực hiện" }
///   ]
/// }"#).unwrap();
/// p.validate().unwrap();
/// let c = p.status_counts("2021-07-01".parse().unwrap());
/// assert_eq!((c.done, c.overdue, c.total()), (1, 1, 2));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Plan {
    /// The plan's own document (Kế hoạch số …).
    pub document: Document,
    /// Its tasks, in order.
    #[serde(default)]
    pub tasks: Vec<Task>,
}

impl Plan {
    /// Checks the document and every task: description and owner not blank, a completion
    /// date only on a task recorded as done.
    pub fn validate(&self) -> Result<(), ModelError> {
        self.document.validate()?;
        for (i, t) in self.tasks.iter().enumerate() {
            let bad = |field: &'static str, value: String, reason| ModelError::InvalidField {
                record: Record::Task {
                    document: self.document.reference(),
                    number: i + 1,
                },
                field,
                value,
                reason,
            };
            if t.description.trim().is_empty() {
                return Err(bad(
                    "description",
                    t.description.clone(),
                    FieldReason::Blank,
                ));
            }
            if t.owner.trim().is_empty() {
                return Err(bad("owner", t.owner.clone(), FieldReason::Blank));
            }
            if let (Some(c), s) = (t.completed_on, t.status) {
                if s != TaskStatus::Done {
                    return Err(bad(
                        "completed_on",
                        c.to_string(),
                        FieldReason::CompletedNotDone { status: s },
                    ));
                }
            }
        }
        Ok(())
    }

    /// Counts the tasks by [`Task::status_on`] the cut-off date.
    pub fn status_counts(&self, as_of: NaiveDate) -> TaskCounts {
        let mut c = TaskCounts::default();
        for t in &self.tasks {
            match t.status_on(as_of) {
                TaskStatus::NotStarted => c.not_started += 1,
                TaskStatus::InProgress => c.in_progress += 1,
                TaskStatus::Done => c.done += 1,
                TaskStatus::Overdue => c.overdue += 1,
            }
        }
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn doc(n: Option<&str>, date: Option<&str>) -> Document {
        Document {
            number: n.map(|n| n.parse().unwrap()),
            kind: None,
            date: date.map(|d| d.parse().unwrap()),
            issuer: Some("UBND huyện".into()),
            subject: Some("…".into()),
        }
    }

    #[test]
    fn seed_documents_in_toml() {
        let text = r#"
[[document]]
number = "21/KH-UBND"
date = "2021-02-05"
issuer = "UBND huyện"
subject = "rà soát, đánh giá thủ tục hành chính năm 2021 trên địa bàn huyện Lý Sơn"

[[document]]
number = "26/KH-UBND"
subject = "truyền thông hoạt động kiểm soát thủ tục hành chính năm 2021 trên địa bàn huyện Lý Sơn"

[[document]]
number = "839/STP-HCTP&BTTP"
kind = "Công văn"
date = "2021-08-18"
issuer = "Sở Tư pháp"
subject = "việc xây dựng Kế hoạch cải thiện, nâng cao Chỉ số năng lực cạnh tranh cấp tỉnh năm 2021 và giai đoạn 2021-2025"
"#;
        #[derive(Deserialize)]
        struct ReportToml {
            document: DocumentRegister,
        }
        let b: ReportToml = toml::from_str(text).unwrap();
        let reg = b.document;
        assert_eq!(reg.len(), 3);
        assert_eq!(reg.undated().count(), 1);
        assert_eq!(reg.of_kind(DocumentType::CongVan).count(), 1);
        assert_eq!(reg.of_kind(DocumentType::KeHoach).count(), 2);
        let n: DocumentNumber = "21/KH-UBND".parse().unwrap();
        assert_eq!(
            reg.get(&n, Some(2021)).unwrap().date.unwrap().to_string(),
            "2021-02-05"
        );
        assert!(reg.get(&n, Some(2020)).is_none());
        // round trip through JSON keeps order and content
        let json = serde_json::to_string(&reg).unwrap();
        assert_eq!(
            serde_json::from_str::<DocumentRegister>(&json).unwrap(),
            reg
        );
    }

    #[test]
    fn duplicates_and_years() {
        let a = doc(Some("21/KH-UBND"), Some("2021-02-05"));
        let b = doc(Some("21/KH-UBND"), Some("2020-03-01"));
        let reg = DocumentRegister::new(vec![a.clone(), b]).unwrap();
        assert_eq!(reg.find(&"21/KH-UBND".parse().unwrap()).count(), 2);
        let e = DocumentRegister::new(vec![a.clone(), a])
            .unwrap_err()
            .to_string();
        assert!(e.contains("21/KH-UBND (2021)"), "{e}");
        let u = doc(Some("26/KH-UBND"), None);
        let e = DocumentRegister::new(vec![u.clone(), u])
            .unwrap_err()
            .to_string();
        assert!(e.contains("26/KH-UBND"), "{e}");
        // unnumbered documents never collide
        DocumentRegister::new(vec![doc(None, None), doc(None, None)]).unwrap();
        // a bad document in JSON is refused with its number
        let e = serde_json::from_str::<DocumentRegister>(
            r#"[{"number":"43/2011/NĐ-CP","date":"2012-06-13","issuer":"Chính phủ","subject":"x"}]"#,
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("43/2011/NĐ-CP") && e.contains("2012-06-13"),
            "{e}"
        );
    }

    #[test]
    fn register_csv_with_vietnamese_headers_and_errors() {
        let csv = "\u{feff}\"Số, ký hiệu\",Ngày ban hành,Loại văn bản,Cơ quan ban hành,Trích yếu,Ghi chú\n\
                   21/KH-UBND,05/02/2021,,,\"V/v rà soát, đánh giá TTHC\",x\n\
                   26/KH-UBND,,Kế hoạch,,truyền thông TTHC,\n\
                   130/QD-UBND,2021-02-18,,Chủ tịch UBND huyện,Về kế hoạch kiểm soát TTHC,\n";
        let reg = DocumentRegister::from_csv_str(csv).unwrap();
        let docs: Vec<&Document> = reg.iter().collect();
        assert_eq!(docs.len(), 3);
        assert_eq!(
            docs[0].subject.as_deref(),
            Some("việc rà soát, đánh giá TTHC")
        );
        assert_eq!(docs[0].date, NaiveDate::from_ymd_opt(2021, 2, 5));
        assert_eq!(docs[1].kind, Some(DocumentType::KeHoach));
        assert_eq!(docs[2].number.as_ref().unwrap().to_string(), "130/QĐ-UBND");
        assert_eq!(docs[2].issuer.as_deref(), Some("Chủ tịch UBND huyện"));
        assert_eq!(docs[2].subject.as_deref(), Some("kế hoạch kiểm soát TTHC"));
        // The English layout of the report bundle reads the same.
        let en = "number,date,kind,issuer,subject\n21/KH-UBND,2021-02-05,,,rà soát\n";
        assert_eq!(DocumentRegister::from_csv_str(en).unwrap().len(), 1);
        let bad = [
            ("date\n2021-02-05\n", 1, "number"),
            ("number,date\n21/KH-UBND,31/02/2021\n", 2, "date"),
            ("Số hiệu\n21-KH-UBND\n", 2, "Số hiệu"),
            ("number,kind\n21/KH-UBND,Quyết định\n", 2, "number"),
            ("number\n21/KH-UBND\n21/KH-UBND\n", 3, "number"),
            ("number\n/KH-UBND\n", 2, "number"),
            (
                "number,subject\n21/KH-UBND,\"rà\u{1b}soát\"\n",
                2,
                "subject",
            ),
            ("number,Số hiệu\n", 1, "Số hiệu"),
        ];
        for (text, line, column) in bad {
            match DocumentRegister::from_csv_str(text) {
                Err(ModelError::Csv {
                    line: l, column: c, ..
                }) => {
                    assert_eq!((l, c.as_str()), (line, column), "{text}")
                }
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn serde_reads_office_spellings() {
        let d: Document = toml::from_str("number = \"130/QD-UBND\"\ndate = 2021-02-18\n").unwrap();
        assert_eq!(d.number.as_ref().unwrap().to_string(), "130/QĐ-UBND");
        assert_eq!(d.date, NaiveDate::from_ymd_opt(2021, 2, 18));
        let text: Document =
            toml::from_str("number = \"130/QĐ-UBND\"\ndate = \"18/2/2021\"\n").unwrap();
        assert_eq!(text, d);
        // Absent fields serialize as null and read back.
        let bare = Document {
            number: None,
            kind: None,
            date: None,
            issuer: None,
            subject: Some("rà soát".into()),
        };
        let json = serde_json::to_string(&bare).unwrap();
        assert_eq!(serde_json::from_str::<Document>(&json).unwrap(), bare);
        let e = toml::from_str::<Document>("numbr = \"1/KH-UBND\"").unwrap_err();
        assert!(e.to_string().contains("numbr"), "{e}");
        let e = toml::from_str::<Document>("date = 2021-02-18T08:00:00").unwrap_err();
        assert!(e.to_string().contains("2021-02-18T08:00:00"), "{e}");
        let e = serde_json::from_str::<Document>(r#"{"date": {"year": 2021}}"#).unwrap_err();
        assert!(e.to_string().contains("not a table"), "{e}");
    }

    #[test]
    fn blank_fields_are_refused() {
        let mut d = doc(Some("21/KH-UBND"), None);
        d.subject = Some("  ".into());
        let e = d.validate().unwrap_err().to_string();
        assert!(e.contains("subject") && e.contains("21/KH-UBND"), "{e}");
        let p = Plan {
            document: doc(Some("21/KH-UBND"), None),
            tasks: vec![Task {
                description: "x".into(),
                owner: "".into(),
                collaborators: vec![],
                deadline: None,
                target: None,
                status: TaskStatus::Done,
                completed_on: None,
                note: None,
            }],
        };
        let e = p.validate().unwrap_err().to_string();
        assert!(e.contains("task 1") && e.contains("owner"), "{e}");
    }

    proptest! {
        #[test]
        fn status_parse_never_panics(s in ".*") {
            if let Err(e) = TaskStatus::parse(&s) {
                let quoted = format!("{s:?}");
                prop_assert!(e.to_string().contains(&quoted), "{}", e);
            }
        }

        #[test]
        fn status_round_trip(i in 0usize..4) {
            let s = TaskStatus::ALL[i];
            prop_assert_eq!(TaskStatus::parse(s.as_str()).unwrap(), s);
            prop_assert_eq!(TaskStatus::parse(s.vietnamese()).unwrap(), s);
        }

        #[test]
        fn counts_add_up(statuses in proptest::collection::vec((0usize..4, 0i64..60, proptest::bool::ANY), 0..20), as_of in 0i64..60) {
            let base = NaiveDate::from_ymd_opt(2021, 1, 1).unwrap();
            let tasks: Vec<Task> = statuses.iter().map(|&(s, dl, has)| Task {
                description: "t".into(), owner: "o".into(), collaborators: vec![],
                deadline: has.then(|| base + chrono::Duration::days(dl)),
                target: None, status: TaskStatus::ALL[s],
                completed_on: (s == 2).then(|| base + chrono::Duration::days(dl)),
                note: None,
            }).collect();
            let plan = Plan { document: doc(Some("21/KH-UBND"), None), tasks };
            plan.validate().unwrap();
            let c = plan.status_counts(base + chrono::Duration::days(as_of));
            prop_assert_eq!(c.total(), plan.tasks.len());
        }
    }
}
