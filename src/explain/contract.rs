//! The contract: its dates and length, its totals, and what the rule set and the tool assume.

use super::{Figure, Note, NoteRef, Part, Sources, Words};
use crate::column::Column;
use crate::lang::Lang;
use crate::money::cents;
use crate::plan::StartFrom;
use crate::post::Field;
use crate::schedule::Proration;
use crate::tr;

/// What the rule set funds, in one line.
pub(super) fn title<'a>(w: &Words<'_, 'a>) -> &'a str {
    match w.plan.rule {
        Some(r) => r.title.get(w.lang),
        None => w.lang.pick(
            "No published rule set: national grid and IESPE, PET from the working pattern, reference charge rate, the share given",
            "Pas de règles publiées : grille et IESPE nationales, PET selon l'organisation du travail, taux de charges de référence, la part donnée",
        ),
    }
}

/// The rule set's own assumptions, or those of a computation without one: their words (when
/// asked for) and their ids.
pub(super) fn rule_set_assumptions<'a>(w: &Words<'_, 'a>) -> (Vec<String>, Vec<NoteRef<'a>>) {
    let lang = w.lang;
    if let Some(r) = w.plan.rule {
        let ids = (0..r.assumptions.len())
            .map(|i| NoteRef::RuleSet(r.id.as_str(), i))
            .collect();
        let words = match w.texts {
            true => r
                .assumptions
                .iter()
                .map(|a| a.get(lang).to_string())
                .collect(),
            false => Vec::new(),
        };
        return (words, ids);
    }
    let ids = [
        Note::NoRuleSet,
        Note::NoRuleSetComponents,
        Note::NoRuleSetRounding,
    ]
    .into_iter()
    .map(NoteRef::Tool)
    .collect();
    if !w.texts {
        return (Vec::new(), ids);
    }
    let (pet_amount, include) = (w.name(Field::PetAmount), w.name(Field::Include));
    let words = vec![
        tr!(
            lang,
            "No rule set is published for this region and post type in the data: the computation uses the share given, the national grid and IESPE in force at the start, the PET from the working pattern (or {pet_amount}), and the data's reference charge rate (a costing assumption of ARS Nouvelle-Aquitaine, not a legal rate: see below).",
            "Les données ne publient pas de règles pour cette région et ce type de poste : le calcul prend la part donnée, la grille et l'IESPE nationales en vigueur au début du contrat, la PET selon l'organisation du travail (ou {pet_amount}), et le taux de charges de référence des données (une hypothèse de chiffrage de l'ARS Nouvelle-Aquitaine, pas un taux légal : voir plus bas)."
        ),
        tr!(
            lang,
            "Funded components: salary, IESPE, PET and employer charges (use {include} to change them).",
            "Composantes financées : traitement, IESPE, PET et charges patronales ({include} pour les changer)."
        ),
        lang.pick(
            "The ARS monthly share is rounded to the cent, half away from zero, and credited for every month of the contract; a partial month is prorated in thirtieths.",
            "La part mensuelle de l'ARS est arrondie au centime le plus proche (un demi-centime au centime supérieur) et versée chaque mois du contrat ; un mois partiel est proratisé en trentièmes.",
        )
        .to_string(),
    ];
    (words, ids)
}

/// What the plan noted: a start the tool chose, a start or a length the rule set does not
/// provide for, a reference post other than the rule set's.
pub(super) fn plan_notes<'a>(w: &Words<'_, 'a>, part: &mut Part<'a>) {
    let (plan, lang) = (w.plan, w.lang);
    let start = w.name(Field::Start);
    if plan.start_from == StartFrom::NextMonth {
        part.assume(w, Note::StartNextMonth, || {
            tr!(
                lang,
                "Start date not given and not set by the rule set: the contract starts on the first day of next month, {} ({start}).",
                "Date de début non donnée et non fixée par les règles : le contrat commence le premier jour du mois prochain, le {} ({start}).",
                w.day(plan.start)
            )
        });
    }
    let Some(r) = plan.rule else {
        return;
    };
    if plan.start_from == StartFrom::RuleSet {
        part.assume(w, Note::StartRuleSetDefault, || match &r.default_start_note {
            Some(note) => tr!(
                lang,
                "Start date not given: the contract starts on {}, the rule set's default ({start} gives another): {}.",
                "Date de début non donnée : le contrat commence le {}, début par défaut des règles ({start} en donne un autre) : {}.",
                w.day(plan.start),
                note.get(lang)
            ),
            None => tr!(
                lang,
                "Start date not given: the contract starts on {}, the rule set's default ({start} gives another).",
                "Date de début non donnée : le contrat commence le {}, début par défaut des règles ({start} en donne un autre).",
                w.day(plan.start)
            ),
        });
    }
    if let Some(period) = r.period.as_ref().filter(|_| plan.start_before_period) {
        part.warn(w, Note::StartBeforePeriod, || tr!(
            lang,
            "The start, {}, is before the period the rule set's notice covers, from {} ({}): its amounts and terms may not apply to this contract.",
            "Le début, le {}, précède la période que couvre le cahier des charges des règles, à partir du {} ({}) : ses montants et ses conditions peuvent ne pas s'appliquer à ce contrat.",
            w.day(plan.start),
            w.day(period.from),
            period.note.get(lang)
        ));
    }
    if plan.start_outside_months {
        part.warn(w, Note::StartOutsideMonths, || {
        let allowed: Vec<String> = r
            .start_months
            .iter()
            .filter_map(|(y, m)| chrono::NaiveDate::from_ymd_opt(*y, *m, 1))
            .map(|d| crate::lang::month(d, lang))
            .collect();
        tr!(
            lang,
            "The rule set {} provides for starts in {} only; {} is outside them.",
            "Les règles {} ne prévoient de prise de fonctions qu'en {} ; le {} n'en fait pas partie.",
            r.id,
            allowed.join(lang.pick(" or ", " ou ")),
            w.day(plan.start)
        )
        });
    }
    if let Some(duration) = plan.other_duration() {
        part.warn(w, Note::OtherDuration, || duration.render(lang));
    }
    if (plan.grade, plan.years) != plan.rule_grade {
        part.warn(w, Note::WhatIfGrade, || tr!(
            lang,
            "What-if: the rule set's figure is for an {} in years {}; this prices an {} in years {}.",
            "Simulation : le montant des règles vaut pour un {} en années {} ; ce calcul chiffre un {} en années {}.",
            plan.rule_grade.0.label(),
            plan.rule_grade.1,
            plan.grade.label(),
            plan.years
        ));
    }
}

/// The contract's credit, the establishment's part and the full cost.
pub(super) fn figures<'a>(w: &Words<'_, 'a>, part: &mut Part<'a>) {
    let (c, plan, lang) = (w.c, w.plan, w.lang);
    let months = plan.months;
    let count = c.schedule.len();
    part.figure(
        Column::ArsTotal,
        Figure {
            how: w.text(|| {
                if c.whole_months() {
                    tr!(
                        lang,
                        "{} × {months} months",
                        "{} × {months} mois",
                        w.amount(c.monthly.ars)
                    )
                } else {
                    let s = if count == 1 { "" } else { "s" };
                    tr!(
                        lang,
                        "sum of the schedule's {count} calendar month{s} ({})",
                        "somme de l'échéancier sur {count} mois civil{s} ({})",
                        plan.proration.label(lang)
                    )
                }
            }),
            sources: w.rule_sources(),
        },
    );
    if let (Some(_), Some(full)) = (c.establishment_total, c.full_cost_total) {
        part.figure(
            Column::EstablishmentTotal,
            Figure {
                how: w.text(|| {
                    tr!(
                        lang,
                        "{} − {} (full cost − ARS credit)",
                        "{} − {} (coût complet − crédit ARS)",
                        w.amount(full),
                        w.amount(c.ars_total)
                    )
                }),
                sources: Sources::None,
            },
        );
    }
    if c.full_cost_total.is_some() && w.texts {
        let loaded = c.actual.as_ref().ok().map(|a| cents(a.loaded));
        let how = match (c.same_cost_every_month(), loaded) {
            (true, Some(loaded)) => tr!(
                lang,
                "{} × {months} months",
                "{} × {months} mois",
                w.amount(loaded)
            ),
            _ => tr!(
                lang,
                "sum of the months of the schedule, each with the data in force that month",
                "somme des mois de l'échéancier, chacun avec les données en vigueur ce mois-là"
            ),
        };
        part.figure(
            Column::FullCostTotal,
            Figure {
                how,
                sources: Sources::None,
            },
        );
    }
}

/// What the tool assumes where the notices are silent: partial months in thirtieths, and
/// the latest versions of the data staying in force.
pub(super) fn assumptions<'a>(w: &Words<'_, 'a>, part: &mut Part<'a>) {
    let (c, plan, lang, rates) = (w.c, w.plan, w.lang, w.rates);
    if !c.whole_months() && plan.proration == Proration::Thirtieths {
        part.assume(w, Note::Thirtieths, || tr!(
            lang,
            "A partial month is prorated in thirtieths, as French public payroll pays: the notices say nothing of partial months, so this is the tool's assumption (a whole month counts 30/30, February included).",
            "Un mois partiel est proratisé en trentièmes, comme la paie publique française : les notices ne disent rien des mois partiels, c'est donc l'hypothèse de l'outil (un mois entier compte 30/30, février compris)."
        ));
    }
    // The versions in force at the end that have no end: by name, with their first day.
    let open_ended: Vec<(&str, chrono::NaiveDate)> = [
        (
            lang.pick("the grid", "la grille"),
            rates.grid.at(plan.end).ok().map(|v| (v.from, v.until)),
        ),
        (
            lang.pick("the IESPE", "l'IESPE"),
            rates.iespe.at(plan.end).ok().map(|v| (v.from, v.until)),
        ),
        (
            lang.pick("the PET scale", "le barème de la PET"),
            rates.pet.at(plan.end).ok().map(|v| (v.from, v.until)),
        ),
    ]
    .into_iter()
    .filter_map(|(name, version)| match version {
        Some((from, None)) => Some((name, from)),
        _ => None,
    })
    .collect();
    if !open_ended.is_empty() {
        part.assume(w, Note::LatestVersionsKept, || {
            let versions: Vec<String> = open_ended
                .iter()
                .map(|(name, from)| tr!(lang, "{name} from {}", "{name} du {}", w.day(*from)))
                .collect();
            tr!(
                lang,
                "No later version than {} is known: {} assumed to stay in force to the end of the contract, {}.",
                "Aucune version postérieure à {} n'est connue : {} rester en vigueur jusqu'à la fin du contrat, le {}.",
                versions.join(", "),
                match (lang, versions.len()) {
                    (Lang::En, 1) => "it is",
                    (Lang::En, _) => "they are",
                    (Lang::Fr, 1) => "cette version est supposée",
                    (Lang::Fr, _) => "ces versions sont supposées",
                },
                w.day(plan.end)
            )
        });
    }
}
