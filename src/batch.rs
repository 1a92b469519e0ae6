//! `batch`: one computation per CSV row, one output row per input row, in order.
//!
//! Rows stream through: a row is read, priced, written, and forgotten, so memory stays
//! flat whatever the size of the input. Real files repeat the same few posts thousands
//! of times, so a row's outcome is remembered by its cells (all but `id`): an identical
//! row is never priced twice. The memory is bounded, in rows and in bytes: when it is full it
//! starts afresh.
//!
//! Rows that differ only by their dates (`start`, `months`, `end`, `left_on`) share a
//! template: their other cells are read once, and their monthly figures are priced once per
//! rule set and versions of the data in force ([`crate::compute::PriceMemo`]); only the
//! contract is laid out row by row. The post's actual cost is priced only when a chosen
//! column or the summary shows it, and the words only when a column shows them.
//!
//! The main thread reads chunks of rows and writes them in order; threads price them. For
//! CSV they also encode whole rows (a remembered outcome is encoded once, but for its id),
//! so that the main thread only copies bytes.

use crate::check::check_computed;
use crate::compute::{compute_remembering, compute_with, ComputeError, Detail, PriceMemo};
use crate::explain::explain;
use crate::input::{field_for_header, Field, Naming, RowInput};
use crate::output::records::{
    check_cell, compute_cell, ACTUAL_COST_COLUMNS, COMPUTE_COLUMNS, EXPLAINED_COLUMNS,
};
use crate::output::{csv_field, Cell, Column, CsvRows, CsvStyle, Prepare, Sink};
use crate::rates::Rates;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::io::{self, Read};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Mutex};

/// The most distinct rows remembered at once…
const MEMO_CAPACITY: usize = 16_384;
/// …and the most bytes their cells may take (the words of `assumptions` and `how` are long).
const MEMO_BYTES: usize = 4 << 20;

/// The columns a batch writes when its input has a `posts` column: the posts a row stands
/// for, and their credit for the contract (`ars_total` × `posts`).
pub const POSTS_COLUMNS: &[&str] = &["posts", "total"];

/// The check columns a batch writes when its input has a `notified` column.
pub const BATCH_CHECK_COLUMNS: &[&str] = &["notified", "per", "expected", "gap", "check_status"];

/// What the file itself gets wrong: it cannot be read as a batch at all (exit status 2).
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// The header cannot be read.
    #[error("{}", crate::tr!(crate::lang::Lang::messages(), "{origin}: cannot read the header: {message}", "{origin} : impossible de lire l'en-tête : {message}"))]
    Header {
        /// The file.
        origin: String,
        /// What is wrong.
        message: String,
    },
    /// A header names a column that is not an input.
    #[error("{}", crate::tr!(crate::lang::Lang::messages(), "{origin}: line 1: unknown column '{column}'. The columns are: {known} (or their French names)", "{origin} : ligne 1 : colonne inconnue « {column} ». Les colonnes sont : {known} (ou leurs noms français)"))]
    UnknownColumn {
        /// The file.
        origin: String,
        /// The column.
        column: String,
        /// The columns accepted.
        known: String,
    },
    /// Two header cells name the same input.
    #[error("{}", crate::tr!(crate::lang::Lang::messages(), "{origin}: line 1: columns '{first}' and '{second}' are the same input", "{origin} : ligne 1 : les colonnes « {first} » et « {second} » sont la même donnée"))]
    DuplicateColumn {
        /// The file.
        origin: String,
        /// The first.
        first: String,
        /// The second.
        second: String,
    },
    /// `--columns` names a column the output does not have.
    #[error("{}", crate::tr!(crate::lang::Lang::messages(), "columns: unknown output column '{column}'. The columns are: {known}", "columns : colonne de sortie inconnue « {column} ». Les colonnes sont : {known}"))]
    UnknownOutputColumn {
        /// The column.
        column: String,
        /// The columns available.
        known: String,
    },
    /// Writing the output failed.
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// How a batch is run.
#[derive(Debug, Clone, Default)]
pub struct BatchOptions {
    /// Values for every row whose cell is empty or absent (the command-line flags).
    pub defaults: Vec<(&'static Field, String)>,
    /// The output columns, in order; `None` for all.
    pub columns: Option<Vec<String>>,
    /// Today, for default start dates.
    pub today: Option<NaiveDate>,
    /// Also write totals per region and post type after the rows.
    pub summary: bool,
    /// Write only the totals.
    pub summary_only: bool,
    /// Threads pricing rows (0: one per core, up to 8). The output is the same whatever the number.
    pub threads: usize,
    /// A row that does not meet a condition of eligibility its cells show is an error.
    pub strict: bool,
    /// The language of the words (`how`, assumptions, warnings, errors of rows).
    pub lang: crate::lang::Lang,
    /// Written for people (a table): without `columns`, the main columns only.
    pub for_people: bool,
}

/// The columns a table for people shows when no `columns` are given (those the output has).
pub const PEOPLE_COLUMNS: &[&str] = &[
    "id",
    "region",
    "post_type",
    "rule_set",
    "months",
    "ars_monthly",
    "ars_total",
    "posts",
    "total",
    "gap",
    "check_status",
    "status",
    "error",
];

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

/// The longest line a batch reads: far more than any post needs, and a bound on the memory
/// one row can take (a file with no line end would otherwise be read whole).
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// The input, refused past a line of [`MAX_LINE_BYTES`].
struct LineCap<R> {
    inner: R,
    /// The line being read (1-based) and the bytes read of it so far.
    line: u64,
    length: usize,
}

impl<R: Read> Read for LineCap<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let read = buf.get(..n).unwrap_or_default();
        // Whole buffers at a time: the length of the line read so far is what follows the last
        // line end (or all of it, added to the length before).
        match read.iter().rposition(|b| *b == b'\n') {
            Some(last) => {
                let (before, after) = read.split_at(last);
                // The line that ended at `last` may have been long too.
                let first_end = before.iter().position(|b| *b == b'\n').unwrap_or(last);
                self.length += first_end;
                if self.length <= MAX_LINE_BYTES {
                    self.line += newlines(before) as u64 + 1;
                    self.length = after.len().saturating_sub(1);
                }
            }
            None => self.length += n,
        }
        if self.length > MAX_LINE_BYTES {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                crate::tr!(
                    crate::lang::Lang::messages(),
                    "line {} is longer than {} MiB: not a batch of posts",
                    "la ligne {} dépasse {} Mio : ce n'est pas un batch de postes",
                    self.line,
                    MAX_LINE_BYTES >> 20
                ),
            ));
        }
        Ok(n)
    }
}

/// How many line feeds `bytes` holds: counted in bytes, a short run at a time, which the
/// compiler does many bytes to an instruction (a count in `usize` it does a few).
fn newlines(bytes: &[u8]) -> usize {
    bytes
        .chunks(192)
        .map(|run| usize::from(run.iter().map(|b| u8::from(*b == b'\n')).sum::<u8>()))
        .sum()
}

/// What happened to a row in error, for the report on stderr.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// The line of the input (the header is line 1).
    pub line: u64,
    /// The message, naming the column at fault.
    pub message: String,
}

/// How a batch went.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchReport {
    /// Rows read.
    pub rows: u64,
    /// Rows in error.
    pub errors: u64,
    /// Rows that differ from their notified credit.
    pub mismatches: u64,
    /// Rows priced (the others were remembered).
    pub priced: u64,
}

/// A summary group: region and post type.
type Group = (String, String);
/// A group's or a row's credit, establishment part and full cost (`None`: a cost unknown).
type Totals = [Option<Decimal>; 3];

/// The outcome of a row, without its id: the cells of the output columns, or the error.
struct Outcome {
    cells: Vec<Cell<'static>>,
    /// When the sink takes encoded rows: the row encoded (then `cells` is empty).
    encoded: Option<EncodedRow>,
    error: Option<String>,
    mismatch: bool,
    /// For the summary: (region, post type) and the three totals.
    /// For the summary: the group, its three totals and the posts the row stands for.
    totals: Option<(Group, Totals, u32)>,
}

/// A row encoded for a CSV sink, but for its id, which goes in at `id_at` (its cells, its
/// status and its error are the same for every row with the same cells).
struct EncodedRow {
    bytes: Vec<u8>,
    id_at: IdSlots,
}

/// Where the ids go in an [`EncodedRow`] (a few at most: `--columns id,…,id`).
#[derive(Default)]
struct IdSlots {
    count: usize,
    at: [usize; 4],
}

impl IdSlots {
    /// Adds a slot; `None` past the few kept.
    fn push(&mut self, at: usize) -> Option<()> {
        *self.at.get_mut(self.count)? = at;
        self.count += 1;
        Some(())
    }

    fn iter(&self) -> impl Iterator<Item = &usize> {
        self.at.iter().take(self.count)
    }
}

/// Appends a row of these cells, encoded in this style, to `out` (a row of at least two cells:
/// see [`csv_field`]).
fn encode_cells<'c>(
    cells: impl Iterator<Item = Cell<'c>>,
    style: CsvStyle,
    scratch: &mut Vec<u8>,
    out: &mut Vec<u8>,
) {
    let delimiter = if style.excel { b';' } else { b',' };
    for (n, cell) in cells.enumerate() {
        if n > 0 {
            out.push(delimiter);
        }
        csv_field(&cell, style, scratch, out);
    }
    out.push(b'\n');
}

impl EncodedRow {
    /// The outcome's row encoded, when it can be so: a row of a single empty field is
    /// written `""`, so a row of one column is left to [`CsvRows`].
    fn new(
        outcome: &Outcome,
        chosen: &[(&'static str, Source)],
        style: CsvStyle,
        scratch: &mut Vec<u8>,
    ) -> Option<Self> {
        if chosen.len() < 2 {
            return None;
        }
        let delimiter = if style.excel { b';' } else { b',' };
        let (mut bytes, mut id_at) = (Vec::with_capacity(16 * chosen.len()), IdSlots::default());
        for (n, ((_, source), cell)) in chosen
            .iter()
            .zip(row_cells(chosen, None, outcome))
            .enumerate()
        {
            if n > 0 {
                bytes.push(delimiter);
            }
            match source {
                Source::Id => id_at.push(bytes.len())?,
                _ => csv_field(&cell, style, scratch, &mut bytes),
            }
        }
        bytes.push(b'\n');
        Some(EncodedRow { bytes, id_at })
    }

    /// Appends the row with this id to `out`.
    fn write(&self, id: Option<&str>, style: CsvStyle, scratch: &mut Vec<u8>, out: &mut Vec<u8>) {
        let mut start = 0;
        for at in self.id_at.iter() {
            out.extend_from_slice(self.bytes.get(start..*at).unwrap_or_default());
            let id = id.map_or(Cell::Empty, |id| Cell::Text(Cow::Borrowed(id)));
            csv_field(&id, style, scratch, out);
            start = *at;
        }
        out.extend_from_slice(self.bytes.get(start..).unwrap_or_default());
    }
}

impl Outcome {
    /// About how many bytes the outcome holds, for the memory's budget.
    fn size(&self) -> usize {
        let cell = |c: &Cell<'_>| {
            std::mem::size_of::<Cell<'_>>()
                + match c {
                    Cell::Text(t) | Cell::Encoded(t) => t.len(),
                    Cell::List(items, _) => items.iter().map(|i| i.len() + 24).sum(),
                    Cell::Json(v) => v.to_string().len(),
                    _ => 0,
                }
        };
        std::mem::size_of::<Outcome>()
            + self.cells.iter().map(cell).sum::<usize>()
            + self.encoded.as_ref().map_or(0, |e| e.bytes.len())
            + self.error.as_ref().map_or(0, String::len)
    }
}

/// An output column: what fills it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Id,
    Compute(&'static str),
    Check(&'static str),
    /// `posts` and `total`: a row standing for several identical posts.
    Posts(&'static str),
    Status,
    Error,
}

/// The output column names available for an input with these fields.
fn available(has_id: bool, has_notified: bool, has_posts: bool) -> Vec<(&'static str, Source)> {
    let mut out = Vec::new();
    if has_id {
        out.push(("id", Source::Id));
    }
    out.extend(COMPUTE_COLUMNS.iter().map(|k| (*k, Source::Compute(k))));
    if has_posts {
        out.extend(POSTS_COLUMNS.iter().map(|k| (*k, Source::Posts(k))));
    }
    if has_notified {
        out.extend(BATCH_CHECK_COLUMNS.iter().map(|k| (*k, Source::Check(k))));
    }
    out.push(("status", Source::Status));
    out.push(("error", Source::Error));
    out
}

/// Makes a cell independent of the computation it came from.
fn owned(cell: Cell<'_>) -> Cell<'static> {
    match cell {
        Cell::Absent | Cell::Empty => Cell::Empty,
        Cell::Text(t) => Cell::Text(Cow::Owned(t.into_owned())),
        Cell::Amount(v) => Cell::Amount(v),
        Cell::Rate(v) => Cell::Rate(v),
        Cell::Number(v) => Cell::Number(v),
        Cell::Int(n) => Cell::Int(n),
        Cell::Date(d) => Cell::Date(d),
        Cell::Bool(b) => Cell::Bool(b),
        Cell::List(items, sep) => Cell::List(
            items
                .into_iter()
                .map(|i| Cow::Owned(i.into_owned()))
                .collect(),
            sep,
        ),
        Cell::Sources(list) => {
            Cell::List(list.iter().map(|s| Cow::Owned(s.id.clone())).collect(), ",")
        }
        Cell::Json(v) => Cell::Json(v),
        Cell::Encoded(t) => Cell::Encoded(Cow::Owned(t.into_owned())),
    }
}

/// Runs a batch: reads CSV rows from `input`, writes one output row per input row to
/// `sink`, and reports each row in error to `on_error` as it goes.
pub fn run(
    rates: &Rates,
    input: impl Read,
    origin: &str,
    options: &BatchOptions,
    sink: &mut dyn Sink,
    on_error: &mut dyn FnMut(&RowError),
    on_progress: &mut dyn FnMut(u64),
) -> Result<BatchReport, BatchError> {
    let mut reader = csv::ReaderBuilder::new()
        .buffer_capacity(1 << 16)
        .flexible(true)
        .has_headers(false)
        .from_reader(LineCap {
            inner: input,
            line: 1,
            length: 0,
        });
    let mut record = csv::ByteRecord::new();
    let header_error = |message: String| BatchError::Header {
        origin: origin.to_string(),
        message,
    };
    let has_header = reader
        .read_byte_record(&mut record)
        .map_err(|e| header_error(e.to_string()))?;
    if !has_header {
        return Err(header_error(
            crate::lang::Lang::messages()
                .pick("the file is empty", "le fichier est vide")
                .into(),
        ));
    }
    // The header: each cell an input field, in English or French. A byte order mark is skipped.
    let mut fields: Vec<&'static Field> = Vec::new();
    for (i, raw) in record.iter().enumerate() {
        let raw = if i == 0 {
            raw.strip_prefix("\u{feff}".as_bytes()).unwrap_or(raw)
        } else {
            raw
        };
        let name = std::str::from_utf8(raw).map_err(|_| {
            header_error(
                crate::lang::Lang::messages()
                    .pick(
                        "the header is not UTF-8 text",
                        "l'en-tête n'est pas du texte UTF-8",
                    )
                    .into(),
            )
        })?;
        let field = field_for_header(name).ok_or_else(|| BatchError::UnknownColumn {
            origin: origin.to_string(),
            column: name.to_string(),
            known: crate::input::FIELDS
                .iter()
                .map(|f| f.column)
                .collect::<Vec<_>>()
                .join(", "),
        })?;
        if let Some(first) = fields.iter().position(|f| f.column == field.column) {
            return Err(BatchError::DuplicateColumn {
                origin: origin.to_string(),
                first: String::from_utf8_lossy(record.get(first).unwrap_or_default()).into(),
                second: name.to_string(),
            });
        }
        fields.push(field);
    }
    let id_index = fields.iter().position(|f| f.column == "id");
    let has_notified = fields.iter().any(|f| f.column == "notified")
        || options.defaults.iter().any(|(f, _)| f.column == "notified");

    let has_posts = fields.iter().any(|f| f.column == "posts");

    // The output columns.
    let available = available(id_index.is_some(), has_notified, has_posts);
    let chosen: Vec<(&'static str, Source)> = match &options.columns {
        None if options.for_people => available
            .iter()
            .filter(|(k, _)| PEOPLE_COLUMNS.contains(k))
            .copied()
            .collect(),
        None => available.clone(),
        Some(names) => names
            .iter()
            .map(|name| {
                available
                    .iter()
                    .find(|(k, _)| k == name)
                    .copied()
                    .ok_or_else(|| BatchError::UnknownOutputColumn {
                        column: name.clone(),
                        known: available
                            .iter()
                            .map(|(k, _)| *k)
                            .collect::<Vec<_>>()
                            .join(", "),
                    })
            })
            .collect::<Result<_, _>>()?,
    };
    let needs_words = chosen.iter().any(|(k, _)| EXPLAINED_COLUMNS.contains(k));
    // The post's actual cost is priced only for the columns and totals that show it.
    let needs_actual = options.summary
        || options.summary_only
        || chosen.iter().any(|(k, _)| ACTUAL_COST_COLUMNS.contains(k));
    if options.summary && !options.summary_only {
        sink.section("rows")?;
    }
    if !options.summary_only {
        let header: Vec<Column> = chosen.iter().map(|(k, _)| Column::key(k)).collect();
        sink.header(&header)?;
    }

    let today = options
        .today
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default());
    let prepare = sink.preparer();
    // A CSV sink takes whole rows encoded by the threads that price them: the main thread
    // then only copies bytes.
    let encode = match prepare {
        Prepare::Csv(style) if !options.summary_only && sink.raw_rows()?.is_some() => Some(style),
        _ => None,
    };
    let context = RowContext {
        rates,
        fields: &fields,
        id_index,
        options,
        today,
        chosen: &chosen,
        needs_words,
        needs_actual,
        // Cells of encoded rows are encoded with the row.
        prepare: if encode.is_some() {
            Prepare::AsIs
        } else {
            prepare
        },
        encode,
        dated: fields
            .iter()
            .enumerate()
            .filter(|(_, f)| DATED.contains(&f.column))
            .map(|(i, _)| i)
            .collect(),
        templates: !options
            .defaults
            .iter()
            .any(|(f, _)| DATED.contains(&f.column)),
        chunk: if needs_words { CHUNK_WITH_WORDS } else { CHUNK },
        priced: AtomicU64::new(0),
    };
    let threads = match options.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_THREADS)),
        n => n.min(MAX_THREADS),
    };
    let mut writer = Writer {
        sink,
        tally: Tally {
            options,
            report: BatchReport::default(),
            summary: BTreeMap::new(),
            on_error,
            on_progress,
        },
        chosen: &chosen,
        id_index,
    };
    if threads <= 1 {
        // One thread: read, price and write a chunk of rows in turn.
        let mut pricer = Pricer::new(&context);
        let mut chunk = Chunk::default();
        loop {
            let stop = read_chunk(&mut reader, &mut chunk.rows, ONE_THREAD_CHUNK);
            pricer.price_chunk(&mut chunk);
            writer.write(&mut chunk)?;
            if let Some(e) = stop {
                return Err(e);
            }
            if chunk.rows.is_empty() {
                break;
            }
        }
    } else {
        run_threads(&context, threads, &mut reader, &mut writer)?;
    }
    writer.tally.report.priced = context.priced.load(Ordering::Relaxed);
    if options.summary || options.summary_only {
        if !options.summary_only {
            writer.sink.section("summary")?;
        }
        write_summary(writer.sink, &writer.tally.summary, options.lang)?;
    }
    Ok(writer.tally.report)
}

/// Rows read and handed to a thread at a time.
const CHUNK: usize = 1024;
/// …or, when rows carry the words that explain them (a few KiB a row encoded), fewer.
const CHUNK_WITH_WORDS: usize = 128;
/// Rows read, priced and written at a time by a single thread (a few: a chunk's rows are
/// buffers kept for the next chunk).
const ONE_THREAD_CHUNK: usize = 64;
/// The most chunks read but not yet written: what bounds memory with threads.
const IN_FLIGHT: u64 = 8;
/// The most threads pricing rows.
const MAX_THREADS: usize = 8;

/// The main thread reads chunks of rows and writes them back in order; `threads` threads
/// price them, each with its own memory of rows.
fn run_threads<R: Read>(
    context: &RowContext<'_>,
    threads: usize,
    reader: &mut csv::Reader<R>,
    writer: &mut Writer<'_, '_>,
) -> Result<(), BatchError> {
    let (work_tx, work_rx) = mpsc::channel::<(u64, Chunk)>();
    let work_rx = Mutex::new(work_rx);
    let (done_tx, done_rx) = mpsc::channel::<(u64, Chunk)>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let (work_rx, done_tx) = (&work_rx, done_tx.clone());
            scope.spawn(move || {
                let mut pricer = Pricer::new(context);
                loop {
                    let job = match work_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    let Ok((seq, mut chunk)) = job else { return };
                    pricer.price_chunk(&mut chunk);
                    if done_tx.send((seq, chunk)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(done_tx);
        let (mut sent, mut written, mut ended) = (0_u64, 0_u64, false);
        let mut stop = None;
        let mut pending: BTreeMap<u64, Chunk> = BTreeMap::new();
        let mut spare: Vec<Chunk> = Vec::new();
        while !ended || written < sent {
            if !ended && sent - written < IN_FLIGHT {
                let mut chunk = spare.pop().unwrap_or_default();
                stop = read_chunk(reader, &mut chunk.rows, context.chunk);
                ended = stop.is_some() || chunk.rows.is_empty();
                if !chunk.rows.is_empty() {
                    work_tx
                        .send((sent, chunk))
                        .map_err(|_| io::Error::other("a pricing thread stopped"))?;
                    sent += 1;
                }
                continue;
            }
            let (seq, chunk) = done_rx
                .recv()
                .map_err(|_| io::Error::other("a pricing thread stopped"))?;
            pending.insert(seq, chunk);
            while let Some(mut chunk) = pending.remove(&written) {
                writer.write(&mut chunk)?;
                written += 1;
                spare.push(chunk);
            }
        }
        // The threads stop when the work channel closes.
        drop(work_tx);
        stop.map_or(Ok(()), Err)
    })
}

/// Rows read together, and once priced their outcomes (and the rows encoded for the sink,
/// when it takes them so).
#[derive(Default)]
struct Chunk {
    rows: Vec<Row>,
    outcomes: Vec<Arc<Outcome>>,
    /// The rows encoded, one after the other…
    encoded: Vec<u8>,
    /// …and where each ends.
    ends: Vec<usize>,
    /// For encoded rows, instead of `outcomes`: the outcomes that have something to count
    /// (an error, a mismatch, totals), by row.
    notes: Vec<(usize, Arc<Outcome>)>,
    /// Why the rows could not be encoded.
    failed: Option<io::Error>,
}

/// One input row: its line, and its cells or why the CSV reader could not read them.
struct Row {
    line: u64,
    record: Result<csv::ByteRecord, String>,
}

/// Reads up to `size` rows into `rows`, reusing its records. A row the CSV reader cannot
/// read is kept, with the reason. A failure to read the input at all is returned, after the
/// rows read before it (which are still written).
fn read_chunk<R: Read>(
    reader: &mut csv::Reader<R>,
    rows: &mut Vec<Row>,
    size: usize,
) -> Option<BatchError> {
    let mut n = 0;
    while n < size {
        if rows.len() == n {
            rows.push(Row {
                line: 0,
                record: Ok(csv::ByteRecord::new()),
            });
        }
        let row = &mut rows[n];
        row.line = reader.position().line();
        if row.record.is_err() {
            row.record = Ok(csv::ByteRecord::new());
        }
        let Ok(record) = &mut row.record else {
            break;
        };
        match reader.read_byte_record(record) {
            Ok(true) => n += 1,
            Ok(false) => break,
            Err(e) => {
                if let csv::ErrorKind::Io(io) = e.kind() {
                    let fatal = io::Error::new(io.kind(), io.to_string());
                    rows.truncate(n);
                    return Some(BatchError::Io(fatal));
                }
                row.record = Err(e.to_string());
                n += 1;
            }
        }
    }
    rows.truncate(n);
    None
}

/// What every row is priced with.
struct RowContext<'a> {
    rates: &'a Rates,
    fields: &'a [&'static Field],
    id_index: Option<usize>,
    options: &'a BatchOptions,
    today: NaiveDate,
    chosen: &'a [(&'static str, Source)],
    needs_words: bool,
    /// Whether an output column or the summary shows the post's actual cost.
    needs_actual: bool,
    prepare: Prepare,
    /// The CSV style rows are encoded in for the sink, when it takes encoded rows.
    encode: Option<CsvStyle>,
    /// The indexes of the columns of [`DATED`], in order…
    dated: Vec<usize>,
    /// …and whether rows are read through [`Template`]s (not when a command-line value
    /// fills a date).
    templates: bool,
    /// Rows read and handed to a thread at a time.
    chunk: usize,
    /// Rows priced, by every thread (the others were remembered).
    priced: AtomicU64,
}

/// Prices rows, remembering the outcome of rows met more than once.
///
/// A row is remembered only when it comes a second time: a "doorkeeper" bitset (as in the
/// TinyLFU cache policy) records the hashes of rows met once. Rows that never come again
/// (most rows of a file of distinct posts) then cost no copy of their key and do not push
/// the rows that do repeat out of the memory.
struct Pricer<'c, 'a> {
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

/// The most templates remembered at once.
const TEMPLATES: usize = 4096;

/// The doorkeeper's size, in bits, and how many rows it records before it starts afresh.
const SEEN_BITS: usize = 1 << 20;
const SEEN_LIMIT: usize = SEEN_BITS / 8;

impl<'c, 'a> Pricer<'c, 'a> {
    fn new(context: &'c RowContext<'a>) -> Self {
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
    fn price_chunk(&mut self, chunk: &mut Chunk) {
        chunk.outcomes.clear();
        chunk.notes.clear();
        chunk.encoded.clear();
        chunk.ends.clear();
        chunk.failed = None;
        for (n, row) in chunk.rows.iter().enumerate() {
            let outcome = self.price(row);
            if let Some(style) = self.context.encode {
                let id = row_id(row, self.context.id_index);
                let encoded = match (&outcome.encoded, &mut self.encoder) {
                    (Some(encoded), _) => {
                        encoded.write(id.as_deref(), style, &mut self.scratch, &mut chunk.encoded);
                        Ok(())
                    }
                    (None, _) if self.context.chosen.len() > 1 => {
                        let cells = row_cells(self.context.chosen, id.as_deref(), &outcome);
                        encode_cells(cells, style, &mut self.scratch, &mut chunk.encoded);
                        Ok(())
                    }
                    (None, Some(rows)) => row_cells(self.context.chosen, id.as_deref(), &outcome)
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
            } else {
                chunk.outcomes.push(outcome);
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
            return failed(&message);
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

    fn price(&mut self, row: &Row) -> Arc<Outcome> {
        let record = match &row.record {
            Ok(record) => record,
            Err(message) => return Arc::new(failed(message)),
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

/// The main thread's side: writes rows in order, counts them, reports errors, adds up totals.
struct Writer<'s, 'f> {
    sink: &'s mut dyn Sink,
    tally: Tally<'s, 'f>,
    chosen: &'s [(&'static str, Source)],
    id_index: Option<usize>,
}

/// What the main thread counts and adds up, row by row.
struct Tally<'s, 'f> {
    options: &'s BatchOptions,
    report: BatchReport,
    summary: BTreeMap<Group, (u64, Totals)>,
    on_error: &'f mut dyn FnMut(&RowError),
    on_progress: &'f mut dyn FnMut(u64),
}

impl Writer<'_, '_> {
    /// Writes a priced chunk's rows, in order.
    fn write(&mut self, chunk: &mut Chunk) -> io::Result<()> {
        if let Some(e) = chunk.failed.take() {
            return Err(e);
        }
        if chunk.ends.len() == chunk.rows.len() && !chunk.ends.is_empty() {
            // Rows encoded for the sink: their bytes are copied as they are.
            let out = self
                .sink
                .raw_rows()?
                .ok_or_else(|| io::Error::other("the output takes no encoded rows"))?;
            let mut start = 0;
            let mut notes = chunk.notes.iter().peekable();
            for (n, (row, end)) in chunk.rows.iter().zip(&chunk.ends).enumerate() {
                let note = notes.next_if(|(i, _)| *i == n).map(|(_, o)| o.as_ref());
                self.tally.count(row, note);
                out.write_all(chunk.encoded.get(start..*end).unwrap_or_default())?;
                start = *end;
            }
            return Ok(());
        }
        for (row, outcome) in chunk.rows.iter().zip(&chunk.outcomes) {
            self.tally.count(row, Some(outcome));
            if !self.tally.options.summary_only {
                let id = row_id(row, self.id_index);
                let cells: Vec<Cell<'_>> = row_cells(self.chosen, id.as_deref(), outcome).collect();
                self.sink.row(&cells)?;
            }
        }
        Ok(())
    }
}

impl Tally<'_, '_> {
    /// Counts a row, and what its outcome tells (`None`: nothing to count).
    fn count(&mut self, row: &Row, outcome: Option<&Outcome>) {
        self.report.rows += 1;
        if self.report.rows % 65_536 == 0 {
            (self.on_progress)(self.report.rows);
        }
        let Some(outcome) = outcome else {
            return;
        };
        if let Some(message) = &outcome.error {
            self.report.errors += 1;
            (self.on_error)(&RowError {
                line: row.line,
                message: crate::tr!(
                    crate::lang::Lang::messages(),
                    "line {}: {message}",
                    "ligne {} : {message}",
                    row.line
                ),
            });
        }
        if outcome.mismatch {
            self.report.mismatches += 1;
        }
        if let Some((group, totals, posts)) = &outcome.totals {
            if !self.summary.contains_key(group) {
                self.summary
                    .insert(group.clone(), (0, [Some(Decimal::ZERO); 3]));
            }
            if let Some(entry) = self.summary.get_mut(group) {
                entry.0 += u64::from(*posts);
                // A post whose cost is unknown leaves its group's cost unknown.
                for (sum, value) in entry.1.iter_mut().zip(totals) {
                    *sum = sum.zip(*value).map(|(a, b)| a + b);
                }
            }
        }
    }
}

/// A row's id, as text.
fn row_id(row: &Row, id_index: Option<usize>) -> Option<Cow<'_, str>> {
    match (&row.record, id_index) {
        (Ok(record), Some(i)) => record.get(i).map(String::from_utf8_lossy),
        _ => None,
    }
}

/// The outcome of a row that could not be read.
fn failed(message: &str) -> Outcome {
    Outcome {
        cells: Vec::new(),
        encoded: None,
        error: Some(message.to_string()),
        mismatch: false,
        totals: None,
    }
}

/// The cells of an output row: the id, the outcome's cells and its status, in the chosen order.
fn row_cells<'c>(
    chosen: &'c [(&'static str, Source)],
    id: Option<&'c str>,
    outcome: &'c Outcome,
) -> impl Iterator<Item = Cell<'c>> + 'c {
    let mut next = outcome.cells.iter();
    chosen.iter().map(move |(_, source)| match source {
        Source::Id => id.map_or(Cell::Empty, |id| Cell::Text(Cow::Borrowed(id))),
        Source::Status => Cell::Text(Cow::Borrowed(if outcome.error.is_some() {
            "error"
        } else {
            "ok"
        })),
        Source::Error => Cell::Text(Cow::Borrowed(outcome.error.as_deref().unwrap_or(""))),
        Source::Compute(_) | Source::Check(_) | Source::Posts(_) => match next.next() {
            Some(cell) => borrow(cell),
            None => Cell::Empty,
        },
    })
}

fn borrow<'c>(cell: &'c Cell<'static>) -> Cell<'c> {
    match cell {
        Cell::Text(t) => Cell::Text(Cow::Borrowed(t.as_ref())),
        Cell::Encoded(t) => Cell::Encoded(Cow::Borrowed(t.as_ref())),
        other => other.clone(),
    }
}

/// The input columns a row's dates come from: the only ones rows of one [`Template`] differ by.
const DATED: &[&str] = &["start", "months", "end", "left_on"];

/// Reads one cell into `row`; the message of the row's error when it cannot.
fn read_cell(field: &Field, raw: &[u8], row: &mut RowInput) -> Result<(), String> {
    let Ok(text) = std::str::from_utf8(raw) else {
        return Err(crate::tr!(
            crate::lang::Lang::messages(),
            "column `{}`: not UTF-8 text (save the file as CSV UTF-8; a French spreadsheet's plain CSV is Windows-1252)",
            "colonne `{}` : pas du texte UTF-8 (enregistrez le fichier en CSV UTF-8 ; le CSV simple d'un tableur français est en Windows-1252)",
            field.column
        ));
    };
    field.set(row, text).map_err(|e| {
        crate::tr!(
            crate::lang::Lang::messages(),
            "column `{}`: {}",
            "colonne `{}` : {}",
            e.field,
            Naming::Columns.rewrite(&e.message)
        )
    })
}

/// Reads a row's cells into `row`, in order, but the id and the columns `skip`: the first
/// column in error, by index, with the row's error.
fn read_cells(
    context: &RowContext<'_>,
    record: &csv::ByteRecord,
    skip: &[usize],
    row: &mut RowInput,
) -> Result<(), (usize, String)> {
    for (i, (field, raw)) in context.fields.iter().zip(record.iter()).enumerate() {
        if Some(i) == context.id_index || skip.contains(&i) {
            continue;
        }
        read_cell(field, raw, row).map_err(|message| (i, message))?;
    }
    Ok(())
}

/// Fills the cells left empty with the command line's values.
fn read_defaults(
    context: &RowContext<'_>,
    record: &csv::ByteRecord,
    row: &mut RowInput,
) -> Result<(), String> {
    for (field, value) in &context.options.defaults {
        let given =
            context.fields.iter().zip(record.iter()).any(|(f, raw)| {
                f.column == field.column && !raw.iter().all(u8::is_ascii_whitespace)
            });
        if !given {
            field.set(row, value).map_err(|e| {
                crate::tr!(
                    crate::lang::Lang::messages(),
                    "{}: {}",
                    "{} : {}",
                    Naming::Flags.name(e.field),
                    Naming::Flags.rewrite(&e.message)
                )
            })?;
        }
    }
    Ok(())
}

/// The message for a row whose number of fields is not the header's.
fn length_error(context: &RowContext<'_>, record: &csv::ByteRecord) -> Option<String> {
    (record.len() != context.fields.len()).then(|| {
        crate::tr!(
            crate::lang::Lang::messages(),
            "has {} fields, the header has {}",
            "a {} champs, l'en-tête en a {}",
            record.len(),
            context.fields.len()
        )
    })
}

/// Reads and prices one row. The cells are those of the `Compute` and `Check` columns, in order.
fn evaluate(context: &RowContext<'_>, record: &csv::ByteRecord) -> Outcome {
    if let Some(message) = length_error(context, record) {
        return failed(&message);
    }
    let mut row = RowInput::default();
    if let Err((_, message)) = read_cells(context, record, &[], &mut row) {
        return failed(&message);
    }
    if let Err(message) = read_defaults(context, record, &mut row) {
        return failed(&message);
    }
    priced(context, &row, None)
}

/// What the rows that differ only by their dates share: their other cells read once, and
/// their monthly figures priced once per rule set and versions of the data.
struct Template<'a> {
    /// The row read, but for its dates (set row by row).
    row: RowInput,
    /// The first cell in error, by column index, with the row's error.
    error: Option<(usize, String)>,
    /// The error of a command-line value filling an empty cell.
    default_error: Option<String>,
    prices: PriceMemo<'a>,
}

impl<'a> Template<'a> {
    fn new(context: &RowContext<'a>, record: &csv::ByteRecord) -> Self {
        let mut row = RowInput::default();
        let error = read_cells(context, record, &context.dated, &mut row).err();
        let default_error = match error {
            Some(_) => None,
            None => read_defaults(context, record, &mut row).err(),
        };
        Template {
            row,
            error,
            default_error,
            prices: PriceMemo::default(),
        }
    }

    /// Prices a row of this template: its dates read, then as [`evaluate`] would.
    fn evaluate(&mut self, context: &RowContext<'a>, record: &csv::ByteRecord) -> Outcome {
        let post = &mut self.row.post;
        (post.start, post.months, post.end, post.left_on) = (None, None, None, None);
        for &i in &context.dated {
            // The cells are read in order: an earlier cell's error is the row's.
            if let Some((_, message)) = self.error.as_ref().filter(|(first, _)| *first < i) {
                return failed(message);
            }
            let (Some(field), Some(raw)) = (context.fields.get(i), record.get(i)) else {
                continue;
            };
            if let Err(message) = read_cell(field, raw, &mut self.row) {
                return failed(&message);
            }
        }
        if let Some(message) = self
            .error
            .as_ref()
            .map(|(_, m)| m)
            .or(self.default_error.as_ref())
        {
            return failed(message);
        }
        priced(context, &self.row, Some(&mut self.prices))
    }
}

/// Prices a row read, into its outcome.
fn priced<'a>(
    context: &RowContext<'a>,
    row: &RowInput,
    memo: Option<&mut PriceMemo<'a>>,
) -> Outcome {
    let RowContext {
        rates,
        options,
        today,
        chosen,
        needs_words,
        needs_actual,
        prepare,
        ..
    } = *context;
    let wants_summary = options.summary || options.summary_only;
    let fail = |message: String| failed(&message);
    // The words count the months; without them the months need not be laid out, and
    // without a column that shows it the actual cost need not be priced.
    let detail = match (needs_words, needs_actual) {
        (true, _) => Detail::Schedule,
        (false, true) => Detail::Totals,
        (false, false) => Detail::Credit,
    };
    let posts = row.posts.unwrap_or(1);
    let computed = match memo {
        Some(memo) => compute_remembering(rates, &row.post, today, detail, memo),
        None => compute_with(rates, &row.post, today, detail),
    };
    let computed = match computed {
        Ok(c) => c,
        Err(e) => return fail(compute_error(&e)),
    };
    if options.strict {
        let lang = options.lang;
        let not_met: Vec<String> =
            crate::eligibility::check_conditions(rates, &computed.plan, lang)
                .into_iter()
                .filter(|c| c.status == crate::eligibility::Status::NotMet)
                .map(|c| format!("{} ({})", c.condition.text.get(lang), c.detail))
                .collect();
        if !not_met.is_empty() {
            return fail(crate::tr!(
                lang,
                "a condition of eligibility is not met: {}",
                "une condition d'éligibilité n'est pas remplie : {}",
                not_met.join(lang.pick("; ", " ; "))
            ));
        }
    }
    let checked = match row.notified {
        Some(notified) => match check_computed(
            rates,
            &row.post,
            today,
            computed,
            notified,
            row.per,
            Decimal::ZERO,
            false,
        ) {
            Ok(result) => Checked::Yes(Box::new(result)),
            Err(e) => return fail(compute_error(&e)),
        },
        None => Checked::No(Box::new(computed)),
    };
    let (computed, result) = match &checked {
        Checked::Yes(r) => (&r.computed, Some(r.as_ref())),
        Checked::No(c) => (c.as_ref(), None),
    };
    let words = needs_words.then(|| explain(rates, computed, options.lang));
    let cells: Vec<Cell<'static>> = chosen
        .iter()
        .filter_map(|(_, s)| match s {
            Source::Compute(k) => Some(prepare.apply(owned(
                compute_cell(computed, words.as_ref(), k).unwrap_or(Cell::Empty),
            ))),
            Source::Check(k) => Some(
                prepare.apply(owned(
                    result
                        .and_then(|r| check_cell(r, k, options.lang))
                        .unwrap_or(Cell::Empty),
                )),
            ),
            Source::Posts("posts") => Some(prepare.apply(Cell::Int(i64::from(posts)))),
            Source::Posts(_) => {
                Some(prepare.apply(Cell::Amount(computed.ars_total * Decimal::from(posts))))
            }
            _ => None,
        })
        .collect();
    Outcome {
        cells,
        encoded: None,
        error: None,
        mismatch: result.is_some_and(|r| !r.matches),
        totals: wants_summary.then(|| {
            (
                (
                    computed.plan.region.id.clone(),
                    computed.plan.post_type.id().to_string(),
                ),
                [
                    Some(computed.ars_total * Decimal::from(posts)),
                    computed
                        .establishment_total
                        .map(|t| t * Decimal::from(posts)),
                    computed.full_cost_total.map(|t| t * Decimal::from(posts)),
                ],
                posts,
            )
        }),
    }
}

/// A row's computation, checked against its notified credit or not.
enum Checked<'a> {
    Yes(Box<crate::check::CheckResult<'a>>),
    No(Box<crate::compute::Computation<'a>>),
}

/// A computation error as a batch row reports it.
fn compute_error(e: &ComputeError) -> String {
    crate::tr!(
        crate::lang::Lang::messages(),
        "column `{}`: {}",
        "colonne `{}` : {}",
        e.field(),
        Naming::Columns.rewrite(&e.message())
    )
}

/// The totals per region and post type.
fn write_summary(
    sink: &mut dyn Sink,
    summary: &BTreeMap<Group, (u64, Totals)>,
    lang: crate::lang::Lang,
) -> io::Result<()> {
    sink.text(&crate::tr!(
        lang,
        "Totals per region and post type (rows computed without error):\n",
        "Totaux par région et type de poste (lignes calculées sans erreur) :\n"
    ))?;
    sink.header(&[
        Column::new("region", "Region", "Région"),
        Column::new("post_type", "Post type", "Type de poste"),
        Column::new("posts", "Posts", "Postes"),
        Column::new("ars_total", "ARS credit", "Crédit ARS"),
        Column::new("establishment_total", "Establishment", "Établissement"),
        Column::new("full_cost_total", "Full cost", "Coût complet"),
    ])?;
    let mut all = (0u64, [Some(Decimal::ZERO); 3]);
    for ((region, post_type), (count, totals)) in summary {
        all.0 += count;
        for (sum, value) in all.1.iter_mut().zip(totals) {
            *sum = sum.zip(*value).map(|(a, b)| a + b);
        }
        sink.row(&[
            Cell::text(region.as_str()),
            Cell::text(post_type.as_str()),
            Cell::Int(i64::try_from(*count).unwrap_or(i64::MAX)),
            Cell::amount_or_empty(totals[0]),
            Cell::amount_or_empty(totals[1]),
            Cell::amount_or_empty(totals[2]),
        ])?;
    }
    sink.row(&[
        Cell::text("all"),
        Cell::text("all"),
        Cell::Int(i64::try_from(all.0).unwrap_or(i64::MAX)),
        Cell::amount_or_empty(all.1[0]),
        Cell::amount_or_empty(all.1[1]),
        Cell::amount_or_empty(all.1[2]),
    ])
}

#[cfg(test)]
mod tests {
    use super::{newlines, row_key};

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

    #[test]
    fn line_feeds_are_counted_whatever_the_length() {
        for length in [0, 1, 191, 192, 193, 255, 256, 1000, 70_000] {
            let bytes: Vec<u8> = (0..length)
                .map(|i: usize| {
                    if i % 3 == 0 || i % 7 == 0 {
                        b'\n'
                    } else {
                        b'a'
                    }
                })
                .collect();
            let expected = bytes.iter().filter(|b| **b == b'\n').count();
            assert_eq!(newlines(&bytes), expected, "{length}");
            assert_eq!(newlines(&vec![b'\n'; length]), length);
        }
    }
}
