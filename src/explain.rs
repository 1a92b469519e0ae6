//! The words of a computation: how each figure was made and from which documents, what
//! was assumed and what the user should know. Built from a [`Computation`] only when an
//! output asks for it; pricing never writes text.
//!
//! Inputs are named in the text as `field` (the CSV column name, in backquotes): each
//! edge of the program shows them as its user typed them (`--pet-amount` on the command
//! line, column `pet_amount` in a batch file).

use crate::compute::{Computation, RecoveryCase};
use crate::eligibility::{check_conditions, Checked, Status};
use crate::lang::{date, Lang};
use crate::model::Component;
use crate::money::{cents, formula_amount, formula_number, human, human_rate, plain_rate};
use crate::pet::{describe, PetDecision};
use crate::plan::{custom_assumptions, custom_title, duration_message, Plan};
use crate::price::{Monthly, PetFrom};
use crate::rates::{AmountBasis, ChargesBasis, Rates, RoundAt, SalaryBasis, Source};
use crate::tr;
use rust_decimal::Decimal;

/// A figure of the result: its value, how it was computed, and from what documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure<'a> {
    /// The value (amounts keep full precision until a rounding rule applies).
    pub value: Decimal,
    /// How it was computed, in words and numbers.
    pub how: String,
    /// The ids of the documents it comes from.
    pub sources: Vec<&'a str>,
}

/// Everything a computation says besides its amounts.
#[derive(Debug, Clone)]
pub struct Explanation<'a> {
    /// What the rule set funds, in one line.
    pub title: &'a str,
    /// The explained figures, by output field name, in output order.
    pub figures: Vec<(&'static str, Figure<'a>)>,
    /// The PET decision, when the PET comes from a working pattern.
    pub pet: Option<PetDecision>,
    /// What the rule set and the computation assumed.
    pub assumptions: Vec<String>,
    /// What the user should know: what-ifs, inputs ignored, conditions not met.
    pub warnings: Vec<String>,
    /// The conditions of eligibility that concern the post, checked.
    pub conditions: Vec<Checked<'a>>,
    /// The documents the figures come from, in order of first use.
    pub sources: Vec<&'a Source>,
    /// The language of the words.
    pub lang: Lang,
}

impl Explanation<'_> {
    /// The figure for an output field.
    pub fn figure(&self, key: &str) -> Option<&Figure<'_>> {
        self.figures.iter().find(|(k, _)| *k == key).map(|(_, f)| f)
    }
}

/// An exact value for an explanation: up to six decimals, `…` when there are more.
pub fn exact(value: Decimal) -> String {
    let short = value.round_dp_with_strategy(6, rust_decimal::RoundingStrategy::ToZero);
    if short == value {
        value.normalize().to_string()
    } else {
        format!("{}…", short.normalize())
    }
}

/// [`exact`] in the number format of `lang` (`2 803,594166…` in French).
pub fn exact_in(value: Decimal, lang: Lang) -> String {
    formula_number(&exact(value), lang)
}

/// A rate or share inside a formula (`0.44`, `0,44`).
fn rate_in(value: Decimal, lang: Lang) -> String {
    formula_number(&plain_rate(value), lang)
}

/// The words for a figure rounded where the rule set says.
fn rounded(plan: &Plan<'_>, at: RoundAt, exact_value: Decimal, how: String, lang: Lang) -> String {
    if plan.rounding.at(at, exact_value) == exact_value {
        how
    } else {
        tr!(
            lang,
            "{how}, rounded to the cent ({})",
            "{how}, arrondi au centime ({})",
            plan.rounding.mode.words(lang)
        )
    }
}

fn versions<T>(version: Option<&crate::rates::Version<T>>) -> Vec<&str> {
    version.map_or_else(Vec::new, |v| v.sources.iter().map(String::as_str).collect())
}

/// Explains a computation in `lang`.
pub fn explain<'a>(rates: &'a Rates, c: &Computation<'a>, lang: Lang) -> Explanation<'a> {
    let plan = &c.plan;
    let m: &Monthly<'a> = &c.monthly;
    let ex = |v: Decimal| exact_in(v, lang);
    let pl = |v: Decimal| formula_amount(v, lang);
    let rt = |v: Decimal| rate_in(v, lang);
    let day = |d: chrono::NaiveDate| date(d, lang);
    let rule: Vec<&'a str> = plan.rule.map(|r| r.source.as_str()).into_iter().collect();
    let mut assumptions: Vec<String> = match plan.rule {
        Some(r) => r
            .assumptions
            .iter()
            .map(|a| a.get(lang).to_string())
            .collect(),
        None => custom_assumptions(lang)
            .iter()
            .map(|a| a.to_string())
            .collect(),
    };
    let mut warnings = Vec::new();

    // What the plan noted.
    if plan.default_start {
        assumptions.push(tr!(
            lang,
            "Start date not given and not set by the rule set: the contract starts on the first day of next month, {} (`start`).",
            "Date de début non donnée et non fixée par les règles : le contrat commence le premier jour du mois prochain, le {} (`start`).",
            day(plan.start)
        ));
    }
    if let Some(r) = plan.rule {
        if plan.start_outside_months {
            let allowed: Vec<String> = r
                .start_months
                .iter()
                .filter_map(|(y, m)| chrono::NaiveDate::from_ymd_opt(*y, *m, 1))
                .map(|d| crate::lang::month(d, lang))
                .collect();
            warnings.push(tr!(
                lang,
                "The rule set {} provides for starts in {} only; {} is outside them.",
                "Les règles {} ne prévoient de prise de fonctions qu'en {} ; le {} n'en fait pas partie.",
                r.id,
                allowed.join(lang.pick(" or ", " ou ")),
                day(plan.start)
            ));
        }
        if plan.other_duration {
            warnings.push(duration_message(
                r,
                plan.start,
                plan.end,
                plan.months,
                plan.extra_days,
                lang,
            ));
        }
        if (plan.grade, plan.years) != plan.rule_grade {
            warnings.push(tr!(
                lang,
                "What-if: the rule set's figure is for an {} in years {}; this prices an {} in years {}.",
                "Simulation : le montant des règles vaut pour un {} en années {} ; ce calcul chiffre un {} en années {}.",
                plan.rule_grade.0.french(),
                plan.rule_grade.1,
                plan.grade.french(),
                plan.years
            ));
        }
    }

    // The figures.
    let base = match (plan.salary, m.annual) {
        (SalaryBasis::Grid, Some(annual)) => {
            let monthly = annual / Decimal::from(12);
            Figure {
                value: m.base,
                how: rounded(
                    plan,
                    RoundAt::BaseMonthly,
                    monthly,
                    tr!(
                        lang,
                        "{} / 12 = {}: annual gross, {} years {}, grid from {}",
                        "{} / 12 = {} : brut annuel, {} années {}, grille du {}",
                        pl(annual),
                        ex(monthly),
                        plan.grade.french(),
                        plan.years,
                        m.grid.map_or(String::new(), |v| day(v.from))
                    ),
                    lang,
                ),
                sources: versions(m.grid),
            }
        }
        _ => Figure {
            value: m.base,
            how: tr!(
                lang,
                "published by the rule set for an {} years {}",
                "publié par les règles pour un {} années {}",
                plan.grade.french(),
                plan.years
            ),
            sources: rule.clone(),
        },
    };
    let iespe = match plan.iespe {
        AmountBasis::National => Figure {
            value: m.iespe,
            how: tr!(
                lang,
                "national amount from {}",
                "montant national du {}",
                m.iespe_version.map_or(String::new(), |v| day(v.from))
            ),
            sources: versions(m.iespe_version),
        },
        AmountBasis::Published(_) => Figure {
            value: m.iespe,
            how: tr!(lang, "published by the rule set", "publié par les règles"),
            sources: rule.clone(),
        },
    };
    let mut pet_decision = None;
    let pet = match m.pet_from {
        PetFrom::Given => {
            warnings.push(tr!(
                lang,
                "What-if: PET fixed at {} by `pet_amount`.",
                "Simulation : PET fixée à {} par `pet_amount`.",
                human(m.pet, lang)
            ));
            Figure {
                value: m.pet,
                how: tr!(lang, "given (`pet_amount`)", "donnée (`pet_amount`)"),
                sources: vec![],
            }
        }
        PetFrom::Fixed => Figure {
            value: m.pet,
            how: tr!(lang, "fixed by the rule set", "fixée par les règles"),
            sources: rule.clone(),
        },
        PetFrom::Scale(outcome) => match (m.pet_version, &plan.pattern) {
            (Some(version), Some(pattern)) => {
                let decision = describe(&version.value, pattern, outcome, lang);
                assumptions.extend(decision.assumptions.iter().cloned());
                let figure = Figure {
                    value: m.pet,
                    how: tr!(
                        lang,
                        "{} (scale from {})",
                        "{} (barème du {})",
                        decision.reason,
                        day(version.from)
                    ),
                    sources: versions(Some(version)),
                };
                pet_decision = Some(decision);
                figure
            }
            _ => Figure {
                value: m.pet,
                how: String::new(),
                sources: vec![],
            },
        },
        PetFrom::NoPattern => {
            assumptions.push(tr!(
                lang,
                "No working pattern given: PET counted as 0 (give `half_days`, `sites` and `distance_km`, or `pet_amount`).",
                "Organisation du travail non donnée : PET comptée 0 (donner `half_days`, `sites` et `distance_km`, ou `pet_amount`)."
            ));
            Figure {
                value: m.pet,
                how: tr!(
                    lang,
                    "no working pattern given",
                    "organisation du travail non donnée"
                ),
                sources: vec![],
            }
        }
    };
    let gross_exact = m.base + m.iespe + m.pet;
    let gross = Figure {
        value: m.gross,
        how: rounded(
            plan,
            RoundAt::GrossMonthly,
            gross_exact,
            format!(
                "{} + {} + {} = {}",
                ex(m.base),
                ex(m.iespe),
                ex(m.pet),
                ex(gross_exact)
            ),
            lang,
        ),
        sources: vec![],
    };
    let rate = match (plan.charges_given, plan.charges) {
        (Some(given), _) => {
            warnings.push(tr!(
                lang,
                "What-if: employer charges at {} (`charges`).",
                "Simulation : charges patronales à {} (`charges`).",
                human_rate(given, lang)
            ));
            Figure {
                value: m.rate,
                how: tr!(lang, "given (`charges`)", "donné (`charges`)"),
                sources: vec![],
            }
        }
        (None, ChargesBasis::Rate(_)) => Figure {
            value: m.rate,
            how: tr!(lang, "the rule set's rate", "le taux des règles"),
            sources: rule.clone(),
        },
        (None, ChargesBasis::None) => Figure {
            value: m.rate,
            how: tr!(
                lang,
                "none: the rule set's credit involves no employer charges (the post's actual cost counts them)",
                "aucune : le crédit des règles ne comprend pas de charges patronales (le coût réel du poste les compte)"
            ),
            sources: rule.clone(),
        },
        (None, ChargesBasis::Reference) => Figure {
            value: m.rate,
            how: tr!(
                lang,
                "national reference rate from {}",
                "taux national de référence du {}",
                m.charges_version.map_or(String::new(), |v| day(v.from))
            ),
            sources: versions(m.charges_version),
        },
    };
    let charges = Figure {
        value: m.charges,
        how: format!("{} × {} = {}", ex(m.gross), rt(m.rate), ex(m.charges)),
        sources: rate.sources.clone(),
    };
    let loaded_exact = m.gross + m.charges;
    let loaded = Figure {
        value: m.loaded,
        how: rounded(
            plan,
            RoundAt::LoadedMonthly,
            loaded_exact,
            format!(
                "{} × (1 + {}) = {}",
                ex(m.gross),
                rt(m.rate),
                ex(loaded_exact)
            ),
            lang,
        ),
        sources: vec![],
    };
    if let Some(include) = plan.include_given {
        let left_out: Vec<&str> = [
            Component::Salary,
            Component::Iespe,
            Component::Pet,
            Component::Charges,
        ]
        .into_iter()
        .filter(|c| !include.contains(*c))
        .map(|c| c.word(lang))
        .collect();
        let left_out = if left_out.is_empty() {
            String::new()
        } else {
            tr!(
                lang,
                ": {} not funded, all of it the establishment's; where the rule set's assumptions say otherwise, this what-if departs from them",
                " : {} non financé, entièrement à la charge de l'établissement ; là où les hypothèses des règles disent autre chose, cette simulation s'en écarte",
                left_out.join(", ")
            )
        };
        warnings.push(tr!(
            lang,
            "What-if: funded components set to {} (`include`){left_out}.",
            "Simulation : composantes financées fixées à {} (`include`){left_out}.",
            include.join_in(" + ", lang)
        ));
    }
    let funded_monthly = Figure {
        value: m.funded_monthly,
        how: if plan.funded.contains(Component::Charges) {
            format!(
                "({}) × (1 + {}) = {}",
                plan.funded.gross().join_in(" + ", lang),
                rt(m.rate),
                ex(m.funded_monthly)
            )
        } else {
            format!(
                "{} = {}",
                plan.funded.join_in(" + ", lang),
                ex(m.funded_monthly)
            )
        },
        sources: vec![],
    };
    let share = match (plan.share_given, plan.rule) {
        (Some(given), Some(_)) => {
            warnings.push(tr!(
                lang,
                "What-if: share set to {} (`share`).",
                "Simulation : part fixée à {} (`share`).",
                human_rate(given, lang)
            ));
            Figure {
                value: plan.share,
                how: tr!(lang, "given (`share`)", "donnée (`share`)"),
                sources: vec![],
            }
        }
        (Some(_), None) => Figure {
            value: plan.share,
            how: tr!(lang, "given (`share`)", "donnée (`share`)"),
            sources: vec![],
        },
        (None, _) => Figure {
            value: plan.share,
            how: tr!(lang, "the rule set's share", "la part des règles"),
            sources: rule.clone(),
        },
    };
    let computed_how = tr!(
        lang,
        "{} × {} = {}, rounded to the cent ({})",
        "{} × {} = {}, arrondi au centime ({})",
        rt(plan.share),
        ex(m.funded_monthly),
        ex(m.funded_monthly * plan.share),
        plan.rounding.mode.words(lang)
    );
    let ars_monthly = Figure {
        value: m.ars,
        how: match c.data_credit {
            None => computed_how,
            Some(data) => {
                warnings.push(tr!(
                    lang,
                    "The data in force at the start gives a monthly credit of {}, not the {} the notice publishes. The notice's figure is what the agency notified and is the one counted; check the data (a revaluation?) or ask the agency.",
                    "Les données en vigueur au début du contrat donnent un crédit mensuel de {}, et non les {} que publie la notice. Le montant de la notice est celui que l'agence a notifié et c'est lui qui compte ; vérifier les données (une revalorisation ?) ou interroger l'agence.",
                    human(data, lang),
                    human(m.ars, lang)
                ));
                tr!(
                    lang,
                    "published by the notice (the data in force gives {}: {computed_how})",
                    "publié par la notice (les données en vigueur donnent {} : {computed_how})",
                    pl(data)
                )
            }
        },
        sources: rule.clone(),
    };
    // The post's actual cost: its own grade, years and PET at the national data in force.
    let mut actual_loaded = None;
    match &c.actual {
        Err(reason) => warnings.push(tr!(
            lang,
            "The post's actual cost is unknown: {reason}. The credit does not depend on it; the establishment's share and the full cost are left empty.",
            "Le coût réel du poste est inconnu : {reason}. Le crédit n'en dépend pas ; la part de l'établissement et le coût complet restent vides."
        )),
        Ok(a) => {
            let actual_exact = a.gross + a.charges;
            let mut actual_sources = versions(a.grid);
            actual_sources.extend(versions(a.iespe_version));
            actual_sources.extend(versions(a.pet_version));
            actual_sources.extend(versions(a.charges_version));
            actual_sources.dedup();
            let actual_pet = match a.pet_from {
                PetFrom::Given => lang.pick("PET given (`pet_amount`)", "PET donnée (`pet_amount`)"),
                PetFrom::Fixed => lang.pick(
                    "the rule set's reference PET",
                    "la PET de référence des règles",
                ),
                PetFrom::Scale(_) => lang.pick(
                    "PET from the working pattern",
                    "PET selon l'organisation du travail",
                ),
                PetFrom::NoPattern => lang.pick(
                    "no working pattern, PET 0",
                    "organisation du travail non donnée, PET 0",
                ),
            };
            actual_loaded = Some(Figure {
                value: a.loaded,
                how: tr!(
                    lang,
                    "({} + {} + {}) × (1 + {}) = {}: {} years {}, grid from {}, {}, charges at {}",
                    "({} + {} + {}) × (1 + {}) = {} : {} années {}, grille du {}, {}, charges au {}",
                    ex(a.base),
                    ex(a.iespe),
                    ex(a.pet),
                    rt(a.rate),
                    ex(actual_exact),
                    plan.actual.grade.french(),
                    plan.actual.years,
                    a.grid.map_or(String::new(), |v| day(v.from)),
                    actual_pet,
                    match (plan.charges_given, a.charges_version) {
                        (Some(_), _) => tr!(
                            lang,
                            "the rate given (`charges`)",
                            "taux donné (`charges`)"
                        ),
                        (None, Some(v)) => tr!(
                            lang,
                            "the reference rate from {}",
                            "taux de référence du {}",
                            day(v.from)
                        ),
                        (None, None) => tr!(lang, "the reference rate", "taux de référence"),
                    }
                ),
                sources: actual_sources,
            });
            // Where the post differs from the reference post its credit is computed on, say so.
            let own_post = (plan.actual.grade, plan.actual.years, a.pet);
            if plan.credit_basis() == crate::plan::CreditBasis::ReferencePost
                && own_post != (plan.rule_grade.0, plan.rule_grade.1, m.pet)
            {
                assumptions.push(tr!(
                    lang,
                    "The credit is computed on the rule set's reference post ({} years {}, PET {}), whatever the post's own. This post ({} years {}, PET {}) costs what the actual cost says, at the national grid in force each month; the establishment bears the difference.",
                    "Le crédit est calculé sur le poste de référence des règles ({} années {}, PET {}), quel que soit le poste réel. Ce poste ({} années {}, PET {}) coûte ce que dit son coût réel, à la grille nationale en vigueur chaque mois ; l'établissement supporte la différence.",
                    plan.rule_grade.0.french(),
                    plan.rule_grade.1,
                    human(m.pet, lang),
                    plan.actual.grade.french(),
                    plan.actual.years,
                    human(a.pet, lang)
                ));
            }
            if let (Some(version), None) = (a.charges_version, plan.charges_given) {
                assumptions.push(tr!(
                    lang,
                    "The actual cost counts employer charges at the data's reference rate, {} from {}{}. `charges`, or a data folder's charges/, gives another.",
                    "Le coût réel compte les charges patronales au taux de référence des données, {} à partir du {}{}. `charges`, ou le dossier charges/ d'un dossier de données, en donne un autre.",
                    human_rate(a.rate, lang),
                    day(version.from),
                    version.note.as_ref().map_or(String::new(), |note| format!(
                        " ({})",
                        note.get(lang).trim_end_matches('.')
                    ))
                ));
            }
            if pet_decision.is_none() {
                if let (PetFrom::Scale(outcome), Some(version), Some(pattern)) =
                    (a.pet_from, a.pet_version, &plan.actual.pattern)
                {
                    let decision = describe(&version.value, pattern, outcome, lang);
                    assumptions.extend(decision.assumptions.iter().cloned());
                    pet_decision = Some(decision);
                }
            }
        }
    }
    let loaded_cents = c.actual.as_ref().ok().map(|a| cents(a.loaded));
    let establishment_monthly = c
        .establishment_monthly
        .zip(loaded_cents)
        .map(|(value, loaded)| Figure {
            value,
            how: tr!(
                lang,
                "{} − {} (the post's actual loaded cost to the cent − ARS share)",
                "{} − {} (coût réel chargé du poste au centime − part ARS)",
                pl(loaded),
                pl(m.ars)
            ),
            sources: vec![],
        });
    let months = plan.months;
    let count = c.schedule.len();
    let ars_total = Figure {
        value: c.ars_total,
        how: if c.whole_months() {
            tr!(
                lang,
                "{} × {months} months",
                "{} × {months} mois",
                pl(m.ars)
            )
        } else {
            let s = if count == 1 { "" } else { "s" };
            tr!(
                lang,
                "sum of the schedule's {count} calendar month{s} ({})",
                "somme de l'échéancier sur {count} mois civil{s} ({})",
                plan.proration.words(lang)
            )
        },
        sources: rule.clone(),
    };
    let establishment_total = c
        .establishment_total
        .zip(c.full_cost_total)
        .map(|(value, full)| Figure {
            value,
            how: tr!(
                lang,
                "{} − {} (full cost − ARS credit)",
                "{} − {} (coût complet − crédit ARS)",
                pl(full),
                pl(c.ars_total)
            ),
            sources: vec![],
        });
    let full_cost_total = c.full_cost_total.map(|value| Figure {
        value,
        how: match (c.same_cost_every_month(), loaded_cents) {
            (true, Some(loaded)) => tr!(
                lang,
                "{} × {months} months",
                "{} × {months} mois",
                pl(loaded)
            ),
            _ => tr!(
                lang,
                "sum of the months of the schedule, each with the data in force that month",
                "somme des mois de l'échéancier, chacun avec les données en vigueur ce mois-là"
            ),
        },
        sources: vec![],
    });

    let mut figures: Vec<(&'static str, Figure<'a>)> = [
        ("base_salary_monthly", Some(base)),
        ("iespe_monthly", Some(iespe)),
        ("pet_monthly", Some(pet)),
        ("gross_monthly", Some(gross)),
        ("charges_rate", Some(rate)),
        ("charges_monthly", Some(charges)),
        ("loaded_monthly", Some(loaded)),
        ("actual_loaded_monthly", actual_loaded),
        ("funded_monthly", Some(funded_monthly)),
        ("share", Some(share)),
        ("ars_monthly", Some(ars_monthly)),
        ("establishment_monthly", establishment_monthly),
        ("ars_total", Some(ars_total)),
        ("establishment_total", establishment_total),
        ("full_cost_total", full_cost_total),
    ]
    .into_iter()
    .filter_map(|(key, figure)| Some((key, figure?)))
    .collect();
    if let (Some(left_on), Some(due), Some(not_served), Some((case, recoverable))) =
        (plan.left_on, c.ars_due, c.not_served, c.recovery)
    {
        figures.push((
            "ars_due",
            Figure {
                value: due,
                how: tr!(
                    lang,
                    "credit for the time served, {} to {}",
                    "crédit du temps servi, du {} au {}",
                    day(plan.start),
                    day(left_on)
                ),
                sources: rule.clone(),
            },
        ));
        figures.push((
            "not_served",
            Figure {
                value: not_served,
                how: tr!(
                    lang,
                    "{} − {} (contract credit − credit due), from {} on",
                    "{} − {} (crédit du contrat − crédit dû), à partir du {}",
                    pl(c.ars_total),
                    pl(due),
                    day(left_on.succ_opt().unwrap_or(left_on))
                ),
                sources: vec![],
            },
        ));
        let clause = plan.rule.and_then(|r| r.early_leave.as_ref());
        let reasons = clause.map_or(String::new(), |c| {
            c.reasons
                .iter()
                .map(|r| r.id())
                .collect::<Vec<_>>()
                .join(lang.pick(" or ", " ou "))
        });
        let (how, sources) = match (case, clause) {
            (RecoveryCase::NoClause, _) => (
                match plan.rule {
                    Some(r) => tr!(
                        lang,
                        "the notice of {} provides no recovery of credits when a contract ends early",
                        "la notice de {} ne prévoit aucune récupération des crédits quand un contrat s'achève plus tôt",
                        r.id
                    ),
                    None => tr!(
                        lang,
                        "the notice (none: no published rule set) provides no recovery of credits when a contract ends early",
                        "aucune notice (pas de règles publiées) ne prévoit de récupération des crédits quand un contrat s'achève plus tôt"
                    ),
                },
                vec![],
            ),
            (RecoveryCase::NotCovered, Some(c)) => (
                tr!(
                    lang,
                    "the notice recovers credits only on a departure for: {reasons}; the reason given ({}) is not one. {}",
                    "la notice ne récupère les crédits que pour un départ pour : {reasons} ; le motif donné ({}) n'en est pas. {}",
                    plan.leave_reason.map_or("", |r| r.id()),
                    c.quote
                ),
                vec![c.source.as_str()],
            ),
            (RecoveryCase::ReasonNotGiven, Some(c)) => (
                tr!(
                    lang,
                    "{} only if the departure is for: {reasons} (give `leave_reason`). {}",
                    "{} seulement si le départ est pour : {reasons} (donner `leave_reason`). {}",
                    pl(not_served),
                    c.quote
                ),
                vec![c.source.as_str()],
            ),
            (_, Some(c)) => (
                tr!(
                    lang,
                    "{}: the credit not served, {} on this departure. {}",
                    "{} : le crédit non servi, {} pour ce départ. {}",
                    pl(not_served),
                    match c.recovery {
                        crate::rates::Recovery::Discretionary => lang.pick(
                            "which the agency may recover (at its discretion)",
                            "que l'agence peut récupérer (à sa discrétion)",
                        ),
                        crate::rates::Recovery::Automatic => {
                            lang.pick("which the agency recovers", "que l'agence récupère")
                        }
                    },
                    c.quote
                ),
                vec![c.source.as_str()],
            ),
            (_, None) => (String::new(), vec![]),
        };
        if case == RecoveryCase::ReasonNotGiven {
            warnings.push(tr!(
                lang,
                "Leaving early: the notice lets the agency recover the credit not served ({}) only for a departure for: {reasons}. Give `leave_reason` to know.",
                "Départ anticipé : la notice ne permet à l'agence de récupérer le crédit non servi ({}) que pour un départ pour : {reasons}. Donner `leave_reason` pour le savoir.",
                human(not_served, lang)
            ));
        }
        figures.push((
            "recoverable",
            Figure {
                value: recoverable,
                how,
                sources,
            },
        ));
        if let Some(cost) = c.full_cost_served {
            figures.push((
                "full_cost_served",
                Figure {
                    value: cost,
                    how: tr!(
                        lang,
                        "the post's actual cost from {} to {}; the establishment's part is {} − {} = {}",
                        "le coût réel du poste du {} au {} ; la part de l'établissement est {} − {} = {}",
                        day(plan.start),
                        day(left_on),
                        pl(cost),
                        pl(due),
                        pl(cost - due)
                    ),
                    sources: vec![],
                },
            ));
        }
    }

    // Where a notice is silent, partial months are the tool's assumption.
    if !c.whole_months() && plan.proration == crate::schedule::Proration::Thirtieths {
        assumptions.push(tr!(
            lang,
            "A partial month is prorated in thirtieths, as French public payroll pays: the notices say nothing of partial months, so this is the tool's assumption (a whole month counts 30/30, February included).",
            "Un mois partiel est proratisé en trentièmes, comme la paie publique française : les notices ne disent rien des mois partiels, c'est donc l'hypothèse de l'outil (un mois entier compte 30/30, février compris)."
        ));
    }
    // The latest versions known are assumed to stay in force.
    let open_ended: Vec<String> = [
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
        Some((from, None)) => Some(tr!(lang, "{name} from {}", "{name} du {}", day(from))),
        _ => None,
    })
    .collect();
    if !open_ended.is_empty() {
        assumptions.push(tr!(
            lang,
            "No later version than {} is known: {} assumed to stay in force to the end of the contract, {}.",
            "Aucune version postérieure à {} n'est connue : {} rester en vigueur jusqu'à la fin du contrat, le {}.",
            open_ended.join(", "),
            match (lang, open_ended.len()) {
                (Lang::En, 1) => "it is",
                (Lang::En, _) => "they are",
                (Lang::Fr, 1) => "cette version est supposée",
                (Lang::Fr, _) => "ces versions sont supposées",
            },
            day(plan.end)
        ));
    }

    // The conditions of eligibility: one not met is a warning (an error with `--strict`).
    let conditions = check_conditions(rates, plan, lang);
    for checked in conditions.iter().filter(|c| c.status == Status::NotMet) {
        warnings.push(tr!(
            lang,
            "Condition not met: {} ({}).",
            "Condition non remplie : {} ({}).",
            checked.condition.text.get(lang),
            checked.detail
        ));
    }

    // The documents, in order of first appearance in the monthly figures, then the rule set's.
    let mut sources: Vec<&'a Source> = Vec::new();
    let ids = figures
        .iter()
        .take(10)
        .flat_map(|(_, f)| f.sources.iter().copied())
        .chain(rule.iter().copied())
        .chain(conditions.iter().map(|c| c.condition.source.as_str()));
    for id in ids {
        if let Some(source) = rates.source(id) {
            if !sources.iter().any(|s| s.id == id) {
                sources.push(source);
            }
        }
    }
    assumptions.dedup();
    Explanation {
        title: plan.rule.map_or(custom_title(lang), |r| r.title.get(lang)),
        figures,
        pet: pet_decision,
        assumptions,
        warnings,
        conditions,
        sources,
        lang,
    }
}
