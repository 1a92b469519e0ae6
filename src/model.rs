//! The domain's vocabulary: grades, year bands, post types and cost components.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

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

/// ` Did you mean 'x'?` (` Vouliez-vous dire « x » ?`) or nothing, in the language of messages.
pub fn suggestion(found: Option<&str>) -> String {
    found.map_or(String::new(), |name| {
        crate::tr!(
            crate::lang::Lang::messages(),
            " Did you mean '{name}'?",
            " Vouliez-vous dire « {name} » ?"
        )
    })
}

/// Why a name was not recognised.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct UnknownName {
    /// What was being named (`post type`, `grade`…).
    pub kind: &'static str,
    /// The same in French, with its adjective agreed (`type de poste inconnu`, `composante inconnue`…).
    pub kind_fr: &'static str,
    /// What the user gave.
    pub given: String,
    /// The accepted names, comma separated.
    pub expected: String,
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (kind, kind_fr, given, expected) =
            (self.kind, self.kind_fr, &self.given, &self.expected);
        let hint = suggestion(did_you_mean(given, expected.split(", ")));
        f.write_str(&crate::tr!(
            crate::lang::Lang::messages(),
            "unknown {kind} '{given}': expected one of {expected}.{hint}",
            "{kind_fr} « {given} » ; valeurs admises : {expected}.{hint}"
        ))
    }
}

/// Declares a closed set of names: each variant, its canonical id and the aliases accepted for it.
macro_rules! named_enum {
    ($(#[$meta:meta])* $name:ident, $kind:literal / $kind_fr:literal, [$($(#[$vmeta:meta])* $variant:ident = $id:literal $(| $alias:literal)*),+ $(,)?]) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $id)] $variant),+
        }

        impl $name {
            /// Every value, in order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// Every id and alias accepted, as written.
            pub const NAMES: &'static [&'static str] = &[$($id $(, $alias)*),+];

            /// The canonical id, as in the data files and the output.
            pub fn id(self) -> &'static str {
                match self { $($name::$variant => $id),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.id())
            }
        }

        impl FromStr for $name {
            type Err = UnknownName;
            fn from_str(text: &str) -> Result<Self, UnknownName> {
                // Ids and aliases are written folded (a test checks it): as typed, or once folded.
                let find = |candidate: &str| {
                    $(if candidate == $id $(|| candidate == $alias)* {
                        return Some($name::$variant);
                    })+
                    None
                };
                if let Some(found) = find(text).or_else(|| {
                    // Folding forgives case, accents and separators between words, not
                    // stray signs: `-1`, `5 €`, `.5` or `5%` are not `1` or `5`.
                    let trimmed = text.trim();
                    let word = |c: char| c.is_alphanumeric();
                    let plain = trimmed.starts_with(word)
                        && trimmed.ends_with(word)
                        && trimmed
                            .chars()
                            .all(|c| word(c) || matches!(c, ' ' | '-' | '_' | '\'' | '’'));
                    if plain { find(&fold_name(text)) } else { None }
                }) {
                    return Ok(found);
                }
                Err(UnknownName {
                    kind: $kind,
                    kind_fr: $kind_fr,
                    given: text.to_string(),
                    expected: [$($id),+].join(", "),
                })
            }
        }
    };
}

named_enum!(
    /// The three post categories of the national scheme.
    PostType, "post type" / "type de poste inconnu", [
        /// ASP entre établissements de santé: shared between two (or three) health establishments.
        InterHospital = "inter-hospital" | "etablissements" | "etablissement" | "inter-hospitalier",
        /// ASP entre structures ambulatoires et établissements de santé (ville-hôpital).
        Ambulatory = "ambulatory" | "ambulatoire" | "ville-hopital",
        /// ASP à exercice en Outre-mer.
        Overseas = "overseas" | "outre-mer" | "outremer",
    ]
);

named_enum!(
    /// The grade of the assistant, as in annex V of the arrêté of 8 July 2022.
    Grade, "grade" / "grade inconnu", [
        /// Assistant spécialiste.
        Specialist = "specialist" | "specialiste" | "assistant-specialiste",
        /// Assistant généraliste.
        Generalist = "generalist" | "generaliste" | "assistant-generaliste",
        /// Assistant associé spécialiste.
        AssociateSpecialist = "associate-specialist" | "associe-specialiste" | "assistant-associe-specialiste",
        /// Assistant associé généraliste.
        AssociateGeneralist = "associate-generalist" | "associe-generaliste" | "assistant-associe-generaliste",
    ]
);

named_enum!(
    /// The band of years of service in the grid: the arrêté groups years in pairs.
    YearBand, "year band" / "tranche d'ancienneté inconnue", [
        /// 1st and 2nd years.
        Years1To2 = "1-2" | "1" | "2",
        /// 3rd and 4th years.
        Years3To4 = "3-4" | "3" | "4",
        /// 5th and 6th years.
        Years5To6 = "5-6" | "5" | "6",
    ]
);

named_enum!(
    /// Why an assistant leaves before the end of the contract: notices may recover the
    /// credit for the months not served on one reason only.
    LeaveReason, "leave reason" / "motif de départ inconnu", [
        /// Recruited as chef de clinique (source 003, section 6).
        ChefDeClinique = "chef-de-clinique" | "chef-clinique" | "cca",
        /// Any other reason.
        Other = "other" | "autre",
    ]
);

named_enum!(
    /// A component of a post's cost that a rule set may fund.
    Component, "component" / "composante inconnue", [
        /// The base salary (émoluments hospitaliers).
        Salary = "salary" | "base" | "salaire" | "traitement",
        /// IESPE: indemnité d'engagement de service public exclusif.
        Iespe = "iespe",
        /// PET: prime d'exercice territorial.
        Pet = "pet",
        /// Employer charges (charges patronales) on the funded gross components.
        Charges = "charges" | "charges-patronales",
    ]
);

impl PostType {
    /// The post type's name in `lang` (the id in English).
    pub fn word(self, lang: crate::lang::Lang) -> &'static str {
        match lang {
            crate::lang::Lang::En => self.id(),
            crate::lang::Lang::Fr => match self {
                PostType::InterHospital => "entre établissements",
                PostType::Ambulatory => "ambulatoire",
                PostType::Overseas => "outre-mer",
            },
        }
    }
}

impl Component {
    /// The component's name in `lang` (the id in English).
    pub fn word(self, lang: crate::lang::Lang) -> &'static str {
        match (lang, self) {
            (crate::lang::Lang::Fr, Component::Salary) => "traitement",
            (crate::lang::Lang::Fr, Component::Charges) => "charges patronales",
            _ => self.id(),
        }
    }
}

impl Grade {
    /// The French name of the grade in the arrêté.
    pub fn french(self) -> &'static str {
        match self {
            Grade::Specialist => "assistant spécialiste",
            Grade::Generalist => "assistant généraliste",
            Grade::AssociateSpecialist => "assistant associé spécialiste",
            Grade::AssociateGeneralist => "assistant associé généraliste",
        }
    }
}

/// A set of components, copied without allocation (the funded components of a plan).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ComponentSet(u8);

impl ComponentSet {
    /// Every component.
    pub const ALL: ComponentSet = ComponentSet(0b1111);

    fn bit(c: Component) -> u8 {
        match c {
            Component::Salary => 1,
            Component::Iespe => 2,
            Component::Pet => 4,
            Component::Charges => 8,
        }
    }

    /// The set of the components listed.
    pub fn of(list: &[Component]) -> Self {
        ComponentSet(list.iter().fold(0, |acc, c| acc | Self::bit(*c)))
    }

    /// Whether `c` is in the set.
    pub fn contains(self, c: Component) -> bool {
        self.0 & Self::bit(c) != 0
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The components, in order.
    pub fn iter(self) -> impl Iterator<Item = Component> {
        Component::ALL
            .iter()
            .copied()
            .filter(move |c| self.contains(*c))
    }

    /// The set without the employer charges: the gross components.
    pub fn gross(self) -> Self {
        ComponentSet(self.0 & !Self::bit(Component::Charges))
    }

    /// The ids joined by `sep` (`salary + iespe`).
    pub fn join(self, sep: &str) -> String {
        self.iter().map(Component::id).collect::<Vec<_>>().join(sep)
    }

    /// The components' names in `lang` joined by `sep` (`salary + iespe`, `traitement + iespe`).
    pub fn join_in(self, sep: &str, lang: crate::lang::Lang) -> String {
        self.iter()
            .map(|c| c.word(lang))
            .collect::<Vec<_>>()
            .join(sep)
    }
}

/// Parses a comma-separated list of components (`salary,iespe,pet`), in any order, without repeats.
pub fn parse_components(text: &str) -> Result<Vec<Component>, UnknownName> {
    let mut out: Vec<Component> = Vec::new();
    for part in text
        .split([',', '+'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let component: Component = part.parse()?;
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
        for names in [
            PostType::NAMES,
            Grade::NAMES,
            YearBand::NAMES,
            Component::NAMES,
        ] {
            for name in names {
                assert_eq!(fold_name(name), *name);
            }
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
