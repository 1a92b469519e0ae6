//! The words of a computation: how each figure was made and from which documents, what
//! was assumed and what the user should know. Built from a [`Computation`] only when an
//! output asks for it; pricing never writes text.
//!
//! Inputs are named in the text as `field` (the CSV column name, in backquotes): each
//! edge of the program shows them as its user typed them (`--pet-amount` on the command
//! line, column `pet_amount` in a batch file).

use crate::compute::{Computation, RecoveryCase};
use crate::eligibility::{check_conditions, Checked, Status};
use crate::model::Component;
use crate::money::{cents, human, human_rate, plain, plain_rate, Lang};
use crate::pet::{describe, PetDecision};
use crate::plan::{duration_message, Plan, CUSTOM_ASSUMPTIONS, CUSTOM_TITLE};
use crate::price::{Monthly, PetFrom};
use crate::rates::{AmountBasis, ChargesBasis, Rates, RoundAt, SalaryBasis, Source};
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

/// The words for a figure rounded where the rule set says.
fn rounded(plan: &Plan<'_>, at: RoundAt, exact_value: Decimal, how: String) -> String {
    if plan.rounding.at(at, exact_value) == exact_value {
        how
    } else {
        format!(
            "{how}, rounded to the cent ({})",
            plan.rounding.mode.label()
        )
    }
}

fn versions<T>(version: Option<&crate::rates::Version<T>>) -> Vec<&str> {
    version.map_or_else(Vec::new, |v| v.sources.iter().map(String::as_str).collect())
}

/// Explains a computation.
pub fn explain<'a>(rates: &'a Rates, c: &Computation<'a>) -> Explanation<'a> {
    let plan = &c.plan;
    let m: &Monthly<'a> = &c.monthly;
    let lang = Lang::En;
    let rule: Vec<&'a str> = plan.rule.map(|r| r.source.as_str()).into_iter().collect();
    let mut assumptions: Vec<String> = match plan.rule {
        Some(r) => r.assumptions.clone(),
        None => CUSTOM_ASSUMPTIONS.iter().map(|a| a.to_string()).collect(),
    };
    let mut warnings = Vec::new();

    // What the plan noted.
    if plan.default_start {
        assumptions.push(format!(
            "Start date not given and not set by the rule set: the contract starts on the first day of next month, {} (`start`).",
            plan.start
        ));
    }
    if let Some(r) = plan.rule {
        if plan.start_outside_months {
            let allowed: Vec<String> = r
                .start_months
                .iter()
                .map(|(y, m)| format!("{y}-{m:02}"))
                .collect();
            warnings.push(format!(
                "The rule set {} provides for starts in {} only; {} is outside them.",
                r.id,
                allowed.join(" or "),
                plan.start
            ));
        }
        if plan.other_duration {
            warnings.push(duration_message(
                r,
                plan.start,
                plan.end,
                plan.months,
                plan.extra_days,
            ));
        }
        if (plan.grade, plan.years) != plan.rule_grade {
            warnings.push(format!(
                "What-if: the rule set's figure is for an {} in years {}; this prices an {} in years {}.",
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
                    format!(
                        "{} / 12 = {}: annual gross, {} years {}, grid from {}",
                        plain(annual),
                        exact(monthly),
                        plan.grade.french(),
                        plan.years,
                        m.grid.map_or(String::new(), |v| v.from.to_string())
                    ),
                ),
                sources: versions(m.grid),
            }
        }
        _ => Figure {
            value: m.base,
            how: format!(
                "published by the rule set for an {} years {}",
                plan.grade.french(),
                plan.years
            ),
            sources: rule.clone(),
        },
    };
    let iespe = match plan.iespe {
        AmountBasis::National => Figure {
            value: m.iespe,
            how: format!(
                "national amount from {}",
                m.iespe_version
                    .map_or(String::new(), |v| v.from.to_string())
            ),
            sources: versions(m.iespe_version),
        },
        AmountBasis::Published(_) => Figure {
            value: m.iespe,
            how: "published by the rule set".into(),
            sources: rule.clone(),
        },
    };
    let mut pet_decision = None;
    let pet = match m.pet_from {
        PetFrom::Given => {
            warnings.push(format!(
                "What-if: PET fixed at {} by `pet_amount`.",
                human(m.pet, lang)
            ));
            Figure {
                value: m.pet,
                how: "given (`pet_amount`)".into(),
                sources: vec![],
            }
        }
        PetFrom::Fixed => Figure {
            value: m.pet,
            how: "fixed by the rule set".into(),
            sources: rule.clone(),
        },
        PetFrom::Scale(outcome) => match (m.pet_version, &plan.pattern) {
            (Some(version), Some(pattern)) => {
                let decision = describe(&version.value, pattern, outcome);
                assumptions.extend(decision.assumptions.iter().cloned());
                let figure = Figure {
                    value: m.pet,
                    how: format!("{} (scale from {})", decision.reason, version.from),
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
            assumptions.push(
                "No working pattern given: PET counted as 0 (give `half_days`, `sites` and `distance_km`, or `pet_amount`).".to_string(),
            );
            Figure {
                value: m.pet,
                how: "no working pattern given".into(),
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
                exact(m.base),
                exact(m.iespe),
                exact(m.pet),
                exact(gross_exact)
            ),
        ),
        sources: vec![],
    };
    let rate = match (plan.charges_given, plan.charges) {
        (Some(given), _) => {
            warnings.push(format!(
                "What-if: employer charges at {} (`charges`).",
                human_rate(given, lang)
            ));
            Figure {
                value: m.rate,
                how: "given (`charges`)".into(),
                sources: vec![],
            }
        }
        (None, ChargesBasis::Rate(_)) => Figure {
            value: m.rate,
            how: "the rule set's rate".into(),
            sources: rule.clone(),
        },
        (None, ChargesBasis::None) => Figure {
            value: m.rate,
            how: "none: the rule set's credit involves no employer charges (the post's actual cost counts them)".into(),
            sources: rule.clone(),
        },
        (None, ChargesBasis::Reference) => Figure {
            value: m.rate,
            how: format!(
                "national reference rate from {}",
                m.charges_version
                    .map_or(String::new(), |v| v.from.to_string())
            ),
            sources: versions(m.charges_version),
        },
    };
    let charges = Figure {
        value: m.charges,
        how: format!(
            "{} × {} = {}",
            exact(m.gross),
            plain_rate(m.rate),
            exact(m.charges)
        ),
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
                exact(m.gross),
                plain_rate(m.rate),
                exact(loaded_exact)
            ),
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
        .map(|c| c.id())
        .collect();
        warnings.push(format!(
            "What-if: funded components set to {} (`include`){}.",
            include.join(" + "),
            if left_out.is_empty() {
                String::new()
            } else {
                format!(
                    ": {} not funded, all of it the establishment's; where the rule set's assumptions say otherwise, this what-if departs from them",
                    left_out.join(", ")
                )
            }
        ));
    }
    let funded_monthly = Figure {
        value: m.funded_monthly,
        how: if plan.funded.contains(Component::Charges) {
            format!(
                "({}) × (1 + {}) = {}",
                plan.funded.gross().join(" + "),
                plain_rate(m.rate),
                exact(m.funded_monthly)
            )
        } else {
            format!("{} = {}", plan.funded.join(" + "), exact(m.funded_monthly))
        },
        sources: vec![],
    };
    let share = match (plan.share_given, plan.rule) {
        (Some(given), Some(_)) => {
            warnings.push(format!(
                "What-if: share set to {} (`share`).",
                human_rate(given, lang)
            ));
            Figure {
                value: plan.share,
                how: "given (`share`)".into(),
                sources: vec![],
            }
        }
        (Some(_), None) => Figure {
            value: plan.share,
            how: "given (`share`)".into(),
            sources: vec![],
        },
        (None, _) => Figure {
            value: plan.share,
            how: "the rule set's share".into(),
            sources: rule.clone(),
        },
    };
    let computed_how = format!(
        "{} × {} = {}, rounded to the cent ({})",
        plain_rate(plan.share),
        exact(m.funded_monthly),
        exact(m.funded_monthly * plan.share),
        plan.rounding.mode.label()
    );
    let ars_monthly = Figure {
        value: m.ars,
        how: match c.data_credit {
            None => computed_how,
            Some(data) => {
                warnings.push(format!(
                    "The data in force at the start gives a monthly credit of {}, not the {} the notice publishes. The notice's figure is what the agency notified and is the one counted; check the data (a revaluation?) or ask the agency.",
                    human(data, lang),
                    human(m.ars, lang)
                ));
                format!(
                    "published by the notice (the data in force gives {}: {computed_how})",
                    plain(data)
                )
            }
        },
        sources: rule.clone(),
    };
    // The post's actual cost: its own grade, years and PET at the national data in force.
    let mut actual_loaded = None;
    match &c.actual {
        Err(reason) => warnings.push(format!(
            "The post's actual cost is unknown: {reason}. The credit does not depend on it; the establishment's share and the full cost are left empty."
        )),
        Ok(a) => {
            let actual_exact = a.gross + a.charges;
            let mut actual_sources = versions(a.grid);
            actual_sources.extend(versions(a.iespe_version));
            actual_sources.extend(versions(a.pet_version));
            actual_sources.extend(versions(a.charges_version));
            actual_sources.dedup();
            let actual_pet = match a.pet_from {
                PetFrom::Given => "PET given (`pet_amount`)".to_string(),
                PetFrom::Fixed => "the rule set's reference PET".to_string(),
                PetFrom::Scale(_) => "PET from the working pattern".to_string(),
                PetFrom::NoPattern => "no working pattern, PET 0".to_string(),
            };
            actual_loaded = Some(Figure {
                value: a.loaded,
                how: format!(
                    "({} + {} + {}) × (1 + {}) = {}: {} years {}, grid from {}, {}, charges at {}",
                    exact(a.base),
                    exact(a.iespe),
                    exact(a.pet),
                    plain_rate(a.rate),
                    exact(actual_exact),
                    plan.actual.grade.french(),
                    plan.actual.years,
                    a.grid.map_or(String::new(), |v| v.from.to_string()),
                    actual_pet,
                    match (plan.charges_given, a.charges_version) {
                        (Some(_), _) => "the rate given (`charges`)".to_string(),
                        (None, Some(v)) => format!("the reference rate from {}", v.from),
                        (None, None) => "the reference rate".to_string(),
                    }
                ),
                sources: actual_sources,
            });
            // Where the post differs from the reference post its credit is computed on, say so.
            let own_post = (plan.actual.grade, plan.actual.years, a.pet);
            if plan.credit_basis() == crate::plan::CreditBasis::ReferencePost
                && own_post != (plan.rule_grade.0, plan.rule_grade.1, m.pet)
            {
                assumptions.push(format!(
                    "The credit is computed on the rule set's reference post ({} years {}, PET {}), whatever the post's own. This post ({} years {}, PET {}) costs what the actual cost says, at the national grid in force each month; the establishment bears the difference.",
                    plan.rule_grade.0.french(),
                    plan.rule_grade.1,
                    human(m.pet, lang),
                    plan.actual.grade.french(),
                    plan.actual.years,
                    human(a.pet, lang)
                ));
            }
            if let (Some(version), None) = (a.charges_version, plan.charges_given) {
                assumptions.push(format!(
                    "The actual cost counts employer charges at the data's reference rate, {} from {}{}. `charges`, or a data folder's charges/, gives another.",
                    human_rate(a.rate, lang),
                    version.from,
                    version
                        .note
                        .as_deref()
                        .map_or(String::new(), |note| format!(" ({})", note.trim_end_matches('.')))
                ));
            }
            if pet_decision.is_none() {
                if let (PetFrom::Scale(outcome), Some(version), Some(pattern)) =
                    (a.pet_from, a.pet_version, &plan.actual.pattern)
                {
                    let decision = describe(&version.value, pattern, outcome);
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
            how: format!(
                "{} − {} (the post's actual loaded cost to the cent − ARS share)",
                plain(loaded),
                plain(m.ars)
            ),
            sources: vec![],
        });
    let months = plan.months;
    let count = c.schedule.len();
    let ars_total = Figure {
        value: c.ars_total,
        how: if c.whole_months() {
            format!("{} × {months} months", plain(m.ars))
        } else {
            format!(
                "sum of the schedule's {count} calendar month{} ({})",
                if count == 1 { "" } else { "s" },
                plan.proration.id()
            )
        },
        sources: rule.clone(),
    };
    let establishment_total = c
        .establishment_total
        .zip(c.full_cost_total)
        .map(|(value, full)| Figure {
            value,
            how: format!(
                "{} − {} (full cost − ARS credit)",
                plain(full),
                plain(c.ars_total)
            ),
            sources: vec![],
        });
    let full_cost_total = c.full_cost_total.map(|value| Figure {
        value,
        how: match (c.same_cost_every_month(), loaded_cents) {
            (true, Some(loaded)) => format!("{} × {months} months", plain(loaded)),
            _ => "sum of the months of the schedule, each with the data in force that month"
                .to_string(),
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
                how: format!("credit for the time served, {} to {left_on}", plan.start),
                sources: rule.clone(),
            },
        ));
        figures.push((
            "not_served",
            Figure {
                value: not_served,
                how: format!(
                    "{} − {} (contract credit − credit due), from {} on",
                    plain(c.ars_total),
                    plain(due),
                    left_on.succ_opt().unwrap_or(left_on)
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
                .join(" or ")
        });
        let (how, sources) = match (case, clause) {
            (RecoveryCase::NoClause, _) => (
                format!(
                    "the notice{} provides no recovery of credits when a contract ends early",
                    plan.rule.map_or(String::from(" (none: no published rule set)"), |r| format!(" of {}", r.id))
                ),
                vec![],
            ),
            (RecoveryCase::NotCovered, Some(c)) => (
                format!(
                    "the notice recovers credits only on a departure for: {reasons}; the reason given ({}) is not one. {}",
                    plan.leave_reason.map_or("", |r| r.id()),
                    c.quote
                ),
                vec![c.source.as_str()],
            ),
            (RecoveryCase::ReasonNotGiven, Some(c)) => (
                format!(
                    "{} only if the departure is for: {reasons} (give `leave_reason`). {}",
                    plain(not_served),
                    c.quote
                ),
                vec![c.source.as_str()],
            ),
            (_, Some(c)) => (
                format!(
                    "{}: the credit not served, {} on this departure. {}",
                    plain(not_served),
                    match c.recovery {
                        crate::rates::Recovery::Discretionary => "which the agency may recover (at its discretion)",
                        crate::rates::Recovery::Automatic => "which the agency recovers",
                    },
                    c.quote
                ),
                vec![c.source.as_str()],
            ),
            (_, None) => (String::new(), vec![]),
        };
        if case == RecoveryCase::ReasonNotGiven {
            warnings.push(format!(
                "Leaving early: the notice lets the agency recover the credit not served ({}) only for a departure for: {reasons}. Give `leave_reason` to know.",
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
                    how: format!(
                        "the post's actual cost from {} to {left_on}; the establishment's part is {} − {} = {}",
                        plan.start,
                        plain(cost),
                        plain(due),
                        plain(cost - due)
                    ),
                    sources: vec![],
                },
            ));
        }
    }

    // Where a notice is silent, partial months are the tool's assumption.
    if !c.whole_months() && plan.proration == crate::schedule::Proration::Thirtieths {
        assumptions.push(
            "A partial month is prorated in thirtieths, as French public payroll pays: the notices say nothing of partial months, so this is the tool's assumption (a whole month counts 30/30, February included)."
                .to_string(),
        );
    }
    // The latest versions known are assumed to stay in force.
    let open_ended: Vec<String> = [
        (
            "grid",
            rates.grid.at(plan.end).ok().map(|v| (v.from, v.until)),
        ),
        (
            "IESPE",
            rates.iespe.at(plan.end).ok().map(|v| (v.from, v.until)),
        ),
        (
            "PET scale",
            rates.pet.at(plan.end).ok().map(|v| (v.from, v.until)),
        ),
    ]
    .into_iter()
    .filter_map(|(name, version)| match version {
        Some((from, None)) => Some(format!("the {name} from {from}")),
        _ => None,
    })
    .collect();
    if !open_ended.is_empty() {
        assumptions.push(format!(
            "No later version than {} is known: {} assumed to stay in force to the end of the contract, {}.",
            open_ended.join(", "),
            if open_ended.len() == 1 { "it is" } else { "they are" },
            plan.end
        ));
    }

    // The conditions of eligibility: one not met is a warning (an error with `--strict`).
    let conditions = check_conditions(rates, plan);
    for checked in conditions.iter().filter(|c| c.status == Status::NotMet) {
        warnings.push(format!(
            "Condition not met: {} ({}).",
            checked.condition.text, checked.detail
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
        title: plan.rule.map_or(CUSTOM_TITLE, |r| r.title.as_str()),
        figures,
        pet: pet_decision,
        assumptions,
        warnings,
        conditions,
        sources,
    }
}
