//! A region's rule set (`rules/*.toml`): its schema's checks, in the order they are reported
//! (id and region, start months, contract lengths and the component bases, default start,
//! conditions), then the rule set built from the checked file.

use super::conditions;
use super::loader::Loader;
use crate::lang::Text;
use crate::model::{fold_name, Component, Grade, YearBand};
use crate::rates::{
    raw, AmountBasis, ChargesBasis, Condition, EarlyLeave, Information, Origin, Period, PetBasis,
    Rounding, RuleSet, SalaryBasis,
};
use crate::text;
use chrono::{Datelike, NaiveDate};
use std::ops::Range;

/// A problem of a rule set file: where (a span, if known), at which key, and what.
type Problem = (Option<Range<usize>>, &'static str, Text);

/// Reads a rule set file: the rule set, or `None` when it has a problem (every problem is reported).
pub(super) fn read(loader: &mut Loader<'_>) -> Option<RuleSet> {
    let mut raw = loader.parse::<raw::RuleSetFile>()?;
    loader.add_sources(std::mem::take(&mut raw.sources));
    let named = identity(loader, &raw);
    let (start_months, months_read) = start_months(loader, &raw.start_months);
    let mut ok = named && months_read;
    let problems = TERMS
        .iter()
        .filter_map(|check| check(&raw))
        .chain(default_start(&raw, &start_months));
    for (span, key, message) in problems {
        loader.error(span, key, message);
        ok = false;
    }
    let conditions = conditions::all(loader, std::mem::take(&mut raw.conditions));
    match (ok, conditions) {
        (true, Some(conditions)) => Some(rule_set(loader, raw, start_months, conditions)),
        _ => None,
    }
}

/// The rule set's id, in the id form; its region and source (checked once every file is
/// read); its post types. Whether they are right.
fn identity(loader: &mut Loader<'_>, raw: &raw::RuleSetFile) -> bool {
    let mut ok = true;
    let id = raw.id.get_ref();
    if id.is_empty() || fold_name(id) != *id {
        loader.error(
            Some(raw.id.span()),
            "id",
            text!(lang =>
                "'{}' is not in the id form '{}' (lower case letters and digits, words joined by hyphens)",
                "« {} » n'a pas la forme d'un id, « {} » (lettres minuscules et chiffres, mots joints par des traits d'union)",
                id.escape_debug(),
                fold_name(id)
            ),
        );
        ok = false;
    }
    loader.use_region(raw.region.get_ref(), raw.region.span(), "region");
    loader.use_source(raw.source.get_ref(), raw.source.span(), "source");
    for info in &raw.information {
        loader.use_source(
            info.source.get_ref(),
            info.source.span(),
            "information.source",
        );
    }
    if raw.post_types.is_empty() {
        loader.error(
            None,
            "post_types",
            text!("lists no post type", "ne liste aucun type de poste"),
        );
        ok = false;
    }
    ok
}

/// The months a contract may start in, as (year, month), and whether each is written `YYYY-MM`.
fn start_months(
    loader: &mut Loader<'_>,
    months: &[toml::Spanned<String>],
) -> (Vec<(i32, u32)>, bool) {
    let mut ok = true;
    let mut out = Vec::new();
    for month in months {
        let parsed = NaiveDate::parse_from_str(&format!("{}-01", month.get_ref()), "%Y-%m-%d");
        match parsed {
            Ok(d) => out.push((d.year(), d.month())),
            Err(_) => {
                loader.error(
                    Some(month.span()),
                    "start_months",
                    text!(lang =>
                        "'{}' is not a month written YYYY-MM",
                        "« {} » n'est pas un mois écrit AAAA-MM",
                        month.get_ref()
                    ),
                );
                ok = false;
            }
        }
    }
    (out, ok)
}

/// The checks of a rule set's terms (contract lengths, share, funded components and their
/// bases), in the order their problems are reported.
const TERMS: [fn(&raw::RuleSetFile) -> Option<Problem>; 5] = [
    too_long,
    charges_none_but_funded,
    zero_share,
    durations,
    no_gross_component,
];

/// A contract length longer than any contract computed.
fn too_long(raw: &raw::RuleSetFile) -> Option<Problem> {
    raw.durations
        .iter()
        .any(|m| *m > crate::post::MAX_MONTHS)
        .then(|| {
            (
                Some(raw.default_months.span()),
                "durations",
                text!(lang =>
                    "a contract length over {} months, the longest contract computed",
                    "une durée de contrat de plus de {} mois, la plus longue durée calculée",
                    crate::post::MAX_MONTHS
                ),
            )
        })
}

/// Charges on basis "none" while `funded` lists them.
fn charges_none_but_funded(raw: &raw::RuleSetFile) -> Option<Problem> {
    (matches!(raw.charges, raw::ChargesRaw::None {}) && raw.funded.contains(&Component::Charges))
        .then(|| {
            (
                None,
                "charges",
                text!(
                    "basis \"none\" (the credit involves no charges) contradicts `funded`, which lists charges",
                    "la base \"none\" (le crédit ne comprend pas de charges) contredit `funded`, qui liste charges",
                ),
            )
        })
}

/// A share of 0.
fn zero_share(raw: &raw::RuleSetFile) -> Option<Problem> {
    raw.share.0.is_zero().then(|| {
        (
            None,
            "share",
            text!(lang =>
                "\"0\": a rule set funds a share above 0 (a region that funds nothing needs no rule set)",
                "\"0\" : un jeu de règles finance une part supérieure à 0 (une région qui ne finance rien n'a pas besoin de règles)"
            ),
        )
    })
}

/// No contract length, one of 0, or a default length that is not among them.
fn durations(raw: &raw::RuleSetFile) -> Option<Problem> {
    let default_months = *raw.default_months.get_ref();
    if raw.durations.is_empty() || raw.durations.contains(&0) {
        Some((
            Some(raw.default_months.span()),
            "durations",
            text!(
                "lists the allowed contract lengths in months, none of them 0",
                "liste les durées de contrat admises, en mois, aucune ne valant 0",
            ),
        ))
    } else if !raw.durations.contains(&default_months) {
        Some((
            Some(raw.default_months.span()),
            "default_months",
            text!(lang =>
                "{default_months} is not one of the durations {:?}",
                "{default_months} n'est pas l'une des durées {:?}",
                raw.durations
            ),
        ))
    } else {
        None
    }
}

/// A rule set that funds no gross component (charges alone are funded on none).
fn no_gross_component(raw: &raw::RuleSetFile) -> Option<Problem> {
    (raw.funded.is_empty() || raw.funded.iter().all(|c| *c == Component::Charges)).then(|| {
        (
            None,
            "funded",
            text!(
                "lists no gross component: charges are funded on the funded salary, iespe or pet",
                "ne liste aucune composante brute : les charges sont financées sur salary, iespe ou pet financés",
            ),
        )
    })
}

/// A default start outside the start months, when the rule set lists them.
fn default_start(raw: &raw::RuleSetFile, start_months: &[(i32, u32)]) -> Option<Problem> {
    let start = raw
        .default_start
        .as_ref()
        .filter(|_| !start_months.is_empty())?;
    let d = start.get_ref().0;
    (!start_months.contains(&(d.year(), d.month()))).then(|| {
        (
            Some(start.span()),
            "default_start",
            text!(lang =>
                "{} is not in one of the start_months",
                "le {} n'est dans aucun des start_months",
                crate::lang::date(d, lang)
            ),
        )
    })
}

/// The rule set of a checked file.
fn rule_set(
    loader: &mut Loader<'_>,
    raw: raw::RuleSetFile,
    start_months: Vec<(i32, u32)>,
    conditions: Vec<Condition>,
) -> RuleSet {
    let line = loader.line(raw.id.span());
    let (grade, years, salary) = salary(raw.salary);
    let mut funded = raw.funded;
    funded.sort();
    funded.dedup();
    RuleSet {
        conditions,
        id: raw.id.into_inner(),
        region: raw.region.into_inner(),
        post_types: raw.post_types,
        campaign: raw.campaign,
        title: raw.title,
        source: raw.source.into_inner(),
        start_months,
        default_start: raw.default_start.map(|d| d.get_ref().0),
        default_start_note: raw.default_start_note,
        period: raw.period.map(|p| Period {
            from: p.from.get_ref().0,
            note: p.note,
        }),
        information: raw
            .information
            .into_iter()
            .map(|i| Information {
                about: i.about,
                quote: i.quote,
                source: i.source.into_inner(),
            })
            .collect(),
        durations: raw.durations,
        default_months: *raw.default_months.get_ref(),
        other_durations: raw.other_durations,
        proration: raw.proration,
        credit: raw.credit,
        published_credit: raw.published_credit.map(|a| a.0),
        share: raw.share.0,
        funded,
        grade,
        years,
        salary,
        iespe: match raw.iespe {
            raw::IespeRaw::Grid {} => AmountBasis::National,
            raw::IespeRaw::Published { monthly } => AmountBasis::Published(monthly.0),
        },
        pet: match raw.pet {
            raw::PetRaw::Fixed { amount } => PetBasis::Fixed(amount.0),
            raw::PetRaw::Pattern {} => PetBasis::Pattern,
        },
        charges: match raw.charges {
            raw::ChargesRaw::Reference {} => ChargesBasis::Reference,
            raw::ChargesRaw::Rate { rate } => ChargesBasis::Rate(rate.0),
            raw::ChargesRaw::None {} => ChargesBasis::None,
        },
        rounding: Rounding {
            mode: raw.rounding.mode,
            at: raw.rounding.at,
        },
        assumptions: raw.assumptions,
        early_leave: raw.early_leave.map(|clause| early_leave(loader, clause)),
        origin: Origin {
            file: loader.file.shown.clone(),
            rel: loader.file.rel.clone(),
            line,
        },
    }
}

/// The grade and year band the salary figure is for, and where it comes from.
fn salary(raw: raw::SalaryRaw) -> (Grade, YearBand, SalaryBasis) {
    match raw {
        raw::SalaryRaw::Grid { grade, years } => (grade, years, SalaryBasis::Grid),
        raw::SalaryRaw::Published {
            grade,
            years,
            monthly,
        } => (grade, years, SalaryBasis::Published(monthly.0)),
    }
}

/// The notice's clause on a contract ended early, its source checked once every file is read.
fn early_leave(loader: &mut Loader<'_>, clause: raw::EarlyLeaveRaw) -> EarlyLeave {
    loader.use_source(
        clause.source.get_ref(),
        clause.source.span(),
        "early_leave.source",
    );
    EarlyLeave {
        reasons: clause.reasons,
        recovery: clause.recovery,
        quote: clause.quote,
        source: clause.source.into_inner(),
    }
}
