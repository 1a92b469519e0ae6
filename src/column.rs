//! [`Column`]: the one description of each column the outputs write about a post (its
//! computation, its check, its months and years, a batch row, an envelope row): its key for
//! CSV and JSON, its header for people in each language, and what must be priced to fill it.
//! The records that fill columns (`output::records`, `batch`, `envelope`) do it through an
//! exhaustive `match`, so that the compiler finds every place a new column needs.

use crate::lang::Lang;
use strum::EnumCount;

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
    /// The ids of the assumptions and warnings (`A3|W1`), each text given once beside the rows.
    Notes,
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
    /// The ARS credit of the period for all the posts a row stands for.
    ArsPosts,
    /// The establishment's part of the period for all the posts.
    EstablishmentPosts,
    /// The full cost of the period for all the posts.
    FullCostPosts,
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
    /// The words themselves, not only the notes' ids, conditions and documents.
    pub texts: bool,
}

impl Column {
    /// Its place among [`Column::COMPUTATION`], from 1; 0 for a column that is not one of them
    /// (found once for every column, not by a search each time a figure is sorted).
    pub fn computation_place(self) -> usize {
        static PLACES: std::sync::LazyLock<[usize; Column::COUNT]> =
            std::sync::LazyLock::new(|| {
                let mut places = [0; Column::COUNT];
                for (place, column) in Column::COMPUTATION.iter().enumerate() {
                    if let Some(at) = places.get_mut(*column as usize) {
                        *at = place + 1;
                    }
                }
                places
            });
        PLACES.get(self as usize).copied().unwrap_or(0)
    }

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

    /// The columns of the words themselves, which a batch writes only when they are named
    /// (`--columns id,ars_total,assumptions`): by default its rows give the notes' ids
    /// ([`Column::Notes`]) in their place.
    pub const FULL_TEXT: &'static [Column] = &[Column::Assumptions, Column::Warnings];

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

    /// A batch's row and calendar year (`--by-year`): the post, then the year's figures.
    pub const BATCH_BY_YEAR: &'static [Column] = &[
        Column::Region,
        Column::PostType,
        Column::RuleSet,
        Column::Start,
        Column::End,
        Column::Year,
        Column::Ars,
        Column::Establishment,
        Column::FullCost,
    ];

    /// The same for all the posts a row stands for (with a `posts` column).
    pub const BATCH_BY_YEAR_POSTS: &'static [Column] = &[
        Column::Posts,
        Column::ArsPosts,
        Column::EstablishmentPosts,
        Column::FullCostPosts,
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

    /// The column a heading names: its key, or its label in English or French as the tool's
    /// own output heads it (`Crédit ARS`, `Écart`), in any case, with or without accents.
    pub fn from_heading(heading: &str) -> Option<Column> {
        if let Some(column) = Column::from_key(heading.trim()) {
            return Some(column);
        }
        // The labels folded once, for every heading read after.
        static FOLDED: std::sync::OnceLock<Vec<(String, Column)>> = std::sync::OnceLock::new();
        let folded = crate::model::fold_name(heading);
        FOLDED
            .get_or_init(|| {
                Column::all()
                    .flat_map(|c| c.labels().map(|label| (crate::model::fold_name(label), c)))
                    .collect()
            })
            .iter()
            .find(|(label, _)| *label == folded)
            .map(|(_, c)| *c)
    }

    /// The column with this key (`ars_total`).
    pub fn from_key(key: &str) -> Option<Column> {
        Column::all().find(|c| c.key() == key)
    }

    /// What it needs priced or said.
    pub fn needs(self) -> Needs {
        use Column::*;
        let (explanation, actual_cost, early_leave) = match self {
            Conditions | Overrides | Explain | Pet | RuleSetTitle => (true, false, false),
            // What the post's actual cost assumes is among the notes, and the documents it comes
            // from among the sources, whatever else is shown.
            Assumptions | Warnings | Notes | Sources => (true, true, false),
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
            | FullCost
            | EstablishmentPosts
            | FullCostPosts => (false, true, false),
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
            | Month | From | To | Days | DaysInMonth | Year | Ars | ArsPosts | Level
            | PricedPosts | PerPostTotal | Note => (false, false, false),
        };
        Needs {
            explanation,
            actual_cost,
            early_leave,
            texts: matches!(self, Assumptions | Warnings | Overrides | Explain | Pet),
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
            Notes => ["Notes", "Notes"],
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
            ArsPosts => ["ARS credit, all posts", "Crédit ARS, tous les postes"],
            EstablishmentPosts => ["Establishment, all posts", "Établissement, tous les postes"],
            FullCostPosts => ["Full cost, all posts", "Coût complet, tous les postes"],
            Level => ["Level", "Niveau"],
            PricedPosts => ["Priced", "Chiffrés"],
            PerPostTotal => ["Per post, contract", "Par poste, contrat"],
            Note => ["Note", "Note"],
        }
    }

    /// What the column is, in a sentence, in English and in French (a workbook's *Columns* sheet).
    #[rustfmt::skip]
    pub fn description(self) -> [&'static str; 2] {
        use Column::*;
        match self {
            Id => ["The row's own id, copied from the input.", "L'identifiant de la ligne, recopié de l'entrée."],
            Region => ["The region: its id, or its name under French headings.", "La région : son identifiant, ou son nom sous des en-têtes en français."],
            PostType => ["The post type: inter-hospital, ambulatory or overseas.", "Le type de poste : entre établissements, ambulatoire ou outre-mer."],
            RuleSet => ["The region's rule set that prices the credit, or custom without one.", "Les règles de la région qui chiffrent le crédit, ou custom sans règles publiées."],
            Campaign => ["The campaign year of the rule set.", "L'année de campagne des règles."],
            Start => ["The contract's first day.", "Le premier jour du contrat."],
            End => ["The contract's last day.", "Le dernier jour du contrat."],
            Months => ["The contract's whole months.", "Les mois entiers du contrat."],
            ExtraDays => ["Days after the whole months, counted in thirtieths.", "Les jours après les mois entiers, comptés en trentièmes."],
            Grade => ["The assistant's grade.", "Le grade de l'assistant."],
            Years => ["The assistant's band of years of service on the grid.", "La tranche d'ancienneté de l'assistant sur la grille."],
            CreditBasis => ["What the credit is computed on: a reference post, a notice's amounts, or the post's own cost.", "Ce sur quoi le crédit est calculé : un poste de référence, les montants d'un cahier des charges, ou le coût du poste lui-même."],
            BaseSalaryMonthly => ["The credit's monthly base salary (gross), annual grid amount / 12.", "Le traitement de base mensuel (brut) du crédit, montant annuel de la grille / 12."],
            IespeMonthly => ["The credit's monthly IESPE (indemnité d'engagement de service public exclusif).", "L'IESPE mensuelle du crédit (indemnité d'engagement de service public exclusif)."],
            PetMonthly => ["The credit's monthly PET (prime d'exercice territorial); empty when the credit leaves it out.", "La PET mensuelle du crédit (prime d'exercice territorial) ; vide quand le crédit ne la compte pas."],
            GrossMonthly => ["The credit's monthly gross: base + IESPE + PET.", "Le brut mensuel du crédit : traitement + IESPE + PET."],
            ChargesRate => ["The employer charge rate of the credit.", "Le taux de charges patronales du crédit."],
            ChargesMonthly => ["The credit's monthly employer charges.", "Les charges patronales mensuelles du crédit."],
            LoadedMonthly => ["The credit's monthly loaded cost: gross × (1 + rate).", "Le coût chargé mensuel du crédit : brut × (1 + taux)."],
            ActualBaseSalaryMonthly => ["The post's own monthly base salary, at the grid in force.", "Le traitement de base mensuel du poste lui-même, à la grille en vigueur."],
            ActualIespeMonthly => ["The post's own monthly IESPE.", "L'IESPE mensuelle du poste lui-même."],
            ActualPetMonthly => ["The post's own monthly PET, from its working pattern or amount.", "La PET mensuelle du poste lui-même, selon son organisation du travail ou son montant."],
            ActualGrossMonthly => ["The post's own monthly gross.", "Le brut mensuel du poste lui-même."],
            ActualChargesRate => ["The employer charge rate of the post's actual cost.", "Le taux de charges patronales du coût réel du poste."],
            ActualChargesMonthly => ["The post's own monthly employer charges.", "Les charges patronales mensuelles du poste lui-même."],
            ActualLoadedMonthly => ["What the post really costs each month, loaded.", "Ce que le poste coûte réellement chaque mois, chargé."],
            Funded => ["The components the ARS funds: salary, iespe, pet, charges.", "Les composantes que finance l'ARS : salary (traitement), iespe, pet, charges."],
            FundedMonthly => ["The monthly amount the funded share applies to.", "Le montant mensuel auquel s'applique la part financée."],
            Share => ["The share the ARS funds.", "La part que finance l'ARS."],
            ArsMonthly => ["The ARS monthly credit, rounded to the cent: the amount notified.", "Le crédit mensuel de l'ARS, arrondi au centime : le montant notifié."],
            EstablishmentMonthly => ["What the establishment bears each month: the actual loaded cost less the ARS credit.", "Ce que l'établissement supporte chaque mois : le coût réel chargé moins le crédit ARS."],
            ArsTotal => ["The ARS credit for the whole contract.", "Le crédit ARS de tout le contrat."],
            EstablishmentTotal => ["What the establishment bears over the contract.", "Ce que l'établissement supporte sur tout le contrat."],
            FullCostTotal => ["The post's full cost over the contract.", "Le coût complet du poste sur tout le contrat."],
            Proration => ["How a partial month counts: thirtieths, calendar days or whole months.", "Comment compte un mois partiel : trentièmes, jours calendaires ou mois entiers."],
            LeftOn => ["The last day served, when the assistant leaves early.", "Le dernier jour travaillé, quand l'assistant part plus tôt."],
            LeaveReason => ["Why the assistant leaves early.", "Le motif du départ anticipé."],
            ArsDue => ["The credit due for the time served.", "Le crédit dû pour la période effectuée."],
            NotServed => ["The credit of the time not served: notified less due.", "Le crédit de la période non effectuée : notifié moins dû."],
            Recovery => ["Whether the notice lets the agency recover it.", "Si le cahier des charges permet à l'agence de le récupérer."],
            Recoverable => ["What the agency may recover.", "Ce que l'agence peut récupérer."],
            FullCostServed => ["The post's actual cost over the time served.", "Le coût réel du poste sur la période effectuée."],
            EstablishmentServed => ["What the establishment bears over the time served.", "Ce que l'établissement supporte sur la période effectuée."],
            Conditions => ["The conditions of eligibility and their status (met, not-met, not-verified).", "Les conditions d'éligibilité et leur statut (met : remplie, not-met : non remplie, not-verified : non vérifiée)."],
            Assumptions => ["What was assumed where the documents are silent.", "Ce qui a été supposé là où les documents se taisent."],
            Warnings => ["What the reader should know about the row.", "Ce que le lecteur doit savoir de la ligne."],
            Notes => ["The ids of the row's assumptions (A…) and warnings (W…), whose texts are given once: the Sources sheet, JSON's notes object, batch --notes FILE or asp-funding notes.", "Les identifiants des hypothèses (A…) et avertissements (W…) de la ligne, dont les textes sont donnés une fois : la feuille Sources, l'objet notes du JSON, batch --notes FICHIER ou asp-funding notes."],
            Overrides => ["The flags that changed what the rule set fixes (--override), with the rule set's own value.", "Les options qui ont changé ce que fixent les règles (--override), avec la valeur des règles."],
            Sources => ["The documents the figures come from (see the Sources sheet).", "Les documents dont viennent les montants (voir la feuille Sources)."],
            RegionName => ["The region's official name.", "Le nom officiel de la région."],
            RuleSetTitle => ["What the rule set funds, in a line.", "Ce que financent les règles, en une ligne."],
            Rounding => ["How amounts are rounded.", "Comment les montants sont arrondis."],
            Pet => ["The PET decision: eligible, tier and why.", "La décision sur la PET : éligibilité, palier et pourquoi."],
            Explain => ["How each figure was computed.", "Comment chaque montant a été calculé."],
            ByYear => ["The totals per calendar year.", "Les totaux par année civile."],
            Schedule => ["The month-by-month schedule.", "L'échéancier mois par mois."],
            Notified => ["The credit the ARS notified, to check.", "Le crédit notifié par l'ARS, à vérifier."],
            Per => ["What the notified amount is: a month's, the contract's or a year's.", "Ce qu'est le montant notifié : celui d'un mois, du contrat ou d'une année."],
            Expected => ["The computed amount it is compared with.", "Le montant calculé auquel il est comparé."],
            Gap => ["Notified less expected.", "Notifié moins attendu."],
            GapMonths => ["The gap in months of credit.", "L'écart en mois de crédit."],
            Tolerance => ["The largest gap still taken as a match.", "Le plus grand écart encore tenu pour une concordance."],
            CheckStatus => ["match or mismatch.", "match (concorde) ou mismatch (écart)."],
            ExplainedBy => ["The other derivations that give the notified amount.", "Les autres calculs qui donnent le montant notifié."],
            ExplainedByIds => ["Their ids.", "Leurs identifiants."],
            NotifiedMonths => ["The notified amount as a whole number of monthly credits, when it is one.", "Le montant notifié en nombre entier de crédits mensuels, quand c'en est un."],
            PerInferred => ["Whether what the notified amount is was inferred.", "Si la nature du montant notifié a été déduite."],
            MonthsInferred => ["Whether the contract's length was inferred.", "Si la durée du contrat a été déduite."],
            Derivations => ["Every derivation tried.", "Tous les calculs essayés."],
            Computation => ["The computation checked.", "Le calcul vérifié."],
            Posts => ["How many identical posts the row stands for.", "Combien de postes identiques la ligne représente."],
            Total => ["The credit for the contract × the posts.", "Le crédit du contrat × les postes."],
            Status => ["ok, or error when the row could not be computed.", "ok, ou error quand la ligne n'a pas pu être calculée."],
            Error => ["Why the row is in error.", "Pourquoi la ligne est en erreur."],
            Month => ["The calendar month.", "Le mois civil."],
            From => ["The month's first day counted.", "Le premier jour compté du mois."],
            To => ["The month's last day counted.", "Le dernier jour compté du mois."],
            Days => ["Days counted in the month.", "Les jours comptés dans le mois."],
            DaysInMonth => ["Out of how many (30 in thirtieths).", "Sur combien (30 en trentièmes)."],
            ServedDays => ["Days served in the month.", "Les jours effectués dans le mois."],
            Year => ["The calendar year.", "L'année civile."],
            Ars => ["The ARS credit of the period.", "Le crédit ARS de la période."],
            Establishment => ["What the establishment bears over the period.", "Ce que l'établissement supporte sur la période."],
            FullCost => ["The full cost of the period.", "Le coût complet de la période."],
            ArsPosts => ["The ARS credit of the period × the posts the row stands for.", "Le crédit ARS de la période × les postes que la ligne représente."],
            EstablishmentPosts => ["What the establishment bears over the period × the posts.", "Ce que l'établissement supporte sur la période × les postes."],
            FullCostPosts => ["The full cost of the period × the posts.", "Le coût complet de la période × les postes."],
            Level => ["What the line is: start, data, rule-set, assumption, warning, source, region, within, unknown-regions, post-type, nation or year.", "Ce qu'est la ligne : start, data, rule-set, assumption, warning, source, region, within, unknown-regions, post-type, nation ou year."],
            PricedPosts => ["The posts priced.", "Les postes chiffrés."],
            PerPostTotal => ["One post's credit for the contract.", "Le crédit d'un poste pour le contrat."],
            Note => ["Why a row is not priced, what it is part of, or the basis line's words.", "Pourquoi une ligne n'est pas chiffrée, de quoi elle fait partie, ou les mots d'une ligne de base."],
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
    fn a_columns_place_is_its_place_among_the_computations_columns() {
        use strum::IntoEnumIterator;
        for column in Column::iter() {
            let place = Column::COMPUTATION.iter().position(|c| *c == column);
            assert_eq!(
                column.computation_place(),
                place.map_or(0, |p| p + 1),
                "{column:?}"
            );
        }
    }

    #[test]
    fn keys_are_unique_and_read_back() {
        let mut seen = std::collections::BTreeSet::new();
        for c in Column::all() {
            assert!(seen.insert(c.key()), "{c:?}");
            assert_eq!(Column::from_key(c.key()), Some(c));
        }
        assert_eq!(Column::ArsMonthly.key(), "ars_monthly");
        // The words find a column's place in it by halves.
        assert!(Column::COMPUTATION.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(Column::DaysInMonth.key(), "days_in_month");
    }
}
