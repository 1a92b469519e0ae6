//! Tables for people, in English or French.

use super::grid::{self, Constraint, GridCell};
use super::layout;
use super::{Cell, Header, Notes, Sink, Word, Wrap};
use crate::money::{human, human_number, human_rate, Lang};
use crate::rates::Source;
use crate::tr;
use comfy_table::{presets::UTF8_FULL_CONDENSED, CellAlignment, ContentArrangement, Table};
use std::io::{self, Write};

/// The words of the tables' layout (the lines of the computation table, headings of notes), in
/// English and in French. Column headers are their [`Column`]'s labels, values are [`Word`]s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumIter)]
pub enum Label {
    /// The computation table's first header.
    Monthly,
    /// Its second.
    Amount,
    /// Its third.
    How,
    /// The base salary line.
    Base,
    /// The IESPE line.
    Iespe,
    /// The PET line.
    Pet,
    /// The gross line.
    Gross,
    /// The employer charges line.
    Charges,
    /// The loaded cost line.
    Loaded,
    /// Said of the reference post a credit is computed for.
    CreditOn,
    /// The actual cost line.
    Actual,
    /// Before the post's own lines, where the credit is computed on something else.
    ThisPost,
    /// Before the lines of the reference post a credit is computed on.
    ReferencePost,
    /// Before the lines of the amounts a notice publishes.
    NoticeAmounts,
    /// The funded base line.
    Funded,
    /// The ARS share line.
    Ars,
    /// The establishment's share line.
    Establishment,
    /// The contract lines.
    Contract,
    /// The contract's credit.
    ArsTotal,
    /// The contract's establishment part.
    EstablishmentTotal,
    /// The contract's full cost.
    FullTotal,
    /// `months`, after a number.
    Months,
    /// `to`, between dates.
    To,
    /// `From`, before dates.
    From,
    /// `rule set`, before its id.
    RuleSet,
    /// `years`, before a band.
    Years,
    /// The heading of assumptions.
    Assumptions,
    /// The heading of conditions.
    Conditions,
    /// The heading of warnings.
    Warnings,
    /// The heading of sources.
    Sources,
    /// The credit due line.
    ArsDue,
    /// What the ARS may recover.
    Recoverable,
    /// The cost of the time served.
    FullCostServed,
    /// The schedule's credit due column.
    Due,
    /// The total row.
    Total,
    /// The heading of the years.
    ByYear,
    /// `1 day`.
    Day,
    /// The schedule's month column.
    Month,
    /// The schedule's days column.
    Days,
    /// The schedule's days served.
    Served,
    /// The schedule's credit not served.
    NotServed,
    /// The year column.
    Year,
    /// `days`, after a number.
    DaysWord,
    /// `campaign`, before a year.
    Campaign,
}

impl Label {
    /// The label in English and in French.
    pub fn labels(self) -> [&'static str; 2] {
        match self {
            Label::Monthly => ["Monthly", "Par mois"],
            Label::Amount => ["Amount", "Montant"],
            Label::How => ["How", "Calcul"],
            Label::Base => ["Base salary (gross)", "Traitement de base (brut)"],
            Label::Iespe => ["IESPE", "IESPE"],
            Label::Pet => ["PET", "PET"],
            Label::Gross => ["Gross total", "Total brut"],
            Label::Charges => ["Employer charges", "Charges patronales"],
            Label::Loaded => ["Loaded cost", "Rémunération brute chargée"],
            Label::CreditOn => ["credit computed for", "crédit calculé pour"],
            Label::Actual => [
                "Actual cost of the post (loaded)",
                "Coût réel du poste (chargé)",
            ],
            Label::ThisPost => ["This post", "Ce poste"],
            Label::ReferencePost => ["ARS reference post", "Poste de référence ARS"],
            Label::NoticeAmounts => ["Notice's amounts", "Montants du cahier des charges"],
            Label::Funded => ["Funded base", "Assiette financée"],
            Label::Ars => ["ARS share", "Prise en charge ARS"],
            Label::Establishment => ["Establishment share", "Part de l'établissement"],
            Label::Contract => ["Contract", "Contrat"],
            Label::ArsTotal => ["ARS credit", "Crédit ARS"],
            Label::EstablishmentTotal => ["Establishment", "Établissement"],
            Label::FullTotal => ["Full cost", "Coût complet"],
            Label::Months => ["months", "mois"],
            Label::To => ["to", "au"],
            Label::From => ["From", "Du"],
            Label::RuleSet => ["rule set", "règles"],
            Label::Years => ["years", "années"],
            Label::Assumptions => ["Assumptions", "Hypothèses"],
            Label::Conditions => ["Conditions of eligibility", "Conditions d'éligibilité"],
            Label::Warnings => ["Warnings", "Avertissements"],
            Label::Sources => ["Sources", "Sources"],
            Label::ArsDue => ["ARS credit due", "Crédit ARS dû"],
            Label::Recoverable => ["The ARS may recover", "Récupérable par l'ARS"],
            Label::FullCostServed => [
                "Actual cost of the time served",
                "Coût réel de la période effectuée",
            ],
            Label::Due => ["Due", "Dû"],
            Label::Total => ["Total", "Total"],
            Label::ByYear => ["By calendar year", "Par année civile"],
            Label::Day => ["1 day", "1 jour"],
            Label::Month => ["Month", "Mois"],
            Label::Days => ["Days", "Jours"],
            Label::Served => ["Served", "Effectués"],
            Label::NotServed => ["Not served", "Non effectué"],
            Label::Year => ["Year", "Année"],
            Label::DaysWord => ["days", "jours"],
            Label::Campaign => ["campaign", "campagne"],
        }
    }

    /// The label in `lang`.
    pub fn get(self, lang: Lang) -> &'static str {
        let [en, fr] = self.labels();
        lang.pick(en, fr)
    }
}

/// Every label pair (English, French) the tool's tables and words use for names: the layout's
/// labels, the columns', the words', and the names of components and rules.
pub fn label_texts() -> Vec<(&'static str, &'static str)> {
    use crate::model::Component;
    use crate::money::RoundingMode;
    use crate::rates::{Credit, RoundAt, Severity};
    use crate::schedule::Proration;
    use strum::IntoEnumIterator;
    let both = |f: &dyn Fn(Lang) -> &'static str| (f(Lang::En), f(Lang::Fr));
    let pair = |[en, fr]: [&'static str; 2]| (en, fr);
    let mut out: Vec<(&'static str, &'static str)> =
        Label::iter().map(|l| pair(l.labels())).collect();
    out.extend(crate::column::Column::all().map(|c| pair(c.labels())));
    out.extend(Word::every().into_iter().map(|w| pair(w.label)));
    for c in Component::all() {
        out.push(both(&|l| c.label(l)));
    }
    for m in [
        RoundingMode::HalfAwayFromZero,
        RoundingMode::HalfEven,
        RoundingMode::Truncate,
    ] {
        out.push(both(&|l| m.label(l)));
    }
    for p in [
        Proration::Thirtieths,
        Proration::CalendarDays,
        Proration::WholeMonths,
    ] {
        out.push(both(&|l| p.label(l)));
    }
    for c in [Credit::Fixed, Credit::FollowsGrid] {
        out.push(both(&|l| c.label(l)));
    }
    for s in [Severity::Error, Severity::Warning] {
        out.push(both(&|l| s.label(l)));
    }
    for a in enumset::EnumSet::<RoundAt>::all() {
        out.push(both(&|l| a.label(l)));
    }
    out
}

/// The most rows a table for people holds, over all its tables: past it, a table is refused
/// (every row is held until the table is laid out), and CSV or a workbook is the way.
pub const MAX_TABLE_ROWS: usize = 10_000;

/// The table laid out in `width` columns, in the house style (comfy-table's preset
/// `UTF8_FULL_CONDENSED`, dynamic arrangement), without a line end after it: by
/// [`grid::render`] where it can, else by comfy-table, which a cell in colour always takes.
fn lay_out(
    header: &[String],
    rows: &[Vec<GridCell>],
    constraints: &[Constraint],
    width: u16,
    colour: bool,
) -> String {
    if let Some(laid_out) = grid::render(header, rows, constraints, width) {
        return laid_out;
    }
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header.iter().map(comfy_table::Cell::new))
        .set_width(width);
    if colour {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    for row in rows {
        table.add_row(row.iter().map(|cell| {
            let mut shown = comfy_table::Cell::new(&cell.text);
            if cell.right {
                shown = shown.set_alignment(CellAlignment::Right);
            }
            if cell.red {
                shown = shown.fg(comfy_table::Color::Red);
            }
            shown
        }));
    }
    for (at, constraint) in constraints.iter().enumerate() {
        let constraint = match *constraint {
            Constraint::Free => continue,
            Constraint::Content => comfy_table::ColumnConstraint::ContentWidth,
            Constraint::AtLeast(n) => {
                comfy_table::ColumnConstraint::LowerBoundary(comfy_table::Width::Fixed(n))
            }
        };
        if let Some(column) = table.column_mut(at) {
            column.set_constraint(constraint);
        }
    }
    table.to_string()
}

/// How long a column is kept when a table must drop some to fit (higher: kept longer), by its
/// key: the answer and what names a row first, the sources and files last.
fn keep_rank(key: &str) -> u8 {
    match key {
        "id" | "line" | "term" | "region" | "parameter" | "month" | "year" | "status" => 10,
        "ars_monthly" | "ars" | "total" | "amount" | "how" | "error" | "note" | "value"
        | "derivation" | "gives" => 9,
        "ars_total" | "posts" | "establishment" | "full_cost" | "matches" => 8,
        "check_status" | "priced_posts" | "type" | "post_type" => 7,
        "gap" | "days" | "share" | "due" | "not_served" | "served" => 6,
        "months" | "campaign" | "funded" | "durations" | "rule_set" => 4,
        "per_post_total" | "until" | "to" | "from" => 3,
        "sources" => 2,
        "file" => 1,
        _ => 5,
    }
}

/// The columns whose long texts are notes: printed once under the table, a reference in the row.
const NOTE_KEYS: [&str; 3] = ["error", "warnings", "note"];

/// A note's text no longer than this always stays in its row.
const NOTE_IN_ROW_AT_MOST: usize = 20;

/// A note no other row shares stays in its row up to this length; longer, it goes under.
const NOTE_KEPT_IN_ROW: usize = 60;

/// The reference of the `n`-th note under a table: `(a)`, `(b)`, … `(z)`, `(aa)`, …
fn note_reference(n: usize) -> String {
    let mut letters = Vec::new();
    let mut n = n + 1;
    while n > 0 {
        n -= 1;
        letters.push(char::from(b'a' + u8::try_from(n % 26).unwrap_or(0)));
        n /= 26;
    }
    letters.reverse();
    format!("({})", letters.into_iter().collect::<String>())
}

/// A table being filled: its headings and keys, its rows, and per column its longest word.
struct Pending {
    keys: Vec<String>,
    labels: Vec<String>,
    rows: Vec<Vec<GridCell>>,
    /// Per column, its longest word (an amount, a date, an id are one word): never cut.
    least_widths: Vec<usize>,
}

impl Pending {
    /// Moves the long texts of the note columns under the table: each distinct text once, with
    /// the rows it concerns (named by their first cell); the rows keep a reference. The notes,
    /// one a line, ready to print.
    fn move_notes(&mut self, lang: Lang) -> String {
        let mut notes: Vec<(String, Vec<String>)> = Vec::new();
        for (column, key) in self.keys.iter().enumerate() {
            if !NOTE_KEYS.contains(&key.as_str()) || column == 0 {
                continue;
            }
            let mut least = longest_word(&self.labels[column]);
            let texts: Vec<String> = self
                .rows
                .iter()
                .map(|row| row.get(column).map(|c| c.text.clone()).unwrap_or_default())
                .collect();
            for row in &mut self.rows {
                let Some(cell) = row.get(column) else {
                    continue;
                };
                let text = cell.text.clone();
                // A note stays in its row unless many rows share it or it is long.
                let shared = texts.iter().filter(|t| **t == text).count() > 1;
                if layout::display_width(&text) <= NOTE_IN_ROW_AT_MOST
                    || (!shared && layout::display_width(&text) <= NOTE_KEPT_IN_ROW)
                {
                    least = least.max(longest_word(&text));
                    continue;
                }
                let name = row.first().map(|c| c.text.clone()).unwrap_or_default();
                let at = match notes.iter().position(|(t, _)| *t == text) {
                    Some(at) => at,
                    None => {
                        notes.push((text, Vec::new()));
                        notes.len() - 1
                    }
                };
                notes[at].1.push(name);
                let reference = note_reference(at);
                least = least.max(reference.len());
                row[column] = GridCell::left(reference);
            }
            if let Some(width) = self.least_widths.get_mut(column) {
                *width = least;
            }
        }
        let mut out = String::new();
        for (at, (text, rows)) in notes.iter().enumerate() {
            let rows = rows
                .iter()
                .filter(|r| !r.is_empty())
                .cloned()
                .collect::<Vec<_>>();
            out.push_str(&format!("  {} {text}", note_reference(at)));
            if !rows.is_empty() {
                out.push_str(&tr!(lang, " (rows: {})", " (lignes : {})", rows.join(", ")));
            }
            out.push('\n');
        }
        if !out.is_empty() {
            out.insert_str(
                0,
                &format!("{}{}\n", lang.pick("Notes", "Notes"), lang.colon()),
            );
        }
        out
    }

    /// The columns kept to fit `width` (in their order), and the labels of those left out:
    /// a column empty in every row first, then the lowest [`keep_rank`], the rightmost among
    /// equals.
    /// The least width column `i` needs, its padding aside: its longest word, or when it wraps
    /// inside words ([`Wrap::Anywhere`], not kept whole), at most [`ANYWHERE_LEAST`].
    fn least(&self, i: usize, wrap: Wrap) -> usize {
        let word = self.least_widths.get(i).copied().unwrap_or(0);
        match wrap {
            Wrap::Anywhere { whole } if !whole.contains(&i) => word.min(ANYWHERE_LEAST),
            _ => word,
        }
    }

    fn fit(&self, width: u16, wrap: Wrap) -> (Vec<usize>, Vec<String>) {
        let empty = |i: usize| {
            self.rows
                .iter()
                .all(|row| row.get(i).is_none_or(|c| c.text.trim().is_empty()))
        };
        let rank = |i: usize| {
            if empty(i) {
                0
            } else {
                keep_rank(&self.keys[i])
            }
        };
        let mut kept: Vec<usize> = (0..self.labels.len()).collect();
        // Each column takes its least width and a space either side; the borders one each.
        let needed = |kept: &[usize]| -> usize {
            kept.iter().map(|i| self.least(*i, wrap) + 3).sum::<usize>() + 1
        };
        let mut left_out = Vec::new();
        while kept.len() > 1 && needed(&kept) > usize::from(width) {
            let Some(drop) = kept
                .iter()
                .enumerate()
                .min_by_key(|(at, i)| (rank(**i), std::cmp::Reverse(*at)))
                .map(|(at, _)| at)
            else {
                break;
            };
            left_out.push(self.labels[kept.remove(drop)].clone());
        }
        (kept, left_out)
    }
}

/// The least width a column that wraps inside words is given (a few words a line).
const ANYWHERE_LEAST: usize = 15;

/// The numbered list of sources under a table.
fn sources_list(sources: &[&Source], lang: Lang, out: &mut String) {
    if sources.is_empty() {
        return;
    }
    out.push_str(Label::Sources.get(lang));
    out.push_str(lang.colon());
    out.push('\n');
    for (i, s) in sources.iter().enumerate() {
        out.push_str(&format!("  [{}] ", i + 1));
        out.push_str(&s.title);
        for more in [&s.reference, &s.url].into_iter().flatten() {
            out.push_str(". ");
            out.push_str(more);
        }
        out.push('\n');
    }
}

/// The longest word of a cell's text, split at ordinary spaces and line ends only.
fn longest_word(text: &str) -> usize {
    let bytes = text.as_bytes();
    if memchr::memchr2(0x1b, 0xee, bytes).is_some() {
        return text
            .split([' ', '\n'])
            .map(layout::display_width)
            .max()
            .unwrap_or(0);
    }
    // Without colour, one pass: the characters between two separators.
    let (mut longest, mut word) = (0, 0);
    for &b in bytes {
        if b == b' ' || b == b'\n' {
            longest = longest.max(word);
            word = 0;
        } else {
            word += usize::from(b & 0xc0 != 0x80);
        }
    }
    longest.max(word)
}

/// A bulleted list under a heading, or nothing when empty.
fn bullets(heading: &str, items: &[String], lang: Lang, out: &mut String) {
    if items.is_empty() {
        return;
    }
    out.push_str(heading);
    out.push_str(lang.colon());
    out.push('\n');
    for item in items {
        out.push_str("  - ");
        out.push_str(item);
        out.push('\n');
    }
}

/// Tables for people: rows are laid out when the table ends, in the width people read in,
/// with the text, the warnings, assumptions and numbered sources around them, wrapped too.
pub struct TableSink<'w> {
    out: Box<dyn Write + 'w>,
    lang: Lang,
    text: String,
    table: Option<Pending>,
    wrap: Wrap,
    /// The width tables and paragraphs are laid out in.
    width: u16,
    /// Whether a verdict and a row in error are in colour (a terminal that takes it).
    colour: bool,
    /// The rows written, over all tables.
    rows: usize,
}

impl<'w> TableSink<'w> {
    /// A table sink in `lang`, laid out in the width of [`layout::width`].
    pub fn new(out: Box<dyn Write + 'w>, lang: Lang) -> Self {
        TableSink {
            out,
            lang,
            text: String::new(),
            table: None,
            wrap: Wrap::Words,
            width: layout::width(),
            colour: layout::colour(),
            rows: 0,
        }
    }

    fn flush_table(&mut self) {
        let Some(mut pending) = self.table.take() else {
            return;
        };
        let notes = pending.move_notes(self.lang);
        let (kept, left_out) = pending.fit(self.width, self.wrap);
        let least: Vec<usize> = (0..pending.labels.len())
            .map(|i| pending.least(i, self.wrap))
            .collect();
        let Pending { labels, rows, .. } = pending;
        let header: Vec<String> = kept.iter().map(|i| labels[*i].clone()).collect();
        let rows: Vec<Vec<GridCell>> = rows
            .into_iter()
            .map(|row| {
                let mut cells: Vec<Option<GridCell>> = row.into_iter().map(Some).collect();
                kept.iter()
                    .map(|i| {
                        cells
                            .get_mut(*i)
                            .and_then(Option::take)
                            .unwrap_or_else(|| GridCell::left(String::new()))
                    })
                    .collect()
            })
            .collect();
        let constraints: Vec<Constraint> = kept
            .iter()
            .map(|i| match (least.get(*i).copied().unwrap_or(0), self.wrap) {
                (0, _) => Constraint::Free,
                (_, Wrap::Anywhere { whole }) if whole.contains(i) => Constraint::Content,
                // The width counts the padding either side.
                (least, _) => Constraint::AtLeast(u16::try_from(least + 2).unwrap_or(u16::MAX)),
            })
            .collect();
        self.text.push_str(&lay_out(
            &header,
            &rows,
            &constraints,
            self.width,
            self.colour,
        ));
        self.text.push('\n');
        self.text.push_str(&notes);
        if !left_out.is_empty() {
            let lang = self.lang;
            self.text.push_str(&tr!(
                lang,
                "Not shown, to fit {} columns: {} (COLUMNS, a wider terminal or batch's --columns shows them).\n",
                "Non affichées, pour tenir en {} colonnes : {} (COLUMNS, un terminal plus large ou --columns de batch les affiche).\n",
                self.width,
                left_out.join(", ")
            ));
        }
    }

    /// A cell for people: its text made printable; a row in error, or a mismatch, in red where
    /// colour is on.
    fn cell(&self, cell: &Cell<'_>) -> GridCell {
        let shown = self.shown(cell);
        let text = match super::printable(&shown) {
            std::borrow::Cow::Borrowed(_) => shown,
            std::borrow::Cow::Owned(escaped) => escaped,
        };
        let alarm = matches!(cell, Cell::Word(w) if w.id == "error" || w.id == "mismatch");
        GridCell {
            text,
            right: matches!(
                cell,
                Cell::Amount(_) | Cell::Rate(_) | Cell::Number(_) | Cell::Int(_)
            ),
            red: alarm && self.colour,
        }
    }

    /// A cell's words for people, before they are made printable.
    fn shown(&self, cell: &Cell<'_>) -> String {
        let lang = self.lang;
        match cell {
            Cell::Amount(v) => human(*v, lang),
            Cell::Rate(v) => human_rate(*v, lang),
            Cell::Number(v) => human_number(*v, lang),
            Cell::Int(n) => n.to_string(),
            Cell::Bool(b) => match (b, lang) {
                (true, Lang::En) => "yes",
                (true, Lang::Fr) => "oui",
                (false, Lang::En) => "no",
                (false, Lang::Fr) => "non",
            }
            .to_string(),
            Cell::List(items, _) => items.join(", "),
            Cell::Date(d) => crate::lang::short_date(*d, lang),
            // A script's word (`mismatch`) is shown to people in their language.
            Cell::Word(word) => word.label(lang).to_string(),
            Cell::Named { name, .. } => name.to_string(),
            other => other.plain().to_string(),
        }
    }
}

impl Sink for TableSink<'_> {
    fn wrap(&mut self, wrap: Wrap) {
        self.flush_table();
        self.wrap = wrap;
    }

    fn header(&mut self, columns: &[Header<'_>]) -> io::Result<()> {
        self.flush_table();
        let lang = self.lang;
        let labels: Vec<String> = columns.iter().map(|c| c.label(lang).to_string()).collect();
        // A header's words are not cut either.
        let least_widths = labels.iter().map(|label| longest_word(label)).collect();
        self.table = Some(Pending {
            keys: columns.iter().map(|c| c.key.to_string()).collect(),
            labels,
            rows: Vec::new(),
            least_widths,
        });
        Ok(())
    }

    fn row(&mut self, cells: &[Cell<'_>]) -> io::Result<()> {
        self.rows += 1;
        if self.rows > MAX_TABLE_ROWS {
            return Err(io::Error::other(crate::text!(
                "a table for people holds at most 10,000 rows, and this output has more: use -f csv (or --excel) for a file a script or spreadsheet reads, or -o FILE.xlsx for a workbook",
                "un tableau pour les personnes contient au plus 10\u{a0}000 lignes, et cette sortie en a plus : utilisez -f csv (ou --excel) pour un fichier qu'un script ou un tableur lit, ou -o FICHIER.xlsx pour un classeur"
            )));
        }
        let row: Vec<GridCell> = cells.iter().map(|c| self.cell(c)).collect();
        let Some(pending) = &mut self.table else {
            return Ok(());
        };
        // No word is cut in two (an amount or a date is one word, its no-break spaces do not
        // break): a column is at least as wide as its longest word.
        for (i, shown) in row.iter().enumerate() {
            if pending.least_widths.len() <= i {
                pending.least_widths.resize(i + 1, 0);
            }
            pending.least_widths[i] = pending.least_widths[i].max(longest_word(&shown.text));
        }
        pending.rows.push(row);
        Ok(())
    }

    fn text(&mut self, text: &str) -> io::Result<()> {
        self.flush_table();
        self.text.push_str(&super::printable(text));
        Ok(())
    }

    fn verdict(&mut self, line: &str, good: bool) -> io::Result<()> {
        self.flush_table();
        let (body, newline) = line.strip_suffix('\n').map_or((line, ""), |b| (b, "\n"));
        self.text
            .push(if good { layout::GOOD } else { layout::BAD });
        self.text.push_str(&super::printable(body));
        self.text.push(layout::END);
        self.text.push_str(newline);
        Ok(())
    }

    fn notes(&mut self, notes: &Notes<'_>) -> io::Result<()> {
        self.flush_table();
        let lang = self.lang;
        let mut text = String::with_capacity(4096);
        bullets(Label::Warnings.get(lang), &notes.warnings, lang, &mut text);
        bullets(
            Label::Conditions.get(lang),
            &notes.conditions,
            lang,
            &mut text,
        );
        bullets(
            Label::Assumptions.get(lang),
            &notes.assumptions,
            lang,
            &mut text,
        );
        sources_list(&notes.sources, lang, &mut text);
        self.text.push_str(&super::printable(&text));
        // Rows that name their notes by id: where their texts are.
        if !notes.catalogue.is_empty() {
            self.text.push_str(&crate::tr!(
                lang,
                "Notes and documents by id: asp-funding notes lists each with its text.\n",
                "Notes et documents par identifiant : asp-funding notes donne le texte de chacun.\n",
            ));
        }
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        self.flush_table();
        let wrapped = layout::wrap_text(&self.text, self.width);
        self.out
            .write_all(layout::paint(&wrapped, self.colour).as_bytes())?;
        self.text.clear();
        self.out.flush()
    }
}
