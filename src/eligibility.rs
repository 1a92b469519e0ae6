//! Conditions of eligibility: what the documents require of a post beyond its cost (time
//! shares, specialty, length, number of establishments). The national ones are in
//! `rates/conditions.toml`, a rule set's in its own file, each with its source. Each is
//! *met*, *not met* or *not verified*, depending on the inputs given; nothing is refused
//! on a condition the user was never asked about.

use crate::lang::Lang;
use crate::model::{fold_name, PostType};
use crate::plan::Plan;
use crate::rates::Rates;
use crate::tr;
use rust_decimal::Decimal;

/// The inputs a condition can check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckedInput {
    /// Share of the time in the ambulatory structure (`ambulatory_share`).
    AmbulatoryShare,
    /// Share of the time in the peripheral establishment (`peripheral_share`).
    PeripheralShare,
    /// The assistant's specialty (`specialty`).
    Specialty,
    /// The contract's length in whole months (`months`).
    Months,
    /// Sites other than the main one (`sites`).
    Sites,
}

impl CheckedInput {
    /// Reads an input name of the data.
    pub fn from_name(name: &str) -> Option<CheckedInput> {
        Some(match name {
            "ambulatory_share" => CheckedInput::AmbulatoryShare,
            "peripheral_share" => CheckedInput::PeripheralShare,
            "specialty" => CheckedInput::Specialty,
            "months" => CheckedInput::Months,
            "sites" => CheckedInput::Sites,
            _ => return None,
        })
    }

    /// The input's name, as a column (messages show flags or columns from it).
    pub fn name(self) -> &'static str {
        match self {
            CheckedInput::AmbulatoryShare => "ambulatory_share",
            CheckedInput::PeripheralShare => "peripheral_share",
            CheckedInput::Specialty => "specialty",
            CheckedInput::Months => "months",
            CheckedInput::Sites => "sites",
        }
    }
}

/// How a condition is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// A share of time of at least this much.
    AtLeast(CheckedInput, Decimal),
    /// A specialty other than these (folded names).
    NotAmong(CheckedInput, Vec<String>),
    /// A count among these.
    OneOf(CheckedInput, Vec<u32>),
}

/// A condition of eligibility.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    /// Its id (`ambulatory-time`).
    pub id: String,
    /// The post types it concerns; empty for a rule set's own (its post types).
    pub post_types: Vec<PostType>,
    /// The condition, in words, with the document's own.
    pub text: crate::lang::Text,
    /// The document that sets it.
    pub source: String,
    /// How the inputs check it, when they can.
    pub check: Option<Check>,
    /// Listed only when the PET derogation under 20 km is claimed.
    pub only_with_derogation: bool,
}

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

/// The inputs of a post that only conditions read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ConditionInputs {
    /// Share of the time in the ambulatory structure.
    pub ambulatory_share: Option<Decimal>,
    /// Share of the time in the peripheral establishment.
    pub peripheral_share: Option<Decimal>,
    /// The assistant's specialty, as typed.
    pub specialty: Option<String>,
}

/// The conditions that concern a post, national then its rule set's, each checked.
pub fn check_conditions<'a>(rates: &'a Rates, plan: &Plan<'a>, lang: Lang) -> Vec<Checked<'a>> {
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
            let (status, detail) = evaluate(condition, plan, lang);
            Checked {
                condition,
                status,
                detail,
            }
        })
        .collect()
}

fn evaluate(condition: &Condition, plan: &Plan<'_>, lang: Lang) -> (Status, String) {
    let inputs = &plan.condition_inputs;
    let unknown = |input: CheckedInput| {
        (
            Status::NotVerified,
            tr!(
                lang,
                "give `{}` to check it",
                "donner `{}` pour la vérifier",
                input.name()
            ),
        )
    };
    let verdict =
        |met: bool, detail: String| (if met { Status::Met } else { Status::NotMet }, detail);
    match &condition.check {
        None => (
            Status::NotVerified,
            tr!(
                lang,
                "no input can check it: the establishment must",
                "aucune donnée ne peut la vérifier : à l'établissement de le faire"
            ),
        ),
        Some(Check::AtLeast(input, least)) => {
            let value = match input {
                CheckedInput::AmbulatoryShare => inputs.ambulatory_share,
                CheckedInput::PeripheralShare => inputs.peripheral_share,
                _ => None,
            };
            match value {
                None => unknown(*input),
                Some(v) => verdict(
                    v >= *least,
                    tr!(
                        lang,
                        "`{}` is {} %",
                        "`{}` vaut {} %",
                        input.name(),
                        crate::money::human_number(v * Decimal::ONE_HUNDRED, lang)
                    ),
                ),
            }
        }
        Some(Check::NotAmong(input, excluded)) => match &inputs.specialty {
            None => unknown(*input),
            Some(specialty) => verdict(
                !excluded.contains(&fold_name(specialty)),
                tr!(
                    lang,
                    "`{}` is {specialty}",
                    "`{}` vaut {specialty}",
                    input.name()
                ),
            ),
        },
        Some(Check::OneOf(input, allowed)) => {
            if *input == CheckedInput::Months && plan.extra_days > 0 {
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
                CheckedInput::Months => Some(plan.months),
                CheckedInput::Sites => plan.actual.pattern.map(|p| p.sites),
                _ => None,
            };
            match value {
                None => unknown(*input),
                Some(v) => verdict(
                    allowed.contains(&v),
                    tr!(lang, "`{}` is {v}", "`{}` vaut {v}", input.name()),
                ),
            }
        }
    }
}
