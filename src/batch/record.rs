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
        if i >= self.cells {
            return None;
        }
        let end = *self.ends.get(i)?;
        let start = match i {
            0 => 0,
            _ => *self.ends.get(i - 1)?,
        };
        self.bytes.get(start..end)
    }

    /// The cells, in order.
    pub fn iter(&self) -> impl Iterator<Item = &[u8]> {
        (0..self.len()).map(|i| self.get(i).unwrap_or_default())
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
        record.clear();
        assert_eq!(record.len(), 0);
        assert_eq!(record.as_slice(), b"");
    }
}
