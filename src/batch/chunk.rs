//! Rows read together: what a pricing thread is handed, and gives back priced.

use super::reader::Row;
use super::Outcome;
use std::io;
use std::sync::Arc;

/// Rows read and handed to a thread at a time.
pub(super) const CHUNK: usize = 1024;
/// …or, when rows carry the words that explain them (a few KiB a row encoded), fewer.
pub(super) const CHUNK_WITH_WORDS: usize = 128;
/// …and a chunk closes once its rows hold this many bytes, whatever their number: a chunk of
/// rows near [`super::MAX_RECORD_BYTES`] is a row or two, so that the bytes in flight stay
/// bounded, not only the rows.
pub(super) const CHUNK_BYTES: usize = 256 << 10;
/// Rows read together, and once priced their outcomes (and the rows encoded for the sink,
/// when it takes them so).
#[derive(Default)]
pub(super) struct Chunk {
    pub rows: Vec<Row>,
    pub outcomes: Vec<Arc<Outcome>>,
    /// The rows encoded, one after the other…
    pub encoded: Vec<u8>,
    /// …and where each ends.
    pub ends: Vec<usize>,
    /// For encoded rows, instead of `outcomes`: the outcomes that have something to count
    /// (an error, a mismatch, totals), by row.
    pub notes: Vec<(usize, Arc<Outcome>)>,
    /// Why the rows could not be encoded.
    pub failed: Option<io::Error>,
}
