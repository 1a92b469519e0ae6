//! [`Column`]: the one description of each column the outputs write about a post (its
//! computation, its check, its months and years, a batch row, an envelope row): its key for
//! CSV and JSON, its header for people in each language, and what must be priced to fill it.
//! The records that fill columns (`output::records`, `batch`, `envelope`) do it through an
//! exhaustive `match`, so that the compiler finds every place a new column needs.

use crate::lang::Lang;

/// A column of an output about posts.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    strum::EnumIter,
    strum::IntoStaticStr,
    strum::EnumCount,
)]
#[strum(serialize_all = "snake_case")]
pub enum Column {
    // A batch row's own.
    /// The row's id.
    Id,
    // The computation.
    /// Region id.
    Region,
    /// Post type id.
    PostType,
    /// Rule set id, or `custom`.
    RuleSet,
    /// The rule set's campaign.
    Campaign,
    /// First day.
    Start,
    /// Last day.
    End,
    /// Whole months.
    Months,
    /// Days after the whole months.
    ExtraDays,
    /// The post's grade.
    Grade,
    /// The post's year band.
    Years,
    /// What the credit is computed on.
    CreditBasis,
    /// The credit's base salary, monthly.
    BaseSalaryMonthly,
    /// The credit's IESPE.
    IespeMonthly,
    /// The credit's PET.
    PetMonthly,
    /// The credit's gross.
    GrossMonthly,
    /// The credit's charge rate.
    ChargesRate,
    /// The credit's charges.
    ChargesMonthly,
    /// The credit's loaded cost.
    LoadedMonthly,
    /// The post's own base salary.
    ActualBaseSalaryMonthly,
    /// The post's own IESPE.
    ActualIespeMonthly,
    /// The post's own PET.
    ActualPetMonthly,
    /// The post's own gross.
    ActualGrossMonthly,
    /// The post's own charge rate.
    ActualChargesRate,
    /// The post's own charges.
    ActualChargesMonthly,
    /// The post's own loaded cost.
    ActualLoadedMonthly,
    /// The funded components.
    Funded,
    /// The monthly amount the share applies to.
    FundedMonthly,
    /// The funded share.
    Share,
    /// The ARS monthly credit.
    ArsMonthly,
    /// The establishment's monthly part.
    EstablishmentMonthly,
    /// The ARS credit for the contract.
    ArsTotal,
    /// The establishment's part for the contract.
    EstablishmentTotal,
    /// The full cost of the contract.
    FullCostTotal,
    /// How partial months count.
    Proration,
    /// The last day served.
    LeftOn,
    /// Why the assistant left.
    LeaveReason,
    /// The credit due for the time served.
    ArsDue,
    /// The credit for the time not served.
    NotServed,
    /// Whether the agency may recover it.
    Recovery,
    /// What it may recover.
    Recoverable,
    /// The actual cost of the time served.
    FullCostServed,
    /// The establishment's part of the time served.
    EstablishmentServed,
    /// The conditions of eligibility, checked.
    Conditions,
    /// What was assumed.
    Assumptions,
    /// What the user should know.
    Warnings,
    /// The inputs given for every post that change what its rule set fixes for the credit
    /// (`--override`), with the rule set's own values.
    Overrides,
    /// The documents.
    Sources,
    // JSON's own keys of a computation.
    /// The region's official name.
    RegionName,
    /// What the rule set funds, in a line.
    RuleSetTitle,
    /// How amounts are rounded.
    Rounding,
    /// The PET decision.
    Pet,
    /// How each figure was made.
    Explain,
    /// The totals by calendar year.
    ByYear,
    /// The months.
    Schedule,
    // A check.
    /// The credit notified.
    Notified,
    /// Whether it is monthly or the contract's.
    Per,
    /// The computed amount compared.
    Expected,
    /// Notified − expected.
    Gap,
    /// The gap in months of credit.
    GapMonths,
    /// The largest gap still a match.
    Tolerance,
    /// `match` or `mismatch`.
    CheckStatus,
    /// The derivations that give the notified amount.
    ExplainedBy,
    /// Their ids.
    ExplainedByIds,
    /// The notified amount as a whole number of monthly credits, when it is one.
    NotifiedMonths,
    /// Whether `per` was inferred.
    PerInferred,
    /// Whether the length was inferred.
    MonthsInferred,
    /// The derivations tried.
    Derivations,
    /// The computation checked.
    Computation,
    // A batch row.
    /// The posts a row stands for.
    Posts,
    /// Their credit for the contract.
    Total,
    /// `ok` or `error`.
    Status,
    /// Why a row is in error.
    Error,
    // A month of the schedule, a year.
    /// The calendar month.
    Month,
    /// Its first day counted.
    From,
    /// Its last day counted.
    To,
    /// Days counted.
    Days,
    /// Out of.
    DaysInMonth,
    /// Days served.
    ServedDays,
    /// The calendar year.
    Year,
    /// The ARS credit of the period.
    Ars,
    /// The establishment's part of the period.
    Establishment,
    /// The full cost of the period.
    FullCost,
    // An envelope row.
    /// Region, unknown regions, within, post type, nation.
    Level,
    /// The posts priced.
    PricedPosts,
    /// One post's credit for the contract.
    PerPostTotal,
    /// Why a row is not priced, or what it is part of.
    Note,
}

/// What a column needs priced or said beyond the credit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Needs {
    /// The words that explain the computation.
    pub explanation: bool,
    /// The post's actual cost.
    pub actual_cost: bool,
    /// An early leave (absent otherwise).
    pub early_leave: bool,
}

impl Column {
    /// The computation's columns, in their stable order: the CSV header and the scalar keys of JSON.
    pub const COMPUTATION: &'static [Column] = &[
        Column::Region,
        Column::PostType,
        Column::RuleSet,
        Column::Campaign,
        Column::Start,
        Column::End,
        Column::Months,
        Column::ExtraDays,
        Column::Grade,
        Column::Years,
        Column::CreditBasis,
        Column::BaseSalaryMonthly,
        Column::IespeMonthly,
        Column::PetMonthly,
        Column::GrossMonthly,
        Column::ChargesRate,
        Column::ChargesMonthly,
        Column::LoadedMonthly,
        Column::ActualBaseSalaryMonthly,
        Column::ActualIespeMonthly,
        Column::ActualPetMonthly,
        Column::ActualGrossMonthly,
        Column::ActualChargesRate,
        Column::ActualChargesMonthly,
        Column::ActualLoadedMonthly,
        Column::Funded,
        Column::FundedMonthly,
        Column::Share,
        Column::ArsMonthly,
        Column::EstablishmentMonthly,
        Column::ArsTotal,
        Column::EstablishmentTotal,
        Column::FullCostTotal,
        Column::Proration,
        Column::LeftOn,
        Column::LeaveReason,
        Column::ArsDue,
        Column::NotServed,
        Column::Recovery,
        Column::Recoverable,
        Column::FullCostServed,
        Column::EstablishmentServed,
        Column::Conditions,
        Column::Assumptions,
        Column::Warnings,
        Column::Sources,
    ];

    /// A check's own columns, after the computation's.
    pub const CHECK: &'static [Column] = &[
        Column::Notified,
        Column::Per,
        Column::Expected,
        Column::Gap,
        Column::GapMonths,
        Column::Tolerance,
        Column::CheckStatus,
        Column::ExplainedBy,
        Column::ExplainedByIds,
        Column::Year,
        Column::NotifiedMonths,
    ];

    /// The check columns of a batch with a `notified` column (and `year` after `per` when the
    /// file has a `year` column or the command line gives one).
    pub const BATCH_CHECK: &'static [Column] = &[
        Column::Notified,
        Column::Per,
        Column::Expected,
        Column::Gap,
        Column::CheckStatus,
    ];

    /// The columns of a batch whose rows stand for several posts.
    pub const POSTS: &'static [Column] = &[Column::Posts, Column::Total];

    /// A month of the schedule.
    pub const SCHEDULE: &'static [Column] = &[
        Column::Month,
        Column::From,
        Column::To,
        Column::Days,
        Column::DaysInMonth,
        Column::Ars,
        Column::Establishment,
        Column::FullCost,
        Column::LoadedMonthly,
    ];

    /// A month of the schedule, when the assistant leaves early.
    pub const SCHEDULE_EARLY: &'static [Column] = &[
        Column::ServedDays,
        Column::ArsDue,
        Column::NotServed,
        Column::FullCostServed,
    ];

    /// A calendar year's totals.
    pub const BY_YEAR: &'static [Column] = &[
        Column::Year,
        Column::Ars,
        Column::Establishment,
        Column::FullCost,
    ];

    /// An envelope row or total.
    pub const ENVELOPE: &'static [Column] = &[
        Column::Level,
        Column::PostType,
        Column::Region,
        Column::Posts,
        Column::PricedPosts,
        Column::RuleSet,
        Column::Start,
        Column::ArsMonthly,
        Column::PerPostTotal,
        Column::Total,
        Column::Overrides,
        Column::Note,
    ];

    /// A batch summary's totals per region and post type.
    pub const SUMMARY: &'static [Column] = &[
        Column::Region,
        Column::PostType,
        Column::Posts,
        Column::ArsTotal,
        Column::EstablishmentTotal,
        Column::FullCostTotal,
    ];

    /// The columns a batch table for people shows when none are chosen (those the output has).
    pub const FOR_PEOPLE: &'static [Column] = &[
        Column::Id,
        Column::Region,
        Column::PostType,
        Column::RuleSet,
        Column::Months,
        Column::ArsMonthly,
        Column::ArsTotal,
        Column::Posts,
        Column::Total,
        Column::Gap,
        Column::CheckStatus,
        Column::Overrides,
        Column::Status,
        Column::Error,
    ];

    /// Every column.
    pub fn all() -> impl Iterator<Item = Column> {
        <Column as strum::IntoEnumIterator>::iter()
    }

    /// The key in CSV and JSON (never translated): `ars_monthly`.
    pub fn key(self) -> &'static str {
        self.into()
    }

    /// The column with this key.
    pub fn from_key(key: &str) -> Option<Column> {
        Column::all().find(|c| c.key() == key)
    }

    /// What it needs priced or said.
    pub fn needs(self) -> Needs {
        use Column::*;
        let (explanation, actual_cost, early_leave) = match self {
            Conditions | Assumptions | Warnings | Overrides | Sources | Explain | Pet
            | RuleSetTitle => (true, false, false),
            ActualBaseSalaryMonthly
            | ActualIespeMonthly
            | ActualPetMonthly
            | ActualGrossMonthly
            | ActualChargesRate
            | ActualChargesMonthly
            | ActualLoadedMonthly
            | EstablishmentMonthly
            | EstablishmentTotal
            | FullCostTotal
            | Establishment
            | FullCost => (false, true, false),
            FullCostServed | EstablishmentServed => (false, true, true),
            LeftOn | LeaveReason | ArsDue | NotServed | Recovery | Recoverable | ServedDays => {
                (false, false, true)
            }
            Id | Region | PostType | RuleSet | Campaign | Start | End | Months | ExtraDays
            | Grade | Years | CreditBasis | BaseSalaryMonthly | IespeMonthly | PetMonthly
            | GrossMonthly | ChargesRate | ChargesMonthly | LoadedMonthly | Funded
            | FundedMonthly | Share | ArsMonthly | ArsTotal | Proration | RegionName | Rounding
            | ByYear | Schedule | Notified | Per | Expected | Gap | GapMonths | Tolerance
            | CheckStatus | ExplainedBy | ExplainedByIds | NotifiedMonths | PerInferred
            | MonthsInferred | Derivations | Computation | Posts | Total | Status | Error
            | Month | From | To | Days | DaysInMonth | Year | Ars | Level | PricedPosts
            | PerPostTotal | Note => (false, false, false),
        };
        Needs {
            explanation,
            actual_cost,
            early_leave,
        }
    }

    /// The header for people, in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        let [en, fr] = self.labels();
        lang.pick(en, fr)
    }

    /// The header for people in English and in French.
    pub fn labels(self) -> [&'static str; 2] {
        use Column::*;
        match self {
            Id => ["Id", "Id"],
            Region => ["Region", "Région"],
            PostType => ["Post type", "Type de poste"],
            RuleSet => ["Rule set", "Règles"],
            Campaign => ["Campaign", "Campagne"],
            Start => ["Start", "Début"],
            End => ["End", "Fin"],
            Months => ["Months", "Mois"],
            ExtraDays => ["Extra days", "Jours en plus"],
            Grade => ["Grade", "Grade"],
            Years => ["Years", "Ancienneté"],
            CreditBasis => ["Credit basis", "Base du crédit"],
            BaseSalaryMonthly => ["Base salary", "Traitement"],
            IespeMonthly => ["IESPE", "IESPE"],
            PetMonthly | Pet => ["PET", "PET"],
            GrossMonthly => ["Gross", "Brut"],
            ChargesRate => ["Charge rate", "Taux de charges"],
            ChargesMonthly => ["Charges", "Charges patronales"],
            LoadedMonthly => ["Loaded cost", "Coût chargé"],
            ActualBaseSalaryMonthly => ["Actual base salary", "Traitement réel"],
            ActualIespeMonthly => ["Actual IESPE", "IESPE réelle"],
            ActualPetMonthly => ["Actual PET", "PET réelle"],
            ActualGrossMonthly => ["Actual gross", "Brut réel"],
            ActualChargesRate => ["Actual charge rate", "Taux de charges réel"],
            ActualChargesMonthly => ["Actual charges", "Charges patronales réelles"],
            ActualLoadedMonthly => ["Actual loaded cost", "Coût chargé réel"],
            Funded => ["Funded", "Financé"],
            FundedMonthly => ["Funded base", "Assiette financée"],
            Share => ["Share", "Part"],
            ArsMonthly => ["ARS, monthly", "ARS, par mois"],
            EstablishmentMonthly => ["Establishment, monthly", "Établissement, par mois"],
            ArsTotal | Ars => ["ARS credit", "Crédit ARS"],
            EstablishmentTotal | Establishment => ["Establishment", "Établissement"],
            FullCostTotal | FullCost => ["Full cost", "Coût complet"],
            Proration => ["Partial months", "Mois partiels"],
            LeftOn => ["Left on", "Départ le"],
            LeaveReason => ["Leave reason", "Motif du départ"],
            ArsDue => ["ARS credit due", "Crédit ARS dû"],
            NotServed => ["Not served", "Crédit de la période non effectuée"],
            Recovery => ["Recovery", "Récupération"],
            Recoverable => ["Recoverable", "Récupérable"],
            FullCostServed => ["Cost served", "Coût de la période effectuée"],
            EstablishmentServed => ["Establishment served", "Établissement, période effectuée"],
            Conditions => ["Conditions", "Conditions"],
            Assumptions => ["Assumptions", "Hypothèses"],
            Warnings => ["Warnings", "Avertissements"],
            Overrides => ["Rule set overridden", "Règles outrepassées"],
            Sources => ["Sources", "Sources"],
            RegionName => ["Region name", "Nom de la région"],
            RuleSetTitle => ["What the rule set funds", "Ce que financent les règles"],
            Rounding => ["Rounding", "Arrondi"],
            Explain => ["How", "Calcul"],
            ByYear => ["By calendar year", "Par année civile"],
            Schedule => ["Schedule", "Échéancier"],
            Notified => ["Notified", "Notifié"],
            Per => ["Per", "Par"],
            Expected => ["Expected", "Attendu"],
            Gap => ["Gap", "Écart"],
            GapMonths => ["Gap in months", "Écart en mois"],
            Tolerance => ["Tolerance", "Tolérance"],
            CheckStatus => ["Check", "Vérification"],
            ExplainedBy => ["Explained by", "Expliqué par"],
            ExplainedByIds => ["Explained by (ids)", "Expliqué par (identifiants)"],
            NotifiedMonths => ["Notified, in months", "Notifié, en mois"],
            PerInferred => ["Per inferred", "Pour, déduit"],
            MonthsInferred => ["Length inferred", "Durée déduite"],
            Derivations => ["Other derivations tried", "Autres calculs essayés"],
            Computation => ["Computation", "Calcul"],
            Posts => ["Posts", "Postes"],
            Total => ["Total", "Total"],
            Status => ["Status", "Statut"],
            Error => ["Error", "Erreur"],
            Month => ["Month", "Mois civil"],
            From => ["From", "Du"],
            To => ["To", "Au"],
            Days => ["Days", "Jours"],
            DaysInMonth => ["Days in month", "Jours du mois"],
            ServedDays => ["Served", "Servis"],
            Year => ["Year", "Année"],
            Level => ["Level", "Niveau"],
            PricedPosts => ["Priced", "Chiffrés"],
            PerPostTotal => ["Per post, contract", "Par poste, contrat"],
            Note => ["Note", "Note"],
        }
    }
}

impl std::fmt::Display for Column {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_read_back() {
        let mut seen = std::collections::BTreeSet::new();
        for c in Column::all() {
            assert!(seen.insert(c.key()), "{c:?}");
            assert_eq!(Column::from_key(c.key()), Some(c));
        }
        assert_eq!(Column::ArsMonthly.key(), "ars_monthly");
        assert_eq!(Column::DaysInMonth.key(), "days_in_month");
    }
}
