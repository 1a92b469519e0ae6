//! PET (*prime d'exercice territorial*): which tier a working pattern falls in, and why.

use crate::money::{human, human_number, Lang};
use crate::post::{Field, Naming};
use crate::rates::PetScale;
use crate::tr;
use rust_decimal::Decimal;

/// The most half-days there are in a week (7 days × 2).
const HALF_DAYS_IN_A_WEEK: u32 = 14;

/// The working pattern that sets the PET.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WorkPattern {
    /// Average weekly half-days outside the main site.
    pub half_days: Decimal,
    /// Number of distinct sites other than the main one.
    pub sites: u32,
    /// Distance from the main site to the shared site, in km, when known.
    pub distance_km: Option<Decimal>,
    /// Whether the ARS director general authorised the PET below the least distance.
    pub derogation: bool,
}

/// The PET a working pattern gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PetDecision {
    /// Monthly gross amount (0 when not eligible).
    pub amount: Decimal,
    /// Whether the pattern gives a PET at all.
    pub eligible: bool,
    /// The tier's wording, when one applies.
    pub tier: Option<String>,
    /// Why, in one sentence.
    pub reason: String,
    /// What was assumed for missing facts.
    pub assumptions: Vec<String>,
}

/// A working pattern that cannot be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatternError {
    /// More half-days than a week has (or fewer than none).
    HalfDaysOutOfWeek(Decimal),
    /// Half-days outside the main site, on no site.
    NoSite,
    /// More sites than half-days in a week.
    TooManySites(u32),
}

impl PatternError {
    /// The input at fault.
    pub fn field(self) -> Field {
        match self {
            PatternError::HalfDaysOutOfWeek(_) => Field::HalfDays,
            PatternError::NoSite | PatternError::TooManySites(_) => Field::Sites,
        }
    }

    /// What is wrong, in `lang`.
    pub fn render(self, lang: Lang) -> String {
        match self {
            PatternError::HalfDaysOutOfWeek(half_days) => tr!(
                lang,
                "{half_days} half-days a week: a week has from 0 to {HALF_DAYS_IN_A_WEEK}",
                "{half_days} demi-journées par semaine : une semaine en compte de 0 à {HALF_DAYS_IN_A_WEEK}"
            ),
            PatternError::NoSite => tr!(
                lang,
                "0 sites outside the main site, yet half-days are spent outside it",
                "0 site hors du site principal, alors que des demi-journées y sont passées"
            ),
            PatternError::TooManySites(sites) => tr!(
                lang,
                "{sites} sites outside the main site: more than the {HALF_DAYS_IN_A_WEEK} half-days of a week",
                "{sites} sites hors du site principal : plus que les {HALF_DAYS_IN_A_WEEK} demi-journées d'une semaine"
            ),
        }
    }
}

impl std::fmt::Display for PatternError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field(), self.render(Lang::En))
    }
}

impl std::error::Error for PatternError {}

/// Why a working pattern gives the PET it gives: the decision without its wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PetWhy {
    /// No half-day is spent outside the main site.
    NoHalfDay,
    /// The shared site is under the least distance and no derogation was given.
    TooClose,
    /// The pattern falls below the scale's first tier.
    BelowFirstTier,
    /// The pattern falls in the tier at this index of the scale.
    Tier(usize),
}

/// The PET a working pattern gives, as plain values: no text, no allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PetOutcome {
    /// Monthly gross amount (0 when not eligible).
    pub amount: Decimal,
    /// Why.
    pub why: PetWhy,
}

impl PetOutcome {
    /// Whether the pattern gives a PET at all.
    pub fn eligible(&self) -> bool {
        matches!(self.why, PetWhy::Tier(_))
    }
}

/// The working pattern of a post's inputs, when they give its half-days (`sites` is 1 when not
/// given). Sites or a distance without half-days are no pattern: see [`pattern_incomplete`].
pub fn pattern_of(input: &crate::post::PostInput) -> Option<WorkPattern> {
    input.half_days.map(|half_days| WorkPattern {
        half_days,
        sites: input.sites.unwrap_or(1),
        distance_km: input.distance_km,
        derogation: input.pet_derogation.unwrap_or(false),
    })
}

/// Whether the inputs give part of a working pattern (sites, a distance, the derogation) but not
/// its half-days, which alone set the PET's tier.
pub fn pattern_incomplete(input: &crate::post::PostInput) -> bool {
    input.half_days.is_none()
        && (input.sites.is_some()
            || input.distance_km.is_some()
            || input.pet_derogation == Some(true))
}

/// Refuses a working pattern that cannot exist, whatever rule set prices it: more half-days
/// than a week has, half-days outside with no site, or more sites than half-days in a week.
pub fn check_pattern(pattern: &WorkPattern) -> Result<(), PatternError> {
    let half_days = pattern.half_days;
    if half_days < Decimal::ZERO || half_days > Decimal::from(HALF_DAYS_IN_A_WEEK) {
        return Err(PatternError::HalfDaysOutOfWeek(half_days));
    }
    if half_days > Decimal::ZERO && pattern.sites == 0 {
        return Err(PatternError::NoSite);
    }
    if pattern.sites > HALF_DAYS_IN_A_WEEK {
        return Err(PatternError::TooManySites(pattern.sites));
    }
    Ok(())
}

/// Applies the PET scale to a working pattern (the pricing step: values only).
pub fn classify(scale: &PetScale, pattern: &WorkPattern) -> Result<PetOutcome, PatternError> {
    check_pattern(pattern)?;
    let half_days = pattern.half_days;
    let none = |why| PetOutcome {
        amount: Decimal::ZERO,
        why,
    };
    if half_days.is_zero() {
        return Ok(none(PetWhy::NoHalfDay));
    }
    if pattern
        .distance_km
        .is_some_and(|d| d < scale.min_distance_km && !pattern.derogation)
    {
        return Ok(none(PetWhy::TooClose));
    }
    let best = scale
        .tiers
        .iter()
        .enumerate()
        .filter(|(_, t)| t.matches(half_days, pattern.sites))
        .max_by_key(|(_, t)| t.amount);
    Ok(match best {
        Some((index, tier)) => PetOutcome {
            amount: tier.amount,
            why: PetWhy::Tier(index),
        },
        None => none(PetWhy::BelowFirstTier),
    })
}

/// Applies the PET scale to a working pattern and says why, in words of `lang`.
pub fn decide(
    scale: &PetScale,
    pattern: &WorkPattern,
    lang: Lang,
    naming: &Naming<'_>,
) -> Result<PetDecision, PatternError> {
    Ok(describe(
        scale,
        pattern,
        classify(scale, pattern)?,
        lang,
        naming,
    ))
}

/// The wording of a PET outcome: the reason, the tier's label and what was assumed.
pub fn describe(
    scale: &PetScale,
    pattern: &WorkPattern,
    outcome: PetOutcome,
    lang: Lang,
    naming: &Naming<'_>,
) -> PetDecision {
    let half_days = pattern.half_days;
    let km = human_number(scale.min_distance_km, lang);
    let mut assumptions = Vec::new();
    let decision = |reason: String, tier: Option<String>, assumptions: Vec<String>| PetDecision {
        amount: outcome.amount,
        eligible: outcome.eligible(),
        tier,
        reason,
        assumptions,
    };
    match outcome.why {
        PetWhy::NoHalfDay => {
            return decision(
                tr!(
                    lang,
                    "No half-day outside the main site: no PET.",
                    "Aucune demi-journée hors du site principal : pas de PET."
                ),
                None,
                assumptions,
            )
        }
        PetWhy::TooClose => {
            return decision(
                tr!(
                    lang,
                    "The shared site is {} km from the main site, under the {km} km the rule requires, and no derogation was given: no PET (the ARS director general may authorise it below {km} km: {}).",
                    "Le site partagé est à {} km du site principal, en deçà des {km} km que la règle exige, et aucune dérogation n'est donnée : pas de PET (le directeur général de l'ARS peut l'autoriser en deçà de {km} km : {}).",
                    human_number(pattern.distance_km.unwrap_or_default(), lang),
                    naming.name(Field::PetDerogation)
                ),
                None,
                assumptions,
            )
        }
        PetWhy::BelowFirstTier | PetWhy::Tier(_) => {}
    }
    let mut distance_note = String::new();
    match pattern.distance_km {
        Some(d) if d < scale.min_distance_km => {
            distance_note = tr!(
                lang,
                " The shared site is {} km away, under {km} km, and the PET is paid by the ARS director general's derogation.",
                " Le site partagé est à {} km, en deçà de {km} km, et la PET est versée par dérogation du directeur général de l'ARS.",
                human_number(d, lang)
            );
        }
        Some(_) => {}
        None => assumptions.push(tr!(
            lang,
            "Distance not given: the shared site is assumed to be at least {km} km from the main site ({}).",
            "Distance non donnée : le site partagé est supposé à au moins {km} km du site principal ({}).",
            naming.name(Field::DistanceKm)
        )),
    }
    // French puts the plural from 2 on; English from anything but 1.
    let plural = match lang {
        Lang::En => half_days != Decimal::ONE,
        Lang::Fr => half_days >= Decimal::TWO,
    };
    let s = if plural { "s" } else { "" };
    let sites = if pattern.sites == 1 { "" } else { "s" };
    let pattern_words = tr!(
        lang,
        "{} half-day{s} a week outside the main site, on {} site{sites}",
        "{} demi-journée{s} par semaine hors du site principal, sur {} site{sites}",
        human_number(half_days, lang),
        pattern.sites,
    );
    match outcome.why {
        PetWhy::Tier(index) => match scale.tiers.get(index) {
            Some(tier) => decision(
                tr!(
                    lang,
                    "{pattern_words}: tier « {} », {} a month.{distance_note}",
                    "{pattern_words} : palier « {} », {} par mois.{distance_note}",
                    tier.label.get(lang),
                    human(tier.amount, lang)
                ),
                Some(tier.label.get(lang).to_string()),
                assumptions,
            ),
            None => decision(pattern_words, None, assumptions),
        },
        _ => decision(
            tr!(
                lang,
                "{pattern_words}: below the scale's first tier, no PET.",
                "{pattern_words} : en deçà du premier palier du barème, pas de PET."
            ),
            None,
            assumptions,
        ),
    }
}
