//! CSV, plain or in the French Excel dialect (`;`, decimal comma, byte order mark, cells a
//! spreadsheet would read as a formula neutralised).

use super::neutral::formula_like;
use super::{Cell, Header, Headings, Prepare, Sink};
use std::io::{self, Write};

/// How CSV is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CsvStyle {
    /// For a French-locale spreadsheet: `;` separator, decimal comma, byte order
    /// mark, and text cells a spreadsheet would read as a formula neutralised.
    pub excel: bool,
}

/// CSV, plain or in the French Excel dialect.
pub struct CsvSink<W: Write> {
    headings: Headings,
    out: Option<W>,
    writer: Option<io::BufWriter<W>>,
    rows: CsvRows,
}

impl<W: Write> CsvSink<W> {
    /// A CSV sink writing to `out`.
    pub fn new(out: W, style: CsvStyle) -> Self {
        CsvSink {
            headings: Headings::Keys,
            out: Some(out),
            writer: None,
            rows: CsvRows::with(style, false),
        }
    }

    /// The same sink writing these column headers.
    pub fn with_headings(self, headings: Headings) -> Self {
        CsvSink { headings, ..self }
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
        io::Error::other(crate::text!(
            "the CSV output is closed",
            "la sortie CSV est fermée"
        ))
    })
}

/// Appends one cell to `out` as a field of a CSV row in this style, quoted where the CSV
/// writer quotes it: when it holds the delimiter, a quote or a line end. (A row of a single
/// empty field, which the writer writes `""`, is the caller's to avoid.) The cell's text is
/// written straight into the row; `scratch` holds it only when it must be quoted after all
/// (rare: a row of plain cells then needs no buffer of its own).
pub fn csv_field(cell: &Cell<'_>, style: CsvStyle, scratch: &mut Vec<u8>, out: &mut Vec<u8>) {
    let start = out.len();
    // Numbers and dates never hold a delimiter, a quote or a line end (the Excel dialect's
    // decimal comma goes with its `;`).
    if append_cell(cell, style, out) {
        return;
    }
    let delimiter = if style.excel { b';' } else { b',' };
    let special = |b: &u8| *b == delimiter || matches!(*b, b'"' | b'\n' | b'\r');
    if !out.get(start..).unwrap_or_default().iter().any(special) {
        return;
    }
    scratch.clear();
    scratch.extend_from_slice(out.get(start..).unwrap_or_default());
    out.truncate(start);
    out.push(b'"');
    for b in scratch.iter() {
        if *b == b'"' {
            out.push(b'"');
        }
        out.push(*b);
    }
    out.push(b'"');
}

/// The Excel dialect's decimal comma in a number's digits.
fn decimal_comma(digits: &mut [u8]) {
    for b in digits {
        if *b == b'.' {
            *b = b',';
        }
    }
}

/// Appends a number, a date or nothing as [`Cell::plain`] writes it (before the Excel dialect's
/// decimal comma), without an intermediate string: where it starts in `out`, or `None` (and
/// nothing written) for any other cell.
fn written_bare(cell: &Cell<'_>, out: &mut Vec<u8>) -> Option<usize> {
    let start = out.len();
    match cell {
        Cell::Absent | Cell::Empty => {}
        Cell::Amount(value) => crate::money::write_plain(*value, out),
        Cell::Rate(value) | Cell::Number(value) => crate::money::write_rate(*value, out),
        Cell::Int(n) => {
            if *n < 0 {
                out.push(b'-');
            }
            let mut digits = [0_u8; 40];
            out.extend_from_slice(crate::money::write_digits(
                u128::from(n.unsigned_abs()),
                &mut digits,
            ));
        }
        Cell::Date(date) => write_date(*date, out),
        _ => return None,
    }
    Some(start)
}

/// Appends a date as `Display` writes it (`2026-11-01`).
fn write_date(date: chrono::NaiveDate, out: &mut Vec<u8>) {
    use chrono::Datelike;
    match u16::try_from(date.year()) {
        Ok(year) if year <= 9999 => {
            let (month, day) = (date.month() as u8, date.day() as u8);
            let digit = |n: u16| b'0' + (n % 10) as u8;
            out.extend_from_slice(&[
                digit(year / 1000),
                digit(year / 100),
                digit(year / 10),
                digit(year),
                b'-',
                b'0' + month / 10,
                b'0' + month % 10,
                b'-',
                b'0' + day / 10,
                b'0' + day % 10,
            ]);
        }
        // Years outside 0 to 9999, which `Display` writes with a sign.
        _ => {
            use std::io::Write;
            let _ = write!(out, "{date}");
        }
    }
}

/// Writes one cell in the CSV style into `buf`.
pub(super) fn csv_cell(cell: &Cell<'_>, style: CsvStyle, buf: &mut Vec<u8>) {
    buf.clear();
    append_cell(cell, style, buf);
}

/// [`csv_cell`], appended to `buf`: whether the cell was a number, a date or nothing, written
/// bare (without the formatting machinery, and never to be quoted).
fn append_cell(cell: &Cell<'_>, style: CsvStyle, buf: &mut Vec<u8>) -> bool {
    if let Some(start) = written_bare(cell, buf) {
        if style.excel && cell.is_numeric() {
            decimal_comma(buf.get_mut(start..).unwrap_or_default());
        }
        return true;
    }
    if let (Cell::List(items, sep), false) = (cell, style.excel) {
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                buf.extend_from_slice(sep.as_bytes());
            }
            buf.extend_from_slice(item.as_bytes());
        }
        return false;
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
    false
}

impl<W: Write> Sink for CsvSink<W> {
    fn header(&mut self, columns: &[Header<'_>]) -> io::Result<()> {
        for column in columns {
            self.rows.field(self.headings.of(column).as_bytes())?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    proptest::proptest! {
        /// A number or a date written straight into a row is what its text would be, in both
        /// dialects, whatever the row held before it.
        #[test]
        fn a_bare_cell_is_written_as_its_text(
            days in -4_000_000_i32..4_000_000, n: i64,
            mantissa in -(1_i128 << 96) + 1..(1_i128 << 96), scale in 0_u32..=28,
        ) {
            let date = chrono::NaiveDate::from_num_days_from_ce_opt(days);
            let value = rust_decimal::Decimal::from_i128_with_scale(mantissa, scale);
            let cells = [
                date.map_or_else(Cell::default, Cell::Date),
                Cell::Int(n),
                Cell::Amount(value),
                Cell::Rate(value),
                Cell::Number(value),
                Cell::Empty,
            ];
            for cell in &cells {
                for excel in [false, true] {
                    // An amount's text is its value rounded to the cent, half away from zero
                    // (`Cell::plain` writes it as `csv_field` does: checked here against the
                    // general rounding instead; zero, which may be negative, aside).
                    let text = match cell {
                        Cell::Amount(v) if !v.is_zero() => std::borrow::Cow::Owned(format!(
                            "{:.2}",
                            v.round_dp_with_strategy(
                                2,
                                rust_decimal::RoundingStrategy::MidpointAwayFromZero
                            )
                        )),
                        _ => cell.plain(),
                    };
                    let expected = match excel && cell.is_numeric() {
                        true => text.replace('.', ","),
                        false => text.into_owned(),
                    };
                    let mut out = b"a,".to_vec();
                    csv_field(cell, CsvStyle { excel }, &mut Vec::new(), &mut out);
                    proptest::prop_assert_eq!(&out[2..], expected.as_bytes());
                    let mut buf = b"left over".to_vec();
                    csv_cell(cell, CsvStyle { excel }, &mut buf);
                    proptest::prop_assert_eq!(&buf[..], expected.as_bytes());
                }
            }
        }
    }

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
            sink.header(&[Header::key("a"), Header::key("b")])
                .unwrap_or(());
            sink.row(&[Cell::Number(dec!(1.5)), Cell::text("x;y")])
                .unwrap_or(());
            sink.finish().unwrap_or(());
        }
        assert_eq!(
            String::from_utf8(out).unwrap_or_default(),
            "\u{feff}a;b\n1,5;\"x;y\"\n"
        );
    }
}
