//! The words of an envelope's basis, said once at its head: the day the contracts start and
//! why, the data in force then, the rule set of each region, the flags not applied (or applied
//! with `--override`), and every assumption and warning of its rows, each once.

use super::{explain_credit, term_words};
use crate::compute::ComputeError;
use crate::envelope::{ContractsStart, Envelope, EnvelopeRow, Later, Unpriced, Wanted};
use crate::lang::{date, Lang};
use crate::model::PostType;
use crate::money::human_rate;
use crate::plan::Override;
use crate::post::{Field, Naming};
use crate::rates::{Param, Rates, RuleSet, Source, Version};
use crate::tr;
use chrono::NaiveDate;

/// A term a rule set fixes that a flag would change, on one row.
#[derive(Debug, Clone)]
pub struct RowOverride<'a> {
    /// The row's post type.
    pub post_type: PostType,
    /// The row's region id.
    pub region: &'a str,
    /// The rule set.
    pub rule_set: &'a RuleSet,
    /// The flag, its value and the rule set's.
    pub term: Override,
    /// Whether it applies (`--override`).
    pub applied: bool,
}

/// An envelope's basis, in words of one language.
#[derive(Debug, Clone)]
pub struct Basis<'a> {
    /// The day the contracts start, and why.
    pub start: String,
    /// The data in force that day, with the sources' numbers (`[1]`).
    pub versions: String,
    /// The rule sets: one line each, and one for the rows priced without one, or not priced.
    pub rule_sets: Vec<String>,
    /// The flags that were not applied where a rule set fixes what they set (or, with
    /// `--override`, were), one line per flag and value.
    pub overrides: Vec<String>,
    /// The same, row by row.
    pub row_overrides: Vec<RowOverride<'a>>,
    /// What the envelope and its rows assume, each once.
    pub assumptions: Vec<String>,
    /// What its rows warn of, each once.
    pub warnings: Vec<String>,
    /// The documents, in the order of their numbers.
    pub sources: Vec<&'a Source>,
}

/// A parameter after « no » in a list: `grid`, `d'IESPE` in French.
fn no_param(param: Param, lang: Lang) -> &'static str {
    match (param, lang) {
        (_, Lang::En) => param.name(lang),
        (Param::Grid, Lang::Fr) => "de grille",
        (Param::Iespe, Lang::Fr) => "d'IESPE",
        (Param::Pet, Lang::Fr) => "de barème de la PET",
        (Param::Charges, Lang::Fr) => "de taux de charges de référence",
    }
}

/// Why the data wanted on a day is not all there: `the data has no grid, IESPE or PET scale
/// before 2023-07-01, no reference charge rate before 2026-01-01; the rule set … provides for
/// contracts from …`.
fn later_words(later: &[Later<'_>], lang: Lang) -> String {
    // Parameters that start on the same day are named together.
    let mut params: Vec<(Option<NaiveDate>, Vec<Param>)> = Vec::new();
    for l in later {
        if let Later::Param(param, from) = l {
            match params.iter_mut().find(|(f, _)| f == from) {
                Some((_, list)) => list.push(*param),
                None => params.push((*from, vec![*param])),
            }
        }
    }
    let groups: Vec<String> = params
        .into_iter()
        .map(|(from, list)| {
            let names: Vec<&str> = list.iter().map(|p| no_param(*p, lang)).collect();
            let names = match names.split_last() {
                Some((last, [])) => last.to_string(),
                Some((last, rest)) => {
                    format!("{}{}{last}", rest.join(", "), lang.pick(" or ", " ni "))
                }
                None => String::new(),
            };
            match from {
                Some(from) => tr!(
                    lang,
                    "no {names} before {}",
                    "pas {names} avant le {}",
                    date(from, lang)
                ),
                None => tr!(
                    lang,
                    "no {names} on that day or after",
                    "pas {names} ce jour-là ni après"
                ),
            }
        })
        .collect();
    let mut words: Vec<String> = Vec::new();
    if !groups.is_empty() {
        words.push(tr!(
            lang,
            "the data has {}",
            "les données n'ont {}",
            groups.join(", ")
        ));
    }
    for l in later {
        if let Later::RuleSet(rule, from) = l {
            words.push(tr!(
                lang,
                "the rule set {} provides for contracts from {}",
                "les règles {} prévoient des contrats à partir du {}",
                rule.id,
                date(*from, lang)
            ));
        }
    }
    words.join(lang.pick("; ", " ; "))
}

/// The day the contracts start and why, in a sentence.
pub fn start_sentence(start: &ContractsStart<'_>, lang: Lang) -> String {
    let day = date(start.date, lang);
    let november = start.november.map(|n| date(n, lang));
    let later = later_words(&start.later, lang);
    match (start.wanted, november) {
        (Wanted::Given(given), november) => {
            let first = match november {
                Some(n) if start.november == Some(given) => tr!(
                    lang,
                    ", the promotion's first November ({n})",
                    ", le premier novembre de la promotion ({n})"
                ),
                Some(n) => tr!(
                    lang,
                    ", not the promotion's first November ({n}): every figure is that of the data in force on {day}",
                    ", et non au premier novembre de la promotion ({n}) : chaque montant est celui des données en vigueur le {day}"
                ),
                None => String::new(),
            };
            let missing = match later.is_empty() {
                true => String::new(),
                false => tr!(lang, " On that day, {later}.", " Ce jour-là, {later}."),
            };
            tr!(
                lang,
                "Contracts start on {day} (--at){first}.{missing}",
                "Les contrats commencent le {day} (--at){first}.{missing}"
            )
        }
        _ if start.later.iter().any(|l| l.from().is_none()) => tr!(
            lang,
            "Contracts start on {day}, but {later}: the rows cannot be priced (--at gives another day).",
            "Les contrats commencent le {day}, mais {later} : les lignes ne peuvent pas être chiffrées (--at donne un autre jour)."
        ),
        (Wanted::PromotionNovember(_), Some(n)) if !start.later.is_empty() => tr!(
            lang,
            "Contracts start on {day}, not in the promotion's first November ({n}): {later}. {day} is the earliest day at which all of it is in force (--at gives another day).",
            "Les contrats commencent le {day}, et non au premier novembre de la promotion ({n}) : {later}. Le {day} est le premier jour où tout est en vigueur (--at donne un autre jour)."
        ),
        (Wanted::PromotionNovember(_), _) => tr!(
            lang,
            "Contracts start on {day}, the promotion's first November: the note gives no start date, and the assistants' year starts in November (--at gives another day).",
            "Les contrats commencent le {day}, premier novembre de la promotion : la note ne donne pas de date de début, et l'année des assistants commence en novembre (--at donne un autre jour)."
        ),
        (Wanted::NextMonth(wanted), _) => {
            let moved = match start.later.is_empty() {
                true => String::new(),
                false => tr!(
                    lang,
                    " On {}, {later}: {day} is the earliest day at which all of it is in force.",
                    " Le {}, {later} : le {day} est le premier jour où tout est en vigueur.",
                    date(wanted, lang)
                ),
            };
            tr!(
                lang,
                "Contracts start on {day}: the promotion's name gives no year, so the first day of next month is taken (--at gives another day).{moved}",
                "Les contrats commencent le {day} : le nom de la promotion ne donne pas d'année, le premier jour du mois prochain est donc retenu (--at donne un autre jour).{moved}"
            )
        }
    }
}

/// The versions in force on the day, and the documents they cite (added to `sources`).
fn versions_words<'a>(
    rates: &'a Rates,
    day: NaiveDate,
    lang: Lang,
    sources: &mut Vec<&'a Source>,
) -> String {
    fn one<'a, T>(
        rates: &'a Rates,
        param: Param,
        version: Option<&'a Version<T>>,
        value: String,
        lang: Lang,
        sources: &mut Vec<&'a Source>,
    ) -> String {
        let name = param.the(lang);
        let Some(version) = version else {
            return tr!(
                lang,
                "no {} in force",
                "pas de {} en vigueur",
                param.name(lang)
            );
        };
        let refs: String = version
            .sources
            .iter()
            .map(|id| format!("[{}]", cite(rates, id, sources)))
            .collect();
        tr!(
            lang,
            "{name}{value} from {} {refs}",
            "{name}{value} du {} {refs}",
            date(version.from, lang)
        )
    }
    let charges = rates.charges.at(day).ok();
    let rate = charges.map_or(String::new(), |v| {
        format!(" ({})", human_rate(v.value, lang))
    });
    let parts = [
        one(
            rates,
            Param::Grid,
            rates.grid.at(day).ok(),
            String::new(),
            lang,
            sources,
        ),
        one(
            rates,
            Param::Iespe,
            rates.iespe.at(day).ok(),
            String::new(),
            lang,
            sources,
        ),
        one(
            rates,
            Param::Pet,
            rates.pet.at(day).ok(),
            String::new(),
            lang,
            sources,
        ),
        one(rates, Param::Charges, charges, rate, lang, sources),
    ];
    tr!(
        lang,
        "Data in force on {}: {}.",
        "Données en vigueur le {} : {}.",
        date(day, lang),
        parts.join(", ")
    )
}

/// The number of a document among `sources` (from 1), added when new.
fn cite<'a>(rates: &'a Rates, id: &str, sources: &mut Vec<&'a Source>) -> usize {
    match sources.iter().position(|s| s.id == id) {
        Some(i) => i + 1,
        None => match rates.source(id) {
            Some(source) => {
                sources.push(source);
                sources.len()
            }
            None => 0,
        },
    }
}

/// A region's name and post type, for people: `Centre-Val de Loire (ambulatory)`.
fn row_name(rates: &Rates, region: &str, post_type: PostType, lang: Lang) -> String {
    let name = rates.region(region).map_or(region, |r| r.name.as_str());
    format!("{name} ({})", post_type.label(lang))
}

/// The rule sets that price the rows, and the rows priced without one, or not priced for want
/// of one.
fn rule_set_words<'a>(
    rates: &'a Rates,
    e: &Envelope<'a>,
    flags: &str,
    lang: Lang,
    sources: &mut Vec<&'a Source>,
) -> Vec<String> {
    let mut used: Vec<(&RuleSet, Vec<String>)> = Vec::new();
    // Rows priced without a rule set, not priced for want of one, not priced for another
    // reason, and the posts whose regions the note does not give.
    let (mut custom, mut no_rule, mut other, mut not_given) = (0, 0, 0, 0);
    for row in e.rows.iter().filter(|r| r.within.is_none()) {
        let Some(region) = row.region.as_deref() else {
            not_given += row.posts;
            continue;
        };
        match &row.priced {
            Ok(p) => match p.computation.plan.rule {
                Some(rule) => {
                    let name = row_name(rates, region, row.post_type, lang);
                    match used.iter_mut().find(|(r, _)| r.id == rule.id) {
                        Some((_, names)) => names.push(name),
                        None => used.push((rule, vec![name])),
                    }
                }
                None => custom += 1,
            },
            Err(Unpriced::Compute(ComputeError::NoRuleSet { .. })) => no_rule += 1,
            Err(_) => other += 1,
        }
    }
    let mut lines: Vec<String> = used
        .into_iter()
        .map(|(rule, names)| {
            let campaign = rule.campaign.map_or(String::new(), |c| {
                tr!(lang, " (campaign {c})", " (campagne {c})")
            });
            let n = cite(rates, &rule.source, sources);
            format!(
                "{}{campaign} [{n}]{} {}",
                rule.id,
                lang.colon(),
                names.join(", ")
            )
        })
        .collect();
    if custom > 0 {
        lines.push(tr!(
            lang,
            "No published rule set: {custom} rows, priced with the flags given ({flags}).",
            "Pas de règles publiées : {custom} lignes, chiffrées avec les options données ({flags})."
        ));
    }
    if no_rule > 0 {
        lines.push(tr!(
            lang,
            "No published rule set and no --share: {no_rule} rows not priced.",
            "Pas de règles publiées et pas de --share : {no_rule} lignes non chiffrées."
        ));
    }
    if other > 0 {
        lines.push(tr!(
            lang,
            "Not priced for the reason their note gives: {other} rows.",
            "Non chiffrées pour la raison que donne leur note : {other} lignes."
        ));
    }
    if not_given > 0 {
        lines.push(tr!(
            lang,
            "The note's text does not give the regions of {not_given} posts: not priced.",
            "Le texte de la note ne donne pas les régions de {not_given} postes : non chiffrés."
        ));
    }
    lines
}

/// The terms a rule set fixes that the flags would change, row by row.
fn row_overrides<'a>(e: &'a Envelope<'a>) -> Vec<RowOverride<'a>> {
    let mut out = Vec::new();
    for row in &e.rows {
        let (Some(region), Ok(p)) = (row.region.as_deref(), &row.priced) else {
            continue;
        };
        let plan = &p.computation.plan;
        let Some(rule) = plan.rule else { continue };
        for term in plan.overrides.iter() {
            out.push(RowOverride {
                post_type: row.post_type,
                region,
                rule_set: rule,
                term: *term,
                applied: plan.overrides.applied,
            });
        }
    }
    out
}

/// The flags not applied where a rule set fixes what they set (or applied, with `--override`):
/// one sentence per flag and value, naming the rows and the rule sets' own values.
fn override_words(rates: &Rates, rows: &[RowOverride<'_>], lang: Lang) -> Vec<String> {
    let mut groups: Vec<(&Override, Vec<String>, bool)> = Vec::new();
    for r in rows {
        let name = format!(
            "{}, {} ({}{} {})",
            rates.region(r.region).map_or(r.region, |x| x.name.as_str()),
            r.post_type.label(lang),
            r.rule_set.id,
            lang.colon(),
            term_words(r.term.rule, lang)
        );
        match groups
            .iter_mut()
            .find(|(o, _, _)| o.field == r.term.field && o.given == r.term.given)
        {
            Some((_, names, _)) => names.push(name),
            None => groups.push((&r.term, vec![name], r.applied)),
        }
    }
    groups
        .into_iter()
        .map(|(o, names, applied)| {
            let flag = Naming::Flags.name(o.field);
            let given = term_words(o.given, lang);
            let names = names.join(lang.pick("; ", " ; "));
            match applied {
                false => tr!(
                    lang,
                    "{flag} {given} is not applied where a rule set fixes another value: {names}. Those rows keep their rule set's; --override applies it.",
                    "{flag} {given} n'est pas appliqué là où des règles fixent une autre valeur : {names}. Ces lignes gardent celle de leurs règles ; --override l'applique."
                ),
                true => tr!(
                    lang,
                    "--override: {flag} {given} is applied instead of the rule set's value: {names}. Each such row says so in its column « {} ».",
                    "--override : {flag} {given} est appliqué au lieu de la valeur des règles : {names}. Chacune de ces lignes le dit dans sa colonne « {} ».",
                    crate::column::Column::Overrides.label(lang)
                ),
            }
        })
        .collect()
}

/// What the envelope itself assumes: posts priced alike, and rule sets of another campaign.
fn own_assumptions(e: &Envelope<'_>, lang: Lang) -> Vec<String> {
    let mut months: Vec<u32> = e
        .rows
        .iter()
        .filter_map(|r| r.priced.as_ref().ok().map(|p| p.computation.plan.months))
        .collect();
    months.sort_unstable();
    months.dedup();
    let length = match months.as_slice() {
        [m] => tr!(lang, "{m} months", "{m} mois"),
        _ => lang
            .pick(
                "its rule set's length (24 months without one)",
                "la durée de ses règles (24 mois sans règles)",
            )
            .to_string(),
    };
    let mut out = vec![tr!(
        lang,
        "A row's total is one post's credit × its posts: every post starts on {}, lasts {length} and has the inputs given; what the note does not give (each post's own start, length, grade or working pattern) is not known.",
        "Le total d'une ligne est le crédit d'un poste × ses postes : chaque poste commence le {}, dure {length} et a les données fournies ; ce que la note ne donne pas (le début, la durée, le grade ou l'organisation du travail propres à chaque poste) n'est pas connu.",
        date(e.start.date, lang)
    )];
    let year = e.start.november.map(|n| chrono::Datelike::year(&n));
    let mut seen: Vec<&str> = Vec::new();
    for rule in e
        .rows
        .iter()
        .filter_map(|r| r.priced.as_ref().ok().and_then(|p| p.computation.plan.rule))
    {
        if seen.contains(&rule.id.as_str()) {
            continue;
        }
        seen.push(&rule.id);
        let promotion = &e.allocation.promotion;
        match (rule.campaign, year) {
            (Some(c), Some(y)) if c != y => out.push(tr!(
                lang,
                "{} is the notice of the {c} campaign: the data has no notice of the {y} campaign for this region, so the {promotion} posts there are priced with it.",
                "{} est le cahier des charges de la campagne {c} : les données n'ont pas de cahier des charges de la campagne {y} pour cette région, les postes {promotion} y sont donc chiffrés avec lui.",
                rule.id
            )),
            (None, Some(_)) => out.push(tr!(
                lang,
                "The notice of {} gives no campaign year: it is taken to apply to the {promotion} posts.",
                "Le cahier des charges de {} ne donne pas d'année de campagne : il est supposé valoir pour les postes {promotion}.",
                rule.id
            )),
            _ => {}
        }
    }
    out
}

/// The reference charge rate a credit without a rule set counts, and what the data says of it.
fn reference_rate(rates: &Rates, e: &Envelope<'_>, lang: Lang) -> Option<String> {
    let custom = e.rows.iter().any(|r| {
        r.priced
            .as_ref()
            .is_ok_and(|p| p.computation.plan.rule.is_none())
    });
    let version = rates.charges.at(e.start.date).ok().filter(|_| custom)?;
    let note = version.note.as_ref().map_or(String::new(), |n| {
        format!(" ({})", n.get(lang).trim_end_matches('.'))
    });
    Some(tr!(
        lang,
        "The credit of the rows without a rule set counts employer charges at the data's reference rate, {} from {}{note}.",
        "Le crédit des lignes sans règles publiées compte les charges patronales au taux de référence des données, {} à partir du {}{note}.",
        human_rate(version.value, lang),
        date(version.from, lang)
    ))
}

/// Adds `items` not yet in `list`, in order.
fn add_once(list: &mut Vec<String>, items: impl IntoIterator<Item = String>) {
    for item in items {
        if !list.contains(&item) {
            list.push(item);
        }
    }
}

/// The basis of an envelope in `lang`; `flags` are the post flags as typed (`--share 50%`).
pub fn basis<'a>(
    rates: &'a Rates,
    e: &'a Envelope<'a>,
    flags: &[(Field, String)],
    lang: Lang,
) -> Basis<'a> {
    let mut sources = Vec::new();
    let versions = versions_words(rates, e.start.date, lang, &mut sources);
    let typed: Vec<String> = flags
        .iter()
        .map(|(f, v)| format!("{} {v}", f.flag()))
        .collect();
    let typed = match typed.is_empty() {
        true => lang.pick("none", "aucune").to_string(),
        false => typed.join(", "),
    };
    let rule_sets = rule_set_words(rates, e, &typed, lang, &mut sources);
    let row_overrides = row_overrides(e);
    let mut assumptions = own_assumptions(e, lang);
    let mut warnings = Vec::new();
    for row in e
        .rows
        .iter()
        .filter_map(|r: &EnvelopeRow<'a>| r.priced.as_ref().ok())
    {
        let words = explain_credit(rates, &row.computation, lang, &Naming::Flags);
        add_once(&mut assumptions, words.assumptions);
        add_once(&mut warnings, words.warnings);
    }
    add_once(&mut assumptions, reference_rate(rates, e, lang));
    Basis {
        start: start_sentence(&e.start, lang),
        versions,
        rule_sets,
        overrides: override_words(rates, &row_overrides, lang),
        row_overrides,
        assumptions,
        warnings,
        sources,
    }
}
