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
//! The main thread reads chunks of rows ([`reader`]) and writes them in order ([`writer`]);
//! threads price them ([`pricer`]). For CSV they also encode whole rows ([`encode`]: a
//! remembered outcome is encoded once, but for its id), so that the main thread only copies
//! bytes.

mod chunk;
mod context;
mod encode;
mod pricer;
mod reader;
mod row;
mod threads;
mod writer;

use crate::column::Column;
use crate::lang::Lang;
use crate::output::{headers, Cell, Prepare, Sink};
use crate::plan::Override;
use crate::post::{Field, RowInput};
use crate::rates::Rates;
use crate::tr;
use chrono::NaiveDate;
use context::RowContext;
use rust_decimal::Decimal;
use std::io::{self, Read};
use std::sync::atomic::{AtomicU64, Ordering};

pub use reader::MAX_LINE_BYTES;

/// What the file itself gets wrong: it cannot be read as a batch at all (exit status 2).
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// The header cannot be read.
    #[error("{}", self.render(Lang::En))]
    Header {
        /// The file.
        origin: String,
        /// What is wrong.
        message: crate::lang::Text,
    },
    /// A header names a column that is not an input.
    #[error("{}", self.render(Lang::En))]
    UnknownColumn {
        /// The file.
        origin: String,
        /// The column.
        column: String,
    },
    /// Two header cells name the same input.
    #[error("{}", self.render(Lang::En))]
    DuplicateColumn {
        /// The file.
        origin: String,
        /// The first.
        first: String,
        /// The second.
        second: String,
    },
    /// `--columns` names a column the output does not have.
    #[error("{}", self.render(Lang::En))]
    UnknownOutputColumn {
        /// The column.
        column: Column,
        /// The columns available.
        known: Vec<Column>,
    },
    /// Reading the input or writing the output failed.
    #[error(transparent)]
    Io(#[from] io::Error),
}

impl BatchError {
    /// The message in `lang` (an I/O error as the system gives it).
    pub fn render(&self, lang: Lang) -> String {
        match self {
            BatchError::Header { origin, message } => tr!(
                lang,
                "{origin}: cannot read the header: {}",
                "{origin} : impossible de lire l'en-tête : {}",
                message.get(lang)
            ),
            BatchError::UnknownColumn { origin, column } => {
                let known: Vec<&str> = Field::all().map(Field::key).collect();
                let known = known.join(", ");
                tr!(
                    lang,
                    "{origin}: line 1: unknown column '{column}'. The columns are: {known} (or their French names)",
                    "{origin} : ligne 1 : colonne inconnue « {column} ». Les colonnes sont : {known} (ou leurs noms français)"
                )
            }
            BatchError::DuplicateColumn {
                origin,
                first,
                second,
            } => tr!(
                lang,
                "{origin}: line 1: columns '{first}' and '{second}' are the same input",
                "{origin} : ligne 1 : les colonnes « {first} » et « {second} » sont la même donnée"
            ),
            BatchError::UnknownOutputColumn { column, known } => {
                let known: Vec<&str> = known.iter().map(|c| c.key()).collect();
                let known = known.join(", ");
                tr!(
                    lang,
                    "columns: unknown output column '{column}'. The columns are: {known}",
                    "columns : colonne de sortie inconnue « {column} ». Les colonnes sont : {known}"
                )
            }
            BatchError::Io(e) => crate::lang::io_message(e, lang),
        }
    }
}

/// How a batch is run.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// Values for every row whose cell is empty or absent (the command-line flags).
    pub defaults: RowInput,
    /// The output columns, in order; `None` for all.
    pub columns: Option<Vec<Column>>,
    /// Today, for default start dates.
    pub today: NaiveDate,
    /// Also write totals per region and post type after the rows.
    pub summary: bool,
    /// Write only the totals.
    pub summary_only: bool,
    /// Threads pricing rows (0: one per core, up to 8). The output is the same whatever the number.
    pub threads: usize,
    /// A row that does not meet a condition of eligibility its cells show is an error.
    pub strict: bool,
    /// The language of the words (`how`, assumptions, warnings, errors of rows).
    pub lang: Lang,
    /// Written for people (a table): without `columns`, the main columns only.
    pub for_people: bool,
}

impl BatchOptions {
    /// The options of a batch run on `today` with every default: all columns, no summary,
    /// threads by the cores, in English.
    pub fn new(today: NaiveDate) -> Self {
        BatchOptions {
            defaults: RowInput::default(),
            columns: None,
            today,
            summary: false,
            summary_only: false,
            threads: 0,
            strict: false,
            lang: Lang::En,
            for_people: false,
        }
    }
}

/// What happened to a row in error, for the report on stderr.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// The line of the input (the header is line 1).
    pub line: u64,
    /// The message, naming the column at fault, in the batch's language.
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
    /// The terms of a rule set that a value given for every row (a flag) would have changed,
    /// and did not (no `--override`): by rule set id, each once.
    pub held_back: Vec<(String, Override)>,
}

/// A summary group: region, post type (its id first, for the order), the post type.
type Group = (String, &'static str, crate::model::PostType);
/// A group's or a row's credit, establishment part and full cost (`None`: a cost unknown).
type Totals = [Option<Decimal>; 3];

/// The outcome of a row, without its id: the cells of the output columns, or the error.
struct Outcome {
    cells: Vec<Cell<'static>>,
    /// When the sink takes encoded rows: the row encoded (then `cells` is empty).
    encoded: Option<encode::EncodedRow>,
    error: Option<String>,
    mismatch: bool,
    /// For the summary: the group, its three totals and the posts the row stands for.
    totals: Option<(Group, Totals, u32)>,
}

impl Outcome {
    /// The outcome of a row in error.
    fn failed(message: &str) -> Outcome {
        Outcome {
            cells: Vec::new(),
            encoded: None,
            error: Some(message.to_string()),
            mismatch: false,
            totals: None,
        }
    }

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
            + self.encoded.as_ref().map_or(0, encode::EncodedRow::len)
            + self.error.as_ref().map_or(0, String::len)
    }
}

/// What fills an output column of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Out {
    /// The row's id.
    Id,
    /// The computation.
    Compute,
    /// The check against the notified credit.
    Check,
    /// `posts` and `total`: a row standing for several identical posts.
    Posts,
    /// `ok` or `error`.
    Status,
    /// The error.
    Error,
}

impl Out {
    fn of(column: Column) -> Out {
        match column {
            Column::Id => Out::Id,
            Column::Posts | Column::Total => Out::Posts,
            Column::Status => Out::Status,
            Column::Error => Out::Error,
            Column::Year => Out::Check,
            c if Column::BATCH_CHECK.contains(&c) => Out::Check,
            _ => Out::Compute,
        }
    }
}

/// What an input's columns (and defaults) give.
#[derive(Debug, Clone, Copy, Default)]
struct Has {
    id: bool,
    notified: bool,
    year: bool,
    posts: bool,
    /// The command line's values may override a rule set (`--override`): an `overrides` column.
    overrides: bool,
}

/// The output columns available for an input with these columns (and defaults).
fn available(has: Has) -> Vec<Column> {
    let mut out = Vec::new();
    if has.id {
        out.push(Column::Id);
    }
    out.extend(Column::COMPUTATION);
    if has.posts {
        out.extend(Column::POSTS);
    }
    if has.notified {
        for column in Column::BATCH_CHECK {
            out.push(*column);
            if *column == Column::Per && has.year {
                out.push(Column::Year);
            }
        }
    }
    if has.overrides {
        out.push(Column::Overrides);
    }
    out.extend([Column::Status, Column::Error]);
    out
}

/// The output columns: those chosen, or all those available (the main ones for people).
fn chosen_columns(options: &BatchOptions, available: &[Column]) -> Result<Vec<Column>, BatchError> {
    match &options.columns {
        None if options.for_people => Ok(available
            .iter()
            .filter(|c| Column::FOR_PEOPLE.contains(c))
            .copied()
            .collect()),
        None => Ok(available.to_vec()),
        Some(columns) => columns
            .iter()
            .map(|column| {
                available
                    .contains(column)
                    .then_some(*column)
                    .ok_or_else(|| BatchError::UnknownOutputColumn {
                        column: *column,
                        known: available.to_vec(),
                    })
            })
            .collect(),
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
    let (mut reader, header) = reader::open(input, origin, &options.defaults)?;
    let given = |field: Field| header.has(field) || field.given(&options.defaults);
    let available = available(Has {
        id: header.has(Field::Id),
        notified: given(Field::Notified),
        year: given(Field::Year),
        posts: header.has(Field::Posts),
        overrides: options.defaults.post.shared.may_override,
    });
    let chosen = chosen_columns(options, &available)?;
    if options.summary && !options.summary_only {
        sink.section("rows")?;
    }
    if !options.summary_only {
        sink.header(&headers(&chosen))?;
    }
    let prepare = sink.preparer();
    // A CSV sink takes whole rows encoded by the threads that price them: the main thread
    // then only copies bytes.
    let encode = match prepare {
        Prepare::Csv(style) if !options.summary_only && sink.raw_rows()?.is_some() => Some(style),
        _ => None,
    };
    let context = RowContext::new(rates, &header, options, &chosen, prepare, encode);
    let mut writer = writer::Writer::new(sink, options, &chosen, &header, on_error, on_progress);
    threads::price_all(&context, options.threads, &mut reader, &mut writer)?;
    writer.tally.report.priced = context.priced.load(Ordering::Relaxed);
    writer.tally.report.held_back = context.held_back.into_inner().unwrap_or_default();
    if options.summary || options.summary_only {
        if !options.summary_only {
            writer.sink.section("summary")?;
        }
        writer::write_summary(writer.sink, rates, &writer.tally.summary, options.lang)?;
    }
    Ok(writer.tally.report)
}

/// Rows priced, by every thread (the others were remembered).
type Priced = AtomicU64;
