//! The first pass of the exact duplicate-id check on files ([`DuplicateCheck::TwoPass`]):
//! which ids may occur twice.
//!
//! Each valid id is reduced to a 52-bit fingerprint (the top bits of a well-mixed 64-bit
//! hash). Two representations hold the fingerprints of a run:
//!
//! - a **fingerprint store** ([`Fingerprints`]), exact on fingerprints: 2^16 implicit
//!   partitions (the top 16 bits) of 36-bit remainders, kept in 64-byte chunks linked per
//!   partition (≈ 5.1 bytes per id at 10M ids), each partition sorted once at the end.
//!   Equal fingerprints are the candidates: every true duplicate, plus ≈ n²/2⁵³ false ones
//!   (≈ 0.01 at 10M ids), so the second pass is rare;
//! - when the store would outgrow its memory budget, a **blocked Bloom filter** ([`Bloom`],
//!   at most 16 MiB) into which the store is drained and which takes every later id: the
//!   candidates are then the ids whose bits were all set (≈ 17,000 false ones at 10M ids),
//!   and the second pass runs every time. Memory stays bounded whatever the row count.
//!
//! Either way a fingerprint match is only a candidate: the second pass
//! (`ingest::remove_duplicates`) compares the ids themselves, so the check stays exact.
//!
//! Workers do not insert one id at a time: each buffers the fingerprints of its ids
//! ([`FilterBatch`]) and inserts a batch at once under the filter's lock, with plain loads
//! and stores whose cache misses overlap. Inserts are thus serialised: of two inserts of the
//! same id into the Bloom filter the later one always sees every bit already set, so a
//! duplicate is never missed, whatever the schedule (the store finds equal fingerprints at
//! the end, whatever their order).
//!
//! [`DuplicateCheck::TwoPass`]: crate::aggregate::DuplicateCheck::TwoPass

use std::collections::HashSet;
use std::sync::{Mutex, PoisonError};

use super::stream::KeyHasher;

/// Bits of an id's fingerprint.
pub(crate) const FINGERPRINT_BITS: u32 = 52;

/// Largest memory of the fingerprint store, in bytes, beyond which the run falls back to
/// the Bloom filter (about 11M ids).
pub(crate) const STORE_BUDGET: usize = 56 << 20;

/// Largest Bloom filter, in bytes.
pub(crate) const MAX_FILTER: usize = 16 << 20;

/// Fingerprints buffered per worker before one batch insert.
const BATCH: usize = 4096;

/// The knobs of the duplicate filter; tests shrink them to force collisions and the
/// fallback.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FilterTuning {
    /// Bits of a fingerprint (1..=52).
    pub bits: u32,
    /// Largest memory of the fingerprint store, in bytes.
    pub store_budget: usize,
    /// Bytes of the Bloom filter used when the store outgrows its budget.
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

/// Implicit partitions of the store: the top 16 bits of a fingerprint.
const PARTITIONS: usize = 1 << 16;
/// Bits of a remainder: the fingerprint's bits below the partition's.
const REM_BITS: u32 = FINGERPRINT_BITS - 16;
/// Slots (u32) per chunk (64 bytes): the link to the partition's previous chunk, the low
/// 32 bits of [`PER_CHUNK`] remainders, then their high 4 bits as nibbles in two slots.
const CHUNK: usize = 16;
/// Remainders per chunk.
const PER_CHUNK: usize = 13;
/// Chunks per segment (1 MiB): segments are allocated whole, never moved or grown.
const SEGMENT_CHUNKS: usize = 16_384;
const SEGMENT_BYTES: usize = SEGMENT_CHUNKS * CHUNK * 4;
/// Bytes of the partition table.
const TABLE_BYTES: usize = PARTITIONS * 4;

/// The exact fingerprint store (see the module documentation): ≈ 5.1 bytes per id.
pub(crate) struct Fingerprints {
    /// Fixed-size segments of chunks.
    segments: Vec<Vec<u32>>,
    /// Chunks handed out.
    chunks: usize,
    /// Per partition: (its current chunk's index + 1) << 4 | remainders in that chunk;
    /// 0: no chunk yet.
    tail: Vec<u32>,
    /// Fingerprints held.
    len: u64,
    budget: usize,
}

impl Fingerprints {
    fn new(budget: usize) -> Fingerprints {
        Fingerprints {
            segments: Vec::new(),
            chunks: 0,
            tail: vec![0; PARTITIONS],
            len: 0,
            budget,
        }
    }

    /// Memory held, in bytes (segments are allocated zeroed: untouched pages cost nothing,
    /// so this is an upper bound).
    fn bytes(&self) -> usize {
        TABLE_BYTES + self.segments.len() * SEGMENT_BYTES
    }

    /// The slots of chunk `c`.
    fn chunk_mut(&mut self, c: usize) -> Option<&mut [u32]> {
        let seg = self.segments.get_mut(c / SEGMENT_CHUNKS)?;
        let at = (c % SEGMENT_CHUNKS) * CHUNK;
        seg.get_mut(at..at + CHUNK)
    }

    fn chunk(&self, c: usize) -> Option<&[u32]> {
        let seg = self.segments.get(c / SEGMENT_CHUNKS)?;
        let at = (c % SEGMENT_CHUNKS) * CHUNK;
        seg.get(at..at + CHUNK)
    }

    /// Adds a fingerprint; `false` (nothing added) when it would outgrow the budget.
    #[inline]
    fn push(&mut self, f: u64) -> bool {
        let p = ((f >> REM_BITS) as usize) & (PARTITIONS - 1);
        let Some(&t) = self.tail.get(p) else {
            return false;
        };
        let (tail, fill) = ((t >> 4) as usize, (t & 15) as usize);
        let (chunk, slot) = if tail == 0 || fill == PER_CHUNK {
            // A new chunk linked to the partition's previous one.
            let c = self.chunks;
            if c / SEGMENT_CHUNKS >= self.segments.len() {
                if self.bytes() + SEGMENT_BYTES > self.budget || c >= (u32::MAX >> 5) as usize {
                    return false;
                }
                self.segments.push(vec![0; SEGMENT_CHUNKS * CHUNK]);
            }
            self.chunks += 1;
            (c, 0)
        } else {
            (tail - 1, fill)
        };
        let Some(slots) = self.chunk_mut(chunk) else {
            return false;
        };
        if slot == 0 {
            if let Some(link) = slots.first_mut() {
                *link = tail as u32;
            }
        }
        if let Some(s) = slots.get_mut(1 + slot) {
            *s = f as u32;
        }
        let high = ((f >> 32) & 15) as u32;
        if let Some(n) = slots.get_mut(1 + PER_CHUNK + slot / 8) {
            *n |= high << (4 * (slot % 8));
        }
        if let Some(t) = self.tail.get_mut(p) {
            *t = (((chunk + 1) as u32) << 4) | (slot as u32 + 1);
        }
        self.len += 1;
        true
    }

    /// Puts the remainders of partition `p` into `out`.
    fn partition(&self, p: usize, out: &mut Vec<u64>) {
        out.clear();
        let Some(&t) = self.tail.get(p) else {
            return;
        };
        let (mut c, mut n) = (t >> 4, (t & 15) as usize);
        while c != 0 {
            let Some(slots) = self.chunk(c as usize - 1) else {
                return;
            };
            let nibbles = |i: usize| {
                let word = slots.get(1 + PER_CHUNK + i / 8).copied().unwrap_or(0);
                u64::from((word >> (4 * (i % 8))) & 15)
            };
            let low = slots.get(1..1 + n).unwrap_or(&[]);
            out.extend(
                low.iter()
                    .enumerate()
                    .map(|(i, r)| (nibbles(i) << 32) | u64::from(*r)),
            );
            c = slots.first().copied().unwrap_or(0);
            n = PER_CHUNK;
        }
    }

    /// The fingerprints held more than once (each once), found by sorting each partition;
    /// the partitions are shared among `threads` threads.
    fn repeated(&self, threads: usize) -> Vec<u64> {
        let threads = if self.len < 100_000 {
            1
        } else {
            threads.clamp(1, 16)
        };
        let per = PARTITIONS.div_ceil(threads);
        let scan = |from: usize| {
            let mut found = Vec::new();
            let mut scratch = Vec::new();
            for p in from..(from + per).min(PARTITIONS) {
                self.partition(p, &mut scratch);
                scratch.sort_unstable();
                let mut last = None;
                for w in scratch.windows(2) {
                    if let [a, b] = w {
                        if a == b && last != Some(*a) {
                            found.push(((p as u64) << REM_BITS) | *a);
                            last = Some(*a);
                        }
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

    /// Drains the store into a Bloom filter of `bytes` bytes, pushing onto `hits` the
    /// fingerprints held more than once (the filter flags the later copies).
    fn into_bloom(self, bytes: usize, hits: &mut Vec<u64>) -> Bloom {
        let mut bloom = Bloom::new(bytes);
        let mut scratch = Vec::new();
        for p in 0..PARTITIONS {
            self.partition(p, &mut scratch);
            for &rem in &scratch {
                bloom.insert(((p as u64) << REM_BITS) | rem, hits);
            }
        }
        bloom
    }
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

enum State {
    Store(Fingerprints),
    Bloom(Bloom),
    /// [`IdFilter::finish`] was called; memory freed.
    Done,
}

/// The duplicate filter of one run, shared by the workers.
pub(crate) struct IdFilter {
    state: Mutex<State>,
    tuning: FilterTuning,
}

impl IdFilter {
    pub(crate) fn new(tuning: FilterTuning) -> IdFilter {
        IdFilter {
            state: Mutex::new(State::Store(Fingerprints::new(tuning.store_budget))),
            tuning,
        }
    }

    /// Bits of the fingerprints.
    pub(crate) fn bits(&self) -> u32 {
        self.tuning.bits
    }

    /// Inserts the fingerprints of `batch` (in order); pushes onto `hits` those found to be
    /// candidates already (Bloom mode; the store finds its candidates at the end).
    fn insert_batch(&self, batch: &[u64], hits: &mut Vec<u64>) {
        let mut state = match self.state.lock() {
            Ok(s) => s,
            // A worker panicked while holding the lock (the run fails anyway): flag every
            // id, which keeps the result exact.
            Err(poisoned) => {
                hits.extend_from_slice(batch);
                drop(poisoned);
                return;
            }
        };
        let mut rest = batch;
        if let State::Done = &*state {
            // Not reached: batches are all in before `finish`. Flag them, staying exact.
            hits.extend_from_slice(batch);
            return;
        }
        if let State::Store(store) = &mut *state {
            let taken = batch.iter().take_while(|f| store.push(**f)).count();
            rest = batch.get(taken..).unwrap_or(&[]);
            if rest.is_empty() {
                return;
            }
            // Over budget: fall back to the Bloom filter for the whole run.
            let store = std::mem::replace(store, Fingerprints::new(0));
            *state = State::Bloom(store.into_bloom(self.tuning.bloom_bytes, hits));
        }
        if let State::Bloom(bloom) = &mut *state {
            for &f in rest {
                bloom.insert(f, hits);
            }
        }
    }

    /// The candidates the store holds (once every batch is in); none in Bloom mode, whose
    /// candidates were reported while inserting. Also says whether the filter fell back to
    /// the Bloom filter. Frees the filter's memory.
    pub(crate) fn finish(&self, threads: usize) -> (Vec<u64>, bool) {
        let mut guard = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        match std::mem::replace(&mut *guard, State::Done) {
            State::Store(store) => (store.repeated(threads), false),
            State::Bloom(_) | State::Done => (Vec::new(), true),
        }
    }
}

/// A worker's buffer of fingerprints waiting to be inserted into the [`IdFilter`].
pub(crate) struct FilterBatch<'a> {
    filter: &'a IdFilter,
    pending: Vec<u64>,
}

impl<'a> FilterBatch<'a> {
    pub(crate) fn new(filter: &'a IdFilter) -> FilterBatch<'a> {
        FilterBatch {
            filter,
            pending: Vec::with_capacity(BATCH),
        }
    }

    #[inline]
    pub(crate) fn push(&mut self, id: &[u8], hits: &mut Vec<u64>) {
        self.pending.push(fingerprint(id, self.filter.bits()));
        if self.pending.len() >= BATCH {
            self.flush(hits);
        }
    }

    pub(crate) fn flush(&mut self, hits: &mut Vec<u64>) {
        if !self.pending.is_empty() {
            self.filter.insert_batch(&self.pending, hits);
            self.pending.clear();
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

    /// Inserts `fps` in batches of 1,000 and returns (sorted candidates, fell back).
    fn run(t: FilterTuning, fps: &[u64]) -> (Vec<u64>, bool) {
        let f = IdFilter::new(t);
        let mut hits = Vec::new();
        for b in fps.chunks(1000) {
            f.insert_batch(b, &mut hits);
        }
        let (mut c, fell_back) = f.finish(2);
        c.extend(hits);
        c.sort_unstable();
        c.dedup();
        (c, fell_back)
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
        f.insert_batch(&fps, &mut Vec::new());
        let mut one = f.finish(1).0;
        one.sort_unstable();
        assert_eq!(one, want);
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
        let budget = TABLE_BYTES + 2 * SEGMENT_BYTES;
        let (got, fell_back) = run(tuning(52, budget), &input);
        assert!(fell_back);
        for f in fps.iter().take(100).chain(fps.iter().rev().take(100)) {
            assert!(got.binary_search(f).is_ok(), "{f:x} missed");
        }
        // A 64 KiB filter: some false candidates, not all.
        assert!(got.len() < 5_000, "{}", got.len());
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
