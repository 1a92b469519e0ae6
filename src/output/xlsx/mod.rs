//! Excel workbooks, as they open in Excel and LibreOffice Calc: each table on its own sheet,
//! its header bold and frozen, its columns as wide as their widest cell, amounts as numbers in a
//! euro format, rates as `44 %`, dates as `01/11/2026`; then a *Columns* sheet (*Colonnes*)
//! saying what each column is, and a *Sources* sheet: each document cited once, with the rows
//! that cite it, then the assumptions, warnings and conditions.
//!
//! Sheets follow the sink's calls: text before a table is its title, above its header; a
//! [`Sink::section`] names the sheet of the next table (`rows`: *Results*, `summary`: *Totals*,
//! `by_year`: *By year*, `schedule`: *Schedule*); a header after a table starts a new sheet. So
//! any list of records, a batch's years say, becomes a sheet by `section("by_year")`, `header`
//! and its rows. Rows are written in the workbook's constant-memory mode (its temporary files
//! removed by the system as they close), and the file is assembled in an anonymous temporary file,
//! then copied to the output: memory stays flat whatever the rows. A sheet holds 1 048 576 rows;
//! the rows after it continue on a sheet of the same name numbered 2, 3…, under the same header.

mod notes;
mod sheet;

pub use sheet::{exact_number, MAX_CELL_CHARS, MAX_ROWS, TEXT_WIDTH};

use super::{Cell, Header, Headings, Notes, Sink};
use crate::lang::Lang;
use notes::{columns_sheet, sources_sheet, OwnedNotes, SheetColumns};
use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};
use sheet::{Formats, Said, Sheet};
use std::io::{self, Seek, Write};

fn io_error(e: XlsxError) -> io::Error {
    match e {
        XlsxError::IoError(e) => e,
        e => io::Error::other(crate::text!(
            "cannot write the workbook: {e}",
            "impossible d'écrire le classeur : {e}"
        )),
    }
}

/// A workbook sink. The file is assembled in [`Sink::finish`] and written to the output then.
pub struct XlsxSink<'w> {
    out: Box<dyn Write + 'w>,
    workbook: Workbook,
    lang: Lang,
    headings: Headings,
    formats: Formats,
    /// Sheets done, in order.
    done: Vec<Worksheet>,
    current: Option<Sheet>,
    /// Lines of text waiting for the next sheet's title.
    titles: Vec<String>,
    /// The part the next sheet holds ([`Sink::section`]).
    section: Option<&'static str>,
    /// The columns of each sheet, for the Columns sheet.
    columns: Vec<SheetColumns>,
    notes: OwnedNotes,
    said: Said,
    /// The rows a sheet holds (a spreadsheet's, but in tests).
    row_limit: u32,
    /// Worksheets write their rows to temporary files (constant memory).
    constant_memory: bool,
    /// The warnings not yet taken ([`Sink::warnings`]).
    untold: usize,
}

impl<'w> XlsxSink<'w> {
    /// A workbook sink writing to `out` at the end; its words and sheet names are in `lang`.
    pub fn new(out: Box<dyn Write + 'w>, lang: Lang, headings: Headings) -> Self {
        let mut workbook = Workbook::new();
        // Constant memory needs a temporary folder that can be written; without one, the
        // sheets are kept in memory.
        let constant_memory = workbook.set_tempdir(std::env::temp_dir()).is_ok();
        XlsxSink {
            out,
            workbook,
            lang,
            headings,
            formats: Formats::new(),
            done: Vec::new(),
            current: None,
            titles: Vec::new(),
            section: None,
            columns: Vec::new(),
            notes: OwnedNotes::default(),
            said: Said::default(),
            row_limit: MAX_ROWS,
            constant_memory,
            untold: 0,
        }
    }

    /// The same sink with sheets of at most `rows` rows (to test continuation sheets).
    pub fn with_row_limit(self, rows: u32) -> Self {
        XlsxSink {
            row_limit: rows.clamp(3, MAX_ROWS),
            ..self
        }
    }

    /// The name of a part's sheet.
    fn sheet_name(&self, section: Option<&str>) -> String {
        let lang = self.lang;
        let base = match section {
            None | Some("rows") => lang.pick("Results", "Résultats"),
            Some("summary") => lang.pick("Totals", "Totaux"),
            Some("by_year") => lang.pick("By year", "Par année"),
            Some("schedule") => lang.pick("Schedule", "Échéancier"),
            Some(other) => other,
        };
        self.unique(base)
    }

    /// `base`, or `base 2`, `base 3`… when a sheet has it already.
    fn unique(&self, base: &str) -> String {
        let taken = |name: &str| {
            self.columns.iter().any(|c| c.sheet == name)
                || self.current.as_ref().is_some_and(|s| s.name == name)
        };
        let mut name = base.to_string();
        let mut n = 2;
        while taken(&name) {
            name = format!("{base} {n}");
            n += 1;
        }
        name
    }

    /// Ends the current sheet.
    fn close(&mut self) -> io::Result<()> {
        if let Some(sheet) = self.current.take() {
            self.done.push(sheet.close().map_err(io_error)?);
        }
        Ok(())
    }

    /// Starts a sheet, its title lines first.
    fn open(&mut self, name: String) -> io::Result<()> {
        self.close()?;
        let mut worksheet = if self.constant_memory {
            self.workbook.new_worksheet_with_constant_memory()
        } else {
            Worksheet::new()
        };
        worksheet.set_name(&name).map_err(io_error)?;
        let mut sheet = Sheet::new(worksheet, name);
        for (i, line) in std::mem::take(&mut self.titles).iter().enumerate() {
            let bold = (i == 0).then_some(&self.formats.bold);
            sheet.title(line, bold, self.lang).map_err(io_error)?;
            sheet.next_row().map_err(io_error)?;
        }
        self.current = Some(sheet);
        Ok(())
    }

    /// Writes a header on the current sheet.
    fn write_header(&mut self, columns: &[Header<'_>]) -> io::Result<()> {
        let (lang, headings) = (self.lang, self.headings);
        let Some(sheet) = self.current.as_mut() else {
            return Ok(());
        };
        let mut written = SheetColumns {
            sheet: sheet.name.clone(),
            columns: Vec::new(),
        };
        sheet.header = Some((
            sheet.row,
            columns.iter().map(|c| c.key.to_string()).collect(),
        ));
        for (i, column) in columns.iter().enumerate() {
            let col = u16::try_from(i).map_err(io::Error::other)?;
            let text = headings.of(column);
            sheet
                .text(col, text, Some(&self.formats.bold), lang, &mut self.said)
                .map_err(io_error)?;
            written.columns.push((
                text.to_string(),
                column.key.to_string(),
                column.label(lang).to_string(),
                column.copied,
            ));
        }
        sheet.next_row().map_err(io_error)?;
        if !self.columns.iter().any(|c| c.sheet == written.sheet) {
            self.columns.push(written);
        }
        Ok(())
    }

    /// A sheet continuing the current one past its last row, under the same header.
    fn continue_sheet(&mut self) -> io::Result<()> {
        let Some(sheet) = self.current.as_ref() else {
            return Ok(());
        };
        let base = sheet.base.clone();
        let keys: Vec<String> = sheet
            .header
            .as_ref()
            .map(|(_, keys)| keys.clone())
            .unwrap_or_default();
        let header: Vec<Header<'_>> = keys.iter().map(|k| Header::key(k)).collect();
        let name = self.unique(&base);
        self.open(name)?;
        if let Some(sheet) = self.current.as_mut() {
            sheet.base = base;
        }
        if !header.is_empty() {
            self.write_header(&header)?;
        }
        Ok(())
    }
}

impl Sink for XlsxSink<'_> {
    fn header(&mut self, columns: &[Header<'_>]) -> io::Result<()> {
        let fresh = self.current.as_ref().is_some_and(|s| s.header.is_none());
        if !fresh {
            let section = self.section.take();
            let name = self.sheet_name(section);
            self.open(name)?;
        }
        self.write_header(columns)
    }

    fn row(&mut self, cells: &[Cell<'_>]) -> io::Result<()> {
        if self.current.is_none() {
            let section = self.section.take();
            let name = self.sheet_name(section);
            self.open(name)?;
        }
        if self
            .current
            .as_ref()
            .is_some_and(|s| s.row >= self.row_limit)
        {
            self.continue_sheet()?;
        }
        let (lang, formats, said) = (self.lang, &mut self.formats, &mut self.said);
        let words = self.headings == Headings::French;
        if let Some(sheet) = self.current.as_mut() {
            for (i, cell) in cells.iter().enumerate() {
                let col = u16::try_from(i).map_err(io::Error::other)?;
                // Under French headings, the words as a French reader reads them (« entre
                // établissements », a region by its name), which `batch` reads back; under
                // keys, the ids, for scripts.
                let cell = match cell {
                    Cell::Word(w) if words => &Cell::text(w.label(Lang::Fr)),
                    Cell::Named { name, .. } if words => &Cell::text(name.as_ref()),
                    _ => cell,
                };
                sheet
                    .cell(col, cell, formats, lang, said)
                    .map_err(io_error)?;
            }
            sheet.next_row().map_err(io_error)?;
        }
        Ok(())
    }

    fn text(&mut self, text: &str) -> io::Result<()> {
        // Text before a sheet's first header is its title; after a table, the next one's.
        let lines = text.lines().map(str::trim_end).filter(|l| !l.is_empty());
        let titled = self.current.as_ref().is_some_and(|s| s.header.is_none());
        if titled {
            let (lang, bold) = (self.lang, &self.formats.bold);
            if let Some(sheet) = self.current.as_mut() {
                for line in lines {
                    let format = (sheet.row == 0).then_some(bold);
                    sheet.title(line, format, lang).map_err(io_error)?;
                    sheet.next_row().map_err(io_error)?;
                }
            }
        } else {
            self.titles.extend(lines.map(String::from));
        }
        Ok(())
    }

    fn section(&mut self, name: &'static str) -> io::Result<()> {
        // The totals of an envelope follow its rows on their sheet, under the same header.
        if name != "totals" {
            self.section = Some(name);
        }
        Ok(())
    }

    fn notes(&mut self, notes: &Notes<'_>) -> io::Result<()> {
        self.notes.add(notes);
        Ok(())
    }

    fn warnings(&mut self) -> Vec<String> {
        let told = self.untold;
        self.untold = self.said.warnings.len();
        self.said.warnings.get(told..).unwrap_or_default().to_vec()
    }

    fn finish(&mut self) -> io::Result<()> {
        self.close()?;
        let lang = self.lang;
        for sheet in std::mem::take(&mut self.done) {
            self.workbook.push_worksheet(sheet);
        }
        if !self.columns.is_empty() {
            let sheet = columns_sheet(&self.columns, lang, &mut self.formats).map_err(io_error)?;
            self.workbook.push_worksheet(sheet);
        }
        let sheet =
            sources_sheet(&self.notes, &self.said, lang, &mut self.formats).map_err(io_error)?;
        self.workbook.push_worksheet(sheet);
        // Assembled in an anonymous temporary file (gone with the process), then copied.
        let mut file = tempfile::tempfile()?;
        self.workbook.save_to_writer(&mut file).map_err(io_error)?;
        file.rewind()?;
        io::copy(&mut file, &mut self.out)?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx};
    use rust_decimal_macros::dec;

    /// Writes rows through a sink (with `limit` rows a sheet), and reads the workbook back.
    fn written(
        limit: u32,
        rows: &[Vec<Cell<'_>>],
    ) -> (Xlsx<std::io::Cursor<Vec<u8>>>, Vec<String>) {
        let mut bytes = Vec::new();
        let warnings = {
            let mut sink =
                XlsxSink::new(Box::new(&mut bytes), Lang::En, Headings::Keys).with_row_limit(limit);
            sink.header(&[Header::key("id"), Header::key("ars_total")])
                .unwrap();
            for row in rows {
                sink.row(row).unwrap();
            }
            sink.finish().unwrap();
            sink.warnings()
        };
        let book = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        (book, warnings)
    }

    #[test]
    fn rows_past_a_sheet_s_last_continue_on_another_under_the_same_header() {
        let rows: Vec<Vec<Cell<'_>>> = (0..10)
            .map(|i| vec![Cell::text(format!("P{i}")), Cell::Amount(dec!(1.5))])
            .collect();
        let (mut book, warnings) = written(4, &rows);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            book.sheet_names(),
            [
                "Results",
                "Results 2",
                "Results 3",
                "Results 4",
                "Columns",
                "Sources"
            ]
        );
        let mut ids = Vec::new();
        for name in ["Results", "Results 2", "Results 3", "Results 4"] {
            let sheet = book.worksheet_range(name).unwrap();
            let mut rows = sheet.rows();
            assert_eq!(rows.next().unwrap()[0], Data::String("id".into()));
            ids.extend(rows.map(|r| r[0].to_string()));
        }
        let expected: Vec<String> = (0..10).map(|i| format!("P{i}")).collect();
        assert_eq!(ids, expected);
    }

    #[test]
    fn an_amount_a_spreadsheet_number_would_round_is_text_and_said() {
        let rows = vec![
            vec![
                Cell::text("big"),
                Cell::Amount(dec!(1030796081823792330126.00)),
            ],
            vec![Cell::text("ok"), Cell::Amount(dec!(77994.96))],
        ];
        let (mut book, warnings) = written(100, &rows);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].contains("row 2, column ars_total: 1030796081823792330126.00 has more than 15 significant digits"),
            "{warnings:?}"
        );
        let sheet = book.worksheet_range("Results").unwrap();
        let cells: Vec<Data> = sheet.rows().skip(1).map(|r| r[1].clone()).collect();
        assert_eq!(
            cells,
            [
                Data::String("1030796081823792330126.00".into()),
                Data::Float(77994.96)
            ]
        );
    }
}
