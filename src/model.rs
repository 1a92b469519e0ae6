//! The domain's vocabulary: grades, year bands, post types and cost components.

use crate::lang::Lang;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use strum::IntoEnumIterator;

/// Folds a name as French users type it into an identifier: lower case, accents
/// removed, every run of other characters (spaces, hyphens, either apostrophe) made one hyphen.
///
/// `"Provence-Alpes-Côte d’Azur"` → `"provence-alpes-cote-d-azur"`.
pub fn fold_name(text: &str) -> String {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    // Decomposed (NFD), the accents are combining marks, dropped whether the text came
    // composed (« Î ») or decomposed (« I » + U+0302); ligatures are spelled out.
    for c in text.nfd().filter(|c| !is_combining_mark(*c)) {
        let lower = c.to_lowercase();
        for c in lower {
            let folded: &str = match c {
                'œ' => "oe",
                'æ' => "ae",
                'ß' => "ss",
                c if c.is_ascii_alphanumeric() => {
                    if pending_hyphen && !out.is_empty() {
                        out.push('-');
                    }
                    pending_hyphen = false;
                    out.push(c);
                    continue;
                }
                _ => {
                    pending_hyphen = true;
                    continue;
                }
            };
            if pending_hyphen && !out.is_empty() {
                out.push('-');
            }
            pending_hyphen = false;
            out.push_str(folded);
        }
    }
    out
}

/// The edit distance between two names (insertions, deletions, substitutions of characters).
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// The candidate nearest to what was typed, once both are folded, when it is near enough to
/// be what was meant (a few typing slips): for a "did you mean" suggestion.
pub fn did_you_mean<'a>(
    given: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let folded = fold_name(given);
    let limit = (folded.chars().count() / 4).max(2);
    candidates
        .into_iter()
        .map(|c| (distance(&folded, &fold_name(c)), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// ` Did you mean 'x'?` (` Vouliez-vous dire « x » ?`) or nothing, in `lang`.
pub fn suggestion(found: Option<&str>, lang: Lang) -> String {
    found.map_or(String::new(), |name| {
        crate::tr!(
            lang,
            " Did you mean '{name}'?",
            " Vouliez-vous dire « {name} » ?"
        )
    })
}

/// Why a name was not recognised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    /// What was being named, in English (`post type`) and in French with its adjective agreed
    /// (`type de poste inconnu`, `composante inconnue`).
    pub kind: [&'static str; 2],
    /// What the user gave.
    pub given: String,
    /// The accepted names.
    pub expected: Vec<&'static str>,
}

impl UnknownName {
    /// The message in `lang`, with a suggestion when a name is near.
    pub fn render(&self, lang: Lang) -> String {
        let ([kind, kind_fr], given) = (self.kind, &self.given);
        let expected = self.expected.join(", ");
        let hint = suggestion(did_you_mean(given, self.expected.iter().copied()), lang);
        crate::tr!(
            lang,
            "unknown {kind} '{given}': expected one of {expected}.{hint}",
            "{kind_fr} « {given} » ; valeurs admises : {expected}.{hint}"
        )
    }
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

impl std::error::Error for UnknownName {}

/// A closed list of names: each value's id (in the data files and the output) and the other
/// spellings people type for it, read in any case, with or without accents and separators.
pub trait Named: Sized + Copy + IntoEnumIterator + Into<&'static str> {
    /// What is named, in English and in French with its adjective (`type de poste inconnu`).
    const KIND: [&'static str; 2];

    /// The other spellings accepted, written folded (a test checks it).
    fn aliases(self) -> &'static [&'static str];

    /// The canonical id, as in the data files and the output.
    fn id(self) -> &'static str {
        self.into()
    }

    /// Reads a name: an id or an alias, as typed or once folded. Folding forgives case,
    /// accents and separators between words, not stray signs: `-1`, `5 €`, `.5` or `5%` are
    /// not `1` or `5`.
    fn read(text: &str) -> Result<Self, UnknownName> {
        let find = |candidate: &str| {
            Self::iter().find(|v| v.id() == candidate || v.aliases().contains(&candidate))
        };
        let plain = || {
            let trimmed = text.trim();
            let word = |c: char| c.is_alphanumeric();
            trimmed.starts_with(word)
                && trimmed.ends_with(word)
                && trimmed
                    .chars()
                    .all(|c| word(c) || matches!(c, ' ' | '-' | '_' | '\'' | '’'))
        };
        find(text)
            .or_else(|| {
                if plain() {
                    find(&fold_name(text))
                } else {
                    None
                }
            })
            .ok_or_else(|| UnknownName {
                kind: Self::KIND,
                given: text.to_string(),
                expected: Self::iter().map(Named::id).collect(),
            })
    }
}

/// The three post categories of the national scheme.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    strum::EnumIter,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum PostType {
    /// ASP entre établissements de santé: shared between two (or three) health establishments.
    InterHospital,
    /// ASP entre structures ambulatoires et établissements de santé (ville-hôpital).
    Ambulatory,
    /// ASP à exercice en Outre-mer.
    Overseas,
}

impl Named for PostType {
    const KIND: [&'static str; 2] = ["post type", "type de poste inconnu"];
    fn aliases(self) -> &'static [&'static str] {
        match self {
            PostType::InterHospital => &[
                "etablissements",
                "etablissement",
                "inter-hospitalier",
                "entre-etablissements",
            ],
            PostType::Ambulatory => &["ambulatoire", "ville-hopital"],
            PostType::Overseas => &["outre-mer", "outremer"],
        }
    }
}

impl PostType {
    /// The post type's name for people in `lang` (the id in English).
    pub fn label(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.id(),
            Lang::Fr => match self {
                PostType::InterHospital => "entre établissements",
                PostType::Ambulatory => "ambulatoire",
                PostType::Overseas => "outre-mer",
            },
        }
    }
}

/// The grade of the assistant, as in annex V of the arrêté of 8 July 2022.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    strum::EnumIter,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Grade {
    /// Assistant spécialiste.
    Specialist,
    /// Assistant généraliste.
    Generalist,
    /// Assistant associé spécialiste.
    AssociateSpecialist,
    /// Assistant associé généraliste.
    AssociateGeneralist,
}

impl Named for Grade {
    const KIND: [&'static str; 2] = ["grade", "grade inconnu"];
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Grade::Specialist => &["specialiste", "assistant-specialiste"],
            Grade::Generalist => &["generaliste", "assistant-generaliste"],
            Grade::AssociateSpecialist => &["associe-specialiste", "assistant-associe-specialiste"],
            Grade::AssociateGeneralist => &["associe-generaliste", "assistant-associe-generaliste"],
        }
    }
}

impl Grade {
    /// The grade's name in the arrêté (French in both languages: it names a status of French law).
    pub fn label(self) -> &'static str {
        match self {
            Grade::Specialist => "assistant spécialiste",
            Grade::Generalist => "assistant généraliste",
            Grade::AssociateSpecialist => "assistant associé spécialiste",
            Grade::AssociateGeneralist => "assistant associé généraliste",
        }
    }
}

/// The band of years of service in the grid: the arrêté groups years in pairs.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    strum::EnumIter,
    strum::IntoStaticStr,
)]
pub enum YearBand {
    /// 1st and 2nd years.
    #[serde(rename = "1-2")]
    #[strum(serialize = "1-2")]
    Years1To2,
    /// 3rd and 4th years.
    #[serde(rename = "3-4")]
    #[strum(serialize = "3-4")]
    Years3To4,
    /// 5th and 6th years.
    #[serde(rename = "5-6")]
    #[strum(serialize = "5-6")]
    Years5To6,
}

impl Named for YearBand {
    const KIND: [&'static str; 2] = ["year band", "tranche d'ancienneté inconnue"];
    fn aliases(self) -> &'static [&'static str] {
        match self {
            YearBand::Years1To2 => &["1", "2"],
            YearBand::Years3To4 => &["3", "4"],
            YearBand::Years5To6 => &["5", "6"],
        }
    }
}

/// Years of service as typed: a band of the grid (`1-2`), kept all along, or the year of
/// service at the start (`2`), from which the band steps at each anniversary of the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Years {
    /// A band of the grid, for the whole contract.
    Band(YearBand),
    /// The year of service (1 to 6) at the start.
    Year(u8),
}

/// The last year of service the grid has a band for.
pub const LAST_YEAR: u8 = 6;

impl Years {
    /// Reads years of service: a band (`1-2`, `3-4`, `5-6`) or a year (`1` to `6`).
    pub fn read(text: &str) -> Result<Years, UnknownName> {
        match text.trim().parse::<u8>() {
            Ok(year) if (1..=LAST_YEAR).contains(&year) => Ok(Years::Year(year)),
            _ => YearBand::read(text).map(Years::Band),
        }
    }

    /// The band at the start.
    pub fn band(self) -> YearBand {
        match self {
            Years::Band(band) => band,
            Years::Year(year) => YearBand::of_year(year),
        }
    }

    /// The year of service at the start, when one was given.
    pub fn first_year(self) -> Option<u8> {
        match self {
            Years::Band(_) => None,
            Years::Year(year) => Some(year),
        }
    }
}

impl YearBand {
    /// The band of a year of service; past the grid's last year, its last band.
    pub fn of_year(year: u8) -> YearBand {
        match year {
            0..=2 => YearBand::Years1To2,
            3 | 4 => YearBand::Years3To4,
            _ => YearBand::Years5To6,
        }
    }
}

/// Why an assistant leaves before the end of the contract: notices may recover the credit
/// for the months not served on one reason only.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    strum::EnumIter,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum LeaveReason {
    /// Recruited as chef de clinique (source 003, section 6).
    ChefDeClinique,
    /// Any other reason.
    Other,
}

impl Named for LeaveReason {
    const KIND: [&'static str; 2] = ["leave reason", "motif de départ inconnu"];
    fn aliases(self) -> &'static [&'static str] {
        match self {
            LeaveReason::ChefDeClinique => &["chef-clinique", "cca"],
            LeaveReason::Other => &["autre"],
        }
    }
}

impl LeaveReason {
    /// The reason for people in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (LeaveReason::ChefDeClinique, _) => "chef de clinique",
            (LeaveReason::Other, Lang::En) => "other",
            (LeaveReason::Other, Lang::Fr) => "autre",
        }
    }
}

/// A component of a post's cost that a rule set may fund.
#[derive(
    Debug,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    strum::EnumIter,
    strum::IntoStaticStr,
    enumset::EnumSetType,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Component {
    /// The base salary (émoluments hospitaliers).
    Salary,
    /// IESPE: indemnité d'engagement de service public exclusif.
    Iespe,
    /// PET: prime d'exercice territorial.
    Pet,
    /// Employer charges (charges patronales) on the funded gross components.
    Charges,
}

impl Named for Component {
    const KIND: [&'static str; 2] = ["component", "composante inconnue"];
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Component::Salary => &["base", "salaire", "traitement"],
            Component::Iespe | Component::Pet => &[],
            Component::Charges => &["charges-patronales"],
        }
    }
}

impl Component {
    /// The component's name for people in `lang` (the id in English).
    pub fn label(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::Fr, Component::Salary) => "traitement",
            (Lang::Fr, Component::Iespe) => "IESPE",
            (Lang::Fr, Component::Pet) => "PET",
            (Lang::Fr, Component::Charges) => "charges patronales",
            _ => self.id(),
        }
    }
}

macro_rules! from_str_by_name {
    ($($t:ty),+) => {$(
        impl $t {
            /// The canonical id, as in the data files and the output.
            pub fn id(self) -> &'static str {
                self.into()
            }

            /// Every value, in order.
            pub fn all() -> impl Iterator<Item = $t> {
                <$t as IntoEnumIterator>::iter()
            }
        }

        impl FromStr for $t {
            type Err = UnknownName;
            fn from_str(text: &str) -> Result<Self, UnknownName> {
                <$t as Named>::read(text)
            }
        }
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.id())
            }
        }
    )+};
}

from_str_by_name!(PostType, Grade, YearBand, LeaveReason, Component);

/// A set of components, copied without allocation (the funded components of a plan).
pub type ComponentSet = enumset::EnumSet<Component>;

/// The components' names in `lang` joined by `sep` (`salary + iespe`, `traitement + IESPE`).
pub fn join_components(set: ComponentSet, sep: &str, lang: Lang) -> String {
    set.iter()
        .map(|c| c.label(lang))
        .collect::<Vec<_>>()
        .join(sep)
}

/// The gross components of a set: all but the employer charges.
pub fn gross_components(set: ComponentSet) -> ComponentSet {
    set - Component::Charges
}

/// Parses a comma-separated list of components (`salary,iespe,pet`), in any order, without repeats.
pub fn parse_components(text: &str) -> Result<Vec<Component>, UnknownName> {
    let mut out: Vec<Component> = Vec::new();
    for part in text
        .split([',', '+'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let component = Component::read(part)?;
        if !out.contains(&component) {
            out.push(component);
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_written_folded() {
        let names: Vec<&str> = PostType::iter()
            .flat_map(|v| std::iter::once(v.id()).chain(v.aliases().iter().copied()))
            .chain(
                Grade::iter()
                    .flat_map(|v| std::iter::once(v.id()).chain(v.aliases().iter().copied())),
            )
            .chain(
                YearBand::iter()
                    .flat_map(|v| std::iter::once(v.id()).chain(v.aliases().iter().copied())),
            )
            .chain(
                Component::iter()
                    .flat_map(|v| std::iter::once(v.id()).chain(v.aliases().iter().copied())),
            )
            .chain(
                LeaveReason::iter()
                    .flat_map(|v| std::iter::once(v.id()).chain(v.aliases().iter().copied())),
            )
            .collect();
        for name in names {
            assert_eq!(fold_name(name), name);
        }
        assert_eq!("Ville-Hôpital".parse(), Ok(PostType::Ambulatory));
        assert_eq!("inter-hospital".parse(), Ok(PostType::InterHospital));
        assert_eq!("Inter Hospital".parse(), Ok(PostType::InterHospital));
        for stray in ["-1", "5 €", ".5", "5%", "1-", "(3)"] {
            assert!(stray.parse::<YearBand>().is_err(), "{stray}");
        }
        assert_eq!(" 5 ".parse(), Ok(YearBand::Years5To6));
    }

    #[test]
    fn a_near_name_is_suggested() {
        assert_eq!(
            did_you_mean("nouvelle-aquitane", ["bretagne", "nouvelle-aquitaine"]),
            Some("nouvelle-aquitaine")
        );
        assert_eq!(
            did_you_mean("Bretagen", ["bretagne", "corse"]),
            Some("bretagne")
        );
        assert_eq!(did_you_mean("atlantis", ["bretagne", "corse"]), None);
        let message = "inter-hopital"
            .parse::<PostType>()
            .expect_err("unknown")
            .to_string();
        assert!(
            message.ends_with("Did you mean 'inter-hospital'?"),
            "{message}"
        );
    }

    #[test]
    fn composed_and_decomposed_accents_fold_alike() {
        // « Île » with a precomposed Î, and with I + COMBINING CIRCUMFLEX ACCENT (U+0302).
        assert_eq!(fold_name("\u{ce}le-de-France"), "ile-de-france");
        assert_eq!(fold_name("I\u{302}le-de-France"), "ile-de-france");
        assert_eq!(
            fold_name("Provence-Alpes-Co\u{302}te d\u{2019}Azur"),
            "provence-alpes-cote-d-azur"
        );
    }

    #[test]
    fn folds_names_as_users_type_them() {
        assert_eq!(fold_name("Île-de-France"), "ile-de-france");
        assert_eq!(fold_name("ile de france"), "ile-de-france");
        assert_eq!(
            fold_name("Provence-Alpes-Côte d'Azur"),
            "provence-alpes-cote-d-azur"
        );
        assert_eq!(
            fold_name("Provence-Alpes-Côte d’Azur"),
            "provence-alpes-cote-d-azur"
        );
        assert_eq!(fold_name("  La Réunion "), "la-reunion");
        assert_eq!(fold_name("ÎLE—DE  FRANCE"), "ile-de-france");
    }

    #[test]
    fn post_types_in_english_or_french() {
        assert_eq!("inter-hospital".parse(), Ok(PostType::InterHospital));
        assert_eq!("Inter Hospital".parse(), Ok(PostType::InterHospital));
        for stray in ["-1", "5 €", ".5", "5%", "1-", "(3)"] {
            assert!(stray.parse::<YearBand>().is_err(), "{stray}");
        }
        assert_eq!(" 5 ".parse(), Ok(YearBand::Years5To6));
        assert_eq!("Établissements".parse(), Ok(PostType::InterHospital));
        assert_eq!("ambulatoire".parse(), Ok(PostType::Ambulatory));
        assert_eq!("Outre-mer".parse(), Ok(PostType::Overseas));
        let err = "hospital".parse::<PostType>().unwrap_err();
        assert!(err
            .to_string()
            .contains("inter-hospital, ambulatory, overseas"));
    }

    #[test]
    fn the_names_the_tool_prints_in_french_read_back() {
        for post_type in PostType::iter() {
            for lang in [Lang::En, Lang::Fr] {
                assert_eq!(post_type.label(lang).parse(), Ok(post_type), "{lang:?}");
            }
        }
        assert_eq!("entre établissements".parse(), Ok(PostType::InterHospital));
        for reason in LeaveReason::iter() {
            for lang in [Lang::En, Lang::Fr] {
                assert_eq!(reason.label(lang).parse(), Ok(reason), "{lang:?}");
            }
        }
        for grade in Grade::iter() {
            assert_eq!(grade.label().parse(), Ok(grade));
        }
        for component in Component::iter() {
            assert_eq!(
                parse_components(component.label(Lang::Fr)),
                Ok(vec![component])
            );
        }
    }

    #[test]
    fn years_and_components() {
        assert_eq!("3".parse(), Ok(YearBand::Years3To4));
        assert_eq!("5-6".parse(), Ok(YearBand::Years5To6));
        assert!("7".parse::<YearBand>().is_err());
        assert_eq!(
            parse_components("pet, salary,iespe,salary"),
            Ok(vec![Component::Salary, Component::Iespe, Component::Pet])
        );
        assert!(parse_components("salary,bonus").is_err());
    }
}
