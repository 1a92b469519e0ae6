//! The shipped reference data: it loads, every value resolves for every month it
//! covers, every rule set computes with its defaults, and the allocation notes add up.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // a test may stop on what it does not expect

use asp_funding::compute::{compute, PostInput};
use asp_funding::model::{Grade, PostType, YearBand};
use asp_funding::rates::{
    embedded, freeze, load_as_embedded, load_dir, thaw, Rates, Split, Versioned,
};
use chrono::{Months, NaiveDate};
use std::path::Path;

fn shipped() -> Rates {
    load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("rates")).expect("rates/ is valid")
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a date")
}

/// Every first and last day of every month from the first version on, for ten years
/// past the last version (or to its end), resolves to the version that covers it.
fn resolves_every_month<T>(versioned: &Versioned<T>) -> usize {
    let first = versioned
        .versions
        .first()
        .expect("at least one version")
        .from;
    let last = versioned.versions.len() - 1;
    let end = versioned
        .last_day(last)
        .unwrap_or_else(|| versioned.versions[last].from + Months::new(120));
    let mut month = first;
    let mut count = 0;
    while month <= end {
        let month_end = (month + Months::new(1)).pred_opt().expect("a day").min(end);
        for day in [month, month_end] {
            let version = versioned.at(day).unwrap_or_else(|e| panic!("{e}"));
            assert!(version.from <= day, "{} on {day}", versioned.param.folder());
            assert!(!version.sources.is_empty());
            count += 1;
        }
        month = month + Months::new(1);
    }
    assert!(
        versioned.at(first.pred_opt().expect("a day")).is_err(),
        "{} before its first version",
        versioned.param.folder()
    );
    count
}

#[test]
fn the_shipped_folder_and_the_embedded_data_are_the_same() {
    let folder = shipped();
    let inside = embedded().expect("the embedded data is valid");
    assert_eq!(folder.files, inside.files);
    assert_eq!(folder.rule_sets.len(), inside.rule_sets.len());
    let content = |r: &Rates| {
        r.sources
            .values()
            .map(|s| {
                (
                    s.id.clone(),
                    s.title.clone(),
                    s.reference.clone(),
                    s.url.clone(),
                    s.date,
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(content(&folder), content(&inside));
}

/// The files of a data folder as `load_as_embedded` takes them: relative path and text.
fn texts(dir: &Path) -> Vec<(String, String)> {
    let rates = load_dir(dir).expect("a valid folder");
    rates
        .files
        .iter()
        .map(|rel| (rel.clone(), std::fs::read_to_string(dir.join(rel)).unwrap()))
        .collect()
}

/// The embedded data is thawed from bytes `build.rs` froze: every value of it is what the
/// strict loader reads from the same TOML (full structural equality), so the two paths
/// cannot diverge.
#[test]
fn the_thawed_embedded_data_is_what_the_loader_reads() {
    let rates = Path::new(env!("CARGO_MANIFEST_DIR")).join("rates");
    let loaded = load_as_embedded(texts(&rates)).expect("rates/ is valid");
    let thawed = embedded().expect("the embedded data thaws");
    assert!(loaded == thawed, "the thawed data differs from rates/");
    assert_eq!(freeze(&loaded), freeze(&thawed));
}

/// Freezing and thawing keeps every value, on data with more versions than the shipped data
/// (a grid revaluation); bytes cut short or with more after them are refused, never a panic.
#[test]
fn freezing_and_thawing_keeps_every_value() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/revaluation");
    for rates in [load_dir(&fixture).unwrap(), shipped()] {
        let (text, data) = freeze(&rates);
        assert!(thaw(&text, &data) == Some(rates.clone()));
        for cut in [0, 1, data.len() / 2, data.len() - 1] {
            assert!(thaw(&text, &data[..cut]).is_none(), "data cut at {cut}");
        }
        for cut in [0, 1, text.len() / 2, text.len() - 1] {
            if let Some(cut_text) = text.get(..cut) {
                assert!(thaw(cut_text, &data).is_none(), "text cut at {cut}");
            }
        }
        assert!(thaw(&format!("{text}x"), &data).is_none());
        assert!(thaw(&text, &[data.as_slice(), &[0]].concat()).is_none());
    }
}

#[test]
fn every_value_resolves_for_every_month_it_covers() {
    let rates = shipped();
    assert!(resolves_every_month(&rates.grid) > 0);
    assert!(resolves_every_month(&rates.iespe) > 0);
    assert!(resolves_every_month(&rates.pet) > 0);
    assert!(resolves_every_month(&rates.charges) > 0);
    for version in &rates.grid.versions {
        for grade in Grade::all() {
            for years in YearBand::all() {
                let annual = version
                    .value
                    .annual(grade, years)
                    .expect("every grade and band");
                assert!(annual > rust_decimal::Decimal::ZERO);
            }
        }
    }
}

#[test]
fn the_2023_grid_is_the_arrete_of_29_june_2023() {
    let rates = shipped();
    let grid = &rates.grid.at(date(2023, 7, 1)).expect("in force").value;
    let amount = |g, y| grid.annual(g, y).expect("present").to_string();
    assert_eq!(amount(Grade::Specialist, YearBand::Years1To2), "33643.13");
    assert_eq!(amount(Grade::Specialist, YearBand::Years3To4), "36625.21");
    assert_eq!(amount(Grade::Specialist, YearBand::Years5To6), "41387.28");
    assert_eq!(amount(Grade::Generalist, YearBand::Years1To2), "29212.13");
    assert_eq!(amount(Grade::Generalist, YearBand::Years3To4), "33643.13");
    assert_eq!(amount(Grade::Generalist, YearBand::Years5To6), "36625.21");
    assert_eq!(
        amount(Grade::AssociateSpecialist, YearBand::Years1To2),
        "31984.97"
    );
    assert_eq!(
        amount(Grade::AssociateSpecialist, YearBand::Years3To4),
        "34818.30"
    );
    assert_eq!(
        amount(Grade::AssociateSpecialist, YearBand::Years5To6),
        "39329.78"
    );
    assert_eq!(
        amount(Grade::AssociateGeneralist, YearBand::Years1To2),
        "27494.53"
    );
    assert_eq!(
        amount(Grade::AssociateGeneralist, YearBand::Years3To4),
        "31984.97"
    );
    assert_eq!(
        amount(Grade::AssociateGeneralist, YearBand::Years5To6),
        "34818.30"
    );
    assert_eq!(
        rates
            .iespe
            .at(date(2023, 7, 1))
            .expect("in force")
            .value
            .to_string(),
        "1010"
    );
}

#[test]
fn every_rule_set_computes_with_its_defaults_for_each_duration() {
    let rates = shipped();
    let today = date(2026, 11, 22);
    for rule_set in &rates.rule_sets {
        for post_type in &rule_set.post_types {
            for months in &rule_set.durations {
                let input = PostInput {
                    region: rule_set.region.clone(),
                    post_type: Some(*post_type),
                    campaign: rule_set.campaign,
                    months: Some(*months),
                    ..PostInput::default()
                };
                let result = compute(&rates, &input, today)
                    .unwrap_or_else(|e| panic!("{}: {e}", rule_set.id));
                assert_eq!(result.plan.rule_set_id(), rule_set.id);
                assert!(asp_funding::explain::explain(
                    &rates,
                    &result,
                    asp_funding::lang::Lang::En,
                    &asp_funding::post::Naming::Keys
                )
                .sources
                .iter()
                .any(|s| s.id == rule_set.source));
                assert_eq!(
                    result.ars_total,
                    result.monthly.ars * rust_decimal::Decimal::from(*months)
                );
            }
        }
    }
}

#[test]
fn the_allocation_notes_add_up_and_leave_unknowns_unknown() {
    let rates = shipped();
    let note = rates.allocation("2018-2020").expect("2018-2020");
    let total = |p: PostType| note.by_type[&p].posts.values().sum::<u32>();
    assert_eq!(total(PostType::InterHospital), 250);
    assert_eq!(total(PostType::Ambulatory), 100);
    assert_eq!(total(PostType::Overseas), 50);
    assert_eq!(
        note.by_type[&PostType::InterHospital].posts["hauts-de-france"],
        44
    );
    assert_eq!(note.by_type[&PostType::Overseas].posts["ocean-indien"], 21);
    assert_eq!(
        note.by_type[&PostType::Overseas].within["mayotte"],
        ("ocean-indien".to_string(), 15)
    );

    let note = rates.allocation("2024-2026").expect("2024-2026");
    assert_eq!(note.by_type[&PostType::InterHospital].split, Split::Partial);
    assert_eq!(note.by_type[&PostType::InterHospital].posts.len(), 2);
    assert_eq!(note.by_type[&PostType::Ambulatory].split, Split::Unknown);
    assert_eq!(note.by_type[&PostType::Ambulatory].total, 80);
    assert_eq!(
        note.by_type[&PostType::Overseas]
            .posts
            .values()
            .sum::<u32>(),
        50
    );

    let note = rates.allocation("2025-2027").expect("2025-2027");
    for (post_type, total) in [
        (PostType::InterHospital, 250),
        (PostType::Ambulatory, 80),
        (PostType::Overseas, 30),
    ] {
        assert_eq!(note.by_type[&post_type].total, total);
        assert_eq!(note.by_type[&post_type].split, Split::Unknown);
        assert!(note.by_type[&post_type].posts.is_empty());
    }
}
