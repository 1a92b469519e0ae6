//! The national parameters (`grid/`, `iespe/`, `pet/`, `charges/`): a file's dated versions,
//! the grid and the PET scale each version holds, and the check that a parameter's versions
//! follow one another without overlap or gap.

use super::loader::Loader;
use super::DataError;
use crate::lang::Text;
use crate::model::{Grade, YearBand};
use crate::rates::raw::{self, Header, ParamFile, VersionRaw};
use crate::rates::{Grid, Lower, Origin, PetScale, PetTier, Version, Versioned};
use crate::text;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use strum::IntoEnumIterator;

/// Reads one parameter file's versions into `out`, converting each value.
pub(super) fn read<V, T>(
    loader: &mut Loader<'_>,
    out: &mut Versioned<T>,
    convert: impl Fn(V::Value) -> Result<T, Text>,
) where
    V: VersionRaw + DeserializeOwned,
{
    let Some(file) = loader.parse::<ParamFile<V>>() else {
        return;
    };
    loader.add_sources(file.sources);
    if out.unit.is_none() {
        out.unit = file.unit;
    }
    if file.versions.is_empty() {
        loader.error(
            None,
            "versions",
            text!(
                "the file has no [[versions]]",
                "le fichier n'a pas de [[versions]]",
            ),
        );
    }
    for (i, version) in file.versions.into_iter().enumerate() {
        let (
            Header {
                from,
                until,
                source,
                note,
            },
            value,
        ) = version.split();
        let key = format!("versions[{i}]");
        let from_span = from.span();
        let line = loader.line(from_span.clone());
        let source_span = source.span();
        let sources = source.into_inner().into_vec();
        if sources.is_empty() {
            loader.error(
                Some(source_span.clone()),
                &format!("{key}.source"),
                text!(
                    "a value needs at least one source",
                    "une valeur demande au moins une source",
                ),
            );
        }
        for id in &sources {
            loader.use_source(id, source_span.clone(), &format!("{key}.source"));
        }
        let until_date = until.as_ref().map(|u| u.get_ref().0);
        if let Some(u) = &until {
            if u.get_ref().0 < from.get_ref().0 {
                loader.error(
                    Some(u.span()),
                    &format!("{key}.until"),
                    text!(lang =>
                        "ends ({}) before it starts ({})",
                        "finit ({}) avant de commencer ({})",
                        crate::lang::date(u.get_ref().0, lang),
                        crate::lang::date(from.get_ref().0, lang)
                    ),
                );
            }
        }
        match convert(value) {
            Ok(value) => out.versions.push(Version {
                from: from.get_ref().0,
                until: until_date,
                sources,
                note,
                value,
                origin: Origin {
                    file: loader.file.shown.clone(),
                    rel: loader.file.rel.clone(),
                    line,
                },
            }),
            Err(message) => loader.error(Some(from_span), &key, message),
        }
    }
}

/// Sorts a parameter's versions and reports duplicates, overlaps and gaps
/// (and an empty parameter, unless one of its files already failed to parse).
pub(super) fn check_versions<T>(
    versioned: &mut Versioned<T>,
    unreadable: bool,
    errors: &mut Vec<DataError>,
) {
    versioned.versions.sort_by_key(|v| v.from);
    if versioned.versions.is_empty() && !unreadable {
        errors.push(DataError {
            file: format!("{}/", versioned.param.folder()),
            line: None,
            key: None,
            message: text!(lang =>
                "no version of the {} in the data",
                "aucune version {} dans les données",
                versioned.param.of(lang)
            ),
        });
    }
    for pair in versioned.versions.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let at = |v: &Version<T>| format!("{}:{}", v.origin.file, v.origin.line);
        if a.from == b.from {
            errors.push(DataError {
                file: b.origin.file.clone(),
                line: Some(b.origin.line),
                key: Some("from".into()),
                message: text!(lang =>
                    "a second version of the {} from {} (the first is at {})",
                    "une deuxième version {} à partir du {} (la première est à {})",
                    versioned.param.of(lang),
                    crate::lang::date(b.from, lang),
                    at(a)
                ),
            });
        } else if let Some(until) = a.until {
            if until >= b.from {
                errors.push(DataError {
                    file: b.origin.file.clone(),
                    line: Some(b.origin.line),
                    key: Some("from".into()),
                    message: text!(lang =>
                        "overlaps the version at {} ({} to {})",
                        "chevauche la version de {} (du {} au {})",
                        at(a),
                        crate::lang::date(a.from, lang),
                        crate::lang::date(until, lang)
                    ),
                });
            } else if until.succ_opt() != Some(b.from) {
                errors.push(DataError {
                    file: a.origin.file.clone(),
                    line: Some(a.origin.line),
                    key: Some("until".into()),
                    message: text!(lang =>
                        "no version of the {} is in force from {} to the day before {} (version at {})",
                        "aucune version {} n'est en vigueur du {} à la veille du {} (version de {})",
                        versioned.param.of(lang),
                        crate::lang::date(until.succ_opt().unwrap_or(until), lang),
                        crate::lang::date(b.from, lang),
                        at(b)
                    ),
                });
            }
        }
    }
}

/// A grid version's value: an amount for every grade and year band.
pub(super) fn grid(annual: BTreeMap<Grade, BTreeMap<YearBand, raw::Amount>>) -> Result<Grid, Text> {
    let mut out = BTreeMap::new();
    for grade in Grade::iter() {
        let bands = annual.get(&grade).ok_or_else(|| {
            text!(lang =>
                "annual.{grade} is missing",
                "annual.{grade} manque"
            )
        })?;
        for years in YearBand::iter() {
            let amount = bands.get(&years).ok_or_else(|| {
                text!(lang =>
                    "annual.{grade}.\"{years}\" is missing",
                    "annual.{grade}.\"{years}\" manque"
                )
            })?;
            out.insert((grade, years), amount.0);
        }
    }
    Ok(Grid { annual: out })
}

/// A PET version's value: its tiers, each with one lower bound and not empty, forming a ladder.
pub(super) fn pet_scale(raw: raw::PetScaleRaw) -> Result<PetScale, Text> {
    let mut tiers = Vec::new();
    for (i, tier) in raw.tiers.into_iter().enumerate() {
        let lower = match (tier.from, tier.above) {
            (Some(from), None) => Lower::From(from.0),
            (None, Some(above)) => Lower::Above(above.0),
            _ => {
                return Err(text!(lang =>
                    "scale.tiers[{i}] needs exactly one of `from` (included) or `above` (excluded)",
                    "scale.tiers[{i}] demande exactement l'un de `from` (inclus) ou `above` (exclu)"
                ))
            }
        };
        if let Some(top) = tier.up_to.map(|a| a.0) {
            let empty = match lower {
                Lower::From(x) => x > top,
                Lower::Above(x) => x >= top,
            };
            if empty {
                return Err(text!(lang =>
                    "scale.tiers[{i}] starts above its `up_to` ({top}): no pattern falls in it",
                    "scale.tiers[{i}] commence au-dessus de son `up_to` ({top}) : aucune organisation du travail n'y tombe"
                ));
            }
        }
        tiers.push(PetTier {
            label: tier.label,
            lower,
            up_to: tier.up_to.map(|a| a.0),
            min_sites: tier.min_sites.unwrap_or(1),
            amount: tier.amount.0,
        });
    }
    if tiers.is_empty() {
        return Err(text!("scale.tiers is empty", "scale.tiers est vide"));
    }
    check_ladder(&tiers)?;
    Ok(PetScale {
        min_distance_km: raw.min_distance_km.0,
        derogation: raw.derogation,
        tiers,
    })
}

/// Checks that the one-site tiers form a ladder, in order, without gap or overlap: each
/// tier starts just above where the one before ends (`up_to = "3"`, then `above = "3"`),
/// and only the last is open. Tiers that need more sites are exceptions within it.
fn check_ladder(tiers: &[PetTier]) -> Result<(), Text> {
    let ladder: Vec<(usize, &PetTier)> = tiers
        .iter()
        .enumerate()
        .filter(|(_, t)| t.min_sites <= 1)
        .collect();
    for pair in ladder.windows(2) {
        let ((i, a), (j, b)) = (pair[0], pair[1]);
        match (a.up_to, b.lower) {
            (None, _) => {
                return Err(text!(lang =>
                    "scale.tiers[{i}] has no `up_to` but is not the last one-site tier",
                    "scale.tiers[{i}] n'a pas de `up_to` mais n'est pas le dernier palier à un site"
                ))
            }
            (Some(top), Lower::Above(x)) if x == top => {}
            (Some(top), Lower::Above(x)) if x < top => {
                return Err(text!(lang =>
                    "scale.tiers[{j}] (above {x}) overlaps scale.tiers[{i}] (up to {top})",
                    "scale.tiers[{j}] (au-dessus de {x}) chevauche scale.tiers[{i}] (jusqu'à {top})"
                ))
            }
            (Some(top), Lower::From(x)) if x <= top => {
                return Err(text!(lang =>
                    "scale.tiers[{j}] (from {x}) overlaps scale.tiers[{i}] (up to {top})",
                    "scale.tiers[{j}] (à partir de {x}) chevauche scale.tiers[{i}] (jusqu'à {top})"
                ))
            }
            (Some(top), _) => {
                return Err(text!(lang =>
                    "scale.tiers[{j}] does not start right above {top}, where scale.tiers[{i}] ends: write `above = \"{top}\"`",
                    "scale.tiers[{j}] ne commence pas juste au-dessus de {top}, où finit scale.tiers[{i}] : écrivez `above = \"{top}\"`"
                ))
            }
        }
    }
    match ladder.last() {
        Some((i, last)) if last.up_to.is_some() => Err(text!(lang =>
            "scale.tiers[{i}], the top one-site tier, should have no `up_to`",
            "scale.tiers[{i}], le plus haut palier à un site, ne doit pas avoir de `up_to`"
        )),
        _ => Ok(()),
    }
}
