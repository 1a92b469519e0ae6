//! Reading a batch: the header (each cell an input field, in English or French), then rows a
//! chunk at a time, each with its line. A line past [`MAX_LINE_BYTES`] stops the file.

use super::BatchError;
use crate::post::{Field, Headers, RowInput};
use std::io::{self, Read};

/// The longest line a batch reads: far more than any post needs, and a bound on the memory
/// one row can take (a file with no line end would otherwise be read whole).
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// The input, refused past a line of [`MAX_LINE_BYTES`].
pub(super) struct LineCap<R> {
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
                crate::text!(
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
pub(super) fn newlines(bytes: &[u8]) -> usize {
    bytes
        .chunks(192)
        .map(|run| usize::from(run.iter().map(|b| u8::from(*b == b'\n')).sum::<u8>()))
        .sum()
}

/// The CSV reader of a batch's input.
pub(super) type Reader<R> = csv::Reader<LineCap<R>>;

/// A batch file's header: the field of each column, and how the file names them.
pub(super) struct Header {
    /// The field of each column, in order.
    pub fields: Vec<Field>,
    /// The names the header gives them, as written, for messages.
    pub names: Headers,
}

impl Header {
    /// Whether the file has a column for `field`.
    pub fn has(&self, field: Field) -> bool {
        self.fields.contains(&field)
    }

    /// The index of `field`'s column.
    pub fn index(&self, field: Field) -> Option<usize> {
        self.fields.iter().position(|f| *f == field)
    }
}

/// Opens a batch's input and reads its header. `defaults` are the values the command line
/// gives every row (their fields are named as flags where the file has no column for them).
pub(super) fn open<R: Read>(
    input: R,
    origin: &str,
    defaults: &RowInput,
) -> Result<(Reader<R>, Header), BatchError> {
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
    let header_error = |message: crate::lang::Text| BatchError::Header {
        origin: origin.to_string(),
        message,
    };
    let has_header = reader
        .read_byte_record(&mut record)
        .map_err(|e| header_error(crate::lang::Text::same(e.to_string())))?;
    if !has_header {
        return Err(header_error(crate::text!(
            "the file is empty",
            "le fichier est vide"
        )));
    }
    // Each cell an input field, in English or French. A byte order mark is skipped.
    let mut fields: Vec<Field> = Vec::new();
    let mut names: Vec<(Field, String)> = Vec::new();
    for (i, raw) in record.iter().enumerate() {
        let raw = if i == 0 {
            raw.strip_prefix("\u{feff}".as_bytes()).unwrap_or(raw)
        } else {
            raw
        };
        let name = std::str::from_utf8(raw).map_err(|_| {
            header_error(crate::text!(
                "the header is not UTF-8 text",
                "l'en-tête n'est pas du texte UTF-8"
            ))
        })?;
        let field = Field::from_header(name).ok_or_else(|| BatchError::UnknownColumn {
            origin: origin.to_string(),
            column: name.to_string(),
        })?;
        if let Some((_, first)) = names.iter().find(|(f, _)| *f == field) {
            return Err(BatchError::DuplicateColumn {
                origin: origin.to_string(),
                first: first.clone(),
                second: name.to_string(),
            });
        }
        fields.push(field);
        names.push((field, name.to_string()));
    }
    let flags = Field::all().filter(|f| f.given(defaults)).collect();
    let names = Headers::new(names).with_flags(flags);
    Ok((reader, Header { fields, names }))
}

/// One input row: its line, and its cells or why the CSV reader could not read them.
pub(super) struct Row {
    pub line: u64,
    pub record: Result<csv::ByteRecord, String>,
}

/// Reads up to `size` rows into `rows`, reusing its records. A row the CSV reader cannot
/// read is kept, with the reason. A failure to read the input at all is returned, after the
/// rows read before it (which are still written).
pub(super) fn read_chunk<R: Read>(
    reader: &mut Reader<R>,
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
                let message = e.to_string();
                if let csv::ErrorKind::Io(io) = e.into_kind() {
                    rows.truncate(n);
                    return Some(BatchError::Io(io));
                }
                row.record = Err(message);
                n += 1;
            }
        }
    }
    rows.truncate(n);
    None
}

#[cfg(test)]
mod tests {
    use super::newlines;

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
