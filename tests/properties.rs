//! Properties of contracts on any dates: the schedule sums to the totals, covers the
//! contract without gap or overlap, and what is due plus what is refunded is what was notified.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // a test may stop on what it does not expect

use asp_funding::compute::{
    compute, compute_remembering, compute_with, Computation, Detail, PostInput, PriceMemo,
};
use asp_funding::model::{Component, Grade, YearBand, Years};
use asp_funding::rates::{embedded, Rates};
use asp_funding::schedule::{contract_end, month_end, segments, Segment};
use chrono::{Datelike, Days, NaiveDate};
use proptest::prelude::*;
use rust_decimal::{Decimal, RoundingStrategy};
use std::sync::OnceLock;

fn rates() -> &'static Rates {
    static RATES: OnceLock<Rates> = OnceLock::new();
    RATES.get_or_init(|| embedded().expect("the embedded data loads"))
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date")
}

/// Any day over about seven years from 2026-01-01, when the reference charge rate (and so
/// every value a custom post needs) is first in force.
fn a_start() -> impl Strategy<Value = NaiveDate> {
    (0u64..2600).prop_map(|n| NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date") + Days::new(n))
}

/// A post priced from the national defaults, at any start and length.
fn custom(start: NaiveDate, months: u32, left_on: Option<NaiveDate>) -> Computation<'static> {
    let input = PostInput {
        region: "bretagne".into(),
        post_type: Some(asp_funding::model::PostType::InterHospital),
        share: Some(Decimal::new(5, 1)),
        pet_amount: Some(Decimal::from(700)),
        start: Some(start),
        months: Some(months),
        left_on,
        ..PostInput::default()
    };
    compute(rates(), &input, today()).expect("computes")
}

proptest! {

    #[test]
    fn totals_without_the_months_are_the_sums_of_the_months(
        start in a_start(),
        length in 0u64..800,
        share in 1i64..=100,
        pet in 0i64..200_000,
        by_end in any::<bool>(),
    ) {
        // The shortcut `batch` takes when no month is shown gives the same totals as the schedule,
        // for contracts of whole months and for contracts given by an end date (extra days).
        let input = PostInput {
            region: "bretagne".into(),
            post_type: Some(asp_funding::model::PostType::InterHospital),
            share: Some(Decimal::new(share, 2)),
            pet_amount: Some(Decimal::new(pet, 2)),
            start: Some(start),
            months: (!by_end).then_some(1 + (length % 36) as u32),
            end: by_end.then(|| start + Days::new(length)),
            ..PostInput::default()
        };
        let full = compute(rates(), &input, today()).expect("computes");
        let totals = compute_with(rates(), &input, today(), Detail::Totals).expect("computes");
        prop_assert_eq!(totals.ars_total, full.ars_total);
        prop_assert_eq!(totals.full_cost_total, full.full_cost_total);
        prop_assert_eq!(totals.establishment_total, full.establishment_total);
        prop_assert_eq!(full.schedule.iter().map(|r| r.ars).sum::<Decimal>(), full.ars_total);
        prop_assert!(full.full_cost_total.is_some(), "the cost is known from 2026");
        prop_assert_eq!(full.schedule.iter().map(|r| r.full_cost).sum::<Option<Decimal>>(), full.full_cost_total);
        // Budget years add up to the contract too.
        let years = full.by_year();
        prop_assert_eq!(years.iter().map(|y| y.ars).sum::<Decimal>(), full.ars_total);
        prop_assert_eq!(years.iter().map(|y| y.full_cost).sum::<Option<Decimal>>(), full.full_cost_total);
    }

    #[test]
    fn the_schedule_covers_the_contract_day_by_day(start in a_start(), months in 1u32..=36) {
        let c = custom(start, months, None);
        let rows = &c.schedule;
        prop_assert_eq!(rows[0].segment.from, start);
        prop_assert_eq!(rows[rows.len() - 1].segment.to, c.plan.end);
        for pair in rows.windows(2) {
            prop_assert_eq!(pair[0].segment.to.succ_opt(), Some(pair[1].segment.from));
        }
        for row in rows {
            prop_assert!(row.days <= 30);
            prop_assert!(row.ars >= Decimal::ZERO && row.ars <= c.monthly.ars);
            prop_assert_eq!(row.establishment, row.full_cost.map(|cost| cost - row.ars));
            prop_assert!(row.full_cost.is_some());
        }
        prop_assert_eq!(rows.iter().map(|r| r.ars).sum::<Decimal>(), c.ars_total);
    }

    #[test]
    fn a_contract_of_whole_months_is_the_monthly_credit_times_the_months(start in a_start(), months in 1u32..=36) {
        // From any day, February and the 31st included: the notice funds its monthly credit for every month.
        let c = custom(start, months, None);
        prop_assert_eq!(c.ars_total, c.monthly.ars * Decimal::from(months));
        prop_assert_eq!(c.schedule.iter().map(|r| r.days).sum::<u32>(), 30 * months);
        prop_assert_eq!(c.plan.months, months);
        prop_assert_eq!(c.plan.extra_days, 0);
        // Whole calendar months before the last (which may absorb the calendar's difference) are exactly the monthly credit.
        let before_last = &c.schedule[..c.schedule.len() - 1];
        for row in before_last.iter().filter(|r| r.segment.is_whole_month()) {
            prop_assert_eq!(row.ars, c.monthly.ars);
        }
    }

    #[test]
    fn what_is_due_is_the_credit_for_the_thirtieths_served(start in a_start(), months in 2u32..=36, served in 0u64..1100) {
        // Leaving before the last calendar month: due = credit × thirtieths served / 30, rounded once,
        // counted here from the calendar alone.
        let end = contract_end(start, months).expect("an end");
        let last_month = end.with_day(1).expect("a first day");
        // Any day from the start to the day before the last calendar month (at least a month, as months ≥ 2).
        let span = (last_month - start).num_days().unsigned_abs();
        let left_on = start + Days::new(served % span);
        let c = custom(start, months, Some(left_on));
        let thirtieths: u32 = segments(start, left_on).map(|s| s.thirtieths()).sum();
        let expected = (c.monthly.ars * Decimal::from(thirtieths) / Decimal::from(30))
            .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        let due = c.ars_due.expect("due");
        prop_assert_eq!(due, expected);
        prop_assert_eq!(c.not_served.expect("not served"), c.ars_total - due);
        // Serving one more day never lowers what is due.
        let later = custom(start, months, Some(left_on + Days::new(1)));
        prop_assert!(later.ars_due.expect("due") >= due);
    }

    #[test]
    fn leaving_early_for_the_clause_splits_the_credit_exactly(
        start in a_start(),
        two_years in any::<bool>(),
        share in 1i64..=100,
        served in 0u64..800,
    ) {
        // Nouvelle-Aquitaine's clause covers a departure to be chef de clinique: what is due plus
        // what the agency may recover is the contract's credit, and no whole month is credited
        // more than the monthly credit, whatever the start, length, share and leaving day.
        let months = if two_years { 24 } else { 12 };
        let end = contract_end(start, months).expect("an end");
        let span = (end - start).num_days().unsigned_abs() + 1;
        let left_on = start + Days::new(served % span);
        let input = PostInput {
            region: "nouvelle-aquitaine".into(),
            share: Some(Decimal::new(share, 2)),
            start: Some(start),
            months: Some(months),
            left_on: Some(left_on),
            leave_reason: Some(asp_funding::model::LeaveReason::ChefDeClinique),
            ..PostInput::default()
        };
        let c = compute(rates(), &input, today()).expect("computes");
        let (case, recoverable) = c.recovery.expect("a recovery");
        prop_assert_eq!(case, asp_funding::compute::RecoveryCase::Covered);
        prop_assert_eq!(c.ars_due.expect("due") + recoverable.expect("covered: an amount"), c.ars_total);
        for row in &c.schedule {
            prop_assert!(row.ars <= c.monthly.ars, "{} > {}", row.ars, c.monthly.ars);
            if let Some((_, due, not_served, _)) = row.served {
                prop_assert_eq!(due + not_served, row.ars);
                prop_assert!(due <= row.ars);
            }
        }
    }

    #[test]
    fn two_parts_of_a_month_add_up_to_the_month(day in a_start(), split in 0u32..31) {
        let first = day.with_day0(0).expect("the first");
        let whole = Segment { from: first, to: month_end(first) };
        // A cut on any day but the last of the month.
        let cut = first + Days::new(u64::from(split % (whole.to.day() - 1)));
        let a = Segment { from: first, to: cut };
        let b = Segment { from: cut + Days::new(1), to: whole.to };
        prop_assert_eq!(a.thirtieths() + b.thirtieths(), 30);
        prop_assert_eq!(whole.thirtieths(), 30);
    }
}

/// The shipped data with a grid revaluation on 2027-07-01 (`tests/fixtures/revaluation`).
fn revaluation() -> &'static Rates {
    static RATES: OnceLock<Rates> = OnceLock::new();
    RATES.get_or_init(|| {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/revaluation");
        asp_funding::rates::load_dir(&dir).expect("the fixture loads")
    })
}

/// Any post of any shipped rule set's region and post type (or of a region without one), at any
/// start over the data's versions, with any of the inputs a batch row may vary.
fn a_post() -> impl Strategy<Value = PostInput> {
    let places: Vec<(String, Option<asp_funding::model::PostType>)> = rates()
        .rule_sets
        .iter()
        .flat_map(|r| r.post_types.iter().map(|t| (r.region.clone(), Some(*t))))
        .chain([
            (
                "bretagne".to_string(),
                Some(asp_funding::model::PostType::InterHospital),
            ),
            (
                "bretagne".to_string(),
                Some(asp_funding::model::PostType::Ambulatory),
            ),
        ])
        .collect();
    let years = prop_oneof![
        (1u8..=6).prop_map(Years::Year),
        prop_oneof![
            Just(YearBand::Years1To2),
            Just(YearBand::Years3To4),
            Just(YearBand::Years5To6)
        ]
        .prop_map(Years::Band),
    ];
    (
        (proptest::sample::select(places), 0u64..3000, 1u32..=24),
        // Few values of each input that pricing reads, so that posts share some and not others.
        (
            proptest::option::of(years),
            proptest::option::of(proptest::sample::select(vec![0i64, 10, 25, 30, 35, 40, 80])),
            proptest::option::of(proptest::sample::select(vec![0i64, 5, 19, 20, 21, 60])),
        ),
        (
            proptest::option::of(3000i64..=10000),
            proptest::option::of(proptest::sample::select(vec![
                0i64, 25_000, 70_000, 100_000,
            ])),
            proptest::option::of(proptest::sample::select(vec![30i64, 44, 50])),
            proptest::option::of(any::<bool>()),
            proptest::option::of(any::<bool>()),
        ),
    )
        .prop_map(
            |(
                (place, day, months),
                (years, half_days, km),
                (share, pet, charges, grade, include),
            )| {
                PostInput {
                    region: place.0,
                    post_type: place.1,
                    start: Some(
                        NaiveDate::from_ymd_opt(2023, 7, 1).expect("a date") + Days::new(day),
                    ),
                    months: Some(months),
                    years,
                    grade: grade.map(|_| Grade::Specialist),
                    half_days: half_days.map(|h| Decimal::new(h, 1)),
                    distance_km: km.map(Decimal::from),
                    share: share.map(|s| Decimal::new(s, 4)),
                    pet_amount: pet.map(|p| Decimal::new(p, 2)),
                    charges: charges.map(|c| Decimal::new(c, 2)),
                    include: include.map(|all| {
                        if all {
                            vec![
                                Component::Salary,
                                Component::Iespe,
                                Component::Pet,
                                Component::Charges,
                            ]
                        } else {
                            vec![Component::Salary, Component::Charges]
                        }
                    }),
                    ..PostInput::default()
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn one_price_memo_for_many_posts_prices_each_as_alone(posts in proptest::collection::vec(a_post(), 1..60)) {
        // `batch` prices every row through one memory of monthly figures, keyed by what pricing
        // reads but the share and by the versions in force: each post must come out as it does
        // priced alone, whatever was priced before it (inputs varied one by one over every
        // shipped rule set, the dates over the versions of the data).
        // The shipped data has one version of each value: the fixture adds a grid revaluation
        // on 2027-07-01, which a post must not be priced across from the memory.
        for rates in [rates(), revaluation()] {
        let mut memo = PriceMemo::default();
        for input in posts.iter().chain(posts.iter().rev()) {
            for detail in [Detail::Schedule, Detail::Totals, Detail::Credit] {
                let alone = compute_with(rates, input, today(), detail);
                let remembered = compute_remembering(rates, input, today(), detail, &mut memo);
                match (alone, remembered) {
                    (Ok(alone), Ok(remembered)) => {
                        prop_assert_eq!(format!("{alone:?}"), format!("{remembered:?}"));
                    }
                    (Err(alone), Err(remembered)) => prop_assert_eq!(alone, remembered),
                    (alone, remembered) => prop_assert!(false, "{alone:?} against {remembered:?}"),
                }
            }
        }
        }
    }
}
