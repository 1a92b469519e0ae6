//! The computation for people: one table of its figures, line by line, with how each was made
//! and the numbers of its documents, then its years and months when asked, then its notes.

use super::{computation_cell, year_cells, Parts};
use crate::column::Column;
use crate::compute::Computation;
use crate::eligibility::Status;
use crate::explain::Explanation;
use crate::lang::Lang;
use crate::money::human_rate;
use crate::output::{Cell, Header, Label, Notes, Sink};
use crate::plan::CreditBasis;
use crate::rates::ChargesBasis;
use crate::tr;
use rust_decimal::Decimal;
use std::io;

/// The notes of a computation, for tables and workbooks.
pub fn compute_notes<'a>(e: &Explanation<'a>, lang: Lang) -> Notes<'a> {
    Notes {
        warnings: e.warnings.clone(),
        conditions: e
            .conditions
            .iter()
            .map(|c| {
                let number = e
                    .sources
                    .iter()
                    .position(|s| s.id == c.condition.source)
                    .map_or(String::new(), |i| format!(" [{}]", i + 1));
                let status = match &c.condition.unless {
                    Some(unless) if c.status == Status::NotMetUnless => {
                        format!("{} {}", c.status.label(lang), unless.get(lang))
                    }
                    _ => c.status.label(lang).to_string(),
                };
                format!(
                    "{status}{} {} ({}){number}",
                    lang.colon(),
                    c.condition.text.get(lang),
                    c.detail
                )
            })
            .collect(),
        assumptions: e.assumptions.clone(),
        sources: e.sources.clone(),
        catalogue: Vec::new(),
    }
}

/// A heading of a table for people, labelled by the layout's words.
fn heading(key: &'static str, label: Label) -> Header<'static> {
    let [en, fr] = label.labels();
    Header::new(key, en, fr)
}

/// The answer, before any detail: the credit, the post's actual cost and the establishment's
/// share, each a month and for the contract, and what they depend on.
fn answer(c: &Computation<'_>, lang: Lang) -> String {
    let plan = &c.plan;
    let amount = |d: Decimal| crate::money::human(d, lang);
    let unknown = lang.pick(
        "unknown (see the warnings)",
        "inconnu (voir les avertissements)",
    );
    let pair = |monthly: Option<Decimal>, total: Option<Decimal>| match (monthly, total) {
        (Some(m), Some(t)) => tr!(
            lang,
            "{} a month, {} for the contract",
            "{} par mois, {} pour le contrat",
            amount(m),
            amount(t)
        ),
        (Some(m), None) => tr!(lang, "{} a month", "{} par mois", amount(m)),
        (None, Some(t)) => tr!(lang, "{} for the contract", "{} pour le contrat", amount(t)),
        (None, None) => unknown.to_string(),
    };
    // A cost that moves during the contract is given as it is at the start.
    let at_start = if c.same_cost_every_month() {
        ""
    } else {
        lang.pick(" (at the start)", " (au début)")
    };
    let loaded = c
        .actual
        .as_ref()
        .ok()
        .map(|a| crate::money::cents(a.loaded));
    let rule = plan.rule.map_or_else(
        || {
            lang.pick("no published rule set", "sans règles publiées")
                .to_string()
        },
        |r| match r.campaign {
            Some(year) => tr!(
                lang,
                "rule set {} (campaign {year})",
                "règles {} (campagne {year})",
                r.id
            ),
            None => tr!(lang, "rule set {}", "règles {}", r.id),
        },
    );
    tr!(
        lang,
        "ARS credit: {}\nActual cost of the post{at_start}: {}\nEstablishment's share{at_start}: {}\n{} · {} · {}, {} to {}\n",
        "Crédit ARS : {}\nCoût réel du poste{at_start} : {}\nPart de l'établissement{at_start} : {}\n{} · {} · {}, du {} au {}\n",
        pair(Some(c.monthly.ars), Some(c.ars_total)),
        pair(loaded, c.full_cost_total),
        pair(c.establishment_monthly, c.establishment_total),
        plan.region.name,
        plan.post_type.label(lang),
        rule,
        crate::lang::date(plan.start, lang),
        crate::lang::date(plan.end, lang)
    )
}

/// The title lines: the region, the post type, the rule set, the dates and the post.
/// The title lines under the answer (which names the region, post type and rule set): what
/// the rule set funds, the dates and the post.
fn title(c: &Computation<'_>, e: &Explanation<'_>, lang: Lang) -> String {
    let plan = &c.plan;
    format!(
        "{}\n{} {} {} {}, {} · {}, {} {}{}\n",
        e.title,
        Label::From.get(lang),
        crate::lang::date(plan.start, lang),
        Label::To.get(lang),
        crate::lang::date(plan.end, lang),
        length_words(c, lang),
        plan.actual.grade.label(),
        Label::Years.get(lang),
        plan.actual.years,
        // The post as it is; the credit's reference post when it differs.
        if (plan.actual.grade, plan.actual.years) == (plan.grade, plan.years) {
            String::new()
        } else {
            format!(
                " ({}{} {} {} {})",
                Label::CreditOn.get(lang),
                lang.colon(),
                plan.grade.label(),
                Label::Years.get(lang),
                plan.years
            )
        },
    )
}

/// The lines of the table: each a label and the column of its figure. Where the credit is
/// computed on something other than the post (a reference post, a notice's amounts), the
/// post's own lines come first, then the credit's, each named for what it is.
fn lines(c: &Computation<'_>, lang: Lang) -> Vec<(String, Column)> {
    let plan = &c.plan;
    let get = |label: Label| label.get(lang).to_string();
    let charges = |rate: Decimal| format!("{} ({})", get(Label::Charges), human_rate(rate, lang));
    let credit_charges = match plan.charges {
        // A notice silent on charges states no rate.
        ChargesBasis::None if plan.charges_given.is_none() => get(Label::Charges),
        _ => charges(c.monthly.rate),
    };
    let credit_lines = [
        (get(Label::Base), Column::BaseSalaryMonthly),
        (get(Label::Iespe), Column::IespeMonthly),
        (get(Label::Pet), Column::PetMonthly),
        (get(Label::Gross), Column::GrossMonthly),
        (credit_charges, Column::ChargesMonthly),
        (get(Label::Loaded), Column::LoadedMonthly),
    ];
    let mut lines = Vec::new();
    // The post's own lines apart only where they differ from the credit's.
    let own = c.actual.as_ref().ok().filter(|a| {
        let m = &c.monthly;
        (a.base, a.iespe, a.pet, a.rate) != (m.base, m.iespe, m.pet, m.rate)
    });
    match (plan.credit_basis(), own) {
        (CreditBasis::ActualCost, _) | (_, None) => {
            lines.extend(credit_lines);
            lines.push((get(Label::Actual), Column::ActualLoadedMonthly));
        }
        (basis, Some(actual)) => {
            let own = |label: String| prefixed(Label::ThisPost, &label, lang);
            lines.extend([
                (own(get(Label::Base)), Column::ActualBaseSalaryMonthly),
                (own(get(Label::Iespe)), Column::ActualIespeMonthly),
                (own(get(Label::Pet)), Column::ActualPetMonthly),
                (own(get(Label::Gross)), Column::ActualGrossMonthly),
                (own(charges(actual.rate)), Column::ActualChargesMonthly),
                (own(get(Label::Loaded)), Column::ActualLoadedMonthly),
            ]);
            let credit_on = match basis {
                CreditBasis::PublishedAmounts => Label::NoticeAmounts,
                _ => Label::ReferencePost,
            };
            lines.extend(
                credit_lines
                    .into_iter()
                    .map(|(label, column)| (prefixed(credit_on, &label, lang), column)),
            );
        }
    }
    lines.extend(share_lines(c, lang));
    lines
}

/// `Prefix: label`, the label's first letter in lower case unless it is an acronym (IESPE).
fn prefixed(prefix: Label, label: &str, lang: Lang) -> String {
    let mut chars = label.chars();
    let lowered = match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if second.is_lowercase() => {
            first.to_lowercase().chain(label.chars().skip(1)).collect()
        }
        _ => label.to_string(),
    };
    format!("{}{} {lowered}", prefix.get(lang), lang.colon())
}

/// The lines of the shares, the contract and an early leave.
fn share_lines(c: &Computation<'_>, lang: Lang) -> Vec<(String, Column)> {
    let plan = &c.plan;
    let get = |label: Label| label.get(lang).to_string();
    let contract = |label: Label| prefixed(Label::Contract, label.get(lang), lang);
    let mut lines = vec![
        (get(Label::Funded), Column::FundedMonthly),
        (
            format!("{} ({})", get(Label::Ars), human_rate(plan.share, lang)),
            Column::ArsMonthly,
        ),
        (get(Label::Establishment), Column::EstablishmentMonthly),
        (
            format!("{} ({})", contract(Label::ArsTotal), length_words(c, lang)),
            Column::ArsTotal,
        ),
        (
            contract(Label::EstablishmentTotal),
            Column::EstablishmentTotal,
        ),
        (contract(Label::FullTotal), Column::FullCostTotal),
    ];
    if let Some(left_on) = plan.left_on {
        lines.extend([
            (
                format!(
                    "{} ({} {})",
                    get(Label::ArsDue),
                    get(Label::To),
                    crate::lang::date(left_on, lang)
                ),
                Column::ArsDue,
            ),
            (get(Label::Recoverable), Column::Recoverable),
            (get(Label::FullCostServed), Column::FullCostServed),
        ]);
    }
    lines
}

/// The figure rows of the computation table: label, amount, how (with `[n]` references).
pub fn write_compute_table(
    sink: &mut dyn Sink,
    c: &Computation<'_>,
    e: &Explanation<'_>,
    lang: Lang,
    parts: Parts,
) -> io::Result<()> {
    sink.text(&answer(c, lang))?;
    if parts.brief {
        return Ok(());
    }
    sink.text("\n")?;
    sink.text(&title(c, e, lang))?;
    sink.header(&[
        heading("line", Label::Monthly),
        heading("amount", Label::Amount),
        heading("how", Label::How),
    ])?;
    for (label, column) in lines(c, lang) {
        let Some(f) = e.figure(column) else {
            continue;
        };
        let numbers: Vec<String> = f
            .sources
            .iter()
            .filter_map(|id| e.sources.iter().position(|s| s.id == id))
            .map(|i| format!("[{}]", i + 1))
            .collect();
        let refs = if numbers.is_empty() {
            String::new()
        } else {
            format!(" {}", numbers.join(""))
        };
        let amount = match computation_cell(c, Some(e), column) {
            Some(Cell::Absent) | None => Cell::Empty,
            Some(cell) => cell,
        };
        sink.row(&[
            amount_label(label),
            amount,
            Cell::text(format!("{}{refs}", f.how)),
        ])?;
    }
    if parts.by_year {
        sink.section("by_year")?;
        sink.text(&format!("{}{}\n", Label::ByYear.get(lang), lang.colon()))?;
        sink.header(&[
            heading("year", Label::Year),
            heading("ars", Label::Ars),
            heading("establishment", Label::Establishment),
            heading("full_cost", Label::FullTotal),
        ])?;
        for y in c.by_year() {
            sink.row(&year_cells(&y))?;
        }
    }
    if parts.schedule {
        sink.section("schedule")?;
        write_schedule_table(sink, c, lang)?;
    }
    sink.notes(&compute_notes(e, lang))
}

/// A line's label.
fn amount_label(label: String) -> Cell<'static> {
    Cell::text(label)
}

/// A contract's length in words: `24 months`, `0 months 1 day`.
fn length_words(c: &Computation<'_>, lang: Lang) -> String {
    let months = c.plan.months;
    let word = Label::Months.get(lang);
    match c.plan.extra_days {
        0 => format!("{months} {word}"),
        1 => format!("{months} {word} {}", Label::Day.get(lang)),
        n => format!("{months} {word} {n} {}", Label::DaysWord.get(lang)),
    }
}

/// The month-by-month schedule as a table, with a total row.
fn write_schedule_table(sink: &mut dyn Sink, c: &Computation<'_>, lang: Lang) -> io::Result<()> {
    let early = c.plan.left_on.is_some();
    let mut header = vec![
        heading("month", Label::Month),
        heading("from", Label::From),
        heading("to", Label::To),
        heading("days", Label::Days),
        heading("ars", Label::Ars),
        heading("establishment", Label::Establishment),
        heading("full_cost", Label::FullTotal),
    ];
    if early {
        header.extend([
            heading("served", Label::Served),
            heading("due", Label::Due),
            heading("not_served", Label::NotServed),
        ]);
    }
    sink.header(&header)?;
    for r in &c.schedule {
        let mut cells = vec![
            Cell::text(crate::lang::month(r.segment.from, lang)),
            Cell::Date(r.segment.from),
            Cell::Date(r.segment.to),
            Cell::text(format!("{}/{}", r.days, r.days_in_month)),
            Cell::Amount(r.ars),
            Cell::amount_or_empty(r.establishment),
            Cell::amount_or_empty(r.full_cost),
        ];
        if let Some((days, due, not_served, _)) = r.served {
            cells.extend([
                Cell::text(format!("{days}/{}", r.days_in_month)),
                Cell::Amount(due),
                Cell::Amount(not_served),
            ]);
        }
        sink.row(&cells)?;
    }
    let mut total = vec![
        Cell::text(Label::Total.get(lang)),
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Amount(c.ars_total),
        Cell::amount_or_empty(c.establishment_total),
        Cell::amount_or_empty(c.full_cost_total),
    ];
    if let (Some(due), Some(not_served)) = (c.ars_due, c.not_served) {
        total.extend([Cell::Empty, Cell::Amount(due), Cell::Amount(not_served)]);
    }
    sink.row(&total)
}
