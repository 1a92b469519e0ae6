//! [`Tried`]: what a derivation changes from the computation, with its stable id for scripts
//! and its words for people.

use crate::lang::{and_list, date, Lang};
use crate::model::YearBand;
use crate::money::{human, human_number, human_rate, RoundingMode};
use crate::rates::RoundAt;
use crate::tr;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// What a derivation changes from the computation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tried {
    /// Another rounding rule for the ARS share (the rule set's in second).
    Rounding(RoundingMode, RoundingMode),
    /// An amount also rounded to the cent at this point.
    RoundedAt(RoundAt),
    /// Another PET amount in the credit (the computed one in second).
    Pet(Decimal, Decimal),
    /// Another share (the computed one in second).
    Share(Decimal, Decimal),
    /// Another grid version, from this date.
    Grid(NaiveDate),
    /// What agencies also do with a notice's published amounts, alone or together.
    Published(Published),
    /// Another year band (the computed one in second).
    Years(YearBand, YearBand),
    /// A whole number of monthly credits.
    Months(MonthsOf),
    /// One calendar year's tranche of the credit.
    BudgetYear(Tranche),
    /// The amount compared, rounded to the euro (half away from zero).
    RoundedToEuro,
    /// The monthly credit rounded to the euro (half away from zero), for this many months.
    MonthlyRoundedToEuro(u32),
}

/// What an agency may have done with a notice's published amounts: at least one is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Published {
    /// The grid in force from this date instead of the notice's base salary (this amount).
    pub grid: Option<(NaiveDate, Decimal)>,
    /// This PET funded too; `true` when it is the post's own (its working pattern's).
    pub pet: Option<(Decimal, bool)>,
    /// The employer charges funded too, at this reference rate.
    pub charges: Option<Decimal>,
}

/// A whole number of monthly credits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthsOf {
    /// How many.
    pub months: u32,
    /// The monthly credit.
    pub monthly: Decimal,
    /// The months of what the notified amount was compared with, when whole.
    pub instead: Option<u32>,
    /// Whether `months` is a contract length the rule set allows.
    pub contract: bool,
}

/// One calendar year's tranche of a contract's credit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tranche {
    /// The calendar year.
    pub year: i32,
    /// Its months, when they are all whole.
    pub months: Option<u32>,
    /// Its first day of the contract.
    pub from: NaiveDate,
    /// Its last day of the contract.
    pub to: NaiveDate,
}

impl Tranche {
    /// `the 2026 tranche of the credit (2 months)`, in words of `lang`.
    pub fn label(self, lang: Lang) -> String {
        let year = self.year;
        let span = match self.months {
            Some(months) => months_count(months, lang),
            None => tr!(
                lang,
                "{} to {}",
                "du {} au {}",
                date(self.from, lang),
                date(self.to, lang)
            ),
        };
        tr!(
            lang,
            "the {year} tranche of the credit ({span})",
            "la tranche {year} du crédit ({span})"
        )
    }
}

/// `1 month`, `12 months`.
pub fn months_count(months: u32, lang: Lang) -> String {
    if months == 1 {
        tr!(lang, "1 month", "1 mois")
    } else {
        tr!(lang, "{months} months", "{months} mois")
    }
}

impl Tried {
    /// The stable id scripts filter on, in every language.
    pub fn id(self) -> &'static str {
        match self {
            Tried::Rounding(RoundingMode::HalfEven, _) => "rounding-half-even",
            Tried::Rounding(RoundingMode::Truncate, _) => "rounding-toward-zero",
            Tried::Rounding(RoundingMode::HalfAwayFromZero, _) => "rounding-half-away-from-zero",
            Tried::RoundedAt(RoundAt::BaseMonthly) => "base-rounded-first",
            Tried::RoundedAt(RoundAt::GrossMonthly) => "gross-rounded-first",
            Tried::RoundedAt(RoundAt::LoadedMonthly) => "loaded-rounded-first",
            Tried::RoundedAt(RoundAt::ArsMonthly) => "share-rounded",
            Tried::Pet(..) => "pet-tier",
            Tried::Share(..) => "share",
            Tried::Grid(_) => "grid-version",
            Tried::Published(p) => p.id(),
            Tried::Years(..) => "year-band",
            Tried::Months(_) => "months",
            Tried::BudgetYear(_) => "budget-year",
            Tried::RoundedToEuro => "rounded-to-euro",
            Tried::MonthlyRoundedToEuro(_) => "monthly-rounded-to-euro",
        }
    }

    /// Every id a derivation tried may have, in the order they are listed, for the README and
    /// its test (`share-rounded` is never tried: the monthly share is always rounded).
    pub const IDS: [&'static str; 21] = [
        "months",
        "budget-year",
        "rounding-half-even",
        "rounding-toward-zero",
        "rounding-half-away-from-zero",
        "base-rounded-first",
        "gross-rounded-first",
        "loaded-rounded-first",
        "rounded-to-euro",
        "monthly-rounded-to-euro",
        "pet-tier",
        "share",
        "grid-version",
        "grid-in-force",
        "pet-funded",
        "charges-funded",
        "grid-in-force-pet-funded",
        "grid-in-force-charges-funded",
        "pet-charges-funded",
        "grid-in-force-pet-charges-funded",
        "year-band",
    ];

    /// What differs, in words of `lang`.
    pub fn label(self, lang: Lang) -> String {
        let amount = |d: Decimal| human(d, lang);
        match self {
            Tried::Rounding(mode, instead) => rounding(mode, instead, lang),
            Tried::RoundedAt(at) => rounded_at(at, lang),
            Tried::Pet(pet, instead) => tr!(
                lang,
                "a PET of {} instead of {}",
                "une PET de {} au lieu de {}",
                amount(pet),
                amount(instead)
            ),
            Tried::Share(share, instead) => tr!(
                lang,
                "a share of {} % instead of {} %",
                "une part de {} % au lieu de {} %",
                human_number(share * Decimal::ONE_HUNDRED, lang),
                human_number(instead * Decimal::ONE_HUNDRED, lang)
            ),
            Tried::Grid(from) => tr!(
                lang,
                "the grid from {} instead of the one in force at the start",
                "la grille du {} au lieu de celle en vigueur au début du contrat",
                date(from, lang)
            ),
            Tried::Published(p) => p.label(lang),
            Tried::Years(years, instead) => tr!(
                lang,
                "years {years} instead of {instead}",
                "années {years} au lieu de {instead}"
            ),
            Tried::Months(m) => m.label(lang),
            Tried::BudgetYear(tranche) => tranche.label(lang),
            Tried::RoundedToEuro => tr!(
                lang,
                "the credit rounded to the nearest euro",
                "le crédit arrondi à l'euro le plus proche"
            ),
            Tried::MonthlyRoundedToEuro(months) => tr!(
                lang,
                "the monthly credit rounded to the nearest euro, × {}",
                "le crédit mensuel arrondi à l'euro le plus proche, × {}",
                months_count(months, lang)
            ),
        }
    }
}

/// Another rounding rule, in words.
fn rounding(mode: RoundingMode, instead: RoundingMode, lang: Lang) -> String {
    let name = |mode: RoundingMode| match mode {
        RoundingMode::HalfAwayFromZero => lang.pick(
            "to the nearest cent (half away from zero)",
            "au centime le plus proche",
        ),
        RoundingMode::HalfEven => lang.pick(
            "half to even (a half cent to the even cent)",
            "au centime pair pour un demi-centime",
        ),
        RoundingMode::Truncate => lang.pick(
            "toward zero (cents dropped)",
            "vers zéro (fractions de centime abandonnées)",
        ),
    };
    if mode == RoundingMode::Truncate {
        return tr!(lang, "rounding {}", "arrondi {}", name(mode));
    }
    tr!(
        lang,
        "rounding {} instead of rounding {}",
        "arrondi {} au lieu de l'arrondi {}",
        name(mode),
        name(instead)
    )
}

/// An amount rounded to the cent earlier, in words.
fn rounded_at(at: RoundAt, lang: Lang) -> String {
    match at {
        RoundAt::BaseMonthly => tr!(
            lang,
            "monthly base salary rounded to the cent before the charges",
            "traitement mensuel arrondi au centime avant les charges"
        ),
        RoundAt::GrossMonthly => tr!(
            lang,
            "monthly gross rounded to the cent before the charges",
            "brut mensuel arrondi au centime avant les charges"
        ),
        RoundAt::LoadedMonthly => tr!(
            lang,
            "loaded monthly cost rounded to the cent before the share",
            "coût mensuel chargé arrondi au centime avant la part"
        ),
        RoundAt::ArsMonthly => tr!(
            lang,
            "monthly share rounded to the cent",
            "part mensuelle arrondie au centime"
        ),
    }
}

impl Published {
    /// The id of the combination.
    pub fn id(self) -> &'static str {
        match (
            self.grid.is_some(),
            self.pet.is_some(),
            self.charges.is_some(),
        ) {
            (true, false, false) => "grid-in-force",
            (false, true, false) => "pet-funded",
            (false, false, true) => "charges-funded",
            (true, true, false) => "grid-in-force-pet-funded",
            (true, false, true) => "grid-in-force-charges-funded",
            (false, true, true) => "pet-charges-funded",
            (true, true, true) => "grid-in-force-pet-charges-funded",
            // Never tried: it is the computation itself.
            (false, false, false) => "published",
        }
    }

    /// Each change, in words of `lang`: the grid first, then what is funded too.
    pub fn label(self, lang: Lang) -> String {
        let mut funded = Vec::new();
        match self.pet {
            Some((pet, true)) => funded.push(tr!(
                lang,
                "the post's PET ({})",
                "la PET du poste ({})",
                human(pet, lang)
            )),
            Some((pet, false)) => {
                funded.push(tr!(lang, "a PET of {}", "une PET de {}", human(pet, lang)))
            }
            None => {}
        }
        if let Some(rate) = self.charges {
            funded.push(tr!(
                lang,
                "the employer charges at the reference rate ({})",
                "les charges patronales au taux de référence ({})",
                human_rate(rate, lang)
            ));
        }
        let too = match self.charges {
            Some(_) => lang.pick("funded too", "financées aussi"),
            None => lang.pick("funded too", "financée aussi"),
        };
        let funded = (!funded.is_empty()).then(|| format!("{} {too}", and_list(&funded, lang)));
        let grid = self.grid.map(|(from, published)| {
            tr!(
                lang,
                "the grid in force from {} instead of the notice's base of {}",
                "la grille en vigueur du {} au lieu du traitement de {} du cahier des charges",
                date(from, lang),
                human(published, lang)
            )
        });
        match (grid, funded) {
            (Some(grid), Some(funded)) => {
                tr!(lang, "{grid}, with {funded}", "{grid}, avec {funded}")
            }
            (Some(text), None) | (None, Some(text)) => text,
            (None, None) => String::new(),
        }
    }
}

impl MonthsOf {
    /// `the 12-month contract: 12 months of 3,249.79 instead of 24`, in words of `lang`.
    pub fn label(self, lang: Lang) -> String {
        let (months, monthly) = (self.months, human(self.monthly, lang));
        let of = match self.instead {
            Some(instead) => tr!(
                lang,
                "{} of {monthly} instead of {instead}",
                "{} de {monthly} au lieu de {instead}",
                months_count(months, lang)
            ),
            None => tr!(
                lang,
                "{} of {monthly}",
                "{} de {monthly}",
                months_count(months, lang)
            ),
        };
        if self.contract {
            tr!(
                lang,
                "the {months}-month contract: {of}",
                "le contrat de {months} mois : {of}"
            )
        } else {
            of
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn each_derivation_has_an_id_and_words_in_both_languages() {
        let twelve = Tried::Months(MonthsOf {
            months: 12,
            monthly: dec!(3249.79),
            instead: Some(24),
            contract: true,
        });
        assert_eq!(twelve.id(), "months");
        assert_eq!(
            twelve.label(Lang::En),
            "the 12-month contract: 12 months of 3,249.79 instead of 24"
        );
        assert_eq!(
            twelve.label(Lang::Fr),
            "le contrat de 12 mois\u{a0}: 12 mois de 3\u{a0}249,79\u{a0}€ au lieu de 24"
        );
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap_or_default();
        let tranche = Tried::BudgetYear(Tranche {
            year: 2026,
            months: Some(2),
            from: day(11, 1),
            to: day(12, 31),
        });
        assert_eq!(tranche.id(), "budget-year");
        assert_eq!(
            tranche.label(Lang::En),
            "the 2026 tranche of the credit (2 months)"
        );
        assert_eq!(
            tranche.label(Lang::Fr),
            "la tranche 2026 du crédit (2 mois)"
        );
        let both = Tried::Published(Published {
            grid: Some((day(7, 1), dec!(2762.16))),
            pet: Some((dec!(1000), false)),
            charges: None,
        });
        assert_eq!(both.id(), "grid-in-force-pet-funded");
        assert_eq!(
            both.label(Lang::En),
            "the grid in force from 2026-07-01 instead of the notice's base of 2,762.16, with a PET of 1,000.00 funded too"
        );
        assert_eq!(
            both.label(Lang::Fr),
            "la grille en vigueur du 1er juillet 2026 au lieu du traitement de 2\u{a0}762,16\u{a0}€ du cahier des charges, avec une PET de 1\u{a0}000,00\u{a0}€ financée aussi"
        );
        let charges = Tried::Published(Published {
            pet: Some((dec!(450), true)),
            charges: Some(dec!(0.44)),
            ..Published::default()
        });
        assert_eq!(charges.id(), "pet-charges-funded");
        assert_eq!(
            charges.label(Lang::Fr),
            "la PET du poste (450,00\u{a0}€) et les charges patronales au taux de référence (44\u{a0}%) financées aussi"
        );
        let even = Tried::Rounding(RoundingMode::HalfEven, RoundingMode::HalfAwayFromZero);
        assert_eq!(even.id(), "rounding-half-even");
        assert_eq!(
            even.label(Lang::Fr),
            "arrondi au centime pair pour un demi-centime au lieu de l'arrondi au centime le plus proche"
        );
        for id in [twelve, tranche, both, even].map(Tried::id) {
            assert!(Tried::IDS.contains(&id), "{id}");
        }
    }
}
