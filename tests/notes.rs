//! Notes by id: the words of a computation and its ids say the same notes, the ids alone (what a
//! batch row writes) are those of the words, and every id a row may write is in the catalogue.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // a test may stop on what it does not expect

use asp_funding::compute::compute;
use asp_funding::explain::notes::{catalogue, Kind, Note};
use asp_funding::explain::{explain, explain_ids, Explanation};
use asp_funding::lang::Lang;
use asp_funding::post::{Field, Naming, RowInput};
use asp_funding::rates::{load_dir, Rates};
use chrono::NaiveDate;
use std::collections::BTreeSet;
use std::path::Path;

fn shipped() -> Rates {
    load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("rates")).expect("rates/ is valid")
}

/// Posts that between them make every note the tool writes, as `key=value` cells.
const POSTS: &[&str] = &[
    "region=nouvelle-aquitaine",
    "region=nouvelle-aquitaine,months=12,start=2026-11-01",
    "region=nouvelle-aquitaine,start=2026-11-15,months=24",
    "region=nouvelle-aquitaine,start=2026-12-01,months=24,share=60%",
    "region=nouvelle-aquitaine,years=3-4,half_days=5,sites=2",
    "region=nouvelle-aquitaine,years=2,half_days=2,sites=1,distance_km=5",
    "region=nouvelle-aquitaine,grade=generalist,charges=40%",
    "region=nouvelle-aquitaine,start=2026-11-01,left_on=2027-03-31",
    "region=nouvelle-aquitaine,start=2026-11-01,left_on=2027-03-31,leave_reason=chef-clinique",
    "region=nouvelle-aquitaine,start=2026-11-01,left_on=2027-03-31,leave_reason=other",
    "region=nouvelle-aquitaine,start=2025-11-01,months=24",
    "region=nouvelle-aquitaine,start=2026-08-01,months=24",
    "region=nouvelle-aquitaine,peripheral_share=30%,sites=4",
    "region=nouvelle-aquitaine,half_days=6,peripheral_share=20%",
    "region=nouvelle-aquitaine,include=salary+iespe",
    "region=nouvelle-aquitaine,pet_amount=450",
    "region=centre-val-de-loire,post_type=ambulatory",
    "region=centre-val-de-loire,post_type=ambulatory,half_days=5,distance_km=30,start=2027-01-01",
    "region=centre-val-de-loire,post_type=ambulatory,ambulatory_share=30%,specialty=general-medicine",
    "region=centre-val-de-loire,post_type=ambulatory,half_days=4",
    "region=bretagne,post_type=inter-hospital,share=50%",
    "region=bretagne,post_type=inter-hospital,share=50%,half_days=3,distance_km=10,start=2027-02-10,months=7",
    "region=bretagne,post_type=inter-hospital,share=88.92%,years=5-6,half_days=0,distance_km=5",
    "region=bretagne,post_type=inter-hospital,share=50%,pet_amount=700,charges=42%,actual_charges=45%",
    "region=bretagne,post_type=ambulatory,share=100%,half_days=8,distance_km=60,start=2029-05-01",
    "region=guyane,post_type=overseas,share=100%,months=12,start=2031-11-01",
    "region=bretagne,post_type=inter-hospital,share=50%,left_on=2027-06-30,start=2026-11-01",
];

fn computations(rates: &Rates) -> Vec<asp_funding::compute::Computation<'_>> {
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date");
    POSTS
        .iter()
        .filter_map(|post| {
            let mut row = RowInput::default();
            for cell in post.split(',') {
                let (key, value) = cell.split_once('=').expect("key=value");
                let field = Field::from_key(key).unwrap_or_else(|| panic!("no field {key}"));
                field
                    .read(value, &mut row)
                    .unwrap_or_else(|e| panic!("{post}: {e}"));
            }
            compute(rates, &row.post, today).ok()
        })
        .collect()
}

fn ids(e: &Explanation<'_>) -> Vec<String> {
    e.assumption_ids
        .iter()
        .chain(&e.warning_ids)
        .map(|n| n.id().into_owned())
        .collect()
}

#[test]
fn the_ids_alone_are_those_of_the_words_in_both_languages() {
    let rates = shipped();
    let computed = computations(&rates);
    assert!(computed.len() >= POSTS.len() - 2, "{}", computed.len());
    let mut seen = BTreeSet::new();
    for c in &computed {
        for lang in [Lang::En, Lang::Fr] {
            let words = explain(&rates, c, lang, &Naming::Keys);
            assert_eq!(
                words.assumptions.len(),
                words.assumption_ids.len(),
                "{words:#?}"
            );
            assert_eq!(words.warnings.len(), words.warning_ids.len(), "{words:#?}");
            let only = explain_ids(&rates, c, lang, &Naming::Keys);
            assert_eq!(ids(&words), ids(&only));
            assert!(only.assumptions.is_empty() && only.warnings.is_empty());
            let sources =
                |e: &Explanation<'_>| e.sources.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
            assert_eq!(sources(&words), sources(&only));
            let conditions = |e: &Explanation<'_>| {
                e.conditions
                    .iter()
                    .map(|c| (c.condition.id.clone(), c.status))
                    .collect::<Vec<_>>()
            };
            assert_eq!(conditions(&words), conditions(&only));
            seen.extend(ids(&words));
        }
    }
    // The posts above make most of the tool's notes; the others need what one post computed
    // here does not give: data that contradicts a notice (W2), a start before its period (W9),
    // a length or a reference post other than the rule set's, which `compute` refuses (W11,
    // W12), a flag held back from a batch's rows (W14).
    let listed: BTreeSet<String> = catalogue(&rates, Lang::En)
        .into_iter()
        .map(|e| e.id)
        .collect();
    for id in &seen {
        assert!(listed.contains(id), "{id} is not in the catalogue");
    }
    let never: Vec<&str> = Note::all()
        .map(Note::id)
        .filter(|id| !seen.contains(*id))
        .collect();
    assert_eq!(never, ["W2", "W9", "W11", "W12", "W14"]);
}

#[test]
fn the_catalogue_lists_every_rule_sets_assumptions_conditions_and_documents() {
    let rates = shipped();
    for lang in [Lang::En, Lang::Fr] {
        let entries = catalogue(&rates, lang);
        let na = rates
            .rule_sets
            .iter()
            .find(|r| r.id == "nouvelle-aquitaine-2026")
            .expect("shipped");
        for (i, text) in na.assumptions.iter().enumerate() {
            let id = format!("nouvelle-aquitaine-2026.A{}", i + 1);
            let entry = entries.iter().find(|e| e.id == id).expect("listed");
            assert_eq!(
                (entry.kind, entry.text.as_str()),
                (Kind::Assumption, text.get(lang))
            );
        }
        assert!(entries
            .iter()
            .any(|e| e.kind == Kind::Condition && e.id == "peripheral-time"));
        assert_eq!(
            entries.iter().filter(|e| e.kind == Kind::Source).count(),
            rates.sources.len()
        );
        assert_eq!(
            entries.iter().filter(|e| e.kind == Kind::Warning).count(),
            17
        );
    }
}
