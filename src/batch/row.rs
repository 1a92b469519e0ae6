//! One row: its cells read into a typed [`RowInput`] (the command line's values filling the
//! empty ones), priced, checked against its notified credit, and made the cells of the chosen
//! columns. Errors name the column as the file's header writes it.

use super::context::RowContext;
use super::encode::owned;
use super::record::Record;
use super::{Out, Outcome, Slot, Totals};
use crate::check::{check_computed, CheckResult, Notified, Per};
use crate::compute::{compute_remembering, Computation, ComputeError, Detail, PriceMemo};
use crate::eligibility::{check_conditions, Status};
use crate::explain::{explain, explain_ids, Explanation};
use crate::output::records::{check_cell, computation_cell};
use crate::output::{csv_field, Cell};
use crate::post::{Field, Naming, RowInput};
use crate::tr;
use rust_decimal::Decimal;

impl RowContext<'_> {
    /// How messages name the inputs: as the header writes them.
    fn naming(&self) -> Naming<'_> {
        Naming::Headers(&self.header.names)
    }

    /// Where a message is about: `column `début`` for a column of the file, or the flag that
    /// gave the value.
    fn at(&self, field: Field) -> String {
        let lang = self.options.lang;
        let name = self.naming().name(field);
        if self.header.has(field) || !name.is_flag() {
            tr!(lang, "column {name}", "colonne {name}")
        } else {
            name.to_string()
        }
    }

    /// A computation error as a row reports it.
    fn compute_error(&self, e: &ComputeError) -> String {
        let lang = self.options.lang;
        format!(
            "{}{} {}",
            self.at(e.field()),
            lang.colon(),
            e.render(lang, &self.naming())
        )
    }
}

/// Reads one cell into `row`; the message of the row's error when it cannot.
fn read_cell(
    context: &RowContext<'_>,
    field: Field,
    text: Option<&str>,
    row: &mut RowInput,
) -> Result<(), String> {
    let lang = context.options.lang;
    let at = || context.at(field);
    let Some(text) = text else {
        return Err(tr!(
            lang,
            "{}: not UTF-8 text (save the file as CSV UTF-8, or give --encoding)",
            "{} : pas du texte UTF-8 (enregistrez le fichier en CSV UTF-8, ou donnez --encoding)",
            at()
        ));
    };
    field
        .read(text, row)
        .map_err(|e| format!("{}{} {}", at(), lang.colon(), e.kind.render(lang)))
}

/// Reads a row's cells into `row`, in order, but the id and the columns `skip`: the first
/// column in error, by index, with the row's error.
fn read_cells(
    context: &RowContext<'_>,
    record: &Record,
    skip: &[usize],
    row: &mut RowInput,
) -> Result<(), (usize, String)> {
    let texts = record.texts();
    for (i, field) in context.header.fields() {
        if Some(i) == context.id_index || skip.contains(&i) {
            continue;
        }
        let text = texts.get(i).unwrap_or(Some(""));
        read_cell(context, field, text, row).map_err(|message| (i, message))?;
    }
    Ok(())
}

/// The message for a cell that is not text, in a column read as it is (the id, a copied
/// column): `None` when every such cell is text.
pub(super) fn not_text(context: &RowContext<'_>, record: &Record) -> Option<String> {
    let lang = context.options.lang;
    let bad = context
        .own_cells
        .iter()
        .find(|i| std::str::from_utf8(record.get(**i).unwrap_or_default()).is_err())?;
    let name = context.header.texts.get(*bad).map_or("", String::as_str);
    Some(tr!(
        lang,
        "column `{name}`: not UTF-8 text (save the file as CSV UTF-8, or give --encoding)",
        "colonne `{name}` : pas du texte UTF-8 (enregistrez le fichier en CSV UTF-8, ou donnez --encoding)"
    ))
}

/// The message for a row whose number of fields is not the header's.
pub(super) fn length_error(context: &RowContext<'_>, record: &Record) -> Option<String> {
    let fields = context.header.columns.len();
    (record.len() != fields).then(|| {
        tr!(
            context.options.lang,
            "has {} fields, the header has {fields}",
            "a {} champs, l'en-tête en a {fields}",
            record.len()
        )
    })
}

/// Reads and prices one row, its monthly figures from `memo` when priced before.
pub(super) fn evaluate<'a>(
    context: &RowContext<'a>,
    record: &Record,
    memo: &mut PriceMemo<'a>,
) -> Outcome {
    if let Some(message) = length_error(context, record) {
        return Outcome::failed(&message);
    }
    let mut row = RowInput::default();
    if let Err((_, message)) = read_cells(context, record, &[], &mut row) {
        return Outcome::failed(&message);
    }
    row.fill_from(&context.options.defaults);
    priced(context, &row, memo)
}

/// What the rows that differ only by their dates share: their other cells read once, and
/// their monthly figures priced once per rule set and versions of the data.
pub(super) struct Template {
    /// The row read, but for its dates (set row by row).
    row: RowInput,
    /// The first cell in error, by column index, with the row's error.
    error: Option<(usize, String)>,
}

impl Template {
    pub fn new(context: &RowContext<'_>, record: &Record) -> Self {
        let mut row = RowInput::default();
        let error = read_cells(context, record, &context.dated, &mut row).err();
        row.fill_from(&context.options.defaults);
        Template { row, error }
    }

    /// Prices a row of this template: its dates read, then as [`evaluate`] would.
    pub fn evaluate<'a>(
        &mut self,
        context: &RowContext<'a>,
        record: &Record,
        memo: &mut PriceMemo<'a>,
    ) -> Outcome {
        let post = &mut self.row.post;
        (post.start, post.months, post.end, post.left_on) = (None, None, None, None);
        for &i in &context.dated {
            // The cells are read in order: an earlier cell's error is the row's.
            if let Some((_, message)) = self.error.as_ref().filter(|(first, _)| *first < i) {
                return Outcome::failed(message);
            }
            // Only the dates are read here: each checked on its own, not the whole row.
            let (Some(field), Some(raw)) = (context.header.field(i), record.get(i)) else {
                continue;
            };
            let text = std::str::from_utf8(raw).ok();
            if let Err(message) = read_cell(context, field, text, &mut self.row) {
                return Outcome::failed(&message);
            }
        }
        if let Some((_, message)) = &self.error {
            return Outcome::failed(message);
        }
        priced(context, &self.row, memo)
    }
}

/// Prices a row read, into its outcome.
fn priced<'a>(context: &RowContext<'a>, row: &RowInput, memo: &mut PriceMemo<'a>) -> Outcome {
    let (rates, options) = (context.rates, context.options);
    // The words count the months; without them the months need not be laid out, and
    // without a column that shows it the actual cost need not be priced.
    // A year's tranche of the credit is the months of that year added up.
    let by_year = row.notified.is_some() && (row.per == Some(Per::Year) || row.year.is_some());
    let detail = match (context.needs_schedule || by_year, context.needs_actual) {
        (true, _) => Detail::Schedule,
        (false, true) => Detail::Totals,
        (false, false) => Detail::Credit,
    };
    let computed = compute_remembering(rates, &row.post, options.today, detail, memo);
    let computed = match computed {
        Ok(c) => c,
        Err(e) => return Outcome::failed(&context.compute_error(&e)),
    };
    held_back(context, &computed);
    if options.strict {
        if let Some(message) = not_met(context, &computed) {
            return Outcome::failed(&message);
        }
    }
    // The computation, checked against the row's notified credit when it has one: borrowed
    // where it lies, not moved into an enum (a copy of its 1 232 bytes for every row priced).
    let checked;
    let (computed, result) = match row.notified {
        Some(amount) => {
            checked = match check_computed(
                rates,
                &row.post,
                options.today,
                computed,
                Notified {
                    amount,
                    per: row.per,
                    year: row.year,
                    tolerance: Decimal::ZERO,
                },
                false,
            ) {
                Ok(result) => result,
                Err(e) => return Outcome::failed(&context.compute_error(&e)),
            };
            (&checked.computed, Some(&checked))
        }
        None => (&computed, None),
    };
    let posts = row.posts.unwrap_or(1);
    // A row stands for at most MAX_POSTS posts, so that this never overflows; checked all the same.
    let times = |t: Decimal| t.checked_mul(Decimal::from(posts));
    let Some(ars_total) = times(computed.ars_total) else {
        return Outcome::failed(&context.compute_error(&ComputeError::TooLarge));
    };
    let years = if options.by_year {
        computed.by_year()
    } else {
        Vec::new()
    };
    let ((cells, encoded), lines) = if options.by_year {
        let (cells, lines) = year_rows(context, computed, &years, posts);
        ((cells, None), lines)
    } else {
        (cells(context, computed, result, posts), 1)
    };
    let totals = if options.summary || options.summary_only {
        let whole = [
            Some(ars_total),
            computed.establishment_total.and_then(times),
            computed.full_cost_total.and_then(times),
        ];
        let Some(totals) = row_totals(whole, &years, posts) else {
            return Outcome::failed(&context.compute_error(&ComputeError::TooLarge));
        };
        let plan = &computed.plan;
        let group = (plan.region.id.clone(), plan.post_type.id(), plan.post_type);
        Some((group, totals, posts))
    } else {
        None
    };
    Outcome {
        cells,
        encoded,
        error: None,
        mismatch: result.is_some_and(|r| !r.matches),
        totals,
        lines,
    }
}

/// A row's totals for the summary: the whole contract's, then each year's, for the row's posts;
/// `None` past what a decimal holds (a cost unknown stays unknown).
fn row_totals(
    whole: Totals,
    years: &[crate::compute::YearTotal],
    posts: u32,
) -> Option<Vec<(Option<i32>, Totals)>> {
    let times = |t: Decimal| t.checked_mul(Decimal::from(posts));
    let cost = |v: Option<Decimal>| match v {
        Some(v) => times(v).map(Some),
        None => Some(None),
    };
    let mut totals = Vec::with_capacity(1 + years.len());
    totals.push((None, whole));
    for y in years {
        let year = [
            Some(times(y.ars)?),
            cost(y.establishment)?,
            cost(y.full_cost)?,
        ];
        totals.push((Some(y.year), year));
    }
    Some(totals)
}

/// With `--by-year`, the cells of a row's years, each year's in turn, and how many rows they
/// make (a contract has at least one month, so at least one year).
fn year_rows(
    context: &RowContext<'_>,
    computed: &Computation<'_>,
    years: &[crate::compute::YearTotal],
    posts: u32,
) -> (Vec<Cell<'static>>, usize) {
    use crate::column::Column;
    use crate::output::records::year_cell;
    let prepare = context.prepare;
    // The words, for a column that shows them (`overrides`).
    let words = context.needs_words.then(|| words(context, computed));
    let times = |v: Decimal| v.checked_mul(Decimal::from(posts));
    let mut cells = Vec::with_capacity(years.len() * context.outs.len());
    for y in years {
        for (slot, out) in context.chosen.iter().zip(&context.outs) {
            let Some(column) = slot.column() else {
                continue;
            };
            let cell = match out {
                Out::Compute => computation_cell(computed, words.as_ref(), column),
                Out::Posts => Some(Cell::Int(i64::from(posts))),
                Out::Year => match column {
                    Column::ArsPosts => times(y.ars).map(Cell::Amount),
                    Column::EstablishmentPosts => {
                        Some(Cell::amount_or_empty(y.establishment.and_then(times)))
                    }
                    Column::FullCostPosts => {
                        Some(Cell::amount_or_empty(y.full_cost.and_then(times)))
                    }
                    _ => year_cell(y, column),
                },
                Out::Check | Out::Id | Out::Copy(_) | Out::Status | Out::Error => continue,
            };
            cells.push(prepare.apply(owned(cell.unwrap_or_default())));
        }
    }
    (cells, years.len().max(1))
}

/// A row in error keeps the cells it was given: each output column of an input the file has
/// (`region`, `start`…) shows the cell as typed.
pub(super) fn echo(context: &RowContext<'_>, record: &Record, outcome: &mut Outcome) {
    if outcome.error.is_none() || !outcome.cells.is_empty() {
        return;
    }
    outcome.cells = context
        .chosen
        .iter()
        .zip(&context.outs)
        // One cell for each column the outcome fills (a year's figures: none known).
        .filter(|(_, out)| matches!(out, Out::Compute | Out::Check | Out::Posts | Out::Year))
        .map(|(slot, out)| {
            if *out == Out::Year {
                return Cell::Empty;
            }
            let typed = slot
                .column()
                .and_then(|c| crate::post::Field::from_key(c.key()))
                .and_then(|field| context.header.index(field))
                .and_then(|i| record.get(i));
            match typed {
                Some(raw) if !raw.is_empty() => {
                    let text = String::from_utf8_lossy(raw).into_owned();
                    context.prepare.apply(Cell::Text(text.into()))
                }
                _ => Cell::Empty,
            }
        })
        .collect();
}

/// Records the terms of the row's rule set that a command-line value was held back from (said
/// once, after the batch).
fn held_back(context: &RowContext<'_>, computed: &Computation<'_>) {
    let plan = &computed.plan;
    if plan.overrides.applied || plan.overrides.is_empty() {
        return;
    }
    let id = plan.rule_set_id();
    if let Ok(mut held) = context.held_back.lock() {
        for term in plan.overrides.iter() {
            if !held.iter().any(|(r, t)| r == id && t == term) {
                held.push((id.to_string(), *term));
            }
        }
    }
}

/// With `strict`, the conditions of eligibility the row's cells show are not met, in words.
fn not_met(context: &RowContext<'_>, computed: &Computation<'_>) -> Option<String> {
    let lang = context.options.lang;
    let not_met: Vec<String> =
        check_conditions(context.rates, &computed.plan, lang, &context.naming())
            .into_iter()
            .filter(|c| c.status == Status::NotMet)
            .map(|c| format!("{} ({})", c.condition.text.get(lang), c.detail))
            .collect();
    (!not_met.is_empty()).then(|| {
        tr!(
            lang,
            "a condition of eligibility is not met: {}",
            "une condition d'éligibilité n'est pas remplie : {}",
            not_met.join(lang.pick("; ", " ; "))
        )
    })
}

/// The documents of a row by their short ids (`S1|S3`).
fn source_ids(rates: &crate::rates::Rates, words: Option<&Explanation<'_>>) -> Cell<'static> {
    let ids = words.map_or_else(Vec::new, |e| {
        e.sources
            .iter()
            .filter_map(|s| crate::explain::notes::source_id(rates, &s.id))
            .map(std::borrow::Cow::Owned)
            .collect()
    });
    Cell::List(ids, "|")
}

/// What the chosen columns say of a computation: its words, or only the notes' ids, the
/// conditions and the documents when no column shows the words themselves.
fn words<'a>(context: &RowContext<'a>, computed: &Computation<'a>) -> Explanation<'a> {
    let (rates, lang) = (context.rates, context.options.lang);
    match context.needs_texts {
        true => explain(rates, computed, lang, &context.naming()),
        false => explain_ids(rates, computed, lang, &context.naming()),
    }
}

/// The cell of a chosen column the computation fills (`None` for the row's own, its status,
/// its error and its years).
fn row_cell<'c>(
    context: &RowContext<'_>,
    computed: &'c Computation<'c>,
    words: Option<&'c Explanation<'c>>,
    result: Option<&'c CheckResult<'c>>,
    posts: u32,
    (slot, out): (&Slot, &Out),
) -> Option<Cell<'c>> {
    let column = slot.column()?;
    let cell = match out {
        // A row names its documents by their short ids (`S1|S3`), listed once beside.
        Out::Compute if column == crate::column::Column::Sources => {
            Some(source_ids(context.rates, words))
        }
        Out::Compute => computation_cell(computed, words, column),
        Out::Check => result.and_then(|r| check_cell(r, column, context.options.lang)),
        Out::Posts if column == crate::column::Column::Posts => Some(Cell::Int(i64::from(posts))),
        Out::Posts => computed
            .ars_total
            .checked_mul(Decimal::from(posts))
            .map(Cell::Amount),
        Out::Id | Out::Copy(_) | Out::Status | Out::Error | Out::Year => return None,
    };
    Some(cell.unwrap_or_default())
}

/// The cells of the chosen columns but the row's own (id, copied) and the status, in order,
/// prepared for the sink; or, for a sink that takes rows encoded, the row encoded (its own
/// cells left to their slots), its cells never made independent of the computation.
fn cells(
    context: &RowContext<'_>,
    computed: &Computation<'_>,
    result: Option<&CheckResult<'_>>,
    posts: u32,
) -> (Vec<Cell<'static>>, Option<super::encode::EncodedRow>) {
    let words = context.needs_words.then(|| words(context, computed));
    let chosen = || context.chosen.iter().zip(&context.outs);
    if let Some(style) = context.encode {
        // Each cell written as it is made, and dropped once written.
        let cell = |n: usize, scratch: &mut Vec<u8>, bytes: &mut Vec<u8>| {
            let column = context.chosen.get(n).zip(context.outs.get(n));
            let cell =
                column.and_then(|c| row_cell(context, computed, words.as_ref(), result, posts, c));
            csv_field(&cell.unwrap_or_default(), style, scratch, bytes);
        };
        let mut scratch = Vec::new();
        let encoded = super::encode::EncodedRow::from_cells(
            &context.outs,
            context.id_index,
            cell,
            style,
            &mut scratch,
        );
        if encoded.is_some() {
            return (Vec::new(), encoded);
        }
    }
    let prepare = context.prepare;
    // Sized once: a row's cells are many, and each is moved at every growth.
    let mut cells = Vec::with_capacity(context.outs.len());
    cells.extend(chosen().filter_map(|column| {
        let cell = row_cell(context, computed, words.as_ref(), result, posts, column)?;
        Some(prepare.apply(owned(cell)))
    }));
    (cells, None)
}
