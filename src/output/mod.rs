//! Output formats: each is a function from a result to text, and never prints.
//!
//! CSV and JSON are for scripts and are stable; tables are for people.

mod table;

pub use table::{bullets, computation_table, keep_whole, new_table, sources_list, Labels};

use crate::compute::{Computation, Figure};
use crate::money::{plain, plain_rate};
use crate::rates::Source;
use serde_json::{json, Map, Value};

/// The output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// A table for people (the default).
    #[default]
    Table,
    /// CSV with a header row, for scripts and spreadsheets.
    Csv,
    /// JSON, for scripts.
    Json,
}

/// The flat fields of a computation, in their stable order: the columns of CSV
/// and the scalar keys of JSON. Amounts have exactly two decimals, rates are
/// plain decimals, dates are ISO 8601.
pub fn computation_fields(c: &Computation) -> Vec<(&'static str, String)> {
    let amount = |f: &Figure| plain(f.value);
    vec![
        ("region", c.region.clone()),
        ("post_type", c.post_type.id().to_string()),
        ("rule_set", c.rule_set.clone()),
        (
            "campaign",
            c.campaign.map_or(String::new(), |y| y.to_string()),
        ),
        ("start", c.start.to_string()),
        ("end", c.end.to_string()),
        ("months", c.months.to_string()),
        ("extra_days", c.extra_days.to_string()),
        ("grade", c.grade.id().to_string()),
        ("years", c.years.id().to_string()),
        ("base_salary_monthly", amount(&c.base_salary_monthly)),
        ("iespe_monthly", amount(&c.iespe_monthly)),
        ("pet_monthly", amount(&c.pet_monthly)),
        ("gross_monthly", amount(&c.gross_monthly)),
        ("charges_rate", plain_rate(c.charges_rate.value)),
        ("charges_monthly", amount(&c.charges_monthly)),
        ("loaded_monthly", amount(&c.loaded_monthly)),
        (
            "funded",
            c.funded
                .iter()
                .map(|x| x.id())
                .collect::<Vec<_>>()
                .join(","),
        ),
        ("funded_monthly", amount(&c.funded_monthly)),
        ("share", plain_rate(c.share.value)),
        ("ars_monthly", amount(&c.ars_monthly)),
        ("establishment_monthly", amount(&c.establishment_monthly)),
        ("ars_total", amount(&c.ars_total)),
        ("establishment_total", amount(&c.establishment_total)),
        ("full_cost_total", amount(&c.full_cost_total)),
        ("proration", c.proration.id().to_string()),
        (
            "left_on",
            c.left_on.map_or(String::new(), |d| d.to_string()),
        ),
        ("ars_due", c.ars_due.as_ref().map_or(String::new(), amount)),
        ("refund", c.refund.as_ref().map_or(String::new(), amount)),
        ("assumptions", c.assumptions.join(" | ")),
        ("warnings", c.warnings.join(" | ")),
        (
            "sources",
            c.sources
                .iter()
                .map(|s| s.id.as_str())
                .collect::<Vec<_>>()
                .join(","),
        ),
    ]
}

/// The figures that have an explanation, by field name.
fn explained(c: &Computation) -> Vec<(&'static str, &Figure)> {
    let early: Vec<(&'static str, &Figure)> = [("ars_due", &c.ars_due), ("refund", &c.refund)]
        .into_iter()
        .filter_map(|(k, f)| f.as_ref().map(|f| (k, f)))
        .collect();
    let mut out = vec![
        ("base_salary_monthly", &c.base_salary_monthly),
        ("iespe_monthly", &c.iespe_monthly),
        ("pet_monthly", &c.pet_monthly),
        ("gross_monthly", &c.gross_monthly),
        ("charges_rate", &c.charges_rate),
        ("charges_monthly", &c.charges_monthly),
        ("loaded_monthly", &c.loaded_monthly),
        ("funded_monthly", &c.funded_monthly),
        ("share", &c.share),
        ("ars_monthly", &c.ars_monthly),
        ("establishment_monthly", &c.establishment_monthly),
        ("ars_total", &c.ars_total),
        ("establishment_total", &c.establishment_total),
        ("full_cost_total", &c.full_cost_total),
    ];
    out.extend(early);
    out
}

/// A source as JSON.
pub fn source_json(s: &Source) -> Value {
    json!({
        "id": s.id,
        "title": s.title,
        "reference": s.reference,
        "url": s.url,
        "date": s.date.map(|d| d.to_string()),
    })
}

/// A computation as one JSON object: the flat fields (list fields as arrays),
/// then `explain` (how each figure was computed, from which sources) and `sources`.
pub fn computation_json(c: &Computation, with_schedule: bool) -> Value {
    let mut object = Map::new();
    for (key, value) in computation_fields(c) {
        let value = match key {
            "months" => json!(c.months),
            "extra_days" => json!(c.extra_days),
            "campaign" => json!(c.campaign),
            "funded" => json!(c.funded.iter().map(|x| x.id()).collect::<Vec<_>>()),
            "assumptions" => json!(c.assumptions),
            "warnings" => json!(c.warnings),
            "sources" => continue,
            "left_on" | "ars_due" | "refund" if c.left_on.is_none() => continue,
            _ => Value::String(value),
        };
        object.insert(key.to_string(), value);
    }
    object.insert("region_name".into(), json!(c.region_name));
    object.insert("rule_set_title".into(), json!(c.rule_set_title));
    object.insert(
        "rounding".into(),
        json!({ "mode": c.rounding.mode, "at": c.rounding.at }),
    );
    if let Some(pet) = &c.pet {
        object.insert(
            "pet".into(),
            json!({ "eligible": pet.eligible, "tier": pet.tier, "reason": pet.reason }),
        );
    }
    let explain: Map<String, Value> = explained(c)
        .into_iter()
        .map(|(key, f)| {
            (
                key.to_string(),
                json!({ "how": f.how, "sources": f.sources }),
            )
        })
        .collect();
    object.insert("explain".into(), Value::Object(explain));
    if with_schedule {
        object.insert(
            "schedule".into(),
            schedule_rows(c)
                .into_iter()
                .map(|row| {
                    Value::Object(
                        row.into_iter()
                            .map(|(k, v)| (k.to_string(), json_cell(k, v)))
                            .collect(),
                    )
                })
                .collect(),
        );
    }
    object.insert(
        "sources".into(),
        c.sources.iter().map(source_json).collect(),
    );
    Value::Object(object)
}

/// The schedule, one row of named fields per calendar month: `month` (`2026-11`), `from`, `to`,
/// `days` counted (thirtieths), `ars`, `establishment`, `full_cost`, the `loaded_monthly` cost in
/// force that month, and when leaving early `served_days`, `ars_due` and `refund`.
pub fn schedule_rows(c: &Computation) -> Vec<Vec<(&'static str, String)>> {
    c.schedule
        .iter()
        .map(|r| {
            let mut row = vec![
                ("month", r.segment.month()),
                ("from", r.segment.from.to_string()),
                ("to", r.segment.to.to_string()),
                ("days", r.days.to_string()),
                ("days_in_month", r.days_in_month.to_string()),
                ("ars", plain(r.ars)),
                ("establishment", plain(r.establishment)),
                ("full_cost", plain(r.full_cost)),
                ("loaded_monthly", plain(r.loaded_monthly)),
            ];
            if let Some((days, due, refund)) = r.served {
                row.push(("served_days", days.to_string()));
                row.push(("ars_due", plain(due)));
                row.push(("refund", plain(refund)));
            }
            row
        })
        .collect()
}

/// A schedule cell as JSON: day counts are numbers, everything else strings.
fn json_cell(key: &str, value: String) -> Value {
    match key {
        "days" | "days_in_month" | "served_days" => value
            .parse::<u32>()
            .map_or(Value::String(value), |n| json!(n)),
        _ => Value::String(value),
    }
}

/// The schedule as CSV: the post's region and rule set, then one row per calendar month.
pub fn schedule_csv(c: &Computation, style: CsvStyle) -> String {
    let rows = schedule_rows(c);
    let mut header = vec!["region", "rule_set"];
    header.extend(
        rows.first()
            .map(|r| r.iter().map(|(k, _)| *k).collect::<Vec<_>>())
            .unwrap_or_default(),
    );
    let body: Vec<Vec<String>> = rows
        .into_iter()
        .map(|row| {
            [c.region.clone(), c.rule_set.clone()]
                .into_iter()
                .chain(row.into_iter().map(|(_, v)| v))
                .collect()
        })
        .collect();
    csv_text(&header, &body, style)
}

/// Pretty JSON text with a final newline.
pub fn json_text(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("\"{e}\""));
    text.push('\n');
    text
}

/// How CSV is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CsvStyle {
    /// For a French-locale spreadsheet: `;` separator, decimal comma, byte order
    /// mark, and cells a spreadsheet would read as a formula neutralised.
    pub excel: bool,
}

/// Whether a cell is a plain number (`-12.50`), which stays a number even in Excel mode.
fn is_number(cell: &str) -> bool {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().filter(|c| *c == '.').count() <= 1
}

/// Prepares one cell for the style: in Excel mode, decimal comma for numbers, and a
/// leading `'` on any other cell that starts like a formula (`= + - @`, tab, carriage return).
fn cell(value: &str, style: CsvStyle) -> String {
    if !style.excel {
        return value.to_string();
    }
    if is_number(value) {
        return value.replace('.', ",");
    }
    match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{value}"),
        _ => value.to_string(),
    }
}

/// Writes a header and rows as CSV text.
pub fn csv_text(header: &[&str], rows: &[Vec<String>], style: CsvStyle) -> String {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(if style.excel { b';' } else { b',' })
        .from_writer(Vec::new());
    let mut result = writer.write_record(header);
    for row in rows {
        if result.is_ok() {
            result = writer.write_record(row.iter().map(|v| cell(v, style)));
        }
    }
    // Writing to memory cannot fail but for a bug; keep whatever was written.
    let bytes = writer
        .into_inner()
        .unwrap_or_else(|e| e.into_inner().get_ref().clone());
    let text = String::from_utf8_lossy(&bytes).into_owned();
    if style.excel {
        format!("\u{feff}{text}")
    } else {
        text
    }
}

/// A computation as CSV: a header row and one row.
pub fn computation_csv(c: &Computation, style: CsvStyle) -> String {
    let fields = computation_fields(c);
    let header: Vec<&str> = fields.iter().map(|(k, _)| *k).collect();
    let row: Vec<String> = fields.into_iter().map(|(_, v)| v).collect();
    csv_text(&header, &[row], style)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_cells_are_numbers_or_neutralised() {
        let excel = CsvStyle { excel: true };
        assert_eq!(cell("3249.79", excel), "3249,79");
        assert_eq!(cell("-12.50", excel), "-12,50");
        assert_eq!(cell("=HYPERLINK(\"x\")", excel), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("+33 1 23", excel), "'+33 1 23");
        assert_eq!(cell("@SUM(A1)", excel), "'@SUM(A1)");
        assert_eq!(cell("-sites", excel), "'-sites");
        assert_eq!(cell("nouvelle-aquitaine", excel), "nouvelle-aquitaine");
        assert_eq!(cell("=1", CsvStyle::default()), "=1");
    }

    #[test]
    fn excel_csv_has_bom_and_semicolons() {
        let text = csv_text(
            &["a", "b"],
            &[vec!["1.5".into(), "x;y".into()]],
            CsvStyle { excel: true },
        );
        assert_eq!(text, "\u{feff}a;b\n1,5;\"x;y\"\n");
    }
}
