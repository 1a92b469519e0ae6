//! The main thread's side: rows written in order, counted, their errors reported as they
//! come, and their totals added up for the summary.

use super::chunk::Chunk;
use super::encode::row_cells;
use super::reader::Row;
use super::{BatchError, BatchOptions, BatchReport, Group, Out, Outcome, RowError, Slot, Totals};
use crate::column::Column;
use crate::output::{headers, Cell, Sink, Word};
use crate::tr;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::io;

/// Writes rows in order, counts them, reports errors, adds up totals.
pub(super) struct Writer<'s, 'f> {
    pub sink: &'s mut dyn Sink,
    pub tally: Tally<'s, 'f>,
    /// What fills each output column.
    outs: Vec<Out>,
    id_index: Option<usize>,
}

/// What the main thread counts and adds up, row by row.
pub(super) struct Tally<'s, 'f> {
    options: &'s BatchOptions,
    pub report: BatchReport,
    /// By calendar year (`None`: the whole contracts) and group: the posts and their totals.
    pub summary: BTreeMap<(Option<i32>, Group), (u64, Totals)>,
    on_error: &'f mut dyn FnMut(&RowError),
    on_progress: &'f mut dyn FnMut(u64),
}

impl<'s, 'f> Writer<'s, 'f> {
    /// A writer of the `chosen` columns to `sink` (the input's id in column `id_index`).
    pub fn new(
        sink: &'s mut dyn Sink,
        options: &'s BatchOptions,
        chosen: &'s [Slot],
        id_index: Option<usize>,
        on_error: &'f mut dyn FnMut(&RowError),
        on_progress: &'f mut dyn FnMut(u64),
    ) -> Self {
        Writer {
            sink,
            tally: Tally {
                options,
                report: BatchReport::default(),
                summary: BTreeMap::new(),
                on_error,
                on_progress,
            },
            outs: chosen
                .iter()
                .map(|s| Out::of(*s, options.by_year))
                .collect(),
            id_index,
        }
    }

    /// Writes a priced chunk's rows, in order.
    pub fn write(&mut self, chunk: &mut Chunk) -> Result<(), BatchError> {
        if let Some(e) = chunk.failed.take() {
            return Err(e.into());
        }
        if chunk.ends.len() == chunk.rows.len() && !chunk.ends.is_empty() {
            // Rows encoded for the sink: their bytes are copied as they are.
            let out = self
                .sink
                .raw_rows()?
                .ok_or_else(|| io::Error::other("the output takes no encoded rows"))?;
            let mut start = 0;
            let mut notes = chunk.notes.iter().peekable();
            for (n, (row, end)) in chunk.rows.iter().zip(&chunk.ends).enumerate() {
                let note = notes.next_if(|(i, _)| *i == n).map(|(_, o)| o.as_ref());
                self.tally.count(row, note)?;
                out.write_all(chunk.encoded.get(start..*end).unwrap_or_default())?;
                start = *end;
            }
            return Ok(());
        }
        for (row, outcome) in chunk.rows.iter().zip(&chunk.outcomes) {
            self.tally.count(row, Some(outcome))?;
            if !self.tally.options.summary_only {
                let mut next = outcome.cells.iter();
                for _ in 0..outcome.lines {
                    let cells: Vec<Cell<'_>> =
                        row_cells(&self.outs, row, self.id_index, outcome, &mut next).collect();
                    self.sink.row(&cells)?;
                }
            }
        }
        Ok(())
    }
}

impl Tally<'_, '_> {
    /// Counts a row, and what its outcome tells (`None`: nothing to count). Its totals are
    /// added with checked arithmetic: past what a decimal holds, the batch stops there.
    fn count(&mut self, row: &Row, outcome: Option<&Outcome>) -> Result<(), BatchError> {
        self.report.rows += 1;
        if self.report.rows % 65_536 == 0 {
            (self.on_progress)(self.report.rows);
        }
        let Some(outcome) = outcome else {
            return Ok(());
        };
        if let Some(message) = &outcome.error {
            self.report.errors += 1;
            (self.on_error)(&RowError {
                line: row.line,
                message: tr!(
                    self.options.lang,
                    "line {}: {message}",
                    "ligne {} : {message}",
                    row.line
                ),
            });
        }
        if outcome.mismatch {
            self.report.mismatches += 1;
        }
        if let Some((group, totals, posts)) = &outcome.totals {
            for (year, totals) in totals {
                let entry = self
                    .summary
                    .entry((*year, group.clone()))
                    .or_insert((0, [Some(Decimal::ZERO); 3]));
                add(entry, u64::from(*posts), totals)
                    .ok_or(BatchError::Overflow { line: row.line })?;
            }
        }
        Ok(())
    }
}

/// Adds a row's (or a group's) posts and totals to `sum`, checked: `None` past what a decimal
/// holds. A cost unknown leaves the sum's cost unknown.
fn add(sum: &mut (u64, Totals), posts: u64, totals: &Totals) -> Option<()> {
    sum.0 = sum.0.checked_add(posts)?;
    for (total, value) in sum.1.iter_mut().zip(totals) {
        *total = match (*total, *value) {
            (Some(a), Some(b)) => Some(a.checked_add(b)?),
            _ => None,
        };
    }
    Some(())
}

/// The totals per region and post type, and for the whole file; with `--by-year`, first the
/// same for each calendar year (the posts whose contract runs in it), each year with its total.
pub(super) fn write_summary(
    sink: &mut dyn Sink,
    rates: &crate::rates::Rates,
    summary: &BTreeMap<(Option<i32>, Group), (u64, Totals)>,
    options: &BatchOptions,
) -> io::Result<()> {
    let (lang, by_year) = (options.lang, options.by_year);
    sink.text(&if by_year {
        tr!(
            lang,
            "Totals per calendar year, region and post type, then for the whole contracts (rows computed without error):\n",
            "Totaux par année civile, région et type de poste, puis pour les contrats entiers (lignes calculées sans erreur) :\n"
        )
    } else {
        tr!(
            lang,
            "Totals per region and post type (rows computed without error):\n",
            "Totaux par région et type de poste (lignes calculées sans erreur) :\n"
        )
    })?;
    let mut columns = Vec::new();
    if by_year {
        columns.push(Column::Year);
    }
    columns.extend(Column::SUMMARY);
    sink.header(&headers(&columns))?;
    let year_cell = |year: Option<i32>| match year {
        Some(year) => Cell::Int(i64::from(year)),
        None => Cell::Word(Word::ALL),
    };
    let mut row = |year: Option<i32>, group: [Cell<'_>; 2], (posts, totals): &(u64, Totals)| {
        let mut cells = Vec::with_capacity(7);
        if by_year {
            cells.push(year_cell(year));
        }
        cells.extend(group);
        cells.extend([
            Cell::Int(i64::try_from(*posts).unwrap_or(i64::MAX)),
            Cell::amount_or_empty(totals[0]),
            Cell::amount_or_empty(totals[1]),
            Cell::amount_or_empty(totals[2]),
        ]);
        sink.row(&cells)
    };
    let mut all = (0u64, [Some(Decimal::ZERO); 3]);
    // The years first, then the whole contracts.
    let mut entries = summary
        .iter()
        .filter(|((year, _), _)| year.is_some())
        .chain(summary.iter().filter(|((year, _), _)| year.is_none()))
        .peekable();
    while let Some(((year, (region, _, post_type)), sums)) = entries.next() {
        // Each group's totals were added checked; their sum is no larger than a decimal holds
        // unless the groups' are together: then the total is left unknown.
        if add(&mut all, sums.0, &sums.1).is_none() {
            all.1 = [None; 3];
        }
        let name = rates
            .region(region)
            .map_or(region.as_str(), |r| r.table_name());
        let group = [
            Cell::Named {
                id: region.as_str().into(),
                name: name.into(),
            },
            Cell::Word((*post_type).into()),
        ];
        row(*year, group, sums)?;
        // The year's (or the whole contracts') total, after its last group.
        if entries.peek().is_none_or(|((next, _), _)| next != year) {
            row(
                *year,
                [Cell::Word(Word::ALL), Cell::Word(Word::ALL_GROUPS)],
                &all,
            )?;
            all = (0u64, [Some(Decimal::ZERO); 3]);
        }
    }
    if summary.is_empty() {
        row(
            None,
            [Cell::Word(Word::ALL), Cell::Word(Word::ALL_GROUPS)],
            &all,
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::batch::{run, BatchOptions};
    use crate::output::{CsvSink, CsvStyle};
    use chrono::NaiveDate;

    /// The rows read each time a batch of `rows` alike rows reports its progress.
    fn progress(rows: usize) -> Vec<u64> {
        let rates = crate::rates::embedded().unwrap();
        let input = format!("region\n{}", "nouvelle-aquitaine\n".repeat(rows));
        let options = BatchOptions {
            columns: Some(vec!["ars_total".into(), "status".into()]),
            threads: 1,
            ..BatchOptions::new(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap())
        };
        let (mut calls, mut out) = (Vec::new(), Vec::new());
        let mut sink = CsvSink::new(&mut out, CsvStyle::default());
        let report = run(
            &rates,
            input.as_bytes(),
            "test",
            &options,
            &mut sink,
            &mut |_| {},
            &mut |n| calls.push(n),
        )
        .unwrap();
        assert_eq!(report.rows, rows as u64);
        calls
    }

    #[test]
    fn progress_is_reported_every_65_536_rows_and_only_then() {
        // Issue 18 (mutants): a terminal's bar shows the rows read, every 65 536 rows; not on
        // every row, and not never.
        assert_eq!(progress(3), Vec::<u64>::new());
        assert_eq!(progress(2 * 65_536 + 1), [65_536, 131_072]);
    }
}
