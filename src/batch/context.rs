//! What every row of a batch is priced with: the data, the file's header, the options, the
//! columns chosen and what they need priced.

use super::chunk::{CHUNK, CHUNK_WITH_WORDS};
use super::reader::Header;
use super::{BatchOptions, Priced};
use crate::column::Column;
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
    pub chosen: &'a [Column],
    pub needs_words: bool,
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
        chosen: &'a [Column],
        prepare: Prepare,
        encode: Option<CsvStyle>,
    ) -> Self {
        let needs_words = chosen.iter().any(|c| c.needs().explanation);
        RowContext {
            rates,
            header,
            id_index: header.index(Field::Id),
            options,
            chosen,
            needs_words,
            // The post's actual cost is priced only for the columns and totals that show it.
            needs_actual: options.summary
                || options.summary_only
                || chosen.iter().any(|c| c.needs().actual_cost),
            // Cells of encoded rows are encoded with the row.
            prepare: if encode.is_some() {
                Prepare::AsIs
            } else {
                prepare
            },
            encode,
            dated: header
                .fields
                .iter()
                .enumerate()
                .filter(|(_, f)| f.spec().dated)
                .map(|(i, _)| i)
                .collect(),
            templates: !options
                .defaults
                .gives_any(Field::all().filter(|f| f.spec().dated)),
            chunk: if needs_words { CHUNK_WITH_WORDS } else { CHUNK },
            priced: Priced::new(0),
            held_back: Mutex::new(Vec::new()),
        }
    }
}
