//! CSV rows read from the file's physical lines: a line ends at `\n`, `\r\n` or a lone `\r`
//! (Excel for Mac's « CSV (Macintosh) »), and every line is counted, blank or not, so that a
//! row's line is the line a text editor shows.
//!
//! A row is one line, unless a quoted cell runs on past its line's end (a cell typed with line
//! breaks in a spreadsheet). Such a cell is accepted only when its quote closes on a later line,
//! within [`MAX_RECORD_BYTES`], leaving the row with the header's number of cells, and no line it
//! runs over reads, alone, as a row of the file. Otherwise the quote was left open by mistake:
//! the row of its first line is an error, and the lines after it are read again, each on its
//! own, so that one missing quote never swallows the rows that follow. Reading stays linear: a
//! line already run over by a failed cell is read alone, never as the start of another.
//!
//! The bytes in flight are bounded: a row is at most [`MAX_RECORD_BYTES`], a longer line is an
//! error for its row and is skipped without being held, and the buffer never holds more than a
//! row and a read.

use super::record::Record;
use std::io::{self, Read};

/// The most bytes a row may take, its quoted line breaks included: far more than any post
/// needs, and a bound on the memory one row can take.
pub const MAX_RECORD_BYTES: usize = 1 << 20;

/// Bytes asked of the input at a time.
const READ: usize = 64 << 10;

/// The most bytes the common case reads before the row is read line by line (see
/// [`CsvLines::one_line_row`]): a bound on the work a row that is not one line costs twice.
const ONE_LINE: usize = 4 << 10;

/// Why a row's line could not be read as cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// A quote opened on the line and not closed on it, nor by a cell that could be one.
    Unclosed,
    /// The row is longer than [`MAX_RECORD_BYTES`].
    TooLong,
}

impl Fault {
    /// What is wrong, in both languages.
    pub fn text(self) -> crate::lang::Text {
        match self {
            Fault::Unclosed => crate::text!(
                "a quote opened on this line is not closed on it (the lines after it are read as rows of their own); close the quote, or double a quote inside a cell (\"\")",
                "un guillemet ouvert sur cette ligne n'y est pas fermé (les lignes suivantes sont lues chacune comme une ligne du fichier) ; fermez le guillemet, ou doublez un guillemet dans une cellule (\"\")"
            ),
            Fault::TooLong => crate::text!(
                "the row is longer than {} MiB: not a post (the lines after it are read as rows of their own)",
                "la ligne dépasse {} Mio : ce n'est pas un poste (les lignes suivantes sont lues chacune comme une ligne du fichier)",
                MAX_RECORD_BYTES >> 20
            ),
        }
    }
}

/// A physical line found in the buffer, at offsets from the first byte not yet consumed.
#[derive(Debug, Clone, Copy)]
enum Line {
    /// Its content is `start..start + len`; the next line starts at `next`.
    Found {
        start: usize,
        len: usize,
        next: usize,
    },
    /// No line end within the length allowed.
    Long,
    /// Nothing left.
    End,
}

/// The rows of a CSV input, one at a time, each with its first line.
pub(super) struct CsvLines<R> {
    input: R,
    buf: Vec<u8>,
    /// The first byte not consumed, and the end of the bytes read.
    pos: usize,
    end: usize,
    eof: bool,
    /// The physical line at `pos` (1-based).
    line: u64,
    core: csv_core::Reader,
    delimiter: u8,
    /// A second parser, for a line read alone while a quoted cell runs over it (made when one
    /// first does: a parser's tables take some making).
    probe: Option<Box<csv_core::Reader>>,
    probe_record: Record,
    /// The header's number of cells (0 while the header is read).
    fields: usize,
    /// Lines up to this one were run over by a quoted cell that failed: each is read alone.
    alone_until: u64,
    /// Whether the common case is read in one call ([`CsvLines::one_line_row`]); a test reads
    /// without it, to check it changes nothing.
    one_line: bool,
}

/// Feeds `input` to `core`, writing cells into `record` after the `lens` (bytes, cells) written
/// so far: the bytes read when a row ended; `None` when it did not (all of `input` was read).
fn feed(
    core: &mut csv_core::Reader,
    record: &mut Record,
    lens: &mut (usize, usize),
    mut input: &[u8],
) -> Option<usize> {
    use csv_core::ReadRecordResult as R;
    let (bytes, ends, cells) = record.buffers();
    // Room for some cells and bytes; a row that needs more grows its buffers (kept for the
    // next rows read into this record), not every row to the size of the input given.
    if ends.len() < lens.1 + 16 {
        ends.resize(lens.1 + 16, 0);
    }
    if bytes.len() < lens.0 + 128 {
        bytes.resize(lens.0 + 128, 0);
    }
    let mut read = 0;
    loop {
        let (result, nin, nout, nend) = core.read_record(
            input,
            bytes.get_mut(lens.0..).unwrap_or_default(),
            ends.get_mut(lens.1..).unwrap_or_default(),
        );
        input = input.get(nin..).unwrap_or_default();
        read += nin;
        lens.0 += nout;
        lens.1 += nend;
        *cells = lens.1;
        match result {
            R::InputEmpty | R::End => return None,
            R::OutputFull => bytes.resize(bytes.len() * 2 + 64, 0),
            R::OutputEndsFull => ends.resize(ends.len() * 2 + 16, 0),
            R::Record => return Some(read),
        }
    }
}

/// A parser of rows whose lines end at `\n`, `\r\n` or `\r`, as [`CsvLines`] splits them.
fn parser(delimiter: u8) -> csv_core::Reader {
    csv_core::ReaderBuilder::new()
        .delimiter(delimiter)
        .terminator(csv_core::Terminator::CRLF)
        .build()
}

/// Feeds a line to `core`, with its line end (`line` is its content, `ended` its content and its
/// line end, one slice): whether a row ended. A last line without a line end is given one.
fn feed_line(
    core: &mut csv_core::Reader,
    record: &mut Record,
    lens: &mut (usize, usize),
    line: &[u8],
    ended: &[u8],
) -> bool {
    if ended.len() > line.len() {
        feed(core, record, lens, ended).is_some()
    } else {
        feed(core, record, lens, line).is_some() || feed(core, record, lens, b"\n").is_some()
    }
}

impl<R: Read> CsvLines<R> {
    /// Rows of `input`, its first byte on line 1, cells separated by `delimiter`.
    pub fn new(input: R, delimiter: u8) -> Self {
        CsvLines {
            input,
            buf: vec![0; READ],
            pos: 0,
            end: 0,
            eof: false,
            line: 1,
            core: parser(delimiter),
            delimiter,
            probe: None,
            probe_record: Record::default(),
            fields: 0,
            alone_until: 0,
            one_line: true,
        }
    }

    /// Reads on with another separator (set once the header's first line shows it).
    pub fn set_delimiter(&mut self, delimiter: u8) {
        if delimiter == self.delimiter {
            return;
        }
        self.delimiter = delimiter;
        self.core = parser(delimiter);
        self.probe = None;
    }

    /// The header has `fields` cells: a quoted cell that runs over a line of as many cells ran
    /// into the rows.
    pub fn set_fields(&mut self, fields: usize) {
        self.fields = fields;
    }

    /// The first line that is not blank, as it is, without reading past it (`None`: no such line
    /// within [`MAX_RECORD_BYTES`]).
    pub fn first_line(&mut self) -> io::Result<Option<&[u8]>> {
        let mut from = 0;
        loop {
            match self.find_line(from, MAX_RECORD_BYTES)? {
                Line::Found { len: 0, next, .. } => from = next,
                Line::Found { start, len, .. } => {
                    return Ok(self.buf.get(self.pos + start..self.pos + start + len));
                }
                Line::Long | Line::End => return Ok(None),
            }
        }
    }

    /// Reads more of the input after the bytes not yet consumed: whether any came.
    fn fill(&mut self) -> io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        if self.pos > 0 {
            self.buf.copy_within(self.pos..self.end, 0);
            self.end -= self.pos;
            self.pos = 0;
        }
        if self.buf.len() < self.end + READ {
            self.buf.resize(self.end + READ, 0);
        }
        loop {
            match self.input.read(&mut self.buf[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.end += n;
                    return Ok(true);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// The line that starts `from` bytes after the first not consumed, when its content is at
    /// most `max` bytes.
    fn find_line(&mut self, from: usize, max: usize) -> io::Result<Line> {
        let mut scanned = 0;
        loop {
            let hay = self.buf.get(self.pos + from..self.end).unwrap_or_default();
            match memchr::memchr2(b'\n', b'\r', hay.get(scanned..).unwrap_or_default()) {
                Some(i) if scanned + i > max => return Ok(Line::Long),
                Some(i) => {
                    let i = scanned + i;
                    let crlf = hay.get(i..i + 2) == Some(&b"\r\n"[..]);
                    // A `\r` last in the buffer may be the first half of `\r\n`.
                    if hay.get(i) == Some(&b'\r') && i + 1 == hay.len() && self.fill()? {
                        continue;
                    }
                    let len = if crlf { 2 } else { 1 };
                    return Ok(Line::Found {
                        start: from,
                        len: i,
                        next: from + i + len,
                    });
                }
                None if hay.len() > max => return Ok(Line::Long),
                None if self.eof && hay.is_empty() => return Ok(Line::End),
                None if self.eof => {
                    return Ok(Line::Found {
                        start: from,
                        len: hay.len(),
                        next: from + hay.len(),
                    })
                }
                None => {
                    scanned = hay.len();
                    self.fill()?;
                }
            }
        }
    }

    /// Consumes `bytes` bytes holding `lines` lines.
    fn consume(&mut self, bytes: usize, lines: u64) {
        self.pos = (self.pos + bytes).min(self.end);
        self.line += lines;
    }

    /// Skips the line at the first byte not consumed, however long, without holding it.
    fn skip_line(&mut self) -> io::Result<()> {
        loop {
            let hay = self.buf.get(self.pos..self.end).unwrap_or_default();
            if let Some(i) = memchr::memchr2(b'\n', b'\r', hay) {
                let cr = hay.get(i) == Some(&b'\r');
                self.consume(i + 1, 1);
                // A `\r\n` split between two reads is one line end.
                if cr && self.pos == self.end {
                    self.fill()?;
                }
                if cr && self.buf.get(self.pos) == Some(&b'\n') && self.pos < self.end {
                    self.pos += 1;
                }
                return Ok(());
            }
            self.pos = self.end;
            if !self.fill()? {
                self.line += 1;
                return Ok(());
            }
        }
    }

    /// Reads the next row into `record`: its first line, and whether its cells could be read
    /// (`None` at the end of the input). Blank lines are skipped, and counted.
    pub fn next_record(&mut self, record: &mut Record) -> io::Result<Option<(u64, Option<Fault>)>> {
        if let Some(line) = self.one_line_row(record) {
            return Ok(Some((line, None)));
        }
        loop {
            record.clear();
            let line = self.line;
            let (start, len, next) = match self.find_line(0, MAX_RECORD_BYTES)? {
                Line::End => return Ok(None),
                Line::Long => {
                    self.skip_line()?;
                    return Ok(Some((line, Some(Fault::TooLong))));
                }
                Line::Found { start, len, next } => (start, len, next),
            };
            if len == 0 {
                self.consume(next, 1);
                continue;
            }
            let mut lens = (0, 0);
            let at = self.pos + start;
            let content = self.buf.get(at..at + len).unwrap_or_default();
            let with_end = self.buf.get(at..self.pos + next).unwrap_or_default();
            let ended = feed_line(&mut self.core, record, &mut lens, content, with_end);
            if ended {
                self.consume(next, 1);
                return Ok(Some((line, None)));
            }
            if line <= self.alone_until {
                self.fail(record, next);
                return Ok(Some((line, Some(Fault::Unclosed))));
            }
            return self.run_on(record, lens, next, line).map(Some);
        }
    }

    /// The common case, read as fast as `csv`'s own reader does: the parser reads on from the
    /// first byte not consumed, as far as [`ONE_LINE`] bytes, and the row it ends is taken as it is
    /// when it was exactly one line: it read one `\n`, last, or none and a `\r` last (a `\r\n` or a
    /// lone `\r`); no blank line before it, no quoted line break in it. Anything else (a blank
    /// line, a quote that runs on, a row cut by the end of the buffer) is read again line by line.
    fn one_line_row(&mut self, record: &mut Record) -> Option<u64> {
        if self.line <= self.alone_until || !self.one_line {
            return None;
        }
        record.clear();
        let until = self.end.min(self.pos + ONE_LINE);
        let input = self.buf.get(self.pos..until)?;
        // A line end first is a blank line, counted line by line.
        if matches!(input.first(), None | Some(b'\r' | b'\n')) {
            return None;
        }
        let before = self.core.line();
        let mut lens = (0, 0);
        let read = feed(&mut self.core, record, &mut lens, input);
        let lines = self.core.line() - before;
        // A `\r` before the last byte is a line end inside a quoted cell: line by line. A row
        // that read its cells, a separator between each and one line end, no more, had no quote.
        let quoted = read.is_some_and(|read| read != lens.0 + lens.1);
        let inside = read.and_then(|r| input.get(..r.checked_sub(1)?));
        if quoted && inside.is_some_and(|inside| memchr::memchr(b'\r', inside).is_some()) {
            self.core.reset();
            return None;
        }
        // The parser ends a row at `\r` without reading the `\n` of a `\r\n`.
        let taken = match (read, read.and_then(|r| input.get(r.checked_sub(1)?))) {
            (Some(read), Some(b'\n')) if lines == 1 => Some(read),
            (Some(read), Some(b'\r')) if lines == 0 => match input.get(read) {
                Some(b'\n') => Some(read + 1),
                Some(_) => Some(read),
                None if self.eof && until == self.end => Some(read),
                None => None,
            },
            _ => None,
        };
        let Some(taken) = taken else {
            self.core.reset();
            return None;
        };
        let line = self.line;
        self.consume(taken, 1);
        Some(line)
    }

    /// A row whose first line (ending at `first`) left a quote open: reads the lines after it
    /// into the same cell until the quote closes, or gives up.
    fn run_on(
        &mut self,
        record: &mut Record,
        mut lens: (usize, usize),
        first: usize,
        line: u64,
    ) -> io::Result<(u64, Option<Fault>)> {
        let mut at = first;
        let mut lines = 1;
        let fault = loop {
            let room = MAX_RECORD_BYTES.saturating_sub(at);
            let (start, len, next) = match self.find_line(at, room)? {
                Line::Found { start, len, next } => (start, len, next),
                // The long line is read alone too, and skipped.
                Line::Long => break (lines + 1, Fault::TooLong),
                Line::End => break (lines, Fault::Unclosed),
            };
            lines += 1;
            let from = self.pos + start;
            let content = self.buf.get(from..from + len).unwrap_or_default();
            let with_end = self.buf.get(from..self.pos + next).unwrap_or_default();
            let ended = feed_line(&mut self.core, record, &mut lens, content, with_end);
            at = next;
            if ended {
                // The quote closes here: as a cell's would, before a separator or the line's
                // end, and leaving the row with the header's number of cells; or it ran into
                // the rows.
                if closes_cleanly(content, self.delimiter)
                    && (self.fields == 0 || record.len() == self.fields)
                {
                    self.consume(next, lines);
                    return Ok((line, None));
                }
                break (lines, Fault::Unclosed);
            }
            // Still open after a line that reads, alone, as a row of the file: it ran into them.
            let delimiter = self.delimiter;
            let parser = self
                .probe
                .get_or_insert_with(|| Box::new(parser(delimiter)));
            let probe = (parser.as_mut(), &mut self.probe_record);
            if self.fields > 0 && reads_as_a_row(probe, self.fields, content) {
                break (lines, Fault::Unclosed);
            }
        };
        let (examined, fault) = fault;
        self.alone_until = line + examined - 1;
        self.fail(record, first);
        Ok((line, Some(fault)))
    }

    /// The row of the line ending at `first` is in error: the parser starts afresh and the
    /// next line is read next.
    /// Its cells are the line's, the quote left open closed at the line's end: the cells before
    /// it as the file gives them, the open one running to the line's end. The row in error
    /// echoes them (its id, its region…), so that nothing typed is lost.
    fn fail(&mut self, record: &mut Record, first: usize) {
        let line = self.buf.get(self.pos..self.pos + first).unwrap_or_default();
        let line = line.trim_ascii_end();
        let line = line.strip_prefix(b"\n").unwrap_or(line);
        let closed = [line, b"\"\n"].concat();
        self.core.reset();
        record.clear();
        let mut lens = (0, 0);
        if feed(&mut self.core, record, &mut lens, &closed).is_none() {
            // Still open (a quote inside a cell opened another): the line split at each separator.
            record.clear();
            for cell in line.split(|b| *b == self.delimiter) {
                record.push_field(cell);
            }
        }
        self.core.reset();
        self.consume(first, 1);
    }
}

/// Whether a line that starts inside a quoted cell closes it as a cell closes: its first quote
/// that is not doubled (`""`, a quote inside the cell) is followed by the separator or the
/// line's end, not by more text (`C,"x",…`: a quote of the next row's).
fn closes_cleanly(content: &[u8], delimiter: u8) -> bool {
    let mut i = 0;
    while let Some(at) = content.get(i..).and_then(|rest| memchr::memchr(b'"', rest)) {
        let quote = i + at;
        match content.get(quote + 1) {
            Some(b'"') => i = quote + 2,
            Some(next) => return *next == delimiter,
            None => return true,
        }
    }
    false
}

/// Whether `content`, read alone by `probe`, is a whole row of `fields` cells.
fn reads_as_a_row(
    probe: (&mut csv_core::Reader, &mut Record),
    fields: usize,
    content: &[u8],
) -> bool {
    let (parser, record) = probe;
    record.clear();
    let mut lens = (0, 0);
    let whole = feed_line(parser, record, &mut lens, content, content);
    if !whole {
        parser.reset();
    }
    whole && record.len() == fields
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every row of `input`: its line, and its cells or its fault.
    fn rows(input: &[u8], fields: usize) -> Vec<(u64, Result<Vec<String>, Fault>)> {
        rows_read(input, fields, true)
    }

    fn rows_read(
        input: &[u8],
        fields: usize,
        one_line: bool,
    ) -> Vec<(u64, Result<Vec<String>, Fault>)> {
        let mut lines = CsvLines::new(input, b',');
        lines.set_fields(fields);
        lines.one_line = one_line;
        let mut record = Record::default();
        let mut out = Vec::new();
        while let Some((line, fault)) = lines.next_record(&mut record).unwrap() {
            let cells = record
                .iter()
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect();
            out.push((line, fault.map_or(Ok(cells), Err)));
        }
        out
    }

    fn ok(line: u64, cells: &[&str]) -> (u64, Result<Vec<String>, Fault>) {
        (line, Ok(cells.iter().map(|c| c.to_string()).collect()))
    }

    proptest::proptest! {
        /// The common case read in one call reads what line by line reads, whatever the bytes.
        #[test]
        fn one_call_or_line_by_line_read_the_same(
            bytes in proptest::collection::vec(proptest::sample::select(b"ab,\"\r\n ".to_vec()), 0..200),
            fields in 1_usize..4,
        ) {
            proptest::prop_assert_eq!(rows_read(&bytes, fields, true), rows_read(&bytes, fields, false));
        }
    }

    #[test]
    fn the_parser_ends_a_row_at_the_cr_of_a_crlf() {
        // The common case takes a row as one line when its parser read one `\n`, last; or no
        // `\n`, and a `\r` last, which it ends a row on before the `\n` of a `\r\n`.
        let mut core = parser(b',');
        let mut record = Record::default();
        let read = feed(&mut core, &mut record, &mut (0, 0), b"a,b\r\nc,d\r\n");
        assert_eq!(read, Some(4));
        assert_eq!(core.line(), 1);
        let read = feed(&mut core, &mut record, &mut (0, 0), b"c,d\r\n");
        assert_eq!(read, Some(4));
        assert_eq!(record.get(0), Some(&b"c"[..]));
    }

    #[test]
    fn every_line_end_is_one_and_blank_lines_count() {
        for end in ["\n", "\r\n", "\r"] {
            let input = ["a,b", "", "c,d", "", "", "e,f"].join(end);
            assert_eq!(
                rows(input.as_bytes(), 2),
                [ok(1, &["a", "b"]), ok(3, &["c", "d"]), ok(6, &["e", "f"])],
                "{end:?}"
            );
        }
    }

    #[test]
    fn a_quoted_cell_may_hold_line_breaks() {
        let input = b"a,\"one\r\ntwo\",c\nd,e,f\n";
        assert_eq!(
            rows(input, 3),
            // The cell keeps its line break as written.
            [ok(1, &["a", "one\r\ntwo", "c"]), ok(3, &["d", "e", "f"])]
        );
    }

    #[test]
    fn an_unclosed_quote_is_its_row_error_and_the_rows_after_it_are_read() {
        let input = b"A,x,1\nB,\"x,2\nC,x,3\nD,x,4\n";
        assert_eq!(
            rows(input, 3),
            [
                ok(1, &["A", "x", "1"]),
                (2, Err(Fault::Unclosed)),
                ok(3, &["C", "x", "3"]),
                ok(4, &["D", "x", "4"]),
            ]
        );
        // To the end of the file: the same.
        let input = b"B,\"x,2\nx\ny\n";
        assert_eq!(
            rows(input, 3),
            [(1, Err(Fault::Unclosed)), ok(2, &["x"]), ok(3, &["y"])]
        );
        // Closed later with the wrong number of cells: it ran into the rows.
        let input = b"B,\"x\nC\",y,z,w\n";
        assert_eq!(
            rows(input, 3),
            [(1, Err(Fault::Unclosed)), ok(2, &["C\"", "y", "z", "w"])]
        );
    }

    #[test]
    fn a_quoted_cell_closed_by_the_next_rows_quote_ran_into_them() {
        // The first cell spans two lines: its last line, alone, has as many cells as a row.
        assert_eq!(
            rows(b"\"A\nA2\",x,y\nB,x,y\n", 3),
            [ok(1, &["A\nA2", "x", "y"]), ok(3, &["B", "x", "y"])]
        );
        // A quote left open, closed by the next row's quoted cell: not a cell's end.
        assert_eq!(
            rows(b"A,\"x,y\nC,\"x\",z\n", 3),
            [(1, Err(Fault::Unclosed)), ok(2, &["C", "x", "z"])]
        );
        assert!(closes_cleanly(b"a\"\"b\",c", b','));
        assert!(closes_cleanly(b"end\"", b','));
        assert!(!closes_cleanly(b"C,\"x\",z", b','));
        assert!(!closes_cleanly(b"no quote", b','));
    }

    #[test]
    fn a_long_row_is_an_error_and_the_next_line_is_read() {
        let mut input = b"a,b\n".to_vec();
        input.extend(std::iter::repeat_n(b'x', MAX_RECORD_BYTES + 10));
        input.extend_from_slice(b"\r\nc,d\n");
        assert_eq!(
            rows(&input, 2),
            [
                ok(1, &["a", "b"]),
                (2, Err(Fault::TooLong)),
                ok(3, &["c", "d"])
            ]
        );
        // A quoted cell that runs past the cap: its line is the error.
        let mut input = b"a,\"b\n".to_vec();
        for _ in 0..(MAX_RECORD_BYTES / 1000 + 5) {
            input.extend(std::iter::repeat_n(b'x', 999));
            input.push(b'\n');
        }
        let read = rows(&input, 2);
        assert_eq!(read[0], (1, Err(Fault::TooLong)));
        assert_eq!(read.len(), MAX_RECORD_BYTES / 1000 + 6);
    }

    #[test]
    fn lines_that_would_open_a_quote_each_are_read_alone_after_one_failed() {
        // Each line both opens a quote alone and keeps it open as a cell's continuation: the
        // first fails, and every other is read alone (linear, not one attempt per line).
        let input = "x,\"\n".repeat(5);
        let read = rows(input.as_bytes(), 3);
        assert_eq!(read.len(), 5);
        assert!(read.iter().all(|(_, r)| r.is_err()), "{read:?}");
    }
}
