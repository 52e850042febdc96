//! The JSON view written by hand: exactly the bytes serde_json's pretty printer writes for a
//! [`ScoresJson`] (two-space indentation, `": "` after keys, `{}`/`[]` when empty, strings
//! escaped as serde_json escapes them), without serde's per-entry machinery, and with the
//! units' objects written on rayon's workers.
//!
//! The units are independent objects: they are written in waves of chunks, each chunk into its
//! own buffer by one worker, while the calling thread writes the previous wave's buffers in
//! order. Two waves are in memory at most (a few MB whatever the number of units), and the
//! buffers are reused from wave to wave. The fields and their values come from the same walk
//! of the tree as the `Serialize` implementations and the owned view (`NodeJson`), so the
//! three cannot differ; a property test holds the bytes equal to serde_json's.

use std::io::{self, Write};

use minhbach_model::vi::PLAIN_MAX;
use rayon::prelude::*;

use super::{DecText, NodeJson, ScoresJson, UnitScores};

/// About this many node objects are written into one chunk (one worker task, one buffer):
/// ≈ 36 units of an index of 111 nodes, ≈ 0.7 MB of text.
const CHUNK_NODES: usize = 4_096;

/// Chunks per worker thread in one wave.
const CHUNKS_PER_THREAD: usize = 2;

/// Spaces for indentation, written a slice at a time.
const SPACES: &[u8; 64] = b"                                                                ";

/// Writes the `units` array of `view` as serde_json's pretty printer writes it for a value
/// nested `depth` levels deep (0: a document of its own), from `[` to `]` without a newline
/// after it.
pub(super) fn write_units(
    view: &ScoresJson<'_>,
    w: &mut dyn Write,
    depth: usize,
) -> io::Result<()> {
    let units = view.set.units.as_slice();
    if units.is_empty() {
        return w.write_all(b"[]");
    }
    let keys = Keys::new(view);
    let per_chunk = (CHUNK_NODES / view.set.index.nodes.len().max(1)).max(1);
    let per_wave = per_chunk * CHUNKS_PER_THREAD * rayon::current_num_threads().max(1);
    let mut filling: Vec<Vec<u8>> = Vec::new();
    let mut ready: Vec<Vec<u8>> = Vec::new();
    w.write_all(b"[")?;
    for (wave, batch) in units.chunks(per_wave).enumerate() {
        // Fill this wave on the workers while this thread writes the previous one (the
        // writer need not be `Send`: it stays on this thread).
        let written = rayon::in_place_scope(|s| {
            let keys = &keys;
            let filling = &mut filling;
            s.spawn(move |_| fill(view, keys, filling, batch, per_chunk, wave == 0, depth + 1));
            ready.iter().try_for_each(|b| w.write_all(b))
        });
        written?;
        std::mem::swap(&mut filling, &mut ready);
    }
    ready.iter().try_for_each(|b| w.write_all(b))?;
    let mut end = Vec::with_capacity(depth * 2 + 2);
    newline(&mut end, depth);
    end.push(b']');
    w.write_all(&end)
}

/// Writes the whole view (`{"index","decimals","units"}`) as serde_json's pretty printer does.
pub(super) fn write_view(view: &ScoresJson<'_>, w: &mut dyn Write) -> io::Result<()> {
    let mut head = Vec::new();
    head.extend_from_slice(b"{\n  \"index\": ");
    string(&mut head, &view.set.index.definition.id);
    head.extend_from_slice(b",\n  \"decimals\": ");
    number(&mut head, view.decimals);
    head.extend_from_slice(b",\n  \"units\": ");
    w.write_all(&head)?;
    write_units(view, w, 1)?;
    w.write_all(b"\n}")
}

/// Writes the units of `batch` into `bufs`, `per_chunk` units per buffer, in parallel.
/// `first` says whether the batch begins the array; `depth` is the units' nesting depth.
fn fill(
    view: &ScoresJson<'_>,
    keys: &Keys,
    bufs: &mut Vec<Vec<u8>>,
    batch: &[UnitScores],
    per_chunk: usize,
    first: bool,
    depth: usize,
) {
    let chunks = batch.len().div_ceil(per_chunk);
    bufs.resize_with(chunks, Vec::new);
    bufs.truncate(chunks);
    bufs.par_iter_mut()
        .zip(batch.par_chunks(per_chunk))
        .enumerate()
        .for_each(|(c, (buf, units))| {
            buf.clear();
            for (i, u) in units.iter().enumerate() {
                let at_start = first && c == 0 && i == 0;
                buf.extend_from_slice(if at_start { b"\n" } else { b",\n" });
                indent(buf, depth);
                unit(buf, keys, &view.root(u), depth);
            }
        });
}

/// Per node, its key as written in its parent's `children`: `"id": `, escaped once.
struct Keys(Vec<Vec<u8>>);

impl Keys {
    fn new(view: &ScoresJson<'_>) -> Keys {
        Keys(
            view.set
                .index
                .nodes
                .iter()
                .map(|n| {
                    let mut k = Vec::with_capacity(n.id.len() + 4);
                    string(&mut k, &n.id);
                    k.extend_from_slice(b": ");
                    k
                })
                .collect(),
        )
    }

    fn get(&self, node: usize) -> &[u8] {
        self.0.get(node).map_or(b"\"\": ", Vec::as_slice)
    }
}

/// One unit's object (the fields of `UnitView`), at `depth`.
fn unit(buf: &mut Vec<u8>, keys: &Keys, root: &NodeJson<'_>, depth: usize) {
    buf.push(b'{');
    field(buf, depth + 1, b"\n", b"\"unit\": ");
    string(buf, &root.unit.unit);
    score_and_rank(buf, root, depth + 1, b",\n");
    field(buf, depth + 1, b",\n", b"\"children\": ");
    children(buf, keys, root, depth + 1);
    newline(buf, depth);
    buf.push(b'}');
}

/// The `score` and `rank` fields both objects begin with (after `unit` in a unit's),
/// `separator` before the first.
fn score_and_rank(buf: &mut Vec<u8>, n: &NodeJson<'_>, depth: usize, separator: &[u8]) {
    field(buf, depth, separator, b"\"score\": ");
    decimal(buf, &n.score());
    field(buf, depth, b",\n", b"\"rank\": ");
    rank(buf, n.rank());
}

/// One node's object (the fields of `NodeView`), at `depth`.
fn node(buf: &mut Vec<u8>, keys: &Keys, n: &NodeJson<'_>, depth: usize) {
    buf.push(b'{');
    score_and_rank(buf, n, depth + 1, b"\n");
    if let Some(raw) = n.raw() {
        field(buf, depth + 1, b",\n", b"\"raw\": ");
        decimal(buf, &raw);
    }
    field(buf, depth + 1, b",\n", b"\"weight\": ");
    string(buf, n.weight());
    field(buf, depth + 1, b",\n", b"\"contribution\": ");
    decimal(buf, &n.contribution());
    if n.has_children() {
        field(buf, depth + 1, b",\n", b"\"children\": ");
        children(buf, keys, n, depth + 1);
    }
    newline(buf, depth);
    buf.push(b'}');
}

/// The `children` map of `n`, at `depth`.
fn children(buf: &mut Vec<u8>, keys: &Keys, n: &NodeJson<'_>, depth: usize) {
    buf.push(b'{');
    let mut any = false;
    for (_, child) in n.children() {
        field(
            buf,
            depth + 1,
            if any { b",\n" } else { b"\n" },
            keys.get(child.node),
        );
        node(buf, keys, &child, depth + 1);
        any = true;
    }
    if any {
        newline(buf, depth);
    }
    buf.push(b'}');
}

/// A separator, the indentation of `depth` and a key (with its `": "`).
fn field(buf: &mut Vec<u8>, depth: usize, separator: &[u8], key: &[u8]) {
    buf.extend_from_slice(separator);
    indent(buf, depth);
    buf.extend_from_slice(key);
}

/// A newline and the indentation of `depth`.
fn newline(buf: &mut Vec<u8>, depth: usize) {
    buf.push(b'\n');
    indent(buf, depth);
}

fn indent(buf: &mut Vec<u8>, depth: usize) {
    let mut n = depth * 2;
    while n > 0 {
        let k = n.min(SPACES.len());
        buf.extend_from_slice(SPACES.get(..k).unwrap_or_default());
        n -= k;
    }
}

/// A decimal as a JSON string (its digits need no escaping), or `null`.
fn decimal(buf: &mut Vec<u8>, d: &DecText) {
    match d.0 {
        None => buf.extend_from_slice(b"null"),
        Some(x) => {
            buf.push(b'"');
            buf.extend_from_slice(d.write(x, &mut [0; PLAIN_MAX]).as_bytes());
            buf.push(b'"');
        }
    }
}

fn rank(buf: &mut Vec<u8>, r: Option<u32>) {
    match r {
        None => buf.extend_from_slice(b"null"),
        Some(r) => number(buf, r),
    }
}

/// A whole number's digits.
fn number(buf: &mut Vec<u8>, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut start = digits.len();
    loop {
        start -= 1;
        if let Some(d) = digits.get_mut(start) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || start == 0 {
            break;
        }
    }
    buf.extend_from_slice(digits.get(start..).unwrap_or_default());
}

/// A JSON string as serde_json writes it: `"` and `\` escaped with a backslash, the control
/// characters below U+0020 as `\b \t \n \f \r` or `\u00xx` (lower-case hex), everything else
/// (non-ASCII included) as it is.
pub(super) fn string(buf: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    buf.push(b'"');
    let mut run = 0;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            0x08 => b"\\b",
            b'\t' => b"\\t",
            b'\n' => b"\\n",
            0x0C => b"\\f",
            b'\r' => b"\\r",
            0x00..=0x1F => &[],
            _ => continue,
        };
        buf.extend_from_slice(s.as_bytes().get(run..i).unwrap_or_default());
        run = i + 1;
        if escape.is_empty() {
            let hex = |x: u8| HEX.get(usize::from(x)).copied().unwrap_or(b'0');
            buf.extend_from_slice(&[b'\\', b'u', b'0', b'0', hex(b >> 4), hex(b & 0xF)]);
        } else {
            buf.extend_from_slice(escape);
        }
    }
    buf.extend_from_slice(s.as_bytes().get(run..).unwrap_or_default());
    buf.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut all: String = (0u8..0x80).map(char::from).collect();
        all.push_str("Lý Sơn \u{7f}\u{2028}\u{1F600}\"\\");
        for s in [all.as_str(), "", "plain", "\"", "\\\\", "\u{1}x\u{1f}"] {
            let mut buf = Vec::new();
            string(&mut buf, s);
            assert_eq!(
                String::from_utf8(buf).unwrap(),
                serde_json::to_string(s).unwrap()
            );
        }
    }

    #[test]
    fn numbers_and_indentation() {
        for n in [0, 1, 9, 10, 99, 100, 12_345, u32::MAX] {
            let mut buf = Vec::new();
            number(&mut buf, n);
            assert_eq!(buf, n.to_string().as_bytes());
        }
        for depth in [0, 1, 31, 32, 33, 100] {
            let mut buf = Vec::new();
            indent(&mut buf, depth);
            assert_eq!(buf, vec![b' '; depth * 2]);
        }
    }
}
