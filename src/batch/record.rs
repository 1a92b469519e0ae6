//! A row's cells as read, whatever the file: their bytes end to end, and where each ends. The
//! CSV reader ([`super::lines`]) writes them in place; a workbook's cells are pushed one by one.

/// What a record keeps of its buffers between rows: a row that once held a very long cell does
/// not keep its memory for every row after it.
const KEEP_BYTES: usize = 64 << 10;

/// A row's cells.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Record {
    /// The cells' bytes, end to end (may be longer than the cells: the rest is free space).
    bytes: Vec<u8>,
    /// Where each cell ends in `bytes` (may be longer than the cells: a parser writes into it)…
    ends: Vec<usize>,
    /// …and how many cells there are.
    cells: usize,
}

impl Record {
    /// Forgets the cells, keeping a reasonable buffer (as free space, not emptied: a parser
    /// writes into it).
    pub fn clear(&mut self) {
        if self.bytes.capacity() > KEEP_BYTES {
            self.bytes = Vec::new();
        }
        self.cells = 0;
    }

    /// How many cells.
    pub fn len(&self) -> usize {
        self.cells
    }

    /// Where the cells end.
    fn end(&self) -> usize {
        match self.cells {
            0 => 0,
            n => self.ends.get(n - 1).copied().unwrap_or(0),
        }
    }

    /// The bytes of the cells, end to end.
    pub fn as_slice(&self) -> &[u8] {
        self.bytes.get(..self.end()).unwrap_or_default()
    }

    /// Cell `i`.
    pub fn get(&self, i: usize) -> Option<&[u8]> {
        self.bytes.get(self.range(i)?)
    }

    /// Where cell `i` is in [`Record::as_slice`].
    fn range(&self, i: usize) -> Option<std::ops::Range<usize>> {
        if i >= self.cells {
            return None;
        }
        let end = *self.ends.get(i)?;
        let start = match i {
            0 => 0,
            _ => *self.ends.get(i - 1)?,
        };
        Some(start..end)
    }

    /// The cells as text, checked to be UTF-8 once for the whole row.
    pub fn texts(&self) -> Texts<'_> {
        Texts {
            record: self,
            whole: std::str::from_utf8(self.as_slice()).ok(),
        }
    }

    /// The cells, in order (each from where the one before it ended: no lookup by index).
    pub fn iter(&self) -> impl Iterator<Item = &[u8]> {
        let ends = self.ends.get(..self.cells).unwrap_or_default();
        let mut start = 0;
        ends.iter().map(move |&end| {
            let cell = self.bytes.get(start..end).unwrap_or_default();
            start = end;
            cell
        })
    }

    /// Adds a cell.
    pub fn push_field(&mut self, cell: &[u8]) {
        let at = self.end();
        self.bytes.truncate(at);
        self.bytes.extend_from_slice(cell);
        self.ends.truncate(self.cells);
        self.ends.push(self.bytes.len());
        self.cells += 1;
    }

    /// The bytes it holds: what it weighs among the rows in flight.
    pub fn size(&self) -> usize {
        self.as_slice().len() + 8 * self.len()
    }

    /// Its buffers, for a CSV parser to write into: the cells' bytes and their ends (both with
    /// free space after them), and the number of cells, to set once they are written.
    pub fn buffers(&mut self) -> (&mut Vec<u8>, &mut Vec<usize>, &mut usize) {
        (&mut self.bytes, &mut self.ends, &mut self.cells)
    }
}

/// A row's cells as text (one check of the whole row's bytes costs less than one a cell).
pub(super) struct Texts<'r> {
    record: &'r Record,
    /// The row's cells end to end, when they are UTF-8.
    whole: Option<&'r str>,
}

impl<'r> Texts<'r> {
    /// Cell `i` as text: `None` when there is no such cell, `Some(None)` when it is not UTF-8.
    ///
    /// A cell of a row that is UTF-8 is UTF-8 when it starts and ends on a character's
    /// boundary (it is then a piece of valid text); a cell that is UTF-8 always does (it starts
    /// with a character's first byte, and ends after its last character's last byte). Any other
    /// cell, or any cell of a row that is not UTF-8, is checked on its own.
    pub fn get(&self, i: usize) -> Option<Option<&'r str>> {
        let range = self.record.range(i)?;
        if let Some(text) = self.whole.and_then(|whole| whole.get(range.clone())) {
            return Some(Some(text));
        }
        let raw = self.record.as_slice().get(range)?;
        Some(std::str::from_utf8(raw).ok())
    }
}

#[cfg(test)]
impl From<&[&str]> for Record {
    fn from(cells: &[&str]) -> Self {
        let mut record = Record::default();
        for cell in cells {
            record.push_field(cell.as_bytes());
        }
        record
    }
}

#[cfg(test)]
mod tests {
    use super::Record;

    /// Each cell reads as text exactly when its own bytes are UTF-8, whatever the cells beside
    /// it: a character cut between two cells (whose row, end to end, is UTF-8) is not text.
    #[test]
    fn a_cell_is_text_when_its_own_bytes_are() {
        let e_acute = "é".as_bytes();
        let rows: [&[&[u8]]; 5] = [
            &[b"a", "é".as_bytes(), b""],
            &[&e_acute[..1], &e_acute[1..], b"x"],
            &[b"ok", &[0xff], "ü".as_bytes()],
            &[&[0xe2, 0x82], &[0xac], b"\xc3"],
            &[&e_acute[..1], b"", &e_acute[1..]],
        ];
        for cells in rows {
            let mut record = Record::default();
            for cell in cells {
                record.push_field(cell);
            }
            let texts = record.texts();
            for (i, cell) in cells.iter().enumerate() {
                assert_eq!(
                    texts.get(i),
                    Some(std::str::from_utf8(cell).ok()),
                    "{cells:?} {i}"
                );
            }
        }
    }

    #[test]
    fn cells_are_kept_end_to_end() {
        let mut record = Record::from(&["a", "", "bc"][..]);
        assert_eq!(record.len(), 3);
        assert_eq!(record.get(1), Some(&b""[..]));
        assert_eq!(record.get(2), Some(&b"bc"[..]));
        assert_eq!(record.get(3), None);
        assert_eq!(record.as_slice(), b"abc");
        let cells: Vec<&[u8]> = record.iter().collect();
        assert_eq!(cells, [&b"a"[..], b"", b"bc"]);
        let texts = record.texts();
        assert_eq!(texts.get(2), Some(Some("bc")));
        assert_eq!(texts.get(3), None);
        record.clear();
        assert_eq!(record.len(), 0);
        assert_eq!(record.as_slice(), b"");
    }
}
