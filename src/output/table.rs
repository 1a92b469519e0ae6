//! Tables for people, in English or French.

use super::{Cell, Column, Notes, Sink};
use crate::money::{human, human_number, human_rate, Lang};
use crate::rates::Source;
use comfy_table::{presets::UTF8_FULL_CONDENSED, CellAlignment, ContentArrangement, Table};
use std::io::{self, Write};

/// The labels of tables: key, English, French. Every label a table shows in either language
/// is here, so that a test can build the English vocabulary from it.
pub const LABELS: &[(&str, &str, &str)] = &[
    // Values of output columns that are words for scripts, shown to people (`value.VALUE`).
    ("value.ok", "ok", "ok"),
    ("value.error", "error", "erreur"),
    ("value.match", "match", "concorde"),
    ("value.mismatch", "mismatch", "écart"),
    ("value.month", "month", "mois"),
    ("value.contract", "contract", "contrat"),
    ("value.covered", "covered", "couvert"),
    ("value.not-covered", "not covered", "non couvert"),
    (
        "value.reason-not-given",
        "reason not given",
        "motif non donné",
    ),
    ("value.no-clause", "no clause", "aucune clause"),
    (
        "value.reference-post",
        "reference post",
        "poste de référence",
    ),
    (
        "value.published-amounts",
        "published amounts",
        "montants publiés",
    ),
    ("value.actual-cost", "actual cost", "coût réel"),
    (
        "value.inter-hospital",
        "inter-hospital",
        "entre établissements",
    ),
    ("value.ambulatory", "ambulatory", "ambulatoire"),
    ("value.overseas", "overseas", "outre-mer"),
    ("value.custom", "custom", "sans règles publiées"),
    ("value.all", "all", "ensemble"),
    (
        "value.chef-de-clinique",
        "chef de clinique",
        "chef de clinique",
    ),
    ("value.other", "other", "autre"),
    // The headers of output columns shown by their key (`column.KEY`).
    ("column.id", "Id", "Id"),
    ("column.region", "Region", "Région"),
    ("column.post_type", "Post type", "Type de poste"),
    ("column.rule_set", "Rule set", "Règles"),
    ("column.campaign", "Campaign", "Campagne"),
    ("column.start", "Start", "Début"),
    ("column.end", "End", "Fin"),
    ("column.months", "Months", "Mois"),
    ("column.extra_days", "Extra days", "Jours en plus"),
    ("column.grade", "Grade", "Grade"),
    ("column.years", "Years", "Années"),
    ("column.credit_basis", "Credit basis", "Base du crédit"),
    ("column.base_salary_monthly", "Base salary", "Traitement"),
    ("column.iespe_monthly", "IESPE", "IESPE"),
    ("column.pet_monthly", "PET", "PET"),
    ("column.gross_monthly", "Gross", "Brut"),
    ("column.charges_rate", "Charge rate", "Taux de charges"),
    ("column.charges_monthly", "Charges", "Charges"),
    ("column.loaded_monthly", "Loaded cost", "Coût chargé"),
    (
        "column.actual_base_salary_monthly",
        "Actual base salary",
        "Traitement réel",
    ),
    (
        "column.actual_iespe_monthly",
        "Actual IESPE",
        "IESPE réelle",
    ),
    ("column.actual_pet_monthly", "Actual PET", "PET réelle"),
    ("column.actual_gross_monthly", "Actual gross", "Brut réel"),
    (
        "column.actual_charges_rate",
        "Actual charge rate",
        "Taux de charges réel",
    ),
    (
        "column.actual_charges_monthly",
        "Actual charges",
        "Charges réelles",
    ),
    (
        "column.actual_loaded_monthly",
        "Actual loaded cost",
        "Coût chargé réel",
    ),
    ("column.funded", "Funded", "Financé"),
    ("column.funded_monthly", "Funded base", "Assiette financée"),
    ("column.share", "Share", "Part"),
    ("column.ars_monthly", "ARS, monthly", "ARS, par mois"),
    (
        "column.establishment_monthly",
        "Establishment, monthly",
        "Établissement, par mois",
    ),
    ("column.ars_total", "ARS credit", "Crédit ARS"),
    (
        "column.establishment_total",
        "Establishment",
        "Établissement",
    ),
    ("column.full_cost_total", "Full cost", "Coût complet"),
    ("column.proration", "Partial months", "Mois partiels"),
    ("column.left_on", "Left on", "Départ le"),
    ("column.leave_reason", "Leave reason", "Motif du départ"),
    ("column.ars_due", "ARS credit due", "Crédit ARS dû"),
    ("column.not_served", "Not served", "Non servi"),
    ("column.recovery", "Recovery", "Récupération"),
    ("column.recoverable", "Recoverable", "Récupérable"),
    ("column.full_cost_served", "Cost served", "Coût servi"),
    (
        "column.establishment_served",
        "Establishment served",
        "Établissement servi",
    ),
    ("column.conditions", "Conditions", "Conditions"),
    ("column.assumptions", "Assumptions", "Hypothèses"),
    ("column.warnings", "Warnings", "Avertissements"),
    ("column.sources", "Sources", "Sources"),
    ("column.notified", "Notified", "Notifié"),
    ("column.per", "Per", "Pour"),
    ("column.expected", "Expected", "Attendu"),
    ("column.gap", "Gap", "Écart"),
    ("column.gap_months", "Gap in months", "Écart en mois"),
    ("column.tolerance", "Tolerance", "Tolérance"),
    ("column.check_status", "Check", "Vérification"),
    ("column.explained_by", "Explained by", "Expliqué par"),
    ("column.posts", "Posts", "Postes"),
    ("column.total", "Total", "Total"),
    ("column.status", "Status", "Statut"),
    ("column.error", "Error", "Erreur"),
    ("column.year", "Year", "Année"),
    ("column.ars", "ARS credit", "Crédit ARS"),
    ("column.establishment", "Establishment", "Établissement"),
    ("column.full_cost", "Full cost", "Coût complet"),
    ("column.month", "Month", "Mois"),
    ("column.from", "From", "Du"),
    ("column.to", "To", "Au"),
    ("column.days", "Days", "Jours"),
    ("column.served", "Served", "Servis"),
    ("column.due", "Due", "Dû"),
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

/// The table header of an output column, by its key.
pub fn column_label(key: &str, lang: Lang) -> Option<&'static str> {
    LABELS
        .iter()
        .find(|(k, _, _)| k.strip_prefix("column.") == Some(key))
        .map(|(_, en, fr)| lang.pick(en, fr))
}

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

/// The longest word a table keeps whole (longer ones, such as a long id, may be cut).
const LONGEST_UNBROKEN_WORD: usize = 24;

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
            // A script's word (`mismatch`) is shown to people in their language.
            Cell::Text(text) if lang == Lang::Fr => comfy_table::Cell::new(
                LABELS
                    .iter()
                    .find(|(k, _, _)| k.strip_prefix("value.") == Some(text.as_ref()))
                    .map_or(text.as_ref(), |(_, _, fr)| fr),
            ),
            other => comfy_table::Cell::new(other.plain()),
        }
    }
}

impl Sink for TableSink<'_> {
    fn header(&mut self, columns: &[Column]) -> io::Result<()> {
        self.flush_table();
        let lang = self.labels.lang;
        // A column named by its key only gets the label the catalogue gives that key.
        let labels: Vec<&str> = columns
            .iter()
            .map(|c| {
                if c.label == (c.key, c.key) {
                    column_label(c.key, lang).unwrap_or(c.key)
                } else {
                    c.label(lang)
                }
            })
            .collect();
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
