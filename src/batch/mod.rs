//! `batch`: one computation per CSV row, one output row per input row, in order.
//!
//! Rows stream through: a row is read, priced, written, and forgotten, so memory stays
//! flat whatever the size of the input. Real files repeat the same few posts thousands
//! of times, so a row's outcome is remembered by its cells (all but `id`): an identical
//! row is never priced twice. The memory is bounded, in rows and in bytes: when it is full it
//! starts afresh.
//!
//! Rows that differ only by their dates (`start`, `months`, `end`, `left_on`) share a
//! template: their other cells are read once. Every row's monthly figures come from a memory
//! keyed by what pricing reads but the share, and by the versions of the data in force
//! ([`crate::compute::PriceMemo`]): rows of a scenario sweep that differ by their share, or by
//! an input the figures do not read, are priced once, the share applied row by row; only the
//! contract is laid out row by row. The post's actual cost is priced only when a chosen
//! column or the summary shows it, and the words only when a column shows them.
//!
//! The input is CSV in UTF-8, Windows-1252 or UTF-16, with `,`, `;` or tabs ([`sniff`], read
//! as it streams by [`lines`], line by line: every line end, every line counted, a row's bytes
//! bounded), or a workbook ([`workbook`]). Columns that name no input are copied to the output,
//! in their place; a row in error echoes the cells it was given.
//!
//! The main thread reads chunks of rows ([`reader`]) and writes them in order ([`writer`]);
//! threads price them ([`pricer`]). For CSV they also encode whole rows ([`encode`]: a
//! remembered outcome is encoded once, but for its id and copied cells), so that the main
//! thread only copies bytes.

mod chunk;
mod context;
mod decode;
mod encode;
mod lines;
mod pricer;
mod reader;
mod record;
mod row;
mod sniff;
mod threads;
mod workbook;
mod writer;

use crate::column::Column;
use crate::lang::Lang;
use crate::output::{Cell, Prepare, Sink};
use crate::plan::Override;
use crate::post::{Field, RowInput};
use crate::rates::Rates;
use crate::tr;
use chrono::NaiveDate;
use context::RowContext;
use reader::{Col, Header};
use rust_decimal::Decimal;
use std::io::{self, Read};
use std::sync::atomic::{AtomicU64, Ordering};

pub use lines::MAX_RECORD_BYTES;
pub use reader::Reading;
pub use sniff::{Encoding, Looks, DELIMITERS};
pub use workbook::MAX_WORKBOOK_BYTES;

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
    /// The input is no CSV file, nor a workbook.
    #[error("{}", self.render(Lang::En))]
    NotCsv {
        /// The file.
        origin: String,
        /// What it looks like.
        looks: Looks,
    },
    /// The input is a workbook that cannot be read.
    #[error("{}", self.render(Lang::En))]
    Workbook {
        /// The file.
        origin: String,
        /// What is wrong.
        message: crate::lang::Text,
    },
    /// A header names a column that is not an input (`--strict-columns`).
    #[error("{}", self.render(Lang::En))]
    UnknownColumn {
        /// The file.
        origin: String,
        /// The column.
        column: String,
        /// The input it may be a typing slip of.
        near: Option<&'static str>,
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
        column: String,
        /// The columns available.
        known: Vec<String>,
    },
    /// The totals of `--summary` past what a decimal holds.
    #[error("{}", self.render(Lang::En))]
    Overflow {
        /// The line of the row whose totals could not be added.
        line: u64,
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
            BatchError::NotCsv { origin, looks } => tr!(
                lang,
                "{origin}: this file looks like {}, not a CSV file: save it as CSV UTF-8, or give the .xlsx workbook",
                "{origin} : ce fichier ressemble à {}, pas à un fichier CSV : enregistrez-le en CSV UTF-8 ou donnez le classeur .xlsx",
                looks.text().get(lang)
            ),
            BatchError::Workbook { origin, message } => tr!(
                lang,
                "{origin}: {}",
                "{origin} : {}",
                message.get(lang)
            ),
            BatchError::UnknownColumn {
                origin,
                column,
                near,
            } => {
                let known: Vec<&str> = Field::all().map(Field::key).collect();
                let known = known.join(", ");
                tr!(
                    lang,
                    "{origin}: line 1: unknown column '{column}' (--strict-columns).{} The columns are: {known} (or their French names)",
                    "{origin} : ligne 1 : colonne inconnue « {column} » (--strict-columns).{} Les colonnes sont : {known} (ou leurs noms français)",
                    crate::model::suggestion(*near, lang)
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
                let known = known.join(", ");
                tr!(
                    lang,
                    "--columns: unknown output column '{column}'. The columns are: {known}",
                    "--columns : colonne de sortie inconnue « {column} ». Les colonnes sont : {known}"
                )
            }
            BatchError::Overflow { line } => tr!(
                lang,
                "line {line}: the totals of the summary exceed what a decimal holds",
                "ligne {line} : les totaux du résumé dépassent ce qu'un décimal peut contenir"
            ),
            BatchError::Io(e) => crate::lang::io_message(e, lang),
        }
    }
}

/// How a batch is run.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// Values for every row whose cell is empty or absent (the command-line flags).
    pub defaults: RowInput,
    /// The output columns, in order, by key (or an input column's header, copied); `None` for
    /// all.
    pub columns: Option<Vec<String>>,
    /// Today, for default start dates.
    pub today: NaiveDate,
    /// Also write totals per region and post type after the rows.
    pub summary: bool,
    /// Write only the totals.
    pub summary_only: bool,
    /// One output row per input row and calendar year of its contract (and totals per year).
    pub by_year: bool,
    /// Threads pricing rows (0: one per core, up to 8). The output is the same whatever the number.
    pub threads: usize,
    /// A row that does not meet a condition of eligibility its cells show is an error.
    pub strict: bool,
    /// The language of the words (`how`, assumptions, warnings, errors of rows).
    pub lang: Lang,
    /// Written for people (a table): without `columns`, the main columns only.
    pub for_people: bool,
    /// How the input is read, beyond what it shows itself.
    pub reading: Reading,
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
            by_year: false,
            threads: 0,
            strict: false,
            lang: Lang::En,
            for_people: false,
            reading: Reading::default(),
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
    /// What to say once about how the input was read (its encoding, its columns), in the
    /// batch's language.
    pub notes: Vec<String>,
}

/// A summary group: region, post type (its id first, for the order), the post type.
type Group = (String, &'static str, crate::model::PostType);
/// A group's or a row's credit, establishment part and full cost (`None`: a cost unknown).
type Totals = [Option<Decimal>; 3];
/// A row's totals for the summary: for the whole contract (`None`), and with `--by-year` for
/// each calendar year.
type RowTotals = Vec<(Option<i32>, Totals)>;

/// The outcome of a row, without its id: the cells of the output columns, or the error.
struct Outcome {
    cells: Vec<Cell<'static>>,
    /// When the sink takes encoded rows: the row encoded (then `cells` is empty).
    encoded: Option<encode::EncodedRow>,
    error: Option<String>,
    mismatch: bool,
    /// For the summary: the group, its totals and the posts the row stands for.
    totals: Option<(Group, RowTotals, u32)>,
    /// The output rows it writes: one, or with `--by-year` one per calendar year (its `cells`
    /// are then each year's in turn).
    lines: usize,
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
            lines: 1,
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

/// An output column of a batch: one the tool writes, or an input column copied as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Slot {
    /// A column of the tool's.
    Tool(Column),
    /// The input column at this index, copied.
    Copy(usize),
}

impl Slot {
    /// The tool's column, if it is one.
    fn column(self) -> Option<Column> {
        match self {
            Slot::Tool(column) => Some(column),
            Slot::Copy(_) => None,
        }
    }
}

/// What fills an output column of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Out {
    /// The row's id.
    Id,
    /// An input cell, copied.
    Copy(usize),
    /// The computation.
    Compute,
    /// The check against the notified credit.
    Check,
    /// A calendar year's figures (`--by-year`).
    Year,
    /// `posts` and `total`: a row standing for several identical posts.
    Posts,
    /// `ok` or `error`.
    Status,
    /// The error.
    Error,
}

impl Out {
    /// What fills a column: with `--by-year`, the year's figures fill theirs.
    fn of(slot: Slot, by_year: bool) -> Out {
        let column = match slot {
            Slot::Copy(i) => return Out::Copy(i),
            Slot::Tool(column) => column,
        };
        let year_figure = matches!(
            column,
            Column::Year
                | Column::Ars
                | Column::Establishment
                | Column::FullCost
                | Column::ArsPosts
                | Column::EstablishmentPosts
                | Column::FullCostPosts
        );
        match column {
            _ if by_year && year_figure => Out::Year,
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
    /// One row per calendar year (`--by-year`).
    by_year: bool,
}

/// The output columns available for an input with these columns (and defaults).
fn available(has: Has) -> Vec<Column> {
    let mut out = Vec::new();
    if has.id {
        out.push(Column::Id);
    }
    if has.by_year {
        // A row's years: the post, then each year's figures (a notified credit is still
        // checked, its words on standard error; `check --per year` checks a year's tranche).
        out.extend(Column::BATCH_BY_YEAR);
        if has.posts {
            out.extend(Column::BATCH_BY_YEAR_POSTS);
        }
        if has.overrides {
            out.push(Column::Overrides);
        }
        out.extend([Column::Status, Column::Error]);
        return out;
    }
    // The notes' ids, then the words themselves, which only `--columns` names (a batch's
    // rows would repeat the same paragraphs on every row).
    for column in Column::COMPUTATION {
        if *column == Column::Assumptions {
            out.push(Column::Notes);
        }
        out.push(*column);
    }
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

/// The input columns copied to the output, and those not copied because they are columns the
/// output writes itself (its own output read back): every column but an input the output has a
/// column for (`region`, `start`…) and one left out with `--strict-columns`.
fn copied(header: &Header, available: &[Column]) -> (Vec<usize>, Vec<usize>) {
    // The tool's own output read back: its columns by their keys, or, in a file the tool
    // headed in words (it holds several headings of the tool's own columns), by their headings
    // as written. A column of the user's that happens to share a heading (`établissement`, or
    // `Établissement` in a file of their own) is theirs.
    let in_words = header
        .texts
        .iter()
        .filter(|text| {
            Column::all()
                .any(|c| Field::from_key(c.key()).is_none() && c.labels().contains(&text.trim()))
        })
        .count()
        >= TOOL_HEADINGS;
    let written = |name: &str| {
        let name = name.trim();
        Column::from_key(name).is_some_and(|c| available.contains(&c))
            || in_words
                && Column::all().any(|c| c.labels().contains(&name) && available.contains(&c))
    };
    let (mut copied, mut own) = (Vec::new(), Vec::new());
    for (i, column) in header.columns.iter().enumerate() {
        let text = header.texts.get(i).map_or("", String::as_str);
        match column {
            Col::Field(field) if written(field.key()) => {}
            Col::Other if written(text) => own.push(i),
            Col::Field(_) | Col::Other => copied.push(i),
            Col::Ignored => {}
        }
    }
    (copied, own)
}

/// How many headings of the tool's own columns (not inputs: `Crédit ARS`, `Règles`, `Statut`)
/// tell a file the tool headed in words: one or two may be a user's own (a hospital's
/// `Établissement`, a `Crédit ARS` notified), a tool's output holds dozens.
const TOOL_HEADINGS: usize = 3;

/// The output columns: those chosen, or all those available (the main ones for people) with
/// the copied input columns each after the output column of the input column before it.
fn chosen_columns(
    options: &BatchOptions,
    header: &Header,
    available: &[Column],
    copied: &[usize],
) -> Result<Vec<Slot>, BatchError> {
    if let Some(keys) = &options.columns {
        return keys
            .iter()
            .map(|key| named(key, header, available, copied))
            .collect();
    }
    let mut slots: Vec<Slot> = available
        .iter()
        // For people, the main columns (a row's years are few enough to show all).
        .filter(|c| !options.for_people || options.by_year || Column::FOR_PEOPLE.contains(c))
        // The notes by their ids: their words are written once beside the rows.
        .filter(|c| !Column::FULL_TEXT.contains(c))
        .map(|c| Slot::Tool(*c))
        .collect();
    let mut front = 0;
    for &i in copied {
        // A table for people, and a row's years (a budget), show the user's own columns, not
        // the inputs echoed (`--columns` names them).
        if (options.for_people || options.by_year) && header.field(i).is_some() {
            continue;
        }
        // After the output column of the input column before it; a row's years keep the
        // user's columns together at the front, beside the id.
        let anchor = if options.by_year {
            slots.iter().position(|s| *s == Slot::Tool(Column::Id))
        } else {
            (0..i).rev().find_map(|j| {
                let column = Column::from_key(header.field(j)?.key())?;
                slots.iter().position(|s| *s == Slot::Tool(column))
            })
        };
        let at = match anchor {
            Some(at) => {
                let after = slots
                    .iter()
                    .skip(at + 1)
                    .take_while(|s| matches!(s, Slot::Copy(_)));
                at + 1 + after.count()
            }
            None => {
                front += 1;
                front - 1
            }
        };
        slots.insert(at, Slot::Copy(i));
    }
    Ok(slots)
}

/// The output column `--columns` names by `key`: one of the tool's, or a copied input column
/// by its header (as written, or in any case and accents), or an input echoed by either name.
fn named(
    key: &str,
    header: &Header,
    available: &[Column],
    copied: &[usize],
) -> Result<Slot, BatchError> {
    let text = |i: usize| header.texts.get(i).map_or("", String::as_str);
    // A column the tool writes, by its key, or by the French name of the input it echoes
    // (`début` for `start`).
    let tool = Column::from_key(key).or_else(|| {
        Field::from_header(key)
            .and_then(|field| Column::from_key(field.key()))
            .filter(|_| copied.iter().all(|i| text(*i) != key))
    });
    if let Some(column) = tool.filter(|c| available.contains(c)) {
        return Ok(Slot::Tool(column));
    }
    let folded = crate::model::fold_name(key);
    copied
        .iter()
        .find(|i| text(**i) == key)
        .or_else(|| {
            copied
                .iter()
                .find(|i| crate::model::fold_name(text(**i)) == folded)
        })
        // An input echoed, by its key or either of its names (`pet_amount` for `montant_pet`).
        .or_else(|| {
            let field = Field::from_header(key)?;
            copied.iter().find(|i| header.field(**i) == Some(field))
        })
        .map(|i| Slot::Copy(*i))
        .ok_or_else(|| BatchError::UnknownOutputColumn {
            column: key.to_string(),
            known: available
                .iter()
                .map(|c| c.key().to_string())
                .chain(copied.iter().map(|i| text(*i).to_string()))
                .collect(),
        })
}

/// The headings of the output columns: the tool's, and the copied ones as the input writes them.
fn slot_headers<'h>(slots: &[Slot], header: &'h Header) -> Vec<crate::output::Header<'h>> {
    slots
        .iter()
        .map(|slot| match slot {
            Slot::Tool(column) => crate::output::Header::from(*column),
            Slot::Copy(i) => {
                let name = header.texts.get(*i).map_or("", String::as_str);
                crate::output::Header::copied(name)
            }
        })
        .collect()
}

/// What is said once about the columns: those read back from the tool's own output, written
/// afresh rather than copied.
fn own_columns_note(header: &Header, own: &[usize], lang: Lang) -> Option<String> {
    let names: Vec<&str> = own
        .iter()
        .filter_map(|i| header.texts.get(*i).map(String::as_str))
        .collect();
    let (first, more) = (
        names.iter().take(6).copied().collect::<Vec<_>>(),
        names.len().saturating_sub(6),
    );
    let list = match more {
        0 => first.join(", "),
        n => tr!(
            lang,
            "{} and {n} more",
            "{} et {n} autres",
            first.join(", ")
        ),
    };
    (!names.is_empty()).then(|| {
        tr!(
            lang,
            "columns {list} are columns this command writes: written afresh from the computation, not copied",
            "les colonnes {list} sont des colonnes que cette commande écrit : écrites à nouveau d'après le calcul, pas recopiées"
        )
    })
}

/// Runs a batch: reads the rows of `input` (CSV, or a workbook), writes one output row per input
/// row to `sink`, and reports each row in error to `on_error` as it goes.
pub fn run<'i>(
    rates: &Rates,
    input: impl Read + 'i,
    origin: &str,
    options: &BatchOptions,
    sink: &mut dyn Sink,
    on_error: &mut dyn FnMut(&RowError),
    on_progress: &mut dyn FnMut(u64),
) -> Result<BatchReport, BatchError> {
    let (mut source, header) = reader::open(input, origin, options)?;
    let given = |field: Field| header.has(field) || field.given(&options.defaults);
    let available = available(Has {
        id: header.has(Field::Id),
        notified: given(Field::Notified),
        year: given(Field::Year),
        posts: header.has(Field::Posts),
        overrides: options.defaults.post.shared.may_override,
        by_year: options.by_year,
    });
    let (copied, own) = copied(&header, &available);
    let chosen = chosen_columns(options, &header, &available, &copied)?;
    // Rows that name notes by id (`A3|W1`, `S2`) have each text once beside them: JSON's
    // `notes` object, before its `rows`; a workbook's Sources sheet.
    let by_id = chosen.iter().any(|s| {
        matches!(
            s.column(),
            Some(Column::Notes | Column::Sources | Column::Conditions)
        )
    });
    let catalogue = (by_id && !options.summary_only)
        .then(|| crate::explain::notes::catalogue(rates, options.lang));
    if let Some(entries) = &catalogue {
        let notes = crate::explain::notes::catalogue_json(entries);
        sink.field("notes", &crate::output::Cell::Json(notes))?;
    }
    // A row's years are a sheet of their own in a workbook (*By year*), and, beside the
    // summary, `by_year` in JSON.
    if options.by_year && !options.summary_only {
        sink.section("by_year")?;
    } else if (options.summary || catalogue.is_some()) && !options.summary_only {
        sink.section("rows")?;
    }
    if !options.summary_only {
        sink.header(&slot_headers(&chosen, &header))?;
    }
    let prepare = sink.preparer();
    // A CSV sink takes whole rows encoded by the threads that price them: the main thread
    // then only copies bytes.
    let encode = match prepare {
        Prepare::Csv(style) if !options.summary_only && sink.raw_rows()?.is_some() => Some(style),
        _ => None,
    };
    let context = RowContext::new(rates, &header, options, &chosen, prepare, encode);
    let id = header.index(Field::Id);
    let mut writer = writer::Writer::new(sink, options, &chosen, id, on_error, on_progress);
    threads::price_all(&context, options.threads, &mut source, &mut writer)?;
    let mut report = std::mem::take(&mut writer.tally.report);
    report.priced = context.priced.load(Ordering::Relaxed);
    report.held_back = context.held_back.into_inner().unwrap_or_default();
    report.notes = header
        .notes
        .iter()
        .map(|n| n.get(options.lang).to_string())
        .collect();
    report
        .notes
        .extend(own_columns_note(&header, &own, options.lang));
    if let Some(catalogue) = catalogue {
        writer.sink.notes(&crate::output::Notes {
            catalogue,
            ..Default::default()
        })?;
    }
    if options.summary || options.summary_only {
        if !options.summary_only {
            writer.sink.section("summary")?;
        }
        writer::write_summary(writer.sink, rates, &writer.tally.summary, options)?;
    }
    Ok(report)
}

/// Rows priced, by every thread (the others were remembered).
type Priced = AtomicU64;
