//! Output: typed records written by one sink per format.
//!
//! A command hands a sink a header (the columns, declared once per record type in
//! [`records`]) and rows of typed [`Cell`]s. Each sink decides how a cell looks in its
//! format: an amount is `3249.79` in CSV and JSON, `3249,79` in the Excel dialect, a
//! number with a euro format in xlsx and `3,249.79` in a table. Nothing is formatted
//! first and guessed back later. Sinks write to a buffered writer as rows come (the
//! table sink, for people, lays its rows out at the end).

mod csv;
mod grid;
mod json;
pub mod layout;
pub mod neutral;
pub mod records;
mod table;
mod word;
mod xlsx;

pub use csv::{csv_field, CsvRows, CsvSink, CsvStyle};
pub use json::JsonSink;
pub use table::{label_texts, Label, TableSink, MAX_TABLE_ROWS};
pub use word::Word;
pub use xlsx::{exact_number, XlsxSink, MAX_CELL_CHARS, MAX_ROWS, TEXT_WIDTH};

pub use crate::column::Column;
use crate::money::{plain, plain_rate, Lang};
use crate::rates::Source;
use chrono::NaiveDate;
use csv::csv_cell;
use rust_decimal::Decimal;
use serde_json::{json, Value};
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

/// The column headers of CSV and workbooks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Headings {
    /// The keys (`ars_monthly`), for scripts.
    #[default]
    Keys,
    /// The French labels of the columns (« ARS, par mois »), which `batch` reads back.
    French,
}

impl Headings {
    /// The header of a column in these headings.
    pub fn of<'a>(self, header: &Header<'a>) -> &'a str {
        match self {
            Headings::Keys => header.key,
            Headings::French => header.label(Lang::Fr),
        }
    }
}

/// Text made safe for a terminal: control characters (escape sequences that could set a
/// window title or move the cursor) and the invisible bidirectional overrides are shown as
/// `\u{1b}`-style escapes. Line ends and tabs are kept. Used by every output for people
/// (tables, messages), since arguments and data files are echoed there.
pub fn printable(text: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
            // The table sink's colour marks: never taken from the data.
            || layout::is_mark(c)
    };
    if !has_unsafe_bytes(text) {
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

/// Whether `text` holds a character [`printable`] escapes, read from its UTF-8 bytes without
/// decoding it (every table and paragraph for people goes through it): a control character
/// other than a line end or a tab (U+0000-U+001F, U+007F, U+0080-U+009F: `C2 80`-`C2 9F`), a
/// bidirectional control (U+202A-U+202E: `E2 80 AA`-`AE`; U+2066-U+2069: `E2 81 A6`-`A9`) or
/// a colour mark (U+E000-U+E002: `EE 80 80`-`82`).
fn has_unsafe_bytes(text: &str) -> bool {
    let bytes = text.as_bytes();
    let next = |i: usize| bytes.get(i + 1).copied().unwrap_or(0);
    let after = |i: usize| bytes.get(i + 2).copied().unwrap_or(0);
    let unsafe_at = |i: usize| match bytes[i] {
        b'\n' | b'\t' => false,
        0..=0x1f | 0x7f => true,
        0xc2 => matches!(next(i), 0x80..=0x9f),
        0xe2 => matches!(
            (next(i), after(i)),
            (0x80, 0xaa..=0xae) | (0x81, 0xa6..=0xa9)
        ),
        0xee => matches!((next(i), after(i)), (0x80, 0x80..=0x82)),
        _ => false,
    };
    // A byte that may start one of them; looked for 32 bytes at a time with no early exit,
    // which the compiler makes wide (most chunks hold none), then byte by byte in the chunks
    // that do.
    let may_start = |b: u8| b < 0x20 || b == 0x7f || b == 0xc2 || b == 0xe2 || b == 0xee;
    bytes.chunks(32).enumerate().any(|(n, chunk)| {
        chunk.iter().fold(false, |seen, &b| seen | may_start(b))
            && (n * 32..n * 32 + chunk.len()).any(unsafe_at)
    })
}

/// One value of a record, typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Cell<'a> {
    /// No value, and no key in JSON.
    Absent,
    /// No value: an empty CSV cell, `null` in JSON (the default: `unwrap_or_default` makes
    /// none when there is a cell, where `unwrap_or(Cell::Empty)` makes one and calls `Cell`'s
    /// drop on it: 3.6 % of the instructions of 20 000 batch rows in all columns).
    #[default]
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
    /// A word of a closed list: its id for scripts (`mismatch`), its label for people (`écart`).
    Word(Word),
    /// A thing of the data with an id and a name (a region): its id for scripts, its name for
    /// people.
    Named {
        /// For scripts (`provence-alpes-cote-d-azur`).
        id: Cow<'a, str>,
        /// For people (`PACA`).
        name: Cow<'a, str>,
    },
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
        value.map_or_else(Cell::default, Cell::Amount)
    }

    /// An optional date.
    pub fn date_or_empty(value: Option<NaiveDate>) -> Self {
        value.map_or_else(Cell::default, Cell::Date)
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
            Cell::Word(w) => Cow::Borrowed(w.id),
            Cell::Named { id, .. } => Cow::Borrowed(id.as_ref()),
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
    /// The notes rows name by id (a batch's), each with its text.
    pub catalogue: Vec<crate::explain::notes::Entry>,
}

/// How a table for people fits the width it has (formats for scripts ignore it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Wrap {
    /// No word is cut in two: a column is at least as wide as its longest word (an amount, a
    /// date, an id), up to a readable limit.
    #[default]
    Words,
    /// The columns at these positions stay on one line; the others wrap where the width falls,
    /// inside a word if need be (the layout the reference data's listings have always had).
    Anywhere {
        /// The positions of the columns kept on one line.
        whole: &'static [usize],
    },
}

/// Where rows go. Every command writes its records through one.
pub trait Sink {
    /// Starts a set of rows with these columns (keys for scripts, labels for people).
    fn header(&mut self, columns: &[Header<'_>]) -> io::Result<()>;
    /// Writes one row, a cell per column.
    fn row(&mut self, cells: &[Cell<'_>]) -> io::Result<()>;
    /// How the tables that follow wrap (tables for people only).
    fn wrap(&mut self, _wrap: Wrap) {}
    /// Text for people, above or between tables (ignored by formats for scripts).
    fn text(&mut self, _text: &str) -> io::Result<()> {
        Ok(())
    }
    /// The warnings, assumptions and sources (shown by tables and workbooks).
    fn notes(&mut self, _notes: &Notes<'_>) -> io::Result<()> {
        Ok(())
    }
    /// A field of the whole output, before its parts (JSON writes it at the top of its object;
    /// the other formats say it in their own text or not at all).
    fn field(&mut self, _key: &'static str, _value: &Cell<'_>) -> io::Result<()> {
        Ok(())
    }
    /// Starts a named part of the output, for outputs of several tables: JSON then writes an
    /// object with one array per part. Call it before the first part too.
    fn section(&mut self, _name: &'static str) -> io::Result<()> {
        Ok(())
    }
    /// A verdict line (`check`'s): in colour on a terminal that takes it, plain text elsewhere.
    fn verdict(&mut self, line: &str, good: bool) -> io::Result<()> {
        let _ = good;
        self.text(line)
    }
    /// Ends the output.
    fn finish(&mut self) -> io::Result<()>;
    /// What the sink had to change to write its cells (a workbook's cell cut, an amount written
    /// as text), in the output's language, each once: for the command to say on standard error.
    fn warnings(&mut self) -> Vec<String> {
        Vec::new()
    }
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

/// A column's heading: its stable key (CSV, JSON) and its label for people in each language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header<'a> {
    /// The key in CSV and JSON (never translated); a batch's copied input column keeps the
    /// header its input gives it.
    pub key: &'a str,
    /// The label in tables, in English and French; `None`: the label of the [`Column`] with
    /// this key, or else the key itself.
    pub label: Option<[&'a str; 2]>,
    /// A column of a batch's input copied as it is: the user's own, whatever its name.
    pub copied: bool,
}

impl<'a> Header<'a> {
    /// A heading named by its key: a table shows the label of the [`Column`] with that key,
    /// or else the key.
    pub const fn key(key: &'a str) -> Self {
        Header {
            key,
            label: None,
            copied: false,
        }
    }

    /// The heading of an input column copied as it is, named as the input writes it.
    pub const fn copied(name: &'a str) -> Self {
        Header {
            key: name,
            label: Some([name, name]),
            copied: true,
        }
    }

    /// A heading with labels.
    pub const fn new(key: &'a str, en: &'a str, fr: &'a str) -> Self {
        Header {
            key,
            label: Some([en, fr]),
            copied: false,
        }
    }

    /// The label in a language.
    pub fn label(&self, lang: Lang) -> &'a str {
        match self.label {
            Some([en, fr]) => lang.pick(en, fr),
            None => Column::from_key(self.key).map_or(self.key, |column| column.label(lang)),
        }
    }
}

impl From<Column> for Header<'static> {
    fn from(column: Column) -> Self {
        Header {
            key: column.key(),
            label: Some(column.labels()),
            copied: false,
        }
    }
}

/// The headings of columns.
pub fn headers(columns: &[Column]) -> Vec<Header<'static>> {
    columns.iter().map(|c| Header::from(*c)).collect()
}

/// The sink for a format. `single` asks JSON for one object rather than an array.
pub fn sink<'w>(
    format: Format,
    lang: Lang,
    csv: CsvStyle,
    headings: Headings,
    single: bool,
    out: Box<dyn Write + 'w>,
) -> Box<dyn Sink + 'w> {
    match format {
        Format::Table => Box::new(TableSink::new(out, lang)),
        Format::Csv => Box::new(CsvSink::new(out, csv).with_headings(headings)),
        Format::Json => Box::new(JsonSink::new(out, single)),
        Format::Xlsx => Box::new(XlsxSink::new(out, lang, headings)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte-level test finds what the character-level one finds, for every character up
    /// to U+FFFF alone and between others, at the end of a text (a sequence cut short), and
    /// astride two chunks of 32 bytes.
    #[test]
    fn unsafe_bytes_are_the_unsafe_characters() {
        let unsafe_char = |c: char| {
            (c.is_control() && c != '\n' && c != '\t')
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
                || layout::is_mark(c)
        };
        for c in (0..=0xffff_u32).filter_map(char::from_u32) {
            // Also across the 32-byte chunks the test reads at a time.
            let across = |pad: usize| format!("{}{c}…{}", "x".repeat(pad), "y".repeat(40));
            for text in [
                c.to_string(),
                format!("a«{c}»b"),
                format!("{c}\u{2026}"),
                across(30),
                across(31),
                across(63),
            ] {
                assert_eq!(has_unsafe_bytes(&text), text.contains(unsafe_char), "{c:?}");
            }
        }
    }

    /// The columns one output may hold together.
    fn outputs() -> Vec<Vec<Column>> {
        let mut batch = vec![Column::Id];
        batch.extend(Column::COMPUTATION);
        batch.extend(Column::POSTS);
        batch.extend(Column::BATCH_CHECK);
        batch.extend([
            Column::Year,
            Column::Overrides,
            Column::Status,
            Column::Error,
        ]);
        let mut check = Column::COMPUTATION.to_vec();
        check.extend(Column::CHECK);
        let mut schedule = vec![Column::Region, Column::RuleSet];
        schedule.extend(Column::SCHEDULE);
        schedule.extend(Column::SCHEDULE_EARLY);
        let mut years = vec![Column::Region, Column::RuleSet];
        years.extend(Column::BY_YEAR);
        vec![
            batch,
            check,
            schedule,
            years,
            Column::ENVELOPE.to_vec(),
            Column::SUMMARY.to_vec(),
        ]
    }

    #[test]
    fn french_headers_read_back_as_the_same_inputs_and_never_as_others() {
        use crate::model::fold_name;
        use crate::post::Field;
        for columns in outputs() {
            let mut seen = std::collections::BTreeMap::new();
            for column in columns {
                let label = column.label(Lang::Fr);
                if let Some(other) = seen.insert(fold_name(label), column) {
                    assert_eq!(other, column, "« {label} » twice in one output");
                }
                let as_input = Field::from_header(label);
                let same = Field::from_key(column.key());
                assert_eq!(
                    as_input, same,
                    "the French header « {label} » of {column:?} reads back as {as_input:?}"
                );
            }
        }
    }

    #[test]
    fn a_heading_shows_its_own_label_even_when_it_is_its_key() {
        // A heading named by its key takes its column's label; one given labels keeps them.
        assert_eq!(
            Header::key("grade").label(Lang::Fr),
            Column::Grade.label(Lang::Fr)
        );
        assert_eq!(
            Header::new("grade", "grade", "grade").label(Lang::Fr),
            "grade"
        );
        assert_eq!(
            Header::key("no_such_column").label(Lang::En),
            "no_such_column"
        );
    }
}
