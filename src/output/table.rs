//! Tables for people, in English or French.

use super::{Cell, Header, Notes, Sink, Word, Wrap};
use crate::money::{human, human_number, human_rate, Lang};
use crate::rates::Source;
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

/// The longest word a table keeps whole (longer ones, such as a long id, may be cut).
const LONGEST_UNBROKEN_WORD: usize = 24;

/// The width tables wrap at when the output is not a terminal.
const OFF_TERMINAL_WIDTH: u16 = 110;

/// A new table in the house style.
fn new_table(header: &[&str]) -> Table {
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header.iter().map(comfy_table::Cell::new));
    // Off a terminal (a file, a pipe) there is no width to measure: wrap at a readable one.
    if table.width().is_none() {
        table.set_width(OFF_TERMINAL_WIDTH);
    }
    table
}

/// Keeps the given columns (ids, dates, paths) on one line: only the others wrap.
fn keep_whole(table: &mut Table, columns: &[usize]) {
    for index in columns {
        if let Some(column) = table.column_mut(*index) {
            column.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
        }
    }
}

/// The numbered list of sources under a table.
fn sources_list(sources: &[&Source], lang: Lang) -> String {
    let mut out = format!("{}{}\n", Label::Sources.get(lang), lang.colon());
    for (i, s) in sources.iter().enumerate() {
        out.push_str(&format!("  [{}] {}", i + 1, s.title));
        if let Some(reference) = &s.reference {
            out.push_str(&format!(". {reference}"));
        }
        if let Some(url) = &s.url {
            out.push_str(&format!(". {url}"));
        }
        out.push('\n');
    }
    out
}

/// A bulleted list under a heading, or nothing when empty.
fn bullets(heading: &str, items: &[String], lang: Lang) -> String {
    if items.is_empty() {
        return String::new();
    }
    let mut out = format!("{heading}{}\n", lang.colon());
    for item in items {
        out.push_str(&format!("  - {item}\n"));
    }
    out
}

/// Tables for people: rows are laid out when the output ends, with the text, the
/// warnings, assumptions and numbered sources around them.
pub struct TableSink<'w> {
    out: Box<dyn Write + 'w>,
    lang: Lang,
    text: String,
    table: Option<Table>,
    wrap: Wrap,
    /// Per column, the widest amount or date in it: the column is never narrower.
    least_widths: Vec<u16>,
    /// The rows written, over all tables.
    rows: usize,
}

impl<'w> TableSink<'w> {
    /// A table sink in `lang`.
    pub fn new(out: Box<dyn Write + 'w>, lang: Lang) -> Self {
        TableSink {
            out,
            lang,
            text: String::new(),
            table: None,
            wrap: Wrap::Words,
            least_widths: Vec::new(),
            rows: 0,
        }
    }

    fn flush_table(&mut self) {
        let least_widths = std::mem::take(&mut self.least_widths);
        if let Some(mut table) = self.table.take() {
            match self.wrap {
                Wrap::Words => {
                    for (index, width) in least_widths.into_iter().enumerate() {
                        if let (Some(column), true) = (table.column_mut(index), width > 0) {
                            column.set_constraint(comfy_table::ColumnConstraint::LowerBoundary(
                                // The width counts the padding either side.
                                comfy_table::Width::Fixed(width.saturating_add(2)),
                            ));
                        }
                    }
                }
                Wrap::Anywhere { whole } => keep_whole(&mut table, whole),
            }
            self.text.push_str(&table.to_string());
            self.text.push('\n');
        }
    }

    /// A cell for people.
    fn cell(&self, cell: &Cell<'_>) -> comfy_table::Cell {
        let lang = self.lang;
        let right = |text: String| comfy_table::Cell::new(text).set_alignment(CellAlignment::Right);
        match cell {
            Cell::Amount(v) => right(human(*v, lang)),
            Cell::Rate(v) => right(human_rate(*v, lang)),
            Cell::Number(v) => right(human_number(*v, lang)),
            Cell::Int(n) => right(n.to_string()),
            Cell::Bool(b) => comfy_table::Cell::new(match (b, lang) {
                (true, Lang::En) => "yes",
                (true, Lang::Fr) => "oui",
                (false, Lang::En) => "no",
                (false, Lang::Fr) => "non",
            }),
            Cell::List(items, _) => comfy_table::Cell::new(items.join(", ")),
            Cell::Date(d) => comfy_table::Cell::new(crate::lang::short_date(*d, lang)),
            // A script's word (`mismatch`) is shown to people in their language.
            Cell::Word(word) => comfy_table::Cell::new(word.label(lang)),
            other => comfy_table::Cell::new(other.plain()),
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
        let labels: Vec<&str> = columns.iter().map(|c| c.label(lang)).collect();
        // A header's words are not cut either.
        self.least_widths = labels
            .iter()
            .map(|label| {
                let longest = label.split(' ').map(|w| w.chars().count()).max();
                u16::try_from(longest.unwrap_or(0).min(LONGEST_UNBROKEN_WORD)).unwrap_or(0)
            })
            .collect();
        self.table = Some(new_table(&labels));
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
        let row: Vec<comfy_table::Cell> = cells.iter().map(|c| self.cell(c)).collect();
        // No word is cut in two (an amount or a date is one word, its spaces do not break):
        // a column is at least as wide as its longest word, up to a readable limit.
        for (i, shown) in row.iter().enumerate() {
            if self.least_widths.len() <= i {
                self.least_widths.resize(i + 1, 0);
            }
            let longest = shown
                .content()
                .split([' ', '\n'])
                .map(|word| word.chars().count())
                .max()
                .unwrap_or(0)
                .min(LONGEST_UNBROKEN_WORD);
            let width = u16::try_from(longest).unwrap_or(u16::MAX);
            self.least_widths[i] = self.least_widths[i].max(width);
        }
        if let Some(table) = &mut self.table {
            table.add_row(row);
        }
        Ok(())
    }

    fn text(&mut self, text: &str) -> io::Result<()> {
        self.flush_table();
        self.text.push_str(text);
        Ok(())
    }

    fn notes(&mut self, notes: &Notes<'_>) -> io::Result<()> {
        self.flush_table();
        let lang = self.lang;
        let text = format!(
            "{}{}{}{}",
            bullets(Label::Warnings.get(lang), &notes.warnings, lang),
            bullets(Label::Conditions.get(lang), &notes.conditions, lang),
            bullets(Label::Assumptions.get(lang), &notes.assumptions, lang),
            if notes.sources.is_empty() {
                String::new()
            } else {
                sources_list(&notes.sources, lang)
            }
        );
        self.text.push_str(&text);
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        self.flush_table();
        self.out
            .write_all(super::printable(&self.text).as_bytes())?;
        self.text.clear();
        self.out.flush()
    }
}
