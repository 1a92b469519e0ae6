//! Tables for people, in English or French.

use super::{Cell, Column, Notes, Sink};
use crate::money::{human, human_number, human_rate, Lang};
use crate::rates::Source;
use comfy_table::{presets::UTF8_FULL_CONDENSED, CellAlignment, ContentArrangement, Table};
use std::io::{self, Write};

/// The labels of tables: key, English, French. Every label a table shows in either language
/// is here, so that a test can build the English vocabulary from it.
pub const LABELS: &[(&str, &str, &str)] = &[
    ("line", "Line", "Ligne"),
    ("amount", "Amount", "Montant"),
    ("how", "How", "Calcul"),
    ("monthly", "Monthly", "Par mois"),
    ("base", "Base salary (gross)", "Traitement de base (brut)"),
    ("iespe", "IESPE", "IESPE"),
    ("pet", "PET", "PET"),
    ("gross", "Gross total", "Total brut"),
    ("charges", "Employer charges", "Charges patronales"),
    ("loaded", "Loaded cost", "Rémunération brute chargée"),
    ("credit_on", "credit computed for", "crédit calculé pour"),
    (
        "actual",
        "Actual cost of the post (loaded)",
        "Coût réel du poste (chargé)",
    ),
    ("funded", "Funded base", "Assiette financée"),
    ("ars", "ARS share", "Prise en charge ARS"),
    (
        "establishment",
        "Establishment share",
        "Part de l'établissement",
    ),
    ("contract", "Contract", "Contrat"),
    ("ars_total", "ARS credit", "Crédit ARS"),
    ("establishment_total", "Establishment", "Établissement"),
    ("full_total", "Full cost", "Coût complet"),
    ("months", "months", "mois"),
    ("to", "to", "au"),
    ("from", "From", "Du"),
    ("rule_set", "rule set", "règles"),
    ("years", "years", "années"),
    ("assumptions", "Assumptions", "Hypothèses"),
    (
        "conditions",
        "Conditions of eligibility",
        "Conditions d'éligibilité",
    ),
    ("warnings", "Warnings", "Avertissements"),
    ("sources", "Sources", "Sources"),
    ("ars_due", "ARS credit due", "Crédit ARS dû"),
    ("not_served", "Not served", "Non servi"),
    (
        "recoverable",
        "The ARS may recover",
        "Récupérable par l'ARS",
    ),
    (
        "full_cost_served",
        "Actual cost of the time served",
        "Coût réel du temps servi",
    ),
    ("month", "Month", "Mois"),
    ("days", "Days", "Jours"),
    ("served", "Served", "Servis"),
    ("due", "Due", "Dû"),
    ("total", "Total", "Total"),
    ("year", "Year", "Année"),
    ("by_year", "By calendar year", "Par année civile"),
    ("day", "1 day", "1 jour"),
    ("days_word", "days", "jours"),
    ("campaign", "campaign", "campagne"),
];

/// Every label pair (English, French) the tool's tables and words use for names: the table
/// labels, the envelope's columns, and the names of statuses, post types, components and rules.
pub fn label_texts() -> Vec<(&'static str, &'static str)> {
    use crate::eligibility::Status;
    use crate::model::{Component, PostType};
    use crate::money::RoundingMode;
    use crate::rates::{Credit, Severity};
    use crate::schedule::Proration;
    let both = |f: &dyn Fn(Lang) -> &'static str| (f(Lang::En), f(Lang::Fr));
    let mut out: Vec<(&'static str, &'static str)> =
        LABELS.iter().map(|(_, en, fr)| (*en, *fr)).collect();
    out.extend(
        crate::envelope::ENVELOPE_COLUMNS
            .iter()
            .map(|(_, en, fr)| (*en, *fr)),
    );
    for s in [Status::Met, Status::NotMet, Status::NotVerified] {
        out.push(both(&|l| s.label(l)));
    }
    for p in PostType::ALL {
        out.push(both(&|l| p.word(l)));
    }
    for c in Component::ALL {
        out.push(both(&|l| c.word(l)));
    }
    for m in [
        RoundingMode::HalfAwayFromZero,
        RoundingMode::HalfEven,
        RoundingMode::Truncate,
    ] {
        out.push(both(&|l| m.words(l)));
    }
    for p in [
        Proration::Thirtieths,
        Proration::CalendarDays,
        Proration::WholeMonths,
    ] {
        out.push(both(&|l| p.words(l)));
    }
    for c in [Credit::Fixed, Credit::FollowsGrid] {
        out.push(both(&|l| c.words(l)));
    }
    for s in [Severity::Error, Severity::Warning] {
        out.push(both(&|l| s.words(l)));
    }
    for a in crate::rates::RoundAt::ALL {
        out.push(both(&|l| a.words(l)));
    }
    out
}

/// The labels of a table, in one language.
pub struct Labels {
    /// The language.
    pub lang: Lang,
}

impl Labels {
    /// Labels in `lang`.
    pub fn new(lang: Lang) -> Self {
        Labels { lang }
    }

    /// The label for `key` (`?` for a key without one: a test checks every key used has one).
    pub fn get(&self, key: &str) -> &'static str {
        LABELS
            .iter()
            .find(|(k, _, _)| *k == key)
            .map_or("?", |(_, en, fr)| self.lang.pick(en, fr))
    }
}

/// The width tables wrap at when the output is not a terminal.
const OFF_TERMINAL_WIDTH: u16 = 110;

/// A new table in the house style.
pub fn new_table(header: &[&str]) -> Table {
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
pub fn keep_whole(table: &mut Table, columns: &[usize]) {
    for index in columns {
        if let Some(column) = table.column_mut(*index) {
            column.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
        }
    }
}

/// The numbered list of sources under a table.
pub fn sources_list(sources: &[&Source], labels: &Labels) -> String {
    let mut out = format!("{}{}\n", labels.get("sources"), labels.lang.colon());
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
pub fn bullets(heading: &str, items: &[String], lang: Lang) -> String {
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
    labels: Labels,
    text: String,
    table: Option<Table>,
    keep_whole: Vec<usize>,
    /// Per column, the widest amount or date in it: the column is never narrower.
    least_widths: Vec<u16>,
}

impl<'w> TableSink<'w> {
    /// A table sink in `lang`.
    pub fn new(out: Box<dyn Write + 'w>, lang: Lang) -> Self {
        TableSink {
            out,
            labels: Labels::new(lang),
            text: String::new(),
            table: None,
            keep_whole: Vec::new(),
            least_widths: Vec::new(),
        }
    }

    /// Keeps these columns of the current table on one line.
    pub fn keep_whole(&mut self, columns: &[usize]) {
        self.keep_whole = columns.to_vec();
    }

    fn flush_table(&mut self) {
        if let Some(mut table) = self.table.take() {
            for (index, width) in self.least_widths.drain(..).enumerate() {
                if let (Some(column), true) = (table.column_mut(index), width > 0) {
                    column.set_constraint(comfy_table::ColumnConstraint::LowerBoundary(
                        // The width counts the padding either side.
                        comfy_table::Width::Fixed(width.saturating_add(2)),
                    ));
                }
            }
            keep_whole(&mut table, &self.keep_whole);
            self.text.push_str(&table.to_string());
            self.text.push('\n');
        }
    }

    /// A cell for people.
    fn cell(&self, cell: &Cell<'_>) -> comfy_table::Cell {
        let lang = self.labels.lang;
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
            other => comfy_table::Cell::new(other.plain()),
        }
    }
}

impl Sink for TableSink<'_> {
    fn header(&mut self, columns: &[Column]) -> io::Result<()> {
        self.flush_table();
        let labels: Vec<&str> = columns.iter().map(|c| c.label(self.labels.lang)).collect();
        self.table = Some(new_table(&labels));
        Ok(())
    }

    fn row(&mut self, cells: &[Cell<'_>]) -> io::Result<()> {
        let row: Vec<comfy_table::Cell> = cells.iter().map(|c| self.cell(c)).collect();
        // An amount or a date is never cut in two: its column is at least as wide.
        for (i, (cell, shown)) in cells.iter().zip(&row).enumerate() {
            if matches!(cell, Cell::Amount(_) | Cell::Date(_)) {
                if self.least_widths.len() <= i {
                    self.least_widths.resize(i + 1, 0);
                }
                let width = u16::try_from(shown.content().chars().count()).unwrap_or(u16::MAX);
                self.least_widths[i] = self.least_widths[i].max(width);
            }
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
        let l = &self.labels;
        let text = format!(
            "{}{}{}{}",
            bullets(l.get("warnings"), &notes.warnings, l.lang),
            bullets(l.get("conditions"), &notes.conditions, l.lang),
            bullets(l.get("assumptions"), &notes.assumptions, l.lang),
            if notes.sources.is_empty() {
                String::new()
            } else {
                sources_list(&notes.sources, l)
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
