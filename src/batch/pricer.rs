//! Pricing rows, remembering the outcome of rows met more than once, and reading rows that
//! differ only by their dates through one template.

use super::chunk::Chunk;
use super::context::RowContext;
use super::encode::{encode_cells, row_cells, row_id, EncodedRow};
use super::row::{evaluate, length_error, Template};
use super::Outcome;
use crate::output::CsvRows;
use std::collections::HashMap;
use std::io;
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// The most distinct rows remembered at once…
const MEMO_CAPACITY: usize = 16_384;
/// …and the most bytes their cells may take (the words of `assumptions` and `how` are long).
const MEMO_BYTES: usize = 4 << 20;
/// The most templates remembered at once.
const TEMPLATES: usize = 4096;
/// The doorkeeper's size, in bits, and how many rows it records before it starts afresh.
const SEEN_BITS: usize = 1 << 20;
const SEEN_LIMIT: usize = SEEN_BITS / 8;

/// The memory's hash: a row's cells, eight bytes at a time (the multiply-rotate hash of
/// rustc's `FxHasher`). Several times faster than the default SipHash on short keys; its
/// weakness to crafted collisions does not matter for a file the user gives their own tool.
#[derive(Debug, Clone, Copy, Default)]
struct BuildKeyHasher;

#[derive(Debug, Clone, Copy, Default)]
struct KeyHasher(u64);

impl KeyHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl std::hash::Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let mut last = [0; 8];
        last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        self.add(u64::from_le_bytes(last));
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl std::hash::BuildHasher for BuildKeyHasher {
    type Hasher = KeyHasher;
    fn build_hasher(&self) -> KeyHasher {
        KeyHasher::default()
    }
}

/// Prices rows, remembering the outcome of rows met more than once.
///
/// A row is remembered only when it comes a second time: a "doorkeeper" bitset (as in the
/// TinyLFU cache policy) records the hashes of rows met once. Rows that never come again
/// (most rows of a file of distinct posts) then cost no copy of their key and do not push
/// the rows that do repeat out of the memory.
pub(super) struct Pricer<'c, 'a> {
    context: &'c RowContext<'a>,
    encoder: Option<CsvRows>,
    memo: HashMap<Vec<u8>, Arc<Outcome>, BuildKeyHasher>,
    memo_bytes: usize,
    key: Vec<u8>,
    seen: Vec<u64>,
    seen_count: usize,
    /// The rows read but for their dates, by their other cells.
    templates: HashMap<Vec<u8>, Template<'a>, BuildKeyHasher>,
    template_key: Vec<u8>,
    scratch: Vec<u8>,
}

impl<'c, 'a> Pricer<'c, 'a> {
    pub fn new(context: &'c RowContext<'a>) -> Self {
        Pricer {
            context,
            encoder: context.encode.map(CsvRows::new),
            memo: HashMap::with_capacity_and_hasher(MEMO_CAPACITY, BuildKeyHasher),
            memo_bytes: 0,
            key: Vec::new(),
            seen: vec![0; SEEN_BITS / 64],
            seen_count: 0,
            templates: HashMap::with_hasher(BuildKeyHasher),
            template_key: Vec::new(),
            scratch: Vec::new(),
        }
    }

    /// Whether a row with this key was met before; records it if not.
    fn met_before(&mut self) -> bool {
        use std::hash::{BuildHasher, Hasher};
        let mut hasher = BuildKeyHasher.build_hasher();
        hasher.write(&self.key);
        let bit = (hasher.finish() >> 44) as usize % SEEN_BITS;
        let (word, mask) = (bit / 64, 1_u64 << (bit % 64));
        if self.seen[word] & mask != 0 {
            return true;
        }
        if self.seen_count >= SEEN_LIMIT {
            self.seen.fill(0);
            self.seen_count = 0;
        }
        self.seen[word] |= mask;
        self.seen_count += 1;
        false
    }

    /// Prices a chunk's rows, and encodes them when the sink takes encoded rows.
    pub fn price_chunk(&mut self, chunk: &mut Chunk) {
        chunk.outcomes.clear();
        chunk.notes.clear();
        chunk.encoded.clear();
        chunk.ends.clear();
        chunk.failed = None;
        for (n, row) in chunk.rows.iter().enumerate() {
            let outcome = self.price(row);
            let Some(style) = self.context.encode else {
                chunk.outcomes.push(outcome);
                continue;
            };
            let id = row_id(row, self.context.id_index);
            let chosen = self.context.chosen;
            let encoded = match (&outcome.encoded, &mut self.encoder) {
                (Some(encoded), _) => {
                    encoded.write(id.as_deref(), style, &mut self.scratch, &mut chunk.encoded);
                    Ok(())
                }
                (None, _) if chosen.len() > 1 => {
                    let cells = row_cells(chosen, id.as_deref(), &outcome);
                    encode_cells(cells, style, &mut self.scratch, &mut chunk.encoded);
                    Ok(())
                }
                (None, Some(rows)) => row_cells(chosen, id.as_deref(), &outcome)
                    .try_for_each(|cell| rows.cell(&cell))
                    .and_then(|()| rows.end_row(&mut chunk.encoded)),
                (None, None) => Err(io::Error::other("no CSV encoder")),
            };
            // Encoding into memory does not fail; were it to, the batch stops there.
            if let Err(e) = encoded {
                chunk.failed.get_or_insert(e);
            }
            chunk.ends.push(chunk.encoded.len());
            // The main thread needs an encoded row's outcome only to count what it tells.
            if outcome.error.is_some() || outcome.mismatch || outcome.totals.is_some() {
                chunk.notes.push((n, outcome));
            }
        }
    }

    /// Prices a row not remembered: through its template when it can.
    fn evaluate(&mut self, record: &csv::ByteRecord) -> Outcome {
        let context = self.context;
        if !context.templates {
            return evaluate(context, record);
        }
        if let Some(message) = length_error(context, record) {
            return Outcome::failed(&message);
        }
        // The template's key: the cells but the id and the dates.
        let mut key = std::mem::take(&mut self.template_key);
        row_key(
            record,
            |i| Some(i) == context.id_index || context.dated.contains(&i),
            &mut key,
        );
        let outcome = match self.templates.get_mut(&key) {
            Some(template) => template.evaluate(context, record),
            None => {
                if self.templates.len() >= TEMPLATES {
                    self.templates.clear();
                }
                let mut template = Template::new(context, record);
                let outcome = template.evaluate(context, record);
                self.templates.insert(key.clone(), template);
                outcome
            }
        };
        self.template_key = key;
        outcome
    }

    /// The outcome, encoded when the sink takes encoded rows.
    fn encoded(&mut self, mut outcome: Outcome) -> Arc<Outcome> {
        if let Some(style) = self.context.encode {
            outcome.encoded =
                EncodedRow::new(&outcome, self.context.chosen, style, &mut self.scratch);
            if outcome.encoded.is_some() {
                outcome.cells = Vec::new();
            }
        }
        Arc::new(outcome)
    }

    fn price(&mut self, row: &super::reader::Row) -> Arc<Outcome> {
        let record = match &row.record {
            Ok(record) => record,
            Err(message) => return Arc::new(Outcome::failed(message)),
        };
        // The row's key: every cell but the id.
        let id_index = self.context.id_index;
        row_key(record, |i| Some(i) == id_index, &mut self.key);
        if let Some(outcome) = self.memo.get(&self.key) {
            return Arc::clone(outcome);
        }
        self.context.priced.fetch_add(1, Ordering::Relaxed);
        // Recorded before the row is priced (pricing does not look at it): a row met only
        // once is encoded with its id, its outcome not kept.
        let remember = self.met_before();
        let outcome = self.evaluate(record);
        if !remember {
            return Arc::new(outcome);
        }
        let outcome = self.encoded(outcome);
        let size = outcome.size() + self.key.len();
        if self.memo.len() >= MEMO_CAPACITY || self.memo_bytes + size > MEMO_BYTES {
            self.memo.clear();
            self.memo_bytes = 0;
        }
        self.memo_bytes += size;
        self.memo.insert(self.key.clone(), Arc::clone(&outcome));
        outcome
    }
}

/// Makes `key` the key of a row's cells but those `skip` names: how many cells the row has
/// and the length of each kept, then their bytes. Two rows have the same key only when
/// their kept cells are the same (whatever bytes the cells hold).
fn row_key(record: &csv::ByteRecord, skip: impl Fn(usize) -> bool, key: &mut Vec<u8>) {
    key.clear();
    key.extend_from_slice(&(record.len() as u64).to_le_bytes());
    for (i, cell) in record.iter().enumerate() {
        if !skip(i) {
            match u8::try_from(cell.len()) {
                Ok(length) if length < u8::MAX => key.push(length),
                _ => {
                    key.push(u8::MAX);
                    key.extend_from_slice(&(cell.len() as u64).to_le_bytes());
                }
            }
        }
    }
    // The kept cells' bytes, by runs of consecutive cells (a record holds its cells end to end).
    let bytes = record.as_slice();
    let (mut run, mut at) = (0, 0);
    for (i, cell) in record.iter().enumerate() {
        if skip(i) {
            key.extend_from_slice(bytes.get(run..at).unwrap_or_default());
            run = at + cell.len();
        }
        at += cell.len();
    }
    key.extend_from_slice(bytes.get(run..at).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    use super::row_key;

    #[test]
    fn rows_have_the_same_key_only_when_their_cells_are_the_same() {
        let key = |cells: &[&str], skip: &[usize]| {
            let mut key = Vec::new();
            row_key(
                &csv::ByteRecord::from(cells),
                |i| skip.contains(&i),
                &mut key,
            );
            key
        };
        let rows: &[&[&str]] = &[
            &["P1", "a\u{1f}", "b", "c"],
            &["P1", "a", "\u{1f}b", "c"],
            &["P1", "ab", "", "c"],
            &["P1", "a", "b", "c"],
            &["P1", "a", "bc", ""],
            &["P1", "a", "b", "c", ""],
            &["P1", "a", "b"],
        ];
        for (i, a) in rows.iter().enumerate() {
            for (j, b) in rows.iter().enumerate() {
                assert_eq!(key(a, &[0]) == key(b, &[0]), i == j, "{a:?} {b:?}");
            }
        }
        // The skipped cells do not count; the others do, wherever they are.
        assert_eq!(
            key(&["P1", "a", "b", "c"], &[0, 2]),
            key(&["P2", "a", "x", "c"], &[0, 2])
        );
        assert_ne!(
            key(&["P1", "a", "b", "c"], &[0, 2]),
            key(&["P1", "a", "b", "d"], &[0, 2])
        );
        let long = "x".repeat(300);
        assert_ne!(
            key(&["P1", &long, "b"], &[0]),
            key(&["P1", &long[1..], "xb"], &[0])
        );
    }
}
