//! The share, the monthly credit, and the post's actual cost with the establishment's part.

use super::{versions, Figure, Note, NoteRef, Part, Sources, Words};
use crate::column::Column;
use crate::compute::Unpriced;
use crate::money::{cents, human, human_rate};
use crate::pet::describe;
use crate::plan::CreditBasis;
use crate::post::Field;
use crate::price::{Monthly, PetFrom};
use crate::tr;

/// The share and the monthly credit.
pub(super) fn figures<'a>(w: &Words<'_, 'a>, part: &mut Part<'a>) {
    let (plan, m, lang) = (w.plan, &w.c.monthly, w.lang);
    let share = w.name(Field::Share);
    let share_figure = match (plan.share_given, plan.rule) {
        // A share equal to the rule set's own is no what-if (a batch's own output read back
        // gives every row's).
        (Some(given), Some(rule)) if given != rule.share => {
            part.warn(w, Note::WhatIfShare, || {
                tr!(
                    lang,
                    "What-if: share set to {} ({share}).",
                    "Simulation : part fixée à {} ({share}).",
                    human_rate(given, lang)
                )
            });
            Figure {
                how: w.text(|| tr!(lang, "given ({share})", "donnée ({share})")),
                sources: Sources::None,
            }
        }
        (Some(_), _) => Figure {
            how: w.text(|| tr!(lang, "given ({share})", "donnée ({share})")),
            sources: Sources::None,
        },
        (None, _) => Figure {
            how: w.text(|| tr!(lang, "the rule set's share", "la part des règles")),
            sources: w.rule_sources(),
        },
    };
    part.figure(Column::Share, share_figure);
    let computed_how = w.text(|| {
        tr!(
            lang,
            "{} × {} = {}, {}",
            "{} × {} = {}, {}",
            w.rate(plan.share),
            w.exact(m.funded_monthly),
            w.exact(m.funded_monthly * plan.share),
            plan.rounding.mode.to_the_cent(lang)
        )
    });
    let how = match w.c.data_credit {
        None => computed_how,
        Some(data) => {
            part.warn(w, Note::DataDiffersFromNotice, || tr!(
                lang,
                "The data in force at the start gives a monthly credit of {}, not the {} the notice publishes. The notice's figure is what the agency notified and is the one counted; check the data (a revaluation?) or ask the agency.",
                "Les données en vigueur au début du contrat donnent un crédit mensuel de {}, et non les {} que publie le cahier des charges. Le montant de la notice est celui que l'agence a notifié et c'est lui qui compte ; vérifier les données (une revalorisation ?) ou interroger l'agence.",
                human(data, lang),
                human(m.ars, lang)
            ));
            w.text(|| {
                tr!(
                    lang,
                    "published by the notice (the data in force gives {}: {computed_how})",
                    "publié par le cahier des charges (les données en vigueur donnent {} : {computed_how})",
                    w.amount(data)
                )
            })
        }
    };
    part.figure(
        Column::ArsMonthly,
        Figure {
            how,
            sources: w.rule_sources(),
        },
    );
}

/// The post's actual cost (its own grade, years and PET at the national data in force) and
/// the establishment's monthly part.
pub(super) fn actual<'a>(w: &Words<'_, 'a>, part: &mut Part<'a>) {
    let lang = w.lang;
    let a = match &w.c.actual {
        Ok(a) => a,
        Err(_) if !w.texts => {
            part.warning_ids
                .push(NoteRef::Tool(Note::ActualCostUnknown));
            return;
        }
        Err(unpriced) => {
            part.warning_ids
                .push(NoteRef::Tool(Note::ActualCostUnknown));
            let reason = match unpriced {
                Unpriced::NotAsked => lang
                    .pick(
                        "the post's actual cost was not asked for",
                        "le coût réel du poste n'était pas demandé",
                    )
                    .to_string(),
                Unpriced::Data(e) => {
                    format!(
                        "{}{} {}",
                        w.name(e.field()),
                        lang.colon(),
                        e.render(lang, w.naming)
                    )
                }
            };
            let priced: Vec<_> =
                w.c.schedule
                    .iter()
                    .filter(|row| row.full_cost.is_some())
                    .map(|row| row.segment.from)
                    .collect();
            part.warnings.push(match (priced.first(), priced.last()) {
                (Some(first), Some(last)) => tr!(
                    lang,
                    "The post's actual cost is unknown at the start: {reason}. The months the data in force can price, {} to {}, are priced (schedule and years); the others, the establishment's monthly share and the contract's full cost are left empty. The credit does not depend on it.",
                    "Le coût réel du poste est inconnu au début : {reason}. Les mois que les données en vigueur permettent de chiffrer, de {} à {}, sont chiffrés (échéancier et années) ; les autres, la part mensuelle de l'établissement et le coût complet du contrat restent vides. Le crédit n'en dépend pas.",
                    crate::lang::month(*first, lang),
                    crate::lang::month(*last, lang)
                ),
                _ => tr!(
                    lang,
                    "The post's actual cost is unknown: {reason}. The credit does not depend on it; the establishment's share and the full cost are left empty.",
                    "Le coût réel du poste est inconnu : {reason}. Le crédit n'en dépend pas ; la part de l'établissement et le coût complet restent vides."
                ),
            });
            return;
        }
    };
    // Their documents are not among the row's (only the monthly figures' are): without the
    // words, they need not be said.
    if w.texts {
        actual_components(w, a, part);
    }
    part.figure(Column::ActualLoadedMonthly, actual_loaded(w, a));
    actual_assumptions(w, a, part);
    if w.c.establishment_monthly.is_some() {
        part.figure(
            Column::EstablishmentMonthly,
            Figure {
                how: w.text(|| {
                    tr!(
                        lang,
                        "{} − {} (the post's actual loaded cost to the cent − ARS share)",
                        "{} − {} (coût réel chargé du poste au centime − part ARS)",
                        w.amount(cents(a.loaded)),
                        w.amount(w.c.monthly.ars)
                    )
                }),
                sources: Sources::None,
            },
        );
    }
}

/// The post's own monthly components: its base salary, IESPE, PET, gross and charges.
fn actual_components<'a>(w: &Words<'_, 'a>, a: &Monthly<'a>, part: &mut Part<'a>) {
    let (plan, lang) = (w.plan, w.lang);
    if let Some(annual) = a.annual {
        part.figure(
            Column::ActualBaseSalaryMonthly,
            Figure {
                how: w.text(|| {
                    tr!(
                        lang,
                        "{} / 12 = {}: annual gross, {} years {}, grid from {}",
                        "{} / 12 = {} : brut annuel, {} années {}, grille du {}",
                        w.amount(annual),
                        w.exact(a.base),
                        plan.actual.grade.label(),
                        plan.actual.years,
                        a.grid.map_or(String::new(), |v| w.day(v.from))
                    )
                }),
                sources: versions(a.grid),
            },
        );
    }
    if let Some(version) = a.iespe_version {
        part.figure(
            Column::ActualIespeMonthly,
            Figure {
                how: w.text(|| {
                    tr!(
                        lang,
                        "national amount from {}",
                        "montant national du {}",
                        w.day(version.from)
                    )
                }),
                sources: versions(a.iespe_version),
            },
        );
    }
    part.figure(
        Column::ActualPetMonthly,
        Figure {
            how: w.text(|| actual_pet_words(w, a)),
            sources: match a.pet_from {
                PetFrom::Fixed => w.rule_sources(),
                _ => versions(a.pet_version),
            },
        },
    );
    part.figure(
        Column::ActualGrossMonthly,
        Figure {
            how: w.text(|| {
                format!(
                    "{} + {} + {} = {}",
                    w.exact(a.base),
                    w.exact(a.iespe),
                    w.exact(a.pet),
                    w.exact(a.gross)
                )
            }),
            sources: Sources::None,
        },
    );
    part.figure(
        Column::ActualChargesMonthly,
        Figure {
            how: w.text(|| {
                format!(
                    "{} × {} = {}",
                    w.exact(a.gross),
                    w.rate(a.rate),
                    w.exact(a.charges)
                )
            }),
            sources: versions(a.charges_version),
        },
    );
}

/// Where the post's own PET comes from, in words.
fn actual_pet_words(w: &Words<'_, '_>, a: &Monthly<'_>) -> String {
    let lang = w.lang;
    let pet_amount = w.name(Field::PetAmount);
    match a.pet_from {
        PetFrom::Given => tr!(
            lang,
            "PET given ({pet_amount})",
            "PET donnée ({pet_amount})"
        ),
        PetFrom::Fixed => lang
            .pick(
                "the rule set's reference PET",
                "la PET de référence des règles",
            )
            .to_string(),
        PetFrom::Scale(_) => lang
            .pick(
                "PET from the working pattern",
                "PET selon l'organisation du travail",
            )
            .to_string(),
        PetFrom::NoPattern | PetFrom::NotInCredit => lang
            .pick(
                "no working pattern, PET 0",
                "organisation du travail non donnée, PET 0",
            )
            .to_string(),
    }
}

fn actual_loaded<'a>(w: &Words<'_, 'a>, a: &Monthly<'a>) -> Figure<'a> {
    let (plan, lang) = (w.plan, w.lang);
    let mut joined: Vec<&str> = [
        versions(a.grid),
        versions(a.iespe_version),
        versions(a.pet_version),
        versions(a.charges_version),
    ]
    .iter()
    .flat_map(Sources::iter)
    .collect();
    joined.dedup();
    let sources = Sources::Many(joined);
    if !w.texts {
        return Figure {
            how: String::new(),
            sources,
        };
    }
    let actual_pet = actual_pet_words(w, a);
    let charges = w.name(Field::ActualCharges);
    let rate = match (plan.actual.charges, a.charges_version) {
        (Some(_), _) => tr!(lang, "the rate given ({charges})", "taux donné ({charges})"),
        (None, Some(v)) => tr!(
            lang,
            "the reference rate from {}",
            "taux de référence du {}",
            w.day(v.from)
        ),
        (None, None) => tr!(lang, "the reference rate", "taux de référence"),
    };
    Figure {
        how: tr!(
            lang,
            "({} + {} + {}) × (1 + {}) = {}: {} years {}, grid from {}, {actual_pet}, charges at {rate}",
            "({} + {} + {}) × (1 + {}) = {} : {} années {}, grille du {}, {actual_pet}, charges au {rate}",
            w.exact(a.base),
            w.exact(a.iespe),
            w.exact(a.pet),
            w.rate(a.rate),
            w.exact(a.gross + a.charges),
            plan.actual.grade.label(),
            plan.actual.years,
            a.grid.map_or(String::new(), |v| w.day(v.from)),
        ),
        sources,
    }
}

/// What the actual cost assumes: the reference post the credit is computed on, the charge
/// rate, the PET of the post's own pattern.
fn actual_assumptions<'a>(w: &Words<'_, 'a>, a: &Monthly<'a>, part: &mut Part<'a>) {
    let (plan, m, lang) = (w.plan, &w.c.monthly, w.lang);
    // Where the post differs from the reference post its credit is computed on, say so.
    let own_post = (plan.actual.grade, plan.actual.years, a.pet);
    if plan.credit_basis() == CreditBasis::ReferencePost
        && own_post != (plan.rule_grade.0, plan.rule_grade.1, m.pet)
    {
        part.assume(w, Note::ReferencePost, || tr!(
            lang,
            "The credit is computed on the rule set's reference post ({} years {}, PET {}), whatever the post's own. This post ({} years {}, PET {}) costs what the actual cost says, at the national grid in force each month; the establishment bears the difference.",
            "Le crédit est calculé sur le poste de référence des règles ({} années {}, PET {}), quel que soit le poste réel. Ce poste ({} années {}, PET {}) coûte ce que dit son coût réel, à la grille nationale en vigueur chaque mois ; l'établissement supporte la différence.",
            plan.rule_grade.0.label(),
            plan.rule_grade.1,
            human(m.pet, lang),
            plan.actual.grade.label(),
            plan.actual.years,
            human(a.pet, lang)
        ));
    }
    if let (Some(version), None) = (a.charges_version, plan.actual.charges) {
        let charges = w.name(Field::ActualCharges);
        part.assume(w, Note::ReferenceCharges, || tr!(
            lang,
            "The actual cost counts employer charges at the data's reference rate, {} from {}{}. {charges}, or a data folder's charges/, gives another.",
            "Le coût réel compte les charges patronales au taux de référence des données, {} à partir du {}{}. {charges}, ou le dossier charges/ d'un dossier de données, en donne un autre.",
            human_rate(a.rate, lang),
            w.day(version.from),
            version.note.as_ref().map_or(String::new(), |note| format!(
                " ({})",
                note.get(lang).trim_end_matches('.')
            ))
        ));
    }
    if plan.pattern_incomplete {
        let half_days = w.name(Field::HalfDays);
        part.warn(w, Note::PatternIncomplete, || tr!(
            lang,
            "The working pattern is incomplete ({half_days} not given): the post's actual cost keeps the rule set's reference PET of {}. Give {half_days} to price the post's own PET.",
            "L'organisation du travail est incomplète ({half_days} non donné) : le coût réel du poste garde la PET de référence des règles, {}. Donner {half_days} pour chiffrer la PET propre au poste.",
            human(a.pet, lang)
        ));
    }
    if let Some(first) = plan.actual.first_year {
        part.assume(w, Note::BandSteps, || band_steps(w, first));
    }
    // The PET's decision is said once: the credit's, when its PET came from the pattern too.
    let credit_decided = matches!(m.pet_from, PetFrom::Scale(_))
        && m.pet_version.is_some()
        && plan.pattern.is_some();
    if let (PetFrom::Scale(outcome), Some(version), Some(pattern), false) = (
        a.pet_from,
        a.pet_version,
        &plan.actual.pattern,
        credit_decided,
    ) {
        super::salary::pet_notes(pattern, outcome, part);
        if w.texts {
            let decision = describe(&version.value, pattern, outcome, lang, w.naming);
            part.assumptions
                .extend(decision.assumptions.iter().cloned());
            part.pet.get_or_insert(decision);
        }
    }
}

/// What a year of service given as a year means: the band steps at each anniversary.
fn band_steps(w: &Words<'_, '_>, first: u8) -> String {
    let (plan, lang) = (w.plan, w.lang);
    let steps: Vec<String> = plan
        .band_steps()
        .into_iter()
        .map(|from| {
            tr!(
                lang,
                "band {} from {}",
                "tranche {} à partir de {}",
                plan.actual_band(from),
                crate::lang::month(from, lang)
            )
        })
        .collect();
    let steps = if steps.is_empty() {
        lang.pick(
            "the contract stays in one band",
            "le contrat reste dans une même tranche",
        )
        .to_string()
    } else {
        steps.join(lang.pick(", ", ", "))
    };
    let last = crate::model::LAST_YEAR;
    tr!(
        lang,
        "Years of service given as a year: year {first} at the start. The grid's bands are years of service, so the post's actual cost steps band at each anniversary of the contract, from the first month that starts on or after it ({steps}); past year {last} the grid's last band, 5-6, is kept. The credit does not move.",
        "Ancienneté donnée en années : année {first} au début du contrat. Les tranches de la grille sont des années de service : le coût réel du poste change donc de tranche à chaque anniversaire du contrat, à partir du premier mois qui commence ce jour-là ou après ({steps}) ; au-delà de la {last}e année, la dernière tranche de la grille, 5-6, est gardée. Le crédit ne bouge pas."
    )
}
