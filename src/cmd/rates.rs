//! `rates`: the reference data versions.

use super::{csv_text, emit, json_text, no_xlsx, shown, text_cells, Context};
use crate::cli::{OutputArgs, RatesAction, RatesArgs};
use anyhow::{bail, Result};
use asp_funding::lang::{date as day, Lang};
use asp_funding::model::{Grade, YearBand};
use asp_funding::money::{human, human_number, human_rate, plain, plain_rate};
use asp_funding::output::{keep_whole, new_table, source_json, Format};
use asp_funding::rates::{Lower, Rates, Split, Version, Versioned};
use asp_funding::tr;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::{json, Value};

/// One row of `rates list`.
struct Row {
    parameter: String,
    from: String,
    until: String,
    value: String,
    sources: String,
    file: String,
}

/// A parameter's name for people.
fn parameter_name(name: &str, lang: Lang) -> &str {
    match (name, lang) {
        ("grid", Lang::Fr) => "grille",
        ("PET scale", Lang::Fr) => "barème de la PET",
        ("reference charge rate", Lang::Fr) => "taux de charges de référence",
        ("rule set", Lang::Fr) => "règles",
        ("allocation", Lang::Fr) => "répartition",
        _ => name,
    }
}

fn version_rows<T>(v: &Versioned<T>, value: impl Fn(&Version<T>) -> String) -> Vec<Row> {
    v.versions
        .iter()
        .enumerate()
        .map(|(i, version)| Row {
            parameter: v.param.name(Lang::En).to_string(),
            from: version.from.to_string(),
            until: v.last_day(i).map_or(String::new(), |d| d.to_string()),
            value: value(version),
            sources: version.sources.join(","),
            file: format!("{}:{}", version.origin.rel, version.origin.line),
        })
        .collect()
}

/// The rows of `rates list`; values in words of `lang` (tables) or English (CSV, JSON).
fn list_rows(rates: &Rates, lang: Lang) -> Vec<Row> {
    let mut rows = Vec::new();
    rows.extend(version_rows(&rates.grid, |v| {
        let g = v
            .value
            .annual(Grade::Specialist, YearBand::Years1To2)
            .map(plain)
            .unwrap_or_default();
        tr!(
            lang,
            "4 grades × 3 year bands (specialist 1-2: {g}/year)",
            "4 grades × 3 tranches d'années (spécialiste 1-2 : {g}/an)"
        )
    }));
    rows.extend(version_rows(&rates.iespe, |v| {
        tr!(lang, "{}/month", "{}/mois", plain(v.value))
    }));
    rows.extend(version_rows(&rates.pet, |v| {
        let amounts: Vec<String> = v.value.tiers.iter().map(|t| plain(t.amount)).collect();
        tr!(
            lang,
            "{} tiers ({}), {} km rule",
            "{} paliers ({}), règle des {} km",
            v.value.tiers.len(),
            amounts.join(", "),
            v.value.min_distance_km
        )
    }));
    rows.extend(version_rows(&rates.charges, |v| plain_rate(v.value)));
    for r in &rates.rule_sets {
        rows.push(Row {
            parameter: "rule set".into(),
            from: r.default_start.map_or(String::new(), |d| d.to_string()),
            until: String::new(),
            value: r.id.clone(),
            sources: r.source.clone(),
            file: format!("{}:{}", r.origin.rel, r.origin.line),
        });
    }
    for a in &rates.allocations {
        let totals: Vec<String> = a
            .by_type
            .iter()
            .map(|(p, t)| format!("{p} {}", t.total))
            .collect();
        rows.push(Row {
            parameter: "allocation".into(),
            from: String::new(),
            until: String::new(),
            value: format!("{}: {}", a.promotion, totals.join(", ")),
            sources: a.source.clone(),
            file: a.rel.clone(),
        });
    }
    rows
}

/// Lists, shows or validates reference data.
pub fn run(args: &RatesArgs, ctx: &Context) -> Result<u8> {
    no_xlsx(&args.output)?;
    match &args.action {
        Some(RatesAction::Validate { dir }) => {
            let rates = asp_funding::rates::load_dir(dir)
                .map_err(|e| anyhow::anyhow!(e.render(args.output.lang)))?;
            let text = tr!(
                args.output.lang,
                "{}: valid reference data: {} files; grid {} version(s), IESPE {}, PET scale {}, reference charge rate {}; {} rule set(s); {} allocation note(s); {} sources\n",
                "{} : données de référence valides : {} fichiers ; grille {} version(s), IESPE {}, barème de la PET {}, taux de charges de référence {} ; {} jeu(x) de règles ; {} note(s) de répartition ; {} sources\n",
                dir.display(),
                rates.files.len(),
                rates.grid.versions.len(),
                rates.iespe.versions.len(),
                rates.pet.versions.len(),
                rates.charges.versions.len(),
                rates.rule_sets.len(),
                rates.allocations.len(),
                rates.sources.len()
            );
            emit(&args.output, &text)
        }
        Some(RatesAction::Show { name, at }) => {
            let rates = ctx.rates()?;
            let date = match at {
                Some(d) => *d,
                None => ctx.today()?,
            };
            show(&rates, name, date, &args.output)
        }
        None | Some(RatesAction::List) => {
            let rates = ctx.rates()?;
            let lang = args.output.lang;
            // Scripts read English values whatever the language; people read theirs.
            let rows = list_rows(
                &rates,
                if args.output.format == Format::Table {
                    lang
                } else {
                    Lang::En
                },
            );
            let text = match args.output.format {
                Format::Json => json_text(&json!({
                    "origin": rates.origin,
                    "versions": rows.iter().map(|r| json!({
                        "parameter": r.parameter, "from": r.from, "until": r.until,
                        "value": r.value, "sources": r.sources.split(',').collect::<Vec<_>>(), "file": r.file,
                    })).collect::<Vec<_>>(),
                    "sources": rates.sources.values().map(source_json).collect::<Vec<_>>(),
                })),
                Format::Csv | Format::Xlsx => csv_text(
                    &["parameter", "from", "until", "value", "sources", "file"],
                    &text_cells(
                        &rows
                            .iter()
                            .map(|r| {
                                vec![
                                    r.parameter.clone(),
                                    r.from.clone(),
                                    r.until.clone(),
                                    r.value.clone(),
                                    r.sources.clone(),
                                    r.file.clone(),
                                ]
                            })
                            .collect::<Vec<_>>(),
                    ),
                    args.output.csv_style(),
                ),
                Format::Table => {
                    let mut table = new_table(&[
                        lang.pick("Parameter", "Paramètre"),
                        lang.pick("From", "Du"),
                        lang.pick("Until", "Au"),
                        lang.pick("Value", "Valeur"),
                        "Sources",
                        lang.pick("File", "Fichier"),
                    ]);
                    let date_text = |text: &str| {
                        NaiveDate::parse_from_str(text, "%Y-%m-%d")
                            .map_or_else(|_| text.to_string(), |d| day(d, lang))
                    };
                    for r in &rows {
                        table.add_row(vec![
                            parameter_name(&r.parameter, lang).to_string(),
                            date_text(&r.from),
                            date_text(&r.until),
                            r.value.clone(),
                            r.sources.clone(),
                            r.file.clone(),
                        ]);
                    }
                    keep_whole(&mut table, &[1, 2]);
                    let mut text = tr!(
                        lang,
                        "Reference data: {}\n{table}\nSources:\n",
                        "Données de référence : {}\n{table}\nSources :\n",
                        shown(&rates.origin, lang)
                    );
                    for s in rates.sources.values() {
                        text.push_str(&format!("  {}: {}\n", s.id, s.title));
                    }
                    text
                }
            };
            emit(&args.output, &text)
        }
    }
}

/// A table's header: per column, a key for CSV and a label for people.
type Header<'a> = Vec<(&'a str, &'a str)>;

fn show(rates: &Rates, name: &str, date: NaiveDate, output: &OutputArgs) -> Result<u8> {
    let lang = output.lang;
    let sources_of = |ids: &[String]| -> Vec<Value> {
        ids.iter()
            .filter_map(|id| rates.source(id))
            .map(source_json)
            .collect()
    };
    // The header: a key for CSV (never translated) and a label for tables.
    let (json_value, header, rows, note): (Value, Header<'_>, Vec<Vec<String>>, String) = match name
        .to_ascii_lowercase()
        .as_str()
    {
        "grid" => {
            let v = rates
                .grid
                .at(date)
                .map_err(|e| anyhow::anyhow!(e.render(lang)))?;
            let mut rows = Vec::new();
            let mut grid_json = serde_json::Map::new();
            for grade in Grade::all() {
                let mut bands = serde_json::Map::new();
                for years in YearBand::all() {
                    let annual = v.value.annual(grade, years).unwrap_or_default();
                    bands.insert(years.id().into(), json!({ "annual": plain(annual), "monthly": plain(annual / Decimal::from(12)) }));
                    rows.push(vec![
                        grade.id().to_string(),
                        years.id().to_string(),
                        human(annual, lang),
                        human(annual / Decimal::from(12), lang),
                    ]);
                }
                grid_json.insert(grade.id().into(), Value::Object(bands));
            }
            (
                json!({ "parameter": "grid", "from": v.from.to_string(), "unit": rates.grid.unit, "annual": grid_json, "sources": sources_of(&v.sources), "note": v.note.as_ref().map(|n| n.get(lang)) }),
                vec![
                    ("grade", "grade"),
                    ("years", lang.pick("years", "années")),
                    ("annual", lang.pick("annual", "annuel")),
                    (
                        "monthly (annual / 12, shown to the cent)",
                        lang.pick(
                            "monthly (annual / 12, shown to the cent)",
                            "mensuel (annuel / 12, affiché au centime)",
                        ),
                    ),
                ],
                rows,
                tr!(
                    lang,
                    "Grid in force on {}: version from {} ({}:{}), {}",
                    "Grille en vigueur le {} : version du {} ({}:{}), {}",
                    day(date, lang),
                    day(v.from, lang),
                    shown(&v.origin.file, lang),
                    v.origin.line,
                    v.note.as_ref().map_or("", |n| n.get(lang))
                ),
            )
        }
        "iespe" => {
            let v = rates
                .iespe
                .at(date)
                .map_err(|e| anyhow::anyhow!(e.render(lang)))?;
            (
                json!({ "parameter": "iespe", "from": v.from.to_string(), "monthly": plain(v.value), "sources": sources_of(&v.sources) }),
                vec![
                    ("IESPE", "IESPE"),
                    ("monthly", lang.pick("monthly", "mensuel")),
                ],
                vec![vec![
                    tr!(lang, "from {}", "du {}", day(v.from, lang)),
                    human(v.value, lang),
                ]],
                tr!(
                    lang,
                    "IESPE in force on {} ({}:{})",
                    "IESPE en vigueur le {} ({}:{})",
                    day(date, lang),
                    shown(&v.origin.file, lang),
                    v.origin.line
                ),
            )
        }
        "charges" => {
            let v = rates
                .charges
                .at(date)
                .map_err(|e| anyhow::anyhow!(e.render(lang)))?;
            (
                json!({ "parameter": "charges", "from": v.from.to_string(), "rate": plain_rate(v.value), "note": v.note.as_ref().map(|n| n.get(lang)), "sources": sources_of(&v.sources) }),
                vec![
                    (
                        "reference charge rate",
                        lang.pick("reference charge rate", "taux de charges de référence"),
                    ),
                    ("rate", lang.pick("rate", "taux")),
                ],
                vec![vec![
                    tr!(lang, "from {}", "du {}", day(v.from, lang)),
                    if output.format == Format::Table {
                        human_rate(v.value, lang)
                    } else {
                        plain_rate(v.value)
                    },
                ]],
                v.note
                    .as_ref()
                    .map_or(String::new(), |n| n.get(lang).to_string()),
            )
        }
        "pet" => {
            let v = rates
                .pet
                .at(date)
                .map_err(|e| anyhow::anyhow!(e.render(lang)))?;
            let tiers: Vec<Vec<String>> = v
                .value
                .tiers
                .iter()
                .map(|t| {
                    let lower = match t.lower {
                        Lower::From(x) => format!("≥ {}", human_number(x, lang)),
                        Lower::Above(x) => format!("> {}", human_number(x, lang)),
                    };
                    let upper = t
                        .up_to
                        .map_or("-".to_string(), |x| format!("≤ {}", human_number(x, lang)));
                    vec![
                        t.label.get(lang).to_string(),
                        lower,
                        upper,
                        t.min_sites.to_string(),
                        human(t.amount, lang),
                    ]
                })
                .collect();
            (
                json!({
                    "parameter": "pet", "from": v.from.to_string(),
                    "min_distance_km": v.value.min_distance_km.normalize().to_string(), "derogation": v.value.derogation.get(lang),
                    "tiers": v.value.tiers.iter().map(|t| json!({
                        "label": t.label.get(lang),
                        "from": match t.lower { Lower::From(x) => Some(x.normalize().to_string()), Lower::Above(_) => None },
                        "above": match t.lower { Lower::Above(x) => Some(x.normalize().to_string()), Lower::From(_) => None },
                        "up_to": t.up_to.map(|x| x.normalize().to_string()), "min_sites": t.min_sites, "amount": plain(t.amount),
                    })).collect::<Vec<_>>(),
                    "sources": sources_of(&v.sources),
                }),
                vec![
                    ("tier", lang.pick("tier", "palier")),
                    ("half-days", lang.pick("half-days", "demi-journées")),
                    ("up to", lang.pick("up to", "jusqu'à")),
                    ("least sites", lang.pick("least sites", "sites au moins")),
                    ("monthly", lang.pick("monthly", "mensuel")),
                ],
                tiers,
                tr!(
                    lang,
                    "PET scale in force on {}, from {}: at least {} km from the main site. {} Where several tiers match, the highest applies.",
                    "Barème de la PET en vigueur le {}, version du {} : au moins {} km du site principal. {} Quand plusieurs paliers conviennent, le plus élevé s'applique.",
                    day(date, lang),
                    day(v.from, lang),
                    human_number(v.value.min_distance_km, lang),
                    v.value.derogation.get(lang)
                ),
            )
        }
        promotion => {
            let Some(a) = rates.allocation(promotion) else {
                bail!(tr!(
                    lang,
                    "unknown parameter or promotion '{name}': expected grid, iespe, pet, charges, or one of {}",
                    "paramètre ou promotion inconnu « {name} » : grid, iespe, pet, charges ou l'une de {} attendu",
                    rates.promotions()
                ));
            };
            let mut rows = Vec::new();
            let mut types = serde_json::Map::new();
            // Cells of CSV stay English for scripts; tables are in the user's language.
            let table_lang = if output.format == Format::Table {
                lang
            } else {
                Lang::En
            };
            for (post_type, t) in &a.by_type {
                for (region, posts) in &t.posts {
                    rows.push(vec![
                        post_type.label(table_lang).to_string(),
                        region.clone(),
                        posts.to_string(),
                    ]);
                }
                for (region, (of, posts)) in &t.within {
                    rows.push(vec![
                        post_type.label(table_lang).to_string(),
                        tr!(lang, "{region} (within {of})", "{region} (dont, pour {of})"),
                        posts.to_string(),
                    ]);
                }
                if t.split != Split::Complete {
                    rows.push(vec![
                        post_type.label(table_lang).to_string(),
                        lang.pick("other regions", "autres régions").into(),
                        lang.pick("unknown", "inconnu").into(),
                    ]);
                }
                rows.push(vec![
                    post_type.label(table_lang).to_string(),
                    "France entière".into(),
                    t.total.to_string(),
                ]);
                types.insert(post_type.id().into(), json!({
                    "total": t.total,
                    "split": match t.split { Split::Complete => "complete", Split::Partial => "partial", Split::Unknown => "unknown" },
                    "note": t.note.as_ref().map(|n| n.get(lang)),
                    "posts": t.posts,
                    "within": t.within.iter().map(|(r, (of, p))| (r.clone(), json!({ "of": of, "posts": p }))).collect::<serde_json::Map<_, _>>(),
                }));
            }
            let notes: Vec<String> = a
                .by_type
                .iter()
                .filter_map(|(p, t)| {
                    t.note
                        .as_ref()
                        .map(|n| format!("{}: {}", p.label(lang), n.get(lang)))
                })
                .collect();
            (
                json!({ "promotion": a.promotion, "by_type": types, "source": rates.source(&a.source).map(source_json) }),
                vec![
                    ("post type", lang.pick("post type", "type de poste")),
                    ("region", lang.pick("region", "région")),
                    ("posts", lang.pick("posts", "postes")),
                ],
                rows,
                notes.join("\n"),
            )
        }
    };
    let text = match output.format {
        Format::Json => json_text(&json_value),
        Format::Csv | Format::Xlsx => {
            let keys: Vec<&str> = header.iter().map(|(key, _)| *key).collect();
            csv_text(&keys, &text_cells(&rows), output.csv_style())
        }
        Format::Table => {
            let labels: Vec<&str> = header.iter().map(|(_, label)| *label).collect();
            let mut table = new_table(&labels);
            for row in rows {
                table.add_row(row);
            }
            format!("{note}\n{table}\n")
        }
    };
    emit(output, &text)
}
