//! How long the work takes: loading and checking the embedded reference data, and computing one post.
//! Run with `cargo bench`; the figures are quoted in the README.

use asp_funding::compute::{compute, PostInput};
use asp_funding::output::computation_json;
use asp_funding::rates::embedded;
use chrono::NaiveDate;
use criterion::{black_box, criterion_group, criterion_main, Criterion};

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
    c.bench_function("compute one post (Nouvelle-Aquitaine)", |b| {
        b.iter(|| compute(black_box(&rates), black_box(&input), today).map(|r| r.ars_total.value))
    });
    c.bench_function("compute one post and render JSON", |b| {
        b.iter(|| {
            compute(&rates, black_box(&input), today)
                .map(|r| computation_json(&r, true).to_string().len())
        })
    });
}

criterion_group!(group, benches);
criterion_main!(group);
