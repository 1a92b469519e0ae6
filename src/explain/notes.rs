//! [`Note`]: the one list of what a computation may assume or warn of, each with a short
//! stable id (`A3`, `W1`) and a generic text in each language, so that a row of a batch can
//! name its notes by id and the output give each text once (a CSV's `--notes FILE`, JSON's
//! `notes` object, a workbook's *Sources* sheet, `asp-funding notes`). A rule set's own
//! assumptions are named by the rule set and their place in it ([`NoteRef::RuleSet`]:
//! `nouvelle-aquitaine-2026.A1`); a batch row names its documents `S1`, `S2`…, their place
//! among the data's documents in the order of their ids ([`source_id`]). The texts a row shows in its `assumptions` and `warnings`
//! columns say the same with the row's own values; the catalogue's leave them to the row's
//! columns.

use crate::lang::Lang;
use crate::rates::Rates;
use std::borrow::Cow;

/// Whether a note is an assumption or a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::IntoStaticStr)]
#[strum(serialize_all = "kebab-case")]
pub enum Kind {
    /// What was assumed where the documents are silent.
    Assumption,
    /// What the reader should know.
    Warning,
    /// A condition of eligibility (its id is the data's).
    Condition,
    /// A document (its id is the data's).
    Source,
}

impl Kind {
    /// The kind's key (`assumption`).
    pub fn id(self) -> &'static str {
        self.into()
    }

    /// The kind in words.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Kind::Assumption => lang.pick("Assumption", "Hypothèse"),
            Kind::Warning => lang.pick("Warning", "Avertissement"),
            Kind::Condition => lang.pick("Condition", "Condition"),
            Kind::Source => lang.pick("Document", "Document"),
        }
    }
}

/// A note the tool itself writes (a rule set's own assumptions are [`NoteRef::RuleSet`]).
/// Its id never changes meaning: a new note takes a new number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::EnumIter)]
pub enum Note {
    /// No rule set: what the computation uses instead.
    NoRuleSet,
    /// No rule set: the funded components.
    NoRuleSetComponents,
    /// No rule set: the rounding and the months.
    NoRuleSetRounding,
    /// The start is the first day of next month.
    StartNextMonth,
    /// The start is the rule set's default.
    StartRuleSetDefault,
    /// A partial month in thirtieths.
    Thirtieths,
    /// The latest versions of the data stay in force.
    LatestVersionsKept,
    /// The credit is on the rule set's reference post, not the post's own.
    ReferencePost,
    /// The actual cost's charges at the reference rate.
    ReferenceCharges,
    /// A year of service given as a year: the band steps.
    BandSteps,
    /// The PET's distance not given: assumed far enough.
    DistanceAssumed,
    /// No working pattern: PET 0.
    NoPattern,
    /// What the agency may recover, read as the credit not served.
    RecoveryReading,
    /// Conditions set for an earlier promotion carried to the post's.
    ConditionsCarried,
    /// What-if: a share other than the rule set's.
    WhatIfShare,
    /// The data's credit differs from the notice's.
    DataDiffersFromNotice,
    /// The post's actual cost is unknown.
    ActualCostUnknown,
    /// The working pattern is incomplete.
    PatternIncomplete,
    /// What-if: funded components given.
    WhatIfComponents,
    /// What-if: a rule set's charges changed.
    WhatIfRuleSetCharges,
    /// What-if: charges given without a rule set.
    WhatIfCharges,
    /// What-if: a PET amount given.
    WhatIfPet,
    /// A start before the period of the rule set's notice.
    StartBeforePeriod,
    /// A start in a month the rule set does not provide for.
    StartOutsideMonths,
    /// A length the rule set does not provide for.
    OtherDuration,
    /// What-if: a grade or years other than the rule set's reference post.
    WhatIfGrade,
    /// An early leave whose reason decides the recovery, not given.
    LeaveReasonMissing,
    /// A flag given for every row, held back by the rule set.
    FlagNotApplied,
    /// A condition of eligibility not met.
    ConditionNotMet,
    /// A condition not met but for the exception its document allows.
    ConditionNotMetUnless,
    /// The half-days and the share of time disagree.
    SharesDisagree,
}

impl Note {
    /// Every note, in the order of their ids.
    pub fn all() -> impl Iterator<Item = Note> {
        <Note as strum::IntoEnumIterator>::iter()
    }

    /// Its stable id: `A` and a number for an assumption, `W` and a number for a warning.
    #[rustfmt::skip]
    pub fn id(self) -> &'static str {
        use Note::*;
        match self {
            NoRuleSet => "A1", NoRuleSetComponents => "A2", NoRuleSetRounding => "A3",
            StartNextMonth => "A4", StartRuleSetDefault => "A5", Thirtieths => "A6",
            LatestVersionsKept => "A7", ReferencePost => "A8", ReferenceCharges => "A9",
            BandSteps => "A10", DistanceAssumed => "A11", NoPattern => "A12",
            RecoveryReading => "A13", ConditionsCarried => "A14",
            WhatIfShare => "W1", DataDiffersFromNotice => "W2", ActualCostUnknown => "W3",
            PatternIncomplete => "W4", WhatIfComponents => "W5", WhatIfRuleSetCharges => "W6",
            WhatIfCharges => "W7", WhatIfPet => "W8", StartBeforePeriod => "W9",
            StartOutsideMonths => "W10", OtherDuration => "W11", WhatIfGrade => "W12",
            LeaveReasonMissing => "W13", FlagNotApplied => "W14", ConditionNotMet => "W15",
            ConditionNotMetUnless => "W16", SharesDisagree => "W17",
        }
    }

    /// Whether it is an assumption or a warning.
    pub fn kind(self) -> Kind {
        match self.id().as_bytes().first() {
            Some(b'A') => Kind::Assumption,
            _ => Kind::Warning,
        }
    }

    /// Its text for the catalogue, in `lang`: what a row's own words say, without the row's
    /// figures and dates (its columns have them).
    #[rustfmt::skip]
    pub fn text(self, lang: Lang) -> &'static str {
        use Note::*;
        let [en, fr] = match self {
            NoRuleSet => ["No rule set is published for this region and post type in the data: the computation uses the share given, the national grid and IESPE in force at the start, the PET from the working pattern (or pet_amount), and the data's reference charge rate (a costing assumption of ARS Nouvelle-Aquitaine, not a legal rate).",
                "Les données ne publient pas de règles pour cette région et ce type de poste : le calcul prend la part donnée, la grille et l'IESPE nationales en vigueur au début du contrat, la PET selon l'organisation du travail (ou pet_amount), et le taux de charges de référence des données (une hypothèse de chiffrage de l'ARS Nouvelle-Aquitaine, pas un taux légal)."],
            NoRuleSetComponents => ["Funded components: salary, IESPE, PET and employer charges (include changes them).",
                "Composantes financées : traitement, IESPE, PET et charges patronales (include pour les changer)."],
            NoRuleSetRounding => ["The ARS monthly share is rounded to the cent, half away from zero, and credited for every month of the contract; a partial month is prorated in thirtieths.",
                "La part mensuelle de l'ARS est arrondie au centime le plus proche (un demi-centime au centime supérieur) et versée chaque mois du contrat ; un mois partiel est proratisé en trentièmes."],
            StartNextMonth => ["Start date not given and not set by the rule set: the contract starts on the first day of next month (start gives another).",
                "Date de début non donnée et non fixée par les règles : le contrat commence le premier jour du mois prochain (start en donne un autre)."],
            StartRuleSetDefault => ["Start date not given: the contract is assumed to start on the rule set's default start, the first day of the month its notice names (the notice gives the month, not the day; start gives another).",
                "Date de début non donnée : le contrat est supposé commencer au début par défaut des règles, le premier jour du mois que nomme le cahier des charges (qui donne le mois, pas le jour ; start en donne un autre)."],
            Thirtieths => ["A partial month is prorated in thirtieths, as French public payroll pays: the notices say nothing of partial months, so this is the tool's assumption (a whole month counts 30/30, February included).",
                "Un mois partiel est proratisé en trentièmes, comme la paie publique française : les notices ne disent rien des mois partiels, c'est donc l'hypothèse de l'outil (un mois entier compte 30/30, février compris)."],
            LatestVersionsKept => ["No later version of the grid, the IESPE or the PET scale than the latest in the data is known: the latest version of each is assumed to stay in force to the end of the contract.",
                "Aucune version de la grille, de l'IESPE ou du barème de la PET postérieure à la dernière des données n'est connue : la dernière version de chacun est supposée rester en vigueur jusqu'à la fin du contrat."],
            ReferencePost => ["The credit is computed on the rule set's reference post (its grade, years and PET), whatever the post's own. The post costs what its actual cost says, at the national grid in force each month; the establishment bears the difference.",
                "Le crédit est calculé sur le poste de référence des règles (son grade, ses années et sa PET), quel que soit le poste réel. Le poste coûte ce que dit son coût réel, à la grille nationale en vigueur chaque mois ; l'établissement supporte la différence."],
            ReferenceCharges => ["The actual cost counts employer charges at the data's reference rate (actual_charges_rate). actual_charges, or a data folder's charges/, gives another.",
                "Le coût réel compte les charges patronales au taux de référence des données (actual_charges_rate). actual_charges, ou le dossier charges/ d'un dossier de données, en donne un autre."],
            BandSteps => ["Years of service given as a year: the grid's bands are years of service, so the post's actual cost steps band at each anniversary of the contract, from the first month that starts on or after it; past the last year the grid's last band, 5-6, is kept. The credit does not move.",
                "Ancienneté donnée en années : les tranches de la grille sont des années de service, le coût réel du poste change donc de tranche à chaque anniversaire du contrat, à partir du premier mois qui commence ce jour-là ou après ; au-delà de la dernière année, la dernière tranche de la grille, 5-6, est gardée. Le crédit ne bouge pas."],
            DistanceAssumed => ["Distance not given: the shared site is assumed to be at least the PET's minimum distance (20 km) from the main site (distance_km).",
                "Distance non donnée : le site partagé est supposé situé à au moins 20 km du site principal, la distance minimale de la PET (distance_km)."],
            NoPattern => ["No working pattern given: PET counted as 0 (give half_days, sites and distance_km, or pet_amount).",
                "Organisation du travail non donnée : PET comptée pour 0 (donner half_days, sites et distance_km, ou pet_amount)."],
            RecoveryReading => ["What the agency may recover is read as the credit for the time not served (not_served): the notice asks for « le remboursement du financement délégué », which is read as the credit not yet earned, not all that was delegated.",
                "Ce que l'agence peut récupérer est lu comme le crédit de la période non effectuée (not_served) : le cahier des charges demande « le remboursement du financement délégué », lu comme le crédit non encore acquis, et non tout ce qui a été délégué."],
            ConditionsCarried => ["The data has no note for the post's promotion (its start, from a November to the October after), so the conditions set for an earlier promotion are assumed to hold.",
                "Les données n'ont pas de note pour la promotion du poste (selon son début, d'un mois de novembre à l'octobre suivant) : les conditions fixées pour une promotion antérieure sont supposées s'appliquer."],
            WhatIfShare => ["What-if: a share other than the rule set's (share).",
                "Simulation : une part autre que celle des règles (share)."],
            DataDiffersFromNotice => ["The data in force at the start gives another monthly credit than the one the notice publishes. The notice's figure is what the agency notified and is the one counted; check the data (a revaluation?) or ask the agency.",
                "Les données en vigueur au début du contrat donnent un autre crédit mensuel que celui que publie le cahier des charges. Le montant de la notice est celui que l'agence a notifié et c'est lui qui compte ; vérifier les données (une revalorisation ?) ou interroger l'agence."],
            ActualCostUnknown => ["The post's actual cost is unknown (not asked for, or the data in force cannot price it): the establishment's share and the full cost are left empty where it is. The credit does not depend on it.",
                "Le coût réel du poste est inconnu (non demandé, ou les données en vigueur ne permettent pas de le chiffrer) : la part de l'établissement et le coût complet restent vides là où il l'est. Le crédit n'en dépend pas."],
            PatternIncomplete => ["The working pattern is incomplete (half_days not given): the post's actual cost keeps the rule set's reference PET. Give half_days to price the post's own PET.",
                "L'organisation du travail est incomplète (half_days non donné) : le coût réel du poste garde la PET de référence des règles. Donner half_days pour chiffrer la PET propre au poste."],
            WhatIfComponents => ["What-if: funded components given (include); what is no longer funded is all the establishment's, and where the rule set's assumptions say otherwise, this what-if departs from them.",
                "Simulation : composantes financées données (include) ; ce qui n'est plus financé reste entièrement à la charge de l'établissement, et là où les hypothèses des règles disent autre chose, cette simulation s'en écarte."],
            WhatIfRuleSetCharges => ["What-if: the rule set's employer charges at another rate (charges): the credit moves; the post's actual cost keeps its own rate (actual_charges gives the establishment's).",
                "Simulation : charges patronales des règles à un autre taux (charges) : le crédit change ; le coût réel du poste garde son propre taux (actual_charges donne celui de l'établissement)."],
            WhatIfCharges => ["What-if: employer charges at the rate given (charges).",
                "Simulation : charges patronales au taux donné (charges)."],
            WhatIfPet => ["What-if: PET fixed by pet_amount.",
                "Simulation : PET fixée par pet_amount."],
            StartBeforePeriod => ["The start is before the period the rule set's notice covers: its amounts and terms may not apply to this contract.",
                "Le début précède la période que couvre le cahier des charges des règles : ses montants et ses conditions peuvent ne pas s'appliquer à ce contrat."],
            StartOutsideMonths => ["The rule set provides for starts in some months only (rules show ID); the start is outside them.",
                "Les règles ne prévoient de prise de fonctions qu'à certains mois (rules show ID) ; le début n'en fait pas partie."],
            OtherDuration => ["The contract's length is not one the rule set provides for (rules show ID).",
                "La durée du contrat n'est pas de celles que prévoient les règles (rules show ID)."],
            WhatIfGrade => ["What-if: the rule set's figure is for its reference post (grade and years); this prices another grade or years.",
                "Simulation : le montant des règles vaut pour leur poste de référence (grade et années) ; ce calcul chiffre un autre grade ou d'autres années."],
            LeaveReasonMissing => ["Leaving early: the notice lets the agency recover the credit not served only for some reasons of departure. Give leave_reason to know.",
                "Départ anticipé : le cahier des charges ne permet à l'agence de récupérer le crédit de la période non effectuée que pour certains motifs de départ. Donner leave_reason pour le savoir."],
            FlagNotApplied => ["A flag is given for every row and not applied here: the row's rule set fixes that term for its credit (--override applies it).",
                "Une option est donnée pour toutes les lignes et n'est pas appliquée ici : les règles de la ligne fixent ce terme pour leur crédit (--override l'applique)."],
            ConditionNotMet => ["A condition of eligibility is not met (the conditions column says which).",
                "Une condition d'éligibilité n'est pas remplie (la colonne conditions dit laquelle)."],
            ConditionNotMetUnless => ["A condition of eligibility is not met, unless the exception its document provides for applies (the conditions column says which).",
                "Une condition d'éligibilité n'est pas remplie, sauf exception prévue par son document (la colonne conditions dit laquelle)."],
            SharesDisagree => ["half_days and the share of time given (ambulatory_share or peripheral_share) disagree: the half-days away from the main site are not that share of a 10 half-day week; one of them is wrong (a full-time week of 10 half-days is the tool's reading).",
                "half_days et la part de temps donnée (ambulatory_share ou peripheral_share) ne concordent pas : les demi-journées hors du site principal ne font pas cette part d'une semaine de 10 demi-journées ; l'une des deux est fausse (la semaine de 10 demi-journées à temps plein est la lecture de l'outil)."],
        };
        lang.pick(en, fr)
    }
}

/// A note a row refers to: the tool's own, or a rule set's assumption by its place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteRef<'a> {
    /// The tool's own.
    Tool(Note),
    /// A rule set's own assumption: the rule set's id, and its place (from 0).
    RuleSet(&'a str, usize),
}

impl NoteRef<'_> {
    /// Its stable id: `A3`, or `nouvelle-aquitaine-2026.A1` for a rule set's first assumption.
    pub fn id(self) -> Cow<'static, str> {
        match self {
            NoteRef::Tool(note) => Cow::Borrowed(note.id()),
            NoteRef::RuleSet(rule_set, index) => Cow::Owned(rule_set_id(rule_set, index)),
        }
    }
}

/// The id of a rule set's assumption: the rule set's id, `.A` and its place from 1.
fn rule_set_id(rule_set: &str, index: usize) -> String {
    format!("{rule_set}.A{}", index + 1)
}

/// One line of the catalogue: a note's kind, id and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Assumption, warning, condition or document.
    pub kind: Kind,
    /// Its id, as rows write it.
    pub id: String,
    /// Its text in the reader's language (a document: its data id, then its title).
    pub text: String,
    /// A document's reference, address and date.
    pub document: Option<(Option<String>, Option<String>, Option<chrono::NaiveDate>)>,
}

/// The short id a batch row gives a document: `S` and its place (from 1) among the data's
/// documents in the order of their ids; `None` for an id the data does not hold.
pub fn source_id(rates: &Rates, id: &str) -> Option<String> {
    let place = rates.sources.keys().position(|k| k == id)?;
    Some(format!("S{}", place + 1))
}

/// Every note a row may refer to, in `lang`: the tool's assumptions and warnings, each rule
/// set's assumptions, the conditions of eligibility (by their data ids; a condition set again
/// for other promotions on one line) and the documents (`S1`…).
pub fn catalogue(rates: &Rates, lang: Lang) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Note::all()
        .filter(|n| n.kind() == Kind::Assumption)
        .chain(Note::all().filter(|n| n.kind() == Kind::Warning))
        .map(|note| Entry {
            kind: note.kind(),
            id: note.id().to_string(),
            text: match lang {
                Lang::En => note.text(lang).to_string(),
                Lang::Fr => crate::lang::typeset(note.text(lang).to_string()),
            },
            document: None,
        })
        .collect();
    // Sorted by assumption then warning above; the rule sets' after the tool's assumptions.
    let tool_assumptions = entries
        .iter()
        .filter(|e| e.kind == Kind::Assumption)
        .count();
    let rule_sets = rates.rule_sets.iter().flat_map(|r| {
        r.assumptions
            .iter()
            .enumerate()
            .map(move |(i, text)| Entry {
                kind: Kind::Assumption,
                id: rule_set_id(&r.id, i),
                text: text.get(lang).to_string(),
                document: None,
            })
    });
    let rule_sets: Vec<Entry> = rule_sets.collect();
    entries.splice(tool_assumptions..tool_assumptions, rule_sets);
    let conditions = rates
        .conditions
        .iter()
        .chain(rates.rule_sets.iter().flat_map(|r| &r.conditions));
    for condition in conditions {
        let text = condition.text.get(lang);
        let years = |y: i32| format!("{y}-{}", y + 2);
        let text = match condition.promotions {
            Some((first, Some(last))) if first == last => {
                format!("{text} (promotion {})", years(first))
            }
            Some((first, Some(last))) => crate::tr!(
                lang,
                "{text} (promotions {} to {})",
                "{text} (promotions {} à {})",
                years(first),
                years(last)
            ),
            Some((first, None)) => crate::tr!(
                lang,
                "{text} (promotion {} and later)",
                "{text} (promotion {} et suivantes)",
                years(first)
            ),
            None => text.to_string(),
        };
        // A condition set again for other promotions keeps its id: one line, its versions
        // side by side.
        match entries
            .iter_mut()
            .find(|e| e.kind == Kind::Condition && e.id == condition.id)
        {
            Some(entry) => {
                entry.text.push_str(" | ");
                entry.text.push_str(&text);
            }
            None => entries.push(Entry {
                kind: Kind::Condition,
                id: condition.id.clone(),
                text,
                document: None,
            }),
        }
    }
    entries.extend(rates.sources.values().enumerate().map(|(i, s)| Entry {
        kind: Kind::Source,
        id: format!("S{}", i + 1),
        text: format!("{}{} {}", s.id, lang.colon(), s.title),
        document: Some((s.reference.clone(), s.url.clone(), s.date)),
    }));
    entries
}

/// The catalogue as one JSON object, id → text, in its order.
pub fn catalogue_json(entries: &[Entry]) -> serde_json::Value {
    serde_json::Value::Object(
        entries
            .iter()
            .map(|e| (e.id.clone(), serde_json::Value::String(e.text.clone())))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_numbered_in_order() {
        let mut seen = std::collections::BTreeSet::new();
        let (mut a, mut w) = (0, 0);
        for note in Note::all() {
            assert!(seen.insert(note.id()), "{note:?}");
            let n = match note.kind() {
                Kind::Assumption => {
                    a += 1;
                    a
                }
                _ => {
                    w += 1;
                    w
                }
            };
            let letter = if note.kind() == Kind::Assumption {
                "A"
            } else {
                "W"
            };
            assert_eq!(note.id(), format!("{letter}{n}"), "{note:?}");
            assert!(!note.text(Lang::En).is_empty() && !note.text(Lang::Fr).is_empty());
        }
    }

    #[test]
    fn a_rule_sets_assumption_is_named_by_the_rule_set_and_its_place() {
        assert_eq!(
            NoteRef::RuleSet("nouvelle-aquitaine-2026", 0).id(),
            "nouvelle-aquitaine-2026.A1"
        );
        assert_eq!(NoteRef::Tool(Note::WhatIfShare).id(), "W1");
    }
}
