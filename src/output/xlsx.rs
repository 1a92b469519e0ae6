//! Excel workbooks: a results sheet (amounts as numbers in a euro format, dates as dates)
//! and a sources sheet (documents, assumptions, warnings). Rows are written in the
//! workbook's constant-memory mode, so a large batch does not grow in memory.

use super::{Cell, Header, Headings, Notes, Sink};
use crate::lang::Lang;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use std::io::{self, Write};

/// The euro format of amounts.
const EURO: &str = "#,##0.00\\ \"€\"";

fn io_error(e: XlsxError) -> io::Error {
    io::Error::other(crate::text!(
        "cannot write the workbook: {e}",
        "impossible d'écrire le classeur : {e}"
    ))
}

/// A workbook sink. The file is assembled in [`Sink::finish`] and written to the output then.
pub struct XlsxSink<'w> {
    out: Box<dyn Write + 'w>,
    workbook: Workbook,
    results: Option<Worksheet>,
    notes: Option<Worksheet>,
    row: u32,
    euro: Format,
    date: Format,
    bold: Format,
    lang: Lang,
    headings: Headings,
}

impl<'w> XlsxSink<'w> {
    /// A workbook sink writing to `out` at the end.
    /// Sheet names and texts are in `lang`; column headers are the keys, as in CSV.
    pub fn new(out: Box<dyn Write + 'w>, lang: Lang, headings: Headings) -> Self {
        let mut workbook = Workbook::new();
        let mut results = workbook.new_worksheet_with_constant_memory();
        let _ = results.set_name(lang.pick("Results", "Résultats"));
        XlsxSink {
            out,
            workbook,
            results: Some(results),
            notes: None,
            row: 0,
            euro: Format::new().set_num_format(EURO),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            bold: Format::new().set_bold(),
            lang,
            headings,
        }
    }

    fn write(&mut self, col: u16, cell: &Cell<'_>) -> Result<(), XlsxError> {
        let (row, euro, date) = (self.row, &self.euro, &self.date);
        let Some(sheet) = self.results.as_mut() else {
            return Ok(());
        };
        match cell {
            Cell::Absent | Cell::Empty => {}
            Cell::Amount(v) => {
                sheet.write_with_format(row, col, crate::money::cents(*v), euro)?;
            }
            Cell::Rate(v) | Cell::Number(v) => {
                sheet.write(row, col, *v)?;
            }
            Cell::Int(n) => {
                sheet.write(row, col, rust_decimal::Decimal::from(*n))?;
            }
            Cell::Bool(b) => {
                sheet.write_boolean(row, col, *b)?;
            }
            Cell::Date(d) => {
                let when = ExcelDateTime::from_ymd(
                    u16::try_from(chrono::Datelike::year(d)).unwrap_or(1900),
                    chrono::Datelike::month(d) as u8,
                    chrono::Datelike::day(d) as u8,
                )?;
                sheet.write_datetime_with_format(row, col, &when, date)?;
            }
            other => {
                sheet.write_string(row, col, other.plain())?;
            }
        }
        Ok(())
    }
}

impl Sink for XlsxSink<'_> {
    fn header(&mut self, columns: &[Header<'_>]) -> io::Result<()> {
        let (row, bold) = (self.row, &self.bold);
        if let Some(sheet) = self.results.as_mut() {
            for (i, column) in columns.iter().enumerate() {
                let col = u16::try_from(i).map_err(io::Error::other)?;
                sheet
                    .write_string_with_format(row, col, self.headings.of(column), bold)
                    .map_err(io_error)?;
            }
        }
        self.row += 1;
        Ok(())
    }

    fn row(&mut self, cells: &[Cell<'_>]) -> io::Result<()> {
        for (i, cell) in cells.iter().enumerate() {
            let col = u16::try_from(i).map_err(io::Error::other)?;
            self.write(col, cell).map_err(io_error)?;
        }
        self.row += 1;
        Ok(())
    }

    fn notes(&mut self, notes: &Notes<'_>) -> io::Result<()> {
        let mut sheet = Worksheet::new();
        sheet.set_name("Sources").map_err(io_error)?;
        let bold = &self.bold;
        let header = ["kind", "id", "text", "reference", "url", "date"];
        for (i, key) in header.iter().enumerate() {
            sheet
                .write_string_with_format(0, i as u16, *key, bold)
                .map_err(io_error)?;
        }
        let mut row = 1;
        for s in &notes.sources {
            let cells = [
                "source",
                s.id.as_str(),
                s.title.as_str(),
                s.reference.as_deref().unwrap_or(""),
                s.url.as_deref().unwrap_or(""),
            ];
            for (i, text) in cells.iter().enumerate() {
                sheet.write_string(row, i as u16, *text).map_err(io_error)?;
            }
            if let Some(date) = s.date {
                sheet
                    .write_string(row, 5, date.to_string())
                    .map_err(io_error)?;
            }
            row += 1;
        }
        for (kind, list) in [
            ("assumption", &notes.assumptions),
            ("warning", &notes.warnings),
            ("condition", &notes.conditions),
        ] {
            for text in list {
                sheet.write_string(row, 0, kind).map_err(io_error)?;
                sheet.write_string(row, 2, text).map_err(io_error)?;
                row += 1;
            }
        }
        self.notes = Some(sheet);
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        if let Some(mut results) = self.results.take() {
            results.set_freeze_panes(1, 0).map_err(io_error)?;
            self.workbook.push_worksheet(results);
        }
        let notes = match self.notes.take() {
            Some(sheet) => sheet,
            None => {
                let mut sheet = Worksheet::new();
                sheet.set_name("Sources").map_err(io_error)?;
                sheet
                    .write_string(
                        0,
                        0,
                        self.lang.pick(
                            "No sources for this output.",
                            "Aucune source pour cette sortie.",
                        ),
                    )
                    .map_err(io_error)?;
                sheet
            }
        };
        self.workbook.push_worksheet(notes);
        let bytes = self.workbook.save_to_buffer().map_err(io_error)?;
        self.out.write_all(&bytes)?;
        self.out.flush()
    }
}
