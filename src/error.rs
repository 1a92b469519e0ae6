//! Why a post cannot be computed: one typed kind per reason, each naming the input at fault
//! ([`ComputeError::field`]). The words come last, in [`ComputeError::render`], in the language of
//! whoever reads them and naming every input the way that reader typed it ([`Naming`]).

use crate::lang::{and_list, date, Lang};
use crate::model::{Grade, PostType, YearBand};
use crate::pet::PatternError;
use crate::post::{Field, Naming, MAX_MONTHS};
use crate::rates::{NotInForce, UnknownRegion};
use crate::tr;
use chrono::NaiveDate;

/// Why a post cannot be computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ComputeError {
    /// No region given.
    NoRegion,
    /// The region name matches no region.
    UnknownRegion(UnknownRegion),
    /// No published rule set, and no share to compute without one.
    NoRuleSet {
        /// Region name.
        region: String,
        /// The post type asked for, when one was.
        post_type: Option<PostType>,
        /// Each rule set's region and post types.
        known: Vec<(String, Vec<PostType>)>,
    },
    /// Several post types are possible.
    PostTypeNeeded {
        /// Region name.
        region: String,
        /// The post types possible.
        types: Vec<PostType>,
    },
    /// A share was given for a region without rule sets, but no post type.
    PostTypeNeededForShare,
    /// No rule set for that campaign.
    UnknownCampaign {
        /// Region name.
        region: String,
        /// Post type.
        post_type: PostType,
        /// Campaign asked for.
        campaign: i32,
        /// Campaigns known (`None`: a rule set without campaign).
        known: Vec<Option<i32>>,
    },
    /// A campaign was given for a region that has no rule set for the post type.
    NoCampaignWithoutRuleSet {
        /// Region name.
        region: String,
        /// Post type.
        post_type: PostType,
    },
    /// A reference value is not in force at the start.
    NotInForce(NotInForce),
    /// A reference value is not in force for a later month of the contract.
    PastTheData {
        /// What is not in force.
        missing: NotInForce,
        /// The contract's first day.
        start: NaiveDate,
        /// Its last day.
        end: NaiveDate,
    },
    /// A length and an end were both given, and they do not agree.
    MonthsAndEnd {
        /// The months given.
        months: u32,
        /// The end given.
        end: NaiveDate,
        /// The whole months from the start to that end.
        end_months: u32,
    },
    /// A reason for leaving typed for the post, without the last day served.
    LeaveReasonWithoutLeftOn,
    /// The contract's end falls outside the calendar.
    EndOutOfCalendar,
    /// A contract of no time.
    NoLength,
    /// Longer than [`MAX_MONTHS`].
    TooLong {
        /// First day.
        start: NaiveDate,
        /// Last day.
        end: NaiveDate,
    },
    /// A length the rule set does not allow.
    Duration(DurationNotAllowed),
    /// An end before the start.
    EndBeforeStart {
        /// First day.
        start: NaiveDate,
        /// The end given.
        end: NaiveDate,
    },
    /// A last day served before the start.
    LeftBeforeStart {
        /// The day given.
        left_on: NaiveDate,
        /// First day.
        start: NaiveDate,
    },
    /// A last day served after the end.
    LeftAfterEnd {
        /// The day given.
        left_on: NaiveDate,
        /// Last day.
        end: NaiveDate,
    },
    /// `include` lists nothing.
    IncludeNothing,
    /// `include` lists only the charges.
    IncludeNoGross,
    /// A working pattern that cannot be.
    Pattern(PatternError),
    /// Part of a working pattern without its half-days, where the PET comes from the pattern.
    PatternIncomplete,
    /// The grid has no amount for the grade and years.
    GridHasNoAmount {
        /// The grid version's first day.
        from: NaiveDate,
        /// Grade.
        grade: Grade,
        /// Years.
        years: YearBand,
    },
    /// Amounts too large to add up.
    TooLarge,
    /// A notified amount said to be a calendar year's tranche, without the year.
    YearNeeded,
    /// A year given with a notified amount said to be another thing than a year's tranche.
    YearWithoutPerYear,
    /// A calendar year the contract does not touch.
    YearOutside {
        /// The year given.
        year: i32,
        /// The years the contract covers, in order.
        years: Vec<i32>,
    },
}

/// A contract length a rule set does not allow, in the rule set's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DurationNotAllowed {
    /// The input that gave the length: `months` or `end`.
    pub field: Field,
    /// The rule set.
    pub rule_set: String,
    /// The lengths it allows, in months.
    pub allowed: Vec<u32>,
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
    /// Whole months.
    pub months: u32,
    /// Days after them.
    pub extra_days: u32,
}

impl DurationNotAllowed {
    /// The message, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let (months, extra_days) = (self.months, self.extra_days);
        let allowed: Vec<String> = self.allowed.iter().map(u32::to_string).collect();
        let length = if extra_days > 0 {
            tr!(
                lang,
                "{months} months and {extra_days} days",
                "{months} mois et {extra_days} jours"
            )
        } else {
            tr!(lang, "{months} months", "{months} mois")
        };
        tr!(
            lang,
            "{} to {} is {length}: the rule set {} allows contracts of {} months only",
            "du {} au {}, le contrat dure {length} : les règles {} n'admettent que des contrats de {} mois",
            date(self.start, lang),
            date(self.end, lang),
            self.rule_set,
            allowed.join(lang.pick(" or ", " ou "))
        )
    }
}

impl From<UnknownRegion> for ComputeError {
    fn from(e: UnknownRegion) -> Self {
        ComputeError::UnknownRegion(e)
    }
}

impl From<NotInForce> for ComputeError {
    fn from(e: NotInForce) -> Self {
        ComputeError::NotInForce(e)
    }
}

impl From<PatternError> for ComputeError {
    fn from(e: PatternError) -> Self {
        ComputeError::Pattern(e)
    }
}

/// `None`, an amount past what the decimal type can count, as [`ComputeError::TooLarge`].
pub(crate) trait OrTooLarge<T> {
    /// The value, or the error (built only when there is one: `ok_or` would build and drop
    /// one for every amount of every month).
    fn or_too_large(self) -> Result<T, ComputeError>;
}

impl<T> OrTooLarge<T> for Option<T> {
    fn or_too_large(self) -> Result<T, ComputeError> {
        match self {
            Some(value) => Ok(value),
            None => Err(ComputeError::TooLarge),
        }
    }
}

impl ComputeError {
    /// The input at fault.
    pub fn field(&self) -> Field {
        match self {
            ComputeError::NoRegion
            | ComputeError::UnknownRegion(_)
            | ComputeError::NoRuleSet { .. } => Field::Region,
            ComputeError::PostTypeNeeded { .. } | ComputeError::PostTypeNeededForShare => {
                Field::PostType
            }
            ComputeError::UnknownCampaign { .. }
            | ComputeError::NoCampaignWithoutRuleSet { .. } => Field::Campaign,
            ComputeError::NotInForce(_) => Field::Start,
            ComputeError::PastTheData { .. }
            | ComputeError::MonthsAndEnd { .. }
            | ComputeError::EndBeforeStart { .. } => Field::End,
            ComputeError::LeaveReasonWithoutLeftOn => Field::LeaveReason,
            ComputeError::EndOutOfCalendar
            | ComputeError::NoLength
            | ComputeError::TooLong { .. }
            | ComputeError::TooLarge => Field::Months,
            ComputeError::Duration(d) => d.field,
            ComputeError::LeftBeforeStart { .. } | ComputeError::LeftAfterEnd { .. } => {
                Field::LeftOn
            }
            ComputeError::IncludeNothing | ComputeError::IncludeNoGross => Field::Include,
            ComputeError::Pattern(e) => e.field(),
            ComputeError::GridHasNoAmount { .. } => Field::Grade,
            ComputeError::PatternIncomplete => Field::HalfDays,
            ComputeError::YearNeeded
            | ComputeError::YearWithoutPerYear
            | ComputeError::YearOutside { .. } => Field::Year,
        }
    }

    /// What is wrong, without the input's name, in `lang`, naming other inputs as `naming` does.
    pub fn render(&self, lang: Lang, naming: &Naming<'_>) -> String {
        match self {
            ComputeError::NoRegion
            | ComputeError::UnknownRegion(_)
            | ComputeError::NoRuleSet { .. }
            | ComputeError::PostTypeNeeded { .. }
            | ComputeError::PostTypeNeededForShare
            | ComputeError::UnknownCampaign { .. }
            | ComputeError::NoCampaignWithoutRuleSet { .. } => self.render_rule(lang, naming),
            ComputeError::MonthsAndEnd { .. }
            | ComputeError::LeaveReasonWithoutLeftOn
            | ComputeError::EndOutOfCalendar
            | ComputeError::NoLength
            | ComputeError::TooLong { .. }
            | ComputeError::Duration(_)
            | ComputeError::EndBeforeStart { .. }
            | ComputeError::LeftBeforeStart { .. }
            | ComputeError::LeftAfterEnd { .. }
            | ComputeError::YearNeeded
            | ComputeError::YearWithoutPerYear
            | ComputeError::YearOutside { .. } => self.render_dates(lang, naming),
            ComputeError::NotInForce(_)
            | ComputeError::PastTheData { .. }
            | ComputeError::IncludeNothing
            | ComputeError::IncludeNoGross
            | ComputeError::Pattern(_)
            | ComputeError::GridHasNoAmount { .. }
            | ComputeError::PatternIncomplete
            | ComputeError::TooLarge => self.render_amounts(lang, naming),
        }
    }

    /// The choice of the region, the post type and the rule set.
    fn render_rule(&self, lang: Lang, naming: &Naming<'_>) -> String {
        let name = |f: Field| naming.name(f);
        match self {
            ComputeError::NoRegion => lang
                .pick(
                    "give the region (an id such as nouvelle-aquitaine, or its name)",
                    "donnez la région (un id tel que nouvelle-aquitaine, ou son nom)",
                )
                .into(),
            ComputeError::UnknownRegion(e) => e.render(lang),
            ComputeError::NoRuleSet {
                region,
                post_type,
                known,
            } => no_rule_set(region, *post_type, known, lang, naming),
            ComputeError::PostTypeNeeded { region, types } => {
                let types: Vec<&str> = types.iter().map(|p| p.label(lang)).collect();
                let types = types.join(", ");
                tr!(
                    lang,
                    "give the post type: {region} has rule sets for {types}",
                    "donnez le type de poste : {region} a des règles pour {types}"
                )
            }
            ComputeError::PostTypeNeededForShare => lang
                .pick(
                    "give the post type (inter-hospital, ambulatory or overseas)",
                    "donnez le type de poste (inter-hospital, ambulatory ou overseas)",
                )
                .into(),
            ComputeError::UnknownCampaign {
                region,
                post_type,
                campaign,
                known,
            } => {
                let known: Vec<String> = known
                    .iter()
                    .map(|c| {
                        c.map_or(lang.pick("(none)", "(aucune)").to_string(), |c| {
                            c.to_string()
                        })
                    })
                    .collect();
                let known = known.join(", ");
                tr!(
                    lang,
                    "{region} has no {post_type} rule set for campaign {campaign}; known campaigns: {known}",
                    "{region} n'a pas de règles {post_type} pour la campagne {campaign} ; campagnes connues : {known}"
                )
            }
            ComputeError::NoCampaignWithoutRuleSet { region, post_type } => tr!(
                lang,
                "{region} has no {post_type} rule set, so there is no campaign to choose; leave {} out to compute with {}",
                "{region} n'a pas de règles {post_type}, donc pas de campagne à choisir ; retirez {} pour calculer avec {}",
                name(Field::Campaign),
                name(Field::Share)
            ),
            // The other kinds are rendered by their own group.
            _ => String::new(),
        }
    }

    /// The contract's dates and length.
    fn render_dates(&self, lang: Lang, naming: &Naming<'_>) -> String {
        let name = |f: Field| naming.name(f);
        match self {
            ComputeError::MonthsAndEnd {
                months,
                end,
                end_months,
            } => tr!(
                lang,
                "{} gives {months} months, but {}, {}, ends a contract of {end_months} whole months: give the contract length either as {} or as {}, or both in agreement",
                "{} donne {months} mois, mais {}, le {}, termine un contrat de {end_months} mois entiers : donnez la durée du contrat soit par {}, soit par {}, ou les deux en accord",
                name(Field::Months),
                name(Field::End),
                date(*end, lang),
                name(Field::Months),
                name(Field::End)
            ),
            ComputeError::LeaveReasonWithoutLeftOn => tr!(
                lang,
                "a reason for leaving goes with the last day served ({}): give that day, or leave the reason out",
                "un motif de départ va avec le dernier jour travaillé ({}) : donnez ce jour, ou retirez le motif",
                name(Field::LeftOn)
            ),
            ComputeError::EndOutOfCalendar => lang
                .pick(
                    "the contract's end is out of the calendar",
                    "la fin du contrat tombe hors du calendrier",
                )
                .into(),
            ComputeError::NoLength => lang
                .pick(
                    "0 months: a contract lasts at least one day",
                    "0 mois : un contrat dure au moins un jour",
                )
                .into(),
            ComputeError::TooLong { start, end } => tr!(
                lang,
                "{} to {} is longer than {MAX_MONTHS} months, the longest contract computed",
                "du {} au {}, le contrat dépasse {MAX_MONTHS} mois, la plus longue durée calculée",
                date(*start, lang),
                date(*end, lang)
            ),
            ComputeError::Duration(d) => d.render(lang),
            ComputeError::EndBeforeStart { start, end } => tr!(
                lang,
                "{} is before the start, {}",
                "le {} est avant le début, le {}",
                date(*end, lang),
                date(*start, lang)
            ),
            ComputeError::LeftBeforeStart { left_on, start } => tr!(
                lang,
                "{} is before the start of the contract, {}",
                "le {} est avant le début du contrat, le {}",
                date(*left_on, lang),
                date(*start, lang)
            ),
            ComputeError::LeftAfterEnd { left_on, end } => tr!(
                lang,
                "{} is after the end of the contract, {}",
                "le {} est après la fin du contrat, le {}",
                date(*left_on, lang),
                date(*end, lang)
            ),
            ComputeError::YearNeeded => tr!(
                lang,
                "give the calendar year whose tranche of the credit was notified: {} compares with one year's tranche",
                "donnez l'année civile dont la tranche du crédit a été notifiée : {} compare à la tranche d'une année",
                per_year(naming, lang)
            ),
            ComputeError::YearWithoutPerYear => tr!(
                lang,
                "a year goes with {} (one calendar year's tranche of the credit); leave it out to compare with the month or the contract",
                "une année va avec {} (la tranche d'une année civile du crédit) ; retirez-la pour comparer au mois ou au contrat",
                per_year(naming, lang)
            ),
            ComputeError::YearOutside { year, years } => {
                let years: Vec<String> = years.iter().map(i32::to_string).collect();
                tr!(
                    lang,
                    "the contract does not run in {year}: it covers {}",
                    "le contrat ne court pas en {year} : il couvre {}",
                    and_list(&years, lang)
                )
            }
            // The other kinds are rendered by their own group.
            _ => String::new(),
        }
    }

    /// The data in force, the amounts and the working pattern.
    fn render_amounts(&self, lang: Lang, naming: &Naming<'_>) -> String {
        match self {
            ComputeError::NotInForce(e) => e.render(lang),
            ComputeError::PastTheData {
                missing,
                start,
                end,
            } => tr!(
                lang,
                "{}: the contract runs from {} to {}, past the data",
                "{} : le contrat court du {} au {}, au-delà des données",
                missing.render(lang),
                date(*start, lang),
                date(*end, lang)
            ),
            ComputeError::IncludeNothing => lang
                .pick(
                    "lists no component: give some of salary, iespe, pet, charges",
                    "ne donne aucune composante : choisissez parmi salary, iespe, pet, charges",
                )
                .into(),
            ComputeError::IncludeNoGross => lang
                .pick(
                    "charges are funded on the funded gross components: include at least one of salary, iespe, pet",
                    "les charges sont financées sur les composantes brutes financées : incluez au moins l'une de salary, iespe, pet",
                )
                .into(),
            ComputeError::Pattern(e) => e.render(lang),
            ComputeError::PatternIncomplete => {
                let (sites, distance, half_days, pet_amount) = (
                    naming.name(Field::Sites),
                    naming.name(Field::DistanceKm),
                    naming.name(Field::HalfDays),
                    naming.name(Field::PetAmount),
                );
                tr!(
                lang,
                "the PET's tier is set by the average weekly half-days outside the main site: {sites} or {distance} alone do not set it. Give {half_days} (or a fixed {pet_amount})",
                "le palier de la PET dépend du nombre moyen de demi-journées hebdomadaires hors du site principal : {sites} ou {distance} seuls ne le fixent pas. Donnez {half_days} (ou une PET fixe, {pet_amount})"
            )
            }
            ComputeError::GridHasNoAmount { from, grade, years } => tr!(
                lang,
                "the grid from {} has no amount for {} years {}",
                "la grille du {} n'a pas de montant pour le grade {}, ancienneté {}",
                date(*from, lang),
                grade,
                years
            ),
            ComputeError::TooLarge => lang
                .pick(
                    "the contract's amounts are too large to add up",
                    "les montants du contrat sont trop grands pour être additionnés",
                )
                .into(),

            // The other kinds are rendered by their own group.
            _ => String::new(),
        }
    }
}

/// `--per year`, or `` `per` = year `` for a column, its value in the words of `lang`
/// (`année` is one of its French values).
fn per_year(naming: &Naming<'_>, lang: Lang) -> String {
    let (name, value) = (naming.name(Field::Per), lang.pick("year", "année"));
    if name.is_flag() {
        format!("{name} {value}")
    } else {
        format!("{name} = {value}")
    }
}

fn no_rule_set(
    region: &str,
    post_type: Option<PostType>,
    known: &[(String, Vec<PostType>)],
    lang: Lang,
    naming: &Naming<'_>,
) -> String {
    let for_type = post_type.map_or(String::new(), |p| {
        let p = p.label(lang);
        tr!(lang, " for {p} posts", " pour les postes « {p} »")
    });
    let known: Vec<String> = known
        .iter()
        .map(|(region, types)| {
            let types: Vec<&str> = types.iter().map(|p| p.label(lang)).collect();
            format!("{region} ({})", types.join(", "))
        })
        .collect();
    let known = known.join(lang.pick("; ", " ; "));
    tr!(
        lang,
        "{region} has no published rule set{for_type}. Rule sets exist for: {known}. To compute anyway, give the funded share ({}, 50% for example): the national grid, the reference charge rate and the PET from the working pattern (or {}) fill the rest",
        "{region} n'a pas de règles publiées{for_type}. Des règles existent pour : {known}. Pour calculer quand même, donnez la part financée ({}, 50% par exemple) : la grille nationale, le taux de charges de référence et la PET selon l'organisation du travail (ou {}) font le reste",
        naming.name(Field::Share),
        naming.name(Field::PetAmount)
    )
}

impl std::fmt::Display for ComputeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {}",
            self.field(),
            self.render(Lang::En, &Naming::Keys)
        )
    }
}

impl std::error::Error for ComputeError {}
