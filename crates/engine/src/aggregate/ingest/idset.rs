//! The first pass of the exact duplicate-id check on files ([`DuplicateCheck::TwoPass`]):
//! which ids may occur twice.
//!
//! Each valid id is reduced to a 52-bit fingerprint (the top bits of a well-mixed 64-bit
//! hash). Two representations hold the fingerprints of a run:
//!
//! - **fingerprint stores** ([`Fingerprints`]), exact on fingerprints, one per worker and
//!   without a lock: 4,096 implicit partitions (the top 12 bits) of 40-bit remainders,
//!   5 bytes each, appended to 256-byte chunks linked per partition (≈ 5.1 bytes per id).
//!   An insert writes into the partition's current chunk: 4,096 cache lines per worker,
//!   which stay in the core's cache, instead of a miss per id. At the end each partition
//!   of every store is gathered and its repeated remainders found with a small hash table
//!   (both cores, partitions split between them). Equal fingerprints are the candidates:
//!   every true duplicate, plus ≈ n²/2⁵³ false ones (≈ 0.01 at 10M ids), so the second pass
//!   is rare;
//! - when the stores together would outgrow their memory budget, a **blocked Bloom filter**
//!   ([`Bloom`], at most 16 MiB) into which every store is drained and which takes every
//!   later id: the candidates are then the ids whose bits were all set (≈ 17,000 false ones
//!   at 10M ids), and the second pass runs every time. Memory stays bounded whatever the
//!   row count.
//!
//! Either way a fingerprint match is only a candidate: the second pass
//! (`ingest::remove_duplicates`) compares the ids themselves, so the check stays exact.
//!
//! Workers buffer fingerprints ([`FilterBatch`]) and insert a batch at once: into their
//! store in a tight loop, or in Bloom mode under the filter's lock, under which a store is
//! also drained: every fingerprint
//! goes into the filter exactly once and inserts are serialised, so of two inserts of the
//! same fingerprint the later one always sees every bit already set, and a duplicate is
//! never missed, whatever the schedule or the moment of the fallback (the stores find
//! equal fingerprints at the end, whatever their order and worker).
//!
//! [`DuplicateCheck::TwoPass`]: crate::aggregate::DuplicateCheck::TwoPass

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use super::stream::KeyHasher;

/// Bits of an id's fingerprint.
pub(crate) const FINGERPRINT_BITS: u32 = 52;

/// Largest memory of the fingerprint stores together, in bytes, beyond which the run falls
/// back to the Bloom filter (about 11M ids).
pub(crate) const STORE_BUDGET: usize = 56 << 20;

/// Largest Bloom filter, in bytes.
pub(crate) const MAX_FILTER: usize = 16 << 20;

/// Fingerprints buffered per worker before one batch insert.
const BATCH: usize = 1024;

/// The knobs of the duplicate filter; tests shrink them to force collisions and the
/// fallback.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FilterTuning {
    /// Bits of a fingerprint (1..=52).
    pub bits: u32,
    /// Largest memory of the fingerprint stores together, in bytes.
    pub store_budget: usize,
    /// Bytes of the Bloom filter used when the stores outgrow their budget.
    pub bloom_bytes: usize,
}

impl FilterTuning {
    /// The defaults for an input of `len` bytes (unknown: `None`).
    pub(crate) fn for_len(len: Option<u64>) -> FilterTuning {
        let bloom = len.map_or(MAX_FILTER as u64, |l| l / 8);
        FilterTuning {
            bits: FINGERPRINT_BITS,
            store_budget: STORE_BUDGET,
            bloom_bytes: usize::try_from(bloom).unwrap_or(MAX_FILTER).min(MAX_FILTER),
        }
    }
}

/// A well-mixed 64-bit hash of an id (foldhash's quality variant: every output bit depends on
/// every input bit, as the filter needs). Used only within one run.
#[inline]
pub(crate) fn id_hash(id: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    foldhash::quality::FixedState::with_seed(0x9e37_79b9_7f4a_7c15).hash_one(id)
}

/// The fingerprint of an id: the top `bits` bits of its hash.
#[inline]
pub(crate) fn fingerprint(id: &[u8], bits: u32) -> u64 {
    id_hash(id) >> (64 - bits.clamp(1, FINGERPRINT_BITS))
}

/// The fingerprints of the candidate duplicate ids of a run, as the second pass tests them.
pub(crate) struct Candidates {
    set: HashSet<u64, KeyHasher>,
    bits: u32,
}

impl Candidates {
    pub(crate) fn new(fingerprints: impl IntoIterator<Item = u64>, bits: u32) -> Candidates {
        Candidates {
            set: fingerprints.into_iter().collect(),
            bits,
        }
    }

    /// Whether `id` may be a duplicate.
    #[inline]
    pub(crate) fn contains_id(&self, id: &[u8]) -> bool {
        self.set.contains(&fingerprint(id, self.bits))
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.set.is_empty()
    }
}

/// Bits of a partition number: the top bits of a fingerprint.
const PART_BITS: u32 = 12;
/// Implicit partitions of a store.
const PARTITIONS: usize = 1 << PART_BITS;
/// Bits of a remainder: the fingerprint's bits below the partition's.
const REM_BITS: u32 = FINGERPRINT_BITS - PART_BITS;
/// Bytes of a stored remainder (little-endian).
const ENTRY: usize = 5;
/// Bytes of a chunk: the link to the partition's previous chunk (index + 1, 0: none), then
/// [`PER_CHUNK`] remainders.
const CHUNK_BYTES: usize = 256;
/// Remainders per chunk.
const PER_CHUNK: usize = (CHUNK_BYTES - 4) / ENTRY;
/// Chunks per segment (64 KiB): segments are allocated whole, never moved or grown.
const SEGMENT_CHUNKS: usize = 256;
const SEGMENT_BYTES: usize = SEGMENT_CHUNKS * CHUNK_BYTES;
/// Bytes of a store's partition table.
const TABLE_BYTES: usize = PARTITIONS * 4;
/// Bits of a partition table entry holding the fill of the current chunk.
const FILL_BITS: u32 = 6;
/// Most chunks of one store (chunk index + 1 must fit in a table entry).
const MAX_CHUNKS: usize = (u32::MAX >> FILL_BITS) as usize - 1;
/// The "already reported" mark in the duplicate search's hash table.
const REPORTED: u64 = 1 << 63;

// A chunk holds its link and its remainders; the fill of a chunk fits its bits.
const _: () = assert!(4 + PER_CHUNK * ENTRY <= CHUNK_BYTES && PER_CHUNK < 1 << FILL_BITS);
const _: () = assert!(REM_BITS <= 8 * ENTRY as u32);

/// One worker's exact fingerprint store (see the module documentation): ≈ 5.1 bytes per id.
pub(crate) struct Fingerprints {
    /// Fixed-size segments of chunks.
    segments: Vec<Vec<u8>>,
    /// Chunks handed out.
    chunks: usize,
    /// Per partition: (its current chunk's index + 1) << [`FILL_BITS`] | remainders in that
    /// chunk; 0: no chunk yet.
    tail: Vec<u32>,
}

impl Fingerprints {
    fn new() -> Fingerprints {
        Fingerprints {
            segments: Vec::new(),
            chunks: 0,
            tail: vec![0; PARTITIONS],
        }
    }

    /// Memory of the segments, in bytes (reserved against the budget).
    fn segment_bytes(&self) -> usize {
        self.segments.len() * SEGMENT_BYTES
    }

    /// Adds a fingerprint; `false` (nothing added) when a new segment is needed and
    /// `reserve` refuses it.
    #[inline]
    fn push(&mut self, f: u64, reserve: impl FnOnce() -> bool) -> bool {
        let p = ((f >> REM_BITS) as usize) & (PARTITIONS - 1);
        let Some(&t) = self.tail.get(p) else {
            return false;
        };
        let (tail, fill) = (
            (t >> FILL_BITS) as usize,
            (t & ((1 << FILL_BITS) - 1)) as usize,
        );
        let (chunk, slot) = if tail == 0 || fill == PER_CHUNK {
            // A new chunk linked to the partition's previous one.
            let c = self.chunks;
            if c / SEGMENT_CHUNKS >= self.segments.len() {
                if c >= MAX_CHUNKS || !reserve() {
                    return false;
                }
                self.segments.push(vec![0; SEGMENT_BYTES]);
            }
            self.chunks += 1;
            (c, 0)
        } else {
            (tail - 1, fill)
        };
        let at = (chunk % SEGMENT_CHUNKS) * CHUNK_BYTES;
        let Some(bytes) = self
            .segments
            .get_mut(chunk / SEGMENT_CHUNKS)
            .and_then(|s| s.get_mut(at..at + CHUNK_BYTES))
        else {
            return false;
        };
        if slot == 0 {
            if let Some(link) = bytes.get_mut(..4) {
                link.copy_from_slice(&(tail as u32).to_le_bytes());
            }
        }
        let e = 4 + slot * ENTRY;
        if let (Some(dst), Some(src)) = (bytes.get_mut(e..e + ENTRY), f.to_le_bytes().get(..ENTRY))
        {
            dst.copy_from_slice(src);
        }
        if let Some(t) = self.tail.get_mut(p) {
            *t = (((chunk + 1) as u32) << FILL_BITS) | (slot as u32 + 1);
        }
        true
    }

    /// Appends the remainders of partition `p` to `out`.
    fn partition(&self, p: usize, out: &mut Vec<u64>) {
        let Some(&t) = self.tail.get(p) else {
            return;
        };
        let (mut c, mut n) = (
            (t >> FILL_BITS) as usize,
            (t & ((1 << FILL_BITS) - 1)) as usize,
        );
        while c != 0 {
            let at = ((c - 1) % SEGMENT_CHUNKS) * CHUNK_BYTES;
            let Some(bytes) = self
                .segments
                .get((c - 1) / SEGMENT_CHUNKS)
                .and_then(|s| s.get(at..at + CHUNK_BYTES))
            else {
                return;
            };
            let entries = bytes.get(4..4 + n * ENTRY).unwrap_or(&[]);
            out.extend(entries.chunks_exact(ENTRY).map(|e| {
                let mut w = [0u8; 8];
                if let Some(dst) = w.get_mut(..ENTRY) {
                    dst.copy_from_slice(e);
                }
                u64::from_le_bytes(w) & ((1 << REM_BITS) - 1)
            }));
            let link = bytes
                .get(..4)
                .and_then(|b| <[u8; 4]>::try_from(b).ok())
                .map_or(0, u32::from_le_bytes);
            c = link as usize;
            n = PER_CHUNK;
        }
    }

    /// Drains the store into `bloom`, pushing onto `hits` the fingerprints it flags.
    fn drain_into(self, bloom: &mut Bloom, hits: &mut Vec<u64>) {
        let mut scratch = Vec::new();
        for p in 0..PARTITIONS {
            scratch.clear();
            self.partition(p, &mut scratch);
            for &rem in &scratch {
                bloom.insert(((p as u64) << REM_BITS) | rem, hits);
            }
        }
    }
}

/// The fingerprints held more than once by `stores` together (each once): each partition of
/// every store is gathered and its repeated remainders found with a small open-addressing
/// table; the partitions are shared among `threads` threads.
fn repeated(stores: &[Fingerprints], threads: usize) -> Vec<u64> {
    let chunks: usize = stores.iter().map(|s| s.chunks).sum();
    let threads = if chunks < 4 * PARTITIONS {
        1
    } else {
        threads.clamp(1, 16)
    };
    let per = PARTITIONS.div_ceil(threads);
    let scan = |from: usize| {
        let mut found = Vec::new();
        let mut scratch = Vec::new();
        let mut table: Vec<u64> = Vec::new();
        for p in from..(from + per).min(PARTITIONS) {
            scratch.clear();
            for s in stores {
                s.partition(p, &mut scratch);
            }
            let size = (scratch.len() * 2).next_power_of_two().max(16);
            table.clear();
            table.resize(size, 0);
            let mask = size - 1;
            for &rem in &scratch {
                // Remainders are hash bits; mixing them again keeps small test values apart.
                let key = rem + 1;
                let mut i = (rem.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as usize & mask;
                while let Some(slot) = table.get_mut(i) {
                    if *slot == 0 {
                        *slot = key;
                        break;
                    }
                    if *slot & !REPORTED == key {
                        if *slot & REPORTED == 0 {
                            *slot |= REPORTED;
                            found.push(((p as u64) << REM_BITS) | rem);
                        }
                        break;
                    }
                    i = (i + 1) & mask;
                }
            }
        }
        found
    };
    if threads == 1 {
        return scan(0);
    }
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let scan = &scan;
                s.spawn(move || scan(t * per))
            })
            .collect();
        let mut all = Vec::new();
        for (t, h) in handles.into_iter().enumerate() {
            match h.join() {
                Ok(found) => all.extend(found),
                // Cannot happen (the scan does not panic); do the share again here.
                Err(_) => all.extend(scan(t * per)),
            }
        }
        all
    })
}

/// A blocked Bloom filter of fingerprints: the 6 bits of a fingerprint all lie in one
/// 64-bit word.
pub(crate) struct Bloom {
    words: Vec<u64>,
    mask: u64,
}

impl Bloom {
    /// A filter of `bytes` bytes (rounded down to a power of two words, at least 64 KiB).
    pub(crate) fn new(bytes: usize) -> Bloom {
        let mut words = (bytes / 8).max(8192).next_power_of_two();
        if words * 8 > bytes.max(65_536) {
            words /= 2;
        }
        Bloom {
            words: vec![0; words],
            mask: words as u64 - 1,
        }
    }

    /// Inserts fingerprint `f`; pushes it onto `hits` if it may have been inserted before.
    #[inline]
    fn insert(&mut self, f: u64, hits: &mut Vec<u64>) {
        // Fingerprints have 52 bits: mix them over 64 (the splitmix64 finaliser).
        let mut h = f.wrapping_add(0x9e37_79b9_7f4a_7c15);
        h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        h ^= h >> 31;
        let w = (h & self.mask) as usize;
        let mut bits = 0u64;
        let mut r = h >> 28;
        for _ in 0..6 {
            bits |= 1 << (r & 63);
            r >>= 6;
        }
        match self.words.get_mut(w) {
            Some(word) => {
                if *word & bits == bits {
                    hits.push(f);
                }
                *word |= bits;
            }
            None => hits.push(f),
        }
    }
}

/// What the workers share: the Bloom filter once the run fell back to it, and the stores
/// of the workers that finished.
#[derive(Default)]
struct Shared {
    bloom: Option<Bloom>,
    stores: Vec<Fingerprints>,
}

/// The duplicate filter of one run, shared by the workers.
pub(crate) struct IdFilter {
    tuning: FilterTuning,
    /// Bytes of segments the stores hold together (against `tuning.store_budget`).
    reserved: AtomicUsize,
    /// Set once the run fell back to the Bloom filter: stores are drained into it.
    fell_back: AtomicBool,
    shared: Mutex<Shared>,
}

impl IdFilter {
    pub(crate) fn new(tuning: FilterTuning) -> IdFilter {
        IdFilter {
            tuning,
            reserved: AtomicUsize::new(0),
            fell_back: AtomicBool::new(false),
            shared: Mutex::new(Shared::default()),
        }
    }

    /// Bits of the fingerprints.
    pub(crate) fn bits(&self) -> u32 {
        self.tuning.bits
    }

    /// Reserves `bytes` for a store; `false` when the stores together would outgrow their
    /// budget.
    fn reserve(&self, bytes: usize) -> bool {
        let budget = self.tuning.store_budget;
        self.reserved
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |r| {
                r.checked_add(bytes).filter(|n| *n <= budget)
            })
            .is_ok()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Shared> {
        // A worker panicked while holding the lock: the run fails anyway.
        self.shared.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Drains `store` into the Bloom filter (created on the first call): the run falls
    /// back to it.
    fn fall_back(&self, store: Fingerprints, hits: &mut Vec<u64>) {
        let mut shared = self.lock();
        self.fell_back.store(true, Ordering::Relaxed);
        let held = store.segment_bytes() + TABLE_BYTES;
        let bloom = shared
            .bloom
            .get_or_insert_with(|| Bloom::new(self.tuning.bloom_bytes));
        store.drain_into(bloom, hits);
        self.reserved.fetch_sub(held, Ordering::Relaxed);
    }

    /// Inserts the fingerprints of `batch` (in order) into the Bloom filter; pushes onto
    /// `hits` those found to be candidates already.
    fn insert_batch(&self, batch: &[u64], hits: &mut Vec<u64>) {
        let mut shared = self.lock();
        let bloom = shared
            .bloom
            .get_or_insert_with(|| Bloom::new(self.tuning.bloom_bytes));
        for &f in batch {
            bloom.insert(f, hits);
        }
    }

    /// Takes a finished worker's store: kept for [`IdFilter::finish`], or drained at once
    /// if the run fell back to the Bloom filter.
    fn hand_in(&self, store: Fingerprints, hits: &mut Vec<u64>) {
        let mut shared = self.lock();
        match &mut shared.bloom {
            Some(bloom) => store.drain_into(bloom, hits),
            None => shared.stores.push(store),
        }
    }

    /// The candidates the stores hold (once every worker has finished), or, if the run fell
    /// back to the Bloom filter, those found draining the stores handed in before the
    /// fallback (the others were reported while inserting). Also says whether the run fell
    /// back. Frees the filter's memory.
    pub(crate) fn finish(&self, threads: usize) -> (Vec<u64>, bool) {
        let (stores, bloom) = {
            let mut shared = self.lock();
            (std::mem::take(&mut shared.stores), shared.bloom.take())
        };
        match bloom {
            Some(mut bloom) => {
                let mut hits = Vec::new();
                for s in stores {
                    s.drain_into(&mut bloom, &mut hits);
                }
                (hits, true)
            }
            None => (repeated(&stores, threads), false),
        }
    }
}

/// A worker's side of the [`IdFilter`]: a buffer of fingerprints inserted in batches into
/// its own fingerprint store, or, once the run fell back, into the Bloom filter.
pub(crate) struct FilterBatch<'a> {
    filter: &'a IdFilter,
    store: Option<Fingerprints>,
    pending: Vec<u64>,
}

impl<'a> FilterBatch<'a> {
    pub(crate) fn new(filter: &'a IdFilter) -> FilterBatch<'a> {
        // The partition table is held whatever the budget (a budget below it falls back at
        // the first id).
        filter.reserved.fetch_add(TABLE_BYTES, Ordering::Relaxed);
        FilterBatch {
            filter,
            store: Some(Fingerprints::new()),
            pending: Vec::with_capacity(BATCH),
        }
    }

    /// Takes the id of a valid row; candidates found at once (Bloom mode) go onto `hits`.
    #[inline]
    pub(crate) fn push(&mut self, id: &[u8], hits: &mut Vec<u64>) {
        self.push_fingerprint(fingerprint(id, self.filter.bits()), hits);
    }

    #[inline]
    fn push_fingerprint(&mut self, f: u64, hits: &mut Vec<u64>) {
        self.pending.push(f);
        if self.pending.len() >= BATCH {
            self.flush(hits);
        }
    }

    /// Inserts the buffered fingerprints: into the worker's store in one tight loop (whose
    /// cache misses overlap), or, once the run fell back, into the Bloom filter.
    fn flush(&mut self, hits: &mut Vec<u64>) {
        let filter = self.filter;
        if let Some(store) = &mut self.store {
            let taken = if filter.fell_back.load(Ordering::Relaxed) {
                0
            } else {
                self.pending
                    .iter()
                    .take_while(|f| store.push(**f, || filter.reserve(SEGMENT_BYTES)))
                    .count()
            };
            if taken == self.pending.len() {
                self.pending.clear();
                return;
            }
            self.pending.drain(..taken);
            if let Some(store) = self.store.take() {
                filter.fall_back(store, hits);
            }
        }
        if !self.pending.is_empty() {
            filter.insert_batch(&self.pending, hits);
            self.pending.clear();
        }
    }

    /// Hands the worker's fingerprints to the filter (call once the worker has seen its
    /// last block).
    pub(crate) fn finish(&mut self, hits: &mut Vec<u64>) {
        self.flush(hits);
        if let Some(store) = self.store.take() {
            self.filter.hand_in(store, hits);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tuning(bits: u32, store_budget: usize) -> FilterTuning {
        FilterTuning {
            bits,
            store_budget,
            bloom_bytes: 1 << 16,
        }
    }

    /// Inserts `fps` through `workers` workers (taking turns by 1,000) and returns (sorted
    /// candidates, fell back).
    fn run_workers(t: FilterTuning, fps: &[u64], workers: usize) -> (Vec<u64>, bool) {
        let f = IdFilter::new(t);
        let mut hits = Vec::new();
        let mut batches: Vec<FilterBatch<'_>> =
            (0..workers).map(|_| FilterBatch::new(&f)).collect();
        for (i, b) in fps.chunks(1000).enumerate() {
            let w = &mut batches[i % workers];
            for &x in b {
                w.push_fingerprint(x, &mut hits);
            }
        }
        for mut w in batches {
            w.finish(&mut hits);
        }
        let (mut c, fell_back) = f.finish(2);
        c.extend(hits);
        c.sort_unstable();
        c.dedup();
        (c, fell_back)
    }

    fn run(t: FilterTuning, fps: &[u64]) -> (Vec<u64>, bool) {
        run_workers(t, fps, 2)
    }

    /// Fingerprints spread over every partition, some repeated: the store finds exactly the
    /// repeated ones, and the parallel scan equals the sequential one.
    #[test]
    fn store_finds_exactly_the_repeated_fingerprints() {
        let mut fps: Vec<u64> = (0..300_000u64)
            .map(|i| i.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 12)
            .collect();
        let repeated: Vec<u64> = fps.iter().step_by(997).copied().collect();
        fps.extend(&repeated);
        fps.extend(repeated.iter().step_by(3));
        let (got, fell_back) = run(tuning(52, STORE_BUDGET), &fps);
        assert!(!fell_back);
        let mut want = repeated.clone();
        want.sort_unstable();
        assert_eq!(got, want);
        let f = IdFilter::new(tuning(52, STORE_BUDGET));
        let mut w = FilterBatch::new(&f);
        let mut hits = Vec::new();
        for &x in &fps {
            w.push_fingerprint(x, &mut hits);
        }
        w.finish(&mut hits);
        assert!(hits.is_empty());
        let mut one = f.finish(1).0;
        one.sort_unstable();
        assert_eq!(one, want);
        // One worker or three: the same candidates.
        assert_eq!(run_workers(tuning(52, STORE_BUDGET), &fps, 1).0, want);
        assert_eq!(run_workers(tuning(52, STORE_BUDGET), &fps, 3).0, want);
    }

    /// Over its budget the store drains into the Bloom filter: every repeated fingerprint,
    /// before and after the switch, is still a candidate.
    #[test]
    fn fallback_keeps_every_repeated_fingerprint() {
        let fps: Vec<u64> = (0..50_000u64)
            .map(|i| i.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 12)
            .collect();
        let mut input = fps.clone();
        // Repeats of early ids (held by the store when it drains) and of late ones.
        input.extend(fps.iter().take(100));
        input.extend(fps.iter().rev().take(100));
        input.extend(fps.iter().take(10));
        // Room for the tables and a few segments: the fallback comes after some thousand
        // ids, with one worker or several (and with a worker's store handed in before it).
        for workers in [1, 2, 3] {
            let budget = workers * TABLE_BYTES + 6 * SEGMENT_BYTES;
            let (got, fell_back) = run_workers(tuning(52, budget), &input, workers);
            assert!(fell_back);
            for f in fps.iter().take(100).chain(fps.iter().rev().take(100)) {
                assert!(
                    got.binary_search(f).is_ok(),
                    "{f:x} missed ({workers} workers)"
                );
            }
            // A 64 KiB filter: some false candidates, not all.
            assert!(got.len() < 5_000, "{}", got.len());
        }
        // A store handed in before another worker falls back is drained at the end.
        let f = IdFilter::new(tuning(52, 2 * TABLE_BYTES + 10 * SEGMENT_BYTES));
        let (mut a, mut b) = (FilterBatch::new(&f), FilterBatch::new(&f));
        let mut hits = Vec::new();
        for &x in fps.iter().take(100) {
            a.push_fingerprint(x, &mut hits);
        }
        a.finish(&mut hits);
        for &x in &fps {
            b.push_fingerprint(x, &mut hits);
        }
        b.finish(&mut hits);
        let (stored, fell_back) = f.finish(2);
        assert!(fell_back);
        hits.extend(stored);
        for x in fps.iter().take(100) {
            assert!(hits.contains(x), "{x:x} missed");
        }
    }

    /// Tiny fingerprints collide all the time: every pair of equal fingerprints is found.
    #[test]
    fn tiny_fingerprints_collide_and_are_all_candidates() {
        let ids: Vec<Vec<u8>> = (0..5_000).map(|i| format!("H{i}").into_bytes()).collect();
        let fps: Vec<u64> = ids.iter().map(|id| fingerprint(id, 8)).collect();
        let (got, _) = run(tuning(8, STORE_BUDGET), &fps);
        assert_eq!(
            got.len(),
            256,
            "5,000 ids fill the 256 values of an 8-bit fingerprint"
        );
        let c = Candidates::new(got, 8);
        assert!(ids.iter().all(|id| c.contains_id(id)));
    }
}
