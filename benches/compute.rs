//! How long the work takes: loading the embedded reference data, pricing one post (plan
//! and price, then with its schedule and its words), and a batch row. Run with
//! `cargo bench`; the figures are quoted in the README. The whole-process comparison
//! with DuckDB and Python is `benches/batch/run.sh`.

use asp_funding::batch::{self, BatchOptions};
use asp_funding::compute::{compute, PostInput};
use asp_funding::explain::explain;
use asp_funding::output::{CsvSink, CsvStyle, Sink};
use asp_funding::plan::{plan, Variant};
use asp_funding::price::price;
use asp_funding::rates::embedded;
use chrono::NaiveDate;
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

fn benches(c: &mut Criterion) {
    c.bench_function("load and validate the embedded rates", |b| {
        b.iter(|| embedded().map(|r| r.files.len()).unwrap_or(0))
    });
    let rates = embedded().unwrap_or_else(|e| panic!("{e}"));
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default();
    let input = PostInput {
        region: "Nouvelle-Aquitaine".into(),
        ..PostInput::default()
    };
    c.bench_function("plan and price one post (no schedule, no words)", |b| {
        b.iter(|| {
            plan(
                black_box(&rates),
                black_box(&input),
                today,
                &Variant::default(),
            )
            .and_then(|p| price(&p, &rates, p.start))
            .map(|m| m.ars)
        })
    });
    c.bench_function("compute one post with its schedule", |b| {
        b.iter(|| compute(black_box(&rates), black_box(&input), today).map(|r| r.ars_total))
    });
    c.bench_function("compute one post and explain it", |b| {
        b.iter(|| {
            compute(&rates, black_box(&input), today).map(|r| explain(&rates, &r).figures.len())
        })
    });

    // A batch of distinct rows (every row priced: the memo never hits).
    let mut csv = String::from("id,region,post_type,start,months,share,pet_amount\n");
    let rows = 2_000;
    for i in 0..rows {
        let day = 1 + i % 28;
        let month = 1 + (i / 28) % 12;
        csv.push_str(&format!(
            "P{i},bretagne,inter-hospital,2027-{month:02}-{day:02},{},60%,{}\n",
            1 + i % 24,
            250 + (i % 4) * 250
        ));
    }
    let mut group = c.benchmark_group("batch");
    group.throughput(Throughput::Elements(rows as u64));
    group.bench_function("2000 distinct rows, 4 columns, to CSV", |b| {
        let options = BatchOptions {
            columns: Some(
                ["id", "ars_monthly", "ars_total", "status"]
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
            ),
            today: Some(today),
            ..BatchOptions::default()
        };
        b.iter(|| {
            let mut out = Vec::with_capacity(1 << 16);
            let mut sink = CsvSink::new(&mut out, CsvStyle::default());
            let report = batch::run(
                &rates,
                csv.as_bytes(),
                "bench",
                &options,
                &mut sink,
                &mut |_| {},
                &mut |_| {},
            )
            .map(|r| r.rows);
            let _ = sink.finish();
            report
        })
    });
    group.finish();
}

criterion_group!(group, benches);
criterion_main!(group);
