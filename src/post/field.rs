//! [`Field`]: the one description of each input of a post. Its key (the CSV column and JSON
//! key), its command-line flag, its French column name, its help in both languages and how its
//! text is read into a [`RowInput`] all come from here: the command line builds its flags from
//! it, `batch` reads its headers through it, and messages name an input through it.

use super::error::{InputError, InputErrorKind};
use super::parse::{parse_count, parse_date, parse_flag, parse_posts, parse_quantity};
use super::Quantity;
use super::RowInput;
use crate::lang::Lang;
use crate::model::{fold_name, parse_components, Years};
use crate::money::{parse_amount, parse_rate};

/// An input of a post (or of a batch row: its id, the credit notified, the posts it stands for).
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
    strum::EnumCount,
    enumset::EnumSetType,
)]
#[enumset(no_super_impls)]
pub enum Field {
    /// The row's own id, copied to the output (a batch column).
    Id,
    /// Region id or name.
    Region,
    /// Post type.
    PostType,
    /// The rule set's campaign year.
    Campaign,
    /// First day of the contract.
    Start,
    /// Contract length in months.
    Months,
    /// Last day of the contract.
    End,
    /// Last day served, when the assistant leaves early.
    LeftOn,
    /// Why the assistant leaves early.
    LeaveReason,
    /// Share of the time in the ambulatory structure.
    AmbulatoryShare,
    /// Share of the time in the peripheral establishment.
    PeripheralShare,
    /// The assistant's specialty.
    Specialty,
    /// The assistant's grade.
    Grade,
    /// Years of service.
    Years,
    /// Average weekly half-days outside the main site.
    HalfDays,
    /// Sites other than the main one.
    Sites,
    /// Distance from the main site to the shared site.
    DistanceKm,
    /// The ARS director general authorised the PET under 20 km.
    PetDerogation,
    /// What-if: the funded share.
    Share,
    /// What-if: the employer charge rate.
    Charges,
    /// What-if: the funded components.
    Include,
    /// What-if: a fixed monthly PET.
    PetAmount,
    /// The establishment's own employer charge rate, for the post's actual cost.
    ActualCharges,
    /// The credit notified, to check.
    Notified,
    /// Whether the notified credit is monthly, for the contract or for a calendar year.
    Per,
    /// The calendar year whose tranche of the credit was notified.
    Year,
    /// How many identical posts a batch row stands for.
    Posts,
}

/// Where a field is typed: which commands take it as a flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// What describes a post: a flag of `compute`, `check`, `batch` and `envelope`.
    Post,
    /// The working pattern that sets the PET: those commands' flags, and `pet`'s.
    Pattern,
    /// A what-if override of the rule set.
    WhatIf,
    /// A `check` flag, and a `batch` column.
    Check,
    /// A `batch` column only.
    Row,
}

impl Group {
    /// The heading its flags are listed under in `--help`, when not the default.
    pub fn heading(self, lang: Lang) -> Option<&'static str> {
        match self {
            Group::Pattern => {
                Some(lang.pick("Working pattern (PET)", "Organisation du travail (PET)"))
            }
            Group::WhatIf => Some(lang.pick("What-if overrides", "Simulations")),
            Group::Post | Group::Check | Group::Row => None,
        }
    }
}

/// What describes a field: one block per field in [`Field::spec`].
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    /// The CSV column and JSON key (`pet_amount`); the flag is made from it (`--pet-amount`).
    pub key: &'static str,
    /// The French column name a batch header may use, and a French workbook writes (`montant_pet`).
    pub french: &'static str,
    /// The help, in English and in French.
    pub help: [&'static str; 2],
    /// The placeholder of its value in `--help`, in English and in French.
    pub placeholder: [&'static str; 2],
    /// Where it is typed.
    pub group: Group,
    /// Its one-letter flag, if any.
    pub short: Option<char>,
    /// A yes/no switch on the command line (a flag without value).
    pub switch: bool,
    /// One of the contract's dates: batch rows that differ only by these share their other cells.
    pub dated: bool,
}

const fn spec(
    key: &'static str,
    french: &'static str,
    group: Group,
    placeholder: [&'static str; 2],
    help: [&'static str; 2],
) -> Spec {
    Spec {
        key,
        french,
        help,
        placeholder,
        group,
        short: None,
        switch: false,
        dated: false,
    }
}

impl Spec {
    const fn short(self, letter: char) -> Spec {
        Spec {
            short: Some(letter),
            ..self
        }
    }

    const fn switch(self) -> Spec {
        Spec {
            switch: true,
            ..self
        }
    }

    const fn dated(self) -> Spec {
        Spec {
            dated: true,
            ..self
        }
    }
}

/// Each field's description, in the order of [`Field`] (a test checks it): the one place an
/// input is described.
const SPECS: [(Field, Spec); <Field as strum::EnumCount>::COUNT] = {
    use Group::*;
    [
    (Field::Id, spec("id", "id", Row, ["ID", "ID"], [
                "The row's own id, copied to the output.",
                "L'identifiant de la ligne, recopié en sortie.",
            ])),
    (Field::Region, spec("region", "region", Post, ["REGION", "RÉGION"], [
                "Region id (nouvelle-aquitaine) or official name in any case, with or without accents (\"Île-de-France\", PACA).",
                "Région : identifiant (nouvelle-aquitaine) ou nom officiel, en majuscules ou minuscules, avec ou sans accents (« Île-de-France », PACA)",
            ])
            .short('r')),
    (Field::PostType, spec("post_type", "type_de_poste", Post, ["POST_TYPE", "TYPE"], [
                "Post type: inter-hospital, ambulatory, overseas (or etablissements, ambulatoire, outre-mer) [default: the region's only rule set's].",
                "Type de poste : inter-hospital, ambulatory, overseas (ou etablissements, ambulatoire, outre-mer) [par défaut : celui des seules règles de la région]",
            ])
            .short('t')),
    (Field::Campaign, spec("campaign", "campagne", Post, ["CAMPAIGN", "ANNÉE"], [
                "The rule set's campaign year, when the region has several [default: the one in force at the start].",
                "L'année de campagne des règles, quand la région en a plusieurs [par défaut : celle en vigueur au début du contrat]",
            ])),
    (Field::Start, spec("start", "debut", Post, ["START", "DATE"], [
                "First day of the contract, YYYY-MM-DD or DD/MM/YYYY [default: the rule set's first start date].",
                "Premier jour du contrat, AAAA-MM-JJ ou JJ/MM/AAAA [par défaut : la première date de début des règles]",
            ])
            .dated()),
    (Field::Months, spec("months", "mois", Post, ["MONTHS", "MOIS"], [
                "Contract length in months [default: the rule set's, usually 24].",
                "Durée du contrat en mois [par défaut : celle des règles, souvent 24]",
            ])
            .dated()),
    (Field::End, spec("end", "fin", Post, ["END", "DATE"], [
                "Last day of the contract, YYYY-MM-DD or DD/MM/YYYY (instead of --months).",
                "Dernier jour du contrat, AAAA-MM-JJ ou JJ/MM/AAAA (au lieu de --months)",
            ])
            .dated()),
    (Field::LeftOn, spec("left_on", "depart_le", Post, ["LEFT_ON", "DATE"], [
                "Last day actually served, YYYY-MM-DD or DD/MM/YYYY, when the assistant leaves early: the credit for the days served, and what the agency may recover where its notice provides for it.",
                "Dernier jour réellement travaillé, AAAA-MM-JJ ou JJ/MM/AAAA, quand l'assistant part plus tôt : le crédit de la période effectuée, et ce que l'agence peut récupérer si son cahier des charges le prévoit",
            ])
            .dated()),
    (Field::LeaveReason, spec("leave_reason", "motif_depart", Post, ["LEAVE_REASON", "MOTIF"], [
                "Why the assistant leaves early: chef-de-clinique (recruited as chef de clinique) or other. A notice's recovery clause applies on its condition only.",
                "Motif du départ anticipé : « chef de clinique » (recruté chef de clinique) ou « autre ». La clause de récupération d'un cahier des charges ne s'applique qu'à sa condition",
            ])),
    (Field::AmbulatoryShare, spec("ambulatory_share", "part_ambulatoire", Post, ["AMBULATORY_SHARE", "PART"], [
                "Share of the time in the ambulatory structure (an ambulatory post must spend at least 50 % there), as 60% or 0.6.",
                "Part du temps dans la structure ambulatoire (un poste ambulatoire doit y passer au moins 50 %), comme 60% ou 0,6",
            ])),
    (Field::PeripheralShare, spec("peripheral_share", "part_peripherique", Post, ["PERIPHERAL_SHARE", "PART"], [
                "Share of the time in the peripheral establishment (Nouvelle-Aquitaine asks at least 50 %), as 60% or 0.6.",
                "Part du temps dans l'établissement périphérique (la Nouvelle-Aquitaine en demande au moins 50 %), comme 60% ou 0,6",
            ])),
    (Field::Specialty, spec("specialty", "specialite", Post, ["SPECIALTY", "SPÉCIALITÉ"], [
                "The assistant's specialty (general medicine is excluded from ambulatory posts).",
                "La spécialité de l'assistant (la médecine générale est exclue des postes ambulatoires)",
            ])),
    (Field::Grade, spec("grade", "grade", Post, ["GRADE", "GRADE"], [
                "Grade: specialist, generalist, associate-specialist, associate-generalist [default: the rule set's, specialist].",
                "Grade : specialist, generalist, associate-specialist, associate-generalist [par défaut : celui des règles, spécialiste]",
            ])),
    (Field::Years, spec("years", "anciennete", Post, ["YEARS", "ANNÉES"], [
                "Years of service: a band of the grid, 1-2, 3-4 or 5-6, kept all along; or the year of service at the start, 1 to 6, from which the post's actual cost steps band at each anniversary [default: the rule set's, 1-2].",
                "Ancienneté : une tranche de la grille, 1-2, 3-4 ou 5-6, gardée tout le contrat ; ou l'année d'ancienneté au début, de 1 à 6, à partir de laquelle le coût réel du poste change de tranche à chaque anniversaire [par défaut : celle des règles, 1-2]",
            ])),
    (Field::HalfDays, spec("half_days", "demi_journees", Pattern, ["HALF_DAYS", "DEMI_JOURNÉES"], [
                "Average weekly half-days outside the main site (3.5 is fine).",
                "Nombre moyen de demi-journées par semaine hors du site principal (3,5 convient)",
            ])),
    (Field::Sites, spec("sites", "sites", Pattern, ["SITES", "SITES"], [
                "Number of distinct sites other than the main one [default: 1].",
                "Nombre de sites distincts en plus du site principal [par défaut : 1]",
            ])),
    (Field::DistanceKm, spec("distance_km", "distance_km", Pattern, ["DISTANCE_KM", "KM"], [
                "Distance between the main site and the shared site, in km (the PET needs 20 km, or a derogation).",
                "Distance entre le site principal et le site partagé, en km (la PET demande 20 km, ou une dérogation)",
            ])),
    (Field::PetDerogation, spec("pet_derogation", "derogation_pet", Pattern, ["PET_DEROGATION", "DÉROGATION"], [
                "The ARS director general authorised the PET below 20 km.",
                "Le directeur général de l'ARS a autorisé la PET en deçà de 20 km",
            ])
            .switch()),
    (Field::Share, spec("share", "part", WhatIf, ["SHARE", "PART"], [
                "What-if on the rule set: the funded share, as 60% or 0.6; moves the credit (required for a region without rule set).",
                "Simulation sur les règles : la part financée, comme 60% ou 0,6 ; change le crédit (obligatoire pour une région sans règles)",
            ])),
    (Field::Charges, spec("charges", "charges", WhatIf, ["CHARGES", "TAUX"], [
                "What-if on the rule set: its employer charge rate, as 44% or 0.44; moves the credit only (the establishment's own rate is --actual-charges).",
                "Simulation sur les règles : leur taux de charges patronales, comme 44% ou 0,44 ; ne change que le crédit (le taux propre à l'établissement est --actual-charges)",
            ])),
    (Field::Include, spec("include", "composantes", WhatIf, ["INCLUDE", "COMPOSANTES"], [
                "What-if on the rule set: the funded components, comma separated, from salary, iespe, pet, charges; moves the credit.",
                "Simulation sur les règles : les composantes financées, séparées par des virgules, parmi salary, iespe, pet, charges ; change le crédit",
            ])),
    (Field::PetAmount, spec("pet_amount", "montant_pet", WhatIf, ["PET_AMOUNT", "MONTANT"], [
                "A fixed monthly PET instead of the working pattern's, as 700 or 1 000,00: moves the post's actual cost, and the credit only where the credit is computed on the post (no rule set) or its PET on the pattern.",
                "Une PET mensuelle fixe au lieu de celle de l'organisation du travail, comme 700 ou 1 000,00 : change le coût réel du poste, et le crédit seulement s'il est calculé sur le poste (sans règles) ou sa PET sur l'organisation du travail",
            ])),
    (Field::ActualCharges, spec("actual_charges", "charges_reelles", Post, ["RATE", "TAUX"], [
                "The establishment's own employer charge rate, as 42% or 0.42: moves the post's actual cost (and the establishment's share), never the credit [default: the data's reference rate].",
                "Le taux de charges patronales propre à l'établissement, comme 42% ou 0,42 : change le coût réel du poste (et la part de l'établissement), jamais le crédit [par défaut : le taux de référence des données]",
            ])),
    (Field::Notified, spec("notified", "notifie", Check, ["NOTIFIED", "MONTANT"], [
                "The credit notified, as 3249.79 or 77 994,96.",
                "Le crédit notifié, comme 3249.79 ou 77 994,96",
            ])),
    (Field::Per, spec("per", "par", Check, ["PER", "POUR"], [
                "What the notified amount is: month (the monthly credit), contract (the whole contract's) or year (one calendar year's tranche, with --year) [default: read from the amount: a whole number of monthly credits, to a cent a month, is that many months; otherwise the nearer of the month and the contract].",
                "Ce qu'est le montant notifié : mois (le crédit mensuel), contrat (celui de tout le contrat) ou année (la tranche d'une année civile, avec --year) [par défaut : lu sur le montant : un nombre entier de crédits mensuels, au centime près par mois, vaut autant de mois ; sinon le plus proche du mois et du contrat]",
            ])),
    (Field::Year, spec("year", "annee", Check, ["YEAR", "ANNÉE"], [
                "The calendar year whose tranche of the credit was notified, with --per year (alone, it means --per year): compared with what compute --by-year prints as ars for that year.",
                "L'année civile dont la tranche du crédit a été notifiée, avec --per année (seule, elle vaut --per année) : comparée à ce que compute --by-year donne en ars pour cette année",
            ])),
    (Field::Posts, spec("posts", "postes", Row, ["POSTS", "POSTES"], [
                "How many identical posts the row stands for (its credit is multiplied), at most 10 000.",
                "Combien de postes identiques la ligne représente (son crédit est multiplié), 10 000 au plus.",
            ])),
    ]
};

impl Field {
    /// The field's description.
    pub const fn spec(self) -> Spec {
        SPECS[self as usize].1
    }

    /// The CSV column and JSON key (`pet_amount`).
    pub const fn key(self) -> &'static str {
        self.spec().key
    }

    /// The command-line flag (`--pet-amount`).
    pub fn flag(self) -> String {
        format!("--{}", self.long())
    }

    /// The long flag's name (`pet-amount`).
    pub fn long(self) -> String {
        self.key().replace('_', "-")
    }

    /// The French column name (`montant_pet`).
    pub const fn french(self) -> &'static str {
        self.spec().french
    }

    /// Every field, in the order of the documentation.
    pub fn all() -> impl Iterator<Item = Field> {
        <Field as strum::IntoEnumIterator>::iter()
    }

    /// The field with this key (`pet_amount`).
    pub fn from_key(key: &str) -> Option<Field> {
        Field::all().find(|f| f.key() == key)
    }

    /// The field a batch header names, in English or French, in any case, with or without
    /// accents, with `_`, `-` or spaces (`Montant PET`, `début`, `post-type`), or as the tool's
    /// own output heads the column that echoes it (`Motif du départ`, `--headers fr`).
    pub fn from_header(header: &str) -> Option<Field> {
        // The names folded once, for every header read after.
        static FOLDED: std::sync::OnceLock<Vec<(String, String, Field)>> =
            std::sync::OnceLock::new();
        let folded = fold_name(header);
        FOLDED
            .get_or_init(|| {
                Field::all()
                    .map(|f| (fold_name(f.key()), fold_name(f.french()), f))
                    .collect()
            })
            .iter()
            .find(|(key, french, _)| *key == folded || *french == folded)
            .map(|(_, _, f)| *f)
            .or_else(|| {
                let column = crate::column::Column::from_heading(header)?;
                Field::from_key(column.key())
            })
    }

    /// Whether `header` names the field by its French name (and not also by its key).
    pub fn is_french_header(self, header: &str) -> bool {
        let folded = fold_name(header);
        fold_name(self.french()) == folded && fold_name(self.key()) != folded
    }

    /// Reads `text` into `row`. An empty text leaves the field unset (its default applies).
    pub fn read(self, text: &str, row: &mut RowInput) -> Result<(), InputError> {
        let text = trim(text);
        if text.is_empty() {
            return Ok(());
        }
        self.read_value(text, row)
            .map_err(|kind| InputError { field: self, kind })
    }

    /// Parses a value's text into its typed place in `row`: the one parser of each field.
    fn read_value(self, text: &str, row: &mut RowInput) -> Result<(), InputErrorKind> {
        let post = &mut row.post;
        match self {
            Field::Id => row.id = Some(text.to_string()),
            Field::Region => post.region = text.to_string(),
            Field::PostType => post.post_type = Some(text.parse()?),
            Field::Campaign => post.campaign = Some(parse_count(text)?),
            Field::Start => post.start = Some(parse_date(text)?),
            Field::Months => post.months = Some(parse_count(text)?),
            Field::End => post.end = Some(parse_date(text)?),
            Field::LeftOn => post.left_on = Some(parse_date(text)?),
            Field::LeaveReason => post.leave_reason = Some(text.parse()?),
            Field::AmbulatoryShare => post.conditions.ambulatory_share = Some(parse_rate(text)?),
            Field::PeripheralShare => post.conditions.peripheral_share = Some(parse_rate(text)?),
            Field::Specialty => post.conditions.specialty = Some(text.to_string()),
            Field::Grade => post.grade = Some(text.parse()?),
            Field::Years => post.years = Some(Years::read(text)?),
            Field::HalfDays => post.half_days = Some(parse_quantity(text, Quantity::HalfDays)?),
            Field::Sites => post.sites = Some(parse_count(text)?),
            Field::DistanceKm => {
                post.distance_km = Some(parse_quantity(text, Quantity::Kilometres)?);
            }
            Field::PetDerogation => post.pet_derogation = Some(parse_flag(text)?),
            Field::Share => post.share = Some(parse_rate(text)?),
            Field::Charges => post.charges = Some(parse_rate(text)?),
            Field::Include => post.include = Some(parse_components(text)?),
            Field::PetAmount => post.pet_amount = Some(parse_amount(text)?),
            Field::ActualCharges => post.actual_charges = Some(parse_rate(text)?),
            Field::Notified => row.notified = Some(parse_amount(text)?),
            Field::Per => row.per = Some(text.parse()?),
            Field::Year => row.year = Some(parse_count(text)?),
            Field::Posts => row.posts = Some(parse_posts(text)?),
        }
        Ok(())
    }

    /// Whether `row` has a value for the field.
    pub fn given(self, row: &RowInput) -> bool {
        let post = &row.post;
        match self {
            Field::Id => row.id.is_some(),
            Field::Region => !post.region.is_empty(),
            Field::PostType => post.post_type.is_some(),
            Field::Campaign => post.campaign.is_some(),
            Field::Start => post.start.is_some(),
            Field::Months => post.months.is_some(),
            Field::End => post.end.is_some(),
            Field::LeftOn => post.left_on.is_some(),
            Field::LeaveReason => post.leave_reason.is_some(),
            Field::AmbulatoryShare => post.conditions.ambulatory_share.is_some(),
            Field::PeripheralShare => post.conditions.peripheral_share.is_some(),
            Field::Specialty => post.conditions.specialty.is_some(),
            Field::Grade => post.grade.is_some(),
            Field::Years => post.years.is_some(),
            Field::HalfDays => post.half_days.is_some(),
            Field::Sites => post.sites.is_some(),
            Field::DistanceKm => post.distance_km.is_some(),
            Field::PetDerogation => post.pet_derogation.is_some(),
            Field::Share => post.share.is_some(),
            Field::Charges => post.charges.is_some(),
            Field::Include => post.include.is_some(),
            Field::PetAmount => post.pet_amount.is_some(),
            Field::ActualCharges => post.actual_charges.is_some(),
            Field::Notified => row.notified.is_some(),
            Field::Per => row.per.is_some(),
            Field::Year => row.year.is_some(),
            Field::Posts => row.posts.is_some(),
        }
    }
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

/// `text` without its leading and trailing white space, as [`str::trim`] gives it, but without
/// walking the characters when the first and the last bytes are not white space (most cells):
/// a non-ASCII white space begins and ends with a byte above 0x7F.
fn trim(text: &str) -> &str {
    match (text.as_bytes().first(), text.as_bytes().last()) {
        (Some(&first), Some(&last))
            if first.is_ascii()
                && last.is_ascii()
                && !char::from(first).is_whitespace()
                && !char::from(last).is_whitespace() =>
        {
            text
        }
        _ => text.trim(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_trimmed_as_str_trim_trims_them() {
        for text in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\ta\n",
            "\u{a0}3\u{a0}",
            "\u{85}x",
            "x\u{2029}",
            "\u{b}1",
            "1\u{b}",
            "é",
            " é ",
            "\u{202f}60 %\u{202f}",
            "a b",
        ] {
            assert_eq!(trim(text), text.trim(), "{text:?}");
        }
    }

    #[test]
    fn each_field_has_its_own_description() {
        for (i, (field, _)) in SPECS.iter().enumerate() {
            assert_eq!(*field as usize, i, "{field:?}");
        }
    }

    #[test]
    fn keys_and_french_names_are_unique_and_folded() {
        let mut seen = std::collections::BTreeSet::new();
        for f in Field::all() {
            assert_eq!(fold_name(f.key()).replace('-', "_"), f.key(), "{f:?}");
            assert!(seen.insert(fold_name(f.key())), "{f:?}");
            if f.french() != f.key() {
                assert!(seen.insert(fold_name(f.french())), "{f:?}");
            }
            assert_eq!(Field::from_key(f.key()), Some(f));
        }
    }

    #[test]
    fn headers_in_english_or_french() {
        assert_eq!(Field::from_header("pet_amount"), Some(Field::PetAmount));
        assert_eq!(Field::from_header("Montant PET"), Some(Field::PetAmount));
        assert_eq!(Field::from_header("début"), Some(Field::Start));
        assert_eq!(Field::from_header("post-type"), Some(Field::PostType));
        assert!(Field::from_header("colour").is_none());
        assert!(Field::Start.is_french_header("Début"));
        assert!(!Field::Sites.is_french_header("sites"));
    }

    #[test]
    fn fields_are_read_into_their_typed_place() {
        use rust_decimal_macros::dec;
        let mut row = RowInput::default();
        Field::Region.read("Île-de-France", &mut row).unwrap();
        Field::Share.read("60 %", &mut row).unwrap();
        Field::PetAmount.read("1 000,00", &mut row).unwrap();
        Field::PetDerogation.read("oui", &mut row).unwrap();
        Field::Months.read("", &mut row).unwrap();
        assert_eq!(row.post.region, "Île-de-France");
        assert_eq!(row.post.share, Some(dec!(0.6)));
        assert_eq!(row.post.pet_amount, Some(dec!(1000)));
        assert_eq!(row.post.pet_derogation, Some(true));
        assert_eq!(row.post.months, None);
        assert!(!Field::Months.given(&row));
        assert!(Field::Share.given(&row));
        let err = Field::Start.read("2026-02-30", &mut row).unwrap_err();
        assert_eq!(err.field, Field::Start);
        assert!(Field::Months.read("-3", &mut row).is_err());
    }
}
