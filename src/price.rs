//! Pricing a plan for one date: plain [`Decimal`] amounts, the versions they come from,
//! and nothing else. No text is written and nothing is allocated here; the words that
//! explain each figure are built by [`crate::explain`], only when an output asks.

use crate::error::ComputeError;
use crate::model::{Component, ComponentSet, Grade, YearBand};
use crate::pet::{classify, PetOutcome, WorkPattern};
use crate::plan::{Plan, RoundingRule};
use crate::rates::{
    AmountBasis, ChargesBasis, Grid, PetBasis, PetScale, Rates, RoundAt, SalaryBasis, Version,
};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Where the PET came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PetFrom {
    /// Given as a what-if amount.
    Given,
    /// Fixed by the rule set.
    Fixed,
    /// The national scale applied to the working pattern.
    Scale(PetOutcome),
    /// No working pattern was given: counted as 0.
    NoPattern,
    /// Not part of a credit on a notice's published amounts that leave the PET out: the post's
    /// PET is in its actual cost only.
    NotInCredit,
}

/// The monthly figures of a post with the data in force on one date.
#[derive(Debug, Clone, Copy)]
pub struct Monthly<'a> {
    /// The date priced.
    pub date: NaiveDate,
    /// The annual grid amount, when the salary comes from the grid.
    pub annual: Option<Decimal>,
    /// Base salary, monthly gross (rounded where the rule set says).
    pub base: Decimal,
    /// IESPE, monthly gross.
    pub iespe: Decimal,
    /// PET, monthly gross.
    pub pet: Decimal,
    /// Where the PET came from.
    pub pet_from: PetFrom,
    /// Gross monthly total.
    pub gross: Decimal,
    /// Employer charge rate.
    pub rate: Decimal,
    /// Employer charges.
    pub charges: Decimal,
    /// Loaded monthly cost.
    pub loaded: Decimal,
    /// The monthly amount the share applies to.
    pub funded_monthly: Decimal,
    /// ARS monthly share, rounded to the cent: the monthly credit.
    pub ars: Decimal,
    /// The grid version used, when the salary comes from the grid.
    pub grid: Option<&'a Version<Grid>>,
    /// The IESPE version used, when national.
    pub iespe_version: Option<&'a Version<Decimal>>,
    /// The PET scale used, when the PET comes from the working pattern.
    pub pet_version: Option<&'a Version<PetScale>>,
    /// The reference charge rate used, when it is.
    pub charges_version: Option<&'a Version<Decimal>>,
}

/// What [`price`] reads of a plan: every input of the monthly figures but the date. Pricing
/// sees nothing else, so that [`PriceMemo`] may key its entries on these (but the share,
/// which only the last step applies) and the versions of the data in force.
#[derive(Debug, Clone, Copy)]
struct Inputs {
    rounding: RoundingRule,
    salary: SalaryBasis,
    grade: Grade,
    years: YearBand,
    iespe: AmountBasis,
    pet_amount: Option<Decimal>,
    pet: PetBasis,
    pet_left_out: bool,
    pattern: Option<WorkPattern>,
    charges_given: Option<Decimal>,
    charges: ChargesBasis,
    funded: ComponentSet,
    share: Decimal,
}

impl Inputs {
    fn of(plan: &Plan<'_>) -> Inputs {
        Inputs {
            rounding: plan.rounding,
            salary: plan.salary,
            grade: plan.grade,
            years: plan.years,
            iespe: plan.iespe,
            pet_amount: plan.pet_amount,
            pet: plan.pet,
            pet_left_out: plan.pet_left_out(),
            pattern: plan.pattern,
            charges_given: plan.charges_given,
            charges: plan.charges,
            funded: plan.funded,
            share: plan.share,
        }
    }
}

/// Prices a plan with the data in force on `date`.
pub fn price<'a>(
    plan: &Plan<'_>,
    rates: &'a Rates,
    date: NaiveDate,
) -> Result<Monthly<'a>, ComputeError> {
    price_inputs(&Inputs::of(plan), rates, date)
}

fn price_inputs<'a>(
    plan: &Inputs,
    rates: &'a Rates,
    date: NaiveDate,
) -> Result<Monthly<'a>, ComputeError> {
    let rounding = plan.rounding;
    let (annual, base, grid) = match plan.salary {
        SalaryBasis::Grid => {
            let version = rates.grid.at(date)?;
            let annual = version.value.annual(plan.grade, plan.years).ok_or(
                ComputeError::GridHasNoAmount {
                    from: version.from,
                    grade: plan.grade,
                    years: plan.years,
                },
            )?;
            (Some(annual), annual / Decimal::from(12), Some(version))
        }
        SalaryBasis::Published(monthly) => (None, monthly, None),
    };
    let base = rounding.at(RoundAt::BaseMonthly, base);

    let (iespe, iespe_version) = match plan.iespe {
        AmountBasis::National => {
            let version = rates.iespe.at(date)?;
            (version.value, Some(version))
        }
        AmountBasis::Published(monthly) => (monthly, None),
    };

    let (pet, pet_from, pet_version) = match (plan.pet_amount, plan.pet) {
        _ if plan.pet_left_out => (Decimal::ZERO, PetFrom::NotInCredit, None),
        (Some(amount), _) => (amount, PetFrom::Given, None),
        (None, PetBasis::Fixed(amount)) => (amount, PetFrom::Fixed, None),
        (None, PetBasis::Pattern) => match &plan.pattern {
            Some(pattern) => {
                let version = rates.pet.at(date)?;
                let outcome = classify(&version.value, pattern)?;
                (outcome.amount, PetFrom::Scale(outcome), Some(version))
            }
            None => (Decimal::ZERO, PetFrom::NoPattern, None),
        },
    };

    let gross = rounding.at(RoundAt::GrossMonthly, base + iespe + pet);
    let (rate, charges_version) = match (plan.charges_given, plan.charges) {
        (Some(rate), _) => (rate, None),
        (None, ChargesBasis::Rate(rate)) => (rate, None),
        (None, ChargesBasis::None) => (Decimal::ZERO, None),
        (None, ChargesBasis::Reference) => {
            let version = rates.charges.at(date)?;
            (version.value, Some(version))
        }
    };
    let charges = gross * rate;
    let loaded = rounding.at(RoundAt::LoadedMonthly, gross + charges);

    let funded = plan.funded;
    let funded_gross = [
        (Component::Salary, base),
        (Component::Iespe, iespe),
        (Component::Pet, pet),
    ]
    .iter()
    .filter(|(c, _)| funded.contains(*c))
    .map(|(_, v)| *v)
    .sum();
    let funded_gross = rounding.at(RoundAt::GrossMonthly, funded_gross);
    let funded_monthly = if funded.contains(Component::Charges) {
        rounding.at(RoundAt::LoadedMonthly, funded_gross * (Decimal::ONE + rate))
    } else {
        funded_gross
    };
    let ars = rounding.mode.cents(funded_monthly * plan.share);
    Ok(Monthly {
        date,
        annual,
        base,
        iespe,
        pet,
        pet_from,
        gross,
        rate,
        charges,
        loaded,
        funded_monthly,
        ars,
        grid,
        iespe_version,
        pet_version,
        charges_version,
    })
}

/// Monthly figures priced before, by their [`Inputs`] but the share and the versions of the data
/// in force on the date priced: a batch's rows that differ by their dates, their share, or
/// anything the monthly figures do not read (an id, a notified credit) are priced once, the
/// share applied to each. Bounded: it starts afresh past [`PRICE_MEMO_ENTRIES`].
#[derive(Debug)]
pub struct PriceMemo<'a> {
    /// The figures, with the share they were priced with (the rows of a template share theirs:
    /// the credit is then the one priced, without applying the share again).
    entries: HashMap<PriceKey, (Monthly<'a>, [u8; 16]), foldhash::fast::RandomState>,
}

impl Default for PriceMemo<'_> {
    fn default() -> Self {
        PriceMemo {
            entries: HashMap::with_hasher(foldhash::fast::RandomState::default()),
        }
    }
}

/// The most entries a [`PriceMemo`] keeps (each some 400 bytes).
const PRICE_MEMO_ENTRIES: usize = 4096;

impl<'a> PriceMemo<'a> {
    /// [`price`], or the figures priced before with the same inputs and data in force, the
    /// plan's share applied to them.
    pub fn price(
        &mut self,
        plan: &Plan<'_>,
        rates: &'a Rates,
        date: NaiveDate,
    ) -> Result<Monthly<'a>, ComputeError> {
        let inputs = Inputs::of(plan);
        let Some(key) = PriceKey::new(&inputs, rates, date) else {
            return price_inputs(&inputs, rates, date);
        };
        let share = inputs.share.serialize();
        if let Some((monthly, priced_share)) = self.entries.get(&key) {
            let ars = if *priced_share == share {
                monthly.ars
            } else {
                inputs
                    .rounding
                    .mode
                    .cents(monthly.funded_monthly * inputs.share)
            };
            return Ok(Monthly {
                date,
                ars,
                ..*monthly
            });
        }
        let monthly = price_inputs(&inputs, rates, date)?;
        if self.entries.len() >= PRICE_MEMO_ENTRIES {
            self.entries.clear();
        }
        self.entries.insert(key, (monthly, share));
        Ok(monthly)
    }
}

/// The key of a [`PriceMemo`] entry: the [`Inputs`] but the share, and the versions of the data
/// in force (their addresses in the data), written end to end as bytes, each decimal by its exact
/// representation (its digits and its scale: `700` and `700.00` are priced apart, since a
/// figure's words may show the scale). Bytes, so that a key is hashed in one call and compared
/// as one slice: a batch row of a template asks the memory once or twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct PriceKey([u8; KEY_BYTES]);

/// What a [`PriceKey`] holds at most: 9 optional decimals (a tag and 16 bytes each), 4
/// addresses, the component and rounding sets, and a few tags and counts.
const KEY_BYTES: usize = 9 * 17 + 4 * 8 + 2 * 8 + 16;

/// Writes a [`PriceKey`]'s bytes, one value after the other.
struct KeyWriter {
    bytes: [u8; KEY_BYTES],
    at: usize,
}

impl KeyWriter {
    fn put(&mut self, value: &[u8]) {
        if let Some(slot) = self.bytes.get_mut(self.at..self.at + value.len()) {
            slot.copy_from_slice(value);
        }
        self.at += value.len();
    }

    fn decimal(&mut self, value: Option<Decimal>) {
        match value {
            Some(value) => {
                self.put(&[1]);
                self.put(&value.serialize());
            }
            None => self.put(&[0; 17]),
        }
    }
}

impl PriceKey {
    fn new(inputs: &Inputs, rates: &Rates, date: NaiveDate) -> Option<PriceKey> {
        fn address<T>(found: Option<&T>) -> [u8; 8] {
            (found.map_or(0, |v| std::ptr::from_ref(v) as usize) as u64).to_le_bytes()
        }
        // Every input but the share, named so that an input added to `Inputs` must be added here.
        let Inputs {
            rounding,
            salary,
            grade,
            years,
            iespe,
            pet_amount,
            pet,
            pet_left_out,
            pattern,
            charges_given,
            charges,
            funded,
            share: _,
        } = *inputs;
        let mut key = KeyWriter {
            bytes: [0; KEY_BYTES],
            at: 0,
        };
        key.put(&[
            rounding.mode as u8,
            grade as u8,
            years as u8,
            u8::from(pet_left_out),
        ]);
        key.put(&rounding.at.as_u64_truncated().to_le_bytes());
        key.put(&funded.as_u64_truncated().to_le_bytes());
        key.decimal(match salary {
            SalaryBasis::Grid => None,
            SalaryBasis::Published(monthly) => Some(monthly),
        });
        key.decimal(match iespe {
            AmountBasis::National => None,
            AmountBasis::Published(monthly) => Some(monthly),
        });
        key.decimal(pet_amount);
        let (pet_tag, pet_fixed) = match pet {
            PetBasis::Pattern => (0, None),
            PetBasis::Fixed(amount) => (1, Some(amount)),
        };
        key.decimal(pet_fixed);
        key.decimal(charges_given);
        let (charges_tag, rate) = match charges {
            ChargesBasis::Reference => (0, None),
            ChargesBasis::None => (1, None),
            ChargesBasis::Rate(rate) => (2, Some(rate)),
        };
        key.decimal(rate);
        match pattern {
            Some(WorkPattern {
                half_days,
                sites,
                distance_km,
                derogation,
            }) => {
                key.put(&[1, u8::from(derogation)]);
                key.put(&sites.to_le_bytes());
                key.decimal(Some(half_days));
                key.decimal(distance_km);
            }
            None => key.put(&[0; 2 + 4 + 2 * 17]),
        }
        key.put(&[pet_tag, charges_tag]);
        key.put(&address(rates.grid.at(date).ok()));
        key.put(&address(rates.iespe.at(date).ok()));
        key.put(&address(rates.pet.at(date).ok()));
        key.put(&address(rates.charges.at(date).ok()));
        // Never longer (the test below writes the longest): were it, not remembered.
        (key.at <= KEY_BYTES).then_some(PriceKey(key.bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_memory_keeps_what_it_prices_up_to_its_bound() {
        let rates = crate::rates::embedded().unwrap_or_else(|e| panic!("{e}"));
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default();
        let mut memo = PriceMemo::default();
        for cents in 0..PRICE_MEMO_ENTRIES + 10 {
            let input = crate::post::PostInput {
                region: "bretagne".into(),
                post_type: Some(crate::model::PostType::InterHospital),
                share: Some(Decimal::new(5, 1)),
                pet_amount: Some(Decimal::new(i64::try_from(cents).unwrap_or(0), 2)),
                ..Default::default()
            };
            let plan = crate::plan::plan(&rates, &input, today, &crate::plan::Variant::default())
                .unwrap_or_else(|e| panic!("{e:?}"));
            let priced = memo.price(&plan, &rates, plan.start);
            assert_eq!(
                priced.map(|m| m.ars),
                price(&plan, &rates, plan.start).map(|m| m.ars)
            );
            // Each post priced is remembered, until the memory starts afresh.
            assert_eq!(memo.entries.len(), cents % PRICE_MEMO_ENTRIES + 1);
        }
    }

    #[test]
    fn the_longest_price_key_fits() {
        let rates = crate::rates::embedded().unwrap_or_else(|e| panic!("{e}"));
        let full = Decimal::MAX;
        let inputs = Inputs {
            rounding: RoundingRule {
                mode: crate::money::RoundingMode::default(),
                at: crate::rates::RoundPoints::all(),
            },
            salary: SalaryBasis::Published(full),
            grade: Grade::Specialist,
            years: YearBand::Years5To6,
            iespe: AmountBasis::Published(full),
            pet_amount: Some(full),
            pet: PetBasis::Fixed(full),
            pet_left_out: true,
            pattern: Some(WorkPattern {
                half_days: full,
                sites: u32::MAX,
                distance_km: Some(full),
                derogation: true,
            }),
            charges_given: Some(full),
            charges: ChargesBasis::Rate(full),
            funded: ComponentSet::all(),
            share: full,
        };
        let date = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
        assert!(PriceKey::new(&inputs, &rates, date).is_some());
    }
}
