//! Reading a batch: what the input is ([`sniff`]: CSV text in some encoding, a workbook, or
//! neither), its header (each cell an input field, in English or French, or a column of the
//! user's, copied to the output), then its rows a chunk at a time, each with its line.
//!
//! CSV goes through [`CsvLines`], as it streams, transcoded first when it is not UTF-8
//! ([`Decoded`]); a workbook through [`Workbook`], read whole. Both give the same [`Record`]s.

use super::decode::Decoded;
use super::lines::{CsvLines, Fault};
use super::record::Record;
use super::sniff::{self, Encoding, Kind};
use super::workbook::{Workbook, WorkbookError, MAX_WORKBOOK_BYTES};
use super::{BatchError, BatchOptions};
use crate::lang::Text;
use crate::model::{did_you_mean, suggestion};
use crate::post::{Field, Headers};
use crate::text;
use std::io::{self, Cursor, Read};

/// The first bytes read to tell what the input is (its encoding, above all): enough for the
/// header and the first thousands of rows.
const PREFIX_BYTES: usize = 1 << 20;

/// How a batch's input is read, beyond what it shows itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reading {
    /// The CSV separator (`,`, `;` or a tab), instead of the one the header line shows.
    pub delimiter: Option<u8>,
    /// The encoding, instead of the one the bytes show.
    pub encoding: Option<Encoding>,
    /// A workbook's sheet, instead of the first.
    pub sheet: Option<String>,
    /// A column that names no input is refused, as before columns were copied.
    pub strict_columns: bool,
}

/// Where rows come from.
pub(super) enum Source<'a> {
    /// CSV text, as it streams (its parsers' tables are large: boxed).
    Csv(Box<CsvLines<Box<dyn Read + 'a>>>),
    /// A workbook's sheet.
    Workbook(Workbook),
}

impl Source<'_> {
    /// Reads the next row into `row`: `false` at the end.
    fn next_row(&mut self, row: &mut Row) -> io::Result<bool> {
        let next = match self {
            Source::Csv(lines) => lines.next_record(&mut row.record)?,
            Source::Workbook(book) => book.next_record(&mut row.record).map(|line| (line, None)),
        };
        Ok(match next {
            Some((line, fault)) => {
                (row.line, row.fault) = (line, fault);
                true
            }
            None => false,
        })
    }
}

/// What an input column is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Col {
    /// An input field.
    Field(Field),
    /// A column that names no input, or has no name: the user's own.
    Other,
    /// A column with no name, ignored (`--strict-columns`).
    Ignored,
}

/// A batch file's header: what each column is, and how the file names them.
pub(super) struct Header {
    /// What each column is, in order.
    pub columns: Vec<Col>,
    /// The names the header gives the fields, as written, for messages.
    pub names: Headers,
    /// Each column's header, as written.
    pub texts: Vec<String>,
    /// What to say once about how the input was read.
    pub notes: Vec<Text>,
}

impl Header {
    /// Whether the file has a column for `field`.
    pub fn has(&self, field: Field) -> bool {
        self.index(field).is_some()
    }

    /// The index of `field`'s column.
    pub fn index(&self, field: Field) -> Option<usize> {
        self.columns.iter().position(|c| *c == Col::Field(field))
    }

    /// The field of column `i`, if it is one.
    pub fn field(&self, i: usize) -> Option<Field> {
        match self.columns.get(i) {
            Some(Col::Field(field)) => Some(*field),
            _ => None,
        }
    }

    /// The fields, with their columns' indexes.
    pub fn fields(&self) -> impl Iterator<Item = (usize, Field)> + '_ {
        (0..self.columns.len()).filter_map(|i| self.field(i).map(|f| (i, f)))
    }
}

/// One input row: its first line, its cells, and why they could not be read (then there are
/// none).
#[derive(Debug, Default)]
pub(super) struct Row {
    pub line: u64,
    pub record: Record,
    pub fault: Option<Fault>,
}

/// Reads into `out` up to `limit` bytes of `input`: whether that was all of it.
fn read_up_to(input: &mut impl Read, out: &mut Vec<u8>, limit: usize) -> io::Result<bool> {
    let read = input.take(limit as u64).read_to_end(out)?;
    Ok(read < limit)
}

/// Opens a batch's input and reads its header.
pub(super) fn open<'a, R: Read + 'a>(
    mut input: R,
    origin: &str,
    options: &BatchOptions,
) -> Result<(Source<'a>, Header), BatchError> {
    let reading = &options.reading;
    let mut prefix = Vec::new();
    let whole = read_up_to(&mut input, &mut prefix, PREFIX_BYTES)?;
    let mut notes = Vec::new();
    let workbook_error = |e: WorkbookError| BatchError::Workbook {
        origin: origin.to_string(),
        message: e.text(),
    };
    let mut source = match sniff::sniff(&prefix, reading.encoding, whole) {
        Kind::Other(looks) => {
            return Err(BatchError::NotCsv {
                origin: origin.to_string(),
                looks,
            })
        }
        Kind::Workbook => {
            if !whole && !read_up_to(&mut input, &mut prefix, MAX_WORKBOOK_BYTES)? {
                return Err(workbook_error(WorkbookError::TooLarge));
            }
            let book = Workbook::open(&prefix, reading.sheet.as_deref()).map_err(workbook_error)?;
            if book.sheets > 1 && reading.sheet.is_none() {
                let (sheet, sheets) = (&book.sheet, book.sheets);
                notes.push(text!(
                    "read the first of the workbook's {sheets} sheets, '{sheet}' (--sheet chooses another)",
                    "lu la première des {sheets} feuilles du classeur, « {sheet} » (--sheet en choisit une autre)"
                ));
            }
            Source::Workbook(book)
        }
        Kind::Text {
            encoding,
            bom,
            detected,
        } => {
            if detected {
                notes.push(text!(
                    "read as {} (the bytes are not UTF-8); --encoding chooses another",
                    "lu en {} (les octets ne sont pas de l'UTF-8) ; --encoding en choisit un autre",
                    encoding.name()
                ));
            }
            let lines = csv_lines(prefix, bom, input, encoding, reading.delimiter)?;
            Source::Csv(Box::new(lines))
        }
    };
    let mut row = Row::default();
    let header_error = |message: Text| BatchError::Header {
        origin: origin.to_string(),
        message,
    };
    if !source.next_row(&mut row)? {
        return Err(header_error(text!(
            "the file is empty",
            "le fichier est vide"
        )));
    }
    if let Some(fault) = row.fault {
        return Err(header_error(fault.text()));
    }
    let header = header(&row.record, origin, options, notes)?;
    if let Source::Csv(lines) = &mut source {
        lines.set_fields(header.columns.len());
    }
    Ok((source, header))
}

/// The rows of CSV text: `prefix` (its byte order mark `bom` bytes long) then the rest of
/// `input`, in `encoding`, cells separated by `delimiter` or the header line's.
fn csv_lines<'a, R: Read + 'a>(
    prefix: Vec<u8>,
    bom: usize,
    input: R,
    encoding: &'static encoding_rs::Encoding,
    delimiter: Option<u8>,
) -> io::Result<CsvLines<Box<dyn Read + 'a>>> {
    let mut start = Cursor::new(prefix);
    start.set_position(bom as u64);
    let stream = start.chain(input);
    let text: Box<dyn Read + 'a> = if encoding == encoding_rs::UTF_8 {
        Box::new(stream)
    } else {
        Box::new(Decoded::new(stream, encoding))
    };
    let mut lines = CsvLines::new(text, b',');
    let delimiter = match delimiter {
        Some(d) => d,
        None => lines.first_line()?.map_or(b',', sniff::delimiter),
    };
    lines.set_delimiter(delimiter);
    Ok(lines)
}

/// Reads the header's cells: each an input field, in English or French, or a column of the
/// user's (refused with `--strict-columns`).
fn header(
    record: &Record,
    origin: &str,
    options: &BatchOptions,
    mut notes: Vec<Text>,
) -> Result<Header, BatchError> {
    let (mut columns, mut texts, mut names) = (Vec::new(), Vec::new(), Vec::new());
    let strict = options.reading.strict_columns;
    for (i, raw) in record.iter().enumerate() {
        let raw = match i {
            0 => raw.strip_prefix("\u{feff}".as_bytes()).unwrap_or(raw),
            _ => raw,
        };
        let name = std::str::from_utf8(raw).map_err(|_| BatchError::Header {
            origin: origin.to_string(),
            message: text!(
                "the header is not UTF-8 text (a French spreadsheet's plain CSV is Windows-1252: --encoding windows-1252)",
                "l'en-tête n'est pas du texte UTF-8 (le CSV simple d'un tableur français est en Windows-1252 : --encoding windows-1252)"
            ),
        })?;
        let column = match Field::from_header(name) {
            Some(field) => {
                if let Some((_, first)) = names.iter().find(|(f, _)| *f == field) {
                    return Err(BatchError::DuplicateColumn {
                        origin: origin.to_string(),
                        first: String::clone(first),
                        second: name.to_string(),
                    });
                }
                names.push((field, name.to_string()));
                Col::Field(field)
            }
            None if name.trim().is_empty() && strict => Col::Ignored,
            None if name.trim().is_empty() => Col::Other,
            None => {
                let near = misspelt(name);
                if strict {
                    return Err(BatchError::UnknownColumn {
                        origin: origin.to_string(),
                        column: name.to_string(),
                        near,
                    });
                }
                if let Some(near) = near {
                    notes.push(text!(lang =>
                        "column '{name}' is not an input: copied to the output as it is.{}",
                        "la colonne « {name} » n'est pas une donnée : recopiée telle quelle en sortie.{}",
                        suggestion(Some(near), lang)
                    ));
                }
                Col::Other
            }
        };
        columns.push(column);
        texts.push(name.to_string());
    }
    let flags = Field::all()
        .filter(|f| f.given(&options.defaults))
        .collect();
    Ok(Header {
        columns,
        names: Headers::new(names).with_flags(flags),
        texts,
        notes,
    })
}

/// The input field a header that names none may be a typing slip of (`debutt`): never one of
/// the columns the tool writes (`rule_set`, read back from its own output).
fn misspelt(name: &str) -> Option<&'static str> {
    // The tool's own columns, by their keys or their headings in either language (`Écart`).
    if crate::column::Column::from_heading(name).is_some() {
        return None;
    }
    did_you_mean(name, Field::all().flat_map(|f| [f.key(), f.french()]))
}

/// Reads rows into `rows`, reusing their buffers, until it holds `size` rows or `bytes` bytes
/// of cells (the rows in flight are bounded by their bytes, not only their number). A row whose
/// cells cannot be read is kept, with the reason. A failure to read the input at all is
/// returned, after the rows read before it (which are still written).
pub(super) fn read_chunk(
    source: &mut Source<'_>,
    rows: &mut Vec<Row>,
    size: usize,
    bytes: usize,
) -> Option<BatchError> {
    let (mut n, mut taken) = (0, 0);
    while n < size && taken < bytes {
        if rows.len() == n {
            rows.push(Row::default());
        }
        let Some(row) = rows.get_mut(n) else {
            break;
        };
        match source.next_row(row) {
            Ok(true) => {
                taken += row.record.size();
                n += 1;
            }
            Ok(false) => break,
            Err(e) => {
                rows.truncate(n);
                return Some(BatchError::Io(e));
            }
        }
    }
    rows.truncate(n);
    None
}
