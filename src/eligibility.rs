//! Conditions of eligibility: what the documents require of a post beyond its cost (time
//! shares, specialty, length, number of establishments). The national ones are in
//! `rates/conditions.toml`, a rule set's in its own file, each with its source. Each is
//! *met*, *not met* (or *not met unless* the exception its document allows) or *not verified*,
//! depending on the inputs given; nothing is refused on a condition the user was never asked
//! about. A condition set for some promotions concerns only their posts; a rule set's condition
//! may take the place of a national one.

use crate::lang::Lang;
use crate::model::fold_name;
use crate::plan::Plan;
use crate::post::{Field, Naming};
use crate::rates::{Check, Condition, Rates};
use crate::tr;
use chrono::Datelike;
use rust_decimal::Decimal;

/// Whether a condition holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The inputs show it holds.
    Met,
    /// The inputs show it does not.
    NotMet,
    /// The inputs show it does not, but its document allows an exception (« modulation
    /// possible si motivé »): a warning, never a refusal, even under `--strict`.
    NotMetUnless,
    /// No input says (or none can).
    NotVerified,
}

impl Status {
    /// The name in the output.
    pub fn id(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::NotMet => "not-met",
            Status::NotMetUnless => "not-met-unless",
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
            (Status::NotMetUnless, Lang::En) => "not met unless",
            (Status::NotMetUnless, Lang::Fr) => "non remplie sauf",
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
    /// The post's promotion, by its first year ([`promotion_of`] its start).
    pub promotion: i32,
}

/// The promotion a contract starting on `start` belongs to, by its first year: a promotion's
/// posts start from its first November to the October after (2018-2020: 1 November 2018 to
/// 31 October 2019). The notes name promotions, not dates; this reading is the tool's.
pub fn promotion_of(start: chrono::NaiveDate) -> i32 {
    if start.month() >= 11 {
        start.year()
    } else {
        start.year() - 1
    }
}

/// The conditions that concern a post, national then its rule set's, each checked. A national
/// condition set for other promotions, or that the rule set's own replaces, is left out.
pub fn check_conditions<'a>(
    rates: &'a Rates,
    plan: &Plan<'a>,
    lang: Lang,
    naming: &Naming<'_>,
) -> Vec<Checked<'a>> {
    let derogation = plan.actual.pattern.is_some_and(|p| p.derogation);
    let promotion = promotion_of(plan.start);
    let own = plan.rule.map_or(&[][..], |r| r.conditions.as_slice());
    let replaced = |c: &Condition| own.iter().any(|o| o.replaces.as_ref() == Some(&c.id));
    let national = rates
        .conditions
        .iter()
        .filter(|c| c.post_types.contains(&plan.post_type) && !replaced(c));
    national
        .chain(own)
        .filter(|c| !c.only_with_derogation || derogation)
        .filter(|c| c.for_promotion(promotion))
        .map(|condition| {
            let (status, detail) = evaluate(condition, plan, lang, naming);
            let status = match (status, &condition.unless) {
                (Status::NotMet, Some(_)) => Status::NotMetUnless,
                (status, _) => status,
            };
            Checked {
                condition,
                status,
                detail,
                promotion,
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
    let share = |input: Field| match input {
        Field::AmbulatoryShare => inputs.ambulatory_share,
        Field::PeripheralShare => inputs.peripheral_share,
        _ => None,
    };
    let percent = |v: Decimal| {
        tr!(
            lang,
            "{name} is {} %",
            "{name} vaut {} %",
            crate::money::human_number(v * Decimal::ONE_HUNDRED, lang)
        )
    };
    match check {
        Check::AtLeast(_, least) => {
            share(input).map_or_else(|| unknown(input), |v| verdict(v >= *least, percent(v)))
        }
        Check::Equals(_, wanted) => {
            share(input).map_or_else(|| unknown(input), |v| verdict(v == *wanted, percent(v)))
        }
        Check::NotAmong(_, excluded) => match &inputs.specialty {
            None => unknown(input),
            Some(specialty) => verdict(
                !excluded.contains(&fold_name(specialty)),
                tr!(lang, "{name} is {specialty}", "{name} vaut {specialty}"),
            ),
        },
        Check::OneOf(_, allowed) => one_of(plan, input, allowed, lang, naming),
        Check::Overseas(_, overseas) => verdict(
            plan.region.overseas == *overseas,
            if plan.region.overseas {
                tr!(
                    lang,
                    "{} is overseas",
                    "{} est en outre-mer",
                    plan.region.name
                )
            } else {
                tr!(
                    lang,
                    "{} is in metropolitan France",
                    "{} est en métropole",
                    plan.region.name
                )
            },
        ),
    }
}

/// A count (`months`, `sites`) checked against the values a condition allows.
fn one_of(
    plan: &Plan<'_>,
    input: Field,
    allowed: &[u32],
    lang: Lang,
    naming: &Naming<'_>,
) -> (Status, String) {
    if input == Field::Months && plan.extra_days > 0 {
        return (
            Status::NotMet,
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
    let name = naming.name(input);
    match value {
        None => (
            Status::NotVerified,
            tr!(
                lang,
                "give {name} to check it",
                "donner {name} pour la vérifier"
            ),
        ),
        Some(v) => (
            if allowed.contains(&v) {
                Status::Met
            } else {
                Status::NotMet
            },
            tr!(lang, "{name} is {v}", "{name} vaut {v}"),
        ),
    }
}

/// A working pattern's half-days away and a time share given together that cannot both be
/// true: the share of a full-time week of 10 half-days the half-days away make, and the share
/// given (`ambulatory_share`: the ambulatory structure is away from the hospital;
/// `peripheral_share`: the peripheral establishment may be either site).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SharesDisagree {
    /// The share input given.
    pub field: Field,
    /// Its value.
    pub share: Decimal,
    /// The half-days a week away from the main site.
    pub half_days: Decimal,
}

/// The half-days of a full-time week: the tool's reading, the documents here do not state it.
const WEEK_HALF_DAYS: Decimal = Decimal::TEN;

/// How far the share the half-days make may be from the share given: half a half-day a week.
const SHARES_TOLERANCE: Decimal = Decimal::from_parts(5, 0, 0, false, 2);

/// Whether the half-days away and a time share given disagree (a warning: one of them is wrong).
pub fn shares_disagree(plan: &Plan<'_>) -> Option<SharesDisagree> {
    let half_days = plan.actual.pattern?.half_days;
    let away = half_days / WEEK_HALF_DAYS;
    let near = |share: Decimal| (away - share).abs() <= SHARES_TOLERANCE;
    let inputs = &plan.condition_inputs;
    if let Some(share) = inputs.ambulatory_share.filter(|s| !near(*s)) {
        return Some(SharesDisagree {
            field: Field::AmbulatoryShare,
            share,
            half_days,
        });
    }
    let share = inputs
        .peripheral_share
        .filter(|s| !near(*s) && !near(Decimal::ONE - *s))?;
    Some(SharesDisagree {
        field: Field::PeripheralShare,
        share,
        half_days,
    })
}

impl SharesDisagree {
    /// The warning, naming the inputs as the reader typed them.
    pub fn render(&self, lang: Lang, naming: &Naming<'_>) -> String {
        let number = |d: Decimal| crate::money::human_number(d, lang);
        let half_days = naming.name(Field::HalfDays);
        let share = naming.name(self.field);
        let away = number(self.half_days / WEEK_HALF_DAYS * Decimal::ONE_HUNDRED);
        let given = number(self.share * Decimal::ONE_HUNDRED);
        let (h, given_complement) = (
            number(self.half_days),
            number((Decimal::ONE - self.share) * Decimal::ONE_HUNDRED),
        );
        let either_site = self.share * Decimal::TWO != Decimal::ONE;
        match self.field {
            Field::PeripheralShare if either_site => tr!(
                lang,
                "{half_days} and {share} disagree: {h} half-days a week away from the main site are {away} % of a 10 half-day week, neither the {given} % nor the {given_complement} % that {share} leaves to either site; one of them is wrong (a full-time week of 10 half-days is the tool's reading).",
                "{half_days} et {share} ne concordent pas : {h} demi-journées par semaine hors du site principal font {away} % d'une semaine de 10 demi-journées, ni les {given} % ni les {given_complement} % que {share} laisse à l'un des sites ; l'une des deux est fausse (la semaine de 10 demi-journées à temps plein est la lecture de l'outil)."
            ),
            _ => tr!(
                lang,
                "{half_days} and {share} disagree: {h} half-days a week away from the main site are {away} % of a 10 half-day week, not the {given} % of {share}; one of them is wrong (a full-time week of 10 half-days is the tool's reading).",
                "{half_days} et {share} ne concordent pas : {h} demi-journées par semaine hors du site principal font {away} % d'une semaine de 10 demi-journées, et non les {given} % de {share} ; l'une des deux est fausse (la semaine de 10 demi-journées à temps plein est la lecture de l'outil)."
            ),
        }
    }
}
