//! `check`: compares a notified credit with the computed one; exit status 1 on a mismatch.

use super::{emit, Context};
use crate::check::{check, CheckResult, Per};
use crate::cli::{parse_money, OutputArgs, PostArgs};
use crate::money::{human, plain, Lang};
use crate::output::{computation_fields, computation_json, csv_text, json_text, new_table, Format};
use anyhow::Result;
use clap::Args;
use rust_decimal::Decimal;
use serde_json::{json, Value};
use std::io::Write;

/// Arguments of `check`.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// What describes the post.
    #[command(flatten)]
    pub post: PostArgs,

    /// The credit notified, as 3249.79 or 77 994,96.
    #[arg(long, value_parser = parse_money, allow_negative_numbers = true)]
    pub notified: Decimal,

    /// Whether the notified amount is the monthly credit or the whole contract's [default: whichever is nearer].
    #[arg(long, value_enum)]
    pub per: Option<Per>,

    /// The largest gap still taken as a match, in euros.
    #[arg(long, value_parser = parse_money, default_value = "0")]
    pub tolerance: Decimal,

    /// How the result is written.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Checks the notified credit; exit status 0 on a match, 1 on a mismatch.
pub fn run(args: &CheckArgs, ctx: &Context, out: &mut dyn Write) -> Result<u8> {
    let rates = ctx.rates()?;
    let result = check(
        &rates,
        &args.post.input(),
        ctx.today()?,
        args.notified,
        args.per,
        args.tolerance,
    )?;
    let text = match args.output.format {
        Format::Json => json_text(&check_json(&result)),
        Format::Csv => {
            let mut fields = computation_fields(&result.computed);
            fields.extend(check_fields(&result));
            let header: Vec<&str> = fields.iter().map(|(k, _)| *k).collect();
            csv_text(
                &header,
                &[fields.iter().map(|(_, v)| v.clone()).collect()],
                args.output.csv_style(),
            )
        }
        Format::Table => check_table(&result, args.output.lang),
    };
    emit(out, &text)?;
    Ok(if result.matches { 0 } else { 1 })
}

/// The check's own fields, after the computation's (CSV columns and JSON keys).
pub fn check_fields(r: &CheckResult) -> Vec<(&'static str, String)> {
    let explained: Vec<&str> = r
        .derivations
        .iter()
        .filter(|d| d.matches)
        .map(|d| d.name.as_str())
        .collect();
    vec![
        ("notified", plain(r.notified)),
        ("per", r.per.id().to_string()),
        ("expected", plain(r.expected)),
        ("gap", plain(r.gap)),
        ("gap_months", r.gap_months.normalize().to_string()),
        ("tolerance", plain(r.tolerance)),
        (
            "check_status",
            if r.matches { "match" } else { "mismatch" }.to_string(),
        ),
        ("explained_by", explained.join(" | ")),
    ]
}

fn check_json(r: &CheckResult) -> Value {
    let mut object = serde_json::Map::new();
    for (key, value) in check_fields(r) {
        if key != "explained_by" {
            object.insert(key.into(), Value::String(value));
        }
    }
    object.insert("per_inferred".into(), json!(r.per_inferred));
    object.insert(
        "derivations".into(),
        r.derivations
            .iter()
            .map(|d| json!({ "derivation": d.name, "amount": plain(d.amount), "matches": d.matches }))
            .collect(),
    );
    object.insert("computation".into(), computation_json(&r.computed, false));
    Value::Object(object)
}

fn check_table(r: &CheckResult, lang: Lang) -> String {
    let per = match r.per {
        Per::Month => "monthly credit".to_string(),
        Per::Contract => format!("credit for the {}-month contract", r.computed.months),
    };
    let mut out = format!(
        "{} · {} · rule set {} · {} to {}\n",
        r.computed.region_name,
        r.computed.post_type,
        r.computed.rule_set,
        r.computed.start,
        r.computed.end
    );
    if r.per_inferred {
        out.push_str(&format!("Compared as the {per}: the notified amount is nearer that figure (--per month|contract to choose).\n"));
    }
    if r.matches {
        out.push_str(&format!(
            "MATCH: the notified {} is the computed {per}",
            human(r.notified, lang)
        ));
        if !r.gap.is_zero() {
            out.push_str(&format!(
                ", within the tolerance of {} (gap {})",
                human(r.tolerance, lang),
                human(r.gap, lang)
            ));
        }
        out.push_str(".\n");
        return out;
    }
    out.push_str(&format!(
        "MISMATCH: notified {}, computed {} as the {per}: a gap of {}, {} months' worth of the monthly credit of {}.\n",
        human(r.notified, lang),
        human(r.expected, lang),
        human(r.gap, lang),
        r.gap_months.normalize(),
        human(r.computed.ars_monthly.value, lang)
    ));
    let found: Vec<_> = r.derivations.iter().filter(|d| d.matches).collect();
    if found.is_empty() {
        out.push_str("None of the usual other derivations gives the notified figure.\n");
    } else {
        out.push_str("The notified figure is what you get with:\n");
        for d in &found {
            out.push_str(&format!("  - {} ({})\n", d.name, human(d.amount, lang)));
        }
    }
    let mut table = new_table(&["Other derivation tried", "Gives", "Matches"]);
    for d in &r.derivations {
        table.add_row(vec![
            d.name.clone(),
            human(d.amount, lang),
            if d.matches { "yes" } else { "" }.to_string(),
        ]);
    }
    out.push_str(&format!("{table}\n"));
    out
}
