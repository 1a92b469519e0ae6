//! Properties of contracts on any dates: the schedule sums to the totals, covers the
//! contract without gap or overlap, and what is due plus what is refunded is what was notified.

use asp_funding::compute::{compute, Computation, PostInput};
use asp_funding::rates::{embedded, Rates};
use asp_funding::schedule::{contract_end, Segment};
use chrono::{Datelike, Days, NaiveDate};
use proptest::prelude::*;
use rust_decimal::Decimal;
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
fn custom(start: NaiveDate, months: u32, left_on: Option<NaiveDate>) -> Computation {
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
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_schedule_sums_to_the_totals_and_covers_the_contract(start in a_start(), months in 1u32..=36) {
        let c = custom(start, months, None);
        let rows = &c.schedule;
        prop_assert_eq!(rows.iter().map(|r| r.ars).sum::<Decimal>(), c.ars_total.value);
        prop_assert_eq!(rows.iter().map(|r| r.full_cost).sum::<Decimal>(), c.full_cost_total.value);
        prop_assert_eq!(rows.iter().map(|r| r.establishment).sum::<Decimal>(), c.establishment_total.value);
        prop_assert_eq!(rows[0].segment.from, start);
        prop_assert_eq!(rows[rows.len() - 1].segment.to, c.end);
        prop_assert_eq!(Some(c.end), contract_end(start, months));
        for pair in rows.windows(2) {
            prop_assert_eq!(pair[0].segment.to.succ_opt(), Some(pair[1].segment.from));
        }
        for row in rows {
            prop_assert!(row.days <= 30);
            prop_assert!(row.ars <= c.ars_monthly.value);
        }
    }

    #[test]
    fn whole_months_from_the_first_are_the_monthly_credit_times_the_months(start in a_start(), months in 1u32..=36) {
        let first = start.with_day0(0).expect("the first of the month");
        let c = custom(first, months, None);
        prop_assert_eq!(c.ars_total.value, c.ars_monthly.value * Decimal::from(months));
    }

    #[test]
    fn a_contract_started_before_the_29th_counts_thirty_thirtieths_a_month(start in a_start(), months in 1u32..=36) {
        prop_assume!(start.day() <= 28);
        let c = custom(start, months, None);
        prop_assert_eq!(c.schedule.iter().map(|r| r.days).sum::<u32>(), 30 * months);
        // Each partial month is rounded to the cent on its own: at most one cent from months × credit.
        let gap = (c.ars_total.value - c.ars_monthly.value * Decimal::from(months)).abs();
        prop_assert!(gap <= Decimal::new(1, 2), "gap {}", gap);
    }

    #[test]
    fn due_plus_refund_is_the_notified_total(start in a_start(), months in 1u32..=36, served in 0u64..1100) {
        let end = contract_end(start, months).expect("an end");
        let left_on = (start + Days::new(served)).min(end);
        let c = custom(start, months, Some(left_on));
        let due = c.ars_due.expect("due").value;
        let refund = c.refund.expect("refund").value;
        prop_assert_eq!(due + refund, c.ars_total.value);
        prop_assert!(due >= Decimal::ZERO && refund >= Decimal::ZERO);
        // Serving one more day never lowers what is due.
        if left_on < end {
            let later = custom(start, months, Some(left_on + Days::new(1)));
            prop_assert!(later.ars_due.expect("due").value >= due);
        }
    }

    #[test]
    fn two_parts_of_a_month_add_up_to_the_month(day in a_start(), split in 0u32..31) {
        let first = day.with_day0(0).expect("the first");
        let whole = Segment { from: first, to: asp_funding::schedule::month_end(first) };
        let cut = first + Days::new(u64::from(split));
        prop_assume!(cut < whole.to);
        let a = Segment { from: first, to: cut };
        let b = Segment { from: cut + Days::new(1), to: whole.to };
        prop_assert_eq!(a.thirtieths() + b.thirtieths(), 30);
        prop_assert_eq!(whole.thirtieths(), 30);
    }
}
