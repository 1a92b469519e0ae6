//! How long the work takes: loading the reference data (its TOML checked, as `build.rs` does
//! once; the embedded data thawed, as every run does), pricing one post (plan and price, then
//! with its schedule and its words), and a batch row. Run with `cargo bench`; the figures are
//! quoted in the README. The whole-process comparisons are `benches/batch/run.sh` (with DuckDB
//! and Python) and `benches/startup.sh` (one `compute` against `--version`).

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::float_arithmetic
)] // a bench measures, in floats, and may stop on what it does not expect

use asp_funding::batch::{self, BatchOptions};
use asp_funding::column::Column;
use asp_funding::compute::{compute, PostInput};
use asp_funding::explain::explain;
use asp_funding::output::{CsvSink, CsvStyle, Sink};
use asp_funding::plan::{plan, Variant};
use asp_funding::post::Naming;
use asp_funding::price::price;
use asp_funding::rates::{embedded, load_as_embedded, load_dir, Rates};
use chrono::NaiveDate;
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering};

/// The system allocator, counting allocations, so that the bench can say how many a post costs.
struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's contract is passed on unchanged.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract is passed on unchanged.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's contract is passed on unchanged.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Heap allocations (and reallocations) made by `f`, divided by `per`.
fn allocations_per<T>(per: u64, f: impl FnOnce() -> T) -> f64 {
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    black_box(f());
    (ALLOCATIONS.load(Ordering::Relaxed) - before) as f64 / per as f64
}

/// One post: planned and priced, laid out month by month, explained.
fn post_benches(c: &mut Criterion, rates: &Rates, input: &PostInput, today: NaiveDate) {
    c.bench_function("plan and price one post (no schedule, no words)", |b| {
        b.iter(|| {
            plan(
                black_box(rates),
                black_box(input),
                today,
                &Variant::default(),
            )
            .and_then(|p| price(&p, rates, p.start))
            .map(|m| m.ars)
        })
    });
    c.bench_function("compute one post with its schedule", |b| {
        b.iter(|| compute(black_box(rates), black_box(input), today).map(|r| r.ars_total))
    });
    c.bench_function("compute one post and explain it", |b| {
        b.iter(|| {
            compute(rates, black_box(input), today).map(|r| {
                explain(rates, &r, asp_funding::lang::Lang::En, &Naming::Keys)
                    .figures
                    .len()
            })
        })
    });
}

/// Loading the reference data: what `build.rs` does once (the strict loader over the TOML of
/// `rates/`), and what every run does (the frozen data thawed).
fn rates_benches(c: &mut Criterion) {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rates");
    let shipped = load_dir(&folder).unwrap_or_else(|e| panic!("{e}"));
    let texts: Vec<(String, String)> = shipped
        .files
        .iter()
        .map(|rel| {
            (
                rel.clone(),
                std::fs::read_to_string(folder.join(rel)).unwrap(),
            )
        })
        .collect();
    c.bench_function("load and validate rates/ (TOML)", |b| {
        b.iter(|| {
            load_as_embedded(black_box(texts.clone()))
                .map(|r| r.files.len())
                .unwrap_or(0)
        })
    });
    c.bench_function("thaw the embedded rates", |b| {
        b.iter(|| embedded().map(|r| r.files.len()).unwrap_or(0))
    });
}

/// A batch of distinct rows (every row priced: the memory never hits): 500 start days, each
/// with 4 lengths, `rows` rows, no two alike.
fn distinct_rows(rows: u64) -> String {
    let mut csv = String::from("id,region,post_type,start,months,share,pet_amount\n");
    let first = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap_or_default();
    for i in 0..rows {
        let start = first + chrono::Days::new(i / 4);
        csv.push_str(&format!(
            "P{i},bretagne,inter-hospital,{start},{},60%,{}\n",
            1 + (i % 4) * 6 + (i / 4) % 6,
            250 + (i % 4) * 250
        ));
    }
    assert_eq!(
        csv.lines()
            .skip(1)
            .map(|l| l.split_once(',').map(|(_, rest)| rest))
            .collect::<std::collections::HashSet<_>>()
            .len(),
        rows as usize,
        "the rows are distinct"
    );
    csv
}

/// The same row `rows` times (every row after the first remembered).
fn same_rows(rows: u64) -> String {
    let mut same = String::from("id,region,post_type,start,months,share,pet_amount\n");
    for i in 0..rows {
        same.push_str(&format!(
            "P{i},bretagne,inter-hospital,2027-01-01,24,60%,700\n"
        ));
    }
    same
}

/// A scenario sweep (issue 17's workload, as `benches/batch/gen_distinct.py` makes it): each
/// row its own share to the hundredth of a percent, band, working pattern, start and length.
fn sweep_rows(rows: u64) -> String {
    let mut sweep =
        String::from("id,region,post_type,start,months,share,years,half_days,distance_km\n");
    for i in 0..rows {
        sweep.push_str(&format!(
            "S{i},bretagne,inter-hospital,{}-{:02}-01,{},{}.{:02}%,{},{},{}\n",
            2026 + (i * 7) % 4,
            1 + (i * 5) % 12,
            1 + (i * 11) % 24,
            30 + (i * 37) % 70,
            (i * 53) % 100,
            ["1-2", "3-4", "5-6"][(i % 3) as usize],
            (i * 3) % 9,
            (i * 13) % 61
        ));
    }
    sweep
}

fn benches(c: &mut Criterion) {
    rates_benches(c);
    let rates = embedded().unwrap_or_else(|e| panic!("{e}"));
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default();
    let input = PostInput {
        region: "Nouvelle-Aquitaine".into(),
        ..PostInput::default()
    };
    post_benches(c, &rates, &input, today);

    let rows = 2_000;
    let csv = distinct_rows(rows);
    let options = BatchOptions {
        columns: Some(
            [
                Column::Id,
                Column::ArsMonthly,
                Column::ArsTotal,
                Column::Status,
            ]
            .iter()
            .map(|c| c.key().to_string())
            .collect(),
        ),
        // One thread: the cost of a row, not of spreading 2 000 rows over threads.
        threads: 1,
        ..BatchOptions::new(today)
    };
    let run_batch = |csv: &str| {
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
    };
    let same = same_rows(rows);
    let sweep = sweep_rows(rows);
    eprintln!(
        "allocations: {:.1} per post computed with its schedule, {:.1} with its words, \
         {:.1} per distinct batch row, {:.1} per repeated batch row, {:.1} per scenario-sweep row",
        allocations_per(1, || compute(&rates, &input, today).map(|r| r.ars_total)),
        allocations_per(1, || compute(&rates, &input, today).map(|r| explain(
            &rates,
            &r,
            asp_funding::lang::Lang::En,
            &Naming::Keys
        )
        .figures
        .len())),
        allocations_per(rows, || run_batch(&csv)),
        allocations_per(rows, || run_batch(&same)),
        allocations_per(rows, || run_batch(&sweep)),
    );

    let mut group = c.benchmark_group("batch");
    group.throughput(Throughput::Elements(rows));
    group.bench_function("2000 distinct rows, 4 columns, to CSV", |b| {
        b.iter(|| run_batch(&csv))
    });
    group.bench_function("2000 identical rows, 4 columns, to CSV", |b| {
        b.iter(|| run_batch(&same))
    });
    group.bench_function("2000 scenario-sweep rows, 4 columns, to CSV", |b| {
        b.iter(|| run_batch(&sweep))
    });
    group.finish();
}

criterion_group!(group, benches);
criterion_main!(group);
