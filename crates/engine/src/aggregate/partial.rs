//! Partial files: one unit's [`Aggregation`] saved for exact merging at the next level up
//! (a district's figures for the province, a commune's for the district).
//!
//! A [`Partial`] file is a versioned JSON header — the format name and version, the unit, the
//! period, the cut-off, the convention and the grouping in readable form, the engine's serde
//! [`Aggregation`] — followed by one compact binary **digest record** per dossier counted
//! (format version 2: a newline after the JSON, then the records as raw bytes; version 1,
//! still read, held them base64 inside the JSON). The records serve two purposes:
//!
//! - **inter-unit ("liên thông") dossiers**: a dossier id that occurs in the partials of
//!   two units is found by its 64-bit digest, counted, and — by [`SharedPolicy`] — counted
//!   once (in the first unit given) or in every unit;
//! - **tamper evidence**: the records sum, group by group, to the aggregation's counts
//!   exactly; a partial edited by hand (a count changed, a record removed) is refused.
//!
//! Record layout (25 bytes, little-endian): id digest `u64` (8) · index of
//! the group in `aggregation.groups` `u32` (4) · classification code `u8` (1) · processing
//! seconds `i64` (8) · processing working days `i32` (4, `i32::MIN` when not computed). The
//! digest is FNV-1a 64 of the id's UTF-8 bytes followed by the splitmix64 finaliser; it is
//! part of format versions 1 and 2 and never changes within them. For n distinct dossiers the
//! probability that two distinct ids share a digest is at most n(n−1)/2⁶⁵: 2.7 × 10⁻⁸ for a
//! province's million dossiers a half-year, 2.7 × 10⁻⁶ for ten million.
//!
//! ```
//! use minhbach_engine::aggregate::partial::{MergeOptions, Merger, Partial};
//! use minhbach_engine::aggregate::{GroupKey, Window, Query};
//! use minhbach_model::parse_datetime;
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let dir = tempfile::tempdir()?;
//! let t = |s| parse_datetime(s).unwrap();
//! let q = Query::new(Window { start: t("2021-01-01T00:00:00"), end: t("2021-06-30T23:59:59") });
//! let header = "id,received_at,due_at,resolved_at\n";
//! let a = dir.path().join("a.csv");
//! std::fs::write(&a, format!("{header}A1,2021-02-01T08:00:00,2021-02-05T17:00:00,2021-02-03T10:00:00\n\
//!     LT-1,2021-02-01T08:00:00,2021-02-05T17:00:00,\n"))?;
//! let b = dir.path().join("b.csv");
//! std::fs::write(&b, format!("{header}LT-1,2021-02-01T08:00:00,2021-02-05T17:00:00,\n"))?;
//! let pa = Partial::from_files("xã An Hải", &[&a], &q)?;
//! let pb = Partial::from_files("xã An Vĩnh", &[&b], &q)?;
//! // Round trip through the file format, as `minhbach merge` reads the files.
//! let pa = Partial::from_bytes(&pa.to_bytes()?, "a.json")?;
//! let mut m = Merger::new(MergeOptions::by([GroupKey::Unit]));
//! m.add("a.json", &pa)?;
//! m.add("b.json", &pb)?;
//! let merged = m.finish()?;
//! assert_eq!(merged.shared.dossiers, 1); // LT-1 is in both units
//! assert_eq!(merged.aggregation.total().received(), 2); // counted once
//! # Ok(()) }
//! ```

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::Path;

use base64::Engine as _;
use chrono::{NaiveDate, NaiveDateTime};
use minhbach_model::{say, Lang};
use serde::{Deserialize, Serialize};

use super::aggregation::Aggregation;
use super::codes::{self, GroupCell};
use super::counts::Counts;
use super::ingest::{ledger_file, LedgerRow, Reader};
use super::query::{GroupKey, Query, QuerySignature, Window};
use crate::{EngineError, MergeReason, QueryDifference, QueryReason};

/// The `format` field of every partial file.
pub const FORMAT: &str = "minhbach-partial";
/// The format version this build writes and the newest it reads (it reads version 1 too).
pub const VERSION: u32 = 2;
/// Bytes per dossier in a digest record.
pub const RECORD_BYTES: usize = 25;
/// The name of the digest function (the `digests.hash` field).
pub const DIGEST: &str = "fnv1a64-splitmix64";

/// The 64-bit digest of a dossier id: FNV-1a over the bytes, then the splitmix64 finaliser.
///
/// ```
/// use minhbach_engine::aggregate::partial::id_digest;
/// assert_eq!(id_digest(b"H48.38-201228-000001"), id_digest(b"H48.38-201228-000001"));
/// assert_ne!(id_digest(b"A1"), id_digest(b"A2"));
/// ```
pub fn id_digest(id: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    let mut z = h;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The period of a partial, as dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodDates {
    /// First day.
    pub from: NaiveDate,
    /// Last day (inclusive).
    pub to: NaiveDate,
}

/// The digest records of a partial.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Digests {
    /// The digest function ([`DIGEST`]).
    pub hash: String,
    /// Bytes per record ([`RECORD_BYTES`]).
    pub record_bytes: usize,
    /// Number of records (dossiers counted).
    pub count: u64,
    /// Format version 1 only: the records, base64 (standard alphabet, padded), inside the
    /// JSON. Version 2 writes none and puts the records after the JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
    /// The records as bytes (`count` × [`RECORD_BYTES`]); in a version 2 file they follow
    /// the JSON header.
    #[serde(skip)]
    pub records: Vec<u8>,
}

/// One digest record, decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DigestRecord {
    /// The id digest ([`id_digest`]).
    pub digest: u64,
    /// Index of the dossier's group in `aggregation.groups` (key order).
    pub group: u32,
    /// Classification code.
    code: u8,
    /// Processing seconds (resolved dossiers).
    secs: i64,
    /// Processing working days, when computed.
    wdays: Option<i64>,
}

impl DigestRecord {
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.digest.to_le_bytes());
        out.extend_from_slice(&self.group.to_le_bytes());
        out.push(self.code);
        out.extend_from_slice(&self.secs.to_le_bytes());
        let w = self
            .wdays
            .and_then(|w| i32::try_from(w).ok())
            .unwrap_or(i32::MIN);
        out.extend_from_slice(&w.to_le_bytes());
    }

    fn decode(b: &[u8]) -> Option<DigestRecord> {
        let digest = u64::from_le_bytes(b.get(0..8)?.try_into().ok()?);
        let group = u32::from_le_bytes(b.get(8..12)?.try_into().ok()?);
        let code = *b.get(12)?;
        let secs = i64::from_le_bytes(b.get(13..21)?.try_into().ok()?);
        let w = i32::from_le_bytes(b.get(21..25)?.try_into().ok()?);
        Some(DigestRecord {
            digest,
            group,
            code,
            secs,
            wdays: (w != i32::MIN).then_some(i64::from(w)),
        })
    }

    /// Adds this dossier to a cell.
    fn add_to(&self, cell: &mut GroupCell) {
        cell.add_parts(self.code, self.secs, self.wdays);
    }
}

/// One unit's aggregation, saved for merging (see the module documentation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Partial {
    /// Always [`FORMAT`].
    pub format: String,
    /// The format version ([`VERSION`]).
    pub version: u32,
    /// The unit (đơn vị): a district, a commune, a department.
    pub unit: String,
    /// The period.
    pub period: PeriodDates,
    /// The cut-off.
    pub as_of: NaiveDateTime,
    /// The counting convention's name.
    pub convention: String,
    /// The grouping keys.
    pub group_by: Vec<GroupKey>,
    /// The dossier files aggregated (names as given).
    pub files: Vec<String>,
    /// One record per dossier counted.
    pub digests: Digests,
    /// The aggregation.
    pub aggregation: Aggregation,
}

/// Only the fields that say what a JSON file is, read first so that a file of another kind
/// or a newer version gets a clear message rather than a missing-field error.
#[derive(Deserialize)]
struct PartialFileHeader {
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    version: Option<u32>,
}

/// Why a partial file cannot be used ([`EngineError::BadPartial`]): not JSON (truncated), not
/// a partial, a newer format version, or tampered (identities or digest records broken).
///
/// Its `Display` is the English sentence;
/// [`Bilingual::in_lang`](minhbach_model::Bilingual::in_lang) gives the Vietnamese one.
///
/// ```
/// use minhbach_engine::aggregate::partial::Partial;
/// use minhbach_engine::aggregate::PartialReason;
/// use minhbach_engine::EngineError;
/// use minhbach_model::{Bilingual, Lang};
/// let Err(EngineError::BadPartial { reason, .. }) = Partial::from_bytes(b"", "a.json") else {
///     panic!("an empty file is no partial")
/// };
/// assert_eq!(reason, PartialReason::Empty);
/// assert_eq!(reason.to_string(), "empty file, not a minhbach partial");
/// assert_eq!(
///     reason.in_lang(Lang::Vi).to_string(),
///     "tệp trống, không phải tệp số liệu riêng của minhbach"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PartialReason {
    /// A file without any JSON.
    Empty,
    /// JSON of another kind: its `format` field, when it has one.
    NotAPartial {
        /// The `format` field as found.
        format: Option<String>,
    },
    /// A format version newer than this build reads.
    NewerVersion {
        /// The version of the file.
        version: u32,
    },
    /// No valid format version.
    NoVersion,
    /// Not readable JSON (a truncated or damaged file).
    NotJson {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The JSON parser's message (English).
        detail: String,
    },
    /// A partial with a field of the wrong shape.
    BadField {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The JSON parser's message (English).
        detail: String,
    },
    /// Bytes after the JSON of a version 1 partial.
    BytesAfterV1Json,
    /// A version 1 partial without its digest data.
    V1WithoutDigests,
    /// A newer partial with base64 digest data inside the JSON.
    DigestsInsideJson {
        /// The version of the file.
        version: u32,
    },
    /// No digest records after the JSON header.
    NoDigestRecords,
    /// Tampered or damaged: the digest data is not base64.
    NotBase64 {
        /// The decoder's message (English).
        detail: String,
    },
    /// Tampered or damaged: the aggregation's identities or row conservation do not hold.
    BrokenIdentity {
        /// The identity that fails (English).
        detail: String,
    },
    /// Tampered or damaged: the readable header differs from the aggregation's query.
    HeaderDiffers,
    /// Tampered or damaged: digests of another kind.
    DigestKind {
        /// The digest named by the file.
        hash: String,
        /// Its bytes a record.
        record_bytes: usize,
    },
    /// Tampered or damaged: as many digest bytes as no whole number of records.
    RecordBytes {
        /// Bytes of digest records.
        bytes: usize,
        /// Dossiers the file declares.
        dossiers: u64,
    },
    /// Tampered or damaged: a digest record with an unknown classification.
    UnknownClassification,
    /// Tampered or damaged: a digest record names a group that does not exist.
    UnknownGroup {
        /// The group number.
        group: u32,
    },
    /// Tampered or damaged: a group's counts are not the sum of its dossiers' records.
    GroupSum {
        /// The group key, ` / `-joined.
        group: String,
    },
}

impl PartialReason {
    /// Both wordings, one arm per reason ([`minhbach_model::bilingual_via_fmt_in`]).
    fn fmt_in(&self, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_tampering() {
            say!(f, lang => "tampered or damaged partial: ", "tệp số liệu riêng đã bị sửa hoặc hỏng: ")?;
        }
        match self {
            PartialReason::Empty => {
                say!(f, lang => "empty file, not a minhbach partial", "tệp trống, không phải tệp số liệu riêng của minhbach")
            }
            PartialReason::NotAPartial { format } => {
                let format = format.as_ref().map_or_else(
                    || lang.pick("missing", "không có").to_string(),
                    |f| format!("{f:?}"),
                );
                say!(f, lang => "not a minhbach partial file (its \"format\" is {format}, expected {FORMAT:?}); make one with minhbach aggregate … --unit NAME --save-partial FILE", "không phải tệp số liệu riêng của minhbach (trường \"format\" là {format}, cần {FORMAT:?}); tạo tệp bằng minhbach aggregate … --unit TÊN --save-partial TỆP")
            }
            PartialReason::NewerVersion { version } => {
                say!(f, lang => "partial format version {version} is newer than this minhbach reads (up to version {VERSION}); update minhbach", "tệp số liệu riêng dạng phiên bản {version}, mới hơn phiên bản minhbach này đọc được (đến phiên bản {VERSION}); hãy cập nhật minhbach")
            }
            PartialReason::NoVersion => {
                say!(f, lang => "partial without a valid format version", "tệp số liệu riêng không có số phiên bản định dạng hợp lệ")
            }
            PartialReason::NotJson {
                line,
                column,
                detail,
            } => {
                say!(f, lang => "not readable JSON at line {line}, column {column}: {detail} (a truncated or damaged file?)", "không đọc được JSON ở dòng {line}, cột {column}: {detail} (tệp bị cắt cụt hoặc hỏng?)")
            }
            PartialReason::BadField {
                line,
                column,
                detail,
            } => {
                say!(f, lang => "line {line}, column {column}: {detail}", "dòng {line}, cột {column}: {detail}")
            }
            PartialReason::BytesAfterV1Json => {
                say!(f, lang => "bytes after the JSON of a version 1 partial", "có dữ liệu thừa sau phần JSON của tệp số liệu riêng phiên bản 1")
            }
            PartialReason::V1WithoutDigests => {
                say!(f, lang => "version 1 partial without digest data", "tệp số liệu riêng phiên bản 1 không có dữ liệu mã băm")
            }
            PartialReason::DigestsInsideJson { version } => {
                say!(f, lang => "version {version} partial with base64 digest data inside the JSON", "tệp số liệu riêng phiên bản {version} lại có dữ liệu mã băm base64 trong JSON")
            }
            PartialReason::NoDigestRecords => {
                say!(f, lang => "no digest records after the JSON header (a truncated or damaged file?)", "không có bản ghi mã băm sau phần JSON (tệp bị cắt cụt hoặc hỏng?)")
            }
            PartialReason::NotBase64 { detail } => {
                say!(f, lang => "digest data is not base64: {detail}", "dữ liệu mã băm không phải base64: {detail}")
            }
            PartialReason::BrokenIdentity { detail } => f.write_str(detail),
            PartialReason::HeaderDiffers => {
                say!(f, lang => "its period, cut-off, convention or grouping differs from its aggregation's", "kỳ, thời điểm chốt số liệu, quy ước đếm hoặc cách nhóm ghi ở đầu tệp khác với số liệu trong tệp")
            }
            PartialReason::DigestKind { hash, record_bytes } => {
                say!(f, lang => "digests use {hash:?} with {record_bytes} bytes a record; this version reads {DIGEST:?} with {RECORD_BYTES}", "mã băm dạng {hash:?}, {record_bytes} byte một bản ghi; phiên bản này đọc {DIGEST:?}, {RECORD_BYTES} byte")
            }
            PartialReason::RecordBytes { bytes, dossiers } => {
                say!(f, lang => "{bytes} bytes of digest records for {dossiers} dossiers (a truncated file?)", "{bytes} byte bản ghi mã băm cho {dossiers} hồ sơ (tệp bị cắt cụt?)")
            }
            PartialReason::UnknownClassification => {
                say!(f, lang => "a digest record with an unknown classification", "một bản ghi mã băm có mã phân loại không rõ")
            }
            PartialReason::UnknownGroup { group } => {
                say!(f, lang => "a digest record names group {group}", "một bản ghi mã băm ghi nhóm {group} không có")
            }
            PartialReason::GroupSum { group } => {
                say!(f, lang => "the counts of group {group:?} are not the sum of its dossiers' records", "số liệu của nhóm {group:?} không bằng tổng các bản ghi hồ sơ của nhóm")
            }
        }
    }

    /// Whether the file was edited or damaged after it was written (its checks fail).
    pub fn is_tampering(&self) -> bool {
        matches!(
            self,
            PartialReason::NotBase64 { .. }
                | PartialReason::BrokenIdentity { .. }
                | PartialReason::HeaderDiffers
                | PartialReason::DigestKind { .. }
                | PartialReason::RecordBytes { .. }
                | PartialReason::UnknownClassification
                | PartialReason::UnknownGroup { .. }
                | PartialReason::GroupSum { .. }
        )
    }
}

minhbach_model::bilingual_via_fmt_in!(PartialReason);

fn bad(path: &str, reason: PartialReason) -> EngineError {
    EngineError::BadPartial {
        path: path.to_string(),
        reason,
    }
}

/// Refuses a file of another kind, a newer version or no version.
fn check_header(format: Option<&str>, version: Option<u32>, path: &str) -> Result<(), EngineError> {
    if format != Some(FORMAT) {
        return Err(bad(
            path,
            PartialReason::NotAPartial {
                format: format.map(str::to_string),
            },
        ));
    }
    match version {
        Some(v) if v > VERSION => Err(bad(path, PartialReason::NewerVersion { version: v })),
        Some(0) | None => Err(bad(path, PartialReason::NoVersion)),
        Some(_) => Ok(()),
    }
}

impl Partial {
    /// Aggregates `files` (CSV or spreadsheets) for `query` with the default [`Reader`] and
    /// records the digests: the partial of `unit`.
    pub fn from_files(unit: &str, files: &[&Path], query: &Query) -> Result<Partial, EngineError> {
        Partial::read(unit, files, &Reader::default(), query)
    }

    /// [`Partial::from_files`] with the reading options of `reader`.
    pub fn read(
        unit: &str,
        files: &[&Path],
        reader: &Reader,
        query: &Query,
    ) -> Result<Partial, EngineError> {
        let mut agg = reader.empty(query);
        for f in files {
            agg.merge(&reader.aggregate_file(f, query)?)?;
        }
        Partial::with_digests(unit, files, agg, reader, query)
    }

    /// The partial of `unit` from `aggregation`, the aggregation of `files` for `query`
    /// already computed (with `reader`): the files are read once more for the digest records
    /// (and the records must sum to the aggregation, else an error).
    pub fn with_digests(
        unit: &str,
        files: &[&Path],
        aggregation: Aggregation,
        reader: &Reader,
        query: &Query,
    ) -> Result<Partial, EngineError> {
        let mut ledger: Vec<LedgerRow> = Vec::new();
        for f in files {
            ledger.extend(ledger_file(f, &reader.job(query))?);
        }
        let names = files.iter().map(|f| f.display().to_string()).collect();
        Partial::new(unit, names, aggregation, &ledger)
    }

    /// A partial from an aggregation and its ledger (one row per dossier counted).
    pub(crate) fn new(
        unit: &str,
        files: Vec<String>,
        aggregation: Aggregation,
        ledger: &[LedgerRow],
    ) -> Result<Partial, EngineError> {
        if unit.trim().is_empty() {
            return Err(EngineError::InvalidQuery {
                reason: QueryReason::EmptyUnit,
            });
        }
        let index: HashMap<&Vec<String>, u32> = aggregation
            .groups
            .keys()
            .enumerate()
            .map(|(i, k)| (k, u32::try_from(i).unwrap_or(u32::MAX)))
            .collect();
        let mut bytes = Vec::with_capacity(ledger.len() * RECORD_BYTES);
        for row in ledger {
            let group =
                index
                    .get(&row.key)
                    .copied()
                    .ok_or_else(|| EngineError::IdentityBroken {
                        row: row.key.join(" / "),
                        identity: "every dossier counted belongs to a group of the table".into(),
                    })?;
            DigestRecord {
                digest: id_digest(&row.id),
                group,
                code: row.code,
                secs: row.secs,
                wdays: row.wdays,
            }
            .encode(&mut bytes);
        }
        let q = &aggregation.query;
        let p = Partial {
            format: FORMAT.into(),
            version: VERSION,
            unit: unit.trim().to_string(),
            period: PeriodDates {
                from: q.period.start.date(),
                to: q.period.end.date(),
            },
            as_of: q.cutoff,
            convention: q.policy.name.clone(),
            group_by: q.group_by.clone(),
            files,
            digests: Digests {
                hash: DIGEST.into(),
                record_bytes: RECORD_BYTES,
                count: ledger.len() as u64,
                data: None,
                records: bytes,
            },
            aggregation,
        };
        p.records("<new partial>")?;
        Ok(p)
    }

    /// The file: the JSON header (on one line), a newline, then the digest records as raw
    /// bytes (format version 2).
    pub fn to_bytes(&self) -> Result<Vec<u8>, EngineError> {
        let mut out = Vec::with_capacity(self.digests.records.len() + 64 * 1024);
        self.write_to(&mut out).map_err(|e| EngineError::Io {
            path: "<partial>".into(),
            source: e,
        })?;
        Ok(out)
    }

    /// Writes the file (see [`Partial::to_bytes`]) to `out`.
    pub fn write_to(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let mut header = self.clone_header();
        header.version = VERSION;
        header.digests.data = None;
        serde_json::to_writer(&mut *out, &header).map_err(std::io::Error::other)?;
        out.write_all(b"\n")?;
        out.write_all(&self.digests.records)
    }

    /// The partial without its records (the JSON header).
    fn clone_header(&self) -> Partial {
        Partial {
            format: self.format.clone(),
            version: self.version,
            unit: self.unit.clone(),
            period: self.period,
            as_of: self.as_of,
            convention: self.convention.clone(),
            group_by: self.group_by.clone(),
            files: self.files.clone(),
            digests: Digests {
                hash: self.digests.hash.clone(),
                record_bytes: self.digests.record_bytes,
                count: self.digests.count,
                data: None,
                records: Vec::new(),
            },
            aggregation: self.aggregation.clone(),
        }
    }

    /// Reads a partial file (version 2: JSON header then binary records; version 1: JSON
    /// with base64 records); `path` names it in errors. Refuses text that is not JSON
    /// (truncated files: the line and column where it stops), JSON that is not a partial, a
    /// newer format version, records cut short, and a partial whose identities or digest
    /// records do not hold ([`Partial::records`]).
    pub fn from_bytes(bytes: &[u8], path: &str) -> Result<Partial, EngineError> {
        Partial::parse(bytes, path).map(|(p, _)| p)
    }

    /// Reads a version 1 partial (JSON text); see [`Partial::from_bytes`], which reads both
    /// versions.
    pub fn from_json(text: &str, path: &str) -> Result<Partial, EngineError> {
        Partial::from_bytes(text.as_bytes(), path)
    }

    /// [`Partial::from_bytes`] and the decoded, checked records.
    fn parse(bytes: &[u8], path: &str) -> Result<(Partial, Vec<DigestRecord>), EngineError> {
        let bytes = bytes
            .strip_prefix(b"\xEF\xBB\xBF".as_slice())
            .unwrap_or(bytes);
        let mut stream = serde_json::Deserializer::from_slice(bytes).into_iter::<Partial>();
        let first = stream.next();
        let end = stream.byte_offset();
        let mut p = match first {
            Some(Ok(p)) => p,
            // Say what the file is (another kind, a newer version) before the parse error.
            Some(Err(e)) => return Err(Partial::diagnose(bytes, path, &e)),
            None => return Err(bad(path, PartialReason::Empty)),
        };
        check_header(Some(p.format.as_str()), Some(p.version), path)?;
        let rest = bytes.get(end..).unwrap_or_default();
        match (p.version, p.digests.data.take()) {
            (1, Some(data)) => {
                if !rest.iter().all(u8::is_ascii_whitespace) {
                    return Err(bad(path, PartialReason::BytesAfterV1Json));
                }
                p.digests.records = base64::engine::general_purpose::STANDARD
                    .decode(data.as_bytes())
                    .map_err(|e| {
                        bad(
                            path,
                            PartialReason::NotBase64 {
                                detail: e.to_string(),
                            },
                        )
                    })?;
            }
            (1, None) => return Err(bad(path, PartialReason::V1WithoutDigests)),
            (_, Some(_)) => {
                return Err(bad(
                    path,
                    PartialReason::DigestsInsideJson { version: p.version },
                ))
            }
            (_, None) => {
                let records = rest
                    .strip_prefix(b"\n".as_slice())
                    .ok_or_else(|| bad(path, PartialReason::NoDigestRecords))?;
                p.digests.records = records.to_vec();
            }
        }
        p.version = VERSION;
        let records = p.records(path)?;
        Ok((p, records))
    }

    /// The error for a file that does not parse as a partial: not JSON, JSON of another
    /// kind, a newer version, or a partial with a bad field.
    fn diagnose(bytes: &[u8], path: &str, e: &serde_json::Error) -> EngineError {
        let header = serde_json::Deserializer::from_slice(bytes)
            .into_iter::<PartialFileHeader>()
            .next();
        match header {
            Some(Ok(h)) => match check_header(h.format.as_deref(), h.version, path) {
                Err(err) => err,
                Ok(()) => bad(
                    path,
                    PartialReason::BadField {
                        line: e.line(),
                        column: e.column(),
                        detail: e.to_string(),
                    },
                ),
            },
            _ => bad(
                path,
                PartialReason::NotJson {
                    line: e.line(),
                    column: e.column(),
                    detail: e.to_string(),
                },
            ),
        }
    }

    /// Checks the partial and decodes its digest records: the aggregation's identities and
    /// row conservation ([`Aggregation::check`]), the readable header against the
    /// aggregation's query, and the records summing to every group's counts exactly. Any
    /// failure means the file was edited or damaged.
    pub fn records(&self, path: &str) -> Result<Vec<DigestRecord>, EngineError> {
        let tampered = |reason: PartialReason| bad(path, reason);
        self.aggregation.check().map_err(|e| {
            tampered(PartialReason::BrokenIdentity {
                detail: e.to_string(),
            })
        })?;
        let q = &self.aggregation.query;
        let expected = Window::days(self.period.from, self.period.to)?;
        if q.period != expected
            || q.cutoff != self.as_of
            || q.group_by != self.group_by
            || q.policy.name != self.convention
        {
            return Err(tampered(PartialReason::HeaderDiffers));
        }
        if self.digests.hash != DIGEST || self.digests.record_bytes != RECORD_BYTES {
            return Err(tampered(PartialReason::DigestKind {
                hash: self.digests.hash.clone(),
                record_bytes: self.digests.record_bytes,
            }));
        }
        let bytes = &self.digests.records;
        if bytes.len() as u64 != self.digests.count.saturating_mul(RECORD_BYTES as u64) {
            return Err(tampered(PartialReason::RecordBytes {
                bytes: bytes.len(),
                dossiers: self.digests.count,
            }));
        }
        let mut cells = vec![GroupCell::default(); self.aggregation.groups.len()];
        let mut records = Vec::with_capacity(bytes.len() / RECORD_BYTES);
        for chunk in bytes.chunks_exact(RECORD_BYTES) {
            let r = DigestRecord::decode(chunk)
                .filter(|r| codes::is_counted(r.code))
                .ok_or_else(|| tampered(PartialReason::UnknownClassification))?;
            let cell = cells
                .get_mut(r.group as usize)
                .ok_or_else(|| tampered(PartialReason::UnknownGroup { group: r.group }))?;
            r.add_to(cell);
            records.push(r);
        }
        for ((key, counts), cell) in self.aggregation.groups.iter().zip(&cells) {
            if cell.counts() != *counts {
                return Err(tampered(PartialReason::GroupSum {
                    group: key.join(" / "),
                }));
            }
        }
        Ok(records)
    }
}

/// What to do with a dossier found in the partials of several units (a "liên thông"
/// dossier, handled at two levels).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SharedPolicy {
    /// Counted once, in the first unit given that holds it (the default): the total counts
    /// each dossier once.
    #[default]
    Once,
    /// Counted in every unit that holds it: each unit's row is its own workload, and the
    /// total counts such a dossier once per unit.
    #[serde(alias = "per-unit")]
    PerUnit,
}

impl SharedPolicy {
    /// Both policies, the default first.
    pub const ALL: [SharedPolicy; 2] = [SharedPolicy::Once, SharedPolicy::PerUnit];

    /// The name used by JSON, TOML (`report.toml`'s `[consolidation] shared`) and the
    /// command line: `once` or `per_unit`.
    pub fn as_str(self) -> &'static str {
        match self {
            SharedPolicy::Once => "once",
            SharedPolicy::PerUnit => "per_unit",
        }
    }

    /// Other spellings accepted for the policy: `per-unit`, as the command line wrote it
    /// first (`merge --shared per-unit`).
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            SharedPolicy::Once => &[],
            SharedPolicy::PerUnit => &["per-unit"],
        }
    }

    /// Parses a name of [`SharedPolicy::as_str`] or one of its
    /// [`aliases`](SharedPolicy::aliases); the error lists the names.
    pub fn parse(s: &str) -> Result<SharedPolicy, EngineError> {
        let folded = s.trim().to_ascii_lowercase();
        match SharedPolicy::ALL
            .into_iter()
            .find(|p| p.aliases().contains(&folded.as_str()))
        {
            Some(p) => Ok(p),
            None => super::measures::parse_named(
                s,
                &SharedPolicy::ALL,
                SharedPolicy::as_str,
                crate::OptionKind::SharedPolicy,
            ),
        }
    }
}

/// How to merge partials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeOptions {
    /// The grouping of the result: [`GroupKey::Unit`] and any keys of the partials'
    /// grouping, in this order.
    pub group_by: Vec<GroupKey>,
    /// Dossiers in several units.
    pub shared: SharedPolicy,
    /// Accept two partials of the same unit (their figures are added).
    pub allow_same_unit: bool,
}

impl MergeOptions {
    /// Grouped by `keys`, shared dossiers counted once, each unit once.
    pub fn by(keys: impl IntoIterator<Item = GroupKey>) -> MergeOptions {
        MergeOptions {
            group_by: keys.into_iter().collect(),
            shared: SharedPolicy::Once,
            allow_same_unit: false,
        }
    }
}

/// Dossiers found in more than one unit's partial.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedDossiers {
    /// The policy applied.
    pub policy: SharedPolicy,
    /// Distinct dossiers (digests) found in two units or more.
    pub dossiers: u64,
    /// Occurrences beyond each one's first unit.
    pub extra_occurrences: u64,
    /// Occurrences taken out of the figures (all the extra ones under `once`, none under
    /// `per_unit`).
    pub removed: u64,
}

/// The result of merging partials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    /// The merged aggregation, grouped as asked. Its `report.rows_read` and `rows_counted`
    /// exclude the removed shared occurrences.
    pub aggregation: Aggregation,
    /// The units, in the order given (each once).
    pub units: Vec<String>,
    /// Partial files read.
    pub partials: u64,
    /// Shared dossiers.
    pub shared: SharedDossiers,
}

/// Marks a digest already counted as shared in [`Merger`]'s table.
const SHARED: u32 = 1 << 31;

/// The hasher of the shared-dossier table: the keys are id digests, already mixed by the
/// splitmix64 finaliser, so the digest is its own hash.
#[derive(Debug, Default, Clone, Copy)]
struct DigestHasher(u64);

impl Hasher for DigestHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Not used for u64 keys; kept correct for any other input.
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

/// Merges partials one at a time (memory: the merged groups plus 16 to 32 bytes per
/// distinct dossier for the shared-dossier check, whatever the number of partials).
#[derive(Debug)]
pub struct Merger {
    opts: MergeOptions,
    first: Option<(String, QuerySignature)>,
    /// For each output key: its position in the partials' grouping (`None` for the unit).
    proj: Vec<Option<usize>>,
    agg: Option<Aggregation>,
    units: Vec<String>,
    unit_files: HashMap<String, String>,
    /// Digest → the last partial that held it (1-based), with [`SHARED`] set once it was
    /// counted as shared.
    seen: HashMap<u64, u32, BuildHasherDefault<DigestHasher>>,
    partials: u32,
    shared: SharedDossiers,
    /// The period, cut-off and convention every partial must have, and where they were
    /// stated ([`Merger::require_query`]).
    expected: Option<(String, QuerySignature)>,
}

impl Merger {
    /// An empty merger.
    pub fn new(opts: MergeOptions) -> Merger {
        let shared = SharedDossiers {
            policy: opts.shared,
            ..SharedDossiers::default()
        };
        Merger {
            opts,
            first: None,
            proj: Vec::new(),
            agg: None,
            units: Vec::new(),
            unit_files: HashMap::new(),
            seen: HashMap::default(),
            partials: 0,
            shared,
            expected: None,
        }
    }

    /// Requires every partial to have the period, cut-off and convention of `query` (rate
    /// options and grouping aside): a partial that differs is refused with an error naming
    /// it, `source` (where the query was stated, e.g. a province bundle's `report.toml`) and
    /// what differs. A province report uses it so that a partial of another period is never
    /// merged into its figures.
    pub fn require_query(mut self, source: &str, query: &Query) -> Merger {
        self.expected = Some((source.to_string(), query.signature()));
        self
    }

    /// Adds one partial (`name`: its file, for messages). Refuses a partial that does not
    /// check ([`Partial::records`]), one whose period, cut-off, convention or grouping
    /// differs from the first partial's (naming both files and what differs), and a unit
    /// already given unless [`MergeOptions::allow_same_unit`].
    pub fn add(&mut self, name: &str, p: &Partial) -> Result<(), EngineError> {
        let records = p.records(name)?;
        self.add_checked(name, p, &records)
    }

    /// Reads a partial file's bytes ([`Partial::from_bytes`]) and adds it: the same as
    /// [`Merger::add`], with the records decoded and checked once.
    pub fn add_bytes(&mut self, name: &str, bytes: &[u8]) -> Result<(), EngineError> {
        let (p, records) = Partial::parse(bytes, name)?;
        self.add_checked(name, &p, &records)
    }

    fn add_checked(
        &mut self,
        name: &str,
        p: &Partial,
        records: &[DigestRecord],
    ) -> Result<(), EngineError> {
        let sig = &p.aggregation.query;
        if let Some((source, expected)) = &self.expected {
            let mut expected = expected.clone();
            expected.group_by.clone_from(&sig.group_by);
            let diffs = differences(&expected, sig);
            if !diffs.is_empty() {
                return Err(EngineError::MergeMismatch {
                    reason: MergeReason::NotAsStated {
                        file: name.to_string(),
                        source: source.to_string(),
                        differences: diffs,
                    },
                });
            }
        }
        match &self.first {
            None => {
                self.proj = self
                    .opts
                    .group_by
                    .iter()
                    .map(|k| {
                        if *k == GroupKey::Unit {
                            Ok(None)
                        } else {
                            sig.group_by
                                .iter()
                                .position(|g| g == k)
                                .map(Some)
                                .ok_or_else(|| EngineError::InvalidQuery {
                                    reason: QueryReason::PartialNotGroupedBy {
                                        key: k.to_string(),
                                        file: name.to_string(),
                                        keys: keys_text(&sig.group_by),
                                    },
                                })
                        }
                    })
                    .collect::<Result<_, _>>()?;
                for (i, k) in self.opts.group_by.iter().enumerate() {
                    if self.opts.group_by.iter().take(i).any(|x| x == k) {
                        return Err(EngineError::InvalidQuery {
                            reason: QueryReason::GroupKeyTwice { key: k.to_string() },
                        });
                    }
                }
                let mut out = sig.clone();
                out.group_by = self.opts.group_by.clone();
                self.agg = Some(Aggregation {
                    query: out,
                    groups: BTreeMap::new(),
                    outside_period: 0,
                    report: super::ingest_report::IngestReport::new(
                        p.aggregation.report.max_listed,
                    ),
                });
                self.first = Some((name.to_string(), sig.clone()));
            }
            Some((first_name, first)) => {
                let diffs = differences(first, sig);
                if !diffs.is_empty() {
                    return Err(EngineError::MergeMismatch {
                        reason: MergeReason::Differ {
                            first: first_name.to_string(),
                            second: name.to_string(),
                            differences: diffs,
                        },
                    });
                }
            }
        }
        if let Some(f) = self.unit_files.get(&p.unit) {
            if !self.opts.allow_same_unit {
                return Err(EngineError::MergeMismatch {
                    reason: MergeReason::SameUnit {
                        first: f.to_string(),
                        second: name.to_string(),
                        unit: p.unit.clone(),
                    },
                });
            }
        } else {
            self.unit_files.insert(p.unit.clone(), name.to_string());
            self.units.push(p.unit.clone());
        }
        if self.partials >= SHARED - 1 {
            return Err(EngineError::InvalidQuery {
                reason: QueryReason::TooManyPartials {
                    limit: u64::from(SHARED - 2),
                },
            });
        }
        self.partials += 1;
        let me = self.partials;
        // Split the partial's dossiers into the kept and the removed shared ones.
        let mut removed_flags: Vec<bool> = Vec::new();
        let mut removed = 0u64;
        self.seen.reserve(records.len());
        for (i, r) in records.iter().enumerate() {
            let e = self.seen.entry(r.digest).or_insert(me);
            if *e & !SHARED == me {
                continue;
            }
            if *e & SHARED == 0 {
                self.shared.dossiers += 1;
            }
            *e = me | SHARED;
            self.shared.extra_occurrences += 1;
            if self.opts.shared == SharedPolicy::Once {
                if removed_flags.is_empty() {
                    removed_flags = vec![false; records.len()];
                }
                if let Some(f) = removed_flags.get_mut(i) {
                    *f = true;
                }
                removed += 1;
            }
        }
        // The records sum to the groups exactly (checked): without the removed ones they
        // give the kept counts.
        let kept: Option<Vec<GroupCell>> = (removed > 0).then(|| {
            let mut cells = vec![GroupCell::default(); p.aggregation.groups.len()];
            for (r, _) in records.iter().zip(&removed_flags).filter(|(_, f)| !**f) {
                if let Some(c) = cells.get_mut(r.group as usize) {
                    r.add_to(c);
                }
            }
            cells
        });
        self.shared.removed += removed;
        let Some(agg) = self.agg.as_mut() else {
            return Ok(());
        };
        // Sum the partial's groups onto the output keys first (borrowed), so that each
        // output group is looked up and its key allocated once per partial.
        let mut local: BTreeMap<Vec<&str>, Counts> = BTreeMap::new();
        for (i, (key, counts)) in p.aggregation.groups.iter().enumerate() {
            let out_key: Vec<&str> = self
                .proj
                .iter()
                .map(|i| match i {
                    None => p.unit.as_str(),
                    Some(i) => key.get(*i).map_or("", String::as_str),
                })
                .collect();
            let counts = match kept.as_ref().and_then(|k| k.get(i)) {
                Some(cell) => cell.counts(),
                None => *counts,
            };
            local.entry(out_key).or_default().merge(&counts);
        }
        for (key, counts) in local {
            let key: Vec<String> = key.into_iter().map(str::to_string).collect();
            agg.groups.entry(key).or_default().merge(&counts);
        }
        agg.outside_period += p.aggregation.outside_period;
        agg.report.merge(&p.aggregation.report);
        agg.report.rows_read -= removed.min(agg.report.rows_read);
        agg.report.rows_counted -= removed.min(agg.report.rows_counted);
        Ok(())
    }

    /// The merged result, its identities checked.
    pub fn finish(self) -> Result<Merged, EngineError> {
        let mut aggregation = self.agg.ok_or(EngineError::InvalidQuery {
            reason: QueryReason::NoPartial,
        })?;
        // A group whose every dossier was counted in an earlier unit is empty: no row.
        aggregation.groups.retain(|_, c| *c != Counts::default());
        aggregation.check()?;
        Ok(Merged {
            aggregation,
            units: self.units,
            partials: u64::from(self.partials),
            shared: self.shared,
        })
    }
}

fn keys_text(keys: &[GroupKey]) -> String {
    keys.iter()
        .map(|k| k.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// What differs between two partials' queries, one clause each (rate options aside: rates
/// are computed from the merged counts with the merge's own options).
fn differences(a: &QuerySignature, b: &QuerySignature) -> Vec<QueryDifference> {
    let mut out = Vec::new();
    if a.period != b.period {
        out.push(QueryDifference::Period {
            first: (a.period.start.date(), a.period.end.date()),
            second: (b.period.start.date(), b.period.end.date()),
        });
    }
    if a.cutoff != b.cutoff {
        out.push(QueryDifference::Cutoff {
            first: a.cutoff,
            second: b.cutoff,
        });
    }
    if a.group_by != b.group_by {
        out.push(QueryDifference::Grouping {
            first: keys_text(&a.group_by),
            second: keys_text(&b.group_by),
        });
    }
    let (mut pa, mut pb) = (a.policy.clone(), b.policy.clone());
    pa.measures = Default::default();
    pb.measures = Default::default();
    if pa != pb {
        out.push(QueryDifference::Convention {
            options: pa
                .option_differences(&pb)
                .into_iter()
                .map(|o| (o, o.value(&pa), o.value(&pb)))
                .collect(),
            first: pa.name,
            second: pb.name,
        });
    }
    out
}

/// A filter of [`Merged::regroup`]: a grouping key and the test its value must pass.
pub type KeyFilter<'a> = (GroupKey, &'a dyn Fn(&str) -> bool);

/// One unit's place in a ranking by a measure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RankedUnit {
    /// The unit.
    pub unit: String,
    /// The measure's value for the unit's total (`None` when its denominator is 0).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub value: Option<rust_decimal::Decimal>,
    /// The rank: 1 is best; ties share the best rank (1, 2, 2, 4), as PCI ranks; no rank
    /// without a value.
    pub rank: Option<u32>,
}

impl Merged {
    /// Each unit's total counts, in the order the units were given (requires
    /// [`GroupKey::Unit`] in the grouping; empty otherwise).
    pub fn unit_counts(&self) -> Vec<(String, Counts)> {
        let q = &self.aggregation.query;
        let Some(at) = q.group_by.iter().position(|k| *k == GroupKey::Unit) else {
            return Vec::new();
        };
        let mut by_unit: HashMap<&str, Counts> = HashMap::new();
        for (key, c) in &self.aggregation.groups {
            if let Some(u) = key.get(at) {
                by_unit.entry(u.as_str()).or_default().merge(c);
            }
        }
        self.units
            .iter()
            .map(|u| {
                (
                    u.clone(),
                    by_unit.get(u.as_str()).copied().unwrap_or_default(),
                )
            })
            .collect()
    }

    /// The merged groups summed onto `keys` (a subset of the merge's grouping, in any
    /// order), keeping only the groups whose value of key `only.0` passes `only.1` when
    /// given: e.g. per unit for the procedures of one online service level, or per month
    /// for all units. Keys not in the merge's grouping are an error.
    ///
    /// ```
    /// # use minhbach_engine::aggregate::partial::Merged;
    /// # fn f(m: &Merged) -> Result<(), minhbach_engine::EngineError> {
    /// use minhbach_engine::aggregate::GroupKey;
    /// let _by_month = m.regroup(&[GroupKey::Month], None)?;
    /// let full_online = |code: &str| code.starts_with("1.00");
    /// let _by_unit = m.regroup(&[GroupKey::Unit], Some((GroupKey::Procedure, &full_online)))?;
    /// # Ok(()) }
    /// ```
    pub fn regroup(
        &self,
        keys: &[GroupKey],
        only: Option<KeyFilter<'_>>,
    ) -> Result<BTreeMap<Vec<String>, Counts>, EngineError> {
        let have = &self.aggregation.query.group_by;
        let at = |k: &GroupKey| {
            have.iter()
                .position(|g| g == k)
                .ok_or_else(|| EngineError::InvalidQuery {
                    reason: QueryReason::MergedNotGroupedBy {
                        key: k.to_string(),
                        keys: keys_text(have),
                    },
                })
        };
        let pos: Vec<usize> = keys.iter().map(at).collect::<Result<_, _>>()?;
        let filter = only.map(|(k, v)| at(&k).map(|i| (i, v))).transpose()?;
        let mut out: BTreeMap<Vec<String>, Counts> = BTreeMap::new();
        for (key, c) in &self.aggregation.groups {
            if let Some((i, keep)) = filter {
                if !keep(key.get(i).map(String::as_str).unwrap_or("")) {
                    continue;
                }
            }
            let k: Vec<String> = pos
                .iter()
                .map(|i| key.get(*i).cloned().unwrap_or_default())
                .collect();
            out.entry(k).or_default().merge(c);
        }
        Ok(out)
    }

    /// The units ranked by `measure` under `options` (values compared as published, at the
    /// options' decimals; the direction is the measure's), in the order given.
    pub fn rank(
        &self,
        measure: super::measures::MeasureId,
        options: &super::measures::MeasureOptions,
    ) -> Vec<RankedUnit> {
        let m = measure.measure();
        let units = self.unit_counts();
        let values: Vec<Option<rust_decimal::Decimal>> =
            units.iter().map(|(_, c)| m.compute(c, options)).collect();
        let ranks = crate::scoring::competition_ranks(
            &values,
            Some(m.decimals(options)),
            m.lower_is_better(),
        );
        units
            .into_iter()
            .zip(values)
            .zip(ranks)
            .map(|(((unit, _), value), rank)| RankedUnit { unit, value, rank })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_policy_names_aliases_and_serde_forms() {
        for p in SharedPolicy::ALL {
            assert_eq!(SharedPolicy::parse(p.as_str()).unwrap(), p);
            let json = serde_json::to_string(&p).unwrap();
            assert_eq!(json, format!("\"{}\"", p.as_str()));
            for alias in p.aliases() {
                assert_eq!(SharedPolicy::parse(alias).unwrap(), p);
                let back: SharedPolicy = serde_json::from_str(&format!("\"{alias}\"")).unwrap();
                assert_eq!(back, p);
            }
        }
        assert_eq!(
            SharedPolicy::parse("per-unit").unwrap(),
            SharedPolicy::PerUnit
        );
        assert_eq!(
            SharedPolicy::parse(" PER_UNIT ").unwrap(),
            SharedPolicy::PerUnit
        );
        #[derive(Deserialize)]
        struct ConsolidationToml {
            shared: SharedPolicy,
        }
        for text in ["shared = \"per_unit\"", "shared = \"per-unit\""] {
            let c: ConsolidationToml = toml::from_str(text).unwrap();
            assert_eq!(c.shared, SharedPolicy::PerUnit);
        }
        let e = SharedPolicy::parse("each").unwrap_err().to_string();
        assert!(e.contains("once, per_unit"), "{e}");
    }

    #[test]
    fn every_partial_reason_has_a_vietnamese_wording() {
        let all = [
            PartialReason::Empty,
            PartialReason::NotAPartial { format: None },
            PartialReason::NotAPartial {
                format: Some("x".into()),
            },
            PartialReason::NewerVersion { version: 9 },
            PartialReason::NoVersion,
            PartialReason::NotJson {
                line: 1,
                column: 2,
                detail: "EOF".into(),
            },
            PartialReason::BadField {
                line: 1,
                column: 2,
                detail: "EOF".into(),
            },
            PartialReason::BytesAfterV1Json,
            PartialReason::V1WithoutDigests,
            PartialReason::DigestsInsideJson { version: 2 },
            PartialReason::NoDigestRecords,
            PartialReason::NotBase64 {
                detail: "bad".into(),
            },
            PartialReason::BrokenIdentity {
                detail: "identity".into(),
            },
            PartialReason::HeaderDiffers,
            PartialReason::DigestKind {
                hash: "md5".into(),
                record_bytes: 16,
            },
            PartialReason::RecordBytes {
                bytes: 3,
                dossiers: 1,
            },
            PartialReason::UnknownClassification,
            PartialReason::UnknownGroup { group: 7 },
            PartialReason::GroupSum { group: "TP".into() },
        ];
        // A new reason must be added above: this match is exhaustive, and `all` holds every
        // variant at least once.
        let position = |r: &PartialReason| match r {
            PartialReason::Empty => 0,
            PartialReason::NotAPartial { .. } => 1,
            PartialReason::NewerVersion { .. } => 2,
            PartialReason::NoVersion => 3,
            PartialReason::NotJson { .. } => 4,
            PartialReason::BadField { .. } => 5,
            PartialReason::BytesAfterV1Json => 6,
            PartialReason::V1WithoutDigests => 7,
            PartialReason::DigestsInsideJson { .. } => 8,
            PartialReason::NoDigestRecords => 9,
            PartialReason::NotBase64 { .. } => 10,
            PartialReason::BrokenIdentity { .. } => 11,
            PartialReason::HeaderDiffers => 12,
            PartialReason::DigestKind { .. } => 13,
            PartialReason::RecordBytes { .. } => 14,
            PartialReason::UnknownClassification => 15,
            PartialReason::UnknownGroup { .. } => 16,
            PartialReason::GroupSum { .. } => 17,
        };
        let positions: std::collections::BTreeSet<usize> = all.iter().map(position).collect();
        assert_eq!(positions, (0..=17).collect());
        assert_eq!(minhbach_model::untranslated(&all), Vec::<String>::new());
        assert_eq!(
            PartialReason::UnknownGroup { group: 7 }.to_string(),
            "tampered or damaged partial: a digest record names group 7"
        );
    }
}
