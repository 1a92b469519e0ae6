//! `rules`: the region rule sets known.

use super::{no_xlsx, shown, with_sink, Context};
use crate::cli::{RulesAction, RulesArgs};
use anyhow::{bail, Result};
use asp_funding::lang::{date, month, Lang};
use asp_funding::money::{human, human_rate};
use asp_funding::output::{source_json, Cell, Format, Header, Notes, Sink, Wrap};
use asp_funding::rates::{
    AmountBasis, ChargesBasis, PetBasis, Rates, Recovery, RuleSet, SalaryBasis,
};
use asp_funding::tr;
use serde_json::json;

/// Lists or shows rule sets.
pub fn run(args: &RulesArgs, ctx: &Context) -> Result<u8> {
    let output = &args.output;
    no_xlsx(output)?;
    let rates = ctx.rates()?;
    let (selected, full) = match &args.action {
        None | Some(RulesAction::List) => (rates.rule_sets.iter().collect(), false),
        Some(RulesAction::Show { name }) => (select(rates, name, output.lang)?, true),
    };
    // A rule set shown by its id is one JSON object; a list, an array.
    let single = full && selected.len() == 1;
    with_sink(output, single, |sink| {
        let lang = output.lang;
        match output.format {
            Format::Json => write_records(sink, rates, &selected, lang),
            Format::Table if full => write_sheets(sink, rates, &selected, lang),
            Format::Table => write_list(sink, rates, &selected, Some(lang)),
            Format::Csv | Format::Xlsx => write_list(sink, rates, &selected, None),
        }
    })
}

/// The rule sets `rules show NAME` shows: the one with that id, or those of the region so named.
fn select<'r>(rates: &'r Rates, name: &str, lang: Lang) -> Result<Vec<&'r RuleSet>> {
    if let Some(r) = rates.rule_set(name) {
        return Ok(vec![r]);
    }
    let Ok(region) = rates.region(name) else {
        let ids: Vec<&str> = rates.rule_sets.iter().map(|r| r.id.as_str()).collect();
        let names = ids.iter().copied().chain(
            rates
                .regions
                .iter()
                .flat_map(|r| [r.id.as_str(), r.name.as_str()]),
        );
        bail!(tr!(
            lang,
            "unknown rule set or region '{name}'.{} Rule sets: {}",
            "jeu de règles ou région inconnu « {name} ».{} Jeux de règles : {}",
            asp_funding::model::suggestion(asp_funding::model::did_you_mean(name, names), lang),
            ids.join(", ")
        ))
    };
    let found: Vec<&RuleSet> = rates.rule_sets_for(&region.id, None).collect();
    if found.is_empty() {
        bail!(tr!(
            lang,
            "{} has no published rule set in the data; compute it anyway with --share (see `asp-funding compute --help`)",
            "{} n'a pas de règles publiées dans les données ; calculez quand même avec --share (voir `asp-funding compute --help`)",
            region.name
        ));
    }
    Ok(found)
}

/// Items joined by `sep`.
fn join<T: ToString>(items: &[T], sep: &str) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(sep)
}

// The list: one line per rule set.

/// The columns of the list: all of them for scripts; a table for people shows the first seven.
const LIST_COLUMNS: [Header<'static>; 9] = [
    Header::new("id", "Rule set", "Règles"),
    Header::new("region", "Region", "Région"),
    Header::new("post_types", "Post types", "Types de poste"),
    Header::new("campaign", "Campaign", "Campagne"),
    Header::new("share", "Share", "Part"),
    Header::new("funded", "Funded", "Financé"),
    Header::new("durations", "Months", "Mois"),
    Header::key("default_months"),
    Header::key("source"),
];

/// How many of [`LIST_COLUMNS`] a table for people shows.
const LIST_COLUMNS_SHOWN: usize = 7;

/// Writes the list of rule sets: for people (`Some(lang)`) in their words, with a hint to show
/// one; for scripts (CSV) ids and numbers.
fn write_list(
    sink: &mut dyn Sink,
    rates: &Rates,
    selected: &[&RuleSet],
    people: Option<Lang>,
) -> Result<()> {
    let columns = match people {
        Some(_) => &LIST_COLUMNS[..LIST_COLUMNS_SHOWN],
        None => &LIST_COLUMNS[..],
    };
    // Ids and regions stay whole; the other columns wrap where the width falls.
    sink.wrap(Wrap::Anywhere { whole: &[0, 1] });
    sink.header(columns)?;
    for r in selected {
        let mut cells = match people {
            Some(lang) => listed_words(rates, r, lang),
            None => listed_cells(r),
        };
        cells.truncate(columns.len());
        sink.row(&cells)?;
    }
    if let Some(lang) = people {
        sink.text(&tr!(
            lang,
            "Show one in full: asp-funding rules show ID\n",
            "Pour en voir un en entier : asp-funding rules show ID\n"
        ))?;
    }
    Ok(())
}

/// A rule set's line for scripts, in the order of [`LIST_COLUMNS`].
fn listed_cells(r: &RuleSet) -> Vec<Cell<'_>> {
    vec![
        Cell::text(r.id.as_str()),
        Cell::text(r.region.as_str()),
        Cell::text(join(&r.post_types, ",")),
        r.campaign
            .map_or_else(Cell::default, |c| Cell::Int(i64::from(c))),
        Cell::Rate(r.share),
        Cell::text(join(&r.funded, ",")),
        Cell::text(join(&r.durations, ",")),
        Cell::Int(i64::from(r.default_months)),
        Cell::text(r.source.as_str()),
    ]
}

/// A rule set's line for people, in the order of [`LIST_COLUMNS`] (the columns they see).
fn listed_words<'r>(rates: &'r Rates, r: &'r RuleSet, lang: Lang) -> Vec<Cell<'r>> {
    vec![
        Cell::text(r.id.as_str()),
        Cell::text(region_name(rates, r)),
        Cell::text(post_types_words(r, lang)),
        Cell::text(campaign_words(r)),
        Cell::text(human_rate(r.share, lang)),
        Cell::text(components_words(r, lang)),
        Cell::text(join(&r.durations, lang.pick(" or ", " ou "))),
    ]
}

// The records: each rule set whole, for JSON.

/// Writes each rule set whole, one JSON object each.
fn write_records(
    sink: &mut dyn Sink,
    rates: &Rates,
    selected: &[&RuleSet],
    lang: Lang,
) -> Result<()> {
    for (i, r) in selected.iter().enumerate() {
        let (keys, cells): (Vec<Header<'_>>, Vec<Cell<'_>>) =
            record(rates, r, lang).into_iter().unzip();
        if i == 0 {
            sink.header(&keys)?;
        }
        sink.row(&cells)?;
    }
    Ok(())
}

/// A rule set whole: a heading and a cell per field, texts in `lang`.
fn record<'r>(rates: &'r Rates, r: &'r RuleSet, lang: Lang) -> Vec<(Header<'static>, Cell<'r>)> {
    let texts = |items: Vec<&'r str>| Cell::List(items.into_iter().map(Into::into).collect(), ",");
    let start_months = r
        .start_months
        .iter()
        .map(|(y, m)| format!("{y}-{m:02}").into())
        .collect();
    let source = rates
        .source(&r.source)
        .map_or_else(Cell::default, |s| Cell::Json(source_json(s)));
    let field = Header::key;
    vec![
        (field("id"), Cell::text(r.id.as_str())),
        (field("region"), Cell::text(r.region.as_str())),
        (
            field("post_types"),
            texts(r.post_types.iter().map(|p| p.id()).collect()),
        ),
        (
            field("campaign"),
            r.campaign
                .map_or_else(Cell::default, |c| Cell::Int(i64::from(c))),
        ),
        (field("title"), Cell::text(r.title.get(lang))),
        (field("share"), Cell::Rate(r.share)),
        (
            field("funded"),
            texts(r.funded.iter().map(|c| c.id()).collect()),
        ),
        (field("salary"), Cell::text(salary_words(r, lang))),
        (field("iespe"), Cell::text(iespe_words(r, lang))),
        (field("pet"), Cell::text(pet_words(r, lang))),
        (field("charges"), Cell::text(charges_words(r, lang))),
        (field("durations"), Cell::Json(json!(r.durations))),
        (
            field("default_months"),
            Cell::Int(i64::from(r.default_months)),
        ),
        (field("start_months"), Cell::List(start_months, ",")),
        (field("default_start"), Cell::date_or_empty(r.default_start)),
        (
            field("default_start_note"),
            r.default_start_note
                .as_ref()
                .map_or_else(Cell::default, |n| Cell::text(n.get(lang))),
        ),
        (
            field("period"),
            r.period.as_ref().map_or_else(Cell::default, |p| {
                Cell::Json(json!({ "from": p.from.to_string(), "note": p.note.get(lang) }))
            }),
        ),
        (
            field("published_credit"),
            Cell::amount_or_empty(r.published_credit),
        ),
        (field("early_leave"), Cell::Json(early_leave_json(r, lang))),
        (field("conditions"), Cell::Json(conditions_json(r, lang))),
        (field("information"), Cell::Json(information_json(r, lang))),
        (
            field("rounding"),
            Cell::Json(json!({ "mode": r.rounding.mode, "at": r.rounding.at })),
        ),
        (field("proration"), Cell::text(r.proration.id())),
        (field("credit"), Cell::text(r.credit.id())),
        (
            field("other_durations"),
            Cell::text(r.other_durations.label(lang)),
        ),
        (
            field("assumptions"),
            texts(r.assumptions.iter().map(|a| a.get(lang)).collect()),
        ),
        (field("source"), source),
        (field("file"), Cell::text(r.origin.file.as_str())),
    ]
}

// The sheets: each rule set in full, for people.

/// Writes each rule set in full for people: a table of its terms, its assumptions and its source.
fn write_sheets(
    sink: &mut dyn Sink,
    rates: &Rates,
    selected: &[&RuleSet],
    lang: Lang,
) -> Result<()> {
    for (i, r) in selected.iter().enumerate() {
        if i > 0 {
            sink.text("\n")?;
        }
        sink.header(&[Header::new("term", &r.id, &r.id), Header::key("")])?;
        for (term, words) in terms(rates, r, lang) {
            sink.row(&[Cell::text(term), Cell::text(words)])?;
        }
        sink.notes(&Notes {
            assumptions: r.assumptions.iter().map(|a| a.get(lang).into()).collect(),
            ..Notes::default()
        })?;
        sink.text(&sections(r, lang))?;
        if let Some(s) = rates.source(&r.source) {
            let mut text = format!("{}{}", lang.pick("Source: ", "Source : "), s.title);
            if let Some(reference) = &s.reference {
                text.push_str(&format!(". {reference}"));
            }
            text.push('\n');
            sink.text(&text)?;
        }
    }
    Ok(())
}

/// A rule set's terms, each named, in words of `lang`.
fn terms(rates: &Rates, r: &RuleSet, lang: Lang) -> Vec<(&'static str, String)> {
    let t = |en: &'static str, fr: &'static str| lang.pick(en, fr);
    vec![
        (t("Region", "Région"), region_name(rates, r)),
        (t("Post types", "Types de poste"), post_types_words(r, lang)),
        (t("Campaign", "Campagne"), campaign_words(r)),
        (t("Funds", "Finance"), r.title.get(lang).to_string()),
        (t("Share", "Part"), human_rate(r.share, lang)),
        (
            t("Funded components", "Composantes financées"),
            components_words(r, lang),
        ),
        (t("Salary", "Traitement"), salary_words(r, lang)),
        ("IESPE", iespe_words(r, lang)),
        ("PET", pet_words(r, lang)),
        (
            t("Employer charges", "Charges patronales"),
            charges_words(r, lang),
        ),
        (
            t("Durations (months)", "Durées (mois)"),
            durations_words(r, lang),
        ),
        (
            t("Start months", "Mois de prise de fonctions"),
            start_months_words(r, lang),
        ),
        (
            t("Default start", "Début par défaut"),
            default_start_words(r, lang),
        ),
        (
            t("Period covered", "Période couverte"),
            period_words(r, lang),
        ),
        (
            t("Partial months", "Mois partiels"),
            r.proration.label(lang).to_string(),
        ),
        (
            t("Monthly credit", "Crédit mensuel"),
            r.credit.label(lang).to_string(),
        ),
        (
            t("Published credit", "Crédit publié"),
            published_words(r, lang),
        ),
        (
            t("Early leave", "Départ anticipé"),
            early_leave_words(r, lang),
        ),
        (
            t("Other durations", "Autres durées"),
            r.other_durations.label(lang).to_string(),
        ),
        (t("Rounding", "Arrondi"), rounding_words(r, lang)),
        (
            t("File", "Fichier"),
            format!("{}:{}", shown(&r.origin.file, lang), r.origin.line),
        ),
    ]
}

// A rule set's terms in words.

/// The name of a rule set's region (its id if the data does not name it).
fn region_name(rates: &Rates, r: &RuleSet) -> String {
    rates
        .region(&r.region)
        .map(|x| x.name.clone())
        .unwrap_or_else(|_| r.region.clone())
}

/// A rule set's campaign, or `-`.
fn campaign_words(r: &RuleSet) -> String {
    r.campaign.map_or("-".to_string(), |c| c.to_string())
}

/// The post types of a rule set, in words of `lang`.
fn post_types_words(r: &RuleSet, lang: Lang) -> String {
    r.post_types
        .iter()
        .map(|p| p.label(lang))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The funded components of a rule set, in words of `lang`.
fn components_words(r: &RuleSet, lang: Lang) -> String {
    r.funded
        .iter()
        .map(|c| c.label(lang))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Where the salary funded comes from.
fn salary_words(r: &RuleSet, lang: Lang) -> String {
    match r.salary {
        SalaryBasis::Grid => tr!(
            lang,
            "national grid, {} years {}",
            "grille nationale, {} années {}",
            r.grade.label(),
            r.years
        ),
        SalaryBasis::Published(m) => tr!(
            lang,
            "{} a month as the notice publishes it, {} years {}",
            "{} par mois tel que le cahier des charges le publie, {} années {}",
            human(m, lang),
            r.grade.label(),
            r.years
        ),
    }
}

/// Where the IESPE funded comes from.
fn iespe_words(r: &RuleSet, lang: Lang) -> String {
    match r.iespe {
        AmountBasis::National => lang.pick("national amount", "montant national").into(),
        AmountBasis::Published(m) => tr!(
            lang,
            "{} a month as the notice publishes it",
            "{} par mois telle que le cahier des charges la publie",
            human(m, lang)
        ),
    }
}

/// Where the PET funded comes from.
fn pet_words(r: &RuleSet, lang: Lang) -> String {
    match r.pet {
        PetBasis::Fixed(a) => tr!(lang, "fixed at {}", "fixée à {}", human(a, lang)),
        PetBasis::Pattern => lang
            .pick(
                "from the working pattern",
                "selon l'organisation du travail",
            )
            .into(),
    }
}

/// The employer charges funded.
fn charges_words(r: &RuleSet, lang: Lang) -> String {
    match r.charges {
        ChargesBasis::Reference => lang
            .pick("national reference rate", "taux national de référence")
            .into(),
        ChargesBasis::Rate(rate) => tr!(
            lang,
            "{} of the funded gross, as the rule set fixes it",
            "{} du brut financé, taux fixé par les règles",
            human_rate(rate, lang)
        ),
        ChargesBasis::None => lang
            .pick(
                "not stated by the notice: assumed not funded (see the assumptions)",
                "non précisées par le cahier des charges : supposées non financées (voir les hypothèses)",
            )
            .into(),
    }
}

/// The contract durations allowed, and the default.
fn durations_words(r: &RuleSet, lang: Lang) -> String {
    tr!(
        lang,
        "{} (default {})",
        "{} (par défaut {})",
        join(&r.durations, lang.pick(" or ", " ou ")),
        r.default_months
    )
}

/// The months a post may start in, or that the rule set does not say.
fn start_months_words(r: &RuleSet, lang: Lang) -> String {
    if r.start_months.is_empty() {
        return lang.pick("not given", "non précisés").into();
    }
    r.start_months
        .iter()
        .filter_map(|(y, m)| chrono::NaiveDate::from_ymd_opt(*y, *m, 1))
        .map(|d| month(d, lang))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The first day of a post when none is given.
fn default_start_words(r: &RuleSet, lang: Lang) -> String {
    match (r.default_start, &r.default_start_note) {
        (None, _) => lang
            .pick("first day of next month", "premier jour du mois prochain")
            .into(),
        (Some(d), None) => date(d, lang),
        (Some(d), Some(note)) => format!("{} ({})", date(d, lang), note.get(lang)),
    }
}

/// How the amounts are rounded, and where.
fn rounding_words(r: &RuleSet, lang: Lang) -> String {
    tr!(
        lang,
        "{} at {}",
        "{}, sur {}",
        r.rounding.mode.to_the_cent(lang),
        r.rounding
            .at
            .iter()
            .map(|a| a.label(lang))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// The period a rule set's notice covers, or that the data does not say.
fn period_words(r: &RuleSet, lang: Lang) -> String {
    match &r.period {
        Some(p) => tr!(
            lang,
            "contracts starting from {} ({})",
            "contrats commençant à partir du {} ({})",
            date(p.from, lang),
            p.note.get(lang)
        ),
        None if !r.start_months.is_empty() => tr!(
            lang,
            "contracts starting in {}",
            "contrats commençant en {}",
            start_months_words(r, lang).replace(", ", lang.pick(" or ", " ou "))
        ),
        None => lang.pick("not stated", "non précisée").into(),
    }
}

/// The monthly credit the notice publishes, or that it publishes none.
fn published_words(r: &RuleSet, lang: Lang) -> String {
    match r.published_credit {
        Some(amount) => tr!(
            lang,
            "{} a month, as the notice publishes it",
            "{} par mois, tel que le cahier des charges le publie",
            human(amount, lang)
        ),
        None => lang
            .pick(
                "none: computed from the data",
                "aucun : calculé d'après les données",
            )
            .into(),
    }
}

/// The notice's clause on a contract ended early, or that it has none.
fn early_leave_words(r: &RuleSet, lang: Lang) -> String {
    let Some(clause) = &r.early_leave else {
        return lang
            .pick(
                "the notice says nothing of it: whether the agency recovers any credit is not stated",
                "le cahier des charges n'en dit rien : la récupération de crédits n'est pas précisée",
            )
            .into();
    };
    let reasons: Vec<&str> = clause.reasons.iter().map(|x| x.label(lang)).collect();
    let how = match clause.recovery {
        Recovery::Discretionary => lang.pick(
            "the agency may recover the credit",
            "l'ARS peut récupérer les crédits",
        ),
        Recovery::Automatic => lang.pick("the credit is recovered", "les crédits sont récupérés"),
    };
    tr!(
        lang,
        "{how} on a departure to be recruited as {}; other departures: not stated. {}",
        "{how} en cas de départ pour un recrutement en qualité de {} ; autres départs : non précisé. {}",
        reasons.join(lang.pick(" or ", " ou ")),
        clause.quote
    )
}

/// The conditions and what the notice says beyond the money, for people.
fn sections(r: &RuleSet, lang: Lang) -> String {
    let mut text = String::new();
    if !r.conditions.is_empty() {
        text.push_str(lang.pick(
            "Conditions of eligibility:\n",
            "Conditions d'éligibilité :\n",
        ));
        for c in &r.conditions {
            text.push_str(&format!("  - {}", c.text.get(lang)));
            if let Some(unless) = &c.unless {
                text.push_str(&tr!(
                    lang,
                    "; otherwise not met unless {}",
                    " ; sinon non remplie sauf {}",
                    unless.get(lang)
                ));
            }
            if c.replaces.is_some() {
                text.push_str(lang.pick(
                    "; in place of the national notes' condition on the same point",
                    " ; à la place de la condition des notes nationales sur le même point",
                ));
            }
            text.push('\n');
        }
    }
    if !r.information.is_empty() {
        text.push_str(lang.pick(
            "What the notice also says (information, not computed):\n",
            "Ce que dit aussi le cahier des charges (pour information, sans calcul) :\n",
        ));
        for i in &r.information {
            text.push_str(&format!(
                "  - {}{} {}\n",
                i.about.get(lang),
                lang.colon(),
                i.quote
            ));
        }
    }
    text
}

/// The notice's clause on a contract ended early, for scripts.
fn early_leave_json(r: &RuleSet, lang: Lang) -> serde_json::Value {
    r.early_leave.as_ref().map_or_else(
        || json!({ "recovery": "not-stated" }),
        |clause| {
            json!({
                "reasons": clause.reasons.iter().map(|x| x.id()).collect::<Vec<_>>(),
                "recovery": clause.recovery.id(),
                "other_reasons": "not-stated",
                "quote": clause.quote,
                "source": clause.source,
                "words": early_leave_words(r, lang),
            })
        },
    )
}

/// A rule set's own conditions, for scripts.
fn conditions_json(r: &RuleSet, lang: Lang) -> serde_json::Value {
    r.conditions
        .iter()
        .map(|c| {
            json!({
                "id": c.id,
                "condition": c.text.get(lang),
                "unless": c.unless.as_ref().map(|u| u.get(lang)),
                "replaces": c.replaces,
                "source": c.source,
            })
        })
        .collect()
}

/// What the notice says beyond the money, for scripts.
fn information_json(r: &RuleSet, lang: Lang) -> serde_json::Value {
    r.information
        .iter()
        .map(|i| json!({ "about": i.about.get(lang), "quote": i.quote, "source": i.source }))
        .collect()
}
