//! An output row: the id, the outcome's cells and its status, in the chosen order; and, for a
//! CSV sink, the row encoded once but for its id, so that every row with the same cells is
//! copied around its own id.

use super::reader::Row;
use super::{Out, Outcome};
use crate::column::Column;
use crate::output::{csv_field, Cell, CsvStyle, Word};
use std::borrow::Cow;

/// A row encoded for a CSV sink, but for its id, which goes in at `id_at` (its cells, its
/// status and its error are the same for every row with the same cells).
pub(super) struct EncodedRow {
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
        chosen: &[Column],
        style: CsvStyle,
        scratch: &mut Vec<u8>,
    ) -> Option<Self> {
        if chosen.len() < 2 {
            return None;
        }
        let delimiter = if style.excel { b';' } else { b',' };
        let (mut bytes, mut id_at) = (Vec::with_capacity(16 * chosen.len()), IdSlots::default());
        for (n, (column, cell)) in chosen
            .iter()
            .zip(row_cells(chosen, None, outcome))
            .enumerate()
        {
            if n > 0 {
                bytes.push(delimiter);
            }
            match Out::of(*column) {
                Out::Id => id_at.push(bytes.len())?,
                _ => csv_field(&cell, style, scratch, &mut bytes),
            }
        }
        bytes.push(b'\n');
        Some(EncodedRow { bytes, id_at })
    }

    /// How many bytes it holds.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Appends the row with this id to `out`.
    pub fn write(
        &self,
        id: Option<&str>,
        style: CsvStyle,
        scratch: &mut Vec<u8>,
        out: &mut Vec<u8>,
    ) {
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

/// A row's id, as text.
pub(super) fn row_id(row: &Row, id_index: Option<usize>) -> Option<Cow<'_, str>> {
    match (&row.record, id_index) {
        (Ok(record), Some(i)) => record.get(i).map(String::from_utf8_lossy),
        _ => None,
    }
}

/// The cells of an output row: the id, the outcome's cells and its status, in the chosen order.
pub(super) fn row_cells<'c>(
    chosen: &'c [Column],
    id: Option<&'c str>,
    outcome: &'c Outcome,
) -> impl Iterator<Item = Cell<'c>> + 'c {
    let mut next = outcome.cells.iter();
    chosen.iter().map(move |column| match Out::of(*column) {
        Out::Id => id.map_or(Cell::Empty, |id| Cell::Text(Cow::Borrowed(id))),
        Out::Status => Cell::Word(Word::status(outcome.error.is_none())),
        Out::Error => Cell::Text(Cow::Borrowed(outcome.error.as_deref().unwrap_or(""))),
        Out::Compute | Out::Check | Out::Posts => match next.next() {
            Some(cell) => borrow(cell),
            None => Cell::Empty,
        },
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
