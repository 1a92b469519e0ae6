//! The credit's salary components: the base salary, the IESPE and the PET.

use super::{versions, Figure, Note, Part, Sources, Words};
use crate::column::Column;
use crate::money::human;
use crate::pet::describe;
use crate::post::Field;
use crate::price::PetFrom;
use crate::rates::{AmountBasis, RoundAt, SalaryBasis};
use crate::tr;
use rust_decimal::Decimal;

/// The base salary, the IESPE and the PET, and what the PET's decision assumed.
pub(super) fn figures<'a>(w: &Words<'_, 'a>, part: &mut Part<'a>) {
    part.figure(Column::BaseSalaryMonthly, base(w));
    part.figure(Column::IespeMonthly, iespe(w));
    let pet = pet(w, part);
    part.figure(Column::PetMonthly, pet);
}

fn base<'a>(w: &Words<'_, 'a>) -> Figure<'a> {
    let (plan, m, lang) = (w.plan, &w.c.monthly, w.lang);
    match (plan.salary, m.annual) {
        // Without the words, only its documents.
        (SalaryBasis::Grid, Some(_)) if !w.texts => Figure {
            how: String::new(),
            sources: versions(m.grid),
        },
        (SalaryBasis::Grid, Some(annual)) => {
            let monthly = annual / Decimal::from(12);
            Figure {
                how: w.rounded(RoundAt::BaseMonthly, monthly, || {
                    tr!(
                        lang,
                        "{} / 12 = {}: annual gross, {} years {}, grid from {}",
                        "{} / 12 = {} : brut annuel, {} années {}, grille du {}",
                        w.amount(annual),
                        w.exact(monthly),
                        plan.grade.label(),
                        plan.years,
                        m.grid.map_or(String::new(), |v| w.day(v.from))
                    )
                }),
                sources: versions(m.grid),
            }
        }
        _ => Figure {
            how: w.text(|| {
                tr!(
                    lang,
                    "published by the notice for an {} years {}",
                    "publié par le cahier des charges pour un {} années {}",
                    plan.grade.label(),
                    plan.years
                )
            }),
            sources: w.rule_sources(),
        },
    }
}

fn iespe<'a>(w: &Words<'_, 'a>) -> Figure<'a> {
    let (m, lang) = (&w.c.monthly, w.lang);
    match w.plan.iespe {
        AmountBasis::National => Figure {
            how: w.text(|| {
                tr!(
                    lang,
                    "national amount from {}",
                    "montant national du {}",
                    m.iespe_version.map_or(String::new(), |v| w.day(v.from))
                )
            }),
            sources: versions(m.iespe_version),
        },
        AmountBasis::Published(_) => Figure {
            how: w.text(|| {
                tr!(
                    lang,
                    "published by the notice",
                    "publiée par le cahier des charges"
                )
            }),
            sources: w.rule_sources(),
        },
    }
}

fn pet<'a>(w: &Words<'_, 'a>, part: &mut Part<'a>) -> Figure<'a> {
    let (m, lang) = (&w.c.monthly, w.lang);
    let pet_amount = w.name(Field::PetAmount);
    match m.pet_from {
        PetFrom::Given => {
            part.warn(w, Note::WhatIfPet, || {
                tr!(
                    lang,
                    "What-if: PET fixed at {} by {pet_amount}.",
                    "Simulation : PET fixée à {} par {pet_amount}.",
                    human(m.pet, lang)
                )
            });
            Figure {
                how: w.text(|| tr!(lang, "given ({pet_amount})", "donnée ({pet_amount})")),
                sources: Sources::None,
            }
        }
        PetFrom::Fixed => Figure {
            how: w.text(|| tr!(lang, "fixed by the rule set", "fixée par les règles")),
            sources: w.rule_sources(),
        },
        PetFrom::NotInCredit => Figure {
            how: w.text(|| tr!(
                lang,
                "not part of the credit: the notice's amounts leave the PET out (the post's own PET is in its actual cost)",
                "hors crédit : les montants du cahier des charges laissent la PET de côté (la PET propre au poste est dans son coût réel)"
            )),
            sources: Sources::None,
        },
        PetFrom::Scale(outcome) => match (m.pet_version, &w.plan.pattern) {
            (Some(version), Some(pattern)) if !w.texts => {
                pet_notes(pattern, outcome, part);
                Figure {
                    how: String::new(),
                    sources: versions(Some(version)),
                }
            }
            (Some(version), Some(pattern)) => {
                let decision = describe(&version.value, pattern, outcome, lang, w.naming);
                pet_notes(pattern, outcome, part);
                part.assumptions
                    .extend(decision.assumptions.iter().cloned());
                let figure = Figure {
                    how: tr!(
                        lang,
                        "{} (scale from {})",
                        "{} (barème du {})",
                        decision.reason,
                        w.day(version.from)
                    ),
                    sources: versions(Some(version)),
                };
                part.pet = Some(decision);
                figure
            }
            _ => Figure {
                how: String::new(),
                sources: Sources::None,
            },
        },
        PetFrom::NoPattern => {
            let (half_days, sites, distance_km) = (
                w.name(Field::HalfDays),
                w.name(Field::Sites),
                w.name(Field::DistanceKm),
            );
            part.assumption_ids.push(super::NoteRef::Tool(Note::NoPattern));
            if w.texts {
                part.assumptions.push(tr!(
                    lang,
                    "No working pattern given: PET counted as 0 (give {half_days}, {sites} and {distance_km}, or {pet_amount}).",
                    "Organisation du travail non donnée : PET comptée 0 (donner {half_days}, {sites} et {distance_km}, ou {pet_amount})."
                ));
            }
            Figure {
                how: w.text(|| {
                    tr!(
                        lang,
                        "no working pattern given",
                        "organisation du travail non donnée"
                    )
                }),
                sources: Sources::None,
            }
        }
    }
}

/// The ids of what a PET decision assumes ([`describe`]'s assumptions): a distance not given
/// for a pattern that reaches a tier's test.
pub(super) fn pet_notes(
    pattern: &crate::pet::WorkPattern,
    outcome: crate::pet::PetOutcome,
    part: &mut Part<'_>,
) {
    use crate::pet::PetWhy;
    let tested = matches!(outcome.why, PetWhy::BelowFirstTier | PetWhy::Tier(_));
    if tested && pattern.distance_km.is_none() {
        part.assumption_ids
            .push(super::NoteRef::Tool(Note::DistanceAssumed));
    }
}
