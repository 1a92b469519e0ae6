//! An output row: the id, the copied cells, the outcome's cells and its status, in the chosen
//! order; and, for a CSV sink, the row encoded once but for its own cells (its id, its copied
//! cells), so that every row with the same cells is copied around its own.

use super::reader::Row;
use super::{Out, Outcome};
use crate::output::{csv_field, Cell, CsvStyle, Word};
use std::borrow::Cow;

/// A row encoded for a CSV sink, but for the row's own cells, which go in at their slots (its
/// cells, its status and its error are the same for every row with the same cells).
pub(super) struct EncodedRow {
    bytes: Vec<u8>,
    /// Where each of the row's own cells goes, and the input column it comes from.
    slots: Vec<(usize, usize)>,
}

/// Appends a row of these cells, encoded in this style, to `out` (a row of at least two cells:
/// see [`csv_field`]).
pub(super) fn encode_cells<'c>(
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
    /// written `""`, so a row of one column is left to the CSV writer.
    pub fn new(
        outcome: &Outcome,
        outs: &[Out],
        id_index: Option<usize>,
        style: CsvStyle,
        scratch: &mut Vec<u8>,
    ) -> Option<Self> {
        let mut next = outcome.cells.iter();
        // One line per output row (a row of `--by-year` writes one per year).
        Self::encode(
            outs,
            id_index,
            outcome.lines,
            style,
            scratch,
            |out, _, scratch, bytes| {
                csv_field(
                    &outcome_cell(out, outcome, &mut next),
                    style,
                    scratch,
                    bytes,
                );
            },
        )
    }

    /// A row priced without error, encoded as its cells are made: `cell(n, scratch, bytes)`
    /// appends the cell of the output column `n`, for each column but the row's own (its id,
    /// its copied cells) and its status and error (`ok` and empty). `None` as
    /// [`EncodedRow::new`].
    pub fn from_cells(
        outs: &[Out],
        id_index: Option<usize>,
        mut cell: impl FnMut(usize, &mut Vec<u8>, &mut Vec<u8>),
        style: CsvStyle,
        scratch: &mut Vec<u8>,
    ) -> Option<Self> {
        Self::encode(
            outs,
            id_index,
            1,
            style,
            scratch,
            |out, n, scratch, bytes| match out {
                Out::Status => csv_field(&Cell::Word(Word::status(true)), style, scratch, bytes),
                Out::Error => {}
                _ => cell(n, scratch, bytes),
            },
        )
    }

    /// `lines` rows of `outs`, each column but the row's own written by `write(out, n,
    /// scratch, bytes)`, the row's own left to their slots.
    fn encode(
        outs: &[Out],
        id_index: Option<usize>,
        lines: usize,
        style: CsvStyle,
        scratch: &mut Vec<u8>,
        mut write: impl FnMut(Out, usize, &mut Vec<u8>, &mut Vec<u8>),
    ) -> Option<Self> {
        if outs.len() < 2 {
            return None;
        }
        let delimiter = if style.excel { b';' } else { b',' };
        let (mut bytes, mut slots) = (Vec::with_capacity(16 * outs.len()), Vec::new());
        for _ in 0..lines {
            for (n, out) in outs.iter().enumerate() {
                if n > 0 {
                    bytes.push(delimiter);
                }
                match out {
                    Out::Id => slots.push((bytes.len(), id_index?)),
                    Out::Copy(i) => slots.push((bytes.len(), *i)),
                    _ => write(*out, n, scratch, &mut bytes),
                }
            }
            bytes.push(b'\n');
        }
        Some(EncodedRow { bytes, slots })
    }

    /// How many bytes it holds.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Appends `row` encoded to `out`: its own cells in their slots.
    pub fn write(&self, row: &Row, style: CsvStyle, scratch: &mut Vec<u8>, out: &mut Vec<u8>) {
        let mut start = 0;
        for (at, input) in &self.slots {
            out.extend_from_slice(self.bytes.get(start..*at).unwrap_or_default());
            csv_field(&input_cell(row, Some(*input)), style, scratch, out);
            start = *at;
        }
        out.extend_from_slice(self.bytes.get(start..).unwrap_or_default());
    }
}

/// Makes a cell independent of the computation it came from.
pub(super) fn owned(cell: Cell<'_>) -> Cell<'static> {
    match cell {
        Cell::Absent | Cell::Empty => Cell::Empty,
        Cell::Text(t) => Cell::Text(Cow::Owned(t.into_owned())),
        Cell::Amount(v) => Cell::Amount(v),
        Cell::Rate(v) => Cell::Rate(v),
        Cell::Number(v) => Cell::Number(v),
        Cell::Int(n) => Cell::Int(n),
        Cell::Date(d) => Cell::Date(d),
        Cell::Bool(b) => Cell::Bool(b),
        Cell::Word(w) => Cell::Word(w),
        Cell::Named { id, name } => Cell::Named {
            id: Cow::Owned(id.into_owned()),
            name: Cow::Owned(name.into_owned()),
        },
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

/// A cell of the row as it was read, as text (a row whose quote is left open: its cells with
/// that quote closed at the line's end). A cell that is not UTF-8 made the row an error, naming
/// its column; it is shown with replacement characters.
pub(super) fn input_cell(row: &Row, index: Option<usize>) -> Cell<'_> {
    match index.and_then(|i| row.record.get(i)) {
        Some(raw) if !raw.is_empty() => Cell::Text(String::from_utf8_lossy(raw)),
        _ => Cell::Empty,
    }
}

/// An output cell of the outcome's (not the row's own): its status, its error, or its next cell.
fn outcome_cell<'c>(
    out: Out,
    outcome: &'c Outcome,
    next: &mut std::slice::Iter<'c, Cell<'static>>,
) -> Cell<'c> {
    match out {
        Out::Status => Cell::Word(Word::status(outcome.error.is_none())),
        Out::Error => Cell::Text(Cow::Borrowed(outcome.error.as_deref().unwrap_or(""))),
        _ => next.next().map_or_else(Cell::default, borrow),
    }
}

/// The cells of an output row: the row's own (id, copied cells), the outcome's and its status,
/// in the chosen order (`outs`, what fills each column).
/// `next` walks the outcome's cells: a row of `--by-year` writes one output row per year, each
/// taking its year's cells in turn.
pub(super) fn row_cells<'c, 'n>(
    outs: &'c [Out],
    row: &'c Row,
    id_index: Option<usize>,
    outcome: &'c Outcome,
    next: &'n mut std::slice::Iter<'c, Cell<'static>>,
) -> impl Iterator<Item = Cell<'c>> + use<'c, 'n> {
    outs.iter().map(move |out| match out {
        Out::Id => input_cell(row, id_index),
        Out::Copy(i) => input_cell(row, Some(*i)),
        _ => outcome_cell(*out, outcome, next),
    })
}

fn borrow<'c>(cell: &'c Cell<'static>) -> Cell<'c> {
    match cell {
        Cell::Text(t) => Cell::Text(Cow::Borrowed(t.as_ref())),
        Cell::Named { id, name } => Cell::Named {
            id: Cow::Borrowed(id.as_ref()),
            name: Cow::Borrowed(name.as_ref()),
        },
        Cell::Encoded(t) => Cell::Encoded(Cow::Borrowed(t.as_ref())),
        other => other.clone(),
    }
}
