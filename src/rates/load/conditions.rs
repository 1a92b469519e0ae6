//! Conditions of eligibility, national (`conditions.toml`) or a rule set's: each with its
//! source, and a check that reads an input a condition can read, the way that input is read.

use super::loader::Loader;
use crate::model::fold_name;
use crate::post::Field;
use crate::rates::{raw, Check, Condition};
use crate::text;
use std::ops::Range;

/// Reads `conditions.toml`: its sources and the national conditions, each naming the post
/// types it concerns.
pub(super) fn read(loader: &mut Loader<'_>, conditions: &mut Vec<Condition>) {
    let Some(parsed) = loader.parse::<raw::ConditionsFile>() else {
        return;
    };
    loader.add_sources(parsed.sources);
    for raw in parsed.conditions {
        if raw.post_types.is_empty() {
            loader.error(
                Some(raw.id.span()),
                "post_types",
                text!(
                    "a national condition names the post types it concerns",
                    "une condition nationale nomme les types de poste qu'elle concerne",
                ),
            );
        }
        if let Some(replaces) = &raw.replaces {
            loader.error(
                Some(replaces.span()),
                "replaces",
                text!(
                    "only a rule set's condition can take the place of a national one",
                    "seule une condition d'un jeu de règles peut prendre la place d'une condition nationale",
                ),
            );
        }
        if let Some(condition) = condition(loader, raw) {
            conditions.push(condition);
        }
    }
}

/// A rule set's conditions, every one read (so that all their problems are reported):
/// `None` when one has a problem.
pub(super) fn all(loader: &mut Loader<'_>, raws: Vec<raw::ConditionRaw>) -> Option<Vec<Condition>> {
    let read: Vec<Option<Condition>> = raws.into_iter().map(|raw| condition(loader, raw)).collect();
    read.into_iter().collect()
}

/// A condition of eligibility, checked: a known input, checked the way that input can be.
fn condition(loader: &mut Loader<'_>, raw: raw::ConditionRaw) -> Option<Condition> {
    loader.use_source(raw.source.get_ref(), raw.source.span(), "conditions.source");
    let span = raw.id.span();
    let check = match raw.check {
        None => None,
        Some(check) => Some(condition_check(loader, span.clone(), check)?),
    };
    let promotions = match raw.promotions {
        None => None,
        Some(p) => Some(promotions(loader, p)?),
    };
    if raw.unless.is_some() && check.is_none() {
        loader.error(
            Some(span),
            "conditions.unless",
            text!(
                "`unless` goes with a `check`: a condition no input checks is never not met",
                "`unless` va avec un `check` : une condition qu'aucune donnée ne vérifie n'est jamais non remplie",
            ),
        );
        return None;
    }
    Some(Condition {
        id: raw.id.into_inner(),
        post_types: raw.post_types,
        text: raw.condition,
        source: raw.source.into_inner(),
        check,
        only_with_derogation: raw.only_with_derogation,
        unless: raw.unless,
        replaces: raw.replaces.map(toml::Spanned::into_inner),
        promotions,
    })
}

/// The promotions a condition is set for: a first year, and a last one not before it.
fn promotions(
    loader: &mut Loader<'_>,
    raw: toml::Spanned<raw::PromotionsRaw>,
) -> Option<(i32, Option<i32>)> {
    let span = raw.span();
    let raw = raw.into_inner();
    let plausible = |y: i32| (1990..=2199).contains(&y);
    let ok = plausible(raw.first)
        && raw
            .last
            .is_none_or(|last| plausible(last) && raw.first <= last);
    if !ok {
        loader.error(
            Some(span),
            "conditions.promotions",
            text!(
                "promotions are given by their first year, 1990 to 2199, `first` no later than `last`",
                "les promotions se donnent par leur première année, de 1990 à 2199, `first` au plus tard `last`",
            ),
        );
        return None;
    }
    Some((raw.first, raw.last))
}

/// How a condition is checked: an input a condition can read, with the test that fits it.
fn condition_check(
    loader: &mut Loader<'_>,
    span: Range<usize>,
    check: raw::CheckRaw,
) -> Option<Check> {
    let input = Field::from_key(&check.input).filter(|f| {
        matches!(
            f,
            Field::AmbulatoryShare
                | Field::PeripheralShare
                | Field::Specialty
                | Field::Months
                | Field::Sites
                | Field::Region
        )
    });
    let Some(input) = input else {
        loader.error(
            Some(span),
            "conditions.check.input",
            text!(lang =>
                "'{}' is not an input a condition can check: ambulatory_share, peripheral_share, specialty, months, sites or region",
                "« {} » n'est pas une donnée qu'une condition peut vérifier : ambulatory_share, peripheral_share, specialty, months, sites ou region",
                check.input
            ),
        );
        return None;
    };
    let tests = (
        check.at_least,
        check.equals,
        check.not,
        check.one_of,
        check.overseas,
    );
    match (input, tests) {
        (
            Field::AmbulatoryShare | Field::PeripheralShare,
            (Some(least), None, None, None, None),
        ) => Some(Check::AtLeast(input, least.0)),
        (
            Field::AmbulatoryShare | Field::PeripheralShare,
            (None, Some(share), None, None, None),
        ) => Some(Check::Equals(input, share.0)),
        (Field::Specialty, (None, None, Some(names), None, None)) => Some(Check::NotAmong(
            input,
            names.iter().map(|n| fold_name(n)).collect(),
        )),
        (Field::Months | Field::Sites, (None, None, None, Some(values), None)) => {
            Some(Check::OneOf(input, values))
        }
        (Field::Region, (None, None, None, None, Some(overseas))) => {
            Some(Check::Overseas(input, overseas))
        }
        _ => {
            let how = match input {
                Field::AmbulatoryShare | Field::PeripheralShare => text!(
                    "`at_least` or `equals` (a share) alone",
                    "`at_least` ou `equals` (une part) seul"
                ),
                Field::Region => text!(
                    "`overseas` (true or false) alone",
                    "`overseas` (true ou false) seul"
                ),
                Field::Specialty => text!(
                    "`not` (a list of specialties) alone",
                    "`not` (une liste de spécialités) seul"
                ),
                _ => text!(
                    "`one_of` (a list of counts) alone",
                    "`one_of` (une liste de nombres) seul"
                ),
            };
            loader.error(
                Some(span),
                "conditions.check",
                text!(lang =>
                    "`{}` is checked with {}",
                    "`{}` se vérifie avec {}",
                    input.key(),
                    how.get(lang)
                ),
            );
            None
        }
    }
}
