//! The words of a check: what the notified amount was compared with and why, the verdict with
//! its direction and its effect over the contract, and the notice's own figure.

use super::basis::read_months;
use super::tried::months_count;
use super::{CheckResult, Per};
use crate::lang::Lang;
use crate::money::human;
use crate::rates::Rates;
use crate::tr;
use rust_decimal::Decimal;

/// What the notified amount is compared with, with its article: `the monthly credit`, `the
/// credit for the 24-month contract`, `the 2026 tranche of the credit (2 months)`.
pub fn compared(r: &CheckResult<'_>, lang: Lang) -> String {
    let months = r.computed.plan.months;
    match (r.per, r.tranche()) {
        (Per::Month, _) => tr!(lang, "the monthly credit", "le crédit mensuel"),
        (Per::Year, Some(tranche)) => tranche.label(lang),
        (Per::Contract | Per::Year, _) => tr!(
            lang,
            "the credit for the {months}-month contract",
            "le crédit du contrat de {months} mois"
        ),
    }
}

/// `12 monthly credits of 3,249.79`, with what it is off by.
fn reading(r: &CheckResult<'_>, lang: Lang) -> Option<String> {
    let reading = r.reading?;
    let monthly = human(reading.monthly, lang);
    let mut out = if reading.months == 1 {
        tr!(
            lang,
            "one monthly credit of {monthly}",
            "un crédit mensuel de {monthly}"
        )
    } else {
        tr!(
            lang,
            "{} monthly credits of {monthly}",
            "{} crédits mensuels de {monthly}",
            reading.months
        )
    };
    if !reading.off.is_zero() {
        out.push_str(&tr!(
            lang,
            " ({}), {} {}",
            " ({}), {} de {}",
            human(reading.whole(), lang),
            human(reading.off.abs(), lang),
            more_or_less(reading.off, lang)
        ));
    }
    Some(out)
}

fn more_or_less(gap: Decimal, lang: Lang) -> &'static str {
    if gap.is_sign_negative() {
        lang.pick("less", "moins")
    } else {
        lang.pick("more", "plus")
    }
}

/// Why the notified amount is compared with what it is, when that was inferred.
pub fn how_compared(r: &CheckResult<'_>, lang: Lang) -> Option<String> {
    let compared = compared(r, lang);
    let choose = lang.pick("`--per month|contract|year`", "`--per mois|contrat|année`");
    if r.months_inferred {
        let plan = &r.computed.plan;
        let allowed: Vec<String> = super::allowed_lengths(plan)
            .iter()
            .map(u32::to_string)
            .collect();
        let allowed = allowed.join(lang.pick(" or ", " ou "));
        let why = match plan.rule {
            Some(_) => tr!(
                lang,
                "the rule set allows {allowed} months",
                "les règles prévoient {allowed} mois"
            ),
            None => tr!(
                lang,
                "without a rule set, {allowed} months are read as a contract",
                "sans règles publiées, {allowed} mois se lisent comme un contrat"
            ),
        };
        return Some(tr!(
            lang,
            "Compared with {compared}: no length was given, and the notified amount is {} ({why}; --months to choose).",
            "Comparaison avec {compared} : aucune durée n'était donnée, et le montant notifié fait {} ({why} ; --months pour choisir).",
            reading(r, lang).unwrap_or_default()
        ));
    }
    if !r.per_inferred {
        return None;
    }
    Some(match reading(r, lang) {
        Some(reading) => tr!(
            lang,
            "Compared with {compared}: the notified amount is {reading} ({choose} to choose).",
            "Comparaison avec {compared} : le montant notifié fait {reading} ({choose} pour choisir)."
        ),
        None => tr!(
            lang,
            "Compared with {compared}: the notified amount is no whole number of monthly credits, and it is nearer that figure ({choose} to choose).",
            "Comparaison avec {compared} : le montant notifié n'est pas un nombre entier de crédits mensuels, et il est plus proche de ce montant ({choose} pour choisir)."
        ),
    })
}

/// The verdict, line by line: match or mismatch; on a mismatch, the direction and the effect
/// over the contract, and the notice's own figure with its source.
pub fn verdict(r: &CheckResult<'_>, rates: &Rates, lang: Lang) -> Vec<String> {
    let compared = compared(r, lang);
    let (notified, expected) = (human(r.notified, lang), human(r.expected, lang));
    if r.matches {
        let mut line = tr!(
            lang,
            "MATCH: notified {notified}, computed {expected} as {compared}",
            "CONCORDANCE : notifié {notified}, calculé {expected} pour {compared}"
        );
        if !r.gap.is_zero() {
            line.push_str(&tr!(
                lang,
                ", within the tolerance of {} ({} {})",
                ", dans la tolérance de {} ({} de {})",
                human(r.tolerance, lang),
                human(r.gap.abs(), lang),
                more_or_less(r.gap, lang)
            ));
        }
        line.push('.');
        return vec![line];
    }
    let mut line = tr!(
        lang,
        "MISMATCH: notified {notified}, computed {expected} as {compared}",
        "ÉCART : notifié {notified}, calculé {expected} pour {compared}"
    );
    if let Some(instead) = instead(r, lang) {
        line.push_str(&format!("{} {instead}", lang.colon()));
    }
    line.push('.');
    let mut lines = vec![line, direction(r, lang)];
    lines.extend(published(r, rates, lang));
    lines
}

/// The verdict in one sentence a controller can paste into a reply: on a match, what it
/// matches; on a gap, its direction and amount, its effect over the contract, the notice's
/// published credit with its document, and the derivation that reproduces the notified amount.
pub fn sentence(r: &CheckResult<'_>, rates: &Rates, lang: Lang) -> String {
    let compared = compared(r, lang);
    let (notified, expected) = (human(r.notified, lang), human(r.expected, lang));
    if r.matches {
        return tr!(
            lang,
            "MATCH: the notified {notified} is {compared}, as computed.",
            "CONCORDANCE : les {notified} notifiés sont {compared}, tel que calculé."
        );
    }
    let (gap, word) = (r.gap.abs(), more_or_less(r.gap, lang));
    let mut out = tr!(
        lang,
        "MISMATCH: the ARS notified {} {word} than the computed credit ({notified} instead of {expected}, {compared})",
        "ÉCART : l'ARS a notifié {} de {word} que le crédit calculé ({notified} au lieu de {expected}, {compared})",
        human(gap, lang)
    );
    out.push_str(&effect(r, gap, word, lang));
    if let Some((credit, source)) = published_credit(r, rates) {
        out.push_str(&tr!(
            lang,
            "; the notice publishes {} a month ({source})",
            " ; le cahier des charges publie {} par mois ({source})",
            human(credit, lang)
        ));
    }
    let found: Vec<String> = r.found().map(|d| d.tried.label(lang)).collect();
    if let Some(first) = found.first() {
        out.push_str(&tr!(
            lang,
            "; the notified amount is what you get with: {first}",
            " ; le montant notifié est celui qu'on obtient avec : {first}"
        ));
    }
    out.push('.');
    out
}

/// The monthly credit the rule set's notice publishes, with the title of its document.
fn published_credit<'r>(r: &CheckResult<'r>, rates: &'r Rates) -> Option<(Decimal, &'r str)> {
    let rule = r.computed.plan.rule?;
    let credit = rule.published_credit?;
    let source = rates
        .sources
        .get(&rule.source)
        .map_or(rule.source.as_str(), |s| s.title.as_str());
    Some((credit, source))
}

/// `12 months of 3,249.79 instead of 24`, when the notified amount is another whole number of
/// monthly credits than what it is compared with.
fn instead(r: &CheckResult<'_>, lang: Lang) -> Option<String> {
    let reading = r.reading?;
    let compared = r.compared_months();
    if compared == Some(reading.months) {
        return None;
    }
    let (months, monthly) = (
        months_count(reading.months, lang),
        human(reading.monthly, lang),
    );
    Some(match compared {
        Some(instead) => tr!(
            lang,
            "{months} of {monthly} instead of {instead}",
            "{months} de {monthly} au lieu de {instead}"
        ),
        None => tr!(lang, "{months} of {monthly}", "{months} de {monthly}"),
    })
}

/// `The ARS notified 0.24 less than the computed credit`, and what it makes over the contract.
fn direction(r: &CheckResult<'_>, lang: Lang) -> String {
    let (gap, word) = (r.gap.abs(), more_or_less(r.gap, lang));
    let mut line = tr!(
        lang,
        "The ARS notified {} {word} than the computed credit",
        "L'ARS a notifié {} de {word} que le crédit calculé",
        human(gap, lang)
    );
    line.push_str(&effect(r, gap, word, lang));
    line.push('.');
    line
}

/// The gap in whole months of the monthly credit when it is near one (to a cent a month),
/// else its effect over the contract: the monthly gap × the contract's months.
fn effect(r: &CheckResult<'_>, gap: Decimal, word: &str, lang: Lang) -> String {
    let plan = &r.computed.plan;
    let monthly = r.computed.monthly.ars;
    if let Some(months) = read_months(gap, monthly, r.tolerance) {
        return tr!(
            lang,
            ": {} of the monthly credit",
            " : {} du crédit mensuel",
            months_count(months.months, lang)
        );
    }
    let contract = (plan.extra_days == 0 && plan.months > 1).then_some(plan.months);
    let over = |per_month: Decimal, months: u32| {
        tr!(
            lang,
            "; over the {months}-month contract, {months} × {} = {} {word}",
            " ; sur le contrat de {months} mois, {months} × {} = {} de {word}",
            human(per_month, lang),
            human(per_month * Decimal::from(months), lang)
        )
    };
    // The gap spread over the months compared, when it is whole cents a month.
    let per_month = |months: u32| {
        let share = gap / Decimal::from(months);
        (months > 1 && share.normalize().scale() <= 2).then_some(share)
    };
    match (r.per, contract, r.compared_months()) {
        (Per::Month, Some(months), _) => over(gap, months),
        (Per::Contract, Some(months), _) => per_month(months).map_or_else(String::new, |m| {
            tr!(
                lang,
                ", {} a month over {months} months",
                ", {} par mois sur {months} mois",
                human(m, lang)
            )
        }),
        (Per::Year, contract, Some(year_months)) => {
            per_month(year_months).map_or_else(String::new, |m| {
                let mut out = tr!(
                    lang,
                    ", {} a month over its {year_months} months",
                    ", {} par mois sur ses {year_months} mois",
                    human(m, lang)
                );
                if let Some(months) = contract {
                    out.push_str(&over(m, months));
                }
                out
            })
        }
        _ => String::new(),
    }
}

/// The notice's published monthly credit, with its source, when the rule set records one.
fn published(r: &CheckResult<'_>, rates: &Rates, lang: Lang) -> Option<String> {
    let rule = r.computed.plan.rule?;
    let credit = rule.published_credit?;
    let source = rates
        .sources
        .get(&rule.source)
        .map_or(rule.source.as_str(), |s| s.title.as_str());
    Some(tr!(
        lang,
        "The notice publishes a monthly credit of {}: {source}.",
        "Le cahier des charges publie un crédit mensuel de {} : {source}.",
        human(credit, lang)
    ))
}
