//! Tables for people, in English or French.

use super::{Cell, Column, Notes, Sink};
use crate::money::{human, human_number, human_rate, Lang};
use crate::rates::Source;
use comfy_table::{presets::UTF8_FULL_CONDENSED, CellAlignment, ContentArrangement, Table};
use std::io::{self, Write};

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

    /// The label for `key`.
    pub fn get(&self, key: &str) -> &'static str {
        let fr = self.lang == Lang::Fr;
        match (key, fr) {
            ("line", false) => "Line",
            ("line", true) => "Ligne",
            ("amount", false) => "Amount",
            ("amount", true) => "Montant",
            ("how", false) => "How",
            ("how", true) => "Calcul",
            ("monthly", false) => "Monthly",
            ("monthly", true) => "Par mois",
            ("base", false) => "Base salary (gross)",
            ("base", true) => "Traitement de base (brut)",
            ("iespe", _) => "IESPE",
            ("pet", _) => "PET",
            ("gross", false) => "Gross total",
            ("gross", true) => "Total brut",
            ("charges", false) => "Employer charges",
            ("charges", true) => "Charges patronales",
            ("loaded", false) => "Loaded cost",
            ("loaded", true) => "Rémunération brute chargée",
            ("credit_on", false) => "credit computed for",
            ("credit_on", true) => "crédit calculé pour",
            ("actual", false) => "Actual cost of the post (loaded)",
            ("actual", true) => "Coût réel du poste (chargé)",
            ("funded", false) => "Funded base",
            ("funded", true) => "Assiette financée",
            ("ars", false) => "ARS share",
            ("ars", true) => "Prise en charge ARS",
            ("establishment", false) => "Establishment share",
            ("establishment", true) => "Part de l'établissement",
            ("contract", false) => "Contract",
            ("contract", true) => "Contrat",
            ("ars_total", false) => "ARS credit",
            ("ars_total", true) => "Crédit ARS",
            ("establishment_total", false) => "Establishment",
            ("establishment_total", true) => "Établissement",
            ("full_total", false) => "Full cost",
            ("full_total", true) => "Coût complet",
            ("months", false) => "months",
            ("months", true) => "mois",
            ("to", false) => "to",
            ("to", true) => "au",
            ("from", false) => "From",
            ("from", true) => "Du",
            ("rule_set", false) => "rule set",
            ("rule_set", true) => "règles",
            ("years", false) => "years",
            ("years", true) => "années",
            ("assumptions", false) => "Assumptions",
            ("assumptions", true) => "Hypothèses",
            ("conditions", false) => "Conditions of eligibility",
            ("conditions", true) => "Conditions d'éligibilité",
            ("warnings", false) => "Warnings",
            ("warnings", true) => "Avertissements",
            ("sources", _) => "Sources",
            ("ars_due", false) => "ARS credit due",
            ("ars_due", true) => "Crédit ARS dû",
            ("not_served", false) => "Not served",
            ("not_served", true) => "Non servi",
            ("recoverable", false) => "The ARS may recover",
            ("recoverable", true) => "Récupérable par l'ARS",
            ("full_cost_served", false) => "Actual cost of the time served",
            ("full_cost_served", true) => "Coût réel du temps servi",
            ("month", false) => "Month",
            ("month", true) => "Mois",
            ("days", false) => "Days",
            ("days", true) => "Jours",
            ("served", false) => "Served",
            ("served", true) => "Servis",
            ("due", false) => "Due",
            ("due", true) => "Dû",
            ("total", _) => "Total",
            ("year", false) => "Year",
            ("year", true) => "Année",
            ("by_year", false) => "By calendar year",
            ("by_year", true) => "Par année civile",
            ("day", false) => "1 day",
            ("day", true) => "1 jour",
            ("days_word", false) => "days",
            ("days_word", true) => "jours",
            ("campaign", false) => "campaign",
            ("campaign", true) => "campagne",
            _ => "?",
        }
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
