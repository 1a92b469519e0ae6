//! Tables for people, in English or French.

use crate::compute::{Computation, Figure};
use crate::money::{human, human_rate, Lang};
use crate::rates::Source;
use comfy_table::{presets::UTF8_FULL_CONDENSED, Cell, CellAlignment, ContentArrangement, Table};

/// The labels of a table, in one language.
pub struct Labels {
    lang: Lang,
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
            ("warnings", false) => "Warnings",
            ("warnings", true) => "Avertissements",
            ("sources", _) => "Sources",
            ("ars_due", false) => "ARS credit due",
            ("ars_due", true) => "Crédit ARS dû",
            ("refund", false) => "Refund (months not served)",
            ("refund", true) => "À rembourser (mois non servis)",
            ("month", false) => "Month",
            ("month", true) => "Mois",
            ("days", false) => "Days",
            ("days", true) => "Jours",
            ("served", false) => "Served",
            ("served", true) => "Servis",
            ("due", false) => "Due",
            ("due", true) => "Dû",
            ("total", _) => "Total",
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
        .set_header(header.iter().map(Cell::new));
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

/// `[1]`-style references to the sources of a figure.
fn refs(figure: &Figure, sources: &[Source]) -> String {
    let numbers: Vec<String> = figure
        .sources
        .iter()
        .filter_map(|id| sources.iter().position(|s| &s.id == id))
        .map(|i| format!("[{}]", i + 1))
        .collect();
    if numbers.is_empty() {
        String::new()
    } else {
        format!(" {}", numbers.join(""))
    }
}

/// The numbered list of sources under a table.
pub fn sources_list(sources: &[Source], labels: &Labels) -> String {
    let mut out = format!("{}:\n", labels.get("sources"));
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
pub fn bullets(heading: &str, items: &[String]) -> String {
    if items.is_empty() {
        return String::new();
    }
    let mut out = format!("{heading}:\n");
    for item in items {
        out.push_str(&format!("  - {item}\n"));
    }
    out
}

/// A computation as a table with its heading, assumptions, warnings and sources.
pub fn computation_table(c: &Computation, lang: Lang, with_schedule: bool) -> String {
    let l = Labels::new(lang);
    let money = |f: &Figure| human(f.value, lang);
    let mut table = new_table(&[l.get("monthly"), l.get("amount"), l.get("how")]);
    let mut row = |label: String, figure: &Figure| {
        table.add_row(vec![
            Cell::new(label),
            Cell::new(money(figure)).set_alignment(CellAlignment::Right),
            Cell::new(format!("{}{}", figure.how, refs(figure, &c.sources))),
        ]);
    };
    row(l.get("base").into(), &c.base_salary_monthly);
    row(l.get("iespe").into(), &c.iespe_monthly);
    row(l.get("pet").into(), &c.pet_monthly);
    row(l.get("gross").into(), &c.gross_monthly);
    row(
        format!(
            "{} ({})",
            l.get("charges"),
            human_rate(c.charges_rate.value, lang)
        ),
        &c.charges_monthly,
    );
    row(l.get("loaded").into(), &c.loaded_monthly);
    row(l.get("funded").into(), &c.funded_monthly);
    row(
        format!("{} ({})", l.get("ars"), human_rate(c.share.value, lang)),
        &c.ars_monthly,
    );
    row(l.get("establishment").into(), &c.establishment_monthly);
    row(
        format!(
            "{}: {} ({})",
            l.get("contract"),
            l.get("ars_total"),
            length_words(c, &l)
        ),
        &c.ars_total,
    );
    row(
        format!("{}: {}", l.get("contract"), l.get("establishment_total")),
        &c.establishment_total,
    );
    row(
        format!("{}: {}", l.get("contract"), l.get("full_total")),
        &c.full_cost_total,
    );
    if let (Some(left_on), Some(due), Some(refund)) = (c.left_on, &c.ars_due, &c.refund) {
        row(
            format!("{} ({} {left_on})", l.get("ars_due"), l.get("to")),
            due,
        );
        row(l.get("refund").to_string(), refund);
    }

    let campaign = c.campaign.map_or(String::new(), |y| format!(" {y}"));
    let mut out = format!(
        "{} · {} · {} {}{}\n{}\n{} {} {} {}, {} · {}, {} {}\n",
        c.region_name,
        c.post_type,
        l.get("rule_set"),
        c.rule_set,
        if c.campaign.is_some() {
            format!(" ({} {})", l.get("campaign"), campaign.trim())
        } else {
            String::new()
        },
        c.rule_set_title,
        l.get("from"),
        c.start,
        l.get("to"),
        c.end,
        length_words(c, &l),
        c.grade.french(),
        l.get("years"),
        c.years,
    );
    out.push_str(&table.to_string());
    out.push('\n');
    if with_schedule {
        out.push_str(&schedule_table(c, &l));
    }
    out.push_str(&bullets(l.get("warnings"), &c.warnings));
    out.push_str(&bullets(l.get("assumptions"), &c.assumptions));
    out.push_str(&sources_list(&c.sources, &l));
    out
}

/// A contract's length in words: `24 months`, `0 months 1 day`.
fn length_words(c: &Computation, l: &Labels) -> String {
    match c.extra_days {
        0 => format!("{} {}", c.months, l.get("months")),
        1 => format!("{} {} {}", c.months, l.get("months"), l.get("day")),
        n => format!(
            "{} {} {n} {}",
            c.months,
            l.get("months"),
            l.get("days_word")
        ),
    }
}

/// The month-by-month schedule as a table, with a total row.
fn schedule_table(c: &Computation, l: &Labels) -> String {
    let lang = l.lang;
    let early = c.left_on.is_some();
    let mut header = vec![
        l.get("month"),
        l.get("from"),
        l.get("to"),
        l.get("days"),
        l.get("ars"),
        l.get("establishment"),
        l.get("full_total"),
    ];
    if early {
        header.extend([l.get("served"), l.get("due"), l.get("refund")]);
    }
    let mut table = new_table(&header);
    let right = |text: String| Cell::new(text).set_alignment(CellAlignment::Right);
    for r in &c.schedule {
        let mut cells = vec![
            Cell::new(r.segment.month()),
            Cell::new(r.segment.from.to_string()),
            Cell::new(r.segment.to.to_string()),
            right(format!("{}/{}", r.days, r.days_in_month)),
            right(human(r.ars, lang)),
            right(human(r.establishment, lang)),
            right(human(r.full_cost, lang)),
        ];
        if let Some((days, due, refund)) = r.served {
            cells.extend([
                right(format!("{days}/{}", r.days_in_month)),
                right(human(due, lang)),
                right(human(refund, lang)),
            ]);
        }
        table.add_row(cells);
    }
    let mut total = vec![
        Cell::new(l.get("total")),
        Cell::new(""),
        Cell::new(""),
        Cell::new(""),
        right(human(c.ars_total.value, lang)),
        right(human(c.establishment_total.value, lang)),
        right(human(c.full_cost_total.value, lang)),
    ];
    if let (Some(due), Some(refund)) = (&c.ars_due, &c.refund) {
        total.extend([
            Cell::new(""),
            right(human(due.value, lang)),
            right(human(refund.value, lang)),
        ]);
    }
    table.add_row(total);
    keep_whole(&mut table, &[0, 1, 2]);
    format!("{table}\n")
}
