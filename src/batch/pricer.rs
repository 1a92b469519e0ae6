//! Pricing rows, remembering the outcome of rows met more than once, and reading rows that
//! differ only by their dates through one template.

use super::chunk::Chunk;
use super::context::RowContext;
use super::encode::{encode_cells, row_cells, EncodedRow};
use super::reader::Row;
use super::record::Record;
use super::row::{echo, evaluate, length_error, not_text, Template};
use super::Outcome;
use crate::compute::PriceMemo;
use crate::output::CsvRows;
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::io;
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// The most distinct rows remembered at once, by each pricing thread… (Halved, with the bytes
/// below and the templates', when the monthly figures got a memory of their own: on a million
/// distinct rows peak RSS went from 36 to 25 MiB, and the repetitive benchmark was no slower.)
const MEMO_CAPACITY: usize = 8192;
/// …and the most bytes their cells may take (the words of `assumptions` and `how` are long).
const MEMO_BYTES: usize = 2 << 20;
/// The most templates remembered at once, and the most bytes their keys may take.
const TEMPLATES: usize = 2048;
const TEMPLATE_BYTES: usize = 2 << 20;
/// The doorkeeper's size, in bits, and how many rows it records before it starts afresh.
const SEEN_BITS: usize = 1 << 20;
const SEEN_LIMIT: usize = SEEN_BITS / 8;

/// A row's key (its cells, but its own), with its hash computed once by a keyed hash: no file
/// can be crafted so that its rows collide in the memory (issue 18, point 11: rows crafted
/// against the fixed multiply-rotate hash it had ran 30 to 45 times slower). The maps then take
/// that hash as it is ([`Prehashed`]), and the doorkeeper its high bits.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Key {
    hash: u64,
    bytes: Vec<u8>,
}

impl std::hash::Hash for Key {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// The hasher of maps keyed by [`Key`]: the key's hash, as computed.
#[derive(Debug, Clone, Copy, Default)]
struct Prehashed(u64);

impl std::hash::Hasher for Prehashed {
    fn write(&mut self, bytes: &[u8]) {
        // Only a `Key` is hashed here, by its `u64`; were anything else, it would still hash.
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type Map<V> = HashMap<Key, V, std::hash::BuildHasherDefault<Prehashed>>;

/// A hasher keyed at random, for one pricer: `foldhash` (as `hashbrown` uses, the crate already
/// in the build through `serde_json`), seeded with 64 bits from the operating system's randomness
/// (through the standard library's `RandomState`, whose SipHash keys are drawn from it). A file
/// cannot be crafted to collide without knowing the seed, which no output shows; SipHash itself
/// was measured 4 % slower on the whole batch (keys of 60 to 100 bytes, hashed once or twice a
/// row) for no protection a one-shot file could get around.
fn keyed_hasher() -> foldhash::fast::FixedState {
    let seed = std::collections::hash_map::RandomState::new().hash_one(0_u64);
    foldhash::fast::FixedState::with_seed(seed)
}

/// The keyed hash of a key's bytes (written once: equal hashes are then told apart by the
/// bytes themselves).
fn keyed(hasher: &impl BuildHasher, bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut state = hasher.build_hasher();
    state.write(bytes);
    state.finish()
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
    /// The keyed hash of this pricer's keys.
    hasher: foldhash::fast::FixedState,
    memo: Map<Arc<Outcome>>,
    memo_bytes: usize,
    key: Key,
    /// The rows met once (a row is remembered when it comes a second time).
    seen: Doorkeeper,
    /// The rows read but for their dates, by their other cells…
    templates: Map<Template>,
    /// …and the bytes of their keys.
    template_bytes: usize,
    template_key: Key,
    /// The templates' keys met once: a template is made when its key comes a second time (a
    /// file of distinct posts then makes none, each row read once).
    template_seen: Doorkeeper,
    /// The monthly figures priced, by what they depend on (every row's, not only a template's).
    prices: PriceMemo<'a>,
    scratch: Vec<u8>,
}

impl<'c, 'a> Pricer<'c, 'a> {
    pub fn new(context: &'c RowContext<'a>) -> Self {
        Pricer {
            context,
            encoder: context.encode.map(CsvRows::new),
            hasher: keyed_hasher(),
            memo: Map::with_capacity_and_hasher(MEMO_CAPACITY, Default::default()),
            memo_bytes: 0,
            key: Key::default(),
            seen: Doorkeeper::default(),
            templates: Map::default(),
            template_bytes: 0,
            template_key: Key::default(),
            template_seen: Doorkeeper::default(),
            prices: PriceMemo::default(),
            scratch: Vec::new(),
        }
    }

    /// Prices a chunk's rows, and encodes them when the sink takes encoded rows.
    pub fn price_chunk(&mut self, chunk: &mut Chunk) {
        chunk.outcomes.clear();
        chunk.notes.clear();
        chunk.encoded.clear();
        chunk.ends.clear();
        chunk.failed = None;
        for (n, row) in chunk.rows.iter().enumerate() {
            let priced = self.price(row);
            let Some(style) = self.context.encode else {
                chunk.outcomes.push(priced.shared());
                continue;
            };
            let outcome = priced.outcome();
            let (outs, id) = (&self.context.outs, self.context.id_index);
            let encoded = match (&outcome.encoded, &mut self.encoder) {
                (Some(encoded), _) => {
                    encoded.write(row, style, &mut self.scratch, &mut chunk.encoded);
                    Ok(())
                }
                (None, _) if outs.len() > 1 => {
                    let mut next = outcome.cells.iter();
                    for _ in 0..outcome.lines {
                        let cells = row_cells(outs, row, id, outcome, &mut next);
                        encode_cells(cells, style, &mut self.scratch, &mut chunk.encoded);
                    }
                    Ok(())
                }
                (None, Some(rows)) => {
                    let mut next = outcome.cells.iter();
                    (0..outcome.lines).try_for_each(|_| {
                        row_cells(outs, row, id, outcome, &mut next)
                            .try_for_each(|cell| rows.cell(&cell))
                            .and_then(|()| rows.end_row(&mut chunk.encoded))
                    })
                }
                (None, None) => Err(io::Error::other("no CSV encoder")),
            };
            // Encoding into memory does not fail; were it to, the batch stops there.
            if let Err(e) = encoded {
                chunk.failed.get_or_insert(e);
            }
            chunk.ends.push(chunk.encoded.len());
            // The main thread needs an encoded row's outcome only to count what it tells.
            if outcome.error.is_some() || outcome.mismatch || outcome.totals.is_some() {
                chunk.notes.push((n, priced.shared()));
            }
        }
    }

    /// Prices a row not remembered: through its template when it can.
    fn evaluate(&mut self, record: &Record) -> Outcome {
        let mut outcome = self.evaluate_cells(record);
        echo(self.context, record, &mut outcome);
        outcome
    }

    /// Prices a row's cells: through its template when it can.
    fn evaluate_cells(&mut self, record: &Record) -> Outcome {
        let context = self.context;
        if !context.templates {
            return evaluate(context, record, &mut self.prices);
        }
        if let Some(message) = length_error(context, record) {
            return Outcome::failed(&message);
        }
        // The template's key: the cells but the row's own and the dates.
        let mut key = std::mem::take(&mut self.template_key);
        row_key(
            record,
            |i| context.per_row.get(i) == Some(&true) || context.dated.contains(&i),
            &mut key.bytes,
        );
        key.hash = keyed(&self.hasher, &key.bytes);
        let outcome = match self.templates.get_mut(&key) {
            Some(template) => template.evaluate(context, record, &mut self.prices),
            // Met once: read as it is, the template made only if it comes again.
            None if !self.template_seen.met_before(key.hash) => {
                evaluate(context, record, &mut self.prices)
            }
            None => {
                // Bounded in number and in bytes: a template's key may be a long row.
                if self.templates.len() >= TEMPLATES
                    || self.template_bytes + key.bytes.len() > TEMPLATE_BYTES
                {
                    self.templates.clear();
                    self.template_bytes = 0;
                }
                let mut template = Template::new(context, record);
                let outcome = template.evaluate(context, record, &mut self.prices);
                self.template_bytes += key.bytes.len();
                self.templates.insert(key.clone(), template);
                outcome
            }
        };
        self.template_key = key;
        outcome
    }

    /// The outcome, encoded when the sink takes encoded rows.
    fn encoded(&mut self, mut outcome: Outcome) -> Arc<Outcome> {
        if let (Some(style), None) = (self.context.encode, &outcome.encoded) {
            let (outs, id) = (&self.context.outs, self.context.id_index);
            outcome.encoded = EncodedRow::new(&outcome, outs, id, style, &mut self.scratch);
            if outcome.encoded.is_some() {
                outcome.cells = Vec::new();
            }
        }
        Arc::new(outcome)
    }

    fn price(&mut self, row: &Row) -> Priced {
        let lang = self.context.options.lang;
        if let Some(fault) = row.fault {
            // Its cells as typed, echoed (a line too long to read has none).
            let mut outcome = Outcome::failed(fault.text().get(lang));
            echo(self.context, &row.record, &mut outcome);
            return Priced::Fresh(outcome);
        }
        let record = &row.record;
        // The row's own cells (its id, the columns copied) are text, or the row is in error.
        if let Some(message) = not_text(self.context, record) {
            return Priced::Fresh(Outcome::failed(&message));
        }
        // The row's key: every cell but its own.
        let per_row = &self.context.per_row;
        row_key(
            record,
            |i| per_row.get(i) == Some(&true),
            &mut self.key.bytes,
        );
        self.key.hash = keyed(&self.hasher, &self.key.bytes);
        if let Some(outcome) = self.memo.get(&self.key) {
            return Priced::Kept(Arc::clone(outcome));
        }
        self.context.priced.fetch_add(1, Ordering::Relaxed);
        // Recorded before the row is priced (pricing does not look at it): a row met only
        // once is encoded with its id, its outcome not kept.
        let remember = self.seen.met_before(self.key.hash);
        let outcome = self.evaluate(record);
        if !remember {
            return Priced::Fresh(outcome);
        }
        let outcome = self.encoded(outcome);
        let size = outcome.size() + self.key.bytes.len();
        if self.memo.len() >= MEMO_CAPACITY || self.memo_bytes + size > MEMO_BYTES {
            self.memo.clear();
            self.memo_bytes = 0;
        }
        self.memo_bytes += size;
        self.memo.insert(self.key.clone(), Arc::clone(&outcome));
        Priced::Kept(outcome)
    }
}

/// A row's outcome: its own, or one the memory keeps (shared by the rows priced alike).
enum Priced {
    Fresh(Outcome),
    Kept(Arc<Outcome>),
}

impl Priced {
    fn outcome(&self) -> &Outcome {
        match self {
            Priced::Fresh(outcome) => outcome,
            Priced::Kept(outcome) => outcome,
        }
    }

    /// The outcome, to be handed on with the chunk (a row's own outcome is shared only then,
    /// when it is: most rows written as encoded bytes need not be).
    fn shared(self) -> Arc<Outcome> {
        match self {
            Priced::Fresh(outcome) => Arc::new(outcome),
            Priced::Kept(outcome) => outcome,
        }
    }
}

/// A "doorkeeper" (as in the TinyLFU cache policy): a bitset of the hashes of keys met once,
/// which starts afresh past [`SEEN_LIMIT`] keys.
struct Doorkeeper {
    bits: Vec<u64>,
    count: usize,
}

impl Default for Doorkeeper {
    fn default() -> Self {
        Doorkeeper {
            bits: vec![0; SEEN_BITS / 64],
            count: 0,
        }
    }
}

impl Doorkeeper {
    /// Whether a key with this hash was met before; records it if not.
    fn met_before(&mut self, hash: u64) -> bool {
        let bit = (hash >> 44) as usize % SEEN_BITS;
        let (word, mask) = (bit / 64, 1_u64 << (bit % 64));
        if self.bits.get(word).is_some_and(|w| w & mask != 0) {
            return true;
        }
        if self.count >= SEEN_LIMIT {
            self.bits.fill(0);
            self.count = 0;
        }
        if let Some(w) = self.bits.get_mut(word) {
            *w |= mask;
        }
        self.count += 1;
        false
    }
}

/// Makes `key` the key of a row's cells but those `skip` names: how many cells the row has
/// and the length of each kept, then their bytes. Two rows have the same key only when
/// their kept cells are the same (whatever bytes the cells hold).
fn row_key(record: &Record, skip: impl Fn(usize) -> bool, key: &mut Vec<u8>) {
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
    use super::{keyed, keyed_hasher, row_key, Record};

    /// The hash the memory used before it was keyed (rustc's `FxHasher`, eight bytes at a time).
    fn fixed(bytes: &[u8]) -> u64 {
        let add = |h: u64, w: u64| (h.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        let mut h = 0;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            h = add(h, u64::from_le_bytes(chunk.try_into().unwrap()));
        }
        let mut last = [0; 8];
        last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        add(h, u64::from_le_bytes(last))
    }

    #[test]
    fn rows_crafted_to_collide_do_not_collide_in_the_keyed_hash() {
        // Issue 18, point 11: the fixed hash can be inverted one word at a time, so any number
        // of keys can be made to end on the same hash (64 000 rows so made took 2.3 s instead of
        // 52 ms). The keyed hash spreads them, and differs from one pricer to the next.
        let inverse = {
            let k: u64 = 0x51_7c_c1_b7_27_22_0a_95;
            // Newton's iteration for the inverse of an odd number modulo 2^64.
            (0..6).fold(k, |x, _| {
                x.wrapping_mul(2_u64.wrapping_sub(k.wrapping_mul(x)))
            })
        };
        let target = 0x1234_5678_9abc_def0_u64;
        let keys: Vec<Vec<u8>> = (0..2000_u64)
            .map(|i| {
                let first = i.wrapping_mul(0x9e37_79b9_7f4a_7c15);
                let h = first.wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
                let second = h.rotate_left(5) ^ target.wrapping_mul(inverse);
                [first.to_le_bytes(), second.to_le_bytes()].concat()
            })
            .collect();
        let fixed: std::collections::HashSet<u64> = keys.iter().map(|k| fixed(k)).collect();
        assert_eq!(fixed.len(), 1, "the keys all collide in the fixed hash");
        let (a, b) = (keyed_hasher(), keyed_hasher());
        let spread: std::collections::HashSet<u64> = keys.iter().map(|k| keyed(&a, k)).collect();
        assert_eq!(spread.len(), keys.len());
        assert_ne!(keyed(&a, &keys[0]), keyed(&b, &keys[0]));
    }

    #[test]
    fn rows_have_the_same_key_only_when_their_cells_are_the_same() {
        let key = |cells: &[&str], skip: &[usize]| {
            let mut key = Vec::new();
            row_key(&Record::from(cells), |i| skip.contains(&i), &mut key);
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
