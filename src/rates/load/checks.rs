//! The checks across files, once every file is read: each parameter's versions, the sources
//! and regions used, the regions' names, the rule sets against each other and the data in
//! force, the allocation notes' promotions.

use super::loader::{Refs, Used};
use super::params::check_versions;
use super::DataError;
use crate::lang::Text;
use crate::model::fold_name;
use crate::rates::{AmountBasis, PetBasis, Rates, RuleSet, SalaryBasis};
use crate::text;
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

/// Every check across files, in the order their problems are reported; the sources defined go
/// into `rates`. `regions_file` is the file the regions were read from (none: it is missing);
/// `unreadable`, the folders with a file that failed to parse.
pub(super) fn across_files(
    rates: &mut Rates,
    refs: Refs,
    regions_file: Option<&str>,
    unreadable: &BTreeSet<String>,
    errors: &mut Vec<DataError>,
) {
    if regions_file.is_none() {
        errors.push(DataError {
            file: "regions.toml".into(),
            line: None,
            key: None,
            message: text!(lang =>
                "missing: the data needs its list of regions",
                "manquant : les données ont besoin de leur liste de régions"
            ),
        });
    }
    check_versions(&mut rates.grid, unreadable.contains("grid"), errors);
    check_versions(&mut rates.iespe, unreadable.contains("iespe"), errors);
    check_versions(&mut rates.pet, unreadable.contains("pet"), errors);
    check_versions(&mut rates.charges, unreadable.contains("charges"), errors);
    for used in refs.used_sources {
        if !refs.sources.contains_key(&used.id) {
            let id = &used.id;
            let message = text!(lang =>
                "unknown source '{id}': define it under [sources.{id}] (in sources.toml or in this file)",
                "source inconnue « {id} » : définissez-la sous [sources.{id}] (dans sources.toml ou dans ce fichier)"
            );
            errors.push(at(used, message));
        }
    }
    rates.sources = refs.sources;
    check_regions(rates, regions_file.unwrap_or("regions.toml"), errors);
    for used in refs.used_regions {
        if !rates.regions.iter().any(|r| r.id == used.id) {
            let id = &used.id;
            let message = text!(lang =>
                "unknown region id '{id}' (regions are listed in regions.toml)",
                "id de région inconnu « {id} » (les régions sont listées dans regions.toml)"
            );
            errors.push(at(used, message));
        }
    }
    check_rule_sets(rates, !unreadable.is_empty(), errors);
    check_allocations(rates, errors);
}

/// A problem with an id used: where it is used.
fn at(used: Used, message: Text) -> DataError {
    DataError {
        file: used.file,
        line: Some(used.line),
        key: Some(used.key),
        message,
    }
}

/// Each region id once, and each name (id, official name, alias) a name of one region only.
fn check_regions(rates: &Rates, file: &str, errors: &mut Vec<DataError>) {
    let mut names: BTreeMap<String, &str> = BTreeMap::new();
    let mut ids: BTreeSet<&str> = BTreeSet::new();
    for region in &rates.regions {
        if !ids.insert(region.id.as_str()) {
            errors.push(DataError {
                file: file.to_string(),
                line: None,
                key: Some(format!("regions.{}", region.id)),
                message: text!(lang =>
                    "the region id '{}' is given twice",
                    "l'id de région « {} » est donné deux fois",
                    region.id
                ),
            });
        }
        for name in std::iter::once(&region.id)
            .chain(std::iter::once(&region.name))
            .chain(&region.aliases)
        {
            let folded = fold_name(name);
            match names.get(&folded) {
                Some(other) if *other != region.id => errors.push(DataError {
                    file: file.to_string(),
                    line: None,
                    key: Some(format!("regions.{}", region.id)),
                    message: text!(lang =>
                        "the name '{name}' is also a name of '{other}'",
                        "le nom « {name} » est aussi un nom de « {other} »"
                    ),
                }),
                _ => {
                    names.insert(folded, &region.id);
                }
            }
        }
    }
}

/// Each rule set id once, one rule set per region, post type and campaign, and the defaults
/// computable (unless a file failed to parse: the data in force may be missing for that).
fn check_rule_sets(rates: &Rates, some_unreadable: bool, errors: &mut Vec<DataError>) {
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for (i, rule_set) in rates.rule_sets.iter().enumerate() {
        let err = |message: Text| DataError {
            file: rule_set.origin.file.clone(),
            line: Some(rule_set.origin.line),
            key: Some("id".into()),
            message,
        };
        if !seen.insert(&rule_set.id) {
            errors.push(err(text!(lang =>
                "a second rule set with id '{}'",
                "un deuxième jeu de règles d'id « {} »",
                rule_set.id
            )));
        }
        for other in &rates.rule_sets[..i] {
            if other.region == rule_set.region
                && other.campaign == rule_set.campaign
                && other
                    .post_types
                    .iter()
                    .any(|p| rule_set.post_types.contains(p))
            {
                errors.push(err(text!(lang =>
                    "covers the same region, post type and campaign as '{}' ({})",
                    "couvre la même région, le même type de poste et la même campagne que « {} » ({})",
                    other.id, other.origin.file
                )));
            }
        }
        let national = |id: &String| rates.conditions.iter().any(|c| &c.id == id);
        for replaces in rule_set
            .conditions
            .iter()
            .filter_map(|c| c.replaces.as_ref())
        {
            if !national(replaces) && !some_unreadable {
                errors.push(DataError {
                    key: Some("conditions.replaces".into()),
                    ..err(text!(lang =>
                        "replaces '{}', which is not a national condition of conditions.toml",
                        "remplace « {} », qui n'est pas une condition nationale de conditions.toml",
                        replaces
                    ))
                });
            }
        }
        if let Some(start) = rule_set.default_start.filter(|_| !some_unreadable) {
            for message in not_in_force(rates, rule_set, start) {
                errors.push(DataError {
                    file: rule_set.origin.file.clone(),
                    line: None,
                    key: Some("default_start".into()),
                    message,
                });
            }
        }
    }
}

/// The defaults must be computable: why each parameter the rule set uses is not in force at
/// its default start (grid, IESPE, PET, then the reference charge rate, which every rule set
/// needs).
fn not_in_force(rates: &Rates, rule_set: &RuleSet, start: NaiveDate) -> Vec<Text> {
    let needs: Vec<Option<Text>> = vec![
        (rule_set.salary == SalaryBasis::Grid)
            .then(|| {
                rates
                    .grid
                    .at(start)
                    .err()
                    .map(|e| Text::of(|lang| e.render(lang)))
            })
            .flatten(),
        (rule_set.iespe == AmountBasis::National)
            .then(|| {
                rates
                    .iespe
                    .at(start)
                    .err()
                    .map(|e| Text::of(|lang| e.render(lang)))
            })
            .flatten(),
        (rule_set.pet == PetBasis::Pattern)
            .then(|| {
                rates
                    .pet
                    .at(start)
                    .err()
                    .map(|e| Text::of(|lang| e.render(lang)))
            })
            .flatten(),
        rates
            .charges
            .at(start)
            .err()
            .map(|e| Text::of(|lang| e.render(lang))),
    ];
    needs.into_iter().flatten().collect()
}

/// Each promotion in one note only.
fn check_allocations(rates: &Rates, errors: &mut Vec<DataError>) {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for allocation in &rates.allocations {
        if let Some(other) = seen.insert(&allocation.promotion, &allocation.file) {
            errors.push(DataError {
                file: allocation.file.clone(),
                line: None,
                key: Some("promotion".into()),
                message: text!(lang =>
                    "promotion {} is also in {other}",
                    "la promotion {} est aussi dans {other}",
                    allocation.promotion
                ),
            });
        }
    }
}
