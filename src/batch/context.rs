//! What every row of a batch is priced with: the data, the file's header, the options, the
//! columns chosen and what they need priced.

use super::chunk::{CHUNK, CHUNK_WITH_WORDS};
use super::reader::Header;
use super::{BatchOptions, Out, Priced, Slot};
use crate::output::{CsvStyle, Prepare};
use crate::plan::Override;
use crate::post::Field;
use crate::rates::Rates;
use std::sync::Mutex;

/// What every row is priced with.
pub(super) struct RowContext<'a> {
    pub rates: &'a Rates,
    pub header: &'a Header,
    pub id_index: Option<usize>,
    pub options: &'a BatchOptions,
    pub chosen: &'a [Slot],
    /// What fills each chosen column.
    pub outs: Vec<Out>,
    /// The columns whose cells are the row's own, not part of what it is priced on: its id and
    /// the columns that name no input (checked as text, copied to the output row by row)…
    pub per_row: Vec<bool>,
    /// …and those of them that must be text, by index.
    pub own_cells: Vec<usize>,
    pub needs_words: bool,
    /// Whether the words themselves are shown (`assumptions`, `warnings`…), not only the
    /// notes' ids, the conditions and the documents.
    pub needs_texts: bool,
    /// Whether a row's months are laid out (for the words, or its years).
    pub needs_schedule: bool,
    /// Whether an output column or the summary shows the post's actual cost.
    pub needs_actual: bool,
    pub prepare: Prepare,
    /// The CSV style rows are encoded in for the sink, when it takes encoded rows.
    pub encode: Option<CsvStyle>,
    /// The indexes of the columns of the dates, in order…
    pub dated: Vec<usize>,
    /// …and whether rows are read through [`Template`]s (not when a command-line value
    /// fills a date).
    pub templates: bool,
    /// Rows read and handed to a thread at a time.
    pub chunk: usize,
    /// Rows priced, by every thread (the others were remembered).
    pub priced: Priced,
    /// The rule sets' terms a command-line value was held back from, each once.
    pub held_back: Mutex<Vec<(String, Override)>>,
}

impl<'a> RowContext<'a> {
    /// What the rows of a file with `header` are priced with, for the `chosen` columns of a
    /// sink that prepares its cells with `prepare` (and takes rows encoded in `encode`).
    pub fn new(
        rates: &'a Rates,
        header: &'a Header,
        options: &'a BatchOptions,
        chosen: &'a [Slot],
        prepare: Prepare,
        encode: Option<CsvStyle>,
    ) -> Self {
        let tool = || chosen.iter().filter_map(|s| s.column());
        let needs_words = tool().any(|c| c.needs().explanation);
        let needs_texts = tool().any(|c| c.needs().texts);
        let id_index = header.index(Field::Id);
        let per_row: Vec<bool> = (0..header.columns.len())
            .map(|i| Some(i) == id_index || header.field(i).is_none())
            .collect();
        // Every cell a row writes as it is must be text; the other cells are checked when read.
        let own_cells = (0..header.columns.len())
            .filter(|i| {
                Some(*i) == id_index
                    || chosen.contains(&Slot::Copy(*i)) && header.field(*i).is_none()
            })
            .collect();
        RowContext {
            rates,
            header,
            id_index,
            options,
            chosen,
            outs: chosen
                .iter()
                .map(|s| Out::of(*s, options.by_year))
                .collect(),
            per_row,
            own_cells,
            needs_words,
            needs_texts,
            // A row's years add up its months; the words count them (the notes' ids do not).
            needs_schedule: needs_texts || options.by_year,
            // The post's actual cost is priced only for the columns and totals that show it.
            needs_actual: options.summary
                || options.summary_only
                || tool().any(|c| c.needs().actual_cost),
            // Cells of encoded rows are encoded with the row.
            prepare: if encode.is_some() {
                Prepare::AsIs
            } else {
                prepare
            },
            encode,
            dated: header
                .fields()
                .filter(|(_, f)| f.spec().dated)
                .map(|(i, _)| i)
                .collect(),
            templates: !options
                .defaults
                .gives_any(Field::all().filter(|f| f.spec().dated)),
            // Rows of ids are short; rows that carry the words are a few KiB each.
            chunk: if needs_texts { CHUNK_WITH_WORDS } else { CHUNK },
            priced: Priced::new(0),
            held_back: Mutex::new(Vec::new()),
        }
    }
}
