//! Conditions of eligibility: what the documents require of a post beyond its cost (time
//! shares, specialty, length, number of establishments). The national ones are in
//! `rates/conditions.toml`, a rule set's in its own file, each with its source. Each is
//! *met*, *not met* or *not verified*, depending on the inputs given; nothing is refused
//! on a condition the user was never asked about.

use crate::lang::Lang;
use crate::model::fold_name;
use crate::plan::Plan;
use crate::post::{Field, Naming};
use crate::rates::{Check, Condition, Rates};
use crate::tr;
use rust_decimal::Decimal;

/// Whether a condition holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The inputs show it holds.
    Met,
    /// The inputs show it does not.
    NotMet,
    /// No input says (or none can).
    NotVerified,
}

impl Status {
    /// The name in the output.
    pub fn id(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::NotMet => "not-met",
            Status::NotVerified => "not-verified",
        }
    }

    /// The name for people (the id in English).
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Status::Met, Lang::En) => "met",
            (Status::Met, Lang::Fr) => "remplie",
            (Status::NotMet, Lang::En) => "not-met",
            (Status::NotMet, Lang::Fr) => "non remplie",
            (Status::NotVerified, Lang::En) => "not-verified",
            (Status::NotVerified, Lang::Fr) => "non vérifiée",
        }
    }
}

/// A condition, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked<'a> {
    /// The condition.
    pub condition: &'a Condition,
    /// Whether it holds.
    pub status: Status,
    /// Why, in words (the input's value, or the input that would tell).
    pub detail: String,
}

/// The conditions that concern a post, national then its rule set's, each checked.
pub fn check_conditions<'a>(
    rates: &'a Rates,
    plan: &Plan<'a>,
    lang: Lang,
    naming: &Naming<'_>,
) -> Vec<Checked<'a>> {
    let derogation = plan.actual.pattern.is_some_and(|p| p.derogation);
    let national = rates
        .conditions
        .iter()
        .filter(|c| c.post_types.contains(&plan.post_type));
    let own = plan.rule.iter().flat_map(|r| r.conditions.iter());
    national
        .chain(own)
        .filter(|c| !c.only_with_derogation || derogation)
        .map(|condition| {
            let (status, detail) = evaluate(condition, plan, lang, naming);
            Checked {
                condition,
                status,
                detail,
            }
        })
        .collect()
}

fn evaluate(
    condition: &Condition,
    plan: &Plan<'_>,
    lang: Lang,
    naming: &Naming<'_>,
) -> (Status, String) {
    let inputs = &plan.condition_inputs;
    let unknown = |input: Field| {
        (
            Status::NotVerified,
            tr!(
                lang,
                "give {} to check it",
                "donner {} pour la vérifier",
                naming.name(input)
            ),
        )
    };
    let verdict =
        |met: bool, detail: String| (if met { Status::Met } else { Status::NotMet }, detail);
    let Some(check) = &condition.check else {
        return (
            Status::NotVerified,
            tr!(
                lang,
                "no input can check it: the establishment must",
                "aucune donnée ne peut la vérifier : à l'établissement de le faire"
            ),
        );
    };
    let input = check.input();
    let name = naming.name(input);
    match check {
        Check::AtLeast(_, least) => {
            let value = match input {
                Field::AmbulatoryShare => inputs.ambulatory_share,
                Field::PeripheralShare => inputs.peripheral_share,
                _ => None,
            };
            match value {
                None => unknown(input),
                Some(v) => verdict(
                    v >= *least,
                    tr!(
                        lang,
                        "{name} is {} %",
                        "{name} vaut {} %",
                        crate::money::human_number(v * Decimal::ONE_HUNDRED, lang)
                    ),
                ),
            }
        }
        Check::NotAmong(_, excluded) => match &inputs.specialty {
            None => unknown(input),
            Some(specialty) => verdict(
                !excluded.contains(&fold_name(specialty)),
                tr!(lang, "{name} is {specialty}", "{name} vaut {specialty}"),
            ),
        },
        Check::OneOf(_, allowed) => {
            if input == Field::Months && plan.extra_days > 0 {
                return verdict(
                    false,
                    tr!(
                        lang,
                        "the contract is {} months and {} days",
                        "le contrat dure {} mois et {} jours",
                        plan.months,
                        plan.extra_days
                    ),
                );
            }
            let value = match input {
                Field::Months => Some(plan.months),
                Field::Sites => plan.sites_given,
                _ => None,
            };
            match value {
                None => unknown(input),
                Some(v) => verdict(
                    allowed.contains(&v),
                    tr!(lang, "{name} is {v}", "{name} vaut {v}"),
                ),
            }
        }
    }
}
