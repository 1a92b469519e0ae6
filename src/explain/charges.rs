//! The credit's gross, its employer charges, its loaded cost, and the base its share applies to.

use super::{versions, Figure, Note, Part, Sources, Words};
use crate::column::Column;
use crate::model::{gross_components, join_components, Component};
use crate::money::human_rate;
use crate::post::Field;
use crate::rates::{ChargesBasis, RoundAt};
use crate::tr;

/// The gross, the charge rate, the charges, the loaded cost and the funded base.
pub(super) fn figures<'a>(w: &Words<'_, 'a>, part: &mut Part<'a>) {
    let (plan, m) = (w.plan, &w.c.monthly);
    let gross_exact = m.base + m.iespe + m.pet;
    part.figure(
        Column::GrossMonthly,
        Figure {
            how: w.rounded(RoundAt::GrossMonthly, gross_exact, || {
                if plan.pet_left_out() {
                    format!(
                        "{} + {} = {}",
                        w.exact(m.base),
                        w.exact(m.iespe),
                        w.exact(gross_exact)
                    )
                } else {
                    format!(
                        "{} + {} + {} = {}",
                        w.exact(m.base),
                        w.exact(m.iespe),
                        w.exact(m.pet),
                        w.exact(gross_exact)
                    )
                }
            }),
            sources: Sources::None,
        },
    );
    let rate = rate(w, part);
    let rate_sources = rate.sources.clone();
    let silent = plan.charges == ChargesBasis::None && plan.charges_given.is_none();
    if silent {
        // The notice says nothing of charges: its rate's words say so, and no charges or
        // loaded cost are made up.
        part.figure(Column::ChargesMonthly, rate.clone());
        part.figure(Column::ChargesRate, rate);
        if let Some(include) = plan.include_given {
            part.warn(w, Note::WhatIfComponents, || include_warning(w, include));
        }
        part.figure(Column::FundedMonthly, funded(w));
        return;
    }
    part.figure(Column::ChargesRate, rate);
    part.figure(
        Column::ChargesMonthly,
        Figure {
            how: w.text(|| {
                format!(
                    "{} × {} = {}",
                    w.exact(m.gross),
                    w.rate(m.rate),
                    w.exact(m.charges)
                )
            }),
            sources: rate_sources,
        },
    );
    let loaded_exact = m.gross + m.charges;
    part.figure(
        Column::LoadedMonthly,
        Figure {
            how: w.rounded(RoundAt::LoadedMonthly, loaded_exact, || {
                format!(
                    "{} × (1 + {}) = {}",
                    w.exact(m.gross),
                    w.rate(m.rate),
                    w.exact(loaded_exact)
                )
            }),
            sources: Sources::None,
        },
    );
    if let Some(include) = plan.include_given {
        part.warn(w, Note::WhatIfComponents, || include_warning(w, include));
    }
    part.figure(Column::FundedMonthly, funded(w));
}

fn rate<'a>(w: &Words<'_, 'a>, part: &mut Part<'a>) -> Figure<'a> {
    let (m, lang) = (&w.c.monthly, w.lang);
    let charges = w.name(Field::Charges);
    match (w.plan.charges_given, w.plan.charges) {
        (Some(given), _) => {
            let actual_charges = w.name(Field::ActualCharges);
            let note = match w.plan.rule {
                Some(_) => Note::WhatIfRuleSetCharges,
                None => Note::WhatIfCharges,
            };
            part.warn(w, note, || match w.plan.rule {
                Some(_) => tr!(
                    lang,
                    "What-if: the rule set's employer charges at {} ({charges}): the credit moves; the post's actual cost keeps its own rate ({actual_charges} gives the establishment's).",
                    "Simulation : charges patronales des règles à {} ({charges}) : le crédit change ; le coût réel du poste garde son propre taux ({actual_charges} donne celui de l'établissement).",
                    human_rate(given, lang)
                ),
                None => tr!(
                    lang,
                    "What-if: employer charges at {} ({charges}).",
                    "Simulation : charges patronales à {} ({charges}).",
                    human_rate(given, lang)
                ),
            });
            Figure {
                how: w.text(|| tr!(lang, "given ({charges})", "donné ({charges})")),
                sources: Sources::None,
            }
        }
        (None, ChargesBasis::Rate(_)) => Figure {
            how: w.text(|| tr!(lang, "the rule set's rate", "le taux des règles")),
            sources: w.rule_sources(),
        },
        (None, ChargesBasis::None) => Figure {
            how: w.text(|| tr!(
                lang,
                "not stated by the notice: its credit is assumed to include none (see the assumptions; the post's actual cost counts them)",
                "non précisées par le cahier des charges : son crédit est supposé n'en comprendre aucune (voir les hypothèses ; le coût réel du poste les compte)"
            )),
            sources: Sources::None,
        },
        (None, ChargesBasis::Reference) => Figure {
            how: w.text(|| {
                tr!(
                    lang,
                    "national reference rate from {}",
                    "taux national de référence du {}",
                    m.charges_version.map_or(String::new(), |v| w.day(v.from))
                )
            }),
            sources: versions(m.charges_version),
        },
    }
}

/// A what-if's funded components, and what it leaves to the establishment.
fn include_warning(w: &Words<'_, '_>, include: crate::model::ComponentSet) -> String {
    let lang = w.lang;
    let left_out: Vec<&str> = (!include).iter().map(|c| c.label(lang)).collect();
    let left_out = if left_out.is_empty() {
        String::new()
    } else {
        tr!(
            lang,
            ": {} not funded, all of it the establishment's; where the rule set's assumptions say otherwise, this what-if departs from them",
            " : ce qui n'est plus financé ({}) reste entièrement à la charge de l'établissement ; là où les hypothèses des règles disent autre chose, cette simulation s'en écarte",
            left_out.join(", ")
        )
    };
    let name = w.name(Field::Include);
    tr!(
        lang,
        "What-if: funded components set to {} ({name}){left_out}.",
        "Simulation : composantes financées fixées à {} ({name}){left_out}.",
        join_components(include, " + ", lang)
    )
}

fn funded<'a>(w: &Words<'_, 'a>) -> Figure<'a> {
    let (plan, m, lang) = (w.plan, &w.c.monthly, w.lang);
    Figure {
        how: w.text(|| {
            if plan.funded.contains(Component::Charges) {
                format!(
                    "({}) × (1 + {}) = {}",
                    join_components(gross_components(plan.funded), " + ", lang),
                    w.rate(m.rate),
                    w.exact(m.funded_monthly)
                )
            } else {
                format!(
                    "{} = {}",
                    join_components(plan.funded, " + ", lang),
                    w.exact(m.funded_monthly)
                )
            }
        }),
        sources: Sources::None,
    }
}
