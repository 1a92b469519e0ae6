//! `rates`: the reference data: its versions listed, one parameter shown, a folder validated.

use super::{no_xlsx, shown, with_sink, Context};
use crate::cli::{OutputArgs, RatesAction, RatesArgs};
use anyhow::{anyhow, bail, Result};
use asp_funding::lang::{date as day, Lang};
use asp_funding::model::{Grade, YearBand};
use asp_funding::money::{human, human_number, human_rate, plain, plain_rate};
use asp_funding::output::{source_json, Cell, Format, Header, Sink, Word, Wrap};
use asp_funding::rates::{Allocation, Lower, Rates, Source, Split, Version, Versioned};
use asp_funding::tr;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::{json, Value};
use std::path::Path;

/// Lists, shows or validates reference data.
pub fn run(args: &RatesArgs, ctx: &Context) -> Result<u8> {
    let output = &args.output;
    no_xlsx(output)?;
    match &args.action {
        Some(RatesAction::Validate { dir }) => validate(dir, output),
        Some(RatesAction::Show { name, at }) => {
            let rates = ctx.rates()?;
            let date = match at {
                Some(d) => *d,
                None => ctx.today()?,
            };
            let people = output.format == Format::Table;
            let shown = show(rates, name, date, output.lang, people)?;
            with_sink(output, true, |sink| shown.write(sink, output.format))
        }
        None | Some(RatesAction::List) => {
            let rates = ctx.rates()?;
            with_sink(output, false, |sink| write_list(sink, rates, output))
        }
    }
}

// `rates validate`

/// What `rates validate` reports for scripts: the folder, and how much of each thing it holds.
const VALIDATED_COLUMNS: [Header<'static>; 10] = [
    Header::key("folder"),
    Header::key("files"),
    Header::key("grid_versions"),
    Header::key("iespe_versions"),
    Header::key("pet_versions"),
    Header::key("charges_versions"),
    Header::key("rule_sets"),
    Header::key("allocations"),
    Header::key("sources"),
    Header::key("unread"),
];

/// Checks a folder of reference data (its problems are the error) and says what it holds: a
/// sentence for people, a record for scripts.
fn validate(dir: &Path, output: &OutputArgs) -> Result<u8> {
    let lang = output.lang;
    let rates = asp_funding::rates::load_dir(dir).map_err(|e| anyhow!(e.render(lang)))?;
    let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    let counts = [
        rates.files.len(),
        rates.grid.versions.len(),
        rates.iespe.versions.len(),
        rates.pet.versions.len(),
        rates.charges.versions.len(),
        rates.rule_sets.len(),
        rates.allocations.len(),
        rates.sources.len(),
    ];
    let [files, grid, iespe, pet, charges, rule_sets, allocations, sources] = counts;
    // A file the data does not read is said, never silently left out.
    for file in &rates.unread {
        eprintln!(
            "{}",
            tr!(
                lang,
                "asp-funding: warning: {}/{file}: not read: only .toml files are reference data",
                "asp-funding : avertissement : {}/{file} : non lu : seuls les fichiers .toml sont des données de référence",
                dir.display()
            )
        );
    }
    with_sink(output, true, |sink| {
        if output.format == Format::Table {
            sink.text(&tr!(
                lang,
                "{}: valid reference data: {} files; grid {} version(s), IESPE {}, PET scale {}, reference charge rate {}; {} rule set(s); {} allocation note(s); {} sources\n",
                "{} : données de référence valides : {} fichiers ; grille {} version(s), IESPE {}, barème de la PET {}, taux de charges de référence {} ; {} jeu(x) de règles ; {} note(s) de répartition ; {} sources\n",
                dir.display(),
                files,
                grid,
                iespe,
                pet,
                charges,
                rule_sets,
                allocations,
                sources
            ))?;
        } else {
            let mut cells = vec![Cell::text(dir.display().to_string())];
            cells.extend(counts.map(|n| Cell::Int(count(n))));
            cells.push(Cell::List(
                rates.unread.iter().map(|f| f.as_str().into()).collect(),
                ",",
            ));
            sink.header(&VALIDATED_COLUMNS)?;
            sink.row(&cells)?;
        }
        Ok(())
    })
}

// `rates list`

/// The columns of `rates list`.
const LIST_COLUMNS: [Header<'static>; 6] = [
    Header::new("parameter", "Parameter", "Paramètre"),
    Header::new("from", "From", "Du"),
    Header::new("until", "Until", "Au"),
    Header::new("value", "Value", "Valeur"),
    Header::new("sources", "Sources", "Sources"),
    Header::new("file", "File", "Fichier"),
];

/// The columns of the documents, under the versions in JSON.
const SOURCE_COLUMNS: [Header<'static>; 5] = [
    Header::key("id"),
    Header::key("title"),
    Header::key("reference"),
    Header::key("url"),
    Header::key("date"),
];

/// Writes `rates list`: where the data comes from, every version of every parameter, rule set
/// and allocation note, then the documents (for people and in JSON; CSV is the versions only).
fn write_list(sink: &mut dyn Sink, rates: &Rates, output: &OutputArgs) -> Result<()> {
    let lang = output.lang;
    let people = (output.format == Format::Table).then_some(lang);
    sink.field("origin", &Cell::text(rates.origin.as_str()))?;
    sink.text(&tr!(
        lang,
        "Reference data: {}\n",
        "Données de référence : {}\n",
        shown(&rates.origin, lang)
    ))?;
    sink.section("versions")?;
    // Dates stay whole; long ids and file names are cut where the width falls.
    sink.wrap(Wrap::Anywhere { whole: &[1, 2] });
    sink.header(&LIST_COLUMNS)?;
    // Scripts read English values whatever the language; people read theirs.
    for listed in listing(rates, people) {
        sink.row(&listed.cells(people))?;
    }
    match output.format {
        Format::Table => {
            let mut text = tr!(lang, "Sources:\n", "Sources :\n");
            for s in rates.sources.values() {
                text.push_str(&format!("  {}: {}\n", s.id, s.title));
            }
            sink.text(&text)?;
        }
        Format::Json => {
            sink.section("sources")?;
            sink.header(&SOURCE_COLUMNS)?;
            for s in rates.sources.values() {
                sink.row(&source_cells(s))?;
            }
        }
        Format::Csv | Format::Xlsx => {}
    }
    Ok(())
}

/// A document's cells, in the order of [`SOURCE_COLUMNS`].
fn source_cells(s: &Source) -> [Cell<'_>; 5] {
    [
        Cell::text(s.id.as_str()),
        Cell::text(s.title.as_str()),
        s.reference
            .as_deref()
            .map_or_else(Cell::default, Cell::text),
        s.url.as_deref().map_or_else(Cell::default, Cell::text),
        Cell::date_or_empty(s.date),
    ]
}

/// One line of `rates list`: a version of a parameter, a rule set or an allocation note.
struct Listed<'r> {
    /// What it is (`grid`, `rule set`, ...).
    parameter: Word,
    /// Its first day in force, if it has one.
    from: Option<NaiveDate>,
    /// Its last day in force, if it has one.
    until: Option<NaiveDate>,
    /// Its value in a few words.
    value: String,
    /// The ids of its documents.
    sources: Vec<&'r str>,
    /// Where it was read.
    file: String,
}

impl Listed<'_> {
    /// Its cells, in the order of [`LIST_COLUMNS`]: for people (`Some(lang)`) dates in words and
    /// the documents in one text; for scripts dates and a list of ids.
    fn cells(&self, people: Option<Lang>) -> Vec<Cell<'_>> {
        let when = |d: Option<NaiveDate>| match (d, people) {
            (Some(d), Some(lang)) => Cell::text(day(d, lang)),
            (Some(d), None) => Cell::Date(d),
            (None, _) => Cell::text(""),
        };
        let sources = match people {
            Some(_) => Cell::text(self.sources.join(",")),
            None => Cell::List(self.sources.iter().map(|s| (*s).into()).collect(), ","),
        };
        vec![
            Cell::Word(self.parameter),
            when(self.from),
            when(self.until),
            Cell::text(self.value.as_str()),
            sources,
            Cell::text(self.file.as_str()),
        ]
    }
}

/// The versions of a parameter, each valued in words by `value`.
fn versions<'r, T>(
    v: &'r Versioned<T>,
    value: impl Fn(&Version<T>) -> String + 'r,
) -> impl Iterator<Item = Listed<'r>> + 'r {
    let parameter = Word::new(
        v.param.name(Lang::En),
        v.param.name(Lang::En),
        v.param.name(Lang::Fr),
    );
    v.versions
        .iter()
        .enumerate()
        .map(move |(i, version)| Listed {
            parameter,
            from: Some(version.from),
            until: v.last_day(i),
            value: value(version),
            sources: version.sources.iter().map(String::as_str).collect(),
            file: format!("{}:{}", version.origin.rel, version.origin.line),
        })
}

/// The lines of `rates list`: for people (`Some(lang)`) in their words and number format, for
/// scripts in English with plain numbers.
fn listing(rates: &Rates, people: Option<Lang>) -> Vec<Listed<'_>> {
    let lang = people.unwrap_or(Lang::En);
    let amount = move |d: Decimal| people.map_or_else(|| plain(d), |lang| human(d, lang));
    let rate = move |d: Decimal| people.map_or_else(|| plain_rate(d), |lang| human_rate(d, lang));
    let mut lines = Vec::new();
    lines.extend(versions(&rates.grid, move |v| {
        let g = v
            .value
            .annual(Grade::Specialist, YearBand::Years1To2)
            .map(amount)
            .unwrap_or_default();
        tr!(
            lang,
            "4 grades × 3 year bands (specialist 1-2: {g}/year)",
            "4 grades × 3 tranches d'années (spécialiste 1-2 : {g}/an)"
        )
    }));
    lines.extend(versions(&rates.iespe, move |v| {
        tr!(lang, "{}/month", "{}/mois", amount(v.value))
    }));
    lines.extend(versions(&rates.pet, move |v| {
        let amounts: Vec<String> = v.value.tiers.iter().map(|t| amount(t.amount)).collect();
        tr!(
            lang,
            "{} tiers ({}), {} km rule",
            "{} paliers ({}), règle des {} km",
            v.value.tiers.len(),
            amounts.join(lang.pick(", ", " ; ")),
            v.value.min_distance_km
        )
    }));
    lines.extend(versions(&rates.charges, move |v| rate(v.value)));
    for r in &rates.rule_sets {
        lines.push(Listed {
            parameter: Word::new("rule set", "rule set", "règles"),
            from: r.default_start,
            until: None,
            value: r.id.clone(),
            sources: vec![r.source.as_str()],
            file: format!("{}:{}", r.origin.rel, r.origin.line),
        });
    }
    for a in &rates.allocations {
        let totals: Vec<String> = a
            .by_type
            .iter()
            .map(|(p, t)| format!("{p} {}", t.total))
            .collect();
        lines.push(Listed {
            parameter: Word::new("allocation", "allocation", "répartition"),
            from: None,
            until: None,
            value: format!("{}: {}", a.promotion, totals.join(", ")),
            sources: vec![a.source.as_str()],
            file: a.rel.clone(),
        });
    }
    lines
}

// `rates show`

/// What `rates show` writes of a parameter or an allocation note.
struct Shown<'r> {
    /// The whole of it, for JSON: a heading and a cell per field.
    record: Vec<(Header<'static>, Cell<'r>)>,
    /// The words above its table, for people.
    note: String,
    /// Its table's columns: keys for CSV, labels for people.
    columns: &'static [Header<'static>],
    /// Its table's rows, in words of the language asked (CSV has the same text).
    rows: Vec<Vec<Cell<'r>>>,
}

impl Shown<'_> {
    /// Writes it: JSON the record; a table for people the note, then the table; CSV the table.
    fn write(&self, sink: &mut dyn Sink, format: Format) -> Result<()> {
        if format == Format::Json {
            let (keys, cells): (Vec<Header<'_>>, Vec<Cell<'_>>) =
                self.record.iter().cloned().unzip();
            sink.header(&keys)?;
            sink.row(&cells)?;
        } else {
            sink.text(&format!("{}\n", self.note))?;
            sink.header(self.columns)?;
            for row in &self.rows {
                sink.row(row)?;
            }
        }
        Ok(())
    }
}

/// Shows one parameter's version in force on `date` (`grid`, `iespe`, `pet`, `charges`), or a
/// promotion's allocation note, in words of `lang`; `people`: for a table.
fn show<'r>(
    rates: &'r Rates,
    name: &str,
    date: NaiveDate,
    lang: Lang,
    people: bool,
) -> Result<Shown<'r>> {
    let in_force = |e: asp_funding::rates::NotInForce| anyhow!(e.render(lang));
    Ok(match name.to_ascii_lowercase().as_str() {
        "grid" => grid(rates, rates.grid.at(date).map_err(in_force)?, date, lang),
        "iespe" => iespe(rates, rates.iespe.at(date).map_err(in_force)?, date, lang),
        "charges" => charges(rates, rates.charges.at(date).map_err(in_force)?, lang, people),
        "pet" => pet(rates, rates.pet.at(date).map_err(in_force)?, date, lang),
        promotion => match rates.allocation(promotion) {
            Some(a) => allocation(rates, a, lang),
            None => bail!(tr!(
                lang,
                "unknown parameter or promotion '{name}': expected grid, iespe, pet, charges, or one of {}",
                "paramètre ou promotion inconnu « {name} » : grid, iespe, pet, charges ou l'une de {} attendu",
                rates.promotions()
            )),
        },
    })
}

/// The documents of a version, as far as the data defines them.
fn sources_of<'r>(rates: &'r Rates, ids: &[String]) -> Cell<'r> {
    Cell::Sources(ids.iter().filter_map(|id| rates.source(id)).collect())
}

/// A version's note in `lang`, or nothing.
fn note_cell<'r, T>(version: &'r Version<T>, lang: Lang) -> Cell<'r> {
    version
        .note
        .as_ref()
        .map_or_else(Cell::default, |n| Cell::text(n.get(lang)))
}

/// The columns of the grid.
const GRID_COLUMNS: [Header<'static>; 4] = [
    Header::new("grade", "grade", "grade"),
    Header::new("years", "years", "années"),
    Header::new("annual", "annual", "annuel"),
    Header::new(
        "monthly (annual / 12, shown to the cent)",
        "monthly (annual / 12, shown to the cent)",
        "mensuel (annuel / 12, affiché au centime)",
    ),
];

/// The grid: the annual and monthly emoluments of each grade and year band.
fn grid<'r>(
    rates: &'r Rates,
    v: &'r Version<asp_funding::rates::Grid>,
    date: NaiveDate,
    lang: Lang,
) -> Shown<'r> {
    let mut rows = Vec::new();
    let mut annual_json = serde_json::Map::new();
    for grade in Grade::all() {
        let mut bands = serde_json::Map::new();
        for years in YearBand::all() {
            let annual = v.value.annual(grade, years).unwrap_or_default();
            let monthly = annual / Decimal::from(12);
            bands.insert(
                years.id().into(),
                json!({ "annual": plain(annual), "monthly": plain(monthly) }),
            );
            rows.push(vec![
                Cell::text(grade.id()),
                Cell::text(years.id()),
                Cell::text(human(annual, lang)),
                Cell::text(human(monthly, lang)),
            ]);
        }
        annual_json.insert(grade.id().into(), Value::Object(bands));
    }
    let unit = rates
        .grid
        .unit
        .as_deref()
        .map_or_else(Cell::default, Cell::text);
    Shown {
        record: vec![
            (Header::key("parameter"), Cell::text("grid")),
            (Header::key("from"), Cell::Date(v.from)),
            (Header::key("unit"), unit),
            (
                Header::key("annual"),
                Cell::Json(Value::Object(annual_json)),
            ),
            (Header::key("sources"), sources_of(rates, &v.sources)),
            (Header::key("note"), note_cell(v, lang)),
        ],
        note: tr!(
            lang,
            "Grid in force on {}: version from {} ({}:{}), {}",
            "Grille en vigueur le {} : version du {} ({}:{}), {}",
            day(date, lang),
            day(v.from, lang),
            shown(&v.origin.file, lang),
            v.origin.line,
            v.note.as_ref().map_or("", |n| n.get(lang))
        ),
        columns: &GRID_COLUMNS,
        rows,
    }
}

/// The columns of the IESPE.
const IESPE_COLUMNS: [Header<'static>; 2] = [
    Header::new("IESPE", "IESPE", "IESPE"),
    Header::new("monthly", "monthly", "mensuel"),
];

/// The IESPE: its monthly amount.
fn iespe<'r>(rates: &'r Rates, v: &'r Version<Decimal>, date: NaiveDate, lang: Lang) -> Shown<'r> {
    Shown {
        record: vec![
            (Header::key("parameter"), Cell::text("iespe")),
            (Header::key("from"), Cell::Date(v.from)),
            (Header::key("monthly"), Cell::Amount(v.value)),
            (Header::key("sources"), sources_of(rates, &v.sources)),
        ],
        note: tr!(
            lang,
            "IESPE in force on {} ({}:{})",
            "IESPE en vigueur le {} ({}:{})",
            day(date, lang),
            shown(&v.origin.file, lang),
            v.origin.line
        ),
        columns: &IESPE_COLUMNS,
        rows: vec![vec![
            Cell::text(tr!(lang, "from {}", "du {}", day(v.from, lang))),
            Cell::text(human(v.value, lang)),
        ]],
    }
}

/// The columns of the reference charge rate.
const CHARGES_COLUMNS: [Header<'static>; 2] = [
    Header::new(
        "reference charge rate",
        "reference charge rate",
        "taux de charges de référence",
    ),
    Header::new("rate", "rate", "taux"),
];

/// The reference charge rate; `people`: the rate as people write it (`44 %`).
fn charges<'r>(rates: &'r Rates, v: &'r Version<Decimal>, lang: Lang, people: bool) -> Shown<'r> {
    let rate = match people {
        true => human_rate(v.value, lang),
        false => plain_rate(v.value),
    };
    Shown {
        record: vec![
            (Header::key("parameter"), Cell::text("charges")),
            (Header::key("from"), Cell::Date(v.from)),
            (Header::key("rate"), Cell::Rate(v.value)),
            (Header::key("note"), note_cell(v, lang)),
            (Header::key("sources"), sources_of(rates, &v.sources)),
        ],
        note: v
            .note
            .as_ref()
            .map_or(String::new(), |n| n.get(lang).to_string()),
        columns: &CHARGES_COLUMNS,
        rows: vec![vec![
            Cell::text(tr!(lang, "from {}", "du {}", day(v.from, lang))),
            Cell::text(rate),
        ]],
    }
}

/// The columns of the PET scale.
const PET_COLUMNS: [Header<'static>; 5] = [
    Header::new("tier", "tier", "palier"),
    Header::new("half-days", "half-days", "demi-journées"),
    Header::new("up to", "up to", "jusqu'à"),
    Header::new("least sites", "least sites", "sites au moins"),
    Header::new("monthly", "monthly", "mensuel"),
];

/// The PET scale: its tiers, the distance rule and its derogation.
fn pet<'r>(
    rates: &'r Rates,
    v: &'r Version<asp_funding::rates::PetScale>,
    date: NaiveDate,
    lang: Lang,
) -> Shown<'r> {
    let scale = &v.value;
    let rows = scale
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
                Cell::text(t.label.get(lang)),
                Cell::text(lower),
                Cell::text(upper),
                Cell::text(t.min_sites.to_string()),
                Cell::text(human(t.amount, lang)),
            ]
        })
        .collect();
    let number = |x: Decimal| x.normalize().to_string();
    let tiers: Vec<Value> = scale
        .tiers
        .iter()
        .map(|t| {
            let (from, above) = match t.lower {
                Lower::From(x) => (Some(number(x)), None),
                Lower::Above(x) => (None, Some(number(x))),
            };
            json!({
                "label": t.label.get(lang), "from": from, "above": above,
                "up_to": t.up_to.map(number), "min_sites": t.min_sites, "amount": plain(t.amount),
            })
        })
        .collect();
    Shown {
        record: vec![
            (Header::key("parameter"), Cell::text("pet")),
            (Header::key("from"), Cell::Date(v.from)),
            (
                Header::key("min_distance_km"),
                Cell::text(number(scale.min_distance_km)),
            ),
            (Header::key("derogation"), Cell::text(scale.derogation.get(lang))),
            (Header::key("tiers"), Cell::Json(Value::Array(tiers))),
            (Header::key("sources"), sources_of(rates, &v.sources)),
        ],
        note: tr!(
            lang,
            "PET scale in force on {}, from {}: at least {} km from the main site. {} Where several tiers match, the highest applies.",
            "Barème de la PET en vigueur le {}, version du {} : au moins {} km du site principal. {} Quand plusieurs paliers conviennent, le plus élevé s'applique.",
            day(date, lang),
            day(v.from, lang),
            human_number(scale.min_distance_km, lang),
            scale.derogation.get(lang)
        ),
        columns: &PET_COLUMNS,
        rows,
    }
}

/// The columns of an allocation note.
const ALLOCATION_COLUMNS: [Header<'static>; 3] = [
    Header::new("post type", "post type", "type de poste"),
    Header::new("region", "region", "région"),
    Header::new("posts", "posts", "postes"),
];

/// A promotion's allocation note: the posts per post type and region, as far as it says, and
/// the nation's total.
fn allocation<'r>(rates: &'r Rates, a: &'r Allocation, lang: Lang) -> Shown<'r> {
    let mut rows = Vec::new();
    let mut types = serde_json::Map::new();
    for (post_type, t) in &a.by_type {
        // Scripts read the post type's id, people its name in their language.
        let mut row = |region: String, posts: String| {
            rows.push(vec![
                Cell::Word(Word::from(*post_type)),
                Cell::text(region),
                Cell::text(posts),
            ]);
        };
        for (region, posts) in &t.posts {
            row(region.clone(), posts.to_string());
        }
        for (region, (of, posts)) in &t.within {
            let within = tr!(lang, "{region} (within {of})", "{region} (dont, pour {of})");
            row(within, posts.to_string());
        }
        if t.split != Split::Complete {
            let other = lang.pick("other regions", "autres régions");
            row(other.into(), lang.pick("unknown", "inconnu").into());
        }
        row("France entière".into(), t.total.to_string());
        let split = match t.split {
            Split::Complete => "complete",
            Split::Partial => "partial",
            Split::Unknown => "unknown",
        };
        let within: serde_json::Map<String, Value> = t
            .within
            .iter()
            .map(|(r, (of, p))| (r.clone(), json!({ "of": of, "posts": p })))
            .collect();
        types.insert(
            post_type.id().into(),
            json!({
                "total": t.total, "split": split, "note": t.note.as_ref().map(|n| n.get(lang)),
                "posts": t.posts, "within": within,
            }),
        );
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
    let source = rates
        .source(&a.source)
        .map_or_else(Cell::default, |s| Cell::Json(source_json(s)));
    Shown {
        record: vec![
            (Header::key("promotion"), Cell::text(a.promotion.as_str())),
            (Header::key("by_type"), Cell::Json(Value::Object(types))),
            (Header::key("source"), source),
        ],
        note: notes.join("\n"),
        columns: &ALLOCATION_COLUMNS,
        rows,
    }
}
