//! `rules`: the region rule sets known.

use super::{csv_text, emit, json_text, no_xlsx, Context};
use crate::cli::OutputArgs;
use anyhow::{bail, Result};
use asp_funding::money::{human_rate, plain, plain_rate, Lang};
use asp_funding::output::Cell;
use asp_funding::output::{bullets, keep_whole, new_table, source_json, Format};
use asp_funding::rates::{AmountBasis, ChargesBasis, PetBasis, Rates, RuleSet, SalaryBasis};
use clap::{Args, Subcommand};
use serde_json::{json, Value};

/// Arguments of `rules`.
#[derive(Debug, Clone, Args)]
pub struct RulesArgs {
    /// What to do [default: list].
    #[command(subcommand)]
    pub action: Option<RulesAction>,

    /// How the result is written.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `rules` actions.
#[derive(Debug, Clone, Subcommand)]
pub enum RulesAction {
    /// Lists the rule sets, one line each.
    List,
    /// Shows one rule set in full: what it funds, its assumptions and its source.
    Show {
        /// A rule set id (nouvelle-aquitaine-2026), or a region name to show its rule sets.
        name: String,
    },
}

fn salary_words(r: &RuleSet) -> String {
    match r.salary {
        SalaryBasis::Grid => format!("national grid, {} years {}", r.grade.french(), r.years),
        SalaryBasis::Published(m) => format!(
            "{} published, {} years {}",
            plain(m),
            r.grade.french(),
            r.years
        ),
    }
}

fn iespe_words(r: &RuleSet) -> String {
    match r.iespe {
        AmountBasis::National => "national amount".into(),
        AmountBasis::Published(m) => format!("{} published", plain(m)),
    }
}

fn pet_words(r: &RuleSet) -> String {
    match r.pet {
        PetBasis::Fixed(a) => format!("fixed at {}", plain(a)),
        PetBasis::Pattern => "from the working pattern".into(),
    }
}

fn charges_words(r: &RuleSet) -> String {
    match r.charges {
        ChargesBasis::Reference => "national reference rate".into(),
        ChargesBasis::Rate(rate) => format!("{} (rule set)", plain_rate(rate)),
        ChargesBasis::None => "none: the credit involves no charges".into(),
    }
}

fn join<T: ToString>(items: &[T], sep: &str) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(sep)
}

fn rule_set_json(rates: &Rates, r: &RuleSet) -> Value {
    json!({
        "id": r.id,
        "region": r.region,
        "post_types": r.post_types,
        "campaign": r.campaign,
        "title": r.title,
        "share": plain_rate(r.share),
        "funded": r.funded,
        "salary": salary_words(r),
        "iespe": iespe_words(r),
        "pet": pet_words(r),
        "charges": charges_words(r),
        "durations": r.durations,
        "default_months": r.default_months,
        "start_months": r.start_months.iter().map(|(y, m)| format!("{y}-{m:02}")).collect::<Vec<_>>(),
        "default_start": r.default_start.map(|d| d.to_string()),
        "rounding": { "mode": r.rounding.mode, "at": r.rounding.at },
        "proration": r.proration.id(),
        "credit": r.credit.id(),
        "other_durations": r.other_durations.describe(),
        "assumptions": r.assumptions,
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
                    Err(_) => bail!(
                        "unknown rule set or region '{name}'. Rule sets: {}",
                        join(
                            &rates
                                .rule_sets
                                .iter()
                                .map(|r| r.id.as_str())
                                .collect::<Vec<_>>(),
                            ", "
                        )
                    ),
                };
                let found: Vec<&RuleSet> = rates.rule_sets_for(&region.id, None).collect();
                if found.is_empty() {
                    bail!("{} has no published rule set in the data; compute it anyway with --share (see `asp-funding compute --help`)", region.name);
                }
                found
            }
        },
    };
    let full = matches!(args.action, Some(RulesAction::Show { .. }));
    let text = match args.output.format {
        Format::Json if full && selected.len() == 1 => {
            json_text(&rule_set_json(&rates, selected[0]))
        }
        Format::Json => json_text(&Value::Array(
            selected.iter().map(|r| rule_set_json(&rates, r)).collect(),
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
                "Rule set",
                "Region",
                "Post types",
                "Campaign",
                "Share",
                "Funded",
                "Months",
            ]);
            for r in &selected {
                let region = rates
                    .region(&r.region)
                    .map(|x| x.name.clone())
                    .unwrap_or_else(|_| r.region.clone());
                table.add_row(vec![
                    r.id.clone(),
                    region,
                    join(&r.post_types, ", "),
                    r.campaign.map_or("-".to_string(), |c| c.to_string()),
                    human_rate(r.share, lang),
                    join(&r.funded, ", "),
                    join(&r.durations, " or "),
                ]);
            }
            keep_whole(&mut table, &[0, 1]);
            format!("{table}\nShow one in full: asp-funding rules show ID\n")
        }
    };
    emit(&args.output, &text)
}

fn show_table(rates: &Rates, r: &RuleSet, lang: Lang) -> String {
    let mut table = new_table(&[r.id.as_str(), ""]);
    let region = rates
        .region(&r.region)
        .map(|x| x.name.clone())
        .unwrap_or_else(|_| r.region.clone());
    let rows: Vec<(&str, String)> = vec![
        ("Region", region),
        ("Post types", join(&r.post_types, ", ")),
        (
            "Campaign",
            r.campaign.map_or("-".to_string(), |c| c.to_string()),
        ),
        ("Funds", r.title.clone()),
        ("Share", human_rate(r.share, lang)),
        ("Funded components", join(&r.funded, ", ")),
        ("Salary", salary_words(r)),
        ("IESPE", iespe_words(r)),
        ("PET", pet_words(r)),
        ("Employer charges", charges_words(r)),
        (
            "Durations (months)",
            format!(
                "{} (default {})",
                join(&r.durations, " or "),
                r.default_months
            ),
        ),
        (
            "Start months",
            if r.start_months.is_empty() {
                "not given".into()
            } else {
                r.start_months
                    .iter()
                    .map(|(y, m)| format!("{y}-{m:02}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            },
        ),
        (
            "Default start",
            r.default_start
                .map_or("first day of next month".into(), |d| d.to_string()),
        ),
        ("Partial months", r.proration.id().to_string()),
        ("Monthly credit", r.credit.describe().to_string()),
        ("Other durations", r.other_durations.describe().to_string()),
        (
            "Rounding",
            format!(
                "{} at {}",
                r.rounding.mode.label(),
                r.rounding
                    .at
                    .iter()
                    .map(|a| a.id())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
        ("File", format!("{}:{}", r.origin.file, r.origin.line)),
    ];
    for (k, v) in rows {
        table.add_row(vec![k.to_string(), v]);
    }
    let mut text = format!("{table}\n");
    text.push_str(&bullets("Assumptions", &r.assumptions));
    if let Some(s) = rates.source(&r.source) {
        text.push_str(&format!("Source: {}", s.title));
        if let Some(reference) = &s.reference {
            text.push_str(&format!(". {reference}"));
        }
        text.push('\n');
    }
    text
}
