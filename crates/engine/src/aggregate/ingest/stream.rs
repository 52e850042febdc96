//! The streaming CSV path: the file is read in blocks cut at record boundaries, blocks are
//! parsed in parallel by worker threads, and each worker folds its rows into its own
//! per-group cells. Memory is bounded by the block size × blocks in flight, plus the
//! duplicate-id filter, whatever the number of rows.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::sync::{mpsc, Mutex};

use super::idset::{Candidates, FilterBatch};

use super::row::{self, RowErr, RowParser};
use super::schema::Field;
use crate::aggregate::classify::Prepared;
use crate::aggregate::codes::{GroupCell, Rec, CODE_OUTSIDE};
use crate::aggregate::ingest_report::{RejectedRow, RowReason};

/// Bytes per block.
pub(crate) const BLOCK: usize = 1 << 20;
/// Blocks queued between the reader and the workers.
const QUEUE: usize = 3;

/// A block of whole records.
pub(crate) struct ReadBlock {
    pub index: u64,
    pub data: Vec<u8>,
    pub quoted: bool,
}

/// The hasher of the per-worker group maps and the candidate set: foldhash (the hasher of
/// hashbrown), with a fixed seed so that runs are reproducible. A hand-written FxHash-style
/// hasher was used before; it left the low bits of the hash — the bucket index — depending on
/// a few bytes of the key only, so 1M distinct procedure codes such as `1.0000123` took ten
/// times as long as 1M agencies.
pub(crate) type KeyHasher = foldhash::fast::FixedState;

pub(crate) type FxMap<K, V> = HashMap<K, V, KeyHasher>;

/// An exact set of ids, held compactly: every id once in one arena (a 4-byte length, then its
/// bytes), and a hash table of arena offsets (8 bytes a slot). A set of a million 20-byte ids
/// takes about 40 MB; a `HashSet<Vec<u8>>` took twice that (a 24-byte slot and an allocation
/// per id), the most of the XLSX reader's peak at 1M rows.
#[derive(Default)]
pub(crate) struct IdSet {
    arena: Vec<u8>,
    table: hashbrown::HashTable<u64>,
    hasher: KeyHasher,
}

impl IdSet {
    /// The id stored at `at`.
    fn at(arena: &[u8], at: u64) -> &[u8] {
        let at = at as usize;
        let len = arena
            .get(at..at + 4)
            .and_then(|b| <[u8; 4]>::try_from(b).ok())
            .map_or(0, u32::from_le_bytes) as usize;
        arena.get(at + 4..at + 4 + len).unwrap_or(&[])
    }

    /// Adds `id`; `false` when it was already there. An id longer than 4 GiB (never, under
    /// `Limits::max_field_bytes`) is kept by its first 4 GiB.
    pub(crate) fn insert(&mut self, id: &[u8]) -> bool {
        use std::hash::BuildHasher;
        let IdSet {
            arena,
            table,
            hasher,
        } = self;
        let id = id.get(..u32::MAX as usize).unwrap_or(id);
        let hash = hasher.hash_one(id);
        let entry = table.entry(
            hash,
            |&at| Self::at(arena, at) == id,
            |&at| hasher.hash_one(Self::at(arena, at)),
        );
        match entry {
            hashbrown::hash_table::Entry::Occupied(_) => false,
            hashbrown::hash_table::Entry::Vacant(v) => {
                let at = arena.len() as u64;
                arena.extend_from_slice(&(id.len() as u32).to_le_bytes());
                arena.extend_from_slice(id);
                v.insert(at);
                true
            }
        }
    }
}

/// What a worker does with rows.
pub(crate) enum Mode<'a> {
    /// Aggregate; pass the ids to the duplicate filter (if any).
    Aggregate(Option<FilterBatch<'a>>),
    /// Aggregate, detecting duplicates exactly (sequential input only).
    Exact(IdSet),
    /// Second pass: record every valid occurrence of an id whose fingerprint is a candidate.
    Verify(&'a Candidates),
    /// Drill-down: collect ids of rows in a cell.
    Drill(&'a (dyn Fn(u8, &[String]) -> bool + Sync)),
    /// Ledger: record every valid row as an occurrence (the digests of a partial file).
    Every,
}

/// Length at which a worker's list of candidate id hashes is first deduplicated.
const CANDIDATES_DEDUP: usize = 1 << 16;

/// The earliest row of a candidate id in one worker (second pass).
pub(crate) struct FirstSeen {
    pub block: u64,
    pub rel_line: u64,
    /// The id as found, before invisible characters were removed.
    pub found: Box<[u8]>,
    /// The group key bytes (`RowParser::key_bytes`); `None` when the main pass refused the
    /// key (the row is rejected already, not counted).
    pub key: Option<Box<[u8]>>,
    pub code: u8,
    pub rec: Rec,
}

/// A later row of a candidate id, kept to be listed as a rejected row.
pub(crate) struct Later {
    pub block: u64,
    pub rel_line: u64,
    pub id: Box<[u8]>,
    pub found: Box<[u8]>,
}

/// One worker's duplicate tracking in the second pass: bounded by the candidate ids and the
/// groups, whatever the number of rows repeating them.
#[derive(Default)]
pub(crate) struct Duplicates {
    /// Rows of candidate ids seen.
    pub rows: u64,
    /// Id → its earliest row in this worker.
    pub firsts: FxMap<Box<[u8]>, FirstSeen>,
    /// What the later rows added to the groups (key bytes → cell): to take out.
    pub minus: FxMap<Box<[u8]>, GroupCell>,
    /// Later rows outside the period: to take out of `outside_period`.
    pub minus_outside: u64,
    /// Later rows taken out (counted → rejected).
    pub taken_out: u64,
    /// The earliest later rows, in line order after [`Duplicates::trim`]; listed rows are
    /// chosen among them.
    pub later: Vec<Later>,
    /// How many later rows to keep (`max_rejected_listed`).
    pub keep: usize,
}

impl Duplicates {
    /// Takes a later row of `id` out of the counts, keeping it for the listing if it is
    /// among the earliest.
    pub(crate) fn take_out(&mut self, p: &Prepared, id: &[u8], row: FirstSeen) {
        let Some(key) = row.key else { return };
        if row.code == CODE_OUTSIDE {
            self.minus_outside += 1;
        } else {
            p.count(self.minus.entry(key).or_default(), row.code, &row.rec);
        }
        self.taken_out += 1;
        self.later.push(Later {
            block: row.block,
            rel_line: row.rel_line,
            id: id.into(),
            found: row.found,
        });
        if self.later.len() >= self.keep.saturating_mul(2).max(16) {
            self.trim();
        }
    }

    /// Keeps the earliest `keep` later rows.
    pub(crate) fn trim(&mut self) {
        self.later.sort_by_key(|l| (l.block, l.rel_line));
        self.later.truncate(self.keep);
    }
}

/// One valid row as the ledger of a partial file records it ([`Mode::Every`]), or a valid
/// row of a spreadsheet read for its ledger.
pub(crate) struct Occurrence {
    pub block: u64,
    pub rel_line: u64,
    pub id: Vec<u8>,
    pub code: u8,
    pub rec: Rec,
    pub key: Vec<String>,
}

/// A worker's state.
pub(crate) struct Sink<'a> {
    pub parser: &'a RowParser,
    pub p: &'a Prepared,
    pub path: Option<&'a str>,
    pub mode: Mode<'a>,
    /// Group key bytes (`RowParser::key_bytes`) → index in `cells`: the one copy of each
    /// key while the worker runs (strings are made once, by [`Sink::take_groups`]).
    map: FxMap<Box<[u8]>, u32>,
    cells: Vec<GroupCell>,
    pub outside: u64,
    pub read: u64,
    pub counted: u64,
    pub rejected_n: u64,
    /// (block, rel_line, row) of the first rejected rows of this worker.
    pub rejected: Vec<(u64, u64, RejectedRow)>,
    pub max_listed: usize,
    /// (block, newlines in the block).
    pub newlines: Vec<(u64, u64)>,
    /// Fingerprints of ids flagged by the filter (deduplicated as it grows: one entry per
    /// candidate id, not per repeated row).
    pub candidates: Vec<u64>,
    /// Length of `candidates` at which it is deduplicated next.
    candidates_limit: usize,
    /// Every valid row (ledger, [`Mode::Every`]).
    pub occurrences: Vec<Occurrence>,
    /// The second pass's duplicate tracking ([`Mode::Verify`]).
    pub dups: Duplicates,
    pub drilled: Vec<(u64, u64, String)>,
    /// Values cleaned of invisible format characters (not counted by the second pass).
    pub invisible: u64,
    /// A new group was refused because this worker holds `max_groups` already.
    pub too_many_groups: bool,
    keybuf: Vec<u8>,
}

impl<'a> Sink<'a> {
    pub(crate) fn new(
        parser: &'a RowParser,
        p: &'a Prepared,
        path: Option<&'a str>,
        mode: Mode<'a>,
        max_listed: usize,
    ) -> Sink<'a> {
        Sink {
            parser,
            p,
            path,
            mode,
            map: FxMap::default(),
            cells: Vec::new(),
            outside: 0,
            read: 0,
            counted: 0,
            rejected_n: 0,
            rejected: Vec::new(),
            max_listed,
            newlines: Vec::new(),
            candidates: Vec::new(),
            candidates_limit: CANDIDATES_DEDUP,
            occurrences: Vec::new(),
            dups: Duplicates::default(),
            drilled: Vec::new(),
            invisible: 0,
            too_many_groups: false,
            keybuf: Vec::new(),
        }
    }

    /// Records a rejected row; `raw` is the row as found, `cols` as cleaned.
    fn reject(&mut self, block: u64, rel_line: u64, cols: &[&[u8]], raw: &[&[u8]], e: RowErr) {
        let mut e = e;
        if let Some(f) = e.column.filter(|f| row::CLEANED.contains(f)) {
            // Show a cleaned value as found, so the removed characters are visible.
            let (now, found) = (self.parser.get(cols, f), self.parser.get(raw, f));
            if now != found && e.value.as_bytes() == now {
                e.value = String::from_utf8_lossy(found).into_owned();
            }
        }
        self.read += 1;
        self.rejected_n += 1;
        if self.rejected.len() < self.max_listed.saturating_mul(2).max(16) {
            self.rejected.push((
                block,
                rel_line,
                RejectedRow {
                    file: self.path.map(str::to_string),
                    line: 0,
                    id: self.parser.id_of(cols),
                    column: e.column.map(|c| c.as_str().to_string()),
                    value: e.value,
                    reason: e.reason,
                },
            ));
            if self.rejected.len() >= self.max_listed.saturating_mul(2).max(16) {
                self.rejected.sort_by_key(|r| (r.0, r.1));
                self.rejected.truncate(self.max_listed);
            }
        }
    }

    /// Records a row rejected before parsing (an error cell, a date serial out of range).
    pub(crate) fn reject_row(&mut self, block: u64, rel_line: u64, cols: &[&[u8]], e: RowErr) {
        self.reject(block, rel_line, cols, cols, e);
    }

    /// The cell of a group key, creating it (and validating the key's text) if new.
    fn cell(&mut self, cols: &[&[u8]], rec: &Rec) -> Result<usize, RowErr> {
        self.parser.key_bytes(self.p, cols, rec, &mut self.keybuf);
        if let Some(&i) = self.map.get(self.keybuf.as_slice()) {
            return Ok(i as usize);
        }
        if self.cells.len() >= self.parser.max_groups {
            self.too_many_groups = true;
            return Err(RowErr {
                column: None,
                value: String::new(),
                reason: RowReason::TooManyGroups {
                    limit: self.parser.max_groups,
                },
            });
        }
        self.parser.check_key(&self.keybuf)?;
        let i = self.cells.len();
        self.cells.push(GroupCell::default());
        self.map.insert(self.keybuf.as_slice().into(), i as u32);
        Ok(i)
    }

    /// The groups of this worker, emptied out of it: key bytes (`RowParser::key_bytes`) and
    /// cells, in the same order. The key map is freed first.
    pub(crate) fn take_groups(&mut self) -> (Vec<Box<[u8]>>, Vec<GroupCell>) {
        let map = std::mem::take(&mut self.map);
        let mut keys: Vec<Box<[u8]>> = Vec::new();
        keys.resize_with(map.len(), Box::default);
        for (k, i) in map {
            if let Some(slot) = keys.get_mut(i as usize) {
                *slot = k;
            }
        }
        (keys, std::mem::take(&mut self.cells))
    }

    /// Handles one data row: cleans its text fields of invisible format characters (counting
    /// the values changed), then handles it.
    #[inline]
    pub(crate) fn row(&mut self, block: u64, rel_line: u64, cols: &[&[u8]]) {
        match self.parser.clean_row(cols) {
            None => self.row_cleaned(block, rel_line, cols, cols),
            Some((cleaned, n)) => {
                if !matches!(self.mode, Mode::Verify(_) | Mode::Every) {
                    self.invisible += n;
                }
                let cleaned: Vec<&[u8]> = cleaned.iter().map(|c| c.as_ref()).collect();
                self.row_cleaned(block, rel_line, &cleaned, cols);
            }
        }
    }

    /// Handles one data row whose text fields are clean (`raw`: the row as found).
    #[inline]
    fn row_cleaned(&mut self, block: u64, rel_line: u64, cols: &[&[u8]], raw: &[&[u8]]) {
        let pass = match &self.mode {
            Mode::Verify(cands) => Some(Some(*cands)),
            Mode::Every => Some(None),
            _ => None,
        };
        if let Some(cands) = pass {
            let id = self.parser.get(cols, Field::Id);
            if cands.is_some_and(|c| !c.contains_id(id)) {
                return;
            }
            if let Ok(parsed) = self.parser.parse(self.p, cols) {
                let code = self.p.classify(&parsed.rec);
                self.parser
                    .key_bytes(self.p, cols, &parsed.rec, &mut self.keybuf);
                if cands.is_some() {
                    let found = self.parser.get(raw, Field::Id);
                    return self.occurrence(block, rel_line, id, found, code, parsed.rec);
                }
                let Ok(key) = self.parser.key_strings(&self.keybuf) else {
                    // A key the main pass rejects: not in the table, not in the ledger.
                    return;
                };
                self.occurrences.push(Occurrence {
                    block,
                    rel_line,
                    id: id.to_vec(),
                    code,
                    rec: parsed.rec,
                    key,
                });
            }
            return;
        }
        let parsed = match self.parser.parse(self.p, cols) {
            Ok(x) => x,
            Err(e) => return self.reject(block, rel_line, cols, raw, e),
        };
        let duplicate = match &mut self.mode {
            Mode::Aggregate(Some(batch)) => {
                batch.push(parsed.id, &mut self.candidates);
                if self.candidates.len() >= self.candidates_limit {
                    self.candidates.sort_unstable();
                    self.candidates.dedup();
                    self.candidates_limit = (self.candidates.len() * 2).max(CANDIDATES_DEDUP);
                }
                false
            }
            Mode::Exact(seen) => !seen.insert(parsed.id),
            _ => false,
        };
        if duplicate {
            let e = RowErr {
                column: Some(Field::Id),
                value: String::from_utf8_lossy(parsed.id).into_owned(),
                reason: RowReason::DuplicateId { first_line: None },
            };
            return self.reject(block, rel_line, cols, raw, e);
        }
        let rec = parsed.rec;
        let code = self.p.classify(&rec);
        if code == CODE_OUTSIDE {
            self.read += 1;
            self.counted += 1;
            self.outside += 1;
            return;
        }
        let i = match self.cell(cols, &rec) {
            Ok(i) => i,
            Err(e) => return self.reject(block, rel_line, cols, raw, e),
        };
        self.read += 1;
        self.counted += 1;
        if let Mode::Drill(pred) = &self.mode {
            // `keybuf` holds the key of this row (`cell` just built it).
            if let Ok(key) = self.parser.key_strings(&self.keybuf) {
                if pred(code, &key) {
                    self.drilled.push((
                        block,
                        rel_line,
                        String::from_utf8_lossy(parsed.id).into_owned(),
                    ));
                }
            }
            return;
        }
        if let Some(c) = self.cells.get_mut(i) {
            self.p.count(c, code, &rec);
        }
    }

    /// Second pass: one valid row whose id is a candidate (`key` in `keybuf`). The earliest
    /// row of each id in this worker is kept; every later one is taken out of the counts
    /// at once (into [`Duplicates::minus`]), so memory grows with the candidate ids, not
    /// with their repeated rows.
    fn occurrence(
        &mut self,
        block: u64,
        rel_line: u64,
        id: &[u8],
        found: &[u8],
        code: u8,
        rec: Rec,
    ) {
        self.dups.rows += 1;
        // The main pass counted the row unless its key was refused (outside rows have none).
        let counted = code == CODE_OUTSIDE || self.parser.check_key(&self.keybuf).is_ok();
        let seen = FirstSeen {
            block,
            rel_line,
            found: found.into(),
            key: counted.then(|| self.keybuf.as_slice().into()),
            code,
            rec,
        };
        let later = match self.dups.firsts.get_mut(id) {
            None => {
                self.dups.firsts.insert(id.into(), seen);
                return;
            }
            Some(first) if (block, rel_line) < (first.block, first.rel_line) => {
                std::mem::replace(first, seen)
            }
            Some(_) => seen,
        };
        self.dups.take_out(self.p, id, later);
    }

    /// Inserts the ids still buffered for the duplicate filter (call once the worker has
    /// seen its last block).
    pub(crate) fn finish(&mut self) {
        if let Mode::Aggregate(Some(batch)) = &mut self.mode {
            batch.finish(&mut self.candidates);
        }
    }

    /// Handles one block.
    pub(crate) fn block(&mut self, b: &ReadBlock) {
        let data = b.data.as_slice();
        let newlines;
        if b.quoted {
            // Records may hold quoted commas and newlines: cut them honouring quotes, then
            // split fields (RFC 4180, `""` inside quotes is one quote).
            let mut start = 0usize;
            let mut rel = 0u64;
            let mut in_quotes = false;
            let mut nl_in_record = 0u64;
            let mut fields: Vec<std::borrow::Cow<'_, [u8]>> = Vec::new();
            let mut i = 0usize;
            while i <= data.len() {
                let c = data.get(i).copied();
                match c {
                    Some(b'"') => in_quotes = !in_quotes,
                    Some(b'\n') if in_quotes => nl_in_record += 1,
                    Some(b'\n') | None => {
                        let rec = data.get(start..i).unwrap_or(b"");
                        let rec = rec.strip_suffix(b"\r").unwrap_or(rec);
                        if !rec.is_empty() || c.is_some() {
                            if !rec.is_empty() {
                                split_quoted(rec, &mut fields);
                                let cols: Vec<&[u8]> = fields.iter().map(|f| f.as_ref()).collect();
                                self.row(b.index, rel, &cols);
                            }
                            rel += 1 + nl_in_record;
                        }
                        nl_in_record = 0;
                        in_quotes = false;
                        start = i + 1;
                    }
                    _ => {}
                }
                i += 1;
            }
            newlines = memchr::memchr_iter(b'\n', data).count() as u64;
        } else if let (Mode::Verify(cands), Some(id_col)) =
            (&self.mode, self.parser.schema.get(Field::Id))
        {
            // Second pass: look at the id column only; split a line fully only for a candidate.
            let cands = *cands;
            let mut start = 0usize;
            let ends = memchr::memchr_iter(b'\n', data).chain(std::iter::once(data.len()));
            for (rel, end) in (0u64..).zip(ends) {
                if start >= data.len() {
                    break;
                }
                let line = data.get(start..end).unwrap_or(b"");
                start = end + 1;
                let line = line.strip_suffix(b"\r").unwrap_or(line);
                // The id field (empty when the line has fewer fields), found byte by byte:
                // ids are short and lead the line in the usual layouts.
                let mut fields = line.split(|c| *c == b',');
                let id = fields.nth(id_col).unwrap_or(b"");
                let id = row::clean(row::trim(id));
                if cands.contains_id(row::trim(&id)) {
                    let cols: Vec<&[u8]> = line.split(|c| *c == b',').collect();
                    self.row(b.index, rel, &cols);
                }
            }
            newlines = memchr::memchr_iter(b'\n', data).count() as u64;
        } else {
            // One scan for both separators, eight bytes at a time; fields are slices of the
            // block. A block of ASCII only (the usual export) holds no invisible characters
            // to clean: its rows skip that scan.
            let ascii = data.is_ascii();
            let mut cols: Vec<&[u8]> = Vec::with_capacity(self.parser.schema.n_cols + 1);
            let mut field_start = 0usize;
            let mut rel = 0u64;
            for pos in Separators::new(data) {
                let field = data.get(field_start..pos).unwrap_or(b"");
                field_start = pos + 1;
                if data.get(pos) == Some(&b',') {
                    cols.push(field);
                    continue;
                }
                let field = match field.last() {
                    Some(b'\r') => field.get(..field.len() - 1).unwrap_or(b""),
                    _ => field,
                };
                if !(cols.is_empty() && field.is_empty()) {
                    cols.push(field);
                    if ascii {
                        self.row_cleaned(b.index, rel, &cols, &cols);
                    } else {
                        self.row(b.index, rel, &cols);
                    }
                }
                cols.clear();
                rel += 1;
            }
            if field_start < data.len() {
                let field = data.get(field_start..).unwrap_or(b"");
                let field = match field.last() {
                    Some(b'\r') => field.get(..field.len() - 1).unwrap_or(b""),
                    _ => field,
                };
                if !(cols.is_empty() && field.is_empty()) {
                    cols.push(field);
                    self.row(b.index, rel, &cols);
                }
            }
            newlines = rel;
        }
        self.newlines.push((b.index, newlines));
    }
}

/// The positions of `,` and `\n` in a block, in order, found eight bytes at a time (SWAR:
/// one word load and a few integer operations per eight bytes, where a `memchr2` call per
/// field paid its setup for fields of ten to twenty bytes).
pub(crate) struct Separators<'a> {
    data: &'a [u8],
    /// Start of the current word.
    at: usize,
    /// The separators of the current word not yet returned: 0x80 in each of their bytes.
    bits: u64,
}

impl<'a> Separators<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Separators<'a> {
        Separators {
            data,
            at: 0,
            bits: Self::mask(Self::word(data, 0)),
        }
    }

    /// The eight bytes at `at` (zeros past the end: never a separator).
    #[inline]
    fn word(data: &[u8], at: usize) -> u64 {
        match data.get(at..at + 8) {
            Some(w) => <[u8; 8]>::try_from(w).map_or(0, u64::from_le_bytes),
            None => {
                let mut w = [0u8; 8];
                let tail = data.get(at..).unwrap_or(&[]);
                if let Some(dst) = w.get_mut(..tail.len()) {
                    dst.copy_from_slice(tail);
                }
                u64::from_le_bytes(w)
            }
        }
    }

    /// 0x80 in each byte of `w` that is `,` or `\n`, 0 elsewhere (exact: no carries
    /// between bytes).
    #[inline]
    fn mask(w: u64) -> u64 {
        const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
        const ONES: u64 = 0x0101_0101_0101_0101;
        let zero = |x: u64| !(((x & LOW7).wrapping_add(LOW7)) | x | LOW7);
        zero(w ^ (ONES * u64::from(b','))) | zero(w ^ (ONES * u64::from(b'\n')))
    }
}

impl Iterator for Separators<'_> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        loop {
            if self.bits != 0 {
                let i = self.at + (self.bits.trailing_zeros() / 8) as usize;
                self.bits &= self.bits - 1;
                return Some(i);
            }
            self.at += 8;
            if self.at >= self.data.len() {
                return None;
            }
            self.bits = Self::mask(Self::word(self.data, self.at));
        }
    }
}

/// Splits one CSV record into fields (RFC 4180 quoting; `""` is a quote inside quotes;
/// text after a closing quote is kept as is).
pub(crate) fn split_quoted<'a>(rec: &'a [u8], out: &mut Vec<std::borrow::Cow<'a, [u8]>>) {
    use std::borrow::Cow;
    out.clear();
    let mut i = 0usize;
    loop {
        if rec.get(i) == Some(&b'"') {
            let mut field = Vec::new();
            i += 1;
            loop {
                match rec.get(i) {
                    None => break,
                    Some(b'"') if rec.get(i + 1) == Some(&b'"') => {
                        field.push(b'"');
                        i += 2;
                    }
                    Some(b'"') => {
                        i += 1;
                        break;
                    }
                    Some(c) => {
                        field.push(*c);
                        i += 1;
                    }
                }
            }
            while let Some(c) = rec.get(i) {
                if *c == b',' {
                    break;
                }
                field.push(*c);
                i += 1;
            }
            out.push(Cow::Owned(field));
        } else {
            let rest = rec.get(i..).unwrap_or(b"");
            let end = memchr::memchr(b',', rest).unwrap_or(rest.len());
            out.push(Cow::Borrowed(rest.get(..end).unwrap_or(b"")));
            i += end;
        }
        if rec.get(i) == Some(&b',') {
            i += 1;
        } else {
            break;
        }
    }
}

/// Where the last record of `buf` ends (index after its `\n`), honouring quotes.
pub(crate) fn boundary(buf: &[u8]) -> (Option<usize>, bool) {
    if memchr::memchr(b'"', buf).is_none() {
        return (memchr::memrchr(b'\n', buf).map(|i| i + 1), false);
    }
    let mut in_quotes = false;
    let mut last = None;
    for (i, c) in buf.iter().enumerate() {
        match c {
            b'"' => in_quotes = !in_quotes,
            b'\n' if !in_quotes => last = Some(i + 1),
            _ => {}
        }
    }
    (last, true)
}

/// Reads `reader` in blocks and sends them; `carry` holds bytes already read past the header.
///
/// A record longer than `max_record` bytes stops the read with an `InvalidData` error carrying
/// [`FileReason::RecordTooLong`](super::FileReason), which names its first line (`first_line`
/// is the line of the first byte of `carry`).
pub(crate) fn read_blocks(
    mut reader: impl Read,
    mut carry: Vec<u8>,
    tx: mpsc::SyncSender<ReadBlock>,
    recycle: &mpsc::Receiver<Vec<u8>>,
    max_record: usize,
    first_line: u64,
) -> std::io::Result<u64> {
    let mut index = 0u64;
    let mut target = BLOCK;
    let mut eof = false;
    let mut line = first_line;
    let too_long = |line: u64| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            super::FileReason::RecordTooLong { line, max_record },
        )
    };
    loop {
        // A recycled buffer keeps its length (its bytes stay initialised): growing it back
        // to `target` zeroes only the few bytes past its last cut, not the whole block (what
        // `read_to_end` did for every block).
        let mut buf = recycle.try_recv().unwrap_or_default();
        let mut filled = carry.len();
        if buf.len() < filled {
            buf.resize(filled, 0);
        }
        if let Some(head) = buf.get_mut(..filled) {
            head.copy_from_slice(&carry);
        }
        carry.clear();
        buf.resize(target.max(filled), 0);
        while filled < target && !eof {
            let Some(room) = buf.get_mut(filled..target) else {
                break;
            };
            match reader.read(room) {
                Ok(0) => eof = true,
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        buf.truncate(filled);
        if buf.is_empty() {
            break;
        }
        let quoted;
        if eof {
            quoted = memchr::memchr(b'"', &buf).is_some();
            let tail_start = memchr::memrchr(b'\n', &buf).map_or(0, |i| i + 1);
            if buf.len() - tail_start > max_record {
                let before = buf.get(..tail_start).unwrap_or(b"");
                return Err(too_long(
                    line + memchr::memchr_iter(b'\n', before).count() as u64,
                ));
            }
        } else {
            let (cut, q) = boundary(&buf);
            match cut {
                Some(cut) => {
                    carry.extend_from_slice(buf.get(cut..).unwrap_or(b""));
                    buf.truncate(cut);
                    quoted = q;
                    target = BLOCK;
                }
                None if buf.len() > max_record => return Err(too_long(line)),
                None => {
                    // One record longer than the block: read more before cutting.
                    carry = buf;
                    target = target.saturating_mul(2);
                    continue;
                }
            }
        }
        line += memchr::memchr_iter(b'\n', &buf).count() as u64;
        if tx
            .send(ReadBlock {
                index,
                data: buf,
                quoted,
            })
            .is_err()
        {
            break;
        }
        index += 1;
        if eof && carry.is_empty() {
            break;
        }
    }
    Ok(index)
}

/// Runs `workers` sinks over the blocks of `reader`.
pub(crate) fn run<'a>(
    reader: impl Read,
    carry: Vec<u8>,
    (max_record, first_line): (usize, u64),
    workers: usize,
    make: impl Fn() -> Sink<'a> + Sync,
) -> Result<Vec<Sink<'a>>, std::io::Error> {
    let (tx, rx) = mpsc::sync_channel::<ReadBlock>(QUEUE);
    let (back_tx, back_rx) = mpsc::channel::<Vec<u8>>();
    let rx = Mutex::new(rx);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers.max(1))
            .map(|_| {
                let rx = &rx;
                let back_tx = back_tx.clone();
                let make = &make;
                s.spawn(move || {
                    let mut sink = make();
                    loop {
                        let msg = match rx.lock() {
                            Ok(guard) => guard.recv(),
                            Err(_) => break,
                        };
                        match msg {
                            Ok(b) => {
                                sink.block(&b);
                                let _ = back_tx.send(b.data);
                            }
                            Err(_) => break,
                        }
                    }
                    sink.finish();
                    sink
                })
            })
            .collect();
        drop(back_tx);
        let read = read_blocks(reader, carry, tx, &back_rx, max_record, first_line);
        let mut sinks = Vec::new();
        for h in handles {
            match h.join() {
                Ok(sink) => sinks.push(sink),
                Err(_) => {
                    return Err(std::io::Error::other(
                        "a parsing worker stopped unexpectedly",
                    ))
                }
            }
        }
        read.map(|_| sinks)
    })
}

/// The global first line of each block: `first_data_line + newlines before it`.
pub(crate) fn block_starts(sinks: &[Sink<'_>], first_data_line: u64) -> BTreeMap<u64, u64> {
    let mut counts: BTreeMap<u64, u64> = BTreeMap::new();
    for s in sinks {
        for (b, n) in &s.newlines {
            counts.insert(*b, *n);
        }
    }
    let mut acc = first_data_line;
    let mut starts = BTreeMap::new();
    for (b, n) in counts {
        starts.insert(b, acc);
        acc += n;
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::Separators;
    use proptest::prelude::*;

    #[test]
    fn separators_at_word_edges() {
        let data = b"a,bcdefg\n,,,,,,,,\n1234567,";
        let want: Vec<usize> = memchr::memchr2_iter(b',', b'\n', data).collect();
        assert_eq!(Separators::new(data).collect::<Vec<_>>(), want);
        assert_eq!(Separators::new(b"").count(), 0);
        assert_eq!(Separators::new(b"abc").count(), 0);
        assert_eq!(Separators::new(b"\n").collect::<Vec<_>>(), vec![0]);
    }

    proptest! {
        /// The word-at-a-time scan finds exactly the separators `memchr2` finds, whatever
        /// the bytes (commas, newlines, bytes that differ from them by one bit, non-ASCII).
        #[test]
        fn separators_equal_memchr2(
            data in proptest::collection::vec(
                prop_oneof![
                    Just(b','), Just(b'\n'), Just(b'\r'), Just(0x2du8), Just(0x0bu8),
                    Just(0xacu8), Just(0x8au8), Just(0u8), any::<u8>()
                ],
                0..200,
            )
        ) {
            let want: Vec<usize> = memchr::memchr2_iter(b',', b'\n', &data).collect();
            let got: Vec<usize> = Separators::new(&data).collect();
            prop_assert_eq!(got, want);
        }
    }
}
