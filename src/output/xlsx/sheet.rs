//! One sheet of a workbook: its cells written in order (constant memory), each in the format it
//! reads in (an amount in euros, a rate as `44 %`, a date as `01/11/2026`), and the width of
//! each column, the widest cell it shows.
//!
//! Spreadsheet limits are kept here: a text over a cell's 32 767 characters is cut with a
//! marker; an amount a spreadsheet number cannot hold exactly (more than 15 significant digits)
//! is written as text. Each is said ([`Said`]) with its sheet, row and column.

use crate::lang::Lang;
use crate::money::{cents, human, human_number, human_rate, plain, plain_rate};
use crate::output::neutral::neutralised;
use crate::output::Cell;
use crate::tr;
use rust_decimal::Decimal;
use rust_xlsxwriter::{ExcelDateTime, Format, Worksheet, XlsxError};
use std::collections::BTreeMap;

/// The most characters a spreadsheet cell holds.
pub const MAX_CELL_CHARS: usize = 32_767;
/// The rows of a sheet.
pub const MAX_ROWS: u32 = 1_048_576;
/// The significant digits a spreadsheet number keeps.
const MAX_DIGITS: usize = 15;
/// The widest a column of text is made (in characters); longer texts overflow or are cut on screen.
pub const TEXT_WIDTH: usize = 60;
/// The characters a line of a wrapped text holds in a column of [`TEXT_WIDTH`].
const WRAPPED_LINE: usize = 64;

/// The number formats of a workbook.
pub struct Formats {
    pub euro: Format,
    pub date: Format,
    pub bold: Format,
    /// Percentages by their decimals (`0 %`, `0.5 %`…).
    percent: BTreeMap<u32, Format>,
}

impl Formats {
    pub fn new() -> Self {
        Formats {
            // A space between the amount and its sign; the separators are the reader's locale's
            // (6 499,58 € in French, 6,499.58 € in English).
            euro: Format::new().set_num_format("#,##0.00\\ \"€\""),
            date: Format::new().set_num_format("dd/mm/yyyy"),
            bold: Format::new().set_bold(),
            percent: BTreeMap::new(),
        }
    }

    /// The percent format with as many decimals as `percent` has (at most 4).
    fn percent(&mut self, decimals: u32) -> &Format {
        self.percent.entry(decimals.min(4)).or_insert_with(|| {
            let digits = "0".repeat(decimals.min(4) as usize);
            let code = if digits.is_empty() {
                "0\\ %".to_string()
            } else {
                format!("0.{digits}\\ %")
            };
            Format::new().set_num_format(code)
        })
    }
}

/// What writing said: the cells cut or written as text, and the documents each row cites.
#[derive(Debug, Default)]
pub struct Said {
    /// Warnings, in the workbook's language.
    pub warnings: Vec<String>,
    /// For each document id, the rows citing it: (sheet, first row, last row), 1-based.
    pub citations: BTreeMap<String, Vec<(String, u32, u32)>>,
}

impl Said {
    /// Notes that `row` of `sheet` cites the document `id`.
    pub fn cite(&mut self, id: &str, sheet: &str, row: u32) {
        let ranges = self.citations.entry(id.to_string()).or_default();
        match ranges.last_mut() {
            Some((s, _, last)) if s == sheet && (*last == row || *last + 1 == row) => *last = row,
            _ => ranges.push((sheet.to_string(), row, row)),
        }
    }
}

/// A sheet being written.
pub struct Sheet {
    pub sheet: Worksheet,
    pub name: String,
    /// The name of the sheet it continues, or its own.
    pub base: String,
    /// The next row (0-based).
    pub row: u32,
    /// The header's row, once written, and its keys.
    pub header: Option<(u32, Vec<String>)>,
    /// Per column, the widest cell, in characters.
    widths: Vec<usize>,
    /// The lines of the current row's tallest wrapped cell.
    lines: usize,
}

/// A spreadsheet number for an exact decimal, when it holds it: at most 15 significant digits.
pub fn exact_number(value: Decimal) -> Option<f64> {
    let digits = value
        .normalize()
        .mantissa()
        .unsigned_abs()
        .to_string()
        .len();
    (digits <= MAX_DIGITS)
        .then(|| value.to_string().parse::<f64>().ok())
        .flatten()
}

/// How wide a cell shows, in characters.
fn shown_width(cell: &Cell<'_>, lang: Lang) -> usize {
    let text = match cell {
        Cell::Absent | Cell::Empty => return 0,
        // Numbers with a character's margin: a right-aligned amount does not touch the next cell.
        Cell::Amount(v) => format!(" {}", human(cents(*v), Lang::Fr)),
        Cell::Rate(v) => human_rate(*v, Lang::Fr),
        Cell::Number(v) => human_number(*v, lang),
        Cell::Int(n) => n.to_string(),
        Cell::Date(_) => return 10,
        Cell::Bool(_) => return 5,
        other => {
            let text = other.plain();
            let longest = text.lines().map(|l| l.chars().count()).max();
            return longest.unwrap_or(0).min(TEXT_WIDTH) + 1;
        }
    };
    text.chars().count()
}

/// A text no longer than a cell holds: cut, ending with a marker naming its length.
fn within_limit(text: &str, lang: Lang) -> Option<String> {
    let count = text.chars().count();
    if count <= MAX_CELL_CHARS {
        return None;
    }
    let marker = tr!(
        lang,
        "… [cut: {count} characters]",
        "… [coupé : {count} caractères]"
    );
    let keep = MAX_CELL_CHARS.saturating_sub(marker.chars().count());
    Some(format!(
        "{}{marker}",
        text.chars().take(keep).collect::<String>()
    ))
}

impl Sheet {
    pub fn new(sheet: Worksheet, name: String) -> Self {
        Sheet {
            sheet,
            base: name.clone(),
            name,
            row: 0,
            header: None,
            widths: Vec::new(),
            lines: 1,
        }
    }

    /// Ends the current row: made as high as its tallest wrapped text.
    pub fn next_row(&mut self) -> Result<(), XlsxError> {
        if self.lines > 1 {
            let lines = u16::try_from(self.lines.min(400)).unwrap_or(400);
            self.sheet.set_row_height(self.row, f64::from(lines * 15))?;
        }
        self.lines = 1;
        self.row += 1;
        Ok(())
    }

    fn widen(&mut self, col: u16, width: usize) {
        let i = usize::from(col);
        if self.widths.len() <= i {
            self.widths.resize(i + 1, 0);
        }
        self.widths[i] = self.widths[i].max(width);
    }

    /// Writes a title line in the first column: it runs over the empty cells beside it, so it
    /// does not widen the column.
    pub fn title(
        &mut self,
        text: &str,
        format: Option<&Format>,
        lang: Lang,
    ) -> Result<(), XlsxError> {
        let safe = neutralised(text);
        let shown = within_limit(&safe, lang).unwrap_or_else(|| safe.into_owned());
        match format {
            Some(f) => self
                .sheet
                .write_string_with_format(self.row, 0, &shown, f)?,
            None => self.sheet.write_string(self.row, 0, &shown)?,
        };
        Ok(())
    }

    /// Writes a text cell, neutralised and within a cell's limit.
    pub fn text(
        &mut self,
        col: u16,
        text: &str,
        format: Option<&Format>,
        lang: Lang,
        said: &mut Said,
    ) -> Result<(), XlsxError> {
        let safe = neutralised(text);
        let cut = within_limit(&safe, lang);
        if cut.is_some() {
            let column = self.column_key(col);
            said.warnings.push(tr!(
                lang,
                "sheet {}, row {}, column {column}: {} characters, more than a spreadsheet cell holds (32,767): cut, ending with a marker",
                "feuille {}, ligne {}, colonne {column} : {} caractères, plus que n'en tient une cellule de tableur (32 767) : coupé, avec une marque à la fin",
                self.name,
                self.row + 1,
                safe.chars().count()
            ));
        }
        let shown = cut.as_deref().unwrap_or(&safe);
        let longest = shown.lines().map(|l| l.chars().count()).max().unwrap_or(0);
        self.widen(col, longest.min(TEXT_WIDTH) + 1);
        // A text wider than a column is made wraps inside it, rather than running over the
        // cells beside it.
        let wrap = (longest > TEXT_WIDTH || shown.contains('\n')).then(|| {
            format
                .map_or_else(Format::new, Clone::clone)
                .set_text_wrap()
        });
        if wrap.is_some() {
            // The row is made as high as the lines the text wraps into (a spreadsheet does not
            // measure rows written this way).
            let lines: usize = shown
                .lines()
                .map(|l| l.chars().count().div_ceil(WRAPPED_LINE).max(1))
                .sum();
            self.lines = self.lines.max(lines);
        }
        match wrap.as_ref().or(format) {
            Some(f) => self
                .sheet
                .write_string_with_format(self.row, col, shown, f)?,
            None => self.sheet.write_string(self.row, col, shown)?,
        };
        Ok(())
    }

    fn column_key(&self, col: u16) -> String {
        self.header
            .as_ref()
            .and_then(|(_, keys)| keys.get(usize::from(col)))
            .map_or_else(|| (u32::from(col) + 1).to_string(), Clone::clone)
    }

    /// An amount a spreadsheet number cannot hold exactly: written as text, and said.
    fn amount_as_text(
        &mut self,
        col: u16,
        value: Decimal,
        lang: Lang,
        said: &mut Said,
    ) -> Result<(), XlsxError> {
        let column = self.column_key(col);
        said.warnings.push(tr!(
            lang,
            "sheet {}, row {}, column {column}: {} has more than 15 significant digits, more than a spreadsheet number holds: written as text, not rounded",
            "feuille {}, ligne {}, colonne {column} : {} a plus de 15 chiffres significatifs, plus que n'en garde un nombre de tableur : écrit comme du texte, sans arrondi",
            self.name,
            self.row + 1,
            plain(value)
        ));
        self.text(col, &plain(value), None, lang, said)
    }

    /// Writes a cell in its format.
    pub fn cell(
        &mut self,
        col: u16,
        cell: &Cell<'_>,
        formats: &mut Formats,
        lang: Lang,
        said: &mut Said,
    ) -> Result<(), XlsxError> {
        let row = self.row;
        match cell {
            Cell::Absent | Cell::Empty => return Ok(()),
            Cell::Amount(v) => match exact_number(cents(*v)) {
                Some(n) => {
                    self.sheet
                        .write_number_with_format(row, col, n, &formats.euro)?;
                }
                None => return self.amount_as_text(col, cents(*v), lang, said),
            },
            Cell::Rate(v) => match exact_number(*v) {
                Some(n) => {
                    let percent = (*v * Decimal::ONE_HUNDRED).normalize();
                    let format = formats.percent(percent.scale());
                    self.sheet.write_number_with_format(row, col, n, format)?;
                }
                None => return self.text(col, &plain_rate(*v), None, lang, said),
            },
            Cell::Number(v) => match exact_number(*v) {
                Some(n) => {
                    self.sheet.write_number(row, col, n)?;
                }
                None => return self.text(col, &plain_rate(*v), None, lang, said),
            },
            Cell::Int(n) => match exact_number(Decimal::from(*n)) {
                Some(x) => {
                    self.sheet.write_number(row, col, x)?;
                }
                None => return self.text(col, &n.to_string(), None, lang, said),
            },
            Cell::Bool(b) => {
                self.sheet.write_boolean(row, col, *b)?;
            }
            Cell::Date(d) => {
                use chrono::Datelike;
                let when = ExcelDateTime::from_ymd(
                    u16::try_from(d.year()).unwrap_or(1900),
                    u8::try_from(d.month()).unwrap_or(1),
                    u8::try_from(d.day()).unwrap_or(1),
                )?;
                self.sheet
                    .write_datetime_with_format(row, col, &when, &formats.date)?;
            }
            other => {
                self.cite(col, other, said);
                return self.text(col, &other.plain(), None, lang, said);
            }
        }
        self.widen(col, shown_width(cell, lang));
        Ok(())
    }

    /// The documents a `sources` cell names, noted for the Sources sheet.
    fn cite(&self, col: u16, cell: &Cell<'_>, said: &mut Said) {
        let row = self.row + 1;
        match cell {
            Cell::Sources(list) => {
                for s in list {
                    said.cite(&s.id, &self.name, row);
                }
            }
            Cell::List(ids, _) if self.column_key(col) == "sources" => {
                for id in ids {
                    said.cite(id, &self.name, row);
                }
            }
            _ => {}
        }
    }

    /// Sets each column's width to its widest cell (and a margin), the header frozen.
    pub fn close(mut self) -> Result<Worksheet, XlsxError> {
        for (i, width) in self.widths.iter().enumerate() {
            if *width == 0 {
                continue;
            }
            let col = u16::try_from(i).unwrap_or(u16::MAX);
            // A margin for wide letters and bold headers: an eighth, and two characters.
            let chars = width + width / 8 + 2;
            let chars = u16::try_from(chars).unwrap_or(u16::MAX);
            self.sheet.set_column_width(col, f64::from(chars))?;
        }
        if let Some((row, _)) = self.header {
            self.sheet.set_freeze_panes(row + 1, 0)?;
            // Printed, the header repeats on every page, and the columns fit a landscape page.
            self.sheet.set_repeat_rows(row, row)?;
        }
        self.sheet.set_landscape();
        // A narrow table fits a page's width; a batch's fifty columns would be unreadable so.
        if self.widths.len() <= 12 {
            self.sheet.set_print_fit_to_pages(1, 0);
        }
        Ok(self.sheet)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn only_amounts_a_spreadsheet_holds_exactly_are_numbers() {
        assert_eq!(exact_number(dec!(77994.96)), Some(77994.96));
        assert_eq!(exact_number(dec!(9999999999999.99)), Some(9999999999999.99));
        assert_eq!(exact_number(dec!(10000000000000.01)), None);
        assert_eq!(exact_number(dec!(1030796081823792330126.00)), None);
        assert_eq!(exact_number(dec!(0.44)), Some(0.44));
    }

    #[test]
    fn a_long_text_is_cut_with_a_marker() {
        let long = "x".repeat(40_000);
        let cut = within_limit(&long, Lang::En).unwrap_or_default();
        assert_eq!(cut.chars().count(), MAX_CELL_CHARS);
        assert!(
            cut.ends_with("… [cut: 40000 characters]"),
            "{}",
            &cut[32_700..]
        );
        assert!(within_limit("short", Lang::En).is_none());
    }
}
