//! Output: typed records written by one sink per format.
//!
//! A command hands a sink a header (the columns, declared once per record type in
//! [`records`]) and rows of typed [`Cell`]s. Each sink decides how a cell looks in its
//! format: an amount is `3249.79` in CSV and JSON, `3249,79` in the Excel dialect, a
//! number with a euro format in xlsx and `3,249.79` in a table. Nothing is formatted
//! first and guessed back later. Sinks write to a buffered writer as rows come (the
//! table sink, for people, lays its rows out at the end).

pub mod records;
mod table;
mod xlsx;

pub use table::{
    bullets, keep_whole, label_texts, new_table, sources_list, Labels, TableSink, LABELS,
};
pub use xlsx::XlsxSink;

use crate::money::{plain, plain_rate, Lang};
use crate::rates::Source;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::{json, Map, Value};
use std::borrow::Cow;
use std::io::{self, Write};

/// The output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// A table for people (the default).
    #[default]
    Table,
    /// CSV with a header row, for scripts and spreadsheets.
    Csv,
    /// JSON, for scripts.
    Json,
    /// An Excel workbook: a results sheet and a sources sheet.
    Xlsx,
}

impl Format {
    /// The formats, by name.
    pub const NAMES: [(&'static str, Format); 4] = [
        ("table", Format::Table),
        ("csv", Format::Csv),
        ("json", Format::Json),
        ("xlsx", Format::Xlsx),
    ];
}

/// Text made safe for a terminal: control characters (escape sequences that could set a
/// window title or move the cursor) and the invisible bidirectional overrides are shown as
/// `\u{1b}`-style escapes. Line ends and tabs are kept. Used by every output for people
/// (tables, messages), since arguments and data files are echoed there.
pub fn printable(text: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.contains(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// How CSV is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CsvStyle {
    /// For a French-locale spreadsheet: `;` separator, decimal comma, byte order
    /// mark, and text cells a spreadsheet would read as a formula neutralised.
    pub excel: bool,
}

/// One value of a record, typed.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    /// No value, and no key in JSON.
    Absent,
    /// No value: an empty CSV cell, `null` in JSON.
    Empty,
    /// Text.
    Text(Cow<'a, str>),
    /// An amount in euros: two decimals, rounded half away from zero.
    Amount(Decimal),
    /// A rate or share (`0.44`).
    Rate(Decimal),
    /// A plain decimal that is not money (half-days, kilometres).
    Number(Decimal),
    /// A whole number.
    Int(i64),
    /// A date.
    Date(NaiveDate),
    /// A yes/no value.
    Bool(bool),
    /// A list: an array in JSON, joined by the separator in CSV and tables.
    List(Vec<Cow<'a, str>>, &'static str),
    /// Documents: their ids in CSV, whole objects in JSON.
    Sources(Vec<&'a Source>),
    /// A structure that only JSON shows whole (CSV gets its compact JSON text).
    Json(Value),
    /// A cell already in the form the sink that prepared it writes ([`Sink::prepare`]).
    Encoded(Cow<'a, str>),
}

impl<'a> Cell<'a> {
    /// A text cell.
    pub fn text(value: impl Into<Cow<'a, str>>) -> Self {
        Cell::Text(value.into())
    }

    /// An optional amount.
    pub fn amount_or_empty(value: Option<Decimal>) -> Self {
        value.map_or(Cell::Empty, Cell::Amount)
    }

    /// An optional date.
    pub fn date_or_empty(value: Option<NaiveDate>) -> Self {
        value.map_or(Cell::Empty, Cell::Date)
    }

    /// The cell as plain text: what CSV writes (before the Excel dialect).
    pub fn plain(&self) -> Cow<'_, str> {
        match self {
            Cell::Absent | Cell::Empty => Cow::Borrowed(""),
            Cell::Text(t) | Cell::Encoded(t) => Cow::Borrowed(t.as_ref()),
            Cell::Amount(v) => Cow::Owned(plain(*v)),
            Cell::Rate(v) | Cell::Number(v) => Cow::Owned(plain_rate(*v)),
            Cell::Int(n) => Cow::Owned(n.to_string()),
            Cell::Date(d) => Cow::Owned(d.to_string()),
            Cell::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
            Cell::List(items, sep) => Cow::Owned(items.join(sep)),
            Cell::Sources(list) => Cow::Owned(
                list.iter()
                    .map(|s| s.id.as_str())
                    .collect::<Vec<_>>()
                    .join(","),
            ),
            Cell::Json(v) => Cow::Owned(v.to_string()),
        }
    }

    /// The cell as JSON: amounts as strings with two decimals, rates as decimal strings.
    pub fn json(&self) -> Value {
        match self {
            Cell::Absent | Cell::Empty => Value::Null,
            Cell::Int(n) => json!(n),
            Cell::Bool(b) => json!(b),
            Cell::List(items, _) => json!(items),
            Cell::Sources(list) => list.iter().map(|s| source_json(s)).collect(),
            Cell::Json(v) => v.clone(),
            other => Value::String(other.plain().into_owned()),
        }
    }

    /// Whether a spreadsheet should read the cell as a number.
    fn is_numeric(&self) -> bool {
        matches!(
            self,
            Cell::Amount(_) | Cell::Rate(_) | Cell::Number(_) | Cell::Int(_)
        )
    }
}

/// A source as JSON.
pub fn source_json(s: &Source) -> Value {
    json!({
        "id": s.id,
        "title": s.title,
        "reference": s.reference,
        "url": s.url,
        "date": s.date.map(|d| d.to_string()),
    })
}

/// What is said beside the rows: shown under a table, on a second sheet of a workbook.
#[derive(Debug, Clone, Default)]
pub struct Notes<'a> {
    /// Warnings.
    pub warnings: Vec<String>,
    /// The conditions of eligibility, one line each: status, condition, why.
    pub conditions: Vec<String>,
    /// Assumptions.
    pub assumptions: Vec<String>,
    /// The documents.
    pub sources: Vec<&'a Source>,
}

/// Where rows go. Every command writes its records through one.
pub trait Sink {
    /// Starts a set of rows with these columns (keys for scripts, labels for people).
    fn header(&mut self, columns: &[Column]) -> io::Result<()>;
    /// Writes one row, a cell per column.
    fn row(&mut self, cells: &[Cell<'_>]) -> io::Result<()>;
    /// Text for people, above or between tables (ignored by formats for scripts).
    fn text(&mut self, _text: &str) -> io::Result<()> {
        Ok(())
    }
    /// The warnings, assumptions and sources (shown by tables and workbooks).
    fn notes(&mut self, _notes: &Notes<'_>) -> io::Result<()> {
        Ok(())
    }
    /// Starts a named part of the output, for outputs of several tables: JSON then writes an
    /// object with one array per part. Call it before the first part too.
    fn section(&mut self, _name: &'static str) -> io::Result<()> {
        Ok(())
    }
    /// Ends the output.
    fn finish(&mut self) -> io::Result<()>;
    /// How this sink wants cells it will write many times (a batch's remembered rows).
    fn preparer(&self) -> Prepare {
        Prepare::AsIs
    }
    /// For a sink whose [`Sink::preparer`] encodes whole rows ([`Prepare::Csv`]): the output
    /// itself, after what the sink has written so far, to write rows encoded by [`CsvRows`]
    /// (by other threads, say) in place of [`Sink::row`]. `None` when the sink has no such
    /// output. Rows written there must be encoded in the sink's own style.
    fn raw_rows(&mut self) -> io::Result<Option<&mut dyn Write>> {
        Ok(None)
    }
}

/// How cells written many times are prepared for a sink: kept as they are, or formatted
/// once in the sink's form ([`Cell::Encoded`]) and then copied. It is a plain value, so that
/// the threads of a batch can prepare cells for the sink the main thread writes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prepare {
    /// The cell as it is.
    AsIs,
    /// The cell as this CSV style writes it.
    Csv(CsvStyle),
}

impl Prepare {
    /// The cell, prepared.
    pub fn apply(self, cell: Cell<'static>) -> Cell<'static> {
        match self {
            Prepare::AsIs => cell,
            Prepare::Csv(style) => {
                let mut buf = Vec::new();
                csv_cell(&cell, style, &mut buf);
                match String::from_utf8(buf) {
                    Ok(text) => Cell::Encoded(Cow::Owned(text)),
                    Err(_) => cell,
                }
            }
        }
    }
}

/// A column of a record: its stable key and its label for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The key in CSV and JSON (never translated).
    pub key: &'static str,
    /// The label in tables, in English and French.
    pub label: (&'static str, &'static str),
}

impl Column {
    /// A column whose table label is its key.
    pub const fn key(key: &'static str) -> Self {
        Column {
            key,
            label: (key, key),
        }
    }

    /// A column with table labels.
    pub const fn new(key: &'static str, en: &'static str, fr: &'static str) -> Self {
        Column {
            key,
            label: (en, fr),
        }
    }

    /// The label in a language.
    pub fn label(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.label.0,
            Lang::Fr => self.label.1,
        }
    }
}

/// Columns from keys.
pub fn columns(keys: &[&'static str]) -> Vec<Column> {
    keys.iter().map(|k| Column::key(k)).collect()
}

/// CSV, plain or in the French Excel dialect.
pub struct CsvSink<W: Write> {
    out: Option<W>,
    writer: Option<io::BufWriter<W>>,
    rows: CsvRows,
}

impl<W: Write> CsvSink<W> {
    /// A CSV sink writing to `out`.
    pub fn new(out: W, style: CsvStyle) -> Self {
        CsvSink {
            out: Some(out),
            writer: None,
            rows: CsvRows::with(style, false),
        }
    }

    /// The output, made ready on first use (after the byte order mark, in the Excel dialect).
    fn start(&mut self) -> io::Result<&mut io::BufWriter<W>> {
        start(&mut self.out, &mut self.writer, self.rows.style)
    }
}

/// A CSV sink's output, made ready on first use.
fn start<'w, W: Write>(
    out: &mut Option<W>,
    writer: &'w mut Option<io::BufWriter<W>>,
    style: CsvStyle,
) -> io::Result<&'w mut io::BufWriter<W>> {
    if let Some(mut out) = out.take() {
        if style.excel {
            out.write_all("\u{feff}".as_bytes())?;
        }
        *writer = Some(io::BufWriter::with_capacity(8 << 10, out));
    }
    writer.as_mut().ok_or_else(|| {
        io::Error::other(
            crate::lang::Lang::messages()
                .pick("the CSV output is closed", "la sortie CSV est fermée"),
        )
    })
}

/// The characters that make a spreadsheet read a cell as a formula, or hide one.
fn formula_like(text: &str) -> bool {
    let trimmed = text.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\'' | '\u{200b}' | '\u{feff}')
    });
    matches!(
        trimmed.chars().next(),
        Some('=' | '+' | '-' | '@' | '＝' | '＋' | '－' | '＠')
    ) || matches!(text.chars().next(), Some('\t' | '\r' | '\n'))
}

/// Appends one cell to `out` as a field of a CSV row in this style, quoted where the CSV
/// writer quotes it: when it holds the delimiter, a quote or a line end. (A row of a single
/// empty field, which the writer writes `""`, is the caller's to avoid.) `scratch` is a buffer
/// for the cell's text.
pub fn csv_field(cell: &Cell<'_>, style: CsvStyle, scratch: &mut Vec<u8>, out: &mut Vec<u8>) {
    csv_cell(cell, style, scratch);
    let delimiter = if style.excel { b';' } else { b',' };
    let special = |b: &u8| *b == delimiter || matches!(*b, b'"' | b'\n' | b'\r');
    if scratch.iter().any(special) {
        out.push(b'"');
        for b in scratch.iter() {
            if *b == b'"' {
                out.push(b'"');
            }
            out.push(*b);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(scratch);
    }
}

/// Writes one cell in the CSV style into `buf`.
fn csv_cell(cell: &Cell<'_>, style: CsvStyle, buf: &mut Vec<u8>) {
    buf.clear();
    if let (Cell::Amount(value), false) = (cell, style.excel) {
        // The commonest cell, written without an intermediate string.
        crate::money::write_plain(*value, buf);
        return;
    }
    let text = cell.plain();
    if !style.excel || matches!(cell, Cell::Encoded(_)) {
        buf.extend_from_slice(text.as_bytes());
    } else if cell.is_numeric() {
        buf.extend(text.bytes().map(|b| if b == b'.' { b',' } else { b }));
    } else if formula_like(&text) {
        buf.push(b'\'');
        buf.extend_from_slice(text.as_bytes());
    } else {
        buf.extend_from_slice(text.as_bytes());
    }
}

impl<W: Write> Sink for CsvSink<W> {
    fn header(&mut self, columns: &[Column]) -> io::Result<()> {
        for column in columns {
            self.rows.field(column.key.as_bytes())?;
        }
        let out = start(&mut self.out, &mut self.writer, self.rows.style)?;
        self.rows.end_row(out)
    }

    fn row(&mut self, cells: &[Cell<'_>]) -> io::Result<()> {
        for cell in cells {
            self.rows.cell(cell)?;
        }
        let out = start(&mut self.out, &mut self.writer, self.rows.style)?;
        self.rows.end_row(out)
    }

    fn finish(&mut self) -> io::Result<()> {
        self.start()?.flush()
    }

    fn preparer(&self) -> Prepare {
        Prepare::Csv(self.rows.style)
    }

    fn raw_rows(&mut self) -> io::Result<Option<&mut dyn Write>> {
        Ok(Some(self.start()?))
    }
}

/// Where [`CsvRows`] has the CSV writer put a row, to take it out.
#[derive(Debug, Default)]
struct Tap(std::cell::RefCell<Vec<u8>>);

impl Write for Tap {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.get_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Encodes rows as a [`CsvSink`] of the same style writes them: so that several threads
/// can encode the rows that one writes out ([`Sink::raw_rows`]).
pub struct CsvRows {
    style: CsvStyle,
    writer: csv::Writer<Tap>,
    scratch: Vec<u8>,
}

impl CsvRows {
    /// An encoder for this style.
    pub fn new(style: CsvStyle) -> Self {
        CsvRows::with(style, true)
    }

    /// An encoder; unless `flexible`, a row of another length than the first is an error.
    fn with(style: CsvStyle, flexible: bool) -> Self {
        CsvRows {
            style,
            writer: csv::WriterBuilder::new()
                .delimiter(if style.excel { b';' } else { b',' })
                .flexible(flexible)
                .from_writer(Tap::default()),
            scratch: Vec::new(),
        }
    }

    /// Adds one field of the current row, as it is.
    fn field(&mut self, field: &[u8]) -> io::Result<()> {
        self.writer.write_field(field).map_err(io::Error::from)
    }

    /// Adds one cell of the current row.
    pub fn cell(&mut self, cell: &Cell<'_>) -> io::Result<()> {
        csv_cell(cell, self.style, &mut self.scratch);
        self.writer
            .write_field(&self.scratch)
            .map_err(io::Error::from)
    }

    /// Ends the current row, and writes it to `out`.
    pub fn end_row(&mut self, out: &mut impl Write) -> io::Result<()> {
        self.writer.write_record(None::<&[u8]>)?;
        self.writer.flush()?;
        let mut row = self
            .writer
            .get_ref()
            .0
            .try_borrow_mut()
            .map_err(io::Error::other)?;
        let written = out.write_all(&row);
        row.clear();
        written
    }
}

/// JSON: one object, or an array of objects written as they come (one a line); with
/// sections, an object holding one such array per section.
pub struct JsonSink<W: Write> {
    out: W,
    single: bool,
    keys: Vec<&'static str>,
    rows: usize,
    sections: usize,
}

impl<W: Write> JsonSink<W> {
    /// A sink that writes a single object (pretty) when `single`, else an array.
    pub fn new(out: W, single: bool) -> Self {
        JsonSink {
            out,
            single,
            keys: Vec::new(),
            rows: 0,
            sections: 0,
        }
    }

    fn object(&self, cells: &[Cell<'_>]) -> Value {
        let mut object = Map::new();
        for (key, cell) in self.keys.iter().zip(cells) {
            if *cell != Cell::Absent {
                object.insert((*key).to_string(), cell.json());
            }
        }
        Value::Object(object)
    }
}

impl<W: Write> Sink for JsonSink<W> {
    fn header(&mut self, columns: &[Column]) -> io::Result<()> {
        self.keys = columns.iter().map(|c| c.key).collect();
        Ok(())
    }

    fn row(&mut self, cells: &[Cell<'_>]) -> io::Result<()> {
        let object = self.object(cells);
        if self.single {
            serde_json::to_writer_pretty(&mut self.out, &object)?;
            self.out.write_all(b"\n")?;
        } else {
            self.out
                .write_all(if self.rows == 0 { b"[\n" } else { b",\n" })?;
            serde_json::to_writer(&mut self.out, &object)?;
        }
        self.rows += 1;
        Ok(())
    }

    fn section(&mut self, name: &'static str) -> io::Result<()> {
        if self.single {
            return Ok(());
        }
        if self.sections > 0 {
            self.out
                .write_all(if self.rows == 0 { b"[]" } else { b"\n]" })?;
        }
        self.out
            .write_all(if self.sections == 0 { b"{" } else { b",\n" })?;
        serde_json::to_writer(&mut self.out, name)?;
        self.out.write_all(b": ")?;
        (self.sections, self.rows) = (self.sections + 1, 0);
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        if !self.single {
            self.out
                .write_all(if self.rows == 0 { b"[]" } else { b"\n]" })?;
            self.out
                .write_all(if self.sections > 0 { b"}\n" } else { b"\n" })?;
        }
        self.out.flush()
    }
}

/// The sink for a format. `single` asks JSON for one object rather than an array.
pub fn sink<'w>(
    format: Format,
    lang: Lang,
    csv: CsvStyle,
    single: bool,
    out: Box<dyn Write + 'w>,
) -> Box<dyn Sink + 'w> {
    match format {
        Format::Table => Box::new(TableSink::new(out, lang)),
        Format::Csv => Box::new(CsvSink::new(out, csv)),
        Format::Json => Box::new(JsonSink::new(out, single)),
        Format::Xlsx => Box::new(XlsxSink::new(out, lang)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn excel(cell: Cell<'_>) -> String {
        let mut buf = Vec::new();
        csv_cell(&cell, CsvStyle { excel: true }, &mut buf);
        String::from_utf8(buf).unwrap_or_default()
    }

    #[test]
    fn excel_cells_are_numbers_or_neutralised() {
        assert_eq!(excel(Cell::Amount(dec!(3249.79))), "3249,79");
        assert_eq!(excel(Cell::Amount(dec!(-12.5))), "-12,50");
        assert_eq!(excel(Cell::text("=HYPERLINK(\"x\")")), "'=HYPERLINK(\"x\")");
        assert_eq!(excel(Cell::text("+33 1 23")), "'+33 1 23");
        assert_eq!(excel(Cell::text("@SUM(A1)")), "'@SUM(A1)");
        assert_eq!(excel(Cell::text("-sites")), "'-sites");
        assert_eq!(excel(Cell::text("  =1")), "'  =1");
        assert_eq!(excel(Cell::text("\"=1")), "'\"=1");
        assert_eq!(excel(Cell::text("＝HYPERLINK(1)")), "'＝HYPERLINK(1)");
        assert_eq!(excel(Cell::text("\n=1")), "'\n=1");
        // A text that looks like a number is text: it is not turned into one.
        assert_eq!(excel(Cell::text("12.5")), "12.5");
        assert_eq!(
            excel(Cell::text("nouvelle-aquitaine")),
            "nouvelle-aquitaine"
        );
        let mut buf = Vec::new();
        csv_cell(&Cell::text("=1"), CsvStyle::default(), &mut buf);
        assert_eq!(buf, b"=1");
    }

    #[test]
    fn fields_are_quoted_as_the_csv_writer_quotes_them() {
        let alphabet = [
            "a", "é", ",", ";", "\"", "\n", "\r", "'", "=", " ", "-", "1", ".",
        ];
        let mut state = 11_u64;
        for _ in 0..5_000 {
            let mut text = String::new();
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            for i in 0..(state % 7) {
                text.push_str(alphabet[((state >> (8 + 4 * i)) % 13) as usize]);
            }
            for excel in [false, true] {
                let style = CsvStyle { excel };
                let cells = [Cell::text("x"), Cell::text(text.as_str())];
                let mut expected = Vec::new();
                let mut rows = CsvRows::new(style);
                for cell in &cells {
                    rows.cell(cell).unwrap_or(());
                }
                rows.end_row(&mut expected).unwrap_or(());
                let (mut got, mut scratch) = (Vec::new(), Vec::new());
                csv_field(&cells[0], style, &mut scratch, &mut got);
                got.push(if excel { b';' } else { b',' });
                csv_field(&cells[1], style, &mut scratch, &mut got);
                got.push(b'\n');
                assert_eq!(got, expected, "{text:?}");
            }
        }
    }

    #[test]
    fn excel_csv_has_bom_and_semicolons() {
        let mut out = Vec::new();
        {
            let mut sink = CsvSink::new(&mut out, CsvStyle { excel: true });
            sink.header(&columns(&["a", "b"])).unwrap_or(());
            sink.row(&[Cell::Number(dec!(1.5)), Cell::text("x;y")])
                .unwrap_or(());
            sink.finish().unwrap_or(());
        }
        assert_eq!(
            String::from_utf8(out).unwrap_or_default(),
            "\u{feff}a;b\n1,5;\"x;y\"\n"
        );
    }

    #[test]
    fn json_arrays_stream_one_object_a_line() {
        let mut out = Vec::new();
        {
            let mut sink = JsonSink::new(&mut out, false);
            sink.header(&columns(&["a", "b", "c"])).unwrap_or(());
            sink.row(&[Cell::Amount(dec!(1)), Cell::Int(2), Cell::Absent])
                .unwrap_or(());
            sink.row(&[Cell::Empty, Cell::Bool(true), Cell::Absent])
                .unwrap_or(());
            sink.finish().unwrap_or(());
        }
        let text = String::from_utf8(out).unwrap_or_default();
        assert_eq!(
            text,
            "[\n{\"a\":\"1.00\",\"b\":2},\n{\"a\":null,\"b\":true}\n]\n"
        );
    }
}
