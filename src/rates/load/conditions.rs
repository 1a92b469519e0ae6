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
        Some(check) => Some(condition_check(loader, span, check)?),
    };
    Some(Condition {
        id: raw.id.into_inner(),
        post_types: raw.post_types,
        text: raw.condition,
        source: raw.source.into_inner(),
        check,
        only_with_derogation: raw.only_with_derogation,
    })
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
        )
    });
    let Some(input) = input else {
        loader.error(
            Some(span),
            "conditions.check.input",
            text!(lang =>
                "'{}' is not an input a condition can check: ambulatory_share, peripheral_share, specialty, months or sites",
                "« {} » n'est pas une donnée qu'une condition peut vérifier : ambulatory_share, peripheral_share, specialty, months ou sites",
                check.input
            ),
        );
        return None;
    };
    match (input, check.at_least, check.not, check.one_of) {
        (Field::AmbulatoryShare | Field::PeripheralShare, Some(least), None, None) => {
            Some(Check::AtLeast(input, least.0))
        }
        (Field::Specialty, None, Some(names), None) => Some(Check::NotAmong(
            input,
            names.iter().map(|n| fold_name(n)).collect(),
        )),
        (Field::Months | Field::Sites, None, None, Some(values)) => {
            Some(Check::OneOf(input, values))
        }
        _ => {
            let how = match input {
                Field::AmbulatoryShare | Field::PeripheralShare => {
                    text!("`at_least` (a share) alone", "`at_least` (une part) seul")
                }
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
