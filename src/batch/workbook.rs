//! A workbook given to `batch` (.xlsx, .xlsm, .xlsb, .ods, .xls), read with `calamine`: the first
//! sheet, or the one named. Its rows become the same cells as a CSV file's, so that they are
//! read into the same typed inputs:
//! - text as it is;
//! - a number through its shortest exact text (`3249.79`, `0.5` for a cell shown as 50 %, `24`),
//!   never through arithmetic on a float: an amount that is not exact to the cent is then
//!   refused by the amount's own reader, as a typed `3249.7878` would be;
//! - a date as `YYYY-MM-DD` (with its time when it has one, which a date's reader refuses);
//! - `TRUE`/`FALSE` as `true`/`false`; an error cell as its code (`#DIV/0!`).
//!
//! A workbook is read whole: it goes through this simpler path, not the CSV reader.

use super::record::Record;
use crate::lang::Text;
use crate::text;
use calamine::{Data, Range, Reader};
use std::io::Cursor;

/// The largest workbook read (it is read whole, and its cells held): about a million rows of
/// posts. A larger file is best given as CSV, which is read as it streams.
pub const MAX_WORKBOOK_BYTES: usize = 256 << 20;

/// Why a workbook cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkbookError {
    /// Not a workbook calamine can read.
    Unreadable(String),
    /// No sheet of that name.
    NoSuchSheet {
        /// The name asked for.
        sheet: String,
        /// The sheets it has.
        sheets: Vec<String>,
    },
    /// No sheet at all.
    NoSheet,
    /// Larger than [`MAX_WORKBOOK_BYTES`].
    TooLarge,
}

impl WorkbookError {
    /// What is wrong, in both languages.
    pub fn text(&self) -> Text {
        match self {
            WorkbookError::Unreadable(why) => text!(
                "not a workbook that can be read ({why}): save it as CSV UTF-8, or as .xlsx",
                "ce n'est pas un classeur lisible ({why}) : enregistrez-le en CSV UTF-8, ou en .xlsx"
            ),
            WorkbookError::NoSuchSheet { sheet, sheets } => {
                let sheets = sheets.join(", ");
                text!(
                    "no sheet '{sheet}': the sheets are {sheets}",
                    "pas de feuille « {sheet} » : les feuilles sont {sheets}"
                )
            }
            WorkbookError::NoSheet => text!("the workbook has no sheet", "le classeur n'a aucune feuille"),
            WorkbookError::TooLarge => text!(
                "a workbook over {} MiB is not read whole: save it as CSV UTF-8",
                "un classeur de plus de {} Mio n'est pas lu en entier : enregistrez-le en CSV UTF-8",
                MAX_WORKBOOK_BYTES >> 20
            ),
        }
    }
}

/// The rows of a workbook's sheet.
pub(super) struct Workbook {
    range: Range<Data>,
    /// The next row, from the range's first.
    next: usize,
    /// The sheet's row number of the range's first row (1-based).
    first: u64,
    /// The sheet read, and how many the workbook has.
    pub sheet: String,
    pub sheets: usize,
}

/// The sheets of a workbook in `bytes`, whatever its format.
fn sheets(bytes: &[u8]) -> Result<calamine::Sheets<Cursor<&[u8]>>, WorkbookError> {
    use calamine::{open_workbook_from_rs, Ods, Sheets, Xls, Xlsb, Xlsx};
    let cursor = Cursor::new(bytes);
    let mut why = String::new();
    macro_rules! attempt {
        ($kind:ident) => {
            match open_workbook_from_rs::<$kind<_>, _>(cursor.clone()) {
                Ok(book) => return Ok(Sheets::$kind(book)),
                Err(e) if why.is_empty() => why = e.to_string(),
                Err(_) => {}
            }
        };
    }
    if bytes.starts_with(b"\xd0\xcf\x11\xe0") {
        attempt!(Xls);
    } else {
        attempt!(Xlsx);
        attempt!(Ods);
        attempt!(Xlsb);
    }
    Err(WorkbookError::Unreadable(why))
}

impl Workbook {
    /// The sheet `sheet` (or the first) of the workbook in `bytes`.
    pub fn open(bytes: &[u8], sheet: Option<&str>) -> Result<Workbook, WorkbookError> {
        // A workbook is a file of someone else's format, read by someone else's code: should that
        // code stop on a malformed file, it is this file's error, not the end of the run.
        std::panic::catch_unwind(|| Workbook::read(bytes, sheet)).unwrap_or_else(|_| {
            Err(WorkbookError::Unreadable(
                "the workbook reader stopped on it".to_string(),
            ))
        })
    }

    fn read(bytes: &[u8], sheet: Option<&str>) -> Result<Workbook, WorkbookError> {
        let mut book = sheets(bytes)?;
        let names = book.sheet_names();
        let name = match sheet {
            None => names.first().cloned().ok_or(WorkbookError::NoSheet)?,
            Some(wanted) => names
                .iter()
                .find(|n| *n == wanted)
                .or_else(|| {
                    let folded = crate::model::fold_name(wanted);
                    names.iter().find(|n| crate::model::fold_name(n) == folded)
                })
                .cloned()
                .ok_or_else(|| WorkbookError::NoSuchSheet {
                    sheet: wanted.to_string(),
                    sheets: names.clone(),
                })?,
        };
        let range = book
            .worksheet_range(&name)
            .map_err(|e| WorkbookError::Unreadable(e.to_string()))?;
        let first = range.start().map_or(1, |(row, _)| u64::from(row) + 1);
        Ok(Workbook {
            range,
            next: 0,
            first,
            sheet: name,
            sheets: names.len(),
        })
    }

    /// Reads the next row that is not blank into `record`: its row number in the sheet (`None`
    /// after the last).
    pub fn next_record(&mut self, record: &mut Record) -> Option<u64> {
        let width = self.range.width();
        let mut text = String::new();
        loop {
            if self.next >= self.range.height() {
                return None;
            }
            let row = self.next;
            let line = self.first + row as u64;
            self.next += 1;
            let cell = |col| self.range.get((row, col)).unwrap_or(&Data::Empty);
            if (0..width).all(|col| matches!(cell(col), Data::Empty)) {
                continue;
            }
            record.clear();
            for col in 0..width {
                text.clear();
                cell_text(cell(col), &mut text);
                record.push_field(text.as_bytes());
            }
            return Some(line);
        }
    }
}

/// A cell as the text a CSV file would hold for it.
fn cell_text(cell: &Data, out: &mut String) {
    use std::fmt::Write;
    let _ = match cell {
        Data::Empty => Ok(()),
        Data::String(s) => {
            out.push_str(s);
            Ok(())
        }
        // The shortest text that reads back as the same float: 3249.79, 0.5, 24.
        Data::Float(f) => write!(out, "{f}"),
        Data::Int(n) => write!(out, "{n}"),
        Data::Bool(b) => write!(out, "{b}"),
        Data::DateTime(d) => match d.as_datetime() {
            Some(when) if d.is_datetime() && when.time() == chrono::NaiveTime::MIN => {
                write!(out, "{}", when.date())
            }
            Some(when) if d.is_datetime() => write!(out, "{when}"),
            _ => write!(out, "{}", d.as_f64()),
        },
        Data::DateTimeIso(s) => {
            out.push_str(s.strip_suffix("T00:00:00").unwrap_or(s));
            Ok(())
        }
        Data::DurationIso(s) => {
            out.push_str(s);
            Ok(())
        }
        Data::Error(e) => write!(out, "{e}"),
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_become_the_text_a_csv_file_holds() {
        let text = |cell: Data| {
            let mut out = String::new();
            cell_text(&cell, &mut out);
            out
        };
        assert_eq!(text(Data::Float(3249.79)), "3249.79");
        assert_eq!(text(Data::Float(0.5)), "0.5");
        assert_eq!(text(Data::Float(24.0)), "24");
        assert_eq!(text(Data::Float(0.1 + 0.2)), "0.30000000000000004");
        assert_eq!(text(Data::Int(12)), "12");
        assert_eq!(text(Data::Bool(true)), "true");
        assert_eq!(text(Data::String("Île-de-France".into())), "Île-de-France");
        assert_eq!(
            text(Data::DateTimeIso("2026-11-01T00:00:00".into())),
            "2026-11-01"
        );
        // 46327 is 2026-11-01 in Excel's 1900 system.
        let date =
            calamine::ExcelDateTime::new(46327.0, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(text(Data::DateTime(date)), "2026-11-01");
        assert_eq!(text(Data::Empty), "");
    }
}
