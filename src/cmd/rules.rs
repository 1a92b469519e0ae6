//! `rules`: the region rule sets known.

use super::{csv_text, emit, json_text, no_xlsx, Context};
use crate::cli::{RulesAction, RulesArgs};
use anyhow::{bail, Result};
use asp_funding::lang::{date, month, Lang};
use asp_funding::money::{formula_amount, formula_number, human_rate, plain_rate};
use asp_funding::output::Cell;
use asp_funding::output::{bullets, keep_whole, new_table, source_json, Format};
use asp_funding::rates::{AmountBasis, ChargesBasis, PetBasis, Rates, RuleSet, SalaryBasis};
use asp_funding::tr;
use serde_json::{json, Value};

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
            "{} published, {} years {}",
            "{} publié, {} années {}",
            formula_amount(m, lang),
            r.grade.label(),
            r.years
        ),
    }
}

fn iespe_words(r: &RuleSet, lang: Lang) -> String {
    match r.iespe {
        AmountBasis::National => lang.pick("national amount", "montant national").into(),
        AmountBasis::Published(m) => {
            tr!(lang, "{} published", "{} publié", formula_amount(m, lang))
        }
    }
}

fn pet_words(r: &RuleSet, lang: Lang) -> String {
    match r.pet {
        PetBasis::Fixed(a) => tr!(lang, "fixed at {}", "fixée à {}", formula_amount(a, lang)),
        PetBasis::Pattern => lang
            .pick(
                "from the working pattern",
                "selon l'organisation du travail",
            )
            .into(),
    }
}

fn charges_words(r: &RuleSet, lang: Lang) -> String {
    match r.charges {
        ChargesBasis::Reference => lang
            .pick("national reference rate", "taux national de référence")
            .into(),
        ChargesBasis::Rate(rate) => tr!(
            lang,
            "{} (rule set)",
            "{} (règles)",
            formula_number(&plain_rate(rate), lang)
        ),
        ChargesBasis::None => lang
            .pick(
                "none: the credit involves no charges",
                "aucune : le crédit ne comprend pas de charges",
            )
            .into(),
    }
}

fn join<T: ToString>(items: &[T], sep: &str) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(sep)
}

fn rule_set_json(rates: &Rates, r: &RuleSet, lang: Lang) -> Value {
    json!({
        "id": r.id,
        "region": r.region,
        "post_types": r.post_types,
        "campaign": r.campaign,
        "title": r.title.get(lang),
        "share": plain_rate(r.share),
        "funded": r.funded,
        "salary": salary_words(r, lang),
        "iespe": iespe_words(r, lang),
        "pet": pet_words(r, lang),
        "charges": charges_words(r, lang),
        "durations": r.durations,
        "default_months": r.default_months,
        "start_months": r.start_months.iter().map(|(y, m)| format!("{y}-{m:02}")).collect::<Vec<_>>(),
        "default_start": r.default_start.map(|d| d.to_string()),
        "rounding": { "mode": r.rounding.mode, "at": r.rounding.at },
        "proration": r.proration.id(),
        "credit": r.credit.id(),
        "other_durations": r.other_durations.label(lang),
        "assumptions": r.assumptions.iter().map(|a| a.get(lang)).collect::<Vec<_>>(),
        "source": rates.source(&r.source).map(source_json),
        "file": r.origin.file,
    })
}

/// Lists or shows rule sets.
pub fn run(args: &RulesArgs, ctx: &Context) -> Result<u8> {
    no_xlsx(&args.output)?;
    let rates = ctx.rates()?;
    let lang = args.output.lang;
    let selected: Vec<&RuleSet> = match &args.action {
        None | Some(RulesAction::List) => rates.rule_sets.iter().collect(),
        Some(RulesAction::Show { name }) => match rates.rule_set(name) {
            Some(r) => vec![r],
            None => {
                let region = match rates.region(name) {
                    Ok(region) => region,
                    Err(_) => {
                        let ids: Vec<&str> =
                            rates.rule_sets.iter().map(|r| r.id.as_str()).collect();
                        let names = ids.iter().copied().chain(
                            rates
                                .regions
                                .iter()
                                .flat_map(|r| [r.id.as_str(), r.name.as_str()]),
                        );
                        bail!(tr!(
                            args.output.lang,
                            "unknown rule set or region '{name}'.{} Rule sets: {}",
                            "jeu de règles ou région inconnu « {name} ».{} Jeux de règles : {}",
                            asp_funding::model::suggestion(
                                asp_funding::model::did_you_mean(name, names),
                                args.output.lang
                            ),
                            join(&ids, ", ")
                        ))
                    }
                };
                let found: Vec<&RuleSet> = rates.rule_sets_for(&region.id, None).collect();
                if found.is_empty() {
                    bail!(tr!(
                        args.output.lang,
                        "{} has no published rule set in the data; compute it anyway with --share (see `asp-funding compute --help`)",
                        "{} n'a pas de règles publiées dans les données ; calculez quand même avec --share (voir `asp-funding compute --help`)",
                        region.name
                    ));
                }
                found
            }
        },
    };
    let full = matches!(args.action, Some(RulesAction::Show { .. }));
    let text = match args.output.format {
        Format::Json if full && selected.len() == 1 => {
            json_text(&rule_set_json(&rates, selected[0], lang))
        }
        Format::Json => json_text(&Value::Array(
            selected
                .iter()
                .map(|r| rule_set_json(&rates, r, lang))
                .collect(),
        )),
        Format::Csv | Format::Xlsx => csv_text(
            &[
                "id",
                "region",
                "post_types",
                "campaign",
                "share",
                "funded",
                "durations",
                "default_months",
                "source",
            ],
            &selected
                .iter()
                .map(|r| {
                    vec![
                        Cell::text(r.id.as_str()),
                        Cell::text(r.region.as_str()),
                        Cell::text(join(&r.post_types, ",")),
                        r.campaign.map_or(Cell::Empty, |c| Cell::Int(i64::from(c))),
                        Cell::Rate(r.share),
                        Cell::text(join(&r.funded, ",")),
                        Cell::text(join(&r.durations, ",")),
                        Cell::Int(i64::from(r.default_months)),
                        Cell::text(r.source.as_str()),
                    ]
                })
                .collect::<Vec<_>>(),
            args.output.csv_style(),
        ),
        Format::Table if full => selected
            .iter()
            .map(|r| show_table(&rates, r, lang))
            .collect::<Vec<_>>()
            .join("\n"),
        Format::Table => {
            let mut table = new_table(&[
                lang.pick("Rule set", "Règles"),
                lang.pick("Region", "Région"),
                lang.pick("Post types", "Types de poste"),
                lang.pick("Campaign", "Campagne"),
                lang.pick("Share", "Part"),
                lang.pick("Funded", "Financé"),
                lang.pick("Months", "Mois"),
            ]);
            for r in &selected {
                let region = rates
                    .region(&r.region)
                    .map(|x| x.name.clone())
                    .unwrap_or_else(|_| r.region.clone());
                table.add_row(vec![
                    r.id.clone(),
                    region,
                    post_types_words(r, lang),
                    r.campaign.map_or("-".to_string(), |c| c.to_string()),
                    human_rate(r.share, lang),
                    components_words(r, lang),
                    join(&r.durations, lang.pick(" or ", " ou ")),
                ]);
            }
            keep_whole(&mut table, &[0, 1]);
            tr!(
                lang,
                "{table}\nShow one in full: asp-funding rules show ID\n",
                "{table}\nPour en voir un en entier : asp-funding rules show ID\n"
            )
        }
    };
    emit(&args.output, &text)
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

fn show_table(rates: &Rates, r: &RuleSet, lang: Lang) -> String {
    let mut table = new_table(&[r.id.as_str(), ""]);
    let region = rates
        .region(&r.region)
        .map(|x| x.name.clone())
        .unwrap_or_else(|_| r.region.clone());
    let t = |en: &'static str, fr: &'static str| lang.pick(en, fr);
    let rows: Vec<(&str, String)> = vec![
        (t("Region", "Région"), region),
        (t("Post types", "Types de poste"), post_types_words(r, lang)),
        (
            t("Campaign", "Campagne"),
            r.campaign.map_or("-".to_string(), |c| c.to_string()),
        ),
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
            tr!(
                lang,
                "{} (default {})",
                "{} (par défaut {})",
                join(&r.durations, t(" or ", " ou ")),
                r.default_months
            ),
        ),
        (
            t("Start months", "Mois de prise de fonctions"),
            if r.start_months.is_empty() {
                t("not given", "non précisés").into()
            } else {
                r.start_months
                    .iter()
                    .filter_map(|(y, m)| chrono::NaiveDate::from_ymd_opt(*y, *m, 1))
                    .map(|d| month(d, lang))
                    .collect::<Vec<_>>()
                    .join(", ")
            },
        ),
        (
            t("Default start", "Début par défaut"),
            r.default_start.map_or(
                t("first day of next month", "premier jour du mois prochain").into(),
                |d| date(d, lang),
            ),
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
            t("Other durations", "Autres durées"),
            r.other_durations.label(lang).to_string(),
        ),
        (
            t("Rounding", "Arrondi"),
            tr!(
                lang,
                "{} at {}",
                "{} sur {}",
                r.rounding.mode.label(lang),
                r.rounding
                    .at
                    .iter()
                    .map(|a| a.label(lang))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
        (
            t("File", "Fichier"),
            format!("{}:{}", super::shown(&r.origin.file, lang), r.origin.line),
        ),
    ];
    for (k, v) in rows {
        table.add_row(vec![k.to_string(), v]);
    }
    let mut text = format!("{table}\n");
    let assumptions: Vec<String> = r
        .assumptions
        .iter()
        .map(|a| a.get(lang).to_string())
        .collect();
    text.push_str(&bullets(t("Assumptions", "Hypothèses"), &assumptions, lang));
    if let Some(s) = rates.source(&r.source) {
        text.push_str(&format!("{}{}", t("Source: ", "Source : "), s.title));
        if let Some(reference) = &s.reference {
            text.push_str(&format!(". {reference}"));
        }
        text.push('\n');
    }
    text
}
