//! The report bundle: a folder holding `report.toml` and the data files it names.
//!
//! | file | holds |
//! |---|---|
//! | `report.toml` | document metadata, period, basis document, narrative text with `{placeholders}`, sections, tasks, recipients, signature, appendices |
//! | `documents.csv` | register of plans and decisions: `number,date,kind,issuer,subject` |
//! | `dossiers.csv` | one-stop dossiers (design.md §5), aggregated by the engine |
//! | `procedures.csv` | procedure catalogue (`minhbach_model::ProcedureCatalogue`): `code,name,agency,field,days,level` and the aliases of docs/data-formats.md |
//! | `portal.toml` | portal statistics: named counts (nested tables allowed) |
//! | `disclosure.toml` | disclosure checklist `[[item]]`: `id, duty, status, shortcoming, category, note` ([`minhbach_model::DisclosureItem`]) |
//! | `targets.toml` | indicator targets `[[target]]`: `id, name, value, unit, comparison (or direction), actual/metric, shortcoming` ([`minhbach_model::Target`]) |
//!
//! Every file but `report.toml` is optional: a bundle that names no file simply has no
//! such data, and a placeholder that needs it is reported as unknown.
//!
//! A **province bundle** (or a district bundle consolidating its communes) lists its units
//! instead of a dossiers file: each `[[unit]]` names a partial file saved by `minhbach
//! aggregate … --unit NAME --save-partial FILE` (`partial = "huyen/ly-son.partial"`) or a
//! district bundle folder inside the province bundle (`bundle = "huyen-binh-son"`, its
//! dossiers aggregated under its own `report.toml`). `[consolidation]` sets the measure the
//! units are ranked and charted by (`rank_by`, default `on_time_rate`) and how dossiers found
//! in several units are counted (`shared = "once"` or `"per_unit"`). See
//! [`crate::consolidate`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

use minhbach_engine::aggregate::Limits;
use minhbach_engine::{files, EngineError};
use minhbach_model::{
    DateText, DisclosureChecklist, DisclosureItem, Document, DocumentNumber, DocumentRegister,
    ModelError, Period, PortalValue, ProcedureCatalogue, Target,
};

use crate::tree::is_forbidden_char;
use crate::{BundleReason, NameFault, PortalFault, RefusalReason, ReportError, TomlReason};

/// A model date-parsing error as a TOML field error: the reason the model gives
/// (`minhbach_model::parse_date` and `parse_datetime_with` are the one home of the accepted
/// layouts).
fn date_error<E: serde::de::Error>(what: &str, s: &str, e: ModelError) -> E {
    match e {
        ModelError::InvalidDateTime { reason, .. } => {
            E::custom(format!("invalid {what} {s:?}: {reason}"))
        }
        other => E::custom(other),
    }
}

fn de_opt_date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    let s = DateText::deserialize(d)?.0;
    minhbach_model::parse_date(&s)
        .map(Some)
        .map_err(|e| date_error("date", &s, e))
}

/// A number and symbol as the office writes it (`minhbach_model::DocumentNumber::parse_lenient`).
fn de_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<DocumentNumber, D::Error> {
    let s = String::deserialize(d)?;
    DocumentNumber::parse_lenient(&s).map_err(serde::de::Error::custom)
}

/// A cut-off: any date-time layout of the one-stop exports; a date alone is the end of that
/// day (23:59:59).
fn de_opt_datetime<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<NaiveDateTime>, D::Error> {
    let s = DateText::deserialize(d)?.0;
    minhbach_model::parse_datetime_with(&s, minhbach_model::DateOnly::EndOfDay)
        .map(Some)
        .map_err(|e| date_error("date-time", &s, e))
}

/// `report.toml`, as written by the office.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportSpec {
    /// Header and title.
    pub document: DocumentSpec,
    /// The reporting period.
    pub period: PeriodSpec,
    /// `[basis]`: the document the report answers, if any (cited by `{basis}`): the model's
    /// [`minhbach_model::Document`] — `number`, `kind`, `date`, `issuer`, `subject`.
    #[serde(default)]
    pub basis: Option<Document>,
    /// File names of the data files, relative to the bundle folder.
    #[serde(default)]
    pub files: FilesSpec,
    /// Opening and closing text.
    #[serde(default)]
    pub text: TextSpec,
    /// Body sections (numbered I, II, … at the top level, 1, 2, … below).
    #[serde(default)]
    pub section: Vec<SectionSpec>,
    /// The tasks for the next period (phương hướng, nhiệm vụ).
    #[serde(default)]
    pub task: Vec<TaskSpec>,
    /// The "Nơi nhận:" list.
    #[serde(default)]
    pub recipients: RecipientsSpec,
    /// The signature block.
    pub signature: SignatureSpec,
    /// The counting convention and how rates are computed (`[convention]`: `preset`,
    /// `withdrawn`, `rejected`, `lateness`, `denominator`, `online_denominator`, `rounding`,
    /// `decimals`); Biểu 06 with rates over resolved, 2 decimals half-up, when absent.
    #[serde(default)]
    pub convention: minhbach_engine::aggregate::PolicySpec,
    /// Dossier figures typed by hand, used when the bundle has no dossiers file.
    #[serde(default)]
    pub dossiers: Option<crate::DossierSummary>,
    /// Optional appendices.
    #[serde(default)]
    pub appendices: AppendicesSpec,
    /// The units of a province bundle (`[[unit]]`), in the order of the report's rows;
    /// empty for a unit's own report.
    #[serde(default)]
    pub unit: Vec<UnitSpec>,
    /// How a province bundle's units are consolidated (`[consolidation]`).
    #[serde(default)]
    pub consolidation: ConsolidationSpec,
}

/// A `[[unit]]` of a province bundle: exactly one of `partial` and `bundle`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitSpec {
    /// A partial file (`minhbach aggregate … --unit NAME --save-partial FILE`), relative to
    /// the bundle folder; the unit's name is the one recorded in it.
    #[serde(default)]
    pub partial: Option<String>,
    /// A district bundle folder inside this bundle's folder; its dossiers file is aggregated
    /// under its own `report.toml` (period, cut-off and convention must be this bundle's).
    #[serde(default)]
    pub bundle: Option<String>,
    /// The unit's name for a district bundle (default: its `[document] place`); a partial
    /// carries its own.
    #[serde(default)]
    pub name: Option<String>,
}

/// `[consolidation]`: ranking and shared dossiers of a province bundle.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsolidationSpec {
    /// The measure of the engine's catalogue the units are ranked and charted by
    /// (`on_time_rate` when absent; `late_rate`, `online_rate`, …).
    #[serde(default)]
    pub rank_by: Option<String>,
    /// Dossiers found in several units (liên thông): `once` (default) or `per_unit`.
    #[serde(default)]
    pub shared: minhbach_engine::aggregate::partial::SharedPolicy,
}

/// Where one unit's figures come from, resolved inside the bundle folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnitSource {
    /// A partial file.
    Partial(PathBuf),
    /// A district bundle folder, with the unit name given in `[[unit]]`, if any.
    Bundle {
        /// The folder.
        dir: PathBuf,
        /// `name` of `[[unit]]`.
        name: Option<String>,
    },
}

/// `[document]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentSpec {
    /// The parent body (cơ quan chủ quản), if any.
    #[serde(default)]
    pub parent_body: Option<String>,
    /// The issuing body, one entry per printed line.
    pub issuing_body: Vec<String>,
    /// Number and symbol (`415/BC-UBND`; `/BC-UBND` for an unnumbered draft), read
    /// leniently (`DocumentNumber::parse_lenient`: `130/QD-UBND` is `130/QĐ-UBND`).
    #[serde(deserialize_with = "de_number")]
    pub number: DocumentNumber,
    /// Place name for the place-and-date line.
    pub place: String,
    /// Date of issue; omit for a draft.
    #[serde(default, deserialize_with = "de_opt_date")]
    pub date: Option<NaiveDate>,
    /// Document type, upper case (`BÁO CÁO`).
    #[serde(rename = "type")]
    pub doc_type: String,
    /// Summary line (trích yếu); may hold placeholders.
    pub summary: String,
    /// "Kính gửi:" addressees, if any.
    #[serde(default)]
    pub addressees: Vec<String>,
}

/// `[period]`: either `code` (`2021-H1`, `2021-Q3`, `2021`, anything
/// `minhbach_model::Period::parse` reads) or `start` and `end`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodSpec {
    /// Period code, e.g. `2021-H1`.
    #[serde(default)]
    pub code: Option<String>,
    /// First day.
    #[serde(default, deserialize_with = "de_opt_date")]
    pub start: Option<NaiveDate>,
    /// Last day.
    #[serde(default, deserialize_with = "de_opt_date")]
    pub end: Option<NaiveDate>,
    /// Cut-off for pending dossiers; defaults to the end of the period at 23:59:59. Any
    /// layout `minhbach_model::parse_datetime` reads; a date alone is the end of that day.
    #[serde(default, deserialize_with = "de_opt_datetime")]
    pub cut_off: Option<NaiveDateTime>,
    /// The office's own name for the period, written in the report instead of the dates
    /// (`"năm 2022"` for 15/12/2021–14/12/2022); see `minhbach_model::Period::named`.
    #[serde(default)]
    pub name: Option<String>,
}

/// `[files]`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilesSpec {
    /// Register of plans and decisions (CSV).
    #[serde(default)]
    pub documents: Option<String>,
    /// Dossiers (CSV or XLSX).
    #[serde(default)]
    pub dossiers: Option<String>,
    /// Procedure catalogue (CSV).
    #[serde(default)]
    pub procedures: Option<String>,
    /// Portal statistics (TOML).
    #[serde(default)]
    pub portal: Option<String>,
    /// Disclosure checklist (TOML).
    #[serde(default)]
    pub disclosure: Option<String>,
    /// Targets (TOML).
    #[serde(default)]
    pub targets: Option<String>,
}

/// `[text]`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextSpec {
    /// The opening paragraph.
    #[serde(default)]
    pub intro: Option<String>,
    /// The closing line.
    #[serde(default)]
    pub closing: Option<String>,
}

/// A `[[section]]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionSpec {
    /// The title; may hold placeholders.
    pub title: String,
    /// `auto` (default: Roman, then Arabic, then letters by depth), `dash` or `none`.
    #[serde(default)]
    pub numbering: Option<String>,
    /// Paragraphs; may hold placeholders.
    #[serde(default)]
    pub paragraphs: Vec<String>,
    /// A generated list after the paragraphs: `tasks`.
    #[serde(default)]
    pub list: Option<String>,
    /// Sub-sections.
    #[serde(default)]
    pub section: Vec<SectionSpec>,
}

/// A `[[task]]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskSpec {
    /// The task as printed.
    pub text: String,
}

/// `[recipients]`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecipientsSpec {
    /// One line each, with its own `;` or `.`.
    #[serde(default)]
    pub list: Vec<String>,
}

/// `[signature]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignatureSpec {
    /// Upper-case lines (`TM. ỦY BAN NHÂN DÂN`, `KT. CHỦ TỊCH`, `PHÓ CHỦ TỊCH`).
    pub lines: Vec<String>,
    /// The signer's name.
    pub name: String,
}

/// `[appendices]`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppendicesSpec {
    /// The Biểu 06 table by agency.
    #[serde(default)]
    pub bieu06: bool,
    /// A chart of the on-time rate by agency.
    #[serde(default)]
    pub on_time_chart: bool,
    /// The indicator scorecard (targets against actuals).
    #[serde(default)]
    pub scorecard: bool,
    /// For a province bundle: the ranking of the units by `[consolidation] rank_by`, with
    /// a chart of that measure per unit.
    #[serde(default)]
    pub ranking: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DisclosureFile {
    #[serde(default)]
    item: Vec<DisclosureItem>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TargetsFile {
    #[serde(default)]
    target: Vec<Target>,
}

/// A loaded bundle: `report.toml` and every data file it names, parsed and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Bundle {
    /// The bundle folder.
    pub dir: PathBuf,
    /// `report.toml`.
    pub spec: ReportSpec,
    /// The documents register (`minhbach_model::DocumentRegister`: the plans and decisions
    /// the report cites, in register order).
    pub documents: DocumentRegister,
    /// The procedure catalogue (`minhbach_model::ProcedureCatalogue`: statutory times for
    /// dossiers without a due date, online service levels for `{procedures.level3}`).
    pub procedures: ProcedureCatalogue,
    /// Portal statistics, flattened to dotted keys (`election.posts`).
    pub portal: BTreeMap<String, PortalValue>,
    /// The disclosure checklist.
    pub disclosure: DisclosureChecklist,
    /// Targets.
    pub targets: Vec<Target>,
    /// The dossiers file, if the bundle names one (checked to exist).
    pub dossiers_file: Option<PathBuf>,
    /// The units of a province bundle (`[[unit]]`), resolved inside the folder, in order.
    pub units: Vec<UnitSource>,
    /// The reporting period, resolved from `[period]`.
    pub period: Period,
    /// The limits the bundle was read under; composing uses
    /// [`Limits::max_report_text_bytes`].
    pub limits: Limits,
}

impl Bundle {
    /// Every file the bundle was read from: `report.toml` and each file named in `[files]`
    /// (resolved inside the bundle folder). A program writing an output next to the bundle
    /// checks it against these, so that no output replaces an input.
    pub fn input_files(&self) -> Vec<PathBuf> {
        let f = &self.spec.files;
        std::iter::once(self.dir.join("report.toml"))
            .chain(
                [
                    &f.documents,
                    &f.dossiers,
                    &f.procedures,
                    &f.portal,
                    &f.disclosure,
                    &f.targets,
                ]
                .into_iter()
                .flatten()
                .map(|n| self.dir.join(n)),
            )
            .chain(self.units.iter().map(|u| match u {
                UnitSource::Partial(p) => p.clone(),
                UnitSource::Bundle { dir, .. } => dir.join("report.toml"),
            }))
            .collect()
    }

    /// Whether this is a province bundle: it lists `[[unit]]`s instead of a dossiers file.
    pub fn is_consolidated(&self) -> bool {
        !self.units.is_empty()
    }

    /// The cut-off instant: `[period] cut_off`, or the last day of the period at 23:59:59.
    pub fn cut_off(&self) -> NaiveDateTime {
        self.spec.period.cut_off.unwrap_or_else(|| {
            self.period
                .end()
                .and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN))
        })
    }
}

fn resolve_period(path: &Path, p: &PeriodSpec) -> Result<Period, ReportError> {
    let bad = |field: &str, value: String, reason: BundleReason| ReportError::InvalidField {
        path: path.display().to_string(),
        field: field.to_string(),
        value,
        reason,
    };
    let period = match (&p.code, p.start, p.end) {
        (Some(code), None, None) => Period::parse(code).map_err(|e| {
            bad(
                "period.code",
                code.clone(),
                BundleReason::Model(Box::new(e)),
            )
        }),
        (None, Some(s), Some(e)) => Period::custom(s, e).map_err(|err| {
            bad(
                "period.end",
                e.to_string(),
                BundleReason::Model(Box::new(err)),
            )
        }),
        _ => Err(bad("period", String::new(), BundleReason::PeriodShape)),
    }?;
    match &p.name {
        Some(name) => period.named(name).map_err(|e| {
            bad(
                "period.name",
                name.clone(),
                BundleReason::Model(Box::new(e)),
            )
        }),
        None => Ok(period),
    }
}

/// Checks `[basis]`: no control character in its text, and the model's
/// [`Document::validate`] (a number, not a draft's; a kind that agrees with the symbol; …).
fn check_basis(path: &Path, b: &Document) -> Result<(), ReportError> {
    for (field, text) in [("basis.issuer", &b.issuer), ("basis.subject", &b.subject)] {
        if let Some(t) = text {
            check_text(path, field, t)?;
        }
    }
    b.validate().map_err(|e| match e {
        ModelError::InvalidField {
            field,
            value,
            reason,
            ..
        } => ReportError::InvalidField {
            path: path.display().to_string(),
            field: format!("basis.{field}"),
            value,
            reason: BundleReason::Field(reason),
        },
        other => ReportError::InvalidField {
            path: path.display().to_string(),
            field: "basis".to_string(),
            value: String::new(),
            reason: BundleReason::Model(Box::new(other)),
        },
    })
}

/// A refusal of `minhbach_engine::files` as a report error; never quotes the file.
pub(crate) fn file_error(path: &Path, e: EngineError) -> ReportError {
    let shown = path.display().to_string();
    match e {
        EngineError::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
            ReportError::MissingFile {
                path: shown,
                what: crate::BundleFile::Named,
            }
        }
        EngineError::Io { source, .. } => ReportError::Io {
            path: shown,
            source,
        },
        EngineError::NotRegularFile { kind, .. } => ReportError::FileRefused {
            path: shown,
            reason: RefusalReason::NotRegularFile { kind },
        },
        EngineError::TooLarge { limit, .. } => ReportError::FileRefused {
            path: shown,
            reason: RefusalReason::TooLarge { limit },
        },
        other => ReportError::Engine {
            path: shown,
            source: Box::new(other),
        },
    }
}

/// Reads a bundle file as UTF-8 text: a regular file of at most
/// `Limits::max_auxiliary_bytes` bytes.
pub(crate) fn read(path: &Path, limits: &Limits) -> Result<String, ReportError> {
    let bytes = files::read_bounded(
        path,
        &path.display().to_string(),
        limits.max_auxiliary_bytes,
    )
    .map_err(|e| file_error(path, e))?;
    String::from_utf8(bytes).map_err(|_| ReportError::Io {
        path: path.display().to_string(),
        source: std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        ),
    })
}

/// Resolves a file name of `[files]` inside the bundle folder `dir`: a relative path without
/// `..`, which (once symbolic links are followed) stays inside the folder. Errors name the
/// field and the name as written, never the content of what it points to.
fn resolve_file(
    dir: &Path,
    report_path: &Path,
    field: &str,
    name: &str,
) -> Result<PathBuf, ReportError> {
    resolve_inside(dir, report_path, &format!("[files] {field}"), name)
}

/// [`resolve_file`] for any key of report.toml (`label`: `[files] dossiers`,
/// `[[unit]] 2 bundle`).
fn resolve_inside(
    dir: &Path,
    report_path: &Path,
    label: &str,
    name: &str,
) -> Result<PathBuf, ReportError> {
    use std::path::Component;
    let refuse = |fault: NameFault| ReportError::FileRefused {
        path: report_path.display().to_string(),
        reason: RefusalReason::BadName {
            label: label.to_string(),
            name: name.to_string(),
            fault,
        },
    };
    let rel = Path::new(name);
    if name.trim().is_empty() {
        return Err(refuse(NameFault::Empty));
    }
    if rel.is_absolute() || rel.has_root() {
        return Err(refuse(NameFault::Absolute));
    }
    for c in rel.components() {
        match c {
            Component::Normal(_) | Component::CurDir => {}
            Component::ParentDir => return Err(refuse(NameFault::GoesUp)),
            Component::RootDir | Component::Prefix(_) => return Err(refuse(NameFault::Absolute)),
        }
    }
    let path = dir.join(rel);
    // A name that does not exist is reported as a missing file by the reader; one that does
    // must not lead out of the folder through a symbolic link.
    if let (Ok(real), Ok(root)) = (std::fs::canonicalize(&path), std::fs::canonicalize(dir)) {
        if !real.starts_with(&root) {
            return Err(refuse(NameFault::LeadsOutside));
        }
    }
    Ok(path)
}

fn parse_toml<T: serde::de::DeserializeOwned>(path: &Path, src: &str) -> Result<T, ReportError> {
    toml::from_str(src).map_err(|e| ReportError::from_toml(&path.display().to_string(), src, &e))
}

/// Checks that a text field holds no control characters (tab and newline allowed).
pub(crate) fn check_text(path: &Path, field: &str, text: &str) -> Result<(), ReportError> {
    for (i, c) in text.chars().enumerate() {
        if is_forbidden_char(c) {
            return Err(ReportError::ControlCharacter {
                path: path.display().to_string(),
                field: field.to_string(),
                codepoint: u32::from(c),
                position: i,
            });
        }
    }
    Ok(())
}

impl Bundle {
    /// Loads the bundle in `dir`: reads and checks `report.toml` and every file it names.
    ///
    /// Errors name the file and the line and column (TOML, CSV) or the field.
    pub fn load(dir: impl AsRef<Path>) -> Result<Bundle, ReportError> {
        Bundle::load_with_limits(dir, Limits::default())
    }

    /// [`Bundle::load`] under other [`Limits`]: every file but the dossiers is at most
    /// `max_auxiliary_bytes`, the expanded report text at most `max_report_text_bytes`, and
    /// the dossiers are aggregated under the same limits.
    ///
    /// Every `[files]` name must be a relative path inside the bundle folder (no absolute
    /// path, no `..`, no symbolic link leading out), and every file a regular file (a named
    /// pipe or a device is refused before it is opened).
    pub fn load_with_limits(dir: impl AsRef<Path>, limits: Limits) -> Result<Bundle, ReportError> {
        let dir = dir.as_ref().to_path_buf();
        let report_path = dir.join("report.toml");
        let src = read(&report_path, &limits)?;
        let spec: ReportSpec = parse_toml(&report_path, &src)?;
        check_spec(&report_path, &spec)?;
        let period = resolve_period(&report_path, &spec.period)?;
        check_convention(&report_path, &src, &spec)?;
        if let Some(c) = spec.period.cut_off {
            if c.date() < period.start() {
                return Err(ReportError::InvalidField {
                    path: report_path.display().to_string(),
                    field: "period.cut_off".to_string(),
                    value: c.to_string(),
                    reason: BundleReason::CutOffBeforeStart {
                        start: period.start(),
                    },
                });
            }
        }
        if let Some(b) = &spec.basis {
            check_basis(&report_path, b)?;
        }

        let file = |field: &str, name: &Option<String>| {
            name.as_ref()
                .map(|n| resolve_file(&dir, &report_path, field, n))
                .transpose()
        };
        let documents = match file("documents", &spec.files.documents)? {
            Some(p) => load_register(&p, &limits)?,
            None => DocumentRegister::default(),
        };
        let procedures = match file("procedures", &spec.files.procedures)? {
            Some(p) => load_procedures(&p, &limits)?,
            None => ProcedureCatalogue::default(),
        };
        let portal = match file("portal", &spec.files.portal)? {
            Some(p) => load_portal(&p, &limits)?,
            None => BTreeMap::new(),
        };
        let disclosure = match file("disclosure", &spec.files.disclosure)? {
            Some(p) => {
                let f: DisclosureFile = parse_toml(&p, &read(&p, &limits)?)?;
                for (i, it) in f.item.iter().enumerate() {
                    check_text(&p, &format!("item[{i}].duty"), &it.duty)?;
                    if let Some(s) = &it.shortcoming {
                        check_text(&p, &format!("item[{i}].shortcoming"), s)?;
                    }
                }
                DisclosureChecklist::new(f.item).map_err(|e| ReportError::InvalidField {
                    path: p.display().to_string(),
                    field: "item.id".to_string(),
                    value: String::new(),
                    reason: BundleReason::Model(Box::new(e)),
                })?
            }
            None => DisclosureChecklist::default(),
        };
        let targets = match file("targets", &spec.files.targets)? {
            Some(p) => {
                let f: TargetsFile = parse_toml(&p, &read(&p, &limits)?)?;
                for (i, t) in f.target.iter().enumerate() {
                    if t.name.trim().is_empty() {
                        return Err(ReportError::InvalidField {
                            path: p.display().to_string(),
                            field: format!("target[{i}].name"),
                            value: t.name.clone(),
                            reason: BundleReason::TargetWithoutName,
                        });
                    }
                    check_text(&p, &format!("target[{i}].name"), &t.name)?;
                    if let Some(s) = &t.shortcoming {
                        check_text(&p, &format!("target[{i}].shortcoming"), s)?;
                    }
                    if let Some(m) = &t.metric {
                        if crate::compose::metric(m).is_none() {
                            return Err(ReportError::InvalidField {
                                path: p.display().to_string(),
                                field: format!("target[{i}].metric"),
                                value: m.clone(),
                                reason: BundleReason::UnknownMetric {
                                    known: crate::compose::metrics().join(", "),
                                },
                            });
                        }
                    }
                }
                f.target
            }
            None => Vec::new(),
        };
        let dossiers_file = match file("dossiers", &spec.files.dossiers)? {
            Some(p) => match files::check_regular(&p, &p.display().to_string()) {
                Ok(_) => Some(p),
                Err(EngineError::Io { source, .. })
                    if source.kind() == std::io::ErrorKind::NotFound =>
                {
                    return Err(ReportError::MissingFile {
                        path: p.display().to_string(),
                        what: crate::BundleFile::Dossiers,
                    })
                }
                Err(e) => return Err(file_error(&p, e)),
            },
            None => None,
        };
        let units = resolve_units(&dir, &report_path, &spec)?;
        Ok(Bundle {
            dir,
            spec,
            documents,
            procedures,
            portal,
            disclosure,
            targets,
            dossiers_file,
            units,
            period,
            limits,
        })
    }
}

/// The `[[unit]]`s of a province bundle, each confined to the folder like a `[files]` name.
/// A bundle lists units or names a dossiers file (or types `[dossiers]`), never both.
fn resolve_units(
    dir: &Path,
    report_path: &Path,
    spec: &ReportSpec,
) -> Result<Vec<UnitSource>, ReportError> {
    let invalid = |field: String, value: String, reason| ReportError::InvalidField {
        path: report_path.display().to_string(),
        field,
        value,
        reason,
    };
    if spec.unit.is_empty() {
        return Ok(Vec::new());
    }
    if let Some(d) = &spec.files.dossiers {
        return Err(invalid(
            "files.dossiers".into(),
            d.clone(),
            BundleReason::DossiersFileInProvince,
        ));
    }
    if spec.dossiers.is_some() {
        return Err(invalid(
            "dossiers".into(),
            String::new(),
            BundleReason::DossiersTableInProvince,
        ));
    }
    let mut out = Vec::with_capacity(spec.unit.len());
    for (i, u) in spec.unit.iter().enumerate() {
        let n = i + 1;
        if let Some(name) = &u.name {
            check_text(report_path, &format!("unit[{i}].name"), name)?;
            if name.trim().is_empty() {
                return Err(invalid(
                    format!("unit[{i}].name"),
                    name.clone(),
                    BundleReason::EmptyUnitName,
                ));
            }
        }
        match (&u.partial, &u.bundle) {
            (Some(p), None) => {
                if let Some(name) = &u.name {
                    return Err(invalid(
                        format!("unit[{i}].name"),
                        name.clone(),
                        BundleReason::PartialWithName,
                    ));
                }
                let path = resolve_inside(dir, report_path, &format!("[[unit]] {n} partial"), p)?;
                out.push(UnitSource::Partial(path));
            }
            (None, Some(b)) => {
                let path = resolve_inside(dir, report_path, &format!("[[unit]] {n} bundle"), b)?;
                out.push(UnitSource::Bundle {
                    dir: path,
                    name: u.name.clone(),
                });
            }
            (Some(_), Some(_)) | (None, None) => {
                return Err(invalid(
                    format!("unit[{i}]"),
                    String::new(),
                    BundleReason::UnitSourceNotOne,
                ))
            }
        }
    }
    if let Some(m) = &spec.consolidation.rank_by {
        crate::province::rank_measure(report_path, Some(m))?;
    }
    Ok(out)
}

/// Checks `[convention]` (a known preset, at most 4 decimals) when report.toml is read, so
/// that the error names the line and the key: `report.toml:97:10: convention.preset`.
fn check_convention(path: &Path, src: &str, spec: &ReportSpec) -> Result<(), ReportError> {
    let Err(e) = spec.convention.to_policy() else {
        return Ok(());
    };
    let key = match &e {
        EngineError::InvalidQuery {
            reason: minhbach_engine::QueryReason::TooManyDecimals { .. },
        } => "decimals",
        _ => "preset",
    };
    let field = format!("convention.{key}");
    Err(ReportError::Engine {
        path: format!(
            "{}: {field}",
            crate::error::at_field(&path.display().to_string(), src, &field)
        ),
        source: Box::new(e),
    })
}

fn check_spec(path: &Path, spec: &ReportSpec) -> Result<(), ReportError> {
    let d = &spec.document;
    for (i, l) in d.issuing_body.iter().enumerate() {
        check_text(path, &format!("document.issuing_body[{i}]"), l)?;
    }
    if let Some(p) = &d.parent_body {
        check_text(path, "document.parent_body", p)?;
    }
    check_text(path, "document.place", &d.place)?;
    check_text(path, "document.type", &d.doc_type)?;
    check_text(path, "document.summary", &d.summary)?;
    if let Some(t) = &spec.text.intro {
        check_text(path, "text.intro", t)?;
    }
    if let Some(t) = &spec.text.closing {
        check_text(path, "text.closing", t)?;
    }
    fn sections(path: &Path, prefix: &str, s: &[SectionSpec]) -> Result<(), ReportError> {
        for (i, sec) in s.iter().enumerate() {
            let f = format!("{prefix}[{i}]");
            check_text(path, &format!("{f}.title"), &sec.title)?;
            for (j, p) in sec.paragraphs.iter().enumerate() {
                check_text(path, &format!("{f}.paragraphs[{j}]"), p)?;
            }
            if let Some(n) = &sec.numbering {
                if !matches!(n.as_str(), "auto" | "dash" | "none") {
                    return Err(ReportError::InvalidField {
                        path: path.display().to_string(),
                        field: format!("{f}.numbering"),
                        value: n.clone(),
                        reason: BundleReason::UnknownNumbering,
                    });
                }
            }
            if let Some(l) = &sec.list {
                if l != "tasks" {
                    return Err(ReportError::InvalidField {
                        path: path.display().to_string(),
                        field: format!("{f}.list"),
                        value: l.clone(),
                        reason: BundleReason::UnknownList,
                    });
                }
            }
            sections(path, &format!("{f}.section"), &sec.section)?;
        }
        Ok(())
    }
    sections(path, "section", &spec.section)?;
    for (i, t) in spec.task.iter().enumerate() {
        check_text(path, &format!("task[{i}].text"), &t.text)?;
    }
    for (i, r) in spec.recipients.list.iter().enumerate() {
        check_text(path, &format!("recipients.list[{i}]"), r)?;
    }
    for (i, l) in spec.signature.lines.iter().enumerate() {
        check_text(path, &format!("signature.lines[{i}]"), l)?;
        if l.to_uppercase() != *l {
            return Err(ReportError::InvalidField {
                path: path.display().to_string(),
                field: format!("signature.lines[{i}]"),
                value: l.clone(),
                reason: BundleReason::NotUpperCase,
            });
        }
    }
    check_text(path, "signature.name", &spec.signature.name)?;
    Ok(())
}

fn load_register(path: &Path, limits: &Limits) -> Result<DocumentRegister, ReportError> {
    DocumentRegister::from_csv_str(&read(path, limits)?).map_err(|e| model_csv_error(path, e))
}

fn load_procedures(path: &Path, limits: &Limits) -> Result<ProcedureCatalogue, ReportError> {
    ProcedureCatalogue::from_csv_str(&read(path, limits)?).map_err(|e| model_csv_error(path, e))
}

/// A CSV error of the model's readers as a report error naming the file, line and column:
/// a cell as `line N column`, a missing column or an unreadable row as the line.
fn model_csv_error(path: &Path, e: ModelError) -> ReportError {
    let path = path.display().to_string();
    match e {
        ModelError::Csv {
            line,
            column,
            value,
            reason,
        } => {
            let missing = matches!(reason, minhbach_model::CsvReason::MissingColumn { .. });
            if column.is_empty() || (line == 1 && missing) {
                ReportError::Csv { path, line, reason }
            } else {
                ReportError::InvalidField {
                    path,
                    field: format!("line {line} {column}"),
                    value,
                    reason: BundleReason::Csv(reason),
                }
            }
        }
        other => ReportError::Csv {
            path,
            line: 0,
            reason: minhbach_model::CsvReason::Value(Box::new(other)),
        },
    }
}

fn load_portal(path: &Path, limits: &Limits) -> Result<BTreeMap<String, PortalValue>, ReportError> {
    use toml::de::{DeTable, DeValue};
    let src = read(path, limits)?;
    let table = DeTable::parse(&src)
        .map_err(|e| ReportError::from_toml(&path.display().to_string(), &src, &e))?;
    let mut out = BTreeMap::new();
    fn walk(
        path: &Path,
        src: &str,
        prefix: &str,
        t: &DeTable<'_>,
        out: &mut BTreeMap<String, PortalValue>,
    ) -> Result<(), ReportError> {
        for (k, v) in t {
            let key = if prefix.is_empty() {
                k.get_ref().to_string()
            } else {
                format!("{prefix}.{}", k.get_ref())
            };
            let span = v.span();
            // The value exactly as the officer typed it, and where.
            let typed = src.get(span.clone()).unwrap_or("").trim();
            let bad = |fault: PortalFault| {
                let (line, column) = crate::error::line_col(src, span.start);
                ReportError::Toml {
                    path: path.display().to_string(),
                    line,
                    column,
                    message: TomlReason::PortalValue {
                        key: key.clone(),
                        typed: typed.to_string(),
                        fault,
                    },
                }
            };
            match v.get_ref() {
                DeValue::Integer(i) => {
                    let n = if i.radix() == 10 {
                        i.as_str().replace('_', "").parse::<u64>().ok()
                    } else {
                        u64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).ok()
                    };
                    let n = n.ok_or_else(|| bad(PortalFault::NotWholeCount))?;
                    out.insert(key, PortalValue::Count(n));
                }
                DeValue::Float(_) => return Err(bad(PortalFault::Decimal)),
                DeValue::String(s) => {
                    let v = PortalValue::from_text(s)
                        .ok_or_else(|| bad(PortalFault::NotCountOrPercentage))?;
                    out.insert(key, v);
                }
                DeValue::Table(t) => walk(path, src, &key, t, out)?,
                _ => return Err(bad(PortalFault::WrongKind)),
            }
        }
        Ok(())
    }
    walk(path, &src, "", table.get_ref(), &mut out)?;
    Ok(out)
}
